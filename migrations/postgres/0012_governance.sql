-- Governance: proposals with a discussion and polls. Who may vote is a rule, frozen into the
-- poll's electorate when it opens. Secret ballots: the roll of who voted (gov_voters) is kept
-- apart from the ballots (gov_ballots), which name no person, carry no time finer than the day,
-- have a random id and no link to the roll. Every poll has an append-only hash-chained log.
-- Times are Unix seconds (UTC).
CREATE TABLE gov_proposals (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    topic_id BIGINT REFERENCES forum_topics (id) ON DELETE SET NULL,  -- its discussion
    outcome TEXT NOT NULL DEFAULT '',                                 -- the outcome statement (Markdown)
    status TEXT NOT NULL DEFAULT '' CHECK (status IN ('', 'planned', 'in_progress', 'done', 'dropped')),
    status_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX gov_proposals_created ON gov_proposals (created_at);

-- People following a proposal's outcome (emailed when its status changes).
CREATE TABLE gov_follows (
    proposal_id BIGINT NOT NULL REFERENCES gov_proposals (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (proposal_id, user_id)
);
CREATE INDEX gov_follows_user ON gov_follows (user_id);

CREATE TABLE gov_polls (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    proposal_id BIGINT NOT NULL REFERENCES gov_proposals (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('proposal', 'single', 'approval', 'ranked', 'stv')),
    options TEXT NOT NULL,                     -- JSON array of the options' labels
    seats BIGINT NOT NULL DEFAULT 1 CHECK (seats >= 1),
    pass_rule TEXT NOT NULL DEFAULT 'majority' CHECK (pass_rule IN ('majority', 'two_thirds')),
    quorum_pct BIGINT NOT NULL DEFAULT 0 CHECK (quorum_pct >= 0 AND quorum_pct <= 100),
    anonymous BIGINT NOT NULL DEFAULT 1 CHECK (anonymous IN (0, 1)),
    hide_results BIGINT NOT NULL DEFAULT 1 CHECK (hide_results IN (0, 1)),   -- until close; never unset
    electorate_rule TEXT NOT NULL,             -- JSON: the rule (see governance::types::Rule)
    opens_at BIGINT NOT NULL,
    closes_at BIGINT NOT NULL,
    state TEXT NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'open', 'closed')),
    electorate_count BIGINT NOT NULL DEFAULT 0,
    electorate_hash TEXT NOT NULL DEFAULT '',
    ballot_count BIGINT NOT NULL DEFAULT 0,
    ballots_hash TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT '',           -- JSON: the count (governance::tally::Outcome)
    result_hash TEXT NOT NULL DEFAULT '',
    reminded_at BIGINT,                        -- the 24 h reminder went out
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    CHECK (closes_at > opens_at)
);
CREATE INDEX gov_polls_proposal ON gov_polls (proposal_id);
CREATE INDEX gov_polls_state ON gov_polls (state, closes_at);

-- The electorate, frozen when the poll opens.
CREATE TABLE gov_electorate (
    poll_id BIGINT NOT NULL REFERENCES gov_polls (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (poll_id, user_id)
);
CREATE INDEX gov_electorate_user ON gov_electorate (user_id);

-- The roll: who voted (not how). An open (not anonymous) poll keeps the vote here too, so it can
-- be changed until close; a secret poll never does.
CREATE TABLE gov_voters (
    poll_id BIGINT NOT NULL REFERENCES gov_polls (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    choices TEXT,                              -- open polls only: the vote (JSON array)
    receipt_hash TEXT,                         -- open polls only
    PRIMARY KEY (poll_id, user_id)
);

-- Ballots: no person, no precise time, a random id, no link to the roll. SQLite keeps them in
-- the order of their random id, not of their casting (PostgreSQL: see the UI note on timing).
CREATE TABLE gov_ballots (
    id TEXT NOT NULL PRIMARY KEY,              -- 128 random bits
    poll_id BIGINT NOT NULL REFERENCES gov_polls (id) ON DELETE CASCADE,
    choices TEXT NOT NULL,                     -- JSON array of option indices
    receipt_hash TEXT NOT NULL UNIQUE,         -- SHA-256 of the voter's receipt code and the ballot
    cast_on TEXT NOT NULL                      -- YYYY-MM-DD
);
CREATE INDEX gov_ballots_poll ON gov_ballots (poll_id);

-- The audit trail: per poll, append-only, each entry hashing the one before.
CREATE TABLE gov_log (
    poll_id BIGINT NOT NULL REFERENCES gov_polls (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    event TEXT NOT NULL,
    detail TEXT NOT NULL,                      -- canonical JSON
    actor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (poll_id, seq)
);

-- Community members: a role an admin grants (electorates may be "the members").
ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_check;
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check CHECK (role IN ('trainer', 'moderator', 'admin', 'member'));
