//! The turn (design §4) and the escalation engine (design §5).
//!
//! The fixed order of resolution, so that the same seed and inputs always give the same game:
//!
//! 1. **Start of turn**: calendar, political-capital income, scheduled events, the event draw.
//! 2. **Planning**: every seated side submits its moves (secret, simultaneous).
//! 3. **Responses**: offers are answered (accept / reject / counter; counters answered in a
//!    second round).
//! 4. **Resolution**, side by side in the order US, DPRK, ROK, China, Japan, each side's moves in
//!    the order it listed them: costs paid; unilateral and covert effects; every signal turned
//!    into tension (credibility-discounted if cooperative, spiral-amplified if hostile); then the
//!    offers in the order made, with their answers; then reciprocity between every pair; then
//!    covert detection rolls; then agreement violations and snapback.
//! 5. **Dynamics**: provisions kept, lagged and ramped effects, tension drift, trust decay,
//!    sanctions erosion, the economy, readiness, programme growth, support drift, the public
//!    estimate, and the incident roll.
//! 6. **The brink**: at or above the Brink rung, the US and the DPRK each stand firm or back down;
//!    if both stand firm, war is rolled.
//! 7. **End check**: war, an agreement that ends the scenario, or the turn limit.

use std::ops::ControlFlow;

use rand::RngExt;

use crate::content::check::{SUPPORT_AT, TRUST_AT};
use crate::content::draw::DrawTable;
use crate::content::{
    CDraw, CPackage, CSignal, CardIx, ContentDb, EventIx, FastSignals, Meter, MoveKind,
    ProgrammeField, ProvIx, Rules, SideId, Toward,
};

use super::effects::{
    Apply, apply_card_effects, apply_effects, apply_resolved, change, change_pc, logistic,
    round_i32,
};
use super::ledger::{AnswerKind, Cause, CrisisChoice, LogEntry, MeterRef, Outcome, RollKind, Sink};
use super::moves::{Input, Response, RuleError, check_package, check_plan, phase_name, target_of};
use super::state::{Agreement, AgreementStatus, CovertOp, GameState, Offer, Phase};
use super::view::View;

/// Begins turn 1. Call once on a fresh state.
pub fn start<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
    if s.turn == 0 {
        begin_turn(db, s, sink, 1);
    }
}

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
                        super::text::meter_name(*meter)
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
fn check_response(
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
        check_package(db, s, pkg)?;
    }
    Ok(ix)
}

/// A checked response joins the offer; the last one of a round starts the next round (for
/// counters) or the resolution.
fn take_response<S: Sink>(
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

/// A plan its maker has already held to the rules: a search opponent's personas, planning in
/// the very world the plan is for, pick only affordable, ready, allowed cards whose requirements
/// hold. `check_plan` would repeat that on every turn of every playout (about 4 % of a hard
/// decision), so this skips it; debug builds (and so the tests) still check. Only for imagined
/// worlds: a real game's inputs always go through `submit`.
pub fn submit_vouched_plan<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    side: SideId,
    moves: Vec<super::moves::Move>,
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
    mut plan: impl FnMut(&mut GameState, SideId) -> ControlFlow<(), Option<Vec<super::moves::Move>>>,
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
fn take_plan<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    side: SideId,
    moves: Vec<super::moves::Move>,
    sink: &mut S,
) {
    s.plans[side.index()] = Some(moves);
    if !s.anyone_awaited() {
        after_planning(db, s, sink);
    }
}

fn answer_offer<S: Sink>(
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

/// One past the largest id (equal to the count in a real game, where ids are positions; a
/// search opponent's sampled world holds only the offers its side saw).
fn next_offer_id(s: &GameState) -> u16 {
    s.offers.iter().map(|o| o.id + 1).max().unwrap_or(0)
}

/// Puts an offer (or counter) on the table, followed by a request to co-sign for every other
/// seated side its package would bind: an agreement binds only the sides that accepted it.
fn make_offer<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S, offer: Offer) {
    // The seated sides the package obliges, less its two ends, as a mask.
    let mut obliged = 0u8;
    for &p in &offer.package {
        obliged |= db.c_provisions[p as usize].obliges;
    }
    let ends = 1u8 << offer.from.index() | 1u8 << offer.to.index();
    let cosigners = obliged & s.seated_mask() & !ends;
    let (id, from, card, counter_of) = (offer.id, offer.from, offer.card, offer.counter_of);
    log_offer(sink, &offer);
    s.offers.push(offer);
    // Most offers bind no third side: copy the package only for a request to co-sign.
    if cosigners == 0 {
        return;
    }
    for x in SideId::ALL {
        if cosigners >> x.index() & 1 == 0 {
            continue;
        }
        let mut package = s.spare_packages.take();
        package.extend_from_slice(&s.offers[s.offers.len() - 1].package);
        let request = Offer {
            id: next_offer_id(s),
            from,
            to: x,
            card,
            package,
            counter_of,
            cosign_of: Some(id),
            answer: None,
        };
        log_offer(sink, &request);
        s.offers.push(request);
    }
}

fn log_offer<S: Sink>(sink: &mut S, o: &Offer) {
    if S::ENABLED {
        sink.log(LogEntry::Offer {
            id: o.id,
            from: o.from,
            to: o.to,
            card: o.card,
            package: o.package.clone(),
            counter_of: o.counter_of,
            cosign_of: o.cosign_of,
        });
    }
}

/// The first side asked to co-sign offer `id` that did not accept, if any.
fn cosign_refused(offers: &[Offer], id: u16) -> Option<SideId> {
    offers
        .iter()
        .find(|c| c.cosign_of == Some(id) && c.answer != Some(Response::Accept))
        .map(|c| c.to)
}

fn after_planning<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
    s.clear_offers();
    for side in SideId::ALL {
        let n = s.plans[side.index()].as_ref().map_or(0, Vec::len);
        for k in 0..n {
            let Some(m) = s.plans[side.index()].as_ref().and_then(|p| p.get(k)) else {
                break;
            };
            let c = &db.c_cards[m.card as usize];
            if c.kind != MoveKind::Offer {
                continue;
            }
            let Some(to) = target_of(db, m) else { continue };
            let mut package = s.spare_packages.take();
            match &c.package {
                CPackage::None => {}
                CPackage::Fixed(p) => package.extend_from_slice(p),
                CPackage::Chosen => package.extend_from_slice(&m.package),
            }
            let offer = Offer {
                id: s.offers.len() as u16,
                from: side,
                to,
                card: m.card,
                package,
                counter_of: None,
                cosign_of: None,
                answer: None,
            };
            make_offer(db, s, sink, offer);
        }
    }
    if s.offers.is_empty() {
        resolve(db, s, sink);
    } else {
        s.phase = Phase::Responses { round: 1 };
    }
}

/// What a signal is attributed to in the ledger.
#[derive(Debug, Clone, Copy)]
enum Why {
    /// A card: its signal and, for hostile ones, the spiral, itemised apart.
    Card(CardIx),
    /// An event, incident or the facilitator.
    Other(Cause),
}

