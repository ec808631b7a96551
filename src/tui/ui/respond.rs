//! Answering an offer: who offers what, the package line by line, what accepting or rejecting
//! does, and the three answers.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::app::{App, Editing, RespondUi};
use super::super::describe::{self, clip};
use super::super::keys::Action;
use super::super::view::Viewer;
use super::widgets::meters_panel;
use super::{header, hit, is_wide, panel, wrap};

pub fn render(app: &App, f: &mut Frame, area: Rect, ui: &RespondUi) {
    let t = &app.theme;
    let db = &app.db;
    let Some(sess) = &app.session else { return };
    let s = &sess.game.state;
    let Some(o) = app.offer(ui.offer) else { return };
    let card = &db.cards[o.card as usize];
    let [head, body, buttons, rationale] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(6),
        Constraint::Length(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let kind = if o.is_cosign() {
        "a request to co-sign"
    } else if o.counter_of.is_some() {
        "a counter-offer"
    } else {
        "an offer"
    };
    header(
        app,
        f,
        head,
        format!(
            " BRINK · turn {} · {} answers {kind} from {}",
            s.turn, ui.side, o.from
        ),
        format!("{} ", s.date_of(db, s.turn)),
    );
    // A counter-offer carries the original card; if accepted, the card works as the original
    // offerer's (the engine applies it so).
    // A request to co-sign is about its principal (the offer or counter that would bind this
    // side), which is aimed at someone else.
    let principal = o.cosign_of.and_then(|id| app.offer(id));
    let original = o.counter_of.and_then(|id| app.offer(id));
    // The offer a counter changed, where this is one or a co-sign request for one: the card is
    // that offer's, its words and its effects as its sender's.
    let countered = original.or_else(|| principal?.counter_of.and_then(|id| app.offer(id)));
    let (card_actor, card_target) = match (countered, principal) {
        (Some(orig), _) => (orig.from, orig.to),
        (None, Some(p)) => (p.from, p.to),
        (None, None) => (o.from, o.to),
    };
    let (main, side_area) = if is_wide(area) {
        let [a, b] = Layout::horizontal([Constraint::Min(40), Constraint::Length(40)]).areas(body);
        (a, Some(b))
    } else {
        (body, None)
    };
    // The card's name goes in the title only where the title stays short; co-sign requests
    // and counters name it on the first line instead (a long name cut off at the border, or
    // one with quotes of its own inside our quotes, reads badly).
    let (title, named) = if let Some(p) = principal {
        let what = if p.counter_of.is_some() {
            "counter-offer"
        } else {
            "offer"
        };
        (
            format!("{} asks {} to co-sign its {what} to {}", p.from, o.to, p.to),
            true,
        )
    } else if original.is_some() {
        (
            format!(
                "{} counters {}'s offer with a changed package",
                o.from, o.to
            ),
            true,
        )
    } else {
        (format!("{} offers {}: {}", o.from, o.to, card.name), false)
    };
    // The block is drawn once the text is known, so that its title can say when there is
    // more below than fits.
    let inner = panel(t, String::new(), true).inner(main);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    if named {
        for l in wrap(&card.name, w) {
            lines.push(Line::from(Span::styled(l, t.title)));
        }
    }
    // Who changed the package, where it was changed.
    let by = principal.map_or(o.from, |p| p.from);
    if let Some(first) = countered {
        let said = format!(
            "{from}'s offer, with the package as {by} changed it. As {from} first put it:",
            from = first.from
        );
        for l in wrap(&said, w) {
            lines.push(Line::from(Span::styled(l, t.dim)));
        }
    }
    for l in wrap(&card.description, w) {
        lines.push(Line::from(Span::styled(l, t.base)));
    }
    if !o.package.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled("The package:", t.title)));
        // A changed package says what changed, so the side need not compare it with the one
        // it sent from memory.
        if let Some(said) = countered
            .and_then(|first| describe::package_change_text(db, &first.package, &o.package, by))
        {
            for l in wrap(&said, w) {
                lines.push(Line::from(Span::styled(l, t.dim)));
            }
        }
        for p in &o.package {
            let pr = &db.provisions[*p as usize];
            let v = describe::provision_value(db, *p, ui.side);
            let added = countered.is_some_and(|first| !first.package.contains(p));
            let head = format!(
                "• {}{} ({}; worth {v:+.0} to {})",
                pr.name,
                if added { " [added]" } else { "" },
                describe::obligations_text(db, *p),
                ui.side
            );
            for (k, l) in wrap(&head, w).into_iter().enumerate() {
                let l = if k == 0 { l } else { format!("  {l}") };
                lines.push(Line::from(Span::styled(l, t.accent)));
            }
            for l in wrap(&pr.description, w.saturating_sub(2)) {
                lines.push(Line::from(Span::styled(format!("  {l}"), t.base)));
            }
            let mut fx = describe::effects_text(db, &pr.on_sign, card_actor, Some(card_target));
            fx.extend(
                describe::effects_text(db, &pr.per_turn, card_actor, Some(card_target))
                    .into_iter()
                    .map(|e| format!("{e} each turn")),
            );
            if !fx.is_empty() {
                for l in wrap(
                    &format!("If signed: {}", fx.join("; ")),
                    w.saturating_sub(2),
                ) {
                    lines.push(Line::from(Span::styled(format!("  {l}"), t.dim)));
                }
            }
        }
        // What comes first and what waits (design §10: a package says the order).
        let (first, waits) = crate::engine::text::package_phases(db, &o.package);
        if !waits.is_empty() {
            for l in wrap(&format!("First: {}.", first.join("; ")), w) {
                lines.push(Line::from(Span::styled(l, t.base)));
            }
            for item in &waits {
                for (k, l) in wrap(&format!("Waits: {item}"), w).into_iter().enumerate() {
                    let l = if k == 0 { l } else { format!("  {l}") };
                    lines.push(Line::from(Span::styled(l, t.dim)));
                }
            }
        }
        if crate::engine::state::AgreementKind::of(db, &o.package)
            == crate::engine::state::AgreementKind::Statement
        {
            for l in wrap(
                "A statement, not an agreement: nothing in it limits the programme.",
                w,
            ) {
                lines.push(Line::from(Span::styled(l, t.warn)));
            }
        }
        let total = describe::package_value(db, &o.package, ui.side);
        lines.push(Line::from(Span::styled(
            format!("Worth to {} in all: {total:+.0}", ui.side),
            t.accent,
        )));
    }
    lines.push(Line::from(""));
    let eff = describe::effects_text(db, &card.effects, card_actor, Some(card_target));
    if !eff.is_empty() {
        for l in wrap(&format!("If you accept: {}", eff.join("; ")), w) {
            lines.push(Line::from(Span::styled(l, t.good)));
        }
    } else if !o.package.is_empty() {
        lines.push(Line::from(Span::styled(
            "If you accept: the agreement is signed; each provision takes effect as its steps come.",
            t.good,
        )));
    }
    // A limit is signed only after rounds of talks: say so before the answer, not after.
    if let Some((held, needed)) = crate::engine::turn::talks_short(db, s, principal.unwrap_or(o)) {
        for l in wrap(
            &format!(
                "Talks: {held} of the {needed} rounds its limits need are held, so accepting now \
                 agrees the package in principle only: a statement that binds nothing (a freeze \
                 in it holds as a pledge while the talks go on), to be signed once the rounds are held."
            ),
            w,
        ) {
            lines.push(Line::from(Span::styled(l, t.warn)));
        }
    }
    // The answering side's own factions: what they may make of this answer.
    use crate::engine::ledger::FactionAct;
    for act in [FactionAct::PullsBackAcceptance, FactionAct::PushesThrough] {
        for warning in describe::faction_warnings(db, s, ui.side, act, o.card, &o.package) {
            for l in wrap(&warning, w) {
                lines.push(Line::from(Span::styled(l, t.warn)));
            }
        }
    }
    let rej = describe::effects_text(db, &card.on_reject, card_actor, Some(card_target));
    let mut rej_text = String::from(if principal.is_some() {
        "If you reject: no deal for anyone (a package binds only sides that accept), and a \
         rebuff raises tension"
    } else {
        "If you reject: a rebuff raises tension"
    });
    if !rej.is_empty() {
        rej_text.push_str(&format!("; {}", rej.join("; ")));
    }
    for l in wrap(&rej_text, w) {
        lines.push(Line::from(Span::styled(l, t.bad)));
    }
    if app.can_counter(ui.offer) {
        for l in wrap(
            "Or counter: send back a changed package; they accept or reject it.",
            w,
        ) {
            lines.push(Line::from(Span::styled(l, t.dim)));
        }
    }
    let lines = crate::tui::text::fit(lines, inner.width as usize);
    let max = (lines.len() as u16).saturating_sub(inner.height);
    app.scroll_max.set(max);
    let title = if max > 0 {
        format!("{title} · ↑↓ scroll")
    } else {
        title
    };
    f.render_widget(panel(t, title, true), main);
    f.render_widget(Paragraph::new(lines).scroll((ui.scroll.min(max), 0)), inner);
    if let Some(sa) = side_area {
        let mb = panel(t, "Meters", false);
        meters_panel(app, f, sa, mb, s, Viewer::Side(ui.side), None);
    }

    // The answers, as buttons.
    let labels: Vec<&str> = if app.can_counter(ui.offer) {
        vec!["a  Accept", "x  Reject", "c  Counter"]
    } else {
        vec!["a  Accept", "x  Reject"]
    };
    let bw = 18u16;
    let total = bw * labels.len() as u16 + 2 * (labels.len() as u16 - 1);
    let mut x = buttons.x + buttons.width.saturating_sub(total) / 2;
    for (i, l) in labels.iter().enumerate() {
        let r = Rect {
            x,
            y: buttons.y + 1,
            width: bw.min(buttons.width),
            height: 1,
        };
        let style = if ui.sel == Some(i) { t.selected } else { t.key };
        let text = if ui.sel == Some(i) {
            format!("▶ {l:<15}")
        } else {
            format!("  {l:<15}")
        };
        f.render_widget(Paragraph::new(Span::styled(text, style)), r);
        hit(app, r, Action::Pick(i));
        x += bw + 2;
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
        Span::styled("why this answer?", t.dim)
    } else {
        Span::styled(clip(&shown, rationale.width as usize), t.base)
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
