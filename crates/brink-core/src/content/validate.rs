//! Merging the parsed decks, checking every reference and number, and compiling the result.
//!
//! Errors are located by finding the offending id or field in the file's text after the item's
//! own `id`, which points at the right line in practice without threading spans through serde.

use std::collections::HashMap;
use std::sync::Arc;

use super::check::{Check, FlatCheck, SLOT_TURN};
use super::compiled::*;
use super::draw::{self, CheckTable, DrawTable};
use super::load::{ContentError, SourceFile, locate};
use super::schema::*;
use super::{ContentDb, IdRef};

mod facilities;

/// Where an item came from, for error locations.
#[derive(Clone, Copy)]
struct Origin<'a> {
    src: &'a SourceFile,
    /// Byte offset of the item's id in the file.
    at: usize,
}

impl<'a> Origin<'a> {
    fn of(src: &'a SourceFile, id: &str) -> Origin<'a> {
        let needle = format!("\"{id}\"");
        let at = src.text.find(&needle).unwrap_or(0);
        Origin { src, at }
    }
    fn whole(src: &'a SourceFile) -> Origin<'a> {
        Origin { src, at: 0 }
    }
    /// An error at the first occurrence of `needle` inside this item.
    fn err(&self, needle: &str, message: String) -> ContentError {
        ContentError::at(self.src, locate(&self.src.text, needle, self.at), message)
    }
    fn err_ref(&self, id: &str, message: String) -> ContentError {
        self.err(&format!("\"{id}\""), message)
    }
}

struct Ctx<'a> {
    errors: &'a mut Vec<ContentError>,
    flags: HashMap<String, FlagIx>,
    provisions: HashMap<String, ProvIx>,
    facilities: HashMap<String, FacIx>,
    cameo: HashMap<String, (f32, String)>,
}

impl Ctx<'_> {
    fn flag(&mut self, o: Origin, id: &str) -> FlagIx {
        match self.flags.get(id) {
            Some(i) => *i,
            None => {
                self.errors.push(o.err_ref(
                    id,
                    format!("unknown flag \"{id}\" (declare it in a deck's `flags` list)"),
                ));
                0
            }
        }
    }

    fn provision(&mut self, o: Origin, id: &str) -> ProvIx {
        match self.provisions.get(id) {
            Some(i) => *i,
            None => {
                self.errors
                    .push(o.err_ref(id, format!("unknown provision \"{id}\"")));
                0
            }
        }
    }

    /// Every number written in a deck is checked finite and in range by `numbers.rs` (the
    /// table there, located at the number). This is for a number that only a combination makes
    /// wrong, located at the first `field:` of the item.
    #[allow(dead_code)]
    fn range(&mut self, o: Origin, field: &str, v: f32, lo: f32, hi: f32) {
        if !(lo..=hi).contains(&v) || v.is_nan() {
            self.errors.push(o.err(
                &format!("{field}:"),
                format!("{field} is {v}, but must be between {lo} and {hi}"),
            ));
        }
    }

    fn cond(&mut self, o: Origin, c: &Condition) -> CCond {
        match c {
            Condition::Flag(f) => CCond::Flag(self.flag(o, f)),
            Condition::NotFlag(f) => CCond::NotFlag(self.flag(o, f)),
            Condition::MeterAtLeast { meter, value } => CCond::MeterAtLeast(*meter, *value),
            Condition::MeterBelow { meter, value } => CCond::MeterBelow(*meter, *value),
            Condition::TrustAtLeast { from, to, value } => CCond::TrustAtLeast(*from, *to, *value),
            Condition::TrustBelow { from, to, value } => CCond::TrustBelow(*from, *to, *value),
            Condition::SupportAtLeast { side, value } => CCond::SupportAtLeast(*side, *value),
            Condition::SupportBelow { side, value } => CCond::SupportBelow(*side, *value),
            Condition::ProgrammeAtLeast { field, value } => CCond::ProgrammeAtLeast(*field, *value),
            Condition::ProgrammeBelow { field, value } => CCond::ProgrammeBelow(*field, *value),
            Condition::SidePresent(s) => CCond::SidePresent(*s),
            Condition::ProvisionInForce(p) => CCond::ProvisionInForce(self.provision(o, p)),
            Condition::TurnAtLeast(t) => CCond::TurnAtLeast(*t),
            Condition::MonthIn(ms) => {
                let mut bits = 0u16;
                // Months outside 1-12 are refused by `numbers.rs`, at the month.
                for m in ms.iter().filter(|m| (1..=12).contains(*m)) {
                    bits |= 1 << m;
                }
                CCond::MonthIn(bits)
            }
            Condition::Any(cs) => CCond::Any(cs.iter().map(|c| self.cond(o, c)).collect()),
            Condition::All(cs) => CCond::All(cs.iter().map(|c| self.cond(o, c)).collect()),
        }
    }

