//! A class at one screen, without a slip: the real binary in a pseudo-terminal, as a class
//! would press the keys. Games are brought to the moment under test in-process (the same
//! library), saved, and resumed in the terminal with `brink play --load`.

mod tui_support;

use std::path::{Path, PathBuf};

use brink::engine::Phase;
use brink::tui::app::{App, Screen};
use brink::tui::keys::Action as A;
use tui_support::pty::{ENTER, READY, Term};
use tui_support::*;

/// Writes the game in progress as a record in `dir`; returns the file.
fn save(a: &App, dir: &Path) -> PathBuf {
    let sess = a.session.as_ref().expect("a game");
    brink::save::autosave_in(dir, &a.db, &sess.game, &sess.controllers()).expect("saved")
}

fn open_offers_to(a: &App, side: brink::content::SideId) -> usize {
    a.session
        .as_ref()
        .map(|s| s.game.state.open_offers().filter(|o| o.to == side).count())
        .unwrap_or(0)
}

#[test]
fn the_crisis_keys_choose_and_enter_confirms_so_the_handover_holds() {
    // A game at a brink crisis, the US and the DPRK at the screen.
    let mut found = None;
    for seed in 1..60 {
        let mut a = scenario("fire-and-fury-2017", 80, 24, &["us", "dprk"]);
        a.start_game(
            "fire-and-fury-2017",
            seed,
            a.session.as_ref().unwrap().seats.clone(),
        );
        a.run_ai();
        if play_plainly(&mut a, |a| {
            a.session
                .as_ref()
                .is_some_and(|s| s.game.state.phase == Phase::Crisis)
                && matches!(a.screen, Screen::Handover(_))
        }) {
            found = Some(a);
            break;
        }
    }
    let a = found.expect("some seed reaches a crisis");
    let tmp = tempfile::tempdir().unwrap();
    let file = save(&a, tmp.path());
    let mut t = Term::start(
        tmp.path(),
        80,
        24,
        &["play", "--load", file.to_str().unwrap()],
        "us,dprk",
        &[],
    );
    // Resumed, the turn so far is told first.
    if t.wait_any(&["Pass the screen to US", "the turn so far"]).0 == 1 {
        t.send("a");
        t.wait("Every step is shown");
        t.send(ENTER);
        t.wait("Pass the screen to US");
    }
    t.send(READY);
    let s = t.wait("Stand firm");
    assert!(s.contains("f stand firm"), "{s}");
    // The footer says f stands firm and Enter confirms: a student presses f, then Enter, then
    // Enter again out of habit. The DPRK's crisis screen must not appear.
    t.send("f");
    t.send(ENTER);
    let s = t.wait("Pass the screen to DPRK");
    t.send(ENTER);
    let s2 = t.settled();
    assert!(
        s2.contains("Pass the screen to DPRK"),
        "an Enter pressed for the US screen passed the DPRK's handover:\n{s}\n{s2}"
    );
    assert!(s2.contains("Press Space"), "{s2}");
    t.send(READY);
    let s = t.wait("Stand firm");
    assert!(s.contains("DPRK"), "{s}");
    // f alone does not commit: the screen stays, with the choice marked.
    t.send("b");
    let s = t.settled();
    assert!(s.contains("▶ b  Back down"), "{s}");
    t.quit();
}

#[test]
fn a_rejected_offer_does_not_leave_accept_highlighted_on_the_next() {
    // The DPRK at the screen with two offers to answer.
    let dprk = brink::content::SideId::Dprk;
    let mut found = None;
    'seeds: for seed in 1..200 {
        let mut a = scenario("hanoi-2019", 80, 24, &["dprk"]);
        a.start_game(
            "hanoi-2019",
            seed,
            a.session.as_ref().unwrap().seats.clone(),
        );
        a.run_ai();
        for _ in 0..4 {
            if play_plainly(&mut a, |a| matches!(a.screen, Screen::Respond(_))) {
                if open_offers_to(&a, dprk) >= 2 {
                    found = Some(a);
                    break 'seeds;
                }
                a.handle(A::Reject);
                a.handle(A::Select);
            }
        }
    }
    let a = found.expect("some seed gives the DPRK two offers at once");
    let tmp = tempfile::tempdir().unwrap();
    let file = save(&a, tmp.path());
    let mut t = Term::start(
        tmp.path(),
        80,
        24,
        &["play", "--load", file.to_str().unwrap()],
        "dprk",
        &[],
    );
    let s = t.wait("Accept");
    assert!(s.contains("x reject"), "{s}");
    // x, then Enter: the first offer is rejected, and the second waits for a choice.
    t.send("x");
    t.send(ENTER);
    let s = t.wait_change(&s);
    t.send(ENTER);
    let s2 = t.settled();
    assert!(
        s2.contains("Choose an answer first"),
        "the Enter that confirmed the reject answered the next offer:\n{s}\n{s2}"
    );
    assert!(!s2.contains("▶ a  Accept"), "{s2}");
    t.quit();
}

