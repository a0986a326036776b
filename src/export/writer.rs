//! The one result writer, shared by `spmsim run` and `spmsim merge`: `trials.csv` streamed
//! while trials arrive, then one file per [`Exporter`] in [`EXPORTERS`], then (after any
//! charts) `manifest.json`, which lists every file written.
//!
//! Adding a format: a type implementing [`Exporter`] and one line in [`EXPORTERS`].

use std::fs::File;
use std::io::{self, BufWriter};

use super::csv_files::{self, TrialsWriter};
use super::manifest::{Manifest, RunRecord};
use super::outdir::PendingDir;
use crate::model::TrialOutcome;
use crate::results::Summary;

/// Writing a result file failed (an internal failure: the directory was writable when the
/// run started).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A file could not be created or written.
    #[error("writing results: {file}: {source}")]
    Io {
        /// The file, relative to the result directory.
        file: String,
        /// The failure.
        source: io::Error,
    },
    /// A CSV file could not be written.
    #[error("writing results: {file}: {source}")]
    Csv {
        /// The file, relative to the result directory.
        file: String,
        /// The failure.
        source: csv::Error,
    },
    /// A JSON file could not be serialised.
    #[error("writing results: {file}: {source}")]
    Json {
        /// The file, relative to the result directory.
        file: String,
        /// The failure.
        source: serde_json::Error,
    },
}

impl ExportError {
    /// The file (relative to the result directory) that could not be written.
    pub fn file(&self) -> &str {
        match self {
            ExportError::Io { file, .. }
            | ExportError::Csv { file, .. }
            | ExportError::Json { file, .. } => file,
        }
    }
}

/// One file of a result, made from the [`Summary`].
pub trait Exporter: Sync {
    /// The file's name in the result directory.
    fn file_name(&self) -> &'static str;

    /// The file's bytes, or `None` when this result has nothing of this kind (a run without
    /// a sweep has no `sweep.csv`).
    ///
    /// # Errors
    /// When the bytes cannot be made.
    fn render(&self, summary: &Summary) -> Result<Option<Vec<u8>>, ExportError>;
}

/// Every file made from the summary, in the order written (and listed in the manifest).
pub const EXPORTERS: &[&dyn Exporter] = &[
    &SummaryJson,
    &VariantsCsv,
    &WeeklyCsv,
    &AllocationCsv,
    &SweepCsv,
    &SensitivityCsv,
];

fn csv_bytes(file: &'static str, r: csv::Result<Vec<u8>>) -> Result<Option<Vec<u8>>, ExportError> {
    r.map(Some).map_err(|source| ExportError::Csv {
        file: file.into(),
        source,
    })
}

/// `summary.json`: every figure of the result (see [`super::summary_json`]).
pub struct SummaryJson;

impl Exporter for SummaryJson {
    fn file_name(&self) -> &'static str {
        "summary.json"
    }
    fn render(&self, summary: &Summary) -> Result<Option<Vec<u8>>, ExportError> {
        super::summary_json(summary)
            .map(Some)
            .map_err(|source| ExportError::Json {
                file: self.file_name().into(),
                source,
            })
    }
}

/// `variants.csv` (see [`csv_files::variants_csv`]).
pub struct VariantsCsv;

impl Exporter for VariantsCsv {
    fn file_name(&self) -> &'static str {
        "variants.csv"
    }
    fn render(&self, summary: &Summary) -> Result<Option<Vec<u8>>, ExportError> {
        csv_bytes(self.file_name(), csv_files::variants_csv(summary))
    }
}

/// `weekly.csv` (see [`csv_files::weekly_csv`]).
pub struct WeeklyCsv;

impl Exporter for WeeklyCsv {
    fn file_name(&self) -> &'static str {
        "weekly.csv"
    }
    fn render(&self, summary: &Summary) -> Result<Option<Vec<u8>>, ExportError> {
        csv_bytes(self.file_name(), csv_files::weekly_csv(summary))
    }
}

/// `allocation.csv` (see [`csv_files::allocation_csv`]).
pub struct AllocationCsv;

impl Exporter for AllocationCsv {
    fn file_name(&self) -> &'static str {
        "allocation.csv"
    }
    fn render(&self, summary: &Summary) -> Result<Option<Vec<u8>>, ExportError> {
        csv_bytes(self.file_name(), csv_files::allocation_csv(summary))
    }
}

/// `sweep.csv`, only for a run with a sweep (see [`csv_files::sweep_csv`]).
pub struct SweepCsv;

