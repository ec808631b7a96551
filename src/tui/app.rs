//! The app: which screen is up, the game being played, and `update`, the one place an action
//! changes anything. Nothing here touches the terminal, so every transition is testable with
//! plain function calls (see `tests/tui_update.rs`).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use ratatui::layout::Rect;

use crate::ai::Policy;
use crate::content::{CPackage, CardIx, ClassLength, ContentDb, MoveKind, ProvIx, SideId};
use crate::engine::moves::card_blocker;
use crate::engine::{CrisisChoice, Decision, Game, Input, Move, Phase, Response};
use crate::save::{self, SaveError, SaveInfo};

use super::facilitator::{ConsoleTab, ConsoleUi, Facil};
use super::keys::{self, Action, Ctx};
use super::preview::{self, Preview};
use super::replay::{ReplayData, ReplayUi};
use super::seats::{self, Seat};
use super::text_input::TextInput;
use super::theme::Theme;
use super::view::{self, Mark, Step, Viewer};

/// Smallest terminal the game draws in.
pub const MIN_W: u16 = 80;
pub const MIN_H: u16 = 24;
/// From this size on, the planning screen shows every panel at once.
pub const WIDE_W: u16 = 120;
pub const WIDE_H: u16 = 34;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Hand,
    Meters,
    Log,
}

/// The right-hand panel of the compact planning screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RightView {
    Card,
    Meters,
    Map,
    Log,
    History,
}

