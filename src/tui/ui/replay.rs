//! The replay viewer: a recorded game at one point — the input that led there and what it did,
//! the meters, the map, the history and the log up to there.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::engine::Phase;

use super::super::app::{App, RightView};
use super::super::map;
use super::super::replay::ReplayUi;
use super::super::view::{StepKind, Viewer};
use super::widgets::{history, log_panel, meters_panel};
use super::{header, is_wide, panel, wrap};

pub fn render(app: &App, f: &mut Frame, area: Rect, ui: &ReplayUi) {
    let t = &app.theme;
    let db = &app.db;
    let (Some(sess), Some(r)) = (&app.session, &app.replay) else {
        return;
    };
    let s = &sess.game.state;
    let scen = &db.scenarios[s.scenario as usize];
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(5)]).areas(area);
    let phase = match s.phase {
        Phase::Planning => "planning".to_string(),
        Phase::Responses { .. } => "answering offers".to_string(),
        Phase::Crisis => "brink crisis".to_string(),
        Phase::Over => match s.outcome {
            Some(o) => format!("over: {}", super::debrief::outcome_name(o)),
            None => "over".to_string(),
        },
    };
    header(
        app,
        f,
        head,
        format!(
            " BRINK · Replay · {} · turn {}/{} · {} · {phase}",
            scen.title,
            s.turn,
            s.turns,
            s.date_of(db, s.turn)
        ),
        format!("input {} of {} ", r.pos, r.len()),
    );

    if is_wide(area) {
        let [lcol, mcol, rcol] = Layout::horizontal([
            Constraint::Length(40),
            Constraint::Min(40),
            Constraint::Length((body.width * 3 / 10).max(36)),
        ])
        .areas(body);
        let mb = panel(t, "Meters · w why", false);
        meters_panel(app, f, lcol, mb, s, Viewer::All, None);
        let [step, log] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Min(5)]).areas(mcol);
        step_panel(app, f, step, ui);
        let lb = panel(t, "Log up to here (everything, covert moves too)", false);
        log_panel(app, f, log, lb, Viewer::All, 0);
        let [map_area, hist] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Min(6)]).areas(rcol);
        map_panel(app, f, map_area);
        let hb = panel(
            t,
            if app.chart {
                "History · c sparklines"
            } else {
                "History · c chart"
            },
            false,
        );
        history(app, f, hist, hb, app.chart);
    } else {
        let [lcol, rcol] =
            Layout::horizontal([Constraint::Percentage(52), Constraint::Percentage(48)])
                .areas(body);
        let [step, log] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Min(4)]).areas(lcol);
        step_panel(app, f, step, ui);
        let lb = panel(t, "Log up to here", false);
        log_panel(app, f, log, lb, Viewer::All, 0);
        let views = [RightView::Meters, RightView::Map, RightView::History];
        let tabs: Vec<String> = views
            .iter()
            .map(|v| {
                if *v == ui.view {
                    format!("[{}]", v.label())
                } else {
                    v.label().to_string()
                }
            })
            .collect();
        let b = panel(t, format!("{} · v", tabs.join(" ")), false);
        match ui.view {
            RightView::Map => {
                let sites = super::planning::turn_sites(app, s);
                map::draw(f, rcol, b, t, &sites, &app.date());
            }
            RightView::History => history(app, f, rcol, b, app.chart),
            _ => meters_panel(app, f, rcol, b, s, Viewer::All, None),
        }
    }
}

fn map_panel(app: &App, f: &mut Frame, area: Rect) {
    let Some(sess) = &app.session else { return };
    let sites = super::planning::turn_sites(app, &sess.game.state);
    let title = map::title(&sites, "Map · no events on the map this turn");
    let b = panel(
        &app.theme,
        super::super::describe::clip(&title, area.width.saturating_sub(4) as usize),
        false,
    );
    map::draw(f, area, b, &app.theme, &sites, &app.date());
}

/// The input that led here, and what it did.
fn step_panel(app: &App, f: &mut Frame, area: Rect, ui: &ReplayUi) {
    let t = &app.theme;
    let Some(r) = &app.replay else { return };
    let title = if r.pos == 0 {
        "The start · → steps forward".to_string()
    } else {
        format!("Input {} · ← → step · PgUp/PgDn turn", r.pos)
    };
    let b = panel(t, title, true);
    let inner = b.inner(area);
    f.render_widget(b, area);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    for l in wrap(&app.replay_input_text(), w) {
        lines.push(Line::from(Span::styled(l, t.title)));
    }
    let steps = app.replay_steps();
    let by_facilitator = r
        .pos
        .checked_sub(1)
        .and_then(|i| r.full.inputs.get(i))
        .is_some_and(|x| super::super::facilitator::is_facilitator_input(&x.input));
    if steps.is_empty() && !by_facilitator {
        let waiting = app
            .session
            .as_ref()
            .map(|s| s.game.state.awaiting())
            .unwrap_or_default();
        let text = if waiting.is_empty() {
            "Nothing else happened yet.".to_string()
        } else {
            format!(
                "Nothing happens yet: waiting for {}.",
                waiting
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        for l in wrap(&text, w) {
            lines.push(Line::from(Span::styled(l, t.dim)));
        }
    }
    // A facilitator's input is its own first step: its headline is already said above.
    let mut headline_said = by_facilitator;
    for st in &steps {
        if headline_said && st.title.starts_with("Facilitator") {
            headline_said = false;
            for d in &st.lines {
                for (k, l) in wrap(d, w.saturating_sub(4)).into_iter().enumerate() {
                    let prefix = if k == 0 { "   " } else { "     " };
                    lines.push(Line::from(Span::styled(format!("{prefix}{l}"), t.dim)));
                }
            }
            continue;
        }
        let style = match st.kind {
            StepKind::Threshold | StepKind::Crisis | StepKind::Detection => t.warn,
            StepKind::Easing => t.good,
            StepKind::End => t.title,
            _ => t.base,
        };
        for (k, l) in wrap(&st.title, w.saturating_sub(3)).into_iter().enumerate() {
            let prefix = if k == 0 {
                format!("{} ", st.kind.glyph())
            } else {
                "  ".into()
            };
            lines.push(Line::from(Span::styled(format!("{prefix}{l}"), style)));
        }
        for d in &st.lines {
            for (k, l) in wrap(d, w.saturating_sub(4)).into_iter().enumerate() {
                let prefix = if k == 0 { "   " } else { "     " };
                let ds = if d.starts_with('“') {
                    t.accent
                } else {
                    t.dim
                };
                lines.push(Line::from(Span::styled(format!("{prefix}{l}"), ds)));
            }
        }
    }
    let lines = crate::tui::text::fit(lines, inner.width as usize);
    let max = (lines.len() as u16).saturating_sub(inner.height);
    app.scroll_max.set(max);
    f.render_widget(Paragraph::new(lines).scroll((ui.scroll.min(max), 0)), inner);
}
