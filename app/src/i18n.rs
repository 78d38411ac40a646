//! Languages and translated text.
//!
//! Policy: every user-visible string comes from `locales/{es,pt,en}/*.ftl`, looked up with [`t`] or
//! [`t_args`] on the server. Islands never look text up themselves: the server translates and hands
//! them the strings as props, so no Fluent data ever ships to the browser. Spanish is the default
//! language; a reader's language lives in the first path segment (`/es/…`, `/pt/…`, `/en/…`).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A language Puente is written in. Only built from known codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub enum Locale {
    #[default]
    Es,
    Pt,
    En,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::Es, Locale::Pt, Locale::En];

    /// The BCP 47 code, also the URL segment and the `locales/` folder name.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Es => "es",
            Locale::Pt => "pt",
            Locale::En => "en",
        }
    }

    /// Parses a URL segment; only the exact lower-case codes are accepted so each page has one URL.
    pub fn from_segment(segment: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.code() == segment)
    }

    /// Parses a language tag loosely (`pt-BR`, `ES`, `en_US`) by its primary subtag.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Locale::from_segment(&primary)
    }

    /// The language a request's path is in, if its first segment is a locale.
    pub fn from_path(path: &str) -> Option<Locale> {
        let first = path.trim_start_matches('/').split('/').next()?;
        Locale::from_segment(first)
    }

    /// Picks the best language from an `Accept-Language` header value (RFC 9110 §12.5.4).
    /// Ties keep header order; `q=0` means "not acceptable". Falls back to Spanish.
    pub fn negotiate(accept_language: &str) -> Locale {
        let mut best: Option<(u16, Locale)> = None;
        for item in accept_language.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or_default().trim();
            let mut quality: u16 = 1000;
            for param in parts {
                if let Some(q) = param.trim().strip_prefix("q=") {
                    quality = parse_quality(q).unwrap_or(0);
                }
            }
            if quality == 0 {
                continue;
            }
            if let Some(locale) = Locale::from_tag(tag) {
                if best.is_none_or(|(q, _)| quality > q) {
                    best = Some((quality, locale));
                }
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }

    /// This path with its locale segment replaced by `self` (or prefixed when it has none).
    pub fn switch_path(self, path: &str) -> String {
        let trimmed = path.trim_start_matches('/');
        let (first, rest) = match trimmed.split_once('/') {
            Some((f, r)) => (f, Some(r)),
            None => (trimmed, None),
        };
        match (Locale::from_segment(first), rest) {
            (Some(_), Some(rest)) => format!("/{}/{}", self.code(), rest),
            (Some(_), None) => format!("/{}/", self.code()),
            (None, _) if trimmed.is_empty() => format!("/{}/", self.code()),
            (None, _) => format!("/{}/{}", self.code(), trimmed),
        }
    }
}

/// `q` values have at most three decimals; kept as thousandths to compare exactly.
fn parse_quality(q: &str) -> Option<u16> {
    let q = q.trim();
    let (int, frac) = q.split_once('.').unwrap_or((q, ""));
    if frac.len() > 3 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let int: u16 = match int {
        "0" => 0,
        "1" => 1,
        _ => return None,
    };
    let mut thousandths: u16 = 0;
    for (i, c) in frac.chars().enumerate() {
        let d = c.to_digit(10)? as u16;
        thousandths += d * [100, 10, 1][i];
    }
    let value = int * 1000 + thousandths;
    (value <= 1000).then_some(value)
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(feature = "ssr")]
mod lookup {
    use super::Locale;
    use fluent_templates::fluent_bundle::FluentValue;
    use fluent_templates::{static_loader, Loader};
    use std::borrow::Cow;
    use std::collections::HashMap;
    use unic_langid::{langid, LanguageIdentifier};

    static_loader! {
        static LOCALES = {
            locales: "../locales",
            fallback_language: "es",
            // Bidi isolation marks would end up inside URLs and e-mail subjects.
            customise: |bundle| bundle.set_use_isolating(false),
        };
    }

