//! Brink's core: the rules of the game and everything they need, with no terminal, file system
//! or clock.
//!
//! - [`content`]: the RON decks, their loader and validator, and the immutable `ContentDb`.
//! - [`engine`]: the pure rules (state, moves, escalation, agreements, ledger, scoring).
//! - [`ai`]: the computer players (random play, data-driven personas, the search opponent).
#![forbid(unsafe_code)]

pub mod ai;
pub mod content;
pub mod engine;
