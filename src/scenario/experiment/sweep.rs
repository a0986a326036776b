//! Reading `[sweep]`: which paths may be swept (from the key registry, with their bounds),
//! the grid or Latin-hypercube design, and the expansion of points into variants.

use toml::Value;

use super::numerics::{latin_hypercube, round_sig};
use super::{SweepDesign, find_variant, param_ref, unknown};
use crate::scenario::load::{Ctx, FieldPath, check_cross_fields};
use crate::scenario::params::KPIS;
use crate::scenario::registry::{self, COACHING_HOURS, KeyDef, MAX_SWEEP_POINTS};
use crate::scenario::{Motion, ParamRef, ParamSet, ParamValue, Team, Variant};

/// What a swept path changes in a variant.
#[derive(Clone, Debug)]
enum SweepTarget {
    /// Coaching hours of every team, or of the teams of one motion.
    Coaching(Option<Motion>),
    Lever(usize),
    RegimeWeight(Option<Motion>, usize),
    RegimeTargetLevel(Option<Motion>),
    RegimeVariableShare(Option<Motion>),
    RegimeCap(Option<Motion>),
    Param(ParamRef),
}

/// The regime keys a sweep may vary (`regime.KEY`), from their registry rows.
fn regime_rows() -> impl Iterator<Item = &'static KeyDef> {
    registry::REGIMES.iter().filter(|r| r.sweep)
}

