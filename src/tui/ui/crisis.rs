//! The brink crisis: stand firm or back down, with what each costs and the chance of war.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::engine::maths::logistic;
use crate::engine::text::percent;

use super::super::app::{App, CrisisUi, Editing};
use super::super::keys::Action;
use super::super::view::Viewer;
use super::widgets::{meters_panel, tension_lines};
use super::{header, hit, is_wide, panel, wrap};

pub fn render(app: &App, f: &mut Frame, area: Rect, ui: &CrisisUi) {
    let t = &app.theme;
    let db = &app.db;
    let Some(sess) = &app.session else { return };
    let s = &sess.game.state;
    let r = &db.rules;
    let tension = s.tension();
    let war_if_again = logistic((tension - r.war_centre) / r.war_scale);
    // A crisis's first standoff ends without war (`Rules::war_standoffs`): the chance this
    // month is none, and the screen says what a second month of firmness would risk.
    let early = s.standoffs < r.war_standoffs;
    let war = if early { 0.0 } else { war_if_again };
    let others: Vec<String> = crate::content::SideId::ALL
        .into_iter()
        .filter(|x| s.crisis_sides[x.index()] && *x != ui.side)
        .map(|x| x.label().to_string())
        .collect();
    let other = if others.is_empty() {
        "the other side".to_string()
    } else {
        others.join(" and ")
    };

    let [head, body, rationale] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(8),
        Constraint::Length(1),
    ])
    .areas(area);
    header(
        app,
        f,
        head,
        format!(" BRINK · CRISIS · turn {} · {} decides", s.turn, ui.side),
        if early {
            "if both stand firm: no war yet ".to_string()
        } else {
            format!("war chance if both stand firm: {} ", percent(war))
        },
    );
    let (main, side_area) = if is_wide(area) {
        let [a, b] = Layout::horizontal([Constraint::Min(50), Constraint::Length(40)]).areas(body);
        (a, Some(b))
    } else {
        (body, None)
    };
    let b = panel(t, "‼ Brink crisis", true).border_style(t.warn);
    let inner = b.inner(main);
    f.render_widget(b, main);
    let w = inner.width as usize;
    let mut lines = tension_lines(db, t, tension, w, false);
    let rung = &db.ladder[db.rung_of(tension)];
    for l in wrap(&rung.description, w) {
        lines.push(Line::from(Span::styled(l, t.warn)));
    }
    let rule = if early {
        format!(
            "{} and {other} each choose, neither seeing the other's choice. If both stand firm, it is a standoff: no war this month, as a war takes a crisis that outlasts its first month ({} of {} standoffs behind you). A further month of mutual firmness at this tension would risk war at {} (logistic((T − {:.0}) / {:.0})); a war ends the game as a loss for every side.",
            ui.side,
            s.standoffs,
            r.war_standoffs,
            percent(war_if_again),
            r.war_centre,
            r.war_scale
        )
    } else {
        format!(
            "{} and {other} each choose, neither seeing the other's choice. If both stand firm, the chance of war is {} (logistic((T − {:.0}) / {:.0})); a war ends the game as a loss for every side.",
            ui.side,
            percent(war),
            r.war_centre,
            r.war_scale
        )
    };
    for l in wrap(&rule, w) {
        lines.push(Line::from(Span::styled(l, t.base)));
    }
    lines.push(Line::from(""));
    let firm = vec![
        format!(
            "If {other} backs down: your support +{:.0}.",
            r.back_down_support * 0.5
        ),
        if early {
            format!(
                "If {other} also stands firm: a standoff, no war this month (next month: war {}).",
                percent(war_if_again)
            )
        } else {
            format!("If {other} also stands firm: war {}.", percent(war))
        },
    ];
    let back = vec![
        format!(
            "Tension −{:.0}; your support −{:.0}.",
            r.back_down_tension, r.back_down_support
        ),
        format!(
            "If {other} also backs down: tension −{:.0} in all.",
            r.back_down_tension * 2.0
        ),
    ];
    for (i, (name, key, conseq)) in [("Stand firm", "f", firm), ("Back down", "b", back)]
        .into_iter()
        .enumerate()
    {
        let sel = ui.sel == Some(i);
        let style = if sel { t.selected } else { t.key };
        let label = format!("{}{key}  {name}", if sel { "▶ " } else { "  " });
        lines.push(Line::from(Span::styled(format!("{label:<18}"), style)));
        for c in conseq {
            for l in wrap(&c, w.saturating_sub(4)) {
                lines.push(Line::from(Span::styled(format!("    {l}"), t.base)));
            }
        }
        lines.push(Line::from(""));
    }
    // Button rows for the mouse: find where the two labels landed.
    for (y, l) in (inner.y..inner.y + inner.height).zip(lines.iter()) {
        let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
        if text.contains("  Stand firm") || text.contains("  Back down") {
            let idx = if text.contains("Stand firm") { 0 } else { 1 };
            let r = Rect {
                x: inner.x,
                y,
                width: 18.min(inner.width),
                height: 1,
            };
            hit(app, r, Action::Pick(idx));
        }
    }
    f.render_widget(super::para(lines, inner), inner);
    if let Some(sa) = side_area {
        meters_panel(
            app,
            f,
            sa,
            panel(t, "Meters", false),
            s,
            Viewer::Side(ui.side),
            None,
        );
    }

    let d = &sess.drafts[ui.side.index()];
    let editing = app.editing == Some(Editing::Rationale(ui.side));
    let label = if editing {
        " Rationale ✎ "
    } else {
        " Rationale (r) "
    };
    let lw = crate::tui::text::width(label) as u16;
    let (shown, cur) = d
        .rationale
        .window(rationale.width.saturating_sub(lw + 2) as usize);
    let text = if shown.is_empty() && !editing {
        Span::styled("why this choice?", t.dim)
    } else {
        Span::styled(shown, t.base)
    };
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(label, if editing { t.key } else { t.accent }),
            Span::raw(" "),
            text,
        ])),
        rationale,
    );
    if editing {
        f.set_cursor_position(Position {
            x: rationale.x + lw + 1 + cur as u16,
            y: rationale.y,
        });
    }
    hit(app, rationale, Action::EditText);
}