    fn conds(&mut self, o: Origin, cs: &[Condition]) -> Box<[CCond]> {
        cs.iter().map(|c| self.cond(o, c)).collect()
    }

    fn effect(&mut self, o: Origin, e: &Effect) -> CEffect {
        match e {
            Effect::Meter { meter, delta } => CEffect::num(NumTarget::Meter(*meter), *delta),
            Effect::Trust { from, to, delta } => CEffect::num(
                NumTarget::Trust {
                    from: *from,
                    to: *to,
                },
                *delta,
            ),
            Effect::TrustOfAll { to, delta } => CEffect::TrustOfAll {
                to: *to,
                delta: *delta,
            },
            Effect::Support { side, delta } => CEffect::num(NumTarget::Support(*side), *delta),
            Effect::Pc { side, delta } => {
                // Its range, like every number's, is checked by `numbers.rs`.
                CEffect::Pc {
                    side: *side,
                    delta: *delta,
                }
            }
            Effect::Programme { field, delta } => {
                if *field == ProgrammeField::ProductionKg {
                    self.errors.push(
                        o.err(
                            "ProductionKg",
                            "production is what the running facilities make: change a facility's \
                         rate (`FacilityRate`) instead of `Programme(field: ProductionKg, ...)`"
                                .to_string(),
                        ),
                    );
                }
                CEffect::num(NumTarget::Programme(*field), *delta)
            }
            Effect::Reveal { share } => CEffect::Reveal { share: *share },
            Effect::FacilityRate { facility, rate } => CEffect::FacilityRate {
                facility: self.facility(o, facility),
                rate: *rate,
            },
            Effect::RevealFacility(f) => CEffect::RevealFacility(self.facility(o, f)),
            Effect::Inspectors(c) => CEffect::Inspectors(*c),
            Effect::SetFlag(f) => CEffect::SetFlag(self.flag(o, f)),
            Effect::ClearFlag(f) => CEffect::ClearFlag(self.flag(o, f)),
            Effect::Lagged { turns, effects } => CEffect::Lagged {
                turns: *turns,
                effects: Arc::from(self.effects(o, effects)),
            },
            Effect::Ramp {
                turns,
                meter,
                delta,
            } => CEffect::Ramp {
                turns: (*turns).max(1),
                meter: *meter,
                delta: *delta,
            },
            Effect::If {
                when,
                then,
                otherwise,
            } => CEffect::If {
                when: self.cond(o, when),
                then: self.effects(o, then),
                otherwise: self.effects(o, otherwise),
            },
        }
    }

    fn effects(&mut self, o: Origin, es: &[Effect]) -> Box<[CEffect]> {
        let mut out = Vec::with_capacity(es.len());
        for e in es {
            // The fissile stock is plutonium + HEU: a change to either (or to the stock, read
            // as plutonium) changes both numbers, so conditions on either read true at once.
            match e {
                Effect::Programme { field, delta }
                    if matches!(
                        field,
                        ProgrammeField::FissileKg
                            | ProgrammeField::PlutoniumKg
                            | ProgrammeField::HeuKg
                    ) =>
                {
                    let material = if *field == ProgrammeField::HeuKg {
                        ProgrammeField::HeuKg
                    } else {
                        ProgrammeField::PlutoniumKg
                    };
                    out.push(CEffect::num(NumTarget::Programme(material), *delta));
                    out.push(CEffect::num(
                        NumTarget::Programme(ProgrammeField::FissileKg),
                        *delta,
                    ));
                }
                _ => out.push(self.effect(o, e)),
            }
        }
        out.into()
    }

    fn signals(&mut self, o: Origin, ss: &[Signal]) -> Box<[CSignal]> {
        ss.iter()
            .map(|s| {
                let w = match self.cameo.get(&s.cameo) {
                    Some((w, _)) => *w,
                    None => {
                        self.errors.push(o.err_ref(
                            &s.cameo,
                            format!(
                                "unknown CAMEO code \"{}\" (add it to the cameo table with its GDELT Goldstein weight)",
                                s.cameo
                            ),
                        ));
                        0.0
                    }
                };
                CSignal {
                    toward: s.toward,
                    value: w * s.intensity,
                }
            })
            .collect()
    }
}

