//! End to end: the real binary in a pseudo-terminal, driven by keystrokes, read back through a
//! terminal emulator (vt100). Two whole turns of hanoi-2019 with the US and the DPRK at the
//! screen (BRINK_SEATS=us,dprk; the other three sides play `random`), checking the screen at
//! every step, then `q` `y`, and the terminal must be as it was: main screen, cursor shown,
//! mouse and bracketed paste off. No fixed sleeps: every wait is for text, with a timeout.

#[path = "tui_support/pty.rs"]
mod pty;

use std::time::{Duration, Instant};

use pty::{ENTER, READY, TIMEOUT, Term};

const ROWS: u16 = 24;
const COLS: u16 = 80;

/// hanoi-2019, seed 7, at 80x24 with the US and the DPRK at the screen.
fn start(tmp: &std::path::Path) -> Term {
    start_with(tmp, &[])
}

fn start_with(tmp: &std::path::Path, extra_env: &[(&str, &str)]) -> Term {
    start_cmd(
        tmp,
        &["play", "--scenario", "hanoi-2019", "--seed", "7"],
        extra_env,
    )
}

/// `brink ARGS` at 80x24, the US and the DPRK at the screen unless `extra_env` says otherwise.
fn start_cmd(tmp: &std::path::Path, args: &[&str], extra_env: &[(&str, &str)]) -> Term {
    Term::start(tmp, COLS, ROWS, args, "us,dprk", extra_env)
}

/// Plays one side's planning: optionally a card by its row, a rationale, submit.
fn plan(t: &mut Term, side: &str, card_row: Option<usize>, rationale: &str) {
    let s = t.wait(&format!("{side} plans"));
    assert!(
        s.contains("hand"),
        "the hand is on the planning screen:\n{s}"
    );
    if let Some(row) = card_row {
        t.send("g");
        t.send("g");
        t.send(&"j".repeat(row));
        t.send(" ");
        t.wait("In your plan:");
    }
    t.send("r");
    t.wait("Rationale ✎");
    t.send(rationale);
    t.wait(rationale);
    t.send(ENTER);
    t.wait("Rationale (r)");
    t.send("s");
    let s = t.wait(&format!("Submit the {side} plan?"));
    assert!(s.contains(rationale));
    t.send("y");
}

/// After both sides planned: answer any offers (reject), step through the resolution.
fn finish_turn(t: &mut Term, turn: u16) {
    loop {
        let (i, s) = t.wait_any(&[
            "Pass the screen to",
            "answers an",
            "what happened",
            "the turn so far",
            "CRISIS",
        ]);
        match i {
            0 => {
                assert!(s.contains("look away"), "{s}");
                t.send(READY);
                t.wait_any(&["answers an", "CRISIS"]);
            }
            1 => {
                assert!(s.contains("Accept") && s.contains("Reject"), "{s}");
                t.send("x");
                t.send(ENTER);
                // Wait for the screen to move on from this offer.
                t.wait_change(&s);
                t.wait_any(&[
                    "Pass the screen to",
                    "what happened",
                    "the turn so far",
                    "CRISIS",
                    "answers an",
                ]);
            }
            2 | 3 => {
                assert!(
                    s.contains(&format!("turn {turn}")),
                    "resolution of turn {turn}:\n{s}"
                );
                t.send("a");
                let s = t.wait("Every step is shown");
                assert!(s.contains("Step by step"));
                t.send(ENTER);
                if i == 2 {
                    return;
                }
            }
            _ => {
                assert!(s.contains("Stand firm") && s.contains("Back down"), "{s}");
                t.send("b");
                t.send(ENTER);
                t.wait_any(&["Pass the screen to", "what happened"]);
            }
        }
    }
}

