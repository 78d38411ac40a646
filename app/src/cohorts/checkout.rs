//! The Train-the-Trainer checkout, after The Carpentries' instructor checkout (and AMY's states):
//! a Train-the-Trainer cohort's finishers become trainees with four steps, each not evaluated /
//! passed / asked to repeat / failed: **training** (the cohort, from attendance), **welcome
//! session** (recorded by a trainer), **teaching demo** (booked by the trainee, evaluated by a
//! certified trainer against the rubric) and **get involved** (helping or co-teaching a Puente
//! cohort counts by itself; otherwise evidence a trainer confirms). 90 days to finish, which an
//! admin may extend up to a year. When all four pass, the trainer role and a "certified trainer"
//! certificate come at once.

use super::service::{self, Links};
use super::store::{self, Cohort};
use super::types::{Role, StepResult};
use crate::auth::{authorize, Action, Actor};
use crate::errors::AppError;
use crate::i18n::{t, Locale};
use crate::jobs::NewJob;
use crate::kernel::clock::now;
use crate::kernel::db::{begin, Tx};
use anyhow::Context;
use sqlx::{AnyPool, Row};

/// The course whose cohorts make trainees.
pub const TTT_COURSE: &str = "train-the-trainer";
pub const DAY: i64 = 86_400;
pub const DEADLINE_DAYS: i64 = 90;
pub const MAX_DAYS: i64 = 365;
pub const DEADLINE_REMINDER: &str = "checkout-deadline-reminder";

/// The demo rubric: 3 content and 11 delivery criteria (a mark means "an opportunity to grow").
pub const CONTENT_CRITERIA: [&str; 3] = ["curriculum", "context", "correct"];
pub const DELIVERY_CRITERIA: [&str; 11] = [
    "typing",
    "environment",
    "fonts",
    "explains",
    "mistakes",
    "notes",
    "notifications",
    "just-easy",
    "pace",
    "clear",
    "attentive",
];
/// Marks from which the rubric suggests asking to repeat (the evaluator decides).
pub const REPEAT_HINT: usize = 3;

/// One trainee's checkout.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Checkout {
    pub user_id: i64,
    pub name: String,
    pub cohort_id: Option<i64>,
    pub training_end: i64,
    pub deadline: i64,
    pub training: StepResult,
    pub welcome: StepResult,
    pub demo: StepResult,
    pub involvement: StepResult,
    pub completed_at: Option<i64>,
}

impl Checkout {
    pub fn steps(&self) -> [(&'static str, StepResult); 4] {
        [
            ("training", self.training),
            ("welcome", self.welcome),
            ("demo", self.demo),
            ("involvement", self.involvement),
        ]
    }

    pub fn expired(&self, now: i64) -> bool {
        self.completed_at.is_none() && now > self.deadline
    }

    fn all_passed(&self) -> bool {
        self.steps().iter().all(|(_, r)| *r == StepResult::Passed)
    }
}

const COLUMNS: &str =
    "c.user_id, u.display_name, c.cohort_id, c.training_end, c.deadline, c.training, c.welcome, c.demo, \
     c.involvement, c.completed_at";

fn step(r: &sqlx::any::AnyRow, i: usize) -> StepResult {
    StepResult::parse(&r.get::<String, _>(i)).unwrap_or(StepResult::NotEvaluated)
}

fn of_row(r: &sqlx::any::AnyRow) -> Checkout {
    Checkout {
        user_id: r.get(0),
        name: r.get(1),
        cohort_id: r.get(2),
        training_end: r.get(3),
        deadline: r.get(4),
        training: step(r, 5),
        welcome: step(r, 6),
        demo: step(r, 7),
        involvement: step(r, 8),
        completed_at: r.get(9),
    }
}

pub async fn of_person<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    ex: E,
    user_id: i64,
) -> anyhow::Result<Option<Checkout>> {
    Ok(sqlx::query(&format!(
        "SELECT {COLUMNS} FROM checkouts c JOIN users u ON u.id = c.user_id WHERE c.user_id = $1"
    ))
    .bind(user_id)
    .fetch_optional(ex)
    .await
    .context("Failed to read a checkout")?
    .as_ref()
    .map(of_row))
}

