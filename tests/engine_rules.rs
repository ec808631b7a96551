//! Rules of the escalation engine, one at a time, on small constructed situations.

mod common;

use brink::content::{Meter, ProgrammeField, SideId::*};
use brink::engine::observe::{ProgrammeView, Viewer, determinize};
use brink::engine::state::AgreementStatus;
use brink::engine::{
    Cause, CrisisChoice, Decision, Game, Input, LogEntry, Move, Phase, Response, observe,
};

fn card(id: &str) -> Move {
    Move::card(
        common::db()
            .card_ix(id)
            .unwrap_or_else(|| panic!("card {id}")),
    )
}

/// Everyone passes except the listed plans; offers are answered with `answer`.
fn play_turn(g: &mut Game, plans: &[(brink::content::SideId, Vec<Move>)], answer: Response) {
    play_turn_answering(g, plans, |_| answer.clone());
}

#[test]
fn covert_moves_are_hidden_from_everyone_else() {
    let db = common::db();
    let mut g = Game::new(db, "hanoi-2019", 3).expect("game");
    play_turn(
        &mut g,
        &[(Dprk, vec![card("dprk-sanctions-evasion")])],
        Response::Reject,
    );
    let mine = observe(&g.state, Dprk);
    let theirs = observe(&g.state, Us);
    let detected = g
        .journal
        .log
        .iter()
        .any(|e| matches!(e, LogEntry::Detected { .. }));
    if !detected {
        assert_eq!(mine.own_covert.len(), 1);
        assert!(theirs.own_covert.is_empty());
    }
    // The sanctions change is in the ledger, but its cause is hidden from the US.
    let e = g
        .journal
        .ledger
        .iter()
        .find(|e| e.secret == Some(Dprk))
        .expect("a secret ledger entry");
    assert_eq!(Viewer::Side(Us).cause(e), Cause::Hidden);
    assert_eq!(Viewer::Public.cause(e), Cause::Hidden);
    assert_ne!(Viewer::Side(Dprk).cause(e), Cause::Hidden);
    assert_ne!(Viewer::All.cause(e), Cause::Hidden);
    let line = g.journal.log.iter().find_map(|e| match e {
        LogEntry::Move { secret: true, .. } => Some(e.clone()),
        _ => None,
    });
    let line = line.expect("the covert move is logged");
    assert!(brink::engine::text::log_text(db, &line, Some(Us)).is_none());
    assert!(brink::engine::text::log_text(db, &line, Some(Dprk)).is_some());
    assert!(Viewer::Public.log_line(db, &line).is_none());
    assert!(Viewer::All.log_line(db, &line).is_some());
}

#[test]
fn only_the_dprk_sees_its_programme_exactly() {
    let db = common::db();
    let g = Game::new(db, "hanoi-2019", 3).expect("game");
    assert!(matches!(
        observe(&g.state, Dprk).programme,
        ProgrammeView::Exact(_)
    ));
    match observe(&g.state, Us).programme {
        ProgrammeView::Estimate { estimate, .. } => {
            assert!(estimate.warheads_low <= estimate.warheads_high);
        }
        ProgrammeView::Exact(_) => panic!("the US must not see the exact programme"),
    }
}

#[test]
fn determinize_reads_nothing_hidden() {
    let db = common::db();
    let g = Game::new(db, "hanoi-2019", 3).expect("game");
    let a = g.state.clone();
    let mut b = g.state.clone();
    *b.prog_mut(ProgrammeField::Warheads) += 17.0;
    *b.prog_mut(ProgrammeField::FissileKg) += 40.0;
    b.rng = rand::SeedableRng::seed_from_u64(999);
    let (da, dbb) = (determinize(db, &a, Us, 5), determinize(db, &b, Us, 5));
    assert_eq!(da, dbb);
}

