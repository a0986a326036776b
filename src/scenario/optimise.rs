//! Reading `[optimise]` (docs/decisions.md): the decision variables with their bounds, the
//! objective, the constraints and the trial counts of `spmsim optimise`. The keys are rows of
//! the key registry ([`registry::OPTIMISE`] and the two tables below it); every problem is
//! located by file, line and field like in every other section.

use toml::Value;

use super::load::{Ctx, FieldPath, ScenarioError, suggest};
use super::params::KPIS;
use super::registry::{self, KeyDef};
use super::{Motion, Scenario, Team, Variant};
use crate::metrics::{Change, metric_index};

/// What the optimiser maximises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Objective {
    /// Expected operating profit of the plan.
    OperatingProfit,
    /// Operating margin of the plan's expected P&L, in percent.
    OperatingMargin,
    /// Expected revenue of the plan.
    Revenue,
    /// 5th percentile across worlds of the plan's operating profit minus the baseline's.
    ProfitChangeP05,
}

impl Objective {
    /// Its name in a scenario file.
    pub fn name(self) -> &'static str {
        registry::OPTIMISE_OBJECTIVES[self as usize]
    }
}

/// Which teams a coaching variable sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Teams {
    /// Every team.
    All,
    /// The teams selling one motion.
    Motion(Motion),
    /// One team, by its index in the scenario.
    One(usize),
}

impl Teams {
    /// Whether team `i` (selling `team.motion`) is among them.
    pub fn includes(self, i: usize, team: &Team) -> bool {
        match self {
            Teams::All => true,
            Teams::Motion(m) => team.motion == m,
            Teams::One(j) => i == j,
        }
    }
}

/// What a decision variable changes in a plan.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// Coaching hours per rep and week of every team, of one motion's teams or of one team.
    Coaching(Teams),
    /// A lever, by its position in the lever table.
    Lever(usize),
    /// The target level of the regime of every team (of one motion).
    TargetLevel(Option<Motion>),
    /// The variable pay share.
    VariableShare(Option<Motion>),
    /// The payout cap.
    Cap(Option<Motion>),
    /// The weights of the listed KPIs (indices into [`KPIS`]), on the simplex.
    Weights(Option<Motion>, Vec<usize>),
}

/// One decision variable.
#[derive(Clone, Debug, PartialEq)]
pub struct Variable {
    /// The path as written.
    pub path: String,
    /// What it changes.
    pub target: Target,
    /// Bounds (for weights: 0 and 1).
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
}

impl Variable {
    /// Number of optimiser coordinates: one, or `k - 1` for weights over `k` KPIs.
    pub fn dims(&self) -> usize {
        match &self.target {
            Target::Weights(_, k) => k.len() - 1,
            _ => 1,
        }
    }

    /// Number of values it sets: one, or one weight per listed KPI.
    pub fn values(&self) -> usize {
        match &self.target {
            Target::Weights(_, k) => k.len(),
            _ => 1,
        }
    }

    /// Names of its values in outputs (`path`, or `path.KPI` per weight).
    pub fn value_names(&self) -> Vec<String> {
        match &self.target {
            Target::Weights(_, k) => k
                .iter()
                .map(|&i| format!("{}.{}", self.path, KPIS[i]))
                .collect(),
            _ => vec![self.path.clone()],
        }
    }
}

/// What a constraint bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bounded {
    /// The share of worlds in which the plan's operating profit is below the baseline's.
    ProfitFalls,
    /// A change vs the baseline (`revenue_pct`, `operating_margin_pp`).
    Change(Change),
    /// A metric's mean under the plan, by its index.
    Metric(usize),
}

/// One constraint: `min <= output <= max`.
#[derive(Clone, Debug, PartialEq)]
pub struct Constraint {
    /// The output as written.
    pub output: String,
    /// What it bounds.
    pub bounded: Bounded,
    /// Smallest allowed value.
    pub min: Option<f64>,
    /// Largest allowed value.
    pub max: Option<f64>,
}

impl Constraint {
    /// How far `x` lies outside the allowed range (0 inside).
    pub fn violation(&self, x: f64) -> f64 {
        if !x.is_finite() {
            return f64::INFINITY;
        }
        let below = self.min.map_or(0.0, |m| (m - x).max(0.0));
        let above = self.max.map_or(0.0, |m| (x - m).max(0.0));
        below + above
    }
}

