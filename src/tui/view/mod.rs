//! What a viewer may see, and the game's story told for the screens: the steps of a resolution,
//! the "since your last turn" summary, the meters a player can ask WHY about, the turning points.
//!
//! Three viewers: one side (its own covert moves and, for the DPRK, the true programme), the
//! public (what everyone at a shared screen may see), and everything (the debrief, after the end).
//! What each may see is the engine's to say (`engine::observe::Viewer`); this module tells the
//! story with it.

use std::collections::BTreeMap;

use crate::content::{CardIx, ContentDb, EventIx, Meter, ProgrammeField, SideId};
use crate::engine::history::Snapshot;
use crate::engine::ledger::{FactionAct, RollKind};
use crate::engine::state::Sites;
use crate::engine::text::{cause_text, meter_name, why};
use crate::engine::{Cause, GameState, LedgerEntry, LogEntry, MeterRef, Recorded};

pub use crate::engine::observe::Viewer;

/// The programme's figures in the order the panels show them: what is built, then the
/// material it is built from, then the rates and the public counts of tests.
pub const PROGRAMME_SHOWN: [ProgrammeField; crate::content::PROGRAMME_FIELDS] = [
    ProgrammeField::Warheads,
    ProgrammeField::Missiles,
    ProgrammeField::PlutoniumKg,
    ProgrammeField::HeuKg,
    ProgrammeField::SpentFuelKg,
    ProgrammeField::FissileKg,
    ProgrammeField::ProductionKg,
    ProgrammeField::IcbmReadiness,
    ProgrammeField::NuclearTests,
    ProgrammeField::IcbmTests,
    ProgrammeField::IrbmTests,
    ProgrammeField::SrbmTests,
];

/// A turn's length for the programme's figures, which are all per turn: "a turn", or "a turn
/// (2 mo)" when a class length makes turns of several months.
pub fn per_turn(s: &GameState) -> String {
    if s.turn_months > 1 {
        format!("a turn ({} mo)", s.turn_months)
    } else {
        "a turn".into()
    }
}

/// The heading of the facilities' rows: what their figures are.
pub fn facilities_heading(s: &GameState, exact: bool) -> String {
    if exact {
        format!("Facilities · made/can {}", per_turn(s))
    } else {
        format!("Known facilities · can {}", per_turn(s))
    }
}

/// A facility's state in a few words, its figures per turn (`facilities_heading`). For the
/// DPRK (`exact`), what it made last turn of what it could ("0.5/4.5 kg": reprocessing with
/// little spent fuel), or "—/4.5 kg" before it has run; for the others, the capacity they
/// believe ("~4.5 kg"). Else why it does not run ("frozen", "taken apart", "building",
/// "restarting").
pub fn facility_state(
    db: &ContentDb,
    s: &GameState,
    sites: &Sites,
    f: usize,
    exact: bool,
) -> String {
    use crate::engine::observe::{PlantState, plant_state};
    match plant_state(db, s.scenario, sites, f, s.turn) {
        PlantState::Dismantled => "taken apart".into(),
        PlantState::Frozen => "frozen".into(),
        PlantState::Building => "building".into(),
        PlantState::Restarting => "restarting".into(),
        PlantState::Idle => "idle".into(),
        PlantState::Running => {
            // The decks' rates are per scenario turn; a class's long turn runs several.
            let can = sites.rate[f] * s.months_per_scenario_turn(db) as f32;
            let unit = match db.c_facilities.get(f).map(|c| c.makes) {
                Some(ProgrammeField::Missiles) => "msl",
                _ => "kg",
            };
            let num = |x: f32| {
                if x > 0.0 && x < 1.0 {
                    format!("{x:.2}")
                } else if x < 10.0 {
                    format!("{x:.1}")
                } else {
                    format!("{x:.0}")
                }
            };
            if !exact {
                format!("~{} {unit}", num(can))
            } else if s.turn <= 1 && sites.running == 0 {
                // Nothing has run yet.
                format!("—/{} {unit}", num(can))
            } else {
                format!("{}/{} {unit}", num(sites.made[f]), num(can))
            }
        }
    }
}

/// The meters a side can select and ask WHY about, in the order the meter panel lists them.
pub fn meter_rows(s: &GameState, viewer: Viewer) -> Vec<MeterRef> {
    let mut v: Vec<MeterRef> = Meter::ALL.iter().map(|m| MeterRef::Meter(*m)).collect();
    for f in PROGRAMME_SHOWN {
        if viewer.sees_programme(f) {
            v.push(MeterRef::Programme(f));
        }
    }
    for side in s.seated_sides() {
        v.push(MeterRef::Support(side));
        v.push(MeterRef::Pc(side));
    }
    for a in s.seated_sides() {
        for b in s.seated_sides() {
            if a != b {
                v.push(MeterRef::Trust(a, b));
            }
        }
    }
    v
}

/// A number of the state by reference.
pub fn value_of(s: &GameState, m: MeterRef) -> f32 {
    match m {
        MeterRef::Meter(x) => s.meter(x),
        MeterRef::Trust(a, b) => s.trust(a, b),
        MeterRef::Support(x) => s.support(x),
        MeterRef::Pc(x) => s.sides[x.index()].pc as f32,
        MeterRef::Programme(f) => s.prog(f),
    }
}

