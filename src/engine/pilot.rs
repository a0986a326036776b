//! The deterministic baseline pilot that sets `auto` targets (docs/model.md §5.2 "Targets
//! from the pilot"): the mean of each KPI per rep-period under the baseline, iterated to a
//! fixed point (first pass without pay pressure, then two passes with the targets of the pass
//! before). Each pilot trial is an ordinary trial of the baseline alone
//! ([`run_trial`](super::trial::run_trial)) on keys of its own.

use rayon::prelude::*;

use crate::engine::trial::{TrialHooks, TrialSetup, run_trial};
use crate::model::sim::KpiMeans;
use crate::model::{Policy, Resolved, TrialSim};
use crate::rng::Key;
use crate::scenario::params::N_KPI;
use crate::scenario::{ParamSet, Scenario};

/// Passes of the fixed-point iteration.
pub const PILOT_PASSES: usize = 3;

/// Key of pilot trial `t`: its own domain, so the pilot never shares numbers with the run.
pub fn pilot_key(seed: u64, trial: u64) -> Key {
    Key::root(seed).with(0x5049_4C4F_5400_0000).with(trial)
}

/// A pilot trial keeps the KPI observations of its baseline.
struct Observations;

impl TrialHooks for Observations {
    type Kept = KpiMeans;
    fn finish(
        &mut self,
        sim: &mut TrialSim<'_>,
        policy: &Policy,
        params: &Resolved,
        horizon: u32,
    ) -> KpiMeans {
        // Closing the last period records its KPIs; the outcome itself is not needed.
        let _ = sim.finish(policy, params, horizon);
        sim.kpi_observations().clone()
    }
}

/// Auto-target bases per team: mean KPI per full rep-period under the baseline.
pub fn auto_targets(scenario: &Scenario, seed: u64) -> Vec<[f64; N_KPI]> {
    let sets: Vec<ParamSet> = (0..scenario.variants.len())
        .map(|v| scenario.variant_params(v))
        .collect();
    auto_targets_of(scenario, &sets, seed)
}

/// [`auto_targets`] with the variants' parameter sets already built.
pub fn auto_targets_of(scenario: &Scenario, sets: &[ParamSet], seed: u64) -> Vec<[f64; N_KPI]> {
    let b = scenario.baseline_index();
    let trials = scenario.run.pilot_trials as u64;
    let mut targets: Option<Vec<[f64; N_KPI]>> = None;
    for _ in 0..PILOT_PASSES {
        let setup = TrialSetup {
            scenario,
            sets,
            targets: targets.as_deref(),
            side_by_side: 1,
        };
        let obs: Vec<KpiMeans> = (0..trials)
            .into_par_iter()
            .map(|t| {
                let mut kept = run_trial(&setup, pilot_key(seed, t), &[b], &mut Observations);
                kept.pop().expect("one variant, one observation")
            })
            .collect();
        // Reduce in trial order: the same bits whatever the thread count.
        let teams = scenario.teams.len();
        let mut sum = vec![[(0.0, 0.0); N_KPI]; teams];
        for o in &obs {
            for (t, row) in o.iter().enumerate() {
                for k in 0..N_KPI {
                    sum[t][k].0 += row[k].0;
                    sum[t][k].1 += row[k].1;
                }
            }
        }
        let next: Vec<[f64; N_KPI]> = sum
            .iter()
            .map(|row| {
                let mut t = [0.0; N_KPI];
                for k in 0..N_KPI {
                    t[k] = if row[k].1 > 0.0 {
                        row[k].0 / row[k].1
                    } else {
                        0.0
                    };
                }
                t
            })
            .collect();
        targets = Some(next);
    }
    targets.unwrap_or_default()
}
