//! Every form in Puente, sent with bad input: the same page comes back, in the site's layout,
//! with a translated message and the fields kept; never a 404 page, never a bare text page.
//!
//! The forms are found by reading the pages people see (visitor, learner, admin), so a new form
//! is covered the day it ships.

use crate::accounts::{app_with_smtp, get, login, post, session_cookie, signup_and_verify, PASSWORD};
use crate::admin::admin_session;
use crate::both_engines;
use crate::helpers::{Engine, TestApp};

/// One `<form method="post">` as a page renders it.
#[derive(Debug, Clone)]
struct FormSpec {
    page: String,
    action: String,
    /// (name, type, value) of every input, select and textarea.
    fields: Vec<(String, String, String)>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'"))
}

/// The post forms of a page.
fn forms(page: &str, html: &str) -> Vec<FormSpec> {
    let mut out = Vec::new();
    for chunk in html.split("<form").skip(1) {
        let Some(end) = chunk.find("</form>") else { continue };
        let body = &chunk[..end];
        let open = &body[..body.find('>').unwrap_or(0)];
        if attr(open, "method").as_deref() != Some("post") {
            continue;
        }
        let Some(action) = attr(open, "action") else { continue };
        let mut fields = Vec::new();
        for (tag_name, default_kind) in [("<input", "text"), ("<select", "select"), ("<textarea", "textarea")]
        {
            for piece in body.split(tag_name).skip(1) {
                let tag = &piece[..piece.find('>').unwrap_or(piece.len())];
                let Some(name) = attr(tag, "name") else { continue };
                let kind = attr(tag, "type").unwrap_or_else(|| default_kind.to_owned());
                fields.push((name, kind, attr(tag, "value").unwrap_or_default()));
            }
        }
        out.push(FormSpec { page: page.to_owned(), action, fields });
    }
    out
}

/// The fields a person types or picks (not hidden, not buttons).
fn editable(kind: &str) -> bool {
    !matches!(kind, "hidden" | "submit" | "button")
}

/// A bad submission: every typed field is nonsense, every choice is outside its list, every box
/// unticked. Hidden fields stay as the page gave them, except in forms with nothing to type
/// (a button), whose hidden fields are tampered with instead (the anti-forgery token stays).
fn bad_input(form: &FormSpec) -> Vec<(String, String)> {
    let button_only = !form.fields.iter().any(|(_, k, _)| editable(k));
    let mut pairs = Vec::new();
    for (name, kind, value) in &form.fields {
        match kind.as_str() {
            "hidden" if button_only && name != "csrf" => {
                pairs.push((name.clone(), "zz-tampered/../x".to_owned()))
            }
            "hidden" => pairs.push((name.clone(), value.clone())),
            "checkbox" | "radio" | "submit" | "button" => {}
            "select" => pairs.push((name.clone(), "zz-not-a-choice".to_owned())),
            "password" => pairs.push((name.clone(), "short".to_owned())),
            _ => pairs.push((name.clone(), "x".to_owned())),
        }
    }
    pairs
}

async fn send(
    app: &TestApp,
    action: &str,
    pairs: &[(String, String)],
    cookie: Option<&str>,
) -> reqwest::Response {
    let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    post(app, action, &refs, cookie).await
}

/// Asserts the answer is a full page of the site, in its layout.
fn assert_full_page(form: &FormSpec, status: u16, content_type: &str, body: &str) {
    assert!(content_type.starts_with("text/html"), "{} → {status} {content_type}: {body}", form.action);
    assert!(body.contains("<main id=\"main\""), "{} answered without the site's layout: {body}", form.action);
}

