//! Typed builders for Puente's own URLs, so no page or handler spells a route by hand (and a
//! route that moves moves in one place).

use crate::i18n::Locale;

fn at(locale: Locale, rest: &str) -> String {
    format!("/{}/{}", locale.code(), rest)
}

pub fn home(locale: Locale) -> String {
    at(locale, "")
}

pub fn login(locale: Locale) -> String {
    at(locale, "login")
}

/// A value made safe to put in a query string (`?q=…`).
pub fn query_value(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// The login page that comes back to `next` (a local path).
pub fn login_then(locale: Locale, next: &str) -> String {
    format!("{}?next={}", login(locale), query_value(next))
}

pub fn signup(locale: Locale) -> String {
    at(locale, "signup")
}

pub fn dashboard(locale: Locale) -> String {
    at(locale, "dashboard")
}

pub fn account(locale: Locale) -> String {
    at(locale, "account")
}

pub fn courses(locale: Locale) -> String {
    at(locale, "courses")
}

pub fn course(locale: Locale, course: &str) -> String {
    at(locale, &format!("courses/{course}"))
}

pub fn episode(locale: Locale, course: &str, episode: &str) -> String {
    at(locale, &format!("courses/{course}/{episode}"))
}

pub fn glossary(locale: Locale) -> String {
    at(locale, "glossary")
}

/// Where an episode's "Launch notebook" form posts.
pub fn notebook_launch(locale: Locale) -> String {
    at(locale, "notebooks/launch")
}

pub fn notebooks(locale: Locale) -> String {
    at(locale, "notebooks")
}

pub fn notebook(locale: Locale, key: &str) -> String {
    at(locale, &format!("notebooks/{key}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_the_language_and_encode_what_they_carry() {
        assert_eq!(
            episode(Locale::Pt, "desktop-to-cluster", "06-slurm"),
            "/pt/courses/desktop-to-cluster/06-slurm"
        );
        assert_eq!(home(Locale::Es), "/es/");
        assert_eq!(
            login_then(Locale::Es, "/es/courses/x/y#notebook"),
            "/es/login?next=%2Fes%2Fcourses%2Fx%2Fy%23notebook"
        );
    }
}
