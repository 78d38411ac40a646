//! Governance's words: a proposal and its outcome, a poll and its settings, the rule that says
//! who may vote, and a ballot as a voter fills it in. Each parse returns the Fluent id of what is
//! wrong, so the form shows it beside the field.

use super::tally::{self, Kind, Outcome, PassRule, Settings};
use crate::kernel::words::{codes, parse_line, parse_text};
use serde::{Deserialize, Serialize};

pub const MAX_TITLE_CHARS: usize = 200;
pub const MIN_TITLE_CHARS: usize = 8;
pub const MIN_BODY_CHARS: usize = 20;
pub const MAX_BODY_CHARS: usize = 20_000;
pub const MAX_OPTIONS: usize = 30;
pub const MAX_OPTION_CHARS: usize = 120;
/// Polls last at most a year and at least two minutes (a meeting may vote on the spot).
pub const MIN_OPEN_SECS: i64 = 120;
pub const MAX_OPEN_SECS: i64 = 366 * 86_400;
/// The reminder goes out this long before a poll closes, to those who have not voted.
pub const REMIND_BEFORE: i64 = 24 * 3600;

codes! {
    /// A poll's life: scheduled (settings may change), open (the electorate is frozen), closed.
    PollState { Scheduled = "scheduled", Open = "open", Closed = "closed" }
}

codes! {
    /// Where a passed proposal stands (Decidim's accountability); empty until one is set.
    Status { Unset = "", Planned = "planned", InProgress = "in_progress", Done = "done", Dropped = "dropped" }
}

codes! {
    /// How the rule's terms combine.
    Combine { All = "all", Any = "any" }
}

/// Who may vote: built-in terms over training records and roles, combined with and/or, and an
/// optional "active within N months". Evaluated once, when the poll opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub combine: Combine,
    /// People with the member role.
    pub members: bool,
    /// Certified trainers: the trainer role (which the Train-the-Trainer checkout grants, and
    /// admins grant to those certified elsewhere) or a valid trainer certificate.
    pub certified_trainers: bool,
    /// Finishers of this course (a valid completion certificate), by slug; empty for none.
    pub course: String,
    /// Enrolled members of this cohort, by slug; empty for none.
    pub cohort: String,
    /// An admin-maintained list of accounts, by email.
    pub emails: Vec<String>,
    /// Seen on Puente within this many months (0: no condition).
    pub active_months: u32,
}

impl Default for Rule {
    /// No term: nobody may vote (what an unreadable stored rule means).
    fn default() -> Rule {
        Rule {
            combine: Combine::All,
            members: false,
            certified_trainers: false,
            course: String::new(),
            cohort: String::new(),
            emails: vec![],
            active_months: 0,
        }
    }
}

impl Rule {
    /// The community's members, the usual electorate.
    pub fn members() -> Rule {
        Rule { combine: Combine::Any, members: true, ..Rule::default() }
    }

    pub fn terms(&self) -> usize {
        usize::from(self.members)
            + usize::from(self.certified_trainers)
            + usize::from(!self.course.is_empty())
            + usize::from(!self.cohort.is_empty())
            + usize::from(!self.emails.is_empty())
    }
}

/// A proposal as listed and shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub body: String,
    pub author_id: Option<i64>,
    pub author: String,
    pub topic_id: Option<i64>,
    pub outcome: String,
    pub status: Status,
    pub status_at: Option<i64>,
    pub created_at: i64,
}

/// A poll with its settings and, once closed, its count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Poll {
    pub id: i64,
    pub proposal_id: i64,
    pub title: String,
    pub kind: Kind,
    /// The options' labels (a proposal poll's four are translated, not stored).
    pub options: Vec<String>,
    pub seats: u32,
    pub pass: PassRule,
    pub quorum_pct: u32,
    pub anonymous: bool,
    pub hide_results: bool,
    pub rule: Rule,
    pub opens_at: i64,
    pub closes_at: i64,
    pub state: PollState,
    pub electorate_count: i64,
    pub electorate_hash: String,
    pub ballot_count: i64,
    pub ballots_hash: String,
    pub result: Option<Outcome>,
    pub result_hash: String,
}

