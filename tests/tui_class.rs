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

/// Plays on with plain choices (every plan empty, every offer rejected, back down) until
/// `want` holds; false if the game ended first.
fn drive(a: &mut App, want: impl Fn(&App) -> bool) -> bool {
    for _ in 0..400 {
        if want(a) {
            return true;
        }
        match &a.screen {
            Screen::Debrief(_) => return false,
            Screen::Handover(_) => a.handle(A::Ready),
            Screen::Resolution(_) => {
                a.handle(A::RevealAll);
                a.handle(A::Select);
            }
            Screen::Planning(_) => {
                a.handle(A::Submit);
                a.handle(A::Yes);
            }
            Screen::Respond(_) => {
                a.handle(A::Reject);
                a.handle(A::Select);
            }
            Screen::Crisis(_) => {
                a.handle(A::BackDown);
                a.handle(A::Select);
            }
            _ => a.handle(A::Select),
        }
    }
    false
}

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
        if drive(&mut a, |a| {
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
            if drive(&mut a, |a| matches!(a.screen, Screen::Respond(_))) {
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
    t.send("\t\t\t");
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
    assert!(s.contains("now 30"), "{s}");
    // v, then 70: the field reads 70 (it replaced 30), not 3070.
    t.send("v");
    t.type_str("70");
    let s = t.wait("70");
    assert!(!s.contains("3070"), "the value was appended to:\n{s}");
    t.send(ENTER);
    t.wait("Now r");
    // r is the reason key now, not a letter of anything.
    t.send("r");
    t.type_str("drill");
    t.send(ENTER);
    // Enter in the reason asks; nothing is set yet.
    let s = t.wait("Set it?");
    assert!(s.contains("from 30 to 70"), "{s}");
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
