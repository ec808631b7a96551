//! Autosaves lose nothing: a game with facilitator injects, overrides and an undo saves, loads
//! and replays exactly; one file per game, updated in place; the newest ten kept; corrupt files
//! skipped and left alone; a finished game never overwritten; failures are one sentence.

mod record_common;

use std::path::Path;

use brink::content::{Meter, SideId};
use brink::engine::{Game, Input, MeterRef};
use brink::record::GameRecord;
use brink::save::{self, SaveError};
use record_common::{brink, controllers, db, play_more, play_until, rng};

/// A game with an inject, an override, a free inject and an undo, stopped mid-turn.
fn eventful_game() -> Game {
    let db = db();
    let mut g = Game::new(db, "hanoi-2019", 21).unwrap();
    let mut r = rng(21);
    // Two sides plan in turn 1, then the facilitator steps in.
    play_until(&mut g, &mut r, |g| g.inputs.len() >= 2);
    let event = db
        .events
        .iter()
        .position(|e| !e.effects.is_empty())
        .expect("an event with effects") as u16;
    g.submit(db, Input::Inject { event }, None).unwrap();
    g.submit(
        db,
        Input::Override {
            meter: MeterRef::Meter(Meter::Tension),
            value: 55.0,
            reason: "the facilitator raises the stakes".into(),
        },
        None,
    )
    .unwrap();
    g.submit(
        db,
        Input::FreeInject {
            text: "A leak to the press about the talks".into(),
            changes: vec![(MeterRef::Trust(SideId::Dprk, SideId::Us), -5.0)],
        },
        None,
    )
    .unwrap();
    // Play into turn 3, take turn 3 back, and play on into turn 4.
    play_until(&mut g, &mut r, |g| {
        g.state.turn >= 3 && g.inputs.iter().any(|x| x.turn == 3)
    });
    assert!(!g.state.is_over(), "the game should still be running");
    let kept = g.inputs.len();
    g = g.undo_turn(db).expect("undo");
    assert!(g.inputs.len() < kept);
    assert!(g.inputs.iter().all(|x| x.turn < 3));
    play_until(&mut g, &mut r, |g| g.state.turn >= 4 || g.state.is_over());
    // Stop mid-turn: one more input.
    play_more(&mut g, &mut r, 1);
    g
}

#[test]
fn inject_override_undo_round_trip() {
    let db = db();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("saves");
    let g = eventful_game();
    let path = save::autosave_in(&dir, db, &g, &controllers(&g)).expect("autosave");
    assert!(path.starts_with(&dir));

    // Loaded back, the game is the same game, to the last ledger entry.
    let back = save::load_in(&dir, db, &path).expect("load");
    assert_eq!(back.inputs, g.inputs);
    assert_eq!(back.journal, g.journal);
    assert_eq!(back.state, g.state);

    // The record holds the facilitator's hand.
    let rec = GameRecord::load(&path).unwrap();
    let kinds: Vec<&str> = rec
        .inputs
        .iter()
        .map(|i| match i {
            brink::record::RecInput::Inject { .. } => "inject",
            brink::record::RecInput::Override { .. } => "override",
            brink::record::RecInput::FreeInject { .. } => "free",
            _ => "other",
        })
        .collect();
    for k in ["inject", "override", "free"] {
        assert!(kinds.contains(&k), "{kinds:?} lacks {k}");
    }
    let check = rec.check.as_ref().unwrap();
    assert_eq!(check.turn, g.state.turn);
    assert_eq!(check.date, g.state.date_of(db, g.state.turn));

    // The real binary agrees it reproduces exactly, and reports on it.
    brink(tmp.path())
        .args(["replay", "--check"])
        .arg(&path)
        .assert()
        .success();
    let out = brink(tmp.path())
        .args(["report", "--format", "md"])
        .arg(&path)
        .assert()
        .success();
    let md = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        md.contains("the facilitator raises the stakes"),
        "override in report"
    );
    assert!(md.contains("A leak to the press"), "free inject in report");
    assert!(md.contains("Facilitator inject:"), "inject in report");

    // Playing on from the loaded game autosaves to the same file.
    let mut cont = back;
    play_more(&mut cont, &mut rng(99), 3);
    let again = save::autosave_in(&dir, db, &cont, &controllers(&cont)).unwrap();
    assert_eq!(again, path);
    assert_eq!(save::scan_dir(&dir).saves.len(), 1);
    let reloaded = save::load_in(&dir, db, &path).unwrap();
    assert_eq!(reloaded.inputs, cont.inputs);
}

