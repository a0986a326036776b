//! Precision targets: how many trials a run needs for a 95 % interval of a given half-width,
//! decided by a two-stage rule that keeps the interval's coverage (docs/experiments.md,
//! "Precision targets").
//!
//! Stopping at the first check where the half-width happens to meet the target (optional
//! stopping) favours runs whose spread was under-estimated by chance, which lowers coverage.
//! The two-stage rule (after Stein, 1945) uses a pilot of [`PILOT_TRIALS`] trials only to
//! estimate the spread, projects the trials needed with a margin ([`VARIANCE_MARGIN`]), never
//! stops before that number, and then stops at the first check where the target holds.

use crate::metrics::Output;
use crate::results::{PrecisionRecord, Summary};
use crate::stats::t_quantile_975;

use super::Accumulators;

/// Trials of the pilot stage: the spread of each compared variant's per-trial contribution
/// is estimated from them (two blocks of the engine).
pub const PILOT_TRIALS: u64 = 512;

/// Factor on the projected number of trials: the run plans for a variance 25 % above the
/// pilot's estimate, so that the target nearly always holds when the projected number is
/// reached and the final check selects (almost) nothing.
pub const VARIANCE_MARGIN: f64 = 1.25;

/// Name of the rule in `summary.json`.
pub const RULE: &str = "two_stage";

/// A precision target: the 95 % half-width of the expected change of `output`
/// (`revenue_pct`, `operating_margin_pp` or a metric) must be at most `half_width` for every
/// variant compared with the baseline. The run's trial count is then a maximum; the
/// [`PrecisionRule`] decides where to stop, after whole blocks of trials, so that the result
/// is the same as a plain run with the reported number of trials.
#[derive(Clone, Debug)]
pub struct Precision {
    /// What is compared.
    pub output: Output,
    /// Largest acceptable 95 % half-width.
    pub half_width: f64,
}

impl Precision {
    /// A target on a typed output.
    pub fn new(output: Output, half_width: f64) -> Self {
        Precision { output, half_width }
    }

    /// The precision check, given the 95 % interval of each compared variant's expected
    /// change (None where it is missing): met when there is at least one variant and every
    /// interval is known and at most twice `half_width` wide.
    pub fn met_by(&self, intervals: impl IntoIterator<Item = Option<[f64; 2]>>) -> bool {
        let mut any = false;
        for ci in intervals {
            any = true;
            let Some(ci) = ci else { return false };
            let half = (ci[1] - ci[0]) / 2.0;
            if half.is_nan() || half > self.half_width {
                return false;
            }
        }
        any
    }
}

/// Whether a finished run's summary meets the precision target.
pub fn precision_met(summary: &Summary, target: &Precision) -> bool {
    target.met_by(
        summary
            .variants
            .iter()
            .filter(|v| !v.baseline)
            .map(|v| v.vs_baseline.get(target.output.name()).map(|d| d.ci95)),
    )
}

/// Trials needed for a 95 % half-width of `half_width`, given the per-trial standard
/// deviation `sd` of each compared variant estimated from `n` pilot trials:
/// `VARIANCE_MARGIN · (t(0.975, n − 1) · sd / half_width)²` for the widest variant, at least
/// `n`, at most `max`; `max` when a spread is unknown.
pub fn projected_trials(sds: &[f64], n: u64, half_width: f64, max: u64) -> u64 {
    let t = t_quantile_975(n.saturating_sub(1) as f64);
    let mut need = n;
    for &sd in sds {
        if !sd.is_finite() || !t.is_finite() {
            return max;
        }
        let k = VARIANCE_MARGIN * (t * sd / half_width).powi(2);
        if k >= max as f64 {
            return max;
        }
        need = need.max(k.ceil() as u64);
    }
    need.min(max)
}

/// The two-stage stopping rule of a run with a precision target (see the module docs).
#[derive(Clone, Debug)]
pub struct PrecisionRule {
    target: Precision,
    max_trials: u64,
    projected: Option<u64>,
}

impl PrecisionRule {
    /// The rule for a target and the largest number of trials allowed.
    pub fn new(target: Precision, max_trials: u64) -> Self {
        PrecisionRule {
            target,
            max_trials,
            projected: None,
        }
    }

    /// The target.
    pub fn target(&self) -> &Precision {
        &self.target
    }

    /// Trials the pilot projected (None before the pilot is complete).
    pub fn projected(&self) -> Option<u64> {
        self.projected
    }

    /// Whether to stop after the trials folded so far (called after each block): never
    /// during the pilot; at the end of the pilot the trials needed are projected once; then
    /// stop at the first check at or past the projection where the target holds.
    pub fn stop(&mut self, accs: &Accumulators) -> bool {
        let n = accs.trials();
        if n < PILOT_TRIALS.min(self.max_trials) {
            return false;
        }
        let compared = accs.compared(self.target.output);
        let projected = *self.projected.get_or_insert_with(|| {
            let sds: Vec<f64> = compared.iter().map(|c| c.sd).collect();
            projected_trials(&sds, n, self.target.half_width, self.max_trials)
        });
        n >= projected && self.target.met_by(compared.iter().map(|c| Some(c.ci95)))
    }

    /// What `summary.json` records about the rule, for a finished run.
    pub fn record(&self, summary: &Summary) -> PrecisionRecord {
        PrecisionRecord {
            output: self.target.output.name().to_string(),
            half_width: self.target.half_width,
            rule: RULE.to_string(),
            pilot_trials: PILOT_TRIALS.min(self.max_trials),
            projected_trials: self.projected,
            max_trials: self.max_trials,
            trials: summary.trials,
            met: precision_met(summary, &self.target),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Change;

    #[test]
    fn precision_needs_every_interval_narrow_enough() {
        let p = Precision::new(Output::Change(Change::RevenuePct), 1.0);
        assert_eq!(p.output, Output::Change(Change::RevenuePct));
        assert!(p.met_by([Some([0.0, 2.0]), Some([5.0, 5.5])]));
        assert!(!p.met_by([Some([0.0, 2.0]), Some([5.0, 7.5])]));
        assert!(!p.met_by([Some([0.0, 2.0]), None]));
        assert!(!p.met_by([Some([f64::NAN, f64::NAN])]));
        assert!(!p.met_by(std::iter::empty()), "nothing compared: never met");
    }

    #[test]
    fn the_projection_plans_for_the_margin_and_respects_the_bounds() {
        // sd 10, half-width 1: (1.96 · 10)² ≈ 385 trials, times the margin ≈ 481.
        let t = t_quantile_975(511.0);
        let want = (VARIANCE_MARGIN * (t * 10.0 / 0.5).powi(2)).ceil() as u64;
        assert!(want > 1900 && want < 1940, "{want}");
        assert_eq!(projected_trials(&[10.0, 5.0], 512, 0.5, 100_000), want);
        assert_eq!(
            projected_trials(&[10.0], 512, 1.0, 100_000),
            512,
            "pilot enough"
        );
        assert_eq!(projected_trials(&[40.0], 512, 1.0, 100_000), {
            (VARIANCE_MARGIN * (t * 40.0).powi(2)).ceil() as u64
        });
        assert_eq!(projected_trials(&[40.0], 512, 1.0, 2_000), 2_000, "capped");
        assert_eq!(projected_trials(&[f64::NAN], 512, 1.0, 9_000), 9_000);
    }
}
