//! Feedback surveys, before and after a cohort: a built-in template (would you recommend it, 0–10;
//! three statements to agree with, 1–5; a comment) that trainers may extend with their own
//! questions. Answers are anonymous to trainers: a response carries no person and only its day,
//! who answered is kept apart (so nobody answers twice), and results are shown as aggregates,
//! the NPS and comments only once at least [`MIN_ANSWERS`] people answered.

use super::store::Cohort;
use super::types::{MemberState, Role, Survey};
use crate::errors::AppError;
use crate::kernel::db::begin;
use anyhow::Context;
use sqlx::{AnyPool, Row};
use std::collections::HashMap;

/// Answers needed before the NPS and the comments are shown.
pub const MIN_ANSWERS: i64 = 5;

/// The template's statements (Fluent ids `survey-likert-<n>`).
pub const LIKERT: [&str; 3] = ["likert-1", "likert-2", "likert-3"];

/// A trainer's own question.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Question {
    pub id: i64,
    pub kind: String,
    pub prompt: String,
}

pub async fn questions(pool: &AnyPool, cohort_id: i64, survey: Survey) -> anyhow::Result<Vec<Question>> {
    Ok(sqlx::query(
        "SELECT id, kind, prompt FROM survey_questions WHERE cohort_id = $1 AND survey = $2 ORDER BY id",
    )
    .bind(cohort_id)
    .bind(survey.code())
    .fetch_all(pool)
    .await
    .context("Failed to read survey questions")?
    .iter()
    .map(|r| Question { id: r.get(0), kind: r.get(1), prompt: r.get(2) })
    .collect())
}

pub async fn add_question(
    pool: &AnyPool,
    cohort_id: i64,
    survey: Survey,
    kind: &str,
    prompt: &str,
) -> anyhow::Result<()> {
    sqlx::query("INSERT INTO survey_questions (cohort_id, survey, kind, prompt, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(cohort_id)
        .bind(survey.code())
        .bind(kind)
        .bind(prompt)
        .bind(crate::kernel::clock::now())
        .execute(pool)
        .await
        .context("Failed to add a survey question")?;
    Ok(())
}

/// Whether the person answered the pre- and the post-survey.
pub async fn answered(pool: &AnyPool, cohort_id: i64, user_id: i64) -> anyhow::Result<(bool, bool)> {
    let rows = sqlx::query("SELECT survey FROM survey_takers WHERE cohort_id = $1 AND user_id = $2")
        .bind(cohort_id)
        .bind(user_id)
        .fetch_all(pool)
        .await
        .context("Failed to read survey takers")?;
    let has = |s: &str| rows.iter().any(|r| r.get::<String, _>(0) == s);
    Ok((has("pre"), has("post")))
}

/// One submitted survey, already checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Answers {
    pub nps: i64,
    pub likert: [i64; 3],
    pub comment: String,
    /// `q<id>` → (number, text)
    pub extra: Vec<(String, Option<i64>, String)>,
}

/// Reads a survey's form: every built-in question is required; trainers' questions are optional.
pub fn parse(
    form: &crate::http::FormData,
    questions: &[Question],
) -> Result<Answers, Vec<(String, &'static str)>> {
    let mut problems = Vec::new();
    let number =
        |name: &str, max: i64| form.get(name).trim().parse::<i64>().ok().filter(|n| (0..=max).contains(n));
    let nps = number("nps", 10);
    if nps.is_none() {
        problems.push(("nps".to_owned(), "survey-choose"));
    }
    let mut likert = [0; 3];
    for (i, q) in LIKERT.iter().enumerate() {
        match number(q, 5).filter(|n| *n >= 1) {
            Some(n) => likert[i] = n,
            None => problems.push(((*q).to_owned(), "survey-choose")),
        }
    }
    let comment = super::types::parse_text(form.get("comment"), 2000, "survey-comment-invalid")
        .map_err(|c| problems.push(("comment".to_owned(), c)))
        .unwrap_or_default();
    let mut extra = Vec::new();
    for q in questions {
        let name = format!("q{}", q.id);
        let raw = form.get(&name).trim();
        if raw.is_empty() {
            continue;
        }
        if q.kind == "likert" {
            match number(&name, 5).filter(|n| *n >= 1) {
                Some(n) => extra.push((name, Some(n), String::new())),
                None => problems.push((name, "survey-choose")),
            }
        } else {
            match super::types::parse_text(raw, 2000, "survey-comment-invalid") {
                Ok(t) => extra.push((name, None, t)),
                Err(c) => problems.push((name, c)),
            }
        }
    }
    match (nps, problems.is_empty()) {
        (Some(nps), true) => Ok(Answers { nps, likert, comment, extra }),
        _ => Err(problems),
    }
}

