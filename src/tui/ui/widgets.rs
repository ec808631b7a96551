//! Pieces several screens share: bars and the tension gauge, the meters panel with the trust
//! heat table, the history sparklines and chart, the log, and the card details.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Paragraph, Sparkline};

use crate::content::schema::Precedent;
use crate::content::{CardIx, ContentDb, Meter, MoveKind, ProgrammeField, SideId};
use crate::engine::effects::cond_holds;
use crate::engine::text::{condition_text, meter_name, rung_label};
use crate::engine::{GameState, MeterRef, Move, Phase};

use super::super::app::App;
use super::super::describe::{self, clip};
use super::super::keys::Action;
use super::super::theme::Theme;
use super::super::view::{self, Viewer};
use super::{fmt_range, hit, wrap};

/// A bar of `width` cells for 0–100, the filled part styled per ladder rung when `rungs`.
pub fn bar<'a>(
    db: &ContentDb,
    theme: &Theme,
    v: f32,
    width: usize,
    rungs: bool,
    style: Style,
) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    let filled = ((v.clamp(0.0, 100.0) / 100.0) * width as f32).round() as usize;
    let mut cur: Option<(Style, String)> = None;
    for i in 0..width {
        let pos = (i as f32 + 0.5) / width as f32 * 100.0;
        let (st, ch) = if i < filled {
            let st = if rungs {
                theme.rung(db.rung_of(pos))
            } else {
                style
            };
            (st, '█')
        } else {
            (theme.dim, '░')
        };
        match &mut cur {
            Some((s, text)) if *s == st => text.push(ch),
            _ => {
                if let Some((s, text)) = cur.take() {
                    spans.push(Span::styled(text, s));
                }
                cur = Some((st, ch.to_string()));
            }
        }
    }
    if let Some((s, text)) = cur {
        spans.push(Span::styled(text, s));
    }
    spans
}

/// "Tension 34 · Engagement (20–40)" and a rung-coloured bar under it.
pub fn tension_lines<'a>(
    db: &ContentDb,
    theme: &Theme,
    t: f32,
    width: usize,
    selected: bool,
) -> Vec<Line<'a>> {
    let rung = db.rung_of(t);
    let label = format!("Tension {:.0} · {}", db.tension_shown(t), rung_label(db, t));
    let mut first = vec![Span::styled(
        clip(&label, width),
        if selected {
            theme.selected
        } else {
            theme.rung(rung).add_modifier(Modifier::BOLD)
        },
    )];
    if theme.mono && rung >= 3 {
        first.push(Span::styled(" !", theme.warn));
    }
    let mut bar_spans = vec![Span::styled("▕", theme.dim)];
    bar_spans.extend(bar(db, theme, t, width.saturating_sub(2), true, theme.base));
    bar_spans.push(Span::styled("▏", theme.dim));
    vec![Line::from(first), Line::from(bar_spans)]
}

/// A labelled meter row: "Sanctions    75 ▕█████░░▏".
fn meter_row<'a>(
    db: &ContentDb,
    theme: &Theme,
    label: &str,
    v: f32,
    width: usize,
    selected: bool,
) -> Line<'a> {
    let lw = 13.min(width);
    let bw = width.saturating_sub(lw + 4 + 2);
    let lab = format!(
        "{}{:>3} ",
        crate::tui::text::pad(label, lw),
        format!("{v:.0}")
    );
    let mut spans = vec![Span::styled(
        lab,
        if selected { theme.selected } else { theme.base },
    )];
    if bw >= 4 {
        spans.push(Span::styled("▕", theme.dim));
        spans.extend(bar(db, theme, v, bw, false, theme.accent));
        spans.push(Span::styled("▏", theme.dim));
    }
    Line::from(spans)
}

fn section<'a>(theme: &Theme, title: &str, width: usize) -> Line<'a> {
    let t = format!("─ {title} ");
    let n = width.saturating_sub(crate::tui::text::width(&t));
    Line::from(Span::styled(format!("{t}{}", "─".repeat(n)), theme.dim))
}

