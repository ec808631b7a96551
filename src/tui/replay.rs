//! `brink replay FILE`: step through a recorded game, input by input or turn by turn, and see
//! the game as it stood at that point — meters, map, the log and the WHY ledger up to there —
//! and what that input did.
//!
//! Each point is rebuilt by replaying the record's first `k` inputs (`Game::replay`); the app's
//! session holds that game, so every panel (and WHY) shows the state at that point.

use std::ops::Range;

use crate::engine::{Game, Input, Response};

use super::app::{App, RightView, Screen, Session};
use super::describe::clip;
use super::keys::Action;
use super::seats::Seat;
use super::view::{self, Step, Viewer};

/// The recorded game and the point shown.
#[derive(Debug, Clone)]
pub struct ReplayData {
    pub full: Game,
    /// How many inputs are applied (0: the opening of turn 1).
    pub pos: usize,
    /// Log and ledger lengths after each number of inputs (0..=n).
    pub marks: Vec<(usize, usize)>,
    /// The facilitator's actions of the whole game: (log entry, ledger entries).
    pub fac: Vec<(usize, Range<usize>)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReplayUi {
    /// Lines scrolled in "this step".
    pub scroll: u16,
    /// Compact screens: the right panel.
    pub view: RightView,
}

impl Default for ReplayUi {
    fn default() -> Self {
        ReplayUi {
            scroll: 0,
            view: RightView::Meters,
        }
    }
}

impl ReplayData {
    pub fn len(&self) -> usize {
        self.full.inputs.len()
    }
    pub fn is_empty(&self) -> bool {
        self.full.inputs.is_empty()
    }
    /// The turn the game is in after `k` inputs.
    pub fn turn_at(&self, k: usize) -> u16 {
        match self.full.inputs.get(k) {
            Some(r) => r.turn,
            None => self.full.state.turn,
        }
    }
    /// The first point of turn `t` (its opening, before any input of it).
    fn start_of(&self, t: u16) -> usize {
        (0..=self.len())
            .find(|k| self.turn_at(*k) >= t)
            .unwrap_or(self.len())
    }
}

impl App {
    /// Opens a recorded game for stepping through, at its start.
    pub fn open_replay(&mut self, game: Game) {
        // One pass to learn where each input's story starts and ends.
        let mut marks = Vec::with_capacity(game.inputs.len() + 1);
        let mut fac = Vec::new();
        if let Some(mut g) = Game::new(&self.db, &game.scenario_id, game.state.seed) {
            marks.push((g.journal.log.len(), g.journal.ledger.len()));
            for r in &game.inputs {
                let (l0, d0) = (g.journal.log.len(), g.journal.ledger.len());
                if g.submit(&self.db, r.input.clone(), r.rationale.clone())
                    .is_err()
                {
                    break;
                }
                if super::facilitator::is_facilitator_input(&r.input) {
                    fac.push((l0, d0..g.journal.ledger.len()));
                }
                marks.push((g.journal.log.len(), g.journal.ledger.len()));
            }
        }
        // A record that stops replaying part-way is shown as far as it goes.
        let last = marks.len().saturating_sub(1);
        self.replay = Some(ReplayData {
            full: game,
            pos: 0,
            marks,
            fac,
        });
        self.persist = false;
        self.replay_goto(0);
        if let Some(r) = self.replay.as_mut() {
            r.full.inputs.truncate(last);
        }
        self.screen = Screen::Replay(ReplayUi::default());
    }

    /// Shows the game after `k` inputs.
    pub fn replay_goto(&mut self, k: usize) {
        let Some(r) = &self.replay else { return };
        let k = k.min(r.len()).min(r.marks.len().saturating_sub(1));
        let g = match Game::replay(
            &self.db,
            &r.full.scenario_id,
            r.full.state.seed,
            &r.full.inputs[..k],
        ) {
            Ok(g) => g,
            Err((i, e)) => {
                self.status = Some(format!("Input {} cannot be replayed: {e}.", i + 1));
                return;
            }
        };
        let log_len = g.journal.log.len();
        let fac_spans = r
            .fac
            .iter()
            .filter(|(l, _)| *l < log_len)
            .cloned()
            .collect();
        self.session = Some(Session {
            res_turn: g.state.turn,
            res_log: log_len,
            res_ledger: g.journal.ledger.len(),
            game: g,
            seats: std::array::from_fn(|_| Seat::Human),
            policies: Default::default(),
            ai_rng: rand::SeedableRng::seed_from_u64(0),
            drafts: Default::default(),
            marks: Default::default(),
            crisis_shown: false,
            fac: None,
            fac_spans,
        });
        self.forget_previews();
        if let Some(r) = self.replay.as_mut() {
            r.pos = k;
        }
    }

