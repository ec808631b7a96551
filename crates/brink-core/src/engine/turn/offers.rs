//! Offers: made after planning (step 3), then accepted, rejected or rebuffed in the resolution (step 4).

use super::*;

/// One past the largest id (equal to the count in a real game, where ids are positions; a
/// search opponent's sampled world holds only the offers its side saw).
pub(super) fn next_offer_id(s: &GameState) -> u16 {
    s.offers.iter().map(|o| o.id + 1).max().unwrap_or(0)
}

/// Puts an offer (or counter) on the table, followed by a request to co-sign for every other
/// seated side its package would bind: an agreement binds only the sides that accepted it.
pub(super) fn make_offer<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S, offer: Offer) {
    // The seated sides the package obliges, less its two ends, as a mask.
    let mut obliged = 0u8;
    for &p in &offer.package {
        obliged |= db.compiled_provisions[p as usize].obliges;
    }
    let ends = 1u8 << offer.from.index() | 1u8 << offer.to.index();
    let cosigners = obliged & s.seated_mask() & !ends;
    let (id, from, card, counter_of) = (offer.id, offer.from, offer.card, offer.counter_of);
    log_offer(sink, &offer);
    s.offers.push(offer);
    // Most offers bind no third side: copy the package only for a request to co-sign.
    if cosigners == 0 {
        return;
    }
    for x in SideId::ALL {
        if cosigners >> x.index() & 1 == 0 {
            continue;
        }
        let mut package = s.spare_packages.take();
        package.extend_from_slice(&s.offers[s.offers.len() - 1].package);
        let request = Offer {
            id: next_offer_id(s),
            from,
            to: x,
            card,
            package,
            counter_of,
            cosign_of: Some(id),
            answer: None,
        };
        log_offer(sink, &request);
        s.offers.push(request);
    }
}

pub(super) fn log_offer<S: Sink>(sink: &mut S, o: &Offer) {
    if S::ENABLED {
        sink.log(LogEntry::Offer {
            id: o.id,
            from: o.from,
            to: o.to,
            card: o.card,
            package: o.package.clone(),
            counter_of: o.counter_of,
            cosign_of: o.cosign_of,
        });
    }
}

/// The first side asked to co-sign offer `id` that did not accept, if any.
pub(super) fn cosign_refused(offers: &[Offer], id: u16) -> Option<SideId> {
    offers
        .iter()
        .find(|c| c.cosign_of == Some(id) && c.answer != Some(Response::Accept))
        .map(|c| c.to)
}

pub(super) fn after_planning<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S) {
    s.clear_offers();
    for side in SideId::ALL {
        let n = s.plans[side.index()].as_ref().map_or(0, Vec::len);
        for k in 0..n {
            let Some(m) = s.plans[side.index()].as_ref().and_then(|p| p.get(k)) else {
                break;
            };
            let c = &db.compiled_cards[m.card as usize];
            if c.kind != MoveKind::Offer {
                continue;
            }
            let Some(to) = target_of(db, m) else { continue };
            let mut package = s.spare_packages.take();
            match &c.package {
                CompiledPackage::None => {}
                CompiledPackage::Fixed(p) => package.extend_from_slice(p),
                CompiledPackage::Chosen => package.extend_from_slice(&m.package),
            }
            let offer = Offer {
                id: s.offers.len() as u16,
                from: side,
                to,
                card: m.card,
                package,
                counter_of: None,
                cosign_of: None,
                answer: None,
            };
            make_offer(db, s, sink, offer);
        }
    }
    if s.offers.is_empty() {
        resolve(db, s, sink);
    } else {
        s.phase = Phase::Responses { round: 1 };
    }
}

