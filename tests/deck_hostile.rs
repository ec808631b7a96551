//! Hostile decks: numbers that are not finite or out of range, circles of `covers`, files that
//! are not text, folders that loop or hold pipes. Each is refused with a located sentence, and
//! nothing hangs.

use std::path::{Path, PathBuf};
use std::time::Duration;

use brink::content::{ContentDb, ContentError, SourceFile, read_dir_sources};

fn shipped() -> Vec<SourceFile> {
    read_dir_sources(&ContentDb::repo_decks_dir()).expect("decks readable")
}

/// The byte offsets of the decimal number literals of a RON text (outside strings and comments).
fn float_literals(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            c if (c.is_ascii_digit() || c == b'-')
                && !(i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                let start = i;
                i += 1;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'.' | b'-')) {
                    i += 1;
                }
                if text[start..i].contains('.') {
                    out.push((start, i));
                }
            }
            _ => i += 1,
        }
    }
    out
}

fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = at - before.rfind('\n').map(|i| i + 1).unwrap_or(0) + 1;
    (line, col)
}

fn errors_with(file: &str, from: &str, to: &str) -> (Vec<ContentError>, String) {
    let mut sources = shipped();
    let f = sources
        .iter_mut()
        .find(|s| s.name.ends_with(file))
        .expect("file exists");
    assert!(f.text.contains(from), "{from:?} in {file}");
    f.text = f.text.replacen(from, to, 1);
    let text = f.text.clone();
    match ContentDb::from_sources(sources, "test") {
        Ok(_) => panic!("{file}: {to} was accepted"),
        Err(e) => (e, text),
    }
}

/// The error about the value written at `needle`'s first occurrence, which must be located there.
fn error_at<'a>(
    errs: &'a [ContentError],
    file: &str,
    text: &str,
    needle: &str,
) -> &'a ContentError {
    let at = text.find(needle).expect("needle") + needle.find(':').map_or(0, |c| c + 1);
    let at = at + text[at..].len() - text[at..].trim_start().len();
    let (line, column) = line_col(text, at);
    errs.iter()
        .find(|e| e.file.ends_with(file) && e.line == line && e.column == column)
        .unwrap_or_else(|| panic!("no error at {file}:{line}:{column}: {errs:#?}"))
}

/// Every decimal number of every deck file, in turn made infinite, NaN, too large to hold, or far
/// out of range, is refused with an error at that number's line and column. (A sample of about
/// 80 of the decks' numbers, spread over every file; the walk itself is schema-wide.)
#[test]
fn every_number_is_checked_finite_and_in_range_where_it_is_written() {
    let base = shipped();
    let mut cases = Vec::new();
    for (fi, f) in base.iter().enumerate() {
        for (start, end) in float_literals(&f.text) {
            cases.push((fi, start, end));
        }
    }
    assert!(cases.len() > 500, "{} numbers found", cases.len());
    let step = (cases.len() / 80).max(1);
    let bad = ["inf", "NaN", "1e39", "-1e30", "-inf", "123456.0"];
    for (k, (fi, start, end)) in cases.into_iter().step_by(step).enumerate() {
        let mut sources = base.clone();
        let f = &mut sources[fi];
        let value = bad[k % bad.len()];
        f.text.replace_range(start..end, value);
        let (line, column) = line_col(&f.text, start);
        let name = f.name.clone();
        let errs = match ContentDb::from_sources(sources, "test") {
            Ok(_) => panic!("{name}:{line}:{column}: {value} was accepted"),
            Err(e) => e,
        };
        let e = errs
            .iter()
            .find(|e| e.file == name && e.line == line && e.column == column)
            .unwrap_or_else(|| {
                panic!("{name}:{line}:{column}: {value}: no error located there: {errs:#?}")
            });
        assert!(
            e.message.contains("must be a number from"),
            "{name}:{line}:{column}: {}",
            e.message
        );
    }
}

/// The smallest inputs, each at its own line: numbers that validated and then crashed
/// the engine.
#[test]
fn the_numbers_that_crashed_the_engine_are_refused() {
    for (file, from, to, says) in [
        (
            "core.ron",
            "quiet_weight: 3.0",
            "quiet_weight: inf",
            "infinite",
        ),
        (
            "core.ron",
            "quiet_weight: 3.0",
            "quiet_weight: 1e39",
            "infinite",
        ),
        (
            "core.ron",
            "kg_per_warhead: 5.0",
            "kg_per_warhead: inf",
            "infinite",
        ),
        (
            "core.ron",
            "kg_per_warhead: 5.0",
            "kg_per_warhead: 1e-36",
            "kg_per_warhead is 0",
        ),
        ("core.ron", "war_centre: 105.0", "war_centre: NaN", "NaN"),
        (
            "core.ron",
            "trust_rest: 30.0",
            "trust_rest: -1e30",
            "trust_rest is -1",
        ),
    ] {
        let (errs, text) = errors_with(file, from, to);
        let e = error_at(&errs, file, &text, to);
        assert!(e.message.contains(says), "{to}: {}", e.message);
    }
    let (errs, text) = errors_with(
        "scenarios/hanoi-2019.ron",
        "warhead_band: (20.0, 30.0)",
        "warhead_band: (20.0, inf)",
    );
    let at = text.find("inf)").expect("written");
    let (line, column) = line_col(&text, at);
    assert!(
        errs.iter()
            .any(|e| e.line == line && e.column == column && e.message.contains("warhead_band")),
        "{errs:#?}"
    );
}

