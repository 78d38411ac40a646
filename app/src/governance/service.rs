//! Governance's rules: who may propose, add polls and record outcomes; opening a poll (the
//! electorate frozen, stored, counted and hashed), casting a ballot (secret or open), closing
//! (ballots published, counted, hashed into the log), and checking a poll from its rows.

use super::store::{self, sha256_hex, Ballot, PollInput, GENESIS};
use super::tally::{self, Outcome};
use super::types::{self, Poll, PollState, Proposal, Status};
use crate::auth::{authorize, Action, Actor, Role};
use crate::errors::AppError;
use crate::i18n::Locale;
use crate::kernel::clock::now;
use crate::kernel::db::{begin, Tx};
use anyhow::Context as _;
use rand::RngCore;
use sqlx::AnyPool;

fn invalid(field: &str, code: &str) -> AppError {
    AppError::Validation { field: field.into(), code: code.into() }
}

fn conflict(code: &str) -> AppError {
    AppError::Conflict { code: code.into() }
}

/// Members, trainers and admins may put a proposal to the community.
pub fn may_propose(actor: Option<&Actor>) -> Result<&Actor, AppError> {
    authorize(actor, Action::Participate)?;
    let actor = actor.ok_or(AppError::Unauthenticated)?;
    if [Role::Member, Role::Trainer, Role::Admin].iter().any(|r| actor.has(*r)) {
        Ok(actor)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Polls, their settings and outcomes are the admins' (with a second factor), and every such
/// action is logged.
pub fn may_administer(actor: Option<&Actor>) -> Result<&Actor, AppError> {
    authorize(actor, Action::Administer)?;
    actor.ok_or(AppError::Unauthenticated)
}

/// A proposal's address segment: `{id}-{slug}`.
pub fn segment(p: &Proposal) -> String {
    format!("{}-{}", p.id, p.slug)
}

pub fn proposal_id(segment: &str) -> Option<i64> {
    segment.split('-').next().and_then(|n| n.parse().ok())
}

/// The discussion's category in the forum, made on first use.
pub const CATEGORY: &str = "gobernanza";

pub async fn create_proposal(
    pool: &AnyPool,
    actor: Option<&Actor>,
    locale: Locale,
    title: &str,
    body: &str,
) -> Result<Proposal, AppError> {
    let actor = may_propose(actor)?;
    let title = types::parse_title(title).map_err(|c| invalid("title", c))?;
    let body = types::parse_body(body).map_err(|c| invalid("body", c))?;
    crate::kernel::markdown::post_html(&body).map_err(|c| invalid("body", c))?;
    let slug = match crate::kernel::words::slug_from(&title) {
        s if s.is_empty() => "propuesta".to_owned(),
        s => s,
    };
    let now = now();
    let mut tx = begin(pool).await?;
    let id = store::insert_proposal(&mut tx, &slug, &title, &body, actor.user_id, now).await?;
    tx.commit().await.context("Failed to commit a proposal")?;
    // Its discussion: a forum topic that links back (and the proposal links to it).
    let names = [
        crate::i18n::t(Locale::Es, "governance-title"),
        crate::i18n::t(Locale::Pt, "governance-title"),
        crate::i18n::t(Locale::En, "governance-title"),
    ];
    let category =
        crate::forum::store::system_category(pool, CATEGORY, [&names[0], &names[1], &names[2]]).await?;
    let href = format!("/{}/governance/{id}-{slug}", locale.code());
    let intro =
        crate::i18n::t_args(locale, "governance-discussion-intro", &[("title", &title), ("href", &href)]);
    let (topic, _) = crate::forum::service::system_topic(pool, &category, &title, &intro).await?;
    store::set_topic(pool, id, topic).await?;
    store::proposal_by_id(pool, id).await?.ok_or(AppError::NotFound)
}

/// A poll's settings from the form, parsed; every field is checked before anything is saved.
pub struct PollForm<'a> {
    pub title: &'a str,
    pub kind: &'a str,
    pub options: &'a str,
    pub seats: &'a str,
    pub pass: &'a str,
    pub quorum: &'a str,
    pub anonymous: bool,
    pub hide_results: bool,
    pub rule: types::Rule,
    pub opens_at: Option<i64>,
    pub closes_at: Option<i64>,
}

pub fn parse_poll(f: &PollForm<'_>, now: i64) -> Result<PollInput, AppError> {
    let title = types::parse_title(f.title).map_err(|c| invalid("poll_title", c))?;
    let kind = tally::Kind::parse(f.kind).ok_or_else(|| invalid("kind", "governance-kind-invalid"))?;
    let seats = types::parse_seats(kind, f.seats).map_err(|c| invalid("seats", c))?;
    let options = types::parse_options(kind, f.options, seats).map_err(|c| invalid("options", c))?;
    let pass = tally::PassRule::parse(f.pass).unwrap_or(tally::PassRule::Majority);
    let quorum_pct = types::parse_quorum(f.quorum).map_err(|c| invalid("quorum", c))?;
    let opens_at = f.opens_at.ok_or_else(|| invalid("opens_date", "governance-time-invalid"))?;
    let closes_at = f.closes_at.ok_or_else(|| invalid("closes_date", "governance-time-invalid"))?;
    if closes_at <= now {
        return Err(invalid("closes_date", "governance-window-invalid"));
    }
    types::check_window(opens_at.max(now), closes_at).map_err(|c| invalid("closes_date", c))?;
    if f.rule.terms() == 0 {
        return Err(invalid("rule", "governance-rule-empty"));
    }
    // Secret ballots and STV elections never show results before the close (Loomio's invariant).
    let hide_results = f.hide_results || f.anonymous || kind == tally::Kind::Stv;
    Ok(PollInput {
        title,
        kind,
        options,
        seats,
        pass,
        quorum_pct,
        anonymous: f.anonymous,
        hide_results,
        rule: f.rule.clone(),
        opens_at: opens_at.max(now),
        closes_at,
    })
}

/// Adds a poll to a proposal; its opening, reminder and closing are queued as durable jobs in
/// the same transaction.
pub async fn add_poll(
    pool: &AnyPool,
    actor: Option<&Actor>,
    proposal: i64,
    input: &PollInput,
) -> Result<i64, AppError> {
    let actor = may_administer(actor)?;
    store::proposal_by_id(pool, proposal).await?.ok_or(AppError::NotFound)?;
    let now = now();
    let mut tx = begin(pool).await?;
    let id = store::insert_poll(&mut tx, proposal, input, actor.user_id, now).await?;
    store::append(
        &mut tx,
        id,
        "created",
        &serde_json::json!({
            "proposal": proposal,
            "title": input.title,
            "kind": input.kind.code(),
            "options": input.options,
            "seats": input.seats,
            "pass_rule": input.pass.code(),
            "quorum_pct": input.quorum_pct,
            "anonymous": input.anonymous,
            "hide_results": input.hide_results,
            "electorate_rule": input.rule,
            "opens_at": input.opens_at,
            "closes_at": input.closes_at,
        }),
        Some(actor.user_id),
        now,
    )
    .await?;
    super::jobs::schedule(&mut tx, id, input.opens_at, input.closes_at).await?;
    tx.commit().await.context("Failed to commit a poll")?;
    Ok(id)
}

/// Changes a poll's closing time, quorum or results visibility while it has no ballot. Hidden
/// results stay hidden once set.
pub async fn change_settings(
    pool: &AnyPool,
    actor: Option<&Actor>,
    poll_id: i64,
    closes_at: Option<i64>,
    quorum: &str,
    hide_results: bool,
) -> Result<(), AppError> {
    let actor = may_administer(actor)?;
    let poll = store::poll_by_id(pool, poll_id).await?.ok_or(AppError::NotFound)?;
    let now = now();
    if poll.state == PollState::Closed {
        return Err(conflict("governance-poll-closed"));
    }
    let closes_at = closes_at.ok_or_else(|| invalid("closes_date", "governance-time-invalid"))?;
    if closes_at <= now {
        return Err(invalid("closes_date", "governance-window-invalid"));
    }
    types::check_window(poll.opens_at, closes_at).map_err(|c| invalid("closes_date", c))?;
    let quorum = types::parse_quorum(quorum).map_err(|c| invalid("quorum", c))?;
    let hide = poll.hide_results || hide_results;
    let mut tx = begin(pool).await?;
    if !store::update_settings(&mut tx, poll_id, closes_at, quorum, hide).await? {
        return Err(conflict("governance-settings-frozen"));
    }
    store::append(
        &mut tx,
        poll_id,
        "settings",
        &serde_json::json!({ "closes_at": closes_at, "quorum_pct": quorum, "hide_results": hide }),
        Some(actor.user_id),
        now,
    )
    .await?;
    super::jobs::schedule(&mut tx, poll_id, poll.opens_at, closes_at).await?;
    tx.commit().await.context("Failed to commit a poll's settings")?;
    Ok(())
}

/// The hash of a frozen electorate: SHA-256 of the sorted account ids, comma-separated.
pub fn electorate_hash(people: &[i64]) -> String {
    let mut ids = people.to_vec();
    ids.sort_unstable();
    sha256_hex(ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",").as_bytes())
}