/// A validated `[optimise]` section.
#[derive(Clone, Debug, PartialEq)]
pub struct OptimiseSpec {
    /// Index of the variant every plan copies.
    pub base: usize,
    /// What to maximise.
    pub objective: Objective,
    /// The decision variables.
    pub variables: Vec<Variable>,
    /// The constraints.
    pub constraints: Vec<Constraint>,
    /// Trials of the sample-average approximation.
    pub trials: u64,
    /// Fresh trials of the confirmation.
    pub confirm_trials: u64,
    /// Most plans evaluated.
    pub evaluations: u64,
    /// Runners-up confirmed with the best plan.
    pub runners_up: usize,
}

impl OptimiseSpec {
    /// Number of optimiser coordinates.
    pub fn dims(&self) -> usize {
        self.variables.iter().map(Variable::dims).sum()
    }
}

/// The `[optimise]` section of a scenario file that has already loaded as `scenario`.
///
/// # Errors
/// Every problem of the section, located; or a message that the file has none.
pub fn load(text: &str, file: &str, scenario: &Scenario) -> Result<OptimiseSpec, ScenarioError> {
    let root: toml::Table = toml::from_str(text)
        .map_err(|e| ScenarioError::single(file, format!("not valid TOML: {}", e.message())))?;
    let de = toml::de::DeTable::parse(text).ok();
    let mut cx = Ctx {
        file: file.to_string(),
        text,
        de: de.as_ref().map(|d| d.get_ref()),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let Some(v) = root.get("optimise") else {
        return Err(ScenarioError::single(
            file,
            "the scenario has no [optimise] section: name the decision variables, e.g.\n[optimise]\n[[optimise.variables]]\npath = \"coaching_hours\"\nfrom = 0\nto = 2.5".into(),
        ));
    };
    let spec = read(&mut cx, v, &scenario.teams, &scenario.variants);
    match spec {
        Some(s) if cx.errors.is_empty() => Ok(s),
        _ => {
            cx.errors.sort_by_key(|e| (e.line, e.column));
            Err(ScenarioError { errors: cx.errors })
        }
    }
}

/// Check an `[optimise]` section while a scenario loads (its errors join the others).
pub(crate) fn check(cx: &mut Ctx, root: &toml::Table, teams: &[Team], variants: &[Variant]) {
    if let Some(v) = root.get("optimise") {
        let _ = read(cx, v, teams, variants);
    }
}

fn whole(cx: &mut Ctx, t: &toml::Table, path: &FieldPath, def: &KeyDef) -> Option<u64> {
    match t.get(def.key) {
        Some(v) => cx.count_of(v, &path.key(def.key), def).map(|x| x as u64),
        None => Some(def.whole_default() as u64),
    }
}

fn read(cx: &mut Ctx, v: &Value, teams: &[Team], variants: &[Variant]) -> Option<OptimiseSpec> {
    let path = FieldPath::default().key("optimise");
    let t = cx.table(v, &path)?;
    let before = cx.errors.len();
    cx.check_keys(t, &path, &registry::keys(registry::OPTIMISE));
    let base = match t.get("base") {
        Some(v) => {
            let p = path.key("base");
            let name = cx.string(v, &p)?;
            let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
            match variants.iter().position(|v| v.name == name) {
                Some(i) => i,
                None => {
                    let hint = suggest(&name, &names).map(|s| format!("did you mean `{s}`?"));
                    cx.err(&p, format!("no variant named `{name}`"), hint);
                    return None;
                }
            }
        }
        None => variants.iter().position(|v| v.baseline).unwrap_or(0),
    };
    let objective = match t.get("objective") {
        Some(v) => {
            let p = path.key("objective");
            let name = cx.string(v, &p)?;
            let known = registry::OPTIMISE_OBJECTIVES;
            match known.iter().position(|k| *k == name) {
                Some(i) => [
                    Objective::OperatingProfit,
                    Objective::OperatingMargin,
                    Objective::Revenue,
                    Objective::ProfitChangeP05,
                ][i],
                None => {
                    let hint = suggest(&name, &known).map_or_else(
                        || format!("use one of {}", known.join(", ")),
                        |s| format!("did you mean `{s}`?"),
                    );
                    cx.err(&p, format!("unknown objective `{name}`"), Some(hint));
                    return None;
                }
            }
        }
        None => Objective::OperatingProfit,
    };
    let trials = whole(cx, t, &path, &registry::OPTIMISE_TRIALS)?;
    let confirm_trials = whole(cx, t, &path, &registry::OPTIMISE_CONFIRM_TRIALS)?;
    let evaluations = whole(cx, t, &path, &registry::OPTIMISE_EVALUATIONS)?;
    let runners_up = whole(cx, t, &path, &registry::OPTIMISE_RUNNERS_UP)? as usize;

    let mut variables = Vec::new();
    let vp = path.key("variables");
    match t.get("variables") {
        Some(Value::Array(items)) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                let p = vp.index(i);
                if let Some(var) = read_variable(cx, item, &p, teams) {
                    if variables.iter().any(|o: &Variable| o.path == var.path) {
                        cx.err(
                            &p.key("path"),
                            format!("`{}` is listed twice", var.path),
                            None,
                        );
                    } else if let Some((o, team)) = coaching_overlap(&variables, &var, teams) {
                        cx.err(
                            &p.key("path"),
                            format!(
                                "`{}` and `{o}` both set the coaching hours of team `{team}`",
                                var.path
                            ),
                            Some("give each team's coaching one variable: by motion (`coaching_hours.complex`), by team (`team = \"...\"`) or for all teams (`coaching_hours`)".into()),
                        );
                    } else {
                        variables.push(var);
                    }
                }
            }
        }
        _ => {
            cx.err(
                &vp,
                "name at least one decision variable as [[optimise.variables]] with a `path`",
                Some("e.g. path = \"coaching_hours\", from = 0, to = 2.5".into()),
            );
        }
    }
    let mut constraints = Vec::new();
    let cp = path.key("constraints");
    match t.get("constraints") {
        None => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                if let Some(c) = read_constraint(cx, item, &cp.index(i)) {
                    constraints.push(c);
                }
            }
        }
        Some(_) => cx.err(&cp, "expected a list of [[optimise.constraints]]", None),
    }
    (cx.errors.len() == before).then_some(OptimiseSpec {
        base,
        objective,
        variables,
        constraints,
        trials,
        confirm_trials,
        evaluations,
        runners_up,
    })
}

