//! The stylized facts of the model documentation (SF1-SF10), checked on the shipped scenarios
//! with paired per-trial differences. "Better" means the 95 % interval of the paired mean
//! difference excludes zero. Nothing here is tuned per fact: the scenarios run with the
//! documented defaults.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use spmsim::engine::{RunOptions, run};
use spmsim::metrics::metric_index;
use spmsim::results::Summary;
use spmsim::scenario::load_file;
use spmsim::stats::Moments;

/// A finished run with every trial's metrics kept for arbitrary paired comparisons.
struct Run {
    summary: Summary,
    names: Vec<String>,
    /// trial -> variant -> metrics
    trials: Vec<Vec<Vec<f64>>>,
}

impl Run {
    fn col(&self, variant: &str, metric: &str) -> Vec<f64> {
        let v = self
            .names
            .iter()
            .position(|n| n == variant)
            .unwrap_or_else(|| panic!("no variant {variant}"));
        let m = metric_index(metric).unwrap_or_else(|| panic!("no metric {metric}"));
        self.trials.iter().map(|t| t[v][m]).collect()
    }

    /// Paired difference a - b of a metric: (mean, ci95).
    fn diff(&self, a: &str, b: &str, metric: &str) -> (f64, [f64; 2]) {
        let (xa, xb) = (self.col(a, metric), self.col(b, metric));
        paired(xa.iter().zip(&xb).map(|(x, y)| x - y))
    }

    /// Paired relative difference of revenue, in percent of b.
    /// The percent change of expected revenue, 100 · (mean a / mean b − 1), with its
    /// delta-method interval: the t interval of the per-trial linearised values
    /// `est + 100 · (x − R·y) / mean b`, whose mean is the estimate (docs/model.md, 10.3).
    fn revenue_pct(&self, a: &str, b: &str) -> (f64, [f64; 2]) {
        let (xa, xb) = (self.col(a, "revenue"), self.col(b, "revenue"));
        let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len() as f64;
        let (ma, mb) = (mean(&xa), mean(&xb));
        let (r, est) = (ma / mb, 100.0 * (ma / mb - 1.0));
        let (_, ci) = paired(
            xa.iter()
                .zip(&xb)
                .map(|(x, y)| est + 100.0 * (x - r * y) / mb),
        );
        (est, ci)
    }
}

fn paired(it: impl Iterator<Item = f64>) -> (f64, [f64; 2]) {
    let mut m = Moments::default();
    it.for_each(|x| m.push(x));
    (m.mean(), m.ci95())
}