/// Opens a scheduled poll whose time has come: freezes the electorate and tells it. Returns
/// false when there was nothing to do (already open, or not yet time).
pub async fn open(pool: &AnyPool, base: &str, poll_id: i64) -> anyhow::Result<bool> {
    let mut tx = begin(pool).await?;
    let opened = open_in(&mut tx, Some(base), poll_id, now()).await?;
    tx.commit().await.context("Failed to commit a poll's opening")?;
    Ok(opened)
}

/// Opens a poll inside a transaction; `base` is None when nobody is to be emailed (demo data).
pub async fn open_in(tx: &mut Tx<'_>, base: Option<&str>, poll_id: i64, now: i64) -> anyhow::Result<bool> {
    let Some(poll) = store::poll_by_id(&mut **tx, poll_id).await? else { return Ok(false) };
    if poll.state != PollState::Scheduled || poll.opens_at > now {
        return Ok(false);
    }
    let people = store::eligible(tx, &poll.rule, now).await?;
    let hash = electorate_hash(&people);
    let claimed = sqlx::query(
        "UPDATE gov_polls SET state = 'open', electorate_count = $2, electorate_hash = $3 WHERE id = $1 AND state = 'scheduled'",
    )
    .bind(poll_id)
    .bind(people.len() as i64)
    .bind(&hash)
    .execute(&mut **tx)
    .await
    .context("Failed to open a poll")?;
    if claimed.rows_affected() != 1 {
        return Ok(false);
    }
    store::freeze_electorate(tx, poll_id, &people).await?;
    store::append(
        tx,
        poll_id,
        "opened",
        &serde_json::json!({ "electorate_count": people.len(), "electorate_hash": hash }),
        None,
        now,
    )
    .await?;
    if let Some(base) = base {
        let closes = crate::kernel::zones::format_utc(poll.closes_at);
        let args = [("poll", poll.title.as_str()), ("closes", closes.as_str())];
        tell_electorate(tx, base, &poll, "email-governance-opened", &args, false).await?;
    }
    Ok(true)
}

