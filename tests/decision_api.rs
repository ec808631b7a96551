//! The decision API (`engine::decision`): what the game waits for, the legal options of each
//! decision by id, and the one function that applies a choice.
//!
//! - Games played purely through `pending()` and `apply()` are the games the old loop played
//!   (the phase matched by hand, as every driver did before the API): same log, same ledger,
//!   same inputs, for random and persona players in every scenario.
//! - Every option the API lists is taken by `check` and `apply`; choices the rules refuse are
//!   refused with a clear error and change nothing.
//! - The types travel as plain JSON with ids.

mod common;

use brink::ai::{self, Policy, RandomPolicy};
use brink::content::{ContentDb, SideId};
use brink::engine::decision::{
    Applied, Choice, Decision, DecisionError, Legal, PackageOption, PlannedCard, apply_or_pass,
    check, options,
};
use brink::engine::{Game, GameState, Input, NoSink, Phase, RuleError, apply, turn};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

const SCENARIOS: [&str; 4] = [
    "agreed-framework-1994",
    "fire-and-fury-2017",
    "hanoi-2019",
    "singapore-2018",
];

fn policies(db: &ContentDb, scenario: &str, random: bool) -> Vec<Box<dyn Policy>> {
    let scen = db.scenario(scenario).expect("scenario");
    SideId::ALL
        .iter()
        .map(|x| {
            let spec = if random {
                "random".to_string()
            } else {
                scen.sides
                    .iter()
                    .find(|y| y.side == *x)
                    .and_then(|y| y.persona.clone())
                    .unwrap_or_else(|| "random".into())
            };
            ai::make_policy(db, &spec, *x).expect("policy")
        })
        .collect()
}

/// The loop every driver used to write for itself: the phase matched by hand, the first side
/// awaited, the first open offer. Kept here as the reference the API is held to.
fn old_loop(db: &ContentDb, scenario: &str, seed: u64, random: bool) -> Game {
    let mut pols = policies(db, scenario, random);
    let mut g = Game::new(db, scenario, seed).expect("game");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    loop {
        let s = &g.state;
        let (input, fallback) = match s.phase {
            Phase::Over => break,
            Phase::Planning => {
                let x = s.awaiting()[0];
                (
                    Input::Plan {
                        side: x,
                        moves: pols[x.index()].plan(db, s, x, &mut rng),
                    },
                    Input::Plan {
                        side: x,
                        moves: Vec::new(),
                    },
                )
            }
            Phase::Responses { .. } => {
                let o = s.open_offers().next().cloned().expect("an open offer");
                (
                    Input::Respond {
                        side: o.to,
                        offer: o.id,
                        response: pols[o.to.index()].respond(db, s, o.to, &o, &mut rng),
                    },
                    Input::Respond {
                        side: o.to,
                        offer: o.id,
                        response: brink::engine::Response::Reject,
                    },
                )
            }
            Phase::Crisis => {
                let x = s.awaiting()[0];
                (
                    Input::Crisis {
                        side: x,
                        choice: pols[x.index()].crisis(db, s, x, &mut rng),
                    },
                    Input::Crisis {
                        side: x,
                        choice: brink::engine::CrisisChoice::BackDown,
                    },
                )
            }
        };
        if g.submit(db, input, None).is_err() {
            g.submit(db, fallback, None).expect("the pass is taken");
        }
    }
    g
}

/// The same game through the API alone.
fn api_loop(db: &ContentDb, scenario: &str, seed: u64, random: bool) -> Game {
    let mut pols = policies(db, scenario, random);
    let mut g = Game::new(db, scenario, seed).expect("game");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    while let Some(d) = g.pending().next() {
        let input = pols[d.side().index()].decide(db, &g.state, d, &mut rng);
        g.apply_or_pass(db, d, Some(input), None)
            .expect("an open decision");
    }
    g
}

