//! `manifest.json`: how a result was made (version, command, host, timing). Everything that
//! may differ between two runs of the same experiment lives here, never in `summary.json`.

use serde::Serialize;

/// Schema identifier of the manifest.
pub const MANIFEST_SCHEMA: &str = "spmsim.manifest/1";

/// The manifest of one run.
#[derive(Clone, Debug, Serialize)]
pub struct Manifest {
    /// Always [`MANIFEST_SCHEMA`].
    pub schema: &'static str,
    /// spmsim version.
    pub spmsim_version: &'static str,
    /// Scenario source (path, or `<built-in default>`).
    pub scenario: String,
    /// SHA-256 of the scenario text.
    pub scenario_sha256: String,
    /// Master seed.
    pub seed: u64,
    /// Trials run.
    pub trials: u64,
    /// The precision target that decided the number of trials, if any.
    pub precision: Option<String>,
    /// Worker threads.
    pub threads: usize,
    /// Wall time in seconds.
    pub wall_seconds: f64,
    /// Trials per second.
    pub trials_per_second: f64,
    /// Host name, when known.
    pub host: String,
    /// Operating system and architecture.
    pub platform: String,
    /// The command line.
    pub command: Vec<String>,
    /// Start time, seconds since the Unix epoch.
    pub started_unix: u64,
    /// Files written, relative to the result directory.
    pub files: Vec<String>,
    /// True only once every file is written; a directory without it is not a result.
    pub complete: bool,
}

/// The host name, best effort.
pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|s| s.trim().to_string())
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_else(|_| "unknown".into())
}
