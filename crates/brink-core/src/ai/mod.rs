//! Computer players. Every driver — the TUI's computer seats, `brink sim`, the benchmarks — plays
//! through the one `Policy` trait, and `drive` is the loop that asks each seat in turn.
//!
//! A policy is handed the full `GameState` because legality needs it, but it must decide only on
//! what its side can see (`engine::observe`); the search opponent samples the rest
//! (`engine::determinize`).

mod cond;
pub mod desire;
pub mod persona;
pub mod random;
pub mod search;
pub mod view;

use std::ops::ControlFlow;

use rand_chacha::ChaCha8Rng;

use crate::content::{ContentDb, SideId};
use crate::engine::decision::{Decision, apply};
use crate::engine::state::Offer;
use crate::engine::turn::{submit_pending, submit_vouched_plans};
use crate::engine::{
    CrisisChoice, GameState, Input, Move, NoSink, Phase, Recorded, Response, Sink,
};

pub use persona::{Brain, PersonaPolicy};
pub use random::RandomPolicy;
pub use search::{SearchConfig, SearchPolicy};

/// A computer player for one side.
pub trait Policy: Send {
    /// This turn's moves: legal, within budget and the move limit.
    fn plan(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        side: SideId,
        rng: &mut ChaCha8Rng,
    ) -> Vec<Move>;
    /// The answer to an offer made to `side`.
    fn respond(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        side: SideId,
        offer: &Offer,
        rng: &mut ChaCha8Rng,
    ) -> Response;
    /// Stand firm or back down at the brink.
    fn crisis(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        side: SideId,
        rng: &mut ChaCha8Rng,
    ) -> CrisisChoice;
    /// `plan`, written into `out` (an empty list whose memory is reused from turn to turn).
    fn plan_into(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        side: SideId,
        rng: &mut ChaCha8Rng,
        out: &mut Vec<Move>,
    ) {
        *out = self.plan(db, s, side, rng);
    }
    /// The input for decision `d` (one of `s.pending()`, of this policy's side): `plan`,
    /// `respond` or `crisis`, as the decision asks. An offer that is not in `s` gets the
    /// decision's pass.
    fn decide(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        d: Decision,
        rng: &mut ChaCha8Rng,
    ) -> Input {
        match d {
            Decision::Plan { side } => Input::Plan {
                side,
                moves: self.plan(db, s, side, rng),
            },
            Decision::Answer { side, offer } | Decision::CoSign { side, offer } => {
                match s.offer(offer) {
                    Some(o) => Input::Respond {
                        side,
                        offer,
                        response: self.respond(db, s, side, o, rng),
                    },
                    None => d.pass(),
                }
            }
            Decision::Brink { side } => Input::Crisis {
                side,
                choice: self.crisis(db, s, side, rng),
            },
        }
    }
    /// One line a student can read about the last decision.
    fn reason(&self) -> Option<String> {
        None
    }
    /// A copy of this player as it stands, for a driver that may have to drop the decision it
    /// is about to ask for (the TUI's worker, on pause or an inject) and ask again as if it had
    /// never been asked: only a player that carries something from one decision to the next
    /// (the search's kept tree) needs one. None: nothing is carried, and a player built afresh
    /// decides the same.
    fn fork(&self) -> Option<Box<dyn Policy>> {
        None
    }
    /// Whether every plan this policy makes is legal by construction: built only from cards the
    /// engine's own checks (`card_playable`, the budget, the move limit) allowed in the state
    /// it was handed. `drive` then hands the plan over without checking it a second time (in
    /// release builds; debug builds, and so the tests, still check). No by default. The answer
    /// must not change during a game: `drive` asks once.
    fn vouches_for_plans(&self) -> bool {
        false
    }
    /// Why this player can no longer play (an agent program that died), if so. Its last
    /// decision was still made (by a stand-in); drivers end the game after it.
    fn failure(&self) -> Option<String> {
        None
    }
    /// Whether this player can fail at all (`failure`): only a player that talks to something
    /// outside. No by default; `drive` asks `failure` after each decision of those that can,
    /// and asks this once a game.
    fn can_fail(&self) -> bool {
        false
    }
    /// The game is over: a player that talks to something outside (an agent program) tells it
    /// and lets it go. Called once by the driver that played the game to its end.
    fn game_over(&mut self, _db: &ContentDb, _s: &GameState) {}
    /// Decisions in which this player's own answer was refused and a stand-in played (an agent
    /// program's bad answers; see the `brink` crate's `agent` module).
    fn fallbacks(&self) -> u32 {
        0
    }
}

