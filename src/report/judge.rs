//! Each agreement judged against the goals of `decks/goals.ron`: the US and allied goals and the
//! DPRK's. Nothing here names a goal or a provision: the goals table says which provisions serve
//! each goal and whether they count only once verified (at the provision's own
//! `verification_needed`, the one threshold for "verified"), and which quantity shows whether the
//! goal was met. A deal is judged on its terms, on its verification while it was in force, on what
//! was kept (a breach undoes the goals the breached provision served), and on the programme's path.

use std::collections::BTreeMap;

use crate::content::{
    ContentDb, Goal, GoalMeasure, GoalNeeds, GoalQuantity, GoalWant, Meter, ProvIx, SideId,
    WaitsFor,
};
use crate::engine::state::{Agreement, AgreementStatus};
use crate::engine::text::{card_name, provision_name};
use crate::engine::{Game, GameState, LogEntry, Snapshot};

use super::build::OfferInfo;
use super::*;

/// The quantity a goal follows, at one snapshot: one value, or one per ally.
fn quantity_values(s: &GameState, snap: &Snapshot, q: &GoalQuantity) -> Vec<(String, f32)> {
    match q {
        GoalQuantity::Meter(m) => vec![(m.label().to_string(), snap.meters[m.index()])],
        GoalQuantity::Programme(f) => vec![(f.label().to_string(), snap.prog(*f))],
        GoalQuantity::Trust(a, b) => vec![(format!("{a}→{b} trust"), snap.trust(*a, *b))],
        GoalQuantity::AlliesTrustIn(to) => SideId::ALL
            .into_iter()
            .filter(|x| x != to && x.in_alliance() && to.in_alliance() && s.seated(*x))
            .map(|x| (format!("{x}→{to} trust"), snap.trust(x, *to)))
            .collect(),
    }
}

/// Whether one value moved as the goal wants.
fn moved_as_wanted(db: &ContentDb, m: &GoalMeasure, v0: f32, v1: f32) -> bool {
    let tol = m.tolerance.max(0.0);
    let mut ok = match m.want {
        GoalWant::Any => true,
        GoalWant::Fall => v1 < v0 - tol.max(1.0),
        GoalWant::Rise => v1 > v0 + tol.max(1.0),
        GoalWant::NotFall => v1 >= v0 - tol,
        GoalWant::NotRise => v1 <= v0 + tol,
    };
    if let Some(below) = m.or_below_rung.as_deref().and_then(|r| db.rung_from(r))
        && v0 < below
        && v1 < below
    {
        ok = true;
    }
    if m.at_least.is_some_and(|floor| v1 < floor) {
        ok = false;
    }
    ok
}

/// One agreement, as the goals read it.
struct Deal<'a> {
    db: &'a ContentDb,
    state: &'a GameState,
    a: &'a Agreement,
    before: &'a Snapshot,
    at_end: &'a Snapshot,
    /// "at the end" or "when it broke".
    end_word: &'static str,
    /// Per provision of the deal: the turn verification first reached what it needs while the
    /// deal was in force, and the most it reached.
    verified: Vec<(ProvIx, Option<u16>, f32)>,
    /// Verification at the end of the signing turn.
    ver_at_sign: f32,
    /// The provision whose breach broke it, and the turn.
    breach: Option<(ProvIx, u16)>,
    lines: &'a [ProvisionLine],
}

