//! Discussion questions for a class debrief, drawn from what happened in this game.
//!
//! Every question is about a decision — a move, an answer to an offer, a choice at the brink, a
//! breach — never about drift, an event or a roll of the dice, and it names the turn and the side
//! that made the decision. Each kind of fact gives at most one question, so no two read alike;
//! and each is checked against the record (an arsenal question does not ask whether a freeze was
//! within reach when one was signed).

use std::collections::BTreeMap;

use crate::content::{ContentDb, GoalQuantity, Meter, ProgrammeField, SideId};
use crate::engine::text;
use crate::engine::{Cause, CrisisChoice, Game, LedgerEntry, LogEntry, MeterRef};

use super::build::outcome_phrase;
use super::*;

/// How many discussion questions the report asks, at most.
const QUESTIONS: usize = 8;

/// The side and (for moves) the card behind a ledger cause, when a decision made it: a move, an
/// answer, a choice at the brink, an open breach. Drift, decay, events, incidents and detections
/// (a roll) are not decisions.
pub(super) fn decision_of(c: &Cause) -> Option<(SideId, Option<u16>)> {
    match *c {
        Cause::Card { side, card }
        | Cause::Signal { side, card }
        | Cause::Spiral { side, card } => Some((side, Some(card))),
        Cause::Rejection { side, card } => Some((side, Some(card))),
        Cause::BackDown(side) => Some((side, None)),
        Cause::Violation { side, .. } => Some((side, None)),
        _ => None,
    }
}

/// A decision in words: "the DPRK's \"Set a deadline\"", "the US agreeing to \"Offer liaison
/// offices\"", "the US rejecting \"…\"", "the ROK backing down".
fn decision_words(db: &ContentDb, c: &Cause) -> String {
    let Some((side, card)) = decision_of(c) else {
        return text::cause_text(db, c);
    };
    let who = side.with_article();
    match (c, card) {
        (Cause::Rejection { .. }, Some(card)) => {
            format!("{who} rejecting \"{}\"", text::card_name(db, card))
        }
        (_, Some(card)) if db.cards.get(card as usize).is_none_or(|x| x.side == side) => {
            format!("{}'s \"{}\"", who, text::card_name(db, card))
        }
        (_, Some(card)) => format!("{who} agreeing to \"{}\"", text::card_name(db, card)),
        (Cause::BackDown(_), None) => format!("{who} backing down"),
        _ => text::cause_text(db, c),
    }
}

/// The decisions behind one meter's changes in a set of ledger entries, summed per (turn, side,
/// card, wording), largest first.
fn decisions_on(
    db: &ContentDb,
    entries: &[LedgerEntry],
    meter: MeterRef,
) -> Vec<(u16, SideId, String, f32)> {
    let mut by: Vec<(u16, SideId, String, f32)> = Vec::new();
    for e in entries.iter().filter(|e| e.meter == meter) {
        let Some((side, _)) = decision_of(&e.cause) else {
            continue;
        };
        let what = decision_words(db, &e.cause);
        match by
            .iter_mut()
            .find(|x| x.0 == e.turn && x.1 == side && x.2 == what)
        {
            Some(x) => x.3 += e.delta,
            None => by.push((e.turn, side, what, e.delta)),
        }
    }
    by.sort_by(|a, b| b.3.abs().total_cmp(&a.3.abs()));
    by
}

fn q(kind: &str, turn: u16, side: SideId, text: String) -> Question {
    Question {
        kind: kind.into(),
        turn,
        side: side.label().into(),
        text,
    }
}

