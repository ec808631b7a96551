//! Conditions and effects: the only place meters change. With a log to write, every change goes
//! through `change`, which clamps, writes the ledger entry with its cause, and so keeps the
//! ledger complete. With none (a batch run, a playout) a numeric effect is applied by
//! `apply_num_unlogged`, which must land exactly where `change` would.

use crate::content::{
    CompiledCard, CompiledCondition, CompiledEffect, ContentDb, FastEffects, InspectorsChange,
    Meter, NumAt, NumTarget, ProgrammeField, Regime, SideId, Who,
};

use super::ledger::{Cause, LedgerEntry, MeterRef, Sink};
use super::maths::{ceil, exp, floor, round_i32};
use super::state::{GameState, Inspections, PendingEffects, Ramp};

/// Whom `Who` names, given the acting side and its target.
#[inline]
pub fn resolve_who(who: Who, actor: SideId, target: Option<SideId>) -> SideId {
    match who {
        Who::Actor => actor,
        Who::Target => target.unwrap_or(actor),
        Who::Side(s) => s,
    }
}

/// Whether a condition holds now, for `actor` (and its `target`) as `Who` resolves them.
#[inline]
pub fn cond_holds(
    db: &ContentDb,
    s: &GameState,
    c: &CompiledCondition,
    actor: SideId,
    target: Option<SideId>,
) -> bool {
    dispatch(db, s, c, actor, target, &|f| s.prog(f))
}

/// `cond_holds`, reading the DPRK programme through `prog` (a bot judges by what it can see).
pub fn cond_holds_seen(
    db: &ContentDb,
    s: &GameState,
    c: &CompiledCondition,
    actor: SideId,
    target: Option<SideId>,
    prog: &dyn Fn(ProgrammeField) -> f32,
) -> bool {
    eval(db, s, c, actor, target, prog)
}

/// The one evaluator behind both. Generic over the programme reader so the engine's own checks
/// (the event draw, legality, objectives: hundreds a turn) compile to plain loads, with no
/// indirect call per leaf.
fn eval<P: Fn(ProgrammeField) -> f32 + ?Sized>(
    db: &ContentDb,
    s: &GameState,
    c: &CompiledCondition,
    actor: SideId,
    target: Option<SideId>,
    prog: &P,
) -> bool {
    match c {
        CompiledCondition::Any(cs) => cs.iter().any(|c| dispatch(db, s, c, actor, target, prog)),
        CompiledCondition::All(cs) => cs.iter().all(|c| dispatch(db, s, c, actor, target, prog)),
        leaf => leaf_holds(db, s, leaf, actor, target, prog),
    }
}

/// One condition: a leaf straight to its check, Any / All through the recursive evaluator (so
/// the common single-leaf condition skips the evaluator's set-up).
#[inline(always)]
fn dispatch<P: Fn(ProgrammeField) -> f32 + ?Sized>(
    db: &ContentDb,
    s: &GameState,
    c: &CompiledCondition,
    actor: SideId,
    target: Option<SideId>,
    prog: &P,
) -> bool {
    match c {
        CompiledCondition::Any(_) | CompiledCondition::All(_) => {
            eval(db, s, c, actor, target, prog)
        }
        leaf => leaf_holds(db, s, leaf, actor, target, prog),
    }
}

/// A condition with no sub-conditions (Any / All are false here: `eval` handles them).
#[inline(always)]
fn leaf_holds<P: Fn(ProgrammeField) -> f32 + ?Sized>(
    db: &ContentDb,
    s: &GameState,
    c: &CompiledCondition,
    actor: SideId,
    target: Option<SideId>,
    prog: &P,
) -> bool {
    let who = |w: Who| resolve_who(w, actor, target);
    match c {
        CompiledCondition::Flag(f) => s.flag(*f),
        CompiledCondition::NotFlag(f) => !s.flag(*f),
        CompiledCondition::MeterAtLeast(m, v) => s.meter(*m) >= *v,
        CompiledCondition::MeterBelow(m, v) => s.meter(*m) < *v,
        CompiledCondition::TrustAtLeast(a, b, v) => s.trust(who(*a), who(*b)) >= *v,
        CompiledCondition::TrustBelow(a, b, v) => s.trust(who(*a), who(*b)) < *v,
        CompiledCondition::SupportAtLeast(x, v) => s.support(who(*x)) >= *v,
        CompiledCondition::SupportBelow(x, v) => s.support(who(*x)) < *v,
        CompiledCondition::ProgrammeAtLeast(f, v) => prog(*f) >= *v,
        CompiledCondition::ProgrammeBelow(f, v) => prog(*f) < *v,
        CompiledCondition::SidePresent(x) => s.seated(*x),
        CompiledCondition::ProvisionInForce(p) => s.provision_in_force(*p),
        CompiledCondition::FacilityHidden(f) => s.sites.hidden(*f),
        CompiledCondition::TurnAtLeast(t) => s.scenario_turn >= *t,
        CompiledCondition::CrisesAtLeast(n) => s.crises >= *n,
        CompiledCondition::MonthIn(bits) => bits & (1 << s.month(db)) != 0,
        CompiledCondition::Any(_) | CompiledCondition::All(_) => false,
    }
}

