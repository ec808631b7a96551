//! The decisions a game waits for, what may be chosen in each, and the one way a choice is
//! applied. Every driver — the terminal game, the simulator's loop, the search opponent's
//! imagined games, replays, the agent protocol and the tests — asks the game what it waits for
//! here instead of working it out from the phase.
//!
//! - `GameState::pending`: the decisions open now, each with its side, in the order the engine
//!   asks them: plans in side order, answers in the order the offers were made, the brink in
//!   side order.
//! - `options`: the legal options of one decision by stable ids (card, provision and offer ids)
//!   with plain-language names: for a plan, the playable cards with their costs, the budget and
//!   the move limit, and the legal plans themselves where they are few enough to list; for an
//!   answer, accept, reject and, where allowed, the provisions a counter may hold; at the brink,
//!   standing firm or backing down. Each decision has its pass.
//! - `Choice`: an option chosen, by ids (what another program sends back); `Choice::to_input`
//!   turns it into the engine's `Input`, `check` tells whether the rules take it.
//! - `apply`: the one function that applies a choice to a decision; `apply_or_pass` plays the
//!   decision's pass when the rules refuse the choice — the one fallback for a seat whose answer
//!   is refused, late or missing.

use serde::{Deserialize, Serialize};

use crate::content::{CardIx, CompiledPackage, ContentDb, MoveKind, ProvIx, SideId};

use super::ledger::{CrisisChoice, Sink};
use super::moves::{Input, Move, Response, RuleError, card_blocker, check_plan};
use super::state::{GameState, Offer, Phase};
use super::turn;

/// One decision the game waits for, with the side that makes it. Plain ids only: a side and,
/// for answers, the offer's id (the id the log and the records give it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Decision {
    /// The side's moves for this turn: secret, and simultaneous with the other sides'.
    Plan { side: SideId },
    /// The side answers an offer made to it: accept, reject or (an original offer with a
    /// package) counter.
    Answer { side: SideId, offer: u16 },
    /// The side is asked to co-sign an offer whose package would bind it: accept or reject.
    CoSign { side: SideId, offer: u16 },
    /// Tension stands at the brink: the side stands firm or backs down.
    Brink { side: SideId },
}

impl Decision {
    /// The side that decides.
    #[inline]
    pub fn side(self) -> SideId {
        match self {
            Decision::Plan { side }
            | Decision::Answer { side, .. }
            | Decision::CoSign { side, .. }
            | Decision::Brink { side } => side,
        }
    }

    /// The offer answered, for an answer or a request to co-sign.
    #[inline]
    pub fn offer(self) -> Option<u16> {
        match self {
            Decision::Answer { offer, .. } | Decision::CoSign { offer, .. } => Some(offer),
            _ => None,
        }
    }

