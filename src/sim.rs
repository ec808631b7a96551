//! Headless batch play (`brink sim`): many seeded games in parallel, summarised.
//!
//! Game `i` is seeded from `(seed, i)` alone and results are gathered in index order, so the
//! output is the same whatever the thread count.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::agent::{self, AgentOptions};
use crate::ai::Policy;
use crate::content::{ContentDb, Meter, ProgrammeField, SideId};
use crate::engine::state::{AgreementKind, AgreementStatus};
use crate::engine::{Game, GameState, Input, NoSink, Outcome, Recorded, score, turn};
use crate::record::GameRecord;

#[derive(Debug, Clone)]
pub struct SimConfig {
    pub scenario: String,
    pub games: u32,
    pub seed: u64,
    pub threads: usize,
    /// Persona spec per side (None: the scenario's default persona, else random).
    pub policies: [Option<String>; 5],
    pub record_dir: Option<PathBuf>,
}

/// One finished game.
#[derive(Debug, Clone, Serialize)]
pub struct GameResult {
    pub game: u32,
    pub seed: u64,
    pub outcome: Outcome,
    pub turns: u16,
    pub tension: f32,
    pub sanctions: f32,
    pub verification: f32,
    pub warheads: f32,
    /// The programme at the end, by `ProgrammeField::index()`.
    pub programme: [f32; crate::content::PROGRAMME_FIELDS],
    pub trust: [[f32; 5]; 5],
    pub scores: [Option<f32>; 5],
    pub crises: u16,
    /// Decisions in which an agent program's answer was refused and its persona played.
    pub agent_fallbacks: u32,
    /// The turn the first agreement was signed, if any was (statements of intent apart).
    pub first_agreement: Option<u16>,
    /// Agreements signed (statements apart), and how many of them were broken.
    pub agreements: u16,
    pub agreements_broken: u16,
    /// Statements of intent signed (they bind nothing, so none can be broken by a breach of
    /// a limit), and the turn of the first.
    pub statements: u16,
    pub first_statement: Option<u16>,
}

