//! Rough speed figures for the computer players, without criterion:
//! `cargo run --release --example ai_speed -- [random-games] [persona-games] [search-decisions]
//! [search-games]`. The fingerprints hash the searches' root statistics, to check that a change
//! meant to be behaviour-preserving is.
//! The criterion benchmarks (`cargo bench --bench engine`, `--bench ai`) are the reference.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::Instant;

use brink::ai::{self, Policy, RandomPolicy, SearchConfig, SearchPolicy};
use brink::content::{ContentDb, SideId};
use brink::engine::{GameState, NoSink, turn};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n_random = args.first().copied().unwrap_or(20_000);
    let n_persona = args.get(1).copied().unwrap_or(5_000);
    let n_search = args.get(2).copied().unwrap_or(10);
    let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");

    let mut players: [RandomPolicy; 5] = Default::default();
    let t0 = Instant::now();
    let mut turns = 0u64;
    // One state for every game, restarted in place, as `brink sim` and the benchmark do.
    let mut s = GameState::new_unstarted(&db, "hanoi-2019", 0).unwrap();
    for seed in 0..n_random {
        s.restart(&db, "hanoi-2019", seed).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let [a, b, c, d, e] = &mut players;
        let mut seats: [Option<&mut dyn Policy>; 5] = [Some(a), Some(b), Some(c), Some(d), Some(e)];
        turn::start(&db, &mut s, &mut NoSink);
        ai::drive_unlogged(&db, &mut s, &mut seats, &mut rng, None);
        turns += s.turn as u64;
    }
    let dt = t0.elapsed().as_secs_f64();
    if n_random > 0 {
        println!(
            "random: {n_random} games in {dt:.2} s = {:.0} games/s ({:.1} µs/game, {:.1} turns/game)",
            n_random as f64 / dt,
            dt * 1e6 / n_random as f64,
            turns as f64 / n_random as f64
        );
    }

    let specs: Vec<String> = SideId::ALL
        .iter()
        .map(|s| {
            let sc = db.scenario("hanoi-2019").unwrap();
            sc.sides
                .iter()
                .find(|x| x.side == *s)
                .and_then(|x| x.persona.clone())
                .unwrap()
        })
        .collect();
    let t0 = Instant::now();
    for seed in 0..n_persona {
        let specs: [String; 5] = std::array::from_fn(|i| specs[i].clone());
        let _ = brink::sim::play_one(&db, "hanoi-2019", seed, &specs, false).unwrap();
    }
    let dt = t0.elapsed().as_secs_f64();
    if n_persona > 0 {
        println!(
            "personas: {n_persona} games in {dt:.2} s = {:.0} games/s",
            n_persona as f64 / dt
        );
    }

    // The hard opponent's first decision (US, hanoi-2019) and a mid-game one.
    let us = db.persona_ix("pragmatist").unwrap();
    let mut total_iters = 0u64;
    let mut total_time = 0.0;
    let mut worst = 0.0f64;
    let mut print = DefaultHasher::new();
    for seed in 0..n_search {
        let mut s = GameState::new_unstarted(&db, "hanoi-2019", seed).unwrap();
        turn::start(&db, &mut s, &mut NoSink);
        let mut p = SearchPolicy::new(us, SideId::Us, SearchConfig::HARD);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let _ = p.plan(&db, &s, SideId::Us, &mut rng);
        fingerprint(&mut print, &p.stats);
        total_iters += p.stats.iterations as u64;
        let e = p.stats.elapsed.as_secs_f64();
        total_time += e;
        worst = worst.max(e);
    }
    if n_search > 0 {
        println!("search fingerprint: {:016x}", print.finish());
        println!(
            "search, first decision: {total_iters} playouts in {total_time:.2} s = {:.0} playouts/s; slowest decision {worst:.3} s",
            total_iters as f64 / total_time
        );
    }

    // Whole games with the US played by the hard search: every decision it makes.
    let n_games = args.get(3).copied().unwrap_or(3);
    let (mut iters, mut time, mut worst, mut decisions) = (0u64, 0.0f64, 0.0f64, 0u64);
    for seed in 0..n_games {
        let mut s = GameState::new_unstarted(&db, "hanoi-2019", seed).unwrap();
        turn::start(&db, &mut s, &mut NoSink);
        let mut hard = SearchPolicy::new(us, SideId::Us, SearchConfig::HARD);
        let mut others: Vec<Box<dyn Policy>> = SideId::ALL
            .iter()
            .map(|x| ai::make_policy(&db, &specs[x.index()], *x).unwrap())
            .collect();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        while let Some(d) = s.pending().next() {
            let side = d.side();
            let p: &mut dyn Policy = if side == SideId::Us {
                &mut hard
            } else {
                others[side.index()].as_mut()
            };
            let input = p.decide(&db, &s, d, &mut rng);
            if side == SideId::Us {
                fingerprint(&mut print, &hard.stats);
                decisions += 1;
                iters += hard.stats.iterations as u64;
                let e = hard.stats.elapsed.as_secs_f64();
                time += e;
                worst = worst.max(e);
            }
            brink::engine::apply(&db, &mut s, d, input, &mut NoSink).unwrap();
        }
    }
    if n_games > 0 {
        println!("search fingerprint, whole games: {:016x}", print.finish());
        println!(
            "search, whole games: {decisions} decisions, {iters} playouts in {time:.2} s = {:.0} playouts/s; slowest decision {worst:.3} s",
            iters as f64 / time
        );
    }
}

/// Folds a search's root statistics (each move's visits and mean score) into `h`: two builds
/// whose search behaves the same print the same fingerprint.
fn fingerprint(h: &mut DefaultHasher, st: &ai::search::SearchStats) {
    st.iterations.hash(h);
    for (a, visits, mean) in &st.root {
        format!("{a:?}").hash(h);
        visits.hash(h);
        mean.to_bits().hash(h);
    }
}
