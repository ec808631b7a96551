//! The engine's tunable numbers (`Rules`), kept as data with their defaults.

use serde::{Deserialize, Serialize};

use super::*;

/// The engine's tunable numbers (design §5 "(tune)"), kept as data with the reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Moves per side per turn.
    pub move_limit: u8,
    /// ΔT = −Σ signal × w.
    pub signal_weight: f32,
    /// A cooperative signal counts for `credibility_floor + (1 − floor) × trust/100`.
    pub credibility_floor: f32,
    /// Hostile signals are multiplied by `1 + spiral × T/100`.
    pub spiral: f32,
    /// Share of the gap to baseline tension closed each turn.
    pub tension_drift: f32,
    /// Trust decays toward this value without reinforcement...
    pub trust_rest: f32,
    /// ...by this share of the gap each turn.
    pub trust_decay: f32,
    /// Trust gained both ways when two sides cooperate in the same turn.
    pub reciprocity_bonus: f32,
    /// Trust lost by a cooperator toward a side that was hostile in the same turn.
    pub sucker_trust: f32,
    /// Domestic support lost by the cooperator in that case.
    pub sucker_support: f32,
    /// Signals between allies (US, ROK, Japan) move peninsula tension by only this share.
    pub ally_signal_share: f32,
    /// Weight of "a quiet month" in the event draw, against the events' own weights.
    pub quiet_weight: f32,
    /// Trust lost by the other parties toward a side that breaks an agreement.
    pub violation_trust: f32,
    /// Extra tension when two sides are hostile to each other in the same turn.
    pub mutual_hostility_spike: f32,
    /// A turn's net signal toward a side above this counts as cooperation, below −this as hostility.
    pub signal_threshold: f32,
    /// Sanctions pressure lost per turn at zero enforcement (scaled by 1 − enforcement/100).
    pub sanctions_erosion: f32,
    /// Incident chance: incident_max × logistic((T − centre) / scale).
    pub incident_centre: f32,
    pub incident_scale: f32,
    /// The most an incident's chance can be in one turn, at any tension (0–1). Without it the
    /// logistic reaches 98–100 % at Conflict, and a crisis repeats every turn by construction.
    #[serde(default = "one")]
    pub incident_max: f32,
    /// War chance when all stand firm at the brink: logistic((T − centre) / scale).
    pub war_centre: f32,
    pub war_scale: f32,
    /// Tension lost when a side backs down at the brink.
    pub back_down_tension: f32,
    /// Domestic support lost by a side that backs down.
    pub back_down_support: f32,
    /// Covert detection chance per turn adds verification/100 × this.
    pub detection_per_verification: f32,
    /// Trust of every side toward a detected cheat falls by this.
    pub detection_trust: f32,
    pub detection_tension: f32,
    /// ICBM readiness gained per turn while no test moratorium holds (tests add more).
    pub readiness_growth: f32,
    /// Fissile kg per warhead, plutonium (the figure for a scenario without facilities).
    pub kg_per_warhead: f32,
    /// Kilograms of highly enriched uranium per warhead.
    #[serde(default = "default_heu_per_warhead")]
    pub heu_per_warhead: f32,
    /// Months a frozen facility needs to run again once its freeze is broken (a reactor
    /// reloaded and restarted), and a dismantled one to be rebuilt.
    #[serde(default = "default_frozen_restart")]
    pub frozen_restart_months: f32,
    #[serde(default = "default_dismantled_restart")]
    pub dismantled_restart_months: f32,
    /// How fast the public estimate closes on the truth per turn at verification 100 (0–1).
    pub estimate_learning: f32,
    /// Support shifts PC: pc = base × (support_pc_floor + (1 − floor) × support/50), rounded.
    pub support_pc_floor: f32,
    /// Support drifts toward 50 by this share each turn.
    pub support_drift: f32,
    /// DPRK economy: change per turn = (economy_sanctions_mid − sanctions) × this.
    pub economy_sanctions: f32,
    pub economy_sanctions_mid: f32,
    /// Readiness lost per turn while exercises are suspended; regained otherwise.
    pub readiness_decay: f32,
    pub readiness_recovery: f32,
    /// Meters that resist their ends (`engine::effects::resist`): within this many points of 0
    /// or 100, a push toward that end moves a meter by the push times the share of these
    /// points still left, so it nears the end and never pins there. Trust, support and every
    /// 0–100 meter but tension; 0 turns resistance off.
    #[serde(default)]
    pub resist_band: f32,
    /// The same for tension (narrower, so Conflict at 95 stays within reach).
    #[serde(default)]
    pub tension_resist_band: f32,
    /// Compliance (design §10): each turn a side obliged by a provision that costs it breaks
    /// it with chance `breach_max × logistic((gain − keep) / breach_scale)`, where keep is what
    /// the rest of the deal gives it (more when its economy needs it) plus its trust in the
    /// other parties, and gain what the provision costs it plus the hostility it met this turn.
    #[serde(default = "default_breach_max")]
    pub breach_max: f32,
    #[serde(default = "default_breach_scale")]
    pub breach_scale: f32,
    /// Support at home below which keeping a costly provision costs a side more: the share of
    /// the way from here to 0 that its support has fallen adds that share of the provision's
    /// cost again to what breaking promises (a Congress that will not fund the fuel oil). 0
    /// turns it off.
    #[serde(default)]
    pub breach_support_at: f32,
    /// What breaking promises a side, in value points, when another party broke an agreement
    /// with it within the last `breach_memory` turns: a breach is answered with a breach.
    #[serde(default)]
    pub breach_answer: f32,
    #[serde(default)]
    pub breach_memory: u8,
    /// An open breach ends the talks between the breaker and the injured parties: their rounds
    /// of talks (`talks_rounds`) start again from none.
    #[serde(default)]
    pub breach_resets_talks: bool,
    /// An open breach ends the deal: the breaker's other agreements with the parties it
    /// wronged fall with the one it broke.
    #[serde(default)]
    pub breach_ends_deals: bool,
    /// Inspections (design §10): access grows by this many points a turn while inspectors are
    /// present, up to the regime's ceiling...
    #[serde(default = "default_access_growth")]
    pub access_growth: f32,
    /// ...which is, for monitors, safeguards and special inspections, these (0–100).
    #[serde(default = "default_access_ceiling")]
    pub access_ceiling: (f32, f32, f32),
    /// Verification rises toward access by at most this many points a turn.
    #[serde(default = "default_verification_growth")]
    pub verification_growth: f32,
    /// Misreadings (design §10, "the chance that matters"): a signal between sides that are not
    /// allies is misread with chance `misread_max × (1 − trust/100)²`, the receiver's trust in
    /// the sender; 0 turns misreadings off.
    #[serde(default)]
    pub misread_max: f32,
    /// A misread cooperative signal is taken for a ploy: it counts as a hostile one of this
    /// share of its size. A misread hostile one is taken for worse: `1 + this` times its size.
    #[serde(default = "default_misread_weight")]
    pub misread_weight: f32,
    /// Rounds of talks a provision that limits the programme needs before it can be signed
    /// (its own `rounds` aside): turns in which one of two sides accepted or countered an offer
    /// of the other (a package, an envoy's visit, a summit). 0: a deal can be signed on the
    /// first offer.
    #[serde(default)]
    pub talks_rounds: u8,
    /// Standoffs before war (design §5, the brink): months in a row that must already have
    /// ended with both sides standing firm before a month of mutual firmness can end in war.
    /// 0: war is rolled at the first standoff.
    #[serde(default)]
    pub war_standoffs: u8,
}

fn default_misread_weight() -> f32 {
    0.5
}

fn default_access_growth() -> f32 {
    5.0
}

fn default_access_ceiling() -> (f32, f32, f32) {
    (35.0, 60.0, 85.0)
}

fn default_verification_growth() -> f32 {
    2.0
}

fn default_heu_per_warhead() -> f32 {
    20.0
}

fn default_frozen_restart() -> f32 {
    3.0
}

fn default_dismantled_restart() -> f32 {
    24.0
}

fn default_breach_max() -> f32 {
    0.15
}

fn default_breach_scale() -> f32 {
    2.0
}
