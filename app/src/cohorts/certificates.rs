//! Certificates: of completion (a cohort's rule met) and of certified trainers (the checkout
//! done). Each has a 128-bit random code and a public page at `/verify/{code}`; its JSON form is
//! signed with Ed25519 over canonical JSON (RFC 8785) and the public key is published, so anyone
//! can check a certificate offline. A certificate never holds an email address.

use super::service::{self, Links};
use super::store::{self, Cohort, RosterRow};
use super::types::{MemberState, Role};
use crate::auth::Actor;
use crate::errors::AppError;
use crate::i18n::Locale;
use crate::kernel::db::{begin, Tx};
use anyhow::Context;
use base64::Engine as _;
use ed25519_dalek::{Signer, SigningKey};
use sqlx::{AnyPool, Row};

/// A certificate as stored (what it says was copied in when it was issued).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Certificate {
    pub code: String,
    pub kind: String,
    pub user_id: i64,
    pub cohort_id: Option<i64>,
    pub holder_name: String,
    pub course: String,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub hours: i64,
    pub issuer: String,
    pub locale: String,
    pub issued_at: i64,
    pub revoked_at: Option<i64>,
    pub revoked_reason: String,
}

impl Certificate {
    pub fn valid(&self) -> bool {
        self.revoked_at.is_none()
    }
}

const COLUMNS: &str =
    "code, kind, user_id, cohort_id, holder_name, course, title, starts_on, ends_on, hours, issuer, \
     locale, issued_at, revoked_at, revoked_reason";

fn of_row(r: &sqlx::any::AnyRow) -> Certificate {
    Certificate {
        code: r.get(0),
        kind: r.get(1),
        user_id: r.get(2),
        cohort_id: r.get(3),
        holder_name: r.get(4),
        course: r.get(5),
        title: r.get(6),
        starts_on: r.get(7),
        ends_on: r.get(8),
        hours: r.get(9),
        issuer: r.get(10),
        locale: r.get(11),
        issued_at: r.get(12),
        revoked_at: r.get(13),
        revoked_reason: r.get(14),
    }
}

pub async fn by_code(pool: &AnyPool, code: &str) -> anyhow::Result<Option<Certificate>> {
    Ok(sqlx::query(&format!("SELECT {COLUMNS} FROM certificates WHERE code = $1"))
        .bind(code)
        .fetch_optional(pool)
        .await
        .context("Failed to read a certificate")?
        .as_ref()
        .map(of_row))
}

/// A person's certificate in one scope (`cohort:<id>` or `trainer`): its code and whether valid.
pub async fn of_person(pool: &AnyPool, user_id: i64, scope: &str) -> anyhow::Result<Option<(String, bool)>> {
    Ok(sqlx::query("SELECT code, revoked_at FROM certificates WHERE user_id = $1 AND scope = $2")
        .bind(user_id)
        .bind(scope)
        .fetch_optional(pool)
        .await
        .context("Failed to read a certificate")?
        .map(|r| (r.get(0), r.get::<Option<i64>, _>(1).is_none())))
}

/// Every certificate a person holds (for their data export).
pub async fn of_holder(pool: &AnyPool, user_id: i64) -> anyhow::Result<Vec<Certificate>> {
    Ok(sqlx::query(&format!("SELECT {COLUMNS} FROM certificates WHERE user_id = $1 ORDER BY issued_at"))
        .bind(user_id)
        .fetch_all(pool)
        .await
        .context("Failed to read certificates")?
        .iter()
        .map(of_row)
        .collect())
}

/// Why a learner does not meet the cohort's rule (a Fluent id), or `Ok`.
pub fn meets_rule(
    cohort: &Cohort,
    row: &RosterRow,
    held: usize,
    total_episodes: i64,
) -> Result<(), &'static str> {
    if row.role != Role::Learner || row.state != MemberState::Enrolled {
        return Err("certificate-not-a-learner");
    }
    if service::attendance_percent(row.attended, held) < cohort.cert_attendance {
        return Err("certificate-attendance-short");
    }
    if cohort.cert_survey && !row.survey_answered {
        return Err("certificate-survey-missing");
    }
    if cohort.cert_episodes && row.episodes_done < total_episodes {
        return Err("certificate-episodes-missing");
    }
    Ok(())
}

