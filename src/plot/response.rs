//! Response of a sweep, one panel per output: the decision metric first, then the revenue
//! change and the operating margin change (each point the expected change vs the baseline with
//! its 95 % interval), the sweep's values in order on a sequential colour scale. The best of
//! many is marked only with its figure from the confirmation run on fresh trials (the
//! in-sample figure of a point picked as the best is biased upwards, docs/model.md section
//! 1.1). The words come in as [`ResponseTexts`].

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{
    ACTIVITY, GRID, INK, MUTED, REFERENCE, anchored, bold, finite_range, frame, padded, text,
    tick_digits,
};
use super::tornado::output_format;
use super::{Chart, Ctx, DrawResult};
use crate::lang::Lang;
use crate::metrics::{M, Output};

/// Every word the response chart draws.
#[derive(Clone, Debug)]
pub struct ResponseTexts {
    /// Chart title.
    pub title: String,
    /// The line under the title.
    pub subtitle: String,
    /// The swept parameter's axis.
    pub x_axis: String,
    /// Panel titles, in panel order.
    pub panels: Vec<String>,
    /// The label of the confirmed best point, before its figure.
    pub confirmed: String,
    /// Caption for the report and alt text.
    pub caption: String,
}

/// The panels' outputs: the decision metric (the threshold's output, else operating profit,
/// which the best of many is ranked by) first, then revenue and margin changes.
fn panel_outputs(ctx: &Ctx<'_>) -> Vec<Output> {
    let decision = ctx
        .summary
        .threshold
        .as_ref()
        .and_then(|t| t.output())
        .unwrap_or(Output::Metric(M::OperatingProfit));
    let mut out = vec![decision];
    for o in [Output::REVENUE_PCT, Output::OPERATING_MARGIN_PP] {
        if !out.contains(&o) {
            out.push(o);
        }
    }
    out
}

fn panel_title(output: Output, lang: Lang) -> String {
    match output {
        Output::REVENUE_PCT => lang.t("Revenue change (%)", "Intäktsförändring (%)").into(),
        Output::OPERATING_MARGIN_PP => lang
            .t(
                "Operating margin change (points)",
                "Förändring av rörelsemarginalen (p.e.)",
            )
            .into(),
        Output::Metric(M::OperatingProfit) => lang
            .t("Operating profit change", "Förändring av rörelseresultatet")
            .into(),
        other => lang.fill(
            ("Change of {}", "Förändring av {}"),
            &[&super::sweep::lower_first(
                &crate::lang::labels::output_or_name(other.name(), lang),
            )],
        ),
    }
}

impl ResponseTexts {
    /// The built-in English or Swedish words for a sweep of `parameter` with these panels.
    pub fn new(lang: Lang, parameter: &str, panels: &[Output], others: usize) -> ResponseTexts {
        // The parameter in words ("coaching hours per rep and week"), never its raw key.
        let parameter =
            &super::sweep::lower_first(&crate::lang::labels::param_or_path(parameter, lang));
        let (title, subtitle, confirmed, caption) = match lang {
            Lang::En => (
                format!("Response to {parameter}"),
                if others > 0 {
                    "Expected change vs the baseline with its 95 % interval; colour: order of the swept values (dark low, light high); the other swept parameters vary between points".to_string()
                } else {
                    "Expected change vs the baseline with its 95 % interval; colour: order of the swept values (dark low, light high)".to_string()
                },
                "best, confirmed:".to_string(),
                format!(
                    "Expected change vs the baseline across the swept values of {parameter}, the decision metric first, with 95 % intervals; the best point is marked with its figure from a confirmation run on fresh sampled worlds."
                ),
            ),
            Lang::Sv => (
                format!("Respons på {parameter}"),
                if others > 0 {
                    "Förväntad förändring mot utgångsläget med 95 % konfidensintervall; färg: de svepta värdenas ordning (mörk låg, ljus hög); övriga svepta parametrar varierar mellan punkterna".to_string()
                } else {
                    "Förväntad förändring mot utgångsläget med 95 % konfidensintervall; färg: de svepta värdenas ordning (mörk låg, ljus hög)".to_string()
                },
                "bäst, bekräftad:".to_string(),
                format!(
                    "Förväntad förändring mot utgångsläget över de svepta värdena av {parameter}, beslutsmåttet först, med 95 % konfidensintervall; den bästa punkten är markerad med sin siffra från en bekräftelsekörning i nya simulerade världar."
                ),
            ),
        };
        ResponseTexts {
            title,
            subtitle,
            x_axis: parameter.to_string(),
            panels: panels.iter().map(|o| panel_title(*o, lang)).collect(),
            confirmed,
            caption,
        }
    }
}

