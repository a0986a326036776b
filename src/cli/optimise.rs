//! `spmsim optimise SCENARIO`: search the scenario's `[optimise]` decision variables
//! (engine::optimise), then write, atomically, `optimum.toml` (a runnable scenario with the
//! baseline and the confirmed best plan), `optimise.csv` (every evaluated plan and the
//! confirmation) and the convergence and frontier charts (docs/decisions.md).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use toml::Value;

use super::args::OptimiseArgs;
use super::error::CliError;
use super::output::{
    check_output_path, open_output, print_stdout, thread_pool, worker_threads, write_result,
};
use crate::engine::optimise::{Figures, OptimiseResult, optimise as search};
use crate::scenario::optimise::{OptimiseSpec, apply};
use crate::scenario::params::KPIS;
use crate::scenario::regime::Target as KpiTarget;
use crate::scenario::{self, Scenario};

/// Run `spmsim optimise`.
///
/// # Errors
/// Bad input (exit 2), or a failure to simulate or write.
pub fn optimise(a: OptimiseArgs) -> Result<(), CliError> {
    let mut s = scenario::load_file(&a.scenario)?;
    let text = std::fs::read_to_string(&a.scenario).map_err(|e| CliError::File {
        path: a.scenario.clone(),
        message: format!("cannot read: {e}"),
    })?;
    let file = a.scenario.display().to_string();
    let mut spec =
        scenario::optimise::load(&text, &file, &s).map_err(|e| CliError::Scenario(vec![e]))?;
    if let Some(seed) = a.seed {
        s.run.seed = seed;
    }
    if let Some(t) = a.trials {
        spec.trials = t;
    }
    let stem = a.scenario.file_stem().map_or_else(
        || "scenario".to_string(),
        |x| x.to_string_lossy().into_owned(),
    );
    let requested = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("outputs").join(format!("{stem}-optimise")));
    check_output_path(&requested)?;
    let pool = thread_pool(worker_threads(a.threads))?;
    if !a.quiet {
        eprintln!(
            "optimising {} decision variable(s) of {}: at most {} plans on {} trials each, then a confirmation on {} fresh trials",
            spec.variables.len(),
            file,
            spec.evaluations,
            spec.trials,
            spec.confirm_trials
        );
    }
    let lang = a
        .lang
        .map(crate::lang::Lang::from)
        .unwrap_or_else(|| s.design.lang.unwrap_or_default());
    let result = search(&pool, &s, &spec).map_err(CliError::Internal)?;
    let (target, dir) = open_output(&requested, a.force, a.quiet)?;
    let (_, path) = write_result(dir, &target, |dir| {
        let w = |dir: &mut crate::export::outdir::PendingDir, name: &str, bytes: &[u8]| {
            dir.write(name, bytes).map_err(|e| CliError::Output {
                path: target.join(name),
                message: format!("cannot write: {e}"),
            })
        };
        w(dir, "optimise.csv", csv(&spec, &result).as_bytes())?;
        w(
            dir,
            "optimum.toml",
            optimum_toml(&text, &s, &spec, &result).as_bytes(),
        )?;
        let plots = dir.path("plots");
        std::fs::create_dir_all(&plots).map_err(|e| CliError::Output {
            path: target.join("plots"),
            message: format!("cannot create: {e}"),
        })?;
        crate::plot::optimise::draw(&plots, &spec, &result, lang).map_err(|e| {
            CliError::Output {
                path: target.join("plots"),
                message: format!("cannot draw the charts: {e}"),
            }
        })?;
        for name in crate::plot::optimise::FILES {
            dir.record(&format!("plots/{name}"));
        }
        Ok(())
    })?;
    if !a.quiet {
        print_stdout(&summary(&spec, &result, &path, &s.run.currency));
    }
    Ok(())
}

fn names(spec: &OptimiseSpec) -> Vec<String> {
    spec.variables
        .iter()
        .flat_map(|v| v.value_names())
        .collect()
}

fn figures_cells(spec: &OptimiseSpec, f: &Figures) -> String {
    let mut s = format!("{}", f.objective);
    for c in &f.constraints {
        let _ = write!(s, ",{c}");
    }
    let _ = write!(
        s,
        ",{},{},{},{},{},{},{}",
        f.violation,
        f.feasible(),
        f.revenue_pct,
        f.operating_margin_pp,
        f.operating_profit,
        f.profit_change,
        f.p_profit_falls
    );
    let _ = spec;
    s
}

