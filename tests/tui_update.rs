//! The update logic without a terminal: key (action) in, new state out.

mod tui_support;

use brink::content::SideId;
use brink::engine::Decision;
use brink::engine::Phase;
use brink::tui::app::{Overlay, Pane, Screen};
use brink::tui::keys::{Action as A, KeyContext};
use tui_support::*;

fn screen_name(a: &brink::tui::App) -> &'static str {
    match &a.screen {
        Screen::Title => "title",
        Screen::NewGame => "new game",
        Screen::Handover(_) => "handover",
        Screen::Planning(_) => "planning",
        Screen::Package(_) => "package",
        Screen::Respond(_) => "respond",
        Screen::Resolution(_) => "resolution",
        Screen::Crisis(_) => "crisis",
        Screen::Debrief(_) => "debrief",
        Screen::Saves(_) => "saves",
        Screen::Console(_) => "console",
        Screen::Replay(_) => "replay",
    }
}

/// Plays whatever is asked with simple choices, rendering every screen at both sizes on the way.
fn autoplay(a: &mut brink::tui::App, max_steps: usize) -> Vec<&'static str> {
    let mut seen = Vec::new();
    for _ in 0..max_steps {
        for size in [(80, 24), (160, 48)] {
            a.size = size;
            let _ = render(a);
        }
        let name = screen_name(a);
        if seen.last() != Some(&name) {
            seen.push(name);
        }
        match &a.screen {
            Screen::Debrief(_) => break,
            Screen::Handover(_) => a.handle(A::Ready),
            Screen::Planning(ui) => {
                // Play the first playable card, then submit.
                let side = ui.side;
                let hand = a.hand(side);
                if let Some(i) = hand.iter().position(|c| a.unplayable(side, *c).is_none()) {
                    a.handle(A::Pick(i));
                    a.handle(A::Pick(i));
                    if matches!(a.overlay, Some(Overlay::Confirm { .. })) {
                        a.handle(A::Yes);
                    }
                    if matches!(a.screen, Screen::Package(_)) {
                        a.handle(A::Toggle);
                        a.handle(A::Select);
                        if matches!(a.overlay, Some(Overlay::Confirm { .. })) {
                            a.handle(A::Yes);
                        }
                    }
                }
                a.handle(A::Submit);
                a.handle(A::Yes);
            }
            Screen::Respond(_) => {
                a.handle(A::Accept);
                a.handle(A::Select);
            }
            Screen::Crisis(_) => {
                a.handle(A::BackDown);
                a.handle(A::Select);
            }
            Screen::Resolution(_) => {
                a.handle(A::RevealAll);
                a.handle(A::Select);
            }
            Screen::Package(_) => {
                a.handle(A::Toggle);
                a.handle(A::Select);
            }
            _ => break,
        }
    }
    seen
}

#[test]
fn a_whole_hotseat_game_reaches_the_debrief() {
    let mut a = hanoi(80, 24, &["us", "dprk"]);
    let seen = autoplay(&mut a, 2000);
    assert!(matches!(a.screen, Screen::Debrief(_)), "ended on {seen:?}");
    let s = &a.session.as_ref().unwrap().game.state;
    assert_eq!(s.phase, Phase::Over);
    for want in ["handover", "planning", "resolution", "debrief"] {
        assert!(seen.contains(&want), "never saw {want}: {seen:?}");
    }
}

#[test]
fn every_seat_human_also_reaches_the_debrief() {
    let mut a = hanoi(80, 24, &["us", "dprk", "rok", "china", "japan"]);
    autoplay(&mut a, 4000);
    assert!(matches!(a.screen, Screen::Debrief(_)));
}

#[test]
fn title_menu_and_new_game() {
    let mut a = app(80, 24);
    assert_eq!(a.ctx(), KeyContext::Title);
    a.handle(A::Down);
    assert_eq!(a.title_sel, 1);
    a.handle(A::Up);
    a.handle(A::Select);
    assert!(matches!(a.screen, Screen::NewGame));
    assert_eq!(a.db.scenarios[a.form.scenario].id, "hanoi-2019");
    // Seats: the US and the DPRK are human by default; a seat cycles through the choices.
    let us = a.form.seats[SideId::Us.index()].clone();
    assert!(us.is_human());
    a.handle(A::NextPane);
    a.handle(A::Right);
    assert!(!a.form.seats[SideId::Us.index()].is_human());
    a.handle(A::Left);
    assert!(a.form.seats[SideId::Us.index()].is_human());
    a.handle(A::Back);
    assert!(matches!(a.screen, Screen::Title));
}

