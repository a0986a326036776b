//! Shared helpers for the integration tests that run the real `spmsim` binary: building the
//! command, locating fixtures, writing small scenarios and making output stable for snapshots.

// Each test crate that includes this module uses only some of the helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `spmsim` binary cargo built for this test run, started in the `tests/` directory (so
/// fixtures are addressed as `invalid/<name>.toml`, and a forgotten `--out` cannot write
/// into the repository root).
pub fn spmsim() -> Command {
    spmsim_in(&root().join("tests"))
}

/// The `spmsim` binary, started in `dir` (for runs whose paths should read as relative).
pub fn spmsim_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("spmsim").expect("cargo builds the spmsim binary");
    cmd.current_dir(dir);
    cmd
}

/// The package root (where `Cargo.toml` and `scenarios/` are).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh temporary directory, removed when dropped.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory can be created")
}

/// A small, fast experiment: 20 trials, a 13-week burn-in and 26 counted weeks, with a
/// baseline, a `twin` identical to it and one real change.
pub const SMALL_SCENARIO: &str = r#"# A tiny experiment for the command-line tests.
[experiment]
name = "small"
description = "Tiny experiment for the integration tests"

[run]
trials = 20
pilot_trials = 20
burn_in_weeks = 13
horizon_weeks = 26
seed = 7

[[variants]]
name = "base"
baseline = true
regime = "revenue_only"

# Identical to the baseline: every paired difference must be exactly 0.
[[variants]]
name = "twin"
regime = "revenue_only"

[[variants]]
name = "spm"
regime = "balanced"
coaching_hours = 1.0
"#;

/// The variant names of [`SMALL_SCENARIO`], in order.
pub const SMALL_VARIANTS: [&str; 3] = ["base", "twin", "spm"];

/// Write [`SMALL_SCENARIO`] as `dir/small.toml` and return its path.
pub fn write_small_scenario(dir: &Path) -> PathBuf {
    let path = dir.join("small.toml");
    std::fs::write(&path, SMALL_SCENARIO).expect("the small scenario can be written");
    path
}

/// Parse a JSON file.
pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{} cannot be read: {e}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", path.display()))
}

/// Standard error of a finished command, as text.
pub fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// Standard output of a finished command, as text.
pub fn stdout_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

/// Replace each directory (also in its canonical form) by a placeholder such as `[TMP]`, so
/// messages that name temporary paths are the same on every run.
pub fn normalise(text: &str, dirs: &[(&Path, &str)]) -> String {
    let mut out = text.replace('\\', "/");
    for (dir, placeholder) in dirs {
        let mut forms = vec![dir.to_path_buf()];
        if let Ok(c) = dir.canonicalize() {
            forms.push(c);
        }
        // Longest first, so a canonical path that extends the plain one is replaced whole.
        forms.sort_by_key(|p| std::cmp::Reverse(p.as_os_str().len()));
        for form in forms {
            let form = form.display().to_string().replace('\\', "/");
            out = out.replace(&form, placeholder);
        }
    }
    out
}

/// The names in a directory, sorted (hidden ones included).
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{} cannot be listed: {e}", dir.display()))
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}