/// The seed of game `i` of a batch: SplitMix64 of the pair, so neighbouring games are unrelated.
pub fn game_seed(seed: u64, i: u32) -> u64 {
    let mut z = seed ^ (i as u64).wrapping_mul(0x9E3779B97F4A7C15);
    z = z.wrapping_add(0x9E3779B97F4A7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
    z ^ (z >> 31)
}

/// The persona spec each seat plays under this config.
pub fn resolve_specs(db: &ContentDb, cfg: &SimConfig) -> Result<[String; 5], String> {
    let scen = db.scenario(&cfg.scenario).ok_or_else(|| {
        format!(
            "unknown scenario \"{}\" (see `brink scenarios`)",
            cfg.scenario
        )
    })?;
    let mut specs: [String; 5] = Default::default();
    for side in SideId::ALL {
        let spec = cfg.policies[side.index()]
            .clone()
            .unwrap_or_else(|| scenario_persona(db, &scen.id, side));
        // Fail early, with the side named, rather than inside a worker thread.
        agent::check_spec(db, &spec, side)
            .map_err(|e| format!("--policy {}={spec}: {e}", side.id()))?;
        specs[side.index()] = spec;
    }
    Ok(specs)
}

/// The persona a scenario casts for a side (`random` if none): who plays a side nobody named,
/// and who stands in for an agent program whose answer is refused.
pub fn scenario_persona(db: &ContentDb, scenario: &str, side: SideId) -> String {
    db.scenario(scenario)
        .and_then(|scen| scen.sides.iter().find(|s| s.side == side))
        .and_then(|s| s.persona.clone())
        .unwrap_or_else(|| "random".to_string())
}

/// Whether any seat is an agent program (`exec:`).
pub fn has_agents(specs: &[String; 5]) -> bool {
    specs.iter().any(|s| agent::exec_command(s).is_some())
}

/// Plays one game to the end with no journal (fast path). Returns the final state and, if
/// asked, the inputs for a record.
pub fn play_one(
    db: &ContentDb,
    scenario: &str,
    seed: u64,
    specs: &[String; 5],
    keep_inputs: bool,
) -> Result<(GameState, Vec<Input>), String> {
    let (s, explained) = play_one_explained(db, scenario, seed, specs, keep_inputs)?;
    Ok((s, explained.into_iter().map(|r| r.input).collect()))
}

/// `play_one`, each input with the reason its computer player gave for it (as the TUI shows it).
pub fn play_one_explained(
    db: &ContentDb,
    scenario: &str,
    seed: u64,
    specs: &[String; 5],
    keep_inputs: bool,
) -> Result<(GameState, Vec<Recorded>), String> {
    let mut s = GameState::new_unstarted(db, scenario, seed).ok_or("unknown scenario")?;
    let played = play_in(
        db,
        &mut s,
        scenario,
        seed,
        specs,
        keep_inputs,
        &AgentOptions::default(),
    )?;
    if let Some(why) = played.failure {
        return Err(why);
    }
    Ok((s, played.inputs))
}

/// A game played by `play_in`: its inputs (if kept), with each computer's reason, and why it
/// stopped early if a player failed (an agent program that died).
struct Played {
    inputs: Vec<Recorded>,
    failure: Option<String>,
    /// Decisions in which an agent's answer was refused and its persona played instead.
    agent_fallbacks: u32,
}

/// `play_one` in a state left by an earlier game (restarted in place: a worker thread's games
/// grow into the same lists instead of each allocating its own).
fn play_in(
    db: &ContentDb,
    s: &mut GameState,
    scenario: &str,
    seed: u64,
    specs: &[String; 5],
    keep_inputs: bool,
    agents: &AgentOptions,
) -> Result<Played, String> {
    s.restart(db, scenario, seed).ok_or("unknown scenario")?;
    let mut pols: Vec<Box<dyn Policy>> = Vec::with_capacity(5);
    for side in SideId::ALL {
        // Agent programs are started only for the sides at the table.
        let spec = &specs[side.index()];
        let spec = if s.seated(side) {
            spec.as_str()
        } else {
            "random"
        };
        let persona = scenario_persona(db, scenario, side);
        pols.push(agent::make_seat(db, spec, &persona, side, agents)?);
    }
    let mut it = pols.iter_mut();
    let mut seats: [Option<&mut dyn Policy>; 5] = [None, None, None, None, None];
    for side in SideId::ALL {
        if let Some(p) = it.next()
            && s.seated(side)
        {
            seats[side.index()] = Some(p.as_mut());
        }
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x005E_EDB0_75EE_DB07);
    let mut inputs = Vec::new();
    turn::start(db, s, &mut NoSink);
    // The engine's own copy of the unlogged loop (`drive_unlogged`), not one compiled here.
    crate::ai::drive_unlogged(
        db,
        s,
        &mut seats,
        &mut rng,
        if keep_inputs { Some(&mut inputs) } else { None },
    );
    let failure = seats.iter().flatten().find_map(|p| p.failure());
    if failure.is_none() {
        for p in seats.iter_mut().flatten() {
            p.game_over(db, s);
        }
    }
    let agent_fallbacks = seats.iter().flatten().map(|p| p.fallbacks()).sum();
    Ok(Played {
        inputs,
        failure,
        agent_fallbacks,
    })
}

fn result_of(db: &ContentDb, i: u32, seed: u64, s: &GameState) -> GameResult {
    let of_kind = |k: AgreementKind| s.agreements().iter().filter(move |a| a.kind == k);
    let agreements = || of_kind(AgreementKind::Agreement);
    let statements = || of_kind(AgreementKind::Statement);
    let mut scores = [None; 5];
    for side in SideId::ALL {
        if s.seated(side) {
            scores[side.index()] = Some(score(db, s, side));
        }
    }
    GameResult {
        game: i,
        seed,
        outcome: s.outcome.unwrap_or(Outcome::Stalemate),
        turns: s.turn,
        tension: s.meter(Meter::Tension),
        sanctions: s.meter(Meter::Sanctions),
        verification: s.meter(Meter::Verification),
        warheads: s.prog(ProgrammeField::Warheads),
        programme: s.programme(),
        trust: s.trust_matrix(),
        scores,
        crises: s.crises,
        agent_fallbacks: 0,
        first_agreement: agreements().map(|a| a.signed_turn).min(),
        agreements: agreements().count() as u16,
        agreements_broken: agreements()
            .filter(|a| a.status != AgreementStatus::InForce)
            .count() as u16,
        statements: statements().count() as u16,
        first_statement: statements().map(|a| a.signed_turn).min(),
    }
}

/// Runs the batch. `tick` is called once per finished game (for a progress bar).
pub fn run(
    db: &ContentDb,
    cfg: &SimConfig,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<GameResult>, String> {
    run_with_agents(db, cfg, &AgentOptions::default(), tick)
}

/// `run`, with the options of any agent programs seated (`exec:` specs). A game in which an
/// agent dies ends there; its record is kept (in `--record DIR`, else as an autosave) and the
/// batch fails with a sentence that says where.
///
/// How the work is shared: `cfg.threads` workers, each with its own state (restarted in place
/// for each of its games) and its own list of results, take the next run of game numbers from
/// one shared counter (`Claims`) until none are left; the lists are merged in game order at the
/// end. The only thing the workers share while they play is that counter, touched once a run
/// of games, and `tick`, called for a run's games when the run is done: no lock, no shared
/// list, no allocation shared between threads. A game's result depends on its number alone, so
/// the output is the same whatever the thread count or the order the runs finish in.
pub fn run_with_agents(
    db: &ContentDb,
    cfg: &SimConfig,
    agents: &AgentOptions,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<GameResult>, String> {
    let specs = resolve_specs(db, cfg)?;
    // With agents, every game keeps its inputs: a game cut short must leave its record.
    let keep = cfg.record_dir.is_some() || has_agents(&specs);
    // Fail here, with a sentence, rather than in every worker.
    GameState::new_unstarted(db, &cfg.scenario, 0).ok_or("unknown scenario")?;
    let workers = cfg.threads.clamp(1, cfg.games.max(1) as usize);
    let claims = Claims::new(cfg.games, workers as u32, max_run(&specs));
    let worker = || -> Worker {
        let mut done = Worker::default();
        let Some(mut s) = GameState::new_unstarted(db, &cfg.scenario, 0) else {
            return done;
        };
        while let Some(run) = claims.next() {
            let n = run.len();
            for i in run {
                match play_numbered(db, cfg, &specs, keep, agents, &mut s, i) {
                    Ok(r) => done.results.push(r),
                    Err(e) => {
                        // The others finish the runs they hold and take no more.
                        claims.stop();
                        done.failed = Some((i, e));
                        return done;
                    }
                }
            }
            (0..n).for_each(|_| tick());
        }
        done
    };
    let finished: Vec<Worker> = if workers == 1 {
        vec![worker()]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers).map(|_| scope.spawn(worker)).collect();
            handles
                .into_iter()
                .map(|h| h.join().map_err(|_| "a worker thread panicked".to_string()))
                .collect::<Result<_, _>>()
        })?
    };
    // The failure of the first game that failed, whichever worker met it (the same error as a
    // run on one thread would stop at, up to games a worker had not reached).
    if let Some((_, e)) = finished
        .iter()
        .filter_map(|w| w.failed.as_ref())
        .min_by_key(|(i, _)| *i)
    {
        return Err(e.clone());
    }
    let mut results: Vec<GameResult> = Vec::with_capacity(cfg.games as usize);
    for w in finished {
        results.extend(w.results);
    }
    results.sort_unstable_by_key(|r| r.game);
    Ok(results)
}

