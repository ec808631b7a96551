//! The report's four charts as SVG text (plotters' SVG backend: no fonts, no files needed).
//!
//! - tension over the game on the escalation ladder's rungs: the value at each turn's end, and
//!   the highest and lowest points reached during the turn (the numbers the summary, the turning
//!   points and the questions quote);
//! - the key trust pairs (US→DPRK, DPRK→US, ROK→US, Japan→US);
//! - the DPRK's warheads;
//! - its ICBM readiness.
//!
//! Made for every reader: one quantity per axis; lines told apart by dash pattern and marker as
//! well as by colour (the Okabe–Ito palette, safe for colour-blind readers and legible in a
//! greyscale photocopy); the legend above the plot, never over the data; a `<title>` and a
//! `<desc>` in every SVG; text sized to stay readable when the chart is printed or shrunk to a
//! phone's width. Numbered lines mark only the turns that matter (the report's `marks`).

use plotters::coord::Shift;
use plotters::coord::types::{RangedCoordf32, RangedCoordi32};
use plotters::prelude::*;

use super::Report;
use super::html::esc;

/// One chart, ready to inline.
#[derive(Debug, Clone)]
pub struct Chart {
    /// "tension", "trust", "warheads" or "icbm".
    pub id: &'static str,
    pub title: String,
    /// What it shows, in a sentence (the SVG's `<desc>`).
    pub desc: String,
    pub svg: String,
}

/// The drawing size. The page scales it to its column (about 640 px on paper), so text drawn at
/// `FONT` is about 19 px in print and about 10 px on a 390 px phone.
const W: u32 = 560;
const H: u32 = 340;
/// plotters writes text at size / 1.24.
const FONT: f64 = 21.0;
const SMALL: f64 = 19.0;

const INK: RGBColor = RGBColor(0x1d, 0x23, 0x2b);
const MUTED: RGBColor = RGBColor(0x6b, 0x6b, 0x6b);
const GRID: RGBColor = RGBColor(0xe4, 0xe4, 0xe4);

/// Okabe–Ito colours.
const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xb2);
const VERMILLION: RGBColor = RGBColor(0xd5, 0x5e, 0x00);
const GREEN: RGBColor = RGBColor(0x00, 0x9e, 0x73);
const PURPLE: RGBColor = RGBColor(0xcc, 0x79, 0xa7);

#[derive(Debug, Clone, Copy)]
enum Marker {
    Circle,
    Triangle,
    Square,
    Cross,
}

/// How one line is drawn: colour, dash pattern (dash, gap) and marker.
#[derive(Debug, Clone, Copy)]
struct Look {
    colour: RGBColor,
    dash: Option<(u32, u32)>,
    marker: Marker,
}

const LOOKS: [Look; 4] = [
    Look {
        colour: BLUE,
        dash: None,
        marker: Marker::Circle,
    },
    Look {
        colour: VERMILLION,
        dash: Some((10, 5)),
        marker: Marker::Triangle,
    },
    Look {
        colour: GREEN,
        dash: Some((3, 4)),
        marker: Marker::Square,
    },
    Look {
        colour: PURPLE,
        dash: Some((16, 5)),
        marker: Marker::Cross,
    },
];

/// All four charts, in report order.
pub fn all(r: &Report) -> Vec<Chart> {
    let n = last_turn(r);
    let span = match (r.series.dates.get(1), r.series.dates.last()) {
        (Some(a), Some(b)) if n > 1 => format!("turns 1–{n}, {a} to {b}"),
        (Some(a), _) => format!("turn 1, {a}"),
        _ => "no turn played".to_string(),
    };
    let mut out = vec![
        Chart {
            id: "tension",
            title: "Tension on the escalation ladder".into(),
            desc: format!(
                "Tension (0–100) at the end of each turn, with the highest and lowest points reached during the turn, over the rungs of the escalation ladder; {span}."
            ),
            svg: String::new(),
        },
        Chart {
            id: "trust",
            title: "Key trust pairs".into(),
            desc: format!(
                "Trust (0–100) of {} at the end of each turn; {span}.",
                r.series
                    .trust
                    .iter()
                    .map(|t| t.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            svg: String::new(),
        },
        Chart {
            id: "warheads",
            title: "DPRK warheads".into(),
            desc: format!("Assembled DPRK warheads at the end of each turn; {span}."),
            svg: String::new(),
        },
        Chart {
            id: "icbm",
            title: "DPRK ICBM readiness".into(),
            desc: format!("DPRK ICBM readiness (0–100) at the end of each turn; {span}."),
            svg: String::new(),
        },
    ];
    for c in &mut out {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (W, H)).into_drawing_area();
            let _ = match c.id {
                "tension" => draw_tension(&root, r),
                "trust" => draw_trust(&root, r),
                "warheads" => draw_single(
                    &root,
                    r,
                    &r.series.warheads,
                    "warheads",
                    "warheads (count)",
                    None,
                ),
                _ => draw_single(
                    &root,
                    r,
                    &r.series.icbm_readiness,
                    "ICBM readiness",
                    "ICBM readiness (0–100)",
                    Some(100.0),
                ),
            };
            let _ = root.present();
        }
        c.svg = finish(svg, &c.title, &c.desc);
    }
    out
}

