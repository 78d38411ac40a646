//! Every message exists in every language, and every id the code asks for exists.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed expectation is the test failing

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LOCALES: [&str; 3] = ["es", "pt", "en"];
/// Source files whose string literals are Fluent ids kept in tables (matched by file name, and
/// every `handlers/` and `pages/` folder too). Each must name at least one file.
const TABLE_FILES: [&str; 15] = [
    "errors.rs",
    "check.rs",
    "auth.rs",
    "spawner.rs",
    "service.rs",
    "handlers.rs",
    "proxy.rs",
    "access.rs",
    "widgets.rs",
    "pages.rs",
    "policy.rs",
    "types.rs",
    "checkout.rs",
    "certificates.rs",
    "surveys.rs",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// file name → message ids, for one locale; fails on any syntax error.
fn ids_of(locale: &str) -> BTreeMap<String, BTreeSet<String>> {
    let dir = root().join("locales").join(locale);
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("locale folder exists") {
        let path = entry.expect("readable entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("ftl") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable ftl");
        let resource = match fluent_syntax::parser::parse(text.as_str()) {
            Ok(r) => r,
            Err((_, errors)) => panic!("{}: syntax errors: {errors:?}", path.display()),
        };
        let mut ids = BTreeSet::new();
        for entry in resource.body {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                assert!(m.value.is_some(), "{}: message {} has no value", path.display(), m.id.name);
                assert!(ids.insert(m.id.name.to_owned()), "{}: {} defined twice", path.display(), m.id.name);
            }
        }
        out.insert(path.file_name().expect("name").to_string_lossy().to_string(), ids);
    }
    out
}

fn all_ids(locale: &str) -> BTreeSet<String> {
    ids_of(locale).into_values().flatten().collect()
}

#[test]
fn every_locale_defines_the_same_messages_in_the_same_files() {
    let reference = ids_of("es");
    assert!(!reference.is_empty(), "no Spanish messages found");
    for locale in LOCALES {
        let other = ids_of(locale);
        assert_eq!(
            reference.keys().collect::<Vec<_>>(),
            other.keys().collect::<Vec<_>>(),
            "{locale} has different .ftl files than es"
        );
        for (file, ids) in &reference {
            let theirs = &other[file];
            let missing: Vec<_> = ids.difference(theirs).collect();
            let extra: Vec<_> = theirs.difference(ids).collect();
            assert!(missing.is_empty(), "locales/{locale}/{file} lacks {missing:?}");
            assert!(extra.is_empty(), "locales/{locale}/{file} has ids es lacks: {extra:?}");
        }
    }
}

