//! Panels shared by several charts: one horizontal row per variant, either a distribution
//! strip (5–95 % bar or a density violin, median, mean with its 95 % interval) or a bar with
//! its interval. Drawing only.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::stats::Estimate;

use super::DrawResult;
use super::style::{
    GRID, INK, MUTED, anchored, bold, finite_range, label_width, padded, row_label, row_text_size,
    row_y, rows, text,
};

/// One variant's distribution of one metric.
pub struct StripRow {
    /// Variant name.
    pub name: String,
    /// Variant colour.
    pub colour: RGBColor,
    /// 5th percentile across sampled worlds.
    pub p05: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Mean.
    pub mean: f64,
    /// 95 % interval of the mean.
    pub ci: [f64; 2],
    /// Density shape `(x, density scaled to peak 1)`, when per-trial values are known.
    pub density: Option<Vec<(f64, f64)>>,
}

impl StripRow {
    /// A row from a summary estimate, values multiplied by `scale` (e.g. 100 for shares).
    pub fn from_estimate(name: &str, colour: RGBColor, e: &Estimate, scale: f64) -> Self {
        StripRow {
            name: name.to_string(),
            colour,
            p05: e.p05 * scale,
            p50: e.p50 * scale,
            p95: e.p95 * scale,
            mean: e.mean * scale,
            ci: [e.ci95[0] * scale, e.ci95[1] * scale],
            density: None,
        }
    }

    fn extent(&self) -> impl Iterator<Item = f64> + '_ {
        let d = self.density.iter().flatten().map(|p| p.0);
        [
            self.p05, self.p50, self.p95, self.mean, self.ci[0], self.ci[1],
        ]
        .into_iter()
        .chain(d)
    }

    fn right_end(&self) -> f64 {
        finite_range(self.extent()).map_or(self.mean, |r| r.1)
    }
}

/// Labels of a panel.
pub struct PanelText<'a> {
    /// Panel title (what and unit).
    pub title: &'a str,
    /// X axis description.
    pub x_desc: &'a str,
    /// Value format (the labels beside the marks, and the ticks unless `tick` is given).
    pub fmt: &'a dyn Fn(f64) -> String,
    /// Tick format, when ticks read shorter than values (the unit in `x_desc` instead).
    pub tick: Option<&'a dyn Fn(f64) -> String>,
}

/// The x range a strip panel of `rows_data` shows (before padding), `None` when empty.
pub fn panel_range(rows_data: &[StripRow]) -> Option<(f64, f64)> {
    finite_range(rows_data.iter().flat_map(|r| r.extent()))
}

/// The subtitle explaining a strip panel's marks.
pub fn strip_legend(lang: crate::lang::Lang, with_densities: bool) -> &'static str {
    if with_densities {
        lang.t(
            "Shape: spread over the sampled worlds; line: 5–95 %; tick: median; dot: mean (black line: its 95 % interval)",
            "Form: spridningen över de simulerade världarna; linje: 5–95 %; streck: median; punkt: medelvärde (svart linje: dess 95 % konfidensintervall)",
        )
    } else {
        lang.t(
            "Bar: 5–95 % of the sampled worlds; tick: median; dot: mean (black line: its 95 % interval)",
            "Band: 5–95 % av de simulerade världarna; streck: median; punkt: medelvärde (svart linje: dess 95 % konfidensintervall)",
        )
    }
}

/// Width of the variant-name label area for `names`.
pub fn names_width<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, names: &[String]) -> u32 {
    label_width(area, names, &text(17.0)) + 18
}

