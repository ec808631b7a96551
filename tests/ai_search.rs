//! The search opponent never reads what its side cannot see: two states that look the same to
//! its side but differ in hidden facts (the true DPRK programme, another side's covert
//! operations and their secret effects, the dice still to be rolled) must get the same move.

use brink::ai::{Policy, SearchConfig, SearchPolicy, make_policy};
use brink::content::{ContentDb, MoveKind, ProgrammeField, SideId};
use brink::engine::state::{CovertOp, PendingEffects, Ramp};
use brink::engine::{
    Cause, CrisisChoice, Decision, GameState, NoSink, Phase, apply, observe, turn,
};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn db() -> ContentDb {
    ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks load")
}

/// A budget that keeps the test quick in debug builds; the full one in release.
fn config() -> SearchConfig {
    if cfg!(debug_assertions) {
        SearchConfig {
            iterations: 60,
            ..SearchConfig::HARD
        }
    } else {
        SearchConfig::HARD
    }
}

/// Plays `scenario` with every seat on its default persona until `side` must plan on `turn`.
fn state_at(db: &ContentDb, scenario: &str, seed: u64, turn_no: u16, side: SideId) -> GameState {
    let mut s = GameState::new_unstarted(db, scenario, seed).expect("scenario");
    let scen = db.scenario(scenario).unwrap();
    let mut pols: Vec<Box<dyn Policy>> = SideId::ALL
        .iter()
        .map(|x| {
            let spec = scen
                .sides
                .iter()
                .find(|y| y.side == *x)
                .and_then(|y| y.persona.clone())
                .unwrap_or_else(|| "random".into());
            make_policy(db, &spec, *x).unwrap()
        })
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    turn::start(db, &mut s, &mut NoSink);
    loop {
        let d = s
            .pending()
            .next()
            .unwrap_or_else(|| panic!("the game ended before turn {turn_no}"));
        if s.turn == turn_no && s.is_pending(Decision::Plan { side }) {
            return s;
        }
        let input = pols[d.side().index()].decide(db, &s, d, &mut rng);
        apply(db, &mut s, d, input, &mut NoSink).expect("personas play legal moves");
    }
}

/// A copy of `s` with everything `viewer` cannot see changed.
fn with_other_secrets(db: &ContentDb, s: &GameState, viewer: SideId) -> GameState {
    let mut b = s.clone();
    // The chance still to come.
    b.rng = ChaCha8Rng::seed_from_u64(0xD1CE);
    // Another side's covert operation in play, its cooldown and a secret lagged effect.
    let covert_side = if viewer == SideId::Dprk {
        SideId::China
    } else {
        SideId::Dprk
    };
    let card = db.cards_by_side[covert_side.index()]
        .iter()
        .copied()
        .find(|c| db.c_cards[*c as usize].kind == MoveKind::Covert)
        .expect("a covert card");
    b.covert.push(CovertOp {
        side: covert_side,
        card,
        turn: s.turn.saturating_sub(1),
        detected: false,
    });
    b.ready_turn[card as usize] = s.turn + 3;
    b.pending.push(PendingEffects {
        due: s.turn + 1,
        effects: db.c_cards[card as usize].effects.to_vec().into(),
        actor: covert_side,
        target: None,
        cause: Cause::Card {
            side: covert_side,
            card,
        },
        secret: Some(covert_side),
    });
    b.ramps.push(Ramp {
        meter: brink::content::Meter::Economy,
        per_turn: 2.0,
        remaining: 3,
        cause: Cause::Card {
            side: covert_side,
            card,
        },
        secret: Some(covert_side),
    });
    // The true programme (only the DPRK sees it).
    if viewer != SideId::Dprk {
        *b.prog_mut(ProgrammeField::Warheads) += 9.0;
        *b.prog_mut(ProgrammeField::FissileKg) += 37.0;
        *b.prog_mut(ProgrammeField::ProductionKg) += 3.0;
        *b.prog_mut(ProgrammeField::IcbmReadiness) =
            (b.prog(ProgrammeField::IcbmReadiness) - 30.0).max(0.0);
    }
    b
}

