//! The lessons part of `puente demo seed`: where each learner is in the courses.

use super::content::Catalog;
use crate::kernel::db::Tx;
use anyhow::Context;
use rand::{Rng, SeedableRng};

/// Progress for each learner over the last weeks: some episodes opened, the first ones done,
/// at believable times. `seed` makes it repeatable. Returns how many rows were written.
pub async fn progress(
    tx: &mut Tx<'_>,
    catalog: &Catalog,
    learners: &[i64],
    now: i64,
    seed: u64,
) -> anyhow::Result<usize> {
    // Seeded: the demo data is the same on every run.
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut rows = 0;
    for (i, user) in learners.iter().enumerate() {
        for course in &catalog.courses {
            // Most learners follow the first course; some the second too.
            if course.slug != "desktop-to-cluster" && !rng.random_ratio(1, 3) {
                continue;
            }
            let reached = (rng.random_range(0..=course.episodes.len()) + i) % (course.episodes.len() + 1);
            let done_upto = reached.saturating_sub(rng.random_range(0..2));
            let mut t = now - 28 * 86_400 + rng.random_range(0..5 * 86_400);
            for (k, e) in course.episodes.iter().enumerate().take(reached) {
                t += 3_600 + rng.random_range(0..3 * 86_400);
                let seen = t.min(now - 600);
                sqlx::query(
                    "INSERT INTO lesson_progress (user_id, course, episode, last_seen_at, done_at, seen_seq) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(user)
                .bind(&course.slug)
                .bind(&e.slug)
                .bind(seen)
                .bind((k < done_upto).then_some(seen + 1_800))
                .bind(k as i64 + 1)
                .execute(&mut **tx)
                .await
                .context("Failed to record demo progress")?;
                rows += 1;
            }
        }
    }
    Ok(rows)
}
