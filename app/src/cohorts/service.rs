//! What the cohorts domain does, each action checked with its policy and done in one
//! transaction together with the emails it sends (so an email goes out exactly when its change
//! is saved). Seats are decided under the cohort's row lock: concurrent enrolments cannot
//! overfill it, and the waitlist moves first come, first served.

use super::policy;
use super::store::{self, Cohort, Membership, Recipient, SessionInput};
use super::types::{Attendance, Enrolment, MemberState, Role, State};
use crate::auth::{authorize, Action, Actor};
use crate::errors::AppError;
use crate::i18n::Locale;
use crate::kernel::db::{begin, Tx};
use sqlx::AnyPool;

/// Where emails' links point (`https://puente.example`, no trailing slash).
#[derive(Debug, Clone)]
pub struct Links {
    pub base: String,
}

impl Links {
    pub fn cohort(&self, locale: Locale, slug: &str) -> String {
        format!("{}/{}/cohorts/{slug}", self.base, locale.code())
    }
}

fn conflict(code: &str) -> AppError {
    AppError::Conflict { code: code.to_owned() }
}

fn invalid(field: &str, code: &str) -> AppError {
    AppError::Validation { field: field.to_owned(), code: code.to_owned() }
}

/// The person's membership in the cohort, if any.
pub async fn membership_of(
    pool: &AnyPool,
    cohort: &Cohort,
    actor: Option<&Actor>,
) -> Result<Option<Membership>, AppError> {
    match actor {
        Some(a) => Ok(store::membership(pool, cohort.id, a.user_id).await?),
        None => Ok(None),
    }
}

/// The cohort if the actor may manage it.
pub async fn managed(pool: &AnyPool, slug: &str, actor: Option<&Actor>) -> Result<Cohort, AppError> {
    let cohort = store::by_slug(pool, slug).await?.ok_or(AppError::NotFound)?;
    let role = membership_of(pool, &cohort, actor).await?.and_then(|m| m.active_role());
    if !policy::may_view(actor, role, cohort.state) {
        return Err(AppError::NotFound);
    }
    policy::may_manage(actor, role)?;
    Ok(cohort)
}

/// The cohort if the actor may keep its roster (team and admins).
pub async fn kept(pool: &AnyPool, slug: &str, actor: Option<&Actor>) -> Result<Cohort, AppError> {
    let cohort = store::by_slug(pool, slug).await?.ok_or(AppError::NotFound)?;
    let role = membership_of(pool, &cohort, actor).await?.and_then(|m| m.active_role());
    if !policy::may_view(actor, role, cohort.state) {
        return Err(AppError::NotFound);
    }
    policy::may_keep_roster(actor, role)?;
    Ok(cohort)
}

/// A new cohort, drafted, with the actor as its lead trainer.
pub async fn create(
    pool: &AnyPool,
    actor: Option<&Actor>,
    input: &store::CohortInput,
) -> Result<i64, AppError> {
    policy::may_create(actor)?;
    let actor = actor.ok_or(AppError::Unauthenticated)?;
    let mut tx = begin(pool).await?;
    let code = super::types::new_enrolment_code();
    let Some(id) = store::create(&mut tx, input, actor.user_id, &code).await? else {
        return Err(invalid("slug", "cohort-slug-taken"));
    };
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(id)
}

/// Changes a cohort's settings. Capacity may not go below the learners already enrolled; raising
/// it moves the waitlist.
pub async fn update(
    pool: &AnyPool,
    links: &Links,
    actor: Option<&Actor>,
    slug: &str,
    input: &store::CohortInput,
) -> Result<Cohort, AppError> {
    let cohort = managed(pool, slug, actor).await?;
    let mut tx = begin(pool).await?;
    store::lock(&mut tx, cohort.id).await?;
    if input.capacity < store::seats_taken(&mut tx, cohort.id).await? {
        return Err(invalid("capacity", "cohort-capacity-below"));
    }
    if !store::update(&mut tx, cohort.id, input).await? {
        return Err(invalid("slug", "cohort-slug-taken"));
    }
    let updated = store::by_id(&mut *tx, cohort.id).await?.ok_or(AppError::NotFound)?;
    promote(&mut tx, links, &updated).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(updated)
}

