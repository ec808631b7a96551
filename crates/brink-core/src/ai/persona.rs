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

use crate::content::NumTarget;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::content::{
    CEffect, CPackage, CPersona, CardIx, ContentDb, FlagIx, Meter, MoveKind, ProvIx, SideId,
    Toward, Who,
};
use crate::engine::effects::{cond_holds, resolve_who};
use crate::engine::state::{AgreementStatus, Offer};
use crate::engine::{CrisisChoice, GameState, Move, Phase, Response};

use super::Policy;
use super::cond::{AllOf, Programme, Test};
use super::desire::Desire;

/// Signal units per objective point.
const OBJ_SCALE: f32 = 0.25;
/// Signal units per point of political capital spent.
const PC_VALUE: f32 = 0.6;
/// Chance an offer is taken up, for valuing it before it is made.
const P_ACCEPT: f32 = 0.5;
/// Turns a provision's per-turn effects are counted for when valuing it.
const PROVISION_TURNS: f32 = 3.0;
/// Signal units per point of the scenario's own provision value (−10..10).
const PROVISION_CONTENT: f32 = 0.4;
/// Signal units lost by breaking an agreement in force (trust crash, snapback), times caution+1.
const VIOLATION_COST: f32 = 5.0;
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
}

fn persona_of<'a>(db: &'a ContentDb, b: &Brain) -> &'a CPersona {
    &db.c_personas[b.persona as usize]
}

/// Valuation context for effects.
struct Valuer<'a> {
    db: &'a ContentDb,
    p: &'a CPersona,
    d: &'a Desire,
    side: SideId,
    /// A fresh state of the scenario, to settle `If` effects without reading any real game.
    canon: &'a GameState,
}

impl Valuer<'_> {
    /// (objective points, taste units) of a list of effects, pushing flag changes to `flags`.
    fn effects(
        &self,
        es: &[CEffect],
        actor: SideId,
        target: Option<SideId>,
        scale: f32,
        flags: &mut Vec<(FlagIx, bool, f32)>,
    ) -> (f32, f32) {
        let mut obj = 0.0;
        let mut taste = 0.0;
        for e in es {
            let (o, t) = self.effect(e, actor, target, scale, flags);
            obj += o;
            taste += t;
        }
        (obj, taste)
    }

    fn effect(
        &self,
        e: &CEffect,
        actor: SideId,
        target: Option<SideId>,
        scale: f32,
        flags: &mut Vec<(FlagIx, bool, f32)>,
    ) -> (f32, f32) {
        let (d, p, me) = (self.d, self.p, self.side);
        let who = |w: Who| resolve_who(w, actor, target);
        let trust = |a: SideId, b: SideId| -> (f32, f32) {
            let t = if b == me && a != me {
                p.trust_weights[a.index()]
            } else {
                0.0
            };
            (d.trust[a.index()][b.index()], t)
        };
        let (o, t) = match e {
            CEffect::Num { on, delta, .. } => match *on {
                NumTarget::Meter(meter) => (
                    delta * d.meter[meter.index()],
                    delta * p.meter_weights[meter.index()],
                ),
                NumTarget::Trust { from, to } => {
                    let (o, t) = trust(who(from), who(to));
                    (delta * o, delta * t)
                }
                NumTarget::Support(side) => {
                    let s = who(side);
                    let t = if s == me { p.support_weight } else { 0.0 };
                    (delta * d.support[s.index()], delta * t)
                }
                NumTarget::Programme(field) => (
                    delta * d.programme[field.index()],
                    delta * p.programme_weights[field.index()],
                ),
            },
            CEffect::TrustOfAll { to, delta } => {
                let to = who(*to);
                let (mut o, mut t) = (0.0, 0.0);
                for a in SideId::ALL {
                    if a != to && self.canon.seated(a) {
                        let (x, y) = trust(a, to);
                        o += x;
                        t += y;
                    }
                }
                (delta * o, delta * t)
            }
            CEffect::Pc { side, delta } => {
                if who(*side) == me {
                    (0.0, *delta as f32 * PC_VALUE)
                } else {
                    (0.0, 0.0)
                }
            }
            CEffect::SetFlag(f) | CEffect::ClearFlag(f) => {
                let set = matches!(e, CEffect::SetFlag(_));
                let sign = if set { 1.0 } else { -1.0 };
                let o = sign * d.flag[*f as usize];
                let t = sign
                    * p.flag_weights
                        .iter()
                        .filter(|(g, _)| g == f)
                        .map(|(_, w)| w)
                        .sum::<f32>();
                let worth = scale * (o * OBJ_SCALE * p.objectives + t);
                if worth != 0.0 {
                    flags.push((*f, set, worth));
                }
                (o, t)
            }
            CEffect::Lagged { effects, .. } => {
                let (o, t) = self.effects(effects, actor, target, scale * 0.8, flags);
                (o * 0.8, t * 0.8)
            }
            CEffect::Ramp { meter, delta, .. } => (
                delta * d.meter[meter.index()],
                delta * p.meter_weights[meter.index()],
            ),
            // Knowledge moves no meter and serves no objective directly.
            CEffect::Reveal { .. } => (0.0, 0.0),
            CEffect::If {
                when,
                then,
                otherwise,
            } => {
                if cond_holds(self.db, self.canon, when, actor, target) {
                    self.effects(then, actor, target, scale, flags)
                } else {
                    self.effects(otherwise, actor, target, scale, flags)
                }
            }
        };
        (o * scale, t * scale)
    }

    /// The side's worth of a provision being signed (signal units).
    fn provision(&self, pi: ProvIx) -> f32 {
        let pr = &self.db.c_provisions[pi as usize];
        let mut flags = Vec::new();
        let (o1, t1) = self.effects(&pr.on_sign, SideId::Us, Some(SideId::Dprk), 1.0, &mut flags);
        let (o2, t2) = self.effects(
            &pr.per_turn,
            SideId::Us,
            Some(SideId::Dprk),
            PROVISION_TURNS,
            &mut flags,
        );
        let obj = self.d.provision[pi as usize] + o1 + o2;
        let bias: f32 = self
            .p
            .provision_bias
            .iter()
            .filter(|(q, _)| *q == pi)
            .map(|(_, w)| w)
            .sum();
        obj * OBJ_SCALE * self.p.objectives
            + t1
            + t2
            + bias
            + PROVISION_CONTENT * pr.value[self.side.index()]
    }
}

