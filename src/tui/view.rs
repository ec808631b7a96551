//! What a viewer may see, and the game's story told for the screens: the steps of a resolution,
//! the "since your last turn" summary, the meters a player can ask WHY about, the turning points.
//!
//! Three viewers: one side (its own covert moves and, for the DPRK, the true programme), the
//! public (what everyone at a shared screen may see), and everything (the debrief, after the end).

use std::collections::BTreeMap;

use crate::content::{ContentDb, Meter, MoveKind, ProgrammeField, SideId};
use crate::engine::history::Snapshot;
use crate::engine::ledger::RollKind;
use crate::engine::text::{cause_text, log_text, meter_name, why};
use crate::engine::{Cause, GameState, LedgerEntry, LogEntry, MeterRef, Recorded};

use super::describe::clip;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// Everyone at the shared screen: no side's secrets.
    Public,
    Side(SideId),
    /// After the game: everything, covert moves included.
    All,
}

fn is_programme_secret(f: ProgrammeField) -> bool {
    !matches!(
        f,
        ProgrammeField::NuclearTests
            | ProgrammeField::IcbmTests
            | ProgrammeField::IrbmTests
            | ProgrammeField::SrbmTests
    )
}

/// Whether a cause names another side's covert card (so it must not be shown to `viewer`).
fn covert_cause_of_other(db: &ContentDb, c: &Cause, viewer: Viewer) -> bool {
    let (side, card) = match c {
        Cause::Card { side, card }
        | Cause::Signal { side, card }
        | Cause::Spiral { side, card } => (*side, *card),
        _ => return false,
    };
    let covert = db.c_cards[card as usize].kind == MoveKind::Covert;
    covert
        && match viewer {
            Viewer::All => false,
            Viewer::Side(v) => v != side,
            Viewer::Public => true,
        }
}

impl Viewer {
    pub fn side(self) -> Option<SideId> {
        match self {
            Viewer::Side(s) => Some(s),
            _ => None,
        }
    }

    /// One log line as this viewer may read it, or None if it is not for them.
    pub fn log_line(self, db: &ContentDb, e: &LogEntry) -> Option<String> {
        // A threshold crossing names who pushed it over; never a covert card the viewer cannot see.
        if let LogEntry::Threshold {
            from_rung,
            to_rung,
            by: Some(c),
        } = e
            && covert_cause_of_other(db, c, self)
        {
            let clean = LogEntry::Threshold {
                from_rung: *from_rung,
                to_rung: *to_rung,
                by: Some(Cause::Hidden),
            };
            return log_text(db, &clean, None);
        }
        match self {
            Viewer::All => log_text(db, e, None),
            Viewer::Side(s) => log_text(db, e, Some(s)),
            Viewer::Public => match e {
                LogEntry::Move { secret: true, .. } => None,
                LogEntry::Roll {
                    kind: RollKind::Detection { .. },
                    hit: false,
                    ..
                } => None,
                _ => log_text(db, e, None),
            },
        }
    }

    /// Whether the number of a ledger entry may be shown at all.
    pub fn sees_entry(self, e: &LedgerEntry) -> bool {
        match (e.meter, self) {
            (MeterRef::Programme(f), Viewer::Public) => !is_programme_secret(f),
            (MeterRef::Programme(f), Viewer::Side(s)) => {
                s == SideId::Dprk || !is_programme_secret(f)
            }
            _ => true,
        }
    }

    /// The cause of a ledger entry as this viewer may know it.
    pub fn cause(self, e: &LedgerEntry) -> Cause {
        match (e.secret, self) {
            (_, Viewer::All) | (None, _) => e.cause,
            (Some(owner), Viewer::Side(v)) if owner == v => e.cause,
            _ => Cause::Hidden,
        }
    }

    /// Whether this viewer may see a side's moves (to show its rationale).
    pub fn sees_rationale_of(self, side: SideId, any_public_move: bool) -> bool {
        match self {
            Viewer::All => true,
            Viewer::Side(s) if s == side => true,
            _ => any_public_move,
        }
    }
}

/// The meters a side can select and ask WHY about, in the order the meter panel lists them.
pub fn meter_rows(s: &GameState, viewer: Viewer) -> Vec<MeterRef> {
    let mut v: Vec<MeterRef> = Meter::ALL.iter().map(|m| MeterRef::Meter(*m)).collect();
    let exact = matches!(viewer, Viewer::Side(SideId::Dprk) | Viewer::All);
    for f in ProgrammeField::ALL {
        if exact || !is_programme_secret(f) {
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
                .map(|(e, c)| format!("{:+6.1} → {:>5.1}  {}", e.delta, e.after, cause_text(db, c)))
                .collect();
            (turn, summary, lines)
        })
        .collect()
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
        (Claim::Violated(a), Cause::Violation { agreement, .. })
        | (Claim::Violated(a), Cause::Snapback { agreement }) => a == agreement,
        (Claim::Detected(s, k), Cause::Detection { side, card }) => s == side && k == card,
        (Claim::Crisis(s, firm), Cause::BackDown(x)) => !firm && s == x,
        (Claim::Crisis(_, firm), Cause::StandFirm) => *firm,
        (Claim::Facilitator, Cause::Facilitator) => true,
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
    Violated(u16),
    Detected(SideId, u16),
    Crisis(SideId, bool),
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

    let take = |claim: &Claim, claimed: &mut Vec<bool>| -> Vec<String> {
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
            match groups.iter_mut().find(|g| g.0 == e.meter && g.1 == *c) {
                Some(g) => {
                    g.2 += e.delta;
                    g.3 = e.after;
                }
                None => groups.push((e.meter, *c, e.delta, e.after)),
            }
        }
        groups
            .into_iter()
            .filter(|g| g.2.abs() >= 0.05)
            .map(|(m, c, d, after)| {
                format!(
                    "{:<22} {:+6.1} → {:>3.0}  {}",
                    clip(&meter_name(m), 22),
                    d,
                    after,
                    short_cause(db, claim, &c)
                )
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
            if t.abs() >= 1.0 {
                lines.push(why(db, &rest, m));
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

    for (li, e) in log.iter().enumerate() {
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
            LogEntry::CrisisBegins { .. } => (StepKind::Crisis, Claim::None, None, None),
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
            LogEntry::Facilitator { .. } => (
                StepKind::Note,
                own.clone()
                    .map(Claim::Entries)
                    .unwrap_or(Claim::Facilitator),
                None,
                None,
            ),
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
    let mut news: Vec<String> = log[from..]
        .iter()
        .filter(|e| {
            matches!(
                e,
                LogEntry::Event { .. }
                    | LogEntry::Incident { .. }
                    | LogEntry::Move { .. }
                    | LogEntry::Signed { .. }
                    | LogEntry::Detected { .. }
                    | LogEntry::Violated { .. }
                    | LogEntry::Threshold { .. }
                    | LogEntry::CrisisChoice { .. }
                    | LogEntry::Injected { .. }
            ) || matches!(e, LogEntry::Facilitator { text }
                    if !super::facilitator::is_session_note(text))
        })
        .filter_map(|e| Viewer::Side(side).log_line(db, e))
        .collect();
    if news.len() > 8 {
        let extra = news.len() - 7;
        news.truncate(7);
        news.push(format!("… and {extra} more in the log."));
    }
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
