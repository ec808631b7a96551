//! Steps 2 and 3, the inputs: plans, answers to offers and crisis choices, checked and taken in.

use super::*;

/// Feeds one input. On error the state is unchanged.
pub fn submit<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    input: &Input,
    sink: &mut S,
) -> Result<(), RuleError> {
    if s.phase == Phase::Over {
        return Err(RuleError::GameOver);
    }
    match input {
        Input::Plan { side, moves } => {
            check_plan(db, s, *side, moves)?;
            take_plan(db, s, *side, moves.clone(), sink);
            Ok(())
        }
        Input::Respond {
            side,
            offer,
            response,
        } => {
            let ix = check_response(db, s, *side, *offer, response)?;
            take_response(db, s, sink, ix, response.clone());
            Ok(())
        }
        Input::Crisis { side, choice } => {
            if s.phase != Phase::Crisis {
                return Err(RuleError::WrongPhase(phase_name(s.phase)));
            }
            if !s.crisis_sides[side.index()] {
                return Err(RuleError::NotInCrisis(*side));
            }
            if s.crisis[side.index()].is_some() {
                return Err(RuleError::AlreadyChosen(*side));
            }
            s.crisis[side.index()] = Some(*choice);
            if !s.anyone_awaited() {
                resolve_crisis(db, s, sink);
            }
            Ok(())
        }
        Input::Inject { event } => {
            if *event as usize >= db.events.len() {
                return Err(RuleError::Illegal {
                    side: SideId::Us,
                    card: format!("event #{event}"),
                    reason: "no such event".into(),
                });
            }
            inject_event(db, s, sink, *event);
            Ok(())
        }
        Input::Override {
            meter,
            value,
            reason,
        } => {
            if S::ENABLED {
                sink.log(LogEntry::Facilitator {
                    text: format!(
                        "set {} to {value:.0} — {reason}",
                        crate::engine::text::meter_name(*meter)
                    ),
                });
            }
            override_meter(s, sink, *meter, *value);
            Ok(())
        }
        Input::FreeInject { text, changes } => {
            if S::ENABLED {
                sink.log(LogEntry::Facilitator { text: text.clone() });
            }
            for (m, d) in changes {
                change(s, sink, *m, *d, Cause::Facilitator, None);
            }
            Ok(())
        }
    }
}

/// Where the offer a response answers sits, if `side` may answer it so now.
pub(crate) fn check_response(
    db: &ContentDb,
    s: &GameState,
    side: SideId,
    offer: u16,
    response: &Response,
) -> Result<usize, RuleError> {
    let Phase::Responses { round } = s.phase else {
        return Err(RuleError::WrongPhase(phase_name(s.phase)));
    };
    // Offer ids are unique: the offer, then whether it is open and addressed to `side`.
    let Some(ix) = s
        .offers
        .iter()
        .position(|o| o.id == offer)
        .filter(|&ix| s.is_open(&s.offers[ix]) && s.offers[ix].to == side)
    else {
        return Err(RuleError::NoSuchOffer(offer));
    };
    if let Response::Counter(pkg) = response {
        if s.offers[ix].is_cosign() {
            return Err(RuleError::CounterOfCosign);
        }
        if round != 1 {
            return Err(RuleError::CounterOfCounter);
        }
        // A counter changes a package: an offer with none has nothing to change.
        if s.offers[ix].package.is_empty() {
            return Err(RuleError::NothingToCounter);
        }
        check_package(db, s, pkg)?;
    }
    Ok(ix)
}

/// A checked response joins the offer; the last one of a round starts the next round (for
/// counters) or the resolution.
pub(super) fn take_response<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    ix: usize,
    response: Response,
) {
    answer_offer(db, s, sink, ix, response);
    if s.open_offers().next().is_none() {
        let counters = s
            .offers
            .iter()
            .any(|o| o.counter_of.is_some() && o.answer.is_none());
        if s.phase == (Phase::Responses { round: 1 }) && counters {
            s.phase = Phase::Responses { round: 2 };
        } else {
            resolve(db, s, sink);
        }
    }
}

/// `submit`, taking the input by value so that a plan's moves move into the state instead of
/// being copied (the simulator's and the search's hot loop). On error the state is unchanged
/// and the input comes back.
pub fn submit_owned<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    input: Input,
    sink: &mut S,
) -> Result<(), (RuleError, Input)> {
    match input {
        // `check_plan` refuses a finished game too, as `submit` does first.
        Input::Plan { side, moves } => match check_plan(db, s, side, &moves) {
            Ok(_) => {
                take_plan(db, s, side, moves, sink);
                Ok(())
            }
            Err(e) => Err((e, Input::Plan { side, moves })),
        },
        Input::Respond {
            side,
            offer,
            response,
        } => match check_response(db, s, side, offer, &response) {
            Ok(ix) => {
                take_response(db, s, sink, ix, response);
                Ok(())
            }
            Err(e) => Err((
                e,
                Input::Respond {
                    side,
                    offer,
                    response,
                },
            )),
        },
        other => submit(db, s, &other, sink).map_err(|e| (e, other)),
    }
}

