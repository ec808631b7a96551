//! Resolution: what happened this turn, in order — events, moves, offers and answers, rolls,
//! and every meter change with its cause — one step at a time.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::content::Meter;

use super::super::app::{App, ResultsUi};
use super::super::keys::Action;
use super::super::map;
use super::super::text;
use super::super::view::{StepKind, Viewer};
use super::{header, hit, is_wide, panel};

pub fn render(app: &App, f: &mut Frame, area: Rect, ui: &ResultsUi) {
    let t = &app.theme;
    let db = &app.db;
    let [head, body, button] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(1),
    ])
    .areas(area);
    let who = match ui.viewer {
        Viewer::Public => "as the table sees it".to_string(),
        Viewer::Side(s) => format!("as {s} sees it"),
        Viewer::All => "everything".to_string(),
    };
    let what = if ui.crisis {
        "the turn so far"
    } else {
        "what happened"
    };
    header(
        app,
        f,
        head,
        format!(" BRINK · turn {} · {} · {what}, {who}", ui.turn, ui.date),
        if ui.summary {
            format!("summary · {} steps ", ui.steps.len())
        } else {
            format!("step {} of {} ", ui.shown, ui.steps.len())
        },
    );
    let (steps_area, side) = if is_wide(area) {
        let [a, b] = Layout::horizontal([Constraint::Min(50), Constraint::Length(44)]).areas(body);
        (a, Some(b))
    } else {
        let [strip, a] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(body);
        let t0 = ui.before[Meter::Tension.index()];
        let t1 = ui.after[Meter::Tension.index()];
        let (s0, s1) = (
            ui.before[Meter::Sanctions.index()],
            ui.after[Meter::Sanctions.index()],
        );
        let (v0, v1) = (
            ui.before[Meter::Verification.index()],
            ui.after[Meter::Verification.index()],
        );
        let (x0, x1) = (db.tension_shown(t0), db.tension_shown(t1));
        let (r0, r1) = (db.rung_name(t0), db.rung_name(t1));
        // The fullest form that fits: at 80 columns two rung names leave no room for the
        // verification figure, so the first rung goes, then the second.
        let rest = format!("Sanctions {s0:.0} → {s1:.0}   Verification {v0:.0} → {v1:.0}");
        // The opening's events moved tension before anyone planned: say where it stood then,
        // so the planning screen's figure is on this line too.
        let tension = match ui.at_planning {
            Some(tp) => format!(
                "Tension {x0:.0} → {:.0} at planning → {x1:.0}",
                db.tension_shown(tp)
            ),
            None => format!("Tension {x0:.0} → {x1:.0}"),
        };
        // The rung named twice only where it changed.
        let rungs = if db.rung_of(t0) == db.rung_of(t1) {
            r1.to_string()
        } else {
            format!("{r0} → {r1}")
        };
        let line = [
            format!(" {tension} ({rungs})   {rest}"),
            format!(" {tension} ({r1})   {rest}"),
            format!(" {tension}   {rest}"),
            format!(" {tension}   Sanctions {s0:.0} → {s1:.0}"),
        ]
        .into_iter()
        .find(|l| crate::tui::text::width(l) <= strip.width as usize)
        .unwrap_or_else(|| format!(" {tension}"));
        f.render_widget(
            Paragraph::new(Span::styled(line, t.rung(db.rung_of(t1)))),
            strip,
        );
        (a, None)
    };

    let b = panel(
        t,
        if ui.summary {
            "Summary · → step by step · a all steps"
        } else {
            "Step by step · → next · a all"
        },
        true,
    );
    let inner = b.inner(steps_area);
    f.render_widget(b, steps_area);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    if ui.steps.is_empty() {
        lines.push(Line::from(Span::styled(
            "A quiet turn: nothing to report.",
            t.dim,
        )));
    }
    // The summary page: one line a step (an offer with its ending), nothing else.
    if ui.summary {
        for st in &ui.steps {
            let style = match st.kind {
                StepKind::Threshold | StepKind::Crisis | StepKind::Detection => t.warn,
                StepKind::Easing => t.good,
                StepKind::End => t.title,
                _ => t.base,
            };
            let head = format!("{} {}", st.kind.glyph(), st.title);
            lines.push(Line::from(Span::styled(text::clip(&head, w), style)));
            if let Some(end) = st.lines.iter().find(|l| l.starts_with("→ ")) {
                lines.push(Line::from(Span::styled(
                    text::clip(&format!("   {end}"), w),
                    t.dim,
                )));
            }
        }
    }
    for (i, st) in ui
        .steps
        .iter()
        .enumerate()
        .take(if ui.summary { 0 } else { ui.shown })
    {
        let latest = i + 1 == ui.shown;
        let style = match st.kind {
            StepKind::Threshold | StepKind::Crisis | StepKind::Detection => t.warn,
            StepKind::Easing => t.good,
            StepKind::End => t.title,
            _ if latest => t.title,
            _ => t.base,
        };
        let glyph = st.kind.glyph();
        for l in text::wrap_hanging(&st.title, w, &format!("{glyph} "), "  ") {
            lines.push(Line::from(Span::styled(l, style)));
        }
        for d in &st.lines {
            let ds = if d.starts_with('“') {
                t.accent
            } else if latest {
                t.base
            } else {
                t.dim
            };
            for l in text::wrap_hanging(d, w, "   ", "     ") {
                lines.push(Line::from(Span::styled(l, ds)));
            }
        }
    }
    let left = ui.steps.len().saturating_sub(ui.shown);
    if left > 0 && !ui.summary {
        lines.push(Line::from(Span::styled(
            format!(
                "… {left} more step{} (→ or Enter)",
                if left == 1 { "" } else { "s" }
            ),
            t.dim,
        )));
    }
    let lines = text::fit(lines, inner.width as usize);
    let h = inner.height as usize;
    // Scrolled back from the end, at most to the first line.
    app.scroll_max
        .set(lines.len().saturating_sub(h).min(u16::MAX as usize) as u16);
    let end = lines
        .len()
        .saturating_sub(ui.scroll as usize)
        .max(h.min(lines.len()));
    let start = end.saturating_sub(h);
    f.render_widget(Paragraph::new(lines[start..end].to_vec()), inner);

    if let Some(side_area) = side {
        let [meters, map_area] =
            Layout::vertical([Constraint::Length(10), Constraint::Min(6)]).areas(side_area);
        let b = panel(t, "This turn", false);
        let inner = b.inner(meters);
        f.render_widget(b, meters);
        let mut ml = Vec::new();
        for m in Meter::ALL {
            let a = ui.before[m.index()];
            let z = ui.after[m.index()];
            let d = z - a;
            let arrow = if d > 0.5 {
                "▲"
            } else if d < -0.5 {
                "▼"
            } else {
                " "
            };
            let style = if m == Meter::Tension {
                t.rung(db.rung_of(z))
            } else {
                t.base
            };
            ml.push(Line::from(Span::styled(
                format!("{:<20}{a:>4.0} → {z:>3.0} {arrow}{d:+5.1}", m.label()),
                style,
            )));
        }
        let t1 = ui.after[Meter::Tension.index()];
        ml.push(Line::from(Span::styled(
            format!("rung: {}", db.rung_name(t1)),
            t.rung(db.rung_of(t1)),
        )));
        if let Some(tp) = ui.at_planning {
            ml.push(Line::from(Span::styled(
                format!(
                    "tension at planning: {:.0} (the opening)",
                    db.tension_shown(tp)
                ),
                t.dim,
            )));
        }
        f.render_widget(super::para(ml, inner), inner);
        let title = map::title(&ui.sites, "Map");
        let b = panel(t, super::super::describe::clip(&title, 40), false);
        map::draw(f, map_area, b, t, &ui.sites, &app.date());
    }

    let label = if ui.summary {
        " Enter: continue · → the steps ".to_string()
    } else if ui.shown < ui.steps.len() {
        " → next step ".to_string()
    } else if ui.crisis {
        " Enter: to the crisis decision ".to_string()
    } else {
        " Enter: continue ".to_string()
    };
    let bw = crate::tui::text::width(&label) as u16;
    let r = Rect {
        x: button.x + button.width.saturating_sub(bw + 1),
        width: bw.min(button.width),
        ..button
    };
    f.render_widget(Paragraph::new(Span::styled(label, t.key)), r);
    hit(app, r, Action::Select);
}
