//! Valuing moves in the situation of the moment: the rules that hold, tension, flags already
//! set, agreements a move would break; and the worth of a package or an offer.

use crate::content::{ContentDb, ProvIx, SideId};
use crate::engine::GameState;
use crate::engine::state::{AgreementStatus, Offer};

use super::*;

impl Brain {
    /// The rules that hold now, and what they change.
    pub fn situation(&self, db: &ContentDb, s: &GameState, out: &mut Situation) {
        self.situation_of(db, s, out, &self.all_rules);
    }

    /// `situation` from the given rules only (the others left unchecked, as if they did not
    /// hold): exact in what a plan reads when `rules` holds `plan_rules`.
    pub(super) fn situation_of(
        &self,
        db: &ContentDb,
        s: &GameState,
        out: &mut Situation,
        rules: &[u16],
    ) {
        self.rules_now(db, s, out, rules, true);
        // Tension terms: the expected change from a card's signals (cooperative ones discounted
        // by credibility, hostile ones spiralling), valued by what the side wants of tension;
        // and caution, which makes hostile moves dearer as tension rises.
        let t = s.tension();
        out.coop_k = -self.tension_worth * SIGNAL_WEIGHT * 0.7;
        out.host_k = self.tension_worth * SIGNAL_WEIGHT * (1.0 + t / 100.0)
            - self.caution * SIGNAL_WEIGHT * t / 100.0;
        out.bound = 0;
        if !self.can_violate {
            return;
        }
        for a in s.agreements() {
            if a.status == AgreementStatus::InForce && a.parties.contains(&self.side) {
                for &q in &a.provisions {
                    if (q as usize) < 128 {
                        out.bound |= 1u128 << q;
                    }
                }
            }
        }
    }

    /// The part of the situation an answer or a crisis choice needs: the rules that hold and the
    /// thresholds they move. The terms only a plan reads (card bonuses, tension worth,
    /// provisions bound) are left empty: an offer comes up several times a turn in a rollout.
    /// With `rules` less than all of them, only the threshold they are chosen for is exact.
    pub(super) fn stance(&self, db: &ContentDb, s: &GameState, out: &mut Situation, rules: &[u16]) {
        self.rules_now(db, s, out, rules, false);
        out.coop_k = 0.0;
        out.host_k = 0.0;
        out.bound = 0;
    }

    /// Those of `rules` (indexes, in order) that hold in `s`: cooperation and thresholds, the
    /// rules fired, and (with `bonuses`) what they add to each card.
    pub(super) fn rules_now(
        &self,
        db: &ContentDb,
        s: &GameState,
        out: &mut Situation,
        rules: &[u16],
        bonuses: bool,
    ) {
        let p = persona_of(db, self);
        out.cooperation = p.cooperation;
        out.accept_threshold = p.accept_threshold;
        out.back_down_above = p.back_down_above;
        out.bonus.clear();
        out.fired.clear();
        for &i in rules {
            let rule = &self.rules[i as usize];
            if !rule.when.holds(db, s) {
                continue;
            }
            out.fired.push(i);
            out.cooperation += rule.cooperation;
            out.accept_threshold += rule.accept;
            out.back_down_above += rule.back_down;
            if !bonuses || rule.bonus.is_empty() {
                continue;
            }
            if out.bonus.is_empty() {
                out.bonus.resize(self.cards.len(), 0.0);
            }
            for &(at, w) in rule.bonus.iter() {
                out.bonus[at as usize] += w;
            }
        }
        out.cooperation = out.cooperation.clamp(-1.5, 1.5);
        // A government facing the voters plays safe (`content::Campaign`).
        out.campaign = None;
        // A campaign's months are the scenario's turns: a class's two-month turn is in it if
        // either of its months is.
        let (first, last) = s.scenario_turns(db);
        for c in self.campaigns.iter() {
            if last < c.from || first > c.until {
                continue;
            }
            out.campaign = Some(c.index);
            out.accept_threshold += c.accept;
            if !bonuses || c.bonus.is_empty() {
                continue;
            }
            if out.bonus.is_empty() {
                out.bonus.resize(self.cards.len(), 0.0);
            }
            for &(at, w) in c.bonus.iter() {
                out.bonus[at as usize] += w;
            }
        }
    }

    /// A card's worth now (no noise). In line: a rollout values some ten cards per plan.
    #[inline(always)]
    pub(super) fn card_value(&self, s: &GameState, h: &Hot, sit: &Situation) -> f32 {
        let mut v =
            h.base + sit.cooperation * h.signal + sit.coop_k * h.coop_t + sit.host_k * h.host_t;
        if h.situational {
            let ce = &self.cards[h.ix as usize];
            for &(f, set, worth) in &ce.flags {
                if s.flag(f) == set {
                    v -= worth;
                }
            }
            if sit.bound != 0 {
                for &pv in ce.violates.iter() {
                    if (pv as usize) < 128 && sit.bound & (1u128 << pv) != 0 {
                        v -= VIOLATION_COST * (1.0 + self.caution);
                    }
                }
            }
        }
        if !sit.bonus.is_empty() {
            v += sit.bonus[h.ix as usize];
        }
        v
    }

    /// The side's worth of a package offered by `from`: provisions others must keep count only
    /// as far as the side trusts them to.
    pub fn package_worth(&self, s: &GameState, from: SideId, pkg: &[ProvIx]) -> f32 {
        let credence = 0.5 + 0.5 * s.trust(self.side, from) / 100.0;
        // The verified steps the package's limits can ever give: relief waiting for more
        // never comes (action for action), so its steps beyond count for nothing.
        let reach: u32 = pkg
            .iter()
            .map(|q| self.phase.get(*q as usize).map_or(0, |x| x.0 as u32))
            .sum();
        pkg.iter()
            .map(|q| {
                let mut v = self.prov[*q as usize];
                if v > 0.0
                    && let Some((_, needs)) = self.phase.get(*q as usize)
                    && !needs.is_empty()
                {
                    let arrives = needs.iter().filter(|n| **n as u32 <= reach).count();
                    v *= arrives as f32 / needs.len() as f32;
                }
                if v > 0.0 && self.others_keep[*q as usize] {
                    v * credence
                } else {
                    v
                }
            })
            .sum()
    }

    /// Worth of accepting an offer (its card's effects, its package) over turning it down.
    pub(super) fn offer_worth(&self, s: &GameState, offer: &Offer, pkg: &[ProvIx]) -> f32 {
        let mut w = self.package_worth(s, offer.from, pkg);
        // The offer card's own effects (a summit's trust, a reunion's support) and the signal of
        // answering in kind, valued as the side's cooperation and objectives see them
        // (`accept_gain`).
        w += self.accept_gain[offer.card as usize];
        // Turning it down sends a hostile signal that raises tension a little.
        w -= self.reject_cost;
        w
    }
}
