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
    // The step is headed by the event, so its rows need not name it again.
    if let Claim::Event(e) = claim
        && let Cause::Event(x) | Cause::Incident(x) = c
        && e == x
    {
        return "the event".into();
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
    let mut t = Telling::new(db, ledger, viewer, fac);
    let public_move = sides_with_a_public_move(db, log, viewer);
    let mut rationale_shown = [false; 5];
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
        // Offers and their answers join the offer's step rather than making their own.
        let title = match e {
            LogEntry::Offer {
                id,
                from,
                to,
                card,
                package,
                cosign_of,
                ..
            } => {
                t.offer(*id, *from, *to, *card, package, *cosign_of, title);
                continue;
            }
            LogEntry::Answer {
                id, side, answer, ..
            } => match t.answer(*id, *side, *answer, title) {
                Some(title) => title,
                None => continue,
            },
            // The every-turn changes are told once the moves are, before the month's incident.
            LogEntry::Roll {
                kind: RollKind::Incident,
                ..
            } => {
                t.every_turn_before_the_incident();
                title
            }
            _ => title,
        };
        let own = fac.iter().find(|(l, _)| *l == li).map(|(_, r)| r.clone());
        let Some((kind, claim, site, side)) = step_of(db, e, own) else {
            continue;
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
        lines.extend(t.take(&claim));
        t.steps.push(Step {
            kind,
            title,
            lines,
            site,
            side,
        });
    }
    t.finish(db, log)
}

/// Which sides have a move this viewer can see (for showing their stated reasons).
fn sides_with_a_public_move(db: &ContentDb, log: &[LogEntry], viewer: Viewer) -> [bool; 5] {
    let mut public_move = [false; 5];
    for e in log {
        if let LogEntry::Move { side, .. } = e
            && viewer.log_line(db, e).is_some()
        {
            public_move[side.index()] = true;
        }
    }
    public_move
}

