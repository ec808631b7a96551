//! What each screen and the game session remember between frames: the planning screen's
//! hand and draft, the package being built, the answer, the crisis, the resolution's steps, the
//! debrief, the saved games, the new-game form, the overlays and the text being edited. Plain
//! data; `App` (in `mod.rs`) changes it.

use super::*;

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
pub struct ResultsUi {
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
    Resolution(ResultsUi),
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
    pub fac: Option<FacilitatorMode>,
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
