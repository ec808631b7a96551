//! The RON schema of everything in `decks/`.
//!
//! Every struct denies unknown fields: a typo in a deck is an error with a location, never a
//! silently ignored field. Enums are externally tagged serde enums, so an effect is written
//! `Meter(meter: Tension, delta: -6.0)`, not a string the engine has to parse.
//!
//! A deck file holds one `Deck` value: a struct whose fields are all optional lists, so a file
//! may carry cards only, events only, a scenario, or any mix. Every `.ron` file under the decks
//! folder is read, so adding a file of cards needs no code.

use serde::{Deserialize, Serialize};

/// The five sides. Their order here is the engine's fixed resolution order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SideId {
    Us,
    Dprk,
    Rok,
    China,
    Japan,
}

impl SideId {
    pub const ALL: [SideId; 5] = [
        SideId::Us,
        SideId::Dprk,
        SideId::Rok,
        SideId::China,
        SideId::Japan,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_index(i: usize) -> SideId {
        Self::ALL[i % 5]
    }

    /// One of the US alliance (the US, the ROK, Japan): signals between two of them count at
    /// `Rules::ally_signal_share`.
    pub fn in_alliance(self) -> bool {
        matches!(self, SideId::Us | SideId::Rok | SideId::Japan)
    }

    /// The id as written in decks and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            SideId::Us => "us",
            SideId::Dprk => "dprk",
            SideId::Rok => "rok",
            SideId::China => "china",
            SideId::Japan => "japan",
        }
    }

    pub fn parse(s: &str) -> Option<SideId> {
        Self::ALL.into_iter().find(|x| x.id() == s)
    }

    /// A short display label.
    pub fn label(self) -> &'static str {
        match self {
            SideId::Us => "US",
            SideId::Dprk => "DPRK",
            SideId::Rok => "ROK",
            SideId::China => "China",
            SideId::Japan => "Japan",
        }
    }

    /// The label inside a sentence: "the US", "the DPRK", but "China" (an acronym takes the
    /// article, a country's name does not).
    pub fn with_article(self) -> String {
        match self {
            SideId::Us | SideId::Dprk | SideId::Rok => format!("the {}", self.label()),
            SideId::China | SideId::Japan => self.label().to_string(),
        }
    }

    /// "the US's", "China's".
    pub fn possessive(self) -> String {
        format!("{}'s", self.with_article())
    }
}

impl std::fmt::Display for SideId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// The global meters, each 0–100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Meter {
    Tension,
    Sanctions,
    Enforcement,
    Verification,
    /// The DPRK economy.
    Economy,
    /// US–ROK combined readiness.
    Readiness,
}

impl Meter {
    pub const ALL: [Meter; 6] = [
        Meter::Tension,
        Meter::Sanctions,
        Meter::Enforcement,
        Meter::Verification,
        Meter::Economy,
        Meter::Readiness,
    ];
    pub fn index(self) -> usize {
        self as usize
    }
    pub fn label(self) -> &'static str {
        match self {
            Meter::Tension => "tension",
            Meter::Sanctions => "sanctions pressure",
            Meter::Enforcement => "enforcement",
            Meter::Verification => "verification",
            Meter::Economy => "DPRK economy",
            Meter::Readiness => "US-ROK readiness",
        }
    }
}

/// The DPRK programme, in real units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ProgrammeField {
    /// Assembled warheads (count).
    Warheads,
    /// Fissile material stock not yet in warheads (kg).
    FissileKg,
    /// Fissile production per turn (kg).
    ProductionKg,
    /// ICBM readiness 0–100.
    IcbmReadiness,
    NuclearTests,
    IcbmTests,
    /// Intermediate-range launches, including overflights of Japan.
    IrbmTests,
    /// Short-range launches.
    SrbmTests,
    /// Separated plutonium not yet in warheads (kg): reprocessing's output.
    PlutoniumKg,
    /// Highly enriched uranium not yet in warheads (kg): the centrifuges' output.
    HeuKg,
    /// Plutonium still in spent reactor fuel (kg), waiting to be reprocessed.
    SpentFuelKg,
    /// Long-range missiles built (count).
    Missiles,
}

impl ProgrammeField {
    pub const ALL: [ProgrammeField; PROGRAMME_FIELDS] = [
        ProgrammeField::Warheads,
        ProgrammeField::FissileKg,
        ProgrammeField::ProductionKg,
        ProgrammeField::IcbmReadiness,
        ProgrammeField::NuclearTests,
        ProgrammeField::IcbmTests,
        ProgrammeField::IrbmTests,
        ProgrammeField::SrbmTests,
        ProgrammeField::PlutoniumKg,
        ProgrammeField::HeuKg,
        ProgrammeField::SpentFuelKg,
        ProgrammeField::Missiles,
    ];
    pub fn index(self) -> usize {
        self as usize
    }
    pub fn label(self) -> &'static str {
        match self {
            ProgrammeField::Warheads => "warheads",
            ProgrammeField::FissileKg => "fissile stock (kg)",
            ProgrammeField::ProductionKg => "production (kg/turn)",
            ProgrammeField::IcbmReadiness => "ICBM readiness",
            ProgrammeField::NuclearTests => "nuclear tests",
            ProgrammeField::IcbmTests => "ICBM tests",
            ProgrammeField::IrbmTests => "IRBM tests",
            ProgrammeField::SrbmTests => "SRBM tests",
            ProgrammeField::PlutoniumKg => "plutonium (kg)",
            ProgrammeField::HeuKg => "HEU (kg)",
            ProgrammeField::SpentFuelKg => "Pu in spent fuel (kg)",
            ProgrammeField::Missiles => "long-range missiles",
        }
    }

    /// A stock a facility can make or use up (a material, or missiles).
    pub fn is_stock(self) -> bool {
        matches!(
            self,
            ProgrammeField::PlutoniumKg
                | ProgrammeField::HeuKg
                | ProgrammeField::SpentFuelKg
                | ProgrammeField::Missiles
        )
    }
}

