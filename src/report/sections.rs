//! The sections of the report page, each writing escaped HTML from the summary. Pure: no I/O.

use crate::metrics::{M, Output};
use crate::plot::RenderedChart;
use crate::plot::style::variant_hex;
use crate::results::{Summary, Threshold, VariantSummary};
use crate::stats::PairedEstimate;

use super::html::{Page, escape, shell_quote};
use super::vocab::{self, points, pp};
use super::{Lang, ReportInput, ScenarioText, headline};

const CSS: &str = include_str!("report.css");

/// The whole page.
pub fn page(input: &ReportInput<'_>, charts: &[RenderedChart], lang: Lang) -> String {
    let s = input.summary;
    let mut p = Page::default();
    p.raw("<!DOCTYPE html>\n");
    p.raw(&format!(
        "<html lang=\"{}\" xmlns=\"http://www.w3.org/1999/xhtml\">\n",
        lang.code()
    ));
    p.raw("<head>\n<meta charset=\"utf-8\"/>\n");
    p.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    p.raw(&format!(
        "<meta name=\"generator\" content=\"spmsim {}\"/>\n",
        escape(&s.spmsim_version)
    ));
    p.el(
        "title",
        "",
        &format!(
            "{} – {}",
            s.experiment,
            lang.t("spmsim report", "spmsim-rapport")
        ),
    );
    p.raw("<style>\n")
        .raw(CSS)
        .raw("</style>\n</head>\n<body>\n");

    p.raw("<header>\n");
    p.el(
        "p",
        "class=\"kicker\"",
        lang.t(
            "Sales performance management · simulation report",
            "Säljstyrning · simuleringsrapport",
        ),
    );
    p.el("h1", "", &s.experiment);
    if !s.description.trim().is_empty() {
        p.el("p", "class=\"lede\"", &s.description);
    }
    p.raw("</header>\n");

    nav(&mut p, charts, lang);
    question(&mut p, s, lang);
    answer(&mut p, s, lang);
    figures(&mut p, charts, lang);
    tables(&mut p, s, lang);
    assumptions(&mut p, input, lang);
    believe(&mut p, s, lang);
    reproduce(&mut p, input, lang);

    p.raw("<footer>\n");
    p.el(
        "p",
        "",
        &match lang {
            Lang::En => format!(
                "Made by spmsim {} from summary.json (schema {}). Every figure is a paired comparison on common random numbers: each variant runs on the same sampled worlds as the baseline.",
                s.spmsim_version, s.schema
            ),
            Lang::Sv => format!(
                "Skapad av spmsim {} från summary.json (schema {}). Alla jämförelser är parvisa på gemensamma slumptal: varje variant körs i samma simulerade världar som utgångsläget.",
                s.spmsim_version, s.schema
            ),
        },
    );
    p.raw("</footer>\n</body>\n</html>\n");
    p.finish()
}

fn nav(p: &mut Page, charts: &[RenderedChart], lang: Lang) {
    let mut items = vec![
        ("question", lang.t("Question", "Frågan")),
        ("answer", lang.t("Answer", "Svaret")),
    ];
    if !charts.is_empty() {
        items.push(("charts", lang.t("Charts", "Diagram")));
    }
    items.extend([
        ("tables", lang.t("Tables", "Tabeller")),
        ("assumptions", lang.t("Assumptions", "Antaganden")),
        (
            "believe",
            lang.t("What you would need to believe", "Vad som måste stämma"),
        ),
        ("reproduce", lang.t("Reproduce", "Återskapa resultaten")),
    ]);
    p.raw("<nav>\n<ol>\n");
    for (id, label) in items {
        p.open("li", "")
            .open("a", &format!("href=\"#{id}\""))
            .text(label)
            .close("a")
            .close("li")
            .raw("\n");
    }
    p.raw("</ol>\n</nav>\n");
}

fn baseline_name(s: &Summary) -> String {
    s.baseline()
        .map_or_else(|| "baseline".into(), |b| b.name.clone())
}