#[test]
fn two_hotseat_turns_in_a_real_terminal_then_a_clean_exit() {
    let tmp = tempfile::tempdir().unwrap();
    let mut t = start(tmp.path());

    // Turn 1. `play --scenario` skips the title: straight to the first handover.
    let s = t.wait("Pass the screen to US");
    assert!(s.contains("Handover · turn 1"));
    t.send(READY);
    plan(&mut t, "US", Some(2), "Keep the envoy channel open");
    let s = t.wait("Pass the screen to DPRK");
    // Privacy: nothing of the US choices on the handover.
    assert!(!s.contains("envoy") && !s.contains("Keep the"), "{s}");
    t.send(READY);
    let s = t.wait("DPRK plans");
    assert!(s.contains("PC 4/4"), "{s}");
    plan(&mut t, "DPRK", None, "Wait and see");
    finish_turn(&mut t, 1);

    // Turn 2.
    let s = t.wait("Handover · turn 2");
    assert!(s.contains("Pass the screen to US"));
    assert!(s.contains("Since your last turn"));
    t.send(READY);
    let s = t.wait("turn 2/12");
    assert!(s.contains("2019-03"));
    plan(&mut t, "US", None, "Hold steady");
    t.wait("Pass the screen to DPRK");
    t.send(READY);
    plan(&mut t, "DPRK", Some(11), "A goodwill gesture");
    finish_turn(&mut t, 2);
    t.wait("Handover · turn 3");

    // Help lists the keys; then quit.
    t.send("?");
    let s = t.wait("Keys · Handover");
    assert!(s.contains("Every key of this screen"));
    t.send("\x1b");
    t.wait("Pass the screen to US");
    t.send("q");
    t.wait("Leave Brink?");
    t.send("y");

    // The process ends and the terminal is restored.
    let status = t.exit_status();
    assert!(status.success(), "brink exited with {status:?}");
    t.assert_restored();
    // An autosave was written on the way.
    let saves = std::fs::read_dir(tmp.path().join("saves")).unwrap().count();
    assert!(saves >= 1);
}

/// The planning clock as the header shows it ("0:59"), if any.
fn clock(s: &str) -> Option<String> {
    let at = s.find("⏱ US ")?;
    Some(s[at..].chars().skip(5).take(4).collect())
}

#[test]
fn a_facilitated_game_with_a_clock_in_a_real_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let mut t = start_cmd(tmp.path(), &["play"], &[]);
    t.wait("New game");
    t.send("n");
    t.wait("Seed, facilitator, start");
    // Tab to the facilitator row, turn it on, a one-minute timer.
    t.send("\t\t\t\t");
    t.send("l");
    t.wait("Facilitator ◀ on ▶");
    t.send("j");
    t.send("l");
    t.wait("◀ 1 min ▶");
    t.send(ENTER);
    let s = t.wait("Pass the screen to US");
    assert!(s.contains("1:00 to plan"), "{s}");
    assert!(s.contains("F console"), "{s}");
    t.send(READY);
    t.wait("⏱ US 1:00");
    // The real clock ticks on its own.
    t.wait("⏱ US 0:59");
    // Pause: the banner, and the clock stands still.
    t.send("F");
    t.wait("White cell");
    t.send("p");
    t.wait("PAUSED");
    t.send("\x1b");
    let s = t.wait("US plans");
    let frozen = clock(&s).expect("the clock is in the header");
    std::thread::sleep(Duration::from_millis(2200));
    let s = t.screen();
    assert_eq!(clock(&s).as_deref(), Some(frozen.as_str()), "{s}");
    assert!(s.contains("PAUSED"));
    // Resume: it runs again.
    t.send("F");
    t.wait("White cell");
    t.send("p");
    t.wait("Resumed");
    t.send("\x1b");
    let start = Instant::now();
    loop {
        let s = t.screen();
        if clock(&s).is_some_and(|c| c != frozen) && !s.contains("PAUSED") {
            break;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "the clock never moved again:\n{s}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    t.send("q");
    t.wait("Leave Brink?");
    t.send("y");
    let status = t.exit_status();
    assert!(status.success(), "brink exited with {status:?}");
    t.assert_restored();
}

#[test]
fn ctrl_c_leaves_at_once_and_restores_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let mut t = start(tmp.path());
    t.wait("Pass the screen to US");
    t.send(READY);
    t.wait("US plans");
    t.send("\x03");
    let status = t.exit_status();
    assert!(status.success(), "brink exited with {status:?}");
    t.assert_restored();
}

