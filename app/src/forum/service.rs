//! Forum actions: start a topic, reply, edit (with history), delete, like, bookmark, mark the
//! answer, follow a topic, flag, and moderators' decisions. Each action loads who is asking,
//! asks the policy, checks new members' limits with a reason the person can read, and writes
//! in one transaction with the notifications it causes.

use super::policy::{self, Reader};
use super::store::{self, Topic};
use super::types::{self, Category, Decision, FlagReason, Kind, Level, ReviewStatus};
use crate::errors::AppError;
use crate::kernel::clock::now;
use crate::kernel::db::{begin, Tx};
use anyhow::Context;
use sha2::{Digest, Sha256};
use sqlx::AnyPool;

fn invalid(field: &str, code: &str) -> AppError {
    AppError::Validation { field: field.into(), code: code.into() }
}

fn conflict(code: &str) -> AppError {
    AppError::Conflict { code: code.into() }
}

fn body_hash(body: &str) -> String {
    let normal = body.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let digest = Sha256::digest(normal.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A post's Markdown checked against the writer's limits, rendered.
fn render(body: &str, trust_level: i64) -> Result<crate::kernel::markdown::Post, AppError> {
    let body = types::parse_body(body).map_err(|c| invalid("body", c))?;
    let post = crate::kernel::markdown::post_html(&body).map_err(|c| invalid("body", c))?;
    let limits = types::limits_for(trust_level);
    if post.links > limits.links {
        return Err(invalid("body", "forum-limit-links"));
    }
    if post.images > limits.images {
        return Err(invalid("body", "forum-limit-images"));
    }
    if post.mentions.len() > limits.mentions {
        return Err(invalid(
            "body",
            if trust_level <= types::NEW { "forum-limit-mentions-new" } else { "forum-limit-mentions" },
        ));
    }
    Ok(post)
}

/// How fast and how much a person may post: seconds between posts and topics, a new member's
/// first day, and never the same post twice in a row.
async fn pace(
    tx: &mut Tx<'_>,
    reader: &Reader,
    user_id: i64,
    new_topic: bool,
    hash: &str,
) -> Result<(), AppError> {
    let limits = types::limits_for(reader.trust_level);
    let now = now();
    let (last_post, first_post, last_hash): (Option<i64>, Option<i64>, Option<String>) = {
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT created_at, body_hash FROM forum_posts WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1",
        )
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await
        .context("Failed to read a person's last post")?;
        let first: Option<(Option<i64>,)> =
            sqlx::query_as("SELECT first_post_at FROM forum_people WHERE user_id = $1")
                .bind(user_id)
                .fetch_optional(&mut **tx)
                .await
                .context("Failed to read a person's first post")?;
        (row.as_ref().map(|r| r.0), first.and_then(|f| f.0), row.map(|r| r.1))
    };
    if last_hash.as_deref() == Some(hash) {
        return Err(conflict("forum-post-duplicate"));
    }
    if new_topic {
        let last_topic: Option<(i64,)> = sqlx::query_as(
            "SELECT created_at FROM forum_topics WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1",
        )
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await
        .context("Failed to read a person's last topic")?;
        if last_topic.is_some_and(|(t,)| now - t < limits.secs_between_topics) {
            return Err(conflict(if reader.trust_level <= types::NEW {
                "forum-too-soon-topic-new"
            } else {
                "forum-too-soon"
            }));
        }
    }
    if last_post.is_some_and(|t| now - t < limits.secs_between_posts) {
        return Err(conflict(if reader.trust_level <= types::NEW {
            "forum-too-soon-new"
        } else {
            "forum-too-soon"
        }));
    }
    if let Some(first) = first_post.filter(|f| now - f < 86_400) {
        let (topics, replies): (i64, i64) = sqlx::query_as(
            "SELECT COALESCE(SUM(CASE WHEN number = 1 THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN number > 1 THEN 1 ELSE 0 END), 0) FROM forum_posts WHERE user_id = $1 AND created_at >= $2",
        )
        .bind(user_id)
        .bind(first)
        .fetch_one(&mut **tx)
        .await
        .context("Failed to count a person's first day")?;
        if new_topic && topics >= limits.topics_first_day {
            return Err(conflict("forum-first-day-topics"));
        }
        if !new_topic && replies >= limits.replies_first_day {
            return Err(conflict("forum-first-day-replies"));
        }
    }
    Ok(())
}

/// Everyone mentioned who may read the category, at most the limit, never the writer.
async fn mentioned(
    tx: &mut Tx<'_>,
    category: &Category,
    handles: &[String],
    writer: i64,
) -> Result<Vec<i64>, AppError> {
    let mut out = Vec::new();
    for handle in handles.iter().take(types::LIMITS.mentions) {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT fp.user_id FROM forum_people fp JOIN users u ON u.id = fp.user_id \
             WHERE fp.handle = $1 AND u.deleted_at IS NULL AND u.disabled_at IS NULL",
        )
        .bind(handle)
        .fetch_optional(&mut **tx)
        .await
        .context("Failed to find a mentioned person")?;
        let Some((user_id,)) = row else { continue };
        if user_id == writer || out.contains(&user_id) {
            continue;
        }
        if can_read(tx, category, user_id).await? {
            out.push(user_id);
        }
    }
    Ok(out)
}

