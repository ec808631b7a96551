//! The `random` persona: uniformly random legal play. The baseline every other opponent is
//! measured against, and the player of the speed benchmark.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use crate::content::{CompiledPackage, ContentDb, SideId};
use crate::engine::draws;
use crate::engine::moves::hand_card_playable_in;
use crate::engine::state::Offer;
use crate::engine::view::View;
use crate::engine::{CrisisChoice, GameState, Move, Phase, Response};

use super::Policy;

#[derive(Debug, Default, Clone)]
pub struct RandomPolicy {
    /// Indexes into the side's cards not yet drawn this turn.
    idx: Vec<u16>,
    /// What the last decision was, for its reason.
    last: Option<&'static str>,
}

/// The indexes `0..IDENTITY.len()` in order: the shuffle's starting list for a hand of up to
/// that many cards, copied in one go rather than counted out one index at a time (every plan
/// starts from it).
const IDENTITY: [u16; 64] = {
    let mut ids = [0u16; 64];
    let mut i = 0;
    while i < ids.len() {
        ids[i] = i as u16;
        i += 1;
    }
    ids
};

impl Policy for RandomPolicy {
    /// `plan_into`, into a new list.
    fn plan(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        side: SideId,
        rng: &mut ChaCha8Rng,
    ) -> Vec<Move> {
        let mut out = Vec::new();
        self.plan_into(db, s, side, rng, &mut out);
        out
    }

    /// Up to a random number (0..=move limit) of distinct legal cards, uniformly at random.
    ///
    /// Cards are drawn lazily in a uniformly random order (a partial Fisher–Yates shuffle of the
    /// side's hand in this scenario), skipping those that are illegal or no longer affordable:
    /// the legal ones then come in a uniformly random order, exactly as if the legal set had
    /// been listed and shuffled, but only a few cards' requirements are ever checked.
    fn plan_into(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        side: SideId,
        rng: &mut ChaCha8Rng,
        out: &mut Vec<Move>,
    ) {
        out.clear();
        self.last = Some("random player: legal moves drawn at random");
        let want = draws::inclusive(rng, u32::from(db.rules.move_limit)) as usize;
        if want == 0 || s.phase != Phase::Planning || !s.seated(side) {
            return;
        }
        // The side's cards this scenario keeps (a card it leaves out is never legal here).
        let cards = &db.compiled_scenarios[s.scenario as usize].hands[side.index()];
        self.idx.clear();
        match IDENTITY.get(..cards.len()) {
            Some(first) => self.idx.extend_from_slice(first),
            None => self.idx.extend(0..cards.len() as u16),
        }
        let mut pc = s.sides[side.index()].pc;
        let view = View::of(db, s);
        let mut n = self.idx.len();
        while out.len() < want && n > 0 {
            let j = draws::below(rng, n as u32) as usize;
            let card = cards[self.idx[j] as usize];
            self.idx.swap(j, n - 1);
            n -= 1;
            let c = &db.compiled_cards[card as usize];
            if c.cost as i32 > pc || !hand_card_playable_in(db, s, &view, side, card) {
                continue;
            }
            pc -= c.cost as i32;
            let mut m = Move::card(card);
            if matches!(c.package, CompiledPackage::Chosen) {
                m.package = random_package(db, s, rng);
            }
            out.push(m);
        }
    }

    fn respond(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        _side: SideId,
        offer: &Offer,
        rng: &mut ChaCha8Rng,
    ) -> Response {
        self.last =
            Some("random player: a random answer (accepts 5 offers in 10, rejects 4, counters 1)");
        match draws::below(rng, 10) {
            0..=4 => Response::Accept,
            5..=8 => Response::Reject,
            _ if offer.can_counter() => Response::Counter(random_package(db, s, rng)),
            _ => Response::Reject,
        }
    }

    /// Every card comes from the side's own deck, passed `card_playable` in the very state the
    /// plan is for, and fit the budget left; no card twice (drawn without replacement); at
    /// most the move limit; chosen packages from `random_package` (one to three distinct
    /// provisions); no target overrides. That is all `check_plan` asks.
    fn vouches_for_plans(&self) -> bool {
        true
    }

    fn reason(&self) -> Option<String> {
        self.last.map(str::to_string)
    }

    fn crisis(
        &mut self,
        _db: &ContentDb,
        _s: &GameState,
        _side: SideId,
        rng: &mut ChaCha8Rng,
    ) -> CrisisChoice {
        self.last = Some("random player: a coin toss");
        if rng.random_bool(0.5) {
            CrisisChoice::StandFirm
        } else {
            CrisisChoice::BackDown
        }
    }
}

/// One to three distinct provisions, of those on the table in the game's scenario. (Where the
/// scenario excludes none, the list is every provision in deck order, so the draws and the
/// package are what they were before scenarios could exclude any.)
pub fn random_package(db: &ContentDb, s: &GameState, rng: &mut ChaCha8Rng) -> Vec<u16> {
    let table = &db.compiled_scenarios[s.scenario as usize].provisions_on_table;
    let n = table.len() as u16;
    let k = (1 + draws::below(rng, 3) as usize).min(n as usize);
    let mut out: Vec<u16> = Vec::with_capacity(k);
    while out.len() < k {
        let p = table[draws::below(rng, u32::from(n)) as usize];
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}
