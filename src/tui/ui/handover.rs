//! The privacy screen between hotseat players: whose turn it is and a short, public summary of
//! what that side has not yet seen. Nothing of the previous side's choices is on it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::engine::Decision;

use super::super::app::App;
use super::super::keys::Action;
use super::super::view;
use super::{centered, hit, panel, wrap};

pub fn render(app: &App, f: &mut Frame, area: Rect, p: Decision) {
    let Some(sess) = &app.session else { return };
    let t = &app.theme;
    let side = p.side();
    let g = &sess.game;
    let w = 70u16.min(area.width.saturating_sub(4));
    let summary = view::since_summary(
        &app.db,
        &g.state,
        &g.journal.log,
        side,
        sess.marks[side.index()].as_ref(),
    );
    let inner_w = w.saturating_sub(4) as usize;
    let mut summary = summary;
    if let Some(id) = p.offer()
        && let Some(o) = app.offer(id)
    {
        let kind = if o.is_cosign() {
            "a request to co-sign"
        } else if o.counter_of.is_some() {
            "a counter-offer"
        } else {
            "an offer"
        };
        summary.insert(
            0,
            format!(
                "Waiting for your answer: {kind} from {}: {}.",
                o.from, app.db.cards[o.card as usize].name
            ),
        );
    }
    let mut lines = vec![
        Line::from(""),
        Line::from(Span::styled(format!("Pass the screen to {side}"), t.title)).centered(),
        Line::from(""),
        Line::from(Span::styled(
            format!("{side}: it is your turn to {}.", p.what()),
            t.accent,
        ))
        .centered(),
        Line::from(Span::styled(
            "Everyone else: please look away until the next handover.",
            t.dim,
        ))
        .centered(),
    ];
    // A timed planning turn: say how long, before the clock starts.
    let timer = sess.fac.as_ref().and_then(|f| f.timer);
    if let (Decision::Plan { .. }, Some(tm)) = (p, timer) {
        let left = app
            .clock()
            .filter(|c| c.side == side)
            .map(|c| c.text())
            .unwrap_or_else(|| format!("{}:00", tm.as_secs() / 60));
        lines.push(
            Line::from(Span::styled(
                format!("⏱ {left} to plan; the clock starts when you press Space."),
                t.accent,
            ))
            .centered(),
        );
    }
    lines.extend([
        Line::from(""),
        Line::from(Span::styled(
            if sess.marks[side.index()].is_some() {
                "Since your last turn"
            } else {
                "The situation"
            },
            t.title,
        )),
    ]);
    for s in summary {
        for (i, l) in wrap(&s, inner_w.saturating_sub(2)).into_iter().enumerate() {
            let prefix = if i == 0 { "• " } else { "  " };
            lines.push(Line::from(Span::styled(format!("{prefix}{l}"), t.base)));
        }
    }
    lines.push(Line::from(""));
    // On a short screen the summary gives way to the button.
    let room = area.height.saturating_sub(4) as usize;
    if lines.len() > room && room > 1 {
        lines.truncate(room - 1);
        lines.push(Line::from(Span::styled("  … and more in the log.", t.dim)));
    }
    let h = (lines.len() as u16 + 4).min(area.height);
    let r = centered(area, w, h);
    let b = panel(t, format!("Handover · turn {}", g.state.turn), true);
    let inner = b.inner(r);
    f.render_widget(b, r);
    f.render_widget(super::para(lines, inner), inner);
    let btn = format!(" Space — I am {side} ");
    let bw = crate::tui::text::width(&btn) as u16;
    let br = Rect {
        x: inner.x + inner.width.saturating_sub(bw) / 2,
        y: inner.y + inner.height.saturating_sub(1),
        width: bw.min(inner.width),
        height: 1,
    };
    f.render_widget(Paragraph::new(Span::styled(btn, t.key)), br);
    hit(app, br, Action::Ready);
}