/// Sends a signal from `from` toward `to` and turns it into tension (design §5): cooperative
/// signals discounted by the receiver's trust (credibility), hostile ones amplified by tension
/// (spiral). `share` scales the tension effect (a signal to everyone counts once, split across
/// its targets); signals between allies count at `ally_signal_share`.
#[allow(clippy::too_many_arguments)]
fn emit<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    from: SideId,
    to: SideId,
    value: f32,
    share: f32,
    why: Why,
    secret: Option<SideId>,
) {
    if from == to || !s.seated(to) || value == 0.0 {
        return;
    }
    let r = &db.rules;
    s.turn_signal[from.index()][to.index()] += value;
    let pair = if from.in_alliance() && to.in_alliance() {
        r.ally_signal_share
    } else {
        1.0
    };
    let (signal_cause, spiral_cause) = match why {
        Why::Card(card) => (
            Cause::Signal { side: from, card },
            Cause::Spiral { side: from, card },
        ),
        Why::Other(c) => (c, c),
    };
    let tension = MeterRef::Meter(Meter::Tension);
    if value > 0.0 {
        let credibility =
            r.credibility_floor + (1.0 - r.credibility_floor) * s.trust(to, from) / 100.0;
        let dt = -value * credibility * r.signal_weight * pair * share;
        change(s, sink, tension, dt, signal_cause, secret);
    } else {
        let base = -value * r.signal_weight * pair * share;
        let extra = base * r.spiral * s.tension() / 100.0;
        change(s, sink, tension, base, signal_cause, secret);
        change(s, sink, tension, extra, spiral_cause, secret);
    }
}

/// Sends a card's (or event's) signals, from `from` at `target`. With no log to write and
/// every side seated, from `fast`, the same signals resolved for that very sender and target
/// (the caller's word; `None` where there is none).
///
/// Inlined, so that the choice is made at the call and the fast path, taken by nearly every
/// signal of a playout, does not pay for entering the general one (it saves and restores a
/// dozen registers for its calls to `emit`).
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn emit_all<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    from: SideId,
    target: Option<SideId>,
    signals: &[CSignal],
    fast: Option<&FastSignals>,
    why: Why,
) {
    if let Some(f) = fast
        && !S::ENABLED
        && s.seated_mask() == ALL_SEATED
    {
        return emit_fast(db, s, from, f);
    }
    emit_each(db, s, sink, from, target, signals, why);
}

/// `emit_all` signal by signal, through `emit`.
#[inline(never)]
fn emit_each<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    from: SideId,
    target: Option<SideId>,
    signals: &[CSignal],
    why: Why,
) {
    for sig in signals {
        match sig.toward.at(target) {
            Toward::Side(to) => emit(db, s, sink, from, to, sig.value, 1.0, why, None),
            Toward::All | Toward::Target => {
                let n = s.seated_sides().filter(|x| *x != from).count();
                let share = 1.0 / n.max(1) as f32;
                for to in SideId::ALL {
                    if to != from && s.seated(to) {
                        emit(db, s, sink, from, to, sig.value, share, why, None);
                    }
                }
            }
        }
    }
}

/// `GameState::seated_mask` with all five sides at the table.
const ALL_SEATED: u8 = (1 << SideId::ALL.len()) - 1;

/// `emit` for each entry of `f`, with no log: the same sums in the same order, so the very
/// numbers `emit_all` leaves when every side is seated.
fn emit_fast(db: &ContentDb, s: &mut GameState, from: SideId, f: &FastSignals) {
    let r = &db.rules;
    // As `change` adds to tension: a zero or non-finite step dropped, the sum clamped.
    let add = |s: &mut GameState, d: f32| {
        if d != 0.0 && d.is_finite() {
            let t = s.meter_mut(Meter::Tension);
            *t = (*t + d).clamp(0.0, 100.0);
        }
    };
    for &(to, value, share, allies) in f.to.iter() {
        let to = SideId::ALL[to as usize % SideId::ALL.len()];
        s.turn_signal[from.index()][to.index()] += value;
        let pair = if allies { r.ally_signal_share } else { 1.0 };
        if value > 0.0 {
            let credibility =
                r.credibility_floor + (1.0 - r.credibility_floor) * s.trust(to, from) / 100.0;
            add(s, -value * credibility * r.signal_weight * pair * share);
        } else {
            let base = -value * r.signal_weight * pair * share;
            let extra = base * r.spiral * s.tension() / 100.0;
            add(s, base);
            add(s, extra);
        }
    }
}

/// Resolution, dynamics, and on to the brink or the end check.
fn resolve<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
    s.tension_at_start = s.tension();
    s.top_push = (0.0, None);
    let r = &db.rules;

    // Costs and cooldowns.
    for side in SideId::ALL {
        // Read in place (fields borrowed apart), not taken out and put back.
        let Some(plan) = s.plans[side.index()].as_ref() else {
            continue;
        };
        let cost: i32 = plan
            .iter()
            .map(|m| db.c_cards[m.card as usize].cost as i32)
            .sum();
        for m in plan {
            s.ready_turn[m.card as usize] =
                s.turn + 1 + db.c_cards[m.card as usize].cooldown as u16;
        }
        if cost > 0 {
            s.sides[side.index()].pc -= cost;
            if S::ENABLED {
                sink.ledger(super::ledger::LedgerEntry {
                    turn: s.turn,
                    meter: MeterRef::Pc(side),
                    delta: -(cost as f32),
                    after: s.sides[side.index()].pc as f32,
                    cause: Cause::Budget,
                    secret: None,
                });
            }
        }
    }

    // Moves, side by side.
    for side in SideId::ALL {
        let n = s.plans[side.index()].as_ref().map_or(0, Vec::len);
        for k in 0..n {
            // Only the card and its target are needed: copied out, so the plan stays in place
            // while the move changes the state.
            let Some(m) = s.plans[side.index()].as_ref().and_then(|p| p.get(k)) else {
                break;
            };
            let (card, target) = (m.card, target_of(db, m));
            let c = &db.c_cards[card as usize];
            if S::ENABLED {
                sink.log(LogEntry::Move {
                    side,
                    card,
                    target,
                    secret: c.kind == MoveKind::Covert,
                });
            }
            let cause = Cause::Card { side, card };
            match c.kind {
                MoveKind::Unilateral => {
                    let a = Apply {
                        actor: side,
                        target,
                        cause,
                        secret: None,
                    };
                    apply_card_effects(db, s, sink, c, a);
                    let own = c.played_as_own(side, target).then_some(&c.fast_signals);
                    emit_all(db, s, sink, side, target, &c.signals, own, Why::Card(card));
                    for &p in c.violates.iter() {
                        violate(db, s, sink, side, p, false);
                    }
                }
                MoveKind::Covert => {
                    let a = Apply {
                        actor: side,
                        target,
                        cause,
                        secret: Some(side),
                    };
                    apply_card_effects(db, s, sink, c, a);
                    s.covert.push(CovertOp {
                        side,
                        card,
                        turn: s.turn,
                        detected: false,
                    });
                }
                MoveKind::Offer => {
                    // Making the offer is itself a signal of intent.
                    let own = c.played_as_own(side, target).then_some(&c.fast_signals);
                    emit_all(db, s, sink, side, target, &c.signals, own, Why::Card(card));
                }
            }
        }
    }

    // Offers, in the order made; each counter is answered with its original.
    // A package binds only sides that accepted it: one refusal to co-sign sinks the deal, as
    // that side's rejection.
    let offers = std::mem::take(&mut s.offers);
    for o in offers
        .iter()
        .filter(|o| o.counter_of.is_none() && o.cosign_of.is_none())
    {
        match &o.answer {
            Some(Response::Accept) => match cosign_refused(&offers, o.id) {
                None => accept(db, s, sink, o, &o.package),
                Some(x) => reject(db, s, sink, o, x),
            },
            Some(Response::Counter(_)) => {
                if let Some(c) = offers
                    .iter()
                    .find(|c| c.counter_of == Some(o.id) && c.cosign_of.is_none())
                {
                    match (c.answer.as_ref(), cosign_refused(&offers, c.id)) {
                        (Some(Response::Accept), None) => accept(db, s, sink, o, &c.package),
                        // Refused by a side the counter would bind: its rebuff goes to the
                        // counter's author.
                        (Some(Response::Accept), Some(x)) => reject(db, s, sink, c, x),
                        _ => reject(db, s, sink, o, o.from),
                    }
                }
            }
            _ => reject(db, s, sink, o, o.to),
        }
    }
    s.offers = offers;

    reciprocity(db, s, sink);
    detection(db, s, sink);
    dynamics(db, s, sink);
    incidents(db, s, sink);

    // Threshold crossings, with who pushed.
    // Only the log cares (a playout keeps none).
    let (from_rung, to_rung) = if S::ENABLED {
        (db.rung_of(s.tension_at_start), db.rung_of(s.tension()))
    } else {
        (0, 0)
    };
    if from_rung != to_rung {
        sink.log(LogEntry::Threshold {
            from_rung: from_rung as u8,
            to_rung: to_rung as u8,
            by: if to_rung > from_rung {
                s.top_push.1
            } else {
                None
            },
        });
    }

    if s.tension() >= db.derived.brink_from && s.seated(SideId::Us) && s.seated(SideId::Dprk) {
        s.phase = Phase::Crisis;
        s.crisis = [None; 5];
        s.crisis_sides = [false; 5];
        s.crisis_sides[SideId::Us.index()] = true;
        s.crisis_sides[SideId::Dprk.index()] = true;
        s.crises += 1;
        if S::ENABLED {
            sink.log(LogEntry::CrisisBegins {
                tension: s.tension(),
            });
        }
        let _ = r;
        return;
    }
    end_of_turn(db, s, sink, false);
}

