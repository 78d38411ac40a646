//! Governance's SQL: proposals, polls, the frozen electorate, the roll of voters, the ballots and
//! the hash-chained log. One SQL text for SQLite and PostgreSQL.

use super::tally::{Kind, Outcome, PassRule};
use super::types::{Combine, Poll, PollState, Proposal, Rule, Status};
use crate::errors::AppError;
use crate::kernel::db::Tx;
use anyhow::Context as _;
use sha2::{Digest, Sha256};
use sqlx::{Any, AnyPool, Executor, Row};

pub fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data).iter().map(|b| format!("{b:02x}")).collect()
}

const PROPOSAL_COLUMNS: &str =
    "p.id, p.slug, p.title, p.body, p.author_id, COALESCE(u.display_name, ''), p.topic_id, \
     p.outcome, p.status, p.status_at, p.created_at";

fn proposal(r: &sqlx::any::AnyRow) -> Proposal {
    Proposal {
        id: r.get(0),
        slug: r.get(1),
        title: r.get(2),
        body: r.get(3),
        author_id: r.get(4),
        author: r.get(5),
        topic_id: r.get(6),
        outcome: r.get(7),
        status: Status::parse(&r.get::<String, _>(8)).unwrap_or(Status::Unset),
        status_at: r.get(9),
        created_at: r.get(10),
    }
}

pub async fn proposal_by_id<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    id: i64,
) -> Result<Option<Proposal>, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {PROPOSAL_COLUMNS} FROM gov_proposals p LEFT JOIN users u ON u.id = p.author_id WHERE p.id = $1"
    ))
    .bind(id)
    .fetch_optional(ex)
    .await
    .context("Failed to read a proposal")?;
    Ok(row.as_ref().map(proposal))
}

/// A proposal in the list, with where its polls stand.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Listed {
    pub proposal: Proposal,
    pub polls: i64,
    /// Polls scheduled or open.
    pub live: i64,
    /// The soonest closing time of a live poll.
    pub closes_at: Option<i64>,
}

/// Every proposal, newest first, with its polls' states (one query).
pub async fn proposals(pool: &AnyPool) -> Result<Vec<Listed>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {PROPOSAL_COLUMNS}, \
         (SELECT COUNT(*) FROM gov_polls g WHERE g.proposal_id = p.id), \
         (SELECT COUNT(*) FROM gov_polls g WHERE g.proposal_id = p.id AND g.state <> 'closed'), \
         (SELECT MIN(g.closes_at) FROM gov_polls g WHERE g.proposal_id = p.id AND g.state <> 'closed') \
         FROM gov_proposals p LEFT JOIN users u ON u.id = p.author_id ORDER BY p.created_at DESC, p.id DESC LIMIT 500"
    ))
    .fetch_all(pool)
    .await
    .context("Failed to list proposals")?;
    Ok(rows
        .iter()
        .map(|r| Listed { proposal: proposal(r), polls: r.get(11), live: r.get(12), closes_at: r.get(13) })
        .collect())
}

pub async fn insert_proposal(
    tx: &mut Tx<'_>,
    slug: &str,
    title: &str,
    body: &str,
    author: i64,
    now: i64,
) -> Result<i64, AppError> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO gov_proposals (slug, title, body, author_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(slug)
    .bind(title)
    .bind(body)
    .bind(author)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
    .context("Failed to save a proposal")?;
    Ok(id)
}

pub async fn set_topic(pool: &AnyPool, proposal: i64, topic: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE gov_proposals SET topic_id = $2 WHERE id = $1")
        .bind(proposal)
        .bind(topic)
        .execute(pool)
        .await
        .context("Failed to link a proposal's discussion")?;
    Ok(())
}

const POLL_COLUMNS: &str = "id, proposal_id, title, kind, options, seats, pass_rule, quorum_pct, anonymous, hide_results, \
     electorate_rule, opens_at, closes_at, state, electorate_count, electorate_hash, ballot_count, ballots_hash, \
     result, result_hash";

