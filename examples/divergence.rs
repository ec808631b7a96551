//! Debug: plays game `i` of `brink sim --seed 1` with no journal, replays its inputs with one, and
//! prints the first input after which the two states differ.
use brink::content::{ContentDb, SideId};
use brink::engine::{Game, GameState, NoSink};
use brink::sim::{game_seed, play_one_explained, scenario_persona};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let scenario = args[0].clone();
    let i: u32 = args[1].parse().unwrap();
    let db = ContentDb::discover(None).unwrap();
    let specs: [String; 5] =
        std::array::from_fn(|k| scenario_persona(&db, &scenario, SideId::ALL[k]));
    let seed = game_seed(1, i);
    let (_, inputs) = play_one_explained(&db, &scenario, seed, &specs, true).unwrap();
    let mut g = Game::new(&db, &scenario, seed).unwrap();
    let mut s = GameState::new_unstarted(&db, &scenario, seed).unwrap();
    brink::engine::turn::start(&db, &mut s, &mut NoSink);
    for (k, r) in inputs.iter().enumerate() {
        if g.submit(&db, r.input.clone(), None).is_err() {
            println!("journal refused input {k}");
            break;
        }
        let _ = brink::engine::turn::submit(&db, &mut s, &r.input, &mut NoSink);
        if format!("{:?}", g.state.nums) != format!("{:?}", s.nums) || g.state.rng != s.rng {
            println!("diverged after input {k}: {:?}", r.input);
            for e in g.journal.log.iter().rev().take(30).rev() {
                println!("  {e:?}");
            }
            break;
        }
    }
}