    /// What the side is asked to do, in a few plain words ("plan this turn's moves").
    pub fn what(self) -> &'static str {
        match self {
            Decision::Plan { .. } => "plan this turn's moves",
            Decision::Answer { .. } => "answer an offer",
            Decision::CoSign { .. } => "answer a request to co-sign",
            Decision::Brink { .. } => "decide in the crisis",
        }
    }

    /// One sentence on the decision, naming the side and the offer ("China answers the US's
    /// offer \"Freeze for relief\".").
    pub fn describe(self, db: &ContentDb, s: &GameState) -> String {
        let side = self.side();
        let offer = |id: u16| {
            s.offer(id).map_or_else(
                || format!("offer {id}"),
                |o| {
                    format!(
                        "{} offer \"{}\"",
                        o.from.possessive(),
                        db.cards[o.card as usize].name
                    )
                },
            )
        };
        match self {
            Decision::Plan { .. } => format!("{side} plans its moves for turn {}.", s.turn),
            Decision::Answer { offer: id, .. } => match s.offer(id) {
                Some(o) if o.counter_of.is_some() => format!(
                    "{side} answers {}'s counter-offer on \"{}\".",
                    o.from, db.cards[o.card as usize].name
                ),
                _ => format!("{side} answers {}.", offer(id)),
            },
            Decision::CoSign { offer: id, .. } => format!(
                "{side} decides whether to co-sign {}, whose package would bind it.",
                offer(id)
            ),
            Decision::Brink { .. } => format!(
                "{side} stands firm or backs down at the brink (tension {:.0}).",
                s.tension()
            ),
        }
    }

    /// What the side does when it gives no answer, or one the rules refuse: plays nothing,
    /// rejects the offer, backs down.
    pub fn pass(self) -> Input {
        match self {
            Decision::Plan { side } => Input::Plan {
                side,
                moves: Vec::new(),
            },
            Decision::Answer { side, offer } | Decision::CoSign { side, offer } => Input::Respond {
                side,
                offer,
                response: Response::Reject,
            },
            Decision::Brink { side } => Input::Crisis {
                side,
                choice: CrisisChoice::BackDown,
            },
        }
    }

    /// The pass as a choice (`pass` as ids).
    pub fn pass_choice(self) -> Choice {
        match self {
            Decision::Plan { .. } => Choice::Plan { cards: Vec::new() },
            Decision::Answer { .. } | Decision::CoSign { .. } => Choice::Reject,
            Decision::Brink { .. } => Choice::BackDown,
        }
    }

    /// The decision an input answers in `s`, if it answers one at all (facilitator inputs
    /// do not). Whether the decision is open is for `apply` to say.
    pub fn of_input(s: &GameState, input: &Input) -> Option<Decision> {
        Some(match input {
            Input::Plan { side, .. } => Decision::Plan { side: *side },
            Input::Respond { side, offer, .. } => {
                if s.offer(*offer).is_some_and(Offer::is_cosign) {
                    Decision::CoSign {
                        side: *side,
                        offer: *offer,
                    }
                } else {
                    Decision::Answer {
                        side: *side,
                        offer: *offer,
                    }
                }
            }
            Input::Crisis { side, .. } => Decision::Brink { side: *side },
            _ => return None,
        })
    }

    /// Whether `input` is an answer to this decision (its kind, side and offer), legal or not.
    #[inline]
    pub fn answered_by(self, input: &Input) -> bool {
        match (self, input) {
            (Decision::Plan { side }, Input::Plan { side: s, .. }) => side == *s,
            (
                Decision::Answer { side, offer } | Decision::CoSign { side, offer },
                Input::Respond {
                    side: s, offer: o, ..
                },
            ) => side == *s && offer == *o,
            (Decision::Brink { side }, Input::Crisis { side: s, .. }) => side == *s,
            _ => false,
        }
    }
}

impl std::fmt::Display for Decision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Decision::Answer { offer, .. } | Decision::CoSign { offer, .. } => {
                write!(f, "{} to {} (offer {offer})", self.side(), self.what())
            }
            _ => write!(f, "{} to {}", self.side(), self.what()),
        }
    }
}

/// The decisions open now, in the order the engine asks them (`GameState::pending`). Reads the
/// state in place: no list is built.
#[derive(Debug, Clone)]
pub struct Pending<'a> {
    s: &'a GameState,
    /// The next side (planning, the brink) or offer (answers) to look at.
    next: usize,
}

impl Iterator for Pending<'_> {
    type Item = Decision;

    #[inline]
    fn next(&mut self) -> Option<Decision> {
        let s = self.s;
        match s.phase {
            Phase::Planning => {
                while self.next < 5 {
                    let side = SideId::ALL[self.next];
                    self.next += 1;
                    if s.seated(side) && s.plans[side.index()].is_none() {
                        return Some(Decision::Plan { side });
                    }
                }
                None
            }
            Phase::Responses { .. } => {
                while let Some(o) = s.offers.get(self.next) {
                    self.next += 1;
                    if s.is_open(o) {
                        let (side, offer) = (o.to, o.id);
                        return Some(if o.is_cosign() {
                            Decision::CoSign { side, offer }
                        } else {
                            Decision::Answer { side, offer }
                        });
                    }
                }
                None
            }
            Phase::Crisis => {
                while self.next < 5 {
                    let side = SideId::ALL[self.next];
                    self.next += 1;
                    if s.crisis_sides[side.index()] && s.crisis[side.index()].is_none() {
                        return Some(Decision::Brink { side });
                    }
                }
                None
            }
            Phase::Over => None,
        }
    }
}

impl GameState {
    /// The decisions the game waits for now, each with its side, in the order the engine asks
    /// them: plans in side order (US, DPRK, ROK, China, Japan), answers in the order the offers
    /// were made, the brink in side order. Plans and brink choices are simultaneous, so any
    /// order of giving them comes to the same game; answers are taken in any order too, but
    /// the drivers keep this one so that a seeded game is the same whoever drives it.
    #[inline]
    pub fn pending(&self) -> Pending<'_> {
        Pending { s: self, next: 0 }
    }

    /// Whether `d` is open now.
    pub fn is_pending(&self, d: Decision) -> bool {
        self.pending().any(|p| p == d)
    }

    /// The offer with this id, answered or not.
    #[inline]
    pub fn offer(&self, id: u16) -> Option<&Offer> {
        self.offers.iter().find(|o| o.id == id)
    }
}

