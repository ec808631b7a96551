//! Computer seats think off the UI thread, so the screen keeps drawing and reading keys while a
//! hard opponent searches.
//!
//! One decision at a time: when a computer seat is due, `next_job` hands a worker thread an owned
//! copy of everything the policy needs — the game state, the content (an `Arc`), the seat's
//! policy object (moved out of the session, which keeps a copy if the policy carries anything
//! between decisions: `Policy::fork`) and a clone of the session's computer RNG — and
//! records the job with the current *generation*. The worker sends back the input, the policy's
//! reason, the policy and the RNG as they are after deciding. An answer of the current
//! generation is submitted exactly as the synchronous loop did (same fallback when the engine
//! refuses it) and its RNG replaces the session's; then the next seat is asked. Decisions are
//! never run side by side because they share one RNG stream: taking them one after another, in
//! the old order, is what keeps a seeded game's record what it was.
//!
//! Cancelling (undo, inject, override, pause, resume, load, a new game, the title, quitting)
//! bumps the generation. The worker is not stopped — the policies cannot be interrupted — but
//! its answer is dropped when it comes, and since it only ever advanced a *clone* of the RNG the
//! session's stream is untouched (so is a search's kept tree: the session kept its copy).
//! Nothing ever joins a worker, so quitting never waits on one.
//!
//! A panic in a policy is caught in the worker and comes back as an error: the side passes that
//! decision (as `ai::drive` does for an illegal proposal) and the status line says what failed.
//! The terminal's panic hook leaves worker panics alone (see `is_worker`), so the screen stays
//! up.

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, PanicHookInfo};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rand_chacha::ChaCha8Rng;

use crate::ai::Policy;
use crate::content::{ContentDb, SideId};
use crate::engine::{Decision, GameState, Input};

use super::app::{App, Screen};
use super::seats;

/// The name of every worker thread (the panic hook tells them apart by it).
const WORKER: &str = "brink-ai";

/// Computer inputs in one run before the screens get a turn (as the synchronous loop had it):
/// a guard against a game of computers only running on without anyone watching.
const MAX_BATCH: usize = 64;

/// What a key that would change the game says while the computers choose.
pub const WAIT: &str = "The computer sides are still choosing; that waits until they have.";

/// The computer players' side of the app: the channel answers come back on and the job out.
pub struct Thinker {
    tx: Sender<Answer>,
    rx: Receiver<Answer>,
    /// Bumped by every cancellation; an answer tagged with an older one is stale.
    generation: u64,
    job: Option<Job>,
    /// Workers started whose answer has not been received yet (stale ones included).
    out: usize,
    /// Stale answers received and thrown away.
    dropped: usize,
    /// Computer inputs applied since the computers were last due.
    batch: usize,
    /// When they became due (the spinner turns on across their decisions).
    since: Instant,
    /// Test hook (`BRINK_CRASH_TEST=ai`): every worker panics.
    pub(crate) crash_test: bool,
}

impl Default for Thinker {
    fn default() -> Self {
        let (tx, rx) = mpsc::channel();
        Thinker {
            tx,
            rx,
            generation: 0,
            job: None,
            out: 0,
            dropped: 0,
            batch: 0,
            since: Instant::now(),
            crash_test: false,
        }
    }
}

/// The decision out with a worker.
struct Job {
    generation: u64,
    /// If its answer is refused or its policy fails, the side passes (`Game::apply_or_pass`).
    decision: Decision,
    /// None when the decision was taken on this thread (no thread could be started).
    handle: Option<JoinHandle<()>>,
}

/// Everything a policy needs, owned, so it can cross to the worker.
struct Task {
    db: Arc<ContentDb>,
    state: GameState,
    decision: Decision,
    policy: Box<dyn Policy>,
    rng: ChaCha8Rng,
    crash: bool,
}

/// A decision and the policy and RNG as they are after it.
struct Decided {
    input: Input,
    reason: Option<String>,
    policy: Box<dyn Policy>,
    rng: ChaCha8Rng,
}

struct Answer {
    generation: u64,
    /// The policy's decision, or what went wrong (a panic's message).
    result: Result<Decided, String>,
}

thread_local! {
    /// The panic hook's account of a worker panic (with its location), for the error line.
    static PANIC_NOTE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Whether this thread is a computer player's worker. The terminal's panic hook skips its
/// restore for these: the panic is caught in the worker and the game goes on on screen.
pub fn is_worker() -> bool {
    std::thread::current().name() == Some(WORKER)
}

/// Keeps a worker's panic message for its error answer (called by the terminal's panic hook
/// instead of printing over the game).
pub fn note_panic(info: &PanicHookInfo<'_>) {
    let p = info.payload();
    let msg = p
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| p.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("it panicked");
    let text = match info.location() {
        Some(at) => format!("{msg} (at {}:{})", at.file(), at.line()),
        None => msg.to_string(),
    };
    PANIC_NOTE.with(|n| *n.borrow_mut() = Some(text));
}

/// Runs one decision. Also what a worker thread runs.
fn think(task: Task) -> Result<Decided, String> {
    let Task {
        db,
        state,
        decision,
        mut policy,
        mut rng,
        crash,
    } = task;
    let run = std::panic::catch_unwind(AssertUnwindSafe(|| {
        if crash {
            panic!("BRINK_CRASH_TEST: a deliberate panic in a computer player");
        }
        let input = policy.decide(&db, &state, decision, &mut rng);
        (input, policy.reason())
    }));
    match run {
        Ok((input, reason)) => Ok(Decided {
            input,
            reason,
            policy,
            rng,
        }),
        Err(payload) => {
            let noted = PANIC_NOTE.with(|n| n.borrow_mut().take());
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned());
            Err(noted.or(msg).unwrap_or_else(|| "it panicked".to_string()))
        }
    }
}

