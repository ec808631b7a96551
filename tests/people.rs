//! Players who are people: choices under uncertainty (quantal response), minds that change
//! (persona shifts written in the scenarios) and chance that matters (the capped incident roll).

mod common;

use brink::ai::persona::{Brain, Noise, Scratch};
use brink::content::{ContentDb, Meter, SideId, read_dir_sources};
use brink::engine::ledger::{Journal, LogEntry};
use brink::engine::{CrisisChoice, GameState, Input, Phase, minds, turn};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn db() -> ContentDb {
    ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks load")
}

fn started(db: &ContentDb, scenario: &str, seed: u64) -> GameState {
    let mut s = GameState::new_unstarted(db, scenario, seed).expect("scenario");
    turn::start(db, &mut s, &mut Journal::default());
    s
}

/// The same persona in the same state plays differently across seeds, and the two cards it
/// values most come first in proportion to exp(worth / temperature) (a softmax choice).
#[test]
fn the_same_persona_in_the_same_state_chooses_in_proportion_to_worth() {
    let db = db();
    let s = started(&db, "hanoi-2019", 1);
    let persona = db.persona_ix("pragmatist").expect("persona");
    let brain = Brain::new(&db, persona, SideId::Us, s.scenario);
    let mut scratch = Scratch::default();
    let top = brain.top_cards(&db, &s, 2, &mut scratch);
    assert_eq!(top.len(), 2, "two legal cards");
    let (v1, c1) = top[0];
    let (v2, c2) = top[1];
    // A temperature at which the two are a real choice.
    let t = (v1 - v2).max(0.5);
    let (mut n1, mut n2) = (0u32, 0u32);
    let mut distinct = std::collections::BTreeSet::new();
    for seed in 0..4000u64 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let plan = brain.plan(&db, &s, t, &mut rng, &mut scratch);
        if let Some(m) = plan.first() {
            distinct.insert(m.card);
            if m.card == c1 {
                n1 += 1;
            } else if m.card == c2 {
                n2 += 1;
            }
        }
    }
    assert!(distinct.len() >= 3, "only {distinct:?} across 4000 seeds");
    assert!(n1 > n2 && n2 > 0, "{n1} vs {n2}");
    let expected = ((v1 - v2) / t).exp();
    let seen = n1 as f32 / n2 as f32;
    assert!(
        (seen / expected - 1.0).abs() < 0.3,
        "ratio {seen:.2}, softmax says {expected:.2}"
    );
}

/// At the tension where a persona would back down, it does about half the time; far below,
/// almost never; far above, almost always.
#[test]
fn a_crisis_choice_is_a_quantal_response_around_the_persona_s_nerve() {
    let db = db();
    let mut s = started(&db, "fire-and-fury-2017", 1);
    let persona = db.persona_ix("freeze-and-cap").expect("persona");
    let brain = Brain::new(&db, persona, SideId::Us, s.scenario);
    let nerve = db.compiled_personas[persona as usize].back_down_above;
    let mut scratch = Scratch::default();
    let mut share = |tension: f32| {
        *s.meter_mut(Meter::Tension) = tension;
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let n = 2000;
        let backed = (0..n)
            .filter(|_| {
                let noise = Noise::draw(1.0, &mut rng);
                brain
                    .crisis_noisy(&db, &s, &mut scratch, false, Some(noise))
                    .0
                    == CrisisChoice::BackDown
            })
            .count();
        backed as f32 / n as f32
    };
    let at = share(nerve);
    assert!((0.4..0.6).contains(&at), "at its nerve: {at}");
    assert!(share(nerve - 15.0) < 0.05);
    assert!(share((nerve + 15.0).min(100.0)) > 0.9);
}

