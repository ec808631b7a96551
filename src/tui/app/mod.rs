//! The app: which screen is up, the game being played, and `update`, the one place an action
//! changes anything. Nothing here touches the terminal, so every transition is testable with
//! plain function calls (see `tests/tui_update.rs`).
//!
//! Here: `App` and `update`; what each screen remembers is in `screens`. The rest of `App` is
//! split by what the player is doing: `menus` (the title, saved games, the new-game form),
//! `session` (starting, opening, saving and reporting a game), `flow` (whose turn it is at the
//! screen and the resolution told step by step), `planning` (the hand, the draft, previews and
//! packages) and `answers` (offers, the results, the brink crisis and the debrief).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use ratatui::layout::Rect;

use crate::ai::Policy;
use crate::content::{CardIx, ClassLength, CompiledPackage, ContentDb, MoveKind, ProvIx, SideId};
use crate::engine::moves::card_blocker;
use crate::engine::{CrisisChoice, Decision, Game, Input, Move, Phase, Response};
use crate::save::{self, SaveError, SaveInfo};

use super::facilitator::{ConsoleTab, ConsoleUi, FacilitatorMode};
use super::keys::{self, Action, KeyContext};
use super::preview::{self, Preview};
use super::replay::{ReplayData, ReplayUi};
use super::seats::{self, Seat};
use super::text_input::TextInput;
use super::theme::Theme;
use super::view::{self, Mark, Step, Viewer};

mod answers;
mod flow;
mod menus;
mod planning;
mod screens;
mod session;

pub use screens::*;

/// Smallest terminal the game draws in.
pub const MIN_W: u16 = 80;
pub const MIN_H: u16 = 24;
/// From this size on, the planning screen shows every panel at once.
pub const WIDE_W: u16 = 120;
pub const WIDE_H: u16 = 34;

pub struct App {
    pub db: Arc<ContentDb>,
    pub theme: Theme,
    pub size: (u16, u16),
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub session: Option<Session>,
    pub title_sel: usize,
    pub form: NewGameForm,
    pub editing: Option<Editing>,
    /// History as a chart rather than sparklines.
    pub chart: bool,
    /// One line of news or error for the status bar.
    pub status: Option<String>,
    pub quit: bool,
    /// Computer seats are due to move: their decisions go to a worker one at a time
    /// (`think`), and the screens wait for them unless paused.
    pub ai_due: bool,
    /// The computer players' worker, its job and the generation that makes old answers stale.
    pub(crate) thinker: super::think::Thinker,
    /// A computer player that failed (its side and the sentence), until that side decides
    /// again without failing.
    pub ai_error: Option<(SideId, String)>,
    /// Seats named on the command line (`brink play --policy`) and how agent programs run.
    pub seating: super::Seating,
    /// An agent program that died (the sentence): the game stops and Brink exits with 1.
    pub agent_failure: Option<String>,
    /// The side whose private screen is up (no handover is needed to give it the next one).
    pub at_screen: Option<SideId>,
    /// The data folder: autosaves in `saves/`, reports in `reports/` (None: no disk, as in
    /// tests, or no folder known for this user).
    pub data_dir: Option<PathBuf>,
    /// Autosave after every phase (false in tests and in replays).
    pub persist: bool,
    /// Why the last autosave failed, shown until one succeeds.
    pub save_error: Option<String>,
    /// The file the last autosave went to.
    pub last_save: Option<PathBuf>,
    /// A resumed game's note of the screen it was left on, until the next `route` uses it.
    pub(crate) resume_note: Option<super::resume::ScreenNote>,
    /// The saved games the title offers to resume (read when the title is shown).
    pub saves: Vec<SaveInfo>,
    /// Files in the saves folder that are not readable records (left alone).
    pub unreadable: usize,
    /// `brink replay`: the whole recorded game and the point shown.
    pub replay: Option<ReplayData>,
    /// Clickable regions of the last frame, topmost last.
    pub hits: RefCell<Vec<(Rect, Action)>>,
    /// How far the text under the keys can scroll, as the last frame laid it out (the offer,
    /// the scenario's brief, the overlays, the resolution's steps, the debrief, the replay's
    /// log): a key that scrolls stops there, so that scrolling back answers at once instead of
    /// first working off presses past the end. Unknown (`u16::MAX`) from any other key until
    /// the next frame.
    pub scroll_max: Cell<u16>,
    preview_cache: RefCell<HashMap<PreviewKey, Preview>>,
}

