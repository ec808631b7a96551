//! The compiled conditions (`content::check`) answer exactly as the general evaluator
//! (`engine::effects::cond_holds`) does, for every condition the decks compile: card
//! requirements, event draw weights and tracked objectives, in every state random games reach
//! in every scenario.

mod common;

use brink::ai::{self, Policy, RandomPolicy};
use brink::content::check::{Check, FlatCheck, SLOT_TURN};
use brink::content::compiled::CompiledDraw;
use brink::content::draw::DrawTable;
use brink::content::{ContentDb, SideId};
use brink::engine::effects::cond_holds;
use brink::engine::state::Offer;
use brink::engine::view::View;
use brink::engine::{CrisisChoice, GameState, Journal, Move, NoSink, Response, Sink, turn};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The weight the design gives an event (design §4): zero unless every requirement holds, then
/// the base weight times each factor whose condition holds, in order, all asked of the general
/// evaluator with the event's actor (or the US).
fn reference_weight(db: &ContentDb, s: &GameState, e: u16) -> f32 {
    let ev = &db.compiled_events[e as usize];
    let actor = ev.actor.unwrap_or(SideId::Us);
    // An event is drawn only on the turns its dates allow in this scenario.
    let (first, last) = db.compiled_scenarios[s.scenario as usize].event_turns[e as usize];
    if s.turn < first || s.turn > last {
        return 0.0;
    }
    if !ev
        .requires
        .iter()
        .all(|c| cond_holds(db, s, c, actor, None))
    {
        return 0.0;
    }
    let mut w = ev.weight;
    for (c, f) in ev.weight_if.iter() {
        if cond_holds(db, s, c, actor, None) {
            w *= f;
        }
    }
    w
}

/// Checks that exercise every way `FlatCheck::of` can place a test: a second number, a test
/// of bits in two words (split when it asks for none of them, left over when it asks for any),
/// a third test of bits, empty masks, a disjunction.
fn awkward_checks() -> Vec<Check> {
    let num = |slot: u8, below: bool, thr: f32| Check::Num { slot, below, thr };
    let bits = |flags: u128, provs: u128, misc: u64, none: bool| Check::Bits {
        flags,
        provs,
        misc,
        none,
    };
    let all = |cs: Vec<Check>| Check::All(cs.into());
    vec![
        all(vec![num(0, false, 45.0), num(7, true, 40.0)]),
        bits(0b110, 0b1, 0, true),
        bits(0b110, 0b1, 0, false),
        bits(1 << 100 | 1, 0, 0, true),
        bits(0, 0, 0, false),
        bits(0, 0, 0, true),
        all(vec![
            bits(0b1, 0, 0, false),
            bits(0b10, 0, 0, true),
            num(0, true, 60.0),
        ]),
        all(vec![
            bits(0b1, 0, 0, false),
            bits(0b10, 0, 0, true),
            bits(0, 0b1, 0, true),
            num(3, false, 30.0),
        ]),
        all(vec![bits(0, 0, 0b1111_1110, false), num(0, false, 50.0)]),
        Check::Any(vec![num(0, false, 50.0), bits(0b100, 0, 0, false)].into()),
        // The turn is not one of the state's numbers: tested apart, alone and inside a join.
        num(SLOT_TURN as u8, true, 5.0),
        Check::Any(vec![num(SLOT_TURN as u8, false, 3.0), bits(0b1000, 0, 0, false)].into()),
        num(7, true, 45.0),
        // Joins of joins (as tracked objectives have): answered as joins in a table.
        Check::Any(
            vec![
                all(vec![bits(0b1, 0, 0, false), bits(0, 0b10, 0, false)]),
                all(vec![num(3, false, 30.0), bits(0b100, 0, 0, true)]),
            ]
            .into(),
        ),
        all(vec![
            Check::Any(vec![num(1, false, 50.0), bits(1 << 70, 0, 0, false)].into()),
            num(SLOT_TURN as u8, true, 8.0),
        ]),
    ]
}

/// Events whose requirements and factors are the awkward checks, and their compiled table.
fn awkward_table() -> (Vec<CompiledDraw>, DrawTable) {
    let cs = awkward_checks();
    let draws: Vec<CompiledDraw> = (0..cs.len())
        .map(|i| CompiledDraw {
            event: 0,
            weight: 0.5 + i as f32,
            requires: vec![cs[i].clone()].into(),
            weight_if: (1..=3)
                .map(|k| (cs[(i + k) % cs.len()].clone(), 1.25 + k as f32))
                .collect(),
        })
        .collect();
    let table = DrawTable::compile(&draws).expect("small enough");
    // The disjunctions and conjunctions, nested ones too, are answered as joins.
    let atoms = &table.atoms;
    assert!(atoms.joins.len() >= 8, "{} joins", atoms.joins.len());
    assert!(atoms.other.is_empty(), "{:?}", atoms.other);
    (draws, table)
}