/// Every path a sweep may vary, with the registry row that gives its bounds: variant keys,
/// `levers.NAME`, `regime.[MOTION.]weights.KPI` and `regime.[MOTION.]KEY`, and every
/// parameter path.
pub fn sweep_paths() -> Vec<(String, &'static KeyDef)> {
    let mut out: Vec<(String, &'static KeyDef)> = registry::VARIANTS
        .iter()
        .filter(|r| r.sweep)
        .map(|r| (r.key.to_string(), r))
        .collect();
    out.extend(Motion::ALL.map(|m| {
        (
            format!("{}.{}", COACHING_HOURS.key, m.name()),
            &COACHING_HOURS,
        )
    }));
    out.extend(
        registry::LEVERS
            .iter()
            .filter(|r| r.sweep)
            .map(|r| (format!("levers.{}", r.key), r)),
    );
    let motions =
        std::iter::once(String::new()).chain(Motion::ALL.map(|m| format!("{}.", m.name())));
    for m in motions {
        for k in KPIS {
            out.push((format!("regime.{m}weights.{k}"), &registry::WEIGHT_SHARE));
        }
        out.extend(regime_rows().map(|r| (format!("regime.{m}{}", r.key), r)));
    }
    out.extend(ParamSet::refs().map(|r| (r.path(), r.spec())));
    out
}

fn sweep_target(path: &str) -> Result<(SweepTarget, &'static KeyDef), String> {
    if let Some(def) = registry::VARIANTS.iter().find(|r| r.sweep && r.key == path) {
        return Ok((SweepTarget::Coaching(None), def));
    }
    if let Some(m) = path
        .strip_prefix(COACHING_HOURS.key)
        .and_then(|r| r.strip_prefix('.'))
    {
        let names = Motion::ALL.map(Motion::name);
        return match Motion::ALL.into_iter().find(|x| x.name() == m) {
            Some(motion) => Ok((SweepTarget::Coaching(Some(motion)), &COACHING_HOURS)),
            None => Err(unknown(m, &names, "the motions")),
        };
    }
    if let Some(l) = path.strip_prefix("levers.") {
        return registry::LEVERS
            .iter()
            .position(|r| r.sweep && r.key == l)
            .map(|i| (SweepTarget::Lever(i), &registry::LEVERS[i]))
            .ok_or_else(|| unknown(l, &registry::keys(registry::LEVERS), "levers"));
    }
    if let Some(rest) = path.strip_prefix("regime.") {
        let (motion, rest) = match rest.split_once('.') {
            Some((m, r)) if Motion::ALL.iter().any(|x| x.name() == m) => {
                (Motion::ALL.into_iter().find(|x| x.name() == m), r)
            }
            _ => (None, rest),
        };
        if let Some(k) = rest.strip_prefix("weights.") {
            let i = KPIS
                .iter()
                .position(|x| *x == k)
                .ok_or_else(|| unknown(k, &KPIS, "the KPIs"))?;
            return Ok((
                SweepTarget::RegimeWeight(motion, i),
                &registry::WEIGHT_SHARE,
            ));
        }
        let target = match rest {
            "target_level" => SweepTarget::RegimeTargetLevel(motion),
            "variable_share" => SweepTarget::RegimeVariableShare(motion),
            "cap" => SweepTarget::RegimeCap(motion),
            _ => SweepTarget::Coaching(None),
        };
        return match regime_rows().find(|r| r.key == rest) {
            Some(def) if !matches!(target, SweepTarget::Coaching(_)) => Ok((target, def)),
            _ => {
                let mut known = vec![registry::WEIGHT_SHARE.key];
                known.extend(regime_rows().map(|r| r.key));
                Err(unknown(rest, &known, "a regime"))
            }
        };
    }
    let r = param_ref(path)?;
    Ok((SweepTarget::Param(r), r.spec()))
}

fn apply(v: &mut Variant, teams: &[Team], target: &SweepTarget, x: f64) -> Result<(), String> {
    let matches = |m: &Option<Motion>, t: &Team| m.is_none_or(|m| m == t.motion);
    match target {
        SweepTarget::Coaching(m) => v.set_coaching(teams, |_, t| matches(m, t).then_some(x)),
        SweepTarget::Lever(i) => *v.levers.slot_mut(*i) = x,
        SweepTarget::Param(r) => {
            v.overrides.retain(|(rr, _)| rr != r);
            v.overrides.push((*r, ParamValue::Fixed(x)));
        }
        SweepTarget::RegimeWeight(m, k) => {
            for (team, regime) in teams.iter().zip(v.regimes.iter_mut()) {
                if !matches(m, team) {
                    continue;
                }
                let others: f64 = (0..KPIS.len())
                    .filter(|j| j != k)
                    .map(|j| regime.weights[j])
                    .sum();
                if others <= 0.0 && x < 1.0 {
                    return Err(format!(
                        "regime `{}` weighs only `{}`; its weight cannot be set below 1 without other KPIs",
                        regime.name, KPIS[*k]
                    ));
                }
                for j in 0..KPIS.len() {
                    regime.weights[j] = if j == *k {
                        x
                    } else if others > 0.0 {
                        regime.weights[j] * (1.0 - x) / others
                    } else {
                        0.0
                    };
                }
            }
        }
        SweepTarget::RegimeTargetLevel(m)
        | SweepTarget::RegimeVariableShare(m)
        | SweepTarget::RegimeCap(m) => {
            for (team, regime) in teams.iter().zip(v.regimes.iter_mut()) {
                if !matches(m, team) {
                    continue;
                }
                match target {
                    SweepTarget::RegimeTargetLevel(_) => regime.target_level = x,
                    SweepTarget::RegimeVariableShare(_) => regime.variable_share = x,
                    _ => regime.cap = x,
                }
            }
        }
    }
    Ok(())
}

struct Axis {
    path: String,
    target: SweepTarget,
    values: Vec<f64>,
    range: Option<(f64, f64)>,
    integer: bool,
}

#[allow(clippy::too_many_arguments)]
pub(super) fn read_sweep(
    cx: &mut Ctx,
    v: &Value,
    path: &FieldPath,
    teams: &[Team],
    params: &ParamSet,
    variants: &mut Vec<Variant>,
    seed: u64,
    fixed_capacity: bool,
) -> Option<SweepDesign> {
    let t = cx.table(v, path)?;
    cx.check_keys(t, path, &registry::keys(registry::SWEEP));
    let base = match t.get("base") {
        Some(v) => find_variant(cx, v, &path.key("base"), variants)?,
        None => variants.iter().position(|v| v.baseline).unwrap_or(0),
    };
    let design = match t.get("design") {
        Some(v) => cx.string(v, &path.key("design"))?,
        None => "grid".to_string(),
    };
    if design != "grid" && design != "lhs" {
        cx.err(
            &path.key("design"),
            format!("unknown design `{design}`; use \"grid\" or \"lhs\""),
            None,
        );
        return None;
    }
    let prefix = match t.get("prefix") {
        Some(v) => cx.string(v, &path.key("prefix"))?,
        None => "sweep".to_string(),
    };
    let Some(Value::Array(items)) = t.get("parameters") else {
        cx.err(
            path,
            "a sweep needs `[[sweep.parameters]]` entries with a `path`",
            None,
        );
        return None;
    };
    if items.is_empty() {
        cx.err(path, "a sweep needs at least one parameter", None);
        return None;
    }
    let mut axes = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let p = path.key("parameters").index(i);
        let it = cx.table(item, &p)?;
        cx.check_keys(it, &p, &registry::keys(registry::SWEEP_PARAMETER));
        let Some(pv) = it.get("path") else {
            cx.err(&p, "a swept parameter needs a `path`", None);
            return None;
        };
        let name = cx.string(pv, &p.key("path"))?;
        let (target, def) = match sweep_target(&name) {
            Ok(x) => x,
            Err(msg) => {
                cx.err(&p.key("path"), msg, None);
                return None;
            }
        };
        if let SweepTarget::Coaching(Some(m)) = target
            && !teams.iter().any(|t| t.motion == m)
        {
            cx.err(
                &p.key("path"),
                format!("no team sells `{}`, so `{name}` changes nothing", m.name()),
                None,
            );
            return None;
        }
        let (lo, hi, integer) = (def.lo, def.hi, def.integer);
        let check = |cx: &mut Ctx, x: f64, at: &FieldPath| -> Option<f64> {
            if !x.is_finite() || x < lo || x > hi {
                cx.err(
                    at,
                    format!("{x} is outside the valid range [{lo}, {hi}] of `{name}`"),
                    None,
                );
                return None;
            }
            if integer && x.fract() != 0.0 {
                cx.err(at, format!("`{name}` takes whole numbers, got {x}"), None);
                return None;
            }
            Some(x)
        };
        let mut values = Vec::new();
        let mut range = None;
        if let Some(v) = it.get("values") {
            let Value::Array(vs) = v else {
                cx.err(&p.key("values"), "`values` must be a list of numbers", None);
                return None;
            };
            for (j, x) in vs.iter().enumerate() {
                let at = p.key("values").index(j);
                let x = cx.number(x, &at)?;
                values.push(check(cx, x, &at)?);
            }
            if values.is_empty() {
                cx.err(&p.key("values"), "`values` is empty", None);
                return None;
            }
        } else {
            let (Some(f), Some(tt)) = (it.get("from"), it.get("to")) else {
                cx.err(&p, "give either `values = [...]` or `from` and `to`", None);
                return None;
            };
            let from = cx.number(f, &p.key("from"))?;
            let from = check(cx, from, &p.key("from"))?;
            let to = cx.number(tt, &p.key("to"))?;
            let to = check(cx, to, &p.key("to"))?;
            if from > to {
                cx.err(
                    &p.key("from"),
                    format!("`from` ({from}) is above `to` ({to})"),
                    None,
                );
                return None;
            }
            range = Some((from, to));
            if design == "grid" {
                let Some(sv) = it.get(registry::SWEEP_STEPS.key) else {
                    cx.err(
                        &p,
                        "a grid range needs `steps` (number of values from `from` to `to`)",
                        None,
                    );
                    return None;
                };
                let steps = cx.count_of(
                    sv,
                    &p.key(registry::SWEEP_STEPS.key),
                    &registry::SWEEP_STEPS,
                )? as usize;
                for k in 0..steps {
                    let x = if steps == 1 {
                        from
                    } else {
                        // Rounded to 12 significant digits: 0.8, not 0.7999999999999999.
                        round_sig(from + (to - from) * k as f64 / (steps - 1) as f64)
                    };
                    values.push(if integer { x.round() } else { x });
                }
            }
        }
        if design == "lhs" && range.is_none() {
            cx.err(
                &p,
                "a Latin-hypercube sweep needs `from` and `to` for every parameter",
                None,
            );
            return None;
        }
        axes.push(Axis {
            path: name,
            target,
            values,
            range,
            integer,
        });
    }
    // Expand the design into points.
    let points: Vec<Vec<f64>> = if design == "grid" {
        let total: usize = axes.iter().map(|a| a.values.len()).product();
        if total > MAX_SWEEP_POINTS {
            cx.err(
                path,
                format!("the grid has {total} points; at most {MAX_SWEEP_POINTS}"),
                None,
            );
            return None;
        }
        let mut pts = vec![Vec::new()];
        for a in &axes {
            let mut next = Vec::with_capacity(pts.len() * a.values.len());
            for p in &pts {
                for &x in &a.values {
                    let mut q = p.clone();
                    q.push(x);
                    next.push(q);
                }
            }
            pts = next;
        }
        pts
    } else {
        let Some(nv) = t.get(registry::SWEEP_POINTS.key) else {
            cx.err(path, "a Latin-hypercube sweep needs `points`", None);
            return None;
        };
        let n = cx.count_of(
            nv,
            &path.key(registry::SWEEP_POINTS.key),
            &registry::SWEEP_POINTS,
        )? as usize;
        let ranges: Vec<(Option<(f64, f64)>, bool)> =
            axes.iter().map(|a| (a.range, a.integer)).collect();
        latin_hypercube(&ranges, n, seed)
    };
    // Each point is a copy of the base variant with the swept values applied.
    let mut out = Vec::new();
    let names: std::collections::HashSet<String> =
        variants.iter().map(|v| v.name.clone()).collect();
    let digits = points.len().to_string().len().max(2);
    for (k, values) in points.into_iter().enumerate() {
        let mut v = variants[base].clone();
        v.baseline = false;
        v.name = format!("{prefix}-{:0digits$}", k + 1);
        if names.contains(&v.name) {
            cx.err(
                &path.key("prefix"),
                format!(
                    "sweep point name `{}` is already a variant name; set another `prefix`",
                    v.name
                ),
                None,
            );
            return None;
        }
        v.description = axes
            .iter()
            .zip(&values)
            .map(|(a, x)| format!("{}={}", a.path, x))
            .collect::<Vec<_>>()
            .join(", ");
        for (i, (a, &x)) in axes.iter().zip(&values).enumerate() {
            if let Err(msg) = apply(&mut v, teams, &a.target, x) {
                cx.err(&path.key("parameters").index(i), msg, None);
                return None;
            }
        }
        let vp = params.with_overrides(&v.overrides);
        let before = cx.errors.len();
        // The same checks as a listed variant's (a swept skill_mean or skill_sd could
        // otherwise give reps no skill spread), reported at the swept parameters.
        let at = path.key("parameters");
        check_cross_fields(
            cx,
            teams,
            &vp,
            &v,
            fixed_capacity,
            |_| Some(at.clone()),
            &at,
        );
        if cx.errors.len() > before {
            return None;
        }
        out.push((variants.len(), values));
        variants.push(v);
    }
    Some(SweepDesign {
        parameters: axes.into_iter().map(|a| a.path).collect(),
        design,
        points: out,
    })
}

