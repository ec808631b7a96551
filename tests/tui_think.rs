//! Computer seats think on a worker thread (`tui::think`): the record is what the synchronous
//! loop made, the screen says who is thinking, stale answers are dropped, pause holds the
//! computers, a failing computer player is reported.
//!
//! No test waits on the clock: a job stays "out" until the app takes its answer in, which only
//! `pump_ai`, `run_ai`, `wait_ai_for` and `settle_ai` do, so between `update` calls the app is
//! exactly where the test left it; `settle_ai` then waits for every worker, stale ones included.

mod tui_support;

use brink::ai::Policy;
use brink::content::{ContentDb, SideId};
use brink::engine::state::Offer;
use brink::engine::{CrisisChoice, Game, GameState, Input, Move, Phase, Recorded, Response};
use brink::tui::App;
use brink::tui::app::Screen;
use brink::tui::facilitator::{FacilitatorMode, is_facilitator_input};
use brink::tui::keys::Action as A;
use brink::tui::seats::{self, Seat};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use tui_support::*;

/// The US at the screen; the others a mix of personas, two with a search.
const SPECS: [&str; 5] = [
    "",
    "economy-first:normal",
    "engager",
    "stabiliser:normal",
    "maximum-pressure",
];

fn seats_of(specs: &[&str; 5]) -> [Seat; 5] {
    std::array::from_fn(|i| match specs[i] {
        "" => Seat::Human,
        s => Seat::Computer(s.to_string()),
    })
}

/// A game started without waiting for the computers: the first decision is out with a worker.
fn started(specs: &[&str; 5], seed: u64, fac: bool) -> App {
    let mut a = app(80, 24);
    let fac = fac.then(|| FacilitatorMode::new(None));
    a.start_game_with("hanoi-2019", seed, seats_of(specs), fac);
    a
}

fn game(a: &App) -> &Game {
    &a.session.as_ref().unwrap().game
}

/// The sides' inputs (plans, answers, crisis choices) with their reasons: the facilitator's
/// notes left out.
fn moves(g: &Game) -> Vec<Recorded> {
    g.inputs
        .iter()
        .filter(|r| !is_facilitator_input(&r.input))
        .cloned()
        .collect()
}

// ------------------------------------------------------------------ the record is unchanged

/// The seed of the app's computer RNG (as the synchronous loop seeded it).
fn ai_rng(seed: u64) -> ChaCha8Rng {
    let mut x = (seed ^ 0xB41D).wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ChaCha8Rng::seed_from_u64(x ^ (x >> 31))
}

/// The game as the synchronous loop played it, on one thread: every computer decision due,
/// in seat order, one RNG, each reason recorded, the same fallback; then the human (the US)
/// passing, rejecting and backing down as `play_on` does.
fn reference(db: &ContentDb, specs: &[&str; 5], seed: u64) -> Game {
    let seats = seats_of(specs);
    let mut g = Game::new(db, "hanoi-2019", seed).unwrap();
    let mut policies: [Option<Box<dyn Policy>>; 5] = std::array::from_fn(|i| {
        let side = SideId::from_index(i);
        g.state
            .seated(side)
            .then(|| {
                let agents = brink::agent::AgentOptions::default();
                seats::policy(db, &seats[i], side, "hanoi-2019", &agents).0
            })
            .flatten()
    });
    let mut rng = ai_rng(seed);
    let human = |x: SideId| seats[x.index()].is_human();
    // Computers first, in the engine's order; then the human (the US) passes.
    while let Some(d) = g
        .pending()
        .find(|d| !human(d.side()))
        .or_else(|| g.pending().next())
    {
        if human(d.side()) {
            assert_eq!(d.side(), SideId::Us);
            g.apply(db, d, d.pass(), None).unwrap();
            continue;
        }
        let p = policies[d.side().index()].as_mut().unwrap();
        let input = p.decide(db, &g.state, d, &mut rng);
        let reason = p.reason();
        g.apply_or_pass(db, d, Some(input), reason).unwrap();
    }
    g
}

