//! Counting the ballots of a community poll.
//!
//! A poll has a [`Kind`] and a number of options. A ballot is a list of option indices
//! (`0..options`). [`validate`] checks one ballot when it is cast; [`count`] counts all of them and
//! returns an [`Outcome`] that records every step, so that the result can be shown and re-checked.
//!
//! * **Proposal**: the options are fixed: 0 agree, 1 abstain, 2 disagree, 3 block. Each ballot
//!   names one of them. Abstentions are left out of the decision. With the `Majority` rule the
//!   proposal passes when more people agree than disagree; with `TwoThirds` it passes when at least
//!   two thirds of those who agreed or disagreed agreed. In both cases a single block stops it, and
//!   it does not pass when nobody agreed or disagreed.
//! * **Single**: each ballot names one option; the option with most votes wins.
//! * **Approval**: each ballot names any set of different options (at least one, unless the poll
//!   allows empty ballots); the option with most approvals wins.
//! * **Ranked**: each ballot ranks some or all options. Instant run-off: if a candidate has more
//!   than half of the ballots still in play, they win; otherwise the candidate with fewest votes is
//!   excluded and each of their ballots moves to its next choice still in the race, or is set aside
//!   as exhausted when it has none. When only one candidate is left, they win.
//! * **Stv**: several seats, counted by the single transferable vote as the Scottish Local
//!   Government Elections Order 2007 (SSI 2007/42, schedule 1, rules 45 to 52) lays it down. See
//!   [`count`] for the rules step by step. Rule numbers here are those of the 2007 Order as made;
//!   its successor, the Scottish Local Government Elections Order 2011 (SSI 2011/399), keeps the
//!   same counting rules numbered one higher (so the exclusion tie rule 51 is rule 52 there).
//!
//! Votes are whole numbers of hundred-thousandths of a vote ([`Votes`], one vote is [`UNIT`]), so
//! no floating point is used anywhere and every count can be reproduced to the last digit.
//!
//! # Ties
//!
//! When a tie must be broken during a count (which candidate to exclude, whose surplus to transfer
//! first), the rules of the Scottish order are followed:
//!
//! * Rule 49(2), equal surpluses: the surplus of the candidate who had the **most** votes "at the
//!   end of the most recent preceding stage at which they had unequal numbers of votes" is
//!   transferred first.
//! * Rule 51(2)(a), equal lowest candidates: the candidate with the **fewest** votes "at the end of
//!   the most recently preceding stage of the count at which they had an unequal number of votes"
//!   is excluded.
//! * Rules 49(3) and 51(2)(b): if their votes were equal at every stage, the choice is made by lot.
//!
//! So the count looks back from the stage before the one at which they are tied, towards the first
//! stage. When three or more candidates are tied, a stage at which some of them differ keeps only
//! those with the most (or fewest) votes there, and the look-back goes on among those; a lot is
//! drawn only among the candidates still tied after the first stage has been looked at. The result records
//! [`Tie::Backwards`] when the look-back decided and [`Tie::Lot`] when a lot did.
//!
//! The lot is published, not random: for a seed given by the caller (the hash of the sorted
//! ballot export, so anyone can repeat it), each tied candidate gets the key
//! `SHA-256(seed ‖ candidate index as 4 bytes, big-endian)` ([`lot_key`]); the candidate with the
//! lowest key is the one chosen: the one excluded, the one whose surplus goes first, or the winner.
//!
//! Single and approval polls are counted in one step, so there is no earlier stage to look back
//! at: a tie for the most votes goes straight to the lot. Instant run-off uses the same look-back
//! and lot as STV when choosing whom to exclude.

use std::fmt::{self, Write as _};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

/// One vote in the fixed-point unit of [`Votes`]: votes are counted to five decimal places.
pub const UNIT: i64 = 100_000;

/// The most options a poll can have. A larger `options` setting is treated as this many (ballots
/// naming a higher index are then invalid), so a bad setting cannot make the count run out of
/// memory.
pub const MAX_OPTIONS: u32 = 1_000;

/// The most ballots [`parse_blt`] will read (after expanding weights).
pub const MAX_BLT_BALLOTS: u64 = 10_000_000;

/// Proposal option: agree.
pub const AGREE: u32 = 0;
/// Proposal option: abstain.
pub const ABSTAIN: u32 = 1;
/// Proposal option: disagree.
pub const DISAGREE: u32 = 2;
/// Proposal option: block.
pub const BLOCK: u32 = 3;

/// What sort of poll is being counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Agree / abstain / disagree / block on one proposal.
    Proposal,
    /// Pick one option.
    Single,
    /// Approve any number of options.
    Approval,
    /// Rank options; one winner by instant run-off.
    Ranked,
    /// Rank options; several seats by Scottish STV.
    Stv,
}

impl Kind {
    /// The stored name: "proposal", "single", "approval", "ranked" or "stv".
    pub fn code(self) -> &'static str {
        match self {
            Kind::Proposal => "proposal",
            Kind::Single => "single",
            Kind::Approval => "approval",
            Kind::Ranked => "ranked",
            Kind::Stv => "stv",
        }
    }

    /// Reads a name written by [`Kind::code`].
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "proposal" => Some(Kind::Proposal),
            "single" => Some(Kind::Single),
            "approval" => Some(Kind::Approval),
            "ranked" => Some(Kind::Ranked),
            "stv" => Some(Kind::Stv),
            _ => None,
        }
    }
}

/// How many must agree for a proposal to pass (blocks and abstentions aside).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PassRule {
    /// More agree than disagree.
    Majority,
    /// At least two thirds of those who agree or disagree agree.
    TwoThirds,
}

impl PassRule {
    /// The stored name: "majority" or "two_thirds".
    pub fn code(self) -> &'static str {
        match self {
            PassRule::Majority => "majority",
            PassRule::TwoThirds => "two_thirds",
        }
    }

    /// Reads a name written by [`PassRule::code`].
    pub fn parse(s: &str) -> Option<PassRule> {
        match s {
            "majority" => Some(PassRule::Majority),
            "two_thirds" => Some(PassRule::TwoThirds),
            _ => None,
        }
    }
}

/// How a poll is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The kind of poll.
    pub kind: Kind,
    /// Number of options (ignored for proposals, which always have four).
    pub options: u32,
    /// Seats to fill (STV only).
    pub seats: u32,
    /// Pass rule (proposals only).
    pub pass: PassRule,
    /// Whether an approval ballot may approve nothing.
    pub allow_empty: bool,
}

impl Settings {
    /// The number of options the count works with: 4 for a proposal, otherwise `options` capped
    /// at [`MAX_OPTIONS`].
    pub fn option_count(&self) -> u32 {
        match self.kind {
            Kind::Proposal => 4,
            _ => self.options.min(MAX_OPTIONS),
        }
    }
}

/// Why a ballot is refused; each maps to a Fluent id via [`BallotError::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BallotError {
    /// Nothing was chosen.
    Empty,
    /// More than one choice where only one is allowed, or more choices than there are options.
    TooMany,
    /// An option index that the poll does not have.
    Unknown,
    /// The same option twice.
    Duplicate,
}

impl BallotError {
    /// The Fluent message id, e.g. "governance-ballot-duplicate".
    pub fn code(self) -> &'static str {
        match self {
            BallotError::Empty => "governance-ballot-empty",
            BallotError::TooMany => "governance-ballot-too-many",
            BallotError::Unknown => "governance-ballot-unknown",
            BallotError::Duplicate => "governance-ballot-duplicate",
        }
    }
}

/// Fixed-point votes: `Votes(100000)` is one vote. Shown and serialised as a string with five
/// decimals, e.g. "12.34567".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Votes(pub i64);

impl Votes {
    /// No votes.
    pub const ZERO: Votes = Votes(0);

    /// `n` whole votes (saturating at the largest value that fits).
    pub fn whole(n: u64) -> Votes {
        Votes(i64::try_from(n).unwrap_or(i64::MAX).saturating_mul(UNIT))
    }
}

impl fmt::Display for Votes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let unit = UNIT.unsigned_abs();
        write!(f, "{sign}{}.{:05}", abs / unit, abs % unit)
    }
}

impl FromStr for Votes {
    type Err = String;

