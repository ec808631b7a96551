//! Step 5, the dynamics: provisions kept, lagged effects, drift, decay, erosion, the economy,
//! readiness, the programme, support, the public estimate, and the incident roll.

use super::*;
use crate::content::EstimateRule;
use crate::engine::maths::{ceil, floor};

/// What happens every turn whatever the players do (design §5: doing nothing is not safe).
/// The rates are monthly: a turn of several months (a class length's) runs the month's
/// dynamics once per month; lagged effects and ramps fall due by turn, and the public estimate
/// is updated once, at the end of the turn.
pub(super) fn dynamics<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
    // The steps of phased provisions whose turn has come (steps count turns, not months).
    steps(db, s, sink);
    // One pass per scenario turn the game's turn spans: the decks' rates are per scenario turn
    // (a month in every shipped scenario), so a class's two-month turn runs two.
    for month in 0..s.months_per_scenario_turn(db) {
        dynamics_month(db, s, sink, month);
    }
    update_estimate(db, s);
}

/// One month of `dynamics`, the turn's `month`-th (from 0): the first is when lagged effects and
/// ramps fall due.
fn dynamics_month<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S, month: u16) {
    let first = month == 0;
    // Inspectors at work: access grows by the month.
    inspections(db, s, sink);
    let r = &db.rules;
    // Agreements kept. A provision held by several agreements in force takes effect once.
    let mut applied = 0u128;
    for i in 0..s.agreements().len() {
        let ag = &s.agreements()[i];
        if ag.status != AgreementStatus::InForce {
            continue;
        }
        let (id, actor, target) = (ag.id, ag.parties[0], ag.parties.get(1).copied());
        // By index: a provision's effects change the state the agreement lives in.
        for k in 0..ag.provisions.len() {
            let p = s.agreements()[i].provisions[k];
            if (p as usize) < 128 {
                if applied >> p & 1 != 0 {
                    continue;
                }
                applied |= 1u128 << p;
            } else if s.agreements()[..i]
                .iter()
                .any(|b| b.status == AgreementStatus::InForce && b.provisions.contains(&p))
            {
                continue;
            }
            // A phased provision gives what it gives each turn from its first step on.
            if !begun(db, s, i, k) {
                continue;
            }
            let a = Apply {
                actor,
                target,
                cause: Cause::Provision {
                    agreement: id,
                    provision: p,
                },
                secret: None,
            };
            let prov = &db.compiled_provisions[p as usize];
            apply_resolved(db, s, sink, &prov.per_turn, prov.fast_per_turn.as_ref(), a);
        }
    }
    // Lagged effects that fall due.
    // Taken out one at a time, in order, rather than collected into a new list: what they add
    // is due on a later turn (a lag is at least one turn), so none of it is taken here.
    let turn = if first { s.turn } else { 0 };
    while let Some(i) = s.pending.iter().position(|p| p.due <= turn) {
        let p = s.pending.remove(i);
        let a = Apply {
            actor: p.actor,
            target: p.target,
            cause: p.cause,
            secret: p.secret,
        };
        apply_effects(db, s, sink, &p.effects, a);
    }
    // Ramps.
    let ramps = if first { s.ramps.len() } else { 0 };
    for i in 0..ramps {
        let rp = s.ramps[i];
        let applied = change(
            s,
            sink,
            MeterRef::Meter(rp.meter),
            rp.per_turn,
            rp.cause,
            rp.secret,
        );
        // Relief spread over turns is relief all the same: snapback must be able to undo it.
        if rp.meter == Meter::Sanctions && applied < 0.0 {
            crate::engine::effects::note_relief(s, rp.cause, -applied);
        }
        s.ramps[i].remaining -= 1;
    }
    s.ramps.retain(|x| x.remaining > 0);

    // Tension drifts toward the scenario's baseline.
    let baseline = db.scenarios[s.scenario as usize].baseline_tension;
    let dt = (baseline - s.tension()) * r.tension_drift;
    change(
        s,
        sink,
        MeterRef::Meter(Meter::Tension),
        dt,
        Cause::Drift,
        None,
    );

    // Trust fades where nothing reinforced it this turn.
    let cs = &db.compiled_scenarios[s.scenario as usize];
    if S::ENABLED {
        for &(a, b) in cs.pairs.iter() {
            let quiet = s.turn_signal[a.index()][b.index()] == 0.0
                && s.turn_signal[b.index()][a.index()] == 0.0;
            let t = s.trust(a, b);
            if quiet && t > r.trust_rest {
                let d = (r.trust_rest - t) * r.trust_decay;
                change(s, sink, MeterRef::Trust(a, b), d, Cause::TrustDecay, None);
            }
        }
    } else {
        decay_trust_unlogged(s, &cs.pair_mask, r.trust_rest, r.trust_decay);
    }

    // Sanctions erode unless enforced; they bite on the economy.
    let enf = s.meter(Meter::Enforcement) / 100.0;
    change(
        s,
        sink,
        MeterRef::Meter(Meter::Sanctions),
        -r.sanctions_erosion * (1.0 - enf),
        Cause::Erosion,
        None,
    );
    let bite = (r.economy_sanctions_mid - s.meter(Meter::Sanctions)) * r.economy_sanctions;
    change(
        s,
        sink,
        MeterRef::Meter(Meter::Economy),
        bite,
        Cause::SanctionsBite,
        None,
    );

    // Readiness wears down while the big exercises are off.
    let suspended = db
        .derived
        .flag_exercises_suspended
        .is_some_and(|f| s.flag(f));
    let dr = if suspended {
        -r.readiness_decay
    } else if s.meter(Meter::Readiness) < 90.0 {
        r.readiness_recovery
    } else {
        0.0
    };
    change(
        s,
        sink,
        MeterRef::Meter(Meter::Readiness),
        dr,
        Cause::Exercises,
        None,
    );

    programme_month(db, s, sink, month);

    // Domestic support settles back toward the middle.
    for side in SideId::ALL {
        if s.seated(side) {
            let d = (50.0 - s.support(side)) * r.support_drift;
            change(
                s,
                sink,
                MeterRef::Support(side),
                d,
                Cause::SupportDrift,
                None,
            );
        }
    }
}

