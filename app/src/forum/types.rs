//! The forum's words: who may see a category, who may post in it, what a topic is for, how
//! closely a person follows a topic, why a post is flagged and how moderators decide, with the
//! limits a new member meets (Discourse's defaults, read from its `site_settings.yml`).

use crate::i18n::Locale;
use crate::kernel::words::codes;
use serde::{Deserialize, Serialize};

codes! {
    /// Who reads a category: everyone, trainers, moderators, or one cohort's people.
    Visibility { Public = "public", Trainers = "trainers", Moderators = "moderators", Cohort = "cohort" }
}

codes! {
    /// Who starts topics and replies in a category (announcements: staff only).
    Posting { Everyone = "everyone", Staff = "staff" }
}

codes! {
    /// Discussion, or questions and answers (a topic may be marked solved).
    Kind { Discussion = "discussion", Qa = "qa" }
}

codes! {
    /// How closely a person follows a topic: every reply notified (watching), unread counts
    /// (tracking), only mentions and replies to them (normal), nothing (muted).
    Level { Watching = "watching", Tracking = "tracking", Normal = "normal", Muted = "muted" }
}

codes! {
    /// Why a post is flagged.
    FlagReason { OffTopic = "off_topic", Inappropriate = "inappropriate", Spam = "spam", Other = "other" }
}

codes! {
    /// A review's state, and what a moderator decided about it.
    ReviewStatus { Pending = "pending", Agreed = "agreed", Disagreed = "disagreed", Ignored = "ignored" }
}

codes! {
    /// What a moderator does with a flagged post: keep it (flags disagreed), hide it (agreed),
    /// delete it, or ignore the flags; silencing and suspending act on its author.
    Decision { Keep = "keep", Hide = "hide", Delete = "delete", Ignore = "ignore", Silence = "silence", Suspend = "suspend" }
}

/// A category as readers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: i64,
    pub slug: String,
    pub names: [String; 3],
    pub descriptions: [String; 3],
    pub position: i64,
    pub visibility: Visibility,
    pub cohort_id: Option<i64>,
    pub course: Option<String>,
    pub posting: Posting,
    pub kind: Kind,
    /// A cohort's category once the cohort is finished or archived: read-only.
    pub archived: bool,
}

impl Category {
    fn index(locale: Locale) -> usize {
        match locale {
            Locale::Es => 0,
            Locale::Pt => 1,
            Locale::En => 2,
        }
    }

    pub fn name(&self, locale: Locale) -> &str {
        let own = &self.names[Self::index(locale)];
        if own.is_empty() {
            self.names.iter().find(|n| !n.is_empty()).map(String::as_str).unwrap_or(&self.slug)
        } else {
            own
        }
    }

    pub fn description(&self, locale: Locale) -> &str {
        &self.descriptions[Self::index(locale)]
    }
}

/// Trust levels a person may hold in the forums (Discourse's 0 to 2; 3 and 4 are not used).
pub const NEW: i64 = 0;
pub const BASIC: i64 = 1;
pub const MEMBER: i64 = 2;

/// What a new member (trust level 0) may put in one post, and how often they may post
/// (Discourse: `newuser_max_links` 2, `newuser_max_embedded_media` 1,
/// `newuser_max_mentions_per_post` 2, `max_topics_in_first_day` 3, `max_replies_in_first_day` 10,
/// 120 s between topics and 30 s between posts; 15 s and 5 s for everyone else).
pub struct Limits {
    pub links: usize,
    pub images: usize,
    pub mentions: usize,
    pub topics_first_day: i64,
    pub replies_first_day: i64,
    pub secs_between_topics: i64,
    pub secs_between_posts: i64,
}

pub const NEW_MEMBER_LIMITS: Limits = Limits {
    links: 2,
    images: 1,
    mentions: 2,
    topics_first_day: 3,
    replies_first_day: 10,
    secs_between_topics: 120,
    secs_between_posts: 30,
};

