//! Packages of provisions: the one a persona proposes, its counter-offer, and whether it could
//! sign one at all.

use crate::content::{CPersona, ContentDb, ProvIx, SideId};
use crate::engine::GameState;
use crate::engine::state::{AgreementStatus, Offer};

use super::*;

/// The provisions in force, as bits (the first 128; `provision_bit` asks the state for others).
pub(super) fn provisions_in_force(s: &GameState) -> u128 {
    let mut bits = 0u128;
    for a in s.agreements() {
        if a.status == AgreementStatus::InForce {
            for &q in &a.provisions {
                if (q as usize) < 128 {
                    bits |= 1u128 << q;
                }
            }
        }
    }
    bits
}

pub(super) fn provision_bit(bits: u128, q: ProvIx, s: &GameState) -> bool {
    if (q as usize) < 128 {
        bits & (1u128 << q) != 0
    } else {
        s.provision_in_force(q)
    }
}

/// Whether provision `q` obliges `a` or `b`: a package between two sides only carries
/// provisions that one of them must keep.
pub(super) fn binds(db: &ContentDb, q: ProvIx, a: SideId, b: SideId) -> bool {
    let o = &db.c_provisions[q as usize].obligations;
    o.contains(&a) || o.contains(&b)
}

/// Adds `q` to `pkg` unless one already in it covers it; a broader `q` takes the place of the
/// first narrower one it covers, and the others it covers leave. Returns the value (by `val`)
/// the package gained, or None if `q` added nothing.
pub(super) fn add_provision(
    db: &ContentDb,
    pkg: &mut Vec<ProvIx>,
    q: ProvIx,
    val: impl Fn(ProvIx) -> f32,
) -> Option<f32> {
    let covers = |a: ProvIx, b: ProvIx| db.c_provisions[a as usize].covers.contains(&b);
    if pkg.contains(&q) || pkg.iter().any(|&p| covers(p, q)) {
        return None;
    }
    let Some(first) = pkg.iter().position(|&p| covers(q, p)) else {
        pkg.push(q);
        return Some(val(q));
    };
    let mut gained = val(q);
    let mut i = 0;
    pkg.retain(|&p| {
        let keep = i == first || !covers(q, p);
        if !keep {
            gained -= val(p);
        }
        i += 1;
        keep
    });
    gained -= val(pkg[first]);
    pkg[first] = q;
    Some(gained)
}

/// The package a persona proposes, built from its asks and gives without looking at the game:
/// used to value its package cards once.
pub(super) fn build_package_static(
    db: &ContentDb,
    p: &CPersona,
    asks: &[ProvIx],
    gives: &[ProvIx],
    target: SideId,
) -> Vec<ProvIx> {
    let val = |q: ProvIx| db.c_provisions[q as usize].value[target.index()];
    let mut pkg: Vec<ProvIx> = Vec::new();
    for &a in asks {
        if pkg.len() >= p.max_asks as usize {
            break;
        }
        add_provision(db, &mut pkg, a, val);
    }
    let mut theirs: f32 = pkg.iter().map(|q| val(*q)).sum();
    for &g in gives.iter() {
        if theirs >= p.generosity || pkg.len() >= 6 {
            break;
        }
        theirs += add_provision(db, &mut pkg, g, val).unwrap_or(0.0);
    }
    pkg
}

/// Why a package is refused outright (never-accept lists and package rules), as the rule's reason.
pub fn package_blocker(db: &ContentDb, persona: u16, pkg: &[ProvIx]) -> Option<String> {
    let p = &db.c_personas[persona as usize];
    let src = &db.personas[persona as usize];
    if let Some(q) = pkg.iter().find(|q| p.never_accept.contains(q)) {
        return Some(format!(
            "it will never sign \"{}\"",
            db.provisions[*q as usize].name
        ));
    }
    if !p.require_in_package.is_empty() && !p.require_in_package.iter().all(|q| pkg.contains(q)) {
        let missing = p
            .require_in_package
            .iter()
            .find(|q| !pkg.contains(q))
            .map(|q| db.provisions[*q as usize].name.as_str())
            .unwrap_or_default();
        return Some(format!("the package lacks \"{missing}\""));
    }
    for (i, r) in p.package_rules.iter().enumerate() {
        let applies = r.if_any.is_empty() || r.if_any.iter().any(|q| pkg.contains(q));
        if !applies {
            continue;
        }
        let all = r.require_all.iter().all(|q| pkg.contains(q));
        let any = r.require_any.is_empty() || r.require_any.iter().any(|q| pkg.contains(q));
        if !(all && any) {
            return Some(src.package_rules[i].reason.clone());
        }
    }
    None
}