/// At 80 columns a long persona spec still shows its arrows: the "Computer: " goes instead.
#[test]
fn a_long_persona_fits_its_seat_row() {
    let mut a = app(80, 24);
    a.handle(A::Select);
    a.handle(A::NextPane);
    a.handle(A::Down);
    for _ in 0..60 {
        if a.form.seats[SideId::Dprk.index()].label() == "Computer: hold-the-deterrent:normal" {
            break;
        }
        a.handle(A::Right);
    }
    let screen = render(&a);
    let row = screen
        .lines()
        .find(|l| l.contains("DPRK"))
        .expect("the DPRK's seat row");
    assert!(row.contains("◀ hold-the-deterrent:normal ▶"), "{screen}");
    // Where it fits, the row says it is a computer.
    a.handle(A::Down);
    let screen = render(&a);
    assert!(screen.contains("◀ Computer: engager ▶"), "{screen}");
}

/// The brief and every side's objectives do not fit a small screen: PgDn reaches Japan's, the
/// title says there is more, and another scenario starts at the top again.
#[test]
fn the_scenario_brief_scrolls() {
    let mut a = app(120, 40);
    a.handle(A::NewGame);
    let top = render(&a);
    assert!(top.contains("PgDn more"), "{top}");
    assert!(!top.contains("Japan plays for"), "{top}");
    press(&mut a, &[A::PageDown, A::PageDown, A::PageDown]);
    let down = render(&a);
    assert!(down.contains("Japan plays for"), "{down}");
    assert!(down.contains("PgUp back"), "{down}");
    a.handle(A::Down);
    assert_eq!(a.form.brief_scroll, 0);
}

/// Scrolling stops at the end of the text: one key back moves it back at once.
#[test]
fn scrolling_stops_at_the_end() {
    let mut a = hanoi(80, 24, &["us"]);
    a.handle(A::Help);
    let _ = render(&a);
    let max = a.scroll_max.get();
    assert!(
        max > 0 && max < 500,
        "the help is longer than a screen: {max}"
    );
    for _ in 0..500 {
        a.handle(A::Down);
    }
    assert!(matches!(a.overlay, Some(Overlay::Help { scroll }) if scroll == max));
    a.handle(A::Up);
    assert!(matches!(a.overlay, Some(Overlay::Help { scroll }) if scroll == max - 1));
    // Any other key may change what is shown: the limit is unknown until the next frame.
    a.handle(A::Back);
    assert_eq!(a.scroll_max.get(), u16::MAX);
}

/// Home on the log goes to its first line, and one key down moves off it at once.
#[test]
fn the_log_scrolls_from_its_first_line() {
    let mut a = hanoi(120, 40, &["us"]);
    for _ in 0..60 {
        let _ = render(&a);
        let turn = a.session.as_ref().map_or(0, |s| s.game.state.turn);
        match &a.screen {
            Screen::Planning(_) if turn >= 3 => break,
            Screen::Planning(_) => {
                a.handle(A::Submit);
                a.handle(A::Yes);
            }
            Screen::Respond(_) => {
                a.handle(A::Accept);
                a.handle(A::Select);
            }
            Screen::Resolution(_) => {
                a.handle(A::RevealAll);
                a.handle(A::Select);
            }
            Screen::Handover(_) => a.handle(A::Ready),
            _ => a.handle(A::Select),
        }
    }
    press(&mut a, &[A::NextPane, A::NextPane]);
    let _ = render(&a);
    let max = a.scroll_max.get();
    assert!(
        max > 0 && max < u16::MAX,
        "two turns of log overflow the pane: {max}"
    );
    a.handle(A::Home);
    a.handle(A::Down);
    match &a.screen {
        Screen::Planning(ui) => {
            assert_eq!(ui.focus, Pane::Log);
            assert_eq!(ui.log_scroll, max - 1);
        }
        _ => panic!("still planning"),
    }
}

/// After "show all", the whole turn can be read from its first step: PgUp moves back a page,
/// Home to the first line, and the footer says that the steps scroll.
#[test]
fn the_turn_shown_in_full_scrolls_back_to_its_first_step() {
    let mut a = hanoi(80, 24, &["us"]);
    for _ in 0..20 {
        let _ = render(&a);
        match &a.screen {
            Screen::Resolution(_) => break,
            Screen::Planning(_) => {
                a.handle(A::Submit);
                a.handle(A::Yes);
            }
            Screen::Respond(_) => {
                a.handle(A::Accept);
                a.handle(A::Select);
            }
            Screen::Handover(_) => a.handle(A::Ready),
            _ => a.handle(A::Select),
        }
    }
    assert_eq!(screen_name(&a), "resolution");
    a.handle(A::RevealAll);
    let bottom = render(&a);
    let max = a.scroll_max.get();
    assert!(
        max > 16 && max < u16::MAX,
        "a whole turn overflows an 80x24 screen by more than a page: {max}"
    );
    let first = match &a.screen {
        Screen::Resolution(ui) => ui.steps[0].title.clone(),
        _ => unreachable!(),
    };
    let head: String = first.chars().take(30).collect();
    assert!(
        !bottom.contains(&head),
        "the first step is off screen at first"
    );
    assert!(
        bottom.contains("scroll back"),
        "the hint says how to read it all"
    );
    a.handle(A::PageUp);
    match &a.screen {
        Screen::Resolution(ui) => assert_eq!(ui.scroll, 16, "a page is the screen less 8 lines"),
        _ => panic!("still on the turn"),
    }
    a.handle(A::Home);
    let top = render(&a);
    assert!(top.contains(&head), "Home shows the first step:\n{top}");
    a.handle(A::Down);
    a.handle(A::PageDown);
    match &a.screen {
        Screen::Resolution(ui) => assert_eq!(ui.scroll, max - 17),
        _ => panic!("still on the turn"),
    }
}

