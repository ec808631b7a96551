//! Step 5, first: the inspection regime at work, then the steps of phased provisions
//! (design §10, "Phases" and "Inspections").
//!
//! A provision with steps does not take its whole effect on signing: each step comes on its
//! turn at the earliest, after the one before, and only once what it waits for holds (relief
//! waits for verified steps: action for action). A step taken is verified by how it is seen:
//! at once (a vote, a delivery), or by inspectors with enough access present long enough.
//! Sending the inspectors home takes their access and their months with them, so every step
//! that waits for them stalls.

use crate::content::{CompiledStep, Regime, VerifiedBy, WaitsFor};
use crate::engine::state::StepProgress;

use super::*;

/// Inspectors present: one more month without a break, access a few points nearer the
/// regime's ceiling, and verification (the share of the programme seen) rising toward access.
pub(super) fn inspections<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
    let r = &db.rules;
    let now = s.inspections;
    let (monitors, safeguards, special) = r.access_ceiling;
    let ceiling = match now.regime {
        Regime::None => return,
        Regime::Monitors => monitors,
        Regime::Safeguards => safeguards,
        Regime::Special => special,
    };
    s.inspections.months = now.months.saturating_add(1);
    if now.access < ceiling {
        s.inspections.access = (now.access + r.access_growth).min(ceiling);
    }
    let gap = s.inspections.access - s.meter(Meter::Verification);
    if gap > 0.0 {
        change(
            s,
            sink,
            MeterRef::Meter(Meter::Verification),
            gap.min(r.verification_growth),
            Cause::Inspections,
            None,
        );
    }
}

/// The first agreement in force holding provision `p`: the one whose steps count (a provision
/// held by two agreements takes effect once, by the first).
// `iter().any` in place of `contains`, which is compiled out of line (a call per test).
#[allow(clippy::manual_contains)]
fn holder(s: &GameState, p: ProvIx) -> Option<usize> {
    s.agreements()
        .iter()
        .position(|a| a.status == AgreementStatus::InForce && a.provisions.iter().any(|&q| q == p))
}

/// Where provision `p` stands in its steps, as its holder keeps them.
pub fn progress(s: &GameState, p: ProvIx) -> Option<StepProgress> {
    let i = holder(s, p)?;
    let a = &s.agreements()[i];
    let k = a.provisions.iter().position(|q| *q == p)?;
    Some(a.progress_of(k))
}

/// Steps of agreement `i`'s limiting provisions verified so far (a provision without steps
/// counts one, once verified): what relief waits for.
pub fn verified_steps(db: &ContentDb, s: &GameState, i: usize) -> u8 {
    let Some(a) = s.agreements().get(i) else {
        return 0;
    };
    let mut n = 0u8;
    for &p in &a.provisions {
        if db.compiled_provisions[p as usize].limits {
            n = n.saturating_add(progress(s, p).map_or(0, |x| x.verified));
        }
    }
    n
}

/// Whether step `step`, taken on `since`, is verified now.
fn is_verified(s: &GameState, step: &CompiledStep, since: u16) -> bool {
    match step.verified_by {
        VerifiedBy::Taken => true,
        VerifiedBy::Inspection { access, months } => {
            let present = s.inspections.months.min(s.turn.saturating_sub(since));
            s.inspections.regime != Regime::None
                && s.inspections.access >= access
                && present >= months as u16
        }
    }
}

/// Every agreement in force, in the order signed: first what its inspectors have verified,
/// then the steps whose turn has come and whose wait is over.
pub(super) fn steps<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
    for i in 0..s.agreements().len() {
        if s.agreements()[i].status != AgreementStatus::InForce {
            continue;
        }
        let n = s.agreements()[i].provisions.len();
        for k in 0..n {
            verify(db, s, sink, i, k);
        }
        for k in 0..n {
            // A provision may take several steps in one turn when the later ones wait for
            // nothing (`after: 0`); bounded by its number of steps.
            while take(db, s, sink, i, k) {
                verify(db, s, sink, i, k);
            }
        }
    }
}

