//! The cohorts domain's words: states, roles, modes, and the forms that parse into them. Every
//! parse returns the Fluent id of what is wrong, so a form shows it beside the field.

use crate::kernel::words::codes;
pub use crate::kernel::words::{parse_line, parse_text, slug_from};

codes! {
    /// A cohort's life: drafted, published (enrolment opens), running, finished, archived.
    State { Draft = "draft", Published = "published", Running = "running", Finished = "finished", Archived = "archived" }
}

impl State {
    /// The states a trainer may move a cohort to from this one.
    pub fn next(self) -> &'static [State] {
        match self {
            State::Draft => &[State::Published],
            State::Published => &[State::Draft, State::Running],
            State::Running => &[State::Finished],
            State::Finished => &[State::Running, State::Archived],
            State::Archived => &[],
        }
    }

    /// Anyone may see it (listed on the cohorts page, when also listed).
    pub fn public(self) -> bool {
        matches!(self, State::Published | State::Running | State::Finished)
    }

    /// New people may join.
    pub fn open(self) -> bool {
        matches!(self, State::Published | State::Running)
    }
}

codes! {
    /// Roles inside one cohort (not the global roles).
    Role { Lead = "lead", Trainer = "trainer", Helper = "helper", Learner = "learner" }
}

impl Role {
    /// Runs the cohort: edits it, keeps the roster, issues certificates.
    pub fn teaches(self) -> bool {
        matches!(self, Role::Lead | Role::Trainer)
    }

    /// On the team (sees the roster, marks attendance).
    pub fn staff(self) -> bool {
        !matches!(self, Role::Learner)
    }
}

codes! {
    /// Where a person stands in a cohort.
    MemberState { Enrolled = "enrolled", Applied = "applied", Waitlisted = "waitlisted", Declined = "declined", Withdrawn = "withdrawn" }
}

codes! {
    /// How learners get in.
    Enrolment { Open = "open", Code = "code", Application = "application" }
}

codes! {
    Visibility { Listed = "listed", Unlisted = "unlisted" }
}

codes! {
    /// One person at one session.
    Attendance { Present = "present", Late = "late", Excused = "excused", Absent = "absent" }
}

impl Attendance {
    /// Counts toward the attendance rate (late is there; excused is not).
    pub fn attended(self) -> bool {
        matches!(self, Attendance::Present | Attendance::Late)
    }
}

codes! {
    /// A Train-the-Trainer checkout step's result (AMY's letters).
    StepResult { NotEvaluated = "n", Passed = "p", AskedToRepeat = "a", Failed = "f" }
}

codes! {
    Survey { Pre = "pre", Post = "post" }
}

/// The characters of enrolment codes and certificate codes: Crockford's base32, which has no
/// I, L, O or U, so nothing reads as another character.
pub const CODE_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A fresh enrolment code: 8 characters (40 bits).
pub fn new_enrolment_code() -> String {
    random_code(8)
}

/// A certificate's code: 26 characters, 128 random bits (the last character carries 2 bits).
pub fn new_certificate_code() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let mut n = u128::from_be_bytes(bytes);
    let mut out = vec![b'0'; 26];
    for slot in out.iter_mut().rev() {
        *slot = CODE_ALPHABET[(n & 31) as usize];
        n >>= 5;
    }
    String::from_utf8(out).unwrap_or_default()
}

fn random_code(len: usize) -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..len).map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char).collect()
}

/// What people type for a code: case and separators do not matter, and the letters Crockford
/// reads as digits are read so.
pub fn normalise_code(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect()
}

/// A cohort's address: lowercase letters, digits and dashes, 3 to 60 characters.
pub fn parse_slug(s: &str) -> Result<String, &'static str> {
    let s = s.trim().to_lowercase();
    let ok = (3..=60).contains(&s.len())
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--");
    if ok && !RESERVED_SLUGS.contains(&s.as_str()) {
        Ok(s)
    } else {
        Err("cohort-slug-invalid")
    }
}

/// Paths under `/cohorts/` that are pages, not cohorts.
const RESERVED_SLUGS: &[&str] = &["new", "mine", "calendar", "feed"];

