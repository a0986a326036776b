//! The funnel's randomness has the right distribution, not just the right mean: with
//! behaviour, learning, losses and attrition switched off, one traditional rep's contacts per
//! week are Poisson(h_prospect / tau) and independent across weeks, so the contacts of a
//! 52-week horizon are Poisson(52 x 9.6) trial by trial. Leads are a thinned Poisson plus
//! inbound Poisson, so they are Poisson too. Checked with a chi-square goodness-of-fit test
//! and the dispersion index at a fixed seed; a control with skill spread shows that the test
//! does reject a non-Poisson count.

use spmsim::engine::{RunOptions, run};
use spmsim::metrics::metric_index;
use spmsim::model::TrialOutcome;
use spmsim::scenario::{Scenario, load_str};
use statrs::distribution::{ChiSquared, ContinuousCDF, Discrete, DiscreteCDF, Poisson};

/// One traditional rep; no behaviour (responsiveness 0, no coaching), no learning, no losses,
/// no attrition, no referrals; every rep has skill 0.5 exactly (`SKILL_SD` is replaced).
const ONE_REP: &str = r#"
[run]
trials = 2000
seed = 20261127
pilot_trials = 5
burn_in_weeks = 26
horizon_weeks = 52

[[teams]]
name = "t"
motion = "traditional"
reps = 1

[traditional]
skill_sd = SKILL_SD
loss_per_week = 0.0
referral_rate = 0.0

[incentives]
responsiveness = 0.0
timing_games = 0.0
discount_pressure = 0.0

[people]
attrition_per_year = 0.0
experience_learning = 0.0
"#;

/// Weeks counted.
const WEEKS: f64 = 52.0;
/// Contacts per week: 40 h x 0.40 selling x 0.30 prospecting share = 4.8 h, at
/// tau = 0.5 h x (1.5 - skill 0.5) = 0.5 h per contact.
const CONTACTS_PER_WEEK: f64 = 4.8 / 0.5;
/// Leads per week: each contact becomes a lead with probability 0.5 x fit, fit ~ Beta(2, 3)
/// (mean 0.4), plus Poisson(3) inbound leads.
const LEADS_PER_WEEK: f64 = CONTACTS_PER_WEEK * 0.5 * 0.4 + 3.0;

fn scenario(skill_sd: f64) -> Scenario {
    let text = ONE_REP.replace("SKILL_SD", &format!("{skill_sd:?}"));
    load_str(&text, "one_rep.toml", "one_rep").unwrap_or_else(|e| panic!("{e}"))
}

/// Per-trial values of each metric, in trial order, via the trial sink.
fn per_trial(s: &Scenario, metrics: &[&str]) -> Vec<Vec<f64>> {
    let idx: Vec<usize> = metrics
        .iter()
        .map(|m| metric_index(m).unwrap_or_else(|| panic!("no metric `{m}`")))
        .collect();
    let mut out: Vec<Vec<f64>> = vec![Vec::new(); metrics.len()];
    let mut sink = |_t: u64, outs: &[TrialOutcome]| {
        for (col, &i) in out.iter_mut().zip(&idx) {
            col.push(outs[0].metrics[i]);
        }
        Ok(())
    };
    run(
        s,
        2,
        RunOptions {
            sink: Some(&mut sink),
            ..RunOptions::default()
        },
    )
    .expect("the run succeeds");
    out
}

