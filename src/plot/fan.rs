//! Weekly fan chart: cumulative revenue per variant from the switch at week 0 (median and
//! 5–95 % band), one small panel per variant with the baseline's median for reference, so
//! the transition after the switch shows as the lines part.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{
    GRID, INK, MUTED, REFERENCE, anchored, bold, finite_range, frame, padded, text,
};
use super::{Chart, Ctx, DrawResult};
use crate::lang::Lang;
use crate::results::Band;

/// Panels drawn at most (the first variants in scenario order).
const MAX_PANELS: usize = 9;

struct Series {
    name: String,
    colour: RGBColor,
    baseline: bool,
    cumulative: Band,
}

/// Cumulative and weekly revenue per variant.
pub struct CumulativeRevenue {
    series: Vec<Series>,
    weeks: usize,
}

impl Chart for CumulativeRevenue {
    const NAME: &'static str = "cumulative_revenue";

    fn prepare(ctx: &Ctx<'_>) -> Option<Self> {
        let series: Vec<Series> = ctx
            .summary
            .variants
            .iter()
            .enumerate()
            .filter(|(_, v)| {
                v.weekly
                    .cumulative_revenue
                    .p50
                    .iter()
                    .any(|x| x.is_finite())
            })
            .map(|(i, v)| Series {
                name: v.name.clone(),
                colour: ctx.colour(i),
                baseline: v.baseline,
                cumulative: v.weekly.cumulative_revenue.clone(),
            })
            .collect();
        let weeks = series.iter().map(|s| s.cumulative.p50.len()).max()?;
        (weeks > 0).then_some(CumulativeRevenue { series, weeks })
    }

    fn caption(&self, ctx: &Ctx<'_>) -> String {
        ctx.t(
            "Cumulative revenue week by week after the switch (median and 5–95 % band) against the baseline's median.",
            "Ackumulerade intäkter vecka för vecka efter bytet (median och 5–95 % band) mot utgångslägets median.",
        )
        .to_string()
    }

    fn draw<DB: DrawingBackend>(&self, ctx: &Ctx<'_>, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let title = ctx.t(
            "Cumulative revenue week by week after the switch",
            "Ackumulerade intäkter vecka för vecka efter bytet",
        );
        let shown = self.series.len().min(MAX_PANELS);
        let subtitle = match (ctx.lang, shown < self.series.len()) {
            (Lang::En, false) => "Line: median of the sampled worlds; band: 5–95 %; dashed: baseline median; week 0 is the switch".to_string(),
            (Lang::Sv, false) => "Linje: median av de simulerade världarna; band: 5–95 %; streckad: utgångslägets median; vecka 0 är bytet".to_string(),
            (Lang::En, true) => format!("Line: median; band: 5–95 %; dashed: baseline median; the first {shown} of {} variants", self.series.len()),
            (Lang::Sv, true) => format!("Linje: median; band: 5–95 %; streckad: utgångslägets median; de första {shown} av {} varianterna", self.series.len()),
        };
        let body = frame(root, title, &subtitle)?;
        let cols = match shown {
            0..=1 => 1,
            2 | 4 => 2,
            _ => 3,
        };
        let grid_rows = shown.div_ceil(cols);
        let panels = body.split_evenly((grid_rows, cols));
        let weeks = self.weeks as f64;
        let money = |x: f64| ctx.money(x);
        let hi = finite_range(
            self.series
                .iter()
                .take(shown)
                .flat_map(|s| s.cumulative.p95.iter().copied())
                .chain([0.0]),
        )
        .map_or(1.0, |r| padded(r, 0.0, 0.08).1);
        let lo = finite_range(
            self.series
                .iter()
                .take(shown)
                .flat_map(|s| s.cumulative.p05.iter().copied()),
        )
        .map_or(0.0, |r| r.0.min(0.0));
        // One money unit for the whole axis: "0" and "50" under "MSEK", not "0.0 SEK" beside
        // "50.0 MSEK".
        let axis = crate::lang::format::MoneyAxis::new(ctx.lang, lo, hi, &ctx.summary.currency);
        let y_w = super::style::label_width(&body, &[axis.tick(hi), axis.tick(lo)], &text(15.0))
            + super::style::px(40);
        let baseline = self.series.iter().find(|s| s.baseline);
        for (k, (area, s)) in panels.iter().zip(&self.series).enumerate() {
            let bottom_row = k / cols == grid_rows - 1 || k + cols >= shown;
            let mut chart = ChartBuilder::on(area)
                .caption(s.name.as_str(), bold(19.0).color(&s.colour))
                .margin(6)
                .margin_right(16)
                .x_label_area_size(super::style::px(if bottom_row { 50 } else { 26 }))
                .y_label_area_size(y_w)
                .build_cartesian_2d(0.0..weeks, lo..hi)?;
            let x_fmt = |x: &f64| format!("{x:.0}");
            let y_fmt = |y: &f64| axis.tick(*y);
            let mut mesh = chart.configure_mesh();
            mesh.bold_line_style(GRID)
                .light_line_style(TRANSPARENT)
                .axis_style(MUTED)
                .x_labels(6)
                .x_label_formatter(&x_fmt)
                .y_labels(4)
                .y_label_formatter(&y_fmt)
                .label_style(text(15.0))
                .axis_desc_style(text(16.0));
            if bottom_row {
                mesh.x_desc(ctx.t("weeks after the switch", "veckor efter bytet"));
            }
            if k % cols == 0 {
                mesh.y_desc(axis.unit());
            }
            mesh.draw()?;
            let at = |(k, y): (usize, &f64)| ((k + 1) as f64, *y);
            let from_zero = |b: &[f64]| -> Vec<(f64, f64)> {
                std::iter::once((0.0, 0.0))
                    .chain(b.iter().enumerate().filter(|(_, y)| y.is_finite()).map(at))
                    .collect()
            };
            let mut band = from_zero(&s.cumulative.p95);
            band.extend(from_zero(&s.cumulative.p05).into_iter().rev());
            chart.draw_series(std::iter::once(Polygon::new(
                band,
                s.colour.mix(0.22).filled(),
            )))?;
            if let Some(b) = baseline.filter(|b| !std::ptr::eq(*b, s)) {
                let line = from_zero(&b.cumulative.p50);
                let dashes = line
                    .windows(2)
                    .step_by(2)
                    .map(|w| PathElement::new(w.to_vec(), INK.stroke_width(2)));
                chart.draw_series(dashes)?;
            }
            chart.draw_series(LineSeries::new(
                from_zero(&s.cumulative.p50),
                s.colour.stroke_width(3),
            ))?;
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(0.0, lo), (0.0, hi)],
                REFERENCE.stroke_width(2),
            )))?;
            if let Some(last) = s.cumulative.p50.iter().rev().find(|y| y.is_finite()) {
                chart.draw_series(std::iter::once(Text::new(
                    money(*last),
                    (weeks * 0.04, hi),
                    anchored(text(16.0), HPos::Left, VPos::Top),
                )))?;
            }
        }
        Ok(())
    }
}
