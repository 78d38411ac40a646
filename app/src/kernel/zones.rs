//! Time zones as people choose them in forms: an IANA name known to jiff's bundled database,
//! and the list offered (the Americas first, where Puente's people are, then UTC and Iberia).

/// The zone named `s`, if it is one (`None` for empty, too long or unknown names).
/// A moment written in UTC, named as such (emails, logs).
pub fn format_utc(ts: i64) -> String {
    match jiff::Timestamp::from_second(ts) {
        Ok(t) => t.strftime("%Y-%m-%d %H:%M UTC").to_string(),
        Err(_) => String::from("—"),
    }
}

pub fn parse(s: &str) -> Option<jiff::tz::TimeZone> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    jiff::tz::TimeZone::get(s).ok()
}

/// The zones offered in forms.
pub fn offered() -> Vec<String> {
    let mut zones: Vec<String> = jiff::tz::db()
        .available()
        .map(|n| n.as_str().to_owned())
        .filter(|n| n.starts_with("America/") && n.matches('/').count() == 1)
        .collect();
    zones.sort();
    zones.extend(["UTC", "Europe/Lisbon", "Europe/Madrid", "Atlantic/Canary"].map(str::to_owned));
    zones.dedup();
    zones
}

/// The offered zones as form options: (value, label with spaces for underscores).
pub fn options() -> Vec<(String, String)> {
    offered().into_iter().map(|z| (z.clone(), z.replace('_', " "))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_zones_only() {
        assert!(parse("America/Bogota").is_some());
        assert!(parse("Mars/Olympus").is_none() && parse("").is_none());
        assert!(offered().iter().any(|z| z == "America/Sao_Paulo"));
    }
}
