use super::{Why, emit_all, first_past};
use crate::content::{ContentDb, Meter, SideId};
use crate::engine::ledger::{Cause, Journal, NoSink};
use crate::engine::state::GameState;

#[test]
fn the_draw_picks_the_first_event_past_the_roll() {
    // As the draw used to walk: the first event of positive weight whose running sum is
    // above the roll, or none.
    let walk = |weights: &[f32], pick: f32| {
        let mut acc = 0.0;
        for (i, &w) in weights.iter().enumerate() {
            acc += w;
            if w > 0.0 && pick < acc {
                return i;
            }
        }
        weights.len()
    };
    let tables: [&[f32]; 5] = [
        &[],
        &[0.0, 0.0],
        &[0.0, 1.0, 0.0, 0.5, 0.0],
        &[0.3, 0.0, 0.1, 2.0],
        &[1e-7, 0.0, 3.0, 0.0, 0.0, 1.5],
    ];
    for weights in tables {
        let total: f32 = weights.iter().sum();
        for k in 0..=400 {
            let pick = total * 1.25 * k as f32 / 400.0;
            assert_eq!(
                first_past(weights, pick),
                walk(weights, pick),
                "{weights:?} {pick}"
            );
        }
        for pick in weights.iter().scan(0.0, |acc, w| {
            *acc += w;
            Some(*acc)
        }) {
            assert_eq!(
                first_past(weights, pick),
                walk(weights, pick),
                "{weights:?} {pick}"
            );
        }
    }
}

/// Every card's and actor's event's signals, sent from their fast form with no log, leave
/// the very tension, trust and turn signals `emit_all` leaves with one: from calm and from
/// crisis, with trust at its floor, in the middle and at its top.
#[test]
fn fast_signals_land_as_the_signals_do() {
    let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
    let mut subjects = Vec::new();
    for (i, c) in db.compiled_cards.iter().enumerate() {
        let why = Why::Card(i as u16);
        subjects.push((c.side, c.target, &c.signals, &c.fast_signals, why));
    }
    for (i, e) in db.compiled_events.iter().enumerate() {
        if let (Some(actor), Some(f)) = (e.actor, &e.fast_signals) {
            let why = Why::Other(Cause::Event(i as u16));
            subjects.push((actor, None, &e.signals, f, why));
        }
    }
    let mut cases = 0;
    for (from, target, signals, fast, why) in subjects {
        for tension in [0.0f32, 35.0, 88.0, 100.0] {
            for trust in [0.0f32, 50.0, 100.0] {
                let fresh = || {
                    let mut s = GameState::new_unstarted(&db, "hanoi-2019", 1).expect("scenario");
                    *s.meter_mut(Meter::Tension) = tension;
                    for a in SideId::ALL {
                        for b in SideId::ALL {
                            // Asymmetric, so that who trusts whom matters.
                            let skew = (a.index() * 5 + b.index()) as f32 * 1.5;
                            *s.trust_mut(a, b) = (trust + skew).min(100.0);
                        }
                    }
                    s
                };
                let (mut quiet, mut logged) = (fresh(), fresh());
                let q = &mut quiet;
                emit_all(&db, q, &mut NoSink, from, target, signals, Some(fast), why);
                emit_all(
                    &db,
                    &mut logged,
                    &mut Journal::default(),
                    from,
                    target,
                    signals,
                    None,
                    why,
                );
                assert_eq!(
                    format!("{:?} {:?}", quiet.nums, quiet.turn_signal),
                    format!("{:?} {:?}", logged.nums, logged.turn_signal),
                    "{from:?} at {target:?}: {signals:?}, tension {tension}, trust {trust}"
                );
                cases += 1;
            }
        }
    }
    assert!(cases >= db.compiled_cards.len() * 12, "{cases} cases");
}

