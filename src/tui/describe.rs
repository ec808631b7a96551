//! Cards, effects and provisions in words, for the card panel and the offer screen. The engine's
//! `text` module speaks of causes and the log; this speaks of what a card *would* do.

use crate::content::{Card, ContentDb, Effect, MoveKind, Package, SideId, Who};
use crate::engine::text::condition_text;

pub fn kind_label(k: MoveKind) -> &'static str {
    match k {
        MoveKind::Unilateral => "unilateral",
        MoveKind::Offer => "offer",
        MoveKind::Covert => "covert",
    }
}

/// One glyph per kind, so the kind reads without colour.
pub fn kind_glyph(k: MoveKind) -> &'static str {
    match k {
        MoveKind::Unilateral => "U",
        MoveKind::Offer => "O",
        MoveKind::Covert => "C",
    }
}

fn who(w: Who, actor: SideId, target: Option<SideId>) -> String {
    match w {
        Who::Actor => actor.label().to_string(),
        Who::Target => target
            .map(|t| t.label())
            .unwrap_or("the target")
            .to_string(),
        Who::Side(s) => s.label().to_string(),
    }
}

fn flag_text(db: &ContentDb, id: &str) -> String {
    db.flags
        .iter()
        .find(|f| f.id == id)
        .map(|f| f.description.trim_end_matches('.').to_string())
        .unwrap_or_else(|| id.replace('_', " "))
}

/// What a provision does to the programme, as `viewer` may know it in this game: "Stops: 5 MWe
/// reactor, Reprocessing", "Takes apart: ...", "Caps: warheads, long-range missiles at their
/// level on signing", "Ships out: ...". Facilities the scenario lacks are left out; those
/// the viewer does not know of are "any undeclared site".
pub fn provision_programme_text(
    db: &ContentDb,
    p: &crate::content::Provision,
    sites: &crate::engine::state::Sites,
) -> Vec<String> {
    let named = |ids: &[String]| -> Option<String> {
        let mut names = Vec::new();
        let mut hidden = false;
        for id in ids {
            let Some(i) = db.facility_ix(id).map(usize::from) else {
                continue;
            };
            if sites.present >> i & 1 != 0 {
                names.push(db.facilities[i].short.clone());
            } else if !db.facilities[i].declared {
                hidden = true;
            }
        }
        if hidden {
            names.push("any undeclared site".into());
        }
        (!names.is_empty()).then(|| names.join(", "))
    };
    let fields = |fs: &[crate::content::ProgrammeField]| {
        fs.iter().map(|f| f.label()).collect::<Vec<_>>().join(", ")
    };
    let mut out = Vec::new();
    if let Some(n) = named(&p.freezes) {
        out.push(format!("Stops: {n}."));
    }
    if let Some(n) = named(&p.dismantles) {
        out.push(format!("Takes apart: {n}."));
    }
    if !p.caps.is_empty() {
        out.push(format!(
            "Caps {} at their level on signing.",
            fields(&p.caps)
        ));
    }
    if !p.ships_out.is_empty() {
        out.push(format!("Ships out: {}.", fields(&p.ships_out)));
    }
    if (!p.freezes.is_empty() || !p.dismantles.is_empty()) && out.is_empty() {
        out.push("Stops nothing that exists in this scenario.".into());
    }
    out
}

/// A facility's name by id (the id itself if the deck has none).
pub fn facility_name(db: &ContentDb, id: &str) -> String {
    db.facilities
        .iter()
        .find(|f| f.id == id)
        .map_or_else(|| id.to_string(), |f| f.name.clone())
}

/// "+5", "-0.5": whole numbers without decimals.
fn num(d: f32) -> String {
    if (d - d.round()).abs() < 0.01 {
        format!("{d:+.0}")
    } else {
        format!("{d:+.1}")
    }
}

