//! The decision message, written fast: a seat's `Writer` keeps between decisions what does not
//! change (the line's buffer, the plan listing, each card's and scenario's JSON), so the
//! protocol's hot path copies prepared bytes instead of serializing the same names again.
//! Separate from the message types because its concern is speed, not the message's shape.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::{CardIx, ContentDb, SideId};
use crate::engine::decision::{self, Decision, PlanListing};
use crate::engine::observe;
use crate::engine::state::GameState;

use super::briefing::{Asked, write_briefing};
use super::{PROTOCOL, observation, round1};

/// The engine's decision with its question.
#[derive(Serialize)]
struct DecisionOut<'a> {
    #[serde(flatten)]
    decision: Decision,
    question: &'a str,
}

/// The engine's legal options, with the playable cards' signals beside them (answers and the
/// brink: a plan's are written by `Writer::plan_legal`).
#[derive(Serialize)]
struct LegalOut<'a> {
    #[serde(flatten)]
    legal: &'a decision::Legal,
    #[serde(skip_serializing_if = "Option::is_none")]
    signals: Option<BTreeMap<&'a str, f64>>,
}

/// Writes one seat's decision messages (`request`), keeping between decisions what does not
/// change: the buffer the line is written into, the plan listing's memory, and each card's and
/// each scenario's part of a message as JSON — names and descriptions from the decks, escaped
/// once rather than at every decision. This is the protocol's hot path (`benches/agent.rs`,
/// target 50 µs a decision with the pipe): a plan's message is about 15 kB, most of it the
/// playable cards and every legal plan, which are copied in rather than built and serialized.
#[derive(Default)]
pub struct Writer {
    line: Vec<u8>,
    briefing: String,
    listing: PlanListing,
    /// The content the caches below were built from (its address): a writer used with other
    /// decks starts again.
    db: usize,
    /// By card index, once needed.
    cards: Vec<Option<CardJson>>,
    /// By scenario index: `[{"id", "name"}, ...]` of the provisions on the table.
    provisions: Vec<Option<Box<[u8]>>>,
    /// The signals of the playable cards, by card id (sorted scratch).
    signals: Vec<CardIx>,
}

/// A card's parts of a plan's options, as JSON.
struct CardJson {
    /// `"card-id"`.
    id: Box<[u8]>,
    /// Its `decision::CardOption`.
    option: Box<[u8]>,
    /// `{"id":…,"name":…,"cost":…,"reason":`, an `decision::Unavailable` up to its reason.
    unavailable: Box<[u8]>,
    /// `"card-id":signal`.
    signal: Box<[u8]>,
}

impl CardJson {
    fn new(db: &ContentDb, card: CardIx) -> CardJson {
        let def = &db.cards[card as usize];
        let mut unavailable = Vec::new();
        unavailable.extend_from_slice(b"{\"id\":");
        push_json_str(&mut unavailable, &def.id);
        unavailable.extend_from_slice(b",\"name\":");
        push_json_str(&mut unavailable, &def.name);
        unavailable.extend_from_slice(b",\"cost\":");
        push_json(
            &mut unavailable,
            &(db.compiled_cards[card as usize].cost as i32),
        );
        unavailable.extend_from_slice(b",\"reason\":");
        let mut id = Vec::new();
        push_json_str(&mut id, &def.id);
        let mut signal_json = id.clone();
        signal_json.push(b':');
        push_json(&mut signal_json, &signal(db, card));
        let mut option = Vec::new();
        push_json(&mut option, &decision::card_option(db, card));
        CardJson {
            id: id.into(),
            option: option.into(),
            unavailable: unavailable.into(),
            signal: signal_json.into(),
        }
    }
}

