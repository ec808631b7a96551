//! Phased agreements, the inspection regime and statements (design §10, "Phases" and
//! "Inspections"; issue 21 items 2-3): a phased provision's steps come on their turns, relief
//! waits for the verified step it is tied to, sending the inspectors home stalls what waits
//! for them, and a package that limits nothing is a statement, not an agreement, in the
//! outcome.

mod common;
use common::{break_deck, card, prov, us_offer as offer};

use brink::content::{ContentDb, Meter, Regime, SideId::*, SourceFile, read_dir_sources};
use brink::engine::state::{AgreementKind, AgreementStatus};
use brink::engine::{Cause, Game, LogEntry, MeterRef, Outcome};

/// The turn of the first log entry that matches, counting `TurnStart`s.
fn turn_of(g: &Game, f: impl Fn(&LogEntry) -> bool) -> Option<u16> {
    let mut turn = 0;
    for e in &g.journal.log {
        if let LogEntry::TurnStart { turn: t, .. } = e {
            turn = *t;
        }
        if f(e) {
            return Some(turn);
        }
    }
    None
}

fn taken(p: u16, k: u8) -> impl Fn(&LogEntry) -> bool {
    move |e| matches!(e, LogEntry::StepTaken { provision, step, .. } if *provision == p && *step == k)
}

fn verified(p: u16, k: u8) -> impl Fn(&LogEntry) -> bool {
    move |e| matches!(e, LogEntry::StepVerified { provision, step, .. } if *provision == p && *step == k)
}

/// A freeze for relief: the monitors come the turn after signing, the freeze is verified once
/// their access has grown to what it needs, and only then does the first tranche of relief
/// come; the second waits for a second verified step the package never holds.
#[test]
fn a_phased_provisions_steps_arrive_on_their_turns_and_relief_waits_for_its_verified_step() {
    let db = common::db();
    let (freeze, relief) = (prov("yongbyon-freeze"), prov("partial-relief-snapback"));
    let mut checked = 0;
    for seed in 0..12 {
        let mut g = common::game_after_talks(db, "hanoi-2019", seed);
        common::play_turn_accepting(
            common::db(),
            &mut g,
            &[(
                Us,
                vec![offer(&["yongbyon-freeze", "partial-relief-snapback"])],
            )],
        );
        assert_eq!(g.state.agreements().len(), 1);
        assert_eq!(g.state.agreements()[0].kind, AgreementKind::Agreement);
        // Nothing of the relief on signing.
        assert!(
            !g.journal
                .ledger
                .iter()
                .any(|e| e.meter == MeterRef::Meter(Meter::Sanctions)
                    && matches!(e.cause, Cause::Signing { .. }))
        );
        for _ in 0..8 {
            if g.state.is_over() {
                break;
            }
            common::play_turn_accepting(common::db(), &mut g, &[]);
        }
        // Only a deal that held (compliance may break it) says when its steps came.
        if g.state.agreements()[0].status != AgreementStatus::InForce {
            continue;
        }
        checked += 1;
        // The monitors arrive one turn after signing, as the step says.
        assert_eq!(turn_of(&g, taken(freeze, 0)), Some(2), "seed {seed}");
        let v = turn_of(&g, verified(freeze, 0)).expect("the freeze is verified");
        // Access grows 10 a turn from their arrival: 30 is reached three turns on.
        assert!(v >= 4, "verified on turn {v}: access cannot grow that fast");
        // The first tranche waits for that verification, and comes with it.
        let t = turn_of(&g, taken(relief, 0)).expect("first tranche");
        assert_eq!(
            t, v,
            "seed {seed}: relief on turn {t}, the freeze verified on {v}"
        );
        let first_relief = g
            .journal
            .ledger
            .iter()
            .find(|e| e.meter == MeterRef::Meter(Meter::Sanctions) && e.delta < 0.0)
            .filter(|e| matches!(e.cause, Cause::Step { .. }))
            .map(|e| e.turn);
        assert!(
            g.journal
                .ledger
                .iter()
                .filter(|e| matches!(e.cause, Cause::Step { provision, .. } if provision == relief))
                .all(|e| e.turn >= v),
            "seed {seed}: relief before the verified step ({first_relief:?})"
        );
        // One verified step in the package: the second tranche never comes.
        assert_eq!(turn_of(&g, taken(relief, 1)), None, "seed {seed}");
        // Snapback knows what the tranche gave.
        assert!(g.state.agreements()[0].relief_given >= 5.9);
    }
    assert!(checked >= 3, "only {checked} deals held");
}

