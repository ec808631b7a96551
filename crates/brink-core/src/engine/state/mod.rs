//! The whole state of one game (design §3). Plain data, cheap to clone: the search opponents
//! clone it for every playout. History (log, ledger, snapshots) lives outside, in `Game`.

use std::mem::take;
use std::sync::Arc;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::content::check::{MAX_FAST_PROVISIONS, PROGRAMME_AT, SLOT_TURN, SUPPORT_AT, TRUST_AT};
use crate::content::{
    CardIx, CompiledEffect, ContentDb, EstimateRule, FlagIx, Meter, PROGRAMME_FIELDS,
    ProgrammeField, ProvIx, Regime, SideId,
};

use super::ledger::{Cause, CrisisChoice, Outcome};
use super::moves::Move;

pub use super::deals::{Agreement, AgreementKind, AgreementStatus, Offer, StepProgress};

mod programme;
pub use programme::{Estimate, Sites, TrueStart, UNDER_WAY_AT_START, true_start};

/// Whose decision the game waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// Every seated side picks its moves, secretly and at once.
    Planning,
    /// Sides answer the offers made to them. Round 1 answers the original offers (accept, reject
    /// or counter); round 2 answers counters (accept or reject).
    Responses {
        round: u8,
    },
    /// Tension ended the turn at the Brink: the sides in the confrontation stand firm or back down.
    Crisis,
    Over,
}

/// Per-side state.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SideState {
    /// Political capital available now.
    pub pc: i32,
    /// PC adjustments that land with next turn's income (effects of cards and events).
    pub pc_next: i32,
}

/// The inspection regime (design §10, "Inspections"): who is in the country, how much they
/// see, and for how long they have been there without a break.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Inspections {
    pub regime: Regime,
    /// 0–100: grows a few points a turn toward the regime's ceiling; none once they leave.
    pub access: f32,
    /// Turns present without a break (none once they are sent home).
    pub months: u16,
}

/// Effects scheduled for a later turn (a card's `Lagged` effects).
#[derive(Debug, Clone, PartialEq)]
pub struct PendingEffects {
    pub due: u16,
    pub effects: Arc<[CompiledEffect]>,
    pub actor: SideId,
    pub target: Option<SideId>,
    pub cause: Cause,
    /// Only this side knows (covert).
    pub secret: Option<SideId>,
}

/// A meter change spread over turns.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Ramp {
    pub meter: Meter,
    pub per_turn: f32,
    pub remaining: u8,
    pub cause: Cause,
    pub secret: Option<SideId>,
}

/// A covert move in play, until detected.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CovertOp {
    pub side: SideId,
    pub card: CardIx,
    pub turn: u16,
    pub detected: bool,
}

/// Per objective: how often its condition has held, for `ForTurns`, `Always`, `Ever`, `LastTurns`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectiveTrack {
    pub held_turns: u16,
    pub streak: u16,
    pub ever: bool,
    pub broken: bool,
}

/// Alliance cohesion: the mean trust among the seated US, ROK and Japan (each in the others,
/// summed in that order), 0 with fewer than two seated. From `seated` and `trust`, so that a
/// game state and a turn's snapshot of one (`history::Snapshot`) answer alike.
pub fn alliance_cohesion(
    seated: impl Fn(SideId) -> bool,
    trust: impl Fn(SideId, SideId) -> f32,
) -> f32 {
    let allies = [SideId::Us, SideId::Rok, SideId::Japan];
    let mut sum = 0.0;
    let mut n = 0;
    for a in allies.into_iter().filter(|&a| seated(a)) {
        for b in allies.into_iter().filter(|&b| seated(b)) {
            if a != b {
                sum += trust(a, b);
                n += 1;
            }
        }
    }
    if n == 0 { 0.0 } else { sum / n as f32 }
}

/// Emptied lists kept for reuse, so that a batch of games (or a game's many turns) grows into
/// the room earlier ones left instead of allocating afresh. Never part of the game: any two
/// compare equal and print alike, and a clone starts with none (the search clones states by
/// the million, and a clone's lists are its own).
#[derive(Default)]
pub struct Spare<T>(Vec<Vec<T>>);

impl<T> Spare<T> {
    /// An empty list, with room from an earlier one where there is one.
    pub fn take(&mut self) -> Vec<T> {
        self.0.pop().unwrap_or_default()
    }

