//! The ledger and the log: every meter change with its cause, and every input and roll.
//!
//! The engine writes both through a `Sink`. A `Journal` keeps everything (the TUI, records,
//! reports); `NoSink` drops everything (search rollouts and batch simulation), so the hot path
//! pays nothing for the explanations it does not need.

use serde::{Deserialize, Serialize};

use crate::content::{CardIx, ContentDb, EventIx, Meter, ProgrammeField, ProvIx, SideId};

use super::history::Snapshot;
use super::state::GameState;

/// Which number moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MeterRef {
    Meter(Meter),
    /// trust[from][to]
    Trust(SideId, SideId),
    Support(SideId),
    Pc(SideId),
    Programme(ProgrammeField),
}

/// Why it moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cause {
    /// A card's own listed effect.
    Card {
        side: SideId,
        card: CardIx,
    },
    /// The tension a card's signal carries (design §5: −signal × w, credibility-discounted).
    Signal {
        side: SideId,
        card: CardIx,
    },
    /// The extra bite of a hostile signal at high tension.
    Spiral {
        side: SideId,
        card: CardIx,
    },
    /// An offer was rejected.
    Rejection {
        side: SideId,
        card: CardIx,
    },
    /// Both sides cooperated this turn.
    Reciprocity {
        a: SideId,
        b: SideId,
    },
    /// `victim` cooperated while `by` was hostile.
    Sucker {
        victim: SideId,
        by: SideId,
    },
    /// Both sides were hostile to each other this turn.
    MutualHostility {
        a: SideId,
        b: SideId,
    },
    /// Tension drifting toward the scenario's baseline.
    Drift,
    /// Trust fading without reinforcement.
    TrustDecay,
    /// Sanctions pressure eroding under weak enforcement.
    Erosion,
    /// Sanctions biting on (or relief lifting) the DPRK economy.
    SanctionsBite,
    /// Readiness wearing down while exercises are suspended, or recovering.
    Exercises,
    /// The DPRK programme growing while nothing stops it.
    Growth,
    /// A programme facility at work (`decks/programme.ron`, by index).
    Facility(u8),
    /// Warheads assembled from the fissile stock.
    Assembly,
    /// Domestic support settling back toward the middle.
    SupportDrift,
    /// The turn's political-capital income, or spending.
    Budget,
    Event(EventIx),
    Incident(EventIx),
    /// An agreement was signed.
    Signing {
        agreement: u16,
        provision: ProvIx,
    },
    /// A provision's per-turn effect while the agreement is kept.
    Provision {
        agreement: u16,
        provision: ProvIx,
    },
    /// A step of a phased provision taken (design §10, "Phases").
    Step {
        agreement: u16,
        provision: ProvIx,
        step: u8,
    },
    /// Inspectors at work: verification rising toward their access.
    Inspections,
    /// A detected covert move.
    Detection {
        side: SideId,
        card: CardIx,
    },
    /// An agreement was broken by `side`.
    Violation {
        side: SideId,
        agreement: u16,
    },
    /// Sanctions snapping back after a violation.
    Snapback {
        agreement: u16,
    },
    BackDown(SideId),
    StandFirm,
    /// `side` misread `from`'s signal (design §10, "the chance that matters"): the tension it
    /// carried is what the misreading made of it.
    Misread {
        side: SideId,
        from: SideId,
        card: CardIx,
    },
    /// The facilitator's hand.
    Facilitator,
    /// A change whose cause the viewing side cannot see (another side's covert move).
    Hidden,
}

/// One itemised change.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub turn: u16,
    pub meter: MeterRef,
    pub delta: f32,
    /// The value after the change.
    pub after: f32,
    pub cause: Cause,
    /// Only this side may see the cause (covert moves).
    pub secret: Option<SideId>,
    /// The push intended, when the end of the meter's range took part of it (resisted near
    /// 0 or 100, or clamped): `delta` is what was left. Absent when the push landed whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pushed: Option<f32>,
}

