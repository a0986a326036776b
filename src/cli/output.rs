//! What the commands share about output: stdout, the thread count, choosing and opening the
//! result directory, moving it into place, and finishing a result (tables, charts, manifest)
//! the same way for `run` and `merge`.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::CliError;
use crate::export::ResultWriter;
use crate::export::manifest::RunRecord;
use crate::export::outdir::{PendingDir, choose_target};
use crate::plot::PlotOptions;
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
    writer: ResultWriter,
    summary: &Summary,
    no_plots: bool,
    record: &RunRecord,
) -> Result<(), CliError> {
    finish_result_with(writer, summary, no_plots, record, &Extras::default())
}

/// What a run writes besides the tables: the charts' language and size, and the workbook.
#[derive(Default)]
pub(super) struct Extras<'a> {
    /// Language and size of the charts.
    pub plots: PlotOptions,
    /// The workbook (`--xlsx`), made from this scenario, in the charts' language.
    pub xlsx: Option<&'a crate::scenario::Scenario>,
}

/// [`finish_result`] with the charts in the language and size of `extras`, and the workbook
/// when asked for (written into the result directory before it is moved into place).
pub(super) fn finish_result_with(
    mut writer: ResultWriter,
    summary: &Summary,
    no_plots: bool,
    record: &RunRecord,
    extras: &Extras<'_>,
) -> Result<(), CliError> {
    writer.write_tables(summary)?;
    if !no_plots {
        draw_plots(writer.dir(), extras.plots)?;
    }
    if let Some(scenario) = extras.xlsx {
        let dir = writer.dir();
        let input = crate::export::xlsx::XlsxInput {
            summary,
            scenario: Some(scenario),
            lang: extras.plots.lang,
        };
        let path = dir.root().join(crate::export::xlsx::XLSX_FILE);
        crate::export::xlsx::write_xlsx(&path, &input)
            .map_err(|e| CliError::internal(format!("writing the workbook: {e}")))?;
        dir.record(crate::export::xlsx::XLSX_FILE);
    }
    writer.write_manifest(summary, record)?;
    Ok(())
}

fn draw_plots(dir: &mut PendingDir, options: PlotOptions) -> Result<(), CliError> {
    let root = dir.root().to_path_buf();
    let files = crate::plot::plot_dir_with(&root, options)
        .map_err(|e| CliError::internal(format!("drawing charts: {e}")))?;
    for f in files {
        if let Ok(rel) = f.strip_prefix(&root) {
            dir.record(&rel.to_string_lossy());
        }
    }
    Ok(())
}

/// The table a run prints, in `lang` (English prints the plain table of
/// [`crate::export::table`]): each variant's revenue and operating margin, the expected
/// change vs the baseline with its 95 % interval, and the share of worlds where it is better.
pub(super) fn render_table(s: &Summary, lang: crate::lang::Lang) -> String {
    use crate::lang::format::Noun;
    use crate::lang::labels::output_or_name;
    use crate::metrics::{Change, M};
    use std::fmt::Write as _;
    let n = lang.numbers();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {}, {}, {} {}",
        s.experiment,
        n.count(s.trials, Noun::WORLDS),
        n.count(u64::from(s.horizon_weeks), Noun::WEEKS),
        lang.t("seed", "slumpfrö"),
        s.seed
    );
    let header = [
        lang.t("variant", "variant").to_string(),
        output_or_name(M::Revenue.name(), lang),
        output_or_name(M::OperatingMarginPct.name(), lang),
        output_or_name(Change::RevenuePct.name(), lang),
        output_or_name(Change::OperatingMarginPp.name(), lang),
        lang.t("worlds better", "världar bättre").to_string(),
    ];
    let _ = writeln!(
        out,
        "{:<18} {:>12} {:>16}   {:>30}   {:>36}   {:>14}",
        header[0], header[1], header[2], header[3], header[4], header[5]
    );
    for v in &s.variants {
        let (dr, dm, pb) = if v.baseline {
            (
                lang.t("(baseline)", "(utgångsläge)").to_string(),
                String::new(),
                String::new(),
            )
        } else {
            let r = v.vs_baseline.get(Change::RevenuePct.name());
            let m = v.vs_baseline.get(Change::OperatingMarginPp.name());
            let interval = |e: &crate::stats::ChangeEstimate, f: &dyn Fn(f64) -> String| {
                format!(
                    "{} [{} {} {}]",
                    f(e.mean),
                    f(e.ci95[0]),
                    lang.t("to", "till"),
                    f(e.ci95[1])
                )
            };
            (
                r.map_or(n.number(f64::NAN, 0), |e| {
                    interval(e, &|x| n.percent_change(x, 1))
                }),
                m.map_or(n.number(f64::NAN, 0), |e| interval(e, &|x| n.points(x, 1))),
                r.and_then(|e| e.estimate.p_better)
                    .map_or(n.number(f64::NAN, 0), |p| n.share(p, 0)),
            )
        };
        let _ = writeln!(
            out,
            "{:<18} {:>12} {:>16}   {:>30}   {:>36}   {:>14}",
            v.name,
            n.money(v.metric_mean(M::Revenue), &s.currency),
            n.percent(v.metric_mean(M::OperatingMarginPct), 1),
            dr,
            dm,
            pb
        );
    }
    let _ = writeln!(
        out,
        "{}",
        lang.t(
            "vs baseline: expected change [95 % interval]; worlds better: share of sampled worlds with higher revenue",
            "mot utgångsläget: förväntad förändring [95 % konfidensintervall]; världar bättre: andel simulerade världar med högre intäkter",
        )
    );
    let _ = writeln!(
        out,
        "{:<18} {:>26} {:>22} {:>24}",
        lang.t("variant", "variant"),
        lang.t("worlds with higher margin", "världar med högre marginal"),
        output_or_name(M::ShareAtTarget.name(), lang),
        output_or_name(M::PayCv.name(), lang),
    );
    for v in &s.variants {
        let pm = v
            .vs_baseline
            .get(Change::OperatingMarginPp.name())
            .and_then(|e| e.estimate.p_better)
            .map_or_else(String::new, |p| n.share(p, 0));
        let _ = writeln!(
            out,
            "{:<18} {:>26} {:>22} {:>24}",
            v.name,
            pm,
            n.share(v.metric_mean(M::ShareAtTarget), 0),
            n.number(v.metric_mean(M::PayCv), 2),
        );
    }
    if let Some(sens) = &s.sensitivity {
        let _ = writeln!(
            out,
            "{} {} ({}):",
            lang.t("sensitivity of", "känslighet för"),
            crate::lang::labels::in_sentence(&output_or_name(&sens.output, lang)),
            sens.variant
        );
        let shown: Vec<_> = sens.inputs.iter().take(10).collect();
        let labels: Vec<String> = shown
            .iter()
            .map(|i| crate::lang::labels::param_or_path(&i.parameter, lang))
            .collect();
        // Pad every label to the longest, so the swings line up however long the words.
        let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        for (i, label) in shown.iter().zip(&labels) {
            let pad = " ".repeat(width - label.chars().count());
            let _ = writeln!(
                out,
                "  {label}{pad}  {} {:>8}",
                lang.t("swing", "utslag"),
                n.number(i.swing, 2)
            );
        }
    }
    out
}
