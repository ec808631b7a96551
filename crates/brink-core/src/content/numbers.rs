//! Every number a deck holds, checked: finite and inside its field's range, each error at the
//! number itself (file:line:column).
//!
//! The check does not list fields by hand. It walks the parsed deck through serde (every schema
//! type derives `Serialize`), so a field added to the schema tomorrow is walked too: it is checked
//! finite at once, and against [`range_of`]'s table once its range is written there (until then,
//! against a wide default; a test lists the fields without a range of their own). The location
//! comes from [`super::spans`], a map of where every value sits in the file's text.

use serde::Serialize;
use serde::ser;

use super::load::{ContentError, SourceFile, line_col};
use super::schema::Deck;
use super::spans::{self, Step};

/// One number of a deck: where it is in the value tree, which field of which type holds it, and
/// the text key beside it in a `(key, number)` pair (a card's id in a persona's `card_bias`).
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub path: Vec<Step>,
    /// "Rules", "Effect::Meter", "Persona": the struct or enum variant that holds the field.
    pub owner: String,
    /// The field's name ("quiet_weight"), or "" for a number outside any named field.
    pub field: String,
    pub key: Option<String>,
    pub value: f64,
    /// A whole-number field (a count, a cost, a month): checked only where the table names it,
    /// its type bounds it otherwise.
    pub integer: bool,
}

/// A field's allowed range, and what the field is in words (for the error).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Range {
    pub lo: f64,
    pub hi: f64,
    pub what: &'static str,
}

const fn r(lo: f64, hi: f64, what: &'static str) -> Option<Range> {
    Some(Range { lo, hi, what })
}

/// Numbers no field of its own names are held to this: wide, but finite and far from the
/// magnitudes where a sum or a chart's axis stops being exact.
pub(crate) const DEFAULT: Range = Range {
    lo: -1_000_000.0,
    hi: 1_000_000.0,
    what: "",
};

/// The range of the whole-number fields whose type allows values the game cannot use.
pub(crate) fn int_range_of(owner: &str, field: &str) -> Option<Range> {
    match (owner, field) {
        ("Card", "cost") => r(0.0, 10.0, "a card's cost in political capital"),
        ("Campaign", "months") => r(1.0, 24.0, "the months a campaign runs before its vote"),
        ("Effect::Pc", "delta") => r(-10.0, 10.0, "a change of political capital"),
        ("Effect::Lagged" | "Effect::Ramp", "turns") => r(1.0, 120.0, "a number of turns"),
        ("Scenario", "turns") => r(1.0, 120.0, "the turns a scenario lasts"),
        ("Scenario", "turn_months") => r(1.0, 12.0, "the months a turn spans"),
        ("SiteStatus::Building", "months") => r(0.0, 1200.0, "months until a facility is built"),
        ("ClassLength", "turns") => r(1.0, 120.0, "the turns a class length lasts"),
        ("Outages", "months" | "under_way") => r(1.0, 120.0, "the months a plant stands idle"),
        ("ClassLength", "months") => r(1.0, 12.0, "the months a class length's turn spans"),
        ("Rules", "move_limit") => r(1.0, 5.0, "the moves a side makes a turn"),
        ("Condition::MonthIn", _) => r(1.0, 12.0, "a month of the year"),
        ("Condition::CrisesAtLeast", _) => r(1.0, 120.0, "a number of months at the brink"),
        ("Step", "after") => r(0.0, 24.0, "the turns a step waits after the one before"),
        ("VerifiedBy::Inspection", "months") => r(0.0, 24.0, "months of inspectors' presence"),
        ("ScenarioInspections", "months") => r(0.0, 600.0, "months of inspectors' presence"),
        _ => None,
    }
}

