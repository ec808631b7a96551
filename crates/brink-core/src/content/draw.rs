//! A scenario's event table compiled for the draw, which runs at the start of every turn of
//! every game and playout (and the incident table with it).
//!
//! Event by event, the same conditions come back: "talks are not suspended", "tension at 60 or
//! more". Here every distinct condition the table tests is listed once (an atom) and answered
//! once per draw into one bit of a word; each event's weight is then its requirements as one
//! mask test and its factors read from those bits. The weights are the very floats
//! `CompiledDraw`-by-`CompiledDraw` evaluation gives: the same base weight, times the same factors, in the same
//! order (`tests/engine_checks.rs` compares them bit for bit in every state random games reach).

use super::check::{Check, SLOT_TURN};
use super::compiled::{CompiledDraw, EventIx};

/// How many events, and distinct conditions, a compiled table can hold (one bit each in a
/// `u64`, the last kept clear for padding). A table beyond either is weighed event by event
/// instead.
pub const MAX_DRAW: usize = 63;

/// How many factors a row holds. Every row has exactly this many, padded with a factor of 1
/// on the bit that is never set, so the weight is computed with no loop whose length varies
/// from row to row (a mispredicted jump per row). An event with more factors leaves its table
/// to be weighed event by event.
pub const ROW_FACTORS: usize = 3;

/// The bit no atom answers into.
const PAD_BIT: u8 = 63;

/// The words a bit test reads, in the order `View::words` gives them: the flags (low and high
/// half), the provisions in force (low and high half), `misc` (month and seating), and three
/// empty words, so that a word number is masked into range (`& 7`) rather than divided.
pub const WORDS: usize = 8;
const _: () = assert!(WORDS.is_power_of_two());

/// The masks of a bit test (or the state's own bits), laid out as `WORDS` says.
pub fn split_words(flags: u128, provs: u128, misc: u64) -> [u64; WORDS] {
    [
        flags as u64,
        (flags >> 64) as u64,
        provs as u64,
        (provs >> 64) as u64,
        misc,
        0,
        0,
        0,
    ]
}

/// Conditions answered together, each into one bit of a word: every distinct condition a draw
/// table (or the list of tracked objectives) tests is listed once, and `View::answers` answers
/// them all, kind by kind, with no jump on the answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Atoms {
    /// The distinct numeric tests of the state's numbers that ask "at least": `(slot, bit,
    /// threshold)`, answered `x >= threshold` into `bit`. Split from those that ask "below", so
    /// that each is a load and a compare, with no select on which it is.
    pub at_least: Box<[(u8, u8, f32)]>,
    /// The same for the tests that ask "below": answered `x < threshold`.
    pub below: Box<[(u8, u8, f32)]>,
    /// The tests of the turn number (not one of the state's numbers): `(bit, below, threshold)`.
    pub turn: Box<[(u8, bool, f32)]>,
    /// The distinct bit tests, each split into one `(word, mask, bit)` per word it reads: the
    /// test's bit is set if any of its masks hits. Most tests read one word, so each costs a
    /// load and a compare instead of three 128-bit ones.
    pub words: Box<[(u8, u64, u8)]>,
    /// The bits of the tests that ask that no masked bit is set (`none`): flipped once the
    /// words are read.
    pub flip: u64,
    /// `All` and `Any` of the tests above, or of joins before them in this list: `(bit, mask
    /// of its parts' bits, all)`. Answered in order from the bits already set, with no call, so
    /// that a nested join (an objective's "both these flags, or both those provisions") costs
    /// no more than a flat one.
    pub joins: Box<[(u8, u64, bool)]>,
    /// Anything else (`Slow`, or a join with such a part), asked of the view as it stands;
    /// `(bit, check)`.
    pub other: Box<[(u8, Check)]>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DrawTable {
    /// Every condition of the table's requirements and factors.
    pub atoms: Atoms,
    /// One per event, in the table's order.
    pub rows: Box<[DrawRow]>,
}