    /// Keeps `v`'s room for a later `take`.
    pub fn put(&mut self, mut v: Vec<T>) {
        if v.capacity() > 0 {
            v.clear();
            self.0.push(v);
        }
    }
}

impl<T> Clone for Spare<T> {
    fn clone(&self) -> Self {
        Spare(Vec::new())
    }
}

impl<T> PartialEq for Spare<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> std::fmt::Debug for Spare<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Spare")
    }
}

/// Not serialised on purpose: a game is saved as its record (seed and inputs) and rebuilt by
/// replaying, so a save can never disagree with the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct GameState {
    pub scenario: u16,
    /// 1-based.
    pub turn: u16,
    pub phase: Phase,
    /// Every number the meters, trust, support and the true programme hold, in one array laid
    /// out as compiled conditions read it (`content::check`: meters from 0, trust a→b at
    /// `TRUST_AT + 5a + b`, support at `SUPPORT_AT + side`, the programme at `PROGRAMME_AT +
    /// field`). One array so that an effect on any of them is one indexed update, whatever its
    /// kind. Read and written through `meter`, `trust`, `support`, `prog` and their `_mut`s.
    pub nums: [f32; NUMS],
    pub sides: [SideState; 5],
    /// Bit `i` set: side `i` is seated (has a player). Set by the scenario; read through
    /// `seated` and `seated_mask`, which many steps ask, so that it is one load.
    seated: u8,
    pub estimate: Estimate,
    /// The programme by facility (the stocks are in `nums`).
    pub sites: Sites,
    pub flags: u128,
    /// Inspectors in the DPRK (design §10): steps' verification reads it.
    pub inspections: Inspections,
    /// The agreements signed, in force or not. Changed only through `sign` and `break_agreement`
    /// (or `set_agreements`), which keep `in_force` up to date.
    agreements: Vec<Agreement>,
    /// Bit p: provision p (below `MAX_FAST_PROVISIONS`) is part of an agreement in force. Kept
    /// with the agreements because conditions ask it at every plan and draw (`View::of`).
    in_force: u128,
    pub pending: Vec<PendingEffects>,
    pub ramps: Vec<Ramp>,
    pub covert: Vec<CovertOp>,
    /// Per card: the first turn it may be played again.
    pub ready_turn: Vec<u16>,
    /// This turn's plans, by side.
    pub plans: [Option<Vec<Move>>; 5],
    /// Last turn's plan buffers, emptied, for the next plans to be written into (`ai::drive`):
    /// a game of random players would otherwise allocate and free five lists a turn. Always
    /// empty, so they never tell two states apart.
    pub spare_plans: [Vec<Move>; 5],
    pub offers: Vec<Offer>,
    /// The packages of offers gone by, emptied, for the next offers' packages.
    pub spare_packages: Spare<ProvIx>,
    /// This turn's crisis choices, by side.
    pub crisis: [Option<CrisisChoice>; 5],
    /// The sides asked to choose in this turn's crisis.
    pub crisis_sides: [bool; 5],
    /// Per side, per objective.
    pub objectives: [Vec<ObjectiveTrack>; 5],
    /// The turn's net signal a→b, for reciprocity (cleared each turn).
    pub turn_signal: [[f32; 5]; 5],
    /// Tension at the start of this turn's resolution, for threshold crossings.
    pub tension_at_start: f32,
    /// The largest single push up in tension during this resolution, for threshold blame.
    /// Kept only when the engine writes a log (nothing else reads it).
    pub top_push: (f32, Option<Cause>),
    pub crises: u16,
    /// Months in a row that ended with every side at the brink standing firm (a standoff);
    /// `Rules::war_standoffs` of them must come before war is rolled.
    pub standoffs: u8,
    /// Rounds of talks held between two sides, [a][b] = [b][a]: turns in which one's offer
    /// was accepted or countered by the other (`Rules::talks_rounds`).
    pub talks: [[u8; 5]; 5],
    /// Each side's change of mind as the game stands (`engine::minds`).
    pub minds: [Mind; 5],
    /// The current turn's calendar month, 1–12.
    pub month: u8,
    /// The first of the scenario's own turns the current turn covers (`scenario_turns`; the
    /// turn itself unless a class length lengthens turns), cached at the start of each turn.
    pub scenario_turn: u16,
    /// Months a turn spans: the scenario's, or a class length's (two-month turns). The monthly
    /// dynamics run once per month of a turn; plans, offers and events stay per turn.
    pub turn_months: u8,
    /// The turns this game runs: the scenario's, or a class length's (six turns of two
    /// months). The end check stops here, and so do the computer players' look-ahead and
    /// the objectives that count the last turns.
    pub turns: u16,
    /// How far from 0 and 100 a meter starts to resist a push toward that end
    /// (`effects::resist`): [tension, every other 0–100 meter], from the rules.
    pub resist_band: [f32; 2],
    /// How the others' estimate of the warheads moves, from the scenario
    /// (`CompiledProgramme::estimate`; kept here as `resist_band` is, for the turn's update).
    pub estimate_rule: EstimateRule,
    pub outcome: Option<Outcome>,
    pub rng: ChaCha8Rng,
    pub seed: u64,
}

