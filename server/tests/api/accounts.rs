//! Accounts: sign-up, verification by email over real SMTP, login, sessions, 2FA, limits.

use crate::both_engines;
use crate::helpers::{spawn_app_with, Engine, TestApp};
use crate::smtp::{Mode, SmtpSink};
use std::time::Duration;

pub const PASSWORD: &str = "tres tristes tigres";

fn pairs_to_body(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

pub async fn post(
    app: &TestApp,
    path: &str,
    pairs: &[(&str, &str)],
    cookie: Option<&str>,
) -> reqwest::Response {
    let mut req = app
        .client
        .post(app.url(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", format!("http://{}", app.addr))
        .body(pairs_to_body(pairs));
    if let Some(c) = cookie {
        req = req.header("Cookie", format!("puente_session={c}"));
    }
    req.send().await.expect("post")
}

pub async fn get(app: &TestApp, path: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut req = app.client.get(app.url(path));
    if let Some(c) = cookie {
        req = req.header("Cookie", format!("puente_session={c}"));
    }
    req.send().await.expect("get")
}

pub fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains("puente_session="))
        .and_then(|v| v.split(';').next())
        .and_then(|kv| kv.split_once('=').map(|(_, v)| v.to_owned()))
        .filter(|v| !v.is_empty())
}

async fn signup(app: &TestApp, email: &str, name: &str) -> reqwest::Response {
    post(
        app,
        "/pt/signup",
        &[
            ("name", name),
            ("email", email),
            ("password", PASSWORD),
            ("locale", "pt"),
            ("country", "BR"),
            ("institution", "Universidade Federal"),
            ("conduct", "yes"),
        ],
        None,
    )
    .await
}

pub async fn app_with_smtp(engine: Engine, extra: &[(&str, &str)]) -> (TestApp, SmtpSink) {
    let smtp = SmtpSink::start().await;
    let url = smtp.url();
    let mut env = vec![("PUENTE_SMTP_URL", url.as_str())];
    env.extend_from_slice(extra);
    (spawn_app_with(engine, &env).await, smtp)
}

/// Signs up and verifies through the emailed link; returns nothing, the account is ready.
pub async fn signup_and_verify(app: &TestApp, smtp: &SmtpSink, email: &str) {
    assert_eq!(signup(app, email, "Ana").await.status().as_u16(), 303);
    // Other emails may arrive meanwhile: wait for this address's link.
    let (_, link) = smtp.wait_for_link(email, "/verify/", 15).await.expect("verification email");
    let path = url::Url::parse(&link).expect("url").path().to_owned();
    assert_eq!(post(app, &path, &[], None).await.status().as_u16(), 303);
}

pub async fn login(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    post(app, "/es/login", &[("email", email), ("password", password), ("next", "/es/account")], None).await
}

async fn signup_sends_a_translated_verification_email_over_smtp(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    let res = signup(&app, "Ana.Souza@Universidade.EXAMPLE", "Ana Souza").await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["location"], "/pt/signup/sent");
    let mails = smtp.wait_for(1, 10).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, vec!["ana.souza@universidade.example".to_owned()], "normalised address");
    assert_eq!(mails[0].subject(), "Confirme seu e-mail no Puente");
    let link = mails[0].link_containing("/pt/verify/").expect("verification link");
    let token = link.rsplit('/').next().expect("token").to_owned();
    assert!(token.len() >= 43, "≥ 256-bit token");
    let (stored,): (String,) =
        sqlx::query_as("SELECT token_hash FROM email_tokens").fetch_one(&app.pool).await.unwrap();
    assert_ne!(stored, token, "tokens are stored hashed");

    // The link shows a confirmation button; opening it changes nothing.
    let path = url::Url::parse(&link).unwrap().path().to_owned();
    assert_eq!(get(&app, &path, None).await.status().as_u16(), 200);
    let (verified,): (Option<i64>,) =
        sqlx::query_as("SELECT email_verified_at FROM users").fetch_one(&app.pool).await.unwrap();
    assert!(verified.is_none());
    let res = post(&app, &path, &[], None).await;
    assert_eq!(res.status().as_u16(), 303);
    let (verified,): (Option<i64>,) =
        sqlx::query_as("SELECT email_verified_at FROM users").fetch_one(&app.pool).await.unwrap();
    assert!(verified.is_some());
    // Single use.
    let again = post(&app, &path, &[], None).await;
    assert_eq!(again.status().as_u16(), 410);
    assert!(again.text().await.unwrap().contains("Este link já foi usado ou expirou"));
    app.stop().await.unwrap();
}

