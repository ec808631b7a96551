//! The report's three charts as SVG text (plotters' SVG backend: no fonts, no files needed).
//!
//! - tension over the game, on the escalation ladder's rungs drawn as bands;
//! - the key trust pairs (US→DPRK, DPRK→US, ROK→US, Japan→US);
//! - the DPRK programme: warheads (left axis) and ICBM readiness (right axis).
//!
//! Each chart marks the turns of the report's `marks` (agreements, breaks, crises, tests, the
//! turn's biggest move) with a numbered line; the key is printed beside the chart.

use plotters::coord::types::{RangedCoordf32, RangedCoordi32};
use plotters::prelude::*;

use super::Report;

/// One chart, ready to inline.
#[derive(Debug, Clone)]
pub struct Chart {
    /// "tension", "trust" or "programme".
    pub id: &'static str,
    pub title: String,
    pub svg: String,
}

const W: u32 = 900;
const H: u32 = 340;

const PALETTE: [RGBColor; 4] = [
    RGBColor(0x1f, 0x5f, 0xa8), // blue
    RGBColor(0xc0, 0x39, 0x2b), // red
    RGBColor(0x27, 0x8e, 0x4f), // green
    RGBColor(0x8e, 0x44, 0xad), // purple
];

const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const MUTED: RGBColor = RGBColor(0x77, 0x77, 0x77);

fn band_colour(i: usize, n: usize) -> RGBColor {
    // Green at the bottom of the ladder to dark red at the top.
    const STOPS: [RGBColor; 6] = [
        RGBColor(0x9b, 0xd7, 0x9b),
        RGBColor(0xc8, 0xe6, 0x9a),
        RGBColor(0xf6, 0xe0, 0x8a),
        RGBColor(0xf4, 0xb0, 0x6a),
        RGBColor(0xe8, 0x74, 0x5e),
        RGBColor(0xa8, 0x32, 0x32),
    ];
    if n <= 1 {
        return STOPS[0];
    }
    STOPS[(i * (STOPS.len() - 1)) / (n - 1).max(1)]
}

/// All three charts, in report order.
pub fn all(r: &Report) -> Vec<Chart> {
    vec![
        Chart {
            id: "tension",
            title: "Tension on the escalation ladder".into(),
            svg: tension(r),
        },
        Chart {
            id: "trust",
            title: "Key trust pairs".into(),
            svg: trust(r),
        },
        Chart {
            id: "programme",
            title: "The DPRK programme".into(),
            svg: programme(r),
        },
    ]
}

fn last_turn(r: &Report) -> i32 {
    r.series.turns.last().copied().unwrap_or(0).max(1) as i32
}

fn x_label(r: &Report, x: i32) -> String {
    if x == 0 {
        "start".into()
    } else {
        r.series
            .turns
            .iter()
            .position(|t| *t as i32 == x)
            .and_then(|i| r.series.dates.get(i))
            .cloned()
            .unwrap_or_default()
    }
}

fn finish(svg: String) -> String {
    // plotters writes a fixed width and height; add a viewBox-friendly scaling hint so the chart
    // shrinks on narrow screens when inlined.
    svg.replacen(
        "<svg ",
        "<svg preserveAspectRatio=\"xMinYMin meet\" role=\"img\" ",
        1,
    )
}

/// Draws the numbered mark lines over a chart whose y axis spans `y0..y1`, with the numbers
/// just above the plotting area.
fn draw_marks<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordi32, RangedCoordf32>>,
    r: &Report,
    y0: f32,
    y1: f32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let style = ShapeStyle {
        color: MUTED.mix(0.6),
        filled: false,
        stroke_width: 1,
    };
    for m in &r.marks {
        let x = m.turn as i32;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, y0), (x, y1)],
            style,
        )))?;
        let (px, py) = chart.plotting_area().map_coordinate(&(x, y1));
        let label = m.n.to_string();
        root.draw(&Text::new(
            label.clone(),
            (px - 3 * label.len() as i32, py - 16),
            ("sans-serif", 11).into_font().color(&INK),
        ))?;
    }
    Ok(())
}

