//! The engine's own arithmetic: rounding and the exponential curves, written out in plain
//! `f32` operations in a fixed order so that every machine gets the same bits (a seeded game
//! must replay byte for byte anywhere), and in line, where the baseline x86-64 target would
//! call the library for `round`, `floor`, `ceil` and `exp`.

/// `x.round() as i32`, without the call to `roundf` that `round` compiles to on the baseline
/// x86-64 target (several a turn: income, PC effects).
#[inline(always)]
pub fn round_i32(x: f32) -> i32 {
    if x.abs() < 8_388_608.0 {
        // Below 2^23 the truncated integer and the fraction `x - t` are both exact, so this is
        // rounding half away from zero, as `round` does.
        let t = x as i32;
        let d = x - t as f32;
        t + (d >= 0.5) as i32 - (d <= -0.5) as i32
    } else {
        // Already a whole number (or NaN, which both give as 0; infinities saturate alike).
        x as i32
    }
}

/// `x.floor()`, without the call to `floorf` that `floor` compiles to on the baseline x86-64
/// target (the assembly of warheads and the others' estimate floor several numbers a month).
/// The same bits for every input: below 2^23 the truncated integer is exact and the sign is
/// put back (so -0.0 stays -0.0); above it, and for infinities and NaN, `x` is its own floor.
#[inline(always)]
pub fn floor(x: f32) -> f32 {
    if x.abs() < 8_388_608.0 {
        let t = x as i32 as f32;
        (t - (t > x) as i32 as f32).copysign(x)
    } else {
        x
    }
}

/// `x.ceil()`, as `floor` is `x.floor()` (ceil(-0.5) is -0.0, as there).
#[inline(always)]
pub fn ceil(x: f32) -> f32 {
    if x.abs() < 8_388_608.0 {
        let t = x as i32 as f32;
        (t + (t < x) as i32 as f32).copysign(x)
    } else {
        x
    }
}

/// The logistic curve, with a portable `exp` so every machine rolls the same thresholds.
pub fn logistic(x: f32) -> f32 {
    1.0 / (1.0 + exp(-x))
}

/// e^x for the engine's curves (a meter's resistance near its ends, the logistic odds), within
/// a few parts in ten million of the true value: 2^n (built from its bits) times a degree-6
/// polynomial for e^r, where n is x/ln 2 rounded and |r| ≤ ln 2 / 2 (the series' first term
/// left out is r⁷/7! ≤ 1.2e-7). Plain `f32` adds and multiplies in a fixed order, so every
/// machine gets the same bits, like `libm::expf` (which this replaced in rules revision 2: a
/// call of ~35 instructions, ~85 a game, against ~20 here, in line). Below −87 (where e^x
/// leaves the normal floats) it is 0; above 88, infinity; NaN stays NaN.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    const LOG2_E: f32 = std::f32::consts::LOG2_E;
    // ln 2 in two parts: n × the first is exact for the n used here, so r keeps its digits.
    const LN2_HI: f32 = 0.693_145_75;
    const LN2_LO: f32 = 1.428_606_8e-6;
    // Adding and taking away 1.5 × 2²³ rounds to the nearest whole number (ties to even).
    const ROUND: f32 = 12_582_912.0;
    if x.is_nan() {
        return x;
    }
    if x < -87.0 {
        return 0.0;
    }
    if x > 88.0 {
        return f32::INFINITY;
    }
    let n = (x * LOG2_E + ROUND) - ROUND;
    let r = (x - n * LN2_HI) - n * LN2_LO;
    let p = 1.0
        + r * (1.0
            + r * (0.5
                + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0))))));
    // n is in −126..=127 here, so 2^n is a normal float.
    p * f32::from_bits(((n as i32 + 127) as u32) << 23)
}

/// A ceiling on `logistic(x)` with no `exp`, for a roll that can be judged a miss before the
/// curve is worked out. Below zero, e^−x ≥ 1 − x + x²/2 − x³/6 (for a positive −x every term of
/// the series is positive), so 1/(1 + that) is at least the curve; from zero on, 1. The margin
/// of one part in ten thousand covers rounding (where the two meet, near zero, the bound is
/// the curve less x⁴/24, far below a float's precision). NaN gives NaN, which no roll is at
/// or above, so the caller then works out the curve itself.
#[inline(always)]
pub fn logistic_ceiling(x: f32) -> f32 {
    if x >= 0.0 {
        return 1.0;
    }
    let y = -x;
    1.0001 / (2.0 + y * (1.0 + y * (0.5 + y * (1.0 / 6.0))))
}

