//! The cohorts part of `puente demo seed`: a running Spanish cohort (sessions past and coming,
//! attendance, pre-survey answers), a finished Portuguese one with post-survey answers and its
//! certificates issued, and a Train-the-Trainer cohort whose finisher is half-way through checkout.

use super::store::{self, CohortInput};
use super::types::{Attendance, Enrolment, MemberState, Role, Visibility};
use crate::kernel::db::Tx;
use anyhow::Context;
use rand::{Rng, SeedableRng};

const DAY: i64 = 86_400;

/// What the seed made.
#[derive(Debug, Default)]
pub struct Made {
    pub cohorts: usize,
    pub sessions: usize,
    pub certificates: usize,
}

fn input(
    slug: &str,
    course: &str,
    locale: &str,
    title: &str,
    description: &str,
    institution: &str,
    zone: &str,
) -> CohortInput {
    CohortInput {
        slug: slug.into(),
        course: course.into(),
        locale: locale.into(),
        title: title.into(),
        description: description.into(),
        institution: institution.into(),
        capacity: 25,
        visibility: Visibility::Listed,
        enrolment: Enrolment::Code,
        time_zone: zone.into(),
        core_hour_budget: Some(400),
        cert_attendance: 75,
        cert_survey: true,
        cert_episodes: false,
    }
}

async fn sessions(
    tx: &mut Tx<'_>,
    cohort: i64,
    first: i64,
    count: i64,
    zone: &str,
    episodes: &[&str],
) -> anyhow::Result<Vec<i64>> {
    let mut ids = Vec::new();
    for i in 0..count {
        let s = store::SessionInput {
            title: String::new(),
            starts_at: first + i * 7 * DAY,
            minutes: 120,
            time_zone: zone.into(),
            place: String::new(),
            link: "https://meet.example/puente-demo".into(),
            episodes: episodes.get(i as usize).map(|e| vec![(*e).to_owned()]).unwrap_or_default(),
        };
        let id = store::add_session(tx, cohort, &s).await?;
        super::jobs::schedule_reminder(tx, id, 0, s.starts_at).await?;
        ids.push(id);
    }
    Ok(ids)
}

/// Anonymous answers to a survey (and who answered, kept apart), the way `surveys::submit` does.
async fn answers(
    tx: &mut Tx<'_>,
    cohort: i64,
    survey: &str,
    takers: &[i64],
    rng: &mut rand::rngs::StdRng,
) -> anyhow::Result<()> {
    let comments =
        ["Muy claro y práctico.", "Me gustaría más ejercicios con Slurm.", "Ótimo ritmo, obrigado!", ""];
    for user in takers {
        sqlx::query("INSERT INTO survey_takers (cohort_id, survey, user_id) VALUES ($1, $2, $3)")
            .bind(cohort)
            .bind(survey)
            .bind(user)
            .execute(&mut **tx)
            .await
            .context("Failed to record a demo survey taker")?;
        let response: i64 = sqlx::query_as::<_, (i64,)>(
            "INSERT INTO survey_responses (cohort_id, survey, submitted_on) VALUES ($1, $2, '2026-11-20') RETURNING id",
        )
        .bind(cohort)
        .bind(survey)
        .fetch_one(&mut **tx)
        .await
        .context("Failed to record a demo response")?
        .0;
        let mut rows: Vec<(&str, Option<i64>, &str)> = vec![("nps", Some(rng.random_range(6..=10)), "")];
        for q in super::surveys::LIKERT {
            rows.push((q, Some(rng.random_range(3..=5)), ""));
        }
        let c = comments[rng.random_range(0..comments.len())];
        if !c.is_empty() {
            rows.push(("comment", None, c));
        }
        for (q, n, text) in rows {
            sqlx::query(
                "INSERT INTO survey_answers (response_id, question, number, text) VALUES ($1, $2, $3, $4)",
            )
            .bind(response)
            .bind(q)
            .bind(n)
            .bind(text)
            .execute(&mut **tx)
            .await
            .context("Failed to record a demo answer")?;
        }
    }
    Ok(())
}