#[test]
fn a_game_needs_a_human() {
    let mut a = app(80, 24);
    a.handle(A::NewGame);
    a.handle(A::NextPane);
    for k in 0..a.form_sides().len() {
        a.form.seat_sel = k;
        let side = a.form_sides()[k];
        while a.form.seats[side.index()].is_human() {
            a.handle(A::Right);
        }
    }
    a.handle(A::Select);
    assert!(a.session.is_none());
    assert!(a.status.as_deref().unwrap_or("").contains("human"));
}

#[test]
fn one_step_from_human_is_the_opponent_the_scenario_casts() {
    use brink::tui::seats::{self, Seat};
    let mut a = app(80, 24);
    a.handle(A::NewGame);
    a.handle(A::NextPane);
    let us = a
        .form_sides()
        .iter()
        .position(|s| *s == SideId::Us)
        .unwrap();
    a.form.seat_sel = us;
    assert!(a.form.seats[SideId::Us.index()].is_human());
    a.handle(A::Right);
    let scenario = a.db.scenarios[a.form.scenario].id.clone();
    let sc = a.db.scenario(&scenario).unwrap();
    let us_side = sc.sides.iter().find(|x| x.side == SideId::Us).unwrap();
    let cast = us_side
        .persona
        .clone()
        .expect("the scenario casts a US persona");
    assert_eq!(
        a.form.seats[SideId::Us.index()],
        Seat::Computer(cast.clone())
    );
    assert_ne!(cast, "random");
    // The footer says who that opponent is, in the persona's own words.
    let name = &a.db.personas[a.db.persona_ix(&cast).unwrap() as usize].name;
    let screen = render(&a);
    assert!(screen.contains(&format!("US: {name} (easy)")), "{screen}");
    // Every choice is offered once, whichever the scenario.
    for sc in &a.db.scenarios {
        for side in SideId::ALL {
            let list = seats::choices(&a.db, &sc.id, side);
            for (i, c) in list.iter().enumerate() {
                assert!(!list[..i].contains(c), "{} {side:?}: {c:?} twice", sc.id);
            }
            assert!(list.contains(&Seat::Computer("random".into())));
            // The cast persona's harder versions sit right after it, one and two steps away.
            if let Some(Seat::Computer(cast)) = list.get(1)
                && cast != "random"
                && !cast.contains(':')
            {
                assert_eq!(
                    list[2..4],
                    [
                        Seat::Computer(format!("{cast}:normal")),
                        Seat::Computer(format!("{cast}:hard"))
                    ],
                    "{} {side:?}",
                    sc.id
                );
            }
        }
    }
}

#[test]
fn the_seed_is_editable() {
    let mut a = app(80, 24);
    a.handle(A::NewGame);
    a.handle(A::EditText);
    assert_eq!(a.ctx(), KeyContext::Editing);
    a.handle(A::ClearText);
    for c in "42x".chars() {
        a.handle(A::Char(c));
    }
    a.handle(A::Paste("\n19".into()));
    a.handle(A::Backspace);
    a.handle(A::Home);
    a.handle(A::Delete);
    assert_eq!(a.form.seed.text, "21");
    a.handle(A::Select);
    assert_eq!(a.ctx(), KeyContext::NewGame);
    a.handle(A::RandomSeed);
    assert_ne!(a.form.seed.text, "21");
    a.form.seed.set("5");
    a.handle(A::Select);
    let g = &a.session.as_ref().unwrap().game;
    assert_eq!(g.state.seed, 5);
    assert_eq!(g.scenario_id, "hanoi-2019");
}

#[test]
fn one_human_goes_straight_to_planning_two_get_a_handover() {
    let a = hanoi(80, 24, &["us"]);
    assert!(matches!(a.screen, Screen::Planning(ref ui) if ui.side == SideId::Us));
    let b = hanoi(80, 24, &["us", "dprk"]);
    assert_eq!(
        b.screen,
        Screen::Handover(Decision::Plan { side: SideId::Us })
    );
}

