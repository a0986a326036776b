//! The look shared by every chart: size, font, the variant palette (Okabe–Ito, colour-blind
//! safe, one colour per variant in every chart), the activity palette, axis ranges and the
//! title block. Drawing helpers here draw only; they never touch files.

use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::results::Summary;

use super::DrawResult;

/// Pixel size of every chart (and of the PNG files).
pub const SIZE: (u32, u32) = (1200, 750);

/// Font family name the embedded DejaVu Sans is registered under.
pub const FONT: &str = "sans-serif";

/// Text and axes.
pub const INK: RGBColor = RGBColor(0x1f, 0x1f, 0x1f);
/// Secondary text (subtitles, notes).
pub const MUTED: RGBColor = RGBColor(0x5a, 0x5a, 0x5a);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(0xe4, 0xe4, 0xe4);
/// Reference lines (zero, base value).
pub const REFERENCE: RGBColor = RGBColor(0x80, 0x80, 0x80);

/// Okabe–Ito palette for the variants after the baseline (yellow last: weakest on white).
const OKABE_ITO: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xb2), // blue
    RGBColor(0xd5, 0x5e, 0x00), // vermillion
    RGBColor(0x00, 0x9e, 0x73), // bluish green
    RGBColor(0xcc, 0x79, 0xa7), // reddish purple
    RGBColor(0xe6, 0x9f, 0x00), // orange
    RGBColor(0x56, 0xb4, 0xe9), // sky blue
    RGBColor(0xf0, 0xe4, 0x42), // yellow
];

/// Okabe–Ito black: the baseline.
const BASELINE: RGBColor = RGBColor(0x00, 0x00, 0x00);

/// Six steps of viridis (ordered, colour-blind safe) for the activities, prospecting first:
/// distinct from the variant colours because activities are not variants.
pub const ACTIVITY: [RGBColor; 6] = [
    RGBColor(0x44, 0x01, 0x54),
    RGBColor(0x41, 0x44, 0x87),
    RGBColor(0x2a, 0x78, 0x8e),
    RGBColor(0x22, 0xa8, 0x84),
    RGBColor(0x7a, 0xd1, 0x51),
    RGBColor(0xfd, 0xe7, 0x25),
];

/// Tornado bars: output with the input at its 10th and at its 90th percentile.
pub const LOW_END: RGBColor = RGBColor(0xa6, 0xa6, 0xa6);
/// See [`LOW_END`].
pub const HIGH_END: RGBColor = RGBColor(0x3c, 0x3c, 0x3c);

/// The colour of variant `index` (position in `summary.variants`): black for the baseline,
/// then the Okabe–Ito colours in scenario order (repeating after seven).
pub fn variant_colour(summary: &Summary, index: usize) -> RGBColor {
    match summary.variants.get(index) {
        Some(v) if v.baseline => BASELINE,
        _ => {
            let k = summary.variants[..index.min(summary.variants.len())]
                .iter()
                .filter(|v| !v.baseline)
                .count();
            OKABE_ITO[k % OKABE_ITO.len()]
        }
    }
}

/// The same colour as `#rrggbb`, for the report.
pub fn variant_hex(summary: &Summary, index: usize) -> String {
    let RGBColor(r, g, b) = variant_colour(summary, index);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Body text of `size` pixels.
pub fn text(size: f64) -> TextStyle<'static> {
    (FONT, size).into_font().color(&INK)
}

/// Secondary text of `size` pixels.
pub fn muted(size: f64) -> TextStyle<'static> {
    (FONT, size).into_font().color(&MUTED)
}

/// Bold text of `size` pixels.
pub fn bold(size: f64) -> TextStyle<'static> {
    (FONT, size).into_font().style(FontStyle::Bold).color(&INK)
}

/// `style` anchored at the given side.
pub fn anchored(style: TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, v))
}

/// Fill the background, draw the title and subtitle, and return the area below them.
pub fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
) -> Result<DrawingArea<DB, Shift>, Box<dyn std::error::Error + Send + Sync>>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    root.draw(&Text::new(title.to_string(), (28, 18), bold(30.0)))?;
    let mut top = 58;
    if !subtitle.is_empty() {
        root.draw(&Text::new(subtitle.to_string(), (28, 60), muted(19.0)))?;
        top = 90;
    }
    Ok(root.margin(top, 12, 12, 24))
}