pub use crate::content::PROGRAMME_MAX;
use crate::content::check::PROGRAMME_AT;

#[inline(always)]
fn bounds(m: MeterRef) -> (f32, f32) {
    match m {
        MeterRef::Programme(ProgrammeField::IcbmReadiness) => (0.0, 100.0),
        MeterRef::Programme(_) => (0.0, PROGRAMME_MAX),
        MeterRef::Pc(_) => (-20.0, 20.0),
        _ => (0.0, 100.0),
    }
}

#[inline(always)]
fn slot(s: &mut GameState, m: MeterRef) -> Option<&mut f32> {
    match m {
        MeterRef::Meter(x) => Some(s.meter_mut(x)),
        MeterRef::Trust(a, b) => Some(s.trust_mut(a, b)),
        MeterRef::Support(x) => Some(s.support_mut(x)),
        MeterRef::Programme(f) => Some(s.prog_mut(f)),
        // PC is an integer budget; `change_pc` handles it.
        MeterRef::Pc(_) => None,
    }
}

/// Where a 0–100 meter lands when pushed by `delta` from `old`, with resistance near the ends.
///
/// Within `band` points of the end a push heads for, each point of push moves the meter by the
/// share of those `band` points still left (`d(gap)/d(push) = −gap/band`), so the gap to the
/// end shrinks by a factor e for every `band` points of push: the meter nears 0 or 100 and
/// never pins there, and its end value still says how hard it was pushed. A push away from an
/// end, or one that stops short of the band, lands whole (exactly `old + delta`); pushes
/// compose (two land where their sum would, up to rounding). A `band` of 0 is a plain clamp.
///
/// Only the common case is in line at its callers: a push that stays clear of the band. The
/// push into the band (an `exp`, some fifty bytes of code) is a call, so the dozens of places
/// `resist` is inlined into (every `change`, the unlogged trust and reciprocity loops) do not
/// each carry a copy of it through the instruction cache every turn.
#[inline(always)]
pub fn resist(old: f32, delta: f32, band: f32) -> f32 {
    let room = if delta > 0.0 { 100.0 - old } else { old };
    let push = delta.abs();
    let free = room - band;
    // The common case: a push that stays clear of the band (or resistance turned off).
    if push <= free || band <= 0.0 {
        return (old + delta).clamp(0.0, 100.0);
    }
    resist_in_band(old, delta, band)
}

/// `resist` for a push that reaches the band (the same arithmetic, so the same bits).
#[inline(never)]
fn resist_in_band(old: f32, delta: f32, band: f32) -> f32 {
    let room = if delta > 0.0 { 100.0 - old } else { old };
    let push = delta.abs();
    let free = room - band;
    let gap = room.clamp(0.0, band) * exp(-(push - free.max(0.0)) / band);
    let new = if delta > 0.0 { 100.0 - gap } else { gap };
    new.clamp(0.0, 100.0)
}

/// The resistance band of the number in `slot` of `GameState::nums`: tension's, the other
/// 0–100 numbers' (meters, trust, support), or none (the programme counts are plain clamps).
#[inline(always)]
pub fn band_of_slot(s: &GameState, slot: usize) -> f32 {
    if slot == Meter::Tension.index() {
        s.resist_band[0]
    } else if slot < PROGRAMME_AT {
        s.resist_band[1]
    } else {
        0.0
    }
}

#[inline(always)]
fn band_of(s: &GameState, m: MeterRef) -> f32 {
    match m {
        MeterRef::Meter(Meter::Tension) => s.resist_band[0],
        MeterRef::Programme(_) | MeterRef::Pc(_) => 0.0,
        _ => s.resist_band[1],
    }
}

