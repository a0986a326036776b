//! What the page may change, and how a change becomes a scenario: the settings are written
//! into a copy of the scenario's TOML table (a new variant for the decisions, the shared
//! parameter tables for the assumptions) and the result is loaded by the normal loader, so a
//! bad value gets the same located message as in a scenario file.

use std::collections::BTreeMap;

use serde::Serialize;
use toml::Value;

use crate::lang::{Lang, labels};

pub use super::shift::{centre, shifted};
use super::shift::{describe, nice_step};
use crate::scenario::regime::BUILTIN_NAMES;
use crate::scenario::registry::{self, COACHING_HOURS, KeyDef, TARGET_LEVEL, VARIABLE_SHARE};
use crate::scenario::{ParamSet, ParamValue, Scenario, load_str};

/// Settings sent by the page: control key → value as text.
pub type Settings = BTreeMap<String, String>;

/// One control of the page.
#[derive(Clone, Debug, Serialize)]
pub struct Control {
    /// Key sent back with the value (`coaching_hours`, `levers.gate`, `team.0.regime`,
    /// `team.0.target_level`, `assume.complex.loss_per_week`).
    pub key: String,
    /// `decision` or `assumption`.
    pub group: &'static str,
    /// Label in the page's language.
    pub label: String,
    /// Unit, as the reference spells it (may be empty).
    pub unit: &'static str,
    /// Starting value, as text.
    pub value: String,
    /// Lowest value of a slider (`None` for a choice).
    pub min: Option<f64>,
    /// Highest value of a slider.
    pub max: Option<f64>,
    /// Step of a slider.
    pub step: Option<f64>,
    /// The choices of a select (empty for a slider).
    pub choices: Vec<String>,
    /// For an assumption: its distribution as written (e.g. `triangular 0.02 – 0.04`).
    pub note: String,
}

/// The scenario as read at start, and what the page offers to change.
pub struct Base {
    /// Text of the scenario file.
    pub text: String,
    /// File name used in messages.
    pub file: String,
    /// File stem (the default experiment name).
    pub stem: String,
    /// The parsed table.
    pub table: toml::Table,
    /// The scenario as loaded.
    pub scenario: Scenario,
    /// Index of the variant the explore variant starts from (the headline variant).
    pub proposal: usize,
    /// Name of the new variant.
    pub name: String,
    /// The page's controls with their starting values.
    pub controls: Vec<Control>,
    /// Fixed assumptions offered on the page (paths): [`ALWAYS_OFFERED`] and the most
    /// influential ones of the quick pass (`explore::influence`).
    pub key_assumptions: Vec<String>,
}

/// The assumption offered even when the scenario fixes it and the quick pass ranks it low:
/// how strongly reps chase what pays (the workshop's "what if our reps react less to pay?").
pub const ALWAYS_OFFERED: &str = "incentives.responsiveness";

/// How many fixed assumptions the quick sensitivity pass adds to the page (docs/explore.md).
pub const RANKED_SHOWN: usize = 4;

/// Text of a number for a control: the shortest text that reads back to the same `f64`.
fn num(x: f64) -> String {
    format!("{x}")
}

/// A slider's step for a key's range.
fn step_of(def: &KeyDef, hi: f64) -> f64 {
    if def.integer {
        1.0
    } else if hi - def.lo <= 1.0 {
        0.05
    } else if hi - def.lo <= 10.0 {
        0.1
    } else {
        0.5
    }
}

/// The uncertain parameters of a scenario's shared tables: (path, value).
pub fn uncertain(params: &ParamSet) -> Vec<(String, ParamValue)> {
    ParamSet::refs()
        .filter_map(|r| match params.get(r) {
            v @ ParamValue::Uncertain(_) => Some((r.path(), v.clone())),
            ParamValue::Fixed(_) => None,
        })
        .collect()
}

/// A name not used by any variant of `scenario` (`explore`, `explore-2`, ...).
fn free_name(scenario: &Scenario) -> String {
    let taken = |n: &str| scenario.variants.iter().any(|v| v.name == n);
    let mut name = "explore".to_string();
    let mut k = 2;
    while taken(&name) {
        name = format!("explore-{k}");
        k += 1;
    }
    name
}

