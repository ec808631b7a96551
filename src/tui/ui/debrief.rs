//! The end: the outcome, each side's objectives met or missed, tension and trust over the game,
//! the turning points (the largest swings in the ledger), and what happened historically.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::content::SideId;
use crate::engine::text::meter_name;
use crate::engine::{Outcome, objective_results, score};

use super::super::app::{App, DEBRIEF_SECTIONS, DebriefUi};
use super::super::keys::Action;
use super::super::view;
use super::widgets::draw_series;
use super::{header, hit, is_wide, panel, wrap};

pub fn render(app: &App, f: &mut Frame, area: Rect, ui: &DebriefUi) {
    let t = &app.theme;
    let db = &app.db;
    let Some(sess) = &app.session else { return };
    let s = &sess.game.state;
    let scen = &db.scenarios[s.scenario as usize];
    let outcome = s.outcome;
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(5)]).areas(area);
    let ended = super::super::facilitator::ended_at(&sess.game);
    // A class length is named: its game ends, and is judged, after its own last turn.
    let class = if s.turns != scen.turns {
        format!(" · class of {} turns", s.turns)
    } else {
        String::new()
    };
    let title = match (outcome, ended) {
        // The outcome before the class, so a narrow screen cuts the class, not the outcome.
        (Some(o), _) => format!(
            " BRINK · Debrief · {} · {}{class}",
            scen.title,
            outcome_name(o)
        ),
        (None, Some(t)) => format!(
            " BRINK · Debrief · {} · session ended at turn {t}",
            scen.title
        ),
        (None, None) => format!(
            " BRINK · Review · {} · in progress at turn {}",
            scen.title, s.turn
        ),
    };
    let back = if app.replay.is_some() {
        "Enter back to the replay"
    } else {
        "Enter title"
    };
    header(app, f, head, title, format!("seed {} · {back} ", s.seed));

    if is_wide(area) {
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body);
        let [a, b] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);
        let [c, d] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .areas(bottom);
        for (i, r) in [a, b, c, d].into_iter().enumerate() {
            section(app, f, r, i, ui, i == ui.section);
            hit(app, Rect { height: 1, ..r }, Action::Pick(i));
        }
    } else {
        let [tabs, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(body);
        let mut x = tabs.x;
        let mut spans = Vec::new();
        for (i, name) in DEBRIEF_SECTIONS.iter().enumerate() {
            let label = format!(" {name} ");
            let w = crate::tui::text::width(&label) as u16;
            spans.push(Span::styled(
                label,
                if i == ui.section { t.selected } else { t.dim },
            ));
            spans.push(Span::raw(" "));
            hit(
                app,
                Rect {
                    x,
                    y: tabs.y,
                    width: w,
                    height: 1,
                },
                Action::Pick(i),
            );
            x += w + 1;
        }
        f.render_widget(Paragraph::new(Line::from(spans)), tabs);
        section(app, f, rest, ui.section, ui, true);
    }
}

pub fn outcome_name(o: Outcome) -> &'static str {
    match o {
        Outcome::Agreement => "Agreement",
        Outcome::Statement => "Statement",
        Outcome::Stalemate => "Stalemate",
        Outcome::Collapse => "Collapse",
        Outcome::War => "War",
    }
}

fn outcome_text(o: Option<Outcome>) -> &'static str {
    match o {
        Some(Outcome::Agreement) => "An agreement that limits the DPRK's programme is in force.",
        Some(Outcome::Statement) => {
            "A statement is in force, but no agreement: nothing signed limits any part of the programme."
        }
        Some(Outcome::Stalemate) => {
            "The turns ran out with no agreement binding the DPRK, and tension below Crisis."
        }
        Some(Outcome::Collapse) => {
            "The turns ran out with tension at Crisis or above, or with US-DPRK talks broken off."
        }
        Some(Outcome::War) => "War broke out on the peninsula: a loss for every side.",
        None => "The game is still in progress.",
    }
}

