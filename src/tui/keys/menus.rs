//! The keys of the menus: the title screen, the list of saved games and the new-game form.
//!
//! A part of the one key table, `KEYS` (in the module root), which lays the parts end to end.

use ratatui::crossterm::event::KeyCode as KC;

use super::KeySpec::*;
use super::{Action as A, Binding, KeyContext as C, b};

/// The title screen's menu.
pub(super) static TITLE: &[Binding] = &[
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
];

/// The list of saved games.
pub(super) static SAVES: &[Binding] = &[
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
];

/// The new-game form.
pub(super) static NEW_GAME: &[Binding] = &[
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
];
