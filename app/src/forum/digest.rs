//! The digest: one email (never, daily or weekly; weekly by default) with the forum's top topics
//! and replies since the last one, in categories the person may read, and their next cohort
//! session, sent at 08:00 in their zone. People away more than 180 days get none (Discourse's
//! `suppress_digest_email_after_days`). Every half hour a scan finds who is due and queues one
//! durable job per person and local day, so a digest goes out once even across restarts and
//! replicas; the job decides again before it sends.

use super::store;
use super::types::Category;
use crate::i18n::{t, t_args, Locale};
use crate::jobs::{Context, NewJob};
use crate::kernel::clock::now;
use anyhow::Context as _;
use jiff::civil::Time;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use sqlx::AnyPool;

pub const SCAN: &str = "forum-digest-scan";
pub const DIGEST: &str = "forum-digest";

/// The scan's period.
pub const SCAN_EVERY: i64 = 1800;
/// The local hour digests go out.
pub const HOUR: i8 = 8;
/// People not seen for longer get no digest.
pub const AWAY: i64 = 180 * 86_400;
/// Topics and replies in one digest.
const TOP: i64 = 5;

pub use crate::accounts::types::Digest as Frequency;

/// The scan of the half hour that contains `at`.
pub fn scan_job(at: i64) -> NewJob {
    NewJob {
        kind: SCAN,
        key: format!("{SCAN}:{}", at.div_euclid(SCAN_EVERY)),
        payload: serde_json::json!({}),
        run_at: at,
    }
}

/// Whether a digest is due at `now`: it is 08:00 or later in `zone` today, the person was seen
/// within 180 days, and the last digest (or, before the first, the account) is from before this
/// period's 08:00: today's for daily, six days earlier for weekly. Returns the local day's key.
pub fn due(now: i64, zone: &TimeZone, frequency: Frequency, last: i64, seen: i64) -> Option<String> {
    if frequency == Frequency::Never || now - seen > AWAY {
        return None;
    }
    let local = Timestamp::from_second(now).ok()?.to_zoned(zone.clone());
    if local.hour() < HOUR {
        return None;
    }
    let today = local.date().to_datetime(Time::constant(HOUR, 0, 0, 0)).to_zoned(zone.clone()).ok()?;
    let start = today.checked_sub((frequency.days() - 1).days()).ok()?;
    (last < start.timestamp().as_second()).then(|| local.date().to_string())
}

/// The zone a person's digest follows: their own, else their latest cohort's, else UTC.
fn zone_of(own: &str, cohort: Option<&str>) -> TimeZone {
    [Some(own), cohort]
        .into_iter()
        .flatten()
        .find_map(|z| (!z.is_empty()).then(|| TimeZone::get(z).ok()).flatten())
        .unwrap_or(TimeZone::UTC)
}

/// (id, frequency, last sent, created, own zone, last seen, last session seen, latest cohort's zone)
type Candidate = (i64, String, Option<i64>, i64, String, Option<i64>, Option<i64>, Option<String>);

/// Queues a digest job for everyone due now, and the next scan.
pub async fn scan(ctx: Context, _payload: serde_json::Value) -> anyhow::Result<()> {
    let now = now();
    let people: Vec<Candidate> = sqlx::query_as(
        "SELECT u.id, u.digest, u.digest_sent_at, u.created_at, u.time_zone, u.last_seen_at, \
         (SELECT MAX(s.last_seen_at) FROM sessions s WHERE s.user_id = u.id), \
         (SELECT c.time_zone FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id \
          WHERE m.user_id = u.id AND m.state = 'enrolled' ORDER BY m.id DESC LIMIT 1) \
         FROM users u WHERE u.digest <> 'never' AND u.email IS NOT NULL AND u.email_verified_at IS NOT NULL \
         AND u.disabled_at IS NULL AND u.deleted_at IS NULL",
    )
    .fetch_all(&ctx.pool)
    .await
    .context("Failed to read who gets digests")?;
    let mut tx = crate::kernel::db::begin(&ctx.pool).await?;
    let mut queued = 0;
    for (id, frequency, sent, created, own, seen, session, cohort) in people {
        let Some(frequency) = Frequency::parse(&frequency) else { continue };
        let seen = [seen, session, Some(created)].into_iter().flatten().max().unwrap_or(created);
        let zone = zone_of(&own, cohort.as_deref());
        if let Some(day) = due(now, &zone, frequency, sent.unwrap_or(created), seen) {
            let job = NewJob {
                kind: DIGEST,
                key: format!("{DIGEST}:{id}:{day}"),
                payload: serde_json::json!({ "user": id }),
                run_at: now,
            };
            if crate::jobs::enqueue(&mut *tx, &job).await? {
                queued += 1;
            }
        }
    }
    crate::jobs::enqueue(&mut *tx, &scan_job((now.div_euclid(SCAN_EVERY) + 1) * SCAN_EVERY)).await?;
    tx.commit().await.context("Failed to commit the digest scan")?;
    if queued > 0 {
        tracing::info!(queued, "forum digests queued");
    }
    Ok(())
}

