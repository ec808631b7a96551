//! Each agreement judged against the US and allied goals and the DPRK's.

use std::collections::BTreeMap;

use crate::content::NumTarget;
use crate::content::{CEffect, ContentDb, Meter, ProgrammeField, ProvIx, SideId};
use crate::engine::state::AgreementStatus;
use crate::engine::text::{card_name, provision_name};
use crate::engine::{Game, LogEntry, Snapshot};

use super::build::OfferInfo;
use super::*;

/// Which of the brief's goals a provision serves (content brief §1.4). Ids first; for provisions
/// the table does not know, the provision's own effects decide.
fn goals_of(db: &ContentDb, p: ProvIx) -> Vec<&'static str> {
    let id = db.provisions[p as usize].id.as_str();
    let known: &[&str] = match id {
        "nuclear-test-moratorium" => &["G3"],
        "missile-test-moratorium" => &["G3", "G4"],
        "all-range-missile-moratorium" => &["G3", "G4"],
        "yongbyon-freeze" => &["G2", "G5"],
        "yongbyon-dismantlement" => &["G2", "G5", "G7"],
        "full-fissile-freeze" => &["G2", "G7"],
        "declaration" => &["G5", "G7"],
        "test-site-disabling" => &["G3", "G4", "G5"],
        "icbm-production-freeze" => &["G4", "G5"],
        "exercise-suspension" => &["D2"],
        "partial-relief-snapback" => &["D1"],
        "lift-un-sanctions" => &["D1"],
        "end-of-war-declaration" => &["D2"],
        "liaison-offices" => &["D2"],
        "humanitarian-channel" => &["D1"],
        "remains-recovery" => &[],
        "military-cbms" => &["G1", "D2"],
        "security-assurance" => &["D2"],
        "energy-assistance" => &["D1"],
        _ => return goals_from_effects(db, p),
    };
    known.to_vec()
}

fn goals_from_effects(db: &ContentDb, p: ProvIx) -> Vec<&'static str> {
    fn walk(db: &ContentDb, es: &[CEffect], out: &mut Vec<&'static str>) {
        for e in es {
            match e {
                CEffect::Num {
                    on: NumTarget::Programme(field),
                    delta,
                    ..
                } if *delta < 0.0 => match field {
                    ProgrammeField::ProductionKg | ProgrammeField::FissileKg => out.push("G2"),
                    ProgrammeField::IcbmReadiness => out.push("G4"),
                    _ => {}
                },
                CEffect::Num {
                    on: NumTarget::Meter(meter),
                    delta,
                    ..
                } => match meter {
                    Meter::Verification if *delta > 0.0 => out.push("G5"),
                    Meter::Sanctions if *delta < 0.0 => out.push("D1"),
                    Meter::Economy if *delta > 0.0 => out.push("D1"),
                    Meter::Tension if *delta < 0.0 => out.push("G1"),
                    _ => {}
                },
                CEffect::Num {
                    on:
                        NumTarget::Trust {
                            from: crate::content::Who::Side(SideId::Dprk),
                            ..
                        },
                    delta,
                    ..
                } if *delta > 0.0 => out.push("D2"),
                CEffect::SetFlag(f)
                    if Some(*f) == db.derived.flag_test_moratorium
                        || Some(*f) == db.derived.flag_icbm_moratorium =>
                {
                    out.push("G3")
                }
                CEffect::Lagged { effects, .. } => walk(db, effects, out),
                CEffect::If {
                    then, otherwise, ..
                } => {
                    walk(db, then, out);
                    walk(db, otherwise, out);
                }
                _ => {}
            }
        }
    }
    let cp = &db.c_provisions[p as usize];
    let mut out = Vec::new();
    walk(db, &cp.on_sign, &mut out);
    walk(db, &cp.per_turn, &mut out);
    out.sort();
    out.dedup();
    out
}

const US_GOALS: [(&str, &str); 7] = [
    ("G1", "Lower the risk of war"),
    ("G2", "Cap fissile-material production"),
    ("G3", "Stop qualitative growth: test moratoria"),
    ("G4", "Limit delivery systems (ICBMs, launchers)"),
    ("G5", "Verification and transparency"),
    ("G6", "Keep the alliances whole"),
    ("G7", "Long-term: full denuclearization (an aspiration)"),
];