fn question(p: &mut Page, s: &Summary, lang: Lang) {
    p.raw("<section id=\"question\">\n");
    p.el("h2", "", lang.t("The question", "Frågan"));
    p.el(
        "p",
        "class=\"question\"",
        lang.t(
            "What happens to revenue and operating margin if we change what our salespeople are measured, coached and rewarded on?",
            "Vad händer med intäkterna och rörelsemarginalen om vi ändrar vad säljarna mäts, coachas och belönas på?",
        ),
    );
    let others = s.variants.iter().filter(|v| !v.baseline).count();
    let text = match lang {
        Lang::En => format!(
            "This experiment compares {others} variant{} with the baseline variant {}. Every variant runs on the same {} sampled worlds, so each comparison is paired world by world. The figures cover the {} weeks after the switch, after a {}-week run-in under today's steering; targets and variable pay follow {}-week periods.",
            if others == 1 { "" } else { "s" },
            baseline_name(s),
            s.trials,
            s.horizon_weeks,
            s.burn_in_weeks,
            s.period_weeks
        ),
        Lang::Sv => format!(
            "Experimentet jämför {others} {} med utgångsvarianten {}. Varje variant körs i samma {} simulerade världar, så varje jämförelse är parvis värld för värld. Siffrorna gäller de {} veckorna efter bytet, efter {} veckors inkörning med dagens styrning; mål och rörlig lön följer perioder om {} veckor.",
            if others == 1 { "variant" } else { "varianter" },
            baseline_name(s),
            s.trials,
            s.horizon_weeks,
            s.burn_in_weeks,
            s.period_weeks
        ),
    };
    p.el("p", "", &text);
    p.raw("</section>\n");
}

fn threshold_text(t: &Threshold, lang: Lang) -> String {
    match t.output() {
        Some(Output::REVENUE_PCT) => format!(
            "{} {}\u{a0}%",
            lang.t("revenue", "intäkter"),
            lang.signed(t.value, 1)
        ),
        Some(Output::OPERATING_MARGIN_PP) => format!(
            "{} {} {}",
            lang.t("operating margin", "rörelsemarginal"),
            lang.signed(t.value, 1),
            points(lang)
        ),
        _ => format!("{} {}", t.metric, lang.signed(t.value, 2)),
    }
}

fn answer(p: &mut Page, s: &Summary, lang: Lang) {
    p.raw("<section id=\"answer\">\n");
    p.el("h2", "", lang.t("The answer", "Svaret"));
    match headline::choose(s) {
        Some(h) => {
            p.el("p", "class=\"headline\"", &headline::sentence(&h, lang));
            let note = match lang {
                Lang::En => format!(
                    "{} is the variant with the largest revenue change. Compared with {} over the {} weeks after the switch; the interval is the 95 % confidence interval of the mean paired difference over {} sampled worlds, and the share of worlds says how often revenue goes up.",
                    h.variant.name,
                    baseline_name(s),
                    s.horizon_weeks,
                    s.trials
                ),
                Lang::Sv => format!(
                    "{} är den variant som ändrar intäkterna mest. Jämfört med {} under de {} veckorna efter bytet; intervallet är 95 % konfidensintervall för den genomsnittliga parvisa skillnaden över {} simulerade världar, och andelen världar visar hur ofta intäkterna ökar.",
                    h.variant.name,
                    baseline_name(s),
                    s.horizon_weeks,
                    s.trials
                ),
            };
            p.el("p", "class=\"note\"", &note);
            if let (Some(t), Some(pt)) = (&s.threshold, h.variant.p_threshold) {
                let text = match lang {
                    Lang::En => format!(
                        "Decision threshold: {}. {} reaches it in {} of sampled worlds.",
                        threshold_text(t, lang),
                        h.variant.name,
                        lang.share(pt, 0)
                    ),
                    Lang::Sv => format!(
                        "Beslutsgräns: {}. {} når den i {} av de simulerade världarna.",
                        threshold_text(t, lang),
                        h.variant.name,
                        lang.share(pt, 0)
                    ),
                };
                p.el("p", "", &text);
            }
        }
        None => {
            p.el(
                "p",
                "class=\"headline\"",
                lang.t(
                    "Only the baseline has results: there is no change to report.",
                    "Det finns bara resultat för utgångsläget: ingen förändring att rapportera.",
                ),
            );
        }
    }
    p.raw("</section>\n");
}

