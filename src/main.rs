//! The `brink` command line (docs/formats.md). A thin shell over the library: parse
//! arguments, load content, call one function, print, and map failures to exit codes
//! (0 success, 1 failure while running, 2 bad input).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use clap::{Parser, Subcommand};

use brink::content::{ContentDb, ContentError, SideId};
use brink::formats;
use brink::record::GameRecord;
use brink::sim::{self, SimConfig};

#[derive(Parser)]
#[command(
    name = "brink",
    version,
    about = "A terminal wargame and tabletop exercise about nuclear diplomacy on the Korean peninsula",
    long_about = "A terminal wargame and tabletop exercise about nuclear diplomacy on the Korean \
                  peninsula. With no command, opens the game."
)]
struct Cli {
    /// Read decks from this folder instead of ./decks or the embedded ones (also BRINK_DECKS).
    #[arg(long, global = true, value_name = "DIR")]
    decks: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Open the game (the default).
    Play {
        /// Start this scenario at once, skipping the title and new-game screens.
        #[arg(long)]
        scenario: Option<String>,
        /// The game's seed (default: a fresh one).
        #[arg(long)]
        seed: Option<u64>,
        /// Continue a saved game record.
        #[arg(long, value_name = "FILE")]
        load: Option<PathBuf>,
        /// Seat a computer player: SIDE=PERSONA[:difficulty], or SIDE=exec:COMMAND for a
        /// program playing over JSON lines (docs/protocol.md); repeatable. The other sides
        /// keep their usual seats.
        #[arg(long = "policy", value_name = "SIDE=PERSONA")]
        policies: Vec<String>,
        /// How long an agent program may take over one answer, in seconds.
        #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = parse_timeout)]
        agent_timeout: std::time::Duration,
    },
    /// List the scenarios.
    Scenarios {
        #[arg(long)]
        json: bool,
    },
    /// Check a decks folder (default: the shipped one); print counts or every error.
    Validate {
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Play games headless and summarise them.
    Sim {
        #[arg(long, default_value = "hanoi-2019")]
        scenario: String,
        #[arg(long, default_value_t = 100)]
        games: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// SIDE=PERSONA[:difficulty] or SIDE=exec:COMMAND (a program playing over JSON lines,
        /// docs/protocol.md), repeatable; SIDE may be `all`.
        #[arg(long = "policy", value_name = "SIDE=PERSONA")]
        policies: Vec<String>,
        /// How long an agent program (`exec:`) may take over one answer, in seconds
        /// (`0.5`, `30`, `500ms`); a late answer is refused and the persona plays instead.
        #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = parse_timeout)]
        agent_timeout: std::time::Duration,
        /// A named comparison, e.g. maximalist-vs-freeze.
        #[arg(long)]
        preset: Option<String>,
        #[arg(long)]
        json: bool,
        /// Write one row per game to this CSV file.
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        /// Write every game's record into this folder.
        #[arg(long, value_name = "DIR")]
        record: Option<PathBuf>,
    },
    /// Re-run a game record.
    Replay {
        file: PathBuf,
        /// Print the per-turn state as JSON lines.
        #[arg(long)]
        json: bool,
        /// Verify the record reproduces exactly.
        #[arg(long)]
        check: bool,
    },
    /// Write the after-action report of a game record.
    Report {
        file: PathBuf,
        /// md (Markdown, the default), html (one self-contained page) or json.
        #[arg(long, default_value = "md", value_parser = ["md", "html", "json"])]
        format: String,
        /// Write to this file (atomically) instead of standard output. With md, the charts are
        /// written beside it as SVG files.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
    /// List autosaves and resume one.
    Resume {
        /// The number of the autosave to resume, as listed.
        n: Option<usize>,
        /// Print the list as JSON instead.
        #[arg(long)]
        json: bool,
    },
    /// Test support: an agent program (docs/protocol.md) that passes every decision at once,
    /// for the protocol's speed bench.
    #[command(hide = true)]
    AgentEchoTest,
    /// Test support: plays a seeded game with random players, autosaving after every input.
    #[command(hide = true)]
    AutoplayTest {
        #[arg(long, default_value = "hanoi-2019")]
        scenario: String,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Pause after each autosave.
        #[arg(long, default_value_t = 0)]
        delay_ms: u64,
    },
}

/// A failure with its exit code: 1 while running, 2 for bad input.
struct Fail {
    code: u8,
    lines: Vec<String>,
}

fn bad(msg: impl Into<String>) -> Fail {
    Fail {
        code: 2,
        lines: vec![msg.into()],
    }
}

fn failed(msg: impl Into<String>) -> Fail {
    Fail {
        code: 1,
        lines: vec![msg.into()],
    }
}

fn content_fail(errs: Vec<ContentError>) -> Fail {
    Fail {
        code: 2,
        lines: errs.iter().map(|e| e.to_string()).collect(),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            for l in f.lines {
                eprintln!("brink: {l}");
            }
            ExitCode::from(f.code)
        }
    }
}

fn load(decks: &Option<PathBuf>) -> Result<ContentDb, Fail> {
    ContentDb::discover(decks.as_deref()).map_err(content_fail)
}

fn run(cli: Cli) -> Result<(), Fail> {
    match cli.command {
        None => play(&cli.decks, None, None, None, brink::tui::Seating::default()),
        Some(Command::Play {
            scenario,
            seed,
            load,
            policies,
            agent_timeout,
        }) => {
            let seating = brink::tui::Seating {
                policies: parse_policies(&policies)?,
                agents: brink::agent::AgentOptions {
                    timeout: agent_timeout,
                    // The terminal is the game's: agents write to a log in the data folder.
                    log_dir: brink::save::data_dir(),
                },
            };
            play(&cli.decks, scenario, seed, load, seating)
        }
        Some(Command::Scenarios { json }) => scenarios(&cli.decks, json),
        Some(Command::Validate { dir, json }) => validate(dir.or(cli.decks), json),
        Some(Command::Sim {
            scenario,
            games,
            seed,
            threads,
            policies,
            agent_timeout,
            preset,
            json,
            csv,
            record,
        }) => {
            let db = load(&cli.decks)?;
            if let Some(p) = preset {
                return preset_run(&db, &p, games, seed, threads, json);
            }
            let cfg = SimConfig {
                scenario,
                games,
                seed,
                threads: threads.unwrap_or_else(default_threads),
                policies: parse_policies(&policies)?,
                record_dir: record,
            };
            let agents = brink::agent::AgentOptions {
                timeout: agent_timeout,
                log_dir: None,
            };
            sim_run(&db, &cfg, &agents, json, csv)
        }
        Some(Command::Replay { file, json, check }) => replay(&cli.decks, &file, json, check),
        Some(Command::Report { file, format, out }) => report(&cli.decks, &file, &format, out),
        Some(Command::Resume { n, json }) => resume(&cli.decks, n, json),
        Some(Command::AgentEchoTest) => agent_echo_test(),
        Some(Command::AutoplayTest {
            scenario,
            seed,
            delay_ms,
        }) => autoplay_test(&cli.decks, &scenario, seed, delay_ms),
    }
}

/// `--agent-timeout`: seconds (`30`, `0.5`, `2s`) or milliseconds (`500ms`), above zero.
fn parse_timeout(text: &str) -> Result<std::time::Duration, String> {
    let t = text.trim();
    let (number, scale) = if let Some(ms) = t.strip_suffix("ms") {
        (ms, 0.001)
    } else {
        (t.strip_suffix('s').unwrap_or(t), 1.0)
    };
    match number.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 && x * scale <= 86_400.0 => {
            Ok(std::time::Duration::from_secs_f64(x * scale))
        }
        _ => Err(format!(
            "\"{text}\" is not a time: give seconds above zero (30, 0.5) or milliseconds (500ms), at most a day"
        )),
    }
}

fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

fn play(
    decks: &Option<PathBuf>,
    scenario: Option<String>,
    seed: Option<u64>,
    load_file: Option<PathBuf>,
    seating: brink::tui::Seating,
) -> Result<(), Fail> {
    let db = load(decks)?;
    for (i, spec) in seating.policies.iter().enumerate() {
        if let Some(spec) = spec {
            let side = SideId::from_index(i);
            brink::agent::check_spec(&db, spec, side)
                .map_err(|e| bad(format!("--policy {}={spec}: {e}", side.id())))?;
        }
    }
    if let Some(s) = &scenario
        && db.scenario(s).is_none()
    {
        return Err(bad(format!(
            "unknown scenario \"{s}\" (see `brink scenarios`)"
        )));
    }
    // An unreadable record is bad input (exit 2), refused before the terminal is taken over.
    if let Some(f) = &load_file {
        GameRecord::load(f)
            .and_then(|r| r.verify(&db, &f.display().to_string()))
            .map_err(|e| bad(e.to_string()))?;
    }
    brink::tui::run(
        Arc::new(db),
        brink::tui::Options {
            scenario,
            seed,
            load: load_file,
            seating,
        },
    )
    .map_err(|e| failed(format!("{e:#}")))
}

fn scenarios(decks: &Option<PathBuf>, json: bool) -> Result<(), Fail> {
    let db = load(decks)?;
    if json {
        let list: Vec<serde_json::Value> = db
            .scenarios
            .iter()
            .map(|s| {
                serde_json::json!({
                    "id": s.id,
                    "title": s.title,
                    "start": s.start,
                    "turns": s.turns,
                    "turn_months": s.turn_months,
                    "sides": s.sides.iter().map(|x| x.side.id()).collect::<Vec<_>>(),
                    "brief": s.brief,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({"format": formats::SCENARIOS, "scenarios": list})
        );
    } else {
        println!(
            "{:<24} {:<8} {:>5}  {:<28} title",
            "id", "start", "turns", "sides"
        );
        for s in &db.scenarios {
            let sides: Vec<&str> = s.sides.iter().map(|x| x.side.id()).collect();
            println!(
                "{:<24} {:<8} {:>5}  {:<28} {}",
                s.id,
                s.start,
                s.turns,
                sides.join(","),
                s.title
            );
        }
    }
    Ok(())
}

fn validate(dir: Option<PathBuf>, json: bool) -> Result<(), Fail> {
    let result = match &dir {
        Some(d) => ContentDb::load_dir(d),
        None => ContentDb::discover(None),
    };
    match result {
        Ok(db) => {
            let c = db.counts();
            if json {
                println!(
                    "{}",
                    serde_json::json!({"format": formats::VALIDATE, "ok": true, "counts": c, "errors": []})
                );
            } else {
                println!(
                    "ok: {} sides, {} cards, {} events, {} provisions, {} scenarios, {} personas ({})",
                    c.sides, c.cards, c.events, c.provisions, c.scenarios, c.personas, db.origin
                );
            }
            Ok(())
        }
        Err(errs) => {
            if json {
                println!(
                    "{}",
                    serde_json::json!({"format": formats::VALIDATE, "ok": false, "counts": null, "errors": errs})
                );
                Err(Fail {
                    code: 2,
                    lines: vec![format!("{} error(s) in the decks", errs.len())],
                })
            } else {
                Err(content_fail(errs))
            }
        }
    }
}

fn parse_policies(args: &[String]) -> Result<[Option<String>; 5], Fail> {
    let mut out: [Option<String>; 5] = Default::default();
    for a in args {
        let Some((side, spec)) = a.split_once('=') else {
            return Err(bad(format!("--policy {a}: expected SIDE=PERSONA")));
        };
        if side == "all" {
            for o in out.iter_mut() {
                *o = Some(spec.to_string());
            }
        } else {
            let s = SideId::parse(side).ok_or_else(|| {
                bad(format!(
                    "--policy {a}: unknown side \"{side}\" (us, dprk, rok, china, japan or all)"
                ))
            })?;
            out[s.index()] = Some(spec.to_string());
        }
    }
    Ok(out)
}

/// A progress bar on stderr for long runs: many games, or any seat played by a search opponent
/// (`:normal`, `:hard`), whose games take a second or more each.
fn progress_bar(games: u32, specs: &[String]) -> indicatif::ProgressBar {
    let pb = indicatif::ProgressBar::new(games as u64);
    let searching = specs.iter().any(|s| {
        s.ends_with(":normal") || s.ends_with(":hard") || brink::agent::exec_command(s).is_some()
    });
    if games < 2000 && !(searching && games > 1) {
        pb.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} games ({eta})",
    ) {
        pb.set_style(style);
    }
    pb
}

fn sim_run(
    db: &ContentDb,
    cfg: &SimConfig,
    agents: &brink::agent::AgentOptions,
    json: bool,
    csv: Option<PathBuf>,
) -> Result<(), Fail> {
    let specs = sim::resolve_specs(db, cfg).map_err(bad)?;
    if let Some(dir) = &cfg.record_dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| failed(format!("cannot create {}: {e}", dir.display())))?;
    }
    let pb = progress_bar(cfg.games, &specs);
    let t0 = Instant::now();
    let results = sim::run_with_agents(db, cfg, agents, &|| pb.inc(1)).map_err(|e| {
        pb.finish_and_clear();
        failed(e)
    })?;
    let elapsed = t0.elapsed().as_secs_f64();
    pb.finish_and_clear();
    let summary = sim::summarise(db, cfg, &specs, &results, elapsed);
    if let Some(path) = csv {
        brink::record::write_atomic(&path, sim::csv(db, cfg, &results).as_bytes())
            .map_err(|e| failed(format!("cannot write {}: {e}", path.display())))?;
    }
    if json {
        println!(
            "{}",
            serde_json::to_string(&summary).map_err(|e| failed(e.to_string()))?
        );
    } else {
        print!("{}", sim::table(&summary));
    }
    Ok(())
}

