-- Full-text index of forum posts. Puente writes the words already folded (no accents, lower
-- case), without stop words and stemmed in the post's language (Snowball), the same on both
-- engines, so "clústeres" finds "cluster" and results agree between SQLite and PostgreSQL:
-- the 'simple' configuration only splits what Puente has already stemmed.
-- The first post of a topic also carries the topic's title.
CREATE TABLE forum_post_search (
    post_id BIGINT PRIMARY KEY REFERENCES forum_posts (id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    doc TSVECTOR NOT NULL
);
CREATE INDEX forum_post_search_doc ON forum_post_search USING GIN (doc);

-- Digest: how often (never, daily, weekly), when the last one went out, when the person was
-- last seen (digests stop for people away more than 180 days).
ALTER TABLE users ADD COLUMN digest TEXT NOT NULL DEFAULT 'weekly' CHECK (digest IN ('never', 'daily', 'weekly'));
ALTER TABLE users ADD COLUMN digest_sent_at BIGINT;
ALTER TABLE users ADD COLUMN last_seen_at BIGINT;