/// A side's change of mind (a scenario's `PersonaShift`) as the game stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mind {
    /// The shift in force (its index in the side's shifts), if any.
    pub shift: Option<u8>,
    /// The last turn it holds (None: for the rest of the game).
    pub until: Option<u16>,
    /// Bit i: shift i has happened this game (each happens at most once).
    pub fired: u32,
}

/// How many numbers `GameState::nums` holds: every condition slot but the turn's.
pub const NUMS: usize = SLOT_TURN;

/// Where trust `a`→`b` sits in `GameState::nums`.
#[inline(always)]
pub fn trust_slot(a: SideId, b: SideId) -> usize {
    TRUST_AT + a.index() * 5 + b.index()
}

/// A state's lists, emptied, for a new game to grow into (`GameState::restart`).
#[derive(Default)]
struct Lists {
    agreements: Vec<Agreement>,
    pending: Vec<PendingEffects>,
    ramps: Vec<Ramp>,
    covert: Vec<CovertOp>,
    ready_turn: Vec<u16>,
    spare_plans: [Vec<Move>; 5],
    offers: Vec<Offer>,
    spare_packages: Spare<ProvIx>,
    objectives: [Vec<ObjectiveTrack>; 5],
}

impl Lists {
    fn taken_from(s: &mut GameState) -> Lists {
        fn emptied<T>(v: &mut Vec<T>) -> Vec<T> {
            let mut v = take(v);
            v.clear();
            v
        }
        let spare_packages = s.take_packages();
        Lists {
            agreements: emptied(&mut s.agreements),
            pending: emptied(&mut s.pending),
            ramps: emptied(&mut s.ramps),
            covert: emptied(&mut s.covert),
            ready_turn: emptied(&mut s.ready_turn),
            // A plan of the last game's last turn is a buffer like any other.
            spare_plans: std::array::from_fn(|i| match s.plans[i].take() {
                Some(mut p) => {
                    p.clear();
                    p
                }
                None => emptied(&mut s.spare_plans[i]),
            }),
            spare_packages,
            offers: emptied(&mut s.offers),
            objectives: std::array::from_fn(|i| emptied(&mut s.objectives[i])),
        }
    }
}

