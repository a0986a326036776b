//! Draws by inversion of one uniform number (docs/model.md section 9), for the cases the
//! cheap samplers of the parent module do not cover: Poisson counts with a large mean, and
//! Beta numbers of any shape. Each is the quantile function of its distribution evaluated at
//! the uniform, so it is monotone in the uniform and changes little when a parameter changes
//! little: two variants that differ slightly draw nearly the same number from the same key
//! (common random numbers), which a rejection sampler does not guarantee.

use statrs::function::gamma::{gamma_ur, ln_gamma};

/// The largest count [`poisson_quantile`] returns (a million contacts in a rep-week is far
/// beyond any organisation; the cap keeps a mistyped scenario from running for ever).
pub const POISSON_CAP: u32 = 1_000_000;

/// Poisson(`mean`) by inversion of `u` in `[0, 1)` for any mean: the smallest `k` with
/// `u < P(X <= k)`, capped at [`POISSON_CAP`].
///
/// The search starts at `k0 = floor(mean)` (at most the cap), where the distribution function
/// is computed exactly, as the regularised upper incomplete gamma function
/// `P(X <= k0) = Q(k0 + 1, mean)`, and the probability `P(X = k0)` through the log-gamma
/// function. From there it walks up (`F(k) = F(k - 1) + p_k`, `p_k = p_(k-1) mean / k`) or down
/// (`F(k - 1) = F(k) - p_k`) to the answer: about `|z| sqrt(mean)` steps for a draw `z`
/// standard deviations from the mean. For one mean the distribution function is one fixed
/// sequence whatever `u`, so the result is monotone in `u`; it is monotone in the mean up to
/// rounding (1e-15). Exact up to rounding, as [`super::poisson_inversion`] is for small means;
/// the two agree wherever both apply.
pub fn poisson_quantile(u: f64, mean: f64) -> u32 {
    if mean.is_nan() || mean <= 0.0 || u <= 0.0 {
        return 0;
    }
    let cap = POISSON_CAP as f64;
    let k0 = mean.floor().min(cap);
    let mut cdf = gamma_ur(k0 + 1.0, mean);
    let mut p = (k0 * mean.ln() - mean - ln_gamma(k0 + 1.0)).exp();
    let mut k = k0;
    if u < cdf {
        // Down: the answer is `k` as soon as `u >= F(k - 1)`.
        while k > 0.0 {
            let below = cdf - p;
            if u >= below {
                break;
            }
            cdf = below;
            p *= k / mean;
            k -= 1.0;
        }
    } else {
        // Up. Rounding can leave the summed distribution function a hair below 1: stop
        // where a term no longer changes the sum (the rest of the tail is below 1e-16).
        while u >= cdf && k < cap {
            k += 1.0;
            p *= mean / k;
            let next = cdf + p;
            if next == cdf {
                break;
            }
            cdf = next;
        }
    }
    k as u32
}

/// The largest whole shape for which the distribution function is summed in closed form.
const WHOLE_MAX: f64 = 64.0;

/// A Beta(a, b) distribution with its constants computed once: the distribution function
/// ([`BetaShape::cdf`]) and its inverse ([`BetaShape::quantile`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BetaShape {
    a: f64,
    b: f64,
    /// `ln B(a, b)` (NaN when both shapes are whole: unused then).
    ln_beta: f64,
    /// `1 / B(a, b)`.
    inv_beta: f64,
}

