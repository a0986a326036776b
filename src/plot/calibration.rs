//! Charts of a calibration (docs/calibration.md section 4): the observed CRM export next to the
//! calibrated baseline's simulated export, per motion, in three charts: the distribution of
//! won-deal values (cumulative share on a log money axis), the distribution of won-deal
//! cycles (cumulative share in weeks) and the deals won per week. The words come in as
//! [`CalibrationTexts`]; the figures as [`CalibrationData`], so the chart does no
//! statistics of its own beyond sorting.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{GRID, INK, MUTED, finite_range, frame, legend, padded, text};
use super::{DrawResult, PlotError, draw_error, register_fonts, style};
use crate::lang::Lang;
use crate::lang::format::MoneyAxis;
use crate::scenario::Motion;

/// The observed side (the export): dark.
const OBSERVED: RGBColor = INK;
/// The simulated side (the calibrated baseline): blue (Okabe–Ito).
const SIMULATED: RGBColor = RGBColor(0x00, 0x72, 0xb2);

/// One side (observed or simulated) of one motion.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Side {
    /// Won-deal values, any order.
    pub won_values: Vec<f64>,
    /// Won-deal cycles in weeks, any order.
    pub won_cycles: Vec<f64>,
    /// Deals won in each week of the observation window (a mean over trials for the
    /// simulated side).
    pub weekly_wins: Vec<f64>,
}

/// Both sides of one motion.
#[derive(Clone, Debug, PartialEq)]
pub struct MotionSides {
    /// The motion.
    pub motion: Motion,
    /// From the export.
    pub observed: Side,
    /// From the calibrated baseline.
    pub simulated: Side,
}

/// What the calibration charts show.
#[derive(Clone, Debug, PartialEq)]
pub struct CalibrationData {
    /// Currency of the amounts.
    pub currency: String,
    /// Simulated trials pooled on the simulated side.
    pub trials: u64,
    /// Each motion of the export.
    pub motions: Vec<MotionSides>,
}

/// Every word the calibration charts draw.
#[derive(Clone, Debug)]
pub struct CalibrationTexts {
    /// Titles of the three charts: values, cycles, weekly wins.
    pub titles: [String; 3],
    /// Subtitles of the three charts.
    pub subtitles: [String; 3],
    /// Axis of the values (the money unit is added).
    pub value_axis: String,
    /// Axis of the cycles.
    pub cycle_axis: String,
    /// Axis of the weeks.
    pub week_axis: String,
    /// Axis of the cumulative share.
    pub share_axis: String,
    /// Axis of the wins per week.
    pub wins_axis: String,
    /// Legend: the export.
    pub observed: String,
    /// Legend: the calibrated baseline.
    pub simulated: String,
    /// Panel titles per motion: traditional, complex.
    pub motions: [String; 2],
}

impl CalibrationTexts {
    /// The built-in English or Swedish words, with `trials` simulated trials.
    pub fn new(lang: Lang, trials: u64) -> CalibrationTexts {
        match lang {
            Lang::En => CalibrationTexts {
                titles: [
                    "Won-deal values: your export and the calibrated baseline".into(),
                    "Won-deal cycles: your export and the calibrated baseline".into(),
                    "Deals won per week: your export and the calibrated baseline".into(),
                ],
                subtitles: [
                    "Share of won deals at or below each value (log scale); close lines mean the value distribution matches".into(),
                    "Share of won deals closed within each number of weeks from creation".into(),
                    format!("Deals won in each week of the export's window; simulated: mean of {trials} trials"),
                ],
                value_axis: "won-deal value".into(),
                cycle_axis: "weeks from created to won".into(),
                week_axis: "week of the window".into(),
                share_axis: "share of won deals (%)".into(),
                wins_axis: "deals won".into(),
                observed: "your export".into(),
                simulated: "calibrated baseline (simulated)".into(),
                motions: ["traditional".into(), "complex".into()],
            },
            Lang::Sv => CalibrationTexts {
                titles: [
                    "Vunna affärers värde: er export och den kalibrerade basen".into(),
                    "Vunna affärers säljcykel: er export och den kalibrerade basen".into(),
                    "Vunna affärer per vecka: er export och den kalibrerade basen".into(),
                ],
                subtitles: [
                    "Andel vunna affärer med högst varje värde (logaritmisk skala); linjer nära varandra betyder att fördelningen stämmer".into(),
                    "Andel vunna affärer stängda inom varje antal veckor från skapandet".into(),
                    format!("Vunna affärer varje vecka i exportens period; simulerat: medel av {trials} körningar"),
                ],
                value_axis: "vunnen affärs värde".into(),
                cycle_axis: "veckor från skapad till vunnen".into(),
                week_axis: "vecka i perioden".into(),
                share_axis: "andel vunna affärer (%)".into(),
                wins_axis: "vunna affärer".into(),
                observed: "er export".into(),
                simulated: "kalibrerad bas (simulerad)".into(),
                motions: ["traditionell".into(), "komplex".into()],
            },
        }
    }
}

