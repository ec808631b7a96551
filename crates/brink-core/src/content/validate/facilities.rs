//! The programme's facilities (`decks/programme.ron`): gathered and checked, and what the
//! provisions and scenarios say of them compiled into the masks and arrays the engine reads
//! (design §10, "The programme").

use std::collections::HashMap;

use super::dates::{Window, check_dates, month_name, month_of, parse_year_month};
use super::{Ctx, Origin};
use crate::content::compiled::{
    CompiledFacility, CompiledProgramme, EstimateRule, FacIx, MAX_FACILITIES, OutageRule,
    PROGRAMME_MAX,
};
use crate::content::load::{ContentError, SourceFile};
use crate::content::schema::{
    Deck, Facility, Outages, ProgrammeField, Provision, Rules, Scenario, ScenarioProgramme,
    SiteStatus,
};

/// The facilities of every deck, in deck order (a facility's index is its place here).
pub(super) struct Facilities {
    pub list: Vec<Facility>,
    pub compiled: Vec<CompiledFacility>,
    pub ix: HashMap<String, FacIx>,
    windows: Vec<Option<Window>>,
}

/// Gathers and checks the facilities: unique lowercase-kebab ids, at most `MAX_FACILITIES`,
/// a stock made (and one used up, other than the one made), and dates.
pub(super) fn gather(decks: &[(&SourceFile, Deck)], errors: &mut Vec<ContentError>) -> Facilities {
    let mut list = Vec::new();
    let mut compiled = Vec::new();
    let mut ix = HashMap::new();
    let mut windows = Vec::new();
    for (src, deck) in decks {
        for f in &deck.facilities {
            let o = Origin::of(src, &f.id);
            if !super::is_kebab(&f.id) {
                errors.push(o.err_ref(
                    &f.id,
                    format!("id \"{}\" must be lowercase-kebab (a-z, 0-9 and -)", f.id),
                ));
            }
            if ix.contains_key(&f.id) {
                errors.push(o.err_ref(&f.id, format!("duplicate facility \"{}\"", f.id)));
                continue;
            }
            if list.len() == MAX_FACILITIES {
                errors.push(o.err_ref(
                    &f.id,
                    format!(
                        "facility \"{}\" is one too many: the engine holds at most \
                         {MAX_FACILITIES} facilities",
                        f.id
                    ),
                ));
                continue;
            }
            if !f.makes.is_stock() {
                errors.push(o.err(
                    "makes:",
                    format!(
                        "facility \"{}\" makes {:?}, but a facility makes a stock: \
                         SpentFuelKg, PlutoniumKg, HeuKg or Missiles",
                        f.id, f.makes
                    ),
                ));
            }
            if let Some(u) = f.uses
                && (!u.is_stock() || u == f.makes)
            {
                errors.push(o.err(
                    "uses:",
                    format!(
                        "facility \"{}\" uses {u:?}: it must be a stock other than the one it makes",
                        f.id
                    ),
                ));
            }
            windows.push(check_dates(
                errors,
                o,
                "facility",
                &f.id,
                &f.dates,
                &f.precedent,
                &[],
            ));
            ix.insert(f.id.clone(), list.len() as FacIx);
            compiled.push(CompiledFacility {
                makes: f.makes,
                uses: f.uses,
                declared: f.declared,
            });
            list.push(f.clone());
        }
    }
    Facilities {
        list,
        compiled,
        ix,
        windows,
    }
}

impl Ctx<'_> {
    /// A facility id, resolved (0 after an error).
    pub(super) fn facility(&mut self, o: Origin, id: &str) -> FacIx {
        match self.facilities.get(id) {
            Some(i) => *i,
            None => {
                self.errors.push(o.err_ref(
                    id,
                    format!(
                        "unknown facility \"{id}\" (facilities are listed in decks/programme.ron)"
                    ),
                ));
                0
            }
        }
    }

    fn facility_mask(&mut self, o: Origin, ids: &[String]) -> u16 {
        ids.iter().fold(0u16, |m, id| m | 1 << self.facility(o, id))
    }

    /// A provision's `freezes`, `dismantles`, `caps` and `ships_out` as masks.
    pub(super) fn provision_programme(&mut self, o: Origin, p: &Provision) -> [u16; 4] {
        let counts = |fields: &[ProgrammeField], what: &str, errors: &mut Vec<ContentError>| {
            let mut m = 0u16;
            for f in fields {
                let ok = f.is_stock() || *f == ProgrammeField::Warheads;
                if !ok {
                    errors.push(o.err(
                        &format!("{what}:"),
                        format!(
                            "provision \"{}\" {what} {f:?}: only warheads, missiles and the \
                             stocks of material (PlutoniumKg, HeuKg, SpentFuelKg) can be",
                            p.id
                        ),
                    ));
                }
                m |= 1 << f.index();
            }
            m
        };
        let caps = counts(&p.caps, "caps", self.errors);
        let ships_out = counts(&p.ships_out, "ships_out", self.errors);
        [
            self.facility_mask(o, &p.freezes),
            self.facility_mask(o, &p.dismantles),
            caps,
            ships_out,
        ]
    }
}

