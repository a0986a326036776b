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
    /// Per team, in scenario order: the team's results as a [`TeamRow`] (see
    /// [`TeamOutcome`] for the order).
    pub teams: Vec<TeamRow>,
}

/// One team's results in one trial: the fields of [`TeamOutcome`] in order.
pub type TeamRow = [f64; TEAM_FIELDS];

/// Number of figures per team in a [`TeamRow`].
pub const TEAM_FIELDS: usize = 8;

/// The position of each figure in a [`TeamRow`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub enum TeamOutcome {
    /// Revenue of the team's won deals.
    Revenue,
    /// The team's operating profit: its revenue minus every cost it causes, its own
    /// manager and its seats' overhead included (docs/model.md section 10.1).
    OperatingProfit,
    /// Deals won.
    Wins,
    /// Deals closed (won, lost at the decision, lost on the way or with a leaver).
    Closed,
    /// Rep-periods closed.
    RepPeriods,
    /// Rep-periods at or above target.
    AtTarget,
    /// Reps who left.
    Leavers,
    /// Filled rep-weeks.
    RepWeeks,
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
        v.extend(self.teams.iter().flatten().map(|x| x.to_bits()));
        v
    }
}
