//! The state as compiled conditions (`content::check::Check`) read it: every number a condition
//! can name in one flat array, and every bit in three words. Built once before a batch of
//! checks (the turn's event draw, a random player's plan, the objectives), so that each check
//! is a load and a compare with no jump on the condition's kind.

use crate::content::check::{
    Check, MAX_FAST_PROVISIONS, NUM_SLOTS, SEATED_AT, SLOT_TURN, slot_programme, slot_support,
};
use crate::content::{ContentDb, ProgrammeField, SideId};

use super::effects::cond_holds;
use super::state::{AgreementStatus, GameState};

pub struct View<'a> {
    pub nums: [f32; NUM_SLOTS],
    pub flags: u128,
    /// Bit p: provision p is part of an agreement in force.
    pub provs: u128,
    /// The month's bit and the seating (see `check::SEATED_AT`).
    pub misc: u64,
    /// For the rare check the view cannot answer (`Check::Slow`).
    db: &'a ContentDb,
    s: &'a GameState,
}

impl<'a> View<'a> {
    pub fn of(db: &'a ContentDb, s: &'a GameState) -> View<'a> {
        let mut nums = [0.0f32; NUM_SLOTS];
        nums[..6].copy_from_slice(&s.meters);
        nums[6..31].copy_from_slice(s.trust.as_flattened());
        for x in SideId::ALL {
            nums[slot_support(x)] = s.sides[x.index()].support;
        }
        let p0 = slot_programme(ProgrammeField::Warheads);
        nums[p0..p0 + 8].copy_from_slice(&s.programme);
        nums[SLOT_TURN] = s.turn as f32;
        let mut provs = 0u128;
        for a in &s.agreements {
            if a.status == AgreementStatus::InForce {
                for &p in &a.provisions {
                    if (p as usize) < MAX_FAST_PROVISIONS {
                        provs |= 1u128 << p;
                    }
                }
            }
        }
        let mut misc = 1u64 << s.month;
        for x in SideId::ALL {
            if s.seated(x) {
                misc |= 1u64 << (SEATED_AT + x.index() as u32);
            }
        }
        View {
            nums,
            flags: s.flags,
            provs,
            misc,
            db,
            s,
        }
    }

    /// Whether `c` holds, as `cond_holds` would answer for the condition it was compiled from.
    #[inline(always)]
    pub fn holds(&self, c: &Check) -> bool {
        match c {
            Check::Num { slot, below, thr } => {
                let x = self.nums[*slot as usize];
                // Both compares, then a select: the same answers as `<` and `>=` on the state,
                // NaN included, without a jump on `below`.
                let (lt, ge) = (x < *thr, x >= *thr);
                if *below { lt } else { ge }
            }
            Check::Bits {
                flags,
                provs,
                misc,
                none,
            } => {
                let hit = (self.flags & flags) | (self.provs & provs) | (self.misc & misc) as u128;
                (hit != 0) != *none
            }
            other => self.holds_nested(other),
        }
    }

    /// `Any`, `All` and `Slow`: rarer, out of line so that `holds` stays small where inlined.
    #[inline(never)]
    fn holds_nested(&self, c: &Check) -> bool {
        match c {
            Check::Any(cs) => cs.iter().any(|c| self.holds(c)),
            Check::All(cs) => cs.iter().all(|c| self.holds(c)),
            Check::Slow {
                cond,
                actor,
                target,
            } => cond_holds(self.db, self.s, cond, *actor, *target),
            leaf => self.holds(leaf),
        }
    }

    /// Whether every check holds, without stopping at the first that fails (no jump per check
    /// on the answer; a condition has no side effect, so the answer is the same).
    #[inline(always)]
    pub fn all(&self, cs: &[Check]) -> bool {
        let mut ok = true;
        for c in cs {
            ok &= self.holds(c);
        }
        ok
    }
}
