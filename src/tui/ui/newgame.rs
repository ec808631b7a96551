//! New game: the scenarios with their date and brief, who plays each side, the seed (shown and
//! editable) and the number of turns.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::app::{App, Editing, Field};
use super::super::describe::clip;
use super::super::keys::Action;
use super::{header, hit, panel, wrap};

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let t = &app.theme;
    let db = &app.db;
    let form = &app.form;
    let [head, top, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(8),
        Constraint::Length(7),
    ])
    .areas(area);
    header(
        app,
        f,
        head,
        " BRINK · New game".into(),
        "Tab next field · Enter start ".into(),
    );

    let [list, brief] =
        Layout::horizontal([Constraint::Length(32), Constraint::Min(20)]).areas(top);
    let b = panel(t, "Scenario", form.field == Field::Scenario);
    let inner = b.inner(list);
    f.render_widget(b, list);
    for (i, ix) in app
        .scenario_order()
        .into_iter()
        .enumerate()
        .take(inner.height as usize)
    {
        let s = &db.scenarios[ix];
        let sel = ix == form.scenario;
        let r = Rect {
            y: inner.y + i as u16,
            height: 1,
            ..inner
        };
        let cursor = if sel { "▶" } else { " " };
        let w = inner.width as usize;
        let tw = w.saturating_sub(10);
        let text = format!(
            "{cursor}{} {}",
            crate::tui::text::pad(&s.title, tw),
            s.start
        );
        let style = if sel && form.field == Field::Scenario {
            t.selected
        } else if sel {
            t.marked
        } else {
            t.base
        };
        f.render_widget(Paragraph::new(Span::styled(text, style)), r);
        hit(app, r, Action::Pick(i));
    }

    if let Some(s) = db.scenarios.get(form.scenario) {
        let title = format!(
            "{} · from {} · {} turns of {} month{}",
            s.title,
            s.start,
            s.turns,
            s.turn_months,
            if s.turn_months == 1 { "" } else { "s" }
        );
        // The block is drawn once the text is known: its title says when there is more.
        let inner = panel(t, String::new(), false).inner(brief);
        let w = inner.width as usize;
        let mut lines = Vec::new();
        for (i, para) in s.brief.split('\n').enumerate() {
            let style = if i == 0 { t.base } else { t.accent };
            for l in wrap(para, w) {
                lines.push(Line::from(Span::styled(l, style)));
            }
        }
        // The starting point and what each side is playing for, where there is room.
        lines.push(Line::from(""));
        let p = &s.programme;
        let start = format!(
            "Starting point: tension {:.0} ({}) · sanctions {:.0} · verification {:.0} · warheads ~{:.0} ({:.0}–{:.0}) · ICBM readiness {:.0}",
            s.tension,
            db.rung_name(s.tension),
            s.sanctions,
            s.verification,
            (p.warhead_band.0 + p.warhead_band.1) / 2.0,
            p.warhead_band.0,
            p.warhead_band.1,
            p.icbm_readiness
        );
        for l in wrap(&start, w) {
            lines.push(Line::from(Span::styled(l, t.dim)));
        }
        for ss in &s.sides {
            lines.push(Line::from(""));
            let objs: Vec<String> = ss
                .objectives
                .iter()
                .map(|o| format!("{} ({:.0})", o.name, o.weight))
                .collect();
            lines.push(Line::from(Span::styled(
                format!("{} plays for:", ss.side.label()),
                t.title,
            )));
            for l in wrap(&objs.join(" · "), w) {
                lines.push(Line::from(Span::styled(l, t.base)));
            }
        }
        let lines = crate::tui::text::fit(lines, inner.width as usize);
        let max = (lines.len() as u16).saturating_sub(inner.height);
        app.scroll_max.set(max);
        let scroll = app.form.brief_scroll.min(max);
        let more = match (scroll > 0, scroll < max) {
            (false, true) => " · PgDn more",
            (true, true) => " · PgUp/PgDn",
            (true, false) => " · PgUp back",
            (false, false) => "",
        };
        let title = format!(
            "{}{more}",
            clip(
                &title,
                (brief.width.saturating_sub(4) as usize)
                    .saturating_sub(crate::tui::text::width(more))
            )
        );
        f.render_widget(panel(t, title, false), brief);
        f.render_widget(
            Paragraph::new(crate::tui::text::fit(lines, inner.width as usize)).scroll((scroll, 0)),
            inner,
        );
    }

    let [seats_area, seed_area] =
        Layout::horizontal([Constraint::Min(30), Constraint::Length(30)]).areas(bottom);
    let b = panel(
        t,
        "Who plays each side · ←→ change",
        form.field == Field::Seats,
    );
    let inner = b.inner(seats_area);
    f.render_widget(b, seats_area);
    let nsc = db.scenarios.len();
    for (k, side) in app
        .form_sides()
        .iter()
        .enumerate()
        .take(inner.height as usize)
    {
        let sel = k == form.seat_sel && form.field == Field::Seats;
        let seat = &form.seats[side.index()];
        let r = Rect {
            y: inner.y + k as u16,
            height: 1,
            ..inner
        };
        let row = |label: &str| {
            if sel {
                format!("▶ {:<7} ◀ {label} ▶", side.label())
            } else {
                format!("  {:<7}   {label}", side.label())
            }
        };
        // Where "Computer: hold-the-deterrent:normal" does not fit, the persona alone does
        // (a human seat says "Human"), so the arrows stay on screen.
        let mut text = row(&seat.label());
        if crate::tui::text::width(&text) > inner.width as usize {
            text = row(seat.label().trim_start_matches("Computer: "));
        }
        let style = if sel {
            t.selected
        } else if seat.is_human() {
            t.accent
        } else {
            t.base
        };
        f.render_widget(
            Paragraph::new(Span::styled(clip(&text, inner.width as usize), style)),
            r,
        );
        hit(app, r, Action::Pick(nsc + k));
    }

    let b = panel(
        t,
        "Seed, facilitator, start",
        matches!(
            form.field,
            Field::Seed | Field::Facilitator | Field::Timer | Field::Start
        ),
    );
    let inner = b.inner(seed_area);
    f.render_widget(b, seed_area);
    let editing = app.editing == Some(Editing::Seed);
    let seed_style = if form.field == Field::Seed {
        t.selected
    } else {
        t.base
    };
    let (shown, cur) = form.seed.window(14);
    let seed_r = Rect { height: 1, ..inner };
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("Seed ", t.dim),
            Span::styled(format!("{shown:<14}"), seed_style),
        ])),
        seed_r,
    );
    if editing {
        f.set_cursor_position(Position {
            x: inner.x + 5 + cur as u16,
            y: inner.y,
        });
    }
    hit(app, seed_r, Action::EditText);
    // The class length: the whole game, or a shorter one the scenario offers.
    if inner.height >= 2 {
        let lengths = app.form_lengths();
        let n = lengths.get(form.length).copied().unwrap_or(lengths[0]);
        // (A class length is drawn in the accent style; the status line names it.)
        // (Short, to fit the panel at 80 columns: the hint below says it in words.)
        let value = if n.months > 1 {
            format!("{} × {} months", n.turns, n.months)
        } else {
            format!("{} turns", n.turns)
        };
        let sel = form.field == Field::Length;
        let text = if sel {
            format!("Length      ◀ {value} ▶")
        } else {
            format!("Length        {value}")
        };
        let style = if sel {
            t.selected
        } else if form.length > 0 {
            t.accent
        } else {
            t.base
        };
        let r = Rect {
            y: inner.y + 1,
            height: 1,
            ..inner
        };
        f.render_widget(
            Paragraph::new(Span::styled(clip(&text, inner.width as usize), style)),
            r,
        );
        hit(app, r, Action::Pick(nsc + app.form_sides().len() + 2));
    }
    // Facilitator mode and the planning timer (which comes with it).
    let nsides = app.form_sides().len();
    let mins = super::super::app::TIMER_CHOICES[form.timer.min(7)];
    let rows = [
        (
            Field::Facilitator,
            "Facilitator",
            if form.facilitator { "on" } else { "off" }.to_string(),
            form.facilitator,
        ),
        (
            Field::Timer,
            "Plan timer",
            if mins == 0 {
                "off".to_string()
            } else {
                format!("{mins} min")
            },
            mins > 0,
        ),
    ];
    for (k, (field, label, value, on)) in rows.into_iter().enumerate() {
        let y = inner.y + 2 + k as u16;
        if y + 1 >= inner.y + inner.height {
            break;
        }
        let sel = form.field == field;
        let text = if sel {
            format!("{label:<12}◀ {value} ▶")
        } else {
            format!("{label:<12}  {value}")
        };
        let style = if sel {
            t.selected
        } else if on {
            t.accent
        } else {
            t.base
        };
        let r = Rect {
            y,
            height: 1,
            ..inner
        };
        f.render_widget(
            Paragraph::new(Span::styled(clip(&text, inner.width as usize), style)),
            r,
        );
        hit(app, r, Action::Pick(nsc + nsides + k));
    }
    if inner.height >= 4 {
        let label = " Start ▶ ";
        let r = Rect {
            x: inner.x,
            y: inner.y + inner.height - 1,
            width: (crate::tui::text::width(label) as u16).min(inner.width),
            height: 1,
        };
        let style = if form.field == Field::Start {
            t.selected
        } else {
            t.key
        };
        f.render_widget(Paragraph::new(Span::styled(label, style)), r);
        hit(app, r, Action::Select);
    }
}
