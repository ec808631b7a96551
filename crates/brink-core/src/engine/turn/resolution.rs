//! Step 4, the resolution: moves in side order, then reciprocity, covert detection and violations.

use super::*;
use crate::engine::effects::resist;

/// Resolution, dynamics, and on to the brink or the end check.
pub(super) fn resolve<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
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
            .map(|m| db.compiled_cards[m.card as usize].cost as i32)
            .sum();
        for m in plan {
            s.ready_turn[m.card as usize] =
                s.turn + 1 + db.compiled_cards[m.card as usize].cooldown as u16;
        }
        if cost > 0 {
            s.sides[side.index()].pc -= cost;
            if S::ENABLED {
                sink.ledger(crate::engine::ledger::LedgerEntry {
                    turn: s.turn,
                    meter: MeterRef::Pc(side),
                    delta: -(cost as f32),
                    after: s.sides[side.index()].pc as f32,
                    cause: Cause::Budget,
                    secret: None,
                    pushed: None,
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
            let c = &db.compiled_cards[card as usize];
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
    let factions = any_factions(db, s);
    // Pairs that held a round of talks this turn (bit 5a + b, a < b), counted after the
    // answers so that a package accepted this turn reads only the rounds held before it.
    let mut talked = 0u32;
    for o in offers
        .iter()
        .filter(|o| o.counter_of.is_none() && o.cosign_of.is_none())
    {
        if matches!(
            o.answer,
            Some(Response::Accept) | Some(Response::Counter(_))
        ) {
            let (a, b) = (
                o.from.index().min(o.to.index()),
                o.from.index().max(o.to.index()),
            );
            talked |= 1 << (5 * a + b);
        }
        // What the answers came to: accepted with a package (the offer's or its counter's),
        // or turned down by a side.
        let settled: Result<&[ProvIx], (&Offer, SideId)> = match &o.answer {
            Some(Response::Accept) => match cosign_refused(&offers, o.id) {
                None => Ok(&o.package),
                Some(x) => Err((o, x)),
            },
            Some(Response::Counter(_)) => {
                match offers
                    .iter()
                    .find(|c| c.counter_of == Some(o.id) && c.cosign_of.is_none())
                {
                    Some(c) => match (c.answer.as_ref(), cosign_refused(&offers, c.id)) {
                        (Some(Response::Accept), None) => Ok(&c.package),
                        // Refused by a side the counter would bind: its rebuff goes to the
                        // counter's author.
                        (Some(Response::Accept), Some(x)) => Err((c, x)),
                        _ => Err((o, o.from)),
                    },
                    None => continue,
                }
            }
            _ => Err((o, o.to)),
        };
        // A faction with the upper hand can overrule the answer (`factions`); a refusal to
        // co-sign binds a third side, which no faction of the two ends can overrule.
        let verdict = match settled {
            _ if !factions => Verdict::Stands,
            Ok(package) => judge(db, s, sink, o, package, true),
            Err((_, by)) if by == o.from || by == o.to => judge(db, s, sink, o, &[], false),
            Err(_) => Verdict::Stands,
        };
        match (settled, verdict) {
            (Ok(package), Verdict::Stands) => accept(db, s, sink, o, package),
            (Ok(_), Verdict::PulledBack(side)) => reject(db, s, sink, o, side),
            (Err(_), Verdict::PushedThrough) => accept(db, s, sink, o, &o.package),
            (Err((x, by)), _) => reject(db, s, sink, x, by),
            (Ok(package), Verdict::PushedThrough) => accept(db, s, sink, o, package),
        }
    }
    s.offers = offers;
    while talked != 0 {
        let bit = talked.trailing_zeros() as usize;
        talked &= talked - 1;
        let (a, b) = (bit / 5, bit % 5);
        s.talks[a][b] = s.talks[a][b].saturating_add(1);
        s.talks[b][a] = s.talks[a][b];
    }

    reciprocity(db, s, sink);
    detection(db, s, sink);
    compliance(db, s, sink);
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
            // The month a long crisis changes someone's line gets a line of its own, so the
            // log says when minds wore down, not only the choices that follow.
            if crate::engine::minds::wears_down(db, s.crises) {
                sink.log(LogEntry::WornDown { months: s.crises });
            }
        }
        let _ = r;
        return;
    }
    // No crisis this month: a run of standoffs is over.
    s.standoffs = 0;
    end_of_turn(db, s, sink, false);
}

/// Trust follows what both sides of each pair did this turn (design §5, reciprocity).
pub(super) fn reciprocity<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
    let r = &db.rules;
    let thr = r.signal_threshold;
    let cs = &db.compiled_scenarios[s.scenario as usize];
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
/// its order. Only a pair that both sides signalled past the threshold gets past its first test
/// (about one a turn), and only the cells that pair's signals change are worked out: a change
/// near a meter's end costs an `exp`, too dear to compute and then throw away. The pairs are
/// seated, so `change`'s seating tests are moot, and a zero or non-finite step is dropped as
/// `change` drops it. With a non-negative threshold a side's signal is cooperative or hostile,
/// never both, so each trust cell takes at most one change here, as it does there.
pub(super) fn reciprocity_unlogged(s: &mut GameState, pairs: &[(SideId, SideId)], r: &Rules) {
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
        // instead of the four flags below.
        if !((sa.abs() > thr) & (sb.abs() > thr)) {
            continue;
        }
        let (ca, ha) = (sa > thr, sa < -thr);
        let (cb, hb) = (sb > thr, sb < -thr);
        let mutual = ca & cb & bonus_ok;
        let (suck_a, suck_b) = (ca & hb & sucker_ok, cb & ha & sucker_ok);
        let spiked = ha & hb & spike_ok;
        let [tension_band, band] = s.resist_band;
        for (x, y, suck) in [(a, b, suck_a), (b, a, suck_b)] {
            if mutual | suck {
                let trust = s.trust_mut(x, y);
                let d = if mutual { bonus } else { sucker };
                *trust = resist(*trust, d, band);
            }
            if suck & support_ok {
                let sup = s.support_mut(x);
                *sup = resist(*sup, support, band);
            }
        }
        if spiked {
            let old = s.tension();
            *s.meter_mut(Meter::Tension) = resist(old, spike, tension_band);
        }
    }
}