fn figures(p: &mut Page, charts: &[RenderedChart], lang: Lang) {
    if charts.is_empty() {
        return;
    }
    p.raw("<section id=\"charts\">\n");
    p.el("h2", "", lang.t("Charts", "Diagram"));
    for (k, c) in charts.iter().enumerate() {
        p.raw(&format!("<figure id=\"fig-{}\">\n", c.name));
        let svg = c.svg.trim();
        let svg = svg.find("<svg").map_or(svg, |i| &svg[i..]);
        let svg = svg.strip_prefix("<svg").unwrap_or(svg);
        p.raw(&format!(
            "<svg role=\"img\" aria-label=\"{}\"{}\n",
            escape(&c.caption),
            svg
        ));
        p.open("figcaption", "")
            .open("strong", "")
            .text(&format!("{} {}.", lang.t("Figure", "Figur"), k + 1))
            .close("strong")
            .raw(" ")
            .text(&c.caption)
            .close("figcaption")
            .raw("\n</figure>\n");
    }
    p.raw("</section>\n");
}

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

fn tables(p: &mut Page, s: &Summary, lang: Lang) {
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
fn levers(v: &VariantSummary) -> Vec<(String, f64)> {
    match serde_json::to_value(v.levers) {
        Ok(serde_json::Value::Object(m)) => m
            .into_iter()
            .filter_map(|(k, x)| x.as_f64().filter(|x| *x != 0.0).map(|x| (k, x)))
            .collect(),
        _ => Vec::new(),
    }
}

fn regime_text(name: &str, lang: Lang) -> String {
    match vocab::regime(name, lang) {
        Some(d) => format!("{name} ({d})"),
        None => name.to_string(),
    }
}

fn hours_text(h: f64, lang: Lang) -> String {
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

fn assumptions(p: &mut Page, input: &ReportInput<'_>, lang: Lang) {
    let s = input.summary;
    p.raw("<section id=\"assumptions\">\n");
    p.el("h2", "", lang.t("Assumptions", "Antaganden"));
    p.el(
        "h3",
        "",
        lang.t("What each variant changes", "Vad varje variant ändrar"),
    );
    p.raw("<ul class=\"variants\">\n");
    for (i, v) in s.variants.iter().enumerate() {
        p.open("li", "")
            .raw(&format!(
                "<span class=\"swatch\" style=\"background:{}\"></span>",
                variant_hex(s, i)
            ))
            .open("strong", "")
            .text(&v.name)
            .close("strong");
        if v.baseline {
            p.text(&format!(" {}", lang.t("(baseline)", "(utgångsläge)")));
        }
        if !v.description.trim().is_empty() {
            p.text(&format!(": {}", v.description.trim()));
        }
        p.raw("<br/>");
        let regimes: Vec<String> = v
            .regimes
            .0
            .iter()
            .map(|(team, r)| format!("{team}: {}", regime_text(r, lang)))
            .collect();
        p.text(&format!(
            "{}: {}. ",
            lang.t("Measured and paid on", "Mäts och belönas på"),
            if regimes.is_empty() {
                lang.na().to_string()
            } else {
                regimes.join("; ")
            }
        ));
        let mut coaching = hours_text(v.coaching_hours, lang);
        let lv = levers(v);
        if lv.is_empty() {
            coaching.push_str(lang.t(", no manager levers", ", inga chefsåtgärder"));
        } else {
            let list: Vec<String> = lv
                .iter()
                .map(|(k, x)| format!("{} {}", vocab::lever(k, lang), lang.number(*x, 2)))
                .collect();
            coaching.push_str(&format!(
                "; {}: {}",
                lang.t("manager levers", "chefsåtgärder"),
                list.join(", ")
            ));
        }
        let mut c = coaching.chars();
        let coaching: String = c
            .next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default();
        p.text(&format!("{coaching}."));
        p.close("li").raw("\n");
    }
    p.raw("</ul>\n");

    p.el(
        "h3",
        "",
        lang.t(
            "Settings that differ from the defaults",
            "Inställningar som skiljer sig från standardvärdena",
        ),
    );
    match input.scenario {
        ScenarioText::Shown { path, text } => {
            p.el(
                "p",
                "",
                &match lang {
                    Lang::En => format!(
                        "The scenario file {path}, without its comments. Every parameter not written here takes its documented default (docs/scenario-reference.md)."
                    ),
                    Lang::Sv => format!(
                        "Scenariofilen {path}, utan kommentarer. Varje parameter som inte anges här har sitt dokumenterade standardvärde (docs/scenario-reference.md)."
                    ),
                },
            );
            let lines: Vec<&str> = text
                .lines()
                .filter(|l| {
                    let t = l.trim();
                    !t.is_empty() && !t.starts_with('#')
                })
                .collect();
            p.open("pre", "")
                .open("code", "")
                .text(&lines.join("\n"))
                .close("code")
                .close("pre")
                .raw("\n");
        }
        ScenarioText::Changed { path } => {
            p.el(
                "p",
                "",
                &match lang {
                    Lang::En => format!(
                        "The scenario file {path} has changed since the run (its SHA-256 differs from the one recorded in summary.json), so it is not shown here. Run the scenario again to refresh the results and this report."
                    ),
                    Lang::Sv => format!(
                        "Scenariofilen {path} har ändrats sedan körningen (dess SHA-256 skiljer sig från den i summary.json), så den visas inte här. Kör scenariot igen för att uppdatera resultaten och rapporten."
                    ),
                },
            );
        }
        ScenarioText::Unavailable { path } => {
            let text = match (lang, path) {
                (Lang::En, Some(path)) => format!(
                    "The scenario file {path} is not available here, so its settings cannot be shown; the variants above list what each one changes."
                ),
                (Lang::Sv, Some(path)) => format!(
                    "Scenariofilen {path} finns inte tillgänglig här, så dess inställningar kan inte visas; listan ovan visar vad varje variant ändrar."
                ),
                (Lang::En, None) => "The scenario file is not available (the result directory has no manifest.json naming it), so its settings cannot be shown; the variants above list what each one changes.".to_string(),
                (Lang::Sv, None) => "Scenariofilen finns inte tillgänglig (resultatkatalogen saknar en manifest.json som anger den), så dess inställningar kan inte visas; listan ovan visar vad varje variant ändrar.".to_string(),
            };
            p.el("p", "", &text);
        }
    }
    p.raw("</section>\n");
}

fn believe(p: &mut Page, s: &Summary, lang: Lang) {
    p.raw("<section id=\"believe\">\n");
    p.el(
        "h2",
        "",
        lang.t("What you would need to believe", "Vad som måste stämma"),
    );
    p.el(
        "p",
        "",
        lang.t(
            "The answer holds if these hold:",
            "Svaret håller om följande stämmer:",
        ),
    );
    p.raw("<ul class=\"believe\">\n");
    if let Some(sens) = &s.sensitivity {
        let fmt = |x: f64| sensitivity_value(sens.output(), x, lang, &s.currency);
        let mut inputs: Vec<_> = sens
            .inputs
            .iter()
            .filter(|i| i.output_low.is_finite() && i.output_high.is_finite())
            .collect();
        let swing = |i: &&crate::results::SensitivityInput| {
            if i.swing.is_finite() {
                i.swing
            } else {
                (i.output_high - i.output_low).abs()
            }
        };
        inputs.sort_by(|a, b| swing(b).total_cmp(&swing(a)));
        for i in inputs.iter().take(5) {
            let text = match lang {
                Lang::En => format!(
                    "{} lies where the scenario puts it: between its 10th and 90th percentile ({} to {}) the {} of {} moves from {} to {}.",
                    i.parameter,
                    lang.number(i.low, 3),
                    lang.number(i.high, 3),
                    sens.output,
                    sens.variant,
                    fmt(i.output_low),
                    fmt(i.output_high)
                ),
                Lang::Sv => format!(
                    "Att {} ligger där scenariot anger: mellan sin 10:e och 90:e percentil ({} till {}) ändras {} för {} från {} till {}.",
                    i.parameter,
                    lang.number(i.low, 3),
                    lang.number(i.high, 3),
                    sens.output,
                    sens.variant,
                    fmt(i.output_low),
                    fmt(i.output_high)
                ),
            };
            p.el("li", "", &text);
        }
    }
    let base = s.baseline();
    let changed_regimes: Vec<String> = {
        let mut names: Vec<String> = Vec::new();
        for v in s.variants.iter().filter(|v| !v.baseline) {
            for (team, r) in &v.regimes.0 {
                let same = base.and_then(|b| b.regimes.get(team)) == Some(r);
                if !same && !names.contains(r) {
                    names.push(r.clone());
                }
            }
        }
        names
    };
    if !changed_regimes.is_empty() {
        p.el(
            "li",
            "",
            &match lang {
                Lang::En => format!(
                    "Reps move their hours toward what they are measured and paid on, as strongly as the model's documented behaviour defaults assume (steering in this experiment: {}).",
                    changed_regimes.join(", ")
                ),
                Lang::Sv => format!(
                    "Att säljarna flyttar sin tid mot det de mäts och belönas på, så starkt som modellens dokumenterade standardvärden för beteende anger (styrning i experimentet: {}).",
                    changed_regimes.join(", ")
                ),
            },
        );
    }
    let mut hours: Vec<f64> = s
        .variants
        .iter()
        .map(|v| v.coaching_hours)
        .filter(|h| *h > 0.0)
        .collect();
    hours.sort_by(f64::total_cmp);
    hours.dedup();
    if !hours.is_empty() {
        let list: Vec<String> = hours.iter().map(|h| lang.number(*h, 1)).collect();
        p.el(
            "li",
            "",
            &match lang {
                Lang::En => format!(
                    "Coaching of {} hours per rep and week raises skills as fast as the documented coaching defaults assume, and your managers coach well (a manager whose coaching harms lowers skills instead).",
                    list.join(", ")
                ),
                Lang::Sv => format!(
                    "Att coachning om {} timmar per säljare och vecka höjer säljarnas färdigheter så snabbt som de dokumenterade standardvärdena för coachning anger, och att era försäljningschefer coachar väl (en chef vars coachning skadar sänker i stället färdigheterna).",
                    list.join(", ")
                ),
            },
        );
    }
    let mut lever_names: Vec<String> = Vec::new();
    for v in &s.variants {
        for (k, _) in levers(v) {
            let name = vocab::lever(&k, lang);
            if !lever_names.contains(&name) {
                lever_names.push(name);
            }
        }
    }
    if !lever_names.is_empty() {
        p.el(
            "li",
            "",
            &match lang {
                Lang::En => format!(
                    "The manager levers used ({}) work in your organisation as the model documents them.",
                    lever_names.join(", ")
                ),
                Lang::Sv => format!(
                    "Att chefsåtgärderna ({}) fungerar i er organisation så som modellen beskriver dem.",
                    lever_names.join(", ")
                ),
            },
        );
    }
    p.el(
        "li",
        "",
        lang.t(
            "Your organisation, market and reps' behaviour match the documented defaults (docs/scenario-reference.md) wherever the scenario file does not set a value.",
            "Att er organisation, marknad och säljarnas beteende motsvarar de dokumenterade standardvärdena (docs/scenario-reference.md) där scenariofilen inte anger något annat.",
        ),
    );
    p.el(
        "li",
        "",
        &match lang {
            Lang::En => format!(
                "The {} sampled worlds cover the uncertainty that matters: only inputs the scenario writes as distributions vary between worlds, and the intervals say nothing about whether the model's structure fits your business.",
                s.trials
            ),
            Lang::Sv => format!(
                "Att de {} simulerade världarna täcker den osäkerhet som spelar roll: bara indata som scenariot anger som fördelningar varierar mellan världarna, och intervallen säger inget om huruvida modellens struktur passar er verksamhet.",
                s.trials
            ),
        },
    );
    p.raw("</ul>\n</section>\n");
}

fn sensitivity_value(output: Option<Output>, x: f64, lang: Lang, currency: &str) -> String {
    match output {
        Some(Output::REVENUE_PCT) => format!("{}\u{a0}%", lang.signed(x, 1)),
        Some(Output::OPERATING_MARGIN_PP) => format!("{} {}", lang.signed(x, 1), points(lang)),
        Some(Output::Metric(m)) => lang.quantity(x, m.def().unit, currency),
        None => lang.number(x, 2),
    }
}

fn reproduce(p: &mut Page, input: &ReportInput<'_>, lang: Lang) {
    let s = input.summary;
    p.raw("<section id=\"reproduce\">\n");
    p.el("h2", "", lang.t("Reproduce", "Återskapa resultaten"));
    p.el(
        "p",
        "",
        lang.t(
            "The same scenario, seed and number of trials give the same summary.json, whatever the number of threads.",
            "Samma scenario, slumpfrö och antal körningar ger samma summary.json, oavsett antal trådar.",
        ),
    );
    p.raw("<dl class=\"repro\">\n");
    let row = |p: &mut Page, term: &str, value: &str, code: bool| {
        p.el("dt", "", term);
        p.open("dd", "");
        if code {
            p.open("code", "").text(value).close("code");
        } else {
            p.text(value);
        }
        p.close("dd").raw("\n");
    };
    let command = input.run.and_then(|r| r.command.as_ref()).map(|c| {
        c.iter()
            .map(|a| shell_quote(a))
            .collect::<Vec<_>>()
            .join(" ")
    });
    match command {
        Some(c) => row(p, lang.t("Command", "Kommando"), &c, true),
        None => row(
            p,
            lang.t("Command", "Kommando"),
            lang.t(
                "not recorded (no manifest.json)",
                "inte registrerat (manifest.json saknas)",
            ),
            false,
        ),
    }
    if let Some(path) = input.run.and_then(|r| r.scenario.as_ref()) {
        row(p, lang.t("Scenario", "Scenario"), path, true);
    }
    row(
        p,
        lang.t("Scenario SHA-256", "Scenariots SHA-256"),
        &s.scenario_sha256,
        true,
    );
    row(p, lang.t("Seed", "Slumpfrö"), &s.seed.to_string(), true);
    row(
        p,
        lang.t("Trials (sampled worlds)", "Körningar (simulerade världar)"),
        &s.trials.to_string(),
        false,
    );
    row(
        p,
        lang.t("Weeks", "Veckor"),
        &match lang {
            Lang::En => format!(
                "{} run-in, {} counted after the switch, {}-week periods",
                s.burn_in_weeks, s.horizon_weeks, s.period_weeks
            ),
            Lang::Sv => format!(
                "{} inkörning, {} räknade efter bytet, perioder om {} veckor",
                s.burn_in_weeks, s.horizon_weeks, s.period_weeks
            ),
        },
        false,
    );
    row(
        p,
        lang.t("spmsim version", "spmsim-version"),
        &s.spmsim_version,
        true,
    );
    if let Some(t) = input.run.and_then(|r| r.threads) {
        row(p, lang.t("Threads", "Trådar"), &t.to_string(), false);
    }
    row(
        p,
        lang.t("This report", "Denna rapport"),
        &format!(
            "spmsim report {} --lang {}",
            shell_quote(input.dir_label),
            lang.code()
        ),
        true,
    );
    p.raw("</dl>\n</section>\n");
}
