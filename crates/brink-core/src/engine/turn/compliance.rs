//! Step 4, after covert detection: compliance. Every side an agreement in force obliges keeps
//! or breaks each provision that costs it, by what keeping is worth to it now (design §10,
//! "Compliance each turn"): an open breach is a violation like any other, with its reason in
//! the log (the roll names both worths) and its cause in the ledger.

use super::*;

/// What keeping provision `p` of agreement `i` is worth to `side` now, and what breaking it
/// promises, in the provisions' value points.
fn worths(db: &ContentDb, s: &GameState, i: usize, p: ProvIx, side: SideId) -> (f32, f32) {
    let ag = &s.agreements()[i];
    // What the rest of the deal gives it, worth more to an economy in need (the DPRK's).
    let deal: f32 = ag
        .provisions
        .iter()
        .filter(|&&q| q != p)
        .map(|&q| db.compiled_provisions[q as usize].value[side.index()].max(0.0))
        .sum();
    let need = if side == SideId::Dprk {
        ((50.0 - s.meter(Meter::Economy)) / 50.0).clamp(0.0, 1.0)
    } else {
        0.0
    };
    // Its trust in the other parties: whether it expects them to keep their side.
    let (mut trust, mut n) = (0.0, 0.0);
    let mut hostility = 0.0;
    for &other in ag.parties.iter() {
        if other != side {
            trust += s.trust(side, other);
            n += 1.0;
            // What the others did to it this turn: hostility answered by walking away.
            hostility += (-s.turn_signal[other.index()][side.index()]).max(0.0);
        }
    }
    let trust = if n > 0.0 { trust / n } else { 50.0 };
    let keep = deal * (1.0 + need) + trust / 20.0;
    let cost = (-db.compiled_provisions[p as usize].value[side.index()]).max(0.0);
    let r = &db.rules;
    // Politics at home: a government short of support pays more to keep what costs it (the
    // Republican Congress of 1995-98 cut and delayed the fuel oil's funding; the North's
    // hard-liners after a humiliation).
    let weak = if r.breach_support_at > 0.0 {
        ((r.breach_support_at - s.support(side)) / r.breach_support_at).clamp(0.0, 1.0)
    } else {
        0.0
    };
    // What the others are doing: a party that broke a deal with this side lately is answered
    // in kind (December 2002: the fuel oil stopped over the enrichment charge, and the North
    // restarted Yongbyon).
    let answered = s.agreements().iter().any(|a| match a.status {
        AgreementStatus::Broken { turn, by } => {
            by != side
                && a.parties.contains(&side)
                && s.turn.saturating_sub(turn) <= u16::from(r.breach_memory)
        }
        AgreementStatus::InForce => false,
    });
    let answer = if answered { r.breach_answer } else { 0.0 };
    let gain = cost * (1.0 + weak) + 0.5 * hostility + answer;
    (keep, gain)
}

/// The compliance rolls, agreement by agreement in the order signed, provision by provision,
/// side by side in the fixed order. Agreements signed this turn are not yet put to the test.
pub(super) fn compliance<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
    let r = &db.rules;
    if r.breach_max <= 0.0 {
        return;
    }
    let mut i = 0;
    while i < s.agreements().len() {
        let ag = &s.agreements()[i];
        if ag.status != AgreementStatus::InForce || ag.signed_turn >= s.turn {
            i += 1;
            continue;
        }
        let n = ag.provisions.len();
        for k in 0..n {
            let ag = &s.agreements()[i];
            if ag.status != AgreementStatus::InForce {
                break;
            }
            let p = ag.provisions[k];
            let prov = &db.compiled_provisions[p as usize];
            for side in SideId::ALL {
                let obliged = prov.obliges >> side.index() & 1 != 0;
                // Only what costs a side tempts it to break.
                if !obliged || !s.seated(side) || prov.value[side.index()] >= 0.0 {
                    continue;
                }
                let (keep, gain) = worths(db, s, i, p, side);
                let x = (gain - keep) / r.breach_scale.max(0.01);
                let roll: f32 = s.rng.random();
                // With no log to write, a roll above the curve's ceiling is a keep without the
                // curve's `exp` (the same outcome: the ceiling is never below the curve).
                if !S::ENABLED && roll >= r.breach_max * logistic_ceiling(x) {
                    continue;
                }
                let chance = r.breach_max * logistic(x);
                let hit = roll < chance;
                if S::ENABLED {
                    sink.log(LogEntry::Roll {
                        kind: RollKind::Compliance {
                            side,
                            provision: p,
                            keep: (keep * 10.0).round().clamp(-32000.0, 32000.0) as i16,
                            gain: (gain * 10.0).round().clamp(-32000.0, 32000.0) as i16,
                        },
                        chance,
                        roll,
                        hit,
                    });
                }
                if hit {
                    violate(db, s, sink, side, p, false);
                    break;
                }
            }
        }
        i += 1;
    }
}
