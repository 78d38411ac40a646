-- Second factors proven per session, attempts per pending sign-in, and TOTP replay protection.
ALTER TABLE sessions ADD COLUMN mfa_completed BIGINT NOT NULL DEFAULT 0 CHECK (mfa_completed IN (0, 1));
ALTER TABLE sessions ADD COLUMN mfa_failures BIGINT NOT NULL DEFAULT 0;
-- The last TOTP time step accepted for this account; a code of that step or an earlier one is refused.
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
