//! Cohort pages under load, on this machine: the trainer's roster of a 200-person cohort with 12
//! sessions (latency percentiles and the number of SQL queries one page makes), the public cohort
//! list and a certificate's verification page (requests per second). Puente runs in this process
//! on a throwaway SQLite database, as the README's run command sets it up. Prints numbers.
//! `PUENTE_BENCH_REQUESTS` sets the requests per measurement (default 2000).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: a failure is the run failing

mod common;

use common::{client, count_queries, load, person, requests, start, statements};
use std::time::Instant;

#[tokio::main]
async fn main() {
    let requests = requests(2000);
    let queries = count_queries();
    let running = start("cohorts", None).await;
    let (base, pool) = (running.base.clone(), running.pool.clone());

    // ---- A 200-person cohort with 12 sessions, 8 of them held, and everything a roster shows ----
    let now = app::kernel::clock::now();
    let seeded = Instant::now();
    let mut tx = app::kernel::db::begin(&pool).await.unwrap();
    let (trainer, token) = person(&mut tx, "trainer@bench.example", "Lucía Morales", Some("trainer")).await;
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
    let client = client();

    // ---- Queries per page ----
    for (label, path, cookie) in [
        ("roster page", "/es/cohorts/bench-200/roster", Some(token.as_str())),
        ("public cohort list", "/es/cohorts", None),
        ("certificate verification", &*format!("/verify/{certificate}"), None),
    ] {
        let (n, bytes) = statements(&client, &queries, &base, path, cookie).await;
        println!("{label} {path}: {n} SQL statements, {bytes} bytes of HTML");
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
    running.stop().await;
}
