//! The charts of `spmsim optimise` (docs/decisions.md): how the best objective found grew
//! with the plans evaluated (convergence), and every evaluated plan's revenue change against
//! its operating margin change on the search trials (frontier), with the chosen plan marked at
//! its confirmed figures. SVG, drawn from the optimiser's result rather than a summary.

use std::path::Path;

use plotters::prelude::*;

use super::DrawResult;
use super::style::{GRID, INK, MUTED, REFERENCE, finite_range, frame, padded, text};
use crate::engine::optimise::OptimiseResult;
use crate::lang::Lang;
use crate::scenario::optimise::OptimiseSpec;

/// The files [`draw`] writes.
pub const FILES: [&str; 2] = ["optimise_convergence.svg", "optimise_frontier.svg"];

const FEASIBLE: RGBColor = RGBColor(0x2b, 0x6c, 0xb0);
const INFEASIBLE: RGBColor = RGBColor(0xc0, 0xc0, 0xc0);
const CHOSEN: RGBColor = RGBColor(0xc2, 0x41, 0x0c);

/// Draw both charts into `dir`, their words in `lang`.
///
/// # Errors
/// When a chart cannot be drawn or written.
pub fn draw(dir: &Path, spec: &OptimiseSpec, r: &OptimiseResult, lang: Lang) -> DrawResult {
    convergence(&dir.join(FILES[0]), spec, r, lang)?;
    frontier(&dir.join(FILES[1]), r, lang)?;
    Ok(())
}

fn convergence(path: &Path, spec: &OptimiseSpec, r: &OptimiseResult, lang: Lang) -> DrawResult {
    let root = SVGBackend::new(path, super::CHART_SIZE).into_drawing_area();
    // The objective in words ("Operating profit"), not its key.
    let objective = crate::lang::labels::output_or_name(spec.objective.name(), lang);
    let body = frame(
        &root,
        &format!(
            "{}: {}",
            lang.t("Search for the best plan", "Sökandet efter den bästa planen"),
            crate::lang::labels::in_sentence(&objective)
        ),
        lang.t(
            "Best feasible objective so far (line) and each plan evaluated (dots, grey if it breaks a constraint), on the search trials",
            "Bästa tillåtna målvärde hittills (linje) och varje prövad plan (punkter, grå om den bryter ett villkor), i sökningens simulerade världar",
        ),
    )?;
    let mut best = f64::NEG_INFINITY;
    let mut line = Vec::new();
    for e in &r.evaluations {
        if e.figures.feasible() && e.figures.objective > best {
            best = e.figures.objective;
        }
        if best.is_finite() {
            line.push((e.index as f64, best));
        }
    }
    let ys = r
        .evaluations
        .iter()
        .map(|e| e.figures.objective)
        .chain([r.baseline_objective]);
    let (ylo, yhi) = padded(finite_range(ys).unwrap_or((0.0, 1.0)), 0.08, 0.08);
    let n = r.evaluations.len().max(2) as f64;
    let mut chart = ChartBuilder::on(&body)
        .margin(10)
        .margin_right(30)
        .x_label_area_size(64)
        .y_label_area_size(120)
        .build_cartesian_2d(0.0..n + 1.0, ylo..yhi)?;
    chart
        .configure_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(MUTED)
        .label_style(text(17.0))
        .x_desc(lang.t("plans evaluated", "prövade planer"))
        .y_desc(objective.as_str())
        .axis_desc_style(text(19.0))
        .draw()?;
    chart.draw_series(LineSeries::new(
        [(0.0, r.baseline_objective), (n + 1.0, r.baseline_objective)],
        ShapeStyle::from(&REFERENCE).stroke_width(1),
    ))?;
    chart.draw_series(
        r.evaluations
            .iter()
            .filter(|e| e.figures.objective.is_finite())
            .map(|e| {
                let c = if e.figures.feasible() {
                    FEASIBLE
                } else {
                    INFEASIBLE
                };
                Circle::new((e.index as f64, e.figures.objective), 4, c.filled())
            }),
    )?;
    chart.draw_series(LineSeries::new(
        line,
        ShapeStyle::from(&INK).stroke_width(2),
    ))?;
    root.present()?;
    Ok(())
}

fn frontier(path: &Path, r: &OptimiseResult, lang: Lang) -> DrawResult {
    let root = SVGBackend::new(path, super::CHART_SIZE).into_drawing_area();
    let body = frame(
        &root,
        lang.t(
            "Revenue and margin of the plans evaluated",
            "Intäkter och marginal för de prövade planerna",
        ),
        lang.t(
            "Each dot a plan on the search trials (grey if it breaks a constraint); the ring is the chosen plan at its figures on fresh trials",
            "Varje punkt är en plan i sökningens simulerade världar (grå om den bryter ett villkor); ringen är den valda planen med sina siffror i nya simulerade världar",
        ),
    )?;
    let pts: Vec<(f64, f64, bool)> = r
        .evaluations
        .iter()
        .map(|e| {
            (
                e.figures.revenue_pct,
                e.figures.operating_margin_pp,
                e.figures.feasible(),
            )
        })
        .filter(|p| p.0.is_finite() && p.1.is_finite())
        .collect();
    let chosen = r
        .confirmed
        .first()
        .map(|c| (c.figures.revenue_pct, c.figures.operating_margin_pp));
    let xs = pts
        .iter()
        .map(|p| p.0)
        .chain(chosen.map(|c| c.0))
        .chain([0.0]);
    let ys = pts
        .iter()
        .map(|p| p.1)
        .chain(chosen.map(|c| c.1))
        .chain([0.0]);
    let (xlo, xhi) = padded(finite_range(xs).unwrap_or((0.0, 1.0)), 0.08, 0.08);
    let (ylo, yhi) = padded(finite_range(ys).unwrap_or((0.0, 1.0)), 0.08, 0.08);
    let mut chart = ChartBuilder::on(&body)
        .margin(10)
        .margin_right(30)
        .x_label_area_size(64)
        .y_label_area_size(96)
        .build_cartesian_2d(xlo..xhi, ylo..yhi)?;
    chart
        .configure_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(MUTED)
        .label_style(text(17.0))
        .x_desc(lang.t(
            "revenue change vs the baseline (%)",
            "intäktsförändring mot utgångsläget (%)",
        ))
        .y_desc(lang.t(
            "operating margin change (points)",
            "förändring av rörelsemarginalen (procentenheter)",
        ))
        .axis_desc_style(text(19.0))
        .draw()?;
    chart.draw_series(LineSeries::new([(0.0, ylo), (0.0, yhi)], &REFERENCE))?;
    chart.draw_series(LineSeries::new([(xlo, 0.0), (xhi, 0.0)], &REFERENCE))?;
    chart.draw_series(pts.iter().map(|&(x, y, ok)| {
        let c = if ok { FEASIBLE } else { INFEASIBLE };
        Circle::new((x, y), 4, c.filled())
    }))?;
    if let Some((x, y)) = chosen {
        chart.draw_series([Circle::new(
            (x, y),
            9,
            ShapeStyle::from(&CHOSEN).stroke_width(3),
        )])?;
    }
    root.present()?;
    Ok(())
}
