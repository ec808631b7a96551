//! Merging the parsed decks, checking every reference and number, and compiling the result.
//!
//! Errors are located by finding the offending id or field in the file's text after the item's
//! own `id`, which points at the right line in practice without threading spans through serde.

use std::collections::HashMap;
use std::sync::Arc;

use super::compiled::*;
use super::load::{ContentError, SourceFile, locate};
use super::schema::*;

mod build;
mod card;
mod dates;
mod event;
mod facilities;
mod persona;
mod provision;
mod scenario;

pub(super) use build::build;

/// Where an item came from, for error locations.
#[derive(Clone, Copy)]
struct Origin<'a> {
    src: &'a SourceFile,
    /// Byte offset of the item's id in the file.
    at: usize,
}

impl<'a> Origin<'a> {
    fn of(src: &'a SourceFile, id: &str) -> Origin<'a> {
        let needle = format!("\"{id}\"");
        let at = src.text.find(&needle).unwrap_or(0);
        Origin { src, at }
    }
    fn whole(src: &'a SourceFile) -> Origin<'a> {
        Origin { src, at: 0 }
    }
    /// An error at the first occurrence of `needle` inside this item.
    fn err(&self, needle: &str, message: String) -> ContentError {
        ContentError::at(self.src, locate(&self.src.text, needle, self.at), message)
    }
    fn err_ref(&self, id: &str, message: String) -> ContentError {
        self.err(&format!("\"{id}\""), message)
    }
}

/// A name the screens, the log and the report show: one line, and no straight double quote, since
/// the log and every reason put names in double quotes ("chose "Propose "x""" reads as noise).
/// Quoted words inside a name take typographic quotes: ‘…’.
fn check_name(errors: &mut Vec<ContentError>, o: Origin, what: &str, id: &str, name: &str) {
    let problem = if name.trim().is_empty() {
        "is empty"
    } else if name.contains('"') {
        "has a straight double quote (\"), which the log and the reasons use around names; write ‘…’ for words quoted inside a name"
    } else if name.contains(['\n', '\r']) {
        "runs over more than one line"
    } else {
        return;
    };
    errors.push(o.err("name:", format!("the name of {what} \"{id}\" {problem}")));
}

struct Ctx<'a> {
    errors: &'a mut Vec<ContentError>,
    flags: HashMap<String, FlagIx>,
    provisions: HashMap<String, ProvIx>,
    facilities: HashMap<String, FacIx>,
    cameo: HashMap<String, (f32, String)>,
}

impl Ctx<'_> {
    fn flag(&mut self, o: Origin, id: &str) -> FlagIx {
        match self.flags.get(id) {
            Some(i) => *i,
            None => {
                self.errors.push(o.err_ref(
                    id,
                    format!("unknown flag \"{id}\" (declare it in a deck's `flags` list)"),
                ));
                0
            }
        }
    }

    fn provision(&mut self, o: Origin, id: &str) -> ProvIx {
        match self.provisions.get(id) {
            Some(i) => *i,
            None => {
                self.errors
                    .push(o.err_ref(id, format!("unknown provision \"{id}\"")));
                0
            }
        }
    }

    /// Every number written in a deck is checked finite and in range by `numbers.rs` (the
    /// table there, located at the number). This is for a number that only a combination makes
    /// wrong, located at the first `field:` of the item.
    #[allow(dead_code)]
    fn range(&mut self, o: Origin, field: &str, v: f32, lo: f32, hi: f32) {
        if !(lo..=hi).contains(&v) || v.is_nan() {
            self.errors.push(o.err(
                &format!("{field}:"),
                format!("{field} is {v}, but must be between {lo} and {hi}"),
            ));
        }
    }

    fn cond(&mut self, o: Origin, c: &Condition) -> CompiledCondition {
        match c {
            Condition::Flag(f) => CompiledCondition::Flag(self.flag(o, f)),
            Condition::NotFlag(f) => CompiledCondition::NotFlag(self.flag(o, f)),
            Condition::MeterAtLeast { meter, value } => {
                CompiledCondition::MeterAtLeast(*meter, *value)
            }
            Condition::MeterBelow { meter, value } => CompiledCondition::MeterBelow(*meter, *value),
            Condition::TrustAtLeast { from, to, value } => {
                CompiledCondition::TrustAtLeast(*from, *to, *value)
            }
            Condition::TrustBelow { from, to, value } => {
                CompiledCondition::TrustBelow(*from, *to, *value)
            }
            Condition::SupportAtLeast { side, value } => {
                CompiledCondition::SupportAtLeast(*side, *value)
            }
            Condition::SupportBelow { side, value } => {
                CompiledCondition::SupportBelow(*side, *value)
            }
            Condition::ProgrammeAtLeast { field, value } => {
                CompiledCondition::ProgrammeAtLeast(*field, *value)
            }
            Condition::ProgrammeBelow { field, value } => {
                CompiledCondition::ProgrammeBelow(*field, *value)
            }
            Condition::SidePresent(s) => CompiledCondition::SidePresent(*s),
            Condition::ProvisionInForce(p) => {
                CompiledCondition::ProvisionInForce(self.provision(o, p))
            }
            Condition::FacilityHidden(f) => CompiledCondition::FacilityHidden(self.facility(o, f)),
            Condition::TurnAtLeast(t) => CompiledCondition::TurnAtLeast(*t),
            Condition::CrisesAtLeast(n) => CompiledCondition::CrisesAtLeast(*n),
            Condition::MonthIn(ms) => {
                let mut bits = 0u16;
                // Months outside 1-12 are refused by `numbers.rs`, at the month.
                for m in ms.iter().filter(|m| (1..=12).contains(*m)) {
                    bits |= 1 << m;
                }
                CompiledCondition::MonthIn(bits)
            }
            Condition::Any(cs) => {
                CompiledCondition::Any(cs.iter().map(|c| self.cond(o, c)).collect())
            }
            Condition::All(cs) => {
                CompiledCondition::All(cs.iter().map(|c| self.cond(o, c)).collect())
            }
        }
    }

