//! `spmsim optimise` (docs/decisions.md): search the decision variables of `[optimise]` for
//! the plan with the best objective, then confirm it on fresh trials.
//!
//! - **Sample-average approximation.** Every candidate plan runs side by side with the
//!   baseline on the same fixed set of trials (the scenario's seed, `[optimise] trials`), so
//!   the objective is a deterministic function of the plan and every comparison is paired.
//! - **Nelder-Mead** (argmin) searches the unit cube of the variables: coordinate `u` in
//!   `[0, 1]` is `from + u (to - from)`; a point outside the cube is evaluated at its nearest
//!   point inside, plus its distance, which pulls the simplex back. A `weights` variable over
//!   `k` KPIs takes `k - 1` coordinates mapped onto the simplex by stick-breaking
//!   (`w1 = u1`, `w2 = (1 - w1) u2`, ..., the last weight the rest).
//! - **Constraints by the feasibility rule** (Deb 2000), as one number for the optimiser: a
//!   feasible plan costs `-objective / scale`, an infeasible one `1e6 +` its normalised
//!   violation, so every feasible plan beats every infeasible one and, among infeasible plans,
//!   the one closer to feasible wins.
//! - **Confirmation.** The best plan and the runners-up run again, with the baseline, on fresh
//!   trials whose seed is derived from the scenario's ([`super::confirm::confirm_seed`]):
//!   the figures reported are those, not the in-sample ones, which are biased upwards by the
//!   search (the optimiser's curse).

use std::collections::HashMap;
use std::sync::Mutex;

use argmin::core::{CostFunction, Error as ArgminError, Executor};
use argmin::solver::neldermead::NelderMead;

use crate::metrics::{Change, M};
use crate::model::TrialOutcome;
use crate::scenario::Scenario;
use crate::scenario::optimise::{Bounded, Objective, OptimiseSpec, Target, Teams, apply};
use crate::scenario::params::N_KPI;

use super::confirm::confirm_seed;
use super::run::{Plan, RunOptions, run_plan};

/// One trial's metrics of the baseline and of a plan.
type Pair = (Vec<f64>, Vec<f64>);

/// The search's log: every evaluation, the cost of each plan seen (by its values' bits), and
/// the first simulation failure.
type Log = (Vec<Evaluation>, HashMap<Vec<u64>, f64>, Option<String>);

/// Cost of an infeasible plan before its violation is added.
const INFEASIBLE: f64 = 1e6;

/// The figures of one plan on one set of trials.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    /// The objective's value.
    pub objective: f64,
    /// Each constraint's output value.
    pub constraints: Vec<f64>,
    /// Sum of the normalised violations (0 when feasible).
    pub violation: f64,
    /// Expected revenue change vs the baseline, percent.
    pub revenue_pct: f64,
    /// Change of the operating margin of the expected P&L, points.
    pub operating_margin_pp: f64,
    /// Expected operating profit of the plan.
    pub operating_profit: f64,
    /// Expected operating profit change vs the baseline.
    pub profit_change: f64,
    /// Share of worlds in which the plan's operating profit is below the baseline's.
    pub p_profit_falls: f64,
}

impl Figures {
    /// Whether every constraint holds.
    pub fn feasible(&self) -> bool {
        self.violation == 0.0
    }
}

/// One evaluated plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    /// Order of evaluation, from 1.
    pub index: usize,
    /// The values of the decision variables (one per [`crate::scenario::optimise::Variable::values`]).
    pub values: Vec<f64>,
    /// Its figures on the search trials.
    pub figures: Figures,
}

/// A plan confirmed on fresh trials.
#[derive(Clone, Debug, PartialEq)]
pub struct Confirmed {
    /// The evaluation it came from.
    pub evaluation: Evaluation,
    /// Its figures on the confirmation trials.
    pub figures: Figures,
}

/// The result of an optimisation.
#[derive(Clone, Debug)]
pub struct OptimiseResult {
    /// Every evaluated plan, in order.
    pub evaluations: Vec<Evaluation>,
    /// The best plan (first) and the runners-up, with their confirmed figures.
    pub confirmed: Vec<Confirmed>,
    /// The baseline's objective on the search trials (for charts).
    pub baseline_objective: f64,
    /// Seed of the confirmation trials.
    pub confirm_seed: u64,
}

