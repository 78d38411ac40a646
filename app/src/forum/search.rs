//! Forum search over the posts a reader may see, accent-insensitive like lesson search, with
//! stemming on both engines. Puente does the language work itself, so SQLite (FTS5) and
//! PostgreSQL (a GIN index over `tsvector`) index the very same words and agree on results:
//! text is folded (no accents, lower case), stop words of Spanish, Portuguese and English are
//! dropped, and each word is stemmed with the Snowball stemmer of the post's language (its
//! author's). A query word matches any of its stems in the three languages, so a Brazilian's
//! "clusters" finds a Mexican's "clústeres"; every word must match; the last one may also be
//! a prefix. Filters: category, author, solved, dates. Results name the words that matched.

use super::policy::{self, Reader};
use super::store;
use crate::errors::AppError;
use crate::i18n::Locale;
use crate::kernel::db::Tx;
use crate::lessons::search::fold;
use anyhow::Context;
use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};
use sqlx::{AnyPool, Row};
use std::collections::HashSet;
use std::sync::LazyLock;

/// Results per page.
pub const PAGE: i64 = 20;
/// The newest matches a search ranks: enough for 50 pages, and a bound on the work a very
/// common word can cause.
pub const CANDIDATES: i64 = 1000;
/// Words of a query that count; the rest is ignored.
const MAX_WORDS: usize = 12;
/// Longer "words" (hashes, base64) are not worth indexing.
const MAX_WORD: usize = 48;

static STEMMERS: LazyLock<[Stemmer; 3]> = LazyLock::new(|| {
    [
        Stemmer::create(Algorithm::Spanish),
        Stemmer::create(Algorithm::Portuguese),
        Stemmer::create(Algorithm::English),
    ]
});

fn stemmer(locale: Locale) -> &'static Stemmer {
    &STEMMERS[match locale {
        Locale::Es => 0,
        Locale::Pt => 1,
        Locale::En => 2,
    }]
}

/// Stop words of the three languages, folded ("está" → "esta").
static STOP: LazyLock<HashSet<String>> = LazyLock::new(|| {
    ["es", "pt", "en"]
        .iter()
        .flat_map(|l| stop_words::lookup(l).unwrap_or_default().iter())
        .map(|w| fold(w))
        .collect()
});

/// The folded words of a text, without stop words (unless there is nothing else).
fn words(text: &str) -> Vec<String> {
    let all: Vec<String> = fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.chars().count() <= MAX_WORD)
        .map(str::to_owned)
        .collect();
    let content: Vec<String> = all.iter().filter(|w| !STOP.contains(w.as_str())).cloned().collect();
    if content.is_empty() {
        all
    } else {
        content
    }
}

fn stem(locale: Locale, folded: &str) -> String {
    stemmer(locale).stem(folded).into_owned()
}

/// What is written to the index for a text in `locale`: its stems, space-separated.
pub fn index_text(locale: Locale, text: &str) -> String {
    words(text).iter().map(|w| stem(locale, w)).collect::<Vec<_>>().join(" ")
}

/// A query made safe: every word as its stems in the three languages (any may match), the
/// last word also as a prefix when it is long enough. Nothing of the text reaches the engine
/// but letters and digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub groups: Vec<Vec<String>>,
    pub prefix: Option<String>,
}