/// The ledger of one meter as `viewer` may read it, grouped by turn: (turn, summary line, lines).
pub fn meter_ledger(
    db: &ContentDb,
    ledger: &[LedgerEntry],
    meter: MeterRef,
    viewer: Viewer,
) -> Vec<(u16, String, Vec<String>)> {
    let mut by_turn: BTreeMap<u16, Vec<(&LedgerEntry, Cause)>> = BTreeMap::new();
    for e in ledger
        .iter()
        .filter(|e| e.meter == meter && viewer.sees_entry(e))
    {
        by_turn
            .entry(e.turn)
            .or_default()
            .push((e, viewer.cause(e)));
    }
    by_turn
        .into_iter()
        .map(|(turn, entries)| {
            let summary = why(db, &entries, meter);
            let lines = entries
                .iter()
                .map(|(e, c)| {
                    format!(
                        "{:+6.1} → {:>5.1}  {}{}",
                        e.delta,
                        e.after,
                        cause_text(db, c),
                        resisted_note(e.delta, e.pushed.unwrap_or(e.delta))
                    )
                })
                .collect();
            (turn, summary, lines)
        })
        .collect()
}

/// ", pushed +12.0 near the ceiling" when the end of a meter's range took a share of a push (the
/// ledger's `pushed`), so a change that looks small says why; empty when it landed (nearly)
/// whole.
pub fn resisted_note(applied: f32, pushed: f32) -> String {
    // (Under half a point lost is rounding on the screen: not worth a note.)
    if (pushed - applied).abs() < 0.5 {
        return String::new();
    }
    let end = if pushed > 0.0 { "ceiling" } else { "floor" };
    format!(", pushed {pushed:+.1} near the {end}")
}

/// What kind of thing a resolution step is (for its glyph and style).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Event,
    Offer,
    Move,
    Roll,
    Agreement,
    Detection,
    /// Tension crossed into a higher rung.
    Threshold,
    /// Tension fell into a lower rung.
    Easing,
    Crisis,
    Dynamics,
    End,
    Note,
}

impl StepKind {
    pub fn glyph(self) -> &'static str {
        match self {
            StepKind::Event => "◆",
            StepKind::Offer => "⇄",
            StepKind::Move => "▶",
            StepKind::Roll => "⚄",
            StepKind::Agreement => "✚",
            StepKind::Detection => "!",
            StepKind::Threshold => "▲",
            StepKind::Easing => "▼",
            StepKind::Crisis => "‼",
            StepKind::Dynamics => "∿",
            StepKind::End => "■",
            StepKind::Note => "·",
        }
    }
}

/// One step of a resolution: a headline and the meter changes it caused.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub kind: StepKind,
    pub title: String,
    pub lines: Vec<String>,
    /// A map site this step happened at.
    pub site: Option<String>,
    pub side: Option<SideId>,
}

fn claims(step_claim: &Claim, c: &Cause) -> bool {
    match (step_claim, c) {
        (Claim::Card(s, k), Cause::Card { side, card })
        | (Claim::Card(s, k), Cause::Spiral { side, card }) => s == side && k == card,
        // An accepted offer's answering signal comes from the other side, under the same card.
        (Claim::Card(_, k), Cause::Signal { card, .. }) => k == card,
        (Claim::Card(_, k), Cause::Rejection { card, .. }) => k == card,
        (Claim::Event(e), Cause::Event(x)) | (Claim::Event(e), Cause::Incident(x)) => e == x,
        (Claim::Signed(a), Cause::Signing { agreement, .. }) => a == agreement,
        (
            Claim::Step(a, p, k),
            Cause::Step {
                agreement,
                provision,
                step,
            },
        ) => a == agreement && p == provision && k == step,
        (Claim::Violated(a), Cause::Violation { agreement, .. })
        | (Claim::Violated(a), Cause::Snapback { agreement }) => a == agreement,
        (Claim::Detected(s, k), Cause::Detection { side, card }) => s == side && k == card,
        (Claim::Crisis(s, firm), Cause::BackDown(x)) => !firm && s == x,
        (Claim::Crisis(_, firm), Cause::StandFirm) => *firm,
        (Claim::Facilitator, Cause::Facilitator) => true,
        (Claim::Misread(r, f, k), Cause::Misread { side, from, card }) => {
            r == side && f == from && k == card
        }
        _ => false,
    }
}

/// A cause as a step lists it: under a card's own step, just "effect", "signal" or "spiral".
fn short_cause(db: &ContentDb, claim: &Claim, c: &Cause) -> String {
    if let Claim::Card(s, k) = claim {
        match c {
            Cause::Card { side, card } if side == s && card == k => return "its effect".into(),
            Cause::Signal { side, card } if side == s && card == k => return "its signal".into(),
            Cause::Spiral { side, card } if side == s && card == k => {
                return "spiral (tension amplifies threats)".into();
            }
            Cause::Signal { side, card } if card == k => {
                return format!("{side}'s answering signal");
            }
            Cause::Rejection { side, .. } => return format!("rejected by {side}"),
            _ => {}
        }
    }
    cause_text(db, c)
}

