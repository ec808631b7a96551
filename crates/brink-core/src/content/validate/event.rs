//! An event compiled: its weights, conditions, effects and signals. Apart from the build's order
//! of steps because it is about one event.

use crate::content::compiled::*;
use crate::content::schema::*;

use super::{Ctx, Origin};

/// An event compiled: its weights, conditions, effects and signals; a calendar event takes no
/// weight and needs its last month.
pub(super) fn build_event(ctx: &mut Ctx, e: &EventCard, o: Origin) -> CompiledEvent {
    super::check_name(ctx.errors, o, "event", &e.id, &e.name);
    // A dated real happening never also comes at random (issue 21, anachronisms: a generic
    // "South Korea votes" fired in months without an election).
    if e.on_calendar && (e.weight != 0.0 || !e.weight_if.is_empty()) {
        ctx.errors.push(o.err(
            "weight",
            format!(
                "event \"{}\" is on the calendar (`on_calendar: true`): it comes only on the dates a scenario schedules, so its weight must be 0.0 and it takes no weight_if",
                e.id
            ),
        ));
    }
    if e.on_calendar && e.dates.until.is_none() {
        ctx.errors.push(o.err(
            "dates",
            format!(
                "event \"{}\" is on the calendar (`on_calendar: true`): its dates need the last month it falls in (`until`)",
                e.id
            ),
        ));
    }
    let weight_if = e
        .weight_if
        .iter()
        .map(|m| (ctx.cond(o, &m.when), m.factor))
        .collect();
    let effects = ctx.effects(o, &e.effects);
    let signals = ctx.signals(o, &e.signals);
    CompiledEvent {
        actor: e.actor,
        incident: e.incident,
        weight: e.weight,
        weight_if,
        requires: ctx.conds(o, &e.requires),
        fast: FastEffects::of(&effects, e.actor.unwrap_or(SideId::Us), None),
        effects,
        fast_signals: e.actor.map(|a| FastSignals::of(&signals, a, None)),
        signals,
    }
}
