//! Factions inside a government (design §10, "people change"): the hawks and the deal-makers.
//! When an offer is settled in the resolution, a faction of either end with the upper hand
//! (its condition, read for its side) may act on it, if it cares about the offer's card or
//! package: pull back its side's own offer or its side's acceptance, or push through an offer
//! its side turned down. Each faction that could act rolls once, in deck order; the first that
//! acts decides. The act is logged with the faction's name and the scenario's reason. It
//! applies to every seat, a person's or a computer's: a government's politics bind both.

use super::*;
use crate::engine::effects::cond_holds;
use crate::engine::ledger::FactionAct;

/// What the factions made of an offer's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    /// The answer stands.
    Stands,
    /// `side` pulled back its offer or its acceptance: no deal, as if `side` had turned it down.
    PulledBack(SideId),
    /// The answering side accepts after all.
    PushedThrough,
}

/// Whether any side of the scenario has a faction (else no offer needs a look).
pub(super) fn any_factions(db: &ContentDb, s: &GameState) -> bool {
    db.compiled_scenarios[s.scenario as usize]
        .sides
        .iter()
        .flatten()
        .any(|x| !x.factions.is_empty())
}

/// The factions' verdict on original offer `o`, accepted (with `package`, its own or the
/// counter's) or not.
pub(super) fn judge<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    o: &Offer,
    package: &[ProvIx],
    accepted: bool,
) -> Verdict {
    if accepted {
        for (side, act) in [
            (o.from, FactionAct::PullsBackOffer),
            (o.to, FactionAct::PullsBackAcceptance),
        ] {
            if let Some(k) = acting(db, s, side, true, o.card, package) {
                log_act(db, s, sink, side, k, act, o);
                return Verdict::PulledBack(side);
            }
        }
    } else if let Some(k) = acting(db, s, o.to, false, o.card, &o.package) {
        log_act(db, s, sink, o.to, k, FactionAct::PushesThrough, o);
        return Verdict::PushedThrough;
    }
    Verdict::Stands
}

/// The first of `side`'s factions that cares about the offer, has the upper hand and wins its
/// roll.
fn acting(
    db: &ContentDb,
    s: &mut GameState,
    side: SideId,
    pull: bool,
    card: CardIx,
    package: &[ProvIx],
) -> Option<usize> {
    let ss = db.compiled_scenarios[s.scenario as usize].sides[side.index()].as_ref()?;
    for (k, f) in ss.factions.iter().enumerate() {
        if !f.cares(pull, card, package) || !cond_holds(db, s, &f.upper_hand, side, None) {
            continue;
        }
        let roll: f32 = s.rng.random();
        if roll < f.chance {
            return Some(k);
        }
    }
    None
}

fn log_act<S: Sink>(
    db: &ContentDb,
    s: &GameState,
    sink: &mut S,
    side: SideId,
    k: usize,
    act: FactionAct,
    o: &Offer,
) {
    if !S::ENABLED {
        return;
    }
    let f = db.scenarios[s.scenario as usize]
        .sides
        .iter()
        .find(|x| x.side == side)
        .and_then(|x| x.factions.get(k));
    let (name, reason) = f.map_or((String::new(), String::new()), |f| {
        (f.name.clone(), f.reason.clone())
    });
    sink.log(LogEntry::Faction {
        side,
        name,
        act,
        offer: o.id,
        card: o.card,
        reason,
    });
}
