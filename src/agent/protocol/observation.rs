//! What a side sees, as the protocol writes it (`ObservationOut`, docs/protocol.md): the
//! engine's observation turned into ids, names and rounded figures. Its own file because it is
//! the largest part of every message and mirrors the protocol document's shape field by field.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::{ContentDb, Meter, ProgrammeField, ProvIx, Regime, SideId};
use crate::engine::Response;
use crate::engine::observe::{Observation, ProgrammeView, plant_state};
use crate::engine::state::{AgreementStatus, GameState, Offer, Phase, StepProgress};

use super::{round1, round2};

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
        limits: db.compiled_provisions[p as usize].limits,
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