/// Draw a row of colour swatches with labels at the top of `area`; return the area below.
pub fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[(String, RGBColor)],
) -> Result<DrawingArea<DB, Shift>, Box<dyn std::error::Error + Send + Sync>>
where
    DB::ErrorType: 'static,
{
    let (w, _) = area.dim_in_pixel();
    let style = text(18.0);
    let mut x = 4i32;
    let mut y = 6i32;
    for (label, colour) in items {
        let width = area
            .estimate_text_size(label, &style)
            .map(|(w, _)| w as i32)?;
        if x > 4 && x + 30 + width > w as i32 {
            x = 4;
            y += 28;
        }
        area.draw(&Rectangle::new(
            [(x, y + 2), (x + 20, y + 20)],
            colour.filled(),
        ))?;
        area.draw(&Text::new(label.clone(), (x + 28, y + 1), style.clone()))?;
        x += 28 + width + 26;
    }
    Ok(area.margin(y + 34, 0, 0, 0))
}

/// The smallest and largest finite values, or None when there are none.
pub fn finite_range(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|x| x.is_finite())
        .fold(None, |acc, x| match acc {
            None => Some((x, x)),
            Some((lo, hi)) => Some((lo.min(x), hi.max(x))),
        })
}

/// Widen `[lo, hi]` by `left` and `right` shares of its span (a degenerate range gets a
/// span of its own).
pub fn padded((lo, hi): (f64, f64), left: f64, right: f64) -> (f64, f64) {
    let span = if hi > lo {
        hi - lo
    } else if lo != 0.0 {
        lo.abs() * 0.2
    } else {
        1.0
    };
    (lo - span * left, hi + span * right)
}

/// Decimals for tick labels over a span.
pub fn tick_digits(span: f64) -> usize {
    if !(span.is_finite()) || span >= 20.0 {
        0
    } else if span >= 2.0 {
        1
    } else if span >= 0.2 {
        2
    } else {
        3
    }
}

/// A category axis of `n` rows, row 0 at the top: row `i` sits at `n - 1 - i`; ticks at the
/// rows only.
pub struct RowAxis {
    inner: RangedCoordf64,
    n: usize,
}

impl Ranged for RowAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;
    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }
    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            (0..self.n).map(|i| i as f64).collect()
        }
    }
    fn range(&self) -> std::ops::Range<f64> {
        self.inner.range()
    }
}

/// The axis of `n` rows (see [`RowAxis`]).
pub fn rows(n: usize) -> RowAxis {
    rows_headroom(n, 0.0)
}

/// The axis of `n` rows with `headroom` rows of empty space above the top row (for labels).
pub fn rows_headroom(n: usize, headroom: f64) -> RowAxis {
    RowAxis {
        inner: (-0.5..(n.max(1) as f64 - 0.5 + headroom)).into(),
        n,
    }
}

/// The y value of row `i` of `n` (see [`rows`]).
pub fn row_y(i: usize, n: usize) -> f64 {
    (n - 1 - i) as f64
}

/// The label of row at `y` of `n` rows.
pub fn row_label(names: &[String], y: f64) -> String {
    let n = names.len();
    let k = y.round();
    if k < 0.0 || k as usize >= n {
        return String::new();
    }
    names[n - 1 - k as usize].clone()
}

/// Text size for row labels when `n` rows share `height` pixels: 17 px when there is room,
/// down to 10 px for many rows.
pub fn row_text_size(height: u32, n: usize) -> f64 {
    (height as f64 / n.max(1) as f64 * 0.62).clamp(10.0, 17.0)
}

/// Pixel width of the widest label in `style`.
pub fn label_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: &[String],
    style: &TextStyle<'_>,
) -> u32 {
    labels
        .iter()
        .filter_map(|l| area.estimate_text_size(l, style).ok())
        .map(|(w, _)| w)
        .max()
        .unwrap_or(0)
}

/// A labelled vertical reference line from the bottom to the top of the y range.
pub fn vline<DB, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, Y>>,
    x: f64,
    colour: RGBColor,
    dashed: bool,
    label: Option<String>,
) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
    Y: Ranged<ValueType = f64>,
{
    let y = chart.y_range();
    let (lo, hi) = (y.start.min(y.end), y.start.max(y.end));
    let style = colour.stroke_width(2);
    if dashed {
        let steps = 48;
        let h = (hi - lo) / steps as f64;
        chart.draw_series((0..steps).step_by(2).map(|k| {
            let a = lo + h * k as f64;
            PathElement::new(vec![(x, a), (x, a + h)], style)
        }))?;
    } else {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, lo), (x, hi)],
            style,
        )))?;
    }
    if let Some(label) = label {
        chart.draw_series(std::iter::once(Text::new(
            label,
            (x, hi),
            anchored(muted(16.0), HPos::Left, VPos::Top).color(&colour),
        )))?;
    }
    Ok(())
}
