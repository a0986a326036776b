//! The files of a shard (`spmsim run --shard K/N`): `shard.json` (what the shard holds and
//! where it came from), `scenario.toml` (the scenario text it ran) and `outcomes.bin` (every
//! trial's outcomes, bit-exact), written here and read back by `spmsim merge`.

use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::engine::shard::ShardId;
use crate::metrics::N_METRICS;
use crate::model::TrialOutcome;
use crate::model::outcome::TEAM_FIELDS;
use crate::scenario::params::N_ACT;

use super::outdir::PendingDir;

/// Schema of `shard.json`.
pub const SHARD_SCHEMA: &str = "spmsim.shard/1";
/// First bytes of `outcomes.bin`.
const MAGIC: &[u8; 8] = b"SPMSHRD2";
/// Name of the outcome file in a shard directory.
pub const OUTCOMES_FILE: &str = "outcomes.bin";

/// Why shard directories cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum ShardError {
    /// One file or directory of a shard is missing or wrong.
    #[error("{}: {message}", path.display())]
    File {
        /// The file or directory.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// The shards do not belong together or do not form a complete set (one problem a line).
    #[error("{}", problems.join("\n"))]
    Set {
        /// Every inconsistency found.
        problems: Vec<String>,
    },
}

fn file_error(path: &Path, message: String) -> ShardError {
    ShardError::File {
        path: path.to_path_buf(),
        message,
    }
}

/// `shard.json`: what a shard holds and where it came from.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ShardManifest {
    /// Always [`SHARD_SCHEMA`].
    pub schema: String,
    /// spmsim version that simulated the shard.
    pub spmsim_version: String,
    /// Where the scenario came from.
    pub scenario_source: String,
    /// SHA-256 of the scenario text (also stored as `scenario.toml` beside this file).
    pub scenario_sha256: String,
    /// Master seed (after command-line overrides).
    pub seed: u64,
    /// Trials of the whole run (after command-line overrides).
    pub trials: u64,
    /// Number of shards.
    pub shards: u64,
    /// This shard, 1-based.
    pub shard: u64,
    /// First trial index in this shard.
    pub first_trial: u64,
    /// One past the last trial index.
    pub end_trial: u64,
    /// Auto-target bases per team from the pilot (identical in every shard).
    pub targets: Vec<Vec<f64>>,
    /// Variant names, in order.
    pub variants: Vec<String>,
    /// True once `outcomes.bin` is complete.
    pub complete: bool,
}

fn put(w: &mut impl Write, xs: &[f64]) -> io::Result<()> {
    for x in xs {
        w.write_all(&x.to_le_bytes())?;
    }
    Ok(())
}

fn get(r: &mut impl Read, n: usize) -> io::Result<Vec<f64>> {
    let mut buf = vec![0u8; 8 * n];
    r.read_exact(&mut buf)?;
    Ok(buf
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
        .collect())
}

/// Writes `outcomes.bin`: every trial's outcomes, bit-exact.
pub struct OutcomeWriter {
    w: BufWriter<std::fs::File>,
}

impl OutcomeWriter {
    /// Create the file.
    ///
    /// # Errors
    /// On I/O failure.
    pub fn create(path: &Path) -> io::Result<Self> {
        let mut w = BufWriter::new(std::fs::File::create(path)?);
        w.write_all(MAGIC)?;
        Ok(OutcomeWriter { w })
    }

    /// Append one trial's outcomes (one per variant).
    ///
    /// # Errors
    /// On I/O failure.
    pub fn write(&mut self, outs: &[TrialOutcome]) -> io::Result<()> {
        for o in outs {
            put(&mut self.w, &o.metrics)?;
            put(&mut self.w, &o.weekly_revenue)?;
            put(&mut self.w, &o.weekly_pipeline)?;
            for m in &o.hours {
                put(&mut self.w, m)?;
            }
            put(&mut self.w, &o.rep_weeks)?;
            for (a, b) in &o.discount_by_week {
                put(&mut self.w, &[*a, *b])?;
            }
            // The number of teams first, so the reader needs no scenario to size the rows.
            put(&mut self.w, &[o.teams.len() as f64])?;
            for t in &o.teams {
                put(&mut self.w, t)?;
            }
        }
        Ok(())
    }