impl Query {
    pub fn parse(text: &str) -> Query {
        let words: Vec<String> =
            words(text).into_iter().filter(|w| w.chars().count() >= 2).take(MAX_WORDS).collect();
        let prefix = words.last().filter(|w| w.chars().count() >= 3).cloned();
        let groups = words
            .iter()
            .map(|w| {
                let mut alts: Vec<String> = Vec::new();
                for l in Locale::ALL {
                    let s = stem(l, w);
                    if !s.is_empty() && !alts.contains(&s) {
                        alts.push(s);
                    }
                }
                alts
            })
            .collect();
        Query { groups, prefix }
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Every stem the query looks for, for marking matches.
    fn stems(&self) -> HashSet<&str> {
        self.groups.iter().flatten().map(String::as_str).collect()
    }

    /// FTS5: `("a" OR "b") AND ("c" OR "d" OR "c"*)`.
    fn fts5(&self) -> String {
        let n = self.groups.len();
        self.groups
            .iter()
            .enumerate()
            .map(|(i, alts)| {
                let mut terms: Vec<String> = alts.iter().map(|a| format!("\"{a}\"")).collect();
                if i + 1 == n {
                    if let Some(p) = &self.prefix {
                        terms.push(format!("\"{p}\"*"));
                    }
                }
                format!("({})", terms.join(" OR "))
            })
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    /// PostgreSQL: `(a | b) & (c | d | c:*)`.
    fn tsquery(&self) -> String {
        let n = self.groups.len();
        self.groups
            .iter()
            .enumerate()
            .map(|(i, alts)| {
                let mut terms: Vec<String> = alts.clone();
                if i + 1 == n {
                    if let Some(p) = &self.prefix {
                        terms.push(format!("{p}:*"));
                    }
                }
                format!("({})", terms.join(" | "))
            })
            .collect::<Vec<_>>()
            .join(" & ")
    }

    fn matches(&self, locale: Locale, word: &str) -> bool {
        let folded = fold(word);
        let stems = self.stems();
        stems.contains(stem(locale, &folded).as_str())
            || stems.contains(folded.as_str())
            || self.prefix.as_deref().is_some_and(|p| folded.starts_with(p))
    }
}

/// A piece of text, and whether it matched the query (shown marked).
pub type Segment = (String, bool);

/// `text` cut into words and what lies between, the words that match marked.
pub fn highlight(query: &Query, locale: Locale, text: &str) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut push = |piece: &str, hit: bool| match out.last_mut() {
        Some((s, h)) if *h == hit && !hit => s.push_str(piece),
        _ => out.push((piece.to_owned(), hit)),
    };
    let mut start = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let word_char = c.is_alphanumeric();
        if word_char != in_word {
            if i > start {
                let piece = &text[start..i];
                push(piece, in_word && query.matches(locale, piece));
            }
            start = i;
            in_word = word_char;
        }
    }
    if start < text.len() {
        let piece = &text[start..];
        push(piece, in_word && query.matches(locale, piece));
    }
    out
}

/// Words shown around the first match.
const SNIPPET_WORDS: usize = 36;

/// A short excerpt of `text` around its first match, marked; "…" where it was cut.
pub fn snippet(query: &Query, locale: Locale, text: &str) -> Vec<Segment> {
    let flat = text.split_whitespace().collect::<Vec<_>>();
    let first = flat.iter().position(|w| highlight(query, locale, w).iter().any(|(_, h)| *h)).unwrap_or(0);
    let from = first.saturating_sub(8);
    let to = (from + SNIPPET_WORDS).min(flat.len());
    let mut excerpt = flat[from..to].join(" ");
    if from > 0 {
        excerpt.insert_str(0, "… ");
    }
    if to < flat.len() {
        excerpt.push_str(" …");
    }
    highlight(query, locale, &excerpt)
}

fn locale_of(code: &str) -> Locale {
    Locale::from_tag(code).unwrap_or(Locale::Es)
}

/// (Re)indexes one post: after it is written or edited. A topic's first post carries its title.
pub async fn index_post(tx: &mut Tx<'_>, post_id: i64) -> Result<(), AppError> {
    let row: Option<(String, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT p.body, p.number, t.title, u.locale FROM forum_posts p JOIN forum_topics t ON t.id = p.topic_id \
         LEFT JOIN users u ON u.id = p.user_id WHERE p.id = $1",
    )
    .bind(post_id)
    .fetch_optional(&mut **tx)
    .await
    .context("Failed to read a post to index")?;
    let Some((body, number, title, locale)) = row else { return Ok(()) };
    let locale = locale_of(locale.as_deref().unwrap_or_default());
    let mut text = crate::kernel::markdown::post_text(&body);
    if number == 1 {
        text = format!("{title}\n{text}");
    }
    let indexed = index_text(locale, &text);
    if tx.backend_name() == "PostgreSQL" {
        sqlx::query(
            "INSERT INTO forum_post_search (post_id, lang, doc) VALUES ($1, $2, to_tsvector('simple', $3)) \
             ON CONFLICT (post_id) DO UPDATE SET lang = excluded.lang, doc = excluded.doc",
        )
        .bind(post_id)
        .bind(locale.code())
        .bind(&indexed)
        .execute(&mut **tx)
        .await
        .context("Failed to index a post")?;
    } else {
        sqlx::query("DELETE FROM forum_post_search WHERE rowid = $1")
            .bind(post_id)
            .execute(&mut **tx)
            .await
            .context("Failed to unindex a post")?;
        sqlx::query("INSERT INTO forum_post_search (rowid, lang, words) VALUES ($1, $2, $3)")
            .bind(post_id)
            .bind(locale.code())
            .bind(&indexed)
            .execute(&mut **tx)
            .await
            .context("Failed to index a post")?;
    }
    Ok(())
}

