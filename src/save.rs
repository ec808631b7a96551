//! Autosaves: records that lose nothing.
//!
//! After every phase the TUI calls [`autosave`]; the game is written as a game record (the one
//! format of `record`) to the user's data folder, `<data dir>/saves`, where the data dir is
//! `BRINK_DATA_DIR` if set (tests, CI, portable installs) or else the platform's
//! (`~/.local/share/brink` on Linux). Every write is atomic (temp file, fsync, rename), so a crash
//! or a kill at any moment leaves either the previous save or the new one, never half a file.
//!
//! One file per game, updated in place: the first autosave of a game in a process picks a new
//! file name (scenario, start time, seed), later autosaves of the same game — including after an
//! undo — rewrite that file, and a game resumed with [`load`] from the saves folder keeps writing
//! to the file it came from. The newest [`KEEP`] autosaves are kept; older ones are removed.
//! Files that are not readable records (corrupt, from a newer Brink, other decks) are never
//! touched: [`list`] skips them and [`scan`] says why.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use crate::content::{ContentDb, SideId};
use crate::engine::Game;
use crate::record::{GameRecord, RecordError};

/// How many autosaved games are kept.
pub const KEEP: usize = 10;

/// The file names autosaves get: `autosave-<scenario>-<YYYYMMDD-HHMMSS>-<seed>.ron`.
const PREFIX: &str = "autosave-";

/// Why an autosave failed: one plain sentence (the TUI shows it and carries on).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SaveError {
    #[error(
        "cannot autosave: no data folder is known for this user (set BRINK_DATA_DIR to a folder)"
    )]
    NoDataDir,
    #[error("cannot save the game to {path}: {message}")]
    Io { path: String, message: String },
}

/// One autosave, as `brink resume` and the TUI's load screen list it.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveInfo {
    pub path: PathBuf,
    /// Scenario id.
    pub scenario: String,
    /// The date of the game's current turn, "YYYY-MM" (empty for records that do not say).
    pub date: String,
    /// The game's current turn.
    pub turn: u16,
    /// Who controls each side, as in the record.
    pub sides: Vec<(SideId, String)>,
    /// The outcome, if the game is over.
    pub outcome: Option<String>,
    /// When the file was last written.
    pub modified: SystemTime,
    /// The hash of the content it was played with (`record::hex`): a save from other decks
    /// cannot be resumed with these.
    pub content_hash: String,
}

/// A file in the saves folder that could not be read, left as it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub path: PathBuf,
    /// One sentence: why it was skipped.
    pub reason: String,
}

/// The saves folder's contents: readable autosaves, newest first, and the files skipped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    pub saves: Vec<SaveInfo>,
    pub skipped: Vec<Skipped>,
    /// Why the folder itself could not be read (it is a file, or not ours to read), as a
    /// sentence. A folder that does not exist yet is no problem: it has no saves.
    pub problem: Option<String>,
}

/// The data folder: `BRINK_DATA_DIR`, else the platform's data dir for Brink.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("BRINK_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("org", "brink", "brink").map(|p| p.data_dir().to_path_buf())
}

/// Where autosaves live: `<data dir>/saves`.
pub fn saves_dir() -> Option<PathBuf> {
    data_dir().map(|d| d.join("saves"))
}

/// Which file each game of this process writes to, by (folder, scenario, seed).
type Key = (PathBuf, String, u64);
static FILES: Mutex<Option<HashMap<Key, PathBuf>>> = Mutex::new(None);

fn key(dir: &Path, g: &Game) -> Key {
    (dir.to_path_buf(), g.scenario_id.clone(), g.state.seed)
}

fn remembered(k: &Key) -> Option<PathBuf> {
    let guard = FILES.lock().unwrap_or_else(|e| e.into_inner());
    guard.as_ref().and_then(|m| m.get(k).cloned())
}

fn remember(k: Key, path: PathBuf) {
    let mut guard = FILES.lock().unwrap_or_else(|e| e.into_inner());
    guard.get_or_insert_with(HashMap::new).insert(k, path);
}

/// Saves the game to the autosave folder and returns the file written. Never panics.
pub fn autosave(
    db: &ContentDb,
    game: &Game,
    controllers: &[(SideId, String)],
) -> Result<PathBuf, SaveError> {
    let dir = saves_dir().ok_or(SaveError::NoDataDir)?;
    autosave_in(&dir, db, game, controllers)
}