/// The answer to decision `d`, which `GameState::pending` has just given in this very state
/// (whose turn it is is settled): what `submit_owned` does, without the checks that `d` being
/// open already answers — the phase, an open offer addressed to the side, a side in the crisis
/// that has not chosen. What a player could still get wrong is checked: a plan
/// (`check_plan`) and a counter-offer (`check_response`). For drivers that hand the engine the
/// inputs their own computer players built (`ai::drive`, the simulator's loop); an input from
/// outside goes through `submit` or `decision::apply`. On error the state is unchanged. Debug
/// builds (and so the tests) check that `d` is open and that `input` answers it.
pub fn submit_pending<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    d: crate::engine::decision::Decision,
    input: Input,
    sink: &mut S,
) -> Result<(), RuleError> {
    debug_assert!(s.is_pending(d), "{d} is not open");
    debug_assert!(d.answered_by(&input), "the input does not answer {d}");
    match input {
        Input::Plan { side, moves } => {
            check_plan(db, s, side, &moves)?;
            take_plan(db, s, side, moves, sink);
        }
        Input::Respond {
            offer, response, ..
        } => {
            let Some(ix) = s.offers.iter().position(|o| o.id == offer) else {
                return Err(RuleError::NoSuchOffer(offer));
            };
            if let Response::Counter(_) = response {
                check_response(db, s, d.side(), offer, &response)?;
            }
            take_response(db, s, sink, ix, response);
        }
        Input::Crisis { side, choice } => {
            s.crisis[side.index()] = Some(choice);
            if !s.anyone_awaited() {
                resolve_crisis(db, s, sink);
            }
        }
        other => submit(db, s, &other, sink)?,
    }
    Ok(())
}

/// A plan its maker has already held to the rules: a search opponent's personas, planning in
/// the very world the plan is for, pick only affordable, ready, allowed cards whose requirements
/// hold. `check_plan` would repeat that on every turn of every playout (about 4 % of a hard
/// decision), so this skips it; debug builds (and so the tests) still check. Only for imagined
/// worlds: a real game's inputs always go through `submit`.
pub fn submit_vouched_plan<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    side: SideId,
    moves: Vec<crate::engine::moves::Move>,
    sink: &mut S,
) {
    debug_assert!(
        check_plan(db, s, side, &moves).is_ok(),
        "a vouched plan breaks the rules: {:?}",
        check_plan(db, s, side, &moves)
    );
    take_plan(db, s, side, moves, sink);
}

/// Vouched plans (see `submit_vouched_plan`) for the sides still to plan, in side order: for
/// each, `plan` gives its plan (`Continue(Some)`), leaves the side to plan later
/// (`Continue(None)`: a human's seat) or stops here (`Break`: a side whose plan must be
/// checked, which then comes through `submit`). The same plans, in the same order, as one
/// `submit_vouched_plan` each; the responses (or the resolution) start when the last is in.
/// For the simulator's loop, where a turn's plans come one after another from computer
/// players: whether anyone is still awaited is asked once a turn, not once a plan.
pub fn submit_vouched_plans<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    mut plan: impl FnMut(
        &mut GameState,
        SideId,
    ) -> ControlFlow<(), Option<Vec<crate::engine::moves::Move>>>,
) {
    if s.phase != Phase::Planning {
        return;
    }
    for side in SideId::ALL {
        if !s.seated(side) || s.plans[side.index()].is_some() {
            continue;
        }
        let moves = match plan(s, side) {
            ControlFlow::Continue(Some(moves)) => moves,
            ControlFlow::Continue(None) => continue,
            ControlFlow::Break(()) => break,
        };
        debug_assert!(
            check_plan(db, s, side, &moves).is_ok(),
            "a vouched plan breaks the rules: {:?}",
            check_plan(db, s, side, &moves)
        );
        s.plans[side.index()] = Some(moves);
    }
    if !s.anyone_awaited() {
        after_planning(db, s, sink);
    }
}

/// A checked plan joins the turn; the last one in starts the responses (or the resolution).
pub(super) fn take_plan<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    side: SideId,
    moves: Vec<crate::engine::moves::Move>,
    sink: &mut S,
) {
    s.plans[side.index()] = Some(moves);
    if !s.anyone_awaited() {
        after_planning(db, s, sink);
    }
}

pub(super) fn answer_offer<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    ix: usize,
    response: Response,
) {
    let kind = match response {
        Response::Accept => AnswerKind::Accept,
        Response::Reject => AnswerKind::Reject,
        Response::Counter(_) => AnswerKind::Counter,
    };
    let (id, side) = (s.offers[ix].id, s.offers[ix].to);
    if S::ENABLED {
        sink.log(LogEntry::Answer {
            id,
            side,
            answer: kind,
            cosign: s.offers[ix].is_cosign(),
        });
    }
    if let Response::Counter(pkg) = &response {
        let package = s.new_package(pkg);
        let o = &s.offers[ix];
        let counter = Offer {
            id: next_offer_id(s),
            from: o.to,
            to: o.from,
            card: o.card,
            package,
            counter_of: Some(o.id),
            cosign_of: None,
            answer: None,
        };
        make_offer(db, s, sink, counter);
    }
    s.offers[ix].answer = Some(response);
}