struct Point {
    x: f64,
    /// Per panel: mean and 95 % interval.
    values: Vec<(f64, [f64; 2])>,
    /// Per panel: the confirmed figure, for the confirmed best point only.
    confirmed: Option<Vec<f64>>,
}

/// The colour of position `t` in [0, 1] on the viridis steps of [`ACTIVITY`].
fn sequential(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0) * (ACTIVITY.len() - 1) as f64;
    let k = (t.floor() as usize).min(ACTIVITY.len() - 2);
    let f = t - k as f64;
    let (RGBColor(r0, g0, b0), RGBColor(r1, g1, b1)) = (ACTIVITY[k], ACTIVITY[k + 1]);
    let mix = |a: u8, b: u8| (f64::from(a) * (1.0 - f) + f64::from(b) * f).round() as u8;
    RGBColor(mix(r0, r1), mix(g0, g1), mix(b0, b1))
}

/// The response chart of a sweep.
pub struct Response {
    outputs: Vec<Output>,
    points: Vec<Point>,
    texts: ResponseTexts,
}

impl Chart for Response {
    const NAME: &'static str = "response";

    fn prepare(ctx: &Ctx<'_>) -> Option<Self> {
        let s = ctx.summary;
        let sweep = s.sweep.as_ref()?;
        let parameter = sweep.parameters.first()?;
        let outputs = panel_outputs(ctx);
        let best = s
            .best_of_many
            .as_ref()
            .and_then(|b| Some((b.variant.as_str(), b.confirmed.as_ref()?)));
        let mut points: Vec<Point> = sweep
            .points
            .iter()
            .filter_map(|p| {
                let x = *p.values.first()?;
                let v = s.variant(&p.variant)?;
                let values: Vec<(f64, [f64; 2])> = outputs
                    .iter()
                    .map(|o| {
                        if v.baseline {
                            (0.0, [0.0, 0.0])
                        } else {
                            v.vs(*o)
                                .map_or((f64::NAN, [f64::NAN; 2]), |d| (d.mean, d.ci95))
                        }
                    })
                    .collect();
                let confirmed = best.filter(|(name, _)| *name == p.variant).map(|(_, c)| {
                    outputs
                        .iter()
                        .map(|o| c.vs_baseline.get(o.name()).map_or(f64::NAN, |e| e.mean))
                        .collect()
                });
                x.is_finite().then_some(Point {
                    x,
                    values,
                    confirmed,
                })
            })
            .collect();
        if points.len() < 2 {
            return None;
        }
        points.sort_by(|a, b| a.x.total_cmp(&b.x));
        let texts = ResponseTexts::new(ctx.lang, parameter, &outputs, sweep.parameters.len() - 1);
        Some(Response {
            outputs,
            points,
            texts,
        })
    }

    fn caption(&self, _ctx: &Ctx<'_>) -> String {
        self.texts.caption.clone()
    }

