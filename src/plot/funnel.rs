//! The sales funnel per variant: contacts, leads, opportunities and deals won over the
//! horizon (means with 95 % intervals), one panel per stage.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::strips::{BarRow, PanelText, bar_panel, names_width};
use super::style::frame;
use super::{Chart, Ctx, DrawResult};
use crate::lang::Lang;
use crate::metrics::M;

/// Funnel stages: metric name, English and Swedish label.
const STAGES: [(M, &str, &str); 4] = [
    (M::Contacts, "Contacts", "Kontakter"),
    (M::Leads, "Leads", "Leads"),
    (M::Opportunities, "Opportunities", "Affärsmöjligheter"),
    (M::DealsWon, "Deals won", "Vunna affärer"),
];

/// Funnel stages per variant.
pub struct Funnel {
    stages: Vec<(usize, Vec<BarRow>)>,
}

impl Chart for Funnel {
    const NAME: &'static str = "funnel";

    fn prepare(ctx: &Ctx<'_>) -> Option<Self> {
        let stages: Vec<(usize, Vec<BarRow>)> = STAGES
            .iter()
            .enumerate()
            .filter_map(|(k, (metric, _, _))| {
                let rows: Vec<BarRow> = ctx
                    .summary
                    .variants
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let e = v.metric(*metric);
                        BarRow {
                            name: v.name.clone(),
                            colour: ctx.colour(i),
                            mean: e.map_or(f64::NAN, |e| e.mean),
                            ci: e.map_or([f64::NAN; 2], |e| e.ci95),
                        }
                    })
                    .collect();
                rows.iter().any(|r| r.mean.is_finite()).then_some((k, rows))
            })
            .collect();
        (!stages.is_empty()).then_some(Funnel { stages })
    }

    fn caption(&self, ctx: &Ctx<'_>) -> String {
        ctx.t(
            "The sales funnel of each variant: contacts, leads, opportunities and deals won.",
            "Säljtratten för varje variant: kontakter, leads, affärsmöjligheter och vunna affärer.",
        )
        .to_string()
    }

    fn draw<DB: DrawingBackend>(&self, ctx: &Ctx<'_>, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let weeks = ctx.summary.horizon_weeks;
        let title = match ctx.lang {
            Lang::En => format!("The sales funnel over the {weeks} weeks after the switch"),
            Lang::Sv => format!("Säljtratten under de {weeks} veckorna efter bytet"),
        };
        let subtitle = ctx.t(
            "Mean per sampled world, whole organisation; black line: 95 % interval of the mean",
            "Medelvärde per simulerad värld, hela organisationen; svart linje: 95 % konfidensintervall för medelvärdet",
        );
        let body = frame(root, &title, subtitle)?;
        let names: Vec<String> = ctx
            .summary
            .variants
            .iter()
            .map(|v| v.name.clone())
            .collect();
        let names_w = names_width(&body, &names);
        let (w, _) = body.dim_in_pixel();
        let n = self.stages.len() as u32;
        let panel_w = (w.saturating_sub(names_w)) / n;
        let mut breaks = Vec::new();
        for k in 1..n {
            breaks.push((names_w + panel_w * k) as i32);
        }
        let areas = body.split_by_breakpoints(breaks, Vec::<i32>::new());
        let count = |x: f64| ctx.lang.number(x, 0);
        for (area, (k, rows)) in areas.iter().zip(&self.stages) {
            let (_, en, sv) = STAGES[*k];
            bar_panel(
                area,
                &PanelText {
                    title: ctx.t(en, sv),
                    x_desc: ctx.t("number", "antal"),
                    fmt: &count,
                    tick: None,
                },
                rows,
                if std::ptr::eq(area, &areas[0]) {
                    names_w
                } else {
                    0
                },
            )?;
        }
        Ok(())
    }
}