/// Relief for a package that limits nothing never comes: the tranches wait for verified steps
/// no provision of it can give, and the package is a statement.
#[test]
fn relief_for_nothing_never_arrives_and_the_package_is_a_statement() {
    let db = common::db();
    let relief = prov("partial-relief-snapback");
    let mut g = common::game_after_talks(db, "hanoi-2019", 3);
    common::play_turn_accepting(
        common::db(),
        &mut g,
        &[(
            Us,
            vec![offer(&["partial-relief-snapback", "security-assurance"])],
        )],
    );
    assert_eq!(g.state.agreements()[0].kind, AgreementKind::Statement);
    for _ in 0..6 {
        common::play_turn_accepting(common::db(), &mut g, &[]);
    }
    assert_eq!(turn_of(&g, taken(relief, 0)), None);
    assert!(
        !g.journal
            .ledger
            .iter()
            .any(|e| matches!(e.cause, Cause::Step { provision, .. } if provision == relief))
    );
}

/// Monitors at the missile plants: kept there, their access grows and the step is verified;
/// sent home on turn 3, their access and months are gone and the step stalls, though the
/// agreement (which expulsion does not breach) stays in force.
#[test]
fn expelling_inspectors_stalls_a_steps_verification() {
    let db = common::db();
    let icbm = prov("icbm-production-freeze");
    let package = ["icbm-production-freeze", "security-assurance"];
    let mut compared = 0;
    for seed in 0..12 {
        let mut kept = common::game_after_talks(db, "hanoi-2019", seed);
        let mut expelled = common::game_after_talks(db, "hanoi-2019", seed);
        for g in [&mut kept, &mut expelled] {
            common::play_turn_accepting(common::db(), g, &[(Us, vec![offer(&package)])]);
            common::play_turn_accepting(common::db(), g, &[]);
        }
        // The monitors came on turn 2.
        assert_eq!(turn_of(&expelled, taken(icbm, 0)), Some(2));
        assert!(expelled.state.inspections.regime >= Regime::Monitors);
        common::play_turn_accepting(common::db(), &mut kept, &[]);
        common::play_turn_accepting(
            common::db(),
            &mut expelled,
            &[(Dprk, vec![card("dprk-expel-inspectors")])],
        );
        assert_eq!(expelled.state.inspections.regime, Regime::None);
        assert_eq!(expelled.state.inspections.access, 0.0);
        assert_eq!(expelled.state.inspections.months, 0);
        for _ in 0..5 {
            for g in [&mut kept, &mut expelled] {
                if !g.state.is_over() {
                    common::play_turn_accepting(common::db(), g, &[]);
                }
            }
        }
        let held = |g: &Game| g.state.agreements()[0].status == AgreementStatus::InForce;
        if !(held(&kept) && held(&expelled)) {
            continue;
        }
        compared += 1;
        assert!(
            turn_of(&kept, verified(icbm, 0)).is_some(),
            "seed {seed}: kept, the monitors verify the step"
        );
        assert_eq!(
            turn_of(&expelled, verified(icbm, 0)),
            None,
            "seed {seed}: sent home, they verify nothing"
        );
        assert!(expelled.journal.log.iter().any(|e| matches!(
            e,
            LogEntry::Inspectors {
                regime: Regime::None
            }
        )));
    }
    assert!(compared >= 3, "only {compared} seeds kept both deals");
}

/// Singapore's joint statement (security guarantees, a peace regime, work toward
/// denuclearization, remains) limits nothing: the game ends with a statement, not an agreement.
#[test]
fn a_statement_counts_as_a_statement_in_the_outcome() {
    let db = common::db();
    let singapore = [
        "security-assurance",
        "end-of-war-declaration",
        "denuclearization-pledge",
        "remains-recovery",
    ];
    let mut statements = 0;
    for seed in 0..6 {
        let mut g = common::game_after_talks(db, "singapore-2018", seed);
        common::play_turn_accepting(common::db(), &mut g, &[(Us, vec![offer(&singapore)])]);
        let a = &g.state.agreements()[0];
        assert_eq!(a.kind, AgreementKind::Statement);
        assert!(a.parties.contains(&Dprk));
        while !g.state.is_over() {
            common::play_turn_accepting(common::db(), &mut g, &[]);
        }
        let o = g.state.outcome.expect("over");
        assert_ne!(
            o,
            Outcome::Agreement,
            "seed {seed}: a statement is no agreement"
        );
        statements += (o == Outcome::Statement) as u32;
        assert!(g.journal.log.iter().any(|e| {
            brink::engine::text::log_text(db, e, None).is_some_and(|t| {
                t.starts_with("Statement (it limits no part of the programme) signed")
            })
        }));
    }
    assert!(statements >= 4, "{statements} of 6 ended as statements");
    // The same, with a test halt in it, limits something: an agreement.
    let mut g = common::game_after_talks(db, "singapore-2018", 1);
    common::play_turn_accepting(
        common::db(),
        &mut g,
        &[(
            Us,
            vec![offer(&["security-assurance", "nuclear-test-moratorium"])],
        )],
    );
    assert_eq!(g.state.agreements()[0].kind, AgreementKind::Agreement);
}

