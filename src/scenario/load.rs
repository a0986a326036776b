//! Turning scenario text into a validated [`Scenario`], with errors that name the file, line,
//! column and field, and a "did you mean" hint for unknown keys.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::Path;

use sha2::{Digest, Sha256};
use toml::Value;
use toml::de::{DeTable, DeValue};

use super::dist::{DIST_KINDS, Dist, ParamValue};
use super::params::{
    ACTIVITIES, GLOBAL_GROUPS, GlobalParams, KPIS, LEVERS, MotionParams, N_ACT, global_group,
};
use super::regime::{self, Regime, RegimeDef, Target};
use super::{
    BehaviourTables, Experiment, Levers, Motion, ParamRef, ParamSet, RunSettings, Scenario, Team,
    Variant,
};

/// Largest number of trials a scenario may ask for.
pub const MAX_TRIALS: u64 = 100_000_000;
/// Largest number of rep seats in one organisation.
pub const MAX_REPS: u64 = 100_000;
/// Largest amount of work (rep-weeks over all trials and variants) accepted at load.
pub const MAX_REP_WEEKS: f64 = 1e13;

/// One problem with an input, located as precisely as the input allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The file (or flag) the problem is in.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// Dotted field path, when there is one.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when we can tell.
    pub hint: Option<String>,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(field) = &self.field {
            write!(f, "field `{field}`: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(h) = &self.hint {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

/// All problems found in one scenario.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ScenarioError {
    /// The problems, in file order.
    pub errors: Vec<InputError>,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {e}")?;
        }
        Ok(())
    }
}

impl ScenarioError {
    fn single(file: &str, message: String) -> Self {
        ScenarioError {
            errors: vec![InputError {
                file: file.to_string(),
                line: None,
                column: None,
                field: None,
                message,
                hint: None,
            }],
        }
    }
}

/// Read and validate a scenario file.
///
/// # Errors
/// Every problem found, each with file, line, column and field where known.
pub fn load_file(path: &Path) -> Result<Scenario, ScenarioError> {
    let name = path.display().to_string();
    if path.is_dir() {
        return Err(ScenarioError::single(
            &name,
            "is a directory, not a scenario file".into(),
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| ScenarioError::single(&name, format!("cannot read the file: {e}")))?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(ScenarioError {
                errors: vec![InputError {
                    file: name,
                    line: Some(line),
                    column: None,
                    field: None,
                    message: format!("not a text file: invalid UTF-8 at byte {at}"),
                    hint: Some("a scenario is a TOML text file".into()),
                }],
            });
        }
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".into());
    load_str(&text, &name, &stem)
}

/// Validate scenario text. `file` names it in messages; `stem` is the default experiment name.
///
/// # Errors
/// Every problem found, each with file, line, column and field where known.
pub fn load_str(text: &str, file: &str, stem: &str) -> Result<Scenario, ScenarioError> {
    if text.contains('\0') {
        return Err(ScenarioError::single(
            file,
            "not a text file: it contains NUL bytes".into(),
        ));
    }
    let root: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            let (line, column) = e
                .span()
                .map(|s| line_col(text, s.start))
                .map_or((None, None), |(l, c)| (Some(l), Some(c)));
            let msg = e.message().trim().to_string();
            return Err(ScenarioError {
                errors: vec![InputError {
                    file: file.to_string(),
                    line,
                    column,
                    field: None,
                    message: format!("not valid TOML: {msg}"),
                    hint: None,
                }],
            });
        }
    };
    let de = DeTable::parse(text).ok();
    let mut cx = Ctx {
        file: file.to_string(),
        text,
        de: de.as_ref().map(|d| d.get_ref()),
        errors: Vec::new(),
    };
    let scenario = build(&mut cx, &root, stem, text);
    if cx.errors.is_empty() {
        scenario.ok_or_else(|| ScenarioError::single(file, "invalid scenario".into()))
    } else {
        cx.errors.sort_by_key(|e| (e.line, e.column));
        Err(ScenarioError { errors: cx.errors })
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rfind('\n')
        .map_or(before.chars().count(), |p| before[p + 1..].chars().count())
        + 1;
    (line, col)
}

#[derive(Clone, Debug)]
pub(super) enum Seg {
    Key(String),
    Index(usize),
}

#[derive(Clone, Debug, Default)]
pub(super) struct FieldPath(Vec<Seg>);

impl FieldPath {
    pub(super) fn key(&self, k: &str) -> Self {
        let mut p = self.0.clone();
        p.push(Seg::Key(k.to_string()));
        FieldPath(p)
    }
    pub(super) fn index(&self, i: usize) -> Self {
        let mut p = self.0.clone();
        p.push(Seg::Index(i));
        FieldPath(p)
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

pub(super) struct Ctx<'a> {
    file: String,
    text: &'a str,
    de: Option<&'a DeTable<'a>>,
    pub(super) errors: Vec<InputError>,
}

impl Ctx<'_> {
    /// Byte offset of the value at `path` (or of its key, with `at_key`), or of the nearest
    /// ancestor that exists.
    fn offset_at(&self, path: &FieldPath, at_key: bool) -> Option<usize> {
        let mut table = self.de?;
        let mut value: Option<&DeValue> = None;
        let mut best = None;
        for seg in &path.0 {
            let next = match (seg, value) {
                (Seg::Key(k), None) => table.iter().find(|(kk, _)| kk.get_ref() == k),
                (Seg::Key(k), Some(DeValue::Table(t))) => {
                    table = t;
                    t.iter().find(|(kk, _)| kk.get_ref() == k)
                }
                (Seg::Index(i), Some(DeValue::Array(a))) => {
                    let Some(item) = a.get(*i) else { break };
                    best = Some(item.span().start);
                    value = Some(item.get_ref());
                    continue;
                }
                _ => None,
            };
            let Some((k, v)) = next else { break };
            // Point at the value for leaves, at the key for tables.
            best = Some(match v.get_ref() {
                _ if at_key => k.span().start,
                DeValue::Table(_) => k.span().start,
                _ => v.span().start,
            });
            value = Some(v.get_ref());
        }
        best
    }

