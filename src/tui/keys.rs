//! The one key table. Every binding lives here once, with the screen it works on, the action it
//! sends and the words that describe it; the footer and the `?` overlay are both drawn from it,
//! so what the screen says a key does is what the key does.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the player asked for. Keys and mouse clicks become actions; `App::update` applies them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    /// Enter: choose, confirm, continue.
    Select,
    /// Space: play or take back a card, tick a provision.
    Toggle,
    /// Space on a handover: the named side is at the screen.
    Ready,
    /// Esc: back out of whatever is open.
    Back,
    NextPane,
    PrevPane,
    Help,
    /// `q`: asks before leaving.
    Quit,
    /// Ctrl-C: leaves at once (the game is autosaved at every turn).
    ForceQuit,
    Yes,
    No,
    NewGame,
    Resume,
    EditText,
    RandomSeed,
    Submit,
    Why,
    ToggleChart,
    CycleView,
    Accept,
    Reject,
    Counter,
    StandFirm,
    BackDown,
    RevealAll,
    /// Typing into a text field.
    Char(char),
    Backspace,
    Delete,
    ClearText,
    Paste(String),
    /// A mouse click at a cell.
    Click(u16, u16),
    ScrollUp,
    ScrollDown,
    Resize(u16, u16),
    /// Jump the current list to this row (mouse); a second click on it chooses it.
    Pick(usize),
    /// The meter at this row of the meters panel (mouse).
    PickMeter(usize),
    /// `F`: the facilitator console (facilitator mode only).
    Console,
    /// Time passed on a running planning clock (the run loop sends it; tests send it too).
    Tick(std::time::Duration),
    /// Console: pause or resume the session.
    Pause,
    /// Console: jump to a tab (0 events, 1 free inject, 2 override, 3 session).
    Jump(usize),
    /// Console override: type the value.
    EditValue,
    /// Debrief and replay: write the after-action report.
    Report,
}

/// The screen (or overlay) a binding works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    /// Everywhere except while typing.
    Global,
    Title,
    NewGame,
    Planning,
    /// Typing a rationale or a seed.
    Editing,
    Package,
    Respond,
    Handover,
    Resolution,
    Crisis,
    Debrief,
    Help,
    Why,
    Confirm,
    QuitConfirm,
    TooSmall,
    /// The list of saved games.
    Saves,
    /// Keys of every tab of the facilitator console.
    Console,
    ConsoleEvents,
    ConsoleFree,
    ConsoleOverride,
    ConsoleSession,
    /// `brink replay`: stepping through a recorded game.
    Replay,
}

impl Ctx {
    pub fn title(self) -> &'static str {
        match self {
            Ctx::Global => "Everywhere",
            Ctx::Title => "Title",
            Ctx::NewGame => "New game",
            Ctx::Planning => "Planning",
            Ctx::Editing => "Typing",
            Ctx::Package => "Agreement package",
            Ctx::Respond => "Answering an offer",
            Ctx::Handover => "Handover",
            Ctx::Resolution => "Resolution",
            Ctx::Crisis => "Brink crisis",
            Ctx::Debrief => "Debrief",
            Ctx::Help => "Help",
            Ctx::Why => "Why did it move?",
            Ctx::Confirm => "Confirm",
            Ctx::QuitConfirm => "Quit?",
            Ctx::TooSmall => "Terminal too small",
            Ctx::Saves => "Saved games",
            Ctx::Console => "Facilitator console",
            Ctx::ConsoleEvents => "Console · inject an event",
            Ctx::ConsoleFree => "Console · free inject",
            Ctx::ConsoleOverride => "Console · override a number",
            Ctx::ConsoleSession => "Console · session",
            Ctx::Replay => "Replay",
        }
    }

    /// A context whose keys also work here (the console's tabs share the console's keys).
    pub fn parent(self) -> Option<Ctx> {
        match self {
            Ctx::ConsoleEvents | Ctx::ConsoleFree | Ctx::ConsoleOverride | Ctx::ConsoleSession => {
                Some(Ctx::Console)
            }
            _ => None,
        }
    }
}

/// A key as written in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum K {
    Ch(char),
    Code(KeyCode),
    Ctrl(char),
    /// Shift-Tab (crossterm reports it as BackTab).
    BackTab,
}

impl K {
    fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        match self {
            K::Ch(c) => !ctrl && ev.code == KeyCode::Char(c),
            K::Code(code) => !ctrl && ev.code == code,
            K::Ctrl(c) => ctrl && ev.code == KeyCode::Char(c),
            K::BackTab => ev.code == KeyCode::BackTab,
        }
    }
}

