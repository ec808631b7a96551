//! Event draws: weights from the compiled draw table, and firing an event.

use super::*;
use rand::Rng;

/// An event's weight in this turn's draw: zero unless its requirements hold, times every
/// factor whose condition holds. Branch-free on the answers: every requirement is checked and
/// every factor multiplied in (by 1 where its condition fails, which leaves the float exactly
/// as it was), so the turn's draw costs the same whatever the state.
#[inline(always)]
pub(super) fn draw_weight(v: &View, d: &CompiledDraw) -> f32 {
    let ok = v.all(&d.requires);
    let mut w = d.weight;
    for (c, f) in d.weight_if.iter() {
        w *= if v.holds(c) { *f } else { 1.0 };
    }
    if ok { w } else { 0.0 }
}

/// An event's weight in this turn's draw, as `draw_weight` computes it (for tests and tools).
pub fn event_weight(db: &ContentDb, s: &GameState, d: &CompiledDraw) -> f32 {
    draw_weight(&View::of(db, s), d)
}

/// This turn's weights in the ordinary draw (or, with `incidents`, the incident table), as the
/// draw computes them: from the compiled table where the scenario has one (for tests and tools).
pub fn draw_weights(db: &ContentDb, s: &GameState, incidents: bool) -> Vec<f32> {
    let cs = &db.compiled_scenarios[s.scenario as usize];
    let (draws, table) = if incidents {
        (&cs.incident_draws, cs.incident_table.as_ref())
    } else {
        (&cs.draws, cs.draw_table.as_ref())
    };
    Weights::new().fill(&View::of(db, s), draws, table).to_vec()
}

/// The weights of a list of events for one draw: on the stack for a deck of up to 64 (every
/// playout draws every turn, so this must not allocate), on the heap beyond.
pub(super) struct Weights {
    stack: [f32; 64],
    heap: Vec<f32>,
    n: usize,
}

impl Weights {
    pub(super) fn new() -> Weights {
        Weights {
            stack: [0.0; 64],
            heap: Vec::new(),
            n: 0,
        }
    }

    /// Fills in place (returning the array by value would copy it on every draw): from the
    /// compiled table when there is one (it has a row per draw, at most `MAX_DRAW`), else event
    /// by event.
    pub(super) fn fill(
        &mut self,
        v: &View,
        draws: &[CompiledDraw],
        table: Option<&DrawTable>,
    ) -> &[f32] {
        self.fill_summed(v, draws, table, 0.0).0
    }

    /// `fill`, and `start` plus every weight, added in order: the very float a second pass
    /// over the weights from `start` would give (the same additions in the same order), summed
    /// as each weight is made rather than read back in another loop (every turn's draw needs
    /// the total before it can pick).
    pub(super) fn fill_summed(
        &mut self,
        v: &View,
        draws: &[CompiledDraw],
        table: Option<&DrawTable>,
        start: f32,
    ) -> (&[f32], f32) {
        self.n = draws.len();
        let mut total = start;
        if let Some(t) = table {
            debug_assert_eq!(t.rows.len(), draws.len());
            let answers = v.answers(&t.atoms);
            for (slot, row) in self.stack.iter_mut().zip(t.rows.iter()) {
                let w = DrawTable::weight(row, answers);
                *slot = w;
                total += w;
            }
            return (&self.stack[..t.rows.len().min(self.stack.len())], total);
        }
        let weights = if draws.len() > self.stack.len() {
            self.heap.clear();
            self.heap.extend(draws.iter().map(|d| draw_weight(v, d)));
            &self.heap[..]
        } else {
            for (slot, d) in self.stack.iter_mut().zip(draws) {
                *slot = draw_weight(v, d);
            }
            &self.stack[..self.n]
        };
        for &w in weights {
            total += w;
        }
        (weights, total)
    }
}

/// How many proposals the turn's draw weighs before it weighs every event instead (a state
/// whose every event weighs far below its ceiling, or nothing at all with no quiet weight).
const MAX_PROPOSALS: usize = 16;

