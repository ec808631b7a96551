//! The computer opponents' personas: how a side weighs the world, its rules, package rules and
//! goals.

use serde::{Deserialize, Serialize};

use super::*;

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
