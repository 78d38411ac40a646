//! All of the notebooks domain's SQL. One SQL text for SQLite and PostgreSQL; times are Unix seconds.

use crate::kernel::clock::now;
use crate::kernel::tokens::{hash_token, new_token};
use anyhow::Context;
use sqlx::{AnyPool, Row};

/// States in which a server counts as live (launching or running).
pub const LIVE: &str = "('queued', 'creating', 'pulling', 'starting', 'ready', 'stopping')";
/// States of a launch in progress.
pub const LAUNCHING: &str = "('queued', 'creating', 'pulling', 'starting')";

/// A server as recorded. Serializable for pages, but the secrets (token) and the internal address
/// never leave the server: they are skipped.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct ServerRow {
    pub id: i64,
    pub user_id: i64,
    pub key: String,
    pub profile: String,
    pub backend: String,
    pub state: String,
    pub detail: String,
    pub error_code: Option<String>,
    #[serde(skip)]
    pub endpoint: Option<String>,
    #[serde(skip)]
    pub handle: Option<String>,
    #[serde(skip)]
    pub token: String,
    pub course: String,
    pub episode: String,
    pub open_path: String,
    pub created_at: i64,
    pub ready_at: Option<i64>,
    pub stopped_at: Option<i64>,
    pub last_activity_at: Option<i64>,
    pub stop_reason: Option<String>,
}

const COLUMNS: &str =
    "id, user_id, server_key, profile, backend, state, detail, error_code, endpoint, handle, \
     token, course, episode, open_path, created_at, ready_at, stopped_at, last_activity_at, stop_reason";

fn row(r: &sqlx::any::AnyRow) -> ServerRow {
    ServerRow {
        id: r.get(0),
        user_id: r.get(1),
        key: r.get(2),
        profile: r.get(3),
        backend: r.get(4),
        state: r.get(5),
        detail: r.get(6),
        error_code: r.get(7),
        endpoint: r.get(8),
        handle: r.get(9),
        token: r.get(10),
        course: r.get(11),
        episode: r.get(12),
        open_path: r.get(13),
        created_at: r.get(14),
        ready_at: r.get(15),
        stopped_at: r.get(16),
        last_activity_at: r.get(17),
        stop_reason: r.get(18),
    }
}

pub struct NewServer<'a> {
    pub user_id: i64,
    pub key: &'a str,
    pub profile: &'a str,
    pub backend: &'a str,
    pub token: &'a str,
    pub course: &'a str,
    pub episode: &'a str,
    pub open_path: &'a str,
    pub cpu_millis: i64,
    pub memory_bytes: i64,
    /// The group the launch is accounted to (a cohort), if any.
    pub cohort_id: Option<i64>,
}

