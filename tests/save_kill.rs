//! Kill the process mid-game: a real `brink` plays and autosaves after every input, is killed
//! with SIGKILL in the middle of a turn, and the latest autosave loads, holds every input saved
//! before the kill, and the game continues from the last phase exactly as it would have.

mod record_common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use brink::engine::Game;
use brink::save;
use record_common::{controllers, db, decks_dir};

#[test]
fn sigkill_mid_turn_loses_nothing_saved() {
    let db = db();
    let tmp = tempfile::tempdir().unwrap();
    let (scenario, seed) = ("hanoi-2019", 3u64);
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("brink"))
        .arg("--decks")
        .arg(decks_dir())
        .args(["autoplay-test", "--scenario", scenario, "--seed", "3"])
        .args(["--delay-ms", "15"])
        .env("BRINK_DATA_DIR", tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn brink");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    // Let it save 9 times (turn 1 has five plans and some answers: this is inside turn 2 or
    // late in turn 1), then kill it without warning.
    let mut last: Option<(usize, String)> = None;
    for _ in 0..9 {
        let line = lines.next().expect("a save line").unwrap();
        let mut parts = line.splitn(3, ' ');
        assert_eq!(parts.next(), Some("saved"), "{line}");
        let n: usize = parts.next().unwrap().parse().unwrap();
        last = Some((n, parts.next().unwrap().to_string()));
    }
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    let (saved_n, saved_path) = last.unwrap();

    let dir = tmp.path().join("saves");
    let listing = save::scan_dir(&dir);
    assert!(listing.skipped.is_empty(), "{:?}", listing.skipped);
    assert_eq!(listing.saves.len(), 1, "{:?}", listing.saves);
    let info = &listing.saves[0];
    assert_eq!(info.path.display().to_string(), saved_path);
    let loaded = save::load_in(&dir, db, &info.path).expect("the latest autosave loads");
    // It may have written one more save after the last line we read; never fewer.
    assert!(
        loaded.inputs.len() >= saved_n,
        "{} < {saved_n}",
        loaded.inputs.len()
    );
    assert!(!loaded.state.is_over(), "killed mid-game");

    // Nothing earlier lost: the saved inputs are the uninterrupted game's, in order.
    let specs: [String; 5] = std::array::from_fn(|_| "random".to_string());
    let (_, expected) = brink::sim::play_one(db, scenario, seed, &specs, true).unwrap();
    let got: Vec<_> = loaded.inputs.iter().map(|r| r.input.clone()).collect();
    assert_eq!(got[..], expected[..got.len()]);
    assert!(
        loaded
            .inputs
            .iter()
            .all(|r| r.rationale.as_deref() == Some("autoplay"))
    );

    // And it continues from the last phase: the rest of the inputs play on to the same end as a
    // game never interrupted.
    let mut cont = loaded;
    for input in &expected[got.len()..] {
        cont.submit(db, input.clone(), None)
            .expect("the game continues from the saved phase");
    }
    let mut whole = Game::new(db, scenario, seed).unwrap();
    for input in &expected {
        whole.submit(db, input.clone(), None).unwrap();
    }
    assert!(cont.state.is_over());
    assert_eq!(cont.state, whole.state);
    assert_eq!(cont.journal, whole.journal);

    // Continuing autosaves into the same file.
    let p = save::autosave_in(&dir, db, &cont, &controllers(&cont)).unwrap();
    assert_eq!(p, info.path);
    assert_eq!(save::scan_dir(&dir).saves.len(), 1);
}
