//! Expected change vs the baseline with 95 % intervals of the expected change (a forest plot;
//! docs/model.md, section 10.3): revenue in percent and operating margin in percentage points, the zero line and, when the scenario names one, the
//! decision threshold.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::strips::names_width;
use super::style::{
    GRID, INK, MUTED, REFERENCE, anchored, bold, finite_range, frame, label_width, padded,
    row_label, row_text_size, row_y, rows_headroom, text, tick_digits, vline,
};
use super::{Chart, Ctx, DrawResult};
use crate::lang::Lang;
use crate::metrics::Output;

/// One variant's paired change.
struct Change {
    name: String,
    colour: RGBColor,
    mean: f64,
    ci: [f64; 2],
}

/// Change vs the baseline per variant.
pub struct ChangeVsBaseline {
    revenue: Vec<Change>,
    margin: Vec<Change>,
    baseline: String,
}

fn changes(ctx: &Ctx<'_>, output: Output) -> Vec<Change> {
    ctx.summary
        .variants
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.baseline)
        .filter_map(|(i, v)| {
            let d = v.vs(output)?;
            Some(Change {
                name: v.name.clone(),
                colour: ctx.colour(i),
                mean: d.mean,
                ci: d.ci95,
            })
        })
        .collect()
}

impl Chart for ChangeVsBaseline {
    const NAME: &'static str = "change_vs_baseline";

    fn prepare(ctx: &Ctx<'_>) -> Option<Self> {
        let revenue = changes(ctx, Output::REVENUE_PCT);
        let margin = changes(ctx, Output::OPERATING_MARGIN_PP);
        let finite = |c: &Vec<Change>| c.iter().any(|c| c.mean.is_finite());
        if !finite(&revenue) && !finite(&margin) {
            return None;
        }
        Some(ChangeVsBaseline {
            revenue,
            margin,
            baseline: ctx.summary.baseline()?.name.clone(),
        })
    }

    fn caption(&self, ctx: &Ctx<'_>) -> String {
        match ctx.lang {
            Lang::En => format!(
                "Expected change in revenue (percent change of expected revenue) and operating margin (change of the margin of the expected P&L) of each variant compared with {}, with 95 % intervals of the expected change.",
                self.baseline
            ),
            Lang::Sv => format!(
                "Förväntad förändring av intäkter (procentuell förändring av de förväntade intäkterna) och rörelsemarginal (förändring av marginalen i det förväntade resultatet) för varje variant jämfört med {}, med 95 % konfidensintervall för den förväntade förändringen.",
                self.baseline
            ),
        }
    }

    fn draw<DB: DrawingBackend>(&self, ctx: &Ctx<'_>, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let title = match ctx.lang {
            Lang::En => format!("Change compared with {}", self.baseline),
            Lang::Sv => format!("Förändring jämfört med {}", self.baseline),
        };
        let trials = ctx.lang.numbers().number(ctx.summary.trials as f64, 0);
        let subtitle = match ctx.lang {
            Lang::En => format!(
                "Dot: expected change over {trials} sampled worlds; bar: 95 % interval of the expected change (not the range across worlds); grey line: no change"
            ),
            Lang::Sv => format!(
                "Punkt: förväntad förändring över {trials} simulerade världar; färgad linje: 95 % konfidensintervall för den förväntade förändringen (inte spridningen mellan världar); grå lodrät linje: ingen förändring"
            ),
        };
        let body = frame(root, &title, &subtitle)?;
        let names: Vec<String> = self.revenue.iter().map(|r| r.name.clone()).collect();
        let names_w = names_width(&body, &names);
        let (left, right) = body.split_horizontally(body.dim_in_pixel().0 / 2);
        let rev_threshold = ctx.summary.threshold_on(Output::REVENUE_PCT);
        let margin_threshold = ctx.summary.threshold_on(Output::OPERATING_MARGIN_PP);
        // The same rows in both panels: room for a threshold label in both or neither.
        let headroom = if rev_threshold.is_some() || margin_threshold.is_some() {
            0.7
        } else {
            0.0
        };
        let pct = |x: f64, d: usize| ctx.lang.percent(x, d);
        let signed_pct = |x: f64| format!("{}\u{a0}%", ctx.lang.signed(x, 1));
        panel(
            ctx,
            &left,
            ctx.t("Revenue", "Intäkter"),
            ctx.t("change in revenue (%)", "förändring av intäkterna (%)"),
            &self.revenue,
            rev_threshold,
            &pct,
            &signed_pct,
            names_w,
            headroom,
        )?;
        let pp = |x: f64, d: usize| ctx.lang.number(x, d);
        let signed_pp = |x: f64| format!("{}\u{a0}{}", ctx.lang.signed(x, 1), ctx.t("pp", "p.e."));
        panel(
            ctx,
            &right,
            ctx.t("Operating margin", "Rörelsemarginal"),
            ctx.t(
                "change in operating margin (percentage points)",
                "förändring av rörelsemarginalen (procentenheter)",
            ),
            &self.margin,
            margin_threshold,
            &pp,
            &signed_pp,
            names_w,
            headroom,
        )?;
        Ok(())
    }
}

