//! Quantiles with bounded memory: exact (sorted values) up to a cap, then a log-bucket sketch
//! with relative accuracy 0.1 % (in the style of DDSketch). Both are filled in trial order,
//! so results do not depend on how trials were spread over threads.

/// Relative accuracy of the sketch once the exact buffer is full.
pub const RELATIVE_ACCURACY: f64 = 0.001;

/// Counts of the log buckets of one sign, stored densely from the lowest bucket seen to the
/// highest: one push is an index and an increment (no search, no allocation once the range
/// is covered), and a bucket costs 8 bytes.
#[derive(Clone, Debug, Default)]
struct DenseCounts {
    /// Bucket index of `counts[0]`.
    offset: i32,
    counts: Vec<u64>,
}

impl DenseCounts {
    fn add(&mut self, i: i32) {
        if self.counts.is_empty() {
            self.offset = i;
            self.counts.push(0);
        }
        if i < self.offset {
            // Grow downward with slack (as much again as is held), so that a run of ever
            // lower buckets costs amortised constant time.
            let need = (self.offset - i) as usize;
            let grow = need.max(self.counts.len());
            self.counts.splice(0..0, std::iter::repeat_n(0, grow));
            self.offset -= grow as i32;
        }
        let at = (i - self.offset) as usize;
        if at >= self.counts.len() {
            self.counts.resize(at + 1, 0);
        }
        self.counts[at] += 1;
    }

    /// (bucket, count) of the non-empty buckets, lowest bucket first.
    fn iter(&self) -> impl DoubleEndedIterator<Item = (i32, u64)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c > 0)
            .map(|(k, &c)| (self.offset + k as i32, c))
    }

    fn heap_bytes(&self) -> usize {
        self.counts.capacity() * std::mem::size_of::<u64>()
    }
}

#[derive(Clone, Debug)]
struct LogSketch {
    ln_gamma: f64,
    pos: DenseCounts,
    neg: DenseCounts,
    zero: u64,
    count: u64,
    min: f64,
    max: f64,
}

impl LogSketch {
    fn new() -> Self {
        let gamma = (1.0 + RELATIVE_ACCURACY) / (1.0 - RELATIVE_ACCURACY);
        LogSketch {
            ln_gamma: gamma.ln(),
            pos: DenseCounts::default(),
            neg: DenseCounts::default(),
            zero: 0,
            count: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }
    fn push(&mut self, x: f64) {
        self.count += 1;
        self.min = self.min.min(x);
        self.max = self.max.max(x);
        if x.abs() < 1e-300 {
            self.zero += 1;
        } else {
            let i = (x.abs().ln() / self.ln_gamma).ceil() as i32;
            let counts = if x > 0.0 {
                &mut self.pos
            } else {
                &mut self.neg
            };
            counts.add(i);
        }
    }
    fn value(&self, i: i32) -> f64 {
        let gamma = self.ln_gamma.exp();
        2.0 * (i as f64 * self.ln_gamma).exp() / (gamma + 1.0)
    }
    fn quantile(&self, q: f64) -> f64 {
        if self.count == 0 {
            return f64::NAN;
        }
        let rank = (q * (self.count - 1) as f64).round() as u64;
        let mut seen = 0u64;
        for (i, c) in self.neg.iter().rev() {
            seen += c;
            if seen > rank {
                return (-self.value(i)).clamp(self.min, self.max);
            }
        }
        seen += self.zero;
        if seen > rank {
            return 0.0;
        }
        for (i, c) in self.pos.iter() {
            seen += c;
            if seen > rank {
                return self.value(i).clamp(self.min, self.max);
            }
        }
        self.max
    }
}

/// Quantiles of a stream of values.
#[derive(Clone, Debug)]
pub struct Quantiles {
    exact: Vec<f64>,
    cap: usize,
    sketch: Option<LogSketch>,
}

impl Quantiles {
    /// Keep up to `cap` values exactly; beyond that, switch to the sketch.
    pub fn new(cap: usize) -> Self {
        Quantiles {
            exact: Vec::new(),
            cap,
            sketch: None,
        }
    }
    /// Add a finite value.
    pub fn push(&mut self, x: f64) {
        if let Some(s) = &mut self.sketch {
            s.push(x);
            return;
        }
        if self.exact.len() == self.exact.capacity() {
            // Grow by doubling, but never past the cap: a full buffer of `cap` values is
            // the most this accumulator ever holds (plain doubling would reserve up to
            // twice that).
            let len = self.exact.len();
            let want = (2 * len).max(16).min(self.cap + 1).max(len + 1);
            self.exact.reserve_exact(want - len);
        }
        self.exact.push(x);
        if self.exact.len() > self.cap {
            let mut s = LogSketch::new();
            for &v in &self.exact {
                s.push(v);
            }
            self.exact = Vec::new();
            self.sketch = Some(s);
        }
    }
    /// Number of values.
    pub fn count(&self) -> u64 {
        self.sketch
            .as_ref()
            .map_or(self.exact.len() as u64, |s| s.count)
    }
    /// Whether values are still kept exactly.
    pub fn is_exact(&self) -> bool {
        self.sketch.is_none()
    }
    /// The `q` quantile (linear interpolation between order statistics while exact).
    pub fn quantile(&self, q: f64) -> f64 {
        if let Some(s) = &self.sketch {
            return s.quantile(q);
        }
        if self.exact.is_empty() {
            return f64::NAN;
        }
        let mut v = self.exact.clone();
        selected_quantile(&mut v, q)
    }

