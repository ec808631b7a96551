//! A turn's resolution told as steps, in the order things happened: each card, answer, event,
//! inject and roll with the meter changes it caused. The resolution screen's story, and the
//! longest piece of telling, so it has a file of its own.

use std::collections::BTreeMap;

use crate::content::{ContentDb, SideId};
use crate::engine::ledger::RollKind;
use crate::engine::text::{cause_text, meter_name, why};
use crate::engine::{Cause, LedgerEntry, LogEntry, MeterRef, Recorded};

use crate::engine::observe::Viewer;

use super::{offer_endings, opening_events, resisted_note};

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
                        crate::tui::text::pad(&meter_name(m), 22),
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
            && crate::tui::facilitator::is_session_note(text)
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