fn tension(r: &Report) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (W, H)).into_drawing_area();
        let _ = draw_tension(&root, r);
        let _ = root.present();
    }
    finish(svg)
}

fn draw_tension<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    r: &Report,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let n = last_turn(r);
    let mut chart = ChartBuilder::on(root)
        .margin(10)
        .margin_top(24)
        .margin_right(90)
        .x_label_area_size(30)
        .y_label_area_size(40)
        .build_cartesian_2d(0..n, 0f32..100f32)?;
    // The ladder's rungs as bands, named at the right.
    let ladder = &r.series.ladder;
    for (i, rung) in ladder.iter().enumerate() {
        let top = ladder.get(i + 1).map(|x| x.from).unwrap_or(100.0);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0, rung.from), (n, top)],
            band_colour(i, ladder.len()).mix(0.35).filled(),
        )))?;
    }
    chart
        .configure_mesh()
        .disable_x_mesh()
        .disable_y_mesh()
        .x_labels((n as usize + 1).min(12))
        .x_label_formatter(&|x| x_label(r, *x))
        .y_labels(6)
        .y_desc("tension")
        .axis_desc_style(("sans-serif", 12))
        .label_style(("sans-serif", 11))
        .draw()?;
    let plot = chart.plotting_area();
    for (i, rung) in ladder.iter().enumerate() {
        let top = ladder.get(i + 1).map(|x| x.from).unwrap_or(100.0);
        let mid = (rung.from + top) / 2.0;
        let (px, py) = plot.map_coordinate(&(n, mid));
        root.draw(&Text::new(
            rung.name.clone(),
            (px + 6, py - 6),
            ("sans-serif", 11).into_font().color(&INK),
        ))?;
    }
    draw_marks(root, &mut chart, r, 0.0, 100.0)?;
    let pts: Vec<(i32, f32)> = r
        .series
        .turns
        .iter()
        .zip(&r.series.tension)
        .map(|(t, v)| (*t as i32, *v))
        .collect();
    chart.draw_series(LineSeries::new(
        pts.iter().copied(),
        ShapeStyle {
            color: INK.to_rgba(),
            filled: false,
            stroke_width: 2,
        },
    ))?;
    chart.draw_series(
        pts.iter()
            .filter(|(t, _)| r.marks.iter().any(|m| m.turn as i32 == *t))
            .map(|p| Circle::new(*p, 4, INK.filled())),
    )?;
    Ok(())
}

fn trust(r: &Report) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (W, H)).into_drawing_area();
        let _ = draw_trust(&root, r);
        let _ = root.present();
    }
    finish(svg)
}

fn draw_trust<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    r: &Report,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let n = last_turn(r);
    let mut chart = ChartBuilder::on(root)
        .margin(10)
        .margin_top(24)
        .margin_right(90)
        .x_label_area_size(30)
        .y_label_area_size(40)
        .build_cartesian_2d(0..n, 0f32..100f32)?;
    chart
        .configure_mesh()
        .x_labels((n as usize + 1).min(12))
        .x_label_formatter(&|x| x_label(r, *x))
        .y_labels(6)
        .y_desc("trust (0-100)")
        .light_line_style(RGBColor(0xee, 0xee, 0xee))
        .bold_line_style(RGBColor(0xdd, 0xdd, 0xdd))
        .axis_desc_style(("sans-serif", 12))
        .label_style(("sans-serif", 11))
        .draw()?;
    draw_marks(root, &mut chart, r, 0.0, 100.0)?;
    for (i, s) in r.series.trust.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        let pts: Vec<(i32, f32)> = r
            .series
            .turns
            .iter()
            .zip(&s.values)
            .map(|(t, v)| (*t as i32, *v))
            .collect();
        chart
            .draw_series(LineSeries::new(
                pts,
                ShapeStyle {
                    color: colour.to_rgba(),
                    filled: false,
                    stroke_width: 2,
                },
            ))?
            .label(s.label.clone())
            .legend(move |(x, y)| {
                PathElement::new(
                    vec![(x, y), (x + 16, y)],
                    ShapeStyle {
                        color: colour.to_rgba(),
                        filled: false,
                        stroke_width: 2,
                    },
                )
            });
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .margin(4)
        .legend_area_size(20)
        .border_style(MUTED)
        .background_style(WHITE.mix(0.85))
        .label_font(("sans-serif", 11))
        .draw()?;
    Ok(())
}

