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
                    let mut s = GameState::new_unstarted(&db, "hanoi-2019", 1).expect("scenario");
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
