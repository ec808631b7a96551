//! "Since your last turn": where a side last looked (`Mark`) and the handover screen's short
//! summary of what it has not yet seen. Apart because it measures from a side's own mark,
//! not from a turn.

use crate::content::{ContentDb, Meter, SideId};
use crate::engine::{GameState, LogEntry};

use crate::engine::observe::Viewer;

/// Where a side last looked: what "since your last turn" is measured from.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub log: usize,
    pub turn: u16,
    pub meters: [f32; 6],
    pub trust: [[f32; 5]; 5],
    pub support: [f32; 5],
}

impl Mark {
    pub fn of(s: &GameState, log_len: usize) -> Mark {
        Mark {
            log: log_len,
            turn: s.turn,
            meters: s.meters(),
            trust: s.trust_matrix(),
            support: SideId::ALL.map(|x| s.support(x)),
        }
    }
}

/// The handover screen's short summary of what `side` has not yet seen.
pub fn since_summary(
    db: &ContentDb,
    s: &GameState,
    log: &[LogEntry],
    side: SideId,
    mark: Option<&Mark>,
) -> Vec<String> {
    let mut out = Vec::new();
    let t = s.tension();
    match mark {
        None => out.push(format!(
            "The exercise opens. Tension {:.0}: {}.",
            db.tension_shown(t),
            db.rung_name(t)
        )),
        Some(m) => {
            let t0 = m.meters[Meter::Tension.index()];
            if (t - t0).abs() >= 0.5 {
                // The rung named twice only where it changed.
                let rungs = if db.rung_of(t0) == db.rung_of(t) {
                    format!("still {}", db.rung_name(t))
                } else {
                    format!("{} → {}", db.rung_name(t0), db.rung_name(t))
                };
                out.push(format!(
                    "Tension {:.0} → {:.0} ({rungs}).",
                    db.tension_shown(t0),
                    db.tension_shown(t),
                ));
            } else {
                out.push(format!(
                    "Tension steady at {:.0} ({}).",
                    db.tension_shown(t),
                    db.rung_name(t)
                ));
            }
            let sup0 = m.support[side.index()];
            let sup = s.support(side);
            if (sup - sup0).abs() >= 0.5 {
                out.push(format!("Your support at home {sup0:.0} → {sup:.0}."));
            }
            let mut trust_moves = Vec::new();
            for o in s.seated_sides().filter(|o| *o != side) {
                let a = m.trust[o.index()][side.index()];
                let b = s.trust(o, side);
                if (b - a).abs() >= 1.0 {
                    trust_moves.push(format!("{o} {a:.0}→{b:.0}"));
                }
            }
            if !trust_moves.is_empty() {
                out.push(format!("Trust in you: {}.", trust_moves.join(", ")));
            }
            for mm in [Meter::Sanctions, Meter::Verification] {
                let a = m.meters[mm.index()];
                let b = s.meter(mm);
                if (b - a).abs() >= 1.0 {
                    out.push(format!("{} {a:.0} → {b:.0}.", capitalise(mm.label())));
                }
            }
        }
    }
    let from = mark.map(|m| m.log).unwrap_or(0).min(log.len());
    // (what it says, whether it must not be hidden under "… more in the log").
    let news: Vec<(String, bool)> = log[from..]
        .iter()
        .filter(|e| {
            matches!(
                e,
                LogEntry::Event { .. }
                    | LogEntry::Incident { .. }
                    | LogEntry::Move { .. }
                    | LogEntry::Signed { .. }
                    | LogEntry::InPrinciple { .. }
                    | LogEntry::Detected { .. }
                    | LogEntry::Violated { .. }
                    | LogEntry::PledgeLapsed { .. }
                    | LogEntry::Threshold { .. }
                    | LogEntry::CrisisChoice { .. }
                    | LogEntry::Injected { .. }
            ) || matches!(e, LogEntry::Facilitator { text }
                    if !crate::tui::facilitator::is_session_note(text))
        })
        .filter_map(|e| {
            let key = matches!(
                e,
                LogEntry::Signed { .. }
                    | LogEntry::InPrinciple { .. }
                    | LogEntry::Violated { .. }
                    | LogEntry::PledgeLapsed { .. }
                    | LogEntry::Threshold { .. }
                    | LogEntry::CrisisChoice { .. }
                    | LogEntry::Detected { .. }
            );
            Viewer::Side(side).log_line(db, e).map(|l| (l, key))
        })
        .collect();
    // At most 8 lines: agreements, breaches, thresholds and crisis choices always show, then
    // the rest in order as room allows; all in the order they happened.
    let news: Vec<String> = if news.len() > 8 {
        let keys = news.iter().filter(|n| n.1).count().min(7);
        let mut others = 7usize.saturating_sub(keys);
        let mut kept_keys = 0;
        let mut kept = Vec::new();
        for (text, key) in &news {
            if *key && kept_keys < keys {
                kept_keys += 1;
                kept.push(text.clone());
            } else if !*key && others > 0 {
                others -= 1;
                kept.push(text.clone());
            }
        }
        let extra = news.len() - kept.len();
        kept.push(format!("… and {extra} more in the log."));
        kept
    } else {
        news.into_iter().map(|n| n.0).collect()
    };
    out.extend(news);
    out
}

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
