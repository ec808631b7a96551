//! The real binary in a pseudo-terminal of a chosen size, driven by keystrokes and read back
//! through a terminal emulator (vt100). Every wait is for text, with a timeout; no fixed sleeps.
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
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
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
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            NonZero::new(rows).unwrap(),
            NonZero::new(cols).unwrap(),
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
        // Keep the master alive as long as the test (dropping it hangs up the child).
        std::mem::forget(pair.master);
        Term {
            parser,
            writer,
            child,
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
}

impl Drop for Term {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}