enum Claim {
    None,
    Card(SideId, u16),
    Event(u16),
    Signed(u16),
    /// A step of a phased provision: (agreement, provision, step).
    Step(u16, u16, u8),
    Violated(u16),
    Detected(SideId, u16),
    Crisis(SideId, bool),
    /// A misreading: (reader, sender, card).
    Misread(SideId, SideId, u16),
    Facilitator,
    /// Exactly these ledger entries (a facilitator action's own).
    Entries(std::ops::Range<usize>),
}

/// A turn's resolution as steps, in the order things happened. `log` and `ledger` are the slices
/// the screen shows; `rationales` are the inputs of the turn (for the stated reasons); `fac`
/// names, for each facilitator action in the slice, its log entry and its own ledger entries
/// (indexes into the slices), so each inject is shown with exactly what it changed.
pub fn resolution_steps(
    db: &ContentDb,
    log: &[LogEntry],
    ledger: &[LedgerEntry],
    rationales: &[Recorded],
    viewer: Viewer,
    fac: &[(usize, std::ops::Range<usize>)],
) -> Vec<Step> {
    let kept: Vec<(usize, &LedgerEntry)> = ledger
        .iter()
        .enumerate()
        // The turn's income is routine; spending is listed.
        .filter(|(_, e)| !(e.cause == Cause::Budget && e.delta > 0.0))
        .filter(|(_, e)| viewer.sees_entry(e))
        .collect();
    let visible: Vec<(&LedgerEntry, Cause)> =
        kept.iter().map(|(_, e)| (*e, viewer.cause(e))).collect();
    let index: Vec<usize> = kept.iter().map(|(i, _)| *i).collect();
    // Entries a facilitator action made wait for its own step.
    let by_facilitator = |i: usize| fac.iter().any(|(_, r)| r.contains(&index[i]));
    let mut claimed = vec![false; visible.len()];
    let mut steps: Vec<Step> = Vec::new();
    let mut offer_step: BTreeMap<u16, usize> = BTreeMap::new();
    let mut offer_cards: BTreeMap<u16, u16> = BTreeMap::new();
    let mut counters: Vec<(SideId, u16)> = Vec::new();
    let mut dynamics_done = false;
    let mut rationale_shown = [false; 5];

    // Which sides have a move this viewer can see (for showing their stated reasons).
    let mut public_move = [false; 5];
    for e in log {
        if let LogEntry::Move { side, .. } = e
            && viewer.log_line(db, e).is_some()
        {
            public_move[side.index()] = true;
        }
    }

    // Each number's running total in the order the steps are told (which groups a card's or an
    // event's changes together, so it is not quite the order they were applied): every "→ N"
    // is the previous one plus the change beside it, and the last is where the number ended.
    let running: std::cell::RefCell<BTreeMap<MeterRef, f32>> = std::cell::RefCell::new(
        visible
            .iter()
            .rev()
            .map(|(e, _)| (e.meter, e.after - e.delta))
            .collect(),
    );
    let advance = |m: MeterRef, d: f32| -> f32 {
        let mut r = running.borrow_mut();
        let v = r.entry(m).or_insert(0.0);
        *v += d;
        *v
    };
    let take = |claim: &Claim, claimed: &mut Vec<bool>| -> Vec<String> {
        // (meter, cause, change, push intended)
        let mut groups: Vec<(MeterRef, Cause, f32, f32)> = Vec::new();
        for (i, (e, c)) in visible.iter().enumerate() {
            let mine = match claim {
                Claim::Entries(r) => r.contains(&index[i]),
                _ => claims(claim, c) && !by_facilitator(i),
            };
            if claimed[i] || !mine {
                continue;
            }
            claimed[i] = true;
            let pushed = e.pushed.unwrap_or(e.delta);
            match groups.iter_mut().find(|g| g.0 == e.meter && g.1 == *c) {
                Some(g) => {
                    g.2 += e.delta;
                    g.3 += pushed;
                }
                None => groups.push((e.meter, *c, e.delta, pushed)),
            }
        }
        groups
            .into_iter()
            .filter_map(|(m, c, d, pushed)| {
                let after = advance(m, d);
                // A push the end swallowed is told too: it happened, and the ceiling is why
                // it shows no change.
                (d.abs() >= 0.05 || pushed.abs() >= 0.05).then(|| {
                    format!(
                        "{} {:+6.1} → {:>3.0}  {}{}",
                        super::text::pad(&meter_name(m), 22),
                        d,
                        after,
                        short_cause(db, claim, &c),
                        resisted_note(d, pushed)
                    )
                })
            })
            .collect()
    };

    // Causes a later log entry (an incident, a detection, a crisis choice) will claim, so the
    // every-turn step must leave them for it.
    let later = |c: &Cause| {
        matches!(
            c,
            Cause::Event(_)
                | Cause::Incident(_)
                | Cause::Detection { .. }
                | Cause::Violation { .. }
                | Cause::Snapback { .. }
                | Cause::BackDown(_)
                | Cause::StandFirm
                | Cause::Signing { .. }
                | Cause::Step { .. }
        )
    };
    let dynamics = |claimed: &mut Vec<bool>, final_sweep: bool| -> Option<Step> {
        let mut rest: Vec<(&LedgerEntry, Cause)> = Vec::new();
        for (i, x) in visible.iter().enumerate() {
            if !claimed[i] && (final_sweep || !(later(&x.1) || by_facilitator(i))) {
                claimed[i] = true;
                rest.push(*x);
            }
        }
        let mut meters: Vec<MeterRef> = Vec::new();
        for (e, _) in &rest {
            if !meters.contains(&e.meter) {
                meters.push(e.meter);
            }
        }
        let total = |m: MeterRef| -> f32 {
            rest.iter()
                .filter(|(e, _)| e.meter == m)
                .map(|(e, _)| e.delta)
                .sum()
        };
        let mut lines: Vec<String> = Vec::new();
        // Political capital paid for the moves: one line.
        let spent: Vec<String> = meters
            .iter()
            .filter_map(|m| match m {
                MeterRef::Pc(s)
                    if rest
                        .iter()
                        .all(|(e, c)| e.meter != *m || *c == Cause::Budget) =>
                {
                    Some(format!("{s} {:.0}", -total(*m)))
                }
                _ => None,
            })
            .collect();
        if !spent.is_empty() {
            lines.push(format!("political capital spent: {}", spent.join(", ")));
        }
        let mut small = 0;
        let mut small_causes: Vec<String> = Vec::new();
        for m in meters {
            if matches!(m, MeterRef::Pc(_))
                && rest
                    .iter()
                    .all(|(e, c)| e.meter != m || *c == Cause::Budget)
            {
                continue;
            }
            let t = total(m);
            let after = advance(m, t);
            if t.abs() >= 1.0 {
                // "tension +1.2 → 14: drift +0.8, reciprocity +0.4"
                let w = why(db, &rest, m);
                lines.push(match w.split_once(": ") {
                    Some((head, parts)) => format!("{head} → {after:.0}: {parts}"),
                    None => w,
                });
            } else if t.abs() >= 0.05 {
                small += 1;
                for (e, c) in rest.iter().filter(|(e, _)| e.meter == m) {
                    let _ = e;
                    let ct = cause_text(db, c);
                    if !small_causes.contains(&ct) {
                        small_causes.push(ct);
                    }
                }
            }
        }
        if small > 0 {
            lines.push(format!(
                "and {small} change{} under 1 point ({})",
                if small == 1 { "" } else { "s" },
                small_causes.join(", ")
            ));
        }
        if lines.is_empty() {
            None
        } else {
            Some(Step {
                kind: StepKind::Dynamics,
                title: "Every turn: reciprocity, drift, decay, erosion, growth".into(),
                lines,
                site: None,
                side: None,
            })
        }
    };

    let opening = opening_events(log);
    let mut in_opening = true;
    for (li, e) in log.iter().enumerate() {
        if !matches!(
            e,
            LogEntry::TurnStart { .. }
                | LogEntry::Facilitator { .. }
                | LogEntry::Event { .. }
                | LogEntry::Roll {
                    kind: RollKind::Event,
                    ..
                }
        ) {
            in_opening = false;
        }
        // The session's own notes (opened, paused, resumed, revealed) are for the log, not
        // the story of the turn.
        if let LogEntry::Facilitator { text } = e
            && super::facilitator::is_session_note(text)
        {
            continue;
        }
        let Some(title) = viewer.log_line(db, e) else {
            continue;
        };
        let own = fac.iter().find(|(l, _)| *l == li).map(|(_, r)| r.clone());
        let (kind, claim, site, side) = match e {
            LogEntry::TurnStart { .. } => continue,
            LogEntry::Event { event, .. } => (
                StepKind::Event,
                Claim::Event(*event),
                db.events[*event as usize].site.clone(),
                None,
            ),
            LogEntry::Injected { event } => (
                StepKind::Event,
                own.clone()
                    .map(Claim::Entries)
                    .unwrap_or(Claim::Event(*event)),
                db.events[*event as usize].site.clone(),
                None,
            ),
            LogEntry::Incident { event } => (
                StepKind::Event,
                Claim::Event(*event),
                db.events[*event as usize].site.clone(),
                None,
            ),
            LogEntry::Offer {
                id,
                from,
                to,
                card,
                package,
                cosign_of,
                ..
            } => {
                // A request to co-sign is part of the offer it belongs to: one line under it
                // (the package is the offer's own), and its answer joins the offer's answers.
                if let Some(ix) = cosign_of.and_then(|o| offer_step.get(&o).copied()) {
                    offer_step.insert(*id, ix);
                    steps[ix].lines.push(format!(
                        "{to} is asked to co-sign, as the package would bind it"
                    ));
                    continue;
                }
                offer_step.insert(*id, steps.len());
                // The engine logs a counter-offer as an offer of the original card; say what it is.
                let is_counter = counters.iter().any(|(s, c)| s == from && c == card);
                let title = if is_counter {
                    counters.retain(|(s, c)| !(s == from && c == card));
                    format!(
                        "{from} counters {to}'s \"{}\" with: {}",
                        crate::engine::text::card_name(db, *card),
                        package
                            .iter()
                            .map(|p| crate::engine::text::provision_name(db, *p))
                            .collect::<Vec<_>>()
                            .join("; ")
                    )
                } else {
                    title
                };
                offer_cards.insert(*id, *card);
                steps.push(Step {
                    kind: StepKind::Offer,
                    title,
                    lines: Vec::new(),
                    site: None,
                    side: Some(*from),
                });
                continue;
            }
            LogEntry::Answer {
                id, side, answer, ..
            } => {
                if *answer == crate::engine::ledger::AnswerKind::Counter
                    && let Some(card) = offer_cards.get(id)
                {
                    counters.push((*side, *card));
                }
                if let Some(ix) = offer_step.get(id) {
                    steps[*ix].lines.push(title);
                    continue;
                }
                (StepKind::Offer, Claim::None, None, None)
            }
            LogEntry::Move { side, card, .. } => {
                (StepKind::Move, Claim::Card(*side, *card), None, Some(*side))
            }
            LogEntry::Roll { kind, .. } => {
                if matches!(kind, RollKind::Incident) && !dynamics_done {
                    dynamics_done = true;
                    if let Some(st) = dynamics(&mut claimed, false) {
                        steps.push(st);
                    }
                }
                (StepKind::Roll, Claim::None, None, None)
            }
            LogEntry::Detected { side, card } => (
                StepKind::Detection,
                Claim::Detected(*side, *card),
                None,
                Some(*side),
            ),
            LogEntry::Signed { agreement, .. } => {
                (StepKind::Agreement, Claim::Signed(*agreement), None, None)
            }
            LogEntry::StepTaken {
                agreement,
                provision,
                step,
            } => (
                StepKind::Agreement,
                Claim::Step(*agreement, *provision, *step),
                None,
                None,
            ),
            LogEntry::StepVerified { .. }
            | LogEntry::Inspectors { .. }
            | LogEntry::InPrinciple { .. } => (StepKind::Agreement, Claim::None, None, None),
            LogEntry::Violated {
                agreement, side, ..
            } => (
                StepKind::Agreement,
                Claim::Violated(*agreement),
                None,
                Some(*side),
            ),
            LogEntry::Threshold {
                from_rung, to_rung, ..
            } => {
                let kind = if to_rung > from_rung {
                    StepKind::Threshold
                } else {
                    StepKind::Easing
                };
                (kind, Claim::None, None, None)
            }
            LogEntry::CrisisBegins { .. } | LogEntry::Standoff { .. } => {
                (StepKind::Crisis, Claim::None, None, None)
            }
            LogEntry::CrisisChoice { side, choice } => (
                StepKind::Crisis,
                Claim::Crisis(*side, *choice == crate::engine::CrisisChoice::StandFirm),
                None,
                Some(*side),
            ),
            LogEntry::War | LogEntry::GameOver { .. } => (StepKind::End, Claim::None, None, None),
            // A change of mind moves no meter: a note of its own, at the turn's start.
            LogEntry::Shift { side, .. } | LogEntry::ShiftEnds { side, .. } => {
                (StepKind::Event, Claim::None, None, Some(*side))
            }
            // A faction's act changes the offer's ending; its effects are the answer's own.
            LogEntry::Faction { side, .. } => (StepKind::Offer, Claim::None, None, Some(*side)),
            // A misreading claims the tension its misread signal carried.
            LogEntry::Misread {
                side, from, card, ..
            } => (
                StepKind::Roll,
                Claim::Misread(*side, *from, *card),
                None,
                Some(*side),
            ),
            LogEntry::Facilitator { .. } => (
                StepKind::Note,
                own.clone()
                    .map(Claim::Entries)
                    .unwrap_or(Claim::Facilitator),
                None,
                None,
            ),
        };
        // The opening's events came before the plans: the planning screens already showed them.
        let title = if in_opening
            && matches!(e, LogEntry::Event { event, .. } if opening.contains(event))
        {
            format!("Before planning · {title}")
        } else {
            title
        };
        let mut lines = Vec::new();
        if let (StepKind::Move, Some(s)) = (kind, side)
            && !rationale_shown[s.index()]
            && viewer.sees_rationale_of(s, public_move[s.index()])
        {
            rationale_shown[s.index()] = true;
            if let Some(r) = rationales.iter().find_map(|r| match &r.input {
                crate::engine::Input::Plan { side, .. } if *side == s => r.rationale.clone(),
                _ => None,
            }) {
                lines.push(format!("“{r}”"));
            }
        }
        lines.extend(take(&claim, &mut claimed));
        steps.push(Step {
            kind,
            title,
            lines,
            site,
            side,
        });
    }
    // Every offer ends in one sentence: signed, rejected, countered, refused a co-signature,
    // or never answered.
    for end in offer_endings(db, log) {
        if let Some(ix) = offer_step.get(&end.id)
            && let Some(st) = steps.get_mut(*ix)
        {
            st.lines.push(format!("→ {}", end.ending));
        }
    }
    if let Some(mut st) = dynamics(&mut claimed, true) {
        if dynamics_done {
            st.title = "Other changes this turn".into();
        }
        // Before the end-of-game line, if there is one.
        let at = steps
            .iter()
            .position(|s| s.kind == StepKind::End)
            .unwrap_or(steps.len());
        steps.insert(at, st);
    }
    steps
}

