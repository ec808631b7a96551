//! The programme's month (part of step 5, the dynamics; design §10, "The programme"): each
//! facility nothing stops makes its material, reprocessing turns spent fuel into plutonium,
//! warheads are assembled from the stock at a limited rate, and the provisions in force freeze
//! facilities, take them apart, cap counts and ship stocks out.
//!
//! Everything is fixed arrays and bit sets indexed by facility (`state::Sites`): no allocation,
//! a loop over at most `MAX_FACILITIES` facilities, most of them absent in a scenario.

use super::*;
use crate::content::check::PROGRAMME_AT;
use crate::content::{FacIx, MAX_FACILITIES, PROGRAMME_FIELDS};
use crate::engine::maths::floor;

/// What the provisions in force do to the programme this turn.
#[derive(Default)]
struct Stops {
    frozen: u16,
    dismantled: u16,
    /// Bit `ProgrammeField::index()`: a cap holds it.
    capped: u16,
    /// Provisions in force that ship stocks out and have not yet done so.
    ship: u128,
}

fn stops(db: &ContentDb, s: &GameState) -> Stops {
    let mut st = Stops::default();
    let take = |p: usize, st: &mut Stops| {
        let cp = &db.compiled_provisions[p];
        st.frozen |= cp.freezes;
        st.dismantled |= cp.dismantles;
        st.capped |= cp.caps;
        if cp.ships_out != 0 && p < 128 && s.sites.shipped >> p & 1 == 0 {
            st.ship |= 1u128 << p;
        }
    };
    let mut m = s.provisions_in_force() & db.derived.programme_provisions;
    while m != 0 {
        let p = m.trailing_zeros() as usize;
        take(p, &mut st);
        m &= m - 1;
    }
    // A freeze agreed in principle is kept as a pledge while the talks go on: from Carter's
    // visit in June 1994 Kim Il Sung kept Yongbyon frozen, the rods unreprocessed, until the
    // Agreed Framework made it binding (brief §2.1). It stops its plants and nothing more; if
    // the talks are broken off, the pledge lapses and the plants restart. So it does if the
    // pledger breaks a signed freeze of the same plants (`Agreement::pledge_lapsed`).
    let talking = db.derived.flag_talks_under_way.is_some_and(|f| s.flag(f))
        && !db.derived.flag_talks_suspended.is_some_and(|f| s.flag(f));
    if talking {
        for a in s.agreements() {
            if a.status == AgreementStatus::InForce && a.pledge_lapsed.is_none() {
                for &p in &a.in_principle {
                    st.frozen |= db.compiled_provisions[p as usize].freezes;
                }
            }
        }
    }
    if db.derived.programme_provisions_beyond {
        for a in s.agreements() {
            if a.status == AgreementStatus::InForce {
                for &p in &a.provisions {
                    if p as usize >= 128 && db.compiled_provisions[p as usize].touches_programme() {
                        take(p as usize, &mut st);
                    }
                }
            }
        }
    }
    st
}

/// The turns a facility needs to run again after `months` stopped.
fn turns_for(months: f32, turn_months: f32) -> u16 {
    (months / turn_months.max(1.0)).ceil().clamp(0.0, 1000.0) as u16
}

