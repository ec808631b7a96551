//! The terminal under signals (and a stray paste start), in a real pseudo-terminal read back
//! through vt100: SIGTERM and
//! SIGHUP leave the terminal as it was; SIGTSTP and Ctrl-Z suspend (terminal restored, process
//! stopped) and SIGCONT (`fg`) resumes cleanly (raw mode again: a single key acts at once; the
//! whole screen redrawn). No fixed sleeps: every wait is for a state, with a timeout.
#![cfg(target_os = "linux")]

use std::io::{Read, Write};
use std::num::NonZero;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 24;
const COLS: u16 = 80;
const TIMEOUT: Duration = Duration::from_secs(20);

struct Term {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    pid: u32,
}

impl Term {
    fn start(tmp: &std::path::Path) -> Term {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_brink"));
        cmd.args(["play", "--scenario", "hanoi-2019", "--seed", "7"]);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("NO_COLOR", "1");
        cmd.env("TERM", "xterm-256color");
        cmd.env("BRINK_SEATS", "us,dprk");
        cmd.env("BRINK_DATA_DIR", tmp);
        cmd.env("RUST_BACKTRACE", "0");
        let child = pair.slave.spawn_command(cmd).expect("brink starts");
        drop(pair.slave);
        let pid = child.process_id().expect("a pid");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            NonZero::new(ROWS).unwrap(),
            NonZero::new(COLS).unwrap(),
            0,
        )));
        let mut reader = pair.master.try_clone_reader().expect("a reader");
        let p = parser.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => p.lock().unwrap().process(&buf[..n]),
                }
            }
        });
        let writer = pair.master.take_writer().expect("a writer");
        std::mem::forget(pair.master);
        Term {
            parser,
            writer,
            child,
            pid,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn signal(&self, name: &str) {
        let ok = std::process::Command::new("kill")
            .args([format!("-{name}"), self.pid.to_string()])
            .status()
            .expect("kill runs")
            .success();
        assert!(ok, "kill -{name}");
    }

    /// Waits until `cond` holds; fails with the screen on timeout.
    fn until(&mut self, what: &str, cond: impl Fn(&Term) -> bool) {
        let start = Instant::now();
        while !cond(self) {
            if start.elapsed() > TIMEOUT {
                let s = self.screen();
                let _ = self.child.kill();
                panic!("timed out waiting for {what}; the screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(15));
        }
    }

    fn wait(&mut self, text: &str) {
        let t = text.to_string();
        self.until(text, move |s| s.screen().contains(&t));
    }

    /// The process state letter from /proc (`T`: stopped).
    fn state(&self) -> char {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid)).unwrap_or_default();
        stat.rsplit(')')
            .next()
            .and_then(|rest| rest.trim_start().chars().next())
            .unwrap_or('?')
    }

    fn exit_status(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("brink did not exit; the screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(15));
        }
    }

    /// Main screen, cursor shown, mouse capture and bracketed paste off.
    fn assert_restored(&mut self) {
        self.until("the main screen", |t| {
            !t.parser.lock().unwrap().screen().alternate_screen()
        });
        let p = self.parser.lock().unwrap();
        let sc = p.screen();
        assert!(!sc.hide_cursor(), "the cursor is shown again");
        assert_eq!(
            sc.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse capture is off"
        );
        assert!(!sc.bracketed_paste(), "bracketed paste is off");
    }

    fn in_game_mode(&self) -> bool {
        let p = self.parser.lock().unwrap();
        let sc = p.screen();
        sc.alternate_screen() && sc.mouse_protocol_mode() != vt100::MouseProtocolMode::None
    }
}

fn ends_by_signal_with_the_terminal_restored(sig: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let mut t = Term::start(tmp.path());
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
    let mut t = Term::start(tmp.path());
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
    let mut t = Term::start(tmp.path());
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
