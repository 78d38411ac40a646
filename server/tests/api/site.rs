//! Pages, languages and the no-JavaScript paths through them.

use crate::both_engines;
use crate::helpers::{spawn_app, Engine};

fn html_lang(body: &str) -> Option<&str> {
    let start = body.find("<html lang=\"")? + "<html lang=\"".len();
    let end = body[start..].find('"')? + start;
    Some(&body[start..end])
}

async fn root_redirects_by_accept_language(engine: Engine) {
    let app = spawn_app(engine).await;
    for (header, expected) in [
        (None, "/es/"),
        (Some("pt-BR,pt;q=0.9,en;q=0.8"), "/pt/"),
        (Some("en-GB, en;q=0.9"), "/en/"),
        (Some("fr-FR, de;q=0.8"), "/es/"),
        (Some("es-AR;q=0.3, pt;q=0.6"), "/pt/"),
    ] {
        let mut req = app.client.get(app.url("/"));
        if let Some(h) = header {
            req = req.header("Accept-Language", h);
        }
        let res = req.send().await.expect("request");
        assert_eq!(res.status().as_u16(), 302, "for {header:?}");
        assert_eq!(res.headers()["location"], expected, "for {header:?}");
        assert_eq!(res.headers()["vary"], "Accept-Language");
    }
    app.stop().await.expect("clean stop");
}

async fn every_page_answers_in_its_language(engine: Engine) {
    let app = spawn_app(engine).await;
    let expectations = [
        ("es", "Inicio", "Código de conducta", "Privacidad"),
        ("pt", "Início", "Código de conduta", "Privacidade"),
        ("en", "Home", "Code of conduct", "Privacy"),
    ];
    for (lang, home, conduct, privacy) in expectations {
        for page in ["", "conduct", "privacy"] {
            let path = format!("/{lang}/{page}");
            let (status, body) = app.get_text(&path).await;
            assert_eq!(status, 200, "{path}");
            assert_eq!(html_lang(&body), Some(lang), "{path}");
            assert!(body.contains(home), "{path} lacks the nav label {home}");
            assert!(body.contains(conduct) && body.contains(privacy), "{path} lacks footer links");
            assert!(body.contains("<main id=\"main\""), "{path} lacks the main landmark");
            assert!(body.contains("href=\"#main\""), "{path} lacks the skip link");
            assert!(body.contains("<title>"), "{path} has no title");
        }
    }
    app.stop().await.expect("clean stop");
}

async fn legal_pages_carry_real_text_and_the_contact(engine: Engine) {
    let app =
        crate::helpers::spawn_app_with(engine, &[("PUENTE_CONTACT_EMAIL", "hpc-ayuda@uni.example")]).await;
    let (_, privacy) = app.get_text("/pt/privacy").await;
    assert!(privacy.contains("LGPD"), "the Portuguese privacy page names the LGPD");
    assert!(privacy.contains("hpc-ayuda@uni.example"));
    let (_, privacy_es) = app.get_text("/es/privacy").await;
    assert!(privacy_es.contains("25.326"), "the Spanish privacy page names Ley 25.326");
    let (_, conduct) = app.get_text("/es/conduct").await;
    assert!(conduct.contains("hpc-ayuda@uni.example"));
    assert!(conduct.matches("<li>").count() >= 13, "the code lists expected and unacceptable behaviour");
    app.stop().await.expect("clean stop");
}

async fn the_language_switcher_keeps_the_page(engine: Engine) {
    let app = spawn_app(engine).await;
    let (_, body) = app.get_text("/es/privacy").await;
    assert!(body.contains("href=\"/pt/privacy\""));
    assert!(body.contains("href=\"/en/privacy\""));
    assert!(body.contains("href=\"/es/privacy\" hreflang=\"es\" lang=\"es\" aria-current=\"page\""));
    app.stop().await.expect("clean stop");
}