#[test]
fn games_played_through_pending_and_apply_are_the_games_the_old_loop_played() {
    let db = common::db();
    let mut decisions = 0;
    for scenario in SCENARIOS {
        for seed in 0..12u64 {
            for random in [true, false] {
                if !random && seed >= 4 {
                    continue;
                }
                let a = old_loop(db, scenario, seed, random);
                let b = api_loop(db, scenario, seed, random);
                assert_eq!(a.inputs, b.inputs, "{scenario} seed {seed} random {random}");
                assert_eq!(
                    format!("{:?}", a.journal.log),
                    format!("{:?}", b.journal.log),
                    "{scenario} seed {seed}"
                );
                assert_eq!(
                    format!("{:?}", a.journal.ledger),
                    format!("{:?}", b.journal.ledger)
                );
                assert_eq!(a.state, b.state);
                decisions += b.inputs.len();
            }
        }
    }
    assert!(decisions > 2000, "{decisions} decisions");
}

/// `ai::drive`, the simulator's loop, makes the inputs the API loop makes.
#[test]
fn the_simulators_loop_makes_the_inputs_the_api_loop_makes() {
    let db = common::db();
    for scenario in SCENARIOS {
        for seed in 0..6u64 {
            for random in [true, false] {
                let mut pols = policies(db, scenario, random);
                let mut s = GameState::new_unstarted(db, scenario, seed).expect("scenario");
                turn::start(db, &mut s, &mut NoSink);
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                let mut inputs = Vec::new();
                let mut it = pols.iter_mut();
                let mut seats: [Option<&mut dyn Policy>; 5] =
                    std::array::from_fn(|_| it.next().map(|p| p.as_mut() as &mut dyn Policy));
                ai::drive(
                    db,
                    &mut s,
                    &mut seats,
                    &mut rng,
                    &mut NoSink,
                    Some(&mut inputs),
                );
                let g = api_loop(db, scenario, seed, random);
                let api: Vec<Input> = g.inputs.iter().map(|r| r.input.clone()).collect();
                let inputs: Vec<Input> = inputs.into_iter().map(|r| r.input).collect();
                assert_eq!(inputs, api, "{scenario} seed {seed} random {random}");
                // The push to blame for a threshold is kept only where a log is written.
                let mut logged = g.state.clone();
                logged.top_push = s.top_push;
                assert_eq!(s, logged);
            }
        }
    }
}

/// A choice for each listed plan: chosen packages get the first provision on the table.
fn plan_choice(o: &brink::engine::decision::PlanOptions, ids: &[String]) -> Choice {
    Choice::Plan {
        cards: ids
            .iter()
            .map(|id| {
                let c = o.cards.iter().find(|c| &c.id == id).expect("a listed card");
                PlannedCard {
                    card: id.clone(),
                    target: None,
                    package: match c.package {
                        PackageOption::Chosen => vec![o.provisions[0].id.clone()],
                        _ => Vec::new(),
                    },
                }
            })
            .collect(),
    }
}

