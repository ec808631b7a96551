//! A snapshot of the Markdown report of a seeded game (random players, hanoi-2019, seed 13).
//! It changes whenever the decks, the engine or the random player change what happens in that
//! game; review the diff, then update with `INSTA_UPDATE=always cargo test --test report_md`.

mod record_common;

use brink::record::GameRecord;
use brink::report::{self, Format};
use record_common::{content_hash, controllers, db, finished_game};

#[test]
fn markdown_report_of_a_seeded_game() {
    let g = finished_game("hanoi-2019", 13);
    let rec = GameRecord::of_game(db(), &g, controllers(&g), "report snapshot");
    let r = report::build(db(), &g, &rec);
    assert!(r.questions.len() >= 5);
    let md = report::render(&r, Format::Md, None)
        .replace(&content_hash(), "[content-hash]")
        .replace(env!("CARGO_PKG_VERSION"), "[version]");
    insta::assert_snapshot!("hanoi_2019_seed_13", md);
}