pub const LIMITS: Limits = Limits {
    links: 100,
    images: 50,
    mentions: 10,
    topics_first_day: i64::MAX,
    replies_first_day: i64::MAX,
    secs_between_topics: 15,
    secs_between_posts: 5,
};

pub fn limits_for(trust_level: i64) -> &'static Limits {
    if trust_level <= NEW {
        &NEW_MEMBER_LIMITS
    } else {
        &LIMITS
    }
}

/// The longest post (characters): a long answer with code fits; a pasted log file does not.
pub const MAX_POST_CHARS: usize = 32_000;
pub const MAX_TITLE_CHARS: usize = 200;
pub const MIN_TITLE_CHARS: usize = 8;
/// Flags' weight to hide a post at once, pending review: 12.5 × 6/9 (Discourse's medium
/// sensitivity) = 8.33…; compared as 3 × score ≥ 25 to stay in integers.
pub fn hides(score: i64) -> bool {
    3 * score >= 25
}

/// A flag's weight: 1 + the flagger's trust level, 5 for moderators.
pub fn flag_score(trust_level: i64, moderator: bool) -> i64 {
    if moderator {
        5
    } else {
        1 + trust_level
    }
}

/// A topic's title: 8 to 200 characters, not all capitals, no control characters.
pub fn parse_title(s: &str) -> Result<String, &'static str> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = s.chars().count();
    if !(MIN_TITLE_CHARS..=MAX_TITLE_CHARS).contains(&n) || s.chars().any(char::is_control) {
        return Err("forum-title-invalid");
    }
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 8 && letters.iter().all(|c| c.is_uppercase()) {
        return Err("forum-title-shouting");
    }
    Ok(s)
}

/// A post's Markdown: 2 to 32 000 characters, no control characters but newlines and tabs.
pub fn parse_body(s: &str) -> Result<String, &'static str> {
    let s = s.trim().replace("\r\n", "\n");
    let n = s.chars().count();
    if n > MAX_POST_CHARS {
        return Err("forum-post-too-long");
    }
    if n < 2 || s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err("forum-post-invalid");
    }
    Ok(s)
}

/// A topic's address segment: `{id}-{slug}`, or only the id.
pub fn topic_id(segment: &str) -> Option<i64> {
    segment.split('-').next().and_then(|n| n.parse().ok()).filter(|n| *n > 0)
}

/// A handle for `@mentions` from a display name: ASCII letters, digits and `_`, 2 to 30.
pub fn handle_from(name: &str) -> String {
    let base: String = crate::kernel::words::slug_from(name).replace('-', "_").chars().take(24).collect();
    if base.len() < 2 {
        "member".to_owned()
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_hide_at_discourses_medium_sensitivity() {
        assert!(hides(flag_score(2, false) * 3), "three level-2 flags (9) hide");
        assert!(!hides(flag_score(3, false) * 2), "two level-3 flags (8) do not");
        assert!(hides(flag_score(1, false) * 5), "five level-1 flags (10) hide");
        assert!(!hides(flag_score(0, false) * 8), "eight new members (8) do not");
        assert!(hides(flag_score(0, true) * 2), "two moderators (10) hide");
    }

    #[test]
    fn titles_bodies_and_addresses_parse() {
        assert_eq!(parse_title("  ¿Cómo   entro al clúster?  ").unwrap(), "¿Cómo entro al clúster?");
        assert_eq!(parse_title("corto"), Err("forum-title-invalid"));
        assert_eq!(parse_title("AYUDA URGENTE POR FAVOR"), Err("forum-title-shouting"));
        assert_eq!(parse_body(&"x".repeat(MAX_POST_CHARS + 1)), Err("forum-post-too-long"));
        assert_eq!(parse_body("a\u{0}b"), Err("forum-post-invalid"));
        assert_eq!(topic_id("12-como-entrar"), Some(12));
        assert_eq!(topic_id("x-12"), None);
        assert_eq!(handle_from("Ana Souza"), "ana_souza");
        assert_eq!(handle_from("李"), "member");
    }
}
