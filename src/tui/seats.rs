//! Who sits at each side: a human at the shared screen, or a computer opponent (a persona spec
//! understood by `ai::make_policy`).

use crate::agent::{self, AgentOptions};
use crate::ai::{self, Policy};
use crate::content::{ContentDb, SideId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seat {
    Human,
    /// A persona spec: "random", "hawk", "hawk:hard".
    Computer(String),
}

impl Seat {
    pub fn label(&self) -> String {
        match self {
            Seat::Human => "Human".into(),
            Seat::Computer(p) => match agent::exec_command(p) {
                Some(cmd) => format!("Program: {cmd}"),
                None => format!("Computer: {p}"),
            },
        }
    }
    pub fn is_human(&self) -> bool {
        matches!(self, Seat::Human)
    }
    /// As a game record writes it.
    pub fn record_name(&self) -> String {
        match self {
            Seat::Human => "human".into(),
            Seat::Computer(p) => p.clone(),
        }
    }
    pub fn from_record(name: &str) -> Seat {
        match name {
            "human" | "facilitator" => Seat::Human,
            p => Seat::Computer(p.to_string()),
        }
    }
}

/// The choices a seat offers in the new-game screen: Human, then the persona the scenario casts
/// for the side (so that one step from Human is the opponent the scenario was written for, not
/// the random baseline) and its other difficulties next to it, then every other persona that can
/// actually play the side in this build.
pub fn choices(db: &ContentDb, scenario: &str, side: SideId) -> Vec<Seat> {
    let cast = persona_of(db, scenario, side);
    let base = |spec: &str| spec.split(':').next().unwrap_or(spec).to_string();
    let cast_base = base(&cast);
    let playable: Vec<String> = ai::policy_names(db, side)
        .into_iter()
        .filter(|name| *name != cast && ai::make_policy(db, name, side).is_ok())
        .collect();
    let (same, others): (Vec<String>, Vec<String>) = playable
        .into_iter()
        .partition(|name| base(name) == cast_base);
    let mut v = vec![Seat::Human, Seat::Computer(cast)];
    v.extend(same.into_iter().chain(others).map(Seat::Computer));
    v
}

/// The policy for a computer seat, and why it is not the one asked for if it is not: an
/// unknown persona falls back to `random`, and an agent program (`exec:`) that cannot start to
/// the scenario's persona, so a game can always go on.
pub fn policy(
    db: &ContentDb,
    seat: &Seat,
    side: SideId,
    scenario: &str,
    agents: &AgentOptions,
) -> (Option<Box<dyn Policy>>, Option<String>) {
    match seat {
        Seat::Human => (None, None),
        Seat::Computer(spec) => {
            let persona = persona_of(db, scenario, side);
            match agent::make_seat(db, spec, &persona, side, agents) {
                Ok(p) => (Some(p), None),
                Err(e) => {
                    let stand_in = ai::make_policy(db, &persona, side)
                        .unwrap_or_else(|_| Box::new(ai::RandomPolicy::default()));
                    let why = agent::exec_command(spec).map(|_| {
                        format!(
                            "The agent for {side} could not start ({e}); {persona} plays instead."
                        )
                    });
                    (Some(stand_in), why)
                }
            }
        }
    }
}

/// The seat a scenario side gets by default: the US and the DPRK are played at the screen, the
/// others by their scenario persona (or `random`). `BRINK_SEATS=us,rok` names the human sides
/// instead (`all` or `none` also work); it is how scripted and classroom set-ups skip the menu.
pub fn default_seat(db: &ContentDb, scenario: &str, side: SideId) -> Seat {
    if let Ok(list) = std::env::var("BRINK_SEATS") {
        let list = list.to_lowercase();
        let human = list == "all"
            || list
                .split([',', ' '])
                .any(|s| SideId::parse(s.trim()) == Some(side));
        if human {
            return Seat::Human;
        }
        return Seat::Computer(persona_of(db, scenario, side));
    }
    if matches!(side, SideId::Us | SideId::Dprk) {
        Seat::Human
    } else {
        Seat::Computer(persona_of(db, scenario, side))
    }
}

/// The persona the scenario casts for a side, if this build can play it, else `random`.
pub fn persona_of(db: &ContentDb, scenario: &str, side: SideId) -> String {
    let named = db
        .scenario(scenario)
        .and_then(|s| s.sides.iter().find(|x| x.side == side))
        .and_then(|x| x.persona.clone());
    match named {
        Some(p) if ai::make_policy(db, &p, side).is_ok() => p,
        _ => "random".into(),
    }
}
