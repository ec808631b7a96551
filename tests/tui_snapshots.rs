//! Every screen as text, at 80×24 (the compact layout), 120×40 (a classroom projector) and
//! 160×48 (everything at once), mono theme, seed 7; and every screen drawn in the dark and light
//! themes at 80×24 and 120×40, checked cell by cell (nothing faint on a white screen, good and
//! bad not a red/green pair), with the styles of the key screens as snapshots too. Regenerate
//! after a deliberate change with `INSTA_UPDATE=always cargo test --test tui_snapshots` and
//! review the diff.

mod tui_support;

use brink::content::SideId;
use brink::tui::App;
use brink::tui::app::{Overlay, Screen};
use brink::tui::keys::Action as A;
use tui_support::*;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (160, 48)];

/// The screens whose dark and light styles are kept as snapshots (the rest are checked).
const STYLED: [&str; 6] = [
    "planning",
    "handover",
    "respond",
    "resolution_all_steps",
    "crisis",
    "debrief",
];

fn snap(name: &str, make: impl Fn(u16, u16) -> App) {
    for (w, h) in SIZES {
        let mut a = make(w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(&a));
        if w > 120 {
            continue;
        }
        for theme in ["dark", "light"] {
            a.theme = brink::tui::Theme::named(theme).unwrap();
            let styled = render_styled(&a);
            check_colours(theme, &styled, &format!("{name}_{w}x{h}"));
            if STYLED.contains(&name) {
                insta::assert_snapshot!(format!("{name}_{w}x{h}_{theme}"), styled.text);
            }
        }
    }
}

/// A frame with its styles: the text, then each row's runs of one style.
struct Styled {
    text: String,
    /// (fg, bg) of every cell that shows a character.
    cells: Vec<(ratatui::style::Color, ratatui::style::Color)>,
}

fn render_styled(app: &App) -> Styled {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let (w, h) = app.size;
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| brink::tui::ui::render(app, f)).unwrap();
    let buf = t.backend().buffer().clone();
    let mut text = String::new();
    let mut cells = Vec::new();
    for y in 0..h {
        let mut row = String::new();
        let mut runs: Vec<(u16, u16, String)> = Vec::new();
        for x in 0..w {
            let c = &buf[(x, y)];
            row.push_str(c.symbol());
            if !c.symbol().trim().is_empty() {
                cells.push((c.fg, c.bg));
            }
            let key = format!("{:?}/{:?}/{:?}", c.fg, c.bg, c.modifier)
                .replace("Reset", "-")
                .replace("Modifier(", "")
                .replace("(empty)", "");
            match runs.last_mut() {
                Some(r) if r.2 == key => r.1 = x,
                _ => runs.push((x, x, key)),
            }
        }
        text.push_str(&row);
        text.push('\n');
        let runs: Vec<String> = runs
            .into_iter()
            .filter(|r| r.2 != "-/-/)" && r.2 != "-/-/")
            .map(|(a, b, k)| format!("{a}-{b} {k}"))
            .collect();
        if !runs.is_empty() {
            text.push_str(&format!("  ^ {}\n", runs.join(" · ")));
        }
    }
    Styled { text, cells }
}

/// The colour rules of the themes, on every cell of a frame.
fn check_colours(theme: &str, s: &Styled, name: &str) {
    use ratatui::style::Color;
    for (fg, bg) in &s.cells {
        if theme == "light" && *bg == Color::Reset {
            // On the terminal's own white: no ANSI grey, white or yellow text.
            assert!(
                !matches!(
                    fg,
                    Color::Gray | Color::White | Color::Yellow | Color::LightYellow
                ),
                "{name}: {fg:?} on white is faint"
            );
        }
        if theme == "dark" && *bg == Color::Reset {
            assert!(
                !matches!(fg, Color::Black),
                "{name}: black text on a dark screen"
            );
        }
    }
}

/// Goes on with plain choices until `want` holds.
fn until(a: &mut App, want: impl Fn(&App) -> bool) {
    assert!(
        play_plainly(a, want),
        "never reached the wanted screen; on {:?}",
        a.screen
    );
}