#[test]
fn cards_go_in_and_out_of_the_plan_within_the_rules() {
    let mut a = hanoi(80, 24, &["us"]);
    let side = SideId::Us;
    let hand = a.hand(side);
    let playable: Vec<usize> = (0..hand.len())
        .filter(|i| {
            a.unplayable(side, hand[*i]).is_none()
                && a.db.compiled_cards[hand[*i] as usize].cost <= 1
        })
        .collect();
    assert!(playable.len() >= 3, "need three cheap cards");
    for &i in &playable[..3] {
        a.handle(A::Pick(i));
        a.handle(A::Toggle);
        if a.overlay.is_some() {
            a.handle(A::Yes);
        }
    }
    // The move limit is 2: the third was refused with a reason.
    assert_eq!(a.draft(side).unwrap().moves.len(), 2);
    assert!(a.status.as_deref().unwrap_or("").contains("2 moves"));
    // Toggling again takes a card out.
    a.handle(A::Pick(playable[0]));
    a.handle(A::Toggle);
    assert_eq!(a.draft(side).unwrap().moves.len(), 1);
    // An unplayable card is refused, and says why.
    if let Some(i) = (0..hand.len()).find(|i| {
        brink::engine::moves::card_blocker(
            &a.db,
            &a.session.as_ref().unwrap().game.state,
            side,
            hand[*i],
        )
        .is_some()
    }) {
        a.handle(A::Pick(i));
        a.handle(A::Toggle);
        assert!(a.status.as_deref().unwrap_or("").starts_with("Cannot play"));
    }
}

#[test]
fn a_chosen_package_is_built_from_provisions() {
    let mut a = hanoi(80, 24, &["us"]);
    let side = SideId::Us;
    let card = a.db.card_ix("us-propose-package").unwrap();
    let i = a.hand(side).iter().position(|c| *c == card).unwrap();
    a.handle(A::Pick(i));
    a.handle(A::Select);
    assert!(matches!(a.screen, Screen::Package(_)));
    assert_eq!(a.ctx(), KeyContext::Package);
    a.handle(A::Select); // empty: refused
    assert!(matches!(a.screen, Screen::Package(_)));
    a.handle(A::Toggle);
    a.handle(A::Down);
    a.handle(A::Toggle);
    a.handle(A::Select);
    if a.overlay.is_some() {
        a.handle(A::Yes);
    }
    assert!(matches!(a.screen, Screen::Planning(_)));
    let d = a.draft(side).unwrap();
    assert_eq!(d.moves.len(), 1);
    assert_eq!(d.moves[0].package, vec![0, 1]);
    // Esc leaves the builder without changes.
    a.handle(A::Select);
    assert!(matches!(a.screen, Screen::Package(_)));
    a.handle(A::Toggle);
    a.handle(A::Back);
    assert_eq!(a.draft(side).unwrap().moves[0].package, vec![0, 1]);
}

#[test]
fn a_move_likely_to_climb_a_rung_asks_first() {
    let mut a = hanoi(80, 24, &["dprk"]);
    // Put tension just under the next rung.
    a.session.as_mut().unwrap().game.state.nums[0] = 38.0;
    let side = SideId::Dprk;
    let card = a.db.card_ix("dprk-nuclear-test").unwrap();
    let i = a.hand(side).iter().position(|c| *c == card).unwrap();
    a.handle(A::Pick(i));
    a.handle(A::Toggle);
    match &a.overlay {
        Some(Overlay::Confirm {
            title, lines, warn, ..
        }) => {
            assert!(*warn);
            assert!(title.contains("Escalation"));
            assert!(lines.iter().any(|l| l.contains("Strained")), "{lines:?}");
        }
        other => panic!("expected a warning, got {other:?}"),
    }
    a.handle(A::No);
    assert!(a.draft(side).unwrap().moves.is_empty());
    a.handle(A::Toggle);
    a.handle(A::Yes);
    assert_eq!(a.draft(side).unwrap().moves.len(), 1);
}

#[test]
fn the_rationale_is_typed_edited_and_recorded() {
    let mut a = hanoi(80, 24, &["us"]);
    a.handle(A::EditText);
    assert_eq!(a.ctx(), KeyContext::Editing);
    for c in "Test teh water".chars() {
        a.handle(A::Char(c));
    }
    // Fix the typo: the cursor back over " water", delete "teh", type "the".
    for _ in 0..6 {
        a.handle(A::Left);
    }
    for _ in 0..3 {
        a.handle(A::Backspace);
    }
    for c in "the".chars() {
        a.handle(A::Char(c));
    }
    a.handle(A::End);
    a.handle(A::Paste(" first\nthen talk".into()));
    // q while typing is a letter, not quit.
    a.handle(A::Char('q'));
    assert!(a.overlay.is_none());
    a.handle(A::Backspace);
    a.handle(A::Select);
    assert_eq!(
        a.draft(SideId::Us).unwrap().rationale.text,
        "Test the water first then talk"
    );
    a.handle(A::Submit);
    a.handle(A::Yes);
    let g = &a.session.as_ref().unwrap().game;
    let r = g
        .inputs
        .iter()
        .find(|r| {
            matches!(
                r.input,
                brink::engine::Input::Plan {
                    side: SideId::Us,
                    ..
                }
            )
        })
        .unwrap();
    assert_eq!(
        r.rationale.as_deref(),
        Some("Test the water first then talk")
    );
}

