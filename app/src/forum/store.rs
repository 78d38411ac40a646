//! The forums' tables: categories (with the ones every course and cohort gets), people's forum
//! profile, topics with their posts, reading state. Lists are one statement each, with the
//! reader's unread counts and likes joined in, so a page's query count does not grow with it.

use super::policy::Reader;
use super::types::{Category, Kind, Level, Posting, Visibility};
use crate::auth::{Actor, Role};
use crate::errors::AppError;
use crate::kernel::clock::now;
use crate::kernel::db::Tx;
use anyhow::Context;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

const CATEGORY_COLUMNS: &str =
    "f.id, f.slug, f.name_es, f.name_pt, f.name_en, f.description_es, f.description_pt, \
    f.description_en, f.position, f.visibility, f.cohort_id, f.course, f.posting, f.kind, c.title, c.state";

fn category(r: &AnyRow) -> Category {
    let cohort_title: Option<String> = r.get(14);
    let cohort_state: Option<String> = r.get(15);
    let mut names: [String; 3] = [r.get(2), r.get(3), r.get(4)];
    if let Some(t) = cohort_title {
        // A cohort's category carries the cohort's title, kept up to date with it.
        names = [t.clone(), t.clone(), t];
    }
    Category {
        id: r.get(0),
        slug: r.get(1),
        names,
        descriptions: [r.get(5), r.get(6), r.get(7)],
        position: r.get(8),
        visibility: Visibility::parse(&r.get::<String, _>(9)).unwrap_or(Visibility::Moderators),
        cohort_id: r.get(10),
        course: r.get(11),
        posting: Posting::parse(&r.get::<String, _>(12)).unwrap_or(Posting::Staff),
        kind: Kind::parse(&r.get::<String, _>(13)).unwrap_or(Kind::Discussion),
        archived: matches!(cohort_state.as_deref(), Some("finished" | "archived")),
    }
}

/// Every category, in order (cohorts' after the others, newest cohort first).
pub async fn categories(pool: &AnyPool) -> Result<Vec<Category>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {CATEGORY_COLUMNS} FROM forum_categories f LEFT JOIN cohorts c ON c.id = f.cohort_id \
         ORDER BY CASE WHEN f.cohort_id IS NULL THEN 0 ELSE 1 END, f.position, f.id DESC"
    ))
    .fetch_all(pool)
    .await
    .context("Failed to list forum categories")?;
    Ok(rows.iter().map(category).collect())
}

pub async fn category_by_slug(pool: &AnyPool, slug: &str) -> Result<Option<Category>, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {CATEGORY_COLUMNS} FROM forum_categories f LEFT JOIN cohorts c ON c.id = f.cohort_id WHERE f.slug = $1"
    ))
    .bind(slug)
    .fetch_optional(pool)
    .await
    .context("Failed to read a forum category")?;
    Ok(row.as_ref().map(category))
}

pub async fn category_by_id(pool: &AnyPool, id: i64) -> Result<Option<Category>, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {CATEGORY_COLUMNS} FROM forum_categories f LEFT JOIN cohorts c ON c.id = f.cohort_id WHERE f.id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await
    .context("Failed to read a forum category")?;
    Ok(row.as_ref().map(category))
}

/// Every cohort gets its own category, readable by its people only (one statement; a second
/// replica doing the same at once changes nothing).
pub async fn sync_cohort_categories(pool: &AnyPool) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO forum_categories (slug, name_es, name_pt, name_en, visibility, cohort_id, kind, created_at) \
         SELECT 'cohort-' || CAST(c.id AS TEXT), c.title, c.title, c.title, 'cohort', c.id, 'qa', $1 FROM cohorts c \
         WHERE NOT EXISTS (SELECT 1 FROM forum_categories f WHERE f.cohort_id = c.id) \
         ON CONFLICT DO NOTHING",
    )
    .bind(now())
    .execute(pool)
    .await
    .context("Failed to create cohorts' categories")?;
    Ok(())
}

