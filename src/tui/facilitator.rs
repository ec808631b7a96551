//! The facilitator ("white cell"): a console over any screen of a facilitated game (`F`) to
//! inject an event from the deck, write a free inject with meter changes, override a number
//! with a reason, pause and resume, undo the last turn, reveal the hidden information to
//! everyone, and end the session; and the planning clock.
//!
//! Everything the facilitator does is an engine input (`Input::Inject`, `Input::Override`,
//! `Input::FreeInject`), so it is in the game log as the facilitator's and in the record. The
//! session's own events — opened, paused, resumed, revealed, undone, ended, time up — are
//! free injects with no changes, in fixed words, so a resumed record knows it was facilitated,
//! whether it was paused, and its planning timer.
//!
//! Pause: while paused nothing advances (the players' keys that would change anything are
//! refused with a sentence, the planning clock is frozen); the console still works, and an
//! inject fires at once, exactly once — resuming fires nothing, it only logs "resumed".
//! Computer sides do not move while paused either: a decision being thought about when the
//! pause came is dropped, and asked again on resume.

use std::ops::Range;
use std::time::Duration;

use crate::content::{ContentDb, EventIx, SideId};
use crate::engine::text::meter_name;
use crate::engine::{Decision, Game, Input, LedgerEntry, MeterRef, Phase, Recorded};

use super::app::{App, Editing, Overlay, PackFor, Screen, Then};
use super::keys::Action;
use super::text_input::TextInput;
use super::view::{self, Viewer};

/// Facilitator mode of a game in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Facil {
    /// Each side's planning time a turn (None: no timer).
    pub timer: Option<Duration>,
    /// The countdown of the side planning now.
    pub clock: Option<Clock>,
    pub paused: bool,
    /// The shared screens show everything (the exact programme, every covert move).
    pub reveal: bool,
    /// The console tab last used (it opens there again).
    pub last_tab: ConsoleTab,
}

impl Facil {
    pub fn new(timer: Option<Duration>) -> Facil {
        Facil {
            timer,
            clock: None,
            paused: false,
            reveal: false,
            last_tab: ConsoleTab::Events,
        }
    }
}

/// A side's planning countdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub turn: u16,
    pub side: SideId,
    pub left: Duration,
}