pub struct Binding {
    pub ctx: Ctx,
    pub keys: &'static [K],
    /// How the keys are written on screen: "↑↓/jk".
    pub shown: &'static str,
    pub action: Action,
    /// A word or two for the footer; empty: the binding is only listed in help.
    pub short: &'static str,
    /// One line for the help overlay.
    pub help: &'static str,
}

use Action as A;
use Ctx as C;
use K::*;
use KeyCode as KC;

const fn b(
    ctx: Ctx,
    keys: &'static [K],
    shown: &'static str,
    action: Action,
    short: &'static str,
    help: &'static str,
) -> Binding {
    Binding {
        ctx,
        keys,
        shown,
        action,
        short,
        help,
    }
}

/// Every key of the game. Order matters twice: the first binding that matches wins, and the
/// footer lists the bindings in this order.
pub static KEYS: &[Binding] = &[
    // Title
    b(
        C::Title,
        &[Code(KC::Up), Ch('k')],
        "↑↓/jk",
        A::Up,
        "move",
        "Move through the menu",
    ),
    b(
        C::Title,
        &[Code(KC::Down), Ch('j')],
        "",
        A::Down,
        "",
        "Move down the menu",
    ),
    b(
        C::Title,
        &[Code(KC::Enter)],
        "Enter",
        A::Select,
        "choose",
        "Choose the highlighted item",
    ),
    b(
        C::Title,
        &[Ch('n')],
        "n",
        A::NewGame,
        "new game",
        "Set up a new game",
    ),
    b(
        C::Title,
        &[Ch('r')],
        "r",
        A::Resume,
        "resume",
        "Resume a saved game: the list of autosaves",
    ),
    // Saved games
    b(
        C::Saves,
        &[Code(KC::Up), Ch('k')],
        "↑↓/jk",
        A::Up,
        "move",
        "Move through the saved games",
    ),
    b(
        C::Saves,
        &[Code(KC::Down), Ch('j')],
        "",
        A::Down,
        "",
        "Move down",
    ),
    b(
        C::Saves,
        &[Code(KC::Enter)],
        "Enter",
        A::Select,
        "resume",
        "Resume the highlighted game (it is checked by replaying it first)",
    ),
    b(
        C::Saves,
        &[Code(KC::Home), Ch('g')],
        "",
        A::Home,
        "",
        "Newest save",
    ),
    b(
        C::Saves,
        &[Code(KC::End), Ch('G')],
        "",
        A::End,
        "",
        "Oldest save",
    ),
    b(
        C::Saves,
        &[Code(KC::Esc)],
        "Esc",
        A::Back,
        "back",
        "Back to the title",
    ),
    // New game
    b(
        C::NewGame,
        &[Code(KC::Enter)],
        "Enter",
        A::Select,
        "start",
        "Start the game (or, on a field, move to the next one)",
    ),
    b(
        C::NewGame,
        &[Code(KC::Tab)],
        "Tab",
        A::NextPane,
        "next field",
        "Next field: scenario, seats, seed, length, facilitator, timer, start",
    ),
    b(
        C::NewGame,
        &[BackTab],
        "S-Tab",
        A::PrevPane,
        "",
        "Previous field",
    ),
    b(
        C::NewGame,
        &[Code(KC::Up), Ch('k')],
        "↑↓/jk",
        A::Up,
        "move",
        "Move within the field",
    ),
    b(
        C::NewGame,
        &[Code(KC::Down), Ch('j')],
        "",
        A::Down,
        "",
        "Move down within the field",
    ),
    b(
        C::NewGame,
        &[Code(KC::Left), Ch('h')],
        "←→/hl",
        A::Left,
        "change",
        "Change the highlighted seat (human or a computer persona), the game length, the facilitator mode or the planning timer",
    ),
    b(
        C::NewGame,
        &[Code(KC::Right), Ch('l')],
        "",
        A::Right,
        "",
        "Change the seat the other way",
    ),
    b(
        C::NewGame,
        &[Ch('e')],
        "e",
        A::EditText,
        "edit seed",
        "Type a seed (the same seed and moves replay the same game)",
    ),
    b(
        C::NewGame,
        &[Ch('R')],
        "R",
        A::RandomSeed,
        "new seed",
        "Draw a fresh random seed",
    ),
    b(
        C::NewGame,
        &[Code(KC::PageDown)],
        "PgUp/PgDn",
        A::PageDown,
        "",
        "Scroll the scenario's brief and objectives",
    ),
    b(
        C::NewGame,
        &[Code(KC::PageUp)],
        "",
        A::PageUp,
        "",
        "Scroll the brief back up",
    ),
    b(
        C::NewGame,
        &[Code(KC::Esc)],
        "Esc",
        A::Back,
        "back",
        "Back to the title",
    ),
    // Planning
    b(
        C::Planning,
        &[Ch(' ')],
        "Space",
        A::Toggle,
        "play",
        "Put the selected card in your plan, or take it out",
    ),
    b(
        C::Planning,
        &[Ch('s')],
        "s",
        A::Submit,
        "submit",
        "Submit this turn's plan (asks first)",
    ),
    b(
        C::Planning,
        &[Ch('r')],
        "r",
        A::EditText,
        "rationale",
        "Type a one-line rationale for this turn's moves",
    ),
    b(
        C::Planning,
        &[Code(KC::Tab)],
        "Tab",
        A::NextPane,
        "pane",
        "Next pane: hand → meters → log",
    ),
    b(
        C::Planning,
        &[BackTab],
        "S-Tab",
        A::PrevPane,
        "",
        "Previous pane",
    ),
    b(
        C::Planning,
        &[Ch('w')],
        "w",
        A::Why,
        "why",
        "WHY: the ledger of the selected meter (every change and its cause)",
    ),
    b(
        C::Planning,
        &[Ch('v')],
        "v",
        A::CycleView,
        "view",
        "Compact screens: cycle the right panel (card, meters, map, log, history)",
    ),
    b(
        C::Planning,
        &[Ch('c')],
        "c",
        A::ToggleChart,
        "chart",
        "Switch the history between sparklines and a chart",
    ),
    b(
        C::Planning,
        &[Code(KC::Up), Ch('k')],
        "↑↓/jk",
        A::Up,
        "move",
        "Move through the hand (or the meters, or the log)",
    ),
    b(
        C::Planning,
        &[Code(KC::Down), Ch('j')],
        "",
        A::Down,
        "",
        "Move down",
    ),
    b(
        C::Planning,
        &[Code(KC::Enter)],
        "Enter",
        A::Select,
        "",
        "Hand: play/unplay the card (or edit its package); meters: show why it moved",
    ),
    b(
        C::Planning,
        &[Code(KC::Home), Ch('g')],
        "g/G",
        A::Home,
        "",
        "First or last card (or the start or end of the log)",
    ),
    b(
        C::Planning,
        &[Code(KC::End), Ch('G')],
        "",
        A::End,
        "",
        "Last card",
    ),
    b(
        C::Planning,
        &[Code(KC::PageUp)],
        "PgUp/PgDn",
        A::PageUp,
        "",
        "Scroll the card details or the log",
    ),
    b(
        C::Planning,
        &[Code(KC::PageDown)],
        "",
        A::PageDown,
        "",
        "Scroll down",
    ),
    b(
        C::Planning,
        &[Code(KC::Esc)],
        "Esc",
        A::Back,
        "",
        "Back to the hand",
    ),
    // Typing
    b(
        C::Editing,
        &[Code(KC::Enter)],
        "Enter",
        A::Select,
        "done",
        "Keep the text",
    ),
    b(
        C::Editing,
        &[Code(KC::Esc)],
        "Esc",
        A::Back,
        "done",
        "Stop typing (the text is kept)",
    ),
    b(
        C::Editing,
        &[Code(KC::Left)],
        "←→",
        A::Left,
        "cursor",
        "Move the cursor",
    ),
    b(
        C::Editing,
        &[Code(KC::Right)],
        "",
        A::Right,
        "",
        "Move the cursor right",
    ),
    b(
        C::Editing,
        &[Code(KC::Home)],
        "Home/End",
        A::Home,
        "",
        "Start or end of the line",
    ),
    b(
        C::Editing,
        &[Code(KC::End)],
        "",
        A::End,
        "",
        "End of the line",
    ),
    b(
        C::Editing,
        &[Code(KC::Backspace)],
        "Bksp",
        A::Backspace,
        "delete",
        "Delete before the cursor",
    ),
    b(
        C::Editing,
        &[Code(KC::Delete)],
        "Del",
        A::Delete,
        "",
        "Delete under the cursor",
    ),
    b(
        C::Editing,
        &[Ctrl('u')],
        "C-u",
        A::ClearText,
        "clear",
        "Clear the line",
    ),
    // Package builder
    b(
        C::Package,
        &[Code(KC::Up), Ch('k')],
        "↑↓/jk",
        A::Up,
        "select",
        "Move through the provisions",
    ),
    b(
        C::Package,
        &[Code(KC::Down), Ch('j')],
        "",
        A::Down,
        "",
        "Move down",
    ),
    b(
        C::Package,
        &[Ch(' ')],
        "Space",
        A::Toggle,
        "tick",
        "Put the provision in the package, or take it out (1 to 8)",
    ),
    b(
        C::Package,
        &[Code(KC::Enter)],
        "Enter",
        A::Select,
        "done",
        "Use this package",
    ),
    b(
        C::Package,
        &[Code(KC::Esc)],
        "Esc",
        A::Back,
        "cancel",
        "Leave without changing the package",
    ),
    // Answering an offer
    b(
        C::Respond,
        &[Ch('a')],
        "a",
        A::Accept,
        "accept",
        "Choose to accept the offer (Enter gives the answer)",
    ),
    b(
        C::Respond,
        &[Ch('x')],
        "x",
        A::Reject,
        "reject",
        "Choose to reject the offer (Enter gives the answer)",
    ),
    b(
        C::Respond,
        &[Ch('c')],
        "c",
        A::Counter,
        "counter",
        "Choose to counter: Enter then opens the package to send back (first round only)",
    ),
    b(
        C::Respond,
        &[Code(KC::Left), Ch('h')],
        "←→",
        A::Left,
        "",
        "Move between the answers",
    ),
    b(
        C::Respond,
        &[Code(KC::Right), Ch('l')],
        "",
        A::Right,
        "",
        "Move between the answers",
    ),
    b(
        C::Respond,
        &[Code(KC::Enter)],
        "Enter",
        A::Select,
        "answer",
        "Give the chosen answer (it is final)",
    ),
    b(
        C::Respond,
        &[Ch('r')],
        "r",
        A::EditText,
        "rationale",
        "Type a one-line rationale for the answer",
    ),
    b(
        C::Respond,
        &[Code(KC::Up), Ch('k')],
        "↑↓",
        A::Up,
        "",
        "Scroll the offer",
    ),
    b(
        C::Respond,
        &[Code(KC::Down), Ch('j')],
        "",
        A::Down,
        "",
        "Scroll down",
    ),
    // Handover
    b(
        C::Handover,
        &[Ch(' ')],
        "Space",
        A::Ready,
        "I am ready",
        "The named side is at the screen: show its turn (Enter does not, so a key pressed for the screen before cannot)",
    ),
    b(
        C::Handover,
        &[Code(KC::Enter)],
        "",
        A::Select,
        "",
        "Does not pass the screen: it says to press Space",
    ),
    // Resolution
    b(
        C::Resolution,
        &[Code(KC::Right), Ch('l'), Ch(' ')],
        "→/Space",
        A::Right,
        "next step",
        "Show the next step of what happened",
    ),
    b(
        C::Resolution,
        &[Code(KC::Left), Ch('h')],
        "←",
        A::Left,
        "back a step",
        "Hide the last step shown",
    ),
    b(
        C::Resolution,
        &[Code(KC::End), Ch('a')],
        "a",
        A::RevealAll,
        "all",
        "Show every step at once",
    ),
    b(
        C::Resolution,
        &[Code(KC::Enter)],
        "Enter",
        A::Select,
        "continue",
        "Next step; when all are shown, go on",
    ),
    b(
        C::Resolution,
        &[Code(KC::Up), Ch('k')],
        "↑↓",
        A::Up,
        "scroll",
        "Scroll back a line (the newest step is at the bottom)",
    ),
    b(
        C::Resolution,
        &[Code(KC::Down), Ch('j')],
        "",
        A::Down,
        "",
        "Scroll down",
    ),
    b(
        C::Resolution,
        &[Code(KC::PageUp)],
        "PgUp/PgDn",
        A::PageUp,
        "",
        "Scroll back a page",
    ),
    b(
        C::Resolution,
        &[Code(KC::PageDown)],
        "",
        A::PageDown,
        "",
        "Scroll down a page",
    ),
    b(
        C::Resolution,
        &[Code(KC::Home), Ch('g')],
        "Home",
        A::Home,
        "",
        "Scroll back to the first step",
    ),
    // Crisis
    b(
        C::Crisis,
        &[Code(KC::Left), Ch('h')],
        "←→",
        A::Left,
        "choose",
        "Move between stand firm and back down",
    ),
    b(
        C::Crisis,
        &[Code(KC::Right), Ch('l')],
        "",
        A::Right,
        "",
        "Move between the choices",
    ),
    b(
        C::Crisis,
        &[Ch('f')],
        "f",
        A::StandFirm,
        "stand firm",
        "Choose to stand firm (Enter confirms)",
    ),
    b(
        C::Crisis,
        &[Ch('b')],
        "b",
        A::BackDown,
        "back down",
        "Choose to back down (Enter confirms)",
    ),
    b(
        C::Crisis,
        &[Code(KC::Enter)],
        "Enter",
        A::Select,
        "confirm",
        "Confirm the highlighted choice",
    ),
    b(
        C::Crisis,
        &[Ch('r')],
        "r",
        A::EditText,
        "rationale",
        "Type a one-line rationale",
    ),
    // Debrief
    b(
        C::Debrief,
        &[Code(KC::Tab), Code(KC::Right), Ch('l')],
        "Tab/→",
        A::NextPane,
        "section",
        "Next section",
    ),
    b(
        C::Debrief,
        &[BackTab, Code(KC::Left), Ch('h')],
        "",
        A::PrevPane,
        "",
        "Previous section",
    ),
    b(
        C::Debrief,
        &[Code(KC::Up), Ch('k')],
        "↑↓",
        A::Up,
        "scroll",
        "Scroll",
    ),
    b(
        C::Debrief,
        &[Code(KC::Down), Ch('j')],
        "",
        A::Down,
        "",
        "Scroll down",
    ),
    b(
        C::Debrief,
        &[Ch('R')],
        "R",
        A::Report,
        "report",
        "Write the after-action report (HTML) into the data folder and show where",
    ),
    b(
        C::Debrief,
        &[Code(KC::Enter)],
        "Enter",
        A::Select,
        "title",
        "Back to the title screen (in a replay: back to the replay)",
    ),
    // Facilitator console: every tab
    b(
        C::Console,
        &[Code(KC::Tab)],
        "Tab",
        A::NextPane,
        "tabs",
        "Next tab: inject an event, free inject, override, session",
    ),
    b(C::Console, &[BackTab], "", A::PrevPane, "", "Previous tab"),
    b(
        C::Console,
        &[Ch('1')],
        "1-4",
        A::Jump(0),
        "",
        "Tab 1: inject an event from the deck",
    ),
    b(
        C::Console,
        &[Ch('2')],
        "",
        A::Jump(1),
        "",
        "Tab 2: free inject",
    ),
    b(
        C::Console,
        &[Ch('3')],
        "",
        A::Jump(2),
        "",
        "Tab 3: override a number",
    ),
    b(
        C::Console,
        &[Ch('4')],
        "",
        A::Jump(3),
        "",
        "Tab 4: session (pause, undo, reveal, end)",
    ),
    b(
        C::Console,
        &[Ch('p')],
        "p",
        A::Pause,
        "pause",
        "Pause the session, or resume it (logged)",
    ),
    b(
        C::Console,
        &[Code(KC::Esc), Ch('F')],
        "Esc",
        A::Back,
        "close",
        "Close the console, back to the game",
    ),
    // Console: events
    b(
        C::ConsoleEvents,
        &[Code(KC::Up), Ch('k')],
        "↑↓",
        A::Up,
        "",
        "Move through the event deck",
    ),
    b(
        C::ConsoleEvents,
        &[Code(KC::Down), Ch('j')],
        "",
        A::Down,
        "",
        "Move down",
    ),
    b(
        C::ConsoleEvents,
        &[Code(KC::Home), Ch('g')],
        "",
        A::Home,
        "",
        "First event",
    ),
    b(
        C::ConsoleEvents,
        &[Code(KC::End), Ch('G')],
        "",
        A::End,
        "",
        "Last event",
    ),
    b(
        C::ConsoleEvents,
        &[Code(KC::PageUp)],
        "",
        A::PageUp,
        "",
        "Up a page",
    ),
    b(
        C::ConsoleEvents,
        &[Code(KC::PageDown)],
        "",
        A::PageDown,
        "",
        "Down a page",
    ),
    b(
        C::ConsoleEvents,
        &[Ch('/')],
        "/",
        A::EditText,
        "search",
        "Type to filter the events by name (Enter or Esc stops typing)",
    ),
    b(
        C::ConsoleEvents,
        &[Code(KC::Enter)],
        "Enter",
        A::Select,
        "inject",
        "Inject the highlighted event now (asks first); it fires at once, once",
    ),
    // Console: free inject
    b(
        C::ConsoleFree,
        &[Ch('e')],
        "e",
        A::EditText,
        "text",
        "Type what happens (it goes in the log, as the facilitator's)",
    ),
    b(
        C::ConsoleFree,
        &[Code(KC::Up), Ch('k')],
        "↑↓",
        A::Up,
        "",
        "Move through the numbers",
    ),
    b(
        C::ConsoleFree,
        &[Code(KC::Down), Ch('j')],
        "",
        A::Down,
        "",
        "Move down",
    ),
    b(
        C::ConsoleFree,
        &[Code(KC::Left), Ch('h')],
        "←→",
        A::Left,
        "∓1",
        "Change the highlighted number by -1 or +1",
    ),
    b(
        C::ConsoleFree,
        &[Code(KC::Right), Ch('l')],
        "",
        A::Right,
        "",
        "Change it by +1",
    ),
    b(
        C::ConsoleFree,
        &[Code(KC::PageDown)],
        "PgDn/PgUp",
        A::PageDown,
        "",
        "Change the highlighted number by -5 (PgDn) or +5 (PgUp)",
    ),
    b(
        C::ConsoleFree,
        &[Code(KC::PageUp)],
        "",
        A::PageUp,
        "",
        "Change it by +5",
    ),
    b(
        C::ConsoleFree,
        &[Code(KC::Delete), Code(KC::Backspace), Ch('0')],
        "0",
        A::Delete,
        "",
        "No change to the highlighted number",
    ),
    b(
        C::ConsoleFree,
        &[Code(KC::Enter)],
        "Enter",
        A::Select,
        "apply",
        "Apply the inject: the text and the changes (asks first)",
    ),
    // Console: override
    b(
        C::ConsoleOverride,
        &[Code(KC::Up), Ch('k')],
        "↑↓",
        A::Up,
        "",
        "Move through the numbers",
    ),
    b(
        C::ConsoleOverride,
        &[Code(KC::Down), Ch('j')],
        "",
        A::Down,
        "",
        "Move down",
    ),
    b(
        C::ConsoleOverride,
        &[Code(KC::Left), Ch('h')],
        "←→",
        A::Left,
        "",
        "Lower or raise the new value by 1",
    ),
    b(
        C::ConsoleOverride,
        &[Code(KC::Right), Ch('l')],
        "",
        A::Right,
        "",
        "Raise the new value by 1",
    ),
    b(
        C::ConsoleOverride,
        &[Ch('v')],
        "v",
        A::EditValue,
        "value",
        "Type the new value (it replaces the one shown)",
    ),
    b(
        C::ConsoleOverride,
        &[Ch('r')],
        "r",
        A::EditText,
        "reason",
        "Type the reason (required: it goes in the log)",
    ),
    b(
        C::ConsoleOverride,
        &[Code(KC::Enter)],
        "Enter",
        A::Select,
        "apply",
        "Set the number (asks first; refused without a reason or out of its range)",
    ),
    // Console: session
    b(
        C::ConsoleSession,
        &[Code(KC::Up), Ch('k')],
        "↑↓",
        A::Up,
        "move",
        "Move through the session controls",
    ),
    b(
        C::ConsoleSession,
        &[Code(KC::Down), Ch('j')],
        "",
        A::Down,
        "",
        "Move down",
    ),
    b(
        C::ConsoleSession,
        &[Code(KC::Enter)],
        "Enter",
        A::Select,
        "do it",
        "Pause or resume, undo the last inject or the last turn, reveal on the shared screens, or end the session",
    ),
    // Replay
    b(
        C::Replay,
        &[Code(KC::Right), Ch('l'), Ch(' ')],
        "←→/hl",
        A::Right,
        "step",
        "One input forward (a plan, an answer, a crisis choice, a facilitator action)",
    ),
    b(
        C::Replay,
        &[Code(KC::Left), Ch('h')],
        "",
        A::Left,
        "",
        "One input back",
    ),
    b(
        C::Replay,
        &[Code(KC::PageDown), Ch(']')],
        "PgUp/PgDn",
        A::PageDown,
        "turn",
        "Forward to the start of the next turn",
    ),
    b(
        C::Replay,
        &[Code(KC::PageUp), Ch('[')],
        "",
        A::PageUp,
        "",
        "Back to the start of this turn (or the one before)",
    ),
    b(
        C::Replay,
        &[Code(KC::Home), Ch('g')],
        "Home/End",
        A::Home,
        "",
        "Jump to the start of the game",
    ),
    b(
        C::Replay,
        &[Code(KC::End), Ch('G')],
        "",
        A::End,
        "",
        "Jump to the end of the game",
    ),
    b(
        C::Replay,
        &[Code(KC::Up), Ch('k')],
        "↑↓",
        A::Up,
        "",
        "Scroll what this step did",
    ),
    b(
        C::Replay,
        &[Code(KC::Down), Ch('j')],
        "",
        A::Down,
        "",
        "Scroll down",
    ),
    b(
        C::Replay,
        &[Ch('w')],
        "w",
        A::Why,
        "why",
        "WHY: the ledger of a meter, up to this point",
    ),
    b(
        C::Replay,
        &[Ch('v')],
        "v",
        A::CycleView,
        "",
        "Compact screens: cycle the right panel (meters, map, history)",
    ),
    b(
        C::Replay,
        &[Ch('c')],
        "c",
        A::ToggleChart,
        "",
        "Switch the history between sparklines and a chart",
    ),
    b(
        C::Replay,
        &[Code(KC::Enter), Ch('d')],
        "Enter",
        A::Select,
        "debrief",
        "The debrief of the game as it stands at this point",
    ),
    b(
        C::Replay,
        &[Ch('q')],
        "q",
        A::ForceQuit,
        "quit",
        "Leave the replay",
    ),
    // Overlays
    b(
        C::Help,
        &[Code(KC::Esc), Ch('?'), Code(KC::Enter)],
        "Esc",
        A::Back,
        "close",
        "Close help",
    ),
    b(
        C::Help,
        &[Code(KC::Up), Ch('k')],
        "↑↓",
        A::Up,
        "scroll",
        "Scroll",
    ),
    b(
        C::Help,
        &[Code(KC::Down), Ch('j')],
        "",
        A::Down,
        "",
        "Scroll down",
    ),
    b(
        C::Why,
        &[Code(KC::Left), Ch('h')],
        "←→",
        A::Left,
        "meter",
        "Previous or next meter",
    ),
    b(
        C::Why,
        &[Code(KC::Right), Ch('l')],
        "",
        A::Right,
        "",
        "Next meter",
    ),
    b(
        C::Why,
        &[Code(KC::Up), Ch('k')],
        "↑↓",
        A::Up,
        "scroll",
        "Scroll the ledger",
    ),
    b(
        C::Why,
        &[Code(KC::Down), Ch('j')],
        "",
        A::Down,
        "",
        "Scroll down",
    ),
    b(
        C::Why,
        &[Code(KC::Esc), Code(KC::Enter), Ch('w')],
        "Esc",
        A::Back,
        "close",
        "Close",
    ),
    b(
        C::Confirm,
        &[Ch('y'), Code(KC::Enter)],
        "y",
        A::Yes,
        "yes",
        "Go ahead",
    ),
    b(
        C::Confirm,
        &[Ch('n'), Code(KC::Esc)],
        "n/Esc",
        A::No,
        "no",
        "Think again",
    ),
    b(
        C::QuitConfirm,
        &[Ch('y')],
        "y",
        A::Yes,
        "quit",
        "Quit (the game is autosaved at every turn)",
    ),
    b(
        C::QuitConfirm,
        &[Ch('n'), Code(KC::Esc)],
        "n/Esc",
        A::No,
        "stay",
        "Keep playing",
    ),
    // Everywhere (after the screens, so a screen can take a key first)
    b(
        C::Global,
        &[Ch('F')],
        "F",
        A::Console,
        "console",
        "Facilitator console (white cell): injects, overrides, pause, undo, reveal, end",
    ),
    b(
        C::Global,
        &[Ch('?')],
        "?",
        A::Help,
        "help",
        "Every key of this screen",
    ),
    b(
        C::Global,
        &[Ch('q')],
        "q",
        A::Quit,
        "quit",
        "Quit (asks first)",
    ),
    b(
        C::Global,
        &[Ctrl('c')],
        "C-c",
        A::ForceQuit,
        "",
        "Quit at once",
    ),
];

