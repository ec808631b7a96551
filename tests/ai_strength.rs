//! How strong the hard opponent is, on paired seeds.
//!
//! "Wins by its side's score", defined: for each seed, the same scenario is played twice with
//! the same game seed and the same players on every other seat (their scenario default
//! personas). In game A the tested side is played by the hard opponent (`pragmatist:hard`), in
//! game B by the baseline (uniformly random legal play, or the same side's `pragmatist`
//! persona without search). The hard opponent wins the seed if its side's final score in A
//! (the weighted share of the side's scenario objectives met, 0 for everyone after a war) is
//! strictly higher than the side's score in B. A tie is not a win. Pairing the seeds removes
//! most of the luck of the draw (events and dice start from the same seed) from the comparison.
//!
//! The always-on versions play 30 seeds at the hard budget in release builds (the hard
//! opponent ahead beyond chance), a handful on a small budget in debug builds so `cargo test`
//! stays quick (the direction only); the full versions (200 seeds, `--ignored`) also ask for
//! its share of the decided seeds.

use brink::ai::{Difficulty, SearchConfig, SearchPolicy, make_policy};
use brink::content::{ContentDb, SideId};
use brink::engine::{GameState, NoSink, score, turn};
use brink::sim::game_seed;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

fn db() -> ContentDb {
    ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks load")
}

/// The scenario and side under test: the DPRK in the "fire and fury" autumn of 2017 — the
/// opponent a solo player meets — facing the scenario's other default personas, where its play
/// decides between relief, a long stand-off and war. (The US was the side tested until a package
/// could no longer bind a side that never accepted it: since then no US play wins Pyongyang's
/// moratoria in 2017 without Pyongyang's yes, so the US scores of good and weak play mostly tie.
/// At Hanoi the US pragmatist already meets nearly every objective, so it too could only be
/// tied, never beaten.)
const SCENARIO: &str = "fire-and-fury-2017";
const SIDE: SideId = SideId::Dprk;

/// Search budget: the hard budget in release, the normal one in debug builds (at 40 iterations
/// the search could not see through its opponents' quantal noise on three seeds).
fn config() -> SearchConfig {
    if cfg!(debug_assertions) {
        SearchConfig {
            iterations: 150,
            ..SearchConfig::HARD
        }
    } else {
        SearchConfig::HARD
    }
}

/// Seeds for the always-on versions (debug builds: a smoke test).
fn quick_seeds() -> u32 {
    if cfg!(debug_assertions) { 8 } else { 30 }
}

/// Plays one game, `side` by `tested` (a spec, or the hard search when None) and every other
/// seat by its scenario default persona; returns `side`'s final score.
fn side_score(
    db: &ContentDb,
    scenario: &str,
    seed: u64,
    side: SideId,
    tested: Option<&str>,
    config: SearchConfig,
) -> f32 {
    let scen = db.scenario(scenario).unwrap();
    let mut pols: Vec<Box<dyn brink::ai::Policy>> = SideId::ALL
        .iter()
        .map(|x| {
            if *x == side {
                match tested {
                    Some(spec) => make_policy(db, spec, *x).unwrap(),
                    // The hard seat as `make_policy` builds it (its temperature scale too),
                    // at this build's budget.
                    None => Box::new(
                        SearchPolicy::new(db.persona_ix("pragmatist").unwrap(), *x, config)
                            .with_temperature_scale(Difficulty::Hard.temperature_scale()),
                    ),
                }
            } else {
                let spec = scen
                    .sides
                    .iter()
                    .find(|y| y.side == *x)
                    .and_then(|y| y.persona.clone())
                    .unwrap_or_else(|| "random".into());
                make_policy(db, &spec, *x).unwrap()
            }
        })
        .collect();
    let mut s = GameState::new_unstarted(db, scenario, seed).unwrap();
    let mut seats: [Option<&mut dyn brink::ai::Policy>; 5] = Default::default();
    for (i, p) in pols.iter_mut().enumerate() {
        if s.seated(SideId::from_index(i)) {
            seats[i] = Some(p.as_mut());
        }
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x005E_EDB0_75EE_DB07);
    turn::start(db, &mut s, &mut NoSink);
    brink::ai::drive(db, &mut s, &mut seats, &mut rng, &mut NoSink, None);
    assert!(s.is_over());
    score(db, &s, side)
}

