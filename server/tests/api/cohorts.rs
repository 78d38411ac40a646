//! Cohorts as their people meet them: a trainer creates, schedules and publishes one; learners
//! join (open, with a code, by application) and a waiting list moves; attendance, the roster and
//! its CSV; calendar feeds; surveys; certificates and their verification; the Train-the-Trainer
//! checkout; compute per cohort; and every trainer action refused to a learner.

use crate::accounts::{get, login, post, session_cookie, signup_and_verify, PASSWORD};
use crate::admin::totp_at;
use crate::both_engines;
use crate::helpers::{Engine, TestApp};
use crate::smtp::SmtpSink;
use base64::Engine as _;

/// Settings that let one machine play a whole class.
pub const ROOMY: [(&str, &str); 2] =
    [("PUENTE_RATE_IP_PER_MINUTE", "100000"), ("PUENTE_RATE_ACCOUNT_PER_15_MIN", "100000")];

pub async fn app(engine: Engine) -> (TestApp, SmtpSink) {
    crate::accounts::app_with_smtp(engine, &ROOMY).await
}

pub async fn user_id(app: &TestApp, email: &str) -> i64 {
    sqlx::query_as::<_, (i64,)>("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&app.pool)
        .await
        .unwrap()
        .0
}

/// A verified learner, logged in.
pub async fn learner(app: &TestApp, smtp: &SmtpSink, email: &str) -> String {
    signup_and_verify(app, smtp, email).await;
    session_cookie(&login(app, email, PASSWORD).await).unwrap()
}

/// A verified person with a global role and two-step login, logged in with both factors.
pub async fn privileged(app: &TestApp, smtp: &SmtpSink, email: &str, role: &str) -> String {
    signup_and_verify(app, smtp, email).await;
    sqlx::query(
        "INSERT INTO user_roles (user_id, role, granted_at) SELECT id, $2, 1 FROM users WHERE email = $1",
    )
    .bind(email)
    .bind(role)
    .execute(&app.pool)
    .await
    .unwrap();
    with_second_factor(app, email).await
}

/// Turns on two-step login for an account and returns a session that passed it.
pub async fn with_second_factor(app: &TestApp, email: &str) -> String {
    let cookie = session_cookie(&login(app, email, PASSWORD).await).unwrap();
    let page = get(app, "/es/account/2fa", Some(&cookie)).await.text().await.unwrap();
    let secret =
        page.split("data-testid=\"totp-secret\">").nth(1).unwrap().split('<').next().unwrap().to_owned();
    assert_eq!(
        post(app, "/es/account/2fa", &[("code", &totp_at(&secret, 0))], Some(&cookie))
            .await
            .status()
            .as_u16(),
        200
    );
    let pending = session_cookie(&login(app, email, PASSWORD).await).unwrap();
    let res = post(
        app,
        "/es/login/code",
        &[("code", &totp_at(&secret, 1)), ("next", "/es/account")],
        Some(&pending),
    )
    .await;
    session_cookie(&res).unwrap()
}

pub fn cohort_form<'a>(slug: &'a str, enrolment: &'a str, capacity: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", "Python en el clúster, 2027"),
        ("slug", slug),
        ("course", "desktop-to-cluster"),
        ("locale", "es"),
        ("description", "Seis encuentros. **Trae tu laptop.** <script>alert(1)</script>"),
        ("institution", "UNAM"),
        ("capacity", capacity),
        ("enrolment", enrolment),
        ("visibility", "listed"),
        ("time_zone", "America/Bogota"),
        ("budget", ""),
        ("cert_attendance", "75"),
        ("cert_survey", "yes"),
    ]
}

/// Creates and publishes a cohort as `trainer`; returns its enrolment code.
pub async fn published(app: &TestApp, trainer: &str, slug: &str, enrolment: &str, capacity: &str) -> String {
    let res = post(app, "/es/cohorts/new", &cohort_form(slug, enrolment, capacity), Some(trainer)).await;
    assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap_or_default());
    let res = post(app, &format!("/es/cohorts/{slug}/state"), &[("to", "published")], Some(trainer)).await;
    assert_eq!(res.status().as_u16(), 303);
    code_of(app, slug).await
}

pub async fn code_of(app: &TestApp, slug: &str) -> String {
    sqlx::query_as::<_, (String,)>("SELECT code FROM cohorts WHERE slug = $1")
        .bind(slug)
        .fetch_one(&app.pool)
        .await
        .unwrap()
        .0
}

pub async fn member_state(app: &TestApp, slug: &str, email: &str) -> Option<String> {
    sqlx::query_as::<_, (String,)>(
        "SELECT m.state FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id JOIN users u ON u.id = m.user_id \
         WHERE c.slug = $1 AND u.email = $2",
    )
    .bind(slug)
    .bind(email)
    .fetch_optional(&app.pool)
    .await
    .unwrap()
    .map(|(s,)| s)
}

/// Adds a session `days` from now at 14:00 UTC (09:00 in Bogotá); returns its id.
pub async fn add_session(app: &TestApp, trainer: &str, slug: &str, starts_in_secs: i64) -> i64 {
    let at = jiff::Timestamp::now().as_second() + starts_in_secs;
    let tz = jiff::tz::TimeZone::get("America/Bogota").unwrap();
    let z = jiff::Timestamp::from_second(at).unwrap().to_zoned(tz);
    let (date, time) = (z.date().to_string(), format!("{:02}:{:02}", z.hour(), z.minute()));
    let res = post(
        app,
        &format!("/es/cohorts/{slug}/sessions"),
        &[
            ("date", &date),
            ("time", &time),
            ("time_zone", "America/Bogota"),
            ("minutes", "120"),
            ("link", "https://meet.example/x"),
            ("ep-06-slurm", "yes"),
        ],
        Some(trainer),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap_or_default());
    sqlx::query_as::<_, (i64,)>(
        "SELECT s.id FROM cohort_sessions s JOIN cohorts c ON c.id = s.cohort_id WHERE c.slug = $1 ORDER BY s.id DESC LIMIT 1",
    )
    .bind(slug)
    .fetch_one(&app.pool)
    .await
    .unwrap()
    .0
}