    static ES: LanguageIdentifier = langid!("es");
    static PT: LanguageIdentifier = langid!("pt");
    static EN: LanguageIdentifier = langid!("en");

    fn langid(locale: Locale) -> &'static LanguageIdentifier {
        match locale {
            Locale::Es => &ES,
            Locale::Pt => &PT,
            Locale::En => &EN,
        }
    }

    /// The message `id` in `locale`. A missing id is a bug caught by the locale tests; at run
    /// time it shows the id rather than failing the page.
    pub fn t(locale: Locale, id: &str) -> String {
        if let Some(known) = KNOWN.with(|k| k.borrow()[locale as usize].get(id).map(|m| String::from(&**m))) {
            return known;
        }
        match LOCALES.try_lookup(langid(locale), id) {
            Some(message) => {
                KNOWN.with(|k| {
                    let mut k = k.borrow_mut();
                    let known = &mut k[locale as usize];
                    // Ids are the messages in the locale files, so this stays small; the bound
                    // only guards against ids made from input.
                    if known.len() < MAX_KNOWN {
                        known.insert(id.into(), message.as_str().into());
                    }
                });
                message
            }
            None => {
                tracing::error!(id, locale = locale.code(), "missing Fluent message");
                id.to_owned()
            }
        }
    }

    /// Messages without arguments never change in a running process (they are compiled in):
    /// each thread keeps the ones it looked up, per locale, instead of negotiating the language
    /// and resolving the pattern again for every use on every page.
    const MAX_KNOWN: usize = 4096;
    thread_local! {
        static KNOWN: std::cell::RefCell<[HashMap<Box<str>, Box<str>>; 3]> = Default::default();
    }

    /// The message `id` with named arguments.
    pub fn t_args(locale: Locale, id: &str, args: &[(&str, &str)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> =
            args.iter().map(|(k, v)| (Cow::Owned((*k).to_owned()), FluentValue::from(*v))).collect();
        LOCALES.try_lookup_with_args(langid(locale), id, &args).unwrap_or_else(|| {
            tracing::error!(id, locale = locale.code(), "missing Fluent message");
            id.to_owned()
        })
    }
}

#[cfg(feature = "ssr")]
pub use lookup::{t, t_args};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_by_quality_then_order() {
        assert_eq!(Locale::negotiate("pt-BR,pt;q=0.9,en;q=0.8"), Locale::Pt);
        assert_eq!(Locale::negotiate("en-US;q=0.5, es;q=0.7"), Locale::Es);
        assert_eq!(Locale::negotiate("fr-FR, en;q=0.1"), Locale::En);
        assert_eq!(Locale::negotiate("de, fr"), Locale::Es);
        assert_eq!(Locale::negotiate(""), Locale::Es);
        assert_eq!(Locale::negotiate("pt;q=0, en"), Locale::En);
        assert_eq!(Locale::negotiate("en;q=garbage, pt;q=0.2"), Locale::Pt);
        assert_eq!(Locale::negotiate("en;q=1.5, pt;q=0.2"), Locale::Pt);
    }

    #[test]
    fn only_exact_segments_are_locales() {
        assert_eq!(Locale::from_segment("pt"), Some(Locale::Pt));
        assert_eq!(Locale::from_segment("PT"), None);
        assert_eq!(Locale::from_segment("pt-BR"), None);
        assert_eq!(Locale::from_path("/en/privacy"), Some(Locale::En));
        assert_eq!(Locale::from_path("/healthz"), None);
    }

    #[test]
    fn switching_keeps_the_rest_of_the_path() {
        assert_eq!(Locale::Pt.switch_path("/es/conduct"), "/pt/conduct");
        assert_eq!(Locale::En.switch_path("/es/"), "/en/");
        assert_eq!(Locale::En.switch_path("/es"), "/en/");
        assert_eq!(Locale::Es.switch_path("/"), "/es/");
        assert_eq!(Locale::Es.switch_path("/privacy"), "/es/privacy");
    }
}