/// A topic in a digest: (id, slug, title, new posts).
type TopTopic = (i64, String, String, i64);
/// A reply in a digest: (topic id, slug, title, number, writer, body, likes).
type TopReply = (i64, String, String, i64, Option<String>, String, i64);

/// What one person's digest holds.
#[derive(Debug, Clone, Default)]
pub struct Digest {
    pub topics: Vec<TopTopic>,
    pub replies: Vec<TopReply>,
    /// (cohort title, session title, starts at, zone)
    pub session: Option<(String, String, i64, String)>,
    /// Open polls the person may vote in and has not: (proposal id, slug, poll id, poll title, closes at).
    pub votes: Vec<(i64, String, i64, String, i64)>,
}

impl Digest {
    pub fn is_empty(&self) -> bool {
        self.topics.is_empty() && self.replies.is_empty() && self.session.is_none() && self.votes.is_empty()
    }
}

/// The categories `user_id` may read, as the forum's policy decides for them.
async fn readable(pool: &AnyPool, user_id: i64) -> anyhow::Result<Vec<Category>> {
    let mut tx = pool.begin().await.context("Failed to begin reading")?;
    let mut out = Vec::new();
    for c in store::categories(pool).await.map_err(|e| anyhow::anyhow!("{e:?}"))? {
        if super::service::can_read(&mut tx, &c, user_id).await.map_err(|e| anyhow::anyhow!("{e:?}"))? {
            out.push(c);
        }
    }
    Ok(out)
}

/// The digest of `user_id` for what happened since `since`: others' posts only, nothing from
/// topics they muted, nothing hidden or deleted.
pub async fn gather(pool: &AnyPool, user_id: i64, since: i64) -> anyhow::Result<Digest> {
    let categories = readable(pool, user_id).await?;
    let mut digest = Digest::default();
    if !categories.is_empty() {
        // `ids` are integers from our own rows.
        let ids = categories.iter().map(|c| c.id.to_string()).collect::<Vec<_>>().join(",");
        let visible = format!(
            "t.category_id IN ({ids}) AND t.deleted_at IS NULL AND p.deleted_at IS NULL AND p.hidden_at IS NULL \
             AND p.created_at >= $1 AND (p.user_id IS NULL OR p.user_id <> $2) \
             AND NOT EXISTS (SELECT 1 FROM forum_reads r WHERE r.topic_id = t.id AND r.user_id = $2 AND r.level = 'muted')"
        );
        digest.topics = sqlx::query_as(&format!(
            "SELECT t.id, t.slug, t.title, COUNT(*) FROM forum_posts p JOIN forum_topics t ON t.id = p.topic_id \
             WHERE {visible} GROUP BY t.id, t.slug, t.title ORDER BY COUNT(*) DESC, MAX(p.created_at) DESC LIMIT {TOP}"
        ))
        .bind(since)
        .bind(user_id)
        .fetch_all(pool)
        .await
        .context("Failed to read a digest's topics")?;
        digest.replies = sqlx::query_as(&format!(
            "SELECT t.id, t.slug, t.title, p.number, u.display_name, p.body, p.like_count FROM forum_posts p \
             JOIN forum_topics t ON t.id = p.topic_id LEFT JOIN users u ON u.id = p.user_id \
             WHERE {visible} AND p.number > 1 ORDER BY p.like_count DESC, p.created_at DESC LIMIT {TOP}"
        ))
        .bind(since)
        .bind(user_id)
        .fetch_all(pool)
        .await
        .context("Failed to read a digest's replies")?;
    }
    digest.session = sqlx::query_as(
        "SELECT c.title, s.title, s.starts_at, s.time_zone FROM cohort_sessions s JOIN cohorts c ON c.id = s.cohort_id \
         JOIN cohort_members m ON m.cohort_id = c.id AND m.user_id = $1 AND m.state = 'enrolled' \
         WHERE s.starts_at > $2 AND s.cancelled_at IS NULL ORDER BY s.starts_at LIMIT 1",
    )
    .bind(user_id)
    .bind(now())
    .fetch_optional(pool)
    .await
    .context("Failed to read the next session")?;
    // Votes waiting for them: open polls whose frozen electorate holds them, not yet cast.
    digest.votes = sqlx::query_as(
        "SELECT p.id, p.slug, g.id, g.title, g.closes_at FROM gov_polls g JOIN gov_proposals p ON p.id = g.proposal_id \
         JOIN gov_electorate e ON e.poll_id = g.id AND e.user_id = $1 \
         WHERE g.state = 'open' AND g.closes_at > $2 \
         AND NOT EXISTS (SELECT 1 FROM gov_voters v WHERE v.poll_id = g.id AND v.user_id = $1) \
         ORDER BY g.closes_at LIMIT 10",
    )
    .bind(user_id)
    .bind(now())
    .fetch_all(pool)
    .await
    .context("Failed to read the votes waiting")?;
    Ok(digest)
}