/// Why a choice was not applied. The state is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error(transparent)]
    Rule(#[from] RuleError),
    #[error("the game is not waiting for that: it does not ask {0}")]
    NotPending(Decision),
    #[error("that answers another decision than {0}")]
    OtherDecision(Decision),
    #[error("no answer came for {0}")]
    NoAnswer(Decision),
    #[error("\"{choice}\" is not a way to {}", .decision.what())]
    WrongKind {
        choice: &'static str,
        decision: Decision,
    },
    #[error("there is no card \"{0}\"")]
    UnknownCard(String),
    #[error("there is no provision \"{0}\"")]
    UnknownProvision(String),
}

/// An option chosen, by stable ids: what another program sends back for a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Choice {
    /// A plan: the cards to play this turn, in the order they resolve (none: play nothing).
    Plan {
        cards: Vec<PlannedCard>,
    },
    /// Accept the offer (or agree to co-sign it).
    Accept,
    /// Reject the offer (or decline to co-sign).
    Reject,
    /// Send back a changed package: 1 to 8 distinct provision ids on the table.
    Counter {
        package: Vec<String>,
    },
    StandFirm,
    BackDown,
    /// The decision's pass (`Decision::pass`).
    Pass,
}

/// One card of a chosen plan, by ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlannedCard {
    pub card: String,
    /// Aims the card at another side than its default (any other seated side).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<SideId>,
    /// For a card whose package the player chooses: 1 to 8 distinct provision ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub package: Vec<String>,
}

impl Choice {
    /// The plain name of the choice ("plan", "accept", ...), as its JSON `kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Choice::Plan { .. } => "plan",
            Choice::Accept => "accept",
            Choice::Reject => "reject",
            Choice::Counter { .. } => "counter",
            Choice::StandFirm => "stand_firm",
            Choice::BackDown => "back_down",
            Choice::Pass => "pass",
        }
    }

    /// The engine input for this choice in decision `d`: ids resolved to the content's
    /// indexes. Legality is not checked here (`check`, `apply`): only that every id exists and
    /// the choice is of the decision's kind.
    pub fn to_input(&self, db: &ContentDb, d: Decision) -> Result<Input, DecisionError> {
        let provisions = |ids: &[String]| -> Result<Vec<ProvIx>, DecisionError> {
            ids.iter()
                .map(|id| {
                    db.provision_ix(id)
                        .ok_or_else(|| DecisionError::UnknownProvision(id.clone()))
                })
                .collect()
        };
        let wrong = || DecisionError::WrongKind {
            choice: self.kind(),
            decision: d,
        };
        Ok(match (d, self) {
            (_, Choice::Pass) => d.pass(),
            (Decision::Plan { side }, Choice::Plan { cards }) => {
                let mut moves = Vec::with_capacity(cards.len());
                for c in cards {
                    let card = db
                        .card_ix(&c.card)
                        .ok_or_else(|| DecisionError::UnknownCard(c.card.clone()))?;
                    moves.push(Move {
                        card,
                        target: c.target,
                        package: provisions(&c.package)?,
                    });
                }
                Input::Plan { side, moves }
            }
            (
                Decision::Answer { side, offer } | Decision::CoSign { side, offer },
                Choice::Accept | Choice::Reject | Choice::Counter { .. },
            ) => Input::Respond {
                side,
                offer,
                response: match self {
                    Choice::Accept => Response::Accept,
                    Choice::Counter { package } => Response::Counter(provisions(package)?),
                    _ => Response::Reject,
                },
            },
            (Decision::Brink { side }, Choice::StandFirm | Choice::BackDown) => Input::Crisis {
                side,
                choice: if *self == Choice::StandFirm {
                    CrisisChoice::StandFirm
                } else {
                    CrisisChoice::BackDown
                },
            },
            _ => return Err(wrong()),
        })
    }

    /// The choice an engine input makes, by ids (facilitator inputs make none).
    pub fn of_input(db: &ContentDb, input: &Input) -> Option<Choice> {
        let ids = |p: &[ProvIx]| -> Vec<String> {
            p.iter()
                .map(|i| db.provisions[*i as usize].id.clone())
                .collect()
        };
        Some(match input {
            Input::Plan { moves, .. } => Choice::Plan {
                cards: moves
                    .iter()
                    .map(|m| PlannedCard {
                        card: db.cards[m.card as usize].id.clone(),
                        target: m.target,
                        package: ids(&m.package),
                    })
                    .collect(),
            },
            Input::Respond { response, .. } => match response {
                Response::Accept => Choice::Accept,
                Response::Reject => Choice::Reject,
                Response::Counter(p) => Choice::Counter { package: ids(p) },
            },
            Input::Crisis { choice, .. } => match choice {
                CrisisChoice::StandFirm => Choice::StandFirm,
                CrisisChoice::BackDown => Choice::BackDown,
            },
            _ => return None,
        })
    }
}