/// The offerer's card takes effect and, if it carries provisions, an agreement is signed.
fn accept<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S, o: &Offer, package: &[ProvIx]) {
    let c = &db.c_cards[o.card as usize];
    let a = Apply {
        actor: o.from,
        target: Some(o.to),
        cause: Cause::Card {
            side: o.from,
            card: o.card,
        },
        secret: None,
    };
    apply_card_effects(db, s, sink, c, a);
    if package.is_empty() {
        // Accepting answers the offer's signal in kind.
        let back: f32 = c.signals.iter().map(|x| x.value).sum::<f32>().max(0.0);
        emit(
            db,
            s,
            sink,
            o.to,
            o.from,
            back,
            1.0,
            Why::Card(o.card),
            None,
        );
        return;
    }
    let id = s.agreements().len() as u16;
    // Room for every side at once: the list never grows after this one allocation.
    let mut parties = Vec::with_capacity(SideId::ALL.len());
    parties.extend([o.from, o.to]);
    for &p in package {
        for &side in db.c_provisions[p as usize].obligations.iter() {
            if s.seated(side) && !parties.contains(&side) {
                parties.push(side);
            }
        }
    }
    parties.sort();
    let provisions = s.new_package(package);
    s.sign(Agreement {
        id,
        provisions,
        parties,
        signed_turn: s.turn,
        status: AgreementStatus::InForce,
        relief_given: 0.0,
    });
    if S::ENABLED {
        let parties = s.agreements().last().map(|a| a.parties.clone());
        sink.log(LogEntry::Signed {
            agreement: id,
            parties: parties.unwrap_or_default(),
            provisions: package.to_vec(),
        });
    }
    for &p in package {
        let a = Apply {
            actor: o.from,
            target: Some(o.to),
            cause: Cause::Signing {
                agreement: id,
                provision: p,
            },
            secret: None,
        };
        let prov = &db.c_provisions[p as usize];
        let fast = prov.fast_on_sign.get(a.actor, a.target);
        apply_resolved(db, s, sink, &prov.on_sign, fast, a);
    }
    let sign = db.derived.sign_signal;
    emit(
        db,
        s,
        sink,
        o.to,
        o.from,
        sign,
        1.0,
        Why::Card(o.card),
        None,
    );
    emit(
        db,
        s,
        sink,
        o.from,
        o.to,
        sign * 0.5,
        1.0,
        Why::Card(o.card),
        None,
    );
}

/// `by` turned the offer (or, for a counter, the counter-package) down. The card's `on_reject`
/// effects are written from its owner's side, so the owner stays the actor either way.
fn reject<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S, o: &Offer, by: SideId) {
    let c = &db.c_cards[o.card as usize];
    let other = if by == o.from { o.to } else { o.from };
    if by != o.from && by != o.to {
        // A side asked to co-sign refused. The card's `on_reject` effects are written for its
        // addressee turning it down, which is not what happened: only the rebuff's signal,
        // from the refusing side to the proposer.
        rebuff(db, s, sink, o, by, other);
        return;
    }
    let a = Apply {
        actor: o.from,
        target: Some(o.to),
        cause: Cause::Rejection {
            side: by,
            card: o.card,
        },
        secret: None,
    };
    let fast = c.fast_on_reject.get(a.actor, a.target);
    apply_resolved(db, s, sink, &c.on_reject, fast, a);
    rebuff(db, s, sink, o, by, other);
}

/// The signal of turning an offer down: from `by` to `other`, raising tension.
fn rebuff<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    o: &Offer,
    by: SideId,
    other: SideId,
) {
    let v = db.derived.reject_signal;
    if v != 0.0 && s.seated(other) {
        s.turn_signal[by.index()][other.index()] += v;
        let r = &db.rules;
        let dt = -v * r.signal_weight * (1.0 + r.spiral * s.tension() / 100.0);
        change(
            s,
            sink,
            MeterRef::Meter(Meter::Tension),
            dt,
            Cause::Rejection {
                side: by,
                card: o.card,
            },
            None,
        );
    }
}

