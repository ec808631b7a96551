//! What the facilitator does to the game: every action fed to the engine as an input and
//! autosaved, pause and reveal, undo of the last turn or the last inject, and the end of the
//! session. Apart from the console's keys because these are the actions themselves, which the
//! keys only ask for and confirm.

use crate::engine::text::meter_name;
use crate::engine::{Game, Input, Phase, Recorded};

use crate::tui::app::{App, Overlay, Screen, Then};

use super::notes::{
    ENDED, GOES_ON, HIDDEN, PAUSED, RESUMED, REVEALED, TIME_UP, UNDID, timer_words,
};
use super::{
    FacilitatorMode, SESSION_ITEMS, SessionItem, changes_summary, facilitator_mode_from_inputs,
    is_facilitator_input, is_session_note,
};

impl App {
    /// Feeds one facilitator input to the engine now; returns what it changed, or the
    /// engine's refusal as a sentence. Every action is autosaved at once.
    pub(crate) fn facilitate(&mut self, input: Input) -> Result<String, String> {
        // A computer thinking now is thinking about the game before this input: its answer is
        // dropped, and it is asked again afresh (unless this pauses or ends the session).
        self.cancel_ai();
        let db = self.db.clone();
        let Some(sess) = self.session.as_mut() else {
            return Err("There is no game in progress.".into());
        };
        let (l0, d0) = (sess.game.journal.log.len(), sess.game.journal.ledger.len());
        match sess.game.submit(&db, input, None) {
            Ok(()) => {
                let d1 = sess.game.journal.ledger.len();
                sess.fac_spans.push((l0, d0..d1));
                let sum = changes_summary(&sess.game.journal.ledger[d0..d1]);
                self.forget_previews();
                self.autosave();
                self.reset_override_value();
                Ok(sum)
            }
            Err(e) => Err(format!("Refused: {}.", e)),
        }
    }

    fn note(&mut self, text: String) -> Result<String, String> {
        self.facilitate(Input::FreeInject {
            text,
            changes: Vec::new(),
        })
    }

    /// Pauses the session, or resumes it. Either is logged; resuming fires nothing.
    pub fn toggle_pause(&mut self) {
        let paused = self.paused();
        let text = if paused { RESUMED } else { PAUSED };
        let msg = match self.note(text.into()) {
            Ok(_) => {
                if let Some(f) = self.session.as_mut().and_then(|s| s.fac.as_mut()) {
                    f.paused = !paused;
                }
                if paused {
                    "Resumed: play goes on where it stopped.".to_string()
                } else {
                    "Paused: nothing moves (the planning clock is frozen) until you resume with p."
                        .to_string()
                }
            }
            Err(e) => e,
        };
        self.console_says(msg);
    }

    /// Shows everyone everything on the shared screens, or hides it again (logged).
    pub fn toggle_reveal(&mut self) {
        let on = self
            .session
            .as_ref()
            .and_then(|s| s.fac.as_ref())
            .is_some_and(|f| f.reveal);
        let text = if on { HIDDEN } else { REVEALED };
        // A finished game has no more inputs; revealing is only a view then.
        let logged = self.note(text.into());
        let over = self
            .session
            .as_ref()
            .is_some_and(|s| s.game.state.phase == Phase::Over);
        let msg = match logged {
            Err(e) if !over => e,
            _ => {
                if let Some(f) = self.session.as_mut().and_then(|s| s.fac.as_mut()) {
                    f.reveal = !on;
                }
                if on {
                    "Hidden information is hidden again.".to_string()
                } else {
                    "Revealed on the shared screens only: the exact programme and every covert move."
                        .to_string()
                }
            }
        };
        self.console_says(msg);
    }

    /// What undo would take back: (the turn play goes back to, the players' and computers'
    /// inputs taken back, the facilitator's actions taken back).
    pub fn undo_preview(&self) -> Option<(u16, usize, usize)> {
        let sess = self.session.as_ref()?;
        let g = &sess.game;
        let now = g.state.turn;
        // The facilitator's own actions (not the session's notes).
        let acted = |r: &Recorded| match &r.input {
            Input::FreeInject { text, changes } => {
                !changes.is_empty()
                    || !(is_session_note(text)
                        || text.starts_with(UNDID)
                        || text.starts_with(TIME_UP))
            }
            i => is_facilitator_input(i),
        };
        let played_now = g.inputs.iter().any(|r| {
            r.turn == now
                && match &r.input {
                    Input::Plan { side, .. }
                    | Input::Respond { side, .. }
                    | Input::Crisis { side, .. } => sess.is_human(*side),
                    _ => acted(r),
                }
        });
        let back_to = if played_now { now } else { now.checked_sub(1)? };
        if back_to == 0 {
            return None;
        }
        let gone = g.inputs.iter().filter(|r| r.turn >= back_to);
        let moves = gone
            .clone()
            .filter(|r| !is_facilitator_input(&r.input))
            .count();
        let fac = gone.filter(|r| acted(r)).count();
        (moves + fac > 0).then_some((back_to, moves, fac))
    }

