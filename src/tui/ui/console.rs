//! The facilitator console (white cell): four tabs — inject an event from the deck, a free
//! inject with changes to numbers, an override with its reason, and the session controls
//! (pause, undo, reveal, end) — over the game, with what the last action did at the bottom.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::content::SideId;
use crate::engine::effects::cond_holds;
use crate::engine::text::{condition_text, meter_name};
use crate::engine::{MeterRef, Phase};

use super::super::app::{App, Editing};
use super::super::describe::{self, clip};
use super::super::facilitator::{
    ConsoleTab, ConsoleUi, NOT_DRAWN_HERE, OUT_OF_ITS_DATES, console_events, dates_text, event_kind,
};
use super::super::keys::Action;
use super::super::text_input::TextInput;
use super::super::view;
use super::{header, hit, is_wide, panel, wrap};

pub fn render(app: &App, f: &mut Frame, area: Rect, ui: &ConsoleUi) {
    let t = &app.theme;
    let Some(sess) = &app.session else { return };
    let s = &sess.game.state;
    let db = &app.db;
    let scen = &db.scenarios[s.scenario as usize];
    let [head, tabs, body, last] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(1),
    ])
    .areas(area);
    let phase = match s.phase {
        Phase::Planning => "planning",
        Phase::Responses { .. } => "answering offers",
        Phase::Crisis => "brink crisis",
        Phase::Over => "over",
    };
    header(
        app,
        f,
        head,
        format!(
            " BRINK · White cell · {} · turn {}/{} · {} · {phase}",
            scen.title,
            s.turn,
            app.game_turns(),
            s.date_of(db, s.turn)
        ),
        String::new(),
    );

    // The tabs, each a button.
    let mut x = tabs.x;
    let mut spans = Vec::new();
    for (i, tab) in ConsoleTab::ALL.iter().enumerate() {
        let label = format!(" {} {} ", i + 1, tab.label());
        let w = crate::tui::text::width(&label) as u16;
        spans.push(Span::styled(
            label,
            if *tab == ui.tab { t.selected } else { t.dim },
        ));
        spans.push(Span::raw(" "));
        hit(
            app,
            Rect {
                x,
                y: tabs.y,
                width: w.min(tabs.width.saturating_sub(x - tabs.x)),
                height: 1,
            },
            Action::Jump(i),
        );
        x += w + 1;
    }
    f.render_widget(Paragraph::new(Line::from(spans)), tabs);

    match ui.tab {
        ConsoleTab::Events => events(app, f, body, ui),
        ConsoleTab::Free => free(app, f, body, ui),
        ConsoleTab::Override => over(app, f, body, ui),
        ConsoleTab::Session => session(app, f, body, ui),
        ConsoleTab::Summary => summary(app, f, body, ui),
    }

    let text = match &ui.last {
        Some(m) => Span::styled(clip(&format!(" ▸ {m}"), last.width as usize), t.accent),
        None => Span::styled(
            " Everything done here goes in the game log as the facilitator's.",
            t.dim,
        ),
    };
    f.render_widget(Paragraph::new(Line::from(text)), last);
}

/// The status line's hint for the console.
pub fn hint(app: &App, ui: &ConsoleUi) -> String {
    match ui.tab {
        ConsoleTab::Events => {
            "Enter injects the highlighted event (asks first); / searches; Tab other tabs.".into()
        }
        ConsoleTab::Free => {
            "e types what happens; ↑↓ a number, ←→ change it; Enter asks, then applies.".into()
        }
        ConsoleTab::Override => {
            "↑↓ the number, v types a new value, r the reason; Enter asks, then sets it.".into()
        }
        ConsoleTab::Summary => {
            "What the table saw, for the projector: ←→ another turn, ↑↓ scroll.".into()
        }
        ConsoleTab::Session => {
            if app.paused() {
                "The session is paused: p (or the first row) resumes it.".into()
            } else {
                "Enter does the highlighted thing; p pauses at once from any tab.".into()
            }
        }
    }
}