/// Where a side last looked: what "since your last turn" is measured from.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub log: usize,
    pub turn: u16,
    pub meters: [f32; 6],
    pub trust: [[f32; 5]; 5],
    pub support: [f32; 5],
}

impl Mark {
    pub fn of(s: &GameState, log_len: usize) -> Mark {
        Mark {
            log: log_len,
            turn: s.turn,
            meters: s.meters(),
            trust: s.trust_matrix(),
            support: SideId::ALL.map(|x| s.support(x)),
        }
    }
}

/// The handover screen's short summary of what `side` has not yet seen.
pub fn since_summary(
    db: &ContentDb,
    s: &GameState,
    log: &[LogEntry],
    side: SideId,
    mark: Option<&Mark>,
) -> Vec<String> {
    let mut out = Vec::new();
    let t = s.tension();
    match mark {
        None => out.push(format!(
            "The exercise opens. Tension {:.0}: {}.",
            db.tension_shown(t),
            db.rung_name(t)
        )),
        Some(m) => {
            let t0 = m.meters[Meter::Tension.index()];
            if (t - t0).abs() >= 0.5 {
                out.push(format!(
                    "Tension {:.0} → {:.0} ({} → {}).",
                    db.tension_shown(t0),
                    db.tension_shown(t),
                    db.rung_name(t0),
                    db.rung_name(t)
                ));
            } else {
                out.push(format!(
                    "Tension steady at {:.0} ({}).",
                    db.tension_shown(t),
                    db.rung_name(t)
                ));
            }
            let sup0 = m.support[side.index()];
            let sup = s.support(side);
            if (sup - sup0).abs() >= 0.5 {
                out.push(format!("Your support at home {sup0:.0} → {sup:.0}."));
            }
            let mut trust_moves = Vec::new();
            for o in s.seated_sides().filter(|o| *o != side) {
                let a = m.trust[o.index()][side.index()];
                let b = s.trust(o, side);
                if (b - a).abs() >= 1.0 {
                    trust_moves.push(format!("{o} {a:.0}→{b:.0}"));
                }
            }
            if !trust_moves.is_empty() {
                out.push(format!("Trust in you: {}.", trust_moves.join(", ")));
            }
            for mm in [Meter::Sanctions, Meter::Verification] {
                let a = m.meters[mm.index()];
                let b = s.meter(mm);
                if (b - a).abs() >= 1.0 {
                    out.push(format!("{} {a:.0} → {b:.0}.", capitalise(mm.label())));
                }
            }
        }
    }
    let from = mark.map(|m| m.log).unwrap_or(0).min(log.len());
    // (what it says, whether it must not be hidden under "… more in the log").
    let news: Vec<(String, bool)> = log[from..]
        .iter()
        .filter(|e| {
            matches!(
                e,
                LogEntry::Event { .. }
                    | LogEntry::Incident { .. }
                    | LogEntry::Move { .. }
                    | LogEntry::Signed { .. }
                    | LogEntry::InPrinciple { .. }
                    | LogEntry::Detected { .. }
                    | LogEntry::Violated { .. }
                    | LogEntry::Threshold { .. }
                    | LogEntry::CrisisChoice { .. }
                    | LogEntry::Injected { .. }
            ) || matches!(e, LogEntry::Facilitator { text }
                    if !super::facilitator::is_session_note(text))
        })
        .filter_map(|e| {
            let key = matches!(
                e,
                LogEntry::Signed { .. }
                    | LogEntry::InPrinciple { .. }
                    | LogEntry::Violated { .. }
                    | LogEntry::Threshold { .. }
                    | LogEntry::CrisisChoice { .. }
                    | LogEntry::Detected { .. }
            );
            Viewer::Side(side).log_line(db, e).map(|l| (l, key))
        })
        .collect();
    // At most 8 lines: agreements, breaches, thresholds and crisis choices always show, then
    // the rest in order as room allows; all in the order they happened.
    let news: Vec<String> = if news.len() > 8 {
        let keys = news.iter().filter(|n| n.1).count().min(7);
        let mut others = 7usize.saturating_sub(keys);
        let mut kept_keys = 0;
        let mut kept = Vec::new();
        for (text, key) in &news {
            if *key && kept_keys < keys {
                kept_keys += 1;
                kept.push(text.clone());
            } else if !*key && others > 0 {
                others -= 1;
                kept.push(text.clone());
            }
        }
        let extra = news.len() - kept.len();
        kept.push(format!("… and {extra} more in the log."));
        kept
    } else {
        news.into_iter().map(|n| n.0).collect()
    };
    out.extend(news);
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

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
    let cohesion = snaps
        .iter()
        .map(|s| {
            let allies: Vec<SideId> = [SideId::Us, SideId::Rok, SideId::Japan]
                .into_iter()
                .filter(|a| s.sides[a.index()].is_some())
                .collect();
            let mut sum = 0.0;
            let mut n = 0;
            for a in &allies {
                for b in &allies {
                    if a != b {
                        sum += s.trust(*a, *b) as f64;
                        n += 1;
                    }
                }
            }
            if n == 0 { 0.0 } else { sum / n as f64 }
        })
        .collect();
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
            texts.contains(&"China Propose \"suspension for suspension\""),
            "{texts:?}"
        );
        assert!(
            texts.contains(&"US agreeing to \"Propose \"suspension for suspension\"\""),
            "{texts:?}"
        );
    }
}

