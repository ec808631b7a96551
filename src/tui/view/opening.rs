//! The turn's opening events, and the tension the sides planned under: drawn and applied before
//! the sides plan, so the planning screens already showed their effects.

use crate::content::{EventIx, Meter};
use crate::engine::ledger::RollKind;
use crate::engine::{Cause, LedgerEntry, LogEntry, MeterRef};

/// The events of a turn's opening: drawn and applied before the sides plan, so the planning
/// screens already showed their effects.
pub fn opening_events(log: &[LogEntry]) -> Vec<EventIx> {
    let mut out = Vec::new();
    for e in log {
        match e {
            LogEntry::TurnStart { .. } | LogEntry::Facilitator { .. } => {}
            LogEntry::Roll {
                kind: RollKind::Event,
                ..
            } => {}
            LogEntry::Event { event, .. } => out.push(*event),
            _ => break,
        }
    }
    out
}

/// Tension when the sides planned: `before` plus what the opening's events did to it.
pub fn tension_at_planning(log: &[LogEntry], ledger: &[LedgerEntry], before: f32) -> f32 {
    let opening = opening_events(log);
    before
        + ledger
            .iter()
            .filter(|e| {
                e.meter == MeterRef::Meter(Meter::Tension)
                    && matches!(e.cause, Cause::Event(ev) if opening.contains(&ev))
            })
            .map(|e| e.delta)
            .sum::<f32>()
}
