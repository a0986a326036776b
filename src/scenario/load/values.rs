//! Reading a parameter value: a number in its registry row's range, or a distribution whose
//! centre (and, when bounded, whose whole support) lies in it.

use toml::Value;

use super::ctx::{Ctx, FieldPath, suggest};
use crate::scenario::dist::{DIST_KINDS, Dist, ParamValue};
use crate::scenario::registry::KeyDef;

impl Ctx<'_> {
    /// A parameter value: a number in the spec's range or a distribution within it.
    pub(crate) fn param(
        &mut self,
        v: &Value,
        path: &FieldPath,
        spec: &KeyDef,
    ) -> Option<ParamValue> {
        if let Value::Table(t) = v {
            if spec.integer {
                self.err(
                    path,
                    "must be a fixed whole number; it cannot be a distribution",
                    None,
                );
                return None;
            }
            if !spec.dist {
                self.err(
                    path,
                    "must be a fixed number; it cannot be a distribution",
                    None,
                );
                return None;
            }
            let d = self.dist(t, path)?;
            let (lo, hi) = d.support();
            let bounded = !matches!(d, Dist::Normal { .. } | Dist::Lognormal { .. });
            if bounded && (lo < spec.lo || hi > spec.hi) {
                self.err(
                    path,
                    format!(
                        "the distribution's range [{lo}, {hi}] goes outside the valid range [{}, {}]",
                        spec.lo, spec.hi
                    ),
                    None,
                );
                return None;
            }
            let nominal = d.nominal();
            if nominal < spec.lo || nominal > spec.hi {
                self.err(
                    path,
                    format!(
                        "the distribution's centre {nominal} is outside the valid range [{}, {}]",
                        spec.lo, spec.hi
                    ),
                    Some("draws outside the range are clamped to it".into()),
                );
                return None;
            }
            return Some(ParamValue::Uncertain(d));
        }
        let x = self.number(v, path)?;
        if x < spec.lo || x > spec.hi {
            let hint = crate::scenario::registry::plausible::percent_hint(spec, x).map_or_else(
                || format!("unit: {}", spec.unit),
                |y| format!("unit: {}; did you mean {y}?", spec.unit),
            );
            self.err(
                path,
                format!("{x} is outside the valid range [{}, {}]", spec.lo, spec.hi),
                Some(hint),
            );
            return None;
        }
        if spec.integer && x.fract() != 0.0 {
            self.err(path, format!("must be a whole number, got {x}"), None);
            return None;
        }
        self.check_plausible(path, spec, x);
        Some(ParamValue::Fixed(x))
    }

    pub(crate) fn dist(&mut self, t: &toml::Table, path: &FieldPath) -> Option<Dist> {
        let Some(kind_v) = t.get("dist") else {
            self.err(
                path,
                "a distribution needs a `dist` key",
                Some(format!("one of: {}", DIST_KINDS.join(", "))),
            );
            return None;
        };
        let kind = self.string(kind_v, &path.key("dist"))?;
        let keys: &[&str] = match kind.as_str() {
            "normal" => &["dist", "mean", "sd"],
            "lognormal" => &["dist", "median", "sigma"],
            "uniform" => &["dist", "min", "max"],
            "triangular" | "pert" => &["dist", "min", "mode", "max"],
            "beta" => &["dist", "alpha", "beta", "min", "max"],
            other => {
                let hint = suggest(other, &DIST_KINDS)
                    .map(|s| format!("did you mean `{s}`?"))
                    .or_else(|| Some(format!("one of: {}", DIST_KINDS.join(", "))));
                self.err(
                    &path.key("dist"),
                    format!("unknown distribution `{other}`"),
                    hint,
                );
                return None;
            }
        };
        let before = self.errors.len();
        self.check_keys(t, path, keys);
        let get = |cx: &mut Self, k: &str, default: Option<f64>| -> f64 {
            match t.get(k) {
                Some(v) => cx.number(v, &path.key(k)).unwrap_or(f64::NAN),
                None => default.unwrap_or_else(|| {
                    cx.err(path, format!("`{kind}` distribution needs `{k}`"), None);
                    f64::NAN
                }),
            }
        };
        let d = match kind.as_str() {
            "normal" => Dist::Normal {
                mean: get(self, "mean", None),
                sd: get(self, "sd", None),
            },
            "lognormal" => Dist::Lognormal {
                median: get(self, "median", None),
                sigma: get(self, "sigma", None),
            },
            "uniform" => Dist::Uniform {
                min: get(self, "min", None),
                max: get(self, "max", None),
            },
            "triangular" => Dist::Triangular {
                min: get(self, "min", None),
                mode: get(self, "mode", None),
                max: get(self, "max", None),
            },
            "pert" => Dist::Pert {
                min: get(self, "min", None),
                mode: get(self, "mode", None),
                max: get(self, "max", None),
            },
            _ => Dist::Beta {
                alpha: get(self, "alpha", None),
                beta: get(self, "beta", None),
                min: get(self, "min", Some(0.0)),
                max: get(self, "max", Some(1.0)),
            },
        };
        if self.errors.len() > before {
            return None;
        }
        match d.validated() {
            Ok(d) => Some(d),
            Err(msg) => {
                self.err(path, format!("impossible {kind} distribution: {msg}"), None);
                None
            }
        }
    }
}