/// What one worker of `run_with_agents` played: its results, in the order it played them, and
/// the game it stopped at if one failed.
#[derive(Default)]
struct Worker {
    results: Vec<GameResult>,
    failed: Option<(u32, String)>,
}

/// Plays game `i` of the batch in the worker's state `s` and writes its record if asked.
fn play_numbered(
    db: &ContentDb,
    cfg: &SimConfig,
    specs: &[String; 5],
    keep: bool,
    agents: &AgentOptions,
    s: &mut GameState,
    i: u32,
) -> Result<GameResult, String> {
    let seed = game_seed(cfg.seed, i);
    let played = play_in(db, s, &cfg.scenario, seed, specs, keep, agents)?;
    if let Some(why) = played.failure {
        let kept = keep_cut_short(db, cfg, specs, i, seed, &played.inputs);
        return Err(format!("{why} in game {i} (turn {}); {kept}", s.turn));
    }
    if let Some(dir) = &cfg.record_dir {
        write_record(db, cfg, specs, dir, i, seed, &played.inputs)?;
    }
    let mut r = result_of(db, i, seed, s);
    r.agent_fallbacks = played.agent_fallbacks;
    Ok(r)
}

/// The batch's game numbers, handed out in runs from one shared counter ("guided" sharing):
/// each run is a share of what is left, so a run of quick random games costs the counter one
/// touch per dozen games, while the runs shrink to one game near the end and no worker is left
/// with a long run of games while the others wait.
struct Claims {
    next: AtomicU32,
    games: u32,
    workers: u32,
    max_run: u32,
}

