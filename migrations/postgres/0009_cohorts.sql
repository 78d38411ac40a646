-- Cohorts: editions of a course run by trainers, with a schedule, a roster, attendance,
-- feedback surveys, certificates and the Train-the-Trainer checkout. Times are Unix seconds (UTC).
CREATE TABLE cohorts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    course TEXT NOT NULL,                       -- a course slug from content/
    locale TEXT NOT NULL,                       -- es | pt | en: the language it is taught in
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',       -- Markdown
    institution TEXT NOT NULL DEFAULT '',
    capacity BIGINT NOT NULL,
    visibility TEXT NOT NULL DEFAULT 'listed',  -- listed | unlisted
    enrolment TEXT NOT NULL DEFAULT 'open',     -- open | code | application
    code TEXT NOT NULL,                         -- the current enrolment code (rotatable)
    state TEXT NOT NULL DEFAULT 'draft',        -- draft | published | running | finished | archived
    time_zone TEXT NOT NULL,                    -- IANA; the default for its sessions and viewers
    core_hour_budget BIGINT,                    -- notebook core-hours for its members; NULL: none
    cert_attendance BIGINT NOT NULL DEFAULT 75, -- certificate rule: attendance % at least
    cert_survey BIGINT NOT NULL DEFAULT 1,      -- … and the post-survey answered
    cert_episodes BIGINT NOT NULL DEFAULT 0,    -- … and every episode done
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX cohorts_listing ON cohorts (state, visibility);

-- Everyone in a cohort, in any role; one row per person and cohort (double enrolment is impossible).
CREATE TABLE cohort_members (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cohort_id BIGINT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,                         -- lead | trainer | helper | learner
    state TEXT NOT NULL,                        -- enrolled | applied | waitlisted | declined | withdrawn
    motivation TEXT NOT NULL DEFAULT '',        -- an application's few words
    queued_at BIGINT NOT NULL,                  -- the waitlist's order (first come, first served)
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (cohort_id, user_id)
);
CREATE INDEX cohort_members_user ON cohort_members (user_id);
CREATE INDEX cohort_members_queue ON cohort_members (cohort_id, state, queued_at);

CREATE TABLE cohort_sessions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cohort_id BIGINT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    title TEXT NOT NULL DEFAULT '',
    starts_at BIGINT NOT NULL,
    minutes BIGINT NOT NULL,
    time_zone TEXT NOT NULL,                    -- IANA, as the trainer entered it
    place TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',              -- a meeting link
    episodes TEXT NOT NULL DEFAULT '',          -- episode slugs it covers, space-separated
    sequence BIGINT NOT NULL DEFAULT 0,         -- iCalendar SEQUENCE, bumped on every change
    cancelled_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX cohort_sessions_cohort ON cohort_sessions (cohort_id, starts_at);

