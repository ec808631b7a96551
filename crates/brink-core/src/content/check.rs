//! Conditions compiled for the engine's hot loops: the event draw (every turn of every game
//! and playout), card legality and the objectives tracked each turn.
//!
//! A `CompiledCondition` names sides through `Who` and reads the state through a match per leaf, which
//! costs a call and an unpredictable jump per leaf. Where the sides are known when the content
//! loads (an event's actor, a card's own side and fixed target, an objective's side), the
//! condition is compiled into a `Check` instead: every leaf is either a number compared with a
//! threshold (`Num`, a slot of the engine's numeric view of the state) or a test of bits
//! (`Bits`: flags, provisions in force, the month, the seating). Leaves of one kind fold
//! together: `Any` of flags and provisions becomes one mask test, a run of "not this flag"
//! requirements another.
//!
//! A `Check` answers exactly as `engine::effects::cond_holds` does for the same condition and
//! sides; `tests/engine_rules.rs` compares the two over every condition in the decks.

use super::compiled::CompiledCondition;
use super::schema::{Meter, ProgrammeField, SideId, Who};

/// Slots of the numeric view (`engine::view::View::nums`), in this order: the six meters, the
/// trust matrix row by row (`trust[a][b]` at `a * 5 + b`), support by side, the programme, and
/// the turn number.
pub const NUM_SLOTS: usize = SLOT_TURN + 1;
pub const TRUST_AT: usize = 6;
pub const SUPPORT_AT: usize = 31;
pub const PROGRAMME_AT: usize = 36;
/// The turn number, as a float (exact: turns are small integers).
pub const SLOT_TURN: usize = PROGRAMME_AT + super::schema::PROGRAMME_FIELDS;

pub fn slot_meter(m: Meter) -> usize {
    m.index()
}
pub fn slot_trust(a: SideId, b: SideId) -> usize {
    TRUST_AT + a.index() * 5 + b.index()
}
pub fn slot_support(x: SideId) -> usize {
    SUPPORT_AT + x.index()
}
pub fn slot_programme(f: ProgrammeField) -> usize {
    PROGRAMME_AT + f.index()
}

/// Bit `m` of the view's `misc` word is set in month `m` (1–12); bit `SEATED_AT + i` is set
/// when side `i` is at the table.
pub const SEATED_AT: u32 = 16;

/// Provisions at or beyond this index are checked through the general evaluator (the view keeps
/// provisions in force in one `u128`).
pub const MAX_FAST_PROVISIONS: usize = 128;

/// A compiled condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// `nums[slot] < thr` if `below`, else `nums[slot] >= thr`.
    Num {
        slot: u8,
        below: bool,
        thr: f32,
    },
    /// Whether any of the masked bits is set (or, with `none`, that none is): `flags` against the
    /// state's flags, `provs` against the provisions in force, `misc` against the month and the
    /// seating. With every mask empty and `none` set, it always holds.
    Bits {
        flags: u128,
        provs: u128,
        misc: u64,
        none: bool,
    },
    Any(Box<[Check]>),
    All(Box<[Check]>),
    /// What the view cannot answer (a provision beyond `MAX_FAST_PROVISIONS`): the general
    /// evaluator, with the sides it was compiled for.
    Slow {
        cond: CompiledCondition,
        actor: SideId,
        target: Option<SideId>,
    },
}

impl Check {
    /// Always true (an empty conjunction).
    pub const TRUE: Check = Check::Bits {
        flags: 0,
        provs: 0,
        misc: 0,
        none: true,
    };

    fn bits(flags: u128, provs: u128, misc: u64, none: bool) -> Check {
        Check::Bits {
            flags,
            provs,
            misc,
            none,
        }
    }