/// How many figures the DPRK programme has (`ProgrammeField::ALL`).
pub const PROGRAMME_FIELDS: usize = 12;

/// Which side an effect or condition speaks of, relative to the card being played.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Who {
    /// The side that played the card (for events: the event's `actor`, or the US if none).
    Actor,
    /// The side the card is aimed at (offers and targeted moves).
    Target,
    Side(SideId),
}

/// Something a card, event or provision does to the world. Deltas are in meter points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    Meter {
        meter: Meter,
        delta: f32,
    },
    Trust {
        from: Who,
        to: Who,
        delta: f32,
    },
    /// Trust of every side present toward `to` (except `to` itself).
    TrustOfAll {
        to: Who,
        delta: f32,
    },
    /// Domestic support of a side.
    Support {
        side: Who,
        delta: f32,
    },
    /// Political capital of a side (applied to next turn's budget).
    Pc {
        side: Who,
        delta: i32,
    },
    Programme {
        field: ProgrammeField,
        delta: f32,
    },
    SetFlag(String),
    ClearFlag(String),
    /// The effects arrive `turns` turns later (visible as pending to the acting side).
    Lagged {
        turns: u8,
        effects: Vec<Effect>,
    },
    /// A meter delta spread evenly over `turns` turns, starting this turn.
    Ramp {
        turns: u8,
        meter: Meter,
        delta: f32,
    },
    /// Effects that depend on the state at the moment of resolution.
    If {
        when: Condition,
        then: Vec<Effect>,
        #[serde(default)]
        otherwise: Vec<Effect>,
    },
    /// New knowledge of the DPRK programme (a leak, an inspectors' report): the public
    /// estimate the other sides see closes `share` (0–1) of its gap to the truth, and its
    /// uncertainty band narrows by the same share. The programme itself does not change.
    Reveal {
        share: f32,
    },
    /// A programme facility (`decks/programme.ron`) makes `rate` more per month from now on
    /// (centrifuges added at a hidden hall, or taken out). Nothing happens in a scenario
    /// without the facility.
    FacilityRate {
        facility: String,
        rate: f32,
    },
    /// The other sides learn that a facility exists (imagery, a defector, an inspection):
    /// from now on its output enters the public estimate.
    RevealFacility(String),
    /// The inspection regime changes (design §10, "Inspections"): inspectors invited in (the
    /// regime rises to at least the one named; access then grows with time) or sent home
    /// (access collapses, and the months of continuous presence start again from none).
    Inspectors(InspectorsChange),
}

/// How an effect changes the inspection regime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InspectorsChange {
    /// Inspectors come in under this regime, or the one in place widens to it (never narrows).
    Invite(Regime),
    /// Every inspector and monitor is sent home.
    Expel,
}

/// What inspectors in the DPRK may do, from least to most (design §10, "Inspections"). Each
/// regime lets access grow to its own ceiling (`Rules::access_ceiling`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum Regime {
    /// No inspectors: only satellites and seismic stations see anything.
    #[default]
    None,
    /// Monitors or foreign experts at one site (cameras and seals at a frozen plant, experts
    /// watching a dismantlement).
    Monitors,
    /// IAEA safeguards at the declared sites.
    Safeguards,
    /// Safeguards plus special inspections of undeclared sites, the access the IAEA asked for
    /// in 1993 and never got.
    Special,
}

impl Regime {
    pub const ALL: [Regime; 4] = [
        Regime::None,
        Regime::Monitors,
        Regime::Safeguards,
        Regime::Special,
    ];
    pub fn index(self) -> usize {
        self as usize
    }
    pub fn label(self) -> &'static str {
        match self {
            Regime::None => "no inspectors",
            Regime::Monitors => "monitors on site",
            Regime::Safeguards => "IAEA safeguards at declared sites",
            Regime::Special => "safeguards and special inspections",
        }
    }
}

/// One step of a phased provision (design §10, "Phases"): what happens, when at the earliest,
/// what it waits for, and how it is verified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// What the step is, in a few words: "IAEA monitors the freeze", "first tranche of relief".
    pub name: String,
    /// Turns after the previous step (for the first: after signing) at the earliest; 0 is the
    /// signing turn itself.
    #[serde(default)]
    pub after: u8,
    /// What must be true before it is taken (relief waiting for verified steps).
    #[serde(default)]
    pub waits_for: WaitsFor,
    /// How, once taken, it counts as verified.
    #[serde(default)]
    pub verified_by: VerifiedBy,
    /// Applied once, when the step is taken.
    #[serde(default)]
    pub effects: Vec<Effect>,
}