impl GameState {
    /// Makes this state equal to `src` (`clone` into an existing state), keeping the room its
    /// lists have: the search opponent copies its imagined world afresh for every playout, and
    /// a copy that allocates each list again (then frees it) costs as much as a turn's plans.
    /// Every field is named, so a new one cannot be forgotten here.
    pub fn copy_from(&mut self, src: &GameState) {
        let GameState {
            scenario,
            turn,
            phase,
            nums,
            sides,
            seated,
            estimate,
            sites,
            flags,
            inspections,
            agreements,
            in_force,
            pending,
            ramps,
            covert,
            ready_turn,
            plans,
            // Empty buffers in every state: they never tell two states apart, and the
            // room kept in this one's is the point.
            spare_plans: _,
            offers,
            spare_packages: _,
            crisis,
            crisis_sides,
            objectives,
            turn_signal,
            tension_at_start,
            top_push,
            crises,
            standoffs,
            talks,
            minds,
            month,
            scenario_turn,
            turn_months,
            turns,
            resist_band,
            estimate_rule,
            outcome,
            rng,
            seed,
        } = src;
        self.scenario = *scenario;
        self.turn = *turn;
        self.phase = *phase;
        self.nums = *nums;
        self.sides = *sides;
        self.seated = *seated;
        self.estimate = *estimate;
        self.sites = *sites;
        self.flags = *flags;
        self.inspections = *inspections;
        self.agreements.clone_from(agreements);
        self.in_force = *in_force;
        self.pending.clone_from(pending);
        self.ramps.clone_from(ramps);
        self.covert.clone_from(covert);
        self.ready_turn.clone_from(ready_turn);
        for ((mine, theirs), spare) in self
            .plans
            .iter_mut()
            .zip(plans)
            .zip(self.spare_plans.iter_mut())
        {
            match (mine.take(), theirs) {
                // In place where both have a plan.
                (Some(mut v), Some(p)) => {
                    v.clone_from(p);
                    *mine = Some(v);
                }
                // A plan's list goes back to the spares (emptied, as `begin_turn` leaves it),
                // and a plan is copied into a spare list: a playout's plans allocate nothing.
                (Some(mut v), None) => {
                    if spare.capacity() == 0 {
                        v.clear();
                        *spare = v;
                    }
                }
                (None, Some(p)) => {
                    let mut v = std::mem::take(spare);
                    v.clone_from(p);
                    *mine = Some(v);
                }
                (None, None) => {}
            }
        }
        self.offers.clone_from(offers);
        self.crisis = *crisis;
        self.crisis_sides = *crisis_sides;
        for (mine, theirs) in self.objectives.iter_mut().zip(objectives) {
            mine.clone_from(theirs);
        }
        self.turn_signal = *turn_signal;
        self.tension_at_start = *tension_at_start;
        self.top_push = *top_push;
        self.crises = *crises;
        self.standoffs = *standoffs;
        self.talks = *talks;
        self.minds = *minds;
        self.month = *month;
        self.scenario_turn = *scenario_turn;
        self.turn_months = *turn_months;
        self.turns = *turns;
        self.resist_band = *resist_band;
        self.estimate_rule = *estimate_rule;
        self.outcome = *outcome;
        self.rng.clone_from(rng);
        self.seed = *seed;
    }

    /// A new game at the start of turn 1's planning (after turn 1's events).
    /// Returns None if the scenario id is unknown.
    pub fn new_unstarted(db: &ContentDb, scenario: &str, seed: u64) -> Option<GameState> {
        Self::build(db, db.scenario_ix(scenario)?, seed, Lists::default())
    }

    /// Makes this state a new game, as `new_unstarted` would, keeping the room its lists have
    /// grown (the cards' cooldowns, the objectives, the plans, offers and agreements): a batch
    /// of games on one thread then allocates for its first game only. Returns None, and leaves
    /// the state as it was, if the scenario id is unknown.
    pub fn restart(&mut self, db: &ContentDb, scenario: &str, seed: u64) -> Option<()> {
        let six = db.scenario_ix(scenario)?;
        *self = Self::build(db, six, seed, Lists::taken_from(self))?;
        Some(())
    }

