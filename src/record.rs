//! The game record: one RON file per game (docs/formats.md). Format version, the hash of the content it was
//! played with, scenario, seed, who controlled each side, and every input in order with its
//! rationale. Ids, never indexes, so a record stays readable and survives reordered decks. The
//! outcome is derived by replaying, never trusted from the file; `check` only lets
//! `replay --check` prove the replay matches what was played.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::content::{ContentDb, SideId, looks_cut_off};
use crate::engine::{
    CrisisChoice, Game, Input, MeterRef, Move, RULES_REVISION, Recorded, Response,
};

/// The newest record format this build reads and writes.
pub const RECORD_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GameRecord {
    pub format: u32,
    /// Hex FNV-1a of the decks (see `ContentDb::hash`).
    pub content_hash: String,
    pub brink_version: String,
    /// The rules revision it was played under (`engine::RULES_REVISION`). Left out by records
    /// written before revisions were recorded and by scripts written by hand, which are
    /// replayed under this build's rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<u32>,
    pub scenario: String,
    /// Written as a number; a string of digits is read too (as JSON tools write it).
    #[serde(deserialize_with = "crate::formats::u64_text::deserialize")]
    pub seed: u64,
    /// Who played each side: "human", "facilitator", or a persona spec like "random" or "hawk:hard".
    pub controllers: Vec<(SideId, String)>,
    /// Free-form label (e.g. when and where it was played); set by the caller, not the engine.
    #[serde(default)]
    pub label: String,
    pub inputs: Vec<RecInput>,
    /// The class length the game was played at: its turns, and the months each spans (left
    /// out for the scenario's whole game). Replay needs the months to be exact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<crate::content::ClassLength>,
    /// Written at save time; `replay --check` compares the replay against it.
    #[serde(default)]
    pub check: Option<RecordCheck>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordCheck {
    pub turn: u16,
    pub outcome: Option<String>,
    /// Hex FNV-1a of the game's log and ledger.
    pub log_hash: String,
    /// The calendar date of `turn`, "YYYY-MM", for lists of saves (not compared by `verify`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date: String,
    /// Hex FNV-1a over the whole record as written, this field left empty ([`record_hash`]):
    /// format, decks, scenario, seed, controllers, label, every input with its rationale, and
    /// the rest of this check. An edit anywhere (an answer, a quote, a controller) no longer
    /// matches. Records written before it have none, and then nothing is proved (`prove`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub record_hash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecMove {
    pub card: String,
    #[serde(default)]
    pub target: Option<SideId>,
    #[serde(default)]
    pub package: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RecResponse {
    Accept,
    Reject,
    Counter(Vec<String>),
}

/// One input. `turn` is the turn it was given in (for readers; replay checks it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RecInput {
    Plan {
        turn: u16,
        side: SideId,
        moves: Vec<RecMove>,
        #[serde(default)]
        rationale: Option<String>,
    },
    Respond {
        turn: u16,
        side: SideId,
        offer: u16,
        response: RecResponse,
        #[serde(default)]
        rationale: Option<String>,
    },
    Crisis {
        turn: u16,
        side: SideId,
        choice: CrisisChoice,
        #[serde(default)]
        rationale: Option<String>,
    },
    Inject {
        turn: u16,
        event: String,
    },
    Override {
        turn: u16,
        meter: MeterRef,
        value: f32,
        reason: String,
    },
    FreeInject {
        turn: u16,
        text: String,
        #[serde(default)]
        changes: Vec<(MeterRef, f32)>,
    },
}

/// Why a record cannot be used. Each is one plain sentence.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RecordError {
    #[error("{file}:{line}:{column}: {message}")]
    Parse {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: cannot read it: {message}")]
    Io { file: String, message: String },
    #[error(
        "{file}: written by a newer Brink (record format {found}; this build reads up to {RECORD_FORMAT})"
    )]
    NewerFormat { file: String, found: u32 },
    #[error(
        "{file}: played with other content (content hash {found}, these decks are {expected}); use the decks it was played with (--decks)"
    )]
    OtherContent {
        file: String,
        found: String,
        expected: String,
    },
    #[error(
        "{file}: played under rules revision {found} (Brink {version}); this build plays revision {RULES_REVISION}, under which the same moves make another game, so it cannot be replayed here: open it with the Brink that made it"
    )]
    OtherRules {
        file: String,
        found: u32,
        version: String,
    },
    #[error("{file}: unknown scenario \"{scenario}\"")]
    UnknownScenario { file: String, scenario: String },
    #[error("{file}: input {index} (turn {turn}) names unknown {what} \"{id}\"")]
    UnknownId {
        file: String,
        index: usize,
        turn: u16,
        what: &'static str,
        id: String,
    },
    #[error("{file}: input {index} (turn {turn}) is not legal: {message}")]
    Illegal {
        file: String,
        index: usize,
        turn: u16,
        message: String,
    },
    #[error("{file}: input {index} says turn {said} but the game is at turn {actual}")]
    WrongTurn {
        file: String,
        index: usize,
        said: u16,
        actual: u16,
    },
    #[error("{file}: the replay does not reproduce the recorded game ({what})")]
    Mismatch { file: String, what: String },
    #[error(
        "{file}: no check recorded: nothing verified (the record carries no check over its contents, so it cannot be proved)"
    )]
    NoCheck { file: String },
    #[error(
        "{file}: the record was changed after it was written: its check does not match its contents"
    )]
    Edited { file: String },
}