fn section(app: &App, f: &mut Frame, area: Rect, i: usize, ui: &DebriefUi, focused: bool) {
    let t = &app.theme;
    let db = &app.db;
    let Some(sess) = &app.session else { return };
    let g = &sess.game;
    let s = &g.state;
    let b = panel(t, DEBRIEF_SECTIONS[i], focused);
    let inner = b.inner(area);
    f.render_widget(b, area);
    let w = inner.width as usize;
    let scroll = if focused { ui.scroll } else { 0 };
    let mut lines: Vec<Line> = Vec::new();
    match i {
        0 => {
            let o = s.outcome;
            let ended = super::super::facilitator::ended_at(g);
            let head = match (o, ended) {
                (Some(o), _) => outcome_name(o),
                (None, Some(_)) => "Session ended",
                (None, None) => "In progress",
            };
            lines.push(Line::from(Span::styled(
                head.to_uppercase(),
                if o == Some(Outcome::War) {
                    t.bad
                } else {
                    t.title
                },
            )));
            let text = match (o, ended) {
                (None, Some(turn)) => format!(
                    "The facilitator ended the session at turn {turn}, before the game was decided; objectives are judged as things stood."
                ),
                // Which of the two ways a game collapses, not "one or the other".
                (Some(Outcome::Collapse), _) => match crate::engine::text::collapse_cause(db, s) {
                    Some(why) => format!("The turns ran out with {why}."),
                    None => outcome_text(o).to_string(),
                },
                _ => outcome_text(o).to_string(),
            };
            for l in wrap(&text, w) {
                lines.push(Line::from(Span::styled(l, t.base)));
            }
            let tn = s.tension();
            let fin = format!(
                "Final tension {:.0} ({}) · sanctions {:.0} · verification {:.0} · warheads {:.0}",
                db.tension_shown(tn),
                db.rung_name(tn),
                s.meter(crate::content::Meter::Sanctions),
                s.meter(crate::content::Meter::Verification),
                s.prog(crate::content::ProgrammeField::Warheads),
            );
            for l in wrap(&fin, w) {
                lines.push(Line::from(Span::styled(l, t.dim)));
            }
            // The humans' sides first: a student playing the DPRK reads their own result
            // before the computers'. One line of every score, then each side's objectives.
            let mut order: Vec<SideId> = s.seated_sides().collect();
            order.sort_by_key(|x| !sess.is_human(*x));
            let summary: Vec<String> = order
                .iter()
                .map(|x| {
                    let you = if sess.is_human(*x) { " (human)" } else { "" };
                    format!("{x} {:.0}%{you}", score(db, s, *x) * 100.0)
                })
                .collect();
            for l in wrap(&format!("Scores: {}", summary.join(" · ")), w) {
                lines.push(Line::from(Span::styled(l, t.accent)));
            }
            for side in order {
                lines.push(Line::from(""));
                let sc = score(db, s, side);
                let who = sess.seats[side.index()].label();
                lines.push(Line::from(vec![
                    Span::styled(format!("{side} "), t.title),
                    Span::styled(format!("score {:.0}% ", sc * 100.0), t.accent),
                    Span::styled(format!("({who})"), t.dim),
                ]));
                for r in objective_results(db, s, side) {
                    let (mark, style) = if r.met {
                        ("✓ met   ", t.good)
                    } else {
                        ("✗ missed", t.bad)
                    };
                    for (k, l) in wrap(
                        &format!("{} ({:.0})", r.name, r.weight),
                        w.saturating_sub(11),
                    )
                    .into_iter()
                    .enumerate()
                    {
                        let prefix = if k == 0 {
                            format!(" {mark} ")
                        } else {
                            " ".repeat(10)
                        };
                        lines.push(Line::from(vec![
                            Span::styled(prefix, style),
                            Span::styled(l, t.base),
                        ]));
                    }
                }
            }
        }
        1 => {
            let series = view::series(&g.journal.snapshots);
            let turns = app.game_turns();
            draw_series(app, f, inner, &series, inner.height >= 6, turns);
            return;
        }
        2 => {
            let pts = view::turning_points(db, &g.journal.ledger, 8);
            if pts.is_empty() {
                lines.push(Line::from(Span::styled(
                    "No big swings: a quiet game.",
                    t.dim,
                )));
            }
            for (turn, meter, d, cause) in pts {
                let date = s.date_of(db, turn);
                let head = format!("Turn {turn} · {date} · {} {d:+.1}", meter_name(meter));
                lines.push(Line::from(Span::styled(
                    head,
                    if d > 0.0
                        && meter == crate::engine::MeterRef::Meter(crate::content::Meter::Tension)
                    {
                        t.bad
                    } else {
                        t.accent
                    },
                )));
                for l in wrap(&cause, w.saturating_sub(2)) {
                    lines.push(Line::from(Span::styled(format!("  {l}"), t.base)));
                }
            }
            let stated: Vec<String> = g
                .inputs
                .iter()
                .filter_map(|r| {
                    let side = match &r.input {
                        crate::engine::Input::Plan { side, .. }
                        | crate::engine::Input::Respond { side, .. }
                        | crate::engine::Input::Crisis { side, .. } => *side,
                        _ => return None,
                    };
                    r.rationale
                        .as_ref()
                        .map(|x| format!("T{} {side}: “{x}”", r.turn))
                })
                .collect();
            if !stated.is_empty() {
                lines.push(Line::from(""));
                lines.push(Line::from(Span::styled("Stated reasons", t.title)));
                for st in stated {
                    for l in wrap(&st, w) {
                        lines.push(Line::from(Span::styled(l, t.dim)));
                    }
                }
            }
        }
        _ => {
            let scen = &db.scenarios[s.scenario as usize];
            lines.push(Line::from(Span::styled(
                "What happened in history",
                t.title,
            )));
            for l in wrap(&scen.history, w) {
                lines.push(Line::from(Span::styled(l, t.base)));
            }
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                "This game's log (all moves, covert ones too)",
                t.title,
            )));
            for (i, e) in g.journal.log.iter().enumerate() {
                if let Some(x) = view::Viewer::All.log_line_at(db, &g.journal.log, i) {
                    if matches!(e, crate::engine::LogEntry::Roll { .. }) {
                        continue;
                    }
                    for l in wrap(&x, w) {
                        lines.push(Line::from(Span::styled(l, t.dim)));
                    }
                }
            }
        }
    }
    let lines = crate::tui::text::fit(lines, inner.width as usize);
    let max = (lines.len() as u16).saturating_sub(inner.height);
    if focused {
        app.scroll_max.set(max);
    }
    f.render_widget(Paragraph::new(lines).scroll((scroll.min(max), 0)), inner);
}