/// One programme step: the turn's `month`-th scenario turn (from 0; a month in every shipped
/// scenario). The first starts the facilities' output of the turn (`Sites::made`) again from
/// nothing.
pub(super) fn advance<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S, month: u16) {
    let first = month == 0;
    // The scenario turn this step is, for the outages drawn by it (`Sites::idle`).
    let step = u32::from(s.scenario_turn) + u32::from(month);
    let cp = &db.compiled_scenarios[s.scenario as usize].programme;
    let r = &db.rules;
    let st = stops(db, s);

    // Caps: a count is held at its level on the turn its cap came into force.
    for f in 0..PROGRAMME_FIELDS {
        let cap = &mut s.sites.cap[f];
        if st.capped >> f & 1 == 0 {
            *cap = f32::INFINITY;
        } else if *cap == f32::INFINITY {
            *cap = s.nums[PROGRAMME_AT + f];
        }
    }

    // Stocks shipped out, once each.
    if st.ship != 0 {
        ship_out(db, s, sink, st.ship);
    }

    if first {
        s.sites.made = [0.0; MAX_FACILITIES];
    }
    let turn = s.turn;
    let mut made_fissile = 0.0f32;
    let mut known_made = 0.0f32;
    let mut running = 0u16;
    if cp.present == 0 {
        // A scenario without facilities: its one figure of production, as plutonium.
        made_fissile = cp.legacy_production;
        add(
            s,
            sink,
            ProgrammeField::PlutoniumKg,
            made_fissile,
            Cause::Growth,
        );
        known_made = made_fissile;
    } else {
        let stopped = st.frozen | st.dismantled;
        // Worked out only on a turn that stops a facility (most turns stop none).
        let restart_turns = || {
            (
                turns_for(r.frozen_restart_months, cp.turn_months),
                turns_for(r.dismantled_restart_months, cp.turn_months),
            )
        };
        let mut left = s.sites.present;
        while left != 0 {
            let f = left.trailing_zeros() as usize;
            left &= left - 1;
            let bit = 1u16 << f;
            if stopped & bit != 0 {
                // Work stops: building pauses, and a plant that ran needs time to restart.
                let (frozen_turns, gone_turns) = restart_turns();
                let wait = if st.dismantled & bit != 0 {
                    gone_turns
                } else {
                    frozen_turns
                };
                let ready = &mut s.sites.ready[f];
                *ready = (ready.saturating_add(1)).max(turn.saturating_add(wait));
                continue;
            }
            if turn < s.sites.ready[f] {
                continue;
            }
            // An outage: idle this month, and the others see it (`running` is public).
            if step < 64 && s.sites.idle[f] >> step & 1 != 0 {
                if S::ENABLED && (step == 1 || s.sites.idle[f] >> (step - 1) & 1 == 0) {
                    sink.log(LogEntry::Outage {
                        facility: f as FacIx,
                        known: s.sites.known & bit != 0,
                    });
                }
                continue;
            }
            running |= bit;
            let fac = db.compiled_facilities[f];
            let rate = s.sites.rate[f];
            let mut out = rate;
            if let Some(u) = fac.uses {
                out = out.min(s.prog(u));
            }
            // A cap holds the stock it makes at the cap.
            let room = s.sites.cap[fac.makes.index()] - s.prog(fac.makes);
            out = out.min(room.max(0.0));
            if out <= 0.0 {
                continue;
            }
            let cause = Cause::Facility(f as FacIx);
            if let Some(u) = fac.uses {
                add(s, sink, u, -out, cause);
            }
            add(s, sink, fac.makes, out, cause);
            s.sites.made[f] += out;
            // What it made, not what it could: reprocessing short of spent fuel, or a capped
            // stock, makes less than its rate.
            if fac.makes_fissile() {
                made_fissile += out;
                if s.sites.known & bit != 0 {
                    known_made += s.sites.seen_rate[f].min(out);
                }
            }
        }
    }
    s.sites.running = running;
    s.sites.frozen = st.frozen & s.sites.present;
    s.sites.dismantled = st.dismantled & s.sites.present;
    s.sites.known_production = known_made;
    set_to(s, sink, ProgrammeField::ProductionKg, made_fissile);

    assemble(db, s, sink, cp.assembly_per_turn);
    let fissile = s.prog(ProgrammeField::PlutoniumKg) + s.prog(ProgrammeField::HeuKg);
    set_to(s, sink, ProgrammeField::FissileKg, fissile);
}

