//! What a computer player may read, and the worlds the search opponent imagines.
//!
//! Every persona reads the public state only: for the DPRK programme, sides other than the DPRK
//! read the public estimate (`holds` evaluates conditions that way), never the truth. The search
//! opponent goes further: it never looks at the real state at all, only at `sample_world`, a full
//! state rebuilt from its side's observation with the hidden parts sampled.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use crate::content::{CompiledCondition, ContentDb, ProgrammeField, SideId};
use crate::engine::observe::Viewer;
use crate::engine::{GameState, determinize};

/// A programme figure as `viewer` knows it (`Viewer::sees_programme`): exact where it may see
/// it, else the public estimate's middle.
pub fn programme_as_seen(s: &GameState, viewer: SideId, f: ProgrammeField) -> f32 {
    if Viewer::Side(viewer).sees_programme(f) {
        return s.prog(f);
    }
    let e = &s.estimate;
    match f {
        ProgrammeField::Warheads => e.warheads_mid,
        ProgrammeField::IcbmReadiness => e.readiness_mid,
        ProgrammeField::ProductionKg => e.production_mid,
        // Nobody outside knows the unassembled stock; assume about one warhead's worth.
        ProgrammeField::FissileKg | ProgrammeField::PlutoniumKg => 5.0,
        ProgrammeField::HeuKg => 0.0,
        ProgrammeField::SpentFuelKg => e.spent_fuel_mid,
        ProgrammeField::Missiles => e.missiles_mid,
        // The counts of tests are public (seen exactly above).
        _ => s.prog(f),
    }
}

/// `engine::effects::cond_holds`, but reading the programme as `viewer` sees it.
pub fn holds(db: &ContentDb, s: &GameState, c: &CompiledCondition, viewer: SideId) -> bool {
    if !reads_estimate(c, viewer) {
        // Nothing in it that `viewer` sees differently: the engine's own check, in line.
        return crate::engine::effects::cond_holds(db, s, c, viewer, None);
    }
    holds_seen(db, s, c, viewer)
}

/// `holds` for a condition that reads a programme figure `viewer` knows only as an estimate.
pub fn holds_seen(db: &ContentDb, s: &GameState, c: &CompiledCondition, viewer: SideId) -> bool {
    crate::engine::effects::cond_holds_seen(db, s, c, viewer, None, &|f| {
        programme_as_seen(s, viewer, f)
    })
}

/// A full state consistent with everything `viewer` can see, the hidden rest sampled with `seed`:
/// `engine::determinize` (programme drawn from the estimate; others' covert moves, secret
/// effects, covert cooldowns and objective records, plans and crisis choices dropped; a fresh
/// RNG). Two states that look the same to `viewer` give the same world for the same seed —
/// `tests/ai_search.rs` checks it.
pub fn sample_world(db: &ContentDb, s: &GameState, viewer: SideId, seed: u64) -> GameState {
    determinize(db, s, viewer, seed)
}

/// Whether `c` reads a programme figure that `viewer` sees only as the public estimate (so that
/// `holds` must read it through `programme_as_seen`).
pub fn reads_estimate(c: &CompiledCondition, viewer: SideId) -> bool {
    match c {
        CompiledCondition::ProgrammeAtLeast(f, _) | CompiledCondition::ProgrammeBelow(f, _) => {
            !Viewer::Side(viewer).sees_programme(*f)
        }
        CompiledCondition::Any(cs) | CompiledCondition::All(cs) => {
            cs.iter().any(|c| reads_estimate(c, viewer))
        }
        _ => false,
    }
}

/// A fresh 64-bit seed from a policy's RNG.
pub fn next_seed(rng: &mut ChaCha8Rng) -> u64 {
    rng.random()
}
