-- A learner's progress per episode: when they last opened it and when they marked it done.
CREATE TABLE lesson_progress (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course TEXT NOT NULL,
    episode TEXT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    done_at BIGINT,
    PRIMARY KEY (user_id, course, episode)
);
CREATE INDEX lesson_progress_recent ON lesson_progress (user_id, last_seen_at);
