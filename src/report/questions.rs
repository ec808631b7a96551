//! Discussion questions for a class debrief, drawn from what happened in this game.

use std::collections::BTreeMap;

use crate::content::{ContentDb, Meter, ProgrammeField, SideId};
use crate::engine::text;
use crate::engine::{CrisisChoice, Game, LogEntry, MeterRef};

use super::build::outcome_phrase;
use super::*;

/// How many discussion questions the report asks.
const QUESTIONS: usize = 8;

/// Discussion questions for a class debrief, drawn from what happened in this game. Each kind
/// of fact (a broken agreement, a secret breach, a rung crossed, the brink, the biggest swing, a
/// refused offer, an agreement's gaps, alliance strain, trust, the arsenal, the weakest side,
/// history) gives its own questions; the report takes them in turn, one kind after another, so a
/// debrief covers the whole game rather than one kind of event. Always at least five.
pub(super) fn questions(
    db: &ContentDb,
    g: &Game,
    r: &Report,
    logs: &BTreeMap<u16, Vec<&LogEntry>>,
) -> Vec<String> {
    let s = &g.state;
    let snaps = &g.journal.snapshots;
    let mut kinds: Vec<Vec<String>> = Vec::new();

    // Agreements that broke.
    let mut broke = Vec::new();
    for a in &r.agreements {
        if let (Some(t), Some(by)) = (a.broken_turn, &a.broken_by) {
            let needs: Vec<String> = a
                .provisions
                .iter()
                .filter(|p| p.verification_needed > 0.0)
                .map(|p| format!("{} needs {:.0}", p.name, p.verification_needed))
                .collect();
            let ver = snaps
                .iter()
                .rev()
                .find(|x| x.turn <= t)
                .map(|x| x.meters[Meter::Verification.index()])
                .unwrap_or(0.0);
            broke.push(format!(
                "Agreement {} (signed on turn {}) broke on turn {t}, broken by {}. Verification stood at {ver:.0}{}. What verification would have caught the breach sooner, and what would it have cost to get?",
                a.n,
                a.signed_turn,
                the_label(by),
                if needs.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", needs.join(", "))
                }
            ));
        }
    }
    kinds.push(broke);

    // Secret breaches nobody found, one question per covert move.
    let mut secret: Vec<(String, Vec<u16>)> = Vec::new();
    for a in &r.agreements {
        for c in a.cheating.iter().filter(|c| c.contains("never found out")) {
            match secret.iter_mut().find(|(x, _)| x == c) {
                Some((_, ns)) => ns.push(a.n),
                None => secret.push((c.clone(), vec![a.n])),
            }
        }
    }
    kinds.push(
        secret
            .into_iter()
            .map(|(c, ns)| {
                let list: Vec<String> = ns.iter().map(|n| n.to_string()).collect();
                format!(
                    "{}, while agreement{} {} {} in force. What would the other sides have needed to see it, and how should a breach that nobody at the table knew about change how we judge the deal?",
                    c,
                    if ns.len() == 1 { "" } else { "s" },
                    join_and(&list.iter().map(|x| x.as_str()).collect::<Vec<_>>()),
                    if ns.len() == 1 { "was" } else { "were" }
                )
            })
            .collect(),
    );

    // Tension crossing up into Crisis or above.
    let crisis_rung = db.ladder.iter().position(|x| x.name == "Crisis");
    let mut crossed = Vec::new();
    for (turn, entries) in logs {
        for e in entries {
            if let LogEntry::Threshold {
                from_rung,
                to_rung,
                by,
            } = e
                && to_rung > from_rung
                && crisis_rung.is_some_and(|c| *to_rung as usize >= c)
            {
                let who = by
                    .map(|c| text::cause_text(db, &c))
                    .unwrap_or_else(|| "several moves at once".into());
                crossed.push(format!(
                    "Tension rose into {} on turn {turn} ({}), pushed over by {who}. Who pushed it over, and could it have been avoided — by that side, or by the others earlier?",
                    db.ladder[*to_rung as usize].name,
                    s.date_of(db, *turn)
                ));
            }
        }
    }
    kinds.push(crossed);

    // The brink and war.
    let mut brink = Vec::new();
    for (turn, entries) in logs {
        let choices: Vec<String> = entries
            .iter()
            .filter_map(|e| match e {
                LogEntry::CrisisChoice { side, choice } => Some(format!(
                    "{} {}",
                    side.with_article(),
                    match choice {
                        CrisisChoice::StandFirm => "stood firm",
                        CrisisChoice::BackDown => "backed down",
                    }
                )),
                _ => None,
            })
            .collect();
        let list = join_and(&choices.iter().map(|x| x.as_str()).collect::<Vec<_>>());
        if entries.iter().any(|e| matches!(e, LogEntry::War)) {
            brink.insert(
                0,
                format!(
                    "War broke out on turn {turn} ({}){}. What was the last turn at which it could still have been stopped, and what would stopping it have cost the side that did?",
                    s.date_of(db, *turn),
                    if choices.is_empty() {
                        String::new()
                    } else {
                        format!(" after {list}")
                    }
                ),
            );
        } else if !choices.is_empty() {
            brink.push(format!(
                "At the brink on turn {turn}, {list}. What did each side gain or lose at home by its choice, and would you have chosen the same?"
            ));
        }
    }
    kinds.push(brink);

    // The biggest turning point.
    let mut swing = Vec::new();
    if let Some(tp) = r
        .turning_points
        .iter()
        .max_by(|a, b| a.delta.abs().total_cmp(&b.delta.abs()))
        && let Some(top) = tp.causes.first()
    {
        swing.push(format!(
            "Turn {} ({}) saw the largest swing in tension, {:+.0} ({} to {}), led by {} ({:+.0}). Was that move worth what it cost, and did its side expect the reaction it got?",
            tp.turn, tp.date, tp.delta, tp.rung_from, tp.rung_to, top.cause, top.delta
        ));
    }
    kinds.push(swing);

    // Offers refused.
    let mut refused = Vec::new();
    for t in &r.timeline {
        for a in &t.happened {
            if let Some(side) = &a.side
                && let Some(rest) = a.text.strip_prefix("rejects ")
            {
                refused.push(format!(
                    "On turn {}, {} turned down {rest}. What would have had to change in the package — or in the trust between them — for it to be accepted?",
                    t.turn,
                    the_label(side)
                ));
            }
        }
    }
    kinds.push(refused);

    // Agreements judged against the goals.
    let mut gaps = Vec::new();
    for a in &r.agreements {
        let missed: Vec<&str> = a
            .us_allied_goals
            .iter()
            .filter(|x| !x.served && x.id != "G7")
            .map(|x| x.goal.as_str())
            .collect();
        if !missed.is_empty() {
            gaps.push(format!(
                "Agreement {} left these US and allied goals unmet: {}. Was it still worth signing as a first step, or did it give away leverage the next round needed?",
                a.n,
                missed.join("; ")
            ));
        }
    }
    if r.agreements.is_empty() {
        gaps.push(format!(
            "No agreement was signed in {} turns. Which offer came closest, and what should the US and its allies have been willing to give for a verified freeze?",
            s.turn
        ));
    }
    kinds.push(gaps);

    // Alliance strain.
    let mut alliance = Vec::new();
    for (x, capital) in [(SideId::Japan, "Tokyo"), (SideId::Rok, "Seoul")] {
        if s.seated(x) && s.seated(SideId::Us) {
            let v0 = snaps[0].trust(x, SideId::Us);
            let v1 = s.trust(x, SideId::Us);
            if v1 < v0 - 8.0 {
                alliance.push(format!(
                    "{}'s trust in the US fell from {v0:.0} to {v1:.0}. Which US moves cost it, and were they coordinated with {capital}?",
                    cap(&x.with_article())
                ));
            }
        }
    }
    kinds.push(alliance);

    // The trust the seed article is about.
    let mut trust = Vec::new();
    if s.seated(SideId::Us) && s.seated(SideId::Dprk) {
        let mut per: BTreeMap<u16, f32> = BTreeMap::new();
        for e in g
            .journal
            .ledger
            .iter()
            .filter(|e| e.meter == MeterRef::Trust(SideId::Us, SideId::Dprk))
        {
            *per.entry(e.turn).or_default() += e.delta;
        }
        let worst = per
            .iter()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .map(|(t, d)| (*t, *d));
        let v0 = snaps[0].trust(SideId::Us, SideId::Dprk);
        let v1 = s.trust(SideId::Us, SideId::Dprk);
        trust.push(match worst {
            Some((t, d)) if d <= -3.0 => format!(
                "US trust in the DPRK went from {v0:.0} to {v1:.0}, falling most on turn {t} ({d:+.0}). Once trust is lost that way, what rebuilds it — and how long does that take?"
            ),
            _ => format!(
                "US trust in the DPRK went from {v0:.0} to {v1:.0}. Did either side try to build it, and what stood in the way?"
            ),
        });
    }
    kinds.push(trust);

    // The arsenal.
    let mut arsenal = Vec::new();
    let w0 = snaps[0].prog(ProgrammeField::Warheads);
    let w1 = s.prog(ProgrammeField::Warheads);
    if w1 > w0 {
        arsenal.push(format!(
            "The DPRK's arsenal grew from {w0:.0} to {w1:.0} warheads over the game. Was a freeze on fissile production ever within reach, and what would it have taken?"
        ));
    }
    kinds.push(arsenal);

    // The side that did worst.
    let mut weakest = Vec::new();
    if let Some(low) = r
        .sides
        .iter()
        .filter(|x| !x.objectives.is_empty())
        .min_by(|a, b| a.score.total_cmp(&b.score))
    {
        let missed: Vec<&str> = low
            .objectives
            .iter()
            .filter(|o| !o.met)
            .map(|o| o.name.as_str())
            .collect();
        if !missed.is_empty() {
            weakest.push(format!(
                "{} scored lowest ({:.0}% of its objectives' weight), missing: {}. Which of its own moves worked against those goals?",
                cap(&the_label(&low.name)),
                low.score * 100.0,
                missed.join("; ")
            ));
        }
    }
    kinds.push(weakest);

    // History.
    kinds.push(vec![format!(
        "The game ended {} with tension at {:.0} ({}). How does that compare with what actually happened after {}, and what explains the difference?",
        match r.game.outcome.as_deref() {
            // The tension follows in the sentence; what it does not say is the talks.
            Some("collapse") if text::talks_broken_off(db, &g.state) => {
                "in collapse (US-DPRK talks broken off)".to_string()
            }
            Some("collapse") => "in collapse".to_string(),
            o => outcome_phrase(o).to_string(),
        },
        db.tension_shown(s.tension()),
        db.rung_name(s.tension()),
        r.scenario.start
    )]);

    // One of each kind in turn, until there are enough.
    let mut q: Vec<String> = Vec::new();
    let mut round = 0;
    while q.len() < QUESTIONS && kinds.iter().any(|k| k.len() > round) {
        for k in &kinds {
            if let Some(x) = k.get(round)
                && q.len() < QUESTIONS
                && !q.contains(x)
            {
                q.push(x.clone());
            }
        }
        round += 1;
    }
    q
}
