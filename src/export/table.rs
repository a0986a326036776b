//! The readable table printed on stdout after a run.

use std::fmt::Write;

use super::format::{fixed, money, signed};
use crate::results::Summary;

/// Each variant's revenue and operating margin, and its change vs the baseline with the
/// 95 % interval of the paired difference.
pub fn render(s: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} trials, {} weeks after a {}-week burn-in, seed {}",
        s.experiment, s.trials, s.horizon_weeks, s.burn_in_weeks, s.seed
    );
    let _ = writeln!(
        out,
        "{:<18} {:>14} {:>10}   {:>24}   {:>24}   {:>9}",
        "variant", "revenue", "op.margin", "revenue vs baseline", "margin vs baseline", "P(rev up)"
    );
    for v in &s.variants {
        let rev = v.metrics.get("revenue").map_or(f64::NAN, |e| e.mean);
        let om = v
            .metrics
            .get("operating_margin_pct")
            .map_or(f64::NAN, |e| e.mean);
        let (dr, dm, pb) = if v.baseline {
            ("(baseline)".to_string(), String::new(), String::new())
        } else {
            let r = v.vs_baseline.get("revenue_pct");
            let m = v.vs_baseline.get("operating_margin_pp");
            (
                r.map_or("n/a".into(), |e| {
                    format!(
                        "{}% [{}, {}]",
                        signed(e.mean, 1),
                        signed(e.ci95[0], 1),
                        signed(e.ci95[1], 1)
                    )
                }),
                m.map_or("n/a".into(), |e| {
                    format!(
                        "{} pp [{}, {}]",
                        signed(e.mean, 1),
                        signed(e.ci95[0], 1),
                        signed(e.ci95[1], 1)
                    )
                }),
                r.and_then(|e| e.p_better)
                    .map_or("n/a".into(), |p| format!("{:.0}%", 100.0 * p)),
            )
        };
        let _ = writeln!(
            out,
            "{:<18} {:>14} {:>9}%   {:>24}   {:>24}   {:>9}",
            v.name,
            money(rev, &s.currency),
            fixed(om, 1),
            dr,
            dm,
            pb
        );
    }
    out
}
