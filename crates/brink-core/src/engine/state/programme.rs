//! The DPRK programme in a game's state (design §10, "The programme"): the plants as they stand
//! (`Sites`), the others' estimate of them (`Estimate`), and what the programme truly is at the
//! start of a game where the published estimates disagree (`true_start`, drawn from the game
//! seed's second stream).

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::content::check::PROGRAMME_AT;
use crate::content::{
    CompiledProgramme, ContentDb, FacIx, MAX_FACILITIES, PROGRAMME_FIELDS, ProgrammeField,
    ScenarioProgramme,
};

use super::NUMS;

/// The DPRK programme's public estimate, as the other sides see it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub warheads_mid: f32,
    pub warheads_low: f32,
    pub warheads_high: f32,
    pub readiness_mid: f32,
    pub readiness_band: f32,
    pub production_mid: f32,
    /// Plutonium in spent fuel (kg) and long-range missiles, as the others reckon them.
    #[serde(default)]
    pub spent_fuel_mid: f32,
    #[serde(default)]
    pub missiles_mid: f32,
    /// The weapons' worth they allow for from plants they suspect but have not placed
    /// (`EstimateRule::suspected`): the band's high end sits this far above the estimate's own
    /// band. Folded into the estimate when such a plant is found.
    #[serde(default)]
    pub unplaced: f32,
}

/// The programme by facility (design §10): flat arrays indexed by facility (`FacIx`, the
/// facilities deck's order) and bit sets, so a turn's production is a short loop with no
/// allocation and a clone is one copy. The stocks themselves are programme numbers in `nums`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sites {
    /// Per facility: what it makes a turn when it runs (kg, or missiles).
    pub rate: [f32; MAX_FACILITIES],
    /// Per facility: the rate the other sides believe (a covert expansion is not in it until
    /// it is found out).
    pub seen_rate: [f32; MAX_FACILITIES],
    /// Per facility: what it made in the last turn's programme steps (every month of a long
    /// turn), which is less than its rate when it lacks input (reprocessing with no spent
    /// fuel) or a cap holds its stock. The DPRK's secret: none in `public`.
    pub made: [f32; MAX_FACILITIES],
    /// Per facility: the first turn it may run (after its building, or restarting after a
    /// freeze or dismantlement ends).
    pub ready: [u16; MAX_FACILITIES],
    /// Bit f: this scenario has facility f.
    pub present: u16,
    /// Bit f: facility f ran on the last programme step.
    pub running: u16,
    /// Bit f: a provision in force froze (or took apart) facility f on the last step.
    pub frozen: u16,
    pub dismantled: u16,
    /// Bit f: the other sides know facility f exists.
    pub known: u16,
    /// Per programme field (`ProgrammeField::index()`): the level a cap in force holds it to,
    /// or infinity.
    pub cap: [f32; PROGRAMME_FIELDS],
    /// Bit p: provision p's stocks have been shipped out (once a game).
    pub shipped: u128,
    /// Warheads' worth of assembly capacity carried from earlier turns (below one turn's).
    pub assembly: f32,
    /// What the known, running facilities made of fissile material on the last step (kg a
    /// turn): the production the others can see.
    pub known_production: f32,
    /// Per facility: bit t set if it stands idle in the scenario's turn t (an outage,
    /// `ScenarioSite::outages`; turns past 63 see none), drawn at the start. The DPRK's own
    /// future as much as anyone's: an observation carries only the first turn's bit, a stop
    /// already under way at the start (`Sites::observed`); later the public `running` says
    /// which plants ran.
    pub idle: [u64; MAX_FACILITIES],
}

/// The bit of `Sites::idle` for the first turn: a stop under way at the start, which is the
/// present, not the future, and seen as such.
pub const UNDER_WAY_AT_START: u64 = 1 << 1;

impl Default for Sites {
    /// No facilities and no caps.
    fn default() -> Sites {
        Sites {
            rate: [0.0; MAX_FACILITIES],
            seen_rate: [0.0; MAX_FACILITIES],
            made: [0.0; MAX_FACILITIES],
            ready: [0; MAX_FACILITIES],
            present: 0,
            running: 0,
            frozen: 0,
            dismantled: 0,
            known: 0,
            cap: [f32::INFINITY; PROGRAMME_FIELDS],
            shipped: 0,
            assembly: 0.0,
            known_production: 0.0,
            idle: [0; MAX_FACILITIES],
        }
    }
}

