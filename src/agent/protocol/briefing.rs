//! The briefing: the same observation as the JSON, told in a few short paragraphs that a
//! language model (or a person) can read. Prose, not message structure, so it lives apart.

use crate::content::{ContentDb, Meter, ProgrammeField, Regime, SideId};
use crate::engine::decision::{self, Decision};
use crate::engine::observe::{Observation, ProgrammeView, plant_state};
use crate::engine::state::{AgreementStatus, GameState};

/// What the briefing's last lines say is asked.
#[derive(Clone, Copy)]
pub(super) enum Asked {
    Plan {
        max_cards: u8,
        cards: usize,
        budget: i32,
    },
    Answer {
        offer: u16,
        counter: bool,
    },
    Brink,
}

/// A few short paragraphs a language model (or a person) can read: who you are, where things
/// stand, what is asked and what you may do. Built from the same observation as the JSON.
pub fn briefing(
    db: &ContentDb,
    s: &GameState,
    obs: &Observation,
    d: Decision,
    options: &decision::Options,
) -> String {
    let asked = match &options.legal {
        decision::Legal::Plan(p) => Asked::Plan {
            max_cards: p.max_cards,
            cards: p.cards.len(),
            budget: p.budget,
        },
        decision::Legal::Answer(a) => Asked::Answer {
            offer: a.offer,
            counter: a.counter.is_some(),
        },
        decision::Legal::Brink(_) => Asked::Brink,
    };
    let mut b = String::new();
    write_briefing(&mut b, db, s, obs, d, &options.question, asked);
    b
}

/// `briefing`, written into `b`.
pub(super) fn write_briefing(
    b: &mut String,
    db: &ContentDb,
    s: &GameState,
    obs: &Observation,
    d: Decision,
    question: &str,
    asked: Asked,
) {
    let side = d.side();
    use std::fmt::Write;
    let scen = &db.scenarios[obs.scenario as usize];
    let tension = obs.meters[Meter::Tension.index()];
    let _ = writeln!(
        b,
        "You play {} in \"{}\". It is turn {} of {} ({}).",
        side.with_article(),
        scen.title,
        obs.turn,
        s.turns,
        s.date_of(db, obs.turn)
    );
    let _ = writeln!(
        b,
        "Tension is {:.0} of 100 ({}). Sanctions pressure {:.0}, verification {:.0}, DPRK economy {:.0}.",
        tension,
        crate::engine::text::rung_label(db, tension),
        obs.meters[Meter::Sanctions.index()],
        obs.meters[Meter::Verification.index()],
        obs.meters[Meter::Economy.index()],
    );
    let me = obs.sides[side.index()];
    let _ = writeln!(
        b,
        "You have {} political capital and domestic support of {:.0}.",
        me.pc, me.support
    );
    let mut others = SideId::ALL
        .into_iter()
        .filter(|x| *x != side && obs.sides[x.index()].seated)
        .peekable();
    if others.peek().is_some() {
        b.push_str("Your trust in the others: ");
        for (i, x) in others.enumerate() {
            if i > 0 {
                b.push_str(", ");
            }
            let _ = write!(
                b,
                "{} {:.0} (theirs in you {:.0})",
                x.label(),
                obs.trust[side.index()][x.index()],
                obs.trust[x.index()][side.index()]
            );
        }
        b.push_str(".\n");
    }
    match &obs.programme {
        ProgrammeView::Exact(p) => {
            let warheads = p[ProgrammeField::Warheads.index()].round();
            let _ = writeln!(
                b,
                "Your programme: {warheads:.0} {}, {:.0} kg of fissile material, ICBM readiness {:.0}.",
                if warheads == 1.0 {
                    "warhead"
                } else {
                    "warheads"
                },
                p[ProgrammeField::FissileKg.index()],
                p[ProgrammeField::IcbmReadiness.index()]
            );
        }
        ProgrammeView::Estimate { estimate: e, .. } => {
            let _ = writeln!(
                b,
                "The DPRK is estimated to hold {:.0}–{:.0} warheads, ICBM readiness about {:.0}.",
                e.warheads_low, e.warheads_high, e.readiness_mid
            );
        }
    }
    write_plants(b, db, s, obs);
    let ins = &obs.inspections;
    if ins.regime == Regime::None {
        b.push_str("No inspectors are in the country.\n");
    } else {
        let _ = writeln!(
            b,
            "Inspectors: {}, access {} of 100, on site {} turn{} without a break.",
            ins.regime.label(),
            // An integer, not `{:.0}` of a float: far cheaper (the hot path).
            ins.access.round() as i32,
            ins.months,
            if ins.months == 1 { "" } else { "s" }
        );
    }
    let mut in_force = obs
        .agreements
        .iter()
        .filter(|a| a.status == AgreementStatus::InForce)
        .peekable();
    if in_force.peek().is_some() {
        b.push_str("Agreements in force: ");
        for (i, a) in in_force.enumerate() {
            if i > 0 {
                b.push_str("; ");
            }
            for (j, p) in a.provisions.iter().enumerate() {
                if j > 0 {
                    b.push_str(", ");
                }
                b.push_str(&db.provisions[*p as usize].name);
            }
        }
        b.push_str(".\n");
        // What each phased provision does next, and what it waits for.
        for a in obs
            .agreements
            .iter()
            .filter(|a| a.status == AgreementStatus::InForce)
        {
            for (k, &p) in a.provisions.iter().enumerate() {
                let next = a.progress_of(k).taken as usize;
                if next < db.provisions[p as usize].steps.len() {
                    let _ = writeln!(
                        b,
                        "Next step of \"{}\": {}.",
                        db.provisions[p as usize].name,
                        crate::engine::text::step_plan(db, p, next)
                    );
                }
            }
        }
    }
    if let Some(x) = scen.sides.iter().find(|x| x.side == side) {
        b.push_str("Your objectives: ");
        for (i, o) in x.objectives.iter().enumerate() {
            if i > 0 {
                b.push_str("; ");
            }
            b.push_str(&o.name);
        }
        b.push_str(".\n");
    }
    b.push('\n');
    b.push_str(question);
    b.push('\n');
    match asked {
        Asked::Plan {
            max_cards,
            cards,
            budget,
        } => {
            let _ = writeln!(
                b,
                "Choose up to {max_cards} of the {cards} cards listed in \"legal\", costs adding up to at most {budget}, or none.",
            );
        }
        Asked::Answer { offer, counter } => {
            if let Some(o) = obs.offers.iter().find(|o| o.id == offer)
                && !o.package.is_empty()
            {
                b.push_str("The package: ");
                for (i, p) in o.package.iter().enumerate() {
                    if i > 0 {
                        b.push_str("; ");
                    }
                    b.push_str(&db.provisions[*p as usize].name);
                }
                b.push_str(".\n");
            }
            let _ = writeln!(
                b,
                "Accept or reject it{}.",
                if counter {
                    ", or counter with a package of your own"
                } else {
                    ""
                }
            );
        }
        Asked::Brink => {
            b.push_str("Stand firm or back down: if every side in the crisis stands firm, war may break out; backing down costs domestic support.\n");
        }
    }
}