/// The longest run of games a worker takes at once: `Claims::MAX_RUN` for games that take
/// microseconds (random players and personas), one for games that take much longer (a
/// searching seat, an agent program), where touching the counter once a game costs nothing
/// and the progress bar should move with each game.
fn max_run(specs: &[String; 5]) -> u32 {
    let slow = specs.iter().any(|s| {
        s.ends_with(":normal") || s.ends_with(":hard") || agent::exec_command(s).is_some()
    });
    if slow { 1 } else { Claims::MAX_RUN }
}

impl Claims {
    /// The most games in one run of quick games: enough that the counter is touched rarely (a
    /// random game takes some 25 µs), few enough that the progress bar moves smoothly.
    const MAX_RUN: u32 = 16;

    fn new(games: u32, workers: u32, max_run: u32) -> Claims {
        Claims {
            next: AtomicU32::new(0),
            games,
            workers: workers.max(1),
            max_run: max_run.max(1),
        }
    }

    /// The next run of game numbers, or None when every game is taken (or the batch stopped).
    fn next(&self) -> Option<std::ops::Range<u32>> {
        let mut start = self.next.load(Ordering::Relaxed);
        loop {
            if start >= self.games {
                return None;
            }
            let left = self.games - start;
            let n = (left / (4 * self.workers)).clamp(1, self.max_run);
            match self.next.compare_exchange_weak(
                start,
                start + n,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(start..start + n),
                Err(now) => start = now,
            }
        }
    }

    /// Hands out no more games.
    fn stop(&self) {
        self.next.store(self.games, Ordering::Relaxed);
    }
}

/// Keeps the record of a game an agent cut short: in the record folder if there is one, else
/// as an autosave (which `brink resume` lists). Says where, or why it could not.
fn keep_cut_short(
    db: &ContentDb,
    cfg: &SimConfig,
    specs: &[String; 5],
    i: u32,
    seed: u64,
    inputs: &[Recorded],
) -> String {
    if let Some(dir) = &cfg.record_dir {
        return match write_record(db, cfg, specs, dir, i, seed, inputs) {
            Ok(()) => format!(
                "its record is kept in {}",
                record_path(dir, &cfg.scenario, i).display()
            ),
            Err(e) => format!("its record could not be kept: {e}"),
        };
    }
    let kept = rebuild(db, &cfg.scenario, seed, inputs).and_then(|g| {
        crate::save::autosave(db, &g, &controllers(&g, specs)).map_err(|e| e.to_string())
    });
    match kept {
        Ok(path) => format!("its record is kept in {}", path.display()),
        Err(e) => format!("its record could not be kept: {e}"),
    }
}

fn record_path(dir: &std::path::Path, scenario: &str, i: u32) -> PathBuf {
    dir.join(format!("{scenario}-{i:05}.ron"))
}

/// The game again, with a journal so that its record carries its check.
fn rebuild(db: &ContentDb, scenario: &str, seed: u64, inputs: &[Recorded]) -> Result<Game, String> {
    let mut g = Game::new(db, scenario, seed).ok_or("unknown scenario")?;
    for r in inputs {
        crate::engine::turn::submit(db, &mut g.state, &r.input, &mut g.journal)
            .map_err(|e| format!("internal: a simulated input did not replay: {e}"))?;
        g.inputs.push(r.clone());
    }
    Ok(g)
}

