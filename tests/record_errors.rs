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
        &["tampered.ron:", "does not reproduce", "log hash"],
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
