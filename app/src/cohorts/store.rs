//! The cohorts domain's SQL for cohorts, their team and learners, sessions and attendance. One
//! SQL text for both engines; times are Unix seconds; flags are 0/1. Pages read through a fixed
//! number of queries whatever the cohort's size (no query per person).

use super::types::{Attendance, Enrolment, MemberState, Role, State, Visibility};
use crate::kernel::clock::now;
use crate::kernel::db::Tx;
use anyhow::Context;
use sqlx::{AnyPool, Row};
use std::collections::HashMap;

/// A cohort as stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Cohort {
    pub id: i64,
    pub slug: String,
    pub course: String,
    pub locale: String,
    pub title: String,
    pub description: String,
    pub institution: String,
    pub capacity: i64,
    pub visibility: Visibility,
    pub enrolment: Enrolment,
    pub code: String,
    pub state: State,
    pub time_zone: String,
    pub core_hour_budget: Option<i64>,
    pub cert_attendance: i64,
    pub cert_survey: bool,
    pub cert_episodes: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What a cohort's form sets.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortInput {
    pub slug: String,
    pub course: String,
    pub locale: String,
    pub title: String,
    pub description: String,
    pub institution: String,
    pub capacity: i64,
    pub visibility: Visibility,
    pub enrolment: Enrolment,
    pub time_zone: String,
    pub core_hour_budget: Option<i64>,
    pub cert_attendance: i64,
    pub cert_survey: bool,
    pub cert_episodes: bool,
}

const COHORT_COLUMNS: &str = "id, slug, course, locale, title, description, institution, capacity, visibility, \
     enrolment, code, state, time_zone, core_hour_budget, cert_attendance, cert_survey, cert_episodes, created_at, \
     updated_at";

fn cohort_of(r: &sqlx::any::AnyRow) -> Cohort {
    Cohort {
        id: r.get(0),
        slug: r.get(1),
        course: r.get(2),
        locale: r.get(3),
        title: r.get(4),
        description: r.get(5),
        institution: r.get(6),
        capacity: r.get(7),
        visibility: Visibility::parse(&r.get::<String, _>(8)).unwrap_or(Visibility::Unlisted),
        enrolment: Enrolment::parse(&r.get::<String, _>(9)).unwrap_or(Enrolment::Application),
        code: r.get(10),
        state: State::parse(&r.get::<String, _>(11)).unwrap_or(State::Draft),
        time_zone: r.get(12),
        core_hour_budget: r.get(13),
        cert_attendance: r.get(14),
        cert_survey: r.get::<i64, _>(15) == 1,
        cert_episodes: r.get::<i64, _>(16) == 1,
        created_at: r.get(17),
        updated_at: r.get(18),
    }
}

/// Creates a cohort with `lead` as its lead trainer; `None` when the slug is taken.
pub async fn create(
    tx: &mut Tx<'_>,
    input: &CohortInput,
    lead: i64,
    code: &str,
) -> anyhow::Result<Option<i64>> {
    let now = now();
    let id: Option<i64> = sqlx::query(
        "INSERT INTO cohorts (slug, course, locale, title, description, institution, capacity, visibility, enrolment, \
         code, state, time_zone, core_hour_budget, cert_attendance, cert_survey, cert_episodes, created_by, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', $11, $12, $13, $14, $15, $16, $17, $17) \
         ON CONFLICT (slug) DO NOTHING RETURNING id",
    )
    .bind(&input.slug)
    .bind(&input.course)
    .bind(&input.locale)
    .bind(&input.title)
    .bind(&input.description)
    .bind(&input.institution)
    .bind(input.capacity)
    .bind(input.visibility.code())
    .bind(input.enrolment.code())
    .bind(code)
    .bind(&input.time_zone)
    .bind(input.core_hour_budget)
    .bind(input.cert_attendance)
    .bind(i64::from(input.cert_survey))
    .bind(i64::from(input.cert_episodes))
    .bind(lead)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await
    .context("Failed to create a cohort")?
    .map(|r| r.get(0));
    let Some(id) = id else { return Ok(None) };
    put_member(tx, id, lead, Role::Lead, MemberState::Enrolled, "").await?;
    Ok(Some(id))
}