#[test]
fn every_listed_option_is_taken_and_refused_ones_change_nothing() {
    let db = common::db();
    let mut tried = 0;
    let mut listed_plans = 0;
    let mut counters = 0;
    for scenario in SCENARIOS {
        for seed in 0..3u64 {
            let mut pols = policies(db, scenario, true);
            let mut g = Game::new(db, scenario, seed).expect("game");
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            while let Some(d) = g.pending().next() {
                let s = &g.state;
                let o = options(db, s, d).expect("options of an open decision");
                assert_eq!(o.decision, d);
                assert!(!o.question.is_empty());
                // The pass is always taken.
                let pass = o.pass.to_input(db, d).expect("the pass");
                assert_eq!(pass, d.pass());
                check(db, s, d, &pass).expect("the pass is legal");
                let mut legal: Vec<Choice> = Vec::new();
                let mut illegal: Vec<Choice> = Vec::new();
                match &o.legal {
                    Legal::Plan(p) => {
                        assert_eq!(p.max_cards, db.rules.move_limit);
                        for c in &p.cards {
                            assert!(c.cost <= p.budget, "{} over the budget", c.id);
                            legal.push(plan_choice(p, std::slice::from_ref(&c.id)));
                        }
                        if let Some(plans) = &p.plans {
                            assert_eq!(plans.len() as u64, p.plan_count);
                            assert!(plans.iter().any(|x| x.is_empty()), "holding back");
                            listed_plans += plans.len();
                            for ids in plans.iter().take(40) {
                                legal.push(plan_choice(p, ids));
                            }
                        }
                        // Every card at once is too many or too dear once there are enough.
                        if p.cards.len() > p.max_cards as usize {
                            let all: Vec<String> = p.cards.iter().map(|c| c.id.clone()).collect();
                            illegal.push(plan_choice(p, &all));
                        }
                        for u in p.unavailable.iter().take(3) {
                            illegal.push(Choice::Plan {
                                cards: vec![PlannedCard {
                                    card: u.id.clone(),
                                    target: None,
                                    package: Vec::new(),
                                }],
                            });
                        }
                        illegal.push(Choice::StandFirm);
                    }
                    Legal::Answer(a) => {
                        legal.extend(a.choices.iter().cloned());
                        match &a.counter {
                            Some(provs) => {
                                counters += 1;
                                legal.push(Choice::Counter {
                                    package: vec![provs[0].id.clone()],
                                });
                                illegal.push(Choice::Counter {
                                    package: Vec::new(),
                                });
                            }
                            None => illegal.push(Choice::Counter {
                                package: vec![db.provisions[0].id.clone()],
                            }),
                        }
                        illegal.push(Choice::BackDown);
                    }
                    Legal::Brink(b) => {
                        legal.extend(b.choices.iter().cloned());
                        illegal.push(Choice::Accept);
                    }
                }
                for c in &legal {
                    let input = c.to_input(db, d).expect("a listed option resolves");
                    check(db, s, d, &input).unwrap_or_else(|e| panic!("{d}: {c:?}: {e}"));
                    let mut w = s.clone();
                    apply(db, &mut w, d, input, &mut NoSink)
                        .unwrap_or_else(|e| panic!("{d}: {c:?} refused: {e}"));
                    tried += 1;
                }
                for c in &illegal {
                    let refused = c
                        .to_input(db, d)
                        .and_then(|input| {
                            check(db, s, d, &input)?;
                            let mut w = s.clone();
                            apply(db, &mut w, d, input, &mut NoSink)?;
                            Ok(())
                        })
                        .map(|()| panic!("{d}: {c:?} was taken"))
                        .unwrap_or_else(|e| e);
                    assert!(!refused.to_string().is_empty());
                    // `apply` refuses it too, and leaves the state as it was.
                    if let Ok(input) = c.to_input(db, d) {
                        let mut w = s.clone();
                        assert!(apply(db, &mut w, d, input, &mut NoSink).is_err());
                        assert_eq!(&w, s, "{d}: a refused {c:?} changed the state");
                    }
                }
                let input = pols[d.side().index()].decide(db, &g.state, d, &mut rng);
                g.apply(db, d, input, None).expect("random play is legal");
            }
        }
    }
    assert!(tried > 1000, "{tried} options tried");
    assert!(
        listed_plans > 0 && counters > 0,
        "{listed_plans} {counters}"
    );
}

#[test]
fn refusals_say_what_was_wrong() {
    let db = common::db();
    let g = Game::new(db, "hanoi-2019", 3).expect("game");
    let s = &g.state;
    let us = Decision::Plan { side: SideId::Us };
    let msg = |c: Choice| -> String {
        match c.to_input(db, us) {
            Ok(input) => check(db, s, us, &input).expect_err("refused").to_string(),
            Err(e) => e.to_string(),
        }
    };
    let card = |id: &str| PlannedCard {
        card: id.into(),
        target: None,
        package: Vec::new(),
    };
    assert_eq!(
        msg(Choice::Plan {
            cards: vec![card("no-such-card")]
        }),
        "there is no card \"no-such-card\""
    );
    let dprk_card = &db.cards[db.cards_by_side[SideId::Dprk.index()][0] as usize].id;
    assert!(
        msg(Choice::Plan {
            cards: vec![card(dprk_card)]
        })
        .contains("belongs to another side"),
    );
    assert_eq!(
        msg(Choice::StandFirm),
        "\"stand_firm\" is not a way to plan this turn's moves"
    );
    // A decision that is not open.
    let brink = Decision::Brink { side: SideId::Us };
    let input = Choice::BackDown.to_input(db, brink).expect("resolves");
    assert_eq!(
        check(db, s, brink, &input).expect_err("not open"),
        DecisionError::NotPending(brink)
    );
    assert!(options(db, s, brink).is_err());
    // An input that answers another decision than the one named.
    let dprk = Decision::Plan { side: SideId::Dprk };
    let mut w = s.clone();
    assert_eq!(
        apply(db, &mut w, us, dprk.pass(), &mut NoSink).expect_err("another decision"),
        DecisionError::OtherDecision(us)
    );
    assert_eq!(&w, s);
    // Planned twice: the rules refuse the second, and the pass cannot stand in.
    let mut w = s.clone();
    apply(db, &mut w, us, us.pass(), &mut NoSink).expect("a pass");
    assert_eq!(
        apply_or_pass(db, &mut w, us, Some(us.pass()), &mut NoSink).expect_err("planned"),
        DecisionError::Rule(RuleError::AlreadyChosen(SideId::Us))
    );
    // A refused choice is replaced by the pass, which says why.
    let mut w = s.clone();
    let over = Choice::Plan {
        cards: vec![card(dprk_card)],
    }
    .to_input(db, us)
    .expect("resolves");
    match apply_or_pass(db, &mut w, us, Some(over), &mut NoSink).expect("passed") {
        Applied::Passed(why) => assert!(why.to_string().contains("another side"), "{why}"),
        Applied::Chosen => panic!("an illegal plan was applied"),
    }
    assert!(!w.is_pending(us));
}

