//! The HTML report of seeded games, opened in headless Chromium: nothing scrolls sideways on a
//! 390 px phone (nor at 1280 px), every SVG has a title, and the page prints (A4) to at most 12
//! pages before the timeline appendix.
//!
//! Needs `chromium` (Debian's package; `.ci/run` installs it) and `pdftotext` (poppler-utils).
//! Outside CI a missing browser is reported loudly and the checks are skipped; in CI
//! (`CI=true`) it is a failure.

mod record_common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use brink::record::GameRecord;
use brink::report::{self, Format};
use record_common::{controllers, db, finished_game};

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// The browser and the PDF text tool, or None (after saying so) when the checks cannot run.
fn tools() -> Option<(PathBuf, PathBuf)> {
    let chromium = std::env::var_os("BRINK_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| which(&["chromium", "chromium-browser", "google-chrome"]));
    let pdftotext = which(&["pdftotext"]);
    match (chromium, pdftotext) {
        (Some(c), Some(p)) => Some((c, p)),
        (c, p) => {
            let missing = [
                c.is_none().then_some("chromium"),
                p.is_none().then_some("pdftotext (poppler-utils)"),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" and ");
            let msg = format!(
                "\n\n*** report_browser: {missing} not found: the HTML report's phone, SVG-title and print checks DID NOT RUN.\n*** Install them (`apt-get install -y chromium poppler-utils`) or run `.ci/run`.\n"
            );
            if in_ci() {
                panic!("{msg}");
            }
            eprintln!("{msg}");
            None
        }
    }
}

/// Runs a command with a time limit; its standard output. (Written to a file, not a pipe: a
/// page's DOM is larger than a pipe holds, and nothing reads the pipe while we wait.)
fn run(mut cmd: Command, limit: Duration) -> String {
    let out = tempfile::NamedTempFile::new().expect("a temporary file");
    let mut child = cmd
        .stdout(Stdio::from(out.reopen().expect("reopen")))
        .stderr(Stdio::null())
        .spawn()
        .expect("start the command");
    let started = Instant::now();
    loop {
        match child.try_wait().expect("wait for the command") {
            Some(_) => break,
            None if started.elapsed() > limit => {
                let _ = child.kill();
                panic!("{cmd:?} took longer than {limit:?}");
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    String::from_utf8_lossy(&std::fs::read(out.path()).expect("its output")).into_owned()
}

fn chromium(bin: &Path, profile: &Path) -> Command {
    let mut c = Command::new(bin);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

fn attr_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;")
}

/// What the page looks like at a width: its scroll width, its client width, its SVGs and how
/// many lack a title. Headless Chromium will not make a window narrower than 500 px, so the
/// report is laid out in an iframe of the width asked for, and a script writes what it measured
/// into the DOM that `--dump-dom` prints.
fn measure(bin: &Path, dir: &Path, html: &str, width: u32) -> (u32, u32, u32, u32) {
    let page = format!(
        r#"<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" style="width:{width}px;height:900px;border:0" srcdoc="{}"></iframe>
<script>
document.getElementById("f").addEventListener("load", function () {{
  var d = this.contentDocument, svgs = d.querySelectorAll("svg"), untitled = 0;
  svgs.forEach(function (s) {{
    var t = s.querySelector(":scope > title");
    if (!t || !t.textContent.trim()) untitled++;
  }});
  var p = document.createElement("pre");
  p.textContent = "MEASURED " + d.documentElement.scrollWidth + " " + d.documentElement.clientWidth
    + " " + svgs.length + " " + untitled + " END";
  document.body.appendChild(p);
}});
</script></body></html>"#,
        attr_escape(html)
    );
    let file = dir.join(format!("probe-{width}.html"));
    std::fs::write(&file, page).unwrap();
    let mut c = chromium(bin, &dir.join(format!("profile-{width}")));
    c.args(["--window-size=1400,1000", "--dump-dom"])
        .arg(format!("file://{}", file.display()));
    let dom = run(c, Duration::from_secs(90));
    let at = dom
        .rfind("MEASURED ")
        .unwrap_or_else(|| panic!("the probe wrote nothing at {width} px:\n{dom}"));
    let nums: Vec<u32> = dom[at + 9..]
        .split_whitespace()
        .take_while(|w| !w.starts_with("END"))
        .map(|w| {
            w.parse()
                .unwrap_or_else(|_| panic!("not a number: {w}: {}", &dom[at..]))
        })
        .collect();
    assert_eq!(nums.len(), 4, "{}", &dom[at..]);
    (nums[0], nums[1], nums[2], nums[3])
}

/// Pages printed before the appendix: the report printed to PDF (A4, its own print CSS) with the
/// appendix open, and the page on which the appendix's heading appears found in the PDF's text.
fn pages_before_appendix(bin: &Path, pdftotext: &Path, dir: &Path, html: &str) -> (usize, usize) {
    let opened = html.replacen(
        "<details class=\"appendix\" id=\"appendix\">",
        "<details class=\"appendix\" id=\"appendix\" open>",
        1,
    );
    assert_ne!(opened, html, "the report has no folded appendix");
    let file = dir.join("print.html");
    std::fs::write(&file, opened).unwrap();
    let pdf = dir.join("print.pdf");
    let mut c = chromium(bin, &dir.join("profile-print"));
    c.arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", file.display()));
    run(c, Duration::from_secs(120));
    assert!(pdf.exists(), "no PDF was printed");
    let mut t = Command::new(pdftotext);
    t.arg(&pdf).arg("-");
    let text = run(t, Duration::from_secs(60));
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let appendix = pages
        .iter()
        .position(|p| p.contains("Appendix: the timeline"))
        .expect("the appendix heading is printed");
    (
        appendix,
        pages.iter().filter(|p| !p.trim().is_empty()).count(),
    )
}

fn check(label: &str, html: &str, bins: &(PathBuf, PathBuf)) {
    let tmp = tempfile::tempdir().unwrap();
    for width in [390, 1280] {
        let (scroll, client, svgs, untitled) = measure(&bins.0, tmp.path(), html, width);
        assert!(
            scroll <= client,
            "{label}: at {width} px the page scrolls sideways ({scroll} px of content in {client} px)"
        );
        assert_eq!(svgs, 4, "{label}: four charts");
        assert_eq!(untitled, 0, "{label}: every SVG has a <title>");
    }
    let (before, total) = pages_before_appendix(&bins.0, &bins.1, tmp.path(), html);
    eprintln!("{label}: {before} printed pages before the appendix, {total} in all");
    assert!(
        (1..=12).contains(&before),
        "{label}: {before} printed pages before the appendix (at most 12)"
    );
}

#[test]
fn the_html_report_fits_a_phone_has_titled_charts_and_prints_short() {
    let Some(bins) = tools() else {
        return;
    };
    // A seeded 12-turn game of random players (the report snapshot's game).
    let g = finished_game("hanoi-2019", 13);
    assert_eq!(g.state.turn, 12);
    let rec = GameRecord::of_game(db(), &g, controllers(&g), "browser test");
    let html = report::render(&report::build(db(), &g, &rec), Format::Html, None);
    check("hanoi-2019 seed 13", &html, &bins);

    // A game of personas that sign many agreements (the longest debrief part): the scenario's
    // own, with a pragmatist US (the default maximalist signs statements, not agreements).
    let mut policies: [Option<String>; 5] = Default::default();
    policies[brink::content::SideId::Us.index()] = Some("pragmatist".into());
    let cfg = brink::sim::SimConfig {
        scenario: "singapore-2018".into(),
        games: 1,
        seed: 0,
        threads: 1,
        policies,
        record_dir: None,
    };
    let specs = brink::sim::resolve_specs(db(), &cfg).unwrap();
    let (_, inputs) =
        brink::sim::play_one_explained(db(), "singapore-2018", 0, &specs, true).unwrap();
    let mut g = brink::engine::Game::new(db(), "singapore-2018", 0).unwrap();
    for r in inputs {
        g.submit(db(), r.input, r.rationale).unwrap();
    }
    let rec = GameRecord::of_game(db(), &g, controllers(&g), "browser test");
    let r = report::build(db(), &g, &rec);
    assert!(r.agreements.len() >= 3, "{} agreements", r.agreements.len());
    check(
        "singapore-2018 personas seed 0",
        &report::render(&r, Format::Html, None),
        &bins,
    );
}