/// What a step waits for before it is taken, besides its turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum WaitsFor {
    /// Nothing: it is taken as soon as its turn comes.
    #[default]
    Nothing,
    /// Action for action: this many steps of the agreement's limiting provisions (those that
    /// `limits` the programme) verified. A provision with no steps of its own counts as one
    /// step, verified once verification reaches its `verification_needed`.
    VerifiedSteps(u8),
    /// The step before it in this provision verified, not merely taken.
    PreviousVerified,
}

/// How a step, once taken, is verified.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub enum VerifiedBy {
    /// Seen as it happens (a vote in the Security Council, a delivery, a seismic record).
    #[default]
    Taken,
    /// Inspectors on the ground: access at least `access` (0–100), and inspectors present
    /// without a break for `months` turns since the step was taken. Expelling them stalls it.
    Inspection { access: f32, months: u8 },
}

/// A test against the world, used by card requirements, event triggers and objectives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    Flag(String),
    NotFlag(String),
    MeterAtLeast {
        meter: Meter,
        value: f32,
    },
    MeterBelow {
        meter: Meter,
        value: f32,
    },
    TrustAtLeast {
        from: Who,
        to: Who,
        value: f32,
    },
    TrustBelow {
        from: Who,
        to: Who,
        value: f32,
    },
    SupportAtLeast {
        side: Who,
        value: f32,
    },
    SupportBelow {
        side: Who,
        value: f32,
    },
    ProgrammeAtLeast {
        field: ProgrammeField,
        value: f32,
    },
    ProgrammeBelow {
        field: ProgrammeField,
        value: f32,
    },
    /// The side takes part in this scenario.
    SidePresent(SideId),
    /// An agreement in force contains this provision.
    ProvisionInForce(String),
    /// The game is at or past this turn (1-based).
    TurnAtLeast(u16),
    /// The game has seen at least this many months at the brink (crises, `GameState::crises`):
    /// a long crisis, which wears down the resolve of those who made it. Once it holds it holds
    /// for the rest of the game, so a persona's rule on it is a change of mind for good.
    CrisesAtLeast(u16),
    /// A month of the year, 1–12 (for seasonal events).
    MonthIn(Vec<u8>),
    Any(Vec<Condition>),
    All(Vec<Condition>),
}

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

/// A rung of the escalation ladder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rung {
    pub name: String,
    /// Tension at or above which this rung holds.
    pub from: f32,
    pub description: String,
}

/// A scored goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub name: String,
    pub weight: f32,
    pub test: ObjectiveTest,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ObjectiveTest {
    /// Holds at the end of the game.
    AtEnd(Condition),
    /// Held at the end of every turn.
    Always(Condition),
    /// Held at the end of each of the last `turns` turns.
    LastTurns { turns: u16, condition: Condition },
    /// Held at the end of at least `turns` turns (not necessarily consecutive).
    ForTurns { turns: u16, condition: Condition },
    /// Held at the end of any turn.
    Ever(Condition),
    /// No war.
    NoWar,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSide {
    pub side: SideId,
    /// Political capital granted per turn at support 50.
    pub pc_per_turn: u8,
    pub pc_cap: u8,
    pub support: f32,
    /// The persona that plays this side when nobody else is named.
    #[serde(default)]
    pub persona: Option<String>,
    pub objectives: Vec<Objective>,
    /// Changes of mind in this side's government, from this scenario's history: when a shift's
    /// condition holds, a computer player of the side plays the shift's persona instead.
    #[serde(default)]
    pub shifts: Vec<PersonaShift>,
    /// Factions inside this side's government (the hawks and the deal-makers): while one has
    /// the upper hand it can pull the side's offers back or push an offer through.
    #[serde(default)]
    pub factions: Vec<Faction>,
}

/// A faction inside a side's government (design §10, "people change"). While `upper_hand`
/// holds (read for the side as `Actor`), each offer it cares about is at its mercy with chance
/// `chance`: it pulls back what `pulls_back` names (the side's own offer of such a card or
/// package, or the side's acceptance of one made to it), and pushes through what
/// `pushes_through` names (an offer made to the side that the side turned down: it is
/// accepted). Each act is logged with the faction's name and `reason`; it applies to people
/// and computers alike, as a government's politics do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faction {
    pub id: String,
    /// "the hawks (Bolton, Pence)": how the log names it.
    pub name: String,
    pub upper_hand: Condition,
    /// The chance it acts on an offer it cares about while it has the upper hand (0–1).
    pub chance: f32,
    #[serde(default)]
    pub pulls_back: OfferMatch,
    #[serde(default)]
    pub pushes_through: OfferMatch,
    /// Finishes "the hawks pull it back: ..." in the log.
    pub reason: String,
}

/// Which offers a faction cares about: an offer of one of `cards`, or one whose package holds
/// one of `provisions`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferMatch {
    #[serde(default)]
    pub cards: Vec<String>,
    #[serde(default)]
    pub provisions: Vec<String>,
}