pub async fn all(pool: &AnyPool) -> anyhow::Result<Vec<Checkout>> {
    Ok(sqlx::query(&format!(
        "SELECT {COLUMNS} FROM checkouts c JOIN users u ON u.id = c.user_id WHERE u.deleted_at IS NULL \
         ORDER BY c.completed_at IS NOT NULL, c.deadline"
    ))
    .fetch_all(pool)
    .await
    .context("Failed to read checkouts")?
    .iter()
    .map(of_row)
    .collect())
}

async fn set_step(tx: &mut Tx<'_>, user_id: i64, step: &str, result: StepResult) -> anyhow::Result<()> {
    // `step` is one of four fixed column names, never input.
    let column = match step {
        "training" | "welcome" | "demo" | "involvement" => step,
        _ => anyhow::bail!("unknown checkout step {step}"),
    };
    sqlx::query(&format!("UPDATE checkouts SET {column} = $2, updated_at = $3 WHERE user_id = $1"))
        .bind(user_id)
        .bind(result.code())
        .bind(now())
        .execute(&mut **tx)
        .await
        .context("Failed to record a checkout step")?;
    Ok(())
}

async fn email(
    tx: &mut Tx<'_>,
    links: &Links,
    user_id: i64,
    kind: &str,
    args: &[(&str, &str)],
) -> anyhow::Result<()> {
    let Some(r) = store::recipient(&mut **tx, user_id).await? else { return Ok(()) };
    let locale = Locale::from_segment(&r.locale).unwrap_or_default();
    let link = format!("{}/{}/checkout", links.base, locale.code());
    let mut all = vec![("name", r.name.as_str())];
    all.extend_from_slice(args);
    crate::mail::enqueue(tx, Some(user_id), &r.email, crate::mail::compose_with(locale, kind, &all, &link))
        .await
}

/// A Train-the-Trainer cohort finished: those who attended enough become trainees (their
/// training step passed), each told by email, with a reminder two weeks before the deadline.
pub async fn on_cohort_finished(pool: &AnyPool, links: &Links, cohort: &Cohort) -> Result<usize, AppError> {
    if cohort.course != TTT_COURSE {
        return Ok(0);
    }
    let sessions = store::sessions(pool, cohort.id).await?;
    let now = now();
    let held = service::held(&sessions, now);
    let end = sessions
        .iter()
        .filter(|s| !s.cancelled() && s.starts_at <= now)
        .map(|s| s.ends_at())
        .max()
        .unwrap_or(now)
        .min(now);
    let rows = store::roster(pool, cohort, &held).await?;
    let mut tx = begin(pool).await?;
    let mut made = 0;
    for r in rows.iter().filter(|r| r.role == Role::Learner && r.state == super::types::MemberState::Enrolled)
    {
        if service::attendance_percent(r.attended, held.len()) < cohort.cert_attendance {
            continue;
        }
        let deadline = end + DEADLINE_DAYS * DAY;
        let inserted = sqlx::query(
            "INSERT INTO checkouts (user_id, cohort_id, training_end, deadline, training, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, 'p', $5, $5) ON CONFLICT (user_id) DO NOTHING",
        )
        .bind(r.user_id)
        .bind(cohort.id)
        .bind(end)
        .bind(deadline)
        .bind(now)
        .execute(&mut *tx)
        .await
        .context("Failed to start a checkout")?;
        if inserted.rows_affected() == 1 {
            schedule_deadline_reminder(&mut tx, r.user_id, deadline).await?;
            email(&mut tx, links, r.user_id, "email-checkout-started", &[]).await?;
            made += 1;
        }
    }
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(made)
}

