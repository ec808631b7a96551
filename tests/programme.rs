//! The programme by material and facility (design §10, "The programme"): a freeze stops
//! production at the facilities it names and nowhere else, a cap holds a count, rollback
//! removes, and 1994's spent fuel is a stock that reprocessing turns into plutonium in months.

mod common;

use std::sync::OnceLock;

use brink::content::SideId::*;
use brink::content::{ContentDb, ProgrammeField as F};
use brink::engine::observe::observe;
use brink::engine::{Cause, Game, LedgerEntry, MeterRef, Move};

/// The shipped decks with no breach of any agreement: "a kept freeze", by construction.
fn kept() -> &'static ContentDb {
    static DB: OnceLock<ContentDb> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
        db.rules.breach_max = 0.0;
        db
    })
}

fn facility(db: &ContentDb, id: &str) -> u8 {
    db.facilities
        .iter()
        .position(|f| f.id == id)
        .unwrap_or_else(|| panic!("facility {id}")) as u8
}

fn prov(db: &ContentDb, id: &str) -> u16 {
    db.provisions
        .iter()
        .position(|p| p.id == id)
        .unwrap_or_else(|| panic!("provision {id}")) as u16
}

/// A game whose first turn signs `package` (the US offers it, the DPRK accepts), then `turns`
/// quiet turns more.
fn signed(db: &ContentDb, scenario: &str, package: &[&str], turns: u16) -> Game {
    let mut g = common::game_after_talks(db, scenario, 7);
    let plan = if package.is_empty() {
        vec![]
    } else {
        vec![(
            Us,
            vec![Move {
                package: package.iter().map(|p| prov(db, p)).collect(),
                ..Move::card(db.card_ix("us-propose-package").expect("card"))
            }],
        )]
    };
    common::play_turn_accepting(db, &mut g, &plan);
    if !package.is_empty() {
        assert_eq!(
            g.state.agreements().len(),
            1,
            "the package is signed on turn 1"
        );
    }
    for _ in 0..turns {
        if g.state.is_over() {
            break;
        }
        common::play_turn_accepting(db, &mut g, &[]);
    }
    g
}

/// What facility `f` made, turn by turn (its own ledger lines).
fn made_by(g: &Game, f: u8) -> Vec<&LedgerEntry> {
    g.journal
        .ledger
        .iter()
        .filter(|e| e.cause == Cause::Facility(f) && e.delta > 0.0)
        .collect()
}

#[test]
fn a_kept_yongbyon_freeze_stops_yongbyon_and_only_yongbyon() {
    let db = kept();
    let g = signed(db, "hanoi-2019", &["yongbyon-freeze"], 11);
    assert!(g.state.turn >= 6, "the game ran");
    for id in [
        "yongbyon-5mwe",
        "yongbyon-reprocessing",
        "yongbyon-enrichment",
    ] {
        let f = facility(db, id);
        assert!(
            made_by(&g, f).is_empty(),
            "{id} made nothing under the freeze"
        );
        assert!(g.state.sites.frozen >> f & 1 != 0, "{id} is shown frozen");
    }
    // The undeclared hall keeps working: its HEU (this game's true rate, 4.5-8 kg a month),
    // every month.
    let kangson = facility(db, "kangson-enrichment");
    let rate = g.state.sites.rate[kangson as usize];
    assert!((4.5..=8.0).contains(&rate), "{rate}");
    let made = made_by(&g, kangson);
    assert_eq!(made.len(), g.state.turn as usize, "Kangson ran every turn");
    assert!(
        made.iter()
            .all(|e| e.meter == MeterRef::Programme(F::HeuKg) && (e.delta - rate).abs() < 1e-3)
    );
    assert_eq!(
        g.state.prog(F::ProductionKg),
        rate,
        "production is Kangson's alone"
    );
    // So the arsenal still grows, from HEU only (from this game's drawn start).
    let start = g.journal.snapshots[0].prog(F::Warheads);
    assert!(
        g.state.prog(F::Warheads) > start + 1.0,
        "{start} -> {}",
        g.state.prog(F::Warheads)
    );

    // The same game with no deal: Yongbyon runs too.
    let free = signed(db, "hanoi-2019", &[], 11);
    let yongbyon = facility(db, "yongbyon-enrichment");
    assert_eq!(made_by(&free, yongbyon).len(), free.state.turn as usize);
    let fissile_plants = ["yongbyon-5mwe", "yongbyon-enrichment", "kangson-enrichment"];
    let all_made: f32 = fissile_plants
        .iter()
        .map(|id| free.state.sites.rate[facility(db, id) as usize])
        .sum();
    assert_eq!(free.state.prog(F::ProductionKg), all_made);
    assert!(free.state.prog(F::Warheads) > g.state.prog(F::Warheads));

    // A freeze of every fissile plant stops Kangson as well.
    let all = signed(db, "hanoi-2019", &["full-fissile-freeze"], 11);
    assert!(made_by(&all, kangson).is_empty());
    assert_eq!(all.state.prog(F::ProductionKg), 0.0);
}

