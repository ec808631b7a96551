//! A scenario compiled: its sides, tables, exclusions and calendar, and each side's changes of
//! mind and factions. Apart because a scenario refers to every other kind of item and is
//! checked against all of them.

use std::collections::HashMap;

use crate::content::IdRef;
use crate::content::check::Check;
use crate::content::compiled::*;
use crate::content::draw::CheckTable;
use crate::content::schema::*;

use super::dates::parse_year_month;
use super::{Ctx, Origin};

/// How many cards, provisions and events the decks hold: what a scenario's exclusion lists
/// are laid over.
#[derive(Clone, Copy)]
pub(super) struct DeckSizes {
    pub(super) cards: usize,
    pub(super) provisions: usize,
    pub(super) events: usize,
}

pub(super) fn build_scenario(
    ctx: &mut Ctx,
    s: &Scenario,
    o: Origin,
    ids: &HashMap<String, IdRef>,
    sizes: DeckSizes,
    personas_sides: &[[bool; 5]],
) -> CompiledScenario {
    let DeckSizes {
        cards: n_cards,
        provisions: n_provisions,
        events: n_events,
    } = sizes;
    let (start_year, start_month) = match parse_year_month(&s.start) {
        Some(x) => x,
        None => {
            ctx.errors.push(o.err(
                "start:",
                format!(
                    "start \"{}\" must be a year and month like \"2019-02\"",
                    s.start
                ),
            ));
            (2000, 1)
        }
    };
    let own = s.turn_months.max(1) as u32;
    for c in &s.class_turns {
        let (n, m) = (c.turns as u32, c.months.max(1) as u32);
        let span = n * m;
        let whole = s.turns as u32 * own;
        if n == 0 || m % own != 0 || span > whole || (n == s.turns as u32 && m == own) {
            ctx.errors.push(o.err(
                "class_turns:",
                format!(
                    "a class length of {n} turns of {m} month(s) must have at least 1 turn, \
                     turns a whole number of the scenario's {own}-month turns, and span no more \
                     than the game's {whole} months without being the game itself",
                ),
            ));
        }
    }
    for (a, b, _) in &s.trust {
        if a == b {
            ctx.errors.push(o.err(
                "trust:",
                format!("trust of {} in itself is meaningless", a.id()),
            ));
        }
    }
    let p = &s.programme;
    if p.warhead_band.0 > p.warhead_band.1 {
        ctx.errors.push(o.err(
            "warhead_band:",
            "warhead_band must be (low, high) with low ≤ high".to_string(),
        ));
    }
    let mut start_flags = 0u128;
    for f in &s.flags {
        let ix = ctx.flag(o, f);
        start_flags |= 1u128 << ix;
    }
    let mut sides: [Option<CompiledScenarioSide>; 5] = Default::default();
    for ss in &s.sides {
        if sides[ss.side.index()].is_some() {
            ctx.errors.push(o.err(
                "sides:",
                format!("side {} is seated twice in \"{}\"", ss.side.id(), s.id),
            ));
        }
        if ss.pc_cap < ss.pc_per_turn {
            ctx.errors.push(o.err(
                "pc_cap:",
                format!("{}: pc_cap is below pc_per_turn", ss.side.id()),
            ));
        }
        match ss.persona.as_ref().map(|p| (p, ids.get(p))) {
            Some((_, Some(IdRef::Persona(i)))) if !personas_sides[*i as usize][ss.side.index()] => {
                let persona = ss.persona.as_deref().unwrap_or_default();
                ctx.errors.push(o.err_ref(
                    persona,
                    format!("persona \"{persona}\" does not play {}", ss.side.id()),
                ));
            }
            Some((_, Some(IdRef::Persona(_)))) | None => {}
            Some((persona, _)) => {
                ctx.errors
                    .push(o.err_ref(persona, format!("unknown persona \"{persona}\"")));
            }
        }
        if ss.objectives.is_empty() {
            ctx.errors.push(o.err(
                "objectives:",
                format!("{} has no objectives in \"{}\"", ss.side.id(), s.id),
            ));
        }
        let objectives = ss
            .objectives
            .iter()
            .map(|obj| {
                let test = match &obj.test {
                    ObjectiveTest::AtEnd(c) => CompiledObjectiveTest::AtEnd(ctx.cond(o, c)),
                    ObjectiveTest::Always(c) => CompiledObjectiveTest::Always(ctx.cond(o, c)),
                    ObjectiveTest::LastTurns { turns, condition } => {
                        CompiledObjectiveTest::LastTurns(*turns, ctx.cond(o, condition))
                    }
                    ObjectiveTest::ForTurns { turns, condition } => {
                        CompiledObjectiveTest::ForTurns(*turns, ctx.cond(o, condition))
                    }
                    ObjectiveTest::Ever(c) => CompiledObjectiveTest::Ever(ctx.cond(o, c)),
                    ObjectiveTest::NoWar => CompiledObjectiveTest::NoWar,
                };
                CompiledObjective {
                    weight: obj.weight,
                    test,
                }
            })
            .collect();
        let shifts = build_shifts(ctx, o, ss, ids, personas_sides);
        let factions = build_factions(ctx, o, ss, ids);
        sides[ss.side.index()] = Some(CompiledScenarioSide {
            pc_per_turn: ss.pc_per_turn,
            pc_cap: ss.pc_cap,
            support: ss.support,
            objectives,
            shifts,
            factions,
        });
    }
    if sides.iter().filter(|x| x.is_some()).count() < 2 {
        ctx.errors.push(o.err(
            "sides:",
            format!("scenario \"{}\" needs at least two sides", s.id),
        ));
    }
    for needed in [SideId::Us, SideId::Dprk] {
        if sides[needed.index()].is_none() {
            ctx.errors.push(o.err(
                "sides:",
                format!(
                    "scenario \"{}\" must seat {} (the confrontation is US-DPRK)",
                    s.id,
                    needed.label()
                ),
            ));
        }
    }
    let mut scheduled = Vec::new();
    for (turn, ev) in &s.scheduled {
        match ids.get(ev) {
            Some(IdRef::Event(i)) => scheduled.push((*turn, *i)),
            _ => ctx
                .errors
                .push(o.err_ref(ev, format!("unknown event \"{ev}\" in scheduled"))),
        }
        if *turn == 0 || *turn > s.turns {
            ctx.errors.push(o.err_ref(
                ev,
                format!(
                    "event \"{ev}\" is scheduled for turn {turn}, outside 1..{}",
                    s.turns
                ),
            ));
        }
    }
    // What the scenario leaves out, as one flag per card, provision and event; `pick` says
    // whether an id names the right kind of thing.
    let mut allowed = |list: &[String], n: usize, pick: fn(&IdRef) -> Option<usize>, kind: &str| {
        let mut keep = vec![true; n];
        for id in list {
            match ids.get(id).and_then(pick) {
                Some(i) => keep[i] = false,
                None => ctx
                    .errors
                    .push(o.err_ref(id, format!("unknown {kind} \"{id}\" in exclude_{kind}s"))),
            }
        }
        keep
    };
    let card_allowed = allowed(&s.exclude_cards, n_cards, IdRef::card, "card");
    let provision_allowed = allowed(
        &s.exclude_provisions,
        n_provisions,
        IdRef::provision,
        "provision",
    );
    let event_allowed = allowed(&s.exclude_events, n_events, IdRef::event, "event");
    if !provision_allowed.iter().any(|a| *a) {
        ctx.errors.push(o.err(
            "exclude_provisions:",
            "exclude_provisions leaves no provision on the table".to_string(),
        ));
    }
    for (_, ev) in &s.scheduled {
        if s.exclude_events.contains(ev) {
            ctx.errors.push(o.err_ref(
                ev,
                format!("event \"{ev}\" is scheduled but also in exclude_events"),
            ));
        }
    }
    let provisions_on_table: Box<[ProvIx]> = (0..n_provisions as ProvIx)
        .filter(|q| provision_allowed[*q as usize])
        .collect();
    let tracked = CompiledScenario::tracked_objectives(&sides);
    let checks: Vec<Check> = tracked.iter().map(|(_, _, c)| c.clone()).collect();
    let tracked_table = CheckTable::compile(&checks);
    let (pairs, unordered_pairs) = CompiledScenario::seated_pairs(&sides);
    CompiledScenario {
        // Compiled by `facilities::scenario_programme`, set by the caller.
        programme: CompiledProgramme::default(),
        sides,
        campaigns: Box::new([]),
        tracked,
        tracked_table,
        scheduled: scheduled.into(),
        card_first: vec![1; n_cards].into(),
        // Filled in with the dates (step 7a).
        card_expiries: Box::new([]),
        event_turns: Box::new([]),
        turns: s.turns,
        card_allowed: card_allowed.into(),
        provision_allowed: provision_allowed.into(),
        provisions_on_table,
        // Filled in once every card is compiled.
        hands: Default::default(),
        event_allowed: event_allowed.into(),
        // Filled in once every event is compiled.
        incident_base: 0.0,
        start_flags,
        start_year,
        start_month,
        // Filled in once every event is compiled.
        draws: Box::new([]),
        incident_draws: Box::new([]),
        draw_table: None,
        incident_table: None,
        draw_ceilings: Box::new([]),
        pair_mask: CompiledScenario::pair_mask(&pairs),
        pairs,
        unordered_pairs,
    }
}

