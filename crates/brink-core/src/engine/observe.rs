//! What each viewer may see — the one place the rules of visibility are written — and a way
//! for a side's computer player to imagine the rest.
//!
//! Three viewers (`Viewer`): one side, the public (everyone at a shared screen) and everything
//! (the debrief, the report, a facilitator who reveals). The DPRK sees its programme exactly;
//! everyone else sees the public estimate with its band, and the counts of tests, which are
//! public. A side sees its own covert moves, their secret effects and the rolls to detect them,
//! and nobody else's. Everything else is public. The screens (`tui::view`), the report, the
//! search opponent (`observe`, `determinize`) and the agent protocol all ask here.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::content::{ContentDb, MoveKind, PROGRAMME_FIELDS, ProgrammeField, SideId};

/// Who is looking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Viewer {
    /// Everyone at the shared screen: no side's secrets.
    Public,
    /// One side: its own secrets, nobody else's.
    Side(SideId),
    /// Everything, covert moves included: after the game, or a facilitator who reveals.
    All,
}

/// Programme figures everyone sees exactly: the counts of tests (seismographs and radars see
/// them). The rest of the true programme is the DPRK's secret.
#[inline]
pub fn programme_is_public(f: ProgrammeField) -> bool {
    matches!(
        f,
        ProgrammeField::NuclearTests
            | ProgrammeField::IcbmTests
            | ProgrammeField::IrbmTests
            | ProgrammeField::SrbmTests
    )
}

impl Viewer {
    /// The side looking, if one side is.
    #[inline]
    pub fn side(self) -> Option<SideId> {
        match self {
            Viewer::Side(s) => Some(s),
            _ => None,
        }
    }

    /// Whether this viewer sees `side`'s secrets: its covert moves, their secret effects and
    /// the rolls to detect them.
    #[inline]
    pub fn sees_secrets_of(self, side: SideId) -> bool {
        match self {
            Viewer::All => true,
            Viewer::Side(v) => v == side,
            Viewer::Public => false,
        }
    }

    /// Whether this viewer sees a programme figure exactly (else the public estimate).
    #[inline]
    pub fn sees_programme(self, f: ProgrammeField) -> bool {
        self.sees_secrets_of(SideId::Dprk) || programme_is_public(f)
    }

    /// Whether a cause names another side's covert card (so it must not be shown here).
    fn hides_cause(self, db: &ContentDb, c: &Cause) -> bool {
        let (side, card) = match c {
            Cause::Card { side, card }
            | Cause::Signal { side, card }
            | Cause::Spiral { side, card } => (*side, *card),
            _ => return false,
        };
        db.compiled_cards[card as usize].kind == MoveKind::Covert && !self.sees_secrets_of(side)
    }

    /// Whether this viewer may read a log entry at all: another side's covert move and a
    /// roll that failed to detect one are secret.
    pub fn sees_log(self, e: &LogEntry) -> bool {
        match e {
            LogEntry::Move {
                side, secret: true, ..
            } => self.sees_secrets_of(*side),
            LogEntry::Roll {
                kind: RollKind::Detection { side, .. },
                hit: false,
                ..
            } => self.sees_secrets_of(*side),
            LogEntry::Outage { known: false, .. } => self.sees_secrets_of(SideId::Dprk),
            _ => true,
        }
    }

    /// `log_line` for entry `i` of `log`, with what only the entries before it can say: an
    /// answer names the offer it answers ("DPRK accepts the ROK's offer: Open the joint liaison
    /// office at Kaesong"), found as the latest offer with its id (ids count from 0 each turn).
    pub fn log_line_at(self, db: &ContentDb, log: &[LogEntry], i: usize) -> Option<String> {
        let e = log.get(i)?;
        if let LogEntry::Answer {
            id, side, answer, ..
        } = e
            && self.sees_log(e)
        {
            let offer = log[..i].iter().rev().find_map(|x| match x {
                LogEntry::Offer {
                    id: o,
                    from,
                    card,
                    counter_of,
                    cosign_of,
                    ..
                } if o == id => Some((*from, *card, counter_of.is_some(), cosign_of.is_some())),
                _ => None,
            });
            if let Some((from, card, counter, cosign)) = offer {
                return Some(super::text::answer_sentence(
                    db, *side, *answer, from, card, counter, cosign,
                ));
            }
        }
        self.log_line(db, e)
    }

