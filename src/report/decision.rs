//! The parts of the report a decision is made from: the headline variant's key figures (the
//! expected change with its interval, the range across worlds and the share of worlds
//! better, each explained in one sentence), and operating profit in money with the P&L
//! bridge from the baseline (docs/model.md sections 10.1 and 10.3). Pure: no I/O.

use crate::analysis::bridge::Bridge;
use crate::metrics::{M, Output};
use crate::plot::RenderedChart;
use crate::plot::bridge::line_name;
use crate::results::Summary;
use crate::stats::ChangeEstimate;

use super::html::Page;
use super::sections::{baseline_name, embed_figure};
use super::vocab::pp;
use super::{Lang, headline};

/// Money with an explicit sign: "+1.2 MSEK", "−0.8 MSEK" ("–" when not finite).
pub(super) fn signed_money(lang: Lang, x: f64, currency: &str) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let m = lang.money(x.abs(), currency);
    if x.abs() < 0.05 {
        format!("\u{b1}{}", lang.money(0.0, currency))
    } else if x < 0.0 {
        format!("\u{2212}{m}")
    } else {
        format!("+{m}")
    }
}

/// A change in the unit of its row.
#[derive(Clone, Copy)]
enum Unit {
    Pct,
    Points,
    Money,
}

fn fmt(lang: Lang, unit: Unit, x: f64, currency: &str) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    match unit {
        Unit::Pct => format!("{}\u{a0}%", lang.signed(x, 1)),
        Unit::Points => format!("{}\u{a0}{}", lang.signed(x, 1), pp(lang)),
        Unit::Money => signed_money(lang, x, currency),
    }
}

/// The key figures of the headline variant, under the headline sentence.
pub(super) fn key_figures(p: &mut Page, s: &Summary, lang: Lang) {
    let Some(h) = headline::choose(s) else {
        return;
    };
    let v = h.variant;
    let rows: [(&str, Unit, Option<&ChangeEstimate>); 3] = [
        (
            lang.t("Revenue", "Intäkter"),
            Unit::Pct,
            v.change(Output::REVENUE_PCT),
        ),
        (
            lang.t("Operating margin", "Rörelsemarginal"),
            Unit::Points,
            v.change(Output::OPERATING_MARGIN_PP),
        ),
        (
            lang.t("Operating profit", "Rörelseresultat"),
            Unit::Money,
            v.change(Output::Metric(M::OperatingProfit)),
        ),
    ];
    p.raw("<div class=\"table-wrap\">\n<table class=\"key-figures\">\n<thead>\n<tr>");
    let heads = [
        lang.fill(("{} vs {}", "{} mot {}"), &[&v.name, &baseline_name(s)]),
        lang.t(
            "Expected change [95 % interval]",
            "Förväntad förändring [95 % konfidensintervall]",
        )
        .into(),
        lang.t(
            "Range across worlds (5th to 95th percentile)",
            "Spridning mellan världar (5:e till 95:e percentilen)",
        )
        .into(),
        lang.t("Share of worlds better", "Andel världar som blir bättre")
            .into(),
    ];
    for head in &heads {
        p.el("th", "scope=\"col\"", head);
    }
    p.raw("</tr>\n</thead>\n<tbody>\n");
    for (label, unit, d) in rows {
        p.raw("<tr>");
        p.el("td", "", label);
        let f = |x: f64| fmt(lang, unit, x, &s.currency);
        match d.filter(|d| d.mean.is_finite()) {
            Some(d) => {
                p.open("td", "").text(&f(d.mean));
                if d.ci95.iter().all(|x| x.is_finite()) {
                    p.open("span", "class=\"ci\"")
                        .text(&format!("[{}; {}]", f(d.ci95[0]), f(d.ci95[1])))
                        .close("span");
                }
                p.close("td");
                // Money ends in one unit ("−0,3 MSEK till +10,8 MSEK").
                let [lo, hi] = match unit {
                    Unit::Money => lang.numbers().money_change_pair(d.p05, d.p95, &s.currency),
                    _ => [f(d.p05), f(d.p95)],
                };
                p.el("td", "", &format!("{lo} {} {hi}", lang.t("to", "till")));
                let better = d.p_better.unwrap_or(d.p_higher);
                p.el("td", "", &lang.share(better, 0));
            }
            None => {
                for _ in 0..3 {
                    p.el("td", "", "–");
                }
            }
        }
        p.raw("</tr>\n");
    }
    p.raw("</tbody>\n</table>\n</div>\n");
    p.raw("<ul class=\"explain\">\n");
    for (term, text) in [
        (
            lang.t("Expected change and its interval:", "Förväntad förändring och dess intervall:"),
            lang.t(
                "how sure we are of the average. The average over all sampled worlds; the 95 % interval is the uncertainty left from simulating a finite number of worlds, and it narrows as more worlds are simulated.",
                "hur säkra vi är på genomsnittet. Genomsnittet över alla simulerade världar; 95 % konfidensintervall är osäkerheten från att ett begränsat antal världar simulerats, och det krymper när fler världar simuleras.",
            ),
        ),
        (
            lang.t("Range across worlds:", "Spridning mellan världar:"),
            lang.t(
                "how different one year can turn out. In nine of ten sampled worlds the change falls between these two figures; more simulation does not narrow it, because it is the uncertainty of the assumptions and of one year's luck.",
                "hur olika ett enskilt år kan bli. I nio av tio simulerade världar hamnar förändringen mellan dessa två siffror; fler simulerade världar gör den inte smalare, eftersom den speglar osäkerheten i antagandena och slumpen under ett enskilt år.",
            ),
        ),
        (
            lang.t("Share of worlds better:", "Andel världar som blir bättre:"),
            lang.t(
                "the share of sampled worlds (each drawing the uncertain assumptions and one year's noise) in which the proposal comes out ahead of the baseline; it is not the probability that the proposal works.",
                "andelen simulerade världar (var och en drar de osäkra antagandena och ett års slump) där förslaget blir bättre än utgångsläget; den är inte sannolikheten att förslaget fungerar.",
            ),
        ),
    ] {
        p.open("li", "")
            .open("strong", "")
            .text(term)
            .close("strong")
            .text(" ")
            .text(text)
            .close("li")
            .raw("\n");
    }
    p.raw("</ul>\n");
}