    /// `new_unstarted`, with the lists given.
    fn build(db: &ContentDb, six: u16, seed: u64, lists: Lists) -> Option<GameState> {
        let Lists {
            agreements,
            pending,
            ramps,
            covert,
            mut ready_turn,
            spare_plans,
            offers,
            spare_packages,
            mut objectives,
        } = lists;
        let s = &db.scenarios[six as usize];
        let cs = &db.compiled_scenarios[six as usize];
        let mut nums = [0.0; NUMS];
        nums[Meter::Tension.index()] = s.tension;
        nums[Meter::Sanctions.index()] = s.sanctions;
        nums[Meter::Enforcement.index()] = s.enforcement;
        nums[Meter::Verification.index()] = s.verification;
        nums[Meter::Economy.index()] = s.economy;
        nums[Meter::Readiness.index()] = s.readiness;
        for a in SideId::ALL {
            for b in SideId::ALL {
                nums[trust_slot(a, b)] = if a == b {
                    100.0
                } else if a.in_alliance() && b.in_alliance() {
                    s.trust_allies
                } else {
                    s.trust_others
                };
            }
        }
        for (a, b, v) in &s.trust {
            nums[trust_slot(*a, *b)] = *v;
        }
        let mut sides = [SideState { pc: 0, pc_next: 0 }; 5];
        let mut seated = 0u8;
        for side in SideId::ALL {
            let i = side.index();
            nums[SUPPORT_AT + i] = 50.0;
            if let Some(ss) = &cs.sides[i] {
                sides[i] = SideState {
                    pc: ss.pc_per_turn as i32,
                    pc_next: 0,
                };
                seated |= 1 << i;
                nums[SUPPORT_AT + i] = ss.support;
                objectives[i].resize(ss.objectives.len(), ObjectiveTrack::default());
            }
        }
        // A card's cooldown starts where its dates do: the ship-to-ship transfers first
        // reported in December 2017 are not watched for in August.
        ready_turn.clear();
        ready_turn.extend_from_slice(&cs.card_first);
        ready_turn.resize(db.cards.len(), 0);
        let inspections = s
            .inspections
            .as_ref()
            .map_or(Inspections::default(), |i| Inspections {
                regime: i.regime,
                access: i.access,
                months: i.months,
            });
        let mut flags = cs.start_flags;
        if let Some(f) = db.derived.flag_inspectors_present
            && inspections.regime != Regime::None
        {
            flags |= 1u128 << f;
        }
        let cp = &cs.programme;
        let (sites, estimate) = programme::at_start(db, &s.programme, cp, seed, &mut nums);
        Some(GameState {
            scenario: six,
            turn: 0,
            phase: Phase::Planning,
            nums,
            sides,
            seated,
            estimate,
            sites,
            flags,
            inspections,
            in_force: 0,
            agreements,
            pending,
            ramps,
            covert,
            ready_turn,
            plans: Default::default(),
            spare_plans,
            offers,
            spare_packages,
            crisis: [None; 5],
            crisis_sides: [false; 5],
            objectives,
            turn_signal: [[0.0; 5]; 5],
            tension_at_start: s.tension,
            top_push: (0.0, None),
            crises: 0,
            standoffs: 0,
            talks: [[0; 5]; 5],
            minds: [Mind::default(); 5],
            month: cs.start_month,
            scenario_turn: 0,
            turn_months: s.turn_months.max(1),
            turns: s.turns.max(1),
            resist_band: [db.rules.tension_resist_band, db.rules.resist_band],
            estimate_rule: cp.estimate,
            outcome: None,
            rng: ChaCha8Rng::seed_from_u64(seed),
            seed,
        })
    }

    /// The persona a shift has put in charge of `side`, while one is in force: a computer
    /// player of the side plays it instead of its own.
    pub fn line(&self, db: &ContentDb, side: SideId) -> Option<u16> {
        let k = self.minds[side.index()].shift?;
        let ss = db.compiled_scenarios[self.scenario as usize].sides[side.index()].as_ref()?;
        ss.shifts.get(k as usize).map(|sh| sh.to)
    }

    pub fn meter(&self, m: Meter) -> f32 {
        self.nums[m.index()]
    }
    pub fn meter_mut(&mut self, m: Meter) -> &mut f32 {
        &mut self.nums[m.index()]
    }
    pub fn tension(&self) -> f32 {
        self.nums[Meter::Tension.index()]
    }
    pub fn trust(&self, from: SideId, to: SideId) -> f32 {
        self.nums[trust_slot(from, to)]
    }
    pub fn trust_mut(&mut self, from: SideId, to: SideId) -> &mut f32 {
        &mut self.nums[trust_slot(from, to)]
    }
    pub fn support(&self, side: SideId) -> f32 {
        self.nums[SUPPORT_AT + side.index()]
    }
    pub fn support_mut(&mut self, side: SideId) -> &mut f32 {
        &mut self.nums[SUPPORT_AT + side.index()]
    }
    pub fn prog(&self, f: ProgrammeField) -> f32 {
        self.nums[PROGRAMME_AT + f.index()]
    }
    pub fn prog_mut(&mut self, f: ProgrammeField) -> &mut f32 {
        &mut self.nums[PROGRAMME_AT + f.index()]
    }
    /// The meters, indexed by `Meter::index()`.
    pub fn meters(&self) -> [f32; 6] {
        std::array::from_fn(|i| self.nums[i])
    }
    pub fn set_meters(&mut self, m: [f32; 6]) {
        self.nums[..6].copy_from_slice(&m);
    }
    /// trust[a][b]: how far a believes b will keep its word.
    pub fn trust_matrix(&self) -> [[f32; 5]; 5] {
        std::array::from_fn(|a| std::array::from_fn(|b| self.nums[TRUST_AT + a * 5 + b]))
    }
    pub fn set_trust_matrix(&mut self, t: &[[f32; 5]; 5]) {
        self.nums[TRUST_AT..SUPPORT_AT].copy_from_slice(t.as_flattened());
    }
    /// The true programme, indexed by `ProgrammeField::index()`.
    pub fn programme(&self) -> [f32; PROGRAMME_FIELDS] {
        std::array::from_fn(|i| self.nums[PROGRAMME_AT + i])
    }
    pub fn set_programme(&mut self, p: [f32; PROGRAMME_FIELDS]) {
        self.nums[PROGRAMME_AT..NUMS].copy_from_slice(&p);
    }
    pub fn flag(&self, f: FlagIx) -> bool {
        self.flags & (1u128 << f) != 0
    }
    /// Bit `i` set: side `i` is seated.
    #[inline(always)]
    pub fn seated_mask(&self) -> u8 {
        self.seated
    }