/// Trust follows what both sides of each pair did this turn (design §5, reciprocity).
fn reciprocity<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
    let r = &db.rules;
    let thr = r.signal_threshold;
    let cs = &db.c_scenarios[s.scenario as usize];
    if !S::ENABLED && thr >= 0.0 {
        return reciprocity_unlogged(s, &cs.unordered_pairs, r);
    }
    for &(a, b) in cs.unordered_pairs.iter() {
        let sa = s.turn_signal[a.index()][b.index()];
        let sb = s.turn_signal[b.index()][a.index()];
        // No shortcut for a quiet pair (both signals zero): whether a pair was quiet is a coin
        // toss in a playout, so testing it costs more than the four compares it would save, and
        // with a non-negative threshold a quiet pair sets none of the four flags anyway.
        let (ca, ha) = (sa > thr, sa < -thr);
        let (cb, hb) = (sb > thr, sb < -thr);
        if ca && cb {
            let cause = Cause::Reciprocity { a, b };
            change(
                s,
                sink,
                MeterRef::Trust(a, b),
                r.reciprocity_bonus,
                cause,
                None,
            );
            change(
                s,
                sink,
                MeterRef::Trust(b, a),
                r.reciprocity_bonus,
                cause,
                None,
            );
        }
        for (victim, by, coop, hostile) in [(a, b, ca, hb), (b, a, cb, ha)] {
            if coop && hostile {
                let cause = Cause::Sucker { victim, by };
                change(
                    s,
                    sink,
                    MeterRef::Trust(victim, by),
                    -r.sucker_trust,
                    cause,
                    None,
                );
                change(
                    s,
                    sink,
                    MeterRef::Support(victim),
                    -r.sucker_support,
                    cause,
                    None,
                );
            }
        }
        if ha && hb {
            change(
                s,
                sink,
                MeterRef::Meter(Meter::Tension),
                r.mutual_hostility_spike,
                Cause::MutualHostility { a, b },
                None,
            );
        }
    }
}

/// Reciprocity with no ledger to write: the same numbers `reciprocity` gives, pair by pair in
/// its order, each change made or not by a bit select instead of a jump (what two sides did to
/// each other is a coin toss in a playout). The pairs are seated, so `change`'s seating tests are
/// moot, and a zero or non-finite step is dropped as `change` drops it. With a non-negative
/// threshold a side's signal is cooperative or hostile, never both, so each trust cell takes at
/// most one change here, as it does there.
fn reciprocity_unlogged(s: &mut GameState, pairs: &[(SideId, SideId)], r: &Rules) {
    let thr = r.signal_threshold;
    let live = |d: f32| d != 0.0 && d.is_finite();
    let (bonus, sucker) = (r.reciprocity_bonus, -r.sucker_trust);
    let (bonus_ok, sucker_ok) = (live(bonus), live(sucker));
    let (support, support_ok) = (-r.sucker_support, live(-r.sucker_support));
    let (spike, spike_ok) = (r.mutual_hostility_spike, live(r.mutual_hostility_spike));
    for &(a, b) in pairs {
        let sa = s.turn_signal[a.index()][b.index()];
        let sb = s.turn_signal[b.index()][a.index()];
        // Most pairs see none of the three in a turn: each needs both sides to have signalled
        // the other past the threshold, one way or the other (`x > thr` or `x < -thr` is
        // `|x| > thr`, NaN neither). One jump, rarely taken, past the pair, on two compares
        // instead of the four flags below. A pair let through that changes nothing after all
        // (a step that is not live) writes back the very bits it read.
        if !((sa.abs() > thr) & (sb.abs() > thr)) {
            continue;
        }
        let (ca, ha) = (sa > thr, sa < -thr);
        let (cb, hb) = (sb > thr, sb < -thr);
        let mutual = ca & cb & bonus_ok;
        let (suck_a, suck_b) = (ca & hb & sucker_ok, cb & ha & sucker_ok);
        let spiked = ha & hb & spike_ok;
        for (x, y, suck) in [(a, b, suck_a), (b, a, suck_b)] {
            let trust = s.trust_mut(x, y);
            let d = if mutual { bonus } else { sucker };
            *trust = pick(mutual | suck, (*trust + d).clamp(0.0, 100.0), *trust);
            let sup = s.support_mut(x);
            let hit = suck & support_ok;
            *sup = pick(hit, (*sup + support).clamp(0.0, 100.0), *sup);
        }
        let old = s.tension();
        *s.meter_mut(Meter::Tension) = pick(spiked, (old + spike).clamp(0.0, 100.0), old);
    }
}

/// `new` if `keep`, else `old`, by their bits: no jump, and every float exactly one or the
/// other (`old + m * (new - old)` would round).
#[inline(always)]
fn pick(keep: bool, new: f32, old: f32) -> f32 {
    let m = 0u32.wrapping_sub(keep as u32);
    f32::from_bits((new.to_bits() & m) | (old.to_bits() & !m))
}

/// Each covert move in play may be found out.
fn detection<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
    let r = &db.rules;
    let ver = s.meter(Meter::Verification) / 100.0;
    for i in 0..s.covert.len() {
        let op = s.covert[i];
        if op.detected {
            continue;
        }
        let c = &db.c_cards[op.card as usize];
        let chance = (c.detection + ver * r.detection_per_verification).min(0.95);
        let roll: f32 = s.rng.random();
        let hit = roll < chance;
        if S::ENABLED {
            sink.log(LogEntry::Roll {
                kind: RollKind::Detection {
                    side: op.side,
                    card: op.card,
                },
                chance,
                roll,
                hit,
            });
        }
        if !hit {
            continue;
        }
        s.covert[i].detected = true;
        if S::ENABLED {
            sink.log(LogEntry::Detected {
                side: op.side,
                card: op.card,
            });
        }
        let cause = Cause::Detection {
            side: op.side,
            card: op.card,
        };
        for other in SideId::ALL {
            if other != op.side {
                change(
                    s,
                    sink,
                    MeterRef::Trust(other, op.side),
                    -r.detection_trust,
                    cause,
                    None,
                );
            }
        }
        change(
            s,
            sink,
            MeterRef::Meter(Meter::Tension),
            r.detection_tension,
            cause,
            None,
        );
        let a = Apply {
            actor: op.side,
            target: c.target,
            cause,
            secret: None,
        };
        let fast = c.fast_on_detect.get(a.actor, a.target);
        apply_resolved(db, s, sink, &c.on_detect, fast, a);
        for other in SideId::ALL {
            if other != op.side && s.seated(other) {
                s.turn_signal[op.side.index()][other.index()] += db.derived.cheat_signal;
            }
        }
        for &p in c.violates.iter() {
            violate(db, s, sink, op.side, p, true);
        }
    }
    // Old detected operations are history; keep the list short for the search opponents.
    s.covert.retain(|o| !o.detected);
}

/// `side` breaks provision `p`: every agreement in force that obliges it to keep `p` is broken.
fn violate<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    side: SideId,
    p: ProvIx,
    covert: bool,
) {
    if !db.c_provisions[p as usize].obligations.contains(&side) {
        return;
    }
    let r = &db.rules;
    for i in 0..s.agreements().len() {
        let ag = &s.agreements()[i];
        if ag.status != AgreementStatus::InForce || !ag.provisions.contains(&p) {
            continue;
        }
        let id = ag.id;
        let parties = ag.parties.clone();
        let snapback = ag
            .provisions
            .iter()
            .any(|q| db.c_provisions[*q as usize].snapback);
        let relief = ag.relief_given;
        s.break_agreement(
            i,
            AgreementStatus::Broken {
                turn: s.turn,
                by: side,
            },
        );
        if S::ENABLED {
            sink.log(LogEntry::Violated {
                agreement: id,
                side,
                provision: p,
                covert,
            });
        }
        let cause = Cause::Violation {
            side,
            agreement: id,
        };
        for other in parties {
            if other != side {
                change(
                    s,
                    sink,
                    MeterRef::Trust(other, side),
                    -r.violation_trust,
                    cause,
                    None,
                );
            }
        }
        if snapback && relief > 0.0 {
            change(
                s,
                sink,
                MeterRef::Meter(Meter::Sanctions),
                relief,
                Cause::Snapback { agreement: id },
                None,
            );
        }
    }
}

