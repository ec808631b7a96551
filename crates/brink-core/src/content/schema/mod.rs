//! The RON schema of everything in `decks/`.
//!
//! Every struct denies unknown fields: a typo in a deck is an error with a location, never a
//! silently ignored field. Enums are externally tagged serde enums, so an effect is written
//! `Meter(meter: Tension, delta: -6.0)`, not a string the engine has to parse.
//!
//! A deck file holds one `Deck` value: a struct whose fields are all optional lists, so a file
//! may carry cards only, events only, a scenario, or any mix. Every `.ron` file under the decks
//! folder is read, so adding a file of cards needs no code.

use serde::{Deserialize, Serialize};

mod effects;
mod items;
mod persona;
mod rules;
mod scenario;

pub use effects::*;
pub use items::*;
pub use persona::*;
pub use rules::*;
pub use scenario::*;

/// The five sides. Their order here is the engine's fixed resolution order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SideId {
    Us,
    Dprk,
    Rok,
    China,
    Japan,
}

impl SideId {
    pub const ALL: [SideId; 5] = [
        SideId::Us,
        SideId::Dprk,
        SideId::Rok,
        SideId::China,
        SideId::Japan,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_index(i: usize) -> SideId {
        Self::ALL[i % 5]
    }

    /// One of the US alliance (the US, the ROK, Japan): signals between two of them count at
    /// `Rules::ally_signal_share`.
    pub fn in_alliance(self) -> bool {
        matches!(self, SideId::Us | SideId::Rok | SideId::Japan)
    }

    /// The id as written in decks and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            SideId::Us => "us",
            SideId::Dprk => "dprk",
            SideId::Rok => "rok",
            SideId::China => "china",
            SideId::Japan => "japan",
        }
    }

    pub fn parse(s: &str) -> Option<SideId> {
        Self::ALL.into_iter().find(|x| x.id() == s)
    }

    /// A short display label.
    pub fn label(self) -> &'static str {
        match self {
            SideId::Us => "US",
            SideId::Dprk => "DPRK",
            SideId::Rok => "ROK",
            SideId::China => "China",
            SideId::Japan => "Japan",
        }
    }

    /// The label inside a sentence: "the US", "the DPRK", but "China" (an acronym takes the
    /// article, a country's name does not).
    pub fn with_article(self) -> String {
        match self {
            SideId::Us | SideId::Dprk | SideId::Rok => format!("the {}", self.label()),
            SideId::China | SideId::Japan => self.label().to_string(),
        }
    }

    /// "the US's", "China's".
    pub fn possessive(self) -> String {
        format!("{}'s", self.with_article())
    }
}

impl std::fmt::Display for SideId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// The global meters, each 0–100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Meter {
    Tension,
    Sanctions,
    Enforcement,
    Verification,
    /// The DPRK economy.
    Economy,
    /// US–ROK combined readiness.
    Readiness,
}

impl Meter {
    pub const ALL: [Meter; 6] = [
        Meter::Tension,
        Meter::Sanctions,
        Meter::Enforcement,
        Meter::Verification,
        Meter::Economy,
        Meter::Readiness,
    ];
    pub fn index(self) -> usize {
        self as usize
    }
    pub fn label(self) -> &'static str {
        match self {
            Meter::Tension => "tension",
            Meter::Sanctions => "sanctions pressure",
            Meter::Enforcement => "enforcement",
            Meter::Verification => "verification",
            Meter::Economy => "DPRK economy",
            Meter::Readiness => "US-ROK readiness",
        }
    }
}

/// The DPRK programme, in real units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ProgrammeField {
    /// Assembled warheads (count).
    Warheads,
    /// Fissile material stock not yet in warheads (kg).
    FissileKg,
    /// Fissile production per turn (kg).
    ProductionKg,
    /// ICBM readiness 0–100.
    IcbmReadiness,
    NuclearTests,
    IcbmTests,
    /// Intermediate-range launches, including overflights of Japan.
    IrbmTests,
    /// Short-range launches.
    SrbmTests,
    /// Separated plutonium not yet in warheads (kg): reprocessing's output.
    PlutoniumKg,
    /// Highly enriched uranium not yet in warheads (kg): the centrifuges' output.
    HeuKg,
    /// Plutonium still in spent reactor fuel (kg), waiting to be reprocessed.
    SpentFuelKg,
    /// Long-range missiles built (count).
    Missiles,
}