/// Asks each seat with a policy for its decisions, in the order the engine has them pending
/// (`GameState::pending`), until the game ends, only seats with no policy (humans) are awaited,
/// or a policy has failed (`Policy::failure`: an agent program that died; its last decision was
/// still made by a stand-in). With `record`, writes the inputs it made, in order, each with its
/// turn and the reason its policy gave (as the TUI shows it), so a driver that keeps records can
/// store them. A refused input is replaced by the decision's pass (`apply_or_pass`), and the
/// record says why.
pub fn drive<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    policies: &mut [Option<&mut dyn Policy>; 5],
    rng: &mut ChaCha8Rng,
    sink: &mut S,
    record: Option<&mut Vec<Recorded>>,
) {
    let mut record = record;
    // Asked once, not once a plan: a policy's answer does not change during a game.
    let vouches = policies
        .each_ref()
        .map(|p| p.as_ref().is_some_and(|p| p.vouches_for_plans()));
    let can_fail = policies
        .each_ref()
        .map(|p| p.as_ref().is_some_and(|p| p.can_fail()));
    loop {
        if s.phase == Phase::Planning {
            // Every computer side that vouches for its plans, in one pass (the engine takes
            // them in its own order). A side whose plan must be checked stops it and is asked
            // below, as the sides nobody here plays for are left to the caller.
            submit_vouched_plans(db, s, sink, |s, side| {
                let Some(p) = policies[side.index()].as_mut() else {
                    return ControlFlow::Continue(None);
                };
                if !vouches[side.index()] {
                    return ControlFlow::Break(());
                }
                let mut moves = std::mem::take(&mut s.spare_plans[side.index()]);
                p.plan_into(db, s, side, rng, &mut moves);
                if let Some(r) = record.as_mut() {
                    r.push(Recorded {
                        turn: s.turn,
                        input: Input::Plan {
                            side,
                            moves: moves.clone(),
                        },
                        rationale: p.reason(),
                    });
                }
                ControlFlow::Continue(Some(moves))
            });
        }
        // The first decision pending of a side some policy plays.
        let Some(d) = s.pending().find(|d| policies[d.side().index()].is_some()) else {
            return;
        };
        let Some(p) = policies[d.side().index()].as_mut() else {
            return;
        };
        let input = match d {
            Decision::Plan { side } => {
                let mut moves = std::mem::take(&mut s.spare_plans[side.index()]);
                p.plan_into(db, s, side, rng, &mut moves);
                Input::Plan { side, moves }
            }
            Decision::Answer { side, offer } | Decision::CoSign { side, offer } => {
                // Borrowed, not cloned: the policy reads the offer beside the state.
                let Some(o) = s.offer(offer) else {
                    return;
                };
                Input::Respond {
                    side,
                    offer,
                    response: p.respond(db, s, side, o, rng),
                }
            }
            Decision::Brink { side } => Input::Crisis {
                side,
                choice: p.crisis(db, s, side, rng),
            },
        };
        let failed = can_fail[d.side().index()] && p.failure().is_some();
        let reason = if record.is_some() { p.reason() } else { None };
        let turn = s.turn;
        // Moved into the engine, not copied (the simulator's hot loop); kept only when recording.
        let kept = record.is_some().then(|| input.clone());
        // Built here for the decision the engine has just named, so straight to its intake
        // (`submit_pending`: no second look at whose turn it is). A policy that proposes
        // something illegal passes, so a buggy persona cannot hang a batch run.
        let chosen = match submit_pending(db, s, d, input, sink) {
            Ok(()) => true,
            Err(_) => {
                if apply(db, s, d, d.pass(), sink).is_err() {
                    return;
                }
                false
            }
        };
        if let Some(r) = record.as_mut() {
            let (input, rationale) = match kept {
                Some(input) if chosen => (input, reason),
                _ => (d.pass(), Some(pass_reason(&d.pass()).to_string())),
            };
            r.push(Recorded {
                turn,
                input,
                rationale,
            });
        }
        if failed {
            return;
        }
    }
}

