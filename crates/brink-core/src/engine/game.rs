//! `Game`: a state plus everything said about it — the inputs (with rationales), the log, the
//! ledger and the per-turn snapshots. This is what the TUI, the CLI and records drive; the bare
//! `GameState` with a `NoSink` is what the simulator and the search opponents drive.

use crate::content::{ClassLength, ContentDb, SideId};

use super::decision::{self, Applied, Decision, DecisionError, Pending};
use super::history::Snapshot;
use super::ledger::Journal;
use super::moves::{Input, RuleError};
use super::state::GameState;
use super::turn;

/// One input as recorded, with the rationale its side gave.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Recorded {
    /// The turn during which it was given.
    pub turn: u16,
    pub input: Input,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Game {
    pub state: GameState,
    pub journal: Journal,
    pub inputs: Vec<Recorded>,
    pub scenario_id: String,
    /// The class length it is played at (None: the scenario's whole game). Its months per turn
    /// and its turns are the state's (`turn_months`, `turns`): the game ends after its last turn.
    pub class: Option<ClassLength>,
}

impl Game {
    /// A new game, started: turn 1's events have been drawn and planning is open.
    pub fn new(db: &ContentDb, scenario: &str, seed: u64) -> Option<Game> {
        Game::new_class(db, scenario, seed, None)
    }

    /// `new`, at a class length (its turns of several months, if it has them).
    pub fn new_class(
        db: &ContentDb,
        scenario: &str,
        seed: u64,
        class: Option<ClassLength>,
    ) -> Option<Game> {
        let mut state = GameState::new_unstarted(db, scenario, seed)?;
        if let Some(c) = class {
            state.set_class(db, c);
        }
        let mut journal = Journal::default();
        journal.snapshots.push(Snapshot::of_state(
            db,
            &state,
            Vec::new(),
            Default::default(),
            Default::default(),
        ));
        turn::start(db, &mut state, &mut journal);
        Some(Game {
            state,
            journal,
            inputs: Vec::new(),
            scenario_id: scenario.to_string(),
            class,
        })
    }

    /// The decisions the game waits for now (`GameState::pending`).
    pub fn pending(&self) -> Pending<'_> {
        self.state.pending()
    }

    /// Applies `input` as the answer to decision `d` (`decision::apply`) and records it with
    /// its rationale; on error nothing changes.
    pub fn apply(
        &mut self,
        db: &ContentDb,
        d: Decision,
        input: Input,
        rationale: Option<String>,
    ) -> Result<(), DecisionError> {
        let turn = self.state.turn;
        let kept = input.clone();
        decision::apply(db, &mut self.state, d, input, &mut self.journal)?;
        self.record(turn, kept, rationale);
        Ok(())
    }

    /// `apply`, and the decision's pass if the rules refuse `input` (or there is none): the
    /// fallback for a seat whose answer is refused, late or missing (`decision::apply_or_pass`).
    /// The pass is recorded with no rationale. Err only if `d` is not open (nothing changes).
    pub fn apply_or_pass(
        &mut self,
        db: &ContentDb,
        d: Decision,
        input: Option<Input>,
        rationale: Option<String>,
    ) -> Result<Applied, DecisionError> {
        let turn = self.state.turn;
        let kept = input.clone();
        let applied = decision::apply_or_pass(db, &mut self.state, d, input, &mut self.journal)?;
        match (&applied, kept) {
            (Applied::Chosen, Some(input)) => self.record(turn, input, rationale),
            _ => self.record(turn, d.pass(), None),
        }
        Ok(applied)
    }

    fn record(&mut self, turn: u16, input: Input, rationale: Option<String>) {
        let rationale = rationale.filter(|r| !r.trim().is_empty());
        self.inputs.push(Recorded {
            turn,
            input,
            rationale,
        });
    }

    /// Feeds one input: a side's (through `decision::apply`, as the answer to the decision it
    /// answers) or the facilitator's. On error nothing changes.
    pub fn submit(
        &mut self,
        db: &ContentDb,
        input: Input,
        rationale: Option<String>,
    ) -> Result<(), DecisionError> {
        let turn = self.state.turn;
        match Decision::of_input(&self.state, &input) {
            Some(d) => {
                let kept = input.clone();
                decision::apply(db, &mut self.state, d, input, &mut self.journal)?;
                self.record(turn, kept, rationale);
            }
            None => {
                turn::submit(db, &mut self.state, &input, &mut self.journal)?;
                self.record(turn, input, rationale);
            }
        }
        Ok(())
    }

    /// Rebuilds a game from its seed and inputs (records, undo). Stops at the first refused input.
    pub fn replay(
        db: &ContentDb,
        scenario: &str,
        seed: u64,
        inputs: &[Recorded],
    ) -> Result<Game, (usize, DecisionError)> {
        Game::replay_class(db, scenario, seed, None, inputs)
    }

    /// `replay`, at a class length.
    pub fn replay_class(
        db: &ContentDb,
        scenario: &str,
        seed: u64,
        class: Option<ClassLength>,
        inputs: &[Recorded],
    ) -> Result<Game, (usize, DecisionError)> {
        let mut g =
            Game::new_class(db, scenario, seed, class).ok_or((0, RuleError::GameOver.into()))?;
        for (i, r) in inputs.iter().enumerate() {
            g.submit(db, r.input.clone(), r.rationale.clone())
                .map_err(|e| (i, e))?;
        }
        Ok(g)
    }

    /// Takes back the current turn's inputs, or, if there are none yet, the previous turn's.
    /// The game is rebuilt by replaying what is kept, so the RNG is exactly as it was.
    pub fn undo_turn(&self, db: &ContentDb) -> Option<Game> {
        let now = self.state.turn;
        let back_to = if self.inputs.iter().any(|r| r.turn == now) {
            now
        } else {
            now.checked_sub(1).filter(|t| *t >= 1)?
        };
        let kept: Vec<Recorded> = self
            .inputs
            .iter()
            .filter(|r| r.turn < back_to)
            .cloned()
            .collect();
        Game::replay_class(db, &self.scenario_id, self.state.seed, self.class, &kept).ok()
    }

    pub fn snapshots(&self) -> &[Snapshot] {
        &self.journal.snapshots
    }

    /// The sides whose input the game waits for now, each once.
    pub fn awaiting(&self) -> Vec<SideId> {
        self.state.awaiting()
    }
}
