//! P&L bridge (waterfall) from the baseline's expected operating profit to the headline
//! variant's: one row per P&L line, each bar starting where the previous one ended, so the
//! reader sees which lines make the change (docs/model.md section 10.1). The words come in
//! as [`BridgeTexts`], so that a caller may pass its own vocabulary.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{
    GRID, INK, MUTED, REFERENCE, anchored, finite_range, frame, label_width, muted, padded,
    row_label, row_y, rows, text,
};
use super::{Chart, Ctx, DrawResult};
use crate::analysis::bridge::Bridge;
use crate::lang::Lang;
use crate::metrics::M;

/// A rise of profit.
const UP: RGBColor = RGBColor(0x00, 0x9e, 0x73);
/// A fall of profit.
const DOWN: RGBColor = RGBColor(0xd5, 0x5e, 0x00);
/// The two totals.
const TOTAL: RGBColor = RGBColor(0x6b, 0x6b, 0x6b);

/// Every word the bridge chart draws.
#[derive(Clone, Debug)]
pub struct BridgeTexts {
    /// Chart title.
    pub title: String,
    /// The line under the title.
    pub subtitle: String,
    /// The money axis.
    pub axis: String,
    /// The first row (the baseline's operating profit).
    pub start: String,
    /// The last row (the variant's operating profit).
    pub end: String,
    /// The row of the remainder no P&L line explains.
    pub other: String,
    /// Caption for the report and alt text.
    pub caption: String,
}

impl BridgeTexts {
    /// The built-in English or Swedish words for a bridge from `baseline` to `variant`.
    pub fn new(lang: Lang, baseline: &str, variant: &str) -> BridgeTexts {
        match lang {
            Lang::En => BridgeTexts {
                title: format!("Operating profit: from {baseline} to {variant}"),
                subtitle: "Expected change of each P&L line as its effect on operating profit; green raises it, orange lowers it".into(),
                axis: "operating profit".into(),
                start: format!("{baseline} (operating profit)"),
                end: format!("{variant} (operating profit)"),
                other: "other costs".into(),
                caption: format!("P&L bridge from the expected operating profit of {baseline} to that of {variant}: the expected change of every P&L line, each as its effect on operating profit."),
            },
            Lang::Sv => BridgeTexts {
                title: format!("Rörelseresultat: från {baseline} till {variant}"),
                subtitle: "Förväntad förändring av varje resultatrad som effekt på rörelseresultatet; grönt höjer, orange sänker".into(),
                axis: "rörelseresultat".into(),
                start: format!("{baseline} (rörelseresultat)"),
                end: format!("{variant} (rörelseresultat)"),
                other: "övriga kostnader".into(),
                caption: format!("Resultatbrygga från det förväntade rörelseresultatet för {baseline} till det för {variant}: den förväntade förändringen av varje resultatrad, som effekt på rörelseresultatet."),
            },
        }
    }
}

/// The name of a P&L line in `lang`.
pub fn line_name(m: M, lang: Lang) -> &'static str {
    match m {
        M::Revenue => lang.t("revenue", "intäkter"),
        M::GoodsCost => lang.t("cost of goods", "varukostnad"),
        M::CustomisationCost => lang.t("customisation", "kundanpassning"),
        M::DeliveryOverrun => lang.t("delivery overrun", "leveransöverskridanden"),
        M::BasePay => lang.t("base pay", "fast lön"),
        M::VariablePay => lang.t("variable pay", "rörlig lön"),
        M::CoachingCost => lang.t("coaching", "coachning"),
        M::ManagerCost => lang.t("managers", "säljchefer"),
        M::HiringCost => lang.t("hiring", "rekrytering"),
        M::Overhead => lang.t("overhead", "omkostnader"),
        other => other.name(),
    }
}

/// The bridge chart of the headline variant.
pub struct PnlBridge {
    bridge: Bridge,
    /// Row names, first row first.
    names: Vec<String>,
    texts: BridgeTexts,
}

