//! The main screen: meters, the hand, the selected card, the map, the log, the history, and the
//! rationale. Wide terminals see every panel at once; at 80×24 the right half is one panel at a
//! time (`v` cycles it, Tab follows the focus).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::content::{CardIx, SideId};
use crate::engine::GameState;

use super::super::app::{App, Editing, Pane, PlanUi, RightView};
use super::super::describe::{self, clip};
use super::super::keys::Action;
use super::super::map;
use super::super::view::Viewer;
use super::widgets::{self, card_details, history, log_panel, meters_panel};
use super::{header, hit, is_wide, panel};

pub fn render(app: &App, f: &mut Frame, area: Rect, ui: &PlanUi) {
    let Some(sess) = &app.session else { return };
    let s = &sess.game.state;
    let db = &app.db;
    let side = ui.side;
    let scen = &db.scenarios[s.scenario as usize];
    let draft = &sess.drafts[side.index()];
    let spent: i32 = draft
        .moves
        .iter()
        .map(|m| db.compiled_cards[m.card as usize].cost as i32)
        .sum();
    let pc = s.sides[side.index()].pc;
    let wide = is_wide(area);

    let [head, body, rationale] = Layout::vertical([
        Constraint::Length(if wide { 1 } else { 3 }),
        Constraint::Min(5),
        Constraint::Length(1),
    ])
    .areas(area);

    let left = format!(
        " BRINK · {} · turn {}/{} · {} · {side} plans",
        scen.title,
        s.turn,
        app.game_turns(),
        s.date_of(db, s.turn)
    );
    let right = format!(
        "PC {}/{} · moves {}/{} ",
        pc - spent,
        pc,
        draft.moves.len(),
        db.rules.move_limit
    );
    if wide {
        header(app, f, head, left, right);
    } else {
        let [h1, h2] = Layout::vertical([Constraint::Length(1), Constraint::Length(2)]).areas(head);
        header(app, f, h1, left, right);
        let lines = widgets::tension_lines(db, &app.theme, s.tension(), h2.width as usize, false);
        f.render_widget(super::para(lines, h2), h2);
    }

    if wide {
        let lw = if body.width >= 150 { 40 } else { 38 };
        let rw = (body.width * 3 / 10).max(36);
        let [lcol, mcol, rcol] = Layout::horizontal([
            Constraint::Length(lw),
            Constraint::Min(40),
            Constraint::Length(rw),
        ])
        .areas(body);
        let mb = panel(&app.theme, "Meters · Tab, w why", ui.focus == Pane::Meters);
        let sel = (ui.focus == Pane::Meters).then_some(ui.meter_sel);
        meters_panel(app, f, lcol, mb, s, Viewer::Side(side), sel);

        let hand = app.hand(side);
        let hand_h = (hand.len() as u16 + 2).min(mcol.height / 2).max(5);
        let [hand_area, card_area] =
            Layout::vertical([Constraint::Length(hand_h), Constraint::Min(3)]).areas(mcol);
        hand_panel(app, f, hand_area, ui, s, true);
        card_panel(app, f, card_area, ui, s);

        let map_h = (rcol.height * 2 / 5).max(10);
        let [map_area, hist_area, log_area] = Layout::vertical([
            Constraint::Length(map_h),
            Constraint::Length(6),
            Constraint::Min(3),
        ])
        .areas(rcol);
        map_panel(app, f, map_area, s);
        let hb = panel(
            &app.theme,
            if app.chart {
                "History · c sparklines"
            } else {
                "History · c chart"
            },
            false,
        );
        history(app, f, hist_area, hb, app.chart);
        let lb = panel(&app.theme, "Log", ui.focus == Pane::Log);
        let max = log_panel(app, f, log_area, lb, Viewer::Side(side), ui.log_scroll);
        if ui.focus == Pane::Log {
            app.scroll_max.set(max);
        }
    } else {
        let [lcol, rcol] =
            Layout::horizontal([Constraint::Percentage(48), Constraint::Percentage(52)])
                .areas(body);
        hand_panel(app, f, lcol, ui, s, false);
        let tabs: Vec<String> = RightView::ALL
            .iter()
            .map(|v| {
                if *v == ui.view {
                    format!("[{}]", v.label())
                } else {
                    v.label().to_string()
                }
            })
            .collect();
        let title = format!("{} · v", tabs.join(" "));
        let focused = matches!(
            (ui.view, ui.focus),
            (RightView::Meters, Pane::Meters) | (RightView::Log, Pane::Log)
        );
        let b = panel(&app.theme, title, focused);
        match ui.view {
            RightView::Card => {
                let inner = b.inner(rcol);
                f.render_widget(b, rcol);
                card_text(app, f, inner, ui, s);
            }
            RightView::Meters => {
                let sel = (ui.focus == Pane::Meters).then_some(ui.meter_sel);
                meters_panel(app, f, rcol, b, s, Viewer::Side(side), sel);
            }
            RightView::Map => {
                map::draw(f, rcol, b, &app.theme, &turn_sites(app, s), &app.date());
            }
            RightView::Log => {
                let max = log_panel(app, f, rcol, b, Viewer::Side(side), ui.log_scroll);
                if ui.focus == Pane::Log {
                    app.scroll_max.set(max);
                }
            }
            RightView::History => history(app, f, rcol, b, app.chart),
        }
    }

    rationale_line(app, f, rationale, side);
}

