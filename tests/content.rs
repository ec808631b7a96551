//! The shipped content: counts, grounding in the GDELT Goldstein scale, and clear errors for
//! broken decks.

mod common;
use common::{break_deck, break_decks, expect_error, shipped_sources};

use brink::content::{ContentDb, Meter, MoveKind, SideId};
use brink::engine::{GameState, Move, NoSink, turn};

#[test]
fn the_shipped_decks_have_what_the_game_needs() {
    let db = common::db();
    assert!(db.cards.len() >= 60, "{} cards", db.cards.len());
    for side in SideId::ALL {
        let n = db.cards.iter().filter(|c| c.side == side).count();
        let need = if matches!(side, SideId::Us | SideId::Dprk) {
            14
        } else {
            8
        };
        assert!(n >= need, "{side}: {n} cards, need {need}");
    }
    assert!(db.events.len() >= 20);
    assert!(
        db.events.iter().filter(|e| e.incident).count() >= 3,
        "incidents among the events"
    );
    assert!(db.provisions.len() >= 14);
    for id in [
        "agreed-framework-1994",
        "fire-and-fury-2017",
        "singapore-2018",
        "hanoi-2019",
    ] {
        assert!(db.scenario(id).is_some(), "scenario {id}");
    }
    for c in &db.cards {
        assert!(
            !c.precedent.date.is_empty() && !c.precedent.source.is_empty(),
            "{} precedent",
            c.id
        );
        assert!(c.description.len() >= 10, "{} description", c.id);
    }
    for k in [MoveKind::Unilateral, MoveKind::Offer, MoveKind::Covert] {
        assert!(db.cards.iter().any(|c| c.kind == k), "some {k:?} cards");
    }
}

#[test]
fn the_embedded_decks_are_the_shipped_decks() {
    let disk = common::db();
    let embedded = ContentDb::embedded().expect("embedded decks load");
    assert_eq!(
        disk.hash, embedded.hash,
        "rebuild: the embedded decks differ from decks/"
    );
}

/// GDELT CAMEO.goldsteinscale.txt values (content brief §3.1), pinned.
#[test]
fn goldstein_weights_are_gdelts() {
    let db = common::db();
    for (code, w) in [
        ("036", 4.0),
        ("044", 2.5),
        ("057", 8.0),
        ("085", 7.0),
        ("087", 9.0),
        ("150", -7.2),
        ("163", -8.0),
        ("164", -7.0),
        ("138", -7.0),
        ("0862", 9.0),
        ("1662", -7.0),
    ] {
        assert_eq!(db.goldstein(code), Some(w), "CAMEO {code}");
    }
}

#[test]
fn every_signal_is_its_codes_weight_times_an_intensity_in_range() {
    let db = common::db();
    for (c, cc) in db.cards.iter().zip(&db.compiled_cards) {
        assert!(!c.signals.is_empty(), "{} has a signal", c.id);
        for (s, cs) in c.signals.iter().zip(cc.signals.iter()) {
            assert!(
                (0.5..=1.5).contains(&s.intensity),
                "{}: intensity {}",
                c.id,
                s.intensity
            );
            let w = db.goldstein(&s.cameo).expect("known code");
            assert!((cs.value - w * s.intensity).abs() < 1e-5, "{}", c.id);
        }
    }
}

fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|a, b| v[*a].total_cmp(&v[*b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            r[idx[k]] = avg;
        }
        i = j + 1;
    }
    r
}

fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let (rx, ry) = (ranks(x), ranks(y));
    let n = rx.len() as f64;
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let cov: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = rx.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = ry.iter().map(|b| (b - my).powi(2)).sum();
    cov / (vx * vy).sqrt()
}