#[cfg(test)]
mod tests {
    use crate::scenario::load_str;

    #[test]
    fn grid_sweep_expands_into_variants() {
        let s = load_str(
            r#"
[[variants]]
name = "base"
baseline = true
[[variants]]
name = "spm"
regime = "balanced"
[sweep]
base = "spm"
[[sweep.parameters]]
path = "coaching_hours"
from = 0.0
to = 2.0
steps = 5
[[sweep.parameters]]
path = "levers.winloss"
values = [0, 1]
"#,
            "t.toml",
            "t",
        )
        .unwrap();
        let sw = s.design.sweep.as_ref().unwrap();
        assert_eq!(sw.points.len(), 10);
        assert_eq!(s.variants.len(), 12);
        let (vi, vals) = &sw.points[9];
        assert_eq!(vals, &vec![2.0, 1.0]);
        assert_eq!(s.variants[*vi].coaching_hours, 2.0);
        assert_eq!(s.variants[*vi].levers.winloss, 1.0);
        assert_eq!(s.variants[*vi].regimes[0].name, "activity");
    }

    #[test]
    fn sweep_points_respect_the_manager_budget() {
        let e = load_str(
            "[economics]\nmanager_capacity = \"fixed\"\n[sweep]\n[[sweep.parameters]]\npath = \"coaching_hours\"\nvalues = [1, 3]\n",
            "t.toml",
            "t",
        )
        .unwrap_err();
        assert!(e.to_string().contains("over by"), "{e}");
    }
}