    fn draw<DB: DrawingBackend>(&self, ctx: &Ctx<'_>, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let body = frame(root, &self.texts.title, &self.texts.subtitle)?;
        let panels = body.split_evenly((1, self.outputs.len()));
        let (x0, x1) = finite_range(self.points.iter().map(|p| p.x)).unwrap_or((0.0, 1.0));
        let (xlo, xhi) = padded((x0, x1), 0.05, 0.05);
        let xd = tick_digits(x1 - x0);
        let n = self.points.len();
        for (j, (area, output)) in panels.iter().zip(&self.outputs).enumerate() {
            let yr = finite_range(
                self.points
                    .iter()
                    .flat_map(|p| {
                        let (m, [lo, hi]) = p.values[j];
                        [m, lo, hi]
                            .into_iter()
                            .chain(p.confirmed.as_ref().map(|c| c[j]))
                    })
                    .chain([0.0]),
            )
            .unwrap_or((0.0, 1.0));
            let (ylo, yhi) = padded(yr, 0.08, 0.14);
            let fmt = |y: f64| output_format(ctx, *output, y);
            let y_w = super::style::label_width(area, &[fmt(ylo), fmt(yhi)], &text(15.0)) + 12;
            let mut chart = ChartBuilder::on(area)
                .caption(self.texts.panels[j].as_str(), bold(18.0))
                .margin(8)
                .margin_right(14)
                .x_label_area_size(52)
                .y_label_area_size(y_w)
                .build_cartesian_2d(xlo..xhi, ylo..yhi)?;
            let x_fmt = |x: &f64| ctx.lang.number(*x, xd);
            let y_fmt = |y: &f64| fmt(*y);
            chart
                .configure_mesh()
                .bold_line_style(GRID)
                .light_line_style(TRANSPARENT)
                .axis_style(MUTED)
                .x_labels(5)
                .y_labels(6)
                .x_label_formatter(&x_fmt)
                .y_label_formatter(&y_fmt)
                .label_style(text(15.0))
                .x_desc(self.texts.x_axis.as_str())
                .axis_desc_style(text(16.0))
                .draw()?;
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(xlo, 0.0), (xhi, 0.0)],
                REFERENCE.stroke_width(2),
            )))?;
            if let Some(t) = ctx.summary.threshold_on(*output) {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(xlo, t), (xhi, t)],
                    RGBColor(0xd5, 0x5e, 0x00).stroke_width(1),
                )))?;
            }
            chart.draw_series(LineSeries::new(
                self.points
                    .iter()
                    .map(|p| (p.x, p.values[j].0))
                    .filter(|(_, y)| y.is_finite()),
                MUTED.stroke_width(1),
            ))?;
            for (k, p) in self.points.iter().enumerate() {
                // Up to 0.9 of the scale: viridis' last yellow is too pale on white.
                let colour = sequential(0.9 * k as f64 / (n - 1).max(1) as f64);
                let (m, [lo, hi]) = p.values[j];
                if lo.is_finite() && hi.is_finite() {
                    chart.draw_series(std::iter::once(PathElement::new(
                        vec![(p.x, lo), (p.x, hi)],
                        colour.stroke_width(2),
                    )))?;
                }
                if m.is_finite() {
                    chart.draw_series([
                        Circle::new((p.x, m), 6, WHITE.filled()),
                        Circle::new((p.x, m), 5, colour.filled()),
                    ])?;
                }
                if let Some(c) = p.confirmed.as_ref().map(|c| c[j]).filter(|c| c.is_finite()) {
                    chart.draw_series([
                        Circle::new((p.x, c), 10, INK.stroke_width(2)),
                        Circle::new((p.x, c), 3, INK.filled()),
                    ])?;
                    let right = p.x > (xlo + xhi) / 2.0;
                    chart.draw_series(std::iter::once(Text::new(
                        format!("{} {}", self.texts.confirmed, fmt(c)),
                        (p.x, yhi),
                        anchored(
                            text(15.0),
                            if right { HPos::Right } else { HPos::Left },
                            VPos::Top,
                        ),
                    )))?;
                    chart.draw_series(std::iter::once(PathElement::new(
                        vec![(p.x, c), (p.x, yhi - (yhi - ylo) * 0.06)],
                        INK.mix(0.5).stroke_width(1),
                    )))?;
                }
            }
        }
        Ok(())
    }
}
