//! The result schema: these `Serialize` structs *are* `summary.json` (schema
//! `spmsim.summary/1`). Exporters and plots read them; nothing re-derives figures.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::metrics::{M, Output};
use crate::scenario::Levers;
use crate::stats::nullable;
use crate::stats::{ChangeEstimate, Estimate, PairedEstimate};

/// Schema identifier written into every summary.
pub const SCHEMA: &str = "spmsim.summary/1";

/// A list of named entries serialised as a JSON object in list order.
#[derive(Clone, Debug, PartialEq)]
pub struct Named<T>(pub Vec<(String, T)>);

impl<T> Default for Named<T> {
    fn default() -> Self {
        Named(Vec::new())
    }
}

impl<T> Named<T> {
    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entry with this name.
    pub fn get(&self, name: &str) -> Option<&T> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Named<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Named<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, T>()? {
                    out.push((k, v));
                }
                Ok(Named(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

impl<T: Serialize> Serialize for Named<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// Everything a run found, deterministic for a scenario, seed and trial count.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Summary {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// Experiment name.
    pub experiment: String,
    /// Experiment description.
    pub description: String,
    /// spmsim version that produced the numbers.
    pub spmsim_version: String,
    /// SHA-256 of the scenario text.
    pub scenario_sha256: String,
    /// Master seed.
    pub seed: u64,
    /// Trials simulated.
    pub trials: u64,
    /// How a run with a precision target chose its number of trials (absent without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<PrecisionRecord>,
    /// Burn-in weeks (not counted).
    pub burn_in_weeks: u32,
    /// Counted weeks after the switch.
    pub horizon_weeks: u32,
    /// Incentive period in weeks.
    pub period_weeks: u32,
    /// Currency label of money figures.
    pub currency: String,
    /// Auto-target bases per team: mean KPI per rep-period under the baseline (pilot).
    pub targets: Named<Named<f64>>,
    /// The decision threshold the scenario names, if any (e.g. revenue +10 %).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<Threshold>,
    /// One entry per variant, in scenario order (sweep points included).
    pub variants: Vec<VariantSummary>,
    /// The sweep design, when the scenario has one: which variants are its points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sweep: Option<Sweep>,
    /// Sensitivity of an output to the uncertain inputs, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<Sensitivity>,
    /// The variant the headline is about: the scenario's `[report] headline`, else the first
    /// variant that is neither the baseline nor a sweep point (absent when there is none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    /// The best of several variants by expected operating profit change, with figures from
    /// a confirmation run on fresh trials (absent with fewer than two candidates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_of_many: Option<BestOfMany>,
    /// How well the baseline matches the CRM export the scenario was calibrated from
    /// (present only when the scenario has a `[calibration]` section).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<crate::scenario::load::CalibrationCheck>,
}

/// What a variant sets beyond its regime, coaching and levers: one parameter override.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Override {
    /// The parameter path, e.g. `complex.win_base`.
    pub key: String,
    /// The value set (a distribution's nominal value when `uncertain`).
    #[serde(with = "nullable")]
    pub value: f64,
    /// Whether the override is a distribution rather than a fixed number.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub uncertain: bool,
    /// `decision` (a steering, pay, coaching or routing choice whose effect the model
    /// simulates) or `assumption` (its effect is assumed, not simulated).
    pub kind: String,
}

/// [`Override::kind`] of a decision.
pub const DECISION: &str = "decision";
/// [`Override::kind`] of an assumption.
pub const ASSUMPTION: &str = "assumption";

impl Override {
    /// The overrides of a scenario variant, in the order it gives them, classified by the key
    /// registry ([`crate::scenario::registry::is_decision`]).
    pub fn list(v: &crate::scenario::Variant) -> Vec<Override> {
        v.overrides
            .iter()
            .map(|(r, val)| Override {
                key: r.path(),
                value: val.nominal(),
                uncertain: matches!(val, crate::scenario::ParamValue::Uncertain(_)),
                kind: if crate::scenario::registry::is_decision(r.spec()) {
                    DECISION
                } else {
                    ASSUMPTION
                }
                .to_string(),
            })
            .collect()
    }