/// What a chance roll was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RollKind {
    Event,
    Incident,
    Detection {
        side: SideId,
        card: CardIx,
    },
    War,
    /// Whether `side` breaks `provision` this turn; `keep` and `gain` (tenths of a point of
    /// worth) are what keeping it was worth to the side and what breaking it promised.
    Compliance {
        side: SideId,
        provision: ProvIx,
        keep: i16,
        gain: i16,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CrisisChoice {
    StandFirm,
    BackDown,
}

/// How a game ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Agreement,
    /// A statement (a deal that limits no part of the programme) is in force, and no agreement.
    Statement,
    Stalemate,
    Collapse,
    War,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::Agreement,
        Outcome::Statement,
        Outcome::Stalemate,
        Outcome::Collapse,
        Outcome::War,
    ];
    pub fn id(self) -> &'static str {
        match self {
            Outcome::Agreement => "agreement",
            Outcome::Statement => "statement",
            Outcome::Stalemate => "stalemate",
            Outcome::Collapse => "collapse",
            Outcome::War => "war",
        }
    }
}

/// The narrative log: what happened, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LogEntry {
    TurnStart {
        turn: u16,
        date: String,
    },
    Event {
        event: EventIx,
        scheduled: bool,
    },
    Incident {
        event: EventIx,
    },
    Injected {
        event: EventIx,
    },
    /// A move as it resolves (covert moves are logged with `secret`).
    Move {
        side: SideId,
        card: CardIx,
        target: Option<SideId>,
        secret: bool,
    },
    Offer {
        id: u16,
        from: SideId,
        to: SideId,
        card: CardIx,
        package: Vec<ProvIx>,
        /// For a counter-offer: the offer it answers.
        #[serde(default)]
        counter_of: Option<u16>,
        /// For a request to co-sign: the offer whose package would bind `to`.
        /// Left out when absent, so the logs of games without one serialise (and hash, see
        /// `record::log_hash`) exactly as they did before co-signing existed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cosign_of: Option<u16>,
    },
    Answer {
        id: u16,
        side: SideId,
        answer: AnswerKind,
        /// The answer to a request to co-sign (see `Offer::cosign_of`). Left out when false,
        /// as `cosign_of` above.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        cosign: bool,
    },
    Roll {
        kind: RollKind,
        chance: f32,
        roll: f32,
        hit: bool,
    },
    Detected {
        side: SideId,
        card: CardIx,
    },
    Signed {
        agreement: u16,
        parties: Vec<SideId>,
        provisions: Vec<ProvIx>,
    },
    /// An accepted package held a provision that needs more rounds of talks than the two sides
    /// have held (`Rules::talks_rounds`): it is agreed in principle, a statement that binds
    /// nothing (`agreement`: new, or the pair's earlier one, extended), to be signed later.
    InPrinciple {
        agreement: u16,
        new: bool,
        parties: Vec<SideId>,
        provisions: Vec<ProvIx>,
        /// Rounds held before this turn, and the most the package's provisions need.
        held: u8,
        needed: u8,
    },
    Violated {
        agreement: u16,
        side: SideId,
        provision: ProvIx,
        covert: bool,
    },
    /// The freeze agreement `agreement` pledged in principle lapsed: `side`, a party to it, broke
    /// a signed freeze of the same plants (`Agreement::pledge_lapsed`).
    PledgeLapsed {
        agreement: u16,
        side: SideId,
    },
    /// A step of a phased provision was taken (its effects follow in the ledger).
    StepTaken {
        agreement: u16,
        provision: ProvIx,
        step: u8,
    },
    /// A step taken earlier is now verified.
    StepVerified {
        agreement: u16,
        provision: ProvIx,
        step: u8,
    },
    /// A plant stands idle of its own accord (`ScenarioSite::outages`): its first month of an
    /// outage. Seen by all if the others know of the plant (no steam, no cooling water), else
    /// the DPRK's secret.
    Outage {
        facility: crate::content::FacIx,
        known: bool,
    },
    /// The inspection regime changed: inspectors invited (or their remit widened) or expelled.
    Inspectors {
        regime: crate::content::Regime,
    },
    /// Tension crossed into a new rung; `by` is the largest push this turn.
    Threshold {
        from_rung: u8,
        to_rung: u8,
        by: Option<Cause>,
    },
    CrisisBegins {
        tension: f32,
    },
    CrisisChoice {
        side: SideId,
        choice: CrisisChoice,
    },
    /// Every side at the brink stood firm, and war was not rolled: the crisis has not yet
    /// lasted the `needed` standoffs war takes (`Rules::war_standoffs`); this is the `months`th.
    Standoff {
        months: u8,
        needed: u8,
    },
    War,
    GameOver {
        outcome: Outcome,
    },
    /// A facilitator action, in its own words.
    Facilitator {
        text: String,
    },
    /// A side changed its mind: `persona` now sets its line, for `turns` turns (None: for good),
    /// because of `reason` (the scenario's words).
    Shift {
        side: SideId,
        persona: u16,
        turns: Option<u16>,
        reason: String,
    },
    /// The shift to `persona` ran its course: the side returns to its own line.
    ShiftEnds {
        side: SideId,
        persona: u16,
    },
    /// The crisis that just began is the game's `months`th month at the brink, and some
    /// persona's rules change its line from that month on, for the rest of the game (their
    /// `CrisesAtLeast(months)`): a long crisis has worn minds down. Logged once per count,
    /// right after its `CrisisBegins`; who is worn down depends on who plays each side, which
    /// the log's readers know (`minds::worn_down_by`).
    WornDown {
        months: u16,
    },
    /// A faction inside `side`'s government pulled back offer `offer` (the side's own, or its
    /// acceptance of it) or pushed it through against the side's answer, because `reason`.
    Faction {
        side: SideId,
        /// How the scenario names the faction: "the hawks (Bolton, Pence)".
        name: String,
        act: FactionAct,
        offer: u16,
        card: CardIx,
        reason: String,
    },
    /// `side` misread `from`'s signal of `card`, which it took for `read_as` (signal units; the
    /// sender meant `sent`), with chance `chance` at its trust in the sender.
    Misread {
        side: SideId,
        from: SideId,
        card: CardIx,
        sent: f32,
        read_as: f32,
        chance: f32,
    },
}