    pub(super) fn err(
        &mut self,
        path: &FieldPath,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.err_at(path, false, message, hint);
    }

    fn err_at(
        &mut self,
        path: &FieldPath,
        at_key: bool,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let (line, column) = self
            .offset_at(path, at_key)
            .map(|o| line_col(self.text, o))
            .map_or((None, None), |(l, c)| (Some(l), Some(c)));
        let field = path.to_string();
        self.errors.push(InputError {
            file: self.file.clone(),
            line,
            column,
            field: if field.is_empty() { None } else { Some(field) },
            message: message.into(),
            hint,
        });
    }

    /// Report keys of `table` that are not in `known`, with a suggestion.
    pub(super) fn check_keys(&mut self, table: &toml::Table, path: &FieldPath, known: &[&str]) {
        for key in table.keys() {
            if !known.contains(&key.as_str()) {
                let hint = suggest(key, known)
                    .map(|s| format!("did you mean `{s}`?"))
                    .or_else(|| Some(format!("known keys: {}", known.join(", "))));
                self.err_at(&path.key(key), true, format!("unknown key `{key}`"), hint);
            }
        }
    }

    pub(super) fn table<'v>(&mut self, v: &'v Value, path: &FieldPath) -> Option<&'v toml::Table> {
        match v {
            Value::Table(t) => Some(t),
            other => {
                self.err(
                    path,
                    format!("expected a table, got {}", type_name(other)),
                    None,
                );
                None
            }
        }
    }

    pub(super) fn number(&mut self, v: &Value, path: &FieldPath) -> Option<f64> {
        let x = match v {
            Value::Integer(i) => *i as f64,
            Value::Float(f) => *f,
            other => {
                self.err(
                    path,
                    format!("expected a number, got {}", type_name(other)),
                    None,
                );
                return None;
            }
        };
        if !x.is_finite() {
            self.err(path, format!("must be a finite number, got {x}"), None);
            return None;
        }
        Some(x)
    }

    pub(super) fn number_in(
        &mut self,
        v: &Value,
        path: &FieldPath,
        lo: f64,
        hi: f64,
    ) -> Option<f64> {
        let x = self.number(v, path)?;
        if x < lo || x > hi {
            self.err(
                path,
                format!("{x} is outside the valid range [{lo}, {hi}]"),
                None,
            );
            return None;
        }
        Some(x)
    }

    pub(super) fn integer_in(
        &mut self,
        v: &Value,
        path: &FieldPath,
        lo: i64,
        hi: i64,
    ) -> Option<i64> {
        let x = match v {
            Value::Integer(i) => *i,
            other => {
                self.err(
                    path,
                    format!("expected a whole number, got {}", type_name(other)),
                    None,
                );
                return None;
            }
        };
        if x < lo || x > hi {
            self.err(
                path,
                format!("{x} is outside the valid range [{lo}, {hi}]"),
                None,
            );
            return None;
        }
        Some(x)
    }

    pub(super) fn string(&mut self, v: &Value, path: &FieldPath) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            other => {
                self.err(
                    path,
                    format!("expected a string, got {}", type_name(other)),
                    None,
                );
                None
            }
        }
    }

    pub(super) fn boolean(&mut self, v: &Value, path: &FieldPath) -> Option<bool> {
        match v {
            Value::Boolean(b) => Some(*b),
            other => {
                self.err(
                    path,
                    format!("expected true or false, got {}", type_name(other)),
                    None,
                );
                None
            }
        }
    }

    /// A parameter value: a number in the spec's range or a distribution within it.
    pub(super) fn param(
        &mut self,
        v: &Value,
        path: &FieldPath,
        spec: &super::params::ParamSpec,
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
            self.err(
                path,
                format!("{x} is outside the valid range [{}, {}]", spec.lo, spec.hi),
                Some(format!("unit: {}", spec.unit)),
            );
            return None;
        }
        if spec.integer && x.fract() != 0.0 {
            self.err(path, format!("must be a whole number, got {x}"), None);
            return None;
        }
        Some(ParamValue::Fixed(x))
    }

    pub(super) fn dist(&mut self, t: &toml::Table, path: &FieldPath) -> Option<Dist> {
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

pub(super) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "a string",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a float",
        Value::Boolean(_) => "a boolean",
        Value::Datetime(_) => "a date",
        Value::Array(_) => "an array",
        Value::Table(_) => "a table",
    }
}

