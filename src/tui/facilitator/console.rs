//! The console's keys (`F`): its tabs of events, free inject, override and session, each
//! field's editing, and what a key does on each tab. The console's screen state lives in the
//! module root; this is how the keys move it.

use crate::content::EventIx;
use crate::engine::text::meter_name;
use crate::engine::{Input, MeterRef};

use crate::tui::app::{App, Editing, Overlay, Screen, Then};
use crate::tui::keys::Action;
use crate::tui::view::{self, Viewer};

use super::{
    ConsoleTab, ConsoleUi, OUT_OF_ITS_DATES, SESSION_ITEMS, SessionItem, console_events,
    event_kind, override_range,
};

impl App {
    pub(crate) fn open_console(&mut self) {
        if !self.facilitator()
            || matches!(
                self.screen,
                Screen::Console(_)
                    | Screen::Title
                    | Screen::NewGame
                    | Screen::Saves(_)
                    | Screen::Replay(_)
            )
        {
            return;
        }
        let tab = self
            .session
            .as_ref()
            .and_then(|s| s.fac.as_ref())
            .map(|f| f.last_tab)
            .unwrap_or(ConsoleTab::Events);
        let ui = ConsoleUi::new(self.screen.clone(), tab);
        self.screen = Screen::Console(ui);
        self.reset_override_value();
        self.status = None;
    }

    fn close_console(&mut self, ui: ConsoleUi) {
        if let Some(f) = self.session.as_mut().and_then(|s| s.fac.as_mut()) {
            f.last_tab = ui.tab;
        }
        self.screen = *ui.back;
        self.editing = None;
    }

    /// The turn the class summary shows: the one chosen, else the last turn told (the current
    /// one before any turn has been).
    pub fn summary_turn(&self, ui: &ConsoleUi) -> u16 {
        let now = self.session.as_ref().map_or(1, |s| s.game.state.turn);
        ui.sum_turn.unwrap_or(now.saturating_sub(1).max(1))
    }

    /// The numbers the console can change: every meter, exact.
    pub fn console_meters(&self) -> Vec<MeterRef> {
        match &self.session {
            Some(s) => view::meter_rows(&s.game.state, Viewer::All),
            None => Vec::new(),
        }
    }

    /// The override's value field, set to the highlighted number's current value.
    pub(super) fn reset_override_value(&mut self) {
        let rows = self.console_meters();
        let Some(sess) = &self.session else { return };
        let Screen::Console(ui) = &mut self.screen else {
            return;
        };
        if let Some(m) = rows.get(ui.ov_sel) {
            let v = view::value_of(&sess.game.state, *m).round().max(0.0);
            ui.value.set(&format!("{v:.0}"));
        }
    }

    /// Says what the last console action did, in the console and on the status line.
    pub(super) fn console_says(&mut self, msg: String) {
        if let Screen::Console(ui) = &mut self.screen {
            ui.last = Some(msg.clone());
        }
        self.status = Some(msg);
    }

    pub(crate) fn update_console(&mut self, mut ui: ConsoleUi, a: Action) {
        let tabs = ConsoleTab::ALL.len();
        match a {
            Action::Back => return self.close_console(ui),
            Action::NextPane | Action::PrevPane => {
                let i = ui.tab.index();
                let j = if a == Action::NextPane {
                    (i + 1) % tabs
                } else {
                    (i + tabs - 1) % tabs
                };
                ui.tab = ConsoleTab::ALL[j];
                self.screen = Screen::Console(ui);
                self.reset_override_value();
                return;
            }
            Action::Jump(i) => {
                ui.tab = ConsoleTab::ALL[i.min(tabs - 1)];
                self.screen = Screen::Console(ui);
                self.reset_override_value();
                return;
            }
            Action::Pause => {
                self.screen = Screen::Console(ui);
                return self.toggle_pause();
            }
            _ => {}
        }
        match ui.tab {
            ConsoleTab::Events => self.console_events_key(ui, a),
            ConsoleTab::Free => self.console_free_key(ui, a),
            ConsoleTab::Override => self.console_override_key(ui, a),
            ConsoleTab::Session => self.console_session_key(ui, a),
            ConsoleTab::Summary => {
                let last = self.summary_turn(&ui);
                let now = self.session.as_ref().map_or(1, |s| s.game.state.turn);
                match a {
                    Action::Left => {
                        ui.sum_turn = Some(last.saturating_sub(1).max(1));
                        ui.sum_scroll = 0;
                    }
                    Action::Right => {
                        ui.sum_turn = Some((last + 1).min(now));
                        ui.sum_scroll = 0;
                    }
                    // Down the page, no further than the last frame's text allows.
                    Action::Down => ui.sum_scroll = self.scrolled(ui.sum_scroll, 1),
                    Action::Up => ui.sum_scroll = ui.sum_scroll.saturating_sub(1),
                    Action::PageDown => {
                        ui.sum_scroll = self.scrolled(ui.sum_scroll, self.page_lines())
                    }
                    Action::PageUp => {
                        ui.sum_scroll = ui.sum_scroll.saturating_sub(self.page_lines())
                    }
                    _ => {}
                }
                self.screen = Screen::Console(ui);
            }
        }
    }