/// The first earlier coaching variable that sets a team `var` sets too, with that team's name.
fn coaching_overlap<'a>(
    earlier: &'a [Variable],
    var: &Variable,
    teams: &'a [Team],
) -> Option<(&'a str, &'a str)> {
    let Target::Coaching(new) = var.target else {
        return None;
    };
    earlier.iter().find_map(|o| match o.target {
        Target::Coaching(old) => teams
            .iter()
            .enumerate()
            .find(|(i, t)| new.includes(*i, t) && old.includes(*i, t))
            .map(|(_, t)| (o.path.as_str(), t.name.as_str())),
        _ => None,
    })
}

/// The paths a variable may take, for "did you mean" hints.
fn variable_paths() -> Vec<String> {
    let mut out = vec!["coaching_hours".to_string()];
    out.extend(Motion::ALL.map(|m| format!("coaching_hours.{}", m.name())));
    out.extend(registry::LEVERS.iter().map(|l| format!("levers.{}", l.key)));
    for m in ["", "traditional.", "complex."] {
        for k in ["target_level", "variable_share", "cap", "weights"] {
            out.push(format!("regime.{m}{k}"));
        }
    }
    out
}

fn read_variable(cx: &mut Ctx, v: &Value, p: &FieldPath, teams: &[Team]) -> Option<Variable> {
    let t = cx.table(v, p)?;
    cx.check_keys(t, p, &registry::keys(registry::OPTIMISE_VARIABLE));
    let Some(pv) = t.get("path") else {
        cx.err(p, "a decision variable needs a `path`", None);
        return None;
    };
    let mut path = cx.string(pv, &p.key("path"))?;
    let known = variable_paths();
    if !known.contains(&path) {
        let refs: Vec<&str> = known.iter().map(String::as_str).collect();
        let hint = suggest(&path, &refs).map_or_else(
            || format!("use one of {}", refs.join(", ")),
            |s| format!("did you mean `{s}`?"),
        );
        cx.err(
            &p.key("path"),
            format!("`{path}` is not a decision the optimiser can change"),
            Some(hint),
        );
        return None;
    }
    let team = match t.get("team") {
        Some(v) => {
            let tp = p.key("team");
            let name = cx.string(v, &tp)?;
            if path != "coaching_hours" {
                cx.err(
                    &tp,
                    format!("`team` belongs to a `coaching_hours` variable, not `{path}`"),
                    None,
                );
                return None;
            }
            let Some(i) = teams.iter().position(|t| t.name == name) else {
                let names: Vec<&str> = teams.iter().map(|t| t.name.as_str()).collect();
                let hint = suggest(&name, &names).map_or_else(
                    || format!("teams: {}", names.join(", ")),
                    |s| format!("did you mean `{s}`?"),
                );
                cx.err(&tp, format!("no team named `{name}`"), Some(hint));
                return None;
            };
            // Its name in outputs, and what makes it distinct from other coaching variables.
            path = format!("coaching_hours[{name}]");
            Some(i)
        }
        None => None,
    };
    let coaching_motion = path
        .strip_prefix("coaching_hours.")
        .and_then(|m| Motion::ALL.into_iter().find(|x| x.name() == m));
    let (target, def): (Target, &KeyDef) = if let Some(i) = team {
        (Target::Coaching(Teams::One(i)), &registry::COACHING_HOURS)
    } else if path == "coaching_hours" {
        (Target::Coaching(Teams::All), &registry::COACHING_HOURS)
    } else if let Some(m) = coaching_motion {
        if !teams.iter().any(|t| t.motion == m) {
            cx.err(
                &p.key("path"),
                format!("no team sells `{}`, so `{path}` changes nothing", m.name()),
                None,
            );
            return None;
        }
        (
            Target::Coaching(Teams::Motion(m)),
            &registry::COACHING_HOURS,
        )
    } else if let Some(l) = path.strip_prefix("levers.") {
        let i = registry::LEVERS.iter().position(|r| r.key == l)?;
        (Target::Lever(i), &registry::LEVERS[i])
    } else {
        let rest = path.strip_prefix("regime.")?;
        let (motion, key) = match rest.split_once('.') {
            Some((m, k)) => (Motion::ALL.into_iter().find(|x| x.name() == m), k),
            None => (None, rest),
        };
        if let Some(m) = motion
            && !teams.iter().any(|t| t.motion == m)
        {
            cx.err(
                &p.key("path"),
                format!("no team sells `{}`, so `{path}` changes nothing", m.name()),
                None,
            );
            return None;
        }
        match key {
            "target_level" => (Target::TargetLevel(motion), &registry::TARGET_LEVEL),
            "variable_share" => (Target::VariableShare(motion), &registry::VARIABLE_SHARE),
            "cap" => (Target::Cap(motion), &registry::CAP),
            _ => {
                let kp = p.key("kpis");
                let Some(Value::Array(list)) = t.get("kpis") else {
                    cx.err(
                        &kp,
                        format!("`{path}` needs `kpis`: the KPIs whose weights are shared out"),
                        Some("e.g. kpis = [\"revenue\", \"activities\"]".into()),
                    );
                    return None;
                };
                let mut kpis = Vec::new();
                for (i, k) in list.iter().enumerate() {
                    let name = cx.string(k, &kp.index(i))?;
                    match KPIS.iter().position(|x| *x == name) {
                        Some(j) if !kpis.contains(&j) => kpis.push(j),
                        Some(_) => {
                            cx.err(&kp.index(i), format!("`{name}` is listed twice"), None);
                            return None;
                        }
                        None => {
                            let hint =
                                suggest(&name, &KPIS).map(|s| format!("did you mean `{s}`?"));
                            cx.err(&kp.index(i), format!("unknown KPI `{name}`"), hint);
                            return None;
                        }
                    }
                }
                if kpis.len() < 2 {
                    cx.err(
                        &kp,
                        "list at least two KPIs to share the weight between",
                        None,
                    );
                    return None;
                }
                for key in ["from", "to"] {
                    if t.contains_key(key) {
                        cx.err(
                            &p.key(key),
                            "weights are shares on the simplex (each 0 to 1, summing to 1): they take no bounds",
                            None,
                        );
                        return None;
                    }
                }
                return Some(Variable {
                    path,
                    target: Target::Weights(motion, kpis),
                    lo: 0.0,
                    hi: 1.0,
                });
            }
        }
    };
    if t.contains_key("kpis") {
        cx.err(
            &p.key("kpis"),
            "`kpis` belongs to a `weights` variable",
            None,
        );
        return None;
    }
    let bound = |cx: &mut Ctx, key: &str, default: f64| match t.get(key) {
        Some(v) => cx.number_of(v, &p.key(key), def),
        None => Some(default),
    };
    let lo = bound(cx, "from", def.lo)?;
    let hi = bound(cx, "to", def.hi)?;
    if lo >= hi {
        cx.err(
            &p.key("to"),
            format!("`to` ({hi}) must be above `from` ({lo})"),
            None,
        );
        return None;
    }
    Some(Variable {
        path,
        target,
        lo,
        hi,
    })
}

