//! A persona's plans in the search's imagined futures, from a menu: a few noisy rankings of its
//! cards, valued once per decision in the world the search starts from, instead of valuing
//! every card afresh at every turn of every playout.
//!
//! Why: a hard game's playouts planned some 280k times a game, each reading the persona's
//! situation and valuing a dozen cards with a Gumbel draw each: a fifth of the hard seat's
//! instructions (`notes/search-speed.md`, fifth round). The rollout only needs a plausible,
//! noisy plan of the persona's kind; the ranking it would compute a few turns on differs from
//! the root's mostly by the noise the rollout adds anyway. What still depends on the world at
//! hand is checked there: the budget, the cards not yet ready, the requirements, the package
//! (built for that world). A real game's persona never plays from a menu.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use crate::content::{CardIx, ContentDb};
use crate::engine::{GameState, Move, Phase};

use super::decide::{GUMBEL, Gumbel};
use super::*;

/// Noisy rankings of a persona's cards, each best first.
#[derive(Debug, Clone, Default)]
pub struct PlanMenu {
    /// Every ranking's cards in turn: (worth with its noise, index in `Brain::cards`), only
    /// those worth more than the persona's `min_value`, at most `KEEP` of them.
    items: Vec<(f32, u16)>,
    /// Where each ranking starts in `items`, and one past the last.
    starts: Vec<u32>,
    /// The worths without noise (scratch space while building).
    base: Vec<(f32, u16)>,
}

/// How many rankings a menu holds when the persona plays with noise.
pub const MENU_RANKINGS: usize = 16;
/// Cards kept per ranking: a plan has at most `move_limit` (5) of them, and a few of the best
/// may be unaffordable, not ready or not allowed in the world at hand.
const KEEP: usize = 12;

impl PlanMenu {
    /// How many rankings it holds (0: not built).
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn ranking(&self, k: usize) -> &[(f32, u16)] {
        &self.items[self.starts[k] as usize..self.starts[k + 1] as usize]
    }
}

impl Brain {
    /// Fills `menu` with `rankings` rankings of the persona's cards in `s`, each its worths plus
    /// Gumbel noise at `temperature` (one ranking without noise). Every card the scenario
    /// allows is ranked, ready or not, affordable or not: `plan_from_menu` checks that in the
    /// world it plans in.
    #[allow(clippy::too_many_arguments)]
    pub fn plan_menu_into(
        &self,
        db: &ContentDb,
        s: &GameState,
        temperature: f32,
        rankings: usize,
        rng: &mut ChaCha8Rng,
        scratch: &mut Scratch,
        menu: &mut PlanMenu,
    ) {
        let p = persona_of(db, self);
        menu.items.clear();
        menu.starts.clear();
        menu.starts.push(0);
        let sit = &mut scratch.sit;
        self.situation_of(db, s, sit, &self.plan_rules);
        let base = &mut menu.base;
        base.clear();
        base.extend(self.hot.iter().map(|h| (self.card_value(s, h, sit), h.ix)));
        let rankings = if temperature > 0.0 {
            rankings.max(1)
        } else {
            1
        };
        let table: &[f32; 256] = &GUMBEL;
        let mut noise = Gumbel::new();
        for _ in 0..rankings {
            let from = menu.items.len();
            for &(v, i) in base.iter() {
                let v = if temperature > 0.0 {
                    v + temperature * noise.draw(rng, table)
                } else {
                    v
                };
                if v > p.min_value {
                    menu.items.push((v, i));
                }
            }
            let ranked = &mut menu.items[from..];
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
            let kept = KEEP.min(ranked.len());
            menu.items.truncate(from + kept);
            menu.starts.push(menu.items.len() as u32);
        }
    }

