//! Checks of the engine and the funnel against things we know without simulating:
//! closed forms, determinism across thread counts, seeds, and exact pairing.

use spmsim::engine::{RunOptions, run};
use spmsim::export::summary_json;
use spmsim::scenario::{Scenario, load_str};

fn scenario(text: &str) -> Scenario {
    load_str(text, "test.toml", "test").unwrap_or_else(|e| panic!("{e}"))
}

fn summary_bytes(s: &Scenario, threads: usize) -> Vec<u8> {
    let summary = run(s, threads, RunOptions::default()).expect("run");
    summary_json(&summary).expect("json")
}

/// Behaviour, learning, losses, attrition and customisation switched off; win probability
/// fixed at 0.3 whatever the deal; every lead passes qualification; meeting and closing
/// capacity far above the flow of deals.
const FIXED_RATES: &str = r#"
[run]
trials = 400
seed = 11
pilot_trials = 10

[[teams]]
name = "t"
motion = "traditional"
reps = 4

[traditional]
skill_sd = 0.0
loss_per_week = 0.0
custom_prob = 0.0
referral_rate = 0.0
qualify_threshold = 0.0
qualify_noise = 0.0
win_base = 0.3
win_fit = 0.0
win_closing = 0.0
win_discount = 0.0
win_solution = 0.0
# Ample meeting and closing capacity: the pipeline is short and at steady state after burn-in.
meet_hours_scale = 0.1
close_hours_scale = 0.1

[incentives]
responsiveness = 0.0
timing_games = 0.0
discount_pressure = 0.0

[people]
attrition_per_year = 0.0
experience_learning = 0.0
"#;

#[test]
fn funnel_with_fixed_rates_matches_its_closed_form() {
    let s = scenario(FIXED_RATES);
    let summary = run(&s, 2, RunOptions::default()).unwrap();
    let v = &summary.variants[0];
    let weeks = 52.0;
    let reps = 4.0;
    // Hours on prospecting: 40 h * 0.40 selling share * 0.30 habit share.
    let h_prospect = 40.0 * 0.40 * 0.30;
    // Hours per contact: tau0 * (1.5 - skill 0.5) * (1 - 0.3 * 0).
    let contacts_per_week = h_prospect / (0.5 * 1.0);
    // A contact becomes a lead with probability 0.5 * fit, fit ~ Beta(2, 3) with mean 0.4.
    let leads_per_week = contacts_per_week * 0.5 * 0.4 + 3.0;
    let expect_contacts = weeks * reps * contacts_per_week;
    let expect_leads = weeks * reps * leads_per_week;
    // At steady state every opportunity is decided (no losses), and 30 % are won.
    let expect_wins = 0.3 * expect_leads;
    // Revenue per win: E[V] (1 - 5 % discount), V log-normal with median 60 000, sigma 0.7.
    let expect_revenue = expect_wins * 60_000.0 * (0.7f64 * 0.7 / 2.0).exp() * 0.95;
    for (metric, expect) in [
        ("contacts", expect_contacts),
        ("leads", expect_leads),
        ("opportunities", expect_leads),
        ("deals_won", expect_wins),
        ("revenue", expect_revenue),
    ] {
        let e = v.metrics.get(metric).unwrap();
        eprintln!(
            "{metric}: simulated {:.2} {:?}, closed form {expect:.2}",
            e.mean, e.ci95
        );
        assert!(
            e.ci95[0] <= expect && expect <= e.ci95[1],
            "{metric}: closed form {expect} outside the 95 % interval {:?}",
            e.ci95
        );
    }
    let wr = v.metrics.get("win_rate").unwrap();
    assert!((wr.mean - 0.3).abs() < 0.01, "{wr:?}");
}

const SMALL: &str = r#"
[run]
trials = 24
seed = 3
pilot_trials = 12
burn_in_weeks = 13
horizon_weeks = 26

[complex]
contact_hours = { dist = "triangular", min = 2.0, mode = 3.0, max = 4.5 }

[[variants]]
name = "base"
baseline = true

[[variants]]
name = "same"

[[variants]]
name = "spm"
regime = "balanced"
coaching_hours = 1.0
"#;

#[test]
fn summary_is_byte_identical_across_thread_counts() {
    let s = scenario(SMALL);
    let one = summary_bytes(&s, 1);
    let two = summary_bytes(&s, 2);
    let three = summary_bytes(&s, 3);
    assert!(
        one == two && two == three,
        "summary.json differs with thread count"
    );
}