/// The closest known word to `word`, if it is close enough to be a likely typo.
pub fn suggest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(word, k), *k))
        .filter(|(s, _)| *s >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// Keys allowed at the top of a scenario file.
pub const TOP_KEYS: [&str; 17] = [
    "experiment",
    "run",
    "teams",
    "traditional",
    "complex",
    "incentives",
    "people",
    "economics",
    "routing",
    "perceived_effect",
    "regimes",
    "variants",
    "schema",
    "decision",
    "sweep",
    "sensitivity",
    "correlation",
];

fn build(cx: &mut Ctx, root: &toml::Table, stem: &str, text: &str) -> Option<Scenario> {
    let top = FieldPath::default();
    cx.check_keys(root, &top, &TOP_KEYS);

    let experiment = read_experiment(cx, root, stem);
    let run = read_run(cx, root);
    let teams = read_teams(cx, root);
    let mut params = ParamSet::defaults();
    let mut behaviour = BehaviourTables::default();
    read_params_into(cx, root, &top, &mut params, Some(&mut behaviour));
    read_perceived_effect(cx, root, &mut behaviour);
    let regimes = read_regimes(cx, root);
    let mut variants = read_variants(cx, root, &teams, &regimes, &params);
    let design = match (&teams, &mut variants, &run) {
        (Some(teams), Some(variants), Some(run)) => {
            super::experiment::read(cx, root, teams, &params, variants, run.seed)
        }
        _ => None,
    };
    // Sweep points set parameters after `read_variants` checked the skills: check again, or
    // a swept skill_mean or skill_sd silently gives reps no skill spread.
    if let (Some(variants), Some(sweep)) =
        (&variants, design.as_ref().and_then(|d| d.sweep.as_ref()))
    {
        let at = top.key("sweep").key("parameters");
        let before = cx.errors.len();
        for &(v, _) in &sweep.points {
            let vp = variant_param_set(&params, &variants[v]);
            for motion in Motion::ALL {
                check_skill(cx, &vp, motion, &at);
            }
            if cx.errors.len() > before {
                break;
            }
        }
    }

    // Workload sanity: absurd sizes are rejected before anything is allocated.
    if let (Some(run), Some(teams), Some(variants)) = (&run, &teams, &variants) {
        let reps: u64 = teams.iter().map(|t| t.reps as u64).sum();
        if reps > MAX_REPS {
            cx.err(
                &top.key("teams"),
                format!("{reps} reps in all is more than the {MAX_REPS} this tool simulates"),
                None,
            );
        }
        let work = rep_weeks(run, reps, variants.len());
        if work > MAX_REP_WEEKS {
            cx.err(
                &top.key("run").key("trials"),
                format!(
                    "{:.1e} rep-weeks of simulation is beyond what one run can do (limit {MAX_REP_WEEKS:.0e})",
                    work
                ),
                Some("lower `trials`, the number of reps or the horizon".into()),
            );
        }
    }

    Some(Scenario {
        source: cx.file.clone(),
        sha256: hex_sha256(text.as_bytes()),
        experiment: experiment?,
        run: run?,
        teams: teams?,
        params,
        behaviour,
        variants: variants?,
        design: design.unwrap_or_default(),
    })
}

/// `params` with a variant's overrides applied.
fn variant_param_set(params: &ParamSet, v: &Variant) -> ParamSet {
    let mut p = params.clone();
    for (r, val) in &v.overrides {
        *p.get_mut(*r) = val.clone();
    }
    p
}

/// Amount of simulation a run asks for: trials x reps x (burn-in + horizon) weeks x variants.
pub fn rep_weeks(run: &RunSettings, reps: u64, variants: usize) -> f64 {
    run.trials as f64
        * reps as f64
        * (run.burn_in_weeks as f64 + run.horizon_weeks as f64)
        * variants as f64
}

/// SHA-256 of bytes, as lowercase hex.
pub fn hex_sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn read_experiment(cx: &mut Ctx, root: &toml::Table, stem: &str) -> Option<Experiment> {
    let path = FieldPath::default().key("experiment");
    let mut e = Experiment {
        name: stem.to_string(),
        description: String::new(),
    };
    let Some(v) = root.get("experiment") else {
        return Some(e);
    };
    let t = cx.table(v, &path)?;
    cx.check_keys(t, &path, &["name", "description"]);
    if let Some(v) = t.get("name") {
        e.name = cx.string(v, &path.key("name"))?;
    }
    if let Some(v) = t.get("description") {
        e.description = cx.string(v, &path.key("description"))?;
    }
    Some(e)
}

/// Keys of `[run]`.
pub const RUN_KEYS: [&str; 7] = [
    "trials",
    "seed",
    "burn_in_weeks",
    "horizon_weeks",
    "period_weeks",
    "currency",
    "pilot_trials",
];

fn read_run(cx: &mut Ctx, root: &toml::Table) -> Option<RunSettings> {
    let path = FieldPath::default().key("run");
    let mut r = RunSettings {
        trials: 500,
        seed: 1,
        burn_in_weeks: 26,
        horizon_weeks: 52,
        period_weeks: 13,
        currency: "SEK".into(),
        pilot_trials: 200,
    };
    let Some(v) = root.get("run") else {
        return Some(r);
    };
    let t = cx.table(v, &path)?;
    cx.check_keys(t, &path, &RUN_KEYS);
    let before = cx.errors.len();
    if let Some(v) = t.get("trials") {
        r.trials = cx
            .integer_in(v, &path.key("trials"), 1, MAX_TRIALS as i64)
            .unwrap_or(1) as u64;
    }
    if let Some(v) = t.get("seed") {
        r.seed = cx
            .integer_in(v, &path.key("seed"), 0, i64::MAX)
            .unwrap_or(0) as u64;
    }
    if let Some(v) = t.get("burn_in_weeks") {
        r.burn_in_weeks = cx
            .integer_in(v, &path.key("burn_in_weeks"), 0, 520)
            .unwrap_or(0) as u32;
    }
    if let Some(v) = t.get("horizon_weeks") {
        r.horizon_weeks = cx
            .integer_in(v, &path.key("horizon_weeks"), 1, 1040)
            .unwrap_or(1) as u32;
    }
    if let Some(v) = t.get("period_weeks") {
        r.period_weeks = cx
            .integer_in(v, &path.key("period_weeks"), 1, 52)
            .unwrap_or(1) as u32;
    }
    if let Some(v) = t.get("pilot_trials") {
        r.pilot_trials = cx
            .integer_in(v, &path.key("pilot_trials"), 1, 100_000)
            .unwrap_or(1) as u32;
    }
    if let Some(v) = t.get("currency") {
        let c = cx.string(v, &path.key("currency"))?;
        if c.trim().is_empty() || c.len() > 12 {
            cx.err(
                &path.key("currency"),
                "currency label must be 1 to 12 characters",
                None,
            );
        }
        r.currency = c;
    }
    (cx.errors.len() == before).then_some(r)
}

fn default_teams() -> Vec<Team> {
    vec![
        Team {
            name: "traditional".into(),
            motion: Motion::Traditional,
            reps: 8,
        },
        Team {
            name: "complex".into(),
            motion: Motion::Complex,
            reps: 6,
        },
    ]
}

fn read_teams(cx: &mut Ctx, root: &toml::Table) -> Option<Vec<Team>> {
    let path = FieldPath::default().key("teams");
    let Some(v) = root.get("teams") else {
        return Some(default_teams());
    };
    let Value::Array(items) = v else {
        cx.err(
            &path,
            format!(
                "expected an array of tables ([[teams]]), got {}",
                type_name(v)
            ),
            None,
        );
        return None;
    };
    if items.is_empty() {
        cx.err(&path, "an organisation needs at least one team", None);
        return None;
    }
    if items.len() > 10_000 {
        cx.err(
            &path,
            format!("{} teams is more than 10000", items.len()),
            None,
        );
        return None;
    }
    let before = cx.errors.len();
    let mut teams = Vec::new();
    let mut names = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let p = path.index(i);
        let Some(t) = cx.table(item, &p) else {
            continue;
        };
        cx.check_keys(t, &p, &["name", "motion", "reps"]);
        let motion = match t.get("motion") {
            None => {
                cx.err(&p, "a team needs a `motion` (traditional or complex)", None);
                continue;
            }
            Some(v) => match cx.string(v, &p.key("motion")).as_deref() {
                Some("traditional") => Motion::Traditional,
                Some("complex") => Motion::Complex,
                Some(other) => {
                    let hint = suggest(other, &["traditional", "complex"])
                        .map(|s| format!("did you mean `{s}`?"));
                    cx.err(
                        &p.key("motion"),
                        format!("unknown motion `{other}`; use traditional or complex"),
                        hint,
                    );
                    continue;
                }
                None => continue,
            },
        };
        let reps = match t.get("reps") {
            None => {
                cx.err(&p, "a team needs `reps` (number of rep seats)", None);
                continue;
            }
            Some(v) => match cx.integer_in(v, &p.key("reps"), 1, MAX_REPS as i64) {
                Some(r) => r as u32,
                None => continue,
            },
        };
        let name = match t.get("name") {
            Some(v) => cx.string(v, &p.key("name")).unwrap_or_default(),
            None => format!("team{}", i + 1),
        };
        if !names.insert(name.clone()) {
            cx.err(
                &p.key("name"),
                format!("duplicate team name `{name}`"),
                None,
            );
        }
        teams.push(Team { name, motion, reps });
    }
    (cx.errors.len() == before).then_some(teams)
}

