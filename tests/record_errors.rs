//! The corpus of bad records in tests/fixtures/records: each is refused with its own clear
//! sentence — by the library, and by the real binary with exit code 2 — and nothing is changed.

mod record_common;

use std::path::{Path, PathBuf};

use brink::record::{GameRecord, RECORD_FORMAT, RecordError};
use record_common::{brink, content_hash, db};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/records")
}

/// Copies a fixture into `dir`, with the shipped decks' hash in place of `@CONTENT_HASH@`.
fn prepared(dir: &Path, name: &str) -> PathBuf {
    let bytes = std::fs::read(fixtures().join(name)).expect("fixture");
    let bytes = match String::from_utf8(bytes.clone()) {
        Ok(text) => text.replace("@CONTENT_HASH@", &content_hash()).into_bytes(),
        Err(_) => bytes,
    };
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write fixture copy");
    path
}

/// What each fixture must say (besides naming the file).
const CASES: &[(&str, &[&str])] = &[
    (
        "truncated.ron",
        &["truncated.ron:16:27:", "the file looks cut off"],
    ),
    (
        "garbage.ron",
        &["garbage.ron:1:1:", "not text (UTF-8)", "Brink record"],
    ),
    (
        "not-a-record.ron",
        &["not-a-record.ron:1:1:", "not a Brink game record"],
    ),
    (
        "newer-format.ron",
        &["newer-format.ron:", "newer Brink", "record format 99"],
    ),
    (
        "other-content.ron",
        &[
            "other-content.ron:",
            "played with other content",
            "0123456789abcdef",
        ],
    ),
    (
        "other-rules.ron",
        &[
            "other-rules.ron:",
            "rules revision 999 (Brink 0.0.9)",
            "open it with the Brink that made it",
        ],
    ),
    (
        "illegal-move.ron",
        &[
            "illegal-move.ron:",
            "input 2 (turn 1) is not legal",
            "already chosen",
        ],
    ),
    (
        "unknown-card.ron",
        &["unknown-card.ron:", "unknown card \"us-no-such-card\""],
    ),
    (
        "unknown-scenario.ron",
        &[
            "unknown-scenario.ron:",
            "unknown scenario \"pyongyang-2031\"",
        ],
    ),
    (
        "tampered.ron",
        &[
            "tampered.ron:",
            "does not reproduce",
            "log and ledger differ",
        ],
    ),
];

#[test]
fn every_fixture_is_covered() {
    let mut names: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ron"))
        .collect();
    names.sort();
    let mut known: Vec<String> = CASES.iter().map(|(n, _)| n.to_string()).collect();
    known.sort();
    assert_eq!(names, known);
}

#[test]
fn the_library_refuses_each_with_its_sentence() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, needles) in CASES {
        let path = prepared(tmp.path(), name);
        let err = GameRecord::load(&path)
            .and_then(|rec| rec.verify(db(), &path.display().to_string()))
            .expect_err(name);
        let text = err.to_string();
        for n in *needles {
            assert!(text.contains(n), "{name}: {text:?} lacks {n:?}");
        }
        assert!(
            !text.contains('\n'),
            "{name}: one sentence, one line: {text:?}"
        );
        // save::load says the same.
        let err2 = brink::save::load(db(), &path).expect_err(name);
        assert_eq!(err2.to_string(), text);
    }
}

#[test]
fn the_binary_exits_2_with_the_sentence() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, needles) in CASES {
        let path = prepared(tmp.path(), name);
        let before = std::fs::read(&path).unwrap();
        for args in [
            vec!["replay", "--check"],
            vec!["replay", "--json"],
            vec!["report"],
        ] {
            if *name == "tampered.ron" && !args.contains(&"--check") && args[0] == "replay" {
                // Only `--check` (and the report) compare the replay with the stored check.
                continue;
            }
            let a = brink(tmp.path()).args(&args).arg(&path).assert().code(2);
            let out = a.get_output();
            let stderr = String::from_utf8_lossy(&out.stderr);
            for n in *needles {
                assert!(
                    stderr.contains(n),
                    "{name} {args:?}: {stderr:?} lacks {n:?}"
                );
            }
            assert_eq!(
                stderr.lines().count(),
                1,
                "{name} {args:?}: one sentence: {stderr}"
            );
            assert!(out.stdout.is_empty(), "{name} {args:?}: nothing on stdout");
        }
        assert_eq!(std::fs::read(&path).unwrap(), before, "{name} was changed");
    }
}

