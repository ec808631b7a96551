//! The computer opponents' speed.
//!
//! `cargo bench --bench ai`:
//! - `hard playouts`: 1,000 iterations of the hard search (determinize, select, expand, roll
//!   out to the hard budget's horizon four turns ahead, back up) for the US on turn 1 of
//!   hanoi-2019, among the longest playouts of a game (from turn 9 on, the end of the game
//!   comes first); the
//!   throughput line is playouts per second on one core (target: 20,000).
//! - `hard decision`: one whole decision of the hard opponent (`SearchConfig::HARD`, stopping
//!   when the choice is settled) on turn 1 and on turn 6, from nothing (target: under 0.2 s);
//!   and the US's next decision after its turn-1 plan, starting from the tree it kept (as every
//!   decision after a game's first does).
//! - `hard seat, a whole game`: one `hanoi-2019` game as `brink sim --policy
//!   dprk=economy-first:hard` plays it (the other seats on their scenario personas, the hard
//!   seat keeping its tree from decision to decision), seeds in turn. The analysts' line: 1,000
//!   such games in under 2 minutes on two cores, so at most 0.24 s a game on one.
//! - `persona plan`: one decision of a persona alone (easy).

use std::hint::black_box;

use brink::ai::{self, Policy, SearchConfig, SearchPolicy};
use brink::content::{ContentDb, SideId};
use brink::engine::{Decision, GameState, Input, NoSink, apply, turn};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// hanoi-2019 played by the default personas until the US must plan on `turn_no`.
fn state_at(db: &ContentDb, turn_no: u16) -> GameState {
    let mut s = GameState::new_unstarted(db, "hanoi-2019", 42).unwrap();
    let scen = db.scenario("hanoi-2019").unwrap();
    let mut pols: Vec<Box<dyn Policy>> = SideId::ALL
        .iter()
        .map(|x| {
            let spec = scen
                .sides
                .iter()
                .find(|y| y.side == *x)
                .and_then(|y| y.persona.clone());
            ai::make_policy(db, spec.as_deref().unwrap_or("random"), *x).unwrap()
        })
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    turn::start(db, &mut s, &mut NoSink);
    loop {
        if s.turn == turn_no && s.is_pending(Decision::Plan { side: SideId::Us }) {
            return s;
        }
        let d = s
            .pending()
            .next()
            .unwrap_or_else(|| panic!("the game ended before turn {turn_no}"));
        let input = pols[d.side().index()].decide(db, &s, d, &mut rng);
        apply(db, &mut s, d, input, &mut NoSink).unwrap();
    }
}

/// The hard US after its turn-1 plan in `start`, and the state at its next decision (played on
/// by the default personas): the decision then starts from the subtree the plan kept.
fn kept_tree(
    db: &ContentDb,
    start: &GameState,
    persona: u16,
) -> (SearchPolicy, GameState, Decision) {
    let mut p = SearchPolicy::new(persona, SideId::Us, SearchConfig::HARD);
    let mut s = start.clone();
    let scen = db.scenario("hanoi-2019").unwrap();
    let mut pols: Vec<Box<dyn Policy>> = SideId::ALL
        .iter()
        .map(|x| {
            let spec = scen
                .sides
                .iter()
                .find(|y| y.side == *x)
                .and_then(|y| y.persona.clone());
            ai::make_policy(db, spec.as_deref().unwrap_or("random"), *x).unwrap()
        })
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let plan = Decision::Plan { side: SideId::Us };
    let input = p.decide(db, &s, plan, &mut rng);
    apply(db, &mut s, plan, input, &mut NoSink).unwrap();
    loop {
        let d = s.pending().next().expect("the game goes on");
        if d.side() == SideId::Us {
            return (p, s, d);
        }
        let input: Input = pols[d.side().index()].decide(db, &s, d, &mut rng);
        apply(db, &mut s, d, input, &mut NoSink).unwrap();
    }
}

fn search(c: &mut Criterion) {
    let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks load");
    let persona = db.persona_ix("pragmatist").unwrap();
    let start = state_at(&db, 1);
    let mid = state_at(&db, 6);

    let mut g = c.benchmark_group("ai");
    g.sample_size(20);
    let n = 1000;
    g.throughput(Throughput::Elements(n as u64));
    let fixed = SearchConfig {
        iterations: n,
        settle_early: false,
        ..SearchConfig::HARD
    };
    let mut seed = 0;
    g.bench_function("hard playouts (turn 1)", |b| {
        b.iter(|| {
            seed += 1;
            let mut p = SearchPolicy::new(persona, SideId::Us, fixed);
            let m = p.plan(
                &db,
                black_box(&start),
                SideId::Us,
                &mut ChaCha8Rng::seed_from_u64(seed),
            );
            assert_eq!(p.stats.iterations, n);
            black_box(m)
        })
    });
    g.throughput(Throughput::Elements(1));
    for (label, s) in [
        ("hard decision (turn 1)", &start),
        ("hard decision (turn 6)", &mid),
    ] {
        g.bench_function(label, |b| {
            b.iter(|| {
                seed += 1;
                let mut p = SearchPolicy::new(persona, SideId::Us, SearchConfig::HARD);
                black_box(p.plan(
                    &db,
                    black_box(s),
                    SideId::Us,
                    &mut ChaCha8Rng::seed_from_u64(seed),
                ))
            })
        });
    }
    let (kept, next, d) = kept_tree(&db, &start, persona);
    g.bench_function("hard decision (the next one, tree kept)", |b| {
        b.iter(|| {
            seed += 1;
            let mut p = kept.clone();
            black_box(p.decide(
                &db,
                black_box(&next),
                d,
                &mut ChaCha8Rng::seed_from_u64(seed),
            ))
        })
    });
    g.sample_size(10);
    let specs: [String; 5] = std::array::from_fn(|i| {
        let side = SideId::from_index(i);
        if side == SideId::Dprk {
            "economy-first:hard".to_string()
        } else {
            brink::sim::scenario_persona(&db, "hanoi-2019", side)
        }
    });
    let mut game = 0;
    g.bench_function(
        "hard seat, a whole game (hanoi-2019, DPRK economy-first:hard)",
        |b| {
            b.iter(|| {
                game += 1;
                black_box(brink::sim::play_one(&db, "hanoi-2019", game, &specs, false).unwrap())
            })
        },
    );
    g.sample_size(100);
    let mut easy = ai::make_policy(&db, "pragmatist", SideId::Us).unwrap();
    g.bench_function("persona plan", |b| {
        b.iter(|| {
            seed += 1;
            black_box(easy.plan(
                &db,
                black_box(&mid),
                SideId::Us,
                &mut ChaCha8Rng::seed_from_u64(seed),
            ))
        })
    });
    g.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
