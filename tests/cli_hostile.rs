//! The command line against a hostile user: closed pipes, full disks, absurd arguments, edited
//! records, a data folder that is a file; and the conventions of a command-line tool
//! (completions, a man page, help that lists what the arguments take, --quiet).

#[path = "record_common/mod.rs"]
mod record_common;

use std::process::{Command, Stdio};

use brink::record::GameRecord;
use record_common::{controllers, db, finished_game};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_brink"));
    c.env_remove("BRINK_DECKS")
        .env_remove("BRINK_THEME")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    c
}

/// A record of a finished game, written with its check, in a fresh folder.
fn record_file() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let g = finished_game("singapore-2018", 3);
    let rec = GameRecord::of_game(db(), &g, controllers(&g), "test");
    let path = dir.path().join("game.ron");
    rec.save(&path).expect("save");
    (dir, path)
}

/// Each printing command, with arguments that make it print.
fn printing_commands(record: &str) -> Vec<Vec<String>> {
    let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        v(&["scenarios"]),
        v(&["scenarios", "--json"]),
        v(&["validate"]),
        v(&["validate", "--json"]),
        v(&["sim", "--games", "2"]),
        v(&["sim", "--games", "2", "--json"]),
        v(&["replay", record, "--json"]),
        v(&["replay", record, "--check"]),
        v(&["report", record]),
        v(&["resume", "--json"]),
        v(&["completions", "bash"]),
        v(&["man"]),
    ]
}

/// `brink … | head -0`: the reader is gone before Brink writes. Exit 0, nothing on stderr.
#[test]
fn every_printing_command_treats_a_closed_pipe_as_the_end() {
    let (dir, rec) = record_file();
    let data = dir.path().join("data");
    for args in printing_commands(&rec.display().to_string()) {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let out = bin()
            .args(&args)
            .env("BRINK_DATA_DIR", &data)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

/// `brink … > /dev/full`: exit 1, with a sentence that says the disk is full.
#[cfg(target_os = "linux")]
#[test]
fn every_printing_command_reports_a_full_disk() {
    let (dir, rec) = record_file();
    let data = dir.path().join("data");
    for args in printing_commands(&rec.display().to_string()) {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = bin()
            .args(&args)
            .env("BRINK_DATA_DIR", &data)
            .stdout(full)
            .stderr(Stdio::piped())
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("cannot write the output: the disk is full"),
            "{args:?}: {err}"
        );
    }
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = bin().args(args).output().expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn absurd_numbers_of_threads_and_games_are_refused_with_a_sentence() {
    for args in [
        &["sim", "--games", "3", "--threads", "10000"][..],
        &["sim", "--games", "3", "--threads", "18446744073709551615"],
        &["sim", "--games", "3", "--threads", "0"],
        &["sim", "--games", "0"],
    ] {
        let (code, _, err) = run(args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(err.contains("invalid value"), "{args:?}: {err}");
    }
}

#[test]
fn a_preset_with_policies_is_refused_not_silently_ignored() {
    let (code, _, err) = run(&[
        "sim",
        "--preset",
        "maximalist-vs-freeze",
        "--policy",
        "us=maximalist",
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("cannot be used with"), "{err}");
}

/// cli.md: the same seed and arguments give the same JSON, except `elapsed_s`, whatever
/// `--threads`; and no f32 reaches the JSON as float noise.
#[test]
fn sim_json_is_the_same_whatever_the_threads() {
    let strip = |s: &str| {
        let mut v: serde_json::Value = serde_json::from_str(s).expect("json");
        v.as_object_mut().expect("object").remove("elapsed_s");
        v
    };
    let (c1, a, _) = run(&["sim", "--games", "6", "--threads", "1", "--json"]);
    let (c2, b, _) = run(&["sim", "--games", "6", "--threads", "3", "--json"]);
    assert_eq!((c1, c2), (Some(0), Some(0)));
    assert_eq!(strip(&a), strip(&b));
    assert!(!a.contains("0000000"), "float noise: {a}");
}

#[test]
fn replay_json_has_no_float_noise() {
    let (_dir, rec) = record_file();
    let (code, out, err) = run(&["replay", &rec.display().to_string(), "--json"]);
    assert_eq!(code, Some(0), "{err}");
    for line in out.lines() {
        assert!(
            !line.contains("00000001") && !line.contains("9999999"),
            "{line}"
        );
    }
}

/// `replay --check` proves only a record whose check covers all of it.
#[test]
fn replay_check_proves_only_an_unedited_record_with_a_check() {
    let (dir, path) = record_file();
    let check = |p: &std::path::Path| run(&["replay", &p.display().to_string(), "--check"]);
    let (code, out, err) = check(&path);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("reproduces exactly"), "{out}");

    let text = std::fs::read_to_string(&path).expect("read");
    let rec = GameRecord::parse("x", &text).expect("parses");

    // No check at all: nothing is verified, and it says so.
    let mut bare = rec.clone();
    bare.check = None;
    let p = dir.path().join("bare.ron");
    bare.save(&p).expect("save");
    let (code, out, err) = check(&p);
    assert_eq!(code, Some(2), "{out}{err}");
    assert!(err.contains("no check recorded: nothing verified"), "{err}");

    // Edits anywhere the report reads: a rationale, a controller, the label, the format, an
    // answer (with the check left as it was).
    let mut edits: Vec<(&str, GameRecord)> = Vec::new();
    let mut r = rec.clone();
    let quoted = r.inputs.iter_mut().find_map(|i| match i {
        brink::record::RecInput::Plan { rationale, .. }
        | brink::record::RecInput::Respond { rationale, .. }
        | brink::record::RecInput::Crisis { rationale, .. } => Some(rationale),
        _ => None,
    });
    *quoted.expect("an input with a rationale") = Some("a forged quote".into());
    edits.push(("rationale", r));
    let mut r = rec.clone();
    r.controllers[0].1 = "hawk:hard".into();
    edits.push(("controller", r));
    let mut r = rec.clone();
    r.label = "played at the war college".into();
    edits.push(("label", r));
    let mut r = rec.clone();
    r.format = 0;
    edits.push(("format", r));
    let mut r = rec.clone();
    if let Some(resp) = r.inputs.iter_mut().find_map(|i| match i {
        brink::record::RecInput::Respond { response, .. } => Some(response),
        _ => None,
    }) {
        *resp = match resp {
            brink::record::RecResponse::Accept => brink::record::RecResponse::Reject,
            _ => brink::record::RecResponse::Accept,
        };
        edits.push(("answer", r));
    }
    for (what, r) in edits {
        let p = dir.path().join(format!("{what}.ron"));
        r.save(&p).expect("save");
        let (code, out, err) = check(&p);
        assert_eq!(code, Some(2), "{what}: {out}{err}");
        assert!(!out.contains("reproduces exactly"), "{what}: {out}");
        // The refusal prints no hash to paste back into the record.
        let hexes = err
            .split(|c: char| !c.is_ascii_hexdigit())
            .filter(|w| w.len() >= 16)
            .count();
        assert_eq!(hexes, 0, "{what}: a hash in {err}");
    }
}

#[test]
fn completions_and_the_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, out, err) = run(&["completions", shell]);
        assert_eq!(code, Some(0), "{shell}: {err}");
        assert!(out.contains("brink") && out.contains("replay"), "{shell}");
    }
    let (code, out, err) = run(&["man"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with(".ie") || out.contains(".TH"), "{out:.200}");
    assert!(
        out.contains("BRINK_DATA_DIR"),
        "environment in the man page"
    );
    assert!(out.contains("hanoi\\-2019"), "scenarios in the man page");
}

#[test]
fn help_names_the_environment_the_lists_and_examples() {
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, Some(0));
    for v in [
        "BRINK_DECKS",
        "BRINK_DATA_DIR",
        "BRINK_THEME",
        "NO_COLOR",
        "Examples:",
    ] {
        assert!(out.contains(v), "{v} in --help");
    }
    let (_, out, _) = run(&["sim", "--help"]);
    for v in [
        "hanoi-2019",
        "maximalist-vs-freeze",
        "hold-the-deterrent",
        "--threads",
    ] {
        assert!(out.contains(v), "{v} in sim --help: {out}");
    }
    // Every argument of every command has help text.
    let (_, out, _) = run(&["validate", "--help"]);
    assert!(
        out.contains("[DIR]") && out.contains("The decks folder to check"),
        "{out}"
    );
}