/// What a certificate says about a cohort: first and last day, hours of its sessions.
fn cohort_facts(cohort: &Cohort, sessions: &[store::Session]) -> (String, String, i64) {
    let zone = jiff::tz::TimeZone::get(&cohort.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let day = |at: i64| super::types::local_fields(at, &zone).0;
    let held: Vec<&store::Session> = sessions.iter().filter(|s| !s.cancelled()).collect();
    let first = held.first().map(|s| day(s.starts_at)).unwrap_or_default();
    let last = held.last().map(|s| day(s.starts_at)).unwrap_or_default();
    let minutes: i64 = held.iter().map(|s| s.minutes).sum();
    (first, last, (minutes + 30) / 60)
}

/// Inserts a certificate unless the person already has one in that scope; returns its code.
#[allow(clippy::too_many_arguments)]
pub async fn insert(
    tx: &mut Tx<'_>,
    kind: &str,
    scope: &str,
    user_id: i64,
    cohort_id: Option<i64>,
    (course, title, starts_on, ends_on, hours, issuer): (&str, &str, &str, &str, i64, &str),
    issued_by: Option<i64>,
) -> anyhow::Result<Option<String>> {
    let Some(holder) = store::recipient(&mut **tx, user_id).await? else { return Ok(None) };
    let code = super::types::new_certificate_code();
    let row = sqlx::query(
        "INSERT INTO certificates (code, kind, scope, user_id, cohort_id, holder_name, course, title, starts_on, \
         ends_on, hours, issuer, locale, issued_by, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
         $12, $13, $14, $15) ON CONFLICT (user_id, scope) DO NOTHING RETURNING code",
    )
    .bind(&code)
    .bind(kind)
    .bind(scope)
    .bind(user_id)
    .bind(cohort_id)
    .bind(&holder.name)
    .bind(course)
    .bind(title)
    .bind(starts_on)
    .bind(ends_on)
    .bind(hours)
    .bind(issuer)
    .bind(&holder.locale)
    .bind(issued_by)
    .bind(crate::kernel::clock::now())
    .fetch_optional(&mut **tx)
    .await
    .context("Failed to issue a certificate")?;
    Ok(row.map(|r| r.get(0)))
}

/// Emails the holder their certificate's address, in their language.
pub async fn notify_issued(
    tx: &mut Tx<'_>,
    links: &Links,
    user_id: i64,
    code: &str,
    title: &str,
) -> anyhow::Result<()> {
    let Some(r) = store::recipient(&mut **tx, user_id).await? else { return Ok(()) };
    let locale = Locale::from_segment(&r.locale).unwrap_or_default();
    let link = format!("{}/verify/{code}", links.base);
    let composed = crate::mail::compose_with(
        locale,
        "email-certificate-issued",
        &[("name", &r.name), ("cohort", title)],
        &link,
    );
    crate::mail::enqueue(tx, Some(user_id), &r.email, composed).await
}

/// Issues certificates to everyone named in `only` (or, when empty, everyone who meets the rule
/// and has none). Someone named who does not meet the rule refuses the whole request.
pub async fn issue(
    pool: &AnyPool,
    links: &Links,
    actor: Option<&Actor>,
    slug: &str,
    only: &[i64],
    total_episodes: i64,
) -> Result<usize, AppError> {
    let cohort = service::managed(pool, slug, actor).await?;
    let sessions = store::sessions(pool, cohort.id).await?;
    let held = service::held(&sessions, crate::kernel::clock::now());
    let rows = store::roster(pool, &cohort, &held).await?;
    let mut chosen = Vec::new();
    if only.is_empty() {
        chosen.extend(rows.iter().filter(|r| {
            r.certificate.is_empty() && meets_rule(&cohort, r, held.len(), total_episodes).is_ok()
        }));
    } else {
        for id in only {
            let row = rows.iter().find(|r| r.user_id == *id).ok_or(AppError::Validation {
                field: "user".into(),
                code: "certificate-not-a-learner".into(),
            })?;
            meets_rule(&cohort, row, held.len(), total_episodes)
                .map_err(|c| AppError::Validation { field: "user".into(), code: c.into() })?;
            if !row.certificate.is_empty() {
                return Err(AppError::Conflict { code: "certificate-exists".into() });
            }
            chosen.push(row);
        }
    }
    let (starts_on, ends_on, hours) = cohort_facts(&cohort, &sessions);
    let issuer = rows.iter().find(|r| r.role == Role::Lead).map(|r| r.name.clone()).unwrap_or_default();
    let scope = format!("cohort:{}", cohort.id);
    let mut tx = begin(pool).await?;
    let mut issued = 0;
    for row in chosen {
        let facts = (
            cohort.course.as_str(),
            cohort.title.as_str(),
            starts_on.as_str(),
            ends_on.as_str(),
            hours,
            issuer.as_str(),
        );
        if let Some(code) = insert(
            &mut tx,
            "completion",
            &scope,
            row.user_id,
            Some(cohort.id),
            facts,
            actor.map(|a| a.user_id),
        )
        .await?
        {
            notify_issued(&mut tx, links, row.user_id, &code, &cohort.title).await?;
            issued += 1;
        }
    }
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(issued)
}