    /// Whether the override is an assumption (its effect is assumed, not simulated).
    pub fn is_assumption(&self) -> bool {
        self.kind != DECISION
    }
}

/// The best of several variants, picked after the run by one figure, and that variant's
/// figures from an independent confirmation run (docs/model.md section 1.1). The in-sample
/// figures of a variant picked as the best of many are biased upwards (the winner's curse);
/// the confirmed ones are not.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BestOfMany {
    /// The variant ranked first.
    pub variant: String,
    /// The paired difference it was ranked by (its mean), e.g. `operating_profit`.
    pub ranked_by: String,
    /// How many variants competed (every variant except the baseline, sweep points included).
    pub candidates: u64,
    /// Its paired differences vs the baseline in the main run (biased by the selection).
    pub in_sample: Named<ChangeEstimate>,
    /// Its paired differences vs the baseline on fresh trials; `null` when not confirmed.
    pub confirmed: Option<Confirmation>,
    /// Why there is no confirmation, when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_confirmed: Option<String>,
}

/// A confirmation run: the best variant and the baseline alone, on fresh trials.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Confirmation {
    /// Trials of the confirmation run.
    pub trials: u64,
    /// Its master seed, derived from the run's seed (never the run's own trial keys).
    pub seed: u64,
    /// Paired differences vs the baseline, as in [`VariantSummary::vs_baseline`].
    pub vs_baseline: Named<ChangeEstimate>,
}

/// How a precision target decided the number of trials (docs/experiments.md, "Precision
/// targets"): the two-stage rule projects the trials needed from a pilot and never stops
/// before them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PrecisionRecord {
    /// The output whose 95 % interval of the expected change is targeted.
    pub output: String,
    /// Largest acceptable 95 % half-width.
    pub half_width: f64,
    /// The stopping rule (`two_stage`).
    pub rule: String,
    /// Trials of the pilot stage that estimated the variance.
    pub pilot_trials: u64,
    /// Trials the pilot projected as needed (with the margin), capped at `max_trials`; null
    /// when the run ended before the pilot finished or the variance was unknown.
    #[serde(default)]
    pub projected_trials: Option<u64>,
    /// The largest number of trials allowed.
    pub max_trials: u64,
    /// Trials run.
    pub trials: u64,
    /// Whether every compared variant's half-width met the target at the end.
    pub met: bool,
}

/// A decision threshold: "is the change at least this large?" The summary.json form of the
/// scenario's [`crate::scenario::experiment::Threshold`] (built from it by `From`), with the
/// output written by name so that a summary is read back without the registry.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Threshold {
    /// What is compared: `revenue_pct`, `operating_margin_pp` or a metric name (paired
    /// difference in the metric's unit).
    pub metric: String,
    /// The threshold value of the change.
    pub value: f64,
}

/// A sweep: variants generated from parameter values, each compared with the baseline.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Sweep {
    /// Swept parameter paths, e.g. `variants.spm.coaching_hours` or `complex.loss_per_week`.
    pub parameters: Vec<String>,
    /// `grid` or `lhs` (Latin hypercube).
    pub design: String,
    /// One point per generated variant.
    pub points: Vec<SweepPoint>,
}

/// One sweep point.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SweepPoint {
    /// Name of the variant that is this point.
    pub variant: String,
    /// Parameter values, in the order of [`Sweep::parameters`].
    pub values: Vec<f64>,
}

/// Sensitivity of one output to each uncertain input.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Sensitivity {
    /// The output (a metric of the baseline, or `revenue_pct` of a variant).
    pub output: String,
    /// The variant the output is read from.
    pub variant: String,
    /// Output with every uncertain input at its median.
    #[serde(with = "nullable")]
    pub base_value: f64,
    /// One row per uncertain input, largest swing first.
    pub inputs: Vec<SensitivityInput>,
}