/// Draw one distribution panel. Rows with no finite figures are left blank.
pub fn strip_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: &PanelText<'_>,
    rows_data: &[StripRow],
    names_w: u32,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let n = rows_data.len();
    let names: Vec<String> = rows_data.iter().map(|r| r.name.clone()).collect();
    let Some(range) = finite_range(rows_data.iter().flat_map(|r| r.extent())) else {
        return Ok(());
    };
    let (lo, hi) = padded(range, 0.04, 0.42);
    let fs = row_text_size(area.dim_in_pixel().1.saturating_sub(100), n);
    let mut chart = ChartBuilder::on(area)
        .caption(labels.title, bold(21.0))
        .margin(8)
        .margin_right(20)
        .x_label_area_size(super::style::px(58))
        .y_label_area_size(names_w)
        .build_cartesian_2d(lo..hi, rows(n))?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(MUTED)
        .x_labels(5)
        .x_label_formatter(&|x| labels.tick.unwrap_or(labels.fmt)(*x))
        .y_label_formatter(&|y| row_label(&names, *y))
        .label_style(text(17.0))
        .y_label_style(text(fs))
        .x_desc(labels.x_desc)
        .axis_desc_style(text(18.0))
        .draw()?;
    let nudge = (hi - lo) * 0.015;
    let (dot, halo) = if fs < 14.0 { (4, 5) } else { (6, 8) };
    for (i, r) in rows_data.iter().enumerate() {
        let y = row_y(i, n);
        if let Some(d) = &r.density {
            let mut shape: Vec<(f64, f64)> = d.iter().map(|&(x, h)| (x, y + 0.38 * h)).collect();
            shape.extend(d.iter().rev().map(|&(x, h)| (x, y - 0.38 * h)));
            chart.draw_series(std::iter::once(Polygon::new(
                shape,
                r.colour.mix(0.28).filled(),
            )))?;
        }
        if r.p05.is_finite() && r.p95.is_finite() {
            if r.density.is_some() {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(r.p05, y), (r.p95, y)],
                    r.colour.stroke_width(3),
                )))?;
            } else {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(r.p05, y - 0.16), (r.p95, y + 0.16)],
                    r.colour.mix(0.35).filled(),
                )))?;
            }
        }
        if r.p50.is_finite() {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(r.p50, y - 0.26), (r.p50, y + 0.26)],
                INK.stroke_width(3),
            )))?;
        }
        if r.ci[0].is_finite() && r.ci[1].is_finite() {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(r.ci[0], y), (r.ci[1], y)],
                INK.stroke_width(5),
            )))?;
        }
        if r.mean.is_finite() {
            chart.draw_series([
                Circle::new((r.mean, y), halo, WHITE.filled()),
                Circle::new((r.mean, y), dot, r.colour.filled()),
            ])?;
            chart.draw_series(std::iter::once(Text::new(
                (labels.fmt)(r.mean),
                (r.right_end() + nudge, y),
                anchored(text(fs), HPos::Left, VPos::Center),
            )))?;
        }
    }
    Ok(())
}

/// One variant's bar: mean and the 95 % interval of the mean.
pub struct BarRow {
    /// Variant name.
    pub name: String,
    /// Variant colour.
    pub colour: RGBColor,
    /// Mean.
    pub mean: f64,
    /// 95 % interval of the mean.
    pub ci: [f64; 2],
}

/// Draw one bar panel (bars from zero), value labels at the bar ends. `names_w` 0 hides the
/// variant names (for panels beside one that shows them).
pub fn bar_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: &PanelText<'_>,
    rows_data: &[BarRow],
    names_w: u32,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let n = rows_data.len();
    let names: Vec<String> = rows_data.iter().map(|r| r.name.clone()).collect();
    let Some(range) = finite_range(
        rows_data
            .iter()
            .flat_map(|r| [r.mean, r.ci[0], r.ci[1]])
            .chain([0.0]),
    ) else {
        return Ok(());
    };
    let (lo, hi) = padded(range, 0.0, 0.38);
    let lo = if range.0 < 0.0 {
        padded(range, 0.05, 0.0).0
    } else {
        lo
    };
    let fs = row_text_size(area.dim_in_pixel().1.saturating_sub(100), n).min(16.0);
    let mut chart = ChartBuilder::on(area)
        .caption(labels.title, bold(20.0))
        .margin(8)
        .margin_right(14)
        .x_label_area_size(super::style::px(58))
        .y_label_area_size(names_w.max(6))
        .build_cartesian_2d(lo..hi, rows(n))?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(MUTED)
        .x_labels(4)
        .x_label_formatter(&|x| labels.tick.unwrap_or(labels.fmt)(*x))
        .y_label_formatter(&|y| {
            if names_w == 0 {
                String::new()
            } else {
                row_label(&names, *y)
            }
        })
        .label_style(text(16.0))
        .y_label_style(text(fs))
        .x_desc(labels.x_desc)
        .axis_desc_style(text(17.0))
        .draw()?;
    let nudge = (hi - lo) * 0.02;
    for (i, r) in rows_data.iter().enumerate() {
        if !r.mean.is_finite() {
            continue;
        }
        let y = row_y(i, n);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y - 0.32), (r.mean, y + 0.32)],
            r.colour.mix(0.85).filled(),
        )))?;
        let mut end = r.mean.max(0.0);
        if r.ci[0].is_finite() && r.ci[1].is_finite() {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(r.ci[0], y), (r.ci[1], y)],
                INK.stroke_width(2),
            )))?;
            end = end.max(r.ci[1]);
        }
        chart.draw_series(std::iter::once(Text::new(
            (labels.fmt)(r.mean),
            (end + nudge, y),
            anchored(text(fs), HPos::Left, VPos::Center),
        )))?;
    }
    Ok(())
}
