//! Scenario files: the format, its defaults and its validation. Text goes in, validated types
//! come out; the model never sees an invalid number.

pub mod dist;
pub mod experiment;
pub mod load;
pub mod optimise;
pub mod overrides;
pub mod params;
pub mod reference;
pub mod regime;
pub mod registry;

use serde::Serialize;

/// The built-in default experiment (`scenarios/default.toml`).
pub const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/default.toml");
/// Name used for the built-in default in messages.
pub const DEFAULT_SOURCE: &str = "<built-in default>";

pub use dist::{Dist, ParamValue};
pub use load::{load_file, load_str};
pub use params::{Constants, GlobalParams, Levers, MotionParams};
pub use regime::Regime;

use registry::KeyDef;

/// A selling motion (docs/model.md section 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Motion {
    /// High volume, standard offer, short cycle.
    Traditional,
    /// Tailored solution, long cycle, hand-over to delivery.
    Complex,
}

impl Motion {
    /// 0 for traditional, 1 for complex (the column of parameter tables).
    pub fn index(self) -> usize {
        match self {
            Motion::Traditional => 0,
            Motion::Complex => 1,
        }
    }
    /// The name used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Motion::Traditional => "traditional",
            Motion::Complex => "complex",
        }
    }
    /// Both motions, in column order.
    pub const ALL: [Motion; 2] = [Motion::Traditional, Motion::Complex];
}

/// Descriptive header of an experiment.
#[derive(Clone, Debug, Serialize)]
pub struct Experiment {
    /// Short name (defaults to the file stem).
    pub name: String,
    /// What the experiment is about.
    pub description: String,
}

/// Run settings (table `[run]`).
#[derive(Clone, Debug, Serialize)]
pub struct RunSettings {
    /// Number of Monte Carlo trials (sampled worlds).
    pub trials: u64,
    /// Master seed of every keyed random stream.
    pub seed: u64,
    /// Weeks simulated under the baseline's behaviour before the switch, not counted.
    pub burn_in_weeks: u32,
    /// Weeks simulated and counted after the switch.
    pub horizon_weeks: u32,
    /// Length of an incentive period in weeks.
    pub period_weeks: u32,
    /// Currency label for reports.
    pub currency: String,
    /// Trials of the deterministic baseline pilot that sets `auto` targets.
    pub pilot_trials: u32,
}

/// One team: a manager and its reps, selling in one motion.
#[derive(Clone, Debug, Serialize)]
pub struct Team {
    /// Team name, unique in the scenario.
    pub name: String,
    /// Selling motion.
    pub motion: Motion,
    /// Number of rep seats.
    pub reps: u32,
}

/// A section of parameters shared by all motions: its name, the registry rows of its table
/// (filter them by `section`), and the reference of row `i` of that table.
pub type SharedSection = (&'static str, &'static [KeyDef], fn(usize) -> ParamRef);

/// Which numeric parameter an override or a distribution addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum ParamRef {
    /// A motion parameter: (motion, index into [`MotionParams::SPECS`]).
    Motion(Motion, usize),
    /// A global parameter: index into [`GlobalParams::SPECS`].
    Global(usize),
    /// A structural constant of the model (`[model]`): index into [`Constants::SPECS`].
    Constant(usize),
}

impl ParamRef {
    /// The dotted path of the parameter in a scenario file, e.g. `complex.contact_hours`.
    pub fn path(self) -> String {
        match self {
            ParamRef::Motion(m, i) => format!("{}.{}", m.name(), MotionParams::SPECS[i].key),
            ParamRef::Global(i) => {
                let key = GlobalParams::SPECS[i].key;
                format!("{}.{}", params::global_group(key), key)
            }
            ParamRef::Constant(i) => {
                format!("{}.{}", registry::MODEL_SECTION, Constants::SPECS[i].key)
            }
        }
    }
    /// The sections of parameters shared by all motions, in the order of the reference: each
    /// as (section name, the rows of its table, the reference of row `i` of those rows). The
    /// rows of a table may belong to several sections (filter them by `section`).
    pub fn shared_sections() -> impl Iterator<Item = SharedSection> {
        let global = ParamRef::Global as fn(usize) -> ParamRef;
        let constant = ParamRef::Constant as fn(usize) -> ParamRef;
        registry::GLOBAL_GROUPS
            .iter()
            .map(move |&g| (g, GlobalParams::SPECS, global))
            .chain([(registry::MODEL_SECTION, Constants::SPECS, constant)])
    }
    /// The parameter's specification.
    pub fn spec(self) -> &'static params::ParamSpec {
        match self {
            ParamRef::Motion(_, i) => &MotionParams::SPECS[i],
            ParamRef::Global(i) => &GlobalParams::SPECS[i],
            ParamRef::Constant(i) => &Constants::SPECS[i],
        }
    }
}

