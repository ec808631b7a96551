//! The messages of the agent protocol, version 1 (docs/protocol.md): what Brink writes at a
//! decision, and how it reads the agent's answer.
//!
//! Built on the engine's decision API: the decision is `engine::Decision`, the legal options
//! are `decision::options` as they are (with each card's public signal added), an answer is an
//! `engine::Choice` (or a shorthand of one) and the rules judge it with `decision::check`.
//! Everything an agent is told about the world comes from `engine::observe` — the engine's one
//! account of what a side may see — and from the decks (names, descriptions, costs), which are
//! public. So an agent can neither learn what its side could not, nor play what a person at the
//! table could not.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use crate::content::{CardIx, ContentDb, Meter, ProgrammeField, ProvIx, Regime, SideId};
use crate::engine::decision::{self, Choice, Decision, PlanListing, PlannedCard};
use crate::engine::observe::{Observation, ProgrammeView, plant_state};
use crate::engine::state::{AgreementStatus, GameState, Offer, Phase, StepProgress};
use crate::engine::{Input, Response, observe};

/// The protocol's name and version, in every message Brink writes.
pub const PROTOCOL: &str = "brink-agent/1";

/// An answer read and found legal: the engine's input and the agent's rationale.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub input: Input,
    pub rationale: Option<String>,
}

/// The longest rationale kept (characters); a longer one is cut, with an ellipsis.
pub const MAX_RATIONALE: usize = 2000;

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

/// The line Brink writes for decision number `id` (no newline). `error`, when set, tells the
/// agent why its previous answer was refused. None if `d` is not open. A seat keeps a `Writer`
/// instead, which writes the same line faster from the second decision on.
pub fn request(
    db: &ContentDb,
    s: &GameState,
    d: Decision,
    id: u64,
    error: Option<&str>,
) -> Option<String> {
    Writer::default()
        .request(db, s, d, id, error)
        .map(str::to_string)
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
        push_json(&mut unavailable, &(db.c_cards[card as usize].cost as i32));
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
            for (i, &p) in db.c_scenarios[scenario]
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
    let sig = &db.c_cards[card as usize].signals;
    if sig.is_empty() {
        return 0.0;
    }
    round1(sig.iter().map(|x| x.value).sum::<f32>() / sig.len() as f32)
}

/// The last line Brink writes: how the game ended for `side`. Then it closes the agent's input.
pub fn game_over(db: &ContentDb, s: &GameState, side: SideId) -> String {
    let obs = observe(s, side);
    let objectives: Vec<Value> = crate::engine::objective_results(db, s, side)
        .into_iter()
        .map(|o| json!({"name": o.name, "weight": o.weight, "met": o.met}))
        .collect();
    json!({
        "protocol": PROTOCOL,
        "type": "over",
        "side": side.id(),
        "outcome": s.outcome.map(|o| o.id()),
        "turn": s.turn,
        "score": round3(crate::engine::score(db, s, side)),
        "objectives": objectives,
        "observation": observation(db, s, &obs),
    })
    .to_string()
}

#[derive(Serialize)]
struct ProvisionOut<'a> {
    id: &'a str,
    name: &'a str,
    obligations: &'a [SideId],
}

fn provision_out(db: &ContentDb, p: ProvIx) -> ProvisionOut<'_> {
    let src = &db.provisions[p as usize];
    ProvisionOut {
        id: &src.id,
        name: &src.name,
        obligations: &src.obligations,
    }
}

fn signed_provision_out(
    db: &ContentDb,
    p: ProvIx,
    progress: StepProgress,
) -> SignedProvisionOut<'_> {
    let src = &db.provisions[p as usize];
    let steps = (0..src.steps.len())
        .map(|k| StepOut {
            name: &src.steps[k].name,
            plan: crate::engine::text::step_plan(db, p, k),
            state: if k < progress.verified as usize {
                "verified"
            } else if k < progress.taken as usize {
                "taken"
            } else if k == progress.taken as usize {
                "next"
            } else {
                "later"
            },
        })
        .collect();
    SignedProvisionOut {
        provision: provision_out(db, p),
        limits: db.c_provisions[p as usize].limits,
        taken: progress.taken,
        verified: progress.verified,
        steps,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum AnswerOut<'a> {
    Accept,
    Reject,
    Counter(Vec<&'a str>),
}

#[derive(Serialize)]
struct OfferOut<'a> {
    offer: u16,
    from: SideId,
    to: SideId,
    card: &'a str,
    name: &'a str,
    package: Vec<ProvisionOut<'a>>,
    counter_of: Option<u16>,
    cosign_of: Option<u16>,
    answer: Option<AnswerOut<'a>>,
}

