//! A class length is the game's length, for everyone: the engine ends the game after the
//! class's last turn and judges it there, the report says how long the class was, and the
//! computer players read the decks' turns (the scenario's months) in a class's longer turns.

mod record_common;

use brink::ai::Brain;
use brink::content::{ClassLength, SideId};
use brink::engine::Game;
use brink::engine::state::Phase;
use brink::record::GameRecord;
use record_common::{controllers, db};

const SHORT: ClassLength = ClassLength {
    turns: 6,
    months: 2,
};

/// The short class of `fire-and-fury-2017`, every decision passed, to the end or `until`.
fn short_class(seed: u64, until: u16) -> Game {
    let mut g = Game::new_class(db(), "fire-and-fury-2017", seed, Some(SHORT)).expect("scenario");
    while g.state.turn < until {
        let Some(d) = g.pending().next() else { break };
        g.apply(db(), d, d.pass(), None).expect("a pass is legal");
    }
    g
}

/// Six turns of two months end after the sixth (June 2018), decided there; not after the
/// scenario's twelve turns, which at two months a turn would run to July 2019.
#[test]
fn a_class_game_ends_after_its_last_turn_with_an_outcome() {
    let g = short_class(3, u16::MAX);
    assert_eq!(g.state.phase, Phase::Over);
    assert_eq!(g.state.turn, 6, "the game went past the class");
    assert!(g.state.outcome.is_some());
    assert_eq!(g.state.date_of(db(), g.state.turn), "2018-06");
    // The whole game still runs its twelve.
    let mut whole = Game::new(db(), "fire-and-fury-2017", 3).expect("scenario");
    while let Some(d) = whole.pending().next() {
        whole
            .apply(db(), d, d.pass(), None)
            .expect("a pass is legal");
    }
    assert_eq!(whole.state.turn, 12);
}

/// The report of a class record says it was a class of six, not "12 turns of 12".
#[test]
fn the_report_of_a_class_game_says_how_long_the_class_was() {
    let g = short_class(4, u16::MAX);
    let rec = GameRecord::of_game(db(), &g, controllers(&g), "class");
    let r = brink::report::build(db(), &g, &rec);
    assert_eq!(r.game.turns, 6);
    assert_eq!(r.game.turn_months, 2);
    assert!(
        r.game
            .summary
            .starts_with("6 turns played (2017-08 to 2018-06) of a class of 6 turns of 2 months"),
        "{}",
        r.game.summary
    );
    // Replayed from its record, the same game.
    let again = rec.replay(db(), "class.json").expect("the record replays");
    assert_eq!(again.state.turn, 6);
    assert_eq!(again.state.outcome, g.state.outcome);
}

/// The ROK's campaign before the local elections of June 2018 runs in the scenario's March to
/// May: in the short class that is turns 4 and 5 (each two of those months), and the ROK's
/// persona plays safe there, as it does in the whole game's turns 8 to 10.
#[test]
fn a_persona_in_a_class_keeps_the_calendar_of_its_campaigns() {
    let scen = db().scenario_ix("fire-and-fury-2017").expect("scenario");
    let persona = brink::sim::scenario_persona(db(), "fire-and-fury-2017", SideId::Rok);
    let persona = db().persona_ix(&persona).expect("the ROK's persona");
    let brain = Brain::new(db(), persona, SideId::Rok, scen);
    let campaigning = |g: &Game| {
        let mut out = Default::default();
        brain.situation(db(), &g.state, &mut out);
        out.campaign.is_some()
    };
    let mut by_turn = Vec::new();
    for turn in 1..=6 {
        let g = short_class(5, turn);
        if g.state.turn == turn && !g.state.is_over() {
            by_turn.push((turn, campaigning(&g)));
        }
    }
    let on: Vec<u16> = by_turn.iter().filter(|x| x.1).map(|x| x.0).collect();
    assert_eq!(on, [4, 5], "{by_turn:?}");
}

/// The search imagines worlds from what its side sees (`observe::determinize`): in a class,
/// those worlds end where the class does, so its look-ahead plans for six turns, not twelve.
#[test]
fn the_search_imagines_worlds_that_end_with_the_class() {
    let g = short_class(6, 6);
    assert_eq!(g.state.turn, 6);
    let mut w = brink::engine::observe::determinize(db(), &g.state, SideId::Us, 11);
    assert_eq!(w.turns, 6);
    while let Some(d) = w.pending().next() {
        brink::engine::turn::submit(db(), &mut w, &d.pass(), &mut brink::engine::NoSink)
            .expect("a pass is legal");
    }
    assert!(w.is_over() && w.turn == 6, "turn {}", w.turn);
}

/// A change of mind "for four turns" in the decks is four of the scenario's months: in a class
/// of two-month turns it holds for two turns, not eight months.
#[test]
fn a_shift_of_mind_lasts_its_months_in_a_class() {
    let class = ClassLength {
        turns: 6,
        months: 2,
    };
    let talks_off = db().derived.flag_talks_suspended.expect("the flag");
    let until = |class: Option<ClassLength>| {
        let mut g = Game::new_class(db(), "hanoi-2019", 1, class).expect("scenario");
        g.state.flags |= 1u128 << talks_off;
        let start = g.state.turn;
        while g.state.turn == start {
            let Some(d) = g.pending().next() else { break };
            g.apply(db(), d, d.pass(), None).expect("a pass is legal");
        }
        let m = g.state.minds[SideId::Dprk.index()];
        assert!(m.shift.is_some(), "the DPRK's hard line takes over");
        m.until.expect("for a while") - g.state.turn + 1
    };
    assert_eq!(until(None), 4);
    assert_eq!(until(Some(class)), 2);
}
