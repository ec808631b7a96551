//! The state as compiled conditions (`content::check::Check`) read it: every number a condition
//! can name by one slot number, and every bit in three words (the flags, the provisions in
//! force, the month and seating). Built once before a batch of checks (the turn's event draw, a
//! random player's plan, the objectives), so that each check is a load and a compare.

use crate::content::check::{Check, MAX_FAST_PROVISIONS, SEATED_AT, SLOT_TURN};
use crate::content::draw::DrawTable;
use crate::content::{ContentDb, SideId};

use super::effects::cond_holds;
use super::state::{AgreementStatus, GameState};

pub struct View<'a> {
    /// Bit p: provision p is part of an agreement in force.
    pub provs: u128,
    /// The month's bit and the seating (see `check::SEATED_AT`).
    pub misc: u64,
    db: &'a ContentDb,
    s: &'a GameState,
}

impl<'a> View<'a> {
    #[inline(always)]
    pub fn of(db: &'a ContentDb, s: &'a GameState) -> View<'a> {
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
            misc |= (s.seated(x) as u64) << (SEATED_AT + x.index() as u32);
        }
        View { provs, misc, db, s }
    }

    /// The number in `slot` (see `check::NUM_SLOTS` for the layout).
    #[inline(always)]
    pub fn num(&self, slot: usize) -> f32 {
        let s = self.s;
        match slot {
            0..SLOT_TURN => s.nums[slot],
            _ => s.turn as f32,
        }
    }

    /// Whether any bit of the masks is set in the flags, the provisions in force or `misc`.
    #[inline(always)]
    pub fn bits_hit(&self, flags: u128, provs: u128, misc: u64) -> bool {
        (self.s.flags & flags) | (self.provs & provs) | (self.misc & misc) as u128 != 0
    }

    /// Whether `c` holds, as `cond_holds` would answer for the condition it was compiled from.
    #[inline(always)]
    pub fn holds(&self, c: &Check) -> bool {
        match c {
            Check::Num { slot, below, thr } => {
                let x = self.num(*slot as usize);
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
            } => self.bits_hit(*flags, *provs, *misc) != *none,
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

    /// Every atom of a compiled draw table, answered into its bit (see `DrawTable`). Each kind
    /// in one loop with no jump on the answers.
    #[inline(always)]
    pub fn answers(&self, t: &DrawTable) -> u64 {
        let mut ans = 0u64;
        for (i, &(slot, below, thr)) in t.nums.iter().enumerate() {
            let x = self.num(slot as usize);
            let (lt, ge) = (x < thr, x >= thr);
            ans |= (if below { lt } else { ge } as u64) << i;
        }
        let at = t.nums.len();
        for (i, &(flags, provs, misc, none)) in t.bits.iter().enumerate() {
            ans |= ((self.bits_hit(flags, provs, misc) != none) as u64) << (at + i);
        }
        let at = at + t.bits.len();
        for (i, c) in t.other.iter().enumerate() {
            ans |= (self.holds(c) as u64) << (at + i);
        }
        ans
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