/// `drive` with no log (`NoSink`): the simulator's, the benchmark's and the profiler's loop.
///
/// Not generic, so that the engine's whole unlogged path is compiled here, in the engine's own
/// crate, where its small functions (a side's index, a meter's slot) are inlined into it. A
/// caller in another crate that names `drive::<NoSink>` itself compiles its own copy of the
/// generic engine, which calls those functions across the crate boundary: in a build without
/// whole-program optimisation (`fastrel`, `dev`) that copy cost a random `hanoi-2019` game
/// 202.4k instructions against 173.8k here (callgrind, `examples/engine_profile`). The game
/// played is the same either way.
#[inline(never)]
pub fn drive_unlogged(
    db: &ContentDb,
    s: &mut GameState,
    policies: &mut [Option<&mut dyn Policy>; 5],
    rng: &mut ChaCha8Rng,
    record: Option<&mut Vec<Recorded>>,
) {
    drive(db, s, policies, rng, &mut NoSink, record);
}

/// Why a refused input was replaced by its decision's pass, for the record.
fn pass_reason(pass: &Input) -> &'static str {
    match pass {
        Input::Plan { .. } => "its plan was not legal here, so it made no move",
        Input::Respond { .. } => "its answer was not legal here, so it rejected the offer",
        Input::Crisis { .. } => "its choice was not legal here, so it backed down",
        _ => "its input was not legal here",
    }
}

/// How hard a computer opponent tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Difficulty {
    /// The persona alone: its rules and weights, no look-ahead.
    Easy,
    /// The persona plus a small search budget (`SearchConfig::NORMAL`).
    Normal,
    /// The persona plus the full search budget (`SearchConfig::HARD`).
    Hard,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Normal, Difficulty::Hard];

    pub fn id(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Normal => "normal",
            Difficulty::Hard => "hard",
        }
    }

    pub fn parse(s: &str) -> Option<Difficulty> {
        Self::ALL.into_iter().find(|d| d.id() == s)
    }

    /// How sharp the persona's own choices are at this difficulty: its temperature is
    /// multiplied by this. `easy` is the persona as written (the noisiest: every scenario's
    /// default seat plays it, and the model's outcome shares are measured with it); `normal`
    /// and `hard` choose by their search, and imagine their own later choices sharper (a
    /// search that will choose well does better to expect it of itself), `hard` the sharpest.
    pub fn temperature_scale(self) -> f32 {
        match self {
            Difficulty::Easy => 1.0,
            Difficulty::Normal => 0.75,
            Difficulty::Hard => 0.5,
        }
    }
}

/// Splits a spec `PERSONA[:difficulty]` (no difficulty: easy).
pub fn parse_spec(spec: &str) -> Result<(&str, Difficulty), String> {
    match spec.split_once(':') {
        Some((n, d)) => match Difficulty::parse(d) {
            Some(d) => Ok((n, d)),
            None => Err(format!(
                "unknown difficulty \"{d}\" (use easy, normal or hard)"
            )),
        },
        None => Ok((spec, Difficulty::Easy)),
    }
}

