//! The keys of the facilitator console: those of every tab, then each tab's own.
//!
//! A part of the one key table, `KEYS` (in the module root), which lays the parts end to end.

use ratatui::crossterm::event::KeyCode as KC;

use super::KeySpec::*;
use super::{Action as A, Binding, KeyContext as C, b};

/// The facilitator console: keys of every tab.
pub(super) static CONSOLE: &[Binding] = &[
    b(
        C::Console,
        &[Code(KC::Tab)],
        "Tab",
        A::NextPane,
        "tabs",
        "Next tab: inject an event, free inject, override, session, class summary",
    ),
    b(C::Console, &[BackTab], "", A::PrevPane, "", "Previous tab"),
    b(
        C::Console,
        &[Ch('1')],
        "1-5",
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
        &[Ch('5')],
        "",
        A::Jump(4),
        "",
        "Tab 5: the class summary of a turn (for the projector)",
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
];

/// Console: events.
pub(super) static CONSOLE_EVENTS: &[Binding] = &[
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
];

/// Console: free inject.
pub(super) static CONSOLE_FREE: &[Binding] = &[
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
];

/// Console: override.
pub(super) static CONSOLE_OVERRIDE: &[Binding] = &[
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
];

/// Console: session.
pub(super) static CONSOLE_SESSION: &[Binding] = &[
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
];

/// Console: class summary.
pub(super) static CONSOLE_SUMMARY: &[Binding] = &[
    b(
        C::ConsoleSummary,
        &[Code(KC::Left), Ch('h')],
        "←→",
        A::Left,
        "turn",
        "The turn before",
    ),
    b(
        C::ConsoleSummary,
        &[Code(KC::Right), Ch('l')],
        "",
        A::Right,
        "",
        "The turn after",
    ),
    b(
        C::ConsoleSummary,
        &[Code(KC::Up), Ch('k')],
        "↑↓",
        A::Up,
        "scroll",
        "Scroll the turn's summary up a line",
    ),
    b(
        C::ConsoleSummary,
        &[Code(KC::Down), Ch('j')],
        "",
        A::Down,
        "",
        "Scroll the turn's summary down a line",
    ),
    b(
        C::ConsoleSummary,
        &[Code(KC::PageUp)],
        "",
        A::PageUp,
        "",
        "Scroll the turn's summary up a page",
    ),
    b(
        C::ConsoleSummary,
        &[Code(KC::PageDown)],
        "",
        A::PageDown,
        "",
        "Scroll the turn's summary down a page",
    ),
];
