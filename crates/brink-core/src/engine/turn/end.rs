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
                && a.kind == AgreementKind::Agreement
                && a.parties.contains(&SideId::Dprk)
        })
    {
        Some(Outcome::Agreement)
    } else if s.turn >= s.turns {
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
/// - agreement: an agreement in force limits the DPRK programme (one of its provisions
///   `limits`, and so obliges the DPRK);
/// - collapse: tension is at Crisis or above, or US–DPRK talks are broken off;
/// - statement: a statement the DPRK signed is in force, limiting nothing;
/// - stalemate: otherwise.
pub fn classify(db: &ContentDb, s: &GameState) -> Outcome {
    let in_force = |kind: AgreementKind| {
        s.agreements().iter().any(|a| {
            a.status == AgreementStatus::InForce
                && a.kind == kind
                && a.parties.contains(&SideId::Dprk)
        })
    };
    let crisis = db.rung_from("Crisis").unwrap_or(60.0);
    let talks_off = db.derived.flag_talks_suspended.is_some_and(|f| s.flag(f));
    if in_force(AgreementKind::Agreement) {
        Outcome::Agreement
    } else if s.tension() >= crisis || talks_off {
        Outcome::Collapse
    } else if in_force(AgreementKind::Statement) {
        Outcome::Statement
    } else {
        Outcome::Stalemate
    }
}