/// Chi-square goodness of fit of whole-number counts to Poisson(`mean`): bins of adjacent
/// values, each with an expected count of at least 20, tails folded into the end bins.
/// Returns (statistic, degrees of freedom, p-value).
fn chi_square_poisson(counts: &[f64], mean: f64) -> (f64, f64, f64) {
    let n = counts.len() as f64;
    let pois = Poisson::new(mean).unwrap();
    let min_p = 20.0 / n;
    // Bin edges: each bin is [start, end] of whole numbers; the first starts at 0 and the
    // last runs to infinity.
    let mut bins: Vec<(u64, u64, f64)> = Vec::new();
    let (mut start, mut acc) = (0u64, 0.0);
    let top = (mean + 12.0 * mean.sqrt()) as u64;
    for k in 0..=top {
        acc += pois.pmf(k);
        if acc >= min_p {
            bins.push((start, k, acc));
            start = k + 1;
            acc = 0.0;
        }
    }
    // The rest of the upper tail joins the last bin.
    let last = bins.last_mut().expect("at least one bin");
    last.1 = u64::MAX;
    last.2 = 1.0 - pois.cdf(last.0.saturating_sub(1));
    if last.0 == 0 {
        last.2 = 1.0;
    }
    let mut observed = vec![0.0; bins.len()];
    for &c in counts {
        assert!(c >= 0.0 && c.fract() == 0.0, "not a count: {c}");
        let c = c as u64;
        let b = bins
            .iter()
            .position(|&(s, e, _)| s <= c && c <= e)
            .expect("every count falls in a bin");
        observed[b] += 1.0;
    }
    let stat: f64 = bins
        .iter()
        .zip(&observed)
        .map(|(&(_, _, p), &o)| {
            let e = n * p;
            (o - e) * (o - e) / e
        })
        .sum();
    // The mean is known, not estimated: bins - 1 degrees of freedom.
    let df = (bins.len() - 1) as f64;
    let p = 1.0 - ChiSquared::new(df).unwrap().cdf(stat);
    (stat, df, p)
}

/// Sample mean and the dispersion index (sample variance over mean).
fn mean_and_dispersion(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var / mean)
}

/// Two-sided p-value of the dispersion index under Poisson: (n - 1) D ~ chi-square(n - 1).
fn dispersion_p(d: f64, n: usize) -> f64 {
    let df = (n - 1) as f64;
    let cdf = ChiSquared::new(df).unwrap().cdf(df * d);
    2.0 * cdf.min(1.0 - cdf)
}

fn check_poisson(name: &str, xs: &[f64], lambda: f64) {
    let n = xs.len();
    let (mean, disp) = mean_and_dispersion(xs);
    let (stat, df, p) = chi_square_poisson(xs, lambda);
    let z = (mean - lambda) / (lambda / n as f64).sqrt();
    let dp = dispersion_p(disp, n);
    eprintln!(
        "{name}: n {n}, mean {mean:.2} vs {lambda:.2} (z {z:+.2}), dispersion {disp:.3} (p {dp:.3}), chi-square {stat:.1} on {df} df, p {p:.3}"
    );
    assert!(z.abs() < 4.0, "{name}: mean {mean} vs {lambda}, z = {z}");
    assert!(
        dp > 0.001,
        "{name}: dispersion index {disp} is not 1 (p = {dp})"
    );
    assert!(
        p > 0.001,
        "{name}: not Poisson({lambda}): chi-square {stat} on {df} df, p = {p}"
    );
}

#[test]
fn contacts_and_leads_over_the_horizon_are_poisson() {
    let s = scenario(0.0);
    let cols = per_trial(&s, &["contacts", "leads"]);
    assert_eq!(cols[0].len(), 2000);
    check_poisson("contacts", &cols[0], WEEKS * CONTACTS_PER_WEEK);
    check_poisson("leads", &cols[1], WEEKS * LEADS_PER_WEEK);
}

/// The control: with skill spread, each trial's rep has its own contact rate, so contacts are
/// a Poisson mixture, overdispersed. The same tests must reject it.
#[test]
fn the_test_rejects_contacts_of_reps_with_skill_spread() {
    let s = scenario(0.15);
    let cols = per_trial(&s, &["contacts"]);
    let (mean, disp) = mean_and_dispersion(&cols[0]);
    let (_, _, p) = chi_square_poisson(&cols[0], mean);
    eprintln!("contacts with skill_sd 0.15: mean {mean:.1}, dispersion {disp:.2}, p {p:.2e}");
    assert!(disp > 2.0, "dispersion {disp}");
    assert!(p < 1e-6, "p {p}");
}

#[test]
fn the_chi_square_helper_accepts_true_poisson_draws() {
    // Poisson(499.2) draws by inversion of statrs's CDF on a fixed low-discrepancy grid: the
    // empirical distribution is the Poisson one almost exactly, so p must be near 1.
    let lambda = WEEKS * CONTACTS_PER_WEEK;
    let pois = Poisson::new(lambda).unwrap();
    let xs: Vec<f64> = (0..2000)
        .map(|i| pois.inverse_cdf((i as f64 + 0.5) / 2000.0) as f64)
        .collect();
    let (_, _, p) = chi_square_poisson(&xs, lambda);
    assert!(p > 0.99, "p {p}");
}