/// The range of each number field of the schema, by the type (or enum variant) that holds it.
pub(crate) fn range_of(owner: &str, field: &str) -> Option<Range> {
    match (owner, field) {
        // Effects: meter points per play.
        ("Effect::Meter" | "Effect::Trust" | "Effect::TrustOfAll", "delta") => {
            r(-100.0, 100.0, "a change of a meter or of trust")
        }
        ("Effect::Support", "delta") => r(-100.0, 100.0, "a change of domestic support"),
        ("Effect::Ramp", "delta") => r(-100.0, 100.0, "a ramped change of a meter"),
        ("Effect::Programme", "delta") => r(-1000.0, 1000.0, "a change of the DPRK programme"),
        ("Effect::FacilityRate", "rate") => r(-1000.0, 1000.0, "a change of a facility's rate"),
        ("ScenarioSite", "rate") => r(0.0, 10_000.0, "what a facility makes a month"),
        ("ScenarioSite", "range") => r(0.0, 10_000.0, "the range of what a facility makes a month"),
        ("Outages", "chance") => r(0.0, 1.0, "a plant's chance a month of standing idle"),
        ("ScenarioProgramme", "assembly_per_month") => {
            r(0.0, 100.0, "warheads assembled a month, at most")
        }
        ("Effect::Reveal", "share") => r(0.0, 1.0, "the share of the estimate's gap revealed"),
        // Goals (decks/goals.ron): how far a goal's quantity may move the wrong way, and its floor.
        ("GoalMeasure", "tolerance") => r(0.0, 100.0, "the points a goal's measure may slip"),
        ("GoalMeasure", "at_least") => r(0.0, 10_000.0, "the floor of a goal's measure"),
        // Conditions compare with a meter, trust or support (0-100) or a programme field.
        (
            "Condition::MeterAtLeast"
            | "Condition::MeterBelow"
            | "Condition::TrustAtLeast"
            | "Condition::TrustBelow"
            | "Condition::SupportAtLeast"
            | "Condition::SupportBelow",
            "value",
        ) => r(0.0, 100.0, "a condition's threshold"),
        ("Condition::ProgrammeAtLeast" | "Condition::ProgrammeBelow", "value") => {
            r(0.0, 10_000.0, "a condition's threshold on the programme")
        }
        ("Signal", "intensity") => r(0.5, 1.5, "a signal's intensity"),
        ("Card", "detection") => r(0.0, 1.0, "a covert move's chance of detection"),
        ("EventCard", "weight") => r(0.0, 100.0, "an event's weight in the draw"),
        ("WeightModifier", "factor") => r(0.0, 100.0, "a factor on an event's weight"),
        ("Provision", "verification_needed") => r(0.0, 100.0, "the verification a provision needs"),
        ("Provision", "value") => r(-10.0, 10.0, "a provision's value to a side"),
        ("VerifiedBy::Inspection", "access") => {
            r(0.0, 100.0, "the access a step's verification needs")
        }
        ("ScenarioInspections", "access") => r(0.0, 100.0, "inspectors' access at the start"),
        ("Rung", "from") => r(0.0, 100.0, "the tension where a rung starts"),
        ("Objective", "weight") => r(0.0, 100.0, "an objective's weight"),
        ("ScenarioSide", "support") => r(0.0, 100.0, "a side's starting support"),
        ("ScenarioProgramme", "icbm_readiness") => r(0.0, 100.0, "ICBM readiness"),
        (
            "ScenarioProgramme",
            "warheads" | "fissile_kg" | "production_kg" | "nuclear_tests" | "icbm_tests"
            | "irbm_tests" | "srbm_tests" | "warhead_band" | "warheads_range" | "plutonium_kg"
            | "heu_kg" | "spent_fuel_kg" | "missiles",
        ) => r(0.0, 10_000.0, "a programme figure"),
        (
            "Scenario",
            "baseline_tension" | "tension" | "sanctions" | "enforcement" | "verification"
            | "economy" | "readiness" | "trust_allies" | "trust_others" | "trust",
        ) => r(0.0, 100.0, "a starting meter or trust"),
        ("Deck", "cameo") => r(-10.0, 10.0, "a Goldstein weight"),
        ("Rules", f) => rule_range(f),
        ("Faction", "chance") => r(0.0, 1.0, "a faction's chance to act on an offer"),
        ("Campaign", "risky") => r(-50.0, 50.0, "a campaign's change of a card's worth"),
        ("Campaign", "accept") => r(-100.0, 100.0, "a campaign's shift of the accept threshold"),
        ("Persona", f) => persona_range(f),
        ("PersonaRule", "cards") => r(-50.0, 50.0, "a rule's bias for a card"),
        ("PersonaRule", "cooperation") => r(-2.0, 2.0, "a rule's shift of cooperation"),
        ("PersonaRule", "accept") => r(-100.0, 100.0, "a rule's shift of the accept threshold"),
        ("PersonaRule", "back_down") => r(-200.0, 200.0, "a rule's shift of the back-down tension"),
        _ => None,
    }
}