impl Brain {
    /// Compiles persona `persona` for `side` in `scenario`.
    pub fn new(db: &ContentDb, persona: u16, side: SideId, scenario: u16) -> Brain {
        let p = &db.c_personas[persona as usize];
        let d = Desire::of_side(db, scenario, side);
        let scen_id = &db.scenarios[scenario as usize].id;
        let canon = GameState::new_unstarted(db, scen_id, 0).expect("scenario exists");
        let v = Valuer {
            db,
            p,
            d: &d,
            side,
            canon: &canon,
        };
        let prov: Vec<f32> = (0..db.provisions.len() as ProvIx)
            .map(|pi| v.provision(pi))
            .collect();
        let rival = match side {
            SideId::Us => SideId::Dprk,
            SideId::Dprk => SideId::Us,
            _ => SideId::Dprk,
        };
        // Only provisions on the table in this scenario are ever asked for or given.
        let on_table = &db.c_scenarios[scenario as usize].provision_allowed;
        let asks: Vec<ProvIx> = if p.asks.is_empty() {
            let mut v: Vec<ProvIx> = (0..prov.len() as ProvIx)
                .filter(|q| prov[*q as usize] > 1.0 && on_table[*q as usize])
                .collect();
            v.sort_by(|a, b| prov[*b as usize].total_cmp(&prov[*a as usize]));
            v.truncate(6);
            v
        } else {
            p.asks
                .iter()
                .copied()
                .filter(|q| on_table[*q as usize])
                .collect()
        };
        let gives: Vec<ProvIx> = if p.gives.is_empty() {
            let their = |q: ProvIx| db.c_provisions[q as usize].value[rival.index()];
            let mut v: Vec<ProvIx> = (0..prov.len() as ProvIx)
                .filter(|q| {
                    prov[*q as usize] >= -1.5
                        && their(*q) > 0.0
                        && !asks.contains(q)
                        && on_table[*q as usize]
                })
                .collect();
            v.sort_by(|a, b| {
                (their(*b) + prov[*b as usize]).total_cmp(&(their(*a) + prov[*a as usize]))
            });
            v.truncate(6);
            v
        } else {
            p.gives
                .iter()
                .copied()
                .filter(|q| on_table[*q as usize])
                .collect()
        };
        let mut pos = vec![u16::MAX; db.cards.len()];
        let mut cards = Vec::new();
        for &card in &db.cards_by_side[side.index()] {
            let c = &db.c_cards[card as usize];
            let target = c.target;
            let mut flags = Vec::new();
            let (mut obj, mut taste) = match c.kind {
                MoveKind::Unilateral | MoveKind::Covert => {
                    v.effects(&c.effects, side, target, 1.0, &mut flags)
                }
                MoveKind::Offer => {
                    let (o1, t1) = v.effects(&c.effects, side, target, P_ACCEPT, &mut flags);
                    let (o2, t2) =
                        v.effects(&c.on_reject, side, target, 1.0 - P_ACCEPT, &mut flags);
                    (o1 + o2, t1 + t2)
                }
            };
            // The package of an offer, if taken up.
            let package_worth: f32 = match &c.package {
                CPackage::None => 0.0,
                CPackage::Fixed(ps) => ps.iter().map(|q| prov[*q as usize]).sum(),
                CPackage::Chosen => {
                    let pkg = build_package_static(db, p, &asks, &gives, target.unwrap_or(side));
                    pkg.iter().map(|q| prov[*q as usize]).sum()
                }
            };
            let package = P_ACCEPT * package_worth;
            if c.kind == MoveKind::Covert {
                // Getting caught costs trust and tension; the cautious weigh it more.
                taste -= c.detection * 8.0 * (1.0 + p.caution);
            }
            let bias: f32 = p
                .card_bias
                .iter()
                .filter(|(x, _)| *x == card)
                .map(|(_, w)| w)
                .sum();
            taste += bias;
            obj *= OBJ_SCALE * p.objectives;
            let cost = c.cost as f32 * PC_VALUE;
            // Signals: their sum for cooperation; their reach into peninsula tension.
            let mut signal = 0.0;
            let (mut coop_t, mut host_t) = (0.0, 0.0);
            for sig in c.signals.iter() {
                signal += sig.value;
                let share = match (sig.toward, target) {
                    (Toward::Side(to), _) | (Toward::Target, Some(to))
                        if side.in_alliance() && to.in_alliance() =>
                    {
                        db.rules.ally_signal_share
                    }
                    _ => 1.0,
                };
                if sig.value > 0.0 {
                    coop_t += sig.value * share;
                } else {
                    host_t -= sig.value * share;
                }
            }
            pos[card as usize] = cards.len() as u16;
            cards.push(CardEval {
                card,
                allowed: db.c_scenarios[scenario as usize].card_allowed[card as usize]
                    && target.is_none_or(|t| canon.seated(t)),
                cost: c.cost,
                chosen_package: matches!(c.package, CPackage::Chosen),
                parts: Parts {
                    objectives: obj,
                    taste,
                    package,
                    cost,
                },
                base: obj + taste + package - cost,
                signal,
                coop_t,
                host_t,
                flags,
                violates: c.violates.clone(),
                requires: AllOf::compile(&c.requires, side, c.target, Programme::Exact),
            });
        }
        let tension_worth = d.meter[Meter::Tension.index()] * OBJ_SCALE * p.objectives
            + p.meter_weights[Meter::Tension.index()];
        let accept_worth: Vec<f32> = db
            .c_cards
            .iter()
            .map(|c| {
                let mut flags = Vec::new();
                let (o, t) = v.effects(&c.effects, c.side, c.target, 1.0, &mut flags);
                o * OBJ_SCALE * p.objectives + t
            })
            .collect();
        // `offer_worth`'s terms that depend on the card alone, computed as it computes them.
        let accept_gain = db
            .c_cards
            .iter()
            .zip(&accept_worth)
            .map(|(c, aw)| {
                let sig: f32 = c.signals.iter().map(|x| x.value).sum::<f32>().max(0.0);
                aw + 0.3 * sig * p.cooperation
            })
            .collect();
        let reject_cost = tension_worth * (-db.derived.reject_signal * SIGNAL_WEIGHT);
        let others_keep = db
            .c_provisions
            .iter()
            .map(|pr| !pr.obligations.contains(&side))
            .collect();
        let can_violate = cards.iter().any(|c| !c.violates.is_empty());
        let mut by_worth: Vec<ProvIx> = (0..prov.len() as ProvIx)
            .filter(|q| on_table[*q as usize])
            .collect();
        by_worth.sort_by(|a, b| prov[*b as usize].total_cmp(&prov[*a as usize]));
        // Every rule reads the programme as the side sees it: for a rule with no estimated
        // figure in it (`view::reads_estimate` false) that is the truth, as `view::holds` reads.
        let rules: Vec<Rule> = p
            .rules
            .iter()
            .map(|r| Rule {
                when: Test::compile(&r.when, side, None, Programme::SeenBy(side)),
                cooperation: r.cooperation,
                accept: r.accept,
                back_down: r.back_down,
                bonus: r
                    .cards
                    .iter()
                    .filter(|(card, _)| pos[*card as usize] != u16::MAX)
                    .map(|(card, w)| (pos[*card as usize], *w))
                    .collect(),
            })
            .collect();
        let all_rules: Box<[u16]> = (0..rules.len() as u16).collect();
        let relevant = |f: &dyn Fn(&Rule) -> bool| -> Box<[u16]> {
            all_rules
                .iter()
                .copied()
                .filter(|i| f(&rules[*i as usize]))
                .collect()
        };
        let plan_rules =
            relevant(&|r| changes_sum(p.cooperation, r.cooperation) || !r.bonus.is_empty());
        let accept_rules = relevant(&|r| changes_sum(p.accept_threshold, r.accept));
        let back_down_rules = relevant(&|r| changes_sum(p.back_down_above, r.back_down));
        let hot = (0..cards.len() as u16)
            .filter(|i| cards[*i as usize].allowed)
            .map(|i| {
                let ce = &cards[i as usize];
                Hot {
                    base: ce.base,
                    signal: ce.signal,
                    coop_t: ce.coop_t,
                    host_t: ce.host_t,
                    card: ce.card,
                    ix: i,
                    cost: ce.cost,
                    situational: !ce.flags.is_empty() || !ce.violates.is_empty(),
                }
            })
            .collect();
        let objective_desires = match &db.c_scenarios[scenario as usize].sides[side.index()] {
            Some(ss) => ss
                .objectives
                .iter()
                .map(|o| Desire::of_objective(db, o, side))
                .collect(),
            None => Vec::new(),
        };
        Brain {
            persona,
            side,
            scenario,
            cards,
            hot,
            pos,
            prov,
            by_worth,
            asks,
            gives,
            tension_worth,
            caution: p.caution,
            rules,
            all_rules,
            plan_rules,
            accept_rules,
            back_down_rules,
            can_violate,
            accept_gain,
            reject_cost,
            others_keep,
            pkg_masks: PackageMasks::of(p),
            objective_desires,
            canon,
        }
    }