fn read_constraint(cx: &mut Ctx, v: &Value, p: &FieldPath) -> Option<Constraint> {
    let t = cx.table(v, p)?;
    cx.check_keys(t, p, &registry::keys(registry::OPTIMISE_CONSTRAINT));
    let Some(ov) = t.get("output") else {
        cx.err(p, "a constraint needs an `output`", None);
        return None;
    };
    let op = p.key("output");
    let output = cx.string(ov, &op)?;
    let bounded = if output == "p_profit_falls" {
        Bounded::ProfitFalls
    } else if let Some(c) = Change::ALL.into_iter().find(|c| c.name() == output) {
        Bounded::Change(c)
    } else if let Some(i) = metric_index(&output) {
        Bounded::Metric(i)
    } else {
        let mut known: Vec<&str> = vec!["p_profit_falls"];
        known.extend(Change::ALL.map(Change::name));
        known.extend(crate::metrics::METRICS.iter().map(|m| m.name));
        let hint = suggest(&output, &known).map(|s| format!("did you mean `{s}`?"));
        cx.err(&op, format!("unknown output `{output}`"), hint);
        return None;
    };
    let mut number = |key: &str| -> Option<Option<f64>> {
        match t.get(key) {
            Some(v) => cx.number(v, &p.key(key)).map(Some),
            None => Some(None),
        }
    };
    let min = number("min")?;
    let max = number("max")?;
    if min.is_none() && max.is_none() {
        cx.err(
            p,
            format!("the constraint on `{output}` needs `min`, `max` or both"),
            None,
        );
        return None;
    }
    if let (Some(a), Some(b)) = (min, max)
        && a > b
    {
        cx.err(
            &p.key("max"),
            format!("`max` ({b}) is below `min` ({a})"),
            None,
        );
        return None;
    }
    if bounded == Bounded::ProfitFalls
        && (min.is_some_and(|m| !(0.0..=1.0).contains(&m))
            || max.is_some_and(|m| !(0.0..=1.0).contains(&m)))
    {
        cx.err(
            p,
            "`p_profit_falls` is a share of worlds: bounds between 0 and 1",
            Some("e.g. max = 0.10 for at most 10 %".into()),
        );
        return None;
    }
    Some(Constraint {
        output,
        bounded,
        min,
        max,
    })
}

