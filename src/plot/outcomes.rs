//! Outcome distributions per variant: revenue and operating margin across the sampled
//! worlds (5–95 % range, median, mean with its 95 % interval; a density shape when the
//! per-trial values of `trials.csv` are at hand).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::density::kde;
use super::strips::{PanelText, StripRow, names_width, panel_range, strip_legend, strip_panel};
use super::style::frame;
use super::{Chart, Ctx, DrawResult};
use crate::lang::format::MoneyAxis;
use crate::metrics::M;

/// Revenue and operating margin per variant.
pub struct Outcomes {
    revenue: Vec<StripRow>,
    margin: Vec<StripRow>,
    with_densities: bool,
}

fn rows_of(ctx: &Ctx<'_>, metric: M) -> Option<Vec<StripRow>> {
    let rows: Vec<StripRow> = ctx
        .summary
        .variants
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let e = v.metric(metric)?;
            let mut row = StripRow::from_estimate(&v.name, ctx.colour(i), e, 1.0);
            row.density = ctx
                .samples
                .and_then(|s| s.values(&v.name, metric))
                .and_then(|x| kde(x, 90));
            Some(row)
        })
        .collect();
    let any = rows.iter().any(|r| r.mean.is_finite() || r.p50.is_finite());
    any.then_some(rows)
}

impl Chart for Outcomes {
    const NAME: &'static str = "outcomes";

    fn prepare(ctx: &Ctx<'_>) -> Option<Self> {
        let revenue = rows_of(ctx, M::Revenue)?;
        let margin = rows_of(ctx, M::OperatingMarginPct)?;
        let with_densities = revenue.iter().chain(&margin).any(|r| r.density.is_some());
        Some(Outcomes {
            revenue,
            margin,
            with_densities,
        })
    }

    fn caption(&self, ctx: &Ctx<'_>) -> String {
        ctx.t(
            "Revenue and operating margin of each variant across the sampled worlds.",
            "Intäkter och rörelsemarginal för varje variant i de simulerade världarna.",
        )
        .to_string()
    }

    fn draw<DB: DrawingBackend>(&self, ctx: &Ctx<'_>, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let weeks = ctx.summary.horizon_weeks;
        let title = match ctx.lang {
            crate::lang::Lang::En => format!("Outcomes over the {weeks} weeks after the switch"),
            crate::lang::Lang::Sv => format!("Utfall under de {weeks} veckorna efter bytet"),
        };
        let subtitle = strip_legend(ctx.lang, self.with_densities);
        let body = frame(root, &title, subtitle)?;
        let names: Vec<String> = self.revenue.iter().map(|r| r.name.clone()).collect();
        let names_w = names_width(&body, &names);
        let (left, right) = body.split_horizontally(body.dim_in_pixel().0 / 2);
        let money = |x: f64| ctx.money(x);
        // One unit for every tick ("80", "100" with "MSEK" in the axis title): short labels
        // that cannot run into each other, and no "0.0 SEK" beside "50.0 MSEK".
        let (lo, hi) = panel_range(&self.revenue).unwrap_or((0.0, 0.0));
        let axis = MoneyAxis::new(ctx.lang, lo, hi, &ctx.summary.currency);
        let tick = |x: f64| axis.tick(x);
        strip_panel(
            &left,
            &PanelText {
                title: ctx.t("Revenue", "Intäkter"),
                x_desc: &format!(
                    "{} ({})",
                    ctx.t("revenue after discounts", "intäkter efter rabatter"),
                    axis.unit()
                ),
                fmt: &money,
                tick: Some(&tick),
            },
            &self.revenue,
            names_w,
        )?;
        let pct = |x: f64| ctx.lang.numbers().percent(x, 1);
        let span = panel_range(&self.margin).map_or(1.0, |(lo, hi)| hi - lo);
        let pct_digits = super::style::tick_digits(span * 1.5);
        let pct_tick = |x: f64| ctx.lang.numbers().percent(x, pct_digits);
        strip_panel(
            &right,
            &PanelText {
                title: ctx.t("Operating margin", "Rörelsemarginal"),
                x_desc: ctx.t(
                    "operating profit as % of revenue",
                    "rörelseresultat i % av intäkterna",
                ),
                fmt: &pct,
                tick: Some(&pct_tick),
            },
            &self.margin,
            names_w,
        )?;
        Ok(())
    }
}