/// Whether the rules take `input` for decision `d` now, without applying it.
pub fn check(
    db: &ContentDb,
    s: &GameState,
    d: Decision,
    input: &Input,
) -> Result<(), DecisionError> {
    if !d.answered_by(input) {
        return Err(DecisionError::OtherDecision(d));
    }
    if !s.is_pending(d) {
        if s.is_over() {
            return Err(RuleError::GameOver.into());
        }
        return Err(DecisionError::NotPending(d));
    }
    let checked = match input {
        Input::Plan { side, moves } => check_plan(db, s, *side, moves).map(|_| ()),
        Input::Respond {
            side,
            offer,
            response,
        } => turn::check_response(db, s, *side, *offer, response).map(|_| ()),
        // An open brink decision takes either choice.
        _ => Ok(()),
    };
    checked.map_err(DecisionError::from)
}

/// Applies `input` as the answer to decision `d`: the one way a decision's choice enters the
/// game. Refused (the state unchanged) if the input answers another decision, or the rules do
/// not take it now.
#[inline(always)]
pub fn apply<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    d: Decision,
    input: Input,
    sink: &mut S,
) -> Result<(), DecisionError> {
    if !d.answered_by(&input) {
        return Err(DecisionError::OtherDecision(d));
    }
    // The engine's own checks refuse a decision that is not open (planned already, an offer
    // answered or not this side's, a side not in the crisis, a game over).
    match turn::submit_owned(db, s, input, sink) {
        Ok(()) => Ok(()),
        Err((e, _)) => Err(e.into()),
    }
}

/// What `apply_or_pass` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// The choice was applied.
    Chosen,
    /// The choice was refused, for this reason, and the decision's pass applied instead.
    Passed(DecisionError),
}

/// `apply`, and if the rules refuse the choice, the decision's pass (`Decision::pass`): a
/// confused or broken player passes rather than hangs the game. Every driver's fallback for a
/// seat whose answer is refused, late or missing (pass `None`). Err only if the decision is
/// not open at all (then nothing changed).
#[inline]
pub fn apply_or_pass<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    d: Decision,
    input: Option<Input>,
    sink: &mut S,
) -> Result<Applied, DecisionError> {
    let why = match input {
        Some(input) => match apply(db, s, d, input, sink) {
            Ok(()) => return Ok(Applied::Chosen),
            Err(e) => e,
        },
        None => DecisionError::NoAnswer(d),
    };
    pass_instead(db, s, d, why, sink)
}

/// The pass, for a choice refused (or missing) for `why`: out of the way of the common path.
#[cold]
#[inline(never)]
fn pass_instead<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    d: Decision,
    why: DecisionError,
    sink: &mut S,
) -> Result<Applied, DecisionError> {
    apply(db, s, d, d.pass(), sink)?;
    Ok(Applied::Passed(why))
}

/// Whether offer `offer` may be answered with a counter-offer now: an original offer (not a
/// counter, not a request to co-sign) carrying a package, in the first round of answers. The
/// rules refuse any other counter.
pub fn counter_allowed(s: &GameState, offer: u16) -> bool {
    s.phase == (Phase::Responses { round: 1 }) && s.offer(offer).is_some_and(Offer::can_counter)
}

/// A card, provision or side by id, with its plain name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub id: String,
    pub name: String,
}

/// The legal options of one decision (`options`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Options {
    pub decision: Decision,
    /// The decision in one sentence (`Decision::describe`).
    pub question: String,
    pub legal: Legal,
    /// What the side does when it gives no answer or one the rules refuse.
    pub pass: Choice,
}

/// What may be chosen, by kind of decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Legal {
    Plan(PlanOptions),
    Answer(AnswerOptions),
    Brink(BrinkOptions),
}