fn preset_run(
    db: &ContentDb,
    preset: &str,
    games: u32,
    seed: u64,
    threads: Option<usize>,
    json: bool,
) -> Result<(), Fail> {
    match brink::ai::preset(preset) {
        Some(runs) => {
            let mut rows = Vec::new();
            let t0 = Instant::now();
            for (label, scenario, policies) in runs {
                let cfg = SimConfig {
                    scenario: scenario.to_string(),
                    games,
                    seed,
                    threads: threads.unwrap_or_else(default_threads),
                    policies: parse_policies(&policies)?,
                    record_dir: None,
                };
                let specs = sim::resolve_specs(db, &cfg).map_err(bad)?;
                let pb = progress_bar(games, &specs);
                let results = sim::run(db, &cfg, &|| pb.inc(1)).map_err(failed)?;
                pb.finish_and_clear();
                rows.push((label, sim::summarise(db, &cfg, &specs, &results, 0.0)));
            }
            let elapsed = t0.elapsed().as_secs_f64();
            if json {
                let v: Vec<serde_json::Value> = rows
                    .iter()
                    .map(|(label, s)| serde_json::json!({"label": label, "summary": s}))
                    .collect();
                println!(
                    "{}",
                    serde_json::json!({
                        "format": formats::PRESET,
                        "preset": preset,
                        "games": games,
                        "seed": formats::u64_json(seed),
                        "rows": v,
                        "elapsed_s": elapsed,
                    })
                );
            } else {
                print!("{}", brink::sim::preset_table(preset, &rows));
                println!("\nelapsed {elapsed:.2} s");
            }
            Ok(())
        }
        None => Err(bad(format!(
            "unknown preset \"{preset}\" (known: {})",
            brink::ai::PRESETS.join(", ")
        ))),
    }
}