#[test]
fn newer_format_and_other_content_are_named() {
    let text = "(format: 7, content_hash: \"x\", brink_version: \"9\", scenario: \"s\", seed: 1, controllers: [], inputs: [], later: 1)";
    match GameRecord::parse("future.ron", text) {
        Err(RecordError::NewerFormat { found: 7, .. }) => {}
        other => panic!("{other:?}"),
    }
    let e = GameRecord::parse("future.ron", text)
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        format!(
            "future.ron: written by a newer Brink (record format 7; this build reads up to {RECORD_FORMAT})"
        )
    );

    let mut rec = GameRecord::of_game(
        db(),
        &brink::engine::Game::new(db(), "hanoi-2019", 1).unwrap(),
        vec![],
        "",
    );
    rec.content_hash = "feedfacefeedface".into();
    let e = rec.replay(db(), "old.ron").unwrap_err();
    assert!(matches!(e, RecordError::OtherContent { .. }));
    assert_eq!(
        e.to_string(),
        format!(
            "old.ron: played with other content (content hash feedfacefeedface, these decks are {}); use the decks it was played with (--decks)",
            content_hash()
        )
    );
}

#[test]
fn a_record_of_this_build_round_trips_through_text() {
    let g = record_common::finished_game("singapore-2018", 5);
    let rec = GameRecord::of_game(db(), &g, record_common::controllers(&g), "test");
    let text = rec.to_ron();
    let back = GameRecord::parse("x.ron", &text).unwrap();
    assert_eq!(back, rec);
    let g2 = back.verify(db(), "x.ron").unwrap();
    assert_eq!(g2.journal, g.journal);
    // Every prefix of a good record that is cut short is refused as cut off, never accepted.
    for cut in [text.len() / 3, text.len() / 2, text.len() - 3] {
        let e = GameRecord::parse("cut.ron", &text[..cut]).unwrap_err();
        assert!(e.to_string().contains("cut off"), "cut at {cut}: {e}");
    }
}

mod mutated {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    /// One good record, as text.
    fn good() -> &'static str {
        static TEXT: OnceLock<String> = OnceLock::new();
        TEXT.get_or_init(|| {
            let g = record_common::finished_game("singapore-2018", 5);
            GameRecord::of_game(db(), &g, record_common::controllers(&g), "test").to_ron()
        })
    }

    /// A number that a mutation puts in place of one in the record.
    fn odd_number() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "0",
            "255",
            "256",
            "65535",
            "65536",
            "4294967295",
            "18446744073709551615",
            "-1",
            "1e30",
            "NaN",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// A damaged record (characters changed, a run cut out, a number made extreme) is
        /// either refused with a sentence naming the file, or read and replayed to a game —
        /// never a panic.
        #[test]
        fn a_damaged_record_is_refused_or_replays_never_panics(
            edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, odd_number(), any::<u8>()), 1..4),
        ) {
            let mut text = good().to_string();
            for (at, kind, num, byte) in edits {
                let i = at.index(text.len().max(1));
                let i = (0..=i).rev().find(|k| text.is_char_boundary(*k)).unwrap_or(0);
                match kind {
                    // A character swapped for one of the format's own.
                    0 => {
                        let set = b"(){}[],:\"0123456789az-. ";
                        let c = set[byte as usize % set.len()] as char;
                        let end = text[i..].chars().next().map_or(i, |c| i + c.len_utf8());
                        text.replace_range(i..end, &c.to_string());
                    }
                    // A run cut out.
                    1 => {
                        let end = (i + 1 + byte as usize).min(text.len());
                        let end = (end..=text.len()).find(|k| text.is_char_boundary(*k)).unwrap_or(text.len());
                        text.replace_range(i..end, "");
                    }
                    // The next number made extreme.
                    _ => {
                        if let Some(s) = text[i..].find(|c: char| c.is_ascii_digit()) {
                            let s = i + s;
                            let e = text[s..].find(|c: char| !c.is_ascii_digit()).map_or(text.len(), |e| s + e);
                            text.replace_range(s..e, num);
                        }
                    }
                }
            }
            match GameRecord::parse("damaged.ron", &text) {
                Err(e) => {
                    let msg = e.to_string();
                    prop_assert!(msg.contains("damaged.ron"), "{msg}");
                    prop_assert!(!msg.contains('\n'), "one sentence: {msg}");
                }
                Ok(rec) => {
                    // Read: replaying it either works or is refused with a sentence.
                    if let Err(e) = rec.replay(db(), "damaged.ron") {
                        prop_assert!(e.to_string().contains("damaged.ron"), "{e}");
                    }
                }
            }
        }
    }
}

/// A record says which rules it was played under; a script written by hand, which names
/// none, is replayed under this build's rules.
#[test]
fn a_record_names_its_rules_and_a_script_without_them_replays() {
    let g = brink::engine::Game::new(db(), "hanoi-2019", 7).expect("scenario");
    let rec = GameRecord::of_game(db(), &g, Vec::new(), "");
    assert_eq!(rec.rules, Some(brink::engine::RULES_REVISION));
    assert!(rec.to_ron().contains("rules: Some("), "{}", rec.to_ron());
    let mut script = rec.clone();
    script.rules = None;
    script.check = None;
    script
        .replay(db(), "script.ron")
        .expect("a script without rules replays");
    let mut other = rec;
    other.rules = Some(brink::engine::RULES_REVISION + 1);
    let err = other.replay(db(), "other.ron").expect_err("other rules");
    assert!(matches!(err, RecordError::OtherRules { .. }), "{err}");
}
