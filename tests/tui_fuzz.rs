//! Mashing keys: whatever a person (or a cat on the keyboard) sends, in whatever order and at
//! whatever terminal size, the screens never panic, the game's rules are never broken, and the
//! game can still be played to its debrief. Each run starts a game with humans, computers and
//! (every other run) a facilitator, sends random actions, rendering after each one as the run
//! loop would, then plays on with plain choices to the end.

mod tui_support;

use brink::tui::App;
use brink::tui::keys::Action as A;
use brink::tui::seats::Seat;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tui_support::*;

/// Every action a key, the mouse or the run loop can send, Quit and ForceQuit aside (they end
/// the session; a run that quits starts over). Weighted toward the keys that move a game on.
fn random_action(rng: &mut ChaCha8Rng, size: (u16, u16)) -> A {
    let common = [
        A::Up,
        A::Down,
        A::Select,
        A::Toggle,
        A::Submit,
        A::Yes,
        A::Accept,
        A::Reject,
        A::Counter,
        A::Back,
        A::NextPane,
        A::StandFirm,
        A::BackDown,
        A::RevealAll,
    ];
    let rare = [
        A::Left,
        A::Right,
        A::PageUp,
        A::PageDown,
        A::Home,
        A::End,
        A::PrevPane,
        A::Help,
        A::No,
        A::NewGame,
        A::Resume,
        A::EditText,
        A::RandomSeed,
        A::Why,
        A::ToggleChart,
        A::CycleView,
        A::Counter,
        A::Backspace,
        A::Delete,
        A::ClearText,
        A::ScrollUp,
        A::ScrollDown,
        A::Console,
        A::Pause,
        A::EditValue,
        A::Report,
    ];
    // The keys that move a game on: submit, confirm, answer, continue.
    // (Space passes a handover: as likely as Enter, which confirms on every other screen.)
    let onward = [
        A::Select,
        A::Select,
        A::Ready,
        A::Ready,
        A::Submit,
        A::Yes,
        A::Accept,
        A::StandFirm,
        A::BackDown,
        A::RevealAll,
        A::Back,
    ];
    match rng.random_range(0..100u32) {
        0..45 => onward[rng.random_range(0..onward.len())].clone(),
        45..70 => common[rng.random_range(0..common.len())].clone(),
        70..85 => rare[rng.random_range(0..rare.len())].clone(),
        85..89 => A::Char(['a', 'Z', '7', ' ', '-', 'é', '→'][rng.random_range(0..7)]),
        89..91 => A::Paste("a pasted line\nwith a break\tand a tab".into()),
        91..95 => A::Click(rng.random_range(0..size.0), rng.random_range(0..size.1)),
        95..97 => A::Pick(rng.random_range(0..40)),
        97 => A::PickMeter(rng.random_range(0..30)),
        98 => A::Jump(rng.random_range(0..6)),
        _ => A::Tick(std::time::Duration::from_secs(rng.random_range(0..200))),
    }
}

fn new_game(run: u64) -> App {
    let scenarios = [
        "hanoi-2019",
        "agreed-framework-1994",
        "fire-and-fury-2017",
        "singapore-2018",
    ];
    let scenario = scenarios[run as usize % scenarios.len()];
    let mut a = app(120, 40);
    // Two humans (a hotseat with handovers), the rest random computers.
    let seats: [Seat; 5] = std::array::from_fn(|i| {
        if i == (run as usize) % 5 || i == (run as usize + 1) % 5 {
            Seat::Human
        } else {
            Seat::Computer("random".into())
        }
    });
    let fac = (run % 2 == 1).then(|| brink::tui::facilitator::FacilitatorMode::new(None));
    a.start_game_with(scenario, run, seats, fac);
    a.run_ai();
    a
}