/// As [`autosave`], into a given folder.
pub fn autosave_in(
    dir: &Path,
    db: &ContentDb,
    game: &Game,
    controllers: &[(SideId, String)],
) -> Result<PathBuf, SaveError> {
    let io = |path: &Path, e: std::io::Error| SaveError::Io {
        path: path.display().to_string(),
        message: io_sentence(&e),
    };
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let k = key(dir, game);
    let path = match remembered(&k) {
        Some(p) if still_ours(&p, db, game) => p,
        _ => fresh_name(dir, game),
    };
    let rec = GameRecord::of_game(db, game, controllers.to_vec(), "autosave");
    rec.save(&path).map_err(|e| io(&path, e))?;
    remember(k, path.clone());
    rotate(dir, &path, &rec.content_hash);
    clean_stale_temp_files(dir);
    Ok(path)
}

/// Saves the game to a chosen file (the TUI's "save as"), atomically.
pub fn save_to(
    path: &Path,
    db: &ContentDb,
    game: &Game,
    controllers: &[(SideId, String)],
    label: &str,
) -> Result<(), SaveError> {
    let rec = GameRecord::of_game(db, game, controllers.to_vec(), label);
    rec.save(path).map_err(|e| SaveError::Io {
        path: path.display().to_string(),
        message: io_sentence(&e),
    })
}

/// Whether the file remembered for this game may be overwritten by it: it must still be a
/// readable record of the same scenario and seed, and a finished game is only overwritten by
/// its own continuation (so a new game on the same seed never replaces a finished one).
fn still_ours(path: &Path, db: &ContentDb, game: &Game) -> bool {
    let Ok(rec) = GameRecord::load(path) else {
        // Gone (rotated away, deleted by the user): write it again. Unreadable: leave it alone.
        return !path.exists();
    };
    if rec.scenario != game.scenario_id || rec.seed != game.state.seed {
        return false;
    }
    let finished = rec.check.as_ref().is_some_and(|c| c.outcome.is_some());
    if !finished {
        return true;
    }
    rec.inputs.len() <= game.inputs.len()
        && rec
            .inputs
            .iter()
            .zip(&game.inputs)
            .all(|(a, b)| *a == crate::record::to_rec(db, b))
}

/// A new file name for a game: scenario, the time now (UTC) and the seed; never an existing file.
fn fresh_name(dir: &Path, game: &Game) -> PathBuf {
    let stamp = utc_stamp(SystemTime::now());
    let base = format!(
        "{PREFIX}{}-{}-{:x}",
        game.scenario_id,
        stamp,
        game.state.seed & 0xffff_ffff
    );
    let mut path = dir.join(format!("{base}.ron"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{base}-{n}.ron"));
        n += 1;
    }
    path
}

/// Removes the oldest autosaves beyond [`KEEP`]. Only readable autosave records played with the
/// same decks (`content_hash`) are counted or removed: a game played with other decks is another
/// player's, or this one's with a mod, and is never touched. The file just written is always kept.
fn rotate(dir: &Path, keep: &Path, content_hash: &str) {
    let listing = scan_dir(dir);
    let mut ours: Vec<&SaveInfo> = listing
        .saves
        .iter()
        .filter(|s| {
            s.content_hash == content_hash
                && s.path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(PREFIX))
        })
        .collect();
    // Newest first already; never count the current file out.
    ours.retain(|s| s.path != keep);
    for old in ours.iter().skip(KEEP.saturating_sub(1)) {
        let _ = std::fs::remove_file(&old.path);
        // The note of the screen it was left on (`tui::resume`) goes with it.
        let _ = std::fs::remove_file(old.path.with_extension("screen"));
    }
}

/// How old a temp file must be before it counts as left behind: an autosave writes its temp file
/// and renames it within milliseconds, so one this old belongs to a process that was killed.
const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Removes the temp files (`.tmpXXXXXX`, from [`crate::record::write_atomic`]) that a process
/// killed in the middle of an autosave left in the saves folder. Only old ones: another Brink
/// may be saving right now.
pub fn clean_stale_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !name.starts_with(".tmp") {
            continue;
        }
        let old = entry
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age >= STALE_TEMP);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The readable autosaves, newest first. Corrupt files are skipped (see [`scan`]).
pub fn list() -> Vec<SaveInfo> {
    scan().saves
}

/// The autosave folder's readable records, newest first, and the files that were skipped.
pub fn scan() -> Listing {
    match saves_dir() {
        Some(d) => scan_dir(&d),
        None => Listing::default(),
    }
}

