//! The engine's form of the content: flags and ids resolved to small integers, signals resolved
//! to numbers. Built once at load time, so the engine never looks a string up while it plays
//! (the search opponents play millions of turns).

use super::check::{Check, FlatCheck, PROGRAMME_AT, SLOT_TURN, SUPPORT_AT, TRUST_AT};
use super::draw::{CheckTable, DrawTable};
use super::schema::{
    InspectorsChange, Meter, MoveKind, PROGRAMME_FIELDS, ProgrammeField, SideId, Toward,
    VerifiedBy, WaitsFor, Who,
};

pub type FlagIx = u8;
pub type CardIx = u16;
pub type EventIx = u16;
pub type ProvIx = u16;

/// At most this many flags: the game state keeps them in one `u128`.
pub const MAX_FLAGS: usize = 128;

/// At most this many programme facilities (`decks/programme.ron`): the game state keeps each
/// facility's rate and restart turn in fixed arrays, and sets of them in one `u16`.
pub const MAX_FACILITIES: usize = 16;

/// A facility, by its place in the facilities deck.
pub type FacIx = u8;

/// A programme facility, compiled (`schema::Facility`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CompiledFacility {
    pub makes: ProgrammeField,
    pub uses: Option<ProgrammeField>,
    pub declared: bool,
}

impl CompiledFacility {
    /// Whether it makes new fissile material (plutonium in a reactor's fuel, or HEU): what
    /// `ProgrammeField::ProductionKg` adds up. Reprocessing separates plutonium already made.
    pub fn makes_fissile(&self) -> bool {
        self.uses.is_none()
            && matches!(
                self.makes,
                ProgrammeField::SpentFuelKg | ProgrammeField::HeuKg | ProgrammeField::PlutoniumKg
            )
    }
}

/// A plant's outages (`ScenarioSite::outages`) in the scenario's turns.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct OutageRule {
    /// The chance, in each turn it would run, that it stops that turn.
    pub chance: f32,
    /// How many turns a stop lasts, drawn uniformly from (fewest, most).
    pub turns: (u16, u16),
    /// A stop under way at the start, its turns still to run drawn from (fewest, most); (0, 0)
    /// for none.
    pub under_way: (u16, u16),
}

/// How the others' estimate of the warheads moves each turn (`turn::dynamics`): carried forward
/// by what they see made, then closer to the truth as verification allows, in a band of the
/// scenario's own width.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct EstimateRule {
    /// The band's width for its count: each turn the band is the estimate ± (estimate ×
    /// `spread` × (1 − verification/100) + 1), with the spread that gives the scenario's own
    /// `warhead_band` at its starting verification, so the band does not jump at the first
    /// turn's update (SIPRI's 20-30 for 2019 stays about that wide until verification narrows
    /// it).
    pub spread: f32,
    /// The weapons' worth of a kilogram they see made: the known plants' mix at the start, their
    /// plutonium at `Rules::kg_per_warhead` and their HEU at `Rules::heu_per_warhead` (a
    /// scenario without plants makes plutonium).
    pub worth_per_kg: f32,
    /// The warheads a turn the North can assemble at most: what the carrying forward adds in a
    /// turn, at most.
    pub assembly: f32,
    /// The plants the others suspect but have not placed (`ScenarioSite::suspected`), by bit.
    pub suspected: u16,
    /// Per suspected plant: the weapons' worth a turn it makes at the rate they believe, which
    /// the band's high end allows for each turn until it is found.
    pub suspected_worth: [f32; MAX_FACILITIES],
}

impl EstimateRule {
    /// The weapons' worth a turn, at the rates the others believe, of the plants they suspect
    /// and have not placed: those not in `known` (`Sites::known`).
    pub fn unplaced_worth(&self, known: u16) -> f32 {
        let mut unplaced = self.suspected & !known;
        let mut worth = 0.0f32;
        while unplaced != 0 {
            worth += self.suspected_worth[unplaced.trailing_zeros() as usize];
            unplaced &= unplaced - 1;
        }
        worth
    }
}

/// A scenario's programme at the start, by facility (`ScenarioProgramme::sites`), in the
/// game state's layout (`engine::state::Sites`). A scenario without sites has none present
/// and makes `legacy_production` a turn as plutonium.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CompiledProgramme {
    /// Per facility: what it makes a turn when it runs (a month's rate × the turn's months), as
    /// the others believe it.
    pub rate: [f32; MAX_FACILITIES],
    /// Per facility with a bit in `uncertain`: the range its true rate a turn is drawn from at
    /// the start of each game (`ScenarioSite::range`, × the turn's months).
    pub rate_range: [(f32, f32); MAX_FACILITIES],
    /// Bit f: facility f's true rate is drawn from `rate_range` (its estimates disagree).
    pub uncertain: u16,
    /// Bit f: facility f stands idle now and then (`ScenarioSite::outages`), by `outage[f]`.
    pub outages: u16,
    pub outage: [OutageRule; MAX_FACILITIES],
    /// The scenario's turns: the span an outage schedule is drawn for.
    pub turns: u16,
    /// The range the true count of warheads at the start is drawn from
    /// (`ScenarioProgramme::warheads_range`), when it is a range and not one count.
    pub warheads_range: Option<(f32, f32)>,
    /// How the others' estimate of the warheads moves from turn to turn.
    pub estimate: EstimateRule,
    /// Per facility: the first turn it can run (after its building).
    pub ready: [u16; MAX_FACILITIES],
    /// Bit f: the scenario has facility f.
    pub present: u16,
    /// Bit f: the other sides know of facility f at the start.
    pub known: u16,
    /// Warheads that can be assembled a turn, at most.
    pub assembly_per_turn: f32,
    /// Months a turn lasts (a facility's monthly rate is scaled by it).
    pub turn_months: f32,
    /// For a scenario without sites: its `production_kg`, made every turn.
    pub legacy_production: f32,
}