#[test]
fn a_warhead_cap_holds_the_count_while_material_piles_up() {
    let db = kept();
    let g = signed(db, "hanoi-2019", &["arsenal-cap"], 11);
    assert!(g.state.turn >= 12, "the game ran its course");
    let at_signing = g.journal.snapshots[1].prog(F::Warheads);
    for s in &g.journal.snapshots[1..] {
        assert_eq!(s.prog(F::Warheads), at_signing, "turn {}", s.turn);
    }
    // Production goes on into the stock, unassembled.
    assert!(g.state.prog(F::HeuKg) > 100.0, "{}", g.state.prog(F::HeuKg));
    assert_eq!(
        g.state.prog(F::FissileKg),
        g.state.prog(F::HeuKg) + g.state.prog(F::PlutoniumKg)
    );
}

#[test]
fn rollback_removes_the_stocks_and_the_plants() {
    let db = kept();
    let g = signed(
        db,
        "hanoi-2019",
        &["yongbyon-dismantlement", "hand-over-arsenal"],
        3,
    );
    // The handover goes once: what is made afterwards stays.
    let handed = g
        .journal
        .ledger
        .iter()
        .filter(|e| {
            matches!(e.cause, Cause::Provision { .. })
                && e.meter == MeterRef::Programme(F::Warheads)
        })
        .count();
    assert_eq!(handed, 1);
    assert!(g.journal.snapshots[1].prog(F::Warheads) == 0.0);
    for id in [
        "yongbyon-5mwe",
        "yongbyon-reprocessing",
        "yongbyon-enrichment",
    ] {
        let f = facility(db, id);
        assert!(made_by(&g, f).is_empty(), "{id} is taken apart");
        assert!(g.state.sites.dismantled >> f & 1 != 0);
    }
    // Kangson is not Yongbyon: its HEU is all that is left, and it keeps coming.
    assert!(g.state.prog(F::HeuKg) + g.state.prog(F::Warheads) * 20.0 >= 18.0);
}

#[test]
fn a_broken_freeze_restarts_in_months_but_a_dismantled_plant_takes_years() {
    let db = kept();
    let f = facility(db, "yongbyon-enrichment");
    for (package, restarts) in [("yongbyon-freeze", true), ("yongbyon-dismantlement", false)] {
        let mut g = signed(db, "hanoi-2019", &[package], 1);
        assert!(
            made_by(&g, f).is_empty(),
            "{package}: stopped while in force"
        );
        let turn = g.state.turn;
        g.state.break_agreement(
            0,
            brink::engine::state::AgreementStatus::Broken { turn, by: Dprk },
        );
        // Six months on: a frozen hall is back at work (three months to restart), a hall
        // taken apart is not (two years).
        for _ in 0..6 {
            common::play_turn_accepting(db, &mut g, &[]);
        }
        assert_eq!(!made_by(&g, f).is_empty(), restarts, "{package}");
    }
}

#[test]
fn spent_fuel_of_1994_becomes_plutonium_within_months_without_a_freeze() {
    let db = kept();
    let g = signed(db, "agreed-framework-1994", &[], 2);
    let s = &g.journal.snapshots;
    assert_eq!(s[0].prog(F::SpentFuelKg), 27.0, "the 8,000 rods");
    // Three months of reprocessing: 13.5 kg separated, less what the reactor added.
    let separated = s[3].prog(F::PlutoniumKg) + 5.0 * (s[3].prog(F::Warheads) - 1.0) - 3.0;
    assert!(separated >= 13.5 - 0.01, "{separated}");
    assert!(s[3].prog(F::SpentFuelKg) <= 27.0 + 1.5 - 13.5 + 0.01);
    assert!(s[3].prog(F::FissileKg) + 5.0 * s[3].prog(F::Warheads) > 15.0);
}