    /// Reads "12.34567", "12.3", "12" or "-0.5" (at most five decimals).
    fn from_str(s: &str) -> Result<Votes, String> {
        let bad = || format!("not a number of votes with at most five decimals: {s:?}");
        let (negative, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (whole, fraction) = match body.split_once('.') {
            Some((w, f)) if !f.is_empty() => (w, f),
            Some(_) => return Err(bad()),
            None => (body, ""),
        };
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || fraction.len() > 5 || !digits(whole) || !digits(fraction) {
            return Err(bad());
        }
        let whole: i64 = whole.parse().map_err(|_| bad())?;
        let fraction: i64 = format!("{fraction:0<5}").parse().map_err(|_| bad())?;
        let value = whole.checked_mul(UNIT).and_then(|w| w.checked_add(fraction)).ok_or_else(bad)?;
        Ok(Votes(if negative { -value } else { value }))
    }
}

impl Serialize for Votes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Votes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Votes, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// One stage of an instant run-off or STV count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Round {
    /// Stage number, from 1 (first preferences).
    pub number: u32,
    /// Each option's votes at the end of this stage. A continuing candidate holds the value of
    /// their ballots. A candidate elected with a surplus holds all their votes until that surplus
    /// is transferred, and exactly the quota from then on. An excluded candidate holds 0.
    pub tallies: Vec<Votes>,
    /// What this stage did.
    pub action: Action,
    /// Each option's change in this stage: negative for the candidate whose surplus or ballots
    /// were moved, positive for those who received them. In the first stage it equals `tallies`.
    pub transferred: Vec<Votes>,
    /// Value of all exhausted (non-transferable) ballots so far, at the value they had when they
    /// were set aside.
    pub exhausted: Votes,
    /// Value lost so far because transfer values are cut to five decimals (STV; always 0 for
    /// instant run-off). At every stage `tallies + exhausted + lost = valid ballots`.
    pub lost: Votes,
    /// Candidates elected at the end of this stage, highest vote first (ties in that order by
    /// lower index; the order among them decides nothing).
    pub elected: Vec<u32>,
    /// Candidates excluded in this stage.
    pub excluded: Vec<u32>,
    /// How a tie was broken in choosing this stage's action, if there was one.
    pub tie: Option<Tie>,
}

/// What a stage of the count did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    /// The first stage: ballots counted for their first choice.
    FirstPreferences,
    /// An elected candidate's surplus was passed on. `transfer_value` is the value a ballot worth
    /// one whole vote carries on (surplus ÷ candidate's votes, cut to five decimals); a ballot
    /// that was already worth `v` carries on `surplus × v ÷ votes`, also cut.
    Surplus {
        /// Whose surplus.
        from: u32,
        /// Value carried on by a ballot worth one vote.
        transfer_value: Votes,
    },
    /// The candidate with fewest votes was excluded and all their ballots moved on at the value
    /// they had.
    Exclusion {
        /// Who was excluded.
        candidate: u32,
    },
    /// As many candidates were left as seats, so all of them were elected (rule 52).
    Filled,
}

/// How a tie was broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tie {
    /// By looking back at an earlier stage where the tied candidates had different votes.
    Backwards,
    /// By the published lot ([`lot_key`]).
    Lot,
}

/// The result of a count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// The kind of poll counted.
    pub kind: Kind,
    /// Valid ballots counted.
    pub ballots: u64,
    /// Ballots refused by [`validate`] and left out.
    pub invalid: u64,
    /// Per option: votes (proposal, single), approvals (approval) or first preferences (ranked,
    /// STV).
    pub totals: Vec<u64>,
    /// The Droop quota (STV only).
    pub quota: Option<Votes>,
    /// Every stage (ranked and STV; empty otherwise).
    pub rounds: Vec<Round>,
    /// Winners in order of election. Single, approval and ranked: one winner, or none when there
    /// are no valid ballots (or, for single and approval, when no option got a vote). STV: up to
    /// `seats` candidates, none when there are no valid ballots. Proposal: empty.
    pub elected: Vec<u32>,
    /// Whether the proposal passed (proposals only).
    pub passed: Option<bool>,
    /// How a tie for the winner was broken (single and approval only).
    pub tie: Option<Tie>,
}

/// A BLT file read back by [`parse_blt`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blt {
    /// The election title.
    pub title: String,
    /// Candidate names, in index order.
    pub candidates: Vec<String>,
    /// Seats to fill.
    pub seats: u32,
    /// One entry per ballot (weights expanded), with 0-based candidate indices.
    pub ballots: Vec<Vec<u32>>,
}

/// Checks a ballot against the settings and returns it normalised: approval sets sorted
/// ascending, rankings kept in the voter's order.
///
/// Checks, in this order: empty (allowed only for approval polls with `allow_empty`), too many
/// choices (more than one for proposal and single; more than there are options otherwise), an
/// index the poll does not have, and the same index twice.
pub fn validate(settings: &Settings, ballot: &[u32]) -> Result<Vec<u32>, BallotError> {
    let options = settings.option_count();
    if ballot.is_empty() {
        return if settings.kind == Kind::Approval && settings.allow_empty {
            Ok(Vec::new())
        } else {
            Err(BallotError::Empty)
        };
    }
    let most = match settings.kind {
        Kind::Proposal | Kind::Single => 1,
        _ => options as usize,
    };
    if ballot.len() > most {
        return Err(BallotError::TooMany);
    }
    if ballot.iter().any(|&i| i >= options) {
        return Err(BallotError::Unknown);
    }
    let mut sorted = ballot.to_vec();
    sorted.sort_unstable();
    if sorted.windows(2).any(|pair| matches!(pair, [a, b] if a == b)) {
        return Err(BallotError::Duplicate);
    }
    Ok(if settings.kind == Kind::Approval { sorted } else { ballot.to_vec() })
}

/// The lot key of a candidate: `SHA-256(seed ‖ index as 4 bytes big-endian)`. In a tie decided
/// by lot, the tied candidate with the lowest key (compared byte by byte) is chosen.
pub fn lot_key(seed: &[u8; 32], candidate: u32) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(seed);
    hasher.update(candidate.to_be_bytes());
    hasher.finalize().into()
}

/// Counts the ballots.
///
/// `ballots` should already have passed [`validate`]; any that do not are left out and counted in
/// `invalid`. `seed` decides ties that the rules leave to lot (see the module notes).
///
/// # STV (Scottish rules, SSI 2007/42 schedule 1)
///
/// 1. Each ballot is credited to its first choice at the value of one vote (rule 45). The quota is
///    the number of valid ballots divided by one more than the number of seats, ignoring any
///    remainder, plus one (rule 46).
/// 2. At the end of every stage, each continuing candidate with at least the quota is elected
///    (rule 47), highest first.
/// 3. Once all seats are filled the count stops. If the continuing candidates are no more than
///    the seats left, they are all elected and the count stops without further transfers (rule 52;
///    recorded as a `Filled` stage).
/// 4. Otherwise, if an elected candidate has more than the quota, the largest such surplus is
///    transferred, one per stage (rule 49(1); equal surpluses per rule 49(2)–(3)). Every ballot
///    the candidate holds moves to its next continuing choice at `surplus × value ÷ candidate's
///    votes`, cut (not rounded) to five decimals (rule 48(3)); ballots with no next choice are
///    exhausted at that value. The candidate keeps exactly the quota; what the cutting loses is
///    recorded as `lost`.
/// 5. If no surplus is left to transfer, the continuing candidate with fewest votes is excluded
///    (rule 50(1); ties per rule 51) and all their ballots move at the value they had, in one
///    stage (rule 50(4)).
///
/// With no valid ballots nothing is elected and only the first stage is recorded.
pub fn count(settings: &Settings, ballots: &[Vec<u32>], seed: [u8; 32]) -> Outcome {
    let options = settings.option_count() as usize;
    let mut valid = Vec::with_capacity(ballots.len());
    let mut invalid = 0u64;
    for ballot in ballots {
        match validate(settings, ballot) {
            Ok(normalised) => valid.push(normalised),
            Err(_) => invalid += 1,
        }
    }
    let mut totals = vec![0u64; options];
    for ballot in &valid {
        let counted = match settings.kind {
            Kind::Ranked | Kind::Stv => ballot.first().map_or(&[][..], std::slice::from_ref),
            _ => ballot.as_slice(),
        };
        for &choice in counted {
            if let Some(total) = totals.get_mut(choice as usize) {
                *total += 1;
            }
        }
    }
    let mut outcome = Outcome {
        kind: settings.kind,
        ballots: valid.len() as u64,
        invalid,
        totals,
        quota: None,
        rounds: Vec::new(),
        elected: Vec::new(),
        passed: None,
        tie: None,
    };
    match settings.kind {
        Kind::Proposal => outcome.passed = Some(passes(settings.pass, &outcome.totals)),
        Kind::Single | Kind::Approval => {
            if let Some((winner, tie)) = most_votes(&outcome.totals, &seed) {
                outcome.elected = vec![winner];
                outcome.tie = tie;
            }
        }
        Kind::Ranked => instant_runoff(&valid, options, seed, &mut outcome),
        Kind::Stv => scottish_stv(&valid, options, settings.seats, seed, &mut outcome),
    }
    outcome
}

/// The proposal rule: no blocks, someone agreed or disagreed, and enough agreed.
fn passes(rule: PassRule, totals: &[u64]) -> bool {
    let get = |i: u32| u128::from(totals.get(i as usize).copied().unwrap_or(0));
    let (agree, disagree, block) = (get(AGREE), get(DISAGREE), get(BLOCK));
    let decisive = agree + disagree;
    let enough = match rule {
        PassRule::Majority => agree * 2 > decisive,
        PassRule::TwoThirds => agree * 3 >= decisive * 2,
    };
    block == 0 && decisive > 0 && enough
}

/// The option with most votes, breaking a tie by lot. `None` when no option has a vote.
fn most_votes(totals: &[u64], seed: &[u8; 32]) -> Option<(u32, Option<Tie>)> {
    let top = totals.iter().copied().max().filter(|&top| top > 0)?;
    let tied: Vec<u32> = (0u32..).zip(totals).filter(|&(_, &t)| t == top).map(|(i, _)| i).collect();
    match tied.as_slice() {
        [only] => Some((*only, None)),
        _ => lot(seed, &tied).map(|winner| (winner, Some(Tie::Lot))),
    }
}

