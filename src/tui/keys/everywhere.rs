//! The keys of the overlays (help, WHY, confirmations) and the keys that work everywhere.
//!
//! A part of the one key table, `KEYS` (in the module root), which lays the parts end to end.

use ratatui::crossterm::event::KeyCode as KC;

use super::KeySpec::*;
use super::{Action as A, Binding, KeyContext as C, b};

/// The overlays: help, WHY, confirmations.
pub(super) static OVERLAYS: &[Binding] = &[
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
];

/// Everywhere (after the screens, so a screen can take a key first).
pub(super) static GLOBAL: &[Binding] = &[
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
