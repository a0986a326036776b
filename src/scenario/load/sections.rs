//! Reading the plain sections: `[experiment]`, `[run]`, `[[teams]]`, the parameter tables
//! (`[traditional]`, `[complex]`, `[incentives]`, ..., `[model]`) with habit and playbook
//! shares, and `[perceived_effect]`.

use std::collections::HashSet;

use toml::Value;

use super::ctx::{Ctx, FieldPath, suggest, type_name};
use crate::scenario::params::{ACTIVITIES, KPIS, MotionParams, N_ACT};
use crate::scenario::registry::{self, KeyDef};
use crate::scenario::{BehaviourTables, Experiment, Motion, ParamRef, ParamSet, RunSettings, Team};

pub(super) fn read_experiment(cx: &mut Ctx, root: &toml::Table, stem: &str) -> Option<Experiment> {
    let path = FieldPath::default().key("experiment");
    let mut e = Experiment {
        name: stem.to_string(),
        description: String::new(),
    };
    let Some(v) = root.get("experiment") else {
        return Some(e);
    };
    let t = cx.table(v, &path)?;
    cx.check_keys(t, &path, &registry::keys(registry::EXPERIMENT));
    if let Some(v) = t.get("name") {
        e.name = cx.string(v, &path.key("name"))?;
    }
    if let Some(v) = t.get("description") {
        e.description = cx.string(v, &path.key("description"))?;
    }
    Some(e)
}

pub(super) fn read_run(cx: &mut Ctx, root: &toml::Table) -> Option<RunSettings> {
    use registry::{
        BURN_IN_WEEKS, CURRENCY, HORIZON_WEEKS, PERIOD_WEEKS, PILOT_TRIALS, SEED, TRIALS,
    };
    let path = FieldPath::default().key("run");
    let mut r = RunSettings {
        trials: TRIALS.whole_default() as u64,
        seed: SEED.whole_default() as u64,
        burn_in_weeks: BURN_IN_WEEKS.whole_default() as u32,
        horizon_weeks: HORIZON_WEEKS.whole_default() as u32,
        period_weeks: PERIOD_WEEKS.whole_default() as u32,
        currency: CURRENCY.default_text.into(),
        pilot_trials: PILOT_TRIALS.whole_default() as u32,
    };
    let Some(v) = root.get("run") else {
        return Some(r);
    };
    let t = cx.table(v, &path)?;
    cx.check_keys(t, &path, &registry::keys(registry::RUN));
    let before = cx.errors.len();
    // A count given in the file, in its row's range (the lower end after an error, which
    // discards the settings anyway).
    let count = |cx: &mut Ctx, def: &KeyDef| {
        t.get(def.key).map(|v| {
            cx.count_of(v, &path.key(def.key), def)
                .unwrap_or(def.lo as i64)
        })
    };
    if let Some(x) = count(cx, &TRIALS) {
        r.trials = x as u64;
    }
    if let Some(x) = count(cx, &SEED) {
        r.seed = x as u64;
    }
    if let Some(x) = count(cx, &BURN_IN_WEEKS) {
        r.burn_in_weeks = x as u32;
    }
    if let Some(x) = count(cx, &HORIZON_WEEKS) {
        r.horizon_weeks = x as u32;
    }
    if let Some(x) = count(cx, &PERIOD_WEEKS) {
        r.period_weeks = x as u32;
    }
    if let Some(x) = count(cx, &PILOT_TRIALS) {
        r.pilot_trials = x as u32;
    }
    if let Some(v) = t.get(CURRENCY.key) {
        let c = cx.string(v, &path.key(CURRENCY.key))?;
        if c.trim().is_empty() || c.len() > CURRENCY.hi as usize {
            cx.err(
                &path.key(CURRENCY.key),
                format!(
                    "currency label must be {} to {} characters",
                    CURRENCY.lo, CURRENCY.hi
                ),
                None,
            );
        }
        r.currency = c;
    }
    (cx.errors.len() == before).then_some(r)
}

/// The default organisation of the registry.
pub(super) fn default_teams() -> Vec<Team> {
    registry::DEFAULT_TEAMS
        .iter()
        .map(|&(name, motion, reps)| Team {
            name: name.into(),
            motion,
            reps,
        })
        .collect()
}

