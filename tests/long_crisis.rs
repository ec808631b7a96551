//! Minds that change under a long crisis: after months at the brink the hard-liners (the hawk,
//! the brinkman, the maximalist) stop adding threats and settle for quiet or a statement, for
//! the rest of the game (`CrisesAtLeast` in their rules, decks/personas.ron). Hostile mixes can
//! then end in a frozen standoff or a statement, not only in collapse.

use brink::ai::make_policy;
use brink::ai::persona::{Brain, Scratch};
use brink::content::{CompiledCondition, Condition, ContentDb, Meter, SideId};
use brink::engine::effects::cond_holds;
use brink::engine::ledger::LogEntry;
use brink::engine::text::condition_text;
use brink::engine::{CrisisChoice, Game, GameState, Outcome};
use brink::record::GameRecord;
use brink::sim;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

mod common;
use common::{at_the_brink, db};

#[test]
fn crises_at_least_counts_the_months_at_the_brink_and_says_so() {
    let db = db();
    let mut s = Game::new(db, "fire-and-fury-2017", 1).unwrap().state;
    let c = CompiledCondition::CrisesAtLeast(4);
    for (crises, holds) in [(0, false), (3, false), (4, true), (9, true)] {
        s.crises = crises;
        assert_eq!(
            cond_holds(db, &s, &c, SideId::Us, None),
            holds,
            "{crises} crises"
        );
    }
    assert_eq!(
        condition_text(db, &Condition::CrisesAtLeast(4)),
        "4 or more months at the brink"
    );
}

/// A persona's worth of each named card in `s`, as its plan ranks them.
fn worths(db: &ContentDb, persona: &str, side: SideId, s: &GameState, cards: &[&str]) -> Vec<f32> {
    let brain = Brain::new(db, db.persona_ix(persona).unwrap(), side, s.scenario);
    let all = brain.top_cards(db, s, 64, &mut Scratch::default());
    cards
        .iter()
        .map(|id| {
            let ix = db.card_ix(id).unwrap();
            all.iter()
                .find(|(_, c)| *c == ix)
                .map(|(v, _)| *v)
                .unwrap_or_else(|| panic!("{persona}: {id} not playable"))
        })
        .collect()
}

#[test]
fn after_four_months_at_the_brink_the_hard_liners_threaten_less_and_talk_more() {
    let db = db();
    // Tension just under the brink, so no other rule about the brink moves with it.
    let mut base = Game::new(db, "fire-and-fury-2017", 1).unwrap().state;
    *base.meter_mut(Meter::Tension) = 65.0;
    base.crises = 3;
    let mut long = base.clone();
    long.crises = 4;
    for (persona, side, threats, talks) in [
        (
            "hawk",
            SideId::Dprk,
            &["dprk-threaten-strike", "dprk-icbm-test"][..],
            &["dprk-declare-moratorium"][..],
        ),
        (
            "hold-the-deterrent",
            SideId::Dprk,
            &["dprk-threaten-strike", "dprk-set-deadline"],
            &["dprk-declare-moratorium"],
        ),
        (
            "hawk",
            SideId::Us,
            &["us-threaten-force", "us-show-of-force"],
            &["us-envoy-pyongyang"],
        ),
        (
            "maximalist",
            SideId::Us,
            &["us-threaten-force", "us-demand-declaration"],
            &["us-envoy-pyongyang"],
        ),
    ] {
        let (b, l) = (
            worths(db, persona, side, &base, threats),
            worths(db, persona, side, &long, threats),
        );
        for (i, id) in threats.iter().enumerate() {
            assert!(l[i] < b[i] - 1.5, "{persona} {id}: {} → {}", b[i], l[i]);
        }
        let (b, l) = (
            worths(db, persona, side, &base, talks),
            worths(db, persona, side, &long, talks),
        );
        for (i, id) in talks.iter().enumerate() {
            assert!(l[i] > b[i] + 1.0, "{persona} {id}: {} → {}", b[i], l[i]);
        }
    }
}

#[test]
fn after_a_long_crisis_the_hawk_blinks_sooner() {
    let db = db();
    let g = at_the_brink(db, 88.0);
    let backs_down = |crises: u16| {
        let mut s = g.state.clone();
        s.crises = crises;
        (0..200u64)
            .filter(|seed| {
                let mut p = make_policy(db, "hawk", SideId::Us).unwrap();
                p.crisis(db, &s, SideId::Us, &mut ChaCha8Rng::seed_from_u64(*seed))
                    == CrisisChoice::BackDown
            })
            .count()
    };
    let (fresh, worn) = (backs_down(1), backs_down(6));
    assert!(
        worn > fresh + 40,
        "backs down {fresh}/200 fresh, {worn}/200 after six crises"
    );
}

