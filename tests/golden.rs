//! Pins the numbers: every shipped scenario (and `tests/golden/everything.toml`, which reaches
//! every lever, routing, overrides, distributions and correlation) is run through the real
//! binary at a small trial count with 1 and with 2 threads, and the SHA-256 of each result file
//! must equal the one recorded in `tests/golden/hashes.txt`.
//!
//! A restructuring must leave this test green. When numbers change on purpose, regenerate the
//! list with
//!
//! ```sh
//! SPMSIM_BLESS=1 cargo test --release --test golden
//! ```
//!
//! and say in docs/model.md what changed and why (the diff of `hashes.txt` shows which
//! scenarios and files moved).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use spmsim::scenario::load::hex_sha256;

/// Trials per pinned run: enough to reach every path, small enough for CI.
const TRIALS: &str = "16";

/// Files whose bytes are pinned (`manifest.json` holds timings, plots are pictures).
const PINNED: &[&str] = &[
    "summary.json",
    "trials.csv",
    "weekly.csv",
    "variants.csv",
    "allocation.csv",
    "sweep.csv",
    "sensitivity.csv",
];

fn hashes_path() -> PathBuf {
    common::root().join("tests/golden/hashes.txt")
}

/// The pinned scenarios: `(label, path or None for the built-in default)`.
fn scenarios() -> Vec<(String, Option<PathBuf>)> {
    let root = common::root();
    let mut out = vec![("builtin-default".to_string(), None)];
    let mut shipped: Vec<PathBuf> = std::fs::read_dir(root.join("scenarios"))
        .expect("scenarios/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    shipped.push(root.join("tests/golden/everything.toml"));
    shipped.sort();
    for p in shipped {
        let label = p
            .strip_prefix(&root)
            .expect("under the package root")
            .display()
            .to_string();
        out.push((label, Some(p)));
    }
    out
}

/// Run one scenario with `threads` threads; the hash of every pinned file it wrote.
fn run_hashes(scenario: Option<&Path>, threads: &str, out: &Path) -> BTreeMap<String, String> {
    let mut cmd = common::spmsim();
    cmd.arg("run");
    if let Some(p) = scenario {
        cmd.arg(p);
    }
    cmd.args([
        "--trials",
        TRIALS,
        "--threads",
        threads,
        "--no-plots",
        "--quiet",
        "--out",
    ])
    .arg(out);
    let output = cmd.output().expect("the binary starts");
    assert!(
        output.status.success(),
        "{scenario:?} with {threads} threads failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    PINNED
        .iter()
        .filter_map(|name| {
            let bytes = std::fs::read(out.join(name)).ok()?;
            Some((name.to_string(), hex_sha256(&bytes)))
        })
        .collect()
}

#[test]
fn shipped_scenarios_give_the_pinned_bytes_with_one_and_two_threads() {
    let tmp = common::tempdir();
    // label file -> hash, from the 1-thread run; the 2-thread run must agree.
    let mut now: BTreeMap<(String, String), String> = BTreeMap::new();
    for (i, (label, path)) in scenarios().iter().enumerate() {
        let one = run_hashes(path.as_deref(), "1", &tmp.path().join(format!("{i}-1")));
        let two = run_hashes(path.as_deref(), "2", &tmp.path().join(format!("{i}-2")));
        assert!(one.contains_key("summary.json"), "{label}: no summary.json");
        assert_eq!(one, two, "{label}: 1 and 2 threads differ");
        for (file, hash) in one {
            now.insert((label.clone(), file), hash);
        }
    }
    let text: String = now
        .iter()
        .map(|((label, file), hash)| format!("{label} {file} {hash}\n"))
        .collect();
    if std::env::var_os("SPMSIM_BLESS").is_some() {
        std::fs::write(hashes_path(), &text).expect("hashes.txt is writable");
        eprintln!("wrote {}", hashes_path().display());
        return;
    }
    let pinned = std::fs::read_to_string(hashes_path()).unwrap_or_default();
    if pinned != text {
        let old: Vec<&str> = pinned.lines().collect();
        let changed: Vec<&str> = text.lines().filter(|l| !old.contains(l)).collect();
        panic!(
            "result bytes differ from tests/golden/hashes.txt in {} of {} files:\n{}\n\
             If the numbers changed on purpose: SPMSIM_BLESS=1 cargo test --release --test golden, \
             and document the change in docs/model.md.",
            changed.len(),
            text.lines().count(),
            changed.join("\n")
        );
    }
}
