//! Game content: the RON schema, the loader that reads and checks the decks, and the immutable
//! `ContentDb` every other module is handed.
//!
//! Loading has two steps. `parse` turns each file's text into a `Deck` (syntax and type errors,
//! with file:line:column). `build` merges the decks, checks every cross-reference and number, and
//! compiles the content into the engine's integer-indexed form. Both collect every error they
//! find instead of stopping at the first, so an author fixes a broken deck in one pass.

pub mod check;
pub mod compiled;
pub mod draw;
mod embedded;
mod goals;
mod load;
mod numbers;
pub mod schema;
mod spans;
mod unread;
mod validate;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use compiled::*;
pub use load::{
    ContentError, SourceFile, find_decks_dir, looks_cut_off, plain_ron_error, read_dir_sources,
};
pub use schema::*;

/// Everything the game knows about the world, loaded and checked.
#[derive(Debug)]
pub struct ContentDb {
    pub cards: Vec<Card>,
    pub events: Vec<EventCard>,
    pub provisions: Vec<Provision>,
    /// The DPRK programme's facilities, in deck order (`decks/programme.ron`).
    pub facilities: Vec<Facility>,
    pub scenarios: Vec<Scenario>,
    pub personas: Vec<Persona>,
    pub flags: Vec<FlagDef>,
    pub ladder: Vec<Rung>,
    pub rules: Rules,
    /// The goals the debrief judges agreements against, in deck order (`decks/goals.ron`).
    pub goals: Vec<Goal>,
    /// The deal the debrief measures others against.
    pub benchmark: Option<Benchmark>,
    /// Governments facing the voters (`decks/politics.ron`), in deck order.
    pub campaigns: Vec<Campaign>,
    /// CAMEO code → (Goldstein weight, label).
    pub cameo: HashMap<String, (f32, String)>,

    /// Compiled forms, index-aligned with the lists above.
    pub compiled_cards: Vec<CompiledCard>,
    pub compiled_events: Vec<CompiledEvent>,
    pub compiled_provisions: Vec<CompiledProvision>,
    pub compiled_facilities: Vec<CompiledFacility>,
    pub compiled_scenarios: Vec<CompiledScenario>,
    pub compiled_personas: Vec<CompiledPersona>,
    pub derived: DerivedRules,
    /// Cards of each side, in deck order.
    pub cards_by_side: [Vec<CardIx>; 5],

    ids: HashMap<String, IdRef>,
    /// FNV-1a over every source file's name and text: a record names the content it was played with.
    pub hash: u64,
    /// Where the content came from ("embedded" or a folder).
    pub origin: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdRef {
    Card(CardIx),
    Event(EventIx),
    Provision(ProvIx),
    Scenario(u16),
    Persona(u16),
}

impl IdRef {
    /// The index, if the id names a card (likewise `event`, `provision`).
    pub(crate) fn card(&self) -> Option<usize> {
        if let IdRef::Card(i) = self {
            Some(*i as usize)
        } else {
            None
        }
    }
    pub(crate) fn event(&self) -> Option<usize> {
        if let IdRef::Event(i) = self {
            Some(*i as usize)
        } else {
            None
        }
    }
    pub(crate) fn provision(&self) -> Option<usize> {
        if let IdRef::Provision(i) = self {
            Some(*i as usize)
        } else {
            None
        }
    }
}

/// Counts printed by `brink validate`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Counts {
    pub sides: usize,
    pub cards: usize,
    pub events: usize,
    pub provisions: usize,
    pub scenarios: usize,
    pub personas: usize,
}

impl ContentDb {
    /// The content shipped inside the binary.
    pub fn embedded() -> Result<ContentDb, Vec<ContentError>> {
        let sources: Vec<SourceFile> = embedded::FILES
            .iter()
            .filter(|(name, _)| name.starts_with("decks/") && name.ends_with(".ron"))
            .map(|(name, text)| SourceFile {
                name: (*name).to_string(),
                text: (*text).to_string(),
            })
            .collect();
        Self::from_sources(sources, "embedded")
    }

    /// Loads every `.ron` file under `dir` (recursively).
    pub fn load_dir(dir: &Path) -> Result<ContentDb, Vec<ContentError>> {
        let sources = read_dir_sources(dir)?;
        Self::from_sources(sources, &dir.display().to_string())
    }

    /// The decks folder the command line should use: `--decks`, `BRINK_DECKS`, `./decks`, the one
    /// beside the executable, or else the embedded content.
    pub fn discover(explicit: Option<&Path>) -> Result<ContentDb, Vec<ContentError>> {
        match find_decks_dir(explicit) {
            Some(dir) => Self::load_dir(&dir),
            None => Self::embedded(),
        }
    }

