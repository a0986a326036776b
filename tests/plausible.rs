//! Plausibility: values inside the hard range but outside the typical one load with a located
//! warning (and "did you mean 0.02?" where a share looks written as a percentage); `--strict`
//! makes them errors (exit 2); a share written as a percentage beyond the hard range gets the
//! same hint in its error.

use assert_cmd::Command;

fn run(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("spmsim")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn unusual_values_warn_and_strict_refuses_them() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("s.toml"),
        "[run]\ntrials = 4\npilot_trials = 4\nhorizon_weeks = 8\nburn_in_weeks = 2\n[traditional]\noverrun_share = 2\n[people]\nattrition_per_year = 3\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(tmp.path(), &["validate", "s.toml"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("s.toml: ok"));
    assert!(
        stderr.contains("warning: s.toml:7:17: field `traditional.overrun_share`: 2 is unusual: typical values lie between 0 and 0.5")
            && stderr.contains("did you mean 0.02?"),
        "{stderr}"
    );
    assert!(
        stderr.contains("field `people.attrition_per_year`: 3 is unusual"),
        "{stderr}"
    );
    let (code, _, stderr) = run(tmp.path(), &["validate", "s.toml", "--strict"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--strict"), "{stderr}");
    let (code, _, stderr) = run(
        tmp.path(),
        &["run", "s.toml", "--strict", "--out", "o", "--no-plots"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        !tmp.path().join("o").exists(),
        "nothing written under --strict"
    );
    let (code, _, stderr) = run(
        tmp.path(),
        &["run", "s.toml", "--out", "o", "--no-plots", "--quiet"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning:") && stderr.contains("overrun_share"),
        "{stderr}"
    );
}

#[test]
fn a_percentage_beyond_the_hard_range_gets_the_hint_in_its_error() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("s.toml"), "[complex]\ncustom_prob = 15\n").unwrap();
    let (code, _, stderr) = run(tmp.path(), &["validate", "s.toml"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "15 is outside the valid range [0, 1] (unit: probability; did you mean 0.15?)"
        ),
        "{stderr}"
    );
}

#[test]
fn shipped_scenarios_have_no_unusual_values() {
    let root = env!("CARGO_MANIFEST_DIR");
    for e in std::fs::read_dir(format!("{root}/scenarios")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "toml") {
            let s = spmsim::scenario::load_file(&p).unwrap();
            assert!(
                s.input_warnings.is_empty(),
                "{}: {:?}",
                p.display(),
                s.input_warnings
            );
        }
    }
}

#[test]
fn a_baseline_that_makes_a_loss_is_named_in_the_run_and_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("s.toml"),
        "[run]\ntrials = 8\npilot_trials = 4\nhorizon_weeks = 13\nburn_in_weeks = 4\n[economics]\noverhead_per_rep_year = 5000000\n",
    )
    .unwrap();
    let (code, _, stderr) = run(
        tmp.path(),
        &["run", "s.toml", "--out", "o", "--no-plots", "--quiet"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: the baseline makes a loss (operating margin \u{2212}"),
        "{stderr}"
    );
    for (lang, words) in [
        ("en", "Check the baseline: the baseline makes a loss"),
        (
            "sv",
            "Kontrollera utgångsläget: utgångsläget går med förlust",
        ),
    ] {
        let (code, _, stderr) = run(tmp.path(), &["report", "o", "--lang", lang]);
        assert_eq!(code, 0, "{stderr}");
        let html = std::fs::read_to_string(tmp.path().join("o/report.html")).unwrap();
        assert!(html.contains(words), "{lang}: no baseline note");
    }
    // The default organisation's baseline is plausible: no note.
    let (code, _, stderr) = run(
        tmp.path(),
        &[
            "run",
            "--trials",
            "8",
            "--out",
            "d",
            "--no-plots",
            "--quiet",
        ],
    );
    assert_eq!(code, 0);
    assert!(!stderr.contains("baseline"), "{stderr}");
}