/// Sensitivity of the output to one uncertain input.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SensitivityInput {
    /// Parameter path.
    pub parameter: String,
    /// The input's 10th percentile.
    #[serde(with = "nullable")]
    pub low: f64,
    /// The input's 90th percentile.
    #[serde(with = "nullable")]
    pub high: f64,
    /// Output with this input at its 10th percentile, others at their median.
    #[serde(with = "nullable")]
    pub output_low: f64,
    /// Output with this input at its 90th percentile, others at their median.
    #[serde(with = "nullable")]
    pub output_high: f64,
    /// `|output_high - output_low|`.
    #[serde(with = "nullable")]
    pub swing: f64,
    /// Spearman rank correlation of the input with the output across trials.
    #[serde(with = "nullable")]
    pub spearman: f64,
}

/// Results of one variant.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct VariantSummary {
    /// Variant name.
    pub name: String,
    /// Whether it is the baseline.
    pub baseline: bool,
    /// Free text.
    pub description: String,
    /// Regime per team.
    pub regimes: Named<String>,
    /// Coaching hours per rep-week (when the teams differ: their average over reps).
    pub coaching_hours: f64,
    /// Coaching hours per rep-week of each team, when the teams differ (absent otherwise).
    #[serde(default, skip_serializing_if = "Named::is_empty")]
    pub coaching_hours_by_team: Named<f64>,
    /// Manager levers.
    pub levers: Levers,
    /// Per metric: distribution across trials.
    pub metrics: Named<Estimate>,
    /// Per metric (plus `revenue_pct` and `operating_margin_pp`): the expected change vs the
    /// baseline with its interval, the range across worlds and the shares of better, equal
    /// and worse worlds (docs/model.md, section 10.3). Empty for the baseline itself.
    pub vs_baseline: Named<ChangeEstimate>,
    /// Mean selling hours per rep-week per activity, per motion present.
    pub allocation: Named<Named<f64>>,
    /// Mean discount (%) of deals won in each week of the period (index 0 = first week).
    #[serde(with = "nullable::vec")]
    pub discount_by_week_of_period: Vec<f64>,
    /// Weekly fan data over the horizon.
    pub weekly: Weekly,
    /// Share of trials in which the change vs the baseline reaches the scenario's threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p_threshold: Option<f64>,
    /// Every parameter the variant sets (its `set` table, or a sweep point's value), each
    /// marked a decision or an assumption; regime, coaching and levers are above.
    #[serde(default)]
    pub overrides: Vec<Override>,
    /// Results per team, in scenario order (absent in summaries written before teams were
    /// reported).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub teams: Vec<TeamSummary>,
}

/// One team's results under one variant (docs/model.md section 10.1, per team): means over
/// the sampled worlds; the ratios (margin, win rate, reps at target) are ratios of the sums,
/// as the whole organisation's are of its expected P&L.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TeamSummary {
    /// Team name.
    pub name: String,
    /// `traditional` or `complex`.
    pub motion: String,
    /// Expected revenue of the team's won deals.
    #[serde(with = "nullable")]
    pub revenue: f64,
    /// Expected operating profit: revenue minus every cost of the team, its manager and its
    /// seats' overhead included, so that the teams' profits add up to the organisation's.
    #[serde(with = "nullable")]
    pub operating_profit: f64,
    /// Operating profit over revenue of the expected P&L, in percent.
    #[serde(with = "nullable")]
    pub operating_margin_pct: f64,
    /// Expected deals won.
    #[serde(with = "nullable")]
    pub deals_won: f64,
    /// Won deals over closed opportunities (sums over the worlds).
    #[serde(with = "nullable")]
    pub win_rate: f64,
    /// Share of rep-periods at or above target (sums over the worlds).
    #[serde(with = "nullable")]
    pub share_at_target: f64,
    /// Expected number of reps who left.
    #[serde(with = "nullable")]
    pub attrition: f64,
    /// Expected filled rep-weeks.
    #[serde(with = "nullable")]
    pub filled_rep_weeks: f64,
    /// Paired changes vs the same team under the baseline: `revenue` and `operating_profit`
    /// (money); empty for the baseline.
    #[serde(default, skip_serializing_if = "Named::is_empty")]
    pub vs_baseline: Named<ChangeEstimate>,
}