/// Revokes a certificate of this cohort, with a reason the verification page shows.
pub async fn revoke(
    pool: &AnyPool,
    actor: Option<&Actor>,
    slug: &str,
    code: &str,
    reason: &str,
) -> Result<(), AppError> {
    let cohort = service::managed(pool, slug, actor).await?;
    let reason = super::types::parse_line(reason, 300, "certificate-reason-missing")
        .map_err(|c| AppError::Validation { field: "reason".into(), code: c.into() })?;
    let cert =
        by_code(pool, code).await?.filter(|c| c.cohort_id == Some(cohort.id)).ok_or(AppError::NotFound)?;
    if !cert.valid() {
        return Err(AppError::Conflict { code: "certificate-already-revoked".into() });
    }
    sqlx::query(
        "UPDATE certificates SET revoked_at = $2, revoked_reason = $3, revoked_by = $4 WHERE code = $1",
    )
    .bind(code)
    .bind(crate::kernel::clock::now())
    .bind(reason)
    .bind(actor.map(|a| a.user_id))
    .execute(pool)
    .await
    .context("Failed to revoke a certificate")?;
    Ok(())
}

/// The key certificates are signed with; its seed is kept sealed in the database, so every
/// replica signs with the same key.
pub struct Keys {
    pub kid: String,
    key: SigningKey,
}

/// The one key id (rotation would add `key-2` and keep publishing `key-1`).
pub const KID: &str = "key-1";

impl Keys {
    /// Loads the signing key, making it on first start.
    pub async fn load(pool: &AnyPool, secrets: &crate::kernel::secrets::Secrets) -> anyhow::Result<Keys> {
        use rand::RngCore;
        let mut seed = [0u8; 32];
        rand::rng().fill_bytes(&mut seed);
        let fresh = SigningKey::from_bytes(&seed);
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        sqlx::query(
            "INSERT INTO signing_keys (kid, public_key, sealed_seed, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (kid) DO NOTHING",
        )
        .bind(KID)
        .bind(b64.encode(fresh.verifying_key().to_bytes()))
        .bind(secrets.seal(&b64.encode(seed))?)
        .bind(crate::kernel::clock::now())
        .execute(pool)
        .await
        .context("Failed to store the signing key")?;
        let (sealed,): (String,) = sqlx::query_as("SELECT sealed_seed FROM signing_keys WHERE kid = $1")
            .bind(KID)
            .fetch_one(pool)
            .await
            .context("Failed to read the signing key")?;
        let raw = b64.decode(secrets.open(&sealed)?).context("The signing key is not base64")?;
        let seed: [u8; 32] =
            raw.try_into().map_err(|_| anyhow::anyhow!("The signing key is not 32 bytes"))?;
        Ok(Keys { kid: KID.to_owned(), key: SigningKey::from_bytes(&seed) })
    }

    pub fn public_key(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }

