//! Account input types, built only through checked constructors.

use serde::{Deserialize, Serialize};
use std::fmt;
use unicode_normalization::UnicodeNormalization;

/// Why an input was refused; each variant's code is its Fluent id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputError {
    EmailInvalid,
    NameEmpty,
    NameTooLong,
    NameInvalid,
    PasswordTooShort,
    PasswordTooLong,
    PasswordCommon,
}

impl InputError {
    pub fn code(self) -> &'static str {
        match self {
            InputError::EmailInvalid => "account-email-invalid",
            InputError::NameEmpty => "account-name-empty",
            InputError::NameTooLong => "account-name-too-long",
            InputError::NameInvalid => "account-name-invalid",
            InputError::PasswordTooShort => "account-password-too-short",
            InputError::PasswordTooLong => "account-password-too-long",
            InputError::PasswordCommon => "account-password-common",
        }
    }
}

/// An email address, normalised (NFKC, lower-cased) so one mailbox has one spelling for
/// uniqueness and login.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, InputError> {
        let normalised: String = input.trim().nfkc().collect::<String>().to_lowercase();
        if normalised.len() > 254 || normalised.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(InputError::EmailInvalid);
        }
        let (local, domain) = normalised.rsplit_once('@').ok_or(InputError::EmailInvalid)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && !local.contains(['"', '(', ')', ',', ':', ';', '<', '>', '@', '[', '\\', ']']);
        let domain_ok = domain.len() <= 253
            && domain.contains('.')
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if local_ok && domain_ok {
            Ok(Email(normalised))
        } else {
            Err(InputError::EmailInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A display name: 1–80 characters after trimming and NFC, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_CHARS: usize = 80;

    pub fn parse(input: &str) -> Result<DisplayName, InputError> {
        let name: String = input.trim().nfc().collect();
        if name.is_empty() {
            return Err(InputError::NameEmpty);
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(InputError::NameTooLong);
        }
        if name
            .chars()
            .any(|c| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        {
            return Err(InputError::NameInvalid);
        }
        Ok(DisplayName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: 8–128 characters, no composition rules (NIST SP 800-63B), not a common one.
/// `is_common` is the refusal list, passed in so this stays a pure function.
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 8;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(input: &str, is_common: impl Fn(&str) -> bool) -> Result<NewPassword, InputError> {
        let n = input.chars().count();
        if n < Self::MIN_CHARS {
            return Err(InputError::PasswordTooShort);
        }
        if n > Self::MAX_CHARS {
            return Err(InputError::PasswordTooLong);
        }
        if is_common(&input.to_lowercase()) {
            return Err(InputError::PasswordCommon);
        }
        Ok(NewPassword(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

/// A short description of a browser from its `User-Agent` ("Firefox · Android"), for the list
/// of one's sessions; `None` when nothing is recognised.
pub fn device_label(user_agent: &str) -> Option<String> {
    let ua = user_agent;
    let browser = if ua.contains("Firefox/") {
        Some("Firefox")
    } else if ua.contains("Edg/") || ua.contains("EdgA/") {
        Some("Edge")
    } else if ua.contains("OPR/") {
        Some("Opera")
    } else if ua.contains("SamsungBrowser/") {
        Some("Samsung Internet")
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") || ua.contains("CriOS/") {
        Some("Chrome")
    } else if ua.contains("Safari/") {
        Some("Safari")
    } else if ua.starts_with("curl/") {
        Some("curl")
    } else {
        None
    };
    let os = if ua.contains("Android") {
        Some("Android")
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        Some("iOS")
    } else if ua.contains("Windows") {
        Some("Windows")
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        Some("macOS")
    } else if ua.contains("CrOS") {
        Some("ChromeOS")
    } else if ua.contains("Linux") {
        Some("Linux")
    } else {
        None
    };
    match (browser, os) {
        (Some(b), Some(o)) => Some(format!("{b} · {o}")),
        (Some(b), None) => Some(b.to_owned()),
        (None, Some(o)) => Some(o.to_owned()),
        (None, None) => None,
    }
}

/// How often a person wants the forum digest (`users.digest`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Digest {
    Never,
    Daily,
    Weekly,
}

impl Digest {
    pub const ALL: [Digest; 3] = [Digest::Never, Digest::Daily, Digest::Weekly];

    pub fn code(self) -> &'static str {
        match self {
            Digest::Never => "never",
            Digest::Daily => "daily",
            Digest::Weekly => "weekly",
        }
    }

    pub fn parse(s: &str) -> Option<Digest> {
        Digest::ALL.into_iter().find(|f| f.code() == s)
    }

    /// The days one digest covers.
    pub fn days(self) -> i64 {
        match self {
            Digest::Never => 0,
            Digest::Daily => 1,
            Digest::Weekly => 7,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_named_from_their_user_agent() {
        let android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36";
        assert_eq!(device_label(android).as_deref(), Some("Chrome · Android"));
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
        assert_eq!(device_label(firefox).as_deref(), Some("Firefox · Linux"));
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
        assert_eq!(device_label(iphone).as_deref(), Some("Safari · iOS"));
        assert_eq!(device_label(""), None);
        assert_eq!(device_label("<script>"), None);
    }

    #[test]
    fn emails_are_normalised_before_comparison() {
        let a = Email::parse("  Ana.Perez@Universidad.EXAMPLE ").unwrap();
        let b = Email::parse("ana.perez@universidad.example").unwrap();
        assert_eq!(a, b);
        // Fullwidth letters fold to ASCII under NFKC.
        assert_eq!(Email::parse("ａｎａ@uni.example").unwrap().as_str(), "ana@uni.example");
    }

    #[test]
    fn malformed_emails_are_refused() {
        for bad in [
            "",
            "ana",
            "ana@",
            "@uni.example",
            "ana@uni",
            "ana@@uni.example",
            "ana @uni.example",
            "ana@uni.example\r\nBcc: x@y.z",
            "ana..b@uni.example",
            ".ana@uni.example",
            "ana@-uni.example",
            "ana@uni..example",
            "a<b>@uni.example",
        ] {
            assert_eq!(Email::parse(bad), Err(InputError::EmailInvalid), "{bad:?}");
        }
        let long = format!("{}@uni.example", "a".repeat(65));
        assert!(Email::parse(&long).is_err());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(DisplayName::parse("  María José ").unwrap().as_str(), "María José");
        assert_eq!(DisplayName::parse("   "), Err(InputError::NameEmpty));
        assert_eq!(DisplayName::parse(&"x".repeat(81)), Err(InputError::NameTooLong));
        assert_eq!(DisplayName::parse("ana\u{202e}gnp.exe"), Err(InputError::NameInvalid));
        assert_eq!(DisplayName::parse("ana\nadmin"), Err(InputError::NameInvalid));
    }

    #[test]
    fn passwords_have_length_limits_and_no_composition_rules() {
        let never = |_: &str| false;
        assert_eq!(NewPassword::parse("short", never).unwrap_err(), InputError::PasswordTooShort);
        assert!(NewPassword::parse("only lowercase words here", never).is_ok());
        assert!(NewPassword::parse(&"ñ".repeat(128), never).is_ok());
        assert_eq!(NewPassword::parse(&"a".repeat(129), never).unwrap_err(), InputError::PasswordTooLong);
        let common = |p: &str| p == "password123";
        assert_eq!(NewPassword::parse("Password123", common).unwrap_err(), InputError::PasswordCommon);
        assert_eq!(format!("{:?}", NewPassword::parse("secret secret", never).unwrap()), "NewPassword(…)");
    }
}