pub fn hex(h: u64) -> String {
    format!("{h:016x}")
}

fn fnv_hex(text: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in text.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    hex(h)
}

/// The hash a record's check carries: FNV-1a over the canonical text of the whole record (compact
/// RON of the parsed record, so layout and comments do not count) with `record_hash` itself
/// empty. Whatever fields the record holds are covered, including ones added later.
pub fn record_hash(rec: &GameRecord) -> String {
    let mut r = rec.clone();
    if let Some(c) = r.check.as_mut() {
        c.record_hash.clear();
    }
    fnv_hex(&ron::to_string(&r).unwrap_or_default())
}

/// FNV-1a over the RON of the log and ledger: equal iff the games told the same story.
pub fn log_hash(g: &Game) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    let text = ron::to_string(&(&g.journal.log, &g.journal.ledger)).unwrap_or_default();
    for b in text.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    hex(h)
}

impl GameRecord {
    /// The record of a game so far.
    pub fn of_game(
        db: &ContentDb,
        g: &Game,
        controllers: Vec<(SideId, String)>,
        label: &str,
    ) -> GameRecord {
        let inputs = g.inputs.iter().map(|r| to_rec(db, r)).collect();
        let mut rec = GameRecord {
            format: RECORD_FORMAT,
            content_hash: hex(db.hash),
            brink_version: env!("CARGO_PKG_VERSION").to_string(),
            rules: Some(RULES_REVISION),
            scenario: g.scenario_id.clone(),
            seed: g.state.seed,
            controllers,
            label: label.to_string(),
            inputs,
            class: g.class,
            check: Some(RecordCheck {
                turn: g.state.turn,
                outcome: g.state.outcome.map(|o| o.id().to_string()),
                log_hash: log_hash(g),
                date: g.state.date_of(db, g.state.turn),
                record_hash: String::new(),
            }),
        };
        rec.seal();
        rec
    }

    /// Sets the check's `record_hash` to the record as it now is. Call after any change to a
    /// record built with [`GameRecord::of_game`] (a label, a controller), or the check fails.
    pub fn seal(&mut self) {
        let h = record_hash(self);
        if let Some(c) = self.check.as_mut() {
            c.record_hash = h;
        }
    }

    pub fn to_ron(&self) -> String {
        let cfg = ron::ser::PrettyConfig::default().struct_names(false);
        ron::ser::to_string_pretty(self, cfg).unwrap_or_default()
    }