/// What happens every turn whatever the players do (design §5: doing nothing is not safe).
fn dynamics<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
    let r = &db.rules;
    // Agreements kept.
    for i in 0..s.agreements().len() {
        let ag = &s.agreements()[i];
        if ag.status != AgreementStatus::InForce {
            continue;
        }
        let (id, actor, target) = (ag.id, ag.parties[0], ag.parties.get(1).copied());
        // By index: a provision's effects change the state the agreement lives in.
        for k in 0..ag.provisions.len() {
            let p = s.agreements()[i].provisions[k];
            let a = Apply {
                actor,
                target,
                cause: Cause::Provision {
                    agreement: id,
                    provision: p,
                },
                secret: None,
            };
            let prov = &db.c_provisions[p as usize];
            apply_resolved(db, s, sink, &prov.per_turn, prov.fast_per_turn.as_ref(), a);
        }
    }
    // Lagged effects that fall due.
    // Taken out one at a time, in order, rather than collected into a new list: what they add
    // is due on a later turn (a lag is at least one turn), so none of it is taken here.
    let turn = s.turn;
    while let Some(i) = s.pending.iter().position(|p| p.due <= turn) {
        let p = s.pending.remove(i);
        let a = Apply {
            actor: p.actor,
            target: p.target,
            cause: p.cause,
            secret: p.secret,
        };
        apply_effects(db, s, sink, &p.effects, a);
    }
    // Ramps.
    for i in 0..s.ramps.len() {
        let rp = s.ramps[i];
        change(
            s,
            sink,
            MeterRef::Meter(rp.meter),
            rp.per_turn,
            rp.cause,
            rp.secret,
        );
        s.ramps[i].remaining -= 1;
    }
    s.ramps.retain(|x| x.remaining > 0);

    // Tension drifts toward the scenario's baseline.
    let baseline = db.scenarios[s.scenario as usize].baseline_tension;
    let dt = (baseline - s.tension()) * r.tension_drift;
    change(
        s,
        sink,
        MeterRef::Meter(Meter::Tension),
        dt,
        Cause::Drift,
        None,
    );

    // Trust fades where nothing reinforced it this turn.
    let cs = &db.c_scenarios[s.scenario as usize];
    if S::ENABLED {
        for &(a, b) in cs.pairs.iter() {
            let quiet = s.turn_signal[a.index()][b.index()] == 0.0
                && s.turn_signal[b.index()][a.index()] == 0.0;
            let t = s.trust(a, b);
            if quiet && t > r.trust_rest {
                let d = (r.trust_rest - t) * r.trust_decay;
                change(s, sink, MeterRef::Trust(a, b), d, Cause::TrustDecay, None);
            }
        }
    } else {
        decay_trust_unlogged(s, &cs.pair_mask, r.trust_rest, r.trust_decay);
    }

    // Sanctions erode unless enforced; they bite on the economy.
    let enf = s.meter(Meter::Enforcement) / 100.0;
    change(
        s,
        sink,
        MeterRef::Meter(Meter::Sanctions),
        -r.sanctions_erosion * (1.0 - enf),
        Cause::Erosion,
        None,
    );
    let bite = (r.economy_sanctions_mid - s.meter(Meter::Sanctions)) * r.economy_sanctions;
    change(
        s,
        sink,
        MeterRef::Meter(Meter::Economy),
        bite,
        Cause::SanctionsBite,
        None,
    );

    // Readiness wears down while the big exercises are off.
    let suspended = db
        .derived
        .flag_exercises_suspended
        .is_some_and(|f| s.flag(f));
    let dr = if suspended {
        -r.readiness_decay
    } else if s.meter(Meter::Readiness) < 90.0 {
        r.readiness_recovery
    } else {
        0.0
    };
    change(
        s,
        sink,
        MeterRef::Meter(Meter::Readiness),
        dr,
        Cause::Exercises,
        None,
    );

    // The programme grows unless something stops it.
    if s.seated(SideId::Dprk) {
        let secret = Some(SideId::Dprk);
        let prod = s.prog(ProgrammeField::ProductionKg);
        change(
            s,
            sink,
            MeterRef::Programme(ProgrammeField::FissileKg),
            prod,
            Cause::Growth,
            secret,
        );
        let kg = r.kg_per_warhead;
        // `round`, without its call; at or above 2^23 a float is already whole.
        let x = prod / kg;
        let rounded = if x.abs() < 8_388_608.0 {
            round_i32(x) as f32
        } else {
            x
        };
        let per_turn_cap = rounded.max(1.0);
        let n = (s.prog(ProgrammeField::FissileKg) / kg)
            .floor()
            .min(per_turn_cap);
        if n >= 1.0 {
            change(
                s,
                sink,
                MeterRef::Programme(ProgrammeField::FissileKg),
                -n * kg,
                Cause::Growth,
                secret,
            );
            change(
                s,
                sink,
                MeterRef::Programme(ProgrammeField::Warheads),
                n,
                Cause::Growth,
                secret,
            );
        }
        let frozen = db.derived.flag_icbm_moratorium.is_some_and(|f| s.flag(f));
        if !frozen {
            change(
                s,
                sink,
                MeterRef::Programme(ProgrammeField::IcbmReadiness),
                r.readiness_growth,
                Cause::Growth,
                secret,
            );
        }
    }

    // Domestic support settles back toward the middle.
    for side in SideId::ALL {
        if s.seated(side) {
            let d = (50.0 - s.support(side)) * r.support_drift;
            change(
                s,
                sink,
                MeterRef::Support(side),
                d,
                Cause::SupportDrift,
                None,
            );
        }
    }

    update_estimate(db, s);
}

/// Trust decay with no ledger to write: the same numbers as `change` gives each pair, computed
/// for every cell of the matrix and kept or dropped by `pick`, with no jump on whether the
/// pair was quiet (a coin toss per pair per turn in a playout, once a good part of the turn's
/// mispredicted branches) nor per pair at all. `mask` is set on the seated ordered pairs
/// (`CScenario::pair_mask`), so `change`'s seating test is moot; a zero or non-finite step is
/// dropped as `change` drops it.
fn decay_trust_unlogged(s: &mut GameState, mask: &[bool; 25], rest: f32, k: f32) {
    const N: usize = 5;
    // The pair is quiet when neither side signalled the other: the cell and its transpose.
    // The transpose is laid out as a second flat matrix, so that the loop below is the same few
    // operations on every cell, which the compiler can do four cells at a time.
    let sig = s.turn_signal.as_flattened();
    let mut across = [0.0f32; N * N];
    for a in 0..N {
        for b in 0..N {
            across[a * N + b] = sig[b * N + a];
        }
    }
    let trust = &mut s.nums[TRUST_AT..SUPPORT_AT];
    for i in 0..N * N {
        let old = trust[i];
        let d = (rest - old) * k;
        let new = (old + d).clamp(0.0, 100.0);
        let quiet = (sig[i] == 0.0) & (across[i] == 0.0);
        trust[i] = pick(
            mask[i] & quiet & (old > rest) & (d != 0.0) & d.is_finite(),
            new,
            old,
        );
    }
}

