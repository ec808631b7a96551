//! The engine's speed: whole games of hanoi-2019 between random-legal players, on one core.
//!
//! `cargo bench --bench engine` — the figure to read is the time per game (target: 50,000
//! games per second per core, i.e. at most 20 µs a game). Each iteration plays one complete game
//! from a new state with a new seed, through the same `ai::drive_unlogged` loop `brink sim` uses, with
//! no journal (`NoSink`). As in `brink sim`, the five players' buffers are reused, and the state
//! is one per thread, restarted in place for each game (`GameState::restart`), so that a game
//! grows into the lists the last one left instead of allocating its own.
//! The random players build only legal plans (from `card_playable`, the budget and the move
//! limit) and vouch for them, so `drive` hands them over without a second `check_plan`, in the
//! benchmark as in `brink sim`; debug builds still check every plan.

use std::hint::black_box;

use brink::ai::{self, Policy, RandomPolicy};
use brink::content::{ContentDb, SideId};
use brink::engine::{GameState, NoSink, turn};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn play(db: &ContentDb, seed: u64, players: &mut [RandomPolicy; 5], s: &mut GameState) {
    s.restart(db, "hanoi-2019", seed).expect("scenario");
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x005E_EDB0_75EE_DB07);
    let [a, b, c, d, e] = players;
    let mut seats: [Option<&mut dyn Policy>; 5] = [Some(a), Some(b), Some(c), Some(d), Some(e)];
    for side in SideId::ALL {
        if !s.seated(side) {
            seats[side.index()] = None;
        }
    }
    turn::start(db, s, &mut NoSink);
    ai::drive_unlogged(db, s, &mut seats, &mut rng, None);
}

fn whole_games(c: &mut Criterion) {
    let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks load");
    let mut players: [RandomPolicy; 5] = Default::default();
    let mut g = c.benchmark_group("engine");
    g.throughput(Throughput::Elements(1));
    let mut seed = 0u64;
    let mut s = GameState::new_unstarted(&db, "hanoi-2019", 0).expect("scenario");
    g.bench_function("hanoi-2019 random game", |b| {
        b.iter(|| {
            seed += 1;
            play(&db, black_box(seed), &mut players, &mut s);
            black_box(&s);
        })
    });
    g.finish();
}

criterion_group!(benches, whole_games);
criterion_main!(benches);
