//! The headline answer: the best variant by revenue change vs the baseline, in one sentence
//! with its uncertainty. Pure: no I/O.

use crate::metrics::Output;
use crate::results::{Summary, VariantSummary};
use crate::stats::PairedEstimate;

use super::Lang;
use super::vocab::points;

/// The figures the headline sentence is made of.
#[derive(Clone, Debug)]
pub struct Headline<'a> {
    /// The variant with the largest mean revenue change vs the baseline.
    pub variant: &'a VariantSummary,
    /// Its revenue change in percent.
    pub revenue: &'a PairedEstimate,
    /// Its operating margin change in percentage points, when known.
    pub margin: Option<&'a PairedEstimate>,
}

/// The non-baseline variant with the largest finite mean revenue change, if any.
pub fn choose(summary: &Summary) -> Option<Headline<'_>> {
    summary
        .variants
        .iter()
        .filter(|v| !v.baseline)
        .filter_map(|v| {
            let r = v.vs(Output::REVENUE_PCT)?;
            r.mean.is_finite().then_some(Headline {
                variant: v,
                revenue: r,
                margin: v
                    .vs(Output::OPERATING_MARGIN_PP)
                    .filter(|m| m.mean.is_finite()),
            })
        })
        .max_by(|a, b| a.revenue.mean.total_cmp(&b.revenue.mean))
}

/// Direction of a change that its 95 % interval supports: +1, -1, or 0 when the interval
/// holds zero (or is unknown).
fn clear_direction(e: &PairedEstimate) -> i8 {
    let [lo, hi] = e.ci95;
    if lo.is_finite() && hi.is_finite() {
        if lo > 0.0 {
            return 1;
        }
        if hi < 0.0 {
            return -1;
        }
    }
    0
}

/// Share of sampled worlds in which revenue is higher.
fn p_higher(e: &PairedEstimate) -> f64 {
    e.p_better.unwrap_or(e.p_higher)
}