/// Inserts a queued server; `None` when a live one with this key already exists.
pub async fn insert(pool: &AnyPool, s: &NewServer<'_>) -> anyhow::Result<Option<i64>> {
    let r = sqlx::query(
        "INSERT INTO notebook_servers (user_id, server_key, profile, backend, state, token, course, episode, \
         open_path, cpu_millis, memory_bytes, institution, created_at, cohort_id) \
         SELECT $1, $2, $3, $4, 'queued', $5, $6, $7, $8, $9, $10, u.institution, $11, $12 FROM users u WHERE u.id = $1 \
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(s.user_id)
    .bind(s.key)
    .bind(s.profile)
    .bind(s.backend)
    .bind(s.token)
    .bind(s.course)
    .bind(s.episode)
    .bind(s.open_path)
    .bind(s.cpu_millis)
    .bind(s.memory_bytes)
    .bind(now())
    .bind(s.cohort_id)
    .fetch_optional(pool)
    .await
    .context("Failed to record a notebook server")?;
    Ok(r.map(|r| r.get(0)))
}

pub async fn live_by_key(pool: &AnyPool, key: &str) -> anyhow::Result<Option<ServerRow>> {
    let sql = format!("SELECT {COLUMNS} FROM notebook_servers WHERE server_key = $1 AND state IN {LIVE}");
    let r = sqlx::query(&sql).bind(key).fetch_optional(pool).await.context("Failed to read a server")?;
    Ok(r.as_ref().map(row))
}

/// The newest server with this key, live or not (the progress page shows how a launch ended).
pub async fn latest_by_key(pool: &AnyPool, key: &str) -> anyhow::Result<Option<ServerRow>> {
    let sql =
        format!("SELECT {COLUMNS} FROM notebook_servers WHERE server_key = $1 ORDER BY id DESC LIMIT 1");
    let r = sqlx::query(&sql).bind(key).fetch_optional(pool).await.context("Failed to read a server")?;
    Ok(r.as_ref().map(row))
}

pub async fn by_id(pool: &AnyPool, id: i64) -> anyhow::Result<Option<ServerRow>> {
    let sql = format!("SELECT {COLUMNS} FROM notebook_servers WHERE id = $1");
    let r = sqlx::query(&sql).bind(id).fetch_optional(pool).await.context("Failed to read a server")?;
    Ok(r.as_ref().map(row))
}

pub async fn live(pool: &AnyPool) -> anyhow::Result<Vec<ServerRow>> {
    let sql = format!("SELECT {COLUMNS} FROM notebook_servers WHERE state IN {LIVE} ORDER BY id");
    let rows = sqlx::query(&sql).fetch_all(pool).await.context("Failed to list servers")?;
    Ok(rows.iter().map(row).collect())
}

pub async fn live_for_user(pool: &AnyPool, user_id: i64) -> anyhow::Result<Vec<ServerRow>> {
    let sql =
        format!("SELECT {COLUMNS} FROM notebook_servers WHERE user_id = $1 AND state IN {LIVE} ORDER BY id");
    let rows = sqlx::query(&sql).bind(user_id).fetch_all(pool).await.context("Failed to list servers")?;
    Ok(rows.iter().map(row).collect())
}

pub async fn count_launching(pool: &AnyPool) -> anyhow::Result<i64> {
    let sql = format!("SELECT COUNT(*) FROM notebook_servers WHERE state IN {LAUNCHING}");
    let r = sqlx::query(&sql).fetch_one(pool).await.context("Failed to count launches")?;
    Ok(r.get(0))
}

/// The order of launch stages; a launch only moves forward.
fn stage_rank(stage: &str) -> i64 {
    match stage {
        "queued" => 0,
        "creating" => 1,
        "pulling" => 2,
        _ => 3,
    }
}

/// Moves a launch along; never backwards (progress reports may land out of order), and never
/// moves a server that has meanwhile become ready or been stopped.
pub async fn set_stage(pool: &AnyPool, id: i64, stage: &str, detail: &str) -> anyhow::Result<()> {
    sqlx::query(&format!(
        "UPDATE notebook_servers SET state = $2, detail = $3 WHERE id = $1 AND state IN {LAUNCHING} \
         AND (CASE state WHEN 'queued' THEN 0 WHEN 'creating' THEN 1 WHEN 'pulling' THEN 2 ELSE 3 END) <= $4"
    ))
    .bind(id)
    .bind(stage)
    .bind(detail)
    .bind(stage_rank(stage))
    .execute(pool)
    .await
    .context("Failed to record launch progress")?;
    Ok(())
}

/// The launch succeeded; `false` if the server was stopped meanwhile.
pub async fn set_ready(pool: &AnyPool, id: i64, endpoint: &str, handle: &str) -> anyhow::Result<bool> {
    let now = now();
    let r = sqlx::query(&format!(
        "UPDATE notebook_servers SET state = 'ready', detail = '', endpoint = $2, handle = $3, \
         ready_at = COALESCE(ready_at, $4), last_activity_at = $4 WHERE id = $1 AND state IN {LAUNCHING}"
    ))
    .bind(id)
    .bind(endpoint)
    .bind(handle)
    .bind(now)
    .execute(pool)
    .await
    .context("Failed to record a ready server")?;
    Ok(r.rows_affected() == 1)
}

pub async fn set_failed(pool: &AnyPool, id: i64, code: &str, detail: &str) -> anyhow::Result<()> {
    sqlx::query(&format!(
        "UPDATE notebook_servers SET state = 'failed', error_code = $2, detail = $3, stopped_at = $4, \
         stop_reason = 'failed' WHERE id = $1 AND state IN {LIVE}"
    ))
    .bind(id)
    .bind(code)
    .bind(detail)
    .bind(now())
    .execute(pool)
    .await
    .context("Failed to record a failed launch")?;
    Ok(())
}

/// Marks a live server as stopping; `false` if it was not live (someone else stopped it).
pub async fn set_stopping(pool: &AnyPool, id: i64, reason: &str) -> anyhow::Result<bool> {
    let r = sqlx::query(&format!(
        "UPDATE notebook_servers SET state = 'stopping', stop_reason = $2 WHERE id = $1 AND state IN {LIVE} \
         AND state <> 'stopping'"
    ))
    .bind(id)
    .bind(reason)
    .execute(pool)
    .await
    .context("Failed to stop a server")?;
    Ok(r.rows_affected() == 1)
}

pub async fn set_stopped(pool: &AnyPool, id: i64, reason: &str) -> anyhow::Result<()> {
    let mut tx = crate::kernel::db::begin(pool).await?;
    sqlx::query(
        "UPDATE notebook_servers SET state = 'stopped', stopped_at = $2, \
         stop_reason = COALESCE(stop_reason, $3) WHERE id = $1 AND state NOT IN ('stopped', 'failed')",
    )
    .bind(id)
    .bind(now())
    .bind(reason)
    .execute(&mut *tx)
    .await
    .context("Failed to record a stopped server")?;
    sqlx::query("DELETE FROM notebook_grants WHERE server_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await
        .context("Failed to revoke a server's credentials")?;
    tx.commit().await.context("Failed to commit")?;
    Ok(())
}

/// The episode to open next time the learner enters.
pub async fn set_open(
    pool: &AnyPool,
    id: i64,
    course: &str,
    episode: &str,
    open_path: &str,
) -> anyhow::Result<()> {
    sqlx::query("UPDATE notebook_servers SET course = $2, episode = $3, open_path = $4 WHERE id = $1")
        .bind(id)
        .bind(course)
        .bind(episode)
        .bind(open_path)
        .execute(pool)
        .await
        .context("Failed to record the episode to open")?;
    Ok(())
}

pub async fn touch(pool: &AnyPool, id: i64, at: i64) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE notebook_servers SET last_activity_at = $2 WHERE id = $1 \
         AND (last_activity_at IS NULL OR last_activity_at < $2)",
    )
    .bind(id)
    .bind(at)
    .execute(pool)
    .await
    .context("Failed to record notebook activity")?;
    Ok(())
}

