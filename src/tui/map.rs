//! The peninsula, drawn on a ratatui `Canvas` from `assets/map.ron`: the coast, the DMZ and the
//! border, the six places the exercise keeps coming back to, and markers for where this turn's
//! events happened.

use std::sync::OnceLock;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use ratatui::widgets::canvas::{Canvas, Line as CLine};
use serde::Deserialize;

use crate::content::Site;

use super::theme::Theme;

#[derive(Debug, Clone, Deserialize)]
pub struct MapData {
    pub sites: Vec<Site>,
    pub outline: Vec<Vec<(f64, f64)>>,
}

/// The shipped map, parsed once.
pub fn map() -> &'static MapData {
    static MAP: OnceLock<MapData> = OnceLock::new();
    MAP.get_or_init(|| {
        crate::content::embedded_asset("assets/map.ron")
            .and_then(|t| ron::from_str(t).ok())
            .unwrap_or(MapData {
                sites: Vec::new(),
                outline: Vec::new(),
            })
    })
}

/// Sites always labelled, with a short label and which side of the dot the label goes.
const LANDMARKS: [(&str, &str, bool); 6] = [
    ("pyongyang", "Pyongyang", true),
    ("seoul", "Seoul", true),
    ("dmz", "DMZ", true),
    ("yongbyon", "Yongbyon", true),
    ("punggye-ri", "Punggye-ri", false),
    ("sohae", "Sohae", false),
];

const X: [f64; 2] = [123.6, 131.4];
const Y: [f64; 2] = [33.9, 43.1];

/// Bounds that keep the peninsula's shape in a `cols`×`rows` cell area: a cell is about twice
/// as tall as it is wide, and a degree of longitude at 38°N is about 0.79 of a degree of latitude.
fn bounds(cols: u16, rows: u16) -> ([f64; 2], [f64; 2]) {
    let (cols, rows) = (cols.max(1) as f64, rows.max(1) as f64);
    let (dx, dy) = (X[1] - X[0], Y[1] - Y[0]);
    // Kilometre-ish size of one cell in each direction.
    let per_col = dx * 0.79 / cols;
    let per_row = dy / (2.0 * rows);
    if per_col < per_row {
        let nx = dx * per_row / per_col;
        let c = (X[0] + X[1]) / 2.0;
        ([c - nx / 2.0, c + nx / 2.0], Y)
    } else {
        let ny = dy * per_col / per_row;
        let c = (Y[0] + Y[1]) / 2.0;
        (X, [c - ny / 2.0, c + ny / 2.0])
    }
}

/// The map panel's title: "Map · ✸ " and the sites of this turn's events, or `none`.
pub fn title(sites: &[String], none: &str) -> String {
    if sites.is_empty() {
        return none.to_string();
    }
    let names: Vec<String> = sites.iter().map(|s| site_name(s)).collect();
    format!("Map · ✸ {}", names.join(", "))
}

/// Draws the map into `area` as it stood at `date` ("YYYY-MM": a landmark not yet built is left
/// out). `events` are the site ids of this turn's events; each is marked and labelled with the
/// site's short name.
pub fn draw(f: &mut Frame, area: Rect, block: Block, theme: &Theme, events: &[String], date: &str) {
    let m = map();
    let land = theme.fg(theme.map_land);
    let line = theme.fg(theme.map_line);
    let site_style = theme.map_site;
    let event_style = theme.map_event;
    let inner_w = area.width.saturating_sub(2);
    let inner_h = area.height.saturating_sub(2);
    let wide = inner_w >= 30;
    let (xb, yb) = bounds(inner_w, inner_h);
    let canvas = Canvas::default()
        .block(block)
        .marker(Marker::Braille)
        .x_bounds(xb)
        .y_bounds(yb)
        .paint(move |ctx| {
            for (i, poly) in m.outline.iter().enumerate() {
                // The second polyline is the DMZ.
                let colour = if i == 1 { line } else { land };
                for w in poly.windows(2) {
                    ctx.draw(&CLine::new(w[0].0, w[0].1, w[1].0, w[1].1, colour));
                }
            }
            ctx.layer();
            let step = (xb[1] - xb[0]) / inner_w.max(1) as f64;
            // Cells already written on (row, first column, one past the last), in the cell
            // grid the canvas places its labels on, so that an event's label never covers a
            // landmark's; a label with no room on either side is left out (the panel's title
            // names the site).
            let (cols, rows) = (inner_w.max(1) as i64, inner_h.max(1) as i64);
            let cell = |x: f64, y: f64| {
                let c = ((x - xb[0]) * (cols - 1) as f64 / (xb[1] - xb[0])) as i64;
                let r = ((yb[1] - y) * (rows - 1) as f64 / (yb[1] - yb[0])) as i64;
                (r, c)
            };
            let mut taken: Vec<(i64, i64, i64)> = Vec::new();
            for (id, label, right) in LANDMARKS {
                let Some(s) = m.sites.iter().find(|s| s.id == id) else {
                    continue;
                };
                let hit = events.iter().any(|e| e == id);
                // Dates as "YYYY-MM" compare in calendar order.
                if !hit && s.since.as_deref().is_some_and(|since| since > date) {
                    continue;
                }
                let dot = if hit { "✸" } else { "•" };
                let style = if hit { event_style } else { site_style };
                ctx.print(s.lon, s.lat, Line::from(Span::styled(dot, style)));
                let (r, c) = cell(s.lon, s.lat);
                taken.push((r, c, c + 1));
                if wide || hit {
                    let n = crate::tui::text::width(label);
                    let w = n as f64 * step;
                    let x = if right {
                        s.lon + 1.5 * step
                    } else {
                        s.lon - w - 0.5 * step
                    };
                    ctx.print(x, s.lat, Line::from(Span::styled(label, site_style)));
                    let (r, c) = cell(x, s.lat);
                    taken.push((r, c, c + n as i64));
                }
            }
            for id in events {
                if LANDMARKS.iter().any(|(l, _, _)| l == id) {
                    continue;
                }
                let Some(s) = m.sites.iter().find(|s| s.id == *id) else {
                    continue;
                };
                ctx.print(s.lon, s.lat, Line::from(Span::styled("✸", event_style)));
                let (r, c) = cell(s.lon, s.lat);
                let label = short_name(&s.name);
                let n = crate::tui::text::width(&label) as i64;
                let w = n as f64 * step;
                // A free run of cells, with a blank cell either side.
                let free = |x: f64| {
                    let (_, c0) = cell(x, s.lat);
                    x >= xb[0]
                        && c0 + n <= cols
                        && !taken
                            .iter()
                            .any(|&(tr, a, b)| tr == r && c0 <= b && a <= c0 + n)
                };
                let at = if wide {
                    [s.lon + 1.5 * step, s.lon - w - 0.5 * step]
                        .into_iter()
                        .find(|&x| free(x))
                } else {
                    None
                };
                // The marker's own cell counts only once its label has found a place.
                taken.push((r, c, c + 1));
                let Some(x) = at else {
                    continue;
                };
                ctx.print(x, s.lat, Line::from(Span::styled(label, event_style)));
                let (_, c0) = cell(x, s.lat);
                taken.push((r, c0, c0 + n));
            }
        });
    f.render_widget(canvas, area);
}

