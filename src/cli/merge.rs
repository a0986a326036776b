//! `spmsim merge`: combine the shard results of `run --shard K/N` into the files a single
//! run writes, through the same [`Reducer`](crate::engine::run::Reducer) and result writer,
//! so the merged files are byte-identical to a single run's.

use std::path::Path;
use std::time::Instant;

use super::args::MergeArgs;
use super::error::CliError;
use super::output::{
    finish_result, open_output, print_stdout, thread_pool, worker_threads, write_result,
};
use crate::engine;
use crate::export::ResultWriter;
use crate::export::manifest::RunRecord;
use crate::export::shard_files::{OUTCOMES_FILE, OutcomeReader, check_set, read_shard};
use crate::export::{ExportError, table};
use crate::scenario::params::N_KPI;
use crate::scenario::{self, DEFAULT_SOURCE};

/// Read, check and merge the shards, and write the result.
pub(super) fn merge(args: MergeArgs) -> Result<(), CliError> {
    let started = Instant::now();
    let shards = args
        .shards
        .iter()
        .map(|d| read_shard(d))
        .collect::<Result<Vec<_>, _>>()?;
    let shards = check_set(shards)?;
    let m = shards[0].manifest.clone();
    let stem = if m.scenario_source == DEFAULT_SOURCE {
        "default".to_string()
    } else {
        Path::new(&m.scenario_source)
            .file_stem()
            .map_or_else(|| "scenario".into(), |s| s.to_string_lossy().into_owned())
    };
    let mut scenario = scenario::load_str(&shards[0].scenario_text, &m.scenario_source, &stem)?;
    scenario.run.seed = m.seed;
    scenario.run.trials = m.trials;
    let names: Vec<String> = scenario.variants.iter().map(|v| v.name.clone()).collect();
    if names != m.variants {
        return Err(CliError::File {
            path: shards[0].dir.clone(),
            message: "the shard's variants do not match its scenario".into(),
        });
    }
    let targets: Vec<[f64; N_KPI]> = m
        .targets
        .iter()
        .map(|t| {
            let mut a = [0.0; N_KPI];
            for (x, y) in a.iter_mut().zip(t) {
                *x = *y;
            }
            a
        })
        .collect();
    let threads = worker_threads(args.threads);
    let pool = thread_pool(threads)?;
    let plan = engine::run::Plan::with_targets(&scenario, targets);
    let (target, dir) = open_output(&args.out, args.force, args.quiet)?;
    let (summary, done) = write_result(dir, &target, |dir| {
        let mut writer = ResultWriter::create(dir, names.clone(), !args.no_trials)?;
        let mut reducer = engine::run::Reducer::new(&plan);
        let horizon = scenario.run.horizon_weeks as usize;
        let period = scenario.run.period_weeks as usize;
        for s in &shards {
            let path = s.dir.join(OUTCOMES_FILE);
            let bad = |message: String| CliError::File {
                path: path.clone(),
                message,
            };
            let mut reader = OutcomeReader::open(&path, names.len(), horizon, period)
                .map_err(|e| bad(e.to_string()))?;
            for t in s.manifest.first_trial..s.manifest.end_trial {
                let outs = reader
                    .next_trial()
                    .map_err(|e| bad(format!("trial {t}: {e}")))?;
                reducer.push(&outs);
                writer.trial(t, &outs).map_err(|source| ExportError::Csv {
                    file: crate::export::writer::TRIALS_FILE.into(),
                    source,
                })?;
            }
        }
        let mut summary = reducer.finish(&pool);
        // The same confirmation run as a single run's, so the merged files are identical.
        summary.best_of_many = engine::confirm::best_of_many(&pool, &scenario, &summary)
            .map_err(CliError::Internal)?;
        let record = RunRecord {
            scenario: &scenario,
            threads,
            started,
            precision: None,
        };
        finish_result(writer, &summary, args.no_plots, &record)?;
        Ok(summary)
    })?;
    if !args.quiet {
        print_stdout(&table::render(&summary));
        print_stdout(&format!(
            "merged {} shards into {}\n",
            shards.len(),
            done.display()
        ));
    }
    Ok(())
}
