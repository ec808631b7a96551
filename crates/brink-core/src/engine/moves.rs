//! What a side can do: moves, answers to offers, crisis choices — and the checks that decide
//! whether they are legal now.

use serde::{Deserialize, Serialize};

use crate::content::{CardIx, CompiledCard, CompiledPackage, ContentDb, MoveKind, ProvIx, SideId};

use super::effects::cond_holds;
use super::ledger::CrisisChoice;
use super::state::{GameState, Phase};
use super::view::View;

/// One card played by a side. Ids are resolved to indexes; records store ids (see `record`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Move {
    pub card: CardIx,
    /// Overrides the card's default target (where a card allows it); None uses the default.
    pub target: Option<SideId>,
    /// For `Package::Chosen` offers: the provisions proposed.
    pub package: Vec<ProvIx>,
}

impl Move {
    pub fn card(card: CardIx) -> Move {
        Move {
            card,
            target: None,
            package: Vec::new(),
        }
    }
}

/// An answer to an offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Response {
    Accept,
    Reject,
    /// Send back a changed package (round 1 only).
    Counter(Vec<ProvIx>),
}

/// Everything a driver can feed the engine, in one type: this is what a game record stores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Input {
    Plan {
        side: SideId,
        moves: Vec<Move>,
    },
    Respond {
        side: SideId,
        offer: u16,
        response: Response,
    },
    Crisis {
        side: SideId,
        choice: CrisisChoice,
    },
    /// The facilitator fires an event from the deck now.
    Inject {
        event: crate::content::EventIx,
    },
    /// The facilitator sets a number, with a reason kept in the log.
    Override {
        meter: super::ledger::MeterRef,
        value: f32,
        reason: String,
    },
    /// A free-text inject: a note for the log plus meter changes, attributed to the facilitator.
    FreeInject {
        text: String,
        changes: Vec<(super::ledger::MeterRef, f32)>,
    },
}

/// Why an input was refused. The state is unchanged when an input is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("the game is over")]
    GameOver,
    #[error("it is not the time for that: the game is in {0}")]
    WrongPhase(&'static str),
    #[error("{0} is not seated in this scenario")]
    NotSeated(SideId),
    #[error("{0} has already chosen this turn")]
    AlreadyChosen(SideId),
    #[error("{side} may play at most {limit} moves a turn")]
    TooManyMoves { side: SideId, limit: u8 },
    #[error("the same card is played twice")]
    DuplicateCard,
    #[error("{side} cannot play \"{card}\": {reason}")]
    Illegal {
        side: SideId,
        card: String,
        reason: String,
    },
    #[error("the moves cost {cost} political capital but {side} has {pc}")]
    OverBudget { side: SideId, cost: i32, pc: i32 },
    #[error("there is no open offer {0} for that side")]
    NoSuchOffer(u16),
    #[error("a counter-offer cannot itself be countered")]
    CounterOfCounter,
    #[error("a request to co-sign is accepted or rejected, not countered")]
    CounterOfCosign,
    #[error("an offer with no package of provisions is accepted or rejected, not countered")]
    NothingToCounter,
    #[error("a package needs 1 to 8 distinct provisions")]
    BadPackage,
    #[error("provision \"{0}\" is not on the table in this scenario")]
    NotOnTable(String),
    #[error("{0} is not part of this crisis")]
    NotInCrisis(SideId),
}

pub fn phase_name(p: Phase) -> &'static str {
    match p {
        Phase::Planning => "planning",
        Phase::Responses { .. } => "responses",
        Phase::Crisis => "a crisis",
        Phase::Over => "the end",
    }
}

/// The side a card is aimed at once played (the move's override or the card's default).
pub fn target_of(db: &ContentDb, m: &Move) -> Option<SideId> {
    m.target.or(db.compiled_cards[m.card as usize].target)
}

/// Why a card cannot be played now, or None if it can (budget aside).
pub fn card_blocker(
    db: &ContentDb,
    state: &GameState,
    side: SideId,
    card: CardIx,
) -> Option<String> {
    let c = &db.compiled_cards[card as usize];
    if c.side != side {
        return Some("it belongs to another side".into());
    }
    if !db.compiled_scenarios[state.scenario as usize].card_allowed[card as usize] {
        return Some("it is not part of this scenario".into());
    }
    if let Some(t) = c.target
        && !state.seated(t)
    {
        return Some(format!("{t} is not at the table"));
    }
    let floor = state.ready_floor(db, card);
    if floor > state.turn {
        let d = &db.cards[card as usize].dates;
        return Some(match floor {
            u16::MAX => format!(
                "its time is over: it applies until {} ({})",
                d.until.as_deref().unwrap_or("?"),
                d.why
            ),
            _ => format!("not before {}: {}", d.from, d.why),
        });
    }
    let ready = state.ready_turn[card as usize];
    if ready > state.turn {
        let n = ready - state.turn;
        return Some(format!(
            "played recently: ready again in {n} turn{}",
            if n == 1 { "" } else { "s" }
        ));
    }
    for (i, r) in c.requires.iter().enumerate() {
        if !cond_holds(db, state, r, side, c.target) {
            let req = &db.cards[card as usize].requires[i];
            return Some(super::text::condition_unmet(db, req));
        }
    }
    None
}

/// Cards the side could play this turn, each on its own (budget checked per card).
/// `Chosen` packages come back empty: the player (or bot) fills them in.
pub fn legal_moves(db: &ContentDb, state: &GameState, side: SideId) -> Vec<Move> {
    let mut out = Vec::new();
    legal_cards_into(db, state, side, &mut out);
    out
}

