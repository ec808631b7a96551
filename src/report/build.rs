//! Reads a game (its log, ledger, snapshots and inputs) into a [`Report`].

use std::collections::BTreeMap;

use crate::content::{ContentDb, Meter, MoveKind, ProgrammeField, ProvIx, SideId};
use crate::engine::ledger::AnswerKind;
use crate::engine::state::AgreementKind;
use crate::engine::text::{self, card_name, event_name, provision_name};
use crate::engine::{
    Cause, CrisisChoice, Game, GameState, Input, LedgerEntry, LogEntry, MeterRef, Outcome,
    Response, Sink, Snapshot, objective_results, score,
};
use crate::record::GameRecord;

use super::judge::judge_agreements;
use super::questions::questions;
use super::*;

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

/// The highest and lowest tension of each snapshot's turn (index 0: the start), from the values
/// the ledger passed through during the turn.
fn tension_extremes(
    snaps: &[Snapshot],
    ledger_turn: &BTreeMap<u16, Vec<&LedgerEntry>>,
) -> (Vec<f32>, Vec<f32>) {
    let mut highs = Vec::with_capacity(snaps.len());
    let mut lows = Vec::with_capacity(snaps.len());
    for (i, x) in snaps.iter().enumerate() {
        let start = if i == 0 {
            x.tension()
        } else {
            snaps[i - 1].tension()
        };
        let (mut hi, mut lo) = if i == 0 {
            (start, start)
        } else {
            (start.max(x.tension()), start.min(x.tension()))
        };
        if i > 0 {
            for e in ledger_turn
                .get(&x.turn)
                .map(|v| v.as_slice())
                .unwrap_or(&[])
            {
                if e.meter == MeterRef::Meter(Meter::Tension) {
                    hi = hi.max(e.after);
                    lo = lo.min(e.after);
                }
            }
        }
        highs.push(hi);
        lows.push(lo);
    }
    (highs, lows)
}

