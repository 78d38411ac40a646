//! Durable jobs and the outbox: a job due while Puente is down runs once after start; two Puente
//! processes on one database run each job once; "forgot password" does the same work for every
//! address; the outbox never holds a live link and forgets sent bodies after a week.

use crate::accounts::{app_with_smtp, post, signup_and_verify};
use crate::both_engines;
use crate::helpers::{spawn_app_on, Engine, TestApp};
use std::time::Duration;

async fn job_rows(app: &TestApp) -> Vec<(String, i64, Option<i64>)> {
    sqlx::query_as(
        "SELECT idempotency_key, attempts, done_at FROM jobs WHERE kind = 'password-reset' ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

async fn wait_done(app: &TestApp, n: usize) {
    for _ in 0..100 {
        let rows = job_rows(app).await;
        if rows.len() >= n && rows.iter().all(|(_, _, done)| done.is_some()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("jobs not done: {:?}", job_rows(app).await);
}

async fn a_job_due_while_puente_is_down_runs_once_after_start(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    signup_and_verify(&app, &smtp, "ana@uni.example").await;
    let url = app.database_url.clone();
    let smtp_url = smtp.url();
    let key_file = app.setting("PUENTE_SECRET_KEY_FILE").unwrap().to_owned();
    let before = smtp.count();
    let _data = app.stop_keeping_data().await;
    // While nothing runs: a job that was due an hour ago.
    let pool = puente::db::connect(&url).await.unwrap();
    sqlx::query(
        "INSERT INTO jobs (kind, idempotency_key, payload, run_at, created_at) \
         VALUES ('password-reset', 'while-down', '{\"email\":\"ana@uni.example\"}', $1, $1)",
    )
    .bind(app::kernel::clock::now() - 3600)
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    // The same deployment: its secret key comes along (the sealed signing key needs it).
    let app =
        spawn_app_on(&url, &[("PUENTE_SMTP_URL", smtp_url.as_str()), ("PUENTE_SECRET_KEY_FILE", &key_file)])
            .await;
    wait_done(&app, 1).await;
    let mails = smtp.wait_for(before + 1, 10).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(smtp.count(), before + 1, "the job ran once");
    assert!(mails.last().unwrap().link_containing("/password/reset/").is_some());
    assert_eq!(job_rows(&app).await, vec![("while-down".into(), 1, job_rows(&app).await[0].2)]);
    app.stop().await.unwrap();
}

async fn two_puentes_on_one_database_run_each_job_once(engine: Engine) {
    let (first, smtp) = app_with_smtp(engine, &[]).await;
    signup_and_verify(&first, &smtp, "ana@uni.example").await;
    let smtp_url = smtp.url();
    let key_file = first.setting("PUENTE_SECRET_KEY_FILE").unwrap().to_owned();
    let second = spawn_app_on(
        &first.database_url,
        &[("PUENTE_SMTP_URL", smtp_url.as_str()), ("PUENTE_SECRET_KEY_FILE", &key_file)],
    )
    .await;
    let before = smtp.count();
    // Twenty jobs due at once, both replicas awake.
    let now = app::kernel::clock::now();
    for i in 0..20 {
        sqlx::query(
            "INSERT INTO jobs (kind, idempotency_key, payload, run_at, created_at) \
             VALUES ('password-reset', $1, '{\"email\":\"ana@uni.example\"}', $2, $2)",
        )
        .bind(format!("twice-{i:02}"))
        .bind(now)
        .execute(&first.pool)
        .await
        .unwrap();
    }
    first.jobs_notify.notify_one();
    second.jobs_notify.notify_one();
    wait_done(&first, 20).await;
    smtp.wait_for(before + 20, 20).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(smtp.count(), before + 20, "each job's email went out once");
    let rows = job_rows(&first).await;
    assert!(rows.iter().all(|(_, attempts, _)| *attempts == 1), "no job was claimed twice: {rows:?}");
    // Enqueuing a key again changes nothing.
    let again = app::jobs::enqueue(
        &first.pool,
        &app::jobs::NewJob::now(
            "password-reset",
            "twice-00",
            serde_json::json!({"email": "ana@uni.example"}),
        ),
    )
    .await
    .unwrap();
    assert!(!again);
    second.stop().await.unwrap();
    first.stop().await.unwrap();
}

async fn forgot_password_does_the_same_work_for_every_address(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    signup_and_verify(&app, &smtp, "ana@uni.example").await;
    let before = smtp.count();
    let known = post(&app, "/es/password/forgot", &[("email", "ana@uni.example")], None).await;
    let unknown = post(&app, "/es/password/forgot", &[("email", "nadie@uni.example")], None).await;
    assert_eq!(known.status(), unknown.status());
    assert_eq!(known.headers()["location"], unknown.headers()["location"]);
    // Each request recorded one job and nothing else; the lookup happens off the request.
    wait_done(&app, 2).await;
    smtp.wait_for(before + 1, 10).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(smtp.count(), before + 1, "only the address with an account gets an email");
    app.stop().await.unwrap();
}

async fn the_outbox_never_holds_a_live_link_and_forgets_sent_bodies(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    signup_and_verify(&app, &smtp, "ana@uni.example").await;
    let (text, html): (String, String) =
        sqlx::query_as("SELECT body_text, body_html FROM outbox ORDER BY id LIMIT 1")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(text.contains(app::mail::LINK) && html.contains(app::mail::LINK), "{text}");
    assert!(!text.contains("/verify/") && !html.contains("/verify/"), "no live link stored: {text}");
    // What was sent had a real link (the account was verified with it).
    let sent = smtp.all();
    assert!(sent[0].link_containing("/verify/").is_some());
    // A week later the body is gone; the record of what was sent to whom stays.
    sqlx::query("UPDATE outbox SET sent_at = $1")
        .bind(app::kernel::clock::now() - 8 * 86_400)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(app::mail::purge_sent(&app.pool).await.unwrap(), 1);
    let (text, subject): (String, String) =
        sqlx::query_as("SELECT body_text, subject FROM outbox ORDER BY id LIMIT 1")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(text, "");
    assert!(!subject.is_empty());
    app.stop().await.unwrap();
}

both_engines!(
    a_job_due_while_puente_is_down_runs_once_after_start,
    two_puentes_on_one_database_run_each_job_once,
    forgot_password_does_the_same_work_for_every_address,
    the_outbox_never_holds_a_live_link_and_forgets_sent_bodies,
);