impl Sites {
    /// What a side other than the DPRK may know: the facilities it knows of (their rates as
    /// believed, and states, which imagery and the agreements show), the caps and ship-outs (which are in
    /// the agreements), nothing of the others nor of the assembly line.
    pub fn public(&self) -> Sites {
        let k = self.known & self.present;
        Sites {
            rate: std::array::from_fn(|f| {
                if k >> f & 1 != 0 {
                    self.seen_rate[f]
                } else {
                    0.0
                }
            }),
            seen_rate: std::array::from_fn(|f| {
                if k >> f & 1 != 0 {
                    self.seen_rate[f]
                } else {
                    0.0
                }
            }),
            made: [0.0; MAX_FACILITIES],
            ready: std::array::from_fn(|f| if k >> f & 1 != 0 { self.ready[f] } else { 0 }),
            present: k,
            running: self.running & k,
            frozen: self.frozen & k,
            dismantled: self.dismantled & k,
            known: k,
            cap: self.cap,
            shipped: self.shipped,
            assembly: 0.0,
            known_production: self.known_production,
            idle: std::array::from_fn(|f| {
                if k >> f & 1 != 0 {
                    self.idle[f] & UNDER_WAY_AT_START
                } else {
                    0
                }
            }),
        }
    }

    /// Whether facility `f` runs in the scenario and the other sides have not placed it
    /// (`Condition::FacilityHidden`).
    pub fn hidden(&self, f: FacIx) -> bool {
        (self.present & !self.known) >> f & 1 != 0
    }

    /// The scenario turns from the first to `through` in which facility `f` stood idle of its
    /// own accord (an outage, `idle`).
    pub fn outage_turns(&self, f: usize, through: u16) -> u16 {
        let through = u32::from(through.min(63));
        let turns = ((1u64 << (through + 1)) - 1) & !1;
        (self.idle[f] & turns).count_ones() as u16
    }

    /// The DPRK's own view: everything but the outages still to come.
    pub fn observed(&self) -> Sites {
        Sites {
            idle: self.idle.map(|i| i & UNDER_WAY_AT_START),
            ..*self
        }
    }
}

/// What the programme truly is at the start, where the estimates disagree: each plant's rate a
/// turn and the warheads assembled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrueStart {
    /// Each plant's rate a turn: the scenario's figure, or where its estimates disagree
    /// (`CompiledProgramme::uncertain`) a draw from their range, uniform.
    pub rate: [f32; MAX_FACILITIES],
    /// The warheads assembled, drawn from `CompiledProgramme::warheads_range` (uniform, to a
    /// whole warhead); None where the scenario gives one count.
    pub warheads: Option<f32>,
    /// Per facility, the scenario turns it stands idle (`Sites::idle`).
    pub idle: [u64; MAX_FACILITIES],
}

