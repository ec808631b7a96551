//! The messages of the agent protocol, version 1 (docs/protocol.md): what Brink writes at a
//! decision, and how it reads the agent's answer.
//!
//! Everything an agent is told about the world is built from `engine::observe` — the engine's
//! one account of what a side may see — and from the decks (names, descriptions, costs), which
//! are public. The legal options are the engine's own (`legal_moves`, the open offers, the
//! crisis), and an answer is judged by the engine's own checks. So an agent can neither learn
//! what its side could not, nor play what a person at the table could not.

use serde_json::{Map, Value, json};

use crate::content::{CPackage, ContentDb, Meter, MoveKind, ProgrammeField, ProvIx, SideId};
use crate::engine::observe::{Observation, ProgrammeView};
use crate::engine::state::{AgreementStatus, GameState, Offer, Phase};
use crate::engine::{CrisisChoice, Input, Move, NoSink, Response, legal_moves, observe};

/// The protocol's name and version, in every message Brink writes.
pub const PROTOCOL: &str = "brink-agent/1";

/// The decision a seat is asked to take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// This turn's moves.
    Plan,
    /// The answer to an open offer made to the side (or a request to co-sign one).
    Respond { offer: u16 },
    /// Stand firm or back down at the brink.
    Crisis,
}

/// An answer read and found legal: the engine's input and the agent's rationale.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub input: Input,
    pub rationale: Option<String>,
}

/// The longest rationale kept (characters); a longer one is cut, with an ellipsis.
pub const MAX_RATIONALE: usize = 2000;

/// The line Brink writes for decision number `id` of `side` (no newline). `error`, when set,
/// tells the agent why its previous answer was refused.
pub fn request(
    db: &ContentDb,
    s: &GameState,
    side: SideId,
    asked: Asked,
    id: u64,
    error: Option<&str>,
) -> String {
    let obs = observe(s, side);
    let (decision, legal) = decision_and_legal(db, s, &obs, side, asked);
    let mut m = Map::new();
    m.insert("protocol".into(), PROTOCOL.into());
    m.insert("type".into(), "decision".into());
    m.insert("id".into(), id.into());
    m.insert("side".into(), side.id().into());
    m.insert("decision".into(), decision);
    m.insert("observation".into(), observation(db, s, &obs));
    m.insert(
        "briefing".into(),
        briefing(db, s, &obs, side, asked, &legal).into(),
    );
    m.insert("legal".into(), legal);
    if let Some(e) = error {
        m.insert("error".into(), e.into());
    }
    Value::Object(m).to_string()
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

/// The decision's description and its legal options.
fn decision_and_legal(
    db: &ContentDb,
    s: &GameState,
    obs: &Observation,
    side: SideId,
    asked: Asked,
) -> (Value, Value) {
    match asked {
        Asked::Plan => {
            let budget = obs.sides[side.index()].pc;
            let options: Vec<Value> = legal_moves(db, s, side)
                .iter()
                .map(|m| move_option(db, m.card))
                .collect();
            (
                json!({
                    "kind": "plan",
                    "budget": budget,
                    "move_limit": db.rules.move_limit,
                    "provisions": provisions_on_table(db, s),
                    "pass": [],
                }),
                Value::Array(options),
            )
        }
        Asked::Respond { offer } => {
            let o = obs.offers.iter().find(|o| o.id == offer);
            let mut legal = vec![
                json!({"id": "accept", "text": "accept the package as offered"}),
                json!({"id": "reject", "text": "reject it"}),
            ];
            if o.is_some_and(Offer::can_counter) {
                legal.push(json!({
                    "id": "counter",
                    "text": "send back a changed package (give \"package\": provision ids, 1 to 8)",
                }));
            }
            let kind = if o.is_some_and(Offer::is_cosign) {
                "cosign"
            } else {
                "respond"
            };
            (
                json!({
                    "kind": kind,
                    "offer": o.map(|o| offer_json(db, o)),
                    "provisions": provisions_on_table(db, s),
                    "pass": "reject",
                }),
                Value::Array(legal),
            )
        }
        Asked::Crisis => (
            json!({"kind": "crisis", "pass": "back_down"}),
            json!([
                {"id": "stand_firm", "text": "stand firm: if every side in the crisis does, war may break out"},
                {"id": "back_down", "text": "back down: costs domestic support, lowers tension"},
            ]),
        ),
    }
}

fn move_option(db: &ContentDb, card: u16) -> Value {
    let c = &db.c_cards[card as usize];
    let src = &db.cards[card as usize];
    let package = match &c.package {
        CPackage::None => Value::Null,
        CPackage::Fixed(ps) => {
            json!({"fixed": ps.iter().map(|p| provision_json(db, *p)).collect::<Vec<_>>()})
        }
        CPackage::Chosen => json!({"choose": {"min": 1, "max": 8}}),
    };
    let signal = if c.signals.is_empty() {
        0.0
    } else {
        c.signals.iter().map(|x| x.value).sum::<f32>() / c.signals.len() as f32
    };
    json!({
        "id": src.id,
        "name": src.name,
        "description": src.description,
        "kind": kind_id(c.kind),
        "cost": c.cost,
        "target": c.target.map(SideId::id),
        "signal": round1(signal),
        "package": package,
    })
}

fn kind_id(k: MoveKind) -> &'static str {
    match k {
        MoveKind::Unilateral => "unilateral",
        MoveKind::Offer => "offer",
        MoveKind::Covert => "covert",
    }
}