/// The action a key press means in `ctx`, if any. While typing, printable keys are text.
/// (Outside facilitator mode; see [`action_for_in`].)
pub fn action_for(ctx: Ctx, ev: &KeyEvent) -> Option<Action> {
    action_for_in(ctx, false, ev)
}

/// Whether a binding is live: the console key only exists in facilitator mode.
fn live(b: &Binding, facilitator: bool) -> bool {
    facilitator || b.action != Action::Console
}

/// The action a key press means in `ctx`; `facilitator`: the game is in facilitator mode.
pub fn action_for_in(ctx: Ctx, facilitator: bool, ev: &KeyEvent) -> Option<Action> {
    let find = |c: Ctx| {
        KEYS.iter()
            .filter(|b| b.ctx == c && live(b, facilitator))
            .find(|bd| bd.keys.iter().any(|k| k.matches(ev)))
            .map(|bd| bd.action.clone())
    };
    if let Some(a) = find(ctx) {
        return Some(a);
    }
    if let Some(a) = ctx.parent().and_then(find) {
        return Some(a);
    }
    if ctx == Ctx::Editing {
        if K::Ctrl('c').matches(ev) {
            return Some(Action::ForceQuit);
        }
        if let KeyCode::Char(c) = ev.code
            && !ev.modifiers.contains(KeyModifiers::CONTROL)
        {
            return Some(Action::Char(c));
        }
        return None;
    }
    let global_ok = !matches!(ctx, Ctx::QuitConfirm);
    if global_ok {
        return find(Ctx::Global);
    } else if K::Ctrl('c').matches(ev) {
        return Some(Action::ForceQuit);
    }
    None
}