/// The variant the page starts from: the report's headline variant, else the first that is
/// not the baseline (the baseline itself when there is no other).
pub fn proposal_of(scenario: &Scenario) -> usize {
    let b = scenario.baseline_index();
    scenario
        .design
        .headline
        .or_else(|| (0..scenario.variants.len()).find(|&v| v != b))
        .unwrap_or(b)
}

impl Base {
    /// Read the scenario text and work out the controls (labels in `lang`).
    ///
    /// # Errors
    /// The loader's located messages when the scenario itself is invalid.
    ///
    /// `ranked` lists fixed assumptions by influence, largest first (the quick pass of
    /// `explore::influence`); the first [`RANKED_SHOWN`] become controls next to
    /// [`ALWAYS_OFFERED`] and the scenario's uncertain ones.
    pub fn new(
        text: String,
        file: &str,
        stem: &str,
        lang: Lang,
        ranked: &[String],
    ) -> Result<Base, String> {
        let scenario = load_str(&text, file, stem).map_err(|e| e.to_string())?;
        let table: toml::Table = text.parse().map_err(|e| format!("{file}: {e}"))?;
        let proposal = proposal_of(&scenario);
        let v = &scenario.variants[proposal];
        let mut controls = Vec::new();
        let slider =
            |key: String, group, def: &KeyDef, hi: f64, value: f64, label: String| Control {
                key,
                group,
                label,
                unit: def.unit,
                value: num(value),
                min: Some(def.lo),
                max: Some(hi),
                step: Some(step_of(def, hi)),
                choices: Vec::new(),
                note: String::new(),
            };
        // Coaching for all teams at once (the page moves every team's slider with it), then
        // each team's own below (a team's own value wins, docs/model.md section 6.1).
        controls.push(slider(
            "coaching_hours".into(),
            "decision",
            &COACHING_HOURS,
            8.0,
            v.coaching_hours,
            format!(
                "{}: {}",
                lang.t("All teams", "Alla team"),
                labels::param_or_path("coaching_hours", lang)
            ),
        ));
        let mut regimes: Vec<String> = BUILTIN_NAMES.iter().map(|s| s.to_string()).collect();
        if let Some(Value::Table(rt)) = table.get("regimes") {
            regimes.extend(rt.keys().cloned());
        }
        for (ti, team) in scenario.teams.iter().enumerate() {
            let r = &v.regimes[ti];
            let mut choices = regimes.clone();
            if !choices.contains(&r.name) {
                choices.push(r.name.clone());
            }
            let who = format!("{} ({})", team.name, team.motion.name());
            controls.push(Control {
                key: format!("team.{ti}.regime"),
                group: "decision",
                label: format!("{}: {}", who, lang.t("regime", "regim")),
                unit: "",
                value: r.name.clone(),
                min: None,
                max: None,
                step: None,
                choices,
                note: String::new(),
            });
            controls.push(slider(
                format!("team.{ti}.coaching_hours"),
                "decision",
                &COACHING_HOURS,
                8.0,
                v.coaching_of(ti),
                format!("{}: {}", who, labels::param_or_path("coaching_hours", lang)),
            ));
            controls.push(slider(
                format!("team.{ti}.target_level"),
                "decision",
                &TARGET_LEVEL,
                2.0,
                r.target_level,
                format!(
                    "{}: {}",
                    who,
                    labels::param_or_path("regime.target_level", lang)
                ),
            ));
            controls.push(slider(
                format!("team.{ti}.variable_share"),
                "decision",
                &VARIABLE_SHARE,
                1.0,
                r.variable_share,
                format!(
                    "{}: {}",
                    who,
                    labels::param_or_path("regime.variable_share", lang)
                ),
            ));
        }
        for (i, def) in registry::LEVERS.iter().enumerate() {
            let value = v.levers.slot(i);
            controls.push(slider(
                format!("levers.{}", def.key),
                "decision",
                def,
                def.hi,
                value,
                labels::param_or_path(&format!("levers.{}", def.key), lang),
            ));
        }
        for (path, value) in uncertain(&scenario.params) {
            let ParamValue::Uncertain(d) = &value else {
                continue;
            };
            let r = ParamSet::refs()
                .find(|r| r.path() == path)
                .expect("a path of refs()");
            let def = r.spec();
            let (lo, hi) = d.support();
            let (lo, hi) = (lo.max(def.lo), hi.min(def.hi));
            let span = if lo.is_finite() && hi.is_finite() {
                hi - lo
            } else {
                centre(&value).abs().max(1.0)
            };
            controls.push(Control {
                key: format!("assume.{path}"),
                group: "assumption",
                label: labels::param_or_path(&path, lang),
                unit: def.unit,
                value: num(centre(&value)),
                min: Some(lo.max(def.lo)),
                max: Some(hi.min(def.hi)),
                step: Some(if def.integer { 1.0 } else { nice_step(span) }),
                choices: Vec::new(),
                note: describe(d, lang),
            });
        }
        // Fixed assumptions: pay responsiveness always, then the most influential ones of
        // the quick sensitivity pass (docs/explore.md).
        let mut key_assumptions = vec![ALWAYS_OFFERED.to_string()];
        key_assumptions.extend(
            ranked
                .iter()
                .filter(|p| p.as_str() != ALWAYS_OFFERED)
                .take(RANKED_SHOWN)
                .cloned(),
        );
        for path in &key_assumptions {
            let path = path.as_str();
            let Some(r) = ParamSet::refs().find(|r| r.path() == path) else {
                continue;
            };
            let ParamValue::Fixed(x) = *scenario.params.get(r) else {
                continue;
            };
            let def = r.spec();
            let (lo, hi) = if x > 0.0 {
                ((x / 4.0).max(def.lo), (x * 4.0).min(def.hi))
            } else {
                (def.lo, (def.lo + 1.0).min(def.hi))
            };
            controls.push(Control {
                key: format!("assume.{path}"),
                group: "assumption",
                label: labels::param_or_path(path, lang),
                unit: def.unit,
                value: num(x),
                min: Some(lo),
                max: Some(hi),
                step: Some(if def.integer { 1.0 } else { nice_step(hi - lo) }),
                choices: Vec::new(),
                note: lang
                    .t("fixed in the scenario", "fast i scenariot")
                    .to_string(),
            });
        }
        let name = free_name(&scenario);
        Ok(Base {
            text,
            file: file.to_string(),
            stem: stem.to_string(),
            table,
            scenario,
            proposal,
            name,
            controls,
            key_assumptions,
        })
    }

