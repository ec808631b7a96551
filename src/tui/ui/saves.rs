//! Resume: the saved games, newest first — scenario, the game's date and turn, who plays each
//! side and when it was saved — and the chosen one's file.

use std::time::SystemTime;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::save;

use super::super::app::{App, SavesUi};
use super::super::describe::clip;
use super::super::keys::Action;
use super::{header, hit, panel, wrap};

pub fn render(app: &App, f: &mut Frame, area: Rect, ui: &SavesUi) {
    let t = &app.theme;
    let db = &app.db;
    let n = app.saves.len();
    let [head, list, detail] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(4),
        Constraint::Length(5),
    ])
    .areas(area);
    header(
        app,
        f,
        head,
        " BRINK · Resume a saved game".into(),
        format!("{n} saved game{} ", if n == 1 { "" } else { "s" }),
    );
    let b = panel(t, "Saved games · newest first", true);
    let inner = b.inner(list);
    f.render_widget(b, list);
    let w = inner.width as usize;
    let per = 2usize;
    let fit = (inner.height as usize / per).max(1);
    let start = if ui.sel < fit { 0 } else { ui.sel + 1 - fit };
    let now = SystemTime::now();
    let here = crate::record::hex(db.hash);
    for (row, (i, s)) in app
        .saves
        .iter()
        .enumerate()
        .skip(start)
        .take(fit)
        .enumerate()
    {
        let sel = i == ui.sel;
        let title = db
            .scenario(&s.scenario)
            .map(|x| x.title.clone())
            .unwrap_or_else(|| s.scenario.clone());
        let mut first = format!("{}{title}", if sel { "▶ " } else { "  " });
        if !s.date.is_empty() {
            first.push_str(&format!(" · {}", s.date));
        }
        first.push_str(&format!(" · turn {}", s.turn));
        if let Some(o) = &s.outcome {
            first.push_str(&format!(" · over: {o}"));
        }
        if s.content_hash != here {
            first.push_str(" · other decks");
        }
        let ago = save::ago(s.modified, now);
        let room = w.saturating_sub(crate::tui::text::width(&ago) + 1);
        let first = format!("{} {ago}", crate::tui::text::pad(&first, room));
        let sides: Vec<String> = s
            .sides
            .iter()
            .map(|(side, who)| format!("{side} {who}"))
            .collect();
        let second = format!("    {}", sides.join(" · "));
        let r = Rect {
            y: inner.y + (row * per) as u16,
            height: per as u16,
            ..inner
        };
        f.render_widget(
            Paragraph::new(vec![
                Line::from(Span::styled(
                    clip(&first, w),
                    if sel { t.selected } else { t.base },
                )),
                Line::from(Span::styled(clip(&second, w), t.dim)),
            ]),
            r,
        );
        hit(app, r, Action::Pick(i));
    }

    let b = panel(t, "File", false);
    let inner = b.inner(detail);
    f.render_widget(b, detail);
    let w = inner.width as usize;
    let mut lines = Vec::new();
    if let Some(e) = &ui.error {
        for l in wrap(&format!("Cannot resume it: {e}"), w) {
            lines.push(Line::from(Span::styled(l, t.bad)));
        }
    } else if let Some(s) = app.saves.get(ui.sel) {
        lines.push(Line::from(Span::styled(
            clip(&s.path.display().to_string(), w),
            t.base,
        )));
        lines.push(Line::from(Span::styled(
            format!("saved {}", save::utc_text(s.modified)),
            t.dim,
        )));
    }
    if app.unreadable > 0 {
        lines.push(Line::from(Span::styled(
            clip(
                &format!(
                    "{} other file{} in the folder cannot be read and {} left alone.",
                    app.unreadable,
                    if app.unreadable == 1 { "" } else { "s" },
                    if app.unreadable == 1 { "is" } else { "are" }
                ),
                w,
            ),
            t.dim,
        )));
    }
    f.render_widget(super::para(lines, inner), inner);
}