#[test]
fn a_seeded_game_through_the_worker_has_the_record_the_synchronous_loop_made() {
    for seed in [11] {
        let mut a = started(&SPECS, seed, false);
        a.run_ai();
        play_plainly(&mut a, |a| matches!(a.screen, Screen::Debrief(_)));
        let want = reference(&a.db, &SPECS, seed);
        let got = game(&a);
        assert_eq!(got.state.phase, Phase::Over);
        assert_eq!(got.inputs.len(), want.inputs.len(), "seed {seed}");
        for (i, (g, w)) in got.inputs.iter().zip(&want.inputs).enumerate() {
            assert_eq!(g, w, "seed {seed}: input {i} differs");
        }
        assert_eq!(got.state.meters(), want.state.meters());
        // The computers' reasons are in the record, as before.
        let reasons = got
            .inputs
            .iter()
            .filter(|r| {
                !matches!(
                    r.input,
                    Input::Plan {
                        side: SideId::Us,
                        ..
                    }
                )
            })
            .filter(|r| r.rationale.is_some())
            .count();
        assert!(reasons > 40, "only {reasons} reasons recorded");
        assert_eq!(a.ai_dropped(), 0, "nothing was cancelled");
    }
}

// ------------------------------------------------------------------ the indicator

#[test]
fn the_screen_says_who_is_thinking_and_keys_that_would_move_wait() {
    let mut a = started(&SPECS, 7, false);
    assert!(a.ai_busy(), "the first decision went to a worker");
    // The DPRK is the first computer seat to plan.
    assert_eq!(a.thinking().map(|(s, _)| s), Some(SideId::Dprk));
    for (w, h) in [(80, 24), (160, 48)] {
        a.size = (w, h);
        let text = render(&a);
        let status = text.lines().nth(h as usize - 2).unwrap();
        assert!(status.contains("DPRK is thinking…"), "{w}x{h}:\n{text}");
        assert!(status.chars().count() <= w as usize);
    }
    // A key that would start something waits, and says so; the indicator stays.
    let screen = a.screen.clone();
    a.update(A::Select);
    assert_eq!(a.screen, screen);
    assert!(a.status.as_deref().unwrap().contains("still choosing"));
    let text = render(&a);
    assert!(text.contains("DPRK is thinking…"), "{text}");
    // Help still opens.
    a.update(A::Help);
    assert!(a.overlay.is_some());
    a.update(A::Back);
    // Once every computer has chosen: the US plans, and nobody is thinking.
    a.run_ai();
    assert!(!a.ai_busy() && a.thinking().is_none());
    assert!(matches!(a.screen, Screen::Planning(ref ui) if ui.side == SideId::Us));
    assert!(!render(&a).contains("is thinking"));
    let planned = game(&a)
        .inputs
        .iter()
        .filter(|r| matches!(r.input, Input::Plan { .. }))
        .count();
    assert_eq!(planned, 4, "the four computer seats planned");
}

#[test]
fn the_terminal_loop_takes_answers_without_blocking() {
    // What the run loop does: pump (never waits) and wait a frame at a time.
    let mut a = started(&SPECS, 7, false);
    for _ in 0..2000 {
        a.pump_ai();
        if !a.ai_due {
            break;
        }
        a.wait_ai_for(std::time::Duration::from_millis(50));
    }
    assert!(!a.ai_due);
    assert!(matches!(a.screen, Screen::Planning(ref ui) if ui.side == SideId::Us));
    let mut b = started(&SPECS, 7, false);
    b.run_ai();
    assert_eq!(game(&a).inputs, game(&b).inputs);
}

// ------------------------------------------------------------------ stale answers

/// At the US's turn-2 planning, everything done; the US then submits with `update` only, so
/// the computers' next decision is out with a worker.
fn thinking_in_turn_2() -> App {
    let mut a = started(&SPECS, 7, true);
    a.run_ai();
    play_plainly(&mut a, |a| {
        game(a).state.turn == 2 && matches!(a.screen, Screen::Planning(_))
    });
    a.update(A::Submit);
    a.update(A::Yes);
    assert!(a.ai_busy(), "a computer is thinking after the US plan");
    a
}

