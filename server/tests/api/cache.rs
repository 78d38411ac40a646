//! Pages shared by every anonymous reader: rendered once, compressed once, served from memory,
//! byte for byte what a fresh render gives; never to a signed-in reader; made again after a
//! write (a forum reply) and after the lessons reload.

use crate::accounts::{get, post};
use crate::both_engines;
use crate::cohorts::{app, learner};
use crate::helpers::{spawn_app, spawn_app_with, Engine, TestApp};
use base64::Engine as _;
use sha2::Digest;
use std::io::Read;
use std::time::Duration;

const EPISODE: &str = "/pt/courses/desktop-to-cluster/06-slurm";

struct Got {
    status: u16,
    headers: reqwest::header::HeaderMap,
    /// The body after undoing its content-encoding.
    body: Vec<u8>,
}

impl Got {
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    fn text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("utf-8 page")
    }
}

async fn fetch(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Got {
    let mut req = app.client.get(app.url(path));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().await.expect("request");
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let raw = res.bytes().await.expect("body").to_vec();
    let mut body = Vec::new();
    match headers.get("content-encoding").and_then(|v| v.to_str().ok()) {
        Some("br") => brotli::BrotliDecompress(&mut &raw[..], &mut body).expect("brotli"),
        Some("gzip") => {
            flate2::read::GzDecoder::new(&raw[..]).read_to_end(&mut body).expect("gzip");
        }
        None => body = raw,
        Some(other) => panic!("unexpected encoding {other}"),
    }
    Got { status, headers, body }
}

/// Asks until the page comes from memory in its brotli form (compressed off the request path).
async fn shared(app: &TestApp, path: &str) -> Got {
    for _ in 0..200 {
        let got = fetch(app, path, &[("accept-encoding", "gzip, br")]).await;
        // Until then, the compression layer compresses the identity form (a weak validator).
        if got.header("x-puente-cache") == "hit"
            && !got.header("etag").starts_with("W/")
            && got.header("content-encoding") == "br"
        {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{path} never came from memory compressed");
}

fn without_nonces(page: &str) -> String {
    let re = regex::Regex::new(r#" nonce="[^"]*""#).unwrap();
    re.replace_all(page, "").into_owned()
}

/// The page without what differs between two responses to one reader: nonces and, without the
/// anti-forgery cookie sent back, the token of each response.
fn without_per_response_values(page: &str) -> String {
    let re = regex::Regex::new(r#"name="csrf" value="[^"]*""#).unwrap();
    re.replace_all(&without_nonces(page), "").into_owned()
}

/// The inline script a page carries, allowed by its hash in the page's policy.
fn inline_script_is_allowed_by_hash(page: &str, csp: &str) {
    let start =
        page.find("<script type=\"module\">").expect("the island loader") + "<script type=\"module\">".len();
    let end = start + page[start..].find("</script>").unwrap();
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&page[start..end]));
    assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp} allows the loader by its hash");
    assert!(!csp.contains("nonce-") && !csp.contains("unsafe-inline"), "{csp}");
}

async fn shared_pages_are_made_once_and_equal_a_fresh_render(engine: Engine) {
    let app = spawn_app(engine).await;
    for path in [
        "/es/",
        "/es/courses",
        "/pt/courses/desktop-to-cluster",
        EPISODE,
        "/en/glossary",
        "/es/conduct",
        "/pt/privacy",
    ] {
        // The first reader's page is rendered for everyone: no nonce, no cookie.
        let first = fetch(&app, path, &[]).await;
        assert_eq!((first.status, first.header("x-puente-cache")), (200, "miss"), "{path}");
        assert!(first.headers.get("set-cookie").is_none(), "{path} hands out no cookie");
        assert_eq!(
            first.header("cache-control"),
            "public, max-age=0, s-maxage=60, stale-while-revalidate=30"
        );
        assert_eq!(first.header("vary"), "accept-encoding, cookie", "{path}");
        let page = first.text().to_owned();
        assert!(!page.contains("nonce="), "{path}");
        assert!(page.ends_with("</html>") && !page.contains("<!>"), "{path}: no hydration residue");
        inline_script_is_allowed_by_hash(&page, first.header("content-security-policy"));

        // From memory, in each encoding, the same bytes.
        let br = shared(&app, path).await;
        assert_eq!(br.body, first.body, "{path}: brotli");
        let etag = br.header("etag").to_owned();
        assert!(etag.starts_with('"') && etag.ends_with("-br\""), "strong validator {etag}");
        let gz = fetch(&app, path, &[("accept-encoding", "gzip")]).await;
        assert_eq!((gz.header("content-encoding"), gz.header("x-puente-cache")), ("gzip", "hit"));
        assert_eq!(gz.body, first.body, "{path}: gzip");
        let plain = fetch(&app, path, &[]).await;
        assert_eq!((plain.header("x-puente-cache"), plain.body.as_slice()), ("hit", first.body.as_slice()));
        inline_script_is_allowed_by_hash(plain.text(), plain.header("content-security-policy"));

        // A revalidation costs a 304 and no body, whichever form the client kept.
        for tag in [etag.as_str(), gz.header("etag"), plain.header("etag")] {
            let again = fetch(&app, path, &[("accept-encoding", "gzip, br"), ("if-none-match", tag)]).await;
            assert_eq!((again.status, again.body.len()), (304, 0), "{path} {tag}");
        }
        let other = fetch(&app, path, &[("if-none-match", "\"something-else\"")]).await;
        assert_eq!(other.status, 200);

        // A render that skips the shared copy (a query string) differs only by its nonce.
        let fresh = fetch(&app, &format!("{path}?fresh=1"), &[]).await;
        assert!(fresh.header("x-puente-cache").is_empty(), "{path}?fresh=1 is not shared");
        assert!(fresh.header("content-security-policy").contains("'nonce-"));
        assert_eq!(without_nonces(fresh.text()), page, "{path}: shared page = fresh render");
    }
    // HEAD answers like GET, without the body.
    let head = app.client.head(app.url("/es/")).send().await.unwrap();
    assert_eq!((head.status().as_u16(), head.headers()["x-puente-cache"].to_str().unwrap()), (200, "hit"));
    // Assets and probes go around sessions entirely: never a cookie.
    for path in ["/healthz", "/favicon.svg", "/style/puente.css"] {
        let got = fetch(&app, path, &[("accept-encoding", "br")]).await;
        assert_eq!(got.status, 200, "{path}");
        assert!(got.headers.get("set-cookie").is_none(), "{path} goes around the session layer");
    }
    let metrics = fetch(&app, "/metrics", &[]).await;
    assert!(metrics.text().contains("puente_page_cache_pages 7"), "{}", metrics.text());
    app.stop().await.expect("clean stop");
}

async fn signed_in_readers_never_get_the_shared_page(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let ana = learner(&app, &smtp, "ana@uni.example").await;
    let anonymous = shared(&app, EPISODE).await;
    let etag = anonymous.header("etag").to_owned();
    for _ in 0..3 {
        let mine = get(&app, EPISODE, Some(&ana)).await;
        assert_eq!(mine.status().as_u16(), 200);
        assert!(mine.headers().get("x-puente-cache").is_none());
        assert_eq!(mine.headers()["cache-control"], "no-cache, private");
        assert!(mine.headers()["content-security-policy"].to_str().unwrap().contains("'nonce-"));
        let page = mine.text().await.unwrap();
        assert!(page.contains("/pt/logout"), "Ana's own page, with her logout");
        // Even when her browser offers the shared copy's validator.
        let revalidate = app
            .client
            .get(app.url(EPISODE))
            .header("cookie", format!("puente_session={ana}"))
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(revalidate.status().as_u16(), 200, "no 304 from the shared copy");
    }
    // Her page in gzip splices the episode's body (compressed once) between her own parts:
    // the same page as uncompressed, byte for byte apart from each response's nonce.
    let cookie = format!("puente_session={ana}");
    let gz = fetch(&app, EPISODE, &[("cookie", &cookie), ("accept-encoding", "gzip, br")]).await;
    assert_eq!(gz.header("content-encoding"), "gzip");
    let plain = fetch(&app, EPISODE, &[("cookie", &cookie)]).await;
    assert!(plain.header("content-encoding").is_empty());
    assert_eq!(without_per_response_values(gz.text()), without_per_response_values(plain.text()));
    let body_start = anonymous.text().find("<div class=\"lesson-body\">").unwrap();
    let body = &anonymous.text()[body_start..body_start + 2000];
    assert!(gz.text().contains(body) && !gz.text().contains("puente-fragment"), "the body is spliced in");
    // Any session cookie, under either name, keeps a request off the shared copy.
    let host = fetch(&app, EPISODE, &[("cookie", "__Host-puente_session=whatever")]).await;
    assert!(host.header("x-puente-cache").is_empty());
    // The shared copy never saw her.
    let after = shared(&app, EPISODE).await;
    assert!(!after.text().contains("/pt/logout") && !after.text().contains("Ana"));
    assert_eq!(after.body, anonymous.body);
    app.stop().await.expect("clean stop");
}

async fn a_forum_reply_renews_the_topic_and_its_episode(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let ana = learner(&app, &smtp, "ana@uni.example").await;
    let res = get(&app, "/es/forum/discuss/desktop-to-cluster/01-what-is-a-cluster", Some(&ana)).await;
    assert_eq!(res.status().as_u16(), 303);
    let topic = res.headers()["location"].to_str().unwrap().to_owned();
    let episode = "/es/courses/desktop-to-cluster/01-what-is-a-cluster";
    let before = shared(&app, &topic).await;
    let episode_before = shared(&app, episode).await;
    let text = "Una respuesta que todo lector debe ver enseguida";
    assert!(!before.text().contains(text));
    let res = post(&app, &format!("{topic}/reply"), &[("body", text)], Some(&ana)).await;
    assert_eq!(res.status().as_u16(), 303);
    let after = fetch(&app, &topic, &[]).await;
    assert_eq!(after.header("x-puente-cache"), "miss", "the reply made the topic's copy old");
    assert!(after.text().contains(text), "anonymous readers see the reply at once");
    let episode_after = fetch(&app, episode, &[]).await;
    assert_eq!(episode_after.header("x-puente-cache"), "miss");
    assert_ne!(episode_after.body, episode_before.body, "the episode's reply count moved");
    app.stop().await.expect("clean stop");
}

/// A signed-in reader's session, person, progress and reply count are read once and kept: the
/// next page asks the database nothing. Any write in this process forgets them at once; what
/// changes elsewhere (another replica) shows within the kept copy's few seconds.
async fn a_signed_in_reader_is_read_once_and_forgotten_at_the_next_write(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let ana = learner(&app, &smtp, "ana@uni.example").await;
    let page = |cookie: String| {
        let app = &app;
        async move { get(app, EPISODE, Some(&cookie)).await.text().await.unwrap() }
    };
    let first = page(ana.clone()).await;
    assert!(first.contains("/pt/logout") && first.contains("name=\"done\" value=\"yes\""));
    // Another replica renames her and marks the episode done: this process does not ask again.
    rename(&app, "ana@uni.example", "Zé Outra Réplica").await;
    let kept = page(ana.clone()).await;
    assert!(!kept.contains("Zé Outra Réplica"), "the person is kept, not read again");
    // A write here (she marks the episode done) forgets every kept read at once.
    let done = post(&app, &format!("{EPISODE}/done"), &[("done", "yes")], Some(&ana)).await;
    assert_eq!(done.status().as_u16(), 303);
    let after = page(ana.clone()).await;
    assert!(after.contains("Zé Outra Réplica"), "read again after a write");
    assert!(after.contains("name=\"done\" value=\"no\""), "her progress too");
    // A log-out here ends the session on the very next request, kept or not.
    let other = crate::accounts::login(&app, "ana@uni.example", crate::accounts::PASSWORD).await;
    let other = crate::accounts::session_cookie(&other).unwrap();
    assert!(page(other.clone()).await.contains("/pt/logout"));
    assert_eq!(post(&app, "/pt/logout", &[], Some(&other)).await.status().as_u16(), 303);
    let gone = get(&app, EPISODE, Some(&other)).await;
    let cleared = gone
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|v| v.to_str().unwrap().starts_with("puente_session=;"));
    assert!(cleared, "the dead session's cookie is cleared");
    assert!(!gone.text().await.unwrap().contains("/pt/logout"), "logged out at once");
    // A session ended elsewhere (another replica, straight in the database) ends here within
    // the kept copy's time.
    assert!(page(ana.clone()).await.contains("/pt/logout"));
    sqlx::query("DELETE FROM sessions").execute(&app.pool).await.unwrap();
    tokio::time::sleep(app::accounts::handlers::KnownSessions::TTL + Duration::from_millis(300)).await;
    assert!(
        !page(ana.clone()).await.contains("/pt/logout"),
        "ended within {:?}",
        app::accounts::handlers::KnownSessions::TTL
    );
    app.stop().await.expect("clean stop");
}

/// Visits not recorded again (the episode opened last, within a minute) never reorder
/// "continue where you left off".
async fn repeated_visits_keep_the_order_of_visits(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let ana = learner(&app, &smtp, "ana@uni.example").await;
    let course = "/es/courses/desktop-to-cluster";
    for episode in ["01-what-is-a-cluster", "02-the-shell", "02-the-shell", "01-what-is-a-cluster"] {
        let res = get(&app, &format!("{course}/{episode}"), Some(&ana)).await;
        assert_eq!(res.status().as_u16(), 200, "{episode}");
    }
    let seen: Vec<(String, i64)> = sqlx::query_as(
        "SELECT episode, seen_seq FROM lesson_progress p JOIN users u ON u.id = p.user_id \
         WHERE u.email = 'ana@uni.example' ORDER BY seen_seq",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let order: Vec<&str> = seen.iter().map(|(e, _)| e.as_str()).collect();
    assert_eq!(order, ["02-the-shell", "01-what-is-a-cluster"], "the last visit is the first episode");
    assert_eq!(seen[1].1, 3, "three visits recorded: the repeated one was not");
    let dashboard = get(&app, "/es/dashboard", Some(&ana)).await.text().await.unwrap();
    let resume = dashboard.split("class=\"card\"").nth(1).unwrap_or(&dashboard);
    assert!(resume.contains(&format!("{course}/01-what-is-a-cluster")), "continue where she was last");
    app.stop().await.expect("clean stop");
}

/// A burst of first visits (nothing about the reader kept yet, her visit to record) is answered
/// in full: the page waits for no data while rendering, and nothing holds the database's
/// connections (a render that awaited them in place stalled until the pool gave up).
async fn a_burst_of_first_visits_is_answered_in_full(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let ana = learner(&app, &smtp, "ana@uni.example").await;
    let path = "/pt/courses/desktop-to-cluster/06-slurm";
    let pages = futures::future::join_all((0..32).map(|_| async {
        let res = get(&app, path, Some(&ana)).await;
        (res.status().as_u16(), res.text().await.unwrap_or_default())
    }))
    .await;
    for (status, page) in &pages {
        assert_eq!(*status, 200);
        assert!(page.contains("id=\"done\"") && page.contains("Ana"), "her own page, with her progress form");
    }
    let visits: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM lesson_progress p JOIN users u ON u.id = p.user_id \
         WHERE u.email = 'ana@uni.example' AND p.episode = '06-slurm'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(visits, 1);
    app.stop().await.expect("clean stop");
}

/// Renames a person straight in the database, as another replica (or an admin's tool) would.
async fn rename(app: &TestApp, email: &str, name: &str) {
    sqlx::query("UPDATE users SET display_name = $1 WHERE email = $2")
        .bind(name)
        .bind(email)
        .execute(&app.pool)
        .await
        .unwrap();
}

/// What a signed-in reader's episode page must be, made from a template or not: the page Leptos
/// renders for her (asked with a query, which no template serves), with her own name, token and
/// nonce, and nothing of anybody else.
async fn her_page(app: &TestApp, path: &str, session: &str, name: &str) -> Got {
    let cookie = format!("puente_session={session}");
    let got = fetch(app, path, &[("cookie", &cookie), ("accept-encoding", "gzip")]).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.header("content-encoding"), "gzip");
    let page = got.text();
    let token = got
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.strip_prefix("puente_csrf="))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned())
        .next()
        .expect("a new anti-forgery token");
    let forms = page.matches("name=\"csrf\" value=\"").count();
    assert!(forms >= 3, "log-out, notebook and progress forms");
    assert_eq!(
        page.matches(&format!("name=\"csrf\" value=\"{token}\"")).count(),
        forms,
        "her token in every form"
    );
    let nonce =
        got.header("content-security-policy").split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
    assert!(page.contains(&format!("nonce=\"{nonce}\"")), "the response's own nonce");
    let escaped = name.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    assert!(page.contains(&format!(">{escaped}</a>")), "her name, escaped");
    let full = fetch(app, &format!("{path}?full"), &[("cookie", &cookie)]).await;
    assert!(full.header("x-puente-template").is_empty(), "a query is rendered in full");
    assert_eq!(without_per_response_values(page), without_per_response_values(full.text()));
    got
}

