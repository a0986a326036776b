//! Running an experiment: the pilot, then trials in blocks, each block simulated in parallel
//! and folded into the accumulators in trial order.

use rayon::prelude::*;

use crate::engine::pilot;
use crate::metrics::{Better, M, METRICS, N_METRICS};
use crate::model::uncertainty;
use crate::model::{Policy, Resolved, TrialOutcome, TrialSim, run_side_by_side};
use crate::results::{Band, Named, Summary, VariantSummary, Weekly};
use crate::rng::Key;
use crate::scenario::params::{ACTIVITIES, KPIS, N_ACT, N_KPI};
use crate::scenario::{Motion, ParamSet, Scenario};
use crate::stats::{Distribution, Paired, Quantiles};

/// Trials simulated in parallel before their results are folded in, in order.
pub const BLOCK_TRIALS: u64 = 256;
/// Values kept exactly per metric before quantiles switch to the sketch.
pub const EXACT_CAP: usize = 20_000;
/// Values kept exactly per week and series.
pub const WEEKLY_EXACT_CAP: usize = 2_000;

/// Receives every trial's outcomes, in trial order (for streaming `trials.csv`).
pub type TrialSink<'a> = dyn FnMut(u64, &[TrialOutcome]) -> std::io::Result<()> + 'a;

/// Options of a run beyond the scenario.
#[derive(Default)]
pub struct RunOptions<'a> {
    /// Called after each block with the number of trials done.
    pub progress: Option<&'a (dyn Fn(u64) + Sync)>,
    /// Receives per-trial outcomes.
    pub sink: Option<&'a mut TrialSink<'a>>,
    /// Stop early once a paired difference is precise enough (the scenario's trial count is
    /// then the maximum).
    pub precision: Option<Precision>,
}

/// A precision target: stop when the 95 % half-width of the paired difference of `metric`
/// (`revenue_pct`, `operating_margin_pp` or a metric name) is at most `half_width` for every
/// variant compared with the baseline. Checked after each block of [`BLOCK_TRIALS`] trials,
/// so the result is the same as a plain run with the reported number of trials.
#[derive(Clone, Debug)]
pub struct Precision {
    /// What is compared.
    pub metric: String,
    /// Largest acceptable 95 % half-width.
    pub half_width: f64,
}

/// The change of `metric` between a variant's and the baseline's outcome of one trial.
pub fn change(metric: &str, v: &TrialOutcome, base: &TrialOutcome) -> f64 {
    let r = M::Revenue as usize;
    match metric {
        "revenue_pct" => {
            if base.metrics[r] > 0.0 {
                100.0 * (v.metrics[r] - base.metrics[r]) / base.metrics[r]
            } else {
                f64::NAN
            }
        }
        "operating_margin_pp" => {
            let om = M::OperatingMarginPct as usize;
            v.metrics[om] - base.metrics[om]
        }
        name => {
            crate::metrics::metric_index(name).map_or(f64::NAN, |k| v.metrics[k] - base.metrics[k])
        }
    }
}