/// The offerer's card takes effect and, if it carries provisions, an agreement is signed.
pub(super) fn accept<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    o: &Offer,
    package: &[ProvIx],
) {
    let c = &db.compiled_cards[o.card as usize];
    let a = Apply {
        actor: o.from,
        target: Some(o.to),
        cause: Cause::Card {
            side: o.from,
            card: o.card,
        },
        secret: None,
    };
    apply_card_effects(db, s, sink, c, a);
    if package.is_empty() {
        // Accepting answers the offer's signal in kind.
        let back: f32 = c.signals.iter().map(|x| x.value).sum::<f32>().max(0.0);
        emit(
            db,
            s,
            sink,
            o.to,
            o.from,
            back,
            1.0,
            Why::Card(o.card),
            None,
        );
        return;
    }
    if let Some((held, needed)) = short_of_talks(db, s, o, package) {
        agree_in_principle(db, s, sink, o, package, held, needed);
        return;
    }
    let id = s.agreements().len() as u16;
    let parties = parties_to(db, s, o, package);
    // What agreements in force already hold takes effect once: signing it again adds nothing.
    let held_before = s.provisions_in_force();
    let held = |s: &GameState, p: ProvIx| {
        if (p as usize) < crate::content::check::MAX_FAST_PROVISIONS {
            held_before >> p & 1 != 0
        } else {
            s.provision_in_force(p)
        }
    };
    let mut already = [false; 32];
    for (k, &p) in package.iter().enumerate().take(already.len()) {
        already[k] = held(s, p);
    }
    let provisions = s.new_package(package);
    let turn = s.turn;
    s.sign(Agreement::new(db, id, provisions, parties, turn));
    if S::ENABLED {
        let parties = s.agreements().last().map(|a| a.parties.clone());
        sink.log(LogEntry::Signed {
            agreement: id,
            parties: parties.unwrap_or_default(),
            provisions: package.to_vec(),
        });
    }
    for (k, &p) in package.iter().enumerate() {
        if already.get(k).copied().unwrap_or(false) {
            continue;
        }
        let a = Apply {
            actor: o.from,
            target: Some(o.to),
            cause: Cause::Signing {
                agreement: id,
                provision: p,
            },
            secret: None,
        };
        let prov = &db.compiled_provisions[p as usize];
        let fast = prov.fast_on_sign.get(a.actor, a.target);
        apply_resolved(db, s, sink, &prov.on_sign, fast, a);
    }
    // A party that broke a provision openly this very turn (tested, then signed a test halt)
    // has broken it on signing: the agreement is void from the start, with the cause recorded.
    for side in SideId::ALL {
        let Some(plan) = s.plans[side.index()].as_ref() else {
            continue;
        };
        let mut broken: Option<ProvIx> = None;
        for m in plan {
            let c = &db.compiled_cards[m.card as usize];
            if c.kind == MoveKind::Unilateral
                && let Some(&p) = c.violates.iter().find(|p| package.contains(p))
            {
                broken = Some(p);
                break;
            }
        }
        if let Some(p) = broken {
            violate(db, s, sink, side, p, false);
        }
    }
    signing_good_will(db, s, sink, o);
}

/// A signing's good will, both ways: the side that said yes signals to the offerer, and the
/// offerer half as much back.
fn signing_good_will<S: Sink>(db: &ContentDb, s: &mut GameState, sink: &mut S, o: &Offer) {
    let sign = db.derived.sign_signal;
    emit(
        db,
        s,
        sink,
        o.to,
        o.from,
        sign,
        1.0,
        Why::Card(o.card),
        None,
    );
    emit(
        db,
        s,
        sink,
        o.from,
        o.to,
        sign * 0.5,
        1.0,
        Why::Card(o.card),
        None,
    );
}

/// Whether accepting `o` now would only agree its package in principle, for want of talks:
/// the rounds the two ends of the offer have held and the rounds its limits need, when short
/// (what the answer screen tells the side deciding).
pub fn talks_short(db: &ContentDb, s: &GameState, o: &Offer) -> Option<(u8, u8)> {
    short_of_talks(db, s, o, &o.package)
}

/// `talks_short` for `package` offered along `o` (a signing holds the package apart from the
/// offer while it writes the agreement).
fn short_of_talks(
    db: &ContentDb,
    s: &GameState,
    o: &Offer,
    package: &[ProvIx],
) -> Option<(u8, u8)> {
    let needed = rounds_needed(db, s, package);
    if needed == 0 {
        return None;
    }
    let held = rounds_held(db, s, o, package);
    (needed > held).then_some((held, needed))
}

/// The rounds of talks held between the sides `package` binds, across the table: each bound
/// side outside the US alliance (the DPRK, China) with the bound allies, the camp counted as
/// one (the talks of 2018 ran through Washington and Seoul alike). The rounds are what the bound
/// sides owe each other before they sign, whoever carries the offer: China's freeze-for-freeze
/// offered to Washington binds the North and the US-ROK drills, so it needs the North and the
/// allies to have talked, not China and the US. A package that binds no ally counts the bound
/// side's rounds with the offer's ends; one that binds only allies, the offer's two ends.
fn rounds_held(db: &ContentDb, s: &GameState, o: &Offer, package: &[ProvIx]) -> u8 {
    let mut bound = 0u8;
    for &p in package {
        let prov = &db.compiled_provisions[p as usize];
        if prov.rounds > 0 && !s.provision_in_force(p) {
            for &side in prov.obligations.iter() {
                if s.seated(side) {
                    bound |= 1 << side.index();
                }
            }
        }
    }
    let is_bound = |x: SideId| bound >> x.index() & 1 != 0;
    let allies_bound = SideId::ALL.iter().any(|&y| is_bound(y) && y.in_alliance());
    let mut fewest: Option<u8> = None;
    for x in SideId::ALL {
        if !is_bound(x) || x.in_alliance() {
            continue;
        }
        // The most rounds this side has held with the other camp at the table.
        let across = SideId::ALL
            .iter()
            .filter(|&&y| {
                y != x
                    && if allies_bound {
                        is_bound(y) && y.in_alliance()
                    } else {
                        y == o.from || y == o.to
                    }
            })
            .map(|&y| s.talks[x.index()][y.index()])
            .max();
        if let Some(held) = across {
            fewest = Some(fewest.map_or(held, |f| f.min(held)));
        }
    }
    fewest.unwrap_or(s.talks[o.from.index()][o.to.index()])
}