/// The most any programme figure (warheads, kilograms, tests) can reach: far above any real
/// arsenal, and low enough that every sum, estimate, chart axis and printed figure built on it
/// stays finite and exact to the unit (decks with tiny `kg_per_warhead`, or a record's override,
/// could otherwise reach 1e37 and beyond, where the report's chart axis never ends).
pub const PROGRAMME_MAX: f32 = 1_000_000.0;

#[derive(Debug, Clone, PartialEq)]
pub enum CompiledEffect {
    /// A change to one number: a meter, a trust, a support or a programme figure. One variant
    /// for all four, so the engine applies any of them as one indexed update (`at`) with no
    /// jump on which kind it is.
    Num {
        on: NumTarget,
        delta: f32,
        at: NumAt,
    },
    TrustOfAll {
        to: Who,
        delta: f32,
    },
    Pc {
        side: Who,
        delta: i32,
    },
    SetFlag(FlagIx),
    ClearFlag(FlagIx),
    /// Shared, so a pending entry in the game state is a cheap clone.
    Lagged {
        turns: u8,
        effects: std::sync::Arc<[CompiledEffect]>,
    },
    Ramp {
        turns: u8,
        meter: Meter,
        delta: f32,
    },
    If {
        when: CompiledCondition,
        then: Box<[CompiledEffect]>,
        otherwise: Box<[CompiledEffect]>,
    },
    /// The public estimate closes this share of its gap to the truth.
    Reveal {
        share: f32,
    },
    /// A facility makes `rate` more a month (a scenario without it: nothing).
    FacilityRate {
        facility: FacIx,
        rate: f32,
    },
    /// The other sides learn that a facility exists.
    RevealFacility(FacIx),
    /// The inspection regime changes.
    Inspectors(InspectorsChange),
}

impl CompiledEffect {
    pub fn num(on: NumTarget, delta: f32) -> CompiledEffect {
        CompiledEffect::Num {
            on,
            delta,
            at: NumAt::of(on),
        }
    }
}

/// The number a `CompiledEffect::Num` changes, as the content names it (what the text, the personas
/// and the report read).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumTarget {
    Meter(Meter),
    Trust { from: Who, to: Who },
    Support(Who),
    Programme(ProgrammeField),
}

/// A `NumTarget` as an address in the game state's numbers (`GameState::nums`, laid out as
/// `check` says), for the engine: slot `base + a_mul·a + b_mul·b`, where `a` and `b` are sides
/// given as codes (`who_code`) that the actor and target of the moment resolve. A trust needs
/// both sides seated and distinct, a support its side seated (else the change is dropped, as
/// `effects::change` drops it); every number is at least 0 and at most `hi` (the ranges of
/// `effects::bounds`, which a unit test there holds them to).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumAt {
    pub base: u8,
    pub a: u8,
    pub a_mul: u8,
    pub b: u8,
    pub b_mul: u8,
    pub seated_a: bool,
    pub seated_b: bool,
    pub distinct: bool,
    pub hi: f32,
}

/// A `Who` as an index into `[actor, target (or the actor), US, DPRK, ROK, China, Japan]`.
pub fn who_code(w: Who) -> u8 {
    match w {
        Who::Actor => 0,
        Who::Target => 1,
        Who::Side(s) => 2 + s.index() as u8,
    }
}

impl NumAt {
    pub fn of(on: NumTarget) -> NumAt {
        let fixed = |base: usize, hi: f32| NumAt {
            base: base as u8,
            a: 0,
            a_mul: 0,
            b: 0,
            b_mul: 0,
            seated_a: false,
            seated_b: false,
            distinct: false,
            hi,
        };
        match on {
            NumTarget::Meter(m) => fixed(m.index(), 100.0),
            NumTarget::Programme(f) => fixed(
                PROGRAMME_AT + f.index(),
                if f == ProgrammeField::IcbmReadiness {
                    100.0
                } else {
                    PROGRAMME_MAX
                },
            ),
            NumTarget::Trust { from, to } => NumAt {
                a: who_code(from),
                a_mul: 5,
                b: who_code(to),
                b_mul: 1,
                seated_a: true,
                seated_b: true,
                distinct: true,
                ..fixed(TRUST_AT, 100.0)
            },
            NumTarget::Support(side) => NumAt {
                base: SUPPORT_AT as u8,
                a: who_code(side),
                a_mul: 1,
                seated_a: true,
                ..fixed(SUPPORT_AT, 100.0)
            },
        }
    }
}

