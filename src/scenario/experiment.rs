//! Experiment designs beyond a list of variants: a decision threshold, parameter sweeps
//! (full grid or Latin hypercube), sensitivity to uncertain inputs, and rank correlation
//! between uncertain inputs. Parsed from `[decision]`, `[sweep]`, `[sensitivity]` and
//! `[correlation]`; sweep points become ordinary variants compared with the baseline.

use serde::Serialize;
use toml::Value;

use super::load::{Ctx, FieldPath, check_budget, suggest};
use super::params::{GLOBAL_GROUPS, GlobalParams, KPIS, LEVERS, MotionParams, global_group};
use super::{Motion, ParamRef, ParamSet, ParamValue, Team, Variant};
use crate::rng::Key;

/// Largest number of sweep points.
pub const MAX_SWEEP_POINTS: usize = 5_000;

/// Everything beyond the variant list; every part is optional.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Design {
    /// "Is the change at least this large?"
    pub threshold: Option<Threshold>,
    /// The sweep, whose points are the variants listed in it.
    pub sweep: Option<SweepDesign>,
    /// Sensitivity analysis of one output.
    pub sensitivity: Option<SensitivitySpec>,
    /// Rank correlation between uncertain inputs.
    pub correlation: Option<Correlation>,
}

/// A decision threshold on a paired change vs the baseline.
#[derive(Clone, Debug, Serialize)]
pub struct Threshold {
    /// `revenue_pct`, `operating_margin_pp`, or a metric name.
    pub metric: String,
    /// Threshold of the change.
    pub value: f64,
}

/// A sweep after expansion.
#[derive(Clone, Debug, Serialize)]
pub struct SweepDesign {
    /// Swept paths, as written.
    pub parameters: Vec<String>,
    /// `grid` or `lhs`.
    pub design: String,
    /// (variant index, values) per point.
    pub points: Vec<(usize, Vec<f64>)>,
}

/// What a sensitivity analysis reports on.
#[derive(Clone, Debug, Serialize)]
pub struct SensitivitySpec {
    /// A metric name, or `revenue_pct` / `operating_margin_pp` (change vs the baseline).
    pub output: String,
    /// Index of the variant the output is read from.
    pub variant: usize,
    /// Trials of each one-at-a-time run.
    pub trials: u64,
}

/// A rank-correlation structure between uncertain inputs (Gaussian copula).
#[derive(Clone, Debug, Serialize)]
pub struct Correlation {
    /// The correlated parameters.
    pub parameters: Vec<ParamRef>,
    /// Rank (Spearman) correlation matrix as given.
    pub rank_matrix: Vec<Vec<f64>>,
    /// Lower Cholesky factor of the normal-scale correlation `2 sin(pi r / 6)`.
    pub cholesky: Vec<Vec<f64>>,
}

/// Names a threshold, precision target or sensitivity output may use besides metric names.
pub const CHANGE_NAMES: [&str; 2] = ["revenue_pct", "operating_margin_pp"];

/// Whether `name` is a valid output or threshold metric.
pub fn is_output_name(name: &str) -> bool {
    CHANGE_NAMES.contains(&name) || crate::metrics::metric_index(name).is_some()
}

fn output_names() -> Vec<&'static str> {
    let mut v: Vec<&str> = CHANGE_NAMES.to_vec();
    v.extend(crate::metrics::METRICS.iter().map(|m| m.name));
    v
}

/// Resolve a parameter path such as `complex.loss_per_week` or `economics.hiring_cost`.
pub fn param_ref(path: &str) -> Result<ParamRef, String> {
    let (table, key) = path
        .split_once('.')
        .ok_or_else(|| format!("`{path}` is not a parameter path like `complex.loss_per_week`"))?;
    let motion = match table {
        "traditional" => Some(Motion::Traditional),
        "complex" => Some(Motion::Complex),
        _ => None,
    };
    if let Some(m) = motion {
        let keys: Vec<&str> = MotionParams::SPECS.iter().map(|s| s.key).collect();
        return MotionParams::index_of(key)
            .map(|i| ParamRef::Motion(m, i))
            .ok_or_else(|| unknown(key, &keys, table));
    }
    if GLOBAL_GROUPS.contains(&table) {
        let keys: Vec<&str> = GlobalParams::SPECS
            .iter()
            .filter(|s| global_group(s.key) == table)
            .map(|s| s.key)
            .collect();
        return GlobalParams::index_of(key)
            .filter(|&i| global_group(GlobalParams::SPECS[i].key) == table)
            .map(ParamRef::Global)
            .ok_or_else(|| unknown(key, &keys, table));
    }
    let mut tables = vec!["traditional", "complex"];
    tables.extend(GLOBAL_GROUPS);
    Err(unknown(table, &tables, "the scenario"))
}

