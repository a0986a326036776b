//! The deterministic baseline pilot that sets `auto` targets (MODEL.md sections 5 and 8b):
//! the mean of each KPI per rep-period under the baseline, iterated to a fixed point (first
//! pass without pay pressure, then two passes with the targets of the pass before).

use rayon::prelude::*;

use crate::model::sim::KpiMeans;
use crate::model::{Policy, TrialSim};
use crate::rng::Key;
use crate::scenario::Scenario;
use crate::scenario::params::N_KPI;

/// Passes of the fixed-point iteration.
pub const PILOT_PASSES: usize = 3;

/// Key of pilot trial `t`: its own domain, so the pilot never shares numbers with the run.
pub fn pilot_key(seed: u64, trial: u64) -> Key {
    Key::root(seed).with(0x5049_4C4F_5400_0000).with(trial)
}

/// Auto-target bases per team: mean KPI per full rep-period under the baseline.
pub fn auto_targets(scenario: &Scenario, seed: u64) -> Vec<[f64; N_KPI]> {
    let b = scenario.baseline_index();
    let set = scenario.variant_params(b);
    let trials = scenario.run.pilot_trials as u64;
    let mut targets: Option<Vec<[f64; N_KPI]>> = None;
    for _ in 0..PILOT_PASSES {
        let obs: Vec<KpiMeans> = (0..trials)
            .into_par_iter()
            .map(|t| {
                let key = pilot_key(seed, t);
                let params = crate::model::uncertainty::draw(
                    &set,
                    key,
                    scenario.design.correlation.as_ref(),
                );
                let policy = Policy::new(scenario, b, &params, targets.as_deref());
                let burn = scenario.run.burn_in_weeks as i32;
                let horizon = scenario.run.horizon_weeks;
                let mut sim = TrialSim::new(scenario, key, &params, -burn);
                sim.run_weeks(-burn, 0, &policy, &params);
                sim.start_horizon(horizon);
                sim.run_weeks(0, horizon as i32, &policy, &params);
                let _ = sim.finish(&policy, &params, horizon);
                sim.kpi_observations().clone()
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