/// One effect as a short phrase: "tension −6", "trust DPRK→US +5", "Tests are on hold" (a
/// flag set reads as its own sentence), "ends: Tests are on hold".
pub fn effect_text(db: &ContentDb, e: &Effect, actor: SideId, target: Option<SideId>) -> String {
    match e {
        Effect::Meter { meter, delta } => format!("{} {}", meter.label(), num(*delta)),
        Effect::Trust { from, to, delta } => format!(
            "trust {}→{} {}",
            who(*from, actor, target),
            who(*to, actor, target),
            num(*delta)
        ),
        Effect::TrustOfAll { to, delta } => {
            format!(
                "everyone's trust in {} {}",
                who(*to, actor, target),
                num(*delta)
            )
        }
        Effect::Support { side, delta } => {
            format!("{} support {}", who(*side, actor, target), num(*delta))
        }
        Effect::Pc { side, delta } => format!(
            "{} political capital {delta:+} next turn",
            who(*side, actor, target)
        ),
        Effect::Programme { field, delta } => format!("{} {}", field.label(), num(*delta)),
        Effect::Inspectors(crate::content::InspectorsChange::Invite(r)) => {
            format!("inspectors invited: {}", r.label())
        }
        Effect::Inspectors(crate::content::InspectorsChange::Expel) => {
            "inspectors sent home: their access and months of presence are lost".into()
        }
        Effect::Reveal { share } => format!(
            "the public estimate of the programme closes {:.0}% of its gap to the truth",
            share * 100.0
        ),
        Effect::FacilityRate { facility, rate } => format!(
            "{} makes {} kg a month",
            facility_name(db, facility),
            num(*rate)
        ),
        Effect::RevealFacility(f) => format!("{} becomes known to all", facility_name(db, f)),
        // The flag's text is already a statement of the new state; after "If you accept:" or
        // "On signing:" a "now:" in front of it read as a stutter.
        Effect::SetFlag(f) => flag_text(db, f),
        Effect::ClearFlag(f) => format!("ends: {}", flag_text(db, f)),
        // In brackets: the effects that follow it in the same list happen now, not then.
        Effect::Lagged { turns, effects } => format!(
            "in {turns} turn{} ({})",
            if *turns == 1 { "" } else { "s" },
            effects_text(db, effects, actor, target).join("; ")
        ),
        Effect::Ramp {
            turns,
            meter,
            delta,
        } => format!(
            "{} {} spread over {turns} turns",
            meter.label(),
            num(*delta)
        ),
        Effect::If {
            when,
            then,
            otherwise,
        } => {
            if let Some(s) = ladder_text(db, e, actor, target) {
                return s;
            }
            // In brackets, like a lag's: the list it sits in goes on after it.
            let mut s = format!(
                "if {} ({})",
                condition_text(db, when),
                effects_text(db, then, actor, target).join("; ")
            );
            if !otherwise.is_empty() {
                s.push_str(&format!(
                    ", otherwise ({})",
                    effects_text(db, otherwise, actor, target).join("; ")
                ));
            }
            s
        }
    }
}

/// A ladder of conditions that each change the same number by a different step ("if
/// production at least 3: production −1.5; otherwise if production at least 1: production
/// −0.5; …") in one line: "production (kg/turn) −1.5 at 3 or more, −0.5 from 1 to 3, …" (see
/// `bands_text`), or "… −1.5 if at least 3, else …" where the rungs are not such bands. None
/// for anything else, which is spelled out in full.
fn ladder_text(
    db: &ContentDb,
    e: &Effect,
    actor: SideId,
    target: Option<SideId>,
) -> Option<String> {
    let mut rungs: Vec<(String, String)> = Vec::new();
    let mut name: Option<String> = None;
    let mut cur = e;
    loop {
        let Effect::If {
            when,
            then,
            otherwise,
        } = cur
        else {
            return None;
        };
        let [step] = &then[..] else {
            return None;
        };
        if !matches!(
            step,
            Effect::Meter { .. }
                | Effect::Programme { .. }
                | Effect::Trust { .. }
                | Effect::Support { .. }
        ) {
            return None;
        }
        // "production (kg/turn) -1.5": the number's name, then the step.
        let text = effect_text(db, step, actor, target);
        let (n, delta) = text.rsplit_once(' ')?;
        if name.get_or_insert_with(|| n.to_string()) != n {
            return None;
        }
        let cond = condition_text(db, when);
        let cond = cond
            .strip_prefix(n)
            .map_or(cond.clone(), |c| c.trim_start().to_string());
        rungs.push((delta.to_string(), cond));
        match &otherwise[..] {
            [] => break,
            [next] => cur = next,
            _ => return None,
        }
    }
    if rungs.len() < 2 {
        return None;
    }
    if let Some(bands) = bands_text(&rungs) {
        return Some(format!("{} {bands}", name?));
    }
    let steps: Vec<String> = rungs
        .iter()
        .map(|(delta, cond)| format!("{delta} if {cond}"))
        .collect();
    Some(format!("{} {}", name?, steps.join(", else ")))
}