/// (wins, ties, losses, mean hard score, mean baseline score) of the hard opponent against
/// `baseline` over `n` paired seeds.
fn paired(scenario: &str, side: SideId, baseline: &str, n: u32) -> (u32, u32, u32, f64, f64) {
    let db = db();
    let config = config();
    let pairs: Vec<(f32, f32)> = (0..n)
        .into_par_iter()
        .map(|i| {
            let seed = game_seed(0xB12C, i);
            let hard = side_score(&db, scenario, seed, side, None, config);
            let base = side_score(&db, scenario, seed, side, Some(baseline), config);
            (hard, base)
        })
        .collect();
    let wins = pairs.iter().filter(|(h, b)| h > b).count() as u32;
    let ties = pairs.iter().filter(|(h, b)| h == b).count() as u32;
    let mean_h = pairs.iter().map(|p| p.0 as f64).sum::<f64>() / n as f64;
    let mean_b = pairs.iter().map(|p| p.1 as f64).sum::<f64>() / n as f64;
    (wins, ties, n - wins - ties, mean_h, mean_b)
}

fn report(what: &str, r: (u32, u32, u32, f64, f64)) {
    let (w, t, l, mh, mb) = r;
    eprintln!(
        "{what}: hard wins {w}, ties {t}, loses {l} of {}; mean score {mh:.3} against {mb:.3}",
        w + t + l
    );
}

/// The chance of `wins` or more wins in `decided` seeds if neither side were ahead (each
/// decided seed a coin toss): the one-sided sign test.
fn sign_test(wins: u32, decided: u32) -> f64 {
    let mut choose = 1.0f64; // C(decided, k), from k = 0 up
    let mut tail = 0.0;
    for k in 0..=decided {
        if k > 0 {
            choose = choose * (decided - k + 1) as f64 / k as f64;
        }
        if k >= wins {
            tail += choose;
        }
    }
    tail / 2f64.powi(decided as i32)
}

/// The hard opponent against `baseline` on `n` paired seeds. Debug builds (a handful of seeds,
/// a small budget) check the direction only. In release, the hard opponent must be ahead
/// beyond chance (the sign test under 5 %), and on the full 200 seeds also win at least
/// `share` of the decided seeds (a tie, both sides scoring the same, decides nothing): 30
/// seeds cannot resolve a share (at a true 95 %, a set of 30 gives under 90 % about one time in
/// six), 200 can.
fn check(baseline: &str, n: u32, share: f64) {
    let r = paired(SCENARIO, SIDE, baseline, n);
    report(&format!("{SCENARIO} {SIDE}, hard vs {baseline}"), r);
    let (w, t, l, ..) = r;
    if cfg!(debug_assertions) {
        assert!(w + t >= l, "{r:?}");
        return;
    }
    let p = sign_test(w, w + l);
    assert!(
        w > l && p < 0.05,
        "hard won {w}, lost {l}: p = {p:.4} ({r:?})"
    );
    if n >= 200 {
        assert!(
            w as f64 >= share * (w + l) as f64,
            "hard won {w} of {}: {r:?}",
            w + t + l
        );
    }
}

#[test]
fn the_sign_test_is_the_binomial_tail() {
    assert_eq!(sign_test(0, 10), 1.0);
    assert!((sign_test(10, 10) - 1.0 / 1024.0).abs() < 1e-12);
    assert!((sign_test(9, 10) - 11.0 / 1024.0).abs() < 1e-12);
    // 22 of 27 decided: about 0.0008; 16 of 27: not beyond chance.
    assert!(sign_test(22, 27) < 0.001);
    assert!(sign_test(16, 27) > 0.1);
}

#[test]
fn hard_beats_random_play_beyond_chance() {
    check("random", quick_seeds(), 0.9);
}

#[test]
fn hard_beats_its_own_persona_beyond_chance() {
    check("pragmatist", quick_seeds(), 0.6);
}

/// The full version: 200 paired seeds. `cargo test --profile fastrel --test ai_strength --
/// --ignored --nocapture` (the release numbers without its long link; `--release` gives the
/// same), which prints wins, ties and losses.
#[test]
#[ignore = "10-20 minutes on 2 shared cores; the always-on tests use 30 seeds"]
fn hard_beats_random_play_over_200_seeds() {
    check("random", 200, 0.9);
}

#[test]
#[ignore = "10-20 minutes on 2 shared cores; the always-on tests use 30 seeds"]
fn hard_beats_its_own_persona_over_200_seeds() {
    check("pragmatist", 200, 0.6);
}
