//! Helpers for the record, save and report tests: the shipped content, computer play one input
//! at a time, and the `brink` binary pointed at the repository's decks.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use brink::ai::{Policy, RandomPolicy};
use brink::content::{ContentDb, SideId};
use brink::engine::{Game, Input};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

pub fn decks_dir() -> PathBuf {
    ContentDb::repo_decks_dir()
}

pub fn db() -> &'static ContentDb {
    static DB: OnceLock<ContentDb> = OnceLock::new();
    DB.get_or_init(|| match ContentDb::load_dir(&decks_dir()) {
        Ok(db) => db,
        Err(e) => panic!("shipped decks do not load: {e:?}"),
    })
}

/// The content hash of the shipped decks, as records write it.
pub fn content_hash() -> String {
    brink::record::hex(db().hash)
}

/// `brink` with `--decks` set to the repository's decks and a private data folder.
pub fn brink(data_dir: &Path) -> Command {
    let mut c = Command::cargo_bin("brink").expect("the brink binary");
    c.arg("--decks").arg(decks_dir());
    c.env("BRINK_DATA_DIR", data_dir);
    c.env_remove("BRINK_DECKS");
    c
}

/// The next input a random player would give, for whichever side the game waits on.
pub fn bot_input(g: &Game, rng: &mut ChaCha8Rng) -> Option<Input> {
    let db = db();
    let s = &g.state;
    let d = s.pending().next()?;
    Some(RandomPolicy::default().decide(db, s, d, rng))
}

/// Feeds random-player inputs until `until` says stop or the game ends. Each input gets a
/// rationale so the report has something to quote.
pub fn play_until(g: &mut Game, rng: &mut ChaCha8Rng, until: impl Fn(&Game) -> bool) {
    let db = db();
    while !until(g) {
        let Some(input) = bot_input(g, rng) else {
            return;
        };
        let why = match &input {
            Input::Plan { side, moves } => Some(format!("{side} plays {} card(s)", moves.len())),
            Input::Respond { side, .. } => Some(format!("{side} weighs the offer")),
            _ => None,
        };
        g.submit(db, input, why)
            .expect("a random player's input is legal");
    }
}

pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// Who controls each seated side: computer players.
pub fn controllers(g: &Game) -> Vec<(SideId, String)> {
    g.state
        .seated_sides()
        .map(|s| (s, "random".to_string()))
        .collect()
}

/// A finished game of `scenario` with random players, with rationales.
pub fn finished_game(scenario: &str, seed: u64) -> Game {
    let mut g = Game::new(db(), scenario, seed).expect("scenario");
    let mut r = rng(seed);
    play_until(&mut g, &mut r, |g| g.state.is_over());
    g
}

/// Plays `k` more random-player inputs (fewer if the game ends).
pub fn play_more(g: &mut Game, rng: &mut ChaCha8Rng, k: usize) {
    let n = g.inputs.len() + k;
    play_until(g, rng, move |g| g.inputs.len() >= n || g.state.is_over());
}