fn pick_card(a: &mut App, side: SideId, id: &str) {
    let card = a.db.card_ix(id).unwrap();
    let i = a.hand(side).iter().position(|c| *c == card).unwrap();
    a.handle(A::Pick(i));
}

#[test]
fn title() {
    snap("title", app);
}

#[test]
fn new_game() {
    snap("new_game", |w, h| {
        let mut a = app(w, h);
        a.handle(A::Select);
        a.handle(A::NextPane);
        a
    });
}

#[test]
fn handover() {
    snap("handover", |w, h| hanoi(w, h, &["us", "dprk"]));
}

#[test]
fn planning() {
    snap("planning", |w, h| {
        let mut a = hanoi(w, h, &["us", "dprk"]);
        a.handle(A::Ready);
        pick_card(&mut a, SideId::Us, "us-envoy-pyongyang");
        a.handle(A::Toggle);
        a.handle(A::EditText);
        a.handle(A::Paste("Keep the channel open".into()));
        a.handle(A::Select);
        a
    });
}

#[test]
fn planning_unplayable_card() {
    snap("planning_unplayable", |w, h| {
        let mut a = hanoi(w, h, &["us"]);
        pick_card(&mut a, SideId::Us, "us-hold-summit");
        a
    });
}

#[test]
fn planning_dprk_sees_its_programme() {
    snap("planning_dprk", |w, h| {
        let mut a = hanoi(w, h, &["dprk"]);
        a.handle(A::NextPane);
        a
    });
}

#[test]
fn programme_by_facility_1994() {
    // June 1994 as the DPRK sees it: the rods waiting for reprocessing, the reactor running,
    // the two larger reactors being built; scrolled down to the facilities.
    snap("programme_1994_dprk", |w, h| {
        let mut a = scenario("agreed-framework-1994", w, h, &["dprk"]);
        a.handle(A::NextPane);
        for _ in 0..17 {
            a.handle(A::Down);
        }
        a
    });
    // The US sees the estimate, and the declared facilities.
    snap("programme_1994_us", |w, h| {
        let mut a = scenario("agreed-framework-1994", w, h, &["us"]);
        a.handle(A::NextPane);
        for _ in 0..12 {
            a.handle(A::Down);
        }
        a
    });
}

#[test]
fn programme_made_of_capacity_after_a_turn() {
    // August 2017 played: the DPRK's plants say what each made of what it could ("0.50/4.5 kg":
    // reprocessing has only the reactor's half kilogram of spent fuel to separate).
    snap("programme_2017_dprk_turn2", |w, h| {
        let mut a = scenario("fire-and-fury-2017", w, h, &["dprk"]);
        until(&mut a, |a| {
            a.session.as_ref().unwrap().game.state.turn >= 2
                && matches!(a.screen, Screen::Planning(_))
        });
        a.handle(A::NextPane);
        for _ in 0..if h < 30 { 22 } else { 17 } {
            a.handle(A::Down);
        }
        a
    });
}

#[test]
fn planning_compact_views() {
    // At 80×24 the right panel shows one view at a time.
    let mut a = hanoi(80, 24, &["us"]);
    for name in ["meters", "map", "log", "history"] {
        a.handle(A::CycleView);
        insta::assert_snapshot!(format!("planning_view_{name}_80x24"), render(&a));
    }
    a.handle(A::ToggleChart);
    insta::assert_snapshot!("planning_view_chart_80x24", render(&a));
}

#[test]
fn planning_chart() {
    let mut a = hanoi(160, 48, &["us"]);
    until(&mut a, |a| {
        a.session.as_ref().unwrap().game.state.turn >= 4 && matches!(a.screen, Screen::Planning(_))
    });
    a.handle(A::ToggleChart);
    insta::assert_snapshot!("planning_chart_160x48", render(&a));
}