/// Changes a cohort's settings; `false` when the new slug is taken by another cohort.
pub async fn update(tx: &mut Tx<'_>, id: i64, input: &CohortInput) -> anyhow::Result<bool> {
    let taken: Option<i64> = sqlx::query("SELECT id FROM cohorts WHERE slug = $1 AND id <> $2")
        .bind(&input.slug)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .context("Failed to check a slug")?
        .map(|r| r.get(0));
    if taken.is_some() {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE cohorts SET slug = $2, course = $3, locale = $4, title = $5, description = $6, institution = $7, \
         capacity = $8, visibility = $9, enrolment = $10, time_zone = $11, core_hour_budget = $12, \
         cert_attendance = $13, cert_survey = $14, cert_episodes = $15, updated_at = $16 WHERE id = $1",
    )
    .bind(id)
    .bind(&input.slug)
    .bind(&input.course)
    .bind(&input.locale)
    .bind(&input.title)
    .bind(&input.description)
    .bind(&input.institution)
    .bind(input.capacity)
    .bind(input.visibility.code())
    .bind(input.enrolment.code())
    .bind(&input.time_zone)
    .bind(input.core_hour_budget)
    .bind(input.cert_attendance)
    .bind(i64::from(input.cert_survey))
    .bind(i64::from(input.cert_episodes))
    .bind(now())
    .execute(&mut **tx)
    .await
    .context("Failed to update a cohort")?;
    Ok(true)
}

pub async fn by_slug(pool: &AnyPool, slug: &str) -> anyhow::Result<Option<Cohort>> {
    Ok(sqlx::query(&format!("SELECT {COHORT_COLUMNS} FROM cohorts WHERE slug = $1"))
        .bind(slug)
        .fetch_optional(pool)
        .await
        .context("Failed to read a cohort")?
        .as_ref()
        .map(cohort_of))
}

