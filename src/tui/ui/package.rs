//! Building an agreement package: tick provisions from the deck, see what each binds whom to,
//! and send it (with a `Chosen` offer card, or as a counter-offer).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::app::{App, PackFor, PackageUi};
use super::super::describe::{self, clip};
use super::super::keys::Action;
use super::{header, hit, panel, wrap};

pub fn render(app: &App, f: &mut Frame, area: Rect, ui: &PackageUi) {
    let t = &app.theme;
    let db = &app.db;
    let what = match ui.purpose {
        PackFor::Card(c) => format!("{} proposes: {}", ui.side, db.cards[c as usize].name),
        PackFor::Counter(o) => {
            let from = app.offer(o).map(|o| o.from.label()).unwrap_or("?");
            format!("{} counters {from}'s offer", ui.side)
        }
    };
    let [head, body, chosen] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(6),
        Constraint::Length(3),
    ])
    .areas(area);
    header(
        app,
        f,
        head,
        format!(" BRINK · Agreement package · {what}"),
        format!("{}/8 provisions ", ui.chosen.len()),
    );
    let [list, detail] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body);
    let b = panel(t, "Provisions · Space tick · Enter done", true);
    let inner = b.inner(list);
    f.render_widget(b, list);
    let h = inner.height as usize;
    let start = if ui.sel < h { 0 } else { ui.sel + 1 - h };
    let w = inner.width as usize;
    // Only the provisions on the table in this scenario; `ui.sel` is a row of this list.
    let list = app.provisions_on_table();
    for (row, (i, q)) in list.iter().enumerate().skip(start).take(h).enumerate() {
        let p = &db.provisions[*q as usize];
        let on = ui.chosen.contains(q);
        let sel = i == ui.sel;
        let value = describe::provision_value(db, *q, ui.side);
        let tail = format!(" {value:+.0}");
        let nw = w.saturating_sub(6 + crate::tui::text::width(&tail));
        let text = format!(
            "{}{} {}{tail}",
            if sel { "▶" } else { " " },
            if on { "[x]" } else { "[ ]" },
            crate::tui::text::pad(&p.name, nw)
        );
        let style = if sel {
            t.selected
        } else if on {
            t.marked
        } else {
            t.base
        };
        let r = Rect {
            y: inner.y + row as u16,
            height: 1,
            ..inner
        };
        f.render_widget(Paragraph::new(Span::styled(text, style)), r);
        hit(app, r, Action::Pick(i));
    }

    let b = panel(t, "Provision", false);
    let inner = b.inner(detail);
    f.render_widget(b, detail);
    let w = inner.width as usize;
    if let Some((&ix, p)) = list
        .get(ui.sel)
        .and_then(|q| Some((q, db.provisions.get(*q as usize)?)))
    {
        let mut lines: Vec<Line> = vec![Line::from(Span::styled(p.name.clone(), t.title))];
        for l in wrap(&p.description, w) {
            lines.push(Line::from(Span::styled(l, t.base)));
        }
        lines.push(Line::from(Span::styled(
            clip(&describe::obligations_text(db, ix), w),
            t.accent,
        )));
        // What it includes or is included in: a package that holds both asks no more.
        let cp = &db.compiled_provisions[ix as usize];
        let names = |ids: &[u16]| {
            ids.iter()
                .map(|q| db.provisions[*q as usize].name.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        };
        // Of the provisions on the table: the others cannot be in a package here.
        let on_table =
            |qs: &[u16]| -> Vec<u16> { qs.iter().copied().filter(|q| list.contains(q)).collect() };
        let (covers, covered_by) = (on_table(&cp.covers), on_table(&cp.covered_by));
        if !covers.is_empty() {
            for l in wrap(&format!("Includes: {}.", names(&covers)), w) {
                lines.push(Line::from(Span::styled(l, t.dim)));
            }
        }
        if !covered_by.is_empty() {
            for l in wrap(&format!("Included in: {}.", names(&covered_by)), w) {
                lines.push(Line::from(Span::styled(l, t.dim)));
            }
        }
        let overlap: Vec<u16> = ui
            .chosen
            .iter()
            .copied()
            .filter(|q| *q != ix && (cp.covers.contains(q) || cp.covered_by.contains(q)))
            .collect();
        let ticked = ui.chosen.contains(&ix);
        if !overlap.is_empty() {
            // Ticked, it overlaps the others; unticked, ticking it would be refused (or would
            // take the narrower ones out), so say which.
            let text = if ticked {
                format!(
                    "Overlaps {} in the package: the narrower one adds nothing (untick it with Space).",
                    names(&overlap)
                )
            } else if overlap.iter().any(|q| cp.covered_by.contains(q)) {
                let broader: Vec<u16> = overlap
                    .iter()
                    .copied()
                    .filter(|q| cp.covered_by.contains(q))
                    .collect();
                format!("{} in the package already includes it.", names(&broader))
            } else {
                format!(
                    "Ticking it takes out {}, which it includes.",
                    names(&overlap)
                )
            };
            for l in wrap(&text, w) {
                lines.push(Line::from(Span::styled(l, t.warn)));
            }
        }
        if p.verification_needed > 0.0 {
            lines.push(Line::from(Span::styled(
                format!(
                    "Needs verification {:.0}+ to be checked.",
                    p.verification_needed
                ),
                t.dim,
            )));
        }
        if let Some(sess) = &app.session {
            let st = &sess.game.state;
            let sites = if ui.side == crate::content::SideId::Dprk {
                st.sites
            } else {
                st.sites.public()
            };
            for text in describe::provision_programme_text(db, p, &sites) {
                for l in wrap(&text, w) {
                    lines.push(Line::from(Span::styled(l, t.base)));
                }
            }
        }
        let actor = ui.side;
        let on_sign = describe::effects_text(db, &p.on_sign, actor, None);
        if !on_sign.is_empty() {
            for l in wrap(&format!("On signing: {}", on_sign.join("; ")), w) {
                lines.push(Line::from(Span::styled(l, t.base)));
            }
        }
        for k in 0..p.steps.len() {
            let plan = crate::engine::text::step_plan(db, ix, k);
            let fx = describe::effects_text(db, &p.steps[k].effects, actor, None);
            let text = if fx.is_empty() {
                format!("Step {}: {plan}.", k + 1)
            } else {
                format!("Step {}: {plan}. Then: {}", k + 1, fx.join("; "))
            };
            for l in wrap(&text, w) {
                lines.push(Line::from(Span::styled(l, t.base)));
            }
        }
        // The engine's answer, not the deck's word alone (`CompiledProvision::limits`).
        if db.compiled_provisions[ix as usize].limits {
            lines.push(Line::from(Span::styled(
                clip(
                    "Limits the programme: a package with it is an agreement.",
                    w,
                ),
                t.dim,
            )));
        }
        let per = describe::effects_text(db, &p.per_turn, actor, None);
        if !per.is_empty() {
            for l in wrap(&format!("Each turn it is kept: {}", per.join("; ")), w) {
                lines.push(Line::from(Span::styled(l, t.base)));
            }
        }
        if p.snapback {
            lines.push(Line::from(Span::styled(
                "Snapback: a violation re-imposes the sanctions relieved.",
                t.warn,
            )));
        }
        lines.push(Line::from(Span::styled(
            format!(
                "Worth to {}: {:+.0} (−10 bad … +10 good)",
                ui.side,
                describe::provision_value(db, ix, ui.side)
            ),
            t.accent,
        )));
        lines.push(Line::from(""));
        if let Some(sess) = &app.session {
            lines.extend(super::widgets::precedent_lines(
                db,
                &sess.game.state,
                t,
                &p.precedent,
                &p.earlier,
                w,
                false,
            ));
        }
        f.render_widget(super::para(lines, inner), inner);
    }

    // What the package is worth in all, to the side building it and to the side it goes to
    // (the deck's valuations, which every side can read), as the answer screen shows it.
    let other = match ui.purpose {
        PackFor::Card(c) => db.compiled_cards[c as usize].target,
        PackFor::Counter(o) => app.offer(o).map(|o| o.from),
    };
    let total = |side| describe::package_value(db, &ui.chosen, side);
    let title = if ui.chosen.is_empty() {
        "Package".to_string()
    } else {
        let kind = match crate::engine::state::AgreementKind::of(db, &ui.chosen) {
            crate::engine::state::AgreementKind::Agreement => "",
            crate::engine::state::AgreementKind::Statement => " · a statement: limits nothing",
        };
        let mut title = format!(
            "Package{kind} · worth to {} {:+.0}",
            ui.side,
            total(ui.side)
        );
        if let Some(o) = other.filter(|o| *o != ui.side) {
            title.push_str(&format!(" · to {o} {:+.0}", total(o)));
        }
        title
    };
    let b = panel(t, title, false);
    let inner = b.inner(chosen);
    f.render_widget(b, chosen);
    let names: Vec<String> = ui
        .chosen
        .iter()
        .map(|p| db.provisions[*p as usize].name.clone())
        .collect();
    let text = if names.is_empty() {
        Span::styled("Empty: tick 1 to 8 provisions with Space.", t.dim)
    } else {
        Span::styled(clip(&names.join("; "), inner.width as usize), t.marked)
    };
    f.render_widget(Paragraph::new(text), inner);
}
