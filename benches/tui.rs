//! Drawing the planning screen at 160×48 into a TestBackend: the cost of one frame.
//! `cargo bench --bench tui`. "warm" reuses the card preview computed on the first frame (what
//! the game does while the selection stays put); "cold" recomputes it (a new card selected).

use std::hint::black_box;
use std::sync::Arc;

use brink::content::{ContentDb, SideId};
use brink::tui::app::App;
use brink::tui::seats::Seat;
use brink::tui::{Theme, ui};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn planning_app() -> App {
    let db = Arc::new(ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks load"));
    let mut app = App::new(db, Theme::named("dark").expect("dark theme"), 7);
    app.size = (160, 48);
    let seats: [Seat; 5] = std::array::from_fn(|i| {
        if SideId::from_index(i) == SideId::Us {
            Seat::Human
        } else {
            Seat::Computer("random".into())
        }
    });
    app.start_game("hanoi-2019", 7, seats);
    while app.ai_due {
        app.run_ai();
    }
    // Select a playable card so the preview is drawn.
    let side = SideId::Us;
    let i = app
        .hand(side)
        .iter()
        .position(|c| app.unplayable(side, *c).is_none())
        .unwrap_or(0);
    app.handle(brink::tui::keys::Action::Pick(i));
    app
}

fn bench(c: &mut Criterion) {
    let app = planning_app();
    let mut term = Terminal::new(TestBackend::new(160, 48)).unwrap();
    term.draw(|f| ui::render(&app, f)).unwrap();
    c.bench_function("planning_160x48_warm", |b| {
        b.iter(|| {
            term.draw(|f| ui::render(black_box(&app), f)).unwrap();
        })
    });
    c.bench_function("planning_160x48_cold_preview", |b| {
        b.iter(|| {
            app.forget_previews();
            term.draw(|f| ui::render(black_box(&app), f)).unwrap();
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
