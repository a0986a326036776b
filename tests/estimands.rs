//! The estimands of summary.json checked against the trials of a real run (docs/model.md,
//! section 10.3): the percent change of expected revenue and the change of the margin of the
//! expected P&L recomputed from trials.csv, their delta-method intervals against a paired
//! bootstrap, P(better)/P(equal)/P(worse) counted by hand, and trials without baseline revenue
//! counted and reported.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde_json::Value;

/// Per variant, per trial: the value of each named column of trials.csv.
type Trials = BTreeMap<String, Vec<BTreeMap<String, f64>>>;

fn run(dir: &Path, scenario: &str, trials: &str) -> (Value, Trials) {
    std::fs::write(dir.join("s.toml"), scenario).unwrap();
    Command::cargo_bin("spmsim")
        .unwrap()
        .current_dir(dir)
        .args(["run", "s.toml", "--out", "out", "--no-plots", "--quiet"])
        .args(["--trials", trials, "--threads", "2"])
        .assert()
        .success();
    let out = dir.join("out");
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let mut r = csv::Reader::from_path(out.join("trials.csv")).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let mut by_variant = Trials::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        let row: BTreeMap<String, f64> = header
            .iter()
            .zip(rec.iter())
            .skip(2)
            .map(|(h, x)| (h.clone(), x.parse().unwrap_or(f64::NAN)))
            .collect();
        by_variant.entry(rec[1].to_string()).or_default().push(row);
    }
    (summary, by_variant)
}

fn col(t: &Trials, variant: &str, metric: &str) -> Vec<f64> {
    t[variant].iter().map(|r| r[metric]).collect()
}

fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

fn vs<'a>(s: &'a Value, variant: &str, output: &str) -> &'a Value {
    let v = s["variants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == variant)
        .unwrap();
    &v["vs_baseline"][output]
}

fn f(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or(f64::NAN)
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * (1.0 + a.abs().max(b.abs()))
}

const DEFAULT_ORG: &str = r#"
[experiment]
name = "estimands"
description = "Two teams, two variants"
[run]
trials = 10
seed = 77
burn_in_weeks = 13
horizon_weeks = 26
[[teams]]
name = "traditional"
motion = "traditional"
reps = 6
[[teams]]
name = "complex"
motion = "complex"
reps = 4
[[variants]]
name = "base"
baseline = true
[[variants]]
name = "spm"
regime = "balanced"
coaching_hours = 1.0
"#;

/// 100 · (mean V / mean B − 1) and 100 · (ΣOP_V/ΣR_V − ΣOP_B/ΣR_B).
fn pct(v: &[f64], b: &[f64]) -> f64 {
    100.0 * (mean(v) / mean(b) - 1.0)
}
fn margin_pp(opv: &[f64], rv: &[f64], opb: &[f64], rb: &[f64]) -> f64 {
    100.0 * (mean(opv) / mean(rv) - mean(opb) / mean(rb))
}

/// Percentile interval of a paired bootstrap (resampling trial indices).
fn bootstrap(n: usize, reps: usize, seed: u64, stat: impl Fn(&[usize]) -> f64) -> [f64; 2] {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut stats: Vec<f64> = (0..reps)
        .map(|_| {
            let idx: Vec<usize> = (0..n).map(|_| rng.random_range(0..n)).collect();
            stat(&idx)
        })
        .collect();
    stats.sort_by(f64::total_cmp);
    let q = |p: f64| stats[((p * (reps - 1) as f64).round()) as usize];
    [q(0.025), q(0.975)]
}

