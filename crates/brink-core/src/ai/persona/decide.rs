//! Deciding: the plan (worth plus Gumbel noise at the persona's temperature), the answer to an
//! offer, the crisis choice, and `PersonaPolicy`, which plays them.

use std::sync::Arc;

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use crate::content::{CardIx, ContentDb, ProvIx, SideId};
use crate::engine::effects::cond_holds;
use crate::engine::state::Offer;
use crate::engine::{CrisisChoice, GameState, Move, Phase, Response};

use super::*;

/// A legal card (budget aside): the engine's `card_blocker` without its explanation.
pub fn card_ok(db: &ContentDb, s: &GameState, side: SideId, card: CardIx) -> bool {
    let c = &db.compiled_cards[card as usize];
    c.side == side
        && db.compiled_scenarios[s.scenario as usize].card_allowed[card as usize]
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
pub(super) struct Gumbel {
    bits: u64,
    left: u32,
}

pub(super) static GUMBEL: std::sync::LazyLock<[f32; 256]> = std::sync::LazyLock::new(|| {
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
    /// The counter-offer an answer built last (`build_counter_into`), valid where the answer
    /// says so.
    pub counter: Vec<ProvIx>,
    /// Sort keys (`top_cards_after_plan`).
    order: Vec<u64>,
    /// Packages built lately (`PackageMemo`).
    pub(super) memo: PackageMemo,
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
        // Allocated with the first move: no allocation for a plan that holds back.
        let mut out = Vec::new();
        self.plan_into(db, s, temperature, rng, scratch, &mut out);
        out
    }

    /// `plan`, written into `out` (emptied first): the search's rollouts plan five sides a
    /// turn, each into the list its last plan left (`GameState::spare_plans`), so a rollout
    /// turn allocates no plan. Leaves in `scratch.sit` the situation the plan read (its
    /// `plan_rules` only).
    pub fn plan_into(
        &self,
        db: &ContentDb,
        s: &GameState,
        temperature: f32,
        rng: &mut ChaCha8Rng,
        scratch: &mut Scratch,
        out: &mut Vec<Move>,
    ) {
        self.plan_moves(db, s, temperature, rng, scratch, out, true);
    }

    /// The cards of `plan_into`'s plan, each as a move without its package (`move_for` builds
    /// the one the plan would carry): the search lists the persona's plan among a dozen
    /// candidates at every decision in its tree and plays it in few of them, and a package
    /// costs more to build than the plan to choose.
    pub fn plan_cards_into(
        &self,
        db: &ContentDb,
        s: &GameState,
        rng: &mut ChaCha8Rng,
        scratch: &mut Scratch,
        out: &mut Vec<Move>,
    ) {
        self.plan_moves(db, s, 0.0, rng, scratch, out, false);
    }

    #[allow(clippy::too_many_arguments)]
    fn plan_moves(
        &self,
        db: &ContentDb,
        s: &GameState,
        temperature: f32,
        rng: &mut ChaCha8Rng,
        scratch: &mut Scratch,
        out: &mut Vec<Move>,
        packages: bool,
    ) {
        out.clear();
        let p = persona_of(db, self);
        let Scratch {
            sit, vals, memo, ..
        } = scratch;
        // Only the rules that move its cooperation or its cards: `plan_explained`, which shows
        // the rules fired, rebuilds the whole situation.
        self.situation_of(db, s, sit, &self.plan_rules);
        vals.clear();
        if s.phase != Phase::Planning || !s.seated(self.side) {
            return;
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
            if out.capacity() == 0 {
                out.reserve_exact(limit);
            }
            out.push(if packages {
                self.make_move_memo(db, s, i as usize, memo)
            } else {
                Move::card(ce.card)
            });
        }
    }

    /// Whether the requirements of `cards[ix]` hold (`card_ok` without what a plan checks first).
    #[inline]
    pub(super) fn requirements_hold(&self, db: &ContentDb, s: &GameState, ix: usize) -> bool {
        self.cards[ix].requires.holds(db, s)
    }

    /// The `n` best legal cards now (no noise), with their worth.
    pub fn top_cards(
        &self,
        db: &ContentDb,
        s: &GameState,
        n: usize,
        scratch: &mut Scratch,
    ) -> Vec<(f32, CardIx)> {
        let mut out = Vec::new();
        self.situation_of(db, s, &mut scratch.sit, &self.plan_rules);
        self.top_cards_into(db, s, n, scratch, &mut out);
        out
    }

    /// `top_cards` into `out` (emptied first), reading the situation already in
    /// `scratch.sit`: it must be this state's, from the `plan_rules` at least (as `plan_into`
    /// leaves it). The search lists its candidates from the persona's own plan and its top
    /// cards in the same world, and needs the situation only once.
    pub fn top_cards_into(
        &self,
        db: &ContentDb,
        s: &GameState,
        n: usize,
        scratch: &mut Scratch,
        out: &mut Vec<(f32, CardIx)>,
    ) {
        out.clear();
        let Scratch { sit, vals, .. } = scratch;
        vals.clear();
        if s.phase != Phase::Planning || !s.seated(self.side) {
            return;
        }
        // `ranked` without noise, its requirements checked only down the ranking until `n`
        // hold: a stable sort of every affordable card, then the legal ones taken in order,
        // lists the same cards in the same order as sorting the legal ones, and a card's
        // requirements cost more than its worth.
        let pc = s.sides[self.side.index()].pc;
        for h in &self.hot {
            if h.cost as i32 > pc || s.ready_turn[h.card as usize] > s.turn {
                continue;
            }
            vals.push((self.card_value(s, h, sit), h.ix));
        }
        vals.sort_by(|a, b| b.0.total_cmp(&a.0));
        for &(v, i) in vals.iter() {
            if out.len() >= n {
                break;
            }
            if self.requirements_hold(db, s, i as usize) {
                out.push((v, self.cards[i as usize].card));
            }
        }
    }

    /// `top_cards_into` right after `plan_cards_into` in the same state, from the worths that
    /// sharp plan left in `scratch.vals` (every affordable card's, without noise, in another
    /// order) instead of valuing every card again. Ranked by worth, then by the card's place in
    /// `Brain::cards` (the order of `hot`, which a stable sort keeps among equal worths): the
    /// same list as `top_cards_into`. The search lists a plan's candidates this way at every
    /// plan decision in its tree.
    pub fn top_cards_after_plan(
        &self,
        db: &ContentDb,
        s: &GameState,
        n: usize,
        scratch: &mut Scratch,
        out: &mut Vec<(f32, CardIx)>,
    ) {
        out.clear();
        let Scratch { vals, order, .. } = scratch;
        // Sorted as integer keys: the worth's rank, then the index (`best_first`).
        order.clear();
        order.extend(
            vals.iter()
                .map(|&(v, i)| (crate::ai::best_first(v) as u64) << 16 | i as u64),
        );
        order.sort_unstable();
        for &k in order.iter() {
            if out.len() >= n {
                break;
            }
            let i = (k & 0xffff) as usize;
            if self.requirements_hold(db, s, i) {
                let worth = crate::ai::worth_of_key((k >> 16) as u32);
                out.push((worth, self.cards[i].card));
            }
        }
    }

    /// The move that plays `card` (with this persona's package, if it builds one).
    pub fn move_for(&self, db: &ContentDb, s: &GameState, card: CardIx) -> Move {
        match self.pos.get(card as usize) {
            Some(&at) if at != u16::MAX => self.make_move(db, s, at as usize),
            _ => Move::card(card),
        }
    }

    /// `make_move`, its package from `memo` (the rollouts' plans).
    pub(super) fn make_move_memo(
        &self,
        db: &ContentDb,
        s: &GameState,
        i: usize,
        memo: &mut PackageMemo,
    ) -> Move {
        let ce = &self.cards[i];
        let mut m = Move::card(ce.card);
        if ce.chosen_package {
            let target = db.compiled_cards[ce.card as usize]
                .target
                .unwrap_or(self.side);
            m.package = memo.package(self, db, s, target);
        }
        m
    }

    pub(super) fn make_move(&self, db: &ContentDb, s: &GameState, i: usize) -> Move {
        let ce = &self.cards[i];
        let mut m = Move::card(ce.card);
        if ce.chosen_package {
            let target = db.compiled_cards[ce.card as usize]
                .target
                .unwrap_or(self.side);
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
        self.respond_noisy(db, s, offer, scratch, explain, None)
    }

    /// The answer, chosen by quantal response when `noise` is given: it accepts with chance
    /// σ((worth − threshold)/τ), and if not, counters with chance σ((counter's worth −
    /// threshold)/τ), else rejects. With no noise (or τ = 0) it is the sharp answer: accept if
    /// worth reaches the threshold, else counter if the counter does, else reject. A package its
    /// principles forbid (never-accept lists, package rules) is never accepted, whatever the
    /// noise: the noise is about judgement, not about principles.
    pub fn respond_noisy(
        &self,
        db: &ContentDb,
        s: &GameState,
        offer: &Offer,
        scratch: &mut Scratch,
        explain: bool,
        noise: Option<Noise>,
    ) -> (Response, Option<String>) {
        self.respond_keeping_counter(db, s, offer, scratch, explain, noise, &mut false)
    }

    /// The sharp answer, and whether it built a counter-offer and turned it down (false when
    /// it built none: no package, a counter or a request to co-sign, or no counter to be had),
    /// that counter being left in `scratch.counter`. The search lists the counter among an
    /// answer's candidates whatever the persona chose, and need not build it twice.
    pub fn respond_and_counter(
        &self,
        db: &ContentDb,
        s: &GameState,
        offer: &Offer,
        scratch: &mut Scratch,
    ) -> (Response, bool) {
        let mut unused = false;
        let (r, _) = self.respond_keeping_counter(db, s, offer, scratch, false, None, &mut unused);
        (r, unused)
    }

    /// `respond_noisy`, saying in `unused` whether `scratch.counter` holds a counter it built
    /// and did not make.
    #[allow(clippy::too_many_arguments)]
    fn respond_keeping_counter(
        &self,
        db: &ContentDb,
        s: &GameState,
        offer: &Offer,
        scratch: &mut Scratch,
        explain: bool,
        noise: Option<Noise>,
        unused: &mut bool,
    ) -> (Response, Option<String>) {
        let p = persona_of(db, self);
        let noise = noise.filter(|n| n.temperature > 0.0);
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
        let sharp_accept = blocker.is_none() && worth >= threshold;
        let accepts = match noise {
            Some(n) if blocker.is_none() => n.first < logistic((worth - threshold) / n.temperature),
            _ => sharp_accept,
        };
        // "; it chose accepting over rejecting, which it valued nearly as much" where the
        // verdict was close (within the temperature) or went against the sharp one.
        let close_call = |chose: &str, over: &str, margin: f32, against: bool| -> String {
            match noise {
                Some(_) if against => {
                    format!("; it chose {chose} over {over}, which it valued a little more")
                }
                Some(n) if margin.abs() < n.temperature => {
                    format!("; it chose {chose} over {over}, which it valued nearly as much")
                }
                _ => String::new(),
            }
        };
        if accepts {
            let why = explain.then(|| {
                let side = if worth >= threshold {
                    "above"
                } else {
                    "a little short of"
                };
                format!(
                    "accepted {}: worth {:+.1} to us, {side} the {:.1} this persona asks{}{}",
                    what(),
                    worth,
                    threshold,
                    self.rule_clause(db, sit, |r| r.accept < 0.0),
                    close_call("accepting", "saying no", worth - threshold, !sharp_accept)
                )
            });
            return (Response::Accept, why);
        }
        let refused_a_deal = sharp_accept;
        // Only an original offer with a package can be countered (not a counter, not a request
        // to co-sign).
        let round_one = offer.can_counter();
        if round_one
            && !offer.package.is_empty()
            && self.build_counter_into(db, s, offer, &mut scratch.counter)
        {
            let counter = &scratch.counter;
            let cw = self.package_worth(s, from, counter);
            let counters = match noise {
                Some(n) => n.second < logistic((cw - threshold) / n.temperature),
                None => cw >= threshold,
            };
            if counters {
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
                                db.compiled_provisions[**q as usize]
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
                    let head = format!("countered {}: {} — {because}", what(), parts.join("; "));
                    let close =
                        close_call("countering", "accepting", worth - threshold, refused_a_deal);
                    // One line a student reads: the close call only where it fits.
                    if head.chars().count() + close.chars().count() <= LINE {
                        head + &close
                    } else {
                        head
                    }
                });
                return (Response::Counter(counter.clone()), why);
            }
            *unused = true;
        }
        let why = explain.then(|| {
            let because = blocker.filter(|b| !b.is_empty()).unwrap_or_else(|| {
                let side = if worth >= threshold {
                    "above"
                } else {
                    "short of"
                };
                format!(
                    "worth {:+.1} to us, {side} the {:.1} this persona asks",
                    worth, threshold
                )
            });
            format!(
                "rejected {}: {because}{}{}",
                what(),
                self.rule_clause(db, sit, |r| r.accept > 0.0),
                close_call("saying no", "accepting", worth - threshold, refused_a_deal)
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
        self.crisis_noisy(db, s, scratch, explain, None)
    }

    /// Stand firm or back down, by quantal response when `noise` is given: it backs down with
    /// chance σ((tension − its back-down tension) / (τ × `CRISIS_SPREAD`)). Sharp without.
    pub fn crisis_noisy(
        &self,
        db: &ContentDb,
        s: &GameState,
        scratch: &mut Scratch,
        explain: bool,
        noise: Option<Noise>,
    ) -> (CrisisChoice, Option<String>) {
        let noise = noise.filter(|n| n.temperature > 0.0);
        // Only the back-down threshold counts, unless the choice is to be explained.
        let rules = if explain {
            &self.all_rules
        } else {
            &self.back_down_rules
        };
        self.stance(db, s, &mut scratch.sit, rules);
        let sit = &scratch.sit;
        let t = s.tension();
        let sharp = t >= sit.back_down_above;
        let spread = |n: Noise| n.temperature * CRISIS_SPREAD;
        let backs_down = match noise {
            Some(n) => n.first < logistic((t - sit.back_down_above) / spread(n)),
            None => sharp,
        };
        let close_call = |chose: &str, over: &str| -> String {
            match noise {
                Some(_) if backs_down != sharp => {
                    format!("; it chose {chose} over {over}, which it valued a little more")
                }
                Some(n) if (t - sit.back_down_above).abs() < spread(n) => {
                    format!("; it chose {chose} over {over}, which it valued nearly as much")
                }
                _ => String::new(),
            }
        };
        if backs_down {
            let why = explain.then(|| {
                let side = if sharp { "past" } else { "just short of" };
                format!(
                    "backed down: tension is {t:.0}, {side} the {:.0} this persona will risk{}{}",
                    sit.back_down_above,
                    self.rule_clause(db, sit, |r| r.back_down < 0.0),
                    close_call("backing down", "standing firm")
                )
            });
            (CrisisChoice::BackDown, why)
        } else {
            let why = explain.then(|| {
                let side = if sharp { "already past" } else { "short of" };
                format!(
                    "stood firm: tension is {t:.0}, {side} the {:.0} at which it would back down{}{}",
                    sit.back_down_above,
                    self.rule_clause(db, sit, |r| r.back_down > 0.0),
                    close_call("standing firm", "backing down")
                )
            });
            (CrisisChoice::StandFirm, why)
        }
    }
}

/// How long a persona's reason may grow before it leaves out the close call: the reason is one
/// line in the status bar and the report.
pub(super) const LINE: usize = 300;

/// Tension points of spread in a crisis choice per unit of temperature: a persona of
/// temperature 1 that would back down at 85 does so at 80 about one time in four, at 90 three
/// times in four.
pub const CRISIS_SPREAD: f32 = 4.5;

/// Two uniform draws (0..1) for a quantal choice, taken from the game's generator before the
/// choice, and the temperature (signal units) it is made at.
#[derive(Debug, Clone, Copy)]
pub struct Noise {
    pub temperature: f32,
    pub first: f32,
    pub second: f32,
}

impl Noise {
    pub fn draw(temperature: f32, rng: &mut ChaCha8Rng) -> Noise {
        Noise {
            temperature,
            first: rng.random(),
            second: rng.random(),
        }
    }
}

fn logistic(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// A persona as a `Policy`: the "easy" computer opponent.
#[derive(Debug, Clone)]
pub struct PersonaPolicy {
    pub persona: u16,
    pub side: SideId,
    brain: Option<Arc<Brain>>,
    scratch: Scratch,
    last: Option<String>,
    /// Its temperature is the persona's times this (`Difficulty::temperature_scale`).
    scale: f32,
}

impl PersonaPolicy {
    pub fn new(persona: u16, side: SideId) -> PersonaPolicy {
        PersonaPolicy {
            persona,
            side,
            brain: None,
            scratch: Scratch::default(),
            last: None,
            scale: 1.0,
        }
    }

    /// The persona choosing at its temperature times `scale` (a difficulty's
    /// `temperature_scale`: below 1 sharper, above 1 noisier).
    pub fn with_temperature_scale(mut self, scale: f32) -> PersonaPolicy {
        self.scale = scale;
        self
    }

    /// The temperature its choices are made at: the persona's own times its difficulty's scale
    /// (easy play is the persona as written; the search opponents of normal and hard choose by
    /// their look-ahead).
    pub fn temperature(&self, db: &ContentDb, s: &GameState) -> f32 {
        db.compiled_personas[self.playing(db, s) as usize].temperature * self.scale
    }

    /// The persona it plays now: its own, or the one a change of mind in the side's
    /// government has put in charge (`engine::minds`). A scenario's shifts are its history,
    /// written for the government it seats by default: a seat given another persona (the
    /// strategy lab's "what if Washington were maximalist") keeps it, or every mix would turn
    /// into the same history.
    pub fn playing(&self, db: &ContentDb, s: &GameState) -> u16 {
        let default = db.scenarios[s.scenario as usize]
            .sides
            .iter()
            .find(|x| x.side == self.side)
            .and_then(|x| x.persona.as_deref())
            .and_then(|id| db.persona_ix(id));
        if default != Some(self.persona) {
            return self.persona;
        }
        s.line(db, self.side).unwrap_or(self.persona)
    }

    /// The brain for this game's scenario (compiled on first use).
    pub fn brain(&mut self, db: &ContentDb, s: &GameState) -> &Brain {
        let persona = self.playing(db, s);
        let stale = self
            .brain
            .as_ref()
            .is_none_or(|b| b.scenario != s.scenario || b.persona != persona);
        if stale {
            self.brain = Some(Brain::shared(db, persona, self.side, s.scenario));
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
        let temp = self.temperature(db, s);
        self.brain(db, s);
        let brain = self.brain.as_ref().expect("built");
        let (moves, why) = brain.plan_explained(db, s, temp, rng, &mut self.scratch);
        let runner_up = brain.runner_up_clause(db, s, &moves, temp, &mut self.scratch);
        // One line a student reads: the close call only where it fits, as for a counter (a
        // plan that puts two packages on the table says enough without it).
        self.last = Some(if why.chars().count() + runner_up.chars().count() <= LINE {
            format!("{why}{runner_up}")
        } else {
            why
        });
        moves
    }

    fn respond(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        _side: SideId,
        offer: &Offer,
        rng: &mut ChaCha8Rng,
    ) -> Response {
        let noise = Noise::draw(self.temperature(db, s), rng);
        self.brain(db, s);
        let brain = self.brain.as_ref().expect("built");
        let (r, why) = brain.respond_noisy(db, s, offer, &mut self.scratch, true, Some(noise));
        self.last = why;
        r
    }

    fn crisis(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        _side: SideId,
        rng: &mut ChaCha8Rng,
    ) -> CrisisChoice {
        let noise = Noise::draw(self.temperature(db, s), rng);
        self.brain(db, s);
        let brain = self.brain.as_ref().expect("built");
        let (c, why) = brain.crisis_noisy(db, s, &mut self.scratch, true, Some(noise));
        self.last = why;
        c
    }

    fn reason(&self) -> Option<String> {
        self.last.clone()
    }
}