    fn console_events_key(&mut self, mut ui: ConsoleUi, a: Action) {
        let scenario = self.session.as_ref().map_or(0, |x| x.game.state.scenario);
        let list = console_events(&self.db, scenario, &ui.filter.text);
        let n = list.len().max(1);
        match a {
            Action::Up => ui.ev_sel = (ui.ev_sel + n - 1) % n,
            Action::Down => ui.ev_sel = (ui.ev_sel + 1) % n,
            Action::Home => ui.ev_sel = 0,
            Action::End => ui.ev_sel = n - 1,
            Action::PageUp => ui.ev_sel = ui.ev_sel.saturating_sub(8),
            Action::PageDown => ui.ev_sel = (ui.ev_sel + 8).min(n - 1),
            Action::EditText => {
                ui.filter.end();
                self.screen = Screen::Console(ui);
                self.editing = Some(Editing::Filter);
                return;
            }
            Action::Pick(i) => {
                if ui.ev_sel == i {
                    self.screen = Screen::Console(ui);
                    return self.update(Action::Select);
                }
                ui.ev_sel = i.min(n - 1);
            }
            Action::Select => {
                let Some(e) = list.get(ui.ev_sel).copied() else {
                    self.screen = Screen::Console(ui);
                    self.console_says("No event matches the search (/ to change it).".into());
                    return;
                };
                let ev = &self.db.events[e as usize];
                let scenario = self.session.as_ref().map_or(0, |x| x.game.state.scenario);
                let mut lines = vec![
                    format!("\"{}\" ({})", ev.name, event_kind(&self.db, scenario, e)),
                    ev.description.clone(),
                    "It fires now, once, with all its effects, and goes in the log as the facilitator's inject.".into(),
                ];
                let anachronism = event_kind(&self.db, scenario, e) == OUT_OF_ITS_DATES;
                if anachronism {
                    lines.push(format!(
                        "It could not have happened in this scenario's months ({}): injected, it is a counterfactual.",
                        super::dates_text(&ev.dates)
                    ));
                }
                if self.paused() {
                    lines.push("The session is paused: the inject still fires at once.".into());
                }
                lines.push("Inject it?".into());
                self.screen = Screen::Console(ui);
                self.overlay = Some(Overlay::Confirm {
                    title: "Inject an event".into(),
                    lines,
                    then: Then::Inject(e),
                    warn: anachronism,
                });
                return;
            }
            _ => {}
        }
        self.screen = Screen::Console(ui);
    }

    /// Fires an event from the deck now (the confirm box's yes).
    pub(crate) fn inject(&mut self, e: EventIx) {
        let name = self.db.events[e as usize].name.clone();
        let msg = match self.facilitate(Input::Inject { event: e }) {
            Ok(sum) => format!("Injected \"{name}\": {sum}."),
            Err(err) => err,
        };
        self.console_says(msg);
    }