/// Changes one number by `delta` (resisted near the ends of a 0–100 meter, `resist`; clamped
/// to its range) and itemises the change: the ledger shows the change applied, and the push
/// when the end took part of it. Returns the change actually applied.
#[inline(always)]
pub fn change<S: Sink>(
    s: &mut GameState,
    sink: &mut S,
    m: MeterRef,
    delta: f32,
    cause: Cause,
    secret: Option<SideId>,
) -> f32 {
    if delta == 0.0 || !delta.is_finite() {
        return 0.0;
    }
    // The common case (a meter, a trust, a support) in one match: this runs ~400 times a game.
    let v = match m {
        MeterRef::Pc(side) => {
            return change_pc(s, sink, side, round_i32(delta), cause, secret) as f32;
        }
        MeterRef::Trust(a, b) if a == b || !s.seated(a) || !s.seated(b) => return 0.0,
        MeterRef::Support(a) if !s.seated(a) => return 0.0,
        _ => match slot(s, m) {
            Some(v) => v,
            None => return 0.0,
        },
    };
    let (lo, hi) = bounds(m);
    let old = *v;
    let band = band_of(s, m);
    let new = if band > 0.0 {
        resist(old, delta, band)
    } else {
        (old + delta).clamp(lo, hi)
    };
    // (`s.nums` again: `v` cannot be held across the read of the bands.)
    if let Some(v) = slot(s, m) {
        *v = new;
    }
    let applied = new - old;
    // Who pushed tension hardest is kept for the log's threshold line alone: by the push
    // intended, not the change that was left once the ceiling took its share, so a second
    // escalation at the top is still blamed for what it did. A run with no log skips it:
    // whether this change beats the turn's largest so far is a coin toss on every tension
    // change of a playout.
    if S::ENABLED && m == MeterRef::Meter(Meter::Tension) && delta > s.top_push.0 {
        s.top_push = (delta, Some(cause));
    }
    // A push the end swallowed whole is itemised too, so the ledger says it met the end.
    let lost = delta - applied;
    if S::ENABLED && (applied != 0.0 || lost.abs() >= 0.05) {
        sink.ledger(LedgerEntry {
            turn: s.turn,
            meter: m,
            delta: applied,
            after: new,
            cause,
            secret,
            pushed: (lost.abs() >= 0.05).then_some(delta),
        });
    }
    applied
}

/// PC changes from effects land on next turn's income, so a card cannot pay for itself.
pub fn change_pc<S: Sink>(
    s: &mut GameState,
    sink: &mut S,
    side: SideId,
    delta: i32,
    cause: Cause,
    secret: Option<SideId>,
) -> i32 {
    if delta == 0 || !s.seated(side) {
        return 0;
    }
    let st = &mut s.sides[side.index()];
    st.pc_next += delta;
    if S::ENABLED {
        sink.ledger(LedgerEntry {
            turn: s.turn,
            meter: MeterRef::Pc(side),
            delta: delta as f32,
            after: (st.pc + st.pc_next) as f32,
            cause,
            secret,
            pushed: None,
        });
    }
    delta
}

/// Context for applying a list of effects.
#[derive(Debug, Clone, Copy)]
pub struct Apply {
    pub actor: SideId,
    pub target: Option<SideId>,
    pub cause: Cause,
    pub secret: Option<SideId>,
}

pub fn apply_effects<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    effects: &[CompiledEffect],
    a: Apply,
) {
    // What a `NumAt`'s side codes 0 and 1 resolve to here (see `who_code`).
    let ctx = NumCtx::new(s, a.actor, a.target.unwrap_or(a.actor));
    for e in effects {
        apply_effect_in(db, s, sink, e, a, &ctx);
    }
}

/// A card's effects, played by `a.actor` at `a.target`: by its fast form where it has one
/// and the play is the card's own (`CompiledCard::played_as_own`; see `apply_resolved`).
#[inline(always)]
pub fn apply_card_effects<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    c: &CompiledCard,
    a: Apply,
) {
    let own = c.played_as_own(a.actor, a.target);
    apply_resolved(db, s, sink, &c.effects, c.fast.as_ref().filter(|_| own), a);
}

/// `effects`, given `fast`, their `FastEffects` for the very actor and target of `a` (the
/// caller's word). With no log to write, the fast form does the work: the numbers and flags
/// `apply_effects` would leave, without resolving each effect, then its tail (political capital,
/// lagged effects) through the general path. A fast form notes no sanctions
/// relief (see `note_relief`): a card's or event's effects never give any, and a provision has
/// a fast form only if it gives none (`FastEffects::of_provision`).
#[inline(always)]
pub fn apply_resolved<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    effects: &[CompiledEffect],
    fast: Option<&FastEffects>,
    a: Apply,
) {
    match fast {
        Some(f) if !S::ENABLED => {
            debug_assert!(
                !(f.relieves()
                    && matches!(a.cause, Cause::Signing { .. } | Cause::Provision { .. }))
            );
            apply_fast(s, f);
            if !f.tail.is_empty() {
                apply_effects(db, s, sink, &f.tail, a);
            }
        }
        _ => apply_effects(db, s, sink, effects, a),
    }
}

/// `FastEffects` applied: each number resisted and clamped into its range as
/// `apply_num_unlogged` would, skipped if a side it needs is not seated; then the flags.
fn apply_fast(s: &mut GameState, f: &FastEffects) {
    let seated = s.seated_mask();
    for &(slot, delta, hi, needs) in f.nums.iter() {
        if needs & !seated != 0 {
            continue;
        }
        let band = band_of_slot(s, slot as usize);
        // Every slot was checked against the state's numbers at load time.
        if let Some(v) = s.nums.get_mut(slot as usize) {
            *v = land(*v, delta, hi, band);
        }
    }
    s.flags = (s.flags & f.keep) | f.set;
}

