//! Who signs what: over a batch of seeded games (the seeds of `brink sim --seed SEED`), every
//! agreement and statement signed, grouped by its parties and provisions (and what it holds only
//! in principle, waiting for rounds of talks, as the game ended), with how many games
//! signed it, the median turn and how often it was later broken; and, for games that end in an
//! agreement, the agreement in force at the end. `cargo run --profile fastrel --example deals --
//! fire-and-fury-2017 1000 1 [us=SPEC ...]` (sides without a spec play their default persona).

use std::collections::BTreeMap;

use brink::content::SideId;
use brink::engine::Outcome;
use brink::engine::state::{AgreementKind, AgreementStatus};
use brink::sim::{game_seed, play_one_explained};

#[path = "support/batch.rs"]
mod batch;
use batch::{Batch, batch_args};

#[derive(Default)]
struct Tally {
    signed: u32,
    games: u32,
    turns: Vec<u16>,
    broken: u32,
    at_end: u32,
}

fn main() {
    let Batch {
        scenario,
        games,
        seed,
        db,
        specs,
        ..
    } = batch_args(0);
    let mut tally: BTreeMap<String, Tally> = BTreeMap::new();
    let mut outcomes: BTreeMap<&'static str, u32> = BTreeMap::new();
    for i in 0..games {
        let (s, _) =
            play_one_explained(&db, &scenario, game_seed(seed, i), &specs, false).expect("plays");
        let outcome = s.outcome.unwrap_or(Outcome::Stalemate);
        *outcomes.entry(outcome.id()).or_default() += 1;
        let mut seen: Vec<String> = Vec::new();
        // Provisions by their ids, sorted, so that the same text reads the same in every game.
        let ids = |qs: &[u16]| {
            let mut v: Vec<&str> = qs
                .iter()
                .map(|q| db.provisions[*q as usize].id.as_str())
                .collect();
            v.sort();
            v
        };
        for a in s.agreements() {
            let parties: Vec<&str> = a.parties.iter().map(|p| p.id()).collect();
            let provs = ids(&a.provisions);
            let kind = match a.kind {
                AgreementKind::Agreement => "AGREEMENT",
                AgreementKind::Statement => "statement",
            };
            // A statement can hold limits agreed only in principle, waiting for rounds of talks
            // (as they stood at the end): named too, or it would read as an empty text.
            let pending = ids(&a.in_principle);
            let what = match (provs.is_empty(), pending.is_empty()) {
                (_, true) => provs.join(", "),
                (true, false) => format!("in principle: {}", pending.join(", ")),
                (false, false) => format!(
                    "{} (in principle: {})",
                    provs.join(", "),
                    pending.join(", ")
                ),
            };
            let key = format!("{kind} {} : {what}", parties.join("+"));
            let t = tally.entry(key.clone()).or_default();
            t.signed += 1;
            t.turns.push(a.signed_turn);
            t.broken += (a.status != AgreementStatus::InForce) as u32;
            if outcome == Outcome::Agreement
                && a.status == AgreementStatus::InForce
                && a.kind == AgreementKind::Agreement
                && a.parties.contains(&SideId::Dprk)
            {
                t.at_end += 1;
            }
            if !seen.contains(&key) {
                t.games += 1;
                seen.push(key);
            }
        }
    }
    println!(
        "{scenario}, {games} games, seed {seed}, {}",
        specs.join(" / ")
    );
    println!("outcomes: {outcomes:?}");
    let mut rows: Vec<_> = tally.into_iter().collect();
    rows.sort_by_key(|(_, t)| std::cmp::Reverse(t.signed));
    println!(
        "signed | games | median turn | not in force at end | in force in an agreement ending | what"
    );
    for (k, mut t) in rows {
        t.turns.sort();
        let med = t.turns[t.turns.len() / 2];
        println!(
            "{:6} | {:5} | {:11} | {:19} | {:5} | {k}",
            t.signed, t.games, med, t.broken, t.at_end
        );
    }
}