/// File stems of the three charts, in order.
pub const CALIBRATION_CHARTS: [&str; 3] = [
    "calibration_won_value",
    "calibration_won_cycle",
    "calibration_weekly_wins",
];

/// The cumulative share (percent) of sorted `v` as step points.
fn ecdf(v: &[f64]) -> Vec<(f64, f64)> {
    let mut s: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    s.sort_by(f64::total_cmp);
    let n = s.len() as f64;
    let mut out = Vec::with_capacity(2 * s.len());
    for (i, x) in s.iter().enumerate() {
        out.push((*x, 100.0 * i as f64 / n));
        out.push((*x, 100.0 * (i + 1) as f64 / n));
    }
    out
}

/// A panel's area with its motion, or a drawing error.
type Panels<'a, DB> = Result<
    Vec<(DrawingArea<DB, Shift>, &'a MotionSides)>,
    Box<dyn std::error::Error + Send + Sync>,
>;

/// Panels side by side, one per motion; each gets its title and the area under it.
fn panels<'a, DB: DrawingBackend + 'a>(
    body: &DrawingArea<DB, Shift>,
    data: &'a CalibrationData,
    texts: &CalibrationTexts,
) -> Panels<'a, DB>
where
    DB::ErrorType: 'static,
{
    let body = legend(
        body,
        &[
            (texts.observed.clone(), OBSERVED),
            (texts.simulated.clone(), SIMULATED),
        ],
    )?;
    let n = data.motions.len().max(1);
    let areas = body.split_evenly((1, n));
    let mut out = Vec::new();
    for (area, m) in areas.into_iter().zip(&data.motions) {
        let title = &texts.motions[m.motion.index()];
        area.draw(&Text::new(title.clone(), (8, 0), style::bold(20.0)))?;
        out.push((area.margin(style::px(30) as i32, 0, 0, 0), m));
    }
    Ok(out)
}

fn lines_of<DB, X>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, plotters::coord::types::RangedCoordf64>>,
    observed: Vec<(f64, f64)>,
    simulated: Vec<(f64, f64)>,
) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
    X: plotters::coord::ranged1d::Ranged<ValueType = f64>,
{
    chart.draw_series(LineSeries::new(simulated, SIMULATED.stroke_width(3)))?;
    chart.draw_series(LineSeries::new(observed, OBSERVED.stroke_width(2)))?;
    Ok(())
}