/// A ladder whose rungs are "at least" thresholds, highest first, as the bands a student reads
/// like a tax table: "−1.5 at 3 or more, −0.5 from 1 to 3, −0.3 from 0.4 to 1, none below 0.4".
/// None if the rungs are anything else.
fn bands_text(rungs: &[(String, String)]) -> Option<String> {
    let mut limits: Vec<(&str, f32)> = Vec::new();
    for (_, cond) in rungs {
        let t = cond.strip_prefix("at least ")?;
        let v: f32 = t.parse().ok()?;
        if limits.last().is_some_and(|&(_, above)| v >= above) {
            return None;
        }
        limits.push((t, v));
    }
    let mut parts: Vec<String> = Vec::new();
    for (k, ((delta, _), (t, _))) in rungs.iter().zip(&limits).enumerate() {
        parts.push(match k {
            0 => format!("{delta} at {t} or more"),
            _ => format!("{delta} from {t} to {}", limits[k - 1].0),
        });
    }
    let (lowest, v) = limits[limits.len() - 1];
    if v > 0.0 {
        parts.push(format!("none below {lowest}"));
    }
    Some(parts.join(", "))
}

pub fn effects_text(
    db: &ContentDb,
    es: &[Effect],
    actor: SideId,
    target: Option<SideId>,
) -> Vec<String> {
    // A flag set now and cleared by a lag in the same list is one thing with a duration: "A
    // nuclear test … (for 3 turns)", not the flag, then "in 3 turns (ends: …)" after it.
    let clears_later = |f: &str| {
        es.iter().find_map(|e| match e {
            Effect::Lagged { turns, effects } => match &effects[..] {
                [Effect::ClearFlag(g)] if g == f => Some(*turns),
                _ => None,
            },
            _ => None,
        })
    };
    let mut merged: Vec<&str> = Vec::new();
    let mut out = Vec::with_capacity(es.len());
    for e in es {
        match e {
            Effect::SetFlag(f) => match clears_later(f) {
                Some(turns) => {
                    merged.push(f);
                    out.push(format!(
                        "{} (for {turns} turn{})",
                        flag_text(db, f),
                        if turns == 1 { "" } else { "s" }
                    ));
                }
                None => out.push(effect_text(db, e, actor, target)),
            },
            Effect::Lagged { effects, .. } if matches!(&effects[..], [Effect::ClearFlag(g)] if merged.contains(&g.as_str())) =>
                {}
            _ => out.push(effect_text(db, e, actor, target)),
        }
    }
    out
}

