//! What a viewer may see, and the game's story told for the screens: the steps of a resolution,
//! the "since your last turn" summary, the meters a player can ask WHY about, the turning points.
//!
//! Three viewers: one side (its own covert moves and, for the DPRK, the true programme), the
//! public (what everyone at a shared screen may see), and everything (the debrief, after the end).
//! What each may see is the engine's to say (`engine::observe::Viewer`); this module tells the
//! story with it.

mod history;
mod opening;
mod since;
mod steps;
mod summary;

use std::collections::BTreeMap;

use crate::content::{ContentDb, Meter, ProgrammeField};
use crate::engine::state::Sites;
use crate::engine::text::{cause_text, why};
use crate::engine::{Cause, GameState, LedgerEntry, MeterRef};

pub use crate::engine::observe::Viewer;
pub use crate::offers::{OfferEnding, offer_endings};
pub use history::{push_now, series, turning_points};
pub use opening::{opening_events, tension_at_planning};
pub use since::{Mark, since_summary};
pub use steps::{Step, StepKind, resolution_steps};
pub use summary::class_summary;

/// The programme's figures in the order the panels show them: what is built, then the
/// material it is built from, then the rates and the public counts of tests.
pub const PROGRAMME_SHOWN: [ProgrammeField; crate::content::PROGRAMME_FIELDS] = [
    ProgrammeField::Warheads,
    ProgrammeField::Missiles,
    ProgrammeField::PlutoniumKg,
    ProgrammeField::HeuKg,
    ProgrammeField::SpentFuelKg,
    ProgrammeField::FissileKg,
    ProgrammeField::ProductionKg,
    ProgrammeField::IcbmReadiness,
    ProgrammeField::NuclearTests,
    ProgrammeField::IcbmTests,
    ProgrammeField::IrbmTests,
    ProgrammeField::SrbmTests,
];

/// A turn's length for the programme's figures, which are all per turn: "a turn", or "a turn
/// (2 mo)" when a class length makes turns of several months.
pub fn per_turn(s: &GameState) -> String {
    if s.turn_months > 1 {
        format!("a turn ({} mo)", s.turn_months)
    } else {
        "a turn".into()
    }
}

/// The heading of the facilities' rows: what their figures are.
pub fn facilities_heading(s: &GameState, exact: bool) -> String {
    if exact {
        format!("Facilities · made/can {}", per_turn(s))
    } else {
        format!("Known facilities · can {}", per_turn(s))
    }
}

/// A facility's state in a few words, its figures per turn (`facilities_heading`). For the
/// DPRK (`exact`), what it made last turn of what it could ("0.5/4.5 kg": reprocessing with
/// little spent fuel), or "—/4.5 kg" before it has run; for the others, the capacity they
/// believe ("~4.5 kg"). Else why it does not run ("frozen", "taken apart", "building",
/// "restarting").
pub fn facility_state(
    db: &ContentDb,
    s: &GameState,
    sites: &Sites,
    f: usize,
    exact: bool,
) -> String {
    use crate::engine::observe::{PlantState, plant_state};
    match plant_state(db, s.scenario, sites, f, s.turn) {
        PlantState::Dismantled => "taken apart".into(),
        PlantState::Frozen => "frozen".into(),
        PlantState::Building => "building".into(),
        PlantState::Restarting => "restarting".into(),
        PlantState::Idle => "idle".into(),
        PlantState::Running => {
            // The decks' rates are per scenario turn; a class's long turn runs several.
            let can = sites.rate[f] * s.months_per_scenario_turn(db) as f32;
            let unit = match db.compiled_facilities.get(f).map(|c| c.makes) {
                Some(ProgrammeField::Missiles) => "msl",
                _ => "kg",
            };
            let num = |x: f32| {
                if x > 0.0 && x < 1.0 {
                    format!("{x:.2}")
                } else if x < 10.0 {
                    format!("{x:.1}")
                } else {
                    format!("{x:.0}")
                }
            };
            if !exact {
                format!("~{} {unit}", num(can))
            } else if s.turn <= 1 && sites.running == 0 {
                // Nothing has run yet.
                format!("—/{} {unit}", num(can))
            } else {
                format!("{}/{} {unit}", num(sites.made[f]), num(can))
            }
        }
    }
}