fn offer_out<'a>(db: &'a ContentDb, o: &Offer) -> OfferOut<'a> {
    OfferOut {
        offer: o.id,
        from: o.from,
        to: o.to,
        card: &db.cards[o.card as usize].id,
        name: &db.cards[o.card as usize].name,
        package: o.package.iter().map(|p| provision_out(db, *p)).collect(),
        counter_of: o.counter_of,
        cosign_of: o.cosign_of,
        answer: o.answer.as_ref().map(|a| match a {
            Response::Accept => AnswerOut::Accept,
            Response::Reject => AnswerOut::Reject,
            Response::Counter(p) => AnswerOut::Counter(
                p.iter()
                    .map(|p| db.provisions[*p as usize].id.as_str())
                    .collect(),
            ),
        }),
    }
}

#[derive(Serialize)]
struct ScenarioOut<'a> {
    id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct MetersOut {
    tension: f64,
    sanctions: f64,
    enforcement: f64,
    verification: f64,
    economy: f64,
    readiness: f64,
}

#[derive(Serialize)]
struct SideOut {
    name: &'static str,
    pc: i32,
    pc_next: i32,
    support: f64,
}

/// The programme as the side sees it: its figures, and the plants it knows of.
#[derive(Serialize)]
struct ProgrammeOut<'a> {
    #[serde(flatten)]
    figures: FiguresOut,
    /// The months one turn spans: every `_kg` rate and `made` figure is per turn.
    turn_months: u8,
    /// The facilities the side knows of (the DPRK: all of them), by plant.
    facilities: Vec<FacilityOut<'a>>,
    /// Counts a cap in force holds, at the level it holds them (public: the agreements say).
    caps: BTreeMap<&'static str, f64>,
}

#[derive(Serialize)]
#[serde(tag = "seen", rename_all = "snake_case")]
enum FiguresOut {
    Exact {
        warheads: f64,
        fissile_kg: f64,
        production_kg: f64,
        icbm_readiness: f64,
        nuclear_tests: f64,
        icbm_tests: f64,
        irbm_tests: f64,
        srbm_tests: f64,
        plutonium_kg: f64,
        heu_kg: f64,
        spent_fuel_kg: f64,
        missiles: f64,
    },
    Estimate {
        warheads: Band,
        icbm_readiness: Band,
        production_kg: f64,
        nuclear_tests: f64,
        icbm_tests: f64,
        irbm_tests: f64,
        srbm_tests: f64,
        spent_fuel_kg: f64,
        missiles: f64,
    },
}

/// One facility as the side sees it.
#[derive(Serialize)]
struct FacilityOut<'a> {
    id: &'a str,
    name: &'a str,
    place: &'a str,
    /// What it makes (`spent_fuel_kg`, `plutonium_kg`, `heu_kg`, `missiles`) and from what.
    makes: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    uses: Option<&'static str>,
    /// `running`, `frozen`, `dismantled`, `building`, `restarting`, `idle`.
    state: &'static str,
    /// What it can make a turn when it runs: the true rate for the DPRK, the believed one for
    /// the others.
    rate: f64,
    /// The DPRK only: what it made last turn (less than `rate` when it lacks input or a cap
    /// holds its stock).
    #[serde(skip_serializing_if = "Option::is_none")]
    made: Option<f64>,
}

