//! Expected changes that are smooth functions of means (a ratio of means, a difference of
//! two ratios of means), with their delta-method intervals on the paired sample
//! (docs/model.md, section 10.3).
//!
//! The accumulator keeps the means and the co-moments of a few paired quantities per trial
//! (for example a variant's and the baseline's revenue), updated by Welford's method in the
//! order the trials are pushed: the same trials in the same order always give the same bits.

/// Running means and co-moments of `K` quantities observed together in each trial. A trial
/// with any NaN among its `K` values is counted as undefined and left out.
#[derive(Clone, Debug, PartialEq)]
pub struct CoMoments<const K: usize> {
    n: u64,
    undefined: u64,
    mean: [f64; K],
    /// Sums of products of deviations from the mean (the co-moment matrix times n).
    c: [[f64; K]; K],
}

impl<const K: usize> Default for CoMoments<K> {
    fn default() -> Self {
        CoMoments {
            n: 0,
            undefined: 0,
            mean: [0.0; K],
            c: [[0.0; K]; K],
        }
    }
}

impl<const K: usize> CoMoments<K> {
    /// Add one trial's values.
    pub fn push(&mut self, x: [f64; K]) {
        if x.iter().any(|v| v.is_nan()) {
            self.undefined += 1;
            return;
        }
        self.n += 1;
        let n = self.n as f64;
        let mut d_old = [0.0; K];
        for k in 0..K {
            d_old[k] = x[k] - self.mean[k];
            self.mean[k] += d_old[k] / n;
        }
        for i in 0..K {
            let d_new = x[i] - self.mean[i];
            for j in 0..K {
                self.c[i][j] += d_old[j] * d_new;
            }
        }
    }

    /// Trials used.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// Trials left out because a value was undefined (NaN).
    pub fn undefined(&self) -> u64 {
        self.undefined
    }

    /// The means (zeros when empty).
    pub fn means(&self) -> [f64; K] {
        self.mean
    }

    /// Sample variance of the per-trial linear combination `a · x` (NaN with fewer than 2
    /// trials).
    pub fn var_of(&self, a: &[f64; K]) -> f64 {
        if self.n < 2 {
            return f64::NAN;
        }
        let mut s = 0.0;
        for i in 0..K {
            for j in 0..K {
                s += a[i] * a[j] * self.c[i][j];
            }
        }
        (s / (self.n - 1) as f64).max(0.0)
    }
}

/// An estimate of an expected change with its delta-method interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DeltaEstimate {
    /// Trials used.
    pub n: u64,
    /// Trials left out (a value undefined).
    pub undefined: u64,
    /// The estimate (NaN when undefined, e.g. a mean denominator of zero or less).
    pub mean: f64,
    /// Standard deviation of the per-trial linearised contribution (its influence value),
    /// so that `se = sd / sqrt(n)`.
    pub sd: f64,
    /// Standard error of the estimate.
    pub se: f64,
    /// 95 % interval: `mean ± t(0.975, n − 1) · se`.
    pub ci95: [f64; 2],
}

impl DeltaEstimate {
    /// The estimate `value` of a smooth function of the means with `gradient` at the means.
    fn of<const K: usize>(m: &CoMoments<K>, value: f64, gradient: [f64; K]) -> Self {
        let n = m.count();
        let undefined = m.undefined();
        if n < 1 || !value.is_finite() {
            return DeltaEstimate {
                n,
                undefined,
                mean: f64::NAN,
                sd: f64::NAN,
                se: f64::NAN,
                ci95: [f64::NAN; 2],
            };
        }
        let sd = m.var_of(&gradient).sqrt();
        let se = sd / (n as f64).sqrt();
        let ci95 = if n < 2 {
            [f64::NAN; 2]
        } else if sd == 0.0 {
            [value, value]
        } else {
            let h = super::t_quantile_975((n - 1) as f64) * se;
            [value - h, value + h]
        };
        DeltaEstimate {
            n,
            undefined,
            mean: value,
            sd,
            se,
            ci95,
        }
    }

    /// Percent change of the mean of quantity `v` over the mean of quantity `b`:
    /// `100 · (mean v / mean b − 1)`, undefined when `mean b <= 0`. The delta-method
    /// variance is `(100 / mean b)² · Var(v − R·b)` with `R = mean v / mean b`.
    pub fn pct_change<const K: usize>(m: &CoMoments<K>, v: usize, b: usize) -> Self {
        let mu = m.means();
        let (mv, mb) = (mu[v], mu[b]);
        let value = if m.count() > 0 && mb > 0.0 {
            100.0 * (mv / mb - 1.0)
        } else {
            f64::NAN
        };
        let mut g = [0.0; K];
        g[v] += 100.0 / mb;
        g[b] -= 100.0 * mv / (mb * mb);
        Self::of(m, value, g)
    }