fn controllers(g: &Game, specs: &[String; 5]) -> Vec<(SideId, String)> {
    SideId::ALL
        .into_iter()
        .filter(|s| g.state.seated(*s))
        .map(|s| (s, specs[s.index()].clone()))
        .collect()
}

fn write_record(
    db: &ContentDb,
    cfg: &SimConfig,
    specs: &[String; 5],
    dir: &std::path::Path,
    i: u32,
    seed: u64,
    inputs: &[Recorded],
) -> Result<(), String> {
    let g = rebuild(db, &cfg.scenario, seed, inputs)?;
    let rec = GameRecord::of_game(
        db,
        &g,
        controllers(&g, specs),
        &format!("brink sim --seed {} game {i}", cfg.seed),
    );
    let path = record_path(dir, &cfg.scenario, i);
    rec.save(&path)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Wilson 95 % interval for k successes in n.
pub fn wilson(k: u32, n: u32) -> (f64, f64) {
    if n == 0 {
        return (0.0, 0.0);
    }
    let (k, n, z) = (k as f64, n as f64, 1.96f64);
    let p = k / n;
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z * ((p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt()) / denom;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

#[derive(Debug, Clone, Serialize)]
pub struct MeanFinal {
    pub tension: f64,
    pub trust: BTreeMap<&'static str, BTreeMap<&'static str, f64>>,
    pub warheads: f64,
    pub sanctions: f64,
    pub verification: f64,
}

/// The `brink sim --json` object (docs/formats.md; keys may be added, never renamed).
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// `formats::SIM`.
    pub format: &'static str,
    pub scenario: String,
    pub games: u32,
    /// A string in JSON (docs/formats.md: 64-bit numbers are strings).
    #[serde(with = "crate::formats::u64_text")]
    pub seed: u64,
    /// Shown in the table, left out of the JSON: the JSON is the same whatever `--threads`
    /// (cli.md), and this is how the run was done, not what it found.
    #[serde(skip)]
    pub threads: usize,
    pub policies: BTreeMap<&'static str, String>,
    pub outcomes: BTreeMap<&'static str, u32>,
    /// Wilson 95 % interval of each outcome's share.
    pub outcome_ci95: BTreeMap<&'static str, (f64, f64)>,
    pub mean_final: MeanFinal,
    pub mean_score: BTreeMap<&'static str, f64>,
    /// Share of games in which the side met at least half of its objectives' weight.
    pub objective_success: BTreeMap<&'static str, f64>,
    pub mean_crises: f64,
    /// Decisions, over all games, in which an agent program's answer was refused and its seat
    /// played its persona's move instead (docs/protocol.md).
    pub agent_fallbacks: u32,
    /// The median turn of a game's first agreement, over the games that signed one
    /// (statements of intent apart: they limit nothing).
    pub median_first_agreement_turn: Option<f64>,
    /// Agreements signed per game, and the share of them broken before the end.
    pub agreements_per_game: f64,
    pub agreements_broken_share: f64,
    /// Statements of intent signed per game, and the median turn of a game's first.
    pub statements_per_game: f64,
    pub median_first_statement_turn: Option<f64>,
    /// The programme at the end, as a distribution over the games: warheads, long-range
    /// missiles and the stocks of material (kg).
    pub final_programme: BTreeMap<&'static str, Spread>,
    pub elapsed_s: f64,
}

/// A figure's spread over the games: the median, the 10th and 90th percentiles, the mean.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Spread {
    pub median: f64,
    pub p10: f64,
    pub p90: f64,
    pub mean: f64,
}

impl Spread {
    /// Of these values (nearest-rank percentiles); all zero for none.
    pub fn of(mut v: Vec<f64>) -> Spread {
        if v.is_empty() {
            return Spread {
                median: 0.0,
                p10: 0.0,
                p90: 0.0,
                mean: 0.0,
            };
        }
        v.sort_by(|a, b| a.total_cmp(b));
        let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
        Spread {
            median: round2(at(0.5)),
            p10: round2(at(0.1)),
            p90: round2(at(0.9)),
            mean: round2(v.iter().sum::<f64>() / v.len() as f64),
        }
    }
}

/// The figures `Summary::final_programme` spreads, with their JSON names.
const SPREAD_FIELDS: [(&str, ProgrammeField); 6] = [
    ("warheads", ProgrammeField::Warheads),
    ("missiles", ProgrammeField::Missiles),
    ("plutonium_kg", ProgrammeField::PlutoniumKg),
    ("heu_kg", ProgrammeField::HeuKg),
    ("spent_fuel_kg", ProgrammeField::SpentFuelKg),
    ("fissile_kg", ProgrammeField::FissileKg),
];

pub fn summarise(
    db: &ContentDb,
    cfg: &SimConfig,
    specs: &[String; 5],
    results: &[GameResult],
    elapsed_s: f64,
) -> Summary {
    let n = results.len().max(1) as f64;
    let mut outcomes = BTreeMap::new();
    let mut ci = BTreeMap::new();
    for o in Outcome::ALL {
        let k = results.iter().filter(|r| r.outcome == o).count() as u32;
        outcomes.insert(o.id(), k);
        ci.insert(o.id(), wilson(k, results.len() as u32));
    }
    let seated: Vec<SideId> = db
        .scenario(&cfg.scenario)
        .map(|s| s.sides.iter().map(|x| x.side).collect())
        .unwrap_or_default();
    let mut trust = BTreeMap::new();
    for a in &seated {
        let mut row = BTreeMap::new();
        for b in &seated {
            if a != b {
                let m = results
                    .iter()
                    .map(|r| r.trust[a.index()][b.index()] as f64)
                    .sum::<f64>()
                    / n;
                row.insert(b.id(), round2(m));
            }
        }
        trust.insert(a.id(), row);
    }
    let mean = |f: &dyn Fn(&GameResult) -> f32| {
        round2(results.iter().map(|r| f(r) as f64).sum::<f64>() / n)
    };
    let mut mean_score = BTreeMap::new();
    let mut success = BTreeMap::new();
    let mut policies = BTreeMap::new();
    for side in &seated {
        let scores: Vec<f64> = results
            .iter()
            .filter_map(|r| r.scores[side.index()].map(|x| x as f64))
            .collect();
        mean_score.insert(side.id(), round2(scores.iter().sum::<f64>() / n));
        success.insert(
            side.id(),
            // A share, to 4 places: 2 of 3 is 0.6667, printed 66.7 % (not 0.67, printed 67.0 %).
            round4(scores.iter().filter(|x| **x >= 0.5).count() as f64 / n),
        );
        policies.insert(side.id(), specs[side.index()].clone());
    }
    Summary {
        format: crate::formats::SIM,
        scenario: cfg.scenario.clone(),
        games: results.len() as u32,
        seed: cfg.seed,
        threads: cfg.threads,
        policies,
        outcomes,
        outcome_ci95: ci,
        mean_final: MeanFinal {
            tension: mean(&|r| r.tension),
            trust,
            warheads: mean(&|r| r.warheads),
            sanctions: mean(&|r| r.sanctions),
            verification: mean(&|r| r.verification),
        },
        mean_score,
        objective_success: success,
        mean_crises: mean(&|r| r.crises as f32),
        agent_fallbacks: results.iter().map(|r| r.agent_fallbacks).sum(),
        median_first_agreement_turn: median(results.iter().filter_map(|r| r.first_agreement)),
        agreements_per_game: mean(&|r| r.agreements as f32),
        agreements_broken_share: {
            let signed: u32 = results.iter().map(|r| r.agreements as u32).sum();
            let broken: u32 = results.iter().map(|r| r.agreements_broken as u32).sum();
            round2(broken as f64 / signed.max(1) as f64)
        },
        statements_per_game: mean(&|r| r.statements as f32),
        median_first_statement_turn: median(results.iter().filter_map(|r| r.first_statement)),
        final_programme: SPREAD_FIELDS
            .iter()
            .map(|(name, f)| {
                let v = results
                    .iter()
                    .map(|r| r.programme[f.index()] as f64)
                    .collect();
                (*name, Spread::of(v))
            })
            .collect(),
        elapsed_s,
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The median of some turns (the mean of the middle two for an even count); None for none.
fn median(turns: impl Iterator<Item = u16>) -> Option<f64> {
    let mut v: Vec<u16> = turns.collect();
    v.sort_unstable();
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2] as f64),
        _ => Some((v[n / 2 - 1] as f64 + v[n / 2] as f64) / 2.0),
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The summary as a table for people.
pub fn table(s: &Summary) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{} · {} games · seed {} · {} thread{}\n",
        s.scenario,
        s.games,
        s.seed,
        s.threads,
        if s.threads == 1 { "" } else { "s" }
    ));
    out.push_str(&format!(
        "policies: {}\n\n",
        s.policies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("  ")
    ));
    out.push_str("outcome      games   share   95% CI\n");
    for o in Outcome::ALL {
        let k = s.outcomes[o.id()];
        let (lo, hi) = s.outcome_ci95[o.id()];
        out.push_str(&format!(
            "{:<10} {:>7}  {:>5.1}%   {:>5.1}–{:.1}%\n",
            o.id(),
            k,
            100.0 * k as f64 / s.games.max(1) as f64,
            lo * 100.0,
            hi * 100.0
        ));
    }
    out.push_str(&format!(
        "\nmean final: tension {:.1} · sanctions {:.1} · verification {:.1} · warheads {:.1} · crises {:.2}\n",
        s.mean_final.tension, s.mean_final.sanctions, s.mean_final.verification, s.mean_final.warheads, s.mean_crises
    ));
    if let Some(us) = s.mean_final.trust.get("us")
        && let Some(v) = us.get("dprk")
    {
        let back = s
            .mean_final
            .trust
            .get("dprk")
            .and_then(|m| m.get("us"))
            .copied()
            .unwrap_or(0.0);
        out.push_str(&format!(
            "mean final trust: US→DPRK {v:.1} · DPRK→US {back:.1}\n"
        ));
    }
    out.push_str(&format!(
        "agreements: {:.2} a game · {:.0}% broken · first signed on turn {} (median)\n",
        s.agreements_per_game,
        100.0 * s.agreements_broken_share,
        s.median_first_agreement_turn
            .map_or("–".to_string(), |t| format!("{t}"))
    ));
    out.push_str(&format!(
        "statements (limiting nothing): {:.2} a game · first signed on turn {} (median)\n",
        s.statements_per_game,
        s.median_first_statement_turn
            .map_or("–".to_string(), |t| format!("{t}"))
    ));
    out.push_str("\nside     mean score   objectives ≥ half met\n");
    // In the game's own order (US, DPRK, ROK, China, Japan), not the maps' alphabetical one.
    for side in SideId::ALL.map(SideId::id) {
        let (Some(sc), Some(ok)) = (s.mean_score.get(side), s.objective_success.get(side)) else {
            continue;
        };
        out.push_str(&format!("{side:<8} {sc:>10.2}   {:>6.1}%\n", 100.0 * ok));
    }
    out.push_str(&format!("\nelapsed {:.2} s\n", s.elapsed_s));
    out
}

