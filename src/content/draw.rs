//! A scenario's event table compiled for the draw, which runs at the start of every turn of
//! every game and playout (and the incident table with it).
//!
//! Event by event, the same conditions come back: "talks are not suspended", "tension at 60 or
//! more". Here every distinct condition the table tests is listed once (an atom) and answered
//! once per draw into one bit of a word; each event's weight is then its requirements as one
//! mask test and its factors read from those bits. The weights are the very floats
//! `CDraw`-by-`CDraw` evaluation gives: the same base weight, times the same factors, in the same
//! order (`tests/engine_checks.rs` compares them bit for bit in every state random games reach).

use super::check::Check;
use super::compiled::{CDraw, EventIx};

/// How many events, and distinct conditions, a compiled table can hold (one bit each in a
/// `u64`, the last kept clear for padding). A table beyond either is weighed event by event
/// instead.
pub const MAX_DRAW: usize = 63;

/// How many factors a row holds. Every row has exactly this many, padded with a factor of 1
/// on the bit that is never set, so the weight is computed with no loop whose length varies
/// from row to row (a mispredicted jump per row). Multiplying by 1 leaves a float exactly as
/// it was, so padding changes no weight. An event with more factors leaves its table to be
/// weighed event by event.
pub const ROW_FACTORS: usize = 3;

/// The bit no atom answers into.
const PAD_BIT: u8 = 63;

#[derive(Debug, Clone, PartialEq)]
pub struct DrawTable {
    /// The distinct numeric tests, as `Check::Num` reads them: `(slot, below, threshold)`.
    /// Answered into bits `0..nums.len()`.
    pub nums: Box<[(u8, bool, f32)]>,
    /// The distinct bit tests, as `Check::Bits` reads them: `(flags, provisions, misc, none)`.
    /// Answered into the bits after the numbers'.
    pub bits: Box<[(u128, u128, u64, bool)]>,
    /// Anything else (`Any`, `All`, `Slow`), asked of the view as it stands. The bits after.
    pub other: Box<[Check]>,
    /// One per event, in the table's order.
    pub rows: Box<[DrawRow]>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DrawRow {
    pub event: EventIx,
    pub weight: f32,
    /// The bits of the requirements: all must be set.
    pub requires: u64,
    /// The factors in the event's order, `(bit, factor)`, padded with `(PAD_BIT, 1.0)`.
    pub factors: [(u8, f32); ROW_FACTORS],
}

impl DrawTable {
    /// The table for these draws; None if it has more than `MAX_DRAW` events or distinct
    /// conditions.
    pub fn compile(draws: &[CDraw]) -> Option<DrawTable> {
        if draws.len() > MAX_DRAW || draws.iter().any(|d| d.weight_if.len() > ROW_FACTORS) {
            return None;
        }
        // Every distinct check, grouped by kind so each group is answered by one simple loop.
        let mut nums: Vec<(u8, bool, f32)> = Vec::new();
        let mut bits: Vec<(u128, u128, u64, bool)> = Vec::new();
        let mut other: Vec<Check> = Vec::new();
        let all = draws
            .iter()
            .flat_map(|d| d.requires.iter().chain(d.weight_if.iter().map(|(c, _)| c)));
        for c in all {
            match c {
                Check::Num { slot, below, thr } => {
                    let k = (*slot, *below, *thr);
                    if !nums.iter().any(|x| same_num(*x, k)) {
                        nums.push(k);
                    }
                }
                Check::Bits {
                    flags,
                    provs,
                    misc,
                    none,
                } => {
                    let k = (*flags, *provs, *misc, *none);
                    if !bits.contains(&k) {
                        bits.push(k);
                    }
                }
                other_check => {
                    if !other.contains(other_check) {
                        other.push(other_check.clone());
                    }
                }
            }
        }
        if nums.len() + bits.len() + other.len() > MAX_DRAW {
            return None;
        }
        let bit_of = |c: &Check| -> u8 {
            let at = match c {
                Check::Num { slot, below, thr } => nums
                    .iter()
                    .position(|x| same_num(*x, (*slot, *below, *thr))),
                Check::Bits {
                    flags,
                    provs,
                    misc,
                    none,
                } => bits
                    .iter()
                    .position(|x| *x == (*flags, *provs, *misc, *none))
                    .map(|i| nums.len() + i),
                c => other
                    .iter()
                    .position(|x| x == c)
                    .map(|i| nums.len() + bits.len() + i),
            };
            // Every check was listed above.
            at.unwrap_or(0) as u8
        };
        let mut rows = Vec::with_capacity(draws.len());
        for d in draws {
            let requires = d.requires.iter().fold(0u64, |m, c| m | 1u64 << bit_of(c));
            let mut factors = [(PAD_BIT, 1.0); ROW_FACTORS];
            for (slot, (c, f)) in factors.iter_mut().zip(d.weight_if.iter()) {
                *slot = (bit_of(c), *f);
            }
            rows.push(DrawRow {
                event: d.event,
                weight: d.weight,
                requires,
                factors,
            });
        }
        Some(DrawTable {
            nums: nums.into(),
            bits: bits.into(),
            other: other.into(),
            rows: rows.into(),
        })
    }

