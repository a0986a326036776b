//! Running an experiment: the pilot, then trials in blocks, each block simulated in parallel
//! on keyed streams and handed in trial order to the analysis, which folds it into its
//! accumulators (see [`crate::analysis`]).

use rayon::prelude::*;

use crate::analysis::{Accumulators, Precision, PrecisionRule};
use crate::engine::pilot;
use crate::engine::trial::{Outcomes, TrialSetup, run_trial};
use crate::model::TrialOutcome;
use crate::results::Summary;
use crate::rng::Key;
use crate::scenario::params::N_KPI;
use crate::scenario::{ParamSet, Scenario};

/// Trials simulated in parallel before their results are folded in, in order.
pub const BLOCK_TRIALS: u64 = 256;

/// Receives every trial's outcomes, in trial order (for streaming `trials.csv`).
pub type TrialSink<'a> = dyn FnMut(u64, &[TrialOutcome]) -> std::io::Result<()> + 'a;

/// Options of a run beyond the scenario.
#[derive(Default)]
pub struct RunOptions<'a> {
    /// Called after each block with the number of trials done.
    pub progress: Option<&'a (dyn Fn(u64) + Sync)>,
    /// Receives per-trial outcomes.
    pub sink: Option<&'a mut TrialSink<'a>>,
    /// Stop early once the expected change is precise enough (the scenario's trial count is
    /// then the maximum), by the two-stage [`PrecisionRule`] checked after each block of
    /// [`BLOCK_TRIALS`] trials.
    pub precision: Option<Precision>,
}

/// Key of trial `t` of a run.
pub fn trial_key(seed: u64, trial: u64) -> Key {
    Key::root(seed).with(trial)
}

/// Everything that is the same for every trial of a run.
pub struct Plan<'s> {
    /// The scenario.
    pub scenario: &'s Scenario,
    /// Parameter set of each variant (shared parameters with overrides).
    pub sets: Vec<ParamSet>,
    /// Auto-target bases per team.
    pub targets: Vec<[f64; N_KPI]>,
    /// How many variants of a trial run side by side at most (see [`side_by_side_limit`]);
    /// the numbers do not depend on it.
    pub side_by_side: usize,
}

/// Memory a thread may spend on the states of variants run side by side.
const SIDE_BY_SIDE_BUDGET: usize = 48 << 20;

/// Bytes of simulation state per seat and variant, about: the seat's pipeline, leads and
/// referral buffers at their starting capacities, and its share of the shared draws.
const STATE_BYTES_PER_SEAT: usize = 8 << 10;

/// How many variants run side by side: all of them for a small organisation, fewer for a
/// large one, so that a thread's states stay within [`SIDE_BY_SIDE_BUDGET`] (the variants
/// run in groups; only the sharing of draws between groups is lost).
pub fn side_by_side_limit(scenario: &Scenario) -> usize {
    let per_variant = (scenario.total_reps() as usize).max(1) * STATE_BYTES_PER_SEAT;
    (SIDE_BY_SIDE_BUDGET / per_variant).max(1)
}

fn variant_sets(scenario: &Scenario) -> Vec<ParamSet> {
    (0..scenario.variants.len())
        .map(|v| scenario.variant_params(v))
        .collect()
}

impl<'s> Plan<'s> {
    /// A plan with known targets (from a shard manifest), without running the pilot.
    pub fn with_targets(scenario: &'s Scenario, targets: Vec<[f64; N_KPI]>) -> Self {
        Plan {
            scenario,
            sets: variant_sets(scenario),
            targets,
            side_by_side: side_by_side_limit(scenario),
        }
    }

    /// Prepare a run: parameter sets and the pilot's targets.
    pub fn new(scenario: &'s Scenario) -> Self {
        let sets = variant_sets(scenario);
        let targets = pilot::auto_targets_of(scenario, &sets, scenario.run.seed);
        Plan {
            scenario,
            sets,
            targets,
            side_by_side: side_by_side_limit(scenario),
        }
    }

    /// What every trial of this plan shares.
    pub fn setup(&self) -> TrialSetup<'_> {
        TrialSetup {
            scenario: self.scenario,
            sets: &self.sets,
            targets: Some(&self.targets),
            side_by_side: self.side_by_side,
        }
    }

    /// Simulate trial `t`: one shared burn-in under the baseline, then every variant from
    /// the same state on common random numbers.
    pub fn trial(&self, t: u64) -> Vec<TrialOutcome> {
        let all: Vec<usize> = (0..self.scenario.variants.len()).collect();
        self.trial_of(t, &all)
    }

    /// Simulate trial `t` for the listed variants only (same numbers as in a full trial).
    pub fn trial_of(&self, t: u64, variants: &[usize]) -> Vec<TrialOutcome> {
        self.run_trial(t, variants, &mut Outcomes)
    }

    /// Simulate trial `t` for the listed variants with the caller's hooks (see
    /// [`run_trial`]).
    pub fn run_trial<H: crate::engine::trial::TrialHooks>(
        &self,
        t: u64,
        variants: &[usize],
        hooks: &mut H,
    ) -> Vec<H::Kept> {
        run_trial(
            &self.setup(),
            trial_key(self.scenario.run.seed, t),
            variants,
            hooks,
        )
    }
}

