//! The accumulators of a run: per variant, every metric's distribution, every paired
//! difference vs the baseline, the weekly bands, the hours per activity and the discounts by
//! week of the period. Trials are folded strictly in trial order, so the same outcomes always
//! give the same bytes, whether they were simulated here or read back from shards.

use crate::metrics::{Change, M, N_METRICS, Output};
use crate::model::TrialOutcome;
use crate::model::outcome::{TEAM_FIELDS, TeamOutcome, TeamRow};
use crate::results::Summary;
use crate::scenario::Scenario;
use crate::scenario::params::{N_ACT, N_KPI};
use crate::stats::ratio::{CoMoments, DeltaEstimate};
use crate::stats::{ChangeEstimate, Distribution, Paired, Quantiles};

use super::{Precision, better_direction, change, higher_is_better, output_value};

/// Order of the paired P&L quantities in [`VariantAcc::pnl`].
const REV_V: usize = 0;
const REV_B: usize = 1;
const OP_V: usize = 2;
const OP_B: usize = 3;

/// Values kept exactly per metric before quantiles switch to the sketch.
pub const EXACT_CAP: usize = 20_000;
/// Values kept exactly per week and series.
pub const WEEKLY_EXACT_CAP: usize = 2_000;
/// Trials whose output is kept for the rank correlation of the sensitivity table.
pub const SPEARMAN_MAX_TRIALS: usize = 200_000;

/// Accumulators of one variant.
pub(super) struct VariantAcc {
    pub(super) metrics: Vec<Distribution>,
    /// Paired difference vs the baseline of each metric, in [`crate::metrics::M`] order.
    pub(super) paired: Vec<Paired>,
    /// Each [`Change`] vs the baseline trial by trial (the per-world change), in
    /// [`Change::ALL`] order.
    pub(super) changes: Vec<Paired>,
    /// Revenue and operating profit of the variant and the baseline, trial by trial: the
    /// expected changes of [`Change`] outputs are smooth functions of their means.
    pub(super) pnl: CoMoments<4>,
    /// Revenue, cumulative revenue and pipeline per week of the horizon.
    pub(super) weekly: [Vec<Quantiles>; 3],
    pub(super) weekly_mean: [Vec<f64>; 3],
    pub(super) hours: [[f64; N_ACT]; 2],
    pub(super) rep_weeks: [f64; 2],
    pub(super) discount_by_week: Vec<(f64, f64)>,
    /// (trials reaching the threshold, trials with a change).
    pub(super) threshold: (u64, u64),
    /// Per team, in scenario order.
    pub(super) teams: Vec<TeamAcc>,
    /// Cumulative revenue minus the baseline's, per week of the horizon, trial by trial (the
    /// paired transition: its last week is the paired revenue difference).
    pub(super) cum_change: Vec<Quantiles>,
    pub(super) cum_change_mean: Vec<f64>,
}

/// Accumulators of one team of one variant.
pub(super) struct TeamAcc {
    /// Sums over trials of each [`crate::model::outcome::TeamOutcome`] figure.
    pub(super) sums: TeamRow,
    /// Trials folded.
    pub(super) n: u64,
    /// Paired differences vs the same team under the baseline: revenue, operating profit.
    pub(super) revenue: Paired,
    pub(super) profit: Paired,
}

impl TeamAcc {
    fn new() -> Self {
        TeamAcc {
            sums: [0.0; TEAM_FIELDS],
            n: 0,
            revenue: Paired::new(EXACT_CAP),
            profit: Paired::new(EXACT_CAP),
        }
    }
}

impl VariantAcc {
    fn new(horizon: usize, period: usize, teams: usize) -> Self {
        let wk = || {
            (0..horizon)
                .map(|_| Quantiles::new(WEEKLY_EXACT_CAP))
                .collect()
        };
        VariantAcc {
            metrics: (0..N_METRICS)
                .map(|_| Distribution::new(EXACT_CAP))
                .collect(),
            paired: (0..N_METRICS).map(|_| Paired::new(EXACT_CAP)).collect(),
            changes: Change::ALL.iter().map(|_| Paired::new(EXACT_CAP)).collect(),
            pnl: CoMoments::default(),
            weekly: [wk(), wk(), wk()],
            weekly_mean: [vec![0.0; horizon], vec![0.0; horizon], vec![0.0; horizon]],
            hours: [[0.0; N_ACT]; 2],
            rep_weeks: [0.0; 2],
            discount_by_week: vec![(0.0, 0.0); period],
            threshold: (0, 0),
            teams: (0..teams).map(|_| TeamAcc::new()).collect(),
            cum_change: wk(),
            cum_change_mean: vec![0.0; horizon],
        }
    }

    /// The paired difference of `output` vs the baseline.
    pub(super) fn paired(&self, output: Output) -> &Paired {
        match output {
            Output::Change(c) => &self.changes[c as usize],
            Output::Metric(m) => &self.paired[m as usize],
        }
    }

    /// The `vs_baseline` entry of `output`: the expected change with its interval (a ratio
    /// of means with a delta-method interval for a [`Change`], the mean paired difference for
    /// a metric), the range across worlds and the shares (docs/model.md, section 10.3).
    pub(super) fn change_estimate(&self, output: Output) -> ChangeEstimate {
        let expected = match output {
            Output::Change(Change::RevenuePct) => {
                Some(DeltaEstimate::pct_change(&self.pnl, REV_V, REV_B))
            }
            Output::Change(Change::OperatingMarginPp) => Some(DeltaEstimate::ratio_change_pp(
                &self.pnl,
                (OP_V, REV_V),
                (OP_B, REV_B),
            )),
            Output::Metric(_) => None,
        };
        self.paired(output)
            .change_estimate(better_direction(output), expected)
    }