pub async fn by_id<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    ex: E,
    id: i64,
) -> anyhow::Result<Option<Cohort>> {
    Ok(sqlx::query(&format!("SELECT {COHORT_COLUMNS} FROM cohorts WHERE id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
        .context("Failed to read a cohort")?
        .as_ref()
        .map(cohort_of))
}

/// Takes the cohort's row lock for the rest of the transaction (both engines: an update is a
/// write lock), so seat counting and the waitlist are decided one request at a time.
pub async fn lock(tx: &mut Tx<'_>, id: i64) -> anyhow::Result<Option<Cohort>> {
    sqlx::query("UPDATE cohorts SET updated_at = updated_at WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await
        .context("Failed to lock a cohort")?;
    by_id(&mut **tx, id).await
}

pub async fn set_state(pool: &AnyPool, id: i64, state: State) -> anyhow::Result<()> {
    sqlx::query("UPDATE cohorts SET state = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(state.code())
        .bind(now())
        .execute(pool)
        .await
        .context("Failed to change a cohort's state")?;
    Ok(())
}

pub async fn set_code(pool: &AnyPool, id: i64, code: &str) -> anyhow::Result<()> {
    sqlx::query("UPDATE cohorts SET code = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(code)
        .bind(now())
        .execute(pool)
        .await
        .context("Failed to change an enrolment code")?;
    Ok(())
}

/// One line of the public cohort list.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Listed {
    pub slug: String,
    pub title: String,
    pub course: String,
    pub locale: String,
    pub institution: String,
    pub state: State,
    pub enrolment: Enrolment,
    pub capacity: i64,
    pub enrolled: i64,
    pub first_session: Option<i64>,
    pub time_zone: String,
}

/// Published, running and finished cohorts that are listed, soonest first.
pub async fn listed(pool: &AnyPool) -> anyhow::Result<Vec<Listed>> {
    let rows = sqlx::query(
        "SELECT c.slug, c.title, c.course, c.locale, c.institution, c.state, c.enrolment, c.capacity, \
         (SELECT COUNT(*) FROM cohort_members m WHERE m.cohort_id = c.id AND m.role = 'learner' AND m.state = 'enrolled'), \
         (SELECT MIN(s.starts_at) FROM cohort_sessions s WHERE s.cohort_id = c.id AND s.cancelled_at IS NULL), \
         c.time_zone FROM cohorts c WHERE c.visibility = 'listed' AND c.state IN ('published', 'running', 'finished') \
         ORDER BY CASE c.state WHEN 'finished' THEN 1 ELSE 0 END, c.created_at DESC LIMIT 200",
    )
    .fetch_all(pool)
    .await
    .context("Failed to list cohorts")?;
    Ok(rows
        .iter()
        .map(|r| Listed {
            slug: r.get(0),
            title: r.get(1),
            course: r.get(2),
            locale: r.get(3),
            institution: r.get(4),
            state: State::parse(&r.get::<String, _>(5)).unwrap_or(State::Published),
            enrolment: Enrolment::parse(&r.get::<String, _>(6)).unwrap_or(Enrolment::Application),
            capacity: r.get(7),
            enrolled: r.get(8),
            first_session: r.get(9),
            time_zone: r.get(10),
        })
        .collect())
}

/// A person's place in a cohort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Membership {
    pub role: Role,
    pub state: MemberState,
}

impl Membership {
    /// In the cohort now (enrolled, in any role).
    pub fn active(&self) -> bool {
        self.state == MemberState::Enrolled
    }

    /// Their role, if they are in the cohort now.
    pub fn active_role(&self) -> Option<Role> {
        self.active().then_some(self.role)
    }
}

pub async fn membership<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    ex: E,
    cohort_id: i64,
    user_id: i64,
) -> anyhow::Result<Option<Membership>> {
    Ok(sqlx::query("SELECT role, state FROM cohort_members WHERE cohort_id = $1 AND user_id = $2")
        .bind(cohort_id)
        .bind(user_id)
        .fetch_optional(ex)
        .await
        .context("Failed to read a membership")?
        .and_then(|r| {
            Some(Membership {
                role: Role::parse(&r.get::<String, _>(0))?,
                state: MemberState::parse(&r.get::<String, _>(1))?,
            })
        }))
}

/// Adds or changes a person's place (one row per person and cohort: the schema forbids two).
pub async fn put_member(
    tx: &mut Tx<'_>,
    cohort_id: i64,
    user_id: i64,
    role: Role,
    state: MemberState,
    motivation: &str,
) -> anyhow::Result<()> {
    let now = now();
    sqlx::query(
        "INSERT INTO cohort_members (cohort_id, user_id, role, state, motivation, queued_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6, $6) ON CONFLICT (cohort_id, user_id) DO UPDATE SET role = excluded.role, \
         state = excluded.state, motivation = excluded.motivation, queued_at = excluded.queued_at, \
         updated_at = excluded.updated_at",
    )
    .bind(cohort_id)
    .bind(user_id)
    .bind(role.code())
    .bind(state.code())
    .bind(motivation)
    .bind(now)
    .execute(&mut **tx)
    .await
    .context("Failed to record a membership")?;
    Ok(())
}

/// Changes only the state (keeping the waitlist position and motivation).
pub async fn set_member_state(
    tx: &mut Tx<'_>,
    cohort_id: i64,
    user_id: i64,
    state: MemberState,
) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE cohort_members SET state = $3, updated_at = $4 WHERE cohort_id = $1 AND user_id = $2",
    )
    .bind(cohort_id)
    .bind(user_id)
    .bind(state.code())
    .bind(now())
    .execute(&mut **tx)
    .await
    .context("Failed to change a membership")?;
    Ok(())
}