/// Every numeric parameter as given in the scenario: fixed or uncertain.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParamSet {
    /// Motion parameters, per motion, indexed like [`MotionParams::SPECS`].
    pub motion: [Vec<ParamValue>; 2],
    /// Global parameters, indexed like [`GlobalParams::SPECS`].
    pub global: Vec<ParamValue>,
    /// The model's structural constants, indexed like [`Constants::SPECS`].
    pub constants: Vec<ParamValue>,
}

impl ParamSet {
    /// All defaults, all fixed.
    pub fn defaults() -> Self {
        let m = |col: usize| {
            MotionParams::SPECS
                .iter()
                .map(|s| ParamValue::Fixed(s.default[col]))
                .collect()
        };
        let fixed = |specs: &[params::ParamSpec]| {
            specs
                .iter()
                .map(|s| ParamValue::Fixed(s.default[0]))
                .collect()
        };
        ParamSet {
            motion: [m(0), m(1)],
            global: fixed(GlobalParams::SPECS),
            constants: fixed(Constants::SPECS),
        }
    }
    /// The value at a reference.
    pub fn get(&self, r: ParamRef) -> &ParamValue {
        match r {
            ParamRef::Motion(m, i) => &self.motion[m.index()][i],
            ParamRef::Global(i) => &self.global[i],
            ParamRef::Constant(i) => &self.constants[i],
        }
    }
    /// Mutable value at a reference.
    pub fn get_mut(&mut self, r: ParamRef) -> &mut ParamValue {
        match r {
            ParamRef::Motion(m, i) => &mut self.motion[m.index()][i],
            ParamRef::Global(i) => &mut self.global[i],
            ParamRef::Constant(i) => &mut self.constants[i],
        }
    }
    /// These parameters with a variant's overrides applied (the one place overrides are
    /// applied).
    pub fn with_overrides(&self, overrides: &[(ParamRef, ParamValue)]) -> ParamSet {
        let mut p = self.clone();
        for (r, val) in overrides {
            *p.get_mut(*r) = val.clone();
        }
        p
    }
    /// Every reference, in a fixed order.
    pub fn refs() -> impl Iterator<Item = ParamRef> {
        Motion::ALL
            .into_iter()
            .flat_map(|m| (0..MotionParams::SPECS.len()).map(move |i| ParamRef::Motion(m, i)))
            .chain((0..GlobalParams::SPECS.len()).map(ParamRef::Global))
            .chain((0..Constants::SPECS.len()).map(ParamRef::Constant))
    }
}

/// Activity shares and perceived effects (docs/model.md section 3).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BehaviourTables {
    /// Habit shares `x0` per motion.
    pub habit: [[f64; params::N_ACT]; 2],
    /// Playbook shares `xstar` per motion.
    pub playbook: [[f64; params::N_ACT]; 2],
    /// Perceived effect matrix `B[a][k]`.
    pub perceived_effect: [[f64; params::N_KPI]; params::N_ACT],
}

impl Default for BehaviourTables {
    fn default() -> Self {
        BehaviourTables {
            habit: params::HABIT,
            playbook: params::PLAYBOOK,
            perceived_effect: params::PERCEIVED_EFFECT,
        }
    }
}

/// One variant: what reps are measured on, how much they are coached, and what else differs.
#[derive(Clone, Debug, Serialize)]
pub struct Variant {
    /// Unique name.
    pub name: String,
    /// Whether this is the baseline the others are compared with.
    pub baseline: bool,
    /// Free text.
    pub description: String,
    /// The regime each team is measured on (indexed like [`Scenario::teams`]).
    pub regimes: Vec<Regime>,
    /// Manager coaching hours per rep and week: every team's when [`Self::team_coaching_hours`]
    /// is empty; otherwise the average over reps of the teams' own hours (docs/model.md
    /// section 6.1).
    pub coaching_hours: f64,
    /// Each team's own coaching hours per rep and week (indexed like [`Scenario::teams`]) when
    /// the variant gives them by motion or team and they differ; empty when every team gets
    /// [`Self::coaching_hours`]. Read them with [`Self::coaching_of`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub team_coaching_hours: Vec<f64>,
    /// Manager levers.
    pub levers: Levers,
    /// Parameter overrides of this variant.
    pub overrides: Vec<(ParamRef, ParamValue)>,
}

