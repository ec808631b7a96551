//! The after-action report of a game (`brink report`, and the TUI's end screen).
//!
//! [`build`] reads a finished (or unfinished) game — its log, ledger, snapshots and the inputs
//! with their rationales — into a [`Report`]: plain data that says what happened and why. The
//! renderers turn it into Markdown ([`md`]), one self-contained HTML page with inline SVG charts
//! ([`html`], [`charts`]) or JSON (the `Report` itself, serialised).
//!
//! What the report holds: the scenario and who controlled each side; each side's objectives met
//! or missed and the turn that decided them; the turning points (the largest single-turn swings
//! in tension and what caused them); every agreement judged against the US and allied goals
//! (content brief §1.4, G1–G7) and the DPRK's; a timeline by turn of every move with its
//! rationale, each event, roll and meter change; charts; and discussion questions drawn from the
//! facts of this game.

pub mod charts;
pub mod html;
pub mod md;

use crate::content::NumTarget;
use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::content::{CEffect, ContentDb, Meter, MoveKind, ProgrammeField, ProvIx, SideId};
use crate::engine::ledger::AnswerKind;
use crate::engine::state::AgreementStatus;
use crate::engine::text::{self, card_name, event_name, provision_name};
use crate::engine::{
    Cause, CrisisChoice, Game, GameState, Input, LedgerEntry, LogEntry, MeterRef, Outcome,
    Response, Sink, Snapshot, objective_results, score,
};
use crate::record::GameRecord;

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Md,
    Html,
    Json,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Md),
            "html" | "htm" => Some(Format::Html),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
    pub fn id(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Json => "json",
        }
    }
}