/// The most rounds of talks a provision of `package` needs before it can be signed
/// (`CompiledProvision::rounds`); a provision an agreement in force already holds needs none.
fn rounds_needed(db: &ContentDb, s: &GameState, package: &[ProvIx]) -> u8 {
    let mut most = 0;
    for &p in package {
        let r = db.compiled_provisions[p as usize].rounds;
        if r > most && !s.provision_in_force(p) {
            most = r;
        }
    }
    most
}

/// The parties to what `o` agrees: the two who made and took it, and every seated side the
/// package binds (each agreed to co-sign it, or the offer would have been refused), in order.
fn parties_to(db: &ContentDb, s: &GameState, o: &Offer, package: &[ProvIx]) -> Vec<SideId> {
    // Room for every side at once: the list never grows after this one allocation.
    let mut parties = Vec::with_capacity(SideId::ALL.len());
    parties.extend([o.from, o.to]);
    for &p in package {
        for &side in db.compiled_provisions[p as usize].obligations.iter() {
            if s.seated(side) && !parties.contains(&side) {
                parties.push(side);
            }
        }
    }
    parties.sort();
    parties
}

/// Agreed in principle (design §10; issue 21, "deals come too fast"): the package needs more
/// rounds of talks than the two have held, so nothing is signed that binds or limits. The
/// card has taken effect and the two exchange a signing's good will; the package is written
/// into a statement between the two (their earlier one in force, if any), binding nothing: the
/// record of the talks. The pledge of June 1994 and the Geneva
/// agreed statement of 12 August 1994 came this way before the Agreed Framework of October.
pub(super) fn agree_in_principle<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    o: &Offer,
    package: &[ProvIx],
    held: u8,
    needed: u8,
) {
    // Agreeing is a signal of good will both ways, as a signing is: the June 1994 pledge
    // brought the crisis down before anything was signed.
    signing_good_will(db, s, sink, o);
    // The sides the package would bind agreed to co-sign it (or the offer would have been
    // refused): they are at the talks too, as they are parties to a signing.
    let parties = parties_to(db, s, o, package);
    // Talks are under way: what a persona's rules may read (the North held back its threats
    // between the pledge and the signing in 1994).
    if let Some(f) = db.derived.flag_talks_under_way
        && parties.contains(&SideId::Dprk)
    {
        s.flags |= 1u128 << f;
    }
    // A new pledge to freeze, after an earlier one lapsed, is a statement of its own: the
    // lapsed one stays on the record as it ended.
    let pledges_freeze = package
        .iter()
        .any(|&q| db.compiled_provisions[q as usize].freezes != 0);
    let earlier = s.agreements().iter().position(|a| {
        a.status == AgreementStatus::InForce
            && a.provisions.is_empty()
            && !a.in_principle.is_empty()
            && a.parties == parties
            && (a.pledge_lapsed.is_none() || !pledges_freeze)
    });
    let (id, new) = match earlier {
        Some(i) => {
            s.add_in_principle(i, package);
            (i as u16, false)
        }
        None => {
            let id = s.agreements().len() as u16;
            let turn = s.turn;
            let mut a = Agreement::new(db, id, Vec::new(), parties.clone(), turn);
            a.in_principle.extend_from_slice(package);
            s.sign(a);
            (id, true)
        }
    };
    if S::ENABLED {
        sink.log(LogEntry::InPrinciple {
            agreement: id,
            new,
            parties,
            provisions: package.to_vec(),
            held,
            needed,
        });
    }
}

/// `by` turned the offer (or, for a counter, the counter-package) down. The card's `on_reject`
/// effects are written from its owner's side, so the owner stays the actor either way.
pub(super) fn reject<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    o: &Offer,
    by: SideId,
) {
    let c = &db.compiled_cards[o.card as usize];
    let other = if by == o.from { o.to } else { o.from };
    if by != o.from && by != o.to {
        // A side asked to co-sign refused. The card's `on_reject` effects are written for its
        // addressee turning it down, which is not what happened: only the rebuff's signal,
        // from the refusing side to the proposer.
        rebuff(db, s, sink, o, by, other);
        return;
    }
    let a = Apply {
        actor: o.from,
        target: Some(o.to),
        cause: Cause::Rejection {
            side: by,
            card: o.card,
        },
        secret: None,
    };
    let fast = c.fast_on_reject.get(a.actor, a.target);
    apply_resolved(db, s, sink, &c.on_reject, fast, a);
    rebuff(db, s, sink, o, by, other);
}

/// The signal of turning an offer down: from `by` to `other`, raising tension.
pub(super) fn rebuff<S: Sink>(
    db: &ContentDb,
    s: &mut GameState,
    sink: &mut S,
    o: &Offer,
    by: SideId,
    other: SideId,
) {
    let v = db.derived.reject_signal;
    if v != 0.0 && s.seated(other) {
        s.turn_signal[by.index()][other.index()] += v;
        let r = &db.rules;
        let dt = -v * r.signal_weight * (1.0 + r.spiral * s.tension() / 100.0);
        change(
            s,
            sink,
            MeterRef::Meter(Meter::Tension),
            dt,
            Cause::Rejection {
                side: by,
                card: o.card,
            },
            None,
        );
    }
}