/// A one-line text field with its label; sets the cursor while typing.
fn field(
    app: &App,
    f: &mut Frame,
    r: Rect,
    (label, placeholder): (&str, &str),
    input: &TextInput,
    editing: bool,
    click: Action,
) {
    let t = &app.theme;
    let lw = crate::tui::text::width(label) as u16;
    let fw = r.width.saturating_sub(lw + 1) as usize;
    let (shown, cur) = input.window(fw.saturating_sub(1));
    let body = if input.text.is_empty() && !editing {
        Span::styled(clip(placeholder, fw), t.dim)
    } else {
        Span::styled(
            format!("{shown:<fw$}"),
            if editing { t.selected } else { t.base },
        )
    };
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(label.to_string(), if editing { t.key } else { t.accent }),
            Span::raw(" "),
            body,
        ])),
        r,
    );
    if editing {
        f.set_cursor_position(Position {
            x: r.x + lw + 1 + cur as u16,
            y: r.y,
        });
    }
    hit(app, r, click);
}

fn events(app: &App, f: &mut Frame, area: Rect, ui: &ConsoleUi) {
    let t = &app.theme;
    let db = &app.db;
    let Some(sess) = &app.session else { return };
    let scenario = sess.game.state.scenario;
    let list = console_events(db, scenario, &ui.filter.text);
    let lw = if is_wide(area) {
        56
    } else {
        area.width * 47 / 100
    };
    let [la, da] = Layout::horizontal([Constraint::Length(lw), Constraint::Min(20)]).areas(area);
    let b = panel(
        t,
        format!("Event deck · {} of {}", list.len(), db.events.len()),
        true,
    );
    let inner = b.inner(la);
    f.render_widget(b, la);
    let editing = app.editing == Some(Editing::Filter);
    field(
        app,
        f,
        Rect { height: 1, ..inner },
        ("/", "search (press /)"),
        &ui.filter,
        editing,
        Action::EditText,
    );
    let rows = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    let h = rows.height as usize;
    let start = if ui.ev_sel < h { 0 } else { ui.ev_sel + 1 - h };
    let w = rows.width as usize;
    for (row, (i, e)) in list.iter().enumerate().skip(start).take(h).enumerate() {
        let ev = &db.events[*e as usize];
        let sel = i == ui.ev_sel;
        // Events only the facilitator can bring on: the inject-only ones, and those this
        // scenario never draws.
        let kind = event_kind(db, scenario, *e);
        let only = kind == "facilitator only" || kind == NOT_DRAWN_HERE;
        let off_date = kind == OUT_OF_ITS_DATES;
        let kind = match kind {
            "facilitator only" if w >= 50 => "facilitator only",
            NOT_DRAWN_HERE if w >= 50 => "not drawn here",
            OUT_OF_ITS_DATES if w >= 50 => "out of its dates",
            "facilitator only" | NOT_DRAWN_HERE => "inject",
            OUT_OF_ITS_DATES => "off date",
            "incident" => "incident",
            _ => "",
        };
        let kw = if w >= 50 { 16 } else { 8 };
        let nw = w.saturating_sub(3 + kw);
        let text = format!(
            "{}{} {:>kw$}",
            if sel { "▶ " } else { "  " },
            crate::tui::text::pad(&ev.name, nw),
            kind
        );
        let style = if sel {
            t.selected
        } else if off_date {
            t.dim
        } else if only {
            t.accent
        } else {
            t.base
        };
        let r = Rect {
            y: rows.y + row as u16,
            height: 1,
            ..rows
        };
        f.render_widget(Paragraph::new(Span::styled(clip(&text, w), style)), r);
        hit(app, r, Action::Pick(i));
    }
    if list.is_empty() {
        f.render_widget(
            Paragraph::new(Span::styled("  No event matches.", t.dim)),
            Rect { height: 1, ..rows },
        );
    }

    // The highlighted event.
    let b = panel(t, "What it does", false);
    let inner = b.inner(da);
    f.render_widget(b, da);
    let Some(e) = list.get(ui.ev_sel).copied() else {
        return;
    };
    let ev = &db.events[e as usize];
    let cev = &db.compiled_events[e as usize];
    let s = &sess.game.state;
    let w = inner.width as usize;
    let mut lines: Vec<Line> = vec![Line::from(Span::styled(ev.name.clone(), t.title))];
    let mut facts = vec![event_kind(db, scenario, e).to_string()];
    if let Some(a) = ev.actor {
        facts.push(format!("by {a}"));
    }
    if let Some(site) = &ev.site {
        facts.push(format!("at {}", super::super::map::site_name(site)));
    }
    lines.push(Line::from(Span::styled(facts.join(" · "), t.dim)));
    for l in wrap(&ev.description, w) {
        lines.push(Line::from(Span::styled(l, t.base)));
    }
    if event_kind(db, scenario, e) == OUT_OF_ITS_DATES {
        let why = format!(
            "Out of its dates in this scenario, {}: an inject would be a counterfactual.",
            dates_text(&ev.dates)
        );
        for l in wrap(&why, w) {
            lines.push(Line::from(Span::styled(l, t.warn)));
        }
    }
    let actor = ev.actor.unwrap_or(SideId::Us);
    let eff = describe::effects_text(db, &ev.effects, actor, None);
    if !eff.is_empty() {
        lines.push(Line::from(""));
        for l in wrap(&format!("Effects: {}", eff.join("; ")), w) {
            lines.push(Line::from(Span::styled(l, t.base)));
        }
    }
    if !ev.requires.is_empty() {
        for l in wrap("When drawn it needs (an inject fires regardless):", w) {
            lines.push(Line::from(Span::styled(l, t.dim)));
        }
        for (i, c) in ev.requires.iter().enumerate() {
            let ok = cev
                .requires
                .get(i)
                .is_some_and(|cc| cond_holds(db, s, cc, actor, None));
            for l in wrap(
                &format!("{} {}", if ok { "✓" } else { "✗" }, condition_text(db, c)),
                w,
            ) {
                lines.push(Line::from(Span::styled(l, if ok { t.good } else { t.bad })));
            }
        }
    }
    lines.push(Line::from(""));
    lines.extend(super::widgets::precedent_lines(
        db,
        s,
        t,
        &ev.precedent,
        &ev.earlier,
        w,
        false,
    ));
    f.render_widget(super::para(lines, inner), inner);
}