#[test]
fn the_1994_freeze_kept_ends_with_the_warheads_it_started_with() {
    let db = kept();
    let g = signed(db, "agreed-framework-1994", &["yongbyon-freeze"], 11);
    let first = &g.journal.snapshots[0];
    assert!(g.state.turn >= 12 || g.state.is_over());
    assert_eq!(g.state.prog(F::Warheads), first.prog(F::Warheads));
    // The rods stay canned, the reactors unbuilt.
    assert_eq!(g.state.prog(F::SpentFuelKg), 27.0);
    assert_eq!(g.state.prog(F::PlutoniumKg), 3.0);
    assert_eq!(g.state.sites.running, 0);
}

#[test]
fn the_others_see_only_the_facilities_they_know_of() {
    let db = common::db();
    let kangson = facility(db, "kangson-enrichment");
    let bit = 1u16 << kangson;
    // Over several seeds, so that Kangson stays hidden in some (the exposé is a chance, and
    // likelier after a summit).
    let mut hidden = 0;
    for seed in 3..13 {
        let mut g = common::game_after_talks(db, "singapore-2018", seed);
        assert!(
            observe(&g.state, Dprk).sites.present & bit != 0,
            "the DPRK knows its own"
        );
        assert!(
            observe(&g.state, Us).sites.present & bit == 0,
            "unknown in March 2018"
        );
        for _ in 0..6 {
            common::play_turn_accepting(db, &mut g, &[]);
        }
        // Placed (by an exposé at the start of a turn, after the month's reckoning, or a
        // detected expansion), it is known to all; the seeds where it is still hidden show the
        // rest.
        if g.state.sites.known & bit != 0 {
            assert!(observe(&g.state, Us).sites.present & bit != 0);
            continue;
        }
        hidden += 1;
        // The public production is the known plants' (believed 0.5 + 6), not what Kangson
        // makes too: what they see made, at most what they believe (an idle reactor shows;
        // enrichment beyond the estimate does not).
        let seen = |id: &str| {
            let f = facility(db, id) as usize;
            // A plant in an outage this month made nothing.
            let ran = g.state.sites.running >> f & 1 != 0;
            if ran {
                g.state.sites.rate[f].min(g.state.sites.seen_rate[f])
            } else {
                0.0
            }
        };
        assert_eq!(
            g.state.sites.known_production,
            seen("yongbyon-5mwe") + seen("yongbyon-enrichment"),
            "seed {seed}"
        );
        assert!(g.state.sites.known_production <= 6.5, "seed {seed}");
        // Their estimate learns the hidden share only slowly: still short of the truth.
        let truth = g.state.prog(F::ProductionKg);
        assert!(
            g.state.estimate.production_mid < truth,
            "seed {seed}: {} against {truth}",
            g.state.estimate.production_mid
        );
        g.state.sites.known |= bit;
        assert!(observe(&g.state, Us).sites.present & bit != 0);
    }
    assert!(hidden > 0, "Kangson placed in every seed");
}

/// Where the estimates of a plant disagree, each game runs it at a true rate drawn from their
/// range at the start: the same seed gives the same rate, seeds spread it over the range, the
/// others go on believing the scenario's figure, and the arsenal at the end varies with it.
#[test]
fn a_plant_whose_estimates_disagree_runs_at_a_rate_drawn_from_their_range() {
    let db = common::db();
    let kangson = facility(db, "kangson-enrichment") as usize;
    let reactor = facility(db, "yongbyon-5mwe") as usize;
    let reprocessing = facility(db, "yongbyon-reprocessing") as usize;
    let state = |seed: u64| {
        brink::engine::GameState::new_unstarted(db, "hanoi-2019", seed).expect("scenario")
    };
    let mut rates = Vec::new();
    for seed in 0..200u64 {
        let s = state(seed);
        assert_eq!(
            s.sites.rate,
            state(seed).sites.rate,
            "the same seed, the same rates"
        );
        let r = s.sites.rate[kangson];
        assert!((4.5..=8.0).contains(&r), "seed {seed}: {r}");
        assert!((0.25..=0.5).contains(&s.sites.rate[reactor]));
        // No range, no draw: the reprocessing plant runs at its figure.
        assert_eq!(s.sites.rate[reprocessing], 4.5);
        // The others believe the scenario's figures.
        assert_eq!(s.sites.seen_rate[kangson], 6.0);
        assert_eq!(observe(&s, Us).sites.rate[reactor], 0.5);
        rates.push(r);
    }
    let (lo, hi) = rates
        .iter()
        .fold((f32::MAX, f32::MIN), |(lo, hi), &r| (lo.min(r), hi.max(r)));
    assert!(
        lo < 4.7 && hi > 7.8,
        "the draws cover the range: {lo}..{hi}"
    );
    // The game's own draws are untouched by the range: the first roll of a game is the same
    // as a generator's seeded alone.
    use rand::{RngExt, SeedableRng};
    let mut own = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let mut s = state(7);
    assert_eq!(s.rng.random::<u64>(), own.random::<u64>());

    // And the arsenal at the end varies from game to game with the same seats and choices.
    let ends: std::collections::BTreeSet<u32> = (0..40u64)
        .map(|seed| {
            let mut g = Game::new(db, "hanoi-2019", seed).expect("scenario");
            while !g.state.is_over() {
                common::play_turn_accepting(db, &mut g, &[]);
            }
            g.state.prog(F::Warheads) as u32
        })
        .collect();
    assert!(ends.len() >= 2, "warheads at the end: {ends:?}");
}

