//! The cohorts domain's durable jobs: a reminder the day before each session, sent once, in each
//! person's language and time zone, also when Puente was down when it fell due.

use super::store;
use crate::i18n::Locale;
use crate::jobs::{Context, NewJob};
use crate::kernel::clock::now;
use crate::kernel::db::Tx;
use anyhow::Context as _;
use sqlx::Row;

pub const SESSION_REMINDER: &str = "cohort-session-reminder";

/// How long before a session its reminder goes out.
pub const REMINDER_BEFORE: i64 = 24 * 3600;

/// Schedules the reminder of one version (`sequence`) of a session. A changed session gets a new
/// job; the old one finds the sequence moved on and sends nothing.
pub async fn schedule_reminder(
    tx: &mut Tx<'_>,
    session_id: i64,
    sequence: i64,
    starts_at: i64,
) -> anyhow::Result<()> {
    let run_at = (starts_at - REMINDER_BEFORE).max(now());
    if starts_at <= now() {
        return Ok(());
    }
    crate::jobs::enqueue(
        &mut **tx,
        &NewJob {
            kind: SESSION_REMINDER,
            key: format!("{SESSION_REMINDER}:{session_id}:{sequence}"),
            payload: serde_json::json!({ "session": session_id, "sequence": sequence }),
            run_at,
        },
    )
    .await?;
    Ok(())
}

/// A moment as a person reads it: date, time and the zone's name.
pub fn local_time(at: i64, zone: &str) -> String {
    let tz = jiff::tz::TimeZone::get(zone).unwrap_or(jiff::tz::TimeZone::UTC);
    match jiff::Timestamp::from_second(at) {
        Ok(ts) => {
            let z = ts.to_zoned(tz);
            format!(
                "{} {:02}:{:02} ({})",
                z.date(),
                z.hour(),
                z.minute(),
                if zone.is_empty() { "UTC" } else { zone }
            )
        }
        Err(_) => String::new(),
    }
}

/// Sends the reminder to everyone in the cohort now, unless the session changed, was cancelled
/// or has already begun.
pub async fn session_reminder(ctx: Context, payload: serde_json::Value) -> anyhow::Result<()> {
    let session_id = payload["session"].as_i64().context("no session in the job")?;
    let sequence = payload["sequence"].as_i64().context("no sequence in the job")?;
    let Some(session) = store::session(&ctx.pool, session_id).await? else { return Ok(()) };
    if session.sequence != sequence || session.cancelled() || session.starts_at <= now() {
        return Ok(());
    }
    let Some(cohort) = store::by_id(&ctx.pool, session.cohort_id).await? else { return Ok(()) };
    if !cohort.state.open() {
        return Ok(());
    }
    let people = sqlx::query(
        "SELECT u.id, u.email, u.display_name, u.locale, u.time_zone FROM cohort_members m JOIN users u \
         ON u.id = m.user_id WHERE m.cohort_id = $1 AND m.state = 'enrolled' AND u.deleted_at IS NULL \
         AND u.disabled_at IS NULL AND u.email IS NOT NULL",
    )
    .bind(cohort.id)
    .fetch_all(&ctx.pool)
    .await
    .context("Failed to read whom to remind")?;
    let mut tx = crate::kernel::db::begin(&ctx.pool).await?;
    for p in &people {
        let (user_id, email, name, locale, zone): (i64, String, String, String, String) =
            (p.get(0), p.get(1), p.get(2), p.get(3), p.get(4));
        let locale = Locale::from_segment(&locale).unwrap_or_default();
        let zone = if zone.is_empty() { cohort.time_zone.clone() } else { zone };
        let when = local_time(session.starts_at, &zone);
        let link = format!("{}/{}/cohorts/{}", ctx.public_base, locale.code(), cohort.slug);
        let place = if session.link.is_empty() { session.place.clone() } else { session.link.clone() };
        let composed = crate::mail::compose_with(
            locale,
            "email-cohort-reminder",
            &[("name", &name), ("cohort", &cohort.title), ("when", &when), ("place", &place)],
            &link,
        );
        crate::mail::enqueue(&mut tx, Some(user_id), &email, composed).await?;
    }
    tx.commit().await.context("Failed to commit")?;
    ctx.mail_notify.notify_one();
    Ok(())
}

/// Registers this domain's job kinds.
pub fn register(registry: crate::jobs::Registry) -> crate::jobs::Registry {
    registry.with(SESSION_REMINDER, session_reminder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_the_readers_zone_with_its_name() {
        // 2027-03-02 14:30 UTC
        assert_eq!(local_time(1_803_997_800, "America/Bogota"), "2027-03-02 09:30 (America/Bogota)");
        assert_eq!(local_time(1_803_997_800, "America/Sao_Paulo"), "2027-03-02 11:30 (America/Sao_Paulo)");
        assert_eq!(local_time(1_803_997_800, ""), "2027-03-02 14:30 (UTC)");
    }
}
