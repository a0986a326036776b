//! Statistics of a run: mergeable moments, quantiles with bounded memory, t-based confidence
//! intervals and paired differences. Pure: no I/O, no randomness.

pub mod nullable;
pub mod quantile;
pub mod ratio;

use serde::{Deserialize, Serialize};

pub use quantile::Quantiles;

/// Mean and variance by Welford's method, with a merge (Chan et al.). Values that are NaN
/// are counted as missing and skipped.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Moments {
    n: u64,
    mean: f64,
    m2: f64,
    missing: u64,
}

impl Moments {
    /// Add one value.
    pub fn push(&mut self, x: f64) {
        if x.is_nan() {
            self.missing += 1;
            return;
        }
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }
    /// Combine with another accumulator (as if its values had been pushed here).
    pub fn merge(&mut self, other: &Moments) {
        self.missing += other.missing;
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            let missing = self.missing;
            *self = other.clone();
            self.missing = missing;
            return;
        }
        let n = self.n + other.n;
        let d = other.mean - self.mean;
        self.mean += d * other.n as f64 / n as f64;
        self.m2 += other.m2 + d * d * (self.n as f64 * other.n as f64) / n as f64;
        self.n = n;
    }
    /// Number of (non-missing) values.
    pub fn count(&self) -> u64 {
        self.n
    }
    /// Number of missing (NaN) values seen.
    pub fn missing(&self) -> u64 {
        self.missing
    }
    /// Mean (NaN when empty).
    pub fn mean(&self) -> f64 {
        if self.n == 0 { f64::NAN } else { self.mean }
    }
    /// Sample standard deviation (NaN with fewer than 2 values).
    pub fn sd(&self) -> f64 {
        if self.n < 2 {
            f64::NAN
        } else {
            (self.m2 / (self.n - 1) as f64).max(0.0).sqrt()
        }
    }
    /// Standard error of the mean.
    pub fn se(&self) -> f64 {
        self.sd() / (self.n as f64).sqrt()
    }
    /// Two-sided 95 % confidence interval of the mean (Student t).
    pub fn ci95(&self) -> [f64; 2] {
        if self.n < 2 {
            return [f64::NAN, f64::NAN];
        }
        let sd = self.sd();
        if sd == 0.0 {
            return [self.mean, self.mean];
        }
        let h = t_quantile_975((self.n - 1) as f64) * self.se();
        [self.mean - h, self.mean + h]
    }
}

/// Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let lo = 0.02425;
    if p < lo {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - lo {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -normal_quantile(1.0 - p)
    }
}

/// The 97.5 % quantile of Student's t with `df` degrees of freedom.
pub fn t_quantile_975(df: f64) -> f64 {
    if df < 1.0 {
        return f64::NAN;
    }
    // Tabulated to 9 digits up to 30 degrees of freedom; beyond, the Cornish-Fisher
    // expansion is accurate to better than 1e-5.
    const TABLE: [f64; 30] = [
        12.706_204_736,
        4.302_652_730,
        3.182_446_305,
        2.776_445_105,
        2.570_581_836,
        2.446_911_851,
        2.364_624_252,
        2.306_004_135,
        2.262_157_163,
        2.228_138_852,
        2.200_985_160,
        2.178_812_830,
        2.160_368_656,
        2.144_786_688,
        2.131_449_546,
        2.119_905_299,
        2.109_815_578,
        2.100_922_040,
        2.093_024_054,
        2.085_963_447,
        2.079_613_845,
        2.073_873_068,
        2.068_657_610,
        2.063_898_562,
        2.059_538_553,
        2.055_529_439,
        2.051_830_516,
        2.048_407_142,
        2.045_229_642,
        2.042_272_456,
    ];
    if df <= 30.0 {
        return TABLE[(df.round() as usize).clamp(1, 30) - 1];
    }
    let z = normal_quantile(0.975);
    let (z3, z5, z7, z9) = (z.powi(3), z.powi(5), z.powi(7), z.powi(9));
    z + (z3 + z) / (4.0 * df)
        + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * df * df)
        + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * df.powi(3))
        + (79.0 * z9 + 776.0 * z7 + 1482.0 * z5 - 1920.0 * z3 - 945.0 * z) / (92160.0 * df.powi(4))
}