/// A change of mind: once `when` holds (read for the side as `Actor`), the side's line becomes
/// persona `to`, for `turns` turns or, without `turns`, for the rest of the game. Each shift
/// happens at most once a game; it is logged with its `reason`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonaShift {
    pub when: Condition,
    /// The persona that takes over (it must play the side).
    pub to: String,
    #[serde(default)]
    pub turns: Option<u16>,
    /// What the log says happened: "Kim Il Sung is dead and the new leader must be seen to
    /// stand firm".
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioProgramme {
    pub warheads: f32,
    pub fissile_kg: f32,
    pub production_kg: f32,
    pub icbm_readiness: f32,
    pub nuclear_tests: f32,
    pub icbm_tests: f32,
    #[serde(default)]
    pub irbm_tests: f32,
    #[serde(default)]
    pub srbm_tests: f32,
    /// The public estimate of warheads at the start: (low, high).
    pub warhead_band: (f32, f32),
    /// The programme by facility (design §10): what each makes a month and its state at the
    /// start. With none, the programme is the old single figure: `production_kg` a turn into
    /// the fissile stock.
    #[serde(default)]
    pub sites: Vec<ScenarioSite>,
    /// The stocks at the start, by material: separated plutonium, HEU and the plutonium in
    /// spent fuel (kg), and long-range missiles. With `sites`, `fissile_kg` must be
    /// plutonium + HEU and `production_kg` is worked out from the sites.
    #[serde(default)]
    pub plutonium_kg: f32,
    #[serde(default)]
    pub heu_kg: f32,
    #[serde(default)]
    pub spent_fuel_kg: f32,
    #[serde(default)]
    pub missiles: f32,
    /// Warheads that can be assembled a month, at most (material allowing).
    #[serde(default = "one")]
    pub assembly_per_month: f32,
    /// Where each figure above comes from.
    #[serde(default)]
    pub source: String,
}

/// A facility's state at a scenario's start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSite {
    /// A facility id (`decks/programme.ron`).
    pub facility: String,
    /// What it makes a month when it runs (kg, or missiles).
    pub rate: f32,
    /// Running, or not yet built.
    #[serde(default)]
    pub status: SiteStatus,
    /// Whether the other sides know of it at the start (declared facilities always are).
    #[serde(default)]
    pub known: bool,
    /// Where the rate and status come from.
    pub source: String,
}

/// A facility's state at the start of a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub enum SiteStatus {
    /// Running (or ready to run when nothing stops it).
    #[default]
    Running,
    /// Under construction: it can run from this many months after the start, if nothing
    /// stops the work (a freeze that covers it stops the building too).
    Building { months: u16 },
}

/// A facility of the DPRK programme (`decks/programme.ron`): a reactor, a reprocessing plant,
/// an enrichment hall, a missile factory. Each scenario says which it has and at what rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facility {
    pub id: String,
    pub name: String,
    /// A name for narrow panels: "5 MWe reactor", "Kangson (suspected)".
    pub short: String,
    /// "Yongbyon", "Kangson (suspected)".
    pub place: String,
    pub description: String,
    /// The stock it adds to: `SpentFuelKg` (a reactor), `PlutoniumKg` (reprocessing),
    /// `HeuKg` (enrichment), `Missiles`.
    pub makes: ProgrammeField,
    /// The stock it uses up, one for one (reprocessing uses spent fuel).
    #[serde(default)]
    pub uses: Option<ProgrammeField>,
    /// Declared to (or shown to) the outside world; an undeclared one is unknown to the
    /// other sides until a scenario or an effect reveals it.
    #[serde(default = "yes")]
    pub declared: bool,
    #[serde(default)]
    pub dates: Dates,
    pub precedent: Precedent,
}

fn yes() -> bool {
    true
}

/// A class length: how many turns a game runs, and how many months each turn spans. A turn of
/// several months runs the monthly dynamics (production, drift, decay) once a month; plans,
/// offers and events stay one a turn, and dated items keep the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassLength {
    pub turns: u16,
    /// Months a turn spans; the scenario's own when left out.
    #[serde(default = "one_month")]
    pub months: u8,
}

