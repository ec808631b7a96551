//! Where a hard seat's time goes, decision by decision: plays `hanoi-2019` games as `brink sim
//! --policy dprk=economy-first:hard` does (every other seat its scenario persona, the hard seat
//! as `make_policy` builds it, its kept tree included) and prints, per kind of decision, how many
//! there were, the fresh playouts they ran, the playouts kept from earlier decisions, and their
//! time. `cargo run --profile fastrel --example hard_profile -- [games] [first-seed] [spec]
//! [horizon] [root-exploration] [close-enough]` (a horizon in turns overrides the preset's, 0 for
//! none; a root exploration overrides the preset's UCB1 constant at the root; a close-enough
//! margin the preset's, 0 for none); under `valgrind
//! --tool=callgrind` it gives the instruction counts of a hard game. With `TRACE` set in the
//! environment it prints each decision: its fresh and kept playouts, and the visits of the move
//! played, which bound what the next decision can keep, and the root's moves with their visits and mean
//! scores.

use std::time::Instant;

use brink::ai::{SearchConfig, SearchPolicy, parse_spec};
use brink::content::{ContentDb, SideId};
use brink::engine::{Decision, GameState, NoSink, apply, turn};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let games: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(5);
    let first: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1);
    let spec = args.get(2).cloned().unwrap_or("economy-first:hard".into());
    let scenario = "hanoi-2019";
    let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
    let (name, difficulty) = parse_spec(&spec).expect("spec");
    let persona = db.persona_ix(name).expect("persona");
    let mut config = match difficulty {
        brink::ai::Difficulty::Normal => SearchConfig::NORMAL,
        _ => SearchConfig::HARD,
    };
    // An optional fourth argument: the rollouts' horizon in turns (0: to the end of the game).
    if let Some(h) = args.get(3).and_then(|a| a.parse::<u16>().ok()) {
        config.horizon = (h > 0).then_some(h);
    }
    // An optional fifth: the root's UCB1 exploration constant (the tree below's, 0.5, gives the
    // root of the presets before the sharper root).
    if let Some(x) = args.get(4).and_then(|a| a.parse::<f32>().ok()) {
        config.root_exploration = x;
    }
    if let Some(x) = args.get(5).and_then(|a| a.parse::<f32>().ok()) {
        config.close_enough = x;
    }
    let side = SideId::Dprk;
    // (kind, decisions, fresh playouts, kept playouts, seconds, slowest, level decisions, close
    // calls)
    let mut rows = [
        ("plan", 0u64, 0u64, 0u64, 0.0f64, 0.0f64, 0u64, 0u64),
        ("answer", 0, 0, 0, 0.0, 0.0, 0, 0),
        ("crisis", 0, 0, 0, 0.0, 0.0, 0, 0),
    ];
    let t0 = Instant::now();
    for seed in first..first + games {
        let mut s = GameState::new_unstarted(&db, scenario, seed).expect("scenario");
        let mut others: Vec<Box<dyn brink::ai::Policy>> = SideId::ALL
            .iter()
            .map(|x| {
                let spec = brink::sim::scenario_persona(&db, scenario, *x);
                brink::ai::make_policy(&db, &spec, *x).expect("policy")
            })
            .collect();
        let mut hard = SearchPolicy::new(persona, side, config)
            .with_temperature_scale(difficulty.temperature_scale());
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        turn::start(&db, &mut s, &mut NoSink);
        while let Some(d) = s.pending().next() {
            let input = if d.side() == side {
                let input = brink::ai::Policy::decide(&mut hard, &db, &s, d, &mut rng);
                let row = match d {
                    Decision::Plan { .. } => &mut rows[0],
                    Decision::Answer { .. } | Decision::CoSign { .. } => &mut rows[1],
                    Decision::Brink { .. } => &mut rows[2],
                };
                let st = &hard.stats;
                if std::env::var("TRACE").is_ok() {
                    eprintln!(
                        "turn {} {}: {} fresh, {} kept, the move played {} visits of {} candidates",
                        s.turn,
                        match d {
                            Decision::Plan { .. } => "plan",
                            Decision::Brink { .. } => "crisis",
                            _ => "answer",
                        },
                        st.iterations,
                        st.reused,
                        st.root.first().map_or(0, |x| x.1),
                        st.root.len()
                    );
                    // The root's moves: visits, mean score, what the move is.
                    for (a, visits, mean) in &st.root {
                        let label = brink::ai::search::action_label(&db, a);
                        eprintln!("    {visits:>5} {mean:.4} {label}");
                    }
                }
                let e = st.elapsed.as_secs_f64();
                row.1 += 1;
                row.2 += st.iterations as u64;
                row.3 += st.reused as u64;
                row.4 += e;
                row.5 = row.5.max(e);
                row.6 += st.level as u64;
                row.7 += st.close as u64;
                input
            } else {
                others[d.side().index()].decide(&db, &s, d, &mut rng)
            };
            apply(&db, &mut s, d, input, &mut NoSink).expect("legal");
        }
    }
    let all = t0.elapsed().as_secs_f64();
    println!(
        "{games} games of {scenario}, DPRK {spec}: {all:.2} s, {:.3} s a game",
        all / games as f64
    );
    for (kind, n, fresh, kept, secs, worst, level, close) in rows {
        if n > 0 {
            println!(
                "{kind:>7}: {n} decisions ({:.1} a game), {:.0} fresh playouts and {:.0} kept each, {:.1} ms each, slowest {:.0} ms; {level} level (every move scored the same), {close} close calls",
                n as f64 / games as f64,
                fresh as f64 / n as f64,
                kept as f64 / n as f64,
                secs * 1e3 / n as f64,
                worst * 1e3
            );
        }
    }
}
