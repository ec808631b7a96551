//! Per-turn snapshots of the world: the charts, `replay --json` and the report read these.

use serde::{Deserialize, Serialize};

use crate::content::{ContentDb, Meter, PROGRAMME_FIELDS, ProgrammeField, SideId};

use super::ledger::{LogEntry, Outcome};
use super::state::{Estimate, GameState};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideSnap {
    pub pc: i32,
    pub support: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub turn: u16,
    pub date: String,
    pub meters: [f32; 6],
    pub trust: [[f32; 5]; 5],
    pub programme: [f32; PROGRAMME_FIELDS],
    pub estimate: Estimate,
    /// Bit f: facility f ran this turn; bit f of `stopped`: a provision in force stopped it
    /// (frozen or taken apart).
    #[serde(default)]
    pub running: u16,
    #[serde(default)]
    pub stopped: u16,
    /// Bit f: the other sides know of facility f (declared, known from the start, or placed
    /// since by an exposé or a detected expansion).
    #[serde(default)]
    pub known: u16,
    pub sides: [Option<SideSnap>; 5],
    /// Ids of events and incidents this turn.
    pub events: Vec<String>,
    /// Ids of cards each side played this turn (covert ones included: filter by viewer).
    pub moves: [Vec<String>; 5],
    pub covert: [Vec<String>; 5],
    pub agreements_in_force: usize,
    pub outcome: Option<Outcome>,
}

impl Snapshot {
    /// The state now, plus this turn's events and moves read back from the log.
    pub fn take(db: &ContentDb, s: &GameState, log: &[LogEntry]) -> Snapshot {
        let since = log
            .iter()
            .rposition(|e| matches!(e, LogEntry::TurnStart { .. }))
            .unwrap_or(log.len());
        let mut events = Vec::new();
        let mut moves: [Vec<String>; 5] = Default::default();
        let mut covert: [Vec<String>; 5] = Default::default();
        for e in log.get(since..).unwrap_or(&[]) {
            match e {
                LogEntry::Event { event, .. }
                | LogEntry::Incident { event }
                | LogEntry::Injected { event } => {
                    events.push(db.events[*event as usize].id.clone())
                }
                LogEntry::Move {
                    side, card, secret, ..
                } => {
                    let id = db.cards[*card as usize].id.clone();
                    if *secret {
                        covert[side.index()].push(id);
                    } else {
                        moves[side.index()].push(id);
                    }
                }
                _ => {}
            }
        }
        Self::of_state(db, s, events, moves, covert)
    }

    pub fn of_state(
        db: &ContentDb,
        s: &GameState,
        events: Vec<String>,
        moves: [Vec<String>; 5],
        covert: [Vec<String>; 5],
    ) -> Snapshot {
        let mut sides: [Option<SideSnap>; 5] = Default::default();
        for side in SideId::ALL {
            if s.seated(side) {
                let st = s.sides[side.index()];
                sides[side.index()] = Some(SideSnap {
                    pc: st.pc,
                    support: s.support(side),
                });
            }
        }
        Snapshot {
            turn: s.turn,
            date: s.date_of(db, s.turn.max(1)),
            meters: s.meters(),
            trust: s.trust_matrix(),
            programme: s.programme(),
            estimate: s.estimate,
            running: s.sites.running,
            known: s.sites.known,
            stopped: s.sites.frozen | s.sites.dismantled,
            sides,
            events,
            moves,
            covert,
            agreements_in_force: s
                .agreements()
                .iter()
                .filter(|a| a.status == super::state::AgreementStatus::InForce)
                .count(),
            outcome: s.outcome,
        }
    }

    pub fn tension(&self) -> f32 {
        self.meters[Meter::Tension.index()]
    }
    pub fn trust(&self, a: SideId, b: SideId) -> f32 {
        self.trust[a.index()][b.index()]
    }
    /// The alliance's cohesion that turn, as `GameState::alliance_cohesion` reckons it.
    pub fn alliance_cohesion(&self) -> f32 {
        super::state::alliance_cohesion(
            |x| self.sides[x.index()].is_some(),
            |a, b| self.trust(a, b),
        )
    }
    pub fn prog(&self, f: ProgrammeField) -> f32 {
        self.programme[f.index()]
    }
}
