//! The P&L bridge from the baseline's operating profit to a variant's (docs/model.md section
//! 10.1): each P&L line's expected change, read from the paired differences in a summary, as
//! its effect on operating profit. Pure: no I/O.

use crate::metrics::M;
use crate::results::{Summary, VariantSummary};

/// The P&L lines in bridge order, each with its sign in operating profit (+1 revenue, -1 a
/// cost): revenue, goods, customisation, overrun, base pay, variable pay, coaching, managers,
/// hiring, overhead.
pub const BRIDGE_LINES: [(M, f64); 10] = [
    (M::Revenue, 1.0),
    (M::GoodsCost, -1.0),
    (M::CustomisationCost, -1.0),
    (M::DeliveryOverrun, -1.0),
    (M::BasePay, -1.0),
    (M::VariablePay, -1.0),
    (M::CoachingCost, -1.0),
    (M::ManagerCost, -1.0),
    (M::HiringCost, -1.0),
    (M::Overhead, -1.0),
];

/// One line of the bridge.
#[derive(Clone, Debug, PartialEq)]
pub struct BridgeStep {
    /// The P&L line (`None` for the remainder no line explains, see [`Bridge::other`]).
    pub metric: Option<M>,
    /// The line's mean under the baseline (a cost as a positive amount).
    pub baseline: f64,
    /// The line's mean under the variant.
    pub variant: f64,
    /// Its effect on operating profit: the expected paired change of the line, with the sign
    /// of the line in operating profit (a cost that rises lowers profit).
    pub effect: f64,
    /// 95 % interval of the effect.
    pub ci95: [f64; 2],
}

/// The bridge from the baseline's expected operating profit to a variant's.
#[derive(Clone, Debug, PartialEq)]
pub struct Bridge {
    /// The variant bridged to.
    pub variant: String,
    /// Expected operating profit of the baseline.
    pub start: f64,
    /// Expected operating profit of the variant.
    pub end: f64,
    /// Expected paired change of operating profit (the bridge's steps add up to it).
    pub change: f64,
    /// Its 95 % interval.
    pub ci95: [f64; 2],
    /// The lines, in [`BRIDGE_LINES`] order; a last step with `metric: None` when the lines
    /// leave a remainder (a cost the model counts in operating profit that has no line here).
    pub steps: Vec<BridgeStep>,
}

impl Bridge {
    /// The bridge from the summary's baseline to `v`; `None` for the baseline itself or when
    /// a line is missing (a summary written before the P&L lines were metrics).
    pub fn of(summary: &Summary, v: &VariantSummary) -> Option<Bridge> {
        let base = summary.baseline()?;
        if v.baseline {
            return None;
        }
        let op = v.change(crate::metrics::Output::Metric(M::OperatingProfit))?;
        let mut steps = Vec::with_capacity(BRIDGE_LINES.len() + 1);
        for (m, sign) in BRIDGE_LINES {
            let d = v.change(crate::metrics::Output::Metric(m))?;
            let [lo, hi] = d.ci95;
            let ci95 = if sign > 0.0 { [lo, hi] } else { [-hi, -lo] };
            steps.push(BridgeStep {
                metric: Some(m),
                baseline: base.metric(m)?.mean,
                variant: v.metric(m)?.mean,
                effect: sign * d.mean,
                ci95,
            });
        }
        let explained: f64 = steps.iter().map(|s| s.effect).sum();
        let other = op.mean - explained;
        let scale = steps
            .iter()
            .map(|s| s.baseline.abs())
            .fold(op.mean.abs(), f64::max)
            .max(1.0);
        // Floating-point sums leave a remainder of the order of 1e-12 of the revenue: a real
        // remainder is a cost without a line.
        if other.abs() > 1e-9 * scale {
            let start_other = base.metric(M::OperatingProfit)?.mean
                - BRIDGE_LINES
                    .iter()
                    .map(|(m, sign)| sign * base.metric_mean(*m))
                    .sum::<f64>();
            let end_other = v.metric(M::OperatingProfit)?.mean
                - BRIDGE_LINES
                    .iter()
                    .map(|(m, sign)| sign * v.metric_mean(*m))
                    .sum::<f64>();
            steps.push(BridgeStep {
                metric: None,
                baseline: -start_other,
                variant: -end_other,
                effect: other,
                ci95: [f64::NAN, f64::NAN],
            });
        }
        Some(Bridge {
            variant: v.name.clone(),
            start: base.metric(M::OperatingProfit)?.mean,
            end: v.metric(M::OperatingProfit)?.mean,
            change: op.mean,
            ci95: op.ci95,
            steps,
        })
    }
}