    /// `Brain::new`, compiled once per process for each content, persona, side and scenario
    /// (a brain depends on nothing else), so a batch of games does not compile it per game.
    pub fn shared(db: &ContentDb, persona: u16, side: SideId, scenario: u16) -> Arc<Brain> {
        type Key = (u64, usize, u16, SideId, u16);
        static CACHE: OnceLock<Mutex<HashMap<Key, Arc<Brain>>>> = OnceLock::new();
        // The content hash names the decks; their count guards against a hand-built database.
        let key = (db.hash, db.cards.len(), persona, side, scenario);
        let cache = CACHE.get_or_init(Default::default);
        if let Some(b) = cache.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return b;
        }
        let b = Arc::new(Brain::new(db, persona, side, scenario));
        if let Ok(mut m) = cache.lock() {
            m.insert(key, b.clone());
        }
        b
    }

    pub fn persona<'a>(&self, db: &'a ContentDb) -> &'a CPersona {
        persona_of(db, self)
    }

    /// The rules that hold now, and what they change.
    pub fn situation(&self, db: &ContentDb, s: &GameState, out: &mut Situation) {
        self.situation_of(db, s, out, &self.all_rules);
    }

    /// `situation` from the given rules only (the others left unchecked, as if they did not
    /// hold): exact in what a plan reads when `rules` holds `plan_rules`.
    fn situation_of(&self, db: &ContentDb, s: &GameState, out: &mut Situation, rules: &[u16]) {
        self.rules_now(db, s, out, rules, true);
        // Tension terms: the expected change from a card's signals (cooperative ones discounted
        // by credibility, hostile ones spiralling), valued by what the side wants of tension;
        // and caution, which makes hostile moves dearer as tension rises.
        let t = s.tension();
        out.coop_k = -self.tension_worth * SIGNAL_WEIGHT * 0.7;
        out.host_k = self.tension_worth * SIGNAL_WEIGHT * (1.0 + t / 100.0)
            - self.caution * SIGNAL_WEIGHT * t / 100.0;
        out.bound = 0;
        if !self.can_violate {
            return;
        }
        for a in s.agreements() {
            if a.status == AgreementStatus::InForce && a.parties.contains(&self.side) {
                for &q in &a.provisions {
                    if (q as usize) < 128 {
                        out.bound |= 1u128 << q;
                    }
                }
            }
        }
    }

    /// The part of the situation an answer or a crisis choice needs: the rules that hold and the
    /// thresholds they move. The terms only a plan reads (card bonuses, tension worth,
    /// provisions bound) are left empty: an offer comes up several times a turn in a rollout.
    /// With `rules` less than all of them, only the threshold they are chosen for is exact.
    fn stance(&self, db: &ContentDb, s: &GameState, out: &mut Situation, rules: &[u16]) {
        self.rules_now(db, s, out, rules, false);
        out.coop_k = 0.0;
        out.host_k = 0.0;
        out.bound = 0;
    }

    /// Those of `rules` (indexes, in order) that hold in `s`: cooperation and thresholds, the
    /// rules fired, and (with `bonuses`) what they add to each card.
    fn rules_now(
        &self,
        db: &ContentDb,
        s: &GameState,
        out: &mut Situation,
        rules: &[u16],
        bonuses: bool,
    ) {
        let p = persona_of(db, self);
        out.cooperation = p.cooperation;
        out.accept_threshold = p.accept_threshold;
        out.back_down_above = p.back_down_above;
        out.bonus.clear();
        out.fired.clear();
        for &i in rules {
            let rule = &self.rules[i as usize];
            if !rule.when.holds(db, s) {
                continue;
            }
            out.fired.push(i);
            out.cooperation += rule.cooperation;
            out.accept_threshold += rule.accept;
            out.back_down_above += rule.back_down;
            if !bonuses || rule.bonus.is_empty() {
                continue;
            }
            if out.bonus.is_empty() {
                out.bonus.resize(self.cards.len(), 0.0);
            }
            for &(at, w) in rule.bonus.iter() {
                out.bonus[at as usize] += w;
            }
        }
        out.cooperation = out.cooperation.clamp(-1.5, 1.5);
    }

    /// A card's worth now (no noise). In line: a rollout values some ten cards per plan.
    #[inline(always)]
    fn card_value(&self, s: &GameState, h: &Hot, sit: &Situation) -> f32 {
        let mut v =
            h.base + sit.cooperation * h.signal + sit.coop_k * h.coop_t + sit.host_k * h.host_t;
        if h.situational {
            let ce = &self.cards[h.ix as usize];
            for &(f, set, worth) in &ce.flags {
                if s.flag(f) == set {
                    v -= worth;
                }
            }
            if sit.bound != 0 {
                for &pv in ce.violates.iter() {
                    if (pv as usize) < 128 && sit.bound & (1u128 << pv) != 0 {
                        v -= VIOLATION_COST * (1.0 + self.caution);
                    }
                }
            }
        }
        if !sit.bonus.is_empty() {
            v += sit.bonus[h.ix as usize];
        }
        v
    }
}

/// Whether adding `x` to a sum that starts at `start` can change it. Adding 0.0 changes only
/// −0.0 (to 0.0), and a sum of floats is −0.0 only while every term is −0.0; adding −0.0
/// changes nothing. A rule whose term cannot change the sum need not be checked for it.
fn changes_sum(start: f32, x: f32) -> bool {
    let neg_zero = |v: f32| v == 0.0 && v.is_sign_negative();
    !(x == 0.0 && (neg_zero(x) || !neg_zero(start)))
}

/// The provisions in force, as bits (the first 128; `provision_bit` asks the state for others).
fn provisions_in_force(s: &GameState) -> u128 {
    let mut bits = 0u128;
    for a in s.agreements() {
        if a.status == AgreementStatus::InForce {
            for &q in &a.provisions {
                if (q as usize) < 128 {
                    bits |= 1u128 << q;
                }
            }
        }
    }
    bits
}

fn provision_bit(bits: u128, q: ProvIx, s: &GameState) -> bool {
    if (q as usize) < 128 {
        bits & (1u128 << q) != 0
    } else {
        s.provision_in_force(q)
    }
}

/// Whether provision `q` obliges `a` or `b`: a package between two sides only carries
/// provisions that one of them must keep.
fn binds(db: &ContentDb, q: ProvIx, a: SideId, b: SideId) -> bool {
    let o = &db.c_provisions[q as usize].obligations;
    o.contains(&a) || o.contains(&b)
}