    /// Fold one trial's outcome of this variant, given the baseline's.
    fn push(&mut self, o: &TrialOutcome, base: &TrialOutcome, threshold: Option<(Output, f64)>) {
        if let Some((output, value)) = threshold {
            let c = change(output, o, base);
            if !c.is_nan() {
                self.threshold.1 += 1;
                let hit = if higher_is_better(output) {
                    c >= value
                } else {
                    c <= value
                };
                self.threshold.0 += hit as u64;
            }
        }
        for k in 0..N_METRICS {
            self.metrics[k].push(o.metrics[k]);
            self.paired[k].push(o.metrics[k] - base.metrics[k]);
        }
        for (acc, c) in self.changes.iter_mut().zip(Change::ALL) {
            acc.push(change(Output::Change(c), o, base));
        }
        let (r, op) = (M::Revenue as usize, M::OperatingProfit as usize);
        self.pnl.push([
            o.metrics[r],
            base.metrics[r],
            o.metrics[op],
            base.metrics[op],
        ]);
        let mut cum = 0.0;
        let mut cum_base = 0.0;
        for (w, &rev) in o.weekly_revenue.iter().enumerate() {
            cum += rev;
            let vals = [rev, cum, o.weekly_pipeline[w]];
            for s in 0..3 {
                self.weekly[s][w].push(vals[s]);
                self.weekly_mean[s][w] += vals[s];
            }
            cum_base += base.weekly_revenue.get(w).copied().unwrap_or(f64::NAN);
            self.cum_change[w].push(cum - cum_base);
            self.cum_change_mean[w] += cum - cum_base;
        }
        for ((acc, t), b) in self.teams.iter_mut().zip(&o.teams).zip(&base.teams) {
            for (s, x) in acc.sums.iter_mut().zip(t) {
                *s += x;
            }
            acc.n += 1;
            let (r, op) = (
                TeamOutcome::Revenue as usize,
                TeamOutcome::OperatingProfit as usize,
            );
            acc.revenue.push(t[r] - b[r]);
            acc.profit.push(t[op] - b[op]);
        }
        for m in 0..2 {
            for a in 0..N_ACT {
                self.hours[m][a] += o.hours[m][a];
            }
            self.rep_weeks[m] += o.rep_weeks[m];
        }
        for (slot, d) in self.discount_by_week.iter_mut().zip(&o.discount_by_week) {
            slot.0 += d.0;
            slot.1 += d.1;
        }
    }
}

/// Everything a run accumulates, folded trial by trial in trial order.
pub struct Accumulators<'s> {
    scenario: &'s Scenario,
    pub(super) variants: Vec<VariantAcc>,
    /// The scenario's decision threshold, resolved (None when it has none).
    threshold: Option<(Output, f64)>,
    /// The sensitivity output and the variant it is read from (None when not asked).
    sensitivity: Option<(Output, usize)>,
    /// The sensitivity output of the first trials, in trial order.
    sens_outputs: Vec<f64>,
    trials: u64,
}

impl<'s> Accumulators<'s> {
    /// Empty accumulators for a scenario's variants.
    pub fn new(scenario: &'s Scenario) -> Self {
        let horizon = scenario.run.horizon_weeks as usize;
        let period = scenario.run.period_weeks as usize;
        let design = &scenario.design;
        Accumulators {
            scenario,
            variants: (0..scenario.variants.len())
                .map(|_| VariantAcc::new(horizon, period, scenario.teams.len()))
                .collect(),
            threshold: design.threshold.as_ref().map(|t| (t.metric, t.value)),
            sensitivity: design.sensitivity.as_ref().map(|s| (s.output, s.variant)),
            sens_outputs: Vec::new(),
            trials: 0,
        }
    }

    /// Fold the next trial's outcomes (one per variant, in scenario order).
    pub fn push(&mut self, outs: &[TrialOutcome]) {
        let baseline = self.scenario.baseline_index();
        let base = &outs[baseline];
        for (acc, o) in self.variants.iter_mut().zip(outs) {
            acc.push(o, base, self.threshold);
        }
        if self.scenario.design.sensitivity.is_some()
            && self.sens_outputs.len() < SPEARMAN_MAX_TRIALS
        {
            let value = match self.sensitivity {
                Some((output, v)) => output_value(output, &outs[v], base),
                None => f64::NAN,
            };
            self.sens_outputs.push(value);
        }
        self.trials += 1;
    }

    /// Trials folded so far.
    pub fn trials(&self) -> u64 {
        self.trials
    }

    /// The sensitivity output of the first trials (at most [`SPEARMAN_MAX_TRIALS`]), in
    /// trial order; empty when the scenario asks for no sensitivity analysis.
    pub fn sensitivity_outputs(&self) -> &[f64] {
        &self.sens_outputs
    }

    /// The `vs_baseline` entry of `output` for every variant compared with the baseline, in
    /// scenario order, from the trials folded so far.
    pub fn compared(&self, output: Output) -> Vec<ChangeEstimate> {
        let baseline = self.scenario.baseline_index();
        self.variants
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != baseline)
            .map(|(_, acc)| acc.change_estimate(output))
            .collect()
    }

    /// Whether every variant's 95 % interval of the expected change meets the precision
    /// target now (see [`Precision::met_by`]); the stopping rule is
    /// [`super::PrecisionRule`].
    pub fn precise_enough(&self, target: &Precision) -> bool {
        target.met_by(self.compared(target.output).iter().map(|c| Some(c.ci95)))
    }

    /// The summary, with the pilot's auto-target bases per team (the sensitivity table is
    /// left empty: it needs simulation, which the engine adds).
    pub fn summary(&self, targets: &[[f64; N_KPI]]) -> Summary {
        super::summary::summarise(self.scenario, targets, &self.variants, self.trials)
    }
}
