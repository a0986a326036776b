//! The variants of a trial run side by side and share the draws that do not depend on
//! behaviour (`model::run_side_by_side`). Each must get exactly the numbers it would get if it
//! were simulated alone: every draw is keyed, so who draws first may change no number.

use spmsim::engine::run::Plan;
use spmsim::scenario::{Scenario, load_file, load_str};

fn shipped(file: &str) -> Scenario {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(file);
    load_file(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// Simulate `trials` trials with all variants side by side, and each variant alone, and
/// compare every number.
fn assert_alone_equals_together(s: &Scenario, trials: u64) {
    let plan = Plan::new(s);
    let n = s.variants.len();
    for t in 0..trials {
        let together = plan.trial(t);
        assert_eq!(together.len(), n);
        for (v, joint) in together.iter().enumerate() {
            let alone = plan.trial_of(t, &[v]);
            assert_eq!(
                joint.bits(),
                alone[0].bits(),
                "trial {t}, variant {}: side by side differs from alone",
                s.variants[v].name
            );
        }
        // And in another order, with a variant left out.
        let order: Vec<usize> = (0..n).rev().filter(|&v| v != n / 2).collect();
        let some = plan.trial_of(t, &order);
        for (k, &v) in order.iter().enumerate() {
            assert_eq!(some[k].bits(), together[v].bits(), "trial {t}, reordered");
        }
        // And in groups of two (what a large organisation gets, to bound memory).
        let grouped = Plan {
            side_by_side: 2,
            ..Plan::with_targets(s, plan.targets.clone())
        };
        for (v, o) in grouped.trial(t).iter().enumerate() {
            assert_eq!(o.bits(), together[v].bits(), "trial {t}, in groups of two");
        }
    }
}

#[test]
fn large_organisations_run_their_variants_in_groups() {
    let small = shipped("default.toml");
    assert!(spmsim::engine::run::side_by_side_limit(&small) >= small.variants.len());
    let large = load_str(
        r#"
[experiment]
name = "large"
[[teams]]
name = "t"
motion = "traditional"
reps = 3000
[[variants]]
name = "baseline"
baseline = true
regime = "revenue_only"
"#,
        "large.toml",
        "large",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let limit = spmsim::engine::run::side_by_side_limit(&large);
    assert!(
        (1..5).contains(&limit),
        "{limit} variants of 3 000 reps side by side"
    );
}

#[test]
fn default_variants_get_the_same_numbers_together_and_alone() {
    assert_alone_equals_together(&shipped("default.toml"), 6);
}

#[test]
fn routing_variants_get_the_same_numbers_together_and_alone() {
    // Role allocation moves leads between teams after they are drawn.
    assert_alone_equals_together(&shipped("roles.toml"), 6);
}

#[test]
fn levers_and_parameter_changes_get_the_same_numbers_together_and_alone() {
    // A targeting lever draws contacts' fits of another shape than the shared default; a
    // variant with other lead parameters reads the shared draws with its own thresholds.
    let s = load_str(
        r#"
[experiment]
name = "mixed"
[run]
trials = 10
pilot_trials = 20
seed = 99
[[teams]]
name = "t"
motion = "traditional"
reps = 6
[[teams]]
name = "c"
motion = "complex"
reps = 4
[[variants]]
name = "baseline"
baseline = true
regime = "revenue_only"
coaching_hours = 0
[[variants]]
name = "targeting"
regime = "balanced"
coaching_hours = 1.0
levers = { targeting = 0.5, gate = 1.0, winloss = 1.0, practice = 1.0 }
[[variants]]
name = "targeting_whole"
regime = "activity"
coaching_hours = 0.5
levers = { targeting = 1.0, roles = 1.0 }
[[variants]]
name = "other_leads"
regime = "revenue_only"
coaching_hours = 0
[variants.set.traditional]
interest_prob = 0.7
custom_prob = 0.3
value_sigma = 0.4
inbound_leads_per_week = 5.0
"#,
        "mixed.toml",
        "mixed",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_alone_equals_together(&s, 10);
}
