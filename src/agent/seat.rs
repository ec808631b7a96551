//! A seat played by an agent program: a `Policy` like any computer player, so `brink sim`, the
//! TUI and the tests seat it the same way.
//!
//! Each decision is one request line and one answer line (`protocol`). An answer that is not
//! JSON, not legal or not in time is refused: a sentence goes to the agent's stderr, the next
//! request carries it in `error`, and the seat plays its persona's move for that decision (the
//! scenario's persona for the side, or the one named), with a rationale that says so — so the
//! game goes on and the record shows what happened. An agent that dies cannot be stood in for
//! silently: the seat plays its persona's move for the decision at hand, so the state stays
//! whole, and says it has failed (`Policy::failure`); drivers end the game there.

use std::io::Write;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rand_chacha::ChaCha8Rng;

use crate::ai::{self, Policy};
use crate::content::{ContentDb, SideId};
use crate::engine::decision::Decision;
use crate::engine::state::Offer;
use crate::engine::{CrisisChoice, GameState, Input, Move, Response};

use super::command;
use super::process::{AgentProcess, NoAnswer};
use super::protocol;

/// How `exec:` seats are run.
#[derive(Debug, Clone)]
pub struct AgentOptions {
    /// How long an agent may take over one answer.
    pub timeout: Duration,
    /// Where the agents' stderr (and Brink's complaints about their answers) go: None for
    /// Brink's own stderr; else `agent-SIDE.log` in this folder (appended to), for when the
    /// terminal belongs to the TUI.
    pub log_dir: Option<PathBuf>,
}

/// The default `--agent-timeout`: long enough for a language model's answer.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

impl Default for AgentOptions {
    fn default() -> Self {
        AgentOptions {
            timeout: DEFAULT_TIMEOUT,
            log_dir: None,
        }
    }
}

/// The prefix of a spec that seats a program: `exec:COMMAND`.
pub const EXEC: &str = "exec:";

/// The command of an `exec:` spec, if it is one.
pub fn exec_command(spec: &str) -> Option<&str> {
    spec.strip_prefix(EXEC)
}

/// Checks a spec without starting anything: a persona spec as `ai::make_policy` reads it, or an
/// `exec:` command that splits into words.
pub fn check_spec(db: &ContentDb, spec: &str, side: SideId) -> Result<(), String> {
    match exec_command(spec) {
        Some(cmd) => command::split(cmd).map(|_| ()),
        None => ai::make_policy(db, spec, side).map(|_| ()),
    }
}

/// Builds the player a spec names: a persona, or (`exec:…`) an agent program standing in for
/// `persona` when its answers are refused.
pub fn make_seat(
    db: &ContentDb,
    spec: &str,
    persona: &str,
    side: SideId,
    opts: &AgentOptions,
) -> Result<Box<dyn Policy>, String> {
    match exec_command(spec) {
        Some(cmd) => Ok(Box::new(AgentSeat::start(db, cmd, persona, side, opts)?)),
        None => ai::make_policy(db, spec, side),
    }
}

/// Where complaints about an agent's answers are written.
#[derive(Clone)]
enum Complaints {
    Stderr,
    File(Arc<Mutex<std::fs::File>>),
}

impl Complaints {
    fn say(&self, line: &str) {
        match self {
            Complaints::Stderr => eprintln!("{line}"),
            Complaints::File(f) => {
                if let Ok(mut f) = f.lock() {
                    let _ = writeln!(f, "{line}");
                }
            }
        }
    }
}

pub struct AgentSeat {
    process: AgentProcess,
    side: SideId,
    /// Plays the decisions whose answers are refused.
    fallback: Box<dyn Policy>,
    fallback_name: String,
    timeout: Duration,
    /// The number of the next decision (echoed in answers, so a late answer is recognised).
    next_id: u64,
    /// Why the last answer was refused, for the next request's `error`.
    refused: Option<String>,
    reason: Option<String>,
    failure: Option<String>,
    complaints: Complaints,
    /// Decisions played by the persona because the answer was refused.
    fallbacks: u32,
    /// Writes the decision messages, keeping its buffers and the decks' parts between them.
    writer: protocol::Writer,
}

