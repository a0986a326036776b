//! Keyed random streams (docs/model.md section 9), and the exact samplers the hot path draws from
//! them.
//!
//! Every random number in a run is drawn from a generator whose seed is a hash of a key:
//! `(master_seed, trial, entity, week, purpose)`. Keys, not thread order or call order, decide
//! every number, so one thread and many threads give bit-identical results, and two variants of
//! one trial see the same numbers wherever they ask the same question (common random numbers).
//!
//! Costs (measured in `benches/units.rs`, see docs/performance.md): refining a key by a part is
//! two SplitMix64 steps, or one with a pre-hashed [`Part`]; [`Key::uniform`] is one step;
//! [`Key::stream`] starts a SplitMix64 stream at no cost; [`Key::rng`] seeds a Xoshiro256++
//! (four steps) for the general samplers of `rand_distr`.

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

mod inversion;

pub use inversion::{BetaShape, POISSON_CAP, order_statistic_cdf, poisson_quantile};

/// The generator behind every keyed stream.
pub type StreamRng = Xoshiro256PlusPlus;

/// The SplitMix64 increment (the golden ratio in 64 bits).
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// One step of SplitMix64: a fast, well-mixed 64-bit bijection.
#[inline]
pub const fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(GOLDEN_GAMMA);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A uniform number in `[0, 1)` from the top 53 bits of a word.
#[inline]
fn unit_f64(bits: u64) -> f64 {
    // Through i64: the 53-bit value fits, and a signed conversion is one instruction.
    ((bits >> 11) as i64) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// What a draw is for; part of every key so that different questions never share numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u64)]
pub enum Purpose {
    /// Uncertain scenario parameters, drawn once per trial.
    Parameter = 1,
    /// A rep's skills.
    RepAttributes = 2,
    /// Number of prospecting contacts in a rep-week.
    Contacts = 3,
    /// Number of inbound leads in a rep-week.
    Inbound = 4,
    /// Attributes of one contact or lead (fit, value, custom need, qualification noise).
    Lead = 5,
    /// Weekly fate of one deal (loss, advancement, decision timing).
    DealWeek = 6,
    /// The win/loss draw of one deal.
    DealOutcome = 7,
    /// Referral leads produced by a won deal.
    Referral = 8,
    /// Attrition of a seat in a week.
    Attrition = 9,
    /// Skills of a new hire.
    Hire = 10,
    /// Timing games (push-out of decisions).
    Timing = 11,
    /// Hand-over of a leaver's deals.
    Handover = 12,
    /// Routing of custom leads between teams.
    Routing = 13,
}

/// One part of a key, hashed once: refining a key by a [`Part`] costs one SplitMix64 step
/// instead of two, so parts that repeat (a week, a sub-draw index) are hashed once and reused.
/// `key.with_part(Part::new(x))` is the same key as `key.with(x)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part(u64);

impl Part {
    /// The hashed form of `part`.
    #[inline]
    pub const fn new(part: u64) -> Self {
        Part(splitmix64(part.wrapping_add(0xA076_1D64_78BD_642F)))
    }

    /// The hashed form of a purpose.
    #[inline]
    pub const fn purpose(p: Purpose) -> Self {
        Part::new(p as u64 | 0xFF00_0000_0000_0000)
    }
}

/// A key that identifies one stream. Build it with [`Key::root`] and refine it with
/// [`Key::with`]; the same sequence of parts always gives the same seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key(u64);

impl Key {
    /// A placeholder (the key of nothing: never used to draw).
    pub const ZERO: Key = Key(0);

    /// The root key of a run: the master seed.
    pub fn root(master_seed: u64) -> Self {
        Key(splitmix64(master_seed ^ 0x5350_4D53_494D_0001))
    }

    /// A key refined by one more part (trial, entity, week, purpose ...).
    #[inline]
    pub fn with(self, part: u64) -> Self {
        self.with_part(Part::new(part))
    }

    /// A key refined by a pre-hashed part: the same key as `with`, one hash cheaper.
    #[inline]
    pub fn with_part(self, part: Part) -> Self {
        Key(splitmix64(self.0 ^ part.0))
    }

    /// A key refined by a purpose.
    #[inline]
    pub fn purpose(self, p: Purpose) -> Self {
        self.with_part(Part::purpose(p))
    }

    /// The raw 64-bit value of the key.
    #[inline]
    pub fn value(self) -> u64 {
        self.0
    }

    /// A uniform number in `[0, 1)` determined by the key alone (53 bits).
    #[inline]
    pub fn uniform(self) -> f64 {
        unit_f64(splitmix64(self.0))
    }

    /// The key's own 64 bits read as two independent uniform numbers in `[0, 1)` of 32 bits
    /// each (high half, low half). A key is the output of a SplitMix64 step, as uniform as
    /// any draw, so the hash that made the key answers two yes/no questions about it, with
    /// probabilities resolved to 2^-32 (2.3e-10) instead of 2^-53: for the one question asked
    /// of every open deal every week, where a second hash would cost a sixth of the run.
    #[inline]
    pub fn uniform_pair(self) -> (f64, f64) {
        const SCALE: f64 = 1.0 / (1u64 << 32) as f64;
        (
            (self.0 >> 32) as f64 * SCALE,
            (self.0 as u32) as f64 * SCALE,
        )
    }

    /// A stream of uniforms determined by the key: SplitMix64 started from the key (offset so
    /// that its first number is not [`Key::uniform`] of the same key). Free to start, one
    /// SplitMix64 step per number, and addressable: number `i` of the stream is
    /// `key.stream().at(i)`, so the stream's slots serve as cheap sub-keys of one key (one
    /// hash per number instead of two for `key.with(i).uniform()`).
    #[inline]
    pub fn stream(self) -> Uniforms {
        Uniforms {
            state: self.0 ^ 0x6A09_E667_F3BC_C909,
        }
    }

    /// A generator seeded from the key (the same generator as
    /// `StreamRng::seed_from_u64(key.value())`, built without the byte shuffling).
    #[inline]
    pub fn rng(self) -> StreamRng {
        let mut seed = [0u8; 32];
        let mut z = self.0;
        for chunk in seed.chunks_exact_mut(8) {
            chunk.copy_from_slice(&splitmix64(z).to_le_bytes());
            z = z.wrapping_add(GOLDEN_GAMMA);
        }
        StreamRng::from_seed(seed)
    }
}

/// A SplitMix64 stream of uniform numbers (see [`Key::stream`]).
#[derive(Clone, Copy, Debug)]
pub struct Uniforms {
    state: u64,
}

impl Uniforms {
    /// The next uniform number in `[0, 1)` (53 bits).
    #[inline]
    pub fn next_f64(&mut self) -> f64 {
        let u = unit_f64(splitmix64(self.state));
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        u
    }

    /// Number `i` ahead in the stream, without moving it.
    #[inline]
    pub fn at(&self, i: u64) -> f64 {
        unit_f64(splitmix64(
            self.state.wrapping_add(i.wrapping_mul(GOLDEN_GAMMA)),
        ))
    }

    /// The next two uniform numbers in `[0, 1)` of 32 bits each, from one step (the halves
    /// of the step's 64 bits, as [`Key::uniform_pair`]).
    #[inline]
    pub fn next_pair(&mut self) -> (f64, f64) {
        let k = Key(splitmix64(self.state));
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        k.uniform_pair()
    }

    /// The stream from number `i` on.
    #[inline]
    pub fn skip(self, i: u64) -> Self {
        Uniforms {
            state: self.state.wrapping_add(i.wrapping_mul(GOLDEN_GAMMA)),
        }
    }
}

/// Beta(`k`, `n + 1 - k`) for whole shapes: the `k`-th smallest of `n` uniforms (`1 <= k <= n
/// <= 8`). Exact (up to the uniforms' 32-bit resolution: two per step of the stream), and
/// much cheaper than a general Beta sampler for the small shapes of the funnel: Beta(2, 3) is
/// the 2nd smallest of 4 uniforms, Beta(3, 3) the 3rd of 5, Beta(4, 2) the 4th of 5.
#[inline]
pub fn beta_order_statistic(stream: &mut Uniforms, k: usize, n: usize) -> f64 {
    debug_assert!(1 <= k && k <= n && n <= 8);
    match (k, n) {
        (_, 1) => stream.next_pair().0,
        (2, 4) => {
            // Sort two pairs; the 2nd smallest is the larger of the two minima, unless the
            // partner of the smallest is smaller still.
            let (a, b) = stream.next_pair();
            let (c, d) = stream.next_pair();
            let ((a, b), (c, d)) = (sorted(a, b), sorted(c, d));
            lower(upper(a, c), lower(b, d))
        }
        (_, 2) => kth_smallest::<2>(stream, k),
        (_, 3) => kth_smallest::<3>(stream, k),
        (_, 4) => kth_smallest::<4>(stream, k),
        (_, 5) => kth_smallest::<5>(stream, k),
        (_, 6) => kth_smallest::<6>(stream, k),
        (_, 7) => kth_smallest::<7>(stream, k),
        _ => kth_smallest::<8>(stream, k),
    }
}

/// The smaller of two numbers that are not NaN (one `minsd`; `f64::min` also handles NaN).
#[inline(always)]
fn lower(a: f64, b: f64) -> f64 {
    if a < b { a } else { b }
}

/// The larger of two numbers that are not NaN.
#[inline(always)]
fn upper(a: f64, b: f64) -> f64 {
    if a < b { b } else { a }
}

#[inline(always)]
fn sorted(a: f64, b: f64) -> (f64, f64) {
    (lower(a, b), upper(a, b))
}

/// The `k`-th smallest of `N` uniforms, sorted by a branch-free network of min/max
/// exchanges (random data would mispredict every branch of an insertion sort).
#[inline]
fn kth_smallest<const N: usize>(stream: &mut Uniforms, k: usize) -> f64 {
    let mut u = [0.0; N];
    for pair in u.chunks_mut(2) {
        let (a, b) = stream.next_pair();
        pair[0] = a;
        if let Some(x) = pair.get_mut(1) {
            *x = b;
        }
    }
    // Insertion network: after pass i the first i + 1 values are sorted.
    for i in 1..N {
        for j in (1..=i).rev() {
            (u[j - 1], u[j]) = sorted(u[j - 1], u[j]);
        }
    }
    u[k.clamp(1, N) - 1]
}

/// Means below this are drawn by [`poisson_inversion`], which sums the probabilities from 0;
/// from it on, the search from 0 would be long and [`poisson_quantile`] starts it at the mean
/// instead (one incomplete gamma function). Both invert the same distribution function.
pub const POISSON_INVERSION_MAX_MEAN: f64 = 64.0;

/// Poisson(`mean`) by inversion of one uniform `u` in `[0, 1)`: the smallest `k` with
/// `u < P(X <= k)`, summing the probabilities `p_k = p_(k-1) mean / k` from `p_0 = exp(-mean)`.
/// Exact up to rounding, one exponential and about `mean` multiplications; monotone in `u`
/// and in `mean`, so variants with more hours draw at least as many contacts from the same
/// number. For `0 <= mean <= POISSON_INVERSION_MAX_MEAN`.
#[inline]
pub fn poisson_inversion(u: f64, mean: f64) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    poisson_inversion_from(u, mean, (-mean).exp())
}

