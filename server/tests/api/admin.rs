//! Admin powers, password recovery, email change, profile, data export and account deletion.

use crate::accounts::{app_with_smtp, get, login, post, session_cookie, signup_and_verify, PASSWORD};
use crate::both_engines;
use crate::helpers::{Engine, TestApp};
use crate::smtp::SmtpSink;

/// The code of the time step `steps` from now (each step's code works once per account).
pub fn totp_at(secret: &str, steps: u64) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.to_owned()).to_bytes().unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes, None, String::new())
        .unwrap()
        .generate(now + 30 * steps)
}

fn totp_now(secret: &str) -> String {
    totp_at(secret, 0)
}

/// A verified admin with TOTP on, logged in fully; returns the session cookie.
pub async fn admin_session(app: &TestApp, smtp: &SmtpSink, email: &str) -> String {
    signup_and_verify(app, smtp, email).await;
    sqlx::query("INSERT INTO user_roles (user_id, role, granted_at) SELECT id, 'admin', 1 FROM users WHERE email = $1")
        .bind(email)
        .execute(&app.pool)
        .await
        .unwrap();
    let cookie = session_cookie(&login(app, email, PASSWORD).await).unwrap();
    // Without two-factor login the admin pages send them to set it up.
    let res = get(app, "/es/admin/users", Some(&cookie)).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["location"], "/es/account/2fa?required=1");
    let page = get(app, "/es/account/2fa", Some(&cookie)).await.text().await.unwrap();
    let secret =
        page.split("data-testid=\"totp-secret\">").nth(1).unwrap().split('<').next().unwrap().to_owned();
    assert_eq!(
        post(app, "/es/account/2fa", &[("code", &totp_now(&secret))], Some(&cookie)).await.status().as_u16(),
        200
    );
    let res = login(app, email, PASSWORD).await;
    let pending = session_cookie(&res).unwrap();
    let res = post(
        app,
        "/es/login/code",
        &[("code", &totp_at(&secret, 1)), ("next", "/es/account")],
        Some(&pending),
    )
    .await;
    session_cookie(&res).unwrap()
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    id
}