impl AgentSeat {
    /// Starts the program `cmd` for `side`, with `persona` (a spec) as its stand-in.
    pub fn start(
        db: &ContentDb,
        cmd: &str,
        persona: &str,
        side: SideId,
        opts: &AgentOptions,
    ) -> Result<AgentSeat, String> {
        let words = command::split(cmd).map_err(|e| format!("exec:{cmd}: {e}"))?;
        let fallback = ai::make_policy(db, persona, side)?;
        let (stderr, complaints) = match &opts.log_dir {
            None => (Stdio::inherit(), Complaints::Stderr),
            Some(dir) => {
                let path = dir.join(format!("agent-{}.log", side.id()));
                let _ = std::fs::create_dir_all(dir);
                let f = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&path)
                    .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
                let copy = f
                    .try_clone()
                    .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
                (Stdio::from(copy), Complaints::File(Arc::new(Mutex::new(f))))
            }
        };
        let process = AgentProcess::spawn(cmd, &words, stderr)?;
        Ok(AgentSeat {
            process,
            side,
            fallback,
            fallback_name: persona.to_string(),
            timeout: opts.timeout,
            next_id: 1,
            refused: None,
            reason: None,
            failure: None,
            complaints,
            fallbacks: 0,
            writer: protocol::Writer::default(),
        })
    }

    /// Asks the agent; an error is why its answer was refused (`Ok(Err)`), or that it is gone
    /// (`Err`).
    fn ask(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        d: Decision,
    ) -> Result<Result<protocol::Answer, String>, String> {
        let id = self.next_id;
        self.next_id += 1;
        let refused = self.refused.take();
        let Some(line) = self.writer.request(db, s, d, id, refused.as_deref()) else {
            return Ok(Err(format!("the game does not ask {d} now")));
        };
        if let Err(e) = self.process.send(line) {
            return Err(gone(e));
        }
        let deadline = Instant::now() + self.timeout;
        loop {
            match self.process.receive(deadline) {
                Ok(answer) => match protocol::read_answer(db, s, d, id, &answer) {
                    Ok(Some(a)) => return Ok(Ok(a)),
                    // A late answer to an earlier decision: keep waiting for this one's.
                    Ok(None) => continue,
                    Err(why) => return Ok(Err(why)),
                },
                Err(NoAnswer::Late) => {
                    return Ok(Err(format!(
                        "no answer within {} (--agent-timeout)",
                        seconds(self.timeout)
                    )));
                }
                Err(NoAnswer::Unreadable(why)) => return Ok(Err(why)),
                Err(e @ NoAnswer::Gone(_)) => return Err(gone(e)),
            }
        }
    }

    /// Runs one decision: the agent's answer if it is good, else the persona's.
    fn decide_now(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        d: Decision,
        rng: &mut ChaCha8Rng,
    ) -> Input {
        self.reason = None;
        let why = if self.failure.is_some() {
            None
        } else {
            match self.ask(db, s, d) {
                Ok(Ok(answer)) => {
                    self.reason = answer.rationale;
                    return answer.input;
                }
                Ok(Err(why)) => Some(why),
                Err(how) => {
                    self.complain(s, d, &format!("{how}; the game ends here"));
                    self.failure = Some(format!(
                        "the agent for {} (`{}`) {how}",
                        self.side.with_article(),
                        self.process.command
                    ));
                    None
                }
            }
        };
        let input = self.fallback.decide(db, s, d, rng);
        let persona_reason = self.fallback.reason();
        if let Some(why) = why {
            self.fallbacks += 1;
            self.complain(
                s,
                d,
                &format!(
                    "{why}; {} plays {}'s move instead",
                    self.side.label(),
                    self.fallback_name
                ),
            );
            self.reason = Some(format!(
                "[agent's answer refused: {why}; {}'s move instead]{}",
                self.fallback_name,
                persona_reason.map(|r| format!(" {r}")).unwrap_or_default()
            ));
            self.refused = Some(why);
        } else {
            self.reason = Some(format!(
                "[agent gone; {}'s move]{}",
                self.fallback_name,
                persona_reason.map(|r| format!(" {r}")).unwrap_or_default()
            ));
        }
        input
    }

    fn complain(&self, s: &GameState, d: Decision, what: &str) {
        let decision = match d {
            Decision::Plan { .. } => "plan".to_string(),
            Decision::Answer { offer, .. } => format!("answer to offer {offer}"),
            Decision::CoSign { offer, .. } => format!("co-signing offer {offer}"),
            Decision::Brink { .. } => "choice at the brink".to_string(),
        };
        self.complaints.say(&format!(
            "brink: agent for {} (`{}`), turn {}, decision {} ({decision}): {what}",
            self.side.id(),
            self.process.command,
            s.turn,
            self.next_id - 1,
        ));
    }

    /// Tells the agent how the game ended and closes its input.
    pub fn finish(&mut self, db: &ContentDb, s: &GameState) {
        if self.failure.is_none() {
            let _ = self.process.send(&protocol::game_over(db, s, self.side));
        }
        self.process.finish();
    }
}

fn gone(e: NoAnswer) -> String {
    match e {
        NoAnswer::Gone(how) => how,
        NoAnswer::Late => "did not answer".into(),
        NoAnswer::Unreadable(why) => why,
    }
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

impl Policy for AgentSeat {
    fn decide(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        d: Decision,
        rng: &mut ChaCha8Rng,
    ) -> Input {
        debug_assert_eq!(d.side(), self.side);
        self.decide_now(db, s, d, rng)
    }

    fn plan(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        side: SideId,
        rng: &mut ChaCha8Rng,
    ) -> Vec<Move> {
        match self.decide_now(db, s, Decision::Plan { side }, rng) {
            Input::Plan { moves, .. } => moves,
            _ => Vec::new(),
        }
    }

    fn respond(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        side: SideId,
        offer: &Offer,
        rng: &mut ChaCha8Rng,
    ) -> Response {
        let d = match Decision::of_input(
            s,
            &Input::Respond {
                side,
                offer: offer.id,
                response: Response::Reject,
            },
        ) {
            Some(d) => d,
            None => return Response::Reject,
        };
        match self.decide_now(db, s, d, rng) {
            Input::Respond { response, .. } => response,
            _ => Response::Reject,
        }
    }

    fn crisis(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        side: SideId,
        rng: &mut ChaCha8Rng,
    ) -> CrisisChoice {
        match self.decide_now(db, s, Decision::Brink { side }, rng) {
            Input::Crisis { choice, .. } => choice,
            _ => CrisisChoice::BackDown,
        }
    }

    fn reason(&self) -> Option<String> {
        self.reason.clone()
    }

    fn failure(&self) -> Option<String> {
        self.failure.clone()
    }

    fn can_fail(&self) -> bool {
        true
    }

    fn game_over(&mut self, db: &ContentDb, s: &GameState) {
        self.finish(db, s);
    }

    fn fallbacks(&self) -> u32 {
        self.fallbacks
    }
}