/// The programme's true start for a game: one draw a plant whose estimates disagree, in
/// facility order, then one for the warheads, then the outages of each plant that has them,
/// in facility order and turn by turn.
///
/// Drawn from the game seed's second ChaCha stream (the game's own generator is the first): the
/// same seed gives the same start, and the game's draws are those it would make with no range,
/// so adding or changing a range in a deck changes the programme and nothing else (a seeded
/// comparison before and after shows what the range did, not another run of the dice). The
/// plants are drawn first, so a scenario that adds a warheads range keeps its plants' rates.
pub fn true_start(cp: &CompiledProgramme, seed: u64) -> TrueStart {
    let mut out = TrueStart {
        rate: cp.rate,
        warheads: None,
        idle: [0; MAX_FACILITIES],
    };
    if cp.uncertain == 0 && cp.warheads_range.is_none() && cp.outages == 0 {
        return out;
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(1);
    let mut left = cp.uncertain;
    while left != 0 {
        let f = left.trailing_zeros() as usize;
        left &= left - 1;
        let (lo, hi) = cp.rate_range[f];
        let u: f32 = rng.random();
        out.rate[f] = (lo + (hi - lo) * u).clamp(lo, hi);
    }
    if let Some((lo, hi)) = cp.warheads_range {
        let u: f32 = rng.random();
        // Whole warheads: a count, not a quantity of material.
        out.warheads = Some((lo + (hi - lo) * u).round().max(0.0));
    }
    let last = cp.turns.min(63);
    let mut left = cp.outages;
    while left != 0 {
        let f = left.trailing_zeros() as usize;
        left &= left - 1;
        let rule = cp.outage[f];
        let mut idle = 0u64;
        // Turns 1..=n idle from `t` on: (2^n − 1) shifted to t, past turn 63 dropped.
        let mut stop = |t: u16, n: u16| {
            let run = if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
            idle |= run << t;
        };
        let mut t = 1u16;
        if rule.under_way.1 > 0 {
            let n = rng.random_range(rule.under_way.0..=rule.under_way.1);
            stop(t, n);
            t = t.saturating_add(n);
        }
        while t <= last {
            let u: f32 = rng.random();
            if u < rule.chance {
                let n = rng.random_range(rule.turns.0..=rule.turns.1);
                stop(t, n);
                t = t.saturating_add(n);
            } else {
                t += 1;
            }
        }
        out.idle[f] = idle;
    }
    out
}

/// The programme at a game's start: its numbers written into `nums` (the true warheads where
/// they were drawn, the stocks, what the plants make a month at their true rates), the plants
/// as they stand, and the others' estimate, which starts from the scenario's band and from the
/// known plants at the rates they believe.
pub(super) fn at_start(
    db: &ContentDb,
    p: &ScenarioProgramme,
    cp: &CompiledProgramme,
    seed: u64,
    nums: &mut [f32; NUMS],
) -> (Sites, Estimate) {
    // The plants' true rates and the warheads truly assembled, where the estimates
    // disagree; the others believe the scenario's figures and its band.
    let truth = true_start(cp, seed);
    let rate = truth.rate;
    let prog = |f: ProgrammeField| PROGRAMME_AT + f.index();
    nums[prog(ProgrammeField::Warheads)] = truth.warheads.unwrap_or(p.warheads);
    nums[prog(ProgrammeField::FissileKg)] = p.fissile_kg;
    nums[prog(ProgrammeField::ProductionKg)] = p.production_kg;
    nums[prog(ProgrammeField::IcbmReadiness)] = p.icbm_readiness;
    nums[prog(ProgrammeField::NuclearTests)] = p.nuclear_tests;
    nums[prog(ProgrammeField::IcbmTests)] = p.icbm_tests;
    nums[prog(ProgrammeField::IrbmTests)] = p.irbm_tests;
    nums[prog(ProgrammeField::SrbmTests)] = p.srbm_tests;
    let running_fissile = |f: usize| {
        cp.present >> f & 1 != 0
            && cp.ready[f] == 0
            && truth.idle[f] & UNDER_WAY_AT_START == 0
            && db.compiled_facilities[f].makes_fissile()
    };
    // What the others believe is being made before they have seen a month of it: the
    // known facilities that run from the start, at the rates they believe.
    let known_production = if cp.present == 0 {
        p.production_kg
    } else {
        (0..MAX_FACILITIES)
            .filter(|&f| cp.known >> f & 1 != 0 && running_fissile(f))
            .map(|f| cp.rate[f])
            .sum()
    };
    if cp.present == 0 {
        // No facilities: the old single stock, kept as plutonium.
        nums[prog(ProgrammeField::PlutoniumKg)] = p.fissile_kg;
    } else {
        nums[prog(ProgrammeField::PlutoniumKg)] = p.plutonium_kg;
        nums[prog(ProgrammeField::HeuKg)] = p.heu_kg;
    }
    nums[prog(ProgrammeField::SpentFuelKg)] = p.spent_fuel_kg;
    // What the plants make a month, at their true rates where those were drawn and without a
    // plant already stopped (the scenario's `production_kg` is the sum of its figures).
    if cp.uncertain != 0 || cp.outages != 0 {
        nums[prog(ProgrammeField::ProductionKg)] = (0..MAX_FACILITIES)
            .filter(|&f| running_fissile(f))
            .map(|f| rate[f])
            .sum();
    }
    nums[prog(ProgrammeField::Missiles)] = p.missiles;
    let sites = Sites {
        rate,
        seen_rate: cp.rate,
        made: [0.0; MAX_FACILITIES],
        ready: cp.ready,
        present: cp.present,
        running: 0,
        frozen: 0,
        dismantled: 0,
        known: cp.known,
        cap: [f32::INFINITY; PROGRAMME_FIELDS],
        shipped: 0,
        assembly: 0.0,
        known_production,
        idle: truth.idle,
    };
    let (lo, hi) = p.warhead_band;
    let estimate = Estimate {
        warheads_mid: (lo + hi) / 2.0,
        warheads_low: lo,
        warheads_high: hi,
        readiness_mid: p.icbm_readiness,
        readiness_band: 15.0,
        production_mid: known_production,
        spent_fuel_mid: p.spent_fuel_kg,
        missiles_mid: p.missiles,
        unplaced: 0.0,
    };
    (sites, estimate)
}
