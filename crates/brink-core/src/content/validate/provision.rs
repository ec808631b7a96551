//! A provision compiled: its effects and programme terms, its steps (each named, every wait one
//! that can be met) and its `covers` links (no circle of provisions covering each other).

use crate::content::compiled::*;
use crate::content::schema::*;

use super::{Ctx, Origin, join_and};

/// A provision compiled: its effects, steps and programme terms, and what it covers.
/// `talks_rounds`: the rules' rounds of talks, for a provision that limits the programme and
/// names none of its own.
pub(super) fn build_provision(
    ctx: &mut Ctx,
    p: &Provision,
    o: Origin,
    talks_rounds: u8,
) -> CompiledProvision {
    super::check_name(ctx.errors, o, "provision", &p.id, &p.name);
    if p.obligations.is_empty() {
        ctx.errors.push(o.err(
            "obligations:",
            format!("provision \"{}\" obliges nobody", p.id),
        ));
    }
    let mut value = [0.0f32; 5];
    for (side, v) in &p.value {
        value[side.index()] = *v;
    }
    let per_turn = ctx.effects(o, &p.per_turn);
    let on_break = ctx.effects(o, &p.on_break);
    let on_sign = ctx.effects(o, &p.on_sign);
    let steps = check_steps(ctx, o, p);
    let mut covers = Vec::new();
    for id in &p.covers {
        let q = ctx.provision(o, id);
        if *id == p.id {
            ctx.errors
                .push(o.err_ref(id, format!("provision \"{}\" covers itself", p.id)));
        } else if !covers.contains(&q) {
            covers.push(q);
        }
    }
    let [freezes, dismantles, caps, ships_out] = ctx.provision_programme(o, p);
    CompiledProvision {
        freezes,
        dismantles,
        caps,
        ships_out,
        obligations: p.obligations.clone().into(),
        obliges: p
            .obligations
            .iter()
            .fold(0u8, |m, side| m | 1 << side.index()),
        verification_needed: p.verification_needed,
        fast_on_sign: FastByParties::of(&on_sign),
        on_sign,
        fast_per_turn: FastEffects::of_provision(&per_turn),
        per_turn,
        on_break,
        snapback: p.snapback,
        // Completed below (`CompiledProvision::settle_limits`), once what it does to the
        // programme and what the goals say of it are known.
        limits: p.limits,
        rounds: p.rounds.unwrap_or(if p.limits { talks_rounds } else { 0 }),
        steps: steps.into(),
        covers: covers.into(),
        covered_by: Box::new([]),
        value,
    }
}

/// Each provision's `covered_by` (the provisions that cover it), and an error for any circle of
/// `covers`.
pub(super) fn link_covers(
    ctx: &mut Ctx,
    provisions: &[(Provision, Origin)],
    compiled_provisions: &mut [CompiledProvision],
) {
    for i in 0..compiled_provisions.len() {
        let by: Vec<ProvIx> = (0..compiled_provisions.len())
            .filter(|&p| compiled_provisions[p].covers.contains(&(i as ProvIx)))
            .map(|p| p as ProvIx)
            .collect();
        compiled_provisions[i].covered_by = by.into();
    }
    // `covers` must not go round in a circle, of two provisions or of more: each in a circle
    // would include all the others (they would be one provision), and the opponents' package
    // building follows these links.
    let links: Vec<Vec<usize>> = compiled_provisions
        .iter()
        .map(|c| c.covers.iter().map(|q| *q as usize).collect())
        .collect();
    let mut reported = vec![false; links.len()];
    for (i, (_, o)) in provisions.iter().enumerate() {
        if reported[i] {
            continue;
        }
        if let Some(circle) = covers_circle(&links, i) {
            for &k in &circle {
                reported[k] = true;
            }
            let names: Vec<String> = circle
                .iter()
                .map(|k| format!("\"{}\"", provisions[*k].0.id))
                .collect();
            let next = &provisions[circle.get(1).copied().unwrap_or(i)].0.id;
            ctx.errors.push(o.err_ref(
                next,
                format!(
                    "provisions {} cover one another in a circle (through `covers`); one of them \
                 must be the narrowest and cover none of the others",
                    join_and(&names)
                ),
            ));
        }
    }
}

/// A provision's steps, compiled and checked: each named, and every wait one that can be met
/// (a step cannot wait for the verification of a step before the first, nor for more
/// verified steps than a package could ever hold).
pub(super) fn check_steps(ctx: &mut Ctx, o: Origin, p: &Provision) -> Vec<CompiledStep> {
    let mut out = Vec::with_capacity(p.steps.len());
    for (k, step) in p.steps.iter().enumerate() {
        if step.name.trim().is_empty() {
            ctx.errors.push(o.err(
                "steps:",
                format!("step {} of provision \"{}\" needs a name", k + 1, p.id),
            ));
        }
        match step.waits_for {
            WaitsFor::PreviousVerified if k == 0 => ctx.errors.push(o.err(
                "PreviousVerified",
                format!(
                    "the first step of provision \"{}\" waits for the step before it, and there is none",
                    p.id
                ),
            )),
            WaitsFor::VerifiedSteps(0) => ctx.errors.push(o.err(
                "VerifiedSteps",
                format!(
                    "step \"{}\" of provision \"{}\" waits for 0 verified steps: leave `waits_for` out instead",
                    step.name, p.id
                ),
            )),
            WaitsFor::VerifiedSteps(n) if n > 12 => ctx.errors.push(o.err(
                "VerifiedSteps",
                format!(
                    "step \"{}\" of provision \"{}\" waits for {n} verified steps; no package holds that many (12 at most)",
                    step.name, p.id
                ),
            )),
            _ => {}
        }
        if let VerifiedBy::Inspection { access, .. } = step.verified_by
            && !(0.0..=100.0).contains(&access)
        {
            ctx.errors.push(o.err(
                "access:",
                format!(
                    "step \"{}\" of provision \"{}\" needs access {access}, but access runs from 0 to 100",
                    step.name, p.id
                ),
            ));
        }
        out.push(CompiledStep {
            after: step.after,
            waits_for: step.waits_for,
            verified_by: step.verified_by,
            effects: ctx.effects(o, &step.effects),
        });
    }
    if out.len() > MAX_STEPS {
        ctx.errors.push(o.err(
            "steps:",
            format!(
                "provision \"{}\" has {} steps; {MAX_STEPS} at most",
                p.id,
                out.len()
            ),
        ));
    }
    out
}

/// The most steps a provision may have (a step count is kept in a byte).
pub const MAX_STEPS: usize = 12;

/// The provisions of a `covers` circle through `start` (start first), if there is one.
pub(super) fn covers_circle(links: &[Vec<usize>], start: usize) -> Option<Vec<usize>> {
    // Depth-first, remembering the path; each provision is entered once.
    let mut seen = vec![false; links.len()];
    let mut path = vec![start];
    let mut next = vec![0usize];
    seen[start] = true;
    while let Some(&at) = path.last() {
        let k = next.last().copied().unwrap_or(0);
        match links[at].get(k) {
            None => {
                path.pop();
                next.pop();
            }
            Some(&q) => {
                if let Some(n) = next.last_mut() {
                    *n += 1;
                }
                if q == start {
                    return Some(path);
                }
                if q < links.len() && !seen[q] {
                    seen[q] = true;
                    path.push(q);
                    next.push(0);
                }
            }
        }
    }
    None
}
