//! What cards, events and provisions do (effects), what they ask (conditions), and a
//! provision's phased steps and the inspection regime they change.

use serde::{Deserialize, Serialize};

use super::*;

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
    /// This facility (`programme.ron`) runs in the scenario and the other sides have not placed
    /// it: the scenario starts with it unknown, and no exposé or detected covert step has
    /// revealed it since.
    FacilityHidden(String),
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
