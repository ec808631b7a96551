//! `brink sim --record` writes every computer choice's reason into the record, as the TUI shows
//! it, and the report's timeline shows each one.

mod record_common;

use brink::engine::Input;
use brink::record::GameRecord;
use brink::report::{self, Format};
use record_common::db;

#[test]
fn every_input_of_a_sim_record_has_its_reason_and_the_timeline_shows_it() {
    let db = db();
    let tmp = tempfile::tempdir().unwrap();
    for (scenario, all) in [
        ("singapore-2018", None),
        ("fire-and-fury-2017", None),
        ("hanoi-2019", Some("random")),
    ] {
        let dir = tmp.path().join(scenario);
        let mut policies: [Option<String>; 5] = Default::default();
        if let Some(p) = all {
            policies = std::array::from_fn(|_| Some(p.to_string()));
        }
        let cfg = brink::sim::SimConfig {
            scenario: scenario.into(),
            games: 2,
            seed: 7,
            threads: 1,
            policies,
            record_dir: Some(dir.clone()),
        };
        brink::sim::run(db, &cfg, &|| {}).unwrap();
        let mut files = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            files += 1;
            let rec = GameRecord::load(&path).unwrap();
            let g = rec.verify(db, &path.display().to_string()).unwrap();
            assert!(!g.inputs.is_empty());
            for r in &g.inputs {
                let why = r.rationale.as_deref().unwrap_or_else(|| {
                    panic!(
                        "{}: an input without a reason: {:?}",
                        path.display(),
                        r.input
                    )
                });
                assert!(!why.trim().is_empty());
            }
            // The timeline: every plan, answer and brink choice with its reason.
            let rep = report::build(db, &g, &rec);
            let plans = g
                .inputs
                .iter()
                .filter(|r| matches!(r.input, Input::Plan { .. }))
                .count();
            let lines: usize = rep.timeline.iter().map(|t| t.moves.len()).sum();
            assert_eq!(lines, plans);
            for t in &rep.timeline {
                assert!(
                    t.moves.iter().all(|m| m.rationale.is_some()),
                    "turn {}",
                    t.turn
                );
                assert!(
                    t.happened
                        .iter()
                        .filter(|h| h.side.is_some())
                        .all(|h| h.rationale.is_some()),
                    "turn {}",
                    t.turn
                );
            }
            let html = report::render(&rep, Format::Html, None);
            let first = g.inputs[0].rationale.as_deref().unwrap();
            let shown = brink::report::html::esc(first.trim());
            assert!(html.contains(&shown), "the timeline shows \"{first}\"");
        }
        assert_eq!(files, 2, "{scenario}");
    }
}
