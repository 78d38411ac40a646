//! Cohort pages under load, on this machine: the trainer's roster of a 200-person cohort with 12
//! sessions (latency percentiles and the number of SQL queries one page makes), the public cohort
//! list and a certificate's verification page (requests per second). Puente runs in this process
//! on a throwaway SQLite database, as the README's run command sets it up. Prints numbers.
//! `PUENTE_BENCH_REQUESTS` sets the requests per measurement (default 2000).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: a failure is the run failing

use puente::config::Config;
use puente::Application;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer as _;

/// Counts the SQL statements sqlx runs (its `sqlx::query` events).
struct QueryCounter(Arc<AtomicUsize>);

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for QueryCounter {
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }
}

const CONCURRENCY: usize = 8;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

/// `n` GETs of `path` from `CONCURRENCY` clients at once; prints latencies and throughput.
async fn load(client: &reqwest::Client, base: &str, path: &str, cookie: Option<&str>, n: usize, label: &str) {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENCY {
        let (client, url, cookie, next) =
            (client.clone(), format!("{base}{path}"), cookie.map(str::to_owned), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            while next.fetch_add(1, Ordering::Relaxed) < n {
                let mut req = client.get(&url).header("Accept-Encoding", "gzip");
                if let Some(c) = &cookie {
                    req = req.header("Cookie", format!("puente_session={c}"));
                }
                let t = Instant::now();
                let res = req.send().await.unwrap();
                assert_eq!(res.status().as_u16(), 200, "{url}");
                res.bytes().await.unwrap();
                times.push(t.elapsed());
            }
            times
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let elapsed = started.elapsed();
    all.sort();
    println!(
        "{label}: {n} requests, {CONCURRENCY} at once: {:.0} requests/s; latency p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        n as f64 / elapsed.as_secs_f64(),
        percentile(&all, 0.50).as_secs_f64() * 1e3,
        percentile(&all, 0.95).as_secs_f64() * 1e3,
        percentile(&all, 0.99).as_secs_f64() * 1e3,
        all.last().unwrap().as_secs_f64() * 1e3,
    );
}

#[tokio::main]
async fn main() {
    let requests: usize =
        std::env::var("PUENTE_BENCH_REQUESTS").ok().and_then(|v| v.parse().ok()).unwrap_or(2000);
    let queries = Arc::new(AtomicUsize::new(0));
    tracing_subscriber::registry()
        .with(QueryCounter(queries.clone()).with_filter(
            tracing_subscriber::filter::Targets::new().with_target("sqlx::query", tracing::Level::TRACE),
        ))
        .with(tracing_subscriber::fmt::layer().with_filter(tracing_subscriber::filter::LevelFilter::WARN))
        .init();

    let dir = std::env::temp_dir().join(format!("puente-bench-cohorts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut env: HashMap<String, String> = HashMap::new();
    for (k, v) in [
        ("LEPTOS_SITE_ADDR", "127.0.0.1:0".to_owned()),
        ("DATABASE_URL", format!("sqlite://{}/db/puente.db", dir.display())),
        ("PUENTE_SITE_ROOT", concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site").to_owned()),
        ("PUENTE_CONTENT_DIR", concat!(env!("CARGO_MANIFEST_DIR"), "/../content").to_owned()),
        ("PUENTE_NOTEBOOK_DIR", dir.join("notebooks").display().to_string()),
        ("PUENTE_SECRET_KEY_FILE", dir.join("keys/secret.key").display().to_string()),
        ("PUENTE_RATE_IP_PER_MINUTE", "1000000".to_owned()),
        ("PUENTE_RATE_ACCOUNT_PER_15_MIN", "1000000".to_owned()),
    ] {
        env.insert(k.to_owned(), v);
    }
    let app = Application::build(Config::from_sources(&env).unwrap()).await.unwrap();
    let (addr, pool) = (app.addr(), app.pool());
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async move {
        let _ = stop_rx.await;
    }));
    let base = format!("http://{addr}");

    // ---- A 200-person cohort with 12 sessions, 8 of them held, and everything a roster shows ----
    let now = app::kernel::clock::now();
    let seeded = Instant::now();
    let mut tx = app::kernel::db::begin(&pool).await.unwrap();
    let trainer: i64 = sqlx::query_as::<_, (i64,)>(
        "INSERT INTO users (email, display_name, locale, email_verified_at, conduct_version, totp_enabled_at, created_at) \
         VALUES ('trainer@bench.example', 'Lucía Morales', 'es', $1, $2, $1, $1) RETURNING id",
    )
    .bind(now)
    .bind(app::accounts::CONDUCT_VERSION)
    .fetch_one(&mut *tx)
    .await
    .unwrap()
    .0;
    sqlx::query("INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, 'trainer', $2)")
        .bind(trainer)
        .bind(now)
        .execute(&mut *tx)
        .await
        .unwrap();
    let token = app::kernel::tokens::new_token();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, remember, \
         privilege_epoch, mfa_completed) VALUES ($1, $2, $3, $3, $4, $4, 0, 0, 1)",
    )
    .bind(app::kernel::tokens::hash_token(&token))
    .bind(trainer)
    .bind(now)
    .bind(now + 86_400)
    .execute(&mut *tx)
    .await
    .unwrap();
    let input = app::cohorts::store::CohortInput {
        slug: "bench-200".into(),
        course: "desktop-to-cluster".into(),
        locale: "es".into(),
        title: "Cohorte de 200".into(),
        description: "Una cohorte grande.".into(),
        institution: "UNAM".into(),
        capacity: 250,
        visibility: app::cohorts::types::Visibility::Listed,
        enrolment: app::cohorts::types::Enrolment::Open,
        time_zone: "America/Mexico_City".into(),
        core_hour_budget: None,
        cert_attendance: 75,
        cert_survey: true,
        cert_episodes: false,
    };
    let cohort = app::cohorts::store::create(&mut tx, &input, trainer, "BENCH200").await.unwrap().unwrap();
    sqlx::query("UPDATE cohorts SET state = 'running' WHERE id = $1")
        .bind(cohort)
        .execute(&mut *tx)
        .await
        .unwrap();
    let mut sessions = Vec::new();
    for i in 0..12i64 {
        let s = app::cohorts::store::SessionInput {
            title: format!("Sesión {}", i + 1),
            starts_at: now - 8 * 7 * 86_400 + i * 7 * 86_400,
            minutes: 120,
            time_zone: "America/Mexico_City".into(),
            place: String::new(),
            link: "https://meet.example/x".into(),
            episodes: vec![],
        };
        sessions.push(app::cohorts::store::add_session(&mut tx, cohort, &s).await.unwrap());
    }
    let episodes = ["01-what-is-a-cluster", "02-the-shell", "03-moving-data", "04-software-environments"];
    let mut certificate = String::new();
    for i in 0..200i64 {
        let user: i64 = sqlx::query_as::<_, (i64,)>(
            "INSERT INTO users (email, display_name, locale, institution, email_verified_at, conduct_version, created_at) \
             VALUES ($1, $2, 'es', 'UNAM', $3, 1, $3) RETURNING id",
        )
        .bind(format!("p{i}@bench.example"))
        .bind(format!("Participante {i:03}"))
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .unwrap()
        .0;
        app::cohorts::store::put_member(
            &mut tx,
            cohort,
            user,
            app::cohorts::types::Role::Learner,
            app::cohorts::types::MemberState::Enrolled,
            "",
        )
        .await
        .unwrap();
        for (k, s) in sessions.iter().take(8).enumerate() {
            let status = if (i as usize + k).is_multiple_of(9) {
                app::cohorts::types::Attendance::Absent
            } else {
                app::cohorts::types::Attendance::Present
            };
            app::cohorts::store::mark(&mut tx, *s, user, status, trainer).await.unwrap();
        }
        for e in episodes.iter().take((i % 5) as usize) {
            sqlx::query("INSERT INTO lesson_progress (user_id, course, episode, last_seen_at, done_at) VALUES ($1, 'desktop-to-cluster', $2, $3, $3)")
                .bind(user)
                .bind(e)
                .bind(now)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        if i % 3 == 0 {
            sqlx::query("INSERT INTO survey_takers (cohort_id, survey, user_id) VALUES ($1, 'post', $2)")
                .bind(cohort)
                .bind(user)
                .execute(&mut *tx)
                .await
                .unwrap();
            let facts =
                ("desktop-to-cluster", "Cohorte de 200", "2026-10-01", "2026-12-01", 24, "Lucía Morales");
            let code = app::cohorts::certificates::insert(
                &mut tx,
                "completion",
                &format!("cohort:{cohort}"),
                user,
                Some(cohort),
                facts,
                Some(trainer),
            )
            .await
            .unwrap()
            .unwrap();
            certificate = code;
        }
        sqlx::query(
            "INSERT INTO notebook_servers (user_id, server_key, profile, backend, state, token, cpu_millis, memory_bytes, \
             created_at, ready_at, stopped_at, cohort_id) VALUES ($1, $2, 'python', 'local', 'stopped', 't', 1000, 1, $3, $3, $4, $5)",
        )
        .bind(user)
        .bind(format!("u{user}-python"))
        .bind(now - 7200)
        .bind(now - 3600)
        .bind(cohort)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    println!(
        "seeded a cohort of 200 learners, 12 sessions (8 held), 1,600 attendance marks in {:.1} s",
        seeded.elapsed().as_secs_f64()
    );
    let client =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).no_proxy().build().unwrap();

    // ---- Queries per page ----
    for (label, path, cookie) in [
        ("roster page", "/es/cohorts/bench-200/roster", Some(token.as_str())),
        ("public cohort list", "/es/cohorts", None),
        ("certificate verification", &*format!("/verify/{certificate}"), None),
    ] {
        let mut req = client.get(format!("{base}{path}"));
        if let Some(c) = cookie {
            req = req.header("Cookie", format!("puente_session={c}"));
        }
        // Once to warm caches, then counted.
        req.try_clone().unwrap().send().await.unwrap().bytes().await.unwrap();
        let before = queries.load(Ordering::Relaxed);
        let res = req.send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200, "{path}");
        let body = res.bytes().await.unwrap();
        println!(
            "{label} {path}: {} SQL statements, {} bytes of HTML",
            queries.load(Ordering::Relaxed) - before,
            body.len()
        );
    }
    let plan = sqlx::query(
        "EXPLAIN QUERY PLAN SELECT a.user_id, a.session_id, a.status FROM attendance a \
         JOIN cohort_sessions s ON s.id = a.session_id WHERE s.cohort_id = 1",
    )
    .fetch_all(&pool)
    .await
    .map(|rows| rows.iter().map(|r| sqlx::Row::get::<String, _>(r, 3)).collect::<Vec<_>>().join(" | "))
    .unwrap_or_default();
    println!("attendance query plan: {plan}");

    // ---- Under load ----
    load(
        &client,
        &base,
        "/es/cohorts/bench-200/roster",
        Some(&token),
        requests,
        "roster page (200 learners, 12 sessions)",
    )
    .await;
    load(&client, &base, "/es/cohorts", None, requests, "public cohort list").await;
    load(&client, &base, &format!("/verify/{certificate}"), None, requests, "certificate verification page")
        .await;
    load(&client, &base, &format!("/verify/{certificate}.json"), None, requests, "certificate signed JSON")
        .await;
    println!("machine: {} cores", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
    let _ = stop_tx.send(());
    let _ = server.await;
    let _ = std::fs::remove_dir_all(&dir);
}
