//! The deals of a game: offers on the table, and the agreements and statements signed, each
//! with its provisions, its parties, its steps and whether it still holds. Part of the state
//! (`state` re-exports them), kept apart because they are the one part with rules of their own
//! (`Agreement::new`, the steps' progress, the in-place copies the search's playouts use).

use serde::{Deserialize, Serialize};

use crate::content::{CardIx, ContentDb, ProvIx, SideId};

use super::moves::Response;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgreementStatus {
    InForce,
    /// Broken by a violation on this turn.
    Broken {
        turn: u16,
        by: SideId,
    },
}

/// What a signed package is (design §10; issue 21 item 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AgreementKind {
    /// It limits a part of the DPRK programme (one of its provisions `limits`).
    #[default]
    Agreement,
    /// A statement: none of its provisions limits any part of the programme
    /// (Singapore's joint statement, June 2018).
    Statement,
}

impl AgreementKind {
    /// The kind of a package: an agreement if any provision limits the programme.
    pub fn of(db: &ContentDb, provisions: &[ProvIx]) -> AgreementKind {
        if provisions.iter().any(|p| {
            db.compiled_provisions
                .get(*p as usize)
                .is_some_and(|c| c.limits)
        }) {
            AgreementKind::Agreement
        } else {
            AgreementKind::Statement
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            AgreementKind::Agreement => "agreement",
            AgreementKind::Statement => "statement",
        }
    }
}

/// Where one provision of an agreement stands in its steps (design §10, "Phases").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepProgress {
    /// Steps taken so far: the next to take is this one.
    pub taken: u8,
    /// Steps verified so far (in order; never more than taken). A provision with no steps
    /// counts 1 once verification reaches its `verification_needed`.
    pub verified: u8,
    /// The turn the last step was taken (before the first: the turn signed), the next step's
    /// clock and the start of the last step's months under inspection.
    pub since: u16,
}

/// A signed package of provisions.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    pub id: u16,
    pub provisions: Vec<ProvIx>,
    pub parties: Vec<SideId>,
    pub signed_turn: u16,
    pub status: AgreementStatus,
    /// Sanctions relief granted so far (positive points), reversed on snapback.
    pub relief_given: f32,
    /// An agreement, or a statement that limits nothing.
    #[serde(default)]
    pub kind: AgreementKind,
    /// Per provision (in the order of `provisions`): its steps taken and verified.
    #[serde(default)]
    pub progress: Vec<StepProgress>,
    /// What was agreed in principle but could not be signed yet, for want of rounds of talks
    /// (`Rules::talks_rounds`): a statement of what a later agreement is to hold, binding
    /// nothing (the Carter-Kim pledge of June 1994, the Geneva agreed statement of August).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub in_principle: Vec<ProvIx>,
    /// The turn the freeze pledged here in principle lapsed: a party it bound broke a signed
    /// freeze of the same plants, and a plant restarted in breach of a signed deal is not held
    /// by an earlier word (`resolution::violate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pledge_lapsed: Option<u16>,
}

/// `clone_from` copies into the lists already there (as for `Offer`).
impl Clone for Agreement {
    fn clone(&self) -> Agreement {
        let mut a = Agreement {
            id: 0,
            provisions: Vec::new(),
            parties: Vec::new(),
            signed_turn: 0,
            status: self.status,
            relief_given: 0.0,
            kind: self.kind,
            progress: Vec::new(),
            in_principle: Vec::new(),
            pledge_lapsed: None,
        };
        a.clone_from(self);
        a
    }

    fn clone_from(&mut self, src: &Agreement) {
        let Agreement {
            id,
            provisions,
            parties,
            signed_turn,
            status,
            relief_given,
            kind,
            progress,
            in_principle,
            pledge_lapsed,
        } = src;
        self.id = *id;
        self.provisions.clone_from(provisions);
        self.parties.clone_from(parties);
        self.signed_turn = *signed_turn;
        self.status = *status;
        self.relief_given = *relief_given;
        self.kind = *kind;
        self.progress.clone_from(progress);
        self.in_principle.clone_from(in_principle);
        self.pledge_lapsed = *pledge_lapsed;
    }
}

impl Agreement {
    /// A new agreement, in force, with no step yet taken.
    pub fn new(
        db: &ContentDb,
        id: u16,
        provisions: Vec<ProvIx>,
        parties: Vec<SideId>,
        signed_turn: u16,
    ) -> Agreement {
        let kind = AgreementKind::of(db, &provisions);
        let progress = vec![
            StepProgress {
                since: signed_turn,
                ..StepProgress::default()
            };
            provisions.len()
        ];
        Agreement {
            id,
            provisions,
            parties,
            signed_turn,
            status: AgreementStatus::InForce,
            relief_given: 0.0,
            kind,
            progress,
            in_principle: Vec::new(),
            pledge_lapsed: None,
        }
    }

    /// Provision `k`'s progress (a fresh one if the list is short: an agreement built by hand).
    pub fn progress_of(&self, k: usize) -> StepProgress {
        self.progress.get(k).copied().unwrap_or(StepProgress {
            since: self.signed_turn,
            ..StepProgress::default()
        })
    }
}

/// An offer awaiting an answer.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Offer {
    pub id: u16,
    pub from: SideId,
    pub to: SideId,
    pub card: CardIx,
    pub package: Vec<ProvIx>,
    /// For counters: the offer this one answers.
    pub counter_of: Option<u16>,
    /// For a request to co-sign: the offer (or counter) whose package would bind `to`, a side
    /// neither made nor received it. An agreement binds only sides that accepted it, so every
    /// seated side a package obliges is asked; such a request is accepted or rejected, never
    /// countered. It keeps its principal's `counter_of`, and so is answered in the same round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cosign_of: Option<u16>,
    pub answer: Option<Response>,
}

/// `clone_from` copies into the lists already there: the search copies a world into the last
/// one's room for every playout (`GameState::copy_from`), offers and agreements included.
impl Clone for Offer {
    fn clone(&self) -> Offer {
        let mut o = Offer {
            id: 0,
            from: self.from,
            to: self.to,
            card: 0,
            package: Vec::new(),
            counter_of: None,
            cosign_of: None,
            answer: None,
        };
        o.clone_from(self);
        o
    }

    fn clone_from(&mut self, src: &Offer) {
        let Offer {
            id,
            from,
            to,
            card,
            package,
            counter_of,
            cosign_of,
            answer,
        } = src;
        self.id = *id;
        self.from = *from;
        self.to = *to;
        self.card = *card;
        self.package.clone_from(package);
        self.counter_of = *counter_of;
        self.cosign_of = *cosign_of;
        self.answer.clone_from(answer);
    }
}

impl Offer {
    /// Whether the answer may be a counter-offer: an original offer carrying a package.
    pub fn can_counter(&self) -> bool {
        self.counter_of.is_none() && self.cosign_of.is_none() && !self.package.is_empty()
    }

    /// A request to co-sign someone else's offer.
    pub fn is_cosign(&self) -> bool {
        self.cosign_of.is_some()
    }
}