/// A scenario side's changes of mind, compiled: each names a persona that plays the side, a
/// reason, and a length of at least one turn; at most 32 a side (`Mind::fired` is a bit set).
pub(super) fn build_shifts(
    ctx: &mut Ctx,
    o: Origin,
    ss: &ScenarioSide,
    ids: &HashMap<String, IdRef>,
    personas_sides: &[[bool; 5]],
) -> Box<[CompiledShift]> {
    if ss.shifts.len() > 32 {
        ctx.errors.push(o.err(
            "shifts:",
            format!("{}: at most 32 shifts a side", ss.side.id()),
        ));
    }
    ss.shifts
        .iter()
        .map(|sh| {
            let needle = format!("to: \"{}\"", sh.to);
            let to = match ids.get(&sh.to) {
                Some(IdRef::Persona(i)) if personas_sides[*i as usize][ss.side.index()] => *i,
                Some(IdRef::Persona(_)) => {
                    ctx.errors.push(o.err(
                        &needle,
                        format!(
                            "shift to persona \"{}\", which does not play {}",
                            sh.to,
                            ss.side.id()
                        ),
                    ));
                    0
                }
                _ => {
                    ctx.errors
                        .push(o.err(&needle, format!("shift to unknown persona \"{}\"", sh.to)));
                    0
                }
            };
            if sh.reason.trim().is_empty() {
                ctx.errors.push(o.err(
                    &needle,
                    format!("the shift to \"{}\" needs a reason", sh.to),
                ));
            }
            if sh.turns == Some(0) {
                ctx.errors.push(o.err(
                    &needle,
                    format!(
                        "the shift to \"{}\" lasts 0 turns (leave `turns` out for good)",
                        sh.to
                    ),
                ));
            }
            CompiledShift {
                when: ctx.cond(o, &sh.when),
                to,
                turns: sh.turns,
            }
        })
        .collect()
}