/// `new` if `keep`, else `old`, by their bits: no jump, and every float exactly one or the
/// other (`old + m * (new - old)` would round).
#[inline(always)]
pub(super) fn pick(keep: bool, new: f32, old: f32) -> f32 {
    let m = 0u32.wrapping_sub(keep as u32);
    f32::from_bits((new.to_bits() & m) | (old.to_bits() & !m))
}

/// Each covert move in play may be found out.
pub(super) fn detection<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
    let r = &db.rules;
    let ver = s.meter(Meter::Verification) / 100.0;
    for i in 0..s.covert.len() {
        let op = s.covert[i];
        if op.detected {
            continue;
        }
        let c = &db.compiled_cards[op.card as usize];
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
// `iter().any` in place of `contains`, which is compiled out of line (a call per test).
#[allow(clippy::manual_contains)]
pub(super) fn violate<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    side: SideId,
    p: ProvIx,
    covert: bool,
) {
    if !db.compiled_provisions[p as usize]
        .obligations
        .iter()
        .any(|&o| o == side)
    {
        return;
    }
    let r = &db.rules;
    let mut broke = None;
    for i in 0..s.agreements().len() {
        let ag = &s.agreements()[i];
        if ag.status != AgreementStatus::InForce || !ag.provisions.iter().any(|&q| q == p) {
            continue;
        }
        let parties = ag.parties.clone();
        let (id, relief) = break_logged(db, s, sink, i, side, p, covert);
        broke.get_or_insert(id);
        let cause = Cause::Violation {
            side,
            agreement: id,
        };
        for other in parties {
            if other != side && r.breach_resets_talks {
                // The talks end with the deal: a new one takes new rounds (after December
                // 2002, three years to the joint statement of 2005; after April 2009, four
                // rounds to the Leap Day deal of 2012).
                s.talks[side.index()][other.index()] = 0;
                s.talks[other.index()][side.index()] = 0;
            }
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
        snap_back(s, sink, id, relief);
    }
    if let Some(id) = broke
        && r.breach_ends_deals
    {
        end_the_deal(db, s, sink, side, p, id, covert);
    }
    if broke.is_some() {
        lapse_pledges(
            db,
            s,
            sink,
            side,
            db.compiled_provisions[p as usize].freezes,
        );
    }
    // What breaking it undoes (a moratorium's flag), once however many agreements held it.
    let prov = &db.compiled_provisions[p as usize];
    if let Some(id) = broke
        && !prov.on_break.is_empty()
    {
        let a = Apply {
            actor: side,
            target: None,
            cause: Cause::Violation {
                side,
                agreement: id,
            },
            secret: None,
        };
        apply_effects(db, s, sink, &prov.on_break, a);
    }
}

/// A side that breaks a signed freeze of `plants` (a bit per facility) has restarted them in
/// breach of a deal: its pledges in principle to freeze any of them lapse (in 2002 the
/// North's restart of Yongbyon ended the Agreed Framework's freeze and every word before it).
/// A pledge that freezes other plants too lapses whole: what was pledged was one package.
fn lapse_pledges<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    side: SideId,
    plants: u16,
) {
    if plants == 0 {
        return;
    }
    for i in 0..s.agreements().len() {
        let a = &s.agreements()[i];
        let pledged = a
            .in_principle
            .iter()
            .any(|&q| db.compiled_provisions[q as usize].freezes & plants != 0);
        if a.status == AgreementStatus::InForce
            && a.pledge_lapsed.is_none()
            && a.parties.contains(&side)
            && pledged
        {
            s.lapse_pledge(i, s.turn);
            if S::ENABLED {
                sink.log(LogEntry::PledgeLapsed {
                    agreement: i as u16,
                    side,
                });
            }
        }
    }
}