/// A copy of `base` with the decision variables set to `values` (one per
/// [`Variable::values`], weights summing to 1), named `name`.
pub fn apply(
    base: &Variant,
    teams: &[Team],
    spec: &OptimiseSpec,
    values: &[f64],
    name: &str,
) -> Variant {
    let mut v = base.clone();
    v.name = name.to_string();
    v.baseline = false;
    let mut at = 0;
    for var in &spec.variables {
        let n = var.values();
        let x = &values[at..at + n];
        at += n;
        let matches = |m: &Option<Motion>, t: &Team| m.is_none_or(|m| m == t.motion);
        match &var.target {
            Target::Coaching(which) => {
                v.set_coaching(teams, |i, t| which.includes(i, t).then_some(x[0]))
            }
            Target::Lever(i) => *v.levers.slot_mut(*i) = x[0],
            Target::TargetLevel(m) | Target::VariableShare(m) | Target::Cap(m) => {
                for (team, r) in teams.iter().zip(v.regimes.iter_mut()) {
                    if !matches(m, team) {
                        continue;
                    }
                    match var.target {
                        Target::TargetLevel(_) => r.target_level = x[0],
                        Target::VariableShare(_) => r.variable_share = x[0],
                        _ => r.cap = x[0],
                    }
                    r.name = format!("{name}-{}", team.name);
                }
            }
            Target::Weights(m, kpis) => {
                for (team, r) in teams.iter().zip(v.regimes.iter_mut()) {
                    if !matches(m, team) {
                        continue;
                    }
                    r.weights = [0.0; KPIS.len()];
                    for (&k, &w) in kpis.iter().zip(x) {
                        r.weights[k] = w;
                    }
                    r.name = format!("{name}-{}", team.name);
                }
            }
        }
    }
    v
}
