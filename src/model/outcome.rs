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

impl TrialOutcome {
    /// Every number of the outcome as its bits, in a fixed order: for exact comparisons
    /// (NaN equals itself this way), e.g. that variants side by side get the numbers they
    /// get alone.
    pub fn bits(&self) -> Vec<u64> {
        let mut v: Vec<u64> = self.metrics.iter().map(|x| x.to_bits()).collect();
        v.extend(self.weekly_revenue.iter().map(|x| x.to_bits()));
        v.extend(self.weekly_pipeline.iter().map(|x| x.to_bits()));
        v.extend(self.hours.iter().flatten().map(|x| x.to_bits()));
        v.extend(self.rep_weeks.iter().map(|x| x.to_bits()));
        v.extend(
            self.discount_by_week
                .iter()
                .flat_map(|(a, b)| [a.to_bits(), b.to_bits()]),
        );
        v
    }
}