/// Short side labels for the trust table header.
fn short(s: SideId) -> &'static str {
    match s {
        SideId::Us => "US",
        SideId::Dprk => "DPRK",
        SideId::Rok => "ROK",
        SideId::China => "CHN",
        SideId::Japan => "JPN",
    }
}

/// The meters panel: every selectable meter (rows of `view::meter_rows`), with the selected one
/// highlighted. Scrolls to keep the selection in view. Registers a click target per row.
pub fn meters_panel(
    app: &App,
    f: &mut Frame,
    area: Rect,
    block: Block,
    s: &GameState,
    viewer: Viewer,
    sel: Option<usize>,
) {
    let inner = block.inner(area);
    f.render_widget(block, area);
    let db = &app.db;
    let t = &app.theme;
    let w = inner.width as usize;
    let rows = view::meter_rows(s, viewer);
    let selected = sel.and_then(|i| rows.get(i).copied());
    let is = |m: MeterRef| selected == Some(m);
    let row_of = |m: MeterRef| rows.iter().position(|x| *x == m);
    // Each line: its content, and the meter rows it stands for (with x ranges for cells).
    // (meter row, x offset, width) of each selectable cell on a line.
    type Cells = Vec<(usize, u16, u16)>;
    let mut lines: Vec<(Line, Cells)> = Vec::new();
    let full = |m: MeterRef| {
        row_of(m)
            .map(|r| vec![(r, 0u16, u16::MAX)])
            .unwrap_or_default()
    };

    let tm = MeterRef::Meter(Meter::Tension);
    for l in tension_lines(db, t, s.tension(), w, is(tm)) {
        lines.push((l, full(tm)));
    }
    for m in &Meter::ALL[1..] {
        let r = MeterRef::Meter(*m);
        let label = match m {
            Meter::Sanctions => "Sanctions",
            Meter::Enforcement => "Enforcement",
            Meter::Verification => "Verification",
            Meter::Economy => "DPRK economy",
            Meter::Readiness => "US-ROK ready",
            Meter::Tension => "Tension",
        };
        lines.push((meter_row(db, t, label, s.meter(*m), w, is(r)), full(r)));
    }

    // The programme: exact for the DPRK, the estimate with its band for everyone else.
    let side = viewer.side();
    let exact = viewer.sees_secrets_of(SideId::Dprk);
    // Rates are per turn, as the facilities' rows say (`view::per_turn`): the programme's
    // figures are per scenario turn, and a class's long turn spans several.
    let per = s.months_per_scenario_turn(db) as f32;
    let production_label = "production (kg/turn)";
    lines.push((
        section(
            t,
            if exact {
                "DPRK programme (exact)"
            } else {
                "DPRK programme (estimate)"
            },
            w,
        ),
        vec![],
    ));
    // A line of figures, each its own selectable cell: "tests: nuclear 6 ICBM 3 ...".
    let cells_line = |lead: &str, items: &[(String, MeterRef)]| {
        let mut spans = vec![Span::styled(lead.to_string(), t.dim)];
        let mut cells = Vec::new();
        let mut x = crate::tui::text::width(lead) as u16;
        for (txt, r) in items {
            let wdt = crate::tui::text::width(txt) as u16;
            spans.push(Span::styled(
                txt.clone(),
                if is(*r) { t.selected } else { t.base },
            ));
            spans.push(Span::raw(" "));
            if let Some(row) = row_of(*r) {
                cells.push((row, x, wdt));
            }
            x += wdt + 1;
        }
        (Line::from(spans), cells)
    };
    let tests = [
        ProgrammeField::NuclearTests,
        ProgrammeField::IcbmTests,
        ProgrammeField::IrbmTests,
        ProgrammeField::SrbmTests,
    ];
    // "nuclear" gives way to "nuc" in a narrow panel, so the four counts fit.
    let test_names = if w < 38 {
        ["nuc", "ICBM", "IRBM", "SRBM"]
    } else {
        ["nuclear", "ICBM", "IRBM", "SRBM"]
    };
    let test_cells: Vec<(String, MeterRef)> = tests
        .iter()
        .zip(test_names)
        .map(|(f_, name)| {
            (
                format!("{name} {:.0}", s.prog(*f_)),
                MeterRef::Programme(*f_),
            )
        })
        .collect();
    if exact {
        for f_ in view::PROGRAMME_SHOWN {
            if tests.contains(&f_) {
                continue;
            }
            let r = MeterRef::Programme(f_);
            let v = s.prog(f_);
            let txt = if f_ == ProgrammeField::ProductionKg {
                format!("{:<22}{:>6}", production_label, format!("{:.1}", v * per))
            } else {
                format!("{:<22}{:>6}", f_.label(), format!("{v:.0}"))
            };
            lines.push((
                Line::from(Span::styled(
                    clip(&txt, w),
                    if is(r) { t.selected } else { t.base },
                )),
                full(r),
            ));
        }
        lines.push(cells_line("tests: ", &test_cells));
    } else {
        let e = s.estimate;
        let mut est = vec![format!(
            "warheads ~{:.0} (band {:.0}–{:.0})",
            e.warheads_mid, e.warheads_low, e.warheads_high
        )];
        // The band's top, where it allows for a plant they suspect but have not placed.
        if e.unplaced >= 0.5 {
            est.push(format!("  top: ~{:.0} from a suspected site", e.unplaced));
        }
        est.extend([
            format!(
                "ICBM readiness ~{:.0} ±{:.0}",
                e.readiness_mid, e.readiness_band
            ),
            format!(
                "production ~{:.1} kg {}",
                e.production_mid * per,
                view::per_turn(s)
            ),
        ]);
        if e.spent_fuel_mid >= 0.5 {
            est.push(format!("Pu in spent fuel ~{:.0} kg", e.spent_fuel_mid));
        }
        if e.missiles_mid >= 0.5 {
            est.push(format!("long-range missiles ~{:.0}", e.missiles_mid));
        }
        for l in est {
            lines.push((Line::from(Span::styled(clip(&l, w), t.base)), vec![]));
        }
        lines.push(cells_line("tests: ", &test_cells));
    }
    // The facilities: all of them for the DPRK, the known ones for everyone else.
    let sites = if exact { s.sites } else { s.sites.public() };
    if sites.present != 0 {
        lines.push((section(t, &view::facilities_heading(s, exact), w), vec![]));
        for (i, fac) in db.facilities.iter().enumerate() {
            if sites.present >> i & 1 == 0 {
                continue;
            }
            let state = view::facility_state(db, s, &sites, i, exact);
            // "0.50/0.50 kg" and "0.15/0.15 msl" fit in 13.
            let nw = w.saturating_sub(14);
            let name = crate::tui::text::pad(&clip(&fac.short, nw), nw);
            let state = format!("{state:>13}");
            // A plant that ran but made nothing (reprocessing with no spent fuel) is dim too.
            let idle = exact && sites.running != 0 && sites.made[i] <= 0.0;
            let style = if sites.running >> i & 1 != 0 && !idle {
                t.base
            } else {
                t.dim
            };
            lines.push((
                Line::from(vec![
                    Span::styled(name, style),
                    Span::styled(format!(" {}", clip(&state, 13)), style),
                ]),
                vec![],
            ));
        }
    }

    // Sides: PC and domestic support.
    lines.push((section(t, "Sides    PC  support", w), vec![]));
    for sd in s.seated_sides() {
        let st = s.sides[sd.index()];
        let you = if side == Some(sd) { "›" } else { " " };
        let name = format!("{you}{:<7}", sd.label());
        let pc_sel = is(MeterRef::Pc(sd));
        let sup_sel = is(MeterRef::Support(sd));
        let mut spans = vec![
            Span::styled(name, if side == Some(sd) { t.accent } else { t.base }),
            Span::styled(
                format!("{:>3}", st.pc),
                if pc_sel { t.selected } else { t.base },
            ),
            Span::raw("  "),
            Span::styled(
                format!("{:>3.0}", s.support(sd)),
                if sup_sel { t.selected } else { t.base },
            ),
            Span::raw(" "),
        ];
        let bw = w.saturating_sub(18).min(16);
        if bw >= 4 {
            spans.extend(bar(db, t, s.support(sd), bw, false, t.good));
        }
        let mut cells = Vec::new();
        if let Some(r) = row_of(MeterRef::Pc(sd)) {
            cells.push((r, 8, 3));
        }
        if let Some(r) = row_of(MeterRef::Support(sd)) {
            cells.push((r, 13, u16::MAX));
        }
        lines.push((Line::from(spans), cells));
    }

    // Trust: a small heat table, row trusts column.
    let seated: Vec<SideId> = s.seated_sides().collect();
    lines.push((section(t, "Trust (row in column)", w), vec![]));
    let mut head = vec![Span::styled(format!("{:<6}", ""), t.dim)];
    for b in &seated {
        head.push(Span::styled(format!("{:>4} ", short(*b)), t.dim));
    }
    lines.push((Line::from(head), vec![]));
    for a in &seated {
        let mut spans = vec![Span::styled(format!("{:<6}", short(*a)), t.dim)];
        let mut cells = Vec::new();
        for (j, b) in seated.iter().enumerate() {
            let x = 6 + 5 * j as u16;
            if a == b {
                spans.push(Span::styled(format!("{:>4} ", "·"), t.dim));
                continue;
            }
            let m = MeterRef::Trust(*a, *b);
            let v = s.trust(*a, *b);
            let style = if is(m) { t.selected } else { t.heat(v) };
            spans.push(Span::styled(format!("{v:>4.0}"), style));
            spans.push(Span::raw(" "));
            if let Some(r) = row_of(m) {
                cells.push((r, x, 5));
            }
        }
        lines.push((Line::from(spans), cells));
    }
    let cohesion = s.alliance_cohesion();
    lines.push((
        Line::from(Span::styled(
            clip(&format!("alliance cohesion {cohesion:.0}"), w),
            t.dim,
        )),
        vec![],
    ));

    // The viewer's own covert moves still in play (nobody else's are ever drawn).
    if let Some(v) = side {
        let own: Vec<String> = s
            .covert
            .iter()
            .filter(|c| c.side == v && !c.detected)
            .map(|c| format!("{} (turn {})", db.cards[c.card as usize].name, c.turn))
            .collect();
        if !own.is_empty() {
            lines.push((section(t, "Your covert moves, undetected", w), vec![]));
            for l in wrap(&own.join("; "), w) {
                lines.push((Line::from(Span::styled(l, t.covert)), vec![]));
            }
        }
    }

    // Agreements in force, a phased provision with how far its steps have come, and
    // statements (deals that limit nothing) marked.
    // A provision two agreements hold is listed once, where its steps are kept (the first).
    let mut listed: Vec<u16> = Vec::new();
    let in_force: Vec<String> = s
        .agreements()
        .iter()
        .filter(|a| a.status == crate::engine::state::AgreementStatus::InForce)
        .flat_map(|a| {
            let statement = a.kind == crate::engine::state::AgreementKind::Statement;
            let fresh: Vec<(usize, &u16)> = a
                .provisions
                .iter()
                .enumerate()
                .filter(|(_, p)| {
                    let new = !listed.contains(p);
                    listed.push(**p);
                    new
                })
                .collect();
            fresh.into_iter().map(move |(k, p)| {
                let prov = &db.provisions[*p as usize];
                let n = prov.steps.len();
                let at = a.progress_of(k);
                let mut name = prov.name.clone();
                if n > 0 {
                    name.push_str(&format!(
                        " (step {}/{n}, {} verified)",
                        (at.taken as usize).min(n),
                        at.verified
                    ));
                }
                if statement {
                    name = format!("statement: {name}");
                }
                name
            })
        })
        .collect();
    let insp = s.inspections;
    if insp.regime != crate::content::Regime::None {
        lines.push((section(t, "Inspectors", w), vec![]));
        let text = format!(
            "{}: access {:.0}, {} turn{} without a break",
            insp.regime.label(),
            insp.access,
            insp.months,
            if insp.months == 1 { "" } else { "s" }
        );
        for l in wrap(&text, w) {
            lines.push((Line::from(Span::styled(l, t.base)), vec![]));
        }
    }
    if !in_force.is_empty() {
        lines.push((section(t, "In force", w), vec![]));
        for l in wrap(&in_force.join("; "), w) {
            lines.push((Line::from(Span::styled(l, t.good)), vec![]));
        }
    }

    // Scroll so the selected row is visible.
    let h = inner.height as usize;
    let sel_line = selected
        .and_then(row_of)
        .and_then(|r| {
            lines
                .iter()
                .position(|(_, rs)| rs.iter().any(|(x, _, _)| *x == r))
        })
        .unwrap_or(0);
    let start = if lines.len() <= h || sel_line < h.saturating_sub(2) {
        0
    } else {
        (sel_line + 3).saturating_sub(h).min(lines.len() - h)
    };
    // What does not fit says so on the last row rather than being cut off silently.
    let hidden = lines.len().saturating_sub(start + h);
    let rows = if hidden > 0 { h.saturating_sub(1) } else { h };
    if hidden > 0 && h > 0 {
        let more = hidden + 1;
        f.render_widget(
            Paragraph::new(Span::styled(
                clip(&format!("… {more} more lines"), inner.width as usize),
                t.dim,
            )),
            Rect {
                x: inner.x,
                y: inner.y + rows as u16,
                width: inner.width,
                height: 1,
            },
        );
    }
    for (i, (line, cells)) in lines.iter().skip(start).take(rows).enumerate() {
        let y = inner.y + i as u16;
        f.render_widget(
            Paragraph::new(crate::tui::text::clip_line(
                line.clone(),
                inner.width as usize,
            )),
            Rect {
                x: inner.x,
                y,
                width: inner.width,
                height: 1,
            },
        );
        for (row, x, wdt) in cells {
            let x0 = inner.x + (*x).min(inner.width);
            let wd = (*wdt).min(inner.width.saturating_sub(x0 - inner.x));
            hit(
                app,
                Rect {
                    x: x0,
                    y,
                    width: wd,
                    height: 1,
                },
                Action::PickMeter(*row),
            );
        }
    }
}