/// Credentials of the notebook origin.
pub mod grants {
    use super::*;

    /// Seconds a ticket (the one-time hand-over from Puente's origin to the notebook origin) lives.
    pub const TICKET_TTL: i64 = 60;

    /// A single-use ticket for `server_id`, tied to the Puente session that asked for it.
    pub async fn issue_ticket(
        pool: &AnyPool,
        server_id: i64,
        user_id: i64,
        session_hash: &str,
    ) -> anyhow::Result<String> {
        let ticket = new_token();
        sqlx::query(
            "INSERT INTO notebook_grants (token_hash, kind, server_id, user_id, session_hash, expires_at) \
             VALUES ($1, 'ticket', $2, $3, $4, $5)",
        )
        .bind(hash_token(&ticket))
        .bind(server_id)
        .bind(user_id)
        .bind(session_hash)
        .bind(now() + TICKET_TTL)
        .execute(pool)
        .await
        .context("Failed to issue a notebook ticket")?;
        // Expired grants go when new ones come.
        sqlx::query("DELETE FROM notebook_grants WHERE expires_at < $1")
            .bind(now() - 60)
            .execute(pool)
            .await
            .context("Failed to remove expired notebook grants")?;
        Ok(ticket)
    }

    /// Spends a ticket and returns a credential for the notebook origin, valid `ttl` seconds but
    /// never beyond its session; `None` if the ticket is unknown, used or expired.
    pub async fn redeem_ticket(
        pool: &AnyPool,
        ticket: &str,
        key: &str,
        ttl: i64,
    ) -> anyhow::Result<Option<(String, i64)>> {
        let now = now();
        let mut tx = crate::kernel::db::begin(pool).await?;
        let r = sqlx::query(
            "DELETE FROM notebook_grants WHERE token_hash = $1 AND kind = 'ticket' \
             RETURNING server_id, user_id, session_hash, expires_at",
        )
        .bind(hash_token(ticket))
        .fetch_optional(&mut *tx)
        .await
        .context("Failed to spend a notebook ticket")?;
        let Some(r) = r else { return Ok(None) };
        let (server_id, user_id, session_hash, expires_at): (i64, i64, String, i64) =
            (r.get(0), r.get(1), r.get(2), r.get(3));
        let for_key = sqlx::query("SELECT server_key FROM notebook_servers WHERE id = $1")
            .bind(server_id)
            .fetch_optional(&mut *tx)
            .await
            .context("Failed to read a ticket's server")?
            .map(|r| r.get::<String, _>(0));
        // A ticket spent on another server's origin is spent for nothing.
        if expires_at <= now || for_key.as_deref() != Some(key) {
            tx.commit().await.context("Failed to commit")?;
            return Ok(None);
        }
        let cookie = new_token();
        sqlx::query(
            "INSERT INTO notebook_grants (token_hash, kind, server_id, user_id, session_hash, expires_at) \
             VALUES ($1, 'cookie', $2, $3, $4, $5)",
        )
        .bind(hash_token(&cookie))
        .bind(server_id)
        .bind(user_id)
        .bind(&session_hash)
        .bind(now + ttl)
        .execute(&mut *tx)
        .await
        .context("Failed to issue a notebook credential")?;
        tx.commit().await.context("Failed to commit")?;
        Ok(Some((cookie, server_id)))
    }