impl BetaShape {
    /// Beta(`a`, `b`), or `None` unless both shapes are positive and finite.
    pub fn new(a: f64, b: f64) -> Option<Self> {
        let valid = |x: f64| x > 0.0 && x.is_finite();
        let whole = |x: f64| x.fract() == 0.0 && x <= WHOLE_MAX;
        (valid(a) && valid(b)).then(|| {
            if whole(a) && whole(b) {
                // 1 / B(a, b) = a C(a + b - 1, b - 1) by a short product (the fit shapes are
                // built once per rep-week: no log-gamma for the default shapes).
                let mut inv_beta = a;
                let mut j = 1.0;
                while j < b {
                    inv_beta *= (a + j) / j;
                    j += 1.0;
                }
                return BetaShape {
                    a,
                    b,
                    // Only the continued fraction (neither shape whole) reads it.
                    ln_beta: f64::NAN,
                    inv_beta,
                };
            }
            let ln_beta = ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b);
            BetaShape {
                a,
                b,
                ln_beta,
                inv_beta: (-ln_beta).exp(),
            }
        })
    }

    /// The first shape.
    pub fn a(&self) -> f64 {
        self.a
    }

    /// The second shape.
    pub fn b(&self) -> f64 {
        self.b
    }

    /// `P(X <= x)`, the regularised incomplete beta function `I_x(a, b)`.
    pub fn cdf(&self, x: f64) -> f64 {
        self.cdf_pdf(x).0
    }

    /// `(P(X <= x), density at x)` for `x` in (0, 1): in closed form when a shape is a whole
    /// number (a finite sum; the contact fit under a targeting lever keeps its whole second
    /// shape), else by the continued fraction of the incomplete beta function, on the side of
    /// the mean where it converges fast.
    fn cdf_pdf(&self, x: f64) -> (f64, f64) {
        if x <= 0.0 {
            return (0.0, 0.0);
        }
        if x >= 1.0 {
            return (1.0, 0.0);
        }
        let (a, b) = (self.a, self.b);
        let y = 1.0 - x;
        let whole = |s: f64| s.fract() == 0.0 && s <= WHOLE_MAX;
        if whole(b) {
            // I_x(a, n) = x^a sum_(j < n) [Gamma(a + j) / (Gamma(a) j!)] y^j.
            let xa = (a * x.ln()).exp();
            let (sum, last) = whole_shape_sum(a, b, y);
            return ((xa * sum).min(1.0), xa / x * last * self.inv_beta);
        }
        if whole(a) {
            // By symmetry, 1 - I_y(b, n) with the same sum in x.
            let yb = (b * (-x).ln_1p()).exp();
            let (sum, last) = whole_shape_sum(b, a, x);
            return ((1.0 - yb * sum).max(0.0), yb / y * last * self.inv_beta);
        }
        let ln_x = x.ln();
        let ln_y = (-x).ln_1p();
        // x^a (1 - x)^b / B(a, b).
        let front = (a * ln_x + b * ln_y - self.ln_beta).exp();
        let pdf = front / (x * y);
        let cdf = if x < (a + 1.0) / (a + b + 2.0) {
            front * beta_continued_fraction(x, a, b) / a
        } else {
            1.0 - front * beta_continued_fraction(y, b, a) / b
        };
        (cdf.clamp(0.0, 1.0), pdf)
    }

    /// The quantile function: the `x` with `P(X <= x) = u`, for `u` in [0, 1].
    ///
    /// Halley's method from the starting point of Numerical Recipes (`invbetai`), kept inside
    /// a bracket that shrinks at every step (a step that would leave it bisects instead), to
    /// a relative accuracy of about 1e-15: monotone in `u` up to rounding, and continuous in
    /// the shapes. Two to four evaluations of the distribution function for the shapes of
    /// the funnel.
    pub fn quantile(&self, u: f64) -> f64 {
        if u.is_nan() || u <= 0.0 {
            return 0.0;
        }
        if u >= 1.0 {
            return 1.0;
        }
        let (a, b) = (self.a, self.b);
        let (mut lo, mut hi) = (0.0f64, 1.0f64);
        let mut x = self.start(u);
        for _ in 0..100 {
            if !(x > lo && x < hi) {
                x = 0.5 * (lo + hi);
            }
            let (cdf, pdf) = self.cdf_pdf(x);
            let err = cdf - u;
            if err == 0.0 {
                return x;
            }
            if err < 0.0 {
                lo = x;
            } else {
                hi = x;
            }
            // Relative accuracy on the side of the nearer end (a quantile near 1 is resolved
            // in `1 - x`).
            let mid = 0.5 * (lo + hi);
            if hi - lo <= 1e-15 * hi.min(1.0 - lo) || mid == lo || mid == hi {
                break;
            }
            let next = if pdf > 0.0 && pdf.is_finite() {
                let t = err / pdf;
                let curve = t * ((a - 1.0) / x - (b - 1.0) / (1.0 - x));
                let step = t / (1.0 - 0.5 * curve.min(1.0));
                // Halley's error is cubic: after a step below 1e-6 (relative) the next would
                // be below 1e-18.
                if step.abs() <= 1e-6 * x.min(1.0 - x) {
                    return (x - step).clamp(lo, hi);
                }
                x - step
            } else {
                f64::NAN
            };
            x = next;
        }
        0.5 * (lo + hi)
    }

    /// A starting point of the search for the `u` quantile (Numerical Recipes, 3rd ed.,
    /// section 6.14: a normal approximation for shapes of at least 1, the power-law tails
    /// otherwise).
    fn start(&self, u: f64) -> f64 {
        let (a, b) = (self.a, self.b);
        if a >= 1.0 && b >= 1.0 {
            let pp = if u < 0.5 { u } else { 1.0 - u };
            let t = (-2.0 * pp.ln()).sqrt();
            let mut z = (2.30753 + t * 0.27061) / (1.0 + t * (0.99229 + t * 0.04481)) - t;
            if u < 0.5 {
                z = -z;
            }
            let al = (z * z - 3.0) / 6.0;
            let h = 2.0 / (1.0 / (2.0 * a - 1.0) + 1.0 / (2.0 * b - 1.0));
            let w = z * (al + h).sqrt() / h
                - (1.0 / (2.0 * b - 1.0) - 1.0 / (2.0 * a - 1.0))
                    * (al + 5.0 / 6.0 - 2.0 / (3.0 * h));
            a / (a + b * (2.0 * w).exp())
        } else {
            let lna = (a / (a + b)).ln();
            let lnb = (b / (a + b)).ln();
            let t = (a * lna).exp() / a;
            let v = (b * lnb).exp() / b;
            let w = t + v;
            if u < t / w {
                (a * w * u).powf(1.0 / a)
            } else {
                1.0 - (b * w * (1.0 - u)).powf(1.0 / b)
            }
        }
    }
}