    /// `c` for `actor` and its `target`, as `cond_holds(db, s, c, actor, target)` reads it.
    pub fn compile(c: &CompiledCondition, actor: SideId, target: Option<SideId>) -> Check {
        // As `engine::effects::resolve_who`.
        let who = |w: Who| match w {
            Who::Actor => actor,
            Who::Target => target.unwrap_or(actor),
            Who::Side(s) => s,
        };
        let num = |slot: usize, below: bool, thr: f32| Check::Num {
            slot: slot as u8,
            below,
            thr,
        };
        match c {
            CompiledCondition::Flag(f) => Check::bits(1u128 << f, 0, 0, false),
            CompiledCondition::NotFlag(f) => Check::bits(1u128 << f, 0, 0, true),
            CompiledCondition::MeterAtLeast(m, v) => num(slot_meter(*m), false, *v),
            CompiledCondition::MeterBelow(m, v) => num(slot_meter(*m), true, *v),
            CompiledCondition::TrustAtLeast(a, b, v) => {
                num(slot_trust(who(*a), who(*b)), false, *v)
            }
            CompiledCondition::TrustBelow(a, b, v) => num(slot_trust(who(*a), who(*b)), true, *v),
            CompiledCondition::SupportAtLeast(x, v) => num(slot_support(who(*x)), false, *v),
            CompiledCondition::SupportBelow(x, v) => num(slot_support(who(*x)), true, *v),
            CompiledCondition::ProgrammeAtLeast(f, v) => num(slot_programme(*f), false, *v),
            CompiledCondition::ProgrammeBelow(f, v) => num(slot_programme(*f), true, *v),
            // `turn >= t` on integers; both are exact as floats.
            CompiledCondition::TurnAtLeast(t) => num(SLOT_TURN, false, *t as f32),
            CompiledCondition::SidePresent(x) => {
                Check::bits(0, 0, 1u64 << (SEATED_AT + x.index() as u32), false)
            }
            CompiledCondition::ProvisionInForce(p) if (*p as usize) < MAX_FAST_PROVISIONS => {
                Check::bits(0, 1u128 << p, 0, false)
            }
            // Rare (no card reads the first, one event's factor the last): the engine's own
            // check, out of line.
            CompiledCondition::ProvisionInForce(_)
            | CompiledCondition::CrisesAtLeast(_)
            | CompiledCondition::FacilityHidden(_) => Check::Slow {
                cond: c.clone(),
                actor,
                target,
            },
            // Months are 1–12, so bits 0 and 13–15 of the month mask can never match, in the
            // view as in `cond_holds` (the view's seating bits start at 16).
            CompiledCondition::MonthIn(bits) => Check::bits(0, 0, *bits as u64, false),
            CompiledCondition::Any(cs) => {
                let parts: Vec<Check> = cs
                    .iter()
                    .map(|c| Check::compile(c, actor, target))
                    .collect();
                Check::any(parts)
            }
            CompiledCondition::All(cs) => Check::all_of(cs, actor, target),
        }
    }

    /// A conjunction (a card's or an event's requirements) as one check.
    pub fn all_of(cs: &[CompiledCondition], actor: SideId, target: Option<SideId>) -> Check {
        let parts = Check::conjunction(cs, actor, target);
        match parts.len() {
            0 => Check::TRUE,
            1 => parts.into_iter().next().unwrap_or(Check::TRUE),
            _ => Check::All(parts.into()),
        }
    }

    /// A conjunction as a list of checks that must all hold: nested conjunctions flattened and
    /// every "none of these bits" folded into one test. The order of the checks does not
    /// matter: evaluating a condition has no side effect.
    pub fn conjunction(
        cs: &[CompiledCondition],
        actor: SideId,
        target: Option<SideId>,
    ) -> Vec<Check> {
        let mut flat = Vec::new();
        for c in cs {
            flatten_all(Check::compile(c, actor, target), &mut flat);
        }
        let (mut nf, mut np, mut nm, mut any_none) = (0u128, 0u128, 0u64, false);
        let mut out = Vec::new();
        for c in flat {
            match c {
                Check::Bits {
                    flags,
                    provs,
                    misc,
                    none: true,
                } => {
                    nf |= flags;
                    np |= provs;
                    nm |= misc;
                    any_none = true;
                }
                other => out.push(other),
            }
        }
        if any_none && (nf | np != 0 || nm != 0) {
            out.insert(0, Check::bits(nf, np, nm, true));
        }
        out
    }

    /// A disjunction: positive bit tests folded into one mask test.
    fn any(parts: Vec<Check>) -> Check {
        let folds = |c: &Check| matches!(c, Check::Bits { none: false, .. });
        if !parts.is_empty() && parts.iter().all(folds) {
            let (mut f, mut p, mut m) = (0u128, 0u128, 0u64);
            for c in &parts {
                if let Check::Bits {
                    flags, provs, misc, ..
                } = c
                {
                    f |= flags;
                    p |= provs;
                    m |= misc;
                }
            }
            return Check::bits(f, p, m, false);
        }
        Check::Any(parts.into())
    }
}

