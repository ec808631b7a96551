//! A persona compiled: the sides it may play, its weights and rules, each reference resolved.
//! Apart because the AI's knobs are checked against the cards and provisions, not the other
//! way round.

use std::collections::HashMap;

use crate::content::IdRef;
use crate::content::compiled::*;
use crate::content::schema::*;

use super::{Ctx, Origin};

pub(super) fn build_persona(
    ctx: &mut Ctx,
    p: &Persona,
    o: Origin,
    ids: &HashMap<String, IdRef>,
    cards: &[(Card, Origin)],
) -> CompiledPersona {
    if p.sides.is_empty() {
        ctx.errors
            .push(o.err("sides:", format!("persona \"{}\" plays no side", p.id)));
    }
    let mut sides = [false; 5];
    for s in &p.sides {
        sides[s.index()] = true;
    }
    let card = |ctx: &mut Ctx, id: &str| -> CardIx {
        match ids.get(id) {
            Some(IdRef::Card(i)) => {
                let side = cards[*i as usize].0.side;
                if !sides[side.index()] {
                    ctx.errors.push(o.err_ref(
                        id,
                        format!(
                            "card \"{id}\" belongs to {}, which persona \"{}\" does not play",
                            side.id(),
                            p.id
                        ),
                    ));
                }
                *i
            }
            _ => {
                ctx.errors
                    .push(o.err_ref(id, format!("unknown card \"{id}\"")));
                0
            }
        }
    };
    let card_list = |ctx: &mut Ctx, list: &[(String, f32)]| -> Box<[(CardIx, f32)]> {
        list.iter().map(|(id, v)| (card(ctx, id), *v)).collect()
    };
    let card_bias = card_list(ctx, &p.card_bias);
    let rules = p
        .rules
        .iter()
        .map(|r| {
            if r.reason.trim().is_empty() {
                ctx.errors.push(o.err(
                    "reason:",
                    format!("persona \"{}\": every rule needs a reason", p.id),
                ));
            }
            CompiledPersonaRule {
                when: ctx.cond(o, &r.when),
                cards: card_list(ctx, &r.cards),
                cooperation: r.cooperation,
                accept: r.accept,
                back_down: r.back_down,
            }
        })
        .collect();
    let provs = |ctx: &mut Ctx, list: &[String]| -> Box<[ProvIx]> {
        list.iter().map(|id| ctx.provision(o, id)).collect()
    };
    let mut meter_weights = [0.0; 6];
    for (m, w) in &p.meter_weights {
        meter_weights[m.index()] += w;
    }
    let mut programme_weights = [0.0; PROGRAMME_FIELDS];
    for (f, w) in &p.programme_weights {
        programme_weights[f.index()] += w;
    }
    let mut trust_weights = [0.0; 5];
    for (s, w) in &p.trust_weights {
        trust_weights[s.index()] += w;
    }
    let flag_weights = p
        .flag_weights
        .iter()
        .map(|(f, w)| (ctx.flag(o, f), *w))
        .collect();
    let provision_bias = p
        .provision_bias
        .iter()
        .map(|(id, w)| (ctx.provision(o, id), *w))
        .collect();
    let package_rules = p
        .package_rules
        .iter()
        .map(|r| CompiledPackageRule {
            if_any: provs(ctx, &r.if_any),
            require_all: provs(ctx, &r.require_all),
            require_any: provs(ctx, &r.require_any),
        })
        .collect();
    CompiledPersona {
        sides,
        cooperation: p.cooperation,
        objectives: p.objectives,
        caution: p.caution,
        meter_weights,
        programme_weights,
        flag_weights,
        trust_weights,
        support_weight: p.support_weight,
        card_bias,
        rules,
        reserve_pc: p.reserve_pc,
        min_value: p.min_value,
        temperature: p.temperature,
        provision_bias,
        never_accept: provs(ctx, &p.never_accept),
        require_in_package: provs(ctx, &p.require_in_package),
        package_rules,
        accept_threshold: p.accept_threshold,
        asks: provs(ctx, &p.asks),
        gives: provs(ctx, &p.gives),
        max_asks: p.max_asks,
        generosity: p.generosity,
        back_down_above: p.back_down_above,
    }
}
