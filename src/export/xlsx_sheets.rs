//! The sheets of the workbook (see [`super::xlsx`]), one function each; a sheet whose figures
//! the result lacks (no sweep, no sensitivity, no per-team figures) is left out.

use rust_xlsxwriter::{
    Chart, ChartErrorBars, ChartErrorBarsType, ChartRange, ChartType, Workbook, XlsxError,
};
use serde_json::Value;

use super::xlsx::{Cell, Formats, Sheet, XlsxInput};
use crate::lang::{Lang, labels};
use crate::metrics::{Change, METRICS, Output};
use crate::results::VariantSummary;
use crate::scenario::{Motion, ParamValue};

fn t(lang: Lang, en: &str, sv: &str) -> String {
    lang.t(en, sv).to_string()
}

/// Sheet names in the workbook's language (at most 31 characters, no `[]:*?/\`).
pub(crate) fn sheet_name(lang: Lang, which: &str) -> &'static str {
    match which {
        "summary" => lang.t("Summary", "Sammanfattning"),
        "change" => lang.t("Change vs baseline", "Förändring mot utgångsläget"),
        "variants" => lang.t("Variants", "Varianter"),
        "teams" => lang.t("Teams", "Team"),
        "sweep" => lang.t("Sweep", "Svep"),
        "sensitivity" => lang.t("Sensitivity", "Känslighet"),
        _ => lang.t("Assumptions", "Antaganden"),
    }
}

/// Finish a sheet: freeze the header rows and label columns above and left of `freeze`
/// (row, column), and fit every column to its content up to `max_width` pixels.
fn finish(sh: &mut Sheet<'_>, freeze: (u32, u16), max_width: u32) -> Result<(), XlsxError> {
    sh.ws.set_freeze_panes(freeze.0, freeze.1)?;
    sh.ws.set_autofit_max_width(max_width).autofit();
    Ok(())
}

fn baseline_name(lang: Lang, v: &VariantSummary) -> String {
    if v.baseline {
        format!("{} {}", v.name, lang.t("(baseline)", "(utgångsläge)"))
    } else {
        v.name.clone()
    }
}

/// The run, then one row per variant with its revenue and margin and their change vs the
/// baseline; the two headline charts beside it.
pub(crate) fn summary_sheet(
    wb: &mut Workbook,
    input: &XlsxInput<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let (s, lang) = (input.summary, input.lang);
    let name = sheet_name(lang, "summary");
    let ws = wb.add_worksheet().set_name(name)?;
    let mut sh = Sheet::new(ws);
    sh.ws
        .write_string_with_format(0, 0, &s.experiment, &f.title)?;
    sh.row = 1;
    if !s.description.is_empty() {
        sh.text(0, &s.description)?;
        sh.row += 1;
    }
    sh.row += 1;
    sh.pair(
        &t(lang, "Simulated worlds", "Simulerade världar"),
        Cell::Num(s.trials as f64, &f.whole),
    )?;
    sh.pair(
        &t(lang, "Weeks after the switch", "Veckor efter bytet"),
        Cell::Num(f64::from(s.horizon_weeks), &f.whole),
    )?;
    sh.pair(
        &t(lang, "Seed", "Slumpfrö"),
        Cell::Num(s.seed as f64, &f.whole),
    )?;
    sh.pair(&t(lang, "Currency", "Valuta"), Cell::Text(&s.currency))?;
    sh.row += 1;
    let header_row = sh.row;
    let cur = &s.currency;
    sh.headers(
        f,
        &[
            t(lang, "Variant", "Variant"),
            format!("{} ({cur})", labels::output_or_name("revenue", lang)),
            format!(
                "{} ({cur})",
                labels::output_or_name("operating_profit", lang)
            ),
            format!(
                "{} (%)",
                labels::output_or_name("operating_margin_pct", lang)
            ),
            t(
                lang,
                "Revenue change vs baseline (%)",
                "Intäktsförändring mot utgångsläget (%)",
            ),
            t(
                lang,
                "Margin change vs baseline (pp)",
                "Marginalförändring mot utgångsläget (p.e.)",
            ),
            t(
                lang,
                "Worlds with higher revenue",
                "Världar med högre intäkter",
            ),
            t(
                lang,
                "Worlds with higher margin",
                "Världar med högre marginal",
            ),
        ],
    )?;
    for v in &s.variants {
        sh.text(0, &baseline_name(lang, v))?;
        sh.num(1, v.metric_mean(crate::metrics::M::Revenue), &f.money)?;
        sh.num(
            2,
            v.metric_mean(crate::metrics::M::OperatingProfit),
            &f.money,
        )?;
        sh.num(
            3,
            v.metric_mean(crate::metrics::M::OperatingMarginPct),
            &f.percent,
        )?;
        if let Some(c) = v.change(Output::REVENUE_PCT) {
            sh.num(4, c.estimate.mean, &f.change_pct)?;
            sh.num(6, c.estimate.p_better.unwrap_or(f64::NAN), &f.share)?;
        }
        if let Some(c) = v.change(Output::OPERATING_MARGIN_PP) {
            sh.num(5, c.estimate.mean, &f.change_pp)?;
            sh.num(7, c.estimate.p_better.unwrap_or(f64::NAN), &f.share)?;
        }
        sh.row += 1;
    }
    finish(&mut sh, (header_row + 1, 1), 320)?;
    Ok(())
}