/// Every evaluated plan (`phase` = `search`, on the search trials) and the confirmed plans
/// (`confirm`, on fresh trials; `rank` 1 is the chosen plan).
fn csv(spec: &OptimiseSpec, r: &OptimiseResult) -> String {
    let mut s = String::from("phase,evaluation,rank");
    for n in names(spec) {
        let _ = write!(s, ",{n}");
    }
    let _ = write!(s, ",objective_{}", spec.objective.name());
    for c in &spec.constraints {
        let _ = write!(s, ",constraint_{}", c.output);
    }
    s.push_str(",violation,feasible,revenue_pct,operating_margin_pp,operating_profit,operating_profit_change,p_profit_falls\n");
    let row = |s: &mut String,
               phase: &str,
               e: &crate::engine::optimise::Evaluation,
               rank: String,
               f: &Figures| {
        let _ = write!(s, "{phase},{},{rank}", e.index);
        for x in &e.values {
            let _ = write!(s, ",{x}");
        }
        let _ = writeln!(s, ",{}", figures_cells(spec, f));
    };
    for e in &r.evaluations {
        row(&mut s, "search", e, String::new(), &e.figures);
    }
    for (k, c) in r.confirmed.iter().enumerate() {
        row(
            &mut s,
            "confirm",
            &c.evaluation,
            (k + 1).to_string(),
            &c.figures,
        );
    }
    s
}

fn summary(spec: &OptimiseSpec, r: &OptimiseResult, path: &Path, currency: &str) -> String {
    let money = |x: f64| format!("{:.2} M{currency}", x / 1e6);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} plans evaluated on the same {} trials (sample-average approximation)",
        r.evaluations.len(),
        spec.trials
    );
    match r.confirmed.first() {
        None => {
            let _ = writeln!(s, "no plan was evaluated");
        }
        Some(best) => {
            let _ = writeln!(
                s,
                "best plan, confirmed on {} fresh trials:",
                spec.confirm_trials
            );
            for (n, x) in names(spec).iter().zip(&best.evaluation.values) {
                let _ = writeln!(s, "  {n} = {}", round4(*x));
            }
            let f = &best.figures;
            let _ = writeln!(
                s,
                "  revenue {:+.1} %, operating margin {:+.2} pp, operating profit {} ({:+.2} M{currency} vs baseline), profit falls in {:.0} % of worlds{}",
                f.revenue_pct,
                f.operating_margin_pp,
                money(f.operating_profit),
                f.profit_change / 1e6,
                100.0 * f.p_profit_falls,
                if f.feasible() {
                    ""
                } else {
                    "; CONSTRAINTS NOT MET on the fresh trials"
                }
            );
            let e = &best.evaluation.figures;
            let _ = writeln!(
                s,
                "  in the search it showed revenue {:+.1} % and operating profit {:+.2} M{currency} vs baseline: the search's figures are flattered by picking the best (the optimiser's curse), so read the confirmed ones",
                e.revenue_pct,
                e.profit_change / 1e6,
            );
            for (k, c) in r.confirmed.iter().enumerate().skip(1) {
                let _ = writeln!(
                    s,
                    "runner-up {k}: revenue {:+.1} %, operating margin {:+.2} pp, operating profit {:+.2} M{currency} on fresh trials{}",
                    c.figures.revenue_pct,
                    c.figures.operating_margin_pp,
                    c.figures.profit_change / 1e6,
                    if c.figures.feasible() {
                        ""
                    } else {
                        " (constraints not met)"
                    }
                );
            }
        }
    }
    let _ = writeln!(
        s,
        "results in {} (run optimum.toml to see the plan in full)",
        path.display()
    );
    s
}

fn round4(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let d = 4 - x.abs().log10().floor() as i32 - 1;
    let m = 10f64.powi(d.max(0));
    (x * m).round() / m
}