/// Whether a larger change of `metric` is better (false for costs, discounts, attrition).
pub fn higher_is_better(metric: &str) -> bool {
    crate::metrics::metric_index(metric).is_none_or(|k| METRICS[k].better != Better::Lower)
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

/// Draw a variant's parameters for one trial (with the scenario's input correlation).
pub fn draw(scenario: &Scenario, set: &ParamSet, key: Key) -> crate::model::Resolved {
    uncertainty::draw(set, key, scenario.design.correlation.as_ref())
}

impl<'s> Plan<'s> {
    /// A plan with known targets (from a shard manifest), without running the pilot.
    pub fn with_targets(scenario: &'s Scenario, targets: Vec<[f64; N_KPI]>) -> Self {
        let sets = (0..scenario.variants.len())
            .map(|v| scenario.variant_params(v))
            .collect();
        Plan {
            scenario,
            sets,
            targets,
            side_by_side: side_by_side_limit(scenario),
        }
    }

    /// Prepare a run: parameter sets and the pilot's targets.
    pub fn new(scenario: &'s Scenario) -> Self {
        let sets = (0..scenario.variants.len())
            .map(|v| scenario.variant_params(v))
            .collect();
        let targets = pilot::auto_targets(scenario, scenario.run.seed);
        Plan {
            scenario,
            sets,
            targets,
            side_by_side: side_by_side_limit(scenario),
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
        let s = self.scenario;
        let key = trial_key(s.run.seed, t);
        let b = s.baseline_index();
        let burn = s.run.burn_in_weeks as i32;
        let horizon = s.run.horizon_weeks;
        let base_params = draw(s, &self.sets[b], key);
        let base_policy = Policy::new(s, b, &base_params, Some(&self.targets));
        let mut start = TrialSim::new(s, key, &base_params, -burn);
        start.run_weeks(-burn, 0, &base_policy, &base_params);
        let runs: Vec<(Resolved, Policy)> = variants
            .iter()
            .map(|&v| {
                if v == b {
                    (base_params.clone(), base_policy.clone())
                } else {
                    let p = draw(s, &self.sets[v], key);
                    let pol = Policy::new(s, v, &p, Some(&self.targets));
                    (p, pol)
                }
            })
            .collect();
        // Week by week, side by side, in groups of at most `side_by_side`: the variants share
        // the draws that do not depend on behaviour (see `run_side_by_side`); each gets the
        // numbers it would get alone. Each starts from the burn-in's state: copies of it, and
        // the very last variant takes it.
        let refs: Vec<(&Policy, &Resolved)> = runs.iter().map(|(p, pol)| (pol, p)).collect();
        let mut start = Some(start);
        let mut outcomes = Vec::with_capacity(runs.len());
        for (g, group) in refs.chunks(self.side_by_side.max(1)).enumerate() {
            let last_group = (g + 1) * self.side_by_side.max(1) >= refs.len();
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
            run_side_by_side(&mut sims, group, 0, horizon as i32);
            for (mut sim, &(policy, params)) in sims.into_iter().zip(group) {
                outcomes.push(sim.finish(policy, params, horizon));
            }
        }
        outcomes
    }
}

/// Accumulators of one variant.
struct VariantAcc {
    metrics: Vec<Distribution>,
    paired: Vec<Paired>,
    revenue_pct: Paired,
    margin_pp: Paired,
    weekly: [Vec<Quantiles>; 3],
    weekly_mean: [Vec<f64>; 3],
    hours: [[f64; N_ACT]; 2],
    rep_weeks: [f64; 2],
    discount_by_week: Vec<(f64, f64)>,
    threshold: (u64, u64),
}

impl VariantAcc {
    fn new(horizon: usize, period: usize) -> Self {
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
            revenue_pct: Paired::new(EXACT_CAP),
            margin_pp: Paired::new(EXACT_CAP),
            weekly: [wk(), wk(), wk()],
            weekly_mean: [vec![0.0; horizon], vec![0.0; horizon], vec![0.0; horizon]],
            hours: [[0.0; N_ACT]; 2],
            rep_weeks: [0.0; 2],
            discount_by_week: vec![(0.0, 0.0); period],
            threshold: (0, 0),
        }
    }
}

/// Fold one trial into the accumulators.
fn fold(
    accs: &mut [VariantAcc],
    baseline: usize,
    outs: &[TrialOutcome],
    threshold: Option<&crate::scenario::experiment::Threshold>,
) {
    let base = &outs[baseline];
    for (acc, o) in accs.iter_mut().zip(outs) {
        if let Some(th) = threshold {
            let c = change(&th.metric, o, base);
            if !c.is_nan() {
                acc.threshold.1 += 1;
                let hit = if higher_is_better(&th.metric) {
                    c >= th.value
                } else {
                    c <= th.value
                };
                acc.threshold.0 += hit as u64;
            }
        }
        for k in 0..N_METRICS {
            acc.metrics[k].push(o.metrics[k]);
            acc.paired[k].push(o.metrics[k] - base.metrics[k]);
        }
        acc.revenue_pct.push(change("revenue_pct", o, base));
        acc.margin_pp.push(change("operating_margin_pp", o, base));
        let mut cum = 0.0;
        for (w, &rev) in o.weekly_revenue.iter().enumerate() {
            cum += rev;
            let vals = [rev, cum, o.weekly_pipeline[w]];
            for s in 0..3 {
                acc.weekly[s][w].push(vals[s]);
                acc.weekly_mean[s][w] += vals[s];
            }
        }
        for m in 0..2 {
            for a in 0..N_ACT {
                acc.hours[m][a] += o.hours[m][a];
            }
            acc.rep_weeks[m] += o.rep_weeks[m];
        }
        for (slot, d) in acc.discount_by_week.iter_mut().zip(&o.discount_by_week) {
            slot.0 += d.0;
            slot.1 += d.1;
        }
    }
}

/// Run an experiment with `threads` worker threads (0 = all cores).
///
/// # Errors
/// Only when the per-trial sink fails to write or the thread pool cannot start.
pub fn run(scenario: &Scenario, threads: usize, opts: RunOptions) -> anyhow::Result<Summary> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let plan = pool.install(|| Plan::new(scenario));
    run_plan(&pool, &plan, opts)
}