/// For a whole `n`: `(sum_(j < n) c_j y^j, y^(n - 1))` with `c_j = Gamma(a + j) / (Gamma(a) j!)`.
fn whole_shape_sum(a: f64, n: f64, y: f64) -> (f64, f64) {
    let mut term = 1.0;
    let mut power = 1.0;
    let mut sum = 1.0;
    let mut j = 1.0;
    while j < n {
        term *= (a + j - 1.0) / j;
        power *= y;
        sum += term * power;
        j += 1.0;
    }
    (sum, power)
}

/// The continued fraction of the incomplete beta function (modified Lentz; Numerical
/// Recipes `betacf`), converging fast for `x < (a + 1) / (a + b + 2)`.
fn beta_continued_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    const EPS: f64 = 1e-16;
    let qab = a + b;
    let qap = a + 1.0;
    let qam = a - 1.0;
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..300 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() <= EPS {
            break;
        }
    }
    h
}

/// `P(Beta(k, n + 1 - k) <= x)`, the distribution function of the `k`-th smallest of `n`
/// uniforms: `P(Binomial(n, x) >= k)`, summed term by term (no cancellation in either tail).
pub fn order_statistic_cdf(x: f64, k: usize, n: usize) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let y = 1.0 - x;
    // C(n, j) x^j y^(n - j) for j = k..=n.
    let mut c = 1.0;
    for j in 0..k {
        c = c * (n - j) as f64 / (j + 1) as f64;
    }
    let mut sum = 0.0;
    for j in k..=n {
        if j > k {
            c = c * (n + 1 - j) as f64 / j as f64;
        }
        sum += c * x.powi(j as i32) * y.powi((n - j) as i32);
    }
    sum.min(1.0)
}

#[cfg(test)]
mod tests {
    use super::super::{Key, poisson_inversion};
    use super::*;

    #[test]
    fn large_mean_poisson_matches_the_small_mean_inversion_where_both_apply() {
        let mut differ = 0;
        for i in 0..20_000u64 {
            let u = Key::root(1).with(i).uniform();
            for mean in [0.7, 5.0, 31.5, 63.9] {
                if poisson_quantile(u, mean) != poisson_inversion(u, mean) {
                    differ += 1;
                }
            }
        }
        // Both invert the same distribution function; they may differ only where `u` is
        // within rounding of one of its values.
        assert!(differ <= 2, "{differ} of 80 000 draws differ");
    }

    #[test]
    fn large_mean_poisson_has_the_poisson_mean_and_variance() {
        for mean in [64.0, 150.0, 2_500.0, 90_000.0] {
            let n = 40_000u64;
            let (mut s, mut s2) = (0.0, 0.0);
            for i in 0..n {
                let x = poisson_quantile(Key::root(2).with(i).uniform(), mean) as f64;
                s += x;
                s2 += x * x;
            }
            let m = s / n as f64;
            let v = s2 / n as f64 - m * m;
            // Standard errors: of the mean sqrt(mean / n), of the variance about
            // mean sqrt(2 / n).
            let se_m = (mean / n as f64).sqrt();
            assert!((m - mean).abs() < 5.0 * se_m, "mean {mean}: {m}");
            assert!(
                (v - mean).abs() < 5.0 * mean * (2.0 / n as f64).sqrt(),
                "mean {mean}: variance {v}"
            );
        }
    }

