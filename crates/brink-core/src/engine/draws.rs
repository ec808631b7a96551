//! Whole numbers drawn from the game's generator in line, with the very numbers `rand`'s
//! `random_range` gives for the same ranges.
//!
//! The random player draws two or three of them a plan (sixty plans a game), and `random_range`
//! is compiled out of line with its checks for every kind of range: about 40 instructions a
//! draw around the one multiplication that matters. These are that multiplication and the
//! generator's next word, in line. They must stay the numbers `rand` 0.10 gives (its
//! `sample_single_inclusive` for ranges that fit in 32 bits, without the `unbiased` feature:
//! Canon's method), or every seeded game would change; the tests below hold them to it.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// A number in `0..n`, as `rng.random_range(0..n)` draws it, for `n` from 1 to `u32::MAX`
/// (`usize`, `u32`, `u16` or `u8` ranges alike: `rand` draws each from 32 bits). `n == 0` is an
/// empty range, for which `random_range` panics; here it gives 0 and draws as for `n == 1`.
#[inline(always)]
pub fn below(rng: &mut ChaCha8Rng, n: u32) -> u32 {
    inclusive(rng, n.wrapping_sub(1))
}

/// A number in `0..=max`, as `rng.random_range(0..=max)` draws it (`max` below `u32::MAX`:
/// every range the engine draws from).
#[inline(always)]
pub fn inclusive(rng: &mut ChaCha8Rng, max: u32) -> u32 {
    let range = max.wrapping_add(1);
    if range == 0 {
        return rng.next_u32();
    }
    let wide = u64::from(rng.next_u32()) * u64::from(range);
    let (mut hi, lo) = ((wide >> 32) as u32, wide as u32);
    // The low word says the draw may be biased: a second word decides whether to carry one.
    if lo > range.wrapping_neg() {
        let new_hi = ((u64::from(rng.next_u32()) * u64::from(range)) >> 32) as u32;
        hi += lo.checked_add(new_hi).is_none() as u32;
    }
    hi
}

#[cfg(test)]
mod tests {
    use rand::{RngExt, SeedableRng};

    use super::*;

    /// The same numbers, and the generator left in the same place, as `random_range` for every
    /// kind of range the engine draws from, across many draws (the second word of Canon's
    /// method is taken a few times in a thousand for ranges near 2^32, so those are tried too).
    #[test]
    fn draws_are_rands_own() {
        let sizes = [
            1u32,
            2,
            3,
            4,
            7,
            10,
            64,
            1000,
            (1 << 31) + 12345,
            u32::MAX - 2,
            u32::MAX,
        ];
        for seed in 0..8u64 {
            let (mut a, mut b) = (
                ChaCha8Rng::seed_from_u64(seed),
                ChaCha8Rng::seed_from_u64(seed),
            );
            for k in 0..4000usize {
                let n = sizes[k % sizes.len()];
                assert_eq!(below(&mut a, n) as usize, b.random_range(0..n as usize));
                assert_eq!(below(&mut a, n), b.random_range(0..n));
                if n < u32::MAX {
                    assert_eq!(
                        inclusive(&mut a, n) as usize,
                        b.random_range(0..=n as usize)
                    );
                }
                if n <= 255 {
                    assert_eq!(below(&mut a, n) as u8, b.random_range(0..n as u8));
                }
                if n <= u16::MAX as u32 {
                    assert_eq!(below(&mut a, n) as u16, b.random_range(0..n as u16));
                }
            }
            assert_eq!(a.next_u64(), b.next_u64(), "the generators went apart");
        }
    }
}
