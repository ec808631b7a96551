//! The `brink` command line (docs/formats.md). A thin shell over the library: parse
//! arguments, load content, call one function, print, and map failures to exit codes
//! (0 success, 1 failure while running, 2 bad input).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use brink::content::{ContentDb, ContentError, SideId};
use brink::formats;
use brink::output::{Out, OutError};
use brink::record::GameRecord;
use brink::sim::{self, SimConfig};

/// The environment variables, for `--help` and the man page.
const ENVIRONMENT: &str = "\
Environment:
  BRINK_DECKS     read decks from this folder (as --decks)
  BRINK_DATA_DIR  the data folder: autosaves in saves/, reports in reports/
                  (default: ~/.local/share/brink on Linux)
  BRINK_THEME     the colours: dark (the default), light or mono
  BRINK_SEATS     the human sides of a game started with --scenario, e.g. us,dprk or all
  BRINK_NO_MOUSE  leave the mouse to the terminal (select and copy text)
  NO_COLOR        no colours at all (the mono theme)";

const EXAMPLES: &str = "\
Examples:
  brink                                   open the game
  brink play --scenario hanoi-2019        start a scenario at once
  brink sim --games 1000 --policy dprk=hold-the-deterrent
  brink replay game.ron --check           prove a record reproduces exactly
  brink report game.ron --format html --out game.html
  brink completions bash > ~/.local/share/bash-completion/completions/brink";

/// Threads beyond this gain nothing on any machine Brink runs on, and cost memory.
const MAX_THREADS: u64 = 256;

