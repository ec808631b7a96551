//! Step 7, the end check: war, an agreement that ends the scenario, or the turn limit.

use super::*;

pub(super) fn end_of_turn<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S, war: bool) {
    crate::engine::score::track_objectives(db, s);
    if war {
        s.outcome = Some(Outcome::War);
    }
    let scen = &db.scenarios[s.scenario as usize];
    let outcome = if war {
        if S::ENABLED {
            sink.log(LogEntry::War);
        }
        Some(Outcome::War)
    } else if scen.ends_on_agreement
        && s.agreements().iter().any(|a| {
            a.signed_turn == s.turn
                && a.status == AgreementStatus::InForce
                && a.parties.contains(&SideId::Dprk)
        })
    {
        Some(Outcome::Agreement)
    } else if s.turn >= scen.turns {
        Some(classify(db, s))
    } else {
        None
    };
    if let Some(o) = outcome {
        s.outcome = Some(o);
        s.phase = Phase::Over;
        if S::ENABLED {
            sink.log(LogEntry::GameOver { outcome: o });
        }
    }
    if S::ENABLED {
        sink.turn_end(db, s);
    }
    if outcome.is_none() {
        begin_turn(db, s, sink, s.turn + 1);
    }
}

/// How a game that reached its last turn ended.
/// - agreement: an agreement in force obliges the DPRK;
/// - collapse: tension is at Crisis or above, or US–DPRK talks are broken off;
/// - stalemate: otherwise.
pub fn classify(db: &ContentDb, s: &GameState) -> Outcome {
    let dprk_bound = s.agreements().iter().any(|a| {
        a.status == AgreementStatus::InForce
            && a.provisions.iter().any(|p| {
                db.c_provisions[*p as usize]
                    .obligations
                    .contains(&SideId::Dprk)
            })
    });
    let crisis = db.rung_from("Crisis").unwrap_or(60.0);
    let talks_off = db.derived.flag_talks_suspended.is_some_and(|f| s.flag(f));
    if dprk_bound {
        Outcome::Agreement
    } else if s.tension() >= crisis || talks_off {
        Outcome::Collapse
    } else {
        Outcome::Stalemate
    }
}
