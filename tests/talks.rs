//! Deals take rounds (issue 21, "deals come too fast"): a provision that limits the programme
//! is signed only after the two sides have held `Rules::talks_rounds` rounds of talks (turns in
//! which one accepted or countered an offer of the other). Accepted sooner, it is agreed in
//! principle: a statement that binds nothing, as the Carter-Kim pledge of June 1994 and the
//! Geneva agreed statement of August 1994 came before the Agreed Framework of October.

mod common;

use brink::content::SideId::*;
use brink::content::{ContentDb, SourceFile, read_dir_sources};
use brink::engine::state::AgreementKind;
use brink::engine::{Game, LogEntry, Move};

/// The seed of the 1994 games below: one whose first turns draw no event that stops the offer
/// these tests make (which events come is the game's draw; the tests are about the talks).
const SEED: u64 = 5;

fn card(id: &str) -> Move {
    Move::card(
        common::db()
            .card_ix(id)
            .unwrap_or_else(|| panic!("card {id}")),
    )
}

fn prov(db: &ContentDb, id: &str) -> u16 {
    db.provisions
        .iter()
        .position(|p| p.id == id)
        .unwrap_or_else(|| panic!("provision {id}")) as u16
}

fn freeze_offer(db: &ContentDb) -> Move {
    Move {
        package: vec![prov(db, "yongbyon-freeze"), prov(db, "security-assurance")],
        ..Move::card(db.card_ix("us-propose-package").expect("card"))
    }
}

#[test]
fn a_freeze_accepted_on_the_first_turn_is_agreed_in_principle_and_binds_nothing() {
    let db = common::db();
    assert_eq!(
        db.rules.talks_rounds, 4,
        "the 1994 record: signed in the fifth month"
    );
    let freeze = prov(db, "yongbyon-freeze");
    let mut g = Game::new(db, "agreed-framework-1994", SEED).expect("game");
    common::play_turn_accepting(db, &mut g, &[(Us, vec![freeze_offer(db)])]);
    // One statement, holding the package in principle and no provision.
    let a = g.state.agreements();
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0].kind, AgreementKind::Statement);
    assert!(a[0].provisions.is_empty());
    assert!(a[0].in_principle.contains(&freeze));
    assert!(!g.state.provision_in_force(freeze));
    // A round was held, and the log says what was agreed and what it still needs.
    assert_eq!(g.state.talks[Us.index()][Dprk.index()], 1);
    assert_eq!(g.state.talks[Dprk.index()][Us.index()], 1);
    let said = g.journal.log.iter().find_map(|e| match e {
        LogEntry::InPrinciple {
            held,
            needed,
            provisions,
            ..
        } => Some((*held, *needed, provisions.clone())),
        _ => None,
    });
    let (held, needed, provisions) = said.expect("an agreement in principle is logged");
    assert_eq!((held, needed), (0, 4));
    assert!(provisions.contains(&freeze));
    assert!(
        !g.journal
            .log
            .iter()
            .any(|e| matches!(e, LogEntry::Signed { .. }))
    );
}

#[test]
fn a_freeze_agreed_in_principle_stops_yongbyon_while_the_talks_go_on() {
    // The pledge of June 1994: the rods stayed in the pond while the talks went on. Broken
    // off, the talks take the pledge with them.
    let db = common::db();
    let reactor = db
        .facilities
        .iter()
        .position(|f| f.id == "yongbyon-5mwe")
        .expect("the 5 MWe reactor");
    let mut g = Game::new(db, "agreed-framework-1994", SEED).expect("game");
    assert_eq!(g.state.sites.frozen >> reactor & 1, 0);
    common::play_turn_accepting(db, &mut g, &[(Us, vec![freeze_offer(db)])]);
    assert_ne!(
        g.state.sites.frozen >> reactor & 1,
        0,
        "frozen by the pledge"
    );
    common::play_turn_accepting(db, &mut g, &[(Dprk, vec![card("dprk-quit-talks")])]);
    assert_eq!(
        g.state.sites.frozen >> reactor & 1,
        0,
        "the pledge lapses with the talks"
    );
}