/// The candidate with the lowest [`lot_key`].
fn lot(seed: &[u8; 32], candidates: &[u32]) -> Option<u32> {
    candidates.iter().copied().min_by_key(|&c| lot_key(seed, c))
}

/// `a × b ÷ d`, cut towards zero, without overflow.
fn mul_div(a: i64, b: i64, d: i64) -> i64 {
    if d == 0 {
        return 0;
    }
    i64::try_from(i128::from(a) * i128::from(b) / i128::from(d)).unwrap_or(i64::MAX)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Continuing,
    Elected,
    Excluded,
}

/// A ballot during a transferable count: its choices, which one it is at, and its value.
struct Paper<'a> {
    choices: &'a [u32],
    at: usize,
    value: i64,
}

/// The state shared by instant run-off and STV.
struct Counter<'a> {
    papers: Vec<Paper<'a>>,
    /// Per candidate: the papers they hold (indices into `papers`).
    piles: Vec<Vec<usize>>,
    tallies: Vec<i64>,
    status: Vec<Status>,
    exhausted: i64,
    lost: i64,
    rounds: Vec<Round>,
    elected: Vec<u32>,
    seed: [u8; 32],
}

impl<'a> Counter<'a> {
    /// Credits each ballot to its first choice at one vote.
    fn new(ballots: &'a [Vec<u32>], options: usize, seed: [u8; 32]) -> Counter<'a> {
        let mut counter = Counter {
            papers: Vec::with_capacity(ballots.len()),
            piles: vec![Vec::new(); options],
            tallies: vec![0; options],
            status: vec![Status::Continuing; options],
            exhausted: 0,
            lost: 0,
            rounds: Vec::new(),
            elected: Vec::new(),
            seed,
        };
        for (index, ballot) in ballots.iter().enumerate() {
            counter.papers.push(Paper { choices: ballot, at: 0, value: UNIT });
            counter.route(index, UNIT);
        }
        counter
    }

    fn tally(&self, candidate: u32) -> i64 {
        self.tallies.get(candidate as usize).copied().unwrap_or(0)
    }

    fn set_tally(&mut self, candidate: u32, value: i64) {
        if let Some(tally) = self.tallies.get_mut(candidate as usize) {
            *tally = value;
        }
    }

    fn set_status(&mut self, candidate: u32, status: Status) {
        if let Some(slot) = self.status.get_mut(candidate as usize) {
            *slot = status;
        }
    }

    fn with_status(&self, wanted: Status) -> Vec<u32> {
        (0u32..).zip(&self.status).filter(|&(_, &s)| s == wanted).map(|(c, _)| c).collect()
    }

    /// Gives paper `index` the value `value` and puts it with its next continuing choice
    /// (starting from the one it is at), or sets it aside as exhausted.
    fn route(&mut self, index: usize, value: i64) {
        let Some(paper) = self.papers.get_mut(index) else { return };
        paper.value = value;
        while let Some(&choice) = paper.choices.get(paper.at) {
            if self.status.get(choice as usize) == Some(&Status::Continuing) {
                if let (Some(pile), Some(tally)) =
                    (self.piles.get_mut(choice as usize), self.tallies.get_mut(choice as usize))
                {
                    pile.push(index);
                    *tally += value;
                    return;
                }
            }
            paper.at += 1;
        }
        self.exhausted += value;
    }

    /// Moves every paper `from` holds to its next continuing choice. With `scale = Some((s, t))`
    /// each paper's new value is `s × value ÷ t`, cut to whole units; otherwise it keeps its
    /// value. Returns the total value moved (including what became exhausted).
    fn transfer(&mut self, from: u32, scale: Option<(i64, i64)>) -> i64 {
        let pile = self.piles.get_mut(from as usize).map(std::mem::take).unwrap_or_default();
        let mut moved = 0;
        for index in pile {
            let old = self.papers.get(index).map_or(0, |p| p.value);
            let value = scale.map_or(old, |(s, t)| mul_div(s, old, t));
            moved += value;
            self.route(index, value);
        }
        moved
    }

    /// Elects every continuing candidate with at least `quota`, highest first, but never more
    /// than the seats left. Returns those elected.
    fn elect_reaching(&mut self, quota: i64, seats: usize) -> Vec<u32> {
        let mut reached: Vec<u32> =
            self.with_status(Status::Continuing).into_iter().filter(|&c| self.tally(c) >= quota).collect();
        reached.sort_by(|&a, &b| self.tally(b).cmp(&self.tally(a)).then(a.cmp(&b)));
        reached.truncate(seats.saturating_sub(self.elected.len()));
        for &c in &reached {
            self.set_status(c, Status::Elected);
            self.elected.push(c);
        }
        reached
    }

    /// Appends a stage with the current tallies; `before` gives the tallies it started from.
    fn record(&mut self, action: Action, before: &[i64], won: Vec<u32>, out: Vec<u32>, tie: Option<Tie>) {
        let number = u32::try_from(self.rounds.len() + 1).unwrap_or(u32::MAX);
        self.rounds.push(Round {
            number,
            tallies: self.tallies.iter().map(|&t| Votes(t)).collect(),
            action,
            transferred: self.tallies.iter().zip(before).map(|(&after, &b)| Votes(after - b)).collect(),
            exhausted: Votes(self.exhausted),
            lost: Votes(self.lost),
            elected: won,
            excluded: out,
            tie,
        });
    }

    /// Chooses among `tied` (who have equal votes now): the one with the fewest (`lowest`) or most
    /// votes at the most recent earlier stage where their votes differed, narrowing the group stage
    /// by stage; if they were equal at every stage, by lot (rules 49(2)–(3), 51(2)).
    fn break_tie(&self, tied: &[u32], lowest: bool) -> (u32, Option<Tie>) {
        if let [only] = tied {
            return (*only, None);
        }
        let earlier = self.rounds.split_last().map_or(&[][..], |(_, rest)| rest);
        let mut group = tied.to_vec();
        for round in earlier.iter().rev() {
            if group.len() < 2 {
                break;
            }
            let votes = |c: &u32| round.tallies.get(*c as usize).map_or(0, |v| v.0);
            let target = if lowest { group.iter().map(votes).min() } else { group.iter().map(votes).max() };
            if let Some(target) = target {
                group.retain(|c| votes(c) == target);
            }
        }
        match group.as_slice() {
            [only] => (*only, Some(Tie::Backwards)),
            _ => {
                let first = group.first().or(tied.first()).copied().unwrap_or(0);
                (lot(&self.seed, &group).unwrap_or(first), Some(Tie::Lot))
            }
        }
    }

    /// The continuing candidates whose votes are the lowest (`lowest`) or highest among `among`.
    fn extreme(&self, among: &[u32], lowest: bool) -> Vec<u32> {
        let votes = among.iter().map(|&c| self.tally(c));
        let Some(target) = (if lowest { votes.min() } else { votes.max() }) else { return Vec::new() };
        among.iter().copied().filter(|&c| self.tally(c) == target).collect()
    }

    /// Excludes the continuing candidate with fewest votes and moves their ballots on at the
    /// value they had. Returns who was excluded and how any tie was broken.
    fn exclude_lowest(&mut self) -> Option<(u32, Option<Tie>)> {
        let lowest = self.extreme(&self.with_status(Status::Continuing), true);
        if lowest.is_empty() {
            return None;
        }
        let (out, tie) = self.break_tie(&lowest, true);
        self.set_status(out, Status::Excluded);
        self.transfer(out, None);
        self.set_tally(out, 0);
        Some((out, tie))
    }

    /// Instant run-off winner now: a continuing candidate with more than half of the continuing
    /// ballots' value, or the only continuing candidate.
    fn majority(&self) -> Option<u32> {
        let continuing = self.with_status(Status::Continuing);
        let active: i64 = continuing.iter().map(|&c| self.tally(c)).sum();
        match continuing.as_slice() {
            [only] => Some(*only),
            _ => continuing.iter().copied().find(|&c| self.tally(c).saturating_mul(2) > active),
        }
    }

    /// The stages of an STV count after the first (rules 47 to 52, as described on [`count`]).
    fn run_stv(&mut self, quota: i64, seats: usize) {
        loop {
            let vacancies = seats.saturating_sub(self.elected.len());
            let mut continuing = self.with_status(Status::Continuing);
            if vacancies == 0 || continuing.is_empty() {
                break;
            }
            let before = self.tallies.clone();
            // Rule 52: as many continuing candidates as vacancies (or fewer): all elected, no transfer.
            if continuing.len() <= vacancies {
                continuing.sort_by(|&a, &b| self.tally(b).cmp(&self.tally(a)).then(a.cmp(&b)));
                for &c in &continuing {
                    self.set_status(c, Status::Elected);
                    self.elected.push(c);
                }
                self.record(Action::Filled, &before, continuing, Vec::new(), None);
                break;
            }
            let with_surplus: Vec<u32> =
                self.with_status(Status::Elected).into_iter().filter(|&c| self.tally(c) > quota).collect();
            if with_surplus.is_empty() {
                // Rules 50 and 51: exclude the lowest and move their ballots at their value.
                let Some((out, tie)) = self.exclude_lowest() else { break };
                let elected = self.elect_reaching(quota, seats);
                self.record(Action::Exclusion { candidate: out }, &before, elected, vec![out], tie);
                continue;
            }
            // Rules 48 and 49: transfer the largest surplus, every ballot at the cut transfer value.
            let largest = self.extreme(&with_surplus, false);
            let (from, tie) = self.break_tie(&largest, false);
            let total = self.tally(from);
            let surplus = total - quota;
            let moved = self.transfer(from, Some((surplus, total)));
            self.lost += surplus - moved;
            self.set_tally(from, quota);
            let elected = self.elect_reaching(quota, seats);
            let action = Action::Surplus { from, transfer_value: Votes(mul_div(surplus, UNIT, total)) };
            self.record(action, &before, elected, Vec::new(), tie);
        }
    }
}

/// Instant run-off (one winner). See the module notes.
fn instant_runoff(ballots: &[Vec<u32>], options: usize, seed: [u8; 32], outcome: &mut Outcome) {
    let mut counter = Counter::new(ballots, options, seed);
    let zero = vec![0; options];
    let mut winner = if ballots.is_empty() { None } else { counter.majority() };
    counter.record(Action::FirstPreferences, &zero, winner.into_iter().collect(), Vec::new(), None);
    while winner.is_none() && !ballots.is_empty() {
        let before = counter.tallies.clone();
        let Some((out, tie)) = counter.exclude_lowest() else { break };
        winner = counter.majority();
        let action = Action::Exclusion { candidate: out };
        counter.record(action, &before, winner.into_iter().collect(), vec![out], tie);
    }
    outcome.elected = winner.into_iter().collect();
    outcome.rounds = counter.rounds;
}

/// Scottish STV, as described on [`count`].
fn scottish_stv(ballots: &[Vec<u32>], options: usize, seats: u32, seed: [u8; 32], outcome: &mut Outcome) {
    let valid = ballots.len() as u64;
    let quota = Votes::whole(valid / (u64::from(seats) + 1) + 1).0;
    outcome.quota = Some(Votes(quota));
    let seats = seats as usize;
    let mut counter = Counter::new(ballots, options, seed);
    let zero = vec![0; options];
    let first = if valid == 0 { Vec::new() } else { counter.elect_reaching(quota, seats) };
    counter.record(Action::FirstPreferences, &zero, first, Vec::new(), None);
    if valid > 0 {
        counter.run_stv(quota, seats);
    }
    outcome.elected = counter.elected;
    outcome.rounds = counter.rounds;
}

/// Writes a BLT file, the format OpenSTV, OpenTally and Droop read.
///
/// The first line is "candidates seats". Then one line per group of identical ballots: the
/// number of such ballots, the 1-based candidate numbers in order, and "0". Groups are sorted by
/// their candidate numbers, so the file does not depend on the order ballots were cast in. A
/// line "0" ends the ballots; then come the candidate names and the title, each in double quotes
/// (a `"` or `\` inside is written with a backslash before it, and a line break as `\n`). For
/// non-ranked polls each ballot's options are written in the order given. No withdrawn-candidates
/// line is written.
pub fn blt(title: &str, candidates: &[String], seats: u32, ballots: &[Vec<u32>]) -> String {
    let mut sorted: Vec<&Vec<u32>> = ballots.iter().collect();
    sorted.sort();
    let mut out = format!("{} {}\n", candidates.len(), seats);
    for group in sorted.chunk_by(|a, b| a == b) {
        let _ = write!(out, "{}", group.len());
        for &choice in group.first().map_or(&[][..], |b| b.as_slice()) {
            let _ = write!(out, " {}", u64::from(choice) + 1);
        }
        out.push_str(" 0\n");
    }
    out.push_str("0\n");
    for name in candidates.iter().map(String::as_str).chain([title]) {
        out.push_str(&quote(name));
        out.push('\n');
    }
    out
}

/// Reads a BLT file back (see [`blt`]). Blank lines and lines starting with `#` are skipped;
/// ballot weights above 1 are expanded into that many ballots (at most [`MAX_BLT_BALLOTS`] in
/// all). A withdrawn-candidates line, equal rankings and fractional weights are not supported
/// and give an error, as does a candidate number out of range. A missing title is read as "".
pub fn parse_blt(text: &str) -> Result<Blt, String> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'));
    let (number, header) = lines.next().ok_or("the BLT file is empty")?;
    let mut fields = header.split_whitespace();
    let candidates: u32 = whole_number(fields.next(), number, "number of candidates")?;
    let seats: u32 = whole_number(fields.next(), number, "number of seats")?;
    if fields.next().is_some() {
        return Err(format!("line {number}: expected only the numbers of candidates and seats"));
    }
    let mut ballots = Vec::new();
    let mut total = 0u64;
    loop {
        let (number, line) = lines.next().ok_or("the BLT file ends before the 0 line closing the ballots")?;
        if line.starts_with('-') {
            return Err(format!("line {number}: withdrawn candidates are not supported"));
        }
        let mut fields = line.split_whitespace();
        let weight: u64 = whole_number(fields.next(), number, "ballot weight")?;
        if weight == 0 {
            if fields.next().is_some() {
                return Err(format!("line {number}: a ballot needs a weight of at least 1"));
            }
            break;
        }
        let mut choices = Vec::new();
        let mut closed = false;
        for field in fields {
            if closed {
                return Err(format!("line {number}: text after the 0 that ends the ballot"));
            }
            let choice: u32 = whole_number(Some(field), number, "candidate number")?;
            if choice == 0 {
                closed = true;
            } else if choice > candidates {
                return Err(format!("line {number}: there is no candidate {choice}"));
            } else {
                choices.push(choice - 1);
            }
        }
        if !closed {
            return Err(format!("line {number}: the ballot does not end with 0"));
        }
        total = total
            .checked_add(weight)
            .filter(|&t| t <= MAX_BLT_BALLOTS)
            .ok_or_else(|| format!("line {number}: more than {MAX_BLT_BALLOTS} ballots"))?;
        for _ in 1..weight {
            ballots.push(choices.clone());
        }
        ballots.push(choices);
    }
    let mut names = Vec::new();
    for _ in 0..candidates {
        let (number, line) = lines.next().ok_or("the BLT file ends before all candidate names")?;
        names.push(unquote(line).ok_or_else(|| format!("line {number}: a name must be in double quotes"))?);
    }
    let title = match lines.next() {
        Some((number, line)) => unquote(line).ok_or_else(|| format!("line {number}: title not in quotes"))?,
        None => String::new(),
    };
    Ok(Blt { title, candidates: names, seats, ballots })
}

