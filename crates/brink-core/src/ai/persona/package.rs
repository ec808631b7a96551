//! Packages of provisions: the one a persona proposes, its counter-offer, and whether it could
//! sign one at all.

use crate::content::{CompiledPersona, ContentDb, ProvIx, SideId};
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
    let o = &db.compiled_provisions[q as usize].obligations;
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
    let covers = |a: ProvIx, b: ProvIx| db.compiled_provisions[a as usize].covers.contains(&b);
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
    p: &CompiledPersona,
    asks: &[ProvIx],
    gives: &[ProvIx],
    target: SideId,
) -> Vec<ProvIx> {
    let val = |q: ProvIx| db.compiled_provisions[q as usize].value[target.index()];
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
    let p = &db.compiled_personas[persona as usize];
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
        if r.applies_to(pkg) && !r.met_by(pkg) {
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
    pub(super) fn of(p: &CompiledPersona) -> Option<PackageMasks> {
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
        Some(self.ok_bits(mask_of(pkg)?))
    }

    /// `ok` of a package given as its bits.
    #[inline]
    pub(super) fn ok_bits(&self, m: u128) -> bool {
        if m & self.never != 0 || self.require & !m != 0 {
            return false;
        }
        self.rules.iter().all(|&(if_any, all, any)| {
            let applies = if_any == 0 || m & if_any != 0;
            !applies || (all & !m == 0 && (any == 0 || m & any != 0))
        })
    }
}

/// The packages a persona built lately, by what they depend on. `Brain::build_package` reads
/// nothing of the state but the provisions in force (where every provision is below 128), and
/// a rollout's personas build the same package turn after turn while no agreement changes:
/// the memo hands back a copy. Keyed by the brain (persona, side, scenario), the target and
/// the provisions in force; a few entries, replaced in turn.
#[derive(Debug, Clone, Default)]
pub struct PackageMemo {
    entries: Vec<(u64, u128, Vec<ProvIx>)>,
    next: usize,
}

/// Entries a `PackageMemo` keeps: a search's scratch space serves the five sides' brains.
const MEMO_ENTRIES: usize = 8;

impl PackageMemo {
    /// `brain.build_package(db, s, target)`, from the memo where it holds it.
    pub(super) fn package(
        &mut self,
        brain: &Brain,
        db: &ContentDb,
        s: &GameState,
        target: SideId,
    ) -> Vec<ProvIx> {
        if db.compiled_provisions.len() > 128 {
            return brain.build_package(db, s, target);
        }
        let key = (brain.persona as u64) << 32
            | (brain.scenario as u64) << 8
            | (brain.side.index() as u64) << 4
            | target.index() as u64;
        let forced = provisions_in_force(s);
        if let Some((_, _, pkg)) = self
            .entries
            .iter()
            .find(|(k, f, _)| *k == key && *f == forced)
        {
            return pkg.clone();
        }
        let pkg = brain.build_package(db, s, target);
        let entry = (key, forced, pkg.clone());
        if self.entries.len() < MEMO_ENTRIES {
            self.entries.push(entry);
        } else {
            self.entries[self.next] = entry;
            self.next = (self.next + 1) % MEMO_ENTRIES;
        }
        pkg
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
    pub(super) fn package_ok(&self, p: &CompiledPersona, pkg: &[ProvIx]) -> bool {
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
        let val = |q: ProvIx| db.compiled_provisions[q as usize].value[target.index()];
        let mut pkg: Vec<ProvIx> = Vec::with_capacity(6);
        let me = self.side;
        let forced = provisions_in_force(s);
        // In force already, or covered by a provision that is: nothing to sign.
        let settled = |q: ProvIx| {
            provision_bit(forced, q, s)
                || db.compiled_provisions[q as usize]
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
            pkg.push(db.compiled_scenarios[s.scenario as usize].provisions_on_table[0]);
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
        match &self.pkg_masks {
            // Every provision below 128: what is in the package is a bit set too.
            Some(m) if db.compiled_provisions.len() <= 128 => {
                self.counter_by_masks(db, s, offer, pkg, m)
            }
            _ => self.counter_by_lists(db, s, offer, pkg),
        }
    }

    /// `build_counter_into`, asking the lists whether a provision is in the package.
    pub(super) fn counter_by_lists(
        &self,
        db: &ContentDb,
        s: &GameState,
        offer: &Offer,
        pkg: &mut Vec<ProvIx>,
    ) -> bool {
        let p = persona_of(db, self);
        let from = offer.from;
        let val = |q: ProvIx| db.compiled_provisions[q as usize].value[from.index()];
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
        let on_table = &db.compiled_scenarios[s.scenario as usize].provision_allowed;
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
            if !r.applies_to(pkg) {
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
            // What the rule needs cannot be had here (not between these two, not on this
            // table, no room): strike what set it off instead.
            if !r.met_by(pkg) {
                pkg.retain(|q| !r.if_any.contains(q));
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

    /// `counter_by_lists` step for step, the package's provisions (every one below 128) kept
    /// as bits beside the list, so that "is it in the package already" is one test: the
    /// rollouts weigh a counter in most answers that do not accept. The same list, in the same
    /// order (`the_counter_by_bits_is_the_counter_by_lists`).
    pub(super) fn counter_by_masks(
        &self,
        db: &ContentDb,
        s: &GameState,
        offer: &Offer,
        pkg: &mut Vec<ProvIx>,
        m: &PackageMasks,
    ) -> bool {
        let p = persona_of(db, self);
        let from = offer.from;
        let val = |q: ProvIx| db.compiled_provisions[q as usize].value[from.index()];
        let bit = |q: ProvIx| 1u128 << q;
        pkg.clear();
        let mut has = 0u128;
        for &q in offer.package.iter() {
            if m.never & bit(q) == 0 && self.prov[q as usize] > -2.0 {
                pkg.push(q);
                has |= bit(q);
            }
        }
        let me = self.side;
        let forced = provisions_in_force(s);
        let in_force = |q: ProvIx| forced & bit(q) != 0;
        let on_table = &db.compiled_scenarios[s.scenario as usize].provision_allowed;
        let binds = |q: ProvIx, a: SideId, b: SideId| on_table[q as usize] && binds(db, q, a, b);
        let mut asks = 0;
        for &a in p.require_in_package.iter().chain(self.asks.iter()) {
            if asks >= p.max_asks as usize || pkg.len() >= 8 {
                break;
            }
            if has & bit(a) == 0 && !in_force(a) && binds(a, me, from) {
                pkg.push(a);
                has |= bit(a);
                asks += 1;
            }
        }
        // Package rules: add what a triggered rule needs (`m.rules` is `package_rules`, rule
        // for rule; an empty list is 0).
        for (r, &(if_any, all, any)) in p.package_rules.iter().zip(m.rules.iter()) {
            if if_any != 0 && has & if_any == 0 {
                continue;
            }
            for &q in r.require_all.iter() {
                if has & bit(q) == 0 && pkg.len() < 8 && binds(q, me, from) {
                    pkg.push(q);
                    has |= bit(q);
                }
            }
            if any != 0
                && has & any == 0
                && let Some(&q) = r.require_any.iter().find(|q| binds(**q, me, from))
                && pkg.len() < 8
            {
                pkg.push(q);
                has |= bit(q);
            }
            // As `counter_by_lists`: a rule that cannot be met strikes what set it off.
            if has & all != all || (any != 0 && has & any == 0) {
                pkg.retain(|q| if_any & bit(*q) == 0);
                has &= !if_any;
            }
        }
        let mut theirs: f32 = pkg.iter().map(|q| val(*q)).sum();
        for &g in self.gives.iter() {
            if theirs >= p.generosity || pkg.len() >= 8 {
                break;
            }
            if has & bit(g) == 0 && !in_force(g) && binds(g, me, from) {
                pkg.push(g);
                has |= bit(g);
                theirs += val(g);
            }
        }
        if pkg.is_empty() || pkg.len() > 8 || !m.ok_bits(has) {
            return false;
        }
        !same_provisions(pkg, &offer.package)
    }
}

pub(super) fn package_ok(p: &CompiledPersona, pkg: &[ProvIx]) -> bool {
    p.require_in_package.iter().all(|q| pkg.contains(q)) && within_its_rules(p, pkg)
}

/// Nothing in `pkg` the persona never accepts, and every one of its package rules met: what
/// binds its own offers as well as its answers (`package_ok` also asks what it wants from
/// every package).
pub(super) fn within_its_rules(p: &CompiledPersona, pkg: &[ProvIx]) -> bool {
    !pkg.iter().any(|q| p.never_accept.contains(q))
        && p.package_rules
            .iter()
            .all(|r| !r.applies_to(pkg) || r.met_by(pkg))
}

#[cfg(test)]
mod tests {
    use rand::seq::SliceRandom;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use crate::ai::persona::Brain;
    use crate::content::{ContentDb, SideId};
    use crate::engine::GameState;
    use crate::engine::state::{Agreement, Offer};

    /// The counter built with the package's provisions as bits is the one built by asking the
    /// lists, provision for provision and in the same order, for every persona of every side in
    /// every scenario, offered random packages by every other side, with and without
    /// provisions in force.
    #[test]
    fn the_counter_by_bits_is_the_counter_by_lists() {
        let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let (mut compared, mut built) = (0, 0);
        for (si, scen) in db.scenarios.iter().enumerate() {
            let fresh = GameState::new_unstarted(&db, &scen.id, 1).expect("scenario");
            let allowed: Vec<u16> = (0..db.provisions.len() as u16)
                .filter(|q| db.compiled_scenarios[si].provision_allowed[*q as usize])
                .collect();
            let mut signed = fresh.clone();
            let mut some = allowed.clone();
            some.shuffle(&mut rng);
            some.truncate(3);
            signed.sign(Agreement::new(
                &db,
                0,
                some,
                vec![SideId::Us, SideId::Dprk],
                1,
            ));
            for p in 0..db.personas.len() as u16 {
                for side in SideId::ALL {
                    if !db.compiled_personas[p as usize].sides[side.index()] {
                        continue;
                    }
                    let brain = Brain::new(&db, p, side, si as u16);
                    let Some(masks) = brain.pkg_masks.as_ref() else {
                        continue;
                    };
                    for s in [&fresh, &signed] {
                        for from in SideId::ALL.into_iter().filter(|f| *f != side) {
                            for _ in 0..12 {
                                let mut package = allowed.clone();
                                package.shuffle(&mut rng);
                                package.truncate(rng.random_range(1..=5));
                                let offer = Offer {
                                    id: 0,
                                    from,
                                    to: side,
                                    card: 0,
                                    package,
                                    counter_of: None,
                                    cosign_of: None,
                                    answer: None,
                                };
                                let (mut a, mut b) = (Vec::new(), Vec::new());
                                let by_lists = brain.counter_by_lists(&db, s, &offer, &mut a);
                                let by_bits = brain.counter_by_masks(&db, s, &offer, &mut b, masks);
                                assert_eq!((by_bits, &b), (by_lists, &a), "{} {side:?}", scen.id);
                                compared += 1;
                                built += by_lists as u32;
                            }
                        }
                    }
                }
            }
        }
        assert!(
            compared > 1000 && built > 100,
            "{compared} compared, {built} built"
        );
    }

    /// A package rule that a counter cannot meet by adding (what it needs does not bind the two
    /// sides, or is not on this scenario's table) strikes what set it off: the counter is still
    /// made, without the trigger, and within the persona's rules. Before, such an offer got no
    /// counter at all.
    #[test]
    fn a_rule_the_counter_cannot_meet_strikes_what_set_it_off() {
        let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
        let mut struck = 0;
        for (si, scen) in db.scenarios.iter().enumerate() {
            let s = GameState::new_unstarted(&db, &scen.id, 1).expect("scenario");
            let on_table = &db.compiled_scenarios[si].provision_allowed;
            for p in 0..db.personas.len() as u16 {
                let cp = &db.compiled_personas[p as usize];
                for side in SideId::ALL {
                    if !cp.sides[side.index()] {
                        continue;
                    }
                    let brain = Brain::new(&db, p, side, si as u16);
                    for from in SideId::ALL.into_iter().filter(|f| *f != side) {
                        let can_add =
                            |q: &u16| on_table[*q as usize] && super::binds(&db, *q, side, from);
                        for r in cp.package_rules.iter() {
                            let unmeetable = r.require_all.iter().any(|q| !can_add(q))
                                || (!r.require_any.is_empty()
                                    && !r.require_any.iter().any(can_add));
                            if !unmeetable {
                                continue;
                            }
                            // A trigger the counter keeps (the persona does not refuse it
                            // outright), so that the rule is set off.
                            let kept = |x: &&u16| {
                                on_table[**x as usize]
                                    && !cp.never_accept.contains(x)
                                    && brain.prov[**x as usize] > -2.0
                            };
                            for &x in r.if_any.iter().filter(kept) {
                                let offer = Offer {
                                    id: 0,
                                    from,
                                    to: side,
                                    card: 0,
                                    package: vec![x],
                                    counter_of: None,
                                    cosign_of: None,
                                    answer: None,
                                };
                                let mut pkg = Vec::new();
                                if brain.build_counter_into(&db, &s, &offer, &mut pkg) {
                                    let name = &db.provisions[x as usize].id;
                                    assert!(!pkg.contains(&x), "{} {side:?} kept {name}", scen.id);
                                    assert!(super::package_ok(cp, &pkg), "{} {side:?}", scen.id);
                                    struck += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(struck > 0, "no counter struck a trigger");
    }

    /// The memo hands back the package `build_package` builds, for every persona of every side
    /// to every target in every scenario, as agreements come and go (one memo for them all,
    /// as in a search's scratch space, so entries are found, missed and replaced).
    #[test]
    fn the_package_memo_gives_the_package_built_now() {
        let db = ContentDb::load_dir(&ContentDb::repo_decks_dir()).expect("decks");
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let mut memo = super::PackageMemo::default();
        let mut compared = 0;
        for (si, scen) in db.scenarios.iter().enumerate() {
            let allowed: Vec<u16> = (0..db.provisions.len() as u16)
                .filter(|q| db.compiled_scenarios[si].provision_allowed[*q as usize])
                .collect();
            let mut states = vec![GameState::new_unstarted(&db, &scen.id, 1).expect("scenario")];
            for k in 0..4 {
                let mut s = states[0].clone();
                let mut some = allowed.clone();
                some.shuffle(&mut rng);
                some.truncate(1 + k);
                s.sign(Agreement::new(
                    &db,
                    0,
                    some,
                    vec![SideId::Us, SideId::Dprk],
                    1,
                ));
                states.push(s);
            }
            for p in 0..db.personas.len() as u16 {
                for side in SideId::ALL {
                    if !db.compiled_personas[p as usize].sides[side.index()] {
                        continue;
                    }
                    let brain = Brain::new(&db, p, side, si as u16);
                    for target in SideId::ALL {
                        // The same brain and target in states that differ in what is in
                        // force, twice: the second round finds them all in the memo.
                        for round in 0..2 {
                            for s in &states {
                                let want = brain.build_package(&db, s, target);
                                let got = memo.package(&brain, &db, s, target);
                                assert_eq!(got, want, "{} round {round} {side:?}", scen.id);
                                compared += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(compared > 1000, "{compared} compared");
    }
}