/// A legal plan is a set of distinct `cards`, at most `max_cards` of them, costing at most
/// `budget` in all, each with a package from `provisions` (1 to 8 distinct) where its
/// package is chosen, and optionally a target from `targets`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanOptions {
    /// Political capital to spend this turn.
    pub budget: i32,
    /// At most this many cards a turn.
    pub max_cards: u8,
    /// The cards playable now, each within the budget on its own, in deck order.
    pub cards: Vec<CardOption>,
    /// The side's other cards in this scenario, with the reason each cannot be played now.
    pub unavailable: Vec<Unavailable>,
    /// The sides a card may be aimed at instead of its default target.
    pub targets: Vec<SideId>,
    /// The provisions a chosen package may hold (1 to 8 distinct), in deck order.
    pub provisions: Vec<Named>,
    /// How many legal sets of cards there are (targets and packages aside; holding back, the
    /// empty set, included).
    pub plan_count: u64,
    /// Every legal set of cards, by card ids, when there are at most `PLAN_LIST_MAX`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plans: Option<Vec<Vec<String>>>,
}

/// Plans are listed when there are at most this many.
pub const PLAN_LIST_MAX: u64 = 512;

/// A card the side may play now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardOption {
    pub id: String,
    pub name: String,
    /// One line on what it does.
    pub description: String,
    /// "unilateral", "offer" or "covert".
    pub kind: String,
    /// Political capital.
    pub cost: i32,
    /// The side it is aimed at unless the plan names another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<SideId>,
    pub package: PackageOption,
}

/// The package an offer card carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PackageOption {
    /// Not an offer of provisions.
    None,
    /// Always these provisions.
    Fixed { provisions: Vec<Named> },
    /// The player chooses 1 to 8 of `PlanOptions::provisions`.
    Chosen,
}

/// A card the side holds but cannot play now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unavailable {
    pub id: String,
    pub name: String,
    pub cost: i32,
    /// Why not, in plain words.
    pub reason: String,
}

/// An answer to an offer: `accept` and `reject` always; a counter (1 to 8 distinct provisions
/// from `counter`) where `counter` is given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerOptions {
    pub offer: u16,
    pub from: SideId,
    /// The card the offer was made with.
    pub card: Named,
    /// What the offer's package holds.
    pub package: Vec<Named>,
    /// The offer this one counters, if it is a counter-offer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter_of: Option<u16>,
    /// The offer the side is asked to co-sign, if it is such a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cosign_of: Option<u16>,
    /// The choices with no parameters: accept and reject.
    pub choices: Vec<Choice>,
    /// The provisions a counter-offer may hold, or None where it cannot be countered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter: Option<Vec<Named>>,
}

/// The brink: stand firm or back down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BrinkOptions {
    pub tension: f32,
    /// The other sides asked to choose too (their choices are secret until all are in).
    pub with: Vec<SideId>,
    pub choices: Vec<Choice>,
}

fn named_provisions(db: &ContentDb, p: &[ProvIx]) -> Vec<Named> {
    p.iter()
        .map(|&i| Named {
            id: db.provisions[i as usize].id.clone(),
            name: db.provisions[i as usize].name.clone(),
        })
        .collect()
}

fn kind_name(k: MoveKind) -> &'static str {
    match k {
        MoveKind::Unilateral => "unilateral",
        MoveKind::Offer => "offer",
        MoveKind::Covert => "covert",
    }
}

/// The legal options of decision `d` now, by ids and with plain names. Refused if `d` is not
/// open.
pub fn options(db: &ContentDb, s: &GameState, d: Decision) -> Result<Options, DecisionError> {
    if !s.is_pending(d) {
        if s.is_over() {
            return Err(RuleError::GameOver.into());
        }
        return Err(DecisionError::NotPending(d));
    }
    let legal = match d {
        Decision::Plan { side } => Legal::Plan(plan_options(db, s, side)),
        Decision::Answer { offer, .. } | Decision::CoSign { offer, .. } => {
            let Some(o) = s.offer(offer) else {
                return Err(DecisionError::NotPending(d));
            };
            let c = &db.cards[o.card as usize];
            Legal::Answer(AnswerOptions {
                offer,
                from: o.from,
                card: Named {
                    id: c.id.clone(),
                    name: c.name.clone(),
                },
                package: named_provisions(db, &o.package),
                counter_of: o.counter_of,
                cosign_of: o.cosign_of,
                choices: vec![Choice::Accept, Choice::Reject],
                counter: counter_allowed(s, offer).then(|| {
                    named_provisions(
                        db,
                        &db.compiled_scenarios[s.scenario as usize].provisions_on_table,
                    )
                }),
            })
        }
        Decision::Brink { side } => Legal::Brink(BrinkOptions {
            tension: s.tension(),
            with: SideId::ALL
                .into_iter()
                .filter(|x| *x != side && s.crisis_sides[x.index()])
                .collect(),
            choices: vec![Choice::StandFirm, Choice::BackDown],
        }),
    };
    Ok(Options {
        decision: d,
        question: d.describe(db, s),
        legal,
        pass: d.pass_choice(),
    })
}