/// A scrolling list of the numbers with their value and a note per row.
fn meter_list(
    app: &App,
    f: &mut Frame,
    area: Rect,
    block: Block,
    sel: usize,
    note: impl Fn(MeterRef) -> (String, bool),
) {
    let t = &app.theme;
    let Some(sess) = &app.session else { return };
    let inner = block.inner(area);
    f.render_widget(block, area);
    let rows = app.console_meters();
    let h = inner.height as usize;
    let start = if sel < h.saturating_sub(1) {
        0
    } else {
        (sel + 2)
            .saturating_sub(h)
            .min(rows.len().saturating_sub(h))
    };
    let w = inner.width as usize;
    for (row, (i, m)) in rows.iter().enumerate().skip(start).take(h).enumerate() {
        let v = view::value_of(&sess.game.state, *m);
        let (extra, marked) = note(*m);
        let ew = crate::tui::text::width(&extra);
        let nw = w.saturating_sub(2 + 6 + ew);
        let text = format!(
            "{}{}{:>5} {extra}",
            if i == sel { "▶ " } else { "  " },
            crate::tui::text::pad(&meter_name(*m), nw),
            format!("{v:.0}")
        );
        let style = if i == sel {
            t.selected
        } else if marked {
            t.marked
        } else {
            t.base
        };
        let r = Rect {
            y: inner.y + row as u16,
            height: 1,
            ..inner
        };
        f.render_widget(Paragraph::new(Span::styled(clip(&text, w), style)), r);
        hit(app, r, Action::Pick(i));
    }
}