pub(super) fn read_teams(cx: &mut Ctx, root: &toml::Table) -> Option<Vec<Team>> {
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
    if items.len() > registry::MAX_TEAMS {
        cx.err(
            &path,
            format!("{} teams is more than {}", items.len(), registry::MAX_TEAMS),
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
        cx.check_keys(t, &p, &registry::keys(registry::TEAMS));
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
        let reps = match t.get(registry::REPS.key) {
            None => {
                cx.err(&p, "a team needs `reps` (number of rep seats)", None);
                continue;
            }
            Some(v) => match cx.count_of(v, &p.key(registry::REPS.key), &registry::REPS) {
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
pub(super) fn read_params_into(
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
        known.push(DEAL_VALUE_MEAN);
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
        if let Some(v) = t.get(DEAL_VALUE_MEAN) {
            deal_value_mean(cx, t, v, &path, params, motion);
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
    // The sections shared by all motions: incentives, people, economics, routing, model.
    for (group, specs, param_ref) in ParamRef::shared_sections() {
        let Some(v) = table.get(group) else { continue };
        let path = base.key(group);
        let Some(t) = cx.table(v, &path) else {
            continue;
        };
        let mut known: Vec<&str> = specs
            .iter()
            .filter(|s| s.section == group)
            .map(|s| s.key)
            .collect();
        // A scenario-wide choice, read with the variants (not a parameter a variant sets).
        if behaviour.is_some() && group == registry::MANAGER_CAPACITY.section {
            known.push(registry::MANAGER_CAPACITY.key);
        }
        cx.check_keys(t, &path, &known);
        for (i, spec) in specs.iter().enumerate() {
            if spec.section != group {
                continue;
            }
            if let Some(v) = t.get(spec.key)
                && let Some(pv) = cx.param(v, &path.key(spec.key), spec)
            {
                *params.get_mut(param_ref(i)) = pv;
            }
        }
    }
}

/// The business-terms alternative to `value_median` (docs/model.md section 4.3): the mean
/// list value of a deal.
pub(crate) const DEAL_VALUE_MEAN: &str = "deal_value_mean";

/// `deal_value_mean` of a motion table: the median list value is the mean divided by
/// `exp(value_sigma² / 2)` (a log-normal's mean over its median), with the table's (or the
/// default) `value_sigma`. Giving `value_median` too is an error.
fn deal_value_mean(
    cx: &mut Ctx,
    t: &toml::Table,
    v: &Value,
    path: &FieldPath,
    params: &mut ParamSet,
    motion: Motion,
) {
    let at = path.key(DEAL_VALUE_MEAN);
    if t.contains_key("value_median") {
        cx.err(
            &at,
            "give value_median or deal_value_mean, not both",
            Some("deal_value_mean is converted to value_median with value_sigma".into()),
        );
        return;
    }
    let spec = &MotionParams::SPECS[idx_m("value_median")];
    let Some(mean) = cx.number_of(v, &at, spec) else {
        return;
    };
    let sigma = params
        .get(ParamRef::Motion(motion, idx_m("value_sigma")))
        .nominal();
    let median = mean / (sigma * sigma / 2.0).exp();
    *params.get_mut(ParamRef::Motion(motion, idx_m("value_median"))) =
        crate::scenario::ParamValue::Fixed(median.max(spec.lo));
}

/// A Beta with mean m and sd s exists only when s^2 < m (1 - m); report it at `path` if not.
pub(crate) fn check_skill(cx: &mut Ctx, params: &ParamSet, motion: Motion, path: &FieldPath) {
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

pub(crate) fn idx_m(key: &str) -> usize {
    MotionParams::index_of(key).unwrap_or(0)
}

fn read_shares(cx: &mut Ctx, v: &Value, path: &FieldPath, out: &mut [f64; N_ACT]) {
    let Some(t) = cx.table(v, path) else { return };
    cx.check_keys(t, path, &ACTIVITIES);
    let mut shares = *out;
    let mut ok = true;
    for (a, name) in ACTIVITIES.iter().enumerate() {
        match t.get(*name) {
            Some(v) => match cx.number_of(v, &path.key(name), &registry::SHARE) {
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

pub(super) fn read_perceived_effect(cx: &mut Ctx, root: &toml::Table, b: &mut BehaviourTables) {
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
                && let Some(x) = cx.number_of(v, &p.key(kpi), &registry::PERCEIVED)
            {
                b.perceived_effect[a][k] = x;
            }
        }
    }
}
