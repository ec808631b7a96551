//! The candidates at each of the side's own decisions in the tree: a plan's (the persona's
//! sharp plan and its top cards), an answer's (accept, reject, a counter) and a crisis's, in
//! the persona's order of preference. Apart from the tree's walk because listing them is its
//! own work (a tenth of a hard game).

use super::*;

/// The candidate answers or crisis choices for a decision, the persona's preferred first (a
/// plan's candidates are `Cands::fill_plans`), into `out` (emptied first); true when a
/// counter-offer the persona would not make itself comes last, its package left in
/// `scratch.counter` (the tree builds it into an action only if it walks into it).
pub(super) fn choices_into(
    db: &ContentDb,
    w: &GameState,
    brain: &Brain,
    dec: Decision,
    scratch: &mut Scratch,
    out: &mut Vec<Action>,
) -> bool {
    out.clear();
    match dec {
        Decision::Brink { .. } => {
            let first = brain.crisis(db, w, scratch);
            let other = match first {
                CrisisChoice::StandFirm => CrisisChoice::BackDown,
                CrisisChoice::BackDown => CrisisChoice::StandFirm,
            };
            out.push(Action::Crisis(first));
            out.push(Action::Crisis(other));
            false
        }
        Decision::Answer { offer: id, .. } | Decision::CoSign { offer: id, .. } => {
            let Some(offer) = w.offer(id) else {
                out.push(Action::Respond(Response::Reject));
                return false;
            };
            let (first, built) = brain.respond_and_counter(db, w, offer, scratch);
            let (accepted, rejected, countered) = (
                matches!(first, Response::Accept),
                matches!(first, Response::Reject),
                matches!(first, Response::Counter(_)),
            );
            out.push(Action::Respond(first));
            if !accepted {
                out.push(Action::Respond(Response::Accept));
            }
            if !rejected {
                out.push(Action::Respond(Response::Reject));
            }
            // The counter the persona built and turned down, or (where it built none) built
            // now: the same package either way.
            offer.can_counter()
                && !countered
                && (built || brain.build_counter_into(db, w, offer, &mut scratch.counter))
        }
        Decision::Plan { .. } => false,
    }
}

/// How one candidate is built: the persona's own plan, a plan of one or two cards, holding
/// back, an answer or crisis choice built already, or the counter-offer whose package is kept.
#[derive(Debug, Clone, Copy)]
pub(super) enum Recipe {
    Own,
    Cards([u16; 2], u8),
    Hold,
    Built(u8),
    /// The counter-offer in `Cands::counter`.
    Counter,
}

/// The candidate actions for one decision in one world, the persona's preferred first: each
/// one's key (its identity in the tree) and how to build it. A plan's moves (and their
/// packages) are built only for the candidate the tree walks into, not for the dozen it
/// registers; the buffers are reused from one world to the next.
#[derive(Debug, Clone, Default)]
pub(super) struct Cands {
    pub(super) keys: Vec<u64>,
    recipes: Vec<Recipe>,
    /// The persona's own plan (`Recipe::Own`), its cards only (no packages).
    own: Vec<Move>,
    /// Answers and crisis choices (`Recipe::Built`).
    built: Vec<Action>,
    /// The package of a counter-offer listed as `Recipe::Counter`.
    counter: Vec<ProvIx>,
    /// (worth, cards, how many) of the single cards and pairs considered.
    scored: Vec<(f32, [u16; 2], usize)>,
    /// The persona's best cards in this world, with their worth.
    top: Vec<(f32, u16)>,
    /// `scored`'s ranking, as sort keys.
    order: Vec<u64>,
}

impl Cands {
    pub(super) fn len(&self) -> usize {
        self.keys.len()
    }

    pub(super) fn push(&mut self, key: u64, recipe: Recipe) {
        self.keys.push(key);
        self.recipes.push(recipe);
    }