impl Variant {
    /// Coaching hours per rep and week of team `team` (an index into [`Scenario::teams`]).
    pub fn coaching_of(&self, team: usize) -> f64 {
        self.team_coaching_hours
            .get(team)
            .copied()
            .unwrap_or(self.coaching_hours)
    }

    /// The coaching hours as a scenario file writes them: one number, or a table of hours by
    /// team name when the teams differ.
    pub fn coaching_toml(&self, teams: &[Team]) -> toml::Value {
        if !self.coaching_varies() {
            return toml::Value::Float(self.coaching_hours);
        }
        let by_team = teams
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), toml::Value::Float(self.coaching_of(i))))
            .collect();
        toml::Value::Table(by_team)
    }

    /// Whether the teams get different coaching hours.
    pub fn coaching_varies(&self) -> bool {
        !self.team_coaching_hours.is_empty()
    }

    /// Set each team's coaching hours: `hours(i, team)` gives team `i` its hours, or `None` to
    /// keep its current ones. Hours that end up the same for every team are stored as the one
    /// number [`Self::coaching_hours`]; otherwise per team, with their average over reps.
    pub fn set_coaching(&mut self, teams: &[Team], hours: impl Fn(usize, &Team) -> Option<f64>) {
        let per_team: Vec<f64> = teams
            .iter()
            .enumerate()
            .map(|(i, t)| hours(i, t).unwrap_or_else(|| self.coaching_of(i)))
            .collect();
        match per_team.first() {
            Some(&first) if per_team.iter().any(|&h| h != first) => {
                let reps: f64 = teams.iter().map(|t| t.reps as f64).sum();
                let weighted: f64 = teams
                    .iter()
                    .zip(&per_team)
                    .map(|(t, h)| t.reps as f64 * h)
                    .sum();
                self.coaching_hours = if reps > 0.0 { weighted / reps } else { first };
                self.team_coaching_hours = per_team;
            }
            Some(&first) => {
                self.coaching_hours = first;
                self.team_coaching_hours.clear();
            }
            None => self.team_coaching_hours.clear(),
        }
    }
}

/// A validated experiment.
#[derive(Clone, Debug, Serialize)]
pub struct Scenario {
    /// Where the scenario came from (a path, or `<built-in default>`).
    pub source: String,
    /// SHA-256 of the scenario text, hex.
    pub sha256: String,
    /// Descriptive header.
    pub experiment: Experiment,
    /// Run settings.
    pub run: RunSettings,
    /// The organisation.
    pub teams: Vec<Team>,
    /// Parameters shared by all variants (before overrides).
    pub params: ParamSet,
    /// Habit, playbook and perceived effects.
    pub behaviour: BehaviourTables,
    /// Variants; exactly one is the baseline. Sweep points are appended as variants.
    pub variants: Vec<Variant>,
    /// Decision threshold, sweep, sensitivity and input correlation, when asked for.
    pub design: experiment::Design,
    /// What the CRM export of a calibration showed (`[calibration]`), when the scenario came
    /// from `spmsim calibrate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calibration: Option<load::Calibration>,
    /// Values that load but lie outside their typical range (located like errors).
    #[serde(skip)]
    pub input_warnings: Vec<load::InputError>,
    /// Whether the file has an `[optimise]` section (read by `spmsim optimise` only).
    #[serde(skip)]
    pub has_optimise: bool,
}

/// The note shown when a command other than `spmsim optimise` meets an `[optimise]` section.
pub fn optimise_ignored_note(command: &str) -> String {
    format!(
        "note: the [optimise] section is used by `spmsim optimise`; `spmsim {command}` ignores it"
    )
}

impl Scenario {
    /// Index of the baseline variant.
    pub fn baseline_index(&self) -> usize {
        self.variants.iter().position(|v| v.baseline).unwrap_or(0)
    }
    /// Total rep seats.
    pub fn total_reps(&self) -> u32 {
        self.teams.iter().map(|t| t.reps).sum()
    }
    /// The parameters of a variant (shared parameters with its overrides applied).
    pub fn variant_params(&self, v: usize) -> ParamSet {
        self.params.with_overrides(&self.variants[v].overrides)
    }
}