fn replay(
    decks: &Option<PathBuf>,
    file: &std::path::Path,
    json: bool,
    check: bool,
) -> Result<(), Fail> {
    let db = load(decks)?;
    let rec = GameRecord::load(file).map_err(|e| bad(e.to_string()))?;
    let name = file.display().to_string();
    let game = if check {
        rec.verify(&db, &name)
    } else {
        rec.replay(&db, &name)
    }
    .map_err(|e| bad(e.to_string()))?;
    if json {
        for line in brink::record::replay_json_lines(&db, &game) {
            println!("{line}");
        }
    } else if check {
        println!(
            "ok: {} reproduces exactly ({} inputs, turn {}, {})",
            name,
            rec.inputs.len(),
            game.state.turn,
            game.state.outcome.map(|o| o.id()).unwrap_or("in progress")
        );
    } else {
        brink::tui::run_replay(Arc::new(db), game).map_err(|e| failed(format!("{e:#}")))?;
    }
    Ok(())
}

fn report(
    decks: &Option<PathBuf>,
    file: &std::path::Path,
    format: &str,
    out: Option<PathBuf>,
) -> Result<(), Fail> {
    use brink::report::{self as rep, Format};
    let fmt = Format::parse(format).ok_or_else(|| {
        bad(format!(
            "unknown report format \"{format}\" (md, html or json)"
        ))
    })?;
    let db = load(decks)?;
    let rec = GameRecord::load(file).map_err(|e| bad(e.to_string()))?;
    let game = rec
        .verify(&db, &file.display().to_string())
        .map_err(|e| bad(e.to_string()))?;
    let r = rep::build(&db, &game, &rec);
    match out {
        Some(path) => rep::write_report(&r, fmt, &path).map_err(failed),
        None => {
            use std::io::Write;
            let text = rep::render(&r, fmt, None);
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|_| stdout.flush())
                .or_else(|e| {
                    // `brink report FILE | head` closes the pipe early: that is not a failure.
                    if e.kind() == std::io::ErrorKind::BrokenPipe {
                        Ok(())
                    } else {
                        Err(failed(format!("cannot write the report: {e}")))
                    }
                })
        }
    }
}