/// Direct effects must not contradict the signal: a card's net tension change when played alone
/// from a neutral state falls as its Goldstein weight rises (Spearman ρ ≤ −0.7).
#[test]
fn tension_effects_agree_with_the_goldstein_scale() {
    let db = common::db();
    let mut neutral = GameState::new_unstarted(db, "fire-and-fury-2017", 1).expect("scenario");
    neutral.turn = 1;
    neutral.set_meters([50.0; 6]);
    neutral.set_trust_matrix(&[[50.0; 5]; 5]);
    neutral.flags = 0;
    let (mut g, mut dt) = (Vec::new(), Vec::new());
    for (i, c) in db.cards.iter().enumerate() {
        if c.kind == MoveKind::Covert {
            continue; // the world reads a covert move's signal only on detection
        }
        let mut s = neutral.clone();
        let mut m = Move::card(i as u16);
        if matches!(c.package, brink::content::Package::Chosen) {
            m.package = vec![
                db.provision_ix("nuclear-test-moratorium")
                    .expect("provision"),
            ];
        }
        turn::play_alone(db, &mut s, c.side, &m, &mut NoSink);
        let w = db.goldstein(&c.signals[0].cameo).expect("code") as f64;
        g.push(w);
        dt.push((s.meter(Meter::Tension) - 50.0) as f64);
    }
    let rho = spearman(&g, &dt);
    eprintln!("Spearman rho over {} cards: {rho:.3}", g.len());
    assert!(rho <= -0.7, "rho = {rho}");
}

#[test]
fn a_missing_field_is_named_with_its_location() {
    let errs = break_deck("cards/us.ron", "cost: 2,", "");
    expect_error(&errs, "cards/us.ron", "missing field");
}

#[test]
fn a_wrong_type_is_named_with_its_location() {
    let errs = break_deck("cards/us.ron", "cost: 2,", "cost: \"two\",");
    expect_error(&errs, "cards/us.ron", "integer");
}

#[test]
fn an_unknown_id_is_named_with_its_location() {
    let errs = break_deck(
        "provisions.ron",
        "id: \"remains-recovery\"",
        "id: \"remains-recovery-x\"",
    );
    // Cards or scenarios that still say "remains-recovery" now point at nothing.
    let e = errs
        .iter()
        .find(|e| e.message.contains("unknown provision \"remains-recovery\""));
    assert!(e.is_some(), "{errs:#?}");
}

#[test]
fn a_duplicate_id_is_named_with_its_location() {
    let errs = break_deck(
        "cards/japan.ron",
        "id: \"japan-maritime-watch\"",
        "id: \"japan-emergency-unsc\"",
    );
    let (line, _) = expect_error(
        &errs,
        "cards/japan.ron",
        "duplicate id \"japan-emergency-unsc\"",
    );
    assert!(line > 1);
}

#[test]
fn a_truncated_file_says_so() {
    let mut sources = shipped_sources();
    let f = sources
        .iter_mut()
        .find(|s| s.name.ends_with("events.ron"))
        .expect("events");
    let half = f.text.len() / 2;
    let cut = (0..=half)
        .rev()
        .find(|i| f.text.is_char_boundary(*i))
        .unwrap_or(0);
    f.text.truncate(cut);
    let errs = ContentDb::from_sources(sources, "test").expect_err("refused");
    expect_error(&errs, "events.ron", "truncated");
}

#[test]
fn a_number_out_of_range_is_named_with_its_location() {
    let errs = break_deck("cards/dprk.ron", "intensity: 1.3", "intensity: 3.0");
    expect_error(&errs, "cards/dprk.ron", "intensity is 3");
}

#[test]
fn every_error_is_reported_at_once() {
    let errs = break_decks(&[
        ("cards/us.ron", "cost: 2,", "cost: 99,"),
        ("cards/dprk.ron", "intensity: 1.3", "intensity: 3.0"),
    ]);
    assert!(errs.len() >= 2, "{errs:#?}");
}

/// A file that does not parse hides its ids, so every use of one elsewhere looks unknown:
/// those uses are counted on the broken file's own error, so the one real mistake is the one
/// line printed, not the first of fifty.
#[test]
fn an_unreadable_file_is_the_one_error_its_ids_cause() {
    let errs = break_deck("cards/us.ron", "id: \"us-", "id: @\"us-");
    assert_eq!(errs.len(), 1, "{errs:#?}");
    expect_error(
        &errs,
        "cards/us.ron",
        "uses elsewhere of what this file defines",
    );

    let errs = break_deck("events.ron", "Reveal(share: 0.5),", "Reveal(share: 0.5)),");
    assert_eq!(errs.len(), 1, "{errs:#?}");
    expect_error(&errs, "events.ron", "comma");
}

