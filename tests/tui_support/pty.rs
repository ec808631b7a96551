//! The real binary in a pseudo-terminal of a chosen size, driven by keystrokes and signals and
//! read back through a terminal emulator (vt100), with every byte it wrote kept. Every wait is
//! for text or a state, with a timeout; no fixed sleeps. The one pseudo-terminal helper of the
//! tests (`tui_class`, `tui_e2e`, `tui_signals`).
#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZero;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

pub const TIMEOUT: Duration = Duration::from_secs(30);
pub const ENTER: &str = "\r";
/// Space passes a handover (Enter does not).
pub const READY: &str = " ";

pub struct Term {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, for what the screen does not keep (escape sequences, a
    /// message printed after the screen was restored).
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    pid: u32,
    /// Keys sent so far (a key is one write: a letter, Enter, an arrow).
    pub keys: usize,
}

impl Term {
    /// `brink ARGS` at `cols`×`rows`, mono, with `data` as the data folder and `seats` human
    /// (`BRINK_SEATS`), plus `env`.
    pub fn start(
        data: &Path,
        cols: u16,
        rows: u16,
        args: &[&str],
        seats: &str,
        env: &[(&str, &str)],
    ) -> Term {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_brink"));
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("NO_COLOR", "1");
        cmd.env("TERM", "xterm-256color");
        cmd.env("BRINK_SEATS", seats);
        cmd.env("BRINK_DATA_DIR", data);
        cmd.env("RUST_BACKTRACE", "0");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("brink starts");
        drop(pair.slave);
        let pid = child.process_id().expect("a pid");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            NonZero::new(rows).unwrap(),
            NonZero::new(cols).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pair.master.try_clone_reader().expect("a reader");
        let (p, r) = (parser.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        p.lock().unwrap().process(&buf[..n]);
                        r.lock().unwrap().extend_from_slice(&buf[..n]);
                    }
                }
            }
        });
        let writer = pair.master.take_writer().expect("a writer");
        // Keep the master alive as long as the test (dropping it hangs up the child).
        std::mem::forget(pair.master);
        Term {
            parser,
            raw,
            writer,
            child,
            pid,
            keys: 0,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// The screen's rows, each exactly as wide as the terminal.
    pub fn rows(&self) -> Vec<String> {
        let p = self.parser.lock().unwrap();
        let (_, cols) = p.screen().size();
        p.screen().rows(0, cols.get()).collect()
    }

    pub fn send(&mut self, keys: &str) {
        self.keys += 1;
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Sends keys one at a time (each counts as a key).
    pub fn type_str(&mut self, s: &str) {
        for c in s.chars() {
            self.send(&c.to_string());
        }
    }

    pub fn wait(&mut self, text: &str) -> String {
        self.wait_any(&[text]).1
    }

    /// Waits until the screen shows one of `texts` and has stopped changing.
    pub fn wait_any(&mut self, texts: &[&str]) -> (usize, String) {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if texts.iter().any(|t| s.contains(t)) {
                let s = self.settled();
                if let Some(i) = texts.iter().position(|t| s.contains(t)) {
                    return (i, s);
                }
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("timed out waiting for {texts:?}; the screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(15));
        }
    }

    /// The screen once two reads a moment apart agree.
    pub fn settled(&mut self) -> String {
        let start = Instant::now();
        let mut last = self.screen();
        loop {
            std::thread::sleep(Duration::from_millis(60));
            let s = self.screen();
            if s == last || start.elapsed() > TIMEOUT {
                return s;
            }
            last = s;
        }
    }

    /// Waits until the screen is no longer `before`.
    pub fn wait_change(&mut self, before: &str) -> String {
        let start = Instant::now();
        while self.screen() == before {
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("the screen never changed:\n{before}");
            }
            std::thread::sleep(Duration::from_millis(15));
        }
        self.settled()
    }

    /// `q` `y`, and the process ends well.
    pub fn quit(&mut self) {
        self.send("q");
        self.wait("Leave Brink?");
        self.send("y");
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "brink exited with {status:?}");
                return;
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("brink did not exit; the screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(15));
        }
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
    }

    /// Everything the program wrote so far, as text.
    pub fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }

    /// Sends signal `name` (`TERM`, `TSTP`, `CONT`, ...) to the program.
    pub fn signal(&self, name: &str) {
        let ok = std::process::Command::new("kill")
            .args([format!("-{name}"), self.pid.to_string()])
            .status()
            .expect("kill runs")
            .success();
        assert!(ok, "kill -{name}");
    }

    /// The process state letter from /proc (`T`: stopped), or `?`.
    pub fn state(&self) -> char {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid)).unwrap_or_default();
        stat.rsplit(')')
            .next()
            .and_then(|rest| rest.trim_start().chars().next())
            .unwrap_or('?')
    }

    /// Waits until `cond` holds; fails with the screen on timeout.
    pub fn until(&mut self, what: &str, cond: impl Fn(&Term) -> bool) {
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

    /// The program's exit status, once it has exited; fails on timeout.
    pub fn exit_status(&mut self) -> portable_pty::ExitStatus {
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

    /// In the game's own terminal mode: the alternate screen, mouse capture on.
    pub fn in_game_mode(&self) -> bool {
        let p = self.parser.lock().unwrap();
        let sc = p.screen();
        sc.alternate_screen() && sc.mouse_protocol_mode() != vt100::MouseProtocolMode::None
    }

    /// The terminal as it was: main screen (the alternate one was entered and left), cursor
    /// shown, mouse capture and bracketed paste off.
    pub fn assert_restored(&mut self) {
        // Let the reader take the last bytes: the restore sequences come before exit, but the
        // reader thread may have parsed the main screen's and not yet the cursor's (or the
        // mouse's), so wait for the whole of it. A terminal never restored times out here.
        self.until(
            "the main screen, the cursor shown, mouse capture and bracketed paste off",
            |t| {
                let p = t.parser.lock().unwrap();
                let sc = p.screen();
                !sc.alternate_screen()
                    && !sc.hide_cursor()
                    && sc.mouse_protocol_mode() == vt100::MouseProtocolMode::None
                    && !sc.bracketed_paste()
            },
        );
        {
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
        let text = self.raw_text();
        assert!(
            text.contains("\x1b[?1049h"),
            "the alternate screen was entered"
        );
        assert!(
            text.contains("\x1b[?1049l"),
            "leave-alternate-screen was sent"
        );
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}