    fn console_free_key(&mut self, mut ui: ConsoleUi, a: Action) {
        let rows = self.console_meters();
        let n = rows.len().max(1);
        let cur = rows.get(ui.free_sel).copied();
        let bump = |ui: &mut ConsoleUi, by: f32| {
            let Some(m) = cur else { return };
            let v = ui.change_of(m) + by;
            ui.changes.retain(|(x, _)| *x != m);
            if v.abs() >= 0.05 {
                ui.changes.push((m, v));
            }
        };
        match a {
            Action::Up => ui.free_sel = (ui.free_sel + n - 1) % n,
            Action::Down => ui.free_sel = (ui.free_sel + 1) % n,
            Action::Left => bump(&mut ui, -1.0),
            Action::Right => bump(&mut ui, 1.0),
            Action::PageDown => bump(&mut ui, -5.0),
            Action::PageUp => bump(&mut ui, 5.0),
            Action::Delete => {
                if let Some(m) = cur {
                    ui.changes.retain(|(x, _)| *x != m);
                }
            }
            Action::Pick(i) => ui.free_sel = i.min(n - 1),
            Action::EditText => {
                ui.free_text.end();
                self.screen = Screen::Console(ui);
                self.editing = Some(Editing::FreeText);
                return;
            }
            Action::Select => {
                let text = ui.free_text.text.trim().to_string();
                if text.is_empty() {
                    self.screen = Screen::Console(ui);
                    self.console_says(
                        "Say what happens first (e): the text goes in the log with the changes."
                            .into(),
                    );
                    return;
                }
                // The changes in the order the numbers are listed.
                let mut changes = ui.changes.clone();
                changes.sort_by_key(|(m, _)| rows.iter().position(|r| r == m));
                self.screen = Screen::Console(ui);
                let mut lines = vec![format!("“{text}”")];
                if changes.is_empty() {
                    lines.push("No numbers change: it is a note in every player's log.".into());
                } else {
                    let list: Vec<String> = changes
                        .iter()
                        .map(|(m, d)| format!("{} {d:+.0}", meter_name(*m)))
                        .collect();
                    lines.push(format!("Changes: {}.", list.join(", ")));
                }
                lines.push("It applies now (Undo the last inject takes it back).".into());
                lines.push("Apply it?".into());
                self.overlay = Some(Overlay::Confirm {
                    title: "Free inject".into(),
                    lines,
                    then: Then::FreeInject(text, changes),
                    warn: false,
                });
                return;
            }
            _ => {}
        }
        self.screen = Screen::Console(ui);
    }

    /// Applies a free inject the facilitator confirmed.
    pub(crate) fn free_inject(&mut self, text: String, changes: Vec<(MeterRef, f32)>) {
        let msg = match self.facilitate(Input::FreeInject { text, changes }) {
            Ok(sum) => {
                if let Screen::Console(ui) = &mut self.screen {
                    ui.free_text.clear();
                    ui.changes.clear();
                }
                format!("Free inject logged: {sum}.")
            }
            Err(e) => e,
        };
        self.console_says(msg);
    }

    fn console_override_key(&mut self, mut ui: ConsoleUi, a: Action) {
        let rows = self.console_meters();
        let n = rows.len().max(1);
        match a {
            Action::Up | Action::Down | Action::Pick(_) => {
                ui.ov_sel = match a {
                    Action::Up => (ui.ov_sel + n - 1) % n,
                    Action::Down => (ui.ov_sel + 1) % n,
                    Action::Pick(i) => i.min(n - 1),
                    _ => ui.ov_sel,
                };
                self.screen = Screen::Console(ui);
                self.reset_override_value();
                return;
            }
            Action::Left | Action::Right => {
                let v: i64 = ui.value.text.parse().unwrap_or(0);
                let v = if a == Action::Left { v - 1 } else { v + 1 };
                ui.value.set(&v.clamp(0, 9999).to_string());
            }
            Action::EditValue => {
                // Typing replaces the value shown (it starts at the number's current value):
                // "70" typed over 86 is 70, never 8670.
                ui.value.clear();
                self.screen = Screen::Console(ui);
                self.editing = Some(Editing::OverrideValue);
                return;
            }
            Action::EditText => {
                ui.reason.end();
                self.screen = Screen::Console(ui);
                self.editing = Some(Editing::OverrideReason);
                return;
            }
            Action::Select => {
                self.screen = Screen::Console(ui);
                return self.ask_override();
            }
            _ => {}
        }
        self.screen = Screen::Console(ui);
    }

    /// The console, and the number its override tab has highlighted (None when the console is
    /// not up or has no numbers).
    fn override_target(&self) -> Option<(&ConsoleUi, MeterRef)> {
        let Screen::Console(ui) = &self.screen else {
            return None;
        };
        let m = self.console_meters().get(ui.ov_sel).copied()?;
        Some((ui, m))
    }