/// The change of each variant against the baseline, one row per variant and output (the
/// two changes first, then every metric), and the two headline charts with the 95 %
/// intervals of the expected change as error bars.
pub(crate) fn change_sheet(
    wb: &mut Workbook,
    input: &XlsxInput<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let (s, lang) = (input.summary, input.lang);
    let others: Vec<&VariantSummary> = s.variants.iter().filter(|v| !v.baseline).collect();
    if others.is_empty() {
        return Ok(());
    }
    let name = sheet_name(lang, "change");
    let ws = wb.add_worksheet().set_name(name)?;
    let mut sh = Sheet::new(ws);
    sh.headers(
        f,
        &[
            t(lang, "Variant", "Variant"),
            t(lang, "Output", "Utfall"),
            t(lang, "Unit", "Enhet"),
            t(lang, "Expected change", "Förväntad förändring"),
            t(lang, "95 % interval, low", "95 % intervall, lägre"),
            t(lang, "95 % interval, high", "95 % intervall, övre"),
            t(
                lang,
                "Range across worlds, 5 %",
                "Spridning mellan världar, 5 %",
            ),
            t(
                lang,
                "Range across worlds, 95 %",
                "Spridning mellan världar, 95 %",
            ),
            t(lang, "Worlds better", "Världar bättre"),
            t(lang, "Worlds equal", "Världar lika"),
            t(lang, "Worlds worse", "Världar sämre"),
            t(
                lang,
                "Interval below (for the chart)",
                "Intervall nedåt (för diagrammet)",
            ),
            t(
                lang,
                "Interval above (for the chart)",
                "Intervall uppåt (för diagrammet)",
            ),
        ],
    )?;
    let outputs: Vec<Output> = Change::ALL
        .into_iter()
        .map(Output::Change)
        .chain(crate::metrics::M::ALL.into_iter().map(Output::Metric))
        .collect();
    // The headline rows first (one block per change, variants in order), so that each chart
    // reads one contiguous range.
    let mut blocks = Vec::new();
    for o in &outputs {
        let first = sh.row;
        for v in &others {
            let Some(c) = v.change(*o) else { continue };
            let e = &c.estimate;
            let unit = o.unit();
            let fmt = match o {
                Output::Change(Change::RevenuePct) => &f.change_pct,
                Output::Change(Change::OperatingMarginPp) => &f.change_pp,
                Output::Metric(m) => f.for_unit(m.def().unit),
            };
            sh.text(0, &v.name)?;
            sh.text(1, &labels::output_or_name(o.name(), lang))?;
            sh.text(2, &unit_word(unit, &s.currency, lang))?;
            sh.num(3, e.mean, fmt)?;
            sh.num(4, e.ci95[0], fmt)?;
            sh.num(5, e.ci95[1], fmt)?;
            sh.num(6, e.p05, fmt)?;
            sh.num(7, e.p95, fmt)?;
            sh.num(8, e.p_better.unwrap_or(f64::NAN), &f.share)?;
            sh.num(9, c.p_equal, &f.share)?;
            sh.num(10, c.p_worse.unwrap_or(f64::NAN), &f.share)?;
            sh.num(11, e.mean - e.ci95[0], &f.number2)?;
            sh.num(12, e.ci95[1] - e.mean, &f.number2)?;
            sh.row += 1;
        }
        if matches!(o, Output::Change(_)) && sh.row > first {
            blocks.push((*o, first, sh.row - 1));
        }
    }
    finish(&mut sh, (1, 2), 260)?;
    let mut chart_row = 1;
    for (o, first, last) in blocks {
        let title = match o {
            Output::Change(Change::RevenuePct) => t(
                lang,
                "Revenue change vs baseline (%), with 95 % interval",
                "Intäktsförändring mot utgångsläget (%), med 95 % intervall",
            ),
            _ => t(
                lang,
                "Operating margin change vs baseline (pp), with 95 % interval",
                "Förändring av rörelsemarginalen mot utgångsläget (p.e.), med 95 % intervall",
            ),
        };
        let mut chart = Chart::new(ChartType::Bar);
        chart.title().set_name(&title);
        chart.legend().set_hidden();
        chart.y_axis().set_reverse();
        let bars = ChartErrorBars::new()
            .set_type(ChartErrorBarsType::Custom(
                ChartRange::new_from_range(name, first, 12, last, 12),
                ChartRange::new_from_range(name, first, 11, last, 11),
            ))
            .clone();
        chart
            .add_series()
            .set_name(&title)
            .set_categories((name, first, 0, last, 0))
            .set_values((name, first, 3, last, 3))
            .set_x_error_bars(&bars);
        sh.ws.insert_chart(chart_row, 14, &chart)?;
        chart_row += 16;
    }
    Ok(())
}