fn rule_range(field: &str) -> Option<Range> {
    let share = "a share";
    match field {
        "credibility_floor" | "tension_drift" | "trust_decay" | "estimate_learning"
        | "support_pc_floor" | "support_drift" | "ally_signal_share" | "breach_max"
        | "incident_max" | "misread_max" => r(0.0, 1.0, share),
        "misread_weight" => r(0.0, 2.0, "a misreading's share of a signal"),
        "signal_weight" | "spiral" => r(0.0, 10.0, "a multiplier"),
        "trust_rest" | "economy_sanctions_mid" | "breach_support_at" => {
            r(0.0, 100.0, "a point on a 0-100 scale")
        }
        "breach_answer" => r(0.0, 100.0, "value points"),
        // A logistic curve's centre may lie past the ceiling: the chance then stays small even
        // at tension 100.
        "incident_centre" | "war_centre" => r(
            0.0,
            200.0,
            "the centre of a logistic curve on the tension scale",
        ),
        "incident_scale" | "war_scale" | "breach_scale" => {
            r(0.1, 100.0, "the width of a logistic curve")
        }
        "quiet_weight" => r(0.0, 100.0, "the weight of a quiet month in the draw"),
        "resist_band" | "tension_resist_band" => r(
            0.0,
            50.0,
            "the points from either end where a meter starts to resist",
        ),
        "kg_per_warhead" => r(0.5, 100.0, "kilograms of fissile material per warhead"),
        "heu_per_warhead" => r(0.5, 200.0, "kilograms of HEU per warhead"),
        "frozen_restart_months" | "dismantled_restart_months" => {
            r(0.0, 240.0, "months a stopped facility needs to restart")
        }
        "detection_per_verification" => r(0.0, 1.0, "a chance"),
        "economy_sanctions" => r(0.0, 10.0, "a rate"),
        "signal_threshold" => r(0.0, 100.0, "a signal threshold"),
        "reciprocity_bonus"
        | "sucker_trust"
        | "sucker_support"
        | "violation_trust"
        | "mutual_hostility_spike"
        | "sanctions_erosion"
        | "back_down_tension"
        | "back_down_support"
        | "detection_trust"
        | "detection_tension"
        | "readiness_growth"
        | "readiness_decay"
        | "readiness_recovery"
        | "access_growth"
        | "verification_growth"
        | "access_ceiling" => r(0.0, 100.0, "meter points"),
        _ => None,
    }
}

fn persona_range(field: &str) -> Option<Range> {
    match field {
        "cooperation" => r(-1.0, 1.0, "a persona's taste for cooperation"),
        "objectives" | "caution" | "temperature" => r(0.0, 3.0, "a persona's disposition"),
        "meter_weights" | "programme_weights" | "trust_weights" | "support_weight" => {
            r(-10.0, 10.0, "a persona's weight")
        }
        "flag_weights" => r(-50.0, 50.0, "a persona's weight on a flag"),
        "card_bias" => r(-50.0, 50.0, "a persona's bias for a card"),
        "provision_bias" => r(-50.0, 50.0, "a persona's bias for a provision"),
        "min_value" | "accept_threshold" | "generosity" => {
            r(-100.0, 100.0, "a persona's threshold")
        }
        "back_down_above" => r(0.0, 200.0, "the tension where a persona backs down"),
        _ => None,
    }
}

