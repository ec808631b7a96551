//! The state as compiled conditions (`content::check::Check`) read it: every number a condition
//! can name by one slot number, and every bit in three words (the flags, the provisions in
//! force, the month and seating). Built once before a batch of checks (the turn's event draw, a
//! random player's plan, the objectives), so that each check is a load and a compare.

use crate::content::ContentDb;
use crate::content::check::{Check, FlatCheck, SEATED_AT, SLOT_TURN};
use crate::content::draw::{self, Atoms, WORDS};

use super::effects::cond_holds;
use super::state::GameState;

pub struct View<'a> {
    /// Bit p: provision p is part of an agreement in force (`GameState::provisions_in_force`).
    pub provs: u128,
    /// The month's bit and the seating (see `check::SEATED_AT`).
    pub misc: u64,
    /// The words a bit test reads (`words`), laid out once here: a random player's plan asks
    /// `passes` of card after card against the same state.
    words: [u64; WORDS],
    db: &'a ContentDb,
    s: &'a GameState,
}

impl<'a> View<'a> {
    #[inline(always)]
    pub fn of(db: &'a ContentDb, s: &'a GameState) -> View<'a> {
        let provs = s.provisions_in_force();
        let misc = 1u64 << s.month | (s.seated_mask() as u64) << SEATED_AT;
        let words = draw::split_words(s.flags, provs, misc);
        View {
            provs,
            misc,
            words,
            db,
            s,
        }
    }

    /// The number in `slot` (see `check::NUM_SLOTS` for the layout).
    #[inline(always)]
    pub fn num(&self, slot: usize) -> f32 {
        let s = self.s;
        match slot {
            0..SLOT_TURN => s.nums[slot],
            // In the scenario's own turns, so dated events keep the calendar (`scenario_turn`).
            _ => s.scenario_turn as f32,
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

    /// Whether a card's flattened requirements hold: as `holds` answers for the check they were
    /// made from. The numeric test and both bit tests are always made, and combined with `&`.
    #[inline(always)]
    pub fn passes(&self, f: &FlatCheck) -> bool {
        let (slot, below, thr) = f.num;
        let x = self.num(slot as usize);
        let (lt, ge) = (x < thr, x >= thr);
        let num = if below { lt } else { ge };
        let words = self.words();
        let mut bits = true;
        for &(w, mask, none) in &f.bits {
            bits &= (words[w as usize & (WORDS - 1)] & mask != 0) != none;
        }
        num & bits & f.rest.as_ref().is_none_or(|c| self.holds(c))
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

    /// The words a bit test reads, as `draw::WORDS` lays them out.
    #[inline(always)]
    pub fn words(&self) -> &[u64; WORDS] {
        &self.words
    }

    /// Every atom of a compiled draw table (or of the tracked objectives), answered into its bit
    /// (see `Atoms`). Each kind in one loop with no jump on the answers.
    #[inline(always)]
    pub fn answers(&self, t: &Atoms) -> u64 {
        let mut ans = 0u64;
        // Every slot here is one of the state's numbers (`Atoms::lay_out`); one that was not
        // would read as NaN, which passes neither kind of test.
        let at = |slot: u8| self.s.nums.get(slot as usize).copied().unwrap_or(f32::NAN);
        for &(slot, bit, thr) in t.at_least.iter() {
            ans |= ((at(slot) >= thr) as u64) << bit;
        }
        for &(slot, bit, thr) in t.below.iter() {
            ans |= ((at(slot) < thr) as u64) << bit;
        }
        let turn = self.num(SLOT_TURN);
        for &(bit, below, thr) in t.turn.iter() {
            ans |= ((if below { turn < thr } else { turn >= thr }) as u64) << bit;
        }
        let words = self.words();
        for &(w, mask, bit) in t.words.iter() {
            ans |= ((words[w as usize & (WORDS - 1)] & mask != 0) as u64) << bit;
        }
        ans ^= t.flip;
        for &(bit, mask, all) in t.joins.iter() {
            let (every, some) = (ans & mask == mask, ans & mask != 0);
            ans |= (if all { every } else { some } as u64) << bit;
        }
        for (bit, c) in t.other.iter() {
            ans |= (self.holds(c) as u64) << bit;
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