/// Emails a poll's electorate (only those who have not voted, when `undecided`) in each person's
/// language, with a link to the poll and the proposal's title as `$proposal`; returns how many.
async fn tell_electorate(
    tx: &mut Tx<'_>,
    base: &str,
    poll: &Poll,
    kind: &str,
    args: &[(&str, &str)],
    undecided: bool,
) -> anyhow::Result<usize> {
    let proposal = store::proposal_by_id(&mut **tx, poll.proposal_id).await?;
    let title = proposal.as_ref().map(|p| p.title.clone()).unwrap_or_default();
    let mut sent = 0;
    for (id, name, email, locale, voted) in store::electorate(&mut **tx, poll.id).await? {
        if email.is_empty() || (undecided && voted) {
            continue;
        }
        let locale = Locale::from_segment(&locale).unwrap_or_default();
        let link = proposal
            .as_ref()
            .map(|p| format!("{base}/{}/governance/{}#poll-{}", locale.code(), segment(p), poll.id))
            .unwrap_or_default();
        let mut all: Vec<(&str, &str)> = vec![("name", &name), ("proposal", &title)];
        all.extend_from_slice(args);
        crate::mail::enqueue(tx, Some(id), &email, crate::mail::compose_with(locale, kind, &all, &link))
            .await?;
        sent += 1;
    }
    Ok(sent)
}