/// The provisions of a `covers` circle through `start` (start first), if there is one.
/// A provision's steps, compiled and checked: each named, and every wait one that can be met
/// (a step cannot wait for the verification of a step before the first, nor for more
/// verified steps than a package could ever hold).
fn check_steps(ctx: &mut Ctx, o: Origin, p: &Provision) -> Vec<CStep> {
    let mut out = Vec::with_capacity(p.steps.len());
    for (k, step) in p.steps.iter().enumerate() {
        if step.name.trim().is_empty() {
            ctx.errors.push(o.err(
                "steps:",
                format!("step {} of provision \"{}\" needs a name", k + 1, p.id),
            ));
        }
        match step.waits_for {
            WaitsFor::PreviousVerified if k == 0 => ctx.errors.push(o.err(
                "PreviousVerified",
                format!(
                    "the first step of provision \"{}\" waits for the step before it, and there is none",
                    p.id
                ),
            )),
            WaitsFor::VerifiedSteps(0) => ctx.errors.push(o.err(
                "VerifiedSteps",
                format!(
                    "step \"{}\" of provision \"{}\" waits for 0 verified steps: leave `waits_for` out instead",
                    step.name, p.id
                ),
            )),
            WaitsFor::VerifiedSteps(n) if n > 12 => ctx.errors.push(o.err(
                "VerifiedSteps",
                format!(
                    "step \"{}\" of provision \"{}\" waits for {n} verified steps; no package holds that many (12 at most)",
                    step.name, p.id
                ),
            )),
            _ => {}
        }
        if let VerifiedBy::Inspection { access, .. } = step.verified_by
            && !(0.0..=100.0).contains(&access)
        {
            ctx.errors.push(o.err(
                "access:",
                format!(
                    "step \"{}\" of provision \"{}\" needs access {access}, but access runs from 0 to 100",
                    step.name, p.id
                ),
            ));
        }
        out.push(CStep {
            after: step.after,
            waits_for: step.waits_for,
            verified_by: step.verified_by,
            effects: ctx.effects(o, &step.effects),
        });
    }
    if out.len() > MAX_STEPS {
        ctx.errors.push(o.err(
            "steps:",
            format!(
                "provision \"{}\" has {} steps; {MAX_STEPS} at most",
                p.id,
                out.len()
            ),
        ));
    }
    out
}

/// The most steps a provision may have (a step count is kept in a byte).
pub const MAX_STEPS: usize = 12;

fn covers_circle(links: &[Vec<usize>], start: usize) -> Option<Vec<usize>> {
    // Depth-first, remembering the path; each provision is entered once.
    let mut seen = vec![false; links.len()];
    let mut path = vec![start];
    let mut next = vec![0usize];
    seen[start] = true;
    while let Some(&at) = path.last() {
        let k = next.last().copied().unwrap_or(0);
        match links[at].get(k) {
            None => {
                path.pop();
                next.pop();
            }
            Some(&q) => {
                if let Some(n) = next.last_mut() {
                    *n += 1;
                }
                if q == start {
                    return Some(path);
                }
                if q < links.len() && !seen[q] {
                    seen[q] = true;
                    path.push(q);
                    next.push(0);
                }
            }
        }
    }
    None
}

/// "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

fn parse_year_month(s: &str) -> Option<(i32, u8)> {
    let (y, m) = s.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let y: i32 = y.parse().ok()?;
    let m: u8 = m.parse().ok()?;
    if (1..=12).contains(&m) {
        Some((y, m))
    } else {
        None
    }
}

/// A month as a count from year 0 ("1994-06" is 1994 × 12 + 5), so that dates compare and
/// step by turns with integer arithmetic.
type Month = i32;

fn month_of(y: i32, m: u8) -> Month {
    y * 12 + m as i32 - 1
}

/// A precedent's date ("2018-06-12", "2017-08" or "1994") as the LAST month it may mean: a
/// precedent dated only by its year happened some time in that year, so an item possible from
/// any month of it is consistent with it.
fn precedent_month(date: &str) -> Option<Month> {
    let mut parts = date.split('-');
    let y: i32 = parts.next()?.parse().ok()?;
    match parts.next() {
        None => Some(month_of(y, 12)),
        Some(m) => {
            let m: u8 = m.parse().ok()?;
            (1..=12).contains(&m).then(|| month_of(y, m))
        }
    }
}

/// An item's window of dates, checked: (first month, last month or None).
type Window = (Month, Option<Month>);

