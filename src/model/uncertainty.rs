//! Drawing the uncertain parameters of a trial: each by inverse-CDF from a uniform keyed by
//! its path (the same in every variant), with an optional Gaussian copula that correlates
//! selected inputs (docs/model.md section 9, "Uncertain parameters" and "Correlated inputs").

use std::sync::OnceLock;

use statrs::distribution::{Beta, ContinuousCDF, LogNormal, Normal, Triangular, Uniform};

use crate::rng::{Key, Purpose, hash_str};
use crate::scenario::experiment::Correlation;
use crate::scenario::{
    Constants, Dist, GlobalParams, MotionParams, ParamRef, ParamSet, ParamValue,
};

use super::world::Resolved;

/// Every parameter reference with the hash of its path, computed once.
fn refs() -> &'static [(ParamRef, u64)] {
    static REFS: OnceLock<Vec<(ParamRef, u64)>> = OnceLock::new();
    REFS.get_or_init(|| ParamSet::refs().map(|r| (r, hash_str(&r.path()))).collect())
}

/// The `p` quantile of a distribution (inverse CDF), `p` in (0, 1).
pub fn quantile(d: &Dist, p: f64) -> f64 {
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    let q = match *d {
        Dist::Normal { mean, sd } => Normal::new(mean, sd).map(|n| n.inverse_cdf(p)).ok(),
        Dist::Lognormal { median, sigma } => LogNormal::new(median.ln(), sigma)
            .map(|n| n.inverse_cdf(p))
            .ok(),
        Dist::Uniform { min, max } => Uniform::new(min, max).map(|n| n.inverse_cdf(p)).ok(),
        Dist::Triangular { min, mode, max } => Triangular::new(min, max, mode)
            .map(|n| n.inverse_cdf(p))
            .ok(),
        Dist::Pert { min, mode, max } => {
            let a = 1.0 + 4.0 * (mode - min) / (max - min);
            let b = 1.0 + 4.0 * (max - mode) / (max - min);
            Beta::new(a, b)
                .map(|n| min + (max - min) * n.inverse_cdf(p))
                .ok()
        }
        Dist::Beta {
            alpha,
            beta,
            min,
            max,
        } => Beta::new(alpha, beta)
            .map(|n| min + (max - min) * n.inverse_cdf(p))
            .ok(),
    };
    q.unwrap_or_else(|| d.nominal())
}

/// Standard normal CDF.
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * statrs::function::erf::erfc(-x / std::f64::consts::SQRT_2)
}

/// The uniform that decides parameter `r` in the trial keyed by `trial_key`, with the
/// copula applied when the parameter is correlated.
fn uniforms(trial_key: Key, corr: Option<&Correlation>) -> Vec<(ParamRef, f64)> {
    let base = trial_key.purpose(Purpose::Parameter);
    let mut u: Vec<(ParamRef, f64)> = refs()
        .iter()
        .map(|&(r, h)| (r, base.with(h).uniform().max(f64::MIN_POSITIVE)))
        .collect();
    if let Some(c) = corr {
        let z: Vec<f64> = c
            .parameters
            .iter()
            .map(|r| {
                let ui = u.iter().find(|(rr, _)| rr == r).map_or(0.5, |x| x.1);
                crate::stats::normal_quantile(ui)
            })
            .collect();
        for (i, r) in c.parameters.iter().enumerate() {
            let y: f64 = (0..=i).map(|k| c.cholesky[i][k] * z[k]).sum();
            if let Some(slot) = u.iter_mut().find(|(rr, _)| rr == r) {
                slot.1 = normal_cdf(y);
            }
        }
    }
    u
}

