//! Experiments: sweeps, sensitivity, precision targets, decision thresholds and correlated
//! inputs, checked against plain runs and hand computations.

use assert_cmd::Command;
use spmsim::analysis::Precision;
use spmsim::engine::{RunOptions, run};
use spmsim::export::summary_json;
use spmsim::metrics::{Change, metric_index};
use spmsim::scenario::{Scenario, load_str};

fn scenario(text: &str) -> Scenario {
    load_str(text, "test.toml", "test").unwrap_or_else(|e| panic!("{e}"))
}

const HEAD: &str = r#"
[run]
trials = 24
seed = 9
pilot_trials = 12
burn_in_weeks = 13
horizon_weeks = 26
"#;

#[test]
fn a_sweep_point_is_exactly_the_variant_it_stands_for() {
    let swept = scenario(&format!(
        r#"{HEAD}
[[variants]]
name = "base"
baseline = true
[[variants]]
name = "spm"
regime = "balanced"
coaching_hours = 1.0
[sweep]
base = "spm"
[[sweep.parameters]]
path = "coaching_hours"
values = [0.5, 1.5]
[[sweep.parameters]]
path = "complex.loss_per_week"
values = [0.03]
"#
    ));
    let explicit = scenario(&format!(
        r#"{HEAD}
[[variants]]
name = "base"
baseline = true
[[variants]]
name = "p2"
regime = "balanced"
coaching_hours = 1.5
set = {{ "complex.loss_per_week" = 0.03 }}
"#
    ));
    let a = run(&swept, 2, RunOptions::default()).unwrap();
    let b = run(&explicit, 2, RunOptions::default()).unwrap();
    let sweep = a.sweep.as_ref().unwrap();
    assert_eq!(sweep.points.len(), 2);
    assert_eq!(sweep.points[1].values, vec![1.5, 0.03]);
    let point = a.variant(&sweep.points[1].variant).unwrap();
    let same = b.variant("p2").unwrap();
    assert_eq!(
        serde_json::to_string(&point.metrics).unwrap(),
        serde_json::to_string(&same.metrics).unwrap()
    );
    assert_eq!(
        serde_json::to_string(&point.vs_baseline).unwrap(),
        serde_json::to_string(&same.vs_baseline).unwrap()
    );
}

#[test]
fn latin_hypercube_points_stay_in_range() {
    let s = scenario(&format!(
        r#"{HEAD}
[sweep]
design = "lhs"
points = 8
[[sweep.parameters]]
path = "levers.gate"
from = 0.0
to = 1.0
[[sweep.parameters]]
path = "regime.weights.revenue"
from = 1.0
to = 1.0
"#
    ));
    let sw = s.design.sweep.as_ref().unwrap();
    assert_eq!(sw.points.len(), 8);
    let mut strata: Vec<usize> = sw
        .points
        .iter()
        .map(|(_, v)| (v[0] * 8.0) as usize)
        .collect();
    strata.sort();
    assert_eq!(strata, (0..8).collect::<Vec<_>>());
    assert!(sw.points.iter().all(|(_, v)| v[1] == 1.0));
}

#[test]
fn latin_hypercube_covers_each_stratum_once_in_every_dimension() {
    let s = scenario(&format!(
        r#"{HEAD}
[sweep]
design = "lhs"
points = 13
[[sweep.parameters]]
path = "coaching_hours"
from = 0.0
to = 0.5
[[sweep.parameters]]
path = "levers.practice"
from = 0.0
to = 1.0
[[sweep.parameters]]
path = "complex.loss_per_week"
from = 0.01
to = 0.05
"#
    ));
    let sw = s.design.sweep.as_ref().unwrap();
    let ranges = [(0.0, 0.5), (0.0, 1.0), (0.01, 0.05)];
    for (j, (lo, hi)) in ranges.iter().enumerate() {
        let mut strata: Vec<usize> = sw
            .points
            .iter()
            .map(|(_, v)| (((v[j] - lo) / (hi - lo)) * 13.0).floor() as usize)
            .collect();
        strata.sort();
        assert_eq!(strata, (0..13).collect::<Vec<_>>(), "dimension {j}");
    }
}

const UNCERTAIN: &str = r#"
[complex]
value_median = { dist = "lognormal", median = 900000, sigma = 0.4 }
[people]
hiring_cost = { dist = "uniform", min = 50000, max = 150000 }
[sensitivity]
output = "revenue"
trials = 16
"#;