#[test]
fn the_revenue_and_margin_estimands_are_ratios_of_means_with_bootstrap_sized_intervals() {
    let tmp = tempfile::tempdir().unwrap();
    let (s, t) = run(tmp.path(), DEFAULT_ORG, "1000");
    let (rv, rb) = (col(&t, "spm", "revenue"), col(&t, "base", "revenue"));
    let (opv, opb) = (
        col(&t, "spm", "operating_profit"),
        col(&t, "base", "operating_profit"),
    );
    let n = rb.len();
    assert_eq!(n, 1000);
    // The estimand: the percent change of expected revenue, not the mean of per-trial changes.
    let rev = vs(&s, "spm", "revenue_pct");
    let want = pct(&rv, &rb);
    assert!(
        close(f(rev, "mean"), want, 1e-9),
        "{} vs {want}",
        rev["mean"]
    );
    let per_trial_mean = mean(
        &rv.iter()
            .zip(&rb)
            .map(|(v, b)| 100.0 * (v / b - 1.0))
            .collect::<Vec<_>>(),
    );
    assert!(
        (per_trial_mean - want).abs() > 1e-3,
        "the old estimand differs on this sample"
    );
    let mar = vs(&s, "spm", "operating_margin_pp");
    let want_m = margin_pp(&opv, &rv, &opb, &rb);
    assert!(
        close(f(mar, "mean"), want_m, 1e-9),
        "{} vs {want_m}",
        mar["mean"]
    );
    assert_eq!(rev["n"], 1000);
    assert_eq!(rev["undefined"], 0);

    // The delta-method interval against a paired bootstrap: widths within 10 %.
    let pick = |x: &[f64], idx: &[usize]| idx.iter().map(|&i| x[i]).collect::<Vec<f64>>();
    let boot_r = bootstrap(n, 2000, 1, |idx| pct(&pick(&rv, idx), &pick(&rb, idx)));
    let boot_m = bootstrap(n, 2000, 2, |idx| {
        margin_pp(
            &pick(&opv, idx),
            &pick(&rv, idx),
            &pick(&opb, idx),
            &pick(&rb, idx),
        )
    });
    for (name, e, boot) in [
        ("revenue_pct", rev, boot_r),
        ("operating_margin_pp", mar, boot_m),
    ] {
        let ci = [
            e["ci95"][0].as_f64().unwrap(),
            e["ci95"][1].as_f64().unwrap(),
        ];
        let (w, wb) = (ci[1] - ci[0], boot[1] - boot[0]);
        eprintln!("{name}: delta {ci:?} (width {w:.4}), bootstrap {boot:?} (width {wb:.4})");
        assert!((w / wb - 1.0).abs() < 0.10, "{name}: {w} vs {wb}");
        assert!(close(f(e, "se") * (n as f64).sqrt(), f(e, "sd"), 1e-9));
    }

    // P(better), P(equal), P(worse) by hand on whole-number metrics, where ties are common.
    for (metric, higher_better) in [("deals_won", true), ("attrition", false), ("hires", true)] {
        let (v, b) = (col(&t, "spm", metric), col(&t, "base", metric));
        let count = |pred: &dyn Fn(f64) -> bool| {
            v.iter().zip(&b).filter(|(v, b)| pred(*v - *b)).count() as f64 / n as f64
        };
        let (up, eq, down) = (
            count(&|d| d > 0.0),
            count(&|d| d == 0.0),
            count(&|d| d < 0.0),
        );
        let e = vs(&s, "spm", metric);
        assert!(close(f(e, "p_higher"), up, 1e-12), "{metric}");
        assert!(close(f(e, "p_equal"), eq, 1e-12), "{metric}");
        if metric == "hires" {
            // Descriptive: no direction, so no better or worse.
            assert!(e["p_better"].is_null() && e["p_worse"].is_null());
            continue;
        }
        let (better, worse) = if higher_better {
            (up, down)
        } else {
            (down, up)
        };
        assert!(close(f(e, "p_better"), better, 1e-12), "{metric}");
        assert!(close(f(e, "p_worse"), worse, 1e-12), "{metric}");
        assert!(close(better + eq + worse, 1.0, 1e-12));
        if metric == "attrition" {
            assert!(eq > 0.05, "attrition ties in many worlds: {eq}");
        }
    }
}

const ONE_COMPLEX_REP: &str = r#"
[experiment]
name = "tiny"
description = "One complex rep: some worlds have no baseline revenue"
[run]
trials = 10
seed = 3
burn_in_weeks = 4
horizon_weeks = 6
[[teams]]
name = "solo"
motion = "complex"
reps = 1
[[variants]]
name = "base"
baseline = true
[[variants]]
name = "coached"
coaching_hours = 2.0
"#;

#[test]
fn worlds_without_baseline_revenue_are_counted_and_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let (s, t) = run(tmp.path(), ONE_COMPLEX_REP, "400");
    let (rv, rb) = (col(&t, "coached", "revenue"), col(&t, "base", "revenue"));
    let zero = rb.iter().filter(|b| **b <= 0.0).count() as u64;
    assert!(zero > 0, "the scenario has worlds without baseline revenue");
    let rev = vs(&s, "coached", "revenue_pct");
    assert_eq!(rev["worlds_undefined"].as_u64(), Some(zero));
    assert_eq!(rev["worlds_n"].as_u64(), Some(400 - zero));
    // The expected change uses every world: revenue is always defined.
    assert_eq!(
        (rev["n"].as_u64(), rev["undefined"].as_u64()),
        (Some(400), Some(0))
    );
    assert!(close(f(rev, "mean"), pct(&rv, &rb), 1e-9));
    // Cycle time is undefined in worlds without a decided deal: counted, not silent.
    let cyc = vs(&s, "coached", "avg_cycle_weeks");
    let cv = col(&t, "coached", "avg_cycle_weeks");
    let cb = col(&t, "base", "avg_cycle_weeks");
    let missing = cv
        .iter()
        .zip(&cb)
        .filter(|(v, b)| v.is_nan() || b.is_nan())
        .count() as u64;
    assert!(missing > 0);
    assert_eq!(cyc["undefined"].as_u64(), Some(missing));
    assert_eq!(cyc["n"].as_u64(), Some(400 - missing));
    // The report says so.
    for lang in ["en", "sv"] {
        Command::cargo_bin("spmsim")
            .unwrap()
            .current_dir(tmp.path())
            .args(["report", "out", "--lang", lang])
            .assert()
            .success();
        let html = std::fs::read_to_string(tmp.path().join("out").join("report.html")).unwrap();
        let needle = match lang {
            "en" => format!("{zero} of 400 sampled worlds"),
            _ => format!("{zero} av 400 simulerade världar"),
        };
        assert!(html.contains(&needle), "{lang}: report lacks `{needle}`");
    }
}
