//! The engine's form of the content: flags and ids resolved to small integers, signals resolved
//! to numbers. Built once at load time, so the engine never looks a string up while it plays
//! (the search opponents play millions of turns).

use super::schema::{Meter, MoveKind, ProgrammeField, SideId, Toward, Who};

pub type FlagIx = u8;
pub type CardIx = u16;
pub type EventIx = u16;
pub type ProvIx = u16;

/// At most this many flags: the game state keeps them in one `u128`.
pub const MAX_FLAGS: usize = 128;

#[derive(Debug, Clone, PartialEq)]
pub enum CEffect {
    Meter {
        meter: Meter,
        delta: f32,
    },
    Trust {
        from: Who,
        to: Who,
        delta: f32,
    },
    TrustOfAll {
        to: Who,
        delta: f32,
    },
    Support {
        side: Who,
        delta: f32,
    },
    Pc {
        side: Who,
        delta: i32,
    },
    Programme {
        field: ProgrammeField,
        delta: f32,
    },
    SetFlag(FlagIx),
    ClearFlag(FlagIx),
    /// Shared, so a pending entry in the game state is a cheap clone.
    Lagged {
        turns: u8,
        effects: std::sync::Arc<[CEffect]>,
    },
    Ramp {
        turns: u8,
        meter: Meter,
        delta: f32,
    },
    If {
        when: CCond,
        then: Box<[CEffect]>,
        otherwise: Box<[CEffect]>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum CCond {
    Flag(FlagIx),
    NotFlag(FlagIx),
    MeterAtLeast(Meter, f32),
    MeterBelow(Meter, f32),
    TrustAtLeast(Who, Who, f32),
    TrustBelow(Who, Who, f32),
    SupportAtLeast(Who, f32),
    SupportBelow(Who, f32),
    ProgrammeAtLeast(ProgrammeField, f32),
    ProgrammeBelow(ProgrammeField, f32),
    SidePresent(SideId),
    ProvisionInForce(ProvIx),
    TurnAtLeast(u16),
    /// Bit m set: month m (1–12) matches.
    MonthIn(u16),
    Any(Box<[CCond]>),
    All(Box<[CCond]>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CSignal {
    pub toward: Toward,
    /// Goldstein weight × intensity, −15..15.
    pub value: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CPackage {
    None,
    Fixed(Box<[ProvIx]>),
    Chosen,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CCard {
    pub side: SideId,
    pub kind: MoveKind,
    pub cost: u8,
    pub target: Option<SideId>,
    pub requires: Box<[CCond]>,
    pub effects: Box<[CEffect]>,
    pub on_reject: Box<[CEffect]>,
    pub package: CPackage,
    pub signals: Box<[CSignal]>,
    pub detection: f32,
    pub on_detect: Box<[CEffect]>,
    pub violates: Box<[ProvIx]>,
    pub cooldown: u8,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CEvent {
    pub actor: Option<SideId>,
    pub incident: bool,
    pub weight: f32,
    pub weight_if: Box<[(CCond, f32)]>,
    pub requires: Box<[CCond]>,
    pub effects: Box<[CEffect]>,
    pub signals: Box<[CSignal]>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CProvision {
    pub obligations: Box<[SideId]>,
    pub verification_needed: f32,
    pub on_sign: Box<[CEffect]>,
    pub per_turn: Box<[CEffect]>,
    pub snapback: bool,
    /// Indexed by side.
    pub value: [f32; 5],
}

#[derive(Debug, Clone, PartialEq)]
pub enum CObjectiveTest {
    AtEnd(CCond),
    Always(CCond),
    LastTurns(u16, CCond),
    ForTurns(u16, CCond),
    Ever(CCond),
    NoWar,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CObjective {
    pub weight: f32,
    pub test: CObjectiveTest,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CScenario {
    /// Indexed by side: None if the side is absent.
    pub sides: [Option<CScenarioSide>; 5],
    /// The objectives judged along the way (not only at the end), as (side, objective index):
    /// the end of every turn updates exactly these.
    pub tracked: Box<[(SideId, u16)]>,
    pub scheduled: Box<[(u16, EventIx)]>,
    /// Indexed by card: false if the scenario leaves the card out.
    pub card_allowed: Box<[bool]>,
    pub start_flags: u128,
    pub start_year: i32,
    pub start_month: u8,
}

impl CScenario {
    pub fn tracked_objectives(sides: &[Option<CScenarioSide>; 5]) -> Box<[(SideId, u16)]> {
        let mut out = Vec::new();
        for side in SideId::ALL {
            let Some(ss) = &sides[side.index()] else {
                continue;
            };
            for (i, obj) in ss.objectives.iter().enumerate() {
                if obj.test.tracked().is_some() {
                    out.push((side, i as u16));
                }
            }
        }
        out.into()
    }
}

impl CObjectiveTest {
    /// The condition checked at the end of every turn, for the tests judged along the way;
    /// None for those judged once at the end.
    pub fn tracked(&self) -> Option<&CCond> {
        match self {
            CObjectiveTest::AtEnd(_) | CObjectiveTest::NoWar => None,
            CObjectiveTest::Always(c)
            | CObjectiveTest::LastTurns(_, c)
            | CObjectiveTest::ForTurns(_, c)
            | CObjectiveTest::Ever(c) => Some(c),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CScenarioSide {
    pub pc_per_turn: u8,
    pub pc_cap: u8,
    pub support: f32,
    pub objectives: Box<[CObjective]>,
}

/// Offer-answer signals and other numbers the engine derives from the rules and the CAMEO table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DerivedRules {
    /// Signal of rejecting an offer (CAMEO 125 at half intensity).
    pub reject_signal: f32,
    /// Signal of signing an agreement (CAMEO 057).
    pub sign_signal: f32,
    /// Signal of a detected covert move (CAMEO 128).
    pub cheat_signal: f32,
    /// Indexes of well-known flags the engine itself manages.
    pub flag_exercises_suspended: Option<FlagIx>,
    pub flag_exercises_consulted: Option<FlagIx>,
    pub flag_test_moratorium: Option<FlagIx>,
    pub flag_icbm_moratorium: Option<FlagIx>,
    pub flag_talks_suspended: Option<FlagIx>,
}

/// A persona, compiled (see `schema::Persona` for what each number means).
#[derive(Debug, Clone, PartialEq)]
pub struct CPersona {
    /// Indexed by side.
    pub sides: [bool; 5],
    pub cooperation: f32,
    pub objectives: f32,
    pub caution: f32,
    /// Indexed by `Meter::index()`.
    pub meter_weights: [f32; 6],
    /// Indexed by `ProgrammeField::index()`.
    pub programme_weights: [f32; 8],
    pub flag_weights: Box<[(FlagIx, f32)]>,
    /// Indexed by side: worth of a point of that side's trust in the persona's side.
    pub trust_weights: [f32; 5],
    pub support_weight: f32,
    pub card_bias: Box<[(CardIx, f32)]>,
    pub rules: Box<[CPersonaRule]>,
    pub reserve_pc: u8,
    pub min_value: f32,
    pub temperature: f32,
    pub provision_bias: Box<[(ProvIx, f32)]>,
    pub never_accept: Box<[ProvIx]>,
    pub require_in_package: Box<[ProvIx]>,
    pub package_rules: Box<[CPackageRule]>,
    pub accept_threshold: f32,
    pub asks: Box<[ProvIx]>,
    pub gives: Box<[ProvIx]>,
    pub max_asks: u8,
    pub generosity: f32,
    pub back_down_above: f32,
}

/// A persona rule, compiled; its reason text stays in `Persona::rules`.
#[derive(Debug, Clone, PartialEq)]
pub struct CPersonaRule {
    pub when: CCond,
    pub cards: Box<[(CardIx, f32)]>,
    pub cooperation: f32,
    pub accept: f32,
    pub back_down: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CPackageRule {
    pub if_any: Box<[ProvIx]>,
    pub require_all: Box<[ProvIx]>,
    pub require_any: Box<[ProvIx]>,
}