/// A card's requirements as a random player asks them, card after card in random order: one
/// numeric test and two one-word bit tests, all three always made (padded with tests that
/// always hold), and whatever is left over asked as a `Check`. Nearly every card's requirements
/// fit (a flag test, a meter threshold, or both), so asking them takes no jump on which kind of
/// test a card happens to have: that jump was a coin toss per card drawn. `View::passes`
/// answers as `View::holds` does for the check it was made from (`tests/engine_checks.rs`).
#[derive(Debug, Clone, PartialEq)]
pub struct FlatCheck {
    /// `(slot, below, threshold)` as `Check::Num`.
    pub num: (u8, bool, f32),
    /// `(word, mask, none)`: whether any masked bit of word `word` (as `draw::WORDS` lays the
    /// words out) is set, or with `none`, that none is.
    pub bits: [(u8, u64, bool); 2],
    /// What did not fit, or None.
    pub rest: Option<Box<Check>>,
}

impl FlatCheck {
    /// A numeric test that always holds: the turn number (never NaN) is at least minus infinity.
    const NUM_TRUE: (u8, bool, f32) = (SLOT_TURN as u8, false, f32::NEG_INFINITY);
    /// A bit test that always holds: no bit of an empty mask is set.
    const BITS_TRUE: (u8, u64, bool) = (0, 0, true);

    pub fn of(c: &Check) -> FlatCheck {
        let mut f = FlatCheck {
            num: Self::NUM_TRUE,
            bits: [Self::BITS_TRUE; 2],
            rest: None,
        };
        let parts: &[Check] = match c {
            Check::All(cs) => cs,
            one => std::slice::from_ref(one),
        };
        let (mut has_num, mut nbits) = (false, 0usize);
        let mut rest = Vec::new();
        for p in parts {
            match p {
                Check::Num { slot, below, thr } if !has_num => {
                    f.num = (*slot, *below, *thr);
                    has_num = true;
                }
                Check::Bits {
                    flags,
                    provs,
                    misc,
                    none,
                } => {
                    let words = super::draw::split_words(*flags, *provs, *misc);
                    let used: Vec<(u8, u64)> =
                        (0u8..).zip(words).filter(|(_, m)| *m != 0).collect();
                    // "None of these bits" splits word by word into tests that must all hold;
                    // "any of these bits" only if it reads one word. With every mask empty
                    // the test always holds (`none`) or never does (left to `rest`).
                    let splits = !used.is_empty() && (*none || used.len() == 1);
                    if splits && nbits + used.len() <= 2 {
                        for (w, m) in used {
                            f.bits[nbits] = (w, m, *none);
                            nbits += 1;
                        }
                    } else if !(used.is_empty() && *none) {
                        rest.push(p.clone());
                    }
                }
                other => rest.push(other.clone()),
            }
        }
        f.rest = match rest.len() {
            0 => None,
            1 => rest.pop().map(Box::new),
            _ => Some(Box::new(Check::All(rest.into()))),
        };
        f
    }
}

fn flatten_all(c: Check, out: &mut Vec<Check>) {
    match c {
        Check::All(cs) => {
            for c in cs.into_vec() {
                flatten_all(c, out);
            }
        }
        other => out.push(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_disjunction_of_flags_and_provisions_is_one_mask_test() {
        let c = CompiledCondition::Any(Box::new([
            CompiledCondition::Flag(3),
            CompiledCondition::ProvisionInForce(5),
        ]));
        assert_eq!(
            Check::compile(&c, SideId::Us, None),
            Check::Bits {
                flags: 1 << 3,
                provs: 1 << 5,
                misc: 0,
                none: false
            }
        );
    }

    #[test]
    fn flags_that_must_be_clear_fold_into_one_test_and_sides_resolve() {
        let cs = [
            CompiledCondition::NotFlag(1),
            CompiledCondition::TrustBelow(Who::Actor, Who::Target, 30.0),
            CompiledCondition::All(Box::new([CompiledCondition::NotFlag(2)])),
        ];
        let got = Check::conjunction(&cs, SideId::Dprk, Some(SideId::Us));
        assert_eq!(
            got,
            vec![
                Check::Bits {
                    flags: 0b110,
                    provs: 0,
                    misc: 0,
                    none: true
                },
                Check::Num {
                    slot: slot_trust(SideId::Dprk, SideId::Us) as u8,
                    below: true,
                    thr: 30.0
                },
            ]
        );
    }

    #[test]
    fn a_provision_beyond_the_view_goes_to_the_general_evaluator() {
        let c = CompiledCondition::ProvisionInForce(200);
        assert!(matches!(
            Check::compile(&c, SideId::Us, None),
            Check::Slow { .. }
        ));
    }
}