-- One row per session and person (double attendance rows are impossible).
CREATE TABLE attendance (
    session_id BIGINT NOT NULL REFERENCES cohort_sessions (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status TEXT NOT NULL,                       -- present | late | excused | absent
    recorded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX attendance_user ON attendance (user_id);

-- Notebook profiles a cohort grants its members beyond those their role allows.
CREATE TABLE cohort_profiles (
    cohort_id BIGINT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    profile TEXT NOT NULL,
    PRIMARY KEY (cohort_id, profile)
);

-- A person's private calendar feed: only the token's hash; a new token revokes the old one.
CREATE TABLE calendar_feeds (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

-- Launches from a cohort's episodes are accounted to it.
ALTER TABLE notebook_servers ADD COLUMN cohort_id BIGINT REFERENCES cohorts (id) ON DELETE SET NULL;
CREATE INDEX notebook_servers_cohort ON notebook_servers (cohort_id);

-- Trainers' own survey questions (the built-in template is in the code, translated).
CREATE TABLE survey_questions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cohort_id BIGINT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    survey TEXT NOT NULL,                       -- pre | post
    kind TEXT NOT NULL,                         -- likert | text
    prompt TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX survey_questions_cohort ON survey_questions (cohort_id, survey);

-- Answers carry no person: who answered is kept apart (survey_takers), without a link.
CREATE TABLE survey_responses (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cohort_id BIGINT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    survey TEXT NOT NULL,
    submitted_on TEXT NOT NULL                  -- the day only (YYYY-MM-DD)
);
CREATE INDEX survey_responses_cohort ON survey_responses (cohort_id, survey);
CREATE TABLE survey_answers (
    response_id BIGINT NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
    question TEXT NOT NULL,                     -- nps | likert-1..3 | comment | q<id>
    number BIGINT,
    text TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (response_id, question)
);
CREATE TABLE survey_takers (
    cohort_id BIGINT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    survey TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (cohort_id, survey, user_id)
);
CREATE INDEX survey_takers_user ON survey_takers (user_id);

-- Certificates: what they say is copied in when issued (they stay true if the cohort changes).
CREATE TABLE certificates (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,                  -- 26 base32 characters (128 random bits)
    kind TEXT NOT NULL,                         -- completion | trainer
    scope TEXT NOT NULL,                        -- cohort:<id> | trainer: one per person and scope
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    cohort_id BIGINT REFERENCES cohorts (id) ON DELETE SET NULL,
    holder_name TEXT NOT NULL,
    course TEXT NOT NULL,
    title TEXT NOT NULL,                        -- the cohort's title, or the trainer certification
    starts_on TEXT NOT NULL,                    -- YYYY-MM-DD
    ends_on TEXT NOT NULL,
    hours BIGINT NOT NULL,
    issuer TEXT NOT NULL,                       -- the lead trainer's name, or the platform's
    locale TEXT NOT NULL,                       -- the holder's language
    issued_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    issued_at BIGINT NOT NULL,
    revoked_at BIGINT,
    revoked_reason TEXT NOT NULL DEFAULT '',
    revoked_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    UNIQUE (user_id, scope)
);

-- The Ed25519 keys certificates are signed with (the seed sealed with the server's key).
CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,                   -- base64url, 32 bytes
    sealed_seed TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Train-the-Trainer checkout: one per trainee; each step n (not evaluated) | p (passed) |
-- a (asked to repeat) | f (failed).
CREATE TABLE checkouts (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    cohort_id BIGINT REFERENCES cohorts (id) ON DELETE SET NULL,
    training_end BIGINT NOT NULL,
    deadline BIGINT NOT NULL,
    training TEXT NOT NULL DEFAULT 'n',
    welcome TEXT NOT NULL DEFAULT 'n',
    demo TEXT NOT NULL DEFAULT 'n',
    involvement TEXT NOT NULL DEFAULT 'n',
    welcome_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    completed_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE demo_slots (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    starts_at BIGINT NOT NULL,
    minutes BIGINT NOT NULL,
    link TEXT NOT NULL DEFAULT '',
    host_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    capacity BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX demo_slots_time ON demo_slots (starts_at);
CREATE TABLE demos (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slot_id BIGINT NOT NULL REFERENCES demo_slots (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    result TEXT NOT NULL DEFAULT 'n',           -- n | p | a | f
    rubric TEXT NOT NULL DEFAULT '',            -- the criteria marked for growth, space-separated
    notes TEXT NOT NULL DEFAULT '',
    evaluator_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    evaluated_at BIGINT,
    created_at BIGINT NOT NULL,
    UNIQUE (slot_id, user_id)
);
CREATE INDEX demos_user ON demos (user_id);
CREATE TABLE involvements (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                         -- cohort | other
    cohort_id BIGINT REFERENCES cohorts (id) ON DELETE SET NULL,
    url TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT 'n',
    evaluator_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    evaluated_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX involvements_user ON involvements (user_id);

-- The zone a person reads times in (IANA); empty: each cohort's own.
ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