fn unknown(word: &str, known: &[&str], place: &str) -> String {
    match suggest(word, known) {
        Some(s) => format!("no parameter `{word}` in {place}; did you mean `{s}`?"),
        None => format!("no parameter `{word}` in {place}"),
    }
}

/// Read the experiment design sections, appending sweep points to `variants`.
pub(super) fn read(
    cx: &mut Ctx,
    root: &toml::Table,
    teams: &[Team],
    params: &ParamSet,
    variants: &mut Vec<Variant>,
    seed: u64,
) -> Option<Design> {
    let top = FieldPath::default();
    let mut d = Design::default();
    if let Some(v) = root.get("decision") {
        d.threshold = read_decision(cx, v, &top.key("decision"));
    }
    if let Some(v) = root.get("correlation") {
        d.correlation = read_correlation(cx, v, &top.key("correlation"), params);
    }
    if let Some(v) = root.get("sweep") {
        d.sweep = read_sweep(cx, v, &top.key("sweep"), teams, params, variants, seed);
    }
    if let Some(v) = root.get("sensitivity") {
        d.sensitivity = read_sensitivity(cx, v, &top.key("sensitivity"), variants, root);
    }
    Some(d)
}

/// The index of the variant named by `v`, or an error with a suggestion.
fn find_variant(cx: &mut Ctx, v: &Value, path: &FieldPath, variants: &[Variant]) -> Option<usize> {
    let name = cx.string(v, path)?;
    let found = variants.iter().position(|x| x.name == name);
    if found.is_none() {
        let known: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        let hint = suggest(&name, &known).map(|s| format!("did you mean `{s}`?"));
        cx.err(path, format!("no variant named `{name}`"), hint);
    }
    found
}

fn read_output(cx: &mut Ctx, v: &Value, path: &FieldPath) -> Option<String> {
    let name = cx.string(v, path)?;
    if is_output_name(&name) {
        return Some(name);
    }
    let known = output_names();
    let hint = suggest(&name, &known).map(|s| format!("did you mean `{s}`?"));
    cx.err(path, format!("unknown output `{name}`"), hint);
    None
}

fn read_decision(cx: &mut Ctx, v: &Value, path: &FieldPath) -> Option<Threshold> {
    let t = cx.table(v, path)?;
    cx.check_keys(t, path, &["metric", "threshold"]);
    let metric = match t.get("metric") {
        Some(v) => read_output(cx, v, &path.key("metric"))?,
        None => "revenue_pct".to_string(),
    };
    let Some(tv) = t.get("threshold") else {
        cx.err(
            path,
            "a decision needs a `threshold` (e.g. 10 for revenue +10 %)",
            None,
        );
        return None;
    };
    let value = cx.number(tv, &path.key("threshold"))?;
    Some(Threshold { metric, value })
}

fn read_sensitivity(
    cx: &mut Ctx,
    v: &Value,
    path: &FieldPath,
    variants: &[Variant],
    root: &toml::Table,
) -> Option<SensitivitySpec> {
    let t = cx.table(v, path)?;
    cx.check_keys(t, path, &["output", "variant", "trials"]);
    let output = match t.get("output") {
        Some(v) => read_output(cx, v, &path.key("output"))?,
        None => "revenue".to_string(),
    };
    let change = CHANGE_NAMES.contains(&output.as_str());
    let variant = match t.get("variant") {
        Some(v) => find_variant(cx, v, &path.key("variant"), variants)?,
        None if change => match variants.iter().position(|v| !v.baseline) {
            Some(i) => i,
            None => {
                cx.err(path, format!("`{output}` is a change vs the baseline: the experiment needs a second variant"), None);
                return None;
            }
        },
        None => variants.iter().position(|v| v.baseline).unwrap_or(0),
    };
    if change && variants[variant].baseline {
        cx.err(
            &path.key("variant"),
            format!(
                "`{output}` is a change vs the baseline; pick a variant other than the baseline"
            ),
            None,
        );
        return None;
    }
    let run_trials = root
        .get("run")
        .and_then(|r| r.get("trials"))
        .and_then(|t| t.as_integer())
        .map_or(500, |t| t.max(1) as u64);
    let trials = match t.get("trials") {
        Some(v) => cx.integer_in(v, &path.key("trials"), 2, 1_000_000)? as u64,
        None => run_trials.clamp(2, 200),
    };
    Some(SensitivitySpec {
        output,
        variant,
        trials,
    })
}

