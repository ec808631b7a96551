//! Plays one game between computer players and prints the log with every computer choice's
//! reason: `cargo run --release --example ai_trace -- hanoi-2019 7 us=maximalist dprk=economy-first:hard`
//! (sides without a spec play their scenario's default persona, else `random`).

use brink::ai::{self, Policy};
use brink::content::{ContentDb, SideId};
use brink::engine::text::log_text;
use brink::engine::{Game, score};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let scenario = args.first().cloned().unwrap_or_else(|| "hanoi-2019".into());
    let seed: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
    let db = ContentDb::discover(None).expect("content loads");
    let scen = db.scenario(&scenario).expect("known scenario");
    let mut specs: [String; 5] = Default::default();
    for side in SideId::ALL {
        specs[side.index()] = scen
            .sides
            .iter()
            .find(|s| s.side == side)
            .and_then(|s| s.persona.clone())
            .unwrap_or_else(|| "random".into());
    }
    for a in args.iter().skip(2) {
        let (side, spec) = a.split_once('=').expect("SIDE=SPEC");
        specs[SideId::parse(side).expect("side").index()] = spec.to_string();
    }
    let mut pols: Vec<Box<dyn Policy>> = SideId::ALL
        .iter()
        .map(|s| ai::make_policy(&db, &specs[s.index()], *s).expect("policy"))
        .collect();
    let mut g = Game::new(&db, &scenario, seed).expect("game");
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x005E_EDB0_75EE_DB07);
    let mut printed = 0;
    loop {
        for e in &g.journal.log[printed..] {
            if let Some(t) = log_text(&db, e, None) {
                println!("{t}");
            }
        }
        printed = g.journal.log.len();
        let Some(d) = g.pending().next() else { break };
        let side = d.side();
        let input = pols[side.index()].decide(&db, &g.state, d, &mut rng);
        let why = pols[side.index()].reason();
        if let Some(w) = &why {
            println!("  [{side} {}] {w}", specs[side.index()]);
        }
        if g.apply(&db, d, input, why).is_err() {
            println!("  (refused input from {side})");
            break;
        }
    }
    for e in &g.journal.log[printed..] {
        if let Some(t) = log_text(&db, e, None) {
            println!("{t}");
        }
    }
    print!("scores:");
    for side in SideId::ALL {
        if g.state.seated(side) {
            print!(" {}={:.2}", side.id(), score(&db, &g.state, side));
        }
    }
    println!(
        " tension={:.0} sanctions={:.0}",
        g.state.tension(),
        g.state.meter(brink::content::Meter::Sanctions)
    );
}
