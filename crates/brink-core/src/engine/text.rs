//! Plain-English descriptions of causes, log entries and unmet requirements. Pure: the TUI, the
//! CLI, the report and the bots' explanations all read the same sentences.

use crate::content::{CardIx, Condition, ContentDb, Meter, SideId, Who};

use super::ledger::{
    AnswerKind, Cause, CrisisChoice, FactionAct, LedgerEntry, LogEntry, MeterRef, RollKind,
};
use super::observe::Viewer;

fn who(w: &Who) -> String {
    match w {
        Who::Actor => "you".into(),
        Who::Target => "the target".into(),
        Who::Side(s) => s.label().into(),
    }
}

fn flag_text(db: &ContentDb, id: &str) -> String {
    db.flags
        .iter()
        .find(|f| f.id == id)
        .map(|f| lower_first(f.description.trim_end_matches('.')))
        .unwrap_or_else(|| id.replace('_', " "))
}

/// "The DPRK has..." → "the DPRK has..." (acronyms kept).
fn lower_first(s: &str) -> String {
    let mut words = s.splitn(2, ' ');
    let first = words.next().unwrap_or("");
    let rest = words.next().map(|r| format!(" {r}")).unwrap_or_default();
    let keep = first.len() > 1 && first.chars().skip(1).any(|c| c.is_ascii_uppercase());
    if keep {
        format!("{first}{rest}")
    } else {
        format!("{}{rest}", first.to_lowercase())
    }
}

/// Why a requirement is not met, as a short clause: "needs tension at least 50",
/// "not while a US-DPRK leaders' summit has been agreed".
/// Why a game that ran out of turns is a collapse rather than a stalemate, in words that finish
/// "The turns ran out with …": tension at Crisis or above, US–DPRK talks broken off, or both
/// (see `turn::classify`). None if neither holds.
pub fn collapse_cause(db: &ContentDb, s: &super::GameState) -> Option<&'static str> {
    let crisis = s.tension() >= db.rung_from("Crisis").unwrap_or(60.0);
    let talks_off = talks_broken_off(db, s);
    match (crisis, talks_off) {
        (true, true) => Some("tension at Crisis or above and US-DPRK talks broken off"),
        (true, false) => Some("tension at Crisis or above"),
        (false, true) => Some("US-DPRK talks broken off, though tension was below Crisis"),
        (false, false) => None,
    }
}

/// Whether US–DPRK talks stand broken off (one of the two ways a game collapses).
pub fn talks_broken_off(db: &ContentDb, s: &super::GameState) -> bool {
    db.derived.flag_talks_suspended.is_some_and(|f| s.flag(f))
}

pub fn condition_unmet(db: &ContentDb, c: &Condition) -> String {
    match c {
        Condition::NotFlag(f) => format!("not while {}", flag_text(db, f)),
        Condition::Flag(f) => format!("needs this first: {}", flag_text(db, f)),
        _ => format!("needs {}", condition_text(db, c)),
    }
}