#[derive(Parser)]
#[command(
    name = "brink",
    version,
    about = "A terminal wargame and tabletop exercise about nuclear diplomacy on the Korean peninsula",
    long_about = "A terminal wargame and tabletop exercise about nuclear diplomacy on the Korean \
                  peninsula. With no command, opens the game.",
    after_help = ENVIRONMENT,
    after_long_help = format!("{EXAMPLES}\n\n{ENVIRONMENT}"),
)]
struct Cli {
    /// Read decks from this folder instead of ./decks or the embedded ones (also BRINK_DECKS).
    #[arg(long, global = true, value_name = "DIR")]
    decks: Option<PathBuf>,
    /// Print only what was asked for: no progress bars, no confirmations or hints (errors still
    /// go to standard error, and the exit code says how it went).
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Open the game (the default).
    Play {
        /// Start this scenario at once, skipping the title and new-game screens (see `brink
        /// scenarios`).
        #[arg(long, value_name = "ID")]
        scenario: Option<String>,
        /// The game's seed (default: a fresh one): the same seed and moves give the same game.
        #[arg(long, value_name = "N")]
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
        /// Play in plain text, a line at a time, for a screen reader, a braille display or a
        /// pipe: every choice a numbered list, what happened in sentences (needs --scenario).
        #[arg(long, requires = "scenario")]
        plain: bool,
        /// With --plain: a side you play (repeatable; default: us). The others play
        /// --policy, else the scenario's persona.
        #[arg(long = "side", value_name = "SIDE", requires = "plain")]
        sides: Vec<String>,
    },
    /// List the scenarios.
    Scenarios {
        /// Print the list as one JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Check a decks folder (default: the shipped one); print counts or every error.
    Validate {
        /// The decks folder to check (default: --decks, BRINK_DECKS, ./decks or the embedded).
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Print {"ok", "counts", "errors"} as JSON (errors with file, line, column, message).
        #[arg(long)]
        json: bool,
    },
    /// Play games headless and summarise them.
    Sim {
        /// The scenario to play (see `brink scenarios`).
        #[arg(long, default_value = "hanoi-2019", value_name = "ID")]
        scenario: String,
        /// How many games (1 or more).
        #[arg(long, default_value_t = 100, value_name = "N",
              value_parser = clap::value_parser!(u32).range(1..))]
        games: u32,
        /// The first game's seed; game i plays seed + i, so a run is reproducible.
        #[arg(long, default_value_t = 1, value_name = "N")]
        seed: u64,
        /// Worker threads, 1 to 256 (default: all cores). The results do not depend on it.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=MAX_THREADS))]
        threads: Option<u64>,
        /// Who plays a side: SIDE=PERSONA[:easy|normal|hard] or SIDE=exec:COMMAND (a program
        /// playing over JSON lines, docs/protocol.md), repeatable; SIDE is us, dprk, rok, china,
        /// japan or all; PERSONA is a persona's id or `random`.
        #[arg(long = "policy", value_name = "SIDE=PERSONA")]
        policies: Vec<String>,
        /// How long an agent program (`exec:`) may take over one answer, in seconds
        /// (`0.5`, `30`, `500ms`); a late answer is refused and the persona plays instead.
        #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = parse_timeout)]
        agent_timeout: std::time::Duration,
        /// A named comparison (its own scenarios and policies, so not with --scenario,
        /// --policy, --csv or --record).
        #[arg(long, value_name = "NAME",
              conflicts_with_all = ["policies", "scenario", "csv", "record"])]
        preset: Option<String>,
        /// Print the summary as one JSON object (the same whatever --threads).
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
        /// The game record (a .ron file: an autosave, a saved game or a `sim --record` game).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Print the per-turn state as JSON lines.
        #[arg(long)]
        json: bool,
        /// Verify the record: that it was not edited since it was written (its check covers
        /// everything the report shows) and that it reproduces exactly. Exit 2 if it carries no
        /// check or does not match.
        #[arg(long)]
        check: bool,
    },
    /// Write the after-action report of a game record.
    Report {
        /// The game record (a .ron file).
        #[arg(value_name = "FILE")]
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
        #[arg(value_name = "N")]
        n: Option<usize>,
        /// Print the list as JSON instead.
        #[arg(long)]
        json: bool,
    },
    /// Print a shell's completion script: bash, zsh, fish, elvish or powershell.
    ///
    /// bash: `brink completions bash > ~/.local/share/bash-completion/completions/brink`;
    /// zsh: `brink completions zsh > ~/.zfunc/_brink` (with ~/.zfunc in fpath);
    /// fish: `brink completions fish > ~/.config/fish/completions/brink.fish`.
    Completions {
        /// The shell.
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `brink man > brink.1; man ./brink.1`.
    Man,
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

/// A closed pipe ends a command quietly (exit 0); any other write failure is exit 1.
impl From<OutError> for Fail {
    fn from(e: OutError) -> Fail {
        match e {
            OutError::Closed => Fail {
                code: 0,
                lines: Vec::new(),
            },
            OutError::Failed(sentence) => failed(sentence),
        }
    }
}

fn main() -> ExitCode {
    let cli = parse_cli();
    let mut out = Out::new(cli.quiet);
    let result = run(cli, &mut out).and_then(|()| out.finish().map_err(Fail::from));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            for l in f.lines {
                eprintln!("brink: {l}");
            }
            ExitCode::from(f.code)
        }
    }
}