/// A site's name as a map label: the part before any qualifier ("NLL near Yeonpyeong" is
/// "NLL", "Sinuiju / Dandong crossing" is "Sinuiju").
fn short_name(name: &str) -> String {
    let cut = [" near ", " (", " /", " test site", " launch site"]
        .iter()
        .filter_map(|q| name.find(q))
        .min()
        .unwrap_or(name.len());
    name[..cut].to_string()
}

/// The display name of a site id.
pub fn site_name(id: &str) -> String {
    map()
        .sites
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.name.clone())
        .unwrap_or_else(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::{draw, short_name};
    use crate::tui::theme::Theme;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::widgets::Block;

    /// The map's text rows when `events` happen, drawn in a `w`×`h` panel, in February 2019.
    fn rows(w: u16, h: u16, events: &[&str]) -> Vec<String> {
        rows_at(w, h, events, "2019-02")
    }

    fn rows_at(w: u16, h: u16, events: &[&str], date: &str) -> Vec<String> {
        let events: Vec<String> = events.iter().map(|e| e.to_string()).collect();
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("test backend");
        term.draw(|f| {
            draw(
                f,
                f.area(),
                Block::bordered(),
                &Theme::mono(),
                &events,
                date,
            )
        })
        .expect("draw");
        let buf = term.backend().buffer().clone();
        (0..h)
            .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect())
            .collect()
    }

    #[test]
    fn an_event_label_never_covers_a_landmark() {
        // Kangson sits a few kilometres from Pyongyang, on the same text row.
        let rows = rows(36, 20, &["kangson"]);
        let row = rows
            .iter()
            .find(|r| r.contains("Pyongyang"))
            .expect("Pyongyang is labelled");
        assert!(row.contains("Kangson"), "Kangson is labelled: {rows:#?}");
        assert!(!rows.iter().any(|r| r.contains("Event:")), "{rows:#?}");
    }

    #[test]
    fn a_site_not_yet_built_is_left_off_the_map() {
        let text = |date: &str, events: &[&str]| rows_at(40, 24, events, date).join("\n");
        // 1994: no test site at Punggye-ri, no launch pad at Sohae; Yongbyon is there.
        let early = text("1994-06", &[]);
        assert!(early.contains("Yongbyon"), "{early}");
        assert!(
            !early.contains("Punggye-ri") && !early.contains("Sohae"),
            "{early}"
        );
        // From their dates on they are drawn; an event there draws its site whatever the date.
        let late = text("2012-04", &[]);
        assert!(
            late.contains("Punggye-ri") && late.contains("Sohae"),
            "{late}"
        );
        let hit = text("1994-06", &["punggye-ri"]);
        assert!(hit.contains("Punggye-ri"), "{hit}");
        // Every `since` in the shipped map is a "YYYY-MM" date, so that they compare in order.
        for s in &super::map().sites {
            if let Some(d) = &s.since {
                let ok = d.len() == 7
                    && d.as_bytes()[4] == b'-'
                    && d[..4].parse::<u16>().is_ok()
                    && d[5..].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m));
                assert!(ok, "{}: since {d:?}", s.id);
            }
        }
    }

    #[test]
    fn short_names_drop_qualifiers() {
        assert_eq!(short_name("NLL near Yeonpyeong"), "NLL");
        assert_eq!(short_name("Sinuiju / Dandong crossing"), "Sinuiju");
        assert_eq!(short_name("DMZ (Cheorwon sector)"), "DMZ");
        assert_eq!(short_name("Punggye-ri test site"), "Punggye-ri");
        assert_eq!(short_name("Kangson"), "Kangson");
    }
}
