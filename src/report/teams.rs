//! Results per team (revenue, operating profit and margin, win rate, reps at target,
//! attrition) and per motion (average won deal, deals won per rep, won-deal cycle), from the
//! summary's `teams` lists (docs/model.md section 10.1, per team). Pure: no I/O.

use crate::metrics::M;
use crate::results::{Summary, TeamSummary, VariantSummary};

use super::Lang;
use super::decision::signed_money;
use super::html::Page;

/// Weeks of a rep-year in "deals won per rep and year".
const WEEKS_PER_YEAR: f64 = 52.0;

/// The variants shown per team: the baseline and every variant that is not a sweep point.
fn shown(s: &Summary) -> Vec<(usize, &VariantSummary)> {
    s.variants
        .iter()
        .enumerate()
        .filter(|(_, v)| v.baseline || !s.is_sweep_point(&v.name))
        .filter(|(_, v)| !v.teams.is_empty())
        .collect()
}

fn name_cell(p: &mut Page, s: &Summary, i: usize, lang: Lang) {
    let v = &s.variants[i];
    p.open("td", "")
        .raw(&format!(
            "<span class=\"swatch\" style=\"background:{}\"></span>",
            crate::plot::style::variant_hex(s, i)
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

fn head(p: &mut Page, heads: &[&str]) {
    p.raw("<div class=\"table-wrap\">\n<table>\n<thead>\n<tr>");
    for h in heads {
        p.el("th", "scope=\"col\"", h);
    }
    p.raw("</tr>\n</thead>\n<tbody>\n");
}

/// The section, when the summary has per-team results.
pub(super) fn teams(p: &mut Page, s: &Summary, lang: Lang) {
    let rows = shown(s);
    let Some((_, first)) = rows.first() else {
        return;
    };
    let cur = &s.currency;
    p.raw("<section id=\"teams\">\n");
    p.el("h2", "", lang.t("Results per team", "Resultat per team"));
    p.el(
        "p",
        "class=\"note\"",
        lang.t(
            "Means over the sampled worlds. A team's operating profit is its revenue minus every cost it causes, its own manager and the overhead of its seats included, so the teams add up to the whole organisation; margin, win rate and reps at target are ratios of the totals over the worlds. The change is paired: the same team under the baseline in the same world.",
            "Medelvärden över de simulerade världarna. Ett teams rörelseresultat är dess intäkter minus alla kostnader det orsakar, inklusive den egna säljchefen och omkostnaderna för dess säljplatser, så att teamen summerar till hela organisationen; marginal, andel vunna affärer och säljare som når målet är kvoter av summorna över världarna. Förändringen är parvis: samma team med utgångsläget i samma värld.",
        ),
    );
    for (t, team) in first.teams.iter().enumerate() {
        p.el(
            "h3",
            "",
            &format!(
                "{} ({})",
                team.name,
                match team.motion.as_str() {
                    "traditional" => lang.t("traditional selling", "traditionell försäljning"),
                    "complex" => lang.t("complex selling", "komplex försäljning"),
                    other => other,
                }
            ),
        );
        head(
            p,
            &[
                "Variant",
                lang.t("Revenue", "Intäkter"),
                lang.t(
                    "Revenue change [95 % interval]",
                    "Intäktsförändring [95 % konfidensintervall]",
                ),
                lang.t("Operating profit", "Rörelseresultat"),
                lang.t("Operating margin", "Rörelsemarginal"),
                lang.t("Win rate", "Andel vunna affärer"),
                lang.t("Reps at target", "Säljare som når målet"),
                lang.t("Reps who left", "Säljare som slutat"),
            ],
        );
        for (i, v) in &rows {
            let Some(ts) = v.teams.get(t).filter(|x| x.name == team.name) else {
                continue;
            };
            p.raw(if v.baseline {
                "<tr class=\"baseline\">"
            } else {
                "<tr>"
            });
            name_cell(p, s, *i, lang);
            team_cells(p, ts, cur, lang);
            p.raw("</tr>\n");
        }
        p.raw("</tbody>\n</table>\n</div>\n");
    }
    motions(p, s, &rows, lang);
    p.raw("</section>\n");
}

fn team_cells(p: &mut Page, ts: &TeamSummary, cur: &str, lang: Lang) {
    p.el("td", "", &lang.money(ts.revenue, cur));
    match ts.vs_baseline.get(M::Revenue.name()) {
        Some(d) if d.mean.is_finite() => {
            p.open("td", "").text(&signed_money(lang, d.mean, cur));
            if d.ci95.iter().all(|x| x.is_finite()) {
                p.open("span", "class=\"ci\"")
                    .text(&format!(
                        "[{}; {}]",
                        signed_money(lang, d.ci95[0], cur),
                        signed_money(lang, d.ci95[1], cur)
                    ))
                    .close("span");
            }
            p.close("td");
        }
        _ => {
            p.el("td", "", "–");
        }
    }
    p.el("td", "", &lang.money(ts.operating_profit, cur));
    p.el("td", "", &lang.percent(ts.operating_margin_pct, 1));
    p.el("td", "", &lang.share(ts.win_rate, 1));
    p.el("td", "", &lang.share(ts.share_at_target, 0));
    p.el("td", "", &lang.number(ts.attrition, 1));
}

/// Per motion: average won deal, deals won per rep and year, and the won-deal cycle.
fn motions(p: &mut Page, s: &Summary, rows: &[(usize, &VariantSummary)], lang: Lang) {
    let cur = &s.currency;
    for (motion, cycle, title) in [
        (
            "traditional",
            M::CycleWonTraditional,
            lang.t("Traditional selling", "Traditionell försäljning"),
        ),
        (
            "complex",
            M::CycleWonComplex,
            lang.t("Complex selling", "Komplex försäljning"),
        ),
    ] {
        let present = rows
            .iter()
            .any(|(_, v)| v.teams.iter().any(|t| t.motion == motion));
        if !present {
            continue;
        }
        p.el(
            "h3",
            "",
            &format!("{title}: {}", lang.t("won deals", "vunna affärer")),
        );
        head(
            p,
            &[
                "Variant",
                lang.t("Average won deal", "Genomsnittlig vunnen affär"),
                lang.t(
                    "Deals won per rep and year",
                    "Vunna affärer per säljare och år",
                ),
                lang.t(
                    "Won-deal cycle (weeks)",
                    "Säljcykel för vunna affärer (veckor)",
                ),
            ],
        );
        for (i, v) in rows {
            let teams = v.teams.iter().filter(|t| t.motion == motion);
            let (rev, won, weeks) = teams.fold((0.0, 0.0, 0.0), |(r, w, k), t| {
                (r + t.revenue, w + t.deals_won, k + t.filled_rep_weeks)
            });
            let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
            p.raw(if v.baseline {
                "<tr class=\"baseline\">"
            } else {
                "<tr>"
            });
            name_cell(p, s, *i, lang);
            p.el("td", "", &lang.money(ratio(rev, won), cur));
            p.el(
                "td",
                "",
                &lang.number(ratio(won, weeks / WEEKS_PER_YEAR), 1),
            );
            p.el("td", "", &lang.number(v.metric_mean(cycle), 1));
            p.raw("</tr>\n");
        }
        p.raw("</tbody>\n</table>\n</div>\n");
    }
    p.el(
        "p",
        "class=\"note\"",
        lang.t(
            "Average won deal: expected revenue over expected deals won. Deals won per rep and year: deals won per 52 filled rep-weeks. Won-deal cycle: mean weeks from qualification to win.",
            "Genomsnittlig vunnen affär: förväntade intäkter delat med förväntat antal vunna affärer. Vunna affärer per säljare och år: vunna affärer per 52 bemannade säljarveckor. Säljcykel för vunna affärer: genomsnittligt antal veckor från kvalificering till vunnen affär.",
        ),
    );
}