/// A mistake elsewhere that the broken file does not explain is still reported: a use of an
/// id the broken file does not define.
#[test]
fn a_typo_beside_an_unreadable_file_is_still_reported() {
    let errs = break_decks(&[
        ("cards/us.ron", "id: \"us-", "id: @\"us-"),
        (
            "agreed-framework-1994.ron",
            "persona: Some(\"freeze-and-cap\")",
            "persona: Some(\"freeze-and-cpa\")",
        ),
    ]);
    expect_error(&errs, "cards/us.ron", "could not be checked");
    expect_error(
        &errs,
        "agreed-framework-1994.ron",
        "unknown persona \"freeze-and-cpa\"",
    );
    assert_eq!(errs.len(), 2, "{errs:#?}");
}

/// A scenario file that does not parse hides what that scenario plays, so a card only it
/// allows looks as if no scenario could ever play it: the broken file is the one error.
#[test]
fn an_unreadable_scenario_does_not_make_its_cards_look_unplayable() {
    let errs = break_deck(
        "fire-and-fury-2017.ron",
        "weight: 20.0",
        "weight: \"twenty\"",
    );
    expect_error(&errs, "fire-and-fury-2017.ron", "expected a number");
    assert_eq!(errs.len(), 1, "{errs:#?}");
}

/// With every file read, a card no scenario can play is still refused, where it is defined.
#[test]
fn a_card_no_scenario_can_play_is_refused() {
    let errs = break_deck(
        "cards/rok.ron",
        "dates: (from: \"2018-01\", until: Some(\"2018-02\")",
        "dates: (from: \"2031-01\", until: Some(\"2031-02\")",
    );
    expect_error(
        &errs,
        "cards/rok.ron",
        "card \"rok-olympic-diplomacy\" can never be played",
    );
}

/// A printed tension never contradicts the rung printed beside it: 79.6 is Crisis, so it is
/// shown as 79, not as the 80 at which Brink starts; elsewhere it is simply rounded.
#[test]
fn a_shown_tension_stays_in_its_rung() {
    let db = ContentDb::embedded().expect("embedded decks load");
    let brink = db.rung_from("Brink").expect("the ladder has a Brink rung");
    assert_eq!(db.tension_shown(brink - 0.4), brink - 1.0);
    assert_eq!(db.tension_shown(brink + 0.4), brink);
    assert_eq!(db.tension_shown(brink - 1.6), brink - 2.0);
    for i in 0..=1000 {
        let t = i as f32 / 10.0;
        let shown = db.tension_shown(t);
        assert_eq!(shown, shown.round(), "{t} is shown as a whole number");
        assert!((shown - t).abs() < 1.0, "{t} is shown as {shown}");
        assert_eq!(db.rung_of(shown), db.rung_of(t), "{t} is shown as {shown}");
    }
}

/// A file that does not parse leaves every use of its ids unknown; each is reported once,
/// however many checks come across it.
#[test]
fn no_error_is_reported_twice() {
    let errs = break_deck("cards/dprk.ron", "cost: 3,", "cost: \"three\",");
    expect_error(&errs, "cards/dprk.ron", "integer");
    for (i, e) in errs.iter().enumerate() {
        assert!(!errs[..i].contains(e), "reported twice: {e:?}");
    }
}

#[test]
fn a_provision_that_covers_a_bad_one_is_named_with_its_location() {
    // An unknown id, the provision itself, and two that would cover each other.
    let line_of = |text: &str, needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .expect("in the deck")
            + 1
    };
    let errs = break_deck(
        "provisions.ron",
        "covers: [\"missile-test-moratorium\"]",
        "covers: [\"missile-test-moratorium-x\"]",
    );
    let (line, _) = expect_error(
        &errs,
        "provisions.ron",
        "unknown provision \"missile-test-moratorium-x\"",
    );
    let text = shipped_sources()
        .into_iter()
        .find(|s| s.name.ends_with("provisions.ron"))
        .expect("provisions deck")
        .text;
    assert_eq!(
        line,
        line_of(&text, "covers: [\"missile-test-moratorium\"]")
    );
    let errs = break_deck(
        "provisions.ron",
        "covers: [\"missile-test-moratorium\"]",
        "covers: [\"all-range-missile-moratorium\"]",
    );
    expect_error(&errs, "provisions.ron", "covers itself");
    // The Yongbyon freeze made to cover the full freeze, which covers it.
    let errs = break_deck(
        "provisions.ron",
        "id: \"yongbyon-freeze\",",
        "id: \"yongbyon-freeze\", covers: [\"full-fissile-freeze\"],",
    );
    expect_error(&errs, "provisions.ron", "cover one another in a circle");
}