/// Learners holding a seat.
pub async fn seats_taken(tx: &mut Tx<'_>, cohort_id: i64) -> anyhow::Result<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM cohort_members WHERE cohort_id = $1 AND role = 'learner' AND state = 'enrolled'",
    )
    .bind(cohort_id)
    .fetch_one(&mut **tx)
    .await
    .context("Failed to count seats")?;
    Ok(n)
}

/// The waitlist, first come first.
pub async fn waitlist(tx: &mut Tx<'_>, cohort_id: i64) -> anyhow::Result<Vec<i64>> {
    Ok(sqlx::query(
        "SELECT user_id FROM cohort_members WHERE cohort_id = $1 AND state = 'waitlisted' ORDER BY queued_at, id",
    )
    .bind(cohort_id)
    .fetch_all(&mut **tx)
    .await
    .context("Failed to read the waitlist")?
    .iter()
    .map(|r| r.get(0))
    .collect())
}

/// Whom an email goes to: address, name and language.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub locale: String,
}

pub async fn recipient<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    ex: E,
    user_id: i64,
) -> anyhow::Result<Option<Recipient>> {
    Ok(sqlx::query("SELECT id, email, display_name, locale FROM users WHERE id = $1 AND deleted_at IS NULL")
        .bind(user_id)
        .fetch_optional(ex)
        .await
        .context("Failed to read a recipient")?
        .and_then(|r| {
            Some(Recipient {
                user_id: r.get(0),
                email: r.get::<Option<String>, _>(1)?,
                name: r.get(2),
                locale: r.get(3),
            })
        }))
}

/// A verified, active account by email (adding someone to a team).
pub async fn user_by_email(pool: &AnyPool, email: &str) -> anyhow::Result<Option<(i64, String)>> {
    Ok(sqlx::query(
        "SELECT id, display_name FROM users WHERE email = $1 AND deleted_at IS NULL AND disabled_at IS NULL \
         AND email_verified_at IS NOT NULL",
    )
    .bind(email)
    .fetch_optional(pool)
    .await
    .context("Failed to find an account")?
    .map(|r| (r.get(0), r.get(1))))
}

/// One session of a cohort.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Session {
    pub id: i64,
    pub cohort_id: i64,
    pub title: String,
    pub starts_at: i64,
    pub minutes: i64,
    pub time_zone: String,
    pub place: String,
    pub link: String,
    pub episodes: Vec<String>,
    pub sequence: i64,
    pub cancelled_at: Option<i64>,
    pub updated_at: i64,
}

impl Session {
    pub fn ends_at(&self) -> i64 {
        self.starts_at + self.minutes * 60
    }

    pub fn cancelled(&self) -> bool {
        self.cancelled_at.is_some()
    }
}

/// What a session's form sets.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionInput {
    pub title: String,
    pub starts_at: i64,
    pub minutes: i64,
    pub time_zone: String,
    pub place: String,
    pub link: String,
    pub episodes: Vec<String>,
}

const SESSION_COLUMNS: &str =
    "id, cohort_id, title, starts_at, minutes, time_zone, place, link, episodes, sequence, cancelled_at, updated_at";

fn session_of(r: &sqlx::any::AnyRow) -> Session {
    Session {
        id: r.get(0),
        cohort_id: r.get(1),
        title: r.get(2),
        starts_at: r.get(3),
        minutes: r.get(4),
        time_zone: r.get(5),
        place: r.get(6),
        link: r.get(7),
        episodes: r.get::<String, _>(8).split_whitespace().map(str::to_owned).collect(),
        sequence: r.get(9),
        cancelled_at: r.get(10),
        updated_at: r.get(11),
    }
}