    #[test]
    fn large_mean_poisson_is_monotone_in_the_uniform_and_the_mean() {
        for mean in [64.0, 64.5, 300.0, 12_345.6] {
            let mut last = 0;
            for i in 0..=4_000 {
                let k = poisson_quantile(i as f64 / 4_000.0 * 0.999_999, mean);
                assert!(k >= last, "mean {mean}, step {i}");
                last = k;
            }
        }
        for i in 0..500u64 {
            let u = Key::root(3).with(i).uniform();
            let mut last = 0;
            for m in 0..400 {
                let k = poisson_quantile(u, 60.0 + m as f64 * 0.25);
                assert!(k >= last, "u {u}, mean {}", 60.0 + m as f64 * 0.25);
                last = k;
            }
        }
        assert_eq!(poisson_quantile(0.5, 0.0), 0);
        assert_eq!(poisson_quantile(0.999_999, 1e12), POISSON_CAP);
        assert!(poisson_quantile(1.0 - 1e-16, 100.0) < 300);
    }

    #[test]
    fn beta_quantile_inverts_the_distribution_function() {
        for (a, b) in [
            (2.0, 3.0),
            (2.45, 3.0),
            (0.3, 0.7),
            (0.5, 4.0),
            (7.5, 1.2),
            (50.0, 0.1),
            (40.0, 45.0),
        ] {
            let beta = BetaShape::new(a, b).unwrap();
            // `u` is matched to 1e-12, or the quantile is as close as floats allow: `u` lies
            // between the distribution function two floats either side of it (shapes far
            // below 1 pile mass into less than a float's width near 0 or 1).
            let inverts = |u: f64, x: f64, tol: f64| {
                let down = x.next_down().next_down().max(0.0);
                let up = x.next_up().next_up().min(1.0);
                (beta.cdf(x) - u).abs() < tol
                    || (beta.cdf(down) - 1e-14 <= u && u <= beta.cdf(up) + 1e-14)
            };
            let mut last = 0.0;
            for i in 1..2_000 {
                let u = i as f64 / 2_000.0;
                let x = beta.quantile(u);
                assert!((0.0..=1.0).contains(&x));
                assert!(x >= last, "Beta({a}, {b}) not monotone at {u}");
                last = x;
                assert!(inverts(u, x, 1e-12), "Beta({a}, {b}): Q({u}) = {x}");
            }
            for u in [1e-12, 1e-6, 1.0 - 1e-6, 1.0 - 1e-12] {
                let x = beta.quantile(u);
                let tol = 1e-9 * u.min(1.0 - u) + 1e-15;
                assert!(inverts(u, x, tol), "Beta({a}, {b}) tail: Q({u}) = {x}");
            }
        }
        for (a, b) in [(1.0, 1.0), (2.0, 3.0), (4.0, 2.0), (17.0, 30.0)] {
            let direct = ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b);
            let shape = BetaShape::new(a, b).unwrap();
            assert!((shape.inv_beta.ln() + direct).abs() < 1e-12 * direct.abs().max(1.0));
        }
        assert!(BetaShape::new(0.0, 1.0).is_none());
        assert!(BetaShape::new(1.0, f64::NAN).is_none());
    }

    #[test]
    fn the_beta_distribution_function_matches_whole_shapes_in_closed_form() {
        for (k, n) in [(2usize, 4usize), (3, 5), (4, 5), (1, 1), (5, 8)] {
            let beta = BetaShape::new(k as f64, (n + 1 - k) as f64).unwrap();
            for i in 1..100 {
                let x = i as f64 / 100.0;
                let d = (beta.cdf(x) - order_statistic_cdf(x, k, n)).abs();
                assert!(d < 1e-13, "({k}, {n}) at {x}: {d}");
            }
        }
        // Beta(2, 3): 1 - (1 - x)^4 - 4 x (1 - x)^3.
        let x: f64 = 0.3;
        let closed = 1.0 - (1.0 - x).powi(4) - 4.0 * x * (1.0 - x).powi(3);
        assert!((order_statistic_cdf(x, 2, 4) - closed).abs() < 1e-15);
    }

    #[test]
    fn beta_quantile_is_continuous_in_the_shape() {
        let near = BetaShape::new(2.45, 3.0).unwrap();
        let nearer = BetaShape::new(2.450_15, 3.0).unwrap();
        for i in 1..1_000 {
            let u = i as f64 / 1_000.0;
            assert!((near.quantile(u) - nearer.quantile(u)).abs() < 1e-4);
        }
    }
}
