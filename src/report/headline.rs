//! The headline answer: the declared variant's revenue change vs the baseline, in one
//! sentence with its uncertainty, and, when the run picked a best of many, that variant's
//! confirmed figures, labelled as such (docs/model.md section 1.1). Pure: no I/O.

use crate::metrics::Output;
use crate::results::{BestOfMany, Summary, VariantSummary};
use crate::stats::PairedEstimate;

use super::Lang;
use super::vocab::points;

/// The figures the headline sentence is made of.
#[derive(Clone, Debug)]
pub struct Headline<'a> {
    /// The variant the headline is about (declared, or the default rule's).
    pub variant: &'a VariantSummary,
    /// Its revenue change in percent.
    pub revenue: &'a PairedEstimate,
    /// Its operating margin change in percentage points, when known.
    pub margin: Option<&'a PairedEstimate>,
}

/// The variant the headline is about: the summary's `headline` (the scenario's
/// `[report] headline`, or the first variant that is neither the baseline nor a sweep
/// point); for a summary without the field, that default rule applied to its variants.
/// Never the best of many: the largest change among many is biased upwards.
pub fn headline_variant(summary: &Summary) -> Option<&VariantSummary> {
    summary.headline_variant()
}

/// The headline's figures, when its variant has a finite revenue change.
pub fn choose(summary: &Summary) -> Option<Headline<'_>> {
    let v = headline_variant(summary)?;
    let r = v.vs(Output::REVENUE_PCT)?;
    r.mean.is_finite().then_some(Headline {
        variant: v,
        revenue: r,
        margin: v
            .vs(Output::OPERATING_MARGIN_PP)
            .filter(|m| m.mean.is_finite()),
    })
}

/// The note under the headline sentence: why this variant, and what the interval is over.
pub fn note(h: &Headline<'_>, s: &Summary, lang: Lang) -> String {
    let base = super::vocab::baseline_phrase(s.baseline().map_or("", |b| b.name.as_str()), lang);
    match lang {
        Lang::En => format!(
            "The headline is about {}, the variant declared for it before the run (the report does not pick the variant with the best result, whose figure would be biased upwards). It is compared with {base} over the {} weeks after the switch: the change is the percent change of expected revenue, the interval is the 95 % interval of the expected change over {} sampled worlds, and the share of worlds says in how many sampled worlds (uncertain parameters and one year's noise together) revenue is higher: it is not the chance that the change works. How much single worlds differ is the range across worlds in the tables below.",
            h.variant.name, s.horizon_weeks, s.trials
        ),
        Lang::Sv => format!(
            "Rubriken gäller varianten {}, som valdes ut för rubriken före körningen (rapporten väljer inte den variant som fick bäst resultat, eftersom den siffran vore snedvriden uppåt). Den jämförs med {base} under de {} veckorna efter bytet: förändringen är den procentuella förändringen av de förväntade intäkterna, intervallet är 95 % konfidensintervall för den förväntade förändringen över {} simulerade världar, och andelen världar visar i hur många simulerade världar (osäkra parametrar och ett års slump tillsammans) intäkterna är högre: den är inte sannolikheten att förändringen fungerar. Hur mycket enskilda världar skiljer sig visar spridningen mellan världar i tabellerna nedan.",
            h.variant.name, s.horizon_weeks, s.trials
        ),
    }
}

