//! A snapshot of the Markdown report of a seeded game (random players, hanoi-2019, seed 13).
//! It changes whenever the decks, the engine or the random player change what happens in that
//! game; review the diff, then update with `INSTA_UPDATE=always cargo test --test report_md`.

mod record_common;

use brink::record::GameRecord;
use brink::report::{self, Format};
use record_common::{content_hash, controllers, db, finished_game};

/// Games of `scenario` with seeds 0.. between the scenario's own personas, as `brink sim`
/// plays them, each replayed into a `Game` (with its journal, which a report reads).
fn persona_games(scenario: &str, n: u64) -> impl Iterator<Item = brink::engine::Game> + '_ {
    let cfg = brink::sim::SimConfig {
        scenario: scenario.into(),
        games: 1,
        seed: 0,
        threads: 1,
        policies: Default::default(),
        record_dir: None,
    };
    let specs = brink::sim::resolve_specs(db(), &cfg).expect("specs");
    (0..n).map(move |seed| {
        let (_, inputs) = brink::sim::play_one(db(), scenario, seed, &specs, true).expect("game");
        let mut g = brink::engine::Game::new(db(), scenario, seed).expect("game");
        for input in inputs {
            g.submit(db(), input, None).expect("a recorded input");
        }
        g
    })
}

#[test]
fn markdown_report_of_a_seeded_game() {
    let g = finished_game("hanoi-2019", 13);
    let rec = GameRecord::of_game(db(), &g, controllers(&g), "report snapshot");
    let r = report::build(db(), &g, &rec);
    assert!(r.questions.len() >= 5);
    let md = report::render(&r, Format::Md, None)
        .replace(&content_hash(), "[content-hash]")
        .replace(env!("CARGO_PKG_VERSION"), "[version]");
    insta::assert_snapshot!("hanoi_2019_seed_13", md);
}

/// A chart mark names a move by the side that made it: the signal of taking up another side's
/// offer reads "US agreeing to …", never as if the answering side had made the offer.
#[test]
fn chart_marks_name_who_made_a_move_and_who_agreed_to_it() {
    // The scenario's own personas, which take up each other's offers (random players rarely
    // make an answer the turn's biggest push).
    let mut agreeing = 0;
    let games = [
        "singapore-2018",
        "agreed-framework-1994",
        "fire-and-fury-2017",
    ]
    .into_iter()
    .flat_map(|s| persona_games(s, 30));
    for g in games {
        let rec = GameRecord::of_game(db(), &g, controllers(&g), "marks");
        let r = report::build(db(), &g, &rec);
        for item in r.marks.iter().flat_map(|m| m.items.iter()) {
            let Some(rest) = item
                .strip_suffix(')')
                .and_then(|i| i.rsplit_once(" (tension "))
            else {
                continue;
            };
            let (what, _) = rest;
            // "US: Offer liaison offices" for a side's own move, "DPRK agreeing to \"…\"" for
            // its yes to another's offer.
            let (side, move_text) = match what.split_once(" agreeing to ") {
                Some((side, offer)) => (side, offer),
                None => what.split_once(": ").expect("a side and a move"),
            };
            // Several sides have a card of the same name ("Propose an agreement package").
            if let Some(offer) = move_text.strip_prefix('"') {
                agreeing += 1;
                let name = offer.trim_end_matches('"');
                assert!(
                    db().cards
                        .iter()
                        .any(|c| c.name == name && c.side.label() != side),
                    "{item}"
                );
            } else {
                assert!(
                    db().cards
                        .iter()
                        .any(|c| c.name == move_text && c.side.label() == side),
                    "no card of {side} named in {item}"
                );
            }
        }
    }
    assert!(agreeing > 0, "no game's marks had an answer to an offer");
}

/// A chart mark calls a statement a statement, as the Agreements section and the summary do:
/// "agreement 1 (a statement of intent) signed" (or "… broken by US", where a party broke what
/// it held), never a bare "agreement 1 signed" for a text that limits nothing.
#[test]
fn chart_marks_call_a_statement_a_statement() {
    let (mut statements, mut agreements) = (0, 0);
    // 1994 for agreements: since the North writes no test halt down for nothing, the later
    // scenarios' default games sign statements only.
    for g in ["agreed-framework-1994", "singapore-2018", "hanoi-2019"]
        .into_iter()
        .flat_map(|s| persona_games(s, 30))
    {
        let rec = GameRecord::of_game(db(), &g, controllers(&g), "marks");
        let r = report::build(db(), &g, &rec);
        for item in r.marks.iter().flat_map(|m| m.items.iter()) {
            let Some(rest) = item.strip_prefix("agreement ") else {
                continue;
            };
            let Some((n, what)) = rest.split_once(' ') else {
                continue;
            };
            let Ok(n) = n.parse::<usize>() else {
                continue;
            };
            let a = &r.agreements[n - 1];
            if a.kind == "statement" {
                statements += 1;
                assert!(what.starts_with("(a statement of intent) "), "{item}");
            } else if what == "signed" || what.starts_with("(a statement") {
                agreements += 1;
                assert_eq!(what, "signed", "{item}");
            }
        }
    }
    assert!(
        statements > 0 && agreements > 0,
        "{statements} {agreements}"
    );
}

