//! What the commands share about output: stdout, the thread count, choosing and opening the
//! result directory, moving it into place, and finishing a result (tables, charts, manifest)
//! the same way for `run` and `merge`.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::CliError;
use crate::export::ResultWriter;
use crate::export::manifest::RunRecord;
use crate::export::outdir::{PendingDir, choose_target};
use crate::results::Summary;

/// Print to stdout; a closed pipe (e.g. `| head`) is not an error.
pub(super) fn print_stdout(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

/// `--threads`, or all cores.
pub(super) fn worker_threads(flag: Option<u64>) -> usize {
    flag.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |t| t as usize,
    )
}

/// A rayon pool of `threads` workers.
pub(super) fn thread_pool(threads: usize) -> Result<rayon::ThreadPool, CliError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| CliError::Internal(e.into()))
}

/// Refuse an output path that is a file, or lies under one (which would otherwise surface
/// as a bare "File exists").
pub(super) fn check_output_path(requested: &Path) -> Result<(), CliError> {
    if requested.exists() && !requested.is_dir() {
        return Err(CliError::Output {
            path: requested.to_path_buf(),
            message: "exists and is not a directory".into(),
        });
    }
    if let Some(file) = requested
        .ancestors()
        .skip(1)
        .find(|a| a.exists() && !a.is_dir())
    {
        return Err(CliError::Output {
            path: requested.to_path_buf(),
            message: format!(
                "cannot create the output directory: {} is a file, not a directory",
                file.display()
            ),
        });
    }
    Ok(())
}

/// Pick the output directory (a new name beside an existing one unless `force`, saying so)
/// and start writing into a hidden temporary directory beside it.
pub(super) fn open_output(
    requested: &Path,
    force: bool,
    quiet: bool,
) -> Result<(PathBuf, PendingDir), CliError> {
    let (target, renamed) = choose_target(requested, force);
    if renamed && !quiet {
        eprintln!(
            "{} already exists; writing to {} instead (use --force to replace it)",
            requested.display(),
            target.display()
        );
    }
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    for note in crate::export::outdir::clean_stale(parent) {
        if !quiet {
            eprintln!("{note}");
        }
    }
    let dir = PendingDir::create(&target).map_err(|e| CliError::Output {
        path: target.clone(),
        message: format!("cannot create the output directory: {e}"),
    })?;
    Ok((target, dir))
}

/// Fill `dir` with `fill`, then move it into place at `target` (see
/// [`PendingDir::commit`]); on failure, remove it and pass the error on.
pub(super) fn write_result<T>(
    mut dir: PendingDir,
    target: &Path,
    fill: impl FnOnce(&mut PendingDir) -> Result<T, CliError>,
) -> Result<(T, PathBuf), CliError> {
    match fill(&mut dir) {
        Ok(value) => {
            let done = dir.commit().map_err(|source| CliError::Move {
                path: target.to_path_buf(),
                source,
            })?;
            if !done.kept.is_empty() {
                eprintln!(
                    "kept the files you added to {}: {}",
                    done.path.display(),
                    done.kept.join(", ")
                );
            }
            if !done.removed.is_empty() {
                eprintln!(
                    "removed {} from {}: made from the replaced results (make it again with `spmsim report`)",
                    done.removed.join(", "),
                    done.path.display()
                );
            }
            Ok((value, done.path))
        }
        Err(e) => {
            dir.abandon();
            Err(e)
        }
    }
}

/// Finish a result whose trials are written: every table, the charts unless `no_plots`
/// (drawn from the files just written, as `spmsim plot` would), then the manifest.
pub(super) fn finish_result(
    mut writer: ResultWriter,
    summary: &Summary,
    no_plots: bool,
    record: &RunRecord,
) -> Result<(), CliError> {
    writer.write_tables(summary)?;
    if !no_plots {
        draw_plots(writer.dir())?;
    }
    writer.write_manifest(summary, record)?;
    Ok(())
}

fn draw_plots(dir: &mut PendingDir) -> Result<(), CliError> {
    let root = dir.root().to_path_buf();
    let files = crate::plot::plot_dir(&root)
        .map_err(|e| CliError::internal(format!("drawing charts: {e}")))?;
    for f in files {
        if let Ok(rel) = f.strip_prefix(&root) {
            dir.record(&rel.to_string_lossy());
        }
    }
    Ok(())
}