    /// The weight of `row`, given every atom's answer: as `CDraw` evaluation computes it, zero
    /// unless every requirement holds, else the base weight times each factor that holds (by
    /// one where it does not, which leaves the float exactly as it was), in order.
    ///
    /// The answers are coin tosses from one turn to the next, so each choice is an index into a
    /// pair: every select form (`select_unpredictable` included) compiled to a jump here.
    #[inline(always)]
    pub fn weight(row: &DrawRow, answers: u64) -> f32 {
        let mut w = row.weight;
        for &(bit, f) in &row.factors {
            w *= [1.0, f][((answers >> bit) & 1) as usize];
        }
        [0.0, w][(answers & row.requires == row.requires) as usize]
    }
}

/// Two numeric tests are one atom only if they are the same test (thresholds compared by bits).
fn same_num(a: (u8, bool, f32), b: (u8, bool, f32)) -> bool {
    a.0 == b.0 && a.1 == b.1 && a.2.to_bits() == b.2.to_bits()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(slot: u8, thr: f32) -> Check {
        Check::Num {
            slot,
            below: false,
            thr,
        }
    }

    fn draw(event: EventIx, requires: Vec<Check>, weight_if: Vec<(Check, f32)>) -> CDraw {
        CDraw {
            event,
            weight: 0.7,
            requires: requires.into(),
            weight_if: weight_if.into(),
        }
    }

    #[test]
    fn a_condition_shared_by_events_is_one_atom() {
        let flag = Check::Bits {
            flags: 1 << 5,
            provs: 0,
            misc: 0,
            none: true,
        };
        let t = DrawTable::compile(&[
            draw(
                0,
                vec![num(0, 60.0), flag.clone()],
                vec![(num(1, 50.0), 2.0)],
            ),
            draw(1, vec![flag], vec![(num(0, 60.0), 1.5)]),
        ])
        .expect("small enough");
        assert_eq!(t.nums.len(), 2);
        assert_eq!(t.bits.len(), 1);
        // Both events read tension >= 60 from the same bit.
        assert_eq!(t.rows[1].factors[0].0, 0);
        assert_eq!(t.rows[0].requires, 0b101);
    }

    #[test]
    fn weights_are_the_plain_products_whatever_the_answers() {
        let t = DrawTable::compile(&[draw(
            3,
            vec![num(0, 10.0)],
            vec![(num(1, 1.0), 0.6), (num(2, 2.0), 1.5), (num(3, 3.0), 3.0)],
        )])
        .expect("small enough");
        let row = &t.rows[0];
        for answers in 0u64..16 {
            let mut want = 0.7f32;
            for (k, f) in [(1, 0.6f32), (2, 1.5), (3, 3.0)] {
                if answers >> k & 1 == 1 {
                    want *= f;
                }
            }
            if answers & 1 == 0 {
                want = 0.0;
            }
            let got = DrawTable::weight(row, answers);
            assert_eq!(got.to_bits(), want.to_bits(), "answers {answers:04b}");
        }
    }

    #[test]
    fn a_table_too_large_is_left_to_the_event_by_event_draw() {
        let many = (0..=ROW_FACTORS)
            .map(|k| (num(k as u8, 1.0), 2.0))
            .collect();
        assert!(DrawTable::compile(&[draw(0, vec![], many)]).is_none());
        let events: Vec<CDraw> = (0..MAX_DRAW as u16 + 1)
            .map(|k| draw(0, vec![num(0, k as f32)], vec![]))
            .collect();
        assert!(DrawTable::compile(&events).is_none());
        assert!(DrawTable::compile(&events[..MAX_DRAW]).is_some());
        // 32 events, two distinct conditions each: one condition too many for the word.
        let atoms: Vec<CDraw> = (0..32u16)
            .map(|k| draw(0, vec![num(0, k as f32), num(1, k as f32)], vec![]))
            .collect();
        assert!(DrawTable::compile(&atoms).is_none());
        assert!(DrawTable::compile(&atoms[..31]).is_some());
    }
}