    #[inline(always)]
    pub fn seated(&self, s: SideId) -> bool {
        self.seated >> s.index() & 1 != 0
    }

    /// The agreements signed, in force or not, in the order signed.
    pub fn agreements(&self) -> &[Agreement] {
        &self.agreements
    }

    /// Signs an agreement.
    pub fn sign(&mut self, a: Agreement) {
        self.agreements.push(a);
        self.in_force = in_force(&self.agreements);
    }

    /// Agreement `i` now also holds `provisions` agreed in principle (each once).
    pub fn add_in_principle(&mut self, i: usize, provisions: &[ProvIx]) {
        if let Some(a) = self.agreements.get_mut(i) {
            for &p in provisions {
                if !a.in_principle.contains(&p) {
                    a.in_principle.push(p);
                }
            }
        }
    }

    /// The freeze agreement `i` pledged in principle lapsed on `turn` (`Agreement::pledge_lapsed`).
    pub fn lapse_pledge(&mut self, i: usize, turn: u16) {
        if let Some(a) = self.agreements.get_mut(i) {
            a.pledge_lapsed = Some(turn);
        }
    }

    /// Agreement `i` is broken.
    pub fn break_agreement(&mut self, i: usize, status: AgreementStatus) {
        if let Some(a) = self.agreements.get_mut(i) {
            a.status = status;
        }
        self.in_force = in_force(&self.agreements);
    }

    /// Provision `k` of agreement `i` now stands at `p` in its steps.
    pub fn set_progress(&mut self, i: usize, k: usize, p: StepProgress) {
        if let Some(a) = self.agreements.get_mut(i) {
            if a.progress.len() <= k {
                let fresh = StepProgress {
                    since: a.signed_turn,
                    ..StepProgress::default()
                };
                a.progress.resize(a.provisions.len().max(k + 1), fresh);
            }
            a.progress[k] = p;
        }
    }

    /// Agreement `id` has given `amount` more sanctions relief (for snapback to undo).
    pub fn add_relief(&mut self, id: u16, amount: f32) {
        if let Some(a) = self.agreements.iter_mut().find(|x| x.id == id) {
            a.relief_given += amount;
        }
    }

    /// Puts these agreements in the place of the state's own (a world sampled from what one
    /// side saw).
    pub fn set_agreements(&mut self, agreements: Vec<Agreement>) {
        self.agreements = agreements;
        self.in_force = in_force(&self.agreements);
    }

    /// Bit p: provision p is part of an agreement in force (provisions from
    /// `MAX_FAST_PROVISIONS` on are not in the mask; conditions on them take the slow path).
    #[inline(always)]
    pub fn provisions_in_force(&self) -> u128 {
        debug_assert_eq!(self.in_force, in_force(&self.agreements));
        self.in_force
    }

    /// Seats a side or leaves it empty. Every shipped scenario seats all five; this is for
    /// tests of what an empty seat changes.
    pub fn set_seated(&mut self, s: SideId, seated: bool) {
        let bit = 1u8 << s.index();
        self.seated = if seated {
            self.seated | bit
        } else {
            self.seated & !bit
        };
    }