#[test]
fn the_freeze_is_signed_once_four_rounds_of_talks_are_held() {
    let db = common::db();
    let freeze = prov(db, "yongbyon-freeze");
    let mut g = Game::new(db, "agreed-framework-1994", SEED).expect("game");
    // Three rounds: a package agreed in principle, the North's own offer of the freeze (in
    // principle too), then liaison offices accepted (offers without a limit count as rounds).
    let from_the_north = Move {
        package: vec![prov(db, "yongbyon-freeze"), prov(db, "security-assurance")],
        ..card("dprk-propose-package")
    };
    common::play_turn_accepting(db, &mut g, &[(Us, vec![freeze_offer(db)])]);
    common::play_turn_accepting(db, &mut g, &[(Dprk, vec![from_the_north.clone()])]);
    common::play_turn_accepting(db, &mut g, &[(Us, vec![card("us-liaison-offices")])]);
    assert_eq!(g.state.talks[Us.index()][Dprk.index()], 3);
    // The fourth round, Washington's offer again: still three held before it, so again in
    // principle only.
    common::play_turn_accepting(db, &mut g, &[(Us, vec![freeze_offer(db)])]);
    assert!(
        !g.state.provision_in_force(freeze),
        "signed after three rounds"
    );
    assert_eq!(g.state.talks[Us.index()][Dprk.index()], 4);
    // The statement is extended, not doubled.
    let principles = g
        .state
        .agreements()
        .iter()
        .filter(|a| !a.in_principle.is_empty())
        .count();
    assert_eq!(principles, 1);
    // Turn 5, as on 21 October 1994: signed, and it limits the programme.
    assert_eq!(g.state.turn, 5);
    common::play_turn_accepting(db, &mut g, &[(Dprk, vec![from_the_north])]);
    assert!(g.state.provision_in_force(freeze));
    let signed = g
        .state
        .agreements()
        .iter()
        .find(|a| a.kind == AgreementKind::Agreement)
        .expect("an agreement");
    assert!(
        signed.signed_turn >= 5,
        "signed on turn {}",
        signed.signed_turn
    );
}

#[test]
fn with_no_rounds_in_the_rules_a_freeze_is_signed_on_the_first_offer() {
    // The rule is data: a deck that sets `talks_rounds: 0` signs on the first acceptance.
    let mut sources: Vec<SourceFile> =
        read_dir_sources(&ContentDb::repo_decks_dir()).expect("decks read");
    let core = sources
        .iter_mut()
        .find(|s| s.name.ends_with("core.ron"))
        .expect("core.ron");
    assert!(core.text.contains("talks_rounds: 4,"));
    core.text = core
        .text
        .replacen("talks_rounds: 4,", "talks_rounds: 0,", 1);
    let db = ContentDb::from_sources(sources, "test").expect("decks load");
    let freeze = prov(&db, "yongbyon-freeze");
    let mut g = Game::new(&db, "agreed-framework-1994", SEED).expect("game");
    common::play_turn_accepting(&db, &mut g, &[(Us, vec![freeze_offer(&db)])]);
    assert!(g.state.provision_in_force(freeze));
    assert_eq!(g.state.agreements()[0].kind, AgreementKind::Agreement);
}

#[test]
fn no_default_1994_game_signs_a_limit_before_the_fifth_turn() {
    // Whatever the personas and chance do, the record's pace is a floor: the pledge (turn 1)
    // and the agreed statement (turn 3) can come, the Agreed Framework not before turn 5.
    let db = common::db();
    let specs: [String; 5] = std::array::from_fn(|i| {
        brink::sim::scenario_persona(db, "agreed-framework-1994", brink::content::SideId::ALL[i])
    });
    let mut statements_first = 0;
    for i in 0..40 {
        let seed = brink::sim::game_seed(1, i);
        let (s, _) =
            brink::sim::play_one_explained(db, "agreed-framework-1994", seed, &specs, false)
                .expect("plays");
        let first_limit = s
            .agreements()
            .iter()
            .filter(|a| a.kind == AgreementKind::Agreement)
            .map(|a| a.signed_turn)
            .min();
        if let Some(t) = first_limit {
            assert!(t >= 5, "game {i}: a limit signed on turn {t}");
        }
        let first_statement = s
            .agreements()
            .iter()
            .filter(|a| a.kind == AgreementKind::Statement)
            .map(|a| a.signed_turn)
            .min();
        if first_statement.is_some_and(|t| first_limit.is_none_or(|l| t < l)) {
            statements_first += 1;
        }
    }
    // Most games open with a pledge in principle, as June 1994 did.
    assert!(statements_first >= 20, "{statements_first} of 40");
}