/// `trainers`: (id, name) of trainers in Spanish and Portuguese; `learners`: (id, locale code).
pub async fn seed(
    tx: &mut Tx<'_>,
    trainers: &[(i64, String)],
    learners: &[(i64, String)],
    now: i64,
    seed: u64,
) -> anyhow::Result<Made> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut made = Made::default();
    let (Some((es_lead, _)), Some((pt_lead, pt_name))) = (trainers.first(), trainers.get(1)) else {
        return Ok(made);
    };
    let es: Vec<i64> = learners.iter().filter(|(_, l)| l == "es").map(|(id, _)| *id).collect();
    let pt: Vec<i64> = learners.iter().filter(|(_, l)| l == "pt").map(|(id, _)| *id).collect();
    let episodes = [
        "01-what-is-a-cluster",
        "02-the-shell",
        "03-moving-data",
        "04-software-environments",
        "05-jupyter-on-the-cluster",
        "06-slurm",
    ];

    // A running Spanish cohort: three sessions held, three to come.
    let running = input(
        "python-cluster-2026-bogota",
        "desktop-to-cluster",
        "es",
        "Del escritorio al clúster — Bogotá, 2026",
        "Seis encuentros semanales para llevar tu análisis de Python del portátil al clúster.\n\n\
         Trae tu propio problema: lo trabajamos en el notebook de cada episodio.",
        "Universidad de los Andes",
        "America/Bogota",
    );
    let id = store::create(tx, &running, *es_lead, "7KQ2M9XR").await?.context("demo slug taken")?;
    sqlx::query("UPDATE cohorts SET state = 'running' WHERE id = $1").bind(id).execute(&mut **tx).await?;
    let first = (now - 3 * 7 * DAY) / DAY * DAY + 14 * 3600;
    let ids = sessions(tx, id, first, 6, "America/Bogota", &episodes).await?;
    for user in &es {
        store::put_member(tx, id, *user, Role::Learner, MemberState::Enrolled, "").await?;
    }
    for (k, session) in ids.iter().take(3).enumerate() {
        for (i, user) in es.iter().enumerate() {
            let status = match (i + k) % 7 {
                0 => Attendance::Late,
                3 if k == 2 => Attendance::Excused,
                5 if k == 1 => Attendance::Absent,
                _ => Attendance::Present,
            };
            store::mark(tx, *session, *user, status, *es_lead).await?;
        }
    }
    answers(tx, id, "pre", &es[..es.len().min(6)], &mut rng).await?;
    made.cohorts += 1;
    made.sessions += ids.len();

    // A finished Portuguese cohort, its certificates issued.
    let finished = input(
        "do-desktop-ao-cluster-2026-sao-paulo",
        "desktop-to-cluster",
        "pt",
        "Do desktop ao cluster — São Paulo, 2026",
        "Quatro encontros para aprender a usar o cluster da universidade com Jupyter e Slurm.",
        "Universidade de São Paulo",
        "America/Sao_Paulo",
    );
    let fid = store::create(tx, &finished, *pt_lead, "P4TNV8WA").await?.context("demo slug taken")?;
    sqlx::query("UPDATE cohorts SET state = 'finished', enrolment = 'open' WHERE id = $1")
        .bind(fid)
        .execute(&mut **tx)
        .await?;
    let ffirst = now - 10 * 7 * DAY + 17 * 3600;
    let fids = sessions(tx, fid, ffirst, 4, "America/Sao_Paulo", &episodes[2..]).await?;
    for user in &pt {
        store::put_member(tx, fid, *user, Role::Learner, MemberState::Enrolled, "").await?;
        for (k, session) in fids.iter().enumerate() {
            let status =
                if (*user as usize + k).is_multiple_of(5) { Attendance::Absent } else { Attendance::Present };
            store::mark(tx, *session, *user, status, *pt_lead).await?;
        }
    }
    answers(tx, fid, "post", &pt, &mut rng).await?;
    let zone = jiff::tz::TimeZone::get("America/Sao_Paulo").unwrap_or(jiff::tz::TimeZone::UTC);
    let day = |at: i64| super::types::local_fields(at, &zone).0;
    for user in &pt {
        let attended =
            fids.iter().enumerate().filter(|(k, _)| !(*user as usize + k).is_multiple_of(5)).count();
        if attended * 100 / fids.len() < 75 {
            continue;
        }
        let (from, to) = (day(ffirst), day(ffirst + 21 * DAY));
        let facts =
            ("desktop-to-cluster", finished.title.as_str(), from.as_str(), to.as_str(), 8, pt_name.as_str());
        if super::certificates::insert(
            tx,
            "completion",
            &format!("cohort:{fid}"),
            *user,
            Some(fid),
            facts,
            Some(*pt_lead),
        )
        .await?
        .is_some()
        {
            made.certificates += 1;
        }
    }
    made.cohorts += 1;
    made.sessions += fids.len();

    // A finished Train-the-Trainer cohort; its first finisher is half-way through checkout.
    let ttt = input(
        "formacion-de-formadores-2026",
        super::checkout::TTT_COURSE,
        "es",
        "Formación de formadores — cohorte de otoño 2026",
        "Para quienes quieren enseñar los cursos de Puente en su institución.",
        "",
        "America/Mexico_City",
    );
    let tid = store::create(tx, &ttt, *es_lead, "TT7RN3QZ").await?.context("demo slug taken")?;
    sqlx::query("UPDATE cohorts SET state = 'finished' WHERE id = $1").bind(tid).execute(&mut **tx).await?;
    let tfirst = now - 5 * 7 * DAY + 15 * 3600;
    let tids = sessions(tx, tid, tfirst, 2, "America/Mexico_City", &[]).await?;
    if let Some(trainee) = es.last().copied() {
        store::put_member(tx, tid, trainee, Role::Learner, MemberState::Enrolled, "").await?;
        for s in &tids {
            store::mark(tx, *s, trainee, Attendance::Present, *es_lead).await?;
        }
        let end = tfirst + 7 * DAY + 7200;
        sqlx::query(
            "INSERT INTO checkouts (user_id, cohort_id, training_end, deadline, training, welcome, welcome_by, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, 'p', 'p', $5, $3, $3)",
        )
        .bind(trainee)
        .bind(tid)
        .bind(end)
        .bind(end + super::checkout::DEADLINE_DAYS * DAY)
        .bind(*es_lead)
        .execute(&mut **tx)
        .await
        .context("Failed to start a demo checkout")?;
        let slot: i64 = sqlx::query_as::<_, (i64,)>(
            "INSERT INTO demo_slots (starts_at, minutes, link, host_id, capacity, created_at) VALUES ($1, 60, \
             'https://meet.example/puente-demos', $2, 4, $3) RETURNING id",
        )
        .bind(now + 4 * DAY + 3600)
        .bind(*pt_lead)
        .bind(now)
        .fetch_one(&mut **tx)
        .await
        .context("Failed to add a demo slot")?
        .0;
        sqlx::query("INSERT INTO demos (slot_id, user_id, created_at) VALUES ($1, $2, $3)")
            .bind(slot)
            .bind(trainee)
            .bind(now)
            .execute(&mut **tx)
            .await
            .context("Failed to book a demo")?;
    }
    made.cohorts += 1;
    made.sessions += tids.len();
    Ok(made)
}
