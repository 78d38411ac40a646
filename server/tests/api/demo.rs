//! `puente demo seed` fills an empty site believably, and refuses a site with people.

use crate::accounts::{get, login, session_cookie};
use crate::both_engines;
use crate::helpers::{spawn_app, Engine};

async fn the_demo_fills_an_empty_site_and_refuses_a_used_one(engine: Engine) {
    let app = spawn_app(engine).await;
    let keys = app::kernel::secrets::Secrets::random();
    let (catalog, _) =
        app::lessons::content::load(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../content")));
    let summary = puente::demo::seed(&app.pool, &keys, &catalog).await.unwrap();
    assert!(summary.people.len() >= 12);
    assert!(summary.progress_rows > 10 && summary.notebook_sessions > 10, "{summary:?}");
    for role in ["admin", "trainer", "moderator"] {
        assert!(
            summary.people.iter().any(|(_, _, r)| r.iter().any(|x| x.code() == role)),
            "someone is {role}"
        );
    }
    let (es, pt): (i64, i64) = sqlx::query_as(
        "SELECT SUM(CASE WHEN locale = 'es' THEN 1 ELSE 0 END), SUM(CASE WHEN locale = 'pt' THEN 1 ELSE 0 END) FROM users",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(es >= 5 && pt >= 5, "people in Spanish and Portuguese");
    // A demo learner logs in and finds their progress.
    let learner = &summary.people.iter().find(|(_, _, r)| r.is_empty()).unwrap().1;
    let res = login(&app, learner, puente::demo::PASSWORD).await;
    let cookie = session_cookie(&res).expect("demo accounts log in");
    let dash = get(&app, "/es/dashboard", Some(&cookie)).await.text().await.unwrap();
    assert!(dash.contains("episodios completados"), "{dash}");
    // Usage over the last month has institutions to show.
    let spans = app::notebooks::store::usage::spans(
        &app.pool,
        app::kernel::clock::now() - 31 * 86_400,
        app::kernel::clock::now(),
    )
    .await
    .unwrap();
    assert!(spans.len() >= summary.notebook_sessions);
    // The forum has conversations, a solved question and a flagged post for the moderators.
    assert!(summary.forum_topics >= 4, "{summary:?}");
    let (solved, pending): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM forum_topics WHERE solved_post_id IS NOT NULL), \
         (SELECT COUNT(*) FROM forum_reviews WHERE status = 'pending')",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((solved, pending), (1, 1));
    let forum = get(&app, "/pt/forum", Some(&cookie)).await.text().await.unwrap();
    assert!(forum.contains("Apresentações"), "{forum}");
    // Never on a site with people.
    let err = puente::demo::seed(&app.pool, &keys, &catalog).await.unwrap_err();
    assert!(err.to_string().contains("already has people"), "{err}");
    app.stop().await.unwrap();
}

both_engines!(the_demo_fills_an_empty_site_and_refuses_a_used_one);