#[test]
fn a_panic_restores_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let mut t = start_with(tmp.path(), &[("BRINK_CRASH_TEST", "1")]);
    let status = t.exit_status();
    assert!(!status.success(), "a panic is a failure exit");
    t.assert_restored();
    // The panic message is printed after the screen was restored, so it can be read.
    let text = t.raw_text();
    let msg = text
        .find("deliberate panic")
        .expect("the panic message is printed");
    let left = text
        .rfind("\x1b[?1049l")
        .expect("the alternate screen was left");
    assert!(
        left < msg,
        "the screen is restored before the message is printed"
    );
}

#[test]
fn a_computer_player_that_panics_is_shown_and_the_game_goes_on() {
    // Every computer player's worker panics: each side passes, the screen says so, nothing is
    // printed over the game, and quitting restores the terminal as usual.
    let tmp = tempfile::tempdir().unwrap();
    let mut t = start_with(tmp.path(), &[("BRINK_CRASH_TEST", "ai")]);
    let s = t.wait("Pass the screen to US");
    assert!(s.contains("failed and passed"), "{s}");
    assert!(
        !s.contains("thread '"),
        "a panic message was printed over the game:\n{s}"
    );
    t.send(READY);
    t.wait("US plans");
    t.send("q");
    t.wait("Leave Brink?");
    t.send("y");
    let status = t.exit_status();
    assert!(status.success(), "brink exited with {status:?}");
    t.assert_restored();
}

#[test]
fn an_agent_program_that_dies_at_the_table_stops_the_game_keeps_it_and_exits_1() {
    // Every side a computer, the DPRK an agent program that dies at its fourth decision.
    let tmp = tempfile::tempdir().unwrap();
    let agent = format!(
        "dprk=exec:python3 '{}/tests/fixtures/agents/crash.py'",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut t = start_cmd(
        tmp.path(),
        &[
            "play",
            "--scenario",
            "hanoi-2019",
            "--seed",
            "7",
            "--policy",
            &agent,
        ],
        &[("BRINK_SEATS", "none")],
    );
    let status = t.exit_status();
    assert_eq!(status.exit_code(), 1, "{}", t.screen());
    t.assert_restored();
    let text = t.raw_text();
    assert!(text.contains("exited with status 3"), "{text}");
    assert!(text.contains("brink resume"), "{text}");
    // One record (beside it, the note of the screen it was left on: `tui::resume`).
    let saves: Vec<_> = std::fs::read_dir(tmp.path().join("saves"))
        .expect("the saves folder")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "ron"))
        .collect();
    assert_eq!(saves.len(), 1, "the game is autosaved");
    let log = std::fs::read_to_string(tmp.path().join("agent-dprk.log")).expect("the agent's log");
    assert!(log.contains("the game ends here"), "{log}");
}

/// One pseudo-terminal helper for every test (`tests/tui_support/pty.rs`): no test file opens
/// a pseudo-terminal of its own (there were three copies, which drifted apart).
#[test]
fn the_pseudo_terminal_helper_exists_once() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut openers = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("tests folder").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs")
                && std::fs::read_to_string(&p)
                    .unwrap_or_default()
                    .contains(concat!("native_pty", "_system()"))
            {
                openers.push(
                    p.strip_prefix(env!("CARGO_MANIFEST_DIR"))
                        .unwrap()
                        .to_owned(),
                );
            }
        }
    }
    assert_eq!(
        openers,
        [std::path::PathBuf::from("tests/tui_support/pty.rs")],
        "{openers:?}"
    );
}