async fn every_form_answers_bad_input_on_its_own_page(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[("PUENTE_RATE_IP_PER_MINUTE", "1000")]).await;
    signup_and_verify(&app, &smtp, "ana@uni.example").await;
    let learner = session_cookie(&login(&app, "ana@uni.example", PASSWORD).await).unwrap();
    let admin = admin_session(&app, &smtp, "admin@uni.example").await;
    // Half-way through a two-step login: the code form.
    let pending = session_cookie(&login(&app, "admin@uni.example", PASSWORD).await).unwrap();

    let visitor_pages = [
        "/es/",
        "/es/signup",
        "/es/login",
        "/es/password/forgot",
        "/es/password/reset/not-a-token",
        "/es/verify/not-a-token",
        "/es/email/confirm/not-a-token",
        "/es/courses/desktop-to-cluster/06-slurm",
    ];
    let learner_pages = [
        "/es/account",
        "/es/account/2fa",
        "/es/conduct/accept",
        "/es/dashboard",
        "/es/notebooks",
        "/es/courses/desktop-to-cluster/06-slurm",
    ];
    let admin_pages = [
        "/es/admin/users",
        "/es/admin/outbox",
        "/es/admin/notebooks",
        "/es/account/2fa",
        "/es/governance/new",
    ];
    let mut found: Vec<(FormSpec, Option<String>)> = Vec::new();
    for (pages, cookie) in [
        (&visitor_pages[..], None),
        (&learner_pages[..], Some(learner.clone())),
        (&admin_pages[..], Some(admin.clone())),
        (&["/es/login/code"][..], Some(pending.clone())),
    ] {
        for page in pages {
            let res = get(&app, page, cookie.as_deref()).await;
            assert_eq!(res.status().as_u16(), 200, "{page}");
            let html = res.text().await.unwrap();
            for f in forms(page, &html) {
                found.push((f, cookie.clone()));
            }
        }
    }
    let actions: Vec<&str> = found.iter().map(|(f, _)| f.action.as_str()).collect();
    for expected in [
        "/es/signup",
        "/es/login",
        "/es/password/forgot",
        "/es/account/profile",
        "/es/account/password",
        "/es/account/email",
        "/es/account/delete",
        "/es/account/2fa",
        "/es/conduct/accept",
        "/es/notebooks/launch",
        "/es/login/code",
        "/es/account/2fa/disable",
    ] {
        assert!(actions.contains(&expected), "the crawl found no {expected} form: {actions:?}");
    }

    let mut with_fields = 0;
    for (form, cookie) in &found {
        // Forms that end something by design (log out) are not "bad input" cases.
        if form.action.ends_with("/logout") {
            continue;
        }
        let typed: Vec<&(String, String, String)> =
            form.fields.iter().filter(|(_, k, _)| editable(k)).collect();
        let res = send(&app, &form.action, &bad_input(form), cookie.as_deref()).await;
        let status = res.status().as_u16();
        let content_type =
            res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        if (300..400).contains(&status) {
            // Only forms without anything to type may simply go on (a button: resend, stop…).
            assert!(typed.is_empty(), "{} accepted bad input ({status})", form.action);
            continue;
        }
        let body = res.text().await.unwrap();
        assert_full_page(form, status, &content_type, &body);
        if typed.is_empty() {
            continue;
        }
        assert!(
            !body.contains("<h1>Página no encontrada</h1>"),
            "{} answered the not-found page",
            form.action
        );
        with_fields += 1;
        assert!(matches!(status, 409 | 410 | 422 | 429), "{} answered {status} to bad input", form.action);
        assert!(
            body.contains("class=\"error\"")
                || body.contains("notice problem")
                || body.contains("role=\"alert\""),
            "{}: no message about the problem: {body}",
            form.action
        );
        // The same form is on the page again …
        assert!(
            body.contains(&format!("action=\"{}\"", form.action)),
            "{}: not the same page: {body}",
            form.action
        );
        // … with what was typed, except passwords and codes.
        let again = forms(&form.page, &body).into_iter().find(|f| f.action == form.action).unwrap();
        for (name, kind, _) in typed {
            if matches!(kind.as_str(), "text" | "email" | "search") && !name.contains("code") {
                let kept = again.fields.iter().find(|(n, _, _)| n == name).map(|(_, _, v)| v.as_str());
                assert_eq!(kept, Some("x"), "{}: the field {name} was not kept", form.action);
            }
        }
    }
    assert!(with_fields >= 10, "only {with_fields} forms with fields were tried");
    app.stop().await.unwrap();
}

both_engines!(every_form_answers_bad_input_on_its_own_page);