/// Tension and trust over the turns so far: sparklines, or a chart when `chart`.
pub fn history(app: &App, f: &mut Frame, area: Rect, block: Block, chart: bool) {
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(sess) = &app.session else { return };
    let mut series = view::series(&sess.game.journal.snapshots);
    // The snapshots end with the last turn's close; during a turn its events have moved the
    // meters since, so the lines end on the numbers the meters panel shows now.
    let s = &sess.game.state;
    if s.phase != Phase::Over {
        view::push_now(&mut series, s);
    }
    draw_series(app, f, inner, &series, chart, sess.game.state.turns);
}

/// Draws named series as sparklines (one per row) or as one line chart.
pub fn draw_series(
    app: &App,
    f: &mut Frame,
    inner: Rect,
    series: &[(&str, Vec<f64>)],
    chart: bool,
    turns: u16,
) {
    let t = &app.theme;
    if inner.height == 0 || inner.width < 10 {
        return;
    }
    if chart && inner.height >= 6 {
        // The key goes on a line of its own above the plot, where it hides no line (a legend
        // drawn inside the plot covers the start of whichever series begins high).
        let mono_marks = [
            (Marker::Braille, "⣿"),
            (Marker::Dot, "•"),
            (Marker::Bar, "▄"),
            (Marker::Block, "█"),
        ];
        // Entries are packed whole onto at most two lines (a name is never split).
        let mut lines: Vec<Vec<Span>> = vec![Vec::new()];
        let mut used = 0usize;
        for (i, (name, _)) in series.iter().enumerate() {
            let glyph = if t.mono {
                mono_marks[i % 4].1
            } else {
                "━━"
            };
            let mark = format!("{glyph} ");
            let w = Line::from(vec![Span::raw(mark.as_str()), Span::raw(*name)]).width();
            if used > 0 && used + 2 + w > inner.width as usize && lines.len() < 2 {
                lines.push(Vec::new());
                used = 0;
            }
            let line = lines.last_mut().expect("one line at least");
            if used > 0 {
                line.push(Span::styled("  ", t.dim));
                used += 2;
            }
            line.push(Span::styled(mark, t.series(i)));
            line.push(Span::styled(name.to_string(), t.base));
            used += w;
        }
        let key_h = lines.len() as u16;
        let [key_area, plot] =
            Layout::vertical([Constraint::Length(key_h), Constraint::Min(4)]).areas(inner);
        let key: Vec<Line> = lines.into_iter().map(Line::from).collect();
        f.render_widget(Paragraph::new(key), key_area);
        let inner = plot;
        let pts: Vec<Vec<(f64, f64)>> = series
            .iter()
            .map(|(_, v)| v.iter().enumerate().map(|(i, y)| (i as f64, *y)).collect())
            .collect();
        // Without colour, each series gets its own glyph (named in the key).
        let datasets: Vec<Dataset> = series
            .iter()
            .enumerate()
            .map(|(i, _)| {
                let (marker, _) = mono_marks[i % 4];
                Dataset::default()
                    .marker(if t.mono { marker } else { Marker::Braille })
                    .graph_type(GraphType::Line)
                    .style(t.series(i))
                    .data(&pts[i])
            })
            .collect();
        let xmax = (turns as f64).max(1.0);
        let c = Chart::new(datasets)
            .x_axis(
                Axis::default()
                    .bounds([0.0, xmax])
                    .labels(vec![Line::from("0"), Line::from(format!("turn {turns}"))])
                    .style(t.dim),
            )
            .y_axis(
                Axis::default()
                    .bounds([0.0, 100.0])
                    .labels(vec![Line::from("0"), Line::from("50"), Line::from("100")])
                    .style(t.dim),
            )
            .legend_position(None);
        f.render_widget(c, inner);
        return;
    }
    let rows = Layout::vertical(vec![
        Constraint::Length(1);
        series.len().min(inner.height as usize)
    ])
    .split(inner);
    for (i, (name, vals)) in series.iter().enumerate().take(rows.len()) {
        let r = rows[i];
        let label_w = 18u16.min(r.width / 2);
        let mut last = vals.last().copied().unwrap_or(0.0);
        if *name == "tension" {
            // As the meters print it: never a number from the next rung.
            last = app.db.tension_shown(last as f32) as f64;
        }
        let label = format!("{}{:>4.0}", crate::tui::text::pad(name, 13), last);
        f.render_widget(
            Paragraph::new(Span::styled(clip(&label, label_w as usize), t.base)),
            Rect {
                width: label_w,
                ..r
            },
        );
        let sw = r.width.saturating_sub(label_w + 1) as usize;
        let data: Vec<u64> = vals
            .iter()
            .rev()
            .take(sw)
            .rev()
            .map(|v| v.round().max(0.0) as u64)
            .collect();
        let sp = Sparkline::default().data(&data).max(100).style(t.series(i));
        f.render_widget(
            sp,
            Rect {
                x: r.x + label_w + 1,
                width: sw as u16,
                ..r
            },
        );
    }
}