#[allow(clippy::too_many_arguments)]
fn panel<DB: DrawingBackend>(
    ctx: &Ctx<'_>,
    area: &DrawingArea<DB, Shift>,
    title: &str,
    x_desc: &str,
    data: &[Change],
    threshold: Option<f64>,
    tick: &dyn Fn(f64, usize) -> String,
    value: &dyn Fn(f64) -> String,
    names_w: u32,
    headroom: f64,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let n = data.len();
    let names: Vec<String> = data.iter().map(|r| r.name.clone()).collect();
    let Some(range) = finite_range(
        data.iter()
            .flat_map(|c| [c.mean, c.ci[0], c.ci[1]])
            .chain([0.0])
            .chain(threshold),
    ) else {
        return Ok(());
    };
    let (lo, hi) = padded(range, 0.08, 0.08);
    let digits = tick_digits(hi - lo).min(1);
    let tick_fmt = |x: &f64| tick(*x, digits);
    // Values in a column of their own on the right, one line per row.
    let label_of = |c: &Change| {
        if c.ci[0].is_finite() && c.ci[1].is_finite() {
            format!(
                "{}  [{}; {}]",
                value(c.mean),
                ctx.lang.signed(c.ci[0], 1),
                ctx.lang.signed(c.ci[1], 1)
            )
        } else {
            value(c.mean)
        }
    };
    let size = row_text_size(area.dim_in_pixel().1.saturating_sub(100), n).min(16.0);
    let labels: Vec<String> = data
        .iter()
        .map(|c| {
            if c.mean.is_finite() {
                label_of(c)
            } else {
                String::new()
            }
        })
        .collect();
    let label_w = label_width(area, &labels, &text(size)) + 12;
    let (w, _) = area.dim_in_pixel();
    let (plot_area, label_area) = area.split_horizontally(w.saturating_sub(label_w));
    let mut chart = ChartBuilder::on(&plot_area)
        .caption(title, bold(21.0))
        .margin(8)
        .margin_right(6)
        .x_label_area_size(super::style::px(58))
        .y_label_area_size(names_w)
        .build_cartesian_2d(lo..hi, rows_headroom(n, headroom))?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(MUTED)
        .x_labels(5)
        .x_label_formatter(&tick_fmt)
        .y_label_formatter(&|y| row_label(&names, *y))
        .label_style(text(17.0))
        .y_label_style(text(row_text_size(
            area.dim_in_pixel().1.saturating_sub(100),
            n,
        )))
        .x_desc(x_desc)
        .axis_desc_style(text(18.0))
        .draw()?;
    vline(&mut chart, 0.0, REFERENCE, false, None)?;
    if let Some(t) = threshold {
        let label = format!("{} {}", ctx.t("threshold", "beslutsgräns"), value(t));
        vline(&mut chart, t, RGBColor(0xd5, 0x5e, 0x00), true, Some(label))?;
    }
    let radius = if n > 10 { 5 } else { 7 };
    let base_y = label_area.get_base_pixel().1;
    for (i, c) in data.iter().enumerate() {
        if !c.mean.is_finite() {
            continue;
        }
        let y = row_y(i, n);
        if c.ci[0].is_finite() && c.ci[1].is_finite() {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(c.ci[0], y), (c.ci[1], y)],
                c.colour.stroke_width(if n > 10 { 4 } else { 6 }),
            )))?;
        }
        chart.draw_series([
            Circle::new((c.mean, y), radius + 2, WHITE.filled()),
            Circle::new((c.mean, y), radius, c.colour.filled()),
            Circle::new((c.mean, y), radius, INK.stroke_width(1)),
        ])?;
        let (_, py) = chart.backend_coord(&(c.mean, y));
        label_area.draw(&Text::new(
            labels[i].clone(),
            (4, py - base_y),
            anchored(text(size), HPos::Left, VPos::Center),
        ))?;
    }
    Ok(())
}
