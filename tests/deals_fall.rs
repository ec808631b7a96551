//! Kept deals can still fall apart (issue 22, "the chance that matters"; calibration): a breach
//! ends the deal, not one paper of it, and the talks with it, so a new deal takes its rounds
//! again; a government short of support at home pays more to keep what costs it.

mod common;
use common::{card, prov, us_offer as offer};

use brink::content::SideId::*;
use brink::engine::Game;
use brink::engine::ledger::{LogEntry, RollKind};
use brink::engine::state::{AgreementKind, AgreementStatus};

/// The North's "propose a package" card with the provisions named.
fn north_offer(package: &[&str]) -> brink::engine::Move {
    brink::engine::Move {
        package: package.iter().map(|p| prov(p)).collect(),
        ..card("dprk-propose-package")
    }
}

/// Two agreements signed one after the other between the US and the DPRK at Hanoi (talks
/// already held): a test halt for relief, then a Yongbyon freeze for liaison offices.
fn two_deals(seed: u64) -> Game {
    let db = common::db();
    let mut g = common::game_after_talks(db, "hanoi-2019", seed);
    common::play_turn_accepting(
        db,
        &mut g,
        &[(
            Us,
            vec![offer(&[
                "nuclear-test-moratorium",
                "partial-relief-snapback",
            ])],
        )],
    );
    common::play_turn_accepting(
        db,
        &mut g,
        &[(
            Dprk,
            vec![north_offer(&["yongbyon-freeze", "liaison-offices"])],
        )],
    );
    let signed = g
        .state
        .agreements()
        .iter()
        .filter(|a| a.kind == AgreementKind::Agreement && a.status == AgreementStatus::InForce)
        .count();
    assert_eq!(signed, 2, "{:?}", g.state.agreements());
    g
}

#[test]
fn a_breach_ends_the_whole_deal_and_its_talks() {
    let db = common::db();
    assert!(db.rules.breach_ends_deals && db.rules.breach_resets_talks);
    let mut g = two_deals(4);
    let freeze = prov("yongbyon-freeze");
    assert!(g.state.provision_in_force(freeze));
    // A nuclear test breaks the test halt; the freeze's agreement falls with it.
    common::play_turn_accepting(db, &mut g, &[(Dprk, vec![card("dprk-nuclear-test")])]);
    let agreements = g.state.agreements();
    assert!(
        agreements
            .iter()
            .filter(|a| a.kind == AgreementKind::Agreement)
            .all(|a| matches!(a.status, AgreementStatus::Broken { by: Dprk, .. })),
        "{agreements:?}"
    );
    assert!(!g.state.provision_in_force(freeze));
    // Each fallen agreement is logged as broken by the test halt.
    let halt = prov("nuclear-test-moratorium");
    let logged = g
        .journal
        .log
        .iter()
        .filter(
            |e| matches!(e, LogEntry::Violated { side: Dprk, provision, .. } if *provision == halt),
        )
        .count();
    assert_eq!(logged, 2);
    // The talks start again from none: a new freeze is only agreed in principle.
    assert_eq!(g.state.talks[Us.index()][Dprk.index()], 0);
    assert_eq!(g.state.talks[Dprk.index()][Us.index()], 0);
    common::play_turn_accepting(
        db,
        &mut g,
        &[(Us, vec![offer(&["yongbyon-freeze", "liaison-offices"])])],
    );
    assert!(
        !g.state.provision_in_force(freeze),
        "signed with no talks held"
    );
}

/// The gain the compliance rolls of the first turn after the deals name for the US keeping the
/// relief's cost, with US support set to `support`, in the game of `seed`.
fn us_gain_at_support(support: f32, seed: u64) -> f32 {
    let db = common::db();
    let mut g = two_deals(seed);
    *g.state.support_mut(Us) = support;
    common::play_turn_accepting(db, &mut g, &[]);
    let gains: Vec<f32> = g
        .journal
        .log
        .iter()
        .filter_map(|e| match e {
            LogEntry::Roll {
                kind: RollKind::Compliance { side: Us, gain, .. },
                ..
            } => Some(f32::from(*gain) / 10.0),
            _ => None,
        })
        .collect();
    assert!(!gains.is_empty(), "the US's obligations are rolled");
    gains.iter().sum()
}

#[test]
fn a_government_short_of_support_is_more_tempted_to_break() {
    // Below `breach_support_at` (40) what a provision costs the US weighs more: at support 10,
    // three quarters of the way down, up to 1.75 times (support drifts within the turn before
    // the roll); at 60 not at all.
    let db = common::db();
    assert_eq!(db.rules.breach_support_at, 40.0);
    // Over several seeds: a month's hostility toward the US adds the same to both gains, so
    // support moves the gain by the same amount in every game, and by more than a quarter where
    // nothing else adds to it.
    let mut margins = Vec::new();
    for seed in 1..=6 {
        let strong = us_gain_at_support(60.0, seed);
        let weak = us_gain_at_support(10.0, seed);
        margins.push(weak - strong);
        assert!(weak > strong, "seed {seed}: weak {weak}, strong {strong}");
        if strong <= 4.0 {
            assert!(
                weak > strong * 1.25,
                "seed {seed}: weak {weak}, strong {strong}"
            );
        }
    }
    let (lo, hi) = margins
        .iter()
        .fold((f32::MAX, f32::MIN), |(lo, hi), &m| (lo.min(m), hi.max(m)));
    assert!(lo > 1.0 && hi - lo < 0.11, "{margins:?}");
}