async fn schedule_deadline_reminder(tx: &mut Tx<'_>, user_id: i64, deadline: i64) -> anyhow::Result<()> {
    crate::jobs::enqueue(
        &mut **tx,
        &NewJob {
            kind: DEADLINE_REMINDER,
            key: format!("{DEADLINE_REMINDER}:{user_id}:{deadline}"),
            payload: serde_json::json!({ "user": user_id, "deadline": deadline }),
            run_at: (deadline - 14 * DAY).max(now()),
        },
    )
    .await?;
    Ok(())
}

/// The job: two weeks before the deadline, unless finished or the deadline moved.
pub async fn deadline_reminder(ctx: crate::jobs::Context, payload: serde_json::Value) -> anyhow::Result<()> {
    let user = payload["user"].as_i64().context("no user in the job")?;
    let deadline = payload["deadline"].as_i64().context("no deadline in the job")?;
    let Some(c) = of_person(&ctx.pool, user).await? else { return Ok(()) };
    if c.completed_at.is_some() || c.deadline != deadline || now() > deadline {
        return Ok(());
    }
    let links = Links { base: ctx.public_base.clone() };
    let mut tx = begin(&ctx.pool).await?;
    let when = super::jobs::local_time(deadline, "UTC");
    email(&mut tx, &links, user, "email-checkout-deadline", &[("when", &when)]).await?;
    tx.commit().await.context("Failed to commit")?;
    ctx.mail_notify.notify_one();
    Ok(())
}

/// Helping or co-teaching a Puente cohort after the training is "get involved", passed by itself.
async fn auto_involvement(tx: &mut Tx<'_>, c: &Checkout) -> anyhow::Result<bool> {
    if c.involvement == StepResult::Passed {
        return Ok(false);
    }
    let found = sqlx::query(
        "SELECT 1 FROM cohort_members m JOIN cohorts k ON k.id = m.cohort_id WHERE m.user_id = $1 \
         AND m.role IN ('helper', 'trainer') AND m.state = 'enrolled' AND k.state IN ('running', 'finished', 'archived') \
         AND m.updated_at >= $2 LIMIT 1",
    )
    .bind(c.user_id)
    .bind(c.training_end - 30 * DAY)
    .fetch_optional(&mut **tx)
    .await
    .context("Failed to look for involvement")?
    .is_some();
    if found {
        set_step(tx, c.user_id, "involvement", StepResult::Passed).await?;
    }
    Ok(found)
}

/// Finishes a checkout whose four steps passed: the trainer role and the certificate, at once.
async fn maybe_complete(tx: &mut Tx<'_>, links: &Links, user_id: i64) -> anyhow::Result<bool> {
    let Some(c) = of_person(&mut **tx, user_id).await? else { return Ok(false) };
    if c.completed_at.is_some() || !c.all_passed() || c.expired(now()) {
        return Ok(false);
    }
    sqlx::query("UPDATE checkouts SET completed_at = $2, updated_at = $2 WHERE user_id = $1")
        .bind(user_id)
        .bind(now())
        .execute(&mut **tx)
        .await
        .context("Failed to complete a checkout")?;
    crate::accounts::store::grant_role_tx(tx, user_id, crate::auth::Role::Trainer).await?;
    let locale = store::recipient(&mut **tx, user_id)
        .await?
        .and_then(|r| Locale::from_segment(&r.locale))
        .unwrap_or_default();
    let title = t(locale, "certificate-trainer-title");
    let day = |at: i64| super::types::local_fields(at, &jiff::tz::TimeZone::UTC).0;
    let (from, to) = (day(c.training_end), day(now()));
    let facts = (TTT_COURSE, title.as_str(), from.as_str(), to.as_str(), 0, "Puente");
    if let Some(code) =
        super::certificates::insert(tx, "trainer", "trainer", user_id, None, facts, None).await?
    {
        super::certificates::notify_issued(tx, links, user_id, &code, &title).await?;
    }
    Ok(true)
}