/// As `legal_moves`, writing into a reused buffer (the simulator's hot loop).
pub fn legal_cards_into(db: &ContentDb, state: &GameState, side: SideId, out: &mut Vec<Move>) {
    out.clear();
    if state.phase != Phase::Planning || !state.seated(side) {
        return;
    }
    let pc = state.sides[side.index()].pc;
    let view = View::of(db, state);
    for &card in &db.cards_by_side[side.index()] {
        let c = &db.compiled_cards[card as usize];
        if c.cost as i32 <= pc && card_playable_in(db, state, &view, side, card) {
            out.push(Move::card(card));
        }
    }
}

/// `card_blocker(..).is_none()` without building the reason (the simulator's hot path).
pub fn card_playable(db: &ContentDb, state: &GameState, side: SideId, card: CardIx) -> bool {
    card_playable_in(db, state, &View::of(db, state), side, card)
}

/// `card_playable`, reading the requirements through a view of `state` built once for many
/// cards (a random player's plan, a list of legal moves).
#[inline]
pub fn card_playable_in(
    db: &ContentDb,
    state: &GameState,
    view: &View,
    side: SideId,
    card: CardIx,
) -> bool {
    let c = &db.compiled_cards[card as usize];
    c.side == side
        && db.compiled_scenarios[state.scenario as usize].card_allowed[card as usize]
        && playable_now(state, view, c, card)
}

/// The tests of a card's playability that change during a game: its target seated, its
/// cooldown over, its requirements met.
#[inline(always)]
fn playable_now(state: &GameState, view: &View, c: &CompiledCard, card: CardIx) -> bool {
    c.target.is_none_or(|t| state.seated(t))
        && state.ready_turn[card as usize] <= state.turn
        && view.passes(&c.flat)
}

/// `card_playable_in` for a card of `side`'s hand in this scenario
/// (`CompiledScenario::hands`): such a card is the side's own and allowed here by construction, so
/// only the tests that change during a game are made (a random player asks this of card
/// after card). Debug builds check the card's provenance.
#[inline]
pub fn hand_card_playable_in(
    db: &ContentDb,
    state: &GameState,
    view: &View,
    side: SideId,
    card: CardIx,
) -> bool {
    let c = &db.compiled_cards[card as usize];
    debug_assert!(
        c.side == side
            && db.compiled_scenarios[state.scenario as usize].card_allowed[card as usize],
        "card {card} is not in {side}'s hand here"
    );
    playable_now(state, view, c, card)
}

/// Checks a whole plan. Returns the total cost.
pub fn check_plan(
    db: &ContentDb,
    state: &GameState,
    side: SideId,
    moves: &[Move],
) -> Result<i32, RuleError> {
    if state.phase == Phase::Over {
        return Err(RuleError::GameOver);
    }
    if state.phase != Phase::Planning {
        return Err(RuleError::WrongPhase(phase_name(state.phase)));
    }
    if !state.seated(side) {
        return Err(RuleError::NotSeated(side));
    }
    if state.plans[side.index()].is_some() {
        return Err(RuleError::AlreadyChosen(side));
    }
    if moves.len() > db.rules.move_limit as usize {
        return Err(RuleError::TooManyMoves {
            side,
            limit: db.rules.move_limit,
        });
    }
    let mut cost = 0;
    for (i, m) in moves.iter().enumerate() {
        if moves[..i].iter().any(|o| o.card == m.card) {
            return Err(RuleError::DuplicateCard);
        }
        let Some(c) = db.compiled_cards.get(m.card as usize) else {
            return Err(RuleError::Illegal {
                side,
                card: format!("#{}", m.card),
                reason: "no such card".into(),
            });
        };
        if let Some(reason) = card_blocker(db, state, side, m.card) {
            return Err(RuleError::Illegal {
                side,
                card: db.cards[m.card as usize].id.clone(),
                reason,
            });
        }
        if let Some(t) = m.target
            && (t == side || !state.seated(t))
        {
            return Err(RuleError::Illegal {
                side,
                card: db.cards[m.card as usize].id.clone(),
                reason: format!("{t} cannot be its target"),
            });
        }
        match &c.package {
            CompiledPackage::Chosen => check_package(db, state, &m.package)?,
            _ => {
                if !m.package.is_empty() {
                    return Err(RuleError::BadPackage);
                }
            }
        }
        if c.kind == MoveKind::Offer && target_of(db, m).is_none() {
            return Err(RuleError::Illegal {
                side,
                card: db.cards[m.card as usize].id.clone(),
                reason: "an offer needs a target".into(),
            });
        }
        cost += c.cost as i32;
    }
    let pc = state.sides[side.index()].pc;
    if cost > pc {
        return Err(RuleError::OverBudget { side, cost, pc });
    }
    Ok(cost)
}

/// A package is 1 to 8 distinct provisions, every one on the table in the game's scenario.
pub fn check_package(
    db: &ContentDb,
    state: &GameState,
    package: &[ProvIx],
) -> Result<(), RuleError> {
    if package.is_empty() || package.len() > 8 {
        return Err(RuleError::BadPackage);
    }
    let allowed = &db.compiled_scenarios[state.scenario as usize].provision_allowed;
    for (i, p) in package.iter().enumerate() {
        if *p as usize >= db.provisions.len() || package[..i].contains(p) {
            return Err(RuleError::BadPackage);
        }
        if !allowed[*p as usize] {
            return Err(RuleError::NotOnTable(db.provisions[*p as usize].id.clone()));
        }
    }
    Ok(())
}
