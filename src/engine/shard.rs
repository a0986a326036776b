//! Sharded runs: a shard simulates a contiguous range of trial indices (which depends only
//! on K and N). The files a shard writes and `spmsim merge` reads back live in
//! [`crate::export::shard_files`]; merging replays all shards' outcomes in trial order through
//! the same [`Reducer`](super::run::Reducer), so the merged `summary.json` is byte-identical
//! to a single-machine run with the same seed and trials.

use std::ops::Range;

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
