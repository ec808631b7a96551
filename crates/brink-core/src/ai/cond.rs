//! Conditions compiled for one reader: a persona's rules and its side's card requirements.
//!
//! The engine's `cond_holds` resolves `Who` and the programme reader at every leaf, through a
//! call per condition. A persona asks the same few conditions for the same side in every plan
//! of every rollout (millions per search), so a `Brain` resolves them once into a `Test`: sides
//! fixed, the programme figure read as the side sees it (`view::programme_as_seen`) or exactly,
//! and the check in line. The answers are the engine's own: each leaf below is the engine's
//! leaf with its `Who` and programme reader already applied (`tests/ai_personas.rs` and the
//! search fingerprints check that nothing moved).

use crate::content::{
    CompiledCondition, ContentDb, FacIx, FlagIx, Meter, ProgrammeField, ProvIx, SideId, Who,
};
use crate::engine::GameState;
use crate::engine::effects::resolve_who;

use super::view::programme_as_seen;

/// A condition with its sides and programme reader resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    Flag(FlagIx),
    NotFlag(FlagIx),
    MeterAtLeast(Meter, f32),
    MeterBelow(Meter, f32),
    TrustAtLeast(SideId, SideId, f32),
    TrustBelow(SideId, SideId, f32),
    SupportAtLeast(SideId, f32),
    SupportBelow(SideId, f32),
    /// A programme figure as `viewer` sees it (`programme_as_seen`).
    ProgrammeAtLeast(SideId, ProgrammeField, f32),
    ProgrammeBelow(SideId, ProgrammeField, f32),
    SidePresent(SideId),
    ProvisionInForce(ProvIx),
    FacilityHidden(FacIx),
    TurnAtLeast(u16),
    CrisesAtLeast(u16),
    MonthIn(u16),
    Any(Box<[Test]>),
    All(Box<[Test]>),
}

/// How a compiled condition reads the DPRK programme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Programme {
    /// The truth (`cond_holds`, the engine's own legality checks).
    Exact,
    /// As this side sees it (`view::holds_seen`).
    SeenBy(SideId),
}

impl Test {
    /// `c` for `actor` and `target`, reading the programme as `prog` says.
    pub fn compile(
        c: &CompiledCondition,
        actor: SideId,
        target: Option<SideId>,
        prog: Programme,
    ) -> Test {
        let who = |w: Who| resolve_who(w, actor, target);
        // The exact figure is `programme_as_seen` by the DPRK, which reads the truth.
        let viewer = match prog {
            Programme::Exact => SideId::Dprk,
            Programme::SeenBy(v) => v,
        };
        match c {
            CompiledCondition::Flag(f) => Test::Flag(*f),
            CompiledCondition::NotFlag(f) => Test::NotFlag(*f),
            CompiledCondition::MeterAtLeast(m, v) => Test::MeterAtLeast(*m, *v),
            CompiledCondition::MeterBelow(m, v) => Test::MeterBelow(*m, *v),
            CompiledCondition::TrustAtLeast(a, b, v) => Test::TrustAtLeast(who(*a), who(*b), *v),
            CompiledCondition::TrustBelow(a, b, v) => Test::TrustBelow(who(*a), who(*b), *v),
            CompiledCondition::SupportAtLeast(x, v) => Test::SupportAtLeast(who(*x), *v),
            CompiledCondition::SupportBelow(x, v) => Test::SupportBelow(who(*x), *v),
            CompiledCondition::ProgrammeAtLeast(f, v) => Test::ProgrammeAtLeast(viewer, *f, *v),
            CompiledCondition::ProgrammeBelow(f, v) => Test::ProgrammeBelow(viewer, *f, *v),
            CompiledCondition::SidePresent(x) => Test::SidePresent(*x),
            CompiledCondition::ProvisionInForce(p) => Test::ProvisionInForce(*p),
            CompiledCondition::FacilityHidden(f) => Test::FacilityHidden(*f),
            CompiledCondition::TurnAtLeast(t) => Test::TurnAtLeast(*t),
            CompiledCondition::CrisesAtLeast(n) => Test::CrisesAtLeast(*n),
            CompiledCondition::MonthIn(bits) => Test::MonthIn(*bits),
            CompiledCondition::Any(cs) => Test::Any(
                cs.iter()
                    .map(|c| Test::compile(c, actor, target, prog))
                    .collect(),
            ),
            CompiledCondition::All(cs) => Test::All(
                cs.iter()
                    .map(|c| Test::compile(c, actor, target, prog))
                    .collect(),
            ),
        }
    }

