//! Writing results: one small module per format, each turning the [`Summary`] (or per-trial
//! outcomes) into bytes; [`writer`] puts a whole result together (the same files for `run`
//! and `merge`), [`shard_files`] the files of a shard, and [`outdir`] is the one place that
//! puts files on disk.

pub mod csv_files;
pub mod manifest;
pub mod outdir;
pub mod shard_files;
pub mod table;
pub mod writer;
pub mod xlsx;
mod xlsx_sheets;

pub use writer::{EXPORTERS, ExportError, Exporter, ResultWriter};

use crate::results::Summary;

/// `summary.json`: pretty-printed, newline-terminated, deterministic.
///
/// # Errors
/// Only if serialisation fails (it does not for our types).
pub fn summary_json(summary: &Summary) -> serde_json::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(summary)?;
    bytes.push(b'\n');
    Ok(bytes)
}