/// The context `apply_effects` resolves every `NumAt` of a list in, packed so that resolving
/// a side code and asking whether that side is seated are a shift and a mask, not jumps.
struct NumCtx {
    /// Byte `code`: the side `who_code` `code` names (actor, target, then the five sides).
    sides: u64,
    /// Bit `side`: seated.
    seated: u32,
}

impl NumCtx {
    fn new(s: &GameState, actor: SideId, target: SideId) -> NumCtx {
        const FIXED: u64 = 0x0004_0302_0100_0000;
        NumCtx {
            sides: FIXED | actor.index() as u64 | (target.index() as u64) << 8,
            seated: s.seated_mask() as u32,
        }
    }

    #[inline(always)]
    fn side(&self, code: u8) -> usize {
        ((self.sides >> ((code as u32 & 7) * 8)) & 0xff) as usize
    }

    #[inline(always)]
    fn seated(&self, side: usize) -> bool {
        (self.seated >> (side & 31)) & 1 != 0
    }
}

/// A numeric effect with no log to write: one indexed update of the state's numbers, whatever
/// the kind of number, with the very result `change` gives (the same sum, clamped to the same
/// range, dropped in the same cases). `tests/engine_checks.rs` plays games both ways and
/// compares; the unit test below applies the cases games never reach both ways.
#[inline(always)]
fn apply_num_unlogged(s: &mut GameState, at: &NumAt, delta: f32, cause: Cause, ctx: &NumCtx) {
    let (a, b) = (ctx.side(at.a), ctx.side(at.b));
    let live =
        (!at.seated_a | ctx.seated(a)) & (!at.seated_b | ctx.seated(b)) & (!at.distinct | (a != b));
    if !live || delta == 0.0 || !delta.is_finite() {
        return;
    }
    let slot = at.base as usize + at.a_mul as usize * a + at.b_mul as usize * b;
    let band = band_of_slot(s, slot);
    let Some(v) = s.nums.get_mut(slot) else {
        return;
    };
    let old = *v;
    let new = land(old, delta, at.hi, band);
    *v = new;
    let applied = new - old;
    if slot == Meter::Sanctions.index() && applied < 0.0 {
        note_relief(s, cause, -applied);
    }
}

/// Where a number of `GameState::nums` lands, pushed by `delta`, as `change` puts it: resisted
/// near the ends if it has a band, clamped into `[0, hi]` if not.
#[inline(always)]
pub fn land(old: f32, delta: f32, hi: f32, band: f32) -> f32 {
    if band > 0.0 {
        resist(old, delta, band)
    } else {
        (old + delta).clamp(0.0, hi)
    }
}

fn apply_effect_in<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    e: &CompiledEffect,
    a: Apply,
    ctx: &NumCtx,
) {
    match e {
        CompiledEffect::Num { at, delta, .. } if !S::ENABLED => {
            apply_num_unlogged(s, at, *delta, a.cause, ctx)
        }
        CompiledEffect::SetFlag(f) => s.flags |= 1u128 << f,
        CompiledEffect::ClearFlag(f) => s.flags &= !(1u128 << f),
        _ => apply_effect_other(db, s, sink, e, a),
    }
}

