//! The recipes of docs/architecture.md, enforced: whoever adds a metric, a chart, an exporter or
//! a command and forgets a step of its recipe gets a failing test that names the step. (A
//! parameter's recipe is enforced by tests/reference_doc.rs: the registry generates the
//! reference, and every key is loaded at its bounds.)

mod common;

use clap::CommandFactory;
use spmsim::metrics::{M, METRICS};

fn read(path: &str) -> String {
    std::fs::read_to_string(common::root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_metric_is_documented_and_computed() {
    let model = read("docs/model.md");
    for m in METRICS {
        assert!(
            model.contains(&format!("| `{}` |", m.name)),
            "metric `{}` has no row in docs/model.md section 10.1",
            m.name
        );
    }
    // Computed: somewhere in a small run that reaches every path, each metric has a value
    // (a metric left out of `finish` stays NaN in every trial).
    let path = common::root().join("tests/golden/everything.toml");
    let s = spmsim::scenario::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    let plan = spmsim::engine::run::Plan::new(&s);
    let mut seen = [false; METRICS.len()];
    for t in 0..4 {
        for o in plan.trial(t) {
            for (k, x) in o.metrics.iter().enumerate() {
                seen[k] |= x.is_finite();
            }
        }
    }
    for m in M::ALL {
        assert!(
            seen[m as usize],
            "metric `{}` is never computed (NaN in every trial and variant): set it in src/model/sim/finish.rs",
            m.name()
        );
    }
}

#[test]
fn every_exporter_writes_a_documented_file() {
    let readme = read("README.md");
    for e in spmsim::export::EXPORTERS {
        let name = e.file_name();
        assert!(
            readme.contains(&format!("`{name}`")),
            "exporter file `{name}` is not described in README.md (Outputs)"
        );
    }
}

#[test]
fn every_command_is_in_the_readme_table() {
    let readme = read("README.md");
    let cli = spmsim::cli::Cli::command();
    for sub in cli.get_subcommands() {
        let name = sub.get_name();
        let needle = format!("`spmsim {name}");
        assert!(
            readme
                .lines()
                .any(|l| l.starts_with("| `spmsim") && l.contains(&needle)),
            "command `spmsim {name}` has no row in the README's command table"
        );
        assert!(
            sub.get_about().is_some(),
            "command `spmsim {name}` has no help text"
        );
    }
}

#[test]
fn every_chart_is_drawn_for_some_result() {
    // The default run draws the charts of a comparison; a sweep and a sensitivity analysis add
    // theirs. Together they must draw every chart the plot module names.
    let tmp = common::tempdir();
    let mut drawn = std::collections::BTreeSet::new();
    for (i, scenario) in [
        "scenarios/coaching-sweep.toml",
        "scenarios/uncertainty.toml",
    ]
    .iter()
    .enumerate()
    {
        let out = tmp.path().join(i.to_string());
        common::spmsim()
            .arg("run")
            .arg(common::root().join(scenario))
            .args(["--trials", "8", "--quiet", "--no-trials", "--out"])
            .arg(&out)
            .assert()
            .success();
        for entry in std::fs::read_dir(out.join("plots")).expect("plots written") {
            let p = entry.expect("an entry").path();
            if p.extension().is_some_and(|e| e == "svg") {
                drawn.insert(p.file_stem().unwrap().to_string_lossy().into_owned());
            }
        }
    }
    for name in spmsim::plot::CHART_NAMES {
        assert!(
            drawn.contains(name),
            "chart `{name}` is in CHART_NAMES but no result draws it (add it to each_chart in src/plot/mod.rs)"
        );
    }
    for name in &drawn {
        assert!(
            spmsim::plot::CHART_NAMES.contains(&name.as_str()),
            "chart `{name}` is drawn but missing from CHART_NAMES"
        );
    }
}