    /// Parses and checks a set of deck files. Pure: no file system.
    pub fn from_sources(
        mut sources: Vec<SourceFile>,
        origin: &str,
    ) -> Result<ContentDb, Vec<ContentError>> {
        sources.sort_by(|a, b| a.name.cmp(&b.name));
        let hash = load::hash_sources(&sources);
        let mut errors = Vec::new();
        let mut decks = Vec::new();
        // Every number out of range or not finite, each at the number itself.
        let mut number_errors = Vec::new();
        for src in &sources {
            match load::parse_deck(src) {
                Ok(deck) => {
                    numbers::check(src, &deck, &mut number_errors);
                    decks.push((src, deck))
                }
                Err(e) => errors.push(e),
            }
        }
        let unread: Vec<unread::Unread> = sources
            .iter()
            .filter(|src| errors.iter().any(|e| e.file == src.name))
            .map(unread::Unread::new)
            .collect();
        errors.append(&mut number_errors);
        let parse_errors = errors.len();
        let built = validate::build(&decks, unread.is_empty(), &mut errors);
        // An id defined in a file that did not parse looks unknown everywhere it is used:
        // those uses are counted on the broken file's error, not listed as mistakes of their own.
        unread::fold(&mut errors, parse_errors, &unread);
        // The same use found by two checks (a persona's rule read for its plan and for its
        // answers) is one problem: report it once.
        let mut seen = std::collections::HashSet::new();
        errors.retain(|e| seen.insert((e.file.clone(), e.line, e.column, e.message.clone())));
        if !errors.is_empty() {
            return Err(errors);
        }
        match built {
            Some(mut db) => {
                db.hash = hash;
                db.origin = origin.to_string();
                Ok(db)
            }
            None => Err(vec![ContentError::general("the decks could not be built")]),
        }
    }

    pub fn counts(&self) -> Counts {
        let mut sides = [false; 5];
        for s in &self.scenarios {
            for ss in &s.sides {
                sides[ss.side.index()] = true;
            }
        }
        Counts {
            sides: sides.iter().filter(|x| **x).count(),
            cards: self.cards.len(),
            events: self.events.len(),
            provisions: self.provisions.len(),
            scenarios: self.scenarios.len(),
            personas: self.personas.len(),
        }
    }

    pub fn card_ix(&self, id: &str) -> Option<CardIx> {
        match self.ids.get(id) {
            Some(IdRef::Card(i)) => Some(*i),
            _ => None,
        }
    }
    pub fn event_ix(&self, id: &str) -> Option<EventIx> {
        match self.ids.get(id) {
            Some(IdRef::Event(i)) => Some(*i),
            _ => None,
        }
    }
    pub fn provision_ix(&self, id: &str) -> Option<ProvIx> {
        match self.ids.get(id) {
            Some(IdRef::Provision(i)) => Some(*i),
            _ => None,
        }
    }
    pub fn scenario_ix(&self, id: &str) -> Option<u16> {
        match self.ids.get(id) {
            Some(IdRef::Scenario(i)) => Some(*i),
            _ => None,
        }
    }
    pub fn persona_ix(&self, id: &str) -> Option<u16> {
        match self.ids.get(id) {
            Some(IdRef::Persona(i)) => Some(*i),
            _ => None,
        }
    }
    pub fn facility_ix(&self, id: &str) -> Option<FacIx> {
        self.facilities
            .iter()
            .position(|f| f.id == id)
            .map(|i| i as FacIx)
    }
    pub fn flag_ix(&self, id: &str) -> Option<FlagIx> {
        self.flags
            .iter()
            .position(|f| f.id == id)
            .map(|i| i as FlagIx)
    }

    pub fn scenario(&self, id: &str) -> Option<&Scenario> {
        self.scenario_ix(id).map(|i| &self.scenarios[i as usize])
    }

    /// The rung index for a tension value.
    pub fn rung_of(&self, tension: f32) -> usize {
        let mut r = 0;
        for (i, rung) in self.ladder.iter().enumerate() {
            if tension >= rung.from {
                r = i;
            }
        }
        r
    }

    /// Tension as a whole number to print beside its rung's name: rounded, unless rounding
    /// would cross into the next rung ("80 · Crisis" when Brink starts at 80 and the true value
    /// is 79.6), then cut the other way. The rung itself always comes from the true value.
    pub fn tension_shown(&self, tension: f32) -> f32 {
        let r = tension.round();
        if self.rung_of(r) == self.rung_of(tension) {
            return r;
        }
        let other = if r > tension {
            tension.floor()
        } else {
            tension.ceil()
        };
        if self.rung_of(other) == self.rung_of(tension) {
            other
        } else {
            tension
        }
    }

    pub fn rung_name(&self, tension: f32) -> &str {
        &self.ladder[self.rung_of(tension)].name
    }

    /// The tension at which a named rung starts (e.g. "Brink"), if the ladder has it.
    pub fn rung_from(&self, name: &str) -> Option<f32> {
        self.ladder.iter().find(|r| r.name == name).map(|r| r.from)
    }

    /// The Goldstein weight of a CAMEO code.
    pub fn goldstein(&self, code: &str) -> Option<f32> {
        self.cameo.get(code).map(|(w, _)| *w)
    }

    /// Where the content shipped with the game lives on disk when running from a checkout.
    pub fn repo_decks_dir() -> PathBuf {
        // This crate sits at `crates/brink-core`; the decks at the workspace's top.
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("..")
            .join("decks")
    }
}

/// Asset files shipped in the binary (`assets/…`), by path.
pub fn embedded_asset(name: &str) -> Option<&'static str> {
    embedded::FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}