fn one_month() -> u8 {
    1
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    /// Two lines for the new-game screen.
    pub brief: String,
    /// "YYYY-MM".
    pub start: String,
    pub turn_months: u8,
    pub turns: u16,
    /// Shorter games that still tell this scenario's story, for a class period: each a number
    /// of turns and the months a turn spans (`(turns: 6, months: 2)`: the twelve months of a
    /// monthly scenario in six turns); the new-game screen offers them as the class length.
    #[serde(default)]
    pub class_turns: Vec<ClassLength>,
    /// Where tension drifts to when nothing happens.
    pub baseline_tension: f32,
    pub tension: f32,
    pub sanctions: f32,
    pub enforcement: f32,
    pub verification: f32,
    pub economy: f32,
    pub readiness: f32,
    /// Trust among sides not listed in `trust`: allies (US, ROK, Japan) and others.
    pub trust_allies: f32,
    pub trust_others: f32,
    /// (from, to, value)
    pub trust: Vec<(SideId, SideId, f32)>,
    pub programme: ScenarioProgramme,
    #[serde(default)]
    pub flags: Vec<String>,
    /// The inspection regime at the start (none if left out).
    #[serde(default)]
    pub inspections: Option<ScenarioInspections>,
    pub sides: Vec<ScenarioSide>,
    /// Events that fire on a given turn whatever the draw: (turn, event id).
    #[serde(default)]
    pub scheduled: Vec<(u16, String)>,
    /// Cards left out of this scenario (e.g. moves that make no sense in 1994).
    #[serde(default)]
    pub exclude_cards: Vec<String>,
    /// Provisions not on the table in this scenario (no UN sanctions to lift in 1994): no
    /// package may hold them, so no side can offer or counter with them.
    #[serde(default)]
    pub exclude_provisions: Vec<String>,
    /// Events this scenario never draws (a trade war with China in 1994). The facilitator may
    /// still inject them.
    #[serde(default)]
    pub exclude_events: Vec<String>,
    /// The game ends as soon as an agreement with a DPRK obligation is signed.
    #[serde(default)]
    pub ends_on_agreement: bool,
    /// What happened historically, for the debrief.
    pub history: String,
}

/// Inspectors in the DPRK when a scenario starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioInspections {
    pub regime: Regime,
    /// 0–100: how much of what the regime allows they already see.
    pub access: f32,
    /// Turns they have been there without a break.
    #[serde(default)]
    pub months: u16,
}

/// A flag the decks may set or test. Flags must be declared so a typo is an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagDef {
    pub id: String,
    pub description: String,
}

