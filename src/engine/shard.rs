//! Sharded runs: a shard simulates a contiguous range of trial indices (which depends only
//! on K and N) and stores every trial's outcomes; merging replays all shards' outcomes in
//! trial order through the same [`Reducer`](super::run::Reducer), so the merged
//! `summary.json` is byte-identical to a single-machine run with the same seed and trials.

use std::io::{self, BufReader, BufWriter, Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::metrics::N_METRICS;
use crate::model::TrialOutcome;
use crate::scenario::params::N_ACT;

/// Schema of `shard.json`.
pub const SHARD_SCHEMA: &str = "spmsim.shard/1";
/// First bytes of `outcomes.bin`.
const MAGIC: &[u8; 8] = b"SPMSHRD1";

/// Shard K of N (1-based K).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShardId {
    /// This shard, 1..=n.
    pub k: u64,
    /// Number of shards.
    pub n: u64,
}

impl ShardId {
    /// Parse `K/N` (1 <= K <= N), or `auto` from the environment of a Slurm job array
    /// (`SLURM_ARRAY_TASK_ID`, `SLURM_ARRAY_TASK_MIN`, `SLURM_ARRAY_TASK_COUNT`) or a
    /// Kubernetes Indexed Job (`JOB_COMPLETION_INDEX` with `SPMSIM_SHARDS`).
    ///
    /// # Errors
    /// A message saying what is wrong with the text or the environment.
    pub fn parse(text: &str, env: impl Fn(&str) -> Option<String>) -> Result<ShardId, String> {
        if text == "auto" {
            return Self::from_env(env);
        }
        let (k, n) = text
            .split_once('/')
            .ok_or_else(|| format!("`{text}` is not K/N (e.g. 2/8) or auto"))?;
        let k: u64 = k
            .trim()
            .parse()
            .map_err(|_| format!("`{k}` is not a shard number"))?;
        let n: u64 = n
            .trim()
            .parse()
            .map_err(|_| format!("`{n}` is not a shard count"))?;
        if n == 0 || k == 0 || k > n {
            return Err(format!("shard {k}/{n}: need 1 <= K <= N"));
        }
        Ok(ShardId { k, n })
    }

    fn from_env(env: impl Fn(&str) -> Option<String>) -> Result<ShardId, String> {
        let num = |name: &str| -> Result<Option<u64>, String> {
            match env(name) {
                None => Ok(None),
                Some(v) => v
                    .trim()
                    .parse()
                    .map(Some)
                    .map_err(|_| format!("{name}={v} is not a whole number")),
            }
        };
        if let Some(id) = num("SLURM_ARRAY_TASK_ID")? {
            let count = num("SLURM_ARRAY_TASK_COUNT")?
                .ok_or("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not")?;
            let min = num("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            let k = id
                .checked_sub(min)
                .ok_or("SLURM_ARRAY_TASK_ID is below SLURM_ARRAY_TASK_MIN")?
                + 1;
            if k > count {
                return Err(format!(
                    "array task {id} (min {min}) is beyond SLURM_ARRAY_TASK_COUNT={count}: use a contiguous --array range"
                ));
            }
            return Ok(ShardId { k, n: count });
        }
        if let Some(index) = num("JOB_COMPLETION_INDEX")? {
            let n = num("SPMSIM_SHARDS")?.ok_or(
                "JOB_COMPLETION_INDEX is set but SPMSIM_SHARDS (the job's completions) is not",
            )?;
            if index >= n {
                return Err(format!(
                    "JOB_COMPLETION_INDEX={index} is not below SPMSIM_SHARDS={n}"
                ));
            }
            return Ok(ShardId { k: index + 1, n });
        }
        Err("--shard auto needs SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (Slurm job array) or JOB_COMPLETION_INDEX and SPMSIM_SHARDS (Kubernetes Indexed Job)".into())
    }

    /// The trial indices of this shard among `trials`: a contiguous range.
    pub fn range(self, trials: u64) -> Range<u64> {
        let cut = |k: u64| ((k as u128 * trials as u128) / self.n as u128) as u64;
        cut(self.k - 1)..cut(self.k)
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
                Ok(TrialOutcome {
                    metrics,
                    weekly_revenue,
                    weekly_pipeline,
                    hours,
                    rep_weeks: [rw[0], rw[1]],
                    discount_by_week: d.chunks_exact(2).map(|c| (c[0], c[1])).collect(),
                })
            })
            .collect()
    }
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
/// A message naming the directory and what is wrong.
pub fn read_shard(dir: &Path) -> Result<ShardDir, String> {
    let d = dir.display();
    if !dir.is_dir() {
        return Err(format!("{d}: not a directory"));
    }
    let mpath = dir.join("shard.json");
    let text = std::fs::read_to_string(&mpath)
        .map_err(|e| format!("{d}: not a shard result (cannot read shard.json: {e})"))?;
    let manifest: ShardManifest = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not a valid shard manifest: {e}", mpath.display()))?;
    if manifest.schema != SHARD_SCHEMA {
        return Err(format!(
            "{}: schema `{}`, expected `{SHARD_SCHEMA}`",
            mpath.display(),
            manifest.schema
        ));
    }
    if !manifest.complete {
        return Err(format!("{d}: the shard did not finish"));
    }
    let scenario_text = std::fs::read_to_string(dir.join("scenario.toml"))
        .map_err(|e| format!("{d}: cannot read scenario.toml: {e}"))?;
    if crate::scenario::load::hex_sha256(scenario_text.as_bytes()) != manifest.scenario_sha256 {
        return Err(format!(
            "{d}: scenario.toml does not match the manifest's SHA-256"
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
/// One message listing every inconsistency.
pub fn check_set(mut shards: Vec<ShardDir>) -> Result<Vec<ShardDir>, String> {
    let Some(first) = shards.first().cloned() else {
        return Err("no shard directories given".into());
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
        return Err(problems.join("\n"));
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
        Err(problems.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_tile_the_trials() {
        for (trials, n) in [(10u64, 3u64), (1000, 7), (5, 8), (1, 1)] {
            let mut next = 0;
            for k in 1..=n {
                let r = ShardId { k, n }.range(trials);
                assert_eq!(r.start, next);
                next = r.end;
            }
            assert_eq!(next, trials);
        }
    }

    #[test]
    fn shard_ids_parse_from_text_and_environment() {
        let none = |_: &str| None;
        assert_eq!(ShardId::parse("2/8", none), Ok(ShardId { k: 2, n: 8 }));
        assert!(ShardId::parse("0/8", none).is_err());
        assert!(ShardId::parse("9/8", none).is_err());
        assert!(ShardId::parse("auto", none).is_err());
        let slurm = |k: &str| match k {
            "SLURM_ARRAY_TASK_ID" => Some("3".to_string()),
            "SLURM_ARRAY_TASK_MIN" => Some("1".to_string()),
            "SLURM_ARRAY_TASK_COUNT" => Some("4".to_string()),
            _ => None,
        };
        assert_eq!(ShardId::parse("auto", slurm), Ok(ShardId { k: 3, n: 4 }));
        let k8s = |k: &str| match k {
            "JOB_COMPLETION_INDEX" => Some("0".to_string()),
            "SPMSIM_SHARDS" => Some("5".to_string()),
            _ => None,
        };
        assert_eq!(ShardId::parse("auto", k8s), Ok(ShardId { k: 1, n: 5 }));
    }
}
