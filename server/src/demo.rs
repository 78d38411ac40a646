//! `puente demo seed`: fills an empty database with a believable site (people in every role in
//! Spanish and Portuguese, their progress, a month of notebook use, cohorts with their schedule,
//! attendance, surveys, certificates and a trainee in checkout, forum conversations and a flagged
//! post to review), each domain writing its own
//! part. It refuses to touch a database that already has people in it.

use anyhow::Context;
use app::auth::Role;
use app::kernel::secrets::Secrets;
use sqlx::AnyPool;

/// Every demo account's password (a demo site only: change or remove them before real use).
pub const PASSWORD: &str = "puente-demo-2026";
/// The demo admin's two-step login secret, to add to an authenticator app.
pub const ADMIN_TOTP: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// What was created, for the operator.
#[derive(Debug)]
pub struct Summary {
    pub people: Vec<(String, String, Vec<Role>)>,
    pub progress_rows: usize,
    pub notebook_sessions: usize,
    pub cohorts: usize,
    pub certificates: usize,
    pub forum_topics: usize,
    pub proposals: usize,
}

pub async fn seed(
    pool: &AnyPool,
    keys: &Secrets,
    catalog: &app::lessons::content::Catalog,
) -> anyhow::Result<Summary> {
    anyhow::ensure!(
        !app::accounts::demo::anyone(pool).await?,
        "this database already has people in it; the demo only fills an empty one (start from an empty database, e.g. rm -rf data)"
    );
    let hash = app::accounts::password::hash(PASSWORD.to_owned()).await?;
    let now = app::kernel::clock::now();
    let mut tx = app::kernel::db::begin(pool).await?;
    let people = app::accounts::demo::people(&mut tx, &hash, ADMIN_TOTP, keys).await?;
    let learners: Vec<&app::accounts::demo::DemoPerson> =
        people.iter().filter(|p| p.roles.is_empty()).collect();
    let ids: Vec<i64> = learners.iter().map(|p| p.id).collect();
    let progress_rows = app::lessons::demo::progress(&mut tx, catalog, &ids, now, 42).await?;
    let with_place: Vec<(i64, String)> = learners.iter().map(|p| (p.id, p.institution.to_owned())).collect();
    let notebook_sessions = app::notebooks::demo::history(&mut tx, &with_place, now, 7).await?;
    let trainers: Vec<(i64, String)> =
        people.iter().filter(|p| p.roles == [Role::Trainer]).map(|p| (p.id, p.name.to_owned())).collect();
    let with_locale: Vec<(i64, String)> =
        learners.iter().map(|p| (p.id, p.locale.code().to_owned())).collect();
    let made = app::cohorts::demo::seed(&mut tx, &trainers, &with_locale, now, 11).await?;
    let in_forum: Vec<(i64, String, i64)> =
        people.iter().map(|p| (p.id, p.name.to_owned(), if p.roles.is_empty() { 1 } else { 2 })).collect();
    let by_locale =
        |l: app::i18n::Locale| learners.iter().filter(|p| p.locale == l).map(|p| p.id).collect::<Vec<_>>();
    let trainer_ids: Vec<i64> = trainers.iter().map(|t| t.0).collect();
    let forum = app::forum::demo::seed(
        &mut tx,
        &in_forum,
        &trainer_ids,
        &by_locale(app::i18n::Locale::Es),
        &by_locale(app::i18n::Locale::Pt),
        now,
    )
    .await?;
    let admin =
        people.iter().find(|p| p.roles.contains(&Role::Admin)).map(|p| p.id).unwrap_or(trainer_ids[0]);
    let everyone: Vec<i64> = people.iter().map(|p| p.id).collect();
    let governance = app::governance::demo::seed(&mut tx, admin, &everyone, now).await?;
    tx.commit().await.context("Failed to commit the demo")?;
    Ok(Summary {
        people: people.into_iter().map(|p| (p.name.to_owned(), p.email, p.roles)).collect(),
        progress_rows,
        notebook_sessions,
        cohorts: made.cohorts,
        certificates: made.certificates,
        forum_topics: forum.topics,
        proposals: governance.proposals,
    })
}