/// Whether an estimates' range (lowest, highest) is one the programme can hold and holds the
/// scenario's own figure `x`.
fn range_holds((lo, hi): (f32, f32), x: f32) -> bool {
    lo.is_finite() && hi.is_finite() && 0.0 <= lo && lo <= x && x <= hi && hi <= PROGRAMME_MAX
}

/// A plant's outages in the scenario's turns of `months` months each, or what is wrong with
/// them: a chance a month becomes the chance in a turn's months, and months of idleness whole
/// turns (a part-turn outage idles the turn).
fn outage_rule(o: &Outages, months: f32) -> Result<OutageRule, String> {
    let (lo, hi) = o.months;
    if !(o.chance.is_finite() && 0.0 < o.chance && o.chance <= 1.0) {
        return Err(format!(
            "need a chance a month above 0 and at most 1, not {}",
            o.chance
        ));
    }
    let months_ok = |(lo, hi): (u16, u16)| 1 <= lo && lo <= hi && hi <= 120;
    if !months_ok((lo, hi)) {
        return Err(format!(
            "need months (fewest, most) with 1 <= fewest <= most <= 120, not ({lo}, {hi})"
        ));
    }
    if let Some(u) = o.under_way
        && !months_ok(u)
    {
        return Err(format!(
            "need the stop under way to last (fewest, most) months with 1 <= fewest <= most \
             <= 120, not ({}, {})",
            u.0, u.1
        ));
    }
    let turns = |m: u16| (m as f32 / months).ceil().max(1.0) as u16;
    Ok(OutageRule {
        chance: 1.0 - (1.0 - o.chance).powf(months),
        turns: (turns(lo), turns(hi)),
        under_way: o.under_way.map_or((0, 0), |(a, b)| (turns(a), turns(b))),
    })
}

/// `CompiledProgramme::warhead_spread` for a scenario whose others start from `band` at
/// `verification`: the estimate's half-width, less the one warhead every band keeps, over the
/// estimate and what verification leaves unseen. A band too narrow for that, or around none,
/// keeps the one warhead only.
fn warhead_spread(band: (f32, f32), verification: f32) -> f32 {
    let (lo, hi) = band;
    let mid = (lo + hi) / 2.0;
    let unseen = 1.0 - verification / 100.0;
    let spread = ((hi - lo) / 2.0 - 1.0) / (mid * unseen);
    if spread.is_finite() {
        spread.max(0.0)
    } else {
        0.0
    }
}