/// Discussion questions for a class debrief, drawn from the decisions of this game. Each kind of
/// fact (a broken agreement, a secret breach, a rung crossed by a move, the brink, the largest
/// swing, a refused offer, an agreement's gaps, alliance strain, trust, the arsenal, the weakest
/// side, history) gives at most one question, in that order of priority.
pub(super) fn questions(
    db: &ContentDb,
    g: &Game,
    r: &Report,
    logs: &BTreeMap<u16, Vec<&LogEntry>>,
) -> Vec<Question> {
    let s = &g.state;
    let snaps = &g.journal.snapshots;
    let ledger = &g.journal.ledger;
    let side_named = |label: &str| SideId::ALL.into_iter().find(|x| x.label() == label);
    let mut kinds: Vec<Option<Question>> = Vec::new();

    // An agreement that broke.
    kinds.push(r.agreements.iter().find_map(|a| {
        let (t, by) = (a.broken_turn?, side_named(a.broken_by.as_deref()?)?);
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
        Some(q(
            "broken",
            t,
            by,
            format!(
                "{} broke agreement {} (signed on turn {}) on turn {t}. Verification stood at {ver:.0}{}. What verification would have caught the breach sooner, and what would it have cost to get?",
                cap(&by.with_article()),
                a.n,
                a.signed_turn,
                if needs.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", needs.join(", "))
                }
            ),
        ))
    }));

    // A secret breach nobody found.
    kinds.push(r.agreements.iter().find_map(|a| {
        let c = a.cheating.iter().find(|c| c.contains("never found out"))?;
        let side = SideId::ALL
            .into_iter()
            .find(|x| c.starts_with(&cap(&x.with_article())))?;
        let turn: u16 = c
            .split(" on turn ")
            .nth(1)?
            .split(|ch: char| !ch.is_ascii_digit())
            .next()?
            .parse()
            .ok()?;
        Some(q(
            "secret",
            turn,
            side,
            format!(
                "{c}, while agreement {} was in force. What would the other sides have needed to see it, and how should a breach that nobody at the table knew about change how we judge the deal?",
                a.n
            ),
        ))
    }));

    // Tension pushed up into Crisis or above by a decision.
    let crisis_rung = db.ladder.iter().position(|x| x.name == "Crisis");
    kinds.push(logs.iter().find_map(|(turn, entries)| {
        entries.iter().find_map(|e| {
            let LogEntry::Threshold {
                from_rung,
                to_rung,
                by: Some(by),
            } = e
            else {
                return None;
            };
            if to_rung <= from_rung || crisis_rung.is_none_or(|c| (*to_rung as usize) < c) {
                return None;
            }
            let (side, _) = decision_of(by)?;
            Some(q(
                "crossed",
                *turn,
                side,
                format!(
                    "Tension rose into {} during turn {turn} ({}), pushed over by {}. Could {} have avoided it, or could the others have headed it off earlier?",
                    db.ladder[*to_rung as usize].name,
                    s.date_of(db, *turn),
                    decision_words(db, by),
                    side.with_article()
                ),
            ))
        })
    }));

    // The brink, and war.
    let mut brink = None;
    for (turn, entries) in logs {
        let choices: Vec<(SideId, CrisisChoice)> = entries
            .iter()
            .filter_map(|e| match e {
                LogEntry::CrisisChoice { side, choice } => Some((*side, *choice)),
                _ => None,
            })
            .collect();
        let Some(&(first, _)) = choices.first() else {
            continue;
        };
        let words: Vec<String> = choices
            .iter()
            .map(|(side, c)| {
                format!(
                    "{} {}",
                    side.with_article(),
                    match c {
                        CrisisChoice::StandFirm => "stood firm",
                        CrisisChoice::BackDown => "backed down",
                    }
                )
            })
            .collect();
        let list = join_and(&words.iter().map(|x| x.as_str()).collect::<Vec<_>>());
        let firm = choices
            .iter()
            .find(|(_, c)| *c == CrisisChoice::StandFirm)
            .map_or(first, |x| x.0);
        if entries.iter().any(|e| matches!(e, LogEntry::War)) {
            brink = Some(q(
                "brink",
                *turn,
                firm,
                format!(
                    "War broke out on turn {turn} ({}) after {list}. What was the last turn at which it could still have been stopped, and what would stopping it have cost the side that did?",
                    s.date_of(db, *turn)
                ),
            ));
            break;
        } else if brink.is_none() {
            brink = Some(q(
                "brink",
                *turn,
                first,
                format!(
                    "At the brink on turn {turn}, {list}. What did each side gain or lose at home by its choice, and would you have chosen the same?"
                ),
            ));
        }
    }
    kinds.push(brink);

    // The largest swing within a turn, led by a decision.
    kinds.push(
        r.turning_points
            .iter()
            .max_by(|a, b| a.swing.abs().total_cmp(&b.swing.abs()))
            .and_then(|tp| {
                let turn_entries: Vec<LedgerEntry> =
                    ledger.iter().filter(|e| e.turn == tp.turn).copied().collect();
                let (_, side, what, d) = decisions_on(db, &turn_entries, MeterRef::Meter(Meter::Tension))
                    .into_iter()
                    .find(|x| x.3.signum() == tp.swing.signum() && x.3.abs() >= 1.0)?;
                let point = if tp.swing >= 0.0 { tp.high } else { tp.low };
                Some(q(
                    "swing",
                    tp.turn,
                    side,
                    format!(
                        "Turn {} ({}) saw the largest swing in tension, {:+.0} within the turn ({:.0} to {:.0}, {}), led by {what} ({d:+.0}). Was that move worth what it cost, and did {} expect the reaction it got?",
                        tp.turn,
                        tp.date,
                        tp.swing,
                        tp.from,
                        point,
                        db.rung_name(point),
                        side.with_article()
                    ),
                ))
            }),
    );

    // An offer refused.
    kinds.push(r.timeline.iter().find_map(|t| {
        t.happened.iter().find_map(|a| {
            let side = side_named(a.side.as_deref()?)?;
            let rest = a.text.strip_prefix("rejects ")?;
            Some(q(
                "refused",
                t.turn,
                side,
                format!(
                    "On turn {}, {} turned down {rest}. What would have had to change in the package — or in the trust between them — for it to be accepted?",
                    t.turn,
                    side.with_article()
                ),
            ))
        })
    }));

    // An agreement judged against the goals: a statement, or a deal with gaps.
    let mut gaps = None;
    for a in &r.agreements {
        let by = a
            .offered_by
            .as_deref()
            .and_then(side_named)
            .unwrap_or(SideId::Us);
        if a.kind == "statement" {
            gaps = Some(q(
                "gaps",
                a.signed_turn,
                by,
                format!(
                    "Agreement {} (turn {}, offered by {}) was a statement of intent: it limited no part of the programme. What did it buy {} — and what would have turned it into an agreement?",
                    a.n,
                    a.signed_turn,
                    by.with_article(),
                    by.with_article()
                ),
            ));
            break;
        }
        let missed: Vec<String> = a
            .us_allied_goals
            .iter()
            .filter(|x| !x.served)
            .map(|x| format!("{} ({})", x.goal, x.id))
            .collect();
        if !missed.is_empty() && gaps.is_none() {
            gaps = Some(q(
                "gaps",
                a.signed_turn,
                by,
                format!(
                    "Agreement {} (turn {}, offered by {}) left these US and allied goals unserved: {}. Was it still worth signing as a first step, or did it give away leverage the next round needed?",
                    a.n,
                    a.signed_turn,
                    by.with_article(),
                    missed.join("; ")
                ),
            ));
        }
    }
    kinds.push(gaps);

    // Alliance strain, tied to the move that cost the most of it.
    let mut alliance = None;
    for (x, capital) in [(SideId::Japan, "Tokyo"), (SideId::Rok, "Seoul")] {
        if alliance.is_some() || !(s.seated(x) && s.seated(SideId::Us)) {
            continue;
        }
        let v0 = snaps[0].trust(x, SideId::Us);
        let v1 = s.trust(x, SideId::Us);
        if v1 >= v0 - 8.0 {
            continue;
        }
        if let Some((t, side, what, d)) = decisions_on(db, ledger, MeterRef::Trust(x, SideId::Us))
            .into_iter()
            .find(|d| d.3 < 0.0)
        {
            alliance = Some(q(
                "alliance",
                t,
                side,
                format!(
                    "{}'s trust in the US fell from {v0:.0} to {v1:.0}; the largest single cost was {what} on turn {t} ({d:+.0}). Was it coordinated with {capital}, and what would have kept it whole?",
                    cap(&x.with_article())
                ),
            ));
        }
    }
    kinds.push(alliance);

    // The trust the seed article is about, tied to the decision that moved it most.
    let mut trust = None;
    if s.seated(SideId::Us) && s.seated(SideId::Dprk) {
        let v0 = snaps[0].trust(SideId::Us, SideId::Dprk);
        let v1 = s.trust(SideId::Us, SideId::Dprk);
        // The decision that moved it most the way it went over the game.
        let fell = v1 < v0;
        if let Some((t, side, what, d)) =
            decisions_on(db, ledger, MeterRef::Trust(SideId::Us, SideId::Dprk))
                .into_iter()
                .find(|d| (d.3 < 0.0) == fell && d.3.abs() >= 1.0)
        {
            trust = Some(q(
                "trust",
                t,
                side,
                if d < 0.0 {
                    format!(
                        "US trust in the DPRK went from {v0:.0} to {v1:.0}; no decision cost more of it than {what} on turn {t} ({d:+.0}). Once trust is lost that way, what rebuilds it — and how long does that take?"
                    )
                } else {
                    format!(
                        "US trust in the DPRK went from {v0:.0} to {v1:.0}; no decision built more of it than {what} on turn {t} ({d:+.0}). Why did that work, and why was it not repeated?"
                    )
                },
            ));
        }
    }
    kinds.push(trust);

    // The arsenal, checked against what was signed: provisions of a goal that follows fissile
    // production (by the goals table).
    let mut arsenal = None;
    let w0 = snaps[0].prog(ProgrammeField::Warheads);
    let w1 = s.prog(ProgrammeField::Warheads);
    if w1 > w0 {
        let capping: Vec<&str> = db
            .goals
            .iter()
            .filter(|g| {
                g.measure.as_ref().is_some_and(|m| {
                    matches!(
                        m.of,
                        GoalQuantity::Programme(
                            ProgrammeField::ProductionKg | ProgrammeField::FissileKg
                        )
                    )
                })
            })
            .flat_map(|g| g.served_by.iter().map(|x| x.provision.as_str()))
            .collect();
        let capped = r.agreements.iter().find_map(|a| {
            let ps: Vec<&ProvisionLine> = a
                .provisions
                .iter()
                .filter(|p| capping.contains(&p.id.as_str()))
                .collect();
            (!ps.is_empty()).then_some((a, ps))
        });
        arsenal = Some(match capped {
            Some((a, ps)) => {
                let by = a
                    .offered_by
                    .as_deref()
                    .and_then(side_named)
                    .unwrap_or(SideId::Dprk);
                let names: Vec<&str> = ps.iter().map(|p| p.name.as_str()).collect();
                let why = if let Some(b) = a.broken_turn {
                    format!("it broke on turn {b}")
                } else if ps.iter().any(|p| !p.verifiable) {
                    "it was never verified".to_string()
                } else {
                    "material already made kept going into warheads".to_string()
                };
                q(
                    "arsenal",
                    a.signed_turn,
                    by,
                    format!(
                        "Agreement {} (turn {}, offered by {}) included {}, yet the arsenal grew from {w0:.0} to {w1:.0} warheads: {why}. What would have made the cap bite sooner?",
                        a.n,
                        a.signed_turn,
                        by.with_article(),
                        join_and(&names)
                    ),
                )
            }
            None => q(
                "arsenal",
                s.turn,
                SideId::Dprk,
                format!(
                    "By turn {} the DPRK's arsenal had grown from {w0:.0} to {w1:.0} warheads and no agreement capped its production. Which side should have offered a cap first, and at what price?",
                    s.turn
                ),
            ),
        });
    }
    kinds.push(arsenal);

    // The side that did worst, with when its objectives were lost.
    kinds.push(
        r.sides
            .iter()
            .filter(|x| !x.objectives.is_empty())
            .min_by(|a, b| a.score.total_cmp(&b.score))
            .and_then(|low| {
                let side = SideId::parse(&low.id)?;
                let missed: Vec<&ObjectiveLine> =
                    low.objectives.iter().filter(|o| !o.met).collect();
                let turn = missed.iter().filter_map(|o| o.decided_turn).min()?;
                // The heaviest three; the rest counted.
                let mut heaviest = missed.clone();
                heaviest.sort_by(|a, b| b.weight.total_cmp(&a.weight));
                let mut names: Vec<String> = heaviest
                    .iter()
                    .take(3)
                    .map(|o| format!("{} ({})", o.name, o.decided))
                    .collect();
                if missed.len() > 3 {
                    names.push(format!("and {} more", missed.len() - 3));
                }
                Some(q(
                    "weakest",
                    turn,
                    side,
                    format!(
                        "{} scored lowest ({:.0}% of its objectives' weight), missing: {}. Which of its own moves worked against those goals?",
                        cap(&side.with_article()),
                        low.score * 100.0,
                        names.join("; ")
                    ),
                ))
            }),
    );

    // History, at the last turn; about the side the scenario's history is told from. Always
    // asked: the others make room for it.
    let mut out: Vec<_> = kinds.into_iter().flatten().take(QUESTIONS - 1).collect();
    out.push(q(
        "history",
        s.turn,
        SideId::Us,
        format!(
            "The game ended {} with tension at {:.0} ({}) on turn {}. How does that compare with what actually happened after {}, and what explains the difference?",
            match r.game.outcome.as_deref() {
                // The tension follows in the sentence; what it does not say is the talks.
                Some("collapse") if text::talks_broken_off(db, &g.state) => {
                    "in collapse (US-DPRK talks broken off)".to_string()
                }
                Some("collapse") => "in collapse".to_string(),
                Some("agreement") => "with an agreement in force".to_string(),
                Some("statement") => "with only a statement of intent in force".to_string(),
                Some("stalemate") => "in stalemate".to_string(),
                o => outcome_phrase(o).to_string(),
            },
            db.tension_shown(s.tension()),
            db.rung_name(s.tension()),
            s.turn,
            r.scenario.start
        ),
    ));
    out
}
