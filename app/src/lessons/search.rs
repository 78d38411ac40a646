//! Search across lessons and the glossary in the reader's language, accent-insensitive:
//! SQLite FTS5 by default, PostgreSQL full-text search (per-language stemming) at scale.

use super::content::Catalog;
use crate::i18n::Locale;
use anyhow::Context;
use sqlx::{AnyPool, Row};

/// Lower case, accents removed: "Clúster" → "cluster".
pub fn fold(text: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    text.nfd().filter(|c| !is_combining_mark(*c)).collect::<String>().to_lowercase()
}

fn pg_config(locale: Locale) -> &'static str {
    match locale {
        Locale::Es => "spanish",
        Locale::Pt => "portuguese",
        Locale::En => "english",
    }
}

async fn is_postgres(pool: &AnyPool) -> anyhow::Result<bool> {
    let conn = pool.acquire().await.context("Failed to get a connection")?;
    Ok(conn.backend_name() == "PostgreSQL")
}

/// Rebuilds the index from the catalog (at start and after content reloads).
pub async fn reindex(pool: &AnyPool, catalog: &Catalog) -> anyhow::Result<usize> {
    let pg = is_postgres(pool).await?;
    let mut tx = crate::kernel::db::begin(pool).await?;
    sqlx::query("DELETE FROM lesson_search").execute(&mut *tx).await.context("Failed to clear the index")?;
    let mut n = 0;
    for locale in Locale::ALL {
        let mut docs: Vec<(String, String, String, String)> = Vec::new();
        for course in &catalog.courses {
            for e in &course.episodes {
                if let Some((_, text)) = e.text_for(locale) {
                    let body =
                        format!("{} {} {}", text.front.summary, text.front.keypoints.join(" "), text.plain);
                    docs.push((course.slug.clone(), e.slug.clone(), text.front.title.clone(), body));
                }
            }
        }
        for term in &catalog.glossary {
            let t = term.text(locale);
            docs.push((String::new(), term.id.clone(), t.term.clone(), t.definition.clone()));
        }
        for (course, episode, title, body) in docs {
            let (ft, fb) = (fold(&title), fold(&body));
            if pg {
                let sql = format!(
                    "INSERT INTO lesson_search (locale, course, episode, title, body, doc) VALUES ($1, $2, $3, $4, $5, \
                     setweight(to_tsvector('{cfg}', $4), 'A') || setweight(to_tsvector('{cfg}', $5), 'B'))",
                    cfg = pg_config(locale)
                );
                sqlx::query(&sql)
                    .bind(locale.code())
                    .bind(&course)
                    .bind(&episode)
                    .bind(&ft)
                    .bind(&fb)
                    .execute(&mut *tx)
                    .await
                    .context("Failed to index a document")?;
            } else {
                sqlx::query("INSERT INTO lesson_search (locale, course, episode, title, body) VALUES ($1, $2, $3, $4, $5)")
                    .bind(locale.code())
                    .bind(&course)
                    .bind(&episode)
                    .bind(&ft)
                    .bind(&fb)
                    .execute(&mut *tx)
                    .await
                    .context("Failed to index a document")?;
            }
            n += 1;
        }
    }
    tx.commit().await.context("Failed to commit the index")?;
    Ok(n)
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Hit {
    /// Empty for glossary terms.
    pub course: String,
    /// The episode slug, or the glossary term id.
    pub episode: String,
}

/// Words of the query, folded, without FTS syntax (each becomes a quoted term).
fn terms(query: &str) -> Vec<String> {
    fold(query)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(12)
        .map(str::to_owned)
        .collect()
}

pub async fn search(pool: &AnyPool, locale: Locale, query: &str) -> anyhow::Result<Vec<Hit>> {
    let words = terms(query);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let rows = if is_postgres(pool).await? {
        let sql = format!(
            "SELECT course, episode FROM lesson_search, plainto_tsquery('{cfg}', $2) q \
             WHERE locale = $1 AND doc @@ q ORDER BY ts_rank(doc, q) DESC, course, episode LIMIT 30",
            cfg = pg_config(locale)
        );
        sqlx::query(&sql).bind(locale.code()).bind(words.join(" ")).fetch_all(pool).await
    } else {
        // Every word must appear; a trailing word may be a prefix ("clust" finds "cluster").
        let mut fts: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
        if let Some(last) = fts.last_mut() {
            last.push('*');
        }
        sqlx::query(
            "SELECT course, episode FROM lesson_search WHERE lesson_search MATCH $2 AND locale = $1 \
             ORDER BY bm25(lesson_search, 0.0, 0.0, 0.0, 5.0, 1.0), course, episode LIMIT 30",
        )
        .bind(locale.code())
        .bind(fts.join(" "))
        .fetch_all(pool)
        .await
    }
    .context("Failed to search")?;
    Ok(rows.iter().map(|r| Hit { course: r.get(0), episode: r.get(1) }).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_accents_and_case() {
        assert_eq!(fold("Clúster São Tomé"), "cluster sao tome");
    }

    #[test]
    fn queries_lose_any_search_syntax() {
        assert_eq!(terms("\"clúster\" OR NEAR(x*) -- ;DROP"), vec!["cluster", "or", "near", "x", "drop"]);
        assert!(terms("  ** \"\" ").is_empty());
    }
}
