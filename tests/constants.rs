//! Every structural constant of the model (the rows of `[model]` in the key registry) reaches
//! the simulation: changed through a scenario file, it changes what the model computes.
//!
//! The test loops over the registry rows, so a new constant is covered without touching it.
//! Each constant gets a variant that differs from the baseline only by that constant (a
//! `[variants.set.model]` override); the scenario switches on what every constant needs to
//! matter (coaching, harmful coaching in one team, every lever, targets above and below
//! today's level, frequent attrition), and the variant must not reproduce the baseline's
//! numbers bit for bit.

use spmsim::engine::run::Plan;
use spmsim::model::TrialOutcome;
use spmsim::rng::Key;
use spmsim::scenario::registry::{KeyDef, MODEL_SECTION};
use spmsim::scenario::{Constants, ParamRef, ParamValue, Scenario, load_str};

/// Trials each variant is compared on.
const TRIALS: u64 = 4;

/// The setting every variant shares. Traditional reps chase a stretched revenue target
/// (hours above 1: overwork; low attainment; giving up and period-end pressure, over long
/// period ends in which every rep far from target plays timing games), complex reps
/// an easy one (hours at the floor) under harmful coaching (skills head for the floor); every
/// lever is on, coaching too, reps leave often, and won deals bring many referral leads soon.
const BASE: &str = r#"
[run]
trials = 4
seed = 11
burn_in_weeks = 13
horizon_weeks = 52
period_weeks = 13
pilot_trials = 10

[[teams]]
name = "t"
motion = "traditional"
reps = 4

[[teams]]
name = "c"
motion = "complex"
reps = 4

[traditional]
referral_rate = 2.0

[complex]
coaching_skill = -0.3
referral_rate = 2.0

[economics]
referral_delay_weeks = 2

[incentives]
timing_games = 1.0
end_weeks = 4

[people]
attrition_per_year = 3.0

[regimes.stretch]
weights = { revenue = 1 }
target_level = 1.5

[regimes.easy]
weights = { revenue = 1 }
target_level = 0.3
"#;

/// What every variant asks of its teams besides its constant.
const POLICY: &str = "regime = { traditional = \"stretch\", complex = \"easy\" }\n\
coaching_hours = 1.0\n\
levers = { winloss = 1, gate = 1, practice = 1, targeting = 0.5, process = 0.5 }\n";

/// The values `def` is changed to: halfway from its default to each bound the default is not
/// at (whole for whole-number keys). Both directions are tried because some constants act one
/// way only in a small scenario: a steeper effort slope changes nothing once hours hit their
/// cap, for instance.
fn changes(def: &KeyDef) -> Vec<f64> {
    let d = def.default[0];
    let v: Vec<f64> = [def.lo, def.hi]
        .into_iter()
        .map(|bound| 0.5 * (d + bound))
        .map(|x| if def.integer { x.round() } else { x })
        .filter(|&x| x != d && def.contains(x))
        .collect();
    assert!(!v.is_empty(), "{}: no other value in range", def.key);
    v
}

/// `x` as a TOML number of `def`'s kind.
fn lit(def: &KeyDef, x: f64) -> String {
    if def.integer {
        format!("{}", x as i64)
    } else {
        format!("{x:?}")
    }
}

/// The scenario: the baseline with today's constants, then one variant per constant and
/// changed value; and for each variant after the baseline, the constant and its value.
fn scenario() -> (Scenario, Vec<(usize, f64)>) {
    let mut text = format!("{BASE}\n[[variants]]\nname = \"default\"\nbaseline = true\n{POLICY}");
    let mut changed = Vec::new();
    for (i, def) in Constants::SPECS.iter().enumerate() {
        for x in changes(def) {
            text += &format!(
                "\n[[variants]]\nname = \"{key} {value}\"\n{POLICY}[variants.set.{MODEL_SECTION}]\n{key} = {value}\n",
                key = def.key,
                value = lit(def, x),
            );
            changed.push((i, x));
        }
    }
    let s =
        load_str(&text, "constants.toml", "constants").unwrap_or_else(|e| panic!("{e}\n{text}"));
    (s, changed)
}

