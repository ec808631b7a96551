//! The arguments the batch examples share (`arc`, `deals`, `wars`): `SCENARIO GAMES SEED`, then
//! the example's own positional arguments, then `SIDE=SPEC` seats over the scenario's personas.
//! Included by path, since each example is its own crate.

use brink::content::{ContentDb, SideId};
use brink::sim::scenario_persona;

pub struct Batch {
    pub scenario: String,
    pub games: u32,
    pub seed: u64,
    pub db: ContentDb,
    /// Every side's policy spec: the scenario's persona unless a `SIDE=SPEC` argument seats it.
    pub specs: [String; 5],
}

/// Reads the command line; `extra` positional arguments of the example's own come after the seed
/// (the example reads them itself).
pub fn batch_args(extra: usize) -> Batch {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let scenario = args
        .first()
        .cloned()
        .unwrap_or_else(|| "fire-and-fury-2017".into());
    let games: u32 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let db = ContentDb::discover(None).expect("content loads");
    let mut specs: [String; 5] =
        std::array::from_fn(|i| scenario_persona(&db, &scenario, SideId::ALL[i]));
    for a in args.iter().skip(3 + extra) {
        let (side, spec) = a.split_once('=').expect("SIDE=SPEC");
        specs[SideId::parse(side).expect("side").index()] = spec.to_string();
    }
    Batch {
        scenario,
        games,
        seed,
        db,
        specs,
    }
}