const DPRK_GOALS: [(&str, &str); 3] = [
    ("D1", "Sanctions relief and economic help"),
    ("D2", "Security guarantees and normalisation"),
    ("D3", "Keep the deterrent"),
];

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
        let at_sign = snap_at(signed);
        let at_end = snap_at(end_turn);
        let ids: Vec<&str> = a
            .provisions
            .iter()
            .map(|p| db.provisions[*p as usize].id.as_str())
            .collect();
        let has = |id: &str| ids.contains(&id);
        let goals: Vec<(ProvIx, Vec<&'static str>)> = a
            .provisions
            .iter()
            .map(|p| (*p, goals_of(db, *p)))
            .collect();
        let serving = |goal: &str| -> Vec<&str> {
            goals
                .iter()
                .filter(|(_, gs)| gs.contains(&goal))
                .map(|(p, _)| provision_name(db, *p))
                .collect()
        };
        let ver = at_sign.meters[Meter::Verification.index()];
        let provisions: Vec<ProvisionLine> = a
            .provisions
            .iter()
            .map(|p| {
                let cp = &db.c_provisions[*p as usize];
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
                    verifiable: ver >= cp.verification_needed,
                }
            })
            .collect();
        let value_us: f32 = provisions.iter().map(|p| p.value_us).sum();
        let value_allies: f32 = provisions.iter().map(|p| p.value_allies).sum();
        let value_dprk: f32 = provisions.iter().map(|p| p.value_dprk).sum();

        // Who offered it: the offer of the signing turn with this package.
        let offered_by = offers
            .iter()
            .filter(|((t, _), o)| *t == signed && same_set(&o.package, &a.provisions))
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
                    let c = &db.c_cards[*card as usize];
                    // As the engine judges it: a breach of a provision this side is bound by.
                    let breaches = c.violates.iter().any(|p| {
                        a.provisions.contains(p)
                            && db.c_provisions[*p as usize].obligations.contains(side)
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

        // Against the US and allied goals (brief §1.4).
        let t0 = before.tension();
        let t1 = at_end.tension();
        let mut us = Vec::new();
        for (id, goal) in US_GOALS {
            let (served, how) = match id {
                "G1" => {
                    let crisis = db.rung_from("Crisis").unwrap_or(60.0);
                    (
                        t1 < t0 - 1.0 || (t1 < crisis && t0 < crisis),
                        format!(
                            "tension {:.0} before signing, {:.0} {}",
                            t0,
                            t1,
                            if broken_turn.is_some() {
                                "when it broke"
                            } else {
                                "at the end"
                            }
                        ),
                    )
                }
                "G2" => {
                    let p = serving("G2");
                    let prod0 = before.prog(ProgrammeField::ProductionKg);
                    let prod1 = at_end.prog(ProgrammeField::ProductionKg);
                    if p.is_empty() {
                        (
                            false,
                            format!(
                                "no cap on fissile production (production {prod0:.1} → {prod1:.1} kg/turn)"
                            ),
                        )
                    } else {
                        let scope = if has("full-fissile-freeze") {
                            "all sites"
                        } else {
                            "Yongbyon only; undeclared sites keep producing"
                        };
                        (
                            true,
                            format!(
                                "{} ({scope}); production {prod0:.1} → {prod1:.1} kg/turn",
                                p.join(", ")
                            ),
                        )
                    }
                }
                "G3" => {
                    let p = serving("G3");
                    let scope = if has("all-range-missile-moratorium") {
                        "missiles of all ranges"
                    } else if has("missile-test-moratorium") {
                        "long-range missiles only; short-range launches continue"
                    } else {
                        "no missile limit"
                    };
                    if p.is_empty() {
                        (false, "no test moratorium in writing".into())
                    } else {
                        (
                            true,
                            format!(
                                "{} ({}{scope})",
                                p.join(", "),
                                if has("nuclear-test-moratorium") {
                                    "nuclear tests; "
                                } else {
                                    "no nuclear-test ban; "
                                }
                            ),
                        )
                    }
                }
                "G4" => {
                    let p = serving("G4");
                    let r0 = before.prog(ProgrammeField::IcbmReadiness);
                    let r1_ = at_end.prog(ProgrammeField::IcbmReadiness);
                    if p.is_empty() {
                        (
                            false,
                            format!(
                                "no limit on delivery systems (ICBM readiness {r0:.0} → {r1_:.0})"
                            ),
                        )
                    } else {
                        (
                            true,
                            format!("{} (ICBM readiness {r0:.0} → {r1_:.0})", p.join(", ")),
                        )
                    }
                }
                "G5" => {
                    let p = serving("G5");
                    let unverifiable: Vec<String> = provisions
                        .iter()
                        .filter(|x| !x.verifiable)
                        .map(|x| format!("{} needs {:.0}", x.name, x.verification_needed))
                        .collect();
                    let mut how = if p.is_empty() {
                        format!("no inspection or declaration; verification {ver:.0} at signing")
                    } else {
                        format!("{}; verification {ver:.0} at signing", p.join(", "))
                    };
                    if !unverifiable.is_empty() {
                        how.push_str(&format!(
                            "; too little to check: {}",
                            unverifiable.join(", ")
                        ));
                    }
                    (!p.is_empty() && unverifiable.is_empty(), how)
                }
                "G6" => {
                    let mut parts = Vec::new();
                    let mut whole = true;
                    for x in &allies {
                        let v0 = before.trust(*x, SideId::Us);
                        let v1 = at_end.trust(*x, SideId::Us);
                        if v1 < v0 - 5.0 || v1 < 50.0 {
                            whole = false;
                        }
                        parts.push(format!("{x}→US trust {v0:.0} → {v1:.0}"));
                    }
                    let strains: Vec<&str> = provisions
                        .iter()
                        .filter(|p| p.value_allies < 0.0)
                        .map(|p| p.name.as_str())
                        .collect();
                    let left_out: Vec<String> = allies
                        .iter()
                        .filter(|x| !a.parties.contains(x))
                        .map(|x| x.label().to_string())
                        .collect();
                    if !strains.is_empty() {
                        parts.push(format!("strains the allies: {}", strains.join(", ")));
                    }
                    if !left_out.is_empty() {
                        parts.push(format!("not a party: {}", left_out.join(", ")));
                    }
                    if allies.is_empty() {
                        (true, "no allies at the table".into())
                    } else {
                        (whole, parts.join("; "))
                    }
                }
                _ => {
                    let p = serving("G7");
                    let full = has("full-fissile-freeze")
                        && has("declaration")
                        && has("yongbyon-dismantlement");
                    (
                        full,
                        if p.is_empty() {
                            "no step toward full denuclearization (kept as an aspiration, not a precondition)".into()
                        } else if full {
                            format!("a real step: {}", p.join(", "))
                        } else {
                            format!("a partial step: {}", p.join(", "))
                        },
                    )
                }
            };
            us.push(GoalCheck {
                id: id.into(),
                goal: goal.into(),
                served,
                how,
            });
        }
        let mut dprk = Vec::new();
        for (id, goal) in DPRK_GOALS {
            let (served, how) = match id {
                "D1" => {
                    let p = serving("D1");
                    let s0 = before.meters[Meter::Sanctions.index()];
                    let s1 = at_end.meters[Meter::Sanctions.index()];
                    (
                        !p.is_empty(),
                        if p.is_empty() {
                            format!("no relief (sanctions pressure {s0:.0} → {s1:.0})")
                        } else {
                            format!("{} (sanctions pressure {s0:.0} → {s1:.0})", p.join(", "))
                        },
                    )
                }
                "D2" => {
                    let p = serving("D2");
                    let v0 = before.trust(SideId::Dprk, SideId::Us);
                    let v1 = at_end.trust(SideId::Dprk, SideId::Us);
                    (
                        !p.is_empty(),
                        if p.is_empty() {
                            format!(
                                "no guarantee or normalisation (DPRK→US trust {v0:.0} → {v1:.0})"
                            )
                        } else {
                            format!("{} (DPRK→US trust {v0:.0} → {v1:.0})", p.join(", "))
                        },
                    )
                }
                _ => {
                    let w0 = before.prog(ProgrammeField::Warheads);
                    let w1 = at_end.prog(ProgrammeField::Warheads);
                    let limits: Vec<&str> = goals
                        .iter()
                        .filter(|(_, gs)| gs.iter().any(|x| matches!(*x, "G2" | "G4" | "G7")))
                        .map(|(p, _)| provision_name(db, *p))
                        .collect();
                    let gives_up = has("yongbyon-dismantlement") && has("full-fissile-freeze");
                    (
                        w1 >= w0 && !gives_up,
                        if limits.is_empty() {
                            format!("keeps its warheads ({w0:.0} → {w1:.0}) and its growth")
                        } else {
                            format!(
                                "keeps its warheads ({w0:.0} → {w1:.0}) but accepts limits: {}",
                                limits.join(", ")
                            )
                        },
                    )
                }
            };
            dprk.push(GoalCheck {
                id: id.into(),
                goal: goal.into(),
                served,
                how,
            });
        }
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
        let interim = has("nuclear-test-moratorium")
            && (has("yongbyon-freeze") || has("full-fissile-freeze"))
            && !serving("G5").is_empty()
            && !(serving("D1").is_empty() && serving("D2").is_empty());
        let mut verdict = format!(
            "{}: it serves {us_met} of the 7 US and allied goals and {dprk_met} of the DPRK's 3 (provision values: US {value_us:+.0}, allies {value_allies:+.0}, DPRK {value_dprk:+.0}).",
            cap(leaning)
        );
        if interim {
            verdict.push_str(
                " It has the shape of the interim deal the brief takes as the benchmark: a test moratorium and a verified production freeze for relief and assurances.",
            );
        } else {
            let mut missing = Vec::new();
            if serving("G2").is_empty() {
                missing.push("a cap on fissile production");
            }
            if serving("G5").is_empty() {
                missing.push("verification");
            }
            if serving("G3").is_empty() {
                missing.push("a test moratorium");
            }
            if serving("D1").is_empty() && serving("D2").is_empty() {
                missing.push("anything the DPRK wants");
            }
            if !missing.is_empty() {
                verdict.push_str(&format!(
                    " Against the brief's interim benchmark it lacks {}.",
                    join_and(&missing)
                ));
            }
        }
        if let Some(b) = broken_turn {
            verdict.push_str(&format!(" It lasted {} turns.", b - signed));
        }
        out.push(AgreementReport {
            n: a.id + 1,
            signed_turn: signed,
            signed_date: s.date_of(db, signed),
            offered_by,
            parties: a.parties.iter().map(|x| x.label().into()).collect(),
            provisions,
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

fn same_set(a: &[ProvIx], b: &[ProvIx]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}