impl RightView {
    pub const ALL: [RightView; 5] = [
        RightView::Card,
        RightView::Meters,
        RightView::Map,
        RightView::Log,
        RightView::History,
    ];
    pub fn label(self) -> &'static str {
        match self {
            RightView::Card => "Card",
            RightView::Meters => "Meters",
            RightView::Map => "Map",
            RightView::Log => "Log",
            RightView::History => "History",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanUi {
    pub side: SideId,
    pub focus: Pane,
    pub hand_sel: usize,
    pub meter_sel: usize,
    /// Lines scrolled back from the end of the log.
    pub log_scroll: u16,
    pub detail_scroll: u16,
    pub view: RightView,
}

impl PlanUi {
    pub fn new(side: SideId) -> PlanUi {
        PlanUi {
            side,
            focus: Pane::Hand,
            hand_sel: 0,
            meter_sel: 0,
            log_scroll: 0,
            detail_scroll: 0,
            view: RightView::Card,
        }
    }
}

/// What a package being built is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackFor {
    Card(CardIx),
    Counter(u16),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PackageUi {
    pub side: SideId,
    pub purpose: PackFor,
    pub chosen: Vec<ProvIx>,
    pub sel: usize,
    pub back: Box<Screen>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RespondUi {
    pub side: SideId,
    pub offer: u16,
    /// The answer chosen so far: 0 accept, 1 reject, 2 counter; none when the offer opens, so
    /// that an Enter meant for the screen before cannot answer it. Enter confirms.
    pub sel: Option<usize>,
    pub scroll: u16,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CrisisUi {
    pub side: SideId,
    /// The choice so far: 0 stand firm, 1 back down; none at first. Enter confirms it.
    pub sel: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResUi {
    pub turn: u16,
    pub date: String,
    pub steps: Vec<Step>,
    /// How many steps are shown.
    pub shown: usize,
    pub scroll: u16,
    pub viewer: Viewer,
    /// Meters when the resolution began and now: (tension, trust US→DPRK...) via snapshots.
    pub before: [f32; 6],
    pub after: [f32; 6],
    /// Map sites of the turn's events (site ids).
    pub sites: Vec<String>,
    /// The resolution stops at a brink crisis.
    pub crisis: bool,
    /// Tension when the sides planned, if the turn's opening events had moved it (the
    /// planning screens showed this, not `before`).
    pub at_planning: Option<f32>,
    /// The summary page: every step's headline on one screen (hotseat games open on it, so a
    /// class reads the turn at a glance); → opens the steps one at a time.
    pub summary: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DebriefUi {
    pub section: usize,
    pub scroll: u16,
    /// Where the after-action report was written (or why it could not be).
    pub report: Option<String>,
}

/// The list of saved games (title → Resume).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SavesUi {
    pub sel: usize,
    /// Why the last attempt to resume failed (one sentence).
    pub error: Option<String>,
}

pub const DEBRIEF_SECTIONS: [&str; 4] = ["Outcome", "Charts", "Turning points", "History"];

#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    Title,
    NewGame,
    Handover(Decision),
    Planning(PlanUi),
    Package(PackageUi),
    Respond(RespondUi),
    Resolution(ResUi),
    Crisis(CrisisUi),
    Debrief(DebriefUi),
    Saves(SavesUi),
    /// The facilitator console, over the screen it was opened from.
    Console(ConsoleUi),
    Replay(ReplayUi),
}

/// What a yes in the confirm box does.
#[derive(Debug, Clone, PartialEq)]
pub enum Then {
    AddMove(Move),
    SubmitPlan,
    /// Facilitator: fire this event now.
    Inject(crate::content::EventIx),
    /// Facilitator: set this number to this value (the reason is in the console's field).
    Override(crate::engine::MeterRef, f32),
    /// Facilitator: a free inject, its text and changes.
    FreeInject(String, Vec<(crate::engine::MeterRef, f32)>),
    /// Facilitator: take back the last inject or override alone.
    UndoInject,
    /// Facilitator: take back the last turn.
    Undo,
    /// Facilitator: end the session and go to the debrief.
    EndSession,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    Why {
        meter: usize,
        scroll: u16,
    },
    Confirm {
        title: String,
        lines: Vec<String>,
        then: Then,
        warn: bool,
    },
    Quit,
}

/// Which text field the keyboard is typing into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Editing {
    Rationale(SideId),
    Seed,
    /// Console: the event search.
    Filter,
    /// Console: the free inject's text.
    FreeText,
    /// Console: the override's value and reason.
    OverrideValue,
    OverrideReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Scenario,
    Seats,
    Seed,
    /// The class length: the whole game or a shorter one the scenario offers.
    Length,
    Facilitator,
    Timer,
    Start,
}

impl Field {
    /// The new-game fields in Tab order.
    pub const ORDER: [Field; 7] = [
        Field::Scenario,
        Field::Seats,
        Field::Seed,
        Field::Length,
        Field::Facilitator,
        Field::Timer,
        Field::Start,
    ];
}

/// The planning timer's choices on the new-game screen, in minutes (0: no timer).
pub const TIMER_CHOICES: [u64; 8] = [0, 1, 2, 3, 5, 10, 15, 20];

#[derive(Debug, Clone, PartialEq)]
pub struct NewGameForm {
    pub field: Field,
    pub scenario: usize,
    pub seat_sel: usize,
    pub seats: [Seat; 5],
    pub seed: TextInput,
    /// Facilitator mode: the console (`F`) is available during the game.
    pub facilitator: bool,
    /// Index into `TIMER_CHOICES`.
    pub timer: usize,
    /// Lines the scenario's brief is scrolled by (PgUp/PgDn); back to 0 on another scenario.
    pub brief_scroll: u16,
    /// The seed shown was given on the command line (`--seed`): every new game keeps it.
    /// Otherwise a game started from the form uses its seed up, and the next new game draws a
    /// fresh one (two classes on one machine never get the same dice, nor one report name).
    pub seed_fixed: bool,
    /// A game was started with the seed shown.
    pub seed_used: bool,
    /// Index into `App::form_lengths`: 0 the whole game, then the scenario's class lengths.
    pub length: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub moves: Vec<Move>,
    pub rationale: TextInput,
}

/// A game in progress and everything the screens remember about it.
pub struct Session {
    pub game: Game,
    pub seats: [Seat; 5],
    pub policies: [Option<Box<dyn Policy>>; 5],
    pub ai_rng: ChaCha8Rng,
    pub drafts: [Draft; 5],
    /// Where each side last looked (for "since your last turn").
    pub marks: [Option<Mark>; 5],
    /// The resolution not yet shown starts here in the log and the ledger.
    pub res_log: usize,
    pub res_ledger: usize,
    pub res_turn: u16,
    pub crisis_shown: bool,
    /// Facilitator mode, with its pause, reveal and planning clock (None: no facilitator).
    pub fac: Option<Facil>,
    /// Each facilitator action: its log entry and the ledger entries it made (so a resolution
    /// lists every inject with its own effects).
    pub fac_spans: Vec<(usize, Range<usize>)>,
}

impl Session {
    pub fn humans(&self) -> Vec<SideId> {
        self.game
            .state
            .seated_sides()
            .filter(|s| self.seats[s.index()].is_human())
            .collect()
    }
    pub fn is_human(&self, s: SideId) -> bool {
        self.seats[s.index()].is_human()
    }
    /// The viewer of screens every player at the table sees (everything, once the facilitator
    /// has revealed the hidden information).
    pub fn table_viewer(&self) -> Viewer {
        if self.fac.as_ref().is_some_and(|f| f.reveal) {
            return Viewer::All;
        }
        match self.humans().as_slice() {
            [one] => Viewer::Side(*one),
            _ => Viewer::Public,
        }
    }
    pub fn controllers(&self) -> Vec<(SideId, String)> {
        self.game
            .state
            .seated_sides()
            .map(|s| (s, self.seats[s.index()].record_name()))
            .collect()
    }
}

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
    pub fn ctx(&self) -> Ctx {
        if let Some(o) = &self.overlay {
            return match o {
                Overlay::Help { .. } => Ctx::Help,
                Overlay::Why { .. } => Ctx::Why,
                Overlay::Confirm { .. } => Ctx::Confirm,
                Overlay::Quit => Ctx::QuitConfirm,
            };
        }
        if self.too_small() {
            return Ctx::TooSmall;
        }
        if self.editing.is_some() {
            return Ctx::Editing;
        }
        self.screen_ctx()
    }

    /// The context of the screen under any overlay (for the help overlay).
    pub fn screen_ctx(&self) -> Ctx {
        match &self.screen {
            Screen::Title => Ctx::Title,
            Screen::NewGame => Ctx::NewGame,
            Screen::Handover(_) => Ctx::Handover,
            Screen::Planning(_) => Ctx::Planning,
            Screen::Package(_) => Ctx::Package,
            Screen::Respond(_) => Ctx::Respond,
            Screen::Resolution(_) => Ctx::Resolution,
            Screen::Crisis(_) => Ctx::Crisis,
            Screen::Debrief(_) => Ctx::Debrief,
            Screen::Saves(_) => Ctx::Saves,
            Screen::Console(ui) => match ui.tab {
                ConsoleTab::Events => Ctx::ConsoleEvents,
                ConsoleTab::Free => Ctx::ConsoleFree,
                ConsoleTab::Override => Ctx::ConsoleOverride,
                ConsoleTab::Session => Ctx::ConsoleSession,
                ConsoleTab::Summary => Ctx::ConsoleSummary,
            },
            Screen::Replay(_) => Ctx::Replay,
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

    fn update_overlay(&mut self, a: Action) {
        let Some(o) = self.overlay.clone() else {
            return;
        };
        match o {
            Overlay::Help { scroll } => match a {
                Action::Back | Action::Help => self.overlay = None,
                Action::Up => {
                    self.overlay = Some(Overlay::Help {
                        scroll: scroll.saturating_sub(1),
                    })
                }
                Action::Down => {
                    self.overlay = Some(Overlay::Help {
                        scroll: self.scrolled(scroll, 1),
                    })
                }
                Action::Quit => self.overlay = Some(Overlay::Quit),
                _ => {}
            },
            Overlay::Why { meter, scroll } => {
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
                    Action::Up => {
                        self.overlay = Some(Overlay::Why {
                            meter,
                            scroll: scroll.saturating_sub(1),
                        })
                    }
                    Action::Down => {
                        self.overlay = Some(Overlay::Why {
                            meter,
                            scroll: self.scrolled(scroll, 1),
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

    /// The title menu: (label, available).
    pub fn title_items(&self) -> Vec<(&'static str, bool)> {
        vec![
            ("New game", true),
            ("Resume a saved game", !self.saves.is_empty()),
            ("Quit", true),
        ]
    }

    /// The autosaves folder: `<data>/saves`.
    pub fn saves_dir(&self) -> Option<PathBuf> {
        self.data_dir.as_ref().map(|d| d.join("saves"))
    }

    /// Reads the saves folder again (the title's Resume lists it).
    pub fn refresh_saves(&mut self) {
        let listing = match self.saves_dir() {
            Some(d) if self.persist => save::scan_dir(&d),
            _ => save::Listing::default(),
        };
        self.saves = listing.saves;
        self.unreadable = listing.skipped.len();
        // A saves folder that cannot be read (the data folder is a file) is said, not shown as
        // an empty list.
        if let Some(problem) = listing.problem {
            self.status = Some(capitalise(&problem) + ".");
        }
    }

    /// Back to the title, with the list of saves read again.
    pub fn to_title(&mut self) {
        self.cancel_ai();
        self.session = None;
        self.replay = None;
        self.overlay = None;
        self.editing = None;
        self.ai_due = false;
        self.at_screen = None;
        self.screen = Screen::Title;
        self.title_sel = 0;
        self.refresh_saves();
    }

    fn update_title(&mut self, a: Action) {
        let n = self.title_items().len();
        match a {
            Action::Up => self.title_sel = (self.title_sel + n - 1) % n,
            Action::Down => self.title_sel = (self.title_sel + 1) % n,
            Action::Pick(i) => {
                self.title_sel = i.min(n - 1);
                self.update_title(Action::Select);
            }
            Action::NewGame => self.open_new_game(),
            Action::Resume => self.open_saves(),
            Action::Select => match self.title_sel {
                0 => self.open_new_game(),
                1 => self.open_saves(),
                _ => self.overlay = Some(Overlay::Quit),
            },
            _ => {}
        }
    }

    fn open_saves(&mut self) {
        self.refresh_saves();
        if self.saves.is_empty() {
            self.status = Some(if self.unreadable > 0 {
                format!(
                    "There is no saved game to resume ({} file{} in the saves folder cannot be read).",
                    self.unreadable,
                    if self.unreadable == 1 { "" } else { "s" }
                )
            } else {
                "There is no saved game yet.".into()
            });
            return;
        }
        self.screen = Screen::Saves(SavesUi::default());
    }

    fn update_saves(&mut self, mut ui: SavesUi, a: Action) {
        let n = self.saves.len().max(1);
        match a {
            Action::Up => ui.sel = (ui.sel + n - 1) % n,
            Action::Down => ui.sel = (ui.sel + 1) % n,
            Action::Home => ui.sel = 0,
            Action::End => ui.sel = n - 1,
            Action::Back => {
                self.screen = Screen::Title;
                return;
            }
            Action::Pick(i) => {
                if ui.sel == i {
                    self.screen = Screen::Saves(ui);
                    return self.update(Action::Select);
                }
                ui.sel = i.min(n - 1);
            }
            Action::Select => {
                if let Some(info) = self.saves.get(ui.sel).cloned() {
                    match self.load_record(&info.path) {
                        Ok(()) => return,
                        Err(e) => ui.error = Some(e),
                    }
                }
            }
            _ => {}
        }
        self.screen = Screen::Saves(ui);
    }

    fn open_new_game(&mut self) {
        if self.form.seed_used && !self.form.seed_fixed {
            let cur: u64 = self.form.seed.text.parse().unwrap_or(0);
            self.form.seed.set(&(splitmix(cur) % 1_000_000).to_string());
        }
        self.form.seed_used = false;
        self.form.field = Field::Scenario;
        self.reset_seats();
        self.screen = Screen::NewGame;
    }

    /// Scenario indexes in the order the new-game screen lists them: by date.
    pub fn scenario_order(&self) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.db.scenarios.len()).collect();
        v.sort_by(|a, b| {
            let (x, y) = (&self.db.scenarios[*a], &self.db.scenarios[*b]);
            x.start.cmp(&y.start).then(x.title.cmp(&y.title))
        });
        v
    }

    /// How many turns the game in progress runs: its class length, else the scenario's.
    pub fn game_turns(&self) -> u16 {
        let Some(sess) = &self.session else { return 0 };
        // The engine's: a class length ends the game there (`GameState::turns`).
        sess.game.state.turns
    }

    /// The game lengths the form offers for its scenario: the whole game first, then the
    /// shorter class lengths the scenario lists.
    pub fn form_lengths(&self) -> Vec<ClassLength> {
        let Some(s) = self.db.scenarios.get(self.form.scenario) else {
            return vec![ClassLength {
                turns: 12,
                months: 1,
            }];
        };
        let whole = ClassLength {
            turns: s.turns,
            months: s.turn_months.max(1),
        };
        let mut v = vec![whole];
        v.extend(s.class_turns.iter().copied().filter(|c| *c != whole));
        v
    }

    /// The sides of the scenario selected in the form, in resolution order.
    pub fn form_sides(&self) -> Vec<SideId> {
        let Some(s) = self.db.scenarios.get(self.form.scenario) else {
            return Vec::new();
        };
        SideId::ALL
            .into_iter()
            .filter(|x| s.sides.iter().any(|ss| ss.side == *x))
            .collect()
    }

    pub(crate) fn reset_seats(&mut self) {
        let Some(sc) = self.db.scenarios.get(self.form.scenario) else {
            return;
        };
        let id = sc.id.clone();
        for side in SideId::ALL {
            self.form.seats[side.index()] = self.default_seat(&id, side);
        }
        self.form.seat_sel = 0;
        self.form.length = 0;
    }

    /// Turns facilitator mode on or off (off also stops the timer, which belongs to it).
    fn set_form_facilitator(&mut self, on: bool) {
        self.form.facilitator = on;
        if !on {
            self.form.timer = 0;
        }
    }

    /// Steps the planning timer through its choices (a timer needs facilitator mode).
    fn step_form_timer(&mut self, forward: bool) {
        let n = TIMER_CHOICES.len();
        self.form.timer = if forward {
            (self.form.timer + 1) % n
        } else {
            (self.form.timer + n - 1) % n
        };
        if TIMER_CHOICES[self.form.timer] > 0 && !self.form.facilitator {
            self.form.facilitator = true;
            self.status = Some(
                "The planning timer comes with facilitator mode, so the console can pause it."
                    .into(),
            );
        }
    }

    fn update_new_game(&mut self, a: Action) {
        let nsc = self.db.scenarios.len().max(1);
        let sides = self.form_sides();
        match a {
            Action::Back => self.screen = Screen::Title,
            Action::PageDown => self.form.brief_scroll = self.scrolled(self.form.brief_scroll, 5),
            Action::PageUp => self.form.brief_scroll = self.form.brief_scroll.saturating_sub(5),
            Action::NextPane | Action::PrevPane => {
                let order = Field::ORDER;
                let n = order.len();
                let i = order
                    .iter()
                    .position(|f| *f == self.form.field)
                    .unwrap_or(0);
                let j = if a == Action::NextPane {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                };
                self.form.field = order[j];
            }
            Action::Up | Action::Down => {
                let down = a == Action::Down;
                match self.form.field {
                    Field::Scenario => {
                        let order = self.scenario_order();
                        let i = order
                            .iter()
                            .position(|x| *x == self.form.scenario)
                            .unwrap_or(0);
                        let j = if down {
                            (i + 1) % nsc
                        } else {
                            (i + nsc - 1) % nsc
                        };
                        self.form.scenario = order[j.min(order.len().saturating_sub(1))];
                        self.form.brief_scroll = 0;
                        self.reset_seats();
                    }
                    Field::Seats => {
                        let n = sides.len().max(1);
                        self.form.seat_sel = if down {
                            (self.form.seat_sel + 1) % n
                        } else {
                            (self.form.seat_sel + n - 1) % n
                        };
                    }
                    // The right-hand panel: seed, length, facilitator, timer, start.
                    f => {
                        let col = [
                            Field::Seed,
                            Field::Length,
                            Field::Facilitator,
                            Field::Timer,
                            Field::Start,
                        ];
                        let i = col.iter().position(|x| *x == f).unwrap_or(0);
                        let j = if down {
                            (i + 1).min(col.len() - 1)
                        } else {
                            i.saturating_sub(1)
                        };
                        self.form.field = col[j];
                    }
                }
            }
            Action::Left | Action::Right | Action::Toggle => {
                let fwd = a != Action::Left;
                match self.form.field {
                    Field::Facilitator => {
                        let on = !self.form.facilitator;
                        self.set_form_facilitator(on);
                        return;
                    }
                    Field::Timer => {
                        self.step_form_timer(fwd);
                        return;
                    }
                    Field::Length => {
                        let n = self.form_lengths().len().max(1);
                        self.form.length = if fwd {
                            (self.form.length + 1) % n
                        } else {
                            (self.form.length + n - 1) % n
                        };
                        return;
                    }
                    Field::Scenario => self.form.field = Field::Seats,
                    _ => {}
                }
                if self.form.field == Field::Seats
                    && let Some(side) = sides.get(self.form.seat_sel).copied()
                {
                    let scenario = self
                        .db
                        .scenarios
                        .get(self.form.scenario)
                        .map_or("", |s| s.id.as_str());
                    let choices = seats::choices(&self.db, scenario, side);
                    let cur = &self.form.seats[side.index()];
                    let i = choices.iter().position(|c| c == cur).unwrap_or(0);
                    let n = choices.len();
                    let j = if a == Action::Left {
                        (i + n - 1) % n
                    } else {
                        (i + 1) % n
                    };
                    self.form.seats[side.index()] = choices[j].clone();
                }
            }
            Action::EditText => {
                self.form.field = Field::Seed;
                self.form.seed.end();
                self.editing = Some(Editing::Seed);
            }
            Action::RandomSeed => {
                let cur: u64 = self.form.seed.text.parse().unwrap_or(0);
                let next = splitmix(cur) % 1_000_000;
                self.form.seed.set(&next.to_string());
            }
            Action::Pick(i) => {
                // Rows: scenarios first, then seats, then the facilitator and the timer rows
                // (see the new-game screen).
                let ns = sides.len();
                if i < nsc {
                    self.form.field = Field::Scenario;
                    let pick = self.scenario_order().get(i).copied().unwrap_or(0);
                    if self.form.scenario != pick {
                        self.form.scenario = pick;
                        self.reset_seats();
                    }
                } else if i - nsc < ns {
                    let k = i - nsc;
                    if self.form.field == Field::Seats && self.form.seat_sel == k {
                        self.form.seat_sel = k;
                        self.update_new_game(Action::Right);
                    } else {
                        self.form.field = Field::Seats;
                        self.form.seat_sel = k;
                    }
                } else if i - nsc - ns == 0 {
                    if self.form.field == Field::Facilitator {
                        self.update_new_game(Action::Right);
                    }
                    self.form.field = Field::Facilitator;
                } else if i - nsc - ns == 2 {
                    if self.form.field == Field::Length {
                        self.update_new_game(Action::Right);
                    }
                    self.form.field = Field::Length;
                } else {
                    if self.form.field == Field::Timer {
                        self.update_new_game(Action::Right);
                    }
                    self.form.field = Field::Timer;
                }
            }
            Action::Select => self.start_from_form(),
            _ => {}
        }
    }

    fn start_from_form(&mut self) {
        let Some(sc) = self.db.scenarios.get(self.form.scenario) else {
            return;
        };
        let id = sc.id.clone();
        let sides = self.form_sides();
        if !sides.iter().any(|s| self.form.seats[s.index()].is_human()) {
            self.status =
                Some("At least one side must be played by a human at this screen.".into());
            return;
        }
        let seed = match self.form.seed.text.parse::<u64>() {
            Ok(s) => s,
            Err(_) => {
                self.status =
                    Some("The seed must be a whole number (press R for a random one).".into());
                self.form.field = Field::Seed;
                return;
            }
        };
        let seats = self.form.seats.clone();
        self.form.seed_used = true;
        let fac = self.form.facilitator.then(|| {
            let mins = TIMER_CHOICES[self.form.timer.min(TIMER_CHOICES.len() - 1)];
            Facil::new((mins > 0).then(|| std::time::Duration::from_secs(mins * 60)))
        });
        let lengths = self.form_lengths();
        let class = (self.form.length > 0)
            .then(|| lengths.get(self.form.length).copied())
            .flatten();
        self.start_game_class(&id, seed, seats, fac, class);
    }

    /// Starts a scenario with these seats (the `play --scenario` path skips the menus to here).
    pub fn start_game(&mut self, scenario: &str, seed: u64, seats: [Seat; 5]) {
        self.start_game_with(scenario, seed, seats, None);
    }

    /// Starts a scenario; with `fac`, in facilitator mode (the opening is logged as the
    /// facilitator's, so a resumed record knows it was a facilitated session).
    pub fn start_game_with(
        &mut self,
        scenario: &str,
        seed: u64,
        seats: [Seat; 5],
        fac: Option<Facil>,
    ) {
        self.start_game_class(scenario, seed, seats, fac, None);
    }

    /// `start_game_with`, at a class length (None: the whole game).
    pub fn start_game_class(
        &mut self,
        scenario: &str,
        seed: u64,
        seats: [Seat; 5],
        fac: Option<Facil>,
        class: Option<ClassLength>,
    ) {
        let Some(mut game) = Game::new_class(&self.db, scenario, seed, class) else {
            self.status = Some(format!("There is no scenario \"{scenario}\"."));
            return;
        };
        if let Some(f) = &fac {
            let text = super::facilitator::opening_note(f);
            let _ = game.submit(
                &self.db,
                Input::FreeInject {
                    text,
                    changes: Vec::new(),
                },
                None,
            );
        }
        self.install(game, seats, fac);
    }

    /// The seats a scenario starts with by default (see `seats::default_seat`).
    pub fn default_seats(&self, scenario: &str) -> [Seat; 5] {
        std::array::from_fn(|i| self.default_seat(scenario, SideId::from_index(i)))
    }

    /// A side's seat unless the players change it: the command line's (`--policy`), else
    /// `seats::default_seat`.
    fn default_seat(&self, scenario: &str, side: SideId) -> Seat {
        match &self.seating.policies[side.index()] {
            Some(spec) => Seat::Computer(spec.clone()),
            None => seats::default_seat(&self.db, scenario, side),
        }
    }

    pub(crate) fn install(&mut self, game: Game, seats: [Seat; 5], fac: Option<Facil>) {
        // Whatever a computer was thinking about belonged to the game being replaced.
        self.cancel_ai();
        self.ai_error = None;
        let mut failed = None;
        let policies: [Option<Box<dyn Policy>>; 5] = std::array::from_fn(|i| {
            let side = SideId::from_index(i);
            if game.state.seated(side) {
                let (p, error) = seats::policy(
                    &self.db,
                    &seats[i],
                    side,
                    &game.scenario_id,
                    &self.seating.agents,
                );
                if let Some(e) = error {
                    failed = Some((side, e));
                }
                p
            } else {
                None
            }
        });
        if failed.is_some() {
            self.ai_error = failed;
        }
        let seed = game.state.seed;
        // The current turn's resolution starts with its opening (events), so it is told whole.
        let log_len = game
            .journal
            .log
            .iter()
            .rposition(|e| matches!(e, crate::engine::LogEntry::TurnStart { .. }))
            .unwrap_or(0);
        let ledger_len = game
            .journal
            .ledger
            .iter()
            .position(|e| e.turn >= game.state.turn)
            .unwrap_or(game.journal.ledger.len());
        // "Since your last turn" starts at this turn's opening.
        let turn_start = log_len;
        let resumed = game
            .inputs
            .iter()
            .any(|r| !super::facilitator::is_facilitator_input(&r.input));
        let marks = std::array::from_fn(|_| {
            resumed.then(|| {
                let mut m = Mark::of(&game.state, turn_start);
                m.turn = game.state.turn;
                m
            })
        });
        let fac_spans = super::facilitator::fac_spans_of(&self.db, &game);
        self.session = Some(Session {
            res_turn: game.state.turn,
            game,
            seats,
            policies,
            ai_rng: ChaCha8Rng::seed_from_u64(splitmix(seed ^ 0xB41D)),
            drafts: Default::default(),
            marks,
            res_log: log_len,
            res_ledger: ledger_len,
            crisis_shown: false,
            fac,
            fac_spans,
        });
        self.preview_cache.borrow_mut().clear();
        self.overlay = None;
        self.editing = None;
        self.at_screen = None;
        // A new game (an undo is one) leaves the console: play starts again on the screens.
        if let Screen::Console(ui) = &self.screen {
            self.screen = (*ui.back).clone();
        }
        self.flow();
    }

    /// Opens a game for review only: straight to its debrief.
    pub fn review(&mut self, game: Game) {
        let seats: [Seat; 5] = std::array::from_fn(|_| Seat::Human);
        self.install(game, seats, None);
        self.cancel_ai();
        self.ai_due = false;
        self.status = None;
        self.screen = Screen::Debrief(DebriefUi::default());
    }

    /// Resumes a game record (a save or an autosave). A record that is not readable, was
    /// played with other decks or does not replay exactly is refused with its one sentence.
    pub fn load_record(&mut self, path: &std::path::Path) -> Result<(), String> {
        let (game, rec) = save::load_record(&self.db, path).map_err(|e| e.to_string())?;
        // A record from our saves folder keeps autosaving to its own file.
        if let Some(dir) = self.saves_dir()
            && path.parent().is_some_and(|p| p == dir)
            && Some(&dir) != save::saves_dir().as_ref()
        {
            let _ = save::load_in(&dir, &self.db, path);
        }
        let mut seats: [Seat; 5] = std::array::from_fn(|_| Seat::Human);
        for (side, name) in &rec.controllers {
            seats[side.index()] = match &self.seating.policies[side.index()] {
                // `brink play --load FILE --policy ...` seats anew.
                Some(spec) => Seat::Computer(spec.clone()),
                // A record never starts a program: an agent's seat goes to its persona.
                None if crate::agent::exec_command(name).is_some() => {
                    Seat::Computer(seats::persona_of(&self.db, &game.scenario_id, *side))
                }
                None => Seat::from_record(name),
            };
        }
        let fac = super::facilitator::facil_from_inputs(&game.inputs);
        // Where the screens stood (read before anything is saved over it).
        let note = App::read_screen_note(path, game.inputs.len());
        self.replay = None;
        self.install(game, seats, fac);
        self.last_save = Some(path.to_path_buf());
        // Back to the screen the game was left on: the same step of the results, the drafts.
        if let Some(note) = note {
            self.restore_screen_note(note);
        }
        Ok(())
    }

    /// Writes the game record to the autosave folder (`save::autosave`). A failure is one
    /// sentence on the status line, kept until a save succeeds; the game carries on.
    pub fn autosave(&mut self) {
        if !self.persist || self.replay.is_some() {
            return;
        }
        let Some(sess) = &self.session else {
            return;
        };
        let controllers = sess.controllers();
        let result = match self.saves_dir() {
            Some(dir) => save::autosave_in(&dir, &self.db, &sess.game, &controllers),
            None => Err(SaveError::NoDataDir),
        };
        match result {
            Ok(p) => {
                self.write_screen_note(&p);
                self.last_save = Some(p);
                self.save_error = None;
            }
            Err(e) => self.save_error = Some(capitalise(&e.to_string()) + "."),
        }
    }

    /// Writes the after-action report (HTML) of the game on screen to
    /// `<data>/reports/<scenario>-<seed>.html`; returns the sentence to show (where it went,
    /// or why it could not be written).
    pub fn write_report(&mut self) -> String {
        let Some(sess) = &self.session else {
            return "There is no game to report on.".into();
        };
        let game = self.replay.as_ref().map(|r| &r.full).unwrap_or(&sess.game);
        let Some(dir) = self.data_dir.as_ref().map(|d| d.join("reports")) else {
            return "Cannot write the report: no data folder is known for this user (set BRINK_DATA_DIR to a folder).".into();
        };
        if let Err(e) = std::fs::create_dir_all(&dir) {
            return format!("Cannot write the report to {}: {e}.", dir.display());
        }
        let path = dir.join(format!("{}-{}.html", game.scenario_id, game.state.seed));
        let controllers: Vec<(SideId, String)> = game
            .state
            .seated_sides()
            .map(|s| (s, sess.seats[s.index()].record_name()))
            .collect();
        let rec = crate::record::GameRecord::of_game(&self.db, game, controllers, "report");
        match crate::report::write(&self.db, game, &rec, crate::report::Format::Html, &path) {
            Ok(()) => format!("Report written: {}", path.display()),
            Err(e) => capitalise(&e) + ".",
        }
    }

    // ---------------------------------------------------------------- the flow of a game

    /// After any input: save, let computers move, then show what comes next.
    pub(crate) fn flow(&mut self) {
        // Every input a person gives is on disk before anything else happens.
        self.autosave();
        if self.computer_due() {
            // The computers think on a worker; the next screen comes when they are done.
            self.start_ai();
        } else {
            self.route();
        }
    }

    /// Whether a computer seat has to move now (the screens wait for it).
    pub(crate) fn computer_due_now(&self) -> bool {
        self.computer_due()
    }

    /// Whether a computer seat has to move now.
    fn computer_due(&self) -> bool {
        let Some(sess) = &self.session else {
            return false;
        };
        sess.game.pending().any(|d| !sess.is_human(d.side()))
    }

    /// Where the resolution not yet shown ends: (log index, ledger index), or None if there is
    /// nothing new to show.
    fn resolution_cut(&self) -> Option<(usize, usize, bool)> {
        let sess = self.session.as_ref()?;
        let g = &sess.game;
        let s = &g.state;
        let unseen = sess.res_log < g.journal.log.len();
        let advanced = s.turn > sess.res_turn || (s.phase == Phase::Over && unseen);
        if advanced {
            let log = &g.journal.log;
            let cut_log = if s.phase == Phase::Over && s.turn == sess.res_turn {
                log.len()
            } else {
                log[sess.res_log.min(log.len())..]
                    .iter()
                    .position(|e| {
                        matches!(e, crate::engine::LogEntry::TurnStart { turn, .. } if *turn > sess.res_turn)
                    })
                    .map(|i| i + sess.res_log)
                    .unwrap_or(log.len())
            };
            let led = &g.journal.ledger;
            let cut_ledger = led[sess.res_ledger.min(led.len())..]
                .iter()
                .position(|e| e.turn > sess.res_turn)
                .map(|i| i + sess.res_ledger)
                .unwrap_or(led.len());
            Some((cut_log, cut_ledger, false))
        } else if s.phase == Phase::Crisis && !sess.crisis_shown {
            Some((g.journal.log.len(), g.journal.ledger.len(), true))
        } else {
            None
        }
    }

    /// Shows the next screen: a resolution, the debrief, or the next human's turn.
    pub(crate) fn route(&mut self) {
        // A resumed game goes back to the results its players were reading.
        let resume_step = self
            .resume_note
            .take()
            .and_then(|note| self.rewind_results(&note));
        if let Some((cut_log, cut_ledger, crisis)) = self.resolution_cut() {
            self.autosave();
            let db = self.db.clone();
            let Some(sess) = self.session.as_ref() else {
                return;
            };
            let g = &sess.game;
            let viewer = sess.table_viewer();
            let log = &g.journal.log[sess.res_log.min(cut_log)..cut_log];
            let ledger = &g.journal.ledger[sess.res_ledger.min(cut_ledger)..cut_ledger];
            let rationales: Vec<_> = g
                .inputs
                .iter()
                .filter(|r| r.turn == sess.res_turn)
                .cloned()
                .collect();
            let fac: Vec<(usize, Range<usize>)> = sess
                .fac_spans
                .iter()
                .filter(|(l, _)| *l >= sess.res_log && *l < cut_log)
                .map(|(l, r)| {
                    (
                        l - sess.res_log,
                        r.start.saturating_sub(sess.res_ledger)
                            ..r.end.saturating_sub(sess.res_ledger),
                    )
                })
                .collect();
            let steps = view::resolution_steps(&db, log, ledger, &rationales, viewer, &fac);
            let snaps = &g.journal.snapshots;
            let before = snaps
                .iter()
                .rev()
                .find(|x| x.turn < sess.res_turn)
                .map(|x| x.meters)
                .unwrap_or(g.state.meters());
            let after = if crisis {
                g.state.meters()
            } else {
                snaps
                    .iter()
                    .rev()
                    .find(|x| x.turn == sess.res_turn)
                    .map(|x| x.meters)
                    .unwrap_or(g.state.meters())
            };
            let sites = steps.iter().filter_map(|st| st.site.clone()).collect();
            let t0 = before[crate::content::Meter::Tension.index()];
            let tp = view::tension_at_planning(log, ledger, t0);
            let at_planning = ((tp - t0).abs() >= 0.5).then_some(tp);
            let ui = ResUi {
                turn: sess.res_turn,
                date: g.state.date_of(&db, sess.res_turn),
                shown: resume_step
                    .unwrap_or(1)
                    .clamp(1.min(steps.len()), steps.len()),
                steps,
                scroll: 0,
                viewer,
                before,
                after,
                sites,
                crisis,
                at_planning,
                summary: !crisis && resume_step.is_none() && sess.humans().len() >= 2,
            };
            // The summary page opens at its top.
            let ui = ResUi {
                scroll: if ui.summary { u16::MAX } else { 0 },
                ..ui
            };
            let sess = self.session.as_mut().expect("checked above");
            sess.res_log = cut_log;
            sess.res_ledger = cut_ledger;
            if crisis {
                sess.crisis_shown = true;
            } else {
                sess.res_turn = sess.game.state.turn;
                sess.crisis_shown = false;
                // The next turn's opening (its events) starts the next resolution: the
                // cut is already there.
            }
            self.screen = Screen::Resolution(ui);
            self.at_screen = None;
            return;
        }
        let Some(sess) = self.session.as_ref() else {
            return;
        };
        if sess.game.state.phase == Phase::Over {
            self.screen = Screen::Debrief(DebriefUi::default());
            return;
        }
        let Some(p) = self.next_pending() else { return };
        let same_side = self.at_screen == Some(p.side());
        if !same_side && self.session.as_ref().is_some_and(|s| s.humans().len() >= 2) {
            self.screen = Screen::Handover(p);
        } else {
            self.open(p);
        }
    }

    /// The next decision a human at the screen has to make.
    pub fn next_pending(&self) -> Option<Decision> {
        let sess = self.session.as_ref()?;
        sess.game.pending().find(|d| sess.is_human(d.side()))
    }

    fn open(&mut self, d: Decision) {
        // What this side sees now is the base of its next "since your last turn".
        self.mark(d.side());
        self.at_screen = Some(d.side());
        if let Decision::Plan { side } = d {
            self.start_clock(side);
        }
        self.screen = match d {
            Decision::Plan { side } => {
                let mut ui = PlanUi::new(side);
                // Start on the first card that can be played.
                let hand = self.hand(side);
                ui.hand_sel = hand
                    .iter()
                    .position(|c| self.unplayable(side, *c).is_none())
                    .unwrap_or(0);
                Screen::Planning(ui)
            }
            Decision::Answer { side, offer } | Decision::CoSign { side, offer } => {
                Screen::Respond(RespondUi {
                    side,
                    offer,
                    sel: None,
                    scroll: 0,
                })
            }
            Decision::Brink { side } => Screen::Crisis(CrisisUi { side, sel: None }),
        };
    }

    /// Records where `side` has now seen up to.
    fn mark(&mut self, side: SideId) {
        if let Some(sess) = self.session.as_mut() {
            let m = Mark::of(&sess.game.state, sess.game.journal.log.len());
            sess.marks[side.index()] = Some(m);
        }
    }

    pub(crate) fn submit(&mut self, side: SideId, input: Input, rationale: Option<String>) -> bool {
        let db = self.db.clone();
        let Some(sess) = self.session.as_mut() else {
            return false;
        };
        let plan = matches!(input, Input::Plan { .. });
        match sess.game.submit(&db, input, rationale) {
            Ok(()) => {
                self.preview_cache.borrow_mut().clear();
                if plan {
                    self.stop_clock(side);
                }
                true
            }
            Err(e) => {
                self.status = Some(capitalise(&e.to_string()));
                false
            }
        }
    }

    // ---------------------------------------------------------------- planning

    /// The cards a side holds in this scenario, in deck order.
    pub fn hand(&self, side: SideId) -> Vec<CardIx> {
        let Some(sess) = &self.session else {
            return Vec::new();
        };
        self.db.c_scenarios[sess.game.state.scenario as usize].hands[side.index()].to_vec()
    }

    /// The game's current date, "YYYY-MM" (the map draws the peninsula as it stood then); the
    /// far future with no game, so that every site is drawn.
    pub fn date(&self) -> String {
        match &self.session {
            Some(sess) => {
                let s = &sess.game.state;
                s.date_of(&self.db, s.turn)
            }
            None => "9999-12".into(),
        }
    }

    /// The provisions a package may hold in this scenario, in deck order: what the package
    /// builder lists.
    pub fn provisions_on_table(&self) -> Vec<ProvIx> {
        match &self.session {
            Some(sess) => self.db.c_scenarios[sess.game.state.scenario as usize]
                .provisions_on_table
                .to_vec(),
            None => (0..self.db.provisions.len() as ProvIx).collect(),
        }
    }

    /// Why a card cannot go into the plan now (rules, budget, move limit), or None.
    pub fn unplayable(&self, side: SideId, card: CardIx) -> Option<String> {
        let sess = self.session.as_ref()?;
        let s = &sess.game.state;
        if let Some(r) = card_blocker(&self.db, s, side, card) {
            return Some(r);
        }
        let draft = &sess.drafts[side.index()];
        if draft.moves.iter().any(|m| m.card == card) {
            return None;
        }
        let spent: i32 = draft
            .moves
            .iter()
            .map(|m| self.db.c_cards[m.card as usize].cost as i32)
            .sum();
        let left = s.sides[side.index()].pc - spent;
        let cost = self.db.c_cards[card as usize].cost as i32;
        if cost > left {
            return Some(format!("costs {cost} PC; {left} left"));
        }
        let limit = self.db.rules.move_limit as usize;
        if draft.moves.len() >= limit {
            return Some(format!("already {limit} moves planned"));
        }
        None
    }

    pub fn draft(&self, side: SideId) -> Option<&Draft> {
        self.session.as_ref().map(|s| &s.drafts[side.index()])
    }

    /// Drops the cached card previews (they are recomputed on the next draw).
    pub fn forget_previews(&self) {
        self.preview_cache.borrow_mut().clear();
    }

    /// The likely effects of a card for `side` (cached per turn; previews cost a few resolutions).
    pub fn preview(&self, side: SideId, mv: &Move) -> Option<Preview> {
        let sess = self.session.as_ref()?;
        let s = &sess.game.state;
        if s.phase != Phase::Planning {
            return None;
        }
        let key = (s.turn, side, mv.card, mv.package.clone());
        if let Some(p) = self.preview_cache.borrow().get(&key) {
            return Some(p.clone());
        }
        let p = preview::preview(&self.db, s, side, mv);
        self.preview_cache.borrow_mut().insert(key, p.clone());
        Some(p)
    }

    fn update_planning(&mut self, mut ui: PlanUi, a: Action) {
        let side = ui.side;
        let hand = self.hand(side);
        let nrows = self
            .session
            .as_ref()
            .map(|s| view::meter_rows(&s.game.state, Viewer::Side(side)).len())
            .unwrap_or(1)
            .max(1);
        let compact = !self.wide();
        match a {
            Action::Up | Action::Down => {
                let down = a == Action::Down;
                match ui.focus {
                    Pane::Hand => {
                        let n = hand.len().max(1);
                        ui.hand_sel = if down {
                            (ui.hand_sel + 1) % n
                        } else {
                            (ui.hand_sel + n - 1) % n
                        };
                        ui.detail_scroll = 0;
                    }
                    Pane::Meters => {
                        ui.meter_sel = if down {
                            (ui.meter_sel + 1) % nrows
                        } else {
                            (ui.meter_sel + nrows - 1) % nrows
                        };
                    }
                    Pane::Log => {
                        ui.log_scroll = if down {
                            ui.log_scroll.saturating_sub(1)
                        } else {
                            self.scrolled(ui.log_scroll, 1)
                        };
                    }
                }
            }
            Action::Home | Action::End => {
                let first = a == Action::Home;
                match ui.focus {
                    Pane::Hand => {
                        ui.hand_sel = if first {
                            0
                        } else {
                            hand.len().saturating_sub(1)
                        };
                        ui.detail_scroll = 0;
                    }
                    Pane::Meters => ui.meter_sel = if first { 0 } else { nrows - 1 },
                    Pane::Log => {
                        // The first line, once a frame has measured the log; in a burst of
                        // keys before that, far enough back for any game's log.
                        let top = match self.scroll_max.get() {
                            u16::MAX => 2000,
                            known => known,
                        };
                        ui.log_scroll = if first { top } else { 0 };
                    }
                }
            }
            Action::PageUp | Action::PageDown => {
                let up = a == Action::PageUp;
                match ui.focus {
                    Pane::Log => {
                        ui.log_scroll = if up {
                            self.scrolled(ui.log_scroll, 5)
                        } else {
                            ui.log_scroll.saturating_sub(5)
                        };
                    }
                    _ => {
                        ui.detail_scroll = if up {
                            ui.detail_scroll.saturating_sub(5)
                        } else {
                            self.scrolled(ui.detail_scroll, 5)
                        };
                    }
                }
            }
            Action::NextPane | Action::PrevPane => {
                let order = [Pane::Hand, Pane::Meters, Pane::Log];
                let i = order.iter().position(|p| *p == ui.focus).unwrap_or(0);
                let j = if a == Action::NextPane {
                    (i + 1) % 3
                } else {
                    (i + 2) % 3
                };
                ui.focus = order[j];
                if compact {
                    ui.view = match ui.focus {
                        Pane::Hand => RightView::Card,
                        Pane::Meters => RightView::Meters,
                        Pane::Log => RightView::Log,
                    };
                }
            }
            Action::Back => {
                ui.focus = Pane::Hand;
                if compact {
                    ui.view = RightView::Card;
                }
            }
            Action::CycleView => {
                let i = RightView::ALL
                    .iter()
                    .position(|v| *v == ui.view)
                    .unwrap_or(0);
                ui.view = RightView::ALL[(i + 1) % RightView::ALL.len()];
            }
            Action::ToggleChart => self.chart = !self.chart,
            Action::EditText => {
                if let Some(s) = self.session.as_mut() {
                    s.drafts[side.index()].rationale.end();
                }
                self.editing = Some(Editing::Rationale(side));
            }
            Action::Why => {
                let meter = if ui.focus == Pane::Meters {
                    ui.meter_sel
                } else {
                    0
                };
                self.screen = Screen::Planning(ui);
                self.overlay = Some(Overlay::Why { meter, scroll: 0 });
                return;
            }
            Action::Pick(i) => {
                if ui.focus == Pane::Hand && ui.hand_sel == i {
                    self.screen = Screen::Planning(ui);
                    return self.update(Action::Toggle);
                }
                ui.focus = Pane::Hand;
                ui.hand_sel = i.min(hand.len().saturating_sub(1));
                ui.detail_scroll = 0;
                if compact {
                    ui.view = RightView::Card;
                }
            }
            Action::PickMeter(i) => {
                if ui.focus == Pane::Meters && ui.meter_sel == i {
                    self.screen = Screen::Planning(ui);
                    return self.update(Action::Select);
                }
                ui.focus = Pane::Meters;
                ui.meter_sel = i.min(nrows - 1);
            }
            Action::Toggle | Action::Select => {
                if ui.focus == Pane::Meters {
                    let meter = ui.meter_sel;
                    self.screen = Screen::Planning(ui);
                    self.overlay = Some(Overlay::Why { meter, scroll: 0 });
                    return;
                }
                if ui.focus != Pane::Hand {
                    ui.focus = Pane::Hand;
                } else if let Some(card) = hand.get(ui.hand_sel).copied() {
                    self.screen = Screen::Planning(ui.clone());
                    self.toggle_card(side, card, a == Action::Select);
                    if let Screen::Planning(_) = self.screen {
                        // unchanged screen: keep the UI as it was after the toggle
                    }
                    return;
                }
            }
            Action::Submit => {
                self.screen = Screen::Planning(ui);
                self.ask_submit(side);
                return;
            }
            _ => {}
        }
        self.screen = Screen::Planning(ui);
    }

    fn toggle_card(&mut self, side: SideId, card: CardIx, edit: bool) {
        let Some(sess) = self.session.as_mut() else {
            return;
        };
        let draft = &mut sess.drafts[side.index()];
        let chosen = matches!(self.db.c_cards[card as usize].package, CPackage::Chosen);
        if let Some(i) = draft.moves.iter().position(|m| m.card == card) {
            if chosen && edit {
                let current = draft.moves[i].package.clone();
                self.open_package(side, PackFor::Card(card), current);
            } else {
                draft.moves.remove(i);
                self.status = Some(format!("Taken out: {}.", self.db.cards[card as usize].name));
            }
            return;
        }
        if let Some(why) = self.unplayable(side, card) {
            self.status = Some(format!(
                "Cannot play \"{}\": {why}.",
                self.db.cards[card as usize].name
            ));
            return;
        }
        if chosen {
            self.open_package(side, PackFor::Card(card), Vec::new());
            return;
        }
        self.add_move(side, Move::card(card));
    }

    /// Adds a move to the draft, first warning if the plan is likely to climb the ladder.
    fn add_move(&mut self, side: SideId, mv: Move) {
        let Some(sess) = self.session.as_ref() else {
            return;
        };
        let mut plan = sess.drafts[side.index()].moves.clone();
        plan.push(mv.clone());
        let esc = preview::escalation(&self.db, &sess.game.state, side, &plan);
        if let Some(e) = esc {
            let db = &self.db;
            let name = &db.cards[mv.card as usize].name;
            let mut lines = vec![format!("\"{name}\" is likely to raise tension.")];
            if e.to_rung > e.from_rung {
                lines.push(format!(
                    "In {} of {} trials the plan takes tension from {} up to {}.",
                    e.up, e.trials, db.ladder[e.from_rung].name, db.ladder[e.to_rung].name
                ));
            }
            if e.brink > 0 {
                lines.push(format!(
                    "In {} of {} trials it reaches the Brink: a crisis where war becomes possible.",
                    e.brink, e.trials
                ));
            }
            lines.push(format!(
                "Tension now {:.0}; after this turn about {:.0}.",
                e.tension_now, e.tension_after
            ));
            lines.push("Play it anyway?".into());
            self.overlay = Some(Overlay::Confirm {
                title: "Escalation warning".into(),
                lines,
                then: Then::AddMove(mv),
                warn: true,
            });
            return;
        }
        self.push_move(mv);
    }

    fn push_move(&mut self, mv: Move) {
        let side = match &self.screen {
            Screen::Planning(ui) => ui.side,
            _ => return,
        };
        let name = self.db.cards[mv.card as usize].name.clone();
        if let Some(sess) = self.session.as_mut() {
            let d = &mut sess.drafts[side.index()];
            match d.moves.iter_mut().find(|m| m.card == mv.card) {
                Some(m) => *m = mv,
                None => d.moves.push(mv),
            }
        }
        self.status = Some(format!("In your plan: {name}."));
    }

    fn ask_submit(&mut self, side: SideId) {
        let Some(sess) = self.session.as_ref() else {
            return;
        };
        let d = &sess.drafts[side.index()];
        let db = &self.db;
        let cost: i32 = d
            .moves
            .iter()
            .map(|m| db.c_cards[m.card as usize].cost as i32)
            .sum();
        let pc = sess.game.state.sides[side.index()].pc;
        let mut lines = Vec::new();
        if d.moves.is_empty() {
            lines.push("No moves: you pass this turn (doing nothing is not safe).".into());
        } else {
            for m in &d.moves {
                let c = &db.cards[m.card as usize];
                lines.push(format!(
                    "• {} ({} PC, {})",
                    c.name,
                    c.cost,
                    super::describe::kind_label(c.kind)
                ));
            }
            lines.push(format!("Cost {cost} of {pc} political capital."));
        }
        if d.rationale.text.trim().is_empty() {
            lines.push("No rationale given (press r on the planning screen to add one).".into());
        } else {
            lines.push(format!("Rationale: “{}”", d.rationale.text.trim()));
        }
        lines.push(format!("Submit the {side} plan?"));
        self.overlay = Some(Overlay::Confirm {
            title: format!("{side} plan"),
            lines,
            then: Then::SubmitPlan,
            warn: false,
        });
    }

    fn submit_plan(&mut self) {
        let side = match &self.screen {
            Screen::Planning(ui) => ui.side,
            _ => return,
        };
        let Some(sess) = self.session.as_ref() else {
            return;
        };
        let d = &sess.drafts[side.index()];
        let input = Input::Plan {
            side,
            moves: d.moves.clone(),
        };
        let rationale = Some(d.rationale.text.trim().to_string()).filter(|r| !r.is_empty());
        if self.submit(side, input, rationale) {
            if let Some(sess) = self.session.as_mut() {
                sess.drafts[side.index()] = Draft::default();
            }
            self.status = None;
            self.flow();
        }
    }

    // ---------------------------------------------------------------- packages

    fn open_package(&mut self, side: SideId, purpose: PackFor, chosen: Vec<ProvIx>) {
        let back = Box::new(self.screen.clone());
        self.screen = Screen::Package(PackageUi {
            side,
            purpose,
            chosen,
            sel: 0,
            back,
        });
    }

    fn update_package(&mut self, mut ui: PackageUi, a: Action) {
        // `ui.sel` is a row of the list, which holds only the provisions on the table.
        let list = self.provisions_on_table();
        let n = list.len().max(1);
        match a {
            Action::Up => ui.sel = (ui.sel + n - 1) % n,
            Action::Down => ui.sel = (ui.sel + 1) % n,
            Action::Pick(i) => {
                if ui.sel == i {
                    self.screen = Screen::Package(ui);
                    return self.update(Action::Toggle);
                }
                ui.sel = i.min(n - 1);
            }
            Action::Toggle => {
                let Some(&p) = list.get(ui.sel) else {
                    self.screen = Screen::Package(ui);
                    return;
                };
                let cp = &self.db.c_provisions[p as usize];
                let name = |q: ProvIx| self.db.provisions[q as usize].name.as_str();
                // A package never holds a provision beside one that includes it, as the
                // computer opponents never bundle them: the narrower one would add nothing
                // but its signing effects counted twice.
                let broader = ui
                    .chosen
                    .iter()
                    .copied()
                    .find(|q| cp.covered_by.contains(q));
                let narrower: Vec<ProvIx> = ui
                    .chosen
                    .iter()
                    .copied()
                    .filter(|q| cp.covers.contains(q))
                    .collect();
                if let Some(i) = ui.chosen.iter().position(|x| *x == p) {
                    ui.chosen.remove(i);
                } else if let Some(b) = broader {
                    self.status = Some(format!("Not added: {} already includes it.", name(b)));
                } else if ui.chosen.len() + 1 - narrower.len() > 8 {
                    self.status = Some("A package holds at most 8 provisions.".into());
                } else {
                    if !narrower.is_empty() {
                        let gone: Vec<&str> = narrower.iter().map(|q| name(*q)).collect();
                        self.status = Some(format!(
                            "Took out {}: this one includes it.",
                            gone.join(" and ")
                        ));
                        ui.chosen.retain(|q| !narrower.contains(q));
                    }
                    ui.chosen.push(p);
                }
            }
            Action::Back => {
                self.screen = *ui.back;
                return;
            }
            Action::Select => {
                if ui.chosen.is_empty() {
                    self.status = Some("Tick at least one provision (Space) first.".into());
                } else {
                    let mut pkg = ui.chosen.clone();
                    pkg.sort();
                    self.screen = *ui.back.clone();
                    match ui.purpose {
                        PackFor::Card(card) => {
                            let mv = Move {
                                card,
                                target: None,
                                package: pkg,
                            };
                            let already = self
                                .draft(ui.side)
                                .is_some_and(|d| d.moves.iter().any(|m| m.card == card));
                            if already {
                                self.push_move(mv);
                            } else {
                                self.add_move(ui.side, mv);
                            }
                        }
                        PackFor::Counter(offer) => {
                            self.answer(ui.side, offer, Response::Counter(pkg));
                        }
                    }
                    return;
                }
            }
            _ => {}
        }
        self.screen = Screen::Package(ui);
    }

    // ---------------------------------------------------------------- offers

    /// The offer a respond screen is about.
    pub fn offer(&self, id: u16) -> Option<&crate::engine::state::Offer> {
        self.session
            .as_ref()?
            .game
            .state
            .offers
            .iter()
            .find(|o| o.id == id)
    }

    /// The answers open for an offer: accept, reject, and counter only in the first round for
    /// offers that carry a package.
    pub fn can_counter(&self, id: u16) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| crate::engine::decision::counter_allowed(&s.game.state, id))
    }

    fn update_respond(&mut self, mut ui: RespondUi, a: Action) {
        let n = if self.can_counter(ui.offer) { 3 } else { 2 };
        // a, x and c choose an answer, as the arrows do; only Enter gives it.
        match a {
            Action::Left => ui.sel = Some(ui.sel.map_or(0, |i| (i + n - 1) % n)),
            Action::Right => ui.sel = Some(ui.sel.map_or(0, |i| (i + 1) % n)),
            Action::Up => ui.scroll = ui.scroll.saturating_sub(1),
            Action::Down => ui.scroll = self.scrolled(ui.scroll, 1),
            Action::Accept => ui.sel = Some(0),
            Action::Reject => ui.sel = Some(1),
            Action::Counter => {
                if n == 3 {
                    ui.sel = Some(2);
                } else {
                    self.status = Some(
                        "This offer cannot be countered (only first-round packages can).".into(),
                    );
                }
            }
            Action::EditText => {
                self.screen = Screen::Respond(ui.clone());
                self.editing = Some(Editing::Rationale(ui.side));
                return;
            }
            // A click chooses a button; a click on the chosen one gives the answer.
            Action::Pick(i) => {
                let i = i.min(n - 1);
                if ui.sel == Some(i) {
                    self.screen = Screen::Respond(ui);
                    return self.update(Action::Select);
                }
                ui.sel = Some(i);
            }
            Action::Select => match ui.sel {
                Some(0) => return self.answer(ui.side, ui.offer, Response::Accept),
                Some(1) => return self.answer(ui.side, ui.offer, Response::Reject),
                Some(_) => return self.counter(ui),
                None => {
                    self.status = Some(
                        "Choose an answer first (a accept, x reject), then Enter to give it."
                            .into(),
                    )
                }
            },
            _ => {}
        }
        self.screen = Screen::Respond(ui);
    }

    fn counter(&mut self, ui: RespondUi) {
        if !self.can_counter(ui.offer) {
            self.status =
                Some("This offer cannot be countered (only first-round packages can).".into());
            self.screen = Screen::Respond(ui);
            return;
        }
        let pkg = self
            .offer(ui.offer)
            .map(|o| o.package.clone())
            .unwrap_or_default();
        let (side, offer) = (ui.side, ui.offer);
        self.screen = Screen::Respond(ui);
        self.open_package(side, PackFor::Counter(offer), pkg);
    }

    fn answer(&mut self, side: SideId, offer: u16, response: Response) {
        let rationale = self
            .session
            .as_ref()
            .map(|s| s.drafts[side.index()].rationale.text.trim().to_string())
            .filter(|r| !r.is_empty());
        let input = Input::Respond {
            side,
            offer,
            response,
        };
        if self.submit(side, input, rationale) {
            if let Some(s) = self.session.as_mut() {
                s.drafts[side.index()].rationale.clear();
            }
            self.flow();
        }
    }

    // ---------------------------------------------------------------- resolution, crisis, end

    fn update_resolution(&mut self, mut ui: ResUi, a: Action) {
        let n = ui.steps.len();
        if ui.summary {
            ui.scroll = ui.scroll.min(self.scroll_max.get());
            match a {
                // The steps on demand, from the first (or all at once).
                Action::Right => {
                    ui.summary = false;
                    ui.shown = 1.min(n);
                }
                Action::RevealAll => {
                    ui.summary = false;
                    ui.shown = n;
                }
                Action::Select | Action::Pick(_) => return self.route(),
                Action::Up => ui.scroll = self.scrolled(ui.scroll, 1),
                Action::Down => ui.scroll = ui.scroll.saturating_sub(1),
                _ => {}
            }
            self.screen = Screen::Resolution(ui);
            return;
        }
        match a {
            Action::Right => {
                ui.shown = (ui.shown + 1).min(n);
                ui.scroll = 0;
            }
            Action::Left => {
                ui.shown = ui.shown.saturating_sub(1).max(1.min(n));
                ui.scroll = 0;
            }
            Action::RevealAll => {
                ui.shown = n;
                ui.scroll = 0;
            }
            Action::Up => ui.scroll = self.scrolled(ui.scroll, 1),
            Action::Down => ui.scroll = ui.scroll.saturating_sub(1),
            // A page is the screen less its frame; the next frame stops it at the first line.
            Action::PageUp => ui.scroll = self.scrolled(ui.scroll, self.page_lines()),
            Action::PageDown => ui.scroll = ui.scroll.saturating_sub(self.page_lines()),
            Action::Home => ui.scroll = self.scrolled(ui.scroll, u16::MAX),
            Action::Select | Action::Pick(_) => {
                if ui.shown < n {
                    ui.shown += 1;
                    ui.scroll = 0;
                } else {
                    self.route();
                    return;
                }
            }
            _ => {}
        }
        self.screen = Screen::Resolution(ui);
    }

    fn update_crisis(&mut self, mut ui: CrisisUi, a: Action) {
        // f and b choose, as the arrows do; only Enter commits the choice.
        match a {
            Action::Left | Action::Right | Action::Up | Action::Down => {
                ui.sel = Some(ui.sel.map_or(0, |i| 1 - i.min(1)))
            }
            Action::StandFirm => ui.sel = Some(0),
            Action::BackDown => ui.sel = Some(1),
            Action::Pick(i) => {
                let i = i.min(1);
                if ui.sel == Some(i) {
                    self.screen = Screen::Crisis(ui);
                    return self.update(Action::Select);
                }
                ui.sel = Some(i);
            }
            Action::EditText => {
                self.screen = Screen::Crisis(ui.clone());
                self.editing = Some(Editing::Rationale(ui.side));
                return;
            }
            Action::Select => {
                let choice = match ui.sel {
                    Some(0) => CrisisChoice::StandFirm,
                    Some(_) => CrisisChoice::BackDown,
                    None => {
                        self.status = Some(
                            "Choose first (f stand firm, b back down), then Enter to confirm."
                                .into(),
                        );
                        self.screen = Screen::Crisis(ui);
                        return;
                    }
                };
                let side = ui.side;
                let rationale = self
                    .session
                    .as_ref()
                    .map(|s| s.drafts[side.index()].rationale.text.trim().to_string())
                    .filter(|r| !r.is_empty());
                self.screen = Screen::Crisis(ui);
                if self.submit(side, Input::Crisis { side, choice }, rationale) {
                    if let Some(s) = self.session.as_mut() {
                        s.drafts[side.index()].rationale.clear();
                    }
                    self.flow();
                }
                return;
            }
            _ => {}
        }
        self.screen = Screen::Crisis(ui);
    }

    fn update_debrief(&mut self, mut ui: DebriefUi, a: Action) {
        let n = DEBRIEF_SECTIONS.len();
        match a {
            Action::NextPane => {
                ui.section = (ui.section + 1) % n;
                ui.scroll = 0;
            }
            Action::PrevPane => {
                ui.section = (ui.section + n - 1) % n;
                ui.scroll = 0;
            }
            Action::Pick(i) => {
                ui.section = i.min(n - 1);
                ui.scroll = 0;
            }
            Action::Up => ui.scroll = ui.scroll.saturating_sub(1),
            Action::Down => ui.scroll = self.scrolled(ui.scroll, 1),
            Action::Report => ui.report = Some(self.write_report()),
            Action::Select => {
                if self.replay.is_some() {
                    self.screen = Screen::Replay(ReplayUi::default());
                } else {
                    self.to_title();
                }
                return;
            }
            _ => {}
        }
        self.screen = Screen::Debrief(ui);
    }

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
        self.db.c_cards[card as usize].kind
    }
}

pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
