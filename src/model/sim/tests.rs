//! Tiny hand-built states for the unit tests of each step (one team of one traditional rep),
//! and the tests of the week as a whole: a variant gets the same numbers alone as side by
//! side (docs/model.md section 1.4), and the allocation of hours by hand (sections 3.1 and
//! 3.5).

use crate::rng::{Key, Part};
use crate::scenario::{Scenario, load_str};

use super::super::uncertainty;
use super::super::world::{Policy, Resolved};
use super::TrialSim;
use super::state::Opp;

/// A scenario of one traditional rep, its baseline's parameters, and the baseline's policy
/// (no targets yet).
pub(crate) fn run_parts() -> (Scenario, Resolved, Policy) {
    team_parts(1)
}

/// [`run_parts`] with a team of `reps` traditional reps.
pub(crate) fn team_parts(reps: u32) -> (Scenario, Resolved, Policy) {
    let text = format!(
        "[run]\ntrials = 10\npilot_trials = 50\nseed = 9\n\n\
         [[teams]]\nname = \"team\"\nmotion = \"traditional\"\nreps = {reps}\n\n\
         [[variants]]\nname = \"baseline\"\nbaseline = true\nregime = \"revenue_only\"\n"
    );
    let scenario = load_str(&text, "one_rep.toml", "one_rep").unwrap_or_else(|e| panic!("{e}"));
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
    let start = || {
        let mut sim = one_rep(&scenario, &params);
        sim.start_horizon(30);
        sim
    };
    let mut alone = start();
    alone.run_weeks(0, 30, &policy, &params);
    let mut pair = [start(), start()];
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

#[test]
fn side_by_side_variants_get_what_they_get_alone() {
    let (scenario, params, policy) = run_parts();
    let mut other = policy.clone();
    other.teams[0].levers.targeting = 0.5; // a fit shape of its own
    other.teams[0].levers.process = 1.0;
    let mut other_params = params.clone();
    other_params.constants.inbound_fit_a = 2.0; // inbound fit not shared either
    let runs = [(&policy, &params), (&other, &other_params)];
    let start = || {
        let mut sim = one_rep(&scenario, &params);
        sim.start_horizon(40);
        sim
    };
    let mut pair = [start(), start()];
    super::run_side_by_side(&mut pair, &runs, 0, 40);
    for (k, (mut sim, &(pol, par))) in pair.into_iter().zip(&runs).enumerate() {
        let mut alone = start();
        alone.run_weeks(0, 40, pol, par);
        let a = alone.finish(pol, par, 40).metrics;
        let b = sim.finish(pol, par, 40).metrics;
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.to_bits(), y.to_bits(), "variant {k}");
        }
    }
}

#[test]
fn allocation_splits_the_selling_hours_by_hand() {
    use crate::scenario::params::{act, kpi};
    let (scenario, mut params, mut policy) = run_parts();
    let mp = &mut params.motion[0];
    mp.rep_hours_per_week = 40.0;
    mp.selling_share = 0.5;
    mp.ramp_weeks = 4.0;
    mp.meetings_per_hour = 2.0;
    mp.base_pay_per_year = 52_000.0;
    policy.teams[0].effort = 1.0;
    policy.teams[0].coaching_hours = 0.0;
    let mut sim = one_rep(&scenario, &params);
    sim.reps[0].hired_at = Some(-1); // in week 0 the rep is in their second week
    sim.calm_shares[0] = [0.5, 0.25, 0.125, 0.125, 0.0, 0.0];
    sim.allocate(0, 0, 0, false, &policy, &params);
    // ramp = (0 - (-1) + 1) / 4 = 0.5; selling hours = 40 * 1 * 0.5 * 0.5 = 10;
    // hours = 10 * (0.5, 0.25, 0.125, 0.125, 0, 0) = (5, 2.5, 1.25, 1.25, 0, 0)
    // (all exact in binary).
    let r = &sim.reps[0];
    assert_eq!(r.hours, [5.0, 2.5, 1.25, 1.25, 0.0, 0.0]);
    assert_eq!((r.pressure, r.push), (0.0, false));
    assert_eq!(r.period.filled_weeks, 1);
    // Meetings: 1.25 meeting hours * 2 meetings an hour = 2.5.
    assert_eq!(r.period.additive[kpi::ACTIVITIES], 2.5);
    assert_eq!(r.period.prospect_hours, 5.0);
    assert_eq!(r.filled_h, 1.0);
    // Base pay: 52 000 a year / 52 weeks = 1 000.
    assert_eq!(sim.tally.base_pay[0], 1000.0);
    assert_eq!(sim.tally.coaching_cost[0], 0.0);
    assert_eq!(sim.tally.rep_weeks[0], 1.0);
    assert_eq!(sim.tally.hours[0][act::MEET], 1.25);
    // A founding rep (never hired) is fully ramped: 20 selling hours.
    sim.reps[0].hired_at = None;
    sim.allocate(0, 1, 1, false, &policy, &params);
    assert_eq!(sim.reps[0].hours[act::PROSPECT], 10.0);
}