fn free(app: &App, f: &mut Frame, area: Rect, ui: &ConsoleUi) {
    let t = &app.theme;
    let Some(sess) = &app.session else { return };
    let [top, rest] = Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(area);
    let editing = app.editing == Some(Editing::FreeText);
    let b = panel(t, "What happens · e to type", editing);
    let inner = b.inner(top);
    f.render_widget(b, top);
    field(
        app,
        f,
        inner,
        (
            "›",
            "e.g. \"A CNN report says Yongbyon's reactor has restarted\"",
        ),
        &ui.free_text,
        editing,
        Action::EditText,
    );
    let lw = if is_wide(area) { 60 } else { area.width / 2 };
    let [la, ra] = Layout::horizontal([Constraint::Length(lw), Constraint::Min(20)]).areas(rest);
    let b = panel(t, "Numbers · ←→ ∓1 · PgDn/PgUp ∓5 · 0 none", !editing);
    meter_list(app, f, la, b, ui.free_sel, |m| {
        let d = ui.change_of(m);
        if d.abs() >= 0.05 {
            (format!("{d:>+4.0}"), true)
        } else {
            ("    ".into(), false)
        }
    });
    let b = panel(t, "This inject", false);
    let inner = b.inner(ra);
    f.render_widget(b, ra);
    let w = inner.width as usize;
    let mut lines = Vec::new();
    let text = ui.free_text.text.trim();
    if text.is_empty() {
        lines.push(Line::from(Span::styled(
            "No text yet: say what happens (e). It is read out in the resolution and kept in the log.",
            t.dim,
        )));
    } else {
        for l in wrap(&format!("Facilitator: {text}"), w) {
            lines.push(Line::from(Span::styled(l, t.base)));
        }
    }
    lines.push(Line::from(""));
    let rows = app.console_meters();
    let mut changes = ui.changes.clone();
    changes.sort_by_key(|(m, _)| rows.iter().position(|r| r == m));
    if changes.is_empty() {
        lines.push(Line::from(Span::styled(
            "No numbers change (a note only).",
            t.dim,
        )));
    }
    for (m, d) in &changes {
        let v = view::value_of(&sess.game.state, *m);
        for l in wrap(
            &format!("{} {d:+.0} ({v:.0} → about {:.0})", meter_name(*m), v + d),
            w,
        ) {
            lines.push(Line::from(Span::styled(l, t.accent)));
        }
    }
    lines.push(Line::from(""));
    for l in wrap("Enter applies it now, as the facilitator's.", w) {
        lines.push(Line::from(Span::styled(l, t.dim)));
    }
    f.render_widget(super::para(lines, inner), inner);
}

fn over(app: &App, f: &mut Frame, area: Rect, ui: &ConsoleUi) {
    let t = &app.theme;
    let Some(sess) = &app.session else { return };
    let lw = if is_wide(area) { 60 } else { area.width / 2 };
    let [la, ra] = Layout::horizontal([Constraint::Length(lw), Constraint::Min(20)]).areas(area);
    let typing = matches!(
        app.editing,
        Some(Editing::OverrideValue | Editing::OverrideReason)
    );
    let b = panel(t, "The number to set · ↑↓", !typing);
    meter_list(app, f, la, b, ui.ov_sel, |_| (String::new(), false));
    let b = panel(t, "Override · v value · r reason", typing);
    let inner = b.inner(ra);
    f.render_widget(b, ra);
    let rows = app.console_meters();
    let Some(m) = rows.get(ui.ov_sel).copied() else {
        return;
    };
    let now = view::value_of(&sess.game.state, m);
    let w = inner.width as usize;
    let mut y = inner.y;
    let line = |f: &mut Frame, y: &mut u16, l: Line| {
        if *y < inner.y + inner.height {
            f.render_widget(
                Paragraph::new(l),
                Rect {
                    y: *y,
                    height: 1,
                    ..inner
                },
            );
            *y += 1;
        }
    };
    line(
        f,
        &mut y,
        Line::from(Span::styled(
            clip(
                &format!(
                    "{} · now {now:.0} · allowed {lo:.0} to {hi:.0}",
                    meter_name(m),
                    lo = super::super::facilitator::override_range(m).0,
                    hi = super::super::facilitator::override_range(m).1
                ),
                w,
            ),
            t.title,
        )),
    );
    line(f, &mut y, Line::from(""));
    if y < inner.y + inner.height {
        field(
            app,
            f,
            Rect {
                y,
                height: 1,
                ..inner
            },
            ("New value", ""),
            &ui.value,
            app.editing == Some(Editing::OverrideValue),
            Action::EditValue,
        );
        y += 2;
    }
    if y < inner.y + inner.height {
        field(
            app,
            f,
            Rect {
                y,
                height: 1,
                ..inner
            },
            ("Reason   ", "required (r): why? it goes in the log"),
            &ui.reason,
            app.editing == Some(Editing::OverrideReason),
            Action::EditText,
        );
        y += 2;
    }
    let note = format!(
        "Typing v replaces the value. Enter asks before setting {} to {}; the log then says \"Facilitator: set {} to {} — <reason>\".",
        meter_name(m),
        if ui.value.text.is_empty() {
            "?"
        } else {
            &ui.value.text
        },
        meter_name(m),
        if ui.value.text.is_empty() {
            "?"
        } else {
            &ui.value.text
        },
    );
    for l in wrap(&note, w) {
        line(f, &mut y, Line::from(Span::styled(l, t.dim)));
    }
}

