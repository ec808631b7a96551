//! Any program can play: the JSON-lines agent protocol (docs/protocol.md).
//!
//! `brink sim --policy dprk=exec:'python3 my_agent.py'` (and the same in `brink play`) seats an
//! outside program. At each decision of its side Brink writes it one line — the protocol
//! version, the side, the decision, what the side may see, a plain-text briefing and the legal
//! options — and reads back one line: the choice, by ids, and an optional rationale that goes
//! into the record. A bad answer (not JSON, not legal, too late) gets an error line on stderr
//! and the seat plays its persona's move for that decision; an agent that dies ends the game.
//!
//! - `command`: the agent's command line, split as a shell would, without a shell.
//! - `process`: the child process and its line I/O with a deadline.
//!
//! This lives in the `brink` crate, not the core: processes, pipes and clocks are not rules.

pub mod command;
pub mod process;
pub mod protocol;
pub mod seat;

pub use seat::{AgentOptions, AgentSeat, check_spec, exec_command, make_seat};
