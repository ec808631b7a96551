//! The keys of the rest of a turn: answering an offer, the handover between sides at one
//! screen, the resolution told step by step, the brink crisis, and the debrief at the end.
//!
//! A part of the one key table, `KEYS` (in the module root), which lays the parts end to end.

use ratatui::crossterm::event::KeyCode as KC;

use super::KeySpec::*;
use super::{Action as A, Binding, KeyContext as C, b};

/// Answering an offer.
pub(super) static RESPOND: &[Binding] = &[
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
];

/// The handover: the screen passes to the next side.
pub(super) static HANDOVER: &[Binding] = &[
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
];

/// The resolution, step by step.
pub(super) static RESOLUTION: &[Binding] = &[
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
];

/// The brink crisis.
pub(super) static CRISIS: &[Binding] = &[
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
];

/// The debrief after the end.
pub(super) static DEBRIEF: &[Binding] = &[
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
];
