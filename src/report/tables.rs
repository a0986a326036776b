//! The tables of the report page: results per variant, changes vs the baseline with their
//! chances, and the set-up of each variant. Pure: no I/O.

use crate::metrics::{M, Output};
use crate::plot::style::variant_hex;
use crate::results::{Summary, VariantSummary};
use crate::stats::{ChangeEstimate, PairedEstimate};

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

/// The range across worlds: 5th to 95th percentile of the per-world change.
fn range_cell(p: &mut Page, d: Option<&ChangeEstimate>, unit: &str, lang: Lang) {
    let text = match d {
        Some(d) if d.p05.is_finite() && d.p95.is_finite() => format!(
            "{} {} {}{unit}",
            lang.signed(d.p05, 1),
            lang.t("to", "till"),
            lang.signed(d.p95, 1)
        ),
        _ => "–".to_string(),
    };
    p.el("td", "", &text);
}

/// Shares of worlds where the variant is better, equal and worse: "61 / 0 / 39 %".
fn shares_cell(p: &mut Page, d: Option<&ChangeEstimate>, lang: Lang) {
    let text = match d {
        Some(d) if d.p_equal.is_finite() => {
            let better = d.p_better.unwrap_or(d.p_higher);
            let worse = d.p_worse.unwrap_or(1.0 - d.p_higher - d.p_equal);
            let pct = |x: f64| lang.number(100.0 * x, 0);
            format!(
                "{} / {} / {}\u{a0}%",
                pct(better),
                pct(d.p_equal),
                pct(worse)
            )
        }
        _ => "–".to_string(),
    };
    p.el("td", "", &text);
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
                "Change compared with {} (paired, with 95 % intervals of the expected change)",
                baseline_name(s)
            ),
            Lang::Sv => format!(
                "Förändring jämfört med {} (parvis, med 95 % konfidensintervall för den förväntade förändringen)",
                baseline_name(s)
            ),
        },
    );
    p.raw("<div class=\"table-wrap\">\n<table>\n<thead>\n<tr>");
    let mut heads: Vec<String> = vec![
        "Variant".into(),
        lang.t(
            "Revenue: expected change [95 % interval]",
            "Intäkter: förväntad förändring [95 % konfidensintervall]",
        )
        .into(),
        lang.t(
            "Revenue: range across worlds (5th to 95th percentile)",
            "Intäkter: spridning mellan världar (5:e till 95:e percentilen)",
        )
        .into(),
        lang.t(
            "Worlds with revenue higher / equal / lower",
            "Världar med högre / lika / lägre intäkter",
        )
        .into(),
        format!(
            "{} ({}): {}",
            lang.t("Operating margin", "Rörelsemarginal"),
            pp(lang),
            lang.t(
                "expected change [95 % interval]",
                "förväntad förändring [95 % konfidensintervall]"
            )
        ),
        lang.t(
            "Operating margin: range across worlds",
            "Rörelsemarginal: spridning mellan världar",
        )
        .into(),
        lang.t(
            "Worlds with margin higher / equal / lower",
            "Världar med högre / lika / lägre marginal",
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
            let rev = v.change(Output::REVENUE_PCT);
            let mar = v.change(Output::OPERATING_MARGIN_PP);
            change_cell(p, rev.map(|d| &d.estimate), "\u{a0}%", lang);
            range_cell(p, rev, "\u{a0}%", lang);
            shares_cell(p, rev, lang);
            change_cell(
                p,
                mar.map(|d| &d.estimate),
                &format!("\u{a0}{}", pp(lang)),
                lang,
            );
            range_cell(p, mar, &format!("\u{a0}{}", pp(lang)), lang);
            shares_cell(p, mar, lang);
            if s.threshold.is_some() {
                share_cell(p, v.p_threshold, lang);
            }
        }
        p.raw("</tr>\n");
    }
    p.raw("</tbody>\n</table>\n</div>\n");
    p.el("p", "class=\"note\"", vocab::estimands_note(lang));
    for note in undefined_notes(s, lang) {
        p.el("p", "class=\"note\"", &note);
    }
    p.raw("</section>\n");
}

/// One sentence per variant and output where some sampled worlds were left out because a
/// change was undefined there (never silent; docs/model.md, section 10.3).
pub(super) fn undefined_notes(s: &Summary, lang: Lang) -> Vec<String> {
    const MAX_NOTES: usize = 12;
    let mut notes = Vec::new();
    let mut more = 0usize;
    for v in s.variants.iter().filter(|v| !v.baseline) {
        for (name, d) in &v.vs_baseline.0 {
            if d.worlds_undefined == 0 && d.undefined == 0 {
                continue;
            }
            if notes.len() == MAX_NOTES {
                more += 1;
                continue;
            }
            let k = d.worlds_undefined.max(d.undefined);
            let total = d.worlds_n + d.worlds_undefined;
            let what = if d.undefined == 0 {
                lang.t(
                    "they are left out of its range across worlds and shares of worlds, not of its expected change",
                    "de ingår inte i spridningen mellan världar eller andelarna av världar, men i den förväntade förändringen",
                )
            } else {
                lang.t(
                    "they are left out of all its figures",
                    "de ingår inte i någon av dess siffror",
                )
            };
            notes.push(match lang {
                Lang::En => format!(
                    "{}, {name}: the change is undefined in {k} of {total} sampled worlds (e.g. no baseline revenue, or no decided deal); {what}.",
                    v.name
                ),
                Lang::Sv => format!(
                    "{}, {name}: förändringen är odefinierad i {k} av {total} simulerade världar (t.ex. inga intäkter i utgångsläget eller ingen avgjord affär); {what}.",
                    v.name
                ),
            });
        }
    }
    if more > 0 {
        notes.push(match lang {
            Lang::En => format!(
                "… and {more} more outputs with undefined worlds (see `undefined` and `worlds_undefined` in summary.json)."
            ),
            Lang::Sv => format!(
                "… och {more} fler utfall med odefinierade världar (se `undefined` och `worlds_undefined` i summary.json)."
            ),
        });
    }
    notes
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

/// A regime in words, its scenario name after it in brackets so a reader finds it in the
/// file: "activity steering (meetings, …) [activity]"; a scenario's own regime by its name.
pub(super) fn regime_text(name: &str, lang: Lang) -> String {
    match vocab::regime(name, lang) {
        Some(d) => format!("{d} [{name}]"),
        None => vocab::quoted(name, lang),
    }
}

/// A variant's coaching: "1 hour of coaching per rep and week" / "coachning 1 timme per
/// säljare och vecka".
pub(super) fn hours_text(h: f64, lang: Lang) -> String {
    if h == 0.0 {
        lang.t("no coaching", "ingen coachning").to_string()
    } else {
        lang.fill(
            (
                "{} of coaching per rep and week",
                "coachning {} per säljare och vecka",
            ),
            &[&lang.numbers().hours(h)],
        )
    }
}