impl Clock {
    /// "4:59": minutes and seconds left, rounded up.
    pub fn text(&self) -> String {
        let secs = self.left.as_millis().div_ceil(1000) as u64;
        format!("{}:{:02}", secs / 60, secs % 60)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsoleTab {
    Events,
    Free,
    Override,
    Session,
}

impl ConsoleTab {
    pub const ALL: [ConsoleTab; 4] = [
        ConsoleTab::Events,
        ConsoleTab::Free,
        ConsoleTab::Override,
        ConsoleTab::Session,
    ];
    pub fn label(self) -> &'static str {
        match self {
            ConsoleTab::Events => "Inject an event",
            ConsoleTab::Free => "Free inject",
            ConsoleTab::Override => "Override",
            ConsoleTab::Session => "Session",
        }
    }
    pub fn index(self) -> usize {
        ConsoleTab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

/// The console's state: its tab, the screen it was opened over, and each tab's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsoleUi {
    pub tab: ConsoleTab,
    pub back: Box<Screen>,
    /// Events: the search text and the highlighted row of the filtered list.
    pub filter: TextInput,
    pub ev_sel: usize,
    /// Free inject: what happens, and the changes to numbers (meter, delta).
    pub free_text: TextInput,
    pub changes: Vec<(MeterRef, f32)>,
    pub free_sel: usize,
    /// Override: the number, its new value and the reason.
    pub ov_sel: usize,
    pub value: TextInput,
    pub reason: TextInput,
    /// Session: the highlighted control.
    pub sess_sel: usize,
    /// What the last console action did.
    pub last: Option<String>,
}

impl ConsoleUi {
    pub fn new(back: Screen, tab: ConsoleTab) -> ConsoleUi {
        ConsoleUi {
            tab,
            back: Box::new(back),
            filter: TextInput::new(40),
            ev_sel: 0,
            free_text: TextInput::new(200),
            changes: Vec::new(),
            free_sel: 0,
            ov_sel: 0,
            value: TextInput::digits("", 4),
            reason: TextInput::new(160),
            sess_sel: 0,
            last: None,
        }
    }

    pub fn change_of(&self, m: MeterRef) -> f32 {
        self.changes
            .iter()
            .find(|(x, _)| *x == m)
            .map(|(_, d)| *d)
            .unwrap_or(0.0)
    }
}

/// The range the override may set a number to: the engine's own bounds (a programme count has
/// no upper bound there; the console stops at 9999).
pub fn override_range(m: MeterRef) -> (f32, f32) {
    use crate::content::ProgrammeField;
    match m {
        MeterRef::Programme(ProgrammeField::IcbmReadiness) => (0.0, 100.0),
        MeterRef::Programme(_) => (0.0, 9999.0),
        MeterRef::Pc(_) => (0.0, 20.0),
        _ => (0.0, 100.0),
    }
}

/// The session controls of the console's last tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionItem {
    Pause,
    /// Take back the facilitator's last inject or override alone.
    UndoInject,
    Undo,
    Reveal,
    End,
}

pub const SESSION_ITEMS: [SessionItem; 5] = [
    SessionItem::Pause,
    SessionItem::Undo,
    SessionItem::UndoInject,
    SessionItem::Reveal,
    SessionItem::End,
];

// The fixed words of the session's own notes (a resumed record is read back from them).
const OPENED: &str = "opened the session as facilitator";
/// After an undo took the opening back: the same settings, said again.
const GOES_ON: &str = "the session goes on";
const PAUSED: &str = "paused the session";
const RESUMED: &str = "resumed the session";
const REVEALED: &str = "revealed the hidden information to everyone";
const HIDDEN: &str = "hid the hidden information again";
const ENDED: &str = "ended the session";
const UNDID: &str = "undid turn";
const TIME_UP: &str = "time ran out for";

/// The note a facilitated game opens with.
pub fn opening_note(f: &Facil) -> String {
    format!("{OPENED}; {}", timer_words(f))
}

fn timer_words(f: &Facil) -> String {
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
pub fn facil_from_inputs(inputs: &[Recorded]) -> Option<Facil> {
    if !inputs.iter().any(|r| is_facilitator_input(&r.input)) {
        return None;
    }
    let mut f = Facil::new(None);
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
pub fn fac_spans_of(db: &ContentDb, game: &Game) -> Vec<(usize, Range<usize>)> {
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

/// The events the console lists for a search: first those only the facilitator can bring in
/// (facilitator-only injects, and the events `scenario` never draws), then the ordinary events,
/// then the incidents, each in deck order.
pub fn console_events(db: &ContentDb, scenario: u16, filter: &str) -> Vec<EventIx> {
    let f = filter.trim().to_lowercase();
    let allowed = db
        .c_scenarios
        .get(scenario as usize)
        .map(|c| &c.event_allowed[..]);
    let rank = |i: usize| {
        let e = &db.events[i];
        let drawn = allowed.and_then(|a| a.get(i)).copied().unwrap_or(true);
        if !drawn || e.weight <= 0.0 && !e.incident {
            0
        } else if e.incident {
            2
        } else {
            1
        }
    };
    let mut v: Vec<usize> = (0..db.events.len())
        .filter(|i| {
            let e = &db.events[*i];
            f.is_empty()
                || e.name.to_lowercase().contains(&f)
                || e.id.to_lowercase().contains(&f)
                || e.description.to_lowercase().contains(&f)
        })
        .collect();
    v.sort_by_key(|i| (rank(*i), *i));
    v.into_iter().map(|i| i as EventIx).collect()
}

/// What the console calls an event the scenario leaves out of its draws.
pub const NOT_DRAWN_HERE: &str = "not drawn in this scenario";

/// How the console describes an event's place in the deck of `scenario`.
pub fn event_kind(db: &ContentDb, scenario: u16, e: EventIx) -> &'static str {
    let ev = &db.events[e as usize];
    let drawn = db.c_scenarios[scenario as usize]
        .event_allowed
        .get(e as usize)
        .copied()
        .unwrap_or(true);
    if !drawn {
        NOT_DRAWN_HERE
    } else if ev.incident {
        "incident"
    } else if ev.weight <= 0.0 {
        "facilitator only"
    } else {
        "drawn by weight"
    }
}

impl App {
    // ------------------------------------------------------------ the clock

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

    // ------------------------------------------------------------ the console

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

    /// The numbers the console can change: every meter, exact.
    pub fn console_meters(&self) -> Vec<MeterRef> {
        match &self.session {
            Some(s) => view::meter_rows(&s.game.state, Viewer::All),
            None => Vec::new(),
        }
    }

    /// The override's value field, set to the highlighted number's current value.
    fn reset_override_value(&mut self) {
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
    fn console_says(&mut self, msg: String) {
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
                if self.paused() {
                    lines.push("The session is paused: the inject still fires at once.".into());
                }
                lines.push("Inject it?".into());
                self.screen = Screen::Console(ui);
                self.overlay = Some(Overlay::Confirm {
                    title: "Inject an event".into(),
                    lines,
                    then: Then::Inject(e),
                    warn: false,
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

    /// Checks the override (a reason, a value in range) and asks before setting it.
    pub(crate) fn ask_override(&mut self) {
        let rows = self.console_meters();
        let Screen::Console(ui) = &self.screen else {
            return;
        };
        let Some(m) = rows.get(ui.ov_sel).copied() else {
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
        let rows = self.console_meters();
        let Screen::Console(ui) = &self.screen else {
            return;
        };
        let Some(m) = rows.get(ui.ov_sel).copied() else {
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

    // ------------------------------------------------------------ the facilitator's inputs

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

    fn ask_undo(&mut self) {
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
            let now = facil_from_inputs(&game.inputs).unwrap_or_else(|| Facil::new(None));
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

    fn ask_undo_inject(&mut self) {
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

    fn ask_end(&mut self) {
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