/// The meters a side can select and ask WHY about, in the order the meter panel lists them.
pub fn meter_rows(s: &GameState, viewer: Viewer) -> Vec<MeterRef> {
    let mut v: Vec<MeterRef> = Meter::ALL.iter().map(|m| MeterRef::Meter(*m)).collect();
    for f in PROGRAMME_SHOWN {
        if viewer.sees_programme(f) {
            v.push(MeterRef::Programme(f));
        }
    }
    for side in s.seated_sides() {
        v.push(MeterRef::Support(side));
        v.push(MeterRef::Pc(side));
    }
    for a in s.seated_sides() {
        for b in s.seated_sides() {
            if a != b {
                v.push(MeterRef::Trust(a, b));
            }
        }
    }
    v
}

/// A number of the state by reference.
pub fn value_of(s: &GameState, m: MeterRef) -> f32 {
    match m {
        MeterRef::Meter(x) => s.meter(x),
        MeterRef::Trust(a, b) => s.trust(a, b),
        MeterRef::Support(x) => s.support(x),
        MeterRef::Pc(x) => s.sides[x.index()].pc as f32,
        MeterRef::Programme(f) => s.prog(f),
    }
}

/// The ledger of one meter as `viewer` may read it, grouped by turn: (turn, summary line, lines).
pub fn meter_ledger(
    db: &ContentDb,
    ledger: &[LedgerEntry],
    meter: MeterRef,
    viewer: Viewer,
) -> Vec<(u16, String, Vec<String>)> {
    let mut by_turn: BTreeMap<u16, Vec<(&LedgerEntry, Cause)>> = BTreeMap::new();
    for e in ledger
        .iter()
        .filter(|e| e.meter == meter && viewer.sees_entry(e))
    {
        by_turn
            .entry(e.turn)
            .or_default()
            .push((e, viewer.cause(e)));
    }
    by_turn
        .into_iter()
        .map(|(turn, entries)| {
            let summary = why(db, &entries, meter);
            let lines = entries
                .iter()
                .map(|(e, c)| {
                    format!(
                        "{:+6.1} → {:>5.1}  {}{}",
                        e.delta,
                        e.after,
                        cause_text(db, c),
                        resisted_note(e.delta, e.pushed.unwrap_or(e.delta))
                    )
                })
                .collect();
            (turn, summary, lines)
        })
        .collect()
}

/// ", damped from +12.0 near the ceiling" when the end of a meter's range took a share of a push (the
/// ledger's `pushed`), so a change that looks small says why; empty when it landed (nearly)
/// whole.
pub fn resisted_note(applied: f32, pushed: f32) -> String {
    // (Under half a point lost is rounding on the screen: not worth a note.)
    if (pushed - applied).abs() < 0.5 {
        return String::new();
    }
    let end = if pushed > 0.0 { "ceiling" } else { "floor" };
    format!(", damped from {pushed:+.1} near the {end}")
}

#[cfg(test)]
mod tests {
    use super::resisted_note;

    /// A change the end of the range cut short names the push it came from and which end took
    /// the rest; one that landed whole (within rounding) says nothing.
    #[test]
    fn a_damped_change_names_its_push_and_its_end() {
        assert_eq!(
            resisted_note(1.9, 12.0),
            ", damped from +12.0 near the ceiling"
        );
        assert_eq!(
            resisted_note(-0.7, -3.0),
            ", damped from -3.0 near the floor"
        );
        assert_eq!(resisted_note(5.0, 5.2), "");
    }
}