fn poll(r: &sqlx::any::AnyRow) -> Poll {
    let result: String = r.get(18);
    Poll {
        id: r.get(0),
        proposal_id: r.get(1),
        title: r.get(2),
        kind: Kind::parse(&r.get::<String, _>(3)).unwrap_or(Kind::Single),
        options: serde_json::from_str(&r.get::<String, _>(4)).unwrap_or_default(),
        seats: u32::try_from(r.get::<i64, _>(5)).unwrap_or(1),
        pass: PassRule::parse(&r.get::<String, _>(6)).unwrap_or(PassRule::Majority),
        quorum_pct: u32::try_from(r.get::<i64, _>(7)).unwrap_or(0),
        anonymous: r.get::<i64, _>(8) != 0,
        hide_results: r.get::<i64, _>(9) != 0,
        rule: serde_json::from_str(&r.get::<String, _>(10)).unwrap_or_default(),
        opens_at: r.get(11),
        closes_at: r.get(12),
        state: PollState::parse(&r.get::<String, _>(13)).unwrap_or(PollState::Closed),
        electorate_count: r.get(14),
        electorate_hash: r.get(15),
        ballot_count: r.get(16),
        ballots_hash: r.get(17),
        result: (!result.is_empty()).then(|| serde_json::from_str::<Outcome>(&result).ok()).flatten(),
        result_hash: r.get(19),
    }
}