/// Hanoi's walk-out puts the hard-liners in charge for four turns: the shift fires when its
/// condition holds, is logged with its cause, and runs its course.
#[test]
fn a_shift_fires_when_its_condition_holds_and_is_logged_with_its_cause() {
    let db = db();
    let mut s = started(&db, "hanoi-2019", 1);
    assert_eq!(s.line(&db, SideId::Dprk), None, "no shift at the start");
    let mut j = Journal::default();
    minds::shift_minds(&db, &mut s, &mut j);
    assert_eq!(
        s.line(&db, SideId::Dprk),
        None,
        "the condition does not hold yet"
    );
    let f = db.flag_ix("talks_suspended").expect("flag");
    s.flags |= 1u128 << f;
    minds::shift_minds(&db, &mut s, &mut j);
    let hard = db.persona_ix("hold-the-deterrent").expect("persona");
    assert_eq!(s.line(&db, SideId::Dprk), Some(hard));
    let logged = common::shifts_of(&j.log, SideId::Dprk).into_iter().next();
    let (persona, turns, reason) = logged.expect("the shift is in the log");
    assert_eq!((persona, turns), (hard, Some(4)));
    assert!(reason.contains("humiliation"), "{reason}");
    let line = brink::engine::text::log_text(&db, &j.log[j.log.len() - 1], None).expect("text");
    assert!(
        line.contains("changes course") && line.contains(&reason),
        "{line}"
    );
    // Four turns later it ends, and does not fire again though talks are still off.
    s.turn += 4;
    minds::shift_minds(&db, &mut s, &mut j);
    assert_eq!(s.line(&db, SideId::Dprk), None);
    assert!(j.log.iter().any(|e| matches!(
        e,
        LogEntry::ShiftEnds {
            side: SideId::Dprk,
            ..
        }
    )));
}

/// A computer player follows the line a shift sets: the DPRK's reasons in 1994 come from the
/// hawk while the succession lasts.
#[test]
fn a_computer_player_plays_the_persona_a_shift_put_in_charge() {
    let db = db();
    let mut s = started(&db, "agreed-framework-1994", 3);
    let f = db.flag_ix("succession").expect("flag");
    s.flags |= 1u128 << f;
    minds::shift_minds(&db, &mut s, &mut Journal::default());
    let own = db.persona_ix("hold-the-deterrent").expect("persona");
    let p = brink::ai::PersonaPolicy::new(own, SideId::Dprk);
    assert_eq!(p.playing(&db, &s), db.persona_ix("hawk").expect("hawk"));
}

/// A shift to a persona that does not exist is refused with its place in the file.
#[test]
fn a_shift_to_an_unknown_persona_is_a_located_error() {
    let mut sources = read_dir_sources(&ContentDb::repo_decks_dir()).expect("decks");
    let f = sources
        .iter_mut()
        .find(|s| s.name.ends_with("hanoi-2019.ron"))
        .expect("file");
    f.text = f
        .text
        .replacen("to: \"hold-the-deterrent\"", "to: \"hardliner\"", 1);
    let errs = ContentDb::from_sources(sources, "test").expect_err("refused");
    let e = errs
        .iter()
        .find(|e| e.message.contains("unknown persona \"hardliner\""))
        .unwrap_or_else(|| panic!("{errs:#?}"));
    assert!(e.file.ends_with("hanoi-2019.ron"));
    let text =
        std::fs::read_to_string(ContentDb::repo_decks_dir().join("scenarios/hanoi-2019.ron"))
            .expect("read");
    let line = text
        .lines()
        .position(|l| l.contains("to: \"hold-the-deterrent\""))
        .expect("line")
        + 1;
    assert_eq!(e.line, line, "{e}");
}

/// At Conflict the incident roll was 98–100 % a turn; capped, most turns at Conflict pass
/// without a clash nobody chose.
#[test]
fn incidents_at_conflict_are_possible_but_not_certain() {
    let db = db();
    assert!(db.rules.incident_max < 0.5);
    let (mut turns, mut incidents) = (0, 0);
    for seed in 0..200u64 {
        let mut s = started(&db, "fire-and-fury-2017", seed);
        *s.meter_mut(Meter::Tension) = 97.0;
        let mut j = Journal::default();
        for side in SideId::ALL {
            if s.phase == Phase::Planning && s.seated(side) {
                let input = Input::Plan {
                    side,
                    moves: Vec::new(),
                };
                turn::submit(&db, &mut s, &input, &mut j).expect("empty plan");
            }
        }
        turns += 1;
        for e in &j.log {
            if let LogEntry::Roll {
                kind: brink::engine::ledger::RollKind::Incident,
                chance,
                ..
            } = e
            {
                assert!(*chance <= db.rules.incident_max * 1.5 + 1e-6, "{chance}");
            }
        }
        incidents += j
            .log
            .iter()
            .filter(|e| matches!(e, LogEntry::Incident { .. }))
            .count();
    }
    let share = incidents as f32 / turns as f32;
    assert!(
        (0.1..0.6).contains(&share),
        "incident share at Conflict {share}"
    );
}