/// A programme figure's id in the protocol (as the observation's keys spell it).
fn field_id(f: ProgrammeField) -> &'static str {
    match f {
        ProgrammeField::Warheads => "warheads",
        ProgrammeField::FissileKg => "fissile_kg",
        ProgrammeField::ProductionKg => "production_kg",
        ProgrammeField::IcbmReadiness => "icbm_readiness",
        ProgrammeField::NuclearTests => "nuclear_tests",
        ProgrammeField::IcbmTests => "icbm_tests",
        ProgrammeField::IrbmTests => "irbm_tests",
        ProgrammeField::SrbmTests => "srbm_tests",
        ProgrammeField::PlutoniumKg => "plutonium_kg",
        ProgrammeField::HeuKg => "heu_kg",
        ProgrammeField::SpentFuelKg => "spent_fuel_kg",
        ProgrammeField::Missiles => "missiles",
    }
}

/// The inspection regime (public: the IAEA reports who is in the country).
#[derive(Serialize)]
struct InspectionsOut {
    /// `none`, `monitors`, `safeguards`, `special`.
    regime: &'static str,
    name: &'static str,
    /// 0–100: how much they see; it grows a few points a month toward the regime's ceiling.
    access: f64,
    /// Turns present without a break.
    months: u16,
}

fn regime_id(r: Regime) -> &'static str {
    match r {
        Regime::None => "none",
        Regime::Monitors => "monitors",
        Regime::Safeguards => "safeguards",
        Regime::Special => "special",
    }
}

#[derive(Serialize)]
struct Band {
    #[serde(skip_serializing_if = "Option::is_none")]
    low: Option<f64>,
    mid: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    high: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    band: Option<f64>,
}

#[derive(Serialize)]
struct AgreementOut<'a> {
    agreement: u16,
    /// `agreement` (it limits the programme) or `statement` (it limits nothing).
    kind: &'static str,
    parties: Vec<SideId>,
    provisions: Vec<SignedProvisionOut<'a>>,
    signed_turn: u16,
    status: &'static str,
    broken_turn: Option<u16>,
    broken_by: Option<SideId>,
}

/// A provision of a signed agreement, with where it stands in its steps.
#[derive(Serialize)]
struct SignedProvisionOut<'a> {
    #[serde(flatten)]
    provision: ProvisionOut<'a>,
    /// It limits the programme (a deal with none is a statement).
    limits: bool,
    /// Steps taken and verified so far (a provision without steps counts one, verified once
    /// verification reaches what it needs).
    taken: u8,
    verified: u8,
    /// Its steps in order, each with its plan and state; empty if it takes its whole effect
    /// on signing.
    steps: Vec<StepOut<'a>>,
}

#[derive(Serialize)]
struct StepOut<'a> {
    name: &'a str,
    /// When it comes, what it waits for and how it is verified, in a sentence.
    plan: String,
    /// `verified`, `taken` (not yet verified), `next` (the one to come) or `later`.
    state: &'static str,
}

#[derive(Serialize)]
struct CovertOut<'a> {
    card: &'a str,
    name: &'a str,
    turn: u16,
    detected: bool,
}

#[derive(Serialize)]
struct ObjectiveOut<'a> {
    name: &'a str,
    weight: f32,
}

/// What a side sees, as the protocol writes it (docs/protocol.md).
#[derive(Serialize)]
pub struct ObservationOut<'a> {
    scenario: ScenarioOut<'a>,
    side: SideId,
    turn: u16,
    turns: u16,
    date: String,
    phase: &'static str,
    rung: &'a str,
    meters: MetersOut,
    trust: BTreeMap<SideId, BTreeMap<SideId, f64>>,
    sides: BTreeMap<SideId, SideOut>,
    programme: ProgrammeOut<'a>,
    flags: Vec<&'a str>,
    agreements: Vec<AgreementOut<'a>>,
    inspections: InspectionsOut,
    own_covert: Vec<CovertOut<'a>>,
    offers: Vec<OfferOut<'a>>,
    objectives: Vec<ObjectiveOut<'a>>,
    outcome: Option<&'static str>,
}

fn phase_id(p: Phase) -> &'static str {
    match p {
        Phase::Planning => "planning",
        Phase::Responses { .. } => "responses",
        Phase::Crisis => "crisis",
        Phase::Over => "over",
    }
}