/// The turn's ordinary draw: the index in the scenario's draws of the event it picks, or None
/// for a quiet month. Each event is picked with chance its weight over the quiet month's weight
/// plus every event's (design §5), found by rejection: a uniform number proposes the quiet month
/// (always taken) or an event, with chance proportional to its ceiling (the most it can weigh,
/// `draw::ceiling`), and where the number falls inside the event's share of the ceilings takes
/// the event with chance its weight over its ceiling. A proposal not taken is drawn again. So
/// only the event proposed is weighed (about two a turn, not every row of the table), and the
/// chances are the same as weighing them all. After `MAX_PROPOSALS` refusals the draw weighs
/// every event and picks among them directly: what it picks is then still drawn from the same
/// chances, so the mixture is too.
pub(super) fn choose_event(db: &ContentDb, s: &mut GameState) -> Option<usize> {
    let cs = &db.compiled_scenarios[s.scenario as usize];
    let quiet = f64::from(db.rules.quiet_weight.max(0.0));
    let ceilings = &cs.draw_ceilings;
    let total = quiet + ceilings.last().copied().unwrap_or(0.0);
    if total <= 0.0 {
        return None;
    }
    // Two proposals from each word of the generator (a 32-bit uniform number each, far finer
    // than any weight), and the state's view made once for both.
    let scale = total / 2f64.powi(32);
    for _ in 0..MAX_PROPOSALS / 2 {
        let word = s.rng.next_u64();
        let v = View::of(db, s);
        for half in [word as u32, (word >> 32) as u32] {
            let x = f64::from(half) * scale - quiet;
            if x < 0.0 {
                return None;
            }
            // The event whose share of the ceilings holds x: the count of running sums x
            // reaches, found by halving (the sums never fall, as the ceilings are never
            // negative). Past the last sum (rounding at the very top) proposes nothing, which is
            // drawn again like any refusal.
            let i = ceilings.partition_point(|&c| c <= x);
            let Some(d) = cs.draws.get(i) else { continue };
            let below = if i == 0 { 0.0 } else { ceilings[i - 1] };
            if x - below < f64::from(draw_weight(&v, d)) {
                return Some(i);
            }
        }
    }
    choose_event_by_every_weight(db, s)
}

/// The draw as it was before proposals: every event weighed, the quiet month's weight first.
#[cold]
fn choose_event_by_every_weight(db: &ContentDb, s: &mut GameState) -> Option<usize> {
    let cs = &db.compiled_scenarios[s.scenario as usize];
    let mut w = Weights::new();
    let quiet = db.rules.quiet_weight.max(0.0);
    let (weights, total) =
        w.fill_summed(&View::of(db, s), &cs.draws, cs.draw_table.as_ref(), quiet);
    if total <= 0.0 {
        return None;
    }
    let pick: f32 = s.rng.random_range(0.0..total);
    let i = first_past(weights, pick);
    (i < cs.draws.len()).then_some(i)
}

/// Applies an event's effects and signals.
pub(crate) fn fire_event<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    e: EventIx,
    cause: Cause,
) {
    let ev = &db.compiled_events[e as usize];
    let actor = ev.actor.unwrap_or(SideId::Us);
    let a = Apply {
        actor,
        target: None,
        cause,
        secret: None,
    };
    // The actor and target the event's fast form was resolved for.
    apply_resolved(db, s, sink, &ev.effects, ev.fast.as_ref(), a);
    if let Some(from) = ev.actor {
        // Resolved for the event's actor and no target.
        let fast = ev.fast_signals.as_ref();
        emit_all(
            db,
            s,
            sink,
            from,
            None,
            &ev.signals,
            fast,
            Why::Other(cause),
        );
    } else {
        // A signal with no actor (nature, markets) moves tension but carries no reciprocity.
        for sig in ev.signals.iter() {
            let v = sig.value;
            let rr = &db.rules;
            let dt = if v > 0.0 {
                -v * rr.signal_weight * rr.credibility_floor
            } else {
                -v * rr.signal_weight * (1.0 + rr.spiral * s.tension() / 100.0)
            };
            change(s, sink, MeterRef::Meter(Meter::Tension), dt, cause, None);
        }
    }
}
