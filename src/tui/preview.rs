//! What a card (or a whole plan) is likely to do, found by trying it: the state as the player
//! sees it (`engine::determinize`, so nothing hidden leaks into a preview) is resolved with the
//! card alone and with no move at all, for a few seeds, and the differences are the preview.
//! Other sides are assumed to do nothing; offers are tried both accepted and rejected.

use crate::content::{ContentDb, Meter, MoveKind, ProgrammeField, SideId};
use crate::engine::observe::{Viewer, determinize};
use crate::engine::{Decision, GameState, Input, Journal, MeterRef, Move, Phase, Response, apply};

/// The seeds every preview tries (fixed, so a preview is the same each time it is drawn).
const SEEDS: [u64; 8] = [11, 23, 37, 41, 53, 67, 79, 97];

/// A meter's likely change: lowest, highest and mean over the trials.
#[derive(Debug, Clone, PartialEq)]
pub struct Range {
    pub meter: MeterRef,
    pub lo: f32,
    pub hi: f32,
    pub mean: f32,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Preview {
    /// For unilateral and covert moves: the change. For offers: if accepted.
    pub main: Vec<Range>,
    /// For offers: if rejected.
    pub rejected: Option<Vec<Range>>,
    pub trials: usize,
}

/// The numbers a preview compares.
#[derive(Clone, Copy)]
struct Measure {
    meters: [f32; 6],
    trust: [[f32; 5]; 5],
    support: [f32; 5],
    programme: [f32; crate::content::PROGRAMME_FIELDS],
}

#[derive(Clone, Copy, PartialEq)]
enum Answer {
    Accept,
    Reject,
}

/// Resolves this turn with `side` playing `moves` and everyone else passing.
fn trial(
    db: &ContentDb,
    base: &GameState,
    side: SideId,
    moves: &[Move],
    answer: Answer,
    seed: u64,
) -> Option<Measure> {
    if base.phase != Phase::Planning {
        return None;
    }
    let mut s = determinize(db, base, side, seed);
    for o in SideId::ALL {
        s.plans[o.index()] = if o != side && s.seated(o) {
            Some(Vec::new())
        } else {
            None
        };
    }
    let mut j = Journal::default();
    let plan = Input::Plan {
        side,
        moves: moves.to_vec(),
    };
    apply(db, &mut s, Decision::Plan { side }, plan, &mut j).ok()?;
    let mut guard = 0;
    // Every offer answered the same way, in the engine's order.
    while let Some(d @ (Decision::Answer { .. } | Decision::CoSign { .. })) = s.pending().next()
        && guard < 32
    {
        guard += 1;
        let response = match answer {
            Answer::Accept => Response::Accept,
            Answer::Reject => Response::Reject,
        };
        let input = Input::Respond {
            side: d.side(),
            offer: d.offer()?,
            response,
        };
        apply(db, &mut s, d, input, &mut j).ok()?;
    }
    // At the brink the turn pauses before its end; otherwise read the end-of-turn snapshot,
    // before the next turn's income and events blur the picture.
    let m = if s.phase == Phase::Crisis || j.snapshots.is_empty() {
        Measure {
            meters: s.meters(),
            trust: s.trust_matrix(),
            support: SideId::ALL.map(|x| s.support(x)),
            programme: s.programme(),
        }
    } else {
        let snap = j.snapshots.last()?;
        let mut support = [0.0; 5];
        for side in SideId::ALL {
            if let Some(x) = &snap.sides[side.index()] {
                support[side.index()] = x.support;
            }
        }
        Measure {
            meters: snap.meters,
            trust: snap.trust,
            support,
            programme: snap.programme,
        }
    };
    Some(m)
}

fn refs(s: &GameState, viewer: SideId) -> Vec<MeterRef> {
    let mut v: Vec<MeterRef> = Meter::ALL.iter().map(|m| MeterRef::Meter(*m)).collect();
    for f in ProgrammeField::ALL {
        if Viewer::Side(viewer).sees_programme(f) {
            v.push(MeterRef::Programme(f));
        }
    }
    for a in s.seated_sides() {
        v.push(MeterRef::Support(a));
        for b in s.seated_sides() {
            if a != b {
                v.push(MeterRef::Trust(a, b));
            }
        }
    }
    v
}

fn read(m: &Measure, r: MeterRef) -> f32 {
    match r {
        MeterRef::Meter(x) => m.meters[x.index()],
        MeterRef::Trust(a, b) => m.trust[a.index()][b.index()],
        MeterRef::Support(x) => m.support[x.index()],
        MeterRef::Programme(f) => m.programme[f.index()],
        MeterRef::Pc(_) => 0.0,
    }
}

fn ranges(
    db: &ContentDb,
    s: &GameState,
    side: SideId,
    moves: &[Move],
    answer: Answer,
) -> (Vec<Range>, usize) {
    let keys = refs(s, side);
    let mut diffs: Vec<Vec<f32>> = vec![Vec::new(); keys.len()];
    let mut n = 0;
    for seed in SEEDS {
        let (Some(with), Some(without)) = (
            trial(db, s, side, moves, answer, seed),
            trial(db, s, side, &[], answer, seed),
        ) else {
            continue;
        };
        n += 1;
        for (i, k) in keys.iter().enumerate() {
            diffs[i].push(read(&with, *k) - read(&without, *k));
        }
    }
    let mut out: Vec<Range> = keys
        .iter()
        .zip(diffs)
        .filter(|(_, d)| !d.is_empty())
        .map(|(k, d)| {
            let lo = d.iter().copied().fold(f32::INFINITY, f32::min);
            let hi = d.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let mean = d.iter().sum::<f32>() / d.len() as f32;
            Range {
                meter: *k,
                lo,
                hi,
                mean,
            }
        })
        .filter(|r| r.lo.abs().max(r.hi.abs()) >= 0.5)
        .collect();
    let tension = MeterRef::Meter(Meter::Tension);
    out.sort_by(|a, b| {
        (b.meter == tension)
            .cmp(&(a.meter == tension))
            .then(b.mean.abs().total_cmp(&a.mean.abs()))
    });
    (out, n)
}

/// The likely effects of playing one card (with its package, for offers that need one).
pub fn preview(db: &ContentDb, s: &GameState, side: SideId, mv: &Move) -> Preview {
    let kind = db.c_cards[mv.card as usize].kind;
    let (main, trials) = ranges(db, s, side, std::slice::from_ref(mv), Answer::Accept);
    let rejected = (kind == MoveKind::Offer)
        .then(|| ranges(db, s, side, std::slice::from_ref(mv), Answer::Reject).0);
    Preview {
        main,
        rejected,
        trials,
    }
}

/// A warning that a plan is likely to climb the escalation ladder.
#[derive(Debug, Clone, PartialEq)]
pub struct Escalation {
    pub from_rung: usize,
    pub to_rung: usize,
    /// Trials in which the plan (and not the drift) took tension up a rung.
    pub up: usize,
    /// Trials in which it reached the Brink.
    pub brink: usize,
    pub trials: usize,
    pub tension_now: f32,
    pub tension_after: f32,
}

/// Whether `moves` are likely to push tension up a rung or to the Brink. Offers are tried
/// accepted in half the trials and rejected in the other half.
pub fn escalation(
    db: &ContentDb,
    s: &GameState,
    side: SideId,
    moves: &[Move],
) -> Option<Escalation> {
    let now = s.tension();
    let rung_now = db.rung_of(now);
    let brink = db.derived.brink_from;
    let (mut up, mut at_brink, mut n) = (0, 0, 0);
    let mut top_rung = rung_now;
    let mut sum_after = 0.0;
    for (i, seed) in SEEDS.iter().enumerate() {
        let answer = if i % 2 == 0 {
            Answer::Accept
        } else {
            Answer::Reject
        };
        let (Some(with), Some(without)) = (
            trial(db, s, side, moves, answer, *seed),
            trial(db, s, side, &[], answer, *seed),
        ) else {
            continue;
        };
        n += 1;
        let t = with.meters[Meter::Tension.index()];
        let t0 = without.meters[Meter::Tension.index()];
        sum_after += t;
        let r = db.rung_of(t);
        if r > rung_now && t > t0 + 0.5 {
            up += 1;
            top_rung = top_rung.max(r);
        }
        if t >= brink && t0 < brink {
            at_brink += 1;
        }
    }
    if n == 0 {
        return None;
    }
    let warn = up * 2 >= n || at_brink * 4 >= n;
    (warn && (up > 0 || at_brink > 0)).then(|| Escalation {
        from_rung: rung_now,
        to_rung: top_rung,
        up,
        brink: at_brink,
        trials: n,
        tension_now: now,
        tension_after: sum_after / n as f32,
    })
}
