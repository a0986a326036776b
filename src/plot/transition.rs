//! The transition after the switch: cumulative revenue minus the baseline's in the same
//! sampled world, week by week, as a fan of the paired difference (mean, median and the
//! 5–95 % band across worlds) for the headline variant, with the other declared variants'
//! means as thin lines. A J-curve (a dip before the gain) shows as the line going below zero
//! before it climbs. The words come in as [`TransitionTexts`].

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{
    GRID, INK, MUTED, REFERENCE, anchored, finite_range, frame, label_width, legend, padded, text,
};
use super::{Chart, Ctx, DrawResult};
use crate::lang::Lang;
use crate::results::Band;

/// Other variants drawn as mean lines at most.
const MAX_OTHERS: usize = 6;

/// Every word the transition chart draws.
#[derive(Clone, Debug)]
pub struct TransitionTexts {
    /// Chart title.
    pub title: String,
    /// The line under the title.
    pub subtitle: String,
    /// The week axis.
    pub x_axis: String,
    /// The money axis.
    pub y_axis: String,
    /// Legend entry of the band.
    pub band: String,
    /// Caption for the report and alt text.
    pub caption: String,
}

impl TransitionTexts {
    /// The built-in English or Swedish words for the transition of `variant` vs `baseline`.
    pub fn new(lang: Lang, baseline: &str, variant: &str) -> TransitionTexts {
        match lang {
            Lang::En => TransitionTexts {
                title: format!("Transition: cumulative revenue of {variant} minus {baseline}"),
                subtitle: "Paired difference in the same sampled world, summed from the switch; thick line: mean; thin: median; band: 5–95 % of worlds".into(),
                x_axis: "weeks after the switch".into(),
                y_axis: "cumulative revenue change".into(),
                band: format!("{variant}: 5–95 % of worlds"),
                caption: format!("Cumulative revenue of {variant} minus that of {baseline} in the same sampled world, week by week after the switch: the mean, the median and the range of 90 % of the worlds; a dip below zero before a rise is the cost of the transition."),
            },
            Lang::Sv => TransitionTexts {
                title: format!("Övergången: ackumulerade intäkter för {variant} minus {baseline}"),
                subtitle: "Parvis skillnad i samma simulerade värld, summerad från bytet; tjock linje: medelvärde; tunn: median; band: 5–95 % av världarna".into(),
                x_axis: "veckor efter bytet".into(),
                y_axis: "ackumulerad intäktsförändring".into(),
                band: format!("{variant}: 5–95 % av världarna"),
                caption: format!("Ackumulerade intäkter för {variant} minus dem för {baseline} i samma simulerade värld, vecka för vecka efter bytet: medelvärdet, medianen och spannet för 90 % av världarna; en svacka under noll före en uppgång är övergångens kostnad."),
            },
        }
    }
}

struct Other {
    name: String,
    colour: RGBColor,
    mean: Vec<f64>,
}

/// The transition chart of the headline variant.
pub struct Transition {
    band: Band,
    colour: RGBColor,
    others: Vec<Other>,
    texts: TransitionTexts,
}

impl Chart for Transition {
    const NAME: &'static str = "transition";