async fn signup_answers_the_same_for_taken_addresses_and_refuses_bad_input(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    let first = signup(&app, "ana@uni.example", "Ana").await;
    let second = signup(&app, "ANA@uni.example", "Someone Else").await;
    assert_eq!(first.status(), second.status());
    assert_eq!(first.headers()["location"], second.headers()["location"]);
    // The page says the same; the address's owner learns that they already have an account
    // (and where to log in), and no second verification link exists.
    smtp.wait_for(2, 10).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(smtp.count(), 2);
    let exists = smtp.all().pop().unwrap();
    assert!(exists.subject().contains("Você já tem uma conta"), "{}", exists.subject());
    assert!(exists.text().contains("/pt/login") && !exists.text().contains("/verify/"), "{}", exists.text());
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 1);

    let bad = post(
        &app,
        "/es/signup",
        &[
            ("name", " "),
            ("email", "not-an-email"),
            ("password", "password1"),
            ("country", "XX"),
            ("locale", "fr"),
        ],
        None,
    )
    .await;
    assert_eq!(bad.status().as_u16(), 422);
    let body = bad.text().await.unwrap();
    for expected in [
        "Escribe el nombre con el que quieres aparecer.",
        "Esa dirección de correo no parece válida.",
        "Esa contraseña está entre las más usadas",
        "Elige tu país de la lista",
        "Para participar necesitas aceptar el código de conducta.",
    ] {
        assert!(body.contains(expected), "missing: {expected}");
    }
    assert!(!body.contains("password1"), "the password is never echoed back");
    assert!(body.contains("value=\"not-an-email\""), "other values are kept");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 1, "bad input changes nothing");
    app.stop().await.unwrap();
}

async fn login_rotates_sessions_and_logout_ends_them(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    signup_and_verify(&app, &smtp, "ana@uni.example").await;

    for (email, password) in [("ana@uni.example", "wrong password here"), ("nobody@uni.example", PASSWORD)] {
        let res = login(&app, email, password).await;
        assert_eq!(res.status().as_u16(), 422);
        assert!(session_cookie(&res).is_none());
        assert!(res.text().await.unwrap().contains("El correo o la contraseña no son correctos."));
    }

    let res = login(&app, "ANA@uni.example", PASSWORD).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["location"], "/es/account");
    let set = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/"), "{set}");
    assert!(!set.contains("Max-Age"), "without remember-me the cookie ends with the browser");
    let first = session_cookie(&res).unwrap();
    assert!(first.len() >= 43);
    let (stored,): (String,) =
        sqlx::query_as("SELECT token_hash FROM sessions").fetch_one(&app.pool).await.unwrap();
    assert_ne!(stored, first, "session ids are stored hashed");

    let page = get(&app, "/es/account", Some(&first)).await;
    assert_eq!(page.status().as_u16(), 200);
    let body = page.text().await.unwrap();
    assert!(body.contains("ana@uni.example"));
    assert!(!body.contains("<template"), "the sessions list is in the HTML, not streamed for JavaScript");

    // A second login gets a different id; remember-me makes the cookie persistent.
    let res = post(
        &app,
        "/es/login",
        &[("email", "ana@uni.example"), ("password", PASSWORD), ("remember", "yes")],
        None,
    )
    .await;
    let second = session_cookie(&res).unwrap();
    assert_ne!(first, second);
    assert!(res.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=7776000"));

    // Logging out ends that session only; "everywhere" ends the rest.
    let res = post(&app, "/es/logout", &[], Some(&first)).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(get(&app, "/es/account", Some(&first)).await.status().as_u16(), 302);
    assert_eq!(get(&app, "/es/account", Some(&second)).await.status().as_u16(), 200);
    post(&app, "/es/logout", &[("everywhere", "yes")], Some(&second)).await;
    assert_eq!(get(&app, "/es/account", Some(&second)).await.status().as_u16(), 302);
    app.stop().await.unwrap();
}