/// A card's effects resolved for the card's own side and fixed target, when every one of them
/// is a number change or a flag (most cards are). A playout applies a card this way: each
/// number is one clamped add at a slot fixed at load time, and the flags one mask update,
/// instead of a jump on each effect's kind and a resolution of its sides. Number changes and
/// flags do not read each other, so doing the flags last changes nothing; the numbers keep
/// their order. `effects::apply_card_effects` uses it, and a test there holds it to the
/// general path.
#[derive(Debug, Clone, PartialEq)]
pub struct FastEffects {
    /// `(slot, delta, hi, needs)`: `nums[slot] = clamp(nums[slot] + delta, 0, hi)` if every side
    /// in the bit mask `needs` is seated. Changes the general path would always drop (a zero
    /// or non-finite delta, a side's trust in itself) are left out.
    pub nums: Box<[(u8, f32, f32, u8)]>,
    /// Then `flags = (flags & keep) | set`.
    pub keep: u128,
    pub set: u128,
    /// Then these, in their order, through the general path: political capital and lagged
    /// effects, which neither read nor change the numbers and flags above (a budget; a later
    /// turn's list), so applying them after the rest leaves what the list in its own order
    /// would. Most lists have none.
    pub tail: Box<[CompiledEffect]>,
}

impl FastEffects {
    /// The fast form of `effects` for `actor` and `target`, or None if any effect is of
    /// another kind (or would change a number outside the state's numbers).
    pub fn of(
        effects: &[CompiledEffect],
        actor: SideId,
        target: Option<SideId>,
    ) -> Option<FastEffects> {
        let sides = |code: u8| -> usize {
            match code {
                0 => actor.index(),
                1 => target.unwrap_or(actor).index(),
                c => c as usize - 2,
            }
        };
        let (mut nums, mut keep, mut set, mut tail) = (Vec::new(), !0u128, 0u128, Vec::new());
        for e in effects {
            match e {
                CompiledEffect::Num { delta, at, .. } => {
                    let (a, b) = (sides(at.a), sides(at.b));
                    let slot = at.base as usize + at.a_mul as usize * a + at.b_mul as usize * b;
                    // The state's numbers are the slots below the turn's.
                    if slot >= SLOT_TURN {
                        return None;
                    }
                    let dropped = (at.distinct && a == b) || *delta == 0.0 || !delta.is_finite();
                    if !dropped {
                        let needs = (at.seated_a as u8) << a | (at.seated_b as u8) << b;
                        nums.push((slot as u8, *delta, at.hi, needs));
                    }
                }
                CompiledEffect::SetFlag(f) => set |= 1u128 << f,
                CompiledEffect::ClearFlag(f) => {
                    keep &= !(1u128 << f);
                    set &= !(1u128 << f);
                }
                CompiledEffect::Pc { .. } | CompiledEffect::Lagged { .. } => tail.push(e.clone()),
                _ => return None,
            }
        }
        Some(FastEffects {
            nums: nums.into(),
            keep,
            set,
            tail: tail.into(),
        })
    }

    /// The fast form of a provision's effects each turn: the same whoever the agreement's
    /// parties are (every actor and target give the same form), and with no sanctions relief;
    /// else None.
    pub fn of_provision(effects: &[CompiledEffect]) -> Option<FastEffects> {
        let first = FastEffects::of(effects, SideId::Us, None)?;
        let targets = std::iter::once(None).chain(SideId::ALL.map(Some));
        for actor in SideId::ALL {
            for target in targets.clone() {
                if FastEffects::of(effects, actor, target).as_ref() != Some(&first) {
                    return None;
                }
            }
        }
        (!first.relieves()).then_some(first)
    }

    /// Whether it may lower sanctions pressure (which only a signing or a provision may do as
    /// relief, and which must then be noted).
    pub fn relieves(&self) -> bool {
        let sanctions = Meter::Sanctions.index() as u8;
        self.nums
            .iter()
            .any(|&(slot, delta, ..)| slot == sanctions && delta < 0.0)
    }
}

/// One effect list's fast forms for every actor and target it may be applied with, for the
/// lists whose parties vary from one application to the next: a card's `on_reject` (offered
/// or countered, by either end), its `on_detect`, a provision's `on_sign`. A form that may
/// lower sanctions pressure is left out (as `of_provision` leaves it), so the relief a signing
/// grants is noted on the general path.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FastByParties {
    /// Index `actor * 6 + target`, the target's index or 5 for none. Empty when no actor and
    /// target give a fast form (or the list is empty, which the general path does in no time).
    forms: Box<[Option<FastEffects>]>,
}

