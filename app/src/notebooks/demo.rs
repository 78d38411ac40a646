//! The notebooks part of `puente demo seed`: a month of finished notebook sessions, so the admin
//! usage page and its CSV have something true-to-life to show.

use crate::kernel::db::Tx;
use crate::kernel::tokens::new_token;
use anyhow::Context;
use rand::{Rng, SeedableRng};

/// Past, stopped servers for each learner (one to five, half an hour to three hours each, within
/// the last 30 days). Returns how many were written.
pub async fn history(
    tx: &mut Tx<'_>,
    learners: &[(i64, String)],
    now: i64,
    seed: u64,
) -> anyhow::Result<usize> {
    // Seeded: the demo data is the same on every run.
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let episodes = ["05-jupyter-on-the-cluster", "06-slurm", "07-notebook-to-batch"];
    let mut n = 0;
    for (user, institution) in learners {
        let key = super::names::server_key(*user, "python");
        for _ in 0..rng.random_range(1..=5) {
            let start = now - 30 * 86_400 + rng.random_range(0..29 * 86_400);
            let ready = start + 2 + rng.random_range(0..4);
            let stop = ready + 1_800 + rng.random_range(0..150 * 60);
            let episode = episodes[rng.random_range(0..episodes.len())];
            let reason = if rng.random_ratio(1, 3) { "idle" } else { "user" };
            sqlx::query(
                "INSERT INTO notebook_servers (user_id, server_key, profile, backend, state, detail, token, course, \
                 episode, open_path, cpu_millis, memory_bytes, institution, created_at, ready_at, stopped_at, \
                 last_activity_at, stop_reason) VALUES ($1, $2, 'python', 'local', 'stopped', '', $3, \
                 'desktop-to-cluster', $4, $5, 500, 1073741824, $6, $7, $8, $9, $9, $10)",
            )
            .bind(user)
            .bind(&key)
            .bind(new_token())
            .bind(episode)
            .bind(format!("desktop-to-cluster/{episode}"))
            .bind(institution)
            .bind(start)
            .bind(ready)
            .bind(stop.min(now - 60))
            .bind(reason)
            .execute(&mut **tx)
            .await
            .context("Failed to record a demo notebook session")?;
            n += 1;
        }
    }
    Ok(n)
}