    /// One log line as this viewer may read it, or None if it is not for them. A threshold
    /// crossing names who pushed it over; never a covert card the viewer cannot see.
    pub fn log_line(self, db: &ContentDb, e: &LogEntry) -> Option<String> {
        if !self.sees_log(e) {
            return None;
        }
        if let LogEntry::Threshold {
            from_rung,
            to_rung,
            by: Some(c),
        } = e
            && self.hides_cause(db, c)
        {
            let clean = LogEntry::Threshold {
                from_rung: *from_rung,
                to_rung: *to_rung,
                by: Some(Cause::Hidden),
            };
            return Some(super::text::log_sentence(db, &clean));
        }
        Some(super::text::log_sentence(db, e))
    }

    /// Whether the number of a ledger entry may be shown at all (the true programme is the
    /// DPRK's secret; everything else moves in public).
    pub fn sees_entry(self, e: &LedgerEntry) -> bool {
        match e.meter {
            MeterRef::Programme(f) => self.sees_programme(f),
            _ => true,
        }
    }

    /// The cause of a ledger entry as this viewer may know it: a secret one is `Hidden`.
    pub fn cause(self, e: &LedgerEntry) -> Cause {
        match e.secret {
            Some(owner) if !self.sees_secrets_of(owner) => Cause::Hidden,
            _ => e.cause,
        }
    }

    /// Whether this viewer may see a side's stated reasons: its own, everyone's after the game,
    /// and otherwise a side's that made a move the viewer saw.
    pub fn sees_rationale_of(self, side: SideId, any_public_move: bool) -> bool {
        self.sees_secrets_of(side) || any_public_move
    }
}

use super::ledger::{Cause, LedgerEntry, LogEntry, MeterRef, Outcome, RollKind};
use super::state::{
    Agreement, CovertOp, Estimate, GameState, Inspections, Offer, Phase, SideState, Sites,
};

/// Where a facility stands, as a viewer who knows of it sees it (`plant_state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlantState {
    /// It ran on the last programme step (or, before the first, is ready to).
    Running,
    /// A provision in force stops it.
    Frozen,
    /// A provision in force took it apart.
    Dismantled,
    /// Not yet built (the scenario's own schedule).
    Building,
    /// Stopped and not yet running again (after a freeze or dismantlement ended).
    Restarting,
    Idle,
}

impl PlantState {
    pub fn id(self) -> &'static str {
        match self {
            PlantState::Running => "running",
            PlantState::Frozen => "frozen",
            PlantState::Dismantled => "dismantled",
            PlantState::Building => "building",
            PlantState::Restarting => "restarting",
            PlantState::Idle => "idle",
        }
    }
}

/// Facility `f`'s state in `sites` (the viewer's: `Observation::sites`) on `turn`. The screens
/// and the agent protocol both ask here.
pub fn plant_state(
    db: &ContentDb,
    scenario: u16,
    sites: &Sites,
    f: usize,
    turn: u16,
) -> PlantState {
    let bit = 1u16 << f;
    // Before the first turn nothing has run yet: what is ready counts as running.
    let before_first = turn <= 1 && sites.running == 0;
    if sites.dismantled & bit != 0 {
        PlantState::Dismantled
    } else if sites.frozen & bit != 0 {
        PlantState::Frozen
    } else if sites.running & bit != 0
        || (before_first
            && sites.ready[f] <= 1
            && sites.idle[f] & super::state::UNDER_WAY_AT_START == 0)
    {
        PlantState::Running
    } else if db
        .compiled_scenarios
        .get(scenario as usize)
        .is_some_and(|c| c.programme.ready[f] > turn)
    {
        PlantState::Building
    } else if sites.ready[f] > turn {
        PlantState::Restarting
    } else {
        PlantState::Idle
    }
}

/// The programme as a side sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ProgrammeView {
    Exact([f32; PROGRAMME_FIELDS]),
    Estimate {
        estimate: Estimate,
        /// Counts of tests are public (seismographs and radars see them).
        tests: [f32; 4],
    },
}