/// Console → session tab → undo → yes.
fn undo(a: &mut App, step: fn(&mut App, A)) {
    step(a, A::Console);
    step(a, A::Jump(3));
    step(a, A::Down);
    step(a, A::Select);
    step(a, A::Yes);
}

#[test]
fn an_answer_that_comes_after_an_undo_is_dropped() {
    let mut a = thinking_in_turn_2();
    let before = game(&a).inputs.len();
    // Undo while the computer thinks: every key here is an `update`, nothing is taken in.
    undo(&mut a, |a, k| a.update(k));
    assert_eq!(game(&a).state.turn, 2, "turn 2 starts again");
    assert!(game(&a).inputs.len() < before);
    assert_eq!(a.ai_outstanding(), 2, "the stale worker and the new one");
    a.settle_ai();
    assert_eq!(a.ai_dropped(), 1, "the stale answer came and was dropped");
    assert_eq!(a.ai_outstanding(), 0);

    // The same undo once the computers had finished gives the same game.
    let mut b = thinking_in_turn_2();
    b.run_ai();
    undo(&mut b, |b, k| b.handle(k));
    assert_eq!(b.ai_dropped(), 0);
    assert_eq!(moves(game(&a)), moves(game(&b)));
    assert_eq!(game(&a).state.meters(), game(&b).state.meters());
    assert_eq!(a.screen, b.screen);
}

#[test]
fn an_inject_while_a_computer_thinks_drops_its_answer_and_asks_it_again() {
    let mut a = thinking_in_turn_2();
    let side = a.thinking().unwrap().0;
    // A free inject: tension +5, with its text.
    a.update(A::Console);
    a.update(A::Jump(1));
    a.update(A::PageUp);
    a.update(A::EditText);
    for c in "A border incident".chars() {
        a.update(A::Char(c));
    }
    a.update(A::Select);
    a.update(A::Select);
    // A free inject asks first.
    a.update(A::Yes);
    let at = game(&a)
        .inputs
        .iter()
        .rposition(
            |r| matches!(&r.input, Input::FreeInject { text, .. } if text == "A border incident"),
        )
        .expect("the inject went in");
    assert_eq!(at + 1, game(&a).inputs.len(), "nothing came in between");
    // The console stays open; the computer thinks again, about the game with the inject.
    assert!(matches!(a.screen, Screen::Console(_)));
    assert_eq!(a.thinking().map(|t| t.0), Some(side));
    a.settle_ai();
    assert_eq!(a.ai_dropped(), 1);
    let decided_after = game(&a).inputs[at + 1..].iter().any(|r| {
        matches!(&r.input,
            Input::Plan { side: s, .. } | Input::Respond { side: s, .. } | Input::Crisis { side: s, .. }
            if *s == side)
    });
    assert!(decided_after, "{side} decided after the inject");
}

// ------------------------------------------------------------------ pause

#[test]
fn a_pause_holds_the_computers_and_resuming_lets_them_choose() {
    let mut a = thinking_in_turn_2();
    let before = moves(game(&a));
    a.update(A::Console);
    a.update(A::Pause);
    assert!(a.paused());
    assert!(!a.ai_busy() && a.thinking().is_none());
    // The worker answers; the answer is dropped and nothing else is asked while paused.
    a.settle_ai();
    assert_eq!(a.ai_dropped(), 1);
    a.run_ai();
    a.pump_ai();
    assert_eq!(moves(game(&a)), before, "no computer moved while paused");
    assert!(a.ai_due, "the computers are still due");
    let text = render(&a);
    assert!(
        text.contains("PAUSED") && !text.contains("is thinking"),
        "{text}"
    );
    // Resume: they choose, and the next screen waits behind the console.
    a.update(A::Pause);
    assert!(!a.paused());
    assert!(a.ai_busy());
    a.run_ai();
    assert!(!a.ai_due);
    assert!(matches!(a.screen, Screen::Console(_)));
    a.update(A::Back);
    assert!(!matches!(a.screen, Screen::Console(_)));
    // The same as if nobody had paused.
    let mut b = thinking_in_turn_2();
    b.run_ai();
    assert_eq!(moves(game(&a)), moves(game(&b)));
    assert_eq!(a.screen, b.screen);
}

