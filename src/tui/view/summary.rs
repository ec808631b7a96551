//! The facilitator's one-screen summary of a turn, for the projector: only what the table may
//! see. Apart because it is a screen's whole content, built from the other tellings here.

use crate::content::{ContentDb, Meter};
use crate::engine::LogEntry;

use crate::engine::observe::Viewer;

use super::offer_endings;
use super::since::capitalise;

/// The facilitator's one-screen summary of a turn, for the projector: what the table may see
/// (covert moves stay hidden). Sections of (heading, lines): the numbers, the moves, every
/// offer with how it ended (so why a deal failed), what was signed and broken.
pub fn class_summary(
    db: &ContentDb,
    game: &crate::engine::Game,
    turn: u16,
) -> Vec<(String, Vec<String>)> {
    let log = &game.journal.log;
    let start = log
        .iter()
        .position(|e| matches!(e, LogEntry::TurnStart { turn: t, .. } if *t == turn));
    let Some(start) = start else {
        return Vec::new();
    };
    let end = log[start + 1..]
        .iter()
        .position(|e| matches!(e, LogEntry::TurnStart { .. }))
        .map(|i| i + start + 1)
        .unwrap_or(log.len());
    let slice = &log[start..end];
    let public = Viewer::Public;
    let mut out = Vec::new();
    let snaps = &game.journal.snapshots;
    let before = snaps.iter().rev().find(|s| s.turn < turn).map(|s| s.meters);
    let after = snaps
        .iter()
        .rev()
        .find(|s| s.turn == turn)
        .map(|s| s.meters)
        .unwrap_or(game.state.meters());
    let mut numbers = Vec::new();
    if let Some(b) = before {
        for m in [Meter::Tension, Meter::Sanctions, Meter::Verification] {
            let (x, y) = (b[m.index()], after[m.index()]);
            let (x, y) = if m == Meter::Tension {
                (db.tension_shown(x), db.tension_shown(y))
            } else {
                (x, y)
            };
            numbers.push(format!("{} {x:.0} → {y:.0}", capitalise(m.label())));
        }
        numbers.push(format!(
            "Rung: {}",
            db.rung_name(after[Meter::Tension.index()])
        ));
    }
    out.push((String::from("Where things stand"), numbers));
    // What the world did: the events that opened the turn, the incidents, the injects.
    let events: Vec<String> = slice
        .iter()
        .filter(|e| {
            matches!(
                e,
                LogEntry::Event { .. } | LogEntry::Incident { .. } | LogEntry::Injected { .. }
            )
        })
        .filter_map(|e| public.log_line(db, e))
        .collect();
    if !events.is_empty() {
        out.push(("Events".into(), events));
    }
    let moves: Vec<String> = slice
        .iter()
        .filter(|e| matches!(e, LogEntry::Move { .. }))
        .filter_map(|e| public.log_line(db, e))
        .collect();
    // The turn at the table now has no moves until every side has planned.
    let under_way = turn == game.state.turn
        && matches!(
            game.state.phase,
            crate::engine::Phase::Planning | crate::engine::Phase::Responses { .. }
        );
    let none = if under_way {
        "Not resolved yet: the sides are still planning or answering."
    } else {
        "No side moved openly."
    };
    out.push(("Moves".into(), lines_or(moves, none)));
    let visible_offer = |id: u16| {
        slice.iter().any(|e| {
            matches!(e, LogEntry::Offer { id: x, .. } if *x == id)
                && public.log_line(db, e).is_some()
        })
    };
    let offers: Vec<String> = offer_endings(db, slice)
        .into_iter()
        .filter(|o| visible_offer(o.id))
        .map(|o| format!("{} — {}", o.what, o.ending))
        .collect();
    out.push(("Offers and answers".into(), lines_or(offers, "No offers.")));
    let deals: Vec<String> = slice
        .iter()
        .filter(|e| {
            matches!(
                e,
                LogEntry::Signed { .. }
                    | LogEntry::Violated { .. }
                    | LogEntry::PledgeLapsed { .. }
                    | LogEntry::Threshold { .. }
            ) || matches!(e, LogEntry::CrisisChoice { .. } | LogEntry::War)
        })
        .filter_map(|e| public.log_line(db, e))
        .collect();
    out.push((
        "Signed, broken, thresholds".into(),
        lines_or(deals, "Nothing signed or broken."),
    ));
    out
}

/// A section's lines, or the one line that says it has none.
fn lines_or(lines: Vec<String>, none: &str) -> Vec<String> {
    if lines.is_empty() {
        vec![none.into()]
    } else {
        lines
    }
}