#[test]
fn package_builder() {
    snap("package", |w, h| {
        let mut a = hanoi(w, h, &["us"]);
        pick_card(&mut a, SideId::Us, "us-propose-package");
        a.handle(A::Select);
        a.handle(A::Toggle);
        a.handle(A::Down);
        a.handle(A::Down);
        a.handle(A::Toggle);
        a
    });
}

#[test]
fn the_package_builder_says_when_two_provisions_overlap() {
    let mut a = hanoi(160, 48, &["us"]);
    pick_card(&mut a, SideId::Us, "us-propose-package");
    a.handle(A::Select);
    let chosen = |a: &App| match &a.screen {
        Screen::Package(ui) => ui.chosen.clone(),
        other => panic!("not the package builder: {other:?}"),
    };
    // The long-range moratorium, then the all-range one that includes it: the broader one
    // takes the narrower one's place, and says so.
    a.handle(A::Down);
    a.handle(A::Toggle);
    assert_eq!(chosen(&a), vec![1]);
    a.handle(A::Down);
    a.handle(A::Toggle);
    assert_eq!(chosen(&a), vec![2]);
    let status = a.status.clone().unwrap_or_default();
    assert!(
        status.contains("Took out Long-range missile test moratorium: this one includes it"),
        "{status}"
    );
    // The narrower one is refused while the broader one is in.
    a.handle(A::Up);
    a.handle(A::Toggle);
    assert_eq!(chosen(&a), vec![2]);
    let status = a.status.clone().unwrap_or_default();
    assert!(
        status.contains("Not added: All-range missile test moratorium already includes it"),
        "{status}"
    );
    let alone = render(&a);
    assert!(!alone.contains("Overlaps"), "{alone}");
    assert!(
        alone.contains("All-range missile test moratorium in the package already includes it"),
        "{alone}"
    );
    // A package that came with both (a counter to an offer that held them) is flagged.
    if let Screen::Package(ui) = &mut a.screen {
        ui.chosen = vec![1, 2];
    }
    let both = render(&a);
    assert!(
        both.contains("Overlaps All-range missile test moratorium in the package"),
        "{both}"
    );
    // Unticking the narrower one leaves the broader one.
    a.handle(A::Toggle);
    assert_eq!(chosen(&a), vec![2]);
}

#[test]
fn the_package_builder_lists_only_the_provisions_on_the_table() {
    // In 1994 there are no UN sanctions to lift: the builder leaves the provision out, and a
    // row picked is the provision shown on it.
    let mut a = scenario("agreed-framework-1994", 160, 48, &["us"]);
    pick_card(&mut a, SideId::Us, "us-propose-package");
    a.handle(A::Select);
    let screen = render(&a);
    assert!(screen.contains("Freeze production at Yongbyon"), "{screen}");
    assert!(
        !screen.contains("Lift the 2016-17 UN sanctions"),
        "{screen}"
    );
    assert!(!screen.contains("Punggye-ri and Sohae"), "{screen}");
    let rows = a.provisions_on_table();
    // The provisions whose dates reach back to June 1994 (freeze, fuel oil and reactors,
    // assurances, liaison offices, a peace mechanism and a few more), not the later ones.
    let fits =
        a.db.provisions
            .iter()
            .filter(|p| p.dates.from.as_str() <= "1994-06")
            .count();
    assert_eq!(rows.len(), fits);
    assert!(fits < a.db.provisions.len());
    // Down to the last row, and tick it: the package holds that row's provision.
    for _ in 1..rows.len() {
        a.handle(A::Down);
    }
    a.handle(A::Toggle);
    match &a.screen {
        Screen::Package(ui) => assert_eq!(ui.chosen, vec![rows[rows.len() - 1]]),
        other => panic!("not the package builder: {other:?}"),
    }
    // In 2019 the whole table is there.
    let mut a = hanoi(160, 48, &["us"]);
    pick_card(&mut a, SideId::Us, "us-propose-package");
    a.handle(A::Select);
    assert!(render(&a).contains("Lift the 2016-17 UN sanctions"));
}

