//! `build`: the decks merged, checked and compiled into a `ContentDb`, in numbered steps (gather,
//! ids, dates, provisions, cards, events, personas, scenarios, then what only the whole can
//! show). The order of the steps is the one thing this file is about; what each kind of item
//! needs checked lives beside it.

use std::collections::HashMap;

use crate::content::check::{Check, SLOT_TURN};
use crate::content::compiled::*;
use crate::content::draw::{self, DrawTable};
use crate::content::load::{ContentError, SourceFile};
use crate::content::schema::*;
use crate::content::{ContentDb, IdRef};

use super::card::build_card;
use super::dates::{Window, check_dates, month_name, month_of, parse_year_month, turns_inside};
use super::event::build_event;
use super::persona::build_persona;
use super::provision::{build_provision, link_covers};
use super::scenario::{DeckSizes, build_scenario};
use super::{Ctx, Origin, is_kebab};

/// Merges and checks the decks. Returns None only when errors were pushed. `every_file_read`
/// is false when a deck file could not be parsed: the checks of the whole set (a card no
/// scenario allows) are then skipped, as the unread file may hold what they look for, and its
/// own error is the one to fix first.
pub(in crate::content) fn build(
    decks: &[(&SourceFile, Deck)],
    every_file_read: bool,
    errors: &mut Vec<ContentError>,
) -> Option<ContentDb> {
    // 1. Gather everything, remembering where each item came from.
    let mut cards = Vec::new();
    let mut events = Vec::new();
    let mut provisions = Vec::new();
    let mut scenarios = Vec::new();
    let mut personas = Vec::new();
    let mut campaigns: Vec<(Campaign, Origin)> = Vec::new();
    let mut flags: Vec<(FlagDef, Origin)> = Vec::new();
    let mut ladder = Vec::new();
    let mut rules: Option<(Rules, Origin)> = None;
    let mut cameo: HashMap<String, (f32, String)> = HashMap::new();
    for (src, deck) in decks {
        for c in &deck.cards {
            cards.push((c.clone(), Origin::of(src, &c.id)));
        }
        for e in &deck.events {
            events.push((e.clone(), Origin::of(src, &e.id)));
        }
        for p in &deck.provisions {
            provisions.push((p.clone(), Origin::of(src, &p.id)));
        }
        for s in &deck.scenarios {
            scenarios.push((s.clone(), Origin::of(src, &s.id)));
        }
        for p in &deck.personas {
            personas.push((p.clone(), Origin::of(src, &p.id)));
        }
        for c in &deck.campaigns {
            // At the campaign itself, not at its election's event in the same file.
            let at = src
                .text
                .find(&format!("election: \"{}\"", c.election))
                .unwrap_or(0);
            campaigns.push((c.clone(), Origin { src, at }));
        }
        for f in &deck.flags {
            if flags.iter().any(|(g, _)| g.id == f.id) {
                errors.push(
                    Origin::of(src, &f.id)
                        .err_ref(&f.id, format!("flag \"{}\" is declared twice", f.id)),
                );
            } else {
                flags.push((f.clone(), Origin::of(src, &f.id)));
            }
        }
        if !deck.ladder.is_empty() {
            if !ladder.is_empty() {
                errors.push(Origin::whole(src).err(
                    "ladder:",
                    "the escalation ladder is defined in more than one file".to_string(),
                ));
            }
            ladder = deck.ladder.clone();
        }
        if let Some(r) = &deck.rules {
            if rules.is_some() {
                errors.push(Origin::whole(src).err(
                    "rules:",
                    "the rules are defined in more than one file".to_string(),
                ));
            }
            rules = Some((r.clone(), Origin::whole(src)));
        }
        for (code, w, label) in &deck.cameo {
            if cameo.insert(code.clone(), (*w, label.clone())).is_some() {
                errors.push(
                    Origin::whole(src)
                        .err_ref(code, format!("CAMEO code \"{code}\" is listed twice")),
                );
            }
        }
    }

    if flags.len() > MAX_FLAGS {
        errors.push(ContentError::general(&format!(
            "{} flags are declared; the engine holds at most {MAX_FLAGS}",
            flags.len()
        )));
    }
    if ladder.is_empty() {
        errors.push(ContentError::general(
            "no escalation ladder is defined (a deck needs `ladder: [...]`)",
        ));
    } else {
        let ordered = ladder.windows(2).all(|w| w[0].from < w[1].from);
        if !ordered || ladder[0].from != 0.0 {
            errors.push(ContentError::general(
                "the escalation ladder must start at 0 and rise rung by rung",
            ));
        }
        for needed in ["Brink", "Conflict"] {
            if !ladder.iter().any(|r| r.name == needed) {
                errors.push(ContentError::general(&format!(
                    "the escalation ladder needs a rung named \"{needed}\""
                )));
            }
        }
    }
    let Some((rules, _)) = rules else {
        errors.push(ContentError::general(
            "no rules are defined (a deck needs `rules: Some((...))`)",
        ));
        return None;
    };
    // The rules' numbers, like every number of the decks, are checked by `numbers.rs`.

    // 2. Ids: unique across every kind, lowercase-kebab.
    let mut ids: HashMap<String, IdRef> = HashMap::new();
    let mut claim = |id: &str, r: IdRef, o: Origin, errors: &mut Vec<ContentError>| {
        if !is_kebab(id) {
            errors.push(o.err_ref(
                id,
                format!("id \"{id}\" must be lowercase-kebab (a-z, 0-9 and -)"),
            ));
        }
        if ids.insert(id.to_string(), r).is_some() {
            errors.push(o.err_ref(id, format!("duplicate id \"{id}\"")));
        }
    };
    for (i, (c, o)) in cards.iter().enumerate() {
        claim(&c.id, IdRef::Card(i as CardIx), *o, errors);
    }
    for (i, (e, o)) in events.iter().enumerate() {
        claim(&e.id, IdRef::Event(i as EventIx), *o, errors);
    }
    for (i, (p, o)) in provisions.iter().enumerate() {
        claim(&p.id, IdRef::Provision(i as ProvIx), *o, errors);
    }
    for (i, (s, o)) in scenarios.iter().enumerate() {
        claim(&s.id, IdRef::Scenario(i as u16), *o, errors);
    }
    for (i, (p, o)) in personas.iter().enumerate() {
        claim(&p.id, IdRef::Persona(i as u16), *o, errors);
    }

    let fac = super::facilities::gather(decks, errors);
    let mut ctx = Ctx {
        facilities: fac.ix.clone(),
        errors,
        flags: flags
            .iter()
            .enumerate()
            .map(|(i, (f, _))| (f.id.clone(), i.min(MAX_FLAGS - 1) as FlagIx))
            .collect(),
        provisions: provisions
            .iter()
            .enumerate()
            .map(|(i, (p, _))| (p.id.clone(), i as ProvIx))
            .collect(),
        cameo: cameo.clone(),
    };

    // 2b. Dates: when each card, event and provision can happen.
    let card_dates: Vec<Option<Window>> = cards
        .iter()
        .map(|(c, o)| {
            check_dates(
                ctx.errors,
                *o,
                "card",
                &c.id,
                &c.dates,
                &c.precedent,
                &c.earlier,
            )
        })
        .collect();
    let event_dates: Vec<Option<Window>> = events
        .iter()
        .map(|(e, o)| {
            check_dates(
                ctx.errors,
                *o,
                "event",
                &e.id,
                &e.dates,
                &e.precedent,
                &e.earlier,
            )
        })
        .collect();
    let provision_dates: Vec<Option<Window>> = provisions
        .iter()
        .map(|(p, o)| {
            check_dates(
                ctx.errors,
                *o,
                "provision",
                &p.id,
                &p.dates,
                &p.precedent,
                &p.earlier,
            )
        })
        .collect();

    // 3. Provisions.
    let mut compiled_provisions: Vec<CompiledProvision> = provisions
        .iter()
        .map(|(p, o)| build_provision(&mut ctx, p, *o, rules.talks_rounds))
        .collect();
    link_covers(&mut ctx, &provisions, &mut compiled_provisions);

    // 4. Cards.
    let compiled_cards: Vec<CompiledCard> = cards
        .iter()
        .map(|(c, o)| build_card(&mut ctx, c, *o))
        .collect();

    // 5. Events.
    let compiled_events: Vec<CompiledEvent> = events
        .iter()
        .map(|(e, o)| build_event(&mut ctx, e, *o))
        .collect();

    // 6. Personas.
    let mut compiled_personas = Vec::new();
    for (p, o) in &personas {
        compiled_personas.push(build_persona(&mut ctx, p, *o, &ids, &cards));
    }

    // 7. Scenarios.
    let personas_sides: Vec<[bool; 5]> = compiled_personas.iter().map(|p| p.sides).collect();
    let mut compiled_scenarios = Vec::new();
    for (s, o) in &scenarios {
        let programme = super::facilities::scenario_programme(&mut ctx, s, *o, &fac, &rules);
        compiled_scenarios.push(build_scenario(
            &mut ctx,
            s,
            *o,
            &ids,
            DeckSizes {
                cards: cards.len(),
                provisions: provisions.len(),
                events: events.len(),
            },
            &personas_sides,
        ));
        if let Some(cs) = compiled_scenarios.last_mut() {
            cs.programme = programme;
        }
    }

    // 7a. Dates: each scenario offers a card, draws an event and puts a provision on the
    //     table only on the turns its dates allow.
    for ((s, o), cs) in scenarios.iter().zip(compiled_scenarios.iter_mut()) {
        let Some((y, m)) = parse_year_month(&s.start) else {
            continue;
        };
        let start = month_of(y, m);
        let inside = |w: Window| turns_inside(w, start, s.turn_months, s.turns);
        let end = start + (s.turns.max(1) as i32 - 1) * s.turn_months.max(1) as i32;
        let span = format!("{} to {}", month_name(start), month_name(end));
        let mut expiries = Vec::new();
        for (i, w) in card_dates.iter().enumerate() {
            let Some(w) = *w else { continue };
            match inside(w) {
                None => cs.card_allowed[i] = false,
                Some((first, last)) => {
                    cs.card_first[i] = first;
                    if last < s.turns {
                        expiries.push((last, i as CardIx));
                    }
                }
            }
        }
        cs.card_expiries = expiries.into();
        for (i, w) in provision_dates.iter().enumerate() {
            let Some(w) = *w else { continue };
            match inside(w) {
                None => cs.provision_allowed[i] = false,
                Some((first, last)) if first > 1 || last < s.turns => {
                    // A package is judged whole, on any turn: a provision that comes onto the
                    // table (or leaves it) in mid-game would need every package rule to ask
                    // the date.
                    let (p, po) = &provisions[i];
                    ctx.errors.push(po.err(
                        "dates:",
                        format!(
                            "provision \"{}\" is possible only on turns {first} to {last} of \
                             scenario \"{}\" ({span}); a provision must fit a scenario's \
                             dates wholly or not at all: change its dates or exclude it there",
                            p.id, s.id
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        cs.provisions_on_table = (0..provisions.len() as ProvIx)
            .filter(|q| cs.provision_allowed[*q as usize])
            .collect();
        if cs.provisions_on_table.is_empty() {
            ctx.errors.push(o.err(
                "start:",
                format!(
                    "scenario \"{}\" ({span}) has no provision whose dates fit it",
                    s.id
                ),
            ));
        }
        let mut event_turns = vec![(1, s.turns); events.len()];
        for (i, w) in event_dates.iter().enumerate() {
            let Some(w) = *w else { continue };
            match inside(w) {
                None => cs.event_allowed[i] = false,
                Some(turns) => event_turns[i] = turns,
            }
        }
        for (turn, ev) in &s.scheduled {
            let Some(i) = ids.get(ev).and_then(IdRef::event) else {
                continue;
            };
            let Some(w) = event_dates[i] else { continue };
            if inside(w).is_none_or(|(f, l)| *turn < f || *turn > l) {
                let d = &events[i].0.dates;
                ctx.errors.push(o.err_ref(
                    ev,
                    format!(
                        "event \"{ev}\" is scheduled for turn {turn} of \"{}\" ({}), outside its dates ({} to {})",
                        s.id,
                        month_name(start + (*turn as i32 - 1) * s.turn_months.max(1) as i32),
                        d.from,
                        d.until.as_deref().unwrap_or("now"),
                    ),
                ));
            }
        }
        cs.event_turns = event_turns.into();
        cs.campaigns = campaigns
            .iter()
            .enumerate()
            .filter_map(|(k, (c, co))| {
                let i = ids.get(&c.election).and_then(IdRef::event)?;
                let vote = event_dates[i]?.0;
                let window = (vote - c.months as i32, Some(vote - 1));
                let (from, until) = inside(window)?;
                let risky = c
                    .risky
                    .iter()
                    .filter_map(|(id, w)| ids.get(id).and_then(IdRef::card).map(|x| (x, *w)))
                    .map(|(x, w)| (x as CardIx, w))
                    .collect();
                let _ = co;
                Some(CompiledCampaign {
                    side: c.side,
                    from,
                    until,
                    risky,
                    accept: c.accept,
                    index: k as u16,
                })
            })
            .collect();
    }

    // 7a'. Campaigns: an election that exists, a campaign of some months, the side's own cards.
    for (c, o) in &campaigns {
        match ids.get(&c.election) {
            Some(IdRef::Event(i)) => {
                if event_dates[*i as usize].is_none() {
                    ctx.errors.push(o.err_ref(
                        &c.election,
                        format!(
                            "election \"{}\" has no dates to campaign before",
                            c.election
                        ),
                    ));
                }
            }
            _ => ctx.errors.push(o.err_ref(
                &c.election,
                format!("unknown election event \"{}\"", c.election),
            )),
        }
        if c.months == 0 || c.reason.trim().is_empty() {
            ctx.errors.push(o.err_ref(
                &c.election,
                format!(
                    "the campaign before \"{}\" needs at least one month and a reason",
                    c.election
                ),
            ));
        }
        for (id, _) in &c.risky {
            match ids.get(id) {
                Some(IdRef::Card(x)) if cards[*x as usize].0.side == c.side => {}
                Some(IdRef::Card(_)) => ctx
                    .errors
                    .push(o.err_ref(id, format!("card \"{id}\" is not one of {}'s", c.side.id()))),
                _ => ctx
                    .errors
                    .push(o.err_ref(id, format!("unknown card \"{id}\""))),
            }
        }
    }

    // 7b. A card a scenario allows may not carry a fixed package with a provision the
    //     scenario takes off the table (its offer would sign what no package may hold).
    for ((sc, o), cs) in scenarios.iter().zip(&compiled_scenarios) {
        for (i, c) in compiled_cards.iter().enumerate() {
            let CompiledPackage::Fixed(ps) = &c.package else {
                continue;
            };
            if !cs.card_allowed.get(i).copied().unwrap_or(false) {
                continue;
            }
            for q in ps.iter() {
                if cs.provision_allowed.get(*q as usize) == Some(&false) {
                    let pid = &provisions[*q as usize].0.id;
                    ctx.errors.push(o.err_ref(
                        pid,
                        format!(
                            "card \"{}\" offers \"{pid}\", which scenario \"{}\" excludes \
                             (or whose dates keep it off the table there); exclude the card too, \
                             or give it dates that keep it out",
                            cards[i].0.id, sc.id
                        ),
                    ));
                }
            }
        }
    }

    // 8. Cards nobody can ever play: the side is in no scenario that allows the card, or the
    //    offer's target never sits at the same table. (Not with a file unread: the scenario
    //    that plays the card may be in it.)
    for (i, (c, o)) in cards.iter().enumerate().filter(|_| every_file_read) {
        let playable = compiled_scenarios.iter().any(|cs| {
            cs.card_allowed[i]
                && cs.sides[c.side.index()].is_some()
                && c.target.is_none_or(|t| cs.sides[t.index()].is_some())
        });
        if !playable {
            ctx.errors.push(o.err_ref(
                &c.id,
                format!(
                    "card \"{}\" can never be played: no scenario seats its side{} and allows it",
                    c.id,
                    if c.target.is_some() {
                        " with its target"
                    } else {
                        ""
                    }
                ),
            ));
        }
    }

    let mut cards_by_side: [Vec<CardIx>; 5] = Default::default();
    for (i, c) in compiled_cards.iter().enumerate() {
        cards_by_side[c.side.index()].push(i as CardIx);
    }
    let incident_events: Vec<EventIx> = (0..compiled_events.len())
        .filter(|i| compiled_events[*i].incident)
        .map(|i| i as EventIx)
        .collect();
    let ordinary_events: Vec<EventIx> = (0..compiled_events.len())
        .filter(|i| !compiled_events[*i].incident && compiled_events[*i].weight > 0.0)
        .map(|i| i as EventIx)
        .collect();
    for cs in compiled_scenarios.iter_mut() {
        let at = Settles {
            seated: cs.sides.each_ref().map(|s| s.is_some()),
            never_hidden: !cs.programme.present | cs.programme.known,
        };
        let draws = |list: &[EventIx]| -> Box<[CompiledDraw]> {
            list.iter()
                .filter_map(|&e| CompiledDraw::settle(e, &compiled_events[e as usize], &at))
                .collect()
        };
        // Events the scenario excludes are dropped here, as events that can never be drawn.
        let allowed = |list: &[EventIx]| -> Vec<EventIx> {
            list.iter()
                .copied()
                .filter(|e| cs.event_allowed[*e as usize])
                .collect()
        };
        let (ordinary, incidents) = (allowed(&ordinary_events), allowed(&incident_events));
        cs.draws = draws(&ordinary);
        cs.incident_draws = draws(&incidents);
        // An event drawn only on some turns (its dates start or end inside the scenario)
        // requires those turns, as any other requirement: the compiled draw tables read it.
        for d in cs.draws.iter_mut().chain(cs.incident_draws.iter_mut()) {
            let (first, last) = cs.event_turns[d.event as usize];
            let mut requires = d.requires.to_vec();
            if first > 1 {
                requires.push(Check::Num {
                    slot: SLOT_TURN as u8,
                    below: false,
                    thr: first as f32,
                });
            }
            if last < cs.turns {
                requires.push(Check::Num {
                    slot: SLOT_TURN as u8,
                    below: true,
                    thr: last as f32 + 1.0,
                });
            }
            d.requires = requires.into();
        }
        // In deck order, as the sum over every incident was before scenarios could drop any.
        cs.incident_base = incidents
            .iter()
            .map(|e| compiled_events[*e as usize].weight)
            .sum();
        cs.draw_table = DrawTable::compile(&cs.draws);
        cs.draw_ceilings = draw::running_ceilings(&cs.draws);
        cs.incident_table = DrawTable::compile(&cs.incident_draws);
        cs.hands = cards_by_side.each_ref().map(|cards| {
            cards
                .iter()
                .copied()
                .filter(|c| cs.card_allowed[*c as usize])
                .collect()
        });
    }
    let flag = |id: &str| ctx.flags.get(id).copied();
    let g = |code: &str| cameo.get(code).map(|x| x.0).unwrap_or(0.0);
    let derived = DerivedRules {
        reject_signal: g("125") * 0.5,
        sign_signal: g("057"),
        cheat_signal: g("128"),
        flag_exercises_suspended: flag("exercises_suspended"),
        flag_exercises_consulted: flag("exercises_consulted"),
        flag_test_moratorium: flag("test_moratorium"),
        flag_icbm_moratorium: flag("icbm_moratorium"),
        flag_talks_suspended: flag("talks_suspended"),
        flag_talks_under_way: flag("talks_under_way"),
        flag_inspectors_present: flag("inspectors_present"),
        brink_from: ladder
            .iter()
            .find(|r| r.name == "Brink")
            .map_or(80.0, |r| r.from),
        programme_provisions: compiled_provisions
            .iter()
            .enumerate()
            .take(crate::content::check::MAX_FAST_PROVISIONS)
            .filter(|(_, p)| p.touches_programme())
            .fold(0u128, |m, (i, _)| m | 1u128 << i),
        programme_provisions_beyond: compiled_provisions
            .iter()
            .skip(crate::content::check::MAX_FAST_PROVISIONS)
            .any(|p| p.touches_programme()),
    };
    for code in ["125", "057", "128"] {
        if !cameo.contains_key(code) {
            ctx.errors.push(ContentError::general(&format!(
                "the cameo table needs code \"{code}\" (the engine uses it for offers and cheating)"
            )));
        }
    }
    let provision_ids: std::collections::HashSet<&str> =
        provisions.iter().map(|(p, _)| p.id.as_str()).collect();
    let (goals, benchmark) =
        crate::content::goals::gather(decks, &provision_ids, &ladder, ctx.errors);
    // A provision a limiting goal names limits the programme, whether or not its own deck says
    // `limits: true` (a teacher's new provision judged by a new goal needs no second word).
    for (i, (p, _)) in provisions.iter().enumerate() {
        if goals
            .iter()
            .any(|g| g.limit && g.served_by.iter().any(|s| s.provision == p.id))
        {
            compiled_provisions[i].limits = true;
        }
    }
    for c in compiled_provisions.iter_mut() {
        c.settle_limits();
    }
    let needed: HashMap<&str, f32> = provisions
        .iter()
        .map(|(p, _)| (p.id.as_str(), p.verification_needed))
        .collect();
    crate::content::goals::check_verified_thresholds(decks, &needed, ctx.errors);
    if !ctx.errors.is_empty() {
        return None;
    }

    Some(ContentDb {
        cards: cards.into_iter().map(|(c, _)| c).collect(),
        events: events.into_iter().map(|(e, _)| e).collect(),
        provisions: provisions.into_iter().map(|(p, _)| p).collect(),
        facilities: fac.list,
        compiled_facilities: fac.compiled,
        scenarios: scenarios.into_iter().map(|(s, _)| s).collect(),
        personas: personas.into_iter().map(|(p, _)| p).collect(),
        flags: flags.into_iter().map(|(f, _)| f).collect(),
        ladder,
        rules,
        goals,
        benchmark,
        campaigns: campaigns.into_iter().map(|(c, _)| c).collect(),
        cameo,
        compiled_cards,
        compiled_events,
        compiled_provisions,
        compiled_scenarios,
        compiled_personas,
        derived,
        cards_by_side,
        ids,
        hash: 0,
        origin: String::new(),
    })
}