#[test]
fn mutual_cooperation_builds_trust_both_ways() {
    let db = common::db();
    let mut g = Game::new(db, "singapore-2018", 4).expect("game");
    let (before_ud, before_du) = (g.state.trust(Us, Dprk), g.state.trust(Dprk, Us));
    play_turn(
        &mut g,
        &[
            (Us, vec![card("us-humanitarian-aid")]),
            (Dprk, vec![card("dprk-release-detainees")]),
        ],
        Response::Accept,
    );
    let recip = g
        .journal
        .ledger
        .iter()
        .filter(|e| matches!(e.cause, Cause::Reciprocity { .. }))
        .count();
    assert!(recip >= 2, "reciprocity both ways");
    assert!(g.state.trust(Us, Dprk) > before_ud - 1.0 && g.state.trust(Dprk, Us) > before_du);
}

#[test]
fn cooperating_with_a_hostile_side_costs_the_sucker() {
    let db = common::db();
    let mut g = Game::new(db, "singapore-2018", 4).expect("game");
    play_turn(
        &mut g,
        &[
            (Us, vec![card("us-humanitarian-aid")]),
            (Dprk, vec![card("dprk-threaten-strike")]),
        ],
        Response::Accept,
    );
    assert!(
        g.journal.ledger.iter().any(|e| e.cause
            == Cause::Sucker {
                victim: Us,
                by: Dprk
            }),
        "the US pays the sucker's cost"
    );
}

#[test]
fn the_brink_asks_both_sides_and_backing_down_costs_support() {
    let db = common::db();
    let mut g = Game::new(db, "fire-and-fury-2017", 8).expect("game");
    play_turn(
        &mut g,
        &[(Dprk, vec![card("dprk-threaten-strike")])],
        Response::Accept,
    );
    assert_eq!(
        g.state.phase,
        Phase::Crisis,
        "tension {:.0}",
        g.state.tension()
    );
    let (t, sup) = (g.state.tension(), g.state.support(Dprk));
    g.submit(
        db,
        Input::Crisis {
            side: Us,
            choice: CrisisChoice::StandFirm,
        },
        None,
    )
    .expect("us");
    g.submit(
        db,
        Input::Crisis {
            side: Dprk,
            choice: CrisisChoice::BackDown,
        },
        None,
    )
    .expect("dprk");
    let backed = g
        .journal
        .ledger
        .iter()
        .filter(|e| e.cause == Cause::BackDown(Dprk))
        .map(|e| e.delta)
        .collect::<Vec<_>>();
    assert!(backed.iter().any(|d| *d < 0.0));
    assert!(g.journal.log.iter().all(|e| !matches!(e, LogEntry::War)));
    assert!(g.state.turn == 2 || g.state.phase == Phase::Over);
    let _ = (t, sup, Meter::Tension);
}

#[test]
fn a_broken_relief_deal_snaps_sanctions_back() {
    let db = common::db();
    let mut g = common::game_after_talks(db, "hanoi-2019", 11);
    // The US offers relief for a freeze; the DPRK accepts.
    play_turn(
        &mut g,
        &[(Us, vec![card("us-partial-relief")])],
        Response::Accept,
    );
    assert!(
        g.state
            .agreements()
            .iter()
            .any(|a| a.status == AgreementStatus::InForce),
        "a deal is signed"
    );
    // The relief comes in tranches, each once a step of the freeze is verified: wait for the
    // first (the monitors arrive the turn after signing, and their access takes months).
    for _ in 0..8 {
        if g.state.agreements()[0].relief_given > 0.0
            || g.state.agreements()[0].status != AgreementStatus::InForce
        {
            break;
        }
        play_turn(&mut g, &[], Response::Accept);
    }
    assert!(
        g.state.agreements()[0].relief_given > 0.0,
        "a tranche of relief was given"
    );
    let relieved = g.state.meter(Meter::Sanctions);
    // Then the DPRK tests an ICBM... no: it evades sanctions openly enough to be caught later.
    // Break it openly: expelling the inspectors violates the freeze.
    play_turn(
        &mut g,
        &[(Dprk, vec![card("dprk-expel-inspectors")])],
        Response::Accept,
    );
    let broken = g
        .state
        .agreements()
        .iter()
        .any(|a| matches!(a.status, AgreementStatus::Broken { by: Dprk, .. }));
    assert!(broken, "expelling inspectors breaks the freeze deal");
    let snap = g
        .journal
        .ledger
        .iter()
        .any(|e| matches!(e.cause, Cause::Snapback { .. }));
    assert!(
        snap,
        "sanctions snap back (were {relieved:.1}, now {:.1})",
        g.state.meter(Meter::Sanctions)
    );
}

