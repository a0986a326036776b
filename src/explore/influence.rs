//! Which of the scenario's fixed assumptions matter most for its proposal: a quick
//! one-at-a-time pass. Each candidate is set 20 % below and 20 % above its value (inside its
//! valid range), everything else as written, and the proposal's expected revenue change vs
//! the baseline is simulated on the same few trials each time (common random numbers, so the
//! differences are paired and the ranking is not noise between runs). The swing between the
//! two settings ranks the candidates; the page offers the top few as assumptions to shift
//! (docs/explore.md). The pilot's targets of the scenario as written are kept for every run,
//! so the pass measures how the assumption moves behaviour and the funnel under fixed targets.

use crate::engine::run::{Plan, Reducer, simulate_blocks};
use crate::scenario::{ParamSet, ParamValue, Scenario};

/// Assumptions a workshop asks about, ranked by the pass (those the scenario already makes
/// uncertain are shown anyway and left out here).
pub const CANDIDATES: [&str; 17] = [
    "incentives.responsiveness",
    "incentives.discount_pressure",
    "people.attrition_per_year",
    "traditional.inbound_leads_per_week",
    "complex.inbound_leads_per_week",
    "traditional.interest_prob",
    "complex.interest_prob",
    "traditional.win_base",
    "complex.win_base",
    "traditional.loss_per_week",
    "complex.loss_per_week",
    "traditional.value_median",
    "complex.value_median",
    "traditional.discount_base",
    "complex.discount_base",
    "model.skill_rate",
    "model.alignment_max",
];

/// Trials of each run of the pass.
pub const QUICK_TRIALS: u64 = 32;

/// One candidate's result.
#[derive(Clone, Debug, PartialEq)]
pub struct Influence {
    /// Parameter path (`complex.win_base`).
    pub path: String,
    /// Expected revenue change of the proposal (percent) with the value 20 % lower and higher.
    pub change: [f64; 2],
}

impl Influence {
    /// How far the proposal's expected revenue change moves between the two settings
    /// (percentage points).
    pub fn swing(&self) -> f64 {
        (self.change[1] - self.change[0]).abs()
    }
}

/// Rank the fixed candidates of `scenario` by their swing on variant `proposal`'s revenue
/// change, largest first (ties keep the order of [`CANDIDATES`]).
///
/// # Errors
/// When a run of the pass fails (internal).
pub fn rank(
    scenario: &Scenario,
    proposal: usize,
    pool: &rayon::ThreadPool,
) -> anyhow::Result<Vec<Influence>> {
    let b = scenario.baseline_index();
    let mut sc = scenario.clone();
    sc.variants = vec![
        scenario.variants[b].clone(),
        scenario.variants[proposal].clone(),
    ];
    sc.design = Default::default();
    sc.run.trials = QUICK_TRIALS.min(scenario.run.trials.max(1));
    let targets = pool.install(|| crate::engine::pilot::auto_targets(&sc, sc.run.seed));
    let change = |sc: &Scenario| -> anyhow::Result<f64> {
        let plan = Plan::with_targets(sc, targets.clone());
        let mut reducer = Reducer::new(&plan);
        simulate_blocks(pool, &plan, 0..sc.run.trials, |_, outs| {
            for o in &outs {
                reducer.push(o);
            }
            Ok(true)
        })?;
        let summary = serde_json::to_value(reducer.finish(pool))?;
        Ok(summary["variants"][1]["vs_baseline"]["revenue_pct"]["mean"]
            .as_f64()
            .unwrap_or(0.0))
    };
    let mut out = Vec::new();
    for path in CANDIDATES {
        let Some(r) = ParamSet::refs().find(|r| r.path() == path) else {
            continue;
        };
        let ParamValue::Fixed(x) = *scenario.params.get(r) else {
            continue;
        };
        if x <= 0.0 {
            continue;
        }
        let def = r.spec();
        let at = |y: f64| {
            let mut s = sc.clone();
            *s.params.get_mut(r) = ParamValue::Fixed(y.clamp(def.lo, def.hi));
            change(&s)
        };
        let lo = at(x * 0.8)?;
        let hi = at(x * 1.2)?;
        out.push(Influence {
            path: path.to_string(),
            change: [lo, hi],
        });
    }
    out.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE_MOTION: &str = r#"
[run]
trials = 40
seed = 5
pilot_trials = 16
burn_in_weeks = 8
horizon_weeks = 20
[[teams]]
name = "inside"
motion = "traditional"
reps = 6
[[variants]]
name = "baseline"
baseline = true
[[variants]]
name = "spm"
regime = "balanced"
coaching_hours = 1.0
"#;

    #[test]
    fn ranks_what_moves_the_proposal_and_ignores_a_motion_nobody_sells() {
        let sc = crate::scenario::load_str(ONE_MOTION, "t.toml", "t").unwrap();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let ranked = rank(&sc, 1, &pool).unwrap();
        // Sorted by swing, largest first.
        assert!(ranked.windows(2).all(|w| w[0].swing() >= w[1].swing()));
        // The complex motion's parameters cannot move a scenario without complex teams.
        for i in ranked.iter().filter(|i| i.path.starts_with("complex.")) {
            assert_eq!(i.swing(), 0.0, "{i:?}");
        }
        assert!(!ranked[0].path.starts_with("complex."), "{ranked:?}");
        assert!(ranked[0].swing() > 0.0, "{ranked:?}");
        // Paired and keyed: the same pass gives the same ranking.
        assert_eq!(rank(&sc, 1, &pool).unwrap(), ranked);
    }
}