/// Warheads assembled from the stock: at most the turn's capacity (with what earlier turns
/// left unused, up to one turn's worth), as far as the material and a cap allow; plutonium
/// first, then HEU.
fn assemble<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S, per_turn: f32) {
    let r = &db.rules;
    let (pu_kg, heu_kg) = (r.kg_per_warhead, r.heu_per_warhead);
    let credit = (s.sites.assembly + per_turn).min(per_turn.max(1.0));
    let pu = s.prog(ProgrammeField::PlutoniumKg);
    let heu = s.prog(ProgrammeField::HeuKg);
    let by_pu = floor(pu / pu_kg);
    let by_heu = floor(heu / heu_kg);
    let w = ProgrammeField::Warheads.index();
    let room = (s.sites.cap[w] - s.nums[PROGRAMME_AT + w]).max(0.0);
    let n = floor(credit).min(by_pu + by_heu).min(floor(room));
    s.sites.assembly = credit - n.max(0.0);
    if n < 1.0 {
        return;
    }
    let from_pu = n.min(by_pu);
    let from_heu = n - from_pu;
    add(
        s,
        sink,
        ProgrammeField::PlutoniumKg,
        -from_pu * pu_kg,
        Cause::Assembly,
    );
    add(
        s,
        sink,
        ProgrammeField::HeuKg,
        -from_heu * heu_kg,
        Cause::Assembly,
    );
    add(s, sink, ProgrammeField::Warheads, n, Cause::Assembly);
}

/// The stocks each provision in `ship` lists go out of the country, once. (Cold: a turn or
/// two of a rare game; kept out of `advance`, which runs every month.)
#[cold]
#[inline(never)]
fn ship_out<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S, mut ship: u128) {
    while ship != 0 {
        let p = ship.trailing_zeros() as usize;
        ship &= ship - 1;
        s.sites.shipped |= 1u128 << p;
        let agreement = s
            .agreements()
            .iter()
            .find(|a| a.status == AgreementStatus::InForce && a.provisions.contains(&(p as ProvIx)))
            .map_or(0, |a| a.id);
        let cause = Cause::Provision {
            agreement,
            provision: p as ProvIx,
        };
        let fields = db.compiled_provisions[p].ships_out;
        for f in ProgrammeField::ALL {
            if fields >> f.index() & 1 != 0 {
                let v = s.prog(f);
                // Shipped out in the open: the others see it go.
                change(s, sink, MeterRef::Programme(f), -v, cause, None);
            }
        }
    }
}

fn add<S: Sink>(s: &mut GameState, sink: &mut S, f: ProgrammeField, delta: f32, cause: Cause) {
    change(
        s,
        sink,
        MeterRef::Programme(f),
        delta,
        cause,
        Some(SideId::Dprk),
    );
}

/// Sets a figure the step works out (production, the fissile sum), logged as a change.
fn set_to<S: Sink>(s: &mut GameState, sink: &mut S, f: ProgrammeField, v: f32) {
    let d = v - s.prog(f);
    if d != 0.0 {
        change(
            s,
            sink,
            MeterRef::Programme(f),
            d,
            Cause::Growth,
            Some(SideId::Dprk),
        );
    }
}

/// A facility makes `rate` more a month (an effect: centrifuges added at a hidden hall). The
/// others' belief follows only a `public` change.
pub(crate) fn add_rate(db: &ContentDb, s: &mut GameState, f: FacIx, rate: f32, public: bool) {
    let f = f as usize;
    if f >= MAX_FACILITIES || s.sites.present >> f & 1 == 0 || !rate.is_finite() {
        return;
    }
    let months = db.compiled_scenarios[s.scenario as usize]
        .programme
        .turn_months;
    let v = &mut s.sites.rate[f];
    *v = (*v + rate * months).clamp(0.0, crate::content::PROGRAMME_MAX);
    if public {
        s.sites.seen_rate[f] = s.sites.rate[f];
    }
}

/// The others learn of facility `f` (an exposé, a detected expansion): that it exists and
/// what it makes now.
pub(crate) fn reveal(s: &mut GameState, f: FacIx) {
    let f = f as usize;
    if f < MAX_FACILITIES && s.sites.present >> f & 1 != 0 {
        let bit = 1u16 << f;
        // A plant they suspected, found: what they allowed for it becomes part of their count
        // (its share of the allowance, if they suspected others still unplaced).
        let rule = &s.estimate_rule;
        if rule.suspected & !s.sites.known & bit != 0 {
            let all = rule.unplaced_worth(s.sites.known);
            let share = if all > 0.0 {
                rule.suspected_worth[f] / all
            } else {
                1.0
            };
            let e = &mut s.estimate;
            let found = e.unplaced * share;
            e.warheads_mid += found;
            e.unplaced = (e.unplaced - found).max(0.0);
        }
        s.sites.known |= bit;
        s.sites.seen_rate[f] = s.sites.rate[f];
    }
}
