//! Personas: computer players driven by data (`decks/personas.ron`).
//!
//! A `Brain` is one persona playing one side in one scenario. It is compiled once: every card of
//! the side gets a static worth (its effects read against what the side's objectives want and
//! what the persona likes, its cost, its signal), and every provision gets the side's own
//! valuation. At a decision only the situation is added: the persona's rules that hold now,
//! tension (hostile moves cost a cautious persona more as tension rises), flags already set,
//! agreements a move would break. That keeps a persona cheap enough to play the search
//! opponent's rollouts by the million.
//!
//! Units: "signal units", the scale of a card's Goldstein signal (about −10..10). Objective
//! points (a side's objectives sum to about 100) are converted at `OBJ_SCALE` per point.
//!
//! The module is split by what it does: `compile` builds a `Brain` from a persona (the static
//! worth of every card and provision), `value` reads the situation and values moves in it,
//! `package` builds and checks packages of provisions, `decide` makes the plan, the answer and
//! the crisis choice (and `PersonaPolicy` plays them), `explain` puts a decision in words,
//! `menu` plans the search's imagined futures from rankings valued once per decision.

mod compile;
mod decide;
mod explain;
mod menu;
mod package;
mod value;

use crate::content::{CardIx, CompiledPersona, ContentDb, FlagIx, ProvIx, SideId};
use crate::engine::GameState;

use super::Policy;
use super::cond::{AllOf, Programme, Test};
use super::desire::Desire;

pub use decide::{CRISIS_SPREAD, Noise, PersonaPolicy, Scratch, card_ok};
pub use menu::{MENU_RANKINGS, PlanMenu};
pub use package::package_blocker;

use compile::Valuer;
use explain::{offer_label, quote_list};
use package::{PackageMasks, PackageMemo, build_package_static};

/// Signal units per objective point.
const OBJ_SCALE: f32 = 0.25;
/// Signal units per point of political capital spent.
const PC_VALUE: f32 = 0.6;
/// Chance an offer is taken up, for valuing it before it is made.
const P_ACCEPT: f32 = 0.5;
/// Turns a provision's per-turn effects are counted for when valuing it.
const PROVISION_TURNS: f32 = 3.0;
/// A phased provision's gain a turn later is worth this share of the same gain now (design
/// §10, "Phases"): relief that waits for verified steps may never come, and is worth less.
const PHASE_DISCOUNT: f32 = 0.9;
/// Turns a step that waits for one verified step is expected to wait, per step waited for:
/// inspectors' access takes some three months to reach what a freeze's check needs.
const VERIFY_TURNS: f32 = 3.0;
/// Signal units per point of the scenario's own provision value (−10..10).
const PROVISION_CONTENT: f32 = 0.4;
/// Signal units lost by breaking an agreement in force (trust crash, snapback), times caution+1.
const VIOLATION_COST: f32 = 5.0;
/// Signal units a side loses by turning down an offer that follows up what it agreed to itself
/// (holding a summit it proposed): its word and its face. Large beside the acceptance
/// thresholds (−1.5 to 2 for an offer with no package), so that a noisy answer still keeps its
/// word nearly always; a faction with the upper hand can still pull it back.
const FOLLOW_THROUGH: f32 = 4.0;
/// Tension of a point of hostile signal, per point of tension already there (the spiral).
const SIGNAL_WEIGHT: f32 = 1.2;

/// Where a card's static worth comes from (for explanations).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Parts {
    /// From the side's scenario objectives (signal units).
    pub objectives: f32,
    /// From the persona's own tastes and card bias.
    pub taste: f32,
    /// From the package an offer carries, if taken up.
    pub package: f32,
    /// Political capital.
    pub cost: f32,
}

#[derive(Debug, Clone)]
struct CardEval {
    card: CardIx,
    /// Part of the scenario and aimed at a side at the table (fixed for the game).
    allowed: bool,
    cost: u8,
    chosen_package: bool,
    parts: Parts,
    /// Static worth: objectives + taste − cost (situation terms are added at decision time).
    base: f32,
    /// Sum of the card's signals (cooperation multiplies it).
    signal: f32,
    /// Cooperative and hostile signal mass that reaches the peninsula's tension.
    coop_t: f32,
    host_t: f32,
    /// Flags it sets (true) or clears (false), with the worth of that change, so a move whose
    /// flag already stands is not valued for it twice.
    flags: Vec<(FlagIx, bool, f32)>,
    violates: Box<[ProvIx]>,
    /// The card's requirements, compiled for its side and target (`cond::Test`).
    requires: AllOf,
}

/// What a plan reads of every card the scenario allows, packed together (a plan values every
/// such card; the rest of `CardEval` it reads only for the few it plays).
#[derive(Debug, Clone, Copy)]
struct Hot {
    base: f32,
    signal: f32,
    coop_t: f32,
    host_t: f32,
    card: CardIx,
    /// Index in `Brain::cards`.
    ix: u16,
    cost: u8,
    /// Whether the card sets or clears flags, or breaks provisions (then `card_value` looks at
    /// its `CardEval`).
    situational: bool,
}

