//! Explaining a decision: one line a student reads on why the persona chose what it did.

use rand_chacha::ChaCha8Rng;

use crate::content::{CardIx, CompiledPackage, ContentDb, Meter, MoveKind, ProvIx};
use crate::engine::state::Offer;
use crate::engine::{GameState, Move};

use super::*;

impl Brain {
    /// "; <reason>" of the first rule that holds now and pushed the choice the way it went
    /// (`pushed`, asked of the rule: lowered the acceptance threshold for an acceptance, raised
    /// it for a refusal, and so on), or nothing. A rule that only favours cards says nothing
    /// about why an offer was taken or the brink held, and one that made the persona more willing
    /// is no reason for a refusal.
    pub(super) fn rule_clause(
        &self,
        db: &ContentDb,
        sit: &Situation,
        pushed: impl Fn(&crate::content::PersonaRule) -> bool,
    ) -> String {
        let src = &db.personas[self.persona as usize];
        match sit.fired.iter().find(|&&i| pushed(&src.rules[i as usize])) {
            Some(&i) => format!("; {}", src.rules[i as usize].reason),
            None => String::new(),
        }
    }

    /// The persona's plan with the line that explains it.
    pub fn plan_explained(
        &self,
        db: &ContentDb,
        s: &GameState,
        temperature: f32,
        rng: &mut ChaCha8Rng,
        scratch: &mut Scratch,
    ) -> (Vec<Move>, String) {
        let moves = self.plan(db, s, temperature, rng, scratch);
        // `plan` checked only the rules that move a plan; the explanation names any that hold.
        self.situation(db, s, &mut scratch.sit);
        let mut why = self.explain_plan(db, s, &moves, &scratch.sit);
        if let Some(c) = scratch
            .sit
            .campaign
            .and_then(|k| db.campaigns.get(k as usize))
        {
            // Said where it fits the one line a reason is (room is left for a close call).
            let clause = format!("; it plays safe: {}", c.reason);
            if why.chars().count() + clause.chars().count() <= super::decide::LINE - 60 {
                why.push_str(&clause);
            }
        }
        (moves, why)
    }

    /// "; it chose "X" over "Y", which it valued nearly as much": the card it left that came
    /// closest to the least of those it played, when the two were within the temperature of
    /// each other, or when the noise of its judgement put the lesser one first ("which it
    /// valued a little more"). Nothing when its choice was clear.
    pub fn runner_up_clause(
        &self,
        db: &ContentDb,
        s: &GameState,
        moves: &[Move],
        temperature: f32,
        scratch: &mut Scratch,
    ) -> String {
        if temperature <= 0.0 || moves.is_empty() {
            return String::new();
        }
        let ranked = self.top_cards(db, s, usize::MAX, scratch);
        let played = |c: CardIx| moves.iter().any(|m| m.card == c);
        let Some(&(least, chosen)) = ranked
            .iter()
            .filter(|(_, c)| played(*c))
            .min_by(|a, b| a.0.total_cmp(&b.0))
        else {
            return String::new();
        };
        let Some(&(best_left, left)) = ranked.iter().find(|(_, c)| !played(*c)) else {
            return String::new();
        };
        let how = if best_left > least {
            "a little more"
        } else if least - best_left < temperature {
            "nearly as much"
        } else {
            return String::new();
        };
        format!(
            "; it chose \"{}\" over \"{}\", which it valued {how}",
            db.cards[chosen as usize].name, db.cards[left as usize].name
        )
    }