#[test]
fn lagged_effects_arrive_later() {
    let db = common::db();
    // Find a card with a lagged effect and play it alone.
    let (ix, c) = db
        .cards
        .iter()
        .enumerate()
        .find(|(_, c)| {
            c.kind == brink::content::MoveKind::Unilateral
                && c.effects
                    .iter()
                    .any(|e| matches!(e, brink::content::Effect::Lagged { .. }))
        })
        .expect("some card has a lagged effect");
    let mut s = brink::engine::GameState::new_unstarted(db, "hanoi-2019", 1).expect("state");
    s.turn = 1;
    brink::engine::turn::play_alone(
        db,
        &mut s,
        c.side,
        &Move::card(ix as u16),
        &mut brink::engine::NoSink,
    );
    assert!(
        !s.pending.is_empty(),
        "{} schedules its lagged effect",
        c.id
    );
    assert!(s.pending.iter().all(|p| p.due > s.turn));
}

/// Everyone passes except the listed plans; each offer is answered by `answer(offer)`.
fn play_turn_answering(
    g: &mut Game,
    plans: &[(brink::content::SideId, Vec<Move>)],
    answer: impl Fn(&brink::engine::state::Offer) -> Response,
) {
    let db = common::db();
    let turn = g.state.turn;
    while let Some(d) = g.pending().next() {
        match d {
            Decision::Plan { side } if g.state.turn == turn => {
                let moves = plans
                    .iter()
                    .find(|(s, _)| *s == side)
                    .map(|(_, m)| m.clone())
                    .unwrap_or_default();
                g.apply(
                    db,
                    d,
                    Input::Plan { side, moves },
                    Some(format!("{side} rationale")),
                )
                .expect("plan");
            }
            Decision::Answer { side, offer } | Decision::CoSign { side, offer } => {
                let response = answer(g.state.offer(offer).expect("offer"));
                g.apply(
                    db,
                    d,
                    Input::Respond {
                        side,
                        offer,
                        response,
                    },
                    None,
                )
                .expect("answer");
            }
            _ => break,
        }
    }
}

/// China's "suspension for suspension" is made to the US but binds the DPRK (test moratoria)
/// and the ROK (exercises): neither may be bound without its own yes.
#[test]
fn a_package_binds_only_the_sides_that_accept_it() {
    let db = common::db();
    let freeze = vec![card("china-freeze-for-freeze")];

    // Everyone asked says yes: one agreement, with all four as parties.
    let mut g = common::game_after_talks(db, "fire-and-fury-2017", 5);
    let mut asked = Vec::new();
    play_turn_answering(&mut g, &[(China, freeze.clone())], |o| {
        if o.is_cosign() {
            assert!(!o.can_counter(), "a request to co-sign cannot be countered");
        }
        Response::Accept
    });
    for e in &g.journal.log {
        if let LogEntry::Offer {
            to,
            cosign_of: Some(_),
            ..
        } = e
        {
            asked.push(*to);
        }
    }
    asked.sort();
    assert_eq!(
        asked,
        vec![Dprk, Rok],
        "the DPRK and the ROK are asked to co-sign"
    );
    let signed: Vec<_> = g
        .state
        .agreements()
        .iter()
        .filter(|a| a.status == AgreementStatus::InForce)
        .collect();
    assert_eq!(signed.len(), 1, "signed when all accept");
    let mut parties = signed[0].parties.clone();
    parties.sort();
    assert_eq!(parties, vec![Us, Dprk, Rok, China]);

    // The US accepts but Seoul refuses to be bound: no agreement, no moratorium flags.
    let mut g = common::game_after_talks(db, "fire-and-fury-2017", 5);
    play_turn_answering(&mut g, &[(China, freeze)], |o| {
        if o.to == Rok {
            Response::Reject
        } else {
            Response::Accept
        }
    });
    assert!(
        g.state.agreements().is_empty(),
        "no agreement binds Seoul against its will"
    );
    assert!(
        !g.journal
            .log
            .iter()
            .any(|e| matches!(e, LogEntry::Signed { .. })),
        "nothing is signed"
    );
    let moratorium = db.flag_ix("test_moratorium").expect("flag");
    assert!(
        !g.state.flag(moratorium),
        "the card's effects (the moratoria) do not apply when the deal fails"
    );
}