/// The engine's tunable numbers (design §5 "(tune)"), kept as data with the reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Moves per side per turn.
    pub move_limit: u8,
    /// ΔT = −Σ signal × w.
    pub signal_weight: f32,
    /// A cooperative signal counts for `credibility_floor + (1 − floor) × trust/100`.
    pub credibility_floor: f32,
    /// Hostile signals are multiplied by `1 + spiral × T/100`.
    pub spiral: f32,
    /// Share of the gap to baseline tension closed each turn.
    pub tension_drift: f32,
    /// Trust decays toward this value without reinforcement...
    pub trust_rest: f32,
    /// ...by this share of the gap each turn.
    pub trust_decay: f32,
    /// Trust gained both ways when two sides cooperate in the same turn.
    pub reciprocity_bonus: f32,
    /// Trust lost by a cooperator toward a side that was hostile in the same turn.
    pub sucker_trust: f32,
    /// Domestic support lost by the cooperator in that case.
    pub sucker_support: f32,
    /// Signals between allies (US, ROK, Japan) move peninsula tension by only this share.
    pub ally_signal_share: f32,
    /// Weight of "a quiet month" in the event draw, against the events' own weights.
    pub quiet_weight: f32,
    /// Trust lost by the other parties toward a side that breaks an agreement.
    pub violation_trust: f32,
    /// Extra tension when two sides are hostile to each other in the same turn.
    pub mutual_hostility_spike: f32,
    /// A turn's net signal toward a side above this counts as cooperation, below −this as hostility.
    pub signal_threshold: f32,
    /// Sanctions pressure lost per turn at zero enforcement (scaled by 1 − enforcement/100).
    pub sanctions_erosion: f32,
    /// Incident chance: incident_max × logistic((T − centre) / scale).
    pub incident_centre: f32,
    pub incident_scale: f32,
    /// The most an incident's chance can be in one turn, at any tension (0–1). Without it the
    /// logistic reaches 98–100 % at Conflict, and a crisis repeats every turn by construction.
    #[serde(default = "one")]
    pub incident_max: f32,
    /// War chance when all stand firm at the brink: logistic((T − centre) / scale).
    pub war_centre: f32,
    pub war_scale: f32,
    /// Tension lost when a side backs down at the brink.
    pub back_down_tension: f32,
    /// Domestic support lost by a side that backs down.
    pub back_down_support: f32,
    /// Covert detection chance per turn adds verification/100 × this.
    pub detection_per_verification: f32,
    /// Trust of every side toward a detected cheat falls by this.
    pub detection_trust: f32,
    pub detection_tension: f32,
    /// ICBM readiness gained per turn while no test moratorium holds (tests add more).
    pub readiness_growth: f32,
    /// Fissile kg per warhead, plutonium (the figure for a scenario without facilities).
    pub kg_per_warhead: f32,
    /// Kilograms of highly enriched uranium per warhead.
    #[serde(default = "default_heu_per_warhead")]
    pub heu_per_warhead: f32,
    /// Months a frozen facility needs to run again once its freeze is broken (a reactor
    /// reloaded and restarted), and a dismantled one to be rebuilt.
    #[serde(default = "default_frozen_restart")]
    pub frozen_restart_months: f32,
    #[serde(default = "default_dismantled_restart")]
    pub dismantled_restart_months: f32,
    /// How fast the public estimate closes on the truth per turn at verification 100 (0–1).
    pub estimate_learning: f32,
    /// Support shifts PC: pc = base × (support_pc_floor + (1 − floor) × support/50), rounded.
    pub support_pc_floor: f32,
    /// Support drifts toward 50 by this share each turn.
    pub support_drift: f32,
    /// DPRK economy: change per turn = (economy_sanctions_mid − sanctions) × this.
    pub economy_sanctions: f32,
    pub economy_sanctions_mid: f32,
    /// Readiness lost per turn while exercises are suspended; regained otherwise.
    pub readiness_decay: f32,
    pub readiness_recovery: f32,
    /// Meters that resist their ends (`engine::effects::resist`): within this many points of 0
    /// or 100, a push toward that end moves a meter by the push times the share of these
    /// points still left, so it nears the end and never pins there. Trust, support and every
    /// 0–100 meter but tension; 0 turns resistance off.
    #[serde(default)]
    pub resist_band: f32,
    /// The same for tension (narrower, so Conflict at 95 stays within reach).
    #[serde(default)]
    pub tension_resist_band: f32,
    /// Compliance (design §10): each turn a side obliged by a provision that costs it breaks
    /// it with chance `breach_max × logistic((gain − keep) / breach_scale)`, where keep is what
    /// the rest of the deal gives it (more when its economy needs it) plus its trust in the
    /// other parties, and gain what the provision costs it plus the hostility it met this turn.
    #[serde(default = "default_breach_max")]
    pub breach_max: f32,
    #[serde(default = "default_breach_scale")]
    pub breach_scale: f32,
    /// Support at home below which keeping a costly provision costs a side more: the share of
    /// the way from here to 0 that its support has fallen adds that share of the provision's
    /// cost again to what breaking promises (a Congress that will not fund the fuel oil). 0
    /// turns it off.
    #[serde(default)]
    pub breach_support_at: f32,
    /// What breaking promises a side, in value points, when another party broke an agreement
    /// with it within the last `breach_memory` turns: a breach is answered with a breach.
    #[serde(default)]
    pub breach_answer: f32,
    #[serde(default)]
    pub breach_memory: u8,
    /// An open breach ends the talks between the breaker and the injured parties: their rounds
    /// of talks (`talks_rounds`) start again from none.
    #[serde(default)]
    pub breach_resets_talks: bool,
    /// An open breach ends the deal: the breaker's other agreements with the parties it
    /// wronged fall with the one it broke.
    #[serde(default)]
    pub breach_ends_deals: bool,
    /// Inspections (design §10): access grows by this many points a turn while inspectors are
    /// present, up to the regime's ceiling...
    #[serde(default = "default_access_growth")]
    pub access_growth: f32,
    /// ...which is, for monitors, safeguards and special inspections, these (0–100).
    #[serde(default = "default_access_ceiling")]
    pub access_ceiling: (f32, f32, f32),
    /// Verification rises toward access by at most this many points a turn.
    #[serde(default = "default_verification_growth")]
    pub verification_growth: f32,
    /// Misreadings (design §10, "the chance that matters"): a signal between sides that are not
    /// allies is misread with chance `misread_max × (1 − trust/100)²`, the receiver's trust in
    /// the sender; 0 turns misreadings off.
    #[serde(default)]
    pub misread_max: f32,
    /// A misread cooperative signal is taken for a ploy: it counts as a hostile one of this
    /// share of its size. A misread hostile one is taken for worse: `1 + this` times its size.
    #[serde(default = "default_misread_weight")]
    pub misread_weight: f32,
    /// Rounds of talks a provision that limits the programme needs before it can be signed
    /// (its own `rounds` aside): turns in which one of two sides accepted or countered an offer
    /// of the other (a package, an envoy's visit, a summit). 0: a deal can be signed on the
    /// first offer.
    #[serde(default)]
    pub talks_rounds: u8,
    /// Standoffs before war (design §5, the brink): months in a row that must already have
    /// ended with both sides standing firm before a month of mutual firmness can end in war.
    /// 0: war is rolled at the first standoff.
    #[serde(default)]
    pub war_standoffs: u8,
}

fn default_misread_weight() -> f32 {
    0.5
}

fn default_access_growth() -> f32 {
    5.0
}

fn default_access_ceiling() -> (f32, f32, f32) {
    (35.0, 60.0, 85.0)
}

fn default_verification_growth() -> f32 {
    2.0
}

fn default_heu_per_warhead() -> f32 {
    20.0
}

fn default_frozen_restart() -> f32 {
    3.0
}

fn default_dismantled_restart() -> f32 {
    24.0
}

fn default_breach_max() -> f32 {
    0.15
}

fn default_breach_scale() -> f32 {
    2.0
}