/// The command line, with the lists of scenarios, personas and presets in the help of the
/// commands that take them (read from the decks only when help or the man page is asked for).
fn parse_cli() -> Cli {
    let wants_help = std::env::args()
        .skip(1)
        .any(|a| matches!(a.as_str(), "-h" | "--help" | "help" | "man"));
    let mut cmd = Cli::command();
    if wants_help {
        let lists = known_lists();
        for name in ["play", "sim"] {
            let lists = lists.clone();
            cmd = cmd.mut_subcommand(name, move |c| c.after_long_help(lists));
        }
    }
    let matches = cmd.get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// "Scenarios: …\nPersonas: …\nPresets: …" from the decks in use (or the embedded ones).
fn known_lists() -> String {
    let db = ContentDb::discover(None).or_else(|_| ContentDb::embedded());
    let mut text = String::new();
    if let Ok(db) = db {
        let scenarios: Vec<&str> = db.scenarios.iter().map(|s| s.id.as_str()).collect();
        let personas: Vec<String> = db
            .personas
            .iter()
            .map(|p| {
                let sides: Vec<&str> = p.sides.iter().map(|s| s.id()).collect();
                format!("{} ({})", p.id, sides.join(", "))
            })
            .collect();
        text.push_str(&format!("Scenarios: {}\n", scenarios.join(", ")));
        text.push_str(&format!(
            "Personas (and the sides they play): random, {}\n",
            personas.join(", ")
        ));
    }
    text.push_str(&format!("Presets: {}", brink::ai::PRESETS.join(", ")));
    text
}

/// Refuses a `BRINK_THEME` that names no theme, before a screen opens (bad input: exit 2).
fn check_theme() -> Result<(), Fail> {
    match brink::tui::theme::env_problem() {
        Some(problem) => Err(bad(problem)),
        None => Ok(()),
    }
}

fn load(decks: &Option<PathBuf>) -> Result<ContentDb, Fail> {
    ContentDb::discover(decks.as_deref()).map_err(content_fail)
}

fn run(cli: Cli, out: &mut Out) -> Result<(), Fail> {
    match cli.command {
        None => play(&cli.decks, None, None, None, brink::tui::Seating::default()),
        Some(Command::Play {
            scenario,
            seed,
            load,
            policies,
            agent_timeout,
            plain,
            sides,
        }) => {
            if plain {
                return play_plain(&cli.decks, scenario, seed, &policies, &sides);
            }
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
        Some(Command::Scenarios { json }) => scenarios(&cli.decks, json, out),
        Some(Command::Validate { dir, json }) => validate(dir.or(cli.decks), json, out),
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
            // Bounded by the parser (1 to MAX_THREADS), so the cast loses nothing.
            let threads = threads.map(|t| t as usize);
            if let Some(p) = preset {
                return preset_run(&db, &p, games, seed, threads, json, out);
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
            sim_run(&db, &cfg, &agents, json, csv, out)
        }
        Some(Command::Replay { file, json, check }) => replay(&cli.decks, &file, json, check, out),
        Some(Command::Report {
            file,
            format,
            out: path,
        }) => report(&cli.decks, &file, &format, path, out),
        Some(Command::Resume { n, json }) => resume(&cli.decks, n, json, out),
        Some(Command::Completions { shell }) => {
            let mut bytes = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "brink", &mut bytes);
            out.text(&String::from_utf8_lossy(&bytes))?;
            Ok(())
        }
        Some(Command::Man) => {
            let mut bytes = Vec::new();
            let cmd = Cli::command()
                .after_long_help(format!("{EXAMPLES}\n\n{ENVIRONMENT}\n\n{}", known_lists()));
            clap_mangen::Man::new(cmd)
                .render(&mut bytes)
                .map_err(|e| failed(format!("cannot write the manual page: {e}")))?;
            out.text(&String::from_utf8_lossy(&bytes))?;
            Ok(())
        }
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
    check_theme()?;
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

/// `brink play --plain`: the game a line at a time on standard input and output.
fn play_plain(
    decks: &Option<PathBuf>,
    scenario: Option<String>,
    seed: Option<u64>,
    policies: &[String],
    sides: &[String],
) -> Result<(), Fail> {
    let db = load(decks)?;
    let scenario = scenario.unwrap_or_default();
    if db.scenario(&scenario).is_none() {
        return Err(bad(format!(
            "unknown scenario \"{scenario}\" (see `brink scenarios`)"
        )));
    }
    let mut humans = [false; 5];
    for name in if sides.is_empty() {
        vec!["us".to_string()]
    } else {
        sides.to_vec()
    } {
        let side = SideId::parse(&name).ok_or_else(|| {
            bad(format!(
                "--side {name}: not a side (us, dprk, rok, china, japan)"
            ))
        })?;
        humans[side.index()] = true;
    }
    let specs = parse_policies(policies)?;
    for (i, spec) in specs.iter().enumerate() {
        if let Some(spec) = spec {
            let side = SideId::from_index(i);
            if humans[i] {
                return Err(bad(format!(
                    "--side {0} and --policy {0}={spec}: a side is played by a person or a computer, not both",
                    side.id()
                )));
            }
            if brink::agent::exec_command(spec).is_some() {
                return Err(bad(format!(
                    "--policy {}={spec}: agent programs are not seated in plain text; use `brink sim`",
                    side.id()
                )));
            }
            brink::agent::check_spec(&db, spec, side)
                .map_err(|e| bad(format!("--policy {}={spec}: {e}", side.id())))?;
        }
    }
    let opts = brink::plain::PlainOptions {
        scenario,
        seed: seed.unwrap_or_else(brink::tui::fresh_seed),
        humans,
        policies: specs,
        saves: brink::save::saves_dir(),
        end_answers: !std::io::IsTerminal::is_terminal(&std::io::stdin()),
    };
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    brink::plain::run(&db, &opts, &mut stdin.lock(), &mut stdout.lock())
        .map(|_| ())
        .map_err(|e| failed(format!("plain text: {e}")))
}

fn scenarios(decks: &Option<PathBuf>, json: bool, out: &mut Out) -> Result<(), Fail> {
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
        out.json(&serde_json::json!({"format": formats::SCENARIOS, "scenarios": list}))?;
    } else {
        out.line(format!(
            "{:<24} {:<8} {:>5}  {:<28} title",
            "id", "start", "turns", "sides"
        ))?;
        for s in &db.scenarios {
            let sides: Vec<&str> = s.sides.iter().map(|x| x.side.id()).collect();
            out.line(format!(
                "{:<24} {:<8} {:>5}  {:<28} {}",
                s.id,
                s.start,
                s.turns,
                sides.join(","),
                s.title
            ))?;
        }
    }
    Ok(())
}

fn validate(dir: Option<PathBuf>, json: bool, out: &mut Out) -> Result<(), Fail> {
    let result = match &dir {
        Some(d) => ContentDb::load_dir(d),
        None => ContentDb::discover(None),
    };
    match result {
        Ok(db) => {
            let c = db.counts();
            if json {
                out.json(&serde_json::json!({"format": formats::VALIDATE, "ok": true, "counts": c, "errors": []}))?;
            } else {
                out.note(format!(
                    "ok: {} sides, {} cards, {} events, {} provisions, {} scenarios, {} personas ({})",
                    c.sides, c.cards, c.events, c.provisions, c.scenarios, c.personas, db.origin
                ))?;
            }
            Ok(())
        }
        Err(errs) => {
            if json {
                out.json(&serde_json::json!({"format": formats::VALIDATE, "ok": false, "counts": null, "errors": errs}))?;
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
fn progress_bar(games: u32, specs: &[String], quiet: bool) -> indicatif::ProgressBar {
    let pb = indicatif::ProgressBar::new(games as u64);
    let searching = specs.iter().any(|s| {
        s.ends_with(":normal") || s.ends_with(":hard") || brink::agent::exec_command(s).is_some()
    });
    if quiet || (games < 2000 && !(searching && games > 1)) {
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
    out: &mut Out,
) -> Result<(), Fail> {
    let specs = sim::resolve_specs(db, cfg).map_err(bad)?;
    if let Some(dir) = &cfg.record_dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| failed(format!("cannot create {}: {e}", dir.display())))?;
    }
    let pb = progress_bar(cfg.games, &specs, out.quiet);
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
        out.json(&serde_json::to_value(&summary).map_err(|e| failed(e.to_string()))?)?;
    } else {
        out.text(&sim::table(&summary))?;
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
    out: &mut Out,
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
                let pb = progress_bar(games, &specs, out.quiet);
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
                out.json(&serde_json::json!({
                    "format": formats::PRESET,
                    "preset": preset,
                    "games": games,
                    "seed": formats::u64_json(seed),
                    "rows": v,
                    "elapsed_s": elapsed,
                }))?;
            } else {
                out.text(&brink::sim::preset_table(preset, &rows))?;
                out.note(format!("\nelapsed {elapsed:.2} s"))?;
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
    out: &mut Out,
) -> Result<(), Fail> {
    let db = load(decks)?;
    let rec = GameRecord::load(file).map_err(|e| bad(e.to_string()))?;
    let name = file.display().to_string();
    let game = if check {
        rec.prove(&db, &name)
    } else {
        rec.replay(&db, &name)
    }
    .map_err(|e| bad(e.to_string()))?;
    if json {
        for line in brink::record::replay_json_lines(&db, &game) {
            out.line(line)?;
        }
    } else if check {
        out.note(format!(
            "ok: {} reproduces exactly ({} inputs, turn {}, {})",
            name,
            rec.inputs.len(),
            game.state.turn,
            game.state.outcome.map(|o| o.id()).unwrap_or("in progress")
        ))?;
    } else {
        check_theme()?;
        brink::tui::run_replay(Arc::new(db), game).map_err(|e| failed(format!("{e:#}")))?;
    }
    Ok(())
}

fn report(
    decks: &Option<PathBuf>,
    file: &std::path::Path,
    format: &str,
    path: Option<PathBuf>,
    out: &mut Out,
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
    match path {
        Some(path) => rep::write_report(&r, fmt, &path).map_err(failed),
        None => Ok(out.text(&rep::render(&r, fmt, None))?),
    }
}

fn sides_text(sides: &[(SideId, String)]) -> String {
    sides
        .iter()
        .map(|(s, c)| format!("{}={c}", s.label()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn resume(
    decks: &Option<PathBuf>,
    n: Option<usize>,
    json: bool,
    out: &mut Out,
) -> Result<(), Fail> {
    use std::io::{BufRead, IsTerminal};
    use std::time::SystemTime;
    let Some(dir) = brink::save::saves_dir() else {
        return Err(failed(
            "no data folder is known for this user; set BRINK_DATA_DIR to a folder",
        ));
    };
    let listing = brink::save::scan_dir(&dir);
    if let Some(problem) = &listing.problem {
        return Err(failed(problem.clone()));
    }
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
        out.json(&serde_json::json!({
            "format": formats::RESUME,
            "dir": dir.display().to_string(),
            "saves": list,
            "skipped": skipped,
        }))?;
        return Ok(());
    }
    // The decks, once: the list marks saves played with others, and a pick resumes with them.
    // A broken deck does not stop the list; it is reported when a save is picked.
    let listed = ContentDb::discover(decks.as_deref()).ok();
    let pick = match n {
        Some(n) => Some(n),
        None => {
            if saves.is_empty() {
                out.note(format!("No autosaves in {}.", dir.display()))?;
                return Ok(());
            }
            // Saves played with other decks are marked: resuming them needs those decks.
            let current = listed.as_ref().map(|d| brink::record::hex(d.hash));
            let other =
                |s: &brink::save::SaveInfo| current.as_ref().is_some_and(|h| *h != s.content_hash);
            out.note(format!("Autosaves in {}:", dir.display()))?;
            // One block a save, wrapped at word boundaries to the terminal's width (80 when
            // it is not known), so the list reads cleanly in a narrow terminal.
            let cols = std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.parse::<usize>().ok())
                .filter(|c| *c >= 40)
                .unwrap_or(80)
                - 1;
            for (i, s) in saves.iter().enumerate() {
                let state = s
                    .outcome
                    .as_deref()
                    .map(|o| format!("over: {o}"))
                    .unwrap_or_else(|| "in progress".into());
                let head = format!("{} · {} · turn {} · {state}", s.scenario, s.date, s.turn);
                let num = format!("{:>3}{} ", i + 1, if other(s) { "*" } else { " " });
                for l in brink::tui::text::wrap_hanging(&head, cols, &num, "     ") {
                    out.line(l)?;
                }
                let rest = format!(
                    "{} · saved {} ({})",
                    sides_text(&s.sides),
                    brink::save::ago(s.modified, now),
                    brink::save::utc_text(s.modified)
                );
                for l in brink::tui::text::wrap_hanging(&rest, cols, "     ", "     ") {
                    out.line(l)?;
                }
            }
            if saves.iter().any(other) {
                out.note(
                    "* played with other decks than these: resuming needs those decks (--decks DIR).",
                )?;
            }
            if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
                out.text(&format!(
                    "Resume which (1–{}, Enter to quit)? ",
                    saves.len()
                ))?;
                out.finish()?;
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
                out.note("Resume one with `brink resume N`.")?;
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
    check_theme()?;
    out.finish()?;
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