fn plan_options(db: &ContentDb, s: &GameState, side: SideId) -> PlanOptions {
    let mut listing = PlanListing::default();
    listing.fill(db, s, side);
    let cards = listing
        .playable
        .iter()
        .map(|&card| card_option(db, card))
        .collect();
    let unavailable = listing
        .unavailable
        .iter()
        .map(|(card, reason)| Unavailable {
            id: db.cards[*card as usize].id.clone(),
            name: db.cards[*card as usize].name.clone(),
            cost: db.compiled_cards[*card as usize].cost as i32,
            reason: reason.clone(),
        })
        .collect();
    let plans = listing.plans_listed().then(|| {
        let mut out = Vec::with_capacity(listing.plan_count as usize);
        listing.for_each_plan(|set| {
            out.push(
                set.iter()
                    .map(|&c| db.cards[c as usize].id.clone())
                    .collect(),
            );
        });
        out
    });
    PlanOptions {
        budget: listing.budget,
        max_cards: listing.max_cards,
        cards,
        unavailable,
        targets: s.seated_sides().filter(|x| *x != side).collect(),
        provisions: named_provisions(
            db,
            &db.compiled_scenarios[s.scenario as usize].provisions_on_table,
        ),
        plan_count: listing.plan_count,
        plans,
    }
}

/// A card as a plan's options list it when it is playable: everything here comes from the decks,
/// so it is the same at every decision.
pub fn card_option(db: &ContentDb, card: CardIx) -> CardOption {
    let c = &db.compiled_cards[card as usize];
    let def = &db.cards[card as usize];
    CardOption {
        id: def.id.clone(),
        name: def.name.clone(),
        description: def.description.clone(),
        kind: kind_name(c.kind).to_string(),
        cost: c.cost as i32,
        target: c.target,
        package: match &c.package {
            CompiledPackage::None => PackageOption::None,
            CompiledPackage::Fixed(p) => PackageOption::Fixed {
                provisions: named_provisions(db, p),
            },
            CompiledPackage::Chosen => PackageOption::Chosen,
        },
    }
}

/// A plan decision's options by the decks' indexes, built without naming anything: the
/// playable cards, the others with why not, and the legal sets of cards, enumerated on demand
/// rather than stored. `options` names them (`PlanOptions`); the agent protocol writes them
/// straight into its message. Kept between decisions (`fill`), it allocates nothing but the
/// reasons a card cannot be played.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanListing {
    /// Political capital to spend this turn.
    pub budget: i32,
    /// At most this many cards a turn.
    pub max_cards: u8,
    /// The cards playable now, each within the budget on its own, in deck order.
    pub playable: Vec<CardIx>,
    /// The side's other cards in this scenario, in deck order, each with why it cannot be
    /// played now.
    pub unavailable: Vec<(CardIx, String)>,
    /// How many legal sets of cards there are (the empty set included).
    pub plan_count: u64,
    /// The playable cards' costs, as `playable`.
    costs: Vec<i32>,
    /// `count_plans`'s table, kept for its memory.
    ways: Vec<u64>,
}

impl PlanListing {
    /// The listing for `side`'s plan in `s` (whether that plan is pending is the caller's to
    /// know), replacing what was here.
    pub fn fill(&mut self, db: &ContentDb, s: &GameState, side: SideId) {
        let budget = s.sides[side.index()].pc;
        self.budget = budget;
        self.max_cards = db.rules.move_limit;
        self.playable.clear();
        self.unavailable.clear();
        self.costs.clear();
        for &card in db.compiled_scenarios[s.scenario as usize].hands[side.index()].iter() {
            let cost = db.compiled_cards[card as usize].cost as i32;
            let blocker = card_blocker(db, s, side, card).or_else(|| {
                (cost > budget)
                    .then(|| format!("costs {cost} political capital; {budget} to spend"))
            });
            match blocker {
                Some(reason) => self.unavailable.push((card, reason)),
                None => {
                    self.playable.push(card);
                    self.costs.push(cost);
                }
            }
        }
        self.plan_count = count_plans(&mut self.ways, &self.costs, budget, self.max_cards as usize);
    }

