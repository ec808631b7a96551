//! Records written by `brink sim --record` replay exactly, and `replay --json` prints one line
//! per turn and a final line (docs/formats.md).

mod record_common;

use record_common::brink;

#[test]
fn sim_records_pass_replay_check_and_print_json_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("records");
    brink(tmp.path())
        .args([
            "sim",
            "--scenario",
            "singapore-2018",
            "--games",
            "3",
            "--seed",
            "4",
        ])
        .args(["--threads", "1", "--record"])
        .arg(&dir)
        .assert()
        .success();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 3, "{files:?}");
    for f in &files {
        let out = brink(tmp.path())
            .args(["replay", "--check"])
            .arg(f)
            .assert()
            .success();
        let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(stdout.starts_with("ok: "), "{stdout}");
        assert!(stdout.contains("reproduces exactly"), "{stdout}");

        let out = brink(tmp.path())
            .args(["replay", "--json"])
            .arg(f)
            .assert()
            .success();
        let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        let lines: Vec<serde_json::Value> = stdout
            .lines()
            .map(|l| serde_json::from_str(l).expect("each line is JSON"))
            .collect();
        let last = lines.last().expect("a final line");
        let turns = last["turns"].as_u64().expect("turns") as usize;
        assert!(last["outcome"].is_string(), "{last}");
        assert!(last["scores"].is_object(), "{last}");
        assert_eq!(
            lines.len(),
            turns + 1,
            "one line per turn, then the final line"
        );
        for (i, l) in lines[..turns].iter().enumerate() {
            assert_eq!(l["turn"].as_u64(), Some(i as u64 + 1));
            for key in [
                "date",
                "tension",
                "rung",
                "trust",
                "sanctions",
                "verification",
                "dprk",
                "sides",
                "events",
                "moves",
            ] {
                assert!(l.get(key).is_some(), "turn {} lacks {key}", i + 1);
            }
        }
    }
}