impl App {
    /// Whether a computer side's decision is out with a worker now.
    pub fn ai_busy(&self) -> bool {
        self.thinker.job.is_some()
    }

    /// The side thinking, and how long the computers have been at it (the status line's
    /// indicator). None while paused.
    pub fn thinking(&self) -> Option<(SideId, Duration)> {
        if !self.ai_due || self.paused() {
            return None;
        }
        let since = self.thinker.since.elapsed();
        self.thinker
            .job
            .as_ref()
            .map(|j| (j.decision.side(), since))
    }

    /// Stale answers thrown away so far (tests check that they were).
    pub fn ai_dropped(&self) -> usize {
        self.thinker.dropped
    }

    /// Workers started whose answer has not been taken in yet, stale ones included.
    pub fn ai_outstanding(&self) -> usize {
        self.thinker.out
    }

    /// What the computers are thinking about may no longer hold: the job out (if any) is
    /// forgotten and its answer will be dropped. `ai_due` is left as it is: whoever cancels
    /// decides whether the computers go on (the next `pump_ai` then asks again, afresh).
    pub(crate) fn cancel_ai(&mut self) {
        self.thinker.generation += 1;
        if let Some(job) = self.thinker.job.take()
            && let Some(sess) = self.session.as_mut()
            && sess.policies[job.decision.side().index()].is_none()
        {
            // The worker took the seat's policy with it, and it kept no copy (`Policy::fork`):
            // such a policy carries nothing from one decision to the next, so a new one
            // decides as it would have.
            let side = job.decision.side();
            let seat = &sess.seats[side.index()];
            let scenario = &sess.game.scenario_id;
            sess.policies[side.index()] =
                seats::policy(&self.db, seat, side, scenario, &self.seating.agents).0;
        }
    }

    /// The computers are due: the batch starts with the first of them.
    pub(crate) fn start_ai(&mut self) {
        self.ai_due = true;
        self.thinker.batch = 0;
        self.thinker.since = Instant::now();
        self.next_job();
    }

    /// Takes in any answers that have come and starts the next decision if one is due. Never
    /// blocks: the terminal loop calls it before every frame.
    pub fn pump_ai(&mut self) {
        loop {
            match self.thinker.rx.try_recv() {
                Ok(ans) => self.take_answer(ans),
                Err(TryRecvError::Empty) => break,
                // The app holds a sender itself, so this cannot happen; nothing to take.
                Err(TryRecvError::Disconnected) => break,
            }
        }
        self.check_worker();
        self.next_job();
    }

    /// Waits up to `d` for the worker's answer and takes it in (the terminal loop waits here
    /// rather than on the keyboard while a computer thinks, so an answer is taken at once).
    pub fn wait_ai_for(&mut self, d: Duration) {
        if self.thinker.out == 0 {
            return;
        }
        if let Ok(ans) = self.thinker.rx.recv_timeout(d) {
            self.take_answer(ans);
        }
        self.pump_ai();
    }