impl FastByParties {
    pub fn of(effects: &[CompiledEffect]) -> FastByParties {
        if effects.is_empty() {
            return FastByParties::default();
        }
        let mut forms = Vec::with_capacity(SideId::ALL.len() * 6);
        for actor in SideId::ALL {
            for target in SideId::ALL.map(Some).into_iter().chain([None]) {
                forms.push(FastEffects::of(effects, actor, target).filter(|f| !f.relieves()));
            }
        }
        if forms.iter().all(Option::is_none) {
            forms.clear();
        }
        FastByParties {
            forms: forms.into(),
        }
    }

    /// The fast form for `actor` at `target`, if there is one.
    #[inline(always)]
    pub fn get(&self, actor: SideId, target: Option<SideId>) -> Option<&FastEffects> {
        let t = target.map_or(5, SideId::index);
        self.forms.get(actor.index() * 6 + t)?.as_ref()
    }
}

/// A card's (or an event's) signals resolved for its own side and target with all five sides
/// seated: one entry per side a signal reaches, in the order `turn::emit_all` sends them, each
/// with the share of the signal it carries. A playout sends them from this list instead of
/// resolving each signal's direction and counting the seated sides every time.
#[derive(Debug, Clone, PartialEq)]
pub struct FastSignals {
    /// `(to, value, share, allies)`: `allies` when both ends are allies, so the signal counts
    /// at `Rules::ally_signal_share`. Signals to oneself and of no value are left out, as
    /// `emit` drops them.
    pub to: Box<[(u8, f32, f32, bool)]>,
}

