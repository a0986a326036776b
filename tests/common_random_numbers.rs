//! Common random numbers that really are common (docs/model.md sections 1.4 and 9): two
//! variants that differ by a tiny change of a parameter must draw nearly the same numbers, so
//! that the paired difference of their outcomes is nearly zero in every world, including on
//! the paths where the draw changes its method: a contact fit whose targeting shape is not a
//! whole number, and a contact count whose Poisson mean crosses 64.
//!
//! Each check compares the variance of the paired difference (variant minus baseline, in the
//! same world) with the variance of the difference between two independent worlds of the
//! same variant: with common random numbers the first is a tiny fraction of the second.

use spmsim::engine::run::Plan;
use spmsim::metrics::M;
use spmsim::scenario::{Scenario, load_str};

/// One traditional team whose reps all have the same skills and hours every week (no
/// behaviour, learning, attrition or customisation): every rep-week draws its contacts with
/// the same Poisson mean, `4.8 h / contact_hours`.
fn scenario(contact_hours: f64, variants: &str) -> Scenario {
    let text = format!(
        r#"
[run]
trials = 100
seed = 5
pilot_trials = 4
burn_in_weeks = 4
horizon_weeks = 26

[[teams]]
name = "t"
motion = "traditional"
reps = 6

[traditional]
skill_sd = 0.0
contact_hours = {contact_hours}
custom_prob = 0.0

[incentives]
responsiveness = 0.0
timing_games = 0.0

[people]
attrition_per_year = 0.0
experience_learning = 0.0

{variants}
"#
    );
    load_str(&text, "crn.toml", "crn").unwrap_or_else(|e| panic!("{e}"))
}

/// `(variance of the paired difference of variant `v` against variant 0, variance of the
/// difference of variant 0 between trial `t` and trial `t + 1`)` of `metric`.
fn paired_and_independent(s: &Scenario, v: usize, metric: M) -> (f64, f64) {
    let plan = Plan::new(s);
    let trials = s.run.trials;
    let outcomes: Vec<Vec<f64>> = (0..trials)
        .map(|t| {
            plan.trial(t)
                .iter()
                .map(|o| o.metrics[metric as usize])
                .collect()
        })
        .collect();
    let var = |xs: &[f64]| {
        let n = xs.len() as f64;
        let m = xs.iter().sum::<f64>() / n;
        xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0)
    };
    let paired: Vec<f64> = outcomes.iter().map(|o| o[v] - o[0]).collect();
    let independent: Vec<f64> = outcomes.windows(2).map(|w| w[1][0] - w[0][0]).collect();
    (var(&paired), var(&independent))
}

fn assert_common(s: &Scenario, v: usize, metric: M, what: &str) {
    let (paired, independent) = paired_and_independent(s, v, metric);
    let ratio = paired / independent;
    eprintln!(
        "{what}: {}: variance of the paired difference {paired:.3}, of independent worlds \
         {independent:.1}, ratio {ratio:.5}",
        metric.name()
    );
    assert!(independent > 0.0, "{what}: no variation at all");
    assert!(
        ratio < 0.01,
        "{what}: the paired difference of {} varies {ratio:.4} times as much as independent \
         worlds do: the variants do not share their draws",
        metric.name()
    );
}

#[test]
fn a_tiny_targeting_change_keeps_every_contact_fit() {
    // Whole shape (Beta(2, 3), no targeting) against a shape a hair away, and two shapes
    // that are not whole numbers a hair apart (a = 2.45 and 2.45015).
    let s = scenario(
        0.5,
        r#"
[[variants]]
name = "none"
baseline = true
[[variants]]
name = "hair"
levers = { targeting = 0.0001 }
"#,
    );
    assert_common(&s, 1, M::Leads, "targeting 0 vs 0.0001");
    assert_common(&s, 1, M::Revenue, "targeting 0 vs 0.0001");
    let s = scenario(
        0.5,
        r#"
[[variants]]
name = "some"
baseline = true
levers = { targeting = 0.30 }
[[variants]]
name = "hair_more"
levers = { targeting = 0.3001 }
"#,
    );
    assert_common(&s, 1, M::Leads, "targeting 0.30 vs 0.3001");
    assert_common(&s, 1, M::Revenue, "targeting 0.30 vs 0.3001");
}

#[test]
fn a_tiny_change_of_prospecting_time_keeps_the_contact_counts_across_a_mean_of_64() {
    // 4.8 h at 0.0751 h per contact: a mean of 63.9 contacts a rep-week; the variant's
    // 0.3 % faster contacts make it 64.1, where the count is drawn from the mean upwards.
    let s = scenario(
        0.0751,
        r#"
[[variants]]
name = "below"
baseline = true
[[variants]]
name = "above"
[variants.set.traditional]
contact_hours = 0.07487
"#,
    );
    assert_common(&s, 1, M::Contacts, "contact mean 63.9 vs 64.1");
    assert_common(&s, 1, M::Leads, "contact mean 63.9 vs 64.1");
    // And two means above 64 a hair apart.
    let s = scenario(
        0.05,
        r#"
[[variants]]
name = "fast"
baseline = true
[[variants]]
name = "hair_faster"
[variants.set.traditional]
contact_hours = 0.049995
"#,
    );
    assert_common(&s, 1, M::Contacts, "contact mean 96 vs 96.01");
}