/// The short class: six turns of two months each span the scenario's year. The dates advance
/// two months a turn, an event scheduled for the scenario's eleventh month fires in the sixth
/// turn, the monthly dynamics run twice a turn (tension drifts further in a quiet turn), and a
/// replay at the same class length is the same game.
#[test]
fn a_class_of_two_month_turns_keeps_the_calendar_and_runs_each_month() {
    use crate::content::ClassLength;
    use crate::engine::{Game, LogEntry};
    let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
    let class = ClassLength {
        turns: 6,
        months: 2,
    };
    let scenario = "fire-and-fury-2017";
    let mut g = Game::new_class(&db, scenario, 3, Some(class)).expect("scenario");
    assert_eq!(g.state.turn_months, 2);
    while let Some(d) = g.pending().next() {
        g.apply(&db, d, d.pass(), None).expect("a pass is legal");
    }
    // The game is the class's: it ends after its sixth turn, not the scenario's twelfth.
    assert!(g.state.turn <= 6 && g.state.outcome.is_some());
    let dates: Vec<String> = g
        .journal
        .log
        .iter()
        .filter_map(|e| match e {
            LogEntry::TurnStart { date, .. } => Some(date.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(&dates[..3], ["2017-08", "2017-10", "2017-12"]);
    if g.state.turn == 6 {
        assert_eq!(dates[5], "2018-06");
        let sixth = g
            .journal
            .log
            .iter()
            .position(|e| matches!(e, LogEntry::TurnStart { turn: 6, .. }))
            .expect("turn 6");
        let election = db.event_ix("ev-rok-local-elections-2018").expect("event");
        let fired = g.journal.log[sixth..]
            .iter()
            .any(|e| matches!(e, LogEntry::Event { event, scheduled: true } if *event == election));
        assert!(fired, "the June 2018 election fires in the sixth turn");
    }
    // Drift: one month moves tension by `drift`, two by about twice as much.
    let drifts = |g: &Game| {
        g.journal
            .ledger
            .iter()
            .filter(|e| e.turn == 1 && e.cause == Cause::Drift)
            .count()
    };
    assert_eq!(drifts(&g), 2, "two months of drift in the first turn");
    let monthly = Game::new(&db, scenario, 3).expect("scenario");
    assert_eq!(monthly.state.turn_months, 1);
    // The same inputs at the same class length replay to the same log.
    let again = Game::replay_class(&db, scenario, 3, Some(class), &g.inputs).expect("replays");
    assert_eq!(again.journal.log, g.journal.log);
    assert_eq!(again.journal.ledger, g.journal.ledger);
}

/// The draw's total, summed as the weights are made (`Weights::fill_summed`), is the very
/// float the loop over the weights gave before, from the quiet turn's weight on: in every
/// planning state of 40 random games of every scenario, with the compiled table and without.
#[test]
fn the_draw_total_is_summed_as_before() {
    use super::events::Weights;
    use crate::ai::{self, Policy, RandomPolicy};
    use crate::engine::CrisisChoice;
    use crate::engine::moves::{Move, Response};
    use crate::engine::state::Offer;
    use crate::engine::view::View;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    /// Random play that checks the draw's total in every state it plans in.
    struct Checking {
        inner: RandomPolicy,
        checked: usize,
        /// A few of the states planned in, for `the_draw_picks_each_event_by_its_weight`.
        states: Vec<GameState>,
    }
    impl Policy for Checking {
        fn plan(
            &mut self,
            db: &ContentDb,
            s: &GameState,
            side: SideId,
            rng: &mut ChaCha8Rng,
        ) -> Vec<Move> {
            let cs = &db.compiled_scenarios[s.scenario as usize];
            let quiet = db.rules.quiet_weight.max(0.0);
            let v = View::of(db, s);
            for table in [cs.draw_table.as_ref(), None] {
                let mut w = Weights::new();
                let (weights, total) = w.fill_summed(&v, &cs.draws, table, quiet);
                let mut want = quiet;
                for &x in weights {
                    want += x;
                }
                assert_eq!(total.to_bits(), want.to_bits(), "turn {}", s.turn);
                self.checked += 1;
            }
            // The turn's draw proposes by ceilings: no event may ever weigh more than its own.
            for d in cs.draws.iter() {
                let w = super::event_weight(db, s, d);
                assert!(w <= crate::content::draw::ceiling(d), "turn {}", s.turn);
            }
            if s.turn % 3 == 1 && self.states.len() < 6 {
                self.states.push(s.clone());
            }
            self.inner.plan(db, s, side, rng)
        }
        fn respond(
            &mut self,
            db: &ContentDb,
            s: &GameState,
            side: SideId,
            o: &Offer,
            rng: &mut ChaCha8Rng,
        ) -> Response {
            self.inner.respond(db, s, side, o, rng)
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

    let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
    let mut checked = 0;
    for scen in db.scenarios.iter() {
        for seed in 0..40u64 {
            let mut s = GameState::new_unstarted(&db, &scen.id, seed).expect("scenario");
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            super::start(&db, &mut s, &mut NoSink);
            let mut p = Checking {
                inner: RandomPolicy::default(),
                checked: 0,
                states: Vec::new(),
            };
            let [_, b, c, d, e]: &mut [RandomPolicy; 5] = &mut Default::default();
            // The US seat checks (every shipped scenario seats it); it plans every turn.
            let mut seats: [Option<&mut dyn Policy>; 5] =
                [Some(&mut p), Some(b), Some(c), Some(d), Some(e)];
            ai::drive(&db, &mut s, &mut seats, &mut rng, &mut NoSink, None);
            checked += p.checked;
            if seed < 2 {
                for state in p.states {
                    the_draw_picks_each_event_by_its_weight(&db, state);
                }
            }
        }
    }
    // Every scenario, every turn: more than a handful.
    assert!(checked > 1000, "only {checked} checks");
}

/// The turn's draw by proposals (`choose_event`) picks each event, and the quiet month, as
/// often as its weight's share of the whole says: in 20,000 draws from the same state, every
/// count within five standard deviations of its expectation (a fixed seed, so the test cannot
/// fail by chance once it passes; a wrong share of a few per cent fails it).
fn the_draw_picks_each_event_by_its_weight(db: &ContentDb, mut s: GameState) {
    use rand::SeedableRng;
    const DRAWS: usize = 20_000;
    let weights = super::draw_weights(db, &s, false);
    let quiet = db.rules.quiet_weight.max(0.0);
    let total: f64 = f64::from(quiet) + weights.iter().map(|&w| f64::from(w)).sum::<f64>();
    s.rng = rand_chacha::ChaCha8Rng::seed_from_u64(u64::from(s.turn));
    let mut counts = vec![0usize; weights.len() + 1];
    for _ in 0..DRAWS {
        let i = super::events::choose_event(db, &mut s).unwrap_or(weights.len());
        counts[i] += 1;
    }
    let shares = weights.iter().chain(std::iter::once(&quiet));
    for (i, (&n, &w)) in counts.iter().zip(shares).enumerate() {
        let p = f64::from(w) / total;
        let (mean, sd) = (DRAWS as f64 * p, (DRAWS as f64 * p * (1.0 - p)).sqrt());
        assert!(
            (n as f64 - mean).abs() <= 5.0 * sd + 1.0,
            "turn {}: row {i} drawn {n} times, expected {mean:.0} ± {sd:.0}",
            s.turn
        );
    }
}

/// With no quiet month and no event that can weigh anything, the draw is quiet and ends (every
/// proposal is refused, and the fallback finds nothing to weigh).
#[test]
fn a_draw_with_nothing_to_draw_is_quiet() {
    let mut db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
    db.rules.quiet_weight = 0.0;
    let mut s = GameState::new_unstarted(&db, "hanoi-2019", 1).expect("scenario");
    for cs in db.compiled_scenarios.iter_mut() {
        for d in cs.draws.iter_mut() {
            d.requires = vec![crate::content::check::Check::Num {
                slot: 0,
                below: true,
                thr: f32::NEG_INFINITY,
            }]
            .into();
        }
        cs.draw_table = crate::content::draw::DrawTable::compile(&cs.draws);
    }
    assert_eq!(super::events::choose_event(&db, &mut s), None);
}