#[test]
fn a_scenario_that_takes_a_bad_id_off_the_table_is_named_with_its_location() {
    let scen = "agreed-framework-1994.ron";
    // Written after the scenario's schedule, which the 1994 deck has once.
    let excl = "(6, \"ev-us-midterms-1994\")],";
    let with = |extra: &str| format!("{excl} {extra}");
    let errs = break_deck(
        scen,
        excl,
        &with("exclude_provisions: [\"lift-the-sanctions\"],"),
    );
    expect_error(&errs, scen, "unknown provision \"lift-the-sanctions\"");
    let errs = break_deck(scen, excl, &with("exclude_events: [\"ev-rok-elections\"],"));
    expect_error(&errs, scen, "unknown event \"ev-rok-elections\"");
    // A scheduled event cannot be excluded as well.
    let errs = break_deck(
        scen,
        excl,
        &with("exclude_events: [\"ev-leader-succession\"],"),
    );
    expect_error(
        &errs,
        scen,
        "\"ev-leader-succession\" is scheduled but also in exclude_events",
    );
    // A card the scenario allows whose fixed package holds an excluded provision.
    let errs = break_deck(
        scen,
        excl,
        &with("exclude_provisions: [\"liaison-offices\"],"),
    );
    expect_error(
        &errs,
        scen,
        "card \"us-liaison-offices\" offers \"liaison-offices\"",
    );
}

#[test]
fn the_1994_scenario_leaves_later_provisions_cards_and_events_out() {
    let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks load");
    let ix = db
        .scenarios
        .iter()
        .position(|s| s.id == "agreed-framework-1994")
        .expect("scenario");
    let cs = &db.compiled_scenarios[ix];
    let prov = |id: &str| {
        db.provisions
            .iter()
            .position(|p| p.id == id)
            .expect("provision")
    };
    assert!(!cs.provision_allowed[prov("lift-un-sanctions")]);
    assert!(cs.provision_allowed[prov("yongbyon-freeze")]);
    assert!(
        !cs.provisions_on_table
            .contains(&(prov("lift-un-sanctions") as u16))
    );
    // The table is exactly the provisions whose dates reach back to June 1994.
    let fits = db
        .provisions
        .iter()
        .filter(|p| p.dates.from.as_str() <= "1994-06")
        .count();
    assert_eq!(cs.provisions_on_table.len(), fits);
    let ev = |id: &str| db.events.iter().position(|e| e.id == id).expect("event") as u16;
    for d in cs.draws.iter().chain(cs.incident_draws.iter()) {
        assert_ne!(d.event, ev("ev-trade-war"));
        assert_ne!(d.event, ev("ev-drone-downed"));
    }
    // The incident roll's yardstick leaves out the incidents it cannot draw (by their dates).
    let all: f32 = db
        .events
        .iter()
        .filter(|e| e.incident)
        .map(|e| e.weight)
        .sum();
    let in_1994: f32 = db
        .events
        .iter()
        .filter(|e| e.incident && e.dates.from.as_str() <= "1995-05")
        .map(|e| e.weight)
        .sum();
    let drone = db.events[ev("ev-drone-downed") as usize].weight;
    assert!(drone > 0.0 && in_1994 <= all - drone);
    assert!((cs.incident_base - in_1994).abs() < 1e-4);
    // The DPRK cheats in the manner of its time: hidden plutonium in 1994 (while inspectors
    // were there, until 2009), hidden enrichment from 2017 on.
    let card = |id: &str| db.card_ix(id).expect("card") as usize;
    let (pu, heu) = (card("dprk-hide-plutonium"), card("dprk-covert-enrichment"));
    assert!(cs.card_allowed[pu] && !cs.card_allowed[heu]);
    for (s, c) in db.scenarios.iter().zip(&db.compiled_scenarios) {
        if s.id != "agreed-framework-1994" {
            assert!(!c.card_allowed[pu] && c.card_allowed[heu], "{}", s.id);
        }
    }
    // Every later scenario keeps the whole table, and the whole yardstick.
    for (s, cs) in db.scenarios.iter().zip(&db.compiled_scenarios) {
        if s.id != "agreed-framework-1994" {
            assert_eq!(
                cs.provisions_on_table.len(),
                db.provisions.len(),
                "{}",
                s.id
            );
            assert_eq!(cs.incident_base.to_bits(), all.to_bits(), "{}", s.id);
        }
    }
}

