//! Per-trial values from `trials.csv`, for charts that show real distributions (densities)
//! instead of the summary's quantiles. Parsing only; the caller opens the file.

use std::io::Read;

use crate::metrics::M;
use crate::results::Summary;

/// The metrics whose per-trial values are kept.
pub const SAMPLED: [M; 4] = [
    M::Revenue,
    M::OperatingMarginPct,
    M::ShareAtTarget,
    M::PayCv,
];

/// Trials read per variant at most: plenty for a density, bounded memory for huge runs.
pub const MAX_TRIALS: u64 = 20_000;

/// Per-trial values of revenue, operating margin, share at target and pay spread, per
/// variant of a summary.
#[derive(Clone, Debug, Default)]
pub struct TrialSamples {
    /// Per variant (in summary order), per sampled metric, the finite values.
    values: Vec<[Vec<f64>; SAMPLED.len()]>,
    names: Vec<String>,
}

/// Why `trials.csv` was not used.
#[derive(Debug)]
pub struct SamplesError(pub String);

impl std::fmt::Display for SamplesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "trials.csv cannot be used: {}", self.0)
    }
}

impl std::error::Error for SamplesError {}

impl TrialSamples {
    /// Read `trials.csv` text (columns `trial`, `variant` and the metrics). Rows of variants
    /// the summary does not name are an error (the file belongs to another run).
    ///
    /// # Errors
    /// A malformed file, missing columns, or variants that do not match the summary.
    pub fn from_csv<R: Read>(reader: R, summary: &Summary) -> Result<Self, SamplesError> {
        let err = |e: csv::Error| SamplesError(e.to_string());
        let mut r = csv::Reader::from_reader(reader);
        let headers = r.headers().map_err(err)?.clone();
        let col = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| SamplesError(format!("no column `{name}`")))
        };
        let trial_col = col("trial")?;
        let variant_col = col("variant")?;
        let metric_cols = SAMPLED
            .iter()
            .map(|m| col(m.name()))
            .collect::<Result<Vec<_>, _>>()?;
        let names: Vec<String> = summary.variants.iter().map(|v| v.name.clone()).collect();
        let mut values: Vec<[Vec<f64>; SAMPLED.len()]> =
            names.iter().map(|_| Default::default()).collect();
        let mut record = csv::StringRecord::new();
        let mut rows = 0u64;
        while r.read_record(&mut record).map_err(err)? {
            let trial: u64 = record
                .get(trial_col)
                .and_then(|t| t.parse().ok())
                .ok_or_else(|| SamplesError("a row without a trial number".into()))?;
            if trial >= MAX_TRIALS {
                break;
            }
            let name = record.get(variant_col).unwrap_or_default();
            let Some(v) = names.iter().position(|n| n == name) else {
                return Err(SamplesError(format!(
                    "variant `{name}` is not in the summary"
                )));
            };
            for (k, &c) in metric_cols.iter().enumerate() {
                if let Some(x) = record.get(c).and_then(|s| s.parse::<f64>().ok())
                    && x.is_finite()
                {
                    values[v][k].push(x);
                }
            }
            rows += 1;
        }
        if rows == 0 {
            return Err(SamplesError("no rows".into()));
        }
        Ok(TrialSamples { values, names })
    }

    /// The values of `metric` (`revenue`, `operating_margin_pct`, `share_at_target` or
    /// `pay_spread_cv`) for the variant named `variant`.
    pub fn values(&self, variant: &str, metric: M) -> Option<&[f64]> {
        let v = self.names.iter().position(|n| n == variant)?;
        let k = SAMPLED.iter().position(|m| *m == metric)?;
        Some(&self.values[v][k])
    }
}