/// China's freeze-for-freeze offered to Washington, both sides' rounds set by hand.
fn china_freeze_for_freeze(china_us: u8, us_dprk: u8) -> Game {
    let db = common::db();
    let mut g = Game::new(db, "fire-and-fury-2017", 5).expect("game");
    g.state.talks[China.index()][Us.index()] = china_us;
    g.state.talks[Us.index()][China.index()] = china_us;
    g.state.talks[Us.index()][Dprk.index()] = us_dprk;
    g.state.talks[Dprk.index()][Us.index()] = us_dprk;
    common::play_turn_accepting(
        db,
        &mut g,
        &[(China, vec![card("china-freeze-for-freeze")])],
    );
    g
}

#[test]
fn an_offer_that_binds_the_north_counts_the_rounds_between_the_sides_it_binds() {
    // The test halt binds the DPRK and the drills' suspension the US: China carries the offer,
    // but the rounds that count are Washington's and Pyongyang's.
    let db = common::db();
    let halt = prov(db, "nuclear-test-moratorium");
    let g = china_freeze_for_freeze(9, 0);
    assert!(
        !g.state.provision_in_force(halt),
        "signed on China and the US's rounds alone"
    );
    assert!(g.journal.log.iter().any(|e| matches!(
        e,
        LogEntry::InPrinciple {
            held: 0,
            needed: 4,
            ..
        }
    )));
    let g = china_freeze_for_freeze(0, 4);
    assert!(
        g.state.provision_in_force(halt),
        "the US and the DPRK have held their four rounds"
    );
}

/// A statement agreed in principle has every side its package binds as a party: they agreed to
/// co-sign it, or the offer would have been refused. China's "suspension for suspension" offered
/// to the US binds the North and the South, and agreed before the rounds of talks are held it is
/// a statement of all four, not a US-China text that puts the North's test halt on paper without
/// it (`fire-and-fury-2017`, where China makes that offer; the North on its pragmatist line,
/// which co-signs a test halt without relief, as the default Norths no longer do).
#[test]
fn a_statement_in_principle_has_every_side_it_would_bind() {
    let db = common::db();
    let scenario = "fire-and-fury-2017";
    let specs: [String; 5] = std::array::from_fn(|i| match brink::content::SideId::ALL[i] {
        Dprk => "pragmatist".to_string(),
        side => brink::sim::scenario_persona(db, scenario, side),
    });
    let mut beyond_the_two = 0;
    for i in 0..200 {
        let seed = brink::sim::game_seed(1, i);
        let (s, _) = brink::sim::play_one(db, scenario, seed, &specs, false).unwrap();
        for a in s.agreements() {
            if !a.provisions.is_empty() || a.in_principle.is_empty() {
                continue;
            }
            for &p in &a.in_principle {
                for side in db.compiled_provisions[p as usize].obligations.iter() {
                    assert!(
                        !s.seated(*side) || a.parties.contains(side),
                        "seed {seed}: {side} bound by {} agreed in principle by {:?}",
                        db.provisions[p as usize].id,
                        a.parties
                    );
                }
            }
            beyond_the_two += (a.parties.len() > 2) as u32;
        }
    }
    assert!(
        beyond_the_two > 0,
        "no statement in principle bound a third side"
    );
}

