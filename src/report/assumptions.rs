//! The report sections on what the model assumes and what a reader must believe for the
//! answer to hold (with the sensitivity table when the run has one). Pure: no I/O.

use crate::metrics::Output;
use crate::plot::style::variant_hex;
use crate::results::{Summary, VariantSummary};

use super::html::Page;
use super::tables::{hours_text, levers, regime_text};
use super::vocab::{self, points};
use super::{Lang, ReportInput, ScenarioText};

pub(super) fn assumptions(p: &mut Page, input: &ReportInput<'_>, lang: Lang) {
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
        let mut coaching = coaching_text(v, lang);
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
        overrides(p, v, lang);
        p.close("li").raw("\n");
    }
    p.raw("</ul>\n");
    for w in override_warnings(s, lang) {
        p.el("p", "class=\"note warning\"", &w);
    }

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
                        "Scenariofilen {path}, utan kommentarer. Varje parameter som inte står här har sitt dokumenterade standardvärde (docs/scenario-reference.md)."
                    ),
                },
            );
            p.open("pre", "")
                .open("code", "")
                .text(&super::scenario_text::without_comments(text))
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

/// "What this variant assumes": every parameter the variant sets, each marked a decision
/// (simulated) or an assumption (assumed, not simulated).
fn overrides(p: &mut Page, v: &VariantSummary, lang: Lang) {
    if v.overrides.is_empty() {
        return;
    }
    let list: Vec<String> = v
        .overrides
        .iter()
        .map(|o| {
            let kind = if o.is_assumption() {
                lang.t("assumption", "antagande")
            } else {
                lang.t("decision", "beslut")
            };
            let value = if o.uncertain {
                format!(
                    "{} {}",
                    lang.t("uncertain, about", "osäkert, omkring"),
                    exact(o.value, lang)
                )
            } else {
                exact(o.value, lang)
            };
            format!(
                "{} = {value} ({kind})",
                crate::lang::labels::param_or_path(&o.key, lang)
            )
        })
        .collect();
    p.raw("<br/>");
    p.text(&format!(
        "{}: {}.",
        lang.t("What this variant assumes", "Vad varianten antar"),
        list.join("; ")
    ));
}

/// `x` with as few decimals as show it exactly (at most 6).
fn exact(x: f64, lang: Lang) -> String {
    let digits = (0..=6)
        .find(|&d| format!("{x:.d$}").parse::<f64>() == Ok(x))
        .unwrap_or(6);
    lang.number(x, digits)
}

/// One warning per parameter that variants set although it is an assumption, not a
/// decision: the variants that set it (sweep points counted, not listed).
pub(super) fn override_warnings(s: &Summary, lang: Lang) -> Vec<String> {
    let point = |name: &str| {
        s.sweep
            .as_ref()
            .is_some_and(|sw| sw.points.iter().any(|p| p.variant == name))
    };
    let mut keys: Vec<(&str, Vec<&str>, usize)> = Vec::new();
    for v in &s.variants {
        for o in v.overrides.iter().filter(|o| o.is_assumption()) {
            let i = match keys.iter().position(|(k, ..)| *k == o.key) {
                Some(i) => i,
                None => {
                    keys.push((&o.key, Vec::new(), 0));
                    keys.len() - 1
                }
            };
            if point(&v.name) {
                keys[i].2 += 1;
            } else {
                keys[i].1.push(&v.name);
            }
        }
    }
    keys.into_iter()
        .map(|(key, named, points)| {
            let mut who: Vec<String> = named.iter().map(|n| n.to_string()).collect();
            if points > 0 {
                who.push(match lang {
                    Lang::En => format!("{points} sweep point{}", if points == 1 { "" } else { "s" }),
                    Lang::Sv => format!("{points} svepningspunkt{}", if points == 1 { "" } else { "er" }),
                });
            }
            let who = lang.numbers().list(&who);
            let key = crate::lang::labels::param_or_path(key, lang);
            match lang {
                Lang::En => format!(
                    "Warning: {key} is set by {who}. It is an assumption about the market, the funnel, prices, costs or the model, not a steering, pay, coaching or routing decision: its effect on these results is assumed, not simulated."
                ),
                Lang::Sv => format!(
                    "Varning: {key} sätts av {who}. Det är ett antagande om marknaden, tratten, priser, kostnader eller modellen, inte ett beslut om styrning, ersättning, coachning eller fördelning av affärer: dess effekt på resultaten är antagen, inte simulerad."
                ),
            }
        })
        .collect()
}

