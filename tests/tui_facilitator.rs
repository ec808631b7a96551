//! The facilitator console, pause and resume, the planning clock, undo, records and saves, the
//! report and the replay viewer — driven through `App::update`, without a terminal.
//!
//! Pause and resume are where exercise platforms break (injects fired late or twice after a
//! pause), so those get the closest look: an inject during a pause fires exactly once and at
//! once, resuming fires nothing, and the clock does not run while paused.

mod tui_support;

use std::time::Duration;

use brink::content::{Meter, SideId};
use brink::engine::{Input, LogEntry, MeterRef, Phase};
use brink::record::GameRecord;
use brink::tui::App;
use brink::tui::app::{Overlay, Screen};
use brink::tui::facilitator::{ConsoleTab, console_events, event_kind};
use brink::tui::keys::{self, Action as A, KeyContext};
use tui_support::*;

fn game(a: &App) -> &brink::engine::Game {
    &a.session.as_ref().unwrap().game
}

/// Goes on with plain choices until `want` holds.
fn until(a: &mut App, want: impl Fn(&App) -> bool) {
    assert!(play_plainly(a, want), "never got there; on {:?}", a.screen);
}

fn count_injected(a: &App, e: u16) -> usize {
    game(a)
        .journal
        .log
        .iter()
        .filter(|x| matches!(x, LogEntry::Injected { event } if *event == e))
        .count()
}

