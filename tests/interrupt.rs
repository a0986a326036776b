//! Interrupted runs: a `spmsim run` killed part-way (SIGKILL, SIGINT, SIGTERM) never touches an
//! earlier result in its output directory and never leaves a directory that looks complete.
//! Results are written to a hidden `.NAME.partial-PID` directory and renamed into place only
//! when every file, `manifest.json` last, is written (src/export/outdir.rs).
//!
//! SIGINT and SIGTERM run a handler that removes the partial directory, prints one line and
//! exits with 130; SIGKILL cannot be handled, so its partial directory stays behind (without a
//! manifest) until the next run in the same place removes it.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{SMALL_SCENARIO, entries, read_json, tempdir};

/// The default organisation (14 reps) with 20 000 trials of two variants: far more than a
/// second of work, so a kill lands in the middle of the simulation.
const BIG_SCENARIO: &str = r#"
[run]
trials = 20000
seed = 3
pilot_trials = 20

[[variants]]
name = "base"
baseline = true

[[variants]]
name = "spm"
regime = "balanced"
coaching_hours = 1.0
"#;

/// Every file under `dir` with its bytes, by relative path.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in fs::read_dir(dir).expect("a readable directory") {
            let p = e.expect("an entry").path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).expect("under the root").to_path_buf();
                out.insert(rel, fs::read(&p).expect("a readable file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A temporary directory holding `small.toml`, `big.toml` and a complete result of the small
/// scenario in `out/`; returns it with a snapshot of `out/`.
fn with_previous_result() -> (tempfile::TempDir, BTreeMap<PathBuf, Vec<u8>>) {
    let tmp = tempdir();
    fs::write(tmp.path().join("small.toml"), SMALL_SCENARIO).unwrap();
    fs::write(tmp.path().join("big.toml"), BIG_SCENARIO).unwrap();
    let status = spmsim(tmp.path())
        .args(["run", "small.toml", "--out", "out", "--quiet"])
        .status()
        .expect("spmsim starts");
    assert!(status.success(), "the small run failed: {status}");
    let out = tmp.path().join("out");
    check_complete(&out);
    let before = snapshot(&out);
    (tmp, before)
}

/// The finished result in `dir` says it is complete and lists exactly its files (those in
/// subdirectories as `sub/name`).
fn check_complete(dir: &Path) {
    let manifest = read_json(&dir.join("manifest.json"));
    assert_eq!(manifest["complete"], true, "{manifest}");
    let mut listed: Vec<String> = manifest["files"]
        .as_array()
        .expect("files is a list")
        .iter()
        .map(|f| f.as_str().expect("a file name").to_string())
        .collect();
    listed.sort();
    let on_disk: Vec<String> = snapshot(dir)
        .keys()
        .map(|p| {
            let parts: Vec<String> = p
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            parts.join("/")
        })
        .collect();
    assert_eq!(listed, on_disk, "the manifest lists exactly the files");
    for f in [
        "summary.json",
        "variants.csv",
        "trials.csv",
        "manifest.json",
    ] {
        assert!(listed.iter().any(|l| l == f), "{f} missing from {listed:?}");
    }
}

/// The `spmsim` binary cargo built for this test run, started in `dir`.
fn spmsim(dir: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("spmsim"));
    cmd.current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Hidden partial directories (`.NAME.partial-PID`) in `dir`.
fn partials(dir: &Path) -> Vec<String> {
    entries(dir)
        .into_iter()
        .filter(|n| n.starts_with('.') && n.contains(".partial-"))
        .collect()
}

/// Start the big run, wait until it has created its partial directory and worked for half a
/// second more, and check that it is still running (else the run was too small to test).
fn start_big_run(dir: &Path, extra: &[&str], capture_stderr: bool) -> Child {
    let mut cmd = spmsim(dir);
    cmd.args(["run", "big.toml", "--out", "out", "--threads", "2"])
        .args(extra);
    if capture_stderr {
        cmd.stderr(Stdio::piped());
    }
    let mut child = cmd.spawn().expect("spmsim starts");
    let started = Instant::now();
    while partials(dir).is_empty() {
        if let Some(status) = child.try_wait().expect("a child status") {
            panic!("the big run ended before writing anything: {status}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no partial directory after 30 s"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(500));
    if let Some(status) = child.try_wait().expect("a child status") {
        panic!(
            "the big run finished within {:.1} s ({status}); it must take longer to be interrupted",
            started.elapsed().as_secs_f64()
        );
    }
    child
}

/// Wait for the child to end after a signal (at most 30 s; then kill it and fail).
fn wait_for_end(child: &mut Child, what: &str) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("a child status") {
            return status;
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("spmsim did not end within 30 s of {what}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// After an interrupted run: `out/` is byte for byte what it was, no `out-2` was created,
/// and whatever else is in the directory does not look like a finished result.
fn check_after(dir: &Path, before: &BTreeMap<PathBuf, Vec<u8>>, what: &str) {
    assert_eq!(
        &snapshot(&dir.join("out")),
        before,
        "{what}: the earlier result changed"
    );
    check_complete(&dir.join("out"));
    let names = entries(dir);
    assert!(
        !names.iter().any(|n| n.starts_with("out-")),
        "{what}: a new result directory appeared: {names:?}"
    );
    assert!(
        !names.iter().any(|n| n.contains(".old-")),
        "{what}: a moved-aside old result was left: {names:?}"
    );
    for name in &names {
        let p = dir.join(name);
        if name == "out" || !p.is_dir() {
            continue;
        }
        assert!(
            name.starts_with(".out") && name.contains(".partial-"),
            "{what}: unexpected directory {name}"
        );
        assert!(
            !p.join("manifest.json").exists(),
            "{what}: the partial directory {name} has a manifest: {:?}",
            entries(&p)
        );
    }
    let left = partials(dir);
    if !left.is_empty() {
        eprintln!("{what}: left behind (no manifest, not a result): {left:?}");
    }
}

fn signal(child: &Child, sig: &str) {
    let status = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .expect("`kill` runs");
    assert!(status.success(), "kill {sig} failed: {status}");
}

#[test]
fn sigkill_beside_an_earlier_result_leaves_it_untouched() {
    let (tmp, before) = with_previous_result();
    let mut child = start_big_run(tmp.path(), &[], false);
    child.kill().expect("SIGKILL is delivered");
    let status = child.wait().expect("the child ends");
    assert_eq!(status.signal(), Some(9), "{status}");
    check_after(tmp.path(), &before, "SIGKILL");
}

#[test]
fn sigkill_of_a_forced_run_leaves_the_result_it_would_replace() {
    let (tmp, before) = with_previous_result();
    let mut child = start_big_run(tmp.path(), &["--force"], false);
    // With --force the partial directory is the target's own: `.out.partial-PID`.
    let mine = format!(".out.partial-{}", child.id());
    assert!(
        partials(tmp.path()).contains(&mine),
        "{:?}",
        entries(tmp.path())
    );
    child.kill().expect("SIGKILL is delivered");
    let status = child.wait().expect("the child ends");
    assert_eq!(status.signal(), Some(9), "{status}");
    check_after(tmp.path(), &before, "SIGKILL --force");
}

#[test]
fn sigint_and_sigterm_leave_the_earlier_result_untouched_and_nothing_behind() {
    for sig in ["-INT", "-TERM"] {
        for extra in [&[][..], &["--force"][..]] {
            let (tmp, before) = with_previous_result();
            let mut child = start_big_run(tmp.path(), extra, true);
            signal(&child, sig);
            let status = wait_for_end(&mut child, sig);
            let what = format!("kill {sig} {extra:?}");
            assert_eq!(status.code(), Some(130), "{what}: {status}");
            check_after(tmp.path(), &before, &what);
            assert!(
                partials(tmp.path()).is_empty(),
                "{what}: {:?}",
                entries(tmp.path())
            );
            let mut stderr = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
            // With --force the run would have replaced `out`; without, it was writing `out-2`.
            let expected = if extra.is_empty() {
                "interrupted: no results written; out-2 not created"
            } else {
                "interrupted: no results written; out untouched"
            };
            assert_eq!(
                stderr.trim_end().lines().last(),
                Some(expected),
                "{what}: {stderr}"
            );
        }
    }
}

/// A process that has ended: its id is free (until the OS reuses it).
fn dead_pid() -> u32 {
    let mut c = Command::new("true").spawn().expect("`true` runs");
    c.wait().expect("it ends");
    c.id()
}

#[test]
fn a_run_removes_what_dead_runs_left_and_keeps_what_live_ones_write() {
    let (tmp, _) = with_previous_result();
    let dead = dead_pid();
    let live = std::process::id();
    let stale = tmp.path().join(format!(".out.partial-{dead}"));
    let busy = tmp.path().join(format!(".out.partial-{live}"));
    fs::create_dir(&stale).unwrap();
    fs::create_dir(&busy).unwrap();
    // A result a killed run had moved aside before renaming its own into place.
    let aside = tmp.path().join(format!(".gone.old-{dead}"));
    fs::rename(tmp.path().join("out"), &aside).unwrap();
    let out = spmsim(tmp.path())
        .args(["run", "small.toml", "--out", "other"])
        .stderr(Stdio::piped())
        .output()
        .expect("spmsim runs");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stale.exists(), "{stderr}");
    assert!(busy.exists(), "a live process's directory is left alone");
    assert!(
        tmp.path().join("gone").join("manifest.json").exists(),
        "put back: {stderr}"
    );
    assert!(stderr.contains("left by an interrupted run"), "{stderr}");
    assert!(stderr.contains("put back"), "{stderr}");
}

#[test]
fn force_keeps_the_files_you_added_and_says_what_it_removed() {
    let (tmp, _) = with_previous_result();
    let out_dir = tmp.path().join("out");
    fs::write(out_dir.join("notes.txt"), "mine").unwrap();
    fs::write(out_dir.join("report.html"), "<html>old</html>").unwrap();
    let out = spmsim(tmp.path())
        .args([
            "run",
            "small.toml",
            "--out",
            "out",
            "--force",
            "--seed",
            "9",
        ])
        .stderr(Stdio::piped())
        .output()
        .expect("spmsim runs");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        fs::read_to_string(out_dir.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(!out_dir.join("report.html").exists());
    assert!(
        stderr.contains("kept the files you added to out: notes.txt"),
        "{stderr}"
    );
    assert!(stderr.contains("removed report.html from out"), "{stderr}");
    assert_eq!(read_json(&out_dir.join("summary.json"))["seed"], 9);
    let names = entries(tmp.path());
    assert!(!names.iter().any(|n| n.starts_with('.')), "{names:?}");
}

/// The big run is big enough for these tests: still running a full second after it started.
#[test]
fn the_big_run_takes_more_than_a_second() {
    let tmp = tempdir();
    fs::write(tmp.path().join("big.toml"), BIG_SCENARIO).unwrap();
    let mut child = spmsim(tmp.path())
        .args(["run", "big.toml", "--out", "out", "--threads", "2"])
        .spawn()
        .expect("spmsim starts");
    std::thread::sleep(Duration::from_secs(1));
    let status = child.try_wait().expect("a child status");
    let _ = child.kill();
    let _ = child.wait();
    assert!(status.is_none(), "the big run ended within 1 s: {status:?}");
}

#[test]
fn a_finished_run_has_a_complete_manifest_and_no_leftovers() {
    let (tmp, _) = with_previous_result();
    assert_eq!(entries(tmp.path()), ["big.toml", "out", "small.toml"]);
}