fn last_turn(r: &Report) -> i32 {
    r.series.turns.last().copied().unwrap_or(0).max(1) as i32
}

/// Adds what plotters leaves out: a title and a description for screen readers and tooltips,
/// the image role, and scaling to the page's width.
fn finish(svg: String, title: &str, desc: &str) -> String {
    let Some(open_end) = svg.find('>') else {
        return svg;
    };
    let (head, rest) = svg.split_at(open_end + 1);
    let head = head.replacen(
        "<svg ",
        &format!(
            "<svg viewBox=\"0 0 {W} {H}\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-label=\"{}\" ",
            esc(title)
        ),
        1,
    );
    format!(
        "{head}\n<title>{}</title>\n<desc>{}</desc>{rest}",
        esc(title),
        esc(desc)
    )
}

fn font(size: f64) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&INK)
}

/// A chart over the turns (x) and one quantity (y).
type TurnChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordi32, RangedCoordf32>>;

/// A chart's frame: the plot area with axes, the x axis in turns.
fn frame<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    r: &Report,
    y_top: f32,
    right: u32,
) -> Result<TurnChart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let n = last_turn(r);
    ChartBuilder::on(root)
        .margin_left(8)
        .margin_bottom(6)
        // Room above the plot for the legend and the mark numbers.
        .margin_top(58)
        .margin_right(right)
        .x_label_area_size(52)
        .y_label_area_size(58)
        .build_cartesian_2d(0..n, 0f32..y_top)
}

fn mesh<DB: DrawingBackend>(
    chart: &mut TurnChart<'_, DB>,
    r: &Report,
    y_desc: &str,
    grid: bool,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let n = last_turn(r);
    // At most 13 ticks; with more turns, every other one.
    let step = if n > 12 { 2 } else { 1 };
    let mut m = chart.configure_mesh();
    m.disable_x_mesh()
        .x_labels((n as usize / step as usize) + 1)
        .x_label_formatter(&|x| {
            if *x == 0 {
                "start".into()
            } else {
                x.to_string()
            }
        })
        .x_desc("turn (dates in the table below)")
        .y_labels(6)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .y_desc(y_desc)
        .axis_desc_style(font(FONT))
        .label_style(font(FONT))
        .axis_style(MUTED);
    if grid {
        m.light_line_style(WHITE).bold_line_style(GRID);
    } else {
        m.disable_y_mesh();
    }
    m.draw()
}

/// Draws one marker at a pixel position.
fn marker<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    at: (i32, i32),
    look: Look,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let c = look.colour;
    match look.marker {
        Marker::Circle => root.draw(&Circle::new(at, 4, c.filled())),
        Marker::Triangle => root.draw(&TriangleMarker::new(at, 6, c.filled())),
        Marker::Square => root.draw(&Rectangle::new(
            [(at.0 - 4, at.1 - 4), (at.0 + 4, at.1 + 4)],
            c.filled(),
        )),
        Marker::Cross => root.draw(&Cross::new(at, 5, c.stroke_width(2))),
    }
}

/// A line through the turns, dashed as its look says, with a marker at each turn.
fn line<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut TurnChart<'_, DB>,
    pts: &[(i32, f32)],
    look: Look,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let style = look.colour.stroke_width(2);
    match look.dash {
        None => {
            chart.draw_series(LineSeries::new(pts.iter().copied(), style))?;
        }
        Some((dash, gap)) => {
            chart.draw_series(DashedLineSeries::new(pts.iter().copied(), dash, gap, style))?;
        }
    }
    for p in pts {
        let at = chart.backend_coord(p);
        marker(root, at, look)?;
    }
    Ok(())
}

/// The legend, in a row above the plot (outside the data).
fn legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    items: &[(String, Look)],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let mut x = 12;
    let y = 14;
    for (label, look) in items {
        let style = look.colour.stroke_width(2);
        match look.dash {
            None => root.draw(&PathElement::new(vec![(x, y), (x + 30, y)], style))?,
            Some((dash, gap)) => {
                let mut a = x;
                while a < x + 30 {
                    let b = (a + dash as i32).min(x + 30);
                    root.draw(&PathElement::new(vec![(a, y), (b, y)], style))?;
                    a = b + gap as i32;
                }
            }
        }
        marker(root, (x + 15, y), *look)?;
        root.draw(&Text::new(label.clone(), (x + 36, y - 8), font(SMALL)))?;
        x += 36 + (label.chars().count() as i32 * 9) + 18;
    }
    Ok(())
}