pub async fn poll_by_id<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    id: i64,
) -> Result<Option<Poll>, AppError> {
    let row = sqlx::query(&format!("SELECT {POLL_COLUMNS} FROM gov_polls WHERE id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
        .context("Failed to read a poll")?;
    Ok(row.as_ref().map(poll))
}

pub async fn polls_of(pool: &AnyPool, proposal: i64) -> Result<Vec<Poll>, AppError> {
    let rows =
        sqlx::query(&format!("SELECT {POLL_COLUMNS} FROM gov_polls WHERE proposal_id = $1 ORDER BY id"))
            .bind(proposal)
            .fetch_all(pool)
            .await
            .context("Failed to read a proposal's polls")?;
    Ok(rows.iter().map(poll).collect())
}

/// A new poll's settings, parsed.
#[derive(Debug, Clone)]
pub struct PollInput {
    pub title: String,
    pub kind: Kind,
    pub options: Vec<String>,
    pub seats: u32,
    pub pass: PassRule,
    pub quorum_pct: u32,
    pub anonymous: bool,
    pub hide_results: bool,
    pub rule: Rule,
    pub opens_at: i64,
    pub closes_at: i64,
}

pub async fn insert_poll(
    tx: &mut Tx<'_>,
    proposal: i64,
    p: &PollInput,
    by: i64,
    now: i64,
) -> Result<i64, AppError> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO gov_polls (proposal_id, title, kind, options, seats, pass_rule, quorum_pct, anonymous, hide_results, \
         electorate_rule, opens_at, closes_at, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(proposal)
    .bind(&p.title)
    .bind(p.kind.code())
    .bind(serde_json::to_string(&p.options).context("Failed to write options")?)
    .bind(i64::from(p.seats))
    .bind(p.pass.code())
    .bind(i64::from(p.quorum_pct))
    .bind(i64::from(p.anonymous))
    .bind(i64::from(p.hide_results))
    .bind(serde_json::to_string(&p.rule).context("Failed to write the rule")?)
    .bind(p.opens_at)
    .bind(p.closes_at)
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
    .context("Failed to save a poll")?;
    Ok(id)
}

/// Changes the settings that may change while a poll has no ballot. Returns false when a ballot
/// exists (checked in the same statement, so a ballot cast meanwhile wins).
pub async fn update_settings(
    tx: &mut Tx<'_>,
    id: i64,
    closes_at: i64,
    quorum_pct: u32,
    hide_results: bool,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE gov_polls SET closes_at = $2, quorum_pct = $3, hide_results = $4 WHERE id = $1 AND state <> 'closed' \
         AND NOT EXISTS (SELECT 1 FROM gov_voters v WHERE v.poll_id = gov_polls.id) \
         AND NOT EXISTS (SELECT 1 FROM gov_ballots b WHERE b.poll_id = gov_polls.id)",
    )
    .bind(id)
    .bind(closes_at)
    .bind(i64::from(quorum_pct))
    .bind(i64::from(hide_results))
    .execute(&mut **tx)
    .await
    .context("Failed to change a poll's settings")?;
    Ok(done.rows_affected() == 1)
}

/// The people a rule selects now (accounts in use: verified, not disabled or erased). Reads only:
/// a page asking "Can I vote?" passes a pooled connection, opening a poll its transaction.
pub async fn eligible(conn: &mut sqlx::AnyConnection, rule: &Rule, now: i64) -> Result<Vec<i64>, AppError> {
    use std::collections::BTreeSet;
    let mut sets: Vec<BTreeSet<i64>> = Vec::new();
    let ids = |rows: Vec<(i64,)>| rows.into_iter().map(|(id,)| id).collect::<BTreeSet<i64>>();
    if rule.members {
        let rows = sqlx::query_as("SELECT user_id FROM user_roles WHERE role = 'member'")
            .fetch_all(&mut *conn)
            .await
            .context("Failed to read members")?;
        sets.push(ids(rows));
    }
    if rule.certified_trainers {
        let rows = sqlx::query_as(
            "SELECT user_id FROM certificates WHERE kind = 'trainer' AND revoked_at IS NULL \
             UNION SELECT user_id FROM user_roles WHERE role = 'trainer'",
        )
        .fetch_all(&mut *conn)
        .await
        .context("Failed to read certified trainers")?;
        sets.push(ids(rows));
    }
    if !rule.course.is_empty() {
        let rows = sqlx::query_as(
            "SELECT user_id FROM certificates WHERE kind = 'completion' AND course = $1 AND revoked_at IS NULL",
        )
        .bind(&rule.course)
        .fetch_all(&mut *conn)
        .await
        .context("Failed to read a course's finishers")?;
        sets.push(ids(rows));
    }
    if !rule.cohort.is_empty() {
        let rows = sqlx::query_as(
            "SELECT m.user_id FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id \
             WHERE c.slug = $1 AND m.state = 'enrolled'",
        )
        .bind(&rule.cohort)
        .fetch_all(&mut *conn)
        .await
        .context("Failed to read a cohort's members")?;
        sets.push(ids(rows));
    }
    if !rule.emails.is_empty() {
        let mut listed = BTreeSet::new();
        for email in &rule.emails {
            let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE email = $1")
                .bind(email)
                .fetch_optional(&mut *conn)
                .await
                .context("Failed to read a listed account")?;
            listed.extend(row.map(|(id,)| id));
        }
        sets.push(listed);
    }
    let mut chosen: BTreeSet<i64> = match rule.combine {
        Combine::All => {
            let mut it = sets.into_iter();
            let first = it.next().unwrap_or_default();
            it.fold(first, |acc, s| acc.intersection(&s).copied().collect())
        }
        Combine::Any => sets.into_iter().flatten().collect(),
    };
    // Accounts in use, and active recently when the rule asks.
    let since =
        if rule.active_months > 0 { now - i64::from(rule.active_months) * 30 * 86_400 } else { i64::MIN };
    let usable: BTreeSet<i64> = ids(sqlx::query_as(
        "SELECT id FROM users WHERE email_verified_at IS NOT NULL AND deleted_at IS NULL AND disabled_at IS NULL \
         AND COALESCE(last_seen_at, created_at) >= $1",
    )
    .bind(since)
    .fetch_all(&mut *conn)
    .await
    .context("Failed to read accounts in use")?);
    chosen.retain(|id| usable.contains(id));
    Ok(chosen.into_iter().collect())
}

pub async fn freeze_electorate(tx: &mut Tx<'_>, poll: i64, people: &[i64]) -> Result<(), AppError> {
    for id in people {
        sqlx::query("INSERT INTO gov_electorate (poll_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(poll)
            .bind(id)
            .execute(&mut **tx)
            .await
            .context("Failed to freeze the electorate")?;
    }
    Ok(())
}

pub async fn in_electorate<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    poll: i64,
    user: i64,
) -> Result<bool, AppError> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT user_id FROM gov_electorate WHERE poll_id = $1 AND user_id = $2")
            .bind(poll)
            .bind(user)
            .fetch_optional(ex)
            .await
            .context("Failed to read the electorate")?;
    Ok(row.is_some())
}