/// The category where a course's episodes are discussed, made on first use.
pub async fn course_category(pool: &AnyPool, course: &str, titles: [&str; 3]) -> Result<Category, AppError> {
    sqlx::query(
        "INSERT INTO forum_categories (slug, name_es, name_pt, name_en, visibility, course, kind, position, created_at) \
         VALUES ($1, $2, $3, $4, 'public', $1, 'qa', 10, $5) ON CONFLICT DO NOTHING",
    )
    .bind(course)
    .bind(titles[0])
    .bind(titles[1])
    .bind(titles[2])
    .bind(now())
    .execute(pool)
    .await
    .context("Failed to create a course's category")?;
    let row = sqlx::query(&format!(
        "SELECT {CATEGORY_COLUMNS} FROM forum_categories f LEFT JOIN cohorts c ON c.id = f.cohort_id WHERE f.course = $1"
    ))
    .bind(course)
    .fetch_optional(pool)
    .await
    .context("Failed to read a course's category")?;
    // A category with the course's slug made by hand holds its address; then use that one.
    match row {
        Some(r) => Ok(category(&r)),
        None => category_by_slug(pool, course).await?.ok_or(AppError::NotFound),
    }
}

/// A public discussion category another domain keeps (e.g. governance's), made on first use with
/// its names in the three languages; an admin may rename or move it later.
pub async fn system_category(pool: &AnyPool, slug: &str, names: [&str; 3]) -> Result<Category, AppError> {
    sqlx::query(
        "INSERT INTO forum_categories (slug, name_es, name_pt, name_en, visibility, kind, position, created_at) \
         VALUES ($1, $2, $3, $4, 'public', 'discussion', 20, $5) ON CONFLICT DO NOTHING",
    )
    .bind(slug)
    .bind(names[0])
    .bind(names[1])
    .bind(names[2])
    .bind(now())
    .execute(pool)
    .await
    .context("Failed to create a category")?;
    category_by_slug(pool, slug).await?.ok_or(AppError::NotFound)
}

/// A category as an admin writes it.
#[derive(Debug, Clone)]
pub struct CategoryInput {
    pub slug: String,
    pub names: [String; 3],
    pub descriptions: [String; 3],
    pub position: i64,
    pub visibility: Visibility,
    pub posting: Posting,
    pub kind: Kind,
}

pub async fn save_category(pool: &AnyPool, id: Option<i64>, c: &CategoryInput) -> Result<i64, AppError> {
    let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM forum_categories WHERE slug = $1")
        .bind(&c.slug)
        .fetch_optional(pool)
        .await
        .context("Failed to check a category's address")?;
    if taken.is_some_and(|(t,)| Some(t) != id) {
        return Err(AppError::Validation { field: "slug".into(), code: "forum-category-slug-taken".into() });
    }
    let q = match id {
        None => "INSERT INTO forum_categories (slug, name_es, name_pt, name_en, description_es, description_pt, \
                 description_en, position, visibility, posting, kind, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        Some(_) => "UPDATE forum_categories SET slug = $1, name_es = $2, name_pt = $3, name_en = $4, \
                    description_es = $5, description_pt = $6, description_en = $7, position = $8, visibility = $9, \
                    posting = $10, kind = $11 WHERE id = $12 AND cohort_id IS NULL RETURNING id",
    };
    let row: Option<(i64,)> = sqlx::query_as(q)
        .bind(&c.slug)
        .bind(&c.names[0])
        .bind(&c.names[1])
        .bind(&c.names[2])
        .bind(&c.descriptions[0])
        .bind(&c.descriptions[1])
        .bind(&c.descriptions[2])
        .bind(c.position)
        .bind(c.visibility.code())
        .bind(c.posting.code())
        .bind(c.kind.code())
        .bind(id.unwrap_or_else(now))
        .fetch_optional(pool)
        .await
        .context("Failed to save a category")?;
    row.map(|(id,)| id).ok_or(AppError::NotFound)
}

// ---------- people ----------