/// Breaks agreement `i` as `side`'s breach of provision `p`, logged. Returns the agreement's id
/// and the relief its snapback takes back (0 without a snapback provision).
fn break_logged<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    i: usize,
    side: SideId,
    p: ProvIx,
    covert: bool,
) -> (u16, f32) {
    let ag = &s.agreements()[i];
    let id = ag.id;
    let snapback = ag
        .provisions
        .iter()
        .any(|q| db.compiled_provisions[*q as usize].snapback);
    let relief = if snapback { ag.relief_given } else { 0.0 };
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
    (id, relief)
}

/// Puts back the sanctions an agreement's relief took off, when it is broken.
fn snap_back<S: Sink>(s: &mut GameState, sink: &mut S, agreement: u16, relief: f32) {
    if relief > 0.0 {
        change(
            s,
            sink,
            MeterRef::Meter(Meter::Sanctions),
            relief,
            Cause::Snapback { agreement },
            None,
        );
    }
}

/// A breach ends the deal, not one paper of it (`Rules::breach_ends_deals`): the other
/// agreements (not statements) that bind the breaker to a party it wronged fall with the one
/// broken, each logged as broken by the same provision and snapping back its relief; what they
/// held and nothing else holds any more stops (their `on_break`). The agreements a game signs
/// between two sides are the rounds of one negotiation: when the North was charged with
/// enrichment in October 2002, the Agreed Framework's fuel oil, the reactors and the 1992
/// North-South declaration went down together [K; brief §2.1].
fn end_the_deal<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    side: SideId,
    p: ProvIx,
    first: u16,
    covert: bool,
) {
    let wronged: u8 = s
        .agreements()
        .iter()
        .filter(|a| {
            matches!(a.status, AgreementStatus::Broken { turn, by } if turn == s.turn && by == side)
                && a.provisions.contains(&p)
        })
        .flat_map(|a| a.parties.iter())
        .filter(|&&x| x != side)
        .fold(0u8, |m, x| m | 1 << x.index());
    let mut undone: Vec<ProvIx> = Vec::new();
    for i in 0..s.agreements().len() {
        let ag = &s.agreements()[i];
        let tied = ag.status == AgreementStatus::InForce
            && ag.kind == AgreementKind::Agreement
            && ag.parties.contains(&side)
            && ag.parties.iter().any(|x| wronged >> x.index() & 1 != 0);
        if !tied {
            continue;
        }
        undone.extend(ag.provisions.iter().copied());
        let (id, relief) = break_logged(db, s, sink, i, side, p, covert);
        snap_back(s, sink, id, relief);
    }
    // What the fallen agreements' provisions undo when the breaker no longer keeps them, once
    // each, and only where no agreement in force still holds them.
    undone.sort_unstable();
    undone.dedup();
    for q in undone {
        let prov = &db.compiled_provisions[q as usize];
        if q == p
            || prov.on_break.is_empty()
            || !prov.obligations.contains(&side)
            || s.provision_in_force(q)
        {
            continue;
        }
        let a = Apply {
            actor: side,
            target: None,
            cause: Cause::Violation {
                side,
                agreement: first,
            },
            secret: None,
        };
        apply_effects(db, s, sink, &prov.on_break, a);
    }
}