/// A side as everyone sees it: seated, its political capital, its domestic support.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ObservedSide {
    pub seated: bool,
    /// Political capital available now.
    pub pc: i32,
    /// PC adjustments that land with next turn's income (effects of cards and events).
    pub pc_next: i32,
    pub support: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    pub viewer: SideId,
    pub scenario: u16,
    pub turn: u16,
    pub phase: Phase,
    pub meters: [f32; 6],
    pub trust: [[f32; 5]; 5],
    pub sides: [ObservedSide; 5],
    pub programme: ProgrammeView,
    /// The facilities as the viewer knows them (`Sites::public` for all but the DPRK).
    #[serde(skip)]
    pub sites: Sites,
    pub flags: u128,
    pub agreements: Vec<Agreement>,
    /// Inspectors in the country, their access and months (public: the IAEA reports them).
    #[serde(default)]
    pub inspections: Inspections,
    /// The viewer's own covert moves still in play.
    pub own_covert: Vec<CovertOp>,
    /// Offers the viewer made or must answer.
    pub offers: Vec<Offer>,
    pub outcome: Option<Outcome>,
}

pub fn observe(s: &GameState, viewer: SideId) -> Observation {
    let seen = Viewer::Side(viewer);
    let programme = if seen.sees_secrets_of(SideId::Dprk) {
        ProgrammeView::Exact(s.programme())
    } else {
        ProgrammeView::Estimate {
            estimate: s.estimate,
            tests: [
                s.prog(ProgrammeField::NuclearTests),
                s.prog(ProgrammeField::IcbmTests),
                s.prog(ProgrammeField::IrbmTests),
                s.prog(ProgrammeField::SrbmTests),
            ],
        }
    };
    Observation {
        viewer,
        scenario: s.scenario,
        turn: s.turn,
        phase: s.phase,
        meters: s.meters(),
        trust: s.trust_matrix(),
        sides: SideId::ALL.map(|x| {
            let st = s.sides[x.index()];
            ObservedSide {
                seated: s.seated(x),
                pc: st.pc,
                pc_next: st.pc_next,
                support: s.support(x),
            }
        }),
        programme,
        sites: if seen.sees_secrets_of(SideId::Dprk) {
            s.sites.observed()
        } else {
            s.sites.public()
        },
        flags: s.flags,
        agreements: s.agreements().to_vec(),
        inspections: s.inspections,
        own_covert: s
            .covert
            .iter()
            .filter(|c| seen.sees_secrets_of(c.side))
            .copied()
            .collect(),
        offers: s
            .offers
            .iter()
            .filter(|o| o.from == viewer || o.to == viewer)
            .cloned()
            .collect(),
        outcome: s.outcome,
    }
}

/// A full state consistent with what `viewer` can see, with the hidden parts sampled: the
/// programme drawn from the estimate's band, other sides' covert moves dropped, plans and
/// answers of others unknown (cleared), and a fresh RNG. It reads nothing hidden from `s`:
/// two states that look the same to `viewer` give the same result for the same `seed`.
pub fn determinize(db: &ContentDb, s: &GameState, viewer: SideId, seed: u64) -> GameState {
    let obs = observe(s, viewer);
    from_observation(db, s, &obs, seed)
}

/// Builds a sampled full state from an observation. `template` supplies only public structure
/// (scenario bookkeeping, cooldowns, objective records); whatever of it the viewer cannot know
/// is cleared (`public_world`), and the rest is drawn with `seed` (`sample_hidden`).
pub fn from_observation(
    db: &ContentDb,
    template: &GameState,
    obs: &Observation,
    seed: u64,
) -> GameState {
    let mut g = public_world(db, template, obs);
    sample_hidden(db, &mut g, obs, seed);
    g
}