    /// Checks the override (a reason, a value in range) and asks before setting it.
    pub(crate) fn ask_override(&mut self) {
        let Some((ui, m)) = self.override_target() else {
            return;
        };
        let reason = ui.reason.text.trim().to_string();
        let (lo, hi) = override_range(m);
        let Ok(value) = ui.value.text.trim().parse::<f32>() else {
            self.console_says(format!(
                "Type the new value first (v): a whole number from {lo:.0} to {hi:.0}."
            ));
            return;
        };
        if !(lo..=hi).contains(&value) {
            self.console_says(format!(
                "Refused: {} goes from {lo:.0} to {hi:.0}; {value:.0} is out of range (v to type it again).",
                meter_name(m)
            ));
            return;
        }
        if reason.is_empty() {
            self.console_says(
                "Refused: an override needs a reason (r); it goes in the log with the value."
                    .into(),
            );
            return;
        }
        let now = self
            .session
            .as_ref()
            .map(|s| view::value_of(&s.game.state, m))
            .unwrap_or(0.0);
        self.overlay = Some(Overlay::Confirm {
            title: "Override a number".into(),
            lines: vec![
                format!(
                    "Set {} from {now:.0} to {value:.0} (it goes from {lo:.0} to {hi:.0}).",
                    meter_name(m)
                ),
                format!("Reason: “{reason}”"),
                "It applies now, and every player's log says so.".into(),
                "Set it?".into(),
            ],
            then: Then::Override(m, value),
            warn: true,
        });
    }

    /// Sets the number to the value the facilitator confirmed (the confirm box's yes).
    pub(crate) fn apply_override(&mut self, m: MeterRef, value: f32) {
        let Screen::Console(ui) = &self.screen else {
            return;
        };
        let reason = ui.reason.text.trim().to_string();
        let msg = match self.facilitate(Input::Override {
            meter: m,
            value,
            reason,
        }) {
            Ok(sum) => {
                if let Screen::Console(ui) = &mut self.screen {
                    ui.reason.clear();
                }
                format!("Set {} to {value:.0}: {sum}.", meter_name(m))
            }
            Err(e) => e,
        };
        self.console_says(msg);
        self.reset_override_value();
    }

    /// After typing in a console field. Enter on the value checks its range and says what
    /// comes next (typing stops: the next `r` is the reason key, not a letter of the value);
    /// Enter on the reason asks before anything is set.
    pub(crate) fn console_typed(&mut self, ed: Editing, enter: bool) {
        if !enter {
            return;
        }
        let Some((ui, m)) = self.override_target() else {
            return;
        };
        let no_reason = ui.reason.text.trim().is_empty();
        let (lo, hi) = override_range(m);
        match ed {
            Editing::OverrideValue => match ui.value.text.trim().parse::<f32>() {
                Ok(v) if (lo..=hi).contains(&v) => {
                    if no_reason {
                        self.console_says(format!(
                            "New value {v:.0}. Now r: the reason (required), then Enter."
                        ));
                    } else {
                        self.ask_override();
                    }
                }
                _ => self.ask_override(),
            },
            Editing::OverrideReason => self.ask_override(),
            _ => {}
        }
    }

    /// The search changed: back to the first match.
    pub(crate) fn console_filtered(&mut self) {
        if let Screen::Console(ui) = &mut self.screen {
            ui.ev_sel = 0;
        }
    }

    fn console_session_key(&mut self, mut ui: ConsoleUi, a: Action) {
        let n = SESSION_ITEMS.len();
        match a {
            Action::Up => ui.sess_sel = (ui.sess_sel + n - 1) % n,
            Action::Down => ui.sess_sel = (ui.sess_sel + 1) % n,
            Action::Pick(i) => {
                if ui.sess_sel == i {
                    self.screen = Screen::Console(ui);
                    return self.update(Action::Select);
                }
                ui.sess_sel = i.min(n - 1);
            }
            Action::Select => {
                let item = SESSION_ITEMS[ui.sess_sel.min(n - 1)];
                self.screen = Screen::Console(ui);
                match item {
                    SessionItem::Pause => self.toggle_pause(),
                    SessionItem::UndoInject => self.ask_undo_inject(),
                    SessionItem::Undo => self.ask_undo(),
                    SessionItem::Reveal => self.toggle_reveal(),
                    SessionItem::End => self.ask_end(),
                }
                return;
            }
            _ => {}
        }
        self.screen = Screen::Console(ui);
    }
}
