//! The keys of `brink replay`: stepping through a recorded game.
//!
//! A part of the one key table, `KEYS` (in the module root), which lays the parts end to end.

use ratatui::crossterm::event::KeyCode as KC;

use super::KeySpec::*;
use super::{Action as A, Binding, KeyContext as C, b};

/// `brink replay`: stepping through a recorded game.
pub(super) static REPLAY: &[Binding] = &[
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
];
