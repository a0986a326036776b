//! Quantiles with bounded memory: exact (sorted values) up to a cap, then a log-bucket sketch
//! with relative accuracy 0.1 % (in the style of DDSketch). Both are filled in trial order,
//! so results do not depend on how trials were spread over threads.

use std::collections::BTreeMap;

/// Relative accuracy of the sketch once the exact buffer is full.
pub const RELATIVE_ACCURACY: f64 = 0.001;

#[derive(Clone, Debug)]
struct LogSketch {
    ln_gamma: f64,
    pos: BTreeMap<i32, u64>,
    neg: BTreeMap<i32, u64>,
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
            pos: BTreeMap::new(),
            neg: BTreeMap::new(),
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
            let map = if x > 0.0 {
                &mut self.pos
            } else {
                &mut self.neg
            };
            *map.entry(i).or_insert(0) += 1;
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
        for (&i, &c) in self.neg.iter().rev() {
            seen += c;
            if seen > rank {
                return (-self.value(i)).clamp(self.min, self.max);
            }
        }
        seen += self.zero;
        if seen > rank {
            return 0.0;
        }
        for (&i, &c) in &self.pos {
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
        v.sort_by(f64::total_cmp);
        sorted_quantile(&v, q)
    }
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