    /// Change, in percentage points, of the ratio of two means: `100 · (mean num_v / mean
    /// den_v − mean num_b / mean den_b)`, undefined when either mean denominator is zero or
    /// less. The gradient has `100 / den`, `−100 · num / den²` per side (negated for `b`).
    pub fn ratio_change_pp<const K: usize>(
        m: &CoMoments<K>,
        (num_v, den_v): (usize, usize),
        (num_b, den_b): (usize, usize),
    ) -> Self {
        let mu = m.means();
        let value = if m.count() > 0 && mu[den_v] > 0.0 && mu[den_b] > 0.0 {
            100.0 * (mu[num_v] / mu[den_v] - mu[num_b] / mu[den_b])
        } else {
            f64::NAN
        };
        let mut g = [0.0; K];
        g[num_v] += 100.0 / mu[den_v];
        g[den_v] -= 100.0 * mu[num_v] / (mu[den_v] * mu[den_v]);
        g[num_b] -= 100.0 / mu[den_b];
        g[den_b] += 100.0 * mu[num_b] / (mu[den_b] * mu[den_b]);
        Self::of(m, value, g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn co_moments_match_two_pass() {
        let xs = [[1.0, 2.0], [3.0, 1.0], [4.0, 5.0], [0.5, 2.5], [7.0, 3.0]];
        let mut m = CoMoments::<2>::default();
        xs.iter().for_each(|x| m.push(*x));
        m.push([f64::NAN, 1.0]);
        assert_eq!((m.count(), m.undefined()), (5, 1));
        let mean = |k: usize| xs.iter().map(|x| x[k]).sum::<f64>() / 5.0;
        let (m0, m1) = (mean(0), mean(1));
        let z: Vec<f64> = xs.iter().map(|x| 2.0 * x[0] - 3.0 * x[1]).collect();
        let mz = 2.0 * m0 - 3.0 * m1;
        let var = z.iter().map(|v| (v - mz).powi(2)).sum::<f64>() / 4.0;
        assert!((m.var_of(&[2.0, -3.0]) - var).abs() < 1e-12);
        assert!((m.means()[0] - m0).abs() < 1e-15);
    }

    #[test]
    fn pct_change_is_the_ratio_of_means_with_the_linearised_variance() {
        let pairs = [(110.0, 100.0), (90.0, 80.0), (130.0, 120.0), (60.0, 70.0)];
        let mut m = CoMoments::<2>::default();
        pairs.iter().for_each(|&(v, b)| m.push([v, b]));
        let e = DeltaEstimate::pct_change(&m, 0, 1);
        let (sv, sb): (f64, f64) = (390.0, 370.0);
        assert!((e.mean - 100.0 * (sv / sb - 1.0)).abs() < 1e-12);
        let r = sv / sb;
        let z: Vec<f64> = pairs
            .iter()
            .map(|&(v, b)| 100.0 * (v - r * b) / (sb / 4.0))
            .collect();
        let var = z.iter().map(|x| x * x).sum::<f64>() / 3.0;
        assert!(
            (e.sd - var.sqrt()).abs() < 1e-9,
            "{} vs {}",
            e.sd,
            var.sqrt()
        );
        assert!((e.se - e.sd / 2.0).abs() < 1e-12);
        let mut zero = CoMoments::<2>::default();
        zero.push([1.0, 0.0]);
        zero.push([2.0, 0.0]);
        assert!(DeltaEstimate::pct_change(&zero, 0, 1).mean.is_nan());
    }

    #[test]
    fn ratio_change_of_identical_sides_is_zero() {
        let mut m = CoMoments::<4>::default();
        for (o, r) in [(10.0, 100.0), (30.0, 90.0), (-5.0, 50.0)] {
            m.push([o, r, o, r]);
        }
        let e = DeltaEstimate::ratio_change_pp(&m, (0, 1), (2, 3));
        assert_eq!(e.mean, 0.0);
        assert!(e.sd.abs() < 1e-5, "{}", e.sd);
        assert!((e.mean - 100.0 * (35.0 / 240.0 - 35.0 / 240.0)).abs() < 1e-12);
    }
}