/// The US (human) plays an offer card — `package` picks its provisions, if any — and the game
/// goes on until `answerer` is at the answer screen.
fn us_offer(mut a: App, card: &str, package: impl FnOnce(&mut App), answerer: SideId) -> App {
    a.handle(A::Ready);
    pick_card(&mut a, SideId::Us, card);
    a.handle(A::Select);
    package(&mut a);
    if a.overlay.is_some() {
        a.handle(A::Yes);
    }
    a.handle(A::Submit);
    a.handle(A::Yes);
    until(
        &mut a,
        |a| matches!(&a.screen, Screen::Respond(ui) if ui.side == answerer),
    );
    a
}

fn offer_to_dprk(w: u16, h: u16) -> App {
    let two_provisions = |a: &mut App| {
        a.handle(A::Toggle);
        a.handle(A::Down);
        a.handle(A::Toggle);
        a.handle(A::Select);
    };
    us_offer(
        hanoi(w, h, &["us", "dprk"]),
        "us-propose-package",
        two_provisions,
        SideId::Dprk,
    )
}

#[test]
fn respond_to_an_offer() {
    snap("respond", offer_to_dprk);
}

#[test]
fn counter_offer_package() {
    snap("counter", |w, h| {
        let mut a = offer_to_dprk(w, h);
        a.handle(A::Counter);
        a.handle(A::Select);
        a
    });
}

/// The US reads the North's counter: what was added is marked and said, with what was struck, so
/// the package need not be compared with the one sent from memory.
#[test]
fn answer_a_counter_offer() {
    snap("answer_counter", |w, h| {
        let mut a = offer_to_dprk(w, h);
        // A counter: the first provision struck, the third added.
        press(
            &mut a,
            &[
                A::Counter,
                A::Select,
                A::Toggle,
                A::Down,
                A::Down,
                A::Toggle,
                A::Select,
            ],
        );
        until(&mut a, |a| {
            matches!(&a.screen, Screen::Respond(ui) if ui.side == SideId::Us
                && a.offer(ui.offer).is_some_and(|o| o.counter_of.is_some()))
        });
        let text = render(&a);
        assert!(text.contains("Added by DPRK: "), "{text}");
        assert!(text.contains("Struck by DPRK: "), "{text}");
        assert!(text.contains("[added]"), "{text}");
        a
    });
}

/// Seoul is asked to co-sign: the US's end-of-war declaration to Pyongyang would bind it too.
#[test]
fn cosign_request() {
    snap("cosign", |w, h| {
        us_offer(
            hanoi(w, h, &["us", "rok"]),
            "us-end-of-war",
            |_| {},
            SideId::Rok,
        )
    });
}

#[test]
fn resolution() {
    snap("resolution_first_step", |w, h| {
        let mut a = offer_to_dprk(w, h);
        a.handle(A::Accept);
        a.handle(A::Select);
        until(&mut a, |a| matches!(a.screen, Screen::Resolution(_)));
        a
    });
    snap("resolution_all_steps", |w, h| {
        let mut a = offer_to_dprk(w, h);
        a.handle(A::Accept);
        a.handle(A::Select);
        until(&mut a, |a| matches!(a.screen, Screen::Resolution(_)));
        a.handle(A::RevealAll);
        a
    });
}

/// The meters panel says how much of the band's top is a plant the others suspect but have not
/// placed (2018's Kangson), at every size; with none allowed for, it says nothing of it.
#[test]
fn the_band_s_top_names_a_suspected_site() {
    for (w, h) in SIZES {
        let mut a = scenario("singapore-2018", w, h, &["us"]);
        if w == 80 {
            // One view at a time: the meters are the next after the card.
            a.handle(A::CycleView);
        }
        assert!(
            !render(&a).contains("suspected site"),
            "{w}x{h}: nothing yet"
        );
        let e = &mut a.session.as_mut().unwrap().game.state.estimate;
        e.unplaced = 3.6;
        e.warheads_high += 4.0;
        let text = render(&a);
        assert!(
            text.contains("top: ~4 from a suspected site"),
            "{w}x{h}:\n{text}"
        );
    }
}