/// Quantiles per week of the horizon.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Weekly {
    /// Revenue won in the week.
    pub revenue: Band,
    /// Revenue won from week 0 up to and including the week.
    pub cumulative_revenue: Band,
    /// Open opportunities at the end of the week.
    pub pipeline: Band,
    /// Cumulative revenue minus the baseline's in the same world, from week 0 up to and
    /// including the week: the paired transition (absent for the baseline). Its last week's
    /// mean is the expected paired revenue difference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cumulative_revenue_change: Option<Band>,
}

/// Per-week 5 %, 50 % and 95 % quantiles and the mean.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Band {
    /// Mean per week.
    #[serde(with = "nullable::vec")]
    pub mean: Vec<f64>,
    /// 5th percentile per week.
    #[serde(with = "nullable::vec")]
    pub p05: Vec<f64>,
    /// Median per week.
    #[serde(with = "nullable::vec")]
    pub p50: Vec<f64>,
    /// 95th percentile per week.
    #[serde(with = "nullable::vec")]
    pub p95: Vec<f64>,
}

impl VariantSummary {
    /// The paired difference of `output` vs the baseline (None for the baseline itself).
    pub fn vs(&self, output: Output) -> Option<&PairedEstimate> {
        self.change(output).map(|c| &c.estimate)
    }

    /// The whole `vs_baseline` entry of `output` (None for the baseline itself).
    pub fn change(&self, output: Output) -> Option<&ChangeEstimate> {
        self.vs_baseline.get(output.name())
    }

    /// The distribution of metric `m` across trials.
    pub fn metric(&self, m: M) -> Option<&Estimate> {
        self.metrics.get(m.name())
    }

    /// The mean of metric `m` (NaN when missing).
    pub fn metric_mean(&self, m: M) -> f64 {
        self.metric(m).map_or(f64::NAN, |e| e.mean)
    }
}

/// The summary records a scenario's threshold with its output by name; this is the one place
/// the scenario's typed threshold becomes the schema's.
impl From<&crate::scenario::experiment::Threshold> for Threshold {
    fn from(t: &crate::scenario::experiment::Threshold) -> Threshold {
        Threshold {
            metric: t.metric.name().to_string(),
            value: t.value,
        }
    }
}

impl Threshold {
    /// The output the threshold is on (None when `metric` names no output).
    pub fn output(&self) -> Option<Output> {
        Output::from_name(&self.metric)
    }
}

impl Sensitivity {
    /// The output analysed (None when `output` names no output).
    pub fn output(&self) -> Option<Output> {
        Output::from_name(&self.output)
    }
}

impl Summary {
    /// The threshold's value when it is on `output`.
    pub fn threshold_on(&self, output: Output) -> Option<f64> {
        self.threshold
            .as_ref()
            .filter(|t| t.output() == Some(output))
            .map(|t| t.value)
    }

    /// The baseline variant.
    pub fn baseline(&self) -> Option<&VariantSummary> {
        self.variants.iter().find(|v| v.baseline)
    }
    /// A variant by name.
    pub fn variant(&self, name: &str) -> Option<&VariantSummary> {
        self.variants.iter().find(|v| v.name == name)
    }

    /// Whether variant `name` is a generated sweep point.
    pub fn is_sweep_point(&self, name: &str) -> bool {
        self.sweep
            .as_ref()
            .is_some_and(|s| s.points.iter().any(|p| p.variant == name))
    }

    /// The variant the headline is about: [`Summary::headline`] (the scenario's
    /// `[report] headline`, or the first variant that is neither the baseline nor a sweep
    /// point); for a summary without the field, that default rule applied to its variants.
    /// Never the best of many: the largest change among many is biased upwards.
    pub fn headline_variant(&self) -> Option<&VariantSummary> {
        match &self.headline {
            Some(name) => self.variant(name).filter(|v| !v.baseline),
            None => self
                .variants
                .iter()
                .find(|v| !v.baseline && !self.is_sweep_point(&v.name)),
        }
    }
}