/// The log as `viewer` may read it, newest at the bottom, `scroll` lines back from the end.
/// The game log as `viewer` may see it, `scroll` lines back from the end; returns how far back
/// it can go.
pub fn log_panel(
    app: &App,
    f: &mut Frame,
    area: Rect,
    block: Block,
    viewer: Viewer,
    scroll: u16,
) -> u16 {
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(sess) = &app.session else { return 0 };
    let t = &app.theme;
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let log = &sess.game.journal.log;
    for (i, e) in log.iter().enumerate() {
        let Some(text) = viewer.log_line_at(&app.db, log, i) else {
            continue;
        };
        let style = match e {
            crate::engine::LogEntry::TurnStart { .. } => t.title,
            crate::engine::LogEntry::Move { secret: true, .. } => t.covert,
            crate::engine::LogEntry::Threshold { .. }
            | crate::engine::LogEntry::CrisisBegins { .. } => t.warn,
            crate::engine::LogEntry::Roll { .. } => t.dim,
            _ => t.base,
        };
        let mut first = true;
        for l in wrap(&text, w.saturating_sub(2)) {
            let prefix = if first { "" } else { "  " };
            first = false;
            lines.push(Line::from(Span::styled(format!("{prefix}{l}"), style)));
        }
    }
    let h = inner.height as usize;
    let end = lines
        .len()
        .saturating_sub(scroll as usize)
        .max(h.min(lines.len()));
    let start = end.saturating_sub(h);
    let shown: Vec<Line> = lines[start..end].to_vec();
    f.render_widget(Paragraph::new(shown), inner);
    lines.len().saturating_sub(h).min(u16::MAX as usize) as u16
}