/// The others' picture of the programme closes on the truth as verification rises.
fn update_estimate(db: &ContentDb, s: &mut GameState) {
    let r = &db.rules;
    let ver = s.meter(Meter::Verification) / 100.0;
    let learn = r.estimate_learning * (0.15 + 0.85 * ver);
    let noise_scale = 1.0 - ver;
    let n1: f32 = s.rng.random_range(-1.0..1.0);
    let n2: f32 = s.rng.random_range(-1.0..1.0);
    let (w, rd, pr) = (
        s.prog(ProgrammeField::Warheads),
        s.prog(ProgrammeField::IcbmReadiness),
        s.prog(ProgrammeField::ProductionKg),
    );
    let e = &mut s.estimate;
    e.warheads_mid += (w - e.warheads_mid) * learn + n1 * noise_scale * 0.05 * w.max(4.0);
    e.warheads_mid = e.warheads_mid.max(0.0);
    let half = e.warheads_mid * 0.45 * noise_scale + 1.0;
    e.warheads_low = (e.warheads_mid - half).max(0.0).floor();
    e.warheads_high = (e.warheads_mid + half).ceil();
    e.readiness_mid = (e.readiness_mid + (rd - e.readiness_mid) * learn + n2 * noise_scale * 3.0)
        .clamp(0.0, 100.0);
    e.readiness_band = 3.0 + 20.0 * noise_scale;
    e.production_mid = (e.production_mid + (pr - e.production_mid) * learn).max(0.0);
}

/// Clashes nobody chose: likelier as tension rises (design §5).
fn incidents<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
    let cs = &db.c_scenarios[s.scenario as usize];
    let (draws, base) = (&cs.incident_draws, cs.incident_base);
    // No roll at all when no incident is possible (the weights are never negative, so their
    // sum is positive exactly when one of them is). Incidents this table can never draw were
    // dropped at load time; their weight was zero, so the sums below are unchanged.
    if base <= 0.0 {
        return;
    }
    // Asked event by event, stopping at the first possible incident (usually the first).
    let v = View::of(db, s);
    if !draws.iter().any(|d| draw_weight(&v, d) > 0.0) {
        return;
    }
    let r = &db.rules;
    let logit = logistic((s.tension() - r.incident_centre) / r.incident_scale);
    let roll: f32 = s.rng.random();
    // The damping below is at most 1.5: a roll above that ceiling misses whatever the weights,
    // so a playout (which keeps no log of the chance) need not weigh them. Same roll, same
    // outcome, same stream of random numbers either way.
    if !S::ENABLED && roll >= logit * 1.5 {
        return;
    }
    let table = db.c_scenarios[s.scenario as usize].incident_table.as_ref();
    let mut w = Weights::new();
    let weights = w.fill(&View::of(db, s), draws, table);
    let total: f32 = weights.iter().sum();
    // Content can damp incidents (buffer zones): the chance scales with the weights' damping.
    let chance = logit * (total / base).min(1.5);
    let hit = roll < chance;
    if S::ENABLED {
        sink.log(LogEntry::Roll {
            kind: RollKind::Incident,
            chance,
            roll,
            hit,
        });
    }
    if !hit {
        return;
    }
    let pick: f32 = s.rng.random_range(0.0..total);
    let mut acc = 0.0;
    for (i, w) in weights.iter().enumerate() {
        acc += w;
        if pick < acc || i == weights.len() - 1 {
            let e = draws[i].event;
            if S::ENABLED {
                sink.log(LogEntry::Incident { event: e });
            }
            fire_event(db, s, sink, e, Cause::Incident(e));
            break;
        }
    }
}

/// An event's weight in this turn's draw: zero unless its requirements hold, times every
/// factor whose condition holds. Branch-free on the answers: every requirement is checked and
/// every factor multiplied in (by 1 where its condition fails, which leaves the float exactly
/// as it was), so the turn's draw costs the same whatever the state.
#[inline(always)]
fn draw_weight(v: &View, d: &CDraw) -> f32 {
    let ok = v.all(&d.requires);
    let mut w = d.weight;
    for (c, f) in d.weight_if.iter() {
        w *= if v.holds(c) { *f } else { 1.0 };
    }
    if ok { w } else { 0.0 }
}

/// An event's weight in this turn's draw, as `draw_weight` computes it (for tests and tools).
pub fn event_weight(db: &ContentDb, s: &GameState, d: &CDraw) -> f32 {
    draw_weight(&View::of(db, s), d)
}

/// This turn's weights in the ordinary draw (or, with `incidents`, the incident table), as the
/// draw computes them: from the compiled table where the scenario has one (for tests and tools).
pub fn draw_weights(db: &ContentDb, s: &GameState, incidents: bool) -> Vec<f32> {
    let cs = &db.c_scenarios[s.scenario as usize];
    let (draws, table) = if incidents {
        (&cs.incident_draws, cs.incident_table.as_ref())
    } else {
        (&cs.draws, cs.draw_table.as_ref())
    };
    Weights::new().fill(&View::of(db, s), draws, table).to_vec()
}

/// The weights of a list of events for one draw: on the stack for a deck of up to 64 (every
/// playout draws every turn, so this must not allocate), on the heap beyond.
struct Weights {
    stack: [f32; 64],
    heap: Vec<f32>,
    n: usize,
}

impl Weights {
    fn new() -> Weights {
        Weights {
            stack: [0.0; 64],
            heap: Vec::new(),
            n: 0,
        }
    }

    /// Fills in place (returning the array by value would copy it on every draw): from the
    /// compiled table when there is one (it has a row per draw, at most `MAX_DRAW`), else event
    /// by event.
    fn fill(&mut self, v: &View, draws: &[CDraw], table: Option<&DrawTable>) -> &[f32] {
        self.n = draws.len();
        if let Some(t) = table {
            debug_assert_eq!(t.rows.len(), draws.len());
            let answers = v.answers(&t.atoms);
            for (slot, row) in self.stack.iter_mut().zip(t.rows.iter()) {
                *slot = DrawTable::weight(row, answers);
            }
            return &self.stack[..t.rows.len().min(self.stack.len())];
        }
        if draws.len() > self.stack.len() {
            self.heap.clear();
            self.heap.extend(draws.iter().map(|d| draw_weight(v, d)));
            &self.heap
        } else {
            for (slot, d) in self.stack.iter_mut().zip(draws) {
                *slot = draw_weight(v, d);
            }
            &self.stack[..self.n]
        }
    }
}

/// Applies an event's effects and signals.
pub(crate) fn fire_event<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    e: EventIx,
    cause: Cause,
) {
    let ev = &db.c_events[e as usize];
    let actor = ev.actor.unwrap_or(SideId::Us);
    let a = Apply {
        actor,
        target: None,
        cause,
        secret: None,
    };
    // The actor and target the event's fast form was resolved for.
    apply_resolved(db, s, sink, &ev.effects, ev.fast.as_ref(), a);
    if let Some(from) = ev.actor {
        // Resolved for the event's actor and no target.
        let fast = ev.fast_signals.as_ref();
        emit_all(
            db,
            s,
            sink,
            from,
            None,
            &ev.signals,
            fast,
            Why::Other(cause),
        );
    } else {
        // A signal with no actor (nature, markets) moves tension but carries no reciprocity.
        for sig in ev.signals.iter() {
            let v = sig.value;
            let rr = &db.rules;
            let dt = if v > 0.0 {
                -v * rr.signal_weight * rr.credibility_floor
            } else {
                -v * rr.signal_weight * (1.0 + rr.spiral * s.tension() / 100.0)
            };
            change(s, sink, MeterRef::Meter(Meter::Tension), dt, cause, None);
        }
    }
}