/// Moves a cohort along its life (draft → published → running → finished → archived).
pub async fn set_state(
    pool: &AnyPool,
    actor: Option<&Actor>,
    slug: &str,
    to: State,
) -> Result<Cohort, AppError> {
    let cohort = managed(pool, slug, actor).await?;
    if !cohort.state.next().contains(&to) {
        return Err(conflict("cohort-state-invalid"));
    }
    store::set_state(pool, cohort.id, to).await?;
    Ok(Cohort { state: to, ..cohort })
}

/// A new enrolment code: the old one stops working at once.
pub async fn rotate_code(pool: &AnyPool, actor: Option<&Actor>, slug: &str) -> Result<String, AppError> {
    let cohort = managed(pool, slug, actor).await?;
    let code = super::types::new_enrolment_code();
    store::set_code(pool, cohort.id, &code).await?;
    Ok(code)
}

/// Queues the email `kind` about `cohort` to one person, in their language.
async fn notify(
    tx: &mut Tx<'_>,
    links: &Links,
    cohort: &Cohort,
    user_id: i64,
    kind: &str,
) -> Result<(), AppError> {
    let Some(Recipient { email, name, locale, .. }) = store::recipient(&mut **tx, user_id).await? else {
        return Ok(());
    };
    let locale = Locale::from_segment(&locale).unwrap_or_default();
    let link = links.cohort(locale, &cohort.slug);
    let composed =
        crate::mail::compose_with(locale, kind, &[("name", &name), ("cohort", &cohort.title)], &link);
    crate::mail::enqueue(tx, Some(user_id), &email, composed).await?;
    Ok(())
}

/// Gives free seats to the waitlist, first come first, each with its email.
async fn promote(tx: &mut Tx<'_>, links: &Links, cohort: &Cohort) -> Result<(), AppError> {
    let mut free = cohort.capacity - store::seats_taken(tx, cohort.id).await?;
    if free <= 0 || !cohort.state.open() {
        return Ok(());
    }
    for user_id in store::waitlist(tx, cohort.id).await? {
        if free <= 0 {
            break;
        }
        store::set_member_state(tx, cohort.id, user_id, MemberState::Enrolled).await?;
        notify(tx, links, cohort, user_id, "email-cohort-promoted").await?;
        free -= 1;
    }
    Ok(())
}

/// What joining did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joined {
    Enrolled,
    Waitlisted,
    Applied,
}

/// Joins a cohort: open (anyone verified), with its current code, or by applying with a few
/// words. A full cohort puts people on its waitlist.
pub async fn join(
    pool: &AnyPool,
    links: &Links,
    actor: Option<&Actor>,
    slug: &str,
    code: &str,
    motivation: &str,
) -> Result<Joined, AppError> {
    authorize(actor, Action::Participate)?;
    let actor = actor.ok_or(AppError::Unauthenticated)?;
    let cohort = store::by_slug(pool, slug).await?.ok_or(AppError::NotFound)?;
    if !cohort.state.public() {
        return Err(AppError::NotFound);
    }
    if !cohort.state.open() {
        return Err(conflict("cohort-closed"));
    }
    let motivation = match cohort.enrolment {
        Enrolment::Application => {
            let m = super::types::parse_text(motivation, 1000, "cohort-motivation-invalid")
                .map_err(|c| invalid("motivation", c))?;
            if m.is_empty() {
                return Err(invalid("motivation", "cohort-motivation-missing"));
            }
            m
        }
        _ => String::new(),
    };
    let mut tx = begin(pool).await?;
    let cohort = store::lock(&mut tx, cohort.id).await?.ok_or(AppError::NotFound)?;
    if cohort.enrolment == Enrolment::Code && super::types::normalise_code(code) != cohort.code {
        return Err(invalid("code", "cohort-code-wrong"));
    }
    match store::membership(&mut *tx, cohort.id, actor.user_id).await? {
        Some(m) if m.state == MemberState::Declined => return Err(conflict("cohort-declined-before")),
        Some(m) if m.state != MemberState::Withdrawn => return Err(conflict("cohort-already-in")),
        _ => {}
    }
    let (state, joined, kind) = if cohort.enrolment == Enrolment::Application {
        (MemberState::Applied, Joined::Applied, "email-cohort-applied")
    } else if store::seats_taken(&mut tx, cohort.id).await? < cohort.capacity {
        (MemberState::Enrolled, Joined::Enrolled, "email-cohort-enrolled")
    } else {
        (MemberState::Waitlisted, Joined::Waitlisted, "email-cohort-waitlisted")
    };
    store::put_member(&mut tx, cohort.id, actor.user_id, Role::Learner, state, &motivation).await?;
    notify(&mut tx, links, &cohort, actor.user_id, kind).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(joined)
}