/// The part of `from_observation` that does not depend on the seed: the template with the
/// observation written over it and everything the viewer cannot see cleared. The programme and
/// the RNG are left for `sample_hidden`. A caller sampling many worlds from one observation (the
/// search opponent) builds this once and clones it.
pub fn public_world(db: &ContentDb, template: &GameState, obs: &Observation) -> GameState {
    let mut g = template.clone();
    g.set_meters(obs.meters);
    g.set_trust_matrix(&obs.trust);
    for x in SideId::ALL {
        let o = obs.sides[x.index()];
        g.sides[x.index()] = SideState {
            pc: o.pc,
            pc_next: o.pc_next,
        };
        g.set_seated(x, o.seated);
        *g.support_mut(x) = o.support;
    }
    g.flags = obs.flags;
    g.sites = obs.sites;
    g.set_agreements(obs.agreements.clone());
    g.inspections = obs.inspections;
    g.covert = obs.own_covert.clone();
    // Other sides' pending and ramped effects may be secret; keep only public ones and the viewer's.
    let seen = Viewer::Side(obs.viewer);
    g.pending
        .retain(|p| p.secret.is_none_or(|o| seen.sees_secrets_of(o)));
    g.ramps
        .retain(|p| p.secret.is_none_or(|o| seen.sees_secrets_of(o)));
    // Others' unrevealed choices this turn are unknown; the viewer's own are known.
    for side in SideId::ALL {
        if side != obs.viewer {
            g.plans[side.index()] = None;
            g.crisis[side.index()] = None;
        }
    }
    g.offers = obs.offers.clone();
    clear_unseen_bookkeeping(db, &mut g, obs.viewer);
    g
}

/// Clears what a template carries besides the observation that `viewer` cannot know: the
/// cooldowns of other sides' covert cards (a cooldown would betray a covert move), other sides'
/// objective records, the game seed, and the bookkeeping of the last resolution (which may name
/// a covert cause).
fn clear_unseen_bookkeeping(db: &ContentDb, g: &mut GameState, viewer: SideId) {
    for side in SideId::ALL {
        if side == viewer {
            continue;
        }
        for &card in &db.cards_by_side[side.index()] {
            if db.compiled_cards[card as usize].kind == MoveKind::Covert {
                // As if never played: ready from its dates on.
                g.ready_turn[card as usize] = g.ready_floor(db, card);
            }
        }
        for t in g.objectives[side.index()].iter_mut() {
            *t = Default::default();
        }
    }
    g.seed = 0;
    g.top_push = (0.0, None);
    g.tension_at_start = g.tension();
}