/// Checks an item's `dates` (present, well formed, in order, and not after its own precedent,
/// which shows it was possible then) and returns its window; None after an error.
fn check_dates(
    errors: &mut Vec<ContentError>,
    o: Origin,
    kind: &str,
    id: &str,
    d: &Dates,
    precedent: &Precedent,
    earlier: &[Precedent],
) -> Option<Window> {
    if d.from.is_empty() {
        errors.push(o.err_ref(
            id,
            format!(
                "{kind} \"{id}\" has no dates: add `dates: (from: \"YYYY-MM\", why: \"...\")` \
                 (the first month it could happen, and why)"
            ),
        ));
        return None;
    }
    let parse = |field: &str, s: &str, errors: &mut Vec<ContentError>| match parse_year_month(s) {
        Some((y, m)) => Some(month_of(y, m)),
        None => {
            errors.push(o.err(
                &format!("\"{s}\""),
                format!(
                    "{kind} \"{id}\": {field} \"{s}\" must be a year and month like \"2006-10\""
                ),
            ));
            None
        }
    };
    let from = parse("from", &d.from, errors)?;
    let until = match &d.until {
        Some(u) => Some(parse("until", u, errors)?),
        None => None,
    };
    if until.is_some_and(|u| u < from) {
        errors.push(o.err(
            "until:",
            format!(
                "{kind} \"{id}\": until {} is before from {}",
                d.until.as_deref().unwrap_or_default(),
                d.from
            ),
        ));
        return None;
    }
    if d.why.trim().is_empty() {
        errors.push(o.err(
            "why:",
            format!("{kind} \"{id}\": say why its dates are what they are (`why`)"),
        ));
    }
    check_earlier(errors, o, kind, id, precedent, earlier, from);
    if let Some(p) = precedent_month(&precedent.date)
        && p < from
    {
        errors.push(o.err(
            "dates:",
            format!(
                "{kind} \"{id}\" is possible only from {}, but its precedent is dated {}: \
                 the first possible date cannot come after what happened",
                d.from, precedent.date
            ),
        ));
    }
    Some((from, until))
}

/// Checks an item's earlier precedents: each dated, said and sourced, oldest first, before the
/// main precedent and not before the item's first possible month.
fn check_earlier(
    errors: &mut Vec<ContentError>,
    o: Origin,
    kind: &str,
    id: &str,
    main: &Precedent,
    earlier: &[Precedent],
    from: Month,
) {
    let mut last: Option<Month> = None;
    for e in earlier {
        let at = format!("\"{}\"", e.date);
        let Some(m) = precedent_month(&e.date) else {
            errors.push(o.err(
                &at,
                format!(
                    "{kind} \"{id}\": an earlier precedent's date \"{}\" must be like \"1994-06-15\", \"1994-06\" or \"1994\"",
                    e.date
                ),
            ));
            continue;
        };
        let problem = if e.text.trim().is_empty() || e.source.trim().is_empty() {
            Some("needs its text and its source".to_string())
        } else if e.first_month() >= main.first_month() {
            Some(format!(
                "is not before the main precedent ({}): earlier ones come before it",
                main.date
            ))
        } else if last.is_some_and(|l| m < l) {
            Some("comes before the one above it: list them oldest first".to_string())
        } else if m < from {
            Some(format!(
                "is before the first month the {kind} is possible ({})",
                month_name(from)
            ))
        } else {
            None
        };
        if let Some(p) = problem {
            errors.push(o.err(
                &at,
                format!("{kind} \"{id}\": the earlier precedent of {} {p}", e.date),
            ));
        }
        last = Some(m);
    }
}

/// The turns of a scenario (1-based) on which an item with this window may happen: (first,
/// last), or None if none of them falls inside.
fn turns_inside(w: Window, start: Month, turn_months: u8, turns: u16) -> Option<(u16, u16)> {
    let month = |t: u16| start + (t as i32 - 1) * turn_months.max(1) as i32;
    let inside = |t: &u16| month(*t) >= w.0 && w.1.is_none_or(|u| month(*t) <= u);
    let first = (1..=turns).find(inside)?;
    let last = (first..=turns).rev().find(inside)?;
    Some((first, last))
}

/// A month as "YYYY-MM".
fn month_name(m: Month) -> String {
    format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
}