/// After the mashing, plays on with plain choices until the debrief: whatever the keys did,
/// the game can still be finished. Returns false only if the mashing left the game (the title,
/// the saves): then there is nothing to finish.
fn finish(a: &mut App) -> bool {
    use brink::tui::app::{Overlay, Screen};
    // A terminal too small takes no input but a resize.
    a.handle(A::Resize(120, 40));
    for _ in 0..3000 {
        let _ = render(a);
        if a.paused() {
            // The facilitator's pause holds everything: resume it from the console.
            a.handle(A::Console);
            a.handle(A::Pause);
            a.handle(A::Back);
            continue;
        }
        if a.editing.is_some() {
            // Typing (a rationale, a seed, a search): Enter keeps the text.
            a.handle(A::Select);
            continue;
        }
        match &a.overlay {
            Some(Overlay::Confirm { .. }) => {
                a.handle(A::Yes);
                continue;
            }
            Some(_) => {
                a.handle(A::Back);
                continue;
            }
            None => {}
        }
        match &a.screen {
            Screen::Debrief(_) => return true,
            Screen::Title | Screen::NewGame | Screen::Saves(_) | Screen::Replay(_) => {
                return false;
            }
            Screen::Console(_) | Screen::Package(_) => a.handle(A::Back),
            Screen::Handover(_) => a.handle(A::Ready),
            Screen::Planning(_) => {
                a.handle(A::Submit);
                a.handle(A::Yes);
            }
            Screen::Respond(_) => {
                a.handle(A::Accept);
                a.handle(A::Select);
            }
            Screen::Crisis(_) => {
                a.handle(A::BackDown);
                a.handle(A::Select);
            }
            Screen::Resolution(_) => {
                a.handle(A::RevealAll);
                a.handle(A::Select);
            }
        }
        a.run_ai();
    }
    panic!(
        "after the mashing the game could not be finished: {:?} ({:?}, editing {:?}, status {:?})",
        a.screen,
        a.ctx(),
        a.editing,
        a.status
    );
}

#[test]
fn mashing_keys_at_any_size_never_panics_nor_breaks_a_rule() {
    let sizes = [
        (120, 40),
        (80, 24),
        (160, 48),
        (60, 20),
        (200, 60),
        (79, 23),
    ];
    let mut actions = 0;
    let mut max_turn = 0;
    let mut finished = 0;
    let mut screens = std::collections::HashSet::new();
    // `BRINK_FUZZ_RUNS=500 cargo test --release --test tui_fuzz` mashes longer, by hand.
    let runs = std::env::var("BRINK_FUZZ_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12u64);
    for run in 0..runs {
        let mut rng = ChaCha8Rng::seed_from_u64(run);
        let mut a = new_game(run);
        for step in 0..500 {
            if step % 50 == 0 {
                let (w, h) = sizes[rng.random_range(0..sizes.len())];
                a.handle(A::Resize(w, h));
            }
            let act = random_action(&mut rng, a.size);
            a.handle(act);
            a.run_ai();
            actions += 1;
            // Every frame draws, as the run loop draws after every event.
            let _ = render(&a);
            let name = format!("{:?}", a.screen);
            let name = name.split(['(', ' ', '{']).next().unwrap_or("").to_string();
            screens.insert(name);
            if a.quit {
                a = new_game(run + 100);
            }
            if let Some(sess) = &a.session {
                let s = &sess.game.state;
                // The rules' own invariants, whatever the keys did.
                assert!(
                    (0.0..=100.0).contains(&s.tension()),
                    "run {run} step {step}"
                );
                assert!(s.turn >= 1, "run {run} step {step}");
                max_turn = max_turn.max(s.turn);
            }
        }
        if finish(&mut a) {
            finished += 1;
            screens.insert("Debrief".to_string());
        }
    }
    // Most runs are still in a game when the mashing stops, and each of those finishes.
    assert!(finished * 2 >= runs, "{finished} of {runs} runs finished");
    assert!(actions >= 6_000);
    // Mashing does move games on, so the later screens were visited. (Games mashed for 500
    // keys used to end in early wars, mostly 1994's; since 1994 offers no nuclear or ICBM tests
    // (dates) none does, so the test asks for games moved past their first turns instead.)
    assert!(max_turn >= 3, "no game got past turn {max_turn}");
    // And the mashing reached the screens of a whole game.
    for want in [
        "Planning",
        "Handover",
        "Package",
        "Respond",
        "Resolution",
        "Debrief",
        "Console",
    ] {
        assert!(screens.contains(want), "never reached {want}: {screens:?}");
    }
    assert!(max_turn >= 2, "the games never got past turn {max_turn}");
}