/// Checks every number of one parsed deck; errors are pushed located at the number.
pub(crate) fn check(src: &SourceFile, deck: &Deck, errors: &mut Vec<ContentError>) {
    let found = walk(deck);
    if found.is_empty() {
        return;
    }
    let tree = spans::parse(&src.text);
    for n in found {
        let range = if n.integer {
            match int_range_of(&n.owner, &n.field) {
                Some(r) => r,
                None => continue,
            }
        } else {
            range_of(&n.owner, &n.field).unwrap_or(DEFAULT)
        };
        let finite = n.value.is_finite();
        if finite && n.value >= range.lo && n.value <= range.hi {
            continue;
        }
        let at = tree.as_ref().map(|t| t.locate(&n.path)).unwrap_or_default();
        errors.push(ContentError::at(
            src,
            line_col(&src.text, at),
            message(&n, range, finite),
        ));
    }
}

/// "quiet_weight is inf (too large to hold), but must be between 0 and 100 (the weight of a quiet
/// month in the draw)".
fn message(n: &Found, range: Range, finite: bool) -> String {
    let name = if n.owner == "Condition::MonthIn" {
        "MonthIn's month".to_string()
    } else if n.owner == "Condition::CrisesAtLeast" {
        "CrisesAtLeast's count".to_string()
    } else if n.field.is_empty() {
        "a number".to_string()
    } else {
        n.field.clone()
    };
    let name = match &n.key {
        Some(k) => format!("{name} for \"{k}\""),
        None => name,
    };
    let value = if n.value.is_nan() {
        "not a number (NaN)".to_string()
    } else if !finite {
        let sign = if n.value < 0.0 { "minus " } else { "" };
        format!("{sign}infinite (or too large to hold)")
    } else {
        format!("{}", n.value as f32)
    };
    let what = if range.what.is_empty() {
        String::new()
    } else {
        format!(" ({})", range.what)
    };
    format!(
        "{name} is {value}, but must be a number from {} to {}{what}",
        range.lo, range.hi
    )
}

/// Every number in the deck, with its path and the field that holds it.
pub(crate) fn walk<T: Serialize>(value: &T) -> Vec<Found> {
    let mut w = Walker::default();
    let _ = value.serialize(&mut w);
    w.found
}

/// A serde serializer that writes nothing: it follows the value and notes each number.
#[derive(Default)]
struct Walker {
    found: Vec<Found>,
    path: Vec<Step>,
    /// The innermost named owner (struct or variant) and field.
    owner: Vec<String>,
    field: Vec<String>,
    /// The last string seen in the tuple being walked (the key of a `(key, number)` pair).
    tuple_key: Vec<Option<String>>,
}

#[derive(Debug)]
struct Never;
impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("never")
    }
}
impl std::error::Error for Never {}
impl ser::Error for Never {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Never
    }
}

type R = Result<(), Never>;

impl Walker {
    fn number(&mut self, v: f64) -> R {
        self.push(v, false)
    }
    fn integer(&mut self, v: f64) -> R {
        self.push(v, true)
    }
    fn push(&mut self, v: f64, integer: bool) -> R {
        self.found.push(Found {
            integer,
            path: self.path.clone(),
            owner: self.owner.last().cloned().unwrap_or_default(),
            field: self.field.last().cloned().unwrap_or_default(),
            key: self.tuple_key.last().cloned().flatten(),
            value: v,
        });
        Ok(())
    }
    fn in_step<T: Serialize + ?Sized>(&mut self, step: Step, v: &T) -> R {
        self.path.push(step);
        let r = v.serialize(&mut *self);
        self.path.pop();
        r
    }
    fn in_field<T: Serialize + ?Sized>(&mut self, name: &str, v: &T) -> R {
        self.field.push(name.to_string());
        let r = self.in_step(Step::Field(name.to_string()), v);
        self.field.pop();
        r
    }
}

