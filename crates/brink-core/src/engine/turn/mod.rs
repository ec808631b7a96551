//! The turn (design §4) and the escalation engine (design §5).
//!
//! The fixed order of resolution, so that the same seed and inputs always give the same game:
//!
//! 1. **Start of turn**: calendar, political-capital income, scheduled events, the event draw.
//! 2. **Planning**: every seated side submits its moves (secret, simultaneous).
//! 3. **Responses**: offers are answered (accept / reject / counter; counters answered in a
//!    second round).
//! 4. **Resolution**, side by side in the order US, DPRK, ROK, China, Japan, each side's moves in
//!    the order it listed them: costs paid; unilateral and covert effects; every signal turned
//!    into tension (credibility-discounted if cooperative, spiral-amplified if hostile); then the
//!    offers in the order made, with their answers; then reciprocity between every pair; then
//!    covert detection rolls; then agreement violations and snapback; then compliance: every
//!    side an agreement obliges keeps or breaks what it costs, by what keeping is worth to it.
//! 5. **Dynamics**: provisions kept, lagged and ramped effects, tension drift, trust decay,
//!    sanctions erosion, the economy, readiness, programme growth, support drift, the public
//!    estimate, and the incident roll.
//! 6. **The brink**: at or above the Brink rung, the US and the DPRK each stand firm or back down;
//!    if both stand firm, war is rolled.
//! 7. **End check**: war, an agreement that ends the scenario, or the turn limit.

use std::ops::ControlFlow;

use rand::RngExt;

use crate::content::check::{SUPPORT_AT, TRUST_AT};
use crate::content::draw::DrawTable;
use crate::content::{
    CardIx, CompiledDraw, CompiledPackage, CompiledSignal, ContentDb, EventIx, FastSignals, Meter,
    MoveKind, ProgrammeField, ProvIx, Rules, SideId, Toward,
};

use super::effects::{Apply, apply_card_effects, apply_effects, apply_resolved, change, change_pc};
use super::ledger::{AnswerKind, Cause, CrisisChoice, LogEntry, MeterRef, Outcome, RollKind, Sink};
use super::maths::{logistic, logistic_ceiling, round_i32};
use super::moves::{Input, Response, RuleError, check_package, check_plan, phase_name, target_of};
use super::state::{Agreement, AgreementKind, AgreementStatus, CovertOp, GameState, Offer, Phase};
use super::view::View;

mod brink;
mod compliance;
mod dynamics;
mod end;
mod events;
mod facilitator;
mod factions;
mod intake;
mod offers;
mod phases;
mod preview;
pub(crate) mod programme;
mod resolution;
mod signals;
mod start;

use brink::*;
use compliance::*;
pub use dynamics::project_programme;
use dynamics::*;
pub use end::classify;
use end::*;
use events::*;
pub use events::{draw_weights, event_weight};
pub use facilitator::{inject_event, override_meter};
use factions::*;
pub use intake::*;
pub use offers::talks_short;
use offers::*;
use phases::*;
pub use phases::{progress, verified_steps};
pub use preview::play_alone;
use resolution::*;
use signals::*;
use start::*;

/// Begins turn 1. Call once on a fresh state.
pub fn start<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
    if s.turn == 0 {
        begin_turn(db, s, sink, 1);
    }
}

#[cfg(test)]
mod tests;