/// A turn's swing: from its start to its highest or its lowest point, whichever is further.
pub(super) fn swing_of(from: f32, high: f32, low: f32) -> f32 {
    if high - from >= from - low {
        high - from
    } else {
        low - from
    }
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
    let c = &db.compiled_cards[m.card as usize];
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
pub(super) struct OfferInfo {
    pub(super) from: SideId,
    pub(super) card: u16,
    pub(super) package: Vec<ProvIx>,
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
    let (highs, lows) = tension_extremes(snaps, &ledger_turn);
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
        tension_high: highs.iter().map(|x| r2(*x)).collect(),
        tension_low: lows.iter().map(|x| r2(*x)).collect(),
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
        plutonium_kg: snaps
            .iter()
            .map(|x| r2(x.prog(ProgrammeField::PlutoniumKg)))
            .collect(),
        heu_kg: snaps
            .iter()
            .map(|x| r2(x.prog(ProgrammeField::HeuKg)))
            .collect(),
        spent_fuel_kg: snaps
            .iter()
            .map(|x| r2(x.prog(ProgrammeField::SpentFuelKg)))
            .collect(),
        production_kg: snaps
            .iter()
            .map(|x| r2(x.prog(ProgrammeField::ProductionKg)))
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

    // Who plays each side's mind as the game goes (its seated persona, or a scenario's shift
    // while one is in force), to name who a long crisis wears down.
    let mut minds = SeatMinds::new(db, g, rec);

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
        // Where the offers' endings go: after the last answer of the turn.
        let mut after_answers = None;
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
                | LogEntry::ShiftEnds { .. }
                | LogEntry::Faction { .. }
                | LogEntry::Misread { .. } => {
                    minds.follow(e);
                    if let Some(line) = text::log_text(db, e, None) {
                        tr.events.push(line);
                    }
                }
                LogEntry::WornDown { months } => {
                    if let Some(line) = text::log_text(db, e, None) {
                        tr.events.push(line);
                    }
                    tr.events.extend(minds.worn_down(db, *months));
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
                    after_answers = Some(tr.happened.len());
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
        // An offer accepted that still came to nothing says why in one sentence (a co-signer
        // declined, a faction pulled it back, nothing was signed), and so does one never
        // answered, as the table saw them; a signed one has its own line, a rejected one its
        // answer, and a countered one ends with its counter.
        let turn_log: Vec<LogEntry> = entries.iter().map(|e| (*e).clone()).collect();
        let endings: Vec<Happening> = crate::offers::offer_endings(db, &turn_log)
            .into_iter()
            .filter(|o| !o.deal && !o.countered && !o.turned_down)
            .map(|o| Happening::plain(format!("{} — {}", o.what, o.ending)))
            .collect();
        let at = after_answers.unwrap_or(tr.happened.len());
        tr.happened.splice(at..at, endings);
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

    // Turning points: the largest swings in tension within a turn, from its start to its highest
    // or lowest point (the points the tension chart plots), so a turn that crossed into Conflict
    // and ended below it counts by how high it went.
    let mut swings: Vec<(u16, f32, f32, f32, f32)> = snaps
        .windows(2)
        .enumerate()
        .map(|(i, w)| {
            (
                w[1].turn,
                w[0].tension(),
                w[1].tension(),
                highs[i + 1],
                lows[i + 1],
            )
        })
        .filter(|x| swing_of(x.1, x.3, x.4).abs() >= 3.0)
        .collect();
    swings.sort_by(|a, b| {
        swing_of(b.1, b.3, b.4)
            .abs()
            .total_cmp(&swing_of(a.1, a.3, a.4).abs())
    });
    swings.truncate(3);
    swings.sort_by_key(|x| x.0);
    let turning_points: Vec<TurningPoint> = swings
        .iter()
        .map(|&(t, from, to, high, low)| {
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
                high: r1(high),
                low: r1(low),
                swing: r1(swing_of(from, high, low)),
                rung_at_swing: db
                    .rung_name(if swing_of(from, high, low) >= 0.0 {
                        high
                    } else {
                        low
                    })
                    .into(),
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

    // Marks for the charts: only the turns that matter — a signing, a break, the first crisis at
    // the brink, war, a facilitator's inject, a turning point. What else happened on a marked
    // turn (tests, a cheat caught, the turn's biggest move) is listed with it.
    let turning_turns: Vec<u16> = turning_points.iter().map(|tp| tp.turn).collect();
    let mut mark_items: BTreeMap<u16, Vec<String>> = BTreeMap::new();
    let mut first_crisis = true;
    for (turn, entries) in &logs {
        let items = mark_items.entry(*turn).or_default();
        let mut matters = turning_turns.contains(turn);
        for e in entries {
            match e {
                LogEntry::Signed {
                    agreement,
                    provisions,
                    ..
                } => {
                    matters = true;
                    // Numbered as the Agreements section numbers them, statements included.
                    let what = super::model::kind_note(
                        AgreementKind::of(db, provisions) == AgreementKind::Statement,
                    );
                    items.push(format!("agreement {}{what} signed", agreement + 1))
                }
                LogEntry::Violated {
                    agreement, side, ..
                } => {
                    matters = true;
                    let what = super::model::kind_note(
                        g.state
                            .agreements()
                            .get(*agreement as usize)
                            .is_some_and(|a| a.kind == AgreementKind::Statement),
                    );
                    items.push(format!(
                        "agreement {}{what} broken by {side}",
                        agreement + 1
                    ))
                }
                // The plants its pledge held may now restart: a mark, as a breach is.
                LogEntry::PledgeLapsed { agreement, .. } => {
                    matters = true;
                    items.push(format!(
                        "agreement {}'s freeze pledge lapsed",
                        agreement + 1
                    ))
                }
                LogEntry::CrisisBegins { .. } => {
                    matters |= std::mem::take(&mut first_crisis);
                    items.push("crisis at the brink".into())
                }
                LogEntry::War => {
                    matters = true;
                    items.push("war".into())
                }
                LogEntry::Detected { side, card } => {
                    items.push(format!("{side} caught: {}", card_name(db, *card)))
                }
                LogEntry::Injected { event } => {
                    matters = true;
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
                let line = format!("{side}: {}", card_name(db, card));
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
        if !matters {
            items.clear();
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
        warheads_at_start: r1(g.journal.snapshots[0].prog(ProgrammeField::Warheads)),
        warheads_believed_at_start: believed(&g.journal.snapshots[0].estimate),
        warheads_believed: believed(&s.estimate),
        warheads_unplaced: r1(s.estimate.unplaced),
        fissile_kg: r1(s.prog(ProgrammeField::FissileKg)),
        production_kg: r1(s.prog(ProgrammeField::ProductionKg)),
        icbm_readiness: r1(s.prog(ProgrammeField::IcbmReadiness)),
        nuclear_tests: s.prog(ProgrammeField::NuclearTests),
        icbm_tests: s.prog(ProgrammeField::IcbmTests),
        plutonium_kg: r1(s.prog(ProgrammeField::PlutoniumKg)),
        heu_kg: r1(s.prog(ProgrammeField::HeuKg)),
        spent_fuel_kg: r1(s.prog(ProgrammeField::SpentFuelKg)),
        missiles: r1(s.prog(ProgrammeField::Missiles)),
        facilities: facility_reports(db, g),
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
        format: FORMAT.to_string(),
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
            turns: s.turns,
            turn_months: s.turn_months,
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

pub(super) fn outcome_phrase(o: Option<&str>) -> &'static str {
    match o {
        Some("agreement") => "with an agreement that limits the DPRK's programme in force",
        Some("statement") => {
            "with a statement of intent in force but no agreement: it limits no part of the programme"
        }
        Some("stalemate") => "in stalemate: no binding agreement, but no crisis either",
        Some("collapse") => "in collapse: talks broken off or tension at Crisis or above",
        Some("war") => "in war",
        _ => "unfinished",
    }
}

/// `outcome_phrase`, naming which way a collapse came about where the final state tells.
/// The persona each computer side plays as the game goes: its seat's (the record's controller,
/// "hawk:hard" → the Hawk), or the persona a scenario's shift puts in charge while it is in force,
/// which only a seat playing the scenario's own persona follows (`Persona::playing`).
struct SeatMinds {
    seated: [Option<u16>; 5],
    follows_shifts: [bool; 5],
    line: [Option<u16>; 5],
}

impl SeatMinds {
    fn new(db: &ContentDb, g: &Game, rec: &GameRecord) -> SeatMinds {
        let scen = &db.scenarios[g.state.scenario as usize];
        let mut m = SeatMinds {
            seated: [None; 5],
            follows_shifts: [false; 5],
            line: [None; 5],
        };
        for (side, spec) in &rec.controllers {
            let id = spec.split(':').next().unwrap_or_default();
            let Some(p) = db.persona_ix(id) else {
                continue;
            };
            let default = scen
                .sides
                .iter()
                .find(|x| x.side == *side)
                .and_then(|x| x.persona.as_deref())
                .and_then(|id| db.persona_ix(id));
            m.seated[side.index()] = Some(p);
            m.follows_shifts[side.index()] = default == Some(p);
        }
        m
    }

    /// Keeps track of the scenario's shifts.
    fn follow(&mut self, e: &LogEntry) {
        match e {
            LogEntry::Shift { side, persona, .. } => self.line[side.index()] = Some(*persona),
            LogEntry::ShiftEnds { side, .. } => self.line[side.index()] = None,
            _ => {}
        }
    }

    /// One line per computer side whose persona the `months`th month at the brink changes, with
    /// its rule's reason: "US (Maximalist) is worn down: months at the brink have won nothing…".
    fn worn_down(&self, db: &ContentDb, months: u16) -> Vec<String> {
        let worn = crate::engine::minds::worn_down_by(db, months);
        let mut out = Vec::new();
        for side in SideId::ALL {
            let i = side.index();
            let playing = match (self.follows_shifts[i], self.line[i]) {
                (true, Some(p)) => Some(p),
                _ => self.seated[i],
            };
            let Some(p) = playing else { continue };
            if let Some((_, reason)) = worn.iter().find(|(q, _)| *q == p) {
                out.push(format!(
                    "{side} ({}) is worn down: {reason} — its line from the {} month at the brink, for the rest of the game",
                    db.personas[p as usize].name,
                    ordinal(months)
                ));
            }
        }
        out
    }
}

/// 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, 21st.
fn ordinal(n: u16) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn ended_phrase(db: &ContentDb, s: &GameState, o: Option<&str>) -> String {
    match (o, crate::engine::text::collapse_cause(db, s)) {
        (Some("collapse"), Some(why)) => format!("in collapse: the turns ran out with {why}"),
        _ => outcome_phrase(o).to_string(),
    }
}

fn summary(db: &ContentDb, g: &Game, r: &Report) -> String {
    let s = &g.state;
    let start = &g.journal.snapshots[0];
    // The peak as the chart plots it: the highest point reached during a turn.
    let (peak_i, peak) =
        r.series
            .tension_high
            .iter()
            .enumerate()
            .fold(
                (0, f32::MIN),
                |acc, (i, v)| if *v > acc.1 { (i, *v) } else { acc },
            );
    // Statements of intent are not agreements: counted apart.
    let signed = r
        .agreements
        .iter()
        .filter(|a| a.kind != "statement")
        .count();
    let statements = r.agreements.len() - signed;
    let broken = r
        .agreements
        .iter()
        .filter(|a| a.broken && a.kind != "statement")
        .count();
    // A class length says so: "6 turns played ... of a class of 6 turns of 2 months".
    let of = if s.turns != r.scenario.turns || s.turn_months != r.scenario.turn_months.max(1) {
        format!(
            "a class of {} turns of {} months (the whole game: {} turns of {})",
            s.turns,
            s.turn_months,
            r.scenario.turns,
            if r.scenario.turn_months <= 1 {
                "a month".to_string()
            } else {
                format!("{} months", r.scenario.turn_months)
            }
        )
    } else {
        format!("the scenario's {}", r.scenario.turns)
    };
    let mut out = format!(
        "{} turns played ({} to {}) of {of}. The game ended {}. ",
        s.turn,
        s.date_of(db, 1),
        s.date_of(db, s.turn),
        ended_phrase(db, s, r.game.outcome.as_deref())
    );
    out.push_str(&format!(
        "Tension went from {:.0} ({}) to {:.0} ({}), peaking at {:.0} ({}) during turn {}. ",
        db.tension_shown(start.tension()),
        db.rung_name(start.tension()),
        db.tension_shown(s.tension()),
        db.rung_name(s.tension()),
        db.tension_shown(peak),
        db.rung_name(peak),
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
    if statements > 0 {
        out.push_str(&format!(
            "{statements} statement{} of intent {} signed that limit{} no part of the programme. ",
            if statements == 1 { "" } else { "s" },
            if statements == 1 { "was" } else { "were" },
            if statements == 1 { "s" } else { "" },
        ));
    }
    out.push_str(&format!(
        "The DPRK ended with {} (from {:.0}) and ICBM readiness {:.0} (from {:.0}); sanctions pressure stood at {:.0} and verification at {:.0}. ",
        super::warheads(s.prog(ProgrammeField::Warheads)),
        start.prog(ProgrammeField::Warheads),
        s.prog(ProgrammeField::IcbmReadiness),
        start.prog(ProgrammeField::IcbmReadiness),
        s.meter(Meter::Sanctions),
        s.meter(Meter::Verification),
    ));
    // What the others believed beside what was: verification's worth, in the arsenal's terms.
    let band = |e: &crate::engine::state::Estimate| match believed(e) {
        (lo, hi) if hi > lo => format!("{lo:.0}-{hi:.0}"),
        (lo, _) => format!("{lo:.0}"),
    };
    out.push_str(&format!(
        "The others put its warheads at {} at the start and {} at the end",
        band(&start.estimate),
        band(&s.estimate),
    ));
    // A top that allows for a plant they suspected and never placed says so: it is not what
    // they saw made.
    if s.estimate.unplaced >= 0.5 {
        out.push_str(&format!(
            ", the top allowing some {:.0} for an enrichment site they suspected but never placed",
            s.estimate.unplaced
        ));
    }
    out.push('.');
    out
}

/// The programme by facility over the game: what each made (its own ledger lines), the turns
/// it ran and was stopped (the snapshots), and its state at the end.
fn facility_reports(db: &ContentDb, g: &Game) -> Vec<FacilityReport> {
    let s = &g.state;
    let start = db.compiled_scenarios[s.scenario as usize].programme;
    let true_rate = crate::engine::state::true_start(&start, s.seed).rate;
    // The scenario turns played (a month each in every shipped scenario).
    let last_step = s.scenario_turns(db).1;
    let snaps = &g.journal.snapshots;
    db.facilities
        .iter()
        .enumerate()
        .filter(|(i, _)| s.sites.present >> i & 1 != 0)
        .map(|(i, f)| {
            let bit = 1u16 << i;
            let made: f32 = g
                .journal
                .ledger
                .iter()
                .filter(|e| e.cause == Cause::Facility(i as u8) && e.delta > 0.0)
                .map(|e| e.delta)
                .sum();
            let count = |m: fn(&Snapshot) -> u16| {
                snaps.iter().skip(1).filter(|x| m(x) & bit != 0).count() as u16
            };
            // The engine's account of a plant's state (`observe::plant_state`), in the report's
            // words.
            use crate::engine::observe::{PlantState, plant_state};
            let end_state = match plant_state(db, s.scenario, &s.sites, i, s.turn) {
                PlantState::Dismantled => "taken apart",
                PlantState::Frozen => "frozen",
                PlantState::Running => "running",
                PlantState::Building => "building",
                PlantState::Restarting => "restarting",
                PlantState::Idle => "idle",
            };
            // The first turn whose end found it known, for a plant hidden at the start.
            let placed = if start.known & bit == 0 {
                snaps.iter().skip(1).find(|x| x.known & bit != 0)
            } else {
                None
            };
            FacilityReport {
                id: f.id.clone(),
                name: f.name.clone(),
                place: f.place.clone(),
                known_at_start: start.known & bit != 0,
                placed_turn: placed.map(|x| x.turn),
                placed_date: placed.map(|x| x.date.clone()),
                makes: f.makes.label().to_string(),
                // `+ 0.0` turns a rounded -0.0 into 0.
                made: (made * 10.0).round() / 10.0 + 0.0,
                rate_believed: (start.rate[i] * 100.0).round() / 100.0,
                rate_true: (true_rate[i] * 100.0).round() / 100.0,
                turns_running: count(|x| x.running),
                turns_stopped: count(|x| x.stopped),
                outage_months: s.sites.outage_turns(i, last_step),
                end_state: end_state.to_string(),
            }
        })
        .collect()
}