#[test]
fn every_constant_set_in_a_scenario_file_moves_the_model() {
    let (s, changed) = scenario();
    assert_eq!(s.variants.len(), 1 + changed.len());
    // The file set the constant of each variant, and only that one.
    for (k, &(i, x)) in changed.iter().enumerate() {
        assert_eq!(
            s.variants[1 + k].overrides,
            [(ParamRef::Constant(i), ParamValue::Fixed(x))],
            "{}",
            s.variants[1 + k].name
        );
    }
    let plan = Plan::new(&s);
    let outcomes: Vec<Vec<TrialOutcome>> = (0..TRIALS).map(|t| plan.trial(t)).collect();
    let numbers = |v: usize| -> Vec<Vec<u64>> { outcomes.iter().map(|o| o[v].bits()).collect() };
    let baseline = numbers(0);
    assert!(
        outcomes
            .iter()
            .all(|o| o[0].metrics.iter().any(|x| *x > 0.0)),
        "the baseline computes nothing"
    );
    // A constant is heard if one of its changes moves some number of some trial.
    let deaf: Vec<String> = Constants::SPECS
        .iter()
        .enumerate()
        .filter(|&(i, _)| {
            changed
                .iter()
                .enumerate()
                .filter(|(_, c)| c.0 == i)
                .all(|(k, _)| numbers(1 + k) == baseline)
        })
        .map(|(_, def)| format!("{}.{} = {:?}", MODEL_SECTION, def.key, changes(def)))
        .collect();
    assert!(
        deaf.is_empty(),
        "the model does not respond to these constants: {deaf:?}"
    );
}

#[test]
fn a_constant_reads_the_same_from_the_model_section_a_variant_and_a_sweep() {
    // The weeks in a year turn every yearly cost into weekly ones: each trial responds.
    let key = "weeks_per_year";
    let i = Constants::index_of(key).expect("a constant");
    let x = changes(&Constants::SPECS[i])[0];
    let text = format!(
        "{BASE}\n[[variants]]\nname = \"default\"\nbaseline = true\n{POLICY}\n\
         [[variants]]\nname = \"set\"\n{POLICY}set = {{ \"model.{key}\" = {x:?} }}\n\
         [sweep]\nbase = \"default\"\n[[sweep.parameters]]\npath = \"model.{key}\"\nvalues = [{x:?}]\n"
    );
    let s = load_str(&text, "routes.toml", "routes").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.variants.len(), 3, "baseline, `set` and one sweep point");
    let plan = Plan::new(&s);
    for t in 0..TRIALS {
        let o = plan.trial(t);
        assert_eq!(
            o[1].bits(),
            o[2].bits(),
            "trial {t}: `set` and sweep differ"
        );
        assert_ne!(o[0].bits(), o[1].bits(), "trial {t}: no response");
    }
    // In `[model]` at the top, the constant holds for every variant, the baseline included.
    let top = load_str(
        &format!("[run]\npilot_trials = 10\n[model]\n{key} = {x:?}\n"),
        "top.toml",
        "top",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(top.params.get(ParamRef::Constant(i)), &ParamValue::Fixed(x));
    let default = load_str("[run]\npilot_trials = 10\n", "default.toml", "default")
        .unwrap_or_else(|e| panic!("{e}"));
    let (a, b) = (Plan::new(&top), Plan::new(&default));
    assert_ne!(a.trial(0)[0].bits(), b.trial(0)[0].bits());
}

#[test]
fn a_constant_may_be_uncertain_and_is_drawn_per_trial() {
    let s = load_str(
        "[model]\noverwork_multiplier = { dist = \"uniform\", min = 1.0, max = 3.0 }\n",
        "dist.toml",
        "dist",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let draws: Vec<f64> = (0..20)
        .map(|t| {
            let r = spmsim::model::uncertainty::draw(&s.params, Key::root(3).with(t), None);
            r.constants.overwork_multiplier
        })
        .collect();
    assert!(draws.iter().all(|x| (1.0..=3.0).contains(x)), "{draws:?}");
    assert!(draws.iter().any(|x| *x != draws[0]), "{draws:?}");
    // A convention is not uncertain; a whole number is not drawn either.
    for bad in [
        "[model]\nweeks_per_year = { dist = \"uniform\", min = 50, max = 53 }\n",
        "[model]\nhandover_window_weeks = { dist = \"uniform\", min = 2, max = 6 }\n",
        "[model]\nhandover_window_weeks = 9\n",
        "[model]\ncontact_fit_a = 0.0\n",
    ] {
        let e = load_str(bad, "bad.toml", "bad").expect_err(bad);
        assert!(e.to_string().contains("model."), "{e}");
    }
}