fn read_correlation(
    cx: &mut Ctx,
    v: &Value,
    path: &FieldPath,
    params: &ParamSet,
) -> Option<Correlation> {
    let t = cx.table(v, path)?;
    cx.check_keys(t, path, &["parameters", "matrix"]);
    let Some(Value::Array(names)) = t.get("parameters") else {
        cx.err(path, "`parameters` must be a list of parameter paths", None);
        return None;
    };
    let mut refs = Vec::new();
    for (i, n) in names.iter().enumerate() {
        let p = path.key("parameters").index(i);
        let name = cx.string(n, &p)?;
        match param_ref(&name) {
            Ok(r) => {
                if !matches!(params.get(r), ParamValue::Uncertain(_)) {
                    cx.err(
                        &p,
                        format!("`{name}` is a fixed number; only uncertain inputs (distributions) can be correlated"),
                        None,
                    );
                    return None;
                }
                if refs.contains(&r) {
                    cx.err(&p, format!("`{name}` is listed twice"), None);
                    return None;
                }
                refs.push(r);
            }
            Err(msg) => {
                cx.err(&p, msg, None);
                return None;
            }
        }
    }
    let n = refs.len();
    if n < 2 {
        cx.err(path, "correlation needs at least two parameters", None);
        return None;
    }
    let mpath = path.key("matrix");
    let Some(Value::Array(rows)) = t.get("matrix") else {
        cx.err(
            &mpath,
            format!("`matrix` must be a {n} x {n} list of lists"),
            None,
        );
        return None;
    };
    if rows.len() != n {
        cx.err(
            &mpath,
            format!(
                "`matrix` has {} rows; it needs {n}, one per parameter",
                rows.len()
            ),
            None,
        );
        return None;
    }
    let mut m = vec![vec![0.0; n]; n];
    for (i, row) in rows.iter().enumerate() {
        let Value::Array(cells) = row else {
            cx.err(&mpath.index(i), "each row must be a list of numbers", None);
            return None;
        };
        if cells.len() != n {
            cx.err(
                &mpath.index(i),
                format!("row {} has {} entries; it needs {n}", i + 1, cells.len()),
                None,
            );
            return None;
        }
        for (j, c) in cells.iter().enumerate() {
            m[i][j] = cx.number_in(c, &mpath.index(i).index(j), -1.0, 1.0)?;
        }
    }
    match validate_correlation(&m) {
        Ok(cholesky) => Some(Correlation {
            parameters: refs,
            rank_matrix: m,
            cholesky,
        }),
        Err(msg) => {
            cx.err(
                &mpath,
                format!("not a valid correlation matrix: {msg}"),
                None,
            );
            None
        }
    }
}

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