pub async fn sessions<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    ex: E,
    cohort_id: i64,
) -> anyhow::Result<Vec<Session>> {
    Ok(sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS} FROM cohort_sessions WHERE cohort_id = $1 ORDER BY starts_at, id"
    ))
    .bind(cohort_id)
    .fetch_all(ex)
    .await
    .context("Failed to read sessions")?
    .iter()
    .map(session_of)
    .collect())
}

pub async fn session<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    ex: E,
    id: i64,
) -> anyhow::Result<Option<Session>> {
    Ok(sqlx::query(&format!("SELECT {SESSION_COLUMNS} FROM cohort_sessions WHERE id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
        .context("Failed to read a session")?
        .as_ref()
        .map(session_of))
}

pub async fn add_session(tx: &mut Tx<'_>, cohort_id: i64, s: &SessionInput) -> anyhow::Result<i64> {
    let now = now();
    let row = sqlx::query(
        "INSERT INTO cohort_sessions (cohort_id, title, starts_at, minutes, time_zone, place, link, episodes, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(cohort_id)
    .bind(&s.title)
    .bind(s.starts_at)
    .bind(s.minutes)
    .bind(&s.time_zone)
    .bind(&s.place)
    .bind(&s.link)
    .bind(s.episodes.join(" "))
    .bind(now)
    .fetch_one(&mut **tx)
    .await
    .context("Failed to add a session")?;
    Ok(row.get(0))
}

/// Changes a session; its calendar SEQUENCE goes up so calendars replace the old event.
pub async fn update_session(tx: &mut Tx<'_>, id: i64, s: &SessionInput) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE cohort_sessions SET title = $2, starts_at = $3, minutes = $4, time_zone = $5, place = $6, link = $7, \
         episodes = $8, sequence = sequence + 1, updated_at = $9 WHERE id = $1",
    )
    .bind(id)
    .bind(&s.title)
    .bind(s.starts_at)
    .bind(s.minutes)
    .bind(&s.time_zone)
    .bind(&s.place)
    .bind(&s.link)
    .bind(s.episodes.join(" "))
    .bind(now())
    .execute(&mut **tx)
    .await
    .context("Failed to change a session")?;
    Ok(())
}

/// Cancels a session (kept, so calendars learn of it as STATUS:CANCELLED).
pub async fn cancel_session(tx: &mut Tx<'_>, id: i64) -> anyhow::Result<()> {
    let now = now();
    sqlx::query(
        "UPDATE cohort_sessions SET cancelled_at = $2, sequence = sequence + 1, updated_at = $2 \
         WHERE id = $1 AND cancelled_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(&mut **tx)
    .await
    .context("Failed to cancel a session")?;
    Ok(())
}

/// Records attendance (one row per session and person: a second mark replaces the first).
pub async fn mark(
    tx: &mut Tx<'_>,
    session_id: i64,
    user_id: i64,
    status: Attendance,
    by: i64,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO attendance (session_id, user_id, status, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (session_id, user_id) DO UPDATE SET status = excluded.status, recorded_by = excluded.recorded_by, \
         recorded_at = excluded.recorded_at",
    )
    .bind(session_id)
    .bind(user_id)
    .bind(status.code())
    .bind(by)
    .bind(now())
    .execute(&mut **tx)
    .await
    .context("Failed to record attendance")?;
    Ok(())
}

/// One person on a cohort's roster, with everything the trainer's page shows.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RosterRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub institution: String,
    pub role: Role,
    pub state: MemberState,
    pub motivation: String,
    pub queued_at: i64,
    /// session id → status
    pub attendance: HashMap<i64, Attendance>,
    /// Sessions attended (present or late) of the sessions held so far.
    pub attended: i64,
    pub episodes_done: i64,
    pub survey_answered: bool,
    /// `valid`, `revoked`, or empty.
    pub certificate: String,
    pub core_hours: f64,
}

/// Everyone in the cohort (any state) with their figures, in one query: the per-person figures are
/// counted by the database (indexed lookups per member), so a page reads one row per person and
/// not one per attendance mark. `held` are the sessions held so far (`service::held`); the marks
/// per session are left empty (see `marks`).
pub async fn roster(pool: &AnyPool, cohort: &Cohort, held: &[i64]) -> anyhow::Result<Vec<RosterRow>> {
    // The held sessions are ids the server computed; they are written into the statement as numbers.
    // `+n.cohort_id` keeps SQLite on the per-person index of notebook servers (the cohort index would
    // read every server of the cohort once per member).
    let held_list = if held.is_empty() {
        "NULL".to_owned()
    } else {
        held.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
    };
    let sql = format!(
        "SELECT m.user_id, u.display_name, COALESCE(u.email, ''), u.institution, m.role, m.state, m.motivation, \
         m.queued_at, \
         (SELECT COUNT(*) FROM attendance a WHERE a.user_id = m.user_id AND a.session_id IN ({held_list}) \
           AND a.status IN ('present', 'late')), \
         (SELECT COUNT(*) FROM lesson_progress p WHERE p.user_id = m.user_id AND p.course = $2 \
           AND p.done_at IS NOT NULL), \
         (SELECT COUNT(*) FROM survey_takers t WHERE t.cohort_id = m.cohort_id AND t.survey = 'post' \
           AND t.user_id = m.user_id), \
         COALESCE((SELECT CASE WHEN c.revoked_at IS NULL THEN 'valid' ELSE 'revoked' END FROM certificates c \
           WHERE c.user_id = m.user_id AND c.scope = $3), ''), \
         COALESCE((SELECT CAST(SUM(CASE WHEN COALESCE(n.stopped_at, $4) > COALESCE(n.ready_at, n.created_at) \
           THEN (COALESCE(n.stopped_at, $4) - COALESCE(n.ready_at, n.created_at)) * n.cpu_millis ELSE 0 END) AS BIGINT) \
           FROM notebook_servers n WHERE n.user_id = m.user_id AND +n.cohort_id = m.cohort_id), 0) \
         FROM cohort_members m JOIN users u ON u.id = m.user_id WHERE m.cohort_id = $1 \
         ORDER BY CASE m.role WHEN 'lead' THEN 0 WHEN 'trainer' THEN 1 WHEN 'helper' THEN 2 ELSE 3 END, \
         u.display_name, m.user_id"
    );
    let rows = sqlx::query(&sql)
        .bind(cohort.id)
        .bind(&cohort.course)
        .bind(format!("cohort:{}", cohort.id))
        .bind(now())
        .persistent(held.is_empty())
        .fetch_all(pool)
        .await
        .context("Failed to read the roster")?;
    Ok(rows
        .iter()
        .map(|r| RosterRow {
            user_id: r.get(0),
            name: r.get(1),
            email: r.get(2),
            institution: r.get(3),
            role: Role::parse(&r.get::<String, _>(4)).unwrap_or(Role::Learner),
            state: MemberState::parse(&r.get::<String, _>(5)).unwrap_or(MemberState::Withdrawn),
            motivation: r.get(6),
            queued_at: r.get(7),
            attendance: HashMap::new(),
            attended: r.get(8),
            episodes_done: r.get(9),
            survey_answered: r.get::<i64, _>(10) > 0,
            certificate: r.get(11),
            // CPU-millis × seconds, summed by the database: core-hours = that / 1000 / 3600.
            core_hours: r.get::<i64, _>(12) as f64 / 3_600_000.0,
        })
        .collect())
}

/// The attendance marks of a cohort: person → session → status (for the attendance form and the
/// CSV export, which show each session).
pub async fn marks(pool: &AnyPool, cohort_id: i64) -> anyhow::Result<HashMap<i64, HashMap<i64, Attendance>>> {
    let mut marks: HashMap<i64, HashMap<i64, Attendance>> = HashMap::new();
    for r in sqlx::query(
        "SELECT a.user_id, a.session_id, a.status FROM attendance a JOIN cohort_sessions s ON s.id = a.session_id \
         WHERE s.cohort_id = $1",
    )
    .bind(cohort_id)
    .fetch_all(pool)
    .await
    .context("Failed to read attendance")?
    {
        if let Some(status) = Attendance::parse(&r.get::<String, _>(2)) {
            marks.entry(r.get(0)).or_default().insert(r.get(1), status);
        }
    }
    Ok(marks)
}

/// The roster with each person's marks per session filled in.
pub async fn roster_with_marks(
    pool: &AnyPool,
    cohort: &Cohort,
    held: &[i64],
) -> anyhow::Result<Vec<RosterRow>> {
    let mut rows = roster(pool, cohort, held).await?;
    let mut marks = marks(pool, cohort.id).await?;
    for r in &mut rows {
        r.attendance = marks.remove(&r.user_id).unwrap_or_default();
    }
    Ok(rows)
}

/// Core-hours of one server span: requested CPU times the time it ran.
pub fn core_hours(cpu_millis: i64, from: i64, to: i64) -> f64 {
    (to - from).max(0) as f64 / 3600.0 * cpu_millis as f64 / 1000.0
}

/// Notebook core-hours used under a cohort so far (running servers count up to now).
pub async fn cohort_core_hours<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    ex: E,
    cohort_id: i64,
) -> anyhow::Result<f64> {
    let now = now();
    Ok(sqlx::query(
        "SELECT cpu_millis, COALESCE(ready_at, created_at), COALESCE(stopped_at, $2) FROM notebook_servers \
         WHERE cohort_id = $1",
    )
    .bind(cohort_id)
    .bind(now)
    .fetch_all(ex)
    .await
    .context("Failed to read a cohort's notebook use")?
    .iter()
    .map(|r| core_hours(r.get(0), r.get(1), r.get(2)))
    .sum())
}

/// A person's cohorts (any role, enrolled, applied or waitlisted), newest first.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Mine {
    pub slug: String,
    pub title: String,
    pub role: Role,
    pub member_state: MemberState,
    pub state: State,
    pub next_session: Option<i64>,
    pub time_zone: String,
}

