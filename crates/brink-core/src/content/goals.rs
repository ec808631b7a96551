//! Checks of the goals table (`decks/goals.ron`) and the benchmark deal: the debrief judges every
//! agreement by them, so a typo in a provision id or a rung name is an error with its location,
//! never a goal that silently nothing serves.

use std::collections::HashSet;

use super::load::{ContentError, SourceFile};
use super::schema::{Benchmark, Deck, Goal, GoalNeeds, Rung, SideId};

/// The goals and the benchmark of every deck, checked against the provisions and the ladder.
pub(super) fn gather(
    decks: &[(&SourceFile, Deck)],
    provision_ids: &HashSet<&str>,
    ladder: &[Rung],
    errors: &mut Vec<ContentError>,
) -> (Vec<Goal>, Option<Benchmark>) {
    let mut goals: Vec<Goal> = Vec::new();
    let mut benchmark: Option<Benchmark> = None;
    let mut bench_src: Option<&SourceFile> = None;
    for (src, deck) in decks {
        let at = |needle: &str, from: usize| -> (usize, usize) {
            let off = src.text[from.min(src.text.len())..]
                .find(needle)
                .map_or(from, |i| from + i);
            let line = src.text[..off].matches('\n').count() + 1;
            let col = off - src.text[..off].rfind('\n').map_or(0, |i| i + 1) + 1;
            (line, col)
        };
        for g in &deck.goals {
            let start = src.text.find(&format!("\"{}\"", g.id)).unwrap_or(0);
            let mut err = |needle: &str, msg: String| {
                errors.push(ContentError::at(src, at(needle, start), msg));
            };
            if goals.iter().any(|x| x.id == g.id) {
                err(
                    &format!("\"{}\"", g.id),
                    format!("goal \"{}\" is listed twice", g.id),
                );
            }
            if g.id.trim().is_empty() || g.name.trim().is_empty() {
                err("id:", "a goal needs an id and a name".to_string());
            }
            if !matches!(g.side, SideId::Us | SideId::Dprk) {
                err(
                    "side:",
                    format!(
                        "goal \"{}\": side must be us (the US and its allies) or dprk",
                        g.id
                    ),
                );
            }
            let mut seen = HashSet::new();
            for step in &g.served_by {
                if !provision_ids.contains(step.provision.as_str()) {
                    err(
                        &format!("\"{}\"", step.provision),
                        format!(
                            "goal \"{}\" is served by unknown provision \"{}\"",
                            g.id, step.provision
                        ),
                    );
                }
                if !seen.insert(step.provision.as_str()) {
                    err(
                        &format!("\"{}\"", step.provision),
                        format!(
                            "goal \"{}\" lists provision \"{}\" twice",
                            g.id, step.provision
                        ),
                    );
                }
            }
            for id in &g.given_up_with {
                if !provision_ids.contains(id.as_str()) {
                    err(
                        &format!("\"{id}\""),
                        format!("goal \"{}\": unknown provision \"{id}\"", g.id),
                    );
                }
            }
            if g.needs != GoalNeeds::Outcome && g.served_by.is_empty() {
                err(
                    "needs:",
                    format!(
                        "goal \"{}\" has no provision to serve it: list some in `served_by`, or say `needs: Outcome` and give a measure",
                        g.id
                    ),
                );
            }
            if g.needs == GoalNeeds::Outcome && g.measure.is_none() {
                err(
                    "needs:",
                    format!(
                        "goal \"{}\" is decided by its outcome alone but has no `measure`",
                        g.id
                    ),
                );
            }
            if let Some(m) = &g.measure {
                if let Some(r) = &m.or_below_rung
                    && !ladder.iter().any(|x| x.name == *r)
                {
                    err(
                        &format!("\"{r}\""),
                        format!("goal \"{}\": no rung named \"{r}\" on the ladder", g.id),
                    );
                }
                if !m.tolerance.is_finite() || m.tolerance < 0.0 {
                    err(
                        "tolerance:",
                        format!("goal \"{}\": tolerance must be 0 or more", g.id),
                    );
                }
                if m.at_least.is_some_and(|v| !v.is_finite()) {
                    err(
                        "at_least:",
                        format!("goal \"{}\": at_least must be a number", g.id),
                    );
                }
            }
            goals.push(g.clone());
        }
        if let Some(b) = &deck.benchmark {
            let start = src.text.find("benchmark").unwrap_or(0);
            if benchmark.is_some() {
                errors.push(ContentError::at(
                    src,
                    at("benchmark", start),
                    "the benchmark deal is defined in more than one file".to_string(),
                ));
            }
            for id in &b.beyond {
                if !provision_ids.contains(id.as_str()) {
                    errors.push(ContentError::at(
                        src,
                        at(&format!("\"{id}\""), start),
                        format!("benchmark: unknown provision \"{id}\""),
                    ));
                }
            }
            benchmark = Some(b.clone());
            bench_src = Some(src);
        }
    }
    // The benchmark names goals, which may live in any file.
    if let (Some(b), Some(src)) = (&benchmark, bench_src) {
        let located = |id: &str, message: String| {
            let needle = format!("\"{id}\"");
            let off = src.text.rfind(&needle).unwrap_or(0);
            let line = src.text[..off].matches('\n').count() + 1;
            let col = off - src.text[..off].rfind('\n').map_or(0, |i| i + 1) + 1;
            ContentError::at(src, (line, col), message)
        };
        for (id, side) in b
            .us_goals
            .iter()
            .map(|x| (x, SideId::Us))
            .chain(b.dprk_goals_any.iter().map(|x| (x, SideId::Dprk)))
        {
            match goals.iter().find(|g| g.id == *id) {
                None => errors.push(located(
                    id,
                    format!(
                        "benchmark: unknown goal \"{id}\" (define it in a deck's `goals` list)"
                    ),
                )),
                Some(g) if g.side != side => errors.push(located(
                    id,
                    format!(
                        "benchmark: goal \"{id}\" is the {}'s, not the {}'s",
                        g.side.label(),
                        side.label()
                    ),
                )),
                Some(_) => {}
            }
        }
    }
    (goals, benchmark)
}

