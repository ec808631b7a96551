//! The after-action report of a game (`brink report`, and the TUI's end screen).
//!
//! [`build`] reads a finished (or unfinished) game — its log, ledger, snapshots and the inputs
//! with their rationales — into a [`Report`]: plain data that says what happened and why. The
//! renderers turn it into Markdown ([`md`]), one self-contained HTML page with inline SVG charts
//! ([`html`], [`charts`]) or JSON (the `Report` itself, serialised).
//!
//! What the report holds: the scenario and who controlled each side; each side's objectives met
//! or missed and the turn that decided them; the turning points (the largest single-turn swings
//! in tension and what caused them); every agreement judged against the US and allied goals
//! (content brief §1.4, G1–G7) and the DPRK's; a timeline by turn of every move with its
//! rationale, each event, roll and meter change; charts; and discussion questions drawn from the
//! facts of this game.
//!
//! The parts: [`model`] (the report as data), `build` (reading a game into it), `judge` (each
//! agreement against the goals) and `questions` (the debrief's questions); the renderers `md`,
//! `html` and `charts`.

mod build;
pub mod charts;
pub mod html;
mod judge;
pub mod md;
pub mod model;
mod questions;

use std::path::Path;

use crate::content::ContentDb;
use crate::engine::Game;
use crate::record::GameRecord;

pub use build::build;
pub use model::*;

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Md,
    Html,
    Json,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Md),
            "html" | "htm" => Some(Format::Html),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
    pub fn id(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Json => "json",
        }
    }
}

fn r1(x: f32) -> f32 {
    (x * 10.0).round() / 10.0
}

/// The others' estimate of the warheads, (low, high).
fn believed(e: &crate::engine::state::Estimate) -> (f32, f32) {
    (r1(e.warheads_low), r1(e.warheads_high))
}

fn r2(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

fn controller_text(c: &str) -> String {
    match c {
        "human" | "facilitator" => c.to_string(),
        other => format!("computer ({other})"),
    }
}

/// A count of warheads as a sentence says it: "1 warhead", "19 warheads".
fn warheads(n: f32) -> String {
    let n = n.round();
    if n == 1.0 {
        "1 warhead".to_string()
    } else {
        format!("{n:.0} warheads")
    }
}

/// What the facility tables add to a plant's name for the others' knowledge of it: nothing for
/// a plant known from the start; for a hidden one, when it was placed, or that it never was
/// (a Yongbyon-only freeze leaves such a plant running, and the class should see it).
fn hidden_note(x: &FacilityReport) -> String {
    match (&x.placed_date, x.known_at_start) {
        (_, true) => String::new(),
        (Some(date), false) => format!(" (hidden at the start; placed in {date})"),
        (None, false) => " (hidden throughout)".to_string(),
    }
}

/// A plant's rate at the start as the facility tables show it: one figure where the others
/// believed the truth, "believed / true" where they did not, "— / true" for a plant they did
/// not know of.
fn believed_and_true(x: &FacilityReport) -> String {
    let (believed, truth) = (x.rate_believed, x.rate_true);
    if !x.known_at_start {
        format!("— / {truth:.2}")
    } else if believed == truth {
        format!("{truth:.2}")
    } else {
        format!("{believed:.2} / {truth:.2}")
    }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [a] => a.to_string(),
        [a, b] => format!("{a} and {b}"),
        _ => format!(
            "{} and {}",
            items[..items.len() - 1].join(", "),
            items[items.len() - 1]
        ),
    }
}

/// Renders a report in a format. For Markdown, `chart_files` names the SVG files to link (they
/// are written by [`write`]); without them the charts appear as a table of numbers only.
pub fn render(r: &Report, format: Format, chart_files: Option<&[String]>) -> String {
    match format {
        Format::Md => md::render(r, chart_files),
        Format::Html => html::render(r),
        Format::Json => serde_json::to_string_pretty(r).unwrap_or_else(|_| "{}".into()) + "\n",
    }
}

/// Writes the report of a game to `path`, atomically (the TUI's end screen calls this). For
/// Markdown the three charts are written beside it as `<name>.tension.svg` and so on.
pub fn write(
    db: &ContentDb,
    g: &Game,
    rec: &GameRecord,
    format: Format,
    path: &Path,
) -> Result<(), String> {
    let r = build(db, g, rec);
    write_report(&r, format, path)
}

/// Writes an already built report.
pub fn write_report(r: &Report, format: Format, path: &Path) -> Result<(), String> {
    let fail = |p: &Path, e: std::io::Error| format!("cannot write {}: {e}", p.display());
    let files = if format == Format::Md {
        let stem = path
            .file_stem()
            .and_then(|x| x.to_str())
            .unwrap_or("report")
            .to_string();
        let svgs = charts::all(r);
        let mut names: Vec<String> = Vec::with_capacity(svgs.len());
        for c in &svgs {
            let name = format!("{stem}.{}.svg", c.id);
            let p = path.with_file_name(&name);
            crate::record::write_atomic(&p, c.svg.as_bytes()).map_err(|e| fail(&p, e))?;
            names.push(name);
        }
        Some(names)
    } else {
        None
    };
    let text = render(r, format, files.as_deref());
    crate::record::write_atomic(path, text.as_bytes()).map_err(|e| fail(path, e))
}