/// Who is reading: their cohorts, trust level and any silence or suspension.
pub async fn reader(pool: &AnyPool, actor: Option<Actor>) -> Result<Reader, AppError> {
    let Some(a) = actor else { return Ok(Reader::default()) };
    let cohorts: Vec<(i64,)> =
        sqlx::query_as("SELECT cohort_id FROM cohort_members WHERE user_id = $1 AND state = 'enrolled'")
            .bind(a.user_id)
            .fetch_all(pool)
            .await
            .context("Failed to read a reader's cohorts")?;
    let person: Option<(i64, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT trust_level, silenced_until, suspended_until FROM forum_people WHERE user_id = $1",
    )
    .bind(a.user_id)
    .fetch_optional(pool)
    .await
    .context("Failed to read a reader's forum profile")?;
    let cohorts: Vec<i64> = cohorts.into_iter().map(|(c,)| c).collect();
    let (stored, silenced_until, suspended_until) =
        person.map(|(l, s, u)| (Some(l), s, u)).unwrap_or((None, None, None));
    // Training records count at once: a learner who joins a cohort is trusted from then on.
    let start = match stored {
        Some(l) if l >= super::types::MEMBER => l,
        _ => starting_level(pool, &a, !cohorts.is_empty()).await?,
    };
    let reader = Reader {
        actor: Some(a),
        cohorts,
        trust_level: stored.unwrap_or(0).max(start),
        silenced_until,
        suspended_until,
    };
    if stored.is_none() {
        // Everyone who opens the forum gets a profile (and so an @handle others can mention).
        let mut tx = crate::kernel::db::begin(pool).await?;
        ensure_person(&mut tx, &reader).await?;
        tx.commit().await.context("Failed to commit a forum profile")?;
    }
    Ok(reader)
}

/// Below this many people a young site trusts everyone a little (Discourse's bootstrap mode).
pub const BOOTSTRAP_PEOPLE: i64 = 50;

/// Where a person starts: trainers at 2, learners in a cohort at 1 (training records are a better
/// signal than reading time), everyone at 1 while the site is young, else 0.
async fn starting_level(pool: &AnyPool, a: &Actor, in_a_cohort: bool) -> Result<i64, AppError> {
    if a.has(Role::Trainer) || a.has(Role::Moderator) || a.has(Role::Admin) {
        return Ok(super::types::MEMBER);
    }
    if in_a_cohort {
        return Ok(super::types::BASIC);
    }
    // Counting stops at the threshold: cheap however large the site grows.
    let (people,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM (SELECT 1 FROM users WHERE deleted_at IS NULL LIMIT 50) AS early",
    )
    .fetch_one(pool)
    .await
    .context("Failed to count people")?;
    Ok(if people < BOOTSTRAP_PEOPLE { super::types::BASIC } else { super::types::NEW })
}

/// The person's forum profile, made on their first action with a unique @handle.
pub async fn ensure_person(tx: &mut Tx<'_>, reader: &Reader) -> Result<(), AppError> {
    let Some(a) = reader.actor.as_ref() else { return Err(AppError::Unauthenticated) };
    ensure_profile(tx, a.user_id, &a.display_name, reader.trust_level).await.map(|_| ())
}

/// A person's forum profile, made if missing (with a unique @handle from their name); returns
/// its unsubscribe token.
pub async fn ensure_profile(
    tx: &mut Tx<'_>,
    user_id: i64,
    display_name: &str,
    trust_level: i64,
) -> Result<String, AppError> {
    let exists: Option<(String,)> =
        sqlx::query_as("SELECT unsubscribe_token FROM forum_people WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(&mut **tx)
            .await
            .context("Failed to read a forum profile")?;
    if let Some((token,)) = exists {
        return Ok(token);
    }
    let base = super::types::handle_from(display_name);
    let token = crate::kernel::tokens::new_token();
    for n in 0..1000 {
        let handle = if n == 0 { base.clone() } else { format!("{base}{}", n + 1) };
        let done = sqlx::query(
            "INSERT INTO forum_people (user_id, handle, trust_level, unsubscribe_token, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(user_id)
        .bind(&handle)
        .bind(trust_level)
        .bind(&token)
        .bind(now())
        .execute(&mut **tx)
        .await
        .context("Failed to make a forum profile")?;
        if done.rows_affected() == 1 {
            return Ok(token);
        }
    }
    Err(AppError::Internal)
}

/// A person's @handle (made when they first act in the forums).
pub async fn handle_of(pool: &AnyPool, user_id: i64) -> Result<Option<String>, AppError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT handle FROM forum_people WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await
        .context("Failed to read a handle")?;
    Ok(row.map(|(h,)| h))
}

// ---------- topics and posts ----------

/// A topic in a list, with the reader's unread count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub category_id: i64,
    pub author: Option<String>,
    pub replies: i64,
    pub last_posted_at: i64,
    pub solved: bool,
    /// None: never opened; Some(n): n posts not read yet.
    pub unread: Option<i64>,
    pub level: Level,
}