/// Plays `scenario` with every side holding back (backing down at the brink) until turn `until`
/// has begun; returns the state and its journal.
fn quiet_game(db: &ContentDb, scenario: &str, until: u16) -> (GameState, Journal) {
    let mut s = GameState::new_unstarted(db, scenario, 5).expect("scenario");
    let mut j = Journal::default();
    turn::start(db, &mut s, &mut j);
    let mut guard = 0;
    while s.turn < until && s.phase != Phase::Over {
        guard += 1;
        assert!(guard < 500, "stuck");
        let input = match s.phase {
            Phase::Planning => {
                let side = s.awaiting()[0];
                Input::Plan {
                    side,
                    moves: Vec::new(),
                }
            }
            Phase::Crisis => Input::Crisis {
                side: s.awaiting()[0],
                choice: CrisisChoice::BackDown,
            },
            _ => panic!("no offers were made"),
        };
        turn::submit(db, &mut s, &input, &mut j).expect("legal");
    }
    (s, j)
}

/// The South's local elections come in June 2018, turn 4 of the Singapore scenario, and the
/// verdict moves the government's support (down here: no summit has been held).
#[test]
fn an_election_on_its_real_date_moves_support() {
    let db = db();
    let (s, j) = quiet_game(&db, "singapore-2018", 4);
    assert_eq!(s.turn, 4);
    let e = db.event_ix("ev-rok-local-elections-2018").expect("event");
    let at = j
        .log
        .iter()
        .position(|x| matches!(x, LogEntry::Event { event, scheduled: true } if *event == e))
        .expect("the election is held");
    let date = j.log[..at]
        .iter()
        .rev()
        .find_map(|x| match x {
            LogEntry::TurnStart { date, .. } => Some(date.clone()),
            _ => None,
        })
        .expect("a turn start");
    assert_eq!(date, "2018-06", "13 June 2018");
    let moved = j.ledger.iter().any(|l| {
        l.cause == brink::engine::ledger::Cause::Event(e)
            && l.meter == brink::engine::ledger::MeterRef::Support(SideId::Rok)
            && l.delta < 0.0
    });
    assert!(moved, "support moved by the election");
}

/// A president short of support cannot ease sanctions: the relief card needs support 40.
#[test]
fn low_support_blocks_sanctions_relief() {
    let db = db();
    let mut s = started(&db, "singapore-2018", 1);
    let relief = db.card_ix("us-partial-relief").expect("card");
    *s.support_mut(SideId::Us) = 60.0;
    assert!(brink::ai::persona::card_ok(&db, &s, SideId::Us, relief));
    *s.support_mut(SideId::Us) = 30.0;
    assert!(!brink::ai::persona::card_ok(&db, &s, SideId::Us, relief));
}

/// A seat given another persona than the scenario's own keeps it through the scenario's
/// shifts: the strategy lab's persona mixes stay what they say.
#[test]
fn a_shift_leaves_a_seat_the_analyst_chose() {
    let db = db();
    let mut s = started(&db, "agreed-framework-1994", 3);
    let f = db.flag_ix("succession").expect("flag");
    s.flags |= 1u128 << f;
    minds::shift_minds(&db, &mut s, &mut Journal::default());
    let chosen = db.persona_ix("economy-first").expect("persona");
    let p = brink::ai::PersonaPolicy::new(chosen, SideId::Dprk);
    assert_eq!(p.playing(&db, &s), chosen);
}