/// Summary of one metric: moments, quantiles and the confidence interval of the mean.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// Number of trials with a value.
    pub n: u64,
    /// Mean.
    #[serde(with = "nullable")]
    pub mean: f64,
    /// Standard deviation across trials.
    #[serde(with = "nullable")]
    pub sd: f64,
    /// Standard error of the mean.
    #[serde(with = "nullable")]
    pub se: f64,
    /// 5th percentile across trials.
    #[serde(with = "nullable")]
    pub p05: f64,
    /// Median across trials.
    #[serde(with = "nullable")]
    pub p50: f64,
    /// 95th percentile across trials.
    #[serde(with = "nullable")]
    pub p95: f64,
    /// 95 % confidence interval of the mean.
    #[serde(with = "nullable::pair")]
    pub ci95: [f64; 2],
}

/// Moments and quantiles of one series of values.
#[derive(Clone, Debug)]
pub struct Distribution {
    /// Moments.
    pub moments: Moments,
    /// Quantiles.
    pub quantiles: Quantiles,
}

impl Distribution {
    /// An empty accumulator keeping at most `exact_cap` values exactly.
    pub fn new(exact_cap: usize) -> Self {
        Distribution {
            moments: Moments::default(),
            quantiles: Quantiles::new(exact_cap),
        }
    }
    /// Add one value (NaN counts as missing).
    pub fn push(&mut self, x: f64) {
        self.moments.push(x);
        if !x.is_nan() {
            self.quantiles.push(x);
        }
    }
    /// The summary.
    pub fn estimate(&self) -> Estimate {
        let m = &self.moments;
        Estimate {
            n: m.count(),
            mean: m.mean(),
            sd: m.sd(),
            se: m.se(),
            p05: self.quantiles.quantile(0.05),
            p50: self.quantiles.quantile(0.50),
            p95: self.quantiles.quantile(0.95),
            ci95: m.ci95(),
        }
    }
}

/// Paired per-trial difference of a variant against the baseline.
#[derive(Clone, Debug)]
pub struct Paired {
    /// Distribution of the difference.
    pub diff: Distribution,
    higher: u64,
    lower: u64,
    above_threshold: u64,
}

/// Summary of a paired difference: the estimate of the expected change with its interval,
/// the range of the per-world change, and the shares of worlds where the variant is better
/// or higher (docs/model.md, section 10.3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairedEstimate {
    /// Trials used for the expected change (`mean`, `sd`, `ci95`).
    pub n: u64,
    /// The expected change: for a metric the mean paired difference; for `revenue_pct` the
    /// percent change of expected revenue; for `operating_margin_pp` the change of the margin
    /// of the expected P&L.
    #[serde(with = "nullable")]
    pub mean: f64,
    /// Standard deviation of the per-trial (linearised) contribution to `mean`, so that the
    /// standard error is `sd / sqrt(n)`; for a metric, the sd of the paired difference.
    #[serde(with = "nullable")]
    pub sd: f64,
    /// 95 % interval of the expected change.
    #[serde(with = "nullable::pair")]
    pub ci95: [f64; 2],
    /// Range across worlds: 5th percentile of the per-trial change.
    #[serde(with = "nullable")]
    pub p05: f64,
    /// Range across worlds: 95th percentile of the per-trial change.
    #[serde(with = "nullable")]
    pub p95: f64,
    /// Share of worlds in which the variant is strictly better (null for descriptive metrics).
    #[serde(with = "nullable::option")]
    pub p_better: Option<f64>,
    /// Share of worlds in which the variant's value is strictly higher.
    #[serde(with = "nullable")]
    pub p_higher: f64,
}

/// One `vs_baseline` entry of `summary.json`: the [`PairedEstimate`] (its fields are written
/// at the same level) and what completes it: the standard error, the trials left out, the
/// median across worlds and the shares of ties and of worse worlds (missing from a summary
/// written before they existed: read as unknown).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeEstimate {
    /// Expected change, interval, range across worlds, P(better).
    #[serde(flatten)]
    pub estimate: PairedEstimate,
    /// Standard error of the expected change.
    #[serde(with = "nullable", default = "nan")]
    pub se: f64,
    /// Trials left out of the expected change because a value was undefined.
    #[serde(default)]
    pub undefined: u64,
    /// Range across worlds: median of the per-trial change.
    #[serde(with = "nullable", default = "nan")]
    pub p50: f64,
    /// Trials with a per-trial change (the range across worlds and the shares are over them).
    #[serde(default)]
    pub worlds_n: u64,
    /// Trials whose per-trial change is undefined (e.g. no baseline revenue for a percent
    /// change, no decided deal for a cycle time).
    #[serde(default)]
    pub worlds_undefined: u64,
    /// Share of worlds in which the variant's value equals the baseline's (a tie).
    #[serde(with = "nullable", default = "nan")]
    pub p_equal: f64,
    /// Share of worlds in which the variant is strictly worse (null for descriptive metrics).
    #[serde(with = "nullable::option", default)]
    pub p_worse: Option<f64>,
}