    /// Fills `menu` with one ranking of every card the scenario allows by its worth in `s`, no
    /// noise, none left out (ties in the order of `Brain::cards`, as `top_cards_into` ranks
    /// them): the sharp plan and the top cards of later worlds are read off it
    /// (`plan_cards_from_menu`, `top_cards_from_menu`).
    pub fn sharp_ranking_into(
        &self,
        db: &ContentDb,
        s: &GameState,
        scratch: &mut Scratch,
        menu: &mut PlanMenu,
    ) {
        menu.items.clear();
        menu.starts.clear();
        menu.starts.push(0);
        let sit = &mut scratch.sit;
        self.situation_of(db, s, sit, &self.plan_rules);
        menu.items
            .extend(self.hot.iter().map(|h| (self.card_value(s, h, sit), h.ix)));
        menu.items.sort_by(|a, b| b.0.total_cmp(&a.0));
        menu.starts.push(menu.items.len() as u32);
    }

    /// A plan for `s` from one of the menu's rankings, drawn at random: its cards taken best
    /// first as `plan_into` takes them (the budget, the reserve after the first, readiness and
    /// requirements checked here, the package built for `s`), into `out` (emptied first).
    pub fn plan_from_menu(
        &self,
        db: &ContentDb,
        s: &GameState,
        menu: &PlanMenu,
        rng: &mut ChaCha8Rng,
        scratch: &mut Scratch,
        out: &mut Vec<Move>,
    ) {
        out.clear();
        if menu.is_empty() {
            return;
        }
        let k = if menu.len() == 1 {
            0
        } else {
            rng.random_range(0..menu.len())
        };
        self.walk_ranking(db, s, menu.ranking(k), Some(scratch), out);
    }

    /// `plan_cards_into`'s plan (its cards, no packages) from the first of the menu's
    /// rankings (`sharp_ranking_into`), valued in another world, checked in `s`.
    pub fn plan_cards_from_menu(
        &self,
        db: &ContentDb,
        s: &GameState,
        menu: &PlanMenu,
        out: &mut Vec<Move>,
    ) {
        out.clear();
        if !menu.is_empty() {
            self.walk_ranking(db, s, menu.ranking(0), None, out);
        }
    }

    /// `top_cards_into`'s `n` best legal cards of `s` from the first of the menu's rankings
    /// (`sharp_ranking_into`), with the worths it was valued at.
    pub fn top_cards_from_menu(
        &self,
        db: &ContentDb,
        s: &GameState,
        n: usize,
        menu: &PlanMenu,
        out: &mut Vec<(f32, CardIx)>,
    ) {
        out.clear();
        if menu.is_empty() || s.phase != Phase::Planning || !s.seated(self.side) {
            return;
        }
        let pc = s.sides[self.side.index()].pc;
        for &(v, i) in menu.ranking(0) {
            if out.len() >= n {
                break;
            }
            let ce = &self.cards[i as usize];
            if ce.cost as i32 > pc
                || s.ready_turn[ce.card as usize] > s.turn
                || !self.requirements_hold(db, s, i as usize)
            {
                continue;
            }
            out.push((v, ce.card));
        }
    }

    /// A plan down `ranking` in `s`, as `plan_moves` takes its cards; with `scratch`, each
    /// move with its package (from the memo), else the card alone.
    fn walk_ranking(
        &self,
        db: &ContentDb,
        s: &GameState,
        ranking: &[(f32, u16)],
        mut scratch: Option<&mut Scratch>,
        out: &mut Vec<Move>,
    ) {
        if s.phase != Phase::Planning || !s.seated(self.side) {
            return;
        }
        let p = persona_of(db, self);
        let limit = db.rules.move_limit as usize;
        let mut pc = s.sides[self.side.index()].pc;
        for &(v, i) in ranking {
            if out.len() >= limit || v <= p.min_value {
                break;
            }
            let ce = &self.cards[i as usize];
            let reserve = if out.is_empty() {
                0
            } else {
                p.reserve_pc as i32
            };
            if ce.cost as i32 > pc - reserve
                || s.ready_turn[ce.card as usize] > s.turn
                || !self.requirements_hold(db, s, i as usize)
            {
                continue;
            }
            pc -= ce.cost as i32;
            if out.capacity() == 0 {
                out.reserve_exact(limit);
            }
            out.push(match scratch.as_deref_mut() {
                Some(scratch) => self.make_move_memo(db, s, i as usize, &mut scratch.memo),
                None => Move::card(ce.card),
            });
        }
    }
}