/// The roll entry of a voter: voted or not, and (open polls) their current vote.
pub async fn roll_entry<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    poll: i64,
    user: i64,
) -> Result<Option<Option<Vec<u32>>>, AppError> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT choices FROM gov_voters WHERE poll_id = $1 AND user_id = $2")
            .bind(poll)
            .bind(user)
            .fetch_optional(ex)
            .await
            .context("Failed to read the roll")?;
    Ok(row.map(|(c,)| c.and_then(|c| serde_json::from_str(&c).ok())))
}

/// The people in the electorate, with whether they voted (for the participation list and
/// reminders): (user, name, email, locale, voted).
pub async fn electorate<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    poll: i64,
) -> Result<Vec<(i64, String, String, String, bool)>, AppError> {
    let rows = sqlx::query(
        "SELECT u.id, u.display_name, COALESCE(u.email, ''), u.locale, \
         CASE WHEN v.user_id IS NULL THEN 0 ELSE 1 END FROM gov_electorate e JOIN users u ON u.id = e.user_id \
         LEFT JOIN gov_voters v ON v.poll_id = e.poll_id AND v.user_id = e.user_id \
         WHERE e.poll_id = $1 AND u.deleted_at IS NULL ORDER BY u.display_name, u.id",
    )
    .bind(poll)
    .fetch_all(ex)
    .await
    .context("Failed to read the electorate")?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get::<i64, _>(4) != 0)).collect())
}

/// A published ballot.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Ballot {
    pub choices: Vec<u32>,
    pub receipt_hash: String,
    pub cast_on: String,
}

/// A poll's ballots, in the order of their receipt hashes (the order they are published in).
pub async fn ballots<'e, E: Executor<'e, Database = Any>>(ex: E, poll: i64) -> Result<Vec<Ballot>, AppError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT choices, receipt_hash, cast_on FROM gov_ballots WHERE poll_id = $1 ORDER BY receipt_hash",
    )
    .bind(poll)
    .fetch_all(ex)
    .await
    .context("Failed to read ballots")?;
    Ok(rows
        .into_iter()
        .map(|(c, receipt_hash, cast_on)| Ballot {
            // A ballot that no longer reads as a list is counted as invalid, never dropped.
            choices: serde_json::from_str(&c).unwrap_or_else(|_| vec![u32::MAX]),
            receipt_hash,
            cast_on,
        })
        .collect())
}

/// Open polls' votes from the roll (before close, for live results).
pub async fn open_votes(pool: &AnyPool, poll: i64) -> Result<Vec<Vec<u32>>, AppError> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT choices FROM gov_voters WHERE poll_id = $1 AND choices IS NOT NULL")
            .bind(poll)
            .fetch_all(pool)
            .await
            .context("Failed to read open votes")?;
    Ok(rows.into_iter().filter_map(|(c,)| serde_json::from_str(&c).ok()).collect())
}

/// One entry of a poll's audit log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LogEntry {
    pub seq: i64,
    pub at: i64,
    pub event: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An entry's hash: SHA-256 over the previous hash, its number, time, event and detail, one per line.
