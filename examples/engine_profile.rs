//! Whole games for profiling the engine under `valgrind --tool=callgrind` (instruction counts are
//! repeatable on a busy machine, unlike wall-clock time):
//! `cargo build --profile fastrel --example engine_profile &&
//!  valgrind --tool=callgrind target/fastrel/examples/engine_profile [games] [random|pass]`,
//! less a run of 0 games (loading the decks), divided by the games.
//! `random` plays the benchmark's random-legal players; `pass` has every side play nothing, which
//! isolates the fixed cost of a turn (events, dynamics, objectives).

use brink::ai::{self, Policy, RandomPolicy};
use brink::content::{ContentDb, SideId};
use brink::engine::state::Offer;
use brink::engine::{CrisisChoice, GameState, Move, NoSink, Response, turn};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Plays nothing, rejects every offer, backs down at the brink.
struct Pass;

impl Policy for Pass {
    fn plan(&mut self, _: &ContentDb, _: &GameState, _: SideId, _: &mut ChaCha8Rng) -> Vec<Move> {
        Vec::new()
    }
    fn respond(
        &mut self,
        _: &ContentDb,
        _: &GameState,
        _: SideId,
        _: &Offer,
        _: &mut ChaCha8Rng,
    ) -> Response {
        Response::Reject
    }
    fn crisis(
        &mut self,
        _: &ContentDb,
        _: &GameState,
        _: SideId,
        _: &mut ChaCha8Rng,
    ) -> CrisisChoice {
        CrisisChoice::BackDown
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let games: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let pass = args.get(1).is_some_and(|a| a == "pass");
    let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
    let mut random: [RandomPolicy; 5] = Default::default();
    let mut passes = [Pass, Pass, Pass, Pass, Pass];
    let mut turns = 0u64;
    // One state for every game, restarted in place, as `brink sim` and the benchmark do.
    let mut s = GameState::new_unstarted(&db, "hanoi-2019", 0).expect("scenario");
    for seed in 0..games {
        s.restart(&db, "hanoi-2019", seed).expect("scenario");
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        turn::start(&db, &mut s, &mut NoSink);
        if pass {
            let [a, b, c, d, e] = &mut passes;
            let mut seats: [Option<&mut dyn Policy>; 5] =
                [Some(a), Some(b), Some(c), Some(d), Some(e)];
            ai::drive_unlogged(&db, &mut s, &mut seats, &mut rng, None);
        } else {
            let [a, b, c, d, e] = &mut random;
            let mut seats: [Option<&mut dyn Policy>; 5] =
                [Some(a), Some(b), Some(c), Some(d), Some(e)];
            ai::drive_unlogged(&db, &mut s, &mut seats, &mut rng, None);
        }
        turns += s.turn as u64;
    }
    println!("{games} games, {turns} turns");
}