/// Builds the policy named by a spec: `random`, or `PERSONA[:difficulty]` (`hawk`, `hawk:hard`).
pub fn make_policy(db: &ContentDb, spec: &str, side: SideId) -> Result<Box<dyn Policy>, String> {
    let (name, difficulty) = parse_spec(spec)?;
    if name == "random" {
        return Ok(Box::new(RandomPolicy::default()));
    }
    let Some(ix) = db.persona_ix(name) else {
        return Err(format!(
            "unknown persona \"{name}\" (try `random`, or one of: {})",
            policy_names(db, side)
                .iter()
                .filter(|n| !n.contains(':'))
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    };
    if !db.compiled_personas[ix as usize].sides[side.index()] {
        return Err(format!("persona \"{name}\" does not play {side}"));
    }
    let scale = difficulty.temperature_scale();
    Ok(match difficulty {
        Difficulty::Easy => Box::new(PersonaPolicy::new(ix, side).with_temperature_scale(scale)),
        Difficulty::Normal => Box::new(
            SearchPolicy::new(ix, side, SearchConfig::NORMAL).with_temperature_scale(scale),
        ),
        Difficulty::Hard => {
            Box::new(SearchPolicy::new(ix, side, SearchConfig::HARD).with_temperature_scale(scale))
        }
    })
}

/// The specs a seat may take, for menus: `random`, then each persona that plays the side, at
/// each difficulty (`hawk` is easy; `hawk:normal`, `hawk:hard`).
pub fn policy_names(db: &ContentDb, side: SideId) -> Vec<String> {
    let mut v = vec!["random".to_string()];
    for (i, p) in db.personas.iter().enumerate() {
        if db.compiled_personas[i].sides[side.index()] {
            v.push(p.id.clone());
            v.push(format!("{}:normal", p.id));
            v.push(format!("{}:hard", p.id));
        }
    }
    v
}

/// One line about a spec for menus: the persona's name and description, and the difficulty.
pub fn describe_spec(db: &ContentDb, spec: &str) -> Option<String> {
    let (name, d) = parse_spec(spec).ok()?;
    if name == "random" {
        return Some("Random: plays uniformly random legal moves (the baseline)".to_string());
    }
    let p = &db.personas[db.persona_ix(name)? as usize];
    let how = match d {
        Difficulty::Easy => "easy",
        Difficulty::Normal => "normal, with a short look-ahead",
        Difficulty::Hard => "hard, with a full search",
    };
    Some(format!("{} ({how}) — {}", p.name, p.description))
}

/// Named comparisons for `brink sim --preset`.
pub const PRESETS: &[&str] = &["maximalist-vs-freeze"];

/// Each run of a preset: (label, scenario, --policy arguments).
pub fn preset(name: &str) -> Option<Vec<(String, &'static str, Vec<String>)>> {
    match name {
        "maximalist-vs-freeze" => {
            let mut runs = Vec::new();
            for scenario in ["singapore-2018", "hanoi-2019"] {
                for us in ["maximalist", "freeze-and-cap"] {
                    for dprk in ["hold-the-deterrent", "economy-first"] {
                        runs.push((
                            format!("{scenario} · US {us} vs DPRK {dprk}"),
                            scenario,
                            vec![format!("us={us}"), format!("dprk={dprk}")],
                        ));
                    }
                }
            }
            Some(runs)
        }
        _ => None,
    }
}

/// A worth as a key that sorts the highest worth first, as integers (`f32::total_cmp`'s order,
/// reversed): the search ranks a dozen worths at every decision in its tree, and sorting
/// integer keys (a position or an index in the low bits, for ties) costs a fraction of sorting
/// with a float comparison, for the same order.
#[inline]
pub(crate) fn best_first(v: f32) -> u32 {
    let b = v.to_bits();
    // Flip the negative numbers whole and the positive ones' sign bit: ascending as integers
    // is `total_cmp`'s ascending order; then reverse it.
    let ascending = if b >> 31 == 1 { !b } else { b | 0x8000_0000 };
    !ascending
}

/// The worth a `best_first` key was made from (the same bits).
#[inline]
pub(crate) fn worth_of_key(key: u32) -> f32 {
    let ascending = !key;
    let b = if ascending >> 31 == 1 {
        ascending & 0x7fff_ffff
    } else {
        !ascending
    };
    f32::from_bits(b)
}

#[cfg(test)]
mod tests {
    use super::{best_first, worth_of_key};

    /// The integer keys sort worths as `total_cmp` does, highest first, and give them back.
    #[test]
    fn worth_keys_sort_highest_first_and_give_the_worth_back() {
        let mut ws = vec![
            0.0f32,
            -0.0,
            1.5,
            -1.5,
            7.25,
            -100.0,
            f32::MIN_POSITIVE,
            -f32::MIN_POSITIVE,
            3.0e7,
            -3.0e7,
            f32::INFINITY,
            f32::NEG_INFINITY,
            0.1,
            0.1000001,
        ];
        for w in &ws {
            assert_eq!(worth_of_key(best_first(*w)).to_bits(), w.to_bits());
        }
        let mut by_key = ws.clone();
        by_key.sort_by_key(|w| best_first(*w));
        ws.sort_by(|a, b| b.total_cmp(a));
        let bits = |v: &[f32]| v.iter().map(|w| w.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&by_key), bits(&ws));
    }
}