/// The programme's month: what each facility nothing stops makes, warheads assembled, and ICBM
/// readiness grown unless the moratorium holds.
#[inline(always)]
fn programme_month<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S, month: u16) {
    if s.seated(SideId::Dprk) {
        let secret = Some(SideId::Dprk);
        super::programme::advance(db, s, sink, month);
        let frozen = db.derived.flag_icbm_moratorium.is_some_and(|f| s.flag(f));
        if !frozen {
            change(
                s,
                sink,
                MeterRef::Programme(ProgrammeField::IcbmReadiness),
                db.rules.readiness_growth,
                Cause::Growth,
                secret,
            );
        }
    }
}

/// The programme carried to the end of the game as if nothing more were done: every month left,
/// this turn's included, the plants that nothing stops make what they make (outages and restarts
/// as the game would have them), warheads are assembled and ICBM readiness grows unless the
/// moratorium holds; freezes, caps and dismantlement in force stay as they are, and nothing else
/// moves. For the search, whose playouts stop at a horizon before the end: an objective judged
/// at the end on the programme ("at least 20 warheads") is then judged on where the programme
/// is heading, not where it stands, so a freeze's cost is seen even when it falls due after the
/// horizon. The state is left fit for scoring only (its turn is past the end).
pub fn project_programme(db: &ContentDb, s: &mut GameState) {
    if s.is_over() {
        return;
    }
    let months = s.months_per_scenario_turn(db);
    for _ in s.turn..=s.turns {
        for month in 0..months {
            programme_month(db, s, &mut crate::engine::NoSink, month);
        }
        s.turn = s.turn.saturating_add(1);
        s.scenario_turn = s.scenario_turn.saturating_add(months);
    }
}

