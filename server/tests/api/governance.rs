//! Governance as its people meet it: an admin puts a proposal and a secret STV election to the
//! members; the electorate freezes at opening; ballots are refused when they should be, stored
//! once under concurrent submissions, and published after the close with receipts voters find;
//! the count is recomputed by `puente governance verify`, which notices a ballot changed in the
//! database; open votes change until the close; the 24-hour reminder is sent once across a restart.

use crate::accounts::{get, post};
use crate::both_engines;
use crate::cohorts::{app, learner, privileged, user_id};
use crate::helpers::{Engine, TestApp};
use crate::smtp::SmtpSink;
use std::time::{Duration, Instant};

async fn member(app: &TestApp, smtp: &SmtpSink, email: &str) -> String {
    let cookie = learner(app, smtp, email).await;
    sqlx::query("INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, 'member', 1)")
        .bind(user_id(app, email).await)
        .execute(&app.pool)
        .await
        .unwrap();
    cookie
}

/// Date and time fields in UTC for a moment `secs` from now.
fn when(secs: i64) -> (String, String) {
    let t = jiff::Timestamp::from_second(app::kernel::clock::now() + secs).unwrap();
    (t.strftime("%Y-%m-%d").to_string(), t.strftime("%H:%M").to_string())
}

async fn poll_state(app: &TestApp, poll: i64) -> String {
    sqlx::query_as::<_, (String,)>("SELECT state FROM gov_polls WHERE id = $1")
        .bind(poll)
        .fetch_one(&app.pool)
        .await
        .unwrap()
        .0
}