/// The best-of-many paragraph: which variant came first among how many, by what, and its
/// figures from the confirmation run on fresh trials (or that it was not confirmed, with its
/// in-sample figures marked as biased). `None` when the summary has no best of many.
pub fn best_of_many(s: &Summary, lang: Lang) -> Option<String> {
    let b: &BestOfMany = s.best_of_many.as_ref()?;
    let label = match (lang, &b.confirmed) {
        (Lang::En, Some(c)) => format!(
            "Best of {} variants by operating profit, confirmed on {} fresh sampled worlds: {}.",
            b.candidates, c.trials, b.variant
        ),
        (Lang::Sv, Some(c)) => format!(
            "Bäst av {} varianter räknat på rörelseresultat, bekräftad i {} nya simulerade världar: {}.",
            b.candidates, c.trials, b.variant
        ),
        (Lang::En, None) => format!(
            "Best of {} variants by operating profit, not confirmed: {}.",
            b.candidates, b.variant
        ),
        (Lang::Sv, None) => format!(
            "Bäst av {} varianter räknat på rörelseresultat, ej bekräftad: {}.",
            b.candidates, b.variant
        ),
    };
    let figures = |vs: &crate::results::Named<crate::stats::ChangeEstimate>| -> Option<String> {
        let r = vs.get(Output::REVENUE_PCT.name())?;
        let m = vs.get(Output::OPERATING_MARGIN_PP.name());
        let [lo, hi] = r.ci95;
        let mut t = format!(
            "{} {}\u{a0}% ({} {} {} {}\u{a0}%)",
            lang.t("revenue", "intäkter"),
            lang.signed(r.mean, 1),
            lang.t(
                "95\u{a0}% interval of the expected change",
                "95\u{a0}% konfidensintervall för den förväntade förändringen"
            ),
            lang.signed(lo, 1),
            lang.t("to", "till"),
            lang.signed(hi, 1)
        );
        if let Some(m) = m.filter(|m| m.mean.is_finite()) {
            t += &format!(
                ", {} {} {}",
                lang.t("operating margin", "rörelsemarginal"),
                lang.signed(m.mean, 1),
                points(lang)
            );
        }
        Some(t)
    };
    let mut out = label;
    match &b.confirmed {
        Some(c) => {
            if let Some(f) = figures(&c.vs_baseline) {
                out += &format!(" {} {f}.", lang.t("Confirmed:", "Bekräftat:"));
            }
            if let Some(f) = figures(&b.in_sample) {
                out += &format!(
                    " {} {f}.",
                    lang.t(
                        "In the main run, where it was picked (biased upwards):",
                        "I huvudkörningen, där den valdes (snedvridet uppåt):"
                    )
                );
            }
        }
        None => {
            if let Some(f) = figures(&b.in_sample) {
                out += &format!(
                    " {} {f}.",
                    lang.t(
                        "In the main run, where it was picked, so biased upwards:",
                        "I huvudkörningen, där den valdes, alltså snedvridet uppåt:"
                    )
                );
            }
        }
    }
    Some(out)
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
    let interval = lang.t(
        "95\u{a0}% interval of the expected change",
        "95\u{a0}% konfidensintervall för den förväntade förändringen",
    );
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
            "spm raises revenue by 14.4\u{a0}% (95\u{a0}% interval of the expected change 13.1 to 15.6\u{a0}%) and operating margin by 4.4 points; revenue is higher in 91\u{a0}% of sampled worlds."
        );
        assert_eq!(
            sentence(&h, Lang::Sv),
            "spm ökar intäkterna med 14,4\u{a0}% (95\u{a0}% konfidensintervall för den förväntade förändringen 13,1 till 15,6\u{a0}%) och rörelsemarginalen med 4,4 procentenheter; intäkterna är högre i 91\u{a0}% av de simulerade världarna."
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
        assert!(s.starts_with("stretch lowers revenue by 7.0\u{a0}% (95\u{a0}% interval of the expected change 5.7 to 8.3\u{a0}%) and operating margin by 1.3 points"), "{s}");
        let (r, m) = (est(1.2, -0.5, 2.9, 0.6), est(-0.4, -0.9, 0.1, 0.4));
        let h = Headline {
            variant: &v,
            revenue: &r,
            margin: Some(&m),
        };
        let s = sentence(&h, Lang::En);
        assert!(s.contains("changes revenue by +1.2\u{a0}% (95\u{a0}% interval of the expected change \u{2212}0.5 to +2.9\u{a0}%, so no clear change) and lowers operating margin by 0.4 points"), "{s}");
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