/// Whether two packages hold the same provisions (order aside), sorted on the stack when they
/// are short (a counter has at most 8).
pub(super) fn same_provisions(a: &[ProvIx], b: &[ProvIx]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n > 8 {
        let (mut x, mut y) = (a.to_vec(), b.to_vec());
        x.sort_unstable();
        y.sort_unstable();
        return x == y;
    }
    let (mut x, mut y) = ([0 as ProvIx; 8], [0 as ProvIx; 8]);
    x[..n].copy_from_slice(a);
    y[..n].copy_from_slice(b);
    x[..n].sort_unstable();
    y[..n].sort_unstable();
    x[..n] == y[..n]
}

/// A persona's package rules as bit sets of provisions (bit = `ProvIx`), so that checking a
/// package is a few masks instead of a search per provision. Built only when every provision
/// the rules name is below 128.
#[derive(Debug, Clone)]
pub(super) struct PackageMasks {
    never: u128,
    require: u128,
    /// (if_any, require_all, require_any) of each package rule; an empty list is 0.
    rules: Box<[(u128, u128, u128)]>,
}

impl PackageMasks {
    pub(super) fn of(p: &CPersona) -> Option<PackageMasks> {
        pub(super) fn mask(qs: &[ProvIx]) -> Option<u128> {
            qs.iter()
                .try_fold(0u128, |m, &q| ((q as usize) < 128).then(|| m | 1u128 << q))
        }
        Some(PackageMasks {
            never: mask(&p.never_accept)?,
            require: mask(&p.require_in_package)?,
            rules: p
                .package_rules
                .iter()
                .map(|r| {
                    Some((
                        mask(&r.if_any)?,
                        mask(&r.require_all)?,
                        mask(&r.require_any)?,
                    ))
                })
                .collect::<Option<_>>()?,
        })
    }

    /// `package_ok`, or None for a package naming a provision past 128.
    #[inline]
    pub(super) fn ok(&self, pkg: &[ProvIx]) -> Option<bool> {
        let m = mask_of(pkg)?;
        if m & self.never != 0 || self.require & !m != 0 {
            return Some(false);
        }
        Some(self.rules.iter().all(|&(if_any, all, any)| {
            let applies = if_any == 0 || m & if_any != 0;
            !applies || (all & !m == 0 && (any == 0 || m & any != 0))
        }))
    }
}

/// The provisions of a package as bits, or None if one is past 128.
#[inline]
pub(super) fn mask_of(pkg: &[ProvIx]) -> Option<u128> {
    let mut m = 0u128;
    for &q in pkg {
        if q as usize >= 128 {
            return None;
        }
        m |= 1u128 << q;
    }
    Some(m)
}

impl Brain {
    /// Whether the persona could sign `pkg` at all (its never-accept list and package rules).
    #[inline]
    pub(super) fn package_ok(&self, p: &CPersona, pkg: &[ProvIx]) -> bool {
        match self.pkg_masks.as_ref().and_then(|m| m.ok(pkg)) {
            Some(ok) => ok,
            None => package_ok(p, pkg),
        }
    }

    /// The package this persona proposes to `target` now: its asks not yet in force, then what
    /// it gives until the target's share (by the provisions' scenario values) reaches its
    /// generosity.
    pub fn build_package(&self, db: &ContentDb, s: &GameState, target: SideId) -> Vec<ProvIx> {
        let p = persona_of(db, self);
        let val = |q: ProvIx| db.c_provisions[q as usize].value[target.index()];
        let mut pkg: Vec<ProvIx> = Vec::with_capacity(6);
        let me = self.side;
        let forced = provisions_in_force(s);
        // In force already, or covered by a provision that is: nothing to sign.
        let settled = |q: ProvIx| {
            provision_bit(forced, q, s)
                || db.c_provisions[q as usize]
                    .covered_by
                    .iter()
                    .any(|&b| provision_bit(forced, b, s))
        };
        // Worth proposing: not settled, and binding one of the two sides (`add_provision`
        // then keeps the package free of provisions that cover one another).
        let open = |q: ProvIx| !settled(q) && binds(db, q, me, target);
        for &a in self.asks.iter() {
            if pkg.len() >= p.max_asks as usize {
                break;
            }
            if open(a) {
                add_provision(db, &mut pkg, a, val);
            }
        }
        let mut theirs: f32 = pkg.iter().map(|q| val(*q)).sum();
        for &g in self.gives.iter() {
            if theirs >= p.generosity || pkg.len() >= 6 {
                break;
            }
            if open(g) {
                theirs += add_provision(db, &mut pkg, g, val).unwrap_or(0.0);
            }
        }
        if pkg.is_empty() {
            // Nothing to ask or give: the three provisions worth most to the side.
            for &q in self.by_worth.iter() {
                if pkg.len() >= 3 {
                    break;
                }
                if open(q) {
                    add_provision(db, &mut pkg, q, val);
                }
            }
        }
        if pkg.is_empty() {
            // Something to offer all the same: the first provision on the table.
            pkg.push(db.c_scenarios[s.scenario as usize].provisions_on_table[0]);
        }
        pkg
    }