/// Where the estimates of the warheads assembled disagree (`warheads_range`: SIPRI's 10-20 for
/// January 2018), each game starts from a whole count drawn from that range, the same for the
/// same seed; the others start from the scenario's band whatever was drawn, and the plants'
/// drawn rates are those a scenario without the warheads range draws.
#[test]
fn a_scenario_whose_warhead_estimates_disagree_starts_each_game_with_a_count_drawn_from_them() {
    let db = common::db();
    let state = |seed: u64| {
        brink::engine::GameState::new_unstarted(db, "singapore-2018", seed).expect("scenario")
    };
    let mut counts = std::collections::BTreeMap::<u32, u32>::new();
    let mut sum = 0.0;
    for seed in 0..400u64 {
        let s = state(seed);
        let w = s.prog(F::Warheads);
        assert_eq!(
            w,
            state(seed).prog(F::Warheads),
            "the same seed, the same count"
        );
        assert!((10.0..=20.0).contains(&w), "seed {seed}: {w}");
        assert_eq!(w, w.round(), "a whole count: {w}");
        // The others' picture is the scenario's band, not the truth.
        assert_eq!(
            (
                s.estimate.warheads_low,
                s.estimate.warheads_mid,
                s.estimate.warheads_high
            ),
            (10.0, 15.0, 20.0)
        );
        use brink::engine::observe::ProgrammeView;
        assert!(
            matches!(observe(&s, Us).programme,
                ProgrammeView::Estimate { estimate, .. } if estimate.warheads_mid == 15.0),
            "the US sees the estimate"
        );
        assert!(
            matches!(observe(&s, Dprk).programme,
                ProgrammeView::Exact(p) if p[F::Warheads.index()] == w),
            "the North knows its count"
        );
        sum += w;
        *counts.entry(w as u32).or_default() += 1;
    }
    assert_eq!(
        counts.len(),
        11,
        "every count from 10 to 20 comes up: {counts:?}"
    );
    let mean = sum / 400.0;
    assert!((14.0..=16.0).contains(&mean), "centred on 15: {mean}");
    // The plants draw first, so the warheads' draw leaves their rates as they were.
    let cs = &db.compiled_scenarios[state(0).scenario as usize];
    let mut no_range = cs.programme;
    no_range.warheads_range = None;
    for seed in 0..50u64 {
        let with = brink::engine::state::true_start(&cs.programme, seed);
        let without = brink::engine::state::true_start(&no_range, seed);
        assert_eq!(with.rate, without.rate);
        assert_eq!(without.warheads, None);
    }
    // The others' band stays no wider than the scenario's own: it does not jump at the first
    // month's update (it once went from 10-20 to about 7-24), though news can narrow it.
    for seed in 0..20u64 {
        let mut g = Game::new(db, "singapore-2018", seed).expect("scenario");
        common::play_turn_accepting(db, &mut g, &[]);
        let e = g.state.estimate;
        let width = e.warheads_high - e.warheads_low;
        assert!(
            width <= 12.0,
            "seed {seed}: {}-{} after a month",
            e.warheads_low,
            e.warheads_high
        );
    }
    // A scenario with one count starts every game with it.
    for seed in 0..20u64 {
        let s = brink::engine::GameState::new_unstarted(db, "agreed-framework-1994", seed)
            .expect("scenario");
        assert_eq!(s.prog(F::Warheads), 1.0);
    }
}