pub async fn mine(pool: &AnyPool, user_id: i64) -> anyhow::Result<Vec<Mine>> {
    let now = now();
    Ok(sqlx::query(
        "SELECT c.slug, c.title, m.role, m.state, c.state, (SELECT MIN(s.starts_at) FROM cohort_sessions s \
         WHERE s.cohort_id = c.id AND s.cancelled_at IS NULL AND s.starts_at + s.minutes * 60 > $2), c.time_zone \
         FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id WHERE m.user_id = $1 \
         AND m.state IN ('enrolled', 'applied', 'waitlisted') AND c.state <> 'archived' ORDER BY c.created_at DESC",
    )
    .bind(user_id)
    .bind(now)
    .fetch_all(pool)
    .await
    .context("Failed to read one's cohorts")?
    .iter()
    .map(|r| Mine {
        slug: r.get(0),
        title: r.get(1),
        role: Role::parse(&r.get::<String, _>(2)).unwrap_or(Role::Learner),
        member_state: MemberState::parse(&r.get::<String, _>(3)).unwrap_or(MemberState::Withdrawn),
        state: State::parse(&r.get::<String, _>(4)).unwrap_or(State::Draft),
        next_session: r.get(5),
        time_zone: r.get(6),
    })
    .collect())
}

/// Every session of every cohort a person is in now (for their private calendar).
pub async fn sessions_of_person(
    pool: &AnyPool,
    user_id: i64,
) -> anyhow::Result<Vec<(Session, String, String)>> {
    Ok(sqlx::query(&format!(
        "SELECT {}, c.title, c.slug FROM cohort_sessions s JOIN cohorts c ON c.id = s.cohort_id \
         JOIN cohort_members m ON m.cohort_id = c.id WHERE m.user_id = $1 AND m.state = 'enrolled' \
         AND c.state IN ('published', 'running', 'finished') ORDER BY s.starts_at",
        SESSION_COLUMNS.split(", ").map(|c| format!("s.{c}")).collect::<Vec<_>>().join(", ")
    ))
    .bind(user_id)
    .fetch_all(pool)
    .await
    .context("Failed to read one's sessions")?
    .iter()
    .map(|r| (session_of(r), r.get(12), r.get(13)))
    .collect())
}

