//! The tables of the report page: results per variant, changes vs the baseline with their
//! chances, and the set-up of each variant. Pure: no I/O.

use crate::metrics::{M, Output};
use crate::plot::style::variant_hex;
use crate::results::{Summary, VariantSummary};
use crate::stats::PairedEstimate;

use super::Lang;
use super::html::Page;
use super::sections::{baseline_name, threshold_text};
use super::vocab::{self, pp};

fn variant_cell(p: &mut Page, s: &Summary, i: usize, lang: Lang) {
    let v = &s.variants[i];
    p.open("td", "")
        .raw(&format!(
            "<span class=\"swatch\" style=\"background:{}\"></span>",
            variant_hex(s, i)
        ))
        .text(&v.name);
    if v.baseline {
        p.raw(" ")
            .open("span", "class=\"tag\"")
            .text(lang.t("(baseline)", "(utgångsläge)"))
            .close("span");
    }
    p.close("td");
}

fn change_cell(p: &mut Page, d: Option<&PairedEstimate>, unit: &str, lang: Lang) {
    p.open("td", "");
    match d {
        Some(d) if d.mean.is_finite() => {
            p.text(&format!("{}{unit}", lang.signed(d.mean, 1)));
            if d.ci95.iter().all(|x| x.is_finite()) {
                p.open("span", "class=\"ci\"")
                    .text(&format!(
                        "[{}; {}]",
                        lang.signed(d.ci95[0], 1),
                        lang.signed(d.ci95[1], 1)
                    ))
                    .close("span");
            }
        }
        _ => {
            p.text("–");
        }
    }
    p.close("td");
}

fn share_cell(p: &mut Page, x: Option<f64>, lang: Lang) {
    let text = x
        .filter(|x| x.is_finite())
        .map_or_else(|| "–".to_string(), |x| lang.share(x, 0));
    p.el("td", "", &text);
}