    /// What the proxy needs to forward one request.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Upstream {
        pub server_id: i64,
        /// Who holds the credential (the owner, or an admin helping them).
        pub user_id: i64,
        /// Whose server it is.
        pub owner_id: i64,
        pub session_hash: String,
        pub key: String,
        pub endpoint: String,
        pub token: String,
        pub expires_at: i64,
    }

    /// Checks a notebook-origin credential: it must be unexpired, its Puente session alive, its
    /// person neither disabled nor deleted, its server ready, and its holder the server's owner
    /// or still an admin.
    pub async fn check(pool: &AnyPool, credential: &str) -> anyhow::Result<Option<Upstream>> {
        let now = now();
        let r = sqlx::query(
            "SELECT g.server_id, g.user_id, g.session_hash, s.server_key, s.endpoint, s.token, g.expires_at, \
             s.user_id \
             FROM notebook_grants g \
             JOIN notebook_servers s ON s.id = g.server_id \
             JOIN sessions se ON se.token_hash = g.session_hash \
             JOIN users u ON u.id = g.user_id \
             WHERE g.token_hash = $1 AND g.kind = 'cookie' AND g.expires_at > $2 \
             AND se.idle_expires_at > $2 AND se.absolute_expires_at > $2 AND se.mfa_pending = 0 \
             AND u.disabled_at IS NULL AND u.deleted_at IS NULL \
             AND s.state = 'ready' AND s.endpoint IS NOT NULL \
             AND (s.user_id = g.user_id OR EXISTS (SELECT 1 FROM user_roles r \
                  WHERE r.user_id = g.user_id AND r.role = 'admin'))",
        )
        .bind(hash_token(credential))
        .bind(now)
        .fetch_optional(pool)
        .await
        .context("Failed to check a notebook credential")?;
        Ok(r.map(|r| Upstream {
            server_id: r.get(0),
            user_id: r.get(1),
            session_hash: r.get(2),
            key: r.get(3),
            endpoint: r.get(4),
            token: r.get(5),
            expires_at: r.get(6),
            owner_id: r.get(7),
        }))
    }

    /// Slides a credential's expiry forward while it is used.
    pub async fn extend(pool: &AnyPool, credential: &str, until: i64) -> anyhow::Result<()> {
        sqlx::query("UPDATE notebook_grants SET expires_at = $2 WHERE token_hash = $1 AND expires_at < $2")
            .bind(hash_token(credential))
            .bind(until)
            .execute(pool)
            .await
            .context("Failed to extend a notebook credential")?;
        Ok(())
    }

    /// Does some credential of this session for this server still hold?
    pub async fn session_holds(pool: &AnyPool, session_hash: &str, server_id: i64) -> anyhow::Result<bool> {
        let now = now();
        let r = sqlx::query(
            "SELECT COUNT(*) FROM notebook_grants g JOIN sessions se ON se.token_hash = g.session_hash \
             JOIN notebook_servers s ON s.id = g.server_id JOIN users u ON u.id = g.user_id \
             WHERE g.session_hash = $1 AND g.server_id = $2 AND g.kind = 'cookie' AND g.expires_at > $3 \
             AND se.idle_expires_at > $3 AND se.absolute_expires_at > $3 \
             AND u.disabled_at IS NULL AND u.deleted_at IS NULL AND s.state = 'ready'",
        )
        .bind(session_hash)
        .bind(server_id)
        .bind(now)
        .fetch_one(pool)
        .await
        .context("Failed to check notebook credentials")?;
        Ok(r.get::<i64, _>(0) > 0)
    }

    pub async fn revoke_session(pool: &AnyPool, session_hash: &str) -> anyhow::Result<()> {
        sqlx::query("DELETE FROM notebook_grants WHERE session_hash = $1")
            .bind(session_hash)
            .execute(pool)
            .await
            .context("Failed to revoke notebook credentials")?;
        Ok(())
    }

    /// Ends a person's credentials except those of one session (the one that changed the password).
    pub async fn revoke_user_except(pool: &AnyPool, user_id: i64, keep_session: &str) -> anyhow::Result<()> {
        sqlx::query("DELETE FROM notebook_grants WHERE user_id = $1 AND session_hash <> $2")
            .bind(user_id)
            .bind(keep_session)
            .execute(pool)
            .await
            .context("Failed to revoke notebook credentials")?;
        Ok(())
    }

    /// Ends the credentials a person holds for other people's servers (an admin demoted).
    pub async fn revoke_foreign(pool: &AnyPool, user_id: i64) -> anyhow::Result<()> {
        sqlx::query(
            "DELETE FROM notebook_grants WHERE user_id = $1 \
             AND server_id IN (SELECT id FROM notebook_servers WHERE user_id <> $1)",
        )
        .bind(user_id)
        .execute(pool)
        .await
        .context("Failed to revoke notebook credentials")?;
        Ok(())
    }

    pub async fn revoke_user(pool: &AnyPool, user_id: i64) -> anyhow::Result<()> {
        sqlx::query("DELETE FROM notebook_grants WHERE user_id = $1")
            .bind(user_id)
            .execute(pool)
            .await
            .context("Failed to revoke notebook credentials")?;
        Ok(())
    }
}

