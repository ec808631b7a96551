//! The report as one self-contained HTML page: inline CSS, the charts inline as SVG, no scripts,
//! no fonts, no external resources — it opens offline and prints cleanly.

use std::fmt::Write;

use super::{Report, charts};

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

const CSS: &str = r#"
:root { --ink:#1d232b; --muted:#5d6875; --line:#d9dee4; --bg:#fbfbfc; --card:#ffffff;
        --ok:#1e6e3f; --bad:#a8261e; --accent:#0b5a99; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin:0; background:var(--bg); color:var(--ink); overflow-wrap: break-word;
       font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 24px 16px 64px; }
header h1 { font-size: 1.7rem; line-height: 1.25; margin: 0 0 .25rem; }
.meta { color: var(--muted); font-size: .9rem; margin: 0 0 1rem; overflow-wrap: anywhere; }
.brief { border-left: 4px solid var(--accent); margin: 1rem 0; padding: .25rem 1rem; color:#333; background:#f3f6fa; }
nav { background: var(--card); border:1px solid var(--line); border-radius:8px; padding:.5rem .75rem; margin:1rem 0 2rem;
      display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
nav a { color: var(--accent); text-decoration: none; white-space: nowrap; }
h2 { font-size: 1.35rem; margin: 2.25rem 0 .75rem; padding-bottom:.25rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.1rem; margin: 1.25rem 0 .5rem; }
h2, h3, h4, summary { break-after: avoid; page-break-after: avoid; }
.scroll { overflow-x: auto; max-width: 100%; margin: .5rem 0 1rem; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; background: var(--card); font-size: .92rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f2f5; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.data td { white-space: nowrap; }
table.data th { white-space: normal; min-width: 3.5em; }
.ok { color: var(--ok); font-weight: 600; }
.bad { color: var(--bad); font-weight: 600; }
figure { margin: 1rem 0 1.25rem; background: var(--card); border:1px solid var(--line); border-radius: 8px; padding: .5rem; }
figure svg { width: 100%; height: auto; display: block; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); gap: 0 1rem; }
.charts figure { margin: .5rem 0; }
figcaption { color: var(--muted); font-size: .9rem; padding: .25rem .5rem; }
figcaption strong { color: var(--ink); }
.marks { font-size: .9rem; color: #333; margin: .25rem 0 0 .5rem; padding-left: 1.2rem; }
.card { background: var(--card); border:1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; margin: 1rem 0; }
.turn h3 { margin-top: 0; }
.turn ul { margin: .25rem 0; padding-left: 1.25rem; }
.rationale { color: #44505c; font-style: italic; }
.side { font-weight: 600; }
.changes { font-size: .9rem; color: #333; }
details { margin-top: .5rem; font-size: .86rem; }
details summary { cursor: pointer; color: var(--accent); }
details.appendix { font-size: 1rem; margin-top: 2.25rem; }
details.appendix > summary { list-style: none; }
details.appendix > summary h2 { display: inline; border: 0; }
details.appendix > summary::before { content: "▸ "; color: var(--accent); font-size: 1.35rem; }
details.appendix[open] > summary::before { content: "▾ "; }
.verdict { background:#f3f6fa; border-radius:6px; padding:.5rem .75rem; }
ol.questions li { margin: .5rem 0; }
.warn { color: var(--bad); }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; }
@media (max-width: 600px) {
  main { padding: 16px 10px 48px; }
  header h1 { font-size: 1.4rem; }
  .card { padding: .5rem .6rem; }
  th, td { padding: .25rem .35rem; }
}
@page { size: A4; margin: 14mm 13mm; }
@media print {
  nav, .noprint { display:none; }
  body { background:#fff; font-size: 10pt; line-height: 1.35; }
  main { max-width: none; padding: 0; }
  h2 { font-size: 14pt; margin: 1.1rem 0 .4rem; }
  h3 { font-size: 11.5pt; margin: .8rem 0 .3rem; }
  table { font-size: 8.5pt; }
  th, td { padding: .12rem .3rem; }
  .scroll { overflow: visible; }
  figure { break-inside: avoid; margin: .4rem 0 .6rem; padding: .2rem; }
  .charts { display: block; }
  figure svg { max-height: 80mm; }
  tr, li, .verdict { break-inside: avoid; }
  .card { border: 0; border-top: 1px solid var(--line); border-radius: 0; padding: .3rem 0; margin: .5rem 0; }
  .brief { font-size: 9.5pt; }
  details.appendix { break-before: page; }
  details.appendix > summary::before, details.appendix[open] > summary::before { content: ""; }
}
"#;

fn mark(b: bool) -> &'static str {
    if b {
        "<span class=\"ok\">✔ met</span>"
    } else {
        "<span class=\"bad\">✘ missed</span>"
    }
}

fn served(b: bool) -> &'static str {
    if b {
        "<span class=\"ok\">✔</span>"
    } else {
        "<span class=\"bad\">✘</span>"
    }
}

pub fn render(r: &Report) -> String {
    let mut o = String::new();
    let _ = write_all(&mut o, r);
    o
}

fn write_all(o: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(o, "<!DOCTYPE html>")?;
    writeln!(o, "<html lang=\"en\">")?;
    writeln!(o, "<head>")?;
    writeln!(o, "<meta charset=\"utf-8\">")?;
    writeln!(
        o,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(
        o,
        "<meta name=\"generator\" content=\"Brink {}\">",
        esc(&r.game.brink_version)
    )?;
    writeln!(o, "<title>{}</title>", esc(&r.title))?;
    writeln!(o, "<style>{CSS}</style>")?;
    writeln!(o, "</head>")?;
    writeln!(o, "<body>")?;
    writeln!(o, "<main>")?;

    writeln!(o, "<header>")?;
    writeln!(o, "<h1>{}</h1>", esc(&r.title))?;
    writeln!(
        o,
        "<p class=\"meta\">Scenario <code>{}</code> · seed {} · {} inputs · Brink {} · content {}{}</p>",
        esc(&r.scenario.id),
        r.game.seed,
        r.game.inputs,
        esc(&r.game.brink_version),
        esc(&r.game.content_hash),
        if r.game.label.is_empty() {
            String::new()
        } else {
            format!(" · {}", esc(&r.game.label))
        }
    )?;
    writeln!(o, "<p class=\"brief\">{}</p>", esc(r.scenario.brief.trim()))?;
    writeln!(o, "</header>")?;

    writeln!(o, "<nav>")?;
    for (id, name) in [
        ("summary", "Summary"),
        ("charts", "Charts"),
        ("objectives", "Objectives"),
        ("turning-points", "Turning points"),
        ("agreements", "Agreements"),
        ("questions", "Questions"),
        ("timeline", "Timeline (appendix)"),
    ] {
        writeln!(o, "<a href=\"#{id}\">{name}</a>")?;
    }
    writeln!(o, "</nav>")?;

    // Summary.
    writeln!(o, "<section id=\"summary\">")?;
    writeln!(o, "<h2>Summary</h2>")?;
    writeln!(o, "<p>{}</p>", esc(&r.game.summary))?;
    writeln!(o, "<div class=\"scroll\"><table>")?;
    writeln!(
        o,
        "<thead><tr><th>Side</th><th>Controlled by</th><th class=\"num\">Score</th><th class=\"num\">Objectives met</th></tr></thead>"
    )?;
    writeln!(o, "<tbody>")?;
    for s in &r.sides {
        writeln!(
            o,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{:.0}%</td><td class=\"num\">{} of {}</td></tr>",
            esc(&s.name),
            esc(&s.controller),
            s.score * 100.0,
            s.objectives.iter().filter(|x| x.met).count(),
            s.objectives.len()
        )?;
    }
    writeln!(o, "</tbody>")?;
    writeln!(o, "</table></div>")?;
    let f = &r.final_state;
    writeln!(o, "<div class=\"scroll\"><table>")?;
    writeln!(
        o,
        "<thead><tr><th>At the end</th><th class=\"num\">Value</th><th>At the end</th><th class=\"num\">Value</th></tr></thead>"
    )?;
    writeln!(o, "<tbody>")?;
    let rows: [(&str, String); 12] = [
        ("Tension", format!("{:.0} ({})", f.tension, esc(&f.rung))),
        ("Sanctions pressure", format!("{:.0}", f.sanctions)),
        ("Enforcement", format!("{:.0}", f.enforcement)),
        ("Verification", format!("{:.0}", f.verification)),
        ("DPRK economy", format!("{:.0}", f.economy)),
        ("US–ROK readiness", format!("{:.0}", f.readiness)),
        ("Alliance cohesion", format!("{:.0}", f.alliance_cohesion)),
        ("Warheads", format!("{:.0}", f.warheads)),
        ("Fissile stock (kg)", format!("{:.0}", f.fissile_kg)),
        ("Production (kg/turn)", format!("{:.1}", f.production_kg)),
        ("ICBM readiness", format!("{:.0}", f.icbm_readiness)),
        (
            "Nuclear / ICBM tests",
            format!("{:.0} / {:.0}", f.nuclear_tests, f.icbm_tests),
        ),
    ];
    for pair in rows.chunks(2) {
        writeln!(
            o,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            pair[0].0, pair[0].1, pair[1].0, pair[1].1
        )?;
    }
    writeln!(o, "</tbody>")?;
    writeln!(o, "</table></div>")?;
    facilities_table(o, r)?;
    writeln!(o, "</section>")?;

    // Charts.
    writeln!(o, "<section id=\"charts\">")?;
    writeln!(o, "<h2>Charts</h2>")?;
    writeln!(o, "<div class=\"charts\">")?;
    for c in charts::all(r) {
        writeln!(o, "<figure id=\"chart-{}\">", c.id)?;
        writeln!(o, "{}", c.svg.trim())?;
        writeln!(
            o,
            "<figcaption><strong>{}.</strong> {}</figcaption>",
            esc(&c.title),
            esc(&c.desc)
        )?;
        writeln!(o, "</figure>")?;
    }
    writeln!(o, "</div>")?;
    if !r.marks.is_empty() {
        writeln!(o, "<p>Numbered lines on the charts mark these turns:</p>")?;
        writeln!(o, "<ol class=\"marks\">")?;
        for m in &r.marks {
            writeln!(
                o,
                "<li value=\"{}\"><a href=\"#turn-{}\">Turn {}</a> ({}): {}</li>",
                m.n,
                m.turn,
                m.turn,
                esc(&m.date),
                esc(&m.items.join("; "))
            )?;
        }
        writeln!(o, "</ol>")?;
    }
    data_table(o, r)?;
    writeln!(o, "</section>")?;

    // Objectives.
    writeln!(o, "<section id=\"objectives\">")?;
    writeln!(o, "<h2>Objectives</h2>")?;
    for s in &r.sides {
        writeln!(
            o,
            "<h3>{} — {:.0}% <small class=\"meta\">({})</small></h3>",
            esc(&s.name),
            s.score * 100.0,
            esc(&s.controller)
        )?;
        writeln!(o, "<div class=\"scroll\"><table>")?;
        writeln!(
            o,
            "<thead><tr><th>Objective</th><th class=\"num\">Weight</th><th>Result</th><th>Decided</th></tr></thead>"
        )?;
        writeln!(o, "<tbody>")?;
        for ob in &s.objectives {
            writeln!(
                o,
                "<tr><td>{}</td><td class=\"num\">{:.0}</td><td>{}</td><td>{}</td></tr>",
                esc(&ob.name),
                ob.weight,
                mark(ob.met),
                esc(&ob.decided)
            )?;
        }
        writeln!(o, "</tbody>")?;
        writeln!(o, "</table></div>")?;
    }
    writeln!(o, "</section>")?;

    // Turning points.
    writeln!(o, "<section id=\"turning-points\">")?;
    writeln!(o, "<h2>Turning points</h2>")?;
    if r.turning_points.is_empty() {
        writeln!(
            o,
            "<p>Tension never moved by 3 points or more in a single turn.</p>"
        )?;
    }
    for tp in &r.turning_points {
        writeln!(o, "<div class=\"card\">")?;
        writeln!(
            o,
            "<h3><a href=\"#turn-{}\">Turn {}</a> ({}): {}</h3>",
            tp.turn,
            tp.turn,
            esc(&tp.date),
            esc(&tp.headline())
        )?;
        writeln!(o, "<ul>")?;
        for c in &tp.causes {
            writeln!(o, "<li>{} {:+.1}</li>", esc(&c.cause), c.delta)?;
        }
        for c in &tp.crossings {
            writeln!(o, "<li><strong>{}</strong></li>", esc(c))?;
        }
        writeln!(o, "</ul>")?;
        writeln!(o, "</div>")?;
    }
    writeln!(o, "</section>")?;

    // Agreements.
    writeln!(o, "<section id=\"agreements\">")?;
    writeln!(o, "<h2>Agreements</h2>")?;
    if r.agreements.is_empty() {
        writeln!(o, "<p>No agreement was signed.</p>")?;
    }
    for a in &r.agreements {
        writeln!(o, "<div class=\"card\" id=\"agreement-{}\">", a.n)?;
        writeln!(
            o,
            "<h3>Agreement {}{} — signed <a href=\"#turn-{}\">turn {}</a> ({}){}</h3>",
            a.n,
            a.kind_note(),
            a.signed_turn,
            a.signed_turn,
            esc(&a.signed_date),
            a.offered_by
                .as_ref()
                .map(|x| format!(", offered by {}", esc(x)))
                .unwrap_or_default()
        )?;
        writeln!(
            o,
            "<p>Parties: {}. Status: {}.</p>",
            esc(&a.parties.join(", ")),
            esc(&a.status)
        )?;
        if !a.in_principle.is_empty() {
            writeln!(
                o,
                "<p>Agreed in principle, not signed: {}. A limit is signed only after the rounds of talks it needs; until then the statement binds nothing, and a freeze in it holds only as a pledge while the talks go on.</p>",
                esc(&a.in_principle.join("; "))
            )?;
            if let Some(when) = &a.pledge_lapsed {
                writeln!(
                    o,
                    "<p>The freeze pledged here lapsed on {}, when a party to it broke a signed freeze of the same plants.</p>",
                    esc(when)
                )?;
            }
        }
        // A statement agreed in principle holds no provision: no table.
        if !a.provisions.is_empty() {
            writeln!(o, "<div class=\"scroll\"><table>")?;
            writeln!(
                o,
                "<thead><tr><th>Provision</th><th>Obliges</th><th class=\"num\">US</th><th class=\"num\">Allies</th><th class=\"num\">DPRK</th><th>Verification needed</th><th>Serves</th></tr></thead>"
            )?;
            writeln!(o, "<tbody>")?;
            for p in &a.provisions {
                let ver = p.verification_text(a.signed_turn);
                writeln!(
                    o,
                    "<tr><td>{}</td><td>{}</td><td class=\"num\">{:+.0}</td><td class=\"num\">{:+.1}</td><td class=\"num\">{:+.0}</td><td>{}</td><td>{}</td></tr>",
                    esc(&p.name),
                    esc(&p.obligations.join(", ")),
                    p.value_us,
                    p.value_allies,
                    p.value_dprk,
                    if p.verification_needed > 0.0 && p.verified_turn.is_none() {
                        format!("<span class=\"bad\">{}</span>", esc(&ver))
                    } else {
                        esc(&ver)
                    },
                    esc(&p.goals_text())
                )?;
            }
            writeln!(o, "</tbody>")?;
            writeln!(o, "</table></div>")?;
        }
        if !a.steps.is_empty() {
            if !a.first.is_empty() {
                writeln!(o, "<p>First: {}.</p>", esc(&a.first.join("; ")))?;
            }
            writeln!(o, "<p>What waited:</p><ul>")?;
            for st in &a.steps {
                let fate = st.fate();
                let fate = if st.verified_turn.is_none() {
                    format!("<span class=\"bad\">{}</span>", esc(&fate))
                } else {
                    esc(&fate)
                };
                writeln!(
                    o,
                    "<li>{} — {}: {fate}.</li>",
                    esc(&st.provision),
                    esc(&st.plan)
                )?;
            }
            writeln!(o, "</ul>")?;
        }
        if !a.cheating.is_empty() {
            writeln!(o, "<ul>")?;
            for c in &a.cheating {
                writeln!(o, "<li class=\"warn\">{}</li>", esc(c))?;
            }
            writeln!(o, "</ul>")?;
        }
        for (title, goals) in [
            ("Against the US and allied goals", &a.us_allied_goals),
            ("Against the DPRK's goals", &a.dprk_goals),
        ] {
            // A statement limits nothing: its table holds the goals it served, and the rest
            // are named in one line, so a game of many statements still prints short.
            let (shown, unserved) = a.goal_lines(goals);
            if !shown.is_empty() {
                writeln!(o, "<div class=\"scroll\"><table>")?;
                writeln!(
                    o,
                    "<thead><tr><th colspan=\"2\">{title}</th><th>Served</th><th>How</th></tr></thead>"
                )?;
                writeln!(o, "<tbody>")?;
                for g in shown {
                    writeln!(
                        o,
                        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        esc(&g.id),
                        esc(&g.goal),
                        served(g.served),
                        esc(&g.how)
                    )?;
                }
                writeln!(o, "</tbody>")?;
                writeln!(o, "</table></div>")?;
            }
            if !unserved.is_empty() {
                writeln!(
                    o,
                    "<p>{title}, not served: {}.</p>",
                    esc(&unserved.join(", "))
                )?;
            }
        }
        writeln!(
            o,
            "<p class=\"verdict\"><strong>Verdict.</strong> {}</p>",
            esc(&a.verdict)
        )?;
        writeln!(o, "</div>")?;
    }
    writeln!(o, "</section>")?;

    // Questions.
    writeln!(o, "<section id=\"questions\">")?;
    writeln!(o, "<h2>Questions for the debrief</h2>")?;
    writeln!(o, "<ol class=\"questions\">")?;
    for q in &r.questions {
        writeln!(o, "<li>{}</li>", esc(&q.text))?;
    }
    writeln!(o, "</ol>")?;
    if !r.scenario.history.trim().is_empty() {
        writeln!(o, "<h3>What happened historically</h3>")?;
        writeln!(o, "<p>{}</p>", esc(r.scenario.history.trim()))?;
    }
    writeln!(o, "</section>")?;

    // Timeline.
    // The long part, folded: open it to read or print it.
    writeln!(o, "<section id=\"timeline\">")?;
    writeln!(o, "<details class=\"appendix\" id=\"appendix\">")?;
    writeln!(
        o,
        "<summary><h2>Appendix: the timeline, turn by turn</h2> <span class=\"meta\">(every move with its reason, each event, answer and change; open to read or print)</span></summary>"
    )?;
    for t in &r.timeline {
        writeln!(o, "<article class=\"card turn\" id=\"turn-{}\">", t.turn)?;
        writeln!(
            o,
            "<h3>Turn {} · {} — tension {:.0} → {:.0} ({})</h3>",
            t.turn,
            esc(&t.date),
            t.tension_before,
            t.tension_after,
            if t.rung_before == t.rung_after {
                esc(&t.rung_after)
            } else {
                format!("{} → {}", esc(&t.rung_before), esc(&t.rung_after))
            }
        )?;
        writeln!(o, "<ul>")?;
        for e in t.events.iter().chain(&t.facilitator) {
            writeln!(o, "<li>{}</li>", esc(e))?;
        }
        for m in &t.moves {
            let moves = if m.moves.is_empty() {
                "no move".to_string()
            } else {
                m.moves.join("; ")
            };
            write!(
                o,
                "<li><span class=\"side\">{}:</span> {}",
                esc(&m.side_name),
                esc(&moves)
            )?;
            if let Some(why) = &m.rationale {
                write!(
                    o,
                    " — <span class=\"rationale\">“{}”</span>",
                    esc(why.trim())
                )?;
            }
            writeln!(o, "</li>")?;
        }
        for h in &t.happened {
            write!(o, "<li>")?;
            if let Some(side) = &h.side {
                write!(o, "<span class=\"side\">{}</span> ", esc(side))?;
            }
            write!(o, "{}", esc(&h.text))?;
            if let Some(why) = &h.rationale {
                write!(
                    o,
                    " — <span class=\"rationale\">“{}”</span>",
                    esc(why.trim())
                )?;
            }
            writeln!(o, "</li>")?;
        }
        writeln!(o, "</ul>")?;
        if !t.changes.is_empty() {
            writeln!(o, "<ul class=\"changes\">")?;
            for c in &t.changes {
                writeln!(o, "<li>{}</li>", esc(c))?;
            }
            writeln!(o, "</ul>")?;
        }
        if !t.ledger.is_empty() {
            writeln!(o, "<details>")?;
            writeln!(
                o,
                "<summary>The full ledger ({} changes)</summary>",
                t.ledger.len()
            )?;
            writeln!(o, "<ul>")?;
            for l in &t.ledger {
                writeln!(o, "<li>{}</li>", esc(l))?;
            }
            writeln!(o, "</ul>")?;
            writeln!(o, "</details>")?;
        }
        writeln!(o, "</article>")?;
    }
    writeln!(o, "</details>")?;
    writeln!(o, "</section>")?;

    writeln!(
        o,
        "<footer>Generated by Brink {} from the game record; the outcome is derived by replaying it.</footer>",
        esc(&r.game.brink_version)
    )?;
    writeln!(o, "</main>")?;
    writeln!(o, "</body>")?;
    writeln!(o, "</html>")?;
    Ok(())
}

/// The numbers behind the charts, turn by turn.
fn data_table(o: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(o, "<h3 id=\"data\">The numbers, turn by turn</h3>")?;
    writeln!(o, "<div class=\"scroll\"><table class=\"data\">")?;
    write!(
        o,
        "<thead><tr><th class=\"num\">Turn</th><th>Date</th><th class=\"num\">Tension</th><th class=\"num\">Range during the turn</th><th>Rung</th>"
    )?;
    for t in &r.series.trust {
        write!(o, "<th class=\"num\">{}</th>", esc(&t.label))?;
    }
    writeln!(
        o,
        "<th class=\"num\">Warheads</th><th class=\"num\">ICBM readiness</th></tr></thead>"
    )?;
    writeln!(o, "<tbody>")?;
    for i in 0..r.series.turns.len() {
        let tension = r.series.tension[i];
        let rung = r.series.rung_at(i);
        let range = r.series.range_text(i);
        write!(
            o,
            "<tr><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{:.1}</td><td class=\"num\">{range}</td><td>{}</td>",
            if i == 0 {
                "start".to_string()
            } else {
                r.series.turns[i].to_string()
            },
            esc(&r.series.dates[i]),
            tension,
            esc(rung)
        )?;
        for t in &r.series.trust {
            write!(o, "<td class=\"num\">{:.1}</td>", t.values[i])?;
        }
        writeln!(
            o,
            "<td class=\"num\">{:.0}</td><td class=\"num\">{:.1}</td></tr>",
            r.series.warheads[i], r.series.icbm_readiness[i]
        )?;
    }
    writeln!(o, "</tbody>")?;
    writeln!(o, "</table></div>")
}

/// The programme by facility: what each made, the turns it ran and was stopped, its end.
fn facilities_table(o: &mut String, r: &Report) -> std::fmt::Result {
    let f = &r.final_state;
    if f.facilities.is_empty() {
        return Ok(());
    }
    writeln!(
        o,
        "<p>Stocks at the end: {:.0} kg of separated plutonium, {:.0} kg of HEU, {:.0} kg of plutonium still in spent fuel; {:.0} long-range missiles.</p>",
        f.plutonium_kg, f.heu_kg, f.spent_fuel_kg, f.missiles
    )?;
    writeln!(o, "<div class=\"scroll\"><table>")?;
    writeln!(
        o,
        "<caption>The programme by facility (the truth, which the other sides saw only in part)</caption>"
    )?;
    writeln!(
        o,
        "<thead><tr><th>Facility</th><th>Makes</th><th class=\"num\">A turn at the start (believed / true)</th><th class=\"num\">Made</th><th class=\"num\">Turns running</th><th class=\"num\">Turns stopped by a deal</th><th class=\"num\">Months idle (outage)</th><th>At the end</th></tr></thead>"
    )?;
    writeln!(o, "<tbody>")?;
    for x in &f.facilities {
        writeln!(
            o,
            "<tr><td>{}{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:.1}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(&x.name),
            esc(&super::hidden_note(x)),
            esc(&x.makes),
            super::believed_and_true(x),
            x.made,
            x.turns_running,
            x.turns_stopped,
            x.outage_months,
            esc(&x.end_state)
        )?;
    }
    writeln!(o, "</tbody>")?;
    writeln!(o, "</table></div>")?;
    Ok(())
}
