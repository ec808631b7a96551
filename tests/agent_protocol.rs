//! Any program can play (docs/protocol.md): Python agents seated with `--policy SIDE=exec:...`
//! play whole games through the real binary; every bad answer gets its documented treatment
//! with nothing lost; what an agent is told never holds what its side cannot see; and the same
//! seed with a deterministic agent gives the same record.
//!
//! The 200-game run against `hawk:hard` takes minutes in a debug build (about 2 minutes with
//! `fastrel` on 2 busy cores: 200 of 200 games whole, no answer refused, every record replays);
//! it is
//! `cargo test --profile fastrel --test agent_protocol -- --ignored` (or `--release`), and a
//! two-game version of it runs always.

mod common;
use common::secrets::with_other_secrets;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use brink::agent::protocol;
use brink::ai::{Policy, make_policy};
use brink::content::{ContentDb, SideId};
use brink::engine::Decision;
use brink::engine::{GameState, Input, NoSink, Phase, turn};
use brink::record::{GameRecord, RecInput};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn brink() -> Command {
    let mut c = Command::cargo_bin("brink").expect("binary");
    c.env_remove("BRINK_DECKS");
    c.current_dir(root());
    c
}

/// An `exec:` spec running a Python file of the repository with arguments.
fn exec(script: &str, args: &str) -> String {
    let path = root().join(script);
    format!("exec:python3 '{}' {args}", path.display())
}

fn fixture(name: &str) -> String {
    exec(&format!("tests/fixtures/agents/{name}"), "")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn sim(args: &[&str], dir: &Path) -> Output {
    brink()
        .args([
            "sim",
            "--scenario",
            "hanoi-2019",
            "--threads",
            "2",
            "--json",
        ])
        .args(args)
        .arg("--record")
        .arg(dir)
        .output()
        .expect("runs")
}

fn records(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    v.sort();
    v
}

fn rationales(rec: &GameRecord, side: SideId) -> Vec<String> {
    rec.inputs
        .iter()
        .filter_map(|i| match i {
            RecInput::Plan {
                side: s, rationale, ..
            }
            | RecInput::Respond {
                side: s, rationale, ..
            }
            | RecInput::Crisis {
                side: s, rationale, ..
            } if *s == side => Some(rationale.clone().unwrap_or_default()),
            _ => None,
        })
        .collect()
}

fn replay_check(f: &Path) {
    let out = brink()
        .args(["replay", "--check"])
        .arg(f)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}: {}", f.display(), stderr(&out));
}

/// `games` games of a Python agent playing the DPRK against a hard hawk US: every game whole,
/// no answer refused, every record replays, the agent's rationales in the records and reports.
fn python_agent_against_hawk_hard(games: u32) {
    let dir = tempfile::tempdir().expect("tmp");
    let agent = exec("examples/agents/random_agent.py", "--seed 11");
    let out = sim(
        &[
            "--games",
            &games.to_string(),
            "--seed",
            "3",
            "--policy",
            "us=hawk:hard",
            "--policy",
            &format!("dprk={agent}"),
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["games"], games);
    assert_eq!(v["agent_fallbacks"], 0, "{}", stderr(&out));
    assert_eq!(v["policies"]["dprk"], agent.as_str());
    let files = records(dir.path());
    assert_eq!(files.len(), games as usize);
    for f in &files {
        replay_check(f);
        let rec = GameRecord::load(f).expect("record");
        assert!(
            rec.controllers
                .iter()
                .any(|(s, c)| *s == SideId::Dprk && c == &agent)
        );
        let why = rationales(&rec, SideId::Dprk);
        assert!(!why.is_empty());
        assert!(why.iter().all(|r| r.starts_with("random: ")), "{why:?}");
    }
    // The agent's reasons reach the report.
    let out = brink()
        .args(["report", "--format", "md"])
        .arg(&files[0])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("random: "));
}

#[test]
fn a_python_agent_plays_whole_games_against_a_hard_hawk() {
    python_agent_against_hawk_hard(2);
}

#[test]
#[ignore = "200 games against the hard search: minutes; run with --profile fastrel or --release"]
fn a_python_agent_plays_200_games_against_a_hard_hawk() {
    python_agent_against_hawk_hard(200);
}