/// A legal card (budget aside): the engine's `card_blocker` without its explanation.
pub fn card_ok(db: &ContentDb, s: &GameState, side: SideId, card: CardIx) -> bool {
    let c = &db.c_cards[card as usize];
    c.side == side
        && db.c_scenarios[s.scenario as usize].card_allowed[card as usize]
        && c.target.is_none_or(|t| s.seated(t))
        && s.ready_turn[card as usize] <= s.turn
        && c.requires
            .iter()
            .all(|r| cond_holds(db, s, r, side, c.target))
}

/// Adds `q` to `pkg` unless one already in it covers it; a broader `q` takes the place of the
/// first narrower one it covers, and the others it covers leave. Returns the value (by `val`)
/// the package gained, or None if `q` added nothing.
fn add_provision(
    db: &ContentDb,
    pkg: &mut Vec<ProvIx>,
    q: ProvIx,
    val: impl Fn(ProvIx) -> f32,
) -> Option<f32> {
    let covers = |a: ProvIx, b: ProvIx| db.c_provisions[a as usize].covers.contains(&b);
    if pkg.contains(&q) || pkg.iter().any(|&p| covers(p, q)) {
        return None;
    }
    let Some(first) = pkg.iter().position(|&p| covers(q, p)) else {
        pkg.push(q);
        return Some(val(q));
    };
    let mut gained = val(q);
    let mut i = 0;
    pkg.retain(|&p| {
        let keep = i == first || !covers(q, p);
        if !keep {
            gained -= val(p);
        }
        i += 1;
        keep
    });
    gained -= val(pkg[first]);
    pkg[first] = q;
    Some(gained)
}

/// The package a persona proposes, built from its asks and gives without looking at the game:
/// used to value its package cards once.
fn build_package_static(
    db: &ContentDb,
    p: &CPersona,
    asks: &[ProvIx],
    gives: &[ProvIx],
    target: SideId,
) -> Vec<ProvIx> {
    let val = |q: ProvIx| db.c_provisions[q as usize].value[target.index()];
    let mut pkg: Vec<ProvIx> = Vec::new();
    for &a in asks {
        if pkg.len() >= p.max_asks as usize {
            break;
        }
        add_provision(db, &mut pkg, a, val);
    }
    let mut theirs: f32 = pkg.iter().map(|q| val(*q)).sum();
    for &g in gives.iter() {
        if theirs >= p.generosity || pkg.len() >= 6 {
            break;
        }
        theirs += add_provision(db, &mut pkg, g, val).unwrap_or(0.0);
    }
    pkg
}

/// Why a package is refused outright (never-accept lists and package rules), as the rule's reason.
pub fn package_blocker(db: &ContentDb, persona: u16, pkg: &[ProvIx]) -> Option<String> {
    let p = &db.c_personas[persona as usize];
    let src = &db.personas[persona as usize];
    if let Some(q) = pkg.iter().find(|q| p.never_accept.contains(q)) {
        return Some(format!(
            "it will never sign \"{}\"",
            db.provisions[*q as usize].name
        ));
    }
    if !p.require_in_package.is_empty() && !p.require_in_package.iter().all(|q| pkg.contains(q)) {
        let missing = p
            .require_in_package
            .iter()
            .find(|q| !pkg.contains(q))
            .map(|q| db.provisions[*q as usize].name.as_str())
            .unwrap_or_default();
        return Some(format!("the package lacks \"{missing}\""));
    }
    for (i, r) in p.package_rules.iter().enumerate() {
        let applies = r.if_any.is_empty() || r.if_any.iter().any(|q| pkg.contains(q));
        if !applies {
            continue;
        }
        let all = r.require_all.iter().all(|q| pkg.contains(q));
        let any = r.require_any.is_empty() || r.require_any.iter().any(|q| pkg.contains(q));
        if !(all && any) {
            return Some(src.package_rules[i].reason.clone());
        }
    }
    None
}

/// Whether two packages hold the same provisions (order aside), sorted on the stack when they
/// are short (a counter has at most 8).
fn same_provisions(a: &[ProvIx], b: &[ProvIx]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n > 8 {
        let (mut x, mut y) = (a.to_vec(), b.to_vec());
        x.sort_unstable();
        y.sort_unstable();
        return x == y;
    }
    let (mut x, mut y) = ([0 as ProvIx; 8], [0 as ProvIx; 8]);
    x[..n].copy_from_slice(a);
    y[..n].copy_from_slice(b);
    x[..n].sort_unstable();
    y[..n].sort_unstable();
    x[..n] == y[..n]
}

/// A persona's package rules as bit sets of provisions (bit = `ProvIx`), so that checking a
/// package is a few masks instead of a search per provision. Built only when every provision
/// the rules name is below 128.
#[derive(Debug, Clone)]
struct PackageMasks {
    never: u128,
    require: u128,
    /// (if_any, require_all, require_any) of each package rule; an empty list is 0.
    rules: Box<[(u128, u128, u128)]>,
}

impl PackageMasks {
    fn of(p: &CPersona) -> Option<PackageMasks> {
        fn mask(qs: &[ProvIx]) -> Option<u128> {
            qs.iter()
                .try_fold(0u128, |m, &q| ((q as usize) < 128).then(|| m | 1u128 << q))
        }
        Some(PackageMasks {
            never: mask(&p.never_accept)?,
            require: mask(&p.require_in_package)?,
            rules: p
                .package_rules
                .iter()
                .map(|r| {
                    Some((
                        mask(&r.if_any)?,
                        mask(&r.require_all)?,
                        mask(&r.require_any)?,
                    ))
                })
                .collect::<Option<_>>()?,
        })
    }

    /// `package_ok`, or None for a package naming a provision past 128.
    #[inline]
    fn ok(&self, pkg: &[ProvIx]) -> Option<bool> {
        let m = mask_of(pkg)?;
        if m & self.never != 0 || self.require & !m != 0 {
            return Some(false);
        }
        Some(self.rules.iter().all(|&(if_any, all, any)| {
            let applies = if_any == 0 || m & if_any != 0;
            !applies || (all & !m == 0 && (any == 0 || m & any != 0))
        }))
    }
}

/// The provisions of a package as bits, or None if one is past 128.
#[inline]
fn mask_of(pkg: &[ProvIx]) -> Option<u128> {
    let mut m = 0u128;
    for &q in pkg {
        if q as usize >= 128 {
            return None;
        }
        m |= 1u128 << q;
    }
    Some(m)
}

impl Brain {
    /// Whether the persona could sign `pkg` at all (its never-accept list and package rules).
    #[inline]
    fn package_ok(&self, p: &CPersona, pkg: &[ProvIx]) -> bool {
        match self.pkg_masks.as_ref().and_then(|m| m.ok(pkg)) {
            Some(ok) => ok,
            None => package_ok(p, pkg),
        }
    }
}

fn package_ok(p: &CPersona, pkg: &[ProvIx]) -> bool {
    if pkg.iter().any(|q| p.never_accept.contains(q)) {
        return false;
    }
    if !p.require_in_package.iter().all(|q| pkg.contains(q)) {
        return false;
    }
    p.package_rules.iter().all(|r| {
        let applies = r.if_any.is_empty() || r.if_any.iter().any(|q| pkg.contains(q));
        !applies
            || (r.require_all.iter().all(|q| pkg.contains(q))
                && (r.require_any.is_empty() || r.require_any.iter().any(|q| pkg.contains(q))))
    })
}

