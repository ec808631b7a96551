//! What one side may see, and a way for a side's bot to imagine the rest.
//!
//! The DPRK sees its programme exactly; everyone else sees the public estimate with its band.
//! A side sees its own covert moves and nobody else's. Everything else is public.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::content::{ContentDb, MoveKind, ProgrammeField, SideId};

use super::ledger::{Cause, LedgerEntry, Outcome};
use super::state::{Agreement, CovertOp, Estimate, GameState, Offer, Phase, SideState};

/// The programme as a side sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ProgrammeView {
    Exact([f32; 8]),
    Estimate {
        estimate: Estimate,
        /// Counts of tests are public (seismographs and radars see them).
        tests: [f32; 4],
    },
}

/// A side as everyone sees it: seated, its political capital, its domestic support.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ObservedSide {
    pub seated: bool,
    /// Political capital available now.
    pub pc: i32,
    /// PC adjustments that land with next turn's income (effects of cards and events).
    pub pc_next: i32,
    pub support: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    pub viewer: SideId,
    pub scenario: u16,
    pub turn: u16,
    pub phase: Phase,
    pub meters: [f32; 6],
    pub trust: [[f32; 5]; 5],
    pub sides: [ObservedSide; 5],
    pub programme: ProgrammeView,
    pub flags: u128,
    pub agreements: Vec<Agreement>,
    /// The viewer's own covert moves still in play.
    pub own_covert: Vec<CovertOp>,
    /// Offers the viewer made or must answer.
    pub offers: Vec<Offer>,
    pub outcome: Option<Outcome>,
}

pub fn observe(s: &GameState, viewer: SideId) -> Observation {
    let programme = if viewer == SideId::Dprk {
        ProgrammeView::Exact(s.programme())
    } else {
        ProgrammeView::Estimate {
            estimate: s.estimate,
            tests: [
                s.prog(ProgrammeField::NuclearTests),
                s.prog(ProgrammeField::IcbmTests),
                s.prog(ProgrammeField::IrbmTests),
                s.prog(ProgrammeField::SrbmTests),
            ],
        }
    };
    Observation {
        viewer,
        scenario: s.scenario,
        turn: s.turn,
        phase: s.phase,
        meters: s.meters(),
        trust: s.trust_matrix(),
        sides: SideId::ALL.map(|x| {
            let st = s.sides[x.index()];
            ObservedSide {
                seated: s.seated(x),
                pc: st.pc,
                pc_next: st.pc_next,
                support: s.support(x),
            }
        }),
        programme,
        flags: s.flags,
        agreements: s.agreements().to_vec(),
        own_covert: s
            .covert
            .iter()
            .filter(|c| c.side == viewer)
            .copied()
            .collect(),
        offers: s
            .offers
            .iter()
            .filter(|o| o.from == viewer || o.to == viewer)
            .cloned()
            .collect(),
        outcome: s.outcome,
    }
}

/// Whether a ledger entry's cause may be shown to `viewer`.
pub fn visible_cause(e: &LedgerEntry, viewer: Option<SideId>) -> Cause {
    match (e.secret, viewer) {
        (Some(owner), Some(v)) if owner != v => Cause::Hidden,
        _ => e.cause,
    }
}

/// Whether `viewer` may see this ledger entry's number at all (the true programme is the DPRK's
/// secret; everything else moves in public).
pub fn visible_entry(e: &LedgerEntry, viewer: Option<SideId>) -> bool {
    match (e.meter, viewer) {
        (super::ledger::MeterRef::Programme(f), Some(v)) => {
            v == SideId::Dprk
                || matches!(
                    f,
                    ProgrammeField::NuclearTests
                        | ProgrammeField::IcbmTests
                        | ProgrammeField::IrbmTests
                        | ProgrammeField::SrbmTests
                )
        }
        _ => true,
    }
}

/// A full state consistent with what `viewer` can see, with the hidden parts sampled: the
/// programme drawn from the estimate's band, other sides' covert moves dropped, plans and
/// answers of others unknown (cleared), and a fresh RNG. It reads nothing hidden from `s`:
/// two states that look the same to `viewer` give the same result for the same `seed`.
pub fn determinize(db: &ContentDb, s: &GameState, viewer: SideId, seed: u64) -> GameState {
    let obs = observe(s, viewer);
    from_observation(db, s, &obs, seed)
}

