//! The messages of the agent protocol, version 1 (docs/protocol.md): what Brink writes at a
//! decision, and how it reads the agent's answer.
//!
//! Built on the engine's decision API: the decision is `engine::Decision`, the legal options
//! are `decision::options` as they are (with each card's public signal added), an answer is an
//! `engine::Choice` (or a shorthand of one) and the rules judge it with `decision::check`.
//! Everything an agent is told about the world comes from `engine::observe` — the engine's one
//! account of what a side may see — and from the decks (names, descriptions, costs), which are
//! public. So an agent can neither learn what its side could not, nor play what a person at the
//! table could not.

use serde_json::{Map, Value, json};

use crate::content::{ContentDb, Meter, ProgrammeField, ProvIx, SideId};
use crate::engine::decision::{self, Choice, Decision, PlannedCard};
use crate::engine::observe::{Observation, ProgrammeView};
use crate::engine::state::{AgreementStatus, GameState, Offer, Phase};
use crate::engine::{Input, Response, observe};

/// The protocol's name and version, in every message Brink writes.
pub const PROTOCOL: &str = "brink-agent/1";

/// An answer read and found legal: the engine's input and the agent's rationale.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub input: Input,
    pub rationale: Option<String>,
}

/// The longest rationale kept (characters); a longer one is cut, with an ellipsis.
pub const MAX_RATIONALE: usize = 2000;

/// The line Brink writes for decision number `id` (no newline). `error`, when set, tells the
/// agent why its previous answer was refused. None if `d` is not open.
pub fn request(
    db: &ContentDb,
    s: &GameState,
    d: Decision,
    id: u64,
    error: Option<&str>,
) -> Option<String> {
    let side = d.side();
    let options = decision::options(db, s, d).ok()?;
    let obs = observe(s, side);
    let mut decision = serde_json::to_value(d).ok()?;
    if let Some(m) = decision.as_object_mut() {
        m.insert("question".into(), options.question.clone().into());
    }
    let mut legal = serde_json::to_value(&options.legal).ok()?;
    add_signals(db, &mut legal);
    let mut m = Map::new();
    m.insert("protocol".into(), PROTOCOL.into());
    m.insert("type".into(), "decision".into());
    m.insert("id".into(), id.into());
    m.insert("side".into(), side.id().into());
    m.insert("decision".into(), decision);
    m.insert("observation".into(), observation(db, s, &obs));
    m.insert("briefing".into(), briefing(db, s, &obs, d, &options).into());
    m.insert("legal".into(), legal);
    m.insert("pass".into(), serde_json::to_value(&options.pass).ok()?);
    if let Some(e) = error {
        m.insert("error".into(), e.into());
    }
    Some(Value::Object(m).to_string())
}

/// Each playable card's signal (its CAMEO Goldstein weight times its intensity, averaged over
/// its signals: how cooperative, +, or hostile, −, it reads; public in the decks).
fn add_signals(db: &ContentDb, legal: &mut Value) {
    let Some(cards) = legal.get_mut("cards").and_then(Value::as_array_mut) else {
        return;
    };
    for c in cards {
        let Some(ix) = c
            .get("id")
            .and_then(Value::as_str)
            .and_then(|id| db.card_ix(id))
        else {
            continue;
        };
        let sig = &db.c_cards[ix as usize].signals;
        let mean = if sig.is_empty() {
            0.0
        } else {
            sig.iter().map(|x| x.value).sum::<f32>() / sig.len() as f32
        };
        if let Some(m) = c.as_object_mut() {
            m.insert("signal".into(), round1(mean).into());
        }
    }
}

/// The last line Brink writes: how the game ended for `side`. Then it closes the agent's input.
pub fn game_over(db: &ContentDb, s: &GameState, side: SideId) -> String {
    let obs = observe(s, side);
    let objectives: Vec<Value> = crate::engine::objective_results(db, s, side)
        .into_iter()
        .map(|o| json!({"name": o.name, "weight": o.weight, "met": o.met}))
        .collect();
    json!({
        "protocol": PROTOCOL,
        "type": "over",
        "side": side.id(),
        "outcome": s.outcome.map(|o| o.id()),
        "turn": s.turn,
        "score": round3(crate::engine::score(db, s, side)),
        "objectives": objectives,
        "observation": observation(db, s, &obs),
    })
    .to_string()
}

