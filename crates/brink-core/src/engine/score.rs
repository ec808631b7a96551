//! Objectives and scores (design §7). Objectives are tracked turn by turn so that tests over
//! the path ("never at Conflict", "for six turns") can be judged at the end.

use serde::{Deserialize, Serialize};

use crate::content::{CompiledObjectiveTest, ContentDb, SideId};

use super::effects::cond_holds;
use super::ledger::Outcome;
use super::state::{GameState, ObjectiveTrack};
use super::view::View;

/// Updates every objective's record at the end of a turn.
pub(crate) fn track_objectives(db: &ContentDb, s: &mut GameState) {
    let cs = &db.compiled_scenarios[s.scenario as usize];
    // Only the objectives judged along the way (listed, and their conditions compiled for
    // their sides, once at load time).
    let Some(table) = &cs.tracked_table else {
        return track_one_by_one(db, s);
    };
    // Every condition answered at once into its bit (a nested `Any` of `All`s was a walk of
    // the tree per objective per turn), before the records are written.
    let held = View::of(db, s).answers(&table.atoms);
    for ((side, i, _), &bit) in cs.tracked.iter().zip(table.bits.iter()) {
        record(
            &mut s.objectives[side.index()][*i as usize],
            held >> bit & 1 != 0,
        );
    }
}

/// `track_objectives` for a list too large for one table: condition by condition. The records
/// are set aside while the view reads the state (conditions never read them).
fn track_one_by_one(db: &ContentDb, s: &mut GameState) {
    let cs = &db.compiled_scenarios[s.scenario as usize];
    let mut objectives = std::mem::take(&mut s.objectives);
    let v = View::of(db, s);
    for (side, i, check) in cs.tracked.iter() {
        record(&mut objectives[side.index()][*i as usize], v.holds(check));
    }
    s.objectives = objectives;
}

/// One turn of an objective's record.
fn record(t: &mut ObjectiveTrack, held: bool) {
    if held {
        t.held_turns += 1;
        t.streak += 1;
        t.ever = true;
    } else {
        t.streak = 0;
        t.broken = true;
    }
}

/// One objective's verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveResult {
    pub name: String,
    pub weight: f32,
    pub met: bool,
}

/// Whether each objective of `side` is met now (as if the game ended here).
pub fn objective_results(db: &ContentDb, s: &GameState, side: SideId) -> Vec<ObjectiveResult> {
    let scen = &db.scenarios[s.scenario as usize];
    let cs = &db.compiled_scenarios[s.scenario as usize];
    let Some(ss) = &cs.sides[side.index()] else {
        return Vec::new();
    };
    let Some(src) = scen.sides.iter().find(|x| x.side == side) else {
        return Vec::new();
    };
    let war = s.outcome == Some(Outcome::War);
    ss.objectives
        .iter()
        .enumerate()
        .map(|(i, obj)| ObjectiveResult {
            name: src.objectives[i].name.clone(),
            weight: obj.weight,
            met: !war && objective_met(db, s, side, i),
        })
        .collect()
}

/// Whether objective `i` of `side` is met now (war aside).
fn objective_met(db: &ContentDb, s: &GameState, side: SideId, i: usize) -> bool {
    let Some(ss) = &db.compiled_scenarios[s.scenario as usize].sides[side.index()] else {
        return false;
    };
    let t = s.objectives[side.index()][i];
    match &ss.objectives[i].test {
        CompiledObjectiveTest::AtEnd(c) => cond_holds(db, s, c, side, None),
        CompiledObjectiveTest::Always(_) => !t.broken && t.held_turns > 0,
        CompiledObjectiveTest::LastTurns(n, _) => t.streak >= (*n).min(s.turns).max(1),
        CompiledObjectiveTest::ForTurns(n, _) => t.held_turns >= *n,
        CompiledObjectiveTest::Ever(_) => t.ever,
        CompiledObjectiveTest::NoWar => true,
    }
}

/// A side's score, 0–1: the weighted share of its objectives met. War is a loss for everyone.
pub fn score(db: &ContentDb, s: &GameState, side: SideId) -> f32 {
    if s.outcome == Some(Outcome::War) {
        return 0.0;
    }
    // Summed in place, not through `objective_results` (no names copied: the search scores
    // every playout this way).
    let Some(ss) = &db.compiled_scenarios[s.scenario as usize].sides[side.index()] else {
        return 0.0;
    };
    // From −0.0, as `Iterator::sum` starts, so the result is the same to the bit.
    let (mut total, mut met) = (-0.0f32, -0.0f32);
    for (i, obj) in ss.objectives.iter().enumerate() {
        total += obj.weight;
        if objective_met(db, s, side, i) {
            met += obj.weight;
        }
    }
    if total <= 0.0 {
        return 0.0;
    }
    met / total
}