impl ProgrammeField {
    pub const ALL: [ProgrammeField; PROGRAMME_FIELDS] = [
        ProgrammeField::Warheads,
        ProgrammeField::FissileKg,
        ProgrammeField::ProductionKg,
        ProgrammeField::IcbmReadiness,
        ProgrammeField::NuclearTests,
        ProgrammeField::IcbmTests,
        ProgrammeField::IrbmTests,
        ProgrammeField::SrbmTests,
        ProgrammeField::PlutoniumKg,
        ProgrammeField::HeuKg,
        ProgrammeField::SpentFuelKg,
        ProgrammeField::Missiles,
    ];
    pub fn index(self) -> usize {
        self as usize
    }
    pub fn label(self) -> &'static str {
        match self {
            ProgrammeField::Warheads => "warheads",
            ProgrammeField::FissileKg => "fissile stock (kg)",
            ProgrammeField::ProductionKg => "production (kg/turn)",
            ProgrammeField::IcbmReadiness => "ICBM readiness",
            ProgrammeField::NuclearTests => "nuclear tests",
            ProgrammeField::IcbmTests => "ICBM tests",
            ProgrammeField::IrbmTests => "IRBM tests",
            ProgrammeField::SrbmTests => "SRBM tests",
            ProgrammeField::PlutoniumKg => "plutonium (kg)",
            ProgrammeField::HeuKg => "HEU (kg)",
            ProgrammeField::SpentFuelKg => "Pu in spent fuel (kg)",
            ProgrammeField::Missiles => "long-range missiles",
        }
    }

    /// A stock a facility can make or use up (a material, or missiles).
    pub fn is_stock(self) -> bool {
        matches!(
            self,
            ProgrammeField::PlutoniumKg
                | ProgrammeField::HeuKg
                | ProgrammeField::SpentFuelKg
                | ProgrammeField::Missiles
        )
    }
}

/// How many figures the DPRK programme has (`ProgrammeField::ALL`).
pub const PROGRAMME_FIELDS: usize = 12;

/// Which side an effect or condition speaks of, relative to the card being played.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Who {
    /// The side that played the card (for events: the event's `actor`, or the US if none).
    Actor,
    /// The side the card is aimed at (offers and targeted moves).
    Target,
    Side(SideId),
}

/// `#[serde(default = "yes")]` and `"one"`: defaults shared by several kinds of item.
fn yes() -> bool {
    true
}

fn one() -> f32 {
    1.0
}
/// The deal the debrief measures others against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Benchmark {
    /// "the interim deal the content brief takes as the benchmark".
    pub name: String,
    /// Its shape in words.
    pub text: String,
    /// US and allied goals it serves, every one.
    pub us_goals: Vec<String>,
    /// DPRK goals it serves, at least one.
    pub dprk_goals_any: Vec<String>,
    /// Provisions that take a package beyond it, and what that means.
    #[serde(default)]
    pub beyond: Vec<String>,
    #[serde(default)]
    pub beyond_text: String,
    pub source: String,
}

/// A place on the map (assets/map.ron).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub id: String,
    pub name: String,
    pub lon: f64,
    pub lat: f64,
    /// "YYYY-MM": the site is not drawn on a game's map before this date (Punggye-ri was first
    /// used for a test in October 2006), unless an event happens there.
    #[serde(default)]
    pub since: Option<String>,
}

/// One deck file. Every list is optional, so a file holds whatever mix its author likes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deck {
    #[serde(default)]
    pub cards: Vec<Card>,
    #[serde(default)]
    pub events: Vec<EventCard>,
    #[serde(default)]
    pub provisions: Vec<Provision>,
    /// The DPRK programme's facilities (`decks/programme.ron`).
    #[serde(default)]
    pub facilities: Vec<Facility>,
    #[serde(default)]
    pub scenarios: Vec<Scenario>,
    #[serde(default)]
    pub personas: Vec<Persona>,
    #[serde(default)]
    pub flags: Vec<FlagDef>,
    #[serde(default)]
    pub ladder: Vec<Rung>,
    /// CAMEO code → Goldstein weight (GDELT lookup values).
    #[serde(default)]
    pub cameo: Vec<(String, f32, String)>,
    #[serde(default)]
    pub rules: Option<Rules>,
    /// The goals agreements are judged against in the debrief (`decks/goals.ron`).
    #[serde(default)]
    pub goals: Vec<Goal>,
    /// The deal the debrief measures others against.
    #[serde(default)]
    pub benchmark: Option<Benchmark>,
    /// Governments facing the voters (`decks/politics.ron`).
    #[serde(default)]
    pub campaigns: Vec<Campaign>,
}

/// A government facing an election plays safe (design §10, "politics at home"): in the
/// `months` before the vote of `election` (an event whose dates give its real month), a
/// computer player of `side` values its `risky` moves lower by the amount beside each, and asks
/// `accept` more of a package before it signs. Data, so a new election needs no code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    /// The election's event id: its `dates.from` is the month of the vote.
    pub election: String,
    pub side: SideId,
    /// How many months before the vote the campaign runs (the vote's own month not counted).
    pub months: u16,
    /// (card id, change of its worth in signal units, usually negative).
    pub risky: Vec<(String, f32)>,
    /// Added to the persona's acceptance threshold for a package.
    #[serde(default)]
    pub accept: f32,
    /// Finishes "it played safe: ..." in a computer player's reason.
    pub reason: String,
}