/// `apply_effect_in` for every effect but the common ones (a number without a log, a flag):
/// out of line, so the loops that apply effects (a card's, an event's, a provision's every
/// turn) carry only those through the instruction cache, not the five inlined trust changes of
/// `TrustOfAll`, a ramp's or a lagged effect's bookkeeping and the rest.
#[inline(never)]
fn apply_effect_other<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    e: &CompiledEffect,
    a: Apply,
) {
    let who = |w: Who| resolve_who(w, a.actor, a.target);
    match e {
        CompiledEffect::Num { on, delta, .. } => {
            let m = match *on {
                NumTarget::Meter(m) => MeterRef::Meter(m),
                NumTarget::Trust { from, to } => MeterRef::Trust(who(from), who(to)),
                NumTarget::Support(side) => MeterRef::Support(who(side)),
                NumTarget::Programme(f) => MeterRef::Programme(f),
            };
            let applied = change(s, sink, m, *delta, a.cause, a.secret);
            if m == MeterRef::Meter(Meter::Sanctions) && applied < 0.0 {
                note_relief(s, a.cause, -applied);
            }
        }
        CompiledEffect::TrustOfAll { to, delta } => {
            let to = who(*to);
            for from in SideId::ALL {
                if from != to {
                    change(
                        s,
                        sink,
                        MeterRef::Trust(from, to),
                        *delta,
                        a.cause,
                        a.secret,
                    );
                }
            }
        }
        CompiledEffect::Pc { side, delta } => {
            change_pc(s, sink, who(*side), *delta, a.cause, a.secret);
        }
        CompiledEffect::Reveal { share } => reveal(s, *share),
        CompiledEffect::FacilityRate { facility, rate } => {
            // A covert expansion is the DPRK's secret until it is found out.
            let public = a.secret.is_none();
            super::turn::programme::add_rate(db, s, *facility, *rate, public)
        }
        CompiledEffect::RevealFacility(f) => super::turn::programme::reveal(s, *f),
        CompiledEffect::Inspectors(c) => inspectors(db, s, sink, *c),
        CompiledEffect::SetFlag(f) => s.flags |= 1u128 << f,
        CompiledEffect::ClearFlag(f) => s.flags &= !(1u128 << f),
        CompiledEffect::Lagged { turns, effects } => s.pending.push(PendingEffects {
            due: s.turn + *turns as u16,
            effects: effects.clone(),
            actor: a.actor,
            target: a.target,
            cause: a.cause,
            secret: a.secret,
        }),
        CompiledEffect::Ramp {
            turns,
            meter,
            delta,
        } => {
            let per_turn = delta / *turns as f32;
            let applied = change(
                s,
                sink,
                MeterRef::Meter(*meter),
                per_turn,
                a.cause,
                a.secret,
            );
            if *meter == Meter::Sanctions && applied < 0.0 {
                note_relief(s, a.cause, -applied);
            }
            if *turns > 1 {
                s.ramps.push(Ramp {
                    meter: *meter,
                    per_turn,
                    remaining: turns - 1,
                    cause: a.cause,
                    secret: a.secret,
                });
            }
        }
        CompiledEffect::If {
            when,
            then,
            otherwise,
        } => {
            let list = if cond_holds(db, s, when, a.actor, a.target) {
                then
            } else {
                otherwise
            };
            apply_effects(db, s, sink, list, a);
        }
    }
}

/// Inspectors invited in (the regime widens to `Invite`'s, never narrows) or sent home (access
/// and the months of presence fall to none). The `inspectors_present` flag follows the regime.
fn inspectors<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S, c: InspectorsChange) {
    let before = s.inspections.regime;
    match c {
        InspectorsChange::Invite(r) => {
            if r > s.inspections.regime {
                s.inspections.regime = r;
            }
        }
        InspectorsChange::Expel => {
            s.inspections = Inspections::default();
        }
    }
    if let Some(f) = db.derived.flag_inspectors_present {
        if s.inspections.regime == Regime::None {
            s.flags &= !(1u128 << f);
        } else {
            s.flags |= 1u128 << f;
        }
    }
    if S::ENABLED && s.inspections.regime != before {
        sink.log(super::ledger::LogEntry::Inspectors {
            regime: s.inspections.regime,
        });
    }
}

/// New knowledge of the programme: the public estimate closes `share` of its gap to the truth
/// and its bands narrow by as much. (The end of the turn then learns from verification as
/// usual, which sets the bands afresh.)
fn reveal(s: &mut GameState, share: f32) {
    let share = share.clamp(0.0, 1.0);
    let keep = 1.0 - share;
    let w = s.prog(ProgrammeField::Warheads);
    let rd = s.prog(ProgrammeField::IcbmReadiness);
    let pr = s.prog(ProgrammeField::ProductionKg);
    let e = &mut s.estimate;
    // The band's own half-width, less what it allows for plants not yet placed (new knowledge
    // of the programme they know does not place a plant; finding one does: `turn::programme::reveal`).
    let half = ((e.warheads_high - e.unplaced - e.warheads_low) / 2.0).max(0.0) * keep;
    e.warheads_mid = (e.warheads_mid + (w - e.warheads_mid) * share).max(0.0);
    e.warheads_low = floor((e.warheads_mid - half).max(0.0));
    e.warheads_high = ceil(e.warheads_mid + half + e.unplaced);
    e.readiness_mid = (e.readiness_mid + (rd - e.readiness_mid) * share).clamp(0.0, 100.0);
    e.readiness_band *= keep;
    e.production_mid = (e.production_mid + (pr - e.production_mid) * share).max(0.0);
}

/// Sanctions relief granted by an agreement's provisions is remembered, so snapback can undo it.
pub(crate) fn note_relief(s: &mut GameState, cause: Cause, amount: f32) {
    let id = match cause {
        Cause::Signing { agreement, .. }
        | Cause::Provision { agreement, .. }
        | Cause::Step { agreement, .. } => agreement,
        _ => return,
    };
    s.add_relief(id, amount);
}

#[cfg(test)]
mod tests {
    use super::{Apply, apply_card_effects, apply_effects, apply_resolved};

    use crate::content::{
        CompiledEffect, ContentDb, FastEffects, Meter, NumTarget, ProgrammeField, SideId, Who,
    };
    use crate::engine::ledger::{Cause, Journal, NoSink};
    use crate::engine::state::GameState;

