//! Compiling a persona for one side in one scenario: every card's static worth, every
//! provision's worth to the side, the rules read as the side sees the world.

use crate::content::NumTarget;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::content::{
    CardIx, CompiledCondition, CompiledEffect, CompiledPackage, CompiledPersona, ContentDb, FlagIx,
    Meter, MoveKind, ProvIx, SideId, Toward, Who,
};
use crate::engine::GameState;
use crate::engine::effects::{cond_holds, resolve_who};

use super::*;

/// Valuation context for effects.
pub(super) struct Valuer<'a> {
    pub(super) db: &'a ContentDb,
    pub(super) p: &'a CompiledPersona,
    pub(super) d: &'a Desire,
    pub(super) side: SideId,
    /// A fresh state of the scenario, to settle `If` effects without reading any real game.
    pub(super) canon: &'a GameState,
}

impl Valuer<'_> {
    /// (objective points, taste units) of a list of effects, pushing flag changes to `flags`.
    pub(super) fn effects(
        &self,
        es: &[CompiledEffect],
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

    pub(super) fn effect(
        &self,
        e: &CompiledEffect,
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
            CompiledEffect::Num { on, delta, .. } => match *on {
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
            CompiledEffect::TrustOfAll { to, delta } => {
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
            CompiledEffect::Pc { side, delta } => {
                if who(*side) == me {
                    (0.0, *delta as f32 * PC_VALUE)
                } else {
                    (0.0, 0.0)
                }
            }
            CompiledEffect::SetFlag(f) | CompiledEffect::ClearFlag(f) => {
                let set = matches!(e, CompiledEffect::SetFlag(_));
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
            CompiledEffect::Lagged { effects, .. } => {
                let (o, t) = self.effects(effects, actor, target, scale * 0.8, flags);
                (o * 0.8, t * 0.8)
            }
            CompiledEffect::Ramp { meter, delta, .. } => (
                delta * d.meter[meter.index()],
                delta * p.meter_weights[meter.index()],
            ),
            // Knowledge moves no meter and serves no objective directly.
            CompiledEffect::Reveal { .. } | CompiledEffect::RevealFacility(_) => (0.0, 0.0),
            // A facility's rate is worth what as much production would be.
            CompiledEffect::FacilityRate { rate, .. } => {
                let f = crate::content::ProgrammeField::ProductionKg.index();
                (rate * d.programme[f], rate * p.programme_weights[f])
            }
            // Inspectors are valued through the verification they bring, not in themselves.
            CompiledEffect::Inspectors(_) => (0.0, 0.0),
            CompiledEffect::If {
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

    /// The side's worth of a provision being signed (signal units). A phased provision's
    /// steps are valued at their expected turn, what they give discounted by `PHASE_DISCOUNT`
    /// a turn (a tranche later is worth less than one now), and so is the good the provision
    /// does as a whole; what it costs is not discounted, because an obligation binds from the
    /// signing (breaking a step not yet taken breaks the agreement all the same).
    pub(super) fn provision(&self, pi: ProvIx) -> f32 {
        let pr = &self.db.compiled_provisions[pi as usize];
        let mut flags = Vec::new();
        let (o1, t1) = self.effects(&pr.on_sign, SideId::Us, Some(SideId::Dprk), 1.0, &mut flags);
        let delays = step_delays(pr);
        let later = |k: usize| PHASE_DISCOUNT.powf(delays.get(k).copied().unwrap_or(0.0));
        let gain_only = |x: f32, d: f32| if x > 0.0 { x * d } else { x };
        let (mut o3, mut t3) = (0.0, 0.0);
        for (k, step) in pr.steps.iter().enumerate() {
            let (o, t) = self.effects(
                &step.effects,
                SideId::Us,
                Some(SideId::Dprk),
                1.0,
                &mut flags,
            );
            o3 += gain_only(o, later(k));
            t3 += gain_only(t, later(k));
        }
        // Per-turn effects start with the first step.
        let (o2, t2) = self.effects(
            &pr.per_turn,
            SideId::Us,
            Some(SideId::Dprk),
            PROVISION_TURNS,
            &mut flags,
        );
        let first = later(0);
        let (o2, t2) = (gain_only(o2, first), gain_only(t2, first));
        // The provision's good as a whole arrives, on average, with its steps.
        let whole = if delays.is_empty() {
            1.0
        } else {
            (0..delays.len()).map(later).sum::<f32>() / delays.len() as f32
        };
        let obj = gain_only(self.d.provision[pi as usize], whole) + o1 + o2 + o3;
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
            + t3
            + bias
            + gain_only(PROVISION_CONTENT * pr.value[self.side.index()], whole)
    }
}

/// The turn after signing each step of `pr` is expected on: its `after`, plus, for a step
/// waiting for verified steps, `VERIFY_TURNS` a step, and for one waiting for the step before
/// it to be verified, the months its inspectors need.
pub(super) fn step_delays(pr: &crate::content::CompiledProvision) -> Vec<f32> {
    use crate::content::{VerifiedBy, WaitsFor};
    let mut t = 0.0f32;
    let mut out = Vec::with_capacity(pr.steps.len());
    for (k, step) in pr.steps.iter().enumerate() {
        t += step.after as f32;
        match step.waits_for {
            WaitsFor::Nothing => {}
            WaitsFor::VerifiedSteps(n) => t = t.max(n as f32 * VERIFY_TURNS),
            WaitsFor::PreviousVerified => {
                if let Some(VerifiedBy::Inspection { months, .. }) =
                    k.checked_sub(1).map(|j| pr.steps[j].verified_by)
                {
                    t = t.max(out.last().copied().unwrap_or(0.0) + months.max(1) as f32);
                }
            }
        }
        out.push(t);
    }
    out
}

impl Brain {
    /// Compiles persona `persona` for `side` in `scenario`.
    pub fn new(db: &ContentDb, persona: u16, side: SideId, scenario: u16) -> Brain {
        let p = &db.compiled_personas[persona as usize];
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
        let on_table = &db.compiled_scenarios[scenario as usize].provision_allowed;
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
            let their = |q: ProvIx| db.compiled_provisions[q as usize].value[rival.index()];
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
            let c = &db.compiled_cards[card as usize];
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
                CompiledPackage::None => 0.0,
                CompiledPackage::Fixed(ps) => ps.iter().map(|q| prov[*q as usize]).sum(),
                CompiledPackage::Chosen => {
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
                allowed: db.compiled_scenarios[scenario as usize].card_allowed[card as usize]
                    && target.is_none_or(|t| canon.seated(t))
                    && offers_what_it_would_sign(p, &c.package),
                cost: c.cost,
                chosen_package: matches!(c.package, CompiledPackage::Chosen),
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
            .compiled_cards
            .iter()
            .map(|c| {
                let mut flags = Vec::new();
                let (o, t) = v.effects(&c.effects, c.side, c.target, 1.0, &mut flags);
                o * OBJ_SCALE * p.objectives + t
            })
            .collect();
        // `offer_worth`'s terms that depend on the card alone, computed as it computes them,
        // and what going back on its own word would cost (`follows_own_agreement`).
        let accept_gain = db
            .compiled_cards
            .iter()
            .zip(&accept_worth)
            .enumerate()
            .map(|(ix, (c, aw))| {
                let sig: f32 = c.signals.iter().map(|x| x.value).sum::<f32>().max(0.0);
                let word = if follows_own_agreement(db, ix as CardIx, side) {
                    FOLLOW_THROUGH
                } else {
                    0.0
                };
                aw + 0.3 * sig * p.cooperation + word
            })
            .collect();
        let reject_cost = tension_worth * (-db.derived.reject_signal * SIGNAL_WEIGHT);
        let others_keep = db
            .compiled_provisions
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
        let objective_desires = match &db.compiled_scenarios[scenario as usize].sides[side.index()]
        {
            Some(ss) => ss
                .objectives
                .iter()
                .map(|o| Desire::of_objective(db, o, side))
                .collect(),
            None => Vec::new(),
        };
        let campaigns = db.compiled_scenarios[scenario as usize]
            .campaigns
            .iter()
            .filter(|c| c.side == side)
            .map(|c| CampaignNow {
                from: c.from,
                until: c.until,
                bonus: c
                    .risky
                    .iter()
                    .filter(|(card, _)| pos[*card as usize] != u16::MAX)
                    .map(|(card, w)| (pos[*card as usize], *w))
                    .collect(),
                accept: c.accept,
                index: c.index,
            })
            .collect();
        Brain {
            campaigns,
            persona,
            side,
            scenario,
            cards,
            hot,
            pos,
            prov,
            phase: db
                .compiled_provisions
                .iter()
                .map(|c| {
                    let counts = if c.limits {
                        c.steps.len().max(1) as u8
                    } else {
                        0
                    };
                    let needs = c
                        .steps
                        .iter()
                        .map(|st| match st.waits_for {
                            crate::content::WaitsFor::VerifiedSteps(n) => n,
                            _ => 0,
                        })
                        .collect();
                    (counts, needs)
                })
                .collect(),
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
}

/// Whether adding `x` to a sum that starts at `start` can change it. Adding 0.0 changes only
/// −0.0 (to 0.0), and a sum of floats is −0.0 only while every term is −0.0; adding −0.0
/// changes nothing. A rule whose term cannot change the sum need not be checked for it.
pub(super) fn changes_sum(start: f32, x: f32) -> bool {
    let neg_zero = |v: f32| v == 0.0 && v.is_sign_negative();
    !(x == 0.0 && (neg_zero(x) || !neg_zero(start)))
}

/// Whether an offer of `card` made to `side` follows up what `side` itself agreed to: the card
/// needs a flag that only an accepted offer between `side` and the card's owner sets (a summit
/// "agreed" is set only when one of the two proposed it and the other said yes). Turning such an
/// offer down goes back on the side's own word: the DPRK that proposed the summit, heard the US
/// accept, and then refused "Hold the summit" (issue 24, item 7).
pub(super) fn follows_own_agreement(db: &ContentDb, card: CardIx, side: SideId) -> bool {
    let c = &db.compiled_cards[card as usize];
    if c.kind != MoveKind::Offer || c.target != Some(side) || c.side == side {
        return false;
    }
    let pair = |a: SideId, b: Option<SideId>| {
        (a == c.side && b == Some(side)) || (a == side && b == Some(c.side))
    };
    c.requires.iter().any(|r| {
        let CompiledCondition::Flag(f) = r else {
            return false;
        };
        let sets = |es: &[CompiledEffect]| sets_flag(es, *f);
        let setters: Vec<&crate::content::CompiledCard> = db
            .compiled_cards
            .iter()
            .filter(|x| sets(&x.effects))
            .collect();
        !setters.is_empty()
            && setters
                .iter()
                .all(|x| x.kind == MoveKind::Offer && pair(x.side, x.target))
            && !db.compiled_events.iter().any(|e| sets(&e.effects))
            && !db.compiled_provisions.iter().any(|p| sets(&p.on_sign))
    })
}

/// Whether `es` (or an effect nested in them) sets flag `f`.
fn sets_flag(es: &[CompiledEffect], f: FlagIx) -> bool {
    es.iter().any(|e| match e {
        CompiledEffect::SetFlag(g) => *g == f,
        CompiledEffect::Lagged { effects, .. } => sets_flag(effects, f),
        CompiledEffect::If {
            then, otherwise, ..
        } => sets_flag(then, f) || sets_flag(otherwise, f),
        _ => false,
    })
}

/// Whether a card's fixed package is one the persona would sign itself: nothing it never
/// accepts, and every package rule met. A persona that would refuse "the end of the war without
/// a declaration" from the other side does not offer it on its own card either (the rules are
/// about the deal, whoever proposes it). What it asks of every package (`require_in_package`) is
/// left out: that is what it wants from the others, not a limit on its own gestures.
fn offers_what_it_would_sign(p: &CompiledPersona, package: &CompiledPackage) -> bool {
    match package {
        CompiledPackage::Fixed(pkg) => super::package::within_its_rules(p, pkg),
        _ => true,
    }
}