#[test]
fn decisions_options_and_choices_travel_as_plain_json() {
    let db = common::db();
    let mut g = Game::new(db, "fire-and-fury-2017", 5).expect("game");
    let china = Decision::Plan {
        side: SideId::China,
    };
    assert_eq!(
        serde_json::to_string(&china).unwrap(),
        r#"{"kind":"plan","side":"china"}"#
    );
    let o = options(db, &g.state, china).expect("options");
    let json = serde_json::to_string(&o).expect("options serialise");
    assert!(json.contains(r#""kind":"plan""#), "{json}");
    let back: brink::engine::decision::Options = serde_json::from_str(&json).expect("read back");
    assert_eq!(back, o);
    // China offers a package that binds others: each is asked to co-sign.
    for d in g.pending().collect::<Vec<_>>() {
        let moves = if d.side() == SideId::China {
            vec![brink::engine::Move::card(
                db.card_ix("china-freeze-for-freeze").expect("card"),
            )]
        } else {
            Vec::new()
        };
        g.apply(
            db,
            d,
            Input::Plan {
                side: d.side(),
                moves,
            },
            None,
        )
        .expect("plan");
    }
    let cosign = g
        .pending()
        .find(|d| matches!(d, Decision::CoSign { .. }))
        .expect("a request to co-sign");
    let json = serde_json::to_string(&cosign).unwrap();
    assert!(json.starts_with(r#"{"kind":"co_sign","side":"#), "{json}");
    assert_eq!(serde_json::from_str::<Decision>(&json).unwrap(), cosign);
    let o = options(db, &g.state, cosign).expect("options");
    match &o.legal {
        Legal::Answer(a) => {
            assert!(a.counter.is_none(), "a co-sign request is not countered");
            assert!(a.cosign_of.is_some());
        }
        other => panic!("{other:?}"),
    }
    for (text, choice) in [
        (r#"{"kind":"accept"}"#, Choice::Accept),
        (r#"{"kind":"pass"}"#, Choice::Pass),
        (
            r#"{"kind":"counter","package":["freeze-nuclear-tests"]}"#,
            Choice::Counter {
                package: vec!["freeze-nuclear-tests".into()],
            },
        ),
        (
            r#"{"kind":"plan","cards":[{"card":"us-x"}]}"#,
            Choice::Plan {
                cards: vec![PlannedCard {
                    card: "us-x".into(),
                    target: None,
                    package: Vec::new(),
                }],
            },
        ),
    ] {
        assert_eq!(serde_json::from_str::<Choice>(text).unwrap(), choice);
        assert_eq!(serde_json::to_string(&choice).unwrap(), text);
    }
    // A misspelt field of a card is an error, not silently dropped.
    assert!(
        serde_json::from_str::<Choice>(r#"{"kind":"plan","cards":[{"card":"x","pakage":[]}]}"#)
            .is_err()
    );
    let _ = RandomPolicy::default();
}