#[test]
fn a_request_to_cosign_cannot_be_countered() {
    let db = common::db();
    let mut g = Game::new(db, "fire-and-fury-2017", 5).expect("game");
    let turn = g.state.turn;
    while let Some(d @ Decision::Plan { side }) = g.pending().next() {
        if g.state.turn != turn {
            break;
        }
        let moves = if side == China {
            vec![card("china-freeze-for-freeze")]
        } else {
            Vec::new()
        };
        g.apply(db, d, Input::Plan { side, moves }, None)
            .expect("plan");
    }
    let request = g
        .state
        .open_offers()
        .find(|o| o.is_cosign())
        .cloned()
        .expect("a request to co-sign");
    let before = g.state.clone();
    let err = g
        .submit(
            db,
            Input::Respond {
                side: request.to,
                offer: request.id,
                response: Response::Counter(request.package.clone()),
            },
            None,
        )
        .expect_err("countering a co-sign request is refused");
    assert_eq!(err, brink::engine::RuleError::CounterOfCosign.into());
    assert_eq!(g.state, before, "a refused input changes nothing");
}

/// A counter-offer that would bind a third side asks it too, in the second round.
#[test]
fn a_counter_that_binds_a_third_side_asks_it() {
    let db = common::db();
    let mut g = Game::new(db, "fire-and-fury-2017", 5).expect("game");
    let nuclear = db
        .provision_ix("nuclear-test-moratorium")
        .expect("provision");
    // China offers suspension-for-suspension to the US; the US counters with the nuclear test
    // moratorium alone (which binds only the DPRK); China accepts the counter.
    play_turn_answering(
        &mut g,
        &[(China, vec![card("china-freeze-for-freeze")])],
        |o| {
            if o.to == Us && o.cosign_of.is_none() {
                Response::Counter(vec![nuclear])
            } else if o.to == Dprk && o.counter_of.is_some() {
                // The DPRK declines to be bound by a deal struck over its head.
                Response::Reject
            } else {
                Response::Accept
            }
        },
    );
    let asked_in_round_two = g.journal.log.iter().any(|e| {
        matches!(
            e,
            LogEntry::Offer {
                to: Dprk,
                counter_of: Some(_),
                cosign_of: Some(_),
                ..
            }
        )
    });
    assert!(asked_in_round_two, "the DPRK is asked about the counter");
    assert!(
        g.state.agreements().is_empty(),
        "the DPRK refused, so nothing binds it"
    );
}

/// Co-signing added fields to the log; they are left out when unused, so the log of a game
/// without a co-sign serialises — and hashes, for `replay --check` of records saved before
/// co-signing existed — exactly as before.
#[test]
fn logs_without_a_cosign_serialise_as_before() {
    let offer = LogEntry::Offer {
        id: 0,
        from: Us,
        to: Dprk,
        card: 0,
        package: vec![],
        counter_of: None,
        cosign_of: None,
    };
    let answer = LogEntry::Answer {
        id: 0,
        side: Dprk,
        answer: brink::engine::ledger::AnswerKind::Accept,
        cosign: false,
    };
    let text = ron::to_string(&(offer, answer)).expect("serialises");
    assert!(!text.contains("cosign"), "{text}");
    let back: (LogEntry, LogEntry) = ron::from_str(&text).expect("reads back");
    assert!(matches!(
        back.0,
        LogEntry::Offer {
            cosign_of: None,
            ..
        }
    ));
    assert!(matches!(back.1, LogEntry::Answer { cosign: false, .. }));
}