#[test]
fn flattening_places_each_test_where_it_fits() {
    let shapes = awkward_checks()
        .iter()
        .map(|c| FlatCheck::of(c).rest.is_some())
        .collect::<Vec<_>>();
    assert_eq!(
        shapes,
        [
            true, false, true, false, true, false, false, true, false, true, false, true, false,
            true, true
        ]
    );
}

/// Compares every compiled condition with the general evaluator in `s`; returns how many it
/// compared.
fn compare_all(db: &ContentDb, s: &GameState) -> usize {
    let v = View::of(db, s);
    let mut n = 0;
    for (i, c) in db.compiled_cards.iter().enumerate() {
        let want = c
            .requires
            .iter()
            .all(|r| cond_holds(db, s, r, c.side, c.target));
        let what = || {
            format!(
                "card {} in turn {} of {}",
                db.cards[i].id, s.turn, db.scenarios[s.scenario as usize].id
            )
        };
        assert_eq!(v.holds(&c.check), want, "{}", what());
        assert_eq!(v.passes(&c.flat), want, "flattened: {}", what());
        n += 1;
    }
    let cs = &db.compiled_scenarios[s.scenario as usize];
    // Each event weighed alone, and by the compiled draw table, gives the very same float.
    for (incidents, draws) in [(false, &cs.draws), (true, &cs.incident_draws)] {
        let table = turn::draw_weights(db, s, incidents);
        assert_eq!(table.len(), draws.len());
        for (d, from_table) in draws.iter().zip(table) {
            let want = reference_weight(db, s, d.event);
            for (how, got) in [
                ("alone", turn::event_weight(db, s, d)),
                ("table", from_table),
            ] {
                assert_eq!(
                    got.to_bits(),
                    want.to_bits(),
                    "event {} ({how}) in turn {}: {got} against {want}",
                    db.events[d.event as usize].id,
                    s.turn
                );
                n += 1;
            }
        }
    }
    // Requirements of shapes the shipped cards may not have, flattened as cards are.
    for c in awkward_checks() {
        assert_eq!(
            v.passes(&FlatCheck::of(&c)),
            v.holds(&c),
            "{c:?} in turn {}",
            s.turn
        );
        n += 1;
    }
    // A table of events whose conditions are those awkward shapes, joins of simple tests
    // among them, weighs each event as the event alone does.
    let (draws, table) = awkward_table();
    let answers = v.answers(&table.atoms);
    for (d, row) in draws.iter().zip(table.rows.iter()) {
        let want = turn::event_weight(db, s, d);
        let got = DrawTable::weight(row, answers);
        assert_eq!(got.to_bits(), want.to_bits(), "{d:?} in turn {}", s.turn);
        n += 1;
    }
    // The tracked objectives, check by check and answered together by their table.
    let held = cs.tracked_table.as_ref().map(|t| v.answers(&t.atoms));
    for (k, (side, i, check)) in cs.tracked.iter().enumerate() {
        let ss = cs.sides[side.index()]
            .as_ref()
            .expect("a tracked side is seated");
        let cond = ss.objectives[*i as usize].test.tracked().expect("tracked");
        let want = cond_holds(db, s, cond, *side, None);
        assert_eq!(v.holds(check), want);
        if let (Some(held), Some(t)) = (held, &cs.tracked_table) {
            assert_eq!(
                held >> t.bits[k] & 1 != 0,
                want,
                "{check:?} in turn {}",
                s.turn
            );
        }
        n += 1;
    }
    n
}

/// Random play that compares everything in every state it is asked to plan in.
struct Comparing {
    inner: RandomPolicy,
    compared: usize,
}

impl Policy for Comparing {
    fn plan(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        side: SideId,
        rng: &mut ChaCha8Rng,
    ) -> Vec<Move> {
        self.compared += compare_all(db, s);
        self.inner.plan(db, s, side, rng)
    }
    fn respond(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        side: SideId,
        offer: &Offer,
        rng: &mut ChaCha8Rng,
    ) -> Response {
        self.inner.respond(db, s, side, offer, rng)
    }
    fn crisis(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        side: SideId,
        rng: &mut ChaCha8Rng,
    ) -> CrisisChoice {
        self.inner.crisis(db, s, side, rng)
    }
}