/// Read motion and global parameter tables from `table` (the root, or a variant's `set`).
/// With `behaviour`, also read habit and playbook shares; without, reject them.
fn read_params_into(
    cx: &mut Ctx,
    table: &toml::Table,
    base: &FieldPath,
    params: &mut ParamSet,
    mut behaviour: Option<&mut BehaviourTables>,
) {
    for motion in Motion::ALL {
        let Some(v) = table.get(motion.name()) else {
            continue;
        };
        let path = base.key(motion.name());
        let Some(t) = cx.table(v, &path) else {
            continue;
        };
        let mut known: Vec<&str> = MotionParams::SPECS.iter().map(|s| s.key).collect();
        if behaviour.is_some() {
            known.extend(["habit", "playbook"]);
        }
        cx.check_keys(t, &path, &known);
        for (i, spec) in MotionParams::SPECS.iter().enumerate() {
            if let Some(v) = t.get(spec.key)
                && let Some(pv) = cx.param(v, &path.key(spec.key), spec)
            {
                *params.get_mut(ParamRef::Motion(motion, i)) = pv;
            }
        }
        // Scenario-level skills are checked here; a variant's `set` is checked against the
        // scenario's values in `read_variants`, where the combination is known.
        if behaviour.is_some() {
            // Point at the key the file gives (skill_sd first), not at a default.
            let key = if t.contains_key("skill_sd") || !t.contains_key("skill_mean") {
                "skill_sd"
            } else {
                "skill_mean"
            };
            check_skill(cx, params, motion, &path.key(key));
        }
        if let Some(b) = behaviour.as_deref_mut() {
            for (key, target) in [
                ("habit", &mut b.habit[motion.index()]),
                ("playbook", &mut b.playbook[motion.index()]),
            ] {
                if let Some(v) = t.get(key) {
                    read_shares(cx, v, &path.key(key), target);
                }
            }
        }
    }
    for group in GLOBAL_GROUPS {
        let Some(v) = table.get(group) else { continue };
        let path = base.key(group);
        let Some(t) = cx.table(v, &path) else {
            continue;
        };
        let known: Vec<&str> = GlobalParams::SPECS
            .iter()
            .filter(|s| global_group(s.key) == group)
            .map(|s| s.key)
            .collect();
        cx.check_keys(t, &path, &known);
        for (i, spec) in GlobalParams::SPECS.iter().enumerate() {
            if global_group(spec.key) != group {
                continue;
            }
            if let Some(v) = t.get(spec.key)
                && let Some(pv) = cx.param(v, &path.key(spec.key), spec)
            {
                *params.get_mut(ParamRef::Global(i)) = pv;
            }
        }
    }
}