/// The part of `from_observation` drawn with `seed`: the programme (exact for the DPRK, else
/// from the estimate's band, test counts being public) and a fresh RNG for the chance to come.
pub fn sample_hidden(db: &ContentDb, g: &mut GameState, obs: &Observation, seed: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    match &obs.programme {
        ProgrammeView::Exact(p) => g.set_programme(*p),
        ProgrammeView::Estimate { estimate, tests } => {
            let e = estimate;
            let w = if e.warheads_high > e.warheads_low {
                rng.random_range(e.warheads_low..=e.warheads_high).round()
            } else {
                e.warheads_low
            };
            let rd = (e.readiness_mid + rng.random_range(-1.0..=1.0f32) * e.readiness_band)
                .clamp(0.0, 100.0);
            let mut p = [0.0; PROGRAMME_FIELDS];
            p[ProgrammeField::Warheads.index()] = w;
            // Nobody outside knows the unassembled stock: up to two warheads' worth, as
            // plutonium.
            let fissile = rng.random_range(0.0..db.rules.kg_per_warhead * 2.0);
            p[ProgrammeField::FissileKg.index()] = fissile;
            p[ProgrammeField::PlutoniumKg.index()] = fissile;
            p[ProgrammeField::SpentFuelKg.index()] = e.spent_fuel_mid;
            p[ProgrammeField::Missiles.index()] = e.missiles_mid.round();
            p[ProgrammeField::ProductionKg.index()] = e.production_mid;
            p[ProgrammeField::IcbmReadiness.index()] = rd;
            p[ProgrammeField::NuclearTests.index()] = tests[0];
            p[ProgrammeField::IcbmTests.index()] = tests[1];
            p[ProgrammeField::IrbmTests.index()] = tests[2];
            p[ProgrammeField::SrbmTests.index()] = tests[3];
            g.set_programme(p);
        }
    }
    g.rng = ChaCha8Rng::seed_from_u64(rng.random());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ai::{Policy, RandomPolicy};
    use crate::engine::Game;

    /// Issue 24: a history line answering an offer names it ("DPRK accepts" said which?).
    #[test]
    fn an_answer_in_the_history_names_the_offer_it_answers() {
        use crate::engine::ledger::AnswerKind;
        let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
        let card = db.card_ix("rok-kaesong-liaison-office").expect("card");
        let offer = |id, from, to, counter_of| LogEntry::Offer {
            id,
            from,
            to,
            card,
            package: Vec::new(),
            counter_of,
            cosign_of: None,
        };
        let answer = |id, side, answer| LogEntry::Answer {
            id,
            side,
            answer,
            cosign: false,
        };
        let log = vec![
            offer(0, SideId::Rok, SideId::Dprk, None),
            offer(1, SideId::China, SideId::Us, None),
            answer(0, SideId::Dprk, AnswerKind::Counter),
            offer(2, SideId::Dprk, SideId::Rok, Some(0)),
            answer(2, SideId::Rok, AnswerKind::Accept),
            answer(1, SideId::Us, AnswerKind::Reject),
        ];
        let line = |i| {
            Viewer::Side(SideId::Us)
                .log_line_at(&db, &log, i)
                .expect("seen")
        };
        assert_eq!(
            line(2),
            "DPRK counters the ROK's offer: Open the joint liaison office at Kaesong"
        );
        assert_eq!(
            line(4),
            "ROK accepts the DPRK's counter-offer on Open the joint liaison office at Kaesong"
        );
        assert!(
            line(5).starts_with("US rejects China's offer: "),
            "{}",
            line(5)
        );
    }

    /// Over whole games of random play: everything is there for `All`; a side sees what the
    /// public sees and its own secrets; nobody sees another side's covert move, a failed roll
    /// to detect it, its secret effects' cause, or (but the DPRK) the true programme.
    #[test]
    fn each_viewer_sees_what_the_rules_allow_and_no_more() {
        let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
        let (mut secret_moves, mut secret_causes) = (0, 0);
        for seed in 0..16 {
            let mut g = Game::new(&db, "fire-and-fury-2017", seed).expect("game");
            let mut p = RandomPolicy::default();
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            while let Some(d) = g.pending().next() {
                let input = p.decide(&db, &g.state, d, &mut rng);
                g.apply(&db, d, input, None).expect("random play is legal");
            }
            for e in &g.journal.log {
                assert!(Viewer::All.log_line(&db, e).is_some(), "{e:?}");
                let public = Viewer::Public.log_line(&db, e);
                for side in SideId::ALL {
                    let mine = Viewer::Side(side).log_line(&db, e);
                    assert!(public.is_none() || mine.is_some(), "{side}: {e:?}");
                    assert_eq!(mine, super::super::text::log_text(&db, e, Some(side)));
                }
                if let LogEntry::Move {
                    side, secret: true, ..
                } = e
                {
                    secret_moves += 1;
                    assert!(public.is_none());
                    for v in SideId::ALL {
                        let seen = Viewer::Side(v).log_line(&db, e).is_some();
                        assert_eq!(seen, v == *side, "{v} and {side}'s covert move");
                    }
                }
            }
            for e in &g.journal.ledger {
                assert_eq!(Viewer::All.cause(e), e.cause);
                match e.secret {
                    Some(owner) => {
                        secret_causes += 1;
                        assert_eq!(Viewer::Public.cause(e), Cause::Hidden);
                        for v in SideId::ALL {
                            let known = Viewer::Side(v).cause(e) != Cause::Hidden;
                            assert_eq!(known, v == owner || e.cause == Cause::Hidden);
                        }
                    }
                    None => assert_eq!(Viewer::Public.cause(e), e.cause),
                }
                if let MeterRef::Programme(f) = e.meter {
                    for v in SideId::ALL {
                        let seen = Viewer::Side(v).sees_entry(e);
                        assert_eq!(seen, v == SideId::Dprk || programme_is_public(f));
                    }
                    assert_eq!(Viewer::Public.sees_entry(e), programme_is_public(f));
                }
            }
        }
        assert!(
            secret_moves > 0 && secret_causes > 0,
            "{secret_moves} {secret_causes}"
        );
    }
}