/// The 24-hour reminder to those in the electorate who have not voted: sent once (the poll
/// records it in the same transaction as the emails).
pub async fn remind(pool: &AnyPool, base: &str, poll_id: i64) -> anyhow::Result<usize> {
    let now = now();
    let mut tx = begin(pool).await?;
    let Some(poll) = store::poll_by_id(&mut *tx, poll_id).await? else { return Ok(0) };
    if poll.state != PollState::Open || now < poll.closes_at - types::REMIND_BEFORE || now >= poll.closes_at {
        return Ok(0);
    }
    let claimed = sqlx::query("UPDATE gov_polls SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL")
        .bind(poll_id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .context("Failed to mark a poll reminded")?;
    if claimed.rows_affected() != 1 {
        return Ok(0);
    }
    let closes = crate::kernel::zones::format_utc(poll.closes_at);
    let args = [("poll", poll.title.as_str()), ("closes", closes.as_str())];
    let sent = tell_electorate(&mut tx, base, &poll, "email-governance-closing", &args, true).await?;
    tx.commit().await.context("Failed to commit a poll's reminder")?;
    Ok(sent)
}

/// The hash of a published ballot set: SHA-256 over one line per ballot, `receipt_hash choices`,
/// in receipt-hash order. It also seeds the count's published lot.
pub fn ballots_hash(ballots: &[Ballot]) -> String {
    let mut sorted: Vec<&Ballot> = ballots.iter().collect();
    sorted.sort_by(|a, b| a.receipt_hash.cmp(&b.receipt_hash));
    let text: String = sorted
        .iter()
        .map(|b| format!("{} {}\n", b.receipt_hash, serde_json::to_string(&b.choices).unwrap_or_default()))
        .collect();
    sha256_hex(text.as_bytes())
}

fn seed(hash: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, chunk) in hash.as_bytes().chunks(2).take(32).enumerate() {
        out[i] = std::str::from_utf8(chunk).ok().and_then(|s| u8::from_str_radix(s, 16).ok()).unwrap_or(0);
    }
    out
}

/// Counts a set of ballots as the poll's settings say; returns the outcome and its hash.
pub fn count(poll: &Poll, ballots: &[Ballot]) -> (Outcome, String) {
    let choices: Vec<Vec<u32>> = ballots.iter().map(|b| b.choices.clone()).collect();
    let outcome = tally::count(&poll.settings(), &choices, seed(&ballots_hash(ballots)));
    let json = serde_json::to_string(&outcome).unwrap_or_default();
    let hash = sha256_hex(json.as_bytes());
    (outcome, hash)
}

/// Closes an open poll at its time: open polls' votes become published ballots, the ballots are
/// counted, and the log records the count, the ballot set's hash and the result's hash. The
/// electorate hears the result.
pub async fn close(pool: &AnyPool, base: &str, poll_id: i64) -> anyhow::Result<bool> {
    let mut tx = begin(pool).await?;
    let closed = close_in(&mut tx, Some(base), poll_id, now()).await?;
    tx.commit().await.context("Failed to commit a poll's close")?;
    Ok(closed)
}