#[cfg(test)]
mod tests {
    use super::{ceil, exp, floor, logistic, logistic_ceiling, round_i32};

    /// The engine's `exp` is within a few parts in ten million of the true e^x (libm's `expf`,
    /// itself correctly rounded or nearly) over the whole range the curves use, exact at 0, and
    /// 0, infinity or NaN outside it; and it never falls as x rises (a meter pushed harder
    /// never lands further from its end).
    #[test]
    fn the_engines_exp_is_close_to_the_true_one() {
        let mut worst = 0.0f64;
        let mut x = -87.0f32;
        let mut last = 0.0f32;
        while x <= 88.0 {
            let (ours, theirs) = (exp(x), libm::expf(x));
            let rel = ((ours as f64 - theirs as f64) / theirs as f64).abs();
            worst = worst.max(rel);
            assert!(ours >= last, "exp falls at {x}: {ours} after {last}");
            last = ours;
            x += if x.abs() < 2.0 { 0.000_37 } else { 0.003_1 };
        }
        assert!(worst < 4e-7, "relative error {worst}");
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-100.0), 0.0);
        assert_eq!(exp(f32::NEG_INFINITY), 0.0);
        assert_eq!(exp(100.0), f32::INFINITY);
        assert!(exp(f32::NAN).is_nan());
    }

    /// A roll judged on the ceiling is never a different outcome: the ceiling is at least the
    /// curve everywhere (fine steps near zero, where the two meet, and out to where the curve
    /// underflows), and close enough below the centre that it spares the `exp` on most rolls.
    #[test]
    fn the_logistic_ceiling_is_never_below_the_curve() {
        let mut x = -120.0f32;
        while x <= 20.0 {
            let (c, l) = (logistic_ceiling(x), logistic(x));
            assert!(c >= l, "ceiling {c} below the curve {l} at {x}");
            x += if x.abs() < 1.0 { 0.0001 } else { 0.01 };
        }
        for x in [
            0.0f32,
            -0.0,
            -1e-30,
            -1e-7,
            f32::MIN_POSITIVE,
            -f32::MIN_POSITIVE,
        ] {
            assert!(logistic_ceiling(x) >= logistic(x), "at {x}");
        }
        assert!(logistic_ceiling(f32::NAN).is_nan());
        // Three scales below the centre (a typical month), a roll above a tenth of the most
        // misses without the curve.
        assert!(logistic_ceiling(-3.0) < 0.1);
    }

    /// The floats the rounding helpers are checked on: the edges (halves, the last fraction
    /// below one, subnormals, 2^23 where every float is whole, beyond `i32`, NaN and the
    /// infinities) and sweeps of quarter steps, odd fractions and large odd steps through and
    /// past the range the game uses.
    fn awkward_floats() -> Vec<f32> {
        let mut xs = vec![
            0.0f32,
            -0.0,
            0.5,
            -0.5,
            1.5,
            -1.5,
            2.5,
            -2.5,
            0.49999997,
            -0.49999997,
            0.999_999_94,
            -0.999_999_94,
            1e-40,
            -1e-40,
            8_388_607.5,
            -8_388_607.5,
            8_388_608.0,
            -8_388_608.0,
            1e9,
            -1e9,
            3e9,
            -3e9,
            f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::MAX,
            f32::MIN,
        ];
        for i in -4000..4000 {
            xs.push(i as f32 * 0.25);
            xs.push(i as f32 * 0.013_7);
            xs.push(i as f32 * 2_111.3);
        }
        xs
    }

    #[test]
    fn round_i32_matches_round_everywhere_that_matters() {
        for x in awkward_floats() {
            assert_eq!(round_i32(x), x.round() as i32, "{x}");
        }
    }

    #[test]
    fn floor_and_ceil_give_the_bits_of_the_library_ones() {
        for x in awkward_floats() {
            assert_eq!(floor(x).to_bits(), x.floor().to_bits(), "floor {x}");
            assert_eq!(ceil(x).to_bits(), x.ceil().to_bits(), "ceil {x}");
        }
    }
}
