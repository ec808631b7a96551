//! The headless command line, through the real binary (docs/formats.md: names, JSON shapes, exit codes).

use assert_cmd::Command;

fn brink() -> Command {
    let mut c = Command::cargo_bin("brink").expect("binary");
    c.env_remove("BRINK_DECKS");
    c
}

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("valid JSON")
}

#[test]
fn validate_prints_counts() {
    let out = brink().args(["validate", "--json"]).output().expect("runs");
    assert!(out.status.success());
    let v = json(&out.stdout);
    assert_eq!(v["ok"], true);
    assert_eq!(v["counts"]["sides"], 5);
    assert!(v["counts"]["cards"].as_u64().unwrap_or(0) >= 60);
    assert!(v["errors"].as_array().is_some_and(|a| a.is_empty()));
}

#[test]
fn validate_a_broken_folder_names_file_line_column_and_exits_2() {
    let dir = tempfile::tempdir().expect("tmp");
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("decks");
    copy_dir(&src, dir.path());
    let us = dir.path().join("cards/us.ron");
    let text = std::fs::read_to_string(&us).expect("us.ron");
    std::fs::write(&us, text.replacen("cost: 2,", "cost: 2, costs: 3,", 1)).expect("write");
    let out = brink()
        .args(["validate"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("us.ron:"), "{err}");
    assert!(err.contains("costs"), "{err}");
    let out = brink()
        .args(["validate", "--json"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let v = json(&out.stdout);
    assert_eq!(v["ok"], false);
    assert!(v["errors"][0]["line"].as_u64().unwrap_or(0) > 0);
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read").flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).expect("copy");
        }
    }
}

#[test]
fn scenarios_lists_the_four() {
    let out = brink()
        .args(["scenarios", "--json"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v = json(&out.stdout);
    assert_eq!(v["format"], "brink-scenarios/1");
    let ids: Vec<&str> = v["scenarios"]
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|s| s["id"].as_str())
        .collect();
    for id in [
        "agreed-framework-1994",
        "fire-and-fury-2017",
        "singapore-2018",
        "hanoi-2019",
    ] {
        assert!(ids.contains(&id), "{id}");
    }
}

#[test]
fn sim_json_is_the_same_for_one_or_two_threads() {
    let run = |threads: &str| {
        let out = brink()
            .args([
                "sim",
                "--scenario",
                "hanoi-2019",
                "--games",
                "200",
                "--seed",
                "7",
                "--json",
                "--threads",
                threads,
            ])
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut v = json(&out.stdout);
        let obj = v.as_object_mut().expect("object");
        assert!(obj.remove("elapsed_s").is_some());
        obj.remove("threads");
        v
    };
    let (a, b) = (run("1"), run("2"));
    assert_eq!(a, b);
    let total: u64 = ["agreement", "statement", "stalemate", "collapse", "war"]
        .iter()
        .map(|k| a["outcomes"][k].as_u64().expect("count"))
        .sum();
    assert_eq!(total, 200);
    assert!(a["mean_final"]["trust"]["us"]["dprk"].is_number());
}

#[test]
fn sim_records_replay_exactly() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = brink()
        .args([
            "sim",
            "--scenario",
            "singapore-2018",
            "--games",
            "3",
            "--seed",
            "5",
            "--record",
        ])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 3);
    for f in &files {
        let out = brink()
            .args(["replay", "--check"])
            .arg(f)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = brink()
            .args(["replay", "--json"])
            .arg(f)
            .output()
            .expect("runs");
        assert!(out.status.success());
        let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).expect("json line"))
            .collect();
        let last = lines.last().expect("final line");
        assert!(last["outcome"].is_string());
        let turns = last["turns"].as_u64().expect("turns") as usize;
        assert_eq!(lines.len(), turns + 1, "one line per turn and a final line");
        assert!(lines[0]["tension"].is_number() && lines[0]["rung"].is_string());
    }
}

#[test]
fn bad_arguments_exit_2_with_one_sentence() {
    let out = brink()
        .args(["sim", "--policy", "martians=random"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown side"));
    let out = brink()
        .args(["sim", "--scenario", "nope"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let out = brink()
        .args(["replay", "/nonexistent/file.ron", "--check"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

/// A seed above 2^53: a reader that parses JSON numbers as doubles would round it.
const BIG_SEED: &str = "7958955049054603978";

#[test]
fn every_json_output_names_its_format_and_writes_seeds_as_strings() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = brink()
        .args([
            "sim",
            "--scenario",
            "singapore-2018",
            "--games",
            "2",
            "--json",
        ])
        .args(["--seed", BIG_SEED, "--record"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out.stdout);
    assert_eq!(v["format"], "brink-sim/2");
    assert_eq!(v["seed"], BIG_SEED, "the seed as a string, digit for digit");

    let out = brink()
        .args([
            "sim",
            "--preset",
            "maximalist-vs-freeze",
            "--games",
            "1",
            "--json",
        ])
        .args(["--seed", BIG_SEED])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out.stdout);
    assert_eq!(v["format"], "brink-preset/1");
    assert_eq!(v["seed"], BIG_SEED);
    assert_eq!(v["rows"][0]["summary"]["format"], "brink-sim/2");
    assert_eq!(v["rows"][0]["summary"]["seed"], BIG_SEED);

    let record = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .next()
        .expect("a record");
    let out = brink()
        .args(["replay", "--json"])
        .arg(&record)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        assert_eq!(v["format"], "brink-replay/1", "{line}");
    }

    let out = brink()
        .args(["report", "--format", "json"])
        .arg(&record)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out.stdout);
    assert_eq!(v["format"], brink::formats::REPORT);
    let seed = v["game"]["seed"]
        .as_str()
        .expect("the game's seed is a string");
    assert!(seed.parse::<u64>().is_ok(), "{seed}");

    for (args, format) in [
        (vec!["validate", "--json"], "brink-validate/1"),
        (vec!["scenarios", "--json"], "brink-scenarios/1"),
    ] {
        let out = brink().args(&args).output().expect("runs");
        assert_eq!(json(&out.stdout)["format"], format, "{args:?}");
    }
    let data = tempfile::tempdir().expect("tmp");
    let out = brink()
        .env("BRINK_DATA_DIR", data.path())
        .args(["resume", "--json"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out.stdout)["format"], "brink-resume/1");
}

#[test]
fn a_record_reads_its_seed_as_a_number_or_as_a_string() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = brink()
        .args([
            "sim",
            "--scenario",
            "hanoi-2019",
            "--games",
            "1",
            "--seed",
            BIG_SEED,
        ])
        .arg("--record")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let record = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .next()
        .expect("a record");
    let text = std::fs::read_to_string(&record).expect("text");
    let number = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("seed: "))
        .map(|s| s.trim_end_matches(',').to_string())
        .expect("a seed line");
    assert!(
        number.parse::<u64>().is_ok(),
        "written as a number: {number}"
    );
    // The same record with its seed quoted, as a JSON tool would write it, replays too.
    let quoted = dir.path().join("quoted.ron");
    std::fs::write(
        &quoted,
        text.replacen(
            &format!("seed: {number},"),
            &format!("seed: \"{number}\","),
            1,
        ),
    )
    .expect("write");
    for f in [&record, &quoted] {
        let out = brink()
            .args(["replay", "--check"])
            .arg(f)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // A seed that is not a whole number is refused with its place.
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        text.replacen(&format!("seed: {number},"), "seed: \"12x\",", 1),
    )
    .expect("write");
    let out = brink()
        .args(["replay", "--check"])
        .arg(&bad)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.ron:") && err.contains("12x"), "{err}");
}