/// A Beta with mean m and sd s exists only when s^2 < m (1 - m); report it at `path` if not.
fn check_skill(cx: &mut Ctx, params: &ParamSet, motion: Motion, path: &FieldPath) {
    let m = params
        .get(ParamRef::Motion(motion, idx_m("skill_mean")))
        .nominal();
    let s = params
        .get(ParamRef::Motion(motion, idx_m("skill_sd")))
        .nominal();
    if s * s >= m * (1.0 - m) {
        cx.err(
            path,
            format!("skill_sd {s} is too large for skill_mean {m}: need sd^2 < mean (1 - mean)"),
            None,
        );
    }
}

pub(super) fn idx_m(key: &str) -> usize {
    MotionParams::index_of(key).unwrap_or(0)
}

fn read_shares(cx: &mut Ctx, v: &Value, path: &FieldPath, out: &mut [f64; N_ACT]) {
    let Some(t) = cx.table(v, path) else { return };
    cx.check_keys(t, path, &ACTIVITIES);
    let mut shares = *out;
    let mut ok = true;
    for (a, name) in ACTIVITIES.iter().enumerate() {
        match t.get(*name) {
            Some(v) => match cx.number_in(v, &path.key(name), 0.0, 1.0) {
                Some(x) if x > 0.0 => shares[a] = x,
                Some(_) => {
                    cx.err(&path.key(name), "every share must be above 0", None);
                    ok = false;
                }
                None => ok = false,
            },
            None => {
                cx.err(
                    path,
                    format!("missing share for `{name}`: give all six activities"),
                    None,
                );
                ok = false;
            }
        }
    }
    if !ok {
        return;
    }
    let sum: f64 = shares.iter().sum();
    if (sum - 1.0).abs() > 1e-6 {
        cx.err(
            path,
            format!("shares sum to {sum}, not 1"),
            Some(format!("they are off by {:+.6}", sum - 1.0)),
        );
        return;
    }
    *out = shares;
}

fn read_perceived_effect(cx: &mut Ctx, root: &toml::Table, b: &mut BehaviourTables) {
    let path = FieldPath::default().key("perceived_effect");
    let Some(v) = root.get("perceived_effect") else {
        return;
    };
    let Some(t) = cx.table(v, &path) else { return };
    cx.check_keys(t, &path, &ACTIVITIES);
    for (a, act) in ACTIVITIES.iter().enumerate() {
        let Some(v) = t.get(*act) else { continue };
        let p = path.key(act);
        let Some(row) = cx.table(v, &p) else { continue };
        cx.check_keys(row, &p, &KPIS);
        for (k, kpi) in KPIS.iter().enumerate() {
            if let Some(v) = row.get(*kpi)
                && let Some(x) = cx.number_in(v, &p.key(kpi), 0.0, 1.0)
            {
                b.perceived_effect[a][k] = x;
            }
        }
    }
}

/// Keys allowed in a `[regimes.NAME]` table.
pub const REGIME_KEYS: [&str; 7] = [
    "description",
    "weights",
    "target_level",
    "variable_share",
    "cap",
    "targets",
    "traditional",
];

fn read_regimes(cx: &mut Ctx, root: &toml::Table) -> BTreeMap<String, (RegimeDef, FieldPath)> {
    let mut out = BTreeMap::new();
    for name in regime::BUILTIN_NAMES {
        if let Some(d) = regime::builtin(name) {
            out.insert(name.to_string(), (d, FieldPath::default()));
        }
    }
    let path = FieldPath::default().key("regimes");
    let Some(v) = root.get("regimes") else {
        return out;
    };
    let Some(t) = cx.table(v, &path) else {
        return out;
    };
    for (name, v) in t {
        let p = path.key(name);
        let Some(rt) = cx.table(v, &p) else { continue };
        if rt.contains_key("traditional") || rt.contains_key("complex") {
            cx.check_keys(rt, &p, &["description", "traditional", "complex"]);
            let mut names = [String::new(), String::new()];
            let mut ok = true;
            for m in Motion::ALL {
                match rt.get(m.name()) {
                    Some(v) => match cx.string(v, &p.key(m.name())) {
                        Some(s) => names[m.index()] = s,
                        None => ok = false,
                    },
                    None => {
                        cx.err(
                            &p,
                            format!("a per-motion regime needs both `traditional` and `complex`; `{}` is missing", m.name()),
                            None,
                        );
                        ok = false;
                    }
                }
            }
            if ok {
                out.insert(name.clone(), (RegimeDef::PerMotion(names), p));
            }
            continue;
        }
        let mut known = REGIME_KEYS.to_vec();
        known.push("complex");
        cx.check_keys(rt, &p, &known);
        let before = cx.errors.len();
        let mut r = Regime::with_weights(name, &[], 1.0);
        match rt.get("weights") {
            None => cx.err(
                &p,
                "a regime needs `weights` (KPI = weight)",
                Some(format!("KPIs: {}", KPIS.join(", "))),
            ),
            Some(v) => {
                let wp = p.key("weights");
                if let Some(wt) = cx.table(v, &wp) {
                    cx.check_keys(wt, &wp, &KPIS);
                    let mut raw = Vec::new();
                    for (k, kpi) in KPIS.iter().enumerate() {
                        if let Some(v) = wt.get(*kpi)
                            && let Some(x) = cx.number_in(v, &wp.key(kpi), 0.0, 1e6)
                        {
                            raw.push((k, x));
                        }
                    }
                    if raw.iter().map(|x| x.1).sum::<f64>() <= 0.0 && cx.errors.len() == before {
                        cx.err(&wp, "weights must not all be zero", None);
                    }
                    r = Regime::with_weights(name, &raw, 1.0);
                }
            }
        }
        if let Some(v) = rt.get("target_level") {
            r.target_level = cx
                .number_in(v, &p.key("target_level"), 0.1, 10.0)
                .unwrap_or(1.0);
        }
        if let Some(v) = rt.get("variable_share") {
            r.variable_share = cx
                .number_in(v, &p.key("variable_share"), 0.0, 10.0)
                .unwrap_or(0.3);
        }
        if let Some(v) = rt.get("cap") {
            r.cap = cx.number_in(v, &p.key("cap"), 0.0, 100.0).unwrap_or(2.0);
        }
        if let Some(v) = rt.get("targets") {
            let tp = p.key("targets");
            match v {
                Value::String(s) if s == "auto" => {}
                Value::Table(tt) => {
                    cx.check_keys(tt, &tp, &KPIS);
                    for (k, kpi) in KPIS.iter().enumerate() {
                        let Some(v) = tt.get(*kpi) else { continue };
                        match v {
                            Value::String(s) if s == "auto" => {}
                            _ => {
                                if let Some(x) = cx.number_in(v, &tp.key(kpi), 1e-9, 1e15) {
                                    r.targets[k] = Target::Absolute(x);
                                }
                            }
                        }
                    }
                }
                other => cx.err(
                    &tp,
                    format!(
                        "expected \"auto\" or a table of KPI = target, got {}",
                        type_name(other)
                    ),
                    None,
                ),
            }
        }
        if cx.errors.len() == before {
            out.insert(name.clone(), (RegimeDef::Single(Box::new(r)), p));
        }
    }
    out
}