async fn unknown_pages_and_languages_are_translated_404s(engine: Engine) {
    let app = spawn_app(engine).await;
    let (status, body) = app.get_text("/pt/nao-existe").await;
    assert_eq!(status, 404);
    assert!(body.contains("Página não encontrada"));
    assert_eq!(html_lang(&body), Some("pt"));
    let (status, body) = app.get_text("/xx/").await;
    assert_eq!(status, 404);
    assert!(body.contains("Página no encontrada"), "unknown language falls back to Spanish");
    let (status, _) = app.get_text("/es/%2e%2e/%2e%2e/etc/passwd").await;
    assert_eq!(status, 404);
    let (status, _) = app.get_text("/pkg/../Cargo.toml").await;
    assert_eq!(status, 404);
    app.stop().await.expect("clean stop");
}

async fn the_cluster_check_works_without_javascript(engine: Engine) {
    let app = spawn_app(engine).await;
    let (_, body) = app.get_text("/pt/?data=yes&time=yes&runs=no").await;
    assert!(body.contains("Vemos dois ou mais sinais"), "two signs recommend the cluster");
    let (_, body) = app.get_text("/en/?data=no&time=no&runs=no").await;
    assert!(body.contains(&app::i18n::t(app::i18n::Locale::En, "check-result-desktop")));
    // Hostile or partial answers are ignored and nothing is echoed back.
    let (status, body) = app.get_text("/es/?data=%3Cscript%3Ealert(1)%3C/script%3E&time=yes").await;
    assert_eq!(status, 200);
    assert!(!body.contains("<script>alert(1)"));
    assert!(body.contains(&app::i18n::t(app::i18n::Locale::Es, "check-unanswered")));
    app.stop().await.expect("clean stop");
}

/// Pages keep rendering while another Puente starts in the same process. Starting one used to
/// generate the route list, which parks any page's data loading that begins meanwhile, for good
/// (leptos-rs/leptos#4773): requests hung until the client gave up.
async fn pages_render_while_another_puente_starts(engine: Engine) {
    let app = spawn_app(engine).await;
    // However many Puentes this process starts, the route list is made once.
    assert_eq!(puente::routes::ROUTE_GENERATIONS.load(std::sync::atomic::Ordering::Relaxed), 1);
    let started = std::time::Instant::now();
    let others = async {
        let mut apps = Vec::new();
        for _ in 0..8 {
            apps.push(spawn_app(engine).await);
        }
        apps
    };
    // Six readers at once, so some page's data starts loading while another Puente starts.
    let reader = |n: usize| {
        let app = &app;
        async move {
            for round in 0..40 {
                let path = ["/es/forum", "/pt/courses/desktop-to-cluster/02-the-shell", "/en/glossary"]
                    [(round + n) % 3];
                let res = tokio::time::timeout(
                    std::time::Duration::from_secs(20),
                    app.client.get(app.url(path)).send(),
                )
                .await
                .unwrap_or_else(|_| panic!("{path} hung (reader {n}, round {round})"))
                .unwrap();
                assert_eq!(res.status().as_u16(), 200, "{path}");
            }
        }
    };
    let pages = async {
        futures::future::join_all((0..6).map(reader)).await;
    };
    let (apps, ()) = tokio::join!(others, pages);
    assert_eq!(puente::routes::ROUTE_GENERATIONS.load(std::sync::atomic::Ordering::Relaxed), 1);
    assert!(started.elapsed() < std::time::Duration::from_secs(120));
    for a in apps {
        a.stop().await.unwrap();
    }
    app.stop().await.unwrap();
}

both_engines!(
    pages_render_while_another_puente_starts,
    root_redirects_by_accept_language,
    every_page_answers_in_its_language,
    legal_pages_carry_real_text_and_the_contact,
    the_language_switcher_keeps_the_page,
    unknown_pages_and_languages_are_translated_404s,
    the_cluster_check_works_without_javascript,
);