/// The engine's "limits" and the debrief's goals agree: a provision limits the programme
/// exactly when it serves a goal that limits one (decks/goals.ron), so the report's kind and the
/// outcome's never disagree.
#[test]
fn the_provisions_that_limit_are_those_the_limiting_goals_name() {
    let db = common::db();
    for (i, p) in db.provisions.iter().enumerate() {
        let by_goals = db
            .goals
            .iter()
            .any(|g| g.limit && g.served_by.iter().any(|s| s.provision == p.id));
        assert_eq!(db.compiled_provisions[i].limits, by_goals, "{}", p.id);
    }
}

/// Persona valuation: a tranche later is worth less than now. The DPRK values partial relief,
/// all of it tied to verified steps, less than it would value the same relief given on signing.
#[test]
fn a_tranche_later_is_worth_less_than_one_now() {
    let mut sources: Vec<SourceFile> =
        read_dir_sources(&ContentDb::repo_decks_dir()).expect("decks");
    let f = sources
        .iter_mut()
        .find(|s| s.name.ends_with("provisions.ron"))
        .expect("provisions");
    // The same three tranches, given on signing instead.
    let from = "                    after: 1,\n                    waits_for: VerifiedSteps(1),\n                    effects: [Meter(meter: Sanctions, delta: -6.0)],";
    assert!(f.text.contains(from));
    f.text = f.text.replacen(
        from,
        "                    after: 0,\n                    effects: [Meter(meter: Sanctions, delta: -6.0)],",
        1,
    );
    let now = ContentDb::from_sources(sources, "test").expect("decks load");
    let db = common::db();
    let worth = |db: &ContentDb| {
        let scen = db
            .scenarios
            .iter()
            .position(|s| s.id == "hanoi-2019")
            .unwrap() as u16;
        let persona = db.persona_ix("economy-first").expect("persona");
        let brain = brink::ai::Brain::new(db, persona, Dprk, scen);
        let s = brink::engine::GameState::new_unstarted(db, "hanoi-2019", 1).unwrap();
        let p = db.provision_ix("partial-relief-snapback").unwrap();
        let freeze = db.provision_ix("yongbyon-freeze").unwrap();
        brain.package_worth(&s, Us, &[p, freeze]) - brain.package_worth(&s, Us, &[freeze])
    };
    let (later, sooner) = (worth(db), worth(&now));
    assert!(
        later > 0.0 && later < sooner,
        "relief later {later:.2}, on signing {sooner:.2}"
    );
}

/// Steps are typed data, checked with located errors.
#[test]
fn the_validator_refuses_steps_that_cannot_be() {
    let text = std::fs::read_to_string(ContentDb::repo_decks_dir().join("provisions.ron"))
        .expect("provisions");
    let located = |errs: &[brink::content::ContentError], needle: &str, on_line: &str| {
        let e = errs
            .iter()
            .find(|e| e.file.ends_with("provisions.ron") && e.message.contains(needle))
            .unwrap_or_else(|| panic!("no error with {needle:?}: {errs:#?}"));
        assert!(e.line >= 1 && e.column >= 1, "{e}");
        let line = text.lines().nth(e.line - 1).expect("line");
        assert!(line.contains(on_line), "line {}: {line}", e.line);
    };
    // The first step cannot wait for the one before it.
    let errs = break_deck(
        "provisions.ron",
        "name: \"IAEA monitors the freeze\",\n                    after: 1,",
        "name: \"IAEA monitors the freeze\",\n                    after: 1,\n                    waits_for: PreviousVerified,",
    );
    located(&errs, "waits for the step before it, and there is none", "");
    // Access runs from 0 to 100, located at the number.
    let errs = break_deck(
        "provisions.ron",
        "verified_by: Inspection(access: 30.0, months: 1)",
        "verified_by: Inspection(access: 130.0, months: 1)",
    );
    assert!(
        errs.iter()
            .any(|e| e.message.contains("130") && e.file.ends_with("provisions.ron")),
        "{errs:#?}"
    );
    // A step waiting for more verified steps than a package can hold.
    let errs = break_deck(
        "provisions.ron",
        "waits_for: VerifiedSteps(3)",
        "waits_for: VerifiedSteps(40)",
    );
    located(&errs, "no package holds that many", "VerifiedSteps");
    // An unknown kind of wait is a serde error at its place.
    let errs = break_deck(
        "provisions.ron",
        "waits_for: VerifiedSteps(3)",
        "waits_for: WhenConvenient",
    );
    assert!(
        errs.iter().any(|e| e.file.ends_with("provisions.ron")),
        "{errs:#?}"
    );
}
