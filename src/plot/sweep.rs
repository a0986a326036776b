//! Response curve of a sweep: the change in revenue vs the baseline (mean and 95 % interval
//! band) against the value of the first swept parameter.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{GRID, INK, MUTED, REFERENCE, finite_range, frame, padded, text, tick_digits};
use super::{Chart, Ctx, DrawResult};
use crate::lang::Lang;
use crate::metrics::Output;

struct Point {
    x: f64,
    mean: f64,
    ci: [f64; 2],
    colour: RGBColor,
}

/// Revenue change along the first swept parameter.
pub struct SweepResponse {
    parameter: String,
    others: usize,
    points: Vec<Point>,
}

impl Chart for SweepResponse {
    const NAME: &'static str = "sweep_response";

    fn prepare(ctx: &Ctx<'_>) -> Option<Self> {
        let sweep = ctx.summary.sweep.as_ref()?;
        let parameter = sweep.parameters.first()?.clone();
        let mut points: Vec<Point> = sweep
            .points
            .iter()
            .filter_map(|p| {
                let x = *p.values.first()?;
                let i = ctx
                    .summary
                    .variants
                    .iter()
                    .position(|v| v.name == p.variant)?;
                let v = &ctx.summary.variants[i];
                let (mean, ci) = if v.baseline {
                    (0.0, [0.0, 0.0])
                } else {
                    let d = v.vs(Output::REVENUE_PCT)?;
                    (d.mean, d.ci95)
                };
                (x.is_finite() && mean.is_finite()).then_some(Point {
                    x,
                    mean,
                    ci,
                    colour: ctx.colour(i),
                })
            })
            .collect();
        if points.is_empty() {
            return None;
        }
        points.sort_by(|a, b| a.x.total_cmp(&b.x));
        Some(SweepResponse {
            parameter,
            others: sweep.parameters.len() - 1,
            points,
        })
    }

    fn caption(&self, ctx: &Ctx<'_>) -> String {
        let name = lower_first(&crate::lang::labels::param_or_path(
            &self.parameter,
            ctx.lang,
        ));
        match ctx.lang {
            Lang::En => format!(
                "Change in revenue vs the baseline across the swept values of {name}, with 95 % intervals."
            ),
            Lang::Sv => format!(
                "Förändring av intäkterna jämfört med utgångsläget för de svepta värdena av {name}, med 95 % konfidensintervall."
            ),
        }
    }

    fn draw<DB: DrawingBackend>(&self, ctx: &Ctx<'_>, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let label = crate::lang::labels::param_or_path(&self.parameter, ctx.lang);
        let name = lower_first(&label);
        let title = match ctx.lang {
            Lang::En => format!("Revenue response to {name}"),
            Lang::Sv => format!("Hur intäkterna svarar på {name}"),
        };
        let subtitle = if self.others > 0 {
            ctx.t(
                "Mean change vs the baseline (line) with its 95 % interval (band); the other swept parameters vary between points",
                "Genomsnittlig förändring mot utgångsläget (linje) med 95 % konfidensintervall (band); övriga svepta parametrar varierar mellan punkterna",
            )
        } else {
            ctx.t(
                "Mean change vs the baseline (line) with its 95 % interval (band), one point per swept value",
                "Genomsnittlig förändring mot utgångsläget (linje) med 95 % konfidensintervall (band), en punkt per svept värde",
            )
        };
        let body = frame(root, &title, subtitle)?;
        let (x0, x1) = finite_range(self.points.iter().map(|p| p.x)).unwrap_or((0.0, 1.0));
        let (xlo, xhi) = padded((x0, x1), 0.05, 0.05);
        let yr = finite_range(
            self.points
                .iter()
                .flat_map(|p| [p.mean, p.ci[0], p.ci[1]])
                .chain([0.0])
                .chain(ctx.summary.threshold_on(Output::REVENUE_PCT)),
        )
        .unwrap_or((0.0, 1.0));
        let (ylo, yhi) = padded(yr, 0.08, 0.08);
        let xd = tick_digits(x1 - x0);
        let mut chart = ChartBuilder::on(&body)
            .margin(10)
            .margin_right(30)
            .x_label_area_size(super::style::px(64))
            .y_label_area_size(super::style::px(96))
            .build_cartesian_2d(xlo..xhi, ylo..yhi)?;
        let x_fmt = |x: &f64| ctx.lang.numbers().number(*x, xd);
        let y_fmt = |y: &f64| ctx.lang.numbers().percent_change(*y, 0);
        chart
            .configure_mesh()
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(MUTED)
            .x_labels(8)
            .y_labels(8)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .label_style(text(17.0))
            .x_desc(label.as_str())
            .y_desc(ctx.t(
                "change in revenue vs the baseline (%)",
                "förändring av intäkterna (%)",
            ))
            .axis_desc_style(text(19.0))
            .draw()?;
        let band_ok: Vec<&Point> = self
            .points
            .iter()
            .filter(|p| p.ci[0].is_finite() && p.ci[1].is_finite())
            .collect();
        if band_ok.len() >= 2 {
            let mut band: Vec<(f64, f64)> = band_ok.iter().map(|p| (p.x, p.ci[1])).collect();
            band.extend(band_ok.iter().rev().map(|p| (p.x, p.ci[0])));
            chart.draw_series(std::iter::once(Polygon::new(
                band,
                RGBColor(0x00, 0x72, 0xb2).mix(0.15).filled(),
            )))?;
        }
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(xlo, 0.0), (xhi, 0.0)],
            REFERENCE.stroke_width(2),
        )))?;
        if let Some(threshold) = ctx.summary.threshold_on(Output::REVENUE_PCT) {
            let steps = 40;
            let w = (xhi - xlo) / steps as f64;
            chart.draw_series((0..steps).step_by(2).map(|k| {
                let a = xlo + w * k as f64;
                PathElement::new(
                    vec![(a, threshold), (a + w, threshold)],
                    RGBColor(0xd5, 0x5e, 0x00).stroke_width(2),
                )
            }))?;
            chart.draw_series(std::iter::once(Text::new(
                format!(
                    "{} {}\u{a0}%",
                    ctx.t("threshold", "beslutsgräns"),
                    ctx.lang.signed(threshold, 1)
                ),
                (xlo, threshold),
                super::style::anchored(
                    super::style::muted(16.0),
                    plotters::style::text_anchor::HPos::Left,
                    plotters::style::text_anchor::VPos::Bottom,
                ),
            )))?;
        }
        chart.draw_series(LineSeries::new(
            self.points.iter().map(|p| (p.x, p.mean)),
            RGBColor(0x00, 0x72, 0xb2).stroke_width(3),
        ))?;
        for p in &self.points {
            if p.ci[0].is_finite() && p.ci[1].is_finite() {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(p.x, p.ci[0]), (p.x, p.ci[1])],
                    INK.stroke_width(2),
                )))?;
            }
            chart.draw_series([
                Circle::new((p.x, p.mean), 8, WHITE.filled()),
                Circle::new((p.x, p.mean), 6, p.colour.filled()),
            ])?;
        }
        Ok(())
    }
}

/// A label in running text: its first letter lower-case ("Coaching hours" → "coaching hours").
pub(crate) fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}