/// Gumbel noise: adding `temperature × gumbel` to each option and taking the best samples from a
/// softmax of the options' worth at that temperature. Drawn from a 256-step table of the
/// distribution's quantiles, a byte of randomness each: plenty for the choice, and the rollouts
/// draw millions of these.
struct Gumbel {
    bits: u64,
    left: u32,
}

static GUMBEL: std::sync::LazyLock<[f32; 256]> = std::sync::LazyLock::new(|| {
    std::array::from_fn(|i| {
        let u = (i as f64 + 0.5) / 256.0;
        -(-u.ln()).ln() as f32
    })
});

impl Gumbel {
    fn new() -> Gumbel {
        Gumbel { bits: 0, left: 0 }
    }

    fn draw(&mut self, rng: &mut ChaCha8Rng, table: &[f32; 256]) -> f32 {
        if self.left == 0 {
            self.bits = rng.random();
            self.left = 8;
        }
        let b = (self.bits & 0xff) as usize;
        self.bits >>= 8;
        self.left -= 1;
        table[b]
    }
}

/// The index of the first of the highest worths in `vals` (not empty).
#[inline]
fn first_best(vals: &[(f32, u16)]) -> usize {
    let mut best = 0;
    let mut best_v = vals[0].0;
    for (k, x) in vals.iter().enumerate().skip(1) {
        if x.0 > best_v {
            best = k;
            best_v = x.0;
        }
    }
    best
}

/// Scratch space for a decision, reused across calls.
#[derive(Debug, Default, Clone)]
pub struct Scratch {
    pub sit: Situation,
    vals: Vec<(f32, u16)>,
}

impl Brain {
    /// The persona's plan. `temperature` adds noise (0: its first choice).
    pub fn plan(
        &self,
        db: &ContentDb,
        s: &GameState,
        temperature: f32,
        rng: &mut ChaCha8Rng,
        scratch: &mut Scratch,
    ) -> Vec<Move> {
        let p = persona_of(db, self);
        let Scratch { sit, vals } = scratch;
        // Only the rules that move its cooperation or its cards: `plan_explained`, which shows
        // the rules fired, rebuilds the whole situation.
        self.situation_of(db, s, sit, &self.plan_rules);
        vals.clear();
        if s.phase != Phase::Planning || !s.seated(self.side) {
            return Vec::new();
        }
        let mut pc = s.sides[self.side.index()].pc;
        let table: &[f32; 256] = &GUMBEL;
        let mut noise = Gumbel::new();
        // Worth first (cheap), requirements only for the cards it would actually play, best
        // first: the same choice as ranking the legal cards, for a fraction of the checks.
        // Two passes: the worths (no call in the loop, so nothing spills), then the noise, one
        // draw per card valued, in the same order as one pass would draw them.
        vals.resize(self.hot.len(), (0.0, 0));
        let mut n = 0;
        let (ready, turn) = (&s.ready_turn, s.turn);
        for h in &self.hot {
            if h.cost as i32 > pc || ready[h.card as usize] > turn {
                continue;
            }
            vals[n] = (self.card_value(s, h, sit), h.ix);
            n += 1;
        }
        vals.truncate(n);
        if temperature > 0.0 {
            for x in vals.iter_mut() {
                x.0 += temperature * noise.draw(rng, table);
            }
        }
        let limit = db.rules.move_limit as usize;
        // Allocated with the first move: no allocation for a plan that holds back.
        let mut out = Vec::new();
        let mut left = vals.len();
        while out.len() < limit && left > 0 {
            let best = first_best(&vals[..left]);
            let (v, i) = vals[best];
            vals.swap(best, left - 1);
            left -= 1;
            if v <= p.min_value {
                break;
            }
            let ce = &self.cards[i as usize];
            let reserve = if out.is_empty() {
                0
            } else {
                p.reserve_pc as i32
            };
            if ce.cost as i32 > pc - reserve || !self.requirements_hold(db, s, i as usize) {
                continue;
            }
            pc -= ce.cost as i32;
            if out.is_empty() {
                out = Vec::with_capacity(limit);
            }
            out.push(self.make_move(db, s, i as usize));
        }
        out
    }

    /// Whether the requirements of `cards[ix]` hold (`card_ok` without what a plan checks first).
    #[inline]
    fn requirements_hold(&self, db: &ContentDb, s: &GameState, ix: usize) -> bool {
        self.cards[ix].requires.holds(db, s)
    }

    /// Legal cards with their worth now (plus noise), best first.
    fn ranked(
        &self,
        db: &ContentDb,
        s: &GameState,
        temperature: f32,
        rng: &mut ChaCha8Rng,
        sit: &Situation,
        vals: &mut Vec<(f32, u16)>,
    ) {
        vals.clear();
        if s.phase != Phase::Planning || !s.seated(self.side) {
            return;
        }
        let mut noise = Gumbel::new();
        let pc = s.sides[self.side.index()].pc;
        for h in &self.hot {
            if h.cost as i32 > pc
                || s.ready_turn[h.card as usize] > s.turn
                || !self.requirements_hold(db, s, h.ix as usize)
            {
                continue;
            }
            let mut v = self.card_value(s, h, sit);
            if temperature > 0.0 {
                v += temperature * noise.draw(rng, &GUMBEL);
            }
            vals.push((v, h.ix));
        }
        vals.sort_by(|a, b| b.0.total_cmp(&a.0));
    }

    /// The `n` best legal cards now (no noise), with their worth.
    pub fn top_cards(
        &self,
        db: &ContentDb,
        s: &GameState,
        n: usize,
        scratch: &mut Scratch,
    ) -> Vec<(f32, CardIx)> {
        let Scratch { sit, vals } = scratch;
        self.situation_of(db, s, sit, &self.plan_rules);
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        self.ranked(db, s, 0.0, &mut rng, sit, vals);
        vals.iter()
            .take(n)
            .map(|(v, i)| (*v, self.cards[*i as usize].card))
            .collect()
    }

    /// The move that plays `card` (with this persona's package, if it builds one).
    pub fn move_for(&self, db: &ContentDb, s: &GameState, card: CardIx) -> Move {
        match self.pos.get(card as usize) {
            Some(&at) if at != u16::MAX => self.make_move(db, s, at as usize),
            _ => Move::card(card),
        }
    }

    fn make_move(&self, db: &ContentDb, s: &GameState, i: usize) -> Move {
        let ce = &self.cards[i];
        let mut m = Move::card(ce.card);
        if ce.chosen_package {
            let target = db.c_cards[ce.card as usize].target.unwrap_or(self.side);
            m.package = self.build_package(db, s, target);
        }
        m
    }

