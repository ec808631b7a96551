//! Signals turned into tension (design §5): credibility for cooperative ones, the spiral for hostile ones.

use super::*;

/// What a signal is attributed to in the ledger.
#[derive(Debug, Clone, Copy)]
pub(super) enum Why {
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
pub(super) fn emit<S: Sink>(
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
    let allies = from.in_alliance() && to.in_alliance();
    let pair = if allies { r.ally_signal_share } else { 1.0 };
    let (mut signal_cause, mut spiral_cause) = match why {
        Why::Card(card) => (
            Cause::Signal { side: from, card },
            Cause::Spiral { side: from, card },
        ),
        Why::Other(c) => (c, c),
    };
    // A card's signal may be misread; an event's or an incident's is no one's to misread.
    let value = match why {
        Why::Card(card) => {
            let (read, chance) = perceive(r, s, from, to, value, allies);
            if read != value {
                let cause = Cause::Misread {
                    side: to,
                    from,
                    card,
                };
                (signal_cause, spiral_cause) = (cause, cause);
                if S::ENABLED {
                    sink.log(LogEntry::Misread {
                        side: to,
                        from,
                        card,
                        sent: value,
                        read_as: read,
                        chance,
                    });
                }
            }
            read
        }
        Why::Other(_) => value,
    };
    s.turn_signal[from.index()][to.index()] += value;
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

/// A card's signal `value` from `from` as `to` reads it, and the chance it had of being
/// misread (design §10, "the chance that matters"). Between sides that are not allies it is
/// misread with chance `misread_max × (1 − trust/100)²`, `to`'s trust in `from`: a gesture is
/// taken for a ploy (a hostile signal `misread_weight` its size), a threat for worse (`1 +
/// misread_weight` times). One roll of the game's generator for each such signal; none
/// between allies or when misreadings are off, so their games draw as they did.
#[inline]
pub(super) fn perceive(
    r: &Rules,
    s: &mut GameState,
    from: SideId,
    to: SideId,
    value: f32,
    allies: bool,
) -> (f32, f32) {
    if allies || r.misread_max <= 0.0 {
        return (value, 0.0);
    }
    let distrust = 1.0 - (s.trust(to, from) / 100.0).clamp(0.0, 1.0);
    let chance = r.misread_max * distrust * distrust;
    let roll: f32 = s.rng.random();
    if roll >= chance {
        return (value, chance);
    }
    let read = if value > 0.0 {
        -value * r.misread_weight
    } else {
        value * (1.0 + r.misread_weight)
    };
    (read, chance)
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
pub(super) fn emit_all<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    from: SideId,
    target: Option<SideId>,
    signals: &[CompiledSignal],
    fast: Option<&FastSignals>,
    why: Why,
) {
    if let Some(f) = fast
        && !S::ENABLED
        && s.seated_mask() == ALL_SEATED
    {
        return emit_fast(db, s, from, f, matches!(why, Why::Card(_)));
    }
    emit_each(db, s, sink, from, target, signals, why);
}

/// `emit_all` signal by signal, through `emit`.
#[inline(never)]
pub(super) fn emit_each<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    from: SideId,
    target: Option<SideId>,
    signals: &[CompiledSignal],
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
pub(super) const ALL_SEATED: u8 = (1 << SideId::ALL.len()) - 1;

/// `emit` for each entry of `f`, with no log: the same sums in the same order, so the very
/// numbers `emit_all` leaves when every side is seated.
///
/// `card`: the signals are a card's, which can be misread (an event's cannot, as in `emit`).
pub(super) fn emit_fast(
    db: &ContentDb,
    s: &mut GameState,
    from: SideId,
    f: &FastSignals,
    card: bool,
) {
    let r = &db.rules;
    // As `change` adds to tension: a zero or non-finite step dropped, the sum resisted near the
    // ends and clamped.
    let add = |s: &mut GameState, d: f32| {
        if d != 0.0 && d.is_finite() {
            let band = s.resist_band[0];
            let t = s.meter_mut(Meter::Tension);
            *t = super::super::effects::resist(*t, d, band);
        }
    };
    for &(to, value, share, allies) in f.to.iter() {
        let to = SideId::ALL[to as usize % SideId::ALL.len()];
        // As `emit` reads a card's signal: the same roll, in the same order.
        let (value, _) = perceive(r, s, from, to, value, allies || !card);
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