    /// Flush to disk.
    ///
    /// # Errors
    /// On I/O failure.
    pub fn finish(mut self) -> io::Result<()> {
        self.w.flush()?;
        self.w.get_ref().sync_all()
    }
}

/// Reads `outcomes.bin` back, trial by trial.
pub struct OutcomeReader {
    r: BufReader<std::fs::File>,
    variants: usize,
    horizon: usize,
    period: usize,
}

impl OutcomeReader {
    /// Open the file of a shard with `variants` variants, `horizon` weeks and `period` weeks.
    ///
    /// # Errors
    /// On I/O failure or a file that is not an outcome file.
    pub fn open(path: &Path, variants: usize, horizon: usize, period: usize) -> io::Result<Self> {
        let mut r = BufReader::new(std::fs::File::open(path)?);
        let mut magic = [0u8; 8];
        r.read_exact(&mut magic)?;
        if &magic != MAGIC {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "not an spmsim outcome file",
            ));
        }
        Ok(OutcomeReader {
            r,
            variants,
            horizon,
            period,
        })
    }

    /// The next trial's outcomes.
    ///
    /// # Errors
    /// On I/O failure or a truncated file.
    pub fn next_trial(&mut self) -> io::Result<Vec<TrialOutcome>> {
        (0..self.variants)
            .map(|_| {
                let m = get(&mut self.r, N_METRICS)?;
                let mut metrics = [0.0; N_METRICS];
                metrics.copy_from_slice(&m);
                let weekly_revenue = get(&mut self.r, self.horizon)?;
                let weekly_pipeline = get(&mut self.r, self.horizon)?;
                let mut hours = [[0.0; N_ACT]; 2];
                for h in &mut hours {
                    h.copy_from_slice(&get(&mut self.r, N_ACT)?);
                }
                let rw = get(&mut self.r, 2)?;
                let d = get(&mut self.r, 2 * self.period)?;
                let n_teams = get(&mut self.r, 1)?[0];
                if !(0.0..=1e6).contains(&n_teams) || n_teams.fract() != 0.0 {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "not an spmsim outcome file (bad team count)",
                    ));
                }
                let t = get(&mut self.r, TEAM_FIELDS * n_teams as usize)?;
                Ok(TrialOutcome {
                    metrics,
                    weekly_revenue,
                    weekly_pipeline,
                    hours,
                    rep_weeks: [rw[0], rw[1]],
                    discount_by_week: d.chunks_exact(2).map(|c| (c[0], c[1])).collect(),
                    teams: t
                        .chunks_exact(TEAM_FIELDS)
                        .map(|c| {
                            let mut row = [0.0; TEAM_FIELDS];
                            row.copy_from_slice(c);
                            row
                        })
                        .collect(),
                })
            })
            .collect()
    }
}

/// Write the small files of a finished shard: `scenario.toml` (the exact text it ran) and,
/// last, `shard.json` (whose `complete: true` marks a finished shard).
///
/// # Errors
/// On I/O failure.
pub fn write_shard_files(
    dir: &mut PendingDir,
    scenario_text: &str,
    manifest: &ShardManifest,
) -> io::Result<()> {
    dir.write("scenario.toml", scenario_text.as_bytes())?;
    let mut m = serde_json::to_vec_pretty(manifest).map_err(io::Error::other)?;
    m.push(b'\n');
    dir.write("shard.json", &m)
}

/// A shard directory read back: its manifest and where its files are.
#[derive(Clone, Debug)]
pub struct ShardDir {
    /// The directory.
    pub dir: PathBuf,
    /// Its manifest.
    pub manifest: ShardManifest,
    /// The scenario text it was run from.
    pub scenario_text: String,
}

