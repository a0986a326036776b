//! `manifest.json`: how a result was made (version, command, host, timing). Everything that
//! may differ between two runs of the same experiment lives here, never in `summary.json`.

use std::time::Instant;

use serde::Serialize;

use crate::results::Summary;
use crate::scenario::Scenario;

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
    /// The language the scenario's `[report] lang` asks for; `spmsim report` and `spmsim
    /// plot` write in it when `--lang` is not given. Absent when the scenario names none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<crate::lang::Lang>,
}

/// How a result was made, beyond its summary: what goes into the [`Manifest`].
#[derive(Clone, Debug)]
pub struct RunRecord<'a> {
    /// The scenario run (after command-line overrides).
    pub scenario: &'a Scenario,
    /// Worker threads.
    pub threads: usize,
    /// When the command started.
    pub started: Instant,
    /// The precision target (`METRIC=HALF_WIDTH`) that decided the number of trials, if any.
    pub precision: Option<String>,
}

impl Manifest {
    /// The manifest of a finished result with `files` written; timing is read now.
    pub fn new(record: &RunRecord, summary: &Summary, files: Vec<String>) -> Self {
        let wall = record.started.elapsed().as_secs_f64();
        Manifest {
            schema: MANIFEST_SCHEMA,
            spmsim_version: env!("CARGO_PKG_VERSION"),
            scenario: record.scenario.source.clone(),
            scenario_sha256: record.scenario.sha256.clone(),
            seed: record.scenario.run.seed,
            trials: summary.trials,
            precision: record.precision.clone(),
            threads: record.threads,
            wall_seconds: wall,
            trials_per_second: summary.trials as f64 / wall.max(1e-9),
            host: host_name(),
            platform: format!("{}-{}", std::env::consts::OS, std::env::consts::ARCH),
            command: std::env::args().collect(),
            started_unix: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
                .saturating_sub(wall as u64),
            files,
            complete: true,
            lang: record.scenario.design.lang,
        }
    }
}

/// The host name, best effort.
pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|s| s.trim().to_string())
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_else(|_| "unknown".into())
}
