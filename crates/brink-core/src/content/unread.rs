//! What a deck file that could not be parsed would have defined, so the errors it causes
//! elsewhere are folded into its own instead of burying it.
//!
//! One broken card file leaves every use of its cards unknown: fifty "unknown card" lines
//! in the personas and scenarios, with the one real mistake at the top. The file's text is
//! still there, so the ids it defines (`id: "…"`) and the sections it holds (`ladder:`,
//! `rules:`) can be read from it without parsing it. An error that names only such things
//! is a consequence, not a second mistake: it is counted on the broken file's own error.
//! A genuine typo elsewhere names an id the broken file does not define, and stays.

use std::collections::HashSet;

use super::load::{ContentError, SourceFile};

/// The ids and top-level sections an unparsed file's text mentions.
pub struct Unread {
    pub file: String,
    ids: HashSet<String>,
    text: String,
}

impl Unread {
    pub fn new(src: &SourceFile) -> Unread {
        Unread {
            file: src.name.clone(),
            ids: defined_ids(&src.text),
            text: src.text.clone(),
        }
    }

    /// Whether `e` follows from this file not being read: every quoted name in it is an id
    /// this file defines, or it says a section is missing that this file holds.
    fn explains(&self, e: &ContentError) -> bool {
        let quoted = quoted(&e.message);
        if !quoted.is_empty() {
            return quoted.iter().all(|q| self.ids.contains(*q));
        }
        // "no rules are defined (a deck needs `rules: Some((...))`)"
        match e
            .message
            .split('`')
            .nth(1)
            .and_then(|s| s.split(':').next())
        {
            Some(section) if e.message.starts_with("no ") => {
                self.text.contains(&format!("{section}:"))
            }
            _ => false,
        }
    }
}

/// Removes from `errors[checked_from..]` every error an unread file explains, and adds to that
/// file's own error (in `errors[..checked_from]`) how many uses went unchecked.
pub fn fold(errors: &mut Vec<ContentError>, checked_from: usize, unread: &[Unread]) {
    if unread.is_empty() {
        return;
    }
    let mut folded = vec![0usize; unread.len()];
    let mut i = checked_from;
    while i < errors.len() {
        match unread.iter().position(|u| u.explains(&errors[i])) {
            Some(u) => {
                folded[u] += 1;
                errors.remove(i);
            }
            None => i += 1,
        }
    }
    for (u, n) in unread.iter().zip(folded) {
        if n == 0 {
            continue;
        }
        if let Some(own) = errors[..checked_from].iter_mut().find(|e| e.file == u.file) {
            let uses = if n == 1 { "use" } else { "uses" };
            own.message.push_str(&format!(
                " ({n} {uses} elsewhere of what this file defines could not be checked: fix this first)"
            ));
        }
    }
}

/// The strings written as `id: "…"` in a deck's text.
fn defined_ids(text: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("id:") {
        // Only a field named exactly `id`, not `event_id:` or the like.
        let before = rest[..at].chars().next_back();
        rest = &rest[at + 3..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        // The quoted value on the same line, even if the mistake is in front of it
        // (`id: @"x"` still defines "x" as far as its uses elsewhere are concerned).
        let line = rest.split('\n').next().unwrap_or("");
        if line.matches('"').count() >= 2 {
            ids.extend(line.split('"').nth(1).map(str::to_string));
        }
    }
    ids
}

/// The names quoted in an error message: `unknown card "x" in …` gives `x`.
fn quoted(message: &str) -> Vec<&str> {
    message.split('"').skip(1).step_by(2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_field_named_id_defines_one() {
        let ids = defined_ids("( id: \"a\",\n event_id: \"b\",\n x: (id:\"c\"),\n id: @\"d\" )");
        assert!(ids.contains("a") && ids.contains("c") && ids.contains("d"));
        assert!(!ids.contains("b"));
    }

    #[test]
    fn an_id_the_file_does_not_define_stays_an_error() {
        let src = SourceFile {
            name: "cards/us.ron".into(),
            text: "( cards: [ ( id: \"us-summit\", ) @@ ] )".into(),
        };
        let unread = Unread::new(&src);
        let err = |m: &str| ContentError {
            file: "personas.ron".into(),
            line: 1,
            column: 1,
            message: m.into(),
        };
        assert!(unread.explains(&err("unknown card \"us-summit\"")));
        assert!(!unread.explains(&err("unknown card \"us-sumit\"")));
        assert!(!unread.explains(&err("a weight must be positive")));
    }
}