    /// The package this persona proposes to `target` now: its asks not yet in force, then what
    /// it gives until the target's share (by the provisions' scenario values) reaches its
    /// generosity.
    pub fn build_package(&self, db: &ContentDb, s: &GameState, target: SideId) -> Vec<ProvIx> {
        let p = persona_of(db, self);
        let val = |q: ProvIx| db.c_provisions[q as usize].value[target.index()];
        let mut pkg: Vec<ProvIx> = Vec::with_capacity(6);
        let me = self.side;
        let forced = provisions_in_force(s);
        // In force already, or covered by a provision that is: nothing to sign.
        let settled = |q: ProvIx| {
            provision_bit(forced, q, s)
                || db.c_provisions[q as usize]
                    .covered_by
                    .iter()
                    .any(|&b| provision_bit(forced, b, s))
        };
        // Worth proposing: not settled, and binding one of the two sides (`add_provision`
        // then keeps the package free of provisions that cover one another).
        let open = |q: ProvIx| !settled(q) && binds(db, q, me, target);
        for &a in self.asks.iter() {
            if pkg.len() >= p.max_asks as usize {
                break;
            }
            if open(a) {
                add_provision(db, &mut pkg, a, val);
            }
        }
        let mut theirs: f32 = pkg.iter().map(|q| val(*q)).sum();
        for &g in self.gives.iter() {
            if theirs >= p.generosity || pkg.len() >= 6 {
                break;
            }
            if open(g) {
                theirs += add_provision(db, &mut pkg, g, val).unwrap_or(0.0);
            }
        }
        if pkg.is_empty() {
            // Nothing to ask or give: the three provisions worth most to the side.
            for &q in self.by_worth.iter() {
                if pkg.len() >= 3 {
                    break;
                }
                if open(q) {
                    add_provision(db, &mut pkg, q, val);
                }
            }
        }
        if pkg.is_empty() {
            // Something to offer all the same: the first provision on the table.
            pkg.push(db.c_scenarios[s.scenario as usize].provisions_on_table[0]);
        }
        pkg
    }

    /// The side's worth of a package offered by `from`: provisions others must keep count only
    /// as far as the side trusts them to.
    pub fn package_worth(&self, s: &GameState, from: SideId, pkg: &[ProvIx]) -> f32 {
        let credence = 0.5 + 0.5 * s.trust(self.side, from) / 100.0;
        pkg.iter()
            .map(|q| {
                let v = self.prov[*q as usize];
                if v > 0.0 && self.others_keep[*q as usize] {
                    v * credence
                } else {
                    v
                }
            })
            .sum()
    }

    /// Worth of accepting an offer (its card's effects, its package) over turning it down.
    fn offer_worth(&self, s: &GameState, offer: &Offer, pkg: &[ProvIx]) -> f32 {
        let mut w = self.package_worth(s, offer.from, pkg);
        // The offer card's own effects (a summit's trust, a reunion's support) and the signal of
        // answering in kind, valued as the side's cooperation and objectives see them
        // (`accept_gain`).
        w += self.accept_gain[offer.card as usize];
        // Turning it down sends a hostile signal that raises tension a little.
        w -= self.reject_cost;
        w
    }

    /// The counter-offer this persona would send back, if any: the offered package without what
    /// it refuses, plus its asks, plus its gives until the offerer's share reaches its generosity.
    pub fn build_counter(
        &self,
        db: &ContentDb,
        s: &GameState,
        offer: &Offer,
    ) -> Option<Vec<ProvIx>> {
        let p = persona_of(db, self);
        let from = offer.from;
        let val = |q: ProvIx| db.c_provisions[q as usize].value[from.index()];
        let mut pkg: Vec<ProvIx> = offer
            .package
            .iter()
            .copied()
            .filter(|q| !p.never_accept.contains(q) && self.prov[*q as usize] > -2.0)
            .collect();
        let me = self.side;
        let forced = provisions_in_force(s);
        let in_force = |q: ProvIx| provision_bit(forced, q, s);
        // The persona's own lists hold only what is on the table; its rules may name more.
        let on_table = &db.c_scenarios[s.scenario as usize].provision_allowed;
        let binds = |q: ProvIx, a: SideId, b: SideId| on_table[q as usize] && binds(db, q, a, b);
        let mut asks = 0;
        for &a in p.require_in_package.iter().chain(self.asks.iter()) {
            if asks >= p.max_asks as usize || pkg.len() >= 8 {
                break;
            }
            if !pkg.contains(&a) && !in_force(a) && binds(a, me, from) {
                pkg.push(a);
                asks += 1;
            }
        }
        // Package rules: add what a triggered rule needs.
        for r in p.package_rules.iter() {
            let applies = r.if_any.is_empty() || r.if_any.iter().any(|q| pkg.contains(q));
            if !applies {
                continue;
            }
            for &q in r.require_all.iter() {
                if !pkg.contains(&q) && pkg.len() < 8 && binds(q, me, from) {
                    pkg.push(q);
                }
            }
            if !r.require_any.is_empty()
                && !r.require_any.iter().any(|q| pkg.contains(q))
                && let Some(&q) = r.require_any.iter().find(|q| binds(**q, me, from))
                && pkg.len() < 8
            {
                pkg.push(q);
            }
        }
        let mut theirs: f32 = pkg.iter().map(|q| val(*q)).sum();
        for &g in self.gives.iter() {
            if theirs >= p.generosity || pkg.len() >= 8 {
                break;
            }
            if !pkg.contains(&g) && !in_force(g) && binds(g, me, from) {
                pkg.push(g);
                theirs += val(g);
            }
        }
        if pkg.is_empty() || pkg.len() > 8 || !self.package_ok(p, &pkg) {
            return None;
        }
        if same_provisions(&pkg, &offer.package) {
            return None;
        }
        Some(pkg)
    }

    /// The persona's answer to an offer.
    pub fn respond(
        &self,
        db: &ContentDb,
        s: &GameState,
        offer: &Offer,
        scratch: &mut Scratch,
    ) -> Response {
        self.respond_explained(db, s, offer, scratch, false).0
    }

    pub fn respond_explained(
        &self,
        db: &ContentDb,
        s: &GameState,
        offer: &Offer,
        scratch: &mut Scratch,
        explain: bool,
    ) -> (Response, Option<String>) {
        let p = persona_of(db, self);
        // Only the acceptance threshold counts, unless the answer is to be explained.
        let rules = if explain {
            &self.all_rules
        } else {
            &self.accept_rules
        };
        self.stance(db, s, &mut scratch.sit, rules);
        let sit = &scratch.sit;
        let what = || offer_label(db, offer);
        let from = offer.from;
        let blocker = if offer.package.is_empty() {
            None
        } else if explain {
            package_blocker(db, self.persona, &offer.package)
        } else if self.package_ok(p, &offer.package) {
            None
        } else {
            Some(String::new())
        };
        let worth = self.offer_worth(s, offer, &offer.package);
        let threshold = if offer.package.is_empty() {
            sit.accept_threshold * 0.5 - 1.0
        } else {
            sit.accept_threshold
        };
        if blocker.is_none() && worth >= threshold {
            let why = explain.then(|| {
                format!(
                    "accepted {}: worth {:+.1} to us, above the {:.1} this persona asks{}",
                    what(),
                    worth,
                    threshold,
                    self.rule_clause(db, sit, |r| r.accept < 0.0)
                )
            });
            return (Response::Accept, why);
        }
        // Only an original offer with a package can be countered (not a counter, not a request
        // to co-sign).
        let round_one = offer.can_counter();
        if round_one
            && !offer.package.is_empty()
            && let Some(counter) = self.build_counter(db, s, offer)
        {
            let cw = self.package_worth(s, from, &counter);
            if cw >= threshold {
                let why = explain.then(|| {
                    let dropped: Vec<&str> = offer
                        .package
                        .iter()
                        .filter(|q| !counter.contains(q))
                        .map(|q| db.provisions[*q as usize].name.as_str())
                        .collect();
                    let added = |ours: bool| -> Vec<&str> {
                        counter
                            .iter()
                            .filter(|q| !offer.package.contains(q))
                            .filter(|q| {
                                db.c_provisions[**q as usize]
                                    .obligations
                                    .contains(&self.side)
                                    == ours
                            })
                            .map(|q| db.provisions[*q as usize].name.as_str())
                            .collect()
                    };
                    let (asked, offered) = (added(false), added(true));
                    let mut parts = Vec::new();
                    if !dropped.is_empty() {
                        parts.push(format!("dropped {}", quote_list(&dropped)));
                    }
                    if !asked.is_empty() {
                        parts.push(format!("asked for {}", quote_list(&asked)));
                    }
                    if !offered.is_empty() {
                        parts.push(format!("offered {}", quote_list(&offered)));
                    }
                    let because = blocker
                        .clone()
                        .filter(|b| !b.is_empty())
                        .unwrap_or_else(|| {
                            format!("as offered it was worth only {worth:+.1} to us")
                        });
                    format!("countered {}: {} — {because}", what(), parts.join("; "))
                });
                return (Response::Counter(counter), why);
            }
        }
        let why = explain.then(|| {
            let because = blocker.filter(|b| !b.is_empty()).unwrap_or_else(|| {
                format!(
                    "worth {:+.1} to us, short of the {:.1} this persona asks",
                    worth, threshold
                )
            });
            format!(
                "rejected {}: {because}{}",
                what(),
                self.rule_clause(db, sit, |r| r.accept > 0.0)
            )
        });
        (Response::Reject, why)
    }

