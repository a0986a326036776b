//! The client-ready report: one self-contained `DIR/report.html` (inline SVG charts, inline
//! CSS, no scripts, no network references) in English or Swedish, with the question, the
//! headline answer and its uncertainty, the charts, the tables, the assumptions, what one
//! would need to believe, and how to reproduce the numbers.
//!
//! [`write_report`] is the one function here that reads and writes files; everything else
//! turns a [`ReportInput`] into text.

mod assumptions;
mod calibration;
mod decision;
pub mod headline;
mod html;
mod scenario_text;
mod sections;
mod tables;
mod teams;
mod vocab;

use std::io;
use std::path::{Path, PathBuf};

use crate::plot::{self, PlotError, TrialSamples};
use crate::results::Summary;

use crate::lang::Lang;

/// File name of the report inside the result directory.
pub const REPORT_FILE: &str = "report.html";

/// Why the report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Reading the result or drawing its charts failed.
    #[error(transparent)]
    Plot(#[from] PlotError),
    /// The report file cannot be written.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// The report file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
}

impl ReportError {
    /// Whether the failure is the user's to fix (a missing or unreadable result directory or
    /// summary, a directory that cannot be written) rather than an internal failure.
    pub fn is_input(&self) -> bool {
        match self {
            ReportError::Plot(e) => e.is_input(),
            ReportError::Write { source, .. } => matches!(
                source.kind(),
                io::ErrorKind::PermissionDenied
                    | io::ErrorKind::ReadOnlyFilesystem
                    | io::ErrorKind::NotADirectory
                    | io::ErrorKind::IsADirectory
                    | io::ErrorKind::StorageFull
            ),
        }
    }
}

/// How the run was made, from `manifest.json` (every field optional: the report reads what
/// is there).
#[derive(Clone, Debug, Default)]
pub struct RunInfo {
    /// The command line of the run.
    pub command: Option<Vec<String>>,
    /// The scenario source as the run named it (a path, or `<built-in default>`).
    pub scenario: Option<String>,
    /// Worker threads.
    pub threads: Option<u64>,
    /// Host name.
    pub host: Option<String>,
    /// Wall time in seconds.
    pub wall_seconds: Option<f64>,
    /// The language the run's scenario asked for in `[report] lang`, if it named one.
    pub lang: Option<Lang>,
}

impl RunInfo {
    /// Read the fields the report uses from `manifest.json` text; `None` when it is not JSON.
    pub fn from_json(text: &str) -> Option<RunInfo> {
        let v: serde_json::Value = serde_json::from_str(text).ok()?;
        let command = v.get("command").and_then(|c| c.as_array()).map(|a| {
            a.iter()
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                .collect()
        });
        Some(RunInfo {
            command,
            scenario: v
                .get("scenario")
                .and_then(|s| s.as_str())
                .map(str::to_string),
            threads: v.get("threads").and_then(|t| t.as_u64()),
            host: v.get("host").and_then(|h| h.as_str()).map(str::to_string),
            wall_seconds: v.get("wall_seconds").and_then(|w| w.as_f64()),
            lang: v
                .get("lang")
                .and_then(|l| l.as_str())
                .and_then(|l| l.parse().ok()),
        })
    }
}

/// The language the run in `dir` asked for (its scenario's `[report] lang`, recorded in
/// `manifest.json`); `None` when it named none or there is no manifest.
pub fn run_lang(dir: &Path) -> Option<Lang> {
    let text = std::fs::read_to_string(dir.join("manifest.json")).ok()?;
    RunInfo::from_json(&text)?.lang
}

/// What the report can say about the scenario file.
#[derive(Clone, Debug)]
pub enum ScenarioText {
    /// The file as run (its SHA-256 matches the summary).
    Shown {
        /// Where it was found.
        path: String,
        /// Its full text.
        text: String,
    },
    /// The file exists but differs from what was run.
    Changed {
        /// Where it was found.
        path: String,
    },
    /// No file to show (no manifest, or the file is gone or unreadable).
    Unavailable {
        /// The path the manifest names, if any.
        path: Option<String>,
    },
}

/// Everything the report is made from.
#[derive(Clone, Copy, Debug)]
pub struct ReportInput<'a> {
    /// The results.
    pub summary: &'a Summary,
    /// Per-trial values from `trials.csv`, when present (for densities in the charts).
    pub samples: Option<&'a TrialSamples>,
    /// From `manifest.json`, when present.
    pub run: Option<&'a RunInfo>,
    /// The scenario file, as far as it can be shown.
    pub scenario: &'a ScenarioText,
    /// How the result directory is named in the reproduction commands.
    pub dir_label: &'a str,
}

/// Find the scenario the manifest names: as given (relative to the working directory), then
/// relative to the result directory and its parents; the built-in default by name. Only a
/// file whose SHA-256 matches the summary is shown.
pub fn find_scenario(dir: &Path, run: Option<&RunInfo>, summary: &Summary) -> ScenarioText {
    let Some(named) = run.and_then(|r| r.scenario.clone()) else {
        return ScenarioText::Unavailable { path: None };
    };
    let matches =
        |text: &str| crate::scenario::load::text_matches_sha256(text, &summary.scenario_sha256);
    if named == crate::scenario::DEFAULT_SOURCE {
        let text = crate::scenario::DEFAULT_SCENARIO;
        return if matches(text) {
            ScenarioText::Shown {
                path: named,
                text: text.to_string(),
            }
        } else {
            ScenarioText::Changed { path: named }
        };
    }
    let p = Path::new(&named);
    let mut candidates = vec![p.to_path_buf()];
    if p.is_relative() {
        candidates.extend(dir.ancestors().map(|a| a.join(p)));
    }
    let mut changed = None;
    for c in candidates {
        if let Ok(text) = std::fs::read_to_string(&c) {
            if matches(&text) {
                return ScenarioText::Shown { path: named, text };
            }
            changed.get_or_insert(named.clone());
        }
    }
    match changed {
        Some(path) => ScenarioText::Changed { path },
        None => ScenarioText::Unavailable { path: Some(named) },
    }
}

/// The report page for `input` in `lang`, as HTML text.
///
/// # Errors
/// Only when a chart cannot be drawn (internal).
pub fn render_report(input: &ReportInput<'_>, lang: Lang) -> Result<String, ReportError> {
    let charts = plot::render_svgs(input.summary, input.samples, lang)?;
    Ok(sections::page(input, &charts, lang))
}

/// Write `DIR/report.html` for the result in `dir` (from `summary.json`, and
/// `manifest.json`, `trials.csv` and the scenario file when they are there) in `lang`;
/// return its path.
///
/// # Errors
/// [`ReportError::Plot`] when the directory or summary is missing or unreadable (input) or a
/// chart cannot be drawn (internal); [`ReportError::Write`] when the file cannot be written.
pub fn write_report(dir: &Path, lang: Lang) -> Result<PathBuf, ReportError> {
    let summary = plot::read_summary(dir)?;
    let samples = plot::read_samples(dir, &summary);
    let run = std::fs::read_to_string(dir.join("manifest.json"))
        .ok()
        .and_then(|t| RunInfo::from_json(&t));
    let scenario = find_scenario(dir, run.as_ref(), &summary);
    let dir_label = dir.display().to_string();
    let input = ReportInput {
        summary: &summary,
        samples: samples.as_ref(),
        run: run.as_ref(),
        scenario: &scenario,
        dir_label: &dir_label,
    };
    let page = render_report(&input, lang)?;
    let path = dir.join(REPORT_FILE);
    std::fs::write(&path, page).map_err(|source| ReportError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}