/// The sentence, plain text (escape before use in HTML).
pub fn sentence(h: &Headline<'_>, lang: Lang) -> String {
    let name = &h.variant.name;
    let r = h.revenue;
    let dir = clear_direction(r);
    let [lo, hi] = r.ci95;
    let interval = lang.t("95\u{a0}% interval", "95\u{a0}% konfidensintervall");
    let to = lang.t("to", "till");
    let n1 = |x: f64| lang.number(x, 1);
    let revenue = match dir {
        1 => format!(
            "{} {} ({interval} {} {to} {}\u{a0}%)",
            lang.t("raises revenue by", "ökar intäkterna med"),
            lang.percent(r.mean, 1),
            n1(lo),
            n1(hi)
        ),
        -1 => format!(
            "{} {} ({interval} {} {to} {}\u{a0}%)",
            lang.t("lowers revenue by", "minskar intäkterna med"),
            lang.percent(-r.mean, 1),
            n1(-hi),
            n1(-lo)
        ),
        _ => format!(
            "{} {}\u{a0}% ({interval} {} {to} {}\u{a0}%, {})",
            lang.t("changes revenue by", "förändrar intäkterna med"),
            lang.signed(r.mean, 1),
            lang.signed(lo, 1),
            lang.signed(hi, 1),
            lang.t("so no clear change", "alltså ingen tydlig förändring")
        ),
    };
    let margin = h.margin.map(|m| {
        let up = m.mean > 0.0;
        let amount = format!("{} {}", lang.number(m.mean.abs(), 1), points(lang));
        if m.mean == 0.0 {
            return lang
                .t(
                    "and leaves operating margin unchanged",
                    "och lämnar rörelsemarginalen oförändrad",
                )
                .to_string();
        }
        let same_way = (dir == 1 && up) || (dir == -1 && !up);
        if same_way {
            format!(
                "{} {amount}",
                lang.t("and operating margin by", "och rörelsemarginalen med")
            )
        } else {
            let (conj, verb) = match (dir, up) {
                (0, true) => (lang.t("and", "och"), lang.t("raises", "höjer")),
                (0, false) => (lang.t("and", "och"), lang.t("lowers", "sänker")),
                (_, true) => (lang.t("but", "men"), lang.t("raises", "höjer")),
                (_, false) => (lang.t("but", "men"), lang.t("lowers", "sänker")),
            };
            format!(
                "{conj} {verb} {} {amount}",
                lang.t("operating margin by", "rörelsemarginalen med")
            )
        }
    });
    let share = lang.share(p_higher(r), 0);
    let worlds = match lang {
        Lang::En => format!("revenue is higher in {share} of sampled worlds"),
        Lang::Sv => format!("intäkterna är högre i {share} av de simulerade världarna"),
    };
    match margin {
        Some(m) => format!("{name} {revenue} {m}; {worlds}."),
        None => format!("{name} {revenue}; {worlds}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn est(mean: f64, lo: f64, hi: f64, p: f64) -> PairedEstimate {
        PairedEstimate {
            n: 400,
            mean,
            sd: 1.0,
            ci95: [lo, hi],
            p05: lo,
            p95: hi,
            p_better: Some(p),
            p_higher: p,
        }
    }

    fn variant(name: &str) -> VariantSummary {
        serde_json::from_value(serde_json::json!({
            "name": name, "baseline": false, "description": "",
            "regimes": {}, "coaching_hours": 0.0,
            "levers": {"winloss": 0.0, "gate": 0.0, "roles": 0.0, "practice": 0.0, "targeting": 0.0, "process": 0.0},
            "metrics": {}, "vs_baseline": {}, "allocation": {},
            "discount_by_week_of_period": [],
            "weekly": {
                "revenue": {"mean": [], "p05": [], "p50": [], "p95": []},
                "cumulative_revenue": {"mean": [], "p05": [], "p50": [], "p95": []},
                "pipeline": {"mean": [], "p05": [], "p50": [], "p95": []}
            }
        }))
        .expect("a valid variant")
    }

    #[test]
    fn the_readme_sentence() {
        let v = variant("spm");
        let (r, m) = (est(14.44, 13.1, 15.6, 0.91), est(4.4, 4.1, 4.7, 0.97));
        let h = Headline {
            variant: &v,
            revenue: &r,
            margin: Some(&m),
        };
        assert_eq!(
            sentence(&h, Lang::En),
            "spm raises revenue by 14.4\u{a0}% (95\u{a0}% interval 13.1 to 15.6\u{a0}%) and operating margin by 4.4 points; revenue is higher in 91\u{a0}% of sampled worlds."
        );
        assert_eq!(
            sentence(&h, Lang::Sv),
            "spm ökar intäkterna med 14,4\u{a0}% (95\u{a0}% konfidensintervall 13,1 till 15,6\u{a0}%) och rörelsemarginalen med 4,4 procentenheter; intäkterna är högre i 91\u{a0}% av de simulerade världarna."
        );
    }

    #[test]
    fn falls_and_unclear_changes_read_right() {
        let v = variant("stretch");
        let (r, m) = (est(-7.0, -8.3, -5.7, 0.32), est(-1.3, -1.7, -0.9, 0.2));
        let h = Headline {
            variant: &v,
            revenue: &r,
            margin: Some(&m),
        };
        let s = sentence(&h, Lang::En);
        assert!(s.starts_with("stretch lowers revenue by 7.0\u{a0}% (95\u{a0}% interval 5.7 to 8.3\u{a0}%) and operating margin by 1.3 points"), "{s}");
        let (r, m) = (est(1.2, -0.5, 2.9, 0.6), est(-0.4, -0.9, 0.1, 0.4));
        let h = Headline {
            variant: &v,
            revenue: &r,
            margin: Some(&m),
        };
        let s = sentence(&h, Lang::En);
        assert!(s.contains("changes revenue by +1.2\u{a0}% (95\u{a0}% interval -0.5 to +2.9\u{a0}%, so no clear change) and lowers operating margin by 0.4 points"), "{s}");
        let (r, m) = (est(3.0, 1.0, 5.0, 0.7), est(-0.4, -0.9, 0.1, 0.4));
        let h = Headline {
            variant: &v,
            revenue: &r,
            margin: Some(&m),
        };
        assert!(
            sentence(&h, Lang::Sv).contains("men sänker rörelsemarginalen med 0,4 procentenheter")
        );
    }
}
