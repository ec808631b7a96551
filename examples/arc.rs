//! How often a scenario follows history's arc, over a batch of seeded games with the same seeds
//! as `brink sim --seed SEED`: the share of games in which an Olympic opening was accepted and
//! a summit was agreed after it (2017 → 2018), the month of the first summit agreed, and the
//! misreadings, faction acts and incidents a game sees. `cargo run --profile fastrel --example arc -- fire-and-fury-2017 1000 1
//! [us=SPEC ...]` (sides without a spec play their scenario's default persona).

use brink::engine::ledger::{AnswerKind, FactionAct, LogEntry};
use brink::engine::{Game, GameState};
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
        ..
    } = batch_args(0);
    let card = |id: &str| db.card_ix(id);
    let olympic = card("rok-olympic-diplomacy");
    let summits = [card("us-accept-summit"), card("dprk-leader-letter")];
    let (mut opened, mut arc, mut held) = (0u32, 0u32, 0u32);
    let (mut misreads, mut factions, mut incidents, mut shifts) = (0u32, 0u32, 0u32, 0u32);
    // Games whose first summit was agreed on each turn (index 0: turn 1).
    let mut first_summit: Vec<u32> = Vec::new();
    for i in 0..games {
        let s = game_seed(seed, i);
        let (_, inputs) = play_one_explained(&db, &scenario, s, &specs, true).expect("plays");
        let g = match Game::replay(&db, &scenario, s, &inputs) {
            Ok(g) => g,
            Err(e) => {
                eprintln!("game {i} does not replay: {e:?}");
                continue;
            }
        };
        let log = &g.journal.log;
        // Offer id → card, per turn (ids restart each turn).
        let mut offers: Vec<(u16, u16)> = Vec::new();
        let mut olympic_turn: Option<usize> = None;
        let mut summit_after = false;
        let mut summit_turn: Option<usize> = None;
        let mut turn = 0usize;
        for e in log {
            match e {
                LogEntry::TurnStart { .. } => {
                    turn += 1;
                    offers.clear();
                }
                LogEntry::Offer { id, card, .. } => offers.push((*id, *card)),
                // An offer that went ahead: accepted, or pushed through by a faction after a
                // refusal (an acceptance a faction pulled back does not count).
                LogEntry::Answer {
                    id,
                    answer: AnswerKind::Accept,
                    cosign: false,
                    ..
                }
                | LogEntry::Faction {
                    offer: id,
                    act: FactionAct::PushesThrough,
                    ..
                } => {
                    let pulled = log_pulled(log, turn, *id);
                    let c = offers
                        .iter()
                        .find(|(o, _)| o == id && !pulled)
                        .map(|(_, c)| *c);
                    if c.is_some() && c == olympic && olympic_turn.is_none() {
                        olympic_turn = Some(turn);
                    }
                    if summits.contains(&c) {
                        summit_turn = summit_turn.or(Some(turn));
                        summit_after |= olympic_turn.is_some_and(|t| turn >= t);
                    }
                }
                LogEntry::Incident { .. } => incidents += 1,
                LogEntry::Shift { .. } => shifts += 1,
                _ => {}
            }
            let name = format!("{e:?}");
            if name.starts_with("Misread") {
                misreads += 1;
            }
            if name.starts_with("Faction") {
                factions += 1;
            }
        }
        let st: &GameState = &g.state;
        let summit_held = db.flag_ix("summit_held").is_some_and(|f| st.flag(f));
        if let Some(t) = summit_turn {
            if first_summit.len() < t {
                first_summit.resize(t, 0);
            }
            first_summit[t - 1] += 1;
        }
        opened += olympic_turn.is_some() as u32;
        arc += summit_after as u32;
        held += (olympic_turn.is_some() && summit_held) as u32;
    }
    let pct = |n: u32| 100.0 * n as f64 / games as f64;
    println!(
        "{scenario}, {games} games, seed {seed}, {}",
        specs.join(" / ")
    );
    println!("Olympic opening accepted: {:.1} %", pct(opened));
    println!(
        "... then a summit agreed: {:.1} % (Wilson 95 %: {})",
        pct(arc),
        wilson(arc, games)
    );
    println!("... and a summit held by the end: {:.1} %", pct(held));
    // The month of each game's first summit agreed (the record's: March 2018).
    let calendar = GameState::new_unstarted(&db, &scenario, 0).expect("scenario");
    let months = first_summit
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(t, n)| format!("{} {:.1} %", calendar.date_of(&db, t as u16 + 1), pct(*n)))
        .collect::<Vec<_>>();
    println!(
        "first summit agreed ({:.1} % of games), by month: {}",
        pct(first_summit.iter().sum()),
        months.join(", ")
    );
    let per = |n: u32| n as f64 / games as f64;
    println!(
        "a game: {:.2} misreadings, {:.2} faction acts, {:.2} incidents, {:.2} changes of mind",
        per(misreads),
        per(factions),
        per(incidents),
        per(shifts)
    );
}

fn wilson(k: u32, n: u32) -> String {
    let (k, n) = (k as f64, n as f64);
    let z = 1.96;
    let p = k / n;
    let d = 1.0 + z * z / n;
    let c = (p + z * z / (2.0 * n)) / d;
    let h = z * ((p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt()) / d;
    format!("{:.1}–{:.1}", 100.0 * (c - h), 100.0 * (c + h))
}

/// Whether a faction pulled back offer `id` of turn `turn` (counted from 1 by `TurnStart`).
fn log_pulled(log: &[LogEntry], turn: usize, id: u16) -> bool {
    let mut t = 0;
    log.iter().any(|e| {
        if let LogEntry::TurnStart { .. } = e {
            t += 1;
        }
        t == turn
            && matches!(e, LogEntry::Faction { offer, act, .. }
                if *offer == id && *act != FactionAct::PushesThrough)
    })
}