    /// A numeric effect lands the same with no log (`apply_num_unlogged`, one indexed update)
    /// as with one (`change`), in the cases random games never reach: a side's trust in
    /// itself, an absent side, a number pushed past its range, a zero or non-finite change.
    #[test]
    fn a_numeric_effect_lands_the_same_with_and_without_a_log() {
        let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
        // Every shipped scenario seats all five sides: one is taken away by hand.
        let absent = SideId::Japan;
        let fresh = || {
            let mut s = GameState::new_unstarted(&db, "hanoi-2019", 1).expect("scenario");
            s.set_seated(absent, false);
            s
        };
        let trust = |from, to| NumTarget::Trust { from, to };
        let effects = [
            CompiledEffect::num(trust(Who::Actor, Who::Target), 5.0),
            CompiledEffect::num(trust(Who::Side(absent), Who::Actor), 5.0),
            CompiledEffect::num(trust(Who::Target, Who::Side(absent)), -5.0),
            CompiledEffect::num(NumTarget::Support(Who::Side(absent)), -5.0),
            CompiledEffect::num(NumTarget::Support(Who::Target), 7.5),
            CompiledEffect::num(NumTarget::Support(Who::Actor), -80.0),
            CompiledEffect::num(NumTarget::Programme(ProgrammeField::IcbmReadiness), 500.0),
            CompiledEffect::num(NumTarget::Programme(ProgrammeField::FissileKg), 1e30),
            CompiledEffect::num(NumTarget::Programme(ProgrammeField::Warheads), -1e4),
            CompiledEffect::num(NumTarget::Meter(Meter::Tension), -500.0),
            CompiledEffect::num(NumTarget::Meter(Meter::Sanctions), -30.0),
            CompiledEffect::num(NumTarget::Meter(Meter::Economy), 0.0),
            CompiledEffect::num(NumTarget::Meter(Meter::Economy), f32::NAN),
            CompiledEffect::num(NumTarget::Meter(Meter::Readiness), f32::INFINITY),
            CompiledEffect::num(trust(Who::Side(SideId::Us), Who::Target), 12.0),
            CompiledEffect::num(trust(Who::Target, Who::Actor), -0.25),
        ];
        let mut cases = 0;
        for actor in SideId::ALL {
            for target in std::iter::once(None).chain(SideId::ALL.map(Some)) {
                let a = Apply {
                    actor,
                    target,
                    cause: Cause::Drift,
                    secret: None,
                };
                let (mut quiet, mut logged) = (fresh(), fresh());
                apply_effects(&db, &mut quiet, &mut NoSink, &effects, a);
                apply_effects(&db, &mut logged, &mut Journal::default(), &effects, a);
                // Printed, so that -0.0 and 0.0 count as different.
                assert_eq!(
                    format!("{:?}", quiet.nums),
                    format!("{:?}", logged.nums),
                    "actor {actor:?}, target {target:?}"
                );
                assert_eq!(quiet.trust(actor, actor), fresh().trust(actor, actor));
                cases += 1;
            }
        }
        assert_eq!(cases, 30);
    }

