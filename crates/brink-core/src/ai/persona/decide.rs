//! Deciding: the plan (worth plus Gumbel noise at the persona's temperature), the answer to an
//! offer, the crisis choice, and `PersonaPolicy`, which plays them.

use std::sync::Arc;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::content::{CardIx, ContentDb, SideId};
use crate::engine::effects::cond_holds;
use crate::engine::state::Offer;
use crate::engine::{CrisisChoice, GameState, Move, Phase, Response};

use super::*;

/// A legal card (budget aside): the engine's `card_blocker` without its explanation.
pub fn card_ok(db: &ContentDb, s: &GameState, side: SideId, card: CardIx) -> bool {
    let c = &db.c_cards[card as usize];
    c.side == side
        && db.c_scenarios[s.scenario as usize].card_allowed[card as usize]
        && c.target.is_none_or(|t| s.seated(t))
        && s.ready_turn[card as usize] <= s.turn
        && c.requires
            .iter()
            .all(|r| cond_holds(db, s, r, side, c.target))
}

/// Gumbel noise: adding `temperature × gumbel` to each option and taking the best samples from a
/// softmax of the options' worth at that temperature. Drawn from a 256-step table of the
/// distribution's quantiles, a byte of randomness each: plenty for the choice, and the rollouts
/// draw millions of these.
struct Gumbel {
    bits: u64,
    left: u32,
}

static GUMBEL: std::sync::LazyLock<[f32; 256]> = std::sync::LazyLock::new(|| {
    std::array::from_fn(|i| {
        let u = (i as f64 + 0.5) / 256.0;
        -(-u.ln()).ln() as f32
    })
});

impl Gumbel {
    pub(super) fn new() -> Gumbel {
        Gumbel { bits: 0, left: 0 }
    }

    pub(super) fn draw(&mut self, rng: &mut ChaCha8Rng, table: &[f32; 256]) -> f32 {
        if self.left == 0 {
            self.bits = rng.random();
            self.left = 8;
        }
        let b = (self.bits & 0xff) as usize;
        self.bits >>= 8;
        self.left -= 1;
        table[b]
    }
}

/// The index of the first of the highest worths in `vals` (not empty).
#[inline]
pub(super) fn first_best(vals: &[(f32, u16)]) -> usize {
    let mut best = 0;
    let mut best_v = vals[0].0;
    for (k, x) in vals.iter().enumerate().skip(1) {
        if x.0 > best_v {
            best = k;
            best_v = x.0;
        }
    }
    best
}

/// Scratch space for a decision, reused across calls.
#[derive(Debug, Default, Clone)]
pub struct Scratch {
    pub sit: Situation,
    vals: Vec<(f32, u16)>,
}

impl Brain {
    /// The persona's plan. `temperature` adds noise (0: its first choice).
    pub fn plan(
        &self,
        db: &ContentDb,
        s: &GameState,
        temperature: f32,
        rng: &mut ChaCha8Rng,
        scratch: &mut Scratch,
    ) -> Vec<Move> {
        let p = persona_of(db, self);
        let Scratch { sit, vals } = scratch;
        // Only the rules that move its cooperation or its cards: `plan_explained`, which shows
        // the rules fired, rebuilds the whole situation.
        self.situation_of(db, s, sit, &self.plan_rules);
        vals.clear();
        if s.phase != Phase::Planning || !s.seated(self.side) {
            return Vec::new();
        }
        let mut pc = s.sides[self.side.index()].pc;
        let table: &[f32; 256] = &GUMBEL;
        let mut noise = Gumbel::new();
        // Worth first (cheap), requirements only for the cards it would actually play, best
        // first: the same choice as ranking the legal cards, for a fraction of the checks.
        // Two passes: the worths (no call in the loop, so nothing spills), then the noise, one
        // draw per card valued, in the same order as one pass would draw them.
        vals.resize(self.hot.len(), (0.0, 0));
        let mut n = 0;
        let (ready, turn) = (&s.ready_turn, s.turn);
        for h in &self.hot {
            if h.cost as i32 > pc || ready[h.card as usize] > turn {
                continue;
            }
            vals[n] = (self.card_value(s, h, sit), h.ix);
            n += 1;
        }
        vals.truncate(n);
        if temperature > 0.0 {
            for x in vals.iter_mut() {
                x.0 += temperature * noise.draw(rng, table);
            }
        }
        let limit = db.rules.move_limit as usize;
        // Allocated with the first move: no allocation for a plan that holds back.
        let mut out = Vec::new();
        let mut left = vals.len();
        while out.len() < limit && left > 0 {
            let best = first_best(&vals[..left]);
            let (v, i) = vals[best];
            vals.swap(best, left - 1);
            left -= 1;
            if v <= p.min_value {
                break;
            }
            let ce = &self.cards[i as usize];
            let reserve = if out.is_empty() {
                0
            } else {
                p.reserve_pc as i32
            };
            if ce.cost as i32 > pc - reserve || !self.requirements_hold(db, s, i as usize) {
                continue;
            }
            pc -= ce.cost as i32;
            if out.is_empty() {
                out = Vec::with_capacity(limit);
            }
            out.push(self.make_move(db, s, i as usize));
        }
        out
    }