#[test]
fn sensitivity_ranks_what_moves_the_output_and_ignores_certain_inputs() {
    let s = scenario(&format!("{HEAD}{UNCERTAIN}"));
    let summary = run(&s, 2, RunOptions::default()).unwrap();
    let sens = summary.sensitivity.as_ref().unwrap();
    let names: Vec<&str> = sens.inputs.iter().map(|i| i.parameter.as_str()).collect();
    // Only the two uncertain inputs appear, the one that matters first.
    assert_eq!(names, vec!["complex.value_median", "people.hiring_cost"]);
    let value = &sens.inputs[0];
    let hiring = &sens.inputs[1];
    assert!(value.swing > 0.0 && value.output_high > value.output_low);
    assert!(value.spearman > 0.3, "{}", value.spearman);
    // ... and tops the rank-correlation table too.
    assert!(value.spearman.abs() > hiring.spearman.abs());
    // Hiring cost does not touch revenue: on common random numbers the swing is exactly 0.
    assert_eq!(hiring.swing, 0.0);
    assert!(value.low < 900000.0 && value.high > 900000.0);
}

#[test]
fn precision_stops_early_and_equals_a_plain_run_of_that_size() {
    let text = r#"
[run]
trials = 2000
seed = 5
pilot_trials = 12
burn_in_weeks = 13
horizon_weeks = 26
[[variants]]
name = "base"
baseline = true
[[variants]]
name = "coached"
coaching_hours = 1.0
"#;
    let s = scenario(text);
    let target = Precision {
        output: spmsim::metrics::Output::Change(Change::RevenuePct),
        half_width: 1.0,
    };
    let a = run(
        &s,
        2,
        RunOptions {
            precision: Some(target.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(
        a.trials < 2000 && a.trials.is_multiple_of(256),
        "{}",
        a.trials
    );
    let d = a
        .variant("coached")
        .unwrap()
        .vs_baseline
        .get(Change::RevenuePct.name())
        .unwrap();
    assert!((d.ci95[1] - d.ci95[0]) / 2.0 <= 1.0);
    // The run records how it stopped: the two-stage rule, never before its pilot and the
    // trials the pilot projected.
    let record = a.precision.clone().expect("the precision record");
    assert_eq!(record.rule, "two_stage");
    assert!(record.met && record.trials == a.trials && record.max_trials == 2000);
    let projected = record.projected_trials.expect("a projection");
    assert!(a.trials >= projected.max(record.pilot_trials), "{record:?}");
    assert!(
        a.trials < projected + 256,
        "stops at the first check past the projection"
    );
    // Apart from that record, the run is a plain run with the reported number of trials.
    let mut plain = s.clone();
    plain.run.trials = a.trials;
    let b = run(&plain, 1, RunOptions::default()).unwrap();
    assert!(b.precision.is_none());
    let mut a = a;
    a.precision = None;
    assert_eq!(summary_json(&a).unwrap(), summary_json(&b).unwrap());
}

#[test]
fn threshold_probability_counts_trials_over_the_line() {
    let s = scenario(&format!(
        r#"{HEAD}
[decision]
metric = "revenue_pct"
threshold = 5.0
[[variants]]
name = "base"
baseline = true
[[variants]]
name = "spm"
regime = "balanced"
coaching_hours = 1.0
"#
    ));
    let r = metric_index("revenue").unwrap();
    let mut hits = 0;
    let mut n = 0;
    let mut sink = |_t: u64, outs: &[spmsim::model::TrialOutcome]| {
        let pct = 100.0 * (outs[1].metrics[r] - outs[0].metrics[r]) / outs[0].metrics[r];
        n += 1;
        hits += (pct >= 5.0) as u32;
        Ok(())
    };
    let summary = run(
        &s,
        2,
        RunOptions {
            sink: Some(&mut sink),
            ..Default::default()
        },
    )
    .unwrap();
    let p = summary.variant("spm").unwrap().p_threshold.unwrap();
    assert_eq!(p, hits as f64 / n as f64);
    assert!(summary.variant("base").unwrap().p_threshold.is_none());
    assert_eq!(summary.threshold.as_ref().unwrap().value, 5.0);
}

#[test]
fn invalid_correlation_matrices_are_rejected_with_the_reason() {
    let base = r#"
[complex]
loss_per_week = { dist = "uniform", min = 0.01, max = 0.03 }
contact_hours = { dist = "uniform", min = 2.0, max = 4.0 }
value_median = { dist = "lognormal", median = 900000, sigma = 0.3 }
"#;
    for (matrix, expect) in [
        (
            "[[1.0, 0.5, 0.0], [0.4, 1.0, 0.0], [0.0, 0.0, 1.0]]",
            "not symmetric",
        ),
        (
            "[[1.0, 0.95, -0.95], [0.95, 1.0, 0.95], [-0.95, 0.95, 1.0]]",
            "not positive definite",
        ),
        ("[[1.0, 0.5], [0.5, 1.0]]", "needs 3"),
        (
            "[[0.9, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]",
            "not 1",
        ),
    ] {
        let text = format!(
            "{base}[correlation]\nparameters = [\"complex.loss_per_week\", \"complex.contact_hours\", \"complex.value_median\"]\nmatrix = {matrix}\n"
        );
        let e = load_str(&text, "c.toml", "c").unwrap_err().to_string();
        assert!(e.contains(expect), "{matrix}: {e}");
        assert!(
            e.contains("c.toml:") && e.contains("correlation.matrix"),
            "{e}"
        );
    }
    let fixed = "[correlation]\nparameters = [\"complex.loss_per_week\", \"complex.contact_hours\"]\nmatrix = [[1, 0], [0, 1]]\n";
    let e = load_str(fixed, "c.toml", "c").unwrap_err().to_string();
    assert!(e.contains("only uncertain inputs"), "{e}");
}

#[test]
fn invalid_sweep_and_correlation_files_exit_2_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text, expect) in [
        (
            "path.toml",
            "[sweep]\n[[sweep.parameters]]\npath = \"complex.loss_per_wek\"\nvalues = [0.1]\n",
            "field `sweep.parameters[0].path`",
        ),
        (
            "range.toml",
            "[sweep]\n[[sweep.parameters]]\npath = \"levers.gate\"\nvalues = [0.5, 1.5]\n",
            "field `sweep.parameters[0].values[1]`",
        ),
        (
            "design.toml",
            "[sweep]\ndesign = \"random\"\n[[sweep.parameters]]\npath = \"levers.gate\"\nvalues = [0.5]\n",
            "field `sweep.design`",
        ),
        (
            "corr.toml",
            "[complex]\nloss_per_week = { dist = \"uniform\", min = 0.01, max = 0.03 }\ncontact_hours = { dist = \"uniform\", min = 2.0, max = 4.0 }\n[correlation]\nparameters = [\"complex.loss_per_week\", \"complex.contact_hours\"]\nmatrix = [[1.0, 1.5], [1.5, 1.0]]\n",
            "field `correlation.matrix[0][1]`",
        ),
    ] {
        let p = write(&dir, name, text);
        let a = Command::cargo_bin("spmsim")
            .unwrap()
            .args(["validate", p.to_str().unwrap()])
            .assert()
            .code(2);
        let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
        assert!(err.contains(expect) && err.contains(name), "{name}: {err}");
    }
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn sweep_and_sensitivity_commands_write_their_tables() {
    let dir = tempfile::tempdir().unwrap();
    let sc = write(
        &dir,
        "s.toml",
        &format!(
            "{HEAD}{UNCERTAIN}\n[sweep]\n[[sweep.parameters]]\npath = \"coaching_hours\"\nvalues = [0.5, 1.0]\n"
        ),
    );
    let out = dir.path().join("out");
    Command::cargo_bin("spmsim")
        .unwrap()
        .args([
            "sweep",
            sc.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ])
        .assert()
        .success();
    let sweep = std::fs::read_to_string(out.join("sweep.csv")).unwrap();
    assert_eq!(sweep.lines().count(), 3, "{sweep}");
    assert!(sweep.starts_with("point,variant,coaching_hours,revenue_pct_mean"));
    let sens = std::fs::read_to_string(out.join("sensitivity.csv")).unwrap();
    assert_eq!(sens.lines().count(), 3, "{sens}");
}

#[test]
fn experiment_commands_reject_what_they_cannot_do() {
    let dir = tempfile::tempdir().unwrap();
    let plain = write(&dir, "p.toml", HEAD);
    let out = dir.path().join("o");
    for (args, expect) in [
        (
            vec!["sweep", plain.to_str().unwrap()],
            "has no [sweep] section",
        ),
        (
            vec!["sensitivity", plain.to_str().unwrap()],
            "no parameter is uncertain",
        ),
        (
            vec!["run", plain.to_str().unwrap(), "--precision", "revenue=1"],
            "no variant to compare",
        ),
        (
            vec![
                "run",
                plain.to_str().unwrap(),
                "--precision",
                "revenu_pct=1",
            ],
            "did you mean `revenue_pct`",
        ),
        (
            vec!["run", plain.to_str().unwrap(), "--max-trials", "10"],
            "only applies with --precision",
        ),
    ] {
        let mut all = args.clone();
        all.extend(["--out", out.to_str().unwrap()]);
        let assert = Command::cargo_bin("spmsim")
            .unwrap()
            .args(&all)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(stderr.contains(expect), "{args:?}: {stderr}");
        assert!(!out.exists());
    }
}
