//! An agent program as a child process: one line out on its stdin, one line back from its
//! stdout, with a deadline.
//!
//! On Unix Brink waits for the answer on the pipe itself (`poll` with the time left), so an
//! answer reaches Brink in one wake-up and a silent agent cannot hang it. Elsewhere a reader
//! thread owns the child's stdout and sends each line down a channel, and waiting is
//! `recv_timeout`. Both cut lines the same way (`Lines`). The child's stderr is where the agent
//! talks to its author; Brink writes its own complaints about the agent there too
//! (`Complaints`), so the two read together.

use std::io::{Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
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
    answers: Answers,
    /// The line being sent and its newline, written in one go.
    out: Vec<u8>,
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
        let answers = match Answers::new(stdout) {
            Ok(a) => a,
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("cannot start `{command}`: {e}"));
            }
        };
        Ok(AgentProcess {
            child,
            stdin: Some(stdin),
            answers,
            out: Vec::new(),
            command: command.to_string(),
        })
    }

    /// Writes one message (a line without its newline).
    pub fn send(&mut self, line: &str) -> Result<(), NoAnswer> {
        let Some(stdin) = self.stdin.as_mut() else {
            return Err(NoAnswer::Gone("its input was already closed".into()));
        };
        // One write for the line and its newline: the agent wakes once, to a whole line.
        self.out.clear();
        self.out.extend_from_slice(line.as_bytes());
        self.out.push(b'\n');
        let wrote = stdin.write_all(&self.out).and_then(|_| stdin.flush());
        match wrote {
            Ok(()) => Ok(()),
            Err(_) => Err(NoAnswer::Gone(self.how_it_ended())),
        }
    }

    /// The next line that is not blank, waiting until `deadline`.
    pub fn receive(&mut self, deadline: Instant) -> Result<String, NoAnswer> {
        loop {
            return match self.answers.next(deadline) {
                Waited::Got(Read1::Line(l)) if l.trim().is_empty() => continue,
                Waited::Got(Read1::Line(l)) => Ok(l),
                Waited::Got(Read1::TooLong) => Err(NoAnswer::Unreadable(format!(
                    "the answer is longer than {MAX_LINE} bytes"
                ))),
                Waited::Got(Read1::NotText) => {
                    Err(NoAnswer::Unreadable("the answer is not UTF-8 text".into()))
                }
                Waited::Late => Err(NoAnswer::Late),
                Waited::Closed => Err(NoAnswer::Gone(self.how_it_ended())),
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

/// What waiting for the agent's next line came to.
enum Waited {
    Got(Read1),
    /// Nothing before the deadline.
    Late,
    /// The agent closed its output (or it cannot be read).
    Closed,
}

/// Cuts the bytes an agent writes into lines: a line ends at `\n` (trailing `\r`s dropped); a
/// line longer than `MAX_LINE` is reported once and skipped up to its end; a last line without
/// its newline still counts when the output closes.
#[derive(Default)]
struct Lines {
    buf: Vec<u8>,
    /// Where to look for the next newline (the bytes before it have none).
    scanned: usize,
    /// Inside an overlong line, dropping bytes until its newline.
    skipping: bool,
}

impl Lines {
    fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// The next whole line, if one is in.
    fn next(&mut self) -> Option<Read1> {
        loop {
            match self.buf[self.scanned..].iter().position(|&b| b == b'\n') {
                Some(i) => {
                    let end = self.scanned + i;
                    let mut line: Vec<u8> = self.buf.drain(..=end).collect();
                    self.scanned = 0;
                    if std::mem::take(&mut self.skipping) {
                        continue;
                    }
                    if end > MAX_LINE {
                        return Some(Read1::TooLong);
                    }
                    line.pop();
                    return Some(Self::text(line));
                }
                None if self.skipping => {
                    self.buf.clear();
                    self.scanned = 0;
                    return None;
                }
                None if self.buf.len() > MAX_LINE => {
                    self.buf.clear();
                    self.scanned = 0;
                    self.skipping = true;
                    return Some(Read1::TooLong);
                }
                None => {
                    self.scanned = self.buf.len();
                    return None;
                }
            }
        }
    }

    /// The output closed: what is left of a last line without its newline.
    fn rest(&mut self) -> Option<Read1> {
        self.scanned = 0;
        if std::mem::take(&mut self.skipping) || self.buf.is_empty() {
            self.buf.clear();
            return None;
        }
        Some(Self::text(std::mem::take(&mut self.buf)))
    }

    fn text(mut line: Vec<u8>) -> Read1 {
        while line.last() == Some(&b'\r') {
            line.pop();
        }
        match String::from_utf8(line) {
            Ok(s) => Read1::Line(s),
            Err(_) => Read1::NotText,
        }
    }
}

/// The agent's answers: read on the pipe itself, waiting with `poll` (Unix).
#[cfg(unix)]
struct Answers {
    out: ChildStdout,
    lines: Lines,
    closed: bool,
    chunk: Box<[u8]>,
}

#[cfg(unix)]
impl Answers {
    fn new(out: ChildStdout) -> Result<Answers, String> {
        Ok(Answers {
            out,
            lines: Lines::default(),
            closed: false,
            chunk: vec![0; 64 * 1024].into_boxed_slice(),
        })
    }

    fn next(&mut self, deadline: Instant) -> Waited {
        use rustix::event::{PollFd, PollFlags, Timespec, poll};
        loop {
            if let Some(item) = self.lines.next() {
                return Waited::Got(item);
            }
            if self.closed {
                return Waited::Closed;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            let timeout = Timespec {
                tv_sec: left.as_secs().min(i32::MAX as u64) as _,
                tv_nsec: left.subsec_nanos() as _,
            };
            let mut fds = [PollFd::new(&self.out, PollFlags::IN)];
            match poll(&mut fds, Some(&timeout)) {
                Ok(0) => {
                    if Instant::now() >= deadline {
                        return Waited::Late;
                    }
                    continue;
                }
                Ok(_) => {}
                Err(rustix::io::Errno::INTR) => continue,
                Err(_) => {
                    self.closed = true;
                    continue;
                }
            }
            // Readable, or hung up: a read tells which (0 bytes: closed).
            match self.out.read(&mut self.chunk) {
                Ok(0) => {
                    self.closed = true;
                    if let Some(item) = self.lines.rest() {
                        return Waited::Got(item);
                    }
                }
                Ok(n) => self.lines.push(&self.chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => self.closed = true,
            }
        }
    }
}

/// The agent's answers: a reader thread sends each line down a channel (not Unix).
#[cfg(not(unix))]
struct Answers {
    lines: std::sync::mpsc::Receiver<Read1>,
}

#[cfg(not(unix))]
impl Answers {
    fn new(out: ChildStdout) -> Result<Answers, String> {
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("brink-agent-reader".into())
            .spawn(move || read_lines(out, tx))
            .map_err(|e| format!("no reader thread ({e})"))?;
        Ok(Answers { lines })
    }

    fn next(&mut self, deadline: Instant) -> Waited {
        use std::sync::mpsc::RecvTimeoutError;
        let wait = deadline.saturating_duration_since(Instant::now());
        match self.lines.recv_timeout(wait) {
            Ok(item) => Waited::Got(item),
            Err(RecvTimeoutError::Timeout) => Waited::Late,
            Err(RecvTimeoutError::Disconnected) => Waited::Closed,
        }
    }
}

/// The reader thread: each line of `out` down the channel, until the agent closes its output
/// or Brink stops listening.
#[cfg(not(unix))]
fn read_lines(mut out: impl Read, tx: std::sync::mpsc::Sender<Read1>) {
    let mut lines = Lines::default();
    let mut chunk = vec![0; 64 * 1024];
    loop {
        let n = match out.read(&mut chunk) {
            Ok(0) | Err(_) => {
                if let Some(item) = lines.rest() {
                    let _ = tx.send(item);
                }
                return;
            }
            Ok(n) => n,
        };
        lines.push(&chunk[..n]);
        while let Some(item) = lines.next() {
            if tx.send(item).is_err() {
                return;
            }
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

#[cfg(test)]
mod lines_tests {
    use super::*;

    fn all(lines: &mut Lines) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(item) = lines.next() {
            out.push(match item {
                Read1::Line(l) => l,
                Read1::TooLong => "<too long>".into(),
                Read1::NotText => "<not text>".into(),
            });
        }
        out
    }

    #[test]
    fn a_line_comes_out_whole_however_its_bytes_arrive() {
        let mut l = Lines::default();
        l.push(b"{\"choice\":");
        assert!(all(&mut l).is_empty());
        l.push(b"\"pass\"}\r\n{\"id\":2}\nthird");
        assert_eq!(all(&mut l), ["{\"choice\":\"pass\"}", "{\"id\":2}"]);
        // The last line counts without its newline once the output closes.
        assert_eq!(
            l.rest().map(|r| match r {
                Read1::Line(s) => s,
                _ => String::new(),
            }),
            Some("third".to_string())
        );
        assert!(l.rest().is_none());
    }

    #[test]
    fn an_overlong_line_is_reported_once_and_skipped_to_its_end() {
        // Arriving in pieces, the newline long after the limit.
        let mut l = Lines::default();
        let piece = vec![b'a'; MAX_LINE / 2 + 1];
        l.push(&piece);
        assert!(all(&mut l).is_empty());
        l.push(&piece);
        assert_eq!(all(&mut l), ["<too long>"]);
        l.push(&piece);
        assert!(all(&mut l).is_empty());
        l.push(b"aaa\nnext\n");
        assert_eq!(all(&mut l), ["next"]);
        // All at once, the newline in the same read; and a line of exactly the limit is fine.
        let mut l = Lines::default();
        let mut bytes = vec![b'a'; MAX_LINE + 1];
        bytes.push(b'\n');
        bytes.extend(std::iter::repeat_n(b'b', MAX_LINE));
        bytes.push(b'\n');
        l.push(&bytes);
        let got = all(&mut l);
        assert_eq!(got[0], "<too long>");
        assert_eq!(got[1].len(), MAX_LINE);
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn bytes_that_are_not_utf8_are_not_text() {
        let mut l = Lines::default();
        l.push(b"\xff\xfe\nok\n");
        assert_eq!(all(&mut l), ["<not text>", "ok"]);
    }
}
