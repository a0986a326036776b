//! What a calibration checks and warns about (docs/calibration.md): a currency label the
//! scenario cannot take (before any fit), moments the fit misses, money figures kept in the
//! base scenario's currency when the export's is another, and a calibrated baseline whose
//! operating margin is implausible.

use std::fmt::Write as _;

use crate::scenario::params::{GlobalParams, MotionParams};
use crate::scenario::registry::CURRENCY;
use crate::scenario::{Motion, Scenario};

use super::fit::MOMENTS;
use super::write::{FitRow, TOLERANCE};

/// Why `label` cannot be the calibrated scenario's currency, with the rule `[run] currency`
/// applies when the scenario loads (1 to 12 characters, not blank); `None` when it can.
pub fn currency_problem(label: &str) -> Option<String> {
    if !label.trim().is_empty() && label.len() <= CURRENCY.hi as usize {
        return None;
    }
    Some(format!(
        "the export's currency \"{label}\" cannot be the scenario's currency label ({} to {} characters); give the currency as its code (such as GBP, EUR, USD): write the code in the export's currency column, or name it in the mapping file: currency = \"GBP\"",
        CURRENCY.lo, CURRENCY.hi
    ))
}

/// Whether a fit-table moment is one the fit aims at (in the objective, or fitted directly):
/// the others (mean won value, cycle quartiles) are checks.
fn aimed_at(moment: &str) -> bool {
    MOMENTS.iter().any(|(m, _)| *m == moment)
        || matches!(moment, "won_value_median" | "won_value_log_sd")
}

/// The rows of the moments the fit aims at that it misses by more than [`TOLERANCE`].
pub fn missed(rows: &[FitRow]) -> Vec<&FitRow> {
    rows.iter()
        .filter(|r| aimed_at(&r.moment) && r.flagged())
        .collect()
}

/// The lines of the warning about missed moments (empty when none is missed): a title, one
/// line per moment, and what to check.
pub fn missed_warning(rows: &[FitRow]) -> Vec<String> {
    let missed = missed(rows);
    if missed.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![format!(
        "the fit misses {} moment(s) of the export by more than {:.0} %; the calibrated baseline does not reproduce them:",
        missed.len(),
        100.0 * TOLERANCE
    )];
    for r in missed {
        lines.push(format!(
            "  {:<12} {:<24} observed {:.4}, simulated {:.4} ({:+.1} %)",
            r.motion.name(),
            r.moment,
            r.observed,
            r.simulated,
            100.0 * r.relative_error()
        ));
    }
    lines.push(
        " check the mapping (won, lost and open stages; the amount and owner columns), the export's window (its export date, a filter on the created date) and the rows left out, then calibrate again; the file written is the best fit found".into(),
    );
    lines
}

/// The money parameters (unit: a currency) of `s` that the calibration did not set, as
/// `key (value…)`, `set` naming those it did (fitted or from the actuals).
pub fn money_kept(s: &Scenario, set: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, spec) in MotionParams::SPECS.iter().enumerate() {
        if !spec.unit.starts_with("currency") || set.contains(&spec.key) {
            continue;
        }
        let values: Vec<String> = Motion::ALL
            .iter()
            .filter(|m| s.teams.iter().any(|t| t.motion == **m))
            .map(|m| {
                format!(
                    "{} {:.0}",
                    m.name(),
                    s.params.motion[m.index()][i].nominal()
                )
            })
            .collect();
        out.push(format!("{} ({})", spec.key, values.join(", ")));
    }
    for (i, spec) in GlobalParams::SPECS.iter().enumerate() {
        let v = s.params.global[i].nominal();
        if !spec.unit.starts_with("currency") || set.contains(&spec.key) || v == 0.0 {
            continue;
        }
        out.push(format!("{} ({v:.0})", spec.key));
    }
    out
}

/// The warning when the export's money is in `export` and the base's in `base`, naming the
/// money figures kept in the base's amounts (`kept`, see [`money_kept`]); empty when the
/// currencies agree (case ignored) or nothing was kept.
pub fn currency_warning(export: &str, base: &str, kept: &[String]) -> Vec<String> {
    if crate::crm::amounts::same_currency(&export.to_uppercase(), &base.to_uppercase())
        || kept.is_empty()
    {
        return Vec::new();
    }
    let mut text = String::new();
    let _ = write!(
        text,
        "the export is in {export}, the base scenario's money figures in {base}: these were kept as the base's amounts, now read as {export} (no exchange rate is applied): {}. Give them in {export}: base pay and overhead with --actuals (base_pay, operating_margin or other_sales_costs), the rest with a --base scenario written in {export}",
        kept.join(", ")
    );
    vec![text]
}

/// The warning when the calibrated baseline's operating margin (`margin`, a share) is
/// negative or above 60 %, naming the likely cause: money figures in another currency, or
/// costs that are the base's rather than the company's (`costs_given`: base pay and an
/// operating margin or other costs came with the actuals).
pub fn margin_warning(margin: f64, currency_mixed: bool, costs_given: bool) -> Vec<String> {
    if !margin.is_finite() || (0.0..=0.6).contains(&margin) {
        return Vec::new();
    }
    let what = if margin < 0.0 {
        "makes a loss"
    } else {
        "has an implausibly high margin"
    };
    let cause = if currency_mixed {
        "likely cause: the money figures kept in the base's currency (see above)"
    } else if !costs_given {
        "likely cause: pay and overhead are the base scenario's, not your company's; give base_pay and operating_margin (or other_sales_costs) with --actuals"
    } else {
        "check the actuals (base_pay is the total a year for all reps) and the export's amounts (their unit and currency)"
    };
    vec![format!(
        "the calibrated baseline {what} (operating margin {:.1} %); {cause}",
        100.0 * margin
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_currency_name_is_refused_and_a_code_taken() {
        assert!(currency_problem("GBP").is_none());
        assert!(currency_problem("kr").is_none());
        let m = currency_problem("POUND STERLING").unwrap();
        assert!(m.contains("\"POUND STERLING\"") && m.contains("GBP"), "{m}");
        assert!(currency_problem(" ").is_some());
    }

    #[test]
    fn the_margin_warning_names_the_cause() {
        assert!(margin_warning(0.12, true, false).is_empty());
        assert!(margin_warning(-0.75, true, false)[0].contains("currency"));
        assert!(margin_warning(-0.75, false, false)[0].contains("--actuals"));
    }
}
