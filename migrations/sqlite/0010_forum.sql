-- Forums: categories (public, for a role, or a cohort's own), topics and posts in Markdown with
-- their edit history, likes, bookmarks, reading state, notifications, trust levels, flags with a
-- review queue and a moderation log. Times are Unix seconds (UTC).
CREATE TABLE forum_categories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name_es TEXT NOT NULL,
    name_pt TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_es TEXT NOT NULL DEFAULT '',
    description_pt TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    position BIGINT NOT NULL DEFAULT 0,
    visibility TEXT NOT NULL DEFAULT 'public',  -- public | trainers | moderators | cohort
    cohort_id BIGINT UNIQUE REFERENCES cohorts (id) ON DELETE CASCADE, -- a cohort's own category
    course TEXT UNIQUE,                         -- the category where a course's episodes are discussed
    posting TEXT NOT NULL DEFAULT 'everyone',   -- everyone | staff (trainers and moderators)
    kind TEXT NOT NULL DEFAULT 'discussion',    -- discussion | qa (a topic may be marked solved)
    created_at BIGINT NOT NULL
);

-- A person in the forums: their @handle, trust level, what they read, limits and preferences.
CREATE TABLE forum_people (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    handle TEXT NOT NULL UNIQUE,
    trust_level BIGINT NOT NULL DEFAULT 0,
    first_post_at BIGINT,
    silenced_until BIGINT,
    suspended_until BIGINT,
    unsubscribe_token TEXT NOT NULL UNIQUE,     -- one-click unsubscribe from forum emails (RFC 8058);
                                                -- the preference itself is users.notify_replies
    days_visited BIGINT NOT NULL DEFAULT 0,
    last_visit_day BIGINT NOT NULL DEFAULT 0,
    posts_read BIGINT NOT NULL DEFAULT 0,
    topics_entered BIGINT NOT NULL DEFAULT 0,
    likes_given BIGINT NOT NULL DEFAULT 0,
    likes_received BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE TABLE forum_topics (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    category_id BIGINT NOT NULL REFERENCES forum_categories (id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    slug TEXT NOT NULL,
    course TEXT,                                -- an episode's discussion: its course and episode
    episode TEXT,
    solved_post_id BIGINT,
    reply_count BIGINT NOT NULL DEFAULT 0,
    last_number BIGINT NOT NULL DEFAULT 0,      -- the highest post number
    last_posted_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    deleted_at BIGINT,
    UNIQUE (course, episode)
);
CREATE INDEX forum_topics_latest ON forum_topics (category_id, last_posted_at);
CREATE INDEX forum_topics_recent ON forum_topics (last_posted_at);
CREATE INDEX forum_topics_user ON forum_topics (user_id);

CREATE TABLE forum_posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    topic_id BIGINT NOT NULL REFERENCES forum_topics (id) ON DELETE CASCADE,
    number BIGINT NOT NULL,                     -- 1 is the topic's first post
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body TEXT NOT NULL,                         -- Markdown as written
    html TEXT NOT NULL,                         -- rendered and sanitised once, on save
    body_hash TEXT NOT NULL,                    -- refuses the same post twice in a row
    created_at BIGINT NOT NULL,
    edited_at BIGINT,
    deleted_at BIGINT,
    hidden_at BIGINT,                           -- hidden by flags or a moderator, pending review
    like_count BIGINT NOT NULL DEFAULT 0,
    UNIQUE (topic_id, number)
);
CREATE INDEX forum_posts_user ON forum_posts (user_id, created_at);

-- Earlier versions of an edited post (its author and moderators see them).
CREATE TABLE forum_revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id BIGINT NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    editor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX forum_revisions_post ON forum_revisions (post_id);

CREATE TABLE forum_likes (
    post_id BIGINT NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (post_id, user_id)
);
CREATE INDEX forum_likes_user ON forum_likes (user_id);

CREATE TABLE forum_bookmarks (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    post_id BIGINT NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, post_id)
);

-- Reading state and notification level per person and topic.
CREATE TABLE forum_reads (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    topic_id BIGINT NOT NULL REFERENCES forum_topics (id) ON DELETE CASCADE,
    last_read BIGINT NOT NULL DEFAULT 0,        -- the highest post number seen
    level TEXT NOT NULL DEFAULT 'normal',       -- watching | tracking | normal | muted
    PRIMARY KEY (user_id, topic_id)
);
CREATE INDEX forum_reads_topic ON forum_reads (topic_id);

CREATE TABLE forum_notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                         -- reply | mention | solved | moderation
    topic_id BIGINT NOT NULL REFERENCES forum_topics (id) ON DELETE CASCADE,
    post_number BIGINT NOT NULL,
    actor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT,
    UNIQUE (user_id, kind, topic_id, post_number)
);
CREATE INDEX forum_notifications_user ON forum_notifications (user_id, read_at);

-- One flag per person and post; its score is the flagger's weight (1 + trust level, 5 for staff).
CREATE TABLE forum_flags (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id BIGINT NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,                       -- off_topic | inappropriate | spam | other
    note TEXT NOT NULL DEFAULT '',
    score BIGINT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',     -- pending | agreed | disagreed | ignored
    created_at BIGINT NOT NULL,
    UNIQUE (post_id, user_id)
);
CREATE INDEX forum_flags_user ON forum_flags (user_id);

-- The moderators' queue: one item per flagged post.
CREATE TABLE forum_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id BIGINT NOT NULL UNIQUE REFERENCES forum_posts (id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'pending',     -- pending | agreed | disagreed | ignored
    score BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    reminded_at BIGINT,
    decided_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    decided_at BIGINT
);
CREATE INDEX forum_reviews_status ON forum_reviews (status, created_at);

-- Every moderator action: who, what, when, why.
CREATE TABLE forum_mod_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    moderator_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    action TEXT NOT NULL,                       -- keep | hide | delete | edit | silence | suspend | restore
    post_id BIGINT,
    target_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX forum_mod_log_time ON forum_mod_log (created_at);

-- Emails a person may stop receiving carry a one-click unsubscribe address (RFC 8058).
ALTER TABLE outbox ADD COLUMN list_unsubscribe TEXT;
