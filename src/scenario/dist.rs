//! Uncertain parameters: a number in a scenario may instead be a distribution, drawn once per
//! trial from its own keyed stream (docs/model.md section 9), identical in every variant.

use rand::RngExt;
use rand_distr::{Beta, Distribution, LogNormal, Normal, Pert, Triangular};
use serde::Serialize;

use crate::rng::StreamRng;

/// A probability distribution for an uncertain parameter. Constructed only through
/// [`Dist::validated`], so its parameters are always valid.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "dist", rename_all = "lowercase")]
pub enum Dist {
    /// Normal with `mean` and standard deviation `sd`.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation (> 0).
        sd: f64,
    },
    /// Log-normal with `median` (> 0) and log-scale standard deviation `sigma`.
    Lognormal {
        /// Median, e^mu.
        median: f64,
        /// Standard deviation of the logarithm.
        sigma: f64,
    },
    /// Uniform on `[min, max]`.
    Uniform {
        /// Lower end.
        min: f64,
        /// Upper end.
        max: f64,
    },
    /// Triangular on `[min, max]` with peak at `mode`.
    Triangular {
        /// Lower end.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Upper end.
        max: f64,
    },
    /// PERT (scaled Beta) on `[min, max]` with peak at `mode`.
    Pert {
        /// Lower end.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Upper end.
        max: f64,
    },
    /// Beta(`alpha`, `beta`) scaled to `[min, max]` (default `[0, 1]`).
    Beta {
        /// First shape (> 0).
        alpha: f64,
        /// Second shape (> 0).
        beta: f64,
        /// Lower end of the support.
        min: f64,
        /// Upper end of the support.
        max: f64,
    },
}

/// The distribution kinds, as spelled in scenario files.
pub const DIST_KINDS: [&str; 6] = [
    "normal",
    "lognormal",
    "uniform",
    "triangular",
    "pert",
    "beta",
];

impl Dist {
    /// Check the parameters; returns the distribution or a message naming the violated condition.
    ///
    /// # Errors
    /// A message such as "`min` (3) must be below `max` (1)" when parameters are impossible.
    pub fn validated(self) -> Result<Self, String> {
        let finite = |name: &str, v: f64| {
            if v.is_finite() {
                Ok(())
            } else {
                Err(format!("`{name}` must be a finite number, got {v}"))
            }
        };
        match self {
            Dist::Normal { mean, sd } => {
                finite("mean", mean)?;
                finite("sd", sd)?;
                if sd <= 0.0 {
                    return Err(format!("`sd` must be above 0, got {sd}"));
                }
            }
            Dist::Lognormal { median, sigma } => {
                finite("median", median)?;
                finite("sigma", sigma)?;
                if median <= 0.0 {
                    return Err(format!("`median` must be above 0, got {median}"));
                }
                if sigma <= 0.0 {
                    return Err(format!("`sigma` must be above 0, got {sigma}"));
                }
            }
            Dist::Uniform { min, max } => {
                finite("min", min)?;
                finite("max", max)?;
                if min >= max {
                    return Err(format!("`min` ({min}) must be below `max` ({max})"));
                }
            }
            Dist::Triangular { min, mode, max } | Dist::Pert { min, mode, max } => {
                finite("min", min)?;
                finite("mode", mode)?;
                finite("max", max)?;
                if min >= max {
                    return Err(format!("`min` ({min}) must be below `max` ({max})"));
                }
                if mode < min || mode > max {
                    return Err(format!(
                        "`mode` ({mode}) must lie between `min` ({min}) and `max` ({max})"
                    ));
                }
            }
            Dist::Beta {
                alpha,
                beta,
                min,
                max,
            } => {
                finite("alpha", alpha)?;
                finite("beta", beta)?;
                finite("min", min)?;
                finite("max", max)?;
                if alpha <= 0.0 || beta <= 0.0 {
                    return Err(format!(
                        "`alpha` and `beta` must be above 0, got {alpha} and {beta}"
                    ));
                }
                if min >= max {
                    return Err(format!("`min` ({min}) must be below `max` ({max})"));
                }
            }
        }
        Ok(self)
    }

