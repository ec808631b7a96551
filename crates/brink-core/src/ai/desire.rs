//! What a side's scenario objectives make it want, as a linear "desire" over the world: how much
//! a point of each meter, trust or support is worth, and how much each flag and provision is.
//!
//! It is read off the objectives' conditions once per scenario and side: `MeterAtLeast(Sanctions,
//! 50)` in an objective of weight 25 makes each point of sanctions pressure worth 25/25 = 1
//! objective point; `Flag("end_of_war_declared")` in an objective of weight 10 makes that flag
//! worth 10. Units are objective points (a side's objectives sum to about 100).

use crate::content::{
    CompiledCondition, CompiledObjective, CompiledObjectiveTest, ContentDb, Meter, ProgrammeField,
    SideId, Who,
};
use crate::engine::effects::resolve_who;

/// Meter points that make up a whole objective: a meter condition is worth `weight / METER_SPAN`
/// per point.
const METER_SPAN: f32 = 25.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Desire {
    pub meter: [f32; 6],
    pub programme: [f32; crate::content::PROGRAMME_FIELDS],
    /// trust[a][b] per point.
    pub trust: [[f32; 5]; 5],
    pub support: [f32; 5],
    /// Per flag: worth of it being set (negative: of it being clear).
    pub flag: Vec<f32>,
    /// Per provision: worth of it being in force.
    pub provision: Vec<f32>,
}

impl Desire {
    pub fn zero(db: &ContentDb) -> Desire {
        Desire {
            meter: [0.0; 6],
            programme: [0.0; crate::content::PROGRAMME_FIELDS],
            trust: [[0.0; 5]; 5],
            support: [0.0; 5],
            flag: vec![0.0; db.flags.len()],
            provision: vec![0.0; db.provisions.len()],
        }
    }

    /// The desire of `side`'s objectives in a scenario (all of them).
    pub fn of_side(db: &ContentDb, scenario: u16, side: SideId) -> Desire {
        let mut d = Desire::zero(db);
        if let Some(ss) = &db.compiled_scenarios[scenario as usize].sides[side.index()] {
            for obj in ss.objectives.iter() {
                d.add_objective(obj, side);
            }
        }
        d
    }

    /// One objective's share of the desire.
    pub fn of_objective(db: &ContentDb, obj: &CompiledObjective, side: SideId) -> Desire {
        let mut d = Desire::zero(db);
        d.add_objective(obj, side);
        d
    }

    fn add_objective(&mut self, obj: &CompiledObjective, side: SideId) {
        match &obj.test {
            CompiledObjectiveTest::AtEnd(c)
            | CompiledObjectiveTest::Always(c)
            | CompiledObjectiveTest::LastTurns(_, c)
            | CompiledObjectiveTest::ForTurns(_, c)
            | CompiledObjectiveTest::Ever(c) => self.add_cond(c, obj.weight, side),
            // No war: keep tension down.
            CompiledObjectiveTest::NoWar => self.meter[Meter::Tension.index()] -= obj.weight / 50.0,
        }
    }

    fn add_cond(&mut self, c: &CompiledCondition, w: f32, side: SideId) {
        let who = |x: Who| resolve_who(x, side, None);
        match c {
            CompiledCondition::Flag(f) => self.flag[*f as usize] += w,
            CompiledCondition::NotFlag(f) => self.flag[*f as usize] -= w,
            CompiledCondition::MeterAtLeast(m, _) => self.meter[m.index()] += w / METER_SPAN,
            CompiledCondition::MeterBelow(m, _) => self.meter[m.index()] -= w / METER_SPAN,
            CompiledCondition::TrustAtLeast(a, b, _) => {
                self.trust[who(*a).index()][who(*b).index()] += w / METER_SPAN
            }
            CompiledCondition::TrustBelow(a, b, _) => {
                self.trust[who(*a).index()][who(*b).index()] -= w / METER_SPAN
            }
            CompiledCondition::SupportAtLeast(x, _) => {
                self.support[who(*x).index()] += w / METER_SPAN
            }
            CompiledCondition::SupportBelow(x, _) => {
                self.support[who(*x).index()] -= w / METER_SPAN
            }
            CompiledCondition::ProgrammeAtLeast(f, _) => self.programme[f.index()] += w / span(*f),
            CompiledCondition::ProgrammeBelow(f, _) => self.programme[f.index()] -= w / span(*f),
            CompiledCondition::ProvisionInForce(p) => self.provision[*p as usize] += w,
            CompiledCondition::SidePresent(_)
            | CompiledCondition::FacilityHidden(_)
            | CompiledCondition::TurnAtLeast(_)
            | CompiledCondition::CrisesAtLeast(_)
            | CompiledCondition::MonthIn(_) => {}
            // Any one of several will do: each is worth a good part of the whole.
            CompiledCondition::Any(cs) => {
                for c in cs.iter() {
                    self.add_cond(c, w * 0.6, side);
                }
            }
            // All are needed: each carries its share.
            CompiledCondition::All(cs) => {
                let n = cs.len().max(1) as f32;
                for c in cs.iter() {
                    self.add_cond(c, w / n, side);
                }
            }
        }
    }
}

/// Units of a programme field that make up a whole objective.
fn span(f: ProgrammeField) -> f32 {
    match f {
        ProgrammeField::Warheads => 10.0,
        ProgrammeField::FissileKg => 50.0,
        ProgrammeField::ProductionKg => 4.0,
        ProgrammeField::IcbmReadiness => METER_SPAN,
        ProgrammeField::PlutoniumKg | ProgrammeField::SpentFuelKg => 25.0,
        ProgrammeField::HeuKg => 100.0,
        ProgrammeField::Missiles => 5.0,
        _ => 1.5,
    }
}
