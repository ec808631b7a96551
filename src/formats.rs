//! What the command line's JSON says about itself (docs/formats.md): every object it prints
//! carries a `format` naming its shape and version, and every 64-bit number in it (seeds) is a
//! string, because jq 1.6, JavaScript and spreadsheets read numbers as doubles and round any
//! integer above 2^53 (seed 7958955049054603978 reads back as …604000 and no longer replays).
//!
//! A shape's version goes up only when a key is renamed or changes meaning; adding a key does
//! not change it (readers ignore keys they do not know).

/// `brink scenarios --json`.
pub const SCENARIOS: &str = "brink-scenarios/1";
/// `brink validate --json`.
pub const VALIDATE: &str = "brink-validate/1";
/// `brink sim --json`. Version 2: a statement of intent is its own outcome, apart from an
/// agreement, and the agreement counts leave statements out.
pub const SIM: &str = "brink-sim/2";
/// `brink sim --preset NAME --json`.
pub const PRESET: &str = "brink-preset/1";
/// Each line of `brink replay --json`.
pub const REPLAY: &str = "brink-replay/1";
/// `brink report --format json`.
pub const REPORT: &str = "brink-report/2";
/// `brink resume --json`.
pub const RESUME: &str = "brink-resume/1";

/// Serde helpers for a `u64` written as a decimal string and read as a string or a number
/// (`#[serde(with = "crate::formats::u64_text")]`). Reading both keeps files written before
/// the change loading.
pub mod u64_text {
    use serde::de::{Error, Visitor};
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(x: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(x)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        d.deserialize_any(NumberOrText)
    }

    /// Accepts any whole number that fits, or a string of one.
    struct NumberOrText;

    impl Visitor<'_> for NumberOrText {
        type Value = u64;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a whole number from 0 to 18446744073709551615, or a string of one")
        }
        fn visit_u64<E: Error>(self, x: u64) -> Result<u64, E> {
            Ok(x)
        }
        fn visit_i64<E: Error>(self, x: i64) -> Result<u64, E> {
            u64::try_from(x).map_err(|_| E::custom(format!("{x} is negative")))
        }
        fn visit_u128<E: Error>(self, x: u128) -> Result<u64, E> {
            u64::try_from(x).map_err(|_| E::custom(format!("{x} is too large")))
        }
        fn visit_i128<E: Error>(self, x: i128) -> Result<u64, E> {
            u64::try_from(x).map_err(|_| E::custom(format!("{x} is out of range")))
        }
        fn visit_str<E: Error>(self, t: &str) -> Result<u64, E> {
            t.trim().parse().map_err(|_| {
                E::custom(format!(
                    "\"{t}\" is not a whole number from 0 to 18446744073709551615"
                ))
            })
        }
    }
}

/// A `u64` as JSON text: a string of its digits.
pub fn u64_json(x: u64) -> serde_json::Value {
    serde_json::Value::String(x.to_string())
}