    fn prepare(ctx: &Ctx<'_>) -> Option<Self> {
        let s = ctx.summary;
        let v = s.headline_variant()?;
        let band = v.weekly.cumulative_revenue_change.clone()?;
        if !band.mean.iter().any(|x| x.is_finite()) {
            return None;
        }
        let index = s.variants.iter().position(|x| std::ptr::eq(x, v))?;
        let others = s
            .variants
            .iter()
            .enumerate()
            .filter(|(i, o)| *i != index && !o.baseline && !s.is_sweep_point(&o.name))
            .filter_map(|(i, o)| {
                let mean = o.weekly.cumulative_revenue_change.as_ref()?.mean.clone();
                Some(Other {
                    name: o.name.clone(),
                    colour: ctx.colour(i),
                    mean,
                })
            })
            .take(MAX_OTHERS)
            .collect();
        Some(Transition {
            band,
            colour: ctx.colour(index),
            others,
            texts: TransitionTexts::new(ctx.lang, &s.baseline()?.name, &v.name),
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
        let mut items = vec![(self.texts.band.clone(), self.colour.mix(0.3).to_rgba())];
        items.extend(
            self.others
                .iter()
                .map(|o| (o.name.clone(), o.colour.to_rgba())),
        );
        let items: Vec<(String, RGBColor)> = items
            .into_iter()
            .map(|(l, c)| {
                let RGBAColor(r, g, b, a) = c;
                // Blend a translucent swatch with white, as it looks on the chart.
                let mix = |x: u8| (f64::from(x) * a + 255.0 * (1.0 - a)).round() as u8;
                (l, RGBColor(mix(r), mix(g), mix(b)))
            })
            .collect();
        let body = legend(&body, &items)?;
        let weeks = self.band.mean.len() as f64;
        let (lo, hi) = finite_range(
            self.band
                .p05
                .iter()
                .chain(&self.band.p95)
                .chain(self.others.iter().flat_map(|o| o.mean.iter()))
                .copied()
                .chain([0.0]),
        )
        .unwrap_or((0.0, 1.0));
        let (lo, hi) = padded((lo, hi), 0.06, 0.06);
        let money = |x: f64| {
            if x < 0.0 {
                format!("\u{2212}{}", ctx.money(-x))
            } else {
                ctx.money(x)
            }
        };
        // One money unit for the axis, in its title: "0" and "5" under "MSEK", not "0 kr"
        // beside "5,0 MSEK".
        let axis = crate::lang::format::MoneyAxis::new(ctx.lang, lo, hi, &ctx.summary.currency);
        let y_title = format!("{} ({})", self.texts.y_axis, axis.unit());
        let y_w = label_width(&body, &[axis.tick(hi), axis.tick(lo)], &text(17.0)) + 16;
        let mut chart = ChartBuilder::on(&body)
            .margin(10)
            .margin_right(30)
            .x_label_area_size(56)
            .y_label_area_size(y_w + 34)
            .build_cartesian_2d(0.0..weeks, lo..hi)?;
        let x_fmt = |x: &f64| format!("{x:.0}");
        let y_fmt = |y: &f64| axis.tick(*y);
        chart
            .configure_mesh()
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(MUTED)
            .x_labels(8)
            .y_labels(7)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .label_style(text(17.0))
            .x_desc(self.texts.x_axis.as_str())
            .y_desc(y_title.as_str())
            .axis_desc_style(text(19.0))
            .draw()?;
        // Week k's figure is at the end of week k (x = k + 1); the switch is at 0 with no
        // change yet.
        let from_zero = |b: &[f64]| -> Vec<(f64, f64)> {
            std::iter::once((0.0, 0.0))
                .chain(
                    b.iter()
                        .enumerate()
                        .filter(|(_, y)| y.is_finite())
                        .map(|(k, y)| ((k + 1) as f64, *y)),
                )
                .collect()
        };
        let mut band = from_zero(&self.band.p95);
        band.extend(from_zero(&self.band.p05).into_iter().rev());
        chart.draw_series(std::iter::once(Polygon::new(
            band,
            self.colour.mix(0.22).filled(),
        )))?;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (weeks, 0.0)],
            REFERENCE.stroke_width(2),
        )))?;
        for o in &self.others {
            chart.draw_series(LineSeries::new(
                from_zero(&o.mean),
                o.colour.stroke_width(2),
            ))?;
        }
        chart.draw_series(LineSeries::new(
            from_zero(&self.band.p50),
            self.colour.stroke_width(1),
        ))?;
        chart.draw_series(LineSeries::new(
            from_zero(&self.band.mean),
            self.colour.stroke_width(4),
        ))?;
        // The lowest point of the mean, when it dips below zero: the depth of the J-curve.
        let dip = self
            .band
            .mean
            .iter()
            .enumerate()
            .filter(|(_, y)| y.is_finite())
            .min_by(|a, b| a.1.total_cmp(b.1));
        if let Some((k, &y)) = dip.filter(|(_, y)| **y < 0.0) {
            chart.draw_series([
                Circle::new(((k + 1) as f64, y), 7, WHITE.filled()),
                Circle::new(((k + 1) as f64, y), 5, INK.filled()),
            ])?;
            chart.draw_series(std::iter::once(Text::new(
                money(y),
                ((k + 1) as f64 + weeks * 0.01, y),
                anchored(text(16.0), HPos::Left, VPos::Top),
            )))?;
        }
        if let Some((k, &y)) = self
            .band
            .mean
            .iter()
            .enumerate()
            .rev()
            .find(|(_, y)| y.is_finite())
        {
            let end = if y > 0.0 {
                format!("+{}", money(y))
            } else {
                money(y)
            };
            chart.draw_series(std::iter::once(Text::new(
                end,
                ((k + 1) as f64, y),
                anchored(text(17.0), HPos::Right, VPos::Bottom),
            )))?;
        }
        Ok(())
    }
}
