//! Helpers shared by the TUI tests: a fixed app, rendering into a TestBackend, key presses.
#![allow(dead_code)]

pub mod pty;

use std::sync::Arc;

use brink::content::ContentDb;
use brink::tui::app::{App, Screen};
use brink::tui::keys::Action;
use brink::tui::seats::Seat;
use brink::tui::{Theme, ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub fn db() -> Arc<ContentDb> {
    Arc::new(ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("the shipped decks load"))
}

/// An app at the title, mono theme, a fixed seed, no disk.
pub fn app(w: u16, h: u16) -> App {
    let mut a = App::new(db(), Theme::mono(), 7);
    a.size = (w, h);
    a
}

/// Hanoi 2019, seed 7, with these human sides (the rest play `random`).
pub fn hanoi(w: u16, h: u16, humans: &[&str]) -> App {
    scenario("hanoi-2019", w, h, humans)
}

/// A scenario, seed 7, with these human sides (the rest play `random`).
pub fn scenario(id: &str, w: u16, h: u16, humans: &[&str]) -> App {
    let mut a = app(w, h);
    let seats: [Seat; 5] = std::array::from_fn(|i| {
        let side = brink::content::SideId::from_index(i);
        if humans.contains(&side.id()) {
            Seat::Human
        } else {
            Seat::Computer("random".into())
        }
    });
    a.start_game(id, 7, seats);
    a.run_ai();
    a
}

/// Hanoi 2019, seed 7, in facilitator mode (a planning timer in minutes, if any), these sides
/// human (the rest play `random`).
pub fn facilitated(w: u16, h: u16, humans: &[&str], timer: Option<u64>) -> App {
    facilitated_in("hanoi-2019", w, h, humans, timer)
}

/// `facilitated`, in another scenario.
pub fn facilitated_in(id: &str, w: u16, h: u16, humans: &[&str], timer: Option<u64>) -> App {
    let mut a = app(w, h);
    let seats: [Seat; 5] = std::array::from_fn(|i| {
        let side = brink::content::SideId::from_index(i);
        if humans.contains(&side.id()) {
            Seat::Human
        } else {
            Seat::Computer("random".into())
        }
    });
    let fac = brink::tui::facilitator::FacilitatorMode::new(
        timer.map(|m| std::time::Duration::from_secs(m * 60)),
    );
    a.start_game_with(id, 7, seats, Some(fac));
    a.run_ai();
    a
}

pub fn render(app: &App) -> String {
    let (w, h) = app.size;
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::render(app, f)).unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

pub fn press(app: &mut App, actions: &[Action]) {
    for a in actions {
        app.handle(a.clone());
    }
}

/// Renders (so click targets exist), then acts.
pub fn render_and(app: &mut App, a: Action) {
    let _ = render(app);
    app.handle(a);
}

/// Plays on with plain choices until `want` holds (true), or the game ends first (false): every
/// plan empty, every offer rejected, backing down at the brink, every result read whole, the
/// console closed.
pub fn play_plainly(a: &mut App, want: impl Fn(&App) -> bool) -> bool {
    for _ in 0..5000 {
        if want(a) {
            return true;
        }
        match &a.screen {
            Screen::Debrief(_) => return false,
            Screen::Handover(_) => a.handle(Action::Ready),
            Screen::Resolution(_) => {
                a.handle(Action::RevealAll);
                a.handle(Action::Select);
            }
            Screen::Planning(_) => {
                a.handle(Action::Submit);
                a.handle(Action::Yes);
            }
            Screen::Respond(_) => {
                a.handle(Action::Reject);
                a.handle(Action::Select);
            }
            Screen::Crisis(_) => {
                a.handle(Action::BackDown);
                a.handle(Action::Select);
            }
            Screen::Console(_) => a.handle(Action::Back),
            _ => a.handle(Action::Select),
        }
    }
    false
}
