//! Sharded runs through the real binary: shards merged in any order give the same bytes as
//! one run; mismatched, missing or duplicate shards are refused with a clear message.

use std::path::Path;

use assert_cmd::Command;

const SCENARIO: &str = r#"
[run]
trials = 30
seed = 31
pilot_trials = 10
burn_in_weeks = 13
horizon_weeks = 26
[complex]
value_median = { dist = "lognormal", median = 900000, sigma = 0.3 }
[decision]
threshold = 5.0
[[variants]]
name = "baseline"
baseline = true
[[variants]]
name = "spm"
regime = "balanced"
coaching_hours = 1.0
[sweep]
base = "spm"
[[sweep.parameters]]
path = "coaching_hours"
values = [0.5, 2.0]
"#;

fn spmsim() -> Command {
    let mut c = Command::cargo_bin("spmsim").unwrap();
    for v in [
        "SLURM_ARRAY_TASK_ID",
        "SLURM_ARRAY_TASK_MIN",
        "SLURM_ARRAY_TASK_COUNT",
        "JOB_COMPLETION_INDEX",
        "SPMSIM_SHARDS",
    ] {
        c.env_remove(v);
    }
    c
}

fn shard(scenario: &Path, spec: &str, out: &Path, extra: &[&str]) {
    spmsim()
        .args(["run", scenario.to_str().unwrap(), "--shard", spec, "--out"])
        .arg(out)
        .args(["--quiet"])
        .args(extra)
        .assert()
        .success();
}

fn merge(dirs: &[&Path], out: &Path) -> assert_cmd::assert::Assert {
    let mut c = spmsim();
    c.arg("merge");
    for d in dirs {
        c.arg(d);
    }
    c.args(["--out"]).arg(out).arg("--quiet").assert()
}

#[test]
fn merged_shards_equal_a_single_run_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = tmp.path().join("s.toml");
    std::fs::write(&sc, SCENARIO).unwrap();
    let dirs: Vec<_> = (1..=3)
        .map(|k| tmp.path().join(format!("shard-{k}")))
        .collect();
    for (k, d) in dirs.iter().enumerate() {
        shard(&sc, &format!("{}/3", k + 1), d, &["--threads", "1"]);
        assert!(d.join("shard.json").exists() && d.join("outcomes.bin").exists());
        assert!(!d.join("summary.json").exists());
    }
    let merged = tmp.path().join("merged");
    merge(&[&dirs[2], &dirs[0], &dirs[1]], &merged).success();
    let single = tmp.path().join("single");
    spmsim()
        .args(["run", sc.to_str().unwrap(), "--out"])
        .arg(&single)
        .args(["--quiet", "--threads", "2"])
        .assert()
        .success();
    for f in [
        "summary.json",
        "trials.csv",
        "variants.csv",
        "weekly.csv",
        "allocation.csv",
        "sweep.csv",
    ] {
        let a = std::fs::read(merged.join(f)).unwrap();
        let b = std::fs::read(single.join(f)).unwrap();
        assert!(a == b, "{f} differs between the merged and the single run");
    }
    let manifest = |dir: &Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
    };
    let (m, s) = (manifest(&merged), manifest(&single));
    assert_eq!(m["complete"], true);
    // One result writer: a merge writes the same files, in the same order, as a single run.
    assert_eq!(m["files"], s["files"]);
    assert!(
        m["files"]
            .as_array()
            .is_some_and(|f| f.iter().any(|x| x == "sweep.csv")),
        "the manifest lists sweep.csv: {}",
        m["files"]
    );
}

#[test]
fn shard_auto_reads_slurm_and_kubernetes_variables() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = tmp.path().join("s.toml");
    std::fs::write(&sc, SCENARIO).unwrap();
    let out = tmp.path().join("a");
    spmsim()
        .args(["run", sc.to_str().unwrap(), "--shard", "auto", "--out"])
        .arg(&out)
        .env("SLURM_ARRAY_TASK_ID", "5")
        .env("SLURM_ARRAY_TASK_MIN", "4")
        .env("SLURM_ARRAY_TASK_COUNT", "3")
        .assert()
        .success()
        .stdout(predicates::str::contains("shard 2/3: trials 10..20 of 30"));
    let out = tmp.path().join("b");
    spmsim()
        .args(["run", sc.to_str().unwrap(), "--shard", "auto", "--out"])
        .arg(&out)
        .env("JOB_COMPLETION_INDEX", "2")
        .env("SPMSIM_SHARDS", "3")
        .assert()
        .success()
        .stdout(predicates::str::contains("shard 3/3: trials 20..30 of 30"));
    spmsim()
        .args(["run", sc.to_str().unwrap(), "--shard", "auto", "--out"])
        .arg(tmp.path().join("c"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("SLURM_ARRAY_TASK_ID"));
}

#[test]
fn merge_refuses_shards_that_do_not_belong_together() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = tmp.path().join("s.toml");
    std::fs::write(&sc, SCENARIO).unwrap();
    let other = tmp.path().join("o.toml");
    std::fs::write(
        &other,
        SCENARIO.replace("coaching_hours = 1.0", "coaching_hours = 0.5"),
    )
    .unwrap();
    let d = |n: &str| tmp.path().join(n);
    shard(&sc, "1/2", &d("a1"), &[]);
    shard(&sc, "2/2", &d("a2"), &[]);
    shard(&sc, "2/2", &d("seed2"), &["--seed", "99"]);
    shard(&other, "2/2", &d("other2"), &[]);
    shard(&sc, "2/3", &d("n3"), &[]);
    for (dirs, expect) in [
        (vec![d("a1")], "missing shards: 2/2"),
        (vec![d("a1"), d("a2"), d("a2")], "given twice"),
        (vec![d("a1"), d("seed2")], "different seed"),
        (vec![d("a1"), d("other2")], "different scenario"),
        (vec![d("a1"), d("n3")], "different number of shards N"),
        (
            vec![d("a1"), tmp.path().to_path_buf()],
            "not a shard result",
        ),
    ] {
        let refs: Vec<&Path> = dirs.iter().map(|p| p.as_path()).collect();
        let out = d("m");
        let a = merge(&refs, &out).code(2);
        let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
        assert!(err.contains(expect), "{expect}: {err}");
        assert!(!out.exists());
    }
    spmsim()
        .args([
            "run",
            sc.to_str().unwrap(),
            "--shard",
            "1/2",
            "--precision",
            "revenue_pct=1",
        ])
        .arg("--out")
        .arg(d("p"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("do not go together"));
}