/// A pledge in principle to freeze plants lapses when a party to it breaks a signed freeze of
/// the same plants, though the talks go on: a plant restarted in breach of a deal is not held
/// by an earlier word. (Before, the June pledge kept Yongbyon frozen through the breach of the
/// October agreement, for as long as the talks lasted.) A new pledge is a statement of its own.
#[test]
fn an_open_breach_of_a_signed_freeze_ends_the_pledge_to_freeze_the_same_plants() {
    let db = common::db();
    let freeze = prov(db, "yongbyon-freeze");
    let reactor = db
        .facilities
        .iter()
        .position(|f| f.id == "yongbyon-5mwe")
        .expect("the 5 MWe reactor");
    let talks = db.derived.flag_talks_under_way.expect("the talks' flag");
    let mut g = Game::new(db, "agreed-framework-1994", SEED).expect("game");
    // As in the test above: four rounds in principle, then the freeze signed on turn 5.
    let from_the_north = Move {
        package: vec![freeze, prov(db, "security-assurance")],
        ..card("dprk-propose-package")
    };
    common::play_turn_accepting(db, &mut g, &[(Us, vec![freeze_offer(db)])]);
    common::play_turn_accepting(db, &mut g, &[(Dprk, vec![from_the_north.clone()])]);
    common::play_turn_accepting(db, &mut g, &[(Us, vec![card("us-liaison-offices")])]);
    common::play_turn_accepting(db, &mut g, &[(Us, vec![freeze_offer(db)])]);
    common::play_turn_accepting(db, &mut g, &[(Dprk, vec![from_the_north])]);
    assert!(g.state.provision_in_force(freeze), "the freeze is signed");
    let pledge = g
        .state
        .agreements()
        .iter()
        .position(|a| a.in_principle.contains(&freeze))
        .expect("the statement holding the pledge");

    // The North sends the inspectors home once they are there: an open breach of the freeze.
    let expel = db.card_ix("dprk-expel-inspectors").expect("card");
    for _ in 0..4 {
        if !g.state.provision_in_force(freeze) {
            break;
        }
        let plan = if brink::engine::moves::card_playable(db, &g.state, Dprk, expel) {
            vec![Move::card(expel)]
        } else {
            Vec::new()
        };
        common::play_turn_accepting(db, &mut g, &[(Dprk, plan)]);
    }
    assert!(
        !g.state.provision_in_force(freeze),
        "the freeze was not broken"
    );
    let broken = g
        .state
        .agreements()
        .iter()
        .find_map(|a| match a.status {
            brink::engine::state::AgreementStatus::Broken { turn, by } => Some((turn, by)),
            _ => None,
        })
        .expect("a broken agreement");
    assert_eq!(broken.1, Dprk);
    let statement = &g.state.agreements()[pledge];
    assert_eq!(
        statement.status,
        brink::engine::state::AgreementStatus::InForce,
        "a statement binds nothing, so nothing in it is broken"
    );
    assert_eq!(statement.pledge_lapsed, Some(broken.0));
    // The log says so, with who broke what: the cause of the plants' restart.
    assert!(
        g.journal.log.iter().any(|e| matches!(
            e,
            LogEntry::PledgeLapsed { agreement, side: Dprk } if *agreement as usize == pledge
        )),
        "the lapse is not logged"
    );
    // The report says so, under the statement.
    let controllers: Vec<_> = g
        .state
        .seated_sides()
        .map(|s| (s, "human".to_string()))
        .collect();
    let rec = brink::record::GameRecord::of_game(db, &g, controllers, "talks");
    let report = brink::report::build(db, &g, &rec);
    let md = brink::report::render(&report, brink::report::Format::Md, None);
    assert!(
        md.contains(&format!(
            "The freeze pledged here lapsed on turn {} (",
            broken.0
        )),
        "{md}"
    );
    // And the charts mark the turn.
    assert!(
        md.contains(&format!("agreement {}'s freeze pledge lapsed", pledge + 1)),
        "{md}"
    );
    // The talks go on, so only the breach can have ended the pledge; the reactor is no longer
    // held frozen (it restarts after the months a frozen plant needs).
    assert!(
        g.state.flag(talks),
        "the talks ended with the breach: this tests nothing"
    );
    assert_eq!(
        g.state.sites.frozen >> reactor & 1,
        0,
        "the reactor is still held by the lapsed pledge"
    );

    // Agreed again in principle: a new statement, the lapsed one left as it ended.
    let before = g.state.agreements().len();
    common::play_turn_accepting(db, &mut g, &[(Us, vec![freeze_offer(db)])]);
    let pledges: Vec<_> = g
        .state
        .agreements()
        .iter()
        .filter(|a| a.in_principle.contains(&freeze))
        .map(|a| a.pledge_lapsed)
        .collect();
    assert!(
        g.state.agreements().len() > before,
        "nothing was agreed again"
    );
    assert_eq!(pledges, vec![Some(broken.0), None], "{pledges:?}");
    assert_ne!(
        g.state.sites.frozen >> reactor & 1,
        0,
        "the new pledge freezes the reactor again"
    );
}