/// Resolve a regime name for a team of the given motion.
fn resolve_regime(
    regimes: &BTreeMap<String, (RegimeDef, FieldPath)>,
    name: &str,
    motion: Motion,
) -> Result<Regime, String> {
    let mut current = name.to_string();
    for _ in 0..4 {
        match regimes.get(&current) {
            None => {
                let known: Vec<&str> = regimes.keys().map(|s| s.as_str()).collect();
                let hint = suggest(&current, &known)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_else(|| format!("; known regimes: {}", known.join(", ")));
                return Err(format!("unknown regime `{current}`{hint}"));
            }
            Some((RegimeDef::Single(r), _)) => return Ok((**r).clone()),
            Some((RegimeDef::PerMotion(names), _)) => current = names[motion.index()].clone(),
        }
    }
    Err(format!("regime `{name}` refers to itself"))
}

/// Keys allowed in a `[[variants]]` entry.
pub const VARIANT_KEYS: [&str; 7] = [
    "name",
    "baseline",
    "description",
    "regime",
    "coaching_hours",
    "levers",
    "set",
];

fn read_variants(
    cx: &mut Ctx,
    root: &toml::Table,
    teams: &Option<Vec<Team>>,
    regimes: &BTreeMap<String, (RegimeDef, FieldPath)>,
    base_params: &ParamSet,
) -> Option<Vec<Variant>> {
    let path = FieldPath::default().key("variants");
    let default_teams = default_teams();
    let teams = teams.as_ref().unwrap_or(&default_teams);
    let items: Vec<Value> = match root.get("variants") {
        None => {
            let mut t = toml::Table::new();
            t.insert("name".into(), Value::String("baseline".into()));
            t.insert("baseline".into(), Value::Boolean(true));
            vec![Value::Table(t)]
        }
        Some(Value::Array(a)) => a.clone(),
        Some(other) => {
            cx.err(
                &path,
                format!(
                    "expected an array of tables ([[variants]]), got {}",
                    type_name(other)
                ),
                None,
            );
            return None;
        }
    };
    if items.is_empty() {
        cx.err(&path, "an experiment needs at least one variant", None);
        return None;
    }
    if items.len() > 1000 {
        cx.err(
            &path,
            format!("{} variants is more than 1000", items.len()),
            None,
        );
        return None;
    }
    let before = cx.errors.len();
    let mut out: Vec<Variant> = Vec::new();
    let mut names: HashSet<String> = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let p = path.index(i);
        let Some(t) = cx.table(item, &p) else {
            continue;
        };
        cx.check_keys(t, &p, &VARIANT_KEYS);
        let name = match t.get("name") {
            Some(v) => {
                let name = cx.string(v, &p.key("name")).unwrap_or_default();
                if v.is_str() && name.trim().is_empty() {
                    cx.err(&p.key("name"), "a variant name must not be empty", None);
                }
                name
            }
            None => {
                cx.err(&p, "a variant needs a `name`", None);
                String::new()
            }
        };
        if !name.is_empty() && !names.insert(name.clone()) {
            cx.err(
                &p.key("name"),
                format!("duplicate variant name `{name}`"),
                None,
            );
        }
        if name.chars().any(|c| c.is_control() || c == ',' || c == '"') {
            cx.err(
                &p.key("name"),
                "a variant name must not contain commas, quotes or control characters",
                None,
            );
        }
        let baseline = match t.get("baseline") {
            Some(v) => cx.boolean(v, &p.key("baseline")).unwrap_or(false),
            None => items.len() == 1,
        };
        let description = match t.get("description") {
            Some(v) => cx.string(v, &p.key("description")).unwrap_or_default(),
            None => String::new(),
        };
        // Regime: a name for every team, or a table by motion or team name.
        let mut regime_names: Vec<String> = vec!["revenue_only".into(); teams.len()];
        if let Some(v) = t.get("regime") {
            let rp = p.key("regime");
            match v {
                Value::String(s) => regime_names.iter_mut().for_each(|r| *r = s.clone()),
                Value::Table(rt) => {
                    let mut known: Vec<&str> = vec!["traditional", "complex"];
                    known.extend(teams.iter().map(|t| t.name.as_str()));
                    cx.check_keys(rt, &rp, &known);
                    for (ti, team) in teams.iter().enumerate() {
                        let v = rt.get(&team.name).or_else(|| rt.get(team.motion.name()));
                        if let Some(v) = v
                            && let Some(s) = cx.string(v, &rp)
                        {
                            regime_names[ti] = s;
                        }
                    }
                }
                other => cx.err(
                    &rp,
                    format!(
                        "expected a regime name or a table by motion or team, got {}",
                        type_name(other)
                    ),
                    None,
                ),
            }
        }
        let mut team_regimes = Vec::new();
        for (ti, team) in teams.iter().enumerate() {
            match resolve_regime(regimes, &regime_names[ti], team.motion) {
                Ok(r) => team_regimes.push(r),
                Err(msg) => {
                    cx.err(&p.key("regime"), msg, None);
                    break;
                }
            }
        }
        let coaching_hours = match t.get("coaching_hours") {
            Some(v) => cx
                .number_in(v, &p.key("coaching_hours"), 0.0, 40.0)
                .unwrap_or(0.0),
            None => 0.0,
        };
        let mut levers = Levers::default();
        if let Some(v) = t.get("levers") {
            let lp = p.key("levers");
            if let Some(lt) = cx.table(v, &lp) {
                cx.check_keys(lt, &lp, &LEVERS);
                for name in LEVERS {
                    if let Some(v) = lt.get(name)
                        && let Some(x) = cx.number_in(v, &lp.key(name), 0.0, 1.0)
                        && let Some(slot) = levers.get_mut(name)
                    {
                        *slot = x;
                    }
                }
            }
        }
        let mut overrides = Vec::new();
        let mut vparams = base_params.clone();
        if let Some(v) = t.get("set") {
            let sp = p.key("set");
            if let Some(st) = cx.table(v, &sp) {
                let st = expand_dotted(st);
                let mut known: Vec<&str> = vec!["traditional", "complex"];
                known.extend(GLOBAL_GROUPS);
                cx.check_keys(&st, &sp, &known);
                let mut set = ParamSet::defaults();
                read_params_into(cx, &st, &sp, &mut set, None);
                for r in ParamSet::refs() {
                    if is_given(&st, r) {
                        overrides.push((r, set.get(r).clone()));
                        *vparams.get_mut(r) = set.get(r).clone();
                    }
                }
                // Skill mean and sd must fit together as the variant combines them.
                for motion in Motion::ALL {
                    let given = |key: &'static str| {
                        is_given(&st, ParamRef::Motion(motion, idx_m(key))).then_some(key)
                    };
                    if let Some(key) = given("skill_sd").or_else(|| given("skill_mean")) {
                        check_skill(cx, &vparams, motion, &sp.key(motion.name()).key(key));
                    }
                }
            }
        }
        check_budget(
            cx,
            &p.key("coaching_hours"),
            teams,
            &vparams,
            coaching_hours,
            &levers,
        );
        out.push(Variant {
            name,
            baseline,
            description,
            regimes: team_regimes,
            coaching_hours,
            levers,
            overrides,
        });
    }
    let n_base = out.iter().filter(|v| v.baseline).count();
    if n_base == 0 {
        cx.err(
            &path,
            "no variant is marked `baseline = true`",
            Some("mark exactly one variant as the baseline".into()),
        );
    } else if n_base > 1 {
        let which: Vec<&str> = out
            .iter()
            .filter(|v| v.baseline)
            .map(|v| v.name.as_str())
            .collect();
        cx.err(
            &path,
            format!(
                "{n_base} variants are marked as baseline ({}); exactly one may be",
                which.join(", ")
            ),
            None,
        );
    }
    (cx.errors.len() == before).then_some(out)
}

