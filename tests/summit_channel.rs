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

/// Singapore's default US is the maximalist, the administration's stated line, which will not
/// meet a leader it trusts so little; but the President took the meeting himself. Once a summit
/// is agreed his own track runs the US for three months and the maximalist line comes back: the
/// summit is held in most default games (the record's June 2018), the shift is logged and ends,
/// and the games still end in more than one way.
#[test]
fn singapore_s_president_takes_the_meeting_himself() {
    use brink::engine::LogEntry;
    use brink::record::GameRecord;
    let db = common::db();
    let tmp = tempfile::tempdir().expect("tempdir");
    let cfg = brink::sim::SimConfig {
        scenario: "singapore-2018".into(),
        games: 60,
        seed: 1,
        threads: 1,
        policies: Default::default(),
        record_dir: Some(tmp.path().to_path_buf()),
    };
    let sum = brink::sim::run(db, &cfg, &|| {}).expect("sim");
    let held_flag = db.flag_ix("summit_held").expect("flag");
    let deal_maker = db.persona_ix("summit-first").expect("persona");
    let (mut held, mut shifted) = (0, 0);
    for entry in std::fs::read_dir(tmp.path()).expect("records") {
        let path = entry.expect("entry").path();
        let rec = GameRecord::load(&path).expect("record");
        let g = rec
            .verify(db, &path.display().to_string())
            .expect("replays");
        held += usize::from(g.state.flag(held_flag));
        let began = g.journal.log.iter().position(|e| {
            matches!(e, LogEntry::Shift { side: SideId::Us, persona, turns: Some(3), .. } if *persona == deal_maker)
        });
        if let Some(i) = began {
            shifted += 1;
            // Three months, then the maximalist line again, unless the game ends first.
            let turn = g.journal.log[..i]
                .iter()
                .rev()
                .find_map(|e| match e {
                    LogEntry::TurnStart { turn, .. } => Some(*turn),
                    _ => None,
                })
                .expect("a turn");
            let ended = g.journal.log[i..].iter().any(|e| {
                matches!(
                    e,
                    LogEntry::ShiftEnds {
                        side: SideId::Us,
                        ..
                    }
                )
            });
            assert_eq!(ended, turn + 3 <= g.state.turn, "{}", path.display());
        }
    }
    assert!(held >= 36, "summit held in {held} of 60");
    assert!(shifted >= held, "{shifted} shifts, {held} summits");
    // Not one outcome for every game.
    let first = sum[0].outcome;
    assert!(
        sum.iter().any(|r| r.outcome != first),
        "every game: {first:?}"
    );
}