/// The selected card: what it is, its likely effects, requirements and precedent.
pub fn card_details<'a>(
    app: &App,
    s: &GameState,
    side: SideId,
    card: CardIx,
    width: usize,
) -> Vec<Line<'a>> {
    let db = &app.db;
    let t = &app.theme;
    let c = &db.cards[card as usize];
    let cc = &db.compiled_cards[card as usize];
    let w = width.max(10);
    let mut out: Vec<Line> = Vec::new();
    let target = cc.target.map(|x| format!(" → {x}")).unwrap_or_default();
    out.push(Line::from(vec![
        Span::styled(c.name.clone(), t.title),
        Span::styled(
            format!(
                "  [{}] {}{target} · {} PC",
                describe::kind_glyph(c.kind),
                describe::kind_label(c.kind),
                c.cost
            ),
            t.accent,
        ),
    ]));
    if let Some(why) = app.unplayable(side, card) {
        out.push(Line::from(Span::styled(
            clip(&format!("✗ Not playable now: {why}"), w),
            t.bad,
        )));
    } else if app.planned(side, card) {
        out.push(Line::from(Span::styled("✓ In your plan", t.marked)));
    }
    for l in wrap(&c.description, w) {
        out.push(Line::from(Span::styled(l, t.base)));
    }
    if let Some(p) = describe::package_text(db, c) {
        out.push(Line::from(""));
        let pkg = match (
            &cc.package,
            app.draft(side)
                .and_then(|d| d.moves.iter().find(|m| m.card == card)),
        ) {
            (crate::content::CompiledPackage::Chosen, Some(m)) if !m.package.is_empty() => m
                .package
                .iter()
                .map(|p| db.provisions[*p as usize].name.clone())
                .collect::<Vec<_>>()
                .join("; "),
            _ => p,
        };
        for l in wrap(&format!("Package: {pkg}"), w) {
            out.push(Line::from(Span::styled(l, t.base)));
        }
    }
    if c.kind == MoveKind::Offer {
        let package = app
            .draft(side)
            .and_then(|d| d.moves.iter().find(|m| m.card == card))
            .map(|m| m.package.clone())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| match &cc.package {
                crate::content::CompiledPackage::Fixed(p) => p.to_vec(),
                _ => Vec::new(),
            });
        for warning in describe::faction_warnings(
            db,
            s,
            side,
            crate::engine::ledger::FactionAct::PullsBackOffer,
            card,
            &package,
        ) {
            for l in wrap(&warning, w) {
                out.push(Line::from(Span::styled(l, t.warn)));
            }
        }
    }

    // Likely effects, by trying it.
    out.push(Line::from(""));
    let mv = app
        .draft(side)
        .and_then(|d| d.moves.iter().find(|m| m.card == card).cloned())
        .unwrap_or_else(|| Move::card(card));
    let chosen_empty =
        matches!(cc.package, crate::content::CompiledPackage::Chosen) && mv.package.is_empty();
    if chosen_empty {
        out.push(Line::from(Span::styled(
            "Likely effects: build the package (Enter) to see them.",
            t.dim,
        )));
    } else if app.unplayable(side, card).is_some() && !app.planned(side, card) {
        out.push(Line::from(Span::styled(
            "Likely effects: shown once the card can be played.",
            t.dim,
        )));
    } else if let Some(p) = app.preview(side, &mv) {
        let head = if cc.kind == MoveKind::Offer {
            format!("Likely this turn if accepted ({} trials):", p.trials)
        } else {
            format!("Likely this turn ({} trials, others passing):", p.trials)
        };
        out.push(Line::from(Span::styled(clip(&head, w), t.accent)));
        push_ranges(&mut out, t, &p.main, w);
        if let Some(rej) = &p.rejected {
            out.push(Line::from(Span::styled("if rejected:", t.accent)));
            push_ranges(&mut out, t, rej, w);
        }
    }
    let effects = describe::effects_text(db, &c.effects, side, cc.target);
    if !effects.is_empty() {
        let head = if c.kind == MoveKind::Offer {
            "On acceptance: "
        } else {
            "Effects: "
        };
        for l in wrap(&format!("{head}{}", effects.join("; ")), w) {
            out.push(Line::from(Span::styled(l, t.dim)));
        }
    }
    if !c.on_reject.is_empty() {
        let e = describe::effects_text(db, &c.on_reject, side, cc.target);
        for l in wrap(&format!("If rejected: {}", e.join("; ")), w) {
            out.push(Line::from(Span::styled(l, t.dim)));
        }
    }
    for sig in describe::signal_text(db, c) {
        for l in wrap(&format!("Signal: {sig}"), w) {
            out.push(Line::from(Span::styled(l, t.dim)));
        }
    }
    if c.kind == MoveKind::Covert {
        for l in wrap(
            &format!(
                "Covert: hidden from the others; detected with {:.0}% a turn plus verification.",
                c.detection * 100.0
            ),
            w,
        ) {
            out.push(Line::from(Span::styled(l, t.covert)));
        }
    }

    // Requirements.
    if !c.requires.is_empty() {
        out.push(Line::from(Span::styled("Requires:", t.accent)));
        for (i, r) in c.requires.iter().enumerate() {
            let ok = cc
                .requires
                .get(i)
                .is_some_and(|cr| cond_holds(db, s, cr, side, cc.target));
            let mark = if ok { "✓" } else { "✗" };
            for (k, l) in wrap(&format!("{mark} {}", condition_text(db, r)), w)
                .into_iter()
                .enumerate()
            {
                let l = if k == 0 { l } else { format!("  {l}") };
                out.push(Line::from(Span::styled(l, if ok { t.good } else { t.bad })));
            }
        }
    }
    if c.cooldown > 0 {
        out.push(Line::from(Span::styled(
            format!(
                "Cooldown: {} turn{} after playing.",
                c.cooldown,
                if c.cooldown == 1 { "" } else { "s" }
            ),
            t.dim,
        )));
    }
    out.push(Line::from(""));
    out.extend(precedent_lines(db, s, t, &c.precedent, &c.earlier, w, true));
    out
}