    /// The counter-offer this persona would send back, if any: the offered package without what
    /// it refuses, plus its asks, plus its gives until the offerer's share reaches its generosity.
    pub fn build_counter(
        &self,
        db: &ContentDb,
        s: &GameState,
        offer: &Offer,
    ) -> Option<Vec<ProvIx>> {
        let mut pkg = Vec::new();
        self.build_counter_into(db, s, offer, &mut pkg)
            .then_some(pkg)
    }

    /// `build_counter` into `pkg` (emptied first), saying whether there is a counter: the
    /// rollouts weigh a counter in every answer that does not accept, and turn most of them
    /// down, so the package is built in a reused list and copied only when it is sent.
    pub fn build_counter_into(
        &self,
        db: &ContentDb,
        s: &GameState,
        offer: &Offer,
        pkg: &mut Vec<ProvIx>,
    ) -> bool {
        let p = persona_of(db, self);
        let from = offer.from;
        let val = |q: ProvIx| db.c_provisions[q as usize].value[from.index()];
        pkg.clear();
        pkg.extend(
            offer
                .package
                .iter()
                .copied()
                .filter(|q| !p.never_accept.contains(q) && self.prov[*q as usize] > -2.0),
        );
        let me = self.side;
        let forced = provisions_in_force(s);
        let in_force = |q: ProvIx| provision_bit(forced, q, s);
        // The persona's own lists hold only what is on the table; its rules may name more.
        let on_table = &db.c_scenarios[s.scenario as usize].provision_allowed;
        let binds = |q: ProvIx, a: SideId, b: SideId| on_table[q as usize] && binds(db, q, a, b);
        let mut asks = 0;
        for &a in p.require_in_package.iter().chain(self.asks.iter()) {
            if asks >= p.max_asks as usize || pkg.len() >= 8 {
                break;
            }
            if !pkg.contains(&a) && !in_force(a) && binds(a, me, from) {
                pkg.push(a);
                asks += 1;
            }
        }
        // Package rules: add what a triggered rule needs.
        for r in p.package_rules.iter() {
            let applies = r.if_any.is_empty() || r.if_any.iter().any(|q| pkg.contains(q));
            if !applies {
                continue;
            }
            for &q in r.require_all.iter() {
                if !pkg.contains(&q) && pkg.len() < 8 && binds(q, me, from) {
                    pkg.push(q);
                }
            }
            if !r.require_any.is_empty()
                && !r.require_any.iter().any(|q| pkg.contains(q))
                && let Some(&q) = r.require_any.iter().find(|q| binds(**q, me, from))
                && pkg.len() < 8
            {
                pkg.push(q);
            }
        }
        let mut theirs: f32 = pkg.iter().map(|q| val(*q)).sum();
        for &g in self.gives.iter() {
            if theirs >= p.generosity || pkg.len() >= 8 {
                break;
            }
            if !pkg.contains(&g) && !in_force(g) && binds(g, me, from) {
                pkg.push(g);
                theirs += val(g);
            }
        }
        if pkg.is_empty() || pkg.len() > 8 || !self.package_ok(p, pkg) {
            return false;
        }
        !same_provisions(pkg, &offer.package)
    }
}

pub(super) fn package_ok(p: &CPersona, pkg: &[ProvIx]) -> bool {
    if pkg.iter().any(|q| p.never_accept.contains(q)) {
        return false;
    }
    if !p.require_in_package.iter().all(|q| pkg.contains(q)) {
        return false;
    }
    p.package_rules.iter().all(|r| {
        let applies = r.if_any.is_empty() || r.if_any.iter().any(|q| pkg.contains(q));
        !applies
            || (r.require_all.iter().all(|q| pkg.contains(q))
                && (r.require_any.is_empty() || r.require_any.iter().any(|q| pkg.contains(q))))
    })
}
