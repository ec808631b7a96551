//! The report as Markdown: readable as plain text, renders well on GitHub and in most editors.

use std::fmt::Write;

use super::{Report, charts};

/// Escapes the characters that would break a table cell or start Markdown syntax mid-line.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn yes(b: bool) -> &'static str {
    if b { "✅" } else { "❌" }
}

pub fn render(r: &Report, chart_files: Option<&[String]>) -> String {
    let mut o = String::new();
    let _ = write_all(&mut o, r, chart_files);
    o
}

fn write_all(o: &mut String, r: &Report, chart_files: Option<&[String]>) -> std::fmt::Result {
    writeln!(o, "# {}", r.title)?;
    writeln!(o)?;
    writeln!(
        o,
        "*Scenario `{}` · seed {} · {} inputs · Brink {} · content {}{}*",
        r.scenario.id,
        r.game.seed,
        r.game.inputs,
        r.game.brink_version,
        r.game.content_hash,
        if r.game.label.is_empty() {
            String::new()
        } else {
            format!(" · {}", r.game.label)
        }
    )?;
    writeln!(o)?;
    writeln!(o, "> {}", r.scenario.brief.trim().replace('\n', "\n> "))?;
    writeln!(o)?;

    // Summary.
    writeln!(o, "## Summary")?;
    writeln!(o)?;
    writeln!(o, "{}", r.game.summary)?;
    writeln!(o)?;
    writeln!(o, "| Side | Controlled by | Score | Objectives met |")?;
    writeln!(o, "| --- | --- | ---: | ---: |")?;
    for s in &r.sides {
        writeln!(
            o,
            "| {} | {} | {:.0}% | {} of {} |",
            s.name,
            cell(&s.controller),
            s.score * 100.0,
            s.objectives.iter().filter(|x| x.met).count(),
            s.objectives.len()
        )?;
    }
    writeln!(o)?;
    let f = &r.final_state;
    writeln!(
        o,
        "At the end: tension {:.0} ({}), sanctions pressure {:.0}, enforcement {:.0}, verification {:.0}, DPRK economy {:.0}, US–ROK readiness {:.0}, alliance cohesion {:.0}; the DPRK had {}, {:.0} kg of fissile material in stock, produced {:.1} kg a turn, and its ICBM readiness stood at {:.0}.",
        f.tension,
        f.rung,
        f.sanctions,
        f.enforcement,
        f.verification,
        f.economy,
        f.readiness,
        f.alliance_cohesion,
        super::warheads(f.warheads),
        f.fissile_kg,
        f.production_kg,
        f.icbm_readiness
    )?;
    writeln!(o)?;
    if !f.facilities.is_empty() {
        writeln!(
            o,
            "Stocks at the end: {:.0} kg of separated plutonium, {:.0} kg of HEU, {:.0} kg of plutonium still in spent fuel; {:.0} long-range missiles.",
            f.plutonium_kg, f.heu_kg, f.spent_fuel_kg, f.missiles
        )?;
        writeln!(o)?;
        writeln!(
            o,
            "| Facility | Makes | A turn at the start (believed / true) | Made | Turns running | Turns stopped by a deal | Months idle (outage) | At the end |"
        )?;
        writeln!(o, "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")?;
        for x in &f.facilities {
            writeln!(
                o,
                "| {}{} | {} | {} | {:.1} | {} | {} | {} | {} |",
                x.name,
                super::hidden_note(x),
                x.makes,
                super::believed_and_true(x),
                x.made,
                x.turns_running,
                x.turns_stopped,
                x.outage_months,
                x.end_state
            )?;
        }
        writeln!(o)?;
    }

    // Charts.
    writeln!(o, "## Charts")?;
    writeln!(o)?;
    if let Some(files) = chart_files {
        for (name, c) in files.iter().zip(charts::all(r)) {
            writeln!(o, "![{}]({name})", c.title)?;
            writeln!(o)?;
        }
    }
    if !r.marks.is_empty() {
        writeln!(o, "Marked turns:")?;
        writeln!(o)?;
        for m in &r.marks {
            writeln!(
                o,
                "{}. turn {} ({}): {}",
                m.n,
                m.turn,
                m.date,
                m.items.join("; ")
            )?;
        }
        writeln!(o)?;
    }
    write!(
        o,
        "| Turn | Date | Tension | Range during the turn | Rung |"
    )?;
    for t in &r.series.trust {
        write!(o, " {} |", t.label)?;
    }
    writeln!(o, " Warheads | ICBM readiness |")?;
    write!(o, "| ---: | --- | ---: | ---: | --- |")?;
    for _ in &r.series.trust {
        write!(o, " ---: |")?;
    }
    writeln!(o, " ---: | ---: |")?;
    for i in 0..r.series.turns.len() {
        let tension = r.series.tension[i];
        let rung = r.series.rung_at(i);
        let range = r.series.range_text(i);
        write!(
            o,
            "| {} | {} | {:.1} | {range} | {} |",
            r.series.turns[i], r.series.dates[i], tension, rung
        )?;
        for t in &r.series.trust {
            write!(o, " {:.1} |", t.values[i])?;
        }
        writeln!(
            o,
            " {:.0} | {:.1} |",
            r.series.warheads[i], r.series.icbm_readiness[i]
        )?;
    }
    writeln!(o)?;

    // Objectives.
    writeln!(o, "## Objectives")?;
    writeln!(o)?;
    for s in &r.sides {
        writeln!(
            o,
            "### {} — {:.0}% ({})",
            s.name,
            s.score * 100.0,
            s.controller
        )?;
        writeln!(o)?;
        for ob in &s.objectives {
            writeln!(
                o,
                "- {} {} (weight {:.0}) — {}",
                yes(ob.met),
                ob.name,
                ob.weight,
                ob.decided
            )?;
        }
        writeln!(o)?;
    }

    // Turning points.
    writeln!(o, "## Turning points")?;
    writeln!(o)?;
    if r.turning_points.is_empty() {
        writeln!(
            o,
            "Tension never moved by 3 points or more in a single turn."
        )?;
        writeln!(o)?;
    }
    for tp in &r.turning_points {
        writeln!(o, "### Turn {} ({}): {}", tp.turn, tp.date, tp.headline())?;
        writeln!(o)?;
        for c in &tp.causes {
            writeln!(o, "- {} {:+.1}", c.cause, c.delta)?;
        }
        for c in &tp.crossings {
            writeln!(o, "- **{c}**")?;
        }
        writeln!(o)?;
    }

    // Agreements.
    writeln!(o, "## Agreements")?;
    writeln!(o)?;
    if r.agreements.is_empty() {
        writeln!(o, "No agreement was signed.")?;
        writeln!(o)?;
    }
    for a in &r.agreements {
        writeln!(
            o,
            "### Agreement {}{} — signed turn {} ({}){}",
            a.n,
            a.kind_note(),
            a.signed_turn,
            a.signed_date,
            a.offered_by
                .as_ref()
                .map(|x| format!(", offered by {x}"))
                .unwrap_or_default()
        )?;
        writeln!(o)?;
        writeln!(
            o,
            "Parties: {}. Status: {}.",
            a.parties.join(", "),
            a.status
        )?;
        writeln!(o)?;
        if !a.in_principle.is_empty() {
            writeln!(
                o,
                "Agreed in principle, not signed: {}. A limit is signed only after the rounds of talks it needs; until then the statement binds nothing, and a freeze in it holds only as a pledge while the talks go on.",
                a.in_principle.join("; ")
            )?;
            writeln!(o)?;
            if let Some(when) = &a.pledge_lapsed {
                writeln!(
                    o,
                    "The freeze pledged here lapsed on {when}, when a party to it broke a signed freeze of the same plants."
                )?;
                writeln!(o)?;
            }
        }
        // A statement agreed in principle holds no provision: no table.
        if !a.provisions.is_empty() {
            writeln!(
                o,
                "| Provision | Obliges | US | Allies | DPRK | Verification needed | Serves |"
            )?;
            writeln!(o, "| --- | --- | ---: | ---: | ---: | --- | --- |")?;
        }
        for p in &a.provisions {
            writeln!(
                o,
                "| {} | {} | {:+.0} | {:+.1} | {:+.0} | {} | {} |",
                cell(&p.name),
                p.obligations.join(", "),
                p.value_us,
                p.value_allies,
                p.value_dprk,
                p.verification_text(a.signed_turn),
                p.goals_text()
            )?;
        }
        if !a.provisions.is_empty() {
            writeln!(o)?;
        }
        if !a.steps.is_empty() {
            if !a.first.is_empty() {
                writeln!(o, "First: {}.", a.first.join("; "))?;
                writeln!(o)?;
            }
            writeln!(o, "What waited:")?;
            writeln!(o)?;
            for st in &a.steps {
                writeln!(o, "- {} — {}: {}.", st.provision, st.plan, st.fate())?;
            }
            writeln!(o)?;
        }
        if !a.cheating.is_empty() {
            for c in &a.cheating {
                writeln!(o, "- ⚠ {c}")?;
            }
            writeln!(o)?;
        }
        for (title, goals) in [
            ("Against the US and allied goals", &a.us_allied_goals),
            ("Against the DPRK's goals", &a.dprk_goals),
        ] {
            writeln!(o, "{title}:")?;
            writeln!(o)?;
            // A statement limits nothing: it lists the goals it served, and names the rest in
            // one line, so a game of many statements still reads (and prints) short.
            let (shown, unserved) = a.goal_lines(goals);
            for gc in shown {
                writeln!(o, "- {} {} {}: {}", yes(gc.served), gc.id, gc.goal, gc.how)?;
            }
            if !unserved.is_empty() {
                writeln!(o, "- ❌ not served: {}", unserved.join(", "))?;
            }
            writeln!(o)?;
        }
        writeln!(o, "**Verdict.** {}", a.verdict)?;
        writeln!(o)?;
    }

    // Timeline.
    writeln!(o, "## Timeline")?;
    writeln!(o)?;
    for t in &r.timeline {
        writeln!(
            o,
            "### Turn {} · {} — tension {:.0} → {:.0}{}",
            t.turn,
            t.date,
            t.tension_before,
            t.tension_after,
            if t.rung_before == t.rung_after {
                format!(" ({})", t.rung_after)
            } else {
                format!(" ({} → {})", t.rung_before, t.rung_after)
            }
        )?;
        writeln!(o)?;
        for e in &t.events {
            writeln!(o, "- {e}")?;
        }
        for f in &t.facilitator {
            writeln!(o, "- {f}")?;
        }
        for m in &t.moves {
            let moves = if m.moves.is_empty() {
                "no move".to_string()
            } else {
                m.moves.join("; ")
            };
            match &m.rationale {
                Some(why) => writeln!(o, "- **{}:** {moves} — *“{}”*", m.side_name, why.trim())?,
                None => writeln!(o, "- **{}:** {moves}", m.side_name)?,
            }
        }
        for h in &t.happened {
            match (&h.side, &h.rationale) {
                (Some(side), Some(why)) => {
                    writeln!(o, "- **{side}** {} — *“{}”*", h.text, why.trim())?
                }
                (Some(side), None) => writeln!(o, "- **{side}** {}", h.text)?,
                _ => writeln!(o, "- {}", h.text)?,
            }
        }
        if !t.changes.is_empty() {
            writeln!(o)?;
            writeln!(o, "Why the numbers moved:")?;
            writeln!(o)?;
            for c in &t.changes {
                writeln!(o, "- {c}")?;
            }
        }
        writeln!(o)?;
    }

    // Questions.
    writeln!(o, "## Questions for the debrief")?;
    writeln!(o)?;
    for (i, q) in r.questions.iter().enumerate() {
        writeln!(o, "{}. {}", i + 1, q.text)?;
    }
    writeln!(o)?;

    // What happened historically.
    if !r.scenario.history.trim().is_empty() {
        writeln!(o, "## What happened historically")?;
        writeln!(o)?;
        writeln!(o, "{}", r.scenario.history.trim())?;
        writeln!(o)?;
    }

    // Appendix: the ledger.
    writeln!(o, "## Appendix: the full ledger")?;
    writeln!(o)?;
    writeln!(
        o,
        "Every change of every number, turn by turn, with its cause and the value after it."
    )?;
    writeln!(o)?;
    for t in &r.timeline {
        if t.ledger.is_empty() {
            continue;
        }
        writeln!(o, "### Turn {} · {}", t.turn, t.date)?;
        writeln!(o)?;
        for l in &t.ledger {
            writeln!(o, "- {l}")?;
        }
        writeln!(o)?;
    }
    Ok(())
}