impl Writer {
    /// The line for decision number `id` (no newline), as `request` says, in the writer's
    /// buffer. None if `d` is not open.
    pub fn request(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        d: Decision,
        id: u64,
        error: Option<&str>,
    ) -> Option<&str> {
        if !s.is_pending(d) {
            return None;
        }
        let here = db as *const ContentDb as usize;
        if self.db != here {
            self.db = here;
            self.cards.clear();
            self.provisions.clear();
        }
        let side = d.side();
        let obs = observe(s, side);
        let question = d.describe(db, s);
        // Answers and the brink: the engine's options as they are (short).
        let other = match d {
            Decision::Plan { .. } => None,
            _ => Some(decision::options(db, s, d).ok()?),
        };
        let asked = match (&other, d) {
            (None, Decision::Plan { side }) => {
                self.listing.fill(db, s, side);
                Asked::Plan {
                    max_cards: self.listing.max_cards,
                    cards: self.listing.playable.len(),
                    budget: self.listing.budget,
                }
            }
            (Some(o), _) => match &o.legal {
                decision::Legal::Answer(a) => Asked::Answer {
                    offer: a.offer,
                    counter: a.counter.is_some(),
                },
                _ => Asked::Brink,
            },
            _ => return None,
        };
        self.briefing.clear();
        write_briefing(&mut self.briefing, db, s, &obs, d, &question, asked);

        let line = &mut self.line;
        line.clear();
        line.extend_from_slice(b"{\"protocol\":");
        push_json_str(line, PROTOCOL);
        line.extend_from_slice(b",\"type\":\"decision\",\"id\":");
        push_json(line, &id);
        line.extend_from_slice(b",\"side\":");
        push_json(line, &side);
        line.extend_from_slice(b",\"decision\":");
        push_json(
            line,
            &DecisionOut {
                decision: d,
                question: &question,
            },
        );
        line.extend_from_slice(b",\"observation\":");
        push_json(line, &observation(db, s, &obs));
        line.extend_from_slice(b",\"briefing\":");
        push_json_str(line, &self.briefing);
        line.extend_from_slice(b",\"legal\":");
        match &other {
            Some(o) => push_json(
                line,
                &LegalOut {
                    legal: &o.legal,
                    signals: None,
                },
            ),
            None => self.plan_legal(db, s, side),
        }
        let line = &mut self.line;
        line.extend_from_slice(b",\"pass\":");
        push_json(line, &d.pass_choice());
        if let Some(e) = error {
            line.extend_from_slice(b",\"error\":");
            push_json_str(line, e);
        }
        line.push(b'}');
        // Everything written is UTF-8: JSON from serde_json and the decks' own strings.
        std::str::from_utf8(&self.line).ok()
    }

