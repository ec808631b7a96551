//! Step 1, the start of a turn: calendar, income, scheduled events and the event draw.

use super::*;

pub(super) fn begin_turn<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S, turn: u16) {
    let r = &db.rules;
    s.turn = turn;
    s.month = s.compute_month(db);
    let (first, last) = s.scenario_turns(db);
    s.scenario_turn = first;
    s.phase = Phase::Planning;
    for (plan, spare) in s.plans.iter_mut().zip(s.spare_plans.iter_mut()) {
        if let Some(mut v) = plan.take() {
            v.clear();
            *spare = v;
        }
    }
    s.clear_offers();
    s.crisis = [None; 5];
    s.crisis_sides = [false; 5];
    s.turn_signal = [[0.0; 5]; 5];
    if let Some(f) = db.derived.flag_exercises_consulted {
        s.flags &= !(1u128 << f);
    }
    if S::ENABLED {
        sink.log(LogEntry::TurnStart {
            turn,
            date: s.date_of(db, turn),
        });
    }
    let cs = &db.compiled_scenarios[s.scenario as usize];
    // Cards whose dates have run out leave play for good (a cooldown that never ends).
    // (In the scenario's own turns: a class length's longer turns keep the calendar.)
    for &(until, card) in cs.card_expiries.iter() {
        if first > until {
            s.ready_turn[card as usize] = u16::MAX;
        }
    }
    // Income: support above 50 buys room to manoeuvre, below 50 shrinks it.
    for side in SideId::ALL {
        let Some(ss) = &cs.sides[side.index()] else {
            continue;
        };
        if turn > 1 {
            let st = s.sides[side.index()];
            let factor = r.support_pc_floor + (1.0 - r.support_pc_floor) * s.support(side) / 50.0;
            let income = round_i32(ss.pc_per_turn as f32 * factor);
            let new_pc = (st.pc + income + st.pc_next).clamp(0, ss.pc_cap as i32);
            let delta = new_pc - st.pc;
            s.sides[side.index()].pc = new_pc;
            s.sides[side.index()].pc_next = 0;
            if S::ENABLED && delta != 0 {
                sink.ledger(crate::engine::ledger::LedgerEntry {
                    turn,
                    meter: MeterRef::Pc(side),
                    delta: delta as f32,
                    after: new_pc as f32,
                    cause: Cause::Budget,
                    secret: None,
                    pushed: None,
                });
            }
        }
    }
    // Scheduled events (any falling in the months this turn spans), then the draw.
    for i in 0..cs.scheduled.len() {
        let (t, e) = cs.scheduled[i];
        if (first..=last).contains(&t) {
            if S::ENABLED {
                sink.log(LogEntry::Event {
                    event: e,
                    scheduled: true,
                });
            }
            fire_event(db, s, sink, e, Cause::Event(e));
        }
    }
    draw_event(db, s, sink);
    // After the events: a death or a humiliation this turn can change a side's mind now.
    crate::engine::minds::shift_minds(db, s, sink);
}

pub(super) fn draw_event<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
    let Some(i) = choose_event(db, s) else {
        return;
    };
    let e = db.compiled_scenarios[s.scenario as usize].draws[i].event;
    if S::ENABLED {
        sink.log(LogEntry::Event {
            event: e,
            scheduled: false,
        });
    }
    fire_event(db, s, sink, e, Cause::Event(e));
}

/// The first of `weights` whose running sum passes `pick` (at least zero), or their count if
/// none does. The weights are never negative, so the running sums never fall: this is the count
/// of sums `pick` reaches, taken with no jump on each (which event a turn draws is a coin
/// toss). A weight of zero is never the one: its sum is the one before it, or zero, which
/// `pick` always reaches.
pub(super) fn first_past(weights: &[f32], pick: f32) -> usize {
    let mut acc = 0.0;
    let mut reached = 0;
    for &w in weights {
        acc += w;
        reached += (acc <= pick) as usize;
    }
    reached
}