/// Stores the hash of a person's calendar token (replacing, and so revoking, the old one).
pub async fn set_feed_token(pool: &AnyPool, user_id: i64, token_hash: &str) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
    )
    .bind(user_id)
    .bind(token_hash)
    .bind(now())
    .execute(pool)
    .await
    .context("Failed to store a calendar token")?;
    Ok(())
}

pub async fn feed_owner(pool: &AnyPool, token_hash: &str) -> anyhow::Result<Option<i64>> {
    Ok(sqlx::query(
        "SELECT f.user_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id WHERE f.token_hash = $1 \
         AND u.deleted_at IS NULL AND u.disabled_at IS NULL",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await
    .context("Failed to read a calendar token")?
    .map(|r| r.get(0)))
}

pub async fn has_feed(pool: &AnyPool, user_id: i64) -> anyhow::Result<bool> {
    Ok(sqlx::query("SELECT 1 FROM calendar_feeds WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await
        .context("Failed to read a calendar token")?
        .is_some())
}

pub async fn delete_feed(pool: &AnyPool, user_id: i64) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1")
        .bind(user_id)
        .execute(pool)
        .await
        .context("Failed to revoke a calendar token")?;
    Ok(())
}

/// The notebook profiles a cohort grants.
pub async fn granted_profiles<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    ex: E,
    cohort_id: i64,
) -> anyhow::Result<Vec<String>> {
    Ok(sqlx::query("SELECT profile FROM cohort_profiles WHERE cohort_id = $1 ORDER BY profile")
        .bind(cohort_id)
        .fetch_all(ex)
        .await
        .context("Failed to read granted profiles")?
        .iter()
        .map(|r| r.get(0))
        .collect())
}

