//! Analysis of a run: what is estimated from the trials and how. It owns the estimands (the
//! change of an output between a variant and the baseline in one trial), the accumulators
//! that fold trial outcomes strictly in trial order, the summary built from them, and the
//! precision check. Pure: no threads, no simulation, no I/O; the engine feeds it outcomes.
//!
//! Layers: `analysis` reads [`crate::metrics`] (the output vocabulary), [`crate::stats`]
//! (moments, quantiles, paired differences), [`crate::results`] (the summary schema) and
//! [`crate::scenario`] (names of variants and teams); the engine sits above it.

mod accumulate;
pub mod baseline_check;
pub mod bridge;
mod precision;
mod summary;

pub use accumulate::{Accumulators, EXACT_CAP, SPEARMAN_MAX_TRIALS, WEEKLY_EXACT_CAP};
pub use precision::{PILOT_TRIALS, Precision, PrecisionRule, VARIANCE_MARGIN, precision_met};

use crate::metrics::{Better, Change, M, Output};
use crate::model::TrialOutcome;

/// The change of `output` between a variant's and the baseline's outcome of one trial (the
/// per-world change: its distribution is the "range across worlds", its sign gives P(better),
/// P(equal) and P(worse); the expected change of the headline is estimated from means, see
/// docs/model.md, section 10.3).
///
/// - `revenue_pct`: revenue change in percent of the baseline's revenue (NaN, counted as
///   undefined, when the baseline has no revenue);
/// - `operating_margin_pp`: operating margin change in percentage points (NaN when either
///   side has no revenue);
/// - a metric: the paired difference, variant minus baseline, in the metric's unit.
pub fn change(output: Output, v: &TrialOutcome, base: &TrialOutcome) -> f64 {
    match output {
        Output::Change(Change::RevenuePct) => {
            let r = M::Revenue as usize;
            if base.metrics[r] > 0.0 {
                100.0 * (v.metrics[r] - base.metrics[r]) / base.metrics[r]
            } else {
                f64::NAN
            }
        }
        Output::Change(Change::OperatingMarginPp) => {
            let om = M::OperatingMarginPct as usize;
            v.metrics[om] - base.metrics[om]
        }
        Output::Metric(m) => v.metrics[m as usize] - base.metrics[m as usize],
    }
}

/// The expected change of `output` over a series of paired trials, folded in order: the
/// same estimand as `vs_baseline.mean` (docs/model.md, section 10.3): the percent change of
/// mean revenue, the change of the margin of the mean P&L, or the mean paired difference. For
/// callers that simulate their own trials (a sensitivity analysis, say).
#[derive(Clone, Debug, Default)]
pub struct ExpectedChange {
    pnl: crate::stats::ratio::CoMoments<4>,
    diff: crate::stats::Moments,
}

impl ExpectedChange {
    /// Fold one trial's outcome of the variant and of the baseline.
    pub fn push(&mut self, output: Output, v: &TrialOutcome, base: &TrialOutcome) {
        let (r, op) = (M::Revenue as usize, M::OperatingProfit as usize);
        match output {
            Output::Change(_) => self.pnl.push([
                v.metrics[r],
                base.metrics[r],
                v.metrics[op],
                base.metrics[op],
            ]),
            Output::Metric(_) => self.diff.push(change(output, v, base)),
        }
    }

    /// The estimate (NaN when undefined).
    pub fn value(&self, output: Output) -> f64 {
        use crate::stats::ratio::DeltaEstimate;
        match output {
            Output::Change(Change::RevenuePct) => DeltaEstimate::pct_change(&self.pnl, 0, 1).mean,
            Output::Change(Change::OperatingMarginPp) => {
                DeltaEstimate::ratio_change_pp(&self.pnl, (2, 0), (3, 1)).mean
            }
            Output::Metric(_) => self.diff.mean(),
        }
    }
}

/// The value of `output` in one trial, as a sensitivity analysis reads it: a change vs the
/// baseline for a change, the variant's own value for a metric.
pub fn output_value(output: Output, v: &TrialOutcome, base: &TrialOutcome) -> f64 {
    match output {
        Output::Change(_) => change(output, v, base),
        Output::Metric(m) => v.metrics[m as usize],
    }
}

/// Whether a larger change of `output` counts as reaching a threshold (false only for
/// outputs where smaller is better: costs, discounts, attrition).
pub fn higher_is_better(output: Output) -> bool {
    output.better() != Better::Lower
}

/// The direction `p_better` counts in: `Some(true)` higher, `Some(false)` lower, `None` for
/// a descriptive figure.
pub fn better_direction(output: Output) -> Option<bool> {
    match output.better() {
        Better::Higher => Some(true),
        Better::Lower => Some(false),
        Better::Neither => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::N_METRICS;

    fn outcome(revenue: f64, margin: f64, discount: f64) -> TrialOutcome {
        let mut metrics = [0.0; N_METRICS];
        metrics[M::Revenue as usize] = revenue;
        metrics[M::OperatingMarginPct as usize] = margin;
        metrics[M::AvgDiscountPct as usize] = discount;
        TrialOutcome {
            metrics,
            weekly_revenue: Vec::new(),
            weekly_pipeline: Vec::new(),
            hours: Default::default(),
            rep_weeks: [0.0; 2],
            discount_by_week: Vec::new(),
            teams: Vec::new(),
        }
    }

    #[test]
    fn the_expected_change_is_a_ratio_of_means() {
        let pairs = [
            (outcome(230.0, 12.0, 0.0), outcome(200.0, 10.0, 0.0)),
            (outcome(50.0, 0.0, 0.0), outcome(100.0, 20.0, 0.0)),
        ];
        let mut rev = ExpectedChange::default();
        let rev_pct = Output::Change(Change::RevenuePct);
        for (v, b) in &pairs {
            rev.push(rev_pct, v, b);
        }
        assert!((rev.value(rev_pct) - 100.0 * (280.0 / 300.0 - 1.0)).abs() < 1e-12);
    }

    #[test]
    fn changes_by_hand() {
        let base = outcome(200.0, 10.0, 5.0);
        let v = outcome(230.0, 12.5, 4.0);
        let rev = Output::Change(Change::RevenuePct);
        let om = Output::Change(Change::OperatingMarginPp);
        let disc = Output::Metric(M::AvgDiscountPct);
        assert_eq!(change(rev, &v, &base), 15.0);
        assert_eq!(change(om, &v, &base), 2.5);
        assert_eq!(change(disc, &v, &base), -1.0);
        assert_eq!(output_value(disc, &v, &base), 4.0);
        assert_eq!(output_value(rev, &v, &base), 15.0);
        assert!(change(rev, &v, &outcome(0.0, 0.0, 0.0)).is_nan());
        assert!(higher_is_better(rev) && !higher_is_better(disc));
        assert!(higher_is_better(Output::Metric(M::Contacts)));
        assert_eq!(better_direction(disc), Some(false));
        assert_eq!(better_direction(Output::Metric(M::Contacts)), None);
    }
}
