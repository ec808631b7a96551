//! Huge numbers never hang the report: a record's override of the warheads to 1e37 (or decks
//! that grow the arsenal without end) used to send the chart's axis into an endless loop.

#[path = "record_common/mod.rs"]
mod record_common;

use std::time::Duration;

use brink::content::ProgrammeField;
use brink::engine::{Input, MeterRef};
use brink::record::GameRecord;
use brink::report::{self, Format};
use record_common::{controllers, db};

#[test]
fn an_override_to_1e37_warheads_is_held_and_the_report_is_written() {
    let mut g = brink::engine::Game::new(db(), "hanoi-2019", 4).expect("game");
    for value in [1e37, f32::INFINITY, f32::NAN, f32::MAX] {
        let _ = g.submit(
            db(),
            Input::Override {
                meter: MeterRef::Programme(ProgrammeField::Warheads),
                value,
                reason: "hostile".into(),
            },
            None,
        );
        let w = g.state.prog(ProgrammeField::Warheads);
        assert!(w.is_finite() && w <= brink::content::PROGRAMME_MAX, "{w}");
    }
    // Played on to its end with the override in force: every report format comes back.
    let mut rng = record_common::rng(4);
    record_common::play_until(&mut g, &mut rng, |g| g.state.outcome.is_some());
    let rec = GameRecord::of_game(db(), &g, controllers(&g), "hostile");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let r = report::build(db(), &g, &rec);
        let sizes: Vec<usize> = [Format::Md, Format::Html, Format::Json]
            .into_iter()
            .map(|f| report::render(&r, f, None).len())
            .collect();
        let _ = tx.send(sizes);
    });
    let sizes = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("the report was written (it used to spin forever)");
    assert!(sizes.iter().all(|n| *n > 100), "{sizes:?}");
}
