//! Governance on this machine: secret ballots cast per second through the real voting form (with
//! latency percentiles) on SQLite and, when `PUENTE_BENCH_POSTGRES_URL` names a server, on
//! PostgreSQL; and the time to count an STV election of 10,000 ballots, 15 candidates, 5 seats.
//! `PUENTE_BENCH_VOTERS` sets how many people vote (default 4000). Prints numbers.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: a failure is the run failing

mod common;

use app::governance::tally::{self, Kind, PassRule, Settings};
use common::{client, ms, percentile, person, start, CONCURRENCY};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A small deterministic generator (xorshift), so every run counts the same election.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// 10,000 rankings of 15 candidates with a few popular ones, of lengths 1 to 15.
fn election() -> Vec<Vec<u32>> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..10_000)
        .map(|_| {
            let mut order: Vec<u32> = (0..15).collect();
            // Popularity: lower numbers are likelier near the top.
            for i in 0..order.len() {
                let j = i + (rng.next() % (order.len() - i) as u64) as usize;
                let j = if rng.next().is_multiple_of(3) { i.max(j / 2) } else { j };
                order.swap(i, j);
            }
            order.truncate(1 + (rng.next() % 15) as usize);
            order
        })
        .collect()
}

fn count_stv() {
    let ballots = election();
    let settings =
        Settings { kind: Kind::Stv, options: 15, seats: 5, pass: PassRule::Majority, allow_empty: false };
    let mut times = Vec::new();
    let mut rounds = 0;
    let mut elected = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        let outcome = tally::count(&settings, &ballots, [7; 32]);
        times.push(t.elapsed());
        rounds = outcome.rounds.len();
        elected = outcome.elected;
    }
    times.sort();
    println!(
        "STV count, 10,000 ballots, 15 candidates, 5 seats: {rounds} rounds, elected {elected:?}; \
         median {:.1} ms, slowest {:.1} ms (7 runs)",
        ms(times[3]),
        ms(times[6])
    );
}

async fn cast(engine: &str, database_url: Option<String>, voters: usize) {
    let running = start("governance", database_url).await;
    let (base, pool) = (running.base.clone(), running.pool.clone());
    let now = app::kernel::clock::now();
    let seeded = Instant::now();
    let mut tx = app::kernel::db::begin(&pool).await.unwrap();
    let (admin, _) = person(&mut tx, "admin@bench.example", "Ada", Some("admin")).await;
    let mut cookies = Vec::new();
    for i in 0..voters {
        let (_, cookie) =
            person(&mut tx, &format!("v{i}@bench.example"), &format!("Votante {i}"), Some("member")).await;
        cookies.push(cookie);
    }
    let proposal = app::governance::store::insert_proposal(&mut tx, "bench", "Bench", "Un voto.", admin, now)
        .await
        .unwrap();
    let input = app::governance::store::PollInput {
        title: "¿Cuál?".into(),
        kind: Kind::Single,
        options: vec!["A".into(), "B".into(), "C".into()],
        seats: 1,
        pass: PassRule::Majority,
        quorum_pct: 0,
        anonymous: true,
        hide_results: true,
        rule: app::governance::types::Rule::members(),
        opens_at: now - 60,
        closes_at: now + 86_400,
    };
    let poll = app::governance::store::insert_poll(&mut tx, proposal, &input, admin, now).await.unwrap();
    tx.commit().await.unwrap();
    assert!(app::governance::service::open(&pool, &base, poll).await.unwrap());
    println!(
        "{engine}: {voters} voters with sessions and an open secret poll in {:.1} s",
        seeded.elapsed().as_secs_f64()
    );

    let client = client();
    let cookies = Arc::new(cookies);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENCY {
        let (client, cookies, next, base) = (client.clone(), cookies.clone(), next.clone(), base.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= cookies.len() {
                    break;
                }
                let t = Instant::now();
                let res = client
                    .post(format!("{base}/es/governance/polls/{poll}/vote"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", &base)
                    .header("Cookie", format!("puente_session={}", cookies[i]))
                    .body(format!("choice={}&confirm=yes", i % 3))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status().as_u16(), 200);
                res.bytes().await.unwrap();
                times.push(t.elapsed());
            }
            times
        }));
    }
    let mut all: Vec<Duration> = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let elapsed = started.elapsed();
    all.sort();
    let (stored,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM gov_ballots").fetch_one(&pool).await.unwrap();
    assert_eq!(stored as usize, voters);
    println!(
        "{engine}: {voters} secret ballots through the voting form, {CONCURRENCY} at once: {:.0} ballots/s; \
         latency p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        voters as f64 / elapsed.as_secs_f64(),
        ms(percentile(&all, 0.50)),
        ms(percentile(&all, 0.95)),
        ms(percentile(&all, 0.99)),
        ms(*all.last().unwrap()),
    );
    running.stop().await;
}

#[tokio::main]
async fn main() {
    let _ = common::count_queries();
    let voters: usize =
        std::env::var("PUENTE_BENCH_VOTERS").ok().and_then(|v| v.parse().ok()).unwrap_or(4000);
    count_stv();
    let engines = std::env::var("PUENTE_BENCH_ENGINES").unwrap_or_else(|_| "sqlite,postgres".to_owned());
    if engines.contains("sqlite") {
        cast("SQLite", None, voters).await;
    }
    if let (true, Ok(admin)) = (engines.contains("postgres"), std::env::var("PUENTE_BENCH_POSTGRES_URL")) {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&admin).await.unwrap();
        let name = format!("puente_bench_{}", std::process::id());
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&pool).await.unwrap();
        let url = match admin.rsplit_once('/') {
            Some((server, _)) => format!("{server}/{name}"),
            None => panic!("PUENTE_BENCH_POSTGRES_URL is not a URL: {admin}"),
        };
        cast("PostgreSQL", Some(url), voters).await;
        let _ = sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)")).execute(&pool).await;
    }
    println!("machine: {} cores", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
}