/// Read and check one shard directory.
///
/// # Errors
/// [`ShardError::File`] naming the directory or file and what is wrong.
pub fn read_shard(dir: &Path) -> Result<ShardDir, ShardError> {
    if !dir.is_dir() {
        return Err(file_error(dir, "not a directory".into()));
    }
    let mpath = dir.join("shard.json");
    let text = std::fs::read_to_string(&mpath).map_err(|e| {
        file_error(
            dir,
            format!("not a shard result (cannot read shard.json: {e})"),
        )
    })?;
    let manifest: ShardManifest = serde_json::from_str(&text)
        .map_err(|e| file_error(&mpath, format!("not a valid shard manifest: {e}")))?;
    if manifest.schema != SHARD_SCHEMA {
        return Err(file_error(
            &mpath,
            format!("schema `{}`, expected `{SHARD_SCHEMA}`", manifest.schema),
        ));
    }
    if !manifest.complete {
        return Err(file_error(dir, "the shard did not finish".into()));
    }
    let scenario_text = std::fs::read_to_string(dir.join("scenario.toml"))
        .map_err(|e| file_error(dir, format!("cannot read scenario.toml: {e}")))?;
    if !crate::scenario::load::text_matches_sha256(&scenario_text, &manifest.scenario_sha256) {
        return Err(file_error(
            dir,
            "scenario.toml does not match the manifest's SHA-256".into(),
        ));
    }
    Ok(ShardDir {
        dir: dir.to_path_buf(),
        manifest,
        scenario_text,
    })
}

/// Check that shards belong together and form a complete set; returns them ordered by K.
///
/// # Errors
/// [`ShardError::Set`] listing every inconsistency.
pub fn check_set(mut shards: Vec<ShardDir>) -> Result<Vec<ShardDir>, ShardError> {
    let Some(first) = shards.first().cloned() else {
        return Err(ShardError::Set {
            problems: vec!["no shard directories given".into()],
        });
    };
    let f = &first.manifest;
    let mut problems = Vec::new();
    for s in &shards[1..] {
        let m = &s.manifest;
        let d = s.dir.display();
        let f_dir = first.dir.display();
        for (what, a, b) in [
            ("scenario", &m.scenario_sha256, &f.scenario_sha256),
            ("spmsim version", &m.spmsim_version, &f.spmsim_version),
        ] {
            if a != b {
                problems.push(format!("{d}: different {what} than {f_dir} ({a} vs {b})"));
            }
        }
        for (what, a, b) in [
            ("seed", m.seed, f.seed),
            ("trial count", m.trials, f.trials),
            ("number of shards N", m.shards, f.shards),
        ] {
            if a != b {
                problems.push(format!("{d}: different {what} than {f_dir} ({a} vs {b})"));
            }
        }
        if m.targets != f.targets {
            problems.push(format!("{d}: different pilot targets than {f_dir}"));
        }
    }
    if !problems.is_empty() {
        return Err(ShardError::Set { problems });
    }
    shards.sort_by_key(|s| s.manifest.shard);
    let n = f.shards;
    for w in shards.windows(2) {
        if w[0].manifest.shard == w[1].manifest.shard {
            problems.push(format!(
                "shard {}/{n} is given twice: {} and {}",
                w[0].manifest.shard,
                w[0].dir.display(),
                w[1].dir.display()
            ));
        }
    }
    let missing: Vec<String> = (1..=n)
        .filter(|k| !shards.iter().any(|s| s.manifest.shard == *k))
        .map(|k| format!("{k}/{n}"))
        .collect();
    if !missing.is_empty() {
        problems.push(format!("missing shards: {}", missing.join(", ")));
    }
    for s in &shards {
        let id = ShardId {
            k: s.manifest.shard,
            n,
        };
        let r = id.range(s.manifest.trials);
        if r.start != s.manifest.first_trial || r.end != s.manifest.end_trial {
            problems.push(format!(
                "{}: trial range does not match shard {}/{n}",
                s.dir.display(),
                id.k
            ));
        }
    }
    if problems.is_empty() {
        Ok(shards)
    } else {
        Err(ShardError::Set { problems })
    }
}
