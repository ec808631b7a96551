//! Playing an imagined world forward: every seat the search does not decide for moves as its
//! persona would, with the noise of the futures the search imagines, until the side itself must
//! decide, the horizon is reached or the game ends; and the side's own choices applied.

use super::*;

/// The noise of the personas in the futures the search imagines.
#[derive(Debug, Clone, Copy)]
pub(super) struct Temperatures {
    /// Of every side's plans (`SearchConfig::rollout_temperature`).
    pub(super) plan: f32,
    /// The searching side's own choices, times this (its difficulty's sharpness).
    pub(super) own_scale: f32,
}

impl Temperatures {
    /// The temperature of `side`'s plan, when `me` searches.
    #[inline]
    pub(super) fn plan_for(self, side: SideId, me: SideId) -> f32 {
        if side == me {
            self.plan * self.own_scale
        } else {
            self.plan
        }
    }

    /// The temperature of `side`'s answer or crisis choice, its persona's being `persona`.
    #[inline]
    pub(super) fn persona_for(self, persona: f32, side: SideId, me: SideId) -> f32 {
        if side == me {
            persona * self.own_scale
        } else {
            persona
        }
    }
}

/// Plays every seat the search does not decide for, until `me` must decide (when `me_in_tree`)
/// or the game ends. Returns the decision `me` faces, or None at the end.
#[allow(clippy::too_many_arguments)]
pub(super) fn advance(
    db: &ContentDb,
    w: &mut GameState,
    me: SideId,
    seats: &Seats,
    me_in_tree: bool,
    noise: Temperatures,
    menus: &Menus,
    rng: &mut ChaCha8Rng,
    scratch: &mut Scratch,
    stop_turn: u16,
) -> Option<Decision> {
    let mut sink = NoSink;
    // A guard against a world the rules cannot move on (every input refused): give up on it.
    let mut steps = 0u32;
    loop {
        steps += 1;
        if steps > 2000 {
            return None;
        }
        // A rollout (not the tree) ends at the horizon, as a new turn's planning opens.
        if !me_in_tree && w.turn >= stop_turn && w.phase == Phase::Planning {
            return None;
        }
        // The first decision pending of another side; in the tree, the side's own waits until
        // the others' before it are in, and is returned when it is all that is left.
        let mut mine = None;
        let next = w.pending().find(|d| {
            if me_in_tree && d.side() == me {
                mine = mine.or(Some(*d));
                false
            } else {
                true
            }
        });
        let Some(d) = next else {
            return mine;
        };
        match d {
            Decision::Plan { side } => {
                let slot = slot_of(seats, w, side);
                let moves = match brain_of(seats, w, side) {
                    // Into the list the side's last plan left, as `ai::drive` does.
                    Some(b) => {
                        let mut moves = std::mem::take(&mut w.spare_plans[side.index()]);
                        match menus[side.index()].get(slot) {
                            Some(menu) => b.plan_from_menu(db, w, menu, rng, scratch, &mut moves),
                            None => b.plan_into(
                                db,
                                w,
                                noise.plan_for(side, me),
                                rng,
                                scratch,
                                &mut moves,
                            ),
                        }
                        moves
                    }
                    None => random_plan(db, w, side, rng),
                };
                // Planned in this very world by rules-abiding personas (or random legal play).
                submit_vouched_plan(db, w, side, moves, &mut sink);
            }
            Decision::Answer { side, offer } | Decision::CoSign { side, offer } => {
                let o = w.offer(offer)?;
                let response = match brain_of(seats, w, side) {
                    // The others answer as they will in the game: quantal, at their
                    // persona's temperature (the search meets noisy opponents).
                    Some(b) => {
                        let t = noise.persona_for(b.persona(db).temperature, side, me);
                        let n = Noise::draw(t, rng);
                        b.respond_noisy(db, w, o, scratch, false, Some(n)).0
                    }
                    None => {
                        if rng.random_bool(0.5) {
                            Response::Accept
                        } else {
                            Response::Reject
                        }
                    }
                };
                let input = Input::Respond {
                    side,
                    offer,
                    response,
                };
                if apply_or_pass(db, w, d, Some(input), &mut sink).is_err() {
                    return None;
                }
            }
            Decision::Brink { side } => {
                let choice = match brain_of(seats, w, side) {
                    Some(b) => {
                        let t = noise.persona_for(b.persona(db).temperature, side, me);
                        let n = Noise::draw(t, rng);
                        b.crisis_noisy(db, w, scratch, false, Some(n)).0
                    }
                    None => CrisisChoice::BackDown,
                };
                if apply_or_pass(db, w, d, Some(Input::Crisis { side, choice }), &mut sink).is_err()
                {
                    return None;
                }
            }
        }
    }
}

/// Applies one of the side's own choices to a world (the decision's pass if this world's rules
/// refuse it).
pub(super) fn apply(db: &ContentDb, w: &mut GameState, me: SideId, dec: Decision, action: Action) {
    let input = match (dec, action) {
        (Decision::Plan { .. }, Action::Plan(moves)) => Input::Plan { side: me, moves },
        (
            Decision::Answer { offer, .. } | Decision::CoSign { offer, .. },
            Action::Respond(response),
        ) => Input::Respond {
            side: me,
            offer,
            response,
        },
        (Decision::Brink { .. }, Action::Crisis(choice)) => Input::Crisis { side: me, choice },
        (d, _) => d.pass(),
    };
    let _ = apply_or_pass(db, w, dec, Some(input), &mut NoSink);
}

/// Uniformly random legal plan, for a side no persona plays.
pub(super) fn random_plan(
    db: &ContentDb,
    w: &GameState,
    side: SideId,
    rng: &mut ChaCha8Rng,
) -> Vec<Move> {
    let mut cards: Vec<u16> = db.cards_by_side[side.index()]
        .iter()
        .copied()
        .filter(|c| card_ok(db, w, side, *c))
        .collect();
    cards.shuffle(rng);
    let mut pc = w.sides[side.index()].pc;
    let mut out = Vec::new();
    for c in cards {
        if out.len() >= db.rules.move_limit as usize {
            break;
        }
        let cost = db.compiled_cards[c as usize].cost as i32;
        if cost <= pc {
            pc -= cost;
            let mut m = Move::card(c);
            if matches!(
                db.compiled_cards[c as usize].package,
                CompiledPackage::Chosen
            ) {
                m.package = random_package(db, w, rng);
            }
            out.push(m);
        }
    }
    out
}
