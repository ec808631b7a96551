//! Drawing: `render(&App, &mut Frame)` and one file per screen. Rendering never changes the
//! game; it only records where clickable things were drawn (`App::hits`).

mod console;
mod crisis;
mod debrief;
mod handover;
mod newgame;
mod overlays;
mod package;
mod planning;
mod replay;
mod resolution;
mod respond;
mod saves;
mod title;
pub mod widgets;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::app::{App, MIN_H, MIN_W, Screen, WIDE_H, WIDE_W};
use super::keys::{self, Action};
use super::theme::Theme;

/// Draws the whole screen.
pub fn render(app: &App, f: &mut Frame) {
    app.hits.borrow_mut().clear();
    let area = f.area();
    f.render_widget(Block::default().style(app.theme.base), area);
    if area.width < MIN_W || area.height < MIN_H {
        too_small(app, f, area);
        if app.overlay.is_some() {
            overlays::render(app, f, area);
        }
        return;
    }
    let [body, status, footer] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    // A paused session says so on every screen, above everything else.
    let body = if app.paused() {
        let [banner, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
        paused_banner(app, f, banner);
        rest
    } else {
        body
    };
    match &app.screen {
        Screen::Title => title::render(app, f, body),
        Screen::NewGame => newgame::render(app, f, body),
        Screen::Handover(p) => handover::render(app, f, body, *p),
        Screen::Planning(ui) => planning::render(app, f, body, ui),
        Screen::Package(ui) => package::render(app, f, body, ui),
        Screen::Respond(ui) => respond::render(app, f, body, ui),
        Screen::Resolution(ui) => resolution::render(app, f, body, ui),
        Screen::Crisis(ui) => crisis::render(app, f, body, ui),
        Screen::Debrief(ui) => debrief::render(app, f, body, ui),
        Screen::Saves(ui) => saves::render(app, f, body, ui),
        Screen::Console(ui) => console::render(app, f, body, ui),
        Screen::Replay(ui) => replay::render(app, f, body, ui),
    }
    status_line(app, f, status);
    footer_line(app, f, footer);
    if app.overlay.is_some() {
        overlays::render(app, f, body);
    }
}

/// The bar across the top of every screen while the facilitator has paused the session.
fn paused_banner(app: &App, f: &mut Frame, area: Rect) {
    let t = &app.theme;
    let style = t.warn.add_modifier(Modifier::REVERSED | Modifier::BOLD);
    let text = if area.width >= 100 {
        "⏸  PAUSED by the facilitator · nothing moves until the session resumes (F, then p)"
    } else {
        "⏸  PAUSED by the facilitator · F, then p resumes"
    };
    f.render_widget(
        Paragraph::new(Line::from(Span::styled(text, style)))
            .centered()
            .style(style),
        area,
    );
}

/// Whether a frame of this size gets the roomy layout.
pub fn is_wide(area: Rect) -> bool {
    area.width >= WIDE_W && area.height + 2 >= WIDE_H
}

/// Records a clickable region.
pub fn hit(app: &App, r: Rect, a: Action) {
    if r.width > 0 && r.height > 0 {
        app.hits.borrow_mut().push((r, a));
    }
}

/// A bordered panel; focused panels get the focus style and a heavier border.
pub fn panel<'a>(theme: &Theme, title: impl Into<String>, focused: bool) -> Block<'a> {
    let title: String = title.into();
    let (bs, ts) = if focused {
        (theme.border_focus, theme.title)
    } else {
        (theme.border, theme.title)
    };
    let mut b = Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(bs);
    if !title.is_empty() {
        let mark = if focused && theme.mono { "▶ " } else { "" };
        b = b.title(Line::from(vec![Span::styled(
            format!(" {mark}{title} "),
            ts,
        )]));
    }
    b
}

/// A centred rectangle of at most `w`×`h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Clears `r` and draws a bordered popup there.
pub fn popup(f: &mut Frame, theme: &Theme, r: Rect, title: &str, warn: bool) -> Rect {
    f.render_widget(Clear, r);
    let style = if warn { theme.warn } else { theme.title };
    let b = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(if warn { theme.warn } else { theme.border_focus })
        .title(Line::from(Span::styled(format!(" {title} "), style)))
        .style(theme.base);
    let inner = b.inner(r);
    f.render_widget(b, r);
    inner
}

fn too_small(app: &App, f: &mut Frame, area: Rect) {
    let t = &app.theme;
    let lines = vec![
        Line::from(Span::styled("Terminal too small", t.warn)),
        Line::from(""),
        Line::from(format!("Brink needs at least {MIN_W}×{MIN_H};")),
        Line::from(format!("this one is {}×{}.", area.width, area.height)),
        // Two short lines, so that the advice fits a terminal as narrow as 30 columns.
        Line::from("Enlarge the window"),
        Line::from("(or make the font smaller)."),
        Line::from(Span::styled("q quit", t.dim)),
    ];
    let h = (lines.len() as u16).min(area.height);
    let r = Rect {
        x: area.x,
        y: area.y + area.height.saturating_sub(h) / 2,
        width: area.width,
        height: h,
    };
    f.render_widget(Paragraph::new(lines).centered(), r);
}

/// The info line above the footer: the app's status, or the screen's own hint.
fn status_line(app: &App, f: &mut Frame, area: Rect) {
    let t = &app.theme;
    // The console shows its last news itself.
    let status = match &app.screen {
        Screen::Console(ui) if ui.last == app.status => &None,
        _ => &app.status,
    };
    let error = app
        .ai_error
        .as_ref()
        .map(|(_, e)| e)
        .or(app.save_error.as_ref());
    // A computer thinking leads the line; the news, if any, follows it.
    if let Some((side, elapsed)) = app.thinking() {
        let frame = SPINNER[(elapsed.as_millis() / 100) as usize % SPINNER.len()];
        let mut spans = vec![Span::styled(
            format!(" {frame} {side} is thinking…"),
            t.accent.add_modifier(Modifier::BOLD),
        )];
        if let Some(s) = status {
            spans.push(Span::styled(format!("  {s}"), t.dim));
        } else if let Some(e) = error {
            spans.push(Span::styled(format!("  ⚠ {e}"), t.warn));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    let text = match (status, error) {
        (Some(s), _) => Line::from(Span::styled(format!(" {s}"), t.accent)),
        (None, Some(e)) => Line::from(Span::styled(format!(" ⚠ {e}"), t.warn)),
        // A hint longer than the line ends in an ellipsis rather than mid-word.
        (None, None) => Line::from(Span::styled(
            format!(
                " {}",
                super::describe::clip(&hint(app), (area.width as usize).saturating_sub(1))
            ),
            t.dim,
        )),
    };
    f.render_widget(Paragraph::new(text), area);
}

/// The thinking indicator's frames, a tenth of a second each.
const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

fn hint(app: &App) -> String {
    let db = &app.db;
    match &app.screen {
        Screen::Title => "A tabletop exercise in nuclear diplomacy on the Korean peninsula.".into(),
        Screen::NewGame => match app.form.field {
            super::app::Field::Seed => {
                "The seed: e types one, R draws a fresh one (the same seed and moves replay the same game).".into()
            }
            super::app::Field::Length if app.form.length > 0 => {
                let c = app.form_lengths().get(app.form.length).copied();
                match c {
                    Some(c) if c.months > 1 => format!(
                        "A class length: {} turns of {} months each; then the debrief.",
                        c.turns, c.months
                    ),
                    _ => "A class length: after these turns the session goes to the debrief."
                        .into(),
                }
            }
            super::app::Field::Length => {
                "How many turns: the whole game, or a shorter class length the scenario offers.".into()
            }
            super::app::Field::Facilitator => {
                "A facilitator runs the session from a console (F): injects, pause, undo.".into()
            }
            super::app::Field::Timer => {
                "Planning time per side and turn; at zero the plan goes in as it stands.".into()
            }
            // Who the highlighted computer seat is, in the persona's own words.
            super::app::Field::Seats => app
                .form_sides()
                .get(app.form.seat_sel)
                .and_then(|side| match &app.form.seats[side.index()] {
                    super::seats::Seat::Computer(spec) => {
                        crate::ai::describe_spec(db, spec).map(|d| format!("{}: {d}", side.label()))
                    }
                    super::seats::Seat::Human => None,
                })
                .unwrap_or_else(|| {
                    "A human plays this side at the screen; ←→ picks a computer opponent.".into()
                }),
            _ => "Choose a scenario and who plays each side, then press Enter to start.".into(),
        },
        Screen::Handover(p) => format!(
            "Only {} should look at the next screen: Space when {} is ready.",
            p.side(),
            p.side()
        ),
        Screen::Planning(ui) => {
            let side = ui.side;
            let card = app.hand(side).get(ui.hand_sel).copied();
            if ui.focus == super::app::Pane::Meters {
                return "Enter or w: the ledger of the selected meter — every change and its cause.".into();
            }
            if let Some(c) = card
                && let Some(why) = app.unplayable(side, c)
            {
                return format!("✗ {}: {why}", db.cards[c as usize].name);
            }
            let Some(sess) = &app.session else {
                return String::new();
            };
            let d = &sess.drafts[side.index()];
            let spent: i32 = d
                .moves
                .iter()
                .map(|m| db.compiled_cards[m.card as usize].cost as i32)
                .sum();
            let pc = sess.game.state.sides[side.index()].pc;
            format!(
                "{side}: {} PC left, {} of {} moves planned. Space adds a card; s submits.",
                pc - spent,
                d.moves.len(),
                db.rules.move_limit
            )
        }
        Screen::Package(_) => {
            "Tick provisions with Space; Enter uses the package; Esc leaves it unchanged.".into()
        }
        Screen::Respond(ui) if app.can_counter(ui.offer) => {
            "a accept, x reject or c counter chooses; Enter gives the answer (it is final).".into()
        }
        Screen::Respond(_) => {
            "a accept or x reject chooses; Enter gives the answer (it is final).".into()
        }
        Screen::Resolution(ui) if ui.summary => {
            "The turn at a glance: Enter goes on; → the steps one by one, a all.".into()
        }
        Screen::Resolution(ui) if ui.shown < ui.steps.len() => {
            "→ or Enter shows the next step; a shows them all.".into()
        }
        Screen::Resolution(_) => {
            "Every step is shown: ↑↓ or PgUp scroll back; Enter goes on.".into()
        }
        Screen::Crisis(_) => {
            "Choose in secret: f stand firm or b back down, then Enter to confirm.".into()
        }
        Screen::Debrief(ui) if ui.report.is_some() => ui.report.clone().unwrap_or_default(),
        Screen::Debrief(_) if app.replay.is_some() => {
            "Tab: sections; ↑↓/PgUp/PgDn scroll; R writes the report; Enter: the replay.".into()
        }
        Screen::Debrief(_) => {
            "Tab: sections; ↑↓/PgUp/PgDn scroll; R writes the report; Enter: title.".into()
        }
        Screen::Saves(_) => "Each save is checked by replaying it before the game resumes.".into(),
        Screen::Console(ui) => console::hint(app, ui),
        Screen::Replay(_) => {
            "→ one input, PgDn a turn, Home/End the ends; w: WHY, as of this point.".into()
        }
    }
}

/// The key hints: from the one key table, as many as fit, `? help` always last.
fn footer_line(app: &App, f: &mut Frame, area: Rect) {
    let t = &app.theme;
    let ctx = app.ctx();
    // Keys that wait while a computer thinks are left out until it has chosen.
    let items = keys::footer_in(ctx, app.facilitator())
        .into_iter()
        .filter(|(k, _)| footer_action(app, k).is_none_or(|a| !app.waits_for_computers(&a)))
        // "counter" only where a counter is allowed (an original offer with a package).
        .filter(|(k, _)| {
            footer_action(app, k) != Some(Action::Counter)
                || matches!(&app.screen, Screen::Respond(ui) if app.can_counter(ui.offer))
        });
    let (main, mut global): (Vec<_>, Vec<_>) = items
        .into_iter()
        .partition(|(k, _)| !matches!(*k, "?" | "q" | "F"));
    // Always at the right end, in one order: console, help, quit.
    global.sort_by_key(|(k, _)| ["F", "?", "q"].iter().position(|x| x == k));
    let width = area.width as usize;
    let cost = |(k, d): &(&str, &str)| super::text::width(k) + super::text::width(d) + 3;
    let reserve: usize = global.iter().map(cost).sum();
    let mut spans = Vec::new();
    let mut used = 0;
    let mut x = area.x;
    for item in main.iter() {
        let c = cost(item);
        if used + c + reserve > width {
            break;
        }
        push_key(app, &mut spans, &mut x, area.y, item);
        used += c;
    }
    let pad = width.saturating_sub(used + reserve);
    if pad > 0 {
        spans.push(Span::raw(" ".repeat(pad)));
        x += pad as u16;
    }
    for item in global.iter() {
        push_key(app, &mut spans, &mut x, area.y, item);
    }
    f.render_widget(Paragraph::new(Line::from(spans)).style(t.base), area);
}

fn push_key<'a>(
    app: &App,
    spans: &mut Vec<Span<'a>>,
    x: &mut u16,
    y: u16,
    (k, d): &(&'a str, &'a str),
) {
    let t = &app.theme;
    let w = (super::text::width(k) + super::text::width(d) + 3) as u16;
    spans.push(Span::styled(format!(" {k} "), t.key));
    spans.push(Span::styled(format!("{d} "), t.key_desc));
    // Footer keys are buttons too.
    if let Some(a) = footer_action(app, k) {
        hit(
            app,
            Rect {
                x: *x,
                y,
                width: w,
                height: 1,
            },
            a,
        );
    }
    *x += w;
}

fn footer_action(app: &App, shown: &str) -> Option<Action> {
    let ctx = app.ctx();
    let parent = ctx.parent();
    keys::KEYS
        .iter()
        .filter(|b| b.ctx == ctx || Some(b.ctx) == parent)
        .chain(
            keys::KEYS
                .iter()
                .filter(|b| b.ctx == keys::KeyContext::Global),
        )
        .find(|b| b.shown == shown)
        .map(|b| b.action.clone())
}

/// Word-wraps `text` to `width` terminal cells (the one text layout: `tui::text`).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    super::text::wrap(text, width)
}

/// Wrapped lines in one style.
pub fn wrapped<'a>(text: &str, width: usize, style: Style) -> Vec<Line<'a>> {
    super::text::wrapped(text, width, style)
}

/// A paragraph of `lines` made to fit `area`: a line wider than the area is wrapped, never cut
/// at the border (see `text::fit`).
pub fn para<'a>(lines: Vec<Line<'a>>, area: Rect) -> Paragraph<'a> {
    Paragraph::new(super::text::fit(lines, area.width as usize))
}