    /// Every card and event with a fast form leaves, played with no log, the very numbers,
    /// flags, political capital and lagged effects its effects leave through the logged path: with every side seated and with each
    /// one away, from numbers at the bottom, the middle and the top of their ranges, with
    /// every flag clear and every flag set.
    #[test]
    fn a_fast_form_lands_as_its_effects_do() {
        let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
        let cards = db
            .compiled_cards
            .iter()
            .filter(|c| c.fast.is_some())
            .count();
        assert!(
            cards * 10 >= db.compiled_cards.len() * 7,
            "{cards} of {}",
            db.compiled_cards.len()
        );
        let events = db
            .compiled_events
            .iter()
            .filter(|e| e.fast.is_some())
            .count();
        assert!(
            events * 2 >= db.compiled_events.len(),
            "{events} of {}",
            db.compiled_events.len()
        );
        // (what, its effects, its fast form, the actor and target it is played with)
        let mut subjects: Vec<(String, &[CompiledEffect], &FastEffects, Apply)> = Vec::new();
        for (i, c) in db.compiled_cards.iter().enumerate() {
            if let Some(f) = &c.fast {
                let cause = Cause::Card {
                    side: c.side,
                    card: i as u16,
                };
                let a = Apply {
                    actor: c.side,
                    target: c.target,
                    cause,
                    secret: None,
                };
                subjects.push((db.cards[i].id.clone(), &c.effects, f, a));
            }
        }
        for (i, e) in db.compiled_events.iter().enumerate() {
            if let Some(f) = &e.fast {
                let a = Apply {
                    actor: e.actor.unwrap_or(SideId::Us),
                    target: None,
                    cause: Cause::Event(i as u16),
                    secret: None,
                };
                subjects.push((db.events[i].id.clone(), &e.effects, f, a));
            }
        }
        // A provision's, signed by any parties: its fast form is the same for all.
        let provisions = db
            .compiled_provisions
            .iter()
            .filter(|p| p.fast_per_turn.is_some())
            .count();
        assert!(
            provisions * 2 >= db.compiled_provisions.len(),
            "{provisions} provisions"
        );
        for (i, p) in db.compiled_provisions.iter().enumerate() {
            let Some(f) = &p.fast_per_turn else { continue };
            let parties = [
                (SideId::Us, Some(SideId::Dprk)),
                (SideId::Dprk, Some(SideId::Us)),
                (SideId::China, None),
            ];
            for (actor, target) in parties {
                let a = Apply {
                    actor,
                    target,
                    cause: Cause::Provision {
                        agreement: 0,
                        provision: i as u16,
                    },
                    secret: None,
                };
                subjects.push((db.provisions[i].id.clone(), &p.per_turn, f, a));
            }
        }
        // A card's rejection and detection effects and a provision's signing effects, applied
        // by parties that vary: from each form `FastByParties` keeps for them.
        let parties = [
            (SideId::Us, Some(SideId::Dprk)),
            (SideId::Dprk, Some(SideId::Us)),
            (SideId::Rok, Some(SideId::Japan)),
            (SideId::China, None),
            (SideId::Japan, Some(SideId::Japan)),
        ];
        let mut varying = 0;
        let lists = db.compiled_cards.iter().enumerate().flat_map(|(i, c)| {
            [
                (&db.cards[i].id, &c.on_reject, &c.fast_on_reject),
                (&db.cards[i].id, &c.on_detect, &c.fast_on_detect),
            ]
        });
        let lists = lists.chain(
            db.compiled_provisions
                .iter()
                .enumerate()
                .map(|(i, p)| (&db.provisions[i].id, &p.on_sign, &p.fast_on_sign)),
        );
        for (id, effects, forms) in lists {
            for (actor, target) in parties {
                let Some(f) = forms.get(actor, target) else {
                    continue;
                };
                let a = Apply {
                    actor,
                    target,
                    cause: Cause::Signing {
                        agreement: 0,
                        provision: 0,
                    },
                    secret: None,
                };
                subjects.push((format!("{id} by {actor:?} at {target:?}"), effects, f, a));
                varying += 1;
            }
        }
        assert!(varying >= 100, "{varying} forms for varying parties");
        let mut cases = 0;
        for (id, effects, fast, a) in &subjects {
            for away in std::iter::once(None).chain(SideId::ALL.map(Some)) {
                for fill in [0.0f32, 0.3, 50.0, 99.9, 100.0] {
                    for flags in [0u128, !0] {
                        let fresh = || {
                            let mut s =
                                GameState::new_unstarted(&db, "hanoi-2019", 1).expect("scenario");
                            if let Some(x) = away {
                                s.set_seated(x, false);
                            }
                            s.nums.fill(fill);
                            s.flags = flags;
                            s
                        };
                        let (mut quiet, mut logged) = (fresh(), fresh());
                        apply_resolved(&db, &mut quiet, &mut NoSink, effects, Some(fast), *a);
                        apply_effects(&db, &mut logged, &mut Journal::default(), effects, *a);
                        let what = format!("{id} with {away:?} away, from {fill}");
                        assert_eq!(
                            format!("{:?}", quiet.nums),
                            format!("{:?}", logged.nums),
                            "{what}"
                        );
                        assert_eq!(quiet.flags, logged.flags, "{what}");
                        // Political capital and lagged effects (a fast form's tail).
                        assert_eq!(quiet.sides, logged.sides, "{what}");
                        assert_eq!(quiet.pending, logged.pending, "{what}");
                        cases += 1;
                    }
                }
            }
        }
        assert_eq!(
            cases,
            (cards + events + provisions * 3 + varying) * 6 * 5 * 2
        );
    }

    /// A provision's fast form stands for its effects whoever signed, and never for relief
    /// (which must be noted against the agreement): asked of every card's and event's effects,
    /// as examples of effect lists of every shape.
    #[test]
    fn a_provision_has_a_fast_form_only_if_the_parties_and_relief_do_not_matter() {
        let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
        let lists = db
            .compiled_cards
            .iter()
            .map(|c| &c.effects)
            .chain(db.compiled_events.iter().map(|e| &e.effects));
        let (mut kept, mut by_parties, mut for_relief) = (0, 0, 0);
        for effects in lists {
            let forms: Vec<Option<FastEffects>> = SideId::ALL
                .into_iter()
                .flat_map(|a| {
                    std::iter::once(None)
                        .chain(SideId::ALL.map(Some))
                        .map(move |t| FastEffects::of(effects, a, t))
                })
                .collect();
            let same = forms.iter().all(|f| *f == forms[0]);
            match FastEffects::of_provision(effects) {
                Some(f) => {
                    assert!(same && !f.relieves() && Some(&f) == forms[0].as_ref());
                    kept += 1;
                }
                None if forms[0].is_none() => {}
                None if !same => by_parties += 1,
                None => {
                    assert!(forms[0].as_ref().is_some_and(FastEffects::relieves));
                    for_relief += 1;
                }
            }
        }
        assert!(
            kept > 0 && by_parties > 0 && for_relief > 0,
            "{kept} {by_parties} {for_relief}"
        );
    }