impl FastSignals {
    pub fn of(signals: &[CompiledSignal], from: SideId, target: Option<SideId>) -> FastSignals {
        let mut to = Vec::new();
        for sig in signals {
            let (sides, share): (Vec<SideId>, f32) = match sig.toward.at(target) {
                Toward::Side(x) => (vec![x], 1.0),
                Toward::All | Toward::Target => {
                    let others: Vec<SideId> =
                        SideId::ALL.into_iter().filter(|x| *x != from).collect();
                    let share = 1.0 / others.len().max(1) as f32;
                    (others, share)
                }
            };
            for x in sides {
                if x != from && sig.value != 0.0 {
                    let allies = from.in_alliance() && x.in_alliance();
                    to.push((x.index() as u8, sig.value, share, allies));
                }
            }
        }
        FastSignals { to: to.into() }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum CompiledCondition {
    Flag(FlagIx),
    NotFlag(FlagIx),
    MeterAtLeast(Meter, f32),
    MeterBelow(Meter, f32),
    TrustAtLeast(Who, Who, f32),
    TrustBelow(Who, Who, f32),
    SupportAtLeast(Who, f32),
    SupportBelow(Who, f32),
    ProgrammeAtLeast(ProgrammeField, f32),
    ProgrammeBelow(ProgrammeField, f32),
    SidePresent(SideId),
    ProvisionInForce(ProvIx),
    FacilityHidden(FacIx),
    TurnAtLeast(u16),
    CrisesAtLeast(u16),
    /// Bit m set: month m (1–12) matches.
    MonthIn(u16),
    Any(Box<[CompiledCondition]>),
    All(Box<[CompiledCondition]>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CompiledSignal {
    pub toward: Toward,
    /// Goldstein weight × intensity, −15..15.
    pub value: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CompiledPackage {
    None,
    Fixed(Box<[ProvIx]>),
    Chosen,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CompiledCard {
    pub side: SideId,
    pub kind: MoveKind,
    pub cost: u8,
    pub target: Option<SideId>,
    pub requires: Box<[CompiledCondition]>,
    /// `requires`, compiled for the card's side and fixed target (`card_playable`).
    pub check: Check,
    /// `check` as the random player's legality test asks it (`View::passes`).
    pub flat: FlatCheck,
    pub effects: Box<[CompiledEffect]>,
    /// `effects` resolved for the card's side and fixed target, if they allow it.
    pub fast: Option<FastEffects>,
    /// `signals` resolved for the card's side and fixed target.
    pub fast_signals: FastSignals,
    pub on_reject: Box<[CompiledEffect]>,
    /// `on_reject`'s fast forms (it is applied from whichever end made the offer).
    pub fast_on_reject: FastByParties,
    pub package: CompiledPackage,
    pub signals: Box<[CompiledSignal]>,
    pub detection: f32,
    pub on_detect: Box<[CompiledEffect]>,
    /// `on_detect`'s fast forms (played by whoever holds the card, at its target).
    pub fast_on_detect: FastByParties,
    pub violates: Box<[ProvIx]>,
    pub cooldown: u8,
}

impl CompiledCard {
    /// Whether a play by `side` at `target` is the card's own play: its side at its own fixed
    /// target (or none), the play its `fast` and `fast_signals` were resolved for.
    pub fn played_as_own(&self, side: SideId, target: Option<SideId>) -> bool {
        side == self.side && target == self.target
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CompiledEvent {
    pub actor: Option<SideId>,
    pub incident: bool,
    pub weight: f32,
    pub weight_if: Box<[(CompiledCondition, f32)]>,
    pub requires: Box<[CompiledCondition]>,
    pub effects: Box<[CompiledEffect]>,
    /// `effects` resolved for the event's actor (or the US), if they allow it.
    pub fast: Option<FastEffects>,
    pub signals: Box<[CompiledSignal]>,
    /// `signals` resolved for the event's actor, if it has one.
    pub fast_signals: Option<FastSignals>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CompiledProvision {
    pub obligations: Box<[SideId]>,
    /// `obligations` as a mask (bit `side.index()`): the sides an offer of this provision asks
    /// to co-sign are found with one `|` per provision, on every offer made.
    pub obliges: u8,
    pub verification_needed: f32,
    pub on_sign: Box<[CompiledEffect]>,
    /// `on_sign`'s fast forms, for the offer's two ends.
    pub fast_on_sign: FastByParties,
    pub per_turn: Box<[CompiledEffect]>,
    /// `per_turn` resolved at load time (see `FastEffects`), where it does not depend on who
    /// signed and gives no sanctions relief (relief is noted per agreement, for snapback).
    pub fast_per_turn: Option<FastEffects>,
    /// `Provision::on_break`, compiled.
    pub on_break: Box<[CompiledEffect]>,
    pub snapback: bool,
    /// It limits a part of the programme: a deal with none is a statement. The one answer to
    /// "does this provision limit the programme?", settled once at load
    /// (`CompiledProvision::settle_limits`): its deck's `limits` (a test halt, a declaration: limits
    /// the engine has no plant or count for), a limiting goal that names it, or anything it does
    /// to the plants and counts (`touches_programme`). Everything that asks reads this.
    pub limits: bool,
    /// Rounds of talks between an offer's two ends it needs before it can be signed
    /// (`Provision::rounds`, or `Rules::talks_rounds` if it limits the programme).
    pub rounds: u8,
    /// Its steps over turns, in order (empty: it takes its whole effect on signing).
    pub steps: Box<[CompiledStep]>,
    /// `covers`, resolved.
    pub covers: Box<[ProvIx]>,
    /// The provisions that cover this one (`covers` read the other way).
    pub covered_by: Box<[ProvIx]>,
    /// The programme: bit f of `freezes` and `dismantles` for facility f; bit
    /// `ProgrammeField::index()` of `caps` and `ships_out` for a count.
    pub freezes: u16,
    pub dismantles: u16,
    pub caps: u16,
    pub ships_out: u16,
    /// Indexed by side.
    pub value: [f32; 5],
}

impl CompiledProvision {
    /// Whether it stops, takes apart, caps or removes anything of the programme: the plant
    /// mechanics the programme's step applies (`engine::turn::programme`). Whether it *limits*
    /// the programme is `limits`, which includes this.
    pub fn touches_programme(&self) -> bool {
        (self.freezes | self.dismantles | self.caps | self.ships_out) != 0
    }

    /// Settles `limits`: a provision that freezes, dismantles, caps or ships out limits the
    /// programme whatever its deck says (a cap written without `limits: true` made a deal of
    /// it a mere statement).
    pub fn settle_limits(&mut self) {
        self.limits |= self.touches_programme();
    }
}

/// A step of a phased provision, compiled (see `schema::Step`).
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledStep {
    pub after: u8,
    pub waits_for: WaitsFor,
    pub verified_by: VerifiedBy,
    pub effects: Box<[CompiledEffect]>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CompiledObjectiveTest {
    AtEnd(CompiledCondition),
    Always(CompiledCondition),
    LastTurns(u16, CompiledCondition),
    ForTurns(u16, CompiledCondition),
    Ever(CompiledCondition),
    NoWar,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CompiledObjective {
    pub weight: f32,
    pub test: CompiledObjectiveTest,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CompiledScenario {
    /// Indexed by side: None if the side is absent.
    pub sides: [Option<CompiledScenarioSide>; 5],
    /// The election campaigns that fall inside this scenario (`Campaign`), with their turns.
    pub campaigns: Box<[CompiledCampaign]>,
    /// The objectives judged along the way (not only at the end), as (side, objective index,
    /// its condition compiled for that side): the end of every turn updates exactly these.
    pub tracked: Box<[(SideId, u16, Check)]>,
    /// The same conditions answered together (bit `bits[k]` for `tracked[k]`); None for a list
    /// with too many distinct conditions, which is then asked check by check.
    pub tracked_table: Option<CheckTable>,
    pub scheduled: Box<[(u16, EventIx)]>,
    /// Indexed by card: false if the scenario leaves the card out (by `exclude_cards`, or
    /// because none of its turns falls inside the card's dates).
    pub card_allowed: Box<[bool]>,
    /// Indexed by card: the first turn its dates allow (1 for most). A new game starts each
    /// card's cooldown there (`GameState::ready_turn`), so an early turn offers it nowhere.
    pub card_first: Box<[u16]>,
    /// (last turn, card) for the cards whose dates end before the scenario does: from the turn
    /// after, the card is put out of play for good (see `CompiledScenario::ready_floor`).
    pub card_expiries: Box<[(u16, CardIx)]>,
    /// Indexed by event: the turns its dates allow, (first, last).
    pub event_turns: Box<[(u16, u16)]>,
    /// The scenario's length in turns.
    pub turns: u16,
    /// The programme by facility at the start.
    pub programme: CompiledProgramme,
    /// Indexed by provision: false if the scenario leaves it off the table.
    pub provision_allowed: Box<[bool]>,
    /// The provisions a package may hold here, in deck order (all of them unless the scenario
    /// excludes some): what a random player picks from.
    pub provisions_on_table: Box<[ProvIx]>,
    /// Each side's cards that this scenario keeps, in deck order (`cards_by_side` less the
    /// excluded ones): what a random player draws from, so that a card left out of a scenario
    /// changes nothing in its random games.
    pub hands: [Box<[CardIx]>; 5],
    /// Indexed by event: false if the scenario's draws leave the event out.
    pub event_allowed: Box<[bool]>,
    /// The sum of the base weights of the incidents this scenario can draw: the incident roll
    /// scales its chance by how much of it the state leaves (design §5).
    pub incident_base: f32,
    pub start_flags: u128,
    pub start_year: i32,
    pub start_month: u8,
    /// The ordinary events this scenario's turn draw can ever pick, and its incidents, in deck
    /// order, with what the seating settles already settled (see `CompiledDraw`).
    pub draws: Box<[CompiledDraw]>,
    pub incident_draws: Box<[CompiledDraw]>,
    /// The same two tables compiled for the draw (see `draw::DrawTable`); None for a table
    /// too large to compile, which is then weighed event by event.
    pub draw_table: Option<DrawTable>,
    pub incident_table: Option<DrawTable>,
    /// The running sums of the ordinary draws' ceilings (`draw::running_ceilings`): the turn's
    /// draw proposes from these and weighs only the event proposed.
    pub draw_ceilings: Box<[f64]>,
    /// Every ordered pair of distinct seated sides, `a` major (trust decays over these), and
    /// the unordered ones with `a < b` (reciprocity judges these).
    pub pairs: Pairs,
    pub unordered_pairs: Pairs,
    /// The ordered pairs again, over the flattened 5×5 trust matrix (`a * 5 + b`): set where
    /// `pairs` has the pair. Trust decay with no log walks the whole matrix with it, cell by
    /// cell, with no jump.
    pub pair_mask: [bool; 25],
}

/// An event as one scenario's draw weighs it. Which sides sit at the table is fixed for the
/// whole game, so at load time an event whose actor is absent, or that requires an absent side,
/// is dropped (its weight could only be zero), and `SidePresent` tests are settled. The draw runs
/// every turn of every playout; this keeps it to the conditions that can change.
///
/// Dropping a zero-weight event does not change the draw: its weight adds nothing to the total
/// or to the running sum the pick walks.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledDraw {
    pub event: EventIx,
    /// The base weight, times any leading `weight_if` factors the seating settles as true
    /// (folded in the order the engine would multiply them, so the float result is the same).
    pub weight: f32,
    /// The requirements, compiled for the event's actor (or the US): all must hold.
    pub requires: Box<[Check]>,
    /// The remaining factors, in order, each with its compiled condition.
    pub weight_if: Box<[(Check, f32)]>,
}

/// What a scenario settles before play: the sides seated, and the plants that can never be
/// hidden in it (absent, or known to the others from the start: what they know only grows).
#[derive(Debug, Clone, Copy)]
pub struct Settles {
    pub seated: [bool; 5],
    pub never_hidden: u16,
}

/// A condition with the scenario settled: known true, known false, or left to play.
enum Settled {
    True,
    False,
    Open(CompiledCondition),
}

fn settle(c: &CompiledCondition, at: &Settles) -> Settled {
    match c {
        CompiledCondition::SidePresent(x) => {
            if at.seated[x.index()] {
                Settled::True
            } else {
                Settled::False
            }
        }
        CompiledCondition::FacilityHidden(f) if at.never_hidden >> f & 1 != 0 => Settled::False,
        CompiledCondition::Any(cs) => {
            let mut open = Vec::new();
            for c in cs.iter() {
                match settle(c, at) {
                    Settled::True => return Settled::True,
                    Settled::False => {}
                    Settled::Open(c) => open.push(c),
                }
            }
            match open.len() {
                0 => Settled::False,
                _ => Settled::Open(CompiledCondition::Any(open.into())),
            }
        }
        CompiledCondition::All(cs) => {
            let mut open = Vec::new();
            for c in cs.iter() {
                match settle(c, at) {
                    Settled::True => {}
                    Settled::False => return Settled::False,
                    Settled::Open(c) => open.push(c),
                }
            }
            match open.len() {
                0 => Settled::True,
                _ => Settled::Open(CompiledCondition::All(open.into())),
            }
        }
        other => Settled::Open(other.clone()),
    }
}

impl CompiledDraw {
    /// The event as drawn in a scenario that settles `at`; None if its weight could only be
    /// zero.
    pub fn settle(event: EventIx, e: &CompiledEvent, at: &Settles) -> Option<CompiledDraw> {
        if e.weight == 0.0 || e.actor.is_some_and(|a| !at.seated[a.index()]) {
            return None;
        }
        let mut requires = Vec::new();
        for c in e.requires.iter() {
            match settle(c, at) {
                Settled::True => {}
                Settled::False => return None,
                Settled::Open(c) => requires.push(c),
            }
        }
        let mut weight = e.weight;
        let mut weight_if = Vec::new();
        for (c, f) in e.weight_if.iter() {
            match settle(c, at) {
                // Only a leading factor may be folded: a later one multiplies after factors
                // that may or may not apply, and float multiplication is not associative.
                Settled::True if weight_if.is_empty() => weight *= f,
                Settled::True => weight_if.push((CompiledCondition::All(Box::new([])), *f)),
                Settled::False => {}
                Settled::Open(c) => weight_if.push((c, *f)),
            }
        }
        if weight == 0.0 {
            return None;
        }
        // `Who::Actor` in an event's conditions names its actor, or the US for an event with
        // none (as `fire_event` applies it).
        let actor = e.actor.unwrap_or(SideId::Us);
        Some(CompiledDraw {
            event,
            weight,
            requires: Check::conjunction(&requires, actor, None).into(),
            weight_if: weight_if
                .iter()
                .map(|(c, f)| (Check::compile(c, actor, None), *f))
                .collect(),
        })
    }
}

/// Pairs of sides, as (a, b).
pub type Pairs = Box<[(SideId, SideId)]>;

impl CompiledScenario {
    /// The earliest turn a card may be played on by its dates, as of `turn`: its first turn,
    /// or never (`u16::MAX`) once its last has gone by.
    pub fn ready_floor(&self, card: CardIx, turn: u16) -> u16 {
        if self
            .card_expiries
            .iter()
            .any(|&(last, c)| c == card && turn > last)
        {
            u16::MAX
        } else {
            self.card_first.get(card as usize).copied().unwrap_or(1)
        }
    }

    /// The seated pairs, in the order the engine's loops visit them: (ordered, unordered).
    pub fn seated_pairs(sides: &[Option<CompiledScenarioSide>; 5]) -> (Pairs, Pairs) {
        let (mut ordered, mut unordered) = (Vec::new(), Vec::new());
        for a in SideId::ALL {
            for b in SideId::ALL {
                if a == b || sides[a.index()].is_none() || sides[b.index()].is_none() {
                    continue;
                }
                ordered.push((a, b));
                if a < b {
                    unordered.push((a, b));
                }
            }
        }
        (ordered.into(), unordered.into())
    }

    /// `pairs` as a mask over the flattened trust matrix (see `pair_mask`).
    pub fn pair_mask(pairs: &[(SideId, SideId)]) -> [bool; 25] {
        let mut m = [false; 25];
        for &(a, b) in pairs {
            m[a.index() * 5 + b.index()] = true;
        }
        m
    }

    pub fn tracked_objectives(
        sides: &[Option<CompiledScenarioSide>; 5],
    ) -> Box<[(SideId, u16, Check)]> {
        let mut out = Vec::new();
        for side in SideId::ALL {
            let Some(ss) = &sides[side.index()] else {
                continue;
            };
            for (i, obj) in ss.objectives.iter().enumerate() {
                if let Some(c) = obj.test.tracked() {
                    out.push((side, i as u16, Check::compile(c, side, None)));
                }
            }
        }
        out.into()
    }
}

impl CompiledObjectiveTest {
    /// The condition checked at the end of every turn, for the tests judged along the way;
    /// None for those judged once at the end.
    pub fn tracked(&self) -> Option<&CompiledCondition> {
        match self {
            CompiledObjectiveTest::AtEnd(_) | CompiledObjectiveTest::NoWar => None,
            CompiledObjectiveTest::Always(c)
            | CompiledObjectiveTest::LastTurns(_, c)
            | CompiledObjectiveTest::ForTurns(_, c)
            | CompiledObjectiveTest::Ever(c) => Some(c),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CompiledScenarioSide {
    pub pc_per_turn: u8,
    pub pc_cap: u8,
    pub support: f32,
    pub objectives: Box<[CompiledObjective]>,
    /// The side's changes of mind (`PersonaShift`), in deck order (at most 32).
    pub shifts: Box<[CompiledShift]>,
    /// The factions inside the side's government (`Faction`), in deck order.
    pub factions: Box<[CompiledFaction]>,
}

/// A `Campaign` placed in one scenario: the side, the turns it runs (inclusive), its risky
/// cards with their change of worth, its change of the acceptance threshold, and its index in
/// `ContentDb::campaigns` (for its reason).
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledCampaign {
    pub side: SideId,
    pub from: u16,
    pub until: u16,
    pub risky: Box<[(CardIx, f32)]>,
    pub accept: f32,
    pub index: u16,
}

/// A `Faction` compiled: when it has the upper hand, how often it acts, and what it acts on.
/// Its name and reason stay in the scenario (`Scenario::sides`), for the log.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledFaction {
    pub upper_hand: CompiledCondition,
    pub chance: f32,
    pub pull_cards: Box<[CardIx]>,
    pub pull_provisions: Box<[ProvIx]>,
    pub push_cards: Box<[CardIx]>,
    pub push_provisions: Box<[ProvIx]>,
}

impl CompiledFaction {
    /// Whether it would pull back (`pull`) or push through an offer of `card` with `package`.
    // `iter().any` in place of `contains`, which is compiled out of line (a call per test).
    #[allow(clippy::manual_contains)]
    pub fn cares(&self, pull: bool, card: CardIx, package: &[ProvIx]) -> bool {
        let (cards, provisions) = if pull {
            (&self.pull_cards, &self.pull_provisions)
        } else {
            (&self.push_cards, &self.push_provisions)
        };
        // Written out rather than `contains`, which is compiled out of line: asked of every
        // faction at every offer settled, over lists of a few ids.
        cards.iter().any(|&c| c == card)
            || package.iter().any(|&p| provisions.iter().any(|&q| q == p))
    }
}

/// A `PersonaShift` compiled: its condition, the persona index and how long it lasts.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledShift {
    pub when: CompiledCondition,
    pub to: u16,
    pub turns: Option<u16>,
}

/// Offer-answer signals and other numbers the engine derives from the rules and the CAMEO table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DerivedRules {
    /// Signal of rejecting an offer (CAMEO 125 at half intensity).
    pub reject_signal: f32,
    /// Signal of signing an agreement (CAMEO 057).
    pub sign_signal: f32,
    /// Signal of a detected covert move (CAMEO 128).
    pub cheat_signal: f32,
    /// Indexes of well-known flags the engine itself manages.
    pub flag_exercises_suspended: Option<FlagIx>,
    pub flag_exercises_consulted: Option<FlagIx>,
    pub flag_test_moratorium: Option<FlagIx>,
    pub flag_icbm_moratorium: Option<FlagIx>,
    pub flag_talks_suspended: Option<FlagIx>,
    /// Set when the DPRK agrees a package in principle (`engine::turn::offers`).
    pub flag_talks_under_way: Option<FlagIx>,
    /// Kept set exactly while inspectors of any regime are in the country.
    pub flag_inspectors_present: Option<FlagIx>,
    /// Where the Brink rung starts (the crisis threshold).
    pub brink_from: f32,
    /// Bit p: provision p (below `MAX_FAST_PROVISIONS`) freezes, dismantles, caps or ships
    /// something out: the programme step asks only these.
    pub programme_provisions: u128,
    /// Whether a provision at or past `MAX_FAST_PROVISIONS` does (then the step also walks
    /// the agreements).
    pub programme_provisions_beyond: bool,
}

/// A persona, compiled (see `schema::Persona` for what each number means).
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledPersona {
    /// Indexed by side.
    pub sides: [bool; 5],
    pub cooperation: f32,
    pub objectives: f32,
    pub caution: f32,
    /// Indexed by `Meter::index()`.
    pub meter_weights: [f32; 6],
    /// Indexed by `ProgrammeField::index()`.
    pub programme_weights: [f32; PROGRAMME_FIELDS],
    pub flag_weights: Box<[(FlagIx, f32)]>,
    /// Indexed by side: worth of a point of that side's trust in the persona's side.
    pub trust_weights: [f32; 5],
    pub support_weight: f32,
    pub card_bias: Box<[(CardIx, f32)]>,
    pub rules: Box<[CompiledPersonaRule]>,
    pub reserve_pc: u8,
    pub min_value: f32,
    pub temperature: f32,
    pub provision_bias: Box<[(ProvIx, f32)]>,
    pub never_accept: Box<[ProvIx]>,
    pub require_in_package: Box<[ProvIx]>,
    pub package_rules: Box<[CompiledPackageRule]>,
    pub accept_threshold: f32,
    pub asks: Box<[ProvIx]>,
    pub gives: Box<[ProvIx]>,
    pub max_asks: u8,
    pub generosity: f32,
    pub back_down_above: f32,
}

/// A persona rule, compiled; its reason text stays in `Persona::rules`.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledPersonaRule {
    pub when: CompiledCondition,
    pub cards: Box<[(CardIx, f32)]>,
    pub cooperation: f32,
    pub accept: f32,
    pub back_down: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CompiledPackageRule {
    pub if_any: Box<[ProvIx]>,
    pub require_all: Box<[ProvIx]>,
    pub require_any: Box<[ProvIx]>,
}

impl CompiledPackageRule {
    /// Whether the rule bears on `pkg`: one of its triggers is in it (a rule without triggers
    /// bears on every package).
    pub fn applies_to(&self, pkg: &[ProvIx]) -> bool {
        self.if_any.is_empty() || self.if_any.iter().any(|q| pkg.contains(q))
    }

    /// Whether `pkg` holds what the rule asks: all of `require_all` and one of `require_any`.
    pub fn met_by(&self, pkg: &[ProvIx]) -> bool {
        self.require_all.iter().all(|q| pkg.contains(q))
            && (self.require_any.is_empty() || self.require_any.iter().any(|q| pkg.contains(q)))
    }
}
