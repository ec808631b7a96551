//! The headless command line, through the real binary (cli.md: names, JSON shapes, exit codes).

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
    let ids: Vec<&str> = v
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
    let total: u64 = ["agreement", "stalemate", "collapse", "war"]
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
