//! `spmsim optimise` (docs/decisions.md): on a one-variable problem whose optimum a fine grid
//! sweep finds, the optimiser's confirmed plan lies within the grid's tolerance; constraints
//! hold in the confirmation run; results do not depend on the thread count; and bad
//! `[optimise]` sections are refused with a located message and exit code 2.

mod common;

use std::fs;

use common::{spmsim, tempdir};
use spmsim::engine::optimise::{OptimiseResult, optimise};
use spmsim::engine::{RunOptions, run};
use spmsim::scenario::{Scenario, load_str, optimise as spec};

/// The default organisation under revenue-only steering, coaching hours to choose.
const COACHING: &str = r#"
[run]
trials = 120
seed = 77
[[variants]]
name = "baseline"
baseline = true
regime = "revenue_only"
"#;

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool")
}

fn optimise_text(text: &str, threads: usize) -> (Scenario, OptimiseResult) {
    let s = load_str(text, "t.toml", "t").unwrap_or_else(|e| panic!("{e}"));
    let sp = spec::load(text, "t.toml", &s).unwrap_or_else(|e| panic!("{e}"));
    let r = optimise(&pool(threads), &s, &sp).expect("optimise");
    (s, r)
}

/// Mean operating profit of each point of a coaching grid, on the same trials as the search.
fn grid(step: f64, to: f64) -> Vec<(f64, f64)> {
    let steps = (to / step).round() as usize + 1;
    let text = format!(
        "{COACHING}[sweep]\nprefix = \"g\"\n[[sweep.parameters]]\npath = \"coaching_hours\"\nfrom = 0\nto = {to}\nsteps = {steps}\n"
    );
    let s = load_str(&text, "g.toml", "g").unwrap_or_else(|e| panic!("{e}"));
    let summary = run(&s, 2, RunOptions::default()).expect("grid run");
    s.variants
        .iter()
        .filter(|v| v.name.starts_with("g-"))
        .map(|v| {
            let m = summary
                .variant(&v.name)
                .unwrap()
                .metrics
                .get("operating_profit")
                .unwrap();
            (v.coaching_hours, m.mean)
        })
        .collect()
}

#[test]
fn the_optimum_of_one_variable_matches_a_fine_grid() {
    let text = format!(
        "{COACHING}[optimise]\ntrials = 120\nconfirm_trials = 120\nevaluations = 30\n[[optimise.variables]]\npath = \"coaching_hours\"\nfrom = 0\nto = 2.5\n"
    );
    let (_, r) = optimise_text(&text, 2);
    let best = &r.confirmed[0];
    let x = best.evaluation.values[0];
    let g = grid(0.1, 2.5);
    let (gx, gmax) = g
        .iter()
        .copied()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap();
    // The grid's tolerance: the points within 0.5 % of the grid's best profit, widened by one
    // grid step on each side.
    let tol = 0.005 * gmax.abs();
    let near: Vec<f64> = g
        .iter()
        .filter(|p| p.1 >= gmax - tol)
        .map(|p| p.0)
        .collect();
    let (lo, hi) = (
        near.iter().copied().fold(f64::INFINITY, f64::min) - 0.1,
        near.iter().copied().fold(f64::NEG_INFINITY, f64::max) + 0.1,
    );
    eprintln!(
        "grid best {gx} h ({gmax:.0}), near-best band [{lo:.2}, {hi:.2}]; optimiser {x:.3} h, in-sample {:.0}, confirmed {:.0}",
        best.evaluation.figures.objective, best.figures.objective
    );
    assert!(
        gx > 0.0 && gx < 2.5,
        "the grid's optimum must be interior: {gx}"
    );
    assert!(
        (lo..=hi).contains(&x),
        "optimiser's plan {x} outside [{lo}, {hi}]"
    );
    // On the search trials the optimiser does at least as well as the grid, within tolerance.
    assert!(best.evaluation.figures.objective >= gmax - tol);
    // The confirmation ran on other trials: its figure is not the in-sample one.
    assert_ne!(best.figures.objective, best.evaluation.figures.objective);
}

