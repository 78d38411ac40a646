//! "Does your work need a cluster?": three yes/no questions and a recommendation.
//!
//! The rule is a plain function; the server answers the form (a GET), so it works on any phone
//! without JavaScript and ships no wasm.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Advice {
    Desktop,
    Maybe,
    Cluster,
}

impl Advice {
    /// Fluent id of the sentence for this advice.
    pub fn message_id(self) -> &'static str {
        match self {
            Advice::Desktop => "check-result-desktop",
            Advice::Maybe => "check-result-maybe",
            Advice::Cluster => "check-result-cluster",
        }
    }

    pub const ALL: [Advice; 3] = [Advice::Desktop, Advice::Maybe, Advice::Cluster];
}

/// Answers to the three questions, in order: data beyond memory, runs beyond a night, many runs.
pub type Answers = [Option<bool>; 3];

/// No advice until every question is answered; then one sign means "maybe", two or more "cluster".
pub fn advise(answers: Answers) -> Option<Advice> {
    let mut signs = 0;
    for answer in answers {
        if answer? {
            signs += 1;
        }
    }
    Some(match signs {
        0 => Advice::Desktop,
        1 => Advice::Maybe,
        _ => Advice::Cluster,
    })
}

/// Parses a form value: only `yes` and `no` count, anything else is unanswered.
pub fn parse_answer(value: Option<&str>) -> Option<bool> {
    match value {
        Some("yes") => Some(true),
        Some("no") => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_every_answer() {
        assert_eq!(advise([Some(true), None, Some(false)]), None);
    }

    #[test]
    fn counts_signs() {
        assert_eq!(advise([Some(false); 3]), Some(Advice::Desktop));
        assert_eq!(advise([Some(false), Some(true), Some(false)]), Some(Advice::Maybe));
        assert_eq!(advise([Some(true), Some(true), Some(false)]), Some(Advice::Cluster));
        assert_eq!(advise([Some(true); 3]), Some(Advice::Cluster));
    }

    #[test]
    fn only_yes_and_no_are_answers() {
        assert_eq!(parse_answer(Some("yes")), Some(true));
        assert_eq!(parse_answer(Some("no")), Some(false));
        assert_eq!(parse_answer(Some("YES")), None);
        assert_eq!(parse_answer(Some("<script>")), None);
        assert_eq!(parse_answer(None), None);
    }
}
