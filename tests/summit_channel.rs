//! A US-DPRK summit needs someone to carry the invitation. In 2017 Pyongyang answered no one;
//! its invitation of March 2018 reached Washington by way of the PyeongChang Games and Seoul's
//! envoys. And before October 2000 (Jo Myong Rok's letter to Clinton) no leaders' meeting was on
//! the table at all. Before these rules the 2017 game agreed a summit in December 2017 in about
//! 30 % of its default games, and 1994's default games agreed one in 95 %.

mod common;

use brink::content::SideId;
use brink::engine::moves::card_playable;
use brink::engine::{Game, Phase};
use common::{card, play_turn_accepting};

/// The North's letter and the US's yes need a channel to the leaders: neither is open in the
/// autumn of 2017, and both are once the North has taken up Seoul's invitation to the Games.
#[test]
fn a_summit_invitation_needs_a_channel_to_the_leaders() {
    let db = common::db();
    let letter = db.card_ix("dprk-leader-letter").expect("card");
    let yes = db.card_ix("us-accept-summit").expect("card");
    let channel = db.flag_ix("leaders_channel").expect("flag");
    let mut g = Game::new(db, "fire-and-fury-2017", 1).expect("game");
    assert!(!g.state.flag(channel));
    // Quiet months until the Games can be offered (January 2018), nobody inviting anyone.
    while g.state.turn < 6 {
        assert!(
            !card_playable(db, &g.state, SideId::Dprk, letter),
            "turn {}",
            g.state.turn
        );
        assert!(
            !card_playable(db, &g.state, SideId::Us, yes),
            "turn {}",
            g.state.turn
        );
        play_turn_accepting(db, &mut g, &[]);
        assert!(
            g.state.phase != Phase::Over,
            "the game ended on turn {}",
            g.state.turn
        );
    }
    play_turn_accepting(
        db,
        &mut g,
        &[(SideId::Rok, vec![card("rok-olympic-diplomacy")])],
    );
    assert!(g.state.flag(channel), "the Games opened no channel");
    assert!(card_playable(db, &g.state, SideId::Dprk, letter));
    assert!(card_playable(db, &g.state, SideId::Us, yes));
}

/// 1994 offers no leaders' summit, and its default games never agree one.
#[test]
fn no_leaders_summit_in_1994() {
    let db = common::db();
    let scenario = "agreed-framework-1994";
    let cs = &db.compiled_scenarios[db.scenario_ix(scenario).expect("scenario") as usize];
    for id in ["dprk-leader-letter", "us-accept-summit", "us-hold-summit"] {
        let c = db.card_ix(id).expect("card");
        assert!(!cs.card_allowed[c as usize], "{id} is on 1994's table");
    }
    let agreed = db.flag_ix("summit_agreed").expect("flag");
    let specs = common::default_specs(db, scenario);
    for i in 0..100 {
        let seed = brink::sim::game_seed(1, i);
        let (s, _) = brink::sim::play_one_explained(db, scenario, seed, &specs, false).unwrap();
        assert!(!s.flag(agreed), "seed {seed}: a summit agreed in 1994");
    }
}