/// The section on operating profit in money and the P&L bridge, when the headline variant
/// has a bridge.
pub(super) fn profit(p: &mut Page, s: &Summary, charts: &[RenderedChart], lang: Lang) {
    let Some(v) = s.headline_variant() else {
        return;
    };
    let Some(b) = Bridge::of(s, v) else {
        return;
    };
    let cur = &s.currency;
    let base = baseline_name(s);
    p.raw("<section id=\"profit\">\n");
    p.el(
        "h2",
        "",
        lang.t(
            "Operating profit and the P&L bridge",
            "Rörelseresultat och resultatbrygga",
        ),
    );
    let [lo, hi] = b.ci95;
    let text = lang.fill(
        (
            "Expected operating profit over the {} weeks: {} under {}, {} under {}, a change of {} (95 % interval {} to {}).",
            "Förväntat rörelseresultat under de {} veckorna: {} med {}, {} med {}, en förändring med {} (95 % konfidensintervall {} till {}).",
        ),
        &[
            &s.horizon_weeks,
            &lang.money(b.start, cur),
            &base,
            &lang.money(b.end, cur),
            &v.name,
            &signed_money(lang, b.change, cur),
            &signed_money(lang, lo, cur),
            &signed_money(lang, hi, cur),
        ],
    );
    p.el("p", "class=\"profit\"", &text);
    if let Some(op) = v
        .change(Output::Metric(M::OperatingProfit))
        .filter(|op| op.p05.is_finite() && op.p95.is_finite())
    {
        let [p05, p95] = lang.numbers().money_change_pair(op.p05, op.p95, cur);
        let text = lang.fill(
            (
                "In a single year the change can turn out anywhere from {} to {} (5th to 95th percentile across sampled worlds); operating profit is higher in {} of them.",
                "Ett enskilt år kan förändringen bli allt från {} till {} (5:e till 95:e percentilen av de simulerade världarna); rörelseresultatet är högre i {} av dem.",
            ),
            &[&p05, &p95, &lang.share(op.p_better.unwrap_or(op.p_higher), 0)],
        );
        p.el("p", "", &text);
    }
    p.el(
        "h3",
        "",
        &lang.fill(
            ("P&L bridge from {} to {}", "Resultatbrygga från {} till {}"),
            &[&base, &v.name],
        ),
    );
    p.raw("<div class=\"table-wrap\">\n<table class=\"bridge\">\n<thead>\n<tr>");
    for head in [
        lang.t("P&L line", "Resultatrad").to_string(),
        base.clone(),
        v.name.clone(),
        lang.t(
            "Effect on operating profit [95 % interval]",
            "Effekt på rörelseresultatet [95 % konfidensintervall]",
        )
        .to_string(),
    ] {
        p.el("th", "scope=\"col\"", &head);
    }
    p.raw("</tr>\n</thead>\n<tbody>\n");
    let op_row = |p: &mut Page, label: &str, effect: Option<(f64, [f64; 2])>| {
        p.raw("<tr class=\"total\">");
        p.el("td", "", label);
        p.el("td", "", &lang.money(b.start, cur));
        p.el("td", "", &lang.money(b.end, cur));
        match effect {
            Some((e, [lo, hi])) => {
                p.open("td", "").text(&signed_money(lang, e, cur));
                p.open("span", "class=\"ci\"")
                    .text(&format!(
                        "[{}; {}]",
                        signed_money(lang, lo, cur),
                        signed_money(lang, hi, cur)
                    ))
                    .close("span")
                    .close("td");
            }
            None => {
                p.el("td", "", "");
            }
        }
        p.raw("</tr>\n");
    };
    for step in &b.steps {
        p.raw("<tr>");
        let name = match step.metric {
            Some(m) => line_name(m, lang),
            None => lang.t("other costs", "övriga kostnader"),
        };
        p.el("td", "", name);
        p.el("td", "", &lang.money(step.baseline, cur));
        p.el("td", "", &lang.money(step.variant, cur));
        p.open("td", "").raw(&format!(
            "<span class=\"effect\">{}</span>",
            super::html::escape(&signed_money(lang, step.effect, cur))
        ));
        if step.ci95.iter().all(|x| x.is_finite()) {
            p.open("span", "class=\"ci\"")
                .text(&format!(
                    "[{}; {}]",
                    signed_money(lang, step.ci95[0], cur),
                    signed_money(lang, step.ci95[1], cur)
                ))
                .close("span");
        }
        p.close("td");
        p.raw("</tr>\n");
    }
    op_row(
        p,
        lang.t("Operating profit", "Rörelseresultat"),
        Some((b.change, b.ci95)),
    );
    p.raw("</tbody>\n</table>\n</div>\n");
    p.el(
        "p",
        "class=\"note\"",
        lang.t(
            "Means over the sampled worlds; costs are shown as positive amounts. The effect of a line is its expected paired change with its sign in operating profit (a cost that rises lowers profit), so the effects add up to the change of operating profit. Overhead is per seat, filled or not; managers, coaching and hiring are sales costs.",
            "Medelvärden över de simulerade världarna; kostnader visas som positiva belopp. En rads effekt är dess förväntade parvisa förändring med tecknet den har i rörelseresultatet (en kostnad som ökar sänker resultatet), så effekterna summerar till förändringen av rörelseresultatet. Omkostnader räknas per säljplats, tillsatt eller inte; säljchefer, coachning och rekrytering är försäljningskostnader.",
        ),
    );
    if let Some(c) = charts.iter().find(|c| c.name == "pnl_bridge") {
        embed_figure(p, c, None, lang);
    }
    p.raw("</section>\n");
}

