//! Dates: an item's window of months (`dates`), its earlier precedents, and the turns of a
//! scenario that fall inside a window. Month arithmetic in one place, so every kind of item
//! (cards, events, provisions, facilities) is dated the same way.

use crate::content::load::ContentError;
use crate::content::schema::*;

use super::Origin;

pub(super) fn parse_year_month(s: &str) -> Option<(i32, u8)> {
    let (y, m) = s.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let y: i32 = y.parse().ok()?;
    let m: u8 = m.parse().ok()?;
    if (1..=12).contains(&m) {
        Some((y, m))
    } else {
        None
    }
}

/// A month as a count from year 0 ("1994-06" is 1994 × 12 + 5), so that dates compare and
/// step by turns with integer arithmetic.
pub(super) type Month = i32;

pub(super) fn month_of(y: i32, m: u8) -> Month {
    y * 12 + m as i32 - 1
}

/// A precedent's date ("2018-06-12", "2017-08" or "1994") as the LAST month it may mean: a
/// precedent dated only by its year happened some time in that year, so an item possible from
/// any month of it is consistent with it.
pub(super) fn precedent_month(date: &str) -> Option<Month> {
    let mut parts = date.split('-');
    let y: i32 = parts.next()?.parse().ok()?;
    match parts.next() {
        None => Some(month_of(y, 12)),
        Some(m) => {
            let m: u8 = m.parse().ok()?;
            (1..=12).contains(&m).then(|| month_of(y, m))
        }
    }
}

/// An item's window of dates, checked: (first month, last month or None).
pub(super) type Window = (Month, Option<Month>);

/// Checks an item's `dates` (present, well formed, in order, and not after its own precedent,
/// which shows it was possible then) and returns its window; None after an error.
pub(super) fn check_dates(
    errors: &mut Vec<ContentError>,
    o: Origin,
    kind: &str,
    id: &str,
    d: &Dates,
    precedent: &Precedent,
    earlier: &[Precedent],
) -> Option<Window> {
    if d.from.is_empty() {
        errors.push(o.err_ref(
            id,
            format!(
                "{kind} \"{id}\" has no dates: add `dates: (from: \"YYYY-MM\", why: \"...\")` \
                 (the first month it could happen, and why)"
            ),
        ));
        return None;
    }
    let parse = |field: &str, s: &str, errors: &mut Vec<ContentError>| match parse_year_month(s) {
        Some((y, m)) => Some(month_of(y, m)),
        None => {
            errors.push(o.err(
                &format!("\"{s}\""),
                format!(
                    "{kind} \"{id}\": {field} \"{s}\" must be a year and month like \"2006-10\""
                ),
            ));
            None
        }
    };
    let from = parse("from", &d.from, errors)?;
    let until = match &d.until {
        Some(u) => Some(parse("until", u, errors)?),
        None => None,
    };
    if until.is_some_and(|u| u < from) {
        errors.push(o.err(
            "until:",
            format!(
                "{kind} \"{id}\": until {} is before from {}",
                d.until.as_deref().unwrap_or_default(),
                d.from
            ),
        ));
        return None;
    }
    if d.why.trim().is_empty() {
        errors.push(o.err(
            "why:",
            format!("{kind} \"{id}\": say why its dates are what they are (`why`)"),
        ));
    }
    check_earlier(errors, o, kind, id, precedent, earlier, from);
    if let Some(p) = precedent_month(&precedent.date)
        && p < from
    {
        errors.push(o.err(
            "dates:",
            format!(
                "{kind} \"{id}\" is possible only from {}, but its precedent is dated {}: \
                 the first possible date cannot come after what happened",
                d.from, precedent.date
            ),
        ));
    }
    Some((from, until))
}

/// Checks an item's earlier precedents: each dated, said and sourced, oldest first, before the
/// main precedent and not before the item's first possible month.
pub(super) fn check_earlier(
    errors: &mut Vec<ContentError>,
    o: Origin,
    kind: &str,
    id: &str,
    main: &Precedent,
    earlier: &[Precedent],
    from: Month,
) {
    let mut last: Option<Month> = None;
    for e in earlier {
        let at = format!("\"{}\"", e.date);
        let Some(m) = precedent_month(&e.date) else {
            errors.push(o.err(
                &at,
                format!(
                    "{kind} \"{id}\": an earlier precedent's date \"{}\" must be like \"1994-06-15\", \"1994-06\" or \"1994\"",
                    e.date
                ),
            ));
            continue;
        };
        let problem = if e.text.trim().is_empty() || e.source.trim().is_empty() {
            Some("needs its text and its source".to_string())
        } else if e.first_month() >= main.first_month() {
            Some(format!(
                "is not before the main precedent ({}): earlier ones come before it",
                main.date
            ))
        } else if last.is_some_and(|l| m < l) {
            Some("comes before the one above it: list them oldest first".to_string())
        } else if m < from {
            Some(format!(
                "is before the first month the {kind} is possible ({})",
                month_name(from)
            ))
        } else {
            None
        };
        if let Some(p) = problem {
            errors.push(o.err(
                &at,
                format!("{kind} \"{id}\": the earlier precedent of {} {p}", e.date),
            ));
        }
        last = Some(m);
    }
}

/// The turns of a scenario (1-based) on which an item with this window may happen: (first,
/// last), or None if none of them falls inside.
pub(super) fn turns_inside(
    w: Window,
    start: Month,
    turn_months: u8,
    turns: u16,
) -> Option<(u16, u16)> {
    let month = |t: u16| start + (t as i32 - 1) * turn_months.max(1) as i32;
    let inside = |t: &u16| month(*t) >= w.0 && w.1.is_none_or(|u| month(*t) <= u);
    let first = (1..=turns).find(inside)?;
    let last = (first..=turns).rev().find(inside)?;
    Some((first, last))
}

/// A month as "YYYY-MM".
pub(super) fn month_name(m: Month) -> String {
    format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
}