async fn a_trainer_runs_a_cohort_and_learners_join_with_its_code(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let trainer = privileged(&app, &smtp, "lucia@uni.example", "trainer").await;
    // Bad input answers with the form again, explained, and saves nothing.
    let mut bad = cohort_form("x", "code", "0");
    bad.retain(|(k, _)| *k != "time_zone");
    bad.push(("time_zone", "Mars/Olympus"));
    let res = post(&app, "/es/cohorts/new", &bad, Some(&trainer)).await;
    assert_eq!(res.status().as_u16(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("Usa de 3 a 60") || body.contains("minúsculas"), "slug explained: {body}");
    assert!(body.contains("value=\"Python en el clúster, 2027\""), "values kept");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM cohorts").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 0);

    let code = published(&app, &trainer, "python-2027", "code", "2").await;
    assert_eq!(code.len(), 8);
    let page = get(&app, "/es/cohorts/python-2027", None).await.text().await.unwrap();
    assert!(page.contains("<strong>Trae tu laptop.</strong>"), "Markdown rendered");
    assert!(!page.contains("<script>alert"), "and sanitised");
    let list = get(&app, "/es/cohorts", None).await.text().await.unwrap();
    assert!(list.contains("/es/cohorts/python-2027"));
    let session = add_session(&app, &trainer, "python-2027", 10 * 86_400).await;
    assert!(session > 0);

    let ana = learner(&app, &smtp, "ana@uni.example").await;
    let before = smtp.count();
    let res = post(&app, "/es/cohorts/python-2027/join", &[("code", "WRONG123")], Some(&ana)).await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("No es el código actual"), "translated reason");
    assert_eq!(member_state(&app, "python-2027", "ana@uni.example").await, None, "nothing changed");
    let typed = code.to_lowercase().replace('0', "o");
    let res = post(&app, "/es/cohorts/python-2027/join", &[("code", &typed)], Some(&ana)).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(member_state(&app, "python-2027", "ana@uni.example").await.as_deref(), Some("enrolled"));
    let (mail, _) =
        smtp.wait_for_link("ana@uni.example", "/cohorts/python-2027", 10).await.expect("enrolment email");
    assert!(mail.subject().contains("Python en el clúster"), "enrolment email in the same step");
    assert!(smtp.count() > before);
    // Twice is impossible.
    let res = post(&app, "/es/cohorts/python-2027/join", &[("code", &code)], Some(&ana)).await;
    assert_eq!(res.status().as_u16(), 409);

    // A rotated code: the old one stops working.
    assert_eq!(post(&app, "/es/cohorts/python-2027/code", &[], Some(&trainer)).await.status().as_u16(), 303);
    let new_code = code_of(&app, "python-2027").await;
    assert_ne!(new_code, code);
    let bea = learner(&app, &smtp, "bea@uni.example").await;
    assert_eq!(
        post(&app, "/es/cohorts/python-2027/join", &[("code", &code)], Some(&bea)).await.status().as_u16(),
        422
    );
    assert_eq!(
        post(&app, "/es/cohorts/python-2027/join", &[("code", &new_code)], Some(&bea))
            .await
            .status()
            .as_u16(),
        303
    );

    // Full (2 places): the next one waits, and moves up when someone leaves.
    let caro = learner(&app, &smtp, "caro@uni.example").await;
    assert_eq!(
        post(&app, "/es/cohorts/python-2027/join", &[("code", &new_code)], Some(&caro))
            .await
            .status()
            .as_u16(),
        303
    );
    assert_eq!(member_state(&app, "python-2027", "caro@uni.example").await.as_deref(), Some("waitlisted"));
    // Capacity cannot go below who is enrolled.
    let mut lower = cohort_form("python-2027", "code", "1");
    lower.push(("profiles", ""));
    assert_eq!(
        post(&app, "/es/cohorts/python-2027/manage", &lower, Some(&trainer)).await.status().as_u16(),
        422
    );
    let before = smtp.all().iter().filter(|m| m.to == ["caro@uni.example"]).count();
    assert_eq!(post(&app, "/es/cohorts/python-2027/withdraw", &[], Some(&bea)).await.status().as_u16(), 303);
    assert_eq!(member_state(&app, "python-2027", "caro@uni.example").await.as_deref(), Some("enrolled"));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while smtp.all().iter().filter(|m| m.to == ["caro@uni.example"]).count() <= before {
        assert!(std::time::Instant::now() < deadline, "the promoted learner is told");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    // An unverified account is refused with a reason.
    let res = post(
        &app,
        "/pt/signup",
        &[
            ("name", "Dani"),
            ("email", "dani@uni.example"),
            ("password", PASSWORD),
            ("locale", "es"),
            ("country", "MX"),
            ("institution", "UNAM"),
            ("conduct", "yes"),
        ],
        None,
    )
    .await;
    assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
    let dani = session_cookie(&login(&app, "dani@uni.example", PASSWORD).await).unwrap();
    let res = post(&app, "/es/cohorts/python-2027/join", &[("code", &new_code)], Some(&dani)).await;
    assert_eq!(res.status().as_u16(), 409);
    assert_eq!(member_state(&app, "python-2027", "dani@uni.example").await, None);
    app.stop().await.unwrap();
}

async fn applications_are_decided_by_trainers(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let trainer = privileged(&app, &smtp, "rafa@uni.example", "trainer").await;
    published(&app, &trainer, "ttt-2027", "application", "5").await;
    let ana = learner(&app, &smtp, "ana@uni.example").await;
    assert_eq!(
        post(&app, "/es/cohorts/ttt-2027/join", &[("motivation", "  ")], Some(&ana)).await.status().as_u16(),
        422
    );
    assert_eq!(
        post(
            &app,
            "/es/cohorts/ttt-2027/join",
            &[("motivation", "Quiero enseñar en mi facultad.")],
            Some(&ana)
        )
        .await
        .status()
        .as_u16(),
        303
    );
    assert_eq!(member_state(&app, "ttt-2027", "ana@uni.example").await.as_deref(), Some("applied"));
    let roster = get(&app, "/es/cohorts/ttt-2027/roster", Some(&trainer)).await.text().await.unwrap();
    assert!(roster.contains("Quiero enseñar en mi facultad."));
    let id = user_id(&app, "ana@uni.example").await;
    let before = smtp.count();
    let res = post(
        &app,
        &format!("/es/cohorts/ttt-2027/members/{id}/decide"),
        &[("decision", "accept")],
        Some(&trainer),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(member_state(&app, "ttt-2027", "ana@uni.example").await.as_deref(), Some("enrolled"));
    smtp.wait_for(before + 1, 10).await;
    // Nothing left to decide for her.
    let res = post(
        &app,
        &format!("/es/cohorts/ttt-2027/members/{id}/decide"),
        &[("decision", "decline")],
        Some(&trainer),
    )
    .await;
    assert_eq!(res.status().as_u16(), 409);
    app.stop().await.unwrap();
}

async fn a_learner_calling_trainer_actions_is_refused_every_time(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let trainer = privileged(&app, &smtp, "lucia@uni.example", "trainer").await;
    let code = published(&app, &trainer, "python-2027", "code", "10").await;
    let session = add_session(&app, &trainer, "python-2027", 86_400 * 3).await;
    let ana = learner(&app, &smtp, "ana@uni.example").await;
    assert_eq!(
        post(&app, "/es/cohorts/python-2027/join", &[("code", &code)], Some(&ana)).await.status().as_u16(),
        303
    );
    let ana_id = user_id(&app, "ana@uni.example").await;
    let other_trainer = privileged(&app, &smtp, "otro@uni.example", "trainer").await;
    let form = cohort_form("python-2027", "code", "10");
    let actions: Vec<(String, Vec<(&str, &str)>)> = vec![
        ("/es/cohorts/new".into(), cohort_form("mia", "open", "5")),
        ("/es/cohorts/python-2027/manage".into(), form.clone()),
        ("/es/cohorts/python-2027/state".into(), vec![("to", "running")]),
        ("/es/cohorts/python-2027/code".into(), vec![]),
        ("/es/cohorts/python-2027/team".into(), vec![("email", "ana@uni.example"), ("role", "helper")]),
        (
            "/es/cohorts/python-2027/sessions".into(),
            vec![("date", "2027-01-01"), ("time", "10:00"), ("time_zone", "UTC"), ("minutes", "60")],
        ),
        (
            format!("/es/cohorts/python-2027/sessions/{session}"),
            vec![("date", "2027-01-01"), ("time", "10:00"), ("time_zone", "UTC"), ("minutes", "60")],
        ),
        (format!("/es/cohorts/python-2027/sessions/{session}/cancel"), vec![]),
        (format!("/es/cohorts/python-2027/members/{ana_id}/decide"), vec![("decision", "accept")]),
        (format!("/es/cohorts/python-2027/attendance/{session}"), vec![]),
        ("/es/cohorts/python-2027/certificates".into(), vec![]),
        (
            "/es/cohorts/python-2027/results/questions".into(),
            vec![("survey", "post"), ("kind", "text"), ("prompt", "¿?")],
        ),
        (
            "/es/checkout/queue/slots".into(),
            vec![
                ("date", "2030-01-01"),
                ("time", "10:00"),
                ("time_zone", "UTC"),
                ("minutes", "60"),
                ("capacity", "2"),
            ],
        ),
    ];
    for (who, cookie) in [("learner", &ana), ("a trainer of another cohort", &other_trainer)] {
        for (path, body) in &actions {
            if who != "learner" && (path == "/es/cohorts/new" || path == "/es/checkout/queue/slots") {
                continue; // trainers may create cohorts and demo slots
            }
            let status = post(&app, path, body, Some(cookie)).await.status().as_u16();
            assert_eq!(status, 403, "{who} POST {path}");
        }
        for page in ["manage", "roster", "results", "certificates", "roster.csv"] {
            let status =
                get(&app, &format!("/es/cohorts/python-2027/{page}"), Some(cookie)).await.status().as_u16();
            assert_eq!(status, 403, "{who} GET {page}");
        }
    }
    // Nothing changed.
    let (state, n): (String, i64) = sqlx::query_as(
        "SELECT c.state, (SELECT COUNT(*) FROM cohort_sessions s WHERE s.cohort_id = c.id AND s.cancelled_at IS NULL) \
         FROM cohorts c WHERE slug = 'python-2027'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((state.as_str(), n), ("published", 1));
    app.stop().await.unwrap();
}

async fn concurrent_requests_cannot_overfill_or_double_anything(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let trainer = privileged(&app, &smtp, "lucia@uni.example", "trainer").await;
    published(&app, &trainer, "open-2027", "open", "3").await;
    let mut people = Vec::new();
    for i in 0..8 {
        people.push(learner(&app, &smtp, &format!("p{i}@uni.example")).await);
    }
    // Eight people at once for three places; one of them presses twice.
    let mut joins: Vec<_> =
        people.iter().map(|c| post(&app, "/es/cohorts/open-2027/join", &[], Some(c))).collect();
    joins.push(post(&app, "/es/cohorts/open-2027/join", &[], Some(&people[0])));
    let statuses: Vec<u16> =
        futures::future::join_all(joins).await.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 303).count(), 8, "{statuses:?}");
    let counts: Vec<(String, i64)> = sqlx::query_as(
        "SELECT m.state, COUNT(*) FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id WHERE c.slug = 'open-2027' \
         AND m.role = 'learner' GROUP BY m.state ORDER BY m.state",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(counts, vec![("enrolled".to_owned(), 3), ("waitlisted".to_owned(), 5)]);

    // The same attendance twice at once: one row.
    let session = add_session(&app, &trainer, "open-2027", -3600).await;
    let enrolled: Vec<i64> = sqlx::query_as::<_, (i64,)>(
        "SELECT m.user_id FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id WHERE c.slug = 'open-2027' \
         AND m.state = 'enrolled' AND m.role = 'learner'",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap()
    .into_iter()
    .map(|(id,)| id)
    .collect();
    let fields: Vec<(String, String)> =
        enrolled.iter().map(|id| (format!("a-{id}"), "present".to_owned())).collect();
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let path = format!("/es/cohorts/open-2027/attendance/{session}");
    let (a, b) =
        tokio::join!(post(&app, &path, &pairs, Some(&trainer)), post(&app, &path, &pairs, Some(&trainer)));
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (303, 303));
    let (rows,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM attendance WHERE session_id = $1")
        .bind(session)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(rows, 3);
    // Attendance for someone not enrolled changes nothing.
    let outsider = enrolled.iter().max().unwrap() + 1000;
    let res = post(
        &app,
        &path,
        &[(&format!("a-{}", enrolled[0]), "late"), (&format!("a-{outsider}"), "present")],
        Some(&trainer),
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    let (status,): (String,) =
        sqlx::query_as("SELECT status FROM attendance WHERE session_id = $1 AND user_id = $2")
            .bind(session)
            .bind(enrolled[0])
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(status, "present");

    // Issuing certificates twice at once: one each. (No survey needed for this rule.)
    sqlx::query("UPDATE cohorts SET cert_survey = 0 WHERE slug = 'open-2027'")
        .execute(&app.pool)
        .await
        .unwrap();
    let (a, b) = tokio::join!(
        post(&app, "/es/cohorts/open-2027/certificates", &[], Some(&trainer)),
        post(&app, "/es/cohorts/open-2027/certificates", &[], Some(&trainer))
    );
    assert!(a.status().is_redirection() && b.status().is_redirection());
    let (certs,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM certificates").fetch_one(&app.pool).await.unwrap();
    assert_eq!(certs, 3);
    app.stop().await.unwrap();
}

async fn calendar_feeds_are_valid_and_follow_changes(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let trainer = privileged(&app, &smtp, "lucia@uni.example", "trainer").await;
    let code = published(&app, &trainer, "python-2027", "code", "10").await;
    let first = add_session(&app, &trainer, "python-2027", 7 * 86_400).await;
    let second = add_session(&app, &trainer, "python-2027", 14 * 86_400).await;
    let feed = get(&app, "/es/cohorts/python-2027/calendar.ics", None).await;
    assert!(feed.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let ics = feed.text().await.unwrap();
    let host = app.addr.ip().to_string();
    assert!(ics.contains(&format!("UID:session-{first}@{host}")), "{ics}");
    assert!(ics.contains("SEQUENCE:0"));
    // A change bumps the sequence; a cancellation is announced, not dropped.
    let res = post(
        &app,
        &format!("/es/cohorts/python-2027/sessions/{first}"),
        &[("date", "2030-05-06"), ("time", "10:00"), ("time_zone", "America/Sao_Paulo"), ("minutes", "90")],
        Some(&trainer),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        post(&app, &format!("/es/cohorts/python-2027/sessions/{second}/cancel"), &[], Some(&trainer))
            .await
            .status()
            .as_u16(),
        303
    );
    let ics = get(&app, "/es/cohorts/python-2027/calendar.ics", None).await.text().await.unwrap();
    assert!(ics.contains("DTSTART:20300506T130000Z"), "10:00 in São Paulo is 13:00 UTC: {ics}");
    assert!(ics.contains("SEQUENCE:1") && ics.contains("STATUS:CANCELLED"));
    // A session at a time that does not exist (New York's spring gap) is refused.
    let res = post(
        &app,
        &format!("/es/cohorts/python-2027/sessions/{first}"),
        &[("date", "2030-03-10"), ("time", "02:30"), ("time_zone", "America/New_York"), ("minutes", "90")],
        Some(&trainer),
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);

    // The private feed: every session of one's cohorts, at a secret, revocable address.
    let ana = learner(&app, &smtp, "ana@uni.example").await;
    assert_eq!(
        post(&app, "/es/cohorts/python-2027/join", &[("code", &code)], Some(&ana)).await.status().as_u16(),
        303
    );
    let page = post(&app, "/es/cohorts/mine/feed", &[], Some(&ana)).await.text().await.unwrap();
    let url = page
        .split("data-testid=\"feed-url\" class=\"break\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    let path = url::Url::parse(&url).unwrap().path().to_owned();
    let mine = get(&app, &path, None).await.text().await.unwrap();
    assert!(mine.contains(&format!("UID:session-{first}@")), "{mine}");
    std::fs::write(app.dir().join("feed.ics"), &mine).unwrap();
    assert_eq!(post(&app, "/es/cohorts/mine/feed/revoke", &[], Some(&ana)).await.status().as_u16(), 303);
    assert_eq!(get(&app, &path, None).await.status().as_u16(), 404);
    // A real calendar parser reads both feeds without complaint.
    std::fs::write(app.dir().join("public.ics"), &ics).unwrap();
    let python = crate::helpers::jupyter().replace("jupyter-server", "python3");
    let out = std::process::Command::new(&python)
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/check_ics.py"))
        .arg(app.dir().join("public.ics"))
        .arg(app.dir().join("feed.ics"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "icalendar: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    app.stop().await.unwrap();
}

async fn surveys_are_answered_once_and_shown_only_as_totals(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let trainer = privileged(&app, &smtp, "lucia@uni.example", "trainer").await;
    published(&app, &trainer, "open-2027", "open", "20").await;
    let mut cookies = Vec::new();
    for i in 0..5 {
        let c = learner(&app, &smtp, &format!("p{i}@uni.example")).await;
        assert_eq!(post(&app, "/es/cohorts/open-2027/join", &[], Some(&c)).await.status().as_u16(), 303);
        cookies.push(c);
    }
    // Incomplete answers come back with each problem marked.
    let res = post(
        &app,
        "/es/cohorts/open-2027/surveys/post",
        &[("nps", "11"), ("likert-1", "3")],
        Some(&cookies[0]),
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    let answer = |nps: &'static str| {
        vec![("nps", nps), ("likert-1", "5"), ("likert-2", "4"), ("likert-3", "4"), ("comment", "Muy útil")]
    };
    for (c, nps) in cookies[1..4].iter().zip(["9", "6", "8"]) {
        let res = post(&app, "/es/cohorts/open-2027/surveys/post", &answer(nps), Some(c)).await;
        assert_eq!(res.status().as_u16(), 303);
    }
    // Twice at once: one answer.
    let again = answer("10");
    let (a, b) = tokio::join!(
        post(&app, "/es/cohorts/open-2027/surveys/post", &again, Some(&cookies[0])),
        post(&app, "/es/cohorts/open-2027/surveys/post", &again, Some(&cookies[0]))
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [303, 409]);
    let results = get(&app, "/es/cohorts/open-2027/results", Some(&trainer)).await.text().await.unwrap();
    assert!(results.contains("4 respuestas de 5"), "{results}");
    assert!(!results.contains("Muy útil"), "comments wait for five answers");
    assert!(!results.contains("data-testid=\"nps-post\">Net Promoter Score:"), "so does the score");
    assert_eq!(
        post(&app, "/es/cohorts/open-2027/surveys/post", &answer("3"), Some(&cookies[4]))
            .await
            .status()
            .as_u16(),
        303
    );
    let results = get(&app, "/es/cohorts/open-2027/results", Some(&trainer)).await.text().await.unwrap();
    // 10, 9 promoters; 6, 3 detractors; 8 passive: (2 − 2) / 5 = 0.
    assert!(results.contains("Net Promoter Score: 0"), "{results}");
    assert!(results.contains("Muy útil"));
    // Answers carry no person.
    let cols: Vec<(String,)> = match engine {
        Engine::Sqlite => sqlx::query_as("SELECT name FROM pragma_table_info('survey_responses')")
            .fetch_all(&app.pool)
            .await
            .unwrap(),
        Engine::Postgres => sqlx::query_as(
            "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'survey_responses'",
        )
        .fetch_all(&app.pool)
        .await
        .unwrap(),
    };
    assert!(cols.iter().all(|(c,)| !c.contains("user")), "{cols:?}");
    // Staff do not answer; outsiders may not.
    assert_eq!(
        post(&app, "/es/cohorts/open-2027/surveys/pre", &answer("9"), Some(&trainer)).await.status().as_u16(),
        403
    );
    app.stop().await.unwrap();
}

async fn certificates_follow_the_rule_and_anyone_can_verify_them(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let trainer = privileged(&app, &smtp, "lucia@uni.example", "trainer").await;
    published(&app, &trainer, "open-2027", "open", "20").await;
    let ana = learner(&app, &smtp, "ana@uni.example").await;
    let bea = learner(&app, &smtp, "bea@uni.example").await;
    for c in [&ana, &bea] {
        assert_eq!(post(&app, "/es/cohorts/open-2027/join", &[], Some(c)).await.status().as_u16(), 303);
    }
    let (ana_id, bea_id) = (user_id(&app, "ana@uni.example").await, user_id(&app, "bea@uni.example").await);
    let s1 = add_session(&app, &trainer, "open-2027", -7 * 86_400).await;
    let s2 = add_session(&app, &trainer, "open-2027", -3600).await;
    let (ana_field, bea_field) = (format!("a-{ana_id}"), format!("a-{bea_id}"));
    for s in [s1, s2] {
        let path = format!("/es/cohorts/open-2027/attendance/{s}");
        let bea_mark = if s == s1 { "present" } else { "absent" };
        let res = post(
            &app,
            &path,
            &[(ana_field.as_str(), "present"), (bea_field.as_str(), bea_mark)],
            Some(&trainer),
        )
        .await;
        assert_eq!(res.status().as_u16(), 303);
    }
    // The rule wants the final survey: Ana has not answered it yet.
    let res =
        post(&app, "/es/cohorts/open-2027/certificates", &[("user", &ana_id.to_string())], Some(&trainer))
            .await;
    assert_eq!(res.status().as_u16(), 422);
    let answers = [("nps", "9"), ("likert-1", "5"), ("likert-2", "5"), ("likert-3", "4")];
    for c in [&ana, &bea] {
        assert_eq!(
            post(&app, "/es/cohorts/open-2027/surveys/post", &answers, Some(c)).await.status().as_u16(),
            303
        );
    }
    // Bea attended 50 %: refused by name, left out in bulk.
    let res =
        post(&app, "/es/cohorts/open-2027/certificates", &[("user", &bea_id.to_string())], Some(&trainer))
            .await;
    assert_eq!(res.status().as_u16(), 422);
    let res = post(&app, "/es/cohorts/open-2027/certificates", &[], Some(&trainer)).await;
    assert_eq!(res.headers()["location"], "/es/cohorts/open-2027/certificates?issued=1");
    let link = certificate_link(&smtp, "ana@uni.example").await;
    let code = link.rsplit('/').next().unwrap().to_owned();
    assert_eq!(code.len(), 26);

    // The public page, no login.
    let page = get(&app, &format!("/verify/{code}"), None).await;
    assert_eq!(page.status().as_u16(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("data-testid=\"certificate-status\" class=\"notice success\">"), "valid: {page}");
    assert!(
        page.contains("Este certificado es válido") && page.contains("Del escritorio al clúster"),
        "{page}"
    );
    assert!(!page.contains("ana@uni.example"), "never the email");
    assert_eq!(get(&app, "/verify/0000000000000000000000000X", None).await.status().as_u16(), 404);

    // The signed JSON verifies with the published key, by an independent implementation.
    let signed: serde_json::Value =
        get(&app, &format!("/verify/{code}.json"), None).await.json().await.unwrap();
    let keys: serde_json::Value = get(&app, "/verify/keys.json", None).await.json().await.unwrap();
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let pk = b64.decode(keys["keys"][0]["x"].as_str().unwrap()).unwrap();
    let sig = b64.decode(signed["proof"]["signature"].as_str().unwrap()).unwrap();
    let message = serde_json_canonicalizer::to_vec(&signed["certificate"]).unwrap();
    let pk = ed25519_compact::PublicKey::from_slice(&pk).unwrap();
    pk.verify(&message, &ed25519_compact::Signature::from_slice(&sig).unwrap()).expect("signature verifies");
    let mut forged = signed["certificate"].clone();
    forged["hours"] = 400.into();
    assert!(pk
        .verify(
            serde_json_canonicalizer::to_vec(&forged).unwrap(),
            &ed25519_compact::Signature::from_slice(&sig).unwrap()
        )
        .is_err());
    assert_eq!(signed["certificate"]["status"], "valid");
    assert!(!signed.to_string().contains('@'));

    // The PDF is a PDF/A file.
    let pdf = get(&app, &format!("/verify/{code}.pdf"), None).await;
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let bytes = pdf.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(bytes.windows(12).any(|w| w == b"pdfaid:part>"), "PDF/A metadata");

    // Revoked: the page, the JSON and the roster say so.
    let res = post(
        &app,
        &format!("/es/cohorts/open-2027/certificates/{code}/revoke"),
        &[("reason", "")],
        Some(&trainer),
    )
    .await;
    assert_eq!(res.status().as_u16(), 422, "a reason is required");
    let res = post(
        &app,
        &format!("/es/cohorts/open-2027/certificates/{code}/revoke"),
        &[("reason", "Error de asistencia")],
        Some(&trainer),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    let page = get(&app, &format!("/verify/{code}"), None).await.text().await.unwrap();
    assert!(page.contains("Error de asistencia"));
    let signed: serde_json::Value =
        get(&app, &format!("/verify/{code}.json"), None).await.json().await.unwrap();
    assert_eq!(signed["certificate"]["status"], "revoked");

    // The roster's figures per person, counted by the database: attendance of the sessions held,
    // episodes done of the course, the final survey, the certificate, and notebook core-hours
    // under this cohort only (2 CPUs for 90 minutes = 3.00; a launch outside the cohort is not counted).
    let now = app::kernel::clock::now();
    for (cohort, cpu, minutes) in [(Some(1i64), 2000i64, 90i64), (None, 4000, 600)] {
        sqlx::query(
            "INSERT INTO notebook_servers (user_id, server_key, profile, backend, state, token, cpu_millis, \
             memory_bytes, created_at, ready_at, stopped_at, cohort_id) \
             VALUES ($1, $2, 'python', 'local', 'stopped', 't', $3, 1, $4, $4, $5, \
             (SELECT id FROM cohorts WHERE slug = 'open-2027' AND $6 = 1))",
        )
        .bind(ana_id)
        .bind(format!("u{ana_id}-{cpu}"))
        .bind(cpu)
        .bind(now - minutes * 60 - 60)
        .bind(now - 60)
        .bind(cohort.unwrap_or(0))
        .execute(&app.pool)
        .await
        .unwrap();
    }
    for episode in ["01-what-is-a-cluster", "02-the-shell"] {
        sqlx::query(
            "INSERT INTO lesson_progress (user_id, course, episode, last_seen_at, done_at) \
             VALUES ($1, 'desktop-to-cluster', $2, $3, $3)",
        )
        .bind(bea_id)
        .bind(episode)
        .bind(now)
        .execute(&app.pool)
        .await
        .unwrap();
    }
    let csv = get(&app, "/es/cohorts/open-2027/roster.csv", Some(&trainer)).await.text().await.unwrap();
    let row = |email: &str| csv.lines().find(|l| l.contains(email)).unwrap_or_default().to_owned();
    let (ana_row, bea_row) = (row("ana@uni.example"), row("bea@uni.example"));
    assert!(ana_row.contains(",100,0/"), "ana attended both: {ana_row}");
    assert!(ana_row.contains(",Sí,Revocado,3.00,Presente,Presente"), "{ana_row}");
    assert!(bea_row.contains(",50,2/"), "bea attended one of two and did two episodes: {bea_row}");
    assert!(bea_row.contains(",Sí,,0.00,Presente,Ausente"), "{bea_row}");
    let roster = get(&app, "/es/cohorts/open-2027/roster", Some(&trainer)).await.text().await.unwrap();
    assert!(roster.contains("<td>100 %</td>") && roster.contains("<td>50 %</td>"), "{roster}");
    assert!(roster.contains("<td>3.00</td>"), "{roster}");
    assert!(!roster.contains("__RESOLVED_RESOURCES[0]"), "page data is not copied into the page");
    app.stop().await.unwrap();
}

/// The link to the certificate emailed to `to` (not the account's `/{lang}/verify/` link).
async fn certificate_link(smtp: &SmtpSink, to: &str) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let found = smtp
            .all()
            .iter()
            .filter(|m| m.to.iter().any(|t| t == to))
            .flat_map(|m| m.text().split_whitespace().map(str::to_owned).collect::<Vec<_>>())
            .find(|w| {
                w.starts_with("http")
                    && w.contains("/verify/")
                    && !w.contains("/pt/verify/")
                    && !w.contains("/es/verify/")
            });
        if let Some(link) = found {
            return link;
        }
        assert!(std::time::Instant::now() < deadline, "no certificate email to {to}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Makes `email` a trainee: a finished Train-the-Trainer cohort they attended.
async fn trainee(app: &TestApp, smtp: &SmtpSink, trainer: &str, email: &str) -> String {
    let cookie = learner(app, smtp, email).await;
    let res = post(
        app,
        "/es/cohorts/new",
        &[
            ("title", "Formación de formadores"),
            ("slug", "ttt"),
            ("course", "train-the-trainer"),
            ("locale", "es"),
            ("capacity", "10"),
            ("enrolment", "open"),
            ("visibility", "listed"),
            ("time_zone", "UTC"),
            ("cert_attendance", "75"),
        ],
        Some(trainer),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        post(app, "/es/cohorts/ttt/state", &[("to", "published")], Some(trainer)).await.status().as_u16(),
        303
    );
    assert_eq!(post(app, "/es/cohorts/ttt/join", &[], Some(&cookie)).await.status().as_u16(), 303);
    let session = add_session(app, trainer, "ttt", -7200).await;
    let id = user_id(app, email).await;
    let res = post(
        app,
        &format!("/es/cohorts/ttt/attendance/{session}"),
        &[(&format!("a-{id}"), "present")],
        Some(trainer),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        post(app, "/es/cohorts/ttt/state", &[("to", "running")], Some(trainer)).await.status().as_u16(),
        303
    );
    assert_eq!(
        post(app, "/es/cohorts/ttt/state", &[("to", "finished")], Some(trainer)).await.status().as_u16(),
        303
    );
    cookie
}

async fn a_trainee_passes_four_steps_and_becomes_a_trainer(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let trainer = privileged(&app, &smtp, "lucia@uni.example", "trainer").await;
    let ana = trainee(&app, &smtp, &trainer, "ana@uni.example").await;
    let ana_id = user_id(&app, "ana@uni.example").await;
    let page = get(&app, "/es/checkout", Some(&ana)).await.text().await.unwrap();
    assert!(page.contains("data-testid=\"checkout-steps\""), "{page}");
    let (training,): (String,) = sqlx::query_as("SELECT training FROM checkouts WHERE user_id = $1")
        .bind(ana_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(training, "p");

    // Welcome session, recorded by a trainer.
    assert_eq!(
        post(&app, &format!("/es/checkout/queue/welcome/{ana_id}"), &[], Some(&ana)).await.status().as_u16(),
        403
    );
    assert_eq!(
        post(&app, &format!("/es/checkout/queue/welcome/{ana_id}"), &[], Some(&trainer))
            .await
            .status()
            .as_u16(),
        303
    );

    // A demo slot in the past is refused; one soon is booked; it is evaluated after it happened.
    let slot = |days: i64| {
        let z = jiff::Timestamp::from_second(jiff::Timestamp::now().as_second() + days * 86_400)
            .unwrap()
            .to_zoned(jiff::tz::TimeZone::UTC);
        (z.date().to_string(), format!("{:02}:{:02}", z.hour(), z.minute()))
    };
    let (d, t) = slot(-1);
    let res = post(
        &app,
        "/es/checkout/queue/slots",
        &[("date", &d), ("time", &t), ("time_zone", "UTC"), ("minutes", "60"), ("capacity", "2")],
        Some(&trainer),
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    let (d, t) = slot(1);
    let res = post(
        &app,
        "/es/checkout/queue/slots",
        &[("date", &d), ("time", &t), ("time_zone", "UTC"), ("minutes", "60"), ("capacity", "2")],
        Some(&trainer),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    let (slot_id,): (i64,) = sqlx::query_as("SELECT id FROM demo_slots").fetch_one(&app.pool).await.unwrap();
    assert_eq!(
        post(&app, &format!("/es/checkout/slots/{slot_id}/book"), &[], Some(&ana)).await.status().as_u16(),
        303
    );
    assert_eq!(
        post(&app, &format!("/es/checkout/slots/{slot_id}/book"), &[], Some(&ana)).await.status().as_u16(),
        409,
        "one booking at a time"
    );
    let (demo,): (i64,) = sqlx::query_as("SELECT id FROM demos").fetch_one(&app.pool).await.unwrap();
    let evaluate = format!("/es/checkout/queue/demos/{demo}");
    assert_eq!(
        post(&app, &evaluate, &[("result", "p")], Some(&trainer)).await.status().as_u16(),
        409,
        "not yet held"
    );
    sqlx::query("UPDATE demo_slots SET starts_at = starts_at - 2 * 86400").execute(&app.pool).await.unwrap();
    // Not by the trainee; not by someone who is no certified trainer.
    sqlx::query("INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, 'trainer', 1)")
        .bind(ana_id)
        .execute(&app.pool)
        .await
        .unwrap();
    // (A trainer needs two-step login; turning it on signs Ana's other sessions out.)
    let ana = with_second_factor(&app, "ana@uni.example").await;
    assert_eq!(post(&app, &evaluate, &[("result", "p")], Some(&ana)).await.status().as_u16(), 403);
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1").bind(ana_id).execute(&app.pool).await.unwrap();
    let admin_only = privileged(&app, &smtp, "admin@uni.example", "admin").await;
    assert_eq!(post(&app, &evaluate, &[("result", "p")], Some(&admin_only)).await.status().as_u16(), 403);
    assert_eq!(
        post(&app, &evaluate, &[("result", "p"), ("g-bogus", "yes")], Some(&trainer)).await.status().as_u16(),
        422
    );
    assert_eq!(
        post(&app, &evaluate, &[("result", "p"), ("g-pace", "yes"), ("notes", "¡Muy bien!")], Some(&trainer))
            .await
            .status()
            .as_u16(),
        303
    );
    assert_eq!(
        post(&app, &evaluate, &[("result", "a")], Some(&trainer)).await.status().as_u16(),
        409,
        "evaluated once"
    );

    // Get involved: evidence, confirmed by a trainer. Then everything has passed.
    assert_eq!(
        post(&app, "/es/checkout/involvement", &[("url", "ftp://x"), ("note", "Ayudé")], Some(&ana))
            .await
            .status()
            .as_u16(),
        422
    );
    assert_eq!(
        post(
            &app,
            "/es/checkout/involvement",
            &[("url", "https://github.com/x/y/pull/1"), ("note", "Corregí una lección")],
            Some(&ana)
        )
        .await
        .status()
        .as_u16(),
        303
    );
    let (inv,): (i64,) = sqlx::query_as("SELECT id FROM involvements").fetch_one(&app.pool).await.unwrap();
    let before = smtp.count();
    assert_eq!(
        post(&app, &format!("/es/checkout/queue/involvements/{inv}"), &[("result", "p")], Some(&trainer))
            .await
            .status()
            .as_u16(),
        303
    );
    let (role,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM user_roles WHERE user_id = $1 AND role = 'trainer'")
            .bind(ana_id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(role, 1, "the trainer role comes at once");
    let (kind,): (String,) = sqlx::query_as("SELECT kind FROM certificates WHERE user_id = $1")
        .bind(ana_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(kind, "trainer");
    // The news goes out by email (through the outbox, so a moment later).
    smtp.wait_for(before + 1, 10).await;
    assert_eq!(
        certificate_link(&smtp, "ana@uni.example").await.len(),
        format!("http://{}/verify/", app.addr).len() + 26
    );
    app.stop().await.unwrap();
}

async fn a_cohort_reminds_its_people_once_the_day_before(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let trainer = privileged(&app, &smtp, "lucia@uni.example", "trainer").await;
    let code = published(&app, &trainer, "python-2027", "code", "10").await;
    let ana = learner(&app, &smtp, "ana@uni.example").await;
    assert_eq!(
        post(&app, "/es/cohorts/python-2027/join", &[("code", &code)], Some(&ana)).await.status().as_u16(),
        303
    );
    sqlx::query("UPDATE users SET time_zone = 'America/Sao_Paulo' WHERE email = 'ana@uni.example'")
        .execute(&app.pool)
        .await
        .unwrap();
    // Within a day: the reminder is due at once, in her zone, named.
    add_session(&app, &trainer, "python-2027", 6 * 3600).await;
    let reminders = |smtp: &SmtpSink| {
        smtp.all()
            .iter()
            .filter(|m| m.to == ["ana@uni.example"] && m.text().contains("(America/Sao_Paulo)"))
            .count()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while reminders(&smtp) == 0 {
        assert!(std::time::Instant::now() < deadline, "no reminder in her zone");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // A restart sends nothing twice.
    let app = app.restart().await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let (jobs,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM jobs WHERE kind = 'cohort-session-reminder'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(jobs, 1);
    assert_eq!(reminders(&smtp), 1);
    app.stop().await.unwrap();
}

async fn what_cohorts_keep_about_a_person_is_exported_and_erased(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let trainer = privileged(&app, &smtp, "lucia@uni.example", "trainer").await;
    published(&app, &trainer, "open-2027", "open", "10").await;
    let ana = learner(&app, &smtp, "ana@uni.example").await;
    assert_eq!(post(&app, "/es/cohorts/open-2027/join", &[], Some(&ana)).await.status().as_u16(), 303);
    assert_eq!(post(&app, "/es/cohorts/mine/feed", &[], Some(&ana)).await.status().as_u16(), 200);
    let json: serde_json::Value = get(&app, "/es/account/export", Some(&ana)).await.json().await.unwrap();
    assert_eq!(json["cohorts"]["memberships"][0]["cohort"], "open-2027");
    assert_eq!(json["cohorts"]["calendar_feed"].as_array().unwrap().len(), 1);
    let id = user_id(&app, "ana@uni.example").await;
    let res =
        post(&app, "/es/account/delete", &[("password", PASSWORD), ("confirm", "yes")], Some(&ana)).await;
    assert_eq!(res.status().as_u16(), 303);
    for table in ["cohort_members", "calendar_feeds"] {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table} WHERE user_id = $1"))
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
        assert_eq!(n, 0, "{table}");
    }
    app.stop().await.unwrap();
}

both_engines!(
    a_trainer_runs_a_cohort_and_learners_join_with_its_code,
    applications_are_decided_by_trainers,
    a_learner_calling_trainer_actions_is_refused_every_time,
    concurrent_requests_cannot_overfill_or_double_anything,
    calendar_feeds_are_valid_and_follow_changes,
    surveys_are_answered_once_and_shown_only_as_totals,
    certificates_follow_the_rule_and_anyone_can_verify_them,
    a_trainee_passes_four_steps_and_becomes_a_trainer,
    a_cohort_reminds_its_people_once_the_day_before,
    what_cohorts_keep_about_a_person_is_exported_and_erased,
);