fn unit_word(unit: &str, currency: &str, lang: Lang) -> String {
    match unit {
        "currency" => currency.to_string(),
        "%" => "%".into(),
        "points" => lang.t("pp", "p.e.").into(),
        "share" => lang.t("share", "andel").into(),
        "weeks" => lang.t("weeks", "veckor").into(),
        "deals" => lang.t("deals", "affärer").into(),
        "reps" => lang.t("reps", "säljare").into(),
        "contacts" => lang.t("contacts", "kontakter").into(),
        "leads" => "leads".into(),
        "index" => lang.t("index", "index").into(),
        "skill" => lang.t("skill", "kompetens").into(),
        "ratio" => lang.t("ratio", "kvot").into(),
        other => other.into(),
    }
}

/// Every metric of every variant: mean, its 95 % interval, and the 5th, 50th and 95th
/// percentile across worlds.
pub(crate) fn variants_sheet(
    wb: &mut Workbook,
    input: &XlsxInput<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let (s, lang) = (input.summary, input.lang);
    let ws = wb.add_worksheet().set_name(sheet_name(lang, "variants"))?;
    let mut sh = Sheet::new(ws);
    sh.headers(
        f,
        &[
            t(lang, "Variant", "Variant"),
            t(lang, "Metric", "Nyckeltal"),
            t(lang, "Unit", "Enhet"),
            t(lang, "Mean", "Medelvärde"),
            t(lang, "95 % interval, low", "95 % intervall, lägre"),
            t(lang, "95 % interval, high", "95 % intervall, övre"),
            t(lang, "5th percentile", "5:e percentilen"),
            t(lang, "Median", "Median"),
            t(lang, "95th percentile", "95:e percentilen"),
        ],
    )?;
    for v in &s.variants {
        for m in METRICS {
            let Some(e) = v.metrics.get(m.name) else {
                continue;
            };
            let fmt = f.for_unit(m.unit);
            sh.text(0, &v.name)?;
            sh.text(1, &labels::output_or_name(m.name, lang))?;
            sh.text(2, &unit_word(m.unit, &s.currency, lang))?;
            for (c, x) in [e.mean, e.ci95[0], e.ci95[1], e.p05, e.p50, e.p95]
                .into_iter()
                .enumerate()
            {
                sh.num(3 + c as u16, x, fmt)?;
            }
            sh.row += 1;
        }
    }
    finish(&mut sh, (1, 2), 320)?;
    Ok(())
}