/// The footer's (key, words) pairs for `ctx`, then the global ones (outside facilitator mode).
pub fn footer(ctx: Ctx) -> Vec<(&'static str, &'static str)> {
    footer_in(ctx, false)
}

/// The footer's (key, words) pairs: the screen's, its parent's, then the global ones (a global
/// key a screen has taken for itself is not listed twice).
pub fn footer_in(ctx: Ctx, facilitator: bool) -> Vec<(&'static str, &'static str)> {
    let shown = |c: Ctx| {
        KEYS.iter()
            .filter(move |b| {
                b.ctx == c && !b.short.is_empty() && !b.shown.is_empty() && live(b, facilitator)
            })
            .map(|b| (b.shown, b.short))
    };
    // A tab's parent keys (the console's Tab, p, Esc) first: they matter on every tab.
    let mut v: Vec<(&str, &str)> = ctx.parent().map(|p| shown(p).collect()).unwrap_or_default();
    v.extend(shown(ctx));
    if !matches!(ctx, Ctx::Editing | Ctx::QuitConfirm | Ctx::Help) {
        // A global key the screen has taken for itself (q in the replay, F in the console).
        let taken = |g: &Binding| {
            KEYS.iter()
                .filter(|b| b.ctx == ctx || Some(b.ctx) == ctx.parent())
                .any(|b| b.keys.iter().any(|k| g.keys.contains(k)))
        };
        let globals: Vec<_> = KEYS
            .iter()
            .filter(|b| {
                b.ctx == Ctx::Global
                    && !b.short.is_empty()
                    && !b.shown.is_empty()
                    && live(b, facilitator)
                    && !taken(b)
            })
            .map(|b| (b.shown, b.short))
            .collect();
        v.extend(globals);
    }
    v
}