/// One CSV row per game.
pub fn csv(db: &ContentDb, cfg: &SimConfig, results: &[GameResult]) -> String {
    let seated: Vec<SideId> = db
        .scenario(&cfg.scenario)
        .map(|s| s.sides.iter().map(|x| x.side).collect())
        .unwrap_or_default();
    let mut out =
        String::from("game,seed,outcome,turns,crises,tension,sanctions,verification,warheads");
    for a in &seated {
        for b in &seated {
            if a != b {
                out.push_str(&format!(",trust_{}_{}", a.id(), b.id()));
            }
        }
    }
    for a in &seated {
        out.push_str(&format!(",score_{}", a.id()));
    }
    out.push('\n');
    for r in results {
        out.push_str(&format!(
            "{},{},{},{},{},{:.2},{:.2},{:.2},{:.0}",
            r.game,
            r.seed,
            r.outcome.id(),
            r.turns,
            r.crises,
            r.tension,
            r.sanctions,
            r.verification,
            r.warheads
        ));
        for a in &seated {
            for b in &seated {
                if a != b {
                    out.push_str(&format!(",{:.2}", r.trust[a.index()][b.index()]));
                }
            }
        }
        for a in &seated {
            out.push_str(&format!(",{:.3}", r.scores[a.index()].unwrap_or(0.0)));
        }
        out.push('\n');
    }
    out
}

