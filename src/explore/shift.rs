//! Moving an assumption's centre: a distribution shifted so that its nominal value is where
//! the page's slider is, and the small number helpers of the assumption controls.

use crate::lang::Lang;
use crate::scenario::{Dist, ParamValue};
use toml::Value;

/// Centre of an uncertain parameter as the page shows it (the distribution's nominal value,
/// docs/model.md section 9).
pub fn centre(v: &ParamValue) -> f64 {
    v.nominal()
}

/// The distribution moved so that its centre is `to` (location shift; a log-normal is scaled,
/// keeping its log-scale spread). Bounds are not clamped: the loader says when a shifted
/// distribution leaves the parameter's valid range.
pub fn shifted(d: &Dist, to: f64) -> toml::Table {
    let d0 = d.nominal();
    let s = to - d0;
    let mut t = toml::Table::new();
    let mut put = |k: &str, x: f64| {
        t.insert(k.into(), Value::Float(tidy(x)));
    };
    let kind = match *d {
        Dist::Normal { mean, sd } => {
            put("mean", mean + s);
            put("sd", sd);
            "normal"
        }
        Dist::Lognormal { median, sigma } => {
            put("median", if d0 > 0.0 { median * to / d0 } else { to });
            put("sigma", sigma);
            "lognormal"
        }
        Dist::Uniform { min, max } => {
            put("min", min + s);
            put("max", max + s);
            "uniform"
        }
        Dist::Triangular { min, mode, max } | Dist::Pert { min, mode, max } => {
            put("min", min + s);
            put("mode", mode + s);
            put("max", max + s);
            if matches!(d, Dist::Pert { .. }) {
                "pert"
            } else {
                "triangular"
            }
        }
        Dist::Beta {
            alpha,
            beta,
            min,
            max,
        } => {
            put("alpha", alpha);
            put("beta", beta);
            put("min", min + s);
            put("max", max + s);
            "beta"
        }
    };
    t.insert("dist".into(), Value::String(kind.into()));
    t
}

/// `x` to 12 significant digits, so that a shifted bound reads `0.0466` rather than
/// `0.04666000000000001`.
pub(super) fn tidy(x: f64) -> f64 {
    format!("{x:.11e}").parse().unwrap_or(x)
}

/// A slider step near a hundredth of `span`: 1, 2 or 5 times a power of ten.
pub(super) fn nice_step(span: f64) -> f64 {
    let raw = (span / 100.0).max(1e-12);
    let p = 10f64.powf(raw.log10().floor());
    let m = raw / p;
    tidy(
        p * if m < 2.0 {
            1.0
        } else if m < 5.0 {
            2.0
        } else {
            5.0
        },
    )
}

pub(super) fn describe(d: &Dist, lang: Lang) -> String {
    let n = |x: f64| lang.number(x, 3);
    match *d {
        Dist::Normal { mean, sd } => format!("normal({}, sd {})", n(mean), n(sd)),
        Dist::Lognormal { median, sigma } => {
            format!("lognormal({}, σ {})", n(median), n(sigma))
        }
        Dist::Uniform { min, max } => format!("uniform {} – {}", n(min), n(max)),
        Dist::Triangular { min, mode, max } => {
            format!("triangular {} – {} – {}", n(min), n(mode), n(max))
        }
        Dist::Pert { min, mode, max } => format!("PERT {} – {} – {}", n(min), n(mode), n(max)),
        Dist::Beta {
            alpha,
            beta,
            min,
            max,
        } => format!("beta({}, {}) on {} – {}", n(alpha), n(beta), n(min), n(max)),
    }
}
