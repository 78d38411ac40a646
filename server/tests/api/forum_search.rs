//! Forum search as its people meet it, on both engines: one box that finds lessons, glossary
//! terms and posts; stems across accents, plurals and the three languages; filters by
//! category, author, solved and dates; the words that matched marked; edits reindexed; and
//! nothing from a place the reader may not read (a cohort's space, hidden or deleted posts).

use crate::accounts::{get, post};
use crate::both_engines;
use crate::cohorts::{app, learner, privileged, published, user_id};
use crate::helpers::{Engine, TestApp};

const EPISODE: &str = "/es/forum/discuss/desktop-to-cluster/01-what-is-a-cluster";

async fn page(app: &TestApp, path: &str, cookie: Option<&str>) -> String {
    let res = get(app, path, cookie).await;
    assert_eq!(res.status().as_u16(), 200, "{path}");
    res.text().await.unwrap()
}

/// Whether a results page links to post `number` of topic `topic`.
fn found(page: &str, topic: i64, number: i64) -> bool {
    page.split("href=\"").skip(1).any(|h| {
        let link = h.split('"').next().unwrap_or_default();
        link.contains(&format!("/forum/t/{topic}-")) && link.ends_with(&format!("#post-{number}"))
    })
}

async fn post_number(app: &TestApp, topic: i64, body_like: &str) -> (i64, i64) {
    sqlx::query_as::<_, (i64, i64)>("SELECT id, number FROM forum_posts WHERE topic_id = $1 AND body LIKE $2")
        .bind(topic)
        .bind(format!("%{body_like}%"))
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// Replies are paced: tests move a person's posts back in time.
async fn rewind(app: &TestApp) {
    sqlx::query("UPDATE forum_posts SET created_at = created_at - 600").execute(&app.pool).await.unwrap();
    sqlx::query("UPDATE forum_topics SET created_at = created_at - 600").execute(&app.pool).await.unwrap();
}

async fn say(app: &TestApp, topic: &str, body: &str, cookie: &str) {
    let res = post(app, &format!("{topic}/reply"), &[("body", body)], Some(cookie)).await;
    assert_eq!(res.status().as_u16(), 303, "{body}");
    rewind(app).await;
}

async fn search_finds_what_the_reader_may_see_across_languages(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let trainer = privileged(&app, &smtp, "lucia@uni.example", "trainer").await;
    let code = published(&app, &trainer, "python-2027", "code", "10").await;
    let ana = learner(&app, &smtp, "ana@uni.example").await;
    let bia = learner(&app, &smtp, "bia@uni.example").await;
    let bruno = learner(&app, &smtp, "bruno@uni.example").await;
    // Bia writes in Portuguese: her posts are stemmed as Portuguese.
    sqlx::query("UPDATE users SET locale = 'pt' WHERE email = 'bia@uni.example'")
        .execute(&app.pool)
        .await
        .unwrap();
    let res = get(&app, EPISODE, Some(&ana)).await;
    let topic = res.headers()["location"].to_str().unwrap().to_owned();
    let id: i64 = topic.rsplit('/').next().unwrap().split('-').next().unwrap().parse().unwrap();
    say(&app, &topic, "Los **clústeres** de cómputo tienen colas con prioridades distintas.", &ana).await;
    say(&app, &topic, "Ontem submeti trabalhos na fila e esperei duas horas.", &bia).await;
    let (_, ana_n) = post_number(&app, id, "clústeres").await;
    let (bia_id, bia_n) = post_number(&app, id, "trabalhos").await;

    // Accents, plurals and languages: a Brazilian's "cluster" finds a Mexican's "clústeres",
    // marked where it was written; Portuguese plurals find their singular.
    let found_pt = page(&app, "/pt/search?q=cluster", None).await;
    assert!(found(&found_pt, id, ana_n), "{found_pt}");
    assert!(found_pt.contains("<mark>clústeres</mark>"), "the match is marked: {found_pt}");
    assert!(found(&page(&app, "/es/search?q=Cl%C3%9ASTER", None).await, id, ana_n));
    assert!(found(&page(&app, "/pt/search?q=trabalho", None).await, id, bia_n));
    assert!(found(&page(&app, "/en/search?q=prioridad", None).await, id, ana_n));
    // Every word must match; the last may be the start of one.
    assert!(!found(&page(&app, "/es/search?q=clusteres+trabalho", None).await, id, ana_n));
    assert!(found(&page(&app, "/es/search?q=colas+priori", None).await, id, ana_n));
    // One box: the same search finds the lesson too, in its own group.
    let both = page(&app, "/es/search?q=cluster", None).await;
    assert!(
        both.contains("id=\"found-lessons\"") && both.contains("/es/courses/desktop-to-cluster/"),
        "{both}"
    );
    assert!(both.contains("id=\"found-posts\""));

    // Filters: author, category, solved, dates.
    let bia_handle: (String,) = sqlx::query_as("SELECT handle FROM forum_people WHERE user_id = $1")
        .bind(user_id(&app, "bia@uni.example").await)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let by = |who: &str, q: &str| format!("/es/search?q={q}&author=%40{who}");
    assert!(found(&page(&app, &by(&bia_handle.0, "fila"), None).await, id, bia_n));
    assert!(!found(&page(&app, &by(&bia_handle.0, "colas"), None).await, id, ana_n));
    assert!(!found(&page(&app, "/es/search?q=colas&solved=1", None).await, id, ana_n), "not solved yet");
    let ana_post = post_number(&app, id, "clústeres").await.0;
    // The topic's asker marks the answer: the episode topic was opened by Ana's visit.
    sqlx::query("UPDATE forum_topics SET solved_post_id = $2 WHERE id = $1")
        .bind(id)
        .bind(ana_post)
        .execute(&app.pool)
        .await
        .unwrap();
    assert!(found(&page(&app, "/es/search?q=colas&solved=1", None).await, id, ana_n));
    assert!(found(&page(&app, "/es/search?q=colas&category=desktop-to-cluster", None).await, id, ana_n));
    assert!(!found(&page(&app, "/es/search?q=colas&category=no-such-place", None).await, id, ana_n));
    assert!(found(
        &page(&app, "/es/search?q=colas&since=2020-01-01&until=2099-12-31", None).await,
        id,
        ana_n
    ));
    assert!(!found(&page(&app, "/es/search?q=colas&since=2099-01-01", None).await, id, ana_n));
    assert!(!found(&page(&app, "/es/search?q=colas&until=2020-01-01", None).await, id, ana_n));
    // A day that is not one: said, translated, by the field; nothing searched.
    let bad = page(&app, "/pt/search?q=colas&since=2026-13-45", None).await;
    assert!(bad.contains("Escreva o dia como ano-mês-dia") && bad.contains("aria-invalid=\"true\""), "{bad}");
    assert!(!found(&bad, id, ana_n));

    // Hostile queries are words, never search syntax, and come back escaped.
    for q in [
        "%22%29+OR+NEAR%28%2A+%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "colas+%26+%21b+%7C+c%3A%2A",
        "%27%29%3B+DROP+TABLE+forum_posts%3B+--",
        "%2A%2A%2A",
        &"a".repeat(3000),
    ] {
        let body = page(&app, &format!("/es/search?q={q}"), None).await;
        assert!(!body.contains("<script>alert"), "{q}");
    }
    let (posts,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM forum_posts").fetch_one(&app.pool).await.unwrap();
    assert!(posts >= 3);

    // A cohort's space: its posts are found by its people only.
    assert_eq!(
        post(&app, "/es/cohorts/python-2027/join", &[("code", &code)], Some(&ana)).await.status().as_u16(),
        303
    );
    page(&app, "/es/forum", Some(&ana)).await;
    let (cohort,): (i64,) = sqlx::query_as("SELECT id FROM cohorts WHERE slug = 'python-2027'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let res = post(
        &app,
        "/es/forum/new",
        &[
            ("category", &format!("cohort-{cohort}")),
            ("title", "Tarea confidencial de la cohorte"),
            ("body", "Las respuestas del ejercicio de matrices dispersas."),
        ],
        Some(&ana),
    )
    .await;
    let status = res.status().as_u16();
    assert_eq!(status, 303, "{}", if status == 303 { String::new() } else { res.text().await.unwrap() });
    let secret = res.headers()["location"].to_str().unwrap().to_owned();
    let secret_id: i64 = secret.rsplit('/').next().unwrap().split('-').next().unwrap().parse().unwrap();
    for (who, cookie) in [("ana", Some(ana.as_str())), ("lucia", Some(trainer.as_str()))] {
        let p = page(&app, "/es/search?q=matrices+dispersas", cookie).await;
        assert!(found(&p, secret_id, 1), "{who} finds her cohort's post: {p}");
    }
    for (who, cookie) in [("bruno", Some(bruno.as_str())), ("anonymous", None), ("bia", Some(bia.as_str()))] {
        for q in ["matrices+dispersas", "confidencial", "tarea+confidencial"] {
            let p = page(&app, &format!("/es/search?q={q}"), cookie).await;
            assert!(!p.contains(&format!("/forum/t/{secret_id}-")), "{who} must not find it ({q})");
            assert!(!p.contains("dispersas") || q.contains("dispersas"), "{who} sees no excerpt");
        }
        let p = page(&app, &format!("/es/search?q=matrices&category=cohort-{cohort}"), cookie).await;
        assert!(
            !p.contains(&format!("/forum/t/{secret_id}-")),
            "{who}: a category named outright stays closed"
        );
        assert!(!p.contains(&format!("value=\"cohort-{cohort}\"")), "{who} is not offered the category");
    }

    // An edit is searched as it now reads; a hidden or deleted post is not found at all.
    let res = post(
        &app,
        &format!("/es/forum/posts/{bia_id}/edit"),
        &[("body", "Agora uso GPUs para as simulações."), ("reason", "")],
        Some(&bia),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    assert!(found(&page(&app, "/es/search?q=gpu", None).await, id, bia_n));
    assert!(!found(&page(&app, "/es/search?q=trabalhos", None).await, id, bia_n), "the old words are gone");
    sqlx::query("UPDATE forum_posts SET hidden_at = 1 WHERE id = $1")
        .bind(bia_id)
        .execute(&app.pool)
        .await
        .unwrap();
    assert!(!found(&page(&app, "/es/search?q=gpu", None).await, id, bia_n), "hidden");
    let res = post(&app, &format!("/es/forum/posts/{ana_post}/delete"), &[("reason", "")], Some(&ana)).await;
    assert_eq!(res.status().as_u16(), 303);
    assert!(!found(&page(&app, "/es/search?q=colas", None).await, id, ana_n), "deleted");
    app.stop().await.unwrap();
}

/// Posts written before the index existed (or by hand) are indexed when Puente starts.
async fn posts_missing_from_the_index_are_indexed_at_start(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let ana = learner(&app, &smtp, "ana@uni.example").await;
    let res = get(&app, EPISODE, Some(&ana)).await;
    let topic = res.headers()["location"].to_str().unwrap().to_owned();
    let id: i64 = topic.rsplit('/').next().unwrap().split('-').next().unwrap().parse().unwrap();
    say(&app, &topic, "Necesito ayuda con los módulos de entorno.", &ana).await;
    let (post_id, n) = post_number(&app, id, "módulos").await;
    let key = if engine == Engine::Postgres { "post_id" } else { "rowid" };
    sqlx::query(&format!("DELETE FROM forum_post_search WHERE {key} = $1"))
        .bind(post_id)
        .execute(&app.pool)
        .await
        .unwrap();
    assert!(!found(&page(&app, "/es/search?q=modulos", None).await, id, n));
    assert_eq!(app::forum::search::backfill(&app.pool).await.unwrap(), 1);
    assert!(found(&page(&app, "/es/search?q=modulos", None).await, id, n));
    assert_eq!(app::forum::search::backfill(&app.pool).await.unwrap(), 0, "nothing twice");
    app.stop().await.unwrap();
}

both_engines!(
    search_finds_what_the_reader_may_see_across_languages,
    posts_missing_from_the_index_are_indexed_at_start,
);