async fn only_admins_administer_and_role_changes_rotate_sessions(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    signup_and_verify(&app, &smtp, "learner@uni.example").await;
    let learner = session_cookie(&login(&app, "learner@uni.example", PASSWORD).await).unwrap();
    let learner_id = user_id(&app, "learner@uni.example").await;

    // A learner calling admin actions directly: 403, translated, nothing changes.
    let res = get(&app, "/pt/admin/users", Some(&learner)).await;
    assert_eq!(res.status().as_u16(), 403);
    assert!(res.text().await.unwrap().contains("Você não tem permissão"));
    for (path, form) in [
        (format!("/es/admin/users/{learner_id}/role"), vec![("role", "admin"), ("grant", "yes")]),
        (format!("/es/admin/users/{learner_id}/disable"), vec![("disabled", "yes")]),
        ("/es/admin/outbox/1/retry".to_owned(), vec![]),
    ] {
        assert_eq!(post(&app, &path, &form, Some(&learner)).await.status().as_u16(), 403, "{path}");
    }
    assert_eq!(
        post(&app, "/es/admin/users/1/role", &[("role", "admin"), ("grant", "yes")], None)
            .await
            .status()
            .as_u16(),
        401
    );
    let (roles,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM user_roles").fetch_one(&app.pool).await.unwrap();
    assert_eq!(roles, 0);

    let admin = admin_session(&app, &smtp, "admin@uni.example").await;
    let page = get(&app, "/es/admin/users?q=learner", Some(&admin)).await;
    assert_eq!(page.status().as_u16(), 200);
    let body = page.text().await.unwrap();
    assert!(body.contains("learner@uni.example") && !body.contains("admin@uni.example"), "search filters");

    let res = post(
        &app,
        &format!("/es/admin/users/{learner_id}/role"),
        &[("role", "trainer"), ("grant", "yes")],
        Some(&admin),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    let filtered = get(&app, "/es/admin/users?role=trainer", Some(&admin)).await.text().await.unwrap();
    assert!(filtered.contains("learner@uni.example"));
    // The learner's session id rotates on their next request after the privilege change.
    let res = get(&app, "/es/account", Some(&learner)).await;
    let rotated = session_cookie(&res).expect("a new session id");
    assert_ne!(rotated, learner);
    assert!(res.text().await.unwrap().contains("Persona formadora"));
    assert_eq!(get(&app, "/es/account", Some(&learner)).await.status().as_u16(), 302, "the old id is dead");

    // Disabling ends the person's sessions at once.
    post(&app, &format!("/es/admin/users/{learner_id}/disable"), &[("disabled", "yes")], Some(&admin)).await;
    assert_eq!(get(&app, "/es/account", Some(&rotated)).await.status().as_u16(), 302);
    // Admins cannot lock themselves out.
    let me = user_id(&app, "admin@uni.example").await;
    assert_eq!(
        post(
            &app,
            &format!("/es/admin/users/{me}/role"),
            &[("role", "admin"), ("grant", "no")],
            Some(&admin)
        )
        .await
        .status()
        .as_u16(),
        409
    );
    // The outbox page lists the emails sent.
    let outbox = get(&app, "/es/admin/outbox", Some(&admin)).await.text().await.unwrap();
    assert!(outbox.contains("learner@uni.example"));
    app.stop().await.unwrap();
}

async fn password_recovery_is_single_use_and_ends_sessions(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    signup_and_verify(&app, &smtp, "ana@uni.example").await;
    let old_session = session_cookie(&login(&app, "ana@uni.example", PASSWORD).await).unwrap();
    let before = smtp.count();
    let known = post(&app, "/es/password/forgot", &[("email", "ana@uni.example")], None).await;
    let unknown = post(&app, "/es/password/forgot", &[("email", "nadie@uni.example")], None).await;
    assert_eq!(known.status(), unknown.status());
    assert_eq!(known.headers()["location"], unknown.headers()["location"]);
    let mails = smtp.wait_for(before + 1, 10).await;
    assert_eq!(mails.len(), before + 1, "only the real account gets an email");
    let link = mails.last().unwrap().link_containing("/password/reset/").unwrap();
    let path = url::Url::parse(&link).unwrap().path().to_owned();
    assert_eq!(post(&app, &path, &[("password", "123456")], None).await.status().as_u16(), 422);
    assert_eq!(post(&app, &path, &[("password", "otra frase muy larga")], None).await.status().as_u16(), 303);
    assert_eq!(
        post(&app, &path, &[("password", "y otra frase mas")], None).await.status().as_u16(),
        410,
        "single use"
    );
    assert_eq!(
        get(&app, "/es/account", Some(&old_session)).await.status().as_u16(),
        302,
        "old sessions ended"
    );
    assert_eq!(login(&app, "ana@uni.example", PASSWORD).await.status().as_u16(), 422);
    assert_eq!(login(&app, "ana@uni.example", "otra frase muy larga").await.status().as_u16(), 303);
    app.stop().await.unwrap();
}

async fn profile_email_change_export_and_deletion(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    signup_and_verify(&app, &smtp, "ana@uni.example").await;
    let cookie = session_cookie(&login(&app, "ana@uni.example", PASSWORD).await).unwrap();
    let res = post(
        &app,
        "/es/account/profile",
        &[
            ("name", "Ana María"),
            ("locale", "en"),
            ("country", "AR"),
            ("institution", "UNC"),
            ("notify_replies", "yes"),
        ],
        Some(&cookie),
    )
    .await;
    assert_eq!(res.headers()["location"], "/en/account?saved=1");
    let bad = post(&app, "/es/account/profile", &[("name", ""), ("locale", "xx")], Some(&cookie)).await;
    assert_eq!(bad.status().as_u16(), 422);
    let (name, cohorts): (String, i64) =
        sqlx::query_as("SELECT display_name, notify_cohorts FROM users").fetch_one(&app.pool).await.unwrap();
    assert_eq!((name.as_str(), cohorts), ("Ana María", 0));

    // Email change: needs the password, confirmed from the new address.
    assert_eq!(
        post(
            &app,
            "/es/account/email",
            &[("email", "ana@nueva.example"), ("password", "wrong one")],
            Some(&cookie)
        )
        .await
        .status()
        .as_u16(),
        422
    );
    let before = smtp.count();
    post(&app, "/es/account/email", &[("email", "ana@nueva.example"), ("password", PASSWORD)], Some(&cookie))
        .await;
    let mails = smtp.wait_for(before + 1, 10).await;
    let mail = mails.last().unwrap();
    assert_eq!(mail.to, vec!["ana@nueva.example".to_owned()]);
    let path = url::Url::parse(&mail.link_containing("/email/confirm/").unwrap()).unwrap().path().to_owned();
    assert_eq!(post(&app, &path, &[], None).await.status().as_u16(), 303);
    assert_eq!(login(&app, "ana@nueva.example", PASSWORD).await.status().as_u16(), 303);

    // Download my data, including notebook use.
    sqlx::query(
        "INSERT INTO notebook_servers (user_id, server_key, profile, backend, state, token, cpu_millis, \
         memory_bytes, created_at, ready_at, stopped_at, stop_reason) \
         SELECT id, 'u1-python', 'python', 'local', 'stopped', 'secret-token', 500, 1, 10, 11, 20, 'idle' \
         FROM users WHERE email = 'ana@nueva.example'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let res = get(&app, "/es/account/export", Some(&cookie)).await;
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
    let json: serde_json::Value = res.json().await.unwrap();
    assert_eq!(json["account"]["email"], "ana@nueva.example");
    assert_eq!(json["account"]["institution"], "UNC");
    assert!(json["account"]["sessions"].as_array().unwrap().len() >= 2);
    assert_eq!(json["notebook_servers"][0]["stop_reason"], "idle");
    assert!(!json.to_string().contains("secret-token"), "server tokens are never exported");

    // Delete: needs the password and the confirmation; then nothing personal is left.
    assert_eq!(
        post(&app, "/es/account/delete", &[("password", PASSWORD)], Some(&cookie)).await.status().as_u16(),
        422
    );
    let res =
        post(&app, "/es/account/delete", &[("password", PASSWORD), ("confirm", "yes")], Some(&cookie)).await;
    assert_eq!(res.status().as_u16(), 303);
    let (email, name, hash, deleted): (Option<String>, String, Option<String>, Option<i64>) =
        sqlx::query_as("SELECT email, display_name, password_hash, deleted_at FROM users")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((email, name.as_str(), hash), (None, "", None));
    assert!(deleted.is_some());
    let (sessions,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM sessions").fetch_one(&app.pool).await.unwrap();
    assert_eq!(sessions, 0);
    let (addresses,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE to_address LIKE '%ana%'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(addresses, 0, "no email address remains in the outbox");
    assert_eq!(login(&app, "ana@nueva.example", PASSWORD).await.status().as_u16(), 422);
    app.stop().await.unwrap();
}

async fn sessions_and_links_expire(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    signup_and_verify(&app, &smtp, "ana@uni.example").await;
    let idle = session_cookie(&login(&app, "ana@uni.example", PASSWORD).await).unwrap();
    let absolute = session_cookie(&login(&app, "ana@uni.example", PASSWORD).await).unwrap();
    assert_eq!(get(&app, "/es/account", Some(&idle)).await.status().as_u16(), 200);
    // Past their idle and absolute limits, sessions are gone.
    let hash = |t: &str| {
        use sha2::Digest;
        sha2::Sha256::digest(t.as_bytes()).iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    sqlx::query("UPDATE sessions SET idle_expires_at = 1 WHERE token_hash = $1")
        .bind(hash(&idle))
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE sessions SET absolute_expires_at = 1 WHERE token_hash = $1")
        .bind(hash(&absolute))
        .execute(&app.pool)
        .await
        .unwrap();
    // A session about to end is kept in memory no longer than it lives.
    let ending = session_cookie(&login(&app, "ana@uni.example", PASSWORD).await).unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    sqlx::query("UPDATE sessions SET absolute_expires_at = $2 WHERE token_hash = $1")
        .bind(hash(&ending))
        .bind(now + 2)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(get(&app, "/es/account", Some(&ending)).await.status().as_u16(), 200);
    assert_eq!(get(&app, "/es/account", Some(&ending)).await.status().as_u16(), 200, "kept");
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert!(std::time::Duration::from_millis(2100) < app::accounts::handlers::KnownSessions::TTL);
    assert_eq!(get(&app, "/es/account", Some(&ending)).await.status().as_u16(), 302, "ended on time");
    // The limits moved in the database, not on the clock: the session read a moment ago is kept
    // (with its own limits, checked against the clock on every use) for a few seconds.
    tokio::time::sleep(app::accounts::handlers::KnownSessions::TTL + std::time::Duration::from_millis(300))
        .await;
    assert_eq!(get(&app, "/es/account", Some(&idle)).await.status().as_u16(), 302);
    assert_eq!(get(&app, "/es/account", Some(&absolute)).await.status().as_u16(), 302);
    // An expired reset link does nothing.
    let before = smtp.count();
    post(&app, "/es/password/forgot", &[("email", "ana@uni.example")], None).await;
    let mails = smtp.wait_for(before + 1, 10).await;
    let path = url::Url::parse(&mails.last().unwrap().link_containing("/password/reset/").unwrap())
        .unwrap()
        .path()
        .to_owned();
    sqlx::query("UPDATE email_tokens SET expires_at = 1 WHERE purpose = 'reset'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        post(&app, &path, &[("password", "una frase nueva larga")], None).await.status().as_u16(),
        410
    );
    assert_eq!(
        login(&app, "ana@uni.example", PASSWORD).await.status().as_u16(),
        303,
        "the password did not change"
    );
    app.stop().await.unwrap();
}

async fn a_new_code_of_conduct_is_accepted_at_the_next_login(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    signup_and_verify(&app, &smtp, "ana@uni.example").await;
    sqlx::query("UPDATE users SET conduct_version = 0").execute(&app.pool).await.unwrap();
    let res = login(&app, "ana@uni.example", PASSWORD).await;
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/es/conduct/accept?next="), "{location}");
    let cookie = session_cookie(&res).unwrap();
    assert_eq!(get(&app, &location, Some(&cookie)).await.status().as_u16(), 200);
    assert_eq!(
        post(&app, "/es/conduct/accept", &[("next", "/es/account")], Some(&cookie)).await.status().as_u16(),
        422
    );
    let res =
        post(&app, "/es/conduct/accept", &[("conduct", "yes"), ("next", "/es/account")], Some(&cookie)).await;
    assert_eq!(res.headers()["location"], "/es/account");
    let (v,): (i64,) =
        sqlx::query_as("SELECT conduct_version FROM users").fetch_one(&app.pool).await.unwrap();
    assert_eq!(v, app::accounts::CONDUCT_VERSION);
    assert_eq!(login(&app, "ana@uni.example", PASSWORD).await.headers()["location"], "/es/account");
    app.stop().await.unwrap();
}

both_engines!(
    only_admins_administer_and_role_changes_rotate_sessions,
    password_recovery_is_single_use_and_ends_sessions,
    profile_email_change_export_and_deletion,
    sessions_and_links_expire,
    a_new_code_of_conduct_is_accepted_at_the_next_login,
);