/// Draw every parameter of `set` for one trial.
pub fn draw(set: &ParamSet, trial_key: Key, corr: Option<&Correlation>) -> Resolved {
    let mut r = Resolved {
        motion: [MotionParams::defaults(0), MotionParams::defaults(1)],
        global: GlobalParams::defaults(0),
        constants: Constants::DEFAULT,
    };
    let any_uncertain = refs()
        .iter()
        .any(|(pr, _)| matches!(set.get(*pr), ParamValue::Uncertain(_)));
    let u = if any_uncertain {
        uniforms(trial_key, corr)
    } else {
        Vec::new()
    };
    for (i, &(pr, _)) in refs().iter().enumerate() {
        let v = match set.get(pr) {
            ParamValue::Fixed(x) => *x,
            ParamValue::Uncertain(d) => {
                let spec = pr.spec();
                quantile(d, u[i].1).clamp(spec.lo, spec.hi)
            }
        };
        match pr {
            ParamRef::Motion(m, i) => *r.motion[m.index()].slot_mut(i) = v,
            ParamRef::Global(i) => *r.global.slot_mut(i) = v,
            ParamRef::Constant(i) => *r.constants.slot_mut(i) = v,
        }
    }
    r
}

/// The value parameter `r` takes in a drawn trial.
pub fn value_of(res: &Resolved, r: ParamRef) -> f64 {
    match r {
        ParamRef::Motion(m, i) => res.motion[m.index()].slot(i),
        ParamRef::Global(i) => res.global.slot(i),
        ParamRef::Constant(i) => res.constants.slot(i),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_known_values() {
        let n = Dist::Normal { mean: 1.0, sd: 2.0 };
        assert!((quantile(&n, 0.975) - (1.0 + 2.0 * 1.959_964)).abs() < 1e-4);
        let t = Dist::Triangular {
            min: 0.0,
            mode: 0.0,
            max: 1.0,
        };
        // CDF 1 - (1 - x)^2: median 1 - sqrt(0.5).
        assert!((quantile(&t, 0.5) - (1.0 - 0.5f64.sqrt())).abs() < 1e-9);
        let u = Dist::Uniform { min: 2.0, max: 4.0 };
        assert!((quantile(&u, 0.25) - 2.5).abs() < 1e-12);
        let l = Dist::Lognormal {
            median: 3.0,
            sigma: 0.5,
        };
        assert!((quantile(&l, 0.5) - 3.0).abs() < 1e-9);
        assert!((normal_cdf(1.959_964) - 0.975).abs() < 1e-6);
    }

    #[test]
    fn copula_induces_the_asked_rank_correlation() {
        use crate::scenario::experiment::validate_correlation;
        use crate::scenario::{Motion, load_str};
        let s = load_str(
            r#"
[complex]
loss_per_week = { dist = "uniform", min = 0.01, max = 0.03 }
contact_hours = { dist = "uniform", min = 2.0, max = 4.0 }
[correlation]
parameters = ["complex.loss_per_week", "complex.contact_hours"]
matrix = [[1.0, 0.6], [0.6, 1.0]]
"#,
            "t.toml",
            "t",
        )
        .unwrap();
        let c = s.design.correlation.clone().unwrap();
        assert!(validate_correlation(&c.rank_matrix).is_ok());
        let a = ParamRef::Motion(
            Motion::Complex,
            MotionParams::index_of("loss_per_week").unwrap(),
        );
        let b = ParamRef::Motion(
            Motion::Complex,
            MotionParams::index_of("contact_hours").unwrap(),
        );
        let n = 4000;
        let (mut xa, mut xb) = (Vec::new(), Vec::new());
        for t in 0..n {
            let r = draw(&s.params, Key::root(1).with(t), Some(&c));
            xa.push(value_of(&r, a));
            xb.push(value_of(&r, b));
        }
        let rho = crate::stats::spearman(&xa, &xb);
        assert!((rho - 0.6).abs() < 0.05, "spearman {rho}");
        // Without the copula they are independent.
        let (mut ya, mut yb) = (Vec::new(), Vec::new());
        for t in 0..n {
            let r = draw(&s.params, Key::root(1).with(t), None);
            ya.push(value_of(&r, a));
            yb.push(value_of(&r, b));
        }
        assert!(crate::stats::spearman(&ya, &yb).abs() < 0.05);
    }
}
