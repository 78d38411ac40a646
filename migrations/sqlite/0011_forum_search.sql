-- Full-text index of forum posts. Puente writes the words already folded (no accents, lower
-- case), without stop words and stemmed in the post's language (Snowball), the same on both
-- engines, so "clústeres" finds "cluster" and results agree between SQLite and PostgreSQL.
-- rowid = forum_posts.id; the first post of a topic also carries the topic's title.
CREATE VIRTUAL TABLE forum_post_search USING fts5(
    lang UNINDEXED,
    words,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Digest: how often (never, daily, weekly), when the last one went out, when the person was
-- last seen (digests stop for people away more than 180 days).
ALTER TABLE users ADD COLUMN digest TEXT NOT NULL DEFAULT 'weekly' CHECK (digest IN ('never', 'daily', 'weekly'));
ALTER TABLE users ADD COLUMN digest_sent_at BIGINT;
ALTER TABLE users ADD COLUMN last_seen_at BIGINT;
