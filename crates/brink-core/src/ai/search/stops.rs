//! When a search stops before its budget: the move can no longer be overtaken (`settled`), the
//! playouts have called the decision (`called`), or every playout scored the same
//! (`all_level`). Each is checked every 16 iterations; apart from the walk because they are
//! the search's own rules for spending its budget, not part of the tree.

use super::*;

/// Whether the most visited child of the root can no longer be overtaken in the `left`
/// iterations to come: the move is then the one the full budget would choose.
pub(super) fn settled(root: &Node, left: u32) -> bool {
    let (mut first, mut second) = (0u32, 0u32);
    for c in &root.children {
        if c.visits > first {
            second = first;
            first = c.visits;
        } else if c.visits > second {
            second = c.visits;
        }
    }
    first - second > left
}

/// How the playouts so far stand, by the statistics (`called`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Call {
    /// No option can be worth the margin more than the best.
    Close,
    /// The most visited option is the best beyond doubt.
    Clear,
}

/// Whether the playouts so far have called the decision, at 5 % in all over the comparisons
/// (`one_sided_z`), the spread of a playout's score taken from the decision's `n` fresh ones
/// (`sum`, `squares`; it counts the differences between the moves too, so it errs on the side
/// of playing on), the best being the child with the highest mean:
/// - `Close`: every other child is within `margin` of the best (the difference of the means
///   plus z standard errors of it below `margin`), or, where the best is also the most
///   visited, within it or beneath the best beyond doubt. The budget left would only sort out
///   differences the side should not care about (a playout's score spreads by some 0.025, a
///   move has a few hundred playouts), and the search stops with the move most visited so far;
/// - `Clear`: the best is the most visited, and every other is beneath it beyond doubt (the
///   difference less z standard errors above 0): the budget left would not change the move.
///
/// Every child must have been tried; a margin of 0 turns both off.
pub(super) fn called(root: &Node, n: u32, sum: f64, squares: f64, margin: f32) -> Option<Call> {
    if margin <= 0.0 || n < 2 || root.children.len() < 2 {
        return None;
    }
    let mean = sum / n as f64;
    let var = (squares / n as f64 - mean * mean).max(0.0);
    let (mut best, mut most) = (None, (0usize, 0u32));
    for (i, c) in root.children.iter().enumerate() {
        if c.visits == 0 {
            return None;
        }
        let m = c.reward / c.visits as f64;
        if best.is_none_or(|(_, bm)| m > bm) {
            best = Some((i, m));
        }
        if c.visits > most.1 {
            most = (i, c.visits);
        }
    }
    let (b, bm) = best?;
    let nb = root.children[b].visits as f64;
    let z = one_sided_z(root.children.len() - 1);
    // Every other child: within the margin of the best, or beneath it beyond doubt.
    let (mut close, mut beneath, mut either) = (true, true, true);
    for (i, c) in root.children.iter().enumerate() {
        if i == b {
            continue;
        }
        let nc = c.visits as f64;
        let gap = bm - c.reward / nc;
        let err = z * (var * (1.0 / nb + 1.0 / nc)).sqrt();
        let (near, below) = (gap + err < margin as f64, gap - err > 0.0);
        close &= near;
        beneath &= below;
        either &= near || below;
    }
    let leads = b == most.0;
    if close || (leads && either && !beneath) {
        Some(Call::Close)
    } else if leads && beneath {
        Some(Call::Clear)
    } else {
        None
    }
}

/// The one-sided normal quantile for `comparisons` comparisons at 5 % in all (Bonferroni:
/// 1 - 0.05 / comparisons each): 1.64 for one, 1.96 for two, 2.64 for twelve.
fn one_sided_z(comparisons: usize) -> f64 {
    const Z: [f64; 16] = [
        1.645, 1.645, 1.960, 2.128, 2.241, 2.326, 2.394, 2.450, 2.498, 2.540, 2.576, 2.609, 2.638,
        2.665, 2.690, 2.713,
    ];
    Z[comparisons.min(Z.len() - 1)]
}

/// Whether every playout behind the root scored the same: the fresh ones all `lowest` (which
/// is then `highest`), and every child's mean, kept playouts included, that score too. Then no
/// choice here changes what the side gets within the horizon, and a bigger budget would only
/// spread the visits by the exploration term: the search stops, and the persona's own choice
/// is played rather than whichever move the spreading left ahead.
pub(super) fn all_level(root: &Node, lowest: f64, highest: f64) -> bool {
    lowest == highest
        && root
            .children
            .iter()
            .all(|c| c.visits > 0 && (c.reward / c.visits as f64 - lowest).abs() <= 1e-9)
}

#[cfg(test)]
mod tests {
    use super::super::{Child, NONE, Node};
    use super::{Call, called};

    /// A root whose children have these (visits, mean); the playouts' scores spread by `sd`
    /// around `mean` (for `called`'s `sum` and `squares`).
    fn root(children: &[(u32, f64)], mean: f64, sd: f64) -> (Node, u32, f64, f64) {
        let node = Node {
            children: children
                .iter()
                .enumerate()
                .map(|(i, &(visits, m))| Child {
                    key: i as u64,
                    cand: i as u32,
                    visits,
                    reward: m * visits as f64,
                    avail: visits,
                    node: NONE,
                })
                .collect(),
        };
        let n: u32 = children.iter().map(|c| c.0).sum();
        let sum = mean * n as f64;
        (node, n, sum, (sd * sd + mean * mean) * n as f64)
    }

    #[test]
    fn a_decision_is_called_close_clear_or_left_open_by_its_playouts() {
        // Two answers a thousandth apart over 400 playouts: close at a margin of 0.02.
        let (r, n, sum, sq) = root(&[(200, 0.421), (200, 0.420)], 0.4205, 0.025);
        assert_eq!(called(&r, n, sum, sq, 0.02), Some(Call::Close));
        // ...but not at a margin below what 200 playouts a move can tell apart.
        assert_eq!(called(&r, n, sum, sq, 0.005), None);
        // ...and not at all with the stop turned off.
        assert_eq!(called(&r, n, sum, sq, 0.0), None);
        // A best far ahead and most visited: clear.
        let (r, n, sum, sq) = root(&[(300, 0.47), (40, 0.42), (40, 0.41)], 0.46, 0.025);
        assert_eq!(called(&r, n, sum, sq, 0.02), Some(Call::Clear));
        // The same means with the best least visited: not clear (the move played is the most
        // visited), and not close either.
        let (r, n, sum, sq) = root(&[(40, 0.47), (300, 0.42), (40, 0.41)], 0.43, 0.025);
        assert_eq!(called(&r, n, sum, sq, 0.02), None);
        // Too few playouts to tell: open.
        let (r, n, sum, sq) = root(&[(10, 0.43), (10, 0.42)], 0.425, 0.025);
        assert_eq!(called(&r, n, sum, sq, 0.02), None);
        // A move not yet tried: open.
        let (r, n, sum, sq) = root(&[(400, 0.43), (0, 0.0)], 0.43, 0.025);
        assert_eq!(called(&r, n, sum, sq, 0.02), None);
        // The best most visited, one rival close and one beneath it beyond doubt: close.
        let (r, n, sum, sq) = root(&[(300, 0.430), (300, 0.428), (60, 0.38)], 0.426, 0.025);
        assert_eq!(called(&r, n, sum, sq, 0.02), Some(Call::Close));
    }
}