/// A plant with outages (the 5 MWe reactor from 2017: a stop in about one month in eight, of
/// one to six months) stands idle in the months drawn for it at the start, in some games and
/// not in others: it makes nothing those months, the log says so at the stop's first month,
/// the others see it idle, and no observation foretells a stop to come.
#[test]
fn a_plant_with_outages_stands_idle_in_the_months_drawn_for_it() {
    use brink::engine::LogEntry;
    use brink::engine::observe::{PlantState, plant_state};
    let db = common::db();
    let reactor = facility(db, "yongbyon-5mwe") as usize;
    let hall = facility(db, "yongbyon-enrichment") as usize;
    let months = |idle: u64| (1..=12).filter(|t| idle >> t & 1 != 0).count();
    let (mut with, mut idle_months) = (0, 0);
    for seed in 0..400u64 {
        let s =
            brink::engine::GameState::new_unstarted(db, "singapore-2018", seed).expect("scenario");
        let n = months(s.sites.idle[reactor]);
        with += usize::from(n > 0);
        idle_months += n;
        assert_eq!(
            s.sites.idle[hall], 0,
            "no outages where the deck gives none"
        );
    }
    assert!(
        (160..=360).contains(&with),
        "some games see the reactor stop, not all: {with} of 400"
    );
    let mean = idle_months as f32 / 400.0;
    assert!((1.5..=5.0).contains(&mean), "idle months a game: {mean}");
    // Hanoi's stand-down is under way at the start: at least two months idle in every game,
    // and seen idle from the first turn, by the North and the others alike.
    for seed in 0..50u64 {
        let s = brink::engine::GameState::new_unstarted(db, "hanoi-2019", seed).expect("scenario");
        assert_eq!(s.sites.idle[reactor] & 0b110, 0b110, "seed {seed}");
        for viewer in [Us, Dprk] {
            let seen = observe(&s, viewer).sites;
            assert_eq!(
                plant_state(db, s.scenario, &seen, reactor, 1),
                PlantState::Idle
            );
            assert_eq!(
                plant_state(db, s.scenario, &seen, hall, 1),
                PlantState::Running
            );
        }
    }

    // Games played: an idle month makes nothing, is logged at its start, is seen as idle.
    let mut checked = 0;
    for seed in 0..40u64 {
        let mut g = Game::new(db, "singapore-2018", seed).expect("scenario");
        let idle = g.state.sites.idle[reactor];
        if months(idle) == 0 {
            continue;
        }
        while !g.state.is_over() {
            let t = g.state.turn;
            common::play_turn_accepting(db, &mut g, &[]);
            for viewer in [Us, Dprk] {
                let seen = observe(&g.state, viewer).sites.idle;
                assert!(seen.iter().all(|i| i & !0b10 == 0), "no foretelling");
            }
            let made =
                g.journal.ledger.iter().any(|e| {
                    e.turn == t && e.cause == Cause::Facility(reactor as u8) && e.delta > 0.0
                });
            let stopped = g.state.sites.frozen | g.state.sites.dismantled;
            if idle >> t & 1 != 0 && stopped >> reactor & 1 == 0 {
                assert!(!made, "seed {seed} turn {t}: idle, yet it made plutonium");
                let seen = observe(&g.state, Us).sites;
                assert_eq!(
                    plant_state(db, g.state.scenario, &seen, reactor, t),
                    PlantState::Idle,
                    "the others see it idle"
                );
                checked += 1;
            } else if stopped >> reactor & 1 == 0 {
                assert!(made, "seed {seed} turn {t}: running, yet it made nothing");
            }
        }
        let first = (1..=12u16)
            .find(|&t| idle >> t & 1 != 0)
            .expect("an idle month");
        let logged = g.journal.log.iter().any(|e| {
            matches!(e, LogEntry::Outage { facility, known: true } if *facility as usize == reactor)
        });
        if g.state.turn >= first {
            assert!(logged, "seed {seed}: the stop is logged");
        }
    }
    assert!(checked >= 10, "idle months checked: {checked}");
}

/// The others' estimate keeps up with an arsenal that grows: between looks they carry it forward
/// by what they see made, so at the end of a year with no deal and no inspectors its middle is
/// about the truth (it fell some four warheads behind at Singapore when it only learnt).
#[test]
fn the_others_estimate_keeps_up_with_a_growing_arsenal() {
    let db = common::db();
    let mut gaps = Vec::new();
    for seed in 0..30u64 {
        let mut g = Game::new(db, "singapore-2018", seed).expect("scenario");
        while !g.state.is_over() {
            common::play_turn_accepting(db, &mut g, &[]);
        }
        let e = g.state.estimate;
        let w = g.state.prog(F::Warheads);
        assert!(
            e.warheads_low <= w && w <= e.warheads_high,
            "seed {seed}: {w} outside {}-{}",
            e.warheads_low,
            e.warheads_high
        );
        gaps.push(e.warheads_mid - w);
    }
    let mean = gaps.iter().sum::<f32>() / gaps.len() as f32;
    assert!(
        mean.abs() <= 2.0,
        "the estimate's middle less the truth: {mean}"
    );
    // So it does in a class's six turns of two months, each carrying two months forward.
    let class = brink::content::ClassLength {
        turns: 6,
        months: 2,
    };
    let mut gaps = Vec::new();
    for seed in 0..30u64 {
        let mut g = Game::new_class(db, "singapore-2018", seed, Some(class)).expect("scenario");
        while !g.state.is_over() {
            common::play_turn_accepting(db, &mut g, &[]);
        }
        gaps.push(g.state.estimate.warheads_mid - g.state.prog(F::Warheads));
    }
    let mean = gaps.iter().sum::<f32>() / gaps.len() as f32;
    assert!(mean.abs() <= 2.0, "at a class length: {mean}");
}

