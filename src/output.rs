//! Standard output for every command that prints: one writer, so each command meets a closed
//! pipe and a full disk the same way.
//!
//! - A closed pipe (`brink validate | head -1`, `| true`) is not a failure: the reader has what it
//!   wanted. The command stops writing and exits 0, as `head` users expect.
//! - Any other write error (`> /dev/full`, a disk that fills up) is a failure: exit 1 with one
//!   sentence on standard error.
//!
//! JSON goes through [`Out::json`], which also prints each `f32` the engine holds as its shortest
//! decimal (0.3, not 0.30000001192092896: serde_json widens an f32 to f64 before printing it).

use std::fmt::Display;
use std::io::{self, BufWriter, Write};

/// Why output stopped.
#[derive(Debug)]
pub enum OutError {
    /// The reader went away: stop quietly, exit 0.
    Closed,
    /// A real write failure, as a sentence.
    Failed(String),
}

impl OutError {
    fn of(e: io::Error) -> OutError {
        if e.kind() == io::ErrorKind::BrokenPipe {
            OutError::Closed
        } else {
            OutError::Failed(write_sentence(&e))
        }
    }
}

/// "cannot write the output: the disk is full (No space left on device (os error 28))".
pub fn write_sentence(e: &io::Error) -> String {
    let plain = match e.kind() {
        io::ErrorKind::StorageFull => "the disk is full",
        io::ErrorKind::PermissionDenied => "permission denied",
        io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only",
        _ => "",
    };
    if plain.is_empty() {
        format!("cannot write the output: {e}")
    } else {
        format!("cannot write the output: {plain} ({e})")
    }
}

/// Standard output, buffered. Call [`Out::finish`] at the end: a full disk often shows only on
/// the last flush.
pub struct Out {
    // Not a held lock: the terminal screens and the signal handler write to stdout too.
    w: BufWriter<io::Stdout>,
    /// `--quiet`: nothing but errors (and data the user asked for with `--json`).
    pub quiet: bool,
}

impl Out {
    pub fn new(quiet: bool) -> Out {
        Out {
            w: BufWriter::new(io::stdout()),
            quiet,
        }
    }

    /// Writes text as it is.
    pub fn text(&mut self, s: &str) -> Result<(), OutError> {
        self.w.write_all(s.as_bytes()).map_err(OutError::of)
    }

    /// Writes one line.
    pub fn line(&mut self, s: impl Display) -> Result<(), OutError> {
        writeln!(self.w, "{s}").map_err(OutError::of)
    }

    /// A line of commentary (a summary, a hint): left out under `--quiet`.
    pub fn note(&mut self, s: impl Display) -> Result<(), OutError> {
        if self.quiet { Ok(()) } else { self.line(s) }
    }

    /// One JSON value on one line, floats tidied (see the module's note).
    pub fn json(&mut self, v: &serde_json::Value) -> Result<(), OutError> {
        let mut v = v.clone();
        tidy_floats(&mut v);
        self.line(v)
    }

    /// Writes what is buffered and waits for it to reach the file.
    pub fn finish(&mut self) -> Result<(), OutError> {
        self.w.flush().map_err(OutError::of)
    }
}

/// Rewrites every number that is exactly an `f32` as that f32's shortest decimal: 0.3f32 reaches
/// JSON as 0.30000001192092896 otherwise. A float computed in f64 is almost never exactly an f32
/// (and when it is, the shorter form is the same number to f32 precision).
pub fn tidy_floats(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Number(n) => {
            if n.is_f64()
                && let Some(x) = n.as_f64()
                && x.is_finite()
                && (x as f32) as f64 == x
                && let Ok(short) = (x as f32).to_string().parse::<f64>()
                && let Some(m) = serde_json::Number::from_f64(short)
            {
                *n = m;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(tidy_floats),
        Value::Object(o) => o.values_mut().for_each(tidy_floats),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f32_values_print_short() {
        let mut v = serde_json::json!({"a": 0.3f32, "b": [1.1f32, 2.0], "c": 0.1f64 + 0.2});
        tidy_floats(&mut v);
        assert_eq!(
            v.to_string(),
            r#"{"a":0.3,"b":[1.1,2.0],"c":0.30000000000000004}"#
        );
    }
}