    /// Parses a record's text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<GameRecord, RecordError> {
        // Read the format first, so a newer record gets "newer format", not a confusing field error.
        if let Some(found) = declared_format(text)
            && found > RECORD_FORMAT
        {
            return Err(RecordError::NewerFormat {
                file: file.to_string(),
                found,
            });
        }
        ron::Options::default()
            .from_str::<GameRecord>(text)
            .map_err(|e| {
                let detail = crate::content::plain_ron_error(&e.code);
                let message = if looks_cut_off(text) {
                    format!(
                        "the record stops before it is complete; the file looks cut off ({detail})"
                    )
                } else if !starts_like_a_record(text) {
                    format!("this is not a Brink game record ({detail})")
                } else {
                    detail
                };
                RecordError::Parse {
                    file: file.to_string(),
                    line: e.span.start.line,
                    column: e.span.start.col,
                    message,
                }
            })
    }

    pub fn load(path: &Path) -> Result<GameRecord, RecordError> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| RecordError::Io {
            file: file.clone(),
            message: e.to_string(),
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            // Located at the first byte that is not UTF-8 (what comes before it is text).
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            RecordError::Parse {
                file: file.clone(),
                line,
                column,
                message: "the file is not text (UTF-8); is it a Brink record?".to_string(),
            }
        })?;
        Self::parse(&file, &text)
    }

    fn same_rules_and_content(&self, db: &ContentDb, file: &str) -> Result<(), RecordError> {
        if let Some(found) = self.rules
            && found != RULES_REVISION
        {
            return Err(RecordError::OtherRules {
                file: file.to_string(),
                found,
                version: self.brink_version.clone(),
            });
        }
        if self.content_hash != hex(db.hash) {
            return Err(RecordError::OtherContent {
                file: file.to_string(),
                found: self.content_hash.clone(),
                expected: hex(db.hash),
            });
        }
        Ok(())
    }

    /// Rebuilds the game. Refuses other content and illegal inputs.
    pub fn replay(&self, db: &ContentDb, file: &str) -> Result<Game, RecordError> {
        self.same_rules_and_content(db, file)?;
        let mut g =
            Game::new_class(db, &self.scenario, self.seed, self.class).ok_or_else(|| {
                RecordError::UnknownScenario {
                    file: file.to_string(),
                    scenario: self.scenario.clone(),
                }
            })?;
        for (index, ri) in self.inputs.iter().enumerate() {
            let (turn, input, rationale) =
                from_rec(db, ri).map_err(|(what, id)| RecordError::UnknownId {
                    file: file.to_string(),
                    index: index + 1,
                    turn: rec_turn(ri),
                    what,
                    id,
                })?;
            if turn != g.state.turn {
                return Err(RecordError::WrongTurn {
                    file: file.to_string(),
                    index: index + 1,
                    said: turn,
                    actual: g.state.turn,
                });
            }
            g.submit(db, input, rationale)
                .map_err(|e| RecordError::Illegal {
                    file: file.to_string(),
                    index: index + 1,
                    turn,
                    message: e.to_string(),
                })?;
        }
        Ok(g)
    }

    /// Proves the record: it must carry a check over everything it holds (`record_hash`), match
    /// it, and reproduce exactly. What `replay --check` runs.
    pub fn prove(&self, db: &ContentDb, file: &str) -> Result<Game, RecordError> {
        self.same_rules_and_content(db, file)?;
        if self.check.as_ref().is_none_or(|c| c.record_hash.is_empty()) {
            // A record that does not even replay, or fails the older, partial check it carries,
            // says why first.
            self.verify(db, file)?;
            return Err(RecordError::NoCheck {
                file: file.to_string(),
            });
        }
        self.verify(db, file)
    }

    /// Replays and compares with the stored check, if there is one (a record without a check
    /// is replayed as it is: it can be played on or reported, but nothing about it is proved).
    pub fn verify(&self, db: &ContentDb, file: &str) -> Result<Game, RecordError> {
        // The record itself first: an edited record is refused before its inputs are played
        // (after the decks: a record of other decks says so, whatever else it holds). The
        // refusal names no hash: a hash to paste back would make the check worthless.
        self.same_rules_and_content(db, file)?;
        if let Some(c) = &self.check
            && !c.record_hash.is_empty()
            && c.record_hash != record_hash(self)
        {
            return Err(RecordError::Edited {
                file: file.to_string(),
            });
        }
        let g = self.replay(db, file)?;
        if let Some(c) = &self.check {
            let mismatch = |what: String| RecordError::Mismatch {
                file: file.to_string(),
                what,
            };
            if c.turn != g.state.turn {
                return Err(mismatch(format!(
                    "turn {} recorded, {} replayed",
                    c.turn, g.state.turn
                )));
            }
            let outcome = g.state.outcome.map(|o| o.id().to_string());
            if c.outcome != outcome {
                return Err(mismatch(format!(
                    "outcome {:?} recorded, {:?} replayed",
                    c.outcome, outcome
                )));
            }
            if c.log_hash != log_hash(&g) {
                return Err(mismatch(
                    "the replayed log and ledger differ from the recorded ones".to_string(),
                ));
            }
        }
        Ok(g)
    }

    /// Writes atomically: a temp file in the same folder, fsync, rename. A failure leaves any
    /// existing file untouched.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        // Never write an empty file over a good one because serialisation failed.
        let cfg = ron::ser::PrettyConfig::default().struct_names(false);
        let text = ron::ser::to_string_pretty(self, cfg)
            .map_err(|e| std::io::Error::other(format!("cannot write the record: {e}")))?;
        write_atomic(path, text.as_bytes())
    }
}

