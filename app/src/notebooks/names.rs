//! Names derived from people: server keys, URL prefixes, Pod and volume names.
//!
//! Policy: names come from the account's numeric id, never from its email or display name, so no
//! personal data ends up in cluster object names, URLs or logs, and the mapping is trivially
//! injective: `u<id>-<profile>` parses back to exactly one (id, profile), because ids are digits
//! and profile names start with a letter. Every name is a DNS-1123 label of at most 63 characters
//! (checked by a property test below).

use super::profile::valid_name;

/// The server key of (user, profile): `u42-python`.
pub fn server_key(user_id: i64, profile: &str) -> String {
    format!("u{}-{profile}", user_id.unsigned_abs())
}

/// Reverses [`server_key`]; `None` for anything it could not have produced.
pub fn parse_server_key(key: &str) -> Option<(i64, String)> {
    let rest = key.strip_prefix('u')?;
    let (digits, profile) = rest.split_once('-')?;
    if digits.is_empty() || digits.len() > 19 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if digits.len() > 1 && digits.starts_with('0') {
        return None;
    }
    let id: i64 = digits.parse().ok()?;
    valid_name(profile).then(|| (id, profile.to_owned()))
}

/// The proxy path prefix, which is also Jupyter's `base_url`.
pub fn base_url(key: &str) -> String {
    format!("/user/{key}/")
}

/// The Pod of a server.
pub fn pod_name(key: &str) -> String {
    format!("puente-nb-{key}")
}

/// The volume claim that holds a person's home, shared by all their servers and kept on stop.
pub fn claim_name(user_id: i64) -> String {
    format!("puente-home-u{}", user_id.unsigned_abs())
}

/// Is `s` a DNS-1123 label (what Kubernetes requires of these names)?
pub fn is_dns_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b[0].is_ascii_lowercase()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn profile_name() -> impl Strategy<Value = String> {
        "[a-z][a-z0-9]{0,19}"
    }

    proptest! {
        #[test]
        fn names_are_dns_labels(id in 1i64..=i64::MAX, profile in profile_name()) {
            let key = server_key(id, &profile);
            prop_assert!(is_dns_label(&pod_name(&key)), "{}", pod_name(&key));
            prop_assert!(is_dns_label(&claim_name(id)));
            prop_assert!(is_dns_label(&key));
        }

        #[test]
        fn keys_are_injective(
            a in (1i64..=i64::MAX, profile_name()),
            b in (1i64..=i64::MAX, profile_name()),
        ) {
            let (ka, kb) = (server_key(a.0, &a.1), server_key(b.0, &b.1));
            prop_assert_eq!(parse_server_key(&ka), Some(a.clone()));
            if a != b {
                prop_assert_ne!(&ka, &kb);
                prop_assert_ne!(pod_name(&ka), pod_name(&kb));
            }
            if a.0 != b.0 {
                prop_assert_ne!(claim_name(a.0), claim_name(b.0));
            }
        }

        #[test]
        fn nothing_else_parses_as_a_key(s in "\\PC{0,30}") {
            if let Some((id, profile)) = parse_server_key(&s) {
                prop_assert_eq!(server_key(id, &profile), s);
            }
        }
    }

    #[test]
    fn keys_look_like_this() {
        assert_eq!(server_key(42, "python"), "u42-python");
        assert_eq!(parse_server_key("u42-python"), Some((42, "python".to_owned())));
        assert_eq!(parse_server_key("u042-python"), None);
        assert_eq!(parse_server_key("u42-Python"), None);
        assert_eq!(parse_server_key("u-python"), None);
        assert_eq!(parse_server_key("../u42-python"), None);
        assert_eq!(pod_name("u42-python"), "puente-nb-u42-python");
        assert_eq!(claim_name(42), "puente-home-u42");
    }
}