/// Checks answered together as `Atoms`, each into its bit: the objectives tracked at the end
/// of every turn, all read from one word rather than each walked as a tree of `Any` and `All`.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckTable {
    pub atoms: Atoms,
    /// The bit of each check, in the order given to `compile`.
    pub bits: Box<[u8]>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DrawRow {
    pub event: EventIx,
    /// The bits of the requirements: all must be set.
    pub requires: u64,
    /// The bits of the factors' conditions, in the event's order, padded with `PAD_BIT`.
    pub factor_bits: [u8; ROW_FACTORS],
    /// The weight for every answer: index `ok << 3 | held`, where bit k of `held` says whether
    /// factor k's condition holds and `ok` whether every requirement does. Zero for the eight
    /// without `ok`; else the base weight times each factor that holds, multiplied in the
    /// event's order at load time, so the very float the event-by-event draw computes (a
    /// factor that does not hold is skipped, and multiplying by 1 would leave the float as it
    /// was anyway).
    pub weights: [f32; 16],
}

/// An atom in the making: what it tests, before the bits are laid out.
enum Atom {
    Num((u8, bool, f32)),
    Bits((u128, u128, u64, bool)),
    Join(Box<[Check]>, bool),
    Other(Check),
}

/// A check's atom, if it is one the table answers without the view (a number or a bit test).
fn simple(c: &Check) -> Option<Atom> {
    match c {
        Check::Num { slot, below, thr } => Some(Atom::Num((*slot, *below, *thr))),
        Check::Bits {
            flags,
            provs,
            misc,
            none,
        } => Some(Atom::Bits((*flags, *provs, *misc, *none))),
        _ => None,
    }
}

fn same_atom(a: &Atom, b: &Atom) -> bool {
    match (a, b) {
        (Atom::Num(x), Atom::Num(y)) => same_num(*x, *y),
        (Atom::Bits(x), Atom::Bits(y)) => x == y,
        (Atom::Join(x, p), Atom::Join(y, q)) => x == y && p == q,
        (Atom::Other(x), Atom::Other(y)) => x == y,
        _ => false,
    }
}

/// Whether a check is answered from the bits alone: a number, a bit test, or a join of such.
fn answered_by_bits(c: &Check) -> bool {
    match c {
        Check::Num { .. } | Check::Bits { .. } => true,
        Check::All(cs) | Check::Any(cs) => cs.iter().all(answered_by_bits),
        Check::Slow { .. } => false,
    }
}

/// The atom a check is answered by.
fn atom_of(c: &Check) -> Atom {
    if let Some(a) = simple(c) {
        return a;
    }
    match c {
        Check::All(cs) if cs.iter().all(answered_by_bits) => Atom::Join(cs.clone(), true),
        Check::Any(cs) if cs.iter().all(answered_by_bits) => Atom::Join(cs.clone(), false),
        c => Atom::Other(c.clone()),
    }
}

/// Lists `a` once, after the parts of a join (and their parts): every join then comes after
/// whatever it reads, which `Atoms::lay_out` keeps.
fn add_atom(a: Atom, atoms: &mut Vec<Atom>) {
    if let Atom::Join(parts, _) = &a {
        for p in parts.iter() {
            add_atom(atom_of(p), atoms);
        }
    }
    if !atoms.iter().any(|x| same_atom(x, &a)) {
        atoms.push(a);
    }
}

/// The bit `c` is answered into: its atom's place in `atoms` (where every check was listed).
fn bit_of(atoms: &[Atom], c: &Check) -> u8 {
    let a = atom_of(c);
    atoms.iter().position(|x| same_atom(x, &a)).unwrap_or(0) as u8
}

