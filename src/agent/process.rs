//! An agent program as a child process: one line out on its stdin, one line back from its
//! stdout, with a deadline.
//!
//! A reader thread owns the child's stdout and sends each line down a channel, so waiting for
//! an answer is `recv_timeout` and a silent agent cannot hang Brink. The child's stderr is
//! where the agent talks to its author; Brink writes its own complaints about the agent there
//! too (`Complaints`), so the two read together.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The longest line Brink reads from an agent: an answer is a few hundred bytes; a runaway
/// agent must not fill memory.
pub const MAX_LINE: usize = 1 << 20;

/// How long a process that has been told the game is over (its stdin closed) gets to exit on
/// its own before it is killed.
const GRACE: Duration = Duration::from_millis(500);

/// What the reader thread saw.
enum Read1 {
    Line(String),
    /// A line longer than `MAX_LINE` (the rest of it was skipped).
    TooLong,
    /// Not UTF-8.
    NotText,
}

/// Why no answer came.
#[derive(Debug, Clone, PartialEq)]
pub enum NoAnswer {
    /// Nothing before the deadline.
    Late,
    /// The agent is gone: its stdout closed or it could not be written to. The text says how
    /// it ended ("exited with status 3", "was killed by signal 9").
    Gone(String),
    /// A line came but cannot be an answer.
    Unreadable(String),
}

pub struct AgentProcess {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<Read1>,
    /// The command as the user gave it, for messages.
    pub command: String,
}

impl AgentProcess {
    /// Starts `words` (a program and its arguments, see `command::split`) with piped stdin and
    /// stdout, and stderr going to `stderr`.
    pub fn spawn(command: &str, words: &[String], stderr: Stdio) -> Result<AgentProcess, String> {
        let (program, args) = words.split_first().ok_or("the command is empty")?;
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => {
                    format!("cannot start `{command}`: {program} was not found")
                }
                std::io::ErrorKind::PermissionDenied => {
                    format!("cannot start `{command}`: {program} is not executable")
                }
                _ => format!("cannot start `{command}`: {e}"),
            })?;
        let (stdin, stdout) = match (child.stdin.take(), child.stdout.take()) {
            (Some(i), Some(o)) => (i, o),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "cannot start `{command}`: its pipes could not be opened"
                ));
            }
        };
        let (tx, lines) = mpsc::channel();
        std::thread::Builder::new()
            .name("brink-agent-reader".into())
            .spawn(move || read_lines(stdout, tx))
            .map_err(|e| format!("cannot start `{command}`: no reader thread ({e})"))?;
        Ok(AgentProcess {
            child,
            stdin: Some(stdin),
            lines,
            command: command.to_string(),
        })
    }

    /// Writes one message (a line without its newline).
    pub fn send(&mut self, line: &str) -> Result<(), NoAnswer> {
        let Some(stdin) = self.stdin.as_mut() else {
            return Err(NoAnswer::Gone("its input was already closed".into()));
        };
        let wrote = stdin
            .write_all(line.as_bytes())
            .and_then(|_| stdin.write_all(b"\n"))
            .and_then(|_| stdin.flush());
        match wrote {
            Ok(()) => Ok(()),
            Err(_) => Err(NoAnswer::Gone(self.how_it_ended())),
        }
    }

    /// The next line that is not blank, waiting until `deadline`.
    pub fn receive(&mut self, deadline: Instant) -> Result<String, NoAnswer> {
        loop {
            let wait = deadline.saturating_duration_since(Instant::now());
            return match self.lines.recv_timeout(wait) {
                Ok(Read1::Line(l)) if l.trim().is_empty() => continue,
                Ok(Read1::Line(l)) => Ok(l),
                Ok(Read1::TooLong) => Err(NoAnswer::Unreadable(format!(
                    "the answer is longer than {MAX_LINE} bytes"
                ))),
                Ok(Read1::NotText) => {
                    Err(NoAnswer::Unreadable("the answer is not UTF-8 text".into()))
                }
                Err(RecvTimeoutError::Timeout) => Err(NoAnswer::Late),
                Err(RecvTimeoutError::Disconnected) => Err(NoAnswer::Gone(self.how_it_ended())),
            };
        }
    }

    /// Why the agent stopped, once its stdout has closed: waits a moment for its exit status.
    fn how_it_ended(&mut self) -> String {
        let until = Instant::now() + GRACE;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return describe_exit(status),
                Ok(None) if Instant::now() < until => std::thread::sleep(Duration::from_millis(5)),
                Ok(None) => return "closed its output but is still running".into(),
                Err(e) => return format!("cannot be waited for ({e})"),
            }
        }
    }

    /// Closes the agent's input (its signal that the game is over), gives it a moment to exit,
    /// then kills it if it has not. Never leaves a zombie.
    pub fn finish(&mut self) {
        self.stdin = None;
        let until = Instant::now() + GRACE;
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) | Err(_) => return,
                Ok(None) if Instant::now() < until => std::thread::sleep(Duration::from_millis(2)),
                Ok(None) => break,
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for AgentProcess {
    fn drop(&mut self) {
        self.finish();
    }
}

