//! The checked-in scenario reference must be what `spmsim reference` prints (it is generated
//! from the key registry), and the loader must accept exactly the ranges the registry states:
//! every numeric key at its minimum and maximum loads, just outside is refused with a message
//! naming the key. The same holds for every sweep path.

use spmsim::scenario::experiment::sweep_paths;
use spmsim::scenario::params::{Constants, GlobalParams};
use spmsim::scenario::registry::{self, KeyDef, Kind};
use spmsim::scenario::{MotionParams, ParamRef, load_str};

#[test]
fn scenario_reference_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/scenario-reference.md");
    let on_disk = std::fs::read_to_string(&path).expect("docs/scenario-reference.md");
    let generated = spmsim::scenario::reference::markdown();
    assert!(
        on_disk == generated,
        "docs/scenario-reference.md is stale: regenerate it with `cargo run --release -- reference > docs/scenario-reference.md`"
    );
}

#[test]
fn every_key_is_documented() {
    let doc = spmsim::scenario::reference::markdown();
    for def in registry::all() {
        assert!(
            doc.contains(&format!("`{}`", def.key)),
            "{}.{}",
            def.section,
            def.key
        );
        assert!(!def.doc.is_empty(), "{}", def.key);
    }
}

/// `x` as a TOML number: an integer for whole-number keys, else a float.
fn lit(def: &KeyDef, x: f64) -> String {
    if def.integer {
        format!("{}", x as i64)
    } else {
        format!("{x:?}")
    }
}

/// A scenario setting `def` to `x`, or `None` for the few keys whose value cannot stand alone
/// (habit and playbook shares must sum to 1; correlations must form a valid matrix).
fn scenario_with(def: &KeyDef, x: f64) -> Option<String> {
    let v = lit(def, x);
    let k = def.key;
    Some(match def.section {
        "run" => format!("[run]\n{k} = {v}\n"),
        "teams" => format!("[[teams]]\nmotion = \"complex\"\n{k} = {v}\n"),
        // Skills must admit a Beta distribution: a small sd fits every valid mean.
        "motion" if def.kind == Kind::Table => return None,
        "motion" if k == "skill_mean" => {
            format!(
                "[traditional]\nskill_sd = 0.0\n{k} = {v}\n[complex]\nskill_sd = 0.0\n{k} = {v}\n"
            )
        }
        "motion" => format!("[traditional]\n{k} = {v}\n[complex]\n{k} = {v}\n"),
        "perceived_effect" => format!("[perceived_effect.prospect]\nrevenue = {v}\n"),
        "regimes" if k == "weights" => {
            format!("[regimes.r]\nweights = {{ revenue = 1, deals = {v} }}\n")
        }
        "regimes" if k == "targets" => {
            format!("[regimes.r]\nweights = {{ revenue = 1 }}\ntargets = {{ revenue = {v} }}\n")
        }
        "regimes" if k == "weights.KPI" => return None, // a sweep path, tested below
        "regimes" => format!("[regimes.r]\nweights = {{ revenue = 1 }}\n{k} = {v}\n"),
        // Forty coaching hours a rep fit only a manager with one rep and a long week.
        "variants" => format!(
            "[[teams]]\nmotion = \"traditional\"\nreps = 1\n[traditional]\nmanager_hours_per_week = 80\n\
             [[variants]]\nname = \"b\"\nbaseline = true\n{k} = {v}\n"
        ),
        "levers" => {
            format!("[[variants]]\nname = \"b\"\nbaseline = true\nlevers = {{ {k} = {v} }}\n")
        }
        "sweep" => format!(
            "[sweep]\ndesign = \"lhs\"\n{k} = {v}\n[[sweep.parameters]]\npath = \"levers.roles\"\nfrom = 0\nto = 1\n"
        ),
        "sweep.parameters" => format!(
            "[sweep]\n[[sweep.parameters]]\npath = \"levers.roles\"\nfrom = 0\nto = 1\n{k} = {v}\n"
        ),
        "sensitivity" => format!("[sensitivity]\n{k} = {v}\n"),
        "optimise" => {
            format!("[optimise]\n{k} = {v}\n[[optimise.variables]]\npath = \"coaching_hours\"\n")
        }
        section if ParamRef::shared_sections().any(|(group, ..)| group == section) => {
            format!("[{section}]\n{k} = {v}\n")
        }
        _ => return None,
    })
}

/// Values just outside `[lo, hi]` that TOML can still write.
fn outside(def: &KeyDef) -> Vec<f64> {
    let step = |x: f64| {
        if def.integer {
            1.0
        } else {
            x.abs().max(1.0) * 1e-6
        }
    };
    let mut v = vec![def.lo - step(def.lo)];
    // `seed` goes up to the largest TOML integer: nothing above it can be written.
    if def.hi < i64::MAX as f64 {
        v.push(def.hi + step(def.hi));
    }
    v
}

