//! The tree's walk at one decision: which children a world makes available (ISMCTS) and which
//! of them to try next (UCB1).

use super::*;

/// Availability (ISMCTS): every candidate of this world (by its key) gets a child (once) and an
/// availability tick, and its child remembers which candidate it is here (the last, if two
/// share a key: a counter's exact package may differ by world). `avail` gets the children, in
/// candidate order.
pub(super) fn register(children: &mut Vec<Child>, keys: &[u64], avail: &mut Vec<u32>) {
    avail.clear();
    for (j, &k) in keys.iter().enumerate() {
        let ci = match children.iter().position(|c| c.key == k) {
            Some(ci) => ci,
            None => {
                children.push(Child {
                    key: k,
                    cand: 0,
                    visits: 0,
                    reward: 0.0,
                    avail: 0,
                    node: NONE,
                });
                children.len() - 1
            }
        };
        let c = &mut children[ci];
        c.cand = j as u32;
        c.avail += 1;
        avail.push(ci as u32);
    }
}

/// The child to try: the first untried available one (in the persona's order), else the best by
/// UCB1 over the available ones.
pub(super) fn select(children: &[Child], avail: &[u32], exploration: f32) -> usize {
    if let Some(&ci) = avail.iter().find(|ci| children[**ci as usize].visits == 0) {
        return ci as usize;
    }
    let mut best = avail[0] as usize;
    let mut best_v = f64::MIN;
    for &ci in avail {
        let c = &children[ci as usize];
        let mean = c.reward / c.visits as f64;
        let u = mean + exploration as f64 * (ln(c.avail) / c.visits as f64).sqrt();
        if u > best_v {
            best_v = u;
            best = ci as usize;
        }
    }
    best
}

/// `n.ln()`, from a table for the counts a search reaches (UCB1 takes one per child per step
/// of every playout): the same values, without the call.
#[inline]
fn ln(n: u32) -> f64 {
    static LN: std::sync::LazyLock<Box<[f64]>> =
        std::sync::LazyLock::new(|| (0..4096u32).map(|n| (n as f64).ln()).collect());
    match LN.get(n as usize) {
        Some(v) => *v,
        None => (n as f64).ln(),
    }
}