/// The plan's figures from per-trial outcomes `(baseline, plan)`.
fn figures(spec: &OptimiseSpec, pairs: &[Pair]) -> Figures {
    let n = pairs.len().max(1) as f64;
    let mean = |f: &dyn Fn(&Pair) -> f64| pairs.iter().map(f).sum::<f64>() / n;
    let rev = M::Revenue as usize;
    let op = M::OperatingProfit as usize;
    let (rb, rp) = (mean(&|p| p.0[rev]), mean(&|p| p.1[rev]));
    let (ob, oq) = (mean(&|p| p.0[op]), mean(&|p| p.1[op]));
    let margin = |o: f64, r: f64| if r > 0.0 { 100.0 * o / r } else { f64::NAN };
    let revenue_pct = 100.0 * (rp / rb - 1.0);
    let operating_margin_pp = margin(oq, rp) - margin(ob, rb);
    let falls = pairs.iter().filter(|p| p.1[op] < p.0[op]).count() as f64 / n;
    let objective = match spec.objective {
        Objective::OperatingProfit => oq,
        Objective::OperatingMargin => margin(oq, rp),
        Objective::Revenue => rp,
        Objective::ProfitChangeP05 => {
            let mut d: Vec<f64> = pairs.iter().map(|p| p.1[op] - p.0[op]).collect();
            crate::stats::quantile::selected_quantile(&mut d, 0.05)
        }
    };
    let mut values = Vec::new();
    let mut violation = 0.0;
    for c in &spec.constraints {
        let (x, unit) = match c.bounded {
            Bounded::ProfitFalls => (falls, 0.01),
            Bounded::Change(Change::RevenuePct) => (revenue_pct, 1.0),
            Bounded::Change(Change::OperatingMarginPp) => (operating_margin_pp, 1.0),
            Bounded::Metric(i) => {
                let b = mean(&|p| p.0[i]);
                (mean(&|p| p.1[i]), (0.01 * b.abs()).max(1e-9))
            }
        };
        values.push(x);
        violation += c.violation(x) / unit;
    }
    Figures {
        objective,
        constraints: values,
        violation,
        revenue_pct,
        operating_margin_pp,
        operating_profit: oq,
        profit_change: oq - ob,
        p_profit_falls: falls,
    }
}

/// Natural values of the decision variables from optimiser coordinates in the unit cube.
pub fn decode(spec: &OptimiseSpec, u: &[f64]) -> Vec<f64> {
    let mut out = Vec::new();
    let mut at = 0;
    for var in &spec.variables {
        match &var.target {
            Target::Weights(_, kpis) => {
                let mut rest = 1.0;
                for j in 0..kpis.len() - 1 {
                    let w = rest * u[at + j].clamp(0.0, 1.0);
                    out.push(w);
                    rest -= w;
                }
                out.push(rest.max(0.0));
            }
            _ => out.push(var.lo + u[at].clamp(0.0, 1.0) * (var.hi - var.lo)),
        }
        at += var.dims();
    }
    out
}

/// Optimiser coordinates of the base variant's own values (the search's starting point).
fn encode_base(scenario: &Scenario, spec: &OptimiseSpec) -> Vec<f64> {
    let v = &scenario.variants[spec.base];
    let mut u = Vec::new();
    let first = |m: &Option<crate::scenario::Motion>| {
        scenario
            .teams
            .iter()
            .position(|t| m.is_none_or(|m| m == t.motion))
            .unwrap_or(0)
    };
    for var in &spec.variables {
        let unit = |x: f64| ((x - var.lo) / (var.hi - var.lo)).clamp(0.0, 1.0);
        match &var.target {
            Target::Coaching(Teams::All) => u.push(unit(v.coaching_hours)),
            Target::Coaching(which) => {
                let team = (0..scenario.teams.len())
                    .find(|&i| which.includes(i, &scenario.teams[i]))
                    .unwrap_or(0);
                u.push(unit(v.coaching_of(team)))
            }
            Target::Lever(i) => u.push(unit(v.levers.slot(*i))),
            Target::TargetLevel(m) => u.push(unit(v.regimes[first(m)].target_level)),
            Target::VariableShare(m) => u.push(unit(v.regimes[first(m)].variable_share)),
            Target::Cap(m) => u.push(unit(v.regimes[first(m)].cap)),
            Target::Weights(m, kpis) => {
                let r = &v.regimes[first(m)];
                let total: f64 = kpis.iter().map(|&k| r.weights[k]).sum();
                let mut rest = 1.0;
                for &k in &kpis[..kpis.len() - 1] {
                    let w = if total > 0.0 {
                        r.weights[k] / total
                    } else {
                        1.0 / kpis.len() as f64
                    };
                    u.push(if rest > 1e-12 {
                        (w / rest).clamp(0.0, 1.0)
                    } else {
                        0.0
                    });
                    rest -= w;
                }
            }
        }
    }
    // Start inside the cube, so the first simplex has room on both sides.
    u.into_iter().map(|x| x.clamp(0.05, 0.95)).collect()
}

