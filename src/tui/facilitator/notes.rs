//! The session's own notes, in fixed words (opened, paused, resumed, revealed, undone, ended,
//! time up), and facilitator mode read back from a record's inputs: what a resumed or replayed
//! game knows of its facilitator. Apart from the console because it is the record's side of
//! the white cell, not the keys'.

use std::ops::Range;
use std::time::Duration;

use crate::content::ContentDb;
use crate::engine::text::meter_name;
use crate::engine::{Game, Input, LedgerEntry, MeterRef, Recorded};

use super::FacilitatorMode;

// The fixed words of the session's own notes (a resumed record is read back from them).
pub(super) const OPENED: &str = "opened the session as facilitator";
/// After an undo took the opening back: the same settings, said again.
pub(super) const GOES_ON: &str = "the session goes on";
pub(super) const PAUSED: &str = "paused the session";
pub(super) const RESUMED: &str = "resumed the session";
pub(super) const REVEALED: &str = "revealed the hidden information to everyone";
pub(super) const HIDDEN: &str = "hid the hidden information again";
pub(super) const ENDED: &str = "ended the session";
pub(super) const UNDID: &str = "undid turn";
pub(super) const TIME_UP: &str = "time ran out for";

/// The note a facilitated game opens with.
pub fn opening_note(f: &FacilitatorMode) -> String {
    format!("{OPENED}; {}", timer_words(f))
}

pub(super) fn timer_words(f: &FacilitatorMode) -> String {
    match f.timer {
        Some(t) => format!("planning timer {} min a side", t.as_secs().div_ceil(60)),
        None => "no planning timer".into(),
    }
}

/// Whether a log note is one of the session's own (pause, resume, reveal, opening): the
/// handover's "since your last turn" leaves those out.
pub fn is_session_note(text: &str) -> bool {
    [OPENED, GOES_ON, PAUSED, RESUMED, REVEALED, HIDDEN]
        .iter()
        .any(|p| text.starts_with(p))
}

/// The turn at which the facilitator ended the session, if that is the last thing recorded.
pub fn ended_at(g: &Game) -> Option<u16> {
    match &g.inputs.last()?.input {
        Input::FreeInject { text, changes } if changes.is_empty() && text.starts_with(ENDED) => {
            Some(g.state.turn)
        }
        _ => None,
    }
}

pub fn is_facilitator_input(i: &Input) -> bool {
    matches!(
        i,
        Input::Inject { .. } | Input::Override { .. } | Input::FreeInject { .. }
    )
}

/// Facilitator mode as a record shows it: on if the facilitator ever acted; the timer from the
/// opening note; paused and revealed as the last notes left them.
pub fn facilitator_mode_from_inputs(inputs: &[Recorded]) -> Option<FacilitatorMode> {
    if !inputs.iter().any(|r| is_facilitator_input(&r.input)) {
        return None;
    }
    let mut f = FacilitatorMode::new(None);
    for r in inputs {
        let Input::FreeInject { text, changes } = &r.input else {
            continue;
        };
        if !changes.is_empty() {
            continue;
        }
        if let Some(rest) = text
            .strip_prefix(OPENED)
            .or_else(|| text.strip_prefix(GOES_ON))
        {
            f.timer = rest
                .split_whitespace()
                .skip_while(|w| *w != "timer")
                .nth(1)
                .and_then(|n| n.parse::<u64>().ok())
                .filter(|n| *n > 0)
                .map(|n| Duration::from_secs(n * 60));
        } else if text == PAUSED {
            f.paused = true;
        } else if text == RESUMED || text.starts_with(ENDED) {
            f.paused = false;
        } else if text == REVEALED {
            f.reveal = true;
        } else if text == HIDDEN {
            f.reveal = false;
        }
    }
    Some(f)
}

/// For each facilitator input of a game: the index of its log entry and the ledger entries it
/// made (found by replaying; empty and free when the facilitator never acted).
pub fn facilitator_spans_of(db: &ContentDb, game: &Game) -> Vec<(usize, Range<usize>)> {
    if !game.inputs.iter().any(|r| is_facilitator_input(&r.input)) {
        return Vec::new();
    }
    let Some(mut g) = Game::new(db, &game.scenario_id, game.state.seed) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for r in &game.inputs {
        let (l0, d0) = (g.journal.log.len(), g.journal.ledger.len());
        if g.submit(db, r.input.clone(), r.rationale.clone()).is_err() {
            break;
        }
        if is_facilitator_input(&r.input) {
            out.push((l0, d0..g.journal.ledger.len()));
        }
    }
    out
}

/// "tension +3.0, trust China→DPRK -2.0" for some ledger entries.
pub fn changes_summary(entries: &[LedgerEntry]) -> String {
    let mut by: Vec<(MeterRef, f32)> = Vec::new();
    for e in entries {
        match by.iter_mut().find(|(m, _)| *m == e.meter) {
            Some(x) => x.1 += e.delta,
            None => by.push((e.meter, e.delta)),
        }
    }
    let parts: Vec<String> = by
        .iter()
        .filter(|(_, d)| d.abs() >= 0.05)
        .map(|(m, d)| format!("{} {d:+.1}", meter_name(*m)))
        .collect();
    if parts.is_empty() {
        "no number changed".into()
    } else {
        parts.join(", ")
    }
}