/// A figure missing from an older summary.json.
fn nan() -> f64 {
    f64::NAN
}

impl std::ops::Deref for ChangeEstimate {
    type Target = PairedEstimate;
    fn deref(&self) -> &PairedEstimate {
        &self.estimate
    }
}

impl Paired {
    /// An empty accumulator.
    pub fn new(exact_cap: usize) -> Self {
        Paired {
            diff: Distribution::new(exact_cap),
            higher: 0,
            lower: 0,
            above_threshold: 0,
        }
    }
    /// Add one trial's difference (variant minus baseline); NaN counts as missing.
    pub fn push(&mut self, d: f64) {
        self.diff.push(d);
        if d > 0.0 {
            self.higher += 1;
        } else if d < 0.0 {
            self.lower += 1;
        }
    }
    /// Count whether this trial's difference exceeds a decision threshold.
    pub fn push_threshold(&mut self, exceeded: bool) {
        self.above_threshold += exceeded as u64;
    }
    /// Share of trials above the threshold.
    pub fn share_above_threshold(&self) -> f64 {
        let n = self.diff.moments.count();
        if n == 0 {
            f64::NAN
        } else {
            self.above_threshold as f64 / n as f64
        }
    }
    /// The `vs_baseline` entry, given which direction is better (`Some(true)` = higher).
    /// The expected change is the mean paired difference unless `expected` gives it (a
    /// ratio of means, see [`ratio::DeltaEstimate`]); the range across worlds and the shares
    /// come from the per-trial values pushed here.
    pub fn change_estimate(
        &self,
        higher_is_better: Option<bool>,
        expected: Option<ratio::DeltaEstimate>,
    ) -> ChangeEstimate {
        let mut estimate = self.estimate(higher_is_better);
        let m = &self.diff.moments;
        let worlds_n = m.count();
        let share = |k: u64| {
            if worlds_n == 0 {
                f64::NAN
            } else {
                k as f64 / worlds_n as f64
            }
        };
        let (se, undefined) = match expected {
            Some(d) => {
                estimate.n = d.n;
                estimate.mean = d.mean;
                estimate.sd = d.sd;
                estimate.ci95 = d.ci95;
                (d.se, d.undefined)
            }
            None => (m.se(), m.missing()),
        };
        ChangeEstimate {
            estimate,
            se,
            undefined,
            p50: self.diff.quantiles.quantile(0.50),
            worlds_n,
            worlds_undefined: m.missing(),
            p_equal: share(worlds_n - self.higher - self.lower),
            p_worse: higher_is_better.map(|h| share(if h { self.lower } else { self.higher })),
        }
    }

