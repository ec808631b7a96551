//! The `random` persona: uniformly random legal play. The baseline every other opponent is
//! measured against, and the player of the speed benchmark.

use rand::RngExt;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::content::{CPackage, ContentDb, SideId};
use crate::engine::moves::legal_cards_into;
use crate::engine::state::Offer;
use crate::engine::{CrisisChoice, GameState, Move, Response};

use super::Policy;

#[derive(Debug, Default, Clone)]
pub struct RandomPolicy {
    buf: Vec<Move>,
}

impl Policy for RandomPolicy {
    fn plan(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        side: SideId,
        rng: &mut ChaCha8Rng,
    ) -> Vec<Move> {
        legal_cards_into(db, s, side, &mut self.buf);
        self.buf.shuffle(rng);
        let want = rng.random_range(0..=db.rules.move_limit as usize);
        let mut pc = s.sides[side.index()].pc;
        let mut out = Vec::with_capacity(want);
        for m in self.buf.drain(..) {
            if out.len() >= want {
                break;
            }
            let c = &db.c_cards[m.card as usize];
            if c.cost as i32 > pc {
                continue;
            }
            pc -= c.cost as i32;
            let mut m = m;
            if matches!(c.package, CPackage::Chosen) {
                m.package = random_package(db, rng);
            }
            out.push(m);
        }
        out
    }

    fn respond(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        _side: SideId,
        offer: &Offer,
        rng: &mut ChaCha8Rng,
    ) -> Response {
        let _ = s;
        match rng.random_range(0..10u8) {
            0..=4 => Response::Accept,
            5..=8 => Response::Reject,
            _ if offer.counter_of.is_none() && !offer.package.is_empty() => {
                Response::Counter(random_package(db, rng))
            }
            _ => Response::Reject,
        }
    }

    fn crisis(
        &mut self,
        _db: &ContentDb,
        _s: &GameState,
        _side: SideId,
        rng: &mut ChaCha8Rng,
    ) -> CrisisChoice {
        if rng.random_bool(0.5) {
            CrisisChoice::StandFirm
        } else {
            CrisisChoice::BackDown
        }
    }
}

/// One to three distinct provisions.
pub fn random_package(db: &ContentDb, rng: &mut ChaCha8Rng) -> Vec<u16> {
    let n = db.provisions.len() as u16;
    let k = rng.random_range(1..=3usize).min(n as usize);
    let mut out: Vec<u16> = Vec::with_capacity(k);
    while out.len() < k {
        let p = rng.random_range(0..n);
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}