/// Folds trial outcomes, strictly in trial order, into the accumulators of the summary.
/// The same sequence of outcomes always gives the same bytes, whether they were simulated
/// here or read back from shards.
pub struct Reducer<'p, 's> {
    plan: &'p Plan<'s>,
    accs: Vec<VariantAcc>,
    sens_outputs: Vec<f64>,
    trials: u64,
}

impl<'p, 's> Reducer<'p, 's> {
    /// Empty accumulators for a plan.
    pub fn new(plan: &'p Plan<'s>) -> Self {
        let s = plan.scenario;
        let horizon = s.run.horizon_weeks as usize;
        let period = s.run.period_weeks as usize;
        Reducer {
            plan,
            accs: (0..s.variants.len())
                .map(|_| VariantAcc::new(horizon, period))
                .collect(),
            sens_outputs: Vec::new(),
            trials: 0,
        }
    }

    /// Fold the next trial's outcomes (one per variant, in scenario order).
    pub fn push(&mut self, outs: &[TrialOutcome]) {
        let s = self.plan.scenario;
        let baseline = s.baseline_index();
        fold(&mut self.accs, baseline, outs, s.design.threshold.as_ref());
        if let Some(spec) = &s.design.sensitivity
            && self.sens_outputs.len() < SPEARMAN_MAX_TRIALS
        {
            self.sens_outputs.push(output_value(
                &spec.output,
                &outs[spec.variant],
                &outs[baseline],
            ));
        }
        self.trials += 1;
    }

    /// Trials folded so far.
    pub fn trials(&self) -> u64 {
        self.trials
    }

    /// Whether every variant's paired difference meets the precision target.
    pub fn precise_enough(&self, target: &Precision) -> bool {
        precise_enough(&self.accs, self.plan.scenario.baseline_index(), target)
    }

