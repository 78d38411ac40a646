//! The forum's part of the demo site: categories (general conversation, announcements, a
//! trainers' room, a course's questions), people's handles, a solved question in Spanish, a
//! conversation in Portuguese, an announcement, and a flagged post waiting in the review queue.

use crate::kernel::db::Tx;
use anyhow::Context;

/// What was made.
#[derive(Debug, Default)]
pub struct Made {
    pub topics: usize,
    pub posts: usize,
}

async fn category(
    tx: &mut Tx<'_>,
    row: (&str, [&str; 3], [&str; 3], i64, &str, &str, &str),
    course: Option<&str>,
    now: i64,
) -> anyhow::Result<i64> {
    let (slug, names, descriptions, position, visibility, posting, kind) = row;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO forum_categories (slug, name_es, name_pt, name_en, description_es, description_pt, description_en, \
         position, visibility, course, posting, kind, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         RETURNING id",
    )
    .bind(slug)
    .bind(names[0])
    .bind(names[1])
    .bind(names[2])
    .bind(descriptions[0])
    .bind(descriptions[1])
    .bind(descriptions[2])
    .bind(position)
    .bind(visibility)
    .bind(course)
    .bind(posting)
    .bind(kind)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
    .context("Failed to seed a forum category")?;
    Ok(id)
}