    /// The published keys, as a JSON Web Key Set (RFC 8037 OKP keys).
    pub fn jwks(&self) -> serde_json::Value {
        serde_json::json!({ "keys": [{
            "kty": "OKP",
            "crv": "Ed25519",
            "use": "sig",
            "alg": "EdDSA",
            "kid": self.kid,
            "x": base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(self.public_key()),
        }]})
    }

    /// The certificate's signed JSON: the statement, and a proof over its canonical form.
    pub fn signed(&self, statement: &serde_json::Value, keys_url: &str) -> anyhow::Result<serde_json::Value> {
        let canonical = serde_json_canonicalizer::to_vec(statement).context("Failed to canonicalise")?;
        let signature = self.key.sign(&canonical).to_bytes();
        Ok(serde_json::json!({
            "certificate": statement,
            "proof": {
                "type": "Ed25519Signature",
                "canonicalization": "RFC8785",
                "kid": self.kid,
                "keys": keys_url,
                "signature": base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(signature),
            }
        }))
    }
}

/// The statement a certificate's JSON signs: everything its page shows, nothing more (never an
/// email address). Numbers are whole and small, so canonical JSON is exact.
pub fn statement(c: &Certificate, course_title: &str, verify_url: &str) -> serde_json::Value {
    serde_json::json!({
        "type": "PuenteCertificate",
        "version": 1,
        "code": c.code,
        "kind": c.kind,
        "holder": c.holder_name,
        "course": c.course,
        "course_title": course_title,
        "title": c.title,
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "hours": c.hours,
        "issuer": c.issuer,
        "issued_at": jiff::Timestamp::from_second(c.issued_at).map(|t| t.to_string()).unwrap_or_default(),
        "status": if c.valid() { "valid" } else { "revoked" },
        "revoked_at": c.revoked_at.and_then(|r| jiff::Timestamp::from_second(r).ok()).map(|t| t.to_string()),
        "revoked_reason": if c.valid() { None } else { Some(c.revoked_reason.clone()) },
        "verify_url": verify_url,
    })
}

/// The QR code of a certificate's address, as SVG without its XML prolog.
pub fn qr_svg(url: &str) -> String {
    qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M)
        .map(|code| {
            code.render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(160, 160)
                .quiet_zone(true)
                .dark_color(qrcode::render::svg::Color("#000000"))
                .light_color(qrcode::render::svg::Color("#ffffff"))
                .build()
        })
        .map(|svg| svg.find("<svg").map(|i| svg[i..].to_owned()).unwrap_or(svg))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_statement_verifies_and_a_changed_one_does_not() {
        let keys = Keys { kid: KID.into(), key: SigningKey::from_bytes(&[7u8; 32]) };
        let cert = Certificate {
            code: "0123456789ABCDEFGHJKMNPQRS".into(),
            kind: "completion".into(),
            user_id: 1,
            cohort_id: Some(2),
            holder_name: "Ana Souza".into(),
            course: "desktop-to-cluster".into(),
            title: "Python no cluster, 2027".into(),
            starts_on: "2027-03-02".into(),
            ends_on: "2027-03-30".into(),
            hours: 12,
            issuer: "Rafael Lima".into(),
            locale: "pt".into(),
            issued_at: 1_806_000_000,
            revoked_at: None,
            revoked_reason: String::new(),
        };
        let st = statement(&cert, "Do desktop ao cluster", "https://p.example/verify/0123");
        let signed = keys.signed(&st, "https://p.example/verify/keys.json").unwrap();
        let sig = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(signed["proof"]["signature"].as_str().unwrap())
            .unwrap();
        let vk = ed25519_dalek::VerifyingKey::from_bytes(&keys.public_key()).unwrap();
        let sig = ed25519_dalek::Signature::from_slice(&sig).unwrap();
        let canonical = serde_json_canonicalizer::to_vec(&signed["certificate"]).unwrap();
        assert!(vk.verify_strict(&canonical, &sig).is_ok());
        let mut forged = signed["certificate"].clone();
        forged["holder"] = "Someone Else".into();
        assert!(vk.verify_strict(&serde_json_canonicalizer::to_vec(&forged).unwrap(), &sig).is_err());
        assert!(!signed.to_string().contains('@'), "no email address in a certificate");
        assert!(qr_svg("https://p.example/verify/0123").starts_with("<svg"));
    }
}