/// A cached preview: turn, side, card and package.
type PreviewKey = (u16, SideId, CardIx, Vec<ProvIx>);

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl App {
    /// A new app at the title screen. `seed` is the seed the new-game screen proposes.
    pub fn new(db: Arc<ContentDb>, theme: Theme, seed: u64) -> App {
        let scenario = db
            .scenarios
            .iter()
            .position(|s| s.id == "hanoi-2019")
            .unwrap_or(0);
        let mut app = App {
            form: NewGameForm {
                field: Field::Scenario,
                scenario,
                seat_sel: 0,
                seats: std::array::from_fn(|_| Seat::Human),
                seed: TextInput::digits(&seed.to_string(), 19),
                facilitator: false,
                timer: 0,
                brief_scroll: 0,
                seed_fixed: false,
                seed_used: false,
                length: 0,
            },
            db,
            theme,
            size: (MIN_W, MIN_H),
            screen: Screen::Title,
            overlay: None,
            session: None,
            title_sel: 0,
            editing: None,
            chart: false,
            status: None,
            quit: false,
            ai_due: false,
            thinker: Default::default(),
            ai_error: None,
            seating: Default::default(),
            agent_failure: None,
            at_screen: None,
            data_dir: None,
            persist: false,
            save_error: None,
            last_save: None,
            resume_note: None,
            saves: Vec::new(),
            unreadable: 0,
            replay: None,
            hits: RefCell::new(Vec::new()),
            scroll_max: Cell::new(u16::MAX),
            preview_cache: RefCell::new(HashMap::new()),
        };
        app.reset_seats();
        app
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_W || self.size.1 < MIN_H
    }
    pub fn wide(&self) -> bool {
        self.size.0 >= WIDE_W && self.size.1 >= WIDE_H
    }

    /// The key context right now: an overlay, typing, or the screen.
    pub fn ctx(&self) -> KeyContext {
        if let Some(o) = &self.overlay {
            return match o {
                Overlay::Help { .. } => KeyContext::Help,
                Overlay::Why { .. } => KeyContext::Why,
                Overlay::Confirm { .. } => KeyContext::Confirm,
                Overlay::Quit => KeyContext::QuitConfirm,
            };
        }
        if self.too_small() {
            return KeyContext::TooSmall;
        }
        if self.editing.is_some() {
            return KeyContext::Editing;
        }
        self.screen_ctx()
    }

    /// The context of the screen under any overlay (for the help overlay).
    pub fn screen_ctx(&self) -> KeyContext {
        match &self.screen {
            Screen::Title => KeyContext::Title,
            Screen::NewGame => KeyContext::NewGame,
            Screen::Handover(_) => KeyContext::Handover,
            Screen::Planning(_) => KeyContext::Planning,
            Screen::Package(_) => KeyContext::Package,
            Screen::Respond(_) => KeyContext::Respond,
            Screen::Resolution(_) => KeyContext::Resolution,
            Screen::Crisis(_) => KeyContext::Crisis,
            Screen::Debrief(_) => KeyContext::Debrief,
            Screen::Saves(_) => KeyContext::Saves,
            Screen::Console(ui) => match ui.tab {
                ConsoleTab::Events => KeyContext::ConsoleEvents,
                ConsoleTab::Free => KeyContext::ConsoleFree,
                ConsoleTab::Override => KeyContext::ConsoleOverride,
                ConsoleTab::Session => KeyContext::ConsoleSession,
                ConsoleTab::Summary => KeyContext::ConsoleSummary,
            },
            Screen::Replay(_) => KeyContext::Replay,
        }
    }

    /// Whether the game in progress is run by a facilitator (the console key exists).
    pub fn facilitator(&self) -> bool {
        self.session.as_ref().is_some_and(|s| s.fac.is_some()) && self.replay.is_none()
    }

    /// Whether the facilitator has paused the session.
    pub fn paused(&self) -> bool {
        self.session
            .as_ref()
            .and_then(|s| s.fac.as_ref())
            .is_some_and(|f| f.paused)
    }

    /// Turns a terminal event into an action, using the key table.
    pub fn action_for_event(&self, ev: &ratatui::crossterm::event::Event) -> Option<Action> {
        use ratatui::crossterm::event::{Event, KeyEventKind, MouseButton, MouseEventKind};
        match ev {
            Event::Key(k) if k.kind == KeyEventKind::Press => {
                keys::action_for_in(self.ctx(), self.facilitator(), k)
            }
            Event::Paste(s) => Some(Action::Paste(s.clone())),
            Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
            Event::Mouse(m) => match m.kind {
                MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
                MouseEventKind::ScrollUp => Some(Action::ScrollUp),
                MouseEventKind::ScrollDown => Some(Action::ScrollDown),
                _ => None,
            },
            _ => None,
        }
    }

    /// Applies an action, then waits for the computer seats to move (tests use this; the
    /// terminal loop calls `update` and `pump_ai` and never waits on a computer).
    pub fn handle(&mut self, a: Action) {
        self.update(a);
        self.run_ai();
    }

    // ---------------------------------------------------------------- update

    pub fn update(&mut self, a: Action) {
        self.apply(a);
        // Computers still due after a cancellation (an inject, an override, a resume) are
        // asked again at once, about the game as it now is.
        self.next_job();
    }

    fn apply(&mut self, a: Action) {
        // Keys arrive in bursts between frames: after anything that may change what is shown
        // (another step, section or screen, a resize), how far it scrolls is unknown until the
        // next frame has laid it out.
        if !matches!(
            a,
            Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::Home
                | Action::End
                | Action::Tick(_)
        ) {
            self.scroll_max.set(u16::MAX);
        }
        match a {
            Action::Resize(w, h) => {
                self.size = (w, h);
                return;
            }
            Action::ForceQuit => {
                self.cancel_ai();
                self.autosave();
                self.quit = true;
                return;
            }
            Action::Click(x, y) => {
                let hit = self
                    .hits
                    .borrow()
                    .iter()
                    .rev()
                    .find(|(r, _)| r.contains(ratatui::layout::Position { x, y }))
                    .map(|(_, a)| a.clone());
                if let Some(act) = hit {
                    self.update(act);
                }
                return;
            }
            Action::ScrollUp => return self.update(Action::Up),
            Action::ScrollDown => return self.update(Action::Down),
            Action::Tick(d) => {
                self.tick(d);
                return;
            }
            _ => {}
        }
        if self.overlay.is_some() {
            self.update_overlay(a);
            return;
        }
        if self.too_small() {
            if a == Action::Quit {
                self.overlay = Some(Overlay::Quit);
            }
            return;
        }
        if let Some(ed) = self.editing {
            self.update_editing(ed, a);
            return;
        }
        match a {
            Action::Help => {
                self.overlay = Some(Overlay::Help { scroll: 0 });
                return;
            }
            Action::Quit => {
                self.overlay = Some(Overlay::Quit);
                return;
            }
            Action::Console => {
                self.open_console();
                return;
            }
            _ => {}
        }
        if self.paused() && !self.allowed_while_paused(&a) {
            self.status = Some(
                "Paused by the facilitator: nothing moves until the session resumes (F, then p)."
                    .into(),
            );
            return;
        }
        // While a computer thinks, only looking around (and the console) is allowed: a human's
        // input now would come before the computers' and change the record's order.
        if self.waits_for_computers(&a) {
            self.status = Some(super::think::WAIT.into());
            return;
        }
        self.status = None;
        match self.screen.clone() {
            Screen::Title => self.update_title(a),
            Screen::NewGame => self.update_new_game(a),
            // The privacy screen is passed by Space alone: Enter confirms on every screen
            // before a handover, so a second Enter (or a key pressed twice) never shows one
            // side's screen to the next.
            Screen::Handover(p) => match a {
                Action::Ready => self.open(p),
                Action::Select => {
                    self.status = Some(format!(
                        "Press Space when {} is at the screen (Enter does not pass this screen).",
                        p.side()
                    ))
                }
                _ => {}
            },
            Screen::Planning(ui) => self.update_planning(ui, a),
            Screen::Package(ui) => self.update_package(ui, a),
            Screen::Respond(ui) => self.update_respond(ui, a),
            Screen::Resolution(ui) => self.update_resolution(ui, a),
            Screen::Crisis(ui) => self.update_crisis(ui, a),
            Screen::Debrief(ui) => self.update_debrief(ui, a),
            Screen::Saves(ui) => self.update_saves(ui, a),
            Screen::Console(ui) => self.update_console(ui, a),
            Screen::Replay(ui) => self.update_replay(ui, a),
        }
    }

    /// While paused only looking around is allowed (and the console, which resumes).
    fn allowed_while_paused(&self, a: &Action) -> bool {
        if matches!(
            self.screen,
            Screen::Console(_) | Screen::Debrief(_) | Screen::Title | Screen::Saves(_)
        ) {
            return true;
        }
        Self::looking_around(a)
    }

    /// Whether `a` has to wait for the computers now (the footer leaves such keys out).
    pub fn waits_for_computers(&self, a: &Action) -> bool {
        // Overlays, typing, help, quit and the console never wait (`update` takes them first).
        if !self.ai_due || self.paused() || self.overlay.is_some() || self.editing.is_some() {
            return false;
        }
        if matches!(
            a,
            Action::Help | Action::Quit | Action::ForceQuit | Action::Console
        ) {
            return false;
        }
        !self.allowed_while_thinking(a)
    }

    /// While the computers choose: the console, and looking around the game's screens. The
    /// menus wait (a game starting from them is already under way).
    fn allowed_while_thinking(&self, a: &Action) -> bool {
        match self.screen {
            Screen::Console(_) | Screen::Debrief(_) => true,
            Screen::Title | Screen::NewGame | Screen::Saves(_) | Screen::Replay(_) => false,
            _ => Self::looking_around(a),
        }
    }

    /// Keys that change nothing but what is shown.
    fn looking_around(a: &Action) -> bool {
        matches!(
            a,
            Action::Up
                | Action::Down
                | Action::Home
                | Action::End
                | Action::PageUp
                | Action::PageDown
                | Action::NextPane
                | Action::PrevPane
                | Action::Back
                | Action::CycleView
                | Action::ToggleChart
                | Action::Why
                | Action::PickMeter(_)
        )
    }

    /// Lines a page key scrolls a full-height pane by: the terminal less the header, footer and
    /// the pane's frame, and at least one.
    pub(crate) fn page_lines(&self) -> u16 {
        self.size.1.saturating_sub(8).max(1)
    }

    /// `scroll` moved on by `by` lines, no further than the last frame's text allows.
    pub(crate) fn scrolled(&self, scroll: u16, by: u16) -> u16 {
        scroll.saturating_add(by).min(self.scroll_max.get())
    }

    /// Where a text scrolled from its top goes for a scrolling key (↑↓, PgUp/PgDn, Home/End);
    /// None for any other key.
    pub(crate) fn scroll_key(&self, scroll: u16, a: &Action) -> Option<u16> {
        Some(match a {
            Action::Up => scroll.saturating_sub(1),
            Action::Down => self.scrolled(scroll, 1),
            Action::PageUp => scroll.saturating_sub(self.page_lines()),
            Action::PageDown => self.scrolled(scroll, self.page_lines()),
            Action::Home => 0,
            Action::End => self.scrolled(scroll, u16::MAX),
            _ => return None,
        })
    }

    fn update_overlay(&mut self, a: Action) {
        let Some(mut o) = self.overlay.clone() else {
            return;
        };
        // Help and WHY scroll alike.
        if let Overlay::Help { scroll } | Overlay::Why { scroll, .. } = &mut o
            && let Some(to) = self.scroll_key(*scroll, &a)
        {
            *scroll = to;
            self.overlay = Some(o);
            return;
        }
        match o {
            Overlay::Help { .. } => match a {
                Action::Back | Action::Help => self.overlay = None,
                Action::Quit => self.overlay = Some(Overlay::Quit),
                _ => {}
            },
            Overlay::Why { meter, .. } => {
                let n = self.why_rows().len().max(1);
                match a {
                    Action::Back | Action::Why | Action::Select => self.overlay = None,
                    Action::Left => {
                        self.overlay = Some(Overlay::Why {
                            meter: (meter + n - 1) % n,
                            scroll: 0,
                        })
                    }
                    Action::Right => {
                        self.overlay = Some(Overlay::Why {
                            meter: (meter + 1) % n,
                            scroll: 0,
                        })
                    }
                    Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
                    Action::Quit => self.overlay = Some(Overlay::Quit),
                    _ => {}
                }
            }
            Overlay::Confirm { then, .. } => match a {
                Action::Yes => {
                    self.overlay = None;
                    match then {
                        Then::AddMove(m) => self.push_move(m),
                        Then::SubmitPlan => self.submit_plan(),
                        Then::Inject(e) => self.inject(e),
                        Then::Override(m, v) => self.apply_override(m, v),
                        Then::FreeInject(text, changes) => self.free_inject(text, changes),
                        Then::UndoInject => self.undo_inject(),
                        Then::Undo => self.undo(),
                        Then::EndSession => self.end_session(),
                    }
                }
                Action::No | Action::Back => self.overlay = None,
                Action::Quit => self.overlay = Some(Overlay::Quit),
                _ => {}
            },
            Overlay::Quit => match a {
                Action::Yes => {
                    self.cancel_ai();
                    self.autosave();
                    self.quit = true;
                }
                Action::No | Action::Back => self.overlay = None,
                _ => {}
            },
        }
    }

    fn update_editing(&mut self, ed: Editing, a: Action) {
        let Some(t) = self.text_mut(ed) else {
            self.editing = None;
            return;
        };
        match a {
            Action::Char(c) => t.insert(c),
            Action::Paste(s) => t.insert_str(&s),
            Action::Backspace => t.backspace(),
            Action::Delete => t.delete(),
            Action::Left => t.left(),
            Action::Right => t.right(),
            Action::Home => t.home(),
            Action::End => t.end(),
            Action::ClearText => t.clear(),
            Action::Select | Action::Back => {
                self.editing = None;
                if matches!(
                    ed,
                    Editing::Filter | Editing::OverrideValue | Editing::OverrideReason
                ) {
                    self.console_typed(ed, a == Action::Select);
                }
            }
            _ => {}
        }
        if ed == Editing::Filter {
            self.console_filtered();
        }
    }

    fn text_mut(&mut self, ed: Editing) -> Option<&mut TextInput> {
        match ed {
            Editing::Seed => Some(&mut self.form.seed),
            Editing::Rationale(side) => self
                .session
                .as_mut()
                .map(|s| &mut s.drafts[side.index()].rationale),
            Editing::Filter
            | Editing::FreeText
            | Editing::OverrideValue
            | Editing::OverrideReason => {
                let Screen::Console(ui) = &mut self.screen else {
                    return None;
                };
                Some(match ed {
                    Editing::Filter => &mut ui.filter,
                    Editing::FreeText => &mut ui.free_text,
                    Editing::OverrideValue => &mut ui.value,
                    _ => &mut ui.reason,
                })
            }
        }
    }

    // ---------------------------------------------------------------- title and new game

    /// The meters the WHY overlay cycles through, for whoever is at the screen.
    pub fn why_rows(&self) -> Vec<crate::engine::MeterRef> {
        let Some(sess) = &self.session else {
            return Vec::new();
        };
        view::meter_rows(&sess.game.state, self.why_viewer())
    }

    pub fn why_viewer(&self) -> Viewer {
        match &self.screen {
            Screen::Planning(ui) => Viewer::Side(ui.side),
            Screen::Debrief(_) | Screen::Replay(_) | Screen::Console(_) => Viewer::All,
            _ => self
                .session
                .as_ref()
                .map(|s| s.table_viewer())
                .unwrap_or(Viewer::Public),
        }
    }

    /// Whether a card is in a side's plan.
    pub fn planned(&self, side: SideId, card: CardIx) -> bool {
        self.draft(side)
            .is_some_and(|d| d.moves.iter().any(|m| m.card == card))
    }

    /// Kind of a card, for callers outside the engine.
    pub fn kind(&self, card: CardIx) -> MoveKind {
        self.db.compiled_cards[card as usize].kind
    }
}

pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