/// A plant the others suspect but have not placed (2018's Kangson) raises the top of their
/// band by what it would make at the rate they believe, turn by turn, and what they allowed
/// for it joins their count once it is found; where they suspect none (2019, when Kangson had
/// been placed) the band keeps its own top.
#[test]
fn a_suspected_plant_raises_the_top_of_the_band_until_it_is_found() {
    let db = common::db();
    let kangson = facility(db, "kangson-enrichment");
    let (mut found, mut never_found) = (0, 0);
    for seed in 0..40u64 {
        let mut g = Game::new(db, "singapore-2018", seed).expect("scenario");
        let rule = g.state.estimate_rule;
        assert_eq!(rule.suspected, 1 << kangson, "Kangson alone is suspected");
        // 6 kg of HEU a month at the rules' kilograms a warhead.
        let per_turn = rule.suspected_worth[kangson as usize];
        assert!(per_turn > 0.0 && per_turn <= rule.assembly, "{per_turn}");
        assert_eq!(
            g.state.estimate.unplaced, 0.0,
            "nothing allowed for at the start"
        );
        let mut before = g.state.estimate;
        while !g.state.is_over() {
            let was_known = g.state.sites.known >> kangson & 1 != 0;
            common::play_turn_accepting(db, &mut g, &[]);
            let e = g.state.estimate;
            if g.state.sites.known >> kangson & 1 == 0 {
                assert!(
                    (e.unplaced - before.unplaced - per_turn).abs() < 1e-4,
                    "seed {seed}: {} then {}",
                    before.unplaced,
                    e.unplaced
                );
                // The band's own half-width is at least one warhead.
                assert!(e.warheads_high >= e.warheads_mid + 1.0 + e.unplaced - 1e-3);
            } else {
                assert_eq!(e.unplaced, 0.0, "seed {seed}: folded in once found");
                if !was_known {
                    found += 1;
                }
            }
            before = e;
        }
        if g.state.sites.known >> kangson & 1 == 0 {
            never_found += 1;
            assert!(
                before.unplaced >= 11.0 * per_turn,
                "a year of it: {}",
                before.unplaced
            );
        }
    }
    assert!(
        found > 0 && never_found > 0,
        "found {found}, never {never_found}"
    );
    // 2019: placed, known, nothing suspected.
    let mut g = Game::new(db, "hanoi-2019", 3).expect("scenario");
    assert_eq!(g.state.estimate_rule.suspected, 0);
    while !g.state.is_over() {
        common::play_turn_accepting(db, &mut g, &[]);
    }
    assert_eq!(g.state.estimate.unplaced, 0.0);
}