// ------------------------------------------------------------------ quitting and failures

#[test]
fn quitting_while_a_computer_thinks_does_not_wait_for_it() {
    let mut a = started(&["", "hold-the-deterrent:normal", "", "", ""], 7, false);
    assert!(a.ai_busy());
    a.update(A::ForceQuit);
    assert!(a.quit);
    assert!(!a.ai_busy());
    // Its answer, when it comes, is not applied.
    let n = game(&a).inputs.len();
    a.settle_ai();
    assert_eq!(game(&a).inputs.len(), n);
    assert_eq!(a.ai_dropped(), 1);
}

/// A policy with a bug.
struct Broken;

impl Policy for Broken {
    fn plan(&mut self, _: &ContentDb, _: &GameState, _: SideId, _: &mut ChaCha8Rng) -> Vec<Move> {
        panic!("index out of bounds in a persona rule");
    }
    fn respond(
        &mut self,
        _: &ContentDb,
        _: &GameState,
        _: SideId,
        _: &Offer,
        _: &mut ChaCha8Rng,
    ) -> Response {
        panic!("index out of bounds in a persona rule");
    }
    fn crisis(
        &mut self,
        _: &ContentDb,
        _: &GameState,
        _: SideId,
        _: &mut ChaCha8Rng,
    ) -> CrisisChoice {
        panic!("index out of bounds in a persona rule");
    }
}

#[test]
fn a_computer_player_that_panics_is_reported_and_passes() {
    let mut a = started(&SPECS, 7, false);
    a.run_ai();
    let china = SideId::China.index();
    a.session.as_mut().unwrap().policies[china] = Some(Box::new(Broken));
    let rng_before = a.session.as_ref().unwrap().ai_rng.clone();
    let n = game(&a).inputs.len();
    let china_in = |r: &&Recorded| match &r.input {
        Input::Plan { side, .. } | Input::Respond { side, .. } | Input::Crisis { side, .. } => {
            *side == SideId::China
        }
        _ => false,
    };
    play_plainly(&mut a, |a| game(a).inputs[n..].iter().any(|r| china_in(&r)));
    // The game went on: China's next decision went in as a pass (the fallback), no reason.
    let g = game(&a);
    let first = g.inputs[n..].iter().find(china_in).unwrap();
    assert!(
        matches!(
            &first.input,
            Input::Plan { moves, .. } if moves.is_empty()
        ) || matches!(
            first.input,
            Input::Respond {
                response: Response::Reject,
                ..
            } | Input::Crisis {
                choice: CrisisChoice::BackDown,
                ..
            }
        ),
        "{first:?}"
    );
    assert!(first.rationale.is_none());
    assert_ne!(
        a.session.as_ref().unwrap().ai_rng,
        rng_before,
        "others still drew"
    );
    // It says so on screen.
    let (side, msg) = a.ai_error.clone().expect("the failure is reported");
    assert_eq!(side, SideId::China);
    assert!(
        msg.contains("China") && msg.contains("persona rule"),
        "{msg}"
    );
    a.status = None;
    a.size = (160, 48);
    let text = render(&a);
    assert!(
        text.contains("The computer player for China failed"),
        "{text}"
    );
    // China has a working policy again: its next decision goes through and clears the error.
    let n = game(&a).inputs.len();
    play_plainly(&mut a, |a| game(a).inputs[n..].iter().any(|r| china_in(&r)));
    let next = game(&a).inputs[n..].iter().find(china_in).unwrap();
    assert!(next.rationale.is_some(), "{next:?}");
    assert!(a.ai_error.is_none());
}