/// Run `plans` side by side with the baseline on `trials` trials of `seed`, and give each
/// plan's per-trial `(baseline, plan)` metrics.
fn simulate(
    pool: &rayon::ThreadPool,
    scenario: &Scenario,
    targets: &[[f64; N_KPI]],
    plans: Vec<crate::scenario::Variant>,
    trials: u64,
    seed: u64,
) -> anyhow::Result<Vec<Vec<Pair>>> {
    let mut s = scenario.clone();
    let b = scenario.baseline_index();
    let k = plans.len();
    s.variants = std::iter::once(scenario.variants[b].clone())
        .chain(plans)
        .collect();
    s.design.sweep = None;
    s.design.sensitivity = None;
    s.design.headline = None;
    s.run.seed = seed;
    s.run.trials = trials;
    let plan = Plan::with_targets(&s, targets.to_vec());
    let mut out: Vec<Vec<Pair>> = vec![Vec::new(); k];
    let mut sink = |_t: u64, outs: &[TrialOutcome]| {
        for (j, o) in out.iter_mut().enumerate() {
            o.push((outs[0].metrics.to_vec(), outs[j + 1].metrics.to_vec()));
        }
        Ok(())
    };
    run_plan(
        pool,
        &plan,
        RunOptions {
            sink: Some(&mut sink),
            ..Default::default()
        },
    )?;
    Ok(out)
}

/// The optimiser's view of the problem: cost of a point of the unit cube, every evaluation
/// logged (and reused when the simplex returns to a point).
struct Problem<'a> {
    pool: &'a rayon::ThreadPool,
    scenario: &'a Scenario,
    spec: &'a OptimiseSpec,
    targets: &'a [[f64; N_KPI]],
    scale: f64,
    log: Mutex<Log>,
}

impl Problem<'_> {
    fn cost_of(&self, u: &[f64]) -> f64 {
        let inside: Vec<f64> = u.iter().map(|x| x.clamp(0.0, 1.0)).collect();
        let outside: f64 = u
            .iter()
            .zip(&inside)
            .map(|(a, b)| (a - b).powi(2))
            .sum::<f64>()
            .sqrt();
        let values = decode(self.spec, &inside);
        let key: Vec<u64> = values.iter().map(|x| x.to_bits()).collect();
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&c) = log.1.get(&key) {
            return c + outside;
        }
        let budget = self.spec.evaluations as usize;
        if log.0.len() >= budget || log.2.is_some() {
            return INFEASIBLE * 10.0 + outside;
        }
        let plan = apply(
            &self.scenario.variants[self.spec.base],
            &self.scenario.teams,
            self.spec,
            &values,
            "candidate",
        );
        let sim = simulate(
            self.pool,
            self.scenario,
            self.targets,
            vec![plan],
            self.spec.trials,
            self.scenario.run.seed,
        );
        let pairs = match sim {
            Ok(mut p) => p.remove(0),
            Err(e) => {
                log.2 = Some(e.to_string());
                return INFEASIBLE * 10.0;
            }
        };
        let figures = figures(self.spec, &pairs);
        let cost = if figures.feasible() {
            let c = -figures.objective / self.scale;
            if c.is_finite() { c } else { INFEASIBLE }
        } else {
            INFEASIBLE + figures.violation
        };
        let index = log.0.len() + 1;
        log.0.push(Evaluation {
            index,
            values,
            figures,
        });
        log.1.insert(key, cost);
        cost + outside
    }
}

/// The problem as argmin sees it (borrowed, so that the log can be read afterwards).
struct Cost<'a, 'b>(&'a Problem<'b>);

impl CostFunction for Cost<'_, '_> {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, p: &Self::Param) -> Result<f64, ArgminError> {
        Ok(self.0.cost_of(p))
    }
}

/// Whether `a` ranks before `b`: feasible first, then by objective (higher first); among
/// infeasible plans, smaller violation first; ties by order of evaluation.
fn better(a: &Figures, b: &Figures) -> bool {
    match (a.feasible(), b.feasible()) {
        (true, false) => true,
        (false, true) => false,
        (true, true) => a.objective > b.objective,
        (false, false) => a.violation < b.violation,
    }
}