#[test]
fn constraints_hold_in_the_confirmation_run() {
    // Unconstrained, profit peaks near 1.5 h with revenue up about 7 %: capping the revenue
    // change at +4 % binds.
    let text = format!(
        "{COACHING}[optimise]\ntrials = 120\nconfirm_trials = 200\nevaluations = 30\nrunners_up = 3\n[[optimise.variables]]\npath = \"coaching_hours\"\nfrom = 0\nto = 2.5\n[[optimise.constraints]]\noutput = \"revenue_pct\"\nmax = 4\n[[optimise.constraints]]\noutput = \"p_profit_falls\"\nmax = 0.5\n"
    );
    let (_, r) = optimise_text(&text, 2);
    let best = &r.confirmed[0];
    eprintln!(
        "plan {:.3} h: revenue {:+.2} % in the search, {:+.2} % confirmed",
        best.evaluation.values[0], best.evaluation.figures.revenue_pct, best.figures.revenue_pct
    );
    assert!(best.evaluation.figures.feasible());
    assert!(best.figures.feasible(), "{:?}", best.figures);
    assert!(best.figures.revenue_pct <= 4.0 && best.figures.p_profit_falls <= 0.5);
    // The constraint binds: some plan evaluated broke it.
    assert!(r.evaluations.iter().any(|e| !e.figures.feasible()));
}

#[test]
fn results_depend_on_the_seed_not_on_threads() {
    let text = format!(
        "{COACHING}[optimise]\ntrials = 40\nconfirm_trials = 40\nevaluations = 12\n[[optimise.variables]]\npath = \"coaching_hours\"\nfrom = 0\nto = 2.5\n[[optimise.variables]]\npath = \"regime.traditional.weights\"\nkpis = [\"revenue\", \"activities\"]\n"
    );
    let (_, a) = optimise_text(&text, 1);
    let (_, b) = optimise_text(&text, 2);
    assert_eq!(a.evaluations, b.evaluations);
    assert_eq!(a.confirmed, b.confirmed);
    // Weights stay on the simplex.
    for e in &a.evaluations {
        let w = e.values[1] + e.values[2];
        assert!((w - 1.0).abs() < 1e-12 && e.values[1] >= 0.0 && e.values[2] >= 0.0);
    }
    let other = text.replace("seed = 77", "seed = 78");
    let (_, c) = optimise_text(&other, 2);
    assert_ne!(a.evaluations, c.evaluations);
}

