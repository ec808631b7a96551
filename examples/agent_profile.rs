//! The agent protocol's own work, for profiling under `valgrind --tool=callgrind` (instruction
//! counts are repeatable on a busy machine): building the decision message for the US's plan on
//! turn 1 of hanoi-2019 (the largest message: every playable card and every legal plan) and for
//! an answer to an offer, and reading an answer back. No pipe, no agent:
//! `cargo build --profile fastrel --example agent_profile &&
//!  valgrind --tool=callgrind target/fastrel/examples/agent_profile [rounds] [plan|answer|read]`.

use brink::agent::protocol;
use brink::content::{ContentDb, SideId};
use brink::engine::{Decision, GameState, Input, NoSink, turn};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn main() {
    let rounds: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
    let mut planning = GameState::new_unstarted(&db, "hanoi-2019", 42).expect("scenario");
    turn::start(&db, &mut planning, &mut NoSink);
    // The first answer to an offer after random plans (as `benches/agent.rs` finds it).
    let mut answering = None;
    for seed in 0..50u64 {
        let mut t = planning.clone();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        while let Some(Decision::Plan { side }) = t.pending().next() {
            let mut p = brink::ai::make_policy(&db, "random", side).expect("random");
            let moves = p.plan(&db, &t, side, &mut rng);
            turn::submit(&db, &mut t, &Input::Plan { side, moves }, &mut NoSink).expect("legal");
        }
        if let Some(d @ Decision::Answer { .. }) = t.pending().next() {
            answering = Some((t, d));
            break;
        }
    }
    let (answering, answer) = answering.expect("an offer in 50 random plans");
    let plan = Decision::Plan { side: SideId::Us };
    // `plan`, `answer` or `read` alone; all three by default.
    let only = std::env::args().nth(2).unwrap_or_default();
    let (do_plan, do_answer, do_read) = match only.as_str() {
        "plan" => (true, false, false),
        "answer" => (false, true, false),
        "read" => (false, false, true),
        _ => (true, true, true),
    };
    // As a seat does: one writer for its decisions, its buffers and caches kept.
    let mut writer = protocol::Writer::default();
    let mut bytes = 0usize;
    for i in 0..rounds {
        if do_plan {
            let line = writer.request(&db, &planning, plan, i, None).expect("open");
            bytes += line.len();
        }
        if do_answer {
            let line = writer
                .request(&db, &answering, answer, i, None)
                .expect("open");
            bytes += line.len();
        }
        if do_read {
            let a = protocol::read_answer(&db, &planning, plan, i, r#"{"id":1,"choice":"pass"}"#);
            bytes += a.is_ok() as usize;
        }
    }
    println!("{rounds} rounds, {bytes} bytes");
}