/// `1 / k` for `k < 256` (the inversion search multiplies instead of dividing).
static RECIPROCAL: [f64; 256] = {
    let mut r = [0.0; 256];
    let mut k = 1;
    while k < 256 {
        r[k] = 1.0 / k as f64;
        k += 1;
    }
    r
};

/// [`poisson_inversion`] given `exp(-mean)` (for a mean that repeats, computed once).
#[inline]
pub fn poisson_inversion_from(u: f64, mean: f64, exp_neg_mean: f64) -> u32 {
    let mut p = exp_neg_mean;
    let mut cdf = p;
    let mut k = 0usize;
    // Rounding can leave the summed CDF a hair below 1: stop far in the tail (for a mean
    // below 64, the limit is more than 13 standard deviations above it).
    let limit = ((2.0 * mean) as usize + 40).min(RECIPROCAL.len() - 1);
    while u >= cdf && k < limit {
        k += 1;
        p *= mean * RECIPROCAL[k];
        cdf += p;
    }
    k as u32
}

/// Hash a string (a parameter path, say) into a stable 64-bit part for a key (FNV-1a).
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn same_key_same_numbers() {
        let k = Key::root(7).with(3).purpose(Purpose::Contacts).with(12);
        let mut a = k.rng();
        let mut b = k.rng();
        for _ in 0..10 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert_eq!(k.uniform(), k.uniform());
    }

    #[test]
    fn different_parts_differ() {
        let k = Key::root(7);
        assert_ne!(k.with(1).value(), k.with(2).value());
        assert_ne!(k.with(1).with(2).value(), k.with(2).with(1).value());
        assert_ne!(Key::root(1).value(), Key::root(2).value());
        assert_ne!(
            k.purpose(Purpose::Lead).value(),
            k.purpose(Purpose::Inbound).value()
        );
    }

    #[test]
    fn uniform_is_in_unit_interval_and_roughly_flat() {
        let k = Key::root(99);
        let n = 100_000;
        let mut sum = 0.0;
        for i in 0..n {
            let u = k.with(i).uniform();
            assert!((0.0..1.0).contains(&u));
            sum += u;
        }
        let mean = sum / n as f64;
        assert!((mean - 0.5).abs() < 0.005, "mean {mean}");
    }

    #[test]
    fn uniform_pairs_are_uniform_and_independent() {
        // Means, variances and the correlation of the two halves over many keys.
        let n = 200_000u64;
        let (mut s1, mut s2, mut s11, mut s22, mut s12) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for i in 0..n {
            let (a, b) = Key::root(4).with(i).uniform_pair();
            assert!((0.0..1.0).contains(&a) && (0.0..1.0).contains(&b));
            s1 += a;
            s2 += b;
            s11 += a * a;
            s22 += b * b;
            s12 += a * b;
        }
        let nf = n as f64;
        let (m1, m2) = (s1 / nf, s2 / nf);
        let (v1, v2) = (s11 / nf - m1 * m1, s22 / nf - m2 * m2);
        let corr = (s12 / nf - m1 * m2) / (v1 * v2).sqrt();
        // Standard errors: mean 0.00065, variance 0.00019, correlation 0.0022.
        assert!(
            (m1 - 0.5).abs() < 0.003 && (m2 - 0.5).abs() < 0.003,
            "{m1} {m2}"
        );
        assert!((v1 - 1.0 / 12.0).abs() < 0.001 && (v2 - 1.0 / 12.0).abs() < 0.001);
        assert!(corr.abs() < 0.01, "correlation {corr}");
    }

    #[test]
    fn fast_seeding_is_the_same_generator() {
        for seed in [0u64, 1, 7, u64::MAX, 0x1234_5678_9ABC_DEF0] {
            let k = Key(seed);
            let mut fast = k.rng();
            let mut slow = StreamRng::seed_from_u64(seed);
            for _ in 0..8 {
                assert_eq!(fast.next_u64(), slow.next_u64());
            }
        }
    }

    #[test]
    fn pre_hashed_parts_give_the_same_keys() {
        let k = Key::root(5).with(9);
        for part in [0u64, 1, 2, 1 << 32, u64::MAX] {
            assert_eq!(k.with(part), k.with_part(Part::new(part)));
        }
        assert_eq!(
            k.purpose(Purpose::DealWeek),
            k.with_part(Part::purpose(Purpose::DealWeek))
        );
        assert_ne!(k.stream().next_f64(), k.uniform());
        let mut s = k.stream();
        let first: Vec<f64> = (0..5).map(|_| s.next_f64()).collect();
        for (i, &u) in first.iter().enumerate() {
            assert_eq!(k.stream().at(i as u64), u);
        }
        assert_eq!(k.stream().skip(2).next_f64(), first[2]);
    }

    /// Regularised incomplete beta for whole shapes: P(Beta(a, b) <= x) = P(Bin(a + b - 1, x)
    /// >= a).
    fn beta_cdf_int(a: usize, b: usize, x: f64) -> f64 {
        let n = a + b - 1;
        let mut c = 1.0;
        let mut sum = 0.0;
        for j in 0..=n {
            if j > 0 {
                c = c * (n + 1 - j) as f64 / j as f64;
            }
            if j >= a {
                sum += c * x.powi(j as i32) * (1.0 - x).powi((n - j) as i32);
            }
        }
        sum
    }

    #[test]
    fn order_statistics_are_the_beta_distributions() {
        // Kolmogorov-Smirnov distance against the exact CDF for the shapes the funnel uses.
        for (a, b) in [(2usize, 3usize), (3, 3), (4, 2), (1, 1), (5, 3)] {
            let n = 40_000;
            let mut xs: Vec<f64> = (0..n)
                .map(|i| {
                    let mut s = Key::root(17).with(a as u64).with(b as u64).with(i).stream();
                    beta_order_statistic(&mut s, a, a + b - 1)
                })
                .collect();
            xs.sort_by(f64::total_cmp);
            let d = xs
                .iter()
                .enumerate()
                .map(|(i, &x)| {
                    let f = beta_cdf_int(a, b, x);
                    (f - i as f64 / n as f64)
                        .abs()
                        .max((f - (i + 1) as f64 / n as f64).abs())
                })
                .fold(0.0, f64::max);
            // The 99.9 % critical value of the KS statistic is 1.95 / sqrt(n).
            assert!(d < 1.95 / (n as f64).sqrt(), "Beta({a}, {b}): D = {d}");
        }
    }

    #[test]
    fn poisson_inversion_matches_the_pmf() {
        for mean in [0.05, 0.4, 1.5, 3.0, 9.6, 25.0, 60.0] {
            let n = 60_000u64;
            let top = (mean + 12.0 * f64::sqrt(mean) + 12.0) as usize;
            let mut counts = vec![0u64; top + 1];
            for i in 0..n {
                let k = poisson_inversion(Key::root(3).with(i).uniform(), mean) as usize;
                counts[k.min(top)] += 1;
            }
            // Chi-square over cells with an expected count of at least 20.
            let mut p = (-mean).exp();
            let mut chi2 = 0.0;
            let mut cells = 0;
            let mut rest_obs = n as f64;
            let mut rest_exp = n as f64;
            for (k, &c) in counts.iter().enumerate() {
                if k > 0 {
                    p *= mean / k as f64;
                }
                let e = p * n as f64;
                if e >= 20.0 {
                    chi2 += (c as f64 - e).powi(2) / e;
                    cells += 1;
                    rest_obs -= c as f64;
                    rest_exp -= e;
                }
            }
            if rest_exp >= 20.0 {
                chi2 += (rest_obs - rest_exp).powi(2) / rest_exp;
                cells += 1;
            }
            // Generous bound: mean + 5 sd of a chi-square with `cells` degrees of freedom.
            let df = cells as f64;
            assert!(
                chi2 < df + 5.0 * (2.0 * df).sqrt(),
                "mean {mean}: chi2 {chi2} on {cells} cells"
            );
        }
        assert_eq!(poisson_inversion(0.5, 0.0), 0);
        assert_eq!(poisson_inversion(0.0, 5.0), 0);
        assert!(poisson_inversion(0.999_999_999, 10.0) < 40);
    }

    #[test]
    fn poisson_inversion_is_monotone_in_the_mean() {
        for i in 0..2_000u64 {
            let u = Key::root(8).with(i).uniform();
            let mut last = 0;
            for m in 1..60 {
                let k = poisson_inversion(u, m as f64 * 0.5);
                assert!(k >= last);
                last = k;
            }
        }
    }
}