/// Search the plan space of `spec` and confirm the best plans on fresh trials.
///
/// # Errors
/// When a simulation or the thread pool fails.
pub fn optimise(
    pool: &rayon::ThreadPool,
    scenario: &Scenario,
    spec: &OptimiseSpec,
) -> anyhow::Result<OptimiseResult> {
    let targets = super::pilot::auto_targets(scenario, scenario.run.seed);
    // The baseline's own objective sets the scale of costs.
    let base_plan = scenario.variants[scenario.baseline_index()].clone();
    let base_pairs = simulate(
        pool,
        scenario,
        &targets,
        vec![base_plan],
        spec.trials,
        scenario.run.seed,
    )?
    .remove(0);
    let base_figures = figures(spec, &base_pairs);
    let scale = match spec.objective {
        Objective::ProfitChangeP05 => {
            let op = M::OperatingProfit as usize;
            base_pairs.iter().map(|p| p.0[op].abs()).sum::<f64>() / base_pairs.len().max(1) as f64
        }
        _ => base_figures.objective.abs(),
    };
    let scale = if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    };
    let problem = Problem {
        pool,
        scenario,
        spec,
        targets: &targets,
        scale,
        log: Mutex::new((Vec::new(), HashMap::new(), None)),
    };
    // The first simplex: the base variant's values and one step of a quarter of each range
    // towards the middle along each coordinate.
    let start = encode_base(scenario, spec);
    let mut simplex = vec![start.clone()];
    for i in 0..start.len() {
        let mut p = start.clone();
        p[i] += if p[i] <= 0.5 { 0.25 } else { -0.25 };
        simplex.push(p);
    }
    let solver = NelderMead::new(simplex).with_sd_tolerance(1e-6)?;
    let iters = spec.evaluations;
    let _ = Executor::new(Cost(&problem), solver)
        .configure(|s| s.max_iters(iters))
        .run();
    let (evaluations, _, failure) = problem.log.into_inner().unwrap_or_else(|e| e.into_inner());
    if let Some(e) = failure {
        anyhow::bail!("a simulation failed during the search: {e}");
    }
    // Rank, then keep the best and the runners-up that differ from every plan kept by at
    // least 5 % of a variable's range.
    let mut order: Vec<usize> = (0..evaluations.len()).collect();
    order.sort_by(|&a, &b| {
        let (fa, fb) = (&evaluations[a].figures, &evaluations[b].figures);
        if better(fa, fb) {
            std::cmp::Ordering::Less
        } else if better(fb, fa) {
            std::cmp::Ordering::Greater
        } else {
            a.cmp(&b)
        }
    });
    let ranges: Vec<f64> = spec
        .variables
        .iter()
        .flat_map(|v| std::iter::repeat_n(v.hi - v.lo, v.values()))
        .collect();
    let mut kept: Vec<usize> = Vec::new();
    for &i in &order {
        if kept.len() > spec.runners_up {
            break;
        }
        let distinct = kept.iter().all(|&j| {
            evaluations[i]
                .values
                .iter()
                .zip(&evaluations[j].values)
                .zip(&ranges)
                .any(|((a, b), r)| (a - b).abs() > 0.05 * r)
        });
        if distinct {
            kept.push(i);
        }
    }
    // The derived seed of the best-of-many confirmation, halved so that it is a valid
    // scenario seed (at most i64::MAX) and optimum.toml can carry it.
    let seed = confirm_seed(scenario.run.seed) >> 1;
    let plans: Vec<_> = kept
        .iter()
        .enumerate()
        .map(|(r, &i)| {
            apply(
                &scenario.variants[spec.base],
                &scenario.teams,
                spec,
                &evaluations[i].values,
                &format!("plan-{}", r + 1),
            )
        })
        .collect();
    // The confirmation is a run of its own: its pilot targets come from its own seed too, so
    // that running optimum.toml with that seed reproduces its figures.
    let confirm_targets = super::pilot::auto_targets(scenario, seed);
    let mut confirmed: Vec<Confirmed> = if plans.is_empty() {
        Vec::new()
    } else {
        simulate(
            pool,
            scenario,
            &confirm_targets,
            plans,
            spec.confirm_trials,
            seed,
        )?
        .iter()
        .zip(&kept)
        .map(|(pairs, &i)| Confirmed {
            evaluation: evaluations[i].clone(),
            figures: figures(spec, pairs),
        })
        .collect()
    };
    // The chosen plan is the best in the search that also meets the constraints on the fresh
    // trials (a check of feasibility, not a second ranking by the objective); when none does,
    // the best in the search, reported as not meeting them.
    if let Some(k) = confirmed.iter().position(|c| c.figures.feasible()) {
        let chosen = confirmed.remove(k);
        confirmed.insert(0, chosen);
    }
    Ok(OptimiseResult {
        evaluations,
        confirmed,
        baseline_objective: base_figures.objective,
        confirm_seed: seed,
    })
}