pub(super) fn tables(p: &mut Page, s: &Summary, lang: Lang) {
    p.raw("<section id=\"tables\">\n");
    p.el("h2", "", lang.t("Tables", "Tabeller"));

    p.el(
        "h3",
        "",
        &match lang {
            Lang::En => format!(
                "Outcomes per variant (mean over {} sampled worlds, {} weeks)",
                s.trials, s.horizon_weeks
            ),
            Lang::Sv => format!(
                "Utfall per variant (medelvärde över {} simulerade världar, {} veckor)",
                s.trials, s.horizon_weeks
            ),
        },
    );
    p.raw("<div class=\"table-wrap\">\n<table>\n<thead>\n<tr>");
    let heads_en = [
        "Variant",
        "Revenue",
        "Operating margin",
        "Win rate",
        "Average discount",
        "Sales cycle (weeks)",
        "Reps who left",
        "Reps at target",
    ];
    let heads_sv = [
        "Variant",
        "Intäkter",
        "Rörelsemarginal",
        "Andel vunna affärer",
        "Genomsnittlig rabatt",
        "Säljcykel (veckor)",
        "Säljare som slutat",
        "Säljare som når målet",
    ];
    for (en, sv) in heads_en.iter().zip(heads_sv) {
        p.el("th", "scope=\"col\"", lang.t(en, sv));
    }
    p.raw("</tr>\n</thead>\n<tbody>\n");
    for (i, v) in s.variants.iter().enumerate() {
        p.raw(if v.baseline {
            "<tr class=\"baseline\">"
        } else {
            "<tr>"
        });
        variant_cell(p, s, i, lang);
        p.el(
            "td",
            "",
            &lang.money(v.metric_mean(M::Revenue), &s.currency),
        );
        p.el(
            "td",
            "",
            &lang.percent(v.metric_mean(M::OperatingMarginPct), 1),
        );
        p.el("td", "", &lang.share(v.metric_mean(M::WinRate), 1));
        p.el("td", "", &lang.percent(v.metric_mean(M::AvgDiscountPct), 1));
        p.el("td", "", &lang.number(v.metric_mean(M::AvgCycleWeeks), 1));
        p.el("td", "", &lang.number(v.metric_mean(M::Attrition), 1));
        p.el("td", "", &lang.share(v.metric_mean(M::ShareAtTarget), 0));
        p.raw("</tr>\n");
    }
    p.raw("</tbody>\n</table>\n</div>\n");

    p.el(
        "h3",
        "",
        &match lang {
            Lang::En => format!(
                "Change compared with {} (paired, with 95 % intervals)",
                baseline_name(s)
            ),
            Lang::Sv => format!(
                "Förändring jämfört med {} (parvis, med 95 % konfidensintervall)",
                baseline_name(s)
            ),
        },
    );
    p.raw("<div class=\"table-wrap\">\n<table>\n<thead>\n<tr>");
    let mut heads: Vec<String> = vec![
        "Variant".into(),
        lang.t("Revenue", "Intäkter").into(),
        lang.t(
            "Share of worlds with higher revenue",
            "Andel världar med högre intäkter",
        )
        .into(),
        format!(
            "{} ({})",
            lang.t("Operating margin", "Rörelsemarginal"),
            pp(lang)
        ),
        lang.t(
            "Share of worlds with higher margin",
            "Andel världar med högre marginal",
        )
        .into(),
    ];
    if let Some(t) = &s.threshold {
        heads.push(format!(
            "{} ({})",
            lang.t(
                "Share of worlds reaching the threshold",
                "Andel världar som når beslutsgränsen"
            ),
            threshold_text(t, lang)
        ));
    }
    for h in &heads {
        p.el("th", "scope=\"col\"", h);
    }
    p.raw("</tr>\n</thead>\n<tbody>\n");
    for (i, v) in s.variants.iter().enumerate() {
        p.raw(if v.baseline {
            "<tr class=\"baseline\">"
        } else {
            "<tr>"
        });
        variant_cell(p, s, i, lang);
        if v.baseline {
            let cols = heads.len() - 1;
            p.el(
                "td",
                &format!("colspan=\"{cols}\""),
                lang.t("the comparison point", "jämförelsepunkten"),
            );
        } else {
            let rev = v.vs(Output::REVENUE_PCT);
            let mar = v.vs(Output::OPERATING_MARGIN_PP);
            change_cell(p, rev, "\u{a0}%", lang);
            share_cell(p, rev.map(|d| d.p_better.unwrap_or(d.p_higher)), lang);
            change_cell(p, mar, &format!("\u{a0}{}", pp(lang)), lang);
            share_cell(p, mar.map(|d| d.p_better.unwrap_or(d.p_higher)), lang);
            if s.threshold.is_some() {
                share_cell(p, v.p_threshold, lang);
            }
        }
        p.raw("</tr>\n");
    }
    p.raw("</tbody>\n</table>\n</div>\n");
    p.el(
        "p",
        "class=\"note\"",
        lang.t(
            "Revenue change in percent of the baseline's revenue, operating margin change in percentage points (pp); in brackets the 95 % confidence interval of the mean paired difference. Win rate: won deals over closed opportunities. Reps at target: share of rep-periods with attainment of at least 100 %.",
            "Förändring av intäkterna i procent av utgångslägets intäkter, av rörelsemarginalen i procentenheter (p.e.); inom hakparentes 95 % konfidensintervall för den genomsnittliga parvisa skillnaden. Andel vunna affärer: vunna affärer av avslutade affärsmöjligheter. Säljare som når målet: andel säljarperioder med måluppfyllelse om minst 100 %.",
        ),
    );
    p.raw("</section>\n");
}

/// Non-zero levers of a variant, by name and value.
pub(super) fn levers(v: &VariantSummary) -> Vec<(String, f64)> {
    match serde_json::to_value(v.levers) {
        Ok(serde_json::Value::Object(m)) => m
            .into_iter()
            .filter_map(|(k, x)| x.as_f64().filter(|x| *x != 0.0).map(|x| (k, x)))
            .collect(),
        _ => Vec::new(),
    }
}

pub(super) fn regime_text(name: &str, lang: Lang) -> String {
    match vocab::regime(name, lang) {
        Some(d) => format!("{name} ({d})"),
        None => name.to_string(),
    }
}

pub(super) fn hours_text(h: f64, lang: Lang) -> String {
    if h == 0.0 {
        lang.t("no coaching", "ingen coachning").to_string()
    } else {
        match lang {
            Lang::En => format!("{} hours of coaching per rep and week", lang.number(h, 1)),
            Lang::Sv => format!(
                "{} timmars coachning per säljare och vecka",
                lang.number(h, 1)
            ),
        }
    }
}