/// An item's precedent as the game in `s` should show it: the latest one not after the
/// current turn's month, or, when all came later, the main one said to be later (a 1994 class
/// does not take a 2018 summit for something that had happened already).
pub fn precedent_lines<'a>(
    db: &ContentDb,
    s: &GameState,
    t: &Theme,
    main: &Precedent,
    earlier: &[Precedent],
    w: usize,
    with_source: bool,
) -> Vec<Line<'a>> {
    let (p, later) = Precedent::at(main, earlier, &s.date_of(db, s.turn));
    let head = if later {
        format!("Later precedent · {}", p.date)
    } else {
        format!("Precedent · {}", p.date)
    };
    let mut out = vec![Line::from(Span::styled(head, t.accent))];
    for l in wrap(&p.text, w) {
        out.push(Line::from(Span::styled(l, t.base)));
    }
    if with_source {
        for l in wrap(&format!("Source: {}", p.source), w) {
            out.push(Line::from(Span::styled(l, t.dim)));
        }
    }
    out
}

fn push_ranges<'a>(
    out: &mut Vec<Line<'a>>,
    t: &Theme,
    ranges: &[super::super::preview::Range],
    w: usize,
) {
    if ranges.is_empty() {
        out.push(Line::from(Span::styled("  no change worth noting", t.dim)));
        return;
    }
    for r in ranges.iter().take(8) {
        let name = meter_name(r.meter);
        let txt = format!(
            "  {}{}",
            crate::tui::text::pad(&name, 22),
            fmt_range(r.lo, r.hi)
        );
        let style = if r.meter == MeterRef::Meter(Meter::Tension) {
            if r.mean > 0.5 {
                t.bad
            } else if r.mean < -0.5 {
                t.good
            } else {
                t.base
            }
        } else {
            t.base
        };
        out.push(Line::from(Span::styled(clip(&txt, w), style)));
    }
}