/// The briefing's line on the plants: what each made last turn of what it could (the DPRK), or
/// the known ones and their state (the others).
fn write_plants(b: &mut String, db: &ContentDb, s: &GameState, obs: &Observation) {
    use std::fmt::Write;
    let sites = &obs.sites;
    if sites.present == 0 {
        return;
    }
    let exact = matches!(obs.programme, ProgrammeView::Exact(_));
    let per = s.months_per_scenario_turn(db) as f32;
    b.push_str(if exact {
        "Your plants, a turn: "
    } else {
        "Known plants, a turn: "
    });
    let mut first = true;
    for (f, fac) in db.facilities.iter().enumerate() {
        if sites.present >> f & 1 == 0 {
            continue;
        }
        if !first {
            b.push_str("; ");
        }
        first = false;
        let unit = if fac.makes == ProgrammeField::Missiles {
            " missiles"
        } else {
            " kg"
        };
        let can = sites.rate[f] * per;
        match plant_state(db, obs.scenario, sites, f, obs.turn) {
            crate::engine::observe::PlantState::Running if exact && sites.running != 0 => {
                b.push_str(&fac.short);
                b.push_str(" made ");
                push_hundredths(b, sites.made[f]);
                b.push_str(" of ");
                push_hundredths(b, can);
                b.push_str(unit);
            }
            crate::engine::observe::PlantState::Running => {
                b.push_str(&fac.short);
                b.push_str(" runs, about ");
                push_hundredths(b, can);
                b.push_str(unit);
            }
            state => {
                let _ = write!(b, "{} {}", fac.short, state.id());
            }
        }
    }
    b.push_str(".\n");
}

/// Appends `x` with two decimals ("0.50"), as `{:.2}` would for the small, non-negative
/// figures of a plant, but with integer formatting: a float written with a precision costs
/// thousands of instructions, and this is the protocol's hot path.
fn push_hundredths(b: &mut String, x: f32) {
    use std::fmt::Write;
    let h = (x.max(0.0) as f64 * 100.0).round() as u64;
    let _ = write!(b, "{}.{:02}", h / 100, h % 100);
}