/// Brings a checkout up to date (involvement found by itself, completion) and returns it.
pub async fn refresh(pool: &AnyPool, links: &Links, user_id: i64) -> Result<Option<Checkout>, AppError> {
    let Some(c) = of_person(pool, user_id).await? else { return Ok(None) };
    if c.completed_at.is_none() && !c.expired(now()) {
        let mut tx = begin(pool).await?;
        let changed = auto_involvement(&mut tx, &c).await?;
        let completed = maybe_complete(&mut tx, links, user_id).await?;
        tx.commit().await.map_err(anyhow::Error::from)?;
        if changed || completed {
            return Ok(of_person(pool, user_id).await?);
        }
    }
    Ok(Some(c))
}

fn evaluator(actor: Option<&Actor>) -> Result<&Actor, AppError> {
    authorize(actor, Action::Teach)?;
    let a = actor.ok_or(AppError::Unauthenticated)?;
    // Certified trainers evaluate (admins only when they are trainers too).
    if !a.has(crate::auth::Role::Trainer) {
        return Err(AppError::Forbidden);
    }
    Ok(a)
}

/// A trainee still within their deadline.
async fn open_checkout(tx: &mut Tx<'_>, user_id: i64) -> Result<Checkout, AppError> {
    let c = of_person(&mut **tx, user_id)
        .await?
        .ok_or(AppError::Validation { field: "user".into(), code: "checkout-not-a-trainee".into() })?;
    if c.completed_at.is_some() {
        return Err(AppError::Conflict { code: "checkout-complete".into() });
    }
    if c.expired(now()) {
        return Err(AppError::Conflict { code: "checkout-expired".into() });
    }
    Ok(c)
}

/// A trainer records that a trainee attended a welcome session.
pub async fn record_welcome(
    pool: &AnyPool,
    links: &Links,
    actor: Option<&Actor>,
    user_id: i64,
) -> Result<(), AppError> {
    let a = evaluator(actor)?;
    let mut tx = begin(pool).await?;
    open_checkout(&mut tx, user_id).await?;
    set_step(&mut tx, user_id, "welcome", StepResult::Passed).await?;
    sqlx::query("UPDATE checkouts SET welcome_by = $2 WHERE user_id = $1")
        .bind(user_id)
        .bind(a.user_id)
        .execute(&mut *tx)
        .await
        .context("Failed to record who welcomed")?;
    maybe_complete(&mut tx, links, user_id).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// A demo slot.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Slot {
    pub id: i64,
    pub starts_at: i64,
    pub minutes: i64,
    pub link: String,
    pub host: String,
    pub capacity: i64,
    pub booked: i64,
}