/// The numbered lines of the marked turns, numbers just above the plot.
fn marks<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut TurnChart<'_, DB>,
    r: &Report,
    y_top: f32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    for m in &r.marks {
        let x = m.turn as i32;
        chart.draw_series(DashedLineSeries::new(
            vec![(x, 0.0), (x, y_top)],
            4,
            4,
            MUTED.stroke_width(1),
        ))?;
        let (px, py) = chart.backend_coord(&(x, y_top));
        let label = m.n.to_string();
        root.draw(&Text::new(
            label.clone(),
            (px - 4 * label.len() as i32, py - 22),
            font(SMALL),
        ))?;
    }
    Ok(())
}

/// A light tint for the rung `i` of `n`: lighter at the bottom of the ladder.
fn band(i: usize, n: usize) -> RGBAColor {
    let share = if n <= 1 {
        0.0
    } else {
        i as f64 / (n - 1) as f64
    };
    // Shades of one hue (orange), so no red/green pair is needed to read the ladder.
    RGBColor(0xe6, 0x9f, 0x00).mix(0.06 + 0.30 * share)
}

fn draw_tension<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    r: &Report,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let n = last_turn(r);
    let mut chart = frame(root, r, 100.0, 112)?;
    let ladder = &r.series.ladder;
    for (i, rung) in ladder.iter().enumerate() {
        let top = ladder.get(i + 1).map(|x| x.from).unwrap_or(100.0);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0, rung.from), (n, top)],
            band(i, ladder.len()).filled(),
        )))?;
    }
    mesh(&mut chart, r, "tension (0–100)", false)?;
    // The rungs named at the right, outside the plot.
    for (i, rung) in ladder.iter().enumerate() {
        let top = ladder.get(i + 1).map(|x| x.from).unwrap_or(100.0);
        let (px, py) = chart.backend_coord(&(n, (rung.from + top) / 2.0));
        root.draw(&Text::new(rung.name.clone(), (px + 6, py - 8), font(SMALL)))?;
    }
    marks(root, &mut chart, r, 100.0)?;
    // The range reached during each turn.
    let range = Look {
        colour: MUTED,
        dash: None,
        marker: Marker::Triangle,
    };
    for (i, t) in r.series.turns.iter().enumerate().skip(1) {
        let (hi, lo) = (r.series.tension_high[i], r.series.tension_low[i]);
        let x = *t as i32;
        let a = chart.backend_coord(&(x, hi));
        let b = chart.backend_coord(&(x, lo));
        root.draw(&PathElement::new(vec![a, b], MUTED.stroke_width(2)))?;
        root.draw(&PathElement::new(
            vec![(b.0 - 5, b.1), (b.0 + 5, b.1)],
            MUTED.stroke_width(2),
        ))?;
        marker(root, a, range)?;
    }
    let end = Look {
        colour: INK,
        dash: None,
        marker: Marker::Circle,
    };
    let pts: Vec<(i32, f32)> = r
        .series
        .turns
        .iter()
        .zip(&r.series.tension)
        .map(|(t, v)| (*t as i32, *v))
        .collect();
    line(root, &mut chart, &pts, end)?;
    legend(
        root,
        &[
            ("at the turn's end".to_string(), end),
            ("highest and lowest during it".to_string(), range),
        ],
    )
}

fn draw_trust<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    r: &Report,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let mut chart = frame(root, r, 100.0, 16)?;
    mesh(&mut chart, r, "trust (0–100)", true)?;
    marks(root, &mut chart, r, 100.0)?;
    let mut items = Vec::new();
    for (i, s) in r.series.trust.iter().enumerate() {
        let look = LOOKS[i % LOOKS.len()];
        let pts: Vec<(i32, f32)> = r
            .series
            .turns
            .iter()
            .zip(&s.values)
            .map(|(t, v)| (*t as i32, *v))
            .collect();
        line(root, &mut chart, &pts, look)?;
        items.push((s.label.clone(), look));
    }
    legend(root, &items)
}

fn draw_single<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    r: &Report,
    values: &[f32],
    label: &str,
    y_desc: &str,
    top: Option<f32>,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let top = top.unwrap_or_else(|| {
        let max = values.iter().copied().fold(0.0f32, f32::max).max(10.0);
        (max * 1.2 / 10.0).ceil() * 10.0
    });
    let mut chart = frame(root, r, top, 16)?;
    mesh(&mut chart, r, y_desc, true)?;
    marks(root, &mut chart, r, top)?;
    let pts: Vec<(i32, f32)> = r
        .series
        .turns
        .iter()
        .zip(values)
        .map(|(t, v)| (*t as i32, *v))
        .collect();
    line(root, &mut chart, &pts, LOOKS[0])?;
    legend(root, &[(label.to_string(), LOOKS[0])])
}