/// The comparison table of a preset: per run, each outcome's share with its 95 % interval, the
/// US and DPRK mean scores and how often each met at least half of its objectives, and the mean
/// final tension.
pub fn preset_table(name: &str, rows: &[(String, Summary)]) -> String {
    let mut out = String::new();
    if let Some((_, first)) = rows.first() {
        out.push_str(&format!(
            "{name}: {} games per run, seed {}; seats not named play their scenario's default persona\n",
            first.games, first.seed
        ));
    }
    out.push_str(
        "shares are of games, with the Wilson 95 % interval; score = mean share of objectives met; \
         success = games with at least half met\n\n",
    );
    let pct = |s: &Summary, k: &str| {
        let share = 100.0 * s.outcomes[k] as f64 / s.games.max(1) as f64;
        let (lo, hi) = s.outcome_ci95[k];
        format!("{share:5.1}% ({:4.1}–{:4.1})", lo * 100.0, hi * 100.0)
    };
    let w = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(3)
        .max(3);
    out.push_str(&format!(
        "{:<w$} {:<20} {:<20} {:<20} {:<20} {:<20} {:>15} {:>16} {:>7}\n",
        "run",
        "agreement",
        "statement",
        "stalemate",
        "collapse",
        "war",
        "US score/succ.",
        "DPRK score/succ.",
        "tension"
    ));
    for (label, s) in rows {
        let side = |id: &str| {
            format!(
                "{:.2} / {:3.0}%",
                s.mean_score.get(id).copied().unwrap_or(0.0),
                100.0 * s.objective_success.get(id).copied().unwrap_or(0.0)
            )
        };
        out.push_str(&format!(
            "{:<w$} {:<20} {:<20} {:<20} {:<20} {:<20} {:>15} {:>16} {:>7.1}\n",
            label,
            pct(s, "agreement"),
            pct(s, "statement"),
            pct(s, "stalemate"),
            pct(s, "collapse"),
            pct(s, "war"),
            side("us"),
            side("dprk"),
            s.mean_final.tension
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every game number is handed out once, in runs of at most `MAX_RUN` that shrink to one
    /// game at the end; after `stop`, none.
    #[test]
    fn claims_hand_out_every_game_once_in_shrinking_runs() {
        for (games, workers) in [
            (0u32, 2u32),
            (1, 2),
            (7, 1),
            (100, 2),
            (100_000, 2),
            (1000, 8),
        ] {
            let c = Claims::new(games, workers, Claims::MAX_RUN);
            let runs: Vec<_> = std::iter::from_fn(|| c.next()).collect();
            let numbers: Vec<u32> = runs.iter().cloned().flatten().collect();
            assert_eq!(numbers, (0..games).collect::<Vec<_>>(), "{games} games");
            assert!(
                runs.iter()
                    .all(|r| !r.is_empty() && r.len() as u32 <= Claims::MAX_RUN)
            );
            if let Some(last) = runs.last() {
                assert_eq!(last.len(), 1, "{games} games end on a run of one");
            }
        }
        let c = Claims::new(50, 2, Claims::MAX_RUN);
        assert!(c.next().is_some());
        c.stop();
        assert!(c.next().is_none());
        // Slow games go one at a time.
        let c = Claims::new(100, 2, 1);
        assert!(std::iter::from_fn(|| c.next()).all(|r| r.len() == 1));
        let specs = |s: &str| std::array::from_fn(|_| s.to_string());
        assert_eq!(max_run(&specs("random")), Claims::MAX_RUN);
        assert_eq!(max_run(&specs("hawk")), Claims::MAX_RUN);
        assert_eq!(max_run(&specs("hawk:hard")), 1);
    }
}