/// What `by` changed in a package, from `first` to `now`: "Added by DPRK: …. Struck by DPRK:
/// …."; None if it changed nothing.
pub fn package_change_text(
    db: &ContentDb,
    first: &[u16],
    now: &[u16],
    by: SideId,
) -> Option<String> {
    let names = |from: &[u16], less: &[u16]| {
        from.iter()
            .filter(|p| !less.contains(p))
            .map(|p| db.provisions[*p as usize].name.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let (added, struck) = (names(now, first), names(first, now));
    let mut said = Vec::new();
    if !added.is_empty() {
        said.push(format!("Added by {by}: {added}."));
    }
    if !struck.is_empty() {
        said.push(format!("Struck by {by}: {struck}."));
    }
    (!said.is_empty()).then(|| said.join(" "))
}

/// The signal a card sends, as words: "cooperative +4.0 toward DPRK".
pub fn signal_text(db: &ContentDb, card: &Card) -> Vec<String> {
    card.signals
        .iter()
        .map(|s| {
            let w = db.goldstein(&s.cameo).unwrap_or(0.0) * s.intensity;
            let label = db
                .cameo
                .get(&s.cameo)
                .map(|(_, l)| l.as_str())
                .unwrap_or("");
            let toward = match s.toward {
                crate::content::Toward::Target => card
                    .target
                    .map(|t| format!("toward {t}"))
                    .unwrap_or_else(|| "toward everyone".into()),
                crate::content::Toward::Side(x) => format!("toward {x}"),
                crate::content::Toward::All => "toward everyone".into(),
            };
            let tone = if w > 0.0 {
                "cooperative"
            } else if w < 0.0 {
                "hostile"
            } else {
                "neutral"
            };
            format!("{tone} {w:+.1} {toward} (CAMEO {} {label})", s.cameo)
        })
        .collect()
}

/// The provisions a card's package carries, or None if it carries none.
pub fn package_text(db: &ContentDb, card: &Card) -> Option<String> {
    match &card.package {
        Package::None => None,
        Package::Chosen => Some("you choose the provisions".into()),
        Package::Fixed(ids) => Some(
            ids.iter()
                .map(|id| {
                    db.provision_ix(id)
                        .map(|i| db.provisions[i as usize].name.clone())
                        .unwrap_or_else(|| id.clone())
                })
                .collect::<Vec<_>>()
                .join("; "),
        ),
    }
}

/// Which sides a provision binds: "binds DPRK, US".
pub fn obligations_text(db: &ContentDb, p: u16) -> String {
    let pr = &db.provisions[p as usize];
    let sides: Vec<&str> = pr.obligations.iter().map(|s| s.label()).collect();
    if sides.is_empty() {
        "binds nobody".into()
    } else {
        format!("binds {}", sides.join(", "))
    }
}

/// A provision's worth to a side, −10..10, as the debrief and the personas judge it.
pub fn provision_value(db: &ContentDb, p: u16, side: SideId) -> f32 {
    db.compiled_provisions[p as usize].value[side.index()]
}

/// A package's worth to `side` in all: its provisions' values added up.
pub fn package_value(db: &ContentDb, package: &[u16], side: SideId) -> f32 {
    package.iter().map(|p| provision_value(db, *p, side)).sum()
}

/// Shortens to `n` characters with an ellipsis.
pub fn clip(s: &str, n: usize) -> String {
    super::text::clip(s, n)
}

/// What `side`'s factions could do, as the state stands, to an offer of `card` with
/// `package`: `act` it (pull back the side's offer or acceptance, or push through an offer the
/// side turned down). One sentence per faction that cares and has the upper hand now, with its
/// chance and reason: a person in the seat learns before answering what the engine will roll.
pub fn faction_warnings(
    db: &ContentDb,
    s: &crate::engine::GameState,
    side: SideId,
    act: crate::engine::ledger::FactionAct,
    card: crate::content::CardIx,
    package: &[crate::content::ProvIx],
) -> Vec<String> {
    use crate::engine::ledger::FactionAct;
    let (pull, act) = match act {
        FactionAct::PullsBackOffer => (true, "may pull it back once it is accepted"),
        FactionAct::PullsBackAcceptance => (true, "may pull back your acceptance"),
        FactionAct::PushesThrough => (false, "may accept it over your refusal"),
    };
    let Some(cs) = db.compiled_scenarios[s.scenario as usize].sides[side.index()].as_ref() else {
        return Vec::new();
    };
    let Some(named) = db.scenarios[s.scenario as usize]
        .sides
        .iter()
        .find(|x| x.side == side)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (f, named) in cs.factions.iter().zip(named.factions.iter()) {
        if !f.cares(pull, card, package)
            || !crate::engine::effects::cond_holds(db, s, &f.upper_hand, side, None)
        {
            continue;
        }
        out.push(format!(
            "{}, with the upper hand in {side} politics now, {act} ({:.0}% chance): {}.",
            capitalised(&named.name),
            f.chance * 100.0,
            named.reason
        ));
    }
    out
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
