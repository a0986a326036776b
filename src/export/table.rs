//! The readable table printed on stdout after a run.

use std::fmt::Write;

use crate::lang::format::{fixed, money, signed};
use crate::metrics::{Change, M};
use crate::results::Summary;
use crate::stats::ChangeEstimate;

/// Shares of sampled worlds where the variant is better / equal / worse, e.g. `61/0/39%`.
fn shares(e: &ChangeEstimate) -> String {
    match (e.p_better, e.p_worse) {
        (Some(b), Some(w)) if e.p_equal.is_finite() => format!(
            "{:.0}/{:.0}/{:.0}%",
            100.0 * b,
            100.0 * e.p_equal,
            100.0 * w
        ),
        _ => "n/a".into(),
    }
}

/// Each variant's revenue and operating margin, and its expected change vs the baseline with
/// the 95 % interval of the expected change.
pub fn render(s: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} trials, {} weeks after a {}-week burn-in, seed {}",
        s.experiment, s.trials, s.horizon_weeks, s.burn_in_weeks, s.seed
    );
    let _ = writeln!(
        out,
        "{:<18} {:>14} {:>10}   {:>24}   {:>24}   {:>13}",
        "variant",
        "revenue",
        "op.margin",
        "revenue vs baseline",
        "margin vs baseline",
        "P(rev +/=/-)"
    );
    for v in &s.variants {
        let rev = v
            .metrics
            .get(M::Revenue.name())
            .map_or(f64::NAN, |e| e.mean);
        let om = v
            .metrics
            .get(M::OperatingMarginPct.name())
            .map_or(f64::NAN, |e| e.mean);
        let (dr, dm, pb) = if v.baseline {
            ("(baseline)".to_string(), String::new(), String::new())
        } else {
            let r = v.vs_baseline.get(Change::RevenuePct.name());
            let m = v.vs_baseline.get(Change::OperatingMarginPp.name());
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
                r.map_or("n/a".into(), shares),
            )
        };
        let _ = writeln!(
            out,
            "{:<18} {:>14} {:>9}%   {:>24}   {:>24}   {:>13}",
            v.name,
            money(rev, &s.currency),
            fixed(om, 1),
            dr,
            dm,
            pb
        );
    }
    let _ = writeln!(
        out,
        "vs baseline: expected change [95 % interval]; P(+/=/-): shares of sampled worlds better/equal/worse"
    );
    out
}

/// The decision figures per variant: chance of being better, chance of reaching the
/// scenario's threshold, share of reps at target and spread of variable pay.
pub fn render_details(s: &Summary) -> String {
    let mut out = String::new();
    let th = s.threshold.as_ref();
    let th_label = th.map(|t| format!("P({} >= {})", t.metric, t.value));
    let _ = write!(
        out,
        "{:<18} {:>15} {:>12}",
        "variant", "P(margin +/=/-)", "reps@target"
    );
    let _ = write!(out, " {:>11}", "pay spread");
    if let Some(l) = &th_label {
        let _ = write!(out, "   {l}");
    }
    let _ = writeln!(out);
    for v in &s.variants {
        let pm = v
            .vs_baseline
            .get(Change::OperatingMarginPp.name())
            .map_or(String::new(), shares);
        let at = v
            .metrics
            .get(M::ShareAtTarget.name())
            .map_or("n/a".into(), |e| format!("{:.0}%", 100.0 * e.mean));
        let cv = v
            .metrics
            .get(M::PayCv.name())
            .map_or("n/a".into(), |e| fixed(e.mean, 2));
        let _ = write!(out, "{:<18} {:>15} {:>12} {:>11}", v.name, pm, at, cv);
        if th_label.is_some() {
            let _ = write!(
                out,
                "   {}",
                v.p_threshold
                    .map_or(String::new(), |p| format!("{:.0}%", 100.0 * p))
            );
        }
        let _ = writeln!(out);
    }
    if let Some(sens) = &s.sensitivity {
        let _ = writeln!(
            out,
            "sensitivity of {} ({}): at medians {}",
            sens.output,
            sens.variant,
            fixed(sens.base_value, 2)
        );
        for i in sens.inputs.iter().take(10) {
            let _ = writeln!(
                out,
                "  {:<40} swing {:>14}  spearman {:>6}",
                i.parameter,
                fixed(i.swing, 2),
                fixed(i.spearman, 2)
            );
        }
    }
    out
}
