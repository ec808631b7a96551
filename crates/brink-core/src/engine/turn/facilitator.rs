//! The facilitator's hand on the game: injected events and overridden meters.

use super::*;

/// The facilitator's hand: fire an event now, outside the draw.
pub fn inject_event<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S, e: EventIx) {
    if S::ENABLED {
        sink.log(LogEntry::Injected { event: e });
    }
    fire_event(db, s, sink, e, Cause::Facilitator);
}

/// The facilitator's hand: set a number, with the change itemised as the facilitator's.
pub fn override_meter<S: Sink>(s: &mut GameState, sink: &mut S, m: MeterRef, value: f32) {
    // A record can carry any number: NaN or infinity sets nothing, and a political capital out
    // of its range is held to it (the other numbers are clamped by `change`).
    if !value.is_finite() {
        return;
    }
    let current = match m {
        MeterRef::Meter(x) => s.meter(x),
        MeterRef::Trust(a, b) => s.trust(a, b),
        MeterRef::Support(x) => s.support(x),
        MeterRef::Pc(x) => s.sides[x.index()].pc as f32,
        MeterRef::Programme(f) => s.prog(f),
    };
    if let MeterRef::Pc(x) = m {
        let d = value.clamp(-20.0, 20.0).round() as i32 - s.sides[x.index()].pc;
        s.sides[x.index()].pc += d;
        if S::ENABLED && d != 0 {
            sink.ledger(crate::engine::ledger::LedgerEntry {
                turn: s.turn,
                meter: m,
                delta: d as f32,
                after: s.sides[x.index()].pc as f32,
                cause: Cause::Facilitator,
                secret: None,
                pushed: None,
            });
        }
        let _ = change_pc::<S>;
        return;
    }
    change(s, sink, m, value - current, Cause::Facilitator, None);
}