/// A collapse says which of its two ways it came about: in these hanoi-2019 games with the
/// scenario's personas, the maximalist US walks away while tension stays below Crisis, and
/// the summary says so instead of "talks broken off or tension at Crisis or above".
#[test]
fn a_collapse_says_whether_talks_or_tension_caused_it() {
    let mut seen = 0;
    let mut history_checked = 0;
    for g in persona_games("hanoi-2019", 40) {
        if g.state.outcome != Some(brink::engine::Outcome::Collapse) {
            continue;
        }
        seen += 1;
        let rec = GameRecord::of_game(db(), &g, controllers(&g), "collapse");
        let r = report::build(db(), &g, &rec);
        let why = brink::engine::text::collapse_cause(db(), &g.state).expect("a cause");
        assert!(
            r.game
                .summary
                .contains(&format!("the turns ran out with {why}")),
            "{}",
            r.game.summary
        );
        assert!(
            !r.game.summary.contains(" or tension at Crisis"),
            "{}",
            r.game.summary
        );
        // The debrief's history question says it too, without the "either … or".
        let md = report::render(&r, Format::Md, None);
        assert!(!md.contains("talks broken off or tension"), "{md}");
        // The history question comes last and is left out when the debrief has its fill of
        // questions already.
        let asked = md.contains("How does that compare with what actually happened");
        if brink::engine::text::talks_broken_off(db(), &g.state) && asked {
            history_checked += 1;
            assert!(
                md.contains("ended in collapse (US-DPRK talks broken off) with tension"),
                "{}",
                md.lines()
                    .filter(|l| l.contains("collapse"))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    }
    assert!(seen > 0, "some of 40 games collapse");
    assert!(
        history_checked > 0,
        "no collapse over broken-off talks was asked about"
    );
}

/// An offer accepted that still came to nothing says why in the report's timeline, as at the
/// table: China's suspension-for-suspension taken up by Washington but refused by Pyongyang,
/// whose co-signature it needed, ends "no deal" with the reason, not with "US accepts" alone.
#[test]
fn an_accepted_offer_that_came_to_nothing_says_why_in_the_timeline() {
    use brink::content::SideId;
    use brink::engine::{Decision, Input, Move, Response};
    let db = db();
    let mut g = brink::engine::Game::new(db, "fire-and-fury-2017", 1).expect("game");
    let card = db.card_ix("china-freeze-for-freeze").expect("card");
    let turn = g.state.turn;
    while g.state.turn == turn && !g.state.is_over() {
        let Some(d) = g.pending().next() else { break };
        let input = match d {
            Decision::Plan { side } => Input::Plan {
                side,
                moves: if side == SideId::China {
                    vec![Move::card(card)]
                } else {
                    Vec::new()
                },
            },
            Decision::Answer { side, offer } => Input::Respond {
                side,
                offer,
                response: Response::Accept,
            },
            Decision::CoSign { side, offer } => Input::Respond {
                side,
                offer,
                response: if side == SideId::Dprk {
                    Response::Reject
                } else {
                    Response::Accept
                },
            },
            Decision::Brink { side } => Input::Crisis {
                side,
                choice: brink::engine::CrisisChoice::BackDown,
            },
        };
        g.apply(db, d, input, None).expect("a legal input");
    }
    let rec = GameRecord::of_game(db, &g, controllers(&g), "offer endings");
    let md = report::render(&report::build(db, &g, &rec), Format::Md, None);
    assert!(md.contains("**US** accepts China's offer"), "{md}");
    assert!(
        md.contains("US accepts, but DPRK declines to co-sign: no deal."),
        "the timeline does not say why the accepted offer came to nothing:\n{md}"
    );
}

/// The facility table's row for the plant `id`.
fn facility_row<'a>(r: &'a report::Report, id: &str) -> &'a report::FacilityReport {
    r.final_state
        .facilities
        .iter()
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("no row for {id}"))
}