fn resolve_crisis<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
    let r = &db.rules;
    let mut all_firm = true;
    let mut any_firm = false;
    for side in SideId::ALL {
        let Some(choice) = s.crisis[side.index()] else {
            continue;
        };
        if S::ENABLED {
            sink.log(LogEntry::CrisisChoice { side, choice });
        }
        match choice {
            CrisisChoice::BackDown => {
                all_firm = false;
                let cause = Cause::BackDown(side);
                change(
                    s,
                    sink,
                    MeterRef::Meter(Meter::Tension),
                    -r.back_down_tension,
                    cause,
                    None,
                );
                change(
                    s,
                    sink,
                    MeterRef::Support(side),
                    -r.back_down_support,
                    cause,
                    None,
                );
            }
            CrisisChoice::StandFirm => any_firm = true,
        }
    }
    if !all_firm && any_firm {
        // The side that held firm while the other blinked is rewarded at home.
        for side in SideId::ALL {
            if s.crisis[side.index()] == Some(CrisisChoice::StandFirm) {
                change(
                    s,
                    sink,
                    MeterRef::Support(side),
                    r.back_down_support * 0.5,
                    Cause::StandFirm,
                    None,
                );
            }
        }
    }
    let mut war = false;
    if all_firm {
        let chance = logistic((s.tension() - r.war_centre) / r.war_scale);
        let roll: f32 = s.rng.random();
        war = roll < chance;
        if S::ENABLED {
            sink.log(LogEntry::Roll {
                kind: RollKind::War,
                chance,
                roll,
                hit: war,
            });
        }
    }
    end_of_turn(db, s, sink, war);
}

fn end_of_turn<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S, war: bool) {
    super::score::track_objectives(db, s);
    if war {
        s.outcome = Some(Outcome::War);
    }
    let scen = &db.scenarios[s.scenario as usize];
    let outcome = if war {
        if S::ENABLED {
            sink.log(LogEntry::War);
        }
        Some(Outcome::War)
    } else if scen.ends_on_agreement
        && s.agreements().iter().any(|a| {
            a.signed_turn == s.turn
                && a.status == AgreementStatus::InForce
                && a.parties.contains(&SideId::Dprk)
        })
    {
        Some(Outcome::Agreement)
    } else if s.turn >= scen.turns {
        Some(classify(db, s))
    } else {
        None
    };
    if let Some(o) = outcome {
        s.outcome = Some(o);
        s.phase = Phase::Over;
        if S::ENABLED {
            sink.log(LogEntry::GameOver { outcome: o });
        }
    }
    if S::ENABLED {
        sink.turn_end(db, s);
    }
    if outcome.is_none() {
        begin_turn(db, s, sink, s.turn + 1);
    }
}

/// How a game that reached its last turn ended.
/// - agreement: an agreement in force obliges the DPRK;
/// - collapse: tension is at Crisis or above, or US–DPRK talks are broken off;
/// - stalemate: otherwise.
pub fn classify(db: &ContentDb, s: &GameState) -> Outcome {
    let dprk_bound = s.agreements().iter().any(|a| {
        a.status == AgreementStatus::InForce
            && a.provisions.iter().any(|p| {
                db.c_provisions[*p as usize]
                    .obligations
                    .contains(&SideId::Dprk)
            })
    });
    let crisis = db.rung_from("Crisis").unwrap_or(60.0);
    let talks_off = db.derived.flag_talks_suspended.is_some_and(|f| s.flag(f));
    if dprk_bound {
        Outcome::Agreement
    } else if s.tension() >= crisis || talks_off {
        Outcome::Collapse
    } else {
        Outcome::Stalemate
    }
}

fn begin_turn<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S, turn: u16) {
    let r = &db.rules;
    s.turn = turn;
    s.month = s.compute_month(db);
    s.phase = Phase::Planning;
    for (plan, spare) in s.plans.iter_mut().zip(s.spare_plans.iter_mut()) {
        if let Some(mut v) = plan.take() {
            v.clear();
            *spare = v;
        }
    }
    s.clear_offers();
    s.crisis = [None; 5];
    s.crisis_sides = [false; 5];
    s.turn_signal = [[0.0; 5]; 5];
    if let Some(f) = db.derived.flag_exercises_consulted {
        s.flags &= !(1u128 << f);
    }
    if S::ENABLED {
        sink.log(LogEntry::TurnStart {
            turn,
            date: s.date_of(db, turn),
        });
    }
    // Income: support above 50 buys room to manoeuvre, below 50 shrinks it.
    let cs = &db.c_scenarios[s.scenario as usize];
    for side in SideId::ALL {
        let Some(ss) = &cs.sides[side.index()] else {
            continue;
        };
        if turn > 1 {
            let st = s.sides[side.index()];
            let factor = r.support_pc_floor + (1.0 - r.support_pc_floor) * s.support(side) / 50.0;
            let income = round_i32(ss.pc_per_turn as f32 * factor);
            let new_pc = (st.pc + income + st.pc_next).clamp(0, ss.pc_cap as i32);
            let delta = new_pc - st.pc;
            s.sides[side.index()].pc = new_pc;
            s.sides[side.index()].pc_next = 0;
            if S::ENABLED && delta != 0 {
                sink.ledger(super::ledger::LedgerEntry {
                    turn,
                    meter: MeterRef::Pc(side),
                    delta: delta as f32,
                    after: new_pc as f32,
                    cause: Cause::Budget,
                    secret: None,
                });
            }
        }
    }
    // Scheduled events, then the draw.
    for i in 0..cs.scheduled.len() {
        let (t, e) = cs.scheduled[i];
        if t == turn {
            if S::ENABLED {
                sink.log(LogEntry::Event {
                    event: e,
                    scheduled: true,
                });
            }
            fire_event(db, s, sink, e, Cause::Event(e));
        }
    }
    draw_event(db, s, sink);
}

fn draw_event<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
    let cs = &db.c_scenarios[s.scenario as usize];
    let draws = &cs.draws;
    let mut w = Weights::new();
    let weights = w.fill(&View::of(db, s), draws, cs.draw_table.as_ref());
    let mut total = db.rules.quiet_weight.max(0.0);
    for &x in weights {
        total += x;
    }
    if total <= 0.0 {
        return;
    }
    let pick: f32 = s.rng.random_range(0.0..total);
    // Past the last event is the quiet turn.
    if let Some(d) = draws.get(first_past(weights, pick)) {
        let e = d.event;
        if S::ENABLED {
            sink.log(LogEntry::Event {
                event: e,
                scheduled: false,
            });
        }
        fire_event(db, s, sink, e, Cause::Event(e));
    }
}