    /// Whether the requirements of `cards[ix]` hold (`card_ok` without what a plan checks first).
    #[inline]
    pub(super) fn requirements_hold(&self, db: &ContentDb, s: &GameState, ix: usize) -> bool {
        self.cards[ix].requires.holds(db, s)
    }

    /// Legal cards with their worth now (plus noise), best first.
    pub(super) fn ranked(
        &self,
        db: &ContentDb,
        s: &GameState,
        temperature: f32,
        rng: &mut ChaCha8Rng,
        sit: &Situation,
        vals: &mut Vec<(f32, u16)>,
    ) {
        vals.clear();
        if s.phase != Phase::Planning || !s.seated(self.side) {
            return;
        }
        let mut noise = Gumbel::new();
        let pc = s.sides[self.side.index()].pc;
        for h in &self.hot {
            if h.cost as i32 > pc
                || s.ready_turn[h.card as usize] > s.turn
                || !self.requirements_hold(db, s, h.ix as usize)
            {
                continue;
            }
            let mut v = self.card_value(s, h, sit);
            if temperature > 0.0 {
                v += temperature * noise.draw(rng, &GUMBEL);
            }
            vals.push((v, h.ix));
        }
        vals.sort_by(|a, b| b.0.total_cmp(&a.0));
    }

    /// The `n` best legal cards now (no noise), with their worth.
    pub fn top_cards(
        &self,
        db: &ContentDb,
        s: &GameState,
        n: usize,
        scratch: &mut Scratch,
    ) -> Vec<(f32, CardIx)> {
        let Scratch { sit, vals } = scratch;
        self.situation_of(db, s, sit, &self.plan_rules);
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        self.ranked(db, s, 0.0, &mut rng, sit, vals);
        vals.iter()
            .take(n)
            .map(|(v, i)| (*v, self.cards[*i as usize].card))
            .collect()
    }

    /// The move that plays `card` (with this persona's package, if it builds one).
    pub fn move_for(&self, db: &ContentDb, s: &GameState, card: CardIx) -> Move {
        match self.pos.get(card as usize) {
            Some(&at) if at != u16::MAX => self.make_move(db, s, at as usize),
            _ => Move::card(card),
        }
    }

    pub(super) fn make_move(&self, db: &ContentDb, s: &GameState, i: usize) -> Move {
        let ce = &self.cards[i];
        let mut m = Move::card(ce.card);
        if ce.chosen_package {
            let target = db.c_cards[ce.card as usize].target.unwrap_or(self.side);
            m.package = self.build_package(db, s, target);
        }
        m
    }

    /// The persona's answer to an offer.
    pub fn respond(
        &self,
        db: &ContentDb,
        s: &GameState,
        offer: &Offer,
        scratch: &mut Scratch,
    ) -> Response {
        self.respond_explained(db, s, offer, scratch, false).0
    }

    pub fn respond_explained(
        &self,
        db: &ContentDb,
        s: &GameState,
        offer: &Offer,
        scratch: &mut Scratch,
        explain: bool,
    ) -> (Response, Option<String>) {
        let p = persona_of(db, self);
        // Only the acceptance threshold counts, unless the answer is to be explained.
        let rules = if explain {
            &self.all_rules
        } else {
            &self.accept_rules
        };
        self.stance(db, s, &mut scratch.sit, rules);
        let sit = &scratch.sit;
        let what = || offer_label(db, offer);
        let from = offer.from;
        let blocker = if offer.package.is_empty() {
            None
        } else if explain {
            package_blocker(db, self.persona, &offer.package)
        } else if self.package_ok(p, &offer.package) {
            None
        } else {
            Some(String::new())
        };
        let worth = self.offer_worth(s, offer, &offer.package);
        let threshold = if offer.package.is_empty() {
            sit.accept_threshold * 0.5 - 1.0
        } else {
            sit.accept_threshold
        };
        if blocker.is_none() && worth >= threshold {
            let why = explain.then(|| {
                format!(
                    "accepted {}: worth {:+.1} to us, above the {:.1} this persona asks{}",
                    what(),
                    worth,
                    threshold,
                    self.rule_clause(db, sit, |r| r.accept < 0.0)
                )
            });
            return (Response::Accept, why);
        }
        // Only an original offer with a package can be countered (not a counter, not a request
        // to co-sign).
        let round_one = offer.can_counter();
        if round_one
            && !offer.package.is_empty()
            && let Some(counter) = self.build_counter(db, s, offer)
        {
            let cw = self.package_worth(s, from, &counter);
            if cw >= threshold {
                let why = explain.then(|| {
                    let dropped: Vec<&str> = offer
                        .package
                        .iter()
                        .filter(|q| !counter.contains(q))
                        .map(|q| db.provisions[*q as usize].name.as_str())
                        .collect();
                    let added = |ours: bool| -> Vec<&str> {
                        counter
                            .iter()
                            .filter(|q| !offer.package.contains(q))
                            .filter(|q| {
                                db.c_provisions[**q as usize]
                                    .obligations
                                    .contains(&self.side)
                                    == ours
                            })
                            .map(|q| db.provisions[*q as usize].name.as_str())
                            .collect()
                    };
                    let (asked, offered) = (added(false), added(true));
                    let mut parts = Vec::new();
                    if !dropped.is_empty() {
                        parts.push(format!("dropped {}", quote_list(&dropped)));
                    }
                    if !asked.is_empty() {
                        parts.push(format!("asked for {}", quote_list(&asked)));
                    }
                    if !offered.is_empty() {
                        parts.push(format!("offered {}", quote_list(&offered)));
                    }
                    let because = blocker
                        .clone()
                        .filter(|b| !b.is_empty())
                        .unwrap_or_else(|| {
                            format!("as offered it was worth only {worth:+.1} to us")
                        });
                    format!("countered {}: {} — {because}", what(), parts.join("; "))
                });
                return (Response::Counter(counter), why);
            }
        }
        let why = explain.then(|| {
            let because = blocker.filter(|b| !b.is_empty()).unwrap_or_else(|| {
                format!(
                    "worth {:+.1} to us, short of the {:.1} this persona asks",
                    worth, threshold
                )
            });
            format!(
                "rejected {}: {because}{}",
                what(),
                self.rule_clause(db, sit, |r| r.accept > 0.0)
            )
        });
        (Response::Reject, why)
    }