    /// The summary, given which direction is better (`Some(true)` = higher).
    pub fn estimate(&self, higher_is_better: Option<bool>) -> PairedEstimate {
        let n = self.diff.moments.count();
        let share = |k: u64| {
            if n == 0 {
                f64::NAN
            } else {
                k as f64 / n as f64
            }
        };
        let e = self.diff.estimate();
        PairedEstimate {
            n,
            mean: e.mean,
            sd: e.sd,
            ci95: e.ci95,
            p05: e.p05,
            p95: e.p95,
            p_better: higher_is_better.map(|h| share(if h { self.higher } else { self.lower })),
            p_higher: share(self.higher),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn t_quantiles_match_tables() {
        // Reference values from standard t tables.
        for (df, t) in [
            (1.0, 12.7062),
            (2.0, 4.3027),
            (3.0, 3.1824),
            (5.0, 2.5706),
            (10.0, 2.2281),
            (30.0, 2.0423),
            (31.0, 2.0395),
            (60.0, 2.0003),
            (100.0, 1.9840),
            (1e6, 1.9600),
        ] {
            assert!(
                (t_quantile_975(df) - t).abs() < 2e-3,
                "df {df}: {}",
                t_quantile_975(df)
            );
        }
        assert!((normal_quantile(0.975) - 1.959_963_985).abs() < 1e-8);
        assert!((normal_quantile(0.05) + 1.644_853_627).abs() < 1e-8);
    }

    #[test]
    fn moments_match_two_pass() {
        let xs = [1.0, 4.0, 2.5, 8.0, -3.0, 0.5];
        let mut m = Moments::default();
        xs.iter().for_each(|&x| m.push(x));
        let mean = xs.iter().sum::<f64>() / 6.0;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 5.0;
        assert!((m.mean() - mean).abs() < 1e-12);
        assert!((m.sd() - var.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn nan_is_missing() {
        let mut m = Moments::default();
        m.push(1.0);
        m.push(f64::NAN);
        m.push(3.0);
        assert_eq!(m.count(), 2);
        assert_eq!(m.missing(), 1);
        assert_eq!(m.mean(), 2.0);
    }

    #[test]
    fn paired_zero_difference() {
        let mut p = Paired::new(100);
        for _ in 0..10 {
            p.push(0.0);
        }
        let e = p.estimate(Some(true));
        assert_eq!(e.mean, 0.0);
        assert_eq!(e.ci95, [0.0, 0.0]);
        assert_eq!(e.p_better, Some(0.0));
    }

    #[test]
    fn ties_are_equal_not_worse() {
        let mut p = Paired::new(100);
        for d in [1.0, 0.0, 0.0, -2.0, f64::NAN] {
            p.push(d);
        }
        let c = p.change_estimate(Some(false), None);
        assert_eq!((c.worlds_n, c.worlds_undefined, c.undefined), (4, 1, 1));
        assert_eq!(c.p_better, Some(0.25));
        assert_eq!(c.p_equal, 0.5);
        assert_eq!(c.p_worse, Some(0.25));
        assert_eq!(c.p_higher, 0.25);
        let c = p.change_estimate(None, None);
        assert_eq!((c.p_better, c.p_worse), (None, None));
    }

    proptest! {
        #[test]
        fn merge_in_any_split_equals_one_pass(
            xs in proptest::collection::vec(-1e6f64..1e6, 2..200), cut in 0usize..200,
        ) {
            let cut = cut.min(xs.len());
            let mut whole = Moments::default();
            xs.iter().for_each(|&x| whole.push(x));
            let mut a = Moments::default();
            let mut b = Moments::default();
            xs[..cut].iter().for_each(|&x| a.push(x));
            xs[cut..].iter().for_each(|&x| b.push(x));
            a.merge(&b);
            prop_assert_eq!(a.count(), whole.count());
            let scale = 1.0 + whole.mean().abs();
            prop_assert!((a.mean() - whole.mean()).abs() <= 1e-9 * scale);
            let sscale = 1.0 + whole.sd();
            prop_assert!((a.sd() - whole.sd()).abs() <= 1e-7 * sscale);
        }
    }
}

/// Ranks of values (1-based; ties get their average rank).
pub fn ranks(xs: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..xs.len()).collect();
    idx.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
    let mut r = vec![0.0; xs.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && xs[idx[j + 1]] == xs[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            r[idx[k]] = avg;
        }
        i = j + 1;
    }
    r
}

/// Pearson correlation (NaN when either side is constant or there are fewer than 2 pairs).
pub fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len());
    if n < 2 {
        return f64::NAN;
    }
    let mx = x[..n].iter().sum::<f64>() / n as f64;
    let my = y[..n].iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let (a, b) = (x[i] - mx, y[i] - my);
        sxy += a * b;
        sxx += a * a;
        syy += b * b;
    }
    if sxx == 0.0 || syy == 0.0 {
        f64::NAN
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

/// Spearman rank correlation of paired values (pairs with a NaN are dropped).
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let (a, b): (Vec<f64>, Vec<f64>) = x
        .iter()
        .zip(y)
        .filter(|(a, b)| !a.is_nan() && !b.is_nan())
        .map(|(a, b)| (*a, *b))
        .unzip();
    pearson(&ranks(&a), &ranks(&b))
}

#[cfg(test)]
mod rank_tests {
    use super::*;

    #[test]
    fn spearman_of_monotone_is_one() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let y = [1.0, 8.0, 27.0, 64.0, 125.0];
        assert!((spearman(&x, &y) - 1.0).abs() < 1e-12);
        let z = [5.0, 4.0, 3.0, 2.0, 1.0];
        assert!((spearman(&x, &z) + 1.0).abs() < 1e-12);
        assert_eq!(ranks(&[3.0, 1.0, 3.0]), vec![2.5, 1.0, 2.5]);
    }
}
