//! The agent protocol's cost per decision (docs/protocol.md; target: at most 50 µs a decision).
//!
//! `cargo bench --bench agent`, with `brink agent-echo-test` as the agent: a program that
//! answers every decision at once (a pass), so what is timed is the protocol itself — building
//! the request (the decision, the side's observation, the briefing, the legal options), writing
//! it down a pipe, the agent reading it and answering, Brink reading, parsing and checking the
//! answer:
//! - `round trip plan`, `round trip answer`: one whole decision through `AgentSeat`, for the
//!   US's plan on turn 1 of hanoi-2019 (the largest message: every legal card and plan) and for
//!   an answer to an offer.
//! - `request plan`, `request answer`, `read answer`: the two halves done in process, without
//!   the pipe (the requests as a seat writes them, with one `protocol::Writer`).

use std::hint::black_box;
use std::time::Duration;

use brink::agent::{AgentOptions, AgentSeat, protocol};
use brink::ai::Policy;
use brink::content::{ContentDb, SideId};
use brink::engine::{Decision, GameState, Input, NoSink, turn};
use criterion::{Criterion, criterion_group, criterion_main};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn echo_agent() -> String {
    format!("exec:'{}' agent-echo-test", env!("CARGO_BIN_EXE_brink"))
}

fn seat(db: &ContentDb, side: SideId) -> AgentSeat {
    let cmd = echo_agent();
    let cmd = cmd.strip_prefix("exec:").unwrap_or(&cmd);
    let opts = AgentOptions {
        timeout: Duration::from_secs(10),
        log_dir: None,
    };
    AgentSeat::start(db, cmd, "random", side, &opts).expect("the echo agent starts")
}

/// hanoi-2019 turn 1, planning; and the same after the planning, at its first answer.
fn states(db: &ContentDb) -> (GameState, GameState, Decision) {
    let mut s = GameState::new_unstarted(db, "hanoi-2019", 42).unwrap();
    turn::start(db, &mut s, &mut NoSink);
    let planning = s.clone();
    for seed in 0..50u64 {
        let mut t = planning.clone();
        let mut pols: Vec<Box<dyn Policy>> = SideId::ALL
            .iter()
            .map(|x| brink::ai::make_policy(db, "random", *x).unwrap())
            .collect();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        while let Some(Decision::Plan { side }) = t.pending().next() {
            let moves = pols[side.index()].plan(db, &t, side, &mut rng);
            turn::submit(db, &mut t, &Input::Plan { side, moves }, &mut NoSink).unwrap();
        }
        if let Some(d @ Decision::Answer { .. }) = t.pending().next() {
            return (planning, t, d);
        }
    }
    panic!("no offer in 50 random plans");
}

fn bench(c: &mut Criterion) {
    let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
    let (planning, answering, answer) = states(&db);
    let plan = Decision::Plan { side: SideId::Us };
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut g = c.benchmark_group("agent");

    let mut us = seat(&db, SideId::Us);
    g.bench_function("round trip plan", |b| {
        b.iter(|| black_box(us.decide(&db, &planning, plan, &mut rng)))
    });
    assert_eq!(us.fallbacks(), 0, "every pass was taken");
    let mut them = seat(&db, answer.side());
    g.bench_function("round trip answer", |b| {
        b.iter(|| black_box(them.decide(&db, &answering, answer, &mut rng)))
    });
    assert_eq!(them.fallbacks(), 0, "every pass was taken");

    // As a seat writes them: one writer, its buffers and the decks' parts kept.
    let mut writer = protocol::Writer::default();
    g.bench_function("request plan", |b| {
        b.iter(|| black_box(writer.request(&db, &planning, plan, 7, None).map(str::len)))
    });
    g.bench_function("request answer", |b| {
        b.iter(|| {
            black_box(
                writer
                    .request(&db, &answering, answer, 7, None)
                    .map(str::len),
            )
        })
    });
    g.bench_function("read answer", |b| {
        b.iter(|| {
            black_box(protocol::read_answer(
                &db,
                &planning,
                plan,
                7,
                r#"{"id":7,"choice":"pass","rationale":"wait"}"#,
            ))
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(60).measurement_time(Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
