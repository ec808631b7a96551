//! The terminal under signals (and a stray paste start), in a real pseudo-terminal read back
//! through vt100: SIGTERM and
//! SIGHUP leave the terminal as it was; SIGTSTP and Ctrl-Z suspend (terminal restored, process
//! stopped) and SIGCONT (`fg`) resumes cleanly (raw mode again: a single key acts at once; the
//! whole screen redrawn). No fixed sleeps: every wait is for a state, with a timeout.
#![cfg(target_os = "linux")]

use std::time::Duration;

#[path = "tui_support/pty.rs"]
mod pty;

use pty::Term;

/// hanoi-2019, seed 7, at 80x24 with the US and the DPRK at the screen.
fn start(tmp: &std::path::Path) -> Term {
    Term::start(
        tmp,
        80,
        24,
        &["play", "--scenario", "hanoi-2019", "--seed", "7"],
        "us,dprk",
        &[],
    )
}

fn ends_by_signal_with_the_terminal_restored(sig: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let mut t = start(tmp.path());
    t.wait("Pass the screen to US");
    t.signal(sig);
    let status = t.exit_status();
    assert!(!status.success(), "{sig}: {status:?}");
    t.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    ends_by_signal_with_the_terminal_restored("TERM");
}

#[test]
fn sighup_restores_the_terminal() {
    ends_by_signal_with_the_terminal_restored("HUP");
}

/// Suspended, then continued: the terminal is given back while stopped, and taken again (raw
/// mode: `q` alone opens the quit question) with the whole screen drawn on continuing.
fn suspend_and_resume(t: &mut Term, suspend: impl Fn(&mut Term)) {
    suspend(t);
    t.until("the process to stop", |t| t.state() == 'T');
    t.assert_restored();
    t.signal("CONT");
    t.until("the game screen again", |t| t.in_game_mode());
    t.wait("Pass the screen to US");
    // A single key, no Enter: only raw mode delivers it.
    t.send("q");
    t.wait("Leave Brink?");
    t.send("n");
    t.until("the question closed", |t| {
        !t.screen().contains("Leave Brink?")
    });
}

#[test]
fn sigtstp_suspends_and_sigcont_resumes_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let mut t = start(tmp.path());
    t.wait("Pass the screen to US");
    suspend_and_resume(&mut t, |t| t.signal("TSTP"));
    // And again, by the key a shell user presses.
    suspend_and_resume(&mut t, |t| t.send("\x1a"));
    t.send("q");
    t.wait("Leave Brink?");
    t.send("y");
    let status = t.exit_status();
    assert!(status.success(), "{status:?}");
    t.assert_restored();
}

/// A bracketed-paste start that never ends (a stray `ESC [ 200 ~`) used to swallow every key
/// after it. Keys typed once it has waited half a second act again, and a real paste, start and
/// end together, still arrives as a paste.
#[test]
fn a_stray_paste_start_does_not_swallow_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let mut t = start(tmp.path());
    t.wait("Pass the screen to US");
    t.send("\x1b[200~");
    // The bound is about time (a real paste's chunks come within milliseconds): wait past it.
    std::thread::sleep(Duration::from_millis(800));
    t.send("q");
    t.wait("Leave Brink?");
    t.send("n");
    t.until("the question closed", |t| {
        !t.screen().contains("Leave Brink?")
    });
    // A whole paste is still one paste, not keys: `q` inside it does not open the question.
    t.send("\x1b[200~q y q\x1b[201~");
    t.send("?");
    t.wait("Keys");
    assert!(!t.screen().contains("Leave Brink?"), "{}", t.screen());
    t.send("\x1b");
    t.send("q");
    t.wait("Leave Brink?");
    t.send("y");
    let status = t.exit_status();
    assert!(status.success(), "{status:?}");
    t.assert_restored();
}