/// Disabled elsewhere (by another replica, or straight in the database): no new session opens
/// at once, and the open ones end within the seconds a session is kept in memory. Disabled here,
/// by an admin, they end on the very next request (admin.rs).
async fn a_disabled_account_loses_its_sessions(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    signup_and_verify(&app, &smtp, "ana@uni.example").await;
    let cookie = session_cookie(&login(&app, "ana@uni.example", PASSWORD).await).unwrap();
    assert_eq!(get(&app, "/es/account", Some(&cookie)).await.status().as_u16(), 200);
    sqlx::query("UPDATE users SET disabled_at = 1").execute(&app.pool).await.unwrap();
    assert_eq!(login(&app, "ana@uni.example", PASSWORD).await.status().as_u16(), 422);
    tokio::time::sleep(app::accounts::handlers::KnownSessions::TTL + std::time::Duration::from_millis(300))
        .await;
    let res = get(&app, "/es/account", Some(&cookie)).await;
    assert_eq!(res.status().as_u16(), 302, "anonymous once the kept session is out of date");
    app.stop().await.unwrap();
}

async fn next_only_redirects_within_the_site(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    signup_and_verify(&app, &smtp, "ana@uni.example").await;
    for (next, expected) in [
        ("//evil.example/x", "/es/dashboard"),
        ("https://evil.example", "/es/dashboard"),
        ("/\\evil.example", "/es/dashboard"),
        ("/pt/privacy", "/pt/privacy"),
    ] {
        let res = post(
            &app,
            "/es/login",
            &[("email", "ana@uni.example"), ("password", PASSWORD), ("next", next)],
            None,
        )
        .await;
        assert_eq!(res.headers()["location"], expected, "next={next}");
    }
    app.stop().await.unwrap();
}