fn at_the_brink(w: u16, h: u16) -> App {
    let mut a = hanoi(w, h, &["us"]);
    a.session.as_mut().unwrap().game.state.nums[0] = 93.0;
    a.handle(A::Submit);
    a.handle(A::Yes);
    a
}

#[test]
fn crisis() {
    snap("resolution_before_crisis", at_the_brink);
    snap("crisis", |w, h| {
        let mut a = at_the_brink(w, h);
        until(&mut a, |a| matches!(a.screen, Screen::Crisis(_)));
        a
    });
}

fn finished(w: u16, h: u16) -> App {
    let mut a = hanoi(w, h, &["us", "dprk"]);
    until(&mut a, |a| matches!(a.screen, Screen::Debrief(_)));
    a
}

#[test]
fn debrief() {
    snap("debrief", finished);
    let mut a = finished(80, 24);
    for name in ["charts", "turning_points", "history"] {
        a.handle(A::NextPane);
        insta::assert_snapshot!(format!("debrief_{name}_80x24"), render(&a));
    }
}

#[test]
fn help_overlay() {
    snap("help_planning", |w, h| {
        let mut a = hanoi(w, h, &["us"]);
        a.handle(A::Help);
        a
    });
    snap("help_title", |w, h| {
        let mut a = app(w, h);
        a.handle(A::Help);
        a
    });
}

#[test]
fn why_overlay() {
    snap("why_tension", |w, h| {
        let mut a = hanoi(w, h, &["us"]);
        until(&mut a, |a| {
            a.session.as_ref().unwrap().game.state.turn >= 3
                && matches!(a.screen, Screen::Planning(_))
        });
        a.handle(A::Why);
        a
    });
}

#[test]
fn escalation_warning() {
    snap("escalation_warning", |w, h| {
        let mut a = hanoi(w, h, &["dprk"]);
        a.session.as_mut().unwrap().game.state.nums[0] = 38.0;
        pick_card(&mut a, SideId::Dprk, "dprk-nuclear-test");
        a.handle(A::Toggle);
        assert!(matches!(a.overlay, Some(Overlay::Confirm { .. })));
        a
    });
}

#[test]
fn quit_confirm() {
    snap("quit", |w, h| {
        let mut a = hanoi(w, h, &["us"]);
        a.handle(A::Quit);
        a
    });
}

#[test]
fn too_small() {
    let a = hanoi(60, 18, &["us"]);
    insta::assert_snapshot!("too_small_60x18", render(&a));
}

// ---------------------------------------------------------------- facilitator and replay

#[test]
fn console_tabs() {
    snap("console_events", |w, h| {
        let mut a = facilitated(w, h, &["us", "dprk"], None);
        a.handle(A::Console);
        a
    });
    snap("console_events_search", |w, h| {
        let mut a = facilitated(w, h, &["us", "dprk"], None);
        a.handle(A::Console);
        a.handle(A::EditText);
        for c in "launch".chars() {
            a.handle(A::Char(c));
        }
        a
    });
    snap("console_free_inject", |w, h| {
        let mut a = facilitated(w, h, &["us", "dprk"], None);
        a.handle(A::Console);
        a.handle(A::Jump(1));
        a.handle(A::EditText);
        a.handle(A::Paste(
            "Satellite images show a new launch pad at Sohae".into(),
        ));
        a.handle(A::Select);
        a.handle(A::PageUp);
        a.handle(A::Down);
        a.handle(A::Down);
        a.handle(A::Down);
        a.handle(A::Right);
        a.handle(A::Right);
        a
    });
    snap("console_override_refused", |w, h| {
        let mut a = facilitated(w, h, &["us", "dprk"], None);
        a.handle(A::Console);
        a.handle(A::Jump(2));
        a.handle(A::Right);
        a.handle(A::Right);
        a.handle(A::Select);
        a
    });
    snap("console_session", |w, h| {
        let mut a = facilitated(w, h, &["us", "dprk"], Some(5));
        a.handle(A::Ready);
        a.handle(A::Console);
        a.handle(A::Jump(3));
        a
    });
}

