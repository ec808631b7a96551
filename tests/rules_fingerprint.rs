//! The rules revision keeps its promise: a record names the revision it was played under
//! (`engine::RULES_REVISION`), and a build of that revision replays it move for move. The corpus
//! in `tests/fixtures/rules/` (every scenario, once with its default personas and once with
//! random players) was played under the current revision and decks; each game must replay to
//! the same log and ledger, byte for byte. A change to the rules that changes any of them fails
//! here until the revision is raised, so that records of the old rules are refused with a
//! sentence instead of failing half-way through a replay.

use std::path::{Path, PathBuf};

use brink::content::ContentDb;
use brink::engine::RULES_REVISION;
use brink::record::{GameRecord, RecordError};

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/rules")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    files
}

const RETAKE: &str = "re-take the corpus with `notes/rules-corpus.sh`";

/// What the developer must do about one record that does not replay, or `None` if it does.
fn verdict(db: &ContentDb, path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy().to_string();
    let rec = match GameRecord::load(path) {
        Ok(rec) => rec,
        Err(e) => return Some(format!("{name}: cannot be read ({e}); {RETAKE}")),
    };
    if rec.rules != Some(RULES_REVISION) {
        return Some(format!(
            "{name}: played under rules revision {:?}, this build is revision {RULES_REVISION}; {RETAKE}",
            rec.rules
        ));
    }
    match rec.verify(db, &name) {
        Ok(_) => None,
        Err(RecordError::OtherContent { .. }) => Some(format!(
            "{name}: the decks have changed since the corpus was taken; if no rule changed, {RETAKE}"
        )),
        Err(e) => Some(format!(
            "{name}: the same decks, seed and moves no longer make the same game under rules \
             revision {RULES_REVISION} ({e}). A rule changed: raise `RULES_REVISION` in \
             crates/brink-core/src/engine/mod.rs (say what changed in its comment), then {RETAKE}"
        )),
    }
}

#[test]
fn every_game_of_the_corpus_replays_under_the_revision_it_names() {
    let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks load");
    let files = corpus();
    assert!(
        files.len() >= 2 * db.scenarios.len(),
        "the corpus should hold a personas and a random game of every scenario; {RETAKE}"
    );
    let failures: Vec<String> = files.iter().filter_map(|p| verdict(&db, p)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The check above can fail: a record whose moves are the corpus's but whose log hash is not
/// (what a change of the rules would give) is caught and named as a change of the rules.
#[test]
fn a_game_that_replays_differently_is_named_a_change_of_the_rules() {
    let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks load");
    let files = corpus();
    let first = files.first().expect("a corpus");
    let mut rec = GameRecord::load(first).expect("a corpus record");
    if let Some(c) = rec.check.as_mut() {
        c.log_hash = "0000000000000000".into();
    }
    rec.seal();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("changed.ron");
    rec.save(&path).expect("save");
    let said = verdict(&db, &path).expect("a differing game is caught");
    assert!(
        said.contains("A rule changed: raise `RULES_REVISION`"),
        "{said}"
    );
}