#[test]
fn the_handover_hides_the_last_sides_choices() {
    let mut a = hanoi(160, 48, &["us", "dprk"]);
    a.handle(A::Ready);
    let card = a.db.card_ix("us-envoy-pyongyang").unwrap();
    let i = a.hand(SideId::Us).iter().position(|c| *c == card).unwrap();
    a.handle(A::Pick(i));
    a.handle(A::Toggle);
    a.handle(A::EditText);
    a.handle(A::Paste("secret reasoning".into()));
    a.handle(A::Select);
    a.handle(A::Submit);
    a.handle(A::Yes);
    assert_eq!(
        a.screen,
        Screen::Handover(Decision::Plan { side: SideId::Dprk })
    );
    let text = render(&a);
    assert!(text.contains("Pass the screen to DPRK"));
    assert!(!text.contains("envoy"), "{text}");
    assert!(!text.contains("secret reasoning"));
    // And the DPRK's planning screen does not show it either.
    a.handle(A::Select);
    let text = render(&a);
    assert!(!text.contains("Send an envoy"), "{text}");
    assert!(!text.contains("secret reasoning"));
}

#[test]
fn only_the_dprk_sees_its_programme_exactly() {
    let a = hanoi(160, 48, &["us"]);
    let us = render(&a);
    assert!(us.contains("DPRK programme (estimate)"));
    assert!(us.contains("band"));
    let d = hanoi(160, 48, &["dprk"]);
    let dprk = render(&d);
    assert!(dprk.contains("DPRK programme (exact)"));
    assert!(dprk.contains("fissile stock (kg)"));
}

#[test]
fn a_covert_move_stays_hidden_from_the_other_side() {
    // The DPRK (human) plays covert enrichment; the US (human) must never see it.
    let mut a = hanoi(160, 48, &["us", "dprk"]);
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
    a.handle(A::Submit);
    a.handle(A::Yes);
    let name = a.db.cards[card as usize].name.clone();
    // Through every screen until the US plans again.
    for _ in 0..40 {
        let text = render(&a);
        let detected = a
            .session
            .as_ref()
            .unwrap()
            .game
            .journal
            .log
            .iter()
            .any(|e| matches!(e, brink::engine::LogEntry::Detected { .. }));
        if !detected {
            assert!(
                !text.contains(name.as_str()),
                "covert move shown on {:?}:\n{text}",
                a.screen
            );
        }
        match &a.screen {
            Screen::Planning(ui) if ui.side == SideId::Us => break,
            Screen::Resolution(_) => {
                a.handle(A::RevealAll);
                a.handle(A::Select)
            }
            Screen::Respond(_) => {
                a.handle(A::Reject);
                a.handle(A::Select);
            }
            Screen::Crisis(_) => {
                a.handle(A::BackDown);
                a.handle(A::Select);
            }
            Screen::Handover(_) => a.handle(A::Ready),
            _ => a.handle(A::Select),
        }
    }
}

#[test]
fn quitting_asks_first_and_ctrl_c_does_not() {
    let mut a = hanoi(80, 24, &["us"]);
    a.handle(A::Quit);
    assert_eq!(a.overlay, Some(Overlay::Quit));
    a.handle(A::No);
    assert!(a.overlay.is_none() && !a.quit);
    a.handle(A::Quit);
    a.handle(A::Yes);
    assert!(a.quit);
    let mut b = app(80, 24);
    b.handle(A::ForceQuit);
    assert!(b.quit);
}

#[test]
fn panes_why_and_help() {
    let mut a = hanoi(160, 48, &["us"]);
    a.handle(A::NextPane);
    assert!(matches!(a.screen, Screen::Planning(ref ui) if ui.focus == Pane::Meters));
    a.handle(A::Down);
    a.handle(A::Select);
    assert!(matches!(a.overlay, Some(Overlay::Why { meter: 1, .. })));
    let text = render(&a);
    assert!(text.contains("WHY · sanctions pressure"), "{text}");
    a.handle(A::Right);
    assert!(matches!(a.overlay, Some(Overlay::Why { meter: 2, .. })));
    a.handle(A::Back);
    a.handle(A::Help);
    assert_eq!(a.ctx(), KeyContext::Help);
    let text = render(&a);
    // Every planning key of the table is in the help.
    for b in brink::tui::keys::KEYS
        .iter()
        .filter(|b| b.ctx == KeyContext::Planning)
    {
        assert!(
            text.contains(&b.help[..20.min(b.help.len())]),
            "help lacks {}",
            b.help
        );
    }
    a.handle(A::Back);
    assert!(a.overlay.is_none());
}

