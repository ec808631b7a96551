//! The planning clock: a side's countdown while it plans, frozen by a pause, and what happens
//! when time runs out. Apart from the console because it runs on every planning screen, not
//! only when the console is open.

use std::time::Duration;

use crate::content::SideId;
use crate::engine::{Decision, Input};

use crate::tui::app::{App, PackFor, Screen};

use super::Clock;
use super::notes::TIME_UP;

impl App {
    /// The planning clock of the side planning now, if the game has a timer.
    pub fn clock(&self) -> Option<Clock> {
        let sess = self.session.as_ref()?;
        let c = sess.fac.as_ref()?.clock?;
        let s = &sess.game.state;
        (s.turn == c.turn && s.is_pending(Decision::Plan { side: c.side })).then_some(c)
    }

    /// Whether the clock is counting down: its side is at its planning screen, nothing is
    /// paused and the console is closed.
    pub fn clock_running(&self) -> bool {
        let Some(c) = self.clock() else {
            return false;
        };
        if self.paused() || self.too_small() || self.replay.is_some() {
            return false;
        }
        match &self.screen {
            Screen::Planning(ui) => ui.side == c.side,
            Screen::Package(ui) => ui.side == c.side && matches!(ui.purpose, PackFor::Card(_)),
            _ => false,
        }
    }

    /// How long the run loop may wait before the clock shows a different second.
    pub fn next_tick(&self) -> Duration {
        let ms = self.clock().map(|c| c.left.as_millis() % 1000).unwrap_or(0) as u64;
        Duration::from_millis(if ms == 0 { 1000 } else { ms })
    }

    /// Starts `side`'s countdown for this turn (once: coming back to the screen keeps it).
    pub(crate) fn start_clock(&mut self, side: SideId) {
        let Some(sess) = self.session.as_mut() else {
            return;
        };
        let turn = sess.game.state.turn;
        let Some(f) = sess.fac.as_mut() else {
            return;
        };
        let Some(t) = f.timer else {
            return;
        };
        if f.clock.is_some_and(|c| c.turn == turn && c.side == side) {
            return;
        }
        f.clock = Some(Clock {
            turn,
            side,
            left: t,
        });
    }

    pub(crate) fn stop_clock(&mut self, side: SideId) {
        if let Some(f) = self.session.as_mut().and_then(|s| s.fac.as_mut())
            && f.clock.is_some_and(|c| c.side == side)
        {
            f.clock = None;
        }
    }

    /// Time passed. Only a running clock moves; at zero the side's plan goes in as it stands.
    pub(crate) fn tick(&mut self, d: Duration) {
        if !self.clock_running() {
            return;
        }
        let Some(f) = self.session.as_mut().and_then(|s| s.fac.as_mut()) else {
            return;
        };
        let Some(c) = f.clock.as_mut() else {
            return;
        };
        c.left = c.left.saturating_sub(d);
        if c.left.is_zero() {
            let side = c.side;
            self.time_up(side);
        }
    }

    /// The clock ran out: whatever `side` has chosen is its plan (nothing: it passes).
    fn time_up(&mut self, side: SideId) {
        self.overlay = None;
        self.editing = None;
        if let Screen::Package(ui) = &self.screen {
            self.screen = (*ui.back).clone();
        }
        let _ = self.facilitate(Input::FreeInject {
            text: format!("{TIME_UP} {side}: its plan went in as it stood"),
            changes: Vec::new(),
        });
        let Some(sess) = self.session.as_ref() else {
            return;
        };
        let d = &sess.drafts[side.index()];
        let moves = d.moves.clone();
        let rationale = Some(d.rationale.text.trim().to_string()).filter(|r| !r.is_empty());
        let n = moves.len();
        let ok = self.submit(
            side,
            Input::Plan {
                side,
                moves: moves.clone(),
            },
            rationale.clone(),
        ) || (n > 0
            && self.submit(
                side,
                Input::Plan {
                    side,
                    moves: Vec::new(),
                },
                rationale,
            ));
        self.stop_clock(side);
        if let Some(sess) = self.session.as_mut() {
            sess.drafts[side.index()] = Default::default();
        }
        let msg = if !ok {
            format!("Time is up for {side}, but its plan was refused.")
        } else if n == 0 {
            format!("Time is up: {side} chose nothing and passes this turn.")
        } else {
            format!(
                "Time is up: the {side} plan went in as it stood ({n} move{}).",
                if n == 1 { "" } else { "s" }
            )
        };
        self.flow();
        self.status = Some(msg);
    }
}
