//! The report as data: what `build` fills in and the renderers (and `--format json`) read.

use serde::Serialize;

use crate::content::SideId;

/// The whole report, as data. `brink report --format json` prints this.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The version of this JSON layout ("brink-report/2"): keys may be added under the same
    /// version, never renamed or removed.
    pub format: String,
    pub title: String,
    pub scenario: ScenarioInfo,
    pub game: GameInfo,
    pub sides: Vec<SideReport>,
    pub final_state: FinalState,
    pub series: Series,
    /// Turns marked on the charts (agreements, breaks, crises, tests, the turn's biggest move).
    pub marks: Vec<Mark>,
    pub turning_points: Vec<TurningPoint>,
    pub agreements: Vec<AgreementReport>,
    pub timeline: Vec<TurnReport>,
    pub questions: Vec<Question>,
}

/// The layout version `Report::format` carries.
pub const FORMAT: &str = crate::formats::REPORT;

/// A question for the debrief, about a decision: who made it and when.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    /// What kind of fact it asks about ("broken", "swing", "refused", ...): one question a kind.
    pub kind: String,
    /// The turn the decision was made on.
    pub turn: u16,
    /// The side that made it (its label, "US").
    pub side: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioInfo {
    pub id: String,
    pub title: String,
    pub brief: String,
    pub start: String,
    pub turns: u16,
    pub turn_months: u8,
    pub history: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GameInfo {
    /// A string in JSON (docs/formats.md: 64-bit numbers are strings).
    #[serde(serialize_with = "crate::formats::u64_text::serialize")]
    pub seed: u64,
    pub label: String,
    pub brink_version: String,
    pub content_hash: String,
    pub inputs: usize,
    pub turns_played: u16,
    /// The turns the game runs and the months each spans: the scenario's, or the class
    /// length's it was played at (six turns of two months).
    pub turns: u16,
    pub turn_months: u8,
    /// "agreement", "stalemate", "collapse", "war", or None while the game is unfinished.
    pub outcome: Option<String>,
    pub end_date: String,
    /// A paragraph: how the game went, in numbers.
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SideReport {
    pub id: String,
    pub name: String,
    /// "human", "facilitator", or the computer persona ("random", "hawk:hard").
    pub controller: String,
    pub score: f32,
    pub objectives: Vec<ObjectiveLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveLine {
    pub name: String,
    pub weight: f32,
    pub met: bool,
    /// When it was settled, in words: "met from turn 7 on", "missed since turn 3".
    pub decided: String,
    /// The turn from which the final verdict held (None if it never held at a turn's end).
    pub decided_turn: Option<u16>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrustValue {
    pub from: String,
    pub to: String,
    pub value: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct FinalState {
    pub tension: f32,
    pub rung: String,
    pub sanctions: f32,
    pub enforcement: f32,
    pub verification: f32,
    pub economy: f32,
    pub readiness: f32,
    pub alliance_cohesion: f32,
    pub warheads: f32,
    /// The warheads the DPRK truly had at the start (drawn where the estimates disagreed:
    /// `ScenarioProgramme::warheads_range`), and what the others believed, as (low, high), at
    /// the start and at the end.
    pub warheads_at_start: f32,
    pub warheads_believed_at_start: (f32, f32),
    pub warheads_believed: (f32, f32),
    /// Of the top of `warheads_believed`, what the others allowed for plants they suspected and
    /// had not placed by the end (`Estimate::unplaced`; 0 where they suspected none).
    pub warheads_unplaced: f32,
    pub fissile_kg: f32,
    pub production_kg: f32,
    pub icbm_readiness: f32,
    pub nuclear_tests: f32,
    pub icbm_tests: f32,
    /// The stocks by material (kg) and long-range missiles.
    pub plutonium_kg: f32,
    pub heu_kg: f32,
    pub spent_fuel_kg: f32,
    pub missiles: f32,
    /// The programme by facility: what each made over the game and how it ended.
    pub facilities: Vec<FacilityReport>,
    pub trust: Vec<TrustValue>,
}

/// One facility of the programme over the game (the DPRK's truth: the report is read after
/// the end).
#[derive(Debug, Clone, Serialize)]
pub struct FacilityReport {
    pub id: String,
    pub name: String,
    pub place: String,
    /// Declared to (or known by) the outside world at the start.
    pub known_at_start: bool,
    /// For a plant hidden at the start: the turn the others placed it (an exposé, a detected
    /// expansion) and its date, if they did before the end.
    pub placed_turn: Option<u16>,
    pub placed_date: Option<String>,
    /// What it makes: "plutonium in spent fuel (kg)", "HEU (kg)", "long-range missiles".
    pub makes: String,
    /// How much it made over the game (kg, or missiles).
    pub made: f32,
    /// What it could make a turn at the start: as the other sides believed it (or would, once
    /// they knew of it), and in truth. They differ where the estimates disagreed and the game
    /// drew the truth from their range (`ScenarioSite::range`).
    pub rate_believed: f32,
    pub rate_true: f32,
    /// Turns it ran, and turns a provision in force stopped it.
    pub turns_running: u16,
    pub turns_stopped: u16,
    /// Months it stood idle of its own accord (an outage: `ScenarioSite::outages`), in the
    /// months played.
    pub outage_months: u16,
    /// At the end: "running", "frozen", "taken apart", "building", "restarting", "idle".
    pub end_state: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RungInfo {
    pub name: String,
    pub from: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrustSeries {
    /// "US→DPRK".
    pub label: String,
    pub from: String,
    pub to: String,
    pub values: Vec<f32>,
}

/// The numbers over the game: index 0 is the start, index t the end of turn t.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub turns: Vec<u16>,
    pub dates: Vec<String>,
    /// Tension at the end of each turn.
    pub tension: Vec<f32>,
    /// The highest and lowest tension reached during each turn (index 0: the start), from the
    /// ledger: a turn can cross into Conflict and end below it.
    pub tension_high: Vec<f32>,
    pub tension_low: Vec<f32>,
    pub trust: Vec<TrustSeries>,
    pub warheads: Vec<f32>,
    pub icbm_readiness: Vec<f32>,
    /// The stocks at the end of each turn (kg): separated plutonium, HEU, plutonium in spent
    /// fuel; and fissile production (kg a turn).
    pub plutonium_kg: Vec<f32>,
    pub heu_kg: Vec<f32>,
    pub spent_fuel_kg: Vec<f32>,
    pub production_kg: Vec<f32>,
    pub ladder: Vec<RungInfo>,
}

impl Series {
    /// The rung tension stood on at the end of point `i` ("" below the lowest rung).
    pub fn rung_at(&self, i: usize) -> &str {
        let tension = self.tension[i];
        self.ladder
            .iter()
            .rev()
            .find(|x| tension >= x.from)
            .map(|x| x.name.as_str())
            .unwrap_or("")
    }

    /// The lowest and highest tension during turn `i`, as the per-turn tables print it ("—" for
    /// the start, which has no turn behind it).
    pub fn range_text(&self, i: usize) -> String {
        if i == 0 {
            "—".to_string()
        } else {
            format!("{:.1}–{:.1}", self.tension_low[i], self.tension_high[i])
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Mark {
    /// 1-based, as drawn on the charts.
    pub n: usize,
    pub turn: u16,
    pub date: String,
    pub items: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CauseLine {
    pub cause: String,
    pub delta: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct TurningPoint {
    pub turn: u16,
    pub date: String,
    pub from: f32,
    pub to: f32,
    /// Net change over the turn (`to - from`).
    pub delta: f32,
    /// The highest and lowest tension reached during the turn.
    pub high: f32,
    pub low: f32,
    /// The swing within the turn: from its start to its highest or lowest point, whichever is
    /// further (the turning points are the largest of these; the chart plots the same points).
    pub swing: f32,
    /// The rung at the turn's highest (or, for a fall, lowest) point.
    pub rung_at_swing: String,
    pub rung_from: String,
    pub rung_to: String,
    /// engine::text::why for tension that turn.
    pub why: String,
    pub causes: Vec<CauseLine>,
    /// Rungs crossed, with who pushed it over.
    pub crossings: Vec<String>,
}

impl TurningPoint {
    /// "tension swung +31 within the turn (61 → 92, Brink) and ended at 75 (Crisis)": the
    /// numbers the tension chart plots for the turn.
    pub fn headline(&self) -> String {
        let rung_at_point = &self.rung_at_swing;
        let point = if self.swing >= 0.0 {
            self.high
        } else {
            self.low
        };
        format!(
            "tension swung {:+.0} within the turn ({:.0} → {:.0}, {rung_at_point}) and ended at {:.0} ({})",
            self.swing, self.from, point, self.to, self.rung_to
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ProvisionLine {
    pub id: String,
    pub name: String,
    pub obligations: Vec<String>,
    pub value_us: f32,
    /// Mean of the ROK's and Japan's values (of those seated).
    pub value_allies: f32,
    pub value_dprk: f32,
    pub verification_needed: f32,
    /// Verification reached what the provision needs while the agreement was in force.
    pub verifiable: bool,
    /// The first turn it did.
    pub verified_turn: Option<u16>,
    /// The most verification reached while it was in force.
    pub verification_reached: f32,
    /// The goals (by id, from the goals table) it serves; empty if the table lists it nowhere.
    pub goals: Vec<String>,
}

/// A step of a phased provision in an agreement, and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct StepLine {
    pub provision: String,
    /// "IAEA monitors the freeze: 1 turn after signing; verified by inspectors ...".
    pub plan: String,
    pub taken_turn: Option<u16>,
    pub verified_turn: Option<u16>,
}

impl StepLine {
    /// "taken on turn 3, verified on turn 6", "taken on turn 3, never verified", "never taken".
    pub fn fate(&self) -> String {
        match (self.taken_turn, self.verified_turn) {
            (None, _) => "never taken".into(),
            (Some(t), Some(v)) => format!("taken on turn {t}, verified on turn {v}"),
            (Some(t), None) => format!("taken on turn {t}, not verified"),
        }
    }
}

impl ProvisionLine {
    /// "none", "30, met when signed", "30, reached on turn 5" or "30, not reached (at most 16)".
    pub fn verification_text(&self, signed_turn: u16) -> String {
        if self.verification_needed <= 0.0 {
            return "none".into();
        }
        match self.verified_turn {
            Some(t) if t == signed_turn => {
                format!("{:.0}, met when signed", self.verification_needed)
            }
            Some(t) => format!("{:.0}, reached on turn {t}", self.verification_needed),
            None => format!(
                "{:.0}, not reached (at most {:.0})",
                self.verification_needed, self.verification_reached
            ),
        }
    }

    /// The goals it serves, by id, or a note that the goals table does not list it.
    pub fn goals_text(&self) -> String {
        if self.goals.is_empty() {
            "not in the goals table".into()
        } else {
            self.goals.join(", ")
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct GoalCheck {
    /// The goal's id in the goals table (decks/goals.ron), e.g. G2.
    pub id: String,
    pub goal: String,
    pub served: bool,
    pub how: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgreementReport {
    /// 1-based, as players see it.
    pub n: u16,
    pub signed_turn: u16,
    pub signed_date: String,
    pub offered_by: Option<String>,
    pub parties: Vec<String>,
    pub provisions: Vec<ProvisionLine>,
    /// A statement agreed in principle: the provisions agreed but not yet signed, for want of
    /// the rounds of talks a limit needs (`Rules::talks_rounds`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub in_principle: Vec<String>,
    /// When the freeze pledged in principle lapsed, as "turn 9 (2018-11)": a party broke a
    /// signed freeze of the same plants (the engine's `Agreement::pledge_lapsed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pledge_lapsed: Option<String>,
    /// "agreement", or "statement" when no provision of it limits any part of the programme
    /// (the engine's `AgreementKind`).
    pub kind: String,
    /// What the package did first (on signing or the turn after).
    pub first: Vec<String>,
    /// The steps that came later or waited for verification, each with its plan and what
    /// became of it.
    pub steps: Vec<StepLine>,
    /// "in force at the end" or "broken on turn 6 by the DPRK".
    pub status: String,
    pub broken: bool,
    pub broken_turn: Option<u16>,
    pub broken_by: Option<String>,
    pub turns_in_force: u16,
    /// Covert moves against it, with when (if ever) they were found out.
    pub cheating: Vec<String>,
    pub us_allied_goals: Vec<GoalCheck>,
    pub dprk_goals: Vec<GoalCheck>,
    pub value_us: f32,
    pub value_allies: f32,
    pub value_dprk: f32,
    pub verdict: String,
}

/// What follows an agreement's number where it is a statement: " (a statement of intent)".
pub fn kind_note(statement: bool) -> &'static str {
    if statement {
        " (a statement of intent)"
    } else {
        ""
    }
}

impl AgreementReport {
    /// `kind_note` for this agreement.
    pub fn kind_note(&self) -> &'static str {
        kind_note(self.kind == "statement")
    }

    /// The goal checks to show one by one, and the ids and names of those left to one line: an
    /// agreement shows every goal; a statement, which limits nothing, only those it served.
    pub fn goal_lines<'a>(&self, goals: &'a [GoalCheck]) -> (Vec<&'a GoalCheck>, Vec<String>) {
        if self.kind != "statement" {
            return (goals.iter().collect(), Vec::new());
        }
        let (served, unserved): (Vec<&GoalCheck>, Vec<&GoalCheck>) =
            goals.iter().partition(|g| g.served);
        let unserved = unserved
            .iter()
            .map(|g| format!("{} {}", g.id, g.goal))
            .collect();
        (served, unserved)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MoveLine {
    pub side: String,
    pub side_name: String,
    /// Each card played, with its kind, target and package, in the order listed.
    pub moves: Vec<String>,
    pub rationale: Option<String>,
}

/// One line of what happened; decisions (answers, crisis choices) carry their side and rationale.
#[derive(Debug, Clone, Serialize)]
pub struct Happening {
    pub text: String,
    pub side: Option<String>,
    pub rationale: Option<String>,
}

impl Happening {
    pub(super) fn plain(text: String) -> Happening {
        Happening {
            text,
            side: None,
            rationale: None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TurnReport {
    pub turn: u16,
    pub date: String,
    pub tension_before: f32,
    pub tension_after: f32,
    pub rung_before: String,
    pub rung_after: String,
    /// Events and incidents, with their descriptions.
    pub events: Vec<String>,
    pub moves: Vec<MoveLine>,
    /// Facilitator injects and overrides.
    pub facilitator: Vec<String>,
    /// Everything else, in the order it happened: offers and their answers (with rationales),
    /// rolls, detections, signings, breaks, threshold crossings, the crisis and its choices,
    /// war, the end.
    pub happened: Vec<Happening>,
    /// engine::text::why for tension, the key trust pairs and the programme.
    pub changes: Vec<String>,
    /// Every ledger entry of the turn.
    pub ledger: Vec<String>,
}

/// The four trust pairs the report follows (design §3: the pair the seed article is about, and
/// the allies' trust in Washington).
pub const KEY_PAIRS: [(SideId, SideId); 4] = [
    (SideId::Us, SideId::Dprk),
    (SideId::Dprk, SideId::Us),
    (SideId::Rok, SideId::Us),
    (SideId::Japan, SideId::Us),
];
