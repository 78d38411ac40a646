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

/// An `Etc/GMT` zone where it is now `hour` o'clock (Etc zones count the other way round).
fn zone_at(hour: i64) -> String {
    let now = jiff::Timestamp::now().as_second();
    let utc_hour = now.rem_euclid(86_400) / 3600;
    let offset = (hour - utc_hour + 36).rem_euclid(24) - 12;
    match offset {
        0 => "Etc/GMT".to_owned(),
        o if o > 0 => format!("Etc/GMT-{o}"),
        o => format!("Etc/GMT+{}", -o),
    }
}

async fn digests(app: &TestApp, email: &str) -> i64 {
    sqlx::query_as::<_, (i64,)>(
        "SELECT COUNT(*) FROM outbox o JOIN users u ON u.id = o.user_id WHERE u.email = $1 AND o.subject LIKE '%semana%'",
    )
    .bind(email)
    .fetch_one(&app.pool)
    .await
    .unwrap()
    .0
}

/// Runs a digest scan now and waits until every digest it queued has run.
async fn scan_now(app: &TestApp) {
    // A scan of its own (the scheduled ones wait for their half hour), due at once.
    let mut job = app::forum::digest::scan_job(0);
    job.key = format!("test-scan-{}", app::kernel::tokens::new_token());
    assert!(app::jobs::enqueue(&app.pool, &job).await.unwrap());
    app.jobs_notify.notify_one();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let (pending,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM jobs WHERE kind IN ('forum-digest-scan', 'forum-digest') AND done_at IS NULL AND run_at <= $1",
        )
        .bind(jiff::Timestamp::now().as_second())
        .fetch_one(&app.pool)
        .await
        .unwrap();
        if pending == 0 {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "digest jobs still pending");
        app.jobs_notify.notify_one();
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn the_digest_arrives_at_eight_once_with_only_what_one_may_read(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let trainer = privileged(&app, &smtp, "lucia@uni.example", "trainer").await;
    let code = published(&app, &trainer, "python-2027", "code", "10").await;
    published(&app, &trainer, "r-2027", "code", "10").await;
    let ana = learner(&app, &smtp, "ana@uni.example").await;
    for who in ["bruno@uni.example", "carla@uni.example", "dora@uni.example"] {
        learner(&app, &smtp, who).await;
    }
    assert_eq!(
        post(&app, "/es/cohorts/python-2027/join", &[("code", &code)], Some(&ana)).await.status().as_u16(),
        303
    );
    crate::cohorts::add_session(&app, &trainer, "python-2027", 3 * 86_400).await;
    // Lucía answers in a public topic, and writes in the other cohort's own space.
    let res = get(&app, EPISODE, Some(&trainer)).await;
    let topic = res.headers()["location"].to_str().unwrap().to_owned();
    say(&app, &topic, "Para colas largas, usen `sbatch --array`.", &trainer).await;
    page(&app, "/es/forum", Some(&trainer)).await;
    let (r,): (i64,) =
        sqlx::query_as("SELECT id FROM cohorts WHERE slug = 'r-2027'").fetch_one(&app.pool).await.unwrap();
    let res = post(
        &app,
        "/es/forum/new",
        &[
            ("category", &format!("cohort-{r}")),
            ("title", "Plan reservado de la cohorte R"),
            ("body", "Solo para R."),
        ],
        Some(&trainer),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    // Everyone joined over a week ago; Ana lives where it is 10:00, Bruno where it is 05:00;
    // Carla has been away 200 days; Dora wants no digest.
    sqlx::query("UPDATE users SET created_at = created_at - 8 * 86400, locale = 'es'")
        .execute(&app.pool)
        .await
        .unwrap();
    for (email, zone) in [
        ("ana@uni.example", zone_at(10)),
        ("bruno@uni.example", zone_at(5)),
        ("carla@uni.example", zone_at(10)),
        ("dora@uni.example", zone_at(10)),
    ] {
        sqlx::query("UPDATE users SET time_zone = $2 WHERE email = $1")
            .bind(email)
            .bind(zone)
            .execute(&app.pool)
            .await
            .unwrap();
    }
    let away = jiff::Timestamp::now().as_second() - 200 * 86_400;
    sqlx::query("UPDATE users SET created_at = $1, last_seen_at = $1 WHERE email = 'carla@uni.example'")
        .bind(away)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE user_id = (SELECT id FROM users WHERE email = 'carla@uni.example')")
        .bind(away)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE users SET digest = 'never' WHERE email = 'dora@uni.example'")
        .execute(&app.pool)
        .await
        .unwrap();

    scan_now(&app).await;
    let (mail, _) = smtp.wait_for_link("ana@uni.example", "/forum/t/", 20).await.expect("Ana's digest");
    let text = mail.text();
    assert!(mail.subject().contains("Tu semana en el foro de Puente"), "{}", mail.subject());
    assert!(text.contains("sbatch --array"), "the reply: {text}");
    assert!(text.contains("Tu próxima sesión de cohorte"), "her next session: {text}");
    assert!(!text.contains("reservado") && !text.contains("Solo para R"), "no other cohort's space: {text}");
    let unsubscribe = mail
        .data
        .lines()
        .find_map(|l| l.strip_prefix("List-Unsubscribe: <"))
        .and_then(|l| l.strip_suffix('>'))
        .expect("a List-Unsubscribe header")
        .to_owned();
    assert!(unsubscribe.ends_with("?what=digest"), "{unsubscribe}");
    assert_eq!(digests(&app, "ana@uni.example").await, 1);
    for (who, why) in
        [("bruno@uni.example", "before 08:00"), ("carla@uni.example", "away"), ("dora@uni.example", "never")]
    {
        assert_eq!(digests(&app, who).await, 0, "{who}: {why}");
    }
    // The next scan sends nothing twice.
    scan_now(&app).await;
    assert_eq!(digests(&app, "ana@uni.example").await, 1, "once");
    // Bruno's 08:00 comes: he gets his.
    sqlx::query("UPDATE users SET time_zone = $1 WHERE email = 'bruno@uni.example'")
        .bind(zone_at(9))
        .execute(&app.pool)
        .await
        .unwrap();
    scan_now(&app).await;
    assert_eq!(digests(&app, "bruno@uni.example").await, 1);

    // One click, no login: no more digests for Ana; other forum emails untouched.
    let path = unsubscribe.split_once("//").unwrap().1.split_once('/').unwrap().1;
    let res = app
        .client
        .post(app.url(&format!("/{path}")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.text().await.unwrap().contains("Puente no te enviará más el resumen"));
    let (digest, replies): (String, i64) =
        sqlx::query_as("SELECT digest, notify_replies FROM users WHERE email = 'ana@uni.example'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((digest.as_str(), replies), ("never", 1));

    // The profile: how often, and in which zone; wrong choices are said and change nothing.
    let profile = |digest: &'static str, zone: &'static str| {
        vec![
            ("name", "Ana"),
            ("locale", "es"),
            ("country", "AR"),
            ("institution", "UNC"),
            ("digest", digest),
            ("time_zone", zone),
        ]
    };
    let account = page(&app, "/es/account", Some(&ana)).await;
    assert!(account.contains("name=\"digest\"") && account.contains("name=\"time_zone\""));
    for (digest, zone, message) in [
        ("hourly", "America/Lima", "Elige cada cuánto quieres el resumen"),
        ("daily", "Mars/Olympus", "Elige una zona horaria de la lista"),
    ] {
        let res = post(&app, "/es/account/profile", &profile(digest, zone), Some(&ana)).await;
        assert_eq!(res.status().as_u16(), 422);
        assert!(res.text().await.unwrap().contains(message), "{digest} {zone}");
    }
    let res = post(&app, "/es/account/profile", &profile("daily", "America/Lima"), Some(&ana)).await;
    assert_eq!(res.status().as_u16(), 303);
    let (digest, zone): (String, String) =
        sqlx::query_as("SELECT digest, time_zone FROM users WHERE email = 'ana@uni.example'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((digest.as_str(), zone.as_str()), ("daily", "America/Lima"));
    app.stop().await.unwrap();
}

both_engines!(
    search_finds_what_the_reader_may_see_across_languages,
    posts_missing_from_the_index_are_indexed_at_start,
    the_digest_arrives_at_eight_once_with_only_what_one_may_read,
);
