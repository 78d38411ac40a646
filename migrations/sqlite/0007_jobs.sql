-- Durable jobs: work that runs at a given time (reminders, deadlines, poll closing, digests,
-- emails that need a lookup), survives restarts, runs once across replicas (a lease) and at most
-- once per idempotency key, and is retried with backoff until it succeeds or is dead.
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,                        -- which handler runs it
    idempotency_key TEXT NOT NULL UNIQUE,      -- e.g. poll-close:42; enqueuing it again is a no-op
    payload TEXT NOT NULL DEFAULT '{}',        -- JSON for the handler
    run_at BIGINT NOT NULL,                    -- due from then on
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 10,
    locked_until BIGINT NOT NULL DEFAULT 0,    -- a worker's lease
    locked_by TEXT,
    last_error TEXT,
    done_at BIGINT,
    dead_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE done_at IS NULL AND dead_at IS NULL;
CREATE INDEX jobs_state ON jobs (done_at, dead_at);

-- Links in emails are made when the email is sent, from a reference kept here, so the outbox
-- never holds a live link; bodies of sent emails are purged after a retention period.
ALTER TABLE outbox ADD COLUMN link_purpose TEXT;          -- verify | reset | email-change | invite
ALTER TABLE outbox ADD COLUMN link_path TEXT;             -- e.g. /pt/verify/ ; the token is appended
ALTER TABLE outbox ADD COLUMN link_new_email TEXT;        -- for email-change links
ALTER TABLE outbox ADD COLUMN purged_at BIGINT;
