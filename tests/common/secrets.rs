//! Paired worlds: a state and its copy that differ only in what one side cannot see. What
//! that side is told (the agent protocol), and what the search opponent chooses, must be the
//! same in both.

use brink::content::{ContentDb, MoveKind, ProgrammeField, SideId};
use brink::engine::state::{CovertOp, PendingEffects, Ramp};
use brink::engine::{Cause, GameState, Phase};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// A copy of `s` with everything `viewer` cannot see changed: the dice to come and the seed,
/// another side's covert operation, its cooldown and secret effects, the true programme, and
/// (in planning) another side's plan for this turn.
pub fn with_other_secrets(db: &ContentDb, s: &GameState, viewer: SideId) -> GameState {
    let mut b = s.clone();
    b.rng = ChaCha8Rng::seed_from_u64(0xD1CE);
    b.seed ^= 0x5EED;
    let covert_side = if viewer == SideId::Dprk {
        SideId::China
    } else {
        SideId::Dprk
    };
    let card = db.cards_by_side[covert_side.index()]
        .iter()
        .copied()
        .find(|c| db.compiled_cards[*c as usize].kind == MoveKind::Covert)
        .expect("a covert card");
    b.covert.push(CovertOp {
        side: covert_side,
        card,
        turn: s.turn.saturating_sub(1),
        detected: false,
    });
    b.ready_turn[card as usize] = s.turn + 3;
    b.pending.push(PendingEffects {
        due: s.turn + 1,
        effects: db.compiled_cards[card as usize].effects.to_vec().into(),
        actor: covert_side,
        target: None,
        cause: Cause::Card {
            side: covert_side,
            card,
        },
        secret: Some(covert_side),
    });
    b.ramps.push(Ramp {
        meter: brink::content::Meter::Economy,
        per_turn: 2.0,
        remaining: 3,
        cause: Cause::Card {
            side: covert_side,
            card,
        },
        secret: Some(covert_side),
    });
    if viewer != SideId::Dprk {
        *b.prog_mut(ProgrammeField::Warheads) += 9.0;
        *b.prog_mut(ProgrammeField::FissileKg) += 37.0;
        *b.prog_mut(ProgrammeField::ProductionKg) += 3.0;
        *b.prog_mut(ProgrammeField::IcbmReadiness) =
            (b.prog(ProgrammeField::IcbmReadiness) - 30.0).max(0.0);
        *b.prog_mut(ProgrammeField::PlutoniumKg) += 11.0;
        *b.prog_mut(ProgrammeField::HeuKg) += 23.0;
        // The plants as only the DPRK knows them: their true rates (a covert expansion), what
        // each made, the assembly line, and a plant nobody else knows of, running.
        for f in 0..brink::content::MAX_FACILITIES {
            b.sites.rate[f] += 2.5;
            b.sites.made[f] += 1.25;
        }
        b.sites.assembly = 0.75;
        let unknown = (0..db.facilities.len())
            .find(|f| b.sites.known >> f & 1 == 0)
            .expect("a facility the others do not know of");
        b.sites.present |= 1 << unknown;
        b.sites.running |= 1 << unknown;
        b.sites.ready[unknown] = 0;
    }
    if b.phase == Phase::Planning && b.plans[covert_side.index()].is_none() {
        b.plans[covert_side.index()] = Some(vec![brink::engine::Move::card(card)]);
    }
    b
}