/// Leaves a cohort (or withdraws an application); the seat goes to the waitlist.
pub async fn withdraw(
    pool: &AnyPool,
    links: &Links,
    actor: Option<&Actor>,
    slug: &str,
) -> Result<(), AppError> {
    let actor = actor.ok_or(AppError::Unauthenticated)?;
    let cohort = store::by_slug(pool, slug).await?.ok_or(AppError::NotFound)?;
    let mut tx = begin(pool).await?;
    let cohort = store::lock(&mut tx, cohort.id).await?.ok_or(AppError::NotFound)?;
    match store::membership(&mut *tx, cohort.id, actor.user_id).await? {
        Some(m)
            if m.role == Role::Learner
                && matches!(
                    m.state,
                    MemberState::Enrolled | MemberState::Applied | MemberState::Waitlisted
                ) => {}
        Some(m) if m.role != Role::Learner && m.active() => {
            return Err(conflict("cohort-team-cannot-withdraw"))
        }
        _ => return Err(conflict("cohort-not-in")),
    }
    store::set_member_state(&mut tx, cohort.id, actor.user_id, MemberState::Withdrawn).await?;
    notify(&mut tx, links, &cohort, actor.user_id, "email-cohort-withdrawn").await?;
    promote(&mut tx, links, &cohort).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// A trainer's decision on an application (or a waitlisted person).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Decline,
    Waitlist,
}

impl Decision {
    pub fn parse(s: &str) -> Option<Decision> {
        match s {
            "accept" => Some(Decision::Accept),
            "decline" => Some(Decision::Decline),
            "waitlist" => Some(Decision::Waitlist),
            _ => None,
        }
    }
}

pub async fn decide(
    pool: &AnyPool,
    links: &Links,
    actor: Option<&Actor>,
    slug: &str,
    user_id: i64,
    decision: Decision,
) -> Result<MemberState, AppError> {
    let cohort = managed(pool, slug, actor).await?;
    let mut tx = begin(pool).await?;
    let cohort = store::lock(&mut tx, cohort.id).await?.ok_or(AppError::NotFound)?;
    let Some(m) = store::membership(&mut *tx, cohort.id, user_id).await? else {
        return Err(invalid("user", "cohort-not-a-member"));
    };
    if m.role != Role::Learner || !matches!(m.state, MemberState::Applied | MemberState::Waitlisted) {
        return Err(conflict("cohort-nothing-to-decide"));
    }
    let (state, kind) = match decision {
        Decision::Accept if store::seats_taken(&mut tx, cohort.id).await? < cohort.capacity => {
            (MemberState::Enrolled, "email-cohort-accepted")
        }
        Decision::Accept | Decision::Waitlist => (MemberState::Waitlisted, "email-cohort-waitlisted"),
        Decision::Decline => (MemberState::Declined, "email-cohort-declined"),
    };
    if state == m.state {
        return Ok(state);
    }
    store::set_member_state(&mut tx, cohort.id, user_id, state).await?;
    notify(&mut tx, links, &cohort, user_id, kind).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(state)
}

