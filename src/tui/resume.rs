//! The screen a game was left on, kept beside its autosave (`<save>.screen`, JSON), so that
//! resuming lands where the players were: the same step of the same turn's results, the
//! debrief, and each side's plan as far as it was drafted. The record itself (the inputs) is
//! the game; this note is only where the screens stood, and is ignored when it does not match
//! the record (a different number of inputs).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::content::SideId;
use crate::engine::{LogEntry, Move};

use super::app::{App, Screen};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreenNote {
    /// The record's number of inputs when the note was written.
    pub inputs: usize,
    /// "resolution", "debrief" or "play".
    pub kind: String,
    /// The turn whose results were on screen, and how many steps were shown.
    pub turn: u16,
    pub shown: usize,
    /// Each side's draft: its planned moves and rationale.
    pub drafts: Vec<(SideId, Vec<Move>, String)>,
}

/// The note's file beside a save.
pub fn note_path(save: &Path) -> PathBuf {
    save.with_extension("screen")
}

impl App {
    /// Writes where the screens stand beside the save at `save` (best effort: a note that
    /// cannot be written only means resuming starts at the next decision).
    pub(crate) fn write_screen_note(&self, save: &Path) {
        let Some(sess) = &self.session else { return };
        let (kind, turn, shown) = match &self.screen {
            Screen::Resolution(ui) if !ui.crisis => ("resolution", ui.turn, ui.shown),
            Screen::Debrief(_) => ("debrief", sess.game.state.turn, 0),
            _ => ("play", sess.game.state.turn, 0),
        };
        let drafts = sess
            .game
            .state
            .seated_sides()
            .map(|s| {
                let d = &sess.drafts[s.index()];
                (s, d.moves.clone(), d.rationale.text.clone())
            })
            .filter(|(_, m, r)| !m.is_empty() || !r.is_empty())
            .collect();
        let note = ScreenNote {
            inputs: sess.game.inputs.len(),
            kind: kind.into(),
            turn,
            shown,
            drafts,
        };
        if let Ok(text) = serde_json::to_string(&note) {
            let _ = std::fs::write(note_path(save), text);
        }
    }

    /// Reads the note beside `save` if it belongs to `inputs` inputs of play.
    pub(crate) fn read_screen_note(save: &Path, inputs: usize) -> Option<ScreenNote> {
        std::fs::read_to_string(note_path(save))
            .ok()
            .and_then(|t| serde_json::from_str::<ScreenNote>(&t).ok())
            .filter(|n| n.inputs == inputs)
    }

    /// Puts the drafts back at once, and has the next `route` tell the results the players
    /// were reading again, from their step (after any computer has moved).
    pub(crate) fn restore_screen_note(&mut self, note: ScreenNote) {
        let Some(sess) = self.session.as_mut() else {
            return;
        };
        for (side, moves, rationale) in &note.drafts {
            let d = &mut sess.drafts[side.index()];
            d.moves = moves.clone();
            d.rationale.set(rationale);
        }
        if note.kind == "resolution" {
            self.resume_note = Some(note);
            if !self.computer_due_now() {
                self.route();
            }
        }
    }

    /// Rewinds the results not yet shown to the start of the note's turn (called by `route`);
    /// returns the step to show.
    pub(crate) fn rewind_results(&mut self, note: &ScreenNote) -> Option<usize> {
        let sess = self.session.as_mut()?;
        let g = &sess.game;
        if !(note.turn < g.state.turn || g.state.is_over()) {
            return None;
        }
        let log_at =
            g.journal.log.iter().position(
                |e| matches!(e, LogEntry::TurnStart { turn, .. } if *turn == note.turn),
            )?;
        let ledger_at = g
            .journal
            .ledger
            .iter()
            .position(|e| e.turn >= note.turn)
            .unwrap_or(g.journal.ledger.len());
        sess.res_turn = note.turn;
        sess.res_log = log_at;
        sess.res_ledger = ledger_at;
        sess.crisis_shown = false;
        Some(note.shown)
    }
}
