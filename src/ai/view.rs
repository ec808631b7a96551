//! What a computer player may read, and the worlds the search opponent imagines.
//!
//! Every persona reads the public state only: for the DPRK programme, sides other than the DPRK
//! read the public estimate (`holds` evaluates conditions that way), never the truth. The search
//! opponent goes further: it never looks at the real state at all, only at `sample_world`, a full
//! state rebuilt from its side's observation with the hidden parts sampled.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use crate::content::{CCond, ContentDb, MoveKind, ProgrammeField, SideId};
use crate::engine::{GameState, determinize};

/// A programme figure as `viewer` knows it: exact for the DPRK, the public estimate for the
/// others (test counts are public: seismographs and radars see them).
pub fn programme_as_seen(s: &GameState, viewer: SideId, f: ProgrammeField) -> f32 {
    if viewer == SideId::Dprk {
        return s.prog(f);
    }
    let e = &s.estimate;
    match f {
        ProgrammeField::Warheads => e.warheads_mid,
        ProgrammeField::IcbmReadiness => e.readiness_mid,
        ProgrammeField::ProductionKg => e.production_mid,
        // Nobody outside knows the unassembled stock; assume about one warhead's worth.
        ProgrammeField::FissileKg => 5.0,
        ProgrammeField::NuclearTests
        | ProgrammeField::IcbmTests
        | ProgrammeField::IrbmTests
        | ProgrammeField::SrbmTests => s.prog(f),
    }
}

/// `engine::effects::cond_holds`, but reading the programme as `viewer` sees it.
pub fn holds(db: &ContentDb, s: &GameState, c: &CCond, viewer: SideId) -> bool {
    crate::engine::effects::cond_holds_seen(db, s, c, viewer, None, &|f| {
        programme_as_seen(s, viewer, f)
    })
}

/// A full state consistent with everything `viewer` can see, the hidden rest sampled with `seed`.
///
/// Built on `engine::determinize` (programme drawn from the estimate, others' covert moves,
/// secret pending effects, plans and crisis choices dropped, a fresh RNG), plus what that leaves
/// behind: the cooldowns of other sides' covert cards (a cooldown would betray a covert move),
/// the game seed, and other sides' objective records. Two states that look the same to `viewer`
/// give the same world for the same seed — `tests/ai_search.rs` checks it.
pub fn sample_world(db: &ContentDb, s: &GameState, viewer: SideId, seed: u64) -> GameState {
    let mut g = determinize(db, s, viewer, seed);
    patch_hidden(db, &mut g, viewer);
    g
}

/// Clears what `engine::determinize` carries over from its template but `viewer` cannot know.
pub fn patch_hidden(db: &ContentDb, g: &mut GameState, viewer: SideId) {
    for side in SideId::ALL {
        if side == viewer {
            continue;
        }
        for &card in &db.cards_by_side[side.index()] {
            if db.c_cards[card as usize].kind == MoveKind::Covert {
                g.ready_turn[card as usize] = 0;
            }
        }
        for t in g.objectives[side.index()].iter_mut() {
            *t = Default::default();
        }
    }
    g.seed = 0;
    // Bookkeeping of the last resolution, which may name a covert cause.
    g.top_push = (0.0, None);
    g.tension_at_start = g.tension();
}

/// A fresh 64-bit seed from a policy's RNG.
pub fn next_seed(rng: &mut ChaCha8Rng) -> u64 {
    rng.random()
}
