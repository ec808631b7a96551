//! A provision's steps and its `covers` links: each step named and every wait one that can be
//! met, and no circle of provisions covering each other. Apart because both check a
//! provision's structure rather than a single field.

use crate::content::compiled::*;
use crate::content::schema::*;

use super::{Ctx, Origin};

/// A provision's steps, compiled and checked: each named, and every wait one that can be met
/// (a step cannot wait for the verification of a step before the first, nor for more
/// verified steps than a package could ever hold).
pub(super) fn check_steps(ctx: &mut Ctx, o: Origin, p: &Provision) -> Vec<CStep> {
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
        out.push(CStep {
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