    /// Stand firm or back down.
    pub fn crisis(&self, db: &ContentDb, s: &GameState, scratch: &mut Scratch) -> CrisisChoice {
        self.crisis_explained(db, s, scratch, false).0
    }

    pub fn crisis_explained(
        &self,
        db: &ContentDb,
        s: &GameState,
        scratch: &mut Scratch,
        explain: bool,
    ) -> (CrisisChoice, Option<String>) {
        // Only the back-down threshold counts, unless the choice is to be explained.
        let rules = if explain {
            &self.all_rules
        } else {
            &self.back_down_rules
        };
        self.stance(db, s, &mut scratch.sit, rules);
        let sit = &scratch.sit;
        let t = s.tension();
        if t >= sit.back_down_above {
            let why = explain.then(|| {
                format!(
                    "backed down: tension is {t:.0}, past the {:.0} this persona will risk{}",
                    sit.back_down_above,
                    self.rule_clause(db, sit, |r| r.back_down < 0.0)
                )
            });
            (CrisisChoice::BackDown, why)
        } else {
            let why = explain.then(|| {
                format!(
                    "stood firm: tension is {t:.0}, short of the {:.0} at which it would back down{}",
                    sit.back_down_above,
                    self.rule_clause(db, sit, |r| r.back_down > 0.0)
                )
            });
            (CrisisChoice::StandFirm, why)
        }
    }

    /// "; <reason>" of the first rule that holds now and pushed the choice the way it went
    /// (`pushed`, asked of the rule: lowered the acceptance threshold for an acceptance, raised
    /// it for a refusal, and so on), or nothing. A rule that only favours cards says nothing
    /// about why an offer was taken or the brink held, and one that made the persona more willing
    /// is no reason for a refusal.
    fn rule_clause(
        &self,
        db: &ContentDb,
        sit: &Situation,
        pushed: impl Fn(&crate::content::PersonaRule) -> bool,
    ) -> String {
        let src = &db.personas[self.persona as usize];
        match sit.fired.iter().find(|&&i| pushed(&src.rules[i as usize])) {
            Some(&i) => format!("; {}", src.rules[i as usize].reason),
            None => String::new(),
        }
    }

    /// The persona's plan with the line that explains it.
    pub fn plan_explained(
        &self,
        db: &ContentDb,
        s: &GameState,
        temperature: f32,
        rng: &mut ChaCha8Rng,
        scratch: &mut Scratch,
    ) -> (Vec<Move>, String) {
        let moves = self.plan(db, s, temperature, rng, scratch);
        // `plan` checked only the rules that move a plan; the explanation names any that hold.
        self.situation(db, s, &mut scratch.sit);
        let why = self.explain_plan(db, s, &moves, &scratch.sit);
        (moves, why)
    }

    /// One line on why these moves: the rules that favoured them, or the objective or trait they
    /// serve most; and a rule that ruled out a move it would otherwise have liked.
    pub fn explain_plan(
        &self,
        db: &ContentDb,
        s: &GameState,
        moves: &[Move],
        sit: &Situation,
    ) -> String {
        let src = &db.personas[self.persona as usize];
        let p = persona_of(db, self);
        let mut clauses: Vec<Clause> = Vec::new();
        let push = |c: Clause, clauses: &mut Vec<Clause>| {
            if c != Clause::Said(String::new()) && !clauses.contains(&c) {
                clauses.push(c);
            }
        };
        for m in moves {
            let at = self.pos[m.card as usize];
            if at == u16::MAX {
                continue;
            }
            // Rules that pushed this card up.
            let mut by_rule = false;
            for &ri in &sit.fired {
                let r = &p.rules[ri as usize];
                if r.cards.iter().any(|(c, w)| *c == m.card && *w > 0.0) {
                    push(
                        Clause::Said(src.rules[ri as usize].reason.clone()),
                        &mut clauses,
                    );
                    by_rule = true;
                }
            }
            if !by_rule {
                push(self.main_motive(db, s, at as usize, m, sit), &mut clauses);
            }
        }
        // A move it liked but a rule held back.
        let mut best_blocked: Option<(f32, u16)> = None;
        for &ri in &sit.fired {
            let r = &p.rules[ri as usize];
            // A rule against a kind of move says nothing if it played one anyway.
            if r.cards
                .iter()
                .any(|(c, w)| *w < 0.0 && moves.iter().any(|m| m.card == *c))
            {
                continue;
            }
            for (c, w) in r.cards.iter() {
                let at = self.pos[*c as usize];
                if *w >= 0.0 || at == u16::MAX {
                    continue;
                }
                let base =
                    self.cards[at as usize].base + sit.cooperation * self.cards[at as usize].signal;
                if best_blocked.is_none_or(|(b, _)| base > b) {
                    best_blocked = Some((base, ri));
                }
            }
        }
        if let Some((_, ri)) = best_blocked {
            push(
                Clause::Said(src.rules[ri as usize].reason.clone()),
                &mut clauses,
            );
        }
        clauses.truncate(2);
        let clauses = words(db, s, &src.name, &clauses);
        let names: Vec<String> = moves
            .iter()
            .map(|m| format!("\"{}\"", db.cards[m.card as usize].name))
            .collect();
        if moves.is_empty() {
            let pc = s.sides[self.side.index()].pc;
            let base =
                format!("held back: no move was worth its cost ({pc} political capital kept)");
            return if clauses.is_empty() {
                base
            } else {
                format!("{base}; {}", clauses.join(" and "))
            };
        }
        let what = names.join(" and ");
        if clauses.is_empty() {
            format!("chose {what}: the {} likes it", src.name)
        } else {
            format!("chose {what}: {}", clauses.join(" and "))
        }
    }

