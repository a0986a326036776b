//! `spmsim run`, `spmsim sweep` and `spmsim sensitivity`: apply the flags to the scenario,
//! simulate (all trials, or one shard's) and write the result.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use super::args::RunArgs;
use super::error::CliError;
use super::output::{
    Extras, check_output_path, finish_result_with, open_output, print_stdout, worker_threads,
    write_result,
};
use crate::engine::{self, RunOptions};
use crate::export::ResultWriter;
use crate::export::manifest::RunRecord;
use crate::export::outdir::PendingDir;
use crate::export::table;
use crate::lang::Lang;
use crate::plot::PlotOptions;
use crate::results::Summary;
use crate::scenario::{self, Scenario};

/// What a run command must do beyond `run`.
pub(super) enum Mode {
    /// A plain run.
    Run,
    /// The scenario's `[sweep]`.
    Sweep,
    /// A sensitivity analysis, with the command line's choices.
    Sensitivity {
        /// `--output`.
        output: Option<String>,
        /// `--variant`.
        variant: Option<String>,
    },
}

/// Run, sweep or rank sensitivities, as `mode` says.
pub(super) fn run(args: RunArgs, mode: Mode) -> Result<(), CliError> {
    let started = Instant::now();
    let mut scenario = super::load(args.scenario.as_deref())?;
    let command = match &mode {
        Mode::Run => "run",
        Mode::Sweep => "sweep",
        Mode::Sensitivity { .. } => "sensitivity",
    };
    match mode {
        Mode::Run => {}
        Mode::Sweep => {
            if scenario.design.sweep.is_none() {
                return Err(CliError::Unfit {
                    scenario: scenario.source.clone(),
                    message: "has no [sweep] section; see `spmsim reference` for how to write one"
                        .into(),
                });
            }
        }
        Mode::Sensitivity { output, variant } => {
            super::sensitivity::configure(&mut scenario, output, variant)?;
        }
    }
    apply_flags(&mut scenario, &args)?;
    let lang = match args.lang {
        Some(l) => l.into(),
        None => scenario.design.lang.unwrap_or_default(),
    };
    let warnings = scenario.input_warnings.len() + scenario.warnings().len();
    for w in &scenario.input_warnings {
        eprintln!("warning: {w}");
    }
    for w in scenario.warnings() {
        eprintln!("warning: {w}");
    }
    if scenario.has_optimise {
        eprintln!("{}", crate::scenario::optimise_ignored_note(command));
    }
    if args.strict && warnings > 0 {
        return Err(CliError::Unfit {
            scenario: scenario.source.clone(),
            message: format!("--strict: {warnings} warning(s) above"),
        });
    }
    let threads = worker_threads(args.threads);
    let stem = args
        .scenario
        .as_deref()
        .and_then(|p| p.file_stem())
        .map_or_else(
            || "default".to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
    if args.shard.is_some() && args.export_opportunities.is_some() {
        return Err(CliError::Flag(
            "--export-opportunities does not go with --shard: run it without shards".into(),
        ));
    }
    if args.shard.is_some() && args.precision.is_some() {
        return Err(CliError::Flag(
            "--shard and --precision do not go together: a precision target needs all trials in one place".into(),
        ));
    }
    let requested = args.out.clone().unwrap_or_else(|| {
        PathBuf::from("outputs").join(match args.shard {
            Some(id) => format!("{stem}-shard-{}-of-{}", id.k, id.n),
            None => stem.clone(),
        })
    });
    check_output_path(&requested)?;
    let (target, dir) = open_output(&requested, args.force, args.quiet)?;
    if let Some(id) = args.shard {
        let (range, done) = write_result(dir, &target, |dir| {
            super::shard::simulate_shard(&scenario, &args, threads, dir, id)
        })?;
        if !args.quiet {
            print_stdout(&format!(
                "shard {}/{}: trials {}..{} of {} written to {}\n",
                id.k,
                id.n,
                range.start,
                range.end,
                scenario.run.trials,
                done.display()
            ));
        }
        return Ok(());
    }
    let (summary, done) = write_result(dir, &target, |dir| {
        simulate_and_write(&scenario, &args, threads, dir, started, lang)
    })?;
    if !args.quiet {
        if lang == Lang::En {
            print_stdout(&table::render(&summary));
            print_stdout(&table::render_details(&summary));
        } else {
            print_stdout(&super::output::render_table(&summary, lang));
        }
        if let Some(p) = &args.precision {
            let projected = summary
                .precision
                .as_ref()
                .and_then(|r| r.projected_trials)
                .map_or_else(String::new, |n| {
                    format!(" (two-stage rule: the pilot projected {n})")
                });
            print_stdout(&format!(
                "precision {}={}: {} trials{projected}\n",
                p.output.name(),
                p.half_width,
                summary.trials
            ));
        }
    }
    for note in crate::analysis::baseline_check::baseline_notes(&summary) {
        eprintln!("warning: {}", note.text(crate::lang::Lang::En));
    }
    if let Some(p) = &args.precision
        && !summary.precision.as_ref().is_some_and(|r| r.met)
    {
        eprintln!(
            "warning: --precision {}={} was not reached in {} trials; raise --max-trials",
            p.output.name(),
            p.half_width,
            summary.trials
        );
    }
    if !args.quiet {
        print_stdout(&format!("results in {}\n", done.display()));
    } else if done != requested {
        // Quiet, but the results went elsewhere than asked (DIR existed): say where, as the
        // one line of stdout, so that a script can find them.
        print_stdout(&format!("{}\n", done.display()));
    }
    Ok(())
}

/// Apply `--max-trials`, `--trials` and `--seed` to the scenario, checking that they fit it.
fn apply_flags(scenario: &mut Scenario, args: &RunArgs) -> Result<(), CliError> {
    if let Some(m) = args.max_trials {
        if args.precision.is_none() {
            return Err(CliError::Flag(
                "--max-trials only applies with --precision".into(),
            ));
        }
        scenario.run.trials = m;
    }
    if let Some(p) = &args.precision
        && scenario.variants.len() < 2
    {
        return Err(CliError::Flag(format!(
            "--precision {}: the experiment has no variant to compare with the baseline",
            p.output.name()
        )));
    }
    if let Some(t) = args.trials {
        scenario.run.trials = t;
        // The loader's workload limit holds for the overridden trial count too.
        let work = scenario::load::rep_weeks(
            &scenario.run,
            u64::from(scenario.total_reps()),
            scenario.variants.len(),
        );
        if work > scenario::load::MAX_REP_WEEKS {
            return Err(CliError::Flag(format!(
                "--trials {t}: {work:.1e} rep-weeks of simulation is beyond what one run can do (limit {:.0e})",
                scenario::load::MAX_REP_WEEKS
            )));
        }
    }
    if let Some(s) = args.seed {
        scenario.run.seed = s;
    }
    Ok(())
}

/// Simulate every trial (or until the precision target is met), streaming `trials.csv`,
/// and write the whole result.
fn simulate_and_write(
    scenario: &Scenario,
    args: &RunArgs,
    threads: usize,
    dir: &mut PendingDir,
    started: Instant,
    lang: Lang,
) -> Result<Summary, CliError> {
    let names: Vec<String> = scenario.variants.iter().map(|v| v.name.clone()).collect();
    let mut writer = ResultWriter::create(dir, names, !args.no_trials)?;
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let b = indicatif::ProgressBar::new(scenario.run.trials);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {pos}/{len} trials [{bar:40}] {elapsed_precise} (eta {eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        b
    });
    let progress = |done: u64| {
        if let Some(b) = &bar {
            b.set_position(done);
        }
    };
    let mut sink = |t: u64, outs: &[crate::model::TrialOutcome]| -> std::io::Result<()> {
        writer.trial(t, outs).map_err(std::io::Error::other)
    };
    let mut summary = engine::run(
        scenario,
        threads,
        RunOptions {
            progress: Some(&progress),
            sink: Some(&mut sink),
            precision: args.precision.clone(),
        },
    )
    .map_err(CliError::Internal)?;
    // The best of many, confirmed on fresh trials (docs/model.md section 1.1).
    summary.best_of_many = super::output::thread_pool(threads).and_then(|pool| {
        engine::confirm::best_of_many(&pool, scenario, &summary).map_err(CliError::Internal)
    })?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let record = RunRecord {
        scenario,
        threads,
        started,
        precision: args
            .precision
            .as_ref()
            .map(|p| format!("{}={}", p.output.name(), p.half_width)),
    };
    if let Some(n) = args.export_opportunities {
        super::calibrate::export_opportunities(scenario, n, writer.dir())?;
    }
    let extras = Extras {
        plots: PlotOptions {
            lang,
            slides: args.slides,
        },
        xlsx: args.xlsx.then_some(scenario),
    };
    finish_result_with(writer, &summary, args.no_plots, &record, &extras)?;
    Ok(summary)
}