/// The exposé of a suspected plant follows a summit, as Kangson's did Singapore: a leaders'
/// meeting makes it ten times as likely while the plant is unplaced (`FacilityHidden` in the
/// event's factor), and not once it is placed or where it was known from the start.
#[test]
fn a_summit_brings_out_the_exposé_of_a_plant_still_hidden() {
    let db = common::db();
    let kangson = facility(db, "kangson-enrichment");
    let summit = db.flag_ix("summit_held").expect("flag") as u32;
    let weight = |s: &brink::engine::GameState| {
        let cs = &db.compiled_scenarios[s.scenario as usize];
        let ev = db.event_ix("ev-enrichment-exposed").expect("event");
        let d = cs.draws.iter().find(|d| d.event == ev).expect("drawn here");
        brink::engine::turn::event_weight(db, s, d)
    };
    let mut s = brink::engine::GameState::new_unstarted(db, "singapore-2018", 1).expect("scenario");
    assert_eq!(s.sites.known >> kangson & 1, 0, "unplaced at the start");
    let before = weight(&s);
    assert!(before > 0.0);
    s.flags |= 1u128 << summit;
    let after = weight(&s);
    assert!(
        (after / before - 10.0).abs() < 1e-4,
        "{before} then {after}"
    );
    // Placed: the summit no longer brings anything out.
    s.sites.known |= 1 << kangson;
    assert_eq!(weight(&s), before);
    // 2019 starts after the summit with the plant known: its weight is the plain one.
    let h = brink::engine::GameState::new_unstarted(db, "hanoi-2019", 1).expect("scenario");
    assert_ne!(h.flags >> summit & 1, 0);
    assert_ne!(h.sites.known >> kangson & 1, 0);
    let mut h2 = h.clone();
    h2.flags &= !(1u128 << summit);
    assert_eq!(weight(&h), weight(&h2));
    // Where the plant can never be hidden (known from the start, as at Hanoi, or absent, as in
    // 1994) the factor is settled away when the decks load: the draw weighs one factor fewer,
    // and its ceiling is what it was before there was a factor.
    let factors = |scenario: &str| {
        let cs = &db.compiled_scenarios[db.scenario_ix(scenario).expect("scenario") as usize];
        let ev = db.event_ix("ev-enrichment-exposed").expect("event");
        cs.draws
            .iter()
            .find(|d| d.event == ev)
            .map(|d| d.weight_if.len())
    };
    let hidden_here = factors("singapore-2018").expect("drawn in 2018");
    assert_eq!(factors("fire-and-fury-2017"), Some(hidden_here));
    assert_eq!(factors("hanoi-2019"), Some(hidden_here - 1));
    assert_eq!(
        factors("agreed-framework-1994"),
        None,
        "dated from October 2002"
    );
    // The condition itself: a plant running and unplaced; not once placed, and not in a
    // scenario without it (1994 has no Kangson to hide).
    let c = brink::content::CompiledCondition::FacilityHidden(kangson);
    let holds =
        |s: &brink::engine::GameState| brink::engine::effects::cond_holds(db, s, &c, Us, None);
    let mut fresh =
        brink::engine::GameState::new_unstarted(db, "singapore-2018", 2).expect("scenario");
    assert!(holds(&fresh));
    fresh.sites.known |= 1 << kangson;
    assert!(!holds(&fresh));
    assert!(!holds(&h));
    let old =
        brink::engine::GameState::new_unstarted(db, "agreed-framework-1994", 1).expect("scenario");
    assert!(!holds(&old));
}

/// A plant idle at the start makes nothing in the production a game starts with, whether or
/// not the scenario's other plants had their rates drawn.
#[test]
fn the_production_a_game_starts_with_leaves_out_a_plant_already_idle() {
    let mut db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
    let ix = db
        .scenarios
        .iter()
        .position(|s| s.id == "hanoi-2019")
        .expect("hanoi");
    // No drawn rates: the halls and the reactor at their figures, the reactor idle.
    db.compiled_scenarios[ix].programme.uncertain = 0;
    let s = brink::engine::GameState::new_unstarted(&db, "hanoi-2019", 1).expect("scenario");
    let reactor = facility(&db, "yongbyon-5mwe") as usize;
    assert_ne!(s.sites.idle[reactor] & 0b10, 0, "idle at the start");
    let halls = ["yongbyon-enrichment", "kangson-enrichment"]
        .iter()
        .map(|id| s.sites.rate[facility(&db, id) as usize])
        .sum::<f32>();
    assert_eq!(s.prog(F::ProductionKg), halls);
}

/// Breaks `file` (its first `from` made `to`), and returns the line of the error that names
/// `needle` in it, which must be located.
fn refused(file: &str, from: &str, to: &str, needle: &str) -> usize {
    located(&common::break_deck(file, from, to), file, needle)
}

fn located(errs: &[brink::content::ContentError], file_suffix: &str, needle: &str) -> usize {
    let e = errs
        .iter()
        .find(|e| e.file.ends_with(file_suffix) && e.message.contains(needle))
        .unwrap_or_else(|| panic!("no error containing {needle:?} in {file_suffix}: {errs:#?}"));
    assert!(e.line >= 1 && e.column >= 1, "located: {e}");
    e.line
}

