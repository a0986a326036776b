//! The numerics of experiment designs, apart from parsing: the Cholesky factor of a rank
//! correlation matrix (Gaussian copula), Latin-hypercube sampling, and rounding of grid values.

use crate::rng::Key;

/// Check a rank-correlation matrix and return the Cholesky factor of its normal-scale
/// equivalent.
///
/// # Errors
/// A message naming the violated condition (symmetry, unit diagonal, positive definiteness).
pub fn validate_correlation(m: &[Vec<f64>]) -> Result<Vec<Vec<f64>>, String> {
    let n = m.len();
    for i in 0..n {
        if (m[i][i] - 1.0).abs() > 1e-9 {
            return Err(format!("diagonal entry {} is {}, not 1", i + 1, m[i][i]));
        }
        for j in 0..i {
            if (m[i][j] - m[j][i]).abs() > 1e-9 {
                return Err(format!(
                    "not symmetric: entry ({}, {}) is {} but ({}, {}) is {}",
                    i + 1,
                    j + 1,
                    m[i][j],
                    j + 1,
                    i + 1,
                    m[j][i]
                ));
            }
        }
    }
    // Rank correlation r corresponds to normal-scale correlation 2 sin(pi r / 6).
    let p: Vec<Vec<f64>> = m
        .iter()
        .map(|row| {
            row.iter()
                .map(|r| 2.0 * (std::f64::consts::PI * r / 6.0).sin())
                .collect()
        })
        .collect();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let d = p[i][i] - s;
                if d <= 1e-10 {
                    return Err("it is not positive definite (some combination of the correlations is impossible)".into());
                }
                l[i][j] = d.sqrt();
            } else {
                l[i][j] = (p[i][j] - s) / l[j][j];
            }
        }
    }
    Ok(l)
}

/// Round to 12 significant digits.
pub(crate) fn round_sig(x: f64) -> f64 {
    // Through decimal text, so that tiny and huge values cannot overflow a scale factor.
    format!("{x:.11e}").parse().unwrap_or(x)
}

/// A Latin-hypercube sample of `n` points over the axes, each `(range, whole)` (no range is
/// `[0, 0]`), keyed by the run seed.
pub(crate) fn latin_hypercube(
    axes: &[(Option<(f64, f64)>, bool)],
    n: usize,
    seed: u64,
) -> Vec<Vec<f64>> {
    let root = Key::root(seed).with(0x4C48_5300_0000_0000);
    let mut cols = Vec::new();
    for (j, &(range, integer)) in axes.iter().enumerate() {
        let (from, to) = range.unwrap_or((0.0, 0.0));
        let key = root.with(j as u64);
        // A keyed permutation of the strata (Fisher-Yates).
        let mut perm: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let u = key.with(i as u64).uniform();
            let r = (u * (i + 1) as f64) as usize;
            perm.swap(i, r.min(i));
        }
        let col: Vec<f64> = (0..n)
            .map(|i| {
                let jitter = key.with(1_000_000 + i as u64).uniform();
                let u = (perm[i] as f64 + jitter) / n as f64;
                let x = from + u * (to - from);
                if integer { x.round() } else { x }
            })
            .collect();
        cols.push(col);
    }
    (0..n)
        .map(|i| cols.iter().map(|c| c[i]).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lhs_covers_every_stratum_once() {
        let pts = latin_hypercube(&[(Some((0.0, 1.0)), false)], 20, 7);
        let mut strata: Vec<usize> = pts.iter().map(|p| (p[0] * 20.0) as usize).collect();
        strata.sort();
        assert_eq!(strata, (0..20).collect::<Vec<_>>());
    }

    #[test]
    fn correlation_matrix_is_validated() {
        assert!(validate_correlation(&[vec![1.0, 0.5], vec![0.5, 1.0]]).is_ok());
        assert!(validate_correlation(&[vec![1.0, 0.5], vec![0.4, 1.0]]).is_err());
        assert!(validate_correlation(&[vec![2.0, 0.0], vec![0.0, 1.0]]).is_err());
        let bad = [
            vec![1.0, 0.9, -0.9],
            vec![0.9, 1.0, 0.9],
            vec![-0.9, 0.9, 1.0],
        ];
        let e = validate_correlation(&bad).unwrap_err();
        assert!(e.contains("positive definite"), "{e}");
    }

    #[test]
    fn rounding_keeps_tiny_and_huge_values_finite() {
        assert_eq!(round_sig(0.7999999999999999), 0.8);
        for x in [2.2250738585072014e-308, 1e300, -3.5e-200, 0.0] {
            let r = round_sig(x);
            assert!(
                r.is_finite() && (r - x).abs() <= 1e-11 * x.abs(),
                "{x} -> {r}"
            );
        }
    }
}