fn describe_exit(status: std::process::ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exited with status {code}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return format!("was killed by signal {sig}");
        }
    }
    format!("ended ({status})")
}

/// The reader thread: each line of `out` down the channel, until the agent closes its output
/// or Brink stops listening.
fn read_lines(out: impl Read, tx: mpsc::Sender<Read1>) {
    let mut r = BufReader::new(out);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = match (&mut r)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut buf)
        {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        let item = if buf.last() != Some(&b'\n') && n > MAX_LINE {
            // Skip the rest of the overlong line.
            loop {
                let mut rest = Vec::new();
                match (&mut r).take(MAX_LINE as u64).read_until(b'\n', &mut rest) {
                    Ok(0) | Err(_) => break,
                    Ok(_) if rest.last() == Some(&b'\n') => break,
                    Ok(_) => {}
                }
            }
            Read1::TooLong
        } else {
            while matches!(buf.last(), Some(b'\n' | b'\r')) {
                buf.pop();
            }
            match String::from_utf8(std::mem::take(&mut buf)) {
                Ok(s) => Read1::Line(s),
                Err(_) => Read1::NotText,
            }
        };
        if tx.send(item).is_err() {
            return;
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn sh(script: &str) -> AgentProcess {
        let words = vec!["sh".to_string(), "-c".to_string(), script.to_string()];
        AgentProcess::spawn(script, &words, Stdio::null()).expect("sh starts")
    }

    fn soon() -> Instant {
        Instant::now() + Duration::from_secs(10)
    }

    #[test]
    fn a_line_out_and_a_line_back() {
        let mut p = sh("while read x; do echo \"got $x\"; done");
        for i in 0..3 {
            p.send(&format!("m{i}")).expect("sent");
            assert_eq!(p.receive(soon()), Ok(format!("got m{i}")));
        }
    }

    #[test]
    fn blank_lines_and_carriage_returns_are_skipped() {
        let mut p = sh("read x; printf '\\n\\r\\nok\\r\\n'; sleep 5");
        p.send("go").expect("sent");
        assert_eq!(p.receive(soon()), Ok("ok".to_string()));
    }

    #[test]
    fn a_silent_agent_is_late_at_the_deadline() {
        let mut p = sh("read x; sleep 5");
        p.send("go").expect("sent");
        let t = Instant::now();
        let r = p.receive(Instant::now() + Duration::from_millis(100));
        assert_eq!(r, Err(NoAnswer::Late));
        assert!(t.elapsed() < Duration::from_secs(3));
    }

    #[test]
    fn an_agent_that_exits_is_gone_with_its_status() {
        let mut p = sh("read x; exit 3");
        p.send("go").expect("sent");
        assert_eq!(
            p.receive(soon()),
            Err(NoAnswer::Gone("exited with status 3".into()))
        );
        // And writing to it afterwards says so too, rather than failing with a broken pipe.
        assert!(matches!(p.send("more"), Err(NoAnswer::Gone(_))));
    }

    #[test]
    fn an_overlong_line_is_unreadable_and_the_next_line_still_reads() {
        let mut p = sh("read x; head -c 1100000 /dev/zero | tr '\\0' a; echo; echo next; sleep 5");
        p.send("go").expect("sent");
        assert!(matches!(p.receive(soon()), Err(NoAnswer::Unreadable(_))));
        assert_eq!(p.receive(soon()), Ok("next".to_string()));
    }

    #[test]
    fn a_missing_program_is_named() {
        let words = vec!["no-such-agent-program".to_string()];
        let e = AgentProcess::spawn("no-such-agent-program", &words, Stdio::null())
            .err()
            .expect("refused");
        assert!(e.contains("no-such-agent-program was not found"), "{e}");
    }

    #[test]
    fn finishing_kills_an_agent_that_does_not_exit_on_its_own() {
        let mut p = sh("trap '' PIPE; while true; do sleep 1; done");
        let t = Instant::now();
        p.finish();
        assert!(t.elapsed() < Duration::from_secs(3));
        assert!(p.child.try_wait().expect("waitable").is_some());
    }
}
