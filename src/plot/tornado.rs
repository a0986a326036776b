//! Tornado chart of a sensitivity analysis: for each uncertain input, the output with that
//! input at its 10th and at its 90th percentile (others at their median), around the base
//! value, largest swing on top.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{
    GRID, HIGH_END, LOW_END, MUTED, REFERENCE, anchored, finite_range, frame, label_width, legend,
    muted, padded, row_label, row_y, rows, text,
};
use super::{Chart, Ctx, DrawResult};
use crate::lang::Lang;
use crate::metrics::{M, Output};
use crate::results::SensitivityInput;

/// Sensitivity of one output to each input.
pub struct Tornado {
    output: Output,
    variant: String,
    base: f64,
    inputs: Vec<SensitivityInput>,
}

/// How values of `output` read: money, percent, points or plain.
pub fn output_format(ctx: &Ctx<'_>, output: Output, x: f64) -> String {
    match output {
        Output::REVENUE_PCT => ctx.lang.numbers().percent_change(x, 1),
        Output::OPERATING_MARGIN_PP => ctx.lang.numbers().points(x, 1),
        Output::Metric(m) => ctx
            .lang
            .numbers()
            .quantity(x, m.def().unit, &ctx.summary.currency),
    }
}

/// What `output` is, in words.
pub fn output_label(ctx: &Ctx<'_>, output: Output) -> String {
    match output {
        Output::REVENUE_PCT => ctx
            .t("the revenue change (%)", "intäktsförändringen (%)")
            .into(),
        Output::OPERATING_MARGIN_PP => ctx
            .t(
                "the operating margin change (points)",
                "förändringen av rörelsemarginalen (procentenheter)",
            )
            .into(),
        Output::Metric(M::Revenue) => ctx.t("revenue", "intäkterna").into(),
        Output::Metric(M::OperatingMarginPct) => {
            ctx.t("operating margin", "rörelsemarginalen").into()
        }
        Output::Metric(m) => {
            let label = crate::lang::labels::output_or_name(m.name(), ctx.lang);
            let mut c = label.chars();
            c.next()
                .map_or_else(String::new, |f| f.to_lowercase().chain(c).collect())
        }
    }
}

/// A parameter value for reading (up to 3 significant decimals).
fn param_value(ctx: &Ctx<'_>, x: f64) -> String {
    let a = x.abs();
    let digits = if a >= 100.0 {
        0
    } else if a >= 10.0 {
        1
    } else if a >= 1.0 {
        2
    } else {
        3
    };
    ctx.lang.number(x, digits)
}

impl Chart for Tornado {
    const NAME: &'static str = "sensitivity_tornado";

    fn prepare(ctx: &Ctx<'_>) -> Option<Self> {
        let s = ctx.summary.sensitivity.as_ref()?;
        let mut inputs: Vec<SensitivityInput> = s
            .inputs
            .iter()
            .filter(|i| i.output_low.is_finite() && i.output_high.is_finite())
            .cloned()
            .collect();
        if inputs.is_empty() || !s.base_value.is_finite() {
            return None;
        }
        let swing = |i: &SensitivityInput| {
            if i.swing.is_finite() {
                i.swing
            } else {
                (i.output_high - i.output_low).abs()
            }
        };
        inputs.sort_by(|a, b| swing(b).total_cmp(&swing(a)));
        inputs.truncate(15);
        Some(Tornado {
            // A summary written by spmsim names a known output.
            output: s.output()?,
            variant: s.variant.clone(),
            base: s.base_value,
            inputs,
        })
    }

    fn caption(&self, ctx: &Ctx<'_>) -> String {
        match ctx.lang {
            Lang::En => format!(
                "Sensitivity of {} of {} to each uncertain assumption, largest swing first.",
                output_label(ctx, self.output),
                self.variant
            ),
            Lang::Sv => format!(
                "Känslighet hos {} för {} för varje osäkert antagande, störst utslag först.",
                output_label(ctx, self.output),
                self.variant
            ),
        }
    }

    fn draw<DB: DrawingBackend>(&self, ctx: &Ctx<'_>, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let title = match ctx.lang {
            Lang::En => format!(
                "What moves {} of {}",
                output_label(ctx, self.output),
                self.variant
            ),
            Lang::Sv => format!(
                "Vad som påverkar {} för {}",
                output_label(ctx, self.output),
                self.variant
            ),
        };
        let subtitle = match ctx.lang {
            Lang::En => format!(
                "Each input at its 10th and 90th percentile, the others at their median (base value {})",
                output_format(ctx, self.output, self.base)
            ),
            Lang::Sv => format!(
                "Varje indata vid sin 10:e och 90:e percentil, övriga vid sin median (basvärde {})",
                output_format(ctx, self.output, self.base)
            ),
        };
        let body = frame(root, &title, &subtitle)?;
        let body = legend(
            &body,
            &[
                (
                    ctx.t(
                        "input at its 10th percentile",
                        "indata vid 10:e percentilen",
                    )
                    .to_string(),
                    LOW_END,
                ),
                (
                    ctx.t(
                        "input at its 90th percentile",
                        "indata vid 90:e percentilen",
                    )
                    .to_string(),
                    HIGH_END,
                ),
            ],
        )?;
        let n = self.inputs.len();
        let names: Vec<String> = self
            .inputs
            .iter()
            .map(|i| crate::lang::labels::param_or_path(&i.parameter, ctx.lang))
            .collect();
        let names_w = label_width(&body, &names, &text(17.0)) + 18;
        let range = finite_range(
            self.inputs
                .iter()
                .flat_map(|i| [i.output_low, i.output_high])
                .chain([self.base]),
        )
        .unwrap_or((0.0, 1.0));
        let (lo, hi) = padded(range, 0.3, 0.3);
        let mut chart = ChartBuilder::on(&body)
            .margin(8)
            .margin_right(24)
            .x_label_area_size(super::style::px(58))
            .y_label_area_size(names_w)
            .build_cartesian_2d(lo..hi, rows(n))?;
        let x_fmt = |x: &f64| output_format(ctx, self.output, *x);
        let y_fmt = |y: &f64| row_label(&names, *y);
        chart
            .configure_mesh()
            .disable_y_mesh()
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(MUTED)
            .x_labels(7)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .label_style(text(17.0))
            .x_desc(output_label(ctx, self.output))
            .axis_desc_style(text(18.0))
            .draw()?;
        let nudge = (hi - lo) * 0.01;
        for (k, i) in self.inputs.iter().enumerate() {
            let y = row_y(k, n);
            for (out, colour, input) in [
                (i.output_low, LOW_END, i.low),
                (i.output_high, HIGH_END, i.high),
            ] {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(self.base, y - 0.34), (out, y + 0.34)],
                    colour.filled(),
                )))?;
                let (h, x) = if out >= self.base {
                    (HPos::Left, out + nudge)
                } else {
                    (HPos::Right, out - nudge)
                };
                chart.draw_series(std::iter::once(Text::new(
                    param_value(ctx, input),
                    (x, y),
                    anchored(muted(15.0), h, VPos::Center),
                )))?;
            }
        }
        let y = chart.y_range();
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(self.base, y.start), (self.base, y.end)],
            REFERENCE.stroke_width(2),
        )))?;
        Ok(())
    }
}