/// The facility table says what each plant could make at the start as the others believed it
/// and in truth: both where the game drew the truth from the estimates' range, one figure where
/// there is no range, and only the truth for a plant the others did not know of.
#[test]
fn the_facility_table_sets_the_believed_rate_beside_the_true_one() {
    let g = finished_game("singapore-2018", 5);
    let rec = GameRecord::of_game(db(), &g, controllers(&g), "rates");
    let r = report::build(db(), &g, &rec);
    let row = |id: &str| facility_row(&r, id);
    let drawn = row("yongbyon-enrichment");
    assert_eq!(drawn.rate_believed, 6.0);
    assert!((4.5..=8.0).contains(&drawn.rate_true));
    assert_ne!(drawn.rate_true, drawn.rate_believed);
    let fixed = row("yongbyon-reprocessing");
    assert_eq!((fixed.rate_believed, fixed.rate_true), (4.5, 4.5));
    let md = report::render(&r, Format::Md, None);
    assert!(md.contains("A turn at the start (believed / true)"));
    assert!(
        md.contains(&format!("| 6.00 / {:.2} |", drawn.rate_true)),
        "{md}"
    );
    assert!(md.contains("| 4.50 |"));
    let hidden = row("kangson-enrichment");
    assert!(!hidden.known_at_start);
    assert!(md.contains(&format!("| — / {:.2} |", hidden.rate_true)));
}

/// The facility table counts the months a plant stood idle of its own accord (an outage drawn
/// at the start) apart from the turns it ran and those a deal stopped it: with no deal stopping
/// the reactor, its running turns and its idle months are the turns played.
#[test]
fn the_facility_table_counts_the_reactor_s_idle_months() {
    let db = db();
    let reactor = db.facility_ix("yongbyon-5mwe").expect("reactor") as usize;
    let mut seen = 0;
    for seed in 1..40u64 {
        let g = finished_game("singapore-2018", seed);
        let rec = GameRecord::of_game(db, &g, controllers(&g), "outages");
        let r = report::build(db, &g, &rec);
        let row = facility_row(&r, "yongbyon-5mwe");
        let cs = &db.compiled_scenarios[g.state.scenario as usize];
        let idle = brink::engine::state::true_start(&cs.programme, g.state.seed).idle[reactor];
        let played = g.state.turn;
        let drawn = (1..=played).filter(|t| idle >> t & 1 != 0).count() as u16;
        assert_eq!(row.outage_months, drawn, "seed {seed}");
        if row.outage_months > 0 && row.turns_stopped == 0 {
            assert_eq!(row.turns_running + row.outage_months, played, "seed {seed}");
            let md = report::render(&r, Format::Md, None);
            assert!(md.contains("| Months idle (outage) |"));
            seen += 1;
        }
    }
    assert!(seen >= 3, "games with an outage and no freeze: {seen}");
}

/// A plant hidden at the start says in the facility table whether the others ever placed it,
/// and when: the turn whose end first found it known ("placed in 2018-07"), or "hidden
/// throughout", which is what a Yongbyon-only freeze leaves running.
#[test]
fn the_facility_table_says_when_a_hidden_plant_was_placed() {
    let db = db();
    let (mut placed, mut never) = (0, 0);
    for seed in 1..30u64 {
        let g = finished_game("singapore-2018", seed);
        let rec = GameRecord::of_game(db, &g, controllers(&g), "placed");
        let r = report::build(db, &g, &rec);
        let row = facility_row(&r, "kangson-enrichment");
        let md = report::render(&r, Format::Md, None);
        let kangson = db.facility_ix("kangson-enrichment").expect("Kangson");
        let known = g.state.sites.known >> kangson & 1 != 0;
        match (row.placed_turn, &row.placed_date) {
            (Some(t), Some(date)) => {
                assert!(known, "seed {seed}");
                let snap = &g.journal.snapshots[t as usize];
                assert_eq!(&snap.date, date);
                assert!(snap.known >> kangson & 1 != 0);
                let before = &g.journal.snapshots[t as usize - 1];
                assert_eq!(
                    before.known >> kangson & 1,
                    0,
                    "seed {seed}: placed earlier"
                );
                assert!(
                    md.contains(&format!(
                        "| Kangson enrichment site (hidden at the start; placed in {date}) |"
                    )),
                    "{md}"
                );
                placed += 1;
            }
            (None, None) => {
                assert!(!known, "seed {seed}");
                assert!(md.contains("| Kangson enrichment site (hidden throughout) |"));
                never += 1;
            }
            other => panic!("seed {seed}: {other:?}"),
        }
        // A plant known from the start says nothing of it.
        assert!(
            md.contains("| Yongbyon enrichment plant | HEU (kg) |"),
            "{md}"
        );
    }
    assert!(placed > 0 && never > 0, "placed {placed}, never {never}");
}
