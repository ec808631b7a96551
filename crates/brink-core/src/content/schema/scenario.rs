//! A scenario: its sides, objectives, factions, persona shifts, programme and sites, the
//! escalation ladder's rungs, and the flags its cards and events set.

use serde::{Deserialize, Serialize};

use super::*;

/// A rung of the escalation ladder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rung {
    pub name: String,
    /// Tension at or above which this rung holds.
    pub from: f32,
    pub description: String,
}

/// A scored goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub name: String,
    pub weight: f32,
    pub test: ObjectiveTest,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ObjectiveTest {
    /// Holds at the end of the game.
    AtEnd(Condition),
    /// Held at the end of every turn.
    Always(Condition),
    /// Held at the end of each of the last `turns` turns.
    LastTurns { turns: u16, condition: Condition },
    /// Held at the end of at least `turns` turns (not necessarily consecutive).
    ForTurns { turns: u16, condition: Condition },
    /// Held at the end of any turn.
    Ever(Condition),
    /// No war.
    NoWar,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSide {
    pub side: SideId,
    /// Political capital granted per turn at support 50.
    pub pc_per_turn: u8,
    pub pc_cap: u8,
    pub support: f32,
    /// The persona that plays this side when nobody else is named.
    #[serde(default)]
    pub persona: Option<String>,
    pub objectives: Vec<Objective>,
    /// Changes of mind in this side's government, from this scenario's history: when a shift's
    /// condition holds, a computer player of the side plays the shift's persona instead.
    #[serde(default)]
    pub shifts: Vec<PersonaShift>,
    /// Factions inside this side's government (the hawks and the deal-makers): while one has
    /// the upper hand it can pull the side's offers back or push an offer through.
    #[serde(default)]
    pub factions: Vec<Faction>,
}

/// A faction inside a side's government (design §10, "people change"). While `upper_hand`
/// holds (read for the side as `Actor`), each offer it cares about is at its mercy with chance
/// `chance`: it pulls back what `pulls_back` names (the side's own offer of such a card or
/// package, or the side's acceptance of one made to it), and pushes through what
/// `pushes_through` names (an offer made to the side that the side turned down: it is
/// accepted). Each act is logged with the faction's name and `reason`; it applies to people
/// and computers alike, as a government's politics do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faction {
    pub id: String,
    /// "the hawks (Bolton, Pence)": how the log names it.
    pub name: String,
    pub upper_hand: Condition,
    /// The chance it acts on an offer it cares about while it has the upper hand (0–1).
    pub chance: f32,
    #[serde(default)]
    pub pulls_back: OfferMatch,
    #[serde(default)]
    pub pushes_through: OfferMatch,
    /// Finishes "the hawks pull it back: ..." in the log.
    pub reason: String,
}

/// Which offers a faction cares about: an offer of one of `cards`, or one whose package holds
/// one of `provisions`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferMatch {
    #[serde(default)]
    pub cards: Vec<String>,
    #[serde(default)]
    pub provisions: Vec<String>,
}

/// A change of mind: once `when` holds (read for the side as `Actor`), the side's line becomes
/// persona `to`, for `turns` turns or, without `turns`, for the rest of the game. Each shift
/// happens at most once a game; it is logged with its `reason`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonaShift {
    pub when: Condition,
    /// The persona that takes over (it must play the side).
    pub to: String,
    #[serde(default)]
    pub turns: Option<u16>,
    /// What the log says happened: "Kim Il Sung is dead and the new leader must be seen to
    /// stand firm".
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioProgramme {
    pub warheads: f32,
    pub fissile_kg: f32,
    pub production_kg: f32,
    pub icbm_readiness: f32,
    pub nuclear_tests: f32,
    pub icbm_tests: f32,
    #[serde(default)]
    pub irbm_tests: f32,
    #[serde(default)]
    pub srbm_tests: f32,
    /// The public estimate of warheads at the start: (low, high).
    pub warhead_band: (f32, f32),
    /// Where the estimates of the warheads assembled disagree, the lowest and highest count
    /// (`warheads` lies between them): each game draws the true count at its start, uniformly,
    /// to a whole warhead, and the others' picture starts from `warhead_band` as always. None:
    /// every game starts with `warheads`.
    #[serde(default)]
    pub warheads_range: Option<(f32, f32)>,
    /// The programme by facility (design §10): what each makes a month and its state at the
    /// start. With none, the programme is the old single figure: `production_kg` a turn into
    /// the fissile stock.
    #[serde(default)]
    pub sites: Vec<ScenarioSite>,
    /// The stocks at the start, by material: separated plutonium, HEU and the plutonium in
    /// spent fuel (kg), and long-range missiles. With `sites`, `fissile_kg` must be
    /// plutonium + HEU and `production_kg` is worked out from the sites.
    #[serde(default)]
    pub plutonium_kg: f32,
    #[serde(default)]
    pub heu_kg: f32,
    #[serde(default)]
    pub spent_fuel_kg: f32,
    #[serde(default)]
    pub missiles: f32,
    /// Warheads that can be assembled a month, at most (material allowing).
    #[serde(default = "one")]
    pub assembly_per_month: f32,
    /// Where each figure above comes from.
    #[serde(default)]
    pub source: String,
}