/// Check that each team's manager has the hours a variant asks for (at nominal values).
pub(super) fn check_budget(
    cx: &mut Ctx,
    path: &FieldPath,
    teams: &[Team],
    vparams: &ParamSet,
    coaching_hours: f64,
    levers: &Levers,
) {
    for team in teams {
        let mi = team.motion.index();
        let h_mgr = vparams.motion[mi][idx_m("manager_hours_per_week")].nominal();
        let complex_reps = if team.motion == Motion::Complex {
            team.reps as f64
        } else {
            0.0
        };
        let used = coaching_hours * team.reps as f64
            + 2.0 * levers.winloss
            + 0.5 * levers.gate * complex_reps
            + levers.practice;
        if used > h_mgr + 1e-9 {
            cx.err(
                path,
                format!(
                    "team `{}` needs {used:.2} manager hours a week ({} reps x {coaching_hours} h coaching plus levers) but its manager has {h_mgr}: over by {:.2} h",
                    team.name,
                    team.reps,
                    used - h_mgr
                ),
                Some("lower coaching_hours or levers, or raise manager_hours_per_week".into()),
            );
        }
    }
}

/// Turn quoted dotted keys (`"complex.loss_per_week" = 0.03`) into nested tables.
fn expand_dotted(t: &toml::Table) -> toml::Table {
    let mut out = toml::Table::new();
    for (k, v) in t {
        // A parameter path has one dot (`group.key`); split once, so that a key with many
        // dots is reported as unknown instead of nesting (and recursing) once per dot.
        let parts: Vec<&str> = k.splitn(2, '.').collect();
        let v = match v {
            Value::Table(inner) if !inner.contains_key("dist") => {
                Value::Table(expand_dotted(inner))
            }
            other => other.clone(),
        };
        insert_path(&mut out, &parts, v);
    }
    out
}