/// Whether another person may read a category (for mentions and notifications).
pub async fn can_read(tx: &mut Tx<'_>, category: &Category, user_id: i64) -> Result<bool, AppError> {
    let roles: Vec<(String,)> = sqlx::query_as("SELECT role FROM user_roles WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(&mut **tx)
        .await
        .context("Failed to read roles")?;
    let has = |r: &str| roles.iter().any(|(x,)| x == r);
    if has("admin") {
        return Ok(true);
    }
    Ok(match category.visibility {
        types::Visibility::Public => true,
        types::Visibility::Trainers => has("trainer") || has("moderator"),
        types::Visibility::Moderators => has("moderator"),
        types::Visibility::Cohort => {
            let Some(cohort) = category.cohort_id else { return Ok(false) };
            let row: Option<(i64,)> = sqlx::query_as(
                "SELECT 1 FROM cohort_members WHERE cohort_id = $1 AND user_id = $2 AND state = 'enrolled'",
            )
            .bind(cohort)
            .bind(user_id)
            .fetch_optional(&mut **tx)
            .await
            .context("Failed to check a cohort's roster")?;
            row.is_some()
        }
    })
}

async fn notify(
    tx: &mut Tx<'_>,
    user_id: i64,
    kind: &str,
    topic_id: i64,
    number: i64,
    actor: Option<i64>,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO forum_notifications (user_id, kind, topic_id, post_number, actor_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(kind)
    .bind(topic_id)
    .bind(number)
    .bind(actor)
    .bind(now())
    .execute(&mut **tx)
    .await
    .context("Failed to notify")?;
    Ok(())
}

/// Recipient (address, name, language, wants forum emails, unsubscribe token), topic (title,
/// slug), and the writer's name.
type EmailRow = (String, String, String, i64, String, String, String, String);

/// A reply or mention by email too, in the recipient's language, when they keep "Replies to my
/// forum posts" on; the email carries a one-click unsubscribe (RFC 8058). Queued in the same
/// transaction as the post.
async fn email(
    tx: &mut Tx<'_>,
    base: &str,
    user_id: i64,
    kind: &str,
    topic_id: i64,
    number: i64,
    writer: i64,
) -> Result<(), AppError> {
    let row: Option<EmailRow> = sqlx::query_as(
        "SELECT u.email, u.display_name, u.locale, u.notify_replies, fp.unsubscribe_token, t.title, t.slug, w.display_name \
         FROM users u JOIN forum_people fp ON fp.user_id = u.id JOIN forum_topics t ON t.id = $2 \
         JOIN users w ON w.id = $3 WHERE u.id = $1 AND u.deleted_at IS NULL AND u.disabled_at IS NULL",
    )
    .bind(user_id)
    .bind(topic_id)
    .bind(writer)
    .fetch_optional(&mut **tx)
    .await
    .context("Failed to read a recipient")?;
    let Some((address, name, locale, wanted, token, title, slug, writer_name)) = row else { return Ok(()) };
    if wanted != 1 {
        return Ok(());
    }
    let locale = crate::i18n::Locale::from_segment(&locale).unwrap_or_default();
    let link = format!("{base}/{}/forum/t/{topic_id}-{slug}#post-{number}", locale.code());
    let unsubscribe = format!("{base}/{}/forum/unsubscribe/{token}", locale.code());
    let mail = crate::mail::compose_with(
        locale,
        &format!("email-forum-{kind}"),
        &[("name", name.as_str()), ("writer", writer_name.as_str()), ("topic", title.as_str())],
        &link,
    )
    .unsubscribable(unsubscribe);
    crate::mail::enqueue(tx, Some(user_id), &address, mail).await?;
    Ok(())
}

async fn set_level(
    tx: &mut Tx<'_>,
    user_id: i64,
    topic_id: i64,
    level: Level,
    read_upto: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO forum_reads (user_id, topic_id, last_read, level) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, topic_id) DO UPDATE SET level = excluded.level, \
         last_read = CASE WHEN excluded.last_read > forum_reads.last_read THEN excluded.last_read ELSE forum_reads.last_read END",
    )
    .bind(user_id)
    .bind(topic_id)
    .bind(read_upto)
    .bind(level.code())
    .execute(&mut **tx)
    .await
    .context("Failed to set a topic's level")?;
    Ok(())
}