/// A facilitated hanoi game from the title (facilitator on), at the US planning screen.
fn facilitated_in_terminal(data: &Path, cols: u16, rows: u16) -> Term {
    let mut t = Term::start(data, cols, rows, &["play", "--seed", "7"], "us,dprk", &[]);
    t.wait("New game");
    t.send("n");
    t.wait("Seed, facilitator, start");
    t.send("\t\t\t\t");
    t.send("l");
    t.wait("Facilitator ◀ on ▶");
    t.send(ENTER);
    t.wait("Pass the screen to US");
    t.send(READY);
    t.wait("US plans");
    t
}

#[test]
fn the_override_replaces_the_value_shows_its_range_refuses_and_asks() {
    let tmp = tempfile::tempdir().unwrap();
    let mut t = facilitated_in_terminal(tmp.path(), 80, 24);
    t.send("F");
    t.wait("White cell");
    t.send("3");
    let s = t.wait("allowed 0 to 100");
    // Tension now: the scenario's 30, or what the turn's events made of it.
    let now: u32 = s
        .split("tension · now ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("tension now:\n{s}"));
    // v, then 70: the field reads 70 (it replaced the old value), not 3070.
    t.send("v");
    t.type_str("70");
    let s = t.wait("70");
    assert!(
        !s.contains(&format!("{now}70")),
        "the value was appended to:\n{s}"
    );
    t.send(ENTER);
    t.wait("Now r");
    // r is the reason key now, not a letter of anything.
    t.send("r");
    t.type_str("drill");
    t.send(ENTER);
    // Enter in the reason asks; nothing is set yet.
    let s = t.wait("Set it?");
    assert!(s.contains(&format!("from {now} to 70")), "{s}");
    assert!(s.contains("drill"), "{s}");
    assert!(!s.contains("rdrill"), "{s}");
    t.send("y");
    t.wait("Set tension to 70");
    // Out of range is refused with the range.
    t.send("v");
    t.type_str("8670");
    t.send(ENTER);
    let s = t.wait("out of range");
    assert!(s.contains("0 to 100"), "{s}");
    assert!(!s.contains("Set it?"), "{s}");
    t.quit();
}

/// Copies `decks/` into `dir`, the US cards renamed in Korean (each name long and unique).
fn korean_decks(dir: &Path) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            if p.is_dir() {
                copy(&p, &to.join(e.file_name()));
            } else {
                std::fs::copy(&p, to.join(e.file_name())).unwrap();
            }
        }
    }
    let decks = dir.join("decks");
    copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("decks"), &decks);
    let us = decks.join("cards/us.ron");
    let text = std::fs::read_to_string(&us).unwrap();
    let mut out = String::new();
    let mut n = 0;
    for line in text.lines() {
        if line.trim_start().starts_with("name: \"") && line.starts_with("            name") {
            n += 1;
            out.push_str(&format!(
                "            name: \"평양에 특사를 보내 비핵화 협상의 돌파구를 찾고 제재 완화와 영변 폐기를 맞바꾸는 단계적 합의를 제안한다{n}\",\n"
            ));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    assert!(n > 5, "the US cards were renamed");
    std::fs::write(&us, out).unwrap();
    decks
}

/// The text between the outer borders of each row, joined, with no spaces: what a reader
/// of a full-width panel sees, line after line.
fn panel_text(rows: &[String]) -> String {
    rows.iter()
        .map(|r| {
            let inner: String = r.chars().filter(|c| !"┃│┏┓┗┛╭╮╰╯━─".contains(*c)).collect();
            inner
        })
        .collect::<String>()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn korean_names_wrap_or_end_in_an_ellipsis_and_lose_no_character() {
    let tmp = tempfile::tempdir().unwrap();
    let decks = korean_decks(tmp.path());
    let mut t = Term::start(
        tmp.path(),
        80,
        24,
        &[
            "--decks",
            decks.to_str().unwrap(),
            "play",
            "--scenario",
            "hanoi-2019",
            "--seed",
            "7",
        ],
        "us",
        &[],
    );
    let s = t.wait("US plans");
    // The hand: a name too long for its column ends in an ellipsis, never mid-character.
    let row = s
        .lines()
        .find(|l| l.contains("평양에"))
        .unwrap_or_else(|| panic!("a Korean card in the hand:\n{s}"));
    assert!(row.contains('…'), "a clipped name says so: {row}");
    // Play the highlighted card, with a Korean rationale, and submit.
    t.send(" ");
    let (i, _) = t.wait_any(&["In your plan", "Play it anyway?", "Tick"]);
    if i == 1 {
        t.send("y");
    } else if i == 2 {
        t.send(" ");
        t.send(ENTER);
        if t.wait_any(&["In your plan", "Play it anyway?"]).0 == 1 {
            t.send("y");
        }
    }
    t.send("r");
    t.wait("Rationale ✎");
    t.send("협상의 문을 열어 둔다");
    t.send(ENTER);
    t.send("s");
    t.wait("Submit the US plan?");
    t.send("y");
    // Offers to the US are turned down.
    while t.wait_any(&["what happened", "answers an"]).0 == 1 {
        let s = t.screen();
        t.send("x");
        t.send(ENTER);
        t.wait_change(&s);
    }
    t.send("a");
    t.wait("Every step is shown");
    // Scroll to the first step and read the whole panel: the played card's full name is there,
    // every character of it, wrapped, nothing cut at the border.
    t.send("g");
    let s = t.settled();
    let rows = t.rows();
    let text = panel_text(&rows[2..rows.len() - 3]);
    let full: String = "평양에 특사를 보내 비핵화 협상의 돌파구를 찾고 제재 완화와 영변 폐기를 맞바꾸는 단계적 합의를 제안한다"
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(
        text.contains(&full),
        "the card's name is cut somewhere:\n{s}"
    );
    t.quit();
}

/// "-2.9 → 18" after `label` in `line`: the change and the total it gives.
fn change_and_total(line: &str, label: &str) -> Option<(f32, f32)> {
    let at = line.find(label)?;
    let rest = line[at + label.len()..].trim_start();
    let mut parts = rest.split_whitespace();
    let d: f32 = parts.next()?.trim_end_matches(':').parse().ok()?;
    if parts.next()? != "→" {
        return None;
    }
    let n: f32 = parts.next()?.trim_end_matches(':').parse().ok()?;
    Some((d, n))
}

#[test]
fn the_results_add_up_in_order_and_every_offer_ends_in_a_sentence() {
    let tmp = tempfile::tempdir().unwrap();
    // Tall enough for the whole turn on one screen.
    let mut t = Term::start(
        tmp.path(),
        80,
        100,
        &["play", "--scenario", "hanoi-2019", "--seed", "7"],
        "us",
        &[],
    );
    t.wait("US plans");
    t.send("s");
    t.wait("Submit the US plan?");
    t.send("y");
    while t.wait_any(&["what happened", "answers an"]).0 == 1 {
        let s = t.screen();
        t.send("x");
        t.send(ENTER);
        t.wait_change(&s);
    }
    t.send("a");
    let s = t.wait("Every step is shown");
    // The strip: "Tension 30 → 16 …" (or "30 → 33 at planning → 16").
    let strip = s.lines().nth(1).unwrap().to_string();
    let nums: Vec<f32> = strip
        .split_whitespace()
        .skip(1)
        // Tension's part of the strip only: its numbers, arrows and "at planning" (the
        // sanctions and verification that follow are not its).
        .take_while(|w| {
            !w.starts_with('(') && (w.parse::<f32>().is_ok() || ["→", "at", "planning"].contains(w))
        })
        .filter_map(|w| w.parse().ok())
        .collect();
    // The steps start from tension at planning: the strip's middle number when the turn's
    // events moved it before the plans ("30 → 33 at planning → 16").
    let start = if nums.len() >= 3 { nums[1] } else { nums[0] };
    let end = *nums.last().unwrap();
    // Every tension line: its total is the one before plus its change.
    let mut total = start;
    let mut seen = 0;
    for line in s.lines() {
        if let Some((d, n)) = change_and_total(line, "tension") {
            assert!(
                (total + d - n).abs() <= 1.0,
                "{total} {d:+} is not {n}: {line}\n{s}"
            );
            total = n;
            seen += 1;
        }
    }
    assert!(seen >= 2, "tension moved in steps:\n{s}");
    assert!(
        (total - end).abs() <= 1.0,
        "the steps end at {total}, the strip at {end}:\n{s}"
    );
    // Every offer ends in one sentence.
    let mut offers = 0;
    let lines: Vec<&str> = s.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        if l.contains("⇄ ") {
            offers += 1;
            let rest = &lines[i + 1..];
            let end = rest.iter().position(|x| {
                let x = x.trim_start_matches('┃').trim_start();
                x.starts_with(['◆', '⇄', '▶', '⚄', '✚', '!', '▲', '▼', '‼', '∿', '■', '·'])
            });
            let block = &rest[..end.unwrap_or(rest.len())];
            assert!(
                block.iter().any(|x| x.contains("→ ")
                    && (x.contains("no deal")
                        || x.contains("signed")
                        || x.contains("goes ahead")
                        || x.contains("accepted the counter"))),
                "an offer with no ending: {l}\n{s}"
            );
        }
    }
    assert!(offers > 0, "the turn had offers:\n{s}");
    t.quit();
}

/// The seed the new-game screen shows.
fn form_seed(s: &str) -> String {
    let line = s
        .lines()
        .find(|l| l.contains("Seed "))
        .unwrap_or_else(|| panic!("a seed on the new-game screen:\n{s}"));
    let at = line.find("Seed ").unwrap() + 5;
    line[at..]
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect()
}

#[test]
fn every_new_game_from_the_title_draws_a_fresh_seed() {
    let tmp = tempfile::tempdir().unwrap();
    let mut t = Term::start(tmp.path(), 80, 24, &["play"], "us,dprk", &[]);
    t.wait("New game");
    t.send("n");
    let s = t.wait("Seed, facilitator, start");
    let first = form_seed(&s);
    assert!(!first.is_empty(), "{s}");
    // A facilitated game, ended at once from the console: the debrief, then the title.
    t.send("\t\t\t\t");
    t.send("l");
    t.wait("Facilitator ◀ on ▶");
    t.send(ENTER);
    t.wait("Pass the screen to US");
    t.send("F");
    t.wait("White cell");
    t.send("4");
    t.wait("End the session");
    for _ in 0..4 {
        t.send("j");
    }
    t.send(ENTER);
    t.wait("go to the debrief?");
    t.send("y");
    t.wait("Debrief");
    t.send(ENTER);
    t.wait("New game");
    t.send("n");
    let s = t.wait("Seed, facilitator, start");
    let second = form_seed(&s);
    assert_ne!(first, second, "the next class got the same dice:\n{s}");
    t.quit();
}

#[test]
fn resuming_lands_on_the_step_of_the_results_that_was_on_screen() {
    let tmp = tempfile::tempdir().unwrap();
    let args = ["play", "--scenario", "hanoi-2019", "--seed", "7"];
    let mut t = Term::start(tmp.path(), 80, 24, &args, "us", &[]);
    t.wait("US plans");
    t.send("s");
    t.wait("Submit the US plan?");
    t.send("y");
    while t.wait_any(&["what happened", "answers an"]).0 == 1 {
        let s = t.screen();
        t.send("x");
        t.send(ENTER);
        t.wait_change(&s);
    }
    t.send("l");
    t.send("l");
    let s = t.wait("step 3 of");
    let total: String = s
        .split("step 3 of ")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    t.quit();
    drop(t);

    // `brink resume 1`: the same turn's results, at the same step.
    let mut t = Term::start(tmp.path(), 80, 24, &["resume", "1"], "us", &[]);
    let s = t.wait("what happened");
    assert!(
        s.contains(&format!("step 3 of {total}")) && s.contains("turn 1 "),
        "resumed elsewhere:\n{s}"
    );
    t.quit();
}

/// Plays a hotseat game of fire-and-fury-2017 from the title to the debrief, the US and the
/// DPRK at the screen (the others as the scenario casts them), `tabs_to_length` choosing the
/// length with `l` presses: plans passed, offers rejected, backing down in a crisis, every
/// result read whole. Returns (keys pressed, screens seen, turns played, the last turn's date).
fn class_game(lengthen: usize) -> (usize, usize, u16, String) {
    let tmp = tempfile::tempdir().unwrap();
    let mut t = Term::start(tmp.path(), 80, 24, &["play", "--seed", "7"], "us,dprk", &[]);
    t.wait("New game");
    t.send("n");
    t.wait("Seed, facilitator, start");
    // Hanoi is highlighted: two up is Fire and Fury (the list is by date).
    t.send("k");
    t.send("k");
    let s = t.wait("Fire and Fury · from 2017-08");
    assert!(
        s.contains("▶ US      ◀ Human") || s.contains("US        Human"),
        "{s}"
    );
    t.send("\t\t\t");
    for _ in 0..lengthen {
        t.send("l");
    }
    if lengthen > 0 {
        t.wait("◀ 6 × 2 months ▶");
    }
    t.send(ENTER);
    let mut screens = 1;
    let mut turn = 0u16;
    let mut date = String::new();
    loop {
        let (i, s) = t.wait_any(&[
            "Pass the screen to",
            " plans ",
            "answers a",
            "Stand firm",
            "what happened",
            "the turn so far",
            "Debrief",
        ]);
        screens += 1;
        match i {
            0 => t.send(READY),
            1 => {
                if let Some(at) = s.find("turn ") {
                    turn = s[at + 5..]
                        .chars()
                        .take_while(|c| c.is_ascii_digit())
                        .collect::<String>()
                        .parse()
                        .unwrap_or(turn);
                    // "turn 3/6 · 2017-12 · US plans"
                    if let Some(d) = s[at..].split(" · ").nth(1) {
                        date = d.trim().to_string();
                    }
                }
                t.send("s");
                // (A frame read mid-change can look like a planning screen: then the s did
                // nothing, and the loop reads the screen again.)
                let next = [
                    "Submit the",
                    "Pass the screen to",
                    "what happened",
                    "Debrief",
                ];
                if t.wait_any(&next).0 != 0 {
                    continue;
                }
                t.send("y");
            }
            2 => {
                t.send("x");
                t.send(ENTER);
            }
            3 => {
                t.send("b");
                t.send(ENTER);
            }
            // A hotseat turn opens on its summary page: Enter goes on.
            4 | 5 if s.contains("Summary ·") => t.send(ENTER),
            4 | 5 => {
                t.send("a");
                t.wait("Every step is shown");
                t.send(ENTER);
            }
            _ => break,
        }
        t.wait_change(&s);
        assert!(screens < 2000, "the game never ended");
    }
    let keys = t.keys;
    t.quit();
    (keys, screens, turn, date)
}

/// The short class is six turns of two months: it spans the scenario's year (August 2017 to
/// July 2018), its last turn opening in June 2018, not January.
#[test]
fn a_hotseat_class_of_fire_and_fury_reaches_the_debrief_in_the_short_length() {
    let (keys, screens, turns, date) = class_game(1);
    eprintln!("class length: {turns} turns to {date}, {keys} keys, {screens} screens");
    assert!(turns <= 6, "played past the class length: turn {turns}");
    if turns == 6 {
        assert_eq!(date, "2018-06", "six turns of two months from 2017-08");
    }
}

/// A class length is part of the game: quit and `brink resume` and it is still the short
/// class (turn 1/6, turns of two months), not the whole game.
#[test]
fn the_class_length_is_kept_across_a_resume() {
    let tmp = tempfile::tempdir().unwrap();
    let mut t = Term::start(
        tmp.path(),
        120,
        40,
        &["play", "--seed", "7"],
        "us,dprk",
        &[],
    );
    t.wait("New game");
    t.send("n");
    t.wait("Seed, facilitator, start");
    t.send("k");
    t.send("k");
    t.wait("Fire and Fury · from 2017-08");
    t.send("\t\t\t");
    t.send("l");
    t.wait("◀ 6 × 2 months ▶");
    t.send(ENTER);
    t.wait("Pass the screen to US");
    t.send(READY);
    let s = t.wait(" plans ");
    assert!(s.contains("turn 1/6 · 2017-08"), "{s}");
    t.send("s");
    t.wait("Submit the US plan?");
    t.send("y");
    t.wait("Pass the screen to DPRK");
    t.quit();
    drop(t);

    let mut t = Term::start(tmp.path(), 120, 40, &["resume", "1"], "us,dprk", &[]);
    if t.wait_any(&["Pass the screen to", " plans "]).0 == 0 {
        t.send(READY);
    }
    let s = t.wait(" plans ");
    assert!(
        s.contains("turn 1/6 · 2017-08"),
        "the class length was lost:\n{s}"
    );
    t.quit();
}

/// The whole 12-turn game, for the README's comparison (slow: `--ignored`).
#[test]
#[ignore]
fn a_hotseat_game_of_fire_and_fury_in_full() {
    let (keys, screens, turns, date) = class_game(0);
    eprintln!("full length: {turns} turns to {date}, {keys} keys, {screens} screens");
}

/// Plays `card` for the side planning at the screen (handovers passed), then submits.
fn plan_card(a: &mut App, cards: &[(brink::content::SideId, &str)]) {
    for _ in 0..20 {
        match &a.screen {
            Screen::Handover(_) => a.handle(A::Ready),
            Screen::Planning(ui) => {
                let side = ui.side;
                if let Some((_, id)) = cards.iter().find(|(s, _)| *s == side) {
                    let card = a.db.card_ix(id).unwrap();
                    let i = a.hand(side).iter().position(|c| *c == card).unwrap();
                    assert!(a.unplayable(side, card).is_none(), "{id} is not playable");
                    // A click on the card selects it; on the selected card, plays it.
                    if ui.hand_sel != i {
                        a.handle(A::Pick(i));
                    }
                    a.handle(A::Pick(i));
                    // An offer of a package opens it to be edited: sent as it stands.
                    if matches!(a.screen, Screen::Package(_)) {
                        a.handle(A::Select);
                        if a.overlay.is_some() {
                            a.handle(A::Yes);
                        }
                    }
                }
                a.handle(A::Submit);
                a.handle(A::Yes);
            }
            _ => return,
        }
    }
}

#[test]
fn a_side_at_the_screen_answers_all_it_is_asked_before_it_is_passed_on() {
    use brink::content::SideId::{Dprk, Rok, Us};
    // The US's summit (to the DPRK), the DPRK's Yongbyon offer (to the US) and Seoul's rail
    // links (to the DPRK): made in that order, the DPRK is asked first and third.
    let mut a = tui_support::hanoi(120, 40, &["us", "dprk", "rok"]);
    plan_card(
        &mut a,
        &[
            (Us, "us-hold-summit"),
            (Dprk, "dprk-yongbyon-for-relief"),
            (Rok, "rok-rail-road-links"),
        ],
    );
    a.run_ai();
    assert!(
        open_offers_to(&a, Dprk) >= 2,
        "the DPRK is not asked twice: {:?}",
        a.session.as_ref().map(|s| s
            .game
            .state
            .offers
            .iter()
            .map(|o| (o.from, o.to, o.card))
            .collect::<Vec<_>>())
    );
    // Who answers, screen by screen, and how often the screen is passed.
    let (mut answers, mut handovers) = (Vec::new(), 0);
    for _ in 0..40 {
        match &a.screen {
            Screen::Handover(_) => {
                handovers += 1;
                a.handle(A::Ready);
            }
            Screen::Respond(ui) => {
                answers.push(ui.side);
                a.handle(A::Reject);
                a.handle(A::Select);
            }
            _ => break,
        }
    }
    let first_dprk = answers.iter().position(|s| *s == Dprk).unwrap();
    let dprk_answers = answers.iter().filter(|s| **s == Dprk).count();
    assert!(
        answers[first_dprk..first_dprk + dprk_answers]
            .iter()
            .all(|s| *s == Dprk),
        "the DPRK's answers are split: {answers:?}"
    );
    // One handover a side that answers after the DPRK planned last.
    let sides = [Us, Dprk, Rok]
        .iter()
        .filter(|s| answers.contains(s))
        .count();
    assert!(
        handovers < sides,
        "{handovers} handovers for {sides} sides: {answers:?}"
    );
}

#[test]
fn all_the_steps_from_the_summary_open_at_the_newest() {
    let mut a = tui_support::hanoi(80, 24, &["us", "dprk"]);
    play_plainly(
        &mut a,
        |a| matches!(&a.screen, Screen::Resolution(ui) if ui.summary),
    );
    assert!(matches!(&a.screen, Screen::Resolution(ui) if ui.summary));
    let _ = render(&a);
    a.handle(A::RevealAll);
    let all = render(&a);
    assert!(
        a.scroll_max.get() > 0,
        "the turn's steps fit one screen, so this shows nothing"
    );
    // The last step stepped to: the view at the newest step.
    a.handle(A::Left);
    let _ = render(&a);
    a.handle(A::Right);
    let stepped = render(&a);
    assert_eq!(
        all, stepped,
        "`a` from the summary shows another part of the steps"
    );
}
