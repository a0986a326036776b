//! Kernel density estimates for violin shapes. Pure: no I/O.

/// Values kept for an estimate at most (an even thinning of the sorted values beyond).
const MAX_POINTS: usize = 4000;

/// A Gaussian kernel density estimate of `values` (Silverman's rule-of-thumb bandwidth) on
/// `points` evenly spaced x from the smallest to the largest value, as `(x, density)` with
/// the peak scaled to 1. `None` with fewer than 5 finite values or no spread.
pub fn kde(values: &[f64], points: usize) -> Option<Vec<(f64, f64)>> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.len() < 5 || points < 2 {
        return None;
    }
    v.sort_by(f64::total_cmp);
    if v.len() > MAX_POINTS {
        let step = v.len() as f64 / MAX_POINTS as f64;
        v = (0..MAX_POINTS)
            .map(|i| v[((i as f64 + 0.5) * step) as usize])
            .collect();
    }
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let sd = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let q = |p: f64| v[((n - 1.0) * p).round() as usize];
    let iqr = q(0.75) - q(0.25);
    let spread = if iqr > 0.0 { sd.min(iqr / 1.34) } else { sd };
    if spread <= 0.0 || !spread.is_finite() {
        return None;
    }
    let h = 0.9 * spread * n.powf(-0.2);
    let (lo, hi) = (v[0], v[v.len() - 1]);
    let mut out: Vec<(f64, f64)> = (0..points)
        .map(|i| {
            let x = lo + (hi - lo) * i as f64 / (points - 1) as f64;
            let d: f64 = v
                .iter()
                .map(|xi| {
                    let z = (x - xi) / h;
                    (-0.5 * z * z).exp()
                })
                .sum();
            (x, d)
        })
        .collect();
    let peak = out.iter().map(|p| p.1).fold(0.0, f64::max);
    if peak <= 0.0 {
        return None;
    }
    for p in &mut out {
        p.1 /= peak;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peaks_at_the_mode_and_spans_the_values() {
        // Sum of two discrete uniforms on 0..=9: triangular, mode 9.
        let values: Vec<f64> = (0..10)
            .flat_map(|i| (0..10).map(move |j| (i + j) as f64))
            .collect();
        let d = kde(&values, 19).expect("enough values");
        assert_eq!(d.len(), 19);
        assert_eq!((d[0].0, d[18].0), (0.0, 18.0));
        assert!(d.iter().all(|p| p.1 > 0.0 && p.1 <= 1.0));
        let top = d.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
        assert_eq!(top.0, 9.0);
        assert_eq!(top.1, 1.0);
    }

    #[test]
    fn needs_values_and_spread() {
        assert!(kde(&[1.0, 2.0, 3.0], 10).is_none());
        assert!(kde(&[4.0; 20], 10).is_none());
        assert!(kde(&[f64::NAN; 20], 10).is_none());
    }
}