/// Trust decay with no ledger to write: the same numbers as `change` gives each pair, computed
/// for every cell of the matrix and kept or dropped by `pick`, with no jump on whether the
/// pair was quiet (a coin toss per pair per turn in a playout, once a good part of the turn's
/// mispredicted branches) nor per pair at all. `mask` is set on the seated ordered pairs
/// (`CompiledScenario::pair_mask`), so `change`'s seating test is moot; a zero or non-finite step is
/// dropped as `change` drops it.
pub(super) fn decay_trust_unlogged(s: &mut GameState, mask: &[bool; 25], rest: f32, k: f32) {
    const N: usize = 5;
    // Cell i's transpose: the pair is quiet when neither side signalled the other.
    const ACROSS: [u8; N * N] = {
        let mut t = [0u8; N * N];
        let mut i = 0;
        while i < N * N {
            t[i] = ((i % N) * N + i / N) as u8;
            i += 1;
        }
        t
    };
    let signals = s.turn_signal;
    let sig = signals.as_flattened();
    // Decay moves trust down toward `rest`; with `rest` clear of the band and `k` at most 1 it
    // never reaches the band near 0, so `resist` is the plain sum and the loop stays simple.
    let band = s.resist_band[1];
    let plain = band <= 0.0 || (rest >= band && k <= 1.0);
    let trust = &mut s.nums[TRUST_AT..SUPPORT_AT];
    // The cell count through `black_box`: a loop the compiler cannot unroll. Unrolled and
    // vectorised over the 25 cells (with the transposed signals laid out beside them) it was
    // some 1.3 KB of code run once a turn, out of the instruction cache again by the next turn
    // (about 240 simulated misses a game in the release build); a few more instructions cost
    // less.
    let cells = std::hint::black_box(N * N).min(N * N);
    for i in 0..cells {
        let old = trust[i];
        let d = (rest - old) * k;
        let new = if plain {
            (old + d).clamp(0.0, 100.0)
        } else {
            crate::engine::effects::resist(old, d, band)
        };
        let quiet = (sig[i] == 0.0) & (sig[ACROSS[i] as usize] == 0.0);
        trust[i] = pick(
            mask[i] & quiet & (old > rest) & (d != 0.0) & d.is_finite(),
            new,
            old,
        );
    }
}

/// The others' picture of the programme closes on the truth as verification rises.
pub(super) fn update_estimate(db: &ContentDb, s: &mut GameState) {
    let r = &db.rules;
    let ver = s.meter(Meter::Verification) / 100.0;
    let learn = r.estimate_learning * (0.15 + 0.85 * ver);
    let noise_scale = 1.0 - ver;
    let n1: f32 = s.rng.random_range(-1.0..1.0);
    let n2: f32 = s.rng.random_range(-1.0..1.0);
    // The others see the production of the facilities they know of, not of hidden ones.
    let (w, rd, pr) = (
        s.prog(ProgrammeField::Warheads),
        s.prog(ProgrammeField::IcbmReadiness),
        s.sites.known_production,
    );
    let (sf, mi) = (
        s.prog(ProgrammeField::SpentFuelKg),
        s.prog(ProgrammeField::Missiles),
    );
    let EstimateRule {
        spread,
        worth_per_kg,
        assembly,
        ..
    } = s.estimate_rule;
    // What the plants they suspect and have not yet placed would have made this turn (most
    // scenarios suspect none; 2017-18 suspect one).
    let suspected_made = s.estimate_rule.unplaced_worth(s.sites.known);
    // The rates are per scenario turn; a class's long turn spans several.
    let steps = f32::from(s.months_per_scenario_turn(db));
    let e = &mut s.estimate;
    // Carried forward first by what they believe is made (the material they see, in weapons'
    // worth, at most what can be assembled), as published estimates are: "enough for six to
    // twelve more a year". A plant they do not know of is what this misses.
    e.warheads_mid += (e.production_mid * worth_per_kg).min(assembly).max(0.0) * steps;
    e.warheads_mid += (w - e.warheads_mid) * learn + n1 * noise_scale * 0.05 * w.max(4.0);
    e.warheads_mid = e.warheads_mid.max(0.0);
    let half = e.warheads_mid * spread * noise_scale + 1.0;
    e.unplaced += suspected_made.min(assembly) * steps;
    e.warheads_low = floor((e.warheads_mid - half).max(0.0));
    e.warheads_high = ceil(e.warheads_mid + half + e.unplaced);
    e.readiness_mid = (e.readiness_mid + (rd - e.readiness_mid) * learn + n2 * noise_scale * 3.0)
        .clamp(0.0, 100.0);
    e.readiness_band = 3.0 + 20.0 * noise_scale;
    e.production_mid = (e.production_mid + (pr - e.production_mid) * learn).max(0.0);
    e.spent_fuel_mid = (e.spent_fuel_mid + (sf - e.spent_fuel_mid) * learn).max(0.0);
    e.missiles_mid = (e.missiles_mid + (mi - e.missiles_mid) * learn).max(0.0);
}

