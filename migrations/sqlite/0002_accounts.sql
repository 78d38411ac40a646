-- Accounts, roles, sessions, one-time email tokens, the mail outbox, TOTP recovery codes.
-- Times are Unix seconds (BIGINT); flags are 0/1 integers, so one SQL text serves both engines.
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT UNIQUE,                       -- normalised; NULL once the account is deleted
    display_name TEXT NOT NULL,
    password_hash TEXT,                      -- NULL: no password set yet (admin invite) or deleted
    locale TEXT NOT NULL CHECK (locale IN ('es', 'pt', 'en')),
    country TEXT NOT NULL DEFAULT '',
    institution TEXT NOT NULL DEFAULT '',
    conduct_version INTEGER NOT NULL DEFAULT 0,
    notify_replies INTEGER NOT NULL DEFAULT 1 CHECK (notify_replies IN (0, 1)),
    notify_cohorts INTEGER NOT NULL DEFAULT 1 CHECK (notify_cohorts IN (0, 1)),
    notify_governance INTEGER NOT NULL DEFAULT 1 CHECK (notify_governance IN (0, 1)),
    email_verified_at BIGINT,
    disabled_at BIGINT,
    deleted_at BIGINT,
    totp_secret TEXT,
    totp_enabled_at BIGINT,
    privilege_epoch INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX users_institution ON users (institution);
CREATE INDEX users_created ON users (created_at);

CREATE TABLE user_roles (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('trainer', 'moderator', 'admin')),
    granted_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    granted_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, role)
);
CREATE INDEX user_roles_role ON user_roles (role);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,             -- SHA-256 of the cookie value; the value is never stored
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    idle_expires_at BIGINT NOT NULL,
    absolute_expires_at BIGINT NOT NULL,
    remember INTEGER NOT NULL CHECK (remember IN (0, 1)),
    mfa_pending INTEGER NOT NULL DEFAULT 0 CHECK (mfa_pending IN (0, 1)),
    privilege_epoch INTEGER NOT NULL,
    user_agent TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE email_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('verify', 'reset', 'email-change')),
    new_email TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX email_tokens_user ON email_tokens (user_id, purpose);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL, -- whose email this is, if anyone's
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until BIGINT NOT NULL DEFAULT 0,
    sent_at BIGINT,
    dead_at BIGINT,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox (sent_at, dead_at, next_attempt_at);
CREATE INDEX outbox_user ON outbox (user_id);

CREATE TABLE recovery_codes (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at BIGINT,
    PRIMARY KEY (user_id, code_hash)
);
