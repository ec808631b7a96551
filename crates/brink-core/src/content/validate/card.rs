//! A card compiled: its conditions, effects, signals and package, and what only a combination of
//! its fields makes wrong. Apart from the build's order of steps because it is about one card.

use crate::content::check::{Check, FlatCheck};
use crate::content::compiled::*;
use crate::content::schema::*;

use super::{Ctx, Origin};

/// A card compiled: its checks, effects, signals and package, with what only a combination of
/// its fields makes wrong (an offer without a target, a covert move nobody can detect).
pub(super) fn build_card(ctx: &mut Ctx, c: &Card, o: Origin) -> CompiledCard {
    super::check_name(ctx.errors, o, "card", &c.id, &c.name);
    if c.kind == MoveKind::Offer && c.target.is_none() {
        ctx.errors
            .push(o.err("kind:", format!("offer \"{}\" needs a target side", c.id)));
    }
    if c.target == Some(c.side) {
        ctx.errors.push(o.err(
            "target:",
            format!("card \"{}\" is aimed at its own side", c.id),
        ));
    }
    if c.kind == MoveKind::Covert && c.detection <= 0.0 {
        ctx.errors.push(o.err(
            "kind:",
            format!("covert card \"{}\" needs a detection chance above 0", c.id),
        ));
    }
    if c.signals.is_empty() {
        ctx.errors.push(o.err(
            "signals:",
            format!("card \"{}\" has no signal (every move sends one)", c.id),
        ));
    }
    let package = match &c.package {
        Package::None => CompiledPackage::None,
        Package::Chosen => {
            if c.kind != MoveKind::Offer {
                ctx.errors.push(o.err(
                    "package:",
                    format!("only offers can carry a package (\"{}\")", c.id),
                ));
            }
            CompiledPackage::Chosen
        }
        Package::Fixed(ids) => {
            if c.kind != MoveKind::Offer {
                ctx.errors.push(o.err(
                    "package:",
                    format!("only offers can carry a package (\"{}\")", c.id),
                ));
            }
            CompiledPackage::Fixed(ids.iter().map(|id| ctx.provision(o, id)).collect())
        }
    };
    let violates = c.violates.iter().map(|id| ctx.provision(o, id)).collect();
    let requires = ctx.conds(o, &c.requires);
    let check = Check::all_of(&requires, c.side, c.target);
    let effects = ctx.effects(o, &c.effects);
    let signals = ctx.signals(o, &c.signals);
    let on_reject = ctx.effects(o, &c.on_reject);
    let on_detect = ctx.effects(o, &c.on_detect);
    CompiledCard {
        side: c.side,
        kind: c.kind,
        cost: c.cost,
        target: c.target,
        flat: FlatCheck::of(&check),
        check,
        requires,
        fast: FastEffects::of(&effects, c.side, c.target),
        effects,
        fast_on_reject: FastByParties::of(&on_reject),
        on_reject,
        package,
        fast_signals: FastSignals::of(&signals, c.side, c.target),
        signals,
        detection: c.detection,
        fast_on_detect: FastByParties::of(&on_detect),
        on_detect,
        violates,
        cooldown: c.cooldown,
    }
}