/// A computer-opponent persona: how a side's computer player weighs the world, its moves, offers
/// and the brink. Everything here is data, so a new persona needs no code (see `crates/brink-core/src/ai`).
///
/// A card's worth to a persona is, in signal units (about −10..10):
/// `cooperation × its signals + objectives × (how far its effects serve the side's scenario
/// objectives) + the persona's own tastes (meter, programme, flag, trust, support weights)
/// + card_bias + the rules that hold now − caution × its hostility × tension/100 − cost`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Persona {
    pub id: String,
    pub name: String,
    pub description: String,
    /// The sides this persona can play.
    pub sides: Vec<SideId>,
    /// −1..1: its taste for cooperative (+) over hostile (−) moves; multiplies each card's signal.
    pub cooperation: f32,
    /// 0..3: how hard it plays for its side's scenario objectives (1: as they are scored).
    #[serde(default = "one")]
    pub objectives: f32,
    /// 0..3: how much a hostile move's cost grows with tension (fear of the spiral).
    #[serde(default)]
    pub caution: f32,
    /// Meters it wants up (+) or down (−): value per point moved.
    #[serde(default)]
    pub meter_weights: Vec<(Meter, f32)>,
    /// The DPRK programme: fields it wants up (+) or down (−), per unit.
    #[serde(default)]
    pub programme_weights: Vec<(ProgrammeField, f32)>,
    /// Flags it wants set (+) or cleared (−): value of the change.
    #[serde(default)]
    pub flag_weights: Vec<(String, f32)>,
    /// How much it values another side's trust in it, per point.
    #[serde(default)]
    pub trust_weights: Vec<(SideId, f32)>,
    /// Value of a point of its own domestic support.
    #[serde(default)]
    pub support_weight: f32,
    /// Extra liking (+) or dislike (−) of particular cards.
    #[serde(default)]
    pub card_bias: Vec<(String, f32)>,
    /// Situational rules: while a condition holds (read for the persona's side as `Actor`), cards
    /// gain or lose worth, and its cooperation, acceptance and nerve shift. Each rule's `reason` is
    /// the half-sentence its explanations quote ("tension is at Crisis").
    #[serde(default)]
    pub rules: Vec<PersonaRule>,
    /// Political capital it keeps back each turn.
    #[serde(default)]
    pub reserve_pc: u8,
    /// A move is made only if it is worth more than this (signal units).
    #[serde(default)]
    pub min_value: f32,
    /// 0..3: randomness among moves of similar worth (0: always its first choice).
    #[serde(default)]
    pub temperature: f32,
    /// Extra liking (+) or dislike (−) of provisions, on top of their scenario value.
    #[serde(default)]
    pub provision_bias: Vec<(String, f32)>,
    /// Provisions it will not accept in any package.
    #[serde(default)]
    pub never_accept: Vec<String>,
    /// Provisions it must see in a package before it accepts any (e.g. a maximalist's FFVD set).
    #[serde(default)]
    pub require_in_package: Vec<String>,
    /// Conditional package rules: "no relief unless the package also has ...".
    #[serde(default)]
    pub package_rules: Vec<PackageRule>,
    /// Minimum package worth (its own valuation) to accept.
    pub accept_threshold: f32,
    /// What it asks for in the packages it proposes and the counters it builds, most wanted first.
    #[serde(default)]
    pub asks: Vec<String>,
    /// What it is willing to give in return, first offered first.
    #[serde(default)]
    pub gives: Vec<String>,
    /// How many of its asks it puts in one package.
    #[serde(default = "three")]
    pub max_asks: u8,
    /// The worth (to the other side, by the provisions' values) it leaves the other side in a
    /// package it proposes: low is demanding, high is generous.
    #[serde(default)]
    pub generosity: f32,
    /// Tension at or above which it backs down at the brink (rules may shift it).
    pub back_down_above: f32,
}

fn one() -> f32 {
    1.0
}

fn three() -> u8 {
    3
}

/// A persona's situational rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonaRule {
    pub when: Condition,
    /// Cards that gain (+) or lose (−) worth while the rule holds.
    #[serde(default)]
    pub cards: Vec<(String, f32)>,
    /// Added to `cooperation` while the rule holds.
    #[serde(default)]
    pub cooperation: f32,
    /// Added to `accept_threshold` while the rule holds (negative: more willing).
    #[serde(default)]
    pub accept: f32,
    /// Added to `back_down_above` while the rule holds (negative: blinks sooner).
    #[serde(default)]
    pub back_down: f32,
    /// Half a sentence for the explanations: "tension is at Crisis".
    pub reason: String,
}

/// "A package containing any of `if_any` must also contain `require_all` (and one of
/// `require_any`)", with the reason it gives when refusing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageRule {
    /// Empty: the rule applies to every package.
    #[serde(default)]
    pub if_any: Vec<String>,
    #[serde(default)]
    pub require_all: Vec<String>,
    #[serde(default)]
    pub require_any: Vec<String>,
    /// "no relief before complete, verified denuclearization".
    pub reason: String,
}

/// A goal an agreement is judged against in the debrief (`decks/goals.ron`; content brief §1.4):
/// which provisions serve it and under what verification, and the quantity that shows whether
/// it was met. The report names no goal or provision in code: a new goal or provision here is
/// judged with no recompile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// "G2", "D1": short, unique among goals.
    pub id: String,
    /// Whose goal: `us` for the US and its allies, `dprk` for the DPRK's.
    pub side: SideId,
    pub name: String,
    /// The provisions that serve it.
    #[serde(default)]
    pub served_by: Vec<GoalStep>,
    #[serde(default)]
    pub needs: GoalNeeds,
    /// A deal that holds every one of these gives the goal away.
    #[serde(default)]
    pub given_up_with: Vec<String>,
    /// The quantity shown before signing and at the end, and how it must move.
    #[serde(default)]
    pub measure: Option<GoalMeasure>,
    /// A provision serving this goal binds a programme: a deal with none is a statement, not an
    /// agreement.
    #[serde(default)]
    pub limit: bool,
    /// What serves it is relief: relief given for a step never verified is named in the verdict.
    #[serde(default)]
    pub relief: bool,
    /// Served only when every provision of the deal reached its verification.
    #[serde(default)]
    pub every_provision_verified: bool,
    /// Where the goal comes from.
    pub source: String,
}