/// Whether the text, past comments and blank space, opens with `(` as a record does.
fn starts_like_a_record(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("//"))
        .is_some_and(|l| l.starts_with('(') || l.starts_with("GameRecord"))
}

/// The number after the first `format:` in the text, if any.
fn declared_format(text: &str) -> Option<u32> {
    let i = text.find("format:")?;
    let rest = text[i + 7..].trim_start();
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

/// temp + fsync + rename, so a crash never leaves a half-written file under the real name.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    // A temp file is private (0600); the file it replaces keeps its permissions, and a new one
    // gets the usual rw-r--r-- so a report can be shared.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms = std::fs::metadata(path)
            .map(|m| m.permissions())
            .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
        tmp.as_file().set_permissions(perms)?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn rec_turn(r: &RecInput) -> u16 {
    match r {
        RecInput::Plan { turn, .. }
        | RecInput::Respond { turn, .. }
        | RecInput::Crisis { turn, .. }
        | RecInput::Inject { turn, .. }
        | RecInput::Override { turn, .. }
        | RecInput::FreeInject { turn, .. } => *turn,
    }
}

fn prov_ids(db: &ContentDb, p: &[u16]) -> Vec<String> {
    p.iter()
        .map(|i| db.provisions[*i as usize].id.clone())
        .collect()
}

pub fn to_rec(db: &ContentDb, r: &Recorded) -> RecInput {
    let turn = r.turn;
    let rationale = r.rationale.clone();
    match &r.input {
        Input::Plan { side, moves } => RecInput::Plan {
            turn,
            side: *side,
            moves: moves
                .iter()
                .map(|m| RecMove {
                    card: db.cards[m.card as usize].id.clone(),
                    target: m.target,
                    package: prov_ids(db, &m.package),
                })
                .collect(),
            rationale,
        },
        Input::Respond {
            side,
            offer,
            response,
        } => RecInput::Respond {
            turn,
            side: *side,
            offer: *offer,
            response: match response {
                Response::Accept => RecResponse::Accept,
                Response::Reject => RecResponse::Reject,
                Response::Counter(p) => RecResponse::Counter(prov_ids(db, p)),
            },
            rationale,
        },
        Input::Crisis { side, choice } => RecInput::Crisis {
            turn,
            side: *side,
            choice: *choice,
            rationale,
        },
        Input::Inject { event } => RecInput::Inject {
            turn,
            event: db.events[*event as usize].id.clone(),
        },
        Input::Override {
            meter,
            value,
            reason,
        } => RecInput::Override {
            turn,
            meter: *meter,
            value: *value,
            reason: reason.clone(),
        },
        Input::FreeInject { text, changes } => RecInput::FreeInject {
            turn,
            text: text.clone(),
            changes: changes.clone(),
        },
    }
}

type FromRec = (u16, Input, Option<String>);

pub fn from_rec(db: &ContentDb, r: &RecInput) -> Result<FromRec, (&'static str, String)> {
    let provs = |ids: &[String]| -> Result<Vec<u16>, (&'static str, String)> {
        ids.iter()
            .map(|id| db.provision_ix(id).ok_or(("provision", id.clone())))
            .collect()
    };
    Ok(match r {
        RecInput::Plan {
            turn,
            side,
            moves,
            rationale,
        } => {
            let mut ms = Vec::new();
            for m in moves {
                let card = db.card_ix(&m.card).ok_or(("card", m.card.clone()))?;
                ms.push(Move {
                    card,
                    target: m.target,
                    package: provs(&m.package)?,
                });
            }
            (
                *turn,
                Input::Plan {
                    side: *side,
                    moves: ms,
                },
                rationale.clone(),
            )
        }
        RecInput::Respond {
            turn,
            side,
            offer,
            response,
            rationale,
        } => (
            *turn,
            Input::Respond {
                side: *side,
                offer: *offer,
                response: match response {
                    RecResponse::Accept => Response::Accept,
                    RecResponse::Reject => Response::Reject,
                    RecResponse::Counter(p) => Response::Counter(provs(p)?),
                },
            },
            rationale.clone(),
        ),
        RecInput::Crisis {
            turn,
            side,
            choice,
            rationale,
        } => (
            *turn,
            Input::Crisis {
                side: *side,
                choice: *choice,
            },
            rationale.clone(),
        ),
        RecInput::Inject { turn, event } => (
            *turn,
            Input::Inject {
                event: db.event_ix(event).ok_or(("event", event.clone()))?,
            },
            None,
        ),
        RecInput::Override {
            turn,
            meter,
            value,
            reason,
        } => (
            *turn,
            Input::Override {
                meter: *meter,
                value: *value,
                reason: reason.clone(),
            },
            None,
        ),
        RecInput::FreeInject {
            turn,
            text,
            changes,
        } => (
            *turn,
            Input::FreeInject {
                text: text.clone(),
                changes: changes.clone(),
            },
            None,
        ),
    })
}

/// `brink replay --json`: one JSON object per turn, then a final line (docs/formats.md).
pub fn replay_json_lines(db: &ContentDb, g: &Game) -> Vec<String> {
    use crate::content::{Meter, ProgrammeField};
    let seated: Vec<SideId> = g.state.seated_sides().collect();
    let mut out = Vec::new();
    for snap in g.journal.snapshots.iter().skip(1) {
        let mut trust = serde_json::Map::new();
        for a in &seated {
            let mut row = serde_json::Map::new();
            for b in &seated {
                if a != b {
                    row.insert(b.id().into(), json_num(snap.trust(*a, *b)));
                }
            }
            trust.insert(a.id().into(), row.into());
        }
        let mut sides = serde_json::Map::new();
        let mut moves = serde_json::Map::new();
        for a in &seated {
            if let Some(st) = &snap.sides[a.index()] {
                sides.insert(
                    a.id().into(),
                    serde_json::json!({"pc": st.pc, "support": round1(st.support)}),
                );
            }
            moves.insert(a.id().into(), serde_json::json!(snap.moves[a.index()]));
        }
        let mut v = serde_json::json!({
            "format": crate::formats::REPLAY,
            "turn": snap.turn,
            "date": snap.date,
            "tension": round1(snap.tension()),
            "rung": db.rung_name(snap.tension()),
            "trust": trust,
            "sanctions": round1(snap.meters[Meter::Sanctions.index()]),
            "enforcement": round1(snap.meters[Meter::Enforcement.index()]),
            "verification": round1(snap.meters[Meter::Verification.index()]),
            "economy": round1(snap.meters[Meter::Economy.index()]),
            "readiness": round1(snap.meters[Meter::Readiness.index()]),
            "dprk": {
                "warheads": snap.prog(ProgrammeField::Warheads),
                "fissile_kg": round1(snap.prog(ProgrammeField::FissileKg)),
                "production_kg": round1(snap.prog(ProgrammeField::ProductionKg)),
                "icbm_readiness": round1(snap.prog(ProgrammeField::IcbmReadiness)),
                "plutonium_kg": round1(snap.prog(ProgrammeField::PlutoniumKg)),
                "heu_kg": round1(snap.prog(ProgrammeField::HeuKg)),
                "spent_fuel_kg": round1(snap.prog(ProgrammeField::SpentFuelKg)),
                "missiles": round1(snap.prog(ProgrammeField::Missiles)),
                "facilities_running": db.facilities.iter().enumerate()
                    .filter(|(i, _)| snap.running >> i & 1 != 0)
                    .map(|(_, f)| f.id.as_str()).collect::<Vec<_>>(),
                "facilities_stopped": db.facilities.iter().enumerate()
                    .filter(|(i, _)| snap.stopped >> i & 1 != 0)
                    .map(|(_, f)| f.id.as_str()).collect::<Vec<_>>(),
            },
            "sides": sides,
            "events": snap.events,
            "moves": moves,
            "covert": seated.iter().map(|a| (a.id().to_string(), serde_json::json!(snap.covert[a.index()]))).collect::<serde_json::Map<_, _>>(),
        });
        crate::output::tidy_floats(&mut v);
        out.push(v.to_string());
    }
    let mut scores = serde_json::Map::new();
    for a in &seated {
        scores.insert(
            a.id().into(),
            serde_json::json!((crate::engine::score(db, &g.state, *a) * 1000.0).round() / 1000.0),
        );
    }
    let mut last = serde_json::json!({
        "format": crate::formats::REPLAY,
        "outcome": g.state.outcome.map(|o| o.id()),
        "turns": g.state.turn,
        "scores": scores,
    });
    // Scores are f32: printed as their shortest decimal, not 0.30000001192092896.
    crate::output::tidy_floats(&mut last);
    out.push(last.to_string());
    out
}

fn round1(x: f32) -> f64 {
    ((x as f64) * 10.0).round() / 10.0
}

fn json_num(x: f32) -> serde_json::Value {
    serde_json::json!(round1(x))
}