#[test]
fn quiet_leaves_out_confirmations() {
    let (code, out, _) = run(&["validate", "--quiet"]);
    assert_eq!(code, Some(0));
    assert_eq!(out, "");
    let (_, out, _) = run(&["validate"]);
    assert!(out.starts_with("ok:"));
}

#[test]
fn an_unknown_theme_is_an_error_not_a_silent_fallback() {
    let out = bin()
        .args(["play", "--scenario", "hanoi-2019"])
        .env("BRINK_THEME", "neon")
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("BRINK_THEME") && err.contains("neon"), "{err}");
}

#[test]
fn a_data_folder_that_is_a_file_is_an_error_not_an_empty_list() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("data");
    std::fs::write(&file, "not a folder").expect("write");
    for args in [&["resume"][..], &["resume", "--json"]] {
        let out = bin()
            .args(args)
            .env("BRINK_DATA_DIR", &file)
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("cannot read the saves folder"), "{err}");
    }
}

#[test]
fn the_license_file_matches_the_manifest() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("license = \"MIT\""));
    let license = std::fs::read_to_string(root.join("LICENSE")).expect("a LICENSE file");
    assert!(license.starts_with("MIT License"), "{license:.40}");
}

#[test]
fn a_record_that_is_not_utf8_is_located_at_its_first_bad_byte() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("bad.ron");
    std::fs::write(&p, b"(\n  format: 1,\n  lab\xffel: \"\",\n)").expect("write");
    let e = GameRecord::load(&p).expect_err("refused").to_string();
    assert!(e.contains("bad.ron:3:6: "), "{e}");
}
