-- Time in one unit: lesson_progress.last_seen_at was in milliseconds, like nothing else.
-- The order of visits within one second is kept by a per-person counter instead.
UPDATE lesson_progress SET last_seen_at = last_seen_at / 1000 WHERE last_seen_at > 100000000000;
ALTER TABLE lesson_progress ADD COLUMN seen_seq BIGINT NOT NULL DEFAULT 0;