    /// The starting settings (every control at its value).
    pub fn start(&self) -> Settings {
        self.controls
            .iter()
            .map(|c| (c.key.clone(), c.value.clone()))
            .collect()
    }

    fn control(&self, key: &str) -> Option<&Control> {
        self.controls.iter().find(|c| c.key == key)
    }

    /// The scenario file with `settings` applied: the original text with the new variant
    /// (and its regimes) appended when only decisions changed, else the whole table written
    /// anew (comments are then lost; a header says so). Checked by the normal loader.
    ///
    /// # Errors
    /// A message for the page: an unknown key, a value that is not a number, or the
    /// loader's located messages.
    pub fn apply(&self, settings: &Settings) -> Result<(String, Scenario), String> {
        let mut values: BTreeMap<&str, f64> = BTreeMap::new();
        let mut names: BTreeMap<usize, String> = BTreeMap::new();
        for (k, v) in settings {
            let Some(c) = self.control(k) else {
                return Err(format!("unknown setting `{k}`"));
            };
            if c.choices.is_empty() {
                let x: f64 = v
                    .trim()
                    .parse()
                    .ok()
                    .filter(|x: &f64| x.is_finite())
                    .ok_or_else(|| format!("{}: `{v}` is not a number", c.label))?;
                values.insert(c.key.as_str(), x);
            } else {
                let ti = k
                    .strip_prefix("team.")
                    .and_then(|r| r.split('.').next())
                    .and_then(|i| i.parse().ok())
                    .expect("regime keys are team.N.regime");
                names.insert(ti, v.clone());
            }
        }
        let proposal = &self.scenario.variants[self.proposal];
        let get = |key: &str, default: f64| values.get(key).copied().unwrap_or(default);

        // The explore variant: a copy of the proposal's table (its `set` overrides too).
        let mut variant = self
            .table
            .get("variants")
            .and_then(Value::as_array)
            .and_then(|a| a.get(self.proposal))
            .and_then(Value::as_table)
            .cloned()
            .unwrap_or_default();
        variant.remove("baseline");
        variant.insert("name".into(), Value::String(self.name.clone()));
        variant.insert(
            "description".into(),
            Value::String(format!(
                "Set in spmsim explore, starting from `{}`",
                proposal.name
            )),
        );
        // Each team's hours: its own slider, else the all-teams slider, else the proposal's.
        let all = values.get("coaching_hours").copied();
        let hours: Vec<f64> = (0..self.scenario.teams.len())
            .map(|ti| {
                values
                    .get(format!("team.{ti}.coaching_hours").as_str())
                    .copied()
                    .or(all)
                    .unwrap_or_else(|| proposal.coaching_of(ti))
            })
            .collect();
        let coaching = match hours.first() {
            Some(&h) if hours.iter().any(|&x| x != h) => Value::Table(
                self.scenario
                    .teams
                    .iter()
                    .zip(&hours)
                    .map(|(t, &x)| (t.name.clone(), Value::Float(x)))
                    .collect(),
            ),
            Some(&h) => Value::Float(h),
            None => Value::Float(get("coaching_hours", proposal.coaching_hours)),
        };
        variant.insert("coaching_hours".into(), coaching);
        let mut levers = toml::Table::new();
        for (i, def) in registry::LEVERS.iter().enumerate() {
            let x = get(&format!("levers.{}", def.key), proposal.levers.slot(i));
            if x != 0.0 {
                levers.insert(def.key.into(), Value::Float(x));
            }
        }
        if levers.is_empty() {
            variant.remove("levers");
        } else {
            variant.insert("levers".into(), Value::Table(levers));
        }
        let mut by_team = toml::Table::new();
        for (ti, team) in self.scenario.teams.iter().enumerate() {
            let name = names
                .get(&ti)
                .cloned()
                .unwrap_or_else(|| proposal.regimes[ti].name.clone());
            by_team.insert(team.name.clone(), Value::String(name));
        }
        variant.insert("regime".into(), Value::Table(by_team.clone()));

        // Assumptions: the shared tables, for every variant alike.
        let mut table = self.table.clone();
        let mut assumed = false;
        let offered = uncertain(&self.scenario.params).into_iter().chain(
            self.key_assumptions
                .iter()
                .filter_map(|p| ParamSet::refs().find(|r| r.path() == *p))
                .filter_map(|r| match self.scenario.params.get(r) {
                    v @ ParamValue::Fixed(_) => Some((r.path(), v.clone())),
                    ParamValue::Uncertain(_) => None,
                }),
        );
        for (path, value) in offered {
            let key = format!("assume.{path}");
            let Some(&to) = values.get(key.as_str()) else {
                continue;
            };
            if to == centre(&value) {
                continue;
            }
            let written = match &value {
                ParamValue::Uncertain(d) => Value::Table(shifted(d, to)),
                ParamValue::Fixed(_) => Value::Float(to),
            };
            let (section, k) = path.split_once('.').expect("section.key");
            let sec = table
                .entry(section)
                .or_insert_with(|| Value::Table(toml::Table::new()));
            if let Value::Table(st) = sec {
                st.insert(k.into(), written);
                assumed = true;
            }
        }

        // First pass: the regimes by name; the loader resolves them per team.
        let label = format!("{} + explore", self.file);
        let first = self.compose(&table, &variant, &toml::Table::new(), assumed);
        let loaded = load_str(&first, &label, &self.stem).map_err(|e| e.to_string())?;
        let ex = loaded
            .variants
            .iter()
            .find(|v| v.name == self.name)
            .expect("the explore variant was added");
        // Second pass: a team whose target level or variable pay differs from its regime's
        // gets a regime of its own with the same weights.
        let mut regimes = toml::Table::new();
        for (ti, team) in self.scenario.teams.iter().enumerate() {
            let r = &ex.regimes[ti];
            let q = get(&format!("team.{ti}.target_level"), r.target_level);
            let vs = get(&format!("team.{ti}.variable_share"), r.variable_share);
            if q == r.target_level && vs == r.variable_share {
                continue;
            }
            let rname = format!("{}-{}", self.name, team.name);
            let mut rt = toml::Table::new();
            rt.insert(
                "description".into(),
                Value::String(format!("`{}` with the settings of spmsim explore", r.name)),
            );
            let mut w = toml::Table::new();
            let mut targets = toml::Table::new();
            for (k, kpi) in crate::scenario::params::KPIS.iter().enumerate() {
                if r.weights[k] > 0.0 {
                    w.insert(kpi.to_string(), Value::Float(r.weights[k]));
                }
                if let crate::scenario::regime::Target::Absolute(x) = r.targets[k] {
                    targets.insert(kpi.to_string(), Value::Float(x));
                }
            }
            rt.insert("weights".into(), Value::Table(w));
            rt.insert("target_level".into(), Value::Float(q));
            rt.insert("variable_share".into(), Value::Float(vs));
            rt.insert("cap".into(), Value::Float(r.cap));
            if !targets.is_empty() {
                rt.insert("targets".into(), Value::Table(targets));
            }
            regimes.insert(rname.clone(), Value::Table(rt));
            by_team.insert(team.name.clone(), Value::String(rname));
        }
        if regimes.is_empty() {
            return Ok((first, loaded));
        }
        variant.insert("regime".into(), Value::Table(by_team));
        let text = self.compose(&table, &variant, &regimes, assumed);
        let own = format!("unknown regime `{}-", self.name);
        let loaded = load_str(&text, &label, &self.stem).map_err(|mut e| {
            // A regime of our own refused for its value is also unknown to the variant:
            // say it once.
            if e.errors.len() > 1 {
                e.errors.retain(|x| !x.to_string().contains(&own));
            }
            e.to_string()
        })?;
        Ok((text, loaded))
    }