    /// One line on why these moves: the rules that favoured them, or the objective or trait they
    /// serve most; and a rule that ruled out a move it would otherwise have liked.
    pub fn explain_plan(
        &self,
        db: &ContentDb,
        s: &GameState,
        moves: &[Move],
        sit: &Situation,
    ) -> String {
        let src = &db.personas[self.persona as usize];
        let p = persona_of(db, self);
        let mut clauses: Vec<Clause> = Vec::new();
        let push = |c: Clause, clauses: &mut Vec<Clause>| {
            if c != Clause::Said(String::new()) && !clauses.contains(&c) {
                clauses.push(c);
            }
        };
        for m in moves {
            let at = self.pos[m.card as usize];
            if at == u16::MAX {
                continue;
            }
            // Rules that pushed this card up.
            let mut by_rule = false;
            for &ri in &sit.fired {
                let r = &p.rules[ri as usize];
                if r.cards.iter().any(|(c, w)| *c == m.card && *w > 0.0) {
                    push(
                        Clause::Said(src.rules[ri as usize].reason.clone()),
                        &mut clauses,
                    );
                    by_rule = true;
                }
            }
            if !by_rule {
                push(self.main_motive(db, s, at as usize, m, sit), &mut clauses);
            }
        }
        // A move it liked but a rule held back.
        let mut best_blocked: Option<(f32, u16)> = None;
        for &ri in &sit.fired {
            let r = &p.rules[ri as usize];
            // A rule against a kind of move says nothing if it played one anyway.
            if r.cards
                .iter()
                .any(|(c, w)| *w < 0.0 && moves.iter().any(|m| m.card == *c))
            {
                continue;
            }
            for (c, w) in r.cards.iter() {
                let at = self.pos[*c as usize];
                if *w >= 0.0 || at == u16::MAX {
                    continue;
                }
                let base =
                    self.cards[at as usize].base + sit.cooperation * self.cards[at as usize].signal;
                if best_blocked.is_none_or(|(b, _)| base > b) {
                    best_blocked = Some((base, ri));
                }
            }
        }
        if let Some((_, ri)) = best_blocked {
            push(
                Clause::Said(src.rules[ri as usize].reason.clone()),
                &mut clauses,
            );
        }
        clauses.truncate(2);
        let clauses = words(db, s, &src.name, &clauses);
        let names: Vec<String> = moves
            .iter()
            .map(|m| format!("\"{}\"", db.cards[m.card as usize].name))
            .collect();
        if moves.is_empty() {
            let pc = s.sides[self.side.index()].pc;
            let base =
                format!("held back: no move was worth its cost ({pc} political capital kept)");
            return if clauses.is_empty() {
                base
            } else {
                format!("{base}; {}", clauses.join(" and "))
            };
        }
        let what = names.join(" and ");
        if clauses.is_empty() {
            format!("chose {what}: the {} likes it", src.name)
        } else {
            format!("chose {what}: {}", clauses.join(" and "))
        }
    }

