//! The best of many, confirmed (docs/model.md section 1.1): when an experiment has two or
//! more variants besides the baseline (sweep points included), the one with the largest
//! expected operating profit change is the "best of many". Its figure in the main run is
//! biased upwards, because it was picked for being high (the winner's curse). So the best
//! variant and the baseline are run again, alone, on fresh trials: same scenario, same
//! targets, same trial count, but a master seed of their own derived from the run's seed,
//! so no trial of the confirmation shares random numbers with a trial of the main run.

use crate::metrics::M;
use crate::results::{BestOfMany, Confirmation, Named, Summary};
use crate::rng::Key;
use crate::scenario::Scenario;
use crate::scenario::params::{KPIS, N_KPI};

use super::run::{Plan, RunOptions, run_plan};

/// The paired difference the best of many is ranked by.
pub const RANKED_BY: M = M::OperatingProfit;

/// Domain of the confirmation seed ("CONFIRM" in ASCII).
const CONFIRM_DOMAIN: u64 = 0x434F_4E46_4952_4D00;

/// The master seed of the confirmation run of a run with master seed `seed`: the value of
/// the keyed hash `Key::root(seed).with(CONFIRM_DOMAIN)`. Its trial keys are
/// `Key::root(confirm_seed(seed)).with(t)`, a different root from the run's
/// `Key::root(seed).with(t)`, so the two runs share no trial's numbers.
pub fn confirm_seed(seed: u64) -> u64 {
    Key::root(seed).with(CONFIRM_DOMAIN).value()
}

/// The best of many in the main run, not yet confirmed: the non-baseline variant with the
/// largest finite mean paired difference of [`RANKED_BY`] (the first on ties), among at
/// least two candidates. Its `confirmed` is `None` and `not_confirmed` says `reason`.
pub fn rank(summary: &Summary, reason: &str) -> Option<BestOfMany> {
    let candidates: Vec<_> = summary.variants.iter().filter(|v| !v.baseline).collect();
    if candidates.len() < 2 {
        return None;
    }
    let key = RANKED_BY.name();
    let mut best: Option<(&crate::results::VariantSummary, f64)> = None;
    for v in &candidates {
        let Some(m) = v.vs_baseline.get(key).map(|e| e.mean) else {
            continue;
        };
        if m.is_finite() && best.is_none_or(|(_, b)| m > b) {
            best = Some((v, m));
        }
    }
    let (v, _) = best?;
    Some(BestOfMany {
        variant: v.name.clone(),
        ranked_by: key.to_string(),
        candidates: candidates.len() as u64,
        in_sample: v.vs_baseline.clone(),
        confirmed: None,
        not_confirmed: Some(reason.to_string()),
    })
}

/// The scenario of the confirmation run: the baseline and variant `best` alone, without
/// sweep or sensitivity, on the derived seed and `trials` trials.
pub fn pair_scenario(scenario: &Scenario, best: usize, trials: u64) -> Scenario {
    let mut pair = scenario.clone();
    let b = scenario.baseline_index();
    pair.variants = vec![
        scenario.variants[b].clone(),
        scenario.variants[best].clone(),
    ];
    pair.design.sweep = None;
    pair.design.sensitivity = None;
    pair.design.headline = Some(1);
    pair.run.seed = confirm_seed(scenario.run.seed);
    pair.run.trials = trials;
    pair
}

/// The auto-target bases of a summary, per team in the scenario's team order.
fn targets_of(scenario: &Scenario, summary: &Summary) -> Option<Vec<[f64; N_KPI]>> {
    scenario
        .teams
        .iter()
        .map(|t| {
            let row = summary.targets.get(&t.name)?;
            let mut a = [0.0; N_KPI];
            for (x, k) in a.iter_mut().zip(KPIS) {
                *x = *row.get(k)?;
            }
            Some(a)
        })
        .collect()
}

/// Rank the variants of a finished run and confirm the best on fresh trials: the pair runs
/// with the main run's pilot targets (so both runs pay on the same targets) and as many
/// trials as the main run had. `None` with fewer than two candidates.
///
/// # Errors
/// When the thread pool cannot start.
pub fn best_of_many(
    pool: &rayon::ThreadPool,
    scenario: &Scenario,
    summary: &Summary,
) -> anyhow::Result<Option<BestOfMany>> {
    let Some(mut best) = rank(summary, "") else {
        return Ok(None);
    };
    let (Some(i), Some(targets)) = (
        scenario
            .variants
            .iter()
            .position(|v| v.name == best.variant),
        targets_of(scenario, summary),
    ) else {
        best.not_confirmed =
            Some("the summary does not match its scenario, so no confirmation was run".into());
        return Ok(Some(best));
    };
    let pair = pair_scenario(scenario, i, summary.trials);
    let plan = Plan::with_targets(&pair, targets);
    let confirmed = run_plan(pool, &plan, RunOptions::default())?;
    let vs = confirmed
        .variants
        .into_iter()
        .nth(1)
        .map_or_else(|| Named(Vec::new()), |v| v.vs_baseline);
    best.confirmed = Some(Confirmation {
        trials: confirmed.trials,
        seed: pair.run.seed,
        vs_baseline: vs,
    });
    best.not_confirmed = None;
    Ok(Some(best))
}