    /// A plan's `legal`, from `self.listing` (filled for this decision): what `LegalOut` writes
    /// for `decision::options`'s `Legal::Plan` with its signals, byte for byte
    /// (`tests/agent_protocol.rs` compares them).
    fn plan_legal(&mut self, db: &ContentDb, s: &GameState, side: SideId) {
        let Writer {
            line,
            listing,
            cards,
            provisions,
            signals,
            ..
        } = self;
        if cards.len() < db.cards.len() {
            cards.resize_with(db.cards.len(), || None);
        }
        // Every card of the side's hand written once (then kept).
        let hand = listing
            .playable
            .iter()
            .chain(listing.unavailable.iter().map(|(c, _)| c));
        for &c in hand {
            cards[c as usize].get_or_insert_with(|| CardJson::new(db, c));
        }
        let cards: &[Option<CardJson>] = cards;
        let card = |c: CardIx| -> &CardJson {
            match &cards[c as usize] {
                Some(j) => j,
                None => unreachable!("every card of the hand was written just above"),
            }
        };
        line.extend_from_slice(b"{\"kind\":\"plan\",\"budget\":");
        push_json(line, &listing.budget);
        line.extend_from_slice(b",\"max_cards\":");
        push_json(line, &listing.max_cards);
        line.extend_from_slice(b",\"cards\":[");
        for (i, &c) in listing.playable.iter().enumerate() {
            if i > 0 {
                line.push(b',');
            }
            line.extend_from_slice(&card(c).option);
        }
        line.extend_from_slice(b"],\"unavailable\":[");
        for (i, (c, reason)) in listing.unavailable.iter().enumerate() {
            if i > 0 {
                line.push(b',');
            }
            line.extend_from_slice(&card(*c).unavailable);
            push_json_str(line, reason);
            line.push(b'}');
        }
        line.extend_from_slice(b"],\"targets\":[");
        for (i, x) in s.seated_sides().filter(|x| *x != side).enumerate() {
            if i > 0 {
                line.push(b',');
            }
            push_json(line, &x);
        }
        line.extend_from_slice(b"],\"provisions\":");
        let scenario = s.scenario as usize;
        if provisions.len() <= scenario {
            provisions.resize_with(scenario + 1, || None);
        }
        let on_table = provisions[scenario].get_or_insert_with(|| {
            let mut v = Vec::new();
            v.push(b'[');
            for (i, &p) in db.compiled_scenarios[scenario]
                .provisions_on_table
                .iter()
                .enumerate()
            {
                if i > 0 {
                    v.push(b',');
                }
                let p = &db.provisions[p as usize];
                v.extend_from_slice(b"{\"id\":");
                push_json_str(&mut v, &p.id);
                v.extend_from_slice(b",\"name\":");
                push_json_str(&mut v, &p.name);
                v.push(b'}');
            }
            v.push(b']');
            v.into()
        });
        line.extend_from_slice(on_table);
        line.extend_from_slice(b",\"plan_count\":");
        push_json(line, &listing.plan_count);
        if listing.plans_listed() {
            line.extend_from_slice(b",\"plans\":[");
            let mut first = true;
            listing.for_each_plan(|set| {
                if !first {
                    line.push(b',');
                }
                first = false;
                line.push(b'[');
                for (i, &c) in set.iter().enumerate() {
                    if i > 0 {
                        line.push(b',');
                    }
                    line.extend_from_slice(&card(c).id);
                }
                line.push(b']');
            });
            line.push(b']');
        }
        // By card id, as a map of them is written.
        signals.clear();
        signals.extend_from_slice(&listing.playable);
        signals.sort_unstable_by(|a, b| db.cards[*a as usize].id.cmp(&db.cards[*b as usize].id));
        signals.dedup();
        line.extend_from_slice(b",\"signals\":{");
        for (i, &c) in signals.iter().enumerate() {
            if i > 0 {
                line.push(b',');
            }
            line.extend_from_slice(&card(c).signal);
        }
        line.extend_from_slice(b"}}");
    }
}

/// Appends `v` as JSON.
fn push_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
    // Writing into a Vec cannot fail, and every value here serializes.
    let _ = serde_json::to_writer(&mut *out, v);
}

/// Appends `text` as a JSON string, exactly as serde_json writes it: a string with nothing to
/// escape (the usual case) is copied in one go instead of byte by byte.
fn push_json_str(out: &mut Vec<u8>, text: &str) {
    let b = text.as_bytes();
    // No early exit, so the check runs over whole words at a time.
    let plain = b
        .iter()
        .fold(true, |ok, &c| ok & (c >= 0x20) & (c != b'"') & (c != b'\\'));
    if plain {
        out.reserve(b.len() + 2);
        out.push(b'"');
        out.extend_from_slice(b);
        out.push(b'"');
    } else {
        push_json(out, text);
    }
}

/// A card's signal: its CAMEO Goldstein weight times its intensity, averaged over its signals
/// (how cooperative, +, or hostile, −, it reads; public in the decks).
fn signal(db: &ContentDb, card: u16) -> f64 {
    let sig = &db.compiled_cards[card as usize].signals;
    if sig.is_empty() {
        return 0.0;
    }
    round1(sig.iter().map(|x| x.value).sum::<f32>() / sig.len() as f32)
}