fn draw_values<DB: DrawingBackend>(
    data: &CalibrationData,
    texts: &CalibrationTexts,
    lang: Lang,
    root: &DrawingArea<DB, Shift>,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let body = frame(root, &texts.titles[0], &texts.subtitles[0])?;
    for (area, m) in panels(&body, data, texts)? {
        let all = m.observed.won_values.iter().chain(&m.simulated.won_values);
        let (lo, hi) = finite_range(all.copied().filter(|x| *x > 0.0)).unwrap_or((1.0, 10.0));
        let (lo, hi) = (lo * 0.8, hi.max(lo * 1.5) * 1.25);
        let axis = MoneyAxis::new(lang, lo, hi, &data.currency);
        let numbers = lang.numbers();
        let mut chart = ChartBuilder::on(&area)
            .margin(8)
            .margin_right(24)
            .x_label_area_size(56)
            .y_label_area_size(60)
            .build_cartesian_2d((lo..hi).log_scale(), 0.0..100.0)?;
        let x_fmt = |x: &f64| {
            let r = *x / unit_scale(hi);
            numbers.number(r, if r < 10.0 && r != r.round() { 1 } else { 0 })
        };
        chart
            .configure_mesh()
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(MUTED)
            .x_labels(6)
            .y_labels(6)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&|y: &f64| format!("{y:.0}"))
            .label_style(text(15.0))
            .x_desc(format!("{} ({})", texts.value_axis, axis.unit()))
            .y_desc(texts.share_axis.as_str())
            .axis_desc_style(text(17.0))
            .draw()?;
        let pos = |v: &[f64]| -> Vec<f64> { v.iter().copied().filter(|x| *x > 0.0).collect() };
        lines_of(
            &mut chart,
            ecdf(&pos(&m.observed.won_values)),
            ecdf(&pos(&m.simulated.won_values)),
        )?;
    }
    Ok(())
}

/// The divisor of [`MoneyAxis`]'s unit for an axis up to `top` (its thresholds: 1e4, 1e6,
/// 1e9), so that the ticks of a log axis can have their own decimals.
fn unit_scale(top: f64) -> f64 {
    if top < 1e4 {
        1.0
    } else if top < 1e6 {
        1e3
    } else if top < 1e9 {
        1e6
    } else {
        1e9
    }
}

fn draw_cycles<DB: DrawingBackend>(
    data: &CalibrationData,
    texts: &CalibrationTexts,
    root: &DrawingArea<DB, Shift>,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let body = frame(root, &texts.titles[1], &texts.subtitles[1])?;
    for (area, m) in panels(&body, data, texts)? {
        let all = m.observed.won_cycles.iter().chain(&m.simulated.won_cycles);
        let (_, hi) = finite_range(all.copied()).unwrap_or((0.0, 1.0));
        let (_, hi) = padded((0.0, hi.max(1.0)), 0.0, 0.05);
        let mut chart = ChartBuilder::on(&area)
            .margin(8)
            .margin_right(24)
            .x_label_area_size(56)
            .y_label_area_size(60)
            .build_cartesian_2d(0.0..hi, 0.0..100.0)?;
        chart
            .configure_mesh()
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(MUTED)
            .x_labels(8)
            .y_labels(6)
            .x_label_formatter(&|x: &f64| format!("{x:.0}"))
            .y_label_formatter(&|y: &f64| format!("{y:.0}"))
            .label_style(text(15.0))
            .x_desc(texts.cycle_axis.as_str())
            .y_desc(texts.share_axis.as_str())
            .axis_desc_style(text(17.0))
            .draw()?;
        lines_of(
            &mut chart,
            ecdf(&m.observed.won_cycles),
            ecdf(&m.simulated.won_cycles),
        )?;
    }
    Ok(())
}

fn draw_weekly<DB: DrawingBackend>(
    data: &CalibrationData,
    texts: &CalibrationTexts,
    root: &DrawingArea<DB, Shift>,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let body = frame(root, &texts.titles[2], &texts.subtitles[2])?;
    for (area, m) in panels(&body, data, texts)? {
        let weeks = m
            .observed
            .weekly_wins
            .len()
            .max(m.simulated.weekly_wins.len())
            .max(1);
        let all = m
            .observed
            .weekly_wins
            .iter()
            .chain(&m.simulated.weekly_wins);
        let (_, hi) = finite_range(all.copied()).unwrap_or((0.0, 1.0));
        let (_, hi) = padded((0.0, hi.max(1.0)), 0.0, 0.1);
        let mut chart = ChartBuilder::on(&area)
            .margin(8)
            .margin_right(24)
            .x_label_area_size(56)
            .y_label_area_size(60)
            .build_cartesian_2d(0.0..weeks as f64, 0.0..hi)?;
        chart
            .configure_mesh()
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(MUTED)
            .x_labels(8)
            .y_labels(6)
            .x_label_formatter(&|x: &f64| format!("{x:.0}"))
            .y_label_formatter(&|y: &f64| format!("{y:.0}"))
            .label_style(text(15.0))
            .x_desc(texts.week_axis.as_str())
            .y_desc(texts.wins_axis.as_str())
            .axis_desc_style(text(17.0))
            .draw()?;
        let line = |v: &[f64]| -> Vec<(f64, f64)> {
            v.iter()
                .enumerate()
                .map(|(w, y)| (w as f64 + 0.5, *y))
                .collect()
        };
        lines_of(
            &mut chart,
            line(&m.observed.weekly_wins),
            line(&m.simulated.weekly_wins),
        )?;
    }
    Ok(())
}