#[test]
fn the_mouse_picks_cards_and_buttons() {
    let mut a = hanoi(160, 48, &["us"]);
    let _ = render(&a);
    // Find the third hand row on screen and click it.
    let hits = a.hits.borrow().clone();
    let (r, _) = hits
        .iter()
        .find(|(_, act)| *act == A::Pick(2))
        .expect("hand row 2 is clickable")
        .clone();
    a.handle(A::Click(r.x + 1, r.y));
    assert!(matches!(a.screen, Screen::Planning(ref ui) if ui.hand_sel == 2));
    // A second click plays it.
    render_and(&mut a, A::Click(r.x + 1, r.y));
    if a.overlay.is_some() {
        a.handle(A::Yes);
    }
    assert_eq!(a.draft(SideId::Us).unwrap().moves.len(), 1);
    // The footer's keys are buttons: click "s submit" then "y".
    let _ = render(&a);
    let hits = a.hits.borrow().clone();
    let (r, _) = hits
        .iter()
        .find(|(_, act)| *act == A::Submit)
        .unwrap()
        .clone();
    a.handle(A::Click(r.x, r.y));
    assert!(matches!(a.overlay, Some(Overlay::Confirm { .. })));
    let _ = render(&a);
    let hits = a.hits.borrow().clone();
    let (r, _) = hits
        .iter()
        .rev()
        .find(|(_, act)| *act == A::Yes)
        .unwrap()
        .clone();
    a.handle(A::Click(r.x, r.y));
    assert!(a.overlay.is_none());
}

#[test]
fn a_small_terminal_is_told_how_big_it_must_be() {
    let mut a = hanoi(60, 20, &["us"]);
    assert_eq!(a.ctx(), KeyContext::TooSmall);
    let text = render(&a);
    assert!(text.contains("Terminal too small"));
    assert!(text.contains("80×24"));
    a.handle(A::Toggle); // ignored
    assert!(a.draft(SideId::Us).unwrap().moves.is_empty());
    a.handle(A::Resize(80, 24));
    assert_eq!(a.ctx(), KeyContext::Planning);
}

#[test]
fn the_footer_and_the_help_come_from_one_table() {
    use brink::tui::keys::{KEYS, footer, help};
    for ctx in [
        KeyContext::Title,
        KeyContext::NewGame,
        KeyContext::Planning,
        KeyContext::Respond,
        KeyContext::Resolution,
        KeyContext::Crisis,
        KeyContext::Debrief,
    ] {
        let h = help(ctx);
        for (k, _) in footer(ctx) {
            let b = KEYS
                .iter()
                .find(|b| b.shown == k && (b.ctx == ctx || b.ctx == KeyContext::Global))
                .unwrap();
            assert!(
                h.iter()
                    .any(|(_, rows)| rows.iter().any(|(_, text)| *text == b.help))
            );
        }
    }
}

#[test]
fn a_fall_in_tension_reads_as_easing_not_as_a_rise() {
    use brink::engine::LogEntry;
    use brink::tui::view::{StepKind, Viewer, resolution_steps};
    let db = db();
    let db = &*db;
    let steps = |from_rung: u8, to_rung: u8| {
        let log = [LogEntry::Threshold {
            from_rung,
            to_rung,
            by: None,
        }];
        resolution_steps(db, &log, &[], &[], Viewer::All, &[])
    };
    let down = steps(2, 1);
    let down = down.last().expect("a step");
    assert_eq!(down.kind, StepKind::Easing);
    assert_eq!(down.kind.glyph(), "▼");
    assert!(
        down.title.starts_with("Tension eased from"),
        "{}",
        down.title
    );
    let up = steps(1, 2);
    let up = up.last().expect("a step");
    assert_eq!(up.kind, StepKind::Threshold);
    assert_eq!(up.kind.glyph(), "▲");
    assert!(up.title.starts_with("Tension rose from"), "{}", up.title);
}