impl PnlBridge {
    /// The chart of `bridge` with `texts` and the row names of its lines in `lang`.
    pub fn new(bridge: Bridge, texts: BridgeTexts, lang: Lang) -> PnlBridge {
        let mut names = vec![texts.start.clone()];
        names.extend(bridge.steps.iter().map(|s| match s.metric {
            Some(m) => line_name(m, lang).to_string(),
            None => texts.other.clone(),
        }));
        names.push(texts.end.clone());
        PnlBridge {
            bridge,
            names,
            texts,
        }
    }
}

impl Chart for PnlBridge {
    const NAME: &'static str = "pnl_bridge";

    fn prepare(ctx: &Ctx<'_>) -> Option<Self> {
        let s = ctx.summary;
        let v = s.headline_variant()?;
        let bridge = Bridge::of(s, v)?;
        if !(bridge.start.is_finite() && bridge.end.is_finite()) {
            return None;
        }
        let texts = BridgeTexts::new(ctx.lang, &s.baseline()?.name, &v.name);
        Some(PnlBridge::new(bridge, texts, ctx.lang))
    }

    fn caption(&self, _ctx: &Ctx<'_>) -> String {
        self.texts.caption.clone()
    }

    fn draw<DB: DrawingBackend>(&self, ctx: &Ctx<'_>, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let b = &self.bridge;
        let body = frame(root, &self.texts.title, &self.texts.subtitle)?;
        // Each row's bar: [from, to].
        let mut bars = vec![(0.0, b.start, TOTAL)];
        let mut level = b.start;
        for s in &b.steps {
            let colour = if s.effect >= 0.0 { UP } else { DOWN };
            bars.push((level, level + s.effect, colour));
            level += s.effect;
        }
        bars.push((0.0, b.end, TOTAL));
        let n = bars.len();
        let (lo, hi) =
            finite_range(bars.iter().flat_map(|(a, z, _)| [*a, *z])).unwrap_or((0.0, 1.0));
        let (lo, hi) = padded((lo.min(0.0), hi.max(0.0)), 0.04, 0.16);
        let names_w = label_width(&body, &self.names, &text(17.0)) + 18;
        let mut chart = ChartBuilder::on(&body)
            .margin(10)
            .margin_right(30)
            .x_label_area_size(56)
            .y_label_area_size(names_w)
            .build_cartesian_2d(lo..hi, rows(n))?;
        // One money unit for the axis, in its title (docs: `MoneyAxis`).
        let axis = crate::lang::format::MoneyAxis::new(ctx.lang, lo, hi, &ctx.summary.currency);
        let x_title = format!("{} ({})", self.texts.axis, axis.unit());
        let x_fmt = |x: &f64| axis.tick(*x);
        let y_fmt = |y: &f64| row_label(&self.names, *y);
        chart
            .configure_mesh()
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(MUTED)
            .x_labels(7)
            .y_labels(n)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .label_style(text(17.0))
            .x_desc(x_title.as_str())
            .axis_desc_style(text(19.0))
            .draw()?;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, -0.5), (0.0, n as f64 - 0.5)],
            REFERENCE.stroke_width(2),
        )))?;
        let half = 0.32;
        for (k, (a, z, colour)) in bars.iter().enumerate() {
            let y = row_y(k, n);
            let (x0, x1) = (a.min(*z), a.max(*z));
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x0, y - half), (x1, y + half)],
                colour.filled(),
            )))?;
            // A connector from this bar's end to the next bar's start.
            if k + 1 < n {
                let next = if k + 2 == n { b.end } else { *z };
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(*z, y - half), (next, y - 1.0 + half)],
                    MUTED.stroke_width(1),
                )))?;
            }
            let total = k == 0 || k + 1 == n;
            let label = if total {
                ctx.money(*z)
            } else {
                let e = z - a;
                if e >= 0.0 {
                    format!("+{}", ctx.money(e))
                } else {
                    format!("\u{2212}{}", ctx.money(-e))
                }
            };
            chart.draw_series(std::iter::once(Text::new(
                label,
                (x1 + (hi - lo) * 0.008, y),
                anchored(
                    if total { text(16.0) } else { muted(16.0) },
                    HPos::Left,
                    VPos::Center,
                )
                .color(&INK),
            )))?;
        }
        Ok(())
    }
}
