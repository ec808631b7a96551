//! One owner of "does this provision limit the programme?": `CompiledProvision::limits`, settled at
//! load from the deck's word, the limiting goals, and what the provision does to the plants and
//! counts. A provision that freezes, dismantles, caps or ships out limits the programme even if
//! its deck and the goals are silent, so a deal of it is an agreement, never a statement.

use brink::content::{ContentDb, SourceFile, read_dir_sources};
use brink::engine::state::AgreementKind;

/// The shipped decks with every goal's `limit: true` and every provision's `limits: true`
/// removed: only what a provision does to the programme is left to say it limits.
fn decks_without_the_word() -> ContentDb {
    let mut sources: Vec<SourceFile> =
        read_dir_sources(&ContentDb::repo_decks_dir()).expect("decks");
    for f in sources.iter_mut() {
        if f.name.ends_with("goals.ron") {
            f.text = f.text.replace("limit: true,", "limit: false,");
        }
        if f.name.ends_with("provisions.ron") {
            f.text = f.text.replace("limits: true,", "");
        }
    }
    ContentDb::from_sources(sources, "test").expect("the decks still load")
}

#[test]
fn a_provision_that_caps_freezes_or_ships_out_limits_the_programme_whatever_its_deck_says() {
    let db = decks_without_the_word();
    let mut touching = 0;
    for (i, p) in db.provisions.iter().enumerate() {
        let c = &db.compiled_provisions[i];
        assert_eq!(c.limits, c.touches_programme(), "{}", p.id);
        let kind = AgreementKind::of(&db, &[i as u16]);
        if c.touches_programme() {
            touching += 1;
            assert_eq!(kind, AgreementKind::Agreement, "{}", p.id);
        } else {
            assert_eq!(kind, AgreementKind::Statement, "{}", p.id);
        }
    }
    // The cap and the handover are among them (their decks never said `limits: true`).
    for id in ["arsenal-cap", "hand-over-arsenal", "yongbyon-freeze"] {
        if let Some(p) = db.provision_ix(id) {
            assert!(db.compiled_provisions[p as usize].limits, "{id}");
        }
    }
    assert!(touching >= 4, "{touching}");
}

/// In the shipped decks every provision that touches the programme limits it.
#[test]
fn every_shipped_provision_that_touches_the_programme_limits_it() {
    let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
    for (i, p) in db.provisions.iter().enumerate() {
        let c = &db.compiled_provisions[i];
        assert!(!c.touches_programme() || c.limits, "{}", p.id);
    }
}
