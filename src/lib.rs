//! Brink: a terminal wargame and tabletop exercise about nuclear diplomacy on the Korean
//! peninsula.
//!
//! The rules live in the `brink-core` crate and are re-exported here, so `brink::engine` and
//! `crate::engine` name the same module:
//! - [`content`]: the RON decks, their loader and validator, and the immutable `ContentDb`.
//! - [`engine`]: the pure rules (state, moves, escalation, agreements, ledger, scoring).
//! - [`ai`]: the computer players.
//!
//! On top of them this crate has the drivers: batch runs, records, saves, reports and the TUI,
//! and [`formats`], what the command line's JSON says about itself (docs/formats.md).
#![forbid(unsafe_code)]

pub use brink_core::{ai, content, engine};

pub mod agent;
pub mod formats;
pub mod offers;
pub mod output;
pub mod plain;
pub mod record;
pub mod report;
pub mod save;
pub mod sim;
pub mod tui;