/// What `obs.viewer` sees, with ids and names: built from the observation alone, plus the
/// decks and the calendar (public).
pub fn observation<'a>(db: &'a ContentDb, s: &GameState, obs: &Observation) -> ObservationOut<'a> {
    let scen = &db.scenarios[obs.scenario as usize];
    let seated: Vec<SideId> = SideId::ALL
        .into_iter()
        .filter(|x| obs.sides[x.index()].seated)
        .collect();
    let m = |x: Meter| round1(obs.meters[x.index()]);
    let trust = seated
        .iter()
        .map(|a| {
            let row = seated
                .iter()
                .filter(|b| *b != a)
                .map(|b| (*b, round1(obs.trust[a.index()][b.index()])))
                .collect();
            (*a, row)
        })
        .collect();
    let sides = seated
        .iter()
        .map(|x| {
            let o = obs.sides[x.index()];
            (
                *x,
                SideOut {
                    name: x.label(),
                    pc: o.pc,
                    pc_next: o.pc_next,
                    support: round1(o.support),
                },
            )
        })
        .collect();
    // The programme's rates are per scenario turn; a class's long turn spans several, and
    // every rate here is per turn of this game (`turn_months`).
    let per = s.months_per_scenario_turn(db) as f32;
    let figures = match &obs.programme {
        ProgrammeView::Exact(p) => {
            let f = |x: ProgrammeField| round1(p[x.index()]);
            FiguresOut::Exact {
                warheads: f(ProgrammeField::Warheads),
                fissile_kg: f(ProgrammeField::FissileKg),
                production_kg: round1(p[ProgrammeField::ProductionKg.index()] * per),
                icbm_readiness: f(ProgrammeField::IcbmReadiness),
                nuclear_tests: f(ProgrammeField::NuclearTests),
                icbm_tests: f(ProgrammeField::IcbmTests),
                irbm_tests: f(ProgrammeField::IrbmTests),
                srbm_tests: f(ProgrammeField::SrbmTests),
                plutonium_kg: f(ProgrammeField::PlutoniumKg),
                heu_kg: f(ProgrammeField::HeuKg),
                spent_fuel_kg: f(ProgrammeField::SpentFuelKg),
                missiles: f(ProgrammeField::Missiles),
            }
        }
        ProgrammeView::Estimate { estimate: e, tests } => FiguresOut::Estimate {
            warheads: Band {
                low: Some(round1(e.warheads_low)),
                mid: round1(e.warheads_mid),
                high: Some(round1(e.warheads_high)),
                band: None,
            },
            icbm_readiness: Band {
                low: None,
                mid: round1(e.readiness_mid),
                high: None,
                band: Some(round1(e.readiness_band)),
            },
            production_kg: round1(e.production_mid * per),
            nuclear_tests: round1(tests[0]),
            icbm_tests: round1(tests[1]),
            irbm_tests: round1(tests[2]),
            srbm_tests: round1(tests[3]),
            spent_fuel_kg: round1(e.spent_fuel_mid),
            missiles: round1(e.missiles_mid),
        },
    };
    let exact = matches!(obs.programme, ProgrammeView::Exact(_));
    // `obs.sites` is already what the viewer may know (`Sites::public` but for the DPRK).
    let sites = &obs.sites;
    let facilities = db
        .facilities
        .iter()
        .enumerate()
        .filter(|(f, _)| sites.present >> f & 1 != 0)
        .map(|(f, fac)| FacilityOut {
            id: &fac.id,
            name: &fac.name,
            place: &fac.place,
            makes: field_id(fac.makes),
            uses: fac.uses.map(field_id),
            state: plant_state(db, obs.scenario, sites, f, obs.turn).id(),
            rate: round2(sites.rate[f] * per),
            made: exact.then(|| round2(sites.made[f])),
        })
        .collect();
    let caps = ProgrammeField::ALL
        .into_iter()
        .filter(|f| sites.cap[f.index()].is_finite())
        .map(|f| (field_id(f), round1(sites.cap[f.index()])))
        .collect();
    let programme = ProgrammeOut {
        figures,
        turn_months: s.turn_months,
        facilities,
        caps,
    };
    ObservationOut {
        scenario: ScenarioOut {
            id: &scen.id,
            title: &scen.title,
        },
        side: obs.viewer,
        turn: obs.turn,
        // The game's: a class length's if it is played at one.
        turns: s.turns,
        date: s.date_of(db, obs.turn),
        phase: phase_id(obs.phase),
        rung: db.rung_name(obs.meters[Meter::Tension.index()]),
        meters: MetersOut {
            tension: m(Meter::Tension),
            sanctions: m(Meter::Sanctions),
            enforcement: m(Meter::Enforcement),
            verification: m(Meter::Verification),
            economy: m(Meter::Economy),
            readiness: m(Meter::Readiness),
        },
        trust,
        sides,
        programme,
        flags: db
            .flags
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < 128 && obs.flags & (1u128 << i) != 0)
            .map(|(_, f)| f.id.as_str())
            .collect(),
        agreements: obs
            .agreements
            .iter()
            .map(|a| {
                let (status, broken_turn, broken_by) = match a.status {
                    AgreementStatus::InForce => ("in_force", None, None),
                    AgreementStatus::Broken { turn, by } => ("broken", Some(turn), Some(by)),
                };
                AgreementOut {
                    agreement: a.id,
                    kind: a.kind.id(),
                    parties: a.parties.clone(),
                    provisions: a
                        .provisions
                        .iter()
                        .enumerate()
                        .map(|(k, p)| signed_provision_out(db, *p, a.progress_of(k)))
                        .collect(),
                    signed_turn: a.signed_turn,
                    status,
                    broken_turn,
                    broken_by,
                }
            })
            .collect(),
        inspections: InspectionsOut {
            regime: regime_id(obs.inspections.regime),
            name: obs.inspections.regime.label(),
            access: round1(obs.inspections.access),
            months: obs.inspections.months,
        },
        own_covert: obs
            .own_covert
            .iter()
            .map(|c| CovertOut {
                card: &db.cards[c.card as usize].id,
                name: &db.cards[c.card as usize].name,
                turn: c.turn,
                detected: c.detected,
            })
            .collect(),
        offers: obs.offers.iter().map(|o| offer_out(db, o)).collect(),
        objectives: scen
            .sides
            .iter()
            .find(|x| x.side == obs.viewer)
            .map(|x| {
                x.objectives
                    .iter()
                    .map(|o| ObjectiveOut {
                        name: &o.name,
                        weight: o.weight,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        outcome: obs.outcome.map(|o| o.id()),
    }
}

/// What the briefing's last lines say is asked.
#[derive(Clone, Copy)]
enum Asked {
    Plan {
        max_cards: u8,
        cards: usize,
        budget: i32,
    },
    Answer {
        offer: u16,
        counter: bool,
    },
    Brink,
}

/// A few short paragraphs a language model (or a person) can read: who you are, where things
/// stand, what is asked and what you may do. Built from the same observation as the JSON.
pub fn briefing(
    db: &ContentDb,
    s: &GameState,
    obs: &Observation,
    d: Decision,
    options: &decision::Options,
) -> String {
    let asked = match &options.legal {
        decision::Legal::Plan(p) => Asked::Plan {
            max_cards: p.max_cards,
            cards: p.cards.len(),
            budget: p.budget,
        },
        decision::Legal::Answer(a) => Asked::Answer {
            offer: a.offer,
            counter: a.counter.is_some(),
        },
        decision::Legal::Brink(_) => Asked::Brink,
    };
    let mut b = String::new();
    write_briefing(&mut b, db, s, obs, d, &options.question, asked);
    b
}

/// `briefing`, written into `b`.
fn write_briefing(
    b: &mut String,
    db: &ContentDb,
    s: &GameState,
    obs: &Observation,
    d: Decision,
    question: &str,
    asked: Asked,
) {
    let side = d.side();
    use std::fmt::Write;
    let scen = &db.scenarios[obs.scenario as usize];
    let tension = obs.meters[Meter::Tension.index()];
    let _ = writeln!(
        b,
        "You play {} in \"{}\". It is turn {} of {} ({}).",
        side.with_article(),
        scen.title,
        obs.turn,
        s.turns,
        s.date_of(db, obs.turn)
    );
    let _ = writeln!(
        b,
        "Tension is {:.0} of 100 ({}). Sanctions pressure {:.0}, verification {:.0}, DPRK economy {:.0}.",
        tension,
        crate::engine::text::rung_label(db, tension),
        obs.meters[Meter::Sanctions.index()],
        obs.meters[Meter::Verification.index()],
        obs.meters[Meter::Economy.index()],
    );
    let me = obs.sides[side.index()];
    let _ = writeln!(
        b,
        "You have {} political capital and domestic support of {:.0}.",
        me.pc, me.support
    );
    let mut others = SideId::ALL
        .into_iter()
        .filter(|x| *x != side && obs.sides[x.index()].seated)
        .peekable();
    if others.peek().is_some() {
        b.push_str("Your trust in the others: ");
        for (i, x) in others.enumerate() {
            if i > 0 {
                b.push_str(", ");
            }
            let _ = write!(
                b,
                "{} {:.0} (theirs in you {:.0})",
                x.label(),
                obs.trust[side.index()][x.index()],
                obs.trust[x.index()][side.index()]
            );
        }
        b.push_str(".\n");
    }
    match &obs.programme {
        ProgrammeView::Exact(p) => {
            let warheads = p[ProgrammeField::Warheads.index()].round();
            let _ = writeln!(
                b,
                "Your programme: {warheads:.0} {}, {:.0} kg of fissile material, ICBM readiness {:.0}.",
                if warheads == 1.0 {
                    "warhead"
                } else {
                    "warheads"
                },
                p[ProgrammeField::FissileKg.index()],
                p[ProgrammeField::IcbmReadiness.index()]
            );
        }
        ProgrammeView::Estimate { estimate: e, .. } => {
            let _ = writeln!(
                b,
                "The DPRK is estimated to hold {:.0}–{:.0} warheads, ICBM readiness about {:.0}.",
                e.warheads_low, e.warheads_high, e.readiness_mid
            );
        }
    }
    write_plants(b, db, s, obs);
    let ins = &obs.inspections;
    if ins.regime == Regime::None {
        b.push_str("No inspectors are in the country.\n");
    } else {
        let _ = writeln!(
            b,
            "Inspectors: {}, access {} of 100, on site {} turn{} without a break.",
            ins.regime.label(),
            // An integer, not `{:.0}` of a float: far cheaper (the hot path).
            ins.access.round() as i32,
            ins.months,
            if ins.months == 1 { "" } else { "s" }
        );
    }
    let mut in_force = obs
        .agreements
        .iter()
        .filter(|a| a.status == AgreementStatus::InForce)
        .peekable();
    if in_force.peek().is_some() {
        b.push_str("Agreements in force: ");
        for (i, a) in in_force.enumerate() {
            if i > 0 {
                b.push_str("; ");
            }
            for (j, p) in a.provisions.iter().enumerate() {
                if j > 0 {
                    b.push_str(", ");
                }
                b.push_str(&db.provisions[*p as usize].name);
            }
        }
        b.push_str(".\n");
        // What each phased provision does next, and what it waits for.
        for a in obs
            .agreements
            .iter()
            .filter(|a| a.status == AgreementStatus::InForce)
        {
            for (k, &p) in a.provisions.iter().enumerate() {
                let next = a.progress_of(k).taken as usize;
                if next < db.provisions[p as usize].steps.len() {
                    let _ = writeln!(
                        b,
                        "Next step of \"{}\": {}.",
                        db.provisions[p as usize].name,
                        crate::engine::text::step_plan(db, p, next)
                    );
                }
            }
        }
    }
    if let Some(x) = scen.sides.iter().find(|x| x.side == side) {
        b.push_str("Your objectives: ");
        for (i, o) in x.objectives.iter().enumerate() {
            if i > 0 {
                b.push_str("; ");
            }
            b.push_str(&o.name);
        }
        b.push_str(".\n");
    }
    b.push('\n');
    b.push_str(question);
    b.push('\n');
    match asked {
        Asked::Plan {
            max_cards,
            cards,
            budget,
        } => {
            let _ = writeln!(
                b,
                "Choose up to {max_cards} of the {cards} cards listed in \"legal\", costs adding up to at most {budget}, or none.",
            );
        }
        Asked::Answer { offer, counter } => {
            if let Some(o) = obs.offers.iter().find(|o| o.id == offer)
                && !o.package.is_empty()
            {
                b.push_str("The package: ");
                for (i, p) in o.package.iter().enumerate() {
                    if i > 0 {
                        b.push_str("; ");
                    }
                    b.push_str(&db.provisions[*p as usize].name);
                }
                b.push_str(".\n");
            }
            let _ = writeln!(
                b,
                "Accept or reject it{}.",
                if counter {
                    ", or counter with a package of your own"
                } else {
                    ""
                }
            );
        }
        Asked::Brink => {
            b.push_str("Stand firm or back down: if every side in the crisis stands firm, war may break out; backing down costs domestic support.\n");
        }
    }
}

/// The briefing's line on the plants: what each made last turn of what it could (the DPRK), or
/// the known ones and their state (the others).
fn write_plants(b: &mut String, db: &ContentDb, s: &GameState, obs: &Observation) {
    use std::fmt::Write;
    let sites = &obs.sites;
    if sites.present == 0 {
        return;
    }
    let exact = matches!(obs.programme, ProgrammeView::Exact(_));
    let per = s.months_per_scenario_turn(db) as f32;
    b.push_str(if exact {
        "Your plants, a turn: "
    } else {
        "Known plants, a turn: "
    });
    let mut first = true;
    for (f, fac) in db.facilities.iter().enumerate() {
        if sites.present >> f & 1 == 0 {
            continue;
        }
        if !first {
            b.push_str("; ");
        }
        first = false;
        let unit = if fac.makes == ProgrammeField::Missiles {
            " missiles"
        } else {
            " kg"
        };
        let can = sites.rate[f] * per;
        match plant_state(db, obs.scenario, sites, f, obs.turn) {
            crate::engine::observe::PlantState::Running if exact && sites.running != 0 => {
                b.push_str(&fac.short);
                b.push_str(" made ");
                push_hundredths(b, sites.made[f]);
                b.push_str(" of ");
                push_hundredths(b, can);
                b.push_str(unit);
            }
            crate::engine::observe::PlantState::Running => {
                b.push_str(&fac.short);
                b.push_str(" runs, about ");
                push_hundredths(b, can);
                b.push_str(unit);
            }
            state => {
                let _ = write!(b, "{} {}", fac.short, state.id());
            }
        }
    }
    b.push_str(".\n");
}

/// Appends `x` with two decimals ("0.50"), as `{:.2}` would for the small, non-negative
/// figures of a plant, but with integer formatting: a float written with a precision costs
/// thousands of instructions, and this is the protocol's hot path.
fn push_hundredths(b: &mut String, x: f32) {
    use std::fmt::Write;
    let h = (x.max(0.0) as f64 * 100.0).round() as u64;
    let _ = write!(b, "{}.{:02}", h / 100, h % 100);
}

/// Reads the agent's line as its answer to decision `d`, number `id`. `Ok(None)`: the line
/// answers an earlier decision (one that ran late) and is to be ignored. An error is one
/// sentence saying what is wrong, for the agent's author.
pub fn read_answer(
    db: &ContentDb,
    s: &GameState,
    d: Decision,
    id: u64,
    line: &str,
) -> Result<Option<Answer>, String> {
    let v: Value = serde_json::from_str(line)
        .map_err(|e| format!("the answer is not JSON ({e}): {}", excerpt(line)))?;
    let Some(obj) = v.as_object() else {
        return Err(format!(
            "the answer must be a JSON object with \"id\" and \"choice\": {}",
            excerpt(line)
        ));
    };
    match obj.get("id") {
        Some(x) if x.as_u64() == Some(id) => {}
        Some(x) if x.as_u64().is_some_and(|x| x < id) => return Ok(None),
        Some(x) => {
            return Err(format!(
                "the answer's \"id\" is {x}, but this is decision {id}"
            ));
        }
        // An agent that does not echo the id answers the decision at hand.
        None => {}
    }
    let rationale = match obj.get("rationale") {
        None | Some(Value::Null) => None,
        Some(Value::String(r)) => clean_rationale(r),
        Some(_) => return Err("\"rationale\" must be a string".into()),
    };
    let Some(choice) = obj.get("choice") else {
        return Err("the answer has no \"choice\"".into());
    };
    let choice = parse_choice(choice, d)?;
    let input = choice
        .to_input(db, d)
        .map_err(|e| format!("not legal: {e}"))?;
    decision::check(db, s, d, &input).map_err(|e| format!("not legal: {e}"))?;
    Ok(Some(Answer { input, rationale }))
}

/// A choice as the engine's `Choice` writes it (`{"kind": "accept"}`), or a shorthand: its kind
/// alone (`"accept"`, `"stand_firm"`, `"pass"`), or for a plan the list of its cards (card ids,
/// or objects as `PlannedCard`).
fn parse_choice(v: &Value, d: Decision) -> Result<Choice, String> {
    let plain = |kind: &str| -> Option<Choice> {
        Some(match kind {
            "pass" => Choice::Pass,
            "accept" => Choice::Accept,
            "reject" => Choice::Reject,
            "stand_firm" => Choice::StandFirm,
            "back_down" => Choice::BackDown,
            _ => return None,
        })
    };
    match v {
        Value::String(kind) => plain(kind)
            .ok_or_else(|| format!("\"{}\" is not a choice ({})", excerpt(kind), choices_of(d))),
        Value::Array(cards) if matches!(d, Decision::Plan { .. }) => {
            let cards = cards
                .iter()
                .map(|c| match c {
                    Value::String(id) => Ok(PlannedCard {
                        card: id.clone(),
                        target: None,
                        package: Vec::new(),
                    }),
                    other => serde_json::from_value::<PlannedCard>(other.clone()).map_err(|e| {
                        format!(
                            "a card of a plan is its id or {{\"card\": id, \"package\": [provision ids]}} ({e}): {}",
                            excerpt(&other.to_string())
                        )
                    }),
                })
                .collect::<Result<Vec<_>, String>>()?;
            Ok(Choice::Plan { cards })
        }
        Value::Object(_) => serde_json::from_value::<Choice>(v.clone()).map_err(|e| {
            format!(
                "the choice is not one Brink knows ({e}; {}): {}",
                choices_of(d),
                excerpt(&v.to_string())
            )
        }),
        other => Err(format!(
            "the choice is not one Brink knows ({}): {}",
            choices_of(d),
            excerpt(&other.to_string())
        )),
    }
}

/// The forms a choice for `d` takes, for error messages.
fn choices_of(d: Decision) -> &'static str {
    match d {
        Decision::Plan { .. } => {
            "a plan is a list of card ids or {\"card\": id, \"package\": [...]}, or \"pass\""
        }
        Decision::Answer { .. } => {
            "an answer is \"accept\", \"reject\" or {\"kind\": \"counter\", \"package\": [...]}"
        }
        Decision::CoSign { .. } => "a request to co-sign is answered \"accept\" or \"reject\"",
        Decision::Brink { .. } => "at the brink: \"stand_firm\" or \"back_down\"",
    }
}

/// A rationale as the record keeps it: one line, trimmed, at most `MAX_RATIONALE` characters.
fn clean_rationale(r: &str) -> Option<String> {
    let one_line: String = r.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.is_empty() {
        return None;
    }
    if one_line.chars().count() > MAX_RATIONALE {
        let cut: String = one_line.chars().take(MAX_RATIONALE - 1).collect();
        return Some(format!("{cut}…"));
    }
    Some(one_line)
}

/// The start of a bad line, for an error message.
fn excerpt(line: &str) -> String {
    let t = line.trim();
    if t.chars().count() > 80 {
        format!("{}…", t.chars().take(79).collect::<String>())
    } else {
        t.to_string()
    }
}

fn round1(x: f32) -> f64 {
    ((x as f64) * 10.0).round() / 10.0
}

fn round2(x: f32) -> f64 {
    ((x as f64) * 100.0).round() / 100.0
}

fn round3(x: f32) -> f64 {
    ((x as f64) * 1000.0).round() / 1000.0
}