/// As [`scan`], for a given folder. Reads only; never changes a file.
pub fn scan_dir(dir: &Path) -> Listing {
    let mut out = Listing::default();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return out,
        Err(e) => {
            out.problem = Some(format!(
                "cannot read the saves folder {}: {}",
                dir.display(),
                io_sentence(&e)
            ));
            return out;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("ron") || !path.is_file() {
            continue;
        }
        let modified = entry
            .metadata()
            .and_then(|m| m.modified())
            .unwrap_or(SystemTime::UNIX_EPOCH);
        match GameRecord::load(&path) {
            Ok(rec) => {
                let (turn, date, outcome) = match &rec.check {
                    Some(c) => (c.turn, c.date.clone(), c.outcome.clone()),
                    None => (0, String::new(), None),
                };
                out.saves.push(SaveInfo {
                    path,
                    scenario: rec.scenario,
                    date,
                    turn,
                    sides: rec.controllers,
                    outcome,
                    modified,
                    content_hash: rec.content_hash,
                });
            }
            Err(e) => out.skipped.push(Skipped {
                path,
                reason: e.to_string(),
            }),
        }
    }
    out.saves
        .sort_by(|a, b| b.modified.cmp(&a.modified).then(b.path.cmp(&a.path)));
    out.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Loads a saved game, replaying its record and checking that it reproduces exactly. A game
/// loaded from the autosave folder keeps autosaving to the same file.
pub fn load(db: &ContentDb, path: &Path) -> Result<Game, RecordError> {
    load_record(db, path).map(|(g, _)| g)
}

/// As [`load`], also returning the record (for who controlled each side).
pub fn load_record(db: &ContentDb, path: &Path) -> Result<(Game, GameRecord), RecordError> {
    let rec = GameRecord::load(path)?;
    let game = rec.verify(db, &path.display().to_string())?;
    if let Some(dir) = path.parent()
        && let Some(saves) = saves_dir()
        && same_dir(dir, &saves)
    {
        remember(key(&saves, &game), path.to_path_buf());
    }
    Ok((game, rec))
}

/// As [`load`], for a file in a given saves folder (tests, other front ends).
pub fn load_in(dir: &Path, db: &ContentDb, path: &Path) -> Result<Game, RecordError> {
    let rec = GameRecord::load(path)?;
    let game = rec.verify(db, &path.display().to_string())?;
    if path.parent().is_some_and(|p| same_dir(p, dir)) {
        remember(key(dir, &game), path.to_path_buf());
    }
    Ok(game)
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// An I/O error as the end of a sentence, with the common cases in plain words.
fn io_sentence(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let plain = match e.kind() {
        K::PermissionDenied => Some("permission denied"),
        K::StorageFull => Some("the disk is full"),
        K::NotADirectory => Some("a part of the path is a file, not a folder"),
        K::ReadOnlyFilesystem => Some("the file system is read-only"),
        _ => None,
    };
    match plain {
        Some(p) => format!("{p} ({e})"),
        None => e.to_string(),
    }
}

/// "20261112-153012" for a time (UTC).
pub fn utc_stamp(t: SystemTime) -> String {
    let (y, mo, d, h, mi, s) = utc_parts(t);
    format!("{y:04}{mo:02}{d:02}-{h:02}{mi:02}{s:02}")
}

/// "2026-11-12 15:30 UTC" for a time.
pub fn utc_text(t: SystemTime) -> String {
    let (y, mo, d, h, mi, _) = utc_parts(t);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02} UTC")
}

/// How long ago, in words: "just now", "5 minutes ago", "3 hours ago", "2 days ago".
pub fn ago(t: SystemTime, now: SystemTime) -> String {
    let secs = now.duration_since(t).map(|d| d.as_secs()).unwrap_or(0);
    let plural = |n: u64, unit: &str| format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" });
    match secs {
        0..60 => "just now".to_string(),
        60..3600 => plural(secs / 60, "minute"),
        3600..86400 => plural(secs / 3600, "hour"),
        _ => plural(secs / 86400, "day"),
    }
}

fn utc_parts(t: SystemTime) -> (i64, u32, u32, u32, u32, u32) {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = if m <= 2 { y + 1 } else { y };
    (
        y,
        m,
        d,
        (rem / 3600) as u32,
        ((rem % 3600) / 60) as u32,
        (rem % 60) as u32,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn civil_dates() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(utc_stamp(t), "20231114-221320");
        assert_eq!(utc_text(SystemTime::UNIX_EPOCH), "1970-01-01 00:00 UTC");
        let leap = SystemTime::UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(utc_text(leap), "2000-02-29 00:00 UTC");
    }

    #[test]
    fn ago_words() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        assert_eq!(ago(now, now), "just now");
        assert_eq!(ago(now - Duration::from_secs(120), now), "2 minutes ago");
        assert_eq!(ago(now - Duration::from_secs(3600), now), "1 hour ago");
        assert_eq!(ago(now - Duration::from_secs(3 * 86400), now), "3 days ago");
    }
}