fn programme(r: &Report) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (W, H)).into_drawing_area();
        let _ = draw_programme(&root, r);
        let _ = root.present();
    }
    finish(svg)
}

fn draw_programme<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    r: &Report,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let n = last_turn(r);
    let wmax = r
        .series
        .warheads
        .iter()
        .copied()
        .fold(0.0f32, f32::max)
        .max(10.0);
    let top = (wmax * 1.2 / 10.0).ceil() * 10.0;
    let mut chart = ChartBuilder::on(root)
        .margin(10)
        .margin_top(24)
        .margin_right(20)
        .x_label_area_size(30)
        .y_label_area_size(40)
        .right_y_label_area_size(50)
        .build_cartesian_2d(0..n, 0f32..top)?
        .set_secondary_coord(0..n, 0f32..100f32);
    chart
        .configure_mesh()
        .x_labels((n as usize + 1).min(12))
        .x_label_formatter(&|x| x_label(r, *x))
        .y_labels(6)
        .y_desc("warheads")
        .light_line_style(RGBColor(0xee, 0xee, 0xee))
        .bold_line_style(RGBColor(0xdd, 0xdd, 0xdd))
        .axis_desc_style(("sans-serif", 12))
        .label_style(("sans-serif", 11))
        .draw()?;
    chart
        .configure_secondary_axes()
        .y_desc("ICBM readiness (0-100)")
        .axis_desc_style(("sans-serif", 12))
        .label_style(("sans-serif", 11))
        .draw()?;
    draw_marks(root, &mut chart, r, 0.0, top)?;
    let warheads: Vec<(i32, f32)> = r
        .series
        .turns
        .iter()
        .zip(&r.series.warheads)
        .map(|(t, v)| (*t as i32, *v))
        .collect();
    let blue = PALETTE[0];
    let red = PALETTE[1];
    chart
        .draw_series(LineSeries::new(
            warheads,
            ShapeStyle {
                color: blue.to_rgba(),
                filled: false,
                stroke_width: 2,
            },
        ))?
        .label("warheads (left)")
        .legend(move |(x, y)| {
            PathElement::new(
                vec![(x, y), (x + 16, y)],
                ShapeStyle {
                    color: blue.to_rgba(),
                    filled: false,
                    stroke_width: 2,
                },
            )
        });
    let readiness: Vec<(i32, f32)> = r
        .series
        .turns
        .iter()
        .zip(&r.series.icbm_readiness)
        .map(|(t, v)| (*t as i32, *v))
        .collect();
    chart
        .draw_secondary_series(LineSeries::new(
            readiness,
            ShapeStyle {
                color: red.to_rgba(),
                filled: false,
                stroke_width: 2,
            },
        ))?
        .label("ICBM readiness (right)")
        .legend(move |(x, y)| {
            PathElement::new(
                vec![(x, y), (x + 16, y)],
                ShapeStyle {
                    color: red.to_rgba(),
                    filled: false,
                    stroke_width: 2,
                },
            )
        });
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .margin(4)
        .legend_area_size(20)
        .border_style(MUTED)
        .background_style(WHITE.mix(0.85))
        .label_font(("sans-serif", 11))
        .draw()?;
    Ok(())
}