#[test]
fn paused_banner() {
    snap("paused_planning", |w, h| {
        let mut a = facilitated(w, h, &["us"], Some(3));
        a.handle(A::Tick(std::time::Duration::from_secs(75)));
        a.handle(A::Console);
        a.handle(A::Pause);
        a.handle(A::Back);
        a
    });
    snap("paused_handover", |w, h| {
        let mut a = facilitated(w, h, &["us", "dprk"], None);
        a.handle(A::Console);
        a.handle(A::Pause);
        a.handle(A::Back);
        a
    });
}

#[test]
fn planning_timer_in_the_header() {
    snap("timer_planning", |w, h| {
        let mut a = facilitated(w, h, &["us"], Some(2));
        a.handle(A::Tick(std::time::Duration::from_millis(95_500)));
        a
    });
    snap("timer_handover", |w, h| {
        facilitated(w, h, &["us", "dprk"], Some(2))
    });
}

fn replayed(w: u16, h: u16, steps: usize) -> App {
    let mut a = hanoi(w, h, &["us", "dprk"]);
    until(&mut a, |a| a.session.as_ref().unwrap().game.state.turn >= 3);
    let g = a.session.as_ref().unwrap().game.clone();
    let mut v = brink::tui::replay_app(a.db.clone(), g);
    v.theme = brink::tui::Theme::mono();
    v.size = (w, h);
    for _ in 0..steps {
        v.handle(A::Right);
    }
    v
}

#[test]
fn replay_viewer() {
    snap("replay_start", |w, h| replayed(w, h, 0));
    snap("replay_turn_resolved", |w, h| {
        // The last input of turn 1: the whole resolution.
        let mut v = replayed(w, h, 0);
        v.handle(A::PageDown);
        v
    });
    let mut v = replayed(80, 24, 0);
    v.handle(A::End);
    v.handle(A::CycleView);
    insta::assert_snapshot!("replay_end_map_80x24", render(&v));
}

#[test]
fn saves_list() {
    for (w, h) in SIZES {
        let mut a = hanoi(w, h, &["us", "dprk"]);
        let tmp = tempfile::tempdir().unwrap();
        a.data_dir = Some(tmp.path().to_path_buf());
        a.persist = true;
        until(&mut a, |a| a.session.as_ref().unwrap().game.state.turn >= 3);
        a.autosave();
        a.to_title();
        a.handle(A::Resume);
        assert!(matches!(a.screen, Screen::Saves(_)));
        // The file's name and time change from run to run: same-width stand-ins.
        let info = a.saves[0].clone();
        let same_width = |from: &str, to: &str| {
            let n = from.chars().count();
            format!("{to:<n$}")
        };
        let path = info.path.display().to_string();
        let when = brink::save::utc_text(info.modified);
        let text = render(&a)
            .replace(&path, &same_width(&path, "<data>/saves/autosave-….ron"))
            .replace(&when, &same_width(&when, "<when>"));
        insta::assert_snapshot!(format!("saves_{w}x{h}"), text);
    }
}

/// The facilitator's class summary of turn 1, between turns.
#[test]
fn console_class_summary() {
    snap("console_class_summary", |w, h| {
        let mut a = facilitated(w, h, &["us", "dprk"], None);
        until(&mut a, |a| {
            a.session.as_ref().unwrap().game.state.turn == 2
                && matches!(a.screen, Screen::Handover(_))
        });
        a.handle(A::Console);
        a.handle(A::Jump(4));
        let text = render(&a);
        assert!(text.contains("Class summary · turn 1"), "{text}");
        // All of it, or the page with a way to the rest.
        assert!(
            text.contains("Offers and answers") || text.contains("PgUp/PgDn scroll"),
            "{text}"
        );
        a
    });
}
