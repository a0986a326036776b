//! The CSV exports: `variants.csv`, `trials.csv` (streamed), `weekly.csv`,
//! `allocation.csv`, `sweep.csv` and `sensitivity.csv` (put together by
//! [`super::writer`]). Numbers are written in full precision; a missing value is an empty cell.

use std::io::Write;

use crate::metrics::{Change, M, METRICS};
use crate::model::TrialOutcome;
use crate::results::Summary;

fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

/// `variants.csv`: one row per variant and metric, with the paired change vs the baseline.
///
/// # Errors
/// On write failure.
pub fn variants_csv(s: &Summary) -> csv::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "variant",
        "baseline",
        "metric",
        "n",
        "mean",
        "sd",
        "se",
        "p05",
        "p50",
        "p95",
        "ci95_lo",
        "ci95_hi",
        "diff_mean",
        "diff_ci95_lo",
        "diff_ci95_hi",
        "diff_se",
        "diff_n",
        "diff_undefined",
        "world_p05",
        "world_p50",
        "world_p95",
        "worlds_undefined",
        "p_better",
        "p_equal",
        "p_worse",
    ])?;
    let change_cols = |d: Option<&crate::stats::ChangeEstimate>| -> [String; 13] {
        let Some(d) = d else {
            return Default::default();
        };
        [
            num(d.mean),
            num(d.ci95[0]),
            num(d.ci95[1]),
            num(d.se),
            d.n.to_string(),
            d.undefined.to_string(),
            num(d.p05),
            num(d.p50),
            num(d.p95),
            d.worlds_undefined.to_string(),
            d.p_better.map_or(String::new(), num),
            num(d.p_equal),
            d.p_worse.map_or(String::new(), num),
        ]
    };
    for v in &s.variants {
        for (name, e) in &v.metrics.0 {
            let mut row = vec![
                v.name.clone(),
                v.baseline.to_string(),
                name.clone(),
                e.n.to_string(),
                num(e.mean),
                num(e.sd),
                num(e.se),
                num(e.p05),
                num(e.p50),
                num(e.p95),
                num(e.ci95[0]),
                num(e.ci95[1]),
            ];
            row.extend(change_cols(v.vs_baseline.get(name)));
            w.write_record(&row)?;
        }
        for change in Change::ALL {
            if let Some(d) = v.vs_baseline.get(change.name()) {
                let mut row = vec![
                    v.name.clone(),
                    v.baseline.to_string(),
                    change.name().to_string(),
                    d.n.to_string(),
                ];
                row.extend(std::iter::repeat_n(String::new(), 8));
                row.extend(change_cols(Some(d)));
                w.write_record(&row)?;
            }
        }
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// Streams `trials.csv`: one row per trial and variant.
pub struct TrialsWriter<W: Write> {
    w: csv::Writer<W>,
    variants: Vec<String>,
}

impl<W: Write> TrialsWriter<W> {
    /// Start the file with its header.
    ///
    /// # Errors
    /// On write failure.
    pub fn new(inner: W, variants: Vec<String>) -> csv::Result<Self> {
        let mut w = csv::Writer::from_writer(inner);
        let mut header = vec!["trial".to_string(), "variant".to_string()];
        header.extend(METRICS.iter().map(|m| m.name.to_string()));
        w.write_record(&header)?;
        Ok(TrialsWriter { w, variants })
    }

    /// Write one trial's rows.
    ///
    /// # Errors
    /// On write failure.
    pub fn write(&mut self, trial: u64, outs: &[TrialOutcome]) -> csv::Result<()> {
        for (name, o) in self.variants.iter().zip(outs) {
            let mut row = Vec::with_capacity(2 + o.metrics.len());
            row.push(trial.to_string());
            row.push(name.clone());
            row.extend(o.metrics.iter().map(|&x| num(x)));
            self.w.write_record(&row)?;
        }
        Ok(())
    }

    /// Flush and finish.
    ///
    /// # Errors
    /// On write failure.
    pub fn finish(mut self) -> csv::Result<()> {
        self.w.flush()?;
        Ok(())
    }
}

/// `weekly.csv`: per variant and week, quantiles of weekly revenue, cumulative revenue and
/// open pipeline.
///
/// # Errors
/// On write failure.
pub fn weekly_csv(s: &Summary) -> csv::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["variant".to_string(), "week".to_string()];
    for series in ["revenue", "cumulative_revenue", "pipeline"] {
        for q in ["mean", "p05", "p50", "p95"] {
            header.push(format!("{series}_{q}"));
        }
    }
    w.write_record(&header)?;
    for v in &s.variants {
        let bands = [
            &v.weekly.revenue,
            &v.weekly.cumulative_revenue,
            &v.weekly.pipeline,
        ];
        for week in 0..s.horizon_weeks as usize {
            let mut row = vec![v.name.clone(), week.to_string()];
            for b in bands {
                for series in [&b.mean, &b.p05, &b.p50, &b.p95] {
                    row.push(num(series.get(week).copied().unwrap_or(f64::NAN)));
                }
            }
            w.write_record(&row)?;
        }
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// `allocation.csv`: mean selling hours per rep-week per activity, per variant and motion.
///
/// # Errors
/// On write failure.
pub fn allocation_csv(s: &Summary) -> csv::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["variant", "motion", "activity", "hours_per_week", "share"])?;
    for v in &s.variants {
        for (motion, acts) in &v.allocation.0 {
            let total: f64 = acts.0.iter().map(|(_, h)| h).sum();
            for (a, h) in &acts.0 {
                w.write_record([
                    v.name.clone(),
                    motion.clone(),
                    a.clone(),
                    num(*h),
                    num(if total > 0.0 { h / total } else { f64::NAN }),
                ])?;
            }
        }
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// `sweep.csv`: one row per sweep point: the swept values, then for each headline metric its
/// mean and 95 % interval, and the change vs the baseline with interval and `p_better`.
///
/// # Errors
/// On write failure.
pub fn sweep_csv(s: &Summary) -> csv::Result<Vec<u8>> {
    const HEADLINE: [M; 8] = [
        M::Revenue,
        M::OperatingMarginPct,
        M::OperatingProfit,
        M::DealsWon,
        M::WinRate,
        M::AvgDiscountPct,
        M::Attrition,
        M::SalesCostPct,
    ];
    let mut w = csv::Writer::from_writer(Vec::new());
    let Some(sweep) = &s.sweep else {
        return w.into_inner().map_err(|e| csv::Error::from(e.into_error()));
    };
    let mut header = vec!["point".to_string(), "variant".to_string()];
    header.extend(sweep.parameters.iter().cloned());
    for change in Change::ALL {
        for q in ["mean", "ci95_lo", "ci95_hi", "p_better"] {
            header.push(format!("{}_{q}", change.name()));
        }
    }
    for m in HEADLINE {
        for q in [
            "mean",
            "ci95_lo",
            "ci95_hi",
            "diff_mean",
            "diff_ci95_lo",
            "diff_ci95_hi",
            "p_better",
        ] {
            header.push(format!("{}_{q}", m.name()));
        }
    }
    if s.threshold.is_some() {
        header.push("p_threshold".into());
    }
    w.write_record(&header)?;
    for (k, p) in sweep.points.iter().enumerate() {
        let Some(v) = s.variant(&p.variant) else {
            continue;
        };
        let mut row = vec![(k + 1).to_string(), v.name.clone()];
        row.extend(p.values.iter().map(|x| num(*x)));
        for change in Change::ALL {
            match v.vs_baseline.get(change.name()) {
                Some(d) => row.extend([
                    num(d.mean),
                    num(d.ci95[0]),
                    num(d.ci95[1]),
                    d.p_better.map_or(String::new(), num),
                ]),
                None => row.extend(std::iter::repeat_n(String::new(), 4)),
            }
        }
        for m in HEADLINE {
            let e = v.metrics.get(m.name());
            let d = v.vs_baseline.get(m.name());
            row.extend([
                e.map_or(String::new(), |e| num(e.mean)),
                e.map_or(String::new(), |e| num(e.ci95[0])),
                e.map_or(String::new(), |e| num(e.ci95[1])),
                d.map_or(String::new(), |d| num(d.mean)),
                d.map_or(String::new(), |d| num(d.ci95[0])),
                d.map_or(String::new(), |d| num(d.ci95[1])),
                d.and_then(|d| d.p_better).map_or(String::new(), num),
            ]);
        }
        if s.threshold.is_some() {
            row.push(v.p_threshold.map_or(String::new(), num));
        }
        w.write_record(&row)?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// `sensitivity.csv`: one row per uncertain input, largest swing first.
///
/// # Errors
/// On write failure.
pub fn sensitivity_csv(s: &Summary) -> csv::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "output",
        "variant",
        "parameter",
        "low_p10",
        "high_p90",
        "output_at_low",
        "output_at_high",
        "output_at_medians",
        "swing",
        "spearman",
    ])?;
    if let Some(sens) = &s.sensitivity {
        for i in &sens.inputs {
            w.write_record([
                sens.output.clone(),
                sens.variant.clone(),
                i.parameter.clone(),
                num(i.low),
                num(i.high),
                num(i.output_low),
                num(i.output_high),
                num(sens.base_value),
                num(i.swing),
                num(i.spearman),
            ])?;
        }
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
