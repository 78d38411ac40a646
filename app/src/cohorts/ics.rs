//! iCalendar feeds (RFC 5545) of cohort sessions: times in UTC (`…Z`, so no VTIMEZONE is needed
//! and no client's stale zone data matters), one stable UID per session so a changed session
//! replaces its event (SEQUENCE goes up) and a cancelled one shows as STATUS:CANCELLED.

use super::store::Session;
use crate::i18n::{t, Locale};
use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};

/// One session in a feed, with the cohort it belongs to.
pub struct FeedItem<'a> {
    pub session: &'a Session,
    pub cohort_title: &'a str,
    pub cohort_url: String,
}

fn utc(at: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(at, 0).unwrap_or_default()
}

/// Text as iCalendar wants it: no carriage returns (the crate escapes the rest).
fn clean(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// The feed: `name` is the calendar's name, `host` makes the UIDs globally unique.
pub fn feed(locale: Locale, name: &str, host: &str, items: &[FeedItem<'_>]) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//Puente//Cohorts//ES"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        .append_property(Property::new("X-WR-CALNAME", clean(name)));
    for item in items {
        let s = item.session;
        let title = if s.title.is_empty() {
            item.cohort_title.to_owned()
        } else {
            format!("{} — {}", item.cohort_title, s.title)
        };
        let mut description = String::new();
        if !s.episodes.is_empty() {
            description.push_str(&format!(
                "{}: {}\n",
                t(locale, "cohort-session-episodes"),
                s.episodes.join(", ")
            ));
        }
        if !s.link.is_empty() {
            description.push_str(&format!("{}: {}\n", t(locale, "cohort-session-link"), s.link));
        }
        description.push_str(&item.cohort_url);
        let mut event = Event::new();
        event
            .uid(&format!("session-{}@{host}", s.id))
            .timestamp(utc(s.updated_at))
            .starts(utc(s.starts_at))
            .ends(utc(s.ends_at()))
            .summary(&clean(&title))
            .description(&clean(&description))
            .sequence(u32::try_from(s.sequence).unwrap_or(0))
            .url(&item.cohort_url);
        let location = if s.place.is_empty() { s.link.clone() } else { s.place.clone() };
        if !location.is_empty() {
            event.location(&clean(&location));
        }
        event.status(if s.cancelled() { EventStatus::Cancelled } else { EventStatus::Confirmed });
        cal.push(event.done());
    }
    cal.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(id: i64, cancelled: bool) -> Session {
        Session {
            id,
            cohort_id: 1,
            title: "Slurm, paso a paso; con ejemplos".into(),
            starts_at: 1_803_997_800,
            minutes: 90,
            time_zone: "America/Bogota".into(),
            place: "Sala 3\r\nEdificio B".into(),
            link: "https://meet.example/abc".into(),
            episodes: vec!["06-slurm".into()],
            sequence: 2,
            cancelled_at: cancelled.then_some(1_803_000_000),
            updated_at: 1_802_000_000,
        }
    }

    #[test]
    fn sessions_become_utc_events_with_stable_uids() {
        let (a, b) = (session(41, false), session(42, true));
        let items = [
            FeedItem {
                session: &a,
                cohort_title: "Python en el clúster",
                cohort_url: "https://p.example/es/cohorts/x".into(),
            },
            FeedItem {
                session: &b,
                cohort_title: "Python en el clúster",
                cohort_url: "https://p.example/es/cohorts/x".into(),
            },
        ];
        let ics = feed(Locale::Es, "Python, 2027", "p.example", &items);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
        assert!(ics.contains("DTSTART:20270302T143000Z\r\n"));
        assert!(ics.contains("DTEND:20270302T160000Z\r\n"));
        assert!(ics.contains("UID:session-41@p.example\r\n"));
        assert!(ics.contains("SEQUENCE:2\r\n"));
        assert!(ics.contains("STATUS:CANCELLED\r\n") && ics.contains("STATUS:CONFIRMED\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\r'), "no bare carriage return");
        assert!(ics.split("\r\n").all(|l| l.len() <= 75), "lines are folded");
        assert_eq!(ics.matches("PRODID").count(), 1);
    }
}