fn insert_path(t: &mut toml::Table, parts: &[&str], v: Value) {
    let Some((first, rest)) = parts.split_first() else {
        return;
    };
    if rest.is_empty() {
        match (t.get_mut(*first), v) {
            (Some(Value::Table(existing)), Value::Table(add)) => {
                for (k, vv) in add {
                    insert_path(existing, &[k.as_str()], vv);
                }
            }
            (_, v) => {
                t.insert(first.to_string(), v);
            }
        }
        return;
    }
    let entry = t
        .entry(first.to_string())
        .or_insert_with(|| Value::Table(toml::Table::new()));
    if !entry.is_table() {
        *entry = Value::Table(toml::Table::new());
    }
    if let Value::Table(next) = entry {
        insert_path(next, rest, v);
    }
}

fn is_given(set: &toml::Table, r: ParamRef) -> bool {
    let path = r.path();
    let mut parts = path.split('.');
    let (Some(a), Some(b)) = (parts.next(), parts.next()) else {
        return false;
    };
    set.get(a)
        .and_then(|v| v.as_table())
        .is_some_and(|t| t.contains_key(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errs(text: &str) -> Vec<String> {
        match load_str(text, "t.toml", "t") {
            Ok(_) => vec![],
            Err(e) => e.errors.iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn empty_file_is_the_default_experiment() {
        let s = load_str("", "t.toml", "t").unwrap();
        assert_eq!(s.teams.len(), 2);
        assert_eq!(s.total_reps(), 14);
        assert_eq!(s.variants.len(), 1);
        assert!(s.variants[0].baseline);
        assert_eq!(s.run.trials, 500);
    }

    #[test]
    fn unknown_key_gets_a_suggestion_and_location() {
        let e = errs("[complex]\ncontact_hour = 2.0\n");
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].starts_with("t.toml:2:1: field `complex.contact_hour`"),
            "{}",
            e[0]
        );
        assert!(e[0].contains("did you mean `contact_hours`"), "{}", e[0]);
    }

    #[test]
    fn out_of_range_probability_is_located() {
        let e = errs("[traditional]\ncustom_prob = 1.5\n");
        assert!(
            e[0].starts_with("t.toml:2:15: field `traditional.custom_prob`"),
            "{}",
            e[0]
        );
        assert!(e[0].contains("outside the valid range [0, 1]"));
    }

    #[test]
    fn nan_is_rejected() {
        let e = errs("[traditional]\nloss_per_week = nan\n");
        assert!(e[0].contains("finite"), "{e:?}");
    }

    #[test]
    fn shares_must_sum_to_one() {
        let e = errs(
            "[traditional]\nhabit = { prospect = 0.3, qualify = 0.05, meet = 0.35, solution = 0.05, close = 0.2, handover = 0.1 }\n",
        );
        assert!(e[0].contains("sum to 1.05"), "{e:?}");
    }

    #[test]
    fn distributions_parse_and_validate() {
        let s = load_str(
            "[complex]\ncontact_hours = { dist = \"triangular\", min = 2, mode = 3, max = 4 }\n",
            "t.toml",
            "t",
        )
        .unwrap();
        let r = ParamRef::Motion(Motion::Complex, idx_m("contact_hours"));
        assert!(matches!(
            s.params.get(r),
            ParamValue::Uncertain(Dist::Triangular { .. })
        ));
        let e = errs("[complex]\ncontact_hours = { dist = \"uniform\", min = 4, max = 2 }\n");
        assert!(e[0].contains("`min` (4) must be below `max` (2)"), "{e:?}");
        let e = errs("[complex]\ncustom_prob = { dist = \"uniform\", min = 0.5, max = 1.2 }\n");
        assert!(e[0].contains("outside the valid range"), "{e:?}");
    }

    #[test]
    fn variant_overrides_and_budget() {
        let s = load_str(
            r#"
[[variants]]
name = "base"
baseline = true
[[variants]]
name = "v"
set = { "complex.loss_per_week" = 0.03, traditional = { contact_hours = 0.4 } }
"#,
            "t.toml",
            "t",
        )
        .unwrap();
        assert_eq!(s.variants[1].overrides.len(), 2);
        let e = errs("[[variants]]\nname = \"a\"\nbaseline = true\ncoaching_hours = 3\n");
        assert!(e[0].contains("over by 4.00 h"), "{e:?}");
    }

    #[test]
    fn baseline_rules() {
        let two = "[[variants]]\nname = \"a\"\n[[variants]]\nname = \"b\"\n";
        assert!(errs(two)[0].contains("no variant is marked"));
        let dup = "[[variants]]\nname = \"a\"\nbaseline = true\n[[variants]]\nname = \"a\"\n";
        assert!(
            errs(dup)
                .iter()
                .any(|e| e.contains("duplicate variant name"))
        );
    }

    #[test]
    fn regimes_resolve_per_motion() {
        let s = load_str(
            "[[variants]]\nname = \"a\"\nregime = \"balanced\"\n",
            "t.toml",
            "t",
        )
        .unwrap();
        assert_eq!(s.variants[0].regimes[0].name, "activity");
        assert_eq!(s.variants[0].regimes[1].name, "quality");
        let e = errs("[[variants]]\nname = \"a\"\nregime = \"balance\"\n");
        assert!(e[0].contains("did you mean `balanced`"), "{e:?}");
    }
}