    /// Plays every computer input that is due, waiting for each, then shows the next screen
    /// (as the synchronous loop did). Returns at once while paused. For `handle` and tests:
    /// the terminal loop never blocks on a worker.
    pub fn run_ai(&mut self) {
        loop {
            self.pump_ai();
            if !self.ai_due || self.paused() || self.thinker.job.is_none() {
                return;
            }
            match self.thinker.rx.recv_timeout(Duration::from_millis(50)) {
                Ok(ans) => self.take_answer(ans),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    }

    /// Waits until every worker ever started has answered (stale ones included) and takes the
    /// answers in, starting no new decision while paused. Tests use it so that "a stale answer
    /// is dropped" is something that happened, not a race that was not run.
    pub fn settle_ai(&mut self) {
        while self.thinker.out > 0 {
            match self.thinker.rx.recv_timeout(Duration::from_millis(50)) {
                Ok(ans) => self.take_answer(ans),
                Err(RecvTimeoutError::Timeout) => self.check_worker(),
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        self.pump_ai();
    }

    /// A worker that ended without answering (it cannot, short of a panic outside the catch)
    /// must not leave the game waiting for ever: its job fails like a panic.
    fn check_worker(&mut self) {
        let dead = self
            .thinker
            .job
            .as_ref()
            .and_then(|j| j.handle.as_ref())
            .is_some_and(|h| h.is_finished());
        if !dead {
            return;
        }
        // A finished worker's answer is already in the channel if it sent one.
        if let Ok(ans) = self.thinker.rx.try_recv() {
            self.take_answer(ans);
            return;
        }
        let generation = self.thinker.generation;
        self.take_answer(Answer {
            generation,
            result: Err("its worker stopped without an answer".into()),
        });
    }

    /// Hands the next due decision to a worker, or ends the batch and shows what comes next.
    /// Does nothing while paused or while a decision is out.
    pub(crate) fn next_job(&mut self) {
        if !self.ai_due || self.thinker.job.is_some() || self.paused() || self.quit {
            return;
        }
        let task = if self.thinker.batch < MAX_BATCH {
            self.task()
        } else {
            None
        };
        let Some(mut task) = task else {
            return self.finish_batch();
        };
        task.crash = self.thinker.crash_test;
        let generation = self.thinker.generation;
        let decision = task.decision;
        let tx = self.thinker.tx.clone();
        let spawned = std::thread::Builder::new()
            .name(WORKER.into())
            .spawn(move || {
                let result = think(task);
                // The app may be gone (quitting): then nobody wants the answer.
                let _ = tx.send(Answer { generation, result });
            });
        let handle = match spawned {
            Ok(h) => Some(h),
            Err(_) => {
                // No thread to be had: decide here, as before, with the screen waiting. The
                // task went with the failed spawn, so it is built again (a fresh policy).
                if let Some(task) = self.task() {
                    let result = think(task);
                    let _ = self.thinker.tx.send(Answer { generation, result });
                }
                None
            }
        };
        self.thinker.out += 1;
        self.thinker.job = Some(Job {
            generation,
            decision,
            handle,
        });
    }

    /// The next computer decision, with the seat's policy taken out of the session.
    fn task(&mut self) -> Option<Task> {
        let db = self.db.clone();
        let sess = self.session.as_mut()?;
        let decision = sess
            .game
            .pending()
            .find(|d| !sess.seats[d.side().index()].is_human())?;
        let side = decision.side();
        let policy = match sess.policies[side.index()].take() {
            Some(p) => p,
            None => {
                let seat = &sess.seats[side.index()];
                let scenario = &sess.game.scenario_id;
                seats::policy(&db, seat, side, scenario, &self.seating.agents).0?
            }
        };
        // A policy that carries something between decisions (the search's kept tree) leaves a
        // copy as it stands: if the answer is dropped, the decision is asked again of the same
        // player, and the game goes on as if nobody had paused.
        sess.policies[side.index()] = policy.fork();
        Some(Task {
            state: sess.game.state.clone(),
            db,
            decision,
            policy,
            rng: sess.ai_rng.clone(),
            crash: false,
        })
    }

    /// An answer from a worker: applied if it is the current job's, dropped if stale.
    fn take_answer(&mut self, ans: Answer) {
        self.thinker.out = self.thinker.out.saturating_sub(1);
        let current = ans.generation == self.thinker.generation
            && self
                .thinker
                .job
                .as_ref()
                .is_some_and(|j| j.generation == ans.generation);
        if !current {
            self.thinker.dropped += 1;
            return;
        }
        let Some(job) = self.thinker.job.take() else {
            return;
        };
        let db = self.db.clone();
        let Some(sess) = self.session.as_mut() else {
            return;
        };
        let side = job.decision.side();
        let (input, reason) = match ans.result {
            Ok(d) => {
                if let Some(why) = d.policy.failure() {
                    self.agent_failure = Some(why);
                }
                sess.policies[side.index()] = Some(d.policy);
                sess.ai_rng = d.rng;
                if self.ai_error.as_ref().is_some_and(|(s, _)| *s == side) {
                    self.ai_error = None;
                }
                (Some(d.input), d.reason)
            }
            Err(msg) => {
                // A policy that panicked may be half-changed: a fresh one for the next time.
                // The RNG stays as it was before the failed decision.
                let scenario = &sess.game.scenario_id;
                sess.policies[side.index()] = seats::policy(
                    &db,
                    &sess.seats[side.index()],
                    side,
                    scenario,
                    &self.seating.agents,
                )
                .0;
                self.ai_error = Some((
                    side,
                    format!(
                        "The computer player for {side} failed and passed this decision: {}",
                        msg.lines().collect::<Vec<_>>().join(" ")
                    ),
                ));
                (None, None)
            }
        };
        // Same path and fallback as every driver: a confused persona passes rather than hangs.
        let ok = sess
            .game
            .apply_or_pass(&db, job.decision, input, reason)
            .is_ok();
        self.thinker.batch += 1;
        if ok {
            self.next_job();
        } else {
            self.finish_batch();
        }
    }

    /// The computers are done (or the batch is full): show the next screen. With the console
    /// open, the next screen waits behind it, so the facilitator is not thrown out mid-inject.
    fn finish_batch(&mut self) {
        self.ai_due = false;
        self.thinker.batch = 0;
        self.forget_previews();
        if let Screen::Console(ui) = &self.screen {
            let mut ui = ui.clone();
            self.screen = (*ui.back).clone();
            self.route();
            ui.back = Box::new(self.screen.clone());
            self.screen = Screen::Console(ui);
        } else {
            self.route();
        }
    }
}
