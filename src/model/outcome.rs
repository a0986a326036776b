//! What one simulated trial of one variant reports (the metrics are named in [`crate::metrics`]).

use crate::metrics::N_METRICS;

/// Everything one trial of one variant reports.
#[derive(Clone, Debug, PartialEq)]
pub struct TrialOutcome {
    /// Metric values (NaN where undefined, e.g. a mean over no deals).
    pub metrics: [f64; N_METRICS],
    /// Revenue per week of the horizon.
    pub weekly_revenue: Vec<f64>,
    /// Open opportunities at the end of each week of the horizon.
    pub weekly_pipeline: Vec<f64>,
    /// Selling hours per activity summed over filled rep-weeks, per motion.
    pub hours: [[f64; crate::scenario::params::N_ACT]; 2],
    /// Filled rep-weeks per motion.
    pub rep_weeks: [f64; 2],
    /// Per week of the period: (sum of discounts, number of won deals).
    pub discount_by_week: Vec<(f64, f64)>,
}