impl Deal<'_> {
    fn has(&self, id: &str) -> Option<ProvIx> {
        self.db
            .provision_ix(id)
            .filter(|p| self.a.provisions.contains(p))
    }
    fn verified_turn(&self, p: ProvIx) -> Option<u16> {
        self.verified
            .iter()
            .find(|(x, _, _)| *x == p)
            .and_then(|x| x.1)
    }
    /// "unverified: verification reached at most 36, 40 needed".
    fn unverified_words(&self, p: ProvIx) -> String {
        let needed = self.db.compiled_provisions[p as usize].verification_needed;
        let most = self
            .verified
            .iter()
            .find(|(x, _, _)| *x == p)
            .map_or(0.0, |x| x.2);
        format!("unverified: verification reached at most {most:.0}, {needed:.0} needed")
    }

    /// "Freeze production at Yongbyon (verification 5 at signing, 30 needed; reached on turn 5)".
    fn at_signing_text(&self, p: ProvIx) -> String {
        let needed = self.db.compiled_provisions[p as usize].verification_needed;
        let then = match self.verified_turn(p) {
            Some(t) => format!("reached on turn {t}"),
            None => {
                let most = self
                    .verified
                    .iter()
                    .find(|(x, _, _)| *x == p)
                    .map_or(0.0, |x| x.2);
                format!("never reached; at most {most:.0}")
            }
        };
        format!(
            "{} (verification {:.0} at signing, {needed:.0} needed; {then})",
            provision_name(self.db, p),
            self.ver_at_sign
        )
    }

    /// The goal's verdict and the sentence that explains it.
    fn judge(&self, goal: &Goal) -> GoalCheck {
        let db = self.db;
        let mut parts: Vec<String> = Vec::new();
        // The goal's provisions in this deal, and whether each counts.
        let mut present = Vec::new();
        let mut missing = Vec::new();
        for step in &goal.served_by {
            match self.has(&step.provision) {
                Some(p) => {
                    let ok = !step.verified || self.verified_turn(p).is_some();
                    present.push((step, p, ok));
                }
                None => missing.push(step),
            }
        }
        for (step, p, ok) in &present {
            let mut t = provision_name(db, *p).to_string();
            if !step.scope.is_empty() {
                t.push_str(&format!(" ({})", step.scope));
            }
            let needed = db.compiled_provisions[*p as usize].verification_needed;
            if step.verified && !ok {
                t = format!("{t}: {}", self.unverified_words(*p));
            } else if step.verified
                && needed > 0.0
                && let Some(vt) = self.verified_turn(*p)
            {
                t.push_str(&format!(
                    ": verified from turn {vt} (verification {needed:.0} needed)"
                ));
            }
            parts.push(t);
        }
        let by_provisions = match goal.needs {
            GoalNeeds::AnyOf => present.iter().any(|x| x.2),
            GoalNeeds::AllOf => {
                !goal.served_by.is_empty() && missing.is_empty() && present.iter().all(|x| x.2)
            }
            GoalNeeds::Outcome => true,
        };
        if present.is_empty() && goal.needs != GoalNeeds::Outcome {
            parts.push("nothing in the deal serves it".into());
        } else if goal.needs == GoalNeeds::AllOf && !missing.is_empty() {
            let names: Vec<&str> = missing
                .iter()
                .filter_map(|s| db.provision_ix(&s.provision))
                .map(|p| provision_name(db, p))
                .collect();
            parts.push(format!("a partial step: it lacks {}", join_and(&names)));
        }

        // Given away.
        let given_up = !goal.given_up_with.is_empty()
            && goal.given_up_with.iter().all(|id| self.has(id).is_some());
        if given_up {
            let names: Vec<&str> = goal
                .given_up_with
                .iter()
                .filter_map(|id| db.provision_ix(id))
                .map(|p| provision_name(db, p))
                .collect();
            parts.push(format!("given up with {}", join_and(&names)));
        }

        // Everything checkable.
        let mut all_checked = true;
        if goal.every_provision_verified {
            let unchecked: Vec<ProvIx> = self
                .lines
                .iter()
                .filter(|l| !l.verifiable)
                .filter_map(|l| db.provision_ix(&l.id))
                .collect();
            all_checked = unchecked.is_empty();
            // Those not already named above as unverified.
            let others: Vec<String> = unchecked
                .iter()
                .filter(|p| !present.iter().any(|(_, q, _)| q == *p))
                .map(|p| format!("{} ({})", provision_name(db, *p), self.unverified_words(*p)))
                .collect();
            if !others.is_empty() {
                parts.push(format!("too little to check: {}", others.join("; ")));
            }
        }

        // What was kept.
        let breached = self.breach.filter(|(p, _)| {
            goal.served_by
                .iter()
                .any(|s| db.provision_ix(&s.provision) == Some(*p))
        });
        if let Some((p, t)) = breached {
            parts.push(format!(
                "{} was breached on turn {t}",
                provision_name(db, p)
            ));
        }

        // The quantity's path.
        let mut by_measure = true;
        if let Some(m) = &goal.measure {
            let v0 = quantity_values(self.state, self.before, &m.of);
            let v1 = quantity_values(self.state, self.at_end, &m.of);
            if v0.is_empty() {
                parts.push("nobody at the table to ask".into());
            }
            for ((label, a), (_, b)) in v0.iter().zip(&v1) {
                if !moved_as_wanted(db, m, *a, *b) {
                    by_measure = false;
                }
                parts.push(format!(
                    "{label} {} before signing, {} {}",
                    num(*a),
                    num(*b),
                    self.end_word
                ));
            }
            if let GoalQuantity::AlliesTrustIn(to) = m.of {
                // Who the deal strained, and who was left out of it.
                let strains: Vec<&str> = self
                    .lines
                    .iter()
                    .filter(|p| p.value_allies < 0.0)
                    .map(|p| p.name.as_str())
                    .collect();
                if !strains.is_empty() {
                    parts.push(format!("strains the allies: {}", strains.join(", ")));
                }
                let left_out: Vec<&str> = SideId::ALL
                    .into_iter()
                    .filter(|x| *x != to && x.in_alliance() && self.state.seated(*x))
                    .filter(|x| !self.a.parties.contains(x))
                    .map(|x| x.label())
                    .collect();
                if !left_out.is_empty() {
                    parts.push(format!("not a party: {}", left_out.join(", ")));
                }
            }
        }
        let served = by_provisions && by_measure && !given_up && all_checked && breached.is_none();
        GoalCheck {
            id: goal.id.clone(),
            goal: goal.name.clone(),
            served,
            how: parts.join("; "),
        }
    }
}