    /// The summary (running the sensitivity analysis on `pool` when the scenario asks).
    pub fn finish(self, pool: &rayon::ThreadPool) -> Summary {
        let mut summary = summarise(self.plan.scenario, self.plan, &self.accs, self.trials);
        if let Some(spec) = &self.plan.scenario.design.sensitivity {
            summary.sensitivity = Some(super::sensitivity::analyse(
                pool,
                self.plan,
                spec,
                &self.sens_outputs,
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
/// Only when the per-trial sink fails to write.
pub fn run_plan(
    pool: &rayon::ThreadPool,
    plan: &Plan,
    mut opts: RunOptions,
) -> anyhow::Result<Summary> {
    let mut reducer = Reducer::new(plan);
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
        Ok(opts
            .precision
            .as_ref()
            .is_none_or(|target| !reducer.precise_enough(target)))
    })?;
    Ok(reducer.finish(pool))
}

/// Trials whose inputs and output are kept for the rank correlation of the sensitivity table.
pub const SPEARMAN_MAX_TRIALS: usize = 200_000;

/// The output of a sensitivity analysis in one trial.
pub fn output_value(output: &str, v: &TrialOutcome, base: &TrialOutcome) -> f64 {
    if crate::scenario::experiment::CHANGE_NAMES.contains(&output) {
        change(output, v, base)
    } else {
        crate::metrics::metric_index(output).map_or(f64::NAN, |k| v.metrics[k])
    }
}

fn precise_enough(accs: &[VariantAcc], baseline: usize, target: &Precision) -> bool {
    let mut any = false;
    for (i, acc) in accs.iter().enumerate() {
        if i == baseline {
            continue;
        }
        any = true;
        let p = match target.metric.as_str() {
            "revenue_pct" => &acc.revenue_pct,
            "operating_margin_pp" => &acc.margin_pp,
            name => match crate::metrics::metric_index(name) {
                Some(k) => &acc.paired[k],
                None => return true,
            },
        };
        let ci = p.diff.moments.ci95();
        let half = (ci[1] - ci[0]) / 2.0;
        if half.is_nan() || half > target.half_width {
            return false;
        }
    }
    any
}

fn summarise(scenario: &Scenario, plan: &Plan, accs: &[VariantAcc], trials_run: u64) -> Summary {
    let trials = trials_run as f64;
    let targets = Named(
        scenario
            .teams
            .iter()
            .zip(&plan.targets)
            .map(|(t, row)| {
                (
                    t.name.clone(),
                    Named(
                        KPIS.iter()
                            .zip(row)
                            .map(|(k, v)| (k.to_string(), *v))
                            .collect(),
                    ),
                )
            })
            .collect(),
    );
    let motions_present: Vec<Motion> = Motion::ALL
        .into_iter()
        .filter(|m| scenario.teams.iter().any(|t| t.motion == *m))
        .collect();
    let variants = scenario
        .variants
        .iter()
        .zip(accs)
        .map(|(v, acc)| {
            let metrics = Named(
                METRICS
                    .iter()
                    .zip(&acc.metrics)
                    .map(|(d, a)| (d.name.to_string(), a.estimate()))
                    .collect(),
            );
            let vs_baseline = if v.baseline {
                Named(Vec::new())
            } else {
                let mut list = vec![
                    (
                        "revenue_pct".to_string(),
                        acc.revenue_pct.estimate(Some(true)),
                    ),
                    (
                        "operating_margin_pp".to_string(),
                        acc.margin_pp.estimate(Some(true)),
                    ),
                ];
                for (d, p) in METRICS.iter().zip(&acc.paired) {
                    let better = match d.better {
                        Better::Higher => Some(true),
                        Better::Lower => Some(false),
                        Better::Neither => None,
                    };
                    list.push((d.name.to_string(), p.estimate(better)));
                }
                Named(list)
            };
            let allocation = Named(
                motions_present
                    .iter()
                    .map(|m| {
                        let mi = m.index();
                        let rw = acc.rep_weeks[mi];
                        (
                            m.name().to_string(),
                            Named(
                                ACTIVITIES
                                    .iter()
                                    .enumerate()
                                    .map(|(a, name)| {
                                        let h = if rw > 0.0 { acc.hours[mi][a] / rw } else { 0.0 };
                                        (name.to_string(), h)
                                    })
                                    .collect(),
                            ),
                        )
                    })
                    .collect(),
            );
            let band = |s: usize| Band {
                mean: acc.weekly_mean[s].iter().map(|x| x / trials).collect(),
                p05: acc.weekly[s].iter().map(|q| q.quantile(0.05)).collect(),
                p50: acc.weekly[s].iter().map(|q| q.quantile(0.50)).collect(),
                p95: acc.weekly[s].iter().map(|q| q.quantile(0.95)).collect(),
            };
            VariantSummary {
                name: v.name.clone(),
                baseline: v.baseline,
                description: v.description.clone(),
                regimes: Named(
                    scenario
                        .teams
                        .iter()
                        .zip(&v.regimes)
                        .map(|(t, r)| (t.name.clone(), r.name.clone()))
                        .collect(),
                ),
                coaching_hours: v.coaching_hours,
                levers: v.levers,
                metrics,
                vs_baseline,
                allocation,
                discount_by_week_of_period: acc
                    .discount_by_week
                    .iter()
                    .map(|(s, n)| if *n > 0.0 { 100.0 * s / n } else { f64::NAN })
                    .collect(),
                weekly: Weekly {
                    revenue: band(0),
                    cumulative_revenue: band(1),
                    pipeline: band(2),
                },
                p_threshold: scenario.design.threshold.as_ref().and_then(|_| {
                    (!v.baseline && acc.threshold.1 > 0)
                        .then(|| acc.threshold.0 as f64 / acc.threshold.1 as f64)
                }),
            }
        })
        .collect();
    Summary {
        schema: crate::results::SCHEMA.to_string(),
        experiment: scenario.experiment.name.clone(),
        description: scenario.experiment.description.clone(),
        spmsim_version: env!("CARGO_PKG_VERSION").to_string(),
        scenario_sha256: scenario.sha256.clone(),
        seed: scenario.run.seed,
        trials: trials_run,
        burn_in_weeks: scenario.run.burn_in_weeks,
        horizon_weeks: scenario.run.horizon_weeks,
        period_weeks: scenario.run.period_weeks,
        currency: scenario.run.currency.clone(),
        targets,
        threshold: scenario
            .design
            .threshold
            .as_ref()
            .map(|t| crate::results::Threshold {
                metric: t.metric.clone(),
                value: t.value,
            }),
        variants,
        sweep: scenario
            .design
            .sweep
            .as_ref()
            .map(|sw| crate::results::Sweep {
                parameters: sw.parameters.clone(),
                design: sw.design.clone(),
                points: sw
                    .points
                    .iter()
                    .map(|(v, values)| crate::results::SweepPoint {
                        variant: scenario.variants[*v].name.clone(),
                        values: values.clone(),
                    })
                    .collect(),
            }),
        sensitivity: None,
    }
}
