//! `spmsim run --shard K/N`: simulate one shard's trials and write its partial result (the
//! files of [`crate::export::shard_files`]) for `spmsim merge`.

use std::ops::Range;
use std::path::Path;

use super::args::RunArgs;
use super::error::CliError;
use super::output::thread_pool;
use crate::engine;
use crate::engine::shard::ShardId;
use crate::export::ExportError;
use crate::export::outdir::PendingDir;
use crate::export::shard_files::{
    OUTCOMES_FILE, OutcomeWriter, SHARD_SCHEMA, ShardManifest, write_shard_files,
};
use crate::scenario::{self, DEFAULT_SCENARIO, Scenario};

/// Simulate shard `id`'s trials into `dir`; returns the trial range simulated.
pub(super) fn simulate_shard(
    scenario: &Scenario,
    args: &RunArgs,
    threads: usize,
    dir: &mut PendingDir,
    id: ShardId,
) -> Result<Range<u64>, CliError> {
    let text = scenario_text(scenario, args.scenario.as_deref())?;
    let pool = thread_pool(threads)?;
    let plan = pool.install(|| engine::run::Plan::new(scenario));
    let range = id.range(scenario.run.trials);
    let io = |file: &str| {
        let file = file.to_string();
        move |source| ExportError::Io { file, source }
    };
    let mut outcomes =
        OutcomeWriter::create(&dir.path(OUTCOMES_FILE)).map_err(io(OUTCOMES_FILE))?;
    engine::run::simulate_blocks(&pool, &plan, range.clone(), |_, outs| {
        for o in &outs {
            outcomes.write(o)?;
        }
        Ok(true)
    })
    .map_err(CliError::Internal)?;
    outcomes.finish().map_err(io(OUTCOMES_FILE))?;
    let manifest = ShardManifest {
        schema: SHARD_SCHEMA.into(),
        spmsim_version: env!("CARGO_PKG_VERSION").into(),
        scenario_source: scenario.source.clone(),
        scenario_sha256: scenario.sha256.clone(),
        seed: scenario.run.seed,
        trials: scenario.run.trials,
        shards: id.n,
        shard: id.k,
        first_trial: range.start,
        end_trial: range.end,
        targets: plan.targets.iter().map(|t| t.to_vec()).collect(),
        variants: scenario.variants.iter().map(|v| v.name.clone()).collect(),
        complete: true,
    };
    write_shard_files(dir, &text, &manifest).map_err(io("shard.json"))?;
    Ok(range)
}

/// The scenario text a loaded scenario came from (re-read and checked against its hash).
fn scenario_text(scenario: &Scenario, path: Option<&Path>) -> Result<String, CliError> {
    let text = match path {
        None => DEFAULT_SCENARIO.to_string(),
        Some(p) => std::fs::read_to_string(p).map_err(|e| CliError::File {
            path: p.to_path_buf(),
            message: format!("cannot read: {e}"),
        })?,
    };
    if !scenario::load::text_matches_sha256(&text, &scenario.sha256) {
        return Err(CliError::Unfit {
            scenario: scenario.source.clone(),
            message: "the file changed while it was being run".into(),
        });
    }
    Ok(text)
}
