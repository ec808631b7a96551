//! Shared helpers for the integration tests: the shipped content, and playing a scripted game.
#![allow(dead_code)]

pub mod secrets;

use std::sync::OnceLock;

use brink::content::{ContentDb, SideId};
use brink::engine::ledger::LogEntry;
use brink::engine::{CrisisChoice, Decision, Game, Input, Move, Phase, Response};

pub fn db() -> &'static ContentDb {
    static DB: OnceLock<ContentDb> = OnceLock::new();
    DB.get_or_init(|| match ContentDb::load_dir(&ContentDb::repo_decks_dir()) {
        Ok(db) => db,
        Err(e) => panic!("shipped decks do not load: {e:?}"),
    })
}

/// A 2017 game held at a brink crisis between the US and the DPRK, tension at `tension`.
pub fn at_the_brink(db: &ContentDb, tension: f32) -> Game {
    let mut g = Game::new(db, "fire-and-fury-2017", 1).expect("scenario");
    *g.state.meter_mut(brink::content::Meter::Tension) = tension;
    g.state.phase = Phase::Crisis;
    g.state.crisis_sides = [true, true, false, false, false];
    g
}

/// One scripted turn: what each side plays, which offers are refused, and crisis choices.
#[derive(Default, Clone)]
pub struct ScriptTurn {
    pub moves: Vec<(SideId, Vec<&'static str>)>,
    /// Offers from these cards are rejected (all others are accepted).
    pub reject: Vec<&'static str>,
    /// Crisis choices by side (default: stand firm).
    pub crisis: Vec<(SideId, CrisisChoice)>,
}

pub fn turn(moves: Vec<(SideId, Vec<&'static str>)>) -> ScriptTurn {
    ScriptTurn {
        moves,
        ..Default::default()
    }
}

/// Plays a script; sides not named play nothing. Scripted cards that are not legal at that
/// moment are a test failure (the script must stay playable as the decks change).
pub fn play_script(scenario: &str, seed: u64, script: &[ScriptTurn]) -> Game {
    let db = db();
    let mut g = Game::new(db, scenario, seed).expect("scenario exists");
    let turns = db.scenario(scenario).expect("scenario").turns as usize;
    for t in 0..turns {
        if g.state.phase == Phase::Over {
            break;
        }
        let st = script.get(t).cloned().unwrap_or_default();
        let this_turn = g.state.turn;
        while g.state.turn == this_turn {
            let Some(d) = g.pending().next() else { break };
            let input = match d {
                Decision::Plan { side } => {
                    let ids: Vec<&str> = st
                        .moves
                        .iter()
                        .find(|(s, _)| *s == side)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default();
                    let moves: Vec<Move> = ids
                        .iter()
                        .map(|id| {
                            Move::card(db.card_ix(id).unwrap_or_else(|| panic!("no card {id}")))
                        })
                        .collect();
                    if let Err(e) = g.apply(db, d, Input::Plan { side, moves }, None) {
                        panic!("{scenario} turn {}: {side} cannot play {ids:?}: {e}", t + 1);
                    }
                    continue;
                }
                Decision::Answer { side, offer } | Decision::CoSign { side, offer } => {
                    let o = g.state.offer(offer).expect("an open offer");
                    let id = db.cards[o.card as usize].id.as_str();
                    let response = if st.reject.contains(&id) {
                        Response::Reject
                    } else {
                        Response::Accept
                    };
                    Input::Respond {
                        side,
                        offer,
                        response,
                    }
                }
                Decision::Brink { side } => {
                    let choice = st
                        .crisis
                        .iter()
                        .find(|(s, _)| *s == side)
                        .map(|(_, c)| *c)
                        .unwrap_or(CrisisChoice::StandFirm);
                    Input::Crisis { side, choice }
                }
            };
            g.apply(db, d, input, None)
                .unwrap_or_else(|e| panic!("{scenario} turn {}: {d}: {e}", t + 1));
        }
    }
    g
}

pub fn median(mut v: Vec<f32>) -> f32 {
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// One turn: `plans`, every offer accepted, every crisis met by backing down.
pub fn play_turn_accepting(db: &ContentDb, g: &mut Game, plans: &[(SideId, Vec<Move>)]) {
    let turn = g.state.turn;
    while g.state.phase == Phase::Planning && g.state.turn == turn {
        let side = g.state.awaiting()[0];
        let moves = plans
            .iter()
            .find(|(s, _)| *s == side)
            .map(|(_, m)| m.clone())
            .unwrap_or_default();
        g.submit(db, Input::Plan { side, moves }, None)
            .expect("plan");
    }
    while matches!(g.state.phase, Phase::Responses { .. }) {
        let o = g.state.open_offers().next().cloned().expect("offer");
        let response = Response::Accept;
        g.submit(
            db,
            Input::Respond {
                side: o.to,
                offer: o.id,
                response,
            },
            None,
        )
        .expect("answer");
    }
    while g.state.phase == Phase::Crisis {
        let side = g.state.awaiting()[0];
        g.submit(
            db,
            Input::Crisis {
                side,
                choice: CrisisChoice::BackDown,
            },
            None,
        )
        .expect("crisis");
    }
}

/// A new game whose sides have already held the rounds of talks any deal needs
/// (`Rules::talks_rounds`): for tests of what a signed agreement does, not of how long it takes
/// to reach one (that is `tests/talks.rs`).
pub fn game_after_talks(db: &ContentDb, scenario: &str, seed: u64) -> Game {
    let mut g = Game::new(db, scenario, seed).expect("game");
    g.state.talks = [[u8::MAX; 5]; 5];
    g
}

/// The shipped decks as source files, to break one on purpose.
pub fn shipped_sources() -> Vec<brink::content::SourceFile> {
    brink::content::read_dir_sources(&ContentDb::repo_decks_dir()).expect("decks readable")
}

/// Replaces the first occurrence of `from` in the named file with `to`, loads, and returns the
/// errors (a broken deck that loads is a test failure).
pub fn break_deck(file_suffix: &str, from: &str, to: &str) -> Vec<brink::content::ContentError> {
    break_decks(&[(file_suffix, from, to)])
}

/// `break_deck` with several edits, each `(file suffix, from, to)`, made before one load.
pub fn break_decks(edits: &[(&str, &str, &str)]) -> Vec<brink::content::ContentError> {
    let mut sources = shipped_sources();
    for &(file_suffix, from, to) in edits {
        let f = sources
            .iter_mut()
            .find(|s| s.name.ends_with(file_suffix))
            .expect("file exists");
        assert!(f.text.contains(from), "{from:?} in {file_suffix}");
        f.text = f.text.replacen(from, to, 1);
    }
    match ContentDb::from_sources(sources, "test") {
        Ok(_) => panic!("a broken deck loaded"),
        Err(e) => e,
    }
}

/// The error in `file_suffix` whose message holds `needle`, located at a line and column.
pub fn expect_error(
    errs: &[brink::content::ContentError],
    file_suffix: &str,
    needle: &str,
) -> (usize, usize) {
    let e = errs
        .iter()
        .find(|e| e.file.ends_with(file_suffix) && e.message.contains(needle))
        .unwrap_or_else(|| panic!("no error containing {needle:?} in {file_suffix}: {errs:#?}"));
    assert!(e.line >= 1 && e.column >= 1, "located: {e}");
    (e.line, e.column)
}

/// The shipped card `id` as a move (an unknown id is a test failure).
pub fn card(id: &str) -> Move {
    Move::card(db().card_ix(id).unwrap_or_else(|| panic!("card {id}")))
}

/// The shipped provision `id`'s index (an unknown id is a test failure).
pub fn prov(id: &str) -> u16 {
    db().provision_ix(id)
        .unwrap_or_else(|| panic!("provision {id}"))
}

/// The US's "propose a package" card with the provisions named.
pub fn us_offer(package: &[&str]) -> Move {
    Move {
        package: package.iter().map(|p| prov(p)).collect(),
        ..card("us-propose-package")
    }
}

/// Outcome counts, in `Outcome::ALL`'s order, of `games` seeded games of `scenario` (seed 2026,
/// as `brink sim` plays them) with the sides in `specs` seated as given and the others on their
/// scenario personas.
pub fn outcomes(db: &ContentDb, scenario: &str, specs: &[(SideId, &str)], games: u32) -> [u32; 5] {
    let mut policies: [Option<String>; 5] = Default::default();
    for (side, spec) in specs {
        policies[side.index()] = Some(spec.to_string());
    }
    let cfg = brink::sim::SimConfig {
        scenario: scenario.into(),
        games,
        seed: 2026,
        threads: 2,
        policies,
        record_dir: None,
    };
    let results = brink::sim::run(db, &cfg, &|| {}).expect("sim");
    let mut k = [0u32; 5];
    for r in &results {
        let at = brink::engine::Outcome::ALL
            .iter()
            .position(|o| *o == r.outcome);
        k[at.expect("an outcome of the list")] += 1;
    }
    k
}

/// The changes of mind `side` made in `log`, in order: (persona, turns, reason).
pub fn shifts_of(log: &[LogEntry], side: SideId) -> Vec<(u16, Option<u16>, String)> {
    log.iter()
        .filter_map(|e| match e {
            LogEntry::Shift {
                side: s,
                persona,
                turns,
                reason,
            } if *s == side => Some((*persona, *turns, reason.clone())),
            _ => None,
        })
        .collect()
}

/// Every seat on `scenario`'s default persona ("random" where it names none), as `brink sim`
/// seats them without `--policy`.
pub fn default_specs(db: &ContentDb, scenario: &str) -> [String; 5] {
    std::array::from_fn(|i| brink::sim::scenario_persona(db, scenario, SideId::ALL[i]))
}
