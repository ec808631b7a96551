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

mod answer;
mod briefing;
mod observation;
mod writer;

use serde_json::{Value, json};

use crate::content::{ContentDb, SideId};
use crate::engine::decision::Decision;
use crate::engine::state::GameState;
use crate::engine::{Input, observe};

pub use answer::read_answer;
pub use briefing::briefing;
pub use observation::{ObservationOut, observation};
pub use writer::Writer;

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
/// agent why its previous answer was refused. None if `d` is not open. A seat keeps a `Writer`
/// instead, which writes the same line faster from the second decision on.
pub fn request(
    db: &ContentDb,
    s: &GameState,
    d: Decision,
    id: u64,
    error: Option<&str>,
) -> Option<String> {
    Writer::default()
        .request(db, s, d, id, error)
        .map(str::to_string)
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

fn round1(x: f32) -> f64 {
    ((x as f64) * 10.0).round() / 10.0
}

fn round2(x: f32) -> f64 {
    ((x as f64) * 100.0).round() / 100.0
}

fn round3(x: f32) -> f64 {
    ((x as f64) * 1000.0).round() / 1000.0
}