    /// Whether the plans are few enough to list (`PLAN_LIST_MAX`).
    pub fn plans_listed(&self) -> bool {
        self.plan_count <= PLAN_LIST_MAX
    }

    /// Calls `f` with every legal set of cards, in the order `PlanOptions::plans` lists them:
    /// holding back first, then each set followed by the sets that add later cards to it.
    pub fn for_each_plan(&self, mut f: impl FnMut(&[CardIx])) {
        let mut current = Vec::with_capacity(self.max_cards as usize);
        self.plans_from(0, self.budget, &mut current, &mut f);
    }

    fn plans_from(
        &self,
        from: usize,
        budget: i32,
        current: &mut Vec<CardIx>,
        f: &mut impl FnMut(&[CardIx]),
    ) {
        f(current);
        if current.len() >= self.max_cards as usize {
            return;
        }
        for i in from..self.playable.len() {
            let cost = self.costs[i];
            if cost <= budget {
                current.push(self.playable[i]);
                self.plans_from(i + 1, budget - cost, current, f);
                current.pop();
            }
        }
    }
}

/// How many sets of at most `max` of these cards cost at most `budget` (the empty set too).
/// `ways` is scratch memory.
fn count_plans(ways: &mut Vec<u64>, costs: &[i32], budget: i32, max: usize) -> u64 {
    let budget = budget.max(0) as usize;
    let row = budget + 1;
    // ways[k * row + c]: sets of k cards costing exactly c, over the cards seen so far.
    ways.clear();
    ways.resize((max + 1) * row, 0);
    ways[0] = 1;
    for &cost in costs {
        let cost = cost.max(0) as usize;
        for k in (1..=max).rev() {
            for c in (cost..=budget).rev() {
                ways[k * row + c] =
                    ways[k * row + c].saturating_add(ways[(k - 1) * row + c - cost]);
            }
        }
    }
    ways.iter().fold(0u64, |a, b| a.saturating_add(*b))
}