/// A value as the debrief prints it: whole numbers whole, others to one decimal.
fn num(v: f32) -> String {
    if (v - v.round()).abs() < 0.05 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// The goals of one side, in deck order.
fn goals_of_side(db: &ContentDb, side: SideId) -> Vec<&Goal> {
    db.goals.iter().filter(|g| g.side == side).collect()
}

/// Ids of the goals a provision serves (for the provisions table).
fn serves(db: &ContentDb, p: ProvIx) -> Vec<String> {
    let id = &db.provisions[p as usize].id;
    db.goals
        .iter()
        .filter(|g| g.served_by.iter().any(|s| s.provision == *id))
        .map(|g| g.id.clone())
        .collect()
}

pub(super) fn judge_agreements(
    db: &ContentDb,
    g: &Game,
    logs: &BTreeMap<u16, Vec<&LogEntry>>,
    offers: &BTreeMap<(u16, u16), OfferInfo>,
) -> Vec<AgreementReport> {
    let s = &g.state;
    let snaps = &g.journal.snapshots;
    let snap_at = |t: u16| -> &Snapshot {
        snaps
            .iter()
            .rev()
            .find(|x| x.turn <= t)
            .unwrap_or(&snaps[0])
    };
    let allies: Vec<SideId> = [SideId::Rok, SideId::Japan]
        .into_iter()
        .filter(|x| s.seated(*x))
        .collect();
    let mut out = Vec::new();
    for a in s.agreements() {
        let signed = a.signed_turn;
        let (broken_turn, broken_by) = match a.status {
            AgreementStatus::Broken { turn, by } => (Some(turn), Some(by)),
            AgreementStatus::InForce => (None, None),
        };
        let end_turn = broken_turn.unwrap_or(s.turn);
        let before = snap_at(signed.saturating_sub(1));
        let at_end = snap_at(end_turn);
        // Verification while it was in force, turn by turn.
        let ver_path: Vec<(u16, f32)> = snaps
            .iter()
            .filter(|x| x.turn >= signed && x.turn <= end_turn)
            .map(|x| (x.turn, x.meters[Meter::Verification.index()]))
            .collect();
        let verified: Vec<(ProvIx, Option<u16>, f32)> = a
            .provisions
            .iter()
            .map(|p| {
                let needed = db.compiled_provisions[*p as usize].verification_needed;
                let first = ver_path.iter().find(|(_, v)| *v >= needed).map(|x| x.0);
                let most = ver_path.iter().map(|x| x.1).fold(0.0f32, f32::max);
                (*p, first, most)
            })
            .collect();
        let provisions: Vec<ProvisionLine> = a
            .provisions
            .iter()
            .zip(&verified)
            .map(|(p, (_, vt, most))| {
                let cp = &db.compiled_provisions[*p as usize];
                let allied = if allies.is_empty() {
                    0.0
                } else {
                    allies.iter().map(|x| cp.value[x.index()]).sum::<f32>() / allies.len() as f32
                };
                ProvisionLine {
                    id: db.provisions[*p as usize].id.clone(),
                    name: provision_name(db, *p).into(),
                    obligations: cp.obligations.iter().map(|x| x.label().into()).collect(),
                    value_us: cp.value[SideId::Us.index()],
                    value_allies: r1(allied),
                    value_dprk: cp.value[SideId::Dprk.index()],
                    verification_needed: cp.verification_needed,
                    verifiable: vt.is_some(),
                    verified_turn: *vt,
                    verification_reached: r1(*most),
                    goals: serves(db, *p),
                }
            })
            .collect();
        // What it did first and what waited: each step with its plan and its fate, read from
        // the log (a provision held by an earlier agreement took its steps there).
        let (first, _) = crate::engine::text::package_phases(db, &a.provisions);
        let mut steps = Vec::new();
        for &p in &a.provisions {
            let n = db.provisions[p as usize].steps.len();
            for k in 0..n {
                let (taken, verified) = step_turns(logs, a.id, p, k as u8);
                let st = &db.compiled_provisions[p as usize].steps[k];
                let early = k == 0 && st.after <= 1 && st.waits_for == WaitsFor::Nothing;
                if early && verified.is_some() {
                    continue;
                }
                steps.push(StepLine {
                    provision: provision_name(db, p).into(),
                    plan: crate::engine::text::step_plan(db, p, k),
                    taken_turn: taken,
                    verified_turn: verified,
                });
            }
        }
        let value_us: f32 = provisions.iter().map(|p| p.value_us).sum();
        let value_allies: f32 = provisions.iter().map(|p| p.value_allies).sum();
        let value_dprk: f32 = provisions.iter().map(|p| p.value_dprk).sum();
        // Who offered it: the offer of the signing turn with this package.
        // A statement agreed in principle holds no provision: its offer is the one whose
        // package it holds.
        let offered_by = offers
            .iter()
            .filter(|((t, _), o)| {
                *t == signed
                    && if a.provisions.is_empty() && !a.in_principle.is_empty() {
                        !o.package.is_empty()
                            && o.package.iter().all(|p| a.in_principle.contains(p))
                    } else {
                        same_set(&o.package, &a.provisions)
                    }
            })
            .map(|(_, o)| o.from.label().to_string())
            .next_back();

        // Covert moves against it.
        let mut cheating = Vec::new();
        for (turn, entries) in logs.range(signed..) {
            for e in entries {
                if let LogEntry::Move {
                    side,
                    card,
                    secret: true,
                    ..
                } = e
                {
                    let c = &db.compiled_cards[*card as usize];
                    // As the engine judges it: a breach of a provision this side is bound by.
                    let breaches = c.violates.iter().any(|p| {
                        a.provisions.contains(p)
                            && db.compiled_provisions[*p as usize]
                                .obligations
                                .contains(side)
                    });
                    if !a.parties.contains(side) || !breaches {
                        continue;
                    }
                    if broken_turn.is_some_and(|b| *turn > b) {
                        continue;
                    }
                    let found = logs.range(*turn..).find_map(|(t2, es)| {
                        es.iter()
                            .any(|x| matches!(x, LogEntry::Detected { side: s2, card: c2 } if s2 == side && c2 == card))
                            .then_some(*t2)
                    });
                    cheating.push(match found {
                        Some(t2) if t2 == *turn => format!(
                            "{} secretly played \"{}\" on turn {turn}, found out the same turn",
                            cap(&side.with_article()),
                            card_name(db, *card)
                        ),
                        Some(t2) => format!(
                            "{} secretly played \"{}\" on turn {turn}, found out on turn {t2} ({} turns later)",
                            cap(&side.with_article()),
                            card_name(db, *card),
                            t2 - turn
                        ),
                        None => format!(
                            "{} secretly played \"{}\" on turn {turn} and was never found out",
                            cap(&side.with_article()),
                            card_name(db, *card)
                        ),
                    });
                }
            }
        }
        let violation = broken_turn.and_then(|b| {
            logs.get(&b).and_then(|es| {
                es.iter().find_map(|e| match e {
                    LogEntry::Violated {
                        agreement,
                        provision,
                        covert,
                        ..
                    } if *agreement == a.id => Some((*provision, *covert)),
                    _ => None,
                })
            })
        });
        let status = match (broken_turn, broken_by) {
            (Some(t), Some(by)) => {
                let how = match violation {
                    Some((p, true)) => format!(
                        " when a secret breach of \"{}\" was found out",
                        provision_name(db, p)
                    ),
                    Some((p, false)) => {
                        format!(" by openly breaking \"{}\"", provision_name(db, p))
                    }
                    None => String::new(),
                };
                format!(
                    "broken on turn {t} ({}) by {}{how}, after {} turn{}",
                    s.date_of(db, t),
                    by.with_article(),
                    t - signed,
                    if t - signed == 1 { "" } else { "s" }
                )
            }
            _ => format!(
                "in force at the end ({} turn{} after signing)",
                s.turn - signed,
                if s.turn - signed == 1 { "" } else { "s" }
            ),
        };

        let deal = Deal {
            db,
            state: s,
            a,
            before,
            at_end,
            end_word: if broken_turn.is_some() {
                "when it broke"
            } else {
                "at the end"
            },
            verified,
            ver_at_sign: ver_path.first().map_or(0.0, |x| x.1),
            breach: violation.zip(broken_turn).map(|((p, _), t)| (p, t)),
            lines: &provisions,
        };
        let us: Vec<GoalCheck> = goals_of_side(db, SideId::Us)
            .into_iter()
            .map(|goal| deal.judge(goal))
            .collect();
        let dprk: Vec<GoalCheck> = goals_of_side(db, SideId::Dprk)
            .into_iter()
            .map(|goal| deal.judge(goal))
            .collect();
        let statement = is_statement(a);
        let verdict = verdict(
            db,
            &deal,
            &us,
            &dprk,
            statement,
            (value_us, value_allies, value_dprk),
            broken_turn.map(|b| b - signed),
        );
        out.push(AgreementReport {
            n: a.id + 1,
            signed_turn: signed,
            signed_date: s.date_of(db, signed),
            offered_by,
            parties: a.parties.iter().map(|x| x.label().into()).collect(),
            provisions,
            in_principle: a
                .in_principle
                .iter()
                .map(|&p| provision_name(db, p).to_string())
                .collect(),
            pledge_lapsed: a
                .pledge_lapsed
                .map(|t| format!("turn {t} ({})", s.date_of(db, t))),
            kind: if statement { "statement" } else { "agreement" }.into(),
            first,
            steps,
            status,
            broken: broken_turn.is_some(),
            broken_turn,
            broken_by: broken_by.map(|x| x.label().into()),
            turns_in_force: end_turn - signed,
            cheating,
            us_allied_goals: us,
            dprk_goals: dprk,
            value_us,
            value_allies: r1(value_allies),
            value_dprk,
            verdict,
        });
    }
    out
}

/// The turns step `k` of provision `p` of agreement `id` was taken and verified, from the log.
fn step_turns(
    logs: &BTreeMap<u16, Vec<&LogEntry>>,
    id: u16,
    p: ProvIx,
    k: u8,
) -> (Option<u16>, Option<u16>) {
    let (mut taken, mut verified) = (None, None);
    for (turn, entries) in logs {
        for e in entries {
            match e {
                LogEntry::StepTaken {
                    agreement,
                    provision,
                    step,
                } if *agreement == id && *provision == p && *step == k => {
                    taken.get_or_insert(*turn);
                }
                LogEntry::StepVerified {
                    agreement,
                    provision,
                    step,
                } if *agreement == id && *provision == p && *step == k => {
                    verified.get_or_insert(*turn);
                }
                _ => {}
            }
        }
    }
    (taken, verified)
}

/// A deal none of whose provisions limits a part of the programme is a statement of intent,
/// not an agreement: the engine's own kind (`AgreementKind`), which the outcome counts too.
pub(super) fn is_statement(a: &Agreement) -> bool {
    a.kind == crate::engine::state::AgreementKind::Statement
}

fn verdict(
    db: &ContentDb,
    deal: &Deal,
    us: &[GoalCheck],
    dprk: &[GoalCheck],
    statement: bool,
    (value_us, value_allies, value_dprk): (f32, f32, f32),
    lasted: Option<u16>,
) -> String {
    let us_met = us.iter().filter(|x| x.served).count();
    let dprk_met = dprk.iter().filter(|x| x.served).count();
    let leaning = {
        let d = (value_us + value_allies) / 2.0 - value_dprk;
        if d.abs() <= 4.0 {
            "a balanced trade"
        } else if d > 0.0 {
            "a deal that favours the US and its allies"
        } else {
            "a deal that favours the DPRK"
        }
    };
    let mut v = String::new();
    if statement {
        let names: Vec<&str> = deal
            .a
            .provisions
            .iter()
            .map(|p| provision_name(db, *p))
            .collect();
        if names.is_empty() {
            // Agreed in principle: what it holds is not signed, so it holds no provision yet.
            v.push_str(
                "A statement, not an agreement: it holds no signed provision, so it limits no part of the programme. ",
            );
        } else {
            v.push_str(&format!(
                "A statement, not an agreement: {} limits no part of the programme. ",
                join_and(&names)
            ));
        }
    }
    if db.goals.is_empty() {
        v.push_str(&format!(
            "{} (provision values: US {value_us:+.0}, allies {value_allies:+.0}, DPRK {value_dprk:+.0}); the decks have no goals table to judge it against.",
            cap(leaning)
        ));
    } else {
        v.push_str(&format!(
            "{}: it serves {us_met} of the {} US and allied goals and {dprk_met} of the DPRK's {} (provision values: US {value_us:+.0}, allies {value_allies:+.0}, DPRK {value_dprk:+.0}).",
            cap(leaning),
            us.len(),
            dprk.len()
        ));
    }

    // Relief for what?
    let relief: Vec<ProvIx> = deal
        .a
        .provisions
        .iter()
        .copied()
        .filter(|p| {
            let id = &db.provisions[*p as usize].id;
            db.goals
                .iter()
                .any(|g| g.relief && g.served_by.iter().any(|s| s.provision == *id))
        })
        .collect();
    if !relief.is_empty() {
        // The binding steps of the deal, and which of them could not be checked when the
        // relief was given (on signing).
        let mut steps: Vec<(ProvIx, bool)> = Vec::new();
        for p in &deal.a.provisions {
            let id = &db.provisions[*p as usize].id;
            let limit_steps = || {
                db.goals
                    .iter()
                    .filter(|g| g.limit)
                    .flat_map(|g| g.served_by.iter())
                    .filter(|s| s.provision == *id)
            };
            if limit_steps().next().is_none() {
                continue;
            }
            let needs_check = limit_steps().any(|s| s.verified);
            let checked_then = deal.verified_turn(*p) == Some(deal.a.signed_turn);
            steps.push((*p, !needs_check || checked_then));
        }
        let given: Vec<&str> = relief.iter().map(|p| provision_name(db, *p)).collect();
        let unchecked: Vec<String> = steps
            .iter()
            .filter(|(_, ok)| !ok)
            .map(|(p, _)| deal.at_signing_text(*p))
            .collect();
        if steps.is_empty() {
            v.push_str(&format!(
                " It gave relief ({}) for no binding step at all.",
                join_and(&given)
            ));
        } else if steps.iter().all(|(_, ok)| !ok) {
            v.push_str(&format!(
                " It gave relief ({}) for {} not verified when it was signed: {}.",
                join_and(&given),
                if steps.len() == 1 { "a step" } else { "steps" },
                unchecked.join("; ")
            ));
        } else if !unchecked.is_empty() {
            v.push_str(&format!(
                " It gave relief ({}) for steps not all verified when it was signed: {}.",
                join_and(&given),
                unchecked.join("; ")
            ));
        }
    }

    // Against the benchmark deal.
    if let Some(b) = &db.benchmark {
        let served = |id: &str, list: &[GoalCheck]| list.iter().any(|x| x.id == id && x.served);
        let lacks: Vec<String> = b
            .us_goals
            .iter()
            .filter(|id| !served(id, us))
            .filter_map(|id| us.iter().find(|x| x.id == **id))
            .map(|x| format!("{} ({})", x.id, x.goal))
            .collect();
        let gets = b.dprk_goals_any.iter().any(|id| served(id, dprk));
        let beyond: Vec<&str> = b
            .beyond
            .iter()
            .filter_map(|id| deal.has(id))
            .map(|p| provision_name(db, p))
            .collect();
        if lacks.is_empty() && gets && beyond.is_empty() {
            v.push_str(&format!(" It has the shape of {}: {}.", b.name, b.text));
        } else {
            let mut gaps = Vec::new();
            if !lacks.is_empty() {
                gaps.push(format!(
                    "it does not serve {}",
                    join_and(&lacks.iter().map(|x| x.as_str()).collect::<Vec<_>>())
                ));
            }
            if !gets {
                gaps.push("it gives the DPRK nothing it wants".to_string());
            }
            if !beyond.is_empty() {
                gaps.push(format!("{} ({})", b.beyond_text, join_and(&beyond)));
            }
            v.push_str(&format!(
                " Against {} ({}): {}.",
                b.name,
                b.text,
                gaps.join("; ")
            ));
        }
    }
    if let Some(t) = lasted {
        v.push_str(&format!(
            " It lasted {t} turn{}.",
            if t == 1 { "" } else { "s" }
        ));
    }
    v
}

fn same_set(a: &[ProvIx], b: &[ProvIx]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}
