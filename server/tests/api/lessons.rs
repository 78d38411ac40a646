//! Lessons as readers meet them: catalog, episodes, languages, progress, files.

use crate::accounts::{app_with_smtp, get, login, post, session_cookie, signup_and_verify, PASSWORD};
use crate::both_engines;
use crate::helpers::{spawn_app, Engine};

async fn catalog_course_and_episode_pages_in_portuguese(engine: Engine) {
    let app = spawn_app(engine).await;
    let (status, catalog) = app.get_text("/pt/courses").await;
    assert_eq!(status, 200);
    assert!(catalog.contains("Do desktop ao cluster") && catalog.contains("Formação de formadores"));
    let (_, filtered) = app.get_text("/pt/courses?level=intermediate").await;
    assert!(filtered.contains("Formação de formadores") && !filtered.contains("Do desktop ao cluster"));
    let (status, course) = app.get_text("/pt/courses/desktop-to-cluster").await;
    assert_eq!(status, 200);
    assert!(course.contains("/pt/courses/desktop-to-cluster/06-slurm"));
    assert!(!course.contains("<template"), "no content waits for JavaScript to appear");
    let (status, episode) = app.get_text("/pt/courses/desktop-to-cluster/06-slurm").await;
    assert_eq!(status, 200);
    assert!(
        episode.contains("<details class=\"block block-solution\"><summary>Solução</summary>"),
        "solutions fold"
    );
    assert!(episode.contains("hl-comment"), "code highlighted on the server");
    assert!(episode.contains("href=\"/pt/glossary#slurm\""), "glossary terms link to the glossary");
    assert!(episode.contains("rel=\"next\"") && episode.contains("rel=\"prev\""));
    assert!(!episode.contains("block-instructor"), "instructor notes are for trainers only");
    assert!(!episode.contains("<script>alert"), "nothing executable from content");
    let (status, _) = app.get_text("/pt/courses/desktop-to-cluster/99-nada").await;
    assert_eq!(status, 404);
    let (status, _) = app.get_text("/pt/courses/nada").await;
    assert_eq!(status, 404);
    app.stop().await.unwrap();
}

async fn a_missing_language_shows_another_with_a_notice(engine: Engine) {
    let app = spawn_app(engine).await;
    let (status, body) = app.get_text("/en/courses/desktop-to-cluster/01-what-is-a-cluster").await;
    assert_eq!(status, 200, "never a 404 for a missing translation");
    assert!(body.contains("This episode is not written in your language yet; we show it in Spanish."));
    let article = body.split("<article").nth(1).and_then(|a| a.split('>').next()).unwrap_or_default();
    assert!(article.contains("lang=\"es\""), "the text is marked as Spanish: {article}");
    app.stop().await.unwrap();
}

async fn the_glossary_lists_every_term_in_the_readers_language(engine: Engine) {
    let app = spawn_app(engine).await;
    let (_, pt) = app.get_text("/pt/glossary").await;
    assert!(pt.matches("<dt id=").count() >= 40);
    assert!(pt.contains("<dt id=\"login-node\">nó de login</dt>"));
    app.stop().await.unwrap();
}