    /// The largest reason behind a card's worth: an objective it serves, its signal, or the
    /// persona's taste.
    fn main_motive(
        &self,
        db: &ContentDb,
        s: &GameState,
        at: usize,
        m: &Move,
        sit: &Situation,
    ) -> Clause {
        let ce = &self.cards[at];
        let src = &db.personas[self.persona as usize];
        let p = persona_of(db, self);
        let signal = sit.cooperation * ce.signal;
        // The single objective that contributes most.
        let mut best_obj: Option<(f32, String)> = None;
        {
            let scen = &db.scenarios[self.scenario as usize];
            let names = scen.sides.iter().find(|x| x.side == self.side);
            for (i, d) in self.objective_desires.iter().enumerate() {
                let v = Valuer {
                    db,
                    p,
                    d,
                    side: self.side,
                    canon: &self.canon,
                };
                let c = &db.c_cards[ce.card as usize];
                let mut flags = Vec::new();
                let scale = if c.kind == MoveKind::Offer {
                    P_ACCEPT
                } else {
                    1.0
                };
                let (o, _) = v.effects(&c.effects, self.side, c.target, scale, &mut flags);
                let mut o = o;
                for &(f, set, _) in &flags {
                    if s.flag(f) == set {
                        o -= if set {
                            d.flag[f as usize]
                        } else {
                            -d.flag[f as usize]
                        } * scale;
                    }
                }
                // Tension from its signal counts toward tension objectives.
                let dt = -ce.coop_t * SIGNAL_WEIGHT * 0.7
                    + ce.host_t * SIGNAL_WEIGHT * (1.0 + s.tension() / 100.0);
                o += d.meter[Meter::Tension.index()] * dt;
                if let CPackage::Fixed(ps) = &c.package {
                    for q in ps.iter() {
                        o += d.provision[*q as usize] * P_ACCEPT;
                    }
                }
                let o = o * OBJ_SCALE * p.objectives;
                if o > 0.3 && best_obj.as_ref().is_none_or(|(b, _)| o > *b) {
                    let name = names
                        .and_then(|n| n.objectives.get(i))
                        .map(|n| n.name.clone())
                        .unwrap_or_default();
                    best_obj = Some((o, name));
                }
            }
        }
        let taste = ce.parts.taste;
        let obj = best_obj.as_ref().map(|(v, _)| *v).unwrap_or(0.0);
        if ce.parts.package > obj.max(signal.abs()).max(taste) && ce.parts.package > 0.3 {
            let c = &db.c_cards[ce.card as usize];
            let pkg: Vec<ProvIx> = match &c.package {
                CPackage::Fixed(ps) => ps.to_vec(),
                _ => m.package.clone(),
            };
            let names: Vec<&str> = pkg
                .iter()
                .take(2)
                .map(|q| db.provisions[*q as usize].name.as_str())
                .collect();
            if !names.is_empty() {
                return Clause::Said(format!("it puts {} on the table", quote_list(&names)));
            }
        }
        if obj >= signal.abs().max(taste)
            && let Some((_, name)) = best_obj
        {
            return Clause::Said(format!("it serves the objective \"{name}\""));
        }
        if signal.abs() >= taste && signal.abs() > 0.5 {
            // Good will or pressure is what the card says to the table (its own signal), not
            // whether the persona values saying it: a hawk's walkout is pressure it likes.
            return Clause::Signal {
                good_will: ce.signal > 0.0,
            };
        }
        if taste > 0.3 {
            return Clause::Said(format!("it is a move the {} favours", src.name));
        }
        Clause::Said("it was the best value for its cost".to_string())
    }
}

/// One clause of a plan's reason before it is put in words. A card's signal is kept apart so
/// that good will and pressure in the same plan read as one clause about one situation.
#[derive(Debug, PartialEq)]
enum Clause {
    Said(String),
    Signal { good_will: bool },
}

/// The clauses in words: "the Hawk signals good will and answers with pressure (tension:
/// Crisis (60–80))", where the signals are mentioned, so a reason stays one short line.
fn words(db: &ContentDb, s: &GameState, persona: &str, clauses: &[Clause]) -> Vec<String> {
    let signals: Vec<&str> = clauses
        .iter()
        .filter_map(|c| match c {
            Clause::Signal { good_will: true } => Some("signals good will"),
            Clause::Signal { good_will: false } => Some("answers with pressure"),
            Clause::Said(_) => None,
        })
        .collect();
    let mut out = Vec::new();
    let mut signalled = false;
    for c in clauses {
        match c {
            Clause::Said(text) => out.push(text.clone()),
            Clause::Signal { .. } if !signalled => {
                signalled = true;
                let rung = crate::engine::text::rung_label(db, s.tension());
                out.push(format!(
                    "the {persona} {} (tension: {rung})",
                    signals.join(" and ")
                ));
            }
            Clause::Signal { .. } => {}
        }
    }
    out
}

/// "the DPRK's offer \"Offer Yongbyon for relief\"" — how an offer is named in a reason.
fn offer_label(db: &ContentDb, o: &Offer) -> String {
    let kind = if o.counter_of.is_some() {
        "counter-offer"
    } else {
        "offer"
    };
    format!(
        "{} {kind} \"{}\"",
        o.from.possessive(),
        db.cards[o.card as usize].name
    )
}

/// "\"A\", \"B\" and 2 more": at most two names, so a reason stays one short line.
fn quote_list(xs: &[&str]) -> String {
    let shown: Vec<String> = xs.iter().take(2).map(|x| format!("\"{x}\"")).collect();
    match xs.len() {
        0..=2 => shown.join(" and "),
        n => format!("{} and {} more", shown.join(", "), n - 2),
    }
}

/// A persona as a `Policy`: the "easy" computer opponent.
#[derive(Debug, Clone)]
pub struct PersonaPolicy {
    pub persona: u16,
    pub side: SideId,
    brain: Option<Arc<Brain>>,
    scratch: Scratch,
    last: Option<String>,
}

impl PersonaPolicy {
    pub fn new(persona: u16, side: SideId) -> PersonaPolicy {
        PersonaPolicy {
            persona,
            side,
            brain: None,
            scratch: Scratch::default(),
            last: None,
        }
    }

    /// The brain for this game's scenario (compiled on first use).
    pub fn brain(&mut self, db: &ContentDb, s: &GameState) -> &Brain {
        let stale = self.brain.as_ref().is_none_or(|b| b.scenario != s.scenario);
        if stale {
            self.brain = Some(Brain::shared(db, self.persona, self.side, s.scenario));
        }
        self.brain.as_ref().expect("just built")
    }
}

impl Policy for PersonaPolicy {
    fn plan(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        side: SideId,
        rng: &mut ChaCha8Rng,
    ) -> Vec<Move> {
        debug_assert_eq!(side, self.side);
        let temp = db.c_personas[self.persona as usize].temperature;
        self.brain(db, s);
        let brain = self.brain.as_ref().expect("built");
        let (moves, why) = brain.plan_explained(db, s, temp, rng, &mut self.scratch);
        self.last = Some(why);
        moves
    }

    fn respond(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        _side: SideId,
        offer: &Offer,
        _rng: &mut ChaCha8Rng,
    ) -> Response {
        self.brain(db, s);
        let brain = self.brain.as_ref().expect("built");
        let (r, why) = brain.respond_explained(db, s, offer, &mut self.scratch, true);
        self.last = why;
        r
    }

    fn crisis(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        _side: SideId,
        _rng: &mut ChaCha8Rng,
    ) -> CrisisChoice {
        self.brain(db, s);
        let brain = self.brain.as_ref().expect("built");
        let (c, why) = brain.crisis_explained(db, s, &mut self.scratch, true);
        self.last = why;
        c
    }

    fn reason(&self) -> Option<String> {
        self.last.clone()
    }
}