    pub fn seated_sides(&self) -> impl Iterator<Item = SideId> + '_ {
        SideId::ALL.into_iter().filter(|s| self.seated(*s))
    }
    pub fn is_over(&self) -> bool {
        self.phase == Phase::Over
    }

    /// Alliance cohesion: the mean trust among the seated US, ROK and Japan.
    pub fn alliance_cohesion(&self) -> f32 {
        alliance_cohesion(|x| self.seated(x), |a, b| self.trust(a, b))
    }

    /// Provisions of agreements in force.
    pub fn provision_in_force(&self, p: ProvIx) -> bool {
        self.agreements
            .iter()
            .any(|a| a.status == AgreementStatus::InForce && a.provisions.contains(&p))
    }

    /// The calendar date of a turn, "YYYY-MM".
    pub fn date_of(&self, db: &ContentDb, turn: u16) -> String {
        let cs = &db.compiled_scenarios[self.scenario as usize];
        let months =
            (cs.start_month as i32 - 1) + (turn.max(1) as i32 - 1) * self.turn_months as i32;
        let year = cs.start_year + months.div_euclid(12);
        let month = months.rem_euclid(12) + 1;
        format!("{year:04}-{month:02}")
    }

    /// The calendar month (1–12) of the current turn (cached at the start of each turn).
    pub fn month(&self, _db: &ContentDb) -> u8 {
        self.month
    }

    /// Computes the calendar month (1–12) of the current turn.
    pub fn compute_month(&self, db: &ContentDb) -> u8 {
        let cs = &db.compiled_scenarios[self.scenario as usize];
        let months =
            (cs.start_month as i32 - 1) + (self.turn.max(1) as i32 - 1) * self.turn_months as i32;
        (months.rem_euclid(12) + 1) as u8
    }

    /// The scenario's own turns this game's current turn covers, (first, last): the turn itself
    /// when turns are the scenario's length; turns 3 and 4 for the second of two-month turns in
    /// a monthly scenario. Dated cards and events, scheduled events and `TurnAtLeast` read the
    /// first (so they keep the calendar whatever the turn length).
    pub fn scenario_turns(&self, db: &ContentDb) -> (u16, u16) {
        let per = self.months_per_scenario_turn(db);
        let first = (self.turn.max(1) - 1).saturating_mul(per).saturating_add(1);
        (first, first.saturating_add(per - 1))
    }

    /// How many of the scenario's turns one of this game's turns spans (1 unless a class
    /// length lengthens them).
    #[inline]
    pub fn months_per_scenario_turn(&self, db: &ContentDb) -> u16 {
        let own = db.scenarios[self.scenario as usize].turn_months.max(1);
        (self.turn_months / own).max(1) as u16
    }

    /// The earliest of this game's turns `card` may be played on by its dates, as of now
    /// (`CompiledScenario::ready_floor` in this game's turns): `u16::MAX` once its dates are over.
    pub fn ready_floor(&self, db: &ContentDb, card: CardIx) -> u16 {
        let cs = &db.compiled_scenarios[self.scenario as usize];
        match cs.ready_floor(card, self.scenario_turn) {
            u16::MAX => u16::MAX,
            first => (first.max(1) - 1) / self.months_per_scenario_turn(db) + 1,
        }
    }

    /// Plays the game at a class length, before it starts: its turns (the game ends after the
    /// last of them) and the months each spans (`set_turn_months`).
    pub fn set_class(&mut self, db: &ContentDb, class: crate::content::ClassLength) {
        self.set_turn_months(db, class.months);
        self.turns = class.turns.max(1);
    }

    /// Sets the months a turn spans (a class length's), before the game starts. Only whole
    /// multiples of the scenario's own turn are kept (its dated items are laid out by turn).
    pub fn set_turn_months(&mut self, db: &ContentDb, months: u8) {
        let own = db.scenarios[self.scenario as usize].turn_months.max(1);
        let per = (months / own).max(1);
        self.turn_months = own.saturating_mul(per);
        // A card's cooldown starts at the first of this game's turns its dates reach.
        let cs = &db.compiled_scenarios[self.scenario as usize];
        for (r, first) in self.ready_turn.iter_mut().zip(cs.card_first.iter()) {
            *r = (first.max(&1) - 1) / per as u16 + 1;
        }
    }

    /// Clears the offers, keeping their packages' room for the next ones (`spare_packages`).
    pub fn clear_offers(&mut self) {
        // Planning clears the offers the turn's start already cleared: an empty list is
        // passed over on one compare rather than drained.
        if self.offers.is_empty() {
            return;
        }
        for o in self.offers.drain(..) {
            self.spare_packages.put(o.package);
        }
    }

    /// The offers cleared, and the room their packages, the agreements' and the earlier ones'
    /// had (for a new game: the agreements go too).
    fn take_packages(&mut self) -> Spare<ProvIx> {
        self.clear_offers();
        for a in self.agreements.iter_mut() {
            self.spare_packages.put(take(&mut a.provisions));
        }
        take(&mut self.spare_packages)
    }

    /// A package for a new offer: `items`, in room an earlier package left.
    pub fn new_package(&mut self, items: &[ProvIx]) -> Vec<ProvIx> {
        let mut p = self.spare_packages.take();
        p.extend_from_slice(items);
        p
    }

    /// Whether any side's input is still awaited in this phase (no allocation).
    pub fn anyone_awaited(&self) -> bool {
        match self.phase {
            Phase::Planning => {
                // As a mask, with no jump per side: who has planned is a coin toss in a playout.
                let mut unplanned = 0u8;
                for (i, p) in self.plans.iter().enumerate() {
                    unplanned |= (p.is_none() as u8) << i;
                }
                unplanned & self.seated != 0
            }
            Phase::Responses { .. } => self.open_offers().next().is_some(),
            Phase::Crisis => SideId::ALL
                .into_iter()
                .any(|s| self.crisis_sides[s.index()] && self.crisis[s.index()].is_none()),
            Phase::Over => false,
        }
    }

    /// The sides whose input the game waits for now, each once, in side order (the decisions
    /// themselves: `pending`).
    pub fn awaiting(&self) -> Vec<SideId> {
        let mut v: Vec<SideId> = self.pending().map(|d| d.side()).collect();
        v.sort();
        v.dedup();
        v
    }

    /// Offers of the current response round that still need an answer.
    pub fn open_offers(&self) -> impl Iterator<Item = &Offer> {
        self.offers.iter().filter(move |o| self.is_open(o))
    }

    /// Whether `o` is open: unanswered, and of the current response round (first round the
    /// offers, second their counters). Every test made and joined with `&`, not one jump each.
    #[inline(always)]
    pub fn is_open(&self, o: &Offer) -> bool {
        let round = match self.phase {
            Phase::Responses { round } => round,
            _ => 0,
        };
        o.answer.is_none() & ((round == 1) == o.counter_of.is_none()) & (round != 0)
    }
}

