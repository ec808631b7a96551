//! The items of the decks a game plays: cards (moves and offers), events, provisions, and the
//! signals, dates and precedents each carries.

use serde::{Deserialize, Serialize};

use super::*;

/// How a move reaches the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MoveKind {
    /// Takes effect on resolution.
    Unilateral,
    /// Proposed to `target`; its effects apply only if accepted.
    Offer,
    /// Hidden from the others until detected.
    Covert,
}

/// Whom a signal is aimed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Toward {
    /// The card's target (or the card's default target).
    Target,
    Side(SideId),
    /// Every other side present.
    All,
}

impl Toward {
    /// Where the signal goes when played at `target`: the target itself, or everyone when
    /// there is none.
    pub fn at(self, target: Option<SideId>) -> Toward {
        match (self, target) {
            (Toward::Target, Some(t)) => Toward::Side(t),
            (Toward::Target, None) => Toward::All,
            (t, _) => t,
        }
    }
}

/// A card's signal toward one side: the Goldstein weight of its CAMEO code times an intensity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signal {
    pub toward: Toward,
    /// CAMEO event code, e.g. "036" or "150". Its Goldstein weight is looked up in `cameo.ron`.
    pub cameo: String,
    /// 0.5–1.5: how hard this particular act lands compared with its code's typical event.
    pub intensity: f32,
}

/// Where a card's facts come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Precedent {
    /// "2018-06-12" or "2017-08" or "1994".
    pub date: String,
    /// What happened, in our words.
    pub text: String,
    /// Where the fact comes from (a publication, a resolution, a report).
    pub source: String,
}

impl Precedent {
    /// The first month the date may mean, as (year, month): "1994" is January 1994.
    pub fn first_month(&self) -> Option<(i32, u8)> {
        let mut parts = self.date.split('-');
        let year = parts.next()?.parse().ok()?;
        let month = match parts.next() {
            Some(m) => m.parse().ok().filter(|m| (1..=12).contains(m))?,
            None => 1,
        };
        Some((year, month))
    }

    /// What to show as an item's precedent in a game whose current month is `month`
    /// ("YYYY-MM"): the latest of `earlier` and `main` not after it, and whether it happened
    /// after the game's month (true only when every one did, so `main` is shown as later).
    pub fn at<'a>(
        main: &'a Precedent,
        earlier: &'a [Precedent],
        month: &str,
    ) -> (&'a Precedent, bool) {
        let now = Precedent {
            date: month.to_string(),
            text: String::new(),
            source: String::new(),
        }
        .first_month();
        let not_after = |p: &Precedent| match (p.first_month(), now) {
            (Some(d), Some(now)) => d <= now,
            _ => true,
        };
        if not_after(main) {
            return (main, false);
        }
        match earlier.iter().rev().find(|p| not_after(p)) {
            Some(p) => (p, false),
            None => (main, true),
        }
    }
}

/// When a card, event or provision can happen (design §10, "Dates"): from the first month it
/// was possible (a nuclear test from the first test in October 2006) to the last where it
/// applies (hiding plutonium from inspectors only while inspectors were there). A scenario
/// offers it only on the turns that fall inside, and the validator refuses a scenario that
/// would use it outside (a scheduled event, a package the scenario cannot honour).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dates {
    /// "YYYY-MM": the first month it could happen.
    pub from: String,
    /// "YYYY-MM": the last month it applies, if it stops applying.
    #[serde(default)]
    pub until: Option<String>,
    /// What opened (or closed) the window, with its source: "the first DPRK nuclear test,
    /// 9 Oct 2006 (brief §2.1)".
    pub why: String,
}

/// A package of provisions attached to an offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Package {
    /// The card carries no agreement.
    None,
    /// The card always proposes exactly these provisions.
    Fixed(Vec<String>),
    /// The player builds the package from the provisions deck when playing the card.
    Chosen,
}

/// A move card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    pub id: String,
    pub side: SideId,
    pub name: String,
    /// One line, in our own words.
    pub description: String,
    pub kind: MoveKind,
    /// Political capital.
    pub cost: u8,
    /// The side an offer or a targeted move is aimed at by default.
    #[serde(default)]
    pub target: Option<SideId>,
    #[serde(default)]
    pub requires: Vec<Condition>,
    /// For unilateral and covert moves: applied on resolution. For offers: applied when accepted.
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// For offers: applied when the target rejects.
    #[serde(default)]
    pub on_reject: Vec<Effect>,
    #[serde(default = "default_package")]
    pub package: Package,
    pub signals: Vec<Signal>,
    /// For covert moves: the base chance per turn (0–1) of detection at zero verification.
    #[serde(default)]
    pub detection: f32,
    /// Effects applied when a covert move is detected (on top of the engine's trust crash).
    #[serde(default)]
    pub on_detect: Vec<Effect>,
    /// Ids of provisions this move openly (or, if covert, secretly) violates.
    #[serde(default)]
    pub violates: Vec<String>,
    /// A card that has been played cannot be played again for this many turns.
    #[serde(default)]
    pub cooldown: u8,
    /// When it can happen (required: the validator refuses an item without dates; the
    /// default, with no `from`, is only there to make that a located error).
    #[serde(default)]
    pub dates: Dates,
    pub precedent: Precedent,
    /// The same move before `precedent`, oldest first, for games set earlier: a 1994 game
    /// shows what was done in 1994, not what was done in 2018 (`Precedent::at`).
    #[serde(default)]
    pub earlier: Vec<Precedent>,
}