/// A compound value being walked: a list, a tuple, a struct or a variant's body.
struct Compound<'a> {
    w: &'a mut Walker,
    index: usize,
    /// Whether this compound pushed an owner (a struct or struct variant) to pop at its end.
    owns: bool,
    /// Whether this compound is a tuple (its strings are keys for its numbers).
    tuple: bool,
}

impl Compound<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
        let i = self.index;
        self.index += 1;
        self.w.in_step(Step::Index(i), v)
    }
    fn end(self) -> R {
        if self.owns {
            self.w.owner.pop();
        }
        if self.tuple {
            self.w.tuple_key.pop();
        }
        Ok(())
    }
}

impl<'a> ser::Serializer for &'a mut Walker {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, _: bool) -> R {
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> R {
        self.integer(v as f64)
    }
    fn serialize_i16(self, v: i16) -> R {
        self.integer(v as f64)
    }
    fn serialize_i32(self, v: i32) -> R {
        self.integer(v as f64)
    }
    fn serialize_i64(self, v: i64) -> R {
        self.integer(v as f64)
    }
    fn serialize_u8(self, v: u8) -> R {
        self.integer(v as f64)
    }
    fn serialize_u16(self, v: u16) -> R {
        self.integer(v as f64)
    }
    fn serialize_u32(self, v: u32) -> R {
        self.integer(v as f64)
    }
    fn serialize_u64(self, v: u64) -> R {
        self.integer(v as f64)
    }
    fn serialize_f32(self, v: f32) -> R {
        self.number(v as f64)
    }
    fn serialize_f64(self, v: f64) -> R {
        self.number(v)
    }
    fn serialize_char(self, _: char) -> R {
        Ok(())
    }
    fn serialize_str(self, v: &str) -> R {
        if let Some(k) = self.tuple_key.last_mut() {
            *k = Some(v.to_string());
        }
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> R {
        Ok(())
    }
    fn serialize_none(self) -> R {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> R {
        self.in_step(Step::Unwrap("Some".into()), v)
    }
    fn serialize_unit(self) -> R {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> R {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> R {
        // A side or a meter in a `(side, number)` pair names what the number is for.
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, v: &T) -> R {
        self.in_step(Step::Unwrap(name.into()), v)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> R {
        self.owner.push(format!("{name}::{variant}"));
        let r = self.in_step(Step::Unwrap(variant.into()), v);
        self.owner.pop();
        r
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Never> {
        Ok(Compound {
            w: self,
            index: 0,
            owns: false,
            tuple: false,
        })
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, Never> {
        self.tuple_key.push(None);
        Ok(Compound {
            w: self,
            index: 0,
            owns: false,
            tuple: true,
        })
    }
    fn serialize_tuple_struct(self, name: &'static str, _: usize) -> Result<Compound<'a>, Never> {
        self.owner.push(name.to_string());
        self.tuple_key.push(None);
        Ok(Compound {
            w: self,
            index: 0,
            owns: true,
            tuple: true,
        })
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Never> {
        self.owner.push(format!("{name}::{variant}"));
        self.tuple_key.push(None);
        Ok(Compound {
            w: self,
            index: 0,
            owns: true,
            tuple: true,
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Never> {
        Ok(Compound {
            w: self,
            index: 0,
            owns: false,
            tuple: false,
        })
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Compound<'a>, Never> {
        self.owner.push(name.to_string());
        Ok(Compound {
            w: self,
            index: 0,
            owns: true,
            tuple: false,
        })
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Never> {
        self.owner.push(format!("{name}::{variant}"));
        Ok(Compound {
            w: self,
            index: 0,
            owns: true,
            tuple: false,
        })
    }
}

/// The sequences and tuples: each element is walked the same way, whatever serde calls it.
macro_rules! elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Never;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
                self.element(v)
            }
            fn end(self) -> R {
                Compound::end(self)
            }
        }
    )*};
}
elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);
impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, _: &T) -> R {
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
        self.element(v)
    }
    fn end(self) -> R {
        Compound::end(self)
    }
}
impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> R {
        self.w.in_field(key, v)
    }
    fn end(self) -> R {
        Compound::end(self)
    }
}
impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> R {
        self.w.in_field(key, v)
    }
    fn end(self) -> R {
        Compound::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every number field the shipped decks use has a range of its own in the table (a field
    /// added to the schema and the decks without one shows up here by name).
    #[test]
    fn every_number_field_of_the_shipped_decks_has_its_own_range() {
        let mut missing = std::collections::BTreeSet::new();
        for (name, text) in super::super::embedded::FILES {
            if !(name.starts_with("decks/") && name.ends_with(".ron")) {
                continue;
            }
            let src = SourceFile {
                name: name.to_string(),
                text: text.to_string(),
            };
            let deck = super::super::load::parse_deck(&src).expect("shipped deck parses");
            for n in walk(&deck).into_iter().filter(|n| !n.integer) {
                if range_of(&n.owner, &n.field).is_none() {
                    missing.insert(format!("{}.{}", n.owner, n.field));
                }
            }
        }
        assert!(missing.is_empty(), "numbers without a range: {missing:?}");
    }

    #[test]
    fn whole_numbers_out_of_range_are_located_too() {
        let src = SourceFile {
            name: "x.ron".into(),
            text: "(scenarios: [], cards: [], rules: None,\n events: [(id: \"e\", name: \"E\", \
                   description: \"d\", weight: 1.0, requires: [MonthIn([3, 13])], effects: \
                   [Pc(side: Actor, delta: 2), Pc(side: Actor, delta: 40)], precedent: \
                   (date: \"1994\", text: \"t\", source: \"s\"))])"
                .into(),
        };
        let deck = super::super::load::parse_deck(&src).expect("parses");
        let mut errors = Vec::new();
        check(&src, &deck, &mut errors);
        let at = |needle: &str| line_col(&src.text, src.text.find(needle).expect("in text"));
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert_eq!((errors[0].line, errors[0].column), at("13]"));
        assert!(errors[0].message.contains("a month of the year"));
        assert_eq!((errors[1].line, errors[1].column), at("40)"));
        assert!(errors[1].message.contains("political capital"));
    }

    #[test]
    fn a_long_crisis_of_no_months_is_refused_where_it_is() {
        let src = SourceFile {
            name: "x.ron".into(),
            text: "(personas: [(id: \"p\", name: \"P\", description: \"d\", sides: [us], \
                   cooperation: 0.5, rules: [(when: CrisesAtLeast(0), reason: \"r\")], \
                   accept_threshold: 1.0, back_down_above: 90.0)])"
                .into(),
        };
        let deck = super::super::load::parse_deck(&src).expect("parses");
        let mut errors = Vec::new();
        check(&src, &deck, &mut errors);
        assert_eq!(errors.len(), 1, "{errors:#?}");
        let at = line_col(&src.text, src.text.find("0)").expect("in text"));
        assert_eq!((errors[0].line, errors[0].column), at);
        assert!(
            errors[0].message.starts_with("CrisesAtLeast's count is 0")
                && errors[0].message.contains("months at the brink"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn the_walk_names_owner_field_and_key() {
        let deck: Deck = ron::from_str(
            "(personas: [(id: \"p\", name: \"P\", description: \"d\", sides: [us], \
             cooperation: 0.5, card_bias: [(\"us-card\", 99.0)], accept_threshold: 1.0, \
             back_down_above: 90.0)])",
        )
        .expect("parses");
        let found = walk(&deck);
        let bias = found
            .iter()
            .find(|n| n.field == "card_bias")
            .expect("the bias is walked");
        assert_eq!(bias.owner, "Persona");
        assert_eq!(bias.key.as_deref(), Some("us-card"));
        assert_eq!(bias.value, 99.0);
        assert_eq!(
            bias.path,
            vec![
                Step::Field("personas".into()),
                Step::Index(0),
                Step::Field("card_bias".into()),
                Step::Index(0),
                Step::Index(1)
            ]
        );
    }
}
