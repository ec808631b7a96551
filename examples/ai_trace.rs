//! Plays one game between computer players and prints the log with every computer choice's
//! reason: `cargo run --release --example ai_trace -- hanoi-2019 7 us=maximalist dprk=economy-first:hard`
//! (sides without a spec play their scenario's default persona, else `random`).

use brink::ai::{self, Policy};
use brink::content::{ContentDb, SideId};
use brink::engine::text::log_text;
use brink::engine::{Game, Input, Phase, score};
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
        let s = &g.state;
        let (side, input) = match s.phase {
            Phase::Over => break,
            Phase::Planning => {
                let side = s.awaiting()[0];
                let moves = pols[side.index()].plan(&db, s, side, &mut rng);
                (side, Input::Plan { side, moves })
            }
            Phase::Responses { .. } => {
                let o = s.open_offers().next().cloned().expect("offer");
                let r = pols[o.to.index()].respond(&db, s, o.to, &o, &mut rng);
                (
                    o.to,
                    Input::Respond {
                        side: o.to,
                        offer: o.id,
                        response: r,
                    },
                )
            }
            Phase::Crisis => {
                let side = s.awaiting()[0];
                let c = pols[side.index()].crisis(&db, s, side, &mut rng);
                (side, Input::Crisis { side, choice: c })
            }
        };
        let why = pols[side.index()].reason();
        if let Some(w) = &why {
            println!("  [{side} {}] {w}", specs[side.index()]);
        }
        if g.submit(&db, input, why).is_err() {
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