/// Where this turn's events happened (site ids).
pub fn turn_sites(app: &App, s: &GameState) -> Vec<String> {
    let Some(sess) = &app.session else {
        return Vec::new();
    };
    let log = &sess.game.journal.log;
    let from = log
        .iter()
        .rposition(|e| matches!(e, crate::engine::LogEntry::TurnStart { .. }))
        .unwrap_or(0);
    let _ = s;
    log[from..]
        .iter()
        .filter_map(|e| match e {
            crate::engine::LogEntry::Event { event, .. }
            | crate::engine::LogEntry::Incident { event }
            | crate::engine::LogEntry::Injected { event } => {
                app.db.events[*event as usize].site.clone()
            }
            _ => None,
        })
        .collect()
}

fn map_panel(app: &App, f: &mut Frame, area: Rect, s: &GameState) {
    let sites = turn_sites(app, s);
    let title = map::title(&sites, "Map · no events on the map this turn");
    let b = panel(
        &app.theme,
        clip(&title, area.width.saturating_sub(4) as usize),
        false,
    );
    map::draw(f, area, b, &app.theme, &sites, &app.date());
}

fn hand_panel(app: &App, f: &mut Frame, area: Rect, ui: &PlanUi, s: &GameState, wide: bool) {
    let t = &app.theme;
    let side = ui.side;
    let hand = app.hand(side);
    let title = format!("{side} hand · Space play · s submit");
    let b = panel(t, title, ui.focus == Pane::Hand);
    let inner = b.inner(area);
    f.render_widget(b, area);
    let h = inner.height as usize;
    let start = if ui.hand_sel < h {
        0
    } else {
        ui.hand_sel + 1 - h
    };
    let w = inner.width as usize;
    for (row, (i, card)) in hand.iter().enumerate().skip(start).take(h).enumerate() {
        let y = inner.y + row as u16;
        let line = hand_row(
            app,
            s,
            side,
            *card,
            i == ui.hand_sel && ui.focus == Pane::Hand,
            w,
            wide,
        );
        let r = Rect {
            x: inner.x,
            y,
            width: inner.width,
            height: 1,
        };
        f.render_widget(Paragraph::new(line), r);
        hit(app, r, Action::Pick(i));
    }
}