/// Builds a sampled full state from an observation. `template` supplies only public structure
/// (scenario bookkeeping, cooldowns, objective records); whatever of it the viewer cannot know
/// is cleared (`public_world`), and the rest is drawn with `seed` (`sample_hidden`).
pub fn from_observation(
    db: &ContentDb,
    template: &GameState,
    obs: &Observation,
    seed: u64,
) -> GameState {
    let mut g = public_world(db, template, obs);
    sample_hidden(db, &mut g, obs, seed);
    g
}

/// The part of `from_observation` that does not depend on the seed: the template with the
/// observation written over it and everything the viewer cannot see cleared. The programme and
/// the RNG are left for `sample_hidden`. A caller sampling many worlds from one observation (the
/// search opponent) builds this once and clones it.
pub fn public_world(db: &ContentDb, template: &GameState, obs: &Observation) -> GameState {
    let mut g = template.clone();
    g.set_meters(obs.meters);
    g.set_trust_matrix(&obs.trust);
    for x in SideId::ALL {
        let o = obs.sides[x.index()];
        g.sides[x.index()] = SideState {
            pc: o.pc,
            pc_next: o.pc_next,
        };
        g.set_seated(x, o.seated);
        *g.support_mut(x) = o.support;
    }
    g.flags = obs.flags;
    g.set_agreements(obs.agreements.clone());
    g.covert = obs.own_covert.clone();
    // Other sides' pending and ramped effects may be secret; keep only public ones and the viewer's.
    g.pending
        .retain(|p| p.secret.is_none() || p.secret == Some(obs.viewer));
    g.ramps
        .retain(|p| p.secret.is_none() || p.secret == Some(obs.viewer));
    // Others' unrevealed choices this turn are unknown; the viewer's own are known.
    for side in SideId::ALL {
        if side != obs.viewer {
            g.plans[side.index()] = None;
            g.crisis[side.index()] = None;
        }
    }
    g.offers = obs.offers.clone();
    clear_unseen_bookkeeping(db, &mut g, obs.viewer);
    g
}

/// Clears what a template carries besides the observation that `viewer` cannot know: the
/// cooldowns of other sides' covert cards (a cooldown would betray a covert move), other sides'
/// objective records, the game seed, and the bookkeeping of the last resolution (which may name
/// a covert cause).
fn clear_unseen_bookkeeping(db: &ContentDb, g: &mut GameState, viewer: SideId) {
    for side in SideId::ALL {
        if side == viewer {
            continue;
        }
        for &card in &db.cards_by_side[side.index()] {
            if db.c_cards[card as usize].kind == MoveKind::Covert {
                // As if never played: ready from its dates on.
                g.ready_turn[card as usize] =
                    db.c_scenarios[g.scenario as usize].ready_floor(card, g.turn);
            }
        }
        for t in g.objectives[side.index()].iter_mut() {
            *t = Default::default();
        }
    }
    g.seed = 0;
    g.top_push = (0.0, None);
    g.tension_at_start = g.tension();
}

/// The part of `from_observation` drawn with `seed`: the programme (exact for the DPRK, else
/// from the estimate's band, test counts being public) and a fresh RNG for the chance to come.
pub fn sample_hidden(db: &ContentDb, g: &mut GameState, obs: &Observation, seed: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    match &obs.programme {
        ProgrammeView::Exact(p) => g.set_programme(*p),
        ProgrammeView::Estimate { estimate, tests } => {
            let e = estimate;
            let w = if e.warheads_high > e.warheads_low {
                rng.random_range(e.warheads_low..=e.warheads_high).round()
            } else {
                e.warheads_low
            };
            let rd = (e.readiness_mid + rng.random_range(-1.0..=1.0f32) * e.readiness_band)
                .clamp(0.0, 100.0);
            let mut p = [0.0; 8];
            p[ProgrammeField::Warheads.index()] = w;
            p[ProgrammeField::FissileKg.index()] =
                rng.random_range(0.0..db.rules.kg_per_warhead * 2.0);
            p[ProgrammeField::ProductionKg.index()] = e.production_mid;
            p[ProgrammeField::IcbmReadiness.index()] = rd;
            p[ProgrammeField::NuclearTests.index()] = tests[0];
            p[ProgrammeField::IcbmTests.index()] = tests[1];
            p[ProgrammeField::IrbmTests.index()] = tests[2];
            p[ProgrammeField::SrbmTests.index()] = tests[3];
            g.set_programme(p);
        }
    }
    g.rng = ChaCha8Rng::seed_from_u64(rng.random());
}