impl Poll {
    pub fn settings(&self) -> Settings {
        Settings {
            kind: self.kind,
            options: self.option_count(),
            seats: self.seats,
            pass: self.pass,
            allow_empty: false,
        }
    }

    pub fn option_count(&self) -> u32 {
        if self.kind == Kind::Proposal {
            4
        } else {
            self.options.len() as u32
        }
    }

    /// Voting is possible: open, and its closing time not reached (the closing job may be a
    /// moment late; a ballot never is).
    pub fn accepting(&self, now: i64) -> bool {
        self.state == PollState::Open && now >= self.opens_at && now < self.closes_at
    }

    /// Results may be shown: always once closed; before, only when not hidden.
    pub fn results_visible(&self) -> bool {
        self.state == PollState::Closed || (!self.hide_results && self.state == PollState::Open)
    }

    /// The quorum as a number of ballots (Loomio's participation quorum over the frozen electorate).
    pub fn quorum_count(&self) -> i64 {
        quorum_count(self.quorum_pct, self.electorate_count)
    }

    /// Who voted (not how) is shown once enough ballots exist that the list says little about any
    /// one person: at least the quorum, half the electorate, and 3 (Loomio's rule).
    pub fn participation_visible(&self) -> bool {
        let half = (self.electorate_count + 1) / 2;
        self.ballot_count >= self.quorum_count().max(half).max(3)
    }
}

pub fn quorum_count(pct: u32, electorate: i64) -> i64 {
    (i64::from(pct) * electorate + 99) / 100
}

/// The decision a closed poll reached: for a proposal, passed or not, and "no decision" below
/// quorum; for an election, its winners.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    NoQuorum,
    Passed,
    Rejected,
    Elected,
    NoWinner,
}

impl Decision {
    pub fn of(poll: &Poll, outcome: &Outcome) -> Decision {
        if poll.quorum_pct > 0 && (outcome.ballots as i64) < poll.quorum_count() {
            return Decision::NoQuorum;
        }
        match outcome.passed {
            Some(true) => Decision::Passed,
            Some(false) => Decision::Rejected,
            None if outcome.elected.is_empty() => Decision::NoWinner,
            None => Decision::Elected,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Decision::NoQuorum => "governance-decision-no-quorum",
            Decision::Passed => "governance-decision-passed",
            Decision::Rejected => "governance-decision-rejected",
            Decision::Elected => "governance-decision-elected",
            Decision::NoWinner => "governance-decision-none",
        }
    }
}

/// A proposal's title or a poll's question: 8 to 200 characters (a word or two says too little).
pub fn parse_title(s: &str) -> Result<String, &'static str> {
    let title = parse_line(s, MAX_TITLE_CHARS, "governance-title-invalid")?;
    if title.chars().count() < MIN_TITLE_CHARS {
        return Err("governance-title-invalid");
    }
    Ok(title)
}

/// A proposal: 20 to 20,000 characters of Markdown.
pub fn parse_body(s: &str) -> Result<String, &'static str> {
    let body = parse_text(s, MAX_BODY_CHARS, "governance-body-invalid")?;
    if body.chars().count() < MIN_BODY_CHARS {
        return Err("governance-body-invalid");
    }
    Ok(body)
}

/// The options of a poll, one per line (blank lines ignored): 2 to 30 distinct labels.
pub fn parse_options(kind: Kind, text: &str, seats: u32) -> Result<Vec<String>, &'static str> {
    if kind == Kind::Proposal {
        return Ok(Vec::new());
    }
    let mut options: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let label = parse_line(line, MAX_OPTION_CHARS, "governance-options-invalid")?;
        if options.iter().any(|o| o.to_lowercase() == label.to_lowercase()) {
            return Err("governance-options-duplicate");
        }
        options.push(label);
    }
    if options.len() < 2 || options.len() > MAX_OPTIONS {
        return Err("governance-options-count");
    }
    if kind == Kind::Stv && seats as usize >= options.len() {
        return Err("governance-seats-invalid");
    }
    Ok(options)
}