fn hand_row<'a>(
    app: &App,
    s: &GameState,
    side: SideId,
    card: CardIx,
    selected: bool,
    w: usize,
    wide: bool,
) -> Line<'a> {
    let t = &app.theme;
    let db = &app.db;
    let c = &db.cards[card as usize];
    let planned = app.planned(side, card);
    let blocked = app.unplayable(side, card);
    let _ = s;
    let check = if planned { "[x]" } else { "[ ]" };
    let cursor = if selected { "▶" } else { " " };
    let kind = if wide {
        format!("{:<10}", describe::kind_label(c.kind))
    } else {
        describe::kind_glyph(c.kind).to_string()
    };
    let tail = format!(" {}PC {kind}", c.cost);
    let reason = match (&blocked, wide) {
        (Some(r), true) => format!("  ✗ {r}"),
        _ => String::new(),
    };
    let name_w = if wide {
        30.min(w.saturating_sub(5 + crate::tui::text::width(&tail)))
    } else {
        w.saturating_sub(5 + crate::tui::text::width(&tail))
    };
    let name = crate::tui::text::pad(&c.name, name_w);
    let base = if blocked.is_some() {
        t.disabled
    } else if planned {
        t.marked
    } else {
        t.base
    };
    let style = if selected { t.selected } else { base };
    let mut spans = vec![
        Span::styled(format!("{cursor}{check} "), style),
        Span::styled(name, style),
        Span::styled(
            tail,
            if selected {
                t.selected
            } else if blocked.is_some() {
                t.disabled
            } else {
                t.dim
            },
        ),
    ];
    if !reason.is_empty() {
        let used: usize = spans
            .iter()
            .map(|s| crate::tui::text::width(&s.content))
            .sum();
        spans.push(Span::styled(
            clip(&reason, w.saturating_sub(used)),
            t.disabled,
        ));
    }
    Line::from(spans)
}

fn card_panel(app: &App, f: &mut Frame, area: Rect, ui: &PlanUi, s: &GameState) {
    let b = panel(&app.theme, "Card · PgUp/PgDn scroll", false);
    let inner = b.inner(area);
    f.render_widget(b, area);
    card_text(app, f, inner, ui, s);
}

fn card_text(app: &App, f: &mut Frame, inner: Rect, ui: &PlanUi, s: &GameState) {
    let hand = app.hand(ui.side);
    let Some(card) = hand.get(ui.hand_sel).copied() else {
        return;
    };
    let lines = card_details(app, s, ui.side, card, inner.width as usize);
    let max_scroll = (lines.len() as u16).saturating_sub(inner.height);
    // PgUp/PgDn scroll this panel wherever the focus is, except on the log.
    if ui.focus != Pane::Log {
        app.scroll_max.set(max_scroll);
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((ui.detail_scroll.min(max_scroll), 0)),
        inner,
    );
}

fn rationale_line(app: &App, f: &mut Frame, area: Rect, side: SideId) {
    let t = &app.theme;
    let Some(d) = app.draft(side) else { return };
    let editing = app.editing == Some(Editing::Rationale(side));
    let label = if editing {
        " Rationale ✎ "
    } else {
        " Rationale (r) "
    };
    let lw = crate::tui::text::width(label) as u16;
    f.render_widget(
        Paragraph::new(Span::styled(label, if editing { t.key } else { t.accent })),
        Rect {
            width: lw.min(area.width),
            ..area
        },
    );
    let field = Rect {
        x: area.x + lw,
        width: area.width.saturating_sub(lw),
        ..area
    };
    let text = if d.rationale.text.is_empty() && !editing {
        Span::styled("why these moves? one line for the record", t.dim)
    } else {
        let (shown, cur) = d.rationale.window(field.width.saturating_sub(1) as usize);
        if editing {
            f.set_cursor_position(Position {
                x: field.x + 1 + cur as u16,
                y: field.y,
            });
        }
        Span::styled(shown, t.base)
    };
    f.render_widget(
        Paragraph::new(Line::from(vec![Span::raw(" "), text])),
        field,
    );
    hit(app, area, Action::EditText);
}
