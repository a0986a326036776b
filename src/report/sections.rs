//! The sections of the report page, each writing escaped HTML from the summary. Pure: no I/O.

use crate::metrics::Output;
use crate::plot::RenderedChart;
use crate::results::{Summary, Threshold};

use super::assumptions::{assumptions, believe};
use super::html::{Page, escape, shell_quote};
use super::tables::tables;
use super::vocab::points;
use super::{Lang, ReportInput, headline};

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

    nav(&mut p, s, charts, lang);
    question(&mut p, s, lang);
    answer(&mut p, s, lang);
    super::decision::profit(&mut p, s, charts, lang);
    super::decision::transition(&mut p, s, charts, lang);
    figures(&mut p, charts, lang);
    tables(&mut p, s, lang);
    super::teams::teams(&mut p, s, lang);
    super::calibration::calibration(&mut p, s, lang);
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

fn nav(p: &mut Page, s: &Summary, charts: &[RenderedChart], lang: Lang) {
    let mut items = vec![
        ("question", lang.t("Question", "Frågan")),
        ("answer", lang.t("Answer", "Svaret")),
    ];
    let bridge = s
        .headline_variant()
        .and_then(|v| crate::analysis::bridge::Bridge::of(s, v));
    if bridge.is_some() {
        items.push(("profit", lang.t("Operating profit", "Rörelseresultat")));
    }
    if charts.iter().any(|c| c.name == "transition") {
        items.push(("transition", lang.t("Transition", "Övergången")));
    }
    if charts.iter().any(|c| !EMBEDDED.contains(&c.name)) {
        items.push(("charts", lang.t("Charts", "Diagram")));
    }
    items.push(("tables", lang.t("Tables", "Tabeller")));
    if s.variants.iter().any(|v| !v.teams.is_empty()) {
        items.push(("teams", lang.t("Teams", "Team")));
    }
    items.extend([
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

pub(super) fn baseline_name(s: &Summary) -> String {
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
            "This experiment compares {others} variant{} with {}. Every variant runs on the same {} sampled worlds, so each comparison is paired world by world. The figures cover the {} weeks after the switch, after a {}-week run-in under today's steering; targets and variable pay follow {}-week periods.",
            if others == 1 { "" } else { "s" },
            super::vocab::baseline_phrase(&baseline_name(s), lang),
            s.trials,
            s.horizon_weeks,
            s.burn_in_weeks,
            s.period_weeks
        ),
        Lang::Sv => format!(
            "Experimentet jämför {others} {} med {}. Varje variant körs i samma {} simulerade världar, så varje jämförelse är parvis värld för värld. Siffrorna gäller de {} veckorna efter bytet, efter {} veckors inkörning med dagens styrning; mål och rörlig lön följer perioder om {} veckor.",
            if others == 1 { "variant" } else { "varianter" },
            super::vocab::baseline_phrase(&baseline_name(s), lang),
            s.trials,
            s.horizon_weeks,
            s.burn_in_weeks,
            s.period_weeks
        ),
    };
    p.el("p", "", &text);
    for note in crate::analysis::baseline_check::baseline_notes(s) {
        let label = lang.t("Check the baseline", "Kontrollera utgångsläget");
        p.el(
            "p",
            "class=\"note\"",
            &format!("{label}: {}.", note.text(lang)),
        );
    }
    p.raw("</section>\n");
}

pub(super) fn threshold_text(t: &Threshold, lang: Lang) -> String {
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
        _ => format!(
            "{} {}",
            crate::lang::labels::output_or_name(&t.metric, lang),
            lang.signed(t.value, 2)
        ),
    }
}

fn answer(p: &mut Page, s: &Summary, lang: Lang) {
    p.raw("<section id=\"answer\">\n");
    p.el("h2", "", lang.t("The answer", "Svaret"));
    match headline::choose(s) {
        Some(h) => {
            p.el("p", "class=\"headline\"", &headline::sentence(&h, lang));
            super::decision::key_figures(p, s, lang);
            let note = headline::note(&h, s, lang);
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
    if let Some(t) = headline::best_of_many(s, lang) {
        p.el("p", "class=\"note\"", &t);
    }
    p.raw("</section>\n");
}

/// Charts shown in their own section of the page rather than among the charts.
const EMBEDDED: [&str; 2] = ["pnl_bridge", "transition"];

/// One chart as a figure: the inline SVG and its caption, numbered when `number` is given.
pub(super) fn embed_figure(p: &mut Page, c: &RenderedChart, number: Option<usize>, lang: Lang) {
    p.raw(&format!("<figure id=\"fig-{}\">\n", c.name));
    let svg = c.svg.trim();
    let svg = svg.find("<svg").map_or(svg, |i| &svg[i..]);
    let svg = svg.strip_prefix("<svg").unwrap_or(svg);
    p.raw(&format!(
        "<svg role=\"img\" aria-label=\"{}\"{}\n",
        escape(&c.caption),
        svg
    ));
    p.open("figcaption", "");
    if let Some(k) = number {
        p.open("strong", "")
            .text(&format!("{} {}.", lang.t("Figure", "Figur"), k))
            .close("strong")
            .raw(" ");
    }
    p.text(&c.caption).close("figcaption").raw("\n</figure>\n");
}

fn figures(p: &mut Page, charts: &[RenderedChart], lang: Lang) {
    // The response chart (decision metric, revenue and margin) supersedes the revenue-only
    // sweep chart in the report.
    let response = charts.iter().any(|c| c.name == "response");
    let shown: Vec<&RenderedChart> = charts
        .iter()
        .filter(|c| !EMBEDDED.contains(&c.name))
        .filter(|c| !(response && c.name == "sweep_response"))
        .collect();
    if shown.is_empty() {
        return;
    }
    p.raw("<section id=\"charts\">\n");
    p.el("h2", "", lang.t("Charts", "Diagram"));
    for (k, c) in shown.into_iter().enumerate() {
        embed_figure(p, c, Some(k + 1), lang);
    }
    p.raw("</section>\n");
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
