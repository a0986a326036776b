//! "How well the baseline matches your data": for a scenario made by `spmsim calibrate`, the
//! baseline's figures per motion next to what the CRM export showed (the `calibration` key of
//! `summary.json`, docs/calibration.md section 6), with the relative error, a flag above the
//! tolerance and one sentence of verdict. Pure: no I/O.

use crate::lang::labels;
use crate::results::Summary;
use crate::scenario::load::CheckRow;

use super::Lang;
use super::html::Page;

/// A figure in its unit: shares as percent, money in the currency, the rest as numbers.
fn value(r: &CheckRow, x: f64, currency: &str, lang: Lang) -> String {
    let n = lang.numbers();
    if r.metric.starts_with("win_rate") {
        n.share(x, 1)
    } else if r.metric.starts_with("avg_won_deal") {
        n.money(x, currency)
    } else if r.metric.starts_with("cycle") {
        format!("{} {}", n.number(x, 1), lang.t("weeks", "veckor"))
    } else {
        n.number(x, 1)
    }
}

/// The section, when the summary has a calibration check.
pub(super) fn calibration(p: &mut Page, s: &Summary, lang: Lang) {
    let Some(c) = &s.calibration else {
        return;
    };
    let n = lang.numbers();
    let tol = n.share(c.tolerance, 0);
    p.raw("<section id=\"calibration\">\n");
    p.el(
        "h2",
        "",
        lang.t(
            "How well the baseline matches your data",
            "Hur väl utgångsläget stämmer med era data",
        ),
    );
    let flagged: Vec<&CheckRow> = c.rows.iter().filter(|r| r.flagged).collect();
    let label = |r: &CheckRow| labels::output_or_name(&r.metric, lang);
    let figures = c.rows.len();
    let missed = flagged
        .iter()
        .map(|r| label(r))
        .collect::<Vec<_>>()
        .join("; ");
    let verdict = match (lang, flagged.len()) {
        (Lang::En, 0) => format!(
            "The simulated baseline reproduces every figure of your export within {tol}: as far as this data can tell, the baseline is your company."
        ),
        (Lang::Sv, 0) => format!(
            "Det simulerade utgångsläget återger alla siffror i er export inom {tol}: så långt dessa data kan visa är utgångsläget ert företag."
        ),
        (Lang::En, k) => format!(
            "{k} of {figures} figures of the simulated baseline differ from your export by more than {tol} ({missed}): read the results with this in mind, and see the calibration guide for what to check."
        ),
        (Lang::Sv, k) => format!(
            "{k} av {figures} siffror i det simulerade utgångsläget skiljer sig från er export med mer än {tol} ({missed}): läs resultaten med det i minnet, och se kalibreringsguiden för vad som bör kontrolleras."
        ),
    };
    p.el("p", "", &verdict);
    p.el(
        "p",
        "class=\"note\"",
        &match lang {
            Lang::En => format!(
                "Calibrated from {} ({} opportunities, exported {}). Observed: in the export (deals won per rep and year in the second half of its window, the won-deal cycle of deals created in its first half, so that an export's empty start and unfinished end do not bias them). Simulated: the baseline's mean over the run's worlds.",
                c.source, c.opportunities, c.export_date
            ),
            Lang::Sv => format!(
                "Kalibrerat från {} ({} affärsmöjligheter, exporterad {}). Observerat: i exporten (vunna affärer per säljare och år under periodens andra halva, säljcykeln för affärer skapade under dess första halva, så att exportens tomma början och ofullständiga slut inte snedvrider dem). Simulerat: utgångslägets medelvärde över körningens världar.",
                c.source, c.opportunities, c.export_date
            ),
        },
    );
    p.raw("<div class=\"table-wrap\">\n<table>\n<thead>\n<tr>");
    for h in [
        lang.t("Figure", "Mått"),
        lang.t("Observed", "Observerat"),
        lang.t("Simulated", "Simulerat"),
        lang.t("Relative error", "Relativt fel"),
        lang.t("Flag", "Flagga"),
    ] {
        p.el("th", "scope=\"col\"", h);
    }
    p.raw("</tr>\n</thead>\n<tbody>\n");
    for r in &c.rows {
        p.raw("<tr>");
        p.el("td", "", &label(r));
        p.el("td", "", &value(r, r.observed, &s.currency, lang));
        p.el("td", "", &value(r, r.simulated, &s.currency, lang));
        p.el("td", "", &n.percent_change(100.0 * r.relative_error, 1));
        p.el(
            "td",
            "",
            if r.flagged {
                lang.t("above tolerance", "över toleransen")
            } else {
                ""
            },
        );
        p.raw("</tr>\n");
    }
    p.raw("</tbody>\n</table>\n</div>\n");
    p.raw("</section>\n");
}