/// `common::outcomes` with the US and the DPRK seated as given.
fn outcomes(db: &ContentDb, scenario: &str, us: &str, dprk: &str, games: u32) -> [u32; 5] {
    common::outcomes(
        db,
        scenario,
        &[(SideId::Us, us), (SideId::Dprk, dprk)],
        games,
    )
}

#[test]
fn hostile_mixes_can_end_in_a_frozen_standoff_or_a_statement() {
    let db = db();
    let calm = |k: [u32; 5]| {
        let at = |o: Outcome| k[Outcome::ALL.iter().position(|x| *x == o).unwrap()];
        at(Outcome::Statement) + at(Outcome::Stalemate)
    };
    // Before the long crisis changed minds: 0 of 1,000 games at Singapore (maximalist against
    // the brinkman), 0 of 1,000 at Hanoi (hawk against hawk) ended calm.
    let k = outcomes(
        db,
        "singapore-2018",
        "maximalist",
        "hold-the-deterrent",
        200,
    );
    assert!(
        calm(k) >= 20,
        "maximalist × hold-the-deterrent at Singapore: {k:?}"
    );
    let k = outcomes(db, "hanoi-2019", "hawk", "hawk", 200);
    assert!(calm(k) + k[0] >= 20, "hawk × hawk at Hanoi: {k:?}");
}

/// The first game of a hawk US against the brinkman in 2017 (seeds as `brink sim --seed 1`) that
/// reaches its fourth month at the brink, replayed for its log.
fn a_game_with_a_long_crisis(db: &ContentDb) -> Game {
    let scenario = "fire-and-fury-2017";
    let mut specs = common::default_specs(db, scenario);
    specs[SideId::Us.index()] = "hawk".into();
    specs[SideId::Dprk.index()] = "hold-the-deterrent".into();
    for i in 0..50 {
        let seed = sim::game_seed(1, i);
        let (s, inputs) = sim::play_one_explained(db, scenario, seed, &specs, true).unwrap();
        if s.crises >= 4 {
            return Game::replay(db, scenario, seed, &inputs).unwrap();
        }
    }
    panic!("no game of 50 reached a fourth month at the brink");
}

#[test]
fn the_month_a_long_crisis_wears_minds_down_is_a_line_in_the_log_and_the_report() {
    let db = db();
    let g = a_game_with_a_long_crisis(db);
    let log = &g.journal.log;
    // Logged once, right after the crisis that is the fourth month at the brink, and never for
    // a month that changes no persona's line.
    let worn: Vec<usize> = (0..log.len())
        .filter(|&i| matches!(log[i], LogEntry::WornDown { .. }))
        .collect();
    assert_eq!(worn.len(), 1, "one line for the fourth month: {worn:?}");
    assert_eq!(log[worn[0]], LogEntry::WornDown { months: 4 });
    let crises_before = log[..worn[0]]
        .iter()
        .filter(|e| matches!(e, LogEntry::CrisisBegins { .. }))
        .count();
    assert_eq!(crises_before, 4);
    assert!(matches!(log[worn[0] - 1], LogEntry::CrisisBegins { .. }));
    // The line says who changes course, and why (the count of months).
    let line = brink::engine::text::log_text(db, &log[worn[0]], None).unwrap();
    assert!(
        line.starts_with("4 months at the brink have worn down")
            && [
                "the Hawk",
                "the Brinkman (hold the deterrent)",
                "the Maximalist"
            ]
            .iter()
            .all(|p| line.contains(p)),
        "{line}"
    );
    // The report names each seat it wears down, with its persona's reason, on the turn it
    // happened; a seat whose persona has no such rule (the ROK's engager) is not named.
    let controllers = vec![
        (SideId::Us, "hawk".to_string()),
        (SideId::Dprk, "hold-the-deterrent".to_string()),
        (SideId::Rok, "engager".to_string()),
        (SideId::China, "stabiliser".to_string()),
        (SideId::Japan, "maximum-pressure".to_string()),
    ];
    let rec = GameRecord::of_game(db, &g, controllers, "test");
    let rep = brink::report::build(db, &g, &rec);
    let turn = rep
        .timeline
        .iter()
        .find(|t| {
            t.events
                .iter()
                .any(|e| e.starts_with("4 months at the brink"))
        })
        .expect("the report's timeline has the line");
    let named: Vec<&String> = turn
        .events
        .iter()
        .filter(|e| e.contains(" is worn down: "))
        .collect();
    assert_eq!(named.len(), 2, "{named:?}");
    assert!(
        named[0].starts_with("US (Hawk) is worn down: months at the brink have won nothing"),
        "{}",
        named[0]
    );
    assert!(
        named[1].starts_with(
            "DPRK (Brinkman (hold the deterrent)) is worn down: the deterrent has made its point"
        ),
        "{}",
        named[1]
    );
    assert!(
        named[0].ends_with("its line from the 4th month at the brink, for the rest of the game")
    );
}