/// A request to co-sign is read under the offer it belongs to, with its answer beside the
/// target's, not as a step of its own after the target has already answered.
#[test]
fn a_request_to_co_sign_reads_under_its_offer() {
    use brink::engine::LogEntry;
    use brink::engine::ledger::AnswerKind;
    use brink::tui::view::{StepKind, Viewer, resolution_steps};
    let db = db();
    let db = &*db;
    let card = db
        .compiled_cards
        .iter()
        .position(|c| c.side == SideId::Us)
        .expect("a US card") as u16;
    let log = [
        LogEntry::Offer {
            id: 0,
            from: SideId::Us,
            to: SideId::Dprk,
            card,
            package: vec![0],
            counter_of: None,
            cosign_of: None,
        },
        LogEntry::Offer {
            id: 1,
            from: SideId::Us,
            to: SideId::Rok,
            card,
            package: vec![0],
            counter_of: None,
            cosign_of: Some(0),
        },
        LogEntry::Answer {
            id: 0,
            side: SideId::Dprk,
            answer: AnswerKind::Reject,
            cosign: false,
        },
        LogEntry::Answer {
            id: 1,
            side: SideId::Rok,
            answer: AnswerKind::Accept,
            cosign: true,
        },
    ];
    let steps = resolution_steps(db, &log, &[], &[], Viewer::All, &[]);
    let offers: Vec<_> = steps
        .iter()
        .filter(|st| st.kind == StepKind::Offer)
        .collect();
    assert_eq!(offers.len(), 1, "one step for the offer: {steps:#?}");
    assert!(
        offers[0].title.starts_with("US offers DPRK"),
        "{}",
        offers[0].title
    );
    assert_eq!(
        offers[0].lines,
        [
            "ROK is asked to co-sign, as the package would bind it",
            "DPRK rejects",
            "ROK agrees to co-sign",
            "→ Rejected by DPRK: no deal."
        ]
    );
}

#[test]
fn a_signal_sent_by_taking_an_offer_names_the_offer_taken() {
    use brink::engine::Cause;
    use brink::engine::text::cause_text;
    let db = db();
    let db = &*db;
    let card = db
        .compiled_cards
        .iter()
        .position(|c| c.side == SideId::Rok)
        .expect("an ROK card") as u16;
    let name = &db.cards[card as usize].name;
    let signal = |side| cause_text(db, &Cause::Signal { side, card });
    assert_eq!(signal(SideId::Rok), format!("ROK: {name} (signal)"));
    assert_eq!(
        signal(SideId::Dprk),
        format!("DPRK agreeing to \"{name}\" (signal)")
    );
}

#[test]
fn a_ladder_of_steps_on_one_number_reads_as_one_line() {
    use brink::content::{Condition, Effect, ProgrammeField};
    use brink::tui::describe::effects_text;
    let db = db();
    let db = &*db;
    // A cut tiered by the current rate, as decks wrote production cuts before the programme
    // had plants (the shipped freezes now name the plants they stop).
    let cut = |at: f32, by: f32, otherwise: Vec<Effect>| Effect::If {
        when: Condition::ProgrammeAtLeast {
            field: ProgrammeField::ProductionKg,
            value: at,
        },
        then: vec![Effect::Programme {
            field: ProgrammeField::ProductionKg,
            delta: by,
        }],
        otherwise,
    };
    let on_sign = vec![
        Effect::If {
            when: Condition::NotFlag("yongbyon_frozen".into()),
            then: vec![cut(
                3.0,
                -1.5,
                vec![cut(1.0, -0.5, vec![cut(0.4, -0.3, vec![])])],
            )],
            otherwise: vec![],
        },
        Effect::SetFlag("yongbyon_frozen".into()),
    ];
    let text = effects_text(db, &on_sign, SideId::Us, Some(SideId::Dprk)).join("; ");
    assert!(
        text.starts_with(
            "if not \"fissile production at Yongbyon is frozen\" (production (kg/turn) -1.5 at \
             3 or more, -0.5 from 1 to 3, -0.3 from 0.4 to 1, none below 0.4);"
        ),
        "{text}"
    );
    // Anything that is not such a ladder is spelled out as before.
    assert!(
        text.contains("; Fissile production at Yongbyon is frozen"),
        "{text}"
    );
    // What a condition or a lag holds is bracketed: the effects after it happen now, and
    // whatever happens.
    let later = vec![
        Effect::Lagged {
            turns: 3,
            effects: vec![Effect::ClearFlag("yongbyon_frozen".into())],
        },
        Effect::Programme {
            field: ProgrammeField::IcbmTests,
            delta: 1.0,
        },
    ];
    let text = effects_text(db, &later, SideId::Us, Some(SideId::Dprk)).join("; ");
    assert_eq!(
        text,
        "in 3 turns (ends: Fissile production at Yongbyon is frozen); ICBM tests +1"
    );
}