fn session(app: &App, f: &mut Frame, area: Rect, ui: &ConsoleUi) {
    let t = &app.theme;
    let Some(sess) = &app.session else { return };
    let fac = sess.fac.as_ref();
    let b = panel(t, "Session", true);
    let inner = b.inner(area);
    f.render_widget(b, area);
    let w = inner.width as usize;
    let mut y = inner.y;
    let bottom = inner.y + inner.height;
    for (i, (label, what)) in app.session_items().iter().enumerate() {
        let sel = i == ui.sess_sel;
        let mut lines = vec![Line::from(Span::styled(
            clip(&format!("{}{label}", if sel { "▶ " } else { "  " }), w),
            if sel { t.selected } else { t.base },
        ))];
        for l in wrap(what, w.saturating_sub(4)) {
            lines.push(Line::from(Span::styled(format!("    {l}"), t.dim)));
        }
        let h = (lines.len() as u16).min(bottom.saturating_sub(y));
        if h == 0 {
            break;
        }
        let r = Rect {
            y,
            height: h,
            ..inner
        };
        f.render_widget(super::para(lines, r), r);
        hit(app, r, Action::Pick(i));
        y += h;
    }
    // Where things stand.
    let mut facts = Vec::new();
    facts.push(if app.paused() {
        "State: PAUSED".to_string()
    } else {
        "State: running".to_string()
    });
    match fac.and_then(|f| f.timer) {
        Some(tm) => {
            let mut s = format!("Planning timer: {} min a side", tm.as_secs().div_ceil(60));
            if let Some(c) = app.clock() {
                s.push_str(&format!(" · {} has {} left", c.side, c.text()));
            }
            facts.push(s);
        }
        None => facts.push("Planning timer: off".into()),
    }
    if fac.is_some_and(|f| f.reveal) {
        facts.push("Hidden information: revealed to everyone".into());
    }
    let acts = sess
        .game
        .inputs
        .iter()
        .filter(|r| super::super::facilitator::is_facilitator_input(&r.input))
        .count();
    facts.push(format!("Facilitator entries in the log so far: {acts}"));
    if let Some(p) = &app.last_save {
        facts.push(format!("Autosaved to {}", p.display()));
    }
    y += 1;
    for l in facts {
        for x in wrap(&l, w) {
            if y >= bottom {
                break;
            }
            f.render_widget(
                Paragraph::new(Span::styled(x, t.dim)),
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
            );
            y += 1;
        }
    }
}

/// The class summary: one turn on one screen, in large plain lines a projector shows well.
fn summary(app: &App, f: &mut Frame, area: Rect, ui: &ConsoleUi) {
    let t = &app.theme;
    let Some(sess) = &app.session else { return };
    let turn = app.summary_turn(ui);
    let date = sess.game.state.date_of(&app.db, turn);
    let b = panel(
        t,
        format!("Class summary · turn {turn} · {date} · ←→ another turn"),
        true,
    );
    let inner = b.inner(area);
    f.render_widget(b, area);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let sections = view::class_summary(&app.db, &sess.game, turn);
    if sections.is_empty() {
        lines.push(Line::from(Span::styled("This turn has not begun.", t.dim)));
    }
    for (head, items) in sections {
        lines.push(Line::from(Span::styled(head, t.title)));
        for it in items {
            for l in crate::tui::text::wrap_hanging(&it, w, "  • ", "    ") {
                lines.push(Line::from(Span::styled(l, t.base)));
            }
        }
        lines.push(Line::from(""));
    }
    let lines = crate::tui::text::fit(lines, w);
    let h = inner.height as usize;
    if lines.len() > h {
        // A page less its last row, which says where the page is.
        let page = h.saturating_sub(1).max(1);
        let max = lines.len().saturating_sub(page);
        app.scroll_max.set(max.min(u16::MAX as usize) as u16);
        let top = (ui.sum_scroll as usize).min(max);
        let total = lines.len();
        let mut shown: Vec<Line> = lines.into_iter().skip(top).take(page).collect();
        shown.push(Line::from(Span::styled(
            format!(
                "lines {}–{} of {total} · ↑↓ PgUp/PgDn scroll",
                top + 1,
                (top + page).min(total)
            ),
            t.dim,
        )));
        f.render_widget(Paragraph::new(shown), inner);
    } else {
        app.scroll_max.set(0);
        f.render_widget(Paragraph::new(lines), inner);
    }
}