fn provision_json(db: &ContentDb, p: ProvIx) -> Value {
    let src = &db.provisions[p as usize];
    json!({
        "id": src.id,
        "name": src.name,
        "obligations": src.obligations.iter().map(|s| s.id()).collect::<Vec<_>>(),
    })
}

fn offer_json(db: &ContentDb, o: &Offer) -> Value {
    let answer = match &o.answer {
        None => Value::Null,
        Some(Response::Accept) => "accept".into(),
        Some(Response::Reject) => "reject".into(),
        Some(Response::Counter(p)) => {
            json!({"counter": p.iter().map(|p| db.provisions[*p as usize].id.clone()).collect::<Vec<_>>()})
        }
    };
    json!({
        "offer": o.id,
        "from": o.from.id(),
        "to": o.to.id(),
        "card": db.cards[o.card as usize].id,
        "name": db.cards[o.card as usize].name,
        "package": o.package.iter().map(|p| provision_json(db, *p)).collect::<Vec<_>>(),
        "counter_of": o.counter_of,
        "cosign_of": o.cosign_of,
        "answer": answer,
    })
}

fn phase_id(p: Phase) -> &'static str {
    match p {
        Phase::Planning => "planning",
        Phase::Responses { .. } => "responses",
        Phase::Crisis => "crisis",
        Phase::Over => "over",
    }
}

fn meter_id(m: Meter) -> &'static str {
    match m {
        Meter::Tension => "tension",
        Meter::Sanctions => "sanctions",
        Meter::Enforcement => "enforcement",
        Meter::Verification => "verification",
        Meter::Economy => "economy",
        Meter::Readiness => "readiness",
    }
}

/// What `obs.viewer` sees, with ids and names: built from the observation alone, plus the
/// decks and the calendar (public).
pub fn observation(db: &ContentDb, s: &GameState, obs: &Observation) -> Value {
    let scen = &db.scenarios[obs.scenario as usize];
    let seated: Vec<SideId> = SideId::ALL
        .into_iter()
        .filter(|x| obs.sides[x.index()].seated)
        .collect();
    let mut meters = Map::new();
    for m in Meter::ALL {
        meters.insert(meter_id(m).into(), round1(obs.meters[m.index()]).into());
    }
    let mut trust = Map::new();
    for a in &seated {
        let mut row = Map::new();
        for b in &seated {
            if a != b {
                row.insert(
                    b.id().into(),
                    round1(obs.trust[a.index()][b.index()]).into(),
                );
            }
        }
        trust.insert(a.id().into(), row.into());
    }
    let mut sides = Map::new();
    for x in &seated {
        let o = obs.sides[x.index()];
        sides.insert(
            x.id().into(),
            json!({"name": x.label(), "pc": o.pc, "pc_next": o.pc_next, "support": round1(o.support)}),
        );
    }
    let programme = match &obs.programme {
        ProgrammeView::Exact(p) => {
            let mut m = Map::new();
            m.insert("seen".into(), "exact".into());
            for f in ProgrammeField::ALL {
                m.insert(programme_id(f).into(), round1(p[f.index()]).into());
            }
            Value::Object(m)
        }
        ProgrammeView::Estimate { estimate: e, tests } => json!({
            "seen": "estimate",
            "warheads": {"low": round1(e.warheads_low), "mid": round1(e.warheads_mid), "high": round1(e.warheads_high)},
            "icbm_readiness": {"mid": round1(e.readiness_mid), "band": round1(e.readiness_band)},
            "production_kg": round1(e.production_mid),
            "nuclear_tests": tests[0],
            "icbm_tests": tests[1],
            "irbm_tests": tests[2],
            "srbm_tests": tests[3],
        }),
    };
    let flags: Vec<&str> = db
        .flags
        .iter()
        .enumerate()
        .filter(|(i, _)| *i < 128 && obs.flags & (1u128 << i) != 0)
        .map(|(_, f)| f.id.as_str())
        .collect();
    let agreements: Vec<Value> = obs
        .agreements
        .iter()
        .map(|a| {
            let (status, broken_turn, broken_by) = match a.status {
                AgreementStatus::InForce => ("in_force", None, None),
                AgreementStatus::Broken { turn, by } => ("broken", Some(turn), Some(by.id())),
            };
            json!({
                "agreement": a.id,
                "parties": a.parties.iter().map(|p| p.id()).collect::<Vec<_>>(),
                "provisions": a.provisions.iter().map(|p| provision_json(db, *p)).collect::<Vec<_>>(),
                "signed_turn": a.signed_turn,
                "status": status,
                "broken_turn": broken_turn,
                "broken_by": broken_by,
            })
        })
        .collect();
    let own_covert: Vec<Value> = obs
        .own_covert
        .iter()
        .map(|c| {
            json!({
                "card": db.cards[c.card as usize].id,
                "name": db.cards[c.card as usize].name,
                "turn": c.turn,
                "detected": c.detected,
            })
        })
        .collect();
    let objectives: Vec<Value> = scen
        .sides
        .iter()
        .find(|x| x.side == obs.viewer)
        .map(|x| {
            x.objectives
                .iter()
                .map(|o| json!({"name": o.name, "weight": o.weight}))
                .collect()
        })
        .unwrap_or_default();
    json!({
        "scenario": {"id": scen.id, "title": scen.title},
        "side": obs.viewer.id(),
        "turn": obs.turn,
        "turns": scen.turns,
        "date": s.date_of(db, obs.turn),
        "phase": phase_id(obs.phase),
        "rung": db.rung_name(obs.meters[Meter::Tension.index()]),
        "meters": meters,
        "trust": trust,
        "sides": sides,
        "programme": programme,
        "flags": flags,
        "agreements": agreements,
        "own_covert": own_covert,
        "offers": obs.offers.iter().map(|o| offer_json(db, o)).collect::<Vec<_>>(),
        "objectives": objectives,
        "outcome": obs.outcome.map(|o| o.id()),
    })
}