pub fn entry_hash(prev: &str, seq: i64, at: i64, event: &str, detail: &str) -> String {
    sha256_hex(format!("{prev}\n{seq}\n{at}\n{event}\n{detail}").as_bytes())
}

/// Appends to a poll's log (inside the change's transaction, so the log and the change agree).
pub async fn append(
    tx: &mut Tx<'_>,
    poll: i64,
    event: &str,
    detail: &serde_json::Value,
    actor: Option<i64>,
    now: i64,
) -> Result<String, AppError> {
    let last: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM gov_log WHERE poll_id = $1 ORDER BY seq DESC LIMIT 1")
            .bind(poll)
            .fetch_optional(&mut **tx)
            .await
            .context("Failed to read the log's end")?;
    let (seq, prev) = last.map(|(s, h)| (s + 1, h)).unwrap_or((1, GENESIS.to_owned()));
    let detail =
        String::from_utf8(serde_json_canonicalizer::to_vec(detail).context("Failed to canonicalise")?)
            .context("Canonical JSON is UTF-8")?;
    let hash = entry_hash(&prev, seq, now, event, &detail);
    sqlx::query(
        "INSERT INTO gov_log (poll_id, seq, at, event, detail, actor_id, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(poll)
    .bind(seq)
    .bind(now)
    .bind(event)
    .bind(&detail)
    .bind(actor)
    .bind(&prev)
    .bind(&hash)
    .execute(&mut **tx)
    .await
    .context("Failed to append to the log")?;
    Ok(hash)
}

pub async fn log<'e, E: Executor<'e, Database = Any>>(ex: E, poll: i64) -> Result<Vec<LogEntry>, AppError> {
    let rows: Vec<(i64, i64, String, String, String, String)> = sqlx::query_as(
        "SELECT seq, at, event, detail, prev_hash, hash FROM gov_log WHERE poll_id = $1 ORDER BY seq",
    )
    .bind(poll)
    .fetch_all(ex)
    .await
    .context("Failed to read the log")?;
    Ok(rows
        .into_iter()
        .map(|(seq, at, event, detail, prev_hash, hash)| LogEntry { seq, at, event, detail, prev_hash, hash })
        .collect())
}

pub async fn follows(pool: &AnyPool, proposal: i64, user: i64) -> Result<bool, AppError> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT user_id FROM gov_follows WHERE proposal_id = $1 AND user_id = $2")
            .bind(proposal)
            .bind(user)
            .fetch_optional(pool)
            .await
            .context("Failed to read a follow")?;
    Ok(row.is_some())
}

pub async fn set_follow(pool: &AnyPool, proposal: i64, user: i64, on: bool) -> Result<(), AppError> {
    let sql = if on {
        "INSERT INTO gov_follows (proposal_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
    } else {
        "DELETE FROM gov_follows WHERE proposal_id = $1 AND user_id = $2"
    };
    sqlx::query(sql).bind(proposal).bind(user).execute(pool).await.context("Failed to change a follow")?;
    Ok(())
}

/// How many have voted so far (the roll's size).
pub async fn voter_count(pool: &AnyPool, poll: i64) -> Result<i64, AppError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM gov_voters WHERE poll_id = $1")
        .bind(poll)
        .fetch_one(pool)
        .await
        .context("Failed to count voters")?;
    Ok(n)
}

/// Who voted (not how), by name: the participation list.
pub async fn voter_names(pool: &AnyPool, poll: i64) -> Result<Vec<String>, AppError> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT u.display_name FROM gov_voters v JOIN users u ON u.id = v.user_id \
         WHERE v.poll_id = $1 AND u.deleted_at IS NULL ORDER BY u.display_name, u.id",
    )
    .bind(poll)
    .fetch_all(pool)
    .await
    .context("Failed to read who voted")?;
    Ok(rows.into_iter().map(|(n,)| n).collect())
}