/// Per-team figures, when the summary has a `teams` list per variant: one row per variant
/// and team, one column per figure (a figure with a `mean` is shown by its mean).
pub(crate) fn teams_sheet(
    wb: &mut Workbook,
    input: &XlsxInput<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let (s, lang) = (input.summary, input.lang);
    let Ok(json) = serde_json::to_value(s) else {
        return Ok(());
    };
    let mut rows: Vec<(String, Vec<(String, Value)>)> = Vec::new();
    for v in json["variants"].as_array().into_iter().flatten() {
        let name = v["name"].as_str().unwrap_or_default().to_string();
        for team in v["teams"].as_array().into_iter().flatten() {
            let mut fields = Vec::new();
            flatten("", team, &mut fields);
            rows.push((name.clone(), fields));
        }
    }
    if rows.is_empty() {
        return Ok(());
    }
    let mut columns: Vec<String> = Vec::new();
    for (_, fields) in &rows {
        for (k, _) in fields {
            if !columns.contains(k) {
                columns.push(k.clone());
            }
        }
    }
    let ws = wb.add_worksheet().set_name(sheet_name(lang, "teams"))?;
    let mut sh = Sheet::new(ws);
    let mut headers = vec![t(lang, "Variant", "Variant")];
    headers.extend(columns.iter().map(|c| {
        let key = c.rsplit('.').next().unwrap_or(c);
        labels::output(key, lang)
            .or_else(|| labels::key(key, lang))
            .map_or_else(|| team_word(c, lang), str::to_string)
    }));
    sh.headers(f, &headers)?;
    for (variant, fields) in &rows {
        sh.text(0, variant)?;
        for (k, val) in fields {
            let c = 1 + columns.iter().position(|x| x == k).unwrap_or(0) as u16;
            match val {
                Value::Number(n) => {
                    let key = k.rsplit('.').next().unwrap_or(k);
                    let unit = crate::metrics::M::from_name(key).map_or("", |m| m.def().unit);
                    sh.num(c, n.as_f64().unwrap_or(f64::NAN), f.for_unit(unit))?;
                }
                Value::String(text) => sh.text(c, text)?,
                Value::Bool(b) => sh.text(c, if *b { "✓" } else { "" })?,
                _ => {}
            }
        }
        sh.row += 1;
    }
    finish(&mut sh, (1, 2), 260)?;
    Ok(())
}

fn team_word(key: &str, lang: Lang) -> String {
    match key {
        "name" | "team" => t(lang, "Team", "Team"),
        "motion" => t(lang, "Selling motion", "Säljmodell"),
        other => other.replace('_', " "),
    }
}

/// Scalar fields of a JSON object, nested objects with a `mean` read as their mean, other
/// nested objects as `outer.inner`.
fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, Value)>) {
    let Some(map) = v.as_object() else { return };
    for (k, val) in map {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match val {
            Value::Object(inner) if inner.contains_key("mean") => {
                out.push((key, inner["mean"].clone()));
            }
            Value::Object(_) => flatten(&key, val, out),
            Value::Array(_) | Value::Null => {}
            scalar => out.push((key, scalar.clone())),
        }
    }
}