async fn rate_limits_answer_429_without_locking_out_other_addresses(engine: Engine) {
    let (app, smtp) = app_with_smtp(
        engine,
        &[("PUENTE_RATE_ACCOUNT_PER_15_MIN", "3"), ("PUENTE_RATE_IP_PER_MINUTE", "20")],
    )
    .await;
    signup_and_verify(&app, &smtp, "ana@uni.example").await;
    for _ in 0..3 {
        assert_eq!(login(&app, "ana@uni.example", "wrong password x").await.status().as_u16(), 422);
    }
    let res = login(&app, "ana@uni.example", PASSWORD).await;
    assert_eq!(res.status().as_u16(), 429);
    assert!(res.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
    assert!(res.text().await.unwrap().contains("Demasiados intentos"));
    // The real person, from another address, still gets in.
    let other = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .build()
        .unwrap();
    let res = other
        .post(app.url("/es/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", format!("http://{}", app.addr))
        .body(pairs_to_body(&[("email", "ana@uni.example"), ("password", PASSWORD)]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    // Per-address limit on everything.
    let mut limited = false;
    for _ in 0..25 {
        if login(&app, "x@uni.example", "whatever else").await.status().as_u16() == 429 {
            limited = true;
            break;
        }
    }
    assert!(limited, "one address cannot try without limit");
    app.stop().await.unwrap();
}

async fn emails_survive_an_smtp_outage_and_are_delivered_once(engine: Engine) {
    let (app, mut smtp) = app_with_smtp(engine, &[("PUENTE_RATE_IP_PER_MINUTE", "1000")]).await;
    smtp.down();
    for i in 0..50 {
        assert_eq!(signup(&app, &format!("p{i}@uni.example"), "P").await.status().as_u16(), 303);
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(smtp.count(), 0);
    smtp.up().await;
    let mails = smtp.wait_for(50, 40).await;
    let mut recipients: Vec<String> = mails.iter().flat_map(|m| m.to.clone()).collect();
    recipients.sort();
    let before = recipients.len();
    recipients.dedup();
    assert_eq!(recipients.len(), 50, "every email arrived");
    assert_eq!(before, 50, "none twice");
    let (unsent,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(unsent, 0);
    app.stop().await.unwrap();
}

async fn permanent_failures_become_dead_letters(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    smtp.set_mode(Mode::RejectRecipients);
    signup(&app, "ghost@uni.example", "Ghost").await;
    let mut dead = 0;
    for _ in 0..100 {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE dead_at IS NOT NULL")
            .fetch_one(&app.pool)
            .await
            .unwrap();
        dead = n;
        if dead == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(dead, 1, "a 5xx is not retried forever");
    let (attempts,): (i64,) =
        sqlx::query_as("SELECT attempts FROM outbox").fetch_one(&app.pool).await.unwrap();
    assert_eq!(attempts, 1);
    app.stop().await.unwrap();
}

async fn two_factor_login_with_totp_and_recovery_codes(engine: Engine) {
    // Room for every attempt below in the per-address limits: this test is about the codes.
    let (app, smtp) = app_with_smtp(engine, &[("PUENTE_RATE_ACCOUNT_PER_15_MIN", "50")]).await;
    signup_and_verify(&app, &smtp, "ana@uni.example").await;
    let cookie = session_cookie(&login(&app, "ana@uni.example", PASSWORD).await).unwrap();
    let page = get(&app, "/es/account/2fa", Some(&cookie)).await.text().await.unwrap();
    let secret = page
        .split("data-testid=\"totp-secret\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("secret shown")
        .to_owned();
    assert!(page.contains("<svg"), "QR code shown");
    // The code of the time step `steps` from now (an authenticator shows the next one 30 s later).
    let totp_at = |s: &str, steps: u64| {
        let bytes = totp_rs::Secret::Encoded(s.to_owned()).to_bytes().unwrap();
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes, None, String::new())
            .unwrap()
            .generate(now + 30 * steps)
    };
    let totp = |s: &str| totp_at(s, 0);
    let wrong = post(&app, "/es/account/2fa", &[("code", "000000")], Some(&cookie)).await;
    assert_eq!(wrong.status().as_u16(), 422);
    // Kept as sent: replaying it later must fail even when the clock has moved to the next step.
    let enabling_code = totp(&secret);
    // The code of the step after that one: valid (within one step of skew) until the step after next.
    let next_code = totp_at(&secret, 1);
    let res = post(&app, "/es/account/2fa", &[("code", &enabling_code)], Some(&cookie)).await;
    assert_eq!(res.status().as_u16(), 200);
    let body = res.text().await.unwrap();
    let codes: Vec<String> =
        body.split("<li><code>").skip(1).filter_map(|s| s.split('<').next()).map(str::to_owned).collect();
    assert_eq!(codes.len(), 10);
    // The database never holds a usable secret: it is sealed with the server's key.
    let (stored,): (String,) =
        sqlx::query_as("SELECT totp_secret FROM users").fetch_one(&app.pool).await.unwrap();
    assert!(stored.starts_with("v1:") && !stored.contains(&secret), "{stored}");
    post(&app, "/es/logout", &[], Some(&cookie)).await;

    // Password alone now only reaches the code step.
    let res = login(&app, "ana@uni.example", PASSWORD).await;
    assert_eq!(res.status().as_u16(), 303);
    assert!(res.headers()["location"].to_str().unwrap().starts_with("/es/login/code"));
    let pending = session_cookie(&res).unwrap();
    assert_eq!(get(&app, "/es/account", Some(&pending)).await.status().as_u16(), 302, "not logged in yet");
    // The code that turned two-step login on was spent then: it cannot be replayed.
    let replay =
        post(&app, "/es/login/code", &[("code", &enabling_code), ("next", "/es/account")], Some(&pending))
            .await;
    assert_eq!(replay.status().as_u16(), 422, "a code works once");
    let res =
        post(&app, "/es/login/code", &[("code", &next_code), ("next", "/es/account")], Some(&pending)).await;
    assert_eq!(res.status().as_u16(), 303);
    let full = session_cookie(&res).unwrap();
    assert_ne!(full, pending, "the id rotates when the second factor is passed");
    assert_eq!(get(&app, "/es/account", Some(&full)).await.status().as_u16(), 200);

    // A recovery code works once.
    for expected in [303, 422] {
        let res = login(&app, "ana@uni.example", PASSWORD).await;
        let pending = session_cookie(&res).unwrap();
        let res =
            post(&app, "/es/login/code", &[("code", &codes[0]), ("next", "/es/account")], Some(&pending))
                .await;
        assert_eq!(res.status().as_u16(), expected);
    }

    // A pending sign-in gets five wrong codes, then it ends and the password is asked again.
    let res = login(&app, "ana@uni.example", PASSWORD).await;
    let pending = session_cookie(&res).unwrap();
    for _ in 0..4 {
        let res = post(&app, "/es/login/code", &[("code", "000000")], Some(&pending)).await;
        assert_eq!(res.status().as_u16(), 422);
    }
    let res = post(&app, "/es/login/code", &[("code", "000000")], Some(&pending)).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["location"], "/es/login?codes=1");
    let res = post(&app, "/es/login/code", &[("code", &totp_at(&secret, 1))], Some(&pending)).await;
    assert_eq!(res.headers()["location"], "/es/login", "that sign-in is over, even with a right code");
    app.stop().await.unwrap();
}

/// The server key can be rotated: the new key seals, the old one still opens until everything
/// is sealed anew (at start, or with `puente keys rotate`).
async fn totp_secrets_survive_a_key_rotation(engine: Engine) {
    use base64::Engine as _;
    let b64 = |b: u8| base64::engine::general_purpose::STANDARD.encode([b; 32]);
    let (old, new) = (b64(1), b64(2));
    let (app, smtp) = app_with_smtp(engine, &[("PUENTE_SECRET_KEY", old.as_str())]).await;
    signup_and_verify(&app, &smtp, "ana@uni.example").await;
    let cookie = session_cookie(&login(&app, "ana@uni.example", PASSWORD).await).unwrap();
    let page = get(&app, "/es/account/2fa", Some(&cookie)).await.text().await.unwrap();
    let secret = page
        .split("data-testid=\"totp-secret\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap()
        .to_owned();
    let code = crate::admin::totp_at(&secret, 0);
    assert_eq!(post(&app, "/es/account/2fa", &[("code", &code)], Some(&cookie)).await.status().as_u16(), 200);
    let smtp_url = smtp.url();
    let url = app.database_url.clone();
    let _data = app.stop_keeping_data().await;
    let app = crate::helpers::spawn_app_on(
        &url,
        &[
            ("PUENTE_SECRET_KEY", new.as_str()),
            ("PUENTE_SECRET_KEYS_OLD", old.as_str()),
            ("PUENTE_SMTP_URL", smtp_url.as_str()),
        ],
    )
    .await;
    let keys =
        app::kernel::secrets::Secrets::load(Some(&new), std::path::Path::new("/nonexistent"), &[]).unwrap();
    let (stored,): (String,) =
        sqlx::query_as("SELECT totp_secret FROM users").fetch_one(&app.pool).await.unwrap();
    assert!(keys.is_current(&stored), "sealed anew with the new key at start");
    assert_eq!(keys.open(&stored).unwrap(), secret);
    // And the second factor still works.
    let pending = session_cookie(&login(&app, "ana@uni.example", PASSWORD).await).unwrap();
    let res =
        post(&app, "/es/login/code", &[("code", &crate::admin::totp_at(&secret, 1))], Some(&pending)).await;
    assert_eq!(res.status().as_u16(), 303);
    app.stop().await.unwrap();
}

/// Every password confirmation is limited: deleting an account cannot be used to guess the
/// password without end.
async fn password_confirmations_are_limited(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[("PUENTE_RATE_ACCOUNT_PER_15_MIN", "3")]).await;
    signup_and_verify(&app, &smtp, "ana@uni.example").await;
    let cookie = session_cookie(&login(&app, "ana@uni.example", PASSWORD).await).unwrap();
    for form in ["/es/account/delete", "/es/account/password", "/es/account/email"] {
        let mut statuses = Vec::new();
        for _ in 0..4 {
            let res = post(
                &app,
                form,
                &[
                    ("password", "a wrong guess"),
                    ("current", "a wrong guess"),
                    ("new", "otra frase larga"),
                    ("email", "x@y.example"),
                    ("confirm", "yes"),
                ],
                Some(&cookie),
            )
            .await;
            statuses.push(res.status().as_u16());
        }
        assert_eq!(statuses, vec![422, 422, 422, 429], "{form}");
    }
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users WHERE deleted_at IS NULL")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
    app.stop().await.unwrap();
}

/// Behind a trusted proxy that must also send a secret, a forged `X-Forwarded-For` without it
/// (what a notebook on the same machine could send) is not believed.
async fn forwarded_addresses_need_the_proxy_secret(engine: Engine) {
    let secret = "p".repeat(40);
    let (app, smtp) = app_with_smtp(
        engine,
        &[("PUENTE_TRUSTED_PROXIES", "127.0.0.1"), ("PUENTE_TRUSTED_PROXY_SECRET", secret.as_str())],
    )
    .await;
    signup_and_verify(&app, &smtp, "ana@uni.example").await;
    let login_from = |xff: &'static str, with_secret: bool| {
        let mut req = app
            .client
            .post(app.url("/es/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", format!("http://{}", app.addr))
            .header("X-Forwarded-For", xff)
            .body(pairs_to_body(&[("email", "ana@uni.example"), ("password", PASSWORD)]));
        if with_secret {
            req = req.header("X-Puente-Proxy-Secret", secret.clone());
        }
        req.send()
    };
    let forged = session_cookie(&login_from("198.51.100.7", false).await.unwrap()).unwrap();
    let real = session_cookie(&login_from("203.0.113.9", true).await.unwrap()).unwrap();
    let page = get(&app, "/es/account", Some(&real)).await.text().await.unwrap();
    assert!(page.contains("203.0.113.9"), "the proxy's word is taken with the secret");
    assert!(!page.contains("198.51.100.7"), "and not without it");
    let _ = forged;
    app.stop().await.unwrap();
}

async fn https_deployments_use_host_prefixed_secure_cookies(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[("PUENTE_PUBLIC_URL", "https://puente.example.org")]).await;
    assert_eq!(signup(&app, "ana@uni.example", "Ana").await.status().as_u16(), 303);
    let mails = smtp.wait_for(1, 10).await;
    let link = mails[0].link_containing("/verify/").unwrap();
    assert!(link.starts_with("https://puente.example.org/pt/verify/"), "links use the public URL");
    let res = post(&app, "/es/login", &[("email", "ana@uni.example"), ("password", PASSWORD)], None).await;
    let set = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set.starts_with("__Host-puente_session="), "{set}");
    assert!(set.contains("; Secure"));
    app.stop().await.unwrap();
}

both_engines!(
    password_confirmations_are_limited,
    forwarded_addresses_need_the_proxy_secret,
    totp_secrets_survive_a_key_rotation,
    signup_sends_a_translated_verification_email_over_smtp,
    signup_answers_the_same_for_taken_addresses_and_refuses_bad_input,
    login_rotates_sessions_and_logout_ends_them,
    a_disabled_account_loses_its_sessions,
    next_only_redirects_within_the_site,
    rate_limits_answer_429_without_locking_out_other_addresses,
    emails_survive_an_smtp_outage_and_are_delivered_once,
    permanent_failures_become_dead_letters,
    two_factor_login_with_totp_and_recovery_codes,
    https_deployments_use_host_prefixed_secure_cookies,
);