/// The latest topics in the given categories (already filtered to what the reader may read).
pub async fn latest(
    pool: &AnyPool,
    reader: Option<i64>,
    categories: &[i64],
    limit: i64,
    before: Option<i64>,
) -> Result<Vec<TopicRow>, AppError> {
    if categories.is_empty() {
        return Ok(Vec::new());
    }
    let ids = categories.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    // `ids` are integers from our own rows; the rest is bound.
    let sql = format!(
        "SELECT t.id, t.slug, t.title, t.category_id, u.display_name, t.reply_count, t.last_posted_at, \
         t.solved_post_id, r.last_read, t.last_number, r.level FROM forum_topics t \
         LEFT JOIN users u ON u.id = t.user_id \
         LEFT JOIN forum_reads r ON r.topic_id = t.id AND r.user_id = $1 \
         WHERE t.category_id IN ({ids}) AND t.deleted_at IS NULL AND t.last_posted_at < $2 \
         ORDER BY t.last_posted_at DESC LIMIT $3"
    );
    let rows = sqlx::query(&sql)
        .bind(reader.unwrap_or(0))
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(pool)
        .await
        .context("Failed to list topics")?;
    Ok(rows
        .iter()
        .map(|r| {
            let last_read: Option<i64> = r.get(8);
            let last_number: i64 = r.get(9);
            TopicRow {
                id: r.get(0),
                slug: r.get(1),
                title: r.get(2),
                category_id: r.get(3),
                author: r.get(4),
                replies: r.get(5),
                last_posted_at: r.get(6),
                solved: r.get::<Option<i64>, _>(7).is_some(),
                // Anonymous readers have no reading state: nothing is "new" for them.
                unread: if reader.is_some() { last_read.map(|n| (last_number - n).max(0)) } else { Some(0) },
                level: r.get::<Option<String>, _>(10).and_then(|l| Level::parse(&l)).unwrap_or(Level::Normal),
            }
        })
        .collect())
}

/// A topic's own row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub id: i64,
    pub category_id: i64,
    pub user_id: Option<i64>,
    pub title: String,
    pub slug: String,
    pub course: Option<String>,
    pub episode: Option<String>,
    pub solved_post_id: Option<i64>,
    pub reply_count: i64,
    pub last_number: i64,
    pub created_at: i64,
    pub deleted: bool,
}

const TOPIC_COLUMNS: &str =
    "id, category_id, user_id, title, slug, course, episode, solved_post_id, reply_count, \
    last_number, created_at, deleted_at";

fn topic(r: &AnyRow) -> Topic {
    Topic {
        id: r.get(0),
        category_id: r.get(1),
        user_id: r.get(2),
        title: r.get(3),
        slug: r.get(4),
        course: r.get(5),
        episode: r.get(6),
        solved_post_id: r.get(7),
        reply_count: r.get(8),
        last_number: r.get(9),
        created_at: r.get(10),
        deleted: r.get::<Option<i64>, _>(11).is_some(),
    }
}