    /// Bytes held on the heap (for the memory checks in docs/performance.md).
    pub fn heap_bytes(&self) -> usize {
        let sketch = self
            .sketch
            .as_ref()
            .map_or(0, |s| s.pos.heap_bytes() + s.neg.heap_bytes());
        self.exact.capacity() * std::mem::size_of::<f64>() + sketch
    }
}

/// The same number as [`sorted_quantile`] of the sorted values, by selection: the two order
/// statistics it interpolates are found in linear time, without sorting (the values are
/// reordered).
pub fn selected_quantile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let pos = q.clamp(0.0, 1.0) * (values.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let (_, &mut a, above) = values.select_nth_unstable_by(lo, f64::total_cmp);
    let b = if hi == lo {
        a
    } else {
        above.iter().copied().min_by(f64::total_cmp).unwrap_or(a)
    };
    a + (b - a) * (pos - lo as f64)
}

/// The `q` quantile of sorted values, interpolating linearly (Hyndman and Fan type 7).
pub fn sorted_quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn exact_quantiles_interpolate() {
        let mut q = Quantiles::new(100);
        for x in [5.0, 1.0, 3.0, 2.0, 4.0] {
            q.push(x);
        }
        assert_eq!(q.quantile(0.5), 3.0);
        assert_eq!(q.quantile(0.0), 1.0);
        assert_eq!(q.quantile(1.0), 5.0);
        assert!((q.quantile(0.05) - 1.2).abs() < 1e-12);
    }

    #[test]
    fn a_million_values_fit_in_a_small_sketch() {
        // Log-normal values over five orders of magnitude, with zeros and negatives (like a
        // paired difference of revenue): the sketch holds a few thousand buckets.
        let mut q = Quantiles::new(20_000);
        let mut state = 1u64;
        for i in 0..1_000_000u64 {
            state = crate::rng::splitmix64(state);
            let u = ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
            let z = crate::stats::normal_quantile(u);
            let x = match i % 10 {
                0 => 0.0,
                1..=3 => -1e5 * (1.5 * z).exp(),
                _ => 1e5 * (1.5 * z).exp(),
            };
            q.push(x);
        }
        assert!(!q.is_exact());
        assert!(q.heap_bytes() < 400_000, "{} bytes", q.heap_bytes());
    }