/// Records one person's answers, once: the taker row is written first, in the same transaction,
/// and a second submission (also a concurrent one) finds it there and changes nothing.
pub async fn submit(
    pool: &AnyPool,
    cohort: &Cohort,
    user_id: i64,
    survey: Survey,
    a: &Answers,
) -> Result<(), AppError> {
    let mut tx = begin(pool).await?;
    match super::store::membership(&mut *tx, cohort.id, user_id).await? {
        Some(m) if m.role == Role::Learner && m.state == MemberState::Enrolled => {}
        _ => return Err(AppError::Forbidden),
    }
    let taken = sqlx::query(
        "INSERT INTO survey_takers (cohort_id, survey, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(cohort.id)
    .bind(survey.code())
    .bind(user_id)
    .execute(&mut *tx)
    .await
    .context("Failed to record a survey taker")?;
    if taken.rows_affected() == 0 {
        return Err(AppError::Conflict { code: "survey-already-answered".to_owned() });
    }
    let day = jiff::Timestamp::from_second(crate::kernel::clock::now())
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date().to_string())
        .unwrap_or_default();
    let response: i64 = sqlx::query(
        "INSERT INTO survey_responses (cohort_id, survey, submitted_on) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(cohort.id)
    .bind(survey.code())
    .bind(day)
    .fetch_one(&mut *tx)
    .await
    .context("Failed to record a survey response")?
    .get(0);
    let mut rows: Vec<(String, Option<i64>, String)> = vec![("nps".into(), Some(a.nps), String::new())];
    rows.extend(LIKERT.iter().zip(a.likert).map(|(q, n)| ((*q).to_owned(), Some(n), String::new())));
    if !a.comment.is_empty() {
        rows.push(("comment".into(), None, a.comment.clone()));
    }
    rows.extend(a.extra.iter().cloned());
    for (question, number, text) in rows {
        sqlx::query(
            "INSERT INTO survey_answers (response_id, question, number, text) VALUES ($1, $2, $3, $4)",
        )
        .bind(response)
        .bind(question)
        .bind(number)
        .bind(text)
        .execute(&mut *tx)
        .await
        .context("Failed to record an answer")?;
    }
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// The Net Promoter Score of 0–10 answers: % of 9–10 minus % of 0–6, from −100 to 100.
pub fn nps(scores: &[i64]) -> Option<i64> {
    if scores.is_empty() {
        return None;
    }
    let n = scores.len() as f64;
    let promoters = scores.iter().filter(|s| **s >= 9).count() as f64;
    let detractors = scores.iter().filter(|s| **s <= 6).count() as f64;
    Some(((promoters - detractors) * 100.0 / n).round() as i64)
}

/// What the results page shows for one survey.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Results {
    pub responses: i64,
    pub learners: i64,
    /// `None` below [`MIN_ANSWERS`].
    pub nps: Option<i64>,
    /// question → (answers, average, counts of 1..=5)
    pub likert: Vec<(String, i64, f64, [i64; 5])>,
    /// Shown only at [`MIN_ANSWERS`] or more, sorted (never in the order given).
    pub comments: Vec<String>,
    pub comment_count: i64,
}

pub async fn results(
    pool: &AnyPool,
    cohort: &Cohort,
    survey: Survey,
    questions: &[Question],
) -> anyhow::Result<Results> {
    let (learners,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM cohort_members WHERE cohort_id = $1 AND role = 'learner' AND state = 'enrolled'",
    )
    .bind(cohort.id)
    .fetch_one(pool)
    .await
    .context("Failed to count learners")?;
    let rows = sqlx::query(
        "SELECT a.question, a.number, a.text FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id \
         WHERE r.cohort_id = $1 AND r.survey = $2",
    )
    .bind(cohort.id)
    .bind(survey.code())
    .fetch_all(pool)
    .await
    .context("Failed to read survey answers")?;
    let (responses,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM survey_responses WHERE cohort_id = $1 AND survey = $2")
            .bind(cohort.id)
            .bind(survey.code())
            .fetch_one(pool)
            .await
            .context("Failed to count responses")?;
    let mut numbers: HashMap<String, Vec<i64>> = HashMap::new();
    let mut texts: Vec<String> = Vec::new();
    for r in &rows {
        let q: String = r.get(0);
        if let Some(n) = r.get::<Option<i64>, _>(1) {
            numbers.entry(q).or_default().push(n);
        } else if q == "comment" || questions.iter().any(|x| format!("q{}", x.id) == q && x.kind == "text") {
            let t: String = r.get(2);
            if !t.is_empty() {
                texts.push(t);
            }
        }
    }
    let enough = responses >= MIN_ANSWERS;
    let mut likert_keys: Vec<String> = LIKERT.iter().map(|s| (*s).to_owned()).collect();
    likert_keys.extend(questions.iter().filter(|q| q.kind == "likert").map(|q| format!("q{}", q.id)));
    let likert = likert_keys
        .into_iter()
        .map(|k| {
            let v = numbers.get(&k).cloned().unwrap_or_default();
            let mut counts = [0i64; 5];
            for n in &v {
                if (1..=5).contains(n) {
                    counts[(*n - 1) as usize] += 1;
                }
            }
            let avg = if v.is_empty() { 0.0 } else { v.iter().sum::<i64>() as f64 / v.len() as f64 };
            (k, v.len() as i64, avg, counts)
        })
        .collect();
    let comment_count = texts.len() as i64;
    texts.sort();
    Ok(Results {
        responses,
        learners,
        nps: if enough { nps(numbers.get("nps").map(Vec::as_slice).unwrap_or_default()) } else { None },
        likert,
        comments: if enough { texts } else { Vec::new() },
        comment_count,
    })
}

/// NPS of the post-surveys across cohorts, by course and by institution (groups with at least
/// [`MIN_ANSWERS`] answers), for admins.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Overview {
    pub by_course: Vec<(String, i64, Option<i64>)>,
    pub by_institution: Vec<(String, i64, Option<i64>)>,
}

pub async fn overview(pool: &AnyPool) -> anyhow::Result<Overview> {
    let rows = sqlx::query(
        "SELECT c.course, c.institution, a.number FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id \
         JOIN cohorts c ON c.id = r.cohort_id WHERE r.survey = 'post' AND a.question = 'nps'",
    )
    .fetch_all(pool)
    .await
    .context("Failed to read NPS answers")?;
    let mut by_course: HashMap<String, Vec<i64>> = HashMap::new();
    let mut by_inst: HashMap<String, Vec<i64>> = HashMap::new();
    for r in &rows {
        let n: Option<i64> = r.get(2);
        if let Some(n) = n {
            by_course.entry(r.get(0)).or_default().push(n);
            by_inst.entry(r.get(1)).or_default().push(n);
        }
    }
    let summarise = |m: HashMap<String, Vec<i64>>| {
        let mut v: Vec<(String, i64, Option<i64>)> = m
            .into_iter()
            .map(|(k, s)| {
                let n = s.len() as i64;
                (k, n, if n >= MIN_ANSWERS { nps(&s) } else { None })
            })
            .collect();
        v.sort();
        v
    };
    Ok(Overview { by_course: summarise(by_course), by_institution: summarise(by_inst) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nps_counts_promoters_minus_detractors() {
        assert_eq!(nps(&[10, 9, 8, 7, 0]), Some(20));
        assert_eq!(nps(&[6, 6, 6]), Some(-100));
        assert_eq!(nps(&[9, 10]), Some(100));
        assert_eq!(nps(&[]), None);
        assert_eq!(nps(&[9, 9, 6]), Some(33));
    }

    #[test]
    fn a_survey_needs_its_template_answered() {
        let form = |pairs: &[(&str, &str)]| {
            crate::http::FormData(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
        };
        let q = [Question { id: 4, kind: "likert".into(), prompt: "¿?".into() }];
        let ok = form(&[("nps", "9"), ("likert-1", "5"), ("likert-2", "4"), ("likert-3", "3"), ("q4", "2")]);
        let a = parse(&ok, &q).unwrap();
        assert_eq!((a.nps, a.likert, a.extra.len()), (9, [5, 4, 3], 1));
        let bad =
            form(&[("nps", "11"), ("likert-1", "0"), ("likert-2", "4"), ("likert-3", "x"), ("q4", "9")]);
        let problems = parse(&bad, &q).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["nps", "likert-1", "likert-3", "q4"]);
    }
}
