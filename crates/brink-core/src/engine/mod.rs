//! The rules of Brink, pure: state in, inputs in, seeded RNG in → new state, log and ledger out.
//! Nothing here knows about terminals, files or clocks.
//!
//! - `state`: the world (design §3).
//! - `decision`: whose turn it is — the decisions pending, their legal options by id, and the
//!   one function that applies a choice (with the one fallback, the pass).
//! - `moves`: moves, answers, crisis choices, and their legality.
//! - `turn`: the turn and the escalation engine (design §4–§5), in a fixed documented order.
//! - `effects`: conditions and effects; the only place numbers change, itemised in the ledger.
//! - `ledger`: causes, the log, and the `Sink` the engine writes them to.
//! - `observe`: what each side may see; sampling the hidden rest for the search opponent.
//! - `score`: objectives and scores (design §7).
//! - `draws`: whole numbers from the game's generator in line, as `rand` draws them.
//! - `history`: per-turn snapshots; `text`: plain-English sentences for all of the above.
//! - `game`: a state with its journal and inputs, for drivers that keep history.

pub mod deals;
pub mod decision;
pub mod draws;
pub mod effects;
pub mod game;
pub mod history;
pub mod ledger;
pub mod maths;
pub mod minds;
pub mod moves;
pub mod observe;
pub mod score;
pub mod state;
pub mod text;
pub mod turn;
pub mod view;

/// The revision of the rules: raised whenever the same decks, seed and inputs would give another
/// game (a rule, the order of the rolls, how a draw is made). A game record names the revision it
/// was played under, and a build of another revision refuses to replay it rather than fail
/// half-way through on an input that no longer fits (the decks are checked by their own hash).
/// Revision 1: the model's second version with the event draw by proposals (2026-12-06).
/// Revision 2: the month's incident roll is drawn before the incident table is asked (a month
/// with no incident possible now draws it too), and the curves' `exp` is the engine's own
/// (`maths::exp`, within 4e-7 of libm's): the same chances, other numbers (2026-12-06).
/// Revision 3: the month a long crisis wears minds down is logged (`LogEntry::WornDown`).
/// Revision 4: a statement agreed in principle has every side the package binds as a party
/// (they agreed to co-sign), and talks are under way whenever the DPRK is one of them.
/// Revision 5: a side that breaks a signed freeze ends its pledges in principle to freeze the
/// same plants (`Agreement::pledge_lapsed`); a new pledge after that is a statement of its own.
/// Revision 6: the lapse is logged (`LogEntry::PledgeLapsed`).
/// Revision 7: a plant whose estimates disagree (`ScenarioSite::range`) runs at a true rate
/// drawn at the start from the game seed's second ChaCha stream.
pub const RULES_REVISION: u32 = 7;

pub use decision::{Applied, Choice, Decision, DecisionError, Options, apply, apply_or_pass};
pub use game::{Game, Recorded};
pub use history::Snapshot;
pub use ledger::{
    Cause, CrisisChoice, Journal, LedgerEntry, LogEntry, MeterRef, NoSink, Outcome, Sink,
};
pub use moves::{Input, Move, Response, RuleError, legal_moves};
pub use observe::{Observation, determinize, observe};
pub use score::{objective_results, score};
pub use state::{GameState, Phase};
