//! How each offer of a turn ended, in one sentence: accepted and signed, rejected, countered
//! (and how the counter ended), refused a co-signature, overruled by a faction, or never
//! answered. Shared by the TUI (the resolution steps and the class summary) and the after-action
//! report, so that a table and a debrief tell the same story.

use crate::content::{CardIx, ContentDb, SideId};
use crate::engine::LogEntry;
use crate::engine::ledger::FactionAct;

/// How one offer of a turn ended, in one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferEnding {
    pub id: u16,
    pub from: SideId,
    pub to: SideId,
    /// "US offers DPRK: Propose a package [..]" or "DPRK counters US's …".
    pub what: String,
    /// "Agreement signed by US, DPRK.", "Rejected by DPRK: no deal.", …
    pub ending: String,
    /// An agreement came of it.
    pub deal: bool,
    /// It was answered with a counter-offer, whose own ending follows it.
    pub countered: bool,
    /// It was turned down and that was the end of it: the answer says it all.
    pub turned_down: bool,
}

/// Every offer in `log` (one turn's entries) with the sentence that ends it: accepted and
/// signed, rejected, countered (and how the counter ended), refused a co-signature, or never
/// answered. Requests to co-sign belong to their offer and are not listed on their own.
pub fn offer_endings(db: &ContentDb, log: &[LogEntry]) -> Vec<OfferEnding> {
    use crate::engine::ledger::AnswerKind;
    let card_name = |c: CardIx| crate::engine::text::card_name(db, c);
    let mut out = Vec::new();
    let mut signed_used: Vec<usize> = Vec::new();
    for (i, e) in log.iter().enumerate() {
        let LogEntry::Offer {
            id,
            from,
            to,
            card,
            package,
            counter_of,
            cosign_of,
        } = e
        else {
            continue;
        };
        if cosign_of.is_some() {
            continue;
        }
        let what = match counter_of {
            Some(o) => {
                let orig = log.iter().find_map(|x| match x {
                    LogEntry::Offer { id, card, .. } if id == o => Some(*card),
                    _ => None,
                });
                format!(
                    "{from} counters {to}'s \"{}\"",
                    card_name(orig.unwrap_or(*card))
                )
            }
            None => format!("{from} offers {to}: {}", card_name(*card)),
        };
        let answer = log[i..].iter().find_map(|x| match x {
            LogEntry::Answer {
                id: a,
                answer,
                cosign: false,
                ..
            } if a == id => Some(*answer),
            _ => None,
        });
        // The sides asked to co-sign this offer, and those who declined.
        let cosigners: Vec<u16> = log
            .iter()
            .filter_map(|x| match x {
                LogEntry::Offer {
                    id: c,
                    cosign_of: Some(o),
                    ..
                } if o == id => Some(*c),
                _ => None,
            })
            .collect();
        let declined: Vec<SideId> = log
            .iter()
            .filter_map(|x| match x {
                LogEntry::Answer {
                    id: c,
                    side,
                    answer: AnswerKind::Reject,
                    ..
                } if cosigners.contains(c) => Some(*side),
                _ => None,
            })
            .collect();
        let signed = log[i..].iter().enumerate().find_map(|(k, x)| match x {
            LogEntry::Signed { parties, .. }
                if parties.contains(from)
                    && parties.contains(to)
                    && !signed_used.contains(&(i + k)) =>
            {
                Some((i + k, parties.clone()))
            }
            _ => None,
        });
        let names = |v: &[SideId]| {
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(" and ")
        };
        let (ending, deal) = match answer {
            Some(AnswerKind::Accept) if !declined.is_empty() => (
                format!(
                    "{to} accepts, but {} declines to co-sign: no deal.",
                    names(&declined)
                ),
                false,
            ),
            Some(AnswerKind::Accept) if !package.is_empty() => match signed.clone() {
                Some((k, parties)) => {
                    signed_used.push(k);
                    (format!("Agreement signed by {}.", names(&parties)), true)
                }
                None => (
                    format!("{to} accepts, but nothing was signed: no deal."),
                    false,
                ),
            },
            Some(AnswerKind::Accept) => (format!("{to} accepts: it goes ahead."), true),
            Some(AnswerKind::Reject) => (format!("Rejected by {to}: no deal."), false),
            Some(AnswerKind::Counter) => {
                let counter = log.iter().find_map(|x| match x {
                    LogEntry::Offer {
                        id: c,
                        counter_of: Some(o),
                        ..
                    } if o == id => Some(*c),
                    _ => None,
                });
                let ended = counter.and_then(|c| {
                    log.iter().find_map(|x| match x {
                        LogEntry::Answer {
                            id: a,
                            answer,
                            cosign: false,
                            ..
                        } if *a == c => Some(*answer),
                        _ => None,
                    })
                });
                match ended {
                    Some(AnswerKind::Accept) => (
                        format!("{to} countered, and {from} accepted the counter."),
                        false,
                    ),
                    Some(_) => (
                        format!("{to} countered; {from} turned the counter down: no deal."),
                        false,
                    ),
                    None => (
                        format!("{to} countered; {from} never answered: no deal."),
                        false,
                    ),
                }
            }
            None => (format!("{to} gave no answer: no deal."), false),
        };
        // A faction of either end that overruled the answer has the last word.
        let overruled = log[i..].iter().find_map(|x| match x {
            LogEntry::Faction { offer, act, .. } if offer == id && counter_of.is_none() => {
                Some(*act)
            }
            _ => None,
        });
        let (ending, deal) = match overruled {
            Some(FactionAct::PullsBackOffer) => {
                (format!("{from} pulls its offer back: no deal."), false)
            }
            Some(FactionAct::PullsBackAcceptance) => (
                format!("{to} accepts, then goes back on it: no deal."),
                false,
            ),
            Some(FactionAct::PushesThrough) => match signed {
                Some((k, parties)) if !package.is_empty() => {
                    signed_used.push(k);
                    (
                        format!(
                            "{to} accepts after all: agreement signed by {}.",
                            names(&parties)
                        ),
                        true,
                    )
                }
                _ => (format!("{to} accepts after all: it goes ahead."), true),
            },
            None => (ending, deal),
        };
        out.push(OfferEnding {
            id: *id,
            from: *from,
            to: *to,
            what,
            ending,
            deal,
            countered: answer == Some(AnswerKind::Counter),
            turned_down: answer == Some(AnswerKind::Reject) && overruled.is_none(),
        });
    }
    out
}
