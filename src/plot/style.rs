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

/// Pixel size of the slide-sized PNG files (`--slides`): 16:9, full HD.
pub const SLIDE_SIZE: (u32, u32) = (1920, 1080);

/// How much larger text and fixed spacings are on a slide than on a chart of [`SIZE`]:
/// more than the width ratio (1.6), so that the text reads from the back of a room.
pub const SLIDE_SCALE: f64 = 1.7;

thread_local! {
    static SCALE: std::cell::Cell<f64> = const { std::cell::Cell::new(1.0) };
}

/// The scale of text and fixed spacings while drawing (1 except for slides).
pub fn scale() -> f64 {
    SCALE.with(std::cell::Cell::get)
}

/// A fixed spacing of `n` pixels at the current scale.
pub fn px(n: u32) -> u32 {
    (f64::from(n) * scale()).round() as u32
}

/// Sets the scale of text and spacings for as long as it lives (drawing is synchronous, on
/// one thread); the previous scale comes back when it is dropped.
pub struct Scaled(f64);

impl Scaled {
    /// Draw at `scale` until the guard is dropped.
    pub fn new(scale: f64) -> Scaled {
        Scaled(SCALE.with(|s| s.replace(scale)))
    }
}

impl Drop for Scaled {
    fn drop(&mut self) {
        SCALE.with(|s| s.set(self.0));
    }
}

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
    (FONT, size * scale()).into_font().color(&INK)
}

/// Secondary text of `size` pixels.
pub fn muted(size: f64) -> TextStyle<'static> {
    (FONT, size * scale()).into_font().color(&MUTED)
}

/// Bold text of `size` pixels.
pub fn bold(size: f64) -> TextStyle<'static> {
    (FONT, size * scale())
        .into_font()
        .style(FontStyle::Bold)
        .color(&INK)
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
    let p = |n: u32| px(n) as i32;
    root.draw(&Text::new(title.to_string(), (p(28), p(18)), bold(30.0)))?;
    let mut top = p(58);
    if !subtitle.is_empty() {
        // A subtitle wider than the chart goes on two lines, broken at a "; " or a space.
        let style = muted(19.0);
        let room = root.dim_in_pixel().0 as i32 - p(40);
        let fits = |t: &str| {
            root.estimate_text_size(t, &style)
                .is_ok_and(|(w, _)| w as i32 <= room)
        };
        let lines = if fits(subtitle) {
            vec![subtitle.to_string()]
        } else {
            let mid = subtitle.floor_char_boundary(subtitle.len() / 2);
            let cut = subtitle[..mid]
                .rfind("; ")
                .map(|i| (i + 1, i + 2))
                .filter(|(i, j)| fits(&subtitle[..*i]) && fits(&subtitle[*j..]))
                .or_else(|| subtitle[mid..].find(' ').map(|i| (mid + i, mid + i + 1)))
                .unwrap_or((subtitle.len(), subtitle.len()));
            vec![subtitle[..cut.0].to_string(), subtitle[cut.1..].to_string()]
        };
        for (k, line) in lines.iter().enumerate() {
            let y = p(60) + k as i32 * p(26);
            root.draw(&Text::new(line.clone(), (p(28), y), style.clone()))?;
        }
        top = p(90) + (lines.len() as i32 - 1) * p(26);
    }
    Ok(root.margin(top, p(12), p(12), p(24)))
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
    let p = |n: u32| px(n) as i32;
    let mut x = 4i32;
    let mut y = p(6);
    for (label, colour) in items {
        let width = area
            .estimate_text_size(label, &style)
            .map(|(w, _)| w as i32)?;
        if x > 4 && x + p(30) + width > w as i32 {
            x = 4;
            y += p(28);
        }
        area.draw(&Rectangle::new(
            [(x, y + p(2)), (x + p(20), y + p(20))],
            colour.filled(),
        ))?;
        area.draw(&Text::new(label.clone(), (x + p(28), y + 1), style.clone()))?;
        x += p(28) + width + p(26);
    }
    Ok(area.margin(y + p(34), 0, 0, 0))
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
    (height as f64 / n.max(1) as f64 * 0.62 / scale()).clamp(10.0, 17.0)
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