/// A facility's state at a scenario's start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSite {
    /// A facility id (`decks/programme.ron`).
    pub facility: String,
    /// What it makes a month when it runs (kg, or missiles).
    pub rate: f32,
    /// Running, or not yet built.
    #[serde(default)]
    pub status: SiteStatus,
    /// Whether the other sides know of it at the start (declared facilities always are).
    #[serde(default)]
    pub known: bool,
    /// A plant the others do not know of (`known` false) but believe exists, not yet placed: an
    /// enrichment hall beside the declared one. Their band for the warheads allows for it
    /// running at `rate` from the start, its high end growing by its weapons' worth a month,
    /// until it is found (then they count what it has made).
    #[serde(default)]
    pub suspected: bool,
    /// Where the estimates of its monthly rate disagree, the lowest and highest (`rate` lies
    /// between them): each game draws the plant's true rate from this range at its start,
    /// uniformly, and the other sides go on believing `rate`. None: the rate is known.
    #[serde(default)]
    pub range: Option<(f32, f32)>,
    /// A plant that stops now and then (a refuelling, repairs, a stand-down): each game draws,
    /// month by month, when it stands idle. None: it runs whenever nothing stops it.
    #[serde(default)]
    pub outages: Option<Outages>,
    /// Where the rate, its range and the status come from.
    pub source: String,
}

/// When a plant stands idle of its own accord (`ScenarioSite::outages`). The months are drawn
/// at the start of each game from the game seed's second stream, as the plants' true rates
/// are; nobody sees one coming, and the others see it (no steam, no cooling water) once it
/// has begun.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outages {
    /// The chance, in each month it would run, that it stops that month.
    pub chance: f32,
    /// How long a stop lasts: months drawn uniformly from (fewest, most).
    pub months: (u16, u16),
    /// A stop already under way at the start, its months still to run drawn from (fewest,
    /// most).
    #[serde(default)]
    pub under_way: Option<(u16, u16)>,
}

/// A facility's state at the start of a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub enum SiteStatus {
    /// Running (or ready to run when nothing stops it).
    #[default]
    Running,
    /// Under construction: it can run from this many months after the start, if nothing
    /// stops the work (a freeze that covers it stops the building too).
    Building { months: u16 },
}

/// A facility of the DPRK programme (`decks/programme.ron`): a reactor, a reprocessing plant,
/// an enrichment hall, a missile factory. Each scenario says which it has and at what rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facility {
    pub id: String,
    pub name: String,
    /// A name for narrow panels: "5 MWe reactor", "Kangson".
    pub short: String,
    /// "Yongbyon", "Kangson".
    pub place: String,
    pub description: String,
    /// The stock it adds to: `SpentFuelKg` (a reactor), `PlutoniumKg` (reprocessing),
    /// `HeuKg` (enrichment), `Missiles`.
    pub makes: ProgrammeField,
    /// The stock it uses up, one for one (reprocessing uses spent fuel).
    #[serde(default)]
    pub uses: Option<ProgrammeField>,
    /// Declared to (or shown to) the outside world; an undeclared one is unknown to the
    /// other sides until a scenario or an effect reveals it.
    #[serde(default = "yes")]
    pub declared: bool,
    #[serde(default)]
    pub dates: Dates,
    pub precedent: Precedent,
}

/// A class length: how many turns a game runs, and how many months each turn spans. A turn of
/// several months runs the monthly dynamics (production, drift, decay) once a month; plans,
/// offers and events stay one a turn, and dated items keep the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassLength {
    pub turns: u16,
    /// Months a turn spans; the scenario's own when left out.
    #[serde(default = "one_month")]
    pub months: u8,
}

fn one_month() -> u8 {
    1
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    /// Two lines for the new-game screen.
    pub brief: String,
    /// "YYYY-MM".
    pub start: String,
    pub turn_months: u8,
    pub turns: u16,
    /// Shorter games that still tell this scenario's story, for a class period: each a number
    /// of turns and the months a turn spans (`(turns: 6, months: 2)`: the twelve months of a
    /// monthly scenario in six turns); the new-game screen offers them as the class length.
    #[serde(default)]
    pub class_turns: Vec<ClassLength>,
    /// Where tension drifts to when nothing happens.
    pub baseline_tension: f32,
    pub tension: f32,
    pub sanctions: f32,
    pub enforcement: f32,
    pub verification: f32,
    pub economy: f32,
    pub readiness: f32,
    /// Trust among sides not listed in `trust`: allies (US, ROK, Japan) and others.
    pub trust_allies: f32,
    pub trust_others: f32,
    /// (from, to, value)
    pub trust: Vec<(SideId, SideId, f32)>,
    pub programme: ScenarioProgramme,
    #[serde(default)]
    pub flags: Vec<String>,
    /// The inspection regime at the start (none if left out).
    #[serde(default)]
    pub inspections: Option<ScenarioInspections>,
    pub sides: Vec<ScenarioSide>,
    /// Events that fire on a given turn whatever the draw: (turn, event id).
    #[serde(default)]
    pub scheduled: Vec<(u16, String)>,
    /// Cards left out of this scenario (e.g. moves that make no sense in 1994).
    #[serde(default)]
    pub exclude_cards: Vec<String>,
    /// Provisions not on the table in this scenario (no UN sanctions to lift in 1994): no
    /// package may hold them, so no side can offer or counter with them.
    #[serde(default)]
    pub exclude_provisions: Vec<String>,
    /// Events this scenario never draws (a trade war with China in 1994). The facilitator may
    /// still inject them.
    #[serde(default)]
    pub exclude_events: Vec<String>,
    /// The game ends as soon as an agreement with a DPRK obligation is signed.
    #[serde(default)]
    pub ends_on_agreement: bool,
    /// What happened historically, for the debrief.
    pub history: String,
}

/// Inspectors in the DPRK when a scenario starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioInspections {
    pub regime: Regime,
    /// 0–100: how much of what the regime allows they already see.
    pub access: f32,
    /// Turns they have been there without a break.
    #[serde(default)]
    pub months: u16,
}

/// A flag the decks may set or test. Flags must be declared so a typo is an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagDef {
    pub id: String,
    pub description: String,
}