/// The decisions still open for the sides `seat` says yes to, the first of them: a driver's
/// "whose turn is it" in one call.
#[inline]
pub fn next_for(s: &GameState, mut seat: impl FnMut(SideId) -> bool) -> Option<Decision> {
    s.pending().find(|d| seat(d.side()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ledger::NoSink;

    fn db() -> ContentDb {
        ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks")
    }

    /// The listing before `PlanListing`: every set of cards from `cards[from..]` that fits,
    /// added to `current`, in `out`, a String a card.
    fn list_plans_by_name(
        cards: &[(i32, String)],
        from: usize,
        budget: i32,
        max: usize,
        current: &mut Vec<String>,
        out: &mut Vec<Vec<String>>,
    ) {
        out.push(current.clone());
        if current.len() >= max {
            return;
        }
        for (i, (cost, id)) in cards.iter().enumerate().skip(from) {
            if *cost <= budget {
                current.push(id.clone());
                list_plans_by_name(cards, i + 1, budget - cost, max, current, out);
                current.pop();
            }
        }
    }

    #[test]
    fn plans_are_counted_and_listed_as_before() {
        let costs = [1, 2, 2, 3, 0, 4, 1];
        for n in 0..=costs.len() {
            for budget in 0..9 {
                for max in 0..5 {
                    let listing = PlanListing {
                        budget,
                        max_cards: max as u8,
                        playable: (0..n as u16).collect(),
                        costs: costs[..n].to_vec(),
                        ..PlanListing::default()
                    };
                    let mut new = Vec::new();
                    listing.for_each_plan(|set| {
                        new.push(set.iter().map(|c| format!("c{c}")).collect::<Vec<_>>())
                    });
                    let named: Vec<(i32, String)> =
                        (0..n).map(|i| (costs[i], format!("c{i}"))).collect();
                    let mut old = Vec::new();
                    list_plans_by_name(&named, 0, budget, max, &mut Vec::new(), &mut old);
                    assert_eq!(new, old, "{n} cards, budget {budget}, max {max}");
                    let count = count_plans(&mut Vec::new(), &costs[..n], budget, max);
                    assert_eq!(
                        count,
                        old.len() as u64,
                        "{n} cards, budget {budget}, max {max}"
                    );
                }
            }
        }
    }

    /// A plan decision's options, named from the listing, are the options the former
    /// `plan_options` built: the same cards, reasons and plans in the same order, in every
    /// plan decision of random games in every scenario.
    #[test]
    fn plan_options_from_the_listing_match_the_former_listing() {
        use crate::ai::{Policy, RandomPolicy};
        use rand::SeedableRng;
        let db = db();
        let mut decisions = 0;
        for scenario in [
            "agreed-framework-1994",
            "fire-and-fury-2017",
            "singapore-2018",
            "hanoi-2019",
        ] {
            for seed in 0..4u64 {
                let mut s = GameState::new_unstarted(&db, scenario, seed).expect("scenario");
                turn::start(&db, &mut s, &mut NoSink);
                let mut p = RandomPolicy::default();
                let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
                while let Some(d) = s.pending().next() {
                    if let Decision::Plan { side } = d {
                        decisions += 1;
                        let got = plan_options(&db, &s, side);
                        let want = former_plan_options(&db, &s, side);
                        assert_eq!(got, want, "{scenario} seed {seed} turn {} {side}", s.turn);
                    }
                    let input = p.decide(&db, &s, d, &mut rng);
                    apply_or_pass(&db, &mut s, d, Some(input), &mut NoSink).expect("open");
                }
            }
        }
        assert!(decisions > 100, "{decisions} plan decisions");
    }

    /// `plan_options` as it was before `PlanListing` (a String a card of every plan).
    fn former_plan_options(db: &ContentDb, s: &GameState, side: SideId) -> PlanOptions {
        let budget = s.sides[side.index()].pc;
        let max_cards = db.rules.move_limit;
        let mut cards = Vec::new();
        let mut unavailable = Vec::new();
        let mut playable: Vec<(i32, String)> = Vec::new();
        for &card in db.compiled_scenarios[s.scenario as usize].hands[side.index()].iter() {
            let c = &db.compiled_cards[card as usize];
            let def = &db.cards[card as usize];
            let cost = c.cost as i32;
            let blocker = card_blocker(db, s, side, card).or_else(|| {
                (cost > budget)
                    .then(|| format!("costs {cost} political capital; {budget} to spend"))
            });
            if let Some(reason) = blocker {
                unavailable.push(Unavailable {
                    id: def.id.clone(),
                    name: def.name.clone(),
                    cost,
                    reason,
                });
                continue;
            }
            playable.push((cost, def.id.clone()));
            cards.push(CardOption {
                id: def.id.clone(),
                name: def.name.clone(),
                description: def.description.clone(),
                kind: kind_name(c.kind).to_string(),
                cost,
                target: c.target,
                package: match &c.package {
                    CompiledPackage::None => PackageOption::None,
                    CompiledPackage::Fixed(p) => PackageOption::Fixed {
                        provisions: named_provisions(db, p),
                    },
                    CompiledPackage::Chosen => PackageOption::Chosen,
                },
            });
        }
        let costs: Vec<i32> = playable.iter().map(|p| p.0).collect();
        let plan_count = count_plans(&mut Vec::new(), &costs, budget, max_cards as usize);
        let plans = (plan_count <= PLAN_LIST_MAX).then(|| {
            let mut out = Vec::new();
            list_plans_by_name(
                &playable,
                0,
                budget,
                max_cards as usize,
                &mut Vec::new(),
                &mut out,
            );
            out
        });
        PlanOptions {
            budget,
            max_cards,
            cards,
            unavailable,
            targets: s.seated_sides().filter(|x| *x != side).collect(),
            provisions: named_provisions(
                db,
                &db.compiled_scenarios[s.scenario as usize].provisions_on_table,
            ),
            plan_count,
            plans,
        }
    }

    #[test]
    fn a_new_game_waits_for_every_seated_sides_plan_in_side_order() {
        let db = db();
        let mut s = GameState::new_unstarted(&db, "hanoi-2019", 1).expect("scenario");
        turn::start(&db, &mut s, &mut NoSink);
        let p: Vec<Decision> = s.pending().collect();
        let sides: Vec<SideId> = s.seated_sides().collect();
        assert_eq!(
            p,
            sides
                .iter()
                .map(|&side| Decision::Plan { side })
                .collect::<Vec<_>>()
        );
    }
}
