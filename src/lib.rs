//! Brink: a terminal wargame and tabletop exercise about nuclear diplomacy on the Korean
//! peninsula.
//!
//! - [`content`]: the RON decks, their loader and validator, and the immutable `ContentDb`.
//! - [`engine`]: the pure rules (state, moves, escalation, agreements, ledger, scoring).
#![forbid(unsafe_code)]

pub mod ai;
pub mod content;
pub mod engine;
pub mod record;
pub mod report;
pub mod save;
pub mod sim;
pub mod tui;