    fn conds(&mut self, o: Origin, cs: &[Condition]) -> Box<[CompiledCondition]> {
        cs.iter().map(|c| self.cond(o, c)).collect()
    }

    fn effect(&mut self, o: Origin, e: &Effect) -> CompiledEffect {
        match e {
            Effect::Meter { meter, delta } => CompiledEffect::num(NumTarget::Meter(*meter), *delta),
            Effect::Trust { from, to, delta } => CompiledEffect::num(
                NumTarget::Trust {
                    from: *from,
                    to: *to,
                },
                *delta,
            ),
            Effect::TrustOfAll { to, delta } => CompiledEffect::TrustOfAll {
                to: *to,
                delta: *delta,
            },
            Effect::Support { side, delta } => {
                CompiledEffect::num(NumTarget::Support(*side), *delta)
            }
            Effect::Pc { side, delta } => {
                // Its range, like every number's, is checked by `numbers.rs`.
                CompiledEffect::Pc {
                    side: *side,
                    delta: *delta,
                }
            }
            Effect::Programme { field, delta } => {
                if *field == ProgrammeField::ProductionKg {
                    self.errors.push(
                        o.err(
                            "ProductionKg",
                            "production is what the running facilities make: change a facility's \
                         rate (`FacilityRate`) instead of `Programme(field: ProductionKg, ...)`"
                                .to_string(),
                        ),
                    );
                }
                CompiledEffect::num(NumTarget::Programme(*field), *delta)
            }
            Effect::Reveal { share } => CompiledEffect::Reveal { share: *share },
            Effect::FacilityRate { facility, rate } => CompiledEffect::FacilityRate {
                facility: self.facility(o, facility),
                rate: *rate,
            },
            Effect::RevealFacility(f) => CompiledEffect::RevealFacility(self.facility(o, f)),
            Effect::Inspectors(c) => CompiledEffect::Inspectors(*c),
            Effect::SetFlag(f) => CompiledEffect::SetFlag(self.flag(o, f)),
            Effect::ClearFlag(f) => CompiledEffect::ClearFlag(self.flag(o, f)),
            Effect::Lagged { turns, effects } => CompiledEffect::Lagged {
                turns: *turns,
                effects: Arc::from(self.effects(o, effects)),
            },
            Effect::Ramp {
                turns,
                meter,
                delta,
            } => CompiledEffect::Ramp {
                turns: (*turns).max(1),
                meter: *meter,
                delta: *delta,
            },
            Effect::If {
                when,
                then,
                otherwise,
            } => CompiledEffect::If {
                when: self.cond(o, when),
                then: self.effects(o, then),
                otherwise: self.effects(o, otherwise),
            },
        }
    }

    fn effects(&mut self, o: Origin, es: &[Effect]) -> Box<[CompiledEffect]> {
        let mut out = Vec::with_capacity(es.len());
        for e in es {
            // The fissile stock is plutonium + HEU: a change to either (or to the stock, read
            // as plutonium) changes both numbers, so conditions on either read true at once.
            match e {
                Effect::Programme { field, delta }
                    if matches!(
                        field,
                        ProgrammeField::FissileKg
                            | ProgrammeField::PlutoniumKg
                            | ProgrammeField::HeuKg
                    ) =>
                {
                    let material = if *field == ProgrammeField::HeuKg {
                        ProgrammeField::HeuKg
                    } else {
                        ProgrammeField::PlutoniumKg
                    };
                    out.push(CompiledEffect::num(NumTarget::Programme(material), *delta));
                    out.push(CompiledEffect::num(
                        NumTarget::Programme(ProgrammeField::FissileKg),
                        *delta,
                    ));
                }
                _ => out.push(self.effect(o, e)),
            }
        }
        out.into()
    }

    fn signals(&mut self, o: Origin, ss: &[Signal]) -> Box<[CompiledSignal]> {
        ss.iter()
            .map(|s| {
                let w = match self.cameo.get(&s.cameo) {
                    Some((w, _)) => *w,
                    None => {
                        self.errors.push(o.err_ref(
                            &s.cameo,
                            format!(
                                "unknown CAMEO code \"{}\" (add it to the cameo table with its GDELT Goldstein weight)",
                                s.cameo
                            ),
                        ));
                        0.0
                    }
                };
                CompiledSignal {
                    toward: s.toward,
                    value: w * s.intensity,
                }
            })
            .collect()
    }
}

/// "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}