/// Closes a poll inside a transaction; `base` is None when nobody is to be emailed (demo data).
pub async fn close_in(tx: &mut Tx<'_>, base: Option<&str>, poll_id: i64, now: i64) -> anyhow::Result<bool> {
    let Some(mut poll) = store::poll_by_id(&mut **tx, poll_id).await? else { return Ok(false) };
    if poll.state != PollState::Open || now < poll.closes_at {
        return Ok(false);
    }
    let claimed = sqlx::query("UPDATE gov_polls SET state = 'closed' WHERE id = $1 AND state = 'open'")
        .bind(poll_id)
        .execute(&mut **tx)
        .await
        .context("Failed to close a poll")?;
    if claimed.rows_affected() != 1 {
        return Ok(false);
    }
    if !poll.anonymous {
        let day = day_of(poll.closes_at);
        let votes: Vec<(String, String)> = sqlx::query_as(
            "SELECT choices, receipt_hash FROM gov_voters WHERE poll_id = $1 AND choices IS NOT NULL",
        )
        .bind(poll_id)
        .fetch_all(&mut **tx)
        .await
        .context("Failed to read open votes")?;
        for (choices, receipt_hash) in votes {
            insert_ballot(tx, poll_id, &choices, &receipt_hash, &day).await?;
        }
    }
    let ballots = store::ballots(&mut **tx, poll_id).await?;
    let set_hash = ballots_hash(&ballots);
    poll.state = PollState::Closed;
    let (outcome, result_hash) = count(&poll, &ballots);
    let result = serde_json::to_string(&outcome).context("Failed to write a result")?;
    sqlx::query(
        "UPDATE gov_polls SET ballot_count = $2, ballots_hash = $3, result = $4, result_hash = $5 WHERE id = $1",
    )
    .bind(poll_id)
    .bind(ballots.len() as i64)
    .bind(&set_hash)
    .bind(&result)
    .bind(&result_hash)
    .execute(&mut **tx)
    .await
    .context("Failed to save a result")?;
    store::append(
        tx,
        poll_id,
        "closed",
        &serde_json::json!({ "ballot_count": ballots.len(), "ballots_hash": set_hash, "result_hash": result_hash }),
        None,
        now,
    )
    .await?;
    if let Some(base) = base {
        let args = [("poll", poll.title.as_str())];
        tell_electorate(tx, base, &poll, "email-governance-results", &args, false).await?;
    }
    Ok(true)
}

fn day_of(at: i64) -> String {
    jiff::Timestamp::from_second(at).map(|t| t.strftime("%Y-%m-%d").to_string()).unwrap_or_default()
}

async fn insert_ballot(
    tx: &mut crate::kernel::db::Tx<'_>,
    poll: i64,
    choices: &str,
    receipt_hash: &str,
    day: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO gov_ballots (id, poll_id, choices, receipt_hash, cast_on) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(random_code())
    .bind(poll)
    .bind(choices)
    .bind(receipt_hash)
    .bind(day)
    .execute(&mut **tx)
    .await
    .context("Failed to store a ballot")?;
    Ok(())
}

/// 128 random bits in Crockford's base32 (26 characters, no I, L, O or U).
pub fn random_code() -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let mut n = u128::from_be_bytes(bytes);
    let mut out = [0u8; 26];
    for c in out.iter_mut().rev() {
        *c = ALPHABET[(n & 31) as usize];
        n >>= 5;
    }
    out.iter().map(|&b| b as char).collect()
}

/// A receipt's public hash: SHA-256 of `puente-ballot:{poll}:{code}` (anyone can compute it).
pub fn receipt_hash(poll: i64, code: &str) -> String {
    sha256_hex(format!("puente-ballot:{poll}:{}", code.trim().to_uppercase()).as_bytes())
}

/// Casts a ballot. A secret ballot is final: the roll records that the person voted and the
/// ballot is stored apart, without them. An open vote may be changed until the close. Returns
/// the receipt code (shown once).
pub async fn vote(
    pool: &AnyPool,
    actor: Option<&Actor>,
    poll_id: i64,
    ballot: &[u32],
) -> Result<String, AppError> {
    authorize(actor, Action::Participate)?;
    let actor = actor.ok_or(AppError::Unauthenticated)?;
    let now = now();
    let mut tx = begin(pool).await?;
    let poll = store::poll_by_id(&mut *tx, poll_id).await?.ok_or(AppError::NotFound)?;
    if poll.state == PollState::Closed || now >= poll.closes_at {
        return Err(conflict("governance-poll-closed"));
    }
    if !poll.accepting(now) {
        return Err(conflict("governance-poll-not-open"));
    }
    if !store::in_electorate(&mut *tx, poll_id, actor.user_id).await? {
        return Err(conflict("governance-not-eligible"));
    }
    let ballot = tally::validate(&poll.settings(), ballot).map_err(|e| invalid("ballot", e.code()))?;
    let code = cast_in(&mut tx, &poll, actor.user_id, &ballot, now).await?;
    tx.commit().await.context("Failed to commit a ballot")?;
    Ok(code)
}