/// What a faction did to an offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FactionAct {
    /// It withdrew the side's own offer.
    PullsBackOffer,
    /// It reversed the side's acceptance of an offer made to it.
    PullsBackAcceptance,
    /// It accepted an offer the side had turned down.
    PushesThrough,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnswerKind {
    Accept,
    Reject,
    Counter,
}

/// Where the engine writes its explanations.
pub trait Sink {
    /// False for sinks that drop everything, so callers can skip building entries.
    const ENABLED: bool;
    fn ledger(&mut self, entry: LedgerEntry);
    fn log(&mut self, entry: LogEntry);
    /// Called when a turn has fully resolved (before the next one starts).
    fn turn_end(&mut self, _db: &ContentDb, _state: &GameState) {}
}

/// Drops everything (rollouts, batch simulation).
#[derive(Debug, Default, Clone, Copy)]
pub struct NoSink;

impl Sink for NoSink {
    const ENABLED: bool = false;
    fn ledger(&mut self, _: LedgerEntry) {}
    fn log(&mut self, _: LogEntry) {}
}

/// Keeps everything, in order.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct Journal {
    pub log: Vec<LogEntry>,
    pub ledger: Vec<LedgerEntry>,
    /// The world at the end of each turn (index 0: the start).
    pub snapshots: Vec<Snapshot>,
}

impl Sink for Journal {
    const ENABLED: bool = true;
    fn ledger(&mut self, entry: LedgerEntry) {
        self.ledger.push(entry);
    }
    fn log(&mut self, entry: LogEntry) {
        self.log.push(entry);
    }
    fn turn_end(&mut self, db: &ContentDb, state: &GameState) {
        let snap = Snapshot::take(db, state, &self.log);
        self.snapshots.push(snap);
    }
}