    /// Smallest and largest value the distribution can produce (infinite for unbounded tails).
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Dist::Normal { .. } => (f64::NEG_INFINITY, f64::INFINITY),
            Dist::Lognormal { .. } => (0.0, f64::INFINITY),
            Dist::Uniform { min, max }
            | Dist::Triangular { min, max, .. }
            | Dist::Pert { min, max, .. }
            | Dist::Beta { min, max, .. } => (min, max),
        }
    }

    /// The median, used where a single nominal value is needed (for load-time checks).
    pub fn nominal(&self) -> f64 {
        match *self {
            Dist::Normal { mean, .. } => mean,
            Dist::Lognormal { median, .. } => median,
            Dist::Uniform { min, max } => 0.5 * (min + max),
            Dist::Triangular { min, mode, max } | Dist::Pert { min, mode, max } => {
                (min + mode + max) / 3.0
            }
            Dist::Beta {
                alpha,
                beta,
                min,
                max,
            } => min + (max - min) * alpha / (alpha + beta),
        }
    }

    /// One draw. Parameters were validated at construction, so the samplers cannot fail.
    pub fn sample(&self, rng: &mut StreamRng) -> f64 {
        match *self {
            Dist::Normal { mean, sd } => Normal::new(mean, sd).map_or(mean, |d| d.sample(rng)),
            Dist::Lognormal { median, sigma } => {
                LogNormal::new(median.ln(), sigma).map_or(median, |d| d.sample(rng))
            }
            Dist::Uniform { min, max } => min + (max - min) * rng.random::<f64>(),
            Dist::Triangular { min, mode, max } => {
                Triangular::new(min, max, mode).map_or(mode, |d| d.sample(rng))
            }
            Dist::Pert { min, mode, max } => Pert::new(min, max)
                .with_mode(mode)
                .map_or(mode, |d| d.sample(rng)),
            Dist::Beta {
                alpha,
                beta,
                min,
                max,
            } => {
                let x = Beta::new(alpha, beta).map_or(0.5, |d| d.sample(rng));
                min + (max - min) * x
            }
        }
    }
}

/// A parameter's value in a scenario: a number or a distribution.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ParamValue {
    /// A fixed number.
    Fixed(f64),
    /// A distribution drawn once per trial.
    Uncertain(Dist),
}

impl ParamValue {
    /// The fixed value, or the distribution's nominal value.
    pub fn nominal(&self) -> f64 {
        match self {
            ParamValue::Fixed(v) => *v,
            ParamValue::Uncertain(d) => d.nominal(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Key;

    #[test]
    fn rejects_impossible_parameters() {
        assert!(Dist::Uniform { min: 2.0, max: 1.0 }.validated().is_err());
        assert!(
            Dist::Triangular {
                min: 0.0,
                mode: 3.0,
                max: 1.0
            }
            .validated()
            .is_err()
        );
        assert!(Dist::Normal { mean: 0.0, sd: 0.0 }.validated().is_err());
        assert!(
            Dist::Normal {
                mean: f64::NAN,
                sd: 1.0
            }
            .validated()
            .is_err()
        );
        assert!(
            Dist::Lognormal {
                median: -1.0,
                sigma: 1.0
            }
            .validated()
            .is_err()
        );
    }

    #[test]
    fn draws_stay_in_support() {
        let ds = [
            Dist::Uniform { min: 1.0, max: 2.0 },
            Dist::Triangular {
                min: 1.0,
                mode: 1.2,
                max: 2.0,
            },
            Dist::Pert {
                min: 1.0,
                mode: 1.9,
                max: 2.0,
            },
            Dist::Beta {
                alpha: 2.0,
                beta: 5.0,
                min: 1.0,
                max: 2.0,
            },
        ];
        for d in ds {
            let mut rng = Key::root(3).rng();
            let mut sum = 0.0;
            for _ in 0..20_000 {
                let x = d.sample(&mut rng);
                assert!((1.0..=2.0).contains(&x));
                sum += x;
            }
            let mean = sum / 20_000.0;
            // Means: uniform 1.5, triangular 1.4, pert (1+4*1.9+2)/6 = 1.7667, beta 1 + 2/7.
            let expect = match d {
                Dist::Uniform { .. } => 1.5,
                Dist::Triangular { .. } => 1.4,
                Dist::Pert { .. } => (1.0 + 4.0 * 1.9 + 2.0) / 6.0,
                _ => 1.0 + 2.0 / 7.0,
            };
            assert!((mean - expect).abs() < 0.01, "{d:?}: {mean} vs {expect}");
        }
    }
}