fn draw_one<DB: DrawingBackend>(
    k: usize,
    data: &CalibrationData,
    texts: &CalibrationTexts,
    lang: Lang,
    root: &DrawingArea<DB, Shift>,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    match k {
        0 => draw_values(data, texts, lang, root),
        1 => draw_cycles(data, texts, root),
        _ => draw_weekly(data, texts, root),
    }
}

/// The three charts as SVG text, in [`CALIBRATION_CHARTS`] order.
///
/// # Errors
/// When plotters fails to draw (internal).
pub fn calibration_svgs(
    data: &CalibrationData,
    lang: Lang,
) -> Result<Vec<(&'static str, String)>, PlotError> {
    register_fonts()?;
    let texts = CalibrationTexts::new(lang, data.trials);
    let mut out = Vec::new();
    for (k, name) in CALIBRATION_CHARTS.iter().enumerate() {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, style::SIZE).into_drawing_area();
            draw_one(k, data, &texts, lang, &root).map_err(draw_error(name))?;
            root.present().map_err(|e| draw_error(name)(Box::new(e)))?;
        }
        out.push((*name, svg));
    }
    Ok(out)
}

/// Write the three charts as `<name>.svg` and `<name>.png` into `dir` (each written to a
/// temporary file first and renamed, so no half-written chart is left); return the files.
///
/// # Errors
/// [`PlotError::Write`] when a file cannot be written; [`PlotError::Draw`] or
/// [`PlotError::Font`] on internal failures.
pub fn write_calibration_charts(
    data: &CalibrationData,
    dir: &Path,
    lang: Lang,
) -> Result<Vec<PathBuf>, PlotError> {
    let texts = CalibrationTexts::new(lang, data.trials);
    let mut written = Vec::new();
    let tmp = |name: &str, ext: &str| dir.join(format!(".{name}.{}.tmp.{ext}", std::process::id()));
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source: std::io::Error| PlotError::Write { path, source }
    };
    for (name, svg) in calibration_svgs(data, lang)? {
        let path = dir.join(format!("{name}.svg"));
        let t = tmp(name, "svg");
        std::fs::write(&t, svg).map_err(write_err(&path))?;
        std::fs::rename(&t, &path).map_err(write_err(&path))?;
        written.push(path);
    }
    for (k, name) in CALIBRATION_CHARTS.iter().enumerate() {
        let path = dir.join(format!("{name}.png"));
        let t = tmp(name, "png");
        {
            let root = BitMapBackend::new(&t, style::SIZE).into_drawing_area();
            draw_one(k, data, &texts, lang, &root).map_err(draw_error(name))?;
            root.present()
                .map_err(|e| write_err(&path)(std::io::Error::other(e.to_string())))?;
        }
        std::fs::rename(&t, &path).map_err(write_err(&path))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cumulative_share_climbs_to_100() {
        let e = ecdf(&[3.0, 1.0, 2.0]);
        assert_eq!(e.first(), Some(&(1.0, 0.0)));
        assert_eq!(e.last(), Some(&(3.0, 100.0)));
        assert!(e.windows(2).all(|w| w[0].1 <= w[1].1 && w[0].0 <= w[1].0));
    }
}