    pub(super) fn ask_undo(&mut self) {
        let Some((back_to, moves, fac)) = self.undo_preview() else {
            self.console_says(
                "Nothing to undo yet: no side has moved and you have not acted this turn.".into(),
            );
            return;
        };
        let Some(sess) = self.session.as_ref() else {
            return;
        };
        let date = sess.game.state.date_of(&self.db, back_to);
        let mut lines = vec![format!(
            "Take back turn {back_to} ({date}): {moves} input{} of the sides (plans, answers, crisis choices, the computers' too).",
            if moves == 1 { "" } else { "s" },
        )];
        if fac > 0 {
            lines.push(if fac == 1 {
                "Your inject (or override) of that turn goes too.".to_string()
            } else {
                format!("Your {fac} injects and overrides of that turn go too.")
            });
        }
        lines.push(format!(
            "Play starts again at the beginning of turn {back_to}; the undo is logged."
        ));
        lines.push("Undo?".into());
        self.overlay = Some(Overlay::Confirm {
            title: "Undo the last turn".into(),
            lines,
            then: Then::Undo,
            warn: true,
        });
    }

    /// Takes back the last turn (`Game::undo_turn`: the game is rebuilt from its inputs, so the
    /// dice are as they were), logs it, and starts that turn again.
    pub(crate) fn undo(&mut self) {
        let Some((back_to, moves, fac_n)) = self.undo_preview() else {
            self.console_says(
                "Nothing to undo yet: no side has moved and you have not acted this turn.".into(),
            );
            return;
        };
        let moves = moves + fac_n;
        let db = self.db.clone();
        let Some(sess) = self.session.as_ref() else {
            return;
        };
        let mut game = sess.game.clone();
        for _ in 0..4 {
            if game.state.turn <= back_to && !game.inputs.iter().any(|r| r.turn >= back_to) {
                break;
            }
            match game.undo_turn(&db) {
                Some(g) => game = g,
                None => break,
            }
        }
        let fac = sess.fac.clone().map(|mut f| {
            f.clock = None;
            f
        });
        let seats = sess.seats.clone();
        let _ = game.submit(
            &db,
            Input::FreeInject {
                text: format!(
                    "{UNDID} {back_to} ({moves} input{} taken back)",
                    if moves == 1 { "" } else { "s" }
                ),
                changes: Vec::new(),
            },
            None,
        );
        // What the rebuilt record would say of the session, put right: the opening with its
        // timer, a pause or a reveal still in force.
        if let Some(f) = &fac {
            let now = facilitator_mode_from_inputs(&game.inputs)
                .unwrap_or_else(|| FacilitatorMode::new(None));
            let mut notes = Vec::new();
            if now.timer != f.timer {
                notes.push(format!("{GOES_ON}; {}", timer_words(f)));
            }
            if now.paused != f.paused {
                notes.push(if f.paused { PAUSED } else { RESUMED }.to_string());
            }
            if now.reveal != f.reveal {
                notes.push(if f.reveal { REVEALED } else { HIDDEN }.to_string());
            }
            for text in notes {
                let _ = game.submit(
                    &db,
                    Input::FreeInject {
                        text,
                        changes: Vec::new(),
                    },
                    None,
                );
            }
        }
        // Installing saves it (and lets the computer sides choose again).
        self.install(game, seats, fac);
        self.status = Some(format!(
            "Undone: turn {back_to} starts again ({moves} input{} taken back).",
            if moves == 1 { "" } else { "s" }
        ));
    }

    /// The facilitator's last inject or override, in words, if it is the game's last input
    /// (so that taking it back changes nothing that came after it).
    pub fn last_inject(&self) -> Option<String> {
        let sess = self.session.as_ref()?;
        let last = sess.game.inputs.last()?;
        match &last.input {
            Input::Inject { event } => Some(format!(
                "the inject \"{}\"",
                self.db.events[*event as usize].name
            )),
            Input::Override { meter, value, .. } => Some(format!(
                "the override of {} to {value:.0}",
                meter_name(*meter)
            )),
            Input::FreeInject { text, changes }
                if !changes.is_empty()
                    || !(is_session_note(text)
                        || text.starts_with(UNDID)
                        || text.starts_with(TIME_UP)) =>
            {
                Some(format!("the free inject “{text}”"))
            }
            _ => None,
        }
    }

