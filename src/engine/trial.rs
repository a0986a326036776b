//! One trial, orchestrated in one place for every caller (the run, the pilot, the
//! sensitivity analysis, the allocation test and the benchmarks): the parameters of each
//! variant drawn from the trial's key, one shared burn-in under the baseline, then the
//! variants from copies of its state, week by week side by side in groups, each finished
//! into what the caller keeps.

use crate::model::{Policy, Resolved, TrialOutcome, TrialSim, run_side_by_side};
use crate::rng::Key;
use crate::scenario::params::N_KPI;
use crate::scenario::{ParamSet, Scenario};

/// Everything a trial needs besides its key.
#[derive(Clone, Copy)]
pub struct TrialSetup<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Parameter set of each variant, in scenario order.
    pub sets: &'a [ParamSet],
    /// Auto-target bases per team (None before the pilot has any: pay plans then use none).
    pub targets: Option<&'a [[f64; N_KPI]]>,
    /// How many variants run side by side at most (see
    /// [`side_by_side_limit`](super::run::side_by_side_limit)); the numbers do not depend
    /// on it.
    pub side_by_side: usize,
}

/// What differs between the callers of [`run_trial`]: how the horizon of a group of
/// variants is stepped (the allocation test counts inside it) and what is kept of each
/// finished simulation (the run keeps the outcome, the pilot the KPI observations).
pub trait TrialHooks {
    /// What is kept of each variant's simulation.
    type Kept;

    /// Run weeks `0..horizon` of the variants of one group, side by side.
    fn horizon(&mut self, sims: &mut [TrialSim<'_>], runs: &[(&Policy, &Resolved)], horizon: i32) {
        run_side_by_side(sims, runs, 0, horizon);
    }

    /// Close the simulation of one variant after its horizon and keep what is needed.
    fn finish(
        &mut self,
        sim: &mut TrialSim<'_>,
        policy: &Policy,
        params: &Resolved,
        horizon: u32,
    ) -> Self::Kept;
}

/// The hooks of a run: each variant's [`TrialOutcome`].
pub struct Outcomes;

impl TrialHooks for Outcomes {
    type Kept = TrialOutcome;
    fn finish(
        &mut self,
        sim: &mut TrialSim<'_>,
        policy: &Policy,
        params: &Resolved,
        horizon: u32,
    ) -> TrialOutcome {
        sim.finish(policy, params, horizon)
    }
}

/// Draw a variant's parameters for one trial (with the scenario's input correlation).
pub fn draw(scenario: &Scenario, set: &ParamSet, key: Key) -> Resolved {
    crate::model::uncertainty::draw(set, key, scenario.design.correlation.as_ref())
}

/// Simulate the trial keyed by `key` for the listed variants (indices into the scenario's
/// variants, in the order given): one burn-in under the baseline, then every listed variant
/// from that state on common random numbers. A variant gets the same numbers whichever
/// others are listed with it and however they are grouped.
pub fn run_trial<H: TrialHooks>(
    setup: &TrialSetup,
    key: Key,
    variants: &[usize],
    hooks: &mut H,
) -> Vec<H::Kept> {
    let s = setup.scenario;
    let b = s.baseline_index();
    let burn = s.run.burn_in_weeks as i32;
    let horizon = s.run.horizon_weeks;
    let base_params = draw(s, &setup.sets[b], key);
    let base_policy = Policy::new(s, b, &base_params, setup.targets);
    let mut start = TrialSim::new(s, key, &base_params, -burn);
    start.run_weeks(-burn, 0, &base_policy, &base_params);
    let runs: Vec<(Resolved, Policy)> = variants
        .iter()
        .map(|&v| {
            if v == b {
                (base_params.clone(), base_policy.clone())
            } else {
                let p = draw(s, &setup.sets[v], key);
                let pol = Policy::new(s, v, &p, setup.targets);
                (p, pol)
            }
        })
        .collect();
    // Week by week, side by side, in groups of at most `side_by_side`: the variants share
    // the draws that do not depend on behaviour (see `run_side_by_side`); each gets the
    // numbers it would get alone. Each starts from the burn-in's state: copies of it, and
    // the very last variant takes it.
    let refs: Vec<(&Policy, &Resolved)> = runs.iter().map(|(p, pol)| (pol, p)).collect();
    let group_size = setup.side_by_side.max(1);
    let mut start = Some(start);
    let mut kept = Vec::with_capacity(runs.len());
    for (g, group) in refs.chunks(group_size).enumerate() {
        let last_group = (g + 1) * group_size >= refs.len();
        let mut sims: Vec<TrialSim> = Vec::with_capacity(group.len());
        for k in 0..group.len() {
            let sim = match &mut start {
                Some(st) if !(last_group && k + 1 == group.len()) => st.clone(),
                other => other.take().expect("the burn-in state is taken once"),
            };
            sims.push(sim);
        }
        for sim in &mut sims {
            sim.start_horizon(horizon);
        }
        hooks.horizon(&mut sims, group, horizon as i32);
        for (mut sim, &(policy, params)) in sims.into_iter().zip(group) {
            kept.push(hooks.finish(&mut sim, policy, params, horizon));
        }
    }
    kept
}