/// A topic with its posts: (author, Markdown, seconds after the topic began).
async fn topic(
    tx: &mut Tx<'_>,
    category: i64,
    title: &str,
    posts: &[(i64, &str, i64)],
    started: i64,
    made: &mut Made,
) -> anyhow::Result<(i64, Vec<i64>)> {
    let last = posts.last().map(|p| started + p.2).unwrap_or(started);
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO forum_topics (category_id, user_id, title, slug, reply_count, last_number, last_posted_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(category)
    .bind(posts.first().map(|p| p.0))
    .bind(title)
    .bind(crate::kernel::words::slug_from(title))
    .bind(posts.len() as i64 - 1)
    .bind(posts.len() as i64)
    .bind(last)
    .bind(started)
    .fetch_one(&mut **tx)
    .await
    .context("Failed to seed a topic")?;
    let mut ids = Vec::new();
    for (i, (author, body, after)) in posts.iter().enumerate() {
        let html =
            crate::kernel::markdown::post_html(body).map_err(|c| anyhow::anyhow!("demo post: {c}"))?.html;
        let (post,): (i64,) = sqlx::query_as(
            "INSERT INTO forum_posts (topic_id, number, user_id, body, html, body_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(id)
        .bind(i as i64 + 1)
        .bind(author)
        .bind(body)
        .bind(html)
        .bind(format!("demo-{id}-{i}"))
        .bind(started + after)
        .fetch_one(&mut **tx)
        .await
        .context("Failed to seed a post")?;
        super::search::index_post(tx, post)
            .await
            .map_err(|e| anyhow::anyhow!("indexing a demo post: {e:?}"))?;
        sqlx::query(
            "INSERT INTO forum_reads (user_id, topic_id, last_read, level) VALUES ($1, $2, $3, 'watching') ON CONFLICT DO NOTHING",
        )
        .bind(author)
        .bind(id)
        .bind(posts.len() as i64)
        .execute(&mut **tx)
        .await
        .context("Failed to seed reading")?;
        ids.push(post);
        made.posts += 1;
    }
    made.topics += 1;
    Ok((id, ids))
}

/// Seeds the forum. `people` are (id, display name, trust level) of everyone who takes part;
/// the first trainer answers, the moderator reviews.
pub async fn seed(
    tx: &mut Tx<'_>,
    people: &[(i64, String, i64)],
    trainers: &[i64],
    learners_es: &[i64],
    learners_pt: &[i64],
    now: i64,
) -> anyhow::Result<Made> {
    let mut made = Made::default();
    for (id, name, level) in people {
        sqlx::query(
            "INSERT INTO forum_people (user_id, handle, trust_level, unsubscribe_token, days_visited, posts_read, \
             topics_entered, created_at) VALUES ($1, $2, $3, $4, 12, 80, 15, $5)",
        )
        .bind(id)
        .bind(super::types::handle_from(name))
        .bind(level)
        .bind(crate::kernel::tokens::new_token())
        .bind(now - 40 * 86_400)
        .execute(&mut **tx)
        .await
        .context("Failed to seed a forum profile")?;
    }
    let (Some(&trainer), Some(&ana), Some(&bruno), Some(&joao), Some(&maria)) =
        (trainers.first(), learners_es.first(), learners_es.get(1), learners_pt.first(), learners_pt.get(1))
    else {
        anyhow::bail!("the forum demo needs a trainer and two learners in each language");
    };
    let general = category(
        tx,
        (
            "general",
            ["Conversación general", "Conversa geral", "General conversation"],
            [
                "Preséntate y conversa sobre investigación y cómputo.",
                "Apresente-se e converse sobre pesquisa e computação.",
                "Introduce yourself and talk research and computing.",
            ],
            0,
            "public",
            "everyone",
            "discussion",
        ),
        None,
        now - 60 * 86_400,
    )
    .await?;
    let news = category(
        tx,
        (
            "anuncios",
            ["Anuncios", "Anúncios", "Announcements"],
            [
                "Novedades de Puente y de los centros de cómputo.",
                "Novidades do Puente e dos centros de computação.",
                "News from Puente and the computing centres.",
            ],
            1,
            "public",
            "staff",
            "discussion",
        ),
        None,
        now - 60 * 86_400,
    )
    .await?;
    category(
        tx,
        (
            "sala-de-formadores",
            ["Sala de formadores", "Sala de formadores", "Trainers' room"],
            [
                "Para preparar cohortes juntos.",
                "Para preparar turmas juntos.",
                "To prepare cohorts together.",
            ],
            2,
            "trainers",
            "everyone",
            "discussion",
        ),
        None,
        now - 60 * 86_400,
    )
    .await?;
    let course = category(
        tx,
        (
            "desktop-to-cluster",
            ["Del escritorio al clúster", "Do desktop ao cluster", "From the desktop to the cluster"],
            [
                "Preguntas sobre el curso y sus episodios.",
                "Perguntas sobre o curso e seus episódios.",
                "Questions about the course and its episodes.",
            ],
            10,
            "public",
            "everyone",
            "qa",
        ),
        Some("desktop-to-cluster"),
        now - 60 * 86_400,
    )
    .await?;

    let (solved, posts) = topic(tx, course, "¿Cómo copio mis datos al clúster desde Windows?", &[
        (ana, "Tengo 3 GB de datos en mi laptop con Windows. ¿Cuál es la forma más segura de llevarlos al clúster?", 0),
        (trainer, "Con `scp` desde PowerShell, que ya viene en Windows 10 y 11:\n\n```bash\nscp -r datos/ usuario@login.cluster.example:~/proyecto/\n```\n\nSi se corta la conexión, `rsync -av --partial` retoma donde quedó.", 3600),
        (bruno, "A mí me sirvió también WinSCP, con interfaz gráfica.", 7200),
    ], now - 9 * 86_400, &mut made).await?;
    sqlx::query("UPDATE forum_topics SET solved_post_id = $2 WHERE id = $1")
        .bind(solved)
        .bind(posts[1])
        .execute(&mut **tx)
        .await
        .context("Failed to mark the demo answer")?;
    topic(tx, general, "Apresentações: quem está começando com HPC?", &[
        (joao, "Olá! Sou da UFRGS e analiso dados de clima. Nunca usei um cluster; alguém mais começando agora?", 0),
        (maria, "Eu! Trabalho com genômica na USP. O episódio sobre Slurm me ajudou muito.", 5400),
        (trainer, "¡Bienvenidas y bienvenidos! En la próxima cohorte practicamos juntos con sus propios datos.", 9000),
    ], now - 5 * 86_400, &mut made).await?;
    topic(tx, news, "Nueva cohorte en marzo: Python en el clúster", &[
        (trainer, "Abrimos inscripciones para la cohorte de marzo. Seis encuentros en línea, en español, con notebooks en el clúster de tu institución.", 0),
    ], now - 3 * 86_400, &mut made).await?;
    // A post the community flagged, waiting for a moderator.
    let (_, flagged) = topic(
        tx,
        general,
        "Ofertas de horas de cómputo baratas",
        &[
            (bruno, "¿Alguien sabe de créditos de nube gratis para estudiantes?", 0),
            (maria, "Compre horas de GPU baratíssimas em gpu-barata.example, link no meu perfil!!!", 1800),
        ],
        now - 86_400,
        &mut made,
    )
    .await?;
    for flagger in [ana, joao] {
        sqlx::query("INSERT INTO forum_flags (post_id, user_id, reason, score, created_at) VALUES ($1, $2, 'spam', 2, $3)")
            .bind(flagged[1])
            .bind(flagger)
            .bind(now - 3600)
            .execute(&mut **tx)
            .await
            .context("Failed to seed a flag")?;
    }
    sqlx::query("INSERT INTO forum_reviews (post_id, status, score, created_at, updated_at) VALUES ($1, 'pending', 4, $2, $2)")
        .bind(flagged[1])
        .bind(now - 3600)
        .execute(&mut **tx)
        .await
        .context("Failed to seed a review")?;
    Ok(made)
}