/// Records a checked ballot of someone in the electorate (the caller checked both).
pub async fn cast_in(
    tx: &mut Tx<'_>,
    poll: &Poll,
    user: i64,
    ballot: &[u32],
    now: i64,
) -> Result<String, AppError> {
    let poll_id = poll.id;
    let choices = serde_json::to_string(&ballot).context("Failed to write a ballot")?;
    let code = random_code();
    let receipt = receipt_hash(poll_id, &code);
    if poll.anonymous {
        let rolled =
            sqlx::query("INSERT INTO gov_voters (poll_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(poll_id)
                .bind(user)
                .execute(&mut **tx)
                .await
                .context("Failed to write the roll")?;
        if rolled.rows_affected() != 1 {
            return Err(conflict("governance-already-voted"));
        }
        insert_ballot(tx, poll_id, &choices, &receipt, &day_of(now)).await?;
    } else {
        sqlx::query(
            "INSERT INTO gov_voters (poll_id, user_id, choices, receipt_hash) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (poll_id, user_id) DO UPDATE SET choices = excluded.choices, receipt_hash = excluded.receipt_hash",
        )
        .bind(poll_id)
        .bind(user)
        .bind(&choices)
        .bind(&receipt)
        .execute(&mut **tx)
        .await
        .context("Failed to record a vote")?;
    }
    Ok(code)
}

/// The results a reader may see now: the stored count once closed; a live count of an open
/// poll whose results are not hidden; else none.
pub async fn visible_result(pool: &AnyPool, poll: &Poll) -> Result<Option<Outcome>, AppError> {
    if poll.state == PollState::Closed {
        return Ok(poll.result.clone());
    }
    if !poll.results_visible() || poll.anonymous {
        return Ok(None);
    }
    let ballots: Vec<Ballot> = store::open_votes(pool, poll.id)
        .await?
        .into_iter()
        .map(|choices| Ballot { choices, receipt_hash: String::new(), cast_on: String::new() })
        .collect();
    Ok(Some(count(poll, &ballots).0))
}

/// Records a passed proposal's outcome statement and status; followers hear of it.
pub async fn set_outcome(
    pool: &AnyPool,
    base: &str,
    actor: Option<&Actor>,
    proposal_id: i64,
    statement: &str,
    status: &str,
) -> Result<(), AppError> {
    let actor = may_administer(actor)?;
    let proposal = store::proposal_by_id(pool, proposal_id).await?.ok_or(AppError::NotFound)?;
    let status = Status::parse(status)
        .filter(|s| *s != Status::Unset)
        .ok_or_else(|| invalid("status", "governance-status-invalid"))?;
    let statement =
        crate::kernel::words::parse_text(statement, types::MAX_BODY_CHARS, "governance-outcome-invalid")
            .map_err(|c| invalid("outcome", c))?;
    if statement.is_empty() {
        return Err(invalid("outcome", "governance-outcome-invalid"));
    }
    crate::kernel::markdown::post_html(&statement).map_err(|c| invalid("outcome", c))?;
    let now = now();
    let mut tx = begin(pool).await?;
    sqlx::query("UPDATE gov_proposals SET outcome = $2, status = $3, status_at = $4 WHERE id = $1")
        .bind(proposal_id)
        .bind(&statement)
        .bind(status.code())
        .bind(now)
        .execute(&mut *tx)
        .await
        .context("Failed to save an outcome")?;
    // Admin actions on governance are logged in each of the proposal's polls.
    let polls: Vec<(i64,)> = sqlx::query_as("SELECT id FROM gov_polls WHERE proposal_id = $1")
        .bind(proposal_id)
        .fetch_all(&mut *tx)
        .await
        .context("Failed to read polls")?;
    for (poll,) in polls {
        store::append(
            &mut tx,
            poll,
            "outcome",
            &serde_json::json!({ "status": status.code(), "statement_hash": sha256_hex(statement.as_bytes()) }),
            Some(actor.user_id),
            now,
        )
        .await?;
    }
    let followers: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT u.id, u.display_name, COALESCE(u.email, ''), u.locale FROM gov_follows f JOIN users u ON u.id = f.user_id \
         WHERE f.proposal_id = $1 AND u.deleted_at IS NULL AND u.disabled_at IS NULL",
    )
    .bind(proposal_id)
    .fetch_all(&mut *tx)
    .await
    .context("Failed to read followers")?;
    for (id, name, email, locale) in followers {
        if email.is_empty() {
            continue;
        }
        let locale = Locale::from_segment(&locale).unwrap_or_default();
        let link = format!("{base}/{}/governance/{}", locale.code(), segment(&proposal));
        let state = crate::i18n::t(locale, &format!("governance-status-{}", status.code()));
        let mail = crate::mail::compose_with(
            locale,
            "email-governance-outcome",
            &[("name", &name), ("proposal", &proposal.title), ("status", &state)],
            &link,
        );
        crate::mail::enqueue(&mut tx, Some(id), &email, mail).await?;
    }
    tx.commit().await.context("Failed to commit an outcome")?;
    Ok(())
}