    /// The file text: the original with the new variant and regimes appended, or (when the
    /// shared tables changed, or appending does not parse) the whole table written anew.
    fn compose(
        &self,
        table: &toml::Table,
        variant: &toml::Table,
        regimes: &toml::Table,
        assumed: bool,
    ) -> String {
        let mut fragment = toml::Table::new();
        if !regimes.is_empty() {
            let mut r = toml::Table::new();
            for (k, v) in regimes {
                r.insert(k.clone(), v.clone());
            }
            fragment.insert("regimes".into(), Value::Table(r));
        }
        // Without [[variants]] in the file the loader's default baseline is written out.
        let mut items = Vec::new();
        if !table.contains_key("variants") {
            let mut b = toml::Table::new();
            b.insert("name".into(), Value::String("baseline".into()));
            b.insert("baseline".into(), Value::Boolean(true));
            items.push(Value::Table(b));
        }
        items.push(Value::Table(variant.clone()));
        fragment.insert("variants".into(), Value::Array(items));
        let header = format!(
            "# Added by `spmsim explore`: the variant `{}` with the settings of the page.\n",
            self.name
        );
        if !assumed {
            let appended = format!(
                "{}\n\n{header}{}",
                self.text.trim_end(),
                toml::to_string(&fragment).unwrap_or_default()
            );
            if appended.parse::<toml::Table>().is_ok() {
                return appended;
            }
        }
        let mut whole = table.clone();
        if let Some(Value::Table(r)) = fragment.remove("regimes") {
            let slot = whole
                .entry("regimes")
                .or_insert_with(|| Value::Table(toml::Table::new()));
            if let Value::Table(t) = slot {
                t.extend(r);
            }
        }
        if let Some(Value::Array(items)) = fragment.remove("variants") {
            let slot = whole
                .entry("variants")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(a) = slot {
                a.extend(items);
            }
        }
        format!(
            "# Written by `spmsim explore` from {} with shifted assumptions and the variant `{}`;\n\
             # the comments of the original file are not kept.\n\n{}",
            self.file,
            self.name,
            toml::to_string(&whole).unwrap_or_default()
        )
    }

    /// The scenario that is simulated for the page: the baseline and the explore variant of
    /// `full` only (sweeps, sensitivity and the other variants left out; with common random
    /// numbers the explore variant's figures do not depend on the others, docs/model.md
    /// section 1.4), its run settings as in the file.
    pub fn for_page(&self, full: &Scenario) -> Scenario {
        let mut s = full.clone();
        let b = s.baseline_index();
        let keep: Vec<usize> = (0..s.variants.len())
            .filter(|&v| v == b || s.variants[v].name == self.name)
            .collect();
        s.variants = keep.iter().map(|&v| full.variants[v].clone()).collect();
        s.design.sweep = None;
        s.design.sensitivity = None;
        s.design.headline = s.variants.iter().position(|v| v.name == self.name);
        s
    }
}