/// "+1.5" or "+1.0 to +2.5".
pub fn fmt_range(lo: f32, hi: f32) -> String {
    if (hi - lo).abs() < 0.15 {
        format!("{:+.1}", (lo + hi) / 2.0)
    } else {
        format!("{lo:+.1} to {hi:+.1}")
    }
}

/// A header bar: title on the left, detail on the right — and, while a side plans against
/// the clock, its time left at the right end (every screen's header shows it).
pub fn header(app: &App, f: &mut Frame, area: Rect, left: String, right: String) {
    let t = &app.theme;
    let w = area.width as usize;
    let clock = clock_label(app);
    let cw = clock
        .as_ref()
        .map(|(c, _)| super::text::width(c) + 1)
        .unwrap_or(0);
    // The right-hand side is the short status (budget, moves, provisions ticked, seed): it
    // keeps its room, up to half the line, and the title is clipped instead.
    let r = super::describe::clip(&right, w.saturating_sub(cw) / 2);
    let l = super::describe::clip(&left, w.saturating_sub(super::text::width(&r) + 1 + cw));
    let pad = w.saturating_sub(super::text::width(&l) + super::text::width(&r) + cw);
    let mut spans = vec![
        Span::styled(l, t.header),
        Span::styled(" ".repeat(pad), t.header),
        Span::styled(r, t.header),
    ];
    if let Some((c, low)) = clock {
        let style = if low {
            t.warn.add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            t.header.add_modifier(Modifier::BOLD)
        };
        spans.push(Span::styled(c, style));
        spans.push(Span::styled(" ", t.header));
    }
    f.render_widget(Paragraph::new(Line::from(spans)).style(t.header), area);
}

/// "⏱ US 4:59" while a side plans against the clock; true when under 30 seconds are left.
pub fn clock_label(app: &App) -> Option<(String, bool)> {
    let c = app.clock()?;
    // ⏸: the clock is not running (paused, the console is open, or it waits for its side).
    let state = if app.clock_running() { "" } else { " ⏸" };
    Some((
        format!("⏱ {} {}{state}", c.side, c.text()),
        c.left.as_secs() < 30 && state.is_empty(),
    ))
}
