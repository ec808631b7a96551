//! `brink play --plain`: the game a line at a time, for a screen reader or a pipe, through the
//! real binary. Whole games from a script of answers, a wrong answer told why and asked again,
//! `q` saving and stopping, and the record it writes read back.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use brink::content::ContentDb;
use brink::record::GameRecord;

fn plain(data: &Path, args: &[&str], stdin: String) -> (Option<i32>, String, String) {
    let out = Command::cargo_bin("brink")
        .expect("binary")
        .env_remove("BRINK_DECKS")
        .env("BRINK_DATA_DIR", data)
        .args(["play", "--plain"])
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The record a plain game wrote, as its last line names it.
fn record_of(stdout: &str) -> PathBuf {
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Record: "))
        .unwrap_or_else(|| panic!("no record named:\n{stdout}"));
    PathBuf::from(line.split(" (").next().unwrap_or(line))
}

fn replays(path: &Path) {
    let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
    GameRecord::load(path)
        .and_then(|r| r.verify(&db, &path.display().to_string()))
        .expect("the record replays");
}

#[test]
fn a_whole_game_at_two_seats_reaches_its_end_and_its_record_replays() {
    let tmp = tempfile::tempdir().unwrap();
    // "2" to everything: the second card each turn, the second provision of a chosen package,
    // reject every offer, back down at the brink.
    let (code, out, err) = plain(
        tmp.path(),
        &[
            "--scenario",
            "fire-and-fury-2017",
            "--seed",
            "5",
            "--side",
            "us",
            "--side",
            "dprk",
        ],
        "2\n".repeat(3000),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("You play: US, DPRK."), "{out}");
    assert!(out.contains("US plans its moves for turn 1."), "{out}");
    assert!(out.contains("Your cards: up to 2 of them"), "{out}");
    assert!(out.contains("1. Accept.\n2. Reject."), "{out}");
    assert!(out.contains("The game is over."), "{out}");
    assert!(out.contains("US: score "), "{out}");
    assert_eq!(
        out.matches("Game over:").count(),
        1,
        "the end is told once:\n{out}"
    );
    replays(&record_of(&out));
}

#[test]
fn a_wrong_answer_is_told_why_and_asked_again_and_q_saves() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, out, err) = plain(
        tmp.path(),
        &["--scenario", "hanoi-2019", "--seed", "3"],
        "99\n1 1\nx\n?\nw\nw tension\nw trust us dprk\nw nothing here\nq\n".into(),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("99 is not on the list: choose from 1 to"),
        "{out}"
    );
    assert!(out.contains("1 is there twice."), "{out}");
    assert!(out.contains("\"x\" is not a number"), "{out}");
    // `?` reads the situation out (the agent protocol's briefing).
    assert!(out.contains("You play the US"), "{out}");
    // `w` says why the numbers moved: this turn's opening event moved tension.
    assert!(out.contains("Turn 1: tension +"), "{out}");
    // `w` and a name: that number's changes one by one, each with its cause.
    assert!(
        out.lines()
            .any(|l| l.starts_with("  +") && l.contains(" → ") && l.contains("event: ")),
        "{out}"
    );
    assert!(
        out.contains("trust US→DPRK: no change last turn or this one."),
        "{out}"
    );
    assert!(
        out.contains("No number you can see is called \"nothing here\". You can ask for tension"),
        "{out}"
    );
    assert!(!out.contains("The game is over."), "{out}");
    replays(&record_of(&out));
}

#[test]
fn a_chosen_package_is_asked_for_by_number() {
    let tmp = tempfile::tempdir().unwrap();
    // Card 3 at Hanoi is the US's "Propose an agreement package"; then provisions 1 and 2.
    let (code, out, err) = plain(
        tmp.path(),
        &["--scenario", "hanoi-2019", "--seed", "3"],
        "3\n1 2\nq\n".into(),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("The package of \"Propose an agreement package\": choose 1 to 8 of these."),
        "{out}"
    );
    assert!(
        out.contains("US offers DPRK: Propose an agreement package ["),
        "{out}"
    );
}

#[test]
fn plain_refuses_what_it_cannot_seat() {
    let tmp = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 3] = [
        (&[], "--scenario"),
        (
            &[
                "--scenario",
                "hanoi-2019",
                "--side",
                "us",
                "--policy",
                "us=hawk",
            ],
            "a person or a computer, not both",
        ),
        (
            &["--scenario", "hanoi-2019", "--side", "moon"],
            "--side moon: not a side",
        ),
    ];
    for (args, says) in cases {
        let (code, _, err) = plain(tmp.path(), args, String::new());
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}