/// Adds a person to the team (co-trainer or helper) by their account's email.
pub async fn add_to_team(
    pool: &AnyPool,
    links: &Links,
    actor: Option<&Actor>,
    slug: &str,
    email: &str,
    role: Role,
) -> Result<(), AppError> {
    let cohort = managed(pool, slug, actor).await?;
    if !matches!(role, Role::Trainer | Role::Helper) {
        return Err(invalid("role", "cohort-role-invalid"));
    }
    let email = crate::accounts::types::Email::parse(email).map_err(|e| invalid("email", e.code()))?;
    let Some((user_id, _)) = store::user_by_email(pool, email.as_str()).await? else {
        return Err(invalid("email", "cohort-no-such-account"));
    };
    let mut tx = begin(pool).await?;
    let cohort = store::lock(&mut tx, cohort.id).await?.ok_or(AppError::NotFound)?;
    if let Some(m) = store::membership(&mut *tx, cohort.id, user_id).await? {
        if m.role == Role::Lead {
            return Err(conflict("cohort-role-invalid"));
        }
    }
    store::put_member(&mut tx, cohort.id, user_id, role, MemberState::Enrolled, "").await?;
    notify(&mut tx, links, &cohort, user_id, "email-cohort-team").await?;
    // A learner who became staff frees a seat.
    promote(&mut tx, links, &cohort).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// Takes someone off the team.
pub async fn remove_from_team(
    pool: &AnyPool,
    actor: Option<&Actor>,
    slug: &str,
    user_id: i64,
) -> Result<(), AppError> {
    let cohort = managed(pool, slug, actor).await?;
    let mut tx = begin(pool).await?;
    match store::membership(&mut *tx, cohort.id, user_id).await? {
        Some(m) if matches!(m.role, Role::Trainer | Role::Helper) => {}
        _ => return Err(invalid("user", "cohort-not-on-team")),
    }
    store::set_member_state(&mut tx, cohort.id, user_id, MemberState::Withdrawn).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// Adds a session; a reminder is scheduled for the day before.
pub async fn add_session(
    pool: &AnyPool,
    actor: Option<&Actor>,
    slug: &str,
    input: &SessionInput,
) -> Result<i64, AppError> {
    let cohort = managed(pool, slug, actor).await?;
    let mut tx = begin(pool).await?;
    let id = store::add_session(&mut tx, cohort.id, input).await?;
    super::jobs::schedule_reminder(&mut tx, id, 0, input.starts_at).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(id)
}

/// The session `id` if it belongs to `cohort`.
async fn own_session(pool: &AnyPool, cohort: &Cohort, id: i64) -> Result<store::Session, AppError> {
    match store::session(pool, id).await? {
        Some(s) if s.cohort_id == cohort.id => Ok(s),
        _ => Err(AppError::NotFound),
    }
}

/// Changes a session; calendars see a new SEQUENCE and the reminder moves with it.
pub async fn update_session(
    pool: &AnyPool,
    actor: Option<&Actor>,
    slug: &str,
    id: i64,
    input: &SessionInput,
) -> Result<(), AppError> {
    let cohort = managed(pool, slug, actor).await?;
    let session = own_session(pool, &cohort, id).await?;
    if session.cancelled() {
        return Err(conflict("cohort-session-cancelled-change"));
    }
    let mut tx = begin(pool).await?;
    store::update_session(&mut tx, id, input).await?;
    super::jobs::schedule_reminder(&mut tx, id, session.sequence + 1, input.starts_at).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

pub async fn cancel_session(
    pool: &AnyPool,
    actor: Option<&Actor>,
    slug: &str,
    id: i64,
) -> Result<(), AppError> {
    let cohort = managed(pool, slug, actor).await?;
    own_session(pool, &cohort, id).await?;
    let mut tx = begin(pool).await?;
    store::cancel_session(&mut tx, id).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// Records attendance for one session, for everyone at once. Everyone named must be enrolled in
/// the cohort; otherwise nothing is recorded.
pub async fn record_attendance(
    pool: &AnyPool,
    actor: Option<&Actor>,
    slug: &str,
    session_id: i64,
    marks: &[(i64, Attendance)],
) -> Result<usize, AppError> {
    let cohort = kept(pool, slug, actor).await?;
    let by = actor.map(|a| a.user_id).unwrap_or_default();
    let session = own_session(pool, &cohort, session_id).await?;
    if session.cancelled() {
        return Err(conflict("cohort-session-cancelled-change"));
    }
    let mut tx = begin(pool).await?;
    for (user_id, _) in marks {
        match store::membership(&mut *tx, cohort.id, *user_id).await? {
            Some(m) if m.active() => {}
            _ => return Err(invalid("attendance", "cohort-attendance-not-member")),
        }
    }
    for (user_id, status) in marks {
        store::mark(&mut tx, session_id, *user_id, *status, by).await?;
    }
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(marks.len())
}

/// Sessions held so far (started, not cancelled): what attendance is counted against.
pub fn held(sessions: &[store::Session], now: i64) -> Vec<i64> {
    sessions.iter().filter(|s| !s.cancelled() && s.starts_at <= now).map(|s| s.id).collect()
}

/// Attendance in percent of the sessions held (100 when none was held yet).
pub fn attendance_percent(attended: i64, held: usize) -> i64 {
    if held == 0 {
        100
    } else {
        attended * 100 / held as i64
    }
}