#[test]
fn every_numeric_key_loads_at_its_bounds_and_not_beyond() {
    let mut checked = 0;
    let mut skipped = Vec::new();
    for def in registry::all() {
        if def.hi <= def.lo || !matches!(def.kind, Kind::Number | Kind::Whole | Kind::Table) {
            continue; // not a ranged number (a text's range is its length)
        }
        if scenario_with(def, def.lo).is_none() {
            skipped.push(format!("{}.{}", def.section, def.key));
            continue;
        }
        for x in [def.lo, def.hi] {
            let text = scenario_with(def, x).expect("placed above");
            if let Err(e) = load_str(&text, "bounds.toml", "bounds") {
                panic!(
                    "{}.{} = {x} is valid but refused:\n{text}\n{e}",
                    def.section, def.key
                );
            }
        }
        for x in outside(def) {
            let text = scenario_with(def, x).expect("placed above");
            match load_str(&text, "bounds.toml", "bounds") {
                Ok(_) => panic!(
                    "{}.{} = {x} is out of range but loads",
                    def.section, def.key
                ),
                Err(e) => {
                    let named = e.errors.iter().any(|err| {
                        err.field.as_deref().is_some_and(|f| f.contains(def.key))
                            || err.message.contains(def.key)
                    });
                    // A placeholder key (`ACTIVITY.KPI`) is named by its section.
                    let named = named
                        || (def.key.contains('.')
                            && e.errors.iter().any(|err| {
                                err.field
                                    .as_deref()
                                    .is_some_and(|f| f.starts_with(def.section))
                            }));
                    assert!(
                        named,
                        "{}.{} = {x}: the error does not name the key: {e}",
                        def.section, def.key
                    );
                    assert!(e.to_string().contains("outside the valid range"), "{e}");
                }
            }
            checked += 1;
        }
    }
    // Every model parameter, every constant of the model and every lever is among the checked
    // keys.
    assert!(
        checked
            >= 2 * (MotionParams::SPECS.len() + GlobalParams::SPECS.len() + Constants::SPECS.len())
    );
    assert_eq!(
        skipped,
        ["motion.habit", "regimes.weights.KPI", "correlation.matrix"],
        "only keys that cannot stand alone are skipped"
    );
}

/// A context in which every sweep path may take any value of its range: one rep per team with
/// a long manager week, small skill spread, and a base variant whose regimes weigh several KPIs.
const SWEEP_CONTEXT: &str = "[[teams]]\nmotion = \"traditional\"\nreps = 1\n[[teams]]\nmotion = \"complex\"\nreps = 1\n\
[traditional]\nmanager_hours_per_week = 80\nskill_sd = 0.05\n[complex]\nmanager_hours_per_week = 80\nskill_sd = 0.05\n\
[[variants]]\nname = \"a\"\nbaseline = true\n[[variants]]\nname = \"b\"\nregime = \"balanced\"\n";

#[test]
fn every_sweep_path_sweeps_over_its_range_and_not_beyond() {
    let paths = sweep_paths();
    assert!(paths.iter().any(|(p, _)| p == "coaching_hours"));
    assert!(paths.iter().any(|(p, _)| p == "levers.gate"));
    assert!(
        paths
            .iter()
            .any(|(p, _)| p == "regime.complex.weights.revenue")
    );
    assert!(paths.iter().any(|(p, _)| p == "people.hiring_cost"));
    for c in Constants::SPECS {
        let path = format!("model.{}", c.key);
        assert!(
            paths.iter().any(|(p, _)| *p == path),
            "{path} cannot be swept"
        );
    }
    for (path, def) in &paths {
        let sweep = |values: &str| {
            format!(
                "{SWEEP_CONTEXT}[sweep]\nbase = \"b\"\n[[sweep.parameters]]\npath = \"{path}\"\nvalues = {values}\n"
            )
        };
        let text = sweep(&format!("[{}, {}]", lit(def, def.lo), lit(def, def.hi)));
        let s = load_str(&text, "sweep.toml", "sweep")
            .unwrap_or_else(|e| panic!("{path} over its range is refused:\n{e}"));
        assert_eq!(s.design.sweep.expect("a sweep").points.len(), 2, "{path}");
        for x in outside(def) {
            let text = sweep(&format!("[{}]", lit(def, x)));
            let e = load_str(&text, "sweep.toml", "sweep")
                .err()
                .unwrap_or_else(|| panic!("{path} = {x} is out of range but sweeps"));
            assert!(e.to_string().contains(&format!("of `{path}`")), "{e}");
        }
    }
}
