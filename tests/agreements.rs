//! Agreements that live and can die (design §10): a provision in force takes effect once
//! however many agreements hold it; obliged sides keep or break what costs them, by chance and
//! by what keeping is worth; renouncing a moratorium, or testing the turn one is signed, is a
//! breach with its cause in the ledger.

mod common;
use common::{card, prov, us_offer as offer};

use brink::content::SideId::*;
use brink::engine::state::AgreementStatus;
use brink::engine::{Cause, Game, LogEntry};

/// Ledger entries on `turn` caused by provision `p`, signing or kept.
fn entries(g: &Game, turn: u16, p: u16, signing: bool) -> usize {
    g.journal
        .ledger
        .iter()
        .filter(|e| e.turn == turn)
        .filter(|e| match e.cause {
            Cause::Signing { provision, .. } => signing && provision == p,
            Cause::Provision { provision, .. } => !signing && provision == p,
            _ => false,
        })
        .count()
}

#[test]
fn one_provision_in_two_agreements_takes_effect_once() {
    let db = common::db();
    let assurance = prov("security-assurance");
    let mut g = common::game_after_talks(db, "hanoi-2019", 11);
    common::play_turn_accepting(
        common::db(),
        &mut g,
        &[(Us, vec![offer(&["security-assurance"])])],
    );
    assert_eq!(g.state.agreements().len(), 1);
    // Signed: the DPRK's and China's trust in the US; kept: the DPRK's trust +0.3.
    assert_eq!(entries(&g, 1, assurance, true), 2);
    assert_eq!(entries(&g, 1, assurance, false), 1);
    common::play_turn_accepting(common::db(), &mut g, &[]);
    common::play_turn_accepting(common::db(), &mut g, &[]);
    // The same provision signed again, in a second agreement.
    common::play_turn_accepting(
        common::db(),
        &mut g,
        &[(Us, vec![offer(&["security-assurance"])])],
    );
    let held = g
        .state
        .agreements()
        .iter()
        .filter(|a| a.status == AgreementStatus::InForce && a.provisions.contains(&assurance))
        .count();
    assert_eq!(held, 2, "two agreements hold it");
    // Nothing more on signing, and kept once, not twice.
    assert_eq!(entries(&g, 4, assurance, true), 0);
    assert_eq!(entries(&g, 4, assurance, false), 1);
}

#[test]
fn renouncing_a_moratorium_breaks_it_with_the_cause_in_the_ledger() {
    let db = common::db();
    let test_halt = prov("nuclear-test-moratorium");
    let mut g = common::game_after_talks(db, "hanoi-2019", 5);
    common::play_turn_accepting(
        common::db(),
        &mut g,
        &[(
            Us,
            vec![offer(&["nuclear-test-moratorium", "liaison-offices"])],
        )],
    );
    let id = g.state.agreements()[0].id;
    common::play_turn_accepting(
        common::db(),
        &mut g,
        &[(Dprk, vec![card("dprk-lift-moratorium")])],
    );
    assert!(
        matches!(
            g.state.agreements()[0].status,
            AgreementStatus::Broken { by: Dprk, turn: 2 }
        ),
        "{:?}",
        g.state.agreements()[0].status
    );
    assert!(g.journal.log.iter().any(|e| matches!(
        e,
        LogEntry::Violated { side: Dprk, provision, covert: false, .. } if *provision == test_halt
    )));
    // The US's lost trust has the breach as its cause.
    assert!(g.journal.ledger.iter().any(|e| e.turn == 2
        && e.cause
            == Cause::Violation {
                side: Dprk,
                agreement: id
            }
        && e.delta < 0.0));
}

#[test]
fn a_test_the_turn_a_test_halt_is_signed_breaks_it_on_signing() {
    let db = common::db();
    let mut g = common::game_after_talks(db, "fire-and-fury-2017", 2);
    common::play_turn_accepting(
        common::db(),
        &mut g,
        &[
            (Us, vec![offer(&["nuclear-test-moratorium"])]),
            (Dprk, vec![card("dprk-nuclear-test")]),
        ],
    );
    let a = g.state.agreements().first().expect("signed");
    assert!(
        matches!(a.status, AgreementStatus::Broken { by: Dprk, turn: 1 }),
        "{:?}",
        a.status
    );
    assert!(
        g.journal
            .log
            .iter()
            .any(|e| matches!(e, LogEntry::Violated { side: Dprk, .. }))
    );
}

/// A freeze signed for nothing in return is broken in some games and kept in others; each
/// break follows a compliance roll that names both worths.
#[test]
fn an_agreement_is_broken_in_some_games_and_kept_in_others_with_the_reason_in_the_log() {
    let db = common::db();
    let (mut broken, mut kept) = (0, 0);
    for seed in 0..30 {
        let mut g = common::game_after_talks(db, "hanoi-2019", seed);
        common::play_turn_accepting(
            common::db(),
            &mut g,
            &[(Us, vec![offer(&["yongbyon-freeze"])])],
        );
        assert_eq!(g.state.agreements().len(), 1, "seed {seed}");
        while !g.state.is_over() {
            common::play_turn_accepting(common::db(), &mut g, &[]);
        }
        match g.state.agreements()[0].status {
            AgreementStatus::InForce => kept += 1,
            AgreementStatus::Broken { by, turn } => {
                assert_eq!(by, Dprk);
                broken += 1;
                // The roll that decided it, in the log, just before the breach.
                let i = g
                    .journal
                    .log
                    .iter()
                    .position(|e| matches!(e, LogEntry::Violated { .. }))
                    .expect("the breach is logged");
                let roll = &g.journal.log[i - 1];
                assert!(
                    matches!(
                        roll,
                        LogEntry::Roll {
                            kind: brink::engine::ledger::RollKind::Compliance { side: Dprk, .. },
                            hit: true,
                            ..
                        }
                    ),
                    "seed {seed}: {roll:?}"
                );
                let text = brink::engine::text::log_text(db, roll, None).expect("shown");
                assert!(
                    text.contains("breaking \"Freeze production at Yongbyon\"")
                        && text.contains("keeping it worth"),
                    "{text}"
                );
                assert!(turn > 1);
            }
        }
    }
    assert!(broken > 0 && kept > 0, "broken {broken}, kept {kept}");
}
