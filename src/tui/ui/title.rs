//! The title: the name in large letters, a line on what this is, and the menu.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::app::App;
use super::super::keys::Action;
use super::hit;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let t = &app.theme;
    let art = crate::content::embedded_asset("assets/title.txt").unwrap_or("BRINK");
    let art_lines: Vec<&str> = art.lines().collect();
    // Pad to one width so centring keeps the letters aligned.
    let art_w = art_lines
        .iter()
        .map(|l| crate::tui::text::width(l))
        .max()
        .unwrap_or(0);
    let items = app.title_items();
    let block_h = art_lines.len() as u16 + 5 + items.len() as u16 * 2 + 3;
    let top = area.y + area.height.saturating_sub(block_h) / 2;
    let mut y = top;
    let mut lines: Vec<Line> = art_lines
        .iter()
        .map(|l| Line::from(Span::styled(format!("{l:<art_w$}"), t.title)))
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "Nuclear diplomacy on the Korean peninsula",
        t.accent,
    )));
    lines.push(Line::from(Span::styled(
        "a terminal wargame and tabletop exercise for one screen and many players",
        t.dim,
    )));
    lines.push(Line::from(""));
    let h = lines.len() as u16;
    f.render_widget(
        Paragraph::new(lines).centered(),
        Rect {
            x: area.x,
            y,
            width: area.width,
            height: h.min(area.height),
        },
    );
    y += h + 1;
    let w = 34u16.min(area.width);
    let x = area.x + (area.width - w) / 2;
    for (i, (label, ok)) in items.iter().enumerate() {
        if y >= area.y + area.height {
            break;
        }
        let sel = i == app.title_sel;
        let style = if !ok {
            t.disabled
        } else if sel {
            t.selected
        } else {
            t.base
        };
        let text = if *ok {
            label.to_string()
        } else {
            format!("{label} (none yet)")
        };
        let cursor = if sel { "▶ " } else { "  " };
        let r = Rect {
            x,
            y,
            width: w,
            height: 1,
        };
        f.render_widget(
            Paragraph::new(Span::styled(format!("{cursor}{text:<30}"), style)),
            r,
        );
        hit(app, r, Action::Pick(i));
        y += 2;
    }
    if y < area.y + area.height {
        f.render_widget(
            Paragraph::new(Span::styled(
                format!("v{} · press ? for every key", env!("CARGO_PKG_VERSION")),
                t.dim,
            ))
            .centered(),
            Rect {
                x: area.x,
                y: (y + 1).min(area.y + area.height - 1),
                width: area.width,
                height: 1,
            },
        );
    }
}
