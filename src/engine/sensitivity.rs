//! Sensitivity of one output to the uncertain inputs: one-at-a-time swings (each input at
//! its 10th and 90th percentile, the others at their median, on common random numbers) for
//! a tornado chart, and the Spearman rank correlation of each input with the output across
//! the run's trials. Inputs with no uncertainty are not in the table.

use rayon::prelude::*;

use super::run::{Plan, trial_key};
use super::trial::draw;
use crate::analysis::{ExpectedChange, SPEARMAN_MAX_TRIALS, output_value};
use crate::metrics::Output;
use crate::model::TrialOutcome;
use crate::model::uncertainty::{quantile, value_of};
use crate::results::{Sensitivity, SensitivityInput};
use crate::scenario::experiment::SensitivitySpec;
use crate::scenario::{ParamRef, ParamSet, ParamValue};
use crate::stats::{Moments, spearman};

/// The uncertain inputs that can move the output: uncertain in the baseline's or the
/// output variant's parameters.
fn inputs(sets: &[&ParamSet]) -> Vec<ParamRef> {
    ParamSet::refs()
        .filter(|r| {
            sets.iter()
                .any(|s| matches!(s.get(*r), ParamValue::Uncertain(_)))
        })
        .collect()
}

/// Fix every uncertain input at its `p` quantile, except `r` at `pr`.
fn fixed(set: &ParamSet, at: Option<(ParamRef, f64)>) -> ParamSet {
    let mut out = set.clone();
    for r in ParamSet::refs() {
        if let ParamValue::Uncertain(d) = set.get(r) {
            let p = match at {
                Some((rr, p)) if rr == r => p,
                _ => 0.5,
            };
            let spec = r.spec();
            *out.get_mut(r) = ParamValue::Fixed(quantile(d, p).clamp(spec.lo, spec.hi));
        }
    }
    out
}

fn percentile_of(sets: &[&ParamSet], r: ParamRef, p: f64) -> f64 {
    sets.iter()
        .rev()
        .find_map(|s| match s.get(r) {
            ParamValue::Uncertain(d) => Some(quantile(d, p)),
            _ => None,
        })
        .unwrap_or(f64::NAN)
}

/// Mean output over `spec.trials` trials with the given parameter sets.
fn mean_output(
    pool: &rayon::ThreadPool,
    plan: &Plan,
    spec: &SensitivitySpec,
    at: Option<(ParamRef, f64)>,
) -> f64 {
    let sets = plan.sets.iter().map(|s| fixed(s, at)).collect();
    let p = Plan {
        scenario: plan.scenario,
        sets,
        targets: plan.targets.clone(),
        side_by_side: plan.side_by_side,
    };
    let b = plan.scenario.baseline_index();
    let vars = if spec.variant == b {
        vec![b]
    } else {
        vec![b, spec.variant]
    };
    let output = spec.output;
    match output {
        // A change vs the baseline: the same estimand as the run's summary (the percent change
        // of expected revenue, the margin of the expected P&L; docs/model.md section 10.3),
        // folded in trial order.
        Output::Change(_) => {
            let pairs: Vec<(TrialOutcome, TrialOutcome)> = pool.install(|| {
                (0..spec.trials)
                    .into_par_iter()
                    .map(|t| {
                        let mut o = p.trial_of(t, &vars);
                        let v = o.pop().expect("the output variant's outcome");
                        let base = if o.is_empty() { v.clone() } else { o.remove(0) };
                        (v, base)
                    })
                    .collect()
            });
            let mut e = ExpectedChange::default();
            for (v, base) in &pairs {
                e.push(output, v, base);
            }
            e.value(output)
        }
        // A metric: the variant's own value, averaged over the trials.
        Output::Metric(_) => {
            let outs: Vec<f64> = pool.install(|| {
                (0..spec.trials)
                    .into_par_iter()
                    .map(|t| {
                        let o = p.trial_of(t, &vars);
                        output_value(output, &o[o.len() - 1], &o[0])
                    })
                    .collect()
            });
            let mut m = Moments::default();
            outs.iter().for_each(|&x| m.push(x));
            m.mean()
        }
    }
}

/// Run the analysis. `outputs` holds the output of the main run's first trials, in order.
pub fn analyse(
    pool: &rayon::ThreadPool,
    plan: &Plan,
    spec: &SensitivitySpec,
    outputs: &[f64],
) -> Sensitivity {
    let s = plan.scenario;
    let b = s.baseline_index();
    let sets = [&plan.sets[b], &plan.sets[spec.variant]];
    let refs = inputs(&sets);
    // Inputs of each of the main run's trials, re-drawn from their keys.
    let n = outputs.len().min(SPEARMAN_MAX_TRIALS);
    let drawn: Vec<Vec<f64>> = pool.install(|| {
        (0..n as u64)
            .into_par_iter()
            .map(|t| {
                let r = draw(s, sets[1], trial_key(s.run.seed, t));
                refs.iter().map(|&p| value_of(&r, p)).collect()
            })
            .collect()
    });
    let base_value = mean_output(pool, plan, spec, None);
    let mut rows: Vec<SensitivityInput> = refs
        .iter()
        .enumerate()
        .map(|(i, &r)| {
            let xs: Vec<f64> = drawn.iter().map(|row| row[i]).collect();
            let low = mean_output(pool, plan, spec, Some((r, 0.1)));
            let high = mean_output(pool, plan, spec, Some((r, 0.9)));
            SensitivityInput {
                parameter: r.path(),
                low: percentile_of(&sets, r, 0.1),
                high: percentile_of(&sets, r, 0.9),
                output_low: low,
                output_high: high,
                swing: (high - low).abs(),
                spearman: spearman(&xs, &outputs[..n]),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.swing
            .total_cmp(&a.swing)
            .then_with(|| a.parameter.cmp(&b.parameter))
    });
    Sensitivity {
        output: spec.output.name().to_string(),
        variant: s.variants[spec.variant].name.clone(),
        base_value,
        inputs: rows,
    }
}