impl Atoms {
    /// Every distinct check of `checks`, and the parts of every join, listed once and laid out
    /// by kind; None if there are more than `MAX_DRAW`.
    fn list<'c>(checks: impl IntoIterator<Item = &'c Check>) -> Option<Vec<Atom>> {
        let mut atoms: Vec<Atom> = Vec::new();
        for c in checks {
            add_atom(atom_of(c), &mut atoms);
        }
        if atoms.len() > MAX_DRAW {
            return None;
        }
        // Laid out by kind, in the order they are answered: numbers, bit tests, joins (which
        // read the bits before them), the rest. The sort is stable, so a join still comes
        // after the joins it reads.
        let rank = |a: &Atom| match a {
            Atom::Num(_) => 0,
            Atom::Bits(_) => 1,
            Atom::Join(..) => 2,
            Atom::Other(_) => 3,
        };
        atoms.sort_by_key(rank);
        Some(atoms)
    }

    /// The listed atoms, atom `i` answered into bit `i`.
    fn lay_out(atoms: &[Atom]) -> Atoms {
        let (mut at_least, mut below, mut turn) = (Vec::new(), Vec::new(), Vec::new());
        let mut words = Vec::new();
        let mut flip = 0u64;
        let mut joins = Vec::new();
        let mut other = Vec::new();
        for (i, a) in atoms.iter().enumerate() {
            let bit = i as u8;
            match a {
                &Atom::Num((slot, lt, thr)) if (slot as usize) < SLOT_TURN => {
                    let list = if lt { &mut below } else { &mut at_least };
                    list.push((slot, bit, thr));
                }
                &Atom::Num((_, lt, thr)) => turn.push((bit, lt, thr)),
                Atom::Bits((flags, provs, misc, none)) => {
                    let split = split_words(*flags, *provs, *misc);
                    for (w, mask) in split.into_iter().enumerate() {
                        if mask != 0 {
                            words.push((w as u8, mask, bit));
                        }
                    }
                    if *none {
                        flip |= 1u64 << bit;
                    }
                }
                Atom::Join(parts, all) => {
                    let mask = parts.iter().fold(0u64, |m, c| m | 1u64 << bit_of(atoms, c));
                    joins.push((bit, mask, *all));
                }
                Atom::Other(c) => other.push((bit, c.clone())),
            }
        }
        Atoms {
            at_least: at_least.into(),
            below: below.into(),
            turn: turn.into(),
            words: words.into(),
            flip,
            joins: joins.into(),
            other: other.into(),
        }
    }
}

/// The most an event can weigh in any state: its base weight times every factor above one
/// (a factor below one can only lower it). Multiplied in the engine's order, so the float is at
/// least the weight `draw_weight` makes in any state (rounding is monotone: a product by a
/// factor of one or more never falls below the same product of a smaller float, and one by a
/// factor below one never rises above the float it started from).
pub fn ceiling(d: &CompiledDraw) -> f32 {
    let mut w = d.weight.max(0.0);
    for &(_, f) in d.weight_if.iter() {
        if f > 1.0 {
            w *= f;
        }
    }
    w
}

/// The running sums of the draws' ceilings, in the draws' order: the turn's draw proposes an
/// event with chance proportional to its ceiling by finding where a uniform number falls among
/// these (see `turn::events::choose_event`).
pub fn running_ceilings(draws: &[CompiledDraw]) -> Box<[f64]> {
    let mut sum = 0.0f64;
    draws
        .iter()
        .map(|d| {
            sum += f64::from(ceiling(d));
            sum
        })
        .collect()
}

impl CheckTable {
    /// The table answering `checks`; None if they have more than `MAX_DRAW` distinct
    /// conditions.
    pub fn compile(checks: &[Check]) -> Option<CheckTable> {
        let atoms = Atoms::list(checks)?;
        Some(CheckTable {
            bits: checks.iter().map(|c| bit_of(&atoms, c)).collect(),
            atoms: Atoms::lay_out(&atoms),
        })
    }
}