/// What step a log entry makes (its kind, the ledger entries it claims, its map site and its
/// side), or None for one that makes none. Offers and answers are `Telling`'s.
fn step_of(
    db: &ContentDb,
    e: &LogEntry,
    own: Option<std::ops::Range<usize>>,
) -> Option<(StepKind, Claim, Option<String>, Option<SideId>)> {
    let site = |event: u16| db.events[event as usize].site.clone();
    Some(match e {
        LogEntry::TurnStart { .. } => return None,
        LogEntry::Event { event, .. } | LogEntry::Incident { event } => {
            (StepKind::Event, Claim::Event(*event), site(*event), None)
        }
        LogEntry::Injected { event } => (
            StepKind::Event,
            own.map(Claim::Entries).unwrap_or(Claim::Event(*event)),
            site(*event),
            None,
        ),
        LogEntry::Offer { .. } | LogEntry::Answer { .. } => {
            (StepKind::Offer, Claim::None, None, None)
        }
        LogEntry::Move { side, card, .. } => {
            (StepKind::Move, Claim::Card(*side, *card), None, Some(*side))
        }
        LogEntry::Roll { .. } => (StepKind::Roll, Claim::None, None, None),
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
        // It moves no number itself: the plants' restart shows in the programme later.
        LogEntry::PledgeLapsed { side, .. } => {
            (StepKind::Agreement, Claim::None, None, Some(*side))
        }
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
        // A long crisis wearing minds down is part of the crisis that marks its month.
        LogEntry::CrisisBegins { .. } | LogEntry::Standoff { .. } | LogEntry::WornDown { .. } => {
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
        // The programme's month: what the plant did not make shows in the dynamics' lines.
        LogEntry::Outage { .. } => (StepKind::Dynamics, Claim::None, None, Some(SideId::Dprk)),
        LogEntry::Facilitator { .. } => (
            StepKind::Note,
            own.map(Claim::Entries).unwrap_or(Claim::Facilitator),
            None,
            None,
        ),
    })
}

/// The steps told so far and the ledger entries not yet told: each entry is told once, under
/// the first step that claims it, and what no step claims is told as the turn's every-turn
/// changes.
struct Telling<'a> {
    db: &'a ContentDb,
    /// The ledger entries this viewer sees, each with its cause as this viewer may know it.
    visible: Vec<(&'a LedgerEntry, Cause)>,
    /// Each visible entry's index in the screen's ledger slice.
    index: Vec<usize>,
    fac: &'a [(usize, std::ops::Range<usize>)],
    claimed: Vec<bool>,
    /// Each number's running total in the order the steps are told (which groups a card's or an
    /// event's changes together, so it is not quite the order they were applied): every "→ N"
    /// is the previous one plus the change beside it, and the last is where the number ended.
    running: BTreeMap<MeterRef, f32>,
    steps: Vec<Step>,
    /// Each offer's step, and the card it was made with.
    offer_step: BTreeMap<u16, usize>,
    offer_cards: BTreeMap<u16, u16>,
    /// Counter-offers announced by an answer, waiting for the offer the engine logs for them.
    counters: Vec<(SideId, u16)>,
    every_turn_told: bool,
}

impl<'a> Telling<'a> {
    fn new(
        db: &'a ContentDb,
        ledger: &'a [LedgerEntry],
        viewer: Viewer,
        fac: &'a [(usize, std::ops::Range<usize>)],
    ) -> Telling<'a> {
        let kept: Vec<(usize, &LedgerEntry)> = ledger
            .iter()
            .enumerate()
            // The turn's income is routine; spending is listed.
            .filter(|(_, e)| !(e.cause == Cause::Budget && e.delta > 0.0))
            .filter(|(_, e)| viewer.sees_entry(e))
            .collect();
        let visible: Vec<(&LedgerEntry, Cause)> =
            kept.iter().map(|(_, e)| (*e, viewer.cause(e))).collect();
        let running = visible
            .iter()
            .rev()
            .map(|(e, _)| (e.meter, e.after - e.delta))
            .collect();
        Telling {
            db,
            claimed: vec![false; visible.len()],
            index: kept.iter().map(|(i, _)| *i).collect(),
            visible,
            fac,
            running,
            steps: Vec::new(),
            offer_step: BTreeMap::new(),
            offer_cards: BTreeMap::new(),
            counters: Vec::new(),
            every_turn_told: false,
        }
    }

    /// Whether a visible entry is a facilitator action's own, which waits for that action's step.
    fn by_facilitator(&self, i: usize) -> bool {
        self.fac.iter().any(|(_, r)| r.contains(&self.index[i]))
    }

    fn advance(&mut self, m: MeterRef, d: f32) -> f32 {
        let v = self.running.entry(m).or_insert(0.0);
        *v += d;
        *v
    }

    /// An offer's step; a request to co-sign is part of the offer it belongs to: one line under
    /// it (the package is the offer's own), and its answer joins the offer's answers.
    #[allow(clippy::too_many_arguments)]
    fn offer(
        &mut self,
        id: u16,
        from: SideId,
        to: SideId,
        card: u16,
        package: &[u16],
        cosign_of: Option<u16>,
        title: String,
    ) {
        if let Some(ix) = cosign_of.and_then(|o| self.offer_step.get(&o).copied()) {
            self.offer_step.insert(id, ix);
            self.steps[ix].lines.push(format!(
                "{to} is asked to co-sign, as the package would bind it"
            ));
            return;
        }
        self.offer_step.insert(id, self.steps.len());
        // The engine logs a counter-offer as an offer of the original card; say what it is.
        let is_counter = self.counters.iter().any(|(s, c)| *s == from && *c == card);
        let title = if is_counter {
            self.counters.retain(|(s, c)| !(*s == from && *c == card));
            format!(
                "{from} counters {to}'s \"{}\" with: {}",
                crate::engine::text::card_name(self.db, card),
                package
                    .iter()
                    .map(|p| crate::engine::text::provision_name(self.db, *p))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        } else {
            title
        };
        self.offer_cards.insert(id, card);
        self.steps.push(Step {
            kind: StepKind::Offer,
            title,
            lines: Vec::new(),
            site: None,
            side: Some(from),
        });
    }

    /// An answer joins its offer's step; the title back if the offer has no step here.
    fn answer(
        &mut self,
        id: u16,
        side: SideId,
        answer: crate::engine::ledger::AnswerKind,
        title: String,
    ) -> Option<String> {
        if answer == crate::engine::ledger::AnswerKind::Counter
            && let Some(card) = self.offer_cards.get(&id)
        {
            self.counters.push((side, *card));
        }
        match self.offer_step.get(&id) {
            Some(ix) => {
                self.steps[*ix].lines.push(title);
                None
            }
            None => Some(title),
        }
    }

    /// The every-turn changes, told once, before the month's incident roll.
    fn every_turn_before_the_incident(&mut self) {
        if !self.every_turn_told {
            self.every_turn_told = true;
            if let Some(st) = self.every_turn(false) {
                self.steps.push(st);
            }
        }
    }

    /// The lines of the changes a step claims, grouped by number and cause.
    fn take(&mut self, claim: &Claim) -> Vec<String> {
        // (meter, cause, change, push intended)
        let mut groups: Vec<(MeterRef, Cause, f32, f32)> = Vec::new();
        for i in 0..self.visible.len() {
            let (e, c) = self.visible[i];
            let mine = match claim {
                Claim::Entries(r) => r.contains(&self.index[i]),
                _ => claims(claim, &c) && !self.by_facilitator(i),
            };
            if self.claimed[i] || !mine {
                continue;
            }
            self.claimed[i] = true;
            let pushed = e.pushed.unwrap_or(e.delta);
            match groups.iter_mut().find(|g| g.0 == e.meter && g.1 == c) {
                Some(g) => {
                    g.2 += e.delta;
                    g.3 += pushed;
                }
                None => groups.push((e.meter, c, e.delta, pushed)),
            }
        }
        let mut lines = Vec::new();
        for (m, c, d, pushed) in groups {
            let after = self.advance(m, d);
            // A push the end swallowed is told too: it happened, and the ceiling is why it
            // shows no change.
            if d.abs() >= 0.05 || pushed.abs() >= 0.05 {
                lines.push(format!(
                    "{} {:+6.1} → {:>3.0}  {}{}",
                    crate::tui::text::pad(&meter_name(m), 22),
                    d,
                    after,
                    short_cause(self.db, claim, &c),
                    resisted_note(d, pushed)
                ));
            }
        }
        lines
    }

    /// The every-turn step: what no step has claimed (but what a later log entry will: an
    /// incident, a detection, a crisis choice, a signing), or everything left on the final sweep.
    fn every_turn(&mut self, final_sweep: bool) -> Option<Step> {
        let mut rest: Vec<(&LedgerEntry, Cause)> = Vec::new();
        for i in 0..self.visible.len() {
            let x = self.visible[i];
            if !self.claimed[i] && (final_sweep || !(claimed_later(&x.1) || self.by_facilitator(i)))
            {
                self.claimed[i] = true;
                rest.push(x);
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
        let only_spending = |m: MeterRef| {
            matches!(m, MeterRef::Pc(_))
                && rest
                    .iter()
                    .all(|(e, c)| e.meter != m || *c == Cause::Budget)
        };
        let mut lines: Vec<String> = Vec::new();
        // Political capital paid for the moves: one line.
        let spent: Vec<String> = meters
            .iter()
            .filter_map(|m| match m {
                MeterRef::Pc(s) if only_spending(*m) => Some(format!("{s} {:.0}", -total(*m))),
                _ => None,
            })
            .collect();
        if !spent.is_empty() {
            lines.push(format!("political capital spent: {}", spent.join(", ")));
        }
        let mut small = 0;
        let mut small_causes: Vec<String> = Vec::new();
        for m in meters {
            if only_spending(m) {
                continue;
            }
            let t = total(m);
            let after = self.advance(m, t);
            if t.abs() >= 1.0 {
                // "tension +1.2 → 14: drift +0.8, reciprocity +0.4"
                let w = why(self.db, &rest, m);
                lines.push(match w.split_once(": ") {
                    Some((head, parts)) => format!("{head} → {after:.0}: {parts}"),
                    None => w,
                });
            } else if t.abs() >= 0.05 {
                small += 1;
                for (_, c) in rest.iter().filter(|(e, _)| e.meter == m) {
                    let ct = cause_text(self.db, c);
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
        (!lines.is_empty()).then(|| Step {
            kind: StepKind::Dynamics,
            title: "Every turn: reciprocity, drift, decay, erosion, growth".into(),
            lines,
            site: None,
            side: None,
        })
    }

    /// Every offer's ending, and what is left of the ledger, then the steps.
    fn finish(mut self, db: &ContentDb, log: &[LogEntry]) -> Vec<Step> {
        // Every offer ends in one sentence: signed, rejected, countered, refused a
        // co-signature, or never answered.
        for end in offer_endings(db, log) {
            if let Some(ix) = self.offer_step.get(&end.id)
                && let Some(st) = self.steps.get_mut(*ix)
            {
                st.lines.push(format!("→ {}", end.ending));
            }
        }
        if let Some(mut st) = self.every_turn(true) {
            if self.every_turn_told {
                st.title = "Other changes this turn".into();
            }
            // Before the end-of-game line, if there is one.
            let at = self
                .steps
                .iter()
                .position(|s| s.kind == StepKind::End)
                .unwrap_or(self.steps.len());
            self.steps.insert(at, st);
        }
        self.steps
    }
}

/// Causes a later log entry (an incident, a detection, a crisis choice, a signing) will claim,
/// so the every-turn step must leave them for it.
fn claimed_later(c: &Cause) -> bool {
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
}