/// The digest as the email's text, in the reader's language.
pub fn text(locale: Locale, base: &str, digest: &Digest) -> String {
    let topic_link = |id: i64, slug: &str| format!("{base}/{}/forum/t/{id}-{slug}", locale.code());
    let mut out = Vec::new();
    if !digest.topics.is_empty() {
        out.push(t(locale, "email-digest-topics"));
        for (id, slug, title, n) in &digest.topics {
            out.push(format!(
                "• {}\n  {}",
                t_args(locale, "email-digest-topic", &[("topic", title), ("count", &n.to_string())]),
                topic_link(*id, slug)
            ));
        }
        out.push(String::new());
    }
    if !digest.replies.is_empty() {
        out.push(t(locale, "email-digest-replies"));
        for (id, slug, title, number, writer, body, likes) in &digest.replies {
            let words =
                crate::kernel::markdown::post_text(body).split_whitespace().collect::<Vec<_>>().join(" ");
            let mut excerpt: String = words.chars().take(160).collect();
            if excerpt.len() < words.len() {
                excerpt.push('…');
            }
            let writer = writer.clone().unwrap_or_else(|| t(locale, "forum-former-member"));
            out.push(format!(
                "• {}\n  > {excerpt}\n  {}#post-{number}",
                t_args(
                    locale,
                    "email-digest-reply",
                    &[("writer", &writer), ("topic", title), ("likes", &likes.to_string())]
                ),
                topic_link(*id, slug)
            ));
        }
        out.push(String::new());
    }
    if !digest.votes.is_empty() {
        out.push(t(locale, "email-digest-votes"));
        for (proposal, slug, poll, title, closes) in &digest.votes {
            out.push(format!(
                "• {}\n  {base}/{}/governance/{proposal}-{slug}#poll-{poll}",
                t_args(
                    locale,
                    "email-digest-vote",
                    &[("poll", title), ("closes", &crate::kernel::zones::format_utc(*closes))]
                ),
                locale.code()
            ));
        }
        out.push(String::new());
    }
    if let Some((cohort, session, starts, zone)) = &digest.session {
        let title = if session.is_empty() { cohort.clone() } else { format!("{cohort}: {session}") };
        out.push(t_args(
            locale,
            "email-digest-session",
            &[("session", &title), ("when", &crate::cohorts::jobs::local_time(*starts, zone))],
        ));
    }
    out.join("\n").trim_end().to_owned()
}

/// (address, name, language, frequency, last sent, created, unsubscribe token)
type Recipient = (String, String, String, String, Option<i64>, i64, Option<String>);