async fn progress_is_saved_and_shown_on_the_dashboard(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    signup_and_verify(&app, &smtp, "ana@uni.example").await;
    let cookie = session_cookie(&login(&app, "ana@uni.example", PASSWORD).await).unwrap();
    assert_eq!(
        post(&app, "/es/courses/desktop-to-cluster/06-slurm/done", &[("done", "yes")], None)
            .await
            .status()
            .as_u16(),
        303
    );
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM lesson_progress").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 0, "visitors are sent to log in, nothing is saved");
    get(&app, "/es/courses/desktop-to-cluster/02-the-shell", Some(&cookie)).await;
    let res =
        post(&app, "/es/courses/desktop-to-cluster/06-slurm/done", &[("done", "yes")], Some(&cookie)).await;
    assert_eq!(res.headers()["location"], "/es/courses/desktop-to-cluster/06-slurm#done");
    let bad = post(&app, "/es/courses/desktop-to-cluster/99-x/done", &[("done", "yes")], Some(&cookie)).await;
    assert_eq!(bad.status().as_u16(), 404);
    let dash = get(&app, "/es/dashboard", Some(&cookie)).await.text().await.unwrap();
    assert!(dash.contains("1 de 8 episodios completados"), "{dash}");
    assert!(dash.contains("Continúa donde lo dejaste"));
    // The last episode touched is done: "continue" offers the next one not done yet.
    let resume = dash.split("Continúa donde lo dejaste").nth(1).unwrap_or_default();
    assert!(
        resume.contains("/es/courses/desktop-to-cluster/07-"),
        "the next episode to do is offered: {resume}"
    );
    let episode =
        get(&app, "/es/courses/desktop-to-cluster/06-slurm", Some(&cookie)).await.text().await.unwrap();
    assert!(episode.contains("Marcar como no completado"));
    post(&app, "/es/courses/desktop-to-cluster/06-slurm/done", &[("done", "no")], Some(&cookie)).await;
    let dash = get(&app, "/es/dashboard", Some(&cookie)).await.text().await.unwrap();
    assert!(dash.contains("0 de 8 episodios completados"));
    app.stop().await.unwrap();
}

async fn trainers_see_instructor_notes(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    signup_and_verify(&app, &smtp, "tr@uni.example").await;
    sqlx::query("INSERT INTO user_roles (user_id, role, granted_at) SELECT id, 'trainer', 1 FROM users")
        .execute(&app.pool)
        .await
        .unwrap();
    let cookie = session_cookie(&login(&app, "tr@uni.example", PASSWORD).await).unwrap();
    let episode =
        get(&app, "/pt/courses/desktop-to-cluster/06-slurm", Some(&cookie)).await.text().await.unwrap();
    assert!(episode.contains("block-instructor"));
    app.stop().await.unwrap();
}

async fn episode_files_are_served_and_nothing_else(engine: Engine) {
    let app = spawn_app(engine).await;
    let res = app.get("/content/desktop-to-cluster/06-slurm/data/sacct_export.csv").await;
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.headers()["content-security-policy"].to_str().unwrap().contains("sandbox"));
    let nb = app.get("/content/desktop-to-cluster/06-slurm/notebooks/job-efficiency.ipynb").await;
    assert_eq!(nb.status().as_u16(), 200);
    for path in [
        "/content/desktop-to-cluster/06-slurm/es.md",
        "/content/desktop-to-cluster/06-slurm/data/../es.md",
        "/content/desktop-to-cluster/06-slurm/data/%2e%2e/es.md",
        "/content/desktop-to-cluster/course.toml",
        "/content/nada/06-slurm/data/sacct_export.csv",
        "/content/desktop-to-cluster/06-slurm/data/nada.csv",
    ] {
        assert_eq!(app.get(path).await.status().as_u16(), 404, "{path}");
    }
    app.stop().await.unwrap();
}

async fn search_is_accent_insensitive_in_the_readers_language(engine: Engine) {
    let app = spawn_app(engine).await;
    for (path, expect) in [
        ("/pt/search?q=cl%C3%BAster", "/pt/courses/desktop-to-cluster/01-what-is-a-cluster"),
        ("/pt/search?q=cluster", "/pt/courses/desktop-to-cluster/01-what-is-a-cluster"),
        ("/es/search?q=sbatch", "/es/courses/desktop-to-cluster/06-slurm"),
        ("/es/search?q=nodo+de+login", "/es/glossary#login-node"),
        ("/en/search?q=sbatch", "/en/courses/desktop-to-cluster/06-slurm"),
    ] {
        let (status, body) = app.get_text(path).await;
        assert_eq!(status, 200);
        assert!(body.contains(expect), "{path} should find {expect}");
    }
    // Search syntax and hostile input are just words.
    let (status, body) = app.get_text("/es/search?q=%22%29+OR+NEAR%28%2A+%3Cscript%3E").await;
    assert_eq!(status, 200);
    assert!(!body.contains("<script>"));
    let (_, none) = app.get_text("/es/search?q=zzzzqqq").await;
    assert!(none.contains("No encontramos nada"));
    app.stop().await.unwrap();
}