/// How one offer of a turn ended, in one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferEnding {
    pub id: u16,
    pub from: SideId,
    pub to: SideId,
    /// "US offers DPRK: Propose a package [..]" or "DPRK counters US's …".
    pub what: String,
    /// "Agreement signed by US, DPRK.", "Rejected by DPRK: no deal.", …
    pub ending: String,
    /// An agreement came of it.
    pub deal: bool,
}

/// Every offer in `log` (one turn's entries) with the sentence that ends it: accepted and
/// signed, rejected, countered (and how the counter ended), refused a co-signature, or never
/// answered. Requests to co-sign belong to their offer and are not listed on their own.
pub fn offer_endings(db: &ContentDb, log: &[LogEntry]) -> Vec<OfferEnding> {
    use crate::engine::ledger::AnswerKind;
    let card_name = |c: CardIx| crate::engine::text::card_name(db, c);
    let mut out = Vec::new();
    let mut signed_used: Vec<usize> = Vec::new();
    for (i, e) in log.iter().enumerate() {
        let LogEntry::Offer {
            id,
            from,
            to,
            card,
            package,
            counter_of,
            cosign_of,
        } = e
        else {
            continue;
        };
        if cosign_of.is_some() {
            continue;
        }
        let what = match counter_of {
            Some(o) => {
                let orig = log.iter().find_map(|x| match x {
                    LogEntry::Offer { id, card, .. } if id == o => Some(*card),
                    _ => None,
                });
                format!(
                    "{from} counters {to}'s \"{}\"",
                    card_name(orig.unwrap_or(*card))
                )
            }
            None => format!("{from} offers {to}: {}", card_name(*card)),
        };
        let answer = log[i..].iter().find_map(|x| match x {
            LogEntry::Answer {
                id: a,
                answer,
                cosign: false,
                ..
            } if a == id => Some(*answer),
            _ => None,
        });
        // The sides asked to co-sign this offer, and those who declined.
        let cosigners: Vec<u16> = log
            .iter()
            .filter_map(|x| match x {
                LogEntry::Offer {
                    id: c,
                    cosign_of: Some(o),
                    ..
                } if o == id => Some(*c),
                _ => None,
            })
            .collect();
        let declined: Vec<SideId> = log
            .iter()
            .filter_map(|x| match x {
                LogEntry::Answer {
                    id: c,
                    side,
                    answer: AnswerKind::Reject,
                    ..
                } if cosigners.contains(c) => Some(*side),
                _ => None,
            })
            .collect();
        let signed = log[i..].iter().enumerate().find_map(|(k, x)| match x {
            LogEntry::Signed { parties, .. }
                if parties.contains(from)
                    && parties.contains(to)
                    && !signed_used.contains(&(i + k)) =>
            {
                Some((i + k, parties.clone()))
            }
            _ => None,
        });
        let names = |v: &[SideId]| {
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(" and ")
        };
        let (ending, deal) = match answer {
            Some(AnswerKind::Accept) if !declined.is_empty() => (
                format!(
                    "{to} accepts, but {} declines to co-sign: no deal.",
                    names(&declined)
                ),
                false,
            ),
            Some(AnswerKind::Accept) if !package.is_empty() => match signed.clone() {
                Some((k, parties)) => {
                    signed_used.push(k);
                    (format!("Agreement signed by {}.", names(&parties)), true)
                }
                None => (
                    format!("{to} accepts, but nothing was signed: no deal."),
                    false,
                ),
            },
            Some(AnswerKind::Accept) => (format!("{to} accepts: it goes ahead."), true),
            Some(AnswerKind::Reject) => (format!("Rejected by {to}: no deal."), false),
            Some(AnswerKind::Counter) => {
                let counter = log.iter().find_map(|x| match x {
                    LogEntry::Offer {
                        id: c,
                        counter_of: Some(o),
                        ..
                    } if o == id => Some(*c),
                    _ => None,
                });
                let ended = counter.and_then(|c| {
                    log.iter().find_map(|x| match x {
                        LogEntry::Answer {
                            id: a,
                            answer,
                            cosign: false,
                            ..
                        } if *a == c => Some(*answer),
                        _ => None,
                    })
                });
                match ended {
                    Some(AnswerKind::Accept) => (
                        format!("{to} countered, and {from} accepted the counter."),
                        false,
                    ),
                    Some(_) => (
                        format!("{to} countered; {from} turned the counter down: no deal."),
                        false,
                    ),
                    None => (
                        format!("{to} countered; {from} never answered: no deal."),
                        false,
                    ),
                }
            }
            None => (format!("{to} gave no answer: no deal."), false),
        };
        // A faction of either end that overruled the answer has the last word.
        let overruled = log[i..].iter().find_map(|x| match x {
            LogEntry::Faction { offer, act, .. } if offer == id && counter_of.is_none() => {
                Some(*act)
            }
            _ => None,
        });
        let (ending, deal) = match overruled {
            Some(FactionAct::PullsBackOffer) => {
                (format!("{from} pulls its offer back: no deal."), false)
            }
            Some(FactionAct::PullsBackAcceptance) => (
                format!("{to} accepts, then goes back on it: no deal."),
                false,
            ),
            Some(FactionAct::PushesThrough) => match signed {
                Some((k, parties)) if !package.is_empty() => {
                    signed_used.push(k);
                    (
                        format!(
                            "{to} accepts after all: agreement signed by {}.",
                            names(&parties)
                        ),
                        true,
                    )
                }
                _ => (format!("{to} accepts after all: it goes ahead."), true),
            },
            None => (ending, deal),
        };
        out.push(OfferEnding {
            id: *id,
            from: *from,
            to: *to,
            what,
            ending,
            deal,
        });
    }
    out
}