/// An IANA time zone known to this machine's database (or jiff's bundled copy).
pub fn parse_time_zone(s: &str) -> Result<jiff::tz::TimeZone, &'static str> {
    crate::kernel::zones::parse(s).ok_or("cohort-zone-invalid")
}

/// A local date and time (`YYYY-MM-DD` and `HH:MM`, as `<input type=date|time>` send them) in
/// `zone`, as Unix seconds. A time that does not exist there (a DST gap) is refused.
pub fn parse_local(date: &str, time: &str, zone: &jiff::tz::TimeZone) -> Result<i64, &'static str> {
    let d: jiff::civil::Date = date.trim().parse().map_err(|_| "cohort-date-invalid")?;
    let t: jiff::civil::Time = time.trim().parse().map_err(|_| "cohort-time-invalid")?;
    let dt = d.to_datetime(t);
    let zoned = zone.to_ambiguous_zoned(dt).unambiguous().map_err(|_| "cohort-time-invalid")?;
    Ok(zoned.timestamp().as_second())
}

/// `(YYYY-MM-DD, HH:MM)` of a moment in `zone`, for a form's fields.
pub fn local_fields(at: i64, zone: &jiff::tz::TimeZone) -> (String, String) {
    match jiff::Timestamp::from_second(at) {
        Ok(ts) => {
            let z = ts.to_zoned(zone.clone());
            (z.date().to_string(), format!("{:02}:{:02}", z.hour(), z.minute()))
        }
        Err(_) => (String::new(), String::new()),
    }
}

/// A whole number within bounds.
pub fn parse_count(s: &str, min: i64, max: i64, code: &'static str) -> Result<i64, &'static str> {
    match s.trim().parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(code),
    }
}

/// An `https://` (or `http://`) address, or nothing.
pub fn parse_link(s: &str) -> Result<String, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(String::new());
    }
    match url::Url::parse(s) {
        Ok(u) if (u.scheme() == "https" || u.scheme() == "http") && u.host().is_some() && s.len() <= 500 => {
            Ok(u.to_string())
        }
        _ => Err("cohort-link-invalid"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unambiguous_and_typed_loosely() {
        let code = new_enrolment_code();
        assert_eq!(code.len(), 8);
        assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)));
        assert!(!code.contains(['I', 'L', 'O', 'U']));
        assert_eq!(normalise_code(" ab1o-il9z "), "AB10119Z");
        let cert = new_certificate_code();
        assert_eq!(cert.len(), 26);
        assert_ne!(cert, new_certificate_code());
    }

    #[test]
    fn slugs_are_checked_and_suggested() {
        assert_eq!(parse_slug(" Python-2027-UNAM "), Ok("python-2027-unam".to_owned()));
        for bad in ["ab", "-x-y", "a--b", "con espacio", "new", "ñandú"] {
            assert!(parse_slug(bad).is_err(), "{bad}");
        }
        assert_eq!(
            slug_from("Introducción al clúster — São Paulo 2027"),
            "introduccion-al-cluster-sao-paulo-2027"
        );
    }

    #[test]
    fn local_times_become_utc_and_gaps_are_refused() {
        let bogota = parse_time_zone("America/Bogota").unwrap();
        let at = parse_local("2027-03-02", "09:30", &bogota).unwrap();
        assert_eq!(at, 1_803_997_800, "09:30 in Bogotá is 14:30 UTC");
        assert_eq!(local_fields(at, &bogota), ("2027-03-02".to_owned(), "09:30".to_owned()));
        assert!(parse_time_zone("Mars/Olympus").is_err());
        // New York skips 02:00–03:00 on 2027-03-14.
        let ny = parse_time_zone("America/New_York").unwrap();
        assert!(parse_local("2027-03-14", "02:30", &ny).is_err());
        assert!(parse_local("2027-02-30", "10:00", &ny).is_err());
    }

    #[test]
    fn states_move_only_forward_or_back_one_step() {
        assert_eq!(State::Draft.next(), &[State::Published]);
        assert!(State::Archived.next().is_empty());
        assert!(State::Published.open() && !State::Finished.open());
        assert!(!State::Draft.public());
        assert_eq!(State::parse("running"), Some(State::Running));
        assert_eq!(Attendance::parse("late").map(Attendance::attended), Some(true));
    }
}
