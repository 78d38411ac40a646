-- Notebook servers (one row per start, kept after stop for accounting) and the credentials of
-- the notebook origin. Times are Unix seconds.
CREATE TABLE notebook_servers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id),
    server_key TEXT NOT NULL,                -- u<id>-<profile>; the proxy path and the pod name
    profile TEXT NOT NULL,
    backend TEXT NOT NULL,                   -- local | kubernetes
    state TEXT NOT NULL CHECK (state IN ('queued', 'creating', 'pulling', 'starting', 'ready',
                                         'stopping', 'stopped', 'failed')),
    detail TEXT NOT NULL DEFAULT '',         -- the back-end's words for the current stage
    error_code TEXT,                         -- Fluent id when failed
    endpoint TEXT,                           -- where the proxy forwards to
    handle TEXT,                             -- process id or pod UID
    token TEXT NOT NULL,                     -- the server's own token; only the proxy sends it
    course TEXT NOT NULL DEFAULT '',         -- the last launched episode
    episode TEXT NOT NULL DEFAULT '',
    open_path TEXT NOT NULL DEFAULT '',      -- the notebook to open, inside the workspace
    cpu_millis BIGINT NOT NULL,              -- requested, for core-hours
    memory_bytes BIGINT NOT NULL,
    institution TEXT NOT NULL DEFAULT '',    -- the user's institution when it started
    created_at BIGINT NOT NULL,
    ready_at BIGINT,
    stopped_at BIGINT,
    last_activity_at BIGINT,
    stop_reason TEXT                         -- user | idle | lifetime | admin | failed | lost | logout
);
-- One live server per key: a second launch reuses it.
CREATE UNIQUE INDEX notebook_servers_live ON notebook_servers (server_key)
    WHERE state NOT IN ('stopped', 'failed');
CREATE INDEX notebook_servers_user ON notebook_servers (user_id, state);
CREATE INDEX notebook_servers_state ON notebook_servers (state);
CREATE INDEX notebook_servers_created ON notebook_servers (created_at);

CREATE TABLE notebook_grants (
    token_hash TEXT PRIMARY KEY,             -- SHA-256 of the credential; the value is never stored
    kind TEXT NOT NULL CHECK (kind IN ('ticket', 'cookie')),
    server_id BIGINT NOT NULL REFERENCES notebook_servers (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_hash TEXT NOT NULL,              -- the Puente session it came from; ends with it
    expires_at BIGINT NOT NULL
);
CREATE INDEX notebook_grants_session ON notebook_grants (session_hash);
CREATE INDEX notebook_grants_server ON notebook_grants (server_id);