/// A provision that serves a goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalStep {
    pub provision: String,
    /// It counts only once verification reaches the provision's own `verification_needed`.
    #[serde(default)]
    pub verified: bool,
    /// How far it goes, in words: "Yongbyon only; undeclared sites keep producing".
    #[serde(default)]
    pub scope: String,
}

/// How many of a goal's provisions a deal needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum GoalNeeds {
    /// Any one of them.
    #[default]
    AnyOf,
    /// All of them; fewer is a partial step.
    AllOf,
    /// None: the measure alone decides (the listed provisions are named as helping).
    Outcome,
}

/// A quantity the debrief follows for a goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalMeasure {
    pub of: GoalQuantity,
    #[serde(default)]
    pub want: GoalWant,
    /// Points it may move the wrong way and still count.
    #[serde(default)]
    pub tolerance: f32,
    /// Also served while it stays below this rung (by name) before and after.
    #[serde(default)]
    pub or_below_rung: Option<String>,
    /// Not served if it ends below this.
    #[serde(default)]
    pub at_least: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum GoalQuantity {
    Meter(Meter),
    Programme(ProgrammeField),
    /// Trust of one side in another.
    Trust(SideId, SideId),
    /// The trust in this side of each of its allies at the table (US, ROK, Japan).
    AlliesTrustIn(SideId),
}

/// How a goal's quantity must move between signing and the end (or the break).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum GoalWant {
    /// It is only shown.
    #[default]
    Any,
    Fall,
    Rise,
    NotFall,
    NotRise,
}

/// The deal the debrief measures others against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Benchmark {
    /// "the interim deal the content brief takes as the benchmark".
    pub name: String,
    /// Its shape in words.
    pub text: String,
    /// US and allied goals it serves, every one.
    pub us_goals: Vec<String>,
    /// DPRK goals it serves, at least one.
    pub dprk_goals_any: Vec<String>,
    /// Provisions that take a package beyond it, and what that means.
    #[serde(default)]
    pub beyond: Vec<String>,
    #[serde(default)]
    pub beyond_text: String,
    pub source: String,
}

/// A place on the map (assets/map.ron).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub id: String,
    pub name: String,
    pub lon: f64,
    pub lat: f64,
    /// "YYYY-MM": the site is not drawn on a game's map before this date (Punggye-ri was first
    /// used for a test in October 2006), unless an event happens there.
    #[serde(default)]
    pub since: Option<String>,
}

/// One deck file. Every list is optional, so a file holds whatever mix its author likes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deck {
    #[serde(default)]
    pub cards: Vec<Card>,
    #[serde(default)]
    pub events: Vec<EventCard>,
    #[serde(default)]
    pub provisions: Vec<Provision>,
    /// The DPRK programme's facilities (`decks/programme.ron`).
    #[serde(default)]
    pub facilities: Vec<Facility>,
    #[serde(default)]
    pub scenarios: Vec<Scenario>,
    #[serde(default)]
    pub personas: Vec<Persona>,
    #[serde(default)]
    pub flags: Vec<FlagDef>,
    #[serde(default)]
    pub ladder: Vec<Rung>,
    /// CAMEO code → Goldstein weight (GDELT lookup values).
    #[serde(default)]
    pub cameo: Vec<(String, f32, String)>,
    #[serde(default)]
    pub rules: Option<Rules>,
    /// The goals agreements are judged against in the debrief (`decks/goals.ron`).
    #[serde(default)]
    pub goals: Vec<Goal>,
    /// The deal the debrief measures others against.
    #[serde(default)]
    pub benchmark: Option<Benchmark>,
    /// Governments facing the voters (`decks/politics.ron`).
    #[serde(default)]
    pub campaigns: Vec<Campaign>,
}

/// A government facing an election plays safe (design §10, "politics at home"): in the
/// `months` before the vote of `election` (an event whose dates give its real month), a
/// computer player of `side` values its `risky` moves lower by the amount beside each, and asks
/// `accept` more of a package before it signs. Data, so a new election needs no code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    /// The election's event id: its `dates.from` is the month of the vote.
    pub election: String,
    pub side: SideId,
    /// How many months before the vote the campaign runs (the vote's own month not counted).
    pub months: u16,
    /// (card id, change of its worth in signal units, usually negative).
    pub risky: Vec<(String, f32)>,
    /// Added to the persona's acceptance threshold for a package.
    #[serde(default)]
    pub accept: f32,
    /// Finishes "it played safe: ..." in a computer player's reason.
    pub reason: String,
}
