//! When the wars of a batch of seeded games come, and what the turn of a war held: the turn of
//! each war, and for the first few wars on a given turn the moves, events, incidents and the
//! brink's choices of that turn. `cargo run --profile fastrel --example wars --
//! fire-and-fury-2017 1000 1 [TURN] [us=SPEC ...]`.

use brink::engine::Game;
use brink::engine::ledger::{LogEntry, RollKind};
use brink::sim::{game_seed, play_one_explained};

#[path = "support/batch.rs"]
mod batch;
use batch::{Batch, batch_args};

fn main() {
    let Batch {
        scenario,
        games,
        seed,
        db,
        specs,
    } = batch_args(1);
    let show: usize = std::env::args()
        .nth(4)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut by_turn = [0u32; 32];
    let mut shown = 0;
    for i in 0..games {
        let s = game_seed(seed, i);
        let (_, inputs) = play_one_explained(&db, &scenario, s, &specs, true).expect("plays");
        let Ok(g) = Game::replay(&db, &scenario, s, &inputs) else {
            continue;
        };
        let log = &g.journal.log;
        if !log.iter().any(|e| matches!(e, LogEntry::War)) {
            continue;
        }
        let turn = g.state.turn as usize;
        by_turn[turn.min(31)] += 1;
        if turn == show && shown < 3 {
            shown += 1;
            println!("--- game {i} (seed {s}): war on turn {turn}");
            let mut t = 0;
            for e in log {
                if let LogEntry::TurnStart { .. } = e {
                    t += 1;
                }
                if t != turn {
                    continue;
                }
                match e {
                    LogEntry::Roll {
                        kind: RollKind::Compliance { .. },
                        ..
                    } => {}
                    e => println!("{e:?}"),
                }
            }
            println!("tension at the end: {:.1}", g.state.tension());
        }
    }
    let wars: u32 = by_turn.iter().sum();
    println!("wars {wars} of {games}; by turn:");
    for (t, n) in by_turn.iter().enumerate() {
        if *n > 0 {
            println!("  turn {t}: {n}");
        }
    }
}