#[test]
fn the_command_writes_a_runnable_optimum() {
    let dir = tempdir();
    let file = dir.path().join("o.toml");
    fs::write(
        &file,
        format!(
            "{COACHING}[optimise]\ntrials = 30\nconfirm_trials = 30\nevaluations = 8\n[[optimise.variables]]\npath = \"coaching_hours\"\nfrom = 0\nto = 2.5\n[[optimise.variables]]\npath = \"regime.traditional.target_level\"\nfrom = 0.8\nto = 1.2\n"
        ),
    )
    .unwrap();
    let out = dir.path().join("res");
    spmsim()
        .args([
            "optimise",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ])
        .assert()
        .success();
    for f in [
        "optimum.toml",
        "optimise.csv",
        "plots/optimise_convergence.svg",
        "plots/optimise_frontier.svg",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    let csv = fs::read_to_string(out.join("optimise.csv")).unwrap();
    assert!(csv.lines().filter(|l| l.starts_with("search,")).count() >= 3);
    assert!(
        csv.lines()
            .any(|l| l.starts_with("confirm,") && l.contains(",1,"))
    );
    let opt = fs::read_to_string(out.join("optimum.toml")).unwrap();
    let s = load_str(&opt, "optimum.toml", "optimum").unwrap_or_else(|e| panic!("{e}\n{opt}"));
    assert_eq!(s.variants.len(), 2);
    assert_eq!(s.design.headline, Some(1));
    assert!(
        s.variants[1]
            .regimes
            .iter()
            .any(|r| r.name.starts_with("optimum-"))
    );
}

#[test]
fn bad_optimise_sections_are_refused_with_exit_code_2() {
    let cases: [(&str, &str); 7] = [
        (
            "[optimise]\nobjective = \"operating_proft\"\n[[optimise.variables]]\npath = \"coaching_hours\"\n",
            "did you mean `operating_profit`",
        ),
        (
            "[optimise]\n[[optimise.variables]]\npath = \"coaching_hour\"\n",
            "did you mean `coaching_hours`",
        ),
        ("[optimise]\n", "at least one decision variable"),
        (
            "[optimise]\n[[optimise.variables]]\npath = \"regime.weights\"\n",
            "needs `kpis`",
        ),
        (
            "[optimise]\n[[optimise.variables]]\npath = \"coaching_hours\"\nfrom = 2\nto = 1\n",
            "must be above",
        ),
        (
            "[optimise]\ntrails = 3\n[[optimise.variables]]\npath = \"coaching_hours\"\n",
            "trials",
        ),
        (
            "[optimise]\n[[optimise.variables]]\npath = \"coaching_hours\"\n[[optimise.constraints]]\noutput = \"revenue_pc\"\nmax = 1\n",
            "did you mean `revenue_pct`",
        ),
    ];
    let dir = tempdir();
    for (i, (section, expect)) in cases.iter().enumerate() {
        let file = dir.path().join(format!("bad{i}.toml"));
        fs::write(&file, format!("{COACHING}{section}")).unwrap();
        for cmd in [
            vec!["optimise", file.to_str().unwrap()],
            vec!["validate", file.to_str().unwrap()],
        ] {
            let out = spmsim().args(&cmd).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{cmd:?} {section}: {err}");
            assert!(
                err.contains(expect),
                "{cmd:?}: expected `{expect}` in:\n{err}"
            );
            assert!(err.contains("optimise"), "names the section: {err}");
        }
    }
    // A scenario without the section.
    let file = dir.path().join("none.toml");
    fs::write(&file, COACHING).unwrap();
    let out = spmsim()
        .args(["optimise", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no [optimise] section"));
}

/// Coaching hours of one motion, or of one team, are decisions of their own: a plan moves
/// only those teams' hours, and the written optimum keeps each team's hours.
#[test]
fn a_per_motion_coaching_variable_moves_only_that_motions_teams() {
    let base = format!(
        "{COACHING}[optimise]\ntrials = 30\nconfirm_trials = 30\nevaluations = 10\n[[optimise.variables]]\npath = \"coaching_hours.complex\"\nfrom = 0\nto = 2.5\n"
    )
    .replace(
        "regime = \"revenue_only\"\n",
        "regime = \"revenue_only\"\ncoaching_hours = 0.5\n",
    );
    let (s, r) = optimise_text(&base, 2);
    let sp = spec::load(&base, "t.toml", &s).unwrap();
    let motions: Vec<&str> = s.teams.iter().map(|t| t.motion.name()).collect();
    assert_eq!(motions, ["traditional", "complex"]);
    // Every plan the optimiser evaluated keeps the traditional team at the base's 0.5 h.
    let mut moved = false;
    for e in &r.evaluations {
        let v = spec::apply(&s.variants[0], &s.teams, &sp, &e.values, "p");
        assert_eq!(
            v.coaching_of(0),
            0.5,
            "traditional team moved: {:?}",
            e.values
        );
        assert_eq!(v.coaching_of(1), e.values[0]);
        moved |= e.values[0] != 0.5;
    }
    assert!(moved, "the search tried other hours for the complex team");

    // One team by name; the same team twice (by name and by its motion) is refused.
    let by_team = base.replace(
        "path = \"coaching_hours.complex\"\n",
        "path = \"coaching_hours\"\nteam = \"complex\"\n",
    );
    let s2 = load_str(&by_team, "t.toml", "t").unwrap();
    let sp2 = spec::load(&by_team, "t.toml", &s2).unwrap();
    assert_eq!(sp2.variables[0].path, "coaching_hours[complex]");
    let v = spec::apply(&s2.variants[0], &s2.teams, &sp2, &[2.0], "p");
    assert_eq!((v.coaching_of(0), v.coaching_of(1)), (0.5, 2.0));
    let both = format!(
        "{by_team}[[optimise.variables]]\npath = \"coaching_hours.complex\"\nfrom = 0\nto = 2\n"
    );
    let e = load_str(&both, "t.toml", "t").unwrap_err().to_string();
    assert!(
        e.contains("both set the coaching hours of team `complex`"),
        "{e}"
    );
    let typo = by_team.replace("team = \"complex\"", "team = \"complx\"");
    let e = load_str(&typo, "t.toml", "t").unwrap_err().to_string();
    assert!(e.contains("did you mean `complex`"), "{e}");

    // The command's optimum.toml gives each team its hours and runs as written.
    let dir = tempdir();
    let file = dir.path().join("o.toml");
    fs::write(&file, &base).unwrap();
    let out = dir.path().join("res");
    spmsim()
        .args([
            "optimise",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ])
        .assert()
        .success();
    let opt = fs::read_to_string(out.join("optimum.toml")).unwrap();
    let o = load_str(&opt, "optimum.toml", "optimum").unwrap_or_else(|e| panic!("{e}\n{opt}"));
    let best = &r.confirmed[0].evaluation.values;
    assert_eq!(o.variants[1].coaching_of(0), 0.5, "{opt}");
    assert_eq!(o.variants[1].coaching_of(1), best[0], "{opt}");
}