#[test]
fn one_file_per_game_updated_in_place_and_after_undo() {
    let db = db();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut g = Game::new(db, "singapore-2018", 8).unwrap();
    let mut r = rng(8);
    let mut paths = Vec::new();
    for _ in 0..12 {
        play_more(&mut g, &mut r, 1);
        paths.push(save::autosave_in(dir, db, &g, &controllers(&g)).unwrap());
    }
    g = g.undo_turn(db).unwrap();
    paths.push(save::autosave_in(dir, db, &g, &controllers(&g)).unwrap());
    assert!(paths.windows(2).all(|w| w[0] == w[1]), "{paths:?}");
    let listing = save::scan_dir(dir);
    assert_eq!(listing.saves.len(), 1);
    assert!(listing.skipped.is_empty());
    let info = &listing.saves[0];
    assert_eq!(info.scenario, "singapore-2018");
    assert_eq!(info.turn, g.state.turn);
    assert_eq!(info.date, g.state.date_of(db, g.state.turn));
    assert_eq!(info.sides.len(), g.state.seated_sides().count());
    assert!(info.outcome.is_none());
    // No temp files are left behind.
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn the_newest_ten_are_kept_and_corrupt_files_are_left_alone() {
    let db = db();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let corrupt = dir.join("autosave-hanoi-2019-20200101-000000-1.ron");
    std::fs::write(&corrupt, "(format: 1, content_hash: \"ab\", scen").unwrap();
    let notes = dir.join("notes.ron");
    std::fs::write(&notes, b"\xff\xfe not a record").unwrap();
    let other = dir.join("readme.txt");
    std::fs::write(&other, "not a save").unwrap();

    let mut written = Vec::new();
    for seed in 0..13u64 {
        let g = Game::new(db, "hanoi-2019", 1000 + seed).unwrap();
        written.push(save::autosave_in(dir, db, &g, &controllers(&g)).unwrap());
        // Distinct modification times, so "newest" is well defined.
        std::thread::sleep(std::time::Duration::from_millis(15));
    }
    let listing = save::scan_dir(dir);
    assert_eq!(listing.saves.len(), save::KEEP, "{:?}", listing.saves);
    // Newest first, and the newest ten are the last ten written.
    let listed: Vec<_> = listing.saves.iter().map(|s| s.path.clone()).collect();
    let mut expect: Vec<_> = written[written.len() - save::KEEP..].to_vec();
    expect.reverse();
    assert_eq!(listed, expect);
    // The unreadable files are reported, and untouched.
    let skipped: Vec<_> = listing.skipped.iter().map(|s| s.path.clone()).collect();
    assert_eq!(skipped, vec![corrupt.clone(), notes.clone()]);
    assert!(
        listing.skipped[0].reason.contains("cut off"),
        "{:?}",
        listing.skipped[0]
    );
    assert!(
        listing.skipped[1].reason.contains("not text"),
        "{:?}",
        listing.skipped[1]
    );
    assert_eq!(
        std::fs::read(&corrupt).unwrap(),
        b"(format: 1, content_hash: \"ab\", scen"
    );
    assert!(notes.exists() && other.exists());
}

#[test]
fn a_finished_game_is_never_overwritten_by_a_new_game_on_the_same_seed() {
    let db = db();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let done = record_common::finished_game("singapore-2018", 77);
    assert!(done.state.is_over());
    let p1 = save::autosave_in(dir, db, &done, &controllers(&done)).unwrap();
    let before = std::fs::read(&p1).unwrap();
    // Saving the finished game again rewrites the same file with the same bytes.
    assert_eq!(
        save::autosave_in(dir, db, &done, &controllers(&done)).unwrap(),
        p1
    );
    let mut fresh = Game::new(db, "singapore-2018", 77).unwrap();
    play_until(&mut fresh, &mut rng(5), |g| !g.inputs.is_empty());
    let p2 = save::autosave_in(dir, db, &fresh, &controllers(&fresh)).unwrap();
    assert_ne!(p1, p2);
    assert_eq!(std::fs::read(&p1).unwrap(), before);
    assert_eq!(save::scan_dir(dir).saves.len(), 2);
}

#[test]
fn a_failed_autosave_is_one_sentence_and_changes_nothing() {
    let db = db();
    let tmp = tempfile::tempdir().unwrap();
    let blocker = tmp.path().join("a-file");
    std::fs::write(&blocker, "I am a file, not a folder").unwrap();
    let g = Game::new(db, "hanoi-2019", 3).unwrap();
    let err = save::autosave_in(&blocker.join("saves"), db, &g, &controllers(&g)).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, SaveError::Io { .. }), "{err:?}");
    assert!(text.starts_with("cannot save the game to "), "{text}");
    assert!(text.contains("a-file"), "{text}");
    assert!(!text.contains('\n'));
    assert_eq!(
        std::fs::read_to_string(&blocker).unwrap(),
        "I am a file, not a folder"
    );

    // Writing over a good save that cannot be replaced leaves the good save as it was.
    let dir = tmp.path().join("saves");
    let good = save::autosave_in(&dir, db, &g, &controllers(&g)).unwrap();
    let bytes = std::fs::read(&good).unwrap();
    let mut g2 = g.clone();
    play_until(&mut g2, &mut rng(3), |g| g.inputs.len() >= 2);
    // A folder where the temp file's rename target is: the rename fails, the old file stays.
    let target = dir.join("occupied.ron");
    std::fs::create_dir_all(target.join("inside")).unwrap();
    let err = save::save_to(&target, db, &g2, &controllers(&g2), "manual").unwrap_err();
    assert!(
        err.to_string().starts_with("cannot save the game to"),
        "{err}"
    );
    assert_eq!(std::fs::read(&good).unwrap(), bytes);
    assert!(target.join("inside").is_dir());
}