/// Seats for an STV election (1 for every other kind).
pub fn parse_seats(kind: Kind, s: &str) -> Result<u32, &'static str> {
    if kind != Kind::Stv {
        return Ok(1);
    }
    match s.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_OPTIONS as u32).contains(&n) => Ok(n),
        _ => Err("governance-seats-invalid"),
    }
}

pub fn parse_quorum(s: &str) -> Result<u32, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(0);
    }
    match s.parse::<u32>() {
        Ok(n) if n <= 100 => Ok(n),
        _ => Err("governance-quorum-invalid"),
    }
}

/// Opening and closing times: closing after opening by at least an hour, at most a year.
pub fn check_window(opens_at: i64, closes_at: i64) -> Result<(), &'static str> {
    if closes_at - opens_at < MIN_OPEN_SECS || closes_at - opens_at > MAX_OPEN_SECS {
        return Err("governance-window-invalid");
    }
    Ok(())
}

/// A ballot from the voting form. Proposal and single choice: `choice` = an index. Approval:
/// `approve-{i}` checkboxes. Ranked and STV: `rank-{i}` = 1, 2, 3… (blank: not ranked); two
/// options with one rank is a duplicate.
pub fn ballot_from_form(poll: &Poll, get: impl Fn(&str) -> String) -> Result<Vec<u32>, &'static str> {
    let n = poll.option_count();
    let raw: Vec<u32> = match poll.kind {
        Kind::Proposal | Kind::Single => {
            let choice = get("choice");
            if choice.trim().is_empty() {
                return Err(tally::BallotError::Empty.code());
            }
            vec![choice.trim().parse::<u32>().map_err(|_| tally::BallotError::Unknown.code())?]
        }
        Kind::Approval => (0..n).filter(|i| !get(&format!("approve-{i}")).is_empty()).collect(),
        Kind::Ranked | Kind::Stv => {
            let mut ranked: Vec<(u32, u32)> = Vec::new();
            for i in 0..n {
                let v = get(&format!("rank-{i}"));
                let v = v.trim();
                if v.is_empty() {
                    continue;
                }
                let rank = v.parse::<u32>().map_err(|_| "governance-ballot-rank-invalid")?;
                if rank == 0 || rank > n {
                    return Err("governance-ballot-rank-invalid");
                }
                if ranked.iter().any(|(r, _)| *r == rank) {
                    return Err(tally::BallotError::Duplicate.code());
                }
                ranked.push((rank, i));
            }
            ranked.sort();
            ranked.into_iter().map(|(_, i)| i).collect()
        }
    };
    tally::validate(&poll.settings(), &raw).map_err(|e| e.code())
}