/// Merges and checks the decks. Returns None only when errors were pushed.
pub(super) fn build(
    decks: &[(&SourceFile, Deck)],
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

    let fac = facilities::gather(decks, errors);
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
    let mut c_provisions = Vec::new();
    for (p, o) in &provisions {
        if p.obligations.is_empty() {
            ctx.errors.push(o.err(
                "obligations:",
                format!("provision \"{}\" obliges nobody", p.id),
            ));
        }
        let mut value = [0.0f32; 5];
        for (side, v) in &p.value {
            value[side.index()] = *v;
        }
        let per_turn = ctx.effects(*o, &p.per_turn);
        let on_break = ctx.effects(*o, &p.on_break);
        let on_sign = ctx.effects(*o, &p.on_sign);
        let steps = check_steps(&mut ctx, *o, p);
        let mut covers = Vec::new();
        for id in &p.covers {
            let q = ctx.provision(*o, id);
            if *id == p.id {
                ctx.errors
                    .push(o.err_ref(id, format!("provision \"{}\" covers itself", p.id)));
            } else if !covers.contains(&q) {
                covers.push(q);
            }
        }
        let [freezes, dismantles, caps, ships_out] = ctx.provision_programme(*o, p);
        c_provisions.push(CProvision {
            freezes,
            dismantles,
            caps,
            ships_out,
            obligations: p.obligations.clone().into(),
            obliges: p
                .obligations
                .iter()
                .fold(0u8, |m, side| m | 1 << side.index()),
            verification_needed: p.verification_needed,
            fast_on_sign: FastByParties::of(&on_sign),
            on_sign,
            fast_per_turn: FastEffects::of_provision(&per_turn),
            per_turn,
            on_break,
            snapback: p.snapback,
            // Completed below (`CProvision::settle_limits`), once what it does to the
            // programme and what the goals say of it are known.
            limits: p.limits,
            rounds: p
                .rounds
                .unwrap_or(if p.limits { rules.talks_rounds } else { 0 }),
            steps: steps.into(),
            covers: covers.into(),
            covered_by: Box::new([]),
            value,
        });
    }

    for i in 0..c_provisions.len() {
        let by: Vec<ProvIx> = (0..c_provisions.len())
            .filter(|&p| c_provisions[p].covers.contains(&(i as ProvIx)))
            .map(|p| p as ProvIx)
            .collect();
        c_provisions[i].covered_by = by.into();
    }
    // `covers` must not go round in a circle, of two provisions or of more: each in a circle
    // would include all the others (they would be one provision), and the opponents' package
    // building follows these links.
    let links: Vec<Vec<usize>> = c_provisions
        .iter()
        .map(|c| c.covers.iter().map(|q| *q as usize).collect())
        .collect();
    let mut reported = vec![false; links.len()];
    for (i, (_, o)) in provisions.iter().enumerate() {
        if reported[i] {
            continue;
        }
        if let Some(circle) = covers_circle(&links, i) {
            for &k in &circle {
                reported[k] = true;
            }
            let names: Vec<String> = circle
                .iter()
                .map(|k| format!("\"{}\"", provisions[*k].0.id))
                .collect();
            let next = &provisions[circle.get(1).copied().unwrap_or(i)].0.id;
            ctx.errors.push(o.err_ref(
                next,
                format!(
                    "provisions {} cover one another in a circle (through `covers`); one of them \
                     must be the narrowest and cover none of the others",
                    join_and(&names)
                ),
            ));
        }
    }

    // 4. Cards.
    let mut c_cards = Vec::new();
    for (c, o) in &cards {
        if c.kind == MoveKind::Offer && c.target.is_none() {
            ctx.errors
                .push(o.err("kind:", format!("offer \"{}\" needs a target side", c.id)));
        }
        if c.target == Some(c.side) {
            ctx.errors.push(o.err(
                "target:",
                format!("card \"{}\" is aimed at its own side", c.id),
            ));
        }
        if c.kind == MoveKind::Covert && c.detection <= 0.0 {
            ctx.errors.push(o.err(
                "kind:",
                format!("covert card \"{}\" needs a detection chance above 0", c.id),
            ));
        }
        if c.signals.is_empty() {
            ctx.errors.push(o.err(
                "signals:",
                format!("card \"{}\" has no signal (every move sends one)", c.id),
            ));
        }
        let package = match &c.package {
            Package::None => CPackage::None,
            Package::Chosen => {
                if c.kind != MoveKind::Offer {
                    ctx.errors.push(o.err(
                        "package:",
                        format!("only offers can carry a package (\"{}\")", c.id),
                    ));
                }
                CPackage::Chosen
            }
            Package::Fixed(ids) => {
                if c.kind != MoveKind::Offer {
                    ctx.errors.push(o.err(
                        "package:",
                        format!("only offers can carry a package (\"{}\")", c.id),
                    ));
                }
                CPackage::Fixed(ids.iter().map(|id| ctx.provision(*o, id)).collect())
            }
        };
        let violates = c.violates.iter().map(|id| ctx.provision(*o, id)).collect();
        let requires = ctx.conds(*o, &c.requires);
        let check = Check::all_of(&requires, c.side, c.target);
        let effects = ctx.effects(*o, &c.effects);
        let signals = ctx.signals(*o, &c.signals);
        let on_reject = ctx.effects(*o, &c.on_reject);
        let on_detect = ctx.effects(*o, &c.on_detect);
        c_cards.push(CCard {
            side: c.side,
            kind: c.kind,
            cost: c.cost,
            target: c.target,
            flat: FlatCheck::of(&check),
            check,
            requires,
            fast: FastEffects::of(&effects, c.side, c.target),
            effects,
            fast_on_reject: FastByParties::of(&on_reject),
            on_reject,
            package,
            fast_signals: FastSignals::of(&signals, c.side, c.target),
            signals,
            detection: c.detection,
            fast_on_detect: FastByParties::of(&on_detect),
            on_detect,
            violates,
            cooldown: c.cooldown,
        });
    }

    // 5. Events.
    let mut c_events = Vec::new();
    for (e, o) in &events {
        // A dated real happening never also comes at random (issue 21, anachronisms: a generic
        // "South Korea votes" fired in months without an election).
        if e.on_calendar && (e.weight != 0.0 || !e.weight_if.is_empty()) {
            ctx.errors.push(o.err(
                "weight",
                format!(
                    "event \"{}\" is on the calendar (`on_calendar: true`): it comes only on the dates a scenario schedules, so its weight must be 0.0 and it takes no weight_if",
                    e.id
                ),
            ));
        }
        if e.on_calendar && e.dates.until.is_none() {
            ctx.errors.push(o.err(
                "dates",
                format!(
                    "event \"{}\" is on the calendar (`on_calendar: true`): its dates need the last month it falls in (`until`)",
                    e.id
                ),
            ));
        }
        let weight_if = e
            .weight_if
            .iter()
            .map(|m| (ctx.cond(*o, &m.when), m.factor))
            .collect();
        let effects = ctx.effects(*o, &e.effects);
        let signals = ctx.signals(*o, &e.signals);
        c_events.push(CEvent {
            actor: e.actor,
            incident: e.incident,
            weight: e.weight,
            weight_if,
            requires: ctx.conds(*o, &e.requires),
            fast: FastEffects::of(&effects, e.actor.unwrap_or(SideId::Us), None),
            effects,
            fast_signals: e.actor.map(|a| FastSignals::of(&signals, a, None)),
            signals,
        });
    }

    // 6. Personas.
    let mut c_personas = Vec::new();
    for (p, o) in &personas {
        c_personas.push(build_persona(&mut ctx, p, *o, &ids, &cards));
    }

    // 7. Scenarios.
    let personas_sides: Vec<[bool; 5]> = c_personas.iter().map(|p| p.sides).collect();
    let mut c_scenarios = Vec::new();
    for (s, o) in &scenarios {
        let programme = facilities::scenario_programme(&mut ctx, s, *o, &fac);
        c_scenarios.push(build_scenario(
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
        if let Some(cs) = c_scenarios.last_mut() {
            cs.programme = programme;
        }
    }

    // 7a. Dates: each scenario offers a card, draws an event and puts a provision on the
    //     table only on the turns its dates allow.
    for ((s, o), cs) in scenarios.iter().zip(c_scenarios.iter_mut()) {
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
                Some(CCampaign {
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
    for ((sc, o), cs) in scenarios.iter().zip(&c_scenarios) {
        for (i, c) in c_cards.iter().enumerate() {
            let CPackage::Fixed(ps) = &c.package else {
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
    //    offer's target never sits at the same table.
    for (i, (c, o)) in cards.iter().enumerate() {
        let playable = c_scenarios.iter().any(|cs| {
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
    for (i, c) in c_cards.iter().enumerate() {
        cards_by_side[c.side.index()].push(i as CardIx);
    }
    let incident_events: Vec<EventIx> = (0..c_events.len())
        .filter(|i| c_events[*i].incident)
        .map(|i| i as EventIx)
        .collect();
    let ordinary_events: Vec<EventIx> = (0..c_events.len())
        .filter(|i| !c_events[*i].incident && c_events[*i].weight > 0.0)
        .map(|i| i as EventIx)
        .collect();
    for cs in c_scenarios.iter_mut() {
        let seated = cs.sides.each_ref().map(|s| s.is_some());
        let draws = |list: &[EventIx]| -> Box<[CDraw]> {
            list.iter()
                .filter_map(|&e| CDraw::settle(e, &c_events[e as usize], &seated))
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
        cs.incident_base = incidents.iter().map(|e| c_events[*e as usize].weight).sum();
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
        programme_provisions: c_provisions
            .iter()
            .enumerate()
            .take(super::check::MAX_FAST_PROVISIONS)
            .filter(|(_, p)| p.touches_programme())
            .fold(0u128, |m, (i, _)| m | 1u128 << i),
        programme_provisions_beyond: c_provisions
            .iter()
            .skip(super::check::MAX_FAST_PROVISIONS)
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
    let (goals, benchmark) = super::goals::gather(decks, &provision_ids, &ladder, ctx.errors);
    // A provision a limiting goal names limits the programme, whether or not its own deck says
    // `limits: true` (a teacher's new provision judged by a new goal needs no second word).
    for (i, (p, _)) in provisions.iter().enumerate() {
        if goals
            .iter()
            .any(|g| g.limit && g.served_by.iter().any(|s| s.provision == p.id))
        {
            c_provisions[i].limits = true;
        }
    }
    for c in c_provisions.iter_mut() {
        c.settle_limits();
    }
    let needed: HashMap<&str, f32> = provisions
        .iter()
        .map(|(p, _)| (p.id.as_str(), p.verification_needed))
        .collect();
    super::goals::check_verified_thresholds(decks, &needed, ctx.errors);
    if !ctx.errors.is_empty() {
        return None;
    }

    Some(ContentDb {
        cards: cards.into_iter().map(|(c, _)| c).collect(),
        events: events.into_iter().map(|(e, _)| e).collect(),
        provisions: provisions.into_iter().map(|(p, _)| p).collect(),
        facilities: fac.list,
        c_facilities: fac.compiled,
        scenarios: scenarios.into_iter().map(|(s, _)| s).collect(),
        personas: personas.into_iter().map(|(p, _)| p).collect(),
        flags: flags.into_iter().map(|(f, _)| f).collect(),
        ladder,
        rules,
        goals,
        benchmark,
        campaigns: campaigns.into_iter().map(|(c, _)| c).collect(),
        cameo,
        c_cards,
        c_events,
        c_provisions,
        c_scenarios,
        c_personas,
        derived,
        cards_by_side,
        ids,
        hash: 0,
        origin: String::new(),
    })
}

/// How many cards, provisions and events the decks hold: what a scenario's exclusion lists
/// are laid over.
#[derive(Clone, Copy)]
struct DeckSizes {
    cards: usize,
    provisions: usize,
    events: usize,
}

fn build_scenario(
    ctx: &mut Ctx,
    s: &Scenario,
    o: Origin,
    ids: &HashMap<String, IdRef>,
    sizes: DeckSizes,
    personas_sides: &[[bool; 5]],
) -> CScenario {
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
    let mut sides: [Option<CScenarioSide>; 5] = Default::default();
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
                    ObjectiveTest::AtEnd(c) => CObjectiveTest::AtEnd(ctx.cond(o, c)),
                    ObjectiveTest::Always(c) => CObjectiveTest::Always(ctx.cond(o, c)),
                    ObjectiveTest::LastTurns { turns, condition } => {
                        CObjectiveTest::LastTurns(*turns, ctx.cond(o, condition))
                    }
                    ObjectiveTest::ForTurns { turns, condition } => {
                        CObjectiveTest::ForTurns(*turns, ctx.cond(o, condition))
                    }
                    ObjectiveTest::Ever(c) => CObjectiveTest::Ever(ctx.cond(o, c)),
                    ObjectiveTest::NoWar => CObjectiveTest::NoWar,
                };
                CObjective {
                    weight: obj.weight,
                    test,
                }
            })
            .collect();
        let shifts = build_shifts(ctx, o, ss, ids, personas_sides);
        let factions = build_factions(ctx, o, ss, ids);
        sides[ss.side.index()] = Some(CScenarioSide {
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
    let tracked = CScenario::tracked_objectives(&sides);
    let checks: Vec<Check> = tracked.iter().map(|(_, _, c)| c.clone()).collect();
    let tracked_table = CheckTable::compile(&checks);
    let (pairs, unordered_pairs) = CScenario::seated_pairs(&sides);
    CScenario {
        // Compiled by `facilities::scenario_programme`, set by the caller.
        programme: CProgramme::default(),
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
        pair_mask: CScenario::pair_mask(&pairs),
        pairs,
        unordered_pairs,
    }
}

/// A scenario side's changes of mind, compiled: each names a persona that plays the side, a
/// reason, and a length of at least one turn; at most 32 a side (`Mind::fired` is a bit set).
fn build_shifts(
    ctx: &mut Ctx,
    o: Origin,
    ss: &ScenarioSide,
    ids: &HashMap<String, IdRef>,
    personas_sides: &[[bool; 5]],
) -> Box<[CShift]> {
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
            CShift {
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
fn build_factions(
    ctx: &mut Ctx,
    o: Origin,
    ss: &ScenarioSide,
    ids: &HashMap<String, IdRef>,
) -> Box<[CFaction]> {
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
            CFaction {
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

fn build_persona(
    ctx: &mut Ctx,
    p: &Persona,
    o: Origin,
    ids: &HashMap<String, IdRef>,
    cards: &[(Card, Origin)],
) -> CPersona {
    if p.sides.is_empty() {
        ctx.errors
            .push(o.err("sides:", format!("persona \"{}\" plays no side", p.id)));
    }
    let mut sides = [false; 5];
    for s in &p.sides {
        sides[s.index()] = true;
    }
    let card = |ctx: &mut Ctx, id: &str| -> CardIx {
        match ids.get(id) {
            Some(IdRef::Card(i)) => {
                let side = cards[*i as usize].0.side;
                if !sides[side.index()] {
                    ctx.errors.push(o.err_ref(
                        id,
                        format!(
                            "card \"{id}\" belongs to {}, which persona \"{}\" does not play",
                            side.id(),
                            p.id
                        ),
                    ));
                }
                *i
            }
            _ => {
                ctx.errors
                    .push(o.err_ref(id, format!("unknown card \"{id}\"")));
                0
            }
        }
    };
    let card_list = |ctx: &mut Ctx, list: &[(String, f32)]| -> Box<[(CardIx, f32)]> {
        list.iter().map(|(id, v)| (card(ctx, id), *v)).collect()
    };
    let card_bias = card_list(ctx, &p.card_bias);
    let rules = p
        .rules
        .iter()
        .map(|r| {
            if r.reason.trim().is_empty() {
                ctx.errors.push(o.err(
                    "reason:",
                    format!("persona \"{}\": every rule needs a reason", p.id),
                ));
            }
            CPersonaRule {
                when: ctx.cond(o, &r.when),
                cards: card_list(ctx, &r.cards),
                cooperation: r.cooperation,
                accept: r.accept,
                back_down: r.back_down,
            }
        })
        .collect();
    let provs = |ctx: &mut Ctx, list: &[String]| -> Box<[ProvIx]> {
        list.iter().map(|id| ctx.provision(o, id)).collect()
    };
    let mut meter_weights = [0.0; 6];
    for (m, w) in &p.meter_weights {
        meter_weights[m.index()] += w;
    }
    let mut programme_weights = [0.0; PROGRAMME_FIELDS];
    for (f, w) in &p.programme_weights {
        programme_weights[f.index()] += w;
    }
    let mut trust_weights = [0.0; 5];
    for (s, w) in &p.trust_weights {
        trust_weights[s.index()] += w;
    }
    let flag_weights = p
        .flag_weights
        .iter()
        .map(|(f, w)| (ctx.flag(o, f), *w))
        .collect();
    let provision_bias = p
        .provision_bias
        .iter()
        .map(|(id, w)| (ctx.provision(o, id), *w))
        .collect();
    let package_rules = p
        .package_rules
        .iter()
        .map(|r| CPackageRule {
            if_any: provs(ctx, &r.if_any),
            require_all: provs(ctx, &r.require_all),
            require_any: provs(ctx, &r.require_any),
        })
        .collect();
    CPersona {
        sides,
        cooperation: p.cooperation,
        objectives: p.objectives,
        caution: p.caution,
        meter_weights,
        programme_weights,
        flag_weights,
        trust_weights,
        support_weight: p.support_weight,
        card_bias,
        rules,
        reserve_pc: p.reserve_pc,
        min_value: p.min_value,
        temperature: p.temperature,
        provision_bias,
        never_accept: provs(ctx, &p.never_accept),
        require_in_package: provs(ctx, &p.require_in_package),
        package_rules,
        accept_threshold: p.accept_threshold,
        asks: provs(ctx, &p.asks),
        gives: provs(ctx, &p.gives),
        max_asks: p.max_asks,
        generosity: p.generosity,
        back_down_above: p.back_down_above,
    }
}