    /// Stand firm or back down.
    pub fn crisis(&self, db: &ContentDb, s: &GameState, scratch: &mut Scratch) -> CrisisChoice {
        self.crisis_explained(db, s, scratch, false).0
    }

    pub fn crisis_explained(
        &self,
        db: &ContentDb,
        s: &GameState,
        scratch: &mut Scratch,
        explain: bool,
    ) -> (CrisisChoice, Option<String>) {
        // Only the back-down threshold counts, unless the choice is to be explained.
        let rules = if explain {
            &self.all_rules
        } else {
            &self.back_down_rules
        };
        self.stance(db, s, &mut scratch.sit, rules);
        let sit = &scratch.sit;
        let t = s.tension();
        if t >= sit.back_down_above {
            let why = explain.then(|| {
                format!(
                    "backed down: tension is {t:.0}, past the {:.0} this persona will risk{}",
                    sit.back_down_above,
                    self.rule_clause(db, sit, |r| r.back_down < 0.0)
                )
            });
            (CrisisChoice::BackDown, why)
        } else {
            let why = explain.then(|| {
                format!(
                    "stood firm: tension is {t:.0}, short of the {:.0} at which it would back down{}",
                    sit.back_down_above,
                    self.rule_clause(db, sit, |r| r.back_down > 0.0)
                )
            });
            (CrisisChoice::StandFirm, why)
        }
    }
}

/// A persona as a `Policy`: the "easy" computer opponent.
#[derive(Debug, Clone)]
pub struct PersonaPolicy {
    pub persona: u16,
    pub side: SideId,
    brain: Option<Arc<Brain>>,
    scratch: Scratch,
    last: Option<String>,
}

impl PersonaPolicy {
    pub fn new(persona: u16, side: SideId) -> PersonaPolicy {
        PersonaPolicy {
            persona,
            side,
            brain: None,
            scratch: Scratch::default(),
            last: None,
        }
    }

    /// The brain for this game's scenario (compiled on first use).
    pub fn brain(&mut self, db: &ContentDb, s: &GameState) -> &Brain {
        let stale = self.brain.as_ref().is_none_or(|b| b.scenario != s.scenario);
        if stale {
            self.brain = Some(Brain::shared(db, self.persona, self.side, s.scenario));
        }
        self.brain.as_ref().expect("just built")
    }
}

impl Policy for PersonaPolicy {
    fn plan(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        side: SideId,
        rng: &mut ChaCha8Rng,
    ) -> Vec<Move> {
        debug_assert_eq!(side, self.side);
        let temp = db.c_personas[self.persona as usize].temperature;
        self.brain(db, s);
        let brain = self.brain.as_ref().expect("built");
        let (moves, why) = brain.plan_explained(db, s, temp, rng, &mut self.scratch);
        self.last = Some(why);
        moves
    }

    fn respond(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        _side: SideId,
        offer: &Offer,
        _rng: &mut ChaCha8Rng,
    ) -> Response {
        self.brain(db, s);
        let brain = self.brain.as_ref().expect("built");
        let (r, why) = brain.respond_explained(db, s, offer, &mut self.scratch, true);
        self.last = why;
        r
    }

    fn crisis(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        _side: SideId,
        _rng: &mut ChaCha8Rng,
    ) -> CrisisChoice {
        self.brain(db, s);
        let brain = self.brain.as_ref().expect("built");
        let (c, why) = brain.crisis_explained(db, s, &mut self.scratch, true);
        self.last = why;
        c
    }

    fn reason(&self) -> Option<String> {
        self.last.clone()
    }
}
