//! The accounts part of `puente demo seed`: believable people in every role, in Spanish and
//! Portuguese, from Latin American institutions.

use super::store::{self, NewUser};
use super::types::{DisplayName, Email};
use super::CONDUCT_VERSION;
use crate::auth::Role;
use crate::i18n::Locale;
use crate::kernel::db::Tx;
use crate::kernel::secrets::Secrets;
use anyhow::Context;

/// One demo person as created.
#[derive(Debug, Clone)]
pub struct DemoPerson {
    pub id: i64,
    pub name: &'static str,
    pub email: String,
    pub institution: &'static str,
    pub locale: Locale,
    pub roles: Vec<Role>,
}

/// name, email local part, locale, country, institution, roles
type Seed = (&'static str, &'static str, Locale, &'static str, &'static str, &'static [Role]);

const PEOPLE: [Seed; 16] = [
    ("Carmen Ibarra", "carmen.ibarra", Locale::Es, "MX", "UNAM", &[Role::Admin]),
    ("Lucía Morales", "lucia.morales", Locale::Es, "UY", "Universidad de la República", &[Role::Trainer]),
    (
        "Rafael Lima",
        "rafael.lima",
        Locale::Pt,
        "BR",
        "Universidade Federal de Minas Gerais",
        &[Role::Trainer],
    ),
    (
        "Diego Castillo",
        "diego.castillo",
        Locale::Es,
        "PE",
        "Pontificia Universidad Católica del Perú",
        &[Role::Moderator],
    ),
    ("Valentina Rojas", "valentina.rojas", Locale::Es, "CL", "Universidad de Chile", &[]),
    ("Mateo Fernández", "mateo.fernandez", Locale::Es, "AR", "Universidad de Buenos Aires", &[]),
    ("Camila Herrera", "camila.herrera", Locale::Es, "MX", "UNAM", &[]),
    ("Santiago Ramírez", "santiago.ramirez", Locale::Es, "CO", "Universidad de los Andes", &[]),
    ("Isabella Vargas", "isabella.vargas", Locale::Es, "CR", "Universidad de Costa Rica", &[]),
    ("Martín Acosta", "martin.acosta", Locale::Es, "UY", "Universidad de la República", &[]),
    ("Ana Beatriz Souza", "ana.souza", Locale::Pt, "BR", "Universidade de São Paulo", &[]),
    ("João Pedro Oliveira", "joao.oliveira", Locale::Pt, "BR", "Universidade Federal do Rio de Janeiro", &[]),
    ("Mariana Costa", "mariana.costa", Locale::Pt, "BR", "Unicamp", &[]),
    ("Gabriel Santos", "gabriel.santos", Locale::Pt, "BR", "Universidade Federal da Bahia", &[]),
    (
        "Larissa Almeida",
        "larissa.almeida",
        Locale::Pt,
        "BR",
        "Universidade Federal do Rio Grande do Sul",
        &[],
    ),
    ("Thiago Pereira", "thiago.pereira", Locale::Pt, "BR", "Fiocruz", &[]),
];

/// The domain of every demo address (reserved for examples: mail to it goes nowhere).
pub const DOMAIN: &str = "demo.puente.example";

/// Creates the demo people (verified, code of conduct accepted) with `password_hash`; the admin
/// and the trainers and moderator also get two-step login with `totp_secret` (sealed), so their pages open.
pub async fn people(
    tx: &mut Tx<'_>,
    password_hash: &str,
    totp_secret: &str,
    keys: &Secrets,
) -> anyhow::Result<Vec<DemoPerson>> {
    let mut out = Vec::new();
    for (name, local, locale, country, institution, roles) in PEOPLE {
        let email = format!("{local}@{DOMAIN}");
        let new = NewUser {
            email: Email::parse(&email).map_err(|e| anyhow::anyhow!("demo email {email}: {}", e.code()))?,
            name: DisplayName::parse(name).map_err(|e| anyhow::anyhow!("demo name {name}: {}", e.code()))?,
            password_hash: Some(password_hash.to_owned()),
            locale,
            country: country.to_owned(),
            institution: institution.to_owned(),
            conduct_version: CONDUCT_VERSION,
            verified: true,
        };
        let id = store::create_user(tx, &new).await?.context("a demo address is taken")?;
        for role in roles {
            store::grant_role_tx(tx, id, *role).await?;
        }
        // Powers over other people need a second factor: every privileged demo account has one.
        if !roles.is_empty() {
            sqlx::query("UPDATE users SET totp_secret = $2, totp_enabled_at = created_at WHERE id = $1")
                .bind(id)
                .bind(keys.seal(totp_secret)?)
                .execute(&mut **tx)
                .await
                .context("Failed to give a demo account two-step login")?;
        }
        out.push(DemoPerson { id, name, email, institution, locale, roles: roles.to_vec() });
    }
    Ok(out)
}

/// Whether any account exists (the demo only fills an empty site).
pub async fn anyone(pool: &sqlx::AnyPool) -> anyhow::Result<bool> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
        .fetch_one(pool)
        .await
        .context("Failed to count people")?;
    Ok(n > 0)
}