fn default_package() -> Package {
    Package::None
}

/// A card of the event deck.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventCard {
    pub id: String,
    pub name: String,
    pub description: String,
    /// The side that "does" it, for signals and `Who::Actor` (None: nature, markets, third parties).
    #[serde(default)]
    pub actor: Option<SideId>,
    /// Incidents are drawn by the incident roll (design §5), not the ordinary event draw.
    #[serde(default)]
    pub incident: bool,
    /// Base weight in the draw; 0 means the event only fires when a scenario schedules it or the
    /// facilitator injects it.
    pub weight: f32,
    /// A happening that falls on real dates (an election): it comes only where a scenario
    /// schedules it on its date, never from the draw, so that a game cannot hold an election
    /// its years did not have. The validator refuses one with a weight or without a last date.
    #[serde(default)]
    pub on_calendar: bool,
    /// Each modifier multiplies the weight while its condition holds.
    #[serde(default)]
    pub weight_if: Vec<WeightModifier>,
    #[serde(default)]
    pub requires: Vec<Condition>,
    pub effects: Vec<Effect>,
    #[serde(default)]
    pub signals: Vec<Signal>,
    /// Where on the map it happens (a site id from `assets/map.ron`).
    #[serde(default)]
    pub site: Option<String>,
    /// When it can happen (required: the validator refuses an item without dates; the
    /// default, with no `from`, is only there to make that a located error).
    #[serde(default)]
    pub dates: Dates,
    pub precedent: Precedent,
    /// The same move before `precedent`, oldest first, for games set earlier: a 1994 game
    /// shows what was done in 1994, not what was done in 2018 (`Precedent::at`).
    #[serde(default)]
    pub earlier: Vec<Precedent>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightModifier {
    pub when: Condition,
    pub factor: f32,
}

/// An agreement provision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provision {
    pub id: String,
    pub name: String,
    pub description: String,
    /// The sides that take on obligations.
    pub obligations: Vec<SideId>,
    /// Verification coverage needed for compliance to be checked; below it, covert violations of
    /// this provision are harder to detect.
    #[serde(default)]
    pub verification_needed: f32,
    /// Applied once, when the agreement is signed.
    #[serde(default)]
    pub on_sign: Vec<Effect>,
    /// Applied every turn while the agreement is kept.
    #[serde(default)]
    pub per_turn: Vec<Effect>,
    /// Applied once when the side obliged breaks it (a broken moratorium's flag cleared).
    #[serde(default)]
    pub on_break: Vec<Effect>,
    /// If the agreement is violated, re-apply sanctions (and reverse relief).
    #[serde(default)]
    pub snapback: bool,
    /// It limits a part of the DPRK programme (a test halt, a freeze, a declaration, a
    /// dismantlement). A deal none of whose provisions limits anything is a statement of
    /// intent, not an agreement (Singapore, June 2018).
    #[serde(default)]
    pub limits: bool,
    /// Rounds of talks between the two ends of an offer (`Rules::talks_rounds`) it needs before
    /// it can be signed; None: the rules' number if it `limits`, else none. Accepted earlier, it
    /// is agreed in principle only (a statement), as the freeze was in June and August 1994.
    #[serde(default)]
    pub rounds: Option<u8>,
    /// Steps over turns (design §10, "Phases"), taken in order. Empty: the provision takes
    /// its whole effect on signing. With steps, `per_turn` starts with the first step taken.
    #[serde(default)]
    pub steps: Vec<Step>,
    /// The provisions this one includes (an all-range missile moratorium includes the
    /// long-range one): a package that holds both asks nothing more, so the computer opponents
    /// never bundle the two, nor ask for what an agreement in force already covers.
    #[serde(default)]
    pub covers: Vec<String>,
    /// The programme facilities it stops while it is in force (`decks/programme.ron` ids): a
    /// freeze stops production at these and nowhere else. A facility a scenario does not
    /// have is passed over.
    #[serde(default)]
    pub freezes: Vec<String>,
    /// The facilities it takes apart: stopped while it is in force, and slow to restart if
    /// it is broken (`Rules::dismantled_restart_months`).
    #[serde(default)]
    pub dismantles: Vec<String>,
    /// The counts it caps (`Warheads`, `Missiles` or a stock) at their level on the turn it
    /// comes into force: material made past a warhead cap stays in stock, unassembled;
    /// missiles past a missile cap are not fielded.
    #[serde(default)]
    pub caps: Vec<ProgrammeField>,
    /// The stocks it removes, once, when it comes into force (material shipped out of the
    /// country, warheads handed over).
    #[serde(default)]
    pub ships_out: Vec<ProgrammeField>,
    /// How much this provision serves each side's interests, −10..10 (for the debrief's judgement
    /// and the computer opponents' valuation).
    pub value: Vec<(SideId, f32)>,
    /// When it can happen (required: the validator refuses an item without dates; the
    /// default, with no `from`, is only there to make that a located error).
    #[serde(default)]
    pub dates: Dates,
    pub precedent: Precedent,
    /// The same move before `precedent`, oldest first, for games set earlier: a 1994 game
    /// shows what was done in 1994, not what was done in 2018 (`Precedent::at`).
    #[serde(default)]
    pub earlier: Vec<Precedent>,
}
