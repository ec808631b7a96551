//! Engine invariants, OpenSpiel-style: random legal play over many seeds never panics, keeps
//! every number in range, ends by the turn limit, and replays byte for byte.

mod common;

use brink::ai::{self, Policy, RandomPolicy};
use brink::content::{Meter, SideId};
use brink::engine::{DecisionError, Game, Input, Phase, RuleError, turn};
use brink::record::GameRecord;
use proptest::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Plays a whole game with random policies through `Game`, so every input is recorded.
fn random_game(scenario: &str, seed: u64) -> Game {
    let db = common::db();
    let mut g = Game::new(db, scenario, seed).expect("scenario");
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xABCD);
    let mut pols: Vec<RandomPolicy> = (0..5).map(|_| RandomPolicy::default()).collect();
    let mut guard = 0;
    while g.state.phase != Phase::Over {
        guard += 1;
        assert!(guard < 10_000, "the game does not end");
        let d = g
            .pending()
            .next()
            .expect("an open game waits for a decision");
        let input = pols[d.side().index()].decide(db, &g.state, d, &mut rng);
        g.apply(db, d, input, None)
            .expect("a random legal input is accepted");
        check_ranges(&g);
    }
    g
}

fn check_ranges(g: &Game) {
    let s = &g.state;
    for m in Meter::ALL {
        let v = s.meter(m);
        assert!((0.0..=100.0).contains(&v), "{m:?} = {v}");
    }
    for a in SideId::ALL {
        for b in SideId::ALL {
            let t = s.trust(a, b);
            assert!((0.0..=100.0).contains(&t), "trust {a}->{b} = {t}");
        }
        let (st, support) = (s.sides[a.index()], s.support(a));
        assert!((0.0..=100.0).contains(&support), "support {a} = {support}");
        assert!(st.pc >= 0, "pc {a} = {}", st.pc);
    }
    for v in s.programme() {
        assert!(v >= 0.0 && v.is_finite(), "programme value {v}");
    }
    let turns = common::db().scenarios[s.scenario as usize].turns;
    assert!(s.turn <= turns, "turn {} past the limit {turns}", s.turn);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn random_games_hold_invariants_and_replay_exactly(seed in any::<u64>(), which in 0usize..4) {
        let db = common::db();
        let scenario = db.scenarios[which].id.clone();
        let g = random_game(&scenario, seed);
        prop_assert!(g.state.outcome.is_some());
        // A record of the game rebuilds the very same game.
        let rec = GameRecord::of_game(db, &g, Vec::new(), "proptest");
        let text = rec.to_ron();
        let back = GameRecord::parse("mem", &text).expect("own record parses");
        let again = back.verify(db, "mem").expect("record replays");
        prop_assert_eq!(&again.journal, &g.journal);
    }

    #[test]
    fn illegal_inputs_change_nothing(seed in any::<u64>(), card in 0u16..200) {
        let db = common::db();
        let g = Game::new(db, "hanoi-2019", seed).expect("scenario");
        let mut s = g.state.clone();
        let before = s.clone();
        let card = card % db.cards.len() as u16;
        // Japan playing a card of another side, or the same card twice, must be refused.
        let side = SideId::Japan;
        let mut sink = brink::engine::NoSink;
        let bad = Input::Plan { side, moves: vec![brink::engine::Move::card(card), brink::engine::Move::card(card)] };
        let r = turn::submit(db, &mut s, &bad, &mut sink);
        prop_assert!(r.is_err());
        prop_assert_eq!(s, before);
    }
}

#[test]
fn same_seed_same_choices_same_log_bytes() {
    for scenario in ["hanoi-2019", "fire-and-fury-2017"] {
        let a = random_game(scenario, 42);
        let b = random_game(scenario, 42);
        let ra = ron::to_string(&(&a.journal.log, &a.journal.ledger)).expect("ron");
        let rb = ron::to_string(&(&b.journal.log, &b.journal.ledger)).expect("ron");
        assert_eq!(ra, rb);
        let c = random_game(scenario, 43);
        assert_ne!(
            a.journal.log, c.journal.log,
            "different seeds should differ"
        );
    }
}

#[test]
fn every_change_is_in_the_ledger() {
    // The ledger's deltas for tension sum to the change from start to end.
    let db = common::db();
    for seed in 0..20 {
        let g = random_game("singapore-2018", seed);
        let start = db
            .scenario("singapore-2018")
            .map(|s| s.tension)
            .unwrap_or(0.0);
        let sum: f32 = g
            .journal
            .ledger
            .iter()
            .filter(|e| e.meter == brink::engine::MeterRef::Meter(Meter::Tension))
            .map(|e| e.delta)
            .sum();
        let end = g.state.tension();
        assert!(
            (start + sum - end).abs() < 0.05,
            "seed {seed}: {start} + {sum} != {end}"
        );
    }
}

#[test]
fn a_threshold_crossing_names_who_pushed() {
    let db = common::db();
    let mut found = false;
    for seed in 0..40 {
        let g = random_game("hanoi-2019", seed);
        for e in &g.journal.log {
            if let brink::engine::LogEntry::Threshold {
                from_rung,
                to_rung,
                by,
            } = e
                && to_rung > from_rung
            {
                assert!(by.is_some(), "a rise names its cause");
                found = true;
            }
        }
    }
    assert!(
        found,
        "random play should cross a rung at least once in 40 games"
    );
    let _ = db;
}

#[test]
fn wrong_phase_and_unseated_sides_are_refused() {
    let db = common::db();
    let mut g = Game::new(db, "hanoi-2019", 1).expect("scenario");
    let r = g.submit(
        db,
        Input::Crisis {
            side: SideId::Us,
            choice: brink::engine::CrisisChoice::StandFirm,
        },
        None,
    );
    assert!(matches!(
        r,
        Err(DecisionError::Rule(RuleError::WrongPhase(_)))
    ));
    let r = g.submit(
        db,
        Input::Plan {
            side: SideId::Us,
            moves: vec![],
        },
        None,
    );
    assert!(r.is_ok());
    let r = g.submit(
        db,
        Input::Plan {
            side: SideId::Us,
            moves: vec![],
        },
        None,
    );
    assert!(matches!(
        r,
        Err(DecisionError::Rule(RuleError::AlreadyChosen(_)))
    ));
}

#[test]
fn sim_batches_are_the_same_whatever_the_thread_count() {
    let db = common::db();
    let mut cfg = brink::sim::SimConfig {
        scenario: "hanoi-2019".into(),
        games: 64,
        seed: 9,
        threads: 1,
        policies: Default::default(),
        record_dir: None,
    };
    let a = brink::sim::run(db, &cfg, &|| {}).expect("sim");
    cfg.threads = 2;
    let b = brink::sim::run(db, &cfg, &|| {}).expect("sim");
    let key = |r: &brink::sim::GameResult| (r.seed, r.outcome, r.turns, r.tension.to_bits());
    assert_eq!(
        a.iter().map(key).collect::<Vec<_>>(),
        b.iter().map(key).collect::<Vec<_>>()
    );
    let _ = ai::PRESETS;
}
