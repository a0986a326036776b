//! Trials of the baseline with its opportunities recorded (docs/calibration.md): the same
//! numbers as the baseline of a run's trial, plus the record of every opportunity that
//! entered the pipeline during the horizon, with its owner, dates, outcome and amount.

use crate::model::sim::Recorder;
use crate::model::{Policy, Resolved, TrialOutcome, TrialSim, run_side_by_side};

use super::run::Plan;
use super::trial::TrialHooks;

/// One trial of the baseline: its outcome (as in the run) and its opportunities.
#[derive(Clone, Debug)]
pub struct RecordedTrial {
    /// The trial number.
    pub trial: u64,
    /// The baseline's metrics of the trial.
    pub outcome: TrialOutcome,
    /// The opportunities that entered the pipeline during the horizon.
    pub record: Recorder,
}

struct Recording;

impl TrialHooks for Recording {
    type Kept = (TrialOutcome, Recorder);
    fn horizon(&mut self, sims: &mut [TrialSim<'_>], runs: &[(&Policy, &Resolved)], horizon: i32) {
        for sim in sims.iter_mut() {
            sim.set_recorder(Some(Box::new(Recorder::new())));
        }
        run_side_by_side(sims, runs, 0, horizon);
    }
    fn finish(
        &mut self,
        sim: &mut TrialSim<'_>,
        policy: &Policy,
        params: &Resolved,
        horizon: u32,
    ) -> (TrialOutcome, Recorder) {
        let outcome = sim.finish(policy, params, horizon);
        let record = sim.take_recorder().map(|b| *b).unwrap_or_default();
        (outcome, record)
    }
}

/// Trial `t` of `plan`, baseline only, with its opportunities recorded.
pub fn record_trial(plan: &Plan, t: u64) -> RecordedTrial {
    let b = plan.scenario.baseline_index();
    let mut kept = plan.run_trial(t, &[b], &mut Recording);
    let (outcome, record) = kept.pop().expect("one variant was run");
    RecordedTrial {
        trial: t,
        outcome,
        record,
    }
}

/// Trials `0..n` of the baseline with their opportunities, in parallel, in trial order.
pub fn record_trials(plan: &Plan, n: u64) -> Vec<RecordedTrial> {
    use rayon::prelude::*;
    (0..n)
        .into_par_iter()
        .map(|t| record_trial(plan, t))
        .collect()
}