#[test]
fn compiled_conditions_answer_as_the_general_evaluator() {
    let db = common::db();
    let mut compared = 0;
    for scenario in &db.scenarios {
        for seed in 0..40u64 {
            let mut s = GameState::new_unstarted(db, &scenario.id, seed).expect("scenario");
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            turn::start(db, &mut s, &mut NoSink);
            let mut p = Comparing {
                inner: RandomPolicy::default(),
                compared: 0,
            };
            // One comparing seat is enough: it is asked every turn, before the others plan.
            let mut seats: [Option<&mut dyn Policy>; 5] = [None, None, None, None, None];
            let mut others: Vec<RandomPolicy> = vec![RandomPolicy::default(); 5];
            let mut first = true;
            for (side, r) in SideId::ALL.into_iter().zip(others.iter_mut()) {
                if !s.seated(side) {
                    continue;
                }
                if first {
                    first = false;
                    continue;
                }
                seats[side.index()] = Some(r);
            }
            let first_seated = SideId::ALL
                .into_iter()
                .find(|x| s.seated(*x))
                .expect("someone is seated");
            seats[first_seated.index()] = Some(&mut p);
            ai::drive(db, &mut s, &mut seats, &mut rng, &mut NoSink, None);
            compare_all(db, &s);
            compared += p.compared;
        }
    }
    // Every scenario, every turn: thousands of comparisons, not a handful.
    assert!(compared > 10_000, "only {compared} comparisons");
}

#[test]
fn every_shipped_scenario_draws_from_a_compiled_table() {
    // Otherwise the draw falls back to weighing event by event (and the objectives to asking
    // check by check): still right, but the tables (and the comparison above) would be
    // untested.
    let db = common::db();
    for (scenario, cs) in db.scenarios.iter().zip(db.compiled_scenarios.iter()) {
        assert!(cs.draw_table.is_some(), "{}: events", scenario.id);
        assert!(cs.incident_table.is_some(), "{}: incidents", scenario.id);
        assert!(cs.tracked_table.is_some(), "{}: objectives", scenario.id);
    }
}

/// Plays `seed` of `scenario` between random players, keeping the journal or not.
fn random_game<S: Sink>(db: &ContentDb, scenario: &str, seed: u64, sink: &mut S) -> GameState {
    let mut s = GameState::new_unstarted(db, scenario, seed).expect("scenario");
    play_random(db, &mut s, seed, sink);
    s
}

/// Plays a new state to the end between random players.
fn play_random<S: Sink>(db: &ContentDb, s: &mut GameState, seed: u64, sink: &mut S) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    turn::start(db, s, sink);
    let mut players: [RandomPolicy; 5] = Default::default();
    let [a, b, c, d, e] = &mut players;
    let mut seats: [Option<&mut dyn Policy>; 5] = [Some(a), Some(b), Some(c), Some(d), Some(e)];
    for side in SideId::ALL {
        if !s.seated(side) {
            seats[side.index()] = None;
        }
    }
    ai::drive(db, s, &mut seats, &mut rng, sink, None);
}

#[test]
fn a_restarted_state_plays_as_a_new_one() {
    // `brink sim` and the benchmark restart one state per thread instead of making a new one
    // for each game: whatever the last game left in it (agreements, covert moves, cooldowns,
    // plans, objectives of another scenario), the next game must not see it.
    let db = common::db();
    let mut s = GameState::new_unstarted(db, "hanoi-2019", 0).expect("scenario");
    for seed in 0..40u64 {
        for scenario in &db.scenarios {
            s.restart(db, &scenario.id, seed).expect("scenario");
            let new = GameState::new_unstarted(db, &scenario.id, seed).expect("scenario");
            assert!(s == new, "{} seed {seed}: restarted differs", scenario.id);
            play_random(db, &mut s, seed, &mut NoSink);
            let fresh = random_game(db, &scenario.id, seed, &mut NoSink);
            assert!(
                format!("{s:?}") == format!("{fresh:?}"),
                "{} seed {seed}: a restarted game parts from a new one at turn {}",
                scenario.id,
                s.turn.min(fresh.turn)
            );
        }
    }
    let before = format!("{s:?}");
    assert!(s.restart(db, "no-such-scenario", 1).is_none());
    assert_eq!(
        format!("{s:?}"),
        before,
        "an unknown scenario left the state as it was"
    );
}

#[test]
fn a_run_without_a_log_plays_the_same_game_as_one_with() {
    // Simulation and search keep no log, and some of the engine's steps take a faster path
    // then (trust decay, for one). The game must be the same either way: every number, flag,
    // agreement and roll. Only the note of who pushed tension hardest, kept for the log alone,
    // is left out.
    let db = common::db();
    for scenario in &db.scenarios {
        for seed in 0..60u64 {
            let mut quiet = random_game(db, &scenario.id, seed, &mut NoSink);
            let mut logged = random_game(db, &scenario.id, seed, &mut Journal::default());
            quiet.top_push = (0.0, None);
            logged.top_push = (0.0, None);
            // Compared as printed: `==` would take -0.0 for 0.0.
            assert!(
                format!("{quiet:?}") == format!("{logged:?}"),
                "{} seed {seed}: the games part at turn {} (tension {} against {})",
                scenario.id,
                quiet.turn.min(logged.turn),
                quiet.tension(),
                logged.tension()
            );
        }
    }
}
