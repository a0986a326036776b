//! Tiny hand-built states for the unit tests of each step: one team of one traditional rep.

use crate::rng::{Key, Part};
use crate::scenario::{Scenario, load_str};

use super::super::uncertainty;
use super::super::world::{Policy, Resolved};
use super::TrialSim;
use super::state::Opp;

/// A scenario of one traditional rep, its baseline's parameters, and the baseline's policy
/// (no targets yet).
pub(crate) fn run_parts() -> (Scenario, Resolved, Policy) {
    let text = "[run]\ntrials = 10\npilot_trials = 50\nseed = 9\n\n\
                [[teams]]\nname = \"team\"\nmotion = \"traditional\"\nreps = 1\n\n\
                [[variants]]\nname = \"baseline\"\nbaseline = true\nregime = \"revenue_only\"\n";
    let scenario = load_str(text, "one_rep.toml", "one_rep").unwrap_or_else(|e| panic!("{e}"));
    let set = scenario.variant_params(0);
    let params = uncertainty::draw(&set, Key::ZERO, None);
    let policy = Policy::new(&scenario, 0, &params, None);
    (scenario, params, policy)
}

/// The organisation of `scenario` at week 0, with empty pipelines.
pub(crate) fn one_rep<'s>(scenario: &'s Scenario, params: &Resolved) -> TrialSim<'s> {
    TrialSim::new(scenario, Key::ZERO.with(1), params, 0)
}

/// A deal of list value `value` in stage `stage`, with no solution and a neutral fit.
pub(crate) fn opp(key: Key, value: f64, stage: u8) -> Opp {
    let id_part = Part::new(key.value());
    Opp {
        id_part,
        fate_key: key,
        fit: 0.5,
        value,
        sigma: 0.0,
        custom: false,
        mismatch: false,
        needs_solution: false,
        stage,
        stage_draw: 1.0,
        created: 0,
        outcome_logit: 0.0,
    }
}

#[test]
fn run_weeks_alone_equals_side_by_side_with_itself() {
    let (scenario, params, policy) = run_parts();
    let mut alone = one_rep(&scenario, &params);
    alone.run_weeks(0, 30, &policy, &params);
    let mut pair = [one_rep(&scenario, &params), one_rep(&scenario, &params)];
    super::run_side_by_side(&mut pair, &[(&policy, &params), (&policy, &params)], 0, 30);
    let a = alone.finish(&policy, &params, 30);
    for mut sim in pair {
        let b = sim.finish(&policy, &params, 30);
        for (x, y) in a.metrics.iter().zip(&b.metrics) {
            assert_eq!(x.to_bits(), y.to_bits());
        }
    }
    assert!(a.metrics[crate::metrics::M::Contacts as usize] > 0.0);
}
