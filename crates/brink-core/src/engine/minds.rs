//! Minds that change (design §10, "people change"): a scenario's history written as shifts of
//! a side's persona. At the start of each turn, after its events (a death is an event), each
//! side whose line has not shifted takes the first of its shifts whose condition holds and has
//! not happened yet; a shift for a while ends after its turns. Both are logged with the
//! scenario's reason, so the log and the report say why a side changed its course. Computer
//! players follow the line (`GameState::line`); a human player reads it in the log.

use crate::content::{Condition, ContentDb, SideId};

use super::effects::cond_holds;
use super::ledger::{LogEntry, Sink};
use super::state::GameState;

/// Starts and ends this turn's shifts.
pub fn shift_minds<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
    let cs = &db.compiled_scenarios[s.scenario as usize];
    for side in SideId::ALL {
        let Some(ss) = cs.sides[side.index()].as_ref() else {
            continue;
        };
        if ss.shifts.is_empty() || !s.seated(side) {
            continue;
        }
        let mind = s.minds[side.index()];
        if let (Some(k), Some(until)) = (mind.shift, mind.until)
            && s.turn > until
        {
            s.minds[side.index()].shift = None;
            s.minds[side.index()].until = None;
            if S::ENABLED {
                sink.log(LogEntry::ShiftEnds {
                    side,
                    persona: ss.shifts[k as usize].to,
                });
            }
        }
        if s.minds[side.index()].shift.is_some() {
            continue;
        }
        let fired = s.minds[side.index()].fired;
        let next = ss.shifts.iter().enumerate().find(|(i, sh)| {
            *i < 32 && fired & (1u32 << i) == 0 && cond_holds(db, s, &sh.when, side, None)
        });
        let Some((i, sh)) = next else {
            continue;
        };
        // A shift's turns are the scenario's (months in every shipped deck): a class's
        // two-month turns hold a four-month shift for two of them.
        let per = s.months_per_scenario_turn(db);
        let m = &mut s.minds[side.index()];
        m.shift = Some(i as u8);
        m.until = sh
            .turns
            .map(|n| s.turn.saturating_add(n.div_ceil(per).max(1) - 1));
        m.fired |= 1u32 << i;
        if S::ENABLED {
            let reason = db.scenarios[s.scenario as usize]
                .sides
                .iter()
                .find(|x| x.side == side)
                .and_then(|x| x.shifts.get(i))
                .map(|x| x.reason.clone())
                .unwrap_or_default();
            sink.log(LogEntry::Shift {
                side,
                persona: sh.to,
                turns: sh.turns,
                reason,
            });
        }
    }
}

/// The personas whose line a long crisis changes at its `months`th month at the brink: those with
/// a rule on `CrisesAtLeast(months)` (alone or inside `All`/`Any`), each with the rule's reason, in
/// deck order. A count only grows, so such a rule holds for the rest of the game: a change of
/// mind for good, which the log marks with `LogEntry::WornDown` and the report names per seat.
pub fn worn_down_by(db: &ContentDb, months: u16) -> Vec<(u16, &str)> {
    db.personas
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let r = p.rules.iter().find(|r| names_month(&r.when, months))?;
            Some((i as u16, r.reason.as_str()))
        })
        .collect()
}

/// Whether the `months`th month at the brink changes any persona's line (`worn_down_by`).
pub fn wears_down(db: &ContentDb, months: u16) -> bool {
    db.personas
        .iter()
        .any(|p| p.rules.iter().any(|r| names_month(&r.when, months)))
}

/// Whether `c` holds from the `months`th month at the brink on (it names `CrisesAtLeast(months)`).
fn names_month(c: &Condition, months: u16) -> bool {
    match c {
        Condition::CrisesAtLeast(n) => *n == months,
        Condition::All(v) | Condition::Any(v) => v.iter().any(|c| names_month(c, months)),
        _ => false,
    }
}