/// When a side asked to co-sign refuses, the card's `on_reject` effects (written for its
/// addressee turning it down) do not apply: the addressee said yes.
#[test]
fn a_refused_cosign_does_not_punish_the_addressee() {
    let db = common::db();
    let mut g = Game::new(db, "fire-and-fury-2017", 5).expect("game");
    play_turn_answering(
        &mut g,
        &[(China, vec![card("china-freeze-for-freeze")])],
        |o| {
            if o.to == Rok {
                Response::Reject
            } else {
                Response::Accept
            }
        },
    );
    let rejection_effects_on_us = g.journal.ledger.iter().any(|e| {
        matches!(e.cause, Cause::Rejection { side: Us, .. })
            || (matches!(e.cause, Cause::Rejection { .. })
                && e.meter != brink::engine::MeterRef::Meter(Meter::Tension))
    });
    assert!(
        !rejection_effects_on_us,
        "only the ROK's rebuff (tension) is itemised: {:?}",
        g.journal
            .ledger
            .iter()
            .filter(|e| matches!(e.cause, Cause::Rejection { .. }))
            .collect::<Vec<_>>()
    );
    assert!(
        g.journal
            .ledger
            .iter()
            .any(|e| matches!(e.cause, Cause::Rejection { side: Rok, .. })),
        "the ROK's refusal is itemised"
    );
}

/// A leak moves what the others believe, not what the North has: the public estimate closes
/// half its gap to the truth and its band narrows, and the programme is untouched.
#[test]
fn a_leak_moves_the_public_estimate_toward_the_truth() {
    let db = common::db();
    let mut g = Game::new(db, "hanoi-2019", 3).expect("game");
    // The truth runs well ahead of the public picture.
    *g.state.prog_mut(ProgrammeField::Warheads) = 60.0;
    let before = g.state.estimate;
    let programme = g.state.programme();
    let leak = db
        .event_ix("ev-warhead-estimate-leak")
        .expect("the leak event");
    g.submit(db, Input::Inject { event: leak }, None)
        .expect("inject");
    let after = g.state.estimate;
    let expected = before.warheads_mid + (60.0 - before.warheads_mid) * 0.5;
    assert!(
        (after.warheads_mid - expected).abs() < 1e-3,
        "{before:?} → {after:?}"
    );
    assert!(
        after.warheads_high - after.warheads_low <= before.warheads_high - before.warheads_low,
        "{before:?} → {after:?}"
    );
    assert_eq!(g.state.programme(), programme, "a leak changes no warhead");
    match observe(&g.state, Us).programme {
        ProgrammeView::Estimate { estimate, .. } => {
            assert_eq!(estimate.warheads_mid, after.warheads_mid);
        }
        ProgrammeView::Exact(_) => panic!("the US must not see the exact programme"),
    }
}

