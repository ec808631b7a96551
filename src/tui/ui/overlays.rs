//! Popups over a screen: help (every key of the screen, from the key table), WHY (a meter's
//! ledger), confirmations and the quit question.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::engine::text::meter_name;

use super::super::app::{App, Overlay};
use super::super::keys::{self, Action};
use super::super::view;
use super::{centered, hit, popup, wrap};

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let Some(o) = &app.overlay else { return };
    match o {
        Overlay::Help { scroll } => help(app, f, area, *scroll),
        Overlay::Why { meter, scroll } => why(app, f, area, *meter, *scroll),
        Overlay::Confirm {
            title, lines, warn, ..
        } => confirm(app, f, area, title, lines, *warn),
        Overlay::Quit => {
            // Only a save that worked is promised: after a failed one, say what is lost.
            let unsaved = app.session.is_some() && app.save_error.is_some();
            let lines = vec![
                "Leave Brink?".to_string(),
                match (&app.session, &app.save_error) {
                    (None, _) => String::new(),
                    (Some(_), None) => {
                        "The game is autosaved; Resume on the title screen picks it up.".to_string()
                    }
                    (Some(_), Some(e)) => format!(
                        "The game is NOT saved. {e} Leaving now loses every move since the last \
                         save that worked; Resume would offer that older point."
                    ),
                },
            ];
            confirm(app, f, area, "Quit", &lines, unsaved);
        }
    }
}

fn help(app: &App, f: &mut Frame, area: Rect, scroll: u16) {
    let t = &app.theme;
    let ctx = app.screen_ctx();
    let r = centered(area, 76, area.height.saturating_sub(2));
    let inner = popup(f, t, r, &format!("Keys · {}", ctx.title()), false);
    let mut lines = Vec::new();
    for (c, rows) in keys::help_in(ctx, app.facilitator()) {
        lines.push(Line::from(Span::styled(c.title().to_string(), t.title)));
        for (k, h) in rows {
            let kw = 20;
            let hw = (inner.width as usize).saturating_sub(kw + 1);
            for (i, l) in wrap(h, hw).into_iter().enumerate() {
                let key = if i == 0 {
                    format!("{k:<kw$}")
                } else {
                    " ".repeat(kw)
                };
                lines.push(Line::from(vec![
                    Span::styled(key, t.accent),
                    Span::raw(" "),
                    Span::styled(l, t.base),
                ]));
            }
        }
        lines.push(Line::from(""));
    }
    lines.push(Line::from(Span::styled(
        "Esc, ? or Enter closes this.",
        t.dim,
    )));
    let lines = crate::tui::text::fit(lines, inner.width as usize);
    let max = (lines.len() as u16).saturating_sub(inner.height);
    app.scroll_max.set(max);
    f.render_widget(Paragraph::new(lines).scroll((scroll.min(max), 0)), inner);
    hit(app, r, Action::Back);
}

fn why(app: &App, f: &mut Frame, area: Rect, meter: usize, scroll: u16) {
    let t = &app.theme;
    let Some(sess) = &app.session else { return };
    let rows = app.why_rows();
    let Some(m) = rows.get(meter.min(rows.len().saturating_sub(1))).copied() else {
        return;
    };
    let viewer = app.why_viewer();
    let now = view::value_of(&sess.game.state, m);
    let ledger = view::meter_ledger(&app.db, &sess.game.journal.ledger, m, viewer);
    let rows: usize = ledger
        .iter()
        .map(|(_, _, e)| e.len() + 2)
        .sum::<usize>()
        .max(1);
    let r = centered(
        area,
        90,
        (rows as u16 + 2).clamp(8, area.height.saturating_sub(2)),
    );
    let title = format!("WHY · {} · now {now:.0} · ←→ other meters", meter_name(m));
    let inner = popup(f, t, r, &title, false);
    let w = inner.width as usize;
    let mut lines = Vec::new();
    if ledger.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("No change yet this game: it has been {now:.0} from the start."),
            t.dim,
        )));
    }
    for (turn, summary, entries) in ledger.iter().rev() {
        let date = sess.game.state.date_of(&app.db, *turn);
        lines.push(Line::from(Span::styled(
            format!("Turn {turn} · {date}"),
            t.title,
        )));
        for l in wrap(summary, w.saturating_sub(2)) {
            lines.push(Line::from(Span::styled(format!("  {l}"), t.accent)));
        }
        for e in entries {
            for l in wrap(e, w.saturating_sub(4)) {
                lines.push(Line::from(Span::styled(format!("    {l}"), t.base)));
            }
        }
    }
    let lines = crate::tui::text::fit(lines, inner.width as usize);
    let max = (lines.len() as u16).saturating_sub(inner.height);
    app.scroll_max.set(max);
    f.render_widget(Paragraph::new(lines).scroll((scroll.min(max), 0)), inner);
}

fn confirm(app: &App, f: &mut Frame, area: Rect, title: &str, lines: &[String], warn: bool) {
    let t = &app.theme;
    let w = 64u16.min(area.width);
    let inner_w = w.saturating_sub(2) as usize;
    let mut body: Vec<Line> = Vec::new();
    for l in lines {
        for x in wrap(l, inner_w) {
            body.push(Line::from(Span::styled(x, t.base)));
        }
    }
    body.push(Line::from(""));
    let h = (body.len() as u16 + 3).min(area.height);
    let r = centered(area, w, h);
    let inner = popup(f, t, r, title, warn);
    f.render_widget(super::para(body, inner), inner);
    let yes = " y  Yes ";
    let no = " n  No ";
    let y = inner.y + inner.height.saturating_sub(1);
    let x = inner.x + inner.width.saturating_sub(20) / 2;
    let ry = Rect {
        x,
        y,
        width: 8,
        height: 1,
    };
    let rn = Rect {
        x: x + 11,
        y,
        width: 7,
        height: 1,
    };
    f.render_widget(Paragraph::new(Span::styled(yes, t.key)), ry);
    f.render_widget(Paragraph::new(Span::styled(no, t.key)), rn);
    hit(app, ry, Action::Yes);
    hit(app, rn, Action::No);
}