/// The sweep: one row per point, its parameter values and its changes vs the baseline.
pub(crate) fn sweep_sheet(
    wb: &mut Workbook,
    input: &XlsxInput<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let (s, lang) = (input.summary, input.lang);
    let Some(sweep) = &s.sweep else { return Ok(()) };
    let ws = wb.add_worksheet().set_name(sheet_name(lang, "sweep"))?;
    let mut sh = Sheet::new(ws);
    let mut headers = vec![t(lang, "Variant", "Variant")];
    headers.extend(
        sweep
            .parameters
            .iter()
            .map(|p| labels::param_or_path(p, lang)),
    );
    headers.push(t(lang, "Revenue change (%)", "Intäktsförändring (%)"));
    headers.push(t(lang, "Margin change (pp)", "Marginalförändring (p.e.)"));
    headers.push(t(
        lang,
        "Worlds with higher margin",
        "Världar med högre marginal",
    ));
    sh.headers(f, &headers)?;
    let n = sweep.parameters.len() as u16;
    for p in &sweep.points {
        sh.text(0, &p.variant)?;
        for (i, x) in p.values.iter().enumerate() {
            sh.num(1 + i as u16, *x, &f.number2)?;
        }
        if let Some(v) = s.variant(&p.variant) {
            if let Some(c) = v.change(Output::REVENUE_PCT) {
                sh.num(1 + n, c.estimate.mean, &f.change_pct)?;
            }
            if let Some(c) = v.change(Output::OPERATING_MARGIN_PP) {
                sh.num(2 + n, c.estimate.mean, &f.change_pp)?;
                sh.num(3 + n, c.estimate.p_better.unwrap_or(f64::NAN), &f.share)?;
            }
        }
        sh.row += 1;
    }
    finish(&mut sh, (1, 1), 260)?;
    Ok(())
}

/// The sensitivity ranking: each uncertain input, the output with it at its 10th and 90th
/// percentile, the swing and the rank correlation.
pub(crate) fn sensitivity_sheet(
    wb: &mut Workbook,
    input: &XlsxInput<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let (s, lang) = (input.summary, input.lang);
    let Some(sens) = &s.sensitivity else {
        return Ok(());
    };
    let ws = wb
        .add_worksheet()
        .set_name(sheet_name(lang, "sensitivity"))?;
    let mut sh = Sheet::new(ws);
    let out = labels::output_or_name(&sens.output, lang);
    sh.ws.write_string_with_format(
        0,
        0,
        format!(
            "{}: {out} ({})",
            lang.t("Sensitivity of", "Känslighet för"),
            sens.variant
        ),
        &f.title,
    )?;
    sh.row = 2;
    sh.headers(
        f,
        &[
            t(lang, "Input", "Indata"),
            t(lang, "Key", "Nyckel"),
            t(lang, "Input, 10th percentile", "Indata, 10:e percentilen"),
            t(lang, "Input, 90th percentile", "Indata, 90:e percentilen"),
            format!("{out}, {}", lang.t("input low", "låg indata")),
            format!("{out}, {}", lang.t("input high", "hög indata")),
            t(lang, "Swing", "Utslag"),
            t(lang, "Rank correlation", "Rangkorrelation"),
        ],
    )?;
    for i in &sens.inputs {
        sh.text(0, &labels::param_or_path(&i.parameter, lang))?;
        sh.text(1, &i.parameter)?;
        for (c, x) in [
            i.low,
            i.high,
            i.output_low,
            i.output_high,
            i.swing,
            i.spearman,
        ]
        .into_iter()
        .enumerate()
        {
            sh.num(2 + c as u16, x, &f.number2)?;
        }
        sh.row += 1;
    }
    finish(&mut sh, (3, 1), 320)?;
    Ok(())
}