fn simulate(file: &str, trials: Option<u64>) -> Run {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(file);
    let mut s = load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    if let Some(t) = trials {
        s.run.trials = t;
    }
    let names: Vec<String> = s.variants.iter().map(|v| v.name.clone()).collect();
    let mut trials = Vec::new();
    let mut sink = |_t: u64, outs: &[spmsim::model::TrialOutcome]| {
        trials.push(outs.iter().map(|o| o.metrics.to_vec()).collect());
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
    .expect("run");
    Run {
        summary,
        names,
        trials,
    }
}

/// Each shipped scenario is simulated once per test process and shared by the tests.
fn scenario(file: &'static str) -> &'static Run {
    static RUNS: OnceLock<std::sync::Mutex<HashMap<&'static str, &'static Run>>> = OnceLock::new();
    let map = RUNS.get_or_init(Default::default);
    let mut guard = map.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(r) = guard.get(file) {
        return r;
    }
    let r: &'static Run = Box::leak(Box::new(simulate(file, None)));
    guard.insert(file, r);
    r
}

fn show(label: &str, (mean, ci): (f64, [f64; 2])) {
    eprintln!("{label}: {mean:.3} [{:.3}, {:.3}]", ci[0], ci[1]);
}

#[test]
fn sf1_spm_raises_revenue_and_margin_by_the_seed_headline() {
    let r = scenario("default.toml");
    let rev = r.revenue_pct("spm", "baseline");
    let om = r.diff("spm", "baseline", "operating_margin_pct");
    show("SF1 revenue %", rev);
    show("SF1 margin pp", om);
    assert!(rev.1[0] > 0.0 && (10.0..=25.0).contains(&rev.0), "{rev:?}");
    assert!(om.1[0] > 0.0 && (4.0..=9.0).contains(&om.0), "{om:?}");
    // The summary reports the same paired figures.
    let v = r.summary.variant("spm").unwrap();
    let s = v.vs_baseline.get("revenue_pct").unwrap();
    assert!((s.mean - rev.0).abs() < 1e-9);
}

#[test]
fn sf2_a_higher_revenue_target_alone_does_not_pay() {
    let r = scenario("default.toml");
    let rev = r.revenue_pct("stretch", "baseline");
    let om = r.diff("stretch", "baseline", "operating_margin_pct");
    show("SF2 revenue %", rev);
    show("SF2 margin pp", om);
    assert!(
        rev.1[1] < 3.0,
        "revenue change must stay below +3 %: {rev:?}"
    );
    assert!(om.1[0] <= 0.0, "operating margin must not rise: {om:?}");
}

#[test]
fn sf3_coaching_pays_with_diminishing_returns_and_bad_coaching_hurts() {
    let r = scenario("coaching-curve.toml");
    let steps = [
        "coaching_0h",
        "coaching_0.5h",
        "coaching_1h",
        "coaching_1.5h",
        "coaching_2h",
        "coaching_2.5h",
    ];
    // Revenue rises with each half hour up to 1.5 h. Beyond the first hour a share of each
    // coaching hour comes out of selling time (docs/model.md section 6.6), so the steps past
    // 1.5 h are reported, not asserted.
    for (i, w) in steps.windows(2).enumerate() {
        let d = r.diff(w[1], w[0], "revenue");
        show(&format!("SF3 {} - {}", w[1], w[0]), d);
        if i < 3 {
            assert!(
                d.1[0] > 0.0,
                "revenue must rise from {} to {}: {d:?}",
                w[0],
                w[1]
            );
        }
    }
    // Operating profit has an interior optimum: the best level is neither none nor the most
    // the manager's 20 hours allow (2.5 h for a team of 8), and it beats both, paired.
    let profit = |v: &str| {
        let x = r.col(v, "operating_profit");
        x.iter().sum::<f64>() / x.len() as f64
    };
    let best = steps
        .iter()
        .copied()
        .max_by(|a, b| profit(a).total_cmp(&profit(b)))
        .unwrap();
    for v in steps {
        eprintln!("SF3 operating profit {v}: {:.3} M", profit(v) / 1e6);
    }
    assert!(
        best != steps[0] && best != steps[steps.len() - 1],
        "the most profitable coaching level must be interior, got {best}"
    );
    let over = r.diff(best, "coaching_2.5h", "operating_profit");
    let under = r.diff(best, "coaching_0h", "operating_profit");
    show(&format!("SF3 profit {best} - 2.5h"), over);
    show(&format!("SF3 profit {best} - 0h"), under);
    assert!(over.1[0] > 0.0 && under.1[0] > 0.0, "{over:?} {under:?}");
    // First half hour vs last half hour, paired trial by trial.
    let a = r.col("coaching_0h", "revenue");
    let b = r.col("coaching_0.5h", "revenue");
    let c = r.col("coaching_1.5h", "revenue");
    let d = r.col("coaching_2h", "revenue");
    let dd = paired((0..a.len()).map(|i| (b[i] - a[i]) - (d[i] - c[i])));
    show("SF3 first minus last half hour", dd);
    assert!(dd.1[0] > 0.0, "{dd:?}");
    // A harmful manager: more coaching, less revenue.
    let h1 = r.diff("harmful_1h", "coaching_0h", "revenue");
    let h2 = r.diff("harmful_2h", "harmful_1h", "revenue");
    show("SF3 harmful 1h - none", h1);
    show("SF3 harmful 2h - 1h", h2);
    assert!(h1.1[1] < 0.0 && h2.1[1] < 0.0, "{h1:?} {h2:?}");
}

#[test]
fn sf4_each_motion_needs_its_own_metric() {
    let t = scenario("traditional-metrics.toml");
    let d = t.diff("activity", "quality", "revenue");
    show("SF4 traditional activity - quality revenue", d);
    assert!(d.1[0] > 0.0, "{d:?}");
    let c = scenario("complex-metrics.toml");
    let rev = c.diff("quality", "activity", "revenue");
    let om = c.diff("quality", "activity", "operating_margin_pct");
    show("SF4 complex quality - activity revenue", rev);
    show("SF4 complex quality - activity margin", om);
    assert!(rev.1[0] > 0.0 && om.1[0] > 0.0, "{rev:?} {om:?}");
}

#[test]
fn sf5_an_activity_count_hurts_margin_in_complex_selling() {
    let c = scenario("complex-metrics.toml");
    let om = c.diff("activity_count", "revenue_only", "operating_margin_pct");
    show("SF5 activity count - revenue only margin", om);
    assert!(om.1[1] < 0.0, "{om:?}");
}

#[test]
fn sf6_revenue_steering_discounts_at_period_end() {
    let r = scenario("default.toml");
    let base = r.summary.variant("baseline").unwrap();
    let gap = base.metrics.get("discount_end_gap_pp").unwrap();
    eprintln!("SF6 baseline gap {:.3} {:?}", gap.mean, gap.ci95);
    assert!(gap.mean >= 1.0, "{gap:?}");
    for name in ["spm", "regime_only"] {
        let g = r
            .summary
            .variant(name)
            .unwrap()
            .metrics
            .get("discount_end_gap_pp")
            .unwrap();
        eprintln!("SF6 {name} gap {:.3}", g.mean);
        assert!(g.mean.abs() < 0.5, "{name}: {g:?}");
    }
}

#[test]
fn sf7_roles_custom_deals_away_from_traditional_reps() {
    let r = scenario("roles.toml");
    // Declining custom leads (no hand-over capacity) raises operating margin.
    let decline = r.diff("roles_decline", "baseline", "operating_margin_pct");
    show("SF7 decline custom leads: margin pp", decline);
    assert!(decline.1[0] > 0.0, "{decline:?}");
    // The mechanism: traditional reps win more of what they keep.
    let wr = r.diff("roles", "baseline", "win_rate_traditional");
    show("SF7 traditional win rate", wr);
    assert!(wr.1[0] > 0.0, "{wr:?}");
    // With hand-over to the complex team at the reference thresholds, the small routed deals
    // dilute the complex reps' hours; the net margin effect is reported, not asserted (see
    // the model documentation, "Stylized facts").
    show(
        "SF7 roles with routing: margin pp",
        r.diff("roles", "baseline", "operating_margin_pct"),
    );
}

#[test]
fn sf8_better_qualification_cleans_the_pipeline() {
    let r = scenario("qualification.toml");
    let pipe = r.diff("gate", "baseline", "pipeline_open_end");
    let win = r.diff("gate", "baseline", "win_rate");
    show("SF8 gate pipeline", pipe);
    show("SF8 gate win rate", win);
    assert!(pipe.1[1] < 0.0 && win.1[0] > 0.0, "{pipe:?} {win:?}");
}

#[test]
fn sf9_the_middle_of_the_team_gains_more_than_the_top() {
    let r = scenario("coaching-curve.toml");
    // Skill: within the coached variant, the middle tercile gains more than the top.
    let mid = r.col("coaching_2h", "skill_gain_middle");
    let top = r.col("coaching_2h", "skill_gain_top");
    let d = paired(mid.iter().zip(&top).map(|(m, t)| m - t));
    show("SF9 skill gain middle - top (2 h)", d);
    assert!(d.1[0] > 0.0, "{d:?}");
}

#[test]
fn sf9_the_middle_gains_a_larger_share_of_revenue() {
    // The revenue part is a difference of about one point of revenue share; 1 000 paired
    // trials keep its interval well clear of zero.
    let r = simulate("coaching-curve.toml", Some(1000));
    let sm = r.diff("coaching_2h", "coaching_0h", "revenue_share_middle");
    let st = r.diff("coaching_2h", "coaching_0h", "revenue_share_top");
    show("SF9 share middle", sm);
    show("SF9 share top", st);
    let (a_m, b_m) = (
        r.col("coaching_2h", "revenue_share_middle"),
        r.col("coaching_0h", "revenue_share_middle"),
    );
    let (a_t, b_t) = (
        r.col("coaching_2h", "revenue_share_top"),
        r.col("coaching_0h", "revenue_share_top"),
    );
    let dd = paired((0..a_m.len()).map(|i| (a_m[i] - b_m[i]) - (a_t[i] - b_t[i])));
    show("SF9 share gain middle - top", dd);
    assert!(dd.1[0] > 0.0, "{dd:?}");
}

#[test]
fn sf10_single_levers_stay_in_published_ranges() {
    let r = scenario("default.toml");
    let regime = r.revenue_pct("regime_only", "baseline");
    let coach = r.revenue_pct("coaching_only", "baseline");
    show("SF10 regime only", regime);
    show("SF10 coaching only", coach);
    assert!(
        regime.1[0] > 0.0 && (3.0..=12.0).contains(&regime.0),
        "{regime:?}"
    );
    assert!(
        coach.1[0] > 0.0 && (3.0..=10.0).contains(&coach.0),
        "{coach:?}"
    );
}