fn write_record(dir: &Path, name: &str, g: &Game) -> std::path::PathBuf {
    let rec = GameRecord::of_game(db(), g, controllers(g), "test");
    let p = dir.join(name);
    rec.save(&p).unwrap();
    p
}

#[test]
fn brink_resume_lists_and_refuses_bad_records() {
    let db = db();
    let tmp = tempfile::tempdir().unwrap();
    let saves = tmp.path().join("saves");
    std::fs::create_dir_all(&saves).unwrap();

    // Nothing saved yet.
    let out = brink(tmp.path()).arg("resume").assert().success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("No autosaves"), "{stdout}");

    let mut g = Game::new(db, "hanoi-2019", 12).unwrap();
    play_until(&mut g, &mut rng(12), |g| g.state.turn >= 2);
    save::autosave_in(&saves, db, &g, &controllers(&g)).unwrap();
    // A record of other content: listed (it is a record), refused on resume with exit 2.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut rec = GameRecord::of_game(db, &g, controllers(&g), "old decks");
    rec.content_hash = "0123456789abcdef".into();
    rec.save(&saves.join("autosave-old.ron")).unwrap();
    std::fs::write(saves.join("broken.ron"), "(format: 1, inputs: [").unwrap();

    let out = brink(tmp.path())
        .arg("resume")
        .env("COLUMNS", "80")
        .assert()
        .success();
    let o = out.get_output();
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    // The newest (1) is the other-content record, marked as needing other decks.
    assert!(stdout.contains("  1* hanoi-2019"), "{stdout}");
    assert!(stdout.contains("  2  hanoi-2019"), "{stdout}");
    assert!(stdout.contains("* played with other decks"), "{stdout}");
    assert!(
        stdout.contains(&g.state.date_of(db, g.state.turn)),
        "{stdout}"
    );
    assert!(stdout.contains("US=random"), "{stdout}");
    assert!(stdout.contains("brink resume N"), "{stdout}");
    // Every line fits an 80-column terminal, wrapped between words (each save's controllers
    // are whole "SIDE=persona" words).
    for l in stdout.lines().skip(1) {
        assert!(
            brink::tui::text::width(l) < 80,
            "a line wider than 80 columns:\n{l}"
        );
    }
    assert!(
        stdout.lines().skip(1).any(|l| l.contains("DPRK=random")),
        "{stdout}"
    );
    assert!(stderr.contains("broken.ron"), "{stderr}");
    assert!(stderr.contains("skipped"), "{stderr}");

    let out = brink(tmp.path())
        .args(["resume", "--json"])
        .assert()
        .success();
    let v: serde_json::Value =
        serde_json::from_slice(&out.get_output().stdout).expect("resume --json is JSON");
    assert_eq!(v["saves"].as_array().unwrap().len(), 2);
    assert_eq!(v["skipped"].as_array().unwrap().len(), 1);
    assert_eq!(v["saves"][1]["turn"].as_u64(), Some(g.state.turn as u64));

    // The newest (1) is the other-content record.
    let out = brink(tmp.path()).args(["resume", "1"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("played with other content"), "{stderr}");
    let out = brink(tmp.path()).args(["resume", "9"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("there is no autosave 9"), "{stderr}");
    let _ = write_record;
}

/// A class game of two-month turns saves its class length, and the record replays to the same
/// game (the same dates and dynamics); without it the replay would run monthly turns and
/// differ.
#[test]
fn a_class_of_two_month_turns_saves_and_replays_exactly() {
    let db = db();
    let class = brink::content::ClassLength {
        turns: 6,
        months: 2,
    };
    let mut g = Game::new_class(db, "fire-and-fury-2017", 5, Some(class)).unwrap();
    let mut r = rng(5);
    play_until(&mut g, &mut r, |g| g.state.turn >= 3 || g.state.is_over());
    let rec = GameRecord::of_game(db, &g, controllers(&g), "class");
    let text = rec.to_ron();
    assert!(text.contains("months: 2"), "{text}");
    let back = GameRecord::parse("class.ron", &text).expect("parses");
    let replayed = back.verify(db, "class.ron").expect("replays exactly");
    assert_eq!(replayed.class, Some(class));
    assert_eq!(replayed.journal.log, g.journal.log);
    assert_eq!(replayed.state.date_of(db, 3), "2017-12");
    // The same inputs as a game of the scenario's own monthly turns are another game.
    let mut monthly = back.clone();
    monthly.class = None;
    monthly.seal();
    assert!(monthly.verify(db, "monthly.ron").is_err());
}