pub async fn topic_by_id<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    db: E,
    id: i64,
) -> Result<Option<Topic>, AppError> {
    let row = sqlx::query(&format!("SELECT {TOPIC_COLUMNS} FROM forum_topics WHERE id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await
        .context("Failed to read a topic")?;
    Ok(row.as_ref().map(topic))
}

pub async fn topic_of_episode(
    pool: &AnyPool,
    course: &str,
    episode: &str,
) -> Result<Option<Topic>, AppError> {
    let row =
        sqlx::query(&format!("SELECT {TOPIC_COLUMNS} FROM forum_topics WHERE course = $1 AND episode = $2"))
            .bind(course)
            .bind(episode)
            .fetch_optional(pool)
            .await
            .context("Failed to read an episode's topic")?;
    Ok(row.as_ref().map(topic))
}

/// A post as a topic page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostRow {
    pub id: i64,
    pub number: i64,
    pub user_id: Option<i64>,
    pub author: Option<String>,
    pub handle: Option<String>,
    pub html: String,
    pub created_at: i64,
    pub edited: bool,
    pub deleted: bool,
    pub hidden: bool,
    pub likes: i64,
    pub liked: bool,
    pub bookmarked: bool,
}

/// A topic's posts from `from` on (at most `limit`), with the reader's likes and bookmarks.
pub async fn posts(
    pool: &AnyPool,
    topic_id: i64,
    reader: Option<i64>,
    from: i64,
    limit: i64,
) -> Result<Vec<PostRow>, AppError> {
    let rows = sqlx::query(
        "SELECT p.id, p.number, p.user_id, u.display_name, fp.handle, p.html, p.created_at, p.edited_at, \
         p.deleted_at, p.hidden_at, p.like_count, l.user_id, b.user_id FROM forum_posts p \
         LEFT JOIN users u ON u.id = p.user_id AND u.deleted_at IS NULL \
         LEFT JOIN forum_people fp ON fp.user_id = p.user_id \
         LEFT JOIN forum_likes l ON l.post_id = p.id AND l.user_id = $2 \
         LEFT JOIN forum_bookmarks b ON b.post_id = p.id AND b.user_id = $2 \
         WHERE p.topic_id = $1 AND p.number >= $3 ORDER BY p.number LIMIT $4",
    )
    .bind(topic_id)
    .bind(reader.unwrap_or(0))
    .bind(from)
    .bind(limit)
    .fetch_all(pool)
    .await
    .context("Failed to read a topic's posts")?;
    Ok(rows
        .iter()
        .map(|r| PostRow {
            id: r.get(0),
            number: r.get(1),
            user_id: r.get(2),
            author: r.get(3),
            handle: r.get(4),
            html: r.get(5),
            created_at: r.get(6),
            edited: r.get::<Option<i64>, _>(7).is_some(),
            deleted: r.get::<Option<i64>, _>(8).is_some(),
            hidden: r.get::<Option<i64>, _>(9).is_some(),
            likes: r.get(10),
            liked: r.get::<Option<i64>, _>(11).is_some(),
            bookmarked: r.get::<Option<i64>, _>(12).is_some(),
        })
        .collect())
}

/// One post's row (for actions on it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    pub id: i64,
    pub topic_id: i64,
    pub number: i64,
    pub user_id: Option<i64>,
    pub body: String,
    pub deleted: bool,
    pub hidden: bool,
}

pub async fn post_by_id<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    db: E,
    id: i64,
) -> Result<Option<Post>, AppError> {
    let row = sqlx::query(
        "SELECT id, topic_id, number, user_id, body, deleted_at, hidden_at FROM forum_posts WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await
    .context("Failed to read a post")?;
    Ok(row.map(|r| Post {
        id: r.get(0),
        topic_id: r.get(1),
        number: r.get(2),
        user_id: r.get(3),
        body: r.get(4),
        deleted: r.get::<Option<i64>, _>(5).is_some(),
        hidden: r.get::<Option<i64>, _>(6).is_some(),
    }))
}

/// The reader saw a topic up to post `upto`: reading state and the counts trust grows from.
pub async fn mark_read(pool: &AnyPool, user_id: i64, topic_id: i64, upto: i64) -> Result<(), AppError> {
    const READ: &str = "SELECT last_read FROM forum_reads WHERE user_id = $1 AND topic_id = $2";
    // Reading a page again changes nothing: found without taking the write lock.
    let seen: Option<(i64,)> = sqlx::query_as(READ)
        .bind(user_id)
        .bind(topic_id)
        .fetch_optional(pool)
        .await
        .context("Failed to read reading state")?;
    if seen.is_some_and(|(n,)| n >= upto) {
        return Ok(());
    }
    let mut tx = crate::kernel::db::begin(pool).await?;
    let before: Option<(i64,)> = sqlx::query_as(READ)
        .bind(user_id)
        .bind(topic_id)
        .fetch_optional(&mut *tx)
        .await
        .context("Failed to read reading state")?;
    let newly = (upto - before.map(|(n,)| n).unwrap_or(0)).max(0);
    if newly == 0 && before.is_some() {
        tx.rollback().await.context("Failed to end a read-only transaction")?;
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO forum_reads (user_id, topic_id, last_read) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, topic_id) DO UPDATE SET last_read = CASE WHEN excluded.last_read > forum_reads.last_read \
         THEN excluded.last_read ELSE forum_reads.last_read END",
    )
    .bind(user_id)
    .bind(topic_id)
    .bind(upto)
    .execute(&mut *tx)
    .await
    .context("Failed to record reading")?;
    let day = now() / 86_400;
    sqlx::query(
        "UPDATE forum_people SET posts_read = posts_read + $2, topics_entered = topics_entered + $3, \
         days_visited = days_visited + CASE WHEN last_visit_day < $4 THEN 1 ELSE 0 END, \
         last_visit_day = $4 WHERE user_id = $1",
    )
    .bind(user_id)
    .bind(newly)
    .bind(if before.is_none() { 1 } else { 0 })
    .bind(day)
    .execute(&mut *tx)
    .await
    .context("Failed to count reading")?;
    super::service::refresh_trust(&mut tx, user_id).await?;
    tx.commit().await.context("Failed to commit reading")?;
    Ok(())
}

