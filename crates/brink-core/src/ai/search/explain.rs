//! What a search opponent says of its move: its persona's reason for the move, and what the
//! playouts said of it against the next best (`SearchPolicy::explain`), in one line a student
//! reads in the status line and the report.

use super::*;

impl SearchPolicy {
    /// One line on the last decision: at most about `LINE` characters where it can be.
    pub(super) fn explain(
        &mut self,
        db: &ContentDb,
        s: &GameState,
        chosen: &Action,
        rng_seed: u64,
    ) -> String {
        let me = self.side;
        let seats = self.seats.as_ref().expect("built");
        let brain = seats.brains[me.index()].as_ref().expect("own brain");
        let view = from_observation(db, s, &observe(s, me), rng_seed);
        let st = &self.stats;
        let n = st.iterations + st.reused;
        let mean_of = |a: &Action| {
            st.root
                .iter()
                .find(|x| x.0.key() == a.key())
                .map(|x| x.2)
                .unwrap_or(0.0)
        };
        // The best of the others: not the root's second entry, which is the chosen action
        // itself when the first was replaced (an illegal plan becomes holding back).
        let runner = st.root.iter().find(|x| x.0.key() != chosen.key());
        // The runner-up by name, or (where naming it would take the line past `LINE`, the
        // head being long already) as "the next best".
        let evidence = |named: bool| {
            if n == 0 {
                return String::new();
            }
            let mine = mean_of(chosen);
            let label = |a: &Action| {
                if named {
                    action_label(db, a)
                } else {
                    "the next best".to_string()
                }
            };
            if st.level {
                return format!(
                    "; in all {n} imagined futures every option scored {mine:.2}, so it chose as its persona would"
                );
            }
            if st.close {
                return format!(
                    "; after {n} imagined futures (it averaged {mine:.2}) no other option could be worth {:.2} more, so it stopped there",
                    self.config.close_enough
                );
            }
            match runner {
                Some((a, _, m)) if (mine - m).abs() < 0.02 => format!(
                    "; over {n} imagined futures it averaged a score of {mine:.2}, level with {} ({m:.2})",
                    label(a)
                ),
                Some((a, _, m)) => format!(
                    "; over {n} imagined futures it averaged a score of {mine:.2}, against {m:.2} for {}",
                    label(a)
                ),
                None => format!("; over {n} imagined futures it averaged a score of {mine:.2}"),
            }
        };
        let head = match chosen {
            Action::Plan(ms) => {
                brain.situation(db, &view, &mut self.scratch.sit);
                brain.explain_plan(db, &view, ms, &self.scratch.sit)
            }
            Action::Respond(r) => {
                let verb = match r {
                    Response::Accept => "accepted",
                    Response::Reject => "rejected",
                    Response::Counter(_) => "countered",
                };
                format!("{verb} the offer")
            }
            Action::Crisis(c) => {
                let verb = match c {
                    CrisisChoice::StandFirm => "stood firm",
                    CrisisChoice::BackDown => "backed down",
                };
                format!("{verb} at tension {:.0}", view.tension())
            }
        };
        let named = evidence(true);
        if head.chars().count() + named.chars().count() <= LINE {
            format!("{head}{named}")
        } else {
            format!("{head}{}", evidence(false))
        }
    }
}

/// A short name for an action, for explanations.
pub fn action_label(db: &ContentDb, a: &Action) -> String {
    match a {
        Action::Plan(ms) if ms.is_empty() => "holding back".into(),
        Action::Plan(ms) => ms
            .iter()
            .map(|m| format!("\"{}\"", db.cards[m.card as usize].name))
            .collect::<Vec<_>>()
            .join(" and "),
        Action::Respond(Response::Accept) => "accepting".into(),
        Action::Respond(Response::Reject) => "rejecting".into(),
        Action::Respond(Response::Counter(_)) => "a counter-offer".into(),
        Action::Crisis(CrisisChoice::StandFirm) => "standing firm".into(),
        Action::Crisis(CrisisChoice::BackDown) => "backing down".into(),
    }
}