#[test]
fn different_seeds_give_different_results() {
    let mut s = scenario(SMALL);
    let a = summary_bytes(&s, 2);
    s.run.seed = 4;
    let b = summary_bytes(&s, 2);
    assert_ne!(a, b);
}

#[test]
fn a_variant_equal_to_the_baseline_differs_by_exactly_zero() {
    let s = scenario(SMALL);
    let summary = run(&s, 2, RunOptions::default()).unwrap();
    let same = summary.variant("same").unwrap();
    for (name, d) in &same.vs_baseline.0 {
        if d.n == 0 {
            continue;
        }
        assert_eq!(d.mean, 0.0, "{name}");
        assert_eq!(d.sd, 0.0, "{name}");
        assert_eq!(d.ci95, [0.0, 0.0], "{name}");
        assert_eq!(d.p_higher, 0.0, "{name}");
    }
    // And a real change is not zero.
    let spm = summary.variant("spm").unwrap();
    assert_ne!(spm.vs_baseline.get("revenue_pct").unwrap().mean, 0.0);
}

#[test]
fn trial_sink_sees_every_trial_in_order() {
    let s = scenario(SMALL);
    let mut seen = Vec::new();
    let mut sink = |t: u64, outs: &[spmsim::model::TrialOutcome]| {
        assert_eq!(outs.len(), 3);
        seen.push(t);
        Ok(())
    };
    run(
        &s,
        2,
        RunOptions {
            sink: Some(&mut sink),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(seen, (0..24).collect::<Vec<u64>>());
}

#[test]
fn summary_json_reads_back_to_the_same_bytes() {
    let s = scenario(SMALL);
    let bytes = summary_bytes(&s, 2);
    let back: spmsim::results::Summary = serde_json::from_slice(&bytes).expect("parse");
    let again = String::from_utf8(summary_json(&back).unwrap()).unwrap();
    let first = String::from_utf8(bytes).unwrap();
    if let Some((i, _)) = again
        .char_indices()
        .zip(first.chars())
        .find(|((_, a), b)| a != b)
    {
        panic!(
            "differs at byte {}: {:?}",
            i.0,
            &first[i.0.saturating_sub(80)..i.0 + 20]
        );
    }
    assert_eq!(again.len(), first.len());
}

/// Filled rep-weeks and leavers over `trials` trials of a team whose weekly attrition hazard
/// rate is `attrition_per_year / weeks_per_year` exactly (the overwork and low-attainment
/// multipliers switched off).
fn leavers_per_rep_week(attrition_per_year: f64, weeks_per_year: f64) -> f64 {
    let s = scenario(&format!(
        r#"
[run]
trials = 40
seed = 8
pilot_trials = 4
burn_in_weeks = 4
horizon_weeks = 26

[[teams]]
name = "t"
motion = "traditional"
reps = 8

[people]
attrition_per_year = {attrition_per_year}
vacancy_weeks = 0

[model]
weeks_per_year = {weeks_per_year}
overwork_multiplier = 0.0
low_attainment_multiplier = 1.0
"#
    ));
    let plan = spmsim::engine::run::Plan::new(&s);
    let (mut leavers, mut rep_weeks) = (0.0, 0.0);
    for t in 0..s.run.trials {
        let o = &plan.trial(t)[0];
        leavers += o.metrics[spmsim::metrics::M::Attrition as usize];
        rep_weeks += o.rep_weeks[0];
    }
    leavers / rep_weeks
}

#[test]
fn a_weekly_hazard_above_one_is_a_probability_below_one() {
    // Attrition at the top of its range (10 a year) in a 4-week "year": a weekly hazard rate
    // of 2.5, a weekly probability of leaving of 1 - exp(-2.5) = 0.918, not every rep every
    // week; half the rate, 1 - exp(-1.25) = 0.713.
    let top = leavers_per_rep_week(10.0, 4.0);
    let half = leavers_per_rep_week(5.0, 4.0);
    eprintln!("leavers per filled rep-week: {top:.4} at rate 2.5, {half:.4} at rate 1.25");
    for (share, hazard) in [(top, 2.5f64), (half, 1.25f64)] {
        let p = 1.0 - (-hazard).exp();
        assert!(
            (share - p).abs() < 0.03,
            "weekly hazard {hazard}: {share} of filled rep-weeks end with a leaver, expected {p}"
        );
    }
    assert!(half < top && top < 1.0);
    // At the defaults the weekly probability 1 - exp(-0.3 / 52) is within 0.3 % of the rate.
    let default = leavers_per_rep_week(0.3, 52.0);
    assert!(default < 0.3 / 52.0 * 1.5, "{default}");
}