/// Clashes nobody chose: likelier as tension rises (design §5).
pub(super) fn incidents<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
    let cs = &db.compiled_scenarios[s.scenario as usize];
    let (draws, base) = (&cs.incident_draws, cs.incident_base);
    // No roll at all in a scenario whose table can never draw an incident (the weights are
    // never negative, so their sum is positive exactly when one of them is). Incidents this
    // table can never draw were dropped at load time; their weight was zero, so the sums below
    // are unchanged.
    if base <= 0.0 {
        return;
    }
    let r = &db.rules;
    let x = (s.tension() - r.incident_centre) / r.incident_scale;
    // The month's roll comes first, whether or not an incident is possible now: most months
    // it is judged a miss on its own, before the table is asked anything. (Until rules
    // revision 2 the table was asked first and a month with no incident possible drew no roll;
    // the chances are the same either way.)
    let roll: f32 = s.rng.random();
    // The damping below is at most 1.5 and the curve at most its ceiling (`logistic_ceiling`,
    // no `exp`): a roll above that misses whatever the state, so a playout (which keeps no log
    // of the chance) need not weigh anything. Most months tension is well below the centre
    // and the ceiling far under most rolls. Same roll, same outcome either way.
    if !S::ENABLED && roll >= r.incident_max * 1.5 * logistic_ceiling(x) {
        return;
    }
    // Asked event by event, stopping at the first possible incident (usually the first).
    let v = View::of(db, s);
    if !draws.iter().any(|d| draw_weight(&v, d) > 0.0) {
        return;
    }
    // Capped: even at Conflict most months pass without a clash nobody chose.
    let logit = r.incident_max * logistic(x);
    if !S::ENABLED && roll >= logit * 1.5 {
        return;
    }
    let table = db.compiled_scenarios[s.scenario as usize]
        .incident_table
        .as_ref();
    let mut w = Weights::new();
    let weights = w.fill(&View::of(db, s), draws, table);
    let total: f32 = weights.iter().sum();
    // Content can damp incidents (buffer zones): the chance scales with the weights' damping.
    let chance = logit * (total / base).min(1.5);
    let hit = roll < chance;
    if S::ENABLED {
        sink.log(LogEntry::Roll {
            kind: RollKind::Incident,
            chance,
            roll,
            hit,
        });
    }
    if !hit {
        return;
    }
    let pick: f32 = s.rng.random_range(0.0..total);
    let mut acc = 0.0;
    for (i, w) in weights.iter().enumerate() {
        acc += w;
        if pick < acc || i == weights.len() - 1 {
            let e = draws[i].event;
            if S::ENABLED {
                sink.log(LogEntry::Incident { event: e });
            }
            fire_event(db, s, sink, e, Cause::Incident(e));
            break;
        }
    }
}