#[test]
fn the_prompt_agent_plays_a_game_with_its_reasons() {
    let dir = tempfile::tempdir().expect("tmp");
    let agent = exec("examples/agents/prompt_agent.py", "");
    let out = sim(
        &["--games", "1", "--policy", &format!("us={agent}")],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["agent_fallbacks"], 0, "{}", stderr(&out));
    let f = &records(dir.path())[0];
    replay_check(f);
    let rec = GameRecord::load(f).expect("record");
    let why = rationales(&rec, SideId::Us);
    assert!(
        why.iter().all(|r| r.starts_with("stand-in rule: ")),
        "{why:?}"
    );
}

/// A game in which every answer of the agent is bad: it is played to the end anyway, each bad
/// answer said on stderr and played by the persona, and the record says so and replays.
fn every_answer_refused(agent: &str, says: &str) {
    let dir = tempfile::tempdir().expect("tmp");
    let out = sim(
        &["--games", "1", "--policy", &format!("dprk={agent}")],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("brink: agent for dprk"), "{err}");
    assert!(err.contains(says), "{err}");
    assert!(
        err.contains("DPRK plays economy-first's move instead"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let f = &records(dir.path())[0];
    replay_check(f);
    let rec = GameRecord::load(f).expect("record");
    assert!(rec.check.as_ref().is_some_and(|c| c.outcome.is_some()));
    let why = rationales(&rec, SideId::Dprk);
    assert_eq!(v["agent_fallbacks"], why.len(), "every decision fell back");
    for r in &why {
        assert!(
            r.starts_with("[agent's answer refused: ") && r.contains("economy-first's move"),
            "{r}"
        );
    }
}

#[test]
fn an_agent_that_prints_garbage_is_played_by_its_persona() {
    every_answer_refused(&fixture("garbage.py"), "the answer is not JSON");
}

#[test]
fn an_agent_that_plays_illegal_moves_is_played_by_its_persona_and_told_why() {
    every_answer_refused(&fixture("illegal.py"), "not legal");
    // The client shows the agent why its previous answer was refused (the `error` field).
    let dir = tempfile::tempdir().expect("tmp");
    let out = sim(
        &[
            "--games",
            "1",
            "--policy",
            &format!("dprk={}", fixture("illegal.py")),
        ],
        dir.path(),
    );
    let err = stderr(&out);
    assert!(
        err.contains("brink_agent: previous answer refused: "),
        "{err}"
    );
    assert!(err.contains("there is no card \"no-such-card\""), "{err}");
    assert!(err.contains("cannot play \"us-propose-package\""), "{err}");
}

/// The agent answers its first decision after 4 s, past a 3 s timeout (its start-up counts
/// too), and the rest at once: the second decision's deadline leaves it 2 s to start.
#[test]
fn a_late_answer_is_refused_and_then_ignored() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = sim(
        &[
            "--games",
            "1",
            "--agent-timeout",
            "3",
            "--policy",
            &format!("dprk={}", fixture("slow.py")),
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("no answer within 3 s (--agent-timeout)"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["agent_fallbacks"], 1, "only the first decision was late");
    let f = &records(dir.path())[0];
    replay_check(f);
    let why = rationales(&GameRecord::load(f).expect("record"), SideId::Dprk);
    assert!(why[0].contains("no answer within"), "{}", why[0]);
    // Decision 1's late answer was not taken for decision 2's.
    assert_eq!(why[1], "answer 2");
}

#[test]
fn an_agent_that_dies_ends_the_game_with_exit_1_and_its_record_kept() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = sim(
        &[
            "--games",
            "1",
            "--policy",
            &format!("dprk={}", fixture("crash.py")),
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("exited with status 3"), "{err}");
    assert!(err.contains("its record is kept in "), "{err}");
    let files = records(dir.path());
    assert_eq!(files.len(), 1);
    assert!(err.contains(&files[0].display().to_string()), "{err}");
    replay_check(&files[0]);
    let rec = GameRecord::load(&files[0]).expect("record");
    assert_eq!(
        rec.check.as_ref().and_then(|c| c.outcome.clone()),
        None,
        "the game stopped where the agent died"
    );
    let why = rationales(&rec, SideId::Dprk);
    assert_eq!(why.len(), 4, "three answers and the decision it died in");
    assert!(
        why[3].starts_with("[agent gone; economy-first's move]"),
        "{}",
        why[3]
    );

    // Without --record, the record is kept as an autosave.
    let data = tempfile::tempdir().expect("tmp");
    let out = brink()
        .env("BRINK_DATA_DIR", data.path())
        .args(["sim", "--scenario", "hanoi-2019", "--games", "1"])
        .args(["--policy", &format!("dprk={}", fixture("crash.py"))])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(&data.path().display().to_string()), "{err}");
}

#[test]
fn the_same_seed_and_a_deterministic_agent_give_the_same_record() {
    let run = || {
        let dir = tempfile::tempdir().expect("tmp");
        let agent = exec("examples/agents/random_agent.py", "--seed 5");
        let out = sim(
            &[
                "--games",
                "2",
                "--seed",
                "9",
                "--policy",
                &format!("dprk={agent}"),
            ],
            dir.path(),
        );
        assert!(out.status.success(), "{}", stderr(&out));
        records(dir.path())
            .iter()
            .map(|f| std::fs::read_to_string(f).expect("text"))
            .collect::<Vec<_>>()
    };
    let (a, b) = (run(), run());
    assert_eq!(a.len(), 2);
    assert_eq!(a, b);
}

#[test]
fn a_bad_exec_command_is_refused_with_a_sentence() {
    let out = brink()
        .args([
            "sim",
            "--games",
            "1",
            "--policy",
            "dprk=exec:python3 'unclosed",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not closed"), "{}", stderr(&out));
    let out = brink()
        .args([
            "sim",
            "--games",
            "1",
            "--policy",
            "dprk=exec:no-such-agent-program",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no-such-agent-program was not found"),
        "{}",
        stderr(&out)
    );
    let out = brink()
        .args(["sim", "--games", "1", "--agent-timeout", "soon"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_agent_gets_the_documented_messages_and_a_last_one_at_the_end() {
    let dir = tempfile::tempdir().expect("tmp");
    let log = dir.path().join("messages.jsonl");
    let agent = format!(
        "{} '{}'",
        fixture("echo_first.py").trim_end(),
        log.display()
    );
    let out = sim(
        &["--games", "1", "--policy", &format!("rok={agent}")],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&log).expect("messages");
    let msgs: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    let (last, decisions) = msgs.split_last().expect("messages");
    assert_eq!(last["type"], "over");
    assert!(last["outcome"].is_string());
    for (i, m) in decisions.iter().enumerate() {
        assert_eq!(m["protocol"], "brink-agent/1");
        assert_eq!(m["type"], "decision");
        assert_eq!(m["id"], i as u64 + 1);
        assert_eq!(m["side"], "rok");
        assert!(
            m["briefing"]
                .as_str()
                .is_some_and(|b| b.contains("You play the ROK"))
        );
        assert!(m["legal"]["kind"].is_string());
        assert!(m["pass"]["kind"].is_string());
        assert!(m["decision"]["question"].is_string());
        assert!(m["observation"]["meters"]["tension"].is_number());
        assert!(m.get("error").is_none(), "no answer was refused");
    }
    assert!(decisions.iter().any(|m| m["decision"]["kind"] == "plan"));
}

// --- What an agent is told never holds what its side cannot see ---------------------------

fn db() -> ContentDb {
    ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks load")
}

/// Plays `scenario` with every seat on its default persona until `side` must plan on `turn`.
fn state_at(db: &ContentDb, scenario: &str, seed: u64, turn_no: u16, side: SideId) -> GameState {
    let mut s = GameState::new_unstarted(db, scenario, seed).expect("scenario");
    let mut pols: Vec<Box<dyn Policy>> = SideId::ALL
        .iter()
        .map(|x| make_policy(db, &brink::sim::scenario_persona(db, scenario, *x), *x).unwrap())
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    turn::start(db, &mut s, &mut NoSink);
    loop {
        let input = match s.phase {
            Phase::Over => panic!("the game ended before turn {turn_no}"),
            Phase::Planning => {
                if s.turn == turn_no && s.plans[side.index()].is_none() {
                    return s;
                }
                let x = s.awaiting()[0];
                Input::Plan {
                    side: x,
                    moves: pols[x.index()].plan(db, &s, x, &mut rng),
                }
            }
            Phase::Responses { .. } => {
                let o = s.open_offers().next().cloned().unwrap();
                Input::Respond {
                    side: o.to,
                    offer: o.id,
                    response: pols[o.to.index()].respond(db, &s, o.to, &o, &mut rng),
                }
            }
            Phase::Crisis => {
                let x = s.awaiting()[0];
                Input::Crisis {
                    side: x,
                    choice: pols[x.index()].crisis(db, &s, x, &mut rng),
                }
            }
        };
        turn::submit(db, &mut s, &input, &mut NoSink).expect("personas play legal moves");
    }
}

fn same_message(db: &ContentDb, a: &GameState, d: Decision) {
    let side = d.side();
    let b = with_other_secrets(db, a, side);
    assert_ne!(*a, b, "the hidden facts differ");
    let ma = protocol::request(db, a, d, 7, None).expect("the decision is open");
    let mb = protocol::request(db, &b, d, 7, None).expect("the decision is open");
    assert_eq!(ma, mb, "{side} is told the same in both worlds ({d})");
    // And the message does follow what the side can see (a test that could fail).
    let mut c = a.clone();
    *c.meter_mut(brink::content::Meter::Sanctions) += 5.0;
    assert_ne!(Some(ma), protocol::request(db, &c, d, 7, None));
}

/// The decision message for `d` in `s`, parsed.
fn message(db: &ContentDb, s: &GameState, d: Decision) -> serde_json::Value {
    let line = protocol::request(db, s, d, 1, None).expect("the decision is open");
    serde_json::from_str(&line).expect("JSON")
}

fn facility_ids(m: &serde_json::Value) -> Vec<String> {
    m["observation"]["programme"]["facilities"]
        .as_array()
        .expect("facilities")
        .iter()
        .map(|f| f["id"].as_str().expect("id").to_string())
        .collect()
}

/// Issue 20: the observation holds the programme by plant (only the plants the side knows
/// of, and what they made only for the DPRK), each agreement's steps with their state, and the
/// inspection regime; and each follows the state the side can see.
#[test]
fn the_observation_holds_the_plants_the_steps_and_the_inspectors() {
    use brink::engine::state::Agreement;
    let db = db();
    // 2017: Kangson is the DPRK's secret.
    let us = state_at(&db, "fire-and-fury-2017", 5, 2, SideId::Us);
    let plan_us = Decision::Plan { side: SideId::Us };
    let m = message(&db, &us, plan_us);
    let seen = facility_ids(&m);
    assert!(
        seen.contains(&"yongbyon-reprocessing".to_string()),
        "{seen:?}"
    );
    assert!(
        !seen.contains(&"kangson-enrichment".to_string()),
        "{seen:?}"
    );
    for f in m["observation"]["programme"]["facilities"]
        .as_array()
        .unwrap()
    {
        assert!(
            f.get("made").is_none(),
            "the US is told what a plant made: {f}"
        );
        assert!(
            f["rate"].as_f64().is_some() && f["state"].as_str().is_some(),
            "{f}"
        );
    }
    assert_eq!(m["observation"]["programme"]["seen"], "estimate");
    assert!(
        m["observation"]["programme"]["spent_fuel_kg"]
            .as_f64()
            .is_some()
    );
    assert!(m["briefing"].as_str().unwrap().contains("Known plants"));
    let dprk = state_at(&db, "fire-and-fury-2017", 5, 2, SideId::Dprk);
    let m = message(&db, &dprk, Decision::Plan { side: SideId::Dprk });
    let all = facility_ids(&m);
    assert!(all.contains(&"kangson-enrichment".to_string()), "{all:?}");
    let reprocessing = m["observation"]["programme"]["facilities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "yongbyon-reprocessing")
        .expect("reprocessing");
    // Capacity and output apart: no spent fuel waiting in 2017, so it makes far less.
    assert!(
        reprocessing["made"].as_f64().unwrap() < reprocessing["rate"].as_f64().unwrap(),
        "{reprocessing}"
    );
    assert!(
        m["observation"]["programme"]["plutonium_kg"]
            .as_f64()
            .is_some()
    );

    // The inspectors: public, and they follow the state.
    let ins = &message(&db, &us, plan_us)["observation"]["inspections"];
    assert!(
        ins["regime"].as_str().is_some() && ins["access"].as_f64().is_some(),
        "{ins}"
    );
    let mut more = us.clone();
    more.inspections.regime = brink::content::Regime::Safeguards;
    more.inspections.access = 42.0;
    let ins = &message(&db, &more, plan_us)["observation"]["inspections"];
    assert_eq!(ins["regime"], "safeguards");
    assert_eq!(ins["access"], 42.0);

    // An agreement's steps, with where each stands.
    let freeze = db.provision_ix("yongbyon-freeze").expect("provision");
    let mut signed = us.clone();
    let mut a = Agreement::new(
        &db,
        0,
        vec![freeze],
        vec![SideId::Us, SideId::Dprk],
        us.turn,
    );
    signed.set_agreements(vec![a.clone()]);
    let m = message(&db, &signed, plan_us);
    let p = &m["observation"]["agreements"][0]["provisions"][0];
    assert_eq!(m["observation"]["agreements"][0]["kind"], "agreement");
    assert_eq!(p["id"], "yongbyon-freeze");
    assert_eq!(p["limits"], true);
    assert_eq!(p["steps"][0]["state"], "next", "{p}");
    assert!(
        p["steps"][0]["plan"]
            .as_str()
            .unwrap()
            .contains("verified by inspectors")
    );
    a.progress[0].taken = 1;
    signed.set_agreements(vec![a.clone()]);
    let m = message(&db, &signed, plan_us);
    assert_eq!(
        m["observation"]["agreements"][0]["provisions"][0]["steps"][0]["state"],
        "taken"
    );
    a.progress[0].verified = 1;
    signed.set_agreements(vec![a]);
    let m = message(&db, &signed, plan_us);
    assert_eq!(
        m["observation"]["agreements"][0]["provisions"][0]["steps"][0]["state"],
        "verified"
    );
}

/// In a class of six two-month turns an agent is told the class's length and every rate per
/// turn: two months of the plants' output, as the screens show it.
#[test]
fn a_class_game_tells_the_agent_its_length_and_rates_a_turn() {
    let db = db();
    let class = brink::content::ClassLength {
        turns: 6,
        months: 2,
    };
    let g = brink::engine::Game::new_class(&db, "fire-and-fury-2017", 3, Some(class))
        .expect("scenario");
    let whole = brink::engine::Game::new(&db, "fire-and-fury-2017", 3).expect("scenario");
    let d = Decision::Plan { side: SideId::Dprk };
    let (m, w) = (message(&db, &g.state, d), message(&db, &whole.state, d));
    assert_eq!(m["observation"]["turns"], 6);
    assert_eq!(w["observation"]["turns"], 12);
    assert!(m["briefing"].as_str().unwrap().contains("turn 1 of 6"));
    let p = &m["observation"]["programme"];
    assert_eq!(p["turn_months"], 2);
    let rate = |m: &serde_json::Value, id: &str| {
        m["observation"]["programme"]["facilities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .map(|f| f["rate"].as_f64().unwrap())
            .expect("the plant")
    };
    assert_eq!(
        rate(&m, "yongbyon-reprocessing"),
        2.0 * rate(&w, "yongbyon-reprocessing")
    );
    // Each figure is rounded to a tenth, so twice the month's may be a tenth off the turn's.
    let prod = |m: &serde_json::Value| m["observation"]["programme"]["production_kg"].as_f64();
    let (turn, month) = (prod(&m).expect("a turn's"), prod(&w).expect("a month's"));
    assert!((turn - 2.0 * month).abs() < 0.11, "{turn} against {month}");
}

#[test]
fn the_us_is_told_nothing_of_the_true_programme_or_the_dprks_secrets() {
    let db = db();
    let s = state_at(&db, "hanoi-2019", 3, 3, SideId::Us);
    same_message(&db, &s, Decision::Plan { side: SideId::Us });
}

#[test]
fn the_dprk_is_told_nothing_of_chinas_secrets() {
    let db = db();
    let s = state_at(&db, "fire-and-fury-2017", 5, 2, SideId::Dprk);
    same_message(&db, &s, Decision::Plan { side: SideId::Dprk });
}

#[test]
fn answers_to_offers_and_crisis_choices_are_told_nothing_hidden() {
    let db = db();
    // The first offer of a seeded game, at its answer.
    let mut found = false;
    for seed in 1..40 {
        let mut s = state_at(&db, "hanoi-2019", seed, 2, SideId::Us);
        let mut pols: Vec<Box<dyn Policy>> = SideId::ALL
            .iter()
            .map(|x| make_policy(&db, "random", *x).unwrap())
            .collect();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        while s.phase == Phase::Planning {
            let x = s.awaiting()[0];
            let moves = pols[x.index()].plan(&db, &s, x, &mut rng);
            turn::submit(&db, &mut s, &Input::Plan { side: x, moves }, &mut NoSink).unwrap();
        }
        if let Some(d) = s.pending().next() {
            same_message(&db, &s, d);
            found = true;
            break;
        }
    }
    assert!(found, "an offer within 40 seeds");
    let mut a = state_at(&db, "fire-and-fury-2017", 11, 2, SideId::Us);
    *a.meter_mut(brink::content::Meter::Tension) = 88.0;
    a.phase = Phase::Crisis;
    a.crisis = [None; 5];
    a.crisis_sides = [true, true, false, false, false];
    same_message(&db, &a, Decision::Brink { side: SideId::Us });
}

#[test]
fn an_answer_is_read_by_ids_and_judged_by_the_rules() {
    let db = db();
    let s = state_at(&db, "hanoi-2019", 3, 1, SideId::Dprk);
    let d = Decision::Plan { side: SideId::Dprk };
    let read = |line: &str| protocol::read_answer(&db, &s, d, 4, line);
    // A pass, with or without the id; a rationale kept on one line.
    let a = read(r#"{"id": 4, "choice": [], "rationale": "wait\nand see"}"#)
        .unwrap()
        .unwrap();
    assert_eq!(
        a.input,
        Input::Plan {
            side: SideId::Dprk,
            moves: vec![]
        }
    );
    assert_eq!(a.rationale.as_deref(), Some("wait and see"));
    assert!(read(r#"{"choice": "pass"}"#).unwrap().is_some());
    // A late answer to an earlier decision is skipped; one to a later decision is an error.
    assert_eq!(read(r#"{"id": 3, "choice": []}"#), Ok(None));
    assert!(read(r#"{"id": 9, "choice": []}"#).is_err());
    // A legal card by its id.
    let legal = brink::engine::legal_moves(&db, &s, SideId::Dprk);
    let card = legal
        .iter()
        .find(|m| {
            db.compiled_cards[m.card as usize].package == brink::content::CompiledPackage::None
        })
        .expect("a plain card");
    let id = &db.cards[card.card as usize].id;
    let a = read(&format!(r#"{{"id": 4, "choice": ["{id}"]}}"#))
        .unwrap()
        .unwrap();
    assert_eq!(
        a.input,
        Input::Plan {
            side: SideId::Dprk,
            moves: vec![card.clone()]
        }
    );
    // Not JSON, no choice, another side's card, a card twice: each refused with a sentence.
    for (line, says) in [
        ("pass", "not JSON"),
        (r#"{"id": 4}"#, "no \"choice\""),
        (
            r#"{"id": 4, "choice": ["us-propose-package"]}"#,
            "not legal",
        ),
        (
            &format!(r#"{{"id": 4, "choice": ["{id}", "{id}"]}}"#) as &str,
            "twice",
        ),
        (r#"{"id": 4, "choice": 7}"#, "a plan is a list"),
        (r#"{"id": 4, "choice": "accept"}"#, "not a way to plan"),
        (
            r#"{"id": 4, "choice": ["no-such-card"]}"#,
            "there is no card",
        ),
    ] {
        let e = read(line).expect_err(line);
        assert!(e.contains(says), "{line}: {e}");
    }
}

#[test]
fn a_record_never_starts_the_program_it_names() {
    // A save whose DPRK was an agent: loading it seats the scenario's persona, not the command
    // written in the file (which could be anything).
    let db = std::sync::Arc::new(db());
    let dir = tempfile::tempdir().expect("tmp");
    let marker = dir.path().join("ran");
    let g = brink::engine::Game::new(&db, "hanoi-2019", 3).expect("game");
    let controllers = vec![
        (SideId::Us, "human".to_string()),
        (SideId::Dprk, format!("exec:touch '{}'", marker.display())),
    ];
    let rec = GameRecord::of_game(&db, &g, controllers, "test");
    let file = dir.path().join("game.ron");
    rec.save(&file).expect("saved");
    let mut app = brink::tui::App::new(db.clone(), brink::tui::Theme::from_env(), 1);
    app.load_record(&file).expect("loads");
    let sess = app.session.as_ref().expect("a game");
    assert_eq!(
        sess.seats[SideId::Dprk.index()],
        brink::tui::seats::Seat::Computer("economy-first".into())
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(!marker.exists(), "the command in the record did not run");
}

/// A plan's `legal` is written straight into the message from the engine's plan listing and
/// the decks' parts kept by the seat's writer (the protocol's hot path), not serialized from
/// `decision::options`: it must still say exactly what the engine's options say — the same
/// cards, reasons, targets, provisions, count and plans in the same order — with each playable
/// card's signal, in every decision of random games in every scenario, whether the writer is
/// fresh or has written the game's earlier messages.
#[test]
fn the_written_plan_options_are_the_engines_options() {
    use brink::engine::decision::{self, Legal};
    let db = db();
    let mut plans = 0;
    let mut listed = 0;
    for scenario in [
        "agreed-framework-1994",
        "fire-and-fury-2017",
        "singapore-2018",
        "hanoi-2019",
    ] {
        for seed in 0..3u64 {
            let mut s = GameState::new_unstarted(&db, scenario, seed).expect("scenario");
            turn::start(&db, &mut s, &mut NoSink);
            let mut pols: Vec<Box<dyn Policy>> = SideId::ALL
                .iter()
                .map(|x| make_policy(&db, "random", *x).unwrap())
                .collect();
            let mut writer = protocol::Writer::default();
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let mut id = 0;
            while let Some(d) = s.pending().next() {
                id += 1;
                let warm = writer
                    .request(&db, &s, d, id, None)
                    .expect("open")
                    .to_string();
                let cold = protocol::request(&db, &s, d, id, None).expect("open");
                assert_eq!(warm, cold, "a kept writer writes what a fresh one does");
                let msg: serde_json::Value = serde_json::from_str(&warm).expect("JSON");
                let o = decision::options(&db, &s, d).expect("open");
                // Answers and the brink are serialized from the options as they are.
                if let Legal::Plan(p) = &o.legal {
                    let mut want = serde_json::to_value(&o.legal).expect("options serialize");
                    plans += 1;
                    listed += p.plans.is_some() as u32;
                    let signals: serde_json::Map<String, serde_json::Value> = p
                        .cards
                        .iter()
                        .map(|c| (c.id.clone(), msg["legal"]["signals"][&c.id].clone()))
                        .collect();
                    assert!(signals.values().all(|v| v.is_f64()), "a signal a card");
                    want["signals"] = signals.into();
                    assert_eq!(
                        msg["legal"], want,
                        "{scenario} seed {seed} turn {} {d}",
                        s.turn
                    );
                }
                let input = pols[d.side().index()].decide(&db, &s, d, &mut rng);
                brink::engine::apply_or_pass(&db, &mut s, d, Some(input), &mut NoSink)
                    .expect("open");
            }
        }
    }
    assert!(plans > 100 && listed > 50, "{plans} plans, {listed} listed");
}

/// The briefing counts as a person would: the North of June 1994 holds one warhead, not "1
/// warheads".
#[test]
fn the_briefing_says_one_warhead() {
    let db = db();
    let s = state_at(&db, "agreed-framework-1994", 1, 1, SideId::Dprk);
    let m = message(&db, &s, Decision::Plan { side: SideId::Dprk });
    let briefing = m["briefing"].as_str().expect("a briefing");
    assert!(
        briefing.contains("Your programme: 1 warhead, "),
        "{briefing}"
    );
}