/// A provision the scenario takes off the table cannot go into a package: not in an offer, not
/// in a counter. The same package is fine where the scenario allows it.
#[test]
fn a_package_may_not_hold_a_provision_off_the_table() {
    let db = common::db();
    let lift = db
        .provisions
        .iter()
        .position(|p| p.id == "lift-un-sanctions")
        .expect("provision") as u16;
    // The freeze is on 1994's table (the first provision, a nuclear test moratorium, is not:
    // there had been no test to halt).
    let freeze = db
        .provisions
        .iter()
        .position(|p| p.id == "yongbyon-freeze")
        .expect("provision") as u16;
    let offer = |package: Vec<u16>| Move {
        package,
        ..card("us-propose-package")
    };
    let mut g = Game::new(db, "agreed-framework-1994", 5).expect("game");
    let before = g.state.clone();
    let err = g
        .submit(
            db,
            Input::Plan {
                side: Us,
                moves: vec![offer(vec![freeze, lift])],
            },
            None,
        )
        .expect_err("refused");
    assert_eq!(
        err,
        brink::engine::RuleError::NotOnTable("lift-un-sanctions".into()).into()
    );
    assert_eq!(g.state, before, "a refused input changes nothing");
    // Offered without it, the DPRK may not counter with it either.
    for side in g.state.awaiting() {
        let moves = if side == Us {
            vec![offer(vec![freeze])]
        } else {
            Vec::new()
        };
        g.submit(db, Input::Plan { side, moves }, None)
            .expect("plan");
    }
    let o = g
        .state
        .open_offers()
        .find(|o| o.to == Dprk && !o.is_cosign())
        .cloned()
        .expect("the US offer");
    let err = g
        .submit(
            db,
            Input::Respond {
                side: Dprk,
                offer: o.id,
                response: Response::Counter(vec![lift]),
            },
            None,
        )
        .expect_err("refused");
    assert_eq!(
        err,
        brink::engine::RuleError::NotOnTable("lift-un-sanctions".into()).into()
    );
    // In 2019 it is on the table.
    let mut g = Game::new(db, "hanoi-2019", 5).expect("game");
    g.submit(
        db,
        Input::Plan {
            side: Us,
            moves: vec![offer(vec![freeze, lift])],
        },
        None,
    )
    .expect("allowed in hanoi-2019");
}

/// Both sides at the brink stand firm.
fn both_firm(g: &mut Game) {
    let db = common::db();
    for side in [Us, Dprk] {
        g.submit(
            db,
            Input::Crisis {
                side,
                choice: CrisisChoice::StandFirm,
            },
            None,
        )
        .expect("crisis choice");
    }
}

#[test]
fn a_first_standoff_rolls_no_war_and_a_second_month_of_firmness_does() {
    // August 2017 opens at the brink: the first month of mutual firmness is a standoff, never a
    // war (`Rules::war_standoffs`), whatever the seed; the second in a row rolls war.
    let db = common::db();
    assert_eq!(db.rules.war_standoffs, 1);
    let mut second = 0;
    for seed in 0..40 {
        let mut g = Game::new(db, "fire-and-fury-2017", seed).expect("game");
        play_turn(
            &mut g,
            &[(Dprk, vec![card("dprk-threaten-strike")])],
            Response::Accept,
        );
        assert_eq!(g.state.phase, Phase::Crisis, "seed {seed}");
        both_firm(&mut g);
        let log = &g.journal.log;
        assert!(
            !log.iter().any(|e| matches!(e, LogEntry::War)),
            "seed {seed}"
        );
        assert!(
            !log.iter().any(|e| matches!(
                e,
                LogEntry::Roll {
                    kind: brink::engine::ledger::RollKind::War,
                    ..
                }
            )),
            "seed {seed}: war rolled at the first standoff"
        );
        assert!(log.iter().any(|e| matches!(
            e,
            LogEntry::Standoff {
                months: 1,
                needed: 1
            }
        )));
        assert_eq!((g.state.turn, g.state.standoffs), (2, 1), "seed {seed}");
        // The second month: a test this time, firmness again, and now war is rolled.
        play_turn(
            &mut g,
            &[(Dprk, vec![card("dprk-icbm-test")])],
            Response::Accept,
        );
        if g.state.phase != Phase::Crisis {
            continue;
        }
        both_firm(&mut g);
        let rolled = g.journal.log.iter().any(|e| {
            matches!(
                e,
                LogEntry::Roll {
                    kind: brink::engine::ledger::RollKind::War,
                    ..
                }
            )
        });
        assert!(rolled, "seed {seed}: no war roll in the second standoff");
        second += 1;
    }
    assert!(second > 10, "only {second} games reached a second standoff");
}