pub(super) fn believe(p: &mut Page, s: &Summary, lang: Lang) {
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
            let text = lang.fill(
                (
                    "{} from {} (10th percentile) to {} (90th percentile): {} of {} from {} to {}.",
                    "{} från {} (10:e percentilen) till {} (90:e percentilen): {} för {} från {} till {}.",
                ),
                &[
                    &crate::lang::labels::param_or_path(&i.parameter, lang),
                    &input_value(i.low, lang),
                    &input_value(i.high, lang),
                    &lower_first(&crate::lang::labels::output_or_name(&sens.output, lang)),
                    &sens.variant,
                    &fmt(i.output_low),
                    &fmt(i.output_high),
                ],
            );
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
            &lang.fill(
                (
                    "Reps move their hours toward what they are measured and paid on, as strongly as the model's documented behaviour defaults assume (steering in this experiment: {}).",
                    "Att säljarna flyttar sin tid mot det de mäts och belönas på, så starkt som modellens dokumenterade standardvärden för beteende anger (styrning i experimentet: {}).",
                ),
                &[&lang.numbers().list(
                    &changed_regimes
                        .iter()
                        .map(|r| vocab::regime_short(r, lang))
                        .collect::<Vec<_>>(),
                )],
            ),
        );
    }
    let mut hours: Vec<f64> = s
        .variants
        .iter()
        .flat_map(|v| {
            if v.coaching_hours_by_team.is_empty() {
                vec![v.coaching_hours]
            } else {
                v.coaching_hours_by_team.0.iter().map(|(_, h)| *h).collect()
            }
        })
        .filter(|h| *h > 0.0)
        .collect();
    hours.sort_by(f64::total_cmp);
    hours.dedup();
    if !hours.is_empty() {
        // Many hours (a sweep) read as a range; a few as a list with "and" / "och" (a
        // comma list would be ambiguous beside Swedish decimal commas).
        let n = lang.numbers();
        let amount = match hours.as_slice() {
            [first, .., last] if hours.len() > 3 => lang.fill(
                ("{} to {}", "{} till {}"),
                &[&n.trimmed(*first, 2), &n.hours(*last)],
            ),
            [init @ .., last] if !init.is_empty() => format!(
                "{} {}",
                n.list(
                    &init
                        .iter()
                        .map(|h| n.trimmed(*h, 2))
                        .chain([n.trimmed(*last, 2)])
                        .collect::<Vec<_>>()
                ),
                lang.t("hours", "timmar")
            ),
            _ => n.hours(hours[0]),
        };
        p.el(
            "li",
            "",
            &lang.fill(
                (
                    "Coaching of {} per rep and week raises skills as fast as the documented coaching defaults assume, and your managers coach well (a manager whose coaching harms lowers skills instead).",
                    "Att coachning {} per säljare och vecka höjer säljarnas färdigheter så snabbt som de dokumenterade standardvärdena för coachning anger, och att era säljchefer coachar väl (en chef vars coachning skadar sänker i stället färdigheterna).",
                ),
                &[&amount],
            ),
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

pub(super) fn sensitivity_value(
    output: Option<Output>,
    x: f64,
    lang: Lang,
    currency: &str,
) -> String {
    match output {
        Some(Output::REVENUE_PCT) => format!("{}\u{a0}%", lang.signed(x, 1)),
        Some(Output::OPERATING_MARGIN_PP) => format!("{} {}", lang.signed(x, 1), points(lang)),
        Some(Output::Metric(m)) => lang.quantity(x, m.def().unit, currency),
        None => lang.number(x, 2),
    }
}

/// A label inside a sentence: its first letter in lower case ("Revenue change" → "revenue
/// change"), unless the first word is an abbreviation in capitals.
/// A value of an uncertain input in the sensitivity list, with as many decimals as its size
/// needs: "0.39", "3.55", "696,512".
fn input_value(x: f64, lang: Lang) -> String {
    let digits = match x.abs() {
        a if a >= 100.0 => 0,
        a if a >= 10.0 => 1,
        a if a >= 0.1 => 2,
        _ => 3,
    };
    lang.number(x, digits)
}

fn lower_first(label: &str) -> String {
    let first_word = label.split_whitespace().next().unwrap_or("");
    if first_word.len() > 1 && first_word.chars().all(|c| !c.is_lowercase()) {
        return label.to_string();
    }
    let mut c = label.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A variant's coaching in words: the hours of every team, or each team's own hours when they
/// differ (docs/model.md section 6.1).
fn coaching_text(v: &VariantSummary, lang: Lang) -> String {
    if v.coaching_hours_by_team.is_empty() {
        return hours_text(v.coaching_hours, lang);
    }
    let teams: Vec<String> = v
        .coaching_hours_by_team
        .0
        .iter()
        .map(|(team, h)| format!("{team} {}", lang.number(*h, 1)))
        .collect();
    format!(
        "{}: {}",
        lang.t(
            "coaching hours per rep and week by team",
            "coachningstimmar per säljare och vecka per team"
        ),
        teams.join(", ")
    )
}