/// A scenario side's factions, compiled: each with a unique id, a name and a reason, cards of
/// the kind it can act on (an offer), and something to act on. Errors sit at the faction's id
/// or at the reference itself.
pub(super) fn build_factions(
    ctx: &mut Ctx,
    o: Origin,
    ss: &ScenarioSide,
    ids: &HashMap<String, IdRef>,
) -> Box<[CompiledFaction]> {
    let mut seen: Vec<&str> = Vec::new();
    ss.factions
        .iter()
        .map(|f| {
            // From the faction's own id on, so that a reference is found inside it.
            let needle = format!("\"{}\"", f.id);
            let at = o.src.text[o.at..].find(&needle).map_or(o.at, |i| i + o.at);
            let fo = Origin { src: o.src, at };
            if seen.contains(&f.id.as_str()) {
                ctx.errors.push(fo.err_ref(
                    &f.id,
                    format!("{}: two factions called \"{}\"", ss.side.id(), f.id),
                ));
            }
            seen.push(&f.id);
            if f.name.trim().is_empty() || f.reason.trim().is_empty() {
                ctx.errors.push(fo.err_ref(
                    &f.id,
                    format!("faction \"{}\" needs a name and a reason", f.id),
                ));
            }
            let empty = |m: &OfferMatch| m.cards.is_empty() && m.provisions.is_empty();
            if empty(&f.pulls_back) && empty(&f.pushes_through) {
                ctx.errors.push(fo.err_ref(
                    &f.id,
                    format!(
                        "faction \"{}\" pulls back nothing and pushes nothing through",
                        f.id
                    ),
                ));
            }
            let cards = |ctx: &mut Ctx, list: &[String]| -> Box<[CardIx]> {
                list.iter()
                    .filter_map(|id| match ids.get(id) {
                        Some(IdRef::Card(i)) => Some(*i),
                        _ => {
                            ctx.errors
                                .push(fo.err_ref(id, format!("unknown card \"{id}\"")));
                            None
                        }
                    })
                    .collect()
            };
            let pull_cards = cards(ctx, &f.pulls_back.cards);
            let push_cards = cards(ctx, &f.pushes_through.cards);
            let provisions = |ctx: &mut Ctx, list: &[String]| -> Box<[ProvIx]> {
                list.iter().map(|id| ctx.provision(fo, id)).collect()
            };
            CompiledFaction {
                upper_hand: ctx.cond(fo, &f.upper_hand),
                chance: f.chance,
                pull_cards,
                pull_provisions: provisions(ctx, &f.pulls_back.provisions),
                push_cards,
                push_provisions: provisions(ctx, &f.pushes_through.provisions),
            }
        })
        .collect()
}