/// The events of a turn's opening: drawn and applied before the sides plan, so the planning
/// screens already showed their effects.
pub fn opening_events(log: &[LogEntry]) -> Vec<EventIx> {
    let mut out = Vec::new();
    for e in log {
        match e {
            LogEntry::TurnStart { .. } | LogEntry::Facilitator { .. } => {}
            LogEntry::Roll {
                kind: RollKind::Event,
                ..
            } => {}
            LogEntry::Event { event, .. } => out.push(*event),
            _ => break,
        }
    }
    out
}

/// Tension when the sides planned: `before` plus what the opening's events did to it.
pub fn tension_at_planning(log: &[LogEntry], ledger: &[LedgerEntry], before: f32) -> f32 {
    let opening = opening_events(log);
    before
        + ledger
            .iter()
            .filter(|e| {
                e.meter == MeterRef::Meter(Meter::Tension)
                    && matches!(e.cause, Cause::Event(ev) if opening.contains(&ev))
            })
            .map(|e| e.delta)
            .sum::<f32>()
}

/// The facilitator's one-screen summary of a turn, for the projector: what the table may see
/// (covert moves stay hidden). Sections of (heading, lines): the numbers, the moves, every
/// offer with how it ended (so why a deal failed), what was signed and broken.
pub fn class_summary(
    db: &ContentDb,
    game: &crate::engine::Game,
    turn: u16,
) -> Vec<(String, Vec<String>)> {
    let log = &game.journal.log;
    let start = log
        .iter()
        .position(|e| matches!(e, LogEntry::TurnStart { turn: t, .. } if *t == turn));
    let Some(start) = start else {
        return Vec::new();
    };
    let end = log[start + 1..]
        .iter()
        .position(|e| matches!(e, LogEntry::TurnStart { .. }))
        .map(|i| i + start + 1)
        .unwrap_or(log.len());
    let slice = &log[start..end];
    let public = Viewer::Public;
    let mut out = Vec::new();
    let snaps = &game.journal.snapshots;
    let before = snaps.iter().rev().find(|s| s.turn < turn).map(|s| s.meters);
    let after = snaps
        .iter()
        .rev()
        .find(|s| s.turn == turn)
        .map(|s| s.meters)
        .unwrap_or(game.state.meters());
    let mut numbers = Vec::new();
    if let Some(b) = before {
        for m in [Meter::Tension, Meter::Sanctions, Meter::Verification] {
            let (x, y) = (b[m.index()], after[m.index()]);
            let (x, y) = if m == Meter::Tension {
                (db.tension_shown(x), db.tension_shown(y))
            } else {
                (x, y)
            };
            numbers.push(format!("{} {x:.0} → {y:.0}", capitalise(m.label())));
        }
        numbers.push(format!(
            "Rung: {}",
            db.rung_name(after[Meter::Tension.index()])
        ));
    }
    out.push((String::from("Where things stand"), numbers));
    let moves: Vec<String> = slice
        .iter()
        .filter(|e| matches!(e, LogEntry::Move { .. }))
        .filter_map(|e| public.log_line(db, e))
        .collect();
    out.push((
        "Moves".into(),
        if moves.is_empty() {
            vec!["No side moved openly.".into()]
        } else {
            moves
        },
    ));
    let visible_offer = |id: u16| {
        slice.iter().any(|e| {
            matches!(e, LogEntry::Offer { id: x, .. } if *x == id)
                && public.log_line(db, e).is_some()
        })
    };
    let offers: Vec<String> = offer_endings(db, slice)
        .into_iter()
        .filter(|o| visible_offer(o.id))
        .map(|o| format!("{} — {}", o.what, o.ending))
        .collect();
    out.push((
        "Offers and answers".into(),
        if offers.is_empty() {
            vec!["No offers.".into()]
        } else {
            offers
        },
    ));
    let deals: Vec<String> = slice
        .iter()
        .filter(|e| {
            matches!(
                e,
                LogEntry::Signed { .. } | LogEntry::Violated { .. } | LogEntry::Threshold { .. }
            ) || matches!(e, LogEntry::CrisisChoice { .. } | LogEntry::War)
        })
        .filter_map(|e| public.log_line(db, e))
        .collect();
    out.push((
        "Signed, broken, thresholds".into(),
        if deals.is_empty() {
            vec!["Nothing signed or broken.".into()]
        } else {
            deals
        },
    ));
    out
}
