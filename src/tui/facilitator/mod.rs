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
//!
//! Here: the console's state and the facilitator's lists. The rest is split by what it does:
//! `notes` (the session's own notes, and facilitator mode read back from a record), `clock`
//! (the planning clock), `console` (the console's keys) and `inputs` (the facilitator's
//! actions on the game).

mod clock;
mod console;
mod inputs;
mod notes;

use std::time::Duration;

use crate::content::{ContentDb, EventIx, SideId};
use crate::engine::MeterRef;

use super::app::Screen;
use super::text_input::TextInput;

pub use notes::{
    changes_summary, ended_at, facilitator_mode_from_inputs, facilitator_spans_of,
    is_facilitator_input, is_session_note, opening_note,
};

/// Facilitator mode of a game in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct FacilitatorMode {
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

impl FacilitatorMode {
    pub fn new(timer: Option<Duration>) -> FacilitatorMode {
        FacilitatorMode {
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
    /// The class summary of a turn, for the projector.
    Summary,
}

impl ConsoleTab {
    pub const ALL: [ConsoleTab; 5] = [
        ConsoleTab::Events,
        ConsoleTab::Free,
        ConsoleTab::Override,
        ConsoleTab::Session,
        ConsoleTab::Summary,
    ];
    pub fn label(self) -> &'static str {
        match self {
            ConsoleTab::Events => "Inject an event",
            ConsoleTab::Free => "Free inject",
            ConsoleTab::Override => "Override",
            ConsoleTab::Session => "Session",
            ConsoleTab::Summary => "Class summary",
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
    /// Class summary: the turn shown (None: the last turn told), and the lines scrolled down
    /// from its top.
    pub sum_turn: Option<u16>,
    pub sum_scroll: u16,
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
            sum_turn: None,
            sum_scroll: 0,
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

/// The events the console lists for a search: first those only the facilitator can bring in
/// (facilitator-only injects, and the events `scenario` never draws), then the ordinary events,
/// then the incidents, each in deck order.
pub fn console_events(db: &ContentDb, scenario: u16, filter: &str) -> Vec<EventIx> {
    let f = filter.trim().to_lowercase();
    // The facilitator's own events first, then those the scenario draws, its incidents, the
    // events it leaves out, and last those its dates rule out (a 2018 trade war in 1994).
    let rank = |i: usize| match event_kind(db, scenario, i as EventIx) {
        "facilitator only" => 0,
        "incident" => 2,
        NOT_DRAWN_HERE => 3,
        OUT_OF_ITS_DATES => 4,
        _ => 1,
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

/// What the console calls an event whose dates miss the scenario's months: the scenario never
/// draws it, and an inject is an anachronism the facilitator is told of.
pub const OUT_OF_ITS_DATES: &str = "out of its dates here";

/// An item's dates in words: "from 2018-03 (why)", "from 1994-06 until 2002-12 (why)".
pub fn dates_text(d: &crate::content::Dates) -> String {
    match &d.until {
        Some(u) => format!("from {} until {u}: {}", d.from, d.why),
        None => format!("from {}: {}", d.from, d.why),
    }
}

/// How the console describes an event's place in the deck of `scenario`.
pub fn event_kind(db: &ContentDb, scenario: u16, e: EventIx) -> &'static str {
    let ev = &db.events[e as usize];
    let drawn = db.compiled_scenarios[scenario as usize]
        .event_allowed
        .get(e as usize)
        .copied()
        .unwrap_or(true);
    let left_out = db
        .scenarios
        .get(scenario as usize)
        .is_some_and(|sc| sc.exclude_events.contains(&ev.id));
    if !drawn && !left_out {
        OUT_OF_ITS_DATES
    } else if !drawn {
        NOT_DRAWN_HERE
    } else if ev.incident {
        "incident"
    } else if ev.weight <= 0.0 {
        "facilitator only"
    } else {
        "drawn by weight"
    }
}