/// How closely a person follows a topic (`Normal` when they never chose).
pub async fn level_of<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    db: E,
    user_id: i64,
    topic_id: i64,
) -> Result<Level, AppError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT level FROM forum_reads WHERE user_id = $1 AND topic_id = $2")
            .bind(user_id)
            .bind(topic_id)
            .fetch_optional(db)
            .await
            .context("Failed to read a topic's level")?;
    Ok(row.and_then(|(l,)| Level::parse(&l)).unwrap_or(Level::Normal))
}

/// A post to quote: its author's name and its Markdown, if it is shown to everyone.
pub async fn quotable(
    pool: &AnyPool,
    topic_id: i64,
    number: i64,
) -> Result<Option<(String, String)>, AppError> {
    let row: Option<(Option<String>, String)> = sqlx::query_as(
        "SELECT u.display_name, p.body FROM forum_posts p LEFT JOIN users u ON u.id = p.user_id AND u.deleted_at IS NULL \
         WHERE p.topic_id = $1 AND p.number = $2 AND p.deleted_at IS NULL AND p.hidden_at IS NULL",
    )
    .bind(topic_id)
    .bind(number)
    .fetch_optional(pool)
    .await
    .context("Failed to read a post to quote")?;
    Ok(row.map(|(name, body)| (name.unwrap_or_default(), body)))
}

/// A bookmarked post, with its topic's category (to check the reader may still read it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    pub topic_id: i64,
    pub slug: String,
    pub title: String,
    pub number: i64,
    pub category_id: i64,
}

pub async fn bookmarks(pool: &AnyPool, user_id: i64) -> Result<Vec<Bookmark>, AppError> {
    let rows: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(
        "SELECT t.id, t.slug, t.title, p.number, t.category_id FROM forum_bookmarks b \
         JOIN forum_posts p ON p.id = b.post_id JOIN forum_topics t ON t.id = p.topic_id \
         WHERE b.user_id = $1 AND p.deleted_at IS NULL AND t.deleted_at IS NULL ORDER BY b.created_at DESC LIMIT 200",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await
    .context("Failed to read bookmarks")?;
    Ok(rows
        .into_iter()
        .map(|(topic_id, slug, title, number, category_id)| Bookmark {
            topic_id,
            slug,
            title,
            number,
            category_id,
        })
        .collect())
}

/// Whose forum emails an unsubscribe address stops.
pub async fn by_unsubscribe_token(pool: &AnyPool, token: &str) -> Result<Option<i64>, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT user_id FROM forum_people WHERE unsubscribe_token = $1")
        .bind(token)
        .fetch_optional(pool)
        .await
        .context("Failed to read an unsubscribe address")?;
    Ok(row.map(|(u,)| u))
}