async fn wait_state(app: &TestApp, poll: i64, state: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while poll_state(app, poll).await != state {
        assert!(Instant::now() < deadline, "poll {poll} never became {state}");
        app.jobs_notify.notify_one();
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_as::<_, (i64,)>(sql).fetch_one(&app.pool).await.unwrap().0
}

/// Publishes a proposal as `admin`, returning its page's path.
async fn proposal(app: &TestApp, admin: &str, title: &str) -> String {
    let res = post(
        app,
        "/es/governance/new",
        &[("title", title), ("body", "Lo que *proponemos*, con sus razones.")],
        Some(admin),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    res.headers()["location"].to_str().unwrap().to_owned()
}

/// Adds a poll open from a minute ago for two hours, returning its id.
async fn add_poll(app: &TestApp, admin: &str, page: &str, extra: &[(&str, &str)]) -> i64 {
    add_poll_at(app, admin, page, (-60, 2 * 3600), extra).await
}

/// Adds a poll opening and closing `(opens, closes)` seconds from now, returning its id.
async fn add_poll_at(
    app: &TestApp,
    admin: &str,
    page: &str,
    (opens, closes): (i64, i64),
    extra: &[(&str, &str)],
) -> i64 {
    let (od, ot) = when(opens);
    let (cd, ct) = when(closes);
    let mut form: Vec<(&str, &str)> = vec![
        ("zone", "UTC"),
        ("opens_date", &od),
        ("opens_time", &ot),
        ("closes_date", &cd),
        ("closes_time", &ct),
        ("rule_members", "yes"),
        ("rule_combine", "any"),
    ];
    form.extend_from_slice(extra);
    let res = post(app, &format!("{page}/polls/new"), &form, Some(admin)).await;
    assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    location.rsplit("#poll-").next().unwrap().parse().unwrap()
}

/// Casts a ballot; returns the status and, when recorded, the receipt code shown once.
async fn vote(app: &TestApp, poll: i64, form: &[(&str, &str)], cookie: &str) -> (u16, Option<String>) {
    let res = post(app, &format!("/es/governance/polls/{poll}/vote"), form, Some(cookie)).await;
    let status = res.status().as_u16();
    let page = res.text().await.unwrap();
    let receipt = page
        .split("data-testid=\"receipt\"")
        .nth(1)
        .and_then(|s| s.split("<strong class=\"code\">").nth(1))
        .and_then(|s| s.split('<').next())
        .map(str::to_owned);
    (status, receipt)
}

/// Makes a poll's closing due now and waits for the close.
async fn close_now(app: &TestApp, poll: i64) {
    let now = app::kernel::clock::now();
    sqlx::query("UPDATE gov_polls SET opens_at = $2, closes_at = $3 WHERE id = $1")
        .bind(poll)
        .bind(now - 7200)
        .bind(now - 1)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE jobs SET run_at = $1 WHERE kind = 'governance-close' AND payload LIKE $2")
        .bind(now - 1)
        .bind(format!("%\"poll\":{poll}%"))
        .execute(&app.pool)
        .await
        .unwrap();
    wait_state(app, poll, "closed").await;
}

async fn a_secret_election_is_published_and_anyone_can_recount_it(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let admin = privileged(&app, &smtp, "admin@uni.example", "admin").await;
    let ana = member(&app, &smtp, "ana@uni.example").await;
    let bea = member(&app, &smtp, "bea@uni.example").await;
    let cris = member(&app, &smtp, "cris@uni.example").await;
    let outsider = learner(&app, &smtp, "otro@uni.example").await;

    // Who may propose and add polls is checked on the server.
    let res = post(&app, "/es/governance/new", &[("title", "X"), ("body", "Y")], Some(&outsider)).await;
    assert_eq!(res.status().as_u16(), 403);
    let res = post(&app, "/es/governance/new", &[("title", ""), ("body", "Y")], Some(&admin)).await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("Escribe un título"), "translated");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM gov_proposals").await, 0);
    let page = proposal(&app, &admin, "Comité de coordinación").await;
    // Its discussion is a forum topic linking back.
    let (topic,): (Option<i64>,) =
        sqlx::query_as("SELECT topic_id FROM gov_proposals").fetch_one(&app.pool).await.unwrap();
    let first: (String,) = sqlx::query_as("SELECT body FROM forum_posts WHERE topic_id = $1 AND number = 1")
        .bind(topic.unwrap())
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(first.0.contains(&page), "the topic links to the proposal: {}", first.0);

    let stv = [
        ("poll_title", "Comité (2 puestos)"),
        ("kind", "stv"),
        ("options", "Ana\nBruno\nCarla\nDiego"),
        ("seats", "2"),
        ("anonymous", "yes"),
    ];
    let (od, ot) = when(-60);
    let (cd, ct) = when(2 * 3600);
    for (bad, field) in [("seats", "4"), ("rule_members", "")] {
        let mut form: Vec<(&str, &str)> = vec![
            ("zone", "UTC"),
            ("opens_date", &od),
            ("opens_time", &ot),
            ("closes_date", &cd),
            ("closes_time", &ct),
            ("rule_combine", "any"),
        ];
        form.extend(stv.iter().filter(|(k, _)| *k != bad).copied());
        form.push((bad, field));
        let res = post(&app, &format!("{page}/polls/new"), &form, Some(&admin)).await;
        assert_eq!(res.status().as_u16(), 422, "{bad}");
    }
    let res = post(&app, &format!("{page}/polls/new"), &stv, Some(&ana)).await;
    assert_eq!(res.status().as_u16(), 403, "a member may not add polls");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM gov_polls").await, 0);
    let poll = add_poll(&app, &admin, &page, &stv).await;
    wait_state(&app, poll, "open").await;
    // The electorate is frozen: a member made later does not vote in this poll.
    let late = member(&app, &smtp, "tarde@uni.example").await;
    let (electorate, hash): (i64, String) =
        sqlx::query_as("SELECT electorate_count, electorate_hash FROM gov_polls WHERE id = $1")
            .bind(poll)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(electorate, 3);
    assert_eq!(hash.len(), 64);
    let opened_mails =
        |smtp: &SmtpSink| smtp.all().iter().filter(|m| m.subject().contains("Comité (2 puestos)")).count();
    smtp.wait_for(opened_mails(&smtp).max(1), 10).await;

    // Bad ballots are refused, translated, and nothing is stored.
    let dup = [("rank-0", "1"), ("rank-1", "1"), ("confirm", "yes")];
    assert_eq!(vote(&app, poll, &dup, &ana).await.0, 422);
    let unconfirmed = [("rank-0", "1")];
    assert_eq!(vote(&app, poll, &unconfirmed, &ana).await.0, 422);
    let too_high = [("rank-0", "9"), ("confirm", "yes")];
    assert_eq!(vote(&app, poll, &too_high, &ana).await.0, 422);
    assert_eq!(vote(&app, poll, &[("confirm", "yes")], &ana).await.0, 422);
    let good = [("rank-0", "1"), ("rank-2", "2"), ("confirm", "yes")];
    assert_eq!(vote(&app, poll, &good, &outsider).await.0, 409, "not in the electorate");
    assert_eq!(vote(&app, poll, &good, &late).await.0, 409, "eligible only after the opening");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM gov_ballots").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM gov_voters").await, 0);

    let (status, ana_receipt) = vote(&app, poll, &good, &ana).await;
    assert_eq!(status, 200);
    let ana_receipt = ana_receipt.expect("a receipt is shown once");
    assert_eq!(ana_receipt.len(), 26);
    assert_eq!(vote(&app, poll, &good, &ana).await.0, 409, "a secret ballot is final");
    assert_eq!(vote(&app, poll, &[("rank-1", "1"), ("rank-0", "2"), ("confirm", "yes")], &bea).await.0, 200);
    // Concurrent submissions from one voter store exactly one ballot.
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let req = app
            .client
            .post(app.url(&format!("/es/governance/polls/{poll}/vote")))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", format!("http://{}", app.addr))
            .header("Cookie", format!("puente_session={cris}"))
            .body("rank-2=1&rank-3=2&confirm=yes");
        tasks.push(tokio::spawn(async move { req.send().await.unwrap().status().as_u16() }));
    }
    let mut codes = Vec::new();
    for t in tasks {
        codes.push(t.await.unwrap());
    }
    assert_eq!(codes.iter().filter(|c| **c == 200).count(), 1, "{codes:?}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM gov_ballots").await, 3);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM gov_voters").await, 3);
    // The ballots table names no person and no precise time.
    let row = sqlx::query("SELECT * FROM gov_ballots").fetch_all(&app.pool).await.unwrap();
    let mut columns: Vec<String> =
        sqlx::Row::columns(&row[0]).iter().map(|c| sqlx::Column::name(c).to_owned()).collect();
    columns.sort();
    assert_eq!(columns, ["cast_on", "choices", "id", "poll_id", "receipt_hash"]);
    let (day,): (String,) =
        sqlx::query_as("SELECT cast_on FROM gov_ballots LIMIT 1").fetch_one(&app.pool).await.unwrap();
    assert_eq!(day.len(), 10, "a day, not a time: {day}");
    // Results stay hidden while it is open; settings are frozen after the first ballot.
    let before = get(&app, &page, Some(&ana)).await.text().await.unwrap();
    assert!(!before.contains(&format!("decision-{poll}")));
    let (cd2, ct2) = when(3 * 3600);
    let res = post(
        &app,
        &format!("/es/governance/polls/{poll}/settings"),
        &[("zone", "UTC"), ("closes_date", &cd2), ("closes_time", &ct2), ("quorum", "10")],
        Some(&admin),
    )
    .await;
    assert_eq!(res.status().as_u16(), 409);

    close_now(&app, poll).await;
    assert_eq!(vote(&app, poll, &good, &late).await.0, 409, "closed");
    // Published: every ballot with its receipt hash; Ana finds hers.
    let found = get(&app, &format!("{page}?receipt={ana_receipt}"), Some(&ana)).await.text().await.unwrap();
    assert!(found.contains(&format!("data-testid=\"found-{poll}\"")), "receipt found");
    assert!(found.contains(&format!("data-testid=\"decision-{poll}\"")));
    let csv = get(&app, &format!("/governance/polls/{poll}.csv"), None).await.text().await.unwrap();
    assert_eq!(csv.lines().count(), 4, "{csv}");
    let blt = get(&app, &format!("/governance/polls/{poll}.blt"), None).await.text().await.unwrap();
    let parsed = app::governance::tally::parse_blt(&blt).unwrap();
    assert_eq!((parsed.seats, parsed.ballots.len(), parsed.candidates.len()), (2, 3, 4));
    let json: serde_json::Value =
        get(&app, &format!("/governance/polls/{poll}.json"), None).await.json().await.unwrap();
    // Ana ranked Ana > Carla, Bea Bruno > Ana, Cris Carla > Diego: quota 2, nobody reaches it at
    // first; the ties are broken as published and two are elected.
    assert_eq!(json["result"]["ballots"], 3);
    assert_eq!(json["result"]["elected"].as_array().unwrap().len(), 2);
    // Recount with the published BLT reproduces the published result.
    let recount = app::governance::tally::count(
        &app::governance::tally::Settings {
            kind: app::governance::tally::Kind::Stv,
            options: 4,
            seats: 2,
            pass: app::governance::tally::PassRule::Majority,
            allow_empty: false,
        },
        &parsed.ballots,
        {
            let h = json["ballots_hash"].as_str().unwrap();
            let mut seed = [0u8; 32];
            for (i, b) in seed.iter_mut().enumerate() {
                *b = u8::from_str_radix(&h[2 * i..2 * i + 2], 16).unwrap();
            }
            seed
        },
    );
    assert_eq!(serde_json::to_value(&recount).unwrap(), json["result"]);
    let log: serde_json::Value =
        get(&app, &format!("/governance/polls/{poll}-log.json"), None).await.json().await.unwrap();
    let events: Vec<&str> =
        log["entries"].as_array().unwrap().iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert_eq!(events, ["created", "opened", "closed"]);

    // The check command finds everything in order, then notices a ballot changed in the database.
    let verify = |url: String| {
        std::process::Command::new(env!("CARGO_BIN_EXE_puente"))
            .env("DATABASE_URL", url)
            .env("PUENTE_LOG", "error")
            .args(["governance", "verify", &poll.to_string()])
            .output()
            .unwrap()
    };
    let ok = verify(app.database_url.clone());
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stdout));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("3 ballots recount"));
    sqlx::query("UPDATE gov_ballots SET choices = '[3,2]' WHERE choices = '[0,2]'")
        .execute(&app.pool)
        .await
        .unwrap();
    let bad = verify(app.database_url.clone());
    assert!(!bad.status.success());
    let out = String::from_utf8_lossy(&bad.stdout);
    assert!(out.contains("MISMATCH") && out.contains("the ballots hash to"), "{out}");
    app.stop().await.unwrap();
}