async fn content_changes_are_picked_up_when_reloading_is_on(engine: Engine) {
    let dir = crate::helpers::TempDir::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let status =
        std::process::Command::new("cp").arg("-r").arg(&root).arg(dir.0.join("content")).status().unwrap();
    assert!(status.success());
    let content = dir.0.join("content");
    let content_s = content.display().to_string();
    let app = crate::helpers::spawn_app_with(
        engine,
        &[("PUENTE_CONTENT_DIR", &content_s), ("PUENTE_CONTENT_RELOAD", "true")],
    )
    .await;
    let path = "/es/courses/desktop-to-cluster/06-slurm";
    let (_, before) = app.get_text(path).await;
    assert!(!before.contains("Título cambiado en vivo"));
    let file = content.join("desktop-to-cluster/06-slurm/es.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let changed =
        text.replacen("title: \"Enviar trabajos con Slurm\"", "title: \"Título cambiado en vivo\"", 1);
    assert_ne!(text, changed, "the test edits the title");
    std::fs::write(&file, changed).unwrap();
    let mut seen = false;
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        if app.get_text(path).await.1.contains("Título cambiado en vivo") {
            seen = true;
            break;
        }
    }
    assert!(seen, "the edited episode is served without a restart");
    // The index is rebuilt right after the swap.
    let mut indexed = false;
    for _ in 0..50 {
        let (_, found) = app.get_text("/es/search?q=cambiado+en+vivo").await;
        if found.contains("/es/courses/desktop-to-cluster/06-slurm") {
            indexed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(indexed, "the search index follows");
    app.stop().await.unwrap();
}

/// A page whose data cannot be read says so, with the cause logged: never an empty 200 page.
async fn a_page_whose_data_fails_answers_with_the_error_page(engine: Engine) {
    let (app, smtp) = app_with_smtp(engine, &[]).await;
    signup_and_verify(&app, &smtp, "ana@uni.example").await;
    let cookie = session_cookie(&login(&app, "ana@uni.example", PASSWORD).await).unwrap();
    let res = get(&app, "/pt/dashboard", Some(&cookie)).await;
    assert_eq!(res.status().as_u16(), 200);
    sqlx::query("ALTER TABLE lesson_progress RENAME TO lesson_progress_gone")
        .execute(&app.pool)
        .await
        .unwrap();
    // Her progress was read a moment ago and is kept until it is out of date.
    tokio::time::sleep(app::lessons::progress::Tracker::TTL + std::time::Duration::from_millis(300)).await;
    for path in ["/pt/dashboard", "/pt/courses/desktop-to-cluster"] {
        let res = get(&app, path, Some(&cookie)).await;
        assert_eq!(res.status().as_u16(), 500, "{path}");
        let body = res.text().await.unwrap();
        assert!(body.contains("Algo deu errado do nosso lado"), "{path}: the translated error page: {body}");
        assert!(
            !body.contains("progress-list") && !body.contains("class=\"episodes\""),
            "{path}: no empty list"
        );
    }
    sqlx::query("ALTER TABLE lesson_progress_gone RENAME TO lesson_progress")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(get(&app, "/pt/dashboard", Some(&cookie)).await.status().as_u16(), 200);
    app.stop().await.unwrap();
}

both_engines!(
    a_page_whose_data_fails_answers_with_the_error_page,
    catalog_course_and_episode_pages_in_portuguese,
    a_missing_language_shows_another_with_a_notice,
    the_glossary_lists_every_term_in_the_readers_language,
    progress_is_saved_and_shown_on_the_dashboard,
    trainers_see_instructor_notes,
    episode_files_are_served_and_nothing_else,
    search_is_accent_insensitive_in_the_readers_language,
    content_changes_are_picked_up_when_reloading_is_on,
);
