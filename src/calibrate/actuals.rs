//! Last year's figures (`--actuals`) and how the calibration matches them: headcount scales
//! the teams, base pay sets the pay per rep, gross margin moves each motion's `gross_margin`,
//! operating margin moves the overhead per rep (docs/calibration.md section 3).

use serde::Deserialize;

use crate::metrics::M;
use crate::scenario::params::{GlobalParams, MotionParams};
use crate::scenario::{Motion, ParamValue, Scenario};

use super::fit;

/// Last year's figures (`--actuals`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actuals {
    /// Revenue of the year.
    pub revenue: Option<f64>,
    /// Gross margin, a share (0.4) or percent (40).
    pub gross_margin: Option<f64>,
    /// Operating margin, a share or percent.
    pub operating_margin: Option<f64>,
    /// Sales reps (headcount).
    pub headcount: Option<f64>,
    /// Total yearly base pay of the sales reps (fully loaded).
    pub base_pay: Option<f64>,
    /// Other yearly costs of the sales unit (overhead), used when no operating margin is
    /// given.
    pub other_sales_costs: Option<f64>,
}

/// A margin given as a share (0.35) or in percent (35) as a share.
pub fn share(x: f64) -> f64 {
    if x.abs() > 1.0 { x / 100.0 } else { x }
}

/// Yearly means over the fit's trials of revenue, gross margin and operating profit.
pub fn economics(s: &Scenario, trials: u64) -> (f64, f64, f64) {
    let (rec, _) = fit::simulate(s, trials);
    let per_year = 52.0 / f64::from(s.run.horizon_weeks.max(1));
    let n = rec.len().max(1) as f64;
    let mean = |m: M| {
        rec.iter()
            .map(|t| t.outcome.metrics[m as usize])
            .sum::<f64>()
            / n
            * per_year
    };
    (
        mean(M::Revenue),
        mean(M::GrossMargin),
        mean(M::OperatingProfit),
    )
}

/// Match the economics of the actuals: gross margin through each motion's `gross_margin`,
/// operating margin through the overhead per rep (or the other sales costs as overhead);
/// revenue is what the fitted volumes and values give, reported with its residual.
pub fn match_actuals(s: &mut Scenario, a: &Actuals, trials: u64) -> Vec<String> {
    let mut lines = Vec::new();
    if a.gross_margin.is_none()
        && a.operating_margin.is_none()
        && a.revenue.is_none()
        && a.other_sales_costs.is_none()
    {
        return lines;
    }
    let gm_i = MotionParams::index_of("gross_margin").unwrap_or(0);
    let oh_i = GlobalParams::index_of("overhead_per_rep_year").unwrap_or(0);
    let seats: f64 = s
        .teams
        .iter()
        .map(|t| f64::from(t.reps))
        .sum::<f64>()
        .max(1.0);
    if let Some(cost) = a.other_sales_costs
        && a.operating_margin.is_none()
    {
        s.params.global[oh_i] = ParamValue::Fixed((cost / seats).max(0.0));
        lines.push(format!(
            "other sales costs {cost:.0} a year as overhead: {:.0} per rep",
            cost / seats
        ));
    }
    if let Some(target) = a.gross_margin.map(share) {
        let (rev, gm, _) = economics(s, trials);
        if rev > 0.0 {
            let gap = target - gm / rev;
            for m in Motion::ALL {
                let v = s.params.motion[m.index()][gm_i].nominal();
                s.params.motion[m.index()][gm_i] = ParamValue::Fixed((v + gap).clamp(0.0, 1.0));
            }
        }
    }
    if let Some(target) = a.operating_margin.map(share) {
        let (rev, _, op) = economics(s, trials);
        let oh = s.params.global[oh_i].nominal();
        let new = (oh + (op - target * rev) / seats).max(0.0);
        s.params.global[oh_i] = ParamValue::Fixed(new);
    }
    let (rev, gm, op) = economics(s, trials);
    let pct = |x: f64| format!("{:.1} %", 100.0 * x);
    if let Some(r) = a.revenue {
        lines.push(format!(
            "actuals: revenue {r:.0}, simulated {rev:.0} a year ({:+.1} %; revenue follows from the export's volumes and deal values and is not forced)",
            100.0 * (rev - r) / r
        ));
    }
    if let Some(g) = a.gross_margin.map(share) {
        lines.push(format!(
            "actuals: gross margin {}, simulated {} (through each motion's gross_margin)",
            pct(g),
            pct(gm / rev)
        ));
    }
    if let Some(o) = a.operating_margin.map(share) {
        lines.push(format!(
            "actuals: operating margin {}, simulated {} (through overhead_per_rep_year)",
            pct(o),
            pct(op / rev)
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn margins_are_read_as_shares_or_percent() {
        assert_eq!(share(0.35), 0.35);
        assert_eq!(share(35.0), 0.35);
    }
}