/// What `puente governance verify` finds about a poll: the log's chain, and (once closed) the
/// ballots and the count recomputed from the database against what the log recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub entries: usize,
    pub ballots: usize,
    pub problems: Vec<String>,
}

pub async fn verify(pool: &AnyPool, poll_id: i64) -> anyhow::Result<Verification> {
    let poll = store::poll_by_id(pool, poll_id).await?.ok_or_else(|| anyhow::anyhow!("no poll {poll_id}"))?;
    let log = store::log(pool, poll_id).await?;
    let mut problems = Vec::new();
    let mut prev = GENESIS.to_owned();
    for e in &log {
        if e.prev_hash != prev {
            problems.push(format!("log entry {} does not follow entry {}", e.seq, e.seq - 1));
        }
        let hash = store::entry_hash(&e.prev_hash, e.seq, e.at, &e.event, &e.detail);
        if hash != e.hash {
            problems.push(format!(
                "log entry {} ({}) was changed: its hash is {hash}, the log says {}",
                e.seq, e.event, e.hash
            ));
        }
        prev = e.hash.clone();
    }
    for (want, seq) in log.iter().map(|e| e.seq).enumerate() {
        if seq != want as i64 + 1 {
            problems.push(format!("log entry {} is missing", want + 1));
            break;
        }
    }
    let detail = |event: &str| -> Option<serde_json::Value> {
        log.iter().rev().find(|e| e.event == event).and_then(|e| serde_json::from_str(&e.detail).ok())
    };
    if let Some(opened) = detail("opened") {
        if opened["electorate_hash"].as_str() != Some(poll.electorate_hash.as_str()) {
            problems.push("the poll's electorate hash differs from the one logged at opening".to_owned());
        }
    }
    let ballots = store::ballots(pool, poll_id).await?;
    if poll.state == PollState::Closed {
        let closed = detail("closed");
        let set_hash = ballots_hash(&ballots);
        let (_, result_hash) = count(&poll, &ballots);
        match closed {
            None => problems.push("the poll is closed but its log has no close".to_owned()),
            Some(c) => {
                if c["ballot_count"].as_u64() != Some(ballots.len() as u64) {
                    problems.push(format!(
                        "{} ballots are stored, the log counted {}",
                        ballots.len(),
                        c["ballot_count"]
                    ));
                }
                if c["ballots_hash"].as_str() != Some(set_hash.as_str()) {
                    problems.push(format!(
                        "the ballots hash to {set_hash}, the log recorded {}",
                        c["ballots_hash"]
                    ));
                }
                if c["result_hash"].as_str() != Some(result_hash.as_str()) {
                    problems.push(format!(
                        "recounting the ballots gives result {result_hash}, the log recorded {}",
                        c["result_hash"]
                    ));
                }
            }
        }
        if poll.result_hash != result_hash {
            problems.push("the stored result is not what the stored ballots give".to_owned());
        }
    }
    Ok(Verification { entries: log.len(), ballots: ballots.len(), problems })
}