/// Sends one person's digest (or, when nothing happened, just notes it as sent).
pub async fn send(ctx: Context, payload: serde_json::Value) -> anyhow::Result<()> {
    let user_id = payload["user"].as_i64().context("a digest job names its person")?;
    let row: Option<Recipient> = sqlx::query_as(
        "SELECT u.email, u.display_name, u.locale, u.digest, u.digest_sent_at, u.created_at, fp.unsubscribe_token \
         FROM users u LEFT JOIN forum_people fp ON fp.user_id = u.id WHERE u.id = $1 AND u.email IS NOT NULL \
         AND u.disabled_at IS NULL AND u.deleted_at IS NULL",
    )
    .bind(user_id)
    .fetch_optional(&ctx.pool)
    .await
    .context("Failed to read a digest's recipient")?;
    let Some((address, name, locale, frequency, sent, created, token)) = row else { return Ok(()) };
    let Some(frequency) = Frequency::parse(&frequency).filter(|f| *f != Frequency::Never) else {
        return Ok(());
    };
    let now = now();
    // What happened since the last digest, and never more than one period back.
    let since = sent.unwrap_or(created).max(now - frequency.days() * 86_400);
    let digest = gather(&ctx.pool, user_id, since).await?;
    let locale = Locale::from_segment(&locale).unwrap_or_default();
    let mut tx = crate::kernel::db::begin(&ctx.pool).await?;
    let token = match token {
        Some(t) => t,
        None => {
            store::ensure_profile(&mut tx, user_id, &name, 0).await.map_err(|e| anyhow::anyhow!("{e:?}"))?
        }
    };
    if !digest.is_empty() {
        let link = format!("{}/{}/forum", ctx.public_base, locale.code());
        let unsubscribe =
            format!("{}/{}/forum/unsubscribe/{token}?what=digest", ctx.public_base, locale.code());
        let kind = if frequency == Frequency::Daily { "email-digest-daily" } else { "email-digest-weekly" };
        let mail = crate::mail::compose_with(
            locale,
            kind,
            &[("name", name.as_str()), ("digest", &text(locale, &ctx.public_base, &digest))],
            &link,
        )
        .unsubscribable(unsubscribe);
        crate::mail::enqueue(&mut tx, Some(user_id), &address, mail).await?;
    }
    sqlx::query("UPDATE users SET digest_sent_at = $2 WHERE id = $1")
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .context("Failed to note a digest sent")?;
    tx.commit().await.context("Failed to commit a digest")?;
    if !digest.is_empty() {
        ctx.mail_notify.notify_one();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str, zone: &str) -> i64 {
        let dt: jiff::civil::DateTime = s.parse().unwrap();
        dt.to_zoned(TimeZone::get(zone).unwrap()).unwrap().timestamp().as_second()
    }

    #[test]
    fn daily_digests_go_out_from_eight_in_the_persons_zone() {
        let lima = TimeZone::get("America/Lima").unwrap();
        let last = at("2026-03-09T08:05", "America/Lima");
        let seen = last;
        assert_eq!(due(at("2026-03-10T07:59", "America/Lima"), &lima, Frequency::Daily, last, seen), None);
        assert_eq!(
            due(at("2026-03-10T08:00", "America/Lima"), &lima, Frequency::Daily, last, seen).as_deref(),
            Some("2026-03-10")
        );
        // 08:00 in Lima is 13:00 UTC: at 12:30 UTC a Lima digest is not due, a UTC one is.
        let now = at("2026-03-10T12:30", "UTC");
        assert_eq!(due(now, &lima, Frequency::Daily, last, seen), None);
        assert!(due(now, &TimeZone::UTC, Frequency::Daily, last, seen).is_some());
        // Not twice the same day.
        let sent = at("2026-03-10T08:00", "America/Lima");
        assert_eq!(due(at("2026-03-10T20:00", "America/Lima"), &lima, Frequency::Daily, sent, seen), None);
    }

    #[test]
    fn weekly_digests_wait_a_week_and_never_means_never() {
        let sp = TimeZone::get("America/Sao_Paulo").unwrap();
        let last = at("2026-03-02T08:10", "America/Sao_Paulo");
        for (day, expected) in [("2026-03-03", false), ("2026-03-08", false), ("2026-03-09", true)] {
            let now = at(&format!("{day}T09:00"), "America/Sao_Paulo");
            assert_eq!(due(now, &sp, Frequency::Weekly, last, now).is_some(), expected, "{day}");
        }
        let now = at("2026-03-20T09:00", "America/Sao_Paulo");
        assert_eq!(due(now, &sp, Frequency::Never, last, now), None);
    }

    #[test]
    fn people_away_more_than_180_days_get_none() {
        let now = at("2026-03-20T09:00", "UTC");
        assert!(due(now, &TimeZone::UTC, Frequency::Daily, 0, now - 179 * 86_400).is_some());
        assert_eq!(due(now, &TimeZone::UTC, Frequency::Daily, 0, now - 181 * 86_400), None);
    }

    #[test]
    fn the_zone_is_the_persons_then_their_cohorts_then_utc() {
        assert_eq!(zone_of("America/Bogota", Some("America/Lima")), TimeZone::get("America/Bogota").unwrap());
        assert_eq!(zone_of("", Some("America/Lima")), TimeZone::get("America/Lima").unwrap());
        assert_eq!(zone_of("Not/AZone", None), TimeZone::UTC);
    }
}