    /// The largest reason behind a card's worth: an objective it serves, its signal, or the
    /// persona's taste.
    pub(super) fn main_motive(
        &self,
        db: &ContentDb,
        s: &GameState,
        at: usize,
        m: &Move,
        sit: &Situation,
    ) -> Clause {
        let ce = &self.cards[at];
        let src = &db.personas[self.persona as usize];
        let p = persona_of(db, self);
        let signal = sit.cooperation * ce.signal;
        // The single objective that contributes most.
        let mut best_obj: Option<(f32, String)> = None;
        {
            let scen = &db.scenarios[self.scenario as usize];
            let names = scen.sides.iter().find(|x| x.side == self.side);
            for (i, d) in self.objective_desires.iter().enumerate() {
                let v = Valuer {
                    db,
                    p,
                    d,
                    side: self.side,
                    canon: &self.canon,
                };
                let c = &db.compiled_cards[ce.card as usize];
                let mut flags = Vec::new();
                let scale = if c.kind == MoveKind::Offer {
                    P_ACCEPT
                } else {
                    1.0
                };
                let (o, _) = v.effects(&c.effects, self.side, c.target, scale, &mut flags);
                let mut o = o;
                for &(f, set, _) in &flags {
                    if s.flag(f) == set {
                        o -= if set {
                            d.flag[f as usize]
                        } else {
                            -d.flag[f as usize]
                        } * scale;
                    }
                }
                // Tension from its signal counts toward tension objectives.
                let dt = -ce.coop_t * SIGNAL_WEIGHT * 0.7
                    + ce.host_t * SIGNAL_WEIGHT * (1.0 + s.tension() / 100.0);
                o += d.meter[Meter::Tension.index()] * dt;
                if let CompiledPackage::Fixed(ps) = &c.package {
                    for q in ps.iter() {
                        o += d.provision[*q as usize] * P_ACCEPT;
                    }
                }
                let o = o * OBJ_SCALE * p.objectives;
                if o > 0.3 && best_obj.as_ref().is_none_or(|(b, _)| o > *b) {
                    let name = names
                        .and_then(|n| n.objectives.get(i))
                        .map(|n| n.name.clone())
                        .unwrap_or_default();
                    best_obj = Some((o, name));
                }
            }
        }
        let taste = ce.parts.taste;
        let obj = best_obj.as_ref().map(|(v, _)| *v).unwrap_or(0.0);
        if ce.parts.package > obj.max(signal.abs()).max(taste) && ce.parts.package > 0.3 {
            let c = &db.compiled_cards[ce.card as usize];
            let pkg: Vec<ProvIx> = match &c.package {
                CompiledPackage::Fixed(ps) => ps.to_vec(),
                _ => m.package.clone(),
            };
            let names: Vec<&str> = pkg
                .iter()
                .take(2)
                .map(|q| db.provisions[*q as usize].name.as_str())
                .collect();
            if !names.is_empty() {
                return Clause::Said(format!("it puts {} on the table", quote_list(&names)));
            }
        }
        if obj >= signal.abs().max(taste)
            && let Some((_, name)) = best_obj
        {
            return Clause::Said(format!("it serves the objective \"{name}\""));
        }
        if signal.abs() >= taste && signal.abs() > 0.5 {
            // Good will or pressure is what the card says to the table (its own signal), not
            // whether the persona values saying it: a hawk's walkout is pressure it likes.
            return Clause::Signal {
                good_will: ce.signal > 0.0,
            };
        }
        if taste > 0.3 {
            return Clause::Said(format!("it is a move the {} favours", src.name));
        }
        Clause::Said("it was the best value for its cost".to_string())
    }
}

/// One clause of a plan's reason before it is put in words. A card's signal is kept apart so
/// that good will and pressure in the same plan read as one clause about one situation.
#[derive(Debug, PartialEq)]
pub(super) enum Clause {
    Said(String),
    Signal { good_will: bool },
}

/// The clauses in words: "the Hawk signals good will and answers with pressure (tension:
/// Crisis (60–80))", where the signals are mentioned, so a reason stays one short line.
pub(super) fn words(
    db: &ContentDb,
    s: &GameState,
    persona: &str,
    clauses: &[Clause],
) -> Vec<String> {
    let signals: Vec<&str> = clauses
        .iter()
        .filter_map(|c| match c {
            Clause::Signal { good_will: true } => Some("signals good will"),
            Clause::Signal { good_will: false } => Some("answers with pressure"),
            Clause::Said(_) => None,
        })
        .collect();
    let mut out = Vec::new();
    let mut signalled = false;
    for c in clauses {
        match c {
            Clause::Said(text) => out.push(text.clone()),
            Clause::Signal { .. } if !signalled => {
                signalled = true;
                let rung = crate::engine::text::rung_label(db, s.tension());
                out.push(format!(
                    "the {persona} {} (tension: {rung})",
                    signals.join(" and ")
                ));
            }
            Clause::Signal { .. } => {}
        }
    }
    out
}

/// "the DPRK's offer \"Offer Yongbyon for relief\"" — how an offer is named in a reason.
pub(super) fn offer_label(db: &ContentDb, o: &Offer) -> String {
    let kind = if o.counter_of.is_some() {
        "counter-offer"
    } else {
        "offer"
    };
    format!(
        "{} {kind} \"{}\"",
        o.from.possessive(),
        db.cards[o.card as usize].name
    )
}

/// "\"A\", \"B\" and 2 more": at most two names, so a reason stays one short line.
pub(super) fn quote_list(xs: &[&str]) -> String {
    let shown: Vec<String> = xs.iter().take(2).map(|x| format!("\"{x}\"")).collect();
    match xs.len() {
        0..=2 => shown.join(" and "),
        n => format!("{} and {} more", shown.join(", "), n - 2),
    }
}