/// Writes post `number` of a topic and everything it causes: the writer watches the topic,
/// watchers and the person replied to hear of it, mentioned readers are told.
#[allow(clippy::too_many_arguments)]
async fn write_post(
    tx: &mut Tx<'_>,
    base: &str,
    category: &Category,
    topic_id: i64,
    number: i64,
    user_id: i64,
    body: &str,
    post: &crate::kernel::markdown::Post,
    reply_to: Option<i64>,
) -> Result<i64, AppError> {
    let now = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO forum_posts (topic_id, number, user_id, body, html, body_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(topic_id)
    .bind(number)
    .bind(user_id)
    .bind(body)
    .bind(&post.html)
    .bind(body_hash(body))
    .bind(now)
    .fetch_one(&mut **tx)
    .await
    .context("Failed to save a post")?;
    super::search::index_post(tx, id).await?;
    sqlx::query("UPDATE forum_people SET first_post_at = COALESCE(first_post_at, $2) WHERE user_id = $1")
        .bind(user_id)
        .bind(now)
        .execute(&mut **tx)
        .await
        .context("Failed to note a first post")?;
    set_level(tx, user_id, topic_id, Level::Watching, number).await?;
    let mut told: Vec<i64> = vec![user_id];
    for who in mentioned(tx, category, &post.mentions, user_id).await? {
        if store::level_of(&mut **tx, who, topic_id).await? == Level::Muted {
            continue;
        }
        notify(tx, who, "mention", topic_id, number, Some(user_id)).await?;
        email(tx, base, who, "mention", topic_id, number, user_id).await?;
        told.push(who);
    }
    if number > 1 {
        let mut audience: Vec<i64> = sqlx::query_as::<_, (i64,)>(
            "SELECT user_id FROM forum_reads WHERE topic_id = $1 AND level = 'watching'",
        )
        .bind(topic_id)
        .fetch_all(&mut **tx)
        .await
        .context("Failed to read a topic's watchers")?
        .into_iter()
        .map(|(u,)| u)
        .collect();
        if let Some(to) = reply_to {
            let author: Option<(Option<i64>,)> =
                sqlx::query_as("SELECT user_id FROM forum_posts WHERE topic_id = $1 AND number = $2")
                    .bind(topic_id)
                    .bind(to)
                    .fetch_optional(&mut **tx)
                    .await
                    .context("Failed to read the post replied to")?;
            if let Some((Some(a),)) = author {
                if store::level_of(&mut **tx, a, topic_id).await? != Level::Muted {
                    audience.push(a);
                }
            }
        }
        for who in audience {
            if told.contains(&who) || !can_read(tx, category, who).await? {
                continue;
            }
            notify(tx, who, "reply", topic_id, number, Some(user_id)).await?;
            email(tx, base, who, "reply", topic_id, number, user_id).await?;
            told.push(who);
        }
    }
    refresh_trust(tx, user_id).await?;
    Ok(id)
}

/// A new topic: its first post, in a category the writer may post in.
pub async fn create_topic(
    pool: &AnyPool,
    base: &str,
    reader: &Reader,
    category: &Category,
    title: &str,
    body: &str,
) -> Result<(i64, String), AppError> {
    let actor = policy::may_post(reader, category, now())?;
    let title = types::parse_title(title).map_err(|c| invalid("title", c));
    let post = render(body, reader.trust_level);
    let (title, post) = match (title, post) {
        (Ok(t), Ok(p)) => (t, p),
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let body = types::parse_body(body).map_err(|c| invalid("body", c))?;
    let mut tx = begin(pool).await?;
    store::ensure_person(&mut tx, reader).await?;
    pace(&mut tx, reader, actor.user_id, true, &body_hash(&body)).await?;
    let slug = {
        let s = crate::kernel::words::slug_from(&title);
        if s.is_empty() {
            "topic".to_owned()
        } else {
            s
        }
    };
    let now = now();
    let (topic_id,): (i64,) = sqlx::query_as(
        "INSERT INTO forum_topics (category_id, user_id, title, slug, last_number, last_posted_at, created_at) \
         VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING id",
    )
    .bind(category.id)
    .bind(actor.user_id)
    .bind(&title)
    .bind(&slug)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .context("Failed to save a topic")?;
    write_post(&mut tx, base, category, topic_id, 1, actor.user_id, &body, &post, None).await?;
    tx.commit().await.context("Failed to commit a topic")?;
    Ok((topic_id, slug))
}

/// The topic and its category, if the reader may read them (else it does not exist).
pub async fn readable_topic(
    pool: &AnyPool,
    reader: &Reader,
    topic_id: i64,
) -> Result<(Topic, Category), AppError> {
    let topic = store::topic_by_id(pool, topic_id).await?.ok_or(AppError::NotFound)?;
    let category = store::category_by_id(pool, topic.category_id).await?.ok_or(AppError::NotFound)?;
    policy::readable(reader, &category)?;
    if topic.deleted && !reader.moderates() {
        return Err(AppError::NotFound);
    }
    Ok((topic, category))
}

/// A reply; returns its number.
pub async fn reply(
    pool: &AnyPool,
    base: &str,
    reader: &Reader,
    topic_id: i64,
    body: &str,
    reply_to: Option<i64>,
) -> Result<i64, AppError> {
    let (topic, category) = readable_topic(pool, reader, topic_id).await?;
    let actor = policy::may_post(reader, &category, now())?;
    if topic.deleted {
        return Err(AppError::NotFound);
    }
    let post = render(body, reader.trust_level)?;
    let body = types::parse_body(body).map_err(|c| invalid("body", c))?;
    if reader.trust_level <= types::NEW {
        let (mine,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM forum_posts WHERE topic_id = $1 AND user_id = $2 AND number > 1",
        )
        .bind(topic.id)
        .bind(actor.user_id)
        .fetch_one(pool)
        .await
        .context("Failed to count replies")?;
        // Discourse's `newuser_max_replies_per_topic`.
        if mine >= 3 {
            return Err(conflict("forum-limit-replies-per-topic"));
        }
    }
    let mut tx = begin(pool).await?;
    store::ensure_person(&mut tx, reader).await?;
    pace(&mut tx, reader, actor.user_id, false, &body_hash(&body)).await?;
    let now = now();
    // Numbering under the topic row's lock: two replies at once get two numbers.
    let (number,): (i64,) = sqlx::query_as(
        "UPDATE forum_topics SET last_number = last_number + 1, reply_count = reply_count + 1, last_posted_at = $2 \
         WHERE id = $1 RETURNING last_number",
    )
    .bind(topic.id)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .context("Failed to number a reply")?;
    // An episode's discussion is opened by Puente; the first person to ask in it becomes its
    // asker, who may mark the answer.
    sqlx::query(
        "UPDATE forum_topics SET user_id = $2 WHERE id = $1 AND user_id IS NULL AND course IS NOT NULL",
    )
    .bind(topic.id)
    .bind(actor.user_id)
    .execute(&mut *tx)
    .await
    .context("Failed to note an episode topic's asker")?;
    let reply_to = reply_to.filter(|n| *n >= 1 && *n < number);
    write_post(&mut tx, base, &category, topic.id, number, actor.user_id, &body, &post, reply_to).await?;
    tx.commit().await.context("Failed to commit a reply")?;
    Ok(number)
}

/// A post, its topic and category, for an action on it by someone who may read it.
async fn readable_post(
    pool: &AnyPool,
    reader: &Reader,
    post_id: i64,
) -> Result<(store::Post, Topic, Category), AppError> {
    let post = store::post_by_id(pool, post_id).await?.ok_or(AppError::NotFound)?;
    let (topic, category) = readable_topic(pool, reader, post.topic_id).await?;
    if post.deleted && !reader.moderates() {
        return Err(AppError::NotFound);
    }
    Ok((post, topic, category))
}

/// Editing a post keeps the earlier version. A hidden post edited by its author goes back to
/// the moderators' queue.
pub async fn edit(
    pool: &AnyPool,
    reader: &Reader,
    post_id: i64,
    body: &str,
    reason: &str,
) -> Result<(Topic, i64), AppError> {
    let (post, topic, category) = readable_post(pool, reader, post_id).await?;
    policy::may_edit(reader, post.user_id, now())?;
    if category.archived && !reader.moderates() {
        return Err(conflict("forum-category-archived"));
    }
    let rendered = render(body, reader.trust_level.max(if reader.moderates() { types::MEMBER } else { 0 }))?;
    let body = types::parse_body(body).map_err(|c| invalid("body", c))?;
    if body == post.body {
        return Ok((topic, post.number));
    }
    let editor = reader.user_id();
    let by_author = editor.is_some() && editor == post.user_id;
    let now = now();
    let mut tx = begin(pool).await?;
    sqlx::query("INSERT INTO forum_revisions (post_id, body, editor_id, created_at) VALUES ($1, $2, $3, $4)")
        .bind(post.id)
        .bind(&post.body)
        .bind(editor)
        .bind(now)
        .execute(&mut *tx)
        .await
        .context("Failed to keep a revision")?;
    sqlx::query("UPDATE forum_posts SET body = $2, html = $3, body_hash = $4, edited_at = $5 WHERE id = $1")
        .bind(post.id)
        .bind(&body)
        .bind(&rendered.html)
        .bind(body_hash(&body))
        .bind(now)
        .execute(&mut *tx)
        .await
        .context("Failed to save an edit")?;
    super::search::index_post(&mut tx, post.id).await?;
    if post.hidden && by_author {
        sqlx::query("UPDATE forum_reviews SET status = 'pending', updated_at = $2, reminded_at = NULL WHERE post_id = $1")
            .bind(post.id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .context("Failed to send a post back to review")?;
    }
    if !by_author {
        log(&mut tx, editor, "edit", Some(post.id), post.user_id, reason).await?;
    }
    tx.commit().await.context("Failed to commit an edit")?;
    Ok((topic, post.number))
}

/// A post's earlier versions, newest first (its author and moderators only).
pub async fn history(
    pool: &AnyPool,
    reader: &Reader,
    post_id: i64,
) -> Result<(store::Post, Topic, Vec<(String, i64)>), AppError> {
    let (post, topic, _) = readable_post(pool, reader, post_id).await?;
    if !policy::may_see_history(reader, post.user_id) {
        return Err(AppError::NotFound);
    }
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT body, created_at FROM forum_revisions WHERE post_id = $1 ORDER BY id DESC")
            .bind(post.id)
            .fetch_all(pool)
            .await
            .context("Failed to read revisions")?;
    Ok((post, topic, rows))
}

/// Soft delete by its author or a moderator; the first post takes its topic with it.
pub async fn delete(pool: &AnyPool, reader: &Reader, post_id: i64, reason: &str) -> Result<Topic, AppError> {
    let (post, topic, _) = readable_post(pool, reader, post_id).await?;
    policy::may_edit(reader, post.user_id, now())?;
    if post.deleted {
        return Ok(topic);
    }
    let now = now();
    let mut tx = begin(pool).await?;
    sqlx::query("UPDATE forum_posts SET deleted_at = $2 WHERE id = $1")
        .bind(post.id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .context("Failed to delete a post")?;
    if post.number == 1 {
        sqlx::query("UPDATE forum_topics SET deleted_at = $2 WHERE id = $1")
            .bind(topic.id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .context("Failed to delete a topic")?;
    } else {
        sqlx::query(
            "UPDATE forum_topics SET reply_count = reply_count - 1 WHERE id = $1 AND reply_count > 0",
        )
        .bind(topic.id)
        .execute(&mut *tx)
        .await
        .context("Failed to count a deletion")?;
    }
    if reader.user_id() != post.user_id {
        log(&mut tx, reader.user_id(), "delete", Some(post.id), post.user_id, reason).await?;
    }
    tx.commit().await.context("Failed to commit a deletion")?;
    Ok(topic)
}

/// Likes: one per person and post (an upsert), never one's own.
pub async fn like(pool: &AnyPool, reader: &Reader, post_id: i64, on: bool) -> Result<(Topic, i64), AppError> {
    let (post, topic, _) = readable_post(pool, reader, post_id).await?;
    let actor = policy::may_act(reader, now())?;
    if post.user_id == Some(actor.user_id) {
        return Err(conflict("forum-like-own"));
    }
    let mut tx = begin(pool).await?;
    store::ensure_person(&mut tx, reader).await?;
    let changed = if on {
        sqlx::query("INSERT INTO forum_likes (post_id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(post.id)
            .bind(actor.user_id)
            .bind(now())
            .execute(&mut *tx)
            .await
            .context("Failed to like")?
            .rows_affected()
    } else {
        sqlx::query("DELETE FROM forum_likes WHERE post_id = $1 AND user_id = $2")
            .bind(post.id)
            .bind(actor.user_id)
            .execute(&mut *tx)
            .await
            .context("Failed to unlike")?
            .rows_affected()
    };
    if changed == 1 {
        let delta: i64 = if on { 1 } else { -1 };
        sqlx::query("UPDATE forum_posts SET like_count = like_count + $2 WHERE id = $1")
            .bind(post.id)
            .bind(delta)
            .execute(&mut *tx)
            .await
            .context("Failed to count a like")?;
        sqlx::query("UPDATE forum_people SET likes_given = likes_given + $2 WHERE user_id = $1")
            .bind(actor.user_id)
            .bind(delta)
            .execute(&mut *tx)
            .await
            .context("Failed to count a like given")?;
        if let Some(author) = post.user_id {
            sqlx::query("UPDATE forum_people SET likes_received = likes_received + $2 WHERE user_id = $1")
                .bind(author)
                .bind(delta)
                .execute(&mut *tx)
                .await
                .context("Failed to count a like received")?;
            refresh_trust(&mut tx, author).await?;
        }
        refresh_trust(&mut tx, actor.user_id).await?;
    }
    tx.commit().await.context("Failed to commit a like")?;
    Ok((topic, post.number))
}

/// Bookmarks: private, one per person and post.
pub async fn bookmark(
    pool: &AnyPool,
    reader: &Reader,
    post_id: i64,
    on: bool,
) -> Result<(Topic, i64), AppError> {
    let (post, topic, _) = readable_post(pool, reader, post_id).await?;
    let user = reader.user_id().ok_or(AppError::Unauthenticated)?;
    let query = if on {
        sqlx::query("INSERT INTO forum_bookmarks (user_id, post_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(user)
            .bind(post.id)
            .bind(now())
    } else {
        sqlx::query("DELETE FROM forum_bookmarks WHERE user_id = $1 AND post_id = $2")
            .bind(user)
            .bind(post.id)
    };
    query.execute(pool).await.context("Failed to bookmark")?;
    Ok((topic, post.number))
}

/// Marks (or clears) a question's answer: the asker, a trainer or a moderator.
pub async fn solve(
    pool: &AnyPool,
    reader: &Reader,
    post_id: i64,
    on: bool,
) -> Result<(Topic, i64), AppError> {
    let (post, topic, category) = readable_post(pool, reader, post_id).await?;
    if category.kind != Kind::Qa {
        return Err(conflict("forum-solve-not-qa"));
    }
    policy::may_solve(reader, topic.user_id, now())?;
    if post.number == 1 || post.deleted || post.hidden {
        return Err(conflict("forum-solve-invalid"));
    }
    let mut tx = begin(pool).await?;
    sqlx::query("UPDATE forum_topics SET solved_post_id = $2 WHERE id = $1")
        .bind(topic.id)
        .bind(on.then_some(post.id))
        .execute(&mut *tx)
        .await
        .context("Failed to mark an answer")?;
    if let (true, Some(author)) = (on, post.user_id) {
        if Some(author) != reader.user_id() {
            notify(&mut tx, author, "solved", topic.id, post.number, reader.user_id()).await?;
        }
    }
    tx.commit().await.context("Failed to commit an answer")?;
    Ok((topic, post.number))
}

/// How closely the reader follows a topic.
pub async fn follow(pool: &AnyPool, reader: &Reader, topic_id: i64, level: Level) -> Result<Topic, AppError> {
    let (topic, _) = readable_topic(pool, reader, topic_id).await?;
    let user = reader.user_id().ok_or(AppError::Unauthenticated)?;
    let mut tx = begin(pool).await?;
    set_level(&mut tx, user, topic.id, level, 0).await?;
    tx.commit().await.context("Failed to commit a level")?;
    Ok(topic)
}

/// Flags a post. Its score is the flagger's weight; enough weight hides the post at once,
/// pending a moderator's review, and its author is told why.
pub async fn flag(
    pool: &AnyPool,
    reader: &Reader,
    post_id: i64,
    reason: FlagReason,
    note: &str,
) -> Result<(Topic, i64), AppError> {
    let (post, topic, _) = readable_post(pool, reader, post_id).await?;
    let actor = policy::may_act(reader, now())?;
    if post.user_id == Some(actor.user_id) {
        return Err(conflict("forum-flag-own"));
    }
    let moderator = reader.moderates();
    if reader.trust_level < types::BASIC && !moderator {
        return Err(conflict("forum-flag-trust"));
    }
    let note = crate::kernel::words::parse_text(note, 1000, "forum-flag-note-invalid")
        .map_err(|c| invalid("note", c))?;
    if reason == FlagReason::Other && note.is_empty() {
        return Err(invalid("note", "forum-flag-note-required"));
    }
    let score = types::flag_score(reader.trust_level, moderator);
    let now = now();
    let mut tx = begin(pool).await?;
    store::ensure_person(&mut tx, reader).await?;
    let (today,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM forum_flags WHERE user_id = $1 AND created_at > $2")
            .bind(actor.user_id)
            .bind(now - 86_400)
            .fetch_one(&mut *tx)
            .await
            .context("Failed to count flags")?;
    // Discourse's `max_flags_per_day`.
    if today >= 20 {
        return Err(conflict("forum-flag-too-many"));
    }
    let added = sqlx::query(
        "INSERT INTO forum_flags (post_id, user_id, reason, note, score, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT DO NOTHING",
    )
    .bind(post.id)
    .bind(actor.user_id)
    .bind(reason.code())
    .bind(&note)
    .bind(score)
    .bind(now)
    .execute(&mut *tx)
    .await
    .context("Failed to flag")?;
    if added.rows_affected() == 0 {
        return Err(conflict("forum-flag-twice"));
    }
    let (total,): (i64,) = sqlx::query_as(
        "INSERT INTO forum_reviews (post_id, status, score, created_at, updated_at) VALUES ($1, 'pending', $2, $3, $3) \
         ON CONFLICT (post_id) DO UPDATE SET score = forum_reviews.score + excluded.score, status = 'pending', \
         updated_at = excluded.updated_at, \
         reminded_at = CASE WHEN forum_reviews.status = 'pending' THEN forum_reviews.reminded_at ELSE NULL END RETURNING score",
    )
    .bind(post.id)
    .bind(score)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .context("Failed to queue a review")?;
    let hide = types::hides(total) && !post.hidden;
    if hide {
        sqlx::query("UPDATE forum_posts SET hidden_at = $2 WHERE id = $1")
            .bind(post.id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .context("Failed to hide a post")?;
        log(&mut tx, None, "hide", Some(post.id), post.user_id, "flags").await?;
        if let Some(author) = post.user_id {
            notify(&mut tx, author, "hidden", topic.id, post.number, None).await?;
        }
    }
    tx.commit().await.context("Failed to commit a flag")?;
    Ok((topic, post.number))
}

/// A moderator decides about a flagged post. Every decision is logged with its reason, and
/// the author hears of it.
pub async fn decide(
    pool: &AnyPool,
    reader: &Reader,
    review_id: i64,
    decision: Decision,
    reason: &str,
    days: i64,
) -> Result<(), AppError> {
    let moderator = policy::may_moderate(reader)?;
    let reason = crate::kernel::words::parse_line(reason, 500, "forum-reason-required")
        .map_err(|c| invalid("reason", c))?;
    if matches!(decision, Decision::Silence | Decision::Suspend) && !(1..=365).contains(&days) {
        return Err(invalid("days", "forum-days-invalid"));
    }
    let mut tx = begin(pool).await?;
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT post_id, status FROM forum_reviews WHERE id = $1")
            .bind(review_id)
            .fetch_optional(&mut *tx)
            .await
            .context("Failed to read a review")?;
    let (post_id, status) = row.ok_or(AppError::NotFound)?;
    if status != ReviewStatus::Pending.code() {
        return Err(conflict("forum-review-decided-already"));
    }
    let post = store::post_by_id(&mut *tx, post_id).await?.ok_or(AppError::NotFound)?;
    let now = now();
    let (review, flags) = match decision {
        Decision::Keep => (ReviewStatus::Disagreed, ReviewStatus::Disagreed),
        Decision::Ignore => (ReviewStatus::Ignored, ReviewStatus::Ignored),
        _ => (ReviewStatus::Agreed, ReviewStatus::Agreed),
    };
    sqlx::query("UPDATE forum_reviews SET status = $2, decided_by = $3, decided_at = $4, updated_at = $4 WHERE id = $1")
        .bind(review_id)
        .bind(review.code())
        .bind(moderator.user_id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .context("Failed to decide a review")?;
    sqlx::query("UPDATE forum_flags SET status = $2 WHERE post_id = $1 AND status = 'pending'")
        .bind(post.id)
        .bind(flags.code())
        .execute(&mut *tx)
        .await
        .context("Failed to settle flags")?;
    // Keeping shows the post again; ignoring leaves it as it is; anything else hides it.
    if decision != Decision::Ignore {
        sqlx::query("UPDATE forum_posts SET hidden_at = $2 WHERE id = $1")
            .bind(post.id)
            .bind((decision != Decision::Keep).then_some(now))
            .execute(&mut *tx)
            .await
            .context("Failed to show or hide a post")?;
    }
    if decision == Decision::Delete {
        sqlx::query("UPDATE forum_posts SET deleted_at = $2 WHERE id = $1")
            .bind(post.id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .context("Failed to delete a post")?;
    }
    if let (Some(author), Some(column)) = (
        post.user_id,
        match decision {
            Decision::Silence => Some("silenced_until"),
            Decision::Suspend => Some("suspended_until"),
            _ => None,
        },
    ) {
        // `column` is one of the two fixed names above.
        sqlx::query(&format!("UPDATE forum_people SET {column} = $2 WHERE user_id = $1"))
            .bind(author)
            .bind(now + days * 86_400)
            .execute(&mut *tx)
            .await
            .context("Failed to silence or suspend")?;
    }
    log(&mut tx, Some(moderator.user_id), decision.code(), Some(post.id), post.user_id, &reason).await?;
    if let Some(author) = post.user_id {
        notify(
            &mut tx,
            author,
            &format!("decided-{}", decision.code()),
            post.topic_id,
            post.number,
            Some(moderator.user_id),
        )
        .await?;
    }
    tx.commit().await.context("Failed to commit a decision")?;
    Ok(())
}

async fn log(
    tx: &mut Tx<'_>,
    moderator: Option<i64>,
    action: &str,
    post_id: Option<i64>,
    target: Option<i64>,
    reason: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO forum_mod_log (moderator_id, action, post_id, target_user_id, reason, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(moderator)
    .bind(action)
    .bind(post_id)
    .bind(target)
    .bind(reason)
    .bind(now())
    .execute(&mut **tx)
    .await
    .context("Failed to write the moderation log")?;
    Ok(())
}

/// Promotes a person whose activity reached the next level (Discourse's thresholds); never
/// demotes.
pub async fn refresh_trust(tx: &mut Tx<'_>, user_id: i64) -> Result<(), AppError> {
    let row: Option<(i64, i64, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT trust_level, topics_entered, posts_read, days_visited, likes_given, likes_received \
         FROM forum_people WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await
    .context("Failed to read trust")?;
    let Some((level, topics, read, days, given, received)) = row else { return Ok(()) };
    if level >= types::MEMBER {
        return Ok(());
    }
    let (replied,): (i64,) = sqlx::query_as(
        "SELECT COUNT(DISTINCT topic_id) FROM forum_posts WHERE user_id = $1 AND number > 1 AND deleted_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(&mut **tx)
    .await
    .context("Failed to count replied topics")?;
    let earned = if days >= 15 && given >= 1 && received >= 1 && replied >= 3 && topics >= 20 && read >= 100 {
        types::MEMBER
    } else if topics >= 5 && read >= 30 {
        types::BASIC
    } else {
        types::NEW
    };
    if earned > level {
        sqlx::query("UPDATE forum_people SET trust_level = $2 WHERE user_id = $1")
            .bind(user_id)
            .bind(earned)
            .execute(&mut **tx)
            .await
            .context("Failed to promote")?;
    }
    Ok(())
}

/// The first post of a topic Puente itself opens (no author), indexed for search.
async fn puente_post(
    tx: &mut Tx<'_>,
    topic: i64,
    markdown: &str,
    html: &str,
    now: i64,
) -> Result<(), AppError> {
    let (first,): (i64,) = sqlx::query_as(
        "INSERT INTO forum_posts (topic_id, number, body, html, body_hash, created_at) \
         VALUES ($1, 1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(topic)
    .bind(markdown)
    .bind(html)
    .bind(body_hash(markdown))
    .bind(now)
    .fetch_one(&mut **tx)
    .await
    .context("Failed to write a topic's first post")?;
    super::search::index_post(tx, first).await?;
    Ok(())
}

/// A topic another domain opens (a proposal's discussion): written by Puente itself, its first
/// post the given Markdown. Returns its id and slug.
pub async fn system_topic(
    pool: &AnyPool,
    category: &Category,
    title: &str,
    intro: &str,
) -> Result<(i64, String), AppError> {
    // Puente's own title (already checked by its domain), not held to a writer's rules.
    let title: String =
        title.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(types::MAX_TITLE_CHARS).collect();
    let post = crate::kernel::markdown::post_html(intro).map_err(|c| invalid("body", c))?;
    let slug = match crate::kernel::words::slug_from(&title) {
        s if s.is_empty() => "topic".to_owned(),
        s => s,
    };
    let now = now();
    let mut tx = begin(pool).await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO forum_topics (category_id, title, slug, last_number, last_posted_at, created_at) \
         VALUES ($1, $2, $3, 1, $4, $4) RETURNING id",
    )
    .bind(category.id)
    .bind(&title)
    .bind(&slug)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .context("Failed to make a topic")?;
    puente_post(&mut tx, id, intro, &post.html, now).await?;
    tx.commit().await.context("Failed to commit a topic")?;
    Ok((id, slug))
}

/// The episode's discussion, made on first use in the course's category.
pub async fn episode_topic(
    pool: &AnyPool,
    category: &Category,
    course: &str,
    episode: &str,
    title: &str,
    intro: &str,
) -> Result<Topic, AppError> {
    if let Some(t) = store::topic_of_episode(pool, course, episode).await? {
        return Ok(t);
    }
    let post = crate::kernel::markdown::post_html(intro).map_err(|c| invalid("body", c))?;
    let now = now();
    let mut tx = begin(pool).await?;
    let made: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO forum_topics (category_id, title, slug, course, episode, last_number, last_posted_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, 1, $6, $6) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(category.id)
    .bind(title)
    .bind(crate::kernel::words::slug_from(title))
    .bind(course)
    .bind(episode)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await
    .context("Failed to make an episode's topic")?;
    if let Some((id,)) = made {
        puente_post(&mut tx, id, intro, &post.html, now).await?;
    }
    tx.commit().await.context("Failed to commit an episode's topic")?;
    store::topic_of_episode(pool, course, episode).await?.ok_or(AppError::NotFound)
}
