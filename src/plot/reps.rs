//! Rep level: share of reps at target and the spread of variable pay across reps, per
//! variant.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::density::kde;
use super::strips::{PanelText, StripRow, names_width, strip_legend, strip_panel};
use super::style::frame;
use super::{Chart, Ctx, DrawResult};
use crate::metrics::M;

/// Share at target and pay spread per variant.
pub struct RepLevel {
    at_target: Vec<StripRow>,
    pay_spread: Vec<StripRow>,
}

fn rows_of(ctx: &Ctx<'_>, metric: M, scale: f64) -> Vec<StripRow> {
    ctx.summary
        .variants
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let e = v.metric(metric)?;
            let mut row = StripRow::from_estimate(&v.name, ctx.colour(i), e, scale);
            row.density = ctx
                .samples
                .and_then(|s| s.values(&v.name, metric))
                .map(|x| x.iter().map(|x| x * scale).collect::<Vec<f64>>())
                .and_then(|x| kde(&x, 90));
            Some(row)
        })
        .collect()
}

impl Chart for RepLevel {
    const NAME: &'static str = "rep_level";

    fn prepare(ctx: &Ctx<'_>) -> Option<Self> {
        let at_target = rows_of(ctx, M::ShareAtTarget, 100.0);
        let pay_spread = rows_of(ctx, M::PayCv, 1.0);
        let finite = |r: &[StripRow]| r.iter().any(|r| r.mean.is_finite());
        (finite(&at_target) && finite(&pay_spread)).then_some(RepLevel {
            at_target,
            pay_spread,
        })
    }

    fn caption(&self, ctx: &Ctx<'_>) -> String {
        ctx.t(
            "Share of reps at target and spread of variable pay across reps, per variant.",
            "Andel säljare som når målet och spridningen av rörlig lön mellan säljare, per variant.",
        )
        .to_string()
    }

    fn draw<DB: DrawingBackend>(&self, ctx: &Ctx<'_>, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let with_densities = self
            .at_target
            .iter()
            .chain(&self.pay_spread)
            .any(|r| r.density.is_some());
        let body = frame(
            root,
            ctx.t(
                "The reps: who reaches target, and how unequal pay becomes",
                "Säljarna: vem når målet, och hur ojämn blir lönen",
            ),
            strip_legend(ctx.lang, with_densities),
        )?;
        let names: Vec<String> = self.at_target.iter().map(|r| r.name.clone()).collect();
        let names_w = names_width(&body, &names);
        let (left, right) = body.split_horizontally(body.dim_in_pixel().0 / 2);
        let pct = |x: f64| ctx.lang.percent(x, 0);
        strip_panel(
            &left,
            &PanelText {
                title: ctx.t("Reps at target", "Säljare som når målet"),
                x_desc: ctx.t(
                    "share of rep-periods with attainment of at least 100 %",
                    "andel säljarperioder med måluppfyllelse på minst 100 %",
                ),
                fmt: &pct,
                tick: None,
            },
            &self.at_target,
            names_w,
        )?;
        let cv = |x: f64| ctx.lang.number(x, 2);
        strip_panel(
            &right,
            &PanelText {
                title: ctx.t("Spread of variable pay", "Spridning av rörlig lön"),
                x_desc: ctx.t(
                    "coefficient of variation across reps (0 = equal pay)",
                    "variationskoefficient mellan säljare (0 = lika lön)",
                ),
                fmt: &cv,
                tick: None,
            },
            &self.pay_spread,
            names_w,
        )?;
        Ok(())
    }
}