/// The labels of a poll's options in `locale` (a proposal's four are Fluent's).
pub fn option_labels(poll: &Poll, locale: crate::i18n::Locale) -> Vec<String> {
    if poll.kind == Kind::Proposal {
        ["agree", "abstain", "disagree", "block"]
            .iter()
            .map(|o| crate::i18n::t(locale, &format!("governance-stance-{o}")))
            .collect()
    } else {
        poll.options.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poll(kind: Kind, options: &[&str]) -> Poll {
        Poll {
            id: 1,
            proposal_id: 1,
            title: "t".into(),
            kind,
            options: options.iter().map(|s| s.to_string()).collect(),
            seats: 1,
            pass: PassRule::Majority,
            quorum_pct: 0,
            anonymous: true,
            hide_results: true,
            rule: Rule::members(),
            opens_at: 0,
            closes_at: 10,
            state: PollState::Open,
            electorate_count: 10,
            electorate_hash: String::new(),
            ballot_count: 0,
            ballots_hash: String::new(),
            result: None,
            result_hash: String::new(),
        }
    }

    #[test]
    fn rankings_come_from_rank_fields_in_order() {
        let p = poll(Kind::Ranked, &["a", "b", "c"]);
        let form = |k: &str| match k {
            "rank-0" => "2".to_owned(),
            "rank-2" => "1".to_owned(),
            _ => String::new(),
        };
        assert_eq!(ballot_from_form(&p, form), Ok(vec![2, 0]));
        let same = |k: &str| if k == "rank-0" || k == "rank-1" { "1".to_owned() } else { String::new() };
        assert_eq!(ballot_from_form(&p, same), Err("governance-ballot-duplicate"));
        let bad = |k: &str| if k == "rank-0" { "9".to_owned() } else { String::new() };
        assert_eq!(ballot_from_form(&p, bad), Err("governance-ballot-rank-invalid"));
        assert_eq!(ballot_from_form(&p, |_| String::new()), Err("governance-ballot-empty"));
    }

    #[test]
    fn single_choices_and_approvals_are_checked() {
        let p = poll(Kind::Single, &["a", "b"]);
        assert_eq!(ballot_from_form(&p, |_| "1".to_owned()), Ok(vec![1]));
        assert_eq!(ballot_from_form(&p, |_| "7".to_owned()), Err("governance-ballot-unknown"));
        assert_eq!(ballot_from_form(&p, |_| "x".to_owned()), Err("governance-ballot-unknown"));
        let a = poll(Kind::Approval, &["a", "b", "c"]);
        assert_eq!(ballot_from_form(&a, |_| String::new()), Err("governance-ballot-empty"));
        let two =
            |k: &str| if k == "approve-2" || k == "approve-0" { "on".to_owned() } else { String::new() };
        assert_eq!(ballot_from_form(&a, two), Ok(vec![0, 2]));
    }

    #[test]
    fn titles_and_bodies_say_enough() {
        assert_eq!(parse_title("  Horario  "), Err("governance-title-invalid"));
        assert_eq!(parse_title("Horario de atención"), Ok("Horario de atención".to_owned()));
        assert_eq!(parse_body("Muy corto."), Err("governance-body-invalid"));
        assert!(parse_body("Una propuesta con lo suficiente.").is_ok());
    }

    #[test]
    fn options_quorum_and_windows_are_parsed() {
        assert_eq!(parse_options(Kind::Single, "A\n\n b \n", 1), Ok(vec!["A".to_owned(), "b".to_owned()]));
        assert_eq!(parse_options(Kind::Single, "A\na", 1), Err("governance-options-duplicate"));
        assert_eq!(parse_options(Kind::Single, "A", 1), Err("governance-options-count"));
        assert_eq!(parse_options(Kind::Stv, "A\nB", 2), Err("governance-seats-invalid"));
        assert_eq!(parse_quorum("101"), Err("governance-quorum-invalid"));
        assert_eq!(parse_quorum(""), Ok(0));
        assert_eq!(check_window(100, 100 + 119), Err("governance-window-invalid"));
        assert_eq!(check_window(100, 100 + 120), Ok(()));
        assert_eq!(check_window(100, 100 + 367 * 86_400), Err("governance-window-invalid"));
        assert_eq!(quorum_count(50, 7), 4);
    }

    #[test]
    fn participation_shows_only_past_the_threshold() {
        let mut p = poll(Kind::Single, &["a", "b"]);
        p.electorate_count = 10;
        p.ballot_count = 4;
        assert!(!p.participation_visible(), "below half");
        p.ballot_count = 5;
        assert!(p.participation_visible());
        p.electorate_count = 2;
        p.ballot_count = 2;
        assert!(!p.participation_visible(), "never under 3");
    }
}
