//! Running an experiment: the pilot, then trials in blocks, each block simulated in parallel
//! and folded into the accumulators in trial order.

use rayon::prelude::*;

use crate::engine::pilot;
use crate::engine::rng::Key;
use crate::model::outcome::{Better, M};
use crate::model::{METRICS, N_METRICS, Policy, Resolved, TrialOutcome, TrialSim};
use crate::results::{Band, Named, Summary, VariantSummary, Weekly};
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
}

impl<'s> Plan<'s> {
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
        }
    }

    /// Simulate trial `t`: one shared burn-in under the baseline, then every variant from
    /// the same state on common random numbers.
    pub fn trial(&self, t: u64) -> Vec<TrialOutcome> {
        let s = self.scenario;
        let key = trial_key(s.run.seed, t);
        let b = s.baseline_index();
        let burn = s.run.burn_in_weeks as i32;
        let horizon = s.run.horizon_weeks;
        let base_params = Resolved::draw(&self.sets[b], key);
        let base_policy = Policy::new(s, b, &base_params, Some(&self.targets));
        let mut start = TrialSim::new(s, key, &base_params, -burn);
        start.run_weeks(-burn, 0, &base_policy, &base_params);
        (0..s.variants.len())
            .map(|v| {
                let (params, policy) = if v == b {
                    (base_params.clone(), base_policy.clone())
                } else {
                    let p = Resolved::draw(&self.sets[v], key);
                    let pol = Policy::new(s, v, &p, Some(&self.targets));
                    (p, pol)
                };
                let mut sim = start.clone();
                sim.start_horizon(horizon);
                sim.run_weeks(0, horizon as i32, &policy, &params);
                sim.finish(&policy, &params, horizon)
            })
            .collect()
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
        }
    }
}

/// Fold one trial into the accumulators.
fn fold(accs: &mut [VariantAcc], baseline: usize, outs: &[TrialOutcome]) {
    let base = &outs[baseline];
    for (acc, o) in accs.iter_mut().zip(outs) {
        for k in 0..N_METRICS {
            acc.metrics[k].push(o.metrics[k]);
            acc.paired[k].push(o.metrics[k] - base.metrics[k]);
        }
        let r = M::Revenue as usize;
        let om = M::OperatingMarginPct as usize;
        acc.revenue_pct.push(if base.metrics[r] > 0.0 {
            100.0 * (o.metrics[r] - base.metrics[r]) / base.metrics[r]
        } else {
            f64::NAN
        });
        acc.margin_pp.push(o.metrics[om] - base.metrics[om]);
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

/// Run the trials of a prepared plan on a thread pool.
///
/// # Errors
/// Only when the per-trial sink fails to write.
pub fn run_plan(
    pool: &rayon::ThreadPool,
    plan: &Plan,
    mut opts: RunOptions,
) -> anyhow::Result<Summary> {
    let scenario = plan.scenario;
    let horizon = scenario.run.horizon_weeks as usize;
    let period = scenario.run.period_weeks as usize;
    let baseline = scenario.baseline_index();
    let mut accs: Vec<VariantAcc> = (0..scenario.variants.len())
        .map(|_| VariantAcc::new(horizon, period))
        .collect();
    let trials = scenario.run.trials;
    let mut start = 0;
    while start < trials {
        let end = (start + BLOCK_TRIALS).min(trials);
        let outs: Vec<Vec<TrialOutcome>> = pool.install(|| {
            (start..end)
                .into_par_iter()
                .map(|t| plan.trial(t))
                .collect()
        });
        for (i, o) in outs.iter().enumerate() {
            fold(&mut accs, baseline, o);
            if let Some(sink) = opts.sink.as_mut() {
                sink(start + i as u64, o)?;
            }
        }
        start = end;
        if let Some(p) = opts.progress {
            p(start);
        }
    }
    Ok(summarise(scenario, plan, &accs))
}

fn summarise(scenario: &Scenario, plan: &Plan, accs: &[VariantAcc]) -> Summary {
    let trials = scenario.run.trials as f64;
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
                p_threshold: None,
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
        trials: scenario.run.trials,
        burn_in_weeks: scenario.run.burn_in_weeks,
        horizon_weeks: scenario.run.horizon_weeks,
        period_weeks: scenario.run.period_weeks,
        currency: scenario.run.currency.clone(),
        targets,
        threshold: None,
        variants,
        sweep: None,
        sensitivity: None,
    }
}