fn whole_number<T: FromStr>(field: Option<&str>, line: usize, what: &str) -> Result<T, String> {
    let field = field.ok_or_else(|| format!("line {line}: missing {what}"))?;
    field.parse().map_err(|_| format!("line {line}: {what} {field:?} is not a whole number"))
}

fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

fn unquote(line: &str) -> Option<String> {
    let inner = line.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED0: [u8; 32] = [0; 32];
    const SEED1: [u8; 32] = [1; 32];
    const SEED7: [u8; 32] = [7; 32];

    fn settings(kind: Kind, options: u32, seats: u32) -> Settings {
        Settings { kind, options, seats, pass: PassRule::Majority, allow_empty: false }
    }

    /// `n` copies of a ballot.
    fn many(n: usize, ballot: &[u32]) -> Vec<Vec<u32>> {
        vec![ballot.to_vec(); n]
    }

    fn join(groups: &[(usize, &[u32])]) -> Vec<Vec<u32>> {
        groups.iter().flat_map(|&(n, b)| many(n, b)).collect()
    }

    fn v(text: &str) -> Votes {
        text.parse().unwrap()
    }

    fn vs(texts: &[&str]) -> Vec<Votes> {
        texts.iter().map(|t| v(t)).collect()
    }

    fn proposal(pass: PassRule, agree: usize, abstain: usize, disagree: usize, block: usize) -> Option<bool> {
        let s = Settings { kind: Kind::Proposal, options: 0, seats: 0, pass, allow_empty: false };
        let groups: [(usize, &[u32]); 4] = [(agree, &[0]), (abstain, &[1]), (disagree, &[2]), (block, &[3])];
        let ballots = join(&groups);
        let outcome = count(&s, &ballots, SEED0);
        assert_eq!(outcome.totals, vec![agree as u64, abstain as u64, disagree as u64, block as u64]);
        assert!(outcome.elected.is_empty() && outcome.rounds.is_empty());
        outcome.passed
    }

    /// A stage's action and how its tie was broken.
    fn did(round: &Round) -> (Action, Option<Tie>) {
        (round.action.clone(), round.tie)
    }

    /// A stage's tallies and exhausted value.
    fn held(round: &Round) -> (Vec<Votes>, Votes) {
        (round.tallies.clone(), round.exhausted)
    }

    /// Checks that every stage keeps all the value: tallies + exhausted + lost = valid ballots.
    fn assert_conserved(outcome: &Outcome) {
        let expected = i64::try_from(outcome.ballots).unwrap() * UNIT;
        for round in &outcome.rounds {
            let held: i64 = round.tallies.iter().map(|t| t.0).sum();
            assert_eq!(held + round.exhausted.0 + round.lost.0, expected, "stage {}", round.number);
            assert!(round.tallies.iter().all(|t| t.0 >= 0) && round.lost.0 >= 0 && round.exhausted.0 >= 0);
        }
    }

    #[test]
    fn codes_round_trip() {
        for kind in [Kind::Proposal, Kind::Single, Kind::Approval, Kind::Ranked, Kind::Stv] {
            assert_eq!(Kind::parse(kind.code()), Some(kind));
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{}\"", kind.code()));
        }
        for rule in [PassRule::Majority, PassRule::TwoThirds] {
            assert_eq!(PassRule::parse(rule.code()), Some(rule));
        }
        assert_eq!(PassRule::TwoThirds.code(), "two_thirds");
        assert_eq!(Kind::parse("Stv"), None);
        assert_eq!(BallotError::Duplicate.code(), "governance-ballot-duplicate");
        assert_eq!(BallotError::TooMany.code(), "governance-ballot-too-many");
    }

    #[test]
    fn proposal_majority_and_two_thirds_edges() {
        // Majority: agree must exceed disagree; abstentions do not count either way.
        assert_eq!(proposal(PassRule::Majority, 3, 10, 2, 0), Some(true));
        assert_eq!(proposal(PassRule::Majority, 2, 10, 2, 0), Some(false));
        assert_eq!(proposal(PassRule::Majority, 1, 0, 0, 0), Some(true));
        // Two thirds: 2 of 3 is exactly two thirds and passes; 3 of 5 (60%) does not; 7 of 10 does.
        assert_eq!(proposal(PassRule::TwoThirds, 2, 5, 1, 0), Some(true));
        assert_eq!(proposal(PassRule::TwoThirds, 3, 0, 2, 0), Some(false));
        assert_eq!(proposal(PassRule::TwoThirds, 7, 0, 3, 0), Some(true));
        assert_eq!(proposal(PassRule::TwoThirds, 66, 0, 34, 0), Some(false));
        assert_eq!(proposal(PassRule::TwoThirds, 67, 0, 33, 0), Some(true));
    }

    #[test]
    fn proposal_block_and_abstentions() {
        assert_eq!(proposal(PassRule::Majority, 10, 0, 0, 1), Some(false));
        assert_eq!(proposal(PassRule::TwoThirds, 100, 3, 1, 1), Some(false));
        assert_eq!(proposal(PassRule::Majority, 0, 5, 0, 0), Some(false));
        assert_eq!(proposal(PassRule::TwoThirds, 0, 5, 0, 0), Some(false));
        assert_eq!(proposal(PassRule::Majority, 0, 0, 0, 0), Some(false));
    }

    #[test]
    fn lot_key_is_sha256_of_seed_and_big_endian_index() {
        // SHA-256 of 32 zero bytes followed by 00 00 00 00 starts 6d b6 5f d5; with 00 00 00 01,
        // 21 58 a8 90 (checked with Python's hashlib).
        assert_eq!(lot_key(&SEED0, 0)[..4], [0x6d, 0xb6, 0x5f, 0xd5]);
        assert_eq!(lot_key(&SEED0, 1)[..4], [0x21, 0x58, 0xa8, 0x90]);
        assert_eq!(lot(&SEED0, &[0, 2]), Some(0));
        assert_eq!(lot(&SEED7, &[0, 2]), Some(2));
    }

    #[test]
    fn single_plain_win_and_tie_by_lot() {
        let s = settings(Kind::Single, 3, 0);
        let outcome = count(&s, &[vec![0], vec![1], vec![1], vec![2]], SEED0);
        assert_eq!(outcome.totals, vec![1, 2, 1]);
        assert_eq!((outcome.elected.clone(), outcome.tie), (vec![1], None));
        assert_eq!(outcome.ballots, 4);
        // 0 and 2 tie with two votes each. There is only one stage, so nothing to look back at:
        // the lot decides. Keys (first bytes) with seed [0; 32]: 0 → 6d.., 2 → e1.., so 0 wins;
        // with seed [7; 32]: 0 → d9.., 2 → 2e.., so 2 wins. The same seed always gives the same winner.
        let tied = [vec![0], vec![2], vec![2], vec![0], vec![1]];
        for _ in 0..3 {
            let outcome = count(&s, &tied, SEED0);
            assert_eq!((outcome.elected, outcome.tie), (vec![0], Some(Tie::Lot)));
        }
        let outcome = count(&s, &tied, SEED7);
        assert_eq!((outcome.elected, outcome.tie), (vec![2], Some(Tie::Lot)));
        // No ballots: no winner.
        assert!(count(&s, &[], SEED0).elected.is_empty());
    }

    #[test]
    fn approval_plain_win_tie_and_empty_ballots() {
        let s = settings(Kind::Approval, 3, 0);
        let outcome = count(&s, &[vec![0, 1], vec![2, 1], vec![1]], SEED0);
        assert_eq!((outcome.totals, outcome.elected, outcome.tie), (vec![1, 3, 1], vec![1], None));
        // 0 and 1 both approved twice. Seed [0; 32]: key of 1 (21..) < key of 0 (6d..) → 1 wins.
        // Seed [1; 32]: key of 0 (3f..) < key of 1 (47..) → 0 wins.
        let tied = [vec![1, 0], vec![0], vec![1, 2]];
        let outcome = count(&s, &tied, SEED0);
        assert_eq!(outcome.totals, vec![2, 2, 1]);
        assert_eq!((outcome.elected, outcome.tie), (vec![1], Some(Tie::Lot)));
        assert_eq!(count(&s, &tied, SEED1).elected, vec![0]);
        // Empty approvals are invalid unless allowed; when allowed they count but elect nobody.
        let outcome = count(&s, &[vec![], vec![]], SEED0);
        assert_eq!((outcome.ballots, outcome.invalid), (0, 2));
        let allow = Settings { allow_empty: true, ..s };
        let outcome = count(&allow, &[vec![], vec![]], SEED0);
        assert_eq!((outcome.ballots, outcome.invalid, outcome.elected), (2, 0, vec![]));
    }

    #[test]
    fn invalid_ballots_are_counted_not_fatal() {
        let s = settings(Kind::Ranked, 3, 0);
        let ballots = [vec![0, 1], vec![7], vec![1, 1], vec![], vec![2, 0, 1, 2], vec![0]];
        let outcome = count(&s, &ballots, SEED0);
        assert_eq!((outcome.ballots, outcome.invalid), (2, 4));
        assert_eq!(outcome.elected, vec![0]);
        // Absurd settings do not blow up either.
        let huge = settings(Kind::Stv, u32::MAX, u32::MAX);
        let outcome = count(&huge, &[vec![5, 999], vec![1_000]], SEED0);
        assert_eq!((outcome.ballots, outcome.invalid, outcome.totals.len()), (1, 1, 1_000));
        assert_eq!(outcome.quota, Some(v("1.00000")));
    }

    #[test]
    fn irv_tennessee_capital() {
        // Wikipedia, "Instant-runoff voting": Memphis 0, Nashville 1, Chattanooga 2, Knoxville 3.
        let (m, n, c, k): (&[u32], &[u32], &[u32], &[u32]) =
            (&[0, 1, 2, 3], &[1, 2, 3, 0], &[2, 3, 1, 0], &[3, 2, 1, 0]);
        let ballots = join(&[(42, m), (26, n), (15, c), (17, k)]);
        let outcome = count(&settings(Kind::Ranked, 4, 0), &ballots, SEED0);
        assert_eq!(outcome.totals, vec![42, 26, 15, 17]);
        assert_eq!(outcome.elected, vec![3]);
        let r = &outcome.rounds;
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].action, Action::FirstPreferences);
        assert_eq!(r[0].tallies, vs(&["42", "26", "15", "17"]));
        assert!(r[0].elected.is_empty());
        // Chattanooga (15) out; all 15 go on to Knoxville.
        assert_eq!(r[1].action, Action::Exclusion { candidate: 2 });
        assert_eq!(r[1].tallies, vs(&["42", "26", "0", "32"]));
        assert_eq!(r[1].transferred, vs(&["0", "0", "-15", "15"]));
        // Nashville (26) out; next choice Chattanooga is gone, so Knoxville: 58 of 100.
        assert_eq!(r[2].action, Action::Exclusion { candidate: 1 });
        assert_eq!(r[2].tallies, vs(&["42", "0", "0", "58"]));
        assert_eq!((r[2].elected.clone(), r[2].excluded.clone(), r[2].tie), (vec![3], vec![1], None));
        assert!(r.iter().all(|round| round.exhausted == Votes::ZERO && round.lost == Votes::ZERO));
    }

    #[test]
    fn irv_exhausted_ballots_shrink_the_majority() {
        let ballots = join(&[(5, &[0]), (4, &[1, 2]), (3, &[2]), (2, &[3])]);
        let outcome = count(&settings(Kind::Ranked, 4, 0), &ballots, SEED0);
        let r = &outcome.rounds;
        // 5 of 14 is no majority; D's 2 exhaust: 5 of 12 is none either; C's 3 exhaust: 5 of 9 is.
        assert_eq!(r.len(), 3);
        assert_eq!(held(&r[1]), (vs(&["5", "4", "3", "0"]), v("2")));
        assert_eq!(held(&r[2]), (vs(&["5", "4", "0", "0"]), v("5")));
        assert_eq!(outcome.elected, vec![0]);
        assert_conserved(&outcome);
    }

    #[test]
    fn irv_ties_backwards_then_lot() {
        // After D is out, B and C have 3 each; at stage 1 B had 3 and C 2, so C goes (rule 51(2)(a)).
        let ballots = join(&[(6, &[0]), (3, &[1]), (2, &[2]), (1, &[3, 2])]);
        let outcome = count(&settings(Kind::Ranked, 4, 0), &ballots, SEED0);
        let r = &outcome.rounds;
        assert_eq!(r[1].tallies, vs(&["6", "3", "3", "0"]));
        assert_eq!((r[2].excluded.clone(), r[2].tie), (vec![2], Some(Tie::Backwards)));
        assert_eq!((outcome.elected.clone(), r[2].exhausted), (vec![0], v("3")));
        // A and B have 2 each at every stage: lot. Seed [0; 32]: key of 1 is lowest → B excluded, A
        // wins; seed [1; 32]: key of 0 is lowest → A excluded, B wins.
        let ballots = join(&[(2, &[0]), (2, &[1]), (1, &[2])]);
        let outcome = count(&settings(Kind::Ranked, 3, 0), &ballots, SEED0);
        assert_eq!((outcome.rounds[1].tie, outcome.rounds[1].excluded.clone()), (None, vec![2]));
        assert_eq!((outcome.rounds[2].tie, outcome.rounds[2].excluded.clone()), (Some(Tie::Lot), vec![1]));
        assert_eq!(outcome.elected, vec![0]);
        assert_eq!(count(&settings(Kind::Ranked, 3, 0), &ballots, SEED1).elected, vec![1]);
    }

    #[test]
    fn three_way_tie_narrows_stage_by_stage() {
        // A 0, B 1, C 2, D 3, X 4, Y 5. Stage 1: A 6, B 3, C 4, D 5, X 1, Y 3. X goes to B (B 4 =
        // C 4, D 5); Y gives B and C one each and one exhausts: B = C = D = 5. Stage 3 keeps B and
        // C (the fewest there), stage 1 separates them: B is excluded. Then C = D = 5; at stage 3
        // they were equal, at stage 2 C had 4 and D 5: C is excluded, and A's 6 of 11 is a majority.
        let ballots = join(&[(6, &[0]), (3, &[1]), (4, &[2]), (5, &[3]), (1, &[4, 1]), (1, &[5, 1])]);
        let ballots = [ballots, vec![vec![5, 2], vec![5]]].concat();
        let outcome = count(&settings(Kind::Ranked, 6, 0), &ballots, SEED0);
        let r = &outcome.rounds;
        assert_eq!(held(&r[2]), (vs(&["6", "5", "5", "5", "0", "0"]), v("1")));
        assert_eq!(did(&r[3]), (Action::Exclusion { candidate: 1 }, Some(Tie::Backwards)));
        assert_eq!(did(&r[4]), (Action::Exclusion { candidate: 2 }, Some(Tie::Backwards)));
        assert_eq!(held(&r[4]), (vs(&["6", "0", "0", "5", "0", "0"]), v("11")));
        assert_eq!((outcome.elected, r[4].elected.clone()), (vec![0], vec![0]));
    }

    #[test]
    fn stv_wikipedia_food_election() {
        // Wikipedia, "Single transferable vote": Oranges 0, Pears 1, Chocolate 2, Strawberries 3,
        // Hamburgers 4; 20 voters, 3 seats, quota floor(20 / 4) + 1 = 6.
        let ballots = join(&[(4, &[0]), (2, &[1, 0]), (8, &[2, 3]), (4, &[2, 4]), (1, &[3]), (1, &[4])]);
        let outcome = count(&settings(Kind::Stv, 5, 3), &ballots, SEED0);
        assert_eq!(outcome.quota, Some(v("6")));
        assert_eq!(outcome.totals, vec![4, 2, 12, 1, 1]);
        let r = &outcome.rounds;
        assert_eq!(r.len(), 5);
        // Stage 1: Chocolate 12 ≥ 6, elected with a surplus of 6.
        assert_eq!((r[0].tallies.clone(), r[0].elected.clone()), (vs(&["4", "2", "12", "1", "1"]), vec![2]));
        // Stage 2: transfer value 6 / 12 = 0.5: 8 × 0.5 to Strawberries, 4 × 0.5 to Hamburgers.
        assert_eq!(r[1].action, Action::Surplus { from: 2, transfer_value: v("0.5") });
        assert_eq!(r[1].tallies, vs(&["4", "2", "6", "5", "3"]));
        assert_eq!(r[1].transferred, vs(&["0", "0", "-6", "4", "2"]));
        assert!(r[1].elected.is_empty());
        // Stage 3: Pears (2) excluded, both to Oranges, who reaches 6 and is elected.
        assert_eq!(r[2].action, Action::Exclusion { candidate: 1 });
        assert_eq!(r[2].tallies, vs(&["6", "0", "6", "5", "3"]));
        assert_eq!(r[2].elected, vec![0]);
        // Stage 4: no surplus (Oranges has exactly 6): Hamburgers (3) excluded; their 1 + 4 × 0.5
        // ballots have no further choice and are exhausted.
        assert_eq!(r[3].action, Action::Exclusion { candidate: 4 });
        assert_eq!(held(&r[3]), (vs(&["6", "0", "6", "5", "0"]), v("3")));
        // Stage 5: one seat, one continuing candidate: Strawberries elected (rule 52).
        assert_eq!((r[4].action.clone(), r[4].elected.clone()), (Action::Filled, vec![3]));
        assert_eq!(r[4].transferred, vs(&["0"; 5]));
        assert_eq!(outcome.elected, vec![2, 0, 3]);
        assert!(r.iter().all(|round| round.lost == Votes::ZERO));
        assert_conserved(&outcome);
    }

    #[test]
    fn stv_loomio_fixtures() {
        // From loomio/loomio test/services/stv_count_service_test.rb (Scottish counter cases).
        // 100 voters, 3 seats: quota 26. A 40 and B 35 elected at once; A's surplus 14 goes at
        // 14 / 40 = 0.35 past B to C: 15 + 40 × 0.35 = 29 ≥ 26.
        let (a, b, c, d): (&[u32], &[u32], &[u32], &[u32]) =
            (&[0, 1, 2, 3], &[1, 2, 0, 3], &[2, 3, 0, 1], &[3, 2, 1, 0]);
        let ballots = join(&[(40, a), (35, b), (15, c), (10, d)]);
        let outcome = count(&settings(Kind::Stv, 4, 3), &ballots, SEED0);
        assert_eq!(outcome.quota, Some(v("26")));
        assert_eq!(outcome.rounds[0].elected, vec![0, 1]);
        assert_eq!(outcome.rounds[1].action, Action::Surplus { from: 0, transfer_value: v("0.35") });
        assert_eq!(outcome.rounds[1].tallies, vs(&["26", "35", "29", "10"]));
        assert_eq!((outcome.elected, outcome.rounds.len()), (vec![0, 1, 2], 2));
        // 10 voters, 2 seats, quota 4: A 4 and B 4 elected at stage 1.
        let ballots = join(&[(3, &[0, 1, 2]), (3, &[1, 0, 2]), (1, &[2, 0, 1]), (1, &[2, 1, 0])]);
        let ballots = [ballots, vec![vec![0, 2, 1], vec![1, 2, 0]]].concat();
        let outcome = count(&settings(Kind::Stv, 3, 2), &ballots, SEED0);
        assert_eq!((outcome.quota, outcome.elected, outcome.rounds.len()), (Some(v("4")), vec![0, 1], 1));
        // One seat (like IRV): quota 5; A 3, B 2, C 4; B excluded, A reaches 5.
        let ballots = join(&[(2, &[0, 1, 2]), (1, &[0, 2, 1]), (2, &[1, 0, 2]), (4, &[2, 1, 0])]);
        let outcome = count(&settings(Kind::Stv, 3, 1), &ballots, SEED0);
        assert_eq!((outcome.quota, outcome.elected.clone()), (Some(v("5")), vec![0]));
        assert_eq!(outcome.rounds[1].tallies, vs(&["5", "0", "4"]));
        // Remaining candidates equal remaining seats: 8 voters, 3 seats, quota 3. A is elected
        // with 5; B and C are the only ones left for two seats, so they are elected with no
        // transfer of A's surplus (rule 52).
        let ballots = join(&[(5, &[0, 1, 2]), (2, &[1, 2, 0]), (1, &[2, 1, 0])]);
        let outcome = count(&settings(Kind::Stv, 3, 3), &ballots, SEED0);
        assert_eq!((outcome.quota, outcome.elected.clone()), (Some(v("3")), vec![0, 1, 2]));
        assert_eq!(outcome.rounds[1].action, Action::Filled);
        assert_eq!(outcome.rounds[1].tallies, vs(&["5", "2", "1"]));
        // Exhausted ballots: 2 seats, quota 4. A's surplus of 1 exhausts entirely (5 × 0.2), C is
        // excluded and exhausts, B fills the last seat.
        let ballots = join(&[(5, &[0]), (3, &[1]), (1, &[2])]);
        let outcome = count(&settings(Kind::Stv, 3, 2), &ballots, SEED0);
        assert_eq!(outcome.elected, vec![0, 1]);
        let r = &outcome.rounds;
        assert_eq!(held(&r[1]), (vs(&["4", "3", "1"]), v("1")));
        assert_eq!((r[2].action.clone(), r[2].exhausted), (Action::Exclusion { candidate: 2 }, v("2")));
        assert_eq!((r[3].action.clone(), r[3].elected.clone()), (Action::Filled, vec![1]));
        // Transfers: 8 voters, 2 seats, quota 3; A's surplus 3 of 6 goes at 0.5: B 1 + 2.5 = 3.5.
        let ballots = join(&[(5, &[0, 1, 2]), (1, &[0, 2, 1]), (1, &[1, 0, 2]), (1, &[2, 1, 0])]);
        let outcome = count(&settings(Kind::Stv, 3, 2), &ballots, SEED0);
        assert_eq!(outcome.rounds[1].tallies, vs(&["3", "3.5", "1.5"]));
        assert_eq!(outcome.elected, vec![0, 1]);
        // No ballots: nobody elected. More seats than candidates: both elected. Unanimous: A.
        assert!(count(&settings(Kind::Stv, 3, 2), &[], SEED0).elected.is_empty());
        let outcome = count(&settings(Kind::Stv, 2, 5), &[vec![0, 1], vec![1, 0], vec![0, 1]], SEED0);
        assert_eq!((outcome.quota, outcome.elected), (Some(v("1")), vec![0, 1]));
        assert_eq!(count(&settings(Kind::Stv, 3, 1), &many(10, &[0, 1, 2]), SEED0).elected, vec![0]);
    }

    #[test]
    fn stv_exclusion_tie_decided_by_looking_back() {
        // 15 ballots, 2 seats, quota 6. A (1) is excluded and goes to B: B 3, C 3. At the previous
        // stage B had 2 and C 3, so B is excluded (rule 51(2)(a)).
        let ballots = join(&[(1, &[0, 1]), (2, &[1]), (3, &[2]), (4, &[3]), (5, &[4])]);
        let outcome = count(&settings(Kind::Stv, 5, 2), &ballots, SEED0);
        let r = &outcome.rounds;
        assert_eq!(r[1].tallies, vs(&["0", "3", "3", "4", "5"]));
        assert_eq!(did(&r[2]), (Action::Exclusion { candidate: 1 }, Some(Tie::Backwards)));
        assert_eq!(r[2].exhausted, v("3"));
        assert_eq!(did(&r[3]), (Action::Exclusion { candidate: 2 }, None));
        assert_eq!((r[4].action.clone(), r[4].elected.clone()), (Action::Filled, vec![4, 3]));
        assert_eq!(outcome.elected, vec![4, 3]);
        assert_conserved(&outcome);
    }

    #[test]
    fn stv_look_back_uses_the_most_recent_unequal_stage() {
        // 18 ballots, 2 seats, quota 7. Stage 1: A 6, B 3, C 4, X 2, Y 3. X goes to B (B 5, C 4),
        // then Y gives C one vote (B 5 = C 5). Most recent earlier stage where they differ is
        // stage 2, where C had fewer: C is excluded. (Looking forwards from stage 1, where B had
        // fewer, would wrongly exclude B.)
        let ballots = join(&[(6, &[0]), (3, &[1]), (4, &[2]), (2, &[3, 1]), (1, &[4, 2]), (2, &[4])]);
        let outcome = count(&settings(Kind::Stv, 5, 2), &ballots, SEED0);
        let r = &outcome.rounds;
        assert_eq!(r[1].tallies, vs(&["6", "5", "4", "0", "3"]));
        assert_eq!(held(&r[2]), (vs(&["6", "5", "5", "0", "0"]), v("2")));
        assert_eq!(did(&r[3]), (Action::Exclusion { candidate: 2 }, Some(Tie::Backwards)));
        assert_eq!((r[3].exhausted, r[4].action.clone()), (v("7"), Action::Filled));
        assert_eq!(outcome.elected, vec![0, 1]);
    }

    #[test]
    fn stv_exclusion_tie_decided_by_lot() {
        // 35 ballots, 4 seats, quota 8. A (10) and B (8) elected; A's surplus 2 at 0.2 gives C
        // 6 + 2 = 8. E and F have 3 each at every stage: lot. Keys with seed [0; 32]: E (4) d5..,
        // F (5) 55.. → F excluded; with seed [7; 32]: E b7.., F 4e.. → F again.
        let ballots = join(&[(10, &[0, 2]), (8, &[1]), (6, &[2]), (5, &[3]), (3, &[4, 3]), (3, &[5, 3])]);
        for seed in [SEED0, SEED7] {
            let outcome = count(&settings(Kind::Stv, 6, 4), &ballots, seed);
            let r = &outcome.rounds;
            assert_eq!(r[1].action, Action::Surplus { from: 0, transfer_value: v("0.2") });
            assert_eq!(r[1].tallies, vs(&["8", "8", "8", "5", "3", "3"]));
            assert_eq!(r[1].elected, vec![2]);
            assert_eq!(did(&r[2]), (Action::Exclusion { candidate: 5 }, Some(Tie::Lot)));
            assert_eq!(r[2].tallies, vs(&["8", "8", "8", "8", "3", "0"]));
            assert_eq!(r[2].elected, vec![3]);
            assert_eq!(outcome.elected, vec![0, 1, 2, 3]);
        }
    }

    #[test]
    fn stv_equal_surpluses_decided_by_looking_back() {
        // 26 ballots, 3 seats, quota 7. Stage 1: A 6, B 5, C 1, D 5, E 5, X 4. C goes to B (A 6 =
        // B 6); X's 4 go 2 to A and 2 to B: both have 8 and are elected. Their surpluses are equal
        // (1 each); A had more at stage 1 (they were equal at stage 2), so A's goes first (rule 49(2)).
        let x: [(usize, &[u32]); 2] = [(2, &[5, 0]), (2, &[5, 1])];
        let ballots = join(&[(6, &[0, 3]), (5, &[1, 4]), (1, &[2, 1]), x[0], x[1], (5, &[3]), (5, &[4])]);
        let outcome = count(&settings(Kind::Stv, 6, 3), &ballots, SEED0);
        let r = &outcome.rounds;
        assert_eq!(r.len(), 7);
        assert_eq!(r[2].tallies, vs(&["8", "8", "0", "5", "5", "0"]));
        assert_eq!(r[2].elected, vec![0, 1]);
        // A's 8 ballots at 1 / 8 = 0.125: six go to D (0.75), two have no next choice (0.25).
        let a_surplus = Action::Surplus { from: 0, transfer_value: v("0.125") };
        assert_eq!(did(&r[3]), (a_surplus, Some(Tie::Backwards)));
        assert_eq!(held(&r[3]), (vs(&["7", "8", "0", "5.75", "5", "0"]), v("0.25")));
        assert_eq!(r[3].transferred, vs(&["-1", "0", "0", "0.75", "0", "0"]));
        // B's: five go to E (0.625), three exhaust (0.375).
        let b_surplus = Action::Surplus { from: 1, transfer_value: v("0.125") };
        assert_eq!(did(&r[4]), (b_surplus, None));
        assert_eq!(held(&r[4]), (vs(&["7", "7", "0", "5.75", "5.625", "0"]), v("0.625")));
        assert_eq!((r[5].action.clone(), r[5].exhausted), (Action::Exclusion { candidate: 4 }, v("6.25")));
        assert_eq!((r[6].action.clone(), r[6].elected.clone()), (Action::Filled, vec![3]));
        assert_eq!(outcome.elected, vec![0, 1, 3]);
        assert_conserved(&outcome);
    }

    #[test]
    fn stv_truncation_loses_votes() {
        // 10 ballots, 2 seats, quota 4. A has 7: surplus 3, transfer value 3 / 7 = 0.428571… cut
        // to 0.42857. B gets 4 × 0.42857 = 1.71428, C 3 × 0.42857 = 1.28571; 0.00001 is lost.
        let ballots = join(&[(4, &[0, 1]), (3, &[0, 2]), (1, &[1]), (1, &[2]), (1, &[3])]);
        let outcome = count(&settings(Kind::Stv, 4, 2), &ballots, SEED0);
        let r = &outcome.rounds;
        assert_eq!(r[1].action, Action::Surplus { from: 0, transfer_value: v("0.42857") });
        assert_eq!(r[1].tallies, vs(&["4", "2.71428", "2.28571", "1"]));
        assert_eq!(r[1].transferred, vs(&["-3", "1.71428", "1.28571", "0"]));
        assert_eq!((r[1].lost, r[1].exhausted), (v("0.00001"), v("0")));
        // D (1) excluded, exhausts; then C (2.28571): 1 + 3 × 0.42857 exhaust.
        assert_eq!((r[2].action.clone(), r[2].exhausted), (Action::Exclusion { candidate: 3 }, v("1")));
        assert_eq!((r[3].action.clone(), r[3].exhausted), (Action::Exclusion { candidate: 2 }, v("3.28571")));
        assert_eq!(r[3].tallies, vs(&["4", "2.71428", "0", "0"]));
        assert_eq!((r[4].action.clone(), r[4].lost), (Action::Filled, v("0.00001")));
        assert_eq!(r[4].elected, vec![1]);
        assert_eq!(outcome.elected, vec![0, 1]);
        assert_conserved(&outcome);
    }

    /// SplitMix64, enough to make varied but repeatable test elections.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    #[test]
    fn stv_random_elections_conserve_votes() {
        let mut rng = Rng(20_240_611);
        let mut total_lost = 0;
        for _ in 0..300 {
            let options = 2 + rng.below(8) as u32;
            let seats = 1 + rng.below(4) as u32;
            let ballots: Vec<Vec<u32>> = (0..rng.below(80))
                .map(|_| {
                    let mut order: Vec<u32> = (0..options).collect();
                    for i in (1..order.len()).rev() {
                        order.swap(i, rng.below(i as u64 + 1) as usize);
                    }
                    order.truncate(1 + rng.below(u64::from(options)) as usize);
                    order
                })
                .collect();
            let s = settings(Kind::Stv, options, seats);
            let outcome = count(&s, &ballots, SEED0);
            assert_eq!(outcome, count(&s, &ballots, SEED0));
            assert_conserved(&outcome);
            let mut elected = outcome.elected.clone();
            elected.sort_unstable();
            elected.dedup();
            assert_eq!(elected.len(), outcome.elected.len());
            let expected = if ballots.is_empty() { 0 } else { seats.min(options) as usize };
            assert_eq!(outcome.elected.len(), expected, "{ballots:?}");
            for round in &outcome.rounds {
                let moved: i64 = round.transferred.iter().map(|t| t.0).sum();
                let previous = round.number.checked_sub(2).and_then(|i| outcome.rounds.get(i as usize));
                if let Some(previous) = previous {
                    let leaked = round.exhausted.0 - previous.exhausted.0 + round.lost.0 - previous.lost.0;
                    assert_eq!(moved + leaked, 0);
                }
            }
            total_lost += outcome.rounds.last().map_or(0, |r| r.lost.0);
            let irv = count(&settings(Kind::Ranked, options, 0), &ballots, SEED0);
            assert_conserved(&irv);
            assert_eq!(irv.elected.len(), usize::from(!ballots.is_empty()));
        }
        assert!(total_lost > 0);
    }

    #[test]
    fn validate_rules() {
        let single = settings(Kind::Single, 3, 0);
        assert_eq!(validate(&single, &[2]), Ok(vec![2]));
        assert_eq!(validate(&single, &[]), Err(BallotError::Empty));
        assert_eq!(validate(&single, &[0, 1]), Err(BallotError::TooMany));
        assert_eq!(validate(&single, &[3]), Err(BallotError::Unknown));
        let proposal = settings(Kind::Proposal, 99, 0);
        assert_eq!(validate(&proposal, &[BLOCK]), Ok(vec![3]));
        assert_eq!(validate(&proposal, &[4]), Err(BallotError::Unknown));
        assert_eq!(validate(&proposal, &[AGREE, DISAGREE]), Err(BallotError::TooMany));
        let approval = settings(Kind::Approval, 4, 0);
        assert_eq!(validate(&approval, &[3, 0, 2]), Ok(vec![0, 2, 3]));
        assert_eq!(validate(&approval, &[2, 0, 2]), Err(BallotError::Duplicate));
        assert_eq!(validate(&approval, &[]), Err(BallotError::Empty));
        assert_eq!(validate(&Settings { allow_empty: true, ..approval }, &[]), Ok(vec![]));
        assert_eq!(validate(&approval, &[0, 1, 2, 3, 0]), Err(BallotError::TooMany));
        let ranked = settings(Kind::Ranked, 4, 0);
        assert_eq!(validate(&ranked, &[3, 0, 2]), Ok(vec![3, 0, 2]));
        assert_eq!(validate(&ranked, &[1, 4]), Err(BallotError::Unknown));
        assert_eq!(validate(&ranked, &[1, 2, 1]), Err(BallotError::Duplicate));
        assert_eq!(validate(&settings(Kind::Stv, 4, 2), &[]), Err(BallotError::Empty));
    }

    #[test]
    fn blt_round_trip_and_grouping() {
        let names: Vec<String> = ["Ann \"Nan\" Lee", "Bo\\b", "Cy"].iter().map(|s| s.to_string()).collect();
        let ballots = vec![vec![1, 0], vec![0, 2, 1], vec![1, 0], vec![2], vec![1, 0], vec![0, 2, 1]];
        let text = blt("Board 2025", &names, 2, &ballots);
        let expected = concat!(
            "3 2\n2 1 3 2 0\n3 2 1 0\n1 3 0\n0\n",
            "\"Ann \\\"Nan\\\" Lee\"\n\"Bo\\\\b\"\n\"Cy\"\n\"Board 2025\"\n"
        );
        assert_eq!(text, expected);
        let back = parse_blt(&text).unwrap();
        assert_eq!((back.title.as_str(), back.seats), ("Board 2025", 2));
        assert_eq!(back.candidates, names);
        let mut sorted = ballots.clone();
        sorted.sort();
        assert_eq!(back.ballots, sorted);
        // Counting the file gives the same result as counting the ballots.
        let s = settings(Kind::Stv, 3, 2);
        assert_eq!(count(&s, &back.ballots, SEED0), count(&s, &sorted, SEED0));
        // Empty approval ballots survive as "n 0" lines; comments and blank lines are skipped.
        let text = blt("t", &names, 1, &[vec![], vec![0, 2], vec![]]);
        assert!(text.starts_with("3 1\n2 0\n1 1 3 0\n0\n"));
        assert_eq!(parse_blt(&text).unwrap().ballots, vec![vec![], vec![], vec![0, 2]]);
        let other = "# from elsewhere\n2 1\n\n3 2 1 0\n1 1 0\n0\n\"X\"\n\"Y\"\n";
        let parsed = parse_blt(other).unwrap();
        assert_eq!(parsed.ballots, vec![vec![1, 0], vec![1, 0], vec![1, 0], vec![0]]);
        assert_eq!(parsed.title, "");
        // Errors, not panics.
        assert!(parse_blt("").is_err());
        assert!(parse_blt("2 1\n1 3 0\n0\n\"X\"\n\"Y\"\n").unwrap_err().contains("no candidate 3"));
        assert!(parse_blt("2 1\n-2\n1 1 0\n0\n\"X\"\n\"Y\"\n").is_err());
        assert!(parse_blt("2 1\n1 1 2\n0\n\"X\"\n\"Y\"\n").unwrap_err().contains("does not end with 0"));
        assert!(parse_blt("2 1\n1 1 0\n0\nX\n\"Y\"\n").is_err());
        assert!(parse_blt("2 1\n99999999999 1 0\n0\n\"X\"\n\"Y\"\n").unwrap_err().contains("more than"));
        assert!(parse_blt("2 1\n1.5 1 0\n0\n\"X\"\n\"Y\"\n").is_err());
    }

    #[test]
    fn votes_display_and_serde() {
        assert_eq!(Votes(100_000).to_string(), "1.00000");
        assert_eq!(Votes(1_234_567).to_string(), "12.34567");
        assert_eq!(Votes(1).to_string(), "0.00001");
        assert_eq!(Votes(-50_000).to_string(), "-0.50000");
        assert_eq!(Votes(i64::MIN).to_string(), "-92233720368547.75808");
        assert_eq!(serde_json::to_string(&Votes(100_000)).unwrap(), "\"1.00000\"");
        assert_eq!(serde_json::from_str::<Votes>("\"12.34567\"").unwrap(), Votes(1_234_567));
        assert_eq!(v("2.5"), Votes(250_000));
        assert_eq!(v("-0.00001"), Votes(-1));
        assert_eq!(Votes::whole(3), v("3"));
        for bad in ["", "1.", ".5", "1.234567", "1e3", "--1", "99999999999999999"] {
            assert!(bad.parse::<Votes>().is_err(), "{bad}");
        }
        let action = Action::Surplus { from: 2, transfer_value: Votes(50_000) };
        assert_eq!(
            serde_json::to_string(&action).unwrap(),
            r#"{"type":"surplus","from":2,"transfer_value":"0.50000"}"#
        );
        let ballots = join(&[(4, &[0]), (2, &[1, 0]), (8, &[2, 3]), (4, &[2, 4]), (1, &[3]), (1, &[4])]);
        let outcome = count(&settings(Kind::Stv, 5, 3), &ballots, SEED0);
        let json = serde_json::to_string(&outcome).unwrap();
        assert!(json.contains(r#""quota":"6.00000""#) && json.contains(r#""tie":null"#));
        assert_eq!(serde_json::from_str::<Outcome>(&json).unwrap(), outcome);
    }
}