fn check_same_plan(scenario: &str, seed: u64, turn_no: u16, side: SideId) {
    let db = db();
    let a = state_at(&db, scenario, seed, turn_no, side);
    let b = with_other_secrets(&db, &a, side);
    assert_ne!(a, b, "the hidden facts differ");
    assert_eq!(
        observe(&a, side),
        observe(&b, side),
        "but {side} sees the same"
    );
    let persona = db.persona_ix("pragmatist").unwrap();
    let mut pa = SearchPolicy::new(persona, side, config());
    let mut pb = SearchPolicy::new(persona, side, config());
    let ma = pa.plan(&db, &a, side, &mut ChaCha8Rng::seed_from_u64(7));
    let mb = pb.plan(&db, &b, side, &mut ChaCha8Rng::seed_from_u64(7));
    assert_eq!(ma, mb, "{side} chose differently on hidden facts");
    // Not only the move: the whole search saw the same worlds.
    assert_eq!(pa.stats.root.len(), pb.stats.root.len());
    for (x, y) in pa.stats.root.iter().zip(&pb.stats.root) {
        assert_eq!((x.1, x.2.to_bits()), (y.1, y.2.to_bits()));
    }
    assert_eq!(pa.reason(), pb.reason());
}

#[test]
fn the_us_search_ignores_the_true_programme_and_dprk_covert_ops() {
    check_same_plan("hanoi-2019", 3, 3, SideId::Us);
}

#[test]
fn the_dprk_search_ignores_chinas_covert_ops() {
    check_same_plan("fire-and-fury-2017", 5, 2, SideId::Dprk);
}

#[test]
fn the_crisis_choice_ignores_hidden_facts() {
    let db = db();
    // Push a game to the brink: play until tension is high, then force a crisis phase.
    let mut a = state_at(&db, "fire-and-fury-2017", 11, 2, SideId::Us);
    *a.meter_mut(brink::content::Meter::Tension) = 88.0;
    a.phase = Phase::Crisis;
    a.crisis = [None; 5];
    a.crisis_sides = [true, true, false, false, false];
    let b = with_other_secrets(&db, &a, SideId::Us);
    assert_eq!(observe(&a, SideId::Us), observe(&b, SideId::Us));
    let persona = db.persona_ix("hawk").unwrap();
    let mut pa = SearchPolicy::new(persona, SideId::Us, config());
    let mut pb = SearchPolicy::new(persona, SideId::Us, config());
    let ca: CrisisChoice = pa.crisis(&db, &a, SideId::Us, &mut ChaCha8Rng::seed_from_u64(1));
    let cb: CrisisChoice = pb.crisis(&db, &b, SideId::Us, &mut ChaCha8Rng::seed_from_u64(1));
    assert_eq!(ca, cb);
    assert_eq!(pa.reason(), pb.reason());
}

#[test]
fn the_search_is_reproducible_and_explains_itself() {
    let db = db();
    let s = state_at(&db, "hanoi-2019", 21, 2, SideId::Us);
    let persona = db.persona_ix("freeze-and-cap").unwrap();
    let mut p1 = SearchPolicy::new(persona, SideId::Us, config());
    let mut p2 = SearchPolicy::new(persona, SideId::Us, config());
    let m1 = p1.plan(&db, &s, SideId::Us, &mut ChaCha8Rng::seed_from_u64(3));
    let m2 = p2.plan(&db, &s, SideId::Us, &mut ChaCha8Rng::seed_from_u64(3));
    assert_eq!(m1, m2);
    brink::engine::moves::check_plan(&db, &s, SideId::Us, &m1).expect("a legal plan");
    let why = p1.reason().expect("a reason");
    assert!(!why.is_empty() && !why.contains('\n'), "{why}");
    assert!(why.contains("imagined futures"), "{why}");
}