/// A card a scenario leaves out changes nothing in that scenario's random games: random players
/// draw from the scenario's own hand, so adding a card whose dates only 1994 reaches (here, a
/// copy of the 1994 plutonium card) leaves every random game of the other scenarios as it was.
#[test]
fn a_card_left_out_of_a_scenario_changes_nothing_in_its_random_games() {
    let shipped = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks load");
    let mut sources = shipped_sources();
    let dprk = sources
        .iter_mut()
        .find(|s| s.name.ends_with("cards/dprk.ron"))
        .expect("DPRK cards");
    let start = dprk
        .text
        .find("        (\n            // The 1990s form")
        .expect("card");
    let end = dprk
        .text
        .find("        (\n            id: \"dprk-sanctions-evasion\"")
        .expect("next");
    let copy = dprk.text[start..end].replace("dprk-hide-plutonium", "dprk-hide-plutonium-2");
    dprk.text.insert_str(end, &copy);
    // The copy keeps the original's dates (until April 2009), which leave it out of every
    // later scenario with no list to keep.
    let more = ContentDb::from_sources(sources, "test").expect("decks with the copy load");
    assert_eq!(more.cards.len(), shipped.cards.len() + 1);
    let specs: [String; 5] = std::array::from_fn(|_| "random".to_string());
    let mut compared = 0;
    for sc in shipped.scenarios.iter().filter(|s| !s.id.contains("1994")) {
        compared += 1;
        for seed in 0..40 {
            let (a, ia) = brink::sim::play_one(&shipped, &sc.id, seed, &specs, true).unwrap();
            let (b, ib) = brink::sim::play_one(&more, &sc.id, seed, &specs, true).unwrap();
            let same = a.outcome == b.outcome
                && a.turn == b.turn
                && ia.len() == ib.len()
                && a.meter(Meter::Tension).to_bits() == b.meter(Meter::Tension).to_bits()
                && a.trust_matrix() == b.trust_matrix();
            assert!(
                same,
                "{} seed {seed}: the excluded copy changed the game",
                sc.id
            );
        }
    }
    assert_eq!(compared, 3);
}

#[test]
fn an_election_with_a_weight_in_the_draw_is_refused_with_its_location() {
    // An election falls on its real date: a weighted one would also come at random, in months
    // its years had none (the generic "South Korea votes" of issue 21).
    let errs = break_deck(
        "politics.ron",
        "weight: 0.0,\n            on_calendar: true,",
        "weight: 0.4,\n            on_calendar: true,",
    );
    expect_error(&errs, "politics.ron", "is on the calendar");
}

/// A 1994 game shows what was done in 1994: the latest precedent not after the game's month,
/// and a precedent from after it is said to be later, never shown as if it had happened.
#[test]
fn a_game_shows_the_precedent_of_its_years() {
    use brink::content::schema::Precedent;
    let db = ContentDb::embedded().expect("embedded decks load");
    let envoy = &db.cards[db.card_ix("us-envoy-pyongyang").expect("card") as usize];
    let (p, later) = Precedent::at(&envoy.precedent, &envoy.earlier, "1994-06");
    assert!(p.date.starts_with("1994") && !later, "{p:?}");
    let (p, later) = Precedent::at(&envoy.precedent, &envoy.earlier, "2019-02");
    assert_eq!((p, later), (&envoy.precedent, false));
    let (p, later) = Precedent::at(&envoy.precedent, &[], "1994-06");
    assert_eq!((p, later), (&envoy.precedent, true));
}

/// An earlier precedent must come before the main one, oldest first, dated, said and sourced:
/// each mistake is refused at its date, with its file, line and column.
#[test]
fn an_earlier_precedent_out_of_place_is_refused_where_it_is() {
    for (date, problem) in [
        ("2019-06-15", "is not before the main precedent"),
        ("June 1994", "must be like"),
        ("1990-01", "before the first month the card is possible"),
    ] {
        let errs = break_deck(
            "cards/us.ron",
            "date: \"1994-06-15\"",
            &format!("date: \"{date}\""),
        );
        expect_error(&errs, "cards/us.ron", problem);
    }
}