    /// The candidates for `dec` in world `w`; a plan's from `sharp` where given (the persona's
    /// sharp ranking valued once per decision, `Brain::sharp_ranking_into`).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn fill(
        &mut self,
        db: &ContentDb,
        w: &GameState,
        brain: &Brain,
        dec: Decision,
        max: usize,
        scratch: &mut Scratch,
        sharp: Option<&PlanMenu>,
    ) {
        self.keys.clear();
        self.recipes.clear();
        self.built.clear();
        match dec {
            Decision::Plan { .. } => self.fill_plans(db, w, brain, max, scratch, sharp),
            _ => {
                let salt = decision_salt(w, dec);
                let counter = choices_into(db, w, brain, dec, scratch, &mut self.built);
                for (j, a) in self.built.iter().enumerate() {
                    self.keys.push(a.key() ^ salt);
                    self.recipes.push(Recipe::Built(j as u8));
                }
                if counter {
                    self.counter.clone_from(&scratch.counter);
                    self.push(
                        Action::Respond(Response::Counter(Vec::new())).key() ^ salt,
                        Recipe::Counter,
                    );
                }
            }
        }
    }

    /// Candidate plans: the persona's own plan, holding back, single cards and pairs of the
    /// persona's best-valued cards, ranked by the persona's worth.
    pub(super) fn fill_plans(
        &mut self,
        db: &ContentDb,
        w: &GameState,
        brain: &Brain,
        max: usize,
        scratch: &mut Scratch,
        sharp: Option<&PlanMenu>,
    ) {
        let side = brain.side;
        let top = &mut self.top;
        match sharp {
            Some(m) => {
                brain.plan_cards_from_menu(db, w, m, &mut self.own);
                brain.top_cards_from_menu(db, w, 6, m, top);
            }
            None => {
                let mut rng = ChaCha8Rng::seed_from_u64(0);
                brain.plan_cards_into(db, w, &mut rng, scratch, &mut self.own);
                // The plan left this world's worths in the scratch space: the top cards rank
                // them.
                brain.top_cards_after_plan(db, w, 6, scratch, top);
            }
        }
        let pc = w.sides[side.index()].pc;
        let limit = db.rules.move_limit as usize;
        // (worth, cards): a single card, or a pair.
        let scored = &mut self.scored;
        scored.clear();
        for (i, &(vi, ci)) in top.iter().enumerate() {
            scored.push((vi, [ci, 0], 1));
            if limit >= 2 {
                for &(vj, cj) in &top[i + 1..] {
                    let cost = db.compiled_cards[ci as usize].cost as i32
                        + db.compiled_cards[cj as usize].cost as i32;
                    if cost <= pc {
                        scored.push((vi + vj, [ci, cj], 2));
                    }
                }
            }
        }
        // Best first, ties in listing order (a stable sort), sorted as integer keys
        // (`best_first`, the position in the low bits).
        let order = &mut self.order;
        order.clear();
        order.extend(
            scored
                .iter()
                .enumerate()
                .map(|(j, x)| (crate::ai::best_first(x.0) as u64) << 32 | j as u64),
        );
        order.sort_unstable();
        self.keys.push(plan_key(&self.own) << 2);
        self.recipes.push(Recipe::Own);
        for &o in &self.order {
            let (_, cards, n) = self.scored[(o & 0xffff_ffff) as usize];
            if self.keys.len() >= max {
                break;
            }
            // A plan's key depends on its cards only.
            let k = card_key(&cards[..n]) << 2;
            if !self.keys.contains(&k) {
                self.keys.push(k);
                self.recipes.push(Recipe::Cards(cards, n as u8));
            }
        }
        let hold = plan_key(&[]) << 2;
        if !self.keys.contains(&hold) {
            self.push(hold, Recipe::Hold);
        }
    }

    /// Candidate `i`, built in world `w` (the world it was listed in).
    pub(super) fn build(&self, i: usize, db: &ContentDb, w: &GameState, brain: &Brain) -> Action {
        match self.recipes[i] {
            // Its packages built only now, for the candidate the tree walks into.
            Recipe::Own => Action::Plan(
                self.own
                    .iter()
                    .map(|m| brain.move_for(db, w, m.card))
                    .collect(),
            ),
            Recipe::Cards(cards, n) => Action::Plan(
                cards[..n as usize]
                    .iter()
                    .map(|c| brain.move_for(db, w, *c))
                    .collect(),
            ),
            Recipe::Hold => Action::Plan(Vec::new()),
            Recipe::Built(j) => self.built[j as usize].clone(),
            Recipe::Counter => Action::Respond(Response::Counter(self.counter.clone())),
        }
    }
}