/// Indexes posts the index does not have yet (posts from before search existed, or written
/// by a seed), in batches. Returns how many.
pub async fn backfill(pool: &AnyPool) -> Result<usize, AppError> {
    let key = if crate::kernel::db::engine(pool) == crate::kernel::db::Engine::Postgres {
        "post_id"
    } else {
        "rowid"
    };
    let (mut n, mut after) = (0, 0i64);
    loop {
        let ids: Vec<(i64,)> = sqlx::query_as(&format!(
            "SELECT p.id FROM forum_posts p WHERE p.id > $1 AND NOT EXISTS \
             (SELECT 1 FROM forum_post_search s WHERE s.{key} = p.id) ORDER BY p.id LIMIT 500"
        ))
        .bind(after)
        .fetch_all(pool)
        .await
        .context("Failed to list posts to index")?;
        let Some((last,)) = ids.last() else { return Ok(n) };
        after = *last;
        let mut tx = crate::kernel::db::begin(pool).await?;
        for (id,) in &ids {
            index_post(&mut tx, *id).await?;
        }
        tx.commit().await.context("Failed to commit indexed posts")?;
        n += ids.len();
    }
}

/// What a search may be narrowed to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filters {
    /// A category's slug.
    pub category: Option<String>,
    /// An @handle, with or without the @.
    pub author: Option<String>,
    /// Only topics with a marked answer.
    pub solved: bool,
    /// Posts written from this time on (Unix seconds)…
    pub since: Option<i64>,
    /// …and before this one.
    pub until: Option<i64>,
}

/// A post found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostHit {
    pub post_id: i64,
    pub topic_id: i64,
    pub slug: String,
    pub title: Vec<Segment>,
    pub number: i64,
    pub category_id: i64,
    pub author: Option<String>,
    pub created_at: i64,
    pub solved: bool,
    pub snippet: Vec<Segment>,
}

/// A filter's value, bound as its own parameter.
enum Value {
    Text(String),
    Int(i64),
}

