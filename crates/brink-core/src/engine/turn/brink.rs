//! Step 6, the brink: each side stands firm or backs down; war is rolled if both stand firm.

use super::*;

pub(super) fn resolve_crisis<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
    let r = &db.rules;
    let mut all_firm = true;
    let mut any_firm = false;
    for side in SideId::ALL {
        let Some(choice) = s.crisis[side.index()] else {
            continue;
        };
        if S::ENABLED {
            sink.log(LogEntry::CrisisChoice { side, choice });
        }
        match choice {
            CrisisChoice::BackDown => {
                all_firm = false;
                let cause = Cause::BackDown(side);
                change(
                    s,
                    sink,
                    MeterRef::Meter(Meter::Tension),
                    -r.back_down_tension,
                    cause,
                    None,
                );
                change(
                    s,
                    sink,
                    MeterRef::Support(side),
                    -r.back_down_support,
                    cause,
                    None,
                );
            }
            CrisisChoice::StandFirm => any_firm = true,
        }
    }
    if !all_firm && any_firm {
        // The side that held firm while the other blinked is rewarded at home.
        for side in SideId::ALL {
            if s.crisis[side.index()] == Some(CrisisChoice::StandFirm) {
                change(
                    s,
                    sink,
                    MeterRef::Support(side),
                    r.back_down_support * 0.5,
                    Cause::StandFirm,
                    None,
                );
            }
        }
    }
    let mut war = false;
    if all_firm && s.standoffs < r.war_standoffs {
        // A first standoff ends without war: each side has stood firm once, and a war takes a
        // crisis that outlasts the month (`Rules::war_standoffs`).
        if S::ENABLED {
            sink.log(LogEntry::Standoff {
                months: s.standoffs + 1,
                needed: r.war_standoffs,
            });
        }
    } else if all_firm {
        let chance = logistic((s.tension() - r.war_centre) / r.war_scale);
        let roll: f32 = s.rng.random();
        war = roll < chance;
        if S::ENABLED {
            sink.log(LogEntry::Roll {
                kind: RollKind::War,
                chance,
                roll,
                hit: war,
            });
        }
    }
    s.standoffs = if all_firm {
        s.standoffs.saturating_add(1)
    } else {
        0
    };
    end_of_turn(db, s, sink, war);
}
