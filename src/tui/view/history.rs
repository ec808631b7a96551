//! The whole game looked back on: its turning points (the biggest pushes on the debrief's
//! meters) and the series the charts draw. Apart from the per-turn telling because it reads
//! every turn at once.

use crate::content::{ContentDb, Meter, SideId};
use crate::engine::history::Snapshot;
use crate::engine::text::cause_text;
use crate::engine::{Cause, GameState, LedgerEntry, MeterRef};

/// The biggest single pushes of the game on the meters the debrief is about, oldest first:
/// (turn, meter, total change, cause).
pub fn turning_points(
    db: &ContentDb,
    ledger: &[LedgerEntry],
    n: usize,
) -> Vec<(u16, MeterRef, f32, String)> {
    let key_meters = [
        MeterRef::Meter(Meter::Tension),
        MeterRef::Trust(SideId::Us, SideId::Dprk),
        MeterRef::Trust(SideId::Dprk, SideId::Us),
        MeterRef::Meter(Meter::Sanctions),
        MeterRef::Meter(Meter::Verification),
    ];
    let background = |c: &Cause| {
        matches!(
            c,
            Cause::Drift
                | Cause::TrustDecay
                | Cause::Erosion
                | Cause::SanctionsBite
                | Cause::Exercises
                | Cause::Growth
                | Cause::SupportDrift
                | Cause::Budget
        )
    };
    let mut groups: Vec<(u16, MeterRef, f32, String)> = Vec::new();
    for e in ledger {
        if !key_meters.contains(&e.meter) || background(&e.cause) {
            continue;
        }
        // Signal and spiral of one card are one push.
        let c = match e.cause {
            Cause::Spiral { side, card } => Cause::Signal { side, card },
            other => other,
        };
        // A signal reads as the move ("DPRK ICBM test"), or as the answer to an offer the side
        // took ("US agreeing to …"), as the ledger words it, without the "(signal)".
        let text = match c {
            Cause::Signal { side, card } => crate::engine::text::move_or_answer(db, side, card),
            other => cause_text(db, &other),
        };
        match groups
            .iter_mut()
            .find(|g| g.0 == e.turn && g.1 == e.meter && g.3 == text)
        {
            Some(g) => g.2 += e.delta,
            None => groups.push((e.turn, e.meter, e.delta, text)),
        }
    }
    groups.sort_by(|a, b| b.2.abs().total_cmp(&a.2.abs()).then(a.0.cmp(&b.0)));
    groups.truncate(n);
    groups.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.abs().total_cmp(&a.2.abs())));
    groups
}

/// History series for the charts: (name, one value per snapshot).
/// Adds the state now to the end of each of `series`'s lines (in `series`'s order).
pub fn push_now(series: &mut [(&'static str, Vec<f64>)], s: &GameState) {
    let now = [
        s.tension(),
        s.trust(SideId::Us, SideId::Dprk),
        s.trust(SideId::Dprk, SideId::Us),
        s.alliance_cohesion(),
    ];
    for ((_, line), v) in series.iter_mut().zip(now) {
        line.push(v as f64);
    }
}

pub fn series(snaps: &[Snapshot]) -> Vec<(&'static str, Vec<f64>)> {
    let tension = snaps.iter().map(|s| s.tension() as f64).collect();
    let us_dprk = snaps
        .iter()
        .map(|s| s.trust(SideId::Us, SideId::Dprk) as f64)
        .collect();
    let dprk_us = snaps
        .iter()
        .map(|s| s.trust(SideId::Dprk, SideId::Us) as f64)
        .collect();
    let cohesion = snaps.iter().map(|s| s.alliance_cohesion() as f64).collect();
    vec![
        ("tension", tension),
        ("trust US→DPRK", us_dprk),
        ("trust DPRK→US", dprk_us),
        ("alliance cohesion", cohesion),
    ]
}

#[cfg(test)]
mod tests {
    use super::turning_points;
    use crate::content::{ContentDb, Meter, SideId};
    use crate::engine::ledger::LedgerEntry;
    use crate::engine::{Cause, MeterRef};

    /// A swing caused by a side's answer to an offer reads as that answer, not as if the side
    /// had made the offer itself.
    #[test]
    fn a_turning_point_names_who_agreed_to_an_offer() {
        let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
        let card = db.card_ix("china-freeze-for-freeze").expect("card");
        let entry = |side: SideId, delta: f32| LedgerEntry {
            turn: 1,
            meter: MeterRef::Meter(Meter::Tension),
            delta,
            after: 50.0,
            cause: Cause::Signal { side, card },
            secret: None,
            pushed: None,
        };
        let pts = turning_points(
            &db,
            &[entry(SideId::China, -5.0), entry(SideId::Us, -4.0)],
            8,
        );
        let texts: Vec<&str> = pts.iter().map(|p| p.3.as_str()).collect();
        assert!(
            texts.contains(&"China: Propose ‘suspension for suspension’"),
            "{texts:?}"
        );
        assert!(
            texts.contains(&"US agreeing to \"Propose ‘suspension for suspension’\""),
            "{texts:?}"
        );
    }
}