/// Accounting.
pub mod usage {
    use super::*;

    /// One server's time inside a period, with what it requested.
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct Span {
        pub user_id: i64,
        pub display_name: String,
        pub institution: String,
        pub cpu_millis: i64,
        pub memory_bytes: i64,
        pub seconds: i64,
        /// The cohort's title, when the launch was accounted to one.
        pub cohort: String,
    }

    /// Every server that ran during `[from, to)`, cut to the period.
    pub async fn spans(pool: &AnyPool, from: i64, to: i64) -> anyhow::Result<Vec<Span>> {
        let now = now();
        let rows = sqlx::query(
            "SELECT s.user_id, u.display_name, s.institution, s.cpu_millis, s.memory_bytes, s.ready_at, \
             COALESCE(s.stopped_at, $3), COALESCE(c.title, '') FROM notebook_servers s JOIN users u ON u.id = s.user_id \
             LEFT JOIN cohorts c ON c.id = s.cohort_id \
             WHERE s.ready_at IS NOT NULL AND s.ready_at < $2 AND COALESCE(s.stopped_at, $3) > $1",
        )
        .bind(from)
        .bind(to)
        .bind(now)
        .fetch_all(pool)
        .await
        .context("Failed to read notebook usage")?;
        Ok(rows
            .iter()
            .map(|r| {
                let start: i64 = r.get(5);
                let end: i64 = r.get(6);
                Span {
                    user_id: r.get(0),
                    display_name: r.get(1),
                    institution: r.get(2),
                    cpu_millis: r.get(3),
                    memory_bytes: r.get(4),
                    seconds: (end.min(to) - start.max(from)).max(0),
                    cohort: r.get(7),
                }
            })
            .collect())
    }
}