/// Whether a card was played by the given side this turn (used by the TUI and bots).
pub fn planned(state: &GameState, side: SideId, card: CardIx) -> bool {
    state.plans[side.index()]
        .as_ref()
        .is_some_and(|p| p.iter().any(|m| m.card == card))
}

/// The provisions of the agreements in force, as `GameState::provisions_in_force` keeps them.
fn in_force(agreements: &[Agreement]) -> u128 {
    let mut provs = 0u128;
    for a in agreements {
        if a.status == AgreementStatus::InForce {
            for &p in &a.provisions {
                if (p as usize) < MAX_FAST_PROVISIONS {
                    provs |= 1u128 << p;
                }
            }
        }
    }
    provs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spare_lists_keep_their_room_but_never_tell_states_apart() {
        let mut spare: Spare<ProvIx> = Spare::default();
        // Nothing kept yet: a new, empty list.
        assert_eq!(spare.take().capacity(), 0);
        let mut v = Vec::with_capacity(6);
        v.extend([3, 1, 4]);
        spare.put(v);
        spare.put(Vec::new());
        let again = spare.take();
        assert!(again.is_empty() && again.capacity() >= 6, "{again:?}");
        // The empty list with no room was not kept.
        assert_eq!(spare.take().capacity(), 0);
        spare.put(again);
        let copy = spare.clone();
        assert!(copy.0.is_empty(), "a clone starts with no spare lists");
        assert_eq!(copy, spare);
        assert_eq!(format!("{copy:?}"), format!("{spare:?}"));
    }

    #[test]
    fn a_new_game_keeps_the_room_of_the_last_ones_packages() {
        let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
        let mut s = GameState::new_unstarted(&db, "hanoi-2019", 1).expect("scenario");
        s.offers.push(Offer {
            id: 0,
            from: SideId::Us,
            to: SideId::Dprk,
            card: 0,
            package: vec![0, 1],
            counter_of: None,
            cosign_of: None,
            answer: None,
        });
        s.sign(Agreement::new(
            &db,
            0,
            vec![2, 3, 4],
            vec![SideId::Us, SideId::Dprk],
            1,
        ));
        s.restart(&db, "hanoi-2019", 2).expect("scenario");
        assert_eq!(
            s,
            GameState::new_unstarted(&db, "hanoi-2019", 2).expect("scenario")
        );
        // The offer's and the agreement's lists, emptied, for the new game's packages.
        assert_eq!(s.spare_packages.0.len(), 2);
        let p = s.new_package(&[5]);
        assert_eq!(p, vec![5]);
        assert!(p.capacity() >= 2);
    }
}