fn provision_json(db: &ContentDb, p: ProvIx) -> Value {
    let src = &db.provisions[p as usize];
    json!({
        "id": src.id,
        "name": src.name,
        "obligations": src.obligations.iter().map(|s| s.id()).collect::<Vec<_>>(),
    })
}

/// The provisions a package may hold in this scenario (public: the table's agenda).
fn provisions_on_table(db: &ContentDb, s: &GameState) -> Value {
    let allowed = &db.c_scenarios[s.scenario as usize].provision_allowed;
    Value::Array(
        (0..db.provisions.len())
            .filter(|p| allowed[*p])
            .map(|p| {
                let src = &db.provisions[p];
                json!({
                    "id": src.id,
                    "name": src.name,
                    "description": src.description,
                    "obligations": src.obligations.iter().map(|s| s.id()).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
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
    side: SideId,
    asked: Asked,
    legal: &Value,
) -> String {
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
    match asked {
        Asked::Plan => {
            let n = legal.as_array().map_or(0, Vec::len);
            let _ = writeln!(
                b,
                "Choose this turn's moves: up to {} of the {n} cards listed in \"legal\", costs adding up to at most {}, or none.",
                db.rules.move_limit, me.pc
            );
        }
        Asked::Respond { offer } => {
            if let Some(o) = obs.offers.iter().find(|o| o.id == offer) {
                let package: Vec<&str> = o
                    .package
                    .iter()
                    .map(|p| db.provisions[*p as usize].name.as_str())
                    .collect();
                let what = if o.is_cosign() {
                    "asks you to co-sign"
                } else if o.counter_of.is_some() {
                    "answers your offer with a counter-offer"
                } else {
                    "offers"
                };
                let _ = writeln!(
                    b,
                    "{} {what}: \"{}\"{}.",
                    capitalise(&o.from.with_article()),
                    db.cards[o.card as usize].name,
                    if package.is_empty() {
                        String::new()
                    } else {
                        format!(", with {}", package.join(", "))
                    }
                );
            }
            let ids: Vec<&str> = legal
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|o| o["id"].as_str())
                .collect();
            let _ = writeln!(b, "Answer with one of: {}.", ids.join(", "));
        }
        Asked::Crisis => {
            let _ = writeln!(
                b,
                "The peninsula is at the brink. Stand firm or back down: if every side in the crisis stands firm, war may break out; backing down costs domestic support."
            );
        }
    }
    b
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Reads the agent's line as its answer to decision `id`. `Ok(None)`: the line answers an
/// earlier decision (one that ran late) and is to be ignored. An error is one sentence saying
/// what is wrong, for the agent's author.
pub fn read_answer(
    db: &ContentDb,
    s: &GameState,
    side: SideId,
    asked: Asked,
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
    let input = match asked {
        Asked::Plan => Input::Plan {
            side,
            moves: plan_choice(db, choice)?,
        },
        Asked::Respond { offer } => Input::Respond {
            side,
            offer,
            response: respond_choice(db, choice)?,
        },
        Asked::Crisis => Input::Crisis {
            side,
            choice: match option_id(choice) {
                Some("stand_firm") => CrisisChoice::StandFirm,
                Some("back_down") => CrisisChoice::BackDown,
                _ => {
                    return Err(format!(
                        "a crisis choice is \"stand_firm\" or \"back_down\", not {}",
                        excerpt(&choice.to_string())
                    ));
                }
            },
        },
    };
    check_legal(db, s, &input)?;
    Ok(Some(Answer { input, rationale }))
}

/// The engine's verdict on an input, without changing the game: a plan by the plan check, an
/// answer by submitting it to a copy of the state.
fn check_legal(db: &ContentDb, s: &GameState, input: &Input) -> Result<(), String> {
    let verdict = match input {
        Input::Plan { side, moves } => {
            crate::engine::moves::check_plan(db, s, *side, moves).map(|_| ())
        }
        other => {
            let mut copy = s.clone();
            crate::engine::turn::submit(db, &mut copy, other, &mut NoSink)
        }
    };
    verdict.map_err(|e| format!("not legal: {e}"))
}

/// A choice's option id: the string itself, or an object's "id".
fn option_id(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        Value::Object(o) => o.get("id").and_then(Value::as_str),
        _ => None,
    }
}

fn package_of(db: &ContentDb, v: &Value, what: &str) -> Result<Vec<ProvIx>, String> {
    let Some(list) = v.get("package").and_then(Value::as_array) else {
        return Err(format!(
            "{what} needs a \"package\": a list of provision ids"
        ));
    };
    list.iter()
        .map(|p| {
            let id = p.as_str().ok_or("a provision id is a string")?;
            db.provision_ix(id)
                .ok_or_else(|| format!("there is no provision \"{id}\""))
        })
        .collect()
}

fn plan_choice(db: &ContentDb, choice: &Value) -> Result<Vec<Move>, String> {
    let items = match choice {
        Value::String(s) if s == "pass" => return Ok(Vec::new()),
        Value::Array(a) => a,
        Value::Null => return Ok(Vec::new()),
        // One move on its own.
        one @ (Value::String(_) | Value::Object(_)) => std::slice::from_ref(one),
        other => {
            return Err(format!(
                "a plan is a list of moves (card ids, or objects with \"id\" and \"package\"), not {}",
                excerpt(&other.to_string())
            ));
        }
    };
    let mut moves = Vec::with_capacity(items.len());
    for item in items {
        let Some(id) = option_id(item) else {
            return Err(format!(
                "a move is a card id or an object with \"id\", not {}",
                excerpt(&item.to_string())
            ));
        };
        let card = db
            .card_ix(id)
            .ok_or_else(|| format!("there is no card \"{id}\""))?;
        // A package is read where one is given; whether the card takes one is the rules' to say.
        let package = if item.get("package").is_some() {
            package_of(db, item, &format!("\"{id}\""))?
        } else {
            Vec::new()
        };
        moves.push(Move {
            card,
            target: None,
            package,
        });
    }
    Ok(moves)
}

fn respond_choice(db: &ContentDb, choice: &Value) -> Result<Response, String> {
    match option_id(choice) {
        Some("accept") => Ok(Response::Accept),
        Some("reject") => Ok(Response::Reject),
        Some("counter") => Ok(Response::Counter(package_of(db, choice, "a counter")?)),
        _ => Err(format!(
            "an answer to an offer is \"accept\", \"reject\" or {{\"id\": \"counter\", \"package\": [...]}}, not {}",
            excerpt(&choice.to_string())
        )),
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