/// The scenario text with its variants replaced by the baseline and the confirmed best plan
/// (named `optimum`, the report's headline), without `[optimise]`, `[sweep]` and
/// `[sensitivity]`.
fn optimum_toml(text: &str, s: &Scenario, spec: &OptimiseSpec, r: &OptimiseResult) -> String {
    let mut root: toml::Table = toml::from_str(text).unwrap_or_default();
    for k in ["optimise", "sweep", "sensitivity", "report", "variants"] {
        root.remove(k);
    }
    let listed: Vec<toml::Table> = toml::from_str::<toml::Table>(text)
        .ok()
        .and_then(|t| t.get("variants").and_then(Value::as_array).cloned())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| v.as_table().cloned())
        .collect();
    let by_name = |name: &str| {
        listed
            .iter()
            .find(|t| t.get("name").and_then(Value::as_str) == Some(name))
            .cloned()
    };
    let b = s.baseline_index();
    let mut base_t = by_name(&s.variants[b].name).unwrap_or_default();
    base_t.insert("name".into(), Value::String(s.variants[b].name.clone()));
    base_t.insert("baseline".into(), Value::Boolean(true));
    let mut header = format!(
        "# Written by `spmsim optimise` from {}: the baseline and the best plan found, `optimum`.\n",
        s.source
    );
    let mut variants = vec![Value::Table(base_t)];
    if let Some(best) = r.confirmed.first() {
        let plan = apply(
            &s.variants[spec.base],
            &s.teams,
            spec,
            &best.evaluation.values,
            "optimum",
        );
        let mut t = by_name(&s.variants[spec.base].name).unwrap_or_default();
        t.remove("baseline");
        t.insert("name".into(), Value::String("optimum".into()));
        let f = &best.figures;
        let desc = format!(
            "Best plan of spmsim optimise ({}), confirmed on {} fresh trials: revenue {:+.1} %, operating margin {:+.2} pp, operating profit {:+.2} M vs the baseline.",
            spec.objective.name(),
            spec.confirm_trials,
            f.revenue_pct,
            f.operating_margin_pp,
            f.profit_change / 1e6
        );
        let _ = writeln!(header, "# {desc}");
        t.insert("description".into(), Value::String(desc));
        t.insert("coaching_hours".into(), plan.coaching_toml(&s.teams));
        let mut levers = toml::Table::new();
        for (i, name) in crate::scenario::params::LEVERS.iter().enumerate() {
            let x = plan.levers.slot(i);
            if x != 0.0 {
                levers.insert((*name).into(), Value::Float(x));
            }
        }
        t.remove("levers");
        if !levers.is_empty() {
            t.insert("levers".into(), Value::Table(levers));
        }
        let touches_regime = spec.variables.iter().any(|v| {
            !matches!(
                v.target,
                crate::scenario::optimise::Target::Coaching(_)
                    | crate::scenario::optimise::Target::Lever(_)
            )
        });
        if touches_regime {
            let regimes = root
                .entry("regimes")
                .or_insert_with(|| Value::Table(toml::Table::new()));
            let mut by_team = toml::Table::new();
            if let Value::Table(regimes) = regimes {
                for (team, reg) in s.teams.iter().zip(&plan.regimes) {
                    let name = format!("optimum-{}", team.name);
                    let mut rt = toml::Table::new();
                    let mut w = toml::Table::new();
                    let mut targets = toml::Table::new();
                    for (k, kpi) in KPIS.iter().enumerate() {
                        if reg.weights[k] > 0.0 {
                            w.insert((*kpi).into(), Value::Float(reg.weights[k]));
                            if let KpiTarget::Absolute(x) = reg.targets[k] {
                                targets.insert((*kpi).into(), Value::Float(x));
                            }
                        }
                    }
                    rt.insert("weights".into(), Value::Table(w));
                    rt.insert("target_level".into(), Value::Float(reg.target_level));
                    rt.insert("variable_share".into(), Value::Float(reg.variable_share));
                    rt.insert("cap".into(), Value::Float(reg.cap));
                    if !targets.is_empty() {
                        rt.insert("targets".into(), Value::Table(targets));
                    }
                    regimes.insert(name.clone(), Value::Table(rt));
                    by_team.insert(team.name.clone(), Value::String(name));
                }
            }
            t.insert("regime".into(), Value::Table(by_team));
        }
        variants.push(Value::Table(t));
        let mut report = toml::Table::new();
        report.insert("headline".into(), Value::String("optimum".into()));
        root.insert("report".into(), Value::Table(report));
    }
    root.insert("variants".into(), Value::Array(variants));
    // The confirmation's seed and trial count: running this file reproduces the confirmed
    // figures.
    let mut run = root
        .get("run")
        .and_then(Value::as_table)
        .cloned()
        .unwrap_or_default();
    run.insert("seed".into(), Value::Integer(r.confirm_seed as i64));
    run.insert("trials".into(), Value::Integer(spec.confirm_trials as i64));
    root.insert("run".into(), Value::Table(run));
    header + "\n" + &toml::to_string(&root).unwrap_or_default()
}