    pub(crate) fn update_replay(&mut self, mut ui: ReplayUi, a: Action) {
        let Some(r) = &self.replay else { return };
        let (pos, n) = (r.pos, r.len());
        let target = match a {
            Action::Right => Some((pos + 1).min(n)),
            Action::Left => Some(pos.saturating_sub(1)),
            Action::Home => Some(0),
            Action::End => Some(n),
            Action::PageDown => {
                let t = r.turn_at(pos);
                Some(r.start_of(t + 1).min(n))
            }
            Action::PageUp => {
                let t = r.turn_at(pos);
                let here = r.start_of(t);
                Some(if here < pos {
                    here
                } else {
                    r.start_of(t.saturating_sub(1))
                })
            }
            _ => None,
        };
        if let Some(k) = target {
            if k != pos {
                self.replay_goto(k);
                ui.scroll = 0;
            }
            self.screen = Screen::Replay(ui);
            return;
        }
        match a {
            Action::Up => ui.scroll = ui.scroll.saturating_sub(1),
            Action::Down => ui.scroll = self.scrolled(ui.scroll, 1),
            Action::CycleView => {
                let views = [RightView::Meters, RightView::Map, RightView::History];
                let i = views.iter().position(|v| *v == ui.view).unwrap_or(0);
                ui.view = views[(i + 1) % views.len()];
            }
            Action::ToggleChart => self.chart = !self.chart,
            Action::Why => {
                self.screen = Screen::Replay(ui);
                self.overlay = Some(super::app::Overlay::Why {
                    meter: 0,
                    scroll: 0,
                });
                return;
            }
            Action::Select => {
                self.screen = Screen::Debrief(Default::default());
                return;
            }
            _ => {}
        }
        self.screen = Screen::Replay(ui);
    }

    /// The input that led to the point shown, in words ("" at the start).
    pub fn replay_input_text(&self) -> String {
        let Some(r) = &self.replay else {
            return String::new();
        };
        if r.pos == 0 {
            return "The exercise opens: turn 1's events are drawn.".into();
        }
        let Some(rec) = r.full.inputs.get(r.pos - 1) else {
            return String::new();
        };
        let db = &self.db;
        let card = |c: u16| db.cards[c as usize].name.clone();
        let mut s = match &rec.input {
            Input::Plan { side, moves } if moves.is_empty() => {
                format!("{side} plans: no moves (passes)")
            }
            Input::Plan { side, moves } => format!(
                "{side} plans: {}",
                moves
                    .iter()
                    .map(|m| card(m.card))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            Input::Respond {
                side,
                offer,
                response,
            } => {
                let what = match response {
                    Response::Accept => "accepts",
                    Response::Reject => "rejects",
                    Response::Counter(_) => "counters",
                };
                // The offer's card, from the log of the game at this point.
                let about = self
                    .session
                    .as_ref()
                    .and_then(|s| {
                        s.game.journal.log.iter().rev().find_map(|e| match e {
                            crate::engine::LogEntry::Offer { id, card: c, .. } if id == offer => {
                                Some(card(*c))
                            }
                            _ => None,
                        })
                    })
                    .map(|c| format!(" \"{c}\""))
                    .unwrap_or_default();
                format!("{side} {what} the offer{about}")
            }
            Input::Crisis { side, choice } => format!(
                "{side} {} (in secret)",
                match choice {
                    crate::engine::CrisisChoice::StandFirm => "stands firm",
                    crate::engine::CrisisChoice::BackDown => "backs down",
                }
            ),
            Input::Inject { event } => {
                format!("Facilitator inject: {}", db.events[*event as usize].name)
            }
            Input::Override {
                meter,
                value,
                reason,
            } => format!(
                "Facilitator override: {} set to {value:.0} — {reason}",
                crate::engine::text::meter_name(*meter)
            ),
            Input::FreeInject { text, changes } => {
                let mut t = format!("Facilitator: {text}");
                if !changes.is_empty() {
                    let c: Vec<String> = changes
                        .iter()
                        .map(|(m, d)| format!("{} {d:+.0}", crate::engine::text::meter_name(*m)))
                        .collect();
                    t.push_str(&format!(" ({})", c.join(", ")));
                }
                t
            }
        };
        if let Some(why) = &rec.rationale {
            s.push_str(&format!(" — “{}”", clip(why, 200)));
        }
        s
    }

    /// What the input shown did: the resolution steps of the log it added.
    pub fn replay_steps(&self) -> Vec<Step> {
        let (Some(r), Some(sess)) = (&self.replay, &self.session) else {
            return Vec::new();
        };
        let g = &sess.game;
        let (l1, d1) = r.marks.get(r.pos).copied().unwrap_or((0, 0));
        let (l0, d0) = if r.pos == 0 {
            (0, 0)
        } else {
            r.marks.get(r.pos - 1).copied().unwrap_or((0, 0))
        };
        let l1 = l1.min(g.journal.log.len());
        let d1 = d1.min(g.journal.ledger.len());
        let log = &g.journal.log[l0.min(l1)..l1];
        let ledger = &g.journal.ledger[d0.min(d1)..d1];
        let turn = r.full.inputs.get(r.pos.saturating_sub(1)).map(|x| x.turn);
        let rationales: Vec<_> = g
            .inputs
            .iter()
            .filter(|x| Some(x.turn) == turn)
            .cloned()
            .collect();
        let fac: Vec<(usize, Range<usize>)> = r
            .fac
            .iter()
            .filter(|(l, _)| *l >= l0 && *l < l1)
            .map(|(l, rg)| {
                (
                    l - l0,
                    rg.start.saturating_sub(d0)..rg.end.saturating_sub(d0),
                )
            })
            .collect();
        view::resolution_steps(&self.db, log, ledger, &rationales, Viewer::All, &fac)
    }
}