impl Exporter for SweepCsv {
    fn file_name(&self) -> &'static str {
        "sweep.csv"
    }
    fn render(&self, summary: &Summary) -> Result<Option<Vec<u8>>, ExportError> {
        if summary.sweep.is_none() {
            return Ok(None);
        }
        csv_bytes(self.file_name(), csv_files::sweep_csv(summary))
    }
}

/// `sensitivity.csv`, only for a sensitivity analysis (see [`csv_files::sensitivity_csv`]).
pub struct SensitivityCsv;

impl Exporter for SensitivityCsv {
    fn file_name(&self) -> &'static str {
        "sensitivity.csv"
    }
    fn render(&self, summary: &Summary) -> Result<Option<Vec<u8>>, ExportError> {
        if summary.sensitivity.is_none() {
            return Ok(None);
        }
        csv_bytes(self.file_name(), csv_files::sensitivity_csv(summary))
    }
}

/// Name of the streamed per-trial file.
pub const TRIALS_FILE: &str = "trials.csv";
/// Name of the manifest, written last.
pub const MANIFEST_FILE: &str = "manifest.json";

/// Writes one result into a [`PendingDir`]: [`trial`](Self::trial) for each trial in order,
/// then [`write_tables`](Self::write_tables), then (after anything else, such as charts,
/// written through [`dir`](Self::dir)) [`write_manifest`](Self::write_manifest).
pub struct ResultWriter<'d> {
    dir: &'d mut PendingDir,
    trials: Option<TrialsWriter<BufWriter<File>>>,
}

impl<'d> ResultWriter<'d> {
    /// Start a result; with `trials_csv`, `trials.csv` is created with its header.
    ///
    /// # Errors
    /// When `trials.csv` cannot be created.
    pub fn create(
        dir: &'d mut PendingDir,
        variants: Vec<String>,
        trials_csv: bool,
    ) -> Result<Self, ExportError> {
        let trials = if trials_csv {
            let f = File::create(dir.path(TRIALS_FILE)).map_err(|source| ExportError::Io {
                file: TRIALS_FILE.into(),
                source,
            })?;
            Some(
                TrialsWriter::new(BufWriter::new(f), variants).map_err(|source| {
                    ExportError::Csv {
                        file: TRIALS_FILE.into(),
                        source,
                    }
                })?,
            )
        } else {
            None
        };
        Ok(ResultWriter { dir, trials })
    }

    /// Append one trial's outcomes (one per variant) to `trials.csv`, if it is written.
    ///
    /// # Errors
    /// On write failure.
    pub fn trial(&mut self, trial: u64, outs: &[TrialOutcome]) -> csv::Result<()> {
        match self.trials.as_mut() {
            Some(w) => w.write(trial, outs),
            None => Ok(()),
        }
    }

    /// Finish `trials.csv` and write every file of [`EXPORTERS`] that this result has.
    ///
    /// # Errors
    /// On write failure, naming the file.
    pub fn write_tables(&mut self, summary: &Summary) -> Result<(), ExportError> {
        if let Some(w) = self.trials.take() {
            w.finish().map_err(|source| ExportError::Csv {
                file: TRIALS_FILE.into(),
                source,
            })?;
        }
        for exporter in EXPORTERS {
            if let Some(bytes) = exporter.render(summary)? {
                let file = exporter.file_name();
                self.dir
                    .write(file, &bytes)
                    .map_err(|source| ExportError::Io {
                        file: file.into(),
                        source,
                    })?;
            }
        }
        Ok(())
    }

    /// The directory being written (to add files such as charts before the manifest).
    pub fn dir(&mut self) -> &mut PendingDir {
        self.dir
    }

    /// Write `manifest.json` last, listing every file written (itself included); its
    /// `complete: true` marks a finished result.
    ///
    /// # Errors
    /// On write failure.
    pub fn write_manifest(self, summary: &Summary, record: &RunRecord) -> Result<(), ExportError> {
        let mut files = self.dir.files().to_vec();
        files.push(MANIFEST_FILE.into());
        let manifest = Manifest::new(record, summary, files);
        let json = |source| ExportError::Json {
            file: MANIFEST_FILE.into(),
            source,
        };
        let mut m = serde_json::to_vec_pretty(&manifest).map_err(json)?;
        m.push(b'\n');
        self.dir
            .write(MANIFEST_FILE, &m)
            .map_err(|source| ExportError::Io {
                file: MANIFEST_FILE.into(),
                source,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_exporter_has_its_own_file() {
        let mut names: Vec<&str> = EXPORTERS.iter().map(|e| e.file_name()).collect();
        names.extend([TRIALS_FILE, MANIFEST_FILE]);
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n, "two formats write the same file");
    }
}