/// Collects `t(…, "id")` and `t_args(…, "id", …)` literals, and `format!("prefix-{x}-suffix")`
/// ids passed to them, from the Rust sources.
fn ids_used_in_code() -> Vec<(String, String)> {
    let call =
        regex::Regex::new(r#"\bt(?:_args)?\(\s*[a-z_]+\s*,\s*(?:&format!\()?"([^"]+)""#).expect("regex");
    // Not attribute values in `view!` markup (`class="check-result"` is a class, not an id), nor
    // constants (`const KIND: &str = "cohort-session-reminder"` names a job).
    let literal_id = regex::Regex::new(
        r#"(?:^|[^=\s])\s*"((?:error|check|account|notebook|admin|sessions|reset|cohort|cohorts|certificate|checkout|survey)-[a-z0-9-]+)""#,
    )
    .expect("regex");
    let mut used = Vec::new();
    let mut table_files_seen = BTreeSet::new();
    let mut stack = vec![root().join("app/src"), root().join("server/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("source folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().and_then(|e| e.to_str()) == Some("rs") {
                let text = std::fs::read_to_string(&path).expect("source");
                let name = path.display().to_string();
                for c in call.captures_iter(&text) {
                    used.push((name.clone(), c[1].to_owned()));
                }
                // Ids held in tables (error codes, advice) rather than passed inline.
                let table = TABLE_FILES.iter().find(|f| name.ends_with(&format!("/{f}")));
                if let Some(f) = table {
                    table_files_seen.insert(*f);
                }
                if table.is_some() || name.contains("/handlers/") || name.contains("/pages/") {
                    for c in literal_id.captures_iter(&text) {
                        used.push((name.clone(), c[1].to_owned()));
                    }
                }
            }
        }
    }
    let unseen: Vec<_> = TABLE_FILES.iter().filter(|f| !table_files_seen.contains(*f)).collect();
    assert!(unseen.is_empty(), "TABLE_FILES names files that no longer exist: {unseen:?}");
    used
}

#[test]
fn every_id_used_in_code_is_defined_in_every_locale() {
    let used = ids_used_in_code();
    assert!(used.len() > 20, "the scan found too few ids ({}); is the pattern broken?", used.len());
    for locale in LOCALES {
        let defined = all_ids(locale);
        for (file, id) in &used {
            if id.contains('{') {
                // A family such as `home-feature-{f}-title`: at least one member must exist.
                let mut pattern = String::from("^");
                let mut rest = id.as_str();
                while let Some(start) = rest.find('{') {
                    pattern.push_str(&regex::escape(&rest[..start]));
                    pattern.push_str("[a-z0-9-]+");
                    rest = rest[start..].split_once('}').map(|(_, r)| r).unwrap_or("");
                }
                pattern.push_str(&regex::escape(rest));
                pattern.push('$');
                let re = regex::Regex::new(&pattern).expect("family regex");
                assert!(defined.iter().any(|d| re.is_match(d)), "{file}: no {locale} message matches {id}");
            } else {
                assert!(defined.contains(id), "{file}: {id} is not defined in locales/{locale}");
            }
        }
    }
}

#[test]
fn fixed_error_codes_input_errors_and_advice_have_messages() {
    for locale in LOCALES {
        let defined = all_ids(locale);
        for code in app::AppError::FIXED_CODES {
            assert!(defined.contains(code), "{code} missing in {locale}");
        }
        use app::accounts::types::InputError as E;
        for e in [
            E::EmailInvalid,
            E::NameEmpty,
            E::NameTooLong,
            E::NameInvalid,
            E::PasswordTooShort,
            E::PasswordTooLong,
            E::PasswordCommon,
        ] {
            assert!(defined.contains(e.code()), "{} missing in {locale}", e.code());
        }
        for advice in app::ui::check::Advice::ALL {
            assert!(defined.contains(advice.message_id()), "{} missing in {locale}", advice.message_id());
        }
    }
}

#[cfg(feature = "ssr")]
#[test]
fn dynamic_families_are_complete() {
    // Ids built at run time from fixed lists; each member must exist everywhere.
    let families: Vec<String> = ["lessons", "notebooks", "cohorts", "community"]
        .iter()
        .flat_map(|f| [format!("home-feature-{f}-title"), format!("home-feature-{f}-body")])
        .chain(LOCALES.iter().map(|l| format!("lang-name-{l}")))
        .chain(
            ["queued", "creating", "pulling", "starting", "ready", "stopping", "stopped", "failed"]
                .iter()
                .map(|s| format!("notebook-stage-{s}")),
        )
        .chain(app::notebooks::spawner::SpawnError::CODES.iter().map(|c| (*c).to_owned()))
        .chain(app::notebooks::spawner::Detail::ALL.iter().map(|d| d.code().to_owned()))
        .chain((1..=6).map(|i| format!("conduct-expected-{i}")))
        .chain((1..=7).map(|i| format!("conduct-unacceptable-{i}")))
        .chain((1..=6).map(|i| format!("privacy-data-{i}")))
        .chain((1..=5).map(|i| format!("privacy-rights-{i}")))
        .chain(
            ["purpose", "legal", "retention", "cookies", "notebooks"]
                .iter()
                .flat_map(|s| [format!("privacy-{s}-heading"), format!("privacy-{s}-body")]),
        )
        .collect();
    for locale in LOCALES {
        let defined = all_ids(locale);
        for id in &families {
            assert!(defined.contains(id), "{id} missing in {locale}");
        }
    }
}

#[cfg(feature = "ssr")]
#[test]
fn lookups_use_each_language() {
    use app::i18n::{t, t_args, Locale};
    assert_eq!(t(Locale::Es, "nav-home"), "Inicio");
    assert_eq!(t(Locale::Pt, "nav-home"), "Início");
    assert_eq!(t(Locale::En, "nav-home"), "Home");
    assert!(t_args(Locale::Pt, "error-rate-limited", &[("seconds", "30")]).contains("30"));
}