fn sides_text(sides: &[(SideId, String)]) -> String {
    sides
        .iter()
        .map(|(s, c)| format!("{}={c}", s.label()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn resume(decks: &Option<PathBuf>, n: Option<usize>, json: bool) -> Result<(), Fail> {
    use std::io::{BufRead, IsTerminal, Write};
    use std::time::SystemTime;
    let Some(dir) = brink::save::saves_dir() else {
        return Err(failed(
            "no data folder is known for this user; set BRINK_DATA_DIR to a folder",
        ));
    };
    let listing = brink::save::scan_dir(&dir);
    for s in &listing.skipped {
        eprintln!("brink: skipped {}", s.reason);
    }
    let saves = &listing.saves;
    let now = SystemTime::now();
    if json {
        let list: Vec<serde_json::Value> = saves
            .iter()
            .enumerate()
            .map(|(i, s)| {
                serde_json::json!({
                    "n": i + 1,
                    "path": s.path.display().to_string(),
                    "scenario": s.scenario,
                    "date": s.date,
                    "turn": s.turn,
                    "sides": s.sides.iter().map(|(k, v)| (k.id().to_string(), serde_json::json!(v))).collect::<serde_json::Map<_, _>>(),
                    "outcome": s.outcome,
                    "saved": brink::save::utc_text(s.modified),
                })
            })
            .collect();
        let skipped: Vec<serde_json::Value> = listing
            .skipped
            .iter()
            .map(|s| serde_json::json!({"path": s.path.display().to_string(), "reason": s.reason}))
            .collect();
        println!(
            "{}",
            serde_json::json!({
                "format": formats::RESUME,
                "dir": dir.display().to_string(),
                "saves": list,
                "skipped": skipped,
            })
        );
        return Ok(());
    }
    // The decks, once: the list marks saves played with others, and a pick resumes with them.
    // A broken deck does not stop the list; it is reported when a save is picked.
    let listed = ContentDb::discover(decks.as_deref()).ok();
    let pick = match n {
        Some(n) => Some(n),
        None => {
            if saves.is_empty() {
                println!("No autosaves in {}.", dir.display());
                return Ok(());
            }
            // Saves played with other decks are marked: resuming them needs those decks.
            let current = listed.as_ref().map(|d| brink::record::hex(d.hash));
            let other =
                |s: &brink::save::SaveInfo| current.as_ref().is_some_and(|h| *h != s.content_hash);
            println!("Autosaves in {}:", dir.display());
            println!(
                "{:>3}  {:<24} {:<8} {:>4}  {:<16} {:<58} saved",
                "#", "scenario", "date", "turn", "state", "sides"
            );
            for (i, s) in saves.iter().enumerate() {
                println!(
                    "{:>3}{} {:<24} {:<8} {:>4}  {:<16} {:<58} {} ({})",
                    i + 1,
                    if other(s) { "*" } else { " " },
                    s.scenario,
                    s.date,
                    s.turn,
                    s.outcome
                        .as_deref()
                        .map(|o| format!("over: {o}"))
                        .unwrap_or_else(|| "in progress".into()),
                    sides_text(&s.sides),
                    brink::save::ago(s.modified, now),
                    brink::save::utc_text(s.modified)
                );
            }
            if saves.iter().any(other) {
                println!(
                    "* played with other decks than these: resuming needs those decks (--decks DIR)."
                );
            }
            if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
                print!("Resume which (1–{}, Enter to quit)? ", saves.len());
                let _ = std::io::stdout().flush();
                let mut line = String::new();
                let _ = std::io::stdin().lock().read_line(&mut line);
                let line = line.trim();
                if line.is_empty() {
                    return Ok(());
                }
                Some(
                    line.parse::<usize>()
                        .map_err(|_| bad(format!("\"{line}\" is not a number from the list")))?,
                )
            } else {
                println!("Resume one with `brink resume N`.");
                None
            }
        }
    };
    let Some(n) = pick else {
        return Ok(());
    };
    let Some(s) = n.checked_sub(1).and_then(|i| saves.get(i)) else {
        return Err(bad(format!(
            "there is no autosave {n} (there {} {}; see `brink resume`)",
            if saves.len() == 1 { "is" } else { "are" },
            saves.len()
        )));
    };
    let db = match listed {
        Some(db) => db,
        None => load(decks)?,
    };
    // Check it now, so a bad record is refused here with its sentence and exit code 2.
    brink::save::load(&db, &s.path).map_err(|e| bad(e.to_string()))?;
    brink::tui::run(
        Arc::new(db),
        brink::tui::Options {
            scenario: None,
            seed: None,
            load: Some(s.path.clone()),
            seating: Default::default(),
        },
    )
    .map_err(|e| failed(format!("{e:#}")))
}

/// Answers each decision line on stdin with a pass (by its shorthand, with no id: the decision at
/// hand), at once; ends when stdin does.
fn agent_echo_test() -> Result<(), Fail> {
    use std::io::{BufRead, Write};
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut out = std::io::stdout().lock();
    let mut line = String::new();
    loop {
        line.clear();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
        if line.contains("\"type\":\"decision\"")
            && out
                .write_all(b"{\"choice\":\"pass\"}\n")
                .and_then(|_| out.flush())
                .is_err()
        {
            return Ok(());
        }
    }
}

/// Plays a seeded game with random players, feeding the inputs one at a time and autosaving
/// after each, as the TUI does; prints `saved <inputs> <path>` after every save. Used by the
/// kill-mid-game test.
fn autoplay_test(
    decks: &Option<PathBuf>,
    scenario: &str,
    seed: u64,
    delay_ms: u64,
) -> Result<(), Fail> {
    use std::io::Write;
    let db = load(decks)?;
    let specs: [String; 5] = std::array::from_fn(|_| "random".to_string());
    let (_, inputs) = sim::play_one(&db, scenario, seed, &specs, true).map_err(bad)?;
    let mut game = brink::engine::Game::new(&db, scenario, seed)
        .ok_or_else(|| bad(format!("unknown scenario \"{scenario}\"")))?;
    let controllers: Vec<(SideId, String)> = game
        .state
        .seated_sides()
        .map(|s| (s, "random".to_string()))
        .collect();
    let mut stdout = std::io::stdout();
    for input in inputs {
        game.submit(&db, input, Some("autoplay".into()))
            .map_err(|e| failed(format!("a replayed input was refused: {e}")))?;
        match brink::save::autosave(&db, &game, &controllers) {
            Ok(path) => {
                let _ = writeln!(stdout, "saved {} {}", game.inputs.len(), path.display());
                let _ = stdout.flush();
            }
            Err(e) => eprintln!("brink: {e}"),
        }
        if delay_ms > 0 {
            std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        }
    }
    Ok(())
}