/// The numbers a text states: "500,000 tonnes a year in 1994" gives "500000" and "1994".
fn numbers_in(text: &str) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    let b: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < b.len() {
        // A digit after a letter or a letter and a hyphen is part of a name ("S2", "Hwasong-15").
        let in_name = i > 0
            && (b[i - 1].is_alphanumeric()
                || (b[i - 1] == '-' && i > 1 && b[i - 2].is_alphabetic()));
        if b[i].is_ascii_digit() && !in_name {
            let mut n = String::new();
            while i < b.len()
                && (b[i].is_ascii_digit()
                    || (matches!(b[i], ',' | '.')
                        && b.get(i + 1).is_some_and(|c| c.is_ascii_digit())))
            {
                if b[i] != ',' {
                    n.push(b[i]);
                }
                i += 1;
            }
            out.insert(n);
        } else {
            i += 1;
        }
    }
    out
}

/// Every number a card, provision, event or plant states as fact in its name or description (a
/// year, a tonnage, a count) is written in its precedents or its dates' reason, beside the
/// source they name (issue 21: each fact "with its source in the card's precedent").
#[test]
fn every_number_an_item_states_is_in_its_precedent() {
    use brink::content::schema::{Dates, Precedent};
    let db = common::db();
    let mut missing = Vec::new();
    let mut check =
        |id: &str, said: [&str; 2], main: &Precedent, earlier: &[Precedent], d: &Dates| {
            let mut sourced = String::new();
            for p in std::iter::once(main).chain(earlier) {
                for s in [&p.date, &p.text, &p.source] {
                    sourced.push_str(s);
                    sourced.push(' ');
                }
            }
            sourced.push_str(&d.why);
            let sourced = numbers_in(&sourced);
            for n in numbers_in(&said.join(" ")) {
                if !sourced.contains(&n) {
                    missing.push(format!("{id}: {n}"));
                }
            }
        };
    for c in &db.cards {
        check(
            &c.id,
            [&c.name, &c.description],
            &c.precedent,
            &c.earlier,
            &c.dates,
        );
    }
    for p in &db.provisions {
        check(
            &p.id,
            [&p.name, &p.description],
            &p.precedent,
            &p.earlier,
            &p.dates,
        );
    }
    for e in &db.events {
        check(
            &e.id,
            [&e.name, &e.description],
            &e.precedent,
            &e.earlier,
            &e.dates,
        );
    }
    for f in &db.facilities {
        check(
            &f.id,
            [&f.name, &f.description],
            &f.precedent,
            &[],
            &f.dates,
        );
    }
    assert!(
        missing.is_empty(),
        "numbers with no source in their precedent: {missing:#?}"
    );
}

#[test]
fn numbers_in_reads_years_tonnages_and_not_names() {
    let got = numbers_in("500,000 tonnes a year in 1994; the Hwasong-15, 5 MWe, 0.5 kg, S2.");
    let want: Vec<&str> = vec!["0.5", "1994", "5", "500000"];
    assert_eq!(got.iter().map(String::as_str).collect::<Vec<_>>(), want);
}

/// A name with a straight double quote would read as noise where the log and the reasons quote
/// it (`chose "Propose "x""`), and a name over two lines breaks a list; each is refused at the
/// name, in a card, a provision and an event alike.
#[test]
fn a_name_with_a_straight_quote_or_two_lines_is_refused_at_the_name() {
    let errs = break_deck(
        "cards/us.ron",
        "name: \"Hold the summit\",",
        "name: \"Hold the \\\"summit\\\"\",",
    );
    let (line, _) = expect_error(&errs, "cards/us.ron", "straight double quote");
    assert_eq!(line, 43, "{errs:#?}");
    let errs = break_deck(
        "provisions.ron",
        "name: \"Security assurance\",",
        "name: \"Security\\nassurance\",",
    );
    expect_error(&errs, "provisions.ron", "more than one line");
    let errs = break_deck(
        "events.ron",
        "name: \"Short-range launch, unannounced\",",
        "name: \" \",",
    );
    expect_error(&errs, "events.ron", "is empty");
}
