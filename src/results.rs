//! The result schema: these `Serialize` structs *are* `summary.json` (schema
//! `spmsim.summary/1`). Exporters and plots read them; nothing re-derives figures.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::scenario::Levers;
use crate::stats::{Estimate, PairedEstimate};

/// Schema identifier written into every summary.
pub const SCHEMA: &str = "spmsim.summary/1";

/// A list of named entries serialised as a JSON object in list order.
#[derive(Clone, Debug, PartialEq)]
pub struct Named<T>(pub Vec<(String, T)>);

impl<T> Named<T> {
    /// The entry with this name.
    pub fn get(&self, name: &str) -> Option<&T> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
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
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// Experiment name.
    pub experiment: String,
    /// Experiment description.
    pub description: String,
    /// spmsim version that produced the numbers.
    pub spmsim_version: &'static str,
    /// SHA-256 of the scenario text.
    pub scenario_sha256: String,
    /// Master seed.
    pub seed: u64,
    /// Trials simulated.
    pub trials: u64,
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
    /// One entry per variant, in scenario order.
    pub variants: Vec<VariantSummary>,
}

/// Results of one variant.
#[derive(Clone, Debug, Serialize)]
pub struct VariantSummary {
    /// Variant name.
    pub name: String,
    /// Whether it is the baseline.
    pub baseline: bool,
    /// Free text.
    pub description: String,
    /// Regime per team.
    pub regimes: Named<String>,
    /// Coaching hours per rep-week.
    pub coaching_hours: f64,
    /// Manager levers.
    pub levers: Levers,
    /// Per metric: distribution across trials.
    pub metrics: Named<Estimate>,
    /// Per metric (plus `revenue_pct` and `operating_margin_pp`): paired difference vs the
    /// baseline, trial by trial. Empty for the baseline itself.
    pub vs_baseline: Named<PairedEstimate>,
    /// Mean selling hours per rep-week per activity, per motion present.
    pub allocation: Named<Named<f64>>,
    /// Mean discount (%) of deals won in each week of the period (index 0 = first week).
    pub discount_by_week_of_period: Vec<f64>,
    /// Weekly fan data over the horizon.
    pub weekly: Weekly,
}

/// Quantiles per week of the horizon.
#[derive(Clone, Debug, Serialize)]
pub struct Weekly {
    /// Revenue won in the week.
    pub revenue: Band,
    /// Revenue won from week 0 up to and including the week.
    pub cumulative_revenue: Band,
    /// Open opportunities at the end of the week.
    pub pipeline: Band,
}

/// Per-week 5 %, 50 % and 95 % quantiles and the mean.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Band {
    /// Mean per week.
    pub mean: Vec<f64>,
    /// 5th percentile per week.
    pub p05: Vec<f64>,
    /// Median per week.
    pub p50: Vec<f64>,
    /// 95th percentile per week.
    pub p95: Vec<f64>,
}

impl Summary {
    /// The baseline variant.
    pub fn baseline(&self) -> Option<&VariantSummary> {
        self.variants.iter().find(|v| v.baseline)
    }
    /// A variant by name.
    pub fn variant(&self, name: &str) -> Option<&VariantSummary> {
        self.variants.iter().find(|v| v.name == name)
    }
}
