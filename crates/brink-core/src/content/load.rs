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
            let mut msg = plain_ron_error(&e.code);
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

/// A RON syntax or type error in plain words: what was expected, in the deck's own terms, not
/// the parser's ("Expected opening `(` for struct `Deck`", "try increasing
/// `ron::Options::recursion_limit`"). Shared with game records, which are RON too.
pub fn plain_ron_error(code: &ron::Error) -> String {
    use ron::Error as E;
    match code {
        E::Eof => "the file ends too early (truncated?)".to_string(),
        E::ExpectedArray => "expected a list here, opening with `[`".to_string(),
        E::ExpectedArrayEnd => {
            "expected `]` to close the list (or a comma before the next item)".to_string()
        }
        E::ExpectedComma => "expected a comma between two items".to_string(),
        E::ExpectedMapColon => "expected a colon after the field's name".to_string(),
        E::ExpectedStructLike => "expected `(` opening a group of fields here".to_string(),
        E::ExpectedNamedStructLike(name) => format!(
            "expected `(` opening {} here",
            thing(name).unwrap_or("a group of fields")
        ),
        E::ExpectedDifferentStructName { expected, found } => format!(
            "expected {} here, not `{found}`",
            thing(expected).unwrap_or("another kind of item")
        ),
        E::ExpectedStructLikeEnd | E::ExpectedOptionEnd => {
            "expected `)` to close this item (or a comma before the next field)".to_string()
        }
        E::ExpectedFloat => "expected a number here (like 2.5)".to_string(),
        E::ExpectedInteger => "expected a whole number here (an integer, like 3)".to_string(),
        E::IntegerOutOfBounds => {
            "this whole number is too large (or negative) for its field".to_string()
        }
        E::ExpectedBoolean => "expected true or false here".to_string(),
        E::ExpectedString | E::ExpectedStringEnd => {
            "expected text in double quotes here (\"like this\")".to_string()
        }
        E::ExpectedOption => "expected Some(...) or None here".to_string(),
        E::ExpectedIdentifier => "expected a name here".to_string(),
        E::ExceededRecursionLimit => {
            "brackets are nested too deeply to read (a deck needs only a few levels)".to_string()
        }
        E::UnclosedBlockComment => "a /* comment */ is never closed".to_string(),
        E::UnexpectedChar(c) => format!("unexpected character {c:?} here"),
        E::TrailingCharacters => {
            "there is more text after the file's closing `)`: one file holds one `( ... )`"
                .to_string()
        }
        E::Utf8Error(_) => "the file is not UTF-8 text; save it as UTF-8".to_string(),
        E::MissingStructField { field, .. } => format!("missing field `{field}`"),
        E::DuplicateStructField { field, .. } => format!("the field `{field}` is given twice"),
        other => {
            let m = other.to_string();
            let mut c = m.chars();
            match c.next() {
                Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
                None => m,
            }
        }
    }
}

/// What a schema type is, in words, for the parser's messages.
fn thing(type_name: &str) -> Option<&'static str> {
    Some(match type_name {
        "Deck" => "the deck (a deck file is one `( ... )` holding lists such as `cards: [...]`)",
        "GameRecord" => "the game record",
        "Card" => "a card",
        "EventCard" => "an event",
        "Provision" => "a provision",
        "Scenario" => "a scenario",
        "Persona" => "a persona",
        "Rules" => "the rules",
        _ => return None,
    })
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

/// The most `.ron` files, the deepest folder nesting and the largest file a decks folder may
/// have: far beyond any real deck, and small enough that a hostile folder cannot exhaust memory.
const MAX_FILES: usize = 10_000;
const MAX_DEPTH: usize = 32;
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Every `.ron` file under `dir`, recursively, in path order.
///
/// A folder reached twice (symlinks such as `a -> .` or `cards/loop -> ..`) is read once; a file
/// that is not a regular file (a pipe, a device) is an error, never opened, so nothing blocks;
/// file size, count and depth are bounded.
pub fn read_dir_sources(dir: &Path) -> Result<Vec<SourceFile>, Vec<ContentError>> {
    let mut walk = Walk::default();
    walk.dir(dir, 0);
    let Walk {
        mut files,
        mut errors,
        ..
    } = walk;
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
        match read_text(&path) {
            Ok(text) => out.push(SourceFile {
                name: path.display().to_string(),
                text,
            }),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    errors: Vec<ContentError>,
    /// Canonical paths of the folders and files already taken.
    seen: std::collections::HashSet<PathBuf>,
}

impl Walk {
    fn dir(&mut self, dir: &Path, depth: usize) {
        if let Ok(real) = dir.canonicalize()
            && !self.seen.insert(real)
        {
            // Reached again through a symlink: its files are already taken.
            return;
        }
        if depth > MAX_DEPTH {
            self.errors.push(ContentError::general(&format!(
                "the decks folder nests more than {MAX_DEPTH} folders deep at {}",
                dir.display()
            )));
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                self.errors.push(ContentError::general(&format!(
                    "cannot read the decks folder {}: {e}",
                    dir.display()
                )));
                return;
            }
        };
        let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            // `metadata` follows a symlink to what it names; a dangling link is skipped.
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                self.dir(&path, depth + 1);
            } else if path.extension().is_some_and(|x| x == "ron") {
                if !meta.is_file() {
                    self.errors.push(ContentError {
                        file: path.display().to_string(),
                        line: 0,
                        column: 0,
                        message: "is not a regular file (a pipe, a socket or a device); a deck \
                                  must be a text file"
                            .to_string(),
                    });
                    continue;
                }
                if meta.len() > MAX_FILE_BYTES {
                    self.errors.push(ContentError {
                        file: path.display().to_string(),
                        line: 0,
                        column: 0,
                        message: format!(
                            "is {} MB; a deck file is text of at most {} MB",
                            meta.len() / (1024 * 1024),
                            MAX_FILE_BYTES / (1024 * 1024)
                        ),
                    });
                    continue;
                }
                let real = path.canonicalize().unwrap_or_else(|_| path.clone());
                if !self.seen.insert(real) {
                    continue;
                }
                if self.files.len() >= MAX_FILES {
                    self.errors.push(ContentError::general(&format!(
                        "the decks folder {} holds more than {MAX_FILES} .ron files",
                        dir.display()
                    )));
                    return;
                }
                self.files.push(path);
            }
        }
    }
}

/// A deck file's text. Not UTF-8: an error at the line and column of the first bad byte.
fn read_text(path: &Path) -> Result<String, ContentError> {
    use std::io::Read;
    let name = path.display().to_string();
    let fail = |message: String| ContentError {
        file: name.clone(),
        line: 0,
        column: 0,
        message,
    };
    let file = std::fs::File::open(path).map_err(|e| fail(format!("cannot read the file: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("cannot read the file: {e}")))?;
    text_of(&name, bytes)
}

/// Bytes as text, or an error located at the first byte that is not UTF-8.
pub fn text_of(name: &str, bytes: Vec<u8>) -> Result<String, ContentError> {
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        // Everything before the bad byte is valid text, so lines and columns count as usual.
        let before = String::from_utf8_lossy(&bytes[..good]);
        let (line, column) = line_col(&before, before.len());
        ContentError {
            file: name.to_string(),
            line,
            column,
            message: format!(
                "the file is not UTF-8 text (byte {:#04x} here); save it as UTF-8",
                bytes[good]
            ),
        }
    })
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