/// The transition section: the headline variant's cumulative revenue change vs the baseline
/// week by week (paired), with its lowest point and the week it turns positive for good.
pub(super) fn transition(p: &mut Page, s: &Summary, charts: &[RenderedChart], lang: Lang) {
    let Some(chart) = charts.iter().find(|c| c.name == "transition") else {
        return;
    };
    let Some(v) = s.headline_variant() else {
        return;
    };
    let Some(band) = v.weekly.cumulative_revenue_change.as_ref() else {
        return;
    };
    let cur = &s.currency;
    p.raw("<section id=\"transition\">\n");
    p.el(
        "h2",
        "",
        lang.t("The transition after the switch", "Övergången efter bytet"),
    );
    let mean = &band.mean;
    let low = mean
        .iter()
        .enumerate()
        .filter(|(_, y)| y.is_finite())
        .min_by(|a, b| a.1.total_cmp(b.1));
    // The first week from which the mean stays above zero to the end.
    let positive_from = (0..mean.len())
        .find(|&k| mean[k..].iter().all(|y| *y > 0.0))
        .map(|k| k + 1);
    let last = mean.iter().rev().find(|y| y.is_finite()).copied();
    let base = super::vocab::baseline_phrase(&baseline_name(s), lang);
    let text = match (low, last) {
        (Some((k, &y)), Some(end)) if y < 0.0 => {
            let turn = match positive_from {
                Some(w) => lang.fill(
                    (
                        "it is ahead for good from week {}",
                        "den ligger före för gott från vecka {}",
                    ),
                    &[&w],
                ),
                None => lang
                    .t(
                        "it is not ahead for good within the horizon",
                        "den kommer inte före för gott inom perioden",
                    )
                    .to_string(),
            };
            lang.fill(
                (
                    "On average the cumulative revenue of {} first falls behind {}, by {} at most (week {}); {}, and it ends the {} weeks at {}.",
                    "I genomsnitt hamnar {} först efter {} i ackumulerade intäkter, som mest {} efter (vecka {}); {}, och efter de {} veckorna är skillnaden {}.",
                ),
                &[
                    &v.name,
                    &base,
                    &lang.money(-y, cur),
                    &(k + 1),
                    &turn,
                    &s.horizon_weeks,
                    &signed_money(lang, end, cur),
                ],
            )
        }
        (_, Some(end)) => lang.fill(
            (
                "On average the cumulative revenue of {} never falls behind {}; it ends the {} weeks at {}.",
                "I genomsnitt hamnar {} aldrig efter {} i ackumulerade intäkter; efter de {} veckorna är skillnaden {}.",
            ),
            &[&v.name, &base, &s.horizon_weeks, &signed_money(lang, end, cur)],
        ),
        _ => String::new(),
    };
    if !text.is_empty() {
        p.el("p", "", &text);
    }
    p.el(
        "p",
        "class=\"note\"",
        lang.t(
            "The band is the paired difference in each sampled world (the same world under both steerings), not two separate bands: it shows how far behind or ahead one year can run week by week. The last week's mean is the expected revenue change in money.",
            "Bandet är den parvisa skillnaden i varje simulerad värld (samma värld med båda styrningarna), inte två separata band: det visar hur långt efter eller före ett enskilt år kan ligga vecka för vecka. Den sista veckans medelvärde är den förväntade intäktsförändringen i pengar.",
        ),
    );
    embed_figure(p, chart, None, lang);
    p.raw("</section>\n");
}