pub async fn add_slot(
    pool: &AnyPool,
    actor: Option<&Actor>,
    starts_at: i64,
    minutes: i64,
    link: &str,
    capacity: i64,
) -> Result<(), AppError> {
    let a = evaluator(actor)?;
    sqlx::query(
        "INSERT INTO demo_slots (starts_at, minutes, link, host_id, capacity, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(starts_at)
    .bind(minutes)
    .bind(link)
    .bind(a.user_id)
    .bind(capacity)
    .bind(now())
    .execute(pool)
    .await
    .context("Failed to add a demo slot")?;
    Ok(())
}

/// Slots that have not ended, with how many are booked.
pub async fn upcoming_slots(pool: &AnyPool) -> anyhow::Result<Vec<Slot>> {
    Ok(sqlx::query(
        "SELECT s.id, s.starts_at, s.minutes, s.link, COALESCE(u.display_name, ''), s.capacity, \
         (SELECT COUNT(*) FROM demos d WHERE d.slot_id = s.id) FROM demo_slots s LEFT JOIN users u ON u.id = s.host_id \
         WHERE s.starts_at + s.minutes * 60 > $1 ORDER BY s.starts_at",
    )
    .bind(now())
    .fetch_all(pool)
    .await
    .context("Failed to read demo slots")?
    .iter()
    .map(|r| Slot {
        id: r.get(0),
        starts_at: r.get(1),
        minutes: r.get(2),
        link: r.get(3),
        host: r.get(4),
        capacity: r.get(5),
        booked: r.get(6),
    })
    .collect())
}

/// A trainee books a demo slot (one waiting booking at a time).
pub async fn book(pool: &AnyPool, actor: Option<&Actor>, slot_id: i64) -> Result<(), AppError> {
    authorize(actor, Action::Participate)?;
    let a = actor.ok_or(AppError::Unauthenticated)?;
    let mut tx = begin(pool).await?;
    let c = open_checkout(&mut tx, a.user_id).await?;
    if c.demo == StepResult::Passed {
        return Err(AppError::Conflict { code: "checkout-demo-passed".into() });
    }
    // The slot's row is the lock: bookings of one slot are decided one at a time. A slot can be
    // booked until it ends (someone may join a demo session that has just begun).
    let slot = sqlx::query(
        "UPDATE demo_slots SET capacity = capacity WHERE id = $1 AND starts_at + minutes * 60 > $2 RETURNING capacity",
    )
        .bind(slot_id)
        .bind(now())
        .fetch_optional(&mut *tx)
        .await
        .context("Failed to lock a slot")?
        .map(|r| r.get::<i64, _>(0))
        .ok_or(AppError::Validation { field: "slot".into(), code: "checkout-slot-invalid".into() })?;
    let waiting = sqlx::query("SELECT 1 FROM demos WHERE user_id = $1 AND result = 'n'")
        .bind(a.user_id)
        .fetch_optional(&mut *tx)
        .await
        .context("Failed to read bookings")?;
    if waiting.is_some() {
        return Err(AppError::Conflict { code: "checkout-demo-booked".into() });
    }
    let (booked,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM demos WHERE slot_id = $1")
        .bind(slot_id)
        .fetch_one(&mut *tx)
        .await
        .context("Failed to count bookings")?;
    if booked >= slot {
        return Err(AppError::Conflict { code: "checkout-slot-full".into() });
    }
    sqlx::query("INSERT INTO demos (slot_id, user_id, created_at) VALUES ($1, $2, $3)")
        .bind(slot_id)
        .bind(a.user_id)
        .bind(now())
        .execute(&mut *tx)
        .await
        .map_err(|_| AppError::Conflict { code: "checkout-demo-booked".into() })?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// A demo waiting for (or given) its evaluation.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Demo {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub starts_at: i64,
    pub result: StepResult,
    pub rubric: Vec<String>,
    pub notes: String,
}

pub async fn demos_of(pool: &AnyPool, user_id: Option<i64>, only_waiting: bool) -> anyhow::Result<Vec<Demo>> {
    Ok(sqlx::query(
        "SELECT d.id, d.user_id, u.display_name, s.starts_at, d.result, d.rubric, d.notes FROM demos d \
         JOIN demo_slots s ON s.id = d.slot_id JOIN users u ON u.id = d.user_id \
         WHERE ($1 = 0 OR d.user_id = $1) AND ($2 = 0 OR d.result = 'n') ORDER BY s.starts_at",
    )
    .bind(user_id.unwrap_or(0))
    .bind(i64::from(only_waiting))
    .fetch_all(pool)
    .await
    .context("Failed to read demos")?
    .iter()
    .map(|r| Demo {
        id: r.get(0),
        user_id: r.get(1),
        name: r.get(2),
        starts_at: r.get(3),
        result: StepResult::parse(&r.get::<String, _>(4)).unwrap_or(StepResult::NotEvaluated),
        rubric: r.get::<String, _>(5).split_whitespace().map(str::to_owned).collect(),
        notes: r.get(6),
    })
    .collect())
}

/// A certified trainer (never the trainee) evaluates a demo that has taken place.
pub async fn evaluate_demo(
    pool: &AnyPool,
    links: &Links,
    actor: Option<&Actor>,
    demo_id: i64,
    result: StepResult,
    growth: &[String],
    notes: &str,
) -> Result<(), AppError> {
    let a = evaluator(actor)?;
    if !matches!(result, StepResult::Passed | StepResult::AskedToRepeat | StepResult::Failed) {
        return Err(AppError::Validation { field: "result".into(), code: "checkout-result-invalid".into() });
    }
    let known: Vec<&str> = CONTENT_CRITERIA.iter().chain(DELIVERY_CRITERIA.iter()).copied().collect();
    if growth.iter().any(|g| !known.contains(&g.as_str())) {
        return Err(AppError::Validation { field: "rubric".into(), code: "checkout-rubric-invalid".into() });
    }
    let notes = super::types::parse_text(notes, 4000, "checkout-notes-invalid")
        .map_err(|c| AppError::Validation { field: "notes".into(), code: c.into() })?;
    let mut tx = begin(pool).await?;
    let row = sqlx::query(
        "SELECT d.user_id, d.result, s.starts_at FROM demos d JOIN demo_slots s ON s.id = d.slot_id WHERE d.id = $1",
    )
    .bind(demo_id)
    .fetch_optional(&mut *tx)
    .await
    .context("Failed to read a demo")?
    .ok_or(AppError::NotFound)?;
    let (trainee, current, starts_at): (i64, String, i64) = (row.get(0), row.get(1), row.get(2));
    if trainee == a.user_id {
        return Err(AppError::Forbidden);
    }
    if current != "n" {
        return Err(AppError::Conflict { code: "checkout-demo-evaluated".into() });
    }
    if starts_at > now() {
        return Err(AppError::Conflict { code: "checkout-demo-not-yet".into() });
    }
    open_checkout(&mut tx, trainee).await?;
    sqlx::query(
        "UPDATE demos SET result = $2, rubric = $3, notes = $4, evaluator_id = $5, evaluated_at = $6 WHERE id = $1",
    )
    .bind(demo_id)
    .bind(result.code())
    .bind(growth.join(" "))
    .bind(&notes)
    .bind(a.user_id)
    .bind(now())
    .execute(&mut *tx)
    .await
    .context("Failed to record a demo's evaluation")?;
    set_step(&mut tx, trainee, "demo", result).await?;
    let result_text = Locale::ALL.map(|l| (l, t(l, &format!("checkout-result-{}", result.code()))));
    let recipient_locale = store::recipient(&mut *tx, trainee)
        .await?
        .and_then(|r| Locale::from_segment(&r.locale))
        .unwrap_or_default();
    let text =
        result_text.iter().find(|(l, _)| *l == recipient_locale).map(|(_, t)| t.clone()).unwrap_or_default();
    email(&mut tx, links, trainee, "email-demo-evaluated", &[("result", &text)]).await?;
    maybe_complete(&mut tx, links, trainee).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// A trainee's evidence of involvement outside Puente's cohorts.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Involvement {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub url: String,
    pub note: String,
    pub result: StepResult,
}

pub async fn submit_involvement(
    pool: &AnyPool,
    actor: Option<&Actor>,
    url: &str,
    note: &str,
) -> Result<(), AppError> {
    authorize(actor, Action::Participate)?;
    let a = actor.ok_or(AppError::Unauthenticated)?;
    let url = super::types::parse_link(url)
        .map_err(|c| AppError::Validation { field: "url".into(), code: c.into() })?;
    let note = super::types::parse_text(note, 2000, "checkout-notes-invalid")
        .map_err(|c| AppError::Validation { field: "note".into(), code: c.into() })?;
    if note.is_empty() {
        return Err(AppError::Validation { field: "note".into(), code: "checkout-note-missing".into() });
    }
    let mut tx = begin(pool).await?;
    let c = open_checkout(&mut tx, a.user_id).await?;
    if c.involvement == StepResult::Passed {
        return Err(AppError::Conflict { code: "checkout-involvement-passed".into() });
    }
    sqlx::query(
        "INSERT INTO involvements (user_id, kind, url, note, created_at) VALUES ($1, 'other', $2, $3, $4)",
    )
    .bind(a.user_id)
    .bind(url)
    .bind(note)
    .bind(now())
    .execute(&mut *tx)
    .await
    .context("Failed to record an involvement")?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

pub async fn involvements_of(
    pool: &AnyPool,
    user_id: Option<i64>,
    only_waiting: bool,
) -> anyhow::Result<Vec<Involvement>> {
    Ok(sqlx::query(
        "SELECT i.id, i.user_id, u.display_name, i.url, i.note, i.result FROM involvements i \
         JOIN users u ON u.id = i.user_id WHERE ($1 = 0 OR i.user_id = $1) AND ($2 = 0 OR i.result = 'n') \
         ORDER BY i.created_at",
    )
    .bind(user_id.unwrap_or(0))
    .bind(i64::from(only_waiting))
    .fetch_all(pool)
    .await
    .context("Failed to read involvements")?
    .iter()
    .map(|r| Involvement {
        id: r.get(0),
        user_id: r.get(1),
        name: r.get(2),
        url: r.get(3),
        note: r.get(4),
        result: StepResult::parse(&r.get::<String, _>(5)).unwrap_or(StepResult::NotEvaluated),
    })
    .collect())
}

pub async fn evaluate_involvement(
    pool: &AnyPool,
    links: &Links,
    actor: Option<&Actor>,
    id: i64,
    result: StepResult,
) -> Result<(), AppError> {
    let a = evaluator(actor)?;
    if !matches!(result, StepResult::Passed | StepResult::AskedToRepeat) {
        return Err(AppError::Validation { field: "result".into(), code: "checkout-result-invalid".into() });
    }
    let mut tx = begin(pool).await?;
    let row = sqlx::query("SELECT user_id, result FROM involvements WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .context("Failed to read an involvement")?
        .ok_or(AppError::NotFound)?;
    let (trainee, current): (i64, String) = (row.get(0), row.get(1));
    if trainee == a.user_id {
        return Err(AppError::Forbidden);
    }
    if current != "n" {
        return Err(AppError::Conflict { code: "checkout-involvement-evaluated".into() });
    }
    open_checkout(&mut tx, trainee).await?;
    sqlx::query("UPDATE involvements SET result = $2, evaluator_id = $3, evaluated_at = $4 WHERE id = $1")
        .bind(id)
        .bind(result.code())
        .bind(a.user_id)
        .bind(now())
        .execute(&mut *tx)
        .await
        .context("Failed to record an involvement's evaluation")?;
    set_step(&mut tx, trainee, "involvement", result).await?;
    maybe_complete(&mut tx, links, trainee).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// An admin gives a trainee 90 more days, never beyond a year after the training.
pub async fn extend(pool: &AnyPool, actor: Option<&Actor>, user_id: i64) -> Result<i64, AppError> {
    authorize(actor, Action::Administer)?;
    let mut tx = begin(pool).await?;
    let c = of_person(&mut *tx, user_id).await?.ok_or(AppError::NotFound)?;
    if c.completed_at.is_some() {
        return Err(AppError::Conflict { code: "checkout-complete".into() });
    }
    let limit = c.training_end + MAX_DAYS * DAY;
    if c.deadline >= limit {
        return Err(AppError::Conflict { code: "checkout-extension-limit".into() });
    }
    let deadline = (c.deadline.max(now()) + DEADLINE_DAYS * DAY).min(limit);
    sqlx::query("UPDATE checkouts SET deadline = $2, updated_at = $3 WHERE user_id = $1")
        .bind(user_id)
        .bind(deadline)
        .bind(now())
        .execute(&mut *tx)
        .await
        .context("Failed to extend a checkout")?;
    schedule_deadline_reminder(&mut tx, user_id, deadline).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(deadline)
}