#[test]
fn the_validator_checks_what_provisions_and_scenarios_say_of_the_plants() {
    // A freeze of a plant that does not exist.
    refused(
        "provisions.ron",
        "freezes: [\"yongbyon-5mwe\"",
        "freezes: [\"yongbyon-5mwe-typo\"",
        "unknown facility \"yongbyon-5mwe-typo\"",
    );
    // A condition on a plant that does not exist.
    refused(
        "events.ron",
        "FacilityHidden(\"kangson-enrichment\")",
        "FacilityHidden(\"kangson-typo\")",
        "unknown facility \"kangson-typo\"",
    );
    // A plant in a scenario before it existed: enrichment at Yongbyon in 1994.
    refused(
        "agreed-framework-1994.ron",
        "(facility: \"yongbyon-reprocessing\"",
        "(facility: \"yongbyon-enrichment\", rate: 1.0, source: \"x\"), (facility: \"yongbyon-reprocessing\"",
        "not at the start of scenario",
    );
    // Production that is not what the running plants make.
    refused(
        "agreed-framework-1994.ron",
        "production_kg: 0.5",
        "production_kg: 2.0",
        "production is their sum",
    );
    // A range that does not hold the plant's own figure.
    refused(
        "singapore-2018.ron",
        "rate: 6.0, range: Some((4.5, 8.0))",
        "rate: 6.0, range: Some((7.0, 8.0))",
        "must hold its rate",
    );
    // Outages that can never happen.
    refused(
        "singapore-2018.ron",
        "outages: Some((chance: 0.125, months: (1, 6)))",
        "outages: Some((chance: 0.125, months: (6, 1)))",
        "its outages need months",
    );
    // A warheads range that does not hold the scenario's own count, located at the range.
    let line = refused(
        "singapore-2018.ron",
        "warheads_range: Some((10.0, 20.0))",
        "warheads_range: Some((16.0, 20.0))",
        "must hold its warheads",
    );
    let text =
        std::fs::read_to_string(ContentDb::repo_decks_dir().join("scenarios/singapore-2018.ron"))
            .expect("deck");
    let at = text
        .lines()
        .position(|l| l.contains("warheads_range:"))
        .expect("the range")
        + 1;
    assert_eq!(line, at, "the error points at the range");
    // A plant suspected that the others know of already: nothing to suspect.
    refused(
        "singapore-2018.ron",
        "known: false, suspected: true",
        "known: true, suspected: true",
        "there is nothing to suspect",
    );
    // A suspected plant that makes no fissile material (the allowance is weapons' worth).
    refused(
        "singapore-2018.ron",
        "(facility: \"sanumdong-icbm\", rate: 0.15,",
        "(facility: \"sanumdong-icbm\", rate: 0.15, suspected: true,",
        "only a plant that makes fissile material",
    );
    // Production changed by hand instead of by a plant.
    refused(
        "cards/dprk.ron",
        "FacilityRate(facility: \"kangson-enrichment\", rate: 1.0)",
        "Programme(field: ProductionKg, delta: 1.0)",
        "FacilityRate",
    );
}

/// The search's look past its horizon (`turn::project_programme`): the programme carried to the
/// end of the game with nothing more done. With no deal the plants make what they make to the
/// end and warheads are assembled from it; a cap in force holds the count where it is, and a
/// Yongbyon freeze leaves only the others' material to be made.
#[test]
fn the_programme_projected_to_the_end_is_what_the_plants_still_running_would_make() {
    let db = kept();
    let project = |g: &Game| {
        let mut s = g.state.clone();
        brink::engine::turn::project_programme(db, &mut s);
        assert!(s.turn > s.turns, "carried to the end: turn {}", s.turn);
        s
    };
    let scenario = "hanoi-2019";
    let open = signed(db, scenario, &[], 1);
    assert_eq!(open.state.turn, 3);
    let (now, end) = (&open.state, project(&open));
    assert!(
        end.prog(F::Warheads) > now.prog(F::Warheads) + 2.0,
        "ten months of assembly: {} -> {}",
        now.prog(F::Warheads),
        end.prog(F::Warheads)
    );
    // Nothing but the programme moves.
    assert_eq!(end.meters(), now.meters());
    assert_eq!(end.trust_matrix(), now.trust_matrix());

    let capped = signed(db, scenario, &["arsenal-cap"], 1);
    let end = project(&capped);
    assert_eq!(end.prog(F::Warheads), capped.state.prog(F::Warheads));

    let frozen = signed(db, scenario, &["yongbyon-freeze"], 1);
    let end_frozen = project(&frozen);
    let yongbyon = facility(db, "yongbyon-enrichment");
    assert!(end_frozen.sites.frozen >> yongbyon & 1 != 0);
    let kangson = facility(db, "kangson-enrichment");
    assert_eq!(
        end_frozen.prog(F::ProductionKg),
        end_frozen.sites.rate[kangson as usize],
        "the last month's material is Kangson's alone"
    );
    assert!(project(&open).prog(F::ProductionKg) > end_frozen.prog(F::ProductionKg));
    let all = signed(db, scenario, &["full-fissile-freeze"], 1);
    assert_eq!(project(&all).prog(F::ProductionKg), 0.0);
}