/// A scenario's programme compiled, with its facilities checked against the deck and the
/// scenario's dates.
pub(super) fn scenario_programme(
    ctx: &mut Ctx,
    s: &Scenario,
    o: Origin,
    fac: &Facilities,
    rules: &Rules,
) -> CompiledProgramme {
    let p: &ScenarioProgramme = &s.programme;
    let months = s.turn_months.max(1) as f32;
    let mut c = CompiledProgramme {
        rate: [0.0; MAX_FACILITIES],
        rate_range: [(0.0, 0.0); MAX_FACILITIES],
        uncertain: 0,
        warheads_range: None,
        outages: 0,
        outage: [OutageRule::default(); MAX_FACILITIES],
        turns: s.turns,
        estimate: EstimateRule {
            spread: warhead_spread(p.warhead_band, s.verification),
            // Below, once the known plants are listed.
            worth_per_kg: 0.0,
            assembly: p.assembly_per_month * months,
            suspected: 0,
            suspected_worth: [0.0; MAX_FACILITIES],
        },
        ready: [0; MAX_FACILITIES],
        present: 0,
        known: 0,
        assembly_per_turn: p.assembly_per_month * months,
        turn_months: months,
        legacy_production: if p.sites.is_empty() {
            p.production_kg
        } else {
            0.0
        },
    };
    if let Some((lo, hi)) = p.warheads_range {
        if !range_holds((lo, hi), p.warheads) {
            ctx.errors.push(o.err(
                "warheads_range:",
                format!(
                    "scenario \"{}\": its warheads_range ({lo}, {hi}) must hold its warheads \
                     ({}): (lowest, highest), with 0 <= lowest <= warheads <= highest",
                    s.id, p.warheads
                ),
            ));
        } else if lo < hi {
            c.warheads_range = Some((lo, hi));
        }
    }
    let start = parse_year_month(&s.start).map(|(y, m)| month_of(y, m));
    for site in &p.sites {
        let Some(&f) = fac.ix.get(&site.facility) else {
            ctx.facility(o, &site.facility);
            continue;
        };
        let bit = 1u16 << f;
        if c.present & bit != 0 {
            ctx.errors.push(o.err_ref(
                &site.facility,
                format!(
                    "scenario \"{}\" lists facility \"{}\" twice",
                    s.id, site.facility
                ),
            ));
        }
        if site.source.trim().is_empty() {
            ctx.errors.push(o.err_ref(
                &site.facility,
                format!(
                    "facility \"{}\" in scenario \"{}\": say where its rate comes from (`source`)",
                    site.facility, s.id
                ),
            ));
        }
        if let (Some(start), Some((from, until))) = (start, fac.windows[f as usize])
            && (start < from || until.is_some_and(|u| start > u))
        {
            ctx.errors.push(o.err_ref(
                &site.facility,
                format!(
                    "facility \"{}\" existed from {} to {}, not at the start of scenario \"{}\" ({})",
                    site.facility,
                    month_name(from),
                    until.map_or("now".to_string(), month_name),
                    s.id,
                    month_name(start),
                ),
            ));
        }
        c.present |= bit;
        c.rate[f as usize] = site.rate * months;
        if let Some((lo, hi)) = site.range {
            if !range_holds((lo, hi), site.rate) {
                ctx.errors.push(o.err_ref(
                    &site.facility,
                    format!(
                        "facility \"{}\" in scenario \"{}\": its range ({lo}, {hi}) must hold its \
                         rate ({}): (lowest, highest), with 0 <= lowest <= rate <= highest",
                        site.facility, s.id, site.rate
                    ),
                ));
            } else if lo < hi {
                c.uncertain |= bit;
                c.rate_range[f as usize] = (lo * months, hi * months);
            }
        }
        if let Some(out) = &site.outages {
            match outage_rule(out, months) {
                Ok(rule) => {
                    c.outages |= bit;
                    c.outage[f as usize] = rule;
                }
                Err(what) => ctx.errors.push(o.err_ref(
                    &site.facility,
                    format!(
                        "facility \"{}\" in scenario \"{}\": its outages {what}",
                        site.facility, s.id
                    ),
                )),
            }
        }
        c.ready[f as usize] = match site.status {
            SiteStatus::Running => 0,
            // Ready on the first turn that starts at or after the month it is built.
            SiteStatus::Building { months: m } => {
                1 + (m as f32 / months).ceil().min(u16::MAX as f32 - 1.0) as u16
            }
        };
        if fac.compiled[f as usize].declared || site.known {
            c.known |= bit;
        }
        if site.suspected {
            let why = if !fac.compiled[f as usize].makes_fissile() {
                Some(
                    "only a plant that makes fissile material can be suspected (what the others allow for is weapons' worth)",
                )
            } else if c.known & bit != 0 {
                Some(
                    "the others know of it (declared, or `known: true`), so there is nothing to suspect",
                )
            } else {
                None
            };
            match why {
                Some(why) => ctx.errors.push(o.err_ref(
                    &site.facility,
                    format!(
                        "facility \"{}\" in scenario \"{}\" is `suspected`, but {why}",
                        site.facility, s.id
                    ),
                )),
                None => {
                    c.estimate.suspected |= bit;
                    c.estimate.suspected_worth[f as usize] =
                        c.rate[f as usize] / per_warhead(&fac.compiled[f as usize], rules);
                }
            }
        }
    }
    if !p.sites.is_empty() {
        let made: f32 = (0..MAX_FACILITIES)
            .filter(|&f| c.present >> f & 1 != 0 && c.ready[f] == 0)
            .filter(|&f| fac.compiled[f].makes_fissile())
            .map(|f| c.rate[f] / months)
            .sum();
        if (p.production_kg - made).abs() > 0.01 {
            ctx.errors.push(o.err(
                "production_kg:",
                format!(
                    "scenario \"{}\": production_kg is {} a month but its running sites make \
                     {made} kg of fissile material a month: with `sites`, production is their sum",
                    s.id, p.production_kg
                ),
            ));
        }
        let sum = p.plutonium_kg + p.heu_kg;
        if (p.fissile_kg - sum).abs() > 0.01 {
            ctx.errors.push(o.err(
                "fissile_kg:",
                format!(
                    "scenario \"{}\": fissile_kg is {} but plutonium_kg + heu_kg is {sum}: with \
                     `sites`, the fissile stock is the sum of the two",
                    s.id, p.fissile_kg
                ),
            ));
        }
    }
    c.estimate.worth_per_kg = worth_per_kg(&c, &fac.compiled, rules);
    c
}

/// The kilograms of what `fac` makes that go into a warhead (never zero).
fn per_warhead(fac: &CompiledFacility, rules: &Rules) -> f32 {
    let per = if fac.makes == ProgrammeField::HeuKg {
        rules.heu_per_warhead
    } else {
        rules.kg_per_warhead
    };
    per.max(f32::MIN_POSITIVE)
}

/// `EstimateRule::worth_per_kg`: the weapons' worth of the known plants' fissile output at the
/// start over its kilograms.
fn worth_per_kg(c: &CompiledProgramme, fac: &[CompiledFacility], rules: &Rules) -> f32 {
    let (mut kg, mut worth) = (0.0f32, 0.0f32);
    for f in (0..MAX_FACILITIES).filter(|&f| c.known >> f & 1 != 0) {
        if c.present >> f & 1 != 0 && fac[f].makes_fissile() {
            kg += c.rate[f];
            worth += c.rate[f] / per_warhead(&fac[f], rules);
        }
    }
    if kg > 0.0 {
        worth / kg
    } else {
        1.0 / rules.kg_per_warhead.max(f32::MIN_POSITIVE)
    }
}