    proptest! {
        #[test]
        fn exact_matches_sorted_reference(xs in proptest::collection::vec(-1e9f64..1e9, 1..300), p in 0.0f64..=1.0) {
            let mut q = Quantiles::new(1000);
            xs.iter().for_each(|&x| q.push(x));
            let mut s = xs.clone();
            s.sort_by(f64::total_cmp);
            prop_assert_eq!(q.quantile(p), sorted_quantile(&s, p));
        }

        #[test]
        fn selection_matches_sorting(
            xs in proptest::collection::vec(prop_oneof![-1e6f64..1e6, Just(0.0), Just(-0.0), Just(3.5)], 1..400),
            p in 0.0f64..=1.0,
        ) {
            let mut s = xs.clone();
            s.sort_by(f64::total_cmp);
            let mut v = xs.clone();
            prop_assert_eq!(selected_quantile(&mut v, p).to_bits(), sorted_quantile(&s, p).to_bits());
        }

        #[test]
        fn exact_buffer_never_exceeds_its_cap(n in 1usize..3000, cap in 1usize..1000) {
            let mut q = Quantiles::new(cap);
            for i in 0..n {
                q.push(i as f64);
                if q.is_exact() {
                    prop_assert!(q.exact.capacity() <= cap + 1);
                }
            }
        }

        #[test]
        fn dense_sketch_matches_a_sorted_map_of_buckets(
            xs in proptest::collection::vec(
                prop_oneof![-1e9f64..-1e-6, 1e-6f64..1e9, Just(0.0), -1.0f64..1.0], 20..500),
            p in 0.0f64..=1.0,
        ) {
            // The reference: the same buckets in ordered maps (the sketch's former store).
            use std::collections::BTreeMap;
            let mut q = Quantiles::new(10);
            xs.iter().for_each(|&x| q.push(x));
            let s = q.sketch.as_ref().expect("past the cap");
            let (mut pos, mut neg) = (BTreeMap::new(), BTreeMap::new());
            let mut zero = 0u64;
            for &x in &xs {
                if x.abs() < 1e-300 {
                    zero += 1;
                    continue;
                }
                let i = (x.abs().ln() / s.ln_gamma).ceil() as i32;
                *if x > 0.0 { &mut pos } else { &mut neg }.entry(i).or_insert(0u64) += 1;
            }
            let rank = (p * (xs.len() - 1) as f64).round() as u64;
            let mut seen = 0;
            let mut want = None;
            for (&i, &c) in neg.iter().rev() {
                seen += c;
                if want.is_none() && seen > rank {
                    want = Some((-s.value(i)).clamp(s.min, s.max));
                }
            }
            seen += zero;
            if want.is_none() && seen > rank {
                want = Some(0.0);
            }
            for (&i, &c) in &pos {
                seen += c;
                if want.is_none() && seen > rank {
                    want = Some(s.value(i).clamp(s.min, s.max));
                }
            }
            prop_assert_eq!(q.quantile(p).to_bits(), want.unwrap_or(s.max).to_bits());
        }

        #[test]
        fn sketch_is_within_relative_accuracy(
            xs in proptest::collection::vec(prop_oneof![-1e7f64..-1.0, 1.0f64..1e7], 50..400), p in 0.0f64..=1.0,
        ) {
            let mut q = Quantiles::new(10);
            xs.iter().for_each(|&x| q.push(x));
            prop_assert!(!q.is_exact());
            let mut s = xs.clone();
            s.sort_by(f64::total_cmp);
            let rank = (p * (s.len() - 1) as f64).round() as usize;
            let truth = s[rank];
            let got = q.quantile(p);
            prop_assert!((got - truth).abs() <= 2.0 * RELATIVE_ACCURACY * truth.abs() + 1e-9,
                "p {p}: got {got}, truth {truth}");
        }
    }
}