#[test]
fn an_accepted_offer_a_cosigner_refuses_ends_in_no_deal() {
    use brink::engine::LogEntry;
    use brink::engine::ledger::AnswerKind;
    use brink::tui::view::{StepKind, Viewer, resolution_steps};
    let db = &*db();
    let card = db.cards.iter().position(|c| c.side == SideId::Us).unwrap() as u16;
    let offer = |id, to, cosign_of| LogEntry::Offer {
        id,
        from: SideId::Us,
        to,
        card,
        package: vec![0],
        counter_of: None,
        cosign_of,
    };
    let answer = |id, side, answer, cosign| LogEntry::Answer {
        id,
        side,
        answer,
        cosign,
    };
    let log = [
        offer(0, SideId::Dprk, None),
        offer(1, SideId::Japan, Some(0)),
        answer(0, SideId::Dprk, AnswerKind::Accept, false),
        answer(1, SideId::Japan, AnswerKind::Reject, true),
        // China's invitation that nobody answered.
        LogEntry::Offer {
            id: 2,
            from: SideId::China,
            to: SideId::Dprk,
            card,
            package: vec![],
            counter_of: None,
            cosign_of: None,
        },
    ];
    let steps = resolution_steps(db, &log, &[], &[], Viewer::All, &[]);
    let offers: Vec<_> = steps.iter().filter(|s| s.kind == StepKind::Offer).collect();
    assert_eq!(
        offers[0].lines.last().unwrap(),
        "→ DPRK accepts, but Japan declines to co-sign: no deal."
    );
    assert_eq!(
        offers[1].lines.last().unwrap(),
        "→ DPRK gave no answer: no deal."
    );
}

/// PgDn moves a page, End reaches the last line, PgUp comes back a page and Home to the top:
/// `scroll` reads where the text is scrolled to. The text must be longer than a page.
fn pages_through(a: &mut brink::tui::App, what: &str, scroll: impl Fn(&brink::tui::App) -> u16) {
    // At 80×24 a page is the height less the frame's eight lines.
    const PAGE: u16 = 24 - 8;
    let _ = render(a);
    let max = a.scroll_max.get();
    assert!(
        max > PAGE && max < 2000,
        "{what} is not longer than a page at 80×24 ({max} lines to scroll)"
    );
    assert_eq!(scroll(a), 0, "{what} does not open at its top");
    a.handle(A::PageDown);
    assert_eq!(scroll(a), PAGE, "PgDn on {what}");
    a.handle(A::End);
    assert_eq!(scroll(a), max, "End on {what}");
    a.handle(A::PageUp);
    assert_eq!(scroll(a), max - PAGE, "PgUp on {what}");
    a.handle(A::Home);
    assert_eq!(scroll(a), 0, "Home on {what}");
}

/// The texts that scroll from their top and run to several screens at 80×24 (an offer's
/// package, the debrief, help, WHY's ledger) page with PgUp/PgDn and Home/End, not only a line
/// at a time with the arrows.
#[test]
fn long_texts_page_with_pgup_pgdn_home_and_end() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for ctx in [
        KeyContext::Respond,
        KeyContext::Debrief,
        KeyContext::Help,
        KeyContext::Why,
    ] {
        for (code, want) in [
            (KeyCode::PageDown, A::PageDown),
            (KeyCode::PageUp, A::PageUp),
            (KeyCode::Home, A::Home),
            (KeyCode::End, A::End),
        ] {
            let key = KeyEvent::new(code, KeyModifiers::NONE);
            assert_eq!(
                brink::tui::keys::action_for(ctx, &key),
                Some(want),
                "{code:?} in {ctx:?}"
            );
        }
    }

    // The computer's US puts packages to the North in 2017; the first longer than a page.
    let mut a = app(80, 24);
    let seat = |who: &str| brink::tui::seats::Seat::Computer(who.into());
    a.start_game(
        "fire-and-fury-2017",
        7,
        [
            seat("maximalist"),
            brink::tui::seats::Seat::Human,
            seat("random"),
            seat("random"),
            seat("random"),
        ],
    );
    a.run_ai();
    assert!(
        play_plainly(&mut a, |a| {
            matches!(&a.screen, Screen::Respond(_)) && {
                let _ = render(a);
                a.scroll_max.get() > 24 - 8
            }
        }),
        "no offer longer than a page reached the DPRK"
    );
    pages_through(&mut a, "the offer", |a| match &a.screen {
        Screen::Respond(ui) => ui.scroll,
        _ => panic!("left the offer"),
    });

    assert!(
        play_plainly(&mut a, |a| {
            matches!(&a.screen, Screen::Planning(_))
                && a.session.as_ref().is_some_and(|s| s.game.state.turn >= 4)
        }),
        "the game ended before its fourth turn"
    );
    a.handle(A::Help);
    pages_through(&mut a, "help", |a| match a.overlay {
        Some(Overlay::Help { scroll }) => scroll,
        _ => panic!("left help"),
    });
    a.handle(A::Back);
    a.handle(A::Why);
    pages_through(&mut a, "WHY", |a| match a.overlay {
        Some(Overlay::Why { scroll, .. }) => scroll,
        _ => panic!("left WHY"),
    });
    a.handle(A::Back);

    assert!(
        play_plainly(&mut a, |a| matches!(&a.screen, Screen::Debrief(_))),
        "the game did not end"
    );
    pages_through(&mut a, "the debrief", |a| match &a.screen {
        Screen::Debrief(ui) => ui.scroll,
        _ => panic!("left the debrief"),
    });
}