/// Whether agreement `i` is where provision `k`'s steps are kept (not a later agreement that
/// signed it again).
fn holds_steps(s: &GameState, i: usize, k: usize) -> bool {
    let p = s.agreements()[i].provisions[k];
    holder(s, p) == Some(i)
}

/// Marks as verified what has been, in order.
fn verify<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S, i: usize, k: usize) {
    // Most provisions have no steps and limit nothing: nothing to verify, no scan for the
    // agreement that holds them.
    let first = &db.compiled_provisions[s.agreements()[i].provisions[k] as usize];
    if first.steps.is_empty() && !first.limits {
        return;
    }
    if !holds_steps(s, i, k) {
        return;
    }
    let a = &s.agreements()[i];
    let (id, p) = (a.id, a.provisions[k]);
    let prov = &db.compiled_provisions[p as usize];
    let mut at = a.progress_of(k);
    let before = at.verified;
    if prov.steps.is_empty() {
        // A limiting provision without steps: verified once verification reaches its need.
        if prov.limits
            && at.verified == 0
            && s.meter(Meter::Verification) >= prov.verification_needed
        {
            at.verified = 1;
        }
    } else {
        while at.verified < at.taken {
            let step = &prov.steps[at.verified as usize];
            if !is_verified(s, step, at.since) {
                break;
            }
            at.verified += 1;
        }
    }
    if at.verified == before {
        return;
    }
    s.set_progress(i, k, at);
    if S::ENABLED {
        for step in before..at.verified {
            sink.log(LogEntry::StepVerified {
                agreement: id,
                provision: p,
                step,
            });
        }
    }
}

/// Takes provision `k`'s next step if its turn has come and its wait is over. Returns whether
/// it took one.
fn take<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S, i: usize, k: usize) -> bool {
    let a = &s.agreements()[i];
    let steps = db.compiled_provisions[a.provisions[k] as usize].steps.len();
    if a.progress_of(k).taken as usize >= steps || !holds_steps(s, i, k) {
        return false;
    }
    let a = &s.agreements()[i];
    let (id, p) = (a.id, a.provisions[k]);
    let (actor, target) = (a.parties[0], a.parties.get(1).copied());
    let prov = &db.compiled_provisions[p as usize];
    let at = a.progress_of(k);
    let Some(step) = prov.steps.get(at.taken as usize) else {
        return false;
    };
    if s.turn < at.since.saturating_add(step.after as u16) {
        return false;
    }
    let ready = match step.waits_for {
        WaitsFor::Nothing => true,
        WaitsFor::VerifiedSteps(n) => verified_steps(db, s, i) >= n,
        WaitsFor::PreviousVerified => at.verified >= at.taken,
    };
    if !ready {
        return false;
    }
    let step_ix = at.taken;
    s.set_progress(
        i,
        k,
        StepProgress {
            taken: at.taken + 1,
            verified: at.verified,
            since: s.turn,
        },
    );
    if S::ENABLED {
        sink.log(LogEntry::StepTaken {
            agreement: id,
            provision: p,
            step: step_ix,
        });
    }
    let cause = Cause::Step {
        agreement: id,
        provision: p,
        step: step_ix,
    };
    let apply = Apply {
        actor,
        target,
        cause,
        secret: None,
    };
    apply_effects(db, s, sink, &prov.steps[step_ix as usize].effects, apply);
    true
}

/// Whether provision `k` of agreement `i` has begun (its per-turn effects run from its first
/// step; a provision without steps from signing).
pub(super) fn begun(db: &ContentDb, s: &GameState, i: usize, k: usize) -> bool {
    let a = &s.agreements()[i];
    db.compiled_provisions[a.provisions[k] as usize]
        .steps
        .is_empty()
        || a.progress_of(k).taken > 0
}
