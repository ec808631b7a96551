//! One card played on its own, for the card preview and the decks' grounding checks.

use super::*;

/// Plays one card on its own, as if resolved this turn with nothing else happening: its effects,
/// its signals (and, for an offer, acceptance). No costs, requirements, reciprocity or dynamics.
/// Used for the card preview in the TUI and for checking the decks' grounding.
pub fn play_alone<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    side: SideId,
    m: &crate::engine::moves::Move,
    sink: &mut S,
) {
    let c = &db.compiled_cards[m.card as usize];
    let target = target_of(db, m);
    let cause = Cause::Card { side, card: m.card };
    // Its signals, by the general path (a preview is read from its log).
    let signal = |s: &mut GameState, sink: &mut S| {
        emit_all(
            db,
            s,
            sink,
            side,
            target,
            &c.signals,
            None,
            Why::Card(m.card),
        );
    };
    match c.kind {
        MoveKind::Unilateral | MoveKind::Covert => {
            let secret = (c.kind == MoveKind::Covert).then_some(side);
            let a = Apply {
                actor: side,
                target,
                cause,
                secret,
            };
            apply_effects(db, s, sink, &c.effects, a);
            if c.kind == MoveKind::Unilateral {
                signal(s, sink);
            }
        }
        MoveKind::Offer => {
            signal(s, sink);
            if let Some(to) = target {
                let package = match &c.package {
                    CompiledPackage::Fixed(p) => p.to_vec(),
                    CompiledPackage::Chosen => m.package.clone(),
                    CompiledPackage::None => Vec::new(),
                };
                let o = Offer {
                    id: 0,
                    from: side,
                    to,
                    card: m.card,
                    package: package.clone(),
                    counter_of: None,
                    cosign_of: None,
                    answer: Some(Response::Accept),
                };
                accept(db, s, sink, &o, &package);
            }
        }
    }
}