    pub(super) fn ask_undo_inject(&mut self) {
        let Some(what) = self.last_inject() else {
            self.console_says(
                "Nothing to take back: the last thing that happened is not an inject or an override."
                    .into(),
            );
            return;
        };
        self.overlay = Some(Overlay::Confirm {
            title: "Undo the last inject".into(),
            lines: vec![
                format!("Take back {what}?"),
                "The game is rebuilt without it (the dice as they were); the rest of the turn stays.".into(),
            ],
            then: Then::UndoInject,
            warn: true,
        });
    }

    /// Takes back the last inject or override alone: the game is replayed from its inputs
    /// without it.
    pub(crate) fn undo_inject(&mut self) {
        let Some(what) = self.last_inject() else {
            return;
        };
        let db = self.db.clone();
        let Some(sess) = self.session.as_ref() else {
            return;
        };
        let g = &sess.game;
        let kept = &g.inputs[..g.inputs.len() - 1];
        let game = match Game::replay(&db, &g.scenario_id, g.state.seed, kept) {
            Ok(game) => game,
            Err(e) => {
                self.console_says(format!("Cannot take it back: {}.", e.1));
                return;
            }
        };
        let fac = sess.fac.clone();
        let seats = sess.seats.clone();
        let back = match &self.screen {
            Screen::Console(ui) => Some(ui.clone()),
            _ => None,
        };
        self.install(game, seats, fac);
        // Stay in the console, on the session tab.
        if let Some(mut ui) = back {
            ui.back = Box::new(self.screen.clone());
            self.screen = Screen::Console(ui);
        }
        self.console_says(format!("Taken back: {what}."));
    }

    pub(super) fn ask_end(&mut self) {
        let over = self
            .session
            .as_ref()
            .is_some_and(|s| s.game.state.phase == Phase::Over);
        if over {
            self.screen = Screen::Debrief(Default::default());
            return;
        }
        let turn = self
            .session
            .as_ref()
            .map(|s| s.game.state.turn)
            .unwrap_or(0);
        self.overlay = Some(Overlay::Confirm {
            title: "End the session".into(),
            lines: vec![
                format!("End the session now, at turn {turn}, and go to the debrief?"),
                "The game stays saved: it can be resumed later from the title screen.".into(),
            ],
            then: Then::EndSession,
            warn: true,
        });
    }

    /// Ends the session (logged) and shows the debrief.
    pub(crate) fn end_session(&mut self) {
        let turn = self
            .session
            .as_ref()
            .map(|s| s.game.state.turn)
            .unwrap_or(0);
        let _ = self.note(format!("{ENDED} at turn {turn}"));
        if let Some(f) = self.session.as_mut().and_then(|s| s.fac.as_mut()) {
            f.paused = false;
            f.clock = None;
        }
        self.overlay = None;
        self.editing = None;
        self.cancel_ai();
        self.ai_due = false;
        self.status = None;
        self.screen = Screen::Debrief(Default::default());
    }

    /// Session controls as the console lists them: (label, what it does now).
    pub fn session_items(&self) -> Vec<(String, String)> {
        let fac = self.session.as_ref().and_then(|s| s.fac.as_ref());
        let paused = fac.is_some_and(|f| f.paused);
        let reveal = fac.is_some_and(|f| f.reveal);
        SESSION_ITEMS
            .iter()
            .map(|it| match it {
                SessionItem::Pause => {
                    if paused {
                        (
                            "Resume the session".into(),
                            "Play goes on where it stopped; nothing fires on resume.".into(),
                        )
                    } else {
                        (
                            "Pause the session".into(),
                            "Freezes the players' moves and the planning clock; injects still fire at once."
                                .into(),
                        )
                    }
                }
                SessionItem::UndoInject => (
                    "Undo the last inject".into(),
                    match self.last_inject() {
                        Some(what) => format!("Takes back {what} alone (asks first)."),
                        None => "No inject or override to take back: it must be the last thing that happened.".into(),
                    },
                ),
                SessionItem::Undo => (
                    "Undo the last turn".into(),
                    match self.undo_preview() {
                        Some((t, n, _)) => format!(
                            "Takes back turn {t} ({n} input{}) and plays it again (asks first).",
                            if n == 1 { "" } else { "s" }
                        ),
                        None => "Nothing to undo yet.".into(),
                    },
                ),
                SessionItem::Reveal => {
                    if reveal {
                        (
                            "Hide the hidden information again".into(),
                            "The shared screens show only what the table may see.".into(),
                        )
                    } else {
                        (
                            "Reveal hidden information to everyone".into(),
                            "The shared screens only (handovers, results, the debrief) show the exact programme and every covert move; each side's own screens stay as they are."
                                .into(),
                        )
                    }
                }
                SessionItem::End => (
                    "End the session".into(),
                    "Goes to the debrief now (asks first); the game stays saved.".into(),
                ),
            })
            .collect()
    }
}