/// One page of results (page 0 first), and whether there are more.
pub async fn search(
    pool: &AnyPool,
    reader: &Reader,
    text: &str,
    filters: &Filters,
    page: i64,
) -> Result<(Vec<PostHit>, bool), AppError> {
    let query = Query::parse(text);
    if query.is_empty() {
        return Ok((Vec::new(), false));
    }
    let categories: Vec<i64> = store::categories(pool)
        .await?
        .into_iter()
        .filter(|c| policy::may_read(reader, c))
        .filter(|c| filters.category.as_deref().is_none_or(|slug| c.slug == slug))
        .map(|c| c.id)
        .collect();
    if categories.is_empty() {
        return Ok((Vec::new(), false));
    }
    // `ids` are integers from our own rows; the query is letters, digits and our operators.
    let ids = categories.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let pg = crate::kernel::db::engine(pool) == crate::kernel::db::Engine::Postgres;
    // The newest matches the reader may see (at most CANDIDATES, found through the index in id
    // order, so a word in every other post costs no more than a rare one), ranked by relevance.
    let (key, matching, score, order) = if pg {
        (
            "s.post_id",
            "s.doc @@ to_tsquery('simple', $1)",
            "s.doc",
            "ts_rank(c.score, to_tsquery('simple', $1)) DESC",
        )
    } else {
        ("s.rowid", "forum_post_search MATCH $1", "bm25(forum_post_search)", "c.score")
    };
    // Only the filters asked for reach the SQL, each with its own parameter: the planner sees
    // exactly this search (and on PostgreSQL plans it with its values, never a generic plan).
    let author = filters.author.as_deref().unwrap_or_default().trim().trim_start_matches('@').to_lowercase();
    let mut conditions = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    if !author.is_empty() {
        values.push(Value::Text(author));
        conditions.push(format!(
            "AND p.user_id IN (SELECT user_id FROM forum_people WHERE handle = ${})",
            values.len() + 1
        ));
    }
    if filters.solved {
        conditions.push("AND t.solved_post_id IS NOT NULL".to_owned());
    }
    if let Some(since) = filters.since {
        values.push(Value::Int(since));
        conditions.push(format!("AND p.created_at >= ${}", values.len() + 1));
    }
    if let Some(until) = filters.until {
        values.push(Value::Int(until));
        conditions.push(format!("AND p.created_at < ${}", values.len() + 1));
    }
    let (limit, offset) = (values.len() + 2, values.len() + 3);
    let conditions = conditions.join(" ");
    let sql = format!(
        "SELECT p.id, p.topic_id, t.slug, t.title, p.number, t.category_id, u.display_name, p.created_at, \
         p.body, c.lang, t.solved_post_id FROM \
         (SELECT {key} AS id, s.lang AS lang, {score} AS score FROM forum_post_search s \
          JOIN forum_posts p ON p.id = {key} JOIN forum_topics t ON t.id = p.topic_id \
          WHERE {matching} AND t.category_id IN ({ids}) AND p.deleted_at IS NULL AND p.hidden_at IS NULL \
          AND t.deleted_at IS NULL {conditions} \
          ORDER BY {key} DESC LIMIT {CANDIDATES}) c \
         JOIN forum_posts p ON p.id = c.id JOIN forum_topics t ON t.id = p.topic_id \
         LEFT JOIN users u ON u.id = p.user_id \
         ORDER BY {order}, p.id DESC LIMIT ${limit} OFFSET ${offset}"
    );
    let mut q = sqlx::query(&sql).persistent(false).bind(if pg { query.tsquery() } else { query.fts5() });
    for v in values {
        q = match v {
            Value::Text(text) => q.bind(text),
            Value::Int(n) => q.bind(n),
        };
    }
    let rows = q
        .bind(PAGE + 1)
        .bind(page.max(0) * PAGE)
        .fetch_all(pool)
        .await
        .context("Failed to search the forums")?;
    let more = rows.len() as i64 > PAGE;
    let hits = rows
        .iter()
        .take(PAGE as usize)
        .map(|r| {
            let locale = locale_of(&r.get::<String, _>(9));
            let number: i64 = r.get(4);
            let title: String = r.get(3);
            let body: String = r.get(8);
            PostHit {
                post_id: r.get(0),
                topic_id: r.get(1),
                slug: r.get(2),
                title: highlight(&query, locale, &title),
                number,
                category_id: r.get(5),
                author: r.get(6),
                created_at: r.get(7),
                solved: r.get::<Option<i64>, _>(10).is_some(),
                snippet: snippet(&query, locale, &crate::kernel::markdown::post_text(&body)),
            }
        })
        .collect();
    Ok((hits, more))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_bridge_accents_plurals_and_languages() {
        let es = index_text(Locale::Es, "Los clústeres de cómputo");
        let q = Query::parse("cluster");
        assert!(q.groups[0].iter().any(|s| es.split(' ').any(|w| w == s)), "{es} / {q:?}");
        let pt = index_text(Locale::Pt, "Submeti trabalhos na fila");
        let q = Query::parse("trabalho");
        assert!(q.groups[0].iter().any(|s| pt.split(' ').any(|w| w == s)), "{pt} / {q:?}");
        assert!(!es.split(' ').any(|w| w == "los" || w == "de"), "stop words are not indexed: {es}");
    }

    #[test]
    fn a_query_of_only_stop_words_still_searches() {
        assert!(!Query::parse("para que").is_empty());
        assert!(Query::parse("a é").is_empty(), "single letters are not searched");
    }

    #[test]
    fn queries_carry_no_search_syntax() {
        for hostile in
            ["\"a\" OR b*", "NEAR(x y) -- ;DROP TABLE", "a & !b | c:* <-> d", "'); --", "\u{0}\u{202e}"]
        {
            let q = Query::parse(hostile);
            for s in q.groups.iter().flatten().chain(q.prefix.iter()) {
                assert!(s.chars().all(char::is_alphanumeric), "{s:?} from {hostile:?}");
            }
        }
    }

    #[test]
    fn matches_are_marked_in_the_original_text() {
        let q = Query::parse("clusters");
        let h = highlight(&q, Locale::Es, "Mi Clúster, tu clúster.");
        let marked: Vec<&str> = h.iter().filter(|(_, m)| *m).map(|(s, _)| s.as_str()).collect();
        assert_eq!(marked, vec!["Clúster", "clúster"]);
        assert_eq!(h.iter().map(|(s, _)| s.as_str()).collect::<String>(), "Mi Clúster, tu clúster.");
    }

    #[test]
    fn snippets_start_near_the_first_match() {
        let text = format!("{} objetivo final", "palabra ".repeat(100));
        let s = snippet(&Query::parse("objetivo"), Locale::Es, &text);
        let joined = s.iter().map(|(t, _)| t.as_str()).collect::<String>();
        assert!(joined.starts_with("… ") && joined.contains("objetivo"), "{joined}");
    }
}