pub async fn set_granted_profiles(
    tx: &mut Tx<'_>,
    cohort_id: i64,
    profiles: &[String],
) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM cohort_profiles WHERE cohort_id = $1")
        .bind(cohort_id)
        .execute(&mut **tx)
        .await
        .context("Failed to clear granted profiles")?;
    for p in profiles {
        sqlx::query("INSERT INTO cohort_profiles (cohort_id, profile) VALUES ($1, $2)")
            .bind(cohort_id)
            .bind(p)
            .execute(&mut **tx)
            .await
            .context("Failed to grant a profile")?;
    }
    Ok(())
}

/// The cohort a launch of `course` by this person is accounted to: the newest published or
/// running cohort of that course they are in now.
pub async fn cohort_for_launch(pool: &AnyPool, user_id: i64, course: &str) -> anyhow::Result<Option<Cohort>> {
    Ok(sqlx::query(&format!(
        "SELECT {} FROM cohorts c JOIN cohort_members m ON m.cohort_id = c.id WHERE m.user_id = $1 \
         AND m.state = 'enrolled' AND c.course = $2 AND c.state IN ('published', 'running') \
         ORDER BY c.created_at DESC LIMIT 1",
        COHORT_COLUMNS.split(", ").map(|c| format!("c.{c}")).collect::<Vec<_>>().join(", ")
    ))
    .bind(user_id)
    .bind(course)
    .fetch_optional(pool)
    .await
    .context("Failed to find a launch's cohort")?
    .as_ref()
    .map(cohort_of))
}
