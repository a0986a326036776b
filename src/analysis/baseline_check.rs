//! Does the baseline look like a B2B sales organisation? A check of the simulated baseline's
//! operating margin, win rates and won-deal cycles against typical ranges, so that a user whose
//! scenario makes a loss or wins half of all deals hears it before reading any comparison: every
//! answer spmsim gives is relative to that baseline.

use crate::lang::Lang;
use crate::metrics::M;
use crate::results::Summary;

/// One baseline figure outside its typical range.
#[derive(Clone, Debug, PartialEq)]
pub struct BaselineNote {
    /// The metric.
    pub metric: M,
    /// The baseline's mean.
    pub value: f64,
    /// Lowest and highest typical value.
    pub typical: (f64, f64),
}

/// Typical ranges of baseline figures (B2B sales; the calibration targets of docs/model.md
/// section 12, widened).
const TYPICAL: [(M, f64, f64); 5] = [
    (M::OperatingMarginPct, 0.0, 30.0),
    (M::WinRateTraditional, 0.1, 0.5),
    (M::WinRateComplex, 0.05, 0.4),
    (M::CycleWonTraditional, 1.0, 13.0),
    (M::CycleWonComplex, 6.0, 52.0),
];

/// The baseline's figures outside their typical ranges (motions without teams are skipped:
/// their figures are undefined).
pub fn baseline_notes(s: &Summary) -> Vec<BaselineNote> {
    let Some(b) = s.baseline() else {
        return Vec::new();
    };
    TYPICAL
        .iter()
        .filter_map(|&(metric, lo, hi)| {
            let value = b.metric(metric).map_or(f64::NAN, |e| e.mean);
            (value.is_finite() && !(lo..=hi).contains(&value)).then_some(BaselineNote {
                metric,
                value,
                typical: (lo, hi),
            })
        })
        .collect()
}

impl BaselineNote {
    /// The note in words, with what to check.
    pub fn text(&self, lang: Lang) -> String {
        let (lo, hi) = self.typical;
        let pct = |x: f64| lang.share(x, 0);
        match (self.metric, lang) {
            (M::OperatingMarginPct, Lang::En) if self.value < 0.0 => format!(
                "the baseline makes a loss (operating margin {}): check pay, overhead and deal values",
                lang.percent(self.value, 1)
            ),
            (M::OperatingMarginPct, Lang::Sv) if self.value < 0.0 => format!(
                "utgångsläget går med förlust (rörelsemarginal {}): kontrollera löner, omkostnader och affärsvärden",
                lang.percent(self.value, 1)
            ),
            (M::OperatingMarginPct, Lang::En) => format!(
                "the baseline's operating margin is {}, above the typical {lo}–{hi} %: check costs and deal values",
                lang.percent(self.value, 1)
            ),
            (M::OperatingMarginPct, Lang::Sv) => format!(
                "utgångslägets rörelsemarginal är {}, över det vanliga {lo}–{hi} %: kontrollera kostnader och affärsvärden",
                lang.percent(self.value, 1)
            ),
            (M::WinRateTraditional | M::WinRateComplex, Lang::En) => format!(
                "the baseline's {} is {}, outside the typical {}–{}: check win_base and qualification",
                self.metric.name(),
                pct(self.value),
                pct(lo),
                pct(hi)
            ),
            (M::WinRateTraditional | M::WinRateComplex, Lang::Sv) => format!(
                "utgångslägets vinstandel ({}) är {}, utanför det vanliga {}–{}: kontrollera win_base och kvalificeringen",
                self.metric.name(),
                pct(self.value),
                pct(lo),
                pct(hi)
            ),
            (_, Lang::En) => format!(
                "the baseline's {} is {} weeks, outside the typical {lo}–{hi} weeks: check stages and meeting hours",
                self.metric.name(),
                lang.number(self.value, 1)
            ),
            (_, Lang::Sv) => format!(
                "utgångslägets {} är {} veckor, utanför det vanliga {lo}–{hi} veckor: kontrollera steg och mötestimmar",
                self.metric.name(),
                lang.number(self.value, 1)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_read_in_both_languages() {
        let n = BaselineNote {
            metric: M::OperatingMarginPct,
            value: -3.5,
            typical: (0.0, 30.0),
        };
        assert!(
            n.text(Lang::En)
                .starts_with("the baseline makes a loss (operating margin \u{2212}3.5")
        );
        assert!(n.text(Lang::Sv).contains("går med förlust"));
        let w = BaselineNote {
            metric: M::WinRateComplex,
            value: 0.55,
            typical: (0.05, 0.4),
        };
        assert!(
            w.text(Lang::En).contains("win_rate_complex is 55"),
            "{}",
            w.text(Lang::En)
        );
    }
}