/// The help overlay's sections (outside facilitator mode).
pub fn help(ctx: Ctx) -> Vec<(Ctx, Vec<(String, &'static str)>)> {
    help_in(ctx, false)
}

/// The help overlay's sections: this screen's keys, then the keys that work everywhere.
pub fn help_in(ctx: Ctx, facilitator: bool) -> Vec<(Ctx, Vec<(String, &'static str)>)> {
    let rows = |c: Ctx| -> Vec<(String, &'static str)> {
        KEYS.iter()
            .filter(|b| b.ctx == c && live(b, facilitator))
            .map(|b| (key_names(b.keys), b.help))
            .collect()
    };
    let mut out = vec![(ctx, rows(ctx))];
    if let Some(p) = ctx.parent() {
        out.push((p, rows(p)));
    }
    if matches!(
        ctx,
        Ctx::Planning | Ctx::ConsoleEvents | Ctx::ConsoleFree | Ctx::ConsoleOverride
    ) {
        out.push((Ctx::Editing, rows(Ctx::Editing)));
    }
    // The mouse works everywhere too: one section, not a second "Everywhere" heading.
    let mut global = rows(Ctx::Global);
    global.push((
        "mouse".to_string(),
        "Click a card, a row or a button to choose it; the wheel scrolls",
    ));
    out.push((Ctx::Global, global));
    out
}

/// "↑ / k" for a binding's keys, for the help overlay (which lists every key, not the short form).
pub fn key_names(keys: &[K]) -> String {
    keys.iter()
        .map(|k| match k {
            K::Ch(' ') => "Space".to_string(),
            K::Ch(c) => c.to_string(),
            K::Ctrl(c) => format!("Ctrl-{c}"),
            K::BackTab => "Shift-Tab".to_string(),
            K::Code(code) => match code {
                KC::Up => "↑".into(),
                KC::Down => "↓".into(),
                KC::Left => "←".into(),
                KC::Right => "→".into(),
                KC::Enter => "Enter".into(),
                KC::Esc => "Esc".into(),
                KC::Tab => "Tab".into(),
                KC::Backspace => "Backspace".into(),
                KC::Delete => "Delete".into(),
                KC::Home => "Home".into(),
                KC::End => "End".into(),
                KC::PageUp => "PgUp".into(),
                KC::PageDown => "PgDn".into(),
                other => format!("{other:?}"),
            },
        })
        .collect::<Vec<_>>()
        .join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn vim_keys_and_arrows_agree() {
        assert_eq!(
            action_for(Ctx::Planning, &key(KeyCode::Char('j'))),
            Some(Action::Down)
        );
        assert_eq!(
            action_for(Ctx::Planning, &key(KeyCode::Down)),
            Some(Action::Down)
        );
    }

    #[test]
    fn typing_takes_letters_but_not_ctrl_c() {
        assert_eq!(
            action_for(Ctx::Editing, &key(KeyCode::Char('q'))),
            Some(Action::Char('q'))
        );
        let cc = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action_for(Ctx::Editing, &cc), Some(Action::ForceQuit));
    }

    #[test]
    fn every_context_with_keys_has_help_text() {
        for bd in KEYS {
            assert!(!bd.help.is_empty());
            assert!(!bd.keys.is_empty());
        }
    }
}