    /// A card's fast form is used only when it is played by its own side at its own target.
    #[test]
    fn a_card_played_at_another_target_takes_the_general_path() {
        let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
        let (i, c) = db
            .compiled_cards
            .iter()
            .enumerate()
            .find(|(_, c)| {
                c.fast.is_some()
                    && c.target.is_some()
                    && c.effects.iter().any(|e| {
                        matches!(
                            e,
                            CompiledEffect::Num {
                                on: NumTarget::Trust { .. },
                                ..
                            }
                        )
                    })
            })
            .expect("a targeted card that changes trust");
        let own = c.target.expect("targeted");
        let other = SideId::ALL
            .into_iter()
            .find(|x| *x != own && *x != c.side)
            .expect("another side");
        let a = Apply {
            actor: c.side,
            target: Some(other),
            cause: Cause::Card {
                side: c.side,
                card: i as u16,
            },
            secret: None,
        };
        let fresh = || GameState::new_unstarted(&db, "hanoi-2019", 1).expect("scenario");
        let (mut quiet, mut logged) = (fresh(), fresh());
        apply_card_effects(&db, &mut quiet, &mut NoSink, c, a);
        apply_effects(&db, &mut logged, &mut Journal::default(), &c.effects, a);
        assert_eq!(format!("{:?}", quiet.nums), format!("{:?}", logged.nums));
    }

    /// Issue 24 item 6: US threats take tension to the top, then the DPRK's nuclear test the
    /// same turn. The test must still move tension and be itemised (with the push the ceiling
    /// took), and the threshold line must blame the larger push, not the first to arrive.
    #[test]
    fn a_second_escalation_at_the_ceiling_still_counts_and_takes_the_blame() {
        use super::{change, resist};
        use crate::engine::ledger::{LogEntry, MeterRef};
        let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
        let mut s = GameState::new_unstarted(&db, "fire-and-fury-2017", 1).expect("scenario");
        *s.meter_mut(Meter::Tension) = 93.0;
        let mut j = Journal::default();
        let threat = Cause::Card {
            side: SideId::Us,
            card: db.card_ix("us-threaten-force").expect("card"),
        };
        let test = Cause::Card {
            side: SideId::Dprk,
            card: db.card_ix("dprk-nuclear-test").expect("card"),
        };
        let tension = MeterRef::Meter(Meter::Tension);
        let first = change(&mut s, &mut j, tension, 9.0, threat, None);
        let second = change(&mut s, &mut j, tension, 12.0, test, None);
        assert!(first > 0.0 && second > 0.0, "{first} then {second}");
        assert!(s.tension() < 100.0, "tension pinned at {}", s.tension());
        let entry = j
            .ledger
            .iter()
            .find(|e| e.cause == test)
            .expect("the nuclear test is itemised");
        assert_eq!(entry.pushed, Some(12.0), "{entry:?}");
        assert_eq!(s.top_push.1, Some(test), "blame goes to the larger push");
        let line = crate::engine::text::log_sentence(
            &db,
            &LogEntry::Threshold {
                from_rung: 4,
                to_rung: 5,
                by: s.top_push.1,
            },
        );
        assert!(line.contains("DPRK"), "{line}");
        // A push at a meter already at the end is itemised although nothing moved.
        *s.meter_mut(Meter::Tension) = 100.0;
        let n = j.ledger.len();
        assert_eq!(change(&mut s, &mut j, tension, 5.0, test, None), 0.0);
        assert_eq!(j.ledger.len(), n + 1);
        assert_eq!(j.ledger[n].pushed, Some(5.0));
        // The map itself: whole away from the end and short of the band, never past the end,
        // and two pushes land where their sum does.
        assert_eq!(resist(50.0, 20.0, 20.0), 70.0);
        assert_eq!(resist(50.0, -30.0, 20.0), 20.0);
        assert_eq!(resist(95.0, -40.0, 20.0), 55.0);
        assert!(resist(95.0, 1e6, 20.0) <= 100.0);
        let two = resist(resist(70.0, 15.0, 20.0), 15.0, 20.0);
        assert!((two - resist(70.0, 30.0, 20.0)).abs() < 1e-3, "{two}");
        assert!((resist(80.0, 20.0, 20.0) - (100.0 - 20.0 / std::f32::consts::E)).abs() < 1e-4);
    }
}