/// Run an experiment with `threads` worker threads (0 = all cores).
///
/// # Errors
/// When the per-trial sink fails to write or the thread pool cannot start.
pub fn run(scenario: &Scenario, threads: usize, opts: RunOptions) -> anyhow::Result<Summary> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let plan = pool.install(|| Plan::new(scenario));
    run_plan(&pool, &plan, opts)
}

/// Folds trial outcomes, strictly in trial order, into the analysis's accumulators, and
/// adds the sensitivity table (which needs simulation) at the end. The same sequence of
/// outcomes always gives the same bytes, whether they were simulated here or read back
/// from shards.
pub struct Reducer<'p, 's> {
    plan: &'p Plan<'s>,
    accs: Accumulators<'s>,
}

impl<'p, 's> Reducer<'p, 's> {
    /// Empty accumulators for a plan.
    pub fn new(plan: &'p Plan<'s>) -> Self {
        Reducer {
            plan,
            accs: Accumulators::new(plan.scenario),
        }
    }

    /// Fold the next trial's outcomes (one per variant, in scenario order).
    pub fn push(&mut self, outs: &[TrialOutcome]) {
        self.accs.push(outs);
    }

    /// Trials folded so far.
    pub fn trials(&self) -> u64 {
        self.accs.trials()
    }

    /// Whether every variant's 95 % interval of the expected change meets the precision
    /// target now (the first-success check; runs stop by [`PrecisionRule`]).
    pub fn precise_enough(&self, target: &Precision) -> bool {
        self.accs.precise_enough(target)
    }

    /// The `vs_baseline` entry of `output` of every compared variant, from the trials folded
    /// so far.
    pub fn compared(&self, output: crate::metrics::Output) -> Vec<crate::stats::ChangeEstimate> {
        self.accs.compared(output)
    }

    /// Whether the precision rule stops the run after the trials folded so far.
    pub fn stop(&self, rule: &mut PrecisionRule) -> bool {
        rule.stop(&self.accs)
    }

    /// The summary (running the sensitivity analysis on `pool` when the scenario asks).
    pub fn finish(self, pool: &rayon::ThreadPool) -> Summary {
        let mut summary = self.accs.summary(&self.plan.targets);
        if let Some(spec) = &self.plan.scenario.design.sensitivity {
            summary.sensitivity = Some(super::sensitivity::analyse(
                pool,
                self.plan,
                spec,
                self.accs.sensitivity_outputs(),
            ));
        }
        summary
    }
}

/// Simulate trials `range` in blocks, in parallel, handing each block's outcomes in trial
/// order to `each`; stops early when `each` returns `Ok(false)`.
///
/// # Errors
/// Whatever `each` returns.
pub fn simulate_blocks(
    pool: &rayon::ThreadPool,
    plan: &Plan,
    range: std::ops::Range<u64>,
    mut each: impl FnMut(u64, Vec<Vec<TrialOutcome>>) -> anyhow::Result<bool>,
) -> anyhow::Result<()> {
    let block = |start: u64| -> Vec<Vec<TrialOutcome>> {
        let end = (start + BLOCK_TRIALS).min(range.end);
        pool.install(|| {
            (start..end)
                .into_par_iter()
                .map(|t| plan.trial(t))
                .collect()
        })
    };
    // The pool simulates block k + 1 while this thread hands block k to `each` (the fold
    // into the accumulators is serial; overlapped, it never leaves the pool's threads idle).
    // Blocks reach `each` in trial order as before; when `each` says stop, the block
    // simulated ahead is dropped unseen, so the results are those of a run of that length.
    let mut start = range.start;
    if start >= range.end {
        return Ok(());
    }
    let mut current = block(start);
    loop {
        let next = start + BLOCK_TRIALS;
        let (ahead, go_on) = std::thread::scope(|scope| {
            let ahead = (next < range.end).then(|| scope.spawn(|| block(next)));
            let go_on = each(start, current);
            let ahead = ahead.map(|h| match h.join() {
                Ok(outs) => outs,
                Err(panic) => std::panic::resume_unwind(panic),
            });
            (ahead, go_on)
        });
        match (go_on?, ahead) {
            (true, Some(outs)) => {
                current = outs;
                start = next;
            }
            _ => return Ok(()),
        }
    }
}

/// Run the trials of a prepared plan on a thread pool.
///
/// # Errors
/// When the precision target names no output or the per-trial sink fails to write.
pub fn run_plan(
    pool: &rayon::ThreadPool,
    plan: &Plan,
    mut opts: RunOptions,
) -> anyhow::Result<Summary> {
    let mut reducer = Reducer::new(plan);
    let mut rule = opts
        .precision
        .take()
        .map(|target| PrecisionRule::new(target, plan.scenario.run.trials));
    simulate_blocks(pool, plan, 0..plan.scenario.run.trials, |start, outs| {
        for (i, o) in outs.iter().enumerate() {
            reducer.push(o);
            if let Some(sink) = opts.sink.as_mut() {
                sink(start + i as u64, o)?;
            }
        }
        if let Some(p) = opts.progress {
            p(reducer.trials());
        }
        Ok(rule.as_mut().is_none_or(|r| !reducer.stop(r)))
    })?;
    let mut summary = reducer.finish(pool);
    summary.precision = rule.map(|r| r.record(&summary));
    Ok(summary)
}