fn programme_id(f: ProgrammeField) -> &'static str {
    match f {
        ProgrammeField::Warheads => "warheads",
        ProgrammeField::FissileKg => "fissile_kg",
        ProgrammeField::ProductionKg => "production_kg",
        ProgrammeField::IcbmReadiness => "icbm_readiness",
        ProgrammeField::NuclearTests => "nuclear_tests",
        ProgrammeField::IcbmTests => "icbm_tests",
        ProgrammeField::IrbmTests => "irbm_tests",
        ProgrammeField::SrbmTests => "srbm_tests",
    }
}

/// A few short paragraphs a language model (or a person) can read: who you are, where things
/// stand, what is asked and what you may do. Built from the same observation as the JSON.
pub fn briefing(
    db: &ContentDb,
    s: &GameState,
    obs: &Observation,
    d: Decision,
    options: &decision::Options,
) -> String {
    let side = d.side();
    use std::fmt::Write;
    let scen = &db.scenarios[obs.scenario as usize];
    let tension = obs.meters[Meter::Tension.index()];
    let mut b = String::new();
    let _ = writeln!(
        b,
        "You play {} in \"{}\". It is turn {} of {} ({}).",
        side.with_article(),
        scen.title,
        obs.turn,
        scen.turns,
        s.date_of(db, obs.turn)
    );
    let _ = writeln!(
        b,
        "Tension is {:.0} of 100 ({}). Sanctions pressure {:.0}, verification {:.0}, DPRK economy {:.0}.",
        tension,
        crate::engine::text::rung_label(db, tension),
        obs.meters[Meter::Sanctions.index()],
        obs.meters[Meter::Verification.index()],
        obs.meters[Meter::Economy.index()],
    );
    let me = obs.sides[side.index()];
    let _ = writeln!(
        b,
        "You have {} political capital and domestic support of {:.0}.",
        me.pc, me.support
    );
    let trust: Vec<String> = SideId::ALL
        .into_iter()
        .filter(|x| *x != side && obs.sides[x.index()].seated)
        .map(|x| {
            format!(
                "{} {:.0} (theirs in you {:.0})",
                x.label(),
                obs.trust[side.index()][x.index()],
                obs.trust[x.index()][side.index()]
            )
        })
        .collect();
    if !trust.is_empty() {
        let _ = writeln!(b, "Your trust in the others: {}.", trust.join(", "));
    }
    match &obs.programme {
        ProgrammeView::Exact(p) => {
            let _ = writeln!(
                b,
                "Your programme: {:.0} warheads, {:.0} kg of fissile material, ICBM readiness {:.0}.",
                p[ProgrammeField::Warheads.index()],
                p[ProgrammeField::FissileKg.index()],
                p[ProgrammeField::IcbmReadiness.index()]
            );
        }
        ProgrammeView::Estimate { estimate: e, .. } => {
            let _ = writeln!(
                b,
                "The DPRK is estimated to hold {:.0}–{:.0} warheads, ICBM readiness about {:.0}.",
                e.warheads_low, e.warheads_high, e.readiness_mid
            );
        }
    }
    let in_force: Vec<String> = obs
        .agreements
        .iter()
        .filter(|a| a.status == AgreementStatus::InForce)
        .map(|a| {
            a.provisions
                .iter()
                .map(|p| db.provisions[*p as usize].name.clone())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect();
    if !in_force.is_empty() {
        let _ = writeln!(b, "Agreements in force: {}.", in_force.join("; "));
    }
    if let Some(x) = scen.sides.iter().find(|x| x.side == side) {
        let goals: Vec<&str> = x.objectives.iter().map(|o| o.name.as_str()).collect();
        let _ = writeln!(b, "Your objectives: {}.", goals.join("; "));
    }
    b.push('\n');
    let _ = writeln!(b, "{}", options.question);
    match &options.legal {
        decision::Legal::Plan(p) => {
            let _ = writeln!(
                b,
                "Choose up to {} of the {} cards listed in \"legal\", costs adding up to at most {}, or none.",
                p.max_cards,
                p.cards.len(),
                p.budget
            );
        }
        decision::Legal::Answer(a) => {
            if let Some(o) = obs.offers.iter().find(|o| o.id == a.offer) {
                let package: Vec<&str> = o
                    .package
                    .iter()
                    .map(|p| db.provisions[*p as usize].name.as_str())
                    .collect();
                if !package.is_empty() {
                    let _ = writeln!(b, "The package: {}.", package.join("; "));
                }
            }
            let _ = writeln!(
                b,
                "Accept or reject it{}.",
                if a.counter.is_some() {
                    ", or counter with a package of your own"
                } else {
                    ""
                }
            );
        }
        decision::Legal::Brink(_) => {
            let _ = writeln!(
                b,
                "Stand firm or back down: if every side in the crisis stands firm, war may break out; backing down costs domestic support."
            );
        }
    }
    b
}

/// Reads the agent's line as its answer to decision `d`, number `id`. `Ok(None)`: the line
/// answers an earlier decision (one that ran late) and is to be ignored. An error is one
/// sentence saying what is wrong, for the agent's author.
pub fn read_answer(
    db: &ContentDb,
    s: &GameState,
    d: Decision,
    id: u64,
    line: &str,
) -> Result<Option<Answer>, String> {
    let v: Value = serde_json::from_str(line)
        .map_err(|e| format!("the answer is not JSON ({e}): {}", excerpt(line)))?;
    let Some(obj) = v.as_object() else {
        return Err(format!(
            "the answer must be a JSON object with \"id\" and \"choice\": {}",
            excerpt(line)
        ));
    };
    match obj.get("id") {
        Some(x) if x.as_u64() == Some(id) => {}
        Some(x) if x.as_u64().is_some_and(|x| x < id) => return Ok(None),
        Some(x) => {
            return Err(format!(
                "the answer's \"id\" is {x}, but this is decision {id}"
            ));
        }
        // An agent that does not echo the id answers the decision at hand.
        None => {}
    }
    let rationale = match obj.get("rationale") {
        None | Some(Value::Null) => None,
        Some(Value::String(r)) => clean_rationale(r),
        Some(_) => return Err("\"rationale\" must be a string".into()),
    };
    let Some(choice) = obj.get("choice") else {
        return Err("the answer has no \"choice\"".into());
    };
    let choice = parse_choice(choice, d)?;
    let input = choice
        .to_input(db, d)
        .map_err(|e| format!("not legal: {e}"))?;
    decision::check(db, s, d, &input).map_err(|e| format!("not legal: {e}"))?;
    Ok(Some(Answer { input, rationale }))
}

/// A choice as the engine's `Choice` writes it (`{"kind": "accept"}`), or a shorthand: its kind
/// alone (`"accept"`, `"stand_firm"`, `"pass"`), or for a plan the list of its cards (card ids,
/// or objects as `PlannedCard`).
fn parse_choice(v: &Value, d: Decision) -> Result<Choice, String> {
    let plain = |kind: &str| -> Option<Choice> {
        Some(match kind {
            "pass" => Choice::Pass,
            "accept" => Choice::Accept,
            "reject" => Choice::Reject,
            "stand_firm" => Choice::StandFirm,
            "back_down" => Choice::BackDown,
            _ => return None,
        })
    };
    match v {
        Value::String(kind) => plain(kind)
            .ok_or_else(|| format!("\"{}\" is not a choice ({})", excerpt(kind), choices_of(d))),
        Value::Array(cards) if matches!(d, Decision::Plan { .. }) => {
            let cards = cards
                .iter()
                .map(|c| match c {
                    Value::String(id) => Ok(PlannedCard {
                        card: id.clone(),
                        target: None,
                        package: Vec::new(),
                    }),
                    other => serde_json::from_value::<PlannedCard>(other.clone()).map_err(|e| {
                        format!(
                            "a card of a plan is its id or {{\"card\": id, \"package\": [provision ids]}} ({e}): {}",
                            excerpt(&other.to_string())
                        )
                    }),
                })
                .collect::<Result<Vec<_>, String>>()?;
            Ok(Choice::Plan { cards })
        }
        Value::Object(_) => serde_json::from_value::<Choice>(v.clone()).map_err(|e| {
            format!(
                "the choice is not one Brink knows ({e}; {}): {}",
                choices_of(d),
                excerpt(&v.to_string())
            )
        }),
        other => Err(format!(
            "the choice is not one Brink knows ({}): {}",
            choices_of(d),
            excerpt(&other.to_string())
        )),
    }
}

/// The forms a choice for `d` takes, for error messages.
fn choices_of(d: Decision) -> &'static str {
    match d {
        Decision::Plan { .. } => {
            "a plan is a list of card ids or {\"card\": id, \"package\": [...]}, or \"pass\""
        }
        Decision::Answer { .. } => {
            "an answer is \"accept\", \"reject\" or {\"kind\": \"counter\", \"package\": [...]}"
        }
        Decision::CoSign { .. } => "a request to co-sign is answered \"accept\" or \"reject\"",
        Decision::Brink { .. } => "at the brink: \"stand_firm\" or \"back_down\"",
    }
}

/// A rationale as the record keeps it: one line, trimmed, at most `MAX_RATIONALE` characters.
fn clean_rationale(r: &str) -> Option<String> {
    let one_line: String = r.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.is_empty() {
        return None;
    }
    if one_line.chars().count() > MAX_RATIONALE {
        let cut: String = one_line.chars().take(MAX_RATIONALE - 1).collect();
        return Some(format!("{cut}…"));
    }
    Some(one_line)
}

/// The start of a bad line, for an error message.
fn excerpt(line: &str) -> String {
    let t = line.trim();
    if t.chars().count() > 80 {
        format!("{}…", t.chars().take(79).collect::<String>())
    } else {
        t.to_string()
    }
}

fn round1(x: f32) -> f64 {
    ((x as f64) * 10.0).round() / 10.0
}

fn round3(x: f32) -> f64 {
    ((x as f64) * 1000.0).round() / 1000.0
}