/// What a swept path changes in a variant.
#[derive(Clone, Debug)]
enum SweepTarget {
    Coaching,
    Lever(&'static str),
    RegimeWeight(Option<Motion>, usize),
    RegimeTargetLevel(Option<Motion>),
    RegimeVariableShare(Option<Motion>),
    RegimeCap(Option<Motion>),
    Param(ParamRef),
}

fn sweep_target(path: &str) -> Result<(SweepTarget, f64, f64, bool), String> {
    if path == "coaching_hours" {
        return Ok((SweepTarget::Coaching, 0.0, 40.0, false));
    }
    if let Some(l) = path.strip_prefix("levers.") {
        return LEVERS
            .iter()
            .find(|x| **x == l)
            .map(|x| (SweepTarget::Lever(x), 0.0, 1.0, false))
            .ok_or_else(|| unknown(l, &LEVERS, "levers"));
    }
    if let Some(rest) = path.strip_prefix("regime.") {
        let (motion, rest) = match rest.split_once('.') {
            Some(("traditional", r)) => (Some(Motion::Traditional), r),
            Some(("complex", r)) => (Some(Motion::Complex), r),
            _ => (None, rest),
        };
        if let Some(k) = rest.strip_prefix("weights.") {
            let i = KPIS
                .iter()
                .position(|x| *x == k)
                .ok_or_else(|| unknown(k, &KPIS, "the KPIs"))?;
            return Ok((SweepTarget::RegimeWeight(motion, i), 0.0, 1.0, false));
        }
        return match rest {
            "target_level" => Ok((SweepTarget::RegimeTargetLevel(motion), 0.1, 10.0, false)),
            "variable_share" => Ok((SweepTarget::RegimeVariableShare(motion), 0.0, 10.0, false)),
            "cap" => Ok((SweepTarget::RegimeCap(motion), 0.0, 100.0, false)),
            other => Err(unknown(
                other,
                &["weights.KPI", "target_level", "variable_share", "cap"],
                "a regime",
            )),
        };
    }
    let r = param_ref(path)?;
    let spec = r.spec();
    Ok((SweepTarget::Param(r), spec.lo, spec.hi, spec.integer))
}

fn apply(v: &mut Variant, teams: &[Team], target: &SweepTarget, x: f64) -> Result<(), String> {
    let matches = |m: &Option<Motion>, t: &Team| m.is_none_or(|m| m == t.motion);
    match target {
        SweepTarget::Coaching => v.coaching_hours = x,
        SweepTarget::Lever(name) => {
            if let Some(slot) = v.levers.get_mut(name) {
                *slot = x;
            }
        }
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
fn read_sweep(
    cx: &mut Ctx,
    v: &Value,
    path: &FieldPath,
    teams: &[Team],
    params: &ParamSet,
    variants: &mut Vec<Variant>,
    seed: u64,
) -> Option<SweepDesign> {
    let t = cx.table(v, path)?;
    cx.check_keys(
        t,
        path,
        &["base", "design", "points", "parameters", "prefix"],
    );
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
        cx.check_keys(it, &p, &["path", "values", "from", "to", "steps"]);
        let Some(pv) = it.get("path") else {
            cx.err(&p, "a swept parameter needs a `path`", None);
            return None;
        };
        let name = cx.string(pv, &p.key("path"))?;
        let (target, lo, hi, integer) = match sweep_target(&name) {
            Ok(x) => x,
            Err(msg) => {
                cx.err(&p.key("path"), msg, None);
                return None;
            }
        };
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
                let Some(sv) = it.get("steps") else {
                    cx.err(
                        &p,
                        "a grid range needs `steps` (number of values from `from` to `to`)",
                        None,
                    );
                    return None;
                };
                let steps =
                    cx.integer_in(sv, &p.key("steps"), 1, MAX_SWEEP_POINTS as i64)? as usize;
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
        let Some(nv) = t.get("points") else {
            cx.err(path, "a Latin-hypercube sweep needs `points`", None);
            return None;
        };
        let n = cx.integer_in(nv, &path.key("points"), 2, MAX_SWEEP_POINTS as i64)? as usize;
        latin_hypercube(&axes, n, seed)
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
        let mut vp = params.clone();
        for (r, val) in &v.overrides {
            *vp.get_mut(*r) = val.clone();
        }
        let before = cx.errors.len();
        check_budget(
            cx,
            &path.key("parameters"),
            teams,
            &vp,
            v.coaching_hours,
            &v.levers,
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

/// Round to 12 significant digits.
fn round_sig(x: f64) -> f64 {
    // Through decimal text, so that tiny and huge values cannot overflow a scale factor.
    format!("{x:.11e}").parse().unwrap_or(x)
}

/// A Latin-hypercube sample of `n` points over the axes' ranges, keyed by the run seed.
fn latin_hypercube(axes: &[Axis], n: usize, seed: u64) -> Vec<Vec<f64>> {
    let root = Key::root(seed).with(0x4C48_5300_0000_0000);
    let mut cols = Vec::new();
    for (j, a) in axes.iter().enumerate() {
        let (from, to) = a.range.unwrap_or((0.0, 0.0));
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
                if a.integer { x.round() } else { x }
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
    fn lhs_covers_every_stratum_once() {
        let axes = vec![Axis {
            path: "x".into(),
            target: SweepTarget::Coaching,
            values: vec![],
            range: Some((0.0, 1.0)),
            integer: false,
        }];
        let pts = latin_hypercube(&axes, 20, 7);
        let mut strata: Vec<usize> = pts.iter().map(|p| (p[0] * 20.0) as usize).collect();
        strata.sort();
        assert_eq!(strata, (0..20).collect::<Vec<_>>());
    }

    #[test]
    fn sweep_points_respect_the_manager_budget() {
        let e = load_str(
            "[sweep]\n[[sweep.parameters]]\npath = \"coaching_hours\"\nvalues = [1, 3]\n",
            "t.toml",
            "t",
        )
        .unwrap_err();
        assert!(e.to_string().contains("over by"), "{e}");
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

    #[test]
    fn paths_resolve_with_hints() {
        assert!(param_ref("complex.loss_per_week").is_ok());
        assert!(param_ref("economics.hiring_cost").is_err());
        assert!(param_ref("people.hiring_cost").is_ok());
        let e = param_ref("complex.loss_per_wek").unwrap_err();
        assert!(e.contains("did you mean `loss_per_week`"), "{e}");
    }
}
