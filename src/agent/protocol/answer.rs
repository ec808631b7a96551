//! Reading the agent's answer: the line parsed, its choice (full or shorthand) turned into the
//! engine's `Choice` and judged by the rules, its rationale cleaned. The one direction of the
//! protocol that reads untrusted input, so its errors are sentences for the agent's author.

use serde_json::Value;

use crate::content::ContentDb;
use crate::engine::decision::{self, Choice, Decision, PlannedCard};
use crate::engine::state::GameState;

use super::{Answer, MAX_RATIONALE};

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
