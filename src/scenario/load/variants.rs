//! Reading regimes and variants: built-in and user regimes resolved per motion, each variant's
//! regime, coaching, levers and parameter overrides (`set`), the baseline rules, and the
//! manager-time check shared with sweeps.

use std::collections::{BTreeMap, HashSet};

use toml::Value;

use super::ctx::{Ctx, FieldPath, suggest, type_name};
use super::sections::{check_skill, default_teams, idx_m, read_params_into};
use crate::scenario::params::KPIS;
use crate::scenario::regime::{self, Regime, RegimeDef, Target};
use crate::scenario::registry::{self, CAP, COACHING_HOURS, TARGET_LEVEL, VARIABLE_SHARE};
use crate::scenario::{Levers, Motion, ParamRef, ParamSet, Team, Variant};

pub(super) fn read_regimes(
    cx: &mut Ctx,
    root: &toml::Table,
) -> BTreeMap<String, (RegimeDef, FieldPath)> {
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
        cx.check_keys(rt, &p, &registry::keys(registry::REGIMES));
        let before = cx.errors.len();
        let mut r = Regime::with_weights(name, &[], TARGET_LEVEL.default[0]);
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
                            && let Some(x) = cx.number_of(v, &wp.key(kpi), &registry::WEIGHT)
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
        if let Some(v) = rt.get(TARGET_LEVEL.key) {
            r.target_level = cx
                .number_of(v, &p.key(TARGET_LEVEL.key), &TARGET_LEVEL)
                .unwrap_or(TARGET_LEVEL.default[0]);
        }
        if let Some(v) = rt.get(VARIABLE_SHARE.key) {
            r.variable_share = cx
                .number_of(v, &p.key(VARIABLE_SHARE.key), &VARIABLE_SHARE)
                .unwrap_or(VARIABLE_SHARE.default[0]);
        }
        if let Some(v) = rt.get(CAP.key) {
            r.cap = cx
                .number_of(v, &p.key(CAP.key), &CAP)
                .unwrap_or(CAP.default[0]);
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
                                if let Some(x) = cx.number_of(v, &tp.key(kpi), &registry::TARGET) {
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
pub(super) fn resolve_regime(
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

pub(super) fn read_variants(
    cx: &mut Ctx,
    root: &toml::Table,
    teams: &Option<Vec<Team>>,
    regimes: &BTreeMap<String, (RegimeDef, FieldPath)>,
    base_params: &ParamSet,
    fixed_capacity: bool,
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
    if items.len() > registry::MAX_VARIANTS {
        cx.err(
            &path,
            format!(
                "{} variants is more than {}",
                items.len(),
                registry::MAX_VARIANTS
            ),
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
        cx.check_keys(t, &p, &registry::keys(registry::VARIANTS));
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
        let mut regime_names: Vec<String> = vec![registry::DEFAULT_REGIME.into(); teams.len()];
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
        let coaching = read_coaching(cx, t.get(COACHING_HOURS.key), &p, teams);
        let mut levers = Levers::default();
        if let Some(v) = t.get("levers") {
            let lp = p.key("levers");
            if let Some(lt) = cx.table(v, &lp) {
                cx.check_keys(lt, &lp, &registry::keys(registry::LEVERS));
                for (i, def) in registry::LEVERS.iter().enumerate() {
                    if let Some(v) = lt.get(def.key)
                        && let Some(x) = cx.number_of(v, &lp.key(def.key), def)
                    {
                        *levers.slot_mut(i) = x;
                    }
                }
            }
        }
        let mut overrides = Vec::new();
        let mut vparams = base_params.clone();
        // The skill key a variant's `set` gives, per motion (skill_sd first).
        let mut skill_keys: [Option<&'static str>; 2] = [None; 2];
        let sp = p.key("set");
        if let Some(v) = t.get("set")
            && let Some(st) = cx.table(v, &sp)
        {
            let st = expand_dotted(st);
            let mut known: Vec<&str> = Motion::ALL.map(Motion::name).to_vec();
            known.extend(ParamRef::shared_sections().map(|(group, ..)| group));
            cx.check_keys(&st, &sp, &known);
            let mut set = ParamSet::defaults();
            read_params_into(cx, &st, &sp, &mut set, None);
            for r in ParamSet::refs() {
                if is_given(&st, r) {
                    overrides.push((r, set.get(r).clone()));
                }
            }
            vparams = base_params.with_overrides(&overrides);
            for motion in Motion::ALL {
                let given = |key: &'static str| {
                    is_given(&st, ParamRef::Motion(motion, idx_m(key))).then_some(key)
                };
                skill_keys[motion.index()] = given("skill_sd").or_else(|| given("skill_mean"));
            }
        }
        let mut variant = Variant {
            name,
            baseline,
            description,
            regimes: team_regimes,
            coaching_hours: COACHING_HOURS.default[0],
            team_coaching_hours: Vec::new(),
            levers,
            overrides,
        };
        variant.set_coaching(teams, |i, _| Some(coaching[i]));
        check_cross_fields(
            cx,
            teams,
            &vparams,
            &variant,
            fixed_capacity,
            |motion| skill_keys[motion.index()].map(|key| sp.key(motion.name()).key(key)),
            &p.key(COACHING_HOURS.key),
        );
        out.push(variant);
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

/// A variant's `coaching_hours`, one value per team: a number for every team, or a table by
/// team name, motion and `default` (a team takes its own name's value, else its motion's,
/// else `default`'s, else the built-in default). Docs: docs/model.md section 6.1.
fn read_coaching(cx: &mut Ctx, v: Option<&Value>, p: &FieldPath, teams: &[Team]) -> Vec<f64> {
    let def = &COACHING_HOURS;
    let at = p.key(def.key);
    let mut out = vec![def.default[0]; teams.len()];
    match v {
        None => {}
        Some(Value::Table(ct)) => {
            let mut known: Vec<&str> = Motion::ALL.map(Motion::name).to_vec();
            known.push(COACHING_DEFAULT);
            known.extend(teams.iter().map(|t| t.name.as_str()));
            cx.check_keys(ct, &at, &known);
            let mut given: BTreeMap<&str, f64> = BTreeMap::new();
            for (k, v) in ct {
                if !known.contains(&k.as_str()) {
                    continue;
                }
                if let Some(x) = cx.number_of(v, &at.key(k), def) {
                    given.insert(k.as_str(), x);
                }
            }
            for m in Motion::ALL {
                if given.contains_key(m.name())
                    && !teams.iter().any(|t| t.motion == m || t.name == m.name())
                {
                    warn(
                        cx,
                        &at.key(m.name()),
                        format!(
                            "no team sells `{}`, so this value changes nothing",
                            m.name()
                        ),
                    );
                }
            }
            for (ti, team) in teams.iter().enumerate() {
                let x = [team.name.as_str(), team.motion.name(), COACHING_DEFAULT]
                    .into_iter()
                    .find_map(|k| given.get(k));
                if let Some(&x) = x {
                    out[ti] = x;
                }
            }
        }
        Some(v) => {
            if let Some(x) = cx.number_of(v, &at, def) {
                out.iter_mut().for_each(|h| *h = x);
            }
        }
    }
    out
}

/// The key of a `coaching_hours` table that gives the hours of every team it does not name.
pub(crate) const COACHING_DEFAULT: &str = "default";

/// Record a located warning (the file still loads).
fn warn(cx: &mut Ctx, at: &FieldPath, message: String) {
    let before = cx.errors.len();
    cx.err(at, message, None);
    if let Some(w) = cx.errors.pop().filter(|_| cx.errors.len() == before) {
        cx.warnings.push(w);
    }
}

/// The checks of a variant that span several keys, shared by listed variants and sweep
/// points: skill mean and sd must fit together as the variant combines them (reported at
/// `skill_at(motion)`, skipped where it gives no path), then, when the scenario declares
/// `manager_capacity = "fixed"` (`fixed_capacity`), each team's manager must have the hours
/// the variant asks for (reported at `budget_at`).
pub(crate) fn check_cross_fields(
    cx: &mut Ctx,
    teams: &[Team],
    vparams: &ParamSet,
    variant: &Variant,
    fixed_capacity: bool,
    skill_at: impl Fn(Motion) -> Option<FieldPath>,
    budget_at: &FieldPath,
) {
    for motion in Motion::ALL {
        if let Some(at) = skill_at(motion) {
            check_skill(cx, vparams, motion, &at);
        }
    }
    if fixed_capacity {
        check_budget(cx, budget_at, teams, vparams, variant);
    }
}

/// `[economics] manager_capacity`: true for `"fixed"` (docs/model.md section 6.1).
pub(super) fn read_manager_capacity(cx: &mut Ctx, root: &toml::Table) -> bool {
    let def = &registry::MANAGER_CAPACITY;
    let Some(v) = root
        .get(def.section)
        .and_then(Value::as_table)
        .and_then(|t| t.get(def.key))
    else {
        return false;
    };
    let at = FieldPath::default().key(def.section).key(def.key);
    let Some(choice) = cx.string(v, &at) else {
        return false;
    };
    let choices = registry::MANAGER_CAPACITY_CHOICES;
    if !choices.contains(&choice.as_str()) {
        let hint = suggest(&choice, &choices).map_or_else(
            || "use \"flexible\" or \"fixed\"".to_string(),
            |s| format!("did you mean \"{s}\"?"),
        );
        cx.err(
            &at,
            format!("unknown manager capacity `{choice}`"),
            Some(hint),
        );
        return false;
    }
    choice == "fixed"
}

/// Check that each team's manager has the hours a variant asks for (at nominal values, with
/// the team's own coaching hours); called only when the scenario declares
/// `manager_capacity = "fixed"`: with the default `"flexible"` the extra hours are priced in
/// the simulation instead (docs/model.md section 6.1).
fn check_budget(
    cx: &mut Ctx,
    path: &FieldPath,
    teams: &[Team],
    vparams: &ParamSet,
    variant: &Variant,
) {
    for (ti, team) in teams.iter().enumerate() {
        let mi = team.motion.index();
        let h_mgr = vparams.motion[mi][idx_m("manager_hours_per_week")].nominal();
        let complex = team.motion == Motion::Complex;
        let coaching_hours = variant.coaching_of(ti);
        let used = registry::manager_hours(coaching_hours, team.reps, complex, &variant.levers);
        if used > h_mgr + 1e-9 {
            cx.err(
                path,
                format!(
                    "team `{}` needs {used:.2} manager hours a week ({} reps x {coaching_hours} h coaching plus levers) but its manager has {h_mgr}: over by {:.2} h",
                    team.name,
                    team.reps,
                    used - h_mgr
                ),
                Some("lower coaching_hours or levers, raise manager_hours_per_week, or let extra manager capacity be priced with `manager_capacity = \"flexible\"`".into()),
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