/// A persona rule compiled for its side.
#[derive(Debug, Clone)]
struct Rule {
    when: Test,
    /// What it adds to the persona's cooperation and thresholds while it holds.
    cooperation: f32,
    accept: f32,
    back_down: f32,
    /// (index in `Brain::cards`, bonus) of the rule's cards this side holds, in the rule's order.
    bonus: Box<[(u16, f32)]>,
}

/// A persona playing one side in one scenario, compiled.
#[derive(Debug, Clone)]
pub struct Brain {
    pub persona: u16,
    pub side: SideId,
    pub scenario: u16,
    cards: Vec<CardEval>,
    /// The cards this scenario allows, in `cards` order: the only ones a plan looks at.
    hot: Vec<Hot>,
    /// CardIx → index in `cards` (u16::MAX: not this side's card).
    pos: Vec<u16>,
    /// The side's own worth of each provision being signed (signal units).
    prov: Vec<f32>,
    /// Per provision: how many verified steps it can count toward relief if it limits the
    /// programme (its steps, or 1 without steps; 0 if it limits nothing), and, per step, how
    /// many verified steps that step waits for (0: none). A package whose relief waits for
    /// more verified steps than the package can ever give is worth that much less.
    phase: Vec<(u8, Box<[u8]>)>,
    /// The provisions, most worth to the side first (ties in index order).
    by_worth: Vec<ProvIx>,
    /// What it asks for and what it gives in packages (the persona's lists, or derived from
    /// the side's valuation when the persona has none).
    asks: Vec<ProvIx>,
    gives: Vec<ProvIx>,
    /// Worth of a point of tension (objectives + taste), usually negative.
    tension_worth: f32,
    caution: f32,
    /// The persona's rules, their conditions read as this side sees the world (`view::holds`).
    rules: Vec<Rule>,
    /// Indexes of all the rules, and of those that can change what a plan, an answer to an
    /// offer or a crisis choice reads (its cooperation and card bonuses, its acceptance
    /// threshold, its back-down threshold): a decision checks only its own (`rules_now`).
    all_rules: Box<[u16]>,
    plan_rules: Box<[u16]>,
    accept_rules: Box<[u16]>,
    back_down_rules: Box<[u16]>,
    /// Whether any of its cards breaks a provision (else agreements need no look).
    can_violate: bool,
    /// Per card of any side: the worth to this side of its effects when an offer of it is
    /// accepted, plus the worth of answering its signal in kind (`offer_worth`'s per-card
    /// terms, summed once).
    accept_gain: Vec<f32>,
    /// What turning an offer down costs in tension (`offer_worth`'s constant term).
    reject_cost: f32,
    /// Per provision: whether it binds others only (its worth then counts as far as the side
    /// trusts the offerer).
    others_keep: Vec<bool>,
    /// The persona's package rules as bit sets, when every provision they name is below 128.
    pkg_masks: Option<PackageMasks>,
    /// Each scenario objective's own desire, and a fresh state of the scenario: for explaining
    /// which objective a move serves.
    objective_desires: Vec<Desire>,
    canon: GameState,
    /// The election campaigns of its side in this scenario (`content::Campaign`).
    campaigns: Box<[CampaignNow]>,
}

/// A campaign as a brain reads it: the turns it runs, what it takes off each risky card
/// (index in `Brain::cards`), what it adds to the acceptance threshold, and its index in
/// `ContentDb::campaigns` (for the reason).
#[derive(Debug, Clone)]
struct CampaignNow {
    from: u16,
    until: u16,
    bonus: Box<[(u16, f32)]>,
    accept: f32,
    index: u16,
}

/// What the persona's rules make of the situation now.
#[derive(Debug, Clone, Default)]
pub struct Situation {
    pub cooperation: f32,
    pub accept_threshold: f32,
    pub back_down_above: f32,
    /// Rule bonus per card (index as `Brain::cards`); empty if no rule touches a card.
    bonus: Vec<f32>,
    /// Indexes of the rules that hold.
    pub fired: Vec<u16>,
    /// Worth per unit of a card's cooperative and hostile tension mass, at this tension.
    coop_k: f32,
    host_k: f32,
    /// Provisions (bit = index, the first 128) that an agreement in force binds this side to.
    bound: u128,
    /// The election campaign running now, if any (index in `ContentDb::campaigns`).
    pub campaign: Option<u16>,
}

fn persona_of<'a>(db: &'a ContentDb, b: &Brain) -> &'a CompiledPersona {
    &db.compiled_personas[b.persona as usize]
}

impl Brain {
    pub fn persona<'a>(&self, db: &'a ContentDb) -> &'a CompiledPersona {
        persona_of(db, self)
    }
}
