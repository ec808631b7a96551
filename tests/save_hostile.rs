//! Autosaves against hostile conditions: other decks' saves in the folder, temp files left by a
//! killed autosave.

#[path = "record_common/mod.rs"]
mod record_common;

use std::time::{Duration, SystemTime};

use brink::engine::Game;
use brink::record::GameRecord;
use brink::save;
use record_common::{controllers, db, play_until, rng};

/// Rotation keeps the newest autosaves of these decks; a save played with other decks is never
/// counted or removed, however many games are saved after it.
#[test]
fn rotation_never_deletes_a_save_played_with_other_decks() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("saves");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let g = Game::new(db(), "hanoi-2019", 1).expect("game");
    let mut other = GameRecord::of_game(db(), &g, controllers(&g), "a mod's game");
    other.content_hash = "0123456789abcdef".into();
    other.seal();
    let other_path = dir.join("autosave-hanoi-2019-20200101-000000-1.ron");
    other.save(&other_path).expect("save");
    // Older than everything that follows.
    let old = SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&other_path)
        .and_then(|f| f.set_modified(old))
        .expect("touch");
    for seed in 100..(100 + save::KEEP as u64 + 3) {
        let mut g = Game::new(db(), "hanoi-2019", seed).expect("game");
        play_until(&mut g, &mut rng(seed), |g| g.state.turn >= 2);
        save::autosave_in(&dir, db(), &g, &controllers(&g)).expect("autosave");
    }
    assert!(
        other_path.exists(),
        "the other decks' save was rotated away"
    );
    let ours = save::scan_dir(&dir)
        .saves
        .iter()
        .filter(|s| s.content_hash == brink::record::hex(db().hash))
        .count();
    assert_eq!(ours, save::KEEP);
}

/// A temp file a killed autosave left behind is removed by a later autosave; one being written
/// right now (young) is left alone.
#[test]
fn stale_temp_files_are_cleaned_and_fresh_ones_kept() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("saves");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let stale = dir.join(".tmpAbC123");
    let fresh = dir.join(".tmpXyZ789");
    std::fs::write(&stale, "(format: 1, inp").expect("write");
    std::fs::write(&fresh, "(format: 1, inp").expect("write");
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .and_then(|f| f.set_modified(SystemTime::now() - Duration::from_secs(3600)))
        .expect("touch");
    let g = Game::new(db(), "hanoi-2019", 5).expect("game");
    save::autosave_in(&dir, db(), &g, &controllers(&g)).expect("autosave");
    assert!(!stale.exists(), "a stale temp file is left");
    assert!(fresh.exists(), "a temp file being written was removed");
}