fn notes(a: &App) -> Vec<String> {
    game(a)
        .journal
        .log
        .iter()
        .filter_map(|x| match x {
            LogEntry::Facilitator { text } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

fn console_tab(a: &App) -> Option<ConsoleTab> {
    match &a.screen {
        Screen::Console(ui) => Some(ui.tab),
        _ => None,
    }
}

fn type_text(a: &mut App, s: &str) {
    for c in s.chars() {
        a.handle(A::Char(c));
    }
}

/// Injects an event from the console's deck by its id (search, Enter, yes).
fn inject(a: &mut App, id: &str) -> u16 {
    let e = a.db.event_ix(id).unwrap();
    if !matches!(a.screen, Screen::Console(_)) {
        a.handle(A::Console);
    }
    a.handle(A::Jump(0));
    a.handle(A::EditText);
    a.handle(A::ClearText);
    let name = a.db.events[e as usize].name.clone();
    type_text(a, &name);
    a.handle(A::Select);
    let scenario = a.session.as_ref().unwrap().game.state.scenario;
    let list = console_events(&a.db, scenario, &name);
    let i = list.iter().position(|x| *x == e).unwrap();
    for _ in 0..i {
        a.handle(A::Down);
    }
    a.handle(A::Select);
    assert!(
        matches!(a.overlay, Some(Overlay::Confirm { .. })),
        "an inject asks first"
    );
    a.handle(A::Yes);
    e
}

fn temp_data(a: &mut App) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    a.data_dir = Some(tmp.path().to_path_buf());
    a.persist = true;
    tmp
}

#[test]
fn facilitator_mode_and_the_timer_are_chosen_at_new_game() {
    let mut a = app(80, 24);
    a.handle(A::NewGame);
    // Scenario → seats → seed → length → facilitator.
    for _ in 0..4 {
        a.handle(A::NextPane);
    }
    a.handle(A::Right);
    assert!(a.form.facilitator);
    a.handle(A::Down);
    a.handle(A::Right);
    a.handle(A::Right);
    a.handle(A::Select);
    let sess = a.session.as_ref().unwrap();
    let fac = sess.fac.as_ref().expect("facilitator mode");
    assert_eq!(fac.timer, Some(Duration::from_secs(120)));
    assert!(
        notes(&a)[0].contains("planning timer 2 min"),
        "{:?}",
        notes(&a)
    );
    // The console key is in the footer and the help of every game screen.
    let ctx = a.ctx();
    assert!(keys::footer_in(ctx, true).iter().any(|(k, _)| *k == "F"));
    let text = render(&a);
    assert!(text.contains("F console"), "{text}");
    a.handle(A::Console);
    assert!(matches!(a.screen, Screen::Console(_)));

    // Without facilitator mode there is no console key at all.
    let mut b = hanoi(80, 24, &["us"]);
    assert!(!b.facilitator());
    assert!(
        !keys::footer_in(b.ctx(), b.facilitator())
            .iter()
            .any(|(k, _)| *k == "F")
    );
    let f = ratatui::crossterm::event::KeyEvent::new(
        ratatui::crossterm::event::KeyCode::Char('F'),
        ratatui::crossterm::event::KeyModifiers::NONE,
    );
    assert_eq!(keys::action_for_in(b.ctx(), b.facilitator(), &f), None);
    b.handle(A::Console);
    assert!(matches!(b.screen, Screen::Planning(_)));
    assert!(!render(&b).contains("F console"));
}

#[test]
fn an_inject_during_a_pause_fires_once_and_at_once_and_nothing_fires_on_resume() {
    let mut a = facilitated(160, 48, &["us", "dprk"], None);
    a.handle(A::Console);
    a.handle(A::Pause);
    assert!(a.paused());
    assert!(render(&a).contains("PAUSED"));
    let tension0 = game(&a).state.tension();
    let ledger0 = game(&a).journal.ledger.len();

    let e = inject(&mut a, "ev-dmz-incident");
    // At once: in the log and in the numbers, before anything else happens.
    assert_eq!(count_injected(&a, e), 1);
    assert!(
        game(&a).journal.ledger.len() > ledger0,
        "its effects applied"
    );
    assert_ne!(game(&a).state.tension(), tension0);
    let log_after_inject = game(&a).journal.log.len();
    let ledger_after_inject = game(&a).journal.ledger.len();
    let meters_after_inject = game(&a).state.meters();

    // Resuming fires nothing: one note, no numbers.
    a.handle(A::Pause);
    assert!(!a.paused());
    assert_eq!(count_injected(&a, e), 1);
    assert_eq!(game(&a).journal.log.len(), log_after_inject + 1);
    assert_eq!(game(&a).journal.ledger.len(), ledger_after_inject);
    assert_eq!(game(&a).state.meters(), meters_after_inject);
    assert_eq!(
        notes(&a)[1..],
        ["paused the session", "resumed the session"]
    );

    // Playing on: still exactly once, and the turn's resolution tells it once, with its effects.
    a.handle(A::Back);
    until(&mut a, |a| matches!(a.screen, Screen::Resolution(_)));
    assert_eq!(count_injected(&a, e), 1);
    let Screen::Resolution(ui) = &a.screen else {
        unreachable!()
    };
    let told: Vec<_> = ui
        .steps
        .iter()
        .filter(|s| s.title.contains("Facilitator inject"))
        .collect();
    assert_eq!(told.len(), 1, "{:?}", ui.steps);
    assert!(
        told[0].lines.iter().any(|l| l.contains("tension")),
        "the inject's own effects are listed under it: {:?}",
        told[0]
    );
    until(&mut a, |a| game(a).state.turn >= 3);
    assert_eq!(count_injected(&a, e), 1);
}

#[test]
fn while_paused_the_players_cannot_move() {
    let mut a = facilitated(80, 24, &["us"], None);
    a.handle(A::Console);
    a.handle(A::Pause);
    a.handle(A::Back);
    assert!(matches!(a.screen, Screen::Planning(_)));
    let inputs = game(&a).inputs.len();
    a.handle(A::Toggle);
    assert!(a.draft(SideId::Us).unwrap().moves.is_empty());
    assert!(a.status.as_deref().unwrap().contains("Paused"));
    a.handle(A::Submit);
    assert!(a.overlay.is_none());
    a.handle(A::EditText);
    assert!(a.editing.is_none());
    assert_eq!(game(&a).inputs.len(), inputs);
    // Looking around still works, and the banner is on the screen.
    a.handle(A::Down);
    assert!(matches!(a.screen, Screen::Planning(ref ui) if ui.hand_sel > 0));
    let text = render(&a);
    assert!(text.contains("PAUSED by the facilitator"), "{text}");
    // Resume: moves are possible again.
    a.handle(A::Console);
    a.handle(A::Pause);
    a.handle(A::Back);
    a.handle(A::Submit);
    assert!(matches!(a.overlay, Some(Overlay::Confirm { .. })));
}

#[test]
fn the_clock_does_not_run_while_paused_and_submits_the_plan_as_it_stands() {
    let mut a = facilitated(80, 24, &["us"], Some(1));
    assert!(matches!(a.screen, Screen::Planning(_)));
    let c = a.clock().expect("the US plans against the clock");
    assert_eq!(c.left, Duration::from_secs(60));
    assert!(a.clock_running());
    assert!(render(&a).contains("⏱ US 1:00"));
    a.handle(A::Tick(Duration::from_secs(20)));
    assert_eq!(a.clock().unwrap().left, Duration::from_secs(40));

    // Paused: frozen, however long.
    a.handle(A::Console);
    assert!(!a.clock_running(), "the console stops the clock");
    a.handle(A::Pause);
    a.handle(A::Back);
    assert!(!a.clock_running());
    a.handle(A::Tick(Duration::from_secs(600)));
    assert_eq!(a.clock().unwrap().left, Duration::from_secs(40));
    assert!(render(&a).contains("⏱ US 0:40 ⏸"));
    assert!(matches!(a.screen, Screen::Planning(_)));

    // Resumed: it runs again from where it stopped.
    a.handle(A::Console);
    a.handle(A::Pause);
    a.handle(A::Back);
    // Put a card in the plan; when time runs out it goes in as it stands.
    let side = SideId::Us;
    let hand = a.hand(side);
    let i = hand
        .iter()
        .position(|c| {
            a.unplayable(side, *c).is_none() && a.db.compiled_cards[*c as usize].cost <= 1
        })
        .unwrap();
    a.handle(A::Pick(i));
    a.handle(A::Toggle);
    if a.overlay.is_some() {
        a.handle(A::Yes);
    }
    let card = hand[i];
    a.handle(A::Tick(Duration::from_secs(39)));
    assert_eq!(a.clock().unwrap().left, Duration::from_secs(1));
    assert!(matches!(a.screen, Screen::Planning(_)));
    // Typing a rationale when the time runs out: it goes in too.
    a.handle(A::EditText);
    type_text(&mut a, "out of time");
    a.handle(A::Tick(Duration::from_millis(1500)));
    assert!(a.editing.is_none());
    let g = game(&a);
    let plan = g
        .inputs
        .iter()
        .find(|r| {
            matches!(
                r.input,
                Input::Plan {
                    side: SideId::Us,
                    ..
                }
            )
        })
        .expect("the plan went in");
    assert!(
        matches!(&plan.input, Input::Plan { moves, .. } if moves.len() == 1 && moves[0].card == card)
    );
    assert_eq!(plan.rationale.as_deref(), Some("out of time"));
    assert!(
        notes(&a)
            .iter()
            .any(|n| n.starts_with("time ran out for US"))
    );
    assert!(a.status.as_deref().unwrap_or("").contains("Time is up"));
    // The next turn starts a fresh clock.
    until(&mut a, |a| matches!(a.screen, Screen::Planning(_)));
    assert_eq!(a.clock().unwrap().left, Duration::from_secs(60));
    assert_eq!(a.clock().unwrap().turn, 2);
}

#[test]
fn time_running_out_with_nothing_chosen_passes() {
    let mut a = facilitated(80, 24, &["us", "dprk"], Some(1));
    assert!(matches!(a.screen, Screen::Handover(_)));
    // The clock does not start before the side is at the screen.
    a.handle(A::Tick(Duration::from_secs(90)));
    assert!(matches!(a.screen, Screen::Handover(_)));
    assert!(render(&a).contains("1:00 to plan"));
    a.handle(A::Ready);
    a.handle(A::Tick(Duration::from_secs(61)));
    let g = game(&a);
    assert!(
        g.inputs.iter().any(
            |r| matches!(&r.input, Input::Plan { side: SideId::Us, moves } if moves.is_empty())
        )
    );
    // The DPRK gets its own minute.
    assert!(matches!(a.screen, Screen::Handover(_)));
    a.handle(A::Ready);
    assert_eq!(a.clock().unwrap().side, SideId::Dprk);
    assert_eq!(a.clock().unwrap().left, Duration::from_secs(60));
}

#[test]
fn an_override_without_a_reason_is_refused() {
    let mut a = facilitated(80, 24, &["us"], None);
    a.handle(A::Console);
    a.handle(A::Jump(2));
    assert_eq!(console_tab(&a), Some(ConsoleTab::Override));
    assert_eq!(a.ctx(), KeyContext::ConsoleOverride);
    // Row 0 is tension; type 60.
    a.handle(A::EditValue);
    a.handle(A::ClearText);
    type_text(&mut a, "60");
    a.handle(A::Back);
    let inputs = game(&a).inputs.len();
    a.handle(A::Select);
    assert_eq!(game(&a).inputs.len(), inputs, "nothing was set");
    let said = a.status.clone().unwrap_or_default();
    assert!(said.contains("needs a reason"), "{said}");
    assert!(render(&a).contains("needs a reason"));
    assert_ne!(game(&a).state.tension().round(), 60.0);
    // A blank reason is no reason.
    a.handle(A::EditText);
    type_text(&mut a, "   ");
    a.handle(A::Back);
    a.handle(A::Select);
    assert_eq!(game(&a).inputs.len(), inputs);

    // With a reason it is set, and logged as the facilitator's.
    a.handle(A::EditText);
    a.handle(A::ClearText);
    type_text(&mut a, "the table agrees the summit failed");
    a.handle(A::Select);
    // Enter in the reason asks first; nothing is set before the yes.
    assert_eq!(game(&a).inputs.len(), inputs, "asked before setting");
    assert!(matches!(a.overlay, Some(Overlay::Confirm { .. })));
    a.handle(A::Yes);
    assert_eq!(game(&a).state.tension().round(), 60.0);
    let last = game(&a).inputs.last().unwrap();
    assert!(matches!(
        &last.input,
        Input::Override { meter: MeterRef::Meter(Meter::Tension), value, reason }
            if *value == 60.0 && reason == "the table agrees the summit failed"
    ));
    assert!(
        notes(&a)
            .last()
            .unwrap()
            .contains("set tension to 60 — the table agrees the summit failed")
    );
}

#[test]
fn a_free_inject_logs_its_text_and_changes() {
    let mut a = facilitated(80, 24, &["us"], None);
    a.handle(A::Console);
    a.handle(A::Jump(1));
    let inputs = game(&a).inputs.len();
    a.handle(A::Select);
    assert_eq!(game(&a).inputs.len(), inputs, "no text: refused");
    a.handle(A::EditText);
    type_text(&mut a, "Satellite images show a new launch pad");
    a.handle(A::Select);
    // Tension +5 (row 0), sanctions -2 (row 1).
    a.handle(A::PageUp);
    a.handle(A::Down);
    a.handle(A::Left);
    a.handle(A::Left);
    let t0 = game(&a).state.tension();
    a.handle(A::Select);
    assert_eq!(game(&a).inputs.len(), inputs, "a free inject asks first");
    a.handle(A::Yes);
    let last = game(&a).inputs.last().unwrap();
    match &last.input {
        Input::FreeInject { text, changes } => {
            assert_eq!(text, "Satellite images show a new launch pad");
            assert_eq!(
                changes,
                &vec![
                    (MeterRef::Meter(Meter::Tension), 5.0),
                    (MeterRef::Meter(Meter::Sanctions), -2.0)
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(game(&a).state.tension() > t0);
}

#[test]
fn undo_then_new_moves_then_save_replays_and_verifies() {
    let mut a = facilitated(80, 24, &["us", "dprk"], None);
    let tmp = temp_data(&mut a);
    until(&mut a, |a| {
        game(a).state.turn == 2 && matches!(a.screen, Screen::Handover(_))
    });
    let at_turn_2 = game(&a).state.clone();
    // Undo the turn just played.
    a.handle(A::Console);
    a.handle(A::Jump(3));
    a.handle(A::Down);
    a.handle(A::Select);
    match &a.overlay {
        Some(Overlay::Confirm { lines, .. }) => {
            assert!(lines[0].contains("Take back turn 1"), "{lines:?}")
        }
        other => panic!("undo asks first: {other:?}"),
    }
    a.handle(A::Yes);
    assert_eq!(game(&a).state.turn, 1);
    assert_eq!(game(&a).state.phase, Phase::Planning);
    assert!(notes(&a).iter().any(|n| n.starts_with("undid turn 1")));
    assert!(a.facilitator(), "still a facilitated game");
    // New moves: the US plays a card this time.
    assert!(matches!(a.screen, Screen::Handover(_)));
    a.handle(A::Ready);
    let side = SideId::Us;
    let card = a.db.card_ix("us-envoy-pyongyang").unwrap();
    let i = a.hand(side).iter().position(|c| *c == card).unwrap();
    a.handle(A::Pick(i));
    a.handle(A::Toggle);
    if a.overlay.is_some() {
        a.handle(A::Yes);
    }
    until(&mut a, |a| {
        game(a).state.turn == 2 && matches!(a.screen, Screen::Handover(_))
    });
    assert_ne!(
        game(&a).state.meters(),
        at_turn_2.meters(),
        "a different turn 1"
    );
    // The record verifies (as `replay --check` does).
    let rec = GameRecord::of_game(
        &a.db,
        game(&a),
        a.session.as_ref().unwrap().controllers(),
        "test",
    );
    let text = rec.to_ron();
    let back = GameRecord::parse("undo.ron", &text).unwrap();
    let g = back
        .verify(&a.db, "undo.ron")
        .expect("replay --check passes");
    assert_eq!(g.journal.log, game(&a).journal.log);
    // And so does the autosave on disk.
    a.autosave();
    assert!(a.save_error.is_none(), "{:?}", a.save_error);
    let path = a.last_save.clone().unwrap();
    assert!(path.starts_with(tmp.path()));
    let (g, _) = brink::save::load_record(&a.db, &path).expect("the autosave verifies");
    assert_eq!(g.inputs, game(&a).inputs);
}

#[test]
fn an_undo_of_the_first_turn_keeps_the_timer_and_the_pause_on_record() {
    let mut a = facilitated(80, 24, &["us"], Some(3));
    let _tmp = temp_data(&mut a);
    until(&mut a, |a| {
        game(a).state.turn == 2 && matches!(a.screen, Screen::Planning(_))
    });
    a.handle(A::Console);
    a.handle(A::Pause);
    a.handle(A::Jump(3));
    a.handle(A::Down);
    a.handle(A::Select);
    a.handle(A::Yes);
    assert_eq!(game(&a).state.turn, 1);
    assert!(a.paused(), "still paused after the undo");
    let again = brink::tui::facilitator::facilitator_mode_from_inputs(&game(&a).inputs).unwrap();
    assert_eq!(again.timer, Some(Duration::from_secs(180)));
    assert!(again.paused);
    assert!(
        notes(&a)
            .iter()
            .any(|n| n == "the session goes on; planning timer 3 min a side")
    );
    // The session's own notes are not part of the turn's story.
    a.handle(A::Console);
    a.handle(A::Pause);
    a.handle(A::Back);
    until(&mut a, |a| matches!(a.screen, Screen::Resolution(_)));
    let Screen::Resolution(ui) = &a.screen else {
        unreachable!()
    };
    assert!(
        !ui.steps.iter().any(|s| s.title.contains("session")),
        "{:?}",
        ui.steps
    );
    assert!(ui.steps.iter().any(|s| s.title.contains("undid turn 1")));
}

#[test]
fn undo_in_the_middle_of_a_turn_takes_back_that_turn_so_far() {
    let mut a = facilitated(80, 24, &["us", "dprk"], None);
    a.handle(A::Ready);
    a.handle(A::Submit);
    a.handle(A::Yes);
    assert!(matches!(a.screen, Screen::Handover(_)));
    let us_planned = |a: &App| {
        game(a).inputs.iter().any(|r| {
            matches!(
                r.input,
                Input::Plan {
                    side: SideId::Us,
                    ..
                }
            )
        })
    };
    assert!(us_planned(&a));
    a.handle(A::Console);
    a.handle(A::Jump(3));
    a.handle(A::Down);
    a.handle(A::Select);
    a.handle(A::Yes);
    assert_eq!(game(&a).state.turn, 1);
    assert!(!us_planned(&a), "the US plans again");
    assert_eq!(
        a.screen,
        Screen::Handover(brink::engine::Decision::Plan { side: SideId::Us })
    );
    // Nothing to undo at the very start: it says so.
    a.handle(A::Console);
    a.handle(A::Jump(3));
    a.handle(A::Down);
    a.handle(A::Select);
    assert!(a.overlay.is_none());
    assert!(a.status.as_deref().unwrap().contains("Nothing to undo"));
}

#[test]
fn inject_and_override_round_trip_through_save_and_replay() {
    let mut a = facilitated(80, 24, &["us"], Some(5));
    let _tmp = temp_data(&mut a);
    let e = inject(&mut a, "ev-inject-satellite-launch");
    a.handle(A::Jump(2));
    a.handle(A::Down); // sanctions
    a.handle(A::EditValue);
    a.handle(A::ClearText);
    type_text(&mut a, "80");
    a.handle(A::Select); // the value is kept; r for the reason
    assert_eq!(a.editing, None);
    assert!(a.status.as_deref().unwrap_or("").contains("Now r"));
    a.handle(A::EditText);
    type_text(&mut a, "UN resolution passed");
    a.handle(A::Select);
    a.handle(A::Yes);
    assert_eq!(game(&a).state.meter(Meter::Sanctions).round(), 80.0);
    a.handle(A::Pause);
    a.handle(A::Back);
    let path = a
        .last_save
        .clone()
        .expect("facilitator actions are autosaved at once");

    // A fresh app resumes it: same game, still facilitated, still paused, same timer.
    let mut b = app(80, 24);
    b.data_dir = a.data_dir.clone();
    b.persist = true;
    b.load_record(&path).expect("it loads");
    assert_eq!(game(&b).journal.log, game(&a).journal.log);
    assert_eq!(game(&b).inputs, game(&a).inputs);
    let fac = b
        .session
        .as_ref()
        .unwrap()
        .fac
        .clone()
        .expect("facilitated");
    assert!(fac.paused);
    assert_eq!(fac.timer, Some(Duration::from_secs(300)));
    assert!(render(&b).contains("PAUSED"));
    assert_eq!(count_injected(&b, e), 1);
    // Replaying it from the record: it reproduces, inject and override included.
    let rec = GameRecord::load(&path).unwrap();
    let g = rec.verify(&b.db, "save").unwrap();
    assert!(
        g.inputs
            .iter()
            .any(|r| matches!(r.input, Input::Inject { event } if event == e))
    );
    assert!(
        g.inputs
            .iter()
            .any(|r| matches!(r.input, Input::Override { .. }))
    );
    // And the replay viewer steps onto them.
    let mut v = brink::tui::replay_app(b.db.clone(), g);
    v.size = (80, 24);
    let inject_at = game(&a)
        .inputs
        .iter()
        .position(|r| matches!(r.input, Input::Inject { .. }))
        .unwrap();
    for _ in 0..=inject_at {
        v.handle(A::Right);
    }
    assert!(v.replay_input_text().contains("Facilitator inject"));
    assert!(
        v.replay_steps()
            .iter()
            .any(|s| s.title.contains("Facilitator inject"))
    );
    assert_eq!(count_injected(&v, e), 1);
}

#[test]
fn reveal_shows_the_covert_moves_on_the_shared_screens() {
    let mut a = facilitated(160, 48, &["us", "dprk"], None);
    // The DPRK plays covert enrichment.
    a.handle(A::Ready);
    a.handle(A::Submit);
    a.handle(A::Yes);
    a.handle(A::Ready);
    let card = a.db.card_ix("dprk-covert-enrichment").unwrap();
    let i = a
        .hand(SideId::Dprk)
        .iter()
        .position(|c| *c == card)
        .unwrap();
    a.handle(A::Pick(i));
    a.handle(A::Toggle);
    if a.overlay.is_some() {
        a.handle(A::Yes);
    }
    // Reveal before the resolution is shown.
    a.handle(A::Console);
    a.handle(A::Jump(3));
    a.handle(A::Down);
    a.handle(A::Down);
    a.handle(A::Down);
    a.handle(A::Select);
    assert!(
        notes(&a)
            .iter()
            .any(|n| n == "revealed the hidden information to everyone")
    );
    a.handle(A::Back);
    a.handle(A::Submit);
    a.handle(A::Yes);
    until(&mut a, |a| matches!(a.screen, Screen::Resolution(_)));
    a.handle(A::RevealAll);
    let name = a.db.cards[card as usize].name.clone();
    let text = render(&a);
    assert!(text.contains("everything"), "{text}");
    assert!(text.contains(&name[..20]), "{text}");
}

#[test]
fn ending_the_session_goes_to_the_debrief_and_writes_the_report() {
    let mut a = facilitated(80, 24, &["us"], None);
    let tmp = temp_data(&mut a);
    a.handle(A::Console);
    a.handle(A::Jump(3));
    for _ in 0..4 {
        a.handle(A::Down);
    }
    a.handle(A::Select);
    a.handle(A::Yes);
    assert!(matches!(a.screen, Screen::Debrief(_)));
    assert!(
        notes(&a)
            .last()
            .unwrap()
            .starts_with("ended the session at turn 1")
    );
    a.handle(A::Report);
    let Screen::Debrief(ui) = &a.screen else {
        unreachable!()
    };
    let said = ui.report.clone().unwrap();
    assert!(said.starts_with("Report written: "), "{said}");
    let file = tmp.path().join("reports").join("hanoi-2019-7.html");
    assert!(file.exists());
    assert!(std::fs::read_to_string(&file).unwrap().contains("<html"));
    assert!(render(&a).contains("Report written"));
}

#[test]
fn a_report_without_a_data_folder_says_why() {
    let mut a = hanoi(80, 24, &["us", "dprk"]);
    until(&mut a, |a| matches!(a.screen, Screen::Debrief(_)));
    a.handle(A::Report);
    let Screen::Debrief(ui) = &a.screen else {
        unreachable!()
    };
    assert!(ui.report.as_deref().unwrap().contains("BRINK_DATA_DIR"));
}

#[test]
fn a_failed_autosave_is_shown_and_the_game_goes_on() {
    let mut a = hanoi(80, 24, &["us"]);
    let tmp = tempfile::tempdir().unwrap();
    // The data folder is a file: nothing can be written under it.
    let blocker = tmp.path().join("blocker");
    std::fs::write(&blocker, "x").unwrap();
    a.data_dir = Some(blocker);
    a.persist = true;
    a.handle(A::Submit);
    a.handle(A::Yes);
    assert!(matches!(a.screen, Screen::Resolution(_)));
    let e = a.save_error.clone().expect("the failure is kept");
    assert!(e.starts_with("Cannot save the game to"), "{e}");
    assert_eq!(e.lines().count(), 1);
    let text = render(&a);
    assert!(text.contains("Cannot save the game"), "{text}");
    until(&mut a, |a| game(a).state.turn == 3);
}

#[test]
fn resume_lists_the_saves_and_resumes_the_chosen_one() {
    let mut a = hanoi(80, 24, &["us"]);
    let tmp = temp_data(&mut a);
    until(&mut a, |a| {
        game(a).state.turn == 3 && matches!(a.screen, Screen::Planning(_))
    });
    a.autosave();
    let inputs = game(&a).inputs.clone();
    // A corrupt file sits beside it.
    std::fs::write(
        tmp.path().join("saves").join("autosave-junk.ron"),
        "(format: ",
    )
    .unwrap();
    a.to_title();
    assert_eq!(a.saves.len(), 1);
    assert_eq!(a.unreadable, 1);
    let text = render(&a);
    assert!(text.contains("Resume a saved game"));
    assert!(!text.contains("none yet"));
    a.handle(A::Resume);
    assert!(matches!(a.screen, Screen::Saves(_)));
    assert_eq!(a.ctx(), KeyContext::Saves);
    let text = render(&a);
    assert!(text.contains("Hanoi"), "{text}");
    assert!(text.contains("turn 3"), "{text}");
    assert!(text.contains("US human"), "{text}");
    assert!(text.contains("cannot be read"), "{text}");
    a.handle(A::Select);
    assert_eq!(game(&a).inputs, inputs);
    assert!(matches!(a.screen, Screen::Planning(_)));
}

#[test]
fn a_corrupt_or_foreign_record_is_refused_with_its_sentence() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.ron");
    std::fs::write(&bad, "this is not a record").unwrap();
    let opts = brink::tui::Options {
        load: Some(bad.clone()),
        ..Default::default()
    };
    let err = brink::tui::prepare(db(), &opts).err().expect("refused");
    assert!(err.to_string().contains("bad.ron"), "{err}");
    assert!(err.to_string().contains("not a Brink game record"), "{err}");

    // Another game's content: refused too, and in the saves list the sentence is on screen.
    let mut a = hanoi(80, 24, &["us"]);
    let saves = tmp.path().join("saves");
    std::fs::create_dir_all(&saves).unwrap();
    let mut rec = GameRecord::of_game(
        &a.db,
        game(&a),
        a.session.as_ref().unwrap().controllers(),
        "x",
    );
    rec.content_hash = "0000000000000000".into();
    rec.save(&saves.join("other.ron")).unwrap();
    a.data_dir = Some(tmp.path().to_path_buf());
    a.persist = true;
    a.to_title();
    a.handle(A::Resume);
    a.handle(A::Select);
    let Screen::Saves(ui) = &a.screen else {
        panic!("stays on the list: {:?}", a.screen)
    };
    assert!(ui.error.as_deref().unwrap().contains("other content"));
    assert!(render(&a).contains("Cannot resume it"));
}

#[test]
fn the_replay_steps_forward_and_back() {
    let mut a = hanoi(80, 24, &["us", "dprk"]);
    until(&mut a, |a| game(a).state.turn == 4);
    let full = game(&a).clone();
    let n = full.inputs.len();
    let mut v = brink::tui::replay_app(a.db.clone(), full.clone());
    v.size = (80, 24);
    assert!(matches!(v.screen, Screen::Replay(_)));
    assert_eq!(v.ctx(), KeyContext::Replay);
    assert_eq!(game(&v).inputs.len(), 0);
    assert!(render(&v).contains("input 0 of"));
    v.handle(A::Right);
    assert_eq!(game(&v).inputs.len(), 1);
    assert!(v.replay_input_text().contains("plans"));
    v.handle(A::End);
    assert_eq!(game(&v).inputs.len(), n);
    assert_eq!(game(&v).journal.log, full.journal.log);
    assert_eq!(game(&v).state.meters(), full.state.meters());
    v.handle(A::Left);
    assert_eq!(game(&v).inputs.len(), n - 1);
    // Turn by turn.
    v.handle(A::Home);
    v.handle(A::PageDown);
    assert_eq!(game(&v).state.turn, 2);
    assert!(game(&v).inputs.iter().all(|r| r.turn == 1));
    v.handle(A::PageDown);
    assert_eq!(game(&v).state.turn, 3);
    v.handle(A::Right);
    v.handle(A::PageUp);
    assert_eq!(game(&v).state.turn, 3);
    assert!(game(&v).inputs.iter().all(|r| r.turn < 3));
    v.handle(A::PageUp);
    assert_eq!(game(&v).state.turn, 2);
    // WHY up to here.
    v.handle(A::Why);
    assert!(matches!(v.overlay, Some(Overlay::Why { .. })));
    assert!(render(&v).contains("WHY"));
    v.handle(A::Back);
    // The debrief at this point, and back.
    v.handle(A::Select);
    assert!(matches!(v.screen, Screen::Debrief(_)));
    v.handle(A::Select);
    assert!(matches!(v.screen, Screen::Replay(_)));
    // q leaves at once; nothing is saved.
    v.handle(A::ForceQuit);
    assert!(v.quit);
    assert!(v.last_save.is_none());
}

#[test]
fn the_console_keys_come_from_the_one_table() {
    use brink::tui::keys::{KEYS, footer_in, help_in};
    for ctx in [
        KeyContext::ConsoleEvents,
        KeyContext::ConsoleFree,
        KeyContext::ConsoleOverride,
        KeyContext::ConsoleSession,
        KeyContext::Saves,
        KeyContext::Replay,
        KeyContext::Planning,
        KeyContext::Debrief,
    ] {
        let h = help_in(ctx, true);
        // One heading a section: the mouse is listed with the other keys that work everywhere.
        for (i, (c, _)) in h.iter().enumerate() {
            assert!(
                !h[..i].iter().any(|(d, _)| d == c),
                "{ctx:?}: the help has two {c:?} sections"
            );
        }
        for (k, _) in footer_in(ctx, true) {
            let b = KEYS
                .iter()
                .find(|b| {
                    b.shown == k
                        && (b.ctx == ctx
                            || Some(b.ctx) == ctx.parent()
                            || b.ctx == KeyContext::Global)
                })
                .unwrap_or_else(|| panic!("{k} in the footer of {ctx:?} has no binding"));
            assert!(
                h.iter()
                    .any(|(_, rows)| rows.iter().any(|(_, text)| *text == b.help)),
                "{k} of {ctx:?} is not in the help"
            );
        }
    }
    // The console key is listed only in facilitator mode.
    assert!(
        footer_in(KeyContext::Planning, true)
            .iter()
            .any(|(k, _)| *k == "F")
    );
    assert!(
        !footer_in(KeyContext::Planning, false)
            .iter()
            .any(|(k, _)| *k == "F")
    );
    assert!(
        !help_in(KeyContext::Planning, false)
            .iter()
            .any(|(_, rows)| rows.iter().any(|(k, _)| k == "F"))
    );
    // Inside the console F closes it, so the footer does not offer it again.
    assert!(
        !footer_in(KeyContext::ConsoleEvents, true)
            .iter()
            .any(|(k, _)| *k == "F")
    );
}

/// The console's event deck searched for `name`, as rendered.
fn console_search(a: &mut App, name: &str) -> String {
    a.handle(A::Console);
    a.handle(A::Jump(0));
    a.handle(A::EditText);
    type_text(a, name);
    a.handle(A::Select);
    render(a)
}

/// An event whose dates miss the scenario's months is still the facilitator's to inject, but
/// the console says it is out of its dates (and why), lists it after everything the scenario
/// can draw, and the inject asks with a warning that it is a counterfactual; in a scenario
/// that draws it, it is listed as drawn.
#[test]
fn the_console_says_which_events_are_out_of_their_dates_here() {
    let name = "UN panel exposes ship-to-ship transfers";
    let mut a = facilitated_in("agreed-framework-1994", 120, 40, &["us"], None);
    let screen = console_search(&mut a, name);
    assert!(screen.contains("out of its dates"), "{screen}");
    assert!(
        screen.contains("Out of its dates in this scenario, from 2017-12"),
        "{screen}"
    );
    let s94 = a.session.as_ref().unwrap().game.state.scenario;
    let all = console_events(&a.db, s94, "");
    let at = |id: &str| all.iter().position(|x| *x == a.db.event_ix(id).unwrap());
    let last_drawn = all
        .iter()
        .rposition(|e| event_kind(&a.db, s94, *e) == "drawn by weight")
        .unwrap();
    assert!(
        at("ev-ship-transfers-exposed").unwrap() > last_drawn,
        "{all:?}"
    );
    // The inject asks with a warning.
    a.handle(A::Select);
    match &a.overlay {
        Some(Overlay::Confirm { lines, warn, .. }) => {
            assert!(*warn, "{lines:?}");
            assert!(
                lines.iter().any(|l| l.contains("a counterfactual")),
                "{lines:?}"
            );
        }
        o => panic!("no question before the inject: {o:?}"),
    }
    a.handle(A::No);
    let e = inject(&mut a, "ev-ship-transfers-exposed");
    assert_eq!(count_injected(&a, e), 1);
    let mut b = facilitated(120, 40, &["us"], None);
    let screen = console_search(&mut b, name);
    assert!(!screen.contains("out of its dates"), "{screen}");
    assert!(screen.contains("drawn by weight"), "{screen}");
}

#[test]
fn the_last_inject_alone_can_be_taken_back() {
    let mut a = facilitated(80, 24, &["us"], None);
    let before = game(&a).state.clone();
    let n = game(&a).inputs.len();
    inject(&mut a, "ev-inject-satellite-launch");
    assert_eq!(game(&a).inputs.len(), n + 1);
    a.handle(A::Jump(3));
    a.handle(A::Down);
    a.handle(A::Down);
    let items = a.session_items();
    assert!(items[2].0.contains("Undo the last inject"), "{items:?}");
    a.handle(A::Select);
    assert!(
        matches!(a.overlay, Some(Overlay::Confirm { .. })),
        "asks first"
    );
    a.handle(A::Yes);
    assert_eq!(game(&a).inputs.len(), n, "the inject is gone");
    assert_eq!(game(&a).state.meters(), before.meters());
    assert!(
        matches!(a.screen, Screen::Console(_)),
        "still in the console"
    );
    // Nothing left to take back: it says so.
    a.handle(A::Select);
    assert!(a.overlay.is_none());
}

/// The class summary lists the turn's events (an inject among them), says a turn still at the
/// table is not resolved yet, and scrolls when the turn does not fit the projector's screen.
#[test]
fn the_class_summary_lists_the_events_and_scrolls() {
    let mut a = facilitated(80, 24, &["us"], None);
    let e = inject(&mut a, "ev-inject-satellite-launch");
    let name = a.db.events[e as usize].name.clone();
    a.handle(A::Jump(4));
    let now = render(&a);
    assert!(now.contains("Events"), "{now}");
    assert!(now.contains(&name), "{now}");
    assert!(now.contains("Not resolved yet"), "{now}");
    a.handle(A::Back);
    until(&mut a, |a| game(a).state.turn == 2);
    a.handle(A::Console);
    a.handle(A::Jump(4));
    a.handle(A::Left);
    let top = render(&a);
    assert!(top.contains("turn 1 "), "{top}");
    assert!(top.contains(&name), "{top}");
    assert!(
        a.scroll_max.get() > 0,
        "turn 1 fits the screen, so this shows no scrolling:\n{top}"
    );
    assert!(top.contains("lines 1–"), "{top}");
    a.handle(A::Down);
    let down = render(&a);
    assert!(down.contains("lines 2–"), "{down}");
    // No further than the end, and back to the top.
    for _ in 0..200 {
        a.handle(A::Down);
    }
    let _ = render(&a);
    a.handle(A::PageUp);
    a.handle(A::PageUp);
    a.handle(A::PageUp);
    a.handle(A::PageUp);
    assert_eq!(render(&a), top);
}
