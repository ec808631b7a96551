//! Reading deck files and turning RON syntax/type errors into located, plain-sentence errors.

use std::path::{Path, PathBuf};

use super::schema::Deck;

/// One deck file's name (as shown in errors) and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// A problem with the content, located in its file where possible.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ContentError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl ContentError {
    pub fn general(message: &str) -> ContentError {
        ContentError {
            file: String::new(),
            line: 0,
            column: 0,
            message: message.to_string(),
        }
    }

    pub fn at(src: &SourceFile, pos: (usize, usize), message: String) -> ContentError {
        ContentError {
            file: src.name.clone(),
            line: pos.0,
            column: pos.1,
            message,
        }
    }
}

impl std::fmt::Display for ContentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.file.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        }
    }
}

pub fn parse_deck(src: &SourceFile) -> Result<Deck, ContentError> {
    ron::Options::default()
        .from_str::<Deck>(&src.text)
        .map_err(|e| {
            let mut msg = plain_ron_message(&e.code.to_string());
            // ron reports a file cut off at a field boundary as an odd field error on the last
            // line; say what actually happened.
            let last_line = src.text.trim_end().lines().count();
            if e.span.start.line >= last_line
                && !msg.contains("truncated")
                && looks_cut_off(&src.text)
            {
                msg = format!("the file ends too early (truncated?): {msg}");
            }
            ContentError::at(src, (e.span.start.line, e.span.start.col), msg)
        })
}

/// Whether the text ends inside a string or with brackets still open: a file cut off mid-write.
/// (Shared with game records, which are RON too.)
pub fn looks_cut_off(text: &str) -> bool {
    let mut depth: i64 = 0;
    let mut in_str = false;
    let mut escaped = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_str {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '/' if chars.peek() == Some(&'/') => {
                // A line comment: skip to the end of the line.
                for c2 in chars.by_ref() {
                    if c2 == '\n' {
                        break;
                    }
                }
            }
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
    }
    in_str || depth > 0
}

/// ron's messages are close to plain English already; make the commonest ones read as sentences.
fn plain_ron_message(raw: &str) -> String {
    let mut m = raw.trim().to_string();
    if m.starts_with("Unexpected end of RON") || m.contains("Unexpected end") {
        m = format!("the file ends too early (truncated?): {m}");
    }
    if let Some(field) = m.strip_prefix("Unexpected missing field named ") {
        m = format!("missing field {field}");
    }
    m
}

/// Finds the 1-based (line, column) of the first occurrence of `needle` in `text` at or after
/// `from` (a byte offset), or of the first occurrence anywhere, or (1, 1).
pub fn locate(text: &str, needle: &str, from: usize) -> (usize, usize) {
    let found = text
        .get(from..)
        .and_then(|t| t.find(needle).map(|i| i + from))
        .or_else(|| text.find(needle));
    match found {
        Some(off) => line_col(text, off),
        None => (1, 1),
    }
}

pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rfind('\n').map(|i| offset - i).unwrap_or(offset + 1);
    (line, col)
}

/// Every `.ron` file under `dir`, recursively, in path order.
pub fn read_dir_sources(dir: &Path) -> Result<Vec<SourceFile>, Vec<ContentError>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    collect(dir, &mut files, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    if files.is_empty() {
        return Err(vec![ContentError::general(&format!(
            "no .ron files found in {}",
            dir.display()
        ))]);
    }
    files.sort();
    let mut out = Vec::new();
    for path in files {
        match std::fs::read_to_string(&path) {
            Ok(text) => out.push(SourceFile {
                name: path.display().to_string(),
                text,
            }),
            Err(e) => errors.push(ContentError {
                file: path.display().to_string(),
                line: 0,
                column: 0,
                message: format!("cannot read the file: {e}"),
            }),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<ContentError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(ContentError::general(&format!(
                "cannot read the decks folder {}: {e}",
                dir.display()
            )));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files, errors);
        } else if path.extension().is_some_and(|x| x == "ron") {
            files.push(path);
        }
    }
}

/// Where to read decks from: an explicit folder, `BRINK_DECKS`, `./decks`, or `decks/` beside the
/// executable. None means "use the embedded decks".
pub fn find_decks_dir(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    if let Ok(p) = std::env::var("BRINK_DECKS")
        && !p.is_empty()
    {
        return Some(PathBuf::from(p));
    }
    let cwd = PathBuf::from("decks");
    if cwd.join("core.ron").is_file() {
        return Some(cwd);
    }
    if let Ok(exe) = std::env::current_exe()
        && let Some(dir) = exe.parent()
    {
        let d = dir.join("decks");
        if d.join("core.ron").is_file() {
            return Some(d);
        }
    }
    None
}

/// FNV-1a 64 over names and texts, with the folder part of each name stripped so the same decks
/// hash the same wherever they are read from.
pub fn hash_sources(sources: &[SourceFile]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h ^= *b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    };
    let mut items: Vec<(String, &str)> = sources
        .iter()
        .map(|s| (relative_name(&s.name), s.text.as_str()))
        .collect();
    items.sort();
    for (name, text) in items {
        eat(name.as_bytes());
        eat(&[0]);
        eat(text.as_bytes());
        eat(&[0]);
    }
    h
}

/// "some/where/decks/cards/us.ron" → "cards/us.ron".
fn relative_name(name: &str) -> String {
    let n = name.replace('\\', "/");
    match n.rfind("decks/") {
        Some(i) => n[i + 6..].to_string(),
        None => n,
    }
}