/// The whole report, as data. `brink report --format json` prints this.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub title: String,
    pub scenario: ScenarioInfo,
    pub game: GameInfo,
    pub sides: Vec<SideReport>,
    pub final_state: FinalState,
    pub series: Series,
    /// Turns marked on the charts (agreements, breaks, crises, tests, the turn's biggest move).
    pub marks: Vec<Mark>,
    pub turning_points: Vec<TurningPoint>,
    pub agreements: Vec<AgreementReport>,
    pub timeline: Vec<TurnReport>,
    pub questions: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioInfo {
    pub id: String,
    pub title: String,
    pub brief: String,
    pub start: String,
    pub turns: u16,
    pub turn_months: u8,
    pub history: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GameInfo {
    pub seed: u64,
    pub label: String,
    pub brink_version: String,
    pub content_hash: String,
    pub inputs: usize,
    pub turns_played: u16,
    /// "agreement", "stalemate", "collapse", "war", or None while the game is unfinished.
    pub outcome: Option<String>,
    pub end_date: String,
    /// A paragraph: how the game went, in numbers.
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SideReport {
    pub id: String,
    pub name: String,
    /// "human", "facilitator", or the computer persona ("random", "hawk:hard").
    pub controller: String,
    pub score: f32,
    pub objectives: Vec<ObjectiveLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveLine {
    pub name: String,
    pub weight: f32,
    pub met: bool,
    /// When it was settled, in words: "met from turn 7 on", "missed since turn 3".
    pub decided: String,
    /// The turn from which the final verdict held (None if it never held at a turn's end).
    pub decided_turn: Option<u16>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrustValue {
    pub from: String,
    pub to: String,
    pub value: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct FinalState {
    pub tension: f32,
    pub rung: String,
    pub sanctions: f32,
    pub enforcement: f32,
    pub verification: f32,
    pub economy: f32,
    pub readiness: f32,
    pub alliance_cohesion: f32,
    pub warheads: f32,
    pub fissile_kg: f32,
    pub production_kg: f32,
    pub icbm_readiness: f32,
    pub nuclear_tests: f32,
    pub icbm_tests: f32,
    pub trust: Vec<TrustValue>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RungInfo {
    pub name: String,
    pub from: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrustSeries {
    /// "US→DPRK".
    pub label: String,
    pub from: String,
    pub to: String,
    pub values: Vec<f32>,
}

/// The numbers over the game: index 0 is the start, index t the end of turn t.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub turns: Vec<u16>,
    pub dates: Vec<String>,
    pub tension: Vec<f32>,
    pub trust: Vec<TrustSeries>,
    pub warheads: Vec<f32>,
    pub icbm_readiness: Vec<f32>,
    pub ladder: Vec<RungInfo>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Mark {
    /// 1-based, as drawn on the charts.
    pub n: usize,
    pub turn: u16,
    pub date: String,
    pub items: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CauseLine {
    pub cause: String,
    pub delta: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct TurningPoint {
    pub turn: u16,
    pub date: String,
    pub from: f32,
    pub to: f32,
    pub delta: f32,
    pub rung_from: String,
    pub rung_to: String,
    /// engine::text::why for tension that turn.
    pub why: String,
    pub causes: Vec<CauseLine>,
    /// Rungs crossed, with who pushed it over.
    pub crossings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProvisionLine {
    pub id: String,
    pub name: String,
    pub obligations: Vec<String>,
    pub value_us: f32,
    /// Mean of the ROK's and Japan's values (of those seated).
    pub value_allies: f32,
    pub value_dprk: f32,
    pub verification_needed: f32,
    /// Verification at the end of the signing turn was at least what the provision needs.
    pub verifiable: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoalCheck {
    /// "G2" (content brief §1.4) or "D1" (the DPRK's goals).
    pub id: String,
    pub goal: String,
    pub served: bool,
    pub how: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgreementReport {
    /// 1-based, as players see it.
    pub n: u16,
    pub signed_turn: u16,
    pub signed_date: String,
    pub offered_by: Option<String>,
    pub parties: Vec<String>,
    pub provisions: Vec<ProvisionLine>,
    /// "in force at the end" or "broken on turn 6 by the DPRK".
    pub status: String,
    pub broken: bool,
    pub broken_turn: Option<u16>,
    pub broken_by: Option<String>,
    pub turns_in_force: u16,
    /// Covert moves against it, with when (if ever) they were found out.
    pub cheating: Vec<String>,
    pub us_allied_goals: Vec<GoalCheck>,
    pub dprk_goals: Vec<GoalCheck>,
    pub value_us: f32,
    pub value_allies: f32,
    pub value_dprk: f32,
    pub verdict: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MoveLine {
    pub side: String,
    pub side_name: String,
    /// Each card played, with its kind, target and package, in the order listed.
    pub moves: Vec<String>,
    pub rationale: Option<String>,
}

/// One line of what happened; decisions (answers, crisis choices) carry their side and rationale.
#[derive(Debug, Clone, Serialize)]
pub struct Happening {
    pub text: String,
    pub side: Option<String>,
    pub rationale: Option<String>,
}

impl Happening {
    fn plain(text: String) -> Happening {
        Happening {
            text,
            side: None,
            rationale: None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TurnReport {
    pub turn: u16,
    pub date: String,
    pub tension_before: f32,
    pub tension_after: f32,
    pub rung_before: String,
    pub rung_after: String,
    /// Events and incidents, with their descriptions.
    pub events: Vec<String>,
    pub moves: Vec<MoveLine>,
    /// Facilitator injects and overrides.
    pub facilitator: Vec<String>,
    /// Everything else, in the order it happened: offers and their answers (with rationales),
    /// rolls, detections, signings, breaks, threshold crossings, the crisis and its choices,
    /// war, the end.
    pub happened: Vec<Happening>,
    /// engine::text::why for tension, the key trust pairs and the programme.
    pub changes: Vec<String>,
    /// Every ledger entry of the turn.
    pub ledger: Vec<String>,
}

/// The four trust pairs the report follows (design §3: the pair the seed article is about, and
/// the allies' trust in Washington).
pub const KEY_PAIRS: [(SideId, SideId); 4] = [
    (SideId::Us, SideId::Dprk),
    (SideId::Dprk, SideId::Us),
    (SideId::Rok, SideId::Us),
    (SideId::Japan, SideId::Us),
];

fn r1(x: f32) -> f32 {
    (x * 10.0).round() / 10.0
}

fn r2(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

fn controller_text(c: &str) -> String {
    match c {
        "human" | "facilitator" => c.to_string(),
        other => format!("computer ({other})"),
    }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Records, at the end of every turn, whether each objective would be met if the game ended then.
struct ObjectiveSink {
    per_turn: Vec<(u16, [Vec<bool>; 5])>,
}

impl Sink for ObjectiveSink {
    const ENABLED: bool = true;
    fn ledger(&mut self, _: LedgerEntry) {}
    fn log(&mut self, _: LogEntry) {}
    fn turn_end(&mut self, db: &ContentDb, state: &GameState) {
        let mut row: [Vec<bool>; 5] = Default::default();
        for side in SideId::ALL {
            if state.seated(side) {
                row[side.index()] = objective_results(db, state, side)
                    .iter()
                    .map(|r| r.met)
                    .collect();
            }
        }
        self.per_turn.push((state.turn, row));
    }
}

/// Replays the game's inputs to see each objective's status at every turn's end.
fn objective_history(db: &ContentDb, g: &Game) -> Vec<(u16, [Vec<bool>; 5])> {
    let mut sink = ObjectiveSink {
        per_turn: Vec::new(),
    };
    let Some(mut s) = GameState::new_unstarted(db, &g.scenario_id, g.state.seed) else {
        return Vec::new();
    };
    crate::engine::turn::start(db, &mut s, &mut sink);
    for r in &g.inputs {
        if crate::engine::turn::submit(db, &mut s, &r.input, &mut sink).is_err() {
            break;
        }
    }
    sink.per_turn
}

/// The log split by turn: entries before the first `TurnStart` belong to turn 1.
fn log_by_turn(log: &[LogEntry]) -> BTreeMap<u16, Vec<&LogEntry>> {
    let mut out: BTreeMap<u16, Vec<&LogEntry>> = BTreeMap::new();
    let mut turn = 1;
    for e in log {
        if let LogEntry::TurnStart { turn: t, .. } = e {
            turn = *t;
        }
        out.entry(turn).or_default().push(e);
    }
    out
}

/// Sum of a turn's tension changes per card (its own effect, signal and spiral), by side.
fn tension_by_move(entries: &[&LedgerEntry]) -> Vec<(SideId, u16, f32)> {
    let mut by: Vec<(SideId, u16, f32)> = Vec::new();
    for e in entries {
        if e.meter != MeterRef::Meter(Meter::Tension) {
            continue;
        }
        let (side, card) = match e.cause {
            Cause::Card { side, card }
            | Cause::Signal { side, card }
            | Cause::Spiral { side, card }
            | Cause::Detection { side, card } => (side, card),
            _ => continue,
        };
        match by.iter_mut().find(|(s, c, _)| *s == side && *c == card) {
            Some(x) => x.2 += e.delta,
            None => by.push((side, card, e.delta)),
        }
    }
    by.sort_by(|a, b| b.2.abs().total_cmp(&a.2.abs()));
    by
}

fn why_of(db: &ContentDb, entries: &[&LedgerEntry], meter: MeterRef) -> Option<String> {
    let pairs: Vec<(&LedgerEntry, Cause)> = entries
        .iter()
        .filter(|e| e.meter == meter)
        .map(|e| (*e, e.cause))
        .collect();
    if pairs.is_empty() {
        return None;
    }
    let total: f32 = pairs.iter().map(|(e, _)| e.delta).sum();
    if total.abs() < 0.05 && pairs.iter().all(|(e, _)| e.delta.abs() < 0.05) {
        return None;
    }
    Some(text::why(db, &pairs, meter))
}

fn ledger_line(db: &ContentDb, e: &LedgerEntry) -> String {
    let mut s = format!("{} → {:.1}", text::ledger_text(db, e, &e.cause), e.after);
    if let Some(side) = e.secret {
        s.push_str(&format!(" (covert: known to {side} only)"));
    }
    s
}

fn move_text(db: &ContentDb, side: SideId, m: &crate::engine::Move) -> String {
    let c = &db.c_cards[m.card as usize];
    let mut s = card_name(db, m.card).to_string();
    match c.kind {
        MoveKind::Covert => s.push_str(" (covert)"),
        MoveKind::Offer => s.push_str(" (offer)"),
        MoveKind::Unilateral => {}
    }
    if let Some(t) = crate::engine::moves::target_of(db, m)
        && t != side
    {
        s.push_str(&format!(" → {t}"));
    }
    if !m.package.is_empty() {
        let names: Vec<&str> = m.package.iter().map(|p| provision_name(db, *p)).collect();
        s.push_str(&format!(" [{}]", names.join("; ")));
    }
    s
}

/// An offer as the log recorded it.
#[derive(Clone)]
struct OfferInfo {
    from: SideId,
    card: u16,
    package: Vec<ProvIx>,
}

/// Builds the report of a game. `rec` supplies who controlled each side and the record's label;
/// the game supplies everything else.
pub fn build(db: &ContentDb, g: &Game, rec: &GameRecord) -> Report {
    let s = &g.state;
    let scen = &db.scenarios[s.scenario as usize];
    let snaps: &[Snapshot] = &g.journal.snapshots;
    let seated: Vec<SideId> = s.seated_sides().collect();
    let logs = log_by_turn(&g.journal.log);
    let mut ledger_turn: BTreeMap<u16, Vec<&LedgerEntry>> = BTreeMap::new();
    for e in &g.journal.ledger {
        ledger_turn.entry(e.turn).or_default().push(e);
    }
    let last_turn = snaps.last().map(|x| x.turn).unwrap_or(0);
    let date_of = |t: u16| s.date_of(db, t);

    // Series.
    let pairs: Vec<(SideId, SideId)> = KEY_PAIRS
        .into_iter()
        .filter(|(a, b)| s.seated(*a) && s.seated(*b))
        .collect();
    let series = Series {
        turns: snaps.iter().map(|x| x.turn).collect(),
        dates: snaps
            .iter()
            .enumerate()
            .map(|(i, x)| {
                if i == 0 {
                    format!("start ({})", scen.start)
                } else {
                    x.date.clone()
                }
            })
            .collect(),
        tension: snaps.iter().map(|x| r2(x.tension())).collect(),
        trust: pairs
            .iter()
            .map(|(a, b)| TrustSeries {
                label: format!("{a}→{b}"),
                from: a.id().into(),
                to: b.id().into(),
                values: snaps.iter().map(|x| r2(x.trust(*a, *b))).collect(),
            })
            .collect(),
        warheads: snaps
            .iter()
            .map(|x| r2(x.prog(ProgrammeField::Warheads)))
            .collect(),
        icbm_readiness: snaps
            .iter()
            .map(|x| r2(x.prog(ProgrammeField::IcbmReadiness)))
            .collect(),
        ladder: db
            .ladder
            .iter()
            .map(|r| RungInfo {
                name: r.name.clone(),
                from: r.from,
            })
            .collect(),
    };
    let tension_at = |t: u16| -> f32 {
        snaps
            .iter()
            .find(|x| x.turn == t)
            .map(|x| x.tension())
            .unwrap_or(s.tension())
    };
    let snap_at = |t: u16| -> &Snapshot {
        snaps
            .iter()
            .rev()
            .find(|x| x.turn <= t)
            .unwrap_or(&snaps[0])
    };

    // Offers per turn, for answers and agreements.
    let mut offers: BTreeMap<(u16, u16), OfferInfo> = BTreeMap::new();
    for (turn, entries) in &logs {
        for e in entries {
            if let LogEntry::Offer {
                id,
                from,
                card,
                package,
                ..
            } = e
            {
                offers.insert(
                    (*turn, *id),
                    OfferInfo {
                        from: *from,
                        card: *card,
                        package: package.clone(),
                    },
                );
            }
        }
    }

    // Timeline.
    let mut timeline = Vec::new();
    let turns: Vec<u16> = (1..=s.turn.max(1)).collect();
    for &t in &turns {
        let before = snap_at(t.saturating_sub(1)).tension();
        let after = if t <= last_turn {
            tension_at(t)
        } else {
            s.tension()
        };
        let empty = Vec::new();
        let entries = logs.get(&t).unwrap_or(&empty);
        let led = ledger_turn.get(&t).map(|v| v.as_slice()).unwrap_or(&[]);
        let mut tr = TurnReport {
            turn: t,
            date: date_of(t),
            tension_before: r1(before),
            tension_after: r1(after),
            rung_before: db.rung_name(before).to_string(),
            rung_after: db.rung_name(after).to_string(),
            events: Vec::new(),
            moves: Vec::new(),
            facilitator: Vec::new(),
            happened: Vec::new(),
            changes: Vec::new(),
            ledger: led.iter().map(|e| ledger_line(db, e)).collect(),
        };
        let inputs_now: Vec<&crate::engine::Recorded> =
            g.inputs.iter().filter(|r| r.turn == t).collect();
        for (i, e) in entries.iter().enumerate() {
            // A counter-offer is logged as an answer and then as a new offer; the answer line
            // already names its package.
            let after_counter = i > 0
                && matches!(
                    entries[i - 1],
                    LogEntry::Answer {
                        answer: AnswerKind::Counter,
                        ..
                    }
                );
            match e {
                LogEntry::TurnStart { .. } | LogEntry::Move { .. } => {}
                LogEntry::Offer { .. } if after_counter => {}
                LogEntry::Event { .. }
                | LogEntry::Incident { .. }
                | LogEntry::Shift { .. }
                | LogEntry::ShiftEnds { .. } => {
                    if let Some(line) = text::log_text(db, e, None) {
                        tr.events.push(line);
                    }
                }
                LogEntry::Injected { .. } | LogEntry::Facilitator { .. } => {
                    if let Some(line) = text::log_text(db, e, None) {
                        tr.facilitator.push(line);
                    }
                }
                LogEntry::Answer {
                    id,
                    side,
                    answer,
                    cosign,
                } => {
                    let (response, rationale) = inputs_now
                        .iter()
                        .find_map(|r| match &r.input {
                            Input::Respond {
                                side: s2,
                                offer,
                                response,
                            } if s2 == side && offer == id => {
                                Some((Some(response.clone()), r.rationale.clone()))
                            }
                            _ => None,
                        })
                        .unwrap_or((None, None));
                    let what = match offers.get(&(t, *id)) {
                        Some(o) => format!(
                            "{}'s offer \"{}\"",
                            o.from.with_article(),
                            card_name(db, o.card)
                        ),
                        None => format!("offer {id}"),
                    };
                    let text = match (response, answer) {
                        (Some(Response::Counter(p)), _) => format!(
                            "counters {what} with [{}]",
                            p.iter()
                                .map(|x| provision_name(db, *x))
                                .collect::<Vec<_>>()
                                .join("; ")
                        ),
                        (_, AnswerKind::Accept) if *cosign => format!("agrees to co-sign {what}"),
                        (_, AnswerKind::Reject) if *cosign => {
                            format!("declines to co-sign {what}")
                        }
                        (_, AnswerKind::Accept) => format!("accepts {what}"),
                        (_, AnswerKind::Reject) => format!("rejects {what}"),
                        (_, AnswerKind::Counter) => format!("counters {what}"),
                    };
                    tr.happened.push(Happening {
                        text,
                        side: Some(side.label().into()),
                        rationale,
                    });
                }
                LogEntry::CrisisChoice { side, choice } => {
                    let rationale = inputs_now.iter().find_map(|r| match &r.input {
                        Input::Crisis { side: s2, .. } if s2 == side => r.rationale.clone(),
                        _ => None,
                    });
                    tr.happened.push(Happening {
                        text: match choice {
                            CrisisChoice::StandFirm => "stands firm".into(),
                            CrisisChoice::BackDown => "backs down".into(),
                        },
                        side: Some(side.label().into()),
                        rationale,
                    });
                }
                _ => {
                    if let Some(line) = text::log_text(db, e, None) {
                        tr.happened.push(Happening::plain(line));
                    }
                }
            }
        }
        for r in &inputs_now {
            if let Input::Plan { side, moves } = &r.input {
                tr.moves.push(MoveLine {
                    side: side.id().into(),
                    side_name: side.label().into(),
                    moves: moves.iter().map(|m| move_text(db, *side, m)).collect(),
                    rationale: r.rationale.clone(),
                });
            }
        }
        let mut meters = vec![MeterRef::Meter(Meter::Tension)];
        meters.extend(pairs.iter().map(|(a, b)| MeterRef::Trust(*a, *b)));
        meters.extend([
            MeterRef::Meter(Meter::Sanctions),
            MeterRef::Meter(Meter::Verification),
            MeterRef::Programme(ProgrammeField::Warheads),
            MeterRef::Programme(ProgrammeField::IcbmReadiness),
        ]);
        for m in meters {
            if let Some(w) = why_of(db, led, m) {
                tr.changes.push(w);
            }
        }
        timeline.push(tr);
    }

    // Objectives, with the turn that decided them.
    let history = objective_history(db, g);
    let controllers: BTreeMap<SideId, String> = rec.controllers.iter().cloned().collect();
    let war_turn = g
        .journal
        .snapshots
        .iter()
        .find(|x| x.outcome == Some(Outcome::War))
        .map(|x| x.turn);
    let mut sides = Vec::new();
    for &side in &seated {
        let results = objective_results(db, s, side);
        let objectives = results
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let statuses: Vec<(u16, bool)> = history
                    .iter()
                    .filter_map(|(t, row)| row[side.index()].get(i).map(|m| (*t, *m)))
                    .collect();
                // The first turn of the final run of the final verdict.
                let mut from = None;
                for (t, m) in statuses.iter().rev() {
                    if *m == r.met {
                        from = Some(*t);
                    } else {
                        break;
                    }
                }
                let decided = match (r.met, war_turn, from) {
                    (false, Some(w), _) => format!("lost to the war on turn {w}"),
                    (true, _, Some(1)) => "met from the first turn on".to_string(),
                    (true, _, Some(t)) => format!("met from turn {t} on"),
                    (false, _, Some(1)) => "never met at a turn's end".to_string(),
                    (false, _, Some(t)) => {
                        if statuses.iter().any(|(_, m)| *m) {
                            format!("lost on turn {t}")
                        } else {
                            format!("missed since turn {t}")
                        }
                    }
                    (_, _, None) => "not yet decided".to_string(),
                };
                ObjectiveLine {
                    name: r.name.clone(),
                    weight: r.weight,
                    met: r.met,
                    decided,
                    decided_turn: from,
                }
            })
            .collect();
        sides.push(SideReport {
            id: side.id().into(),
            name: side.label().into(),
            controller: controller_text(
                controllers
                    .get(&side)
                    .map(|c| c.as_str())
                    .unwrap_or("unknown"),
            ),
            score: r2(score(db, s, side)),
            objectives,
        });
    }

    // Marks for the charts.
    let mut mark_items: BTreeMap<u16, Vec<String>> = BTreeMap::new();
    for (turn, entries) in &logs {
        let items = mark_items.entry(*turn).or_default();
        for e in entries {
            match e {
                LogEntry::Signed { agreement, .. } => {
                    items.push(format!("agreement {} signed", agreement + 1))
                }
                LogEntry::Violated {
                    agreement, side, ..
                } => items.push(format!("agreement {} broken by {side}", agreement + 1)),
                LogEntry::CrisisBegins { .. } => items.push("crisis at the brink".into()),
                LogEntry::War => items.push("war".into()),
                LogEntry::Detected { side, card } => {
                    items.push(format!("{side} caught: {}", card_name(db, *card)))
                }
                LogEntry::Injected { event } => {
                    items.push(format!("inject: {}", event_name(db, *event)))
                }
                _ => {}
            }
        }
        let led = ledger_turn.get(turn).map(|v| v.as_slice()).unwrap_or(&[]);
        for e in led {
            if let (
                MeterRef::Programme(
                    f @ (ProgrammeField::NuclearTests
                    | ProgrammeField::IcbmTests
                    | ProgrammeField::IrbmTests),
                ),
                Cause::Card { side, card },
            ) = (e.meter, e.cause)
                && e.delta > 0.0
            {
                let _ = f;
                let line = format!("{side} {}", card_name(db, card));
                if !items.contains(&line) {
                    items.push(line);
                }
            }
        }
        if let Some((side, card, d)) = tension_by_move(led).first()
            && d.abs() >= 4.0
        {
            let name = card_name(db, *card);
            if !items.iter().any(|i| i.ends_with(name)) {
                // The signal of taking up another side's offer is the answer, not the offer.
                let what = text::move_or_answer(db, *side, *card);
                items.push(format!("{what} (tension {d:+.0})"));
            }
        }
    }
    let marks: Vec<Mark> = mark_items
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .enumerate()
        .map(|(i, (turn, items))| Mark {
            n: i + 1,
            turn,
            date: date_of(turn),
            items,
        })
        .collect();

    // Turning points: the largest single-turn swings in tension.
    let mut swings: Vec<(u16, f32, f32)> = snaps
        .windows(2)
        .map(|w| (w[1].turn, w[0].tension(), w[1].tension()))
        .filter(|(_, a, b)| (b - a).abs() >= 3.0)
        .collect();
    swings.sort_by(|a, b| (b.2 - b.1).abs().total_cmp(&(a.2 - a.1).abs()));
    swings.truncate(3);
    swings.sort_by_key(|x| x.0);
    let turning_points = swings
        .iter()
        .map(|&(t, from, to)| {
            let led = ledger_turn.get(&t).map(|v| v.as_slice()).unwrap_or(&[]);
            let mut causes: Vec<(String, f32)> = Vec::new();
            for e in led
                .iter()
                .filter(|e| e.meter == MeterRef::Meter(Meter::Tension))
            {
                let k = text::cause_text(db, &e.cause);
                match causes.iter_mut().find(|(c, _)| *c == k) {
                    Some(c) => c.1 += e.delta,
                    None => causes.push((k, e.delta)),
                }
            }
            causes.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
            let crossings = logs
                .get(&t)
                .map(|es| {
                    es.iter()
                        .filter(|e| matches!(e, LogEntry::Threshold { .. }))
                        .filter_map(|e| text::log_text(db, e, None))
                        .collect()
                })
                .unwrap_or_default();
            TurningPoint {
                turn: t,
                date: date_of(t),
                from: r1(from),
                to: r1(to),
                delta: r1(to - from),
                rung_from: db.rung_name(from).into(),
                rung_to: db.rung_name(to).into(),
                why: why_of(db, led, MeterRef::Meter(Meter::Tension)).unwrap_or_default(),
                causes: causes
                    .into_iter()
                    .filter(|(_, d)| d.abs() >= 0.05)
                    .take(5)
                    .map(|(cause, d)| CauseLine {
                        cause,
                        delta: r1(d),
                    })
                    .collect(),
                crossings,
            }
        })
        .collect();

    let agreements = judge_agreements(db, g, &logs, &offers);

    let fin = FinalState {
        tension: r1(s.tension()),
        rung: db.rung_name(s.tension()).into(),
        sanctions: r1(s.meter(Meter::Sanctions)),
        enforcement: r1(s.meter(Meter::Enforcement)),
        verification: r1(s.meter(Meter::Verification)),
        economy: r1(s.meter(Meter::Economy)),
        readiness: r1(s.meter(Meter::Readiness)),
        alliance_cohesion: r1(s.alliance_cohesion()),
        warheads: r1(s.prog(ProgrammeField::Warheads)),
        fissile_kg: r1(s.prog(ProgrammeField::FissileKg)),
        production_kg: r1(s.prog(ProgrammeField::ProductionKg)),
        icbm_readiness: r1(s.prog(ProgrammeField::IcbmReadiness)),
        nuclear_tests: s.prog(ProgrammeField::NuclearTests),
        icbm_tests: s.prog(ProgrammeField::IcbmTests),
        trust: seated
            .iter()
            .flat_map(|a| {
                seated
                    .iter()
                    .filter(move |b| *b != a)
                    .map(move |b| TrustValue {
                        from: a.id().into(),
                        to: b.id().into(),
                        value: r1(s.trust(*a, *b)),
                    })
            })
            .collect(),
    };

    let mut report = Report {
        title: format!("After-action report: {}", scen.title),
        scenario: ScenarioInfo {
            id: scen.id.clone(),
            title: scen.title.clone(),
            brief: scen.brief.clone(),
            start: scen.start.clone(),
            turns: scen.turns,
            turn_months: scen.turn_months,
            history: scen.history.clone(),
        },
        game: GameInfo {
            seed: s.seed,
            label: rec.label.clone(),
            brink_version: rec.brink_version.clone(),
            content_hash: rec.content_hash.clone(),
            inputs: g.inputs.len(),
            turns_played: s.turn,
            outcome: s.outcome.map(|o| o.id().to_string()),
            end_date: date_of(s.turn),
            summary: String::new(),
        },
        sides,
        final_state: fin,
        series,
        marks,
        turning_points,
        agreements,
        timeline,
        questions: Vec::new(),
    };
    report.game.summary = summary(db, g, &report);
    report.questions = questions(db, g, &report, &logs);
    report
}

fn outcome_phrase(o: Option<&str>) -> &'static str {
    match o {
        Some("agreement") => "with an agreement that binds the DPRK in force",
        Some("stalemate") => "in stalemate: no binding agreement, but no crisis either",
        Some("collapse") => "in collapse: talks broken off or tension at Crisis or above",
        Some("war") => "in war",
        _ => "unfinished",
    }
}

/// `outcome_phrase`, naming which way a collapse came about where the final state tells.
fn ended_phrase(db: &ContentDb, s: &GameState, o: Option<&str>) -> String {
    match (o, crate::engine::text::collapse_cause(db, s)) {
        (Some("collapse"), Some(why)) => format!("in collapse: the turns ran out with {why}"),
        _ => outcome_phrase(o).to_string(),
    }
}

fn summary(db: &ContentDb, g: &Game, r: &Report) -> String {
    let s = &g.state;
    let start = &g.journal.snapshots[0];
    let (peak_i, peak) = r
        .series
        .tension
        .iter()
        .enumerate()
        .fold(
            (0, f32::MIN),
            |acc, (i, v)| if *v > acc.1 { (i, *v) } else { acc },
        );
    let signed = r.agreements.len();
    let broken = r.agreements.iter().filter(|a| a.broken).count();
    let mut out = format!(
        "{} turns played ({} to {}) of the scenario's {}. The game ended {}. ",
        s.turn,
        s.date_of(db, 1),
        s.date_of(db, s.turn),
        r.scenario.turns,
        ended_phrase(db, s, r.game.outcome.as_deref())
    );
    out.push_str(&format!(
        "Tension went from {:.0} ({}) to {:.0} ({}), peaking at {:.0} on turn {}. ",
        db.tension_shown(start.tension()),
        db.rung_name(start.tension()),
        db.tension_shown(s.tension()),
        db.rung_name(s.tension()),
        peak,
        r.series.turns.get(peak_i).copied().unwrap_or(0)
    ));
    out.push_str(&match (signed, broken) {
        (0, _) => "No agreement was signed. ".to_string(),
        (n, 0) => format!(
            "{n} agreement{} signed, none broken. ",
            if n == 1 { " was" } else { "s were" }
        ),
        (n, b) => format!(
            "{n} agreement{} signed and {b} broken. ",
            if n == 1 { " was" } else { "s were" }
        ),
    });
    out.push_str(&format!(
        "The DPRK ended with {:.0} warheads (from {:.0}) and ICBM readiness {:.0} (from {:.0}); sanctions pressure stood at {:.0} and verification at {:.0}.",
        s.prog(ProgrammeField::Warheads),
        start.prog(ProgrammeField::Warheads),
        s.prog(ProgrammeField::IcbmReadiness),
        start.prog(ProgrammeField::IcbmReadiness),
        s.meter(Meter::Sanctions),
        s.meter(Meter::Verification),
    ));
    out
}

/// Which of the brief's goals a provision serves (content brief §1.4). Ids first; for provisions
/// the table does not know, the provision's own effects decide.
fn goals_of(db: &ContentDb, p: ProvIx) -> Vec<&'static str> {
    let id = db.provisions[p as usize].id.as_str();
    let known: &[&str] = match id {
        "nuclear-test-moratorium" => &["G3"],
        "missile-test-moratorium" => &["G3", "G4"],
        "all-range-missile-moratorium" => &["G3", "G4"],
        "yongbyon-freeze" => &["G2", "G5"],
        "yongbyon-dismantlement" => &["G2", "G5", "G7"],
        "full-fissile-freeze" => &["G2", "G7"],
        "declaration" => &["G5", "G7"],
        "test-site-disabling" => &["G3", "G4", "G5"],
        "icbm-production-freeze" => &["G4", "G5"],
        "exercise-suspension" => &["D2"],
        "partial-relief-snapback" => &["D1"],
        "lift-un-sanctions" => &["D1"],
        "end-of-war-declaration" => &["D2"],
        "liaison-offices" => &["D2"],
        "humanitarian-channel" => &["D1"],
        "remains-recovery" => &[],
        "military-cbms" => &["G1", "D2"],
        "security-assurance" => &["D2"],
        "energy-assistance" => &["D1"],
        _ => return goals_from_effects(db, p),
    };
    known.to_vec()
}

fn goals_from_effects(db: &ContentDb, p: ProvIx) -> Vec<&'static str> {
    fn walk(db: &ContentDb, es: &[CEffect], out: &mut Vec<&'static str>) {
        for e in es {
            match e {
                CEffect::Num {
                    on: NumTarget::Programme(field),
                    delta,
                    ..
                } if *delta < 0.0 => match field {
                    ProgrammeField::ProductionKg | ProgrammeField::FissileKg => out.push("G2"),
                    ProgrammeField::IcbmReadiness => out.push("G4"),
                    _ => {}
                },
                CEffect::Num {
                    on: NumTarget::Meter(meter),
                    delta,
                    ..
                } => match meter {
                    Meter::Verification if *delta > 0.0 => out.push("G5"),
                    Meter::Sanctions if *delta < 0.0 => out.push("D1"),
                    Meter::Economy if *delta > 0.0 => out.push("D1"),
                    Meter::Tension if *delta < 0.0 => out.push("G1"),
                    _ => {}
                },
                CEffect::Num {
                    on:
                        NumTarget::Trust {
                            from: crate::content::Who::Side(SideId::Dprk),
                            ..
                        },
                    delta,
                    ..
                } if *delta > 0.0 => out.push("D2"),
                CEffect::SetFlag(f)
                    if Some(*f) == db.derived.flag_test_moratorium
                        || Some(*f) == db.derived.flag_icbm_moratorium =>
                {
                    out.push("G3")
                }
                CEffect::Lagged { effects, .. } => walk(db, effects, out),
                CEffect::If {
                    then, otherwise, ..
                } => {
                    walk(db, then, out);
                    walk(db, otherwise, out);
                }
                _ => {}
            }
        }
    }
    let cp = &db.c_provisions[p as usize];
    let mut out = Vec::new();
    walk(db, &cp.on_sign, &mut out);
    walk(db, &cp.per_turn, &mut out);
    out.sort();
    out.dedup();
    out
}

const US_GOALS: [(&str, &str); 7] = [
    ("G1", "Lower the risk of war"),
    ("G2", "Cap fissile-material production"),
    ("G3", "Stop qualitative growth: test moratoria"),
    ("G4", "Limit delivery systems (ICBMs, launchers)"),
    ("G5", "Verification and transparency"),
    ("G6", "Keep the alliances whole"),
    ("G7", "Long-term: full denuclearization (an aspiration)"),
];

const DPRK_GOALS: [(&str, &str); 3] = [
    ("D1", "Sanctions relief and economic help"),
    ("D2", "Security guarantees and normalisation"),
    ("D3", "Keep the deterrent"),
];

fn judge_agreements(
    db: &ContentDb,
    g: &Game,
    logs: &BTreeMap<u16, Vec<&LogEntry>>,
    offers: &BTreeMap<(u16, u16), OfferInfo>,
) -> Vec<AgreementReport> {
    let s = &g.state;
    let snaps = &g.journal.snapshots;
    let snap_at = |t: u16| -> &Snapshot {
        snaps
            .iter()
            .rev()
            .find(|x| x.turn <= t)
            .unwrap_or(&snaps[0])
    };
    let allies: Vec<SideId> = [SideId::Rok, SideId::Japan]
        .into_iter()
        .filter(|x| s.seated(*x))
        .collect();
    let mut out = Vec::new();
    for a in s.agreements() {
        let signed = a.signed_turn;
        let (broken_turn, broken_by) = match a.status {
            AgreementStatus::Broken { turn, by } => (Some(turn), Some(by)),
            AgreementStatus::InForce => (None, None),
        };
        let end_turn = broken_turn.unwrap_or(s.turn);
        let before = snap_at(signed.saturating_sub(1));
        let at_sign = snap_at(signed);
        let at_end = snap_at(end_turn);
        let ids: Vec<&str> = a
            .provisions
            .iter()
            .map(|p| db.provisions[*p as usize].id.as_str())
            .collect();
        let has = |id: &str| ids.contains(&id);
        let goals: Vec<(ProvIx, Vec<&'static str>)> = a
            .provisions
            .iter()
            .map(|p| (*p, goals_of(db, *p)))
            .collect();
        let serving = |goal: &str| -> Vec<&str> {
            goals
                .iter()
                .filter(|(_, gs)| gs.contains(&goal))
                .map(|(p, _)| provision_name(db, *p))
                .collect()
        };
        let ver = at_sign.meters[Meter::Verification.index()];
        let provisions: Vec<ProvisionLine> = a
            .provisions
            .iter()
            .map(|p| {
                let cp = &db.c_provisions[*p as usize];
                let allied = if allies.is_empty() {
                    0.0
                } else {
                    allies.iter().map(|x| cp.value[x.index()]).sum::<f32>() / allies.len() as f32
                };
                ProvisionLine {
                    id: db.provisions[*p as usize].id.clone(),
                    name: provision_name(db, *p).into(),
                    obligations: cp.obligations.iter().map(|x| x.label().into()).collect(),
                    value_us: cp.value[SideId::Us.index()],
                    value_allies: r1(allied),
                    value_dprk: cp.value[SideId::Dprk.index()],
                    verification_needed: cp.verification_needed,
                    verifiable: ver >= cp.verification_needed,
                }
            })
            .collect();
        let value_us: f32 = provisions.iter().map(|p| p.value_us).sum();
        let value_allies: f32 = provisions.iter().map(|p| p.value_allies).sum();
        let value_dprk: f32 = provisions.iter().map(|p| p.value_dprk).sum();

        // Who offered it: the offer of the signing turn with this package.
        let offered_by = offers
            .iter()
            .filter(|((t, _), o)| *t == signed && same_set(&o.package, &a.provisions))
            .map(|(_, o)| o.from.label().to_string())
            .next_back();

        // Covert moves against it.
        let mut cheating = Vec::new();
        for (turn, entries) in logs.range(signed..) {
            for e in entries {
                if let LogEntry::Move {
                    side,
                    card,
                    secret: true,
                    ..
                } = e
                {
                    let c = &db.c_cards[*card as usize];
                    // As the engine judges it: a breach of a provision this side is bound by.
                    let breaches = c.violates.iter().any(|p| {
                        a.provisions.contains(p)
                            && db.c_provisions[*p as usize].obligations.contains(side)
                    });
                    if !a.parties.contains(side) || !breaches {
                        continue;
                    }
                    if broken_turn.is_some_and(|b| *turn > b) {
                        continue;
                    }
                    let found = logs.range(*turn..).find_map(|(t2, es)| {
                        es.iter()
                            .any(|x| matches!(x, LogEntry::Detected { side: s2, card: c2 } if s2 == side && c2 == card))
                            .then_some(*t2)
                    });
                    cheating.push(match found {
                        Some(t2) if t2 == *turn => format!(
                            "{} secretly played \"{}\" on turn {turn}, found out the same turn",
                            cap(&side.with_article()),
                            card_name(db, *card)
                        ),
                        Some(t2) => format!(
                            "{} secretly played \"{}\" on turn {turn}, found out on turn {t2} ({} turns later)",
                            cap(&side.with_article()),
                            card_name(db, *card),
                            t2 - turn
                        ),
                        None => format!(
                            "{} secretly played \"{}\" on turn {turn} and was never found out",
                            cap(&side.with_article()),
                            card_name(db, *card)
                        ),
                    });
                }
            }
        }
        let violation = broken_turn.and_then(|b| {
            logs.get(&b).and_then(|es| {
                es.iter().find_map(|e| match e {
                    LogEntry::Violated {
                        agreement,
                        provision,
                        covert,
                        ..
                    } if *agreement == a.id => Some((*provision, *covert)),
                    _ => None,
                })
            })
        });
        let status = match (broken_turn, broken_by) {
            (Some(t), Some(by)) => {
                let how = match violation {
                    Some((p, true)) => format!(
                        " when a secret breach of \"{}\" was found out",
                        provision_name(db, p)
                    ),
                    Some((p, false)) => {
                        format!(" by openly breaking \"{}\"", provision_name(db, p))
                    }
                    None => String::new(),
                };
                format!(
                    "broken on turn {t} ({}) by {}{how}, after {} turn{}",
                    s.date_of(db, t),
                    by.with_article(),
                    t - signed,
                    if t - signed == 1 { "" } else { "s" }
                )
            }
            _ => format!(
                "in force at the end ({} turn{} after signing)",
                s.turn - signed,
                if s.turn - signed == 1 { "" } else { "s" }
            ),
        };

        // Against the US and allied goals (brief §1.4).
        let t0 = before.tension();
        let t1 = at_end.tension();
        let mut us = Vec::new();
        for (id, goal) in US_GOALS {
            let (served, how) = match id {
                "G1" => {
                    let crisis = db.rung_from("Crisis").unwrap_or(60.0);
                    (
                        t1 < t0 - 1.0 || (t1 < crisis && t0 < crisis),
                        format!(
                            "tension {:.0} before signing, {:.0} {}",
                            t0,
                            t1,
                            if broken_turn.is_some() {
                                "when it broke"
                            } else {
                                "at the end"
                            }
                        ),
                    )
                }
                "G2" => {
                    let p = serving("G2");
                    let prod0 = before.prog(ProgrammeField::ProductionKg);
                    let prod1 = at_end.prog(ProgrammeField::ProductionKg);
                    if p.is_empty() {
                        (
                            false,
                            format!(
                                "no cap on fissile production (production {prod0:.1} → {prod1:.1} kg/turn)"
                            ),
                        )
                    } else {
                        let scope = if has("full-fissile-freeze") {
                            "all sites"
                        } else {
                            "Yongbyon only; undeclared sites keep producing"
                        };
                        (
                            true,
                            format!(
                                "{} ({scope}); production {prod0:.1} → {prod1:.1} kg/turn",
                                p.join(", ")
                            ),
                        )
                    }
                }
                "G3" => {
                    let p = serving("G3");
                    let scope = if has("all-range-missile-moratorium") {
                        "missiles of all ranges"
                    } else if has("missile-test-moratorium") {
                        "long-range missiles only; short-range launches continue"
                    } else {
                        "no missile limit"
                    };
                    if p.is_empty() {
                        (false, "no test moratorium in writing".into())
                    } else {
                        (
                            true,
                            format!(
                                "{} ({}{scope})",
                                p.join(", "),
                                if has("nuclear-test-moratorium") {
                                    "nuclear tests; "
                                } else {
                                    "no nuclear-test ban; "
                                }
                            ),
                        )
                    }
                }
                "G4" => {
                    let p = serving("G4");
                    let r0 = before.prog(ProgrammeField::IcbmReadiness);
                    let r1_ = at_end.prog(ProgrammeField::IcbmReadiness);
                    if p.is_empty() {
                        (
                            false,
                            format!(
                                "no limit on delivery systems (ICBM readiness {r0:.0} → {r1_:.0})"
                            ),
                        )
                    } else {
                        (
                            true,
                            format!("{} (ICBM readiness {r0:.0} → {r1_:.0})", p.join(", ")),
                        )
                    }
                }
                "G5" => {
                    let p = serving("G5");
                    let unverifiable: Vec<String> = provisions
                        .iter()
                        .filter(|x| !x.verifiable)
                        .map(|x| format!("{} needs {:.0}", x.name, x.verification_needed))
                        .collect();
                    let mut how = if p.is_empty() {
                        format!("no inspection or declaration; verification {ver:.0} at signing")
                    } else {
                        format!("{}; verification {ver:.0} at signing", p.join(", "))
                    };
                    if !unverifiable.is_empty() {
                        how.push_str(&format!(
                            "; too little to check: {}",
                            unverifiable.join(", ")
                        ));
                    }
                    (!p.is_empty() && unverifiable.is_empty(), how)
                }
                "G6" => {
                    let mut parts = Vec::new();
                    let mut whole = true;
                    for x in &allies {
                        let v0 = before.trust(*x, SideId::Us);
                        let v1 = at_end.trust(*x, SideId::Us);
                        if v1 < v0 - 5.0 || v1 < 50.0 {
                            whole = false;
                        }
                        parts.push(format!("{x}→US trust {v0:.0} → {v1:.0}"));
                    }
                    let strains: Vec<&str> = provisions
                        .iter()
                        .filter(|p| p.value_allies < 0.0)
                        .map(|p| p.name.as_str())
                        .collect();
                    let left_out: Vec<String> = allies
                        .iter()
                        .filter(|x| !a.parties.contains(x))
                        .map(|x| x.label().to_string())
                        .collect();
                    if !strains.is_empty() {
                        parts.push(format!("strains the allies: {}", strains.join(", ")));
                    }
                    if !left_out.is_empty() {
                        parts.push(format!("not a party: {}", left_out.join(", ")));
                    }
                    if allies.is_empty() {
                        (true, "no allies at the table".into())
                    } else {
                        (whole, parts.join("; "))
                    }
                }
                _ => {
                    let p = serving("G7");
                    let full = has("full-fissile-freeze")
                        && has("declaration")
                        && has("yongbyon-dismantlement");
                    (
                        full,
                        if p.is_empty() {
                            "no step toward full denuclearization (kept as an aspiration, not a precondition)".into()
                        } else if full {
                            format!("a real step: {}", p.join(", "))
                        } else {
                            format!("a partial step: {}", p.join(", "))
                        },
                    )
                }
            };
            us.push(GoalCheck {
                id: id.into(),
                goal: goal.into(),
                served,
                how,
            });
        }
        let mut dprk = Vec::new();
        for (id, goal) in DPRK_GOALS {
            let (served, how) = match id {
                "D1" => {
                    let p = serving("D1");
                    let s0 = before.meters[Meter::Sanctions.index()];
                    let s1 = at_end.meters[Meter::Sanctions.index()];
                    (
                        !p.is_empty(),
                        if p.is_empty() {
                            format!("no relief (sanctions pressure {s0:.0} → {s1:.0})")
                        } else {
                            format!("{} (sanctions pressure {s0:.0} → {s1:.0})", p.join(", "))
                        },
                    )
                }
                "D2" => {
                    let p = serving("D2");
                    let v0 = before.trust(SideId::Dprk, SideId::Us);
                    let v1 = at_end.trust(SideId::Dprk, SideId::Us);
                    (
                        !p.is_empty(),
                        if p.is_empty() {
                            format!(
                                "no guarantee or normalisation (DPRK→US trust {v0:.0} → {v1:.0})"
                            )
                        } else {
                            format!("{} (DPRK→US trust {v0:.0} → {v1:.0})", p.join(", "))
                        },
                    )
                }
                _ => {
                    let w0 = before.prog(ProgrammeField::Warheads);
                    let w1 = at_end.prog(ProgrammeField::Warheads);
                    let limits: Vec<&str> = goals
                        .iter()
                        .filter(|(_, gs)| gs.iter().any(|x| matches!(*x, "G2" | "G4" | "G7")))
                        .map(|(p, _)| provision_name(db, *p))
                        .collect();
                    let gives_up = has("yongbyon-dismantlement") && has("full-fissile-freeze");
                    (
                        w1 >= w0 && !gives_up,
                        if limits.is_empty() {
                            format!("keeps its warheads ({w0:.0} → {w1:.0}) and its growth")
                        } else {
                            format!(
                                "keeps its warheads ({w0:.0} → {w1:.0}) but accepts limits: {}",
                                limits.join(", ")
                            )
                        },
                    )
                }
            };
            dprk.push(GoalCheck {
                id: id.into(),
                goal: goal.into(),
                served,
                how,
            });
        }
        let us_met = us.iter().filter(|x| x.served).count();
        let dprk_met = dprk.iter().filter(|x| x.served).count();
        let leaning = {
            let d = (value_us + value_allies) / 2.0 - value_dprk;
            if d.abs() <= 4.0 {
                "a balanced trade"
            } else if d > 0.0 {
                "a deal that favours the US and its allies"
            } else {
                "a deal that favours the DPRK"
            }
        };
        let interim = has("nuclear-test-moratorium")
            && (has("yongbyon-freeze") || has("full-fissile-freeze"))
            && !serving("G5").is_empty()
            && !(serving("D1").is_empty() && serving("D2").is_empty());
        let mut verdict = format!(
            "{}: it serves {us_met} of the 7 US and allied goals and {dprk_met} of the DPRK's 3 (provision values: US {value_us:+.0}, allies {value_allies:+.0}, DPRK {value_dprk:+.0}).",
            cap(leaning)
        );
        if interim {
            verdict.push_str(
                " It has the shape of the interim deal the brief takes as the benchmark: a test moratorium and a verified production freeze for relief and assurances.",
            );
        } else {
            let mut missing = Vec::new();
            if serving("G2").is_empty() {
                missing.push("a cap on fissile production");
            }
            if serving("G5").is_empty() {
                missing.push("verification");
            }
            if serving("G3").is_empty() {
                missing.push("a test moratorium");
            }
            if serving("D1").is_empty() && serving("D2").is_empty() {
                missing.push("anything the DPRK wants");
            }
            if !missing.is_empty() {
                verdict.push_str(&format!(
                    " Against the brief's interim benchmark it lacks {}.",
                    join_and(&missing)
                ));
            }
        }
        if let Some(b) = broken_turn {
            verdict.push_str(&format!(" It lasted {} turns.", b - signed));
        }
        out.push(AgreementReport {
            n: a.id + 1,
            signed_turn: signed,
            signed_date: s.date_of(db, signed),
            offered_by,
            parties: a.parties.iter().map(|x| x.label().into()).collect(),
            provisions,
            status,
            broken: broken_turn.is_some(),
            broken_turn,
            broken_by: broken_by.map(|x| x.label().into()),
            turns_in_force: end_turn - signed,
            cheating,
            us_allied_goals: us,
            dprk_goals: dprk,
            value_us,
            value_allies: r1(value_allies),
            value_dprk,
            verdict,
        });
    }
    out
}

fn same_set(a: &[ProvIx], b: &[ProvIx]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}

fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [a] => a.to_string(),
        [a, b] => format!("{a} and {b}"),
        _ => format!(
            "{} and {}",
            items[..items.len() - 1].join(", "),
            items[items.len() - 1]
        ),
    }
}

/// "the US", "the DPRK", "the ROK", "China", "Japan" — for a side's display label.
fn the_label(label: &str) -> String {
    match label {
        "US" | "DPRK" | "ROK" => format!("the {label}"),
        other => other.to_string(),
    }
}

/// How many discussion questions the report asks.
const QUESTIONS: usize = 8;

/// Discussion questions for a class debrief, drawn from what happened in this game. Each kind
/// of fact (a broken agreement, a secret breach, a rung crossed, the brink, the biggest swing, a
/// refused offer, an agreement's gaps, alliance strain, trust, the arsenal, the weakest side,
/// history) gives its own questions; the report takes them in turn, one kind after another, so a
/// debrief covers the whole game rather than one kind of event. Always at least five.
fn questions(
    db: &ContentDb,
    g: &Game,
    r: &Report,
    logs: &BTreeMap<u16, Vec<&LogEntry>>,
) -> Vec<String> {
    let s = &g.state;
    let snaps = &g.journal.snapshots;
    let mut kinds: Vec<Vec<String>> = Vec::new();

    // Agreements that broke.
    let mut broke = Vec::new();
    for a in &r.agreements {
        if let (Some(t), Some(by)) = (a.broken_turn, &a.broken_by) {
            let needs: Vec<String> = a
                .provisions
                .iter()
                .filter(|p| p.verification_needed > 0.0)
                .map(|p| format!("{} needs {:.0}", p.name, p.verification_needed))
                .collect();
            let ver = snaps
                .iter()
                .rev()
                .find(|x| x.turn <= t)
                .map(|x| x.meters[Meter::Verification.index()])
                .unwrap_or(0.0);
            broke.push(format!(
                "Agreement {} (signed on turn {}) broke on turn {t}, broken by {}. Verification stood at {ver:.0}{}. What verification would have caught the breach sooner, and what would it have cost to get?",
                a.n,
                a.signed_turn,
                the_label(by),
                if needs.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", needs.join(", "))
                }
            ));
        }
    }
    kinds.push(broke);

    // Secret breaches nobody found, one question per covert move.
    let mut secret: Vec<(String, Vec<u16>)> = Vec::new();
    for a in &r.agreements {
        for c in a.cheating.iter().filter(|c| c.contains("never found out")) {
            match secret.iter_mut().find(|(x, _)| x == c) {
                Some((_, ns)) => ns.push(a.n),
                None => secret.push((c.clone(), vec![a.n])),
            }
        }
    }
    kinds.push(
        secret
            .into_iter()
            .map(|(c, ns)| {
                let list: Vec<String> = ns.iter().map(|n| n.to_string()).collect();
                format!(
                    "{}, while agreement{} {} {} in force. What would the other sides have needed to see it, and how should a breach that nobody at the table knew about change how we judge the deal?",
                    c,
                    if ns.len() == 1 { "" } else { "s" },
                    join_and(&list.iter().map(|x| x.as_str()).collect::<Vec<_>>()),
                    if ns.len() == 1 { "was" } else { "were" }
                )
            })
            .collect(),
    );

    // Tension crossing up into Crisis or above.
    let crisis_rung = db.ladder.iter().position(|x| x.name == "Crisis");
    let mut crossed = Vec::new();
    for (turn, entries) in logs {
        for e in entries {
            if let LogEntry::Threshold {
                from_rung,
                to_rung,
                by,
            } = e
                && to_rung > from_rung
                && crisis_rung.is_some_and(|c| *to_rung as usize >= c)
            {
                let who = by
                    .map(|c| text::cause_text(db, &c))
                    .unwrap_or_else(|| "several moves at once".into());
                crossed.push(format!(
                    "Tension rose into {} on turn {turn} ({}), pushed over by {who}. Who pushed it over, and could it have been avoided — by that side, or by the others earlier?",
                    db.ladder[*to_rung as usize].name,
                    s.date_of(db, *turn)
                ));
            }
        }
    }
    kinds.push(crossed);

    // The brink and war.
    let mut brink = Vec::new();
    for (turn, entries) in logs {
        let choices: Vec<String> = entries
            .iter()
            .filter_map(|e| match e {
                LogEntry::CrisisChoice { side, choice } => Some(format!(
                    "{} {}",
                    side.with_article(),
                    match choice {
                        CrisisChoice::StandFirm => "stood firm",
                        CrisisChoice::BackDown => "backed down",
                    }
                )),
                _ => None,
            })
            .collect();
        let list = join_and(&choices.iter().map(|x| x.as_str()).collect::<Vec<_>>());
        if entries.iter().any(|e| matches!(e, LogEntry::War)) {
            brink.insert(
                0,
                format!(
                    "War broke out on turn {turn} ({}){}. What was the last turn at which it could still have been stopped, and what would stopping it have cost the side that did?",
                    s.date_of(db, *turn),
                    if choices.is_empty() {
                        String::new()
                    } else {
                        format!(" after {list}")
                    }
                ),
            );
        } else if !choices.is_empty() {
            brink.push(format!(
                "At the brink on turn {turn}, {list}. What did each side gain or lose at home by its choice, and would you have chosen the same?"
            ));
        }
    }
    kinds.push(brink);

    // The biggest turning point.
    let mut swing = Vec::new();
    if let Some(tp) = r
        .turning_points
        .iter()
        .max_by(|a, b| a.delta.abs().total_cmp(&b.delta.abs()))
        && let Some(top) = tp.causes.first()
    {
        swing.push(format!(
            "Turn {} ({}) saw the largest swing in tension, {:+.0} ({} to {}), led by {} ({:+.0}). Was that move worth what it cost, and did its side expect the reaction it got?",
            tp.turn, tp.date, tp.delta, tp.rung_from, tp.rung_to, top.cause, top.delta
        ));
    }
    kinds.push(swing);

    // Offers refused.
    let mut refused = Vec::new();
    for t in &r.timeline {
        for a in &t.happened {
            if let Some(side) = &a.side
                && let Some(rest) = a.text.strip_prefix("rejects ")
            {
                refused.push(format!(
                    "On turn {}, {} turned down {rest}. What would have had to change in the package — or in the trust between them — for it to be accepted?",
                    t.turn,
                    the_label(side)
                ));
            }
        }
    }
    kinds.push(refused);

    // Agreements judged against the goals.
    let mut gaps = Vec::new();
    for a in &r.agreements {
        let missed: Vec<&str> = a
            .us_allied_goals
            .iter()
            .filter(|x| !x.served && x.id != "G7")
            .map(|x| x.goal.as_str())
            .collect();
        if !missed.is_empty() {
            gaps.push(format!(
                "Agreement {} left these US and allied goals unmet: {}. Was it still worth signing as a first step, or did it give away leverage the next round needed?",
                a.n,
                missed.join("; ")
            ));
        }
    }
    if r.agreements.is_empty() {
        gaps.push(format!(
            "No agreement was signed in {} turns. Which offer came closest, and what should the US and its allies have been willing to give for a verified freeze?",
            s.turn
        ));
    }
    kinds.push(gaps);

    // Alliance strain.
    let mut alliance = Vec::new();
    for (x, capital) in [(SideId::Japan, "Tokyo"), (SideId::Rok, "Seoul")] {
        if s.seated(x) && s.seated(SideId::Us) {
            let v0 = snaps[0].trust(x, SideId::Us);
            let v1 = s.trust(x, SideId::Us);
            if v1 < v0 - 8.0 {
                alliance.push(format!(
                    "{}'s trust in the US fell from {v0:.0} to {v1:.0}. Which US moves cost it, and were they coordinated with {capital}?",
                    cap(&x.with_article())
                ));
            }
        }
    }
    kinds.push(alliance);

    // The trust the seed article is about.
    let mut trust = Vec::new();
    if s.seated(SideId::Us) && s.seated(SideId::Dprk) {
        let mut per: BTreeMap<u16, f32> = BTreeMap::new();
        for e in g
            .journal
            .ledger
            .iter()
            .filter(|e| e.meter == MeterRef::Trust(SideId::Us, SideId::Dprk))
        {
            *per.entry(e.turn).or_default() += e.delta;
        }
        let worst = per
            .iter()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .map(|(t, d)| (*t, *d));
        let v0 = snaps[0].trust(SideId::Us, SideId::Dprk);
        let v1 = s.trust(SideId::Us, SideId::Dprk);
        trust.push(match worst {
            Some((t, d)) if d <= -3.0 => format!(
                "US trust in the DPRK went from {v0:.0} to {v1:.0}, falling most on turn {t} ({d:+.0}). Once trust is lost that way, what rebuilds it — and how long does that take?"
            ),
            _ => format!(
                "US trust in the DPRK went from {v0:.0} to {v1:.0}. Did either side try to build it, and what stood in the way?"
            ),
        });
    }
    kinds.push(trust);

    // The arsenal.
    let mut arsenal = Vec::new();
    let w0 = snaps[0].prog(ProgrammeField::Warheads);
    let w1 = s.prog(ProgrammeField::Warheads);
    if w1 > w0 {
        arsenal.push(format!(
            "The DPRK's arsenal grew from {w0:.0} to {w1:.0} warheads over the game. Was a freeze on fissile production ever within reach, and what would it have taken?"
        ));
    }
    kinds.push(arsenal);

    // The side that did worst.
    let mut weakest = Vec::new();
    if let Some(low) = r
        .sides
        .iter()
        .filter(|x| !x.objectives.is_empty())
        .min_by(|a, b| a.score.total_cmp(&b.score))
    {
        let missed: Vec<&str> = low
            .objectives
            .iter()
            .filter(|o| !o.met)
            .map(|o| o.name.as_str())
            .collect();
        if !missed.is_empty() {
            weakest.push(format!(
                "{} scored lowest ({:.0}% of its objectives' weight), missing: {}. Which of its own moves worked against those goals?",
                cap(&the_label(&low.name)),
                low.score * 100.0,
                missed.join("; ")
            ));
        }
    }
    kinds.push(weakest);

    // History.
    kinds.push(vec![format!(
        "The game ended {} with tension at {:.0} ({}). How does that compare with what actually happened after {}, and what explains the difference?",
        match r.game.outcome.as_deref() {
            // The tension follows in the sentence; what it does not say is the talks.
            Some("collapse") if text::talks_broken_off(db, &g.state) => {
                "in collapse (US-DPRK talks broken off)".to_string()
            }
            Some("collapse") => "in collapse".to_string(),
            o => outcome_phrase(o).to_string(),
        },
        db.tension_shown(s.tension()),
        db.rung_name(s.tension()),
        r.scenario.start
    )]);

    // One of each kind in turn, until there are enough.
    let mut q: Vec<String> = Vec::new();
    let mut round = 0;
    while q.len() < QUESTIONS && kinds.iter().any(|k| k.len() > round) {
        for k in &kinds {
            if let Some(x) = k.get(round)
                && q.len() < QUESTIONS
                && !q.contains(x)
            {
                q.push(x.clone());
            }
        }
        round += 1;
    }
    q
}

/// Renders a report in a format. For Markdown, `chart_files` names the SVG files to link (they
/// are written by [`write`]); without them the charts appear as a table of numbers only.
pub fn render(r: &Report, format: Format, chart_files: Option<&[String; 3]>) -> String {
    match format {
        Format::Md => md::render(r, chart_files),
        Format::Html => html::render(r),
        Format::Json => serde_json::to_string_pretty(r).unwrap_or_else(|_| "{}".into()) + "\n",
    }
}

/// Writes the report of a game to `path`, atomically (the TUI's end screen calls this). For
/// Markdown the three charts are written beside it as `<name>.tension.svg` and so on.
pub fn write(
    db: &ContentDb,
    g: &Game,
    rec: &GameRecord,
    format: Format,
    path: &Path,
) -> Result<(), String> {
    let r = build(db, g, rec);
    write_report(&r, format, path)
}

/// Writes an already built report.
pub fn write_report(r: &Report, format: Format, path: &Path) -> Result<(), String> {
    let fail = |p: &Path, e: std::io::Error| format!("cannot write {}: {e}", p.display());
    let files = if format == Format::Md {
        let stem = path
            .file_stem()
            .and_then(|x| x.to_str())
            .unwrap_or("report")
            .to_string();
        let svgs = charts::all(r);
        let mut names: [String; 3] = Default::default();
        for (i, c) in svgs.iter().enumerate() {
            let name = format!("{stem}.{}.svg", c.id);
            let p = path.with_file_name(&name);
            crate::record::write_atomic(&p, c.svg.as_bytes()).map_err(|e| fail(&p, e))?;
            names[i] = name;
        }
        Some(names)
    } else {
        None
    };
    let text = render(r, format, files.as_ref());
    crate::record::write_atomic(path, text.as_bytes()).map_err(|e| fail(path, e))
}