pub fn condition_text(db: &ContentDb, c: &Condition) -> String {
    match c {
        Condition::Flag(f) => format!("\"{}\"", flag_text(db, f)),
        Condition::NotFlag(f) => format!("not \"{}\"", flag_text(db, f)),
        Condition::MeterAtLeast { meter, value } => {
            format!("{} at least {value:.0}", meter.label())
        }
        Condition::MeterBelow { meter, value } => format!("{} below {value:.0}", meter.label()),
        Condition::TrustAtLeast { from, to, value } => {
            format!("trust of {} in {} at least {value:.0}", who(from), who(to))
        }
        Condition::TrustBelow { from, to, value } => {
            format!("trust of {} in {} below {value:.0}", who(from), who(to))
        }
        Condition::SupportAtLeast { side, value } => {
            format!("support of {} at least {value:.0}", who(side))
        }
        Condition::SupportBelow { side, value } => {
            format!("support of {} below {value:.0}", who(side))
        }
        Condition::ProgrammeAtLeast { field, value } => {
            format!("{} at least {value}", field.label())
        }
        Condition::ProgrammeBelow { field, value } => format!("{} below {value}", field.label()),
        Condition::SidePresent(s) => format!("{} at the table", s.label()),
        Condition::FacilityHidden(f) => {
            let name = db
                .facility_ix(f)
                .map_or_else(|| f.clone(), |i| db.facilities[i as usize].short.clone());
            format!("{name} running, not yet placed by the others")
        }
        Condition::ProvisionInForce(p) => {
            let name = db
                .provision_ix(p)
                .map(|i| db.provisions[i as usize].name.clone())
                .unwrap_or_else(|| p.clone());
            format!("an agreement with \"{name}\" in force")
        }
        Condition::TurnAtLeast(t) => format!("turn {t} or later"),
        Condition::CrisesAtLeast(n) => format!("{n} or more months at the brink"),
        Condition::MonthIn(ms) => format!(
            "one of the months {}",
            ms.iter()
                .map(|m| m.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Condition::Any(cs) => cs
            .iter()
            .map(|c| condition_text(db, c))
            .collect::<Vec<_>>()
            .join(" or "),
        Condition::All(cs) => cs
            .iter()
            .map(|c| condition_text(db, c))
            .collect::<Vec<_>>()
            .join(" and "),
    }
}

pub fn meter_name(m: MeterRef) -> String {
    match m {
        MeterRef::Meter(x) => x.label().to_string(),
        MeterRef::Trust(a, b) => format!("trust {a}→{b}"),
        MeterRef::Support(s) => format!("{s} support"),
        MeterRef::Pc(s) => format!("{s} political capital"),
        MeterRef::Programme(f) => f.label().to_string(),
    }
}

pub fn card_name(db: &ContentDb, card: u16) -> &str {
    db.cards
        .get(card as usize)
        .map(|c| c.name.as_str())
        .unwrap_or("a card")
}

pub fn event_name(db: &ContentDb, e: u16) -> &str {
    db.events
        .get(e as usize)
        .map(|c| c.name.as_str())
        .unwrap_or("an event")
}

fn turns(n: u8) -> String {
    if n == 1 {
        "1 turn".into()
    } else {
        format!("{n} turns")
    }
}

/// When step `k` of provision `p` comes, what it waits for and how it is verified: "IAEA
/// monitors the freeze: 1 turn after signing; verified by inspectors with access 30+ present
/// 1 turn".
pub fn step_plan(db: &ContentDb, p: u16, k: usize) -> String {
    use crate::content::{VerifiedBy, WaitsFor};
    let Some(st) = db.provisions.get(p as usize).and_then(|x| x.steps.get(k)) else {
        return String::new();
    };
    let when = match (k, st.after) {
        (0, 0) => "on signing".to_string(),
        (0, n) => format!("{} after signing", turns(n)),
        (_, 0) => "with the step before".to_string(),
        (_, n) => format!("{} after the step before", turns(n)),
    };
    let waits = match st.waits_for {
        WaitsFor::Nothing => String::new(),
        WaitsFor::VerifiedSteps(1) => ", once 1 step of the deal's limits is verified".into(),
        WaitsFor::VerifiedSteps(n) => {
            format!(", once {n} steps of the deal's limits are verified")
        }
        WaitsFor::PreviousVerified => ", once the step before is verified".into(),
    };
    let check = match st.verified_by {
        VerifiedBy::Taken => "seen as it happens".to_string(),
        VerifiedBy::Inspection { access, months } => format!(
            "verified by inspectors with access {access:.0}+ present {}",
            turns(months)
        ),
    };
    format!("{}: {when}{waits}; {check}", st.name)
}

/// What a package does first and what waits (design §10, "A package says the order"): the
/// provisions and steps that come on signing or the turn after, then each step that comes
/// later or waits for verification, with its plan.
pub fn package_phases(db: &ContentDb, package: &[u16]) -> (Vec<String>, Vec<String>) {
    use crate::content::WaitsFor;
    let (mut first, mut waits) = (Vec::new(), Vec::new());
    for &p in package {
        let Some(prov) = db.provisions.get(p as usize) else {
            continue;
        };
        if prov.steps.is_empty() {
            first.push(prov.name.clone());
            continue;
        }
        for (k, st) in prov.steps.iter().enumerate() {
            if k == 0 && st.after <= 1 && st.waits_for == WaitsFor::Nothing {
                first.push(format!("{} ({})", st.name, prov.name));
            } else {
                waits.push(format!("{} — {}", prov.name, step_plan(db, p, k)));
            }
        }
    }
    (first, waits)
}

/// A step's name, "step 2" if the provision has no such step.
pub fn step_name(db: &ContentDb, p: u16, step: u8) -> String {
    db.provisions
        .get(p as usize)
        .and_then(|x| x.steps.get(step as usize))
        .map_or_else(|| format!("step {}", step + 1), |s| s.name.clone())
}

pub fn provision_name(db: &ContentDb, p: u16) -> &str {
    db.provisions
        .get(p as usize)
        .map(|c| c.name.as_str())
        .unwrap_or("a provision")
}

/// "DPRK: ICBM test", "spiral from DPRK: Threaten a strike", "drift"... A card's name is most
/// often an order ("Threaten a strike"), so the side that played it stands before a colon.
pub fn cause_text(db: &ContentDb, c: &Cause) -> String {
    match c {
        Cause::Card { side, card } => format!("{side}: {}", card_name(db, *card)),
        Cause::Signal { side, card } => format!("{} (signal)", move_or_answer(db, *side, *card)),
        Cause::Spiral { side, card } => {
            format!("spiral from {}", move_or_answer(db, *side, *card))
        }
        Cause::Rejection { side, card } => {
            format!("{side} rejected \"{}\"", card_name(db, *card))
        }
        Cause::Reciprocity { a, b } => format!("{a} and {b} both cooperated"),
        Cause::Sucker { victim, by } => format!("{victim} cooperated, {by} did not"),
        Cause::MutualHostility { a, b } => format!("{a} and {b} both hostile"),
        Cause::Drift => "drift toward the baseline".into(),
        Cause::TrustDecay => "trust fading unreinforced".into(),
        Cause::Erosion => "sanctions eroding".into(),
        // Neutral: below the middle of the scale sanctions let the economy recover, above it they bite.
        Cause::SanctionsBite => "the economy as the sanctions allow".into(),
        Cause::Exercises => "exercise schedule".into(),
        Cause::Growth => "the programme at work".into(),
        Cause::Facility(f) => db
            .facilities
            .get(*f as usize)
            .map_or("a facility".into(), |x| x.name.clone()),
        Cause::Assembly => "warheads assembled".into(),
        Cause::SupportDrift => "support settling".into(),
        Cause::Budget => "budget".into(),
        Cause::Event(e) => format!("event: {}", event_name(db, *e)),
        Cause::Incident(e) => format!("incident: {}", event_name(db, *e)),
        Cause::Signing { provision, .. } => format!("signed: {}", provision_name(db, *provision)),
        Cause::Provision { provision, .. } => format!("kept: {}", provision_name(db, *provision)),
        Cause::Step {
            provision, step, ..
        } => format!(
            "step: {} ({})",
            step_name(db, *provision, *step),
            provision_name(db, *provision)
        ),
        Cause::Inspections => "inspectors at work".into(),
        Cause::Detection { side, card } => {
            format!("{side} caught: {}", card_name(db, *card))
        }
        Cause::Violation { side, .. } => format!("{side} broke an agreement"),
        Cause::Snapback { .. } => "sanctions snapback".into(),
        Cause::BackDown(s) => format!("{s} backed down"),
        Cause::StandFirm => "stood firm".into(),
        Cause::Misread { side, from, card } => {
            if plays(db, *from, *card) {
                format!("{side} misreading {from}'s \"{}\"", card_name(db, *card))
            } else {
                format!(
                    "{side} misreading {from}'s yes to \"{}\"",
                    card_name(db, *card)
                )
            }
        }
        Cause::Facilitator => "facilitator".into(),
        Cause::Hidden => "unexplained (hidden)".into(),
    }
}

/// Whether `card` is one of `side`'s own (unknown cards count as its own: plain wording).
/// "DPRK: ICBM test" for a side's own card; a signal from a side other than the card's owner is
/// its answer to an offer it took: "US agreeing to \"Hold the summit\"".
pub fn move_or_answer(db: &ContentDb, side: SideId, card: CardIx) -> String {
    if plays(db, side, card) {
        format!("{side}: {}", card_name(db, card))
    } else {
        format!("{side} agreeing to \"{}\"", card_name(db, card))
    }
}

fn plays(db: &ContentDb, side: SideId, card: CardIx) -> bool {
    db.compiled_cards
        .get(card as usize)
        .is_none_or(|c| c.side == side)
}

/// "tension +8.2 (DPRK: ICBM test (signal))".
pub fn ledger_text(db: &ContentDb, e: &LedgerEntry, cause: &Cause) -> String {
    format!(
        "{} {:+.1} ({})",
        meter_name(e.meter),
        e.delta,
        cause_text(db, cause)
    )
}

/// Sums a turn's ledger entries for one meter by cause: "tension +8: DPRK: ICBM test +5, drift -1".
pub fn why(db: &ContentDb, entries: &[(&LedgerEntry, Cause)], meter: MeterRef) -> String {
    let mut parts: Vec<(String, f32)> = Vec::new();
    let mut total = 0.0;
    for (e, c) in entries.iter().filter(|(e, _)| e.meter == meter) {
        total += e.delta;
        let key = cause_text(db, c);
        match parts.iter_mut().find(|(k, _)| *k == key) {
            Some(p) => p.1 += e.delta,
            None => parts.push((key, e.delta)),
        }
    }
    parts.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
    let items: Vec<String> = parts
        .iter()
        .filter(|(_, d)| d.abs() >= 0.05)
        .map(|(k, d)| format!("{k} {d:+.1}"))
        .collect();
    format!("{} {:+.1}: {}", meter_name(meter), total, items.join(", "))
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn side_list(v: &[SideId]) -> String {
    v.iter().map(|s| s.label()).collect::<Vec<_>>().join(", ")
}

/// One line for a log entry, as `viewer` may see it (None: the facilitator, who sees
/// everything): `Viewer::log_line`, where what each viewer may see is decided.
pub fn log_text(db: &ContentDb, e: &LogEntry, viewer: Option<SideId>) -> Option<String> {
    viewer.map_or(Viewer::All, Viewer::Side).log_line(db, e)
}

/// An answer with the offer it answers: "DPRK accepts the ROK's offer: Open the joint liaison
/// office at Kaesong", "US rejects the DPRK's counter-offer on …", "Japan declines to co-sign
/// the US's offer: …".
pub fn answer_sentence(
    db: &ContentDb,
    side: SideId,
    answer: AnswerKind,
    from: SideId,
    card: CardIx,
    counter: bool,
    cosign: bool,
) -> String {
    let verb = match (answer, cosign) {
        (AnswerKind::Accept, true) => "agrees to co-sign",
        (AnswerKind::Reject, true) => "declines to co-sign",
        (AnswerKind::Accept, false) => "accepts",
        (AnswerKind::Reject, false) => "rejects",
        (AnswerKind::Counter, _) => "counters",
    };
    let what = if counter {
        "counter-offer on"
    } else {
        "offer:"
    };
    format!(
        "{side} {verb} {} {what} {}",
        from.possessive(),
        card_name(db, card)
    )
}

/// One line for a log entry, with nothing held back: for a viewer, `Viewer::log_line`.
pub fn log_sentence(db: &ContentDb, e: &LogEntry) -> String {
    match e {
        LogEntry::TurnStart { turn, date } => format!("— Turn {turn} · {date} —"),
        LogEntry::Event { event, scheduled } => format!(
            "Event{}: {} — {}",
            if *scheduled { " (scheduled)" } else { "" },
            event_name(db, *event),
            db.events[*event as usize].description
        ),
        LogEntry::Incident { event } => format!(
            "Incident: {} — {}",
            event_name(db, *event),
            db.events[*event as usize].description
        ),
        LogEntry::Injected { event } => format!("Facilitator inject: {}", event_name(db, *event)),
        LogEntry::Move {
            side,
            card,
            target,
            secret,
        } => {
            let t = target.map(|t| format!(" → {t}")).unwrap_or_default();
            format!(
                "{side}{}: {}{t}",
                if *secret { " (covert)" } else { "" },
                card_name(db, *card)
            )
        }
        LogEntry::Offer {
            from,
            to,
            card,
            package,
            counter_of,
            cosign_of,
            ..
        } => {
            let p = if package.is_empty() {
                String::new()
            } else {
                format!(
                    " [{}]",
                    package
                        .iter()
                        .map(|p| provision_name(db, *p))
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            };
            if cosign_of.is_some() {
                format!(
                    "{to} is asked to co-sign, as the package would bind it: {from}'s {}{p}",
                    card_name(db, *card)
                )
            } else if counter_of.is_some() {
                format!("{from} counters with a changed package for {to}{p}")
            } else {
                format!("{from} offers {to}: {}{p}", card_name(db, *card))
            }
        }
        LogEntry::Answer {
            side,
            answer,
            cosign,
            ..
        } => format!(
            "{side} {}",
            match (answer, cosign) {
                (AnswerKind::Accept, true) => "agrees to co-sign",
                (AnswerKind::Reject, true) => "declines to co-sign",
                (AnswerKind::Accept, false) => "accepts",
                (AnswerKind::Reject, false) => "rejects",
                (AnswerKind::Counter, _) => "counters",
            }
        ),
        LogEntry::Roll {
            kind,
            chance,
            roll,
            hit,
        } => {
            let what = match kind {
                RollKind::Event => "event".to_string(),
                RollKind::Incident => "incident".to_string(),
                RollKind::Detection { side, card } => {
                    format!("detection of {side}'s \"{}\"", card_name(db, *card))
                }
                RollKind::War => "war".to_string(),
                RollKind::Compliance {
                    side,
                    provision,
                    keep,
                    gain,
                } => format!(
                    "{side} breaking \"{}\" (keeping it worth {:.1} to {side}, breaking {:.1})",
                    provision_name(db, *provision),
                    *keep as f32 / 10.0,
                    *gain as f32 / 10.0
                ),
            };
            format!(
                "Roll for {what}: {} chance, rolled {:.0} → {}",
                percent(*chance),
                roll * 100.0,
                if *hit { "yes" } else { "no" }
            )
        }
        LogEntry::Detected { side, card } => {
            format!("Detected: {side}'s \"{}\"", card_name(db, *card))
        }
        LogEntry::Signed {
            parties,
            provisions,
            ..
        } => format!(
            "{} signed by {}: {}",
            match crate::engine::state::AgreementKind::of(db, provisions) {
                crate::engine::state::AgreementKind::Agreement => "Agreement",
                crate::engine::state::AgreementKind::Statement =>
                    "Statement (it limits no part of the programme)",
            },
            side_list(parties),
            provisions
                .iter()
                .map(|p| provision_name(db, *p))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        LogEntry::InPrinciple {
            new,
            parties,
            provisions,
            held,
            needed,
            ..
        } => format!(
            "Agreed in principle by {}{}: {} — not signed: {} rounds of talks held of the {} it needs",
            side_list(parties),
            if *new {
                " (a statement, binding nothing)"
            } else {
                ", added to their statement"
            },
            provisions
                .iter()
                .map(|p| provision_name(db, *p))
                .collect::<Vec<_>>()
                .join("; "),
            held,
            needed
        ),
        LogEntry::Violated {
            side,
            provision,
            covert,
            ..
        } => format!(
            "{side} {}broke \"{}\"; the agreement is void",
            if *covert { "secretly " } else { "" },
            provision_name(db, *provision)
        ),
        LogEntry::PledgeLapsed { agreement, side } => format!(
            "The freeze pledged in agreement {} lapses: {side} broke a signed freeze of the same plants, which may now restart",
            agreement + 1
        ),
        LogEntry::StepTaken {
            provision, step, ..
        } => format!(
            "Step taken: {} ({})",
            step_name(db, *provision, *step),
            provision_name(db, *provision)
        ),
        LogEntry::StepVerified {
            provision, step, ..
        } => {
            if db
                .compiled_provisions
                .get(*provision as usize)
                .is_some_and(|p| p.steps.is_empty())
            {
                format!("Verified: \"{}\"", provision_name(db, *provision))
            } else {
                format!(
                    "Verified: {} ({})",
                    step_name(db, *provision, *step),
                    provision_name(db, *provision)
                )
            }
        }
        LogEntry::Outage { facility, .. } => {
            let name = db
                .facilities
                .get(*facility as usize)
                .map_or("A plant", |f| f.name.as_str());
            format!("{name} stands idle: no sign of it running (an outage, not a deal)")
        }
        LogEntry::Inspectors { regime } => match regime {
            crate::content::Regime::None => {
                "Inspectors leave the DPRK: their access is gone".into()
            }
            r => format!("Inspectors in the DPRK: {}", r.label()),
        },
        LogEntry::Threshold {
            from_rung,
            to_rung,
            by,
        } => {
            let to = &db.ladder[*to_rung as usize].name;
            let from = &db.ladder[*from_rung as usize].name;
            match by {
                Some(c) => format!(
                    "Tension rose from {from} to {to}; pushed over by {}",
                    cause_text(db, c)
                ),
                None if to_rung > from_rung => format!("Tension rose from {from} to {to}"),
                None => format!("Tension eased from {from} to {to}"),
            }
        }
        LogEntry::CrisisBegins { tension } => format!(
            "CRISIS at tension {tension:.0}: the US and the DPRK must stand firm or back down"
        ),
        LogEntry::CrisisChoice { side, choice } => format!(
            "{side} {}",
            match choice {
                CrisisChoice::StandFirm => "stands firm",
                CrisisChoice::BackDown => "backs down",
            }
        ),
        LogEntry::Standoff { months, needed } if months >= needed => format!(
            "A standoff: both stood firm, month {months} of the crisis; another month of it can bring war"
        ),
        LogEntry::Standoff { months, needed } => format!(
            "A standoff: both stood firm, month {months} of the crisis; war can come once {needed} such months have passed"
        ),
        LogEntry::War => "WAR breaks out on the peninsula".into(),
        LogEntry::GameOver { outcome } => format!("Game over: {}", outcome.id()),
        LogEntry::Facilitator { text } => format!("Facilitator: {text}"),
        LogEntry::Shift {
            side,
            persona,
            turns,
            reason,
        } => {
            let how_long = match turns {
                Some(1) => " for a turn".to_string(),
                Some(n) => format!(" for {n} turns"),
                None => String::new(),
            };
            format!(
                "{side} changes course: the {} line takes over{how_long} — {reason}",
                db.personas[*persona as usize].name
            )
        }
        LogEntry::WornDown { months } => {
            let names: Vec<String> = super::minds::worn_down_by(db, *months)
                .iter()
                .map(|(p, _)| format!("the {}", db.personas[*p as usize].name))
                .collect();
            format!(
                "{months} months at the brink have worn down the hard line's resolve: from now on {} change{} course for the rest of the game, whoever plays {}",
                and_list(&names),
                if names.len() == 1 { "s" } else { "" },
                if names.len() == 1 { "it" } else { "them" },
            )
        }
        LogEntry::ShiftEnds { side, persona } => format!(
            "{side} returns to its own course: the {} line has run its time",
            db.personas[*persona as usize].name
        ),
        LogEntry::Faction {
            side,
            name,
            act,
            card,
            reason,
            ..
        } => {
            let what = card_name(db, *card);
            let did = match act {
                FactionAct::PullsBackOffer => format!("pulls back its offer \"{what}\""),
                FactionAct::PullsBackAcceptance => {
                    format!("goes back on its acceptance of \"{what}\"")
                }
                FactionAct::PushesThrough => format!("accepts \"{what}\" after all"),
            };
            format!("{side} {did}, with {name} in the ascendant: {reason}")
        }
        LogEntry::Misread {
            side,
            from,
            card,
            sent,
            read_as,
            chance,
        } => {
            let how = if *sent > 0.0 {
                "took a gesture for a ploy"
            } else {
                "took a threat for worse"
            };
            let what = if plays(db, *from, *card) {
                format!("{from}'s \"{}\"", card_name(db, *card))
            } else {
                format!("{from}'s yes to \"{}\"", card_name(db, *card))
            };
            format!(
                "{side} misreads {what}: it {how} (meant {sent:+.1}, read as {read_as:+.1}; at \
                 its trust in {from} a misreading had a {} chance)",
                percent(*chance)
            )
        }
    }
}

/// A chance as a reader expects it: never above 100 % (content can push an incident's chance
/// past certainty; a roll below it hits either way), and a small chance not rounded to 0 %.
pub fn percent(chance: f32) -> String {
    let p = chance * 100.0;
    if p >= 100.0 {
        "100%".into()
    } else if p <= 0.0 || p.is_nan() {
        "0%".into()
    } else if p < 0.5 {
        "under 1%".into()
    } else if p >= 99.5 {
        "over 99%".into()
    } else {
        format!("{p:.0}%")
    }
}

/// The tension rung label with its range, e.g. "Strained (40–60)".
pub fn rung_label(db: &ContentDb, tension: f32) -> String {
    let i = db.rung_of(tension);
    let lo = db.ladder[i].from;
    match db.ladder.get(i + 1) {
        Some(next) => format!("{} ({lo:.0}–{:.0})", db.ladder[i].name, next.from),
        None => format!("{} ({lo:.0}+)", db.ladder[i].name),
    }
}

pub fn meter_label(m: Meter) -> &'static str {
    m.label()
}

#[cfg(test)]
mod percent_tests {
    use super::percent;

    #[test]
    fn chances_read_as_a_reader_expects() {
        assert_eq!(percent(1.04), "100%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.996), "over 99%");
        assert_eq!(percent(0.07), "7%");
        assert_eq!(percent(0.004), "under 1%");
        assert_eq!(percent(0.0), "0%");
    }
}