    /// Whether it holds in `s` (as the engine's `cond_holds` / `cond_holds_seen` would answer).
    /// In line: most conditions are a single leaf, a load and a compare.
    #[inline(always)]
    pub fn holds(&self, db: &ContentDb, s: &GameState) -> bool {
        match self {
            Test::Any(cs) => any_holds(cs, db, s),
            Test::All(cs) => all_nested(cs, db, s),
            Test::Flag(f) => s.flag(*f),
            Test::NotFlag(f) => !s.flag(*f),
            Test::MeterAtLeast(m, v) => s.meter(*m) >= *v,
            Test::MeterBelow(m, v) => s.meter(*m) < *v,
            Test::TrustAtLeast(a, b, v) => s.trust(*a, *b) >= *v,
            Test::TrustBelow(a, b, v) => s.trust(*a, *b) < *v,
            Test::SupportAtLeast(x, v) => s.support(*x) >= *v,
            Test::SupportBelow(x, v) => s.support(*x) < *v,
            Test::ProgrammeAtLeast(viewer, f, v) => programme_as_seen(s, *viewer, *f) >= *v,
            Test::ProgrammeBelow(viewer, f, v) => programme_as_seen(s, *viewer, *f) < *v,
            Test::SidePresent(x) => s.seated(*x),
            Test::ProvisionInForce(p) => s.provision_in_force(*p),
            // What the others know is public: every side reads it alike.
            Test::FacilityHidden(f) => s.sites.hidden(*f),
            // In the scenario's own turns, as the decks write them and the engine reads them
            // (a class's two-month turn 3 is the scenario's turn 5).
            Test::TurnAtLeast(t) => s.scenario_turn >= *t,
            Test::CrisesAtLeast(n) => s.crises >= *n,
            Test::MonthIn(bits) => bits & (1 << s.month(db)) != 0,
        }
    }
}

/// The nested conditions (rarer), out of line so that `holds` stays small where it is inlined.
#[inline(never)]
fn any_holds(cs: &[Test], db: &ContentDb, s: &GameState) -> bool {
    cs.iter().any(|c| c.holds(db, s))
}

#[inline(never)]
fn all_nested(cs: &[Test], db: &ContentDb, s: &GameState) -> bool {
    cs.iter().all(|c| c.holds(db, s))
}

/// A conjunction (a card's requirements): its flag leaves folded into two masks, checked with
/// one load, and the other leaves in order. Evaluating a condition has no side effect, so the
/// order of the checks does not change the answer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AllOf {
    /// Flags that must be set, and flags that must be clear (bit = `FlagIx`).
    set: u128,
    clear: u128,
    rest: Box<[Test]>,
}

impl AllOf {
    /// `cs`, all of them, for `actor` and `target`.
    pub fn compile(
        cs: &[CompiledCondition],
        actor: SideId,
        target: Option<SideId>,
        prog: Programme,
    ) -> AllOf {
        let (mut set, mut clear, mut rest) = (0u128, 0u128, Vec::new());
        for c in cs {
            match c {
                // `GameState::flag` reads bit `f` of `flags` (a `FlagIx` is below 128).
                CompiledCondition::Flag(f) if *f < 128 => set |= 1u128 << f,
                CompiledCondition::NotFlag(f) if *f < 128 => clear |= 1u128 << f,
                _ => rest.push(Test::compile(c, actor, target, prog)),
            }
        }
        AllOf {
            set,
            clear,
            rest: rest.into(),
        }
    }

    #[inline(always)]
    pub fn holds(&self, db: &ContentDb, s: &GameState) -> bool {
        if s.flags & self.set != self.set || s.flags & self.clear != 0 {
            return false;
        }
        // A plain loop rather than `Iterator::all`, which the compiler keeps out of line.
        for t in self.rest.iter() {
            if !t.holds(db, s) {
                return false;
            }
        }
        true
    }
}