/// The assumptions: the run, the teams, what each variant changes, and every parameter of
/// the scenario (when it is at hand) with its label, value and unit.
pub(crate) fn assumptions_sheet(
    wb: &mut Workbook,
    input: &XlsxInput<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let (s, lang) = (input.summary, input.lang);
    let ws = wb
        .add_worksheet()
        .set_name(sheet_name(lang, "assumptions"))?;
    let mut sh = Sheet::new(ws);
    sh.headers(
        f,
        &[
            t(lang, "Parameter", "Parameter"),
            t(lang, "Value", "Värde"),
            t(lang, "Unit", "Enhet"),
            t(lang, "Key in the scenario file", "Nyckel i scenariofilen"),
            t(lang, "Uncertain", "Osäker"),
        ],
    )?;
    let row = |sh: &mut Sheet<'_>, label: &str, x: f64, unit: &str, key: &str, unc: bool| {
        sh.text(0, label)?;
        let fmt = if x.fract() == 0.0 && x.abs() >= 1000.0 {
            &f.whole
        } else {
            &f.text
        };
        sh.num(1, x, fmt)?;
        sh.text(2, unit)?;
        sh.text(3, key)?;
        if unc {
            sh.text(4, lang.t("yes (median shown)", "ja (median visas)"))?;
        }
        sh.row += 1;
        Ok::<(), XlsxError>(())
    };
    for v in &s.variants {
        if v.baseline {
            continue;
        }
        for o in &v.overrides {
            let label = format!("{}: {}", v.name, labels::param_or_path(&o.key, lang));
            row(&mut sh, &label, o.value, "", &o.key, o.uncertain)?;
        }
    }
    if let Some(sc) = input.scenario {
        for team in &sc.teams {
            let label = format!(
                "{} ({})",
                team.name,
                match team.motion {
                    Motion::Traditional =>
                        lang.t("traditional selling", "traditionell försäljning"),
                    Motion::Complex => lang.t("complex selling", "komplex försäljning"),
                }
            );
            row(
                &mut sh,
                &format!("{}: {label}", lang.t("Reps", "Säljare")),
                f64::from(team.reps),
                lang.t("reps", "säljare"),
                &format!("teams.{}.reps", team.name),
                false,
            )?;
        }
        for (m, motion) in [Motion::Traditional, Motion::Complex]
            .into_iter()
            .enumerate()
        {
            if !sc.teams.iter().any(|team| team.motion == motion) {
                continue;
            }
            for (i, spec) in crate::scenario::MotionParams::SPECS.iter().enumerate() {
                let path = format!("{}.{}", motion.name(), spec.key);
                let val = &sc.params.motion[m][i];
                let unit = spec.unit.replace("currency", &s.currency);
                row(
                    &mut sh,
                    &labels::param_or_path(&path, lang),
                    val.nominal(),
                    &unit,
                    &path,
                    matches!(val, ParamValue::Uncertain(_)),
                )?;
            }
        }
        let globals = crate::scenario::GlobalParams::SPECS.iter().enumerate();
        for (i, spec) in globals {
            let path = format!("{}.{}", spec.section, spec.key);
            let val = &sc.params.global[i];
            let unit = spec.unit.replace("currency", &s.currency);
            row(
                &mut sh,
                &labels::param_or_path(&path, lang),
                val.nominal(),
                &unit,
                &path,
                matches!(val, ParamValue::Uncertain(_)),
            )?;
        }
        for (i, spec) in crate::scenario::Constants::SPECS.iter().enumerate() {
            let path = format!("{}.{}", spec.section, spec.key);
            let val = &sc.params.constants[i];
            row(
                &mut sh,
                &labels::param_or_path(&path, lang),
                val.nominal(),
                spec.unit,
                &path,
                matches!(val, ParamValue::Uncertain(_)),
            )?;
        }
    } else {
        sh.row += 1;
        sh.text(
            0,
            lang.t(
                "The scenario file was not at hand, so only what the variants change is listed.",
                "Scenariofilen fanns inte tillgänglig, så bara det varianterna ändrar visas.",
            ),
        )?;
    }
    finish(&mut sh, (1, 1), 420)?;
    Ok(())
}