#[test]
fn a_persona_card_bias_out_of_range_says_it_is_a_bias_and_where() {
    let mut sources = shipped();
    let f = sources
        .iter_mut()
        .find(|s| s.name.ends_with("personas.ron"))
        .expect("personas");
    let (start, end) = {
        let i = f.text.find("card_bias: [").expect("a card bias");
        let j = i + f.text[i..].find(", ").expect("pair") + 2;
        let k = j + f.text[j..].find(')').expect("close");
        (j, k)
    };
    f.text.replace_range(start..end, "99.0");
    let text = f.text.clone();
    let errs = ContentDb::from_sources(sources, "test").expect_err("refused");
    let (line, column) = line_col(&text, start);
    let e = errs
        .iter()
        .find(|e| e.line == line && e.column == column)
        .unwrap_or_else(|| panic!("{errs:#?}"));
    assert!(e.message.contains("card_bias for \""), "{}", e.message);
    assert!(e.message.contains("bias for a card"), "{}", e.message);
}

#[test]
fn a_circle_of_three_covers_is_refused() {
    let mut sources = shipped();
    let f = sources
        .iter_mut()
        .find(|s| s.name.ends_with("provisions.ron"))
        .expect("provisions");
    // a covers b, b covers c, c covers a.
    let ids = ["declaration", "liaison-offices", "remains-recovery"];
    for (i, id) in ids.iter().enumerate() {
        let next = ids[(i + 1) % 3];
        let from = format!("id: \"{id}\",");
        assert!(f.text.contains(&from), "{id}");
        f.text = f
            .text
            .replacen(&from, &format!("id: \"{id}\", covers: [\"{next}\"],"), 1);
    }
    let errs = ContentDb::from_sources(sources, "test").expect_err("refused");
    assert!(
        errs.iter()
            .any(|e| e.message.contains("cover one another in a circle")),
        "{errs:#?}"
    );
}

/// A copy of the shipped decks in a fresh folder.
fn decks_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    copy_dir(&ContentDb::repo_decks_dir(), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read").flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).expect("copy");
        }
    }
}

#[test]
fn a_file_that_is_not_utf8_is_located_at_its_first_bad_byte() {
    let dir = decks_copy();
    let path = dir.path().join("cards/extra.ron");
    std::fs::write(&path, b"(\n  cards: [\xff],\n)\n").expect("write");
    let errs = ContentDb::load_dir(dir.path()).expect_err("refused");
    let e = errs
        .iter()
        .find(|e| e.file.ends_with("extra.ron"))
        .expect("the bad file named");
    assert_eq!((e.line, e.column), (2, 11), "{e}");
    assert!(e.message.contains("UTF-8"), "{e}");
}

#[test]
fn parser_errors_speak_to_authors() {
    let mut nested = String::from("(cards: [(id: \"x\", requires: [");
    nested.push_str(&"Any([".repeat(400));
    for (text, says) in [
        ("[]", "a deck file is one `( ... )`"),
        (nested.as_str(), "nested too deeply"),
        ("(cards: [(id: \"x\" side: us)])", "comma"),
    ] {
        let errs = ContentDb::from_sources(
            vec![SourceFile {
                name: "decks/x.ron".into(),
                text: text.into(),
            }],
            "test",
        )
        .expect_err("refused");
        let all: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert!(all.iter().any(|m| m.contains(says)), "{text:.40}: {all:#?}");
        for m in &all {
            for dev in ["ron::", "serde_stacker", "recursion_limit", "struct `"] {
                assert!(!m.contains(dev), "developer words in {m:?}");
            }
        }
    }
}

/// Runs `f` on a thread; a test failure instead of a hang if it takes longer than 60 s.
fn within<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("{what} did not finish in 60 s"))
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_followed_once() {
    let dir = decks_copy();
    let root = dir.path().to_path_buf();
    std::os::unix::fs::symlink(".", root.join("a")).expect("link");
    std::os::unix::fs::symlink(".", root.join("b")).expect("link");
    std::os::unix::fs::symlink("..", root.join("cards/loop")).expect("link");
    let shipped = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("shipped");
    let r: PathBuf = root.clone();
    let db = within("loading a folder of symlink loops", move || {
        ContentDb::load_dir(&r).map(|db| db.counts().cards)
    });
    assert_eq!(db.expect("loads, each file once"), shipped.counts().cards);
}

#[cfg(unix)]
#[test]
fn a_pipe_among_the_decks_is_refused_without_blocking() {
    let dir = decks_copy();
    let pipe = dir.path().join("cards/pipe.ron");
    let ok = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo runs")
        .success();
    assert!(ok, "mkfifo");
    let d = dir.path().to_path_buf();
    let errs = within("loading a folder with a pipe", move || {
        ContentDb::load_dir(&d).err().unwrap_or_default()
    });
    assert!(
        errs.iter()
            .any(|e| e.file.ends_with("pipe.ron") && e.message.contains("not a regular file")),
        "{errs:#?}"
    );
}