/// One threshold for "verified": a scenario objective that asks for a provision in force together
/// with a verification level must ask at least that provision's own `verification_needed` (a
/// freeze of all sites "verified" at the level a Yongbyon freeze needs would be met while the
/// debrief calls the freeze unverified).
pub(super) fn check_verified_thresholds(
    decks: &[(&SourceFile, Deck)],
    needed: &std::collections::HashMap<&str, f32>,
    errors: &mut Vec<ContentError>,
) {
    use super::schema::{Condition, Meter, ObjectiveTest};
    /// Every provision named as in force anywhere under `c`.
    fn in_force<'a>(c: &'a Condition, out: &mut Vec<&'a str>) {
        match c {
            Condition::ProvisionInForce(p) => out.push(p),
            Condition::Any(cs) | Condition::All(cs) => cs.iter().for_each(|c| in_force(c, out)),
            _ => {}
        }
    }
    /// (provision, level asked, level needed) for each All that pairs them too low.
    fn walk<'a>(
        c: &'a Condition,
        needed: &std::collections::HashMap<&str, f32>,
        out: &mut Vec<(&'a str, f32, f32)>,
    ) {
        match c {
            Condition::All(cs) => {
                let asked = cs.iter().find_map(|c| match c {
                    Condition::MeterAtLeast {
                        meter: Meter::Verification,
                        value,
                    } => Some(*value),
                    _ => None,
                });
                if let Some(v) = asked {
                    let mut ps = Vec::new();
                    cs.iter().for_each(|c| in_force(c, &mut ps));
                    for p in ps {
                        if let Some(n) = needed.get(p)
                            && v < *n
                        {
                            out.push((p, v, *n));
                        }
                    }
                }
                cs.iter().for_each(|c| walk(c, needed, out));
            }
            Condition::Any(cs) => cs.iter().for_each(|c| walk(c, needed, out)),
            _ => {}
        }
    }
    for (src, deck) in decks {
        for sc in &deck.scenarios {
            for side in &sc.sides {
                for ob in &side.objectives {
                    let cond = match &ob.test {
                        ObjectiveTest::AtEnd(c)
                        | ObjectiveTest::Always(c)
                        | ObjectiveTest::Ever(c)
                        | ObjectiveTest::LastTurns { condition: c, .. }
                        | ObjectiveTest::ForTurns { condition: c, .. } => c,
                        ObjectiveTest::NoWar => continue,
                    };
                    let mut low = Vec::new();
                    walk(cond, needed, &mut low);
                    for (p, v, n) in low {
                        let needle = format!("\"{}\"", ob.name);
                        let off = src.text.find(&needle).unwrap_or(0);
                        let line = src.text[..off].matches('\n').count() + 1;
                        let col = off - src.text[..off].rfind('\n').map_or(0, |i| i + 1) + 1;
                        errors.push(ContentError::at(
                            src,
                            (line, col),
                            format!(
                                "objective \"{}\" counts provision \"{p}\" as verified at verification {v}, but the provision needs {n} (use its own verification_needed: one threshold for \"verified\")",
                                ob.name
                            ),
                        ));
                    }
                }
            }
        }
    }
}