impl DrawTable {
    /// The table for these draws; None if it has more than `MAX_DRAW` events or distinct
    /// conditions.
    pub fn compile(draws: &[CompiledDraw]) -> Option<DrawTable> {
        if draws.len() > MAX_DRAW || draws.iter().any(|d| d.weight_if.len() > ROW_FACTORS) {
            return None;
        }
        let all = draws
            .iter()
            .flat_map(|d| d.requires.iter().chain(d.weight_if.iter().map(|(c, _)| c)));
        let atoms = Atoms::list(all)?;
        let bit_of = |c: &Check| bit_of(&atoms, c);
        let mut rows = Vec::with_capacity(draws.len());
        for d in draws {
            let requires = d.requires.iter().fold(0u64, |m, c| m | 1u64 << bit_of(c));
            let mut factor_bits = [PAD_BIT; ROW_FACTORS];
            for (slot, (c, _)) in factor_bits.iter_mut().zip(d.weight_if.iter()) {
                *slot = bit_of(c);
            }
            let mut weights = [0.0f32; 16];
            for (held, w) in weights[8..].iter_mut().enumerate() {
                *w = d.weight;
                for (k, (_, f)) in d.weight_if.iter().enumerate() {
                    if held >> k & 1 == 1 {
                        *w *= f;
                    }
                }
            }
            rows.push(DrawRow {
                event: d.event,
                requires,
                factor_bits,
                weights,
            });
        }
        Some(DrawTable {
            atoms: Atoms::lay_out(&atoms),
            rows: rows.into(),
        })
    }

    /// The weight of `row`, given every atom's answer: as `CompiledDraw` evaluation computes it, zero
    /// unless every requirement holds, else the base weight times each factor that holds, in
    /// order. One load from the row's table of weights; the index is built from the answers
    /// with no jump (they are coin tosses from one turn to the next).
    #[inline(always)]
    pub fn weight(row: &DrawRow, answers: u64) -> f32 {
        let [a, b, c] = row.factor_bits;
        let held = (answers >> a & 1) | (answers >> b & 1) << 1 | (answers >> c & 1) << 2;
        let ok = (answers & row.requires == row.requires) as u64;
        row.weights[(ok << 3 | held) as usize]
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

    fn draw(event: EventIx, requires: Vec<Check>, weight_if: Vec<(Check, f32)>) -> CompiledDraw {
        CompiledDraw {
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
        assert_eq!((t.atoms.at_least.len(), t.atoms.below.len()), (2, 0));
        assert_eq!(t.atoms.words.len(), 1);
        // Both events read tension >= 60 from the same bit.
        assert_eq!(t.rows[1].factor_bits[0], 0);
        assert_eq!(t.rows[0].requires, 0b101);
    }

    #[test]
    fn a_join_of_joins_is_answered_after_its_parts() {
        let flag = |f: u32| Check::Bits {
            flags: 1 << f,
            provs: 0,
            misc: 0,
            none: false,
        };
        let inner = Check::All(vec![flag(2), flag(3)].into());
        let other = Check::All(vec![flag(4), num(0, 50.0)].into());
        let outer = Check::Any(vec![inner.clone(), other].into());
        let t = CheckTable::compile(&[outer, inner]).expect("small enough");
        let a = &t.atoms;
        assert!(a.other.is_empty());
        // The inner join is one atom, read by the outer join and asked for itself.
        assert_eq!(a.joins.len(), 3);
        assert_eq!(t.bits[0], a.joins[2].0);
        assert!(a.joins[..2].iter().any(|j| j.0 == t.bits[1]));
        // Each join reads only bits answered before it: tests, or joins earlier in the list.
        let mut known = a.at_least.iter().fold(0u64, |m, x| m | 1 << x.1);
        known |= a.words.iter().fold(0u64, |m, x| m | 1 << x.2);
        for &(bit, mask, _) in a.joins.iter() {
            assert_eq!(mask & !known, 0, "join {bit} reads a bit not yet answered");
            known |= 1 << bit;
        }
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
        let events: Vec<CompiledDraw> = (0..MAX_DRAW as u16 + 1)
            .map(|k| draw(0, vec![num(0, k as f32)], vec![]))
            .collect();
        assert!(DrawTable::compile(&events).is_none());
        assert!(DrawTable::compile(&events[..MAX_DRAW]).is_some());
        // 32 events, two distinct conditions each: one condition too many for the word.
        let atoms: Vec<CompiledDraw> = (0..32u16)
            .map(|k| draw(0, vec![num(0, k as f32), num(1, k as f32)], vec![]))
            .collect();
        assert!(DrawTable::compile(&atoms).is_none());
        assert!(DrawTable::compile(&atoms[..31]).is_some());
    }
}