async fn open_votes_change_until_the_close_and_show_live_results(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let admin = privileged(&app, &smtp, "admin@uni.example", "admin").await;
    let ana = member(&app, &smtp, "ana@uni.example").await;
    let bea = member(&app, &smtp, "bea@uni.example").await;
    let page = proposal(&app, &admin, "Mesa de ayuda en diciembre").await;
    let poll = add_poll(
        &app,
        &admin,
        &page,
        &[("poll_title", "¿Aprobamos los turnos?"), ("kind", "proposal"), ("pass_rule", "two_thirds")],
    )
    .await;
    // A scheduled approval poll: "Can I vote?" answers before it opens; a ballot is refused.
    let later = add_poll_at(
        &app,
        &admin,
        &page,
        (3600, 3 * 3600),
        &[("poll_title", "¿Qué días?"), ("kind", "approval"), ("options", "Lunes\nMartes\nMiércoles")],
    )
    .await;
    assert_eq!(poll_state(&app, later).await, "scheduled");
    let shown = get(&app, &page, Some(&ana)).await.text().await.unwrap();
    let can = shown.split(&format!("id=\"poll-{later}\"")).nth(1).unwrap();
    assert!(
        can.contains("data-testid=\"can-i-vote\"") && can.contains("Sí, tal como están las cosas ahora"),
        "{can}"
    );
    let outsider = learner(&app, &smtp, "otro@uni.example").await;
    let theirs = get(&app, &page, Some(&outsider)).await.text().await.unwrap();
    assert!(
        theirs
            .split(&format!("id=\"poll-{later}\""))
            .nth(1)
            .unwrap()
            .contains("No, tal como están las cosas ahora"),
        "not a member"
    );
    assert_eq!(vote(&app, later, &[("approve-0", "yes")], &ana).await.0, 409, "not open yet");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM gov_voters").await, 0);

    wait_state(&app, poll, "open").await;
    assert_eq!(vote(&app, poll, &[("choice", "7")], &ana).await.0, 422);
    assert_eq!(vote(&app, poll, &[("choice", "2")], &ana).await.0, 200);
    assert_eq!(vote(&app, poll, &[("choice", "0")], &ana).await.0, 200, "changed");
    assert_eq!(vote(&app, poll, &[("choice", "0")], &bea).await.0, 200);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM gov_voters").await, 2);
    // Live results (not hidden): two agree.
    let live = get(&app, &page, None).await.text().await.unwrap();
    assert!(live.contains("<td>A favor</td><td>2</td>"), "{live}");
    close_now(&app, poll).await;
    let (result,): (String,) = sqlx::query_as("SELECT result FROM gov_polls WHERE id = $1")
        .bind(poll)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let result: serde_json::Value = serde_json::from_str(&result).unwrap();
    assert_eq!(result["passed"], true);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM gov_ballots").await, 2, "published from the roll");
    let closed = get(&app, &page, None).await.text().await.unwrap();
    assert!(closed.contains("Aprobada"), "{closed}");
    // The outcome: recorded by an admin, followers hear of it.
    assert_eq!(
        post(&app, &format!("{page}/follow"), &[("on", "yes")], Some(&bea)).await.status().as_u16(),
        303
    );
    let res =
        post(&app, &format!("{page}/outcome"), &[("outcome", ""), ("status", "planned")], Some(&admin)).await;
    assert_eq!(res.status().as_u16(), 422);
    let res = post(
        &app,
        &format!("{page}/outcome"),
        &[("outcome", "Turnos desde el 1.º"), ("status", "planned")],
        Some(&ana),
    )
    .await;
    assert_eq!(res.status().as_u16(), 403);
    let before = smtp.count();
    let res = post(
        &app,
        &format!("{page}/outcome"),
        &[("outcome", "Turnos desde el 1.º"), ("status", "planned")],
        Some(&admin),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    let _ = before;
    let deadline = Instant::now() + Duration::from_secs(15);
    while !smtp.all().iter().any(|m| m.to == ["bea@uni.example"] && m.subject().contains("Planejada")) {
        assert!(
            Instant::now() < deadline,
            "followers hear of the outcome: {:?}",
            smtp.all().iter().map(|m| (m.to.clone(), m.subject())).collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let v = app::governance::service::verify(&app.pool, poll).await.unwrap();
    assert!(v.problems.is_empty(), "{:?}", v.problems);
    app.stop().await.unwrap();
}

async fn the_closing_reminder_is_sent_once_across_a_restart(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let admin = privileged(&app, &smtp, "admin@uni.example", "admin").await;
    let ana = member(&app, &smtp, "ana@uni.example").await;
    let _bea = member(&app, &smtp, "bea@uni.example").await;
    let page = proposal(&app, &admin, "Horario de atención").await;
    let poll = add_poll_at(
        &app,
        &admin,
        &page,
        (-60, 25 * 3600),
        &[("poll_title", "¿Cambiamos el horario?"), ("kind", "single"), ("options", "Mañana\nTarde")],
    )
    .await;
    wait_state(&app, poll, "open").await;
    assert_eq!(vote(&app, poll, &[("choice", "1"), ("confirm", "yes")], &ana).await.0, 200);
    // The forum's digest lists the vote for who has not cast it, not for who has.
    let bea_id = user_id(&app, "bea@uni.example").await;
    let digest = app::forum::digest::gather(&app.pool, bea_id, 0).await.unwrap();
    assert_eq!(digest.votes.len(), 1);
    assert!(app::forum::digest::text(app::i18n::Locale::Es, "https://x", &digest)
        .contains(&format!("#poll-{poll}")));
    let ana_id = user_id(&app, "ana@uni.example").await;
    assert!(app::forum::digest::gather(&app.pool, ana_id, 0).await.unwrap().votes.is_empty());
    // Twenty-four hours before the close (made due now), those who have not voted hear once.
    let now = app::kernel::clock::now();
    sqlx::query("UPDATE gov_polls SET closes_at = $2 WHERE id = $1")
        .bind(poll)
        .bind(now + 23 * 3600)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE jobs SET run_at = $1 WHERE kind = 'governance-remind'")
        .bind(now - 1)
        .execute(&app.pool)
        .await
        .unwrap();
    app.jobs_notify.notify_one();
    let reminders = |smtp: &SmtpSink| {
        smtp.all()
            .iter()
            .filter(|m| m.subject().contains("24 horas"))
            .map(|m| m.to.clone())
            .collect::<Vec<_>>()
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while reminders(&smtp).is_empty() {
        assert!(Instant::now() < deadline, "no reminder");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(reminders(&smtp), [vec!["bea@uni.example".to_owned()]], "only who has not voted");
    // A restart, and the same job queued again, send nothing twice.
    let app = app.restart().await;
    sqlx::query(
        "INSERT INTO jobs (kind, idempotency_key, payload, run_at, created_at) VALUES ('governance-remind', 'again', $1, $2, $2)",
    )
    .bind(format!("{{\"poll\":{poll}}}"))
    .bind(app::kernel::clock::now() - 1)
    .execute(&app.pool)
    .await
    .unwrap();
    app.jobs_notify.notify_one();
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM jobs WHERE kind = 'governance-remind' AND idempotency_key = 'again' AND done_at IS NULL").await, 0, "the repeated job ran");
    assert_eq!(reminders(&smtp).len(), 1);
    app.stop().await.unwrap();
}

both_engines!(
    a_secret_election_is_published_and_anyone_can_recount_it,
    open_votes_change_until_the_close_and_show_live_results,
    the_closing_reminder_is_sent_once_across_a_restart,
);