/// The first of `weights` whose running sum passes `pick` (at least zero), or their count if
/// none does. The weights are never negative, so the running sums never fall: this is the count
/// of sums `pick` reaches, taken with no jump on each (which event a turn draws is a coin
/// toss). A weight of zero is never the one: its sum is the one before it, or zero, which
/// `pick` always reaches.
fn first_past(weights: &[f32], pick: f32) -> usize {
    let mut acc = 0.0;
    let mut reached = 0;
    for &w in weights {
        acc += w;
        reached += (acc <= pick) as usize;
    }
    reached
}

/// The facilitator's hand: fire an event now, outside the draw.
pub fn inject_event<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S, e: EventIx) {
    if S::ENABLED {
        sink.log(LogEntry::Injected { event: e });
    }
    fire_event(db, s, sink, e, Cause::Facilitator);
}

/// The facilitator's hand: set a number, with the change itemised as the facilitator's.
pub fn override_meter<S: Sink>(s: &mut GameState, sink: &mut S, m: MeterRef, value: f32) {
    let current = match m {
        MeterRef::Meter(x) => s.meter(x),
        MeterRef::Trust(a, b) => s.trust(a, b),
        MeterRef::Support(x) => s.support(x),
        MeterRef::Pc(x) => s.sides[x.index()].pc as f32,
        MeterRef::Programme(f) => s.prog(f),
    };
    if let MeterRef::Pc(x) = m {
        let d = value.round() as i32 - s.sides[x.index()].pc;
        s.sides[x.index()].pc += d;
        if S::ENABLED && d != 0 {
            sink.ledger(super::ledger::LedgerEntry {
                turn: s.turn,
                meter: m,
                delta: d as f32,
                after: s.sides[x.index()].pc as f32,
                cause: Cause::Facilitator,
                secret: None,
            });
        }
        let _ = change_pc::<S>;
        return;
    }
    change(s, sink, m, value - current, Cause::Facilitator, None);
}

/// Plays one card on its own, as if resolved this turn with nothing else happening: its effects,
/// its signals (and, for an offer, acceptance). No costs, requirements, reciprocity or dynamics.
/// Used for the card preview in the TUI and for checking the decks' grounding.
pub fn play_alone<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    side: SideId,
    m: &super::moves::Move,
    sink: &mut S,
) {
    let c = &db.c_cards[m.card as usize];
    let target = target_of(db, m);
    let cause = Cause::Card { side, card: m.card };
    // Its signals, by the general path (a preview is read from its log).
    let signal = |s: &mut GameState, sink: &mut S| {
        emit_all(
            db,
            s,
            sink,
            side,
            target,
            &c.signals,
            None,
            Why::Card(m.card),
        );
    };
    match c.kind {
        MoveKind::Unilateral | MoveKind::Covert => {
            let secret = (c.kind == MoveKind::Covert).then_some(side);
            let a = Apply {
                actor: side,
                target,
                cause,
                secret,
            };
            apply_effects(db, s, sink, &c.effects, a);
            if c.kind == MoveKind::Unilateral {
                signal(s, sink);
            }
        }
        MoveKind::Offer => {
            signal(s, sink);
            if let Some(to) = target {
                let package = match &c.package {
                    CPackage::Fixed(p) => p.to_vec(),
                    CPackage::Chosen => m.package.clone(),
                    CPackage::None => Vec::new(),
                };
                let o = Offer {
                    id: 0,
                    from: side,
                    to,
                    card: m.card,
                    package: package.clone(),
                    counter_of: None,
                    cosign_of: None,
                    answer: Some(Response::Accept),
                };
                accept(db, s, sink, &o, &package);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Why, emit_all, first_past};
    use crate::content::{ContentDb, Meter, SideId};
    use crate::engine::ledger::{Cause, Journal, NoSink};
    use crate::engine::state::GameState;

    #[test]
    fn the_draw_picks_the_first_event_past_the_roll() {
        // As the draw used to walk: the first event of positive weight whose running sum is
        // above the roll, or none.
        let walk = |weights: &[f32], pick: f32| {
            let mut acc = 0.0;
            for (i, &w) in weights.iter().enumerate() {
                acc += w;
                if w > 0.0 && pick < acc {
                    return i;
                }
            }
            weights.len()
        };
        let tables: [&[f32]; 5] = [
            &[],
            &[0.0, 0.0],
            &[0.0, 1.0, 0.0, 0.5, 0.0],
            &[0.3, 0.0, 0.1, 2.0],
            &[1e-7, 0.0, 3.0, 0.0, 0.0, 1.5],
        ];
        for weights in tables {
            let total: f32 = weights.iter().sum();
            for k in 0..=400 {
                let pick = total * 1.25 * k as f32 / 400.0;
                assert_eq!(
                    first_past(weights, pick),
                    walk(weights, pick),
                    "{weights:?} {pick}"
                );
            }
            for pick in weights.iter().scan(0.0, |acc, w| {
                *acc += w;
                Some(*acc)
            }) {
                assert_eq!(
                    first_past(weights, pick),
                    walk(weights, pick),
                    "{weights:?} {pick}"
                );
            }
        }
    }

    /// Every card's and actor's event's signals, sent from their fast form with no log, leave
    /// the very tension, trust and turn signals `emit_all` leaves with one: from calm and from
    /// crisis, with trust at its floor, in the middle and at its top.
    #[test]
    fn fast_signals_land_as_the_signals_do() {
        let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
        let mut subjects = Vec::new();
        for (i, c) in db.c_cards.iter().enumerate() {
            let why = Why::Card(i as u16);
            subjects.push((c.side, c.target, &c.signals, &c.fast_signals, why));
        }
        for (i, e) in db.c_events.iter().enumerate() {
            if let (Some(actor), Some(f)) = (e.actor, &e.fast_signals) {
                let why = Why::Other(Cause::Event(i as u16));
                subjects.push((actor, None, &e.signals, f, why));
            }
        }
        let mut cases = 0;
        for (from, target, signals, fast, why) in subjects {
            for tension in [0.0f32, 35.0, 88.0, 100.0] {
                for trust in [0.0f32, 50.0, 100.0] {
                    let fresh = || {
                        let mut s =
                            GameState::new_unstarted(&db, "hanoi-2019", 1).expect("scenario");
                        *s.meter_mut(Meter::Tension) = tension;
                        for a in SideId::ALL {
                            for b in SideId::ALL {
                                // Asymmetric, so that who trusts whom matters.
                                let skew = (a.index() * 5 + b.index()) as f32 * 1.5;
                                *s.trust_mut(a, b) = (trust + skew).min(100.0);
                            }
                        }
                        s
                    };
                    let (mut quiet, mut logged) = (fresh(), fresh());
                    let q = &mut quiet;
                    emit_all(&db, q, &mut NoSink, from, target, signals, Some(fast), why);
                    emit_all(
                        &db,
                        &mut logged,
                        &mut Journal::default(),
                        from,
                        target,
                        signals,
                        None,
                        why,
                    );
                    assert_eq!(
                        format!("{:?} {:?}", quiet.nums, quiet.turn_signal),
                        format!("{:?} {:?}", logged.nums, logged.turn_signal),
                        "{from:?} at {target:?}: {signals:?}, tension {tension}, trust {trust}"
                    );
                    cases += 1;
                }
            }
        }
        assert!(cases >= db.c_cards.len() * 12, "{cases} cases");
    }
}