/// Signed-in episode pages come from a template per shape (roles, progress, reply count,
/// content), filled with each reader's own values: byte for byte the page rendered for her.
async fn signed_in_episodes_come_from_templates_equal_to_a_full_render(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let ana = learner(&app, &smtp, "ana@uni.example").await;
    let bea = learner(&app, &smtp, "bea@uni.example").await;
    let tina = crate::cohorts::privileged(&app, &smtp, "tina@uni.example", "trainer").await;
    let hostile = "Ana <script>alert(1)</script> & \"co\"";
    for (email, name) in
        [("ana@uni.example", hostile), ("bea@uni.example", "Bea"), ("tina@uni.example", "Tina")]
    {
        rename(&app, email, name).await;
    }
    let a = her_page(&app, EPISODE, &ana, hostile).await;
    assert_eq!(a.header("x-puente-template"), "miss");
    assert!(!a.text().contains("<script>alert(1)"));
    let a = her_page(&app, EPISODE, &ana, hostile).await;
    assert_eq!(a.header("x-puente-template"), "hit");
    // Bea reads the page made from Ana's shape: her own values, none of Ana's.
    let b = her_page(&app, EPISODE, &bea, "Bea").await;
    assert_eq!(b.header("x-puente-template"), "hit", "same shape: two learners, nothing done");
    assert!(!b.text().contains("alert(1)") && !b.text().contains("ana@uni.example"));
    // A trainer's shape has the instructor notes; a learner's never.
    let notes = "faça a submissão ao vivo";
    let t = her_page(&app, EPISODE, &tina, "Tina").await;
    assert_eq!(t.header("x-puente-template"), "miss", "a trainer is another shape");
    assert!(t.text().contains(notes));
    assert!(!her_page(&app, EPISODE, &bea, "Bea").await.text().contains(notes));
    // Her progress is part of the shape: done, she gets the page that says so; Bea does not.
    let done = post(&app, &format!("{EPISODE}/done"), &[("done", "yes")], Some(&ana)).await;
    assert_eq!(done.status().as_u16(), 303);
    let a = her_page(&app, EPISODE, &ana, hostile).await;
    assert_eq!(a.header("x-puente-template"), "miss");
    assert!(a.text().contains("name=\"done\" value=\"no\""));
    assert!(her_page(&app, EPISODE, &bea, "Bea").await.text().contains("name=\"done\" value=\"yes\""));
    // So is the reply count: a new reply, and the next page counts it.
    let res = get(&app, "/pt/forum/discuss/desktop-to-cluster/06-slurm", Some(&bea)).await;
    let topic = res.headers()["location"].to_str().unwrap().to_owned();
    let before = her_page(&app, EPISODE, &bea, "Bea").await;
    let res =
        post(&app, &format!("{topic}/reply"), &[("body", "Uma resposta para contar")], Some(&bea)).await;
    assert_eq!(res.status().as_u16(), 303);
    let after = her_page(&app, EPISODE, &bea, "Bea").await;
    assert_eq!(after.header("x-puente-template"), "miss");
    assert_ne!(without_per_response_values(before.text()), without_per_response_values(after.text()));
    // A new name shows on the next page, from the same template.
    rename(&app, "bea@uni.example", "Beatriz Nova").await;
    let res = post(&app, &format!("{EPISODE}/done"), &[("done", "no")], Some(&ana)).await;
    assert_eq!(res.status().as_u16(), 303, "any write here forgets the kept person");
    let renamed = her_page(&app, EPISODE, &bea, "Beatriz Nova").await;
    assert_eq!(renamed.header("x-puente-template"), "hit");
    // Operators see them: four shapes made (a learner's, a trainer's, done, one more reply), none
    // refused, all four kept.
    let metrics = fetch(&app, "/metrics", &[]).await;
    for line in [
        "puente_page_template_misses_total 4\n",
        "puente_page_template_refusals_total 0\n",
        "puente_page_templates 4\n",
    ] {
        assert!(metrics.text().contains(line), "{line} in {}", metrics.text());
    }
    app.stop().await.expect("clean stop");
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[tokio::test]
async fn a_content_reload_renews_shared_pages() {
    let content = tempfile_dir();
    copy_tree(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../content")), &content);
    let dir = content.display().to_string();
    let app =
        spawn_app_with(Engine::Sqlite, &[("PUENTE_CONTENT_DIR", &dir), ("PUENTE_CONTENT_RELOAD", "true")])
            .await;
    let before = shared(&app, EPISODE).await;
    let sentence = "Um parágrafo escrito agora mesmo pela autora";
    assert!(!before.text().contains(sentence));
    let file = content.join("desktop-to-cluster/06-slurm/pt.md");
    let mut md = std::fs::read_to_string(&file).unwrap();
    md.push_str(&format!("\n\n{sentence}.\n"));
    std::fs::write(&file, md).unwrap();
    let mut seen = false;
    for _ in 0..100 {
        let got = fetch(&app, EPISODE, &[("accept-encoding", "gzip, br")]).await;
        if got.text().contains(sentence) {
            seen = true;
            break;
        }
        assert_eq!(got.body, before.body, "until the reload, the old page");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(seen, "the reloaded lesson replaced the shared page");
    let after = shared(&app, EPISODE).await;
    assert!(after.text().contains(sentence));
    app.stop().await.expect("clean stop");
    let _ = std::fs::remove_dir_all(&content);
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("puente-content-{}", crate::helpers::random_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

both_engines!(
    shared_pages_are_made_once_and_equal_a_fresh_render,
    signed_in_readers_never_get_the_shared_page,
    a_forum_reply_renews_the_topic_and_its_episode,
    a_signed_in_reader_is_read_once_and_forgotten_at_the_next_write,
    repeated_visits_keep_the_order_of_visits,
    a_burst_of_first_visits_is_answered_in_full,
    signed_in_episodes_come_from_templates_equal_to_a_full_render,
);
