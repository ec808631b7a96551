//! What a plant makes is told apart from what it could make: the programme step keeps each
//! facility's output of the turn (`Sites::made`), the production figure adds up output rather
//! than rates, and the panel shows "made/can" per turn (a class's two-month turn included), so
//! reprocessing with no spent fuel no longer reads as 4.5 kg a month of plutonium.

mod record_common;

use brink::content::{ClassLength, ProgrammeField};
use brink::engine::Game;
use brink::tui::view::{facilities_heading, facility_state};
use record_common::db;

fn facility(id: &str) -> usize {
    db().facilities
        .iter()
        .position(|f| f.id == id)
        .expect("facility")
}

/// `turns` turns of `scenario`, every decision passed.
fn passed(scenario: &str, class: Option<ClassLength>, turns: u16) -> Game {
    let mut g = Game::new_class(db(), scenario, 2, class).expect("scenario");
    while g.state.turn <= turns {
        let Some(d) = g.pending().next() else { break };
        g.apply(db(), d, d.pass(), None).expect("a pass is legal");
    }
    g
}

#[test]
fn reprocessing_without_spent_fuel_shows_what_it_made_not_its_capacity() {
    // 2017: no spent fuel waiting; the 5 MWe reactor discharges 0.5 kg a month of plutonium in
    // spent fuel, which is all reprocessing can separate.
    let g = passed("fire-and-fury-2017", None, 1);
    let s = &g.state;
    let rep = facility("yongbyon-reprocessing");
    assert!(s.sites.rate[rep] >= 4.0, "{}", s.sites.rate[rep]);
    assert!(s.sites.made[rep] < 1.0, "made {}", s.sites.made[rep]);
    let dprk = facility_state(db(), s, &s.sites, rep, true);
    assert!(
        dprk.ends_with("/4.5 kg") && !dprk.starts_with("4.5"),
        "{dprk}"
    );
    assert_eq!(facilities_heading(s, true), "Facilities · made/can a turn");
    // The others see the capacity they believe, never the output.
    let public = s.sites.public();
    assert_eq!(facility_state(db(), s, &public, rep, false), "~4.5 kg");
    assert_eq!(public.made, [0.0; brink::content::MAX_FACILITIES]);
    // Production is what the reactors and centrifuges made, which the made figures add up to.
    let fissile: f32 = db()
        .compiled_facilities
        .iter()
        .enumerate()
        .filter(|(_, c)| c.makes_fissile())
        .map(|(f, _)| s.sites.made[f])
        .sum();
    assert!((s.prog(ProgrammeField::ProductionKg) - fissile).abs() < 1e-4);
}

/// In a class of two-month turns a plant's capacity and output are a turn's: two months.
#[test]
fn a_two_month_turn_counts_two_months_of_output() {
    let class = ClassLength {
        turns: 6,
        months: 2,
    };
    let g = passed("fire-and-fury-2017", Some(class), 1);
    let s = &g.state;
    let reactor = facility("yongbyon-5mwe");
    let monthly = passed("fire-and-fury-2017", None, 1);
    assert!(
        (s.sites.made[reactor] - 2.0 * monthly.state.sites.made[reactor]).abs() < 1e-4,
        "{} vs {}",
        s.sites.made[reactor],
        monthly.state.sites.made[reactor]
    );
    assert_eq!(
        facilities_heading(s, false),
        "Known facilities · can a turn (2 mo)"
    );
    let rep = facility("yongbyon-reprocessing");
    assert!(
        facility_state(db(), s, &s.sites, rep, true).ends_with("/9.0 kg"),
        "{}",
        facility_state(db(), s, &s.sites, rep, true)
    );
}
