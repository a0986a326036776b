//! Where the selling hours go: mean hours per rep and week by activity, per variant and
//! motion (stacked bars). A wrong metric steals focus: hours move toward what is paid for.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::strips::names_width;
use super::style::{
    ACTIVITY, GRID, MUTED, anchored, bold, frame, legend, padded, row_label, row_text_size, row_y,
    rows, text,
};
use super::{Chart, Ctx, DrawResult};

/// Activities in funnel order: name in `allocation`, English and Swedish label.
const ACTIVITIES: [(&str, &str, &str); 6] = [
    ("prospect", "prospecting", "prospektering"),
    ("qualify", "qualifying", "kvalificering"),
    ("meet", "customer meetings", "kundmöten"),
    ("solution", "solution design", "lösningsdesign"),
    ("close", "closing", "avslut"),
    ("handover", "hand-over", "överlämning"),
];

/// Readable name of a motion.
pub fn motion_label(ctx: &Ctx<'_>, motion: &str) -> String {
    match motion {
        "traditional" => ctx
            .t("Traditional selling", "Traditionell försäljning")
            .into(),
        "complex" => ctx.t("Complex selling", "Komplex försäljning").into(),
        other => other.to_string(),
    }
}

struct MotionPanel {
    motion: String,
    /// Per variant: name and hours per activity (in [`ACTIVITIES`] order).
    rows: Vec<(String, [f64; 6])>,
}

/// Hours per activity, per motion and variant.
pub struct HoursByActivity {
    panels: Vec<MotionPanel>,
    /// Whether some variant steers a team on a metric that pulls hours away from the work
    /// that produces results (see [`wrong_metric`]); only then does the title say so.
    wrong_metric: bool,
}

/// Whether a built-in regime steers a team of this kind of selling on a metric that pulls
/// hours away from the work that produces results there (docs/model.md section 8): a bare
/// count of activities anywhere, activity steering in complex selling, quality steering in
/// traditional selling. Steering on revenue is the usual baseline, not a wrong metric; a
/// scenario's own regime is not judged.
fn wrong_metric(regime: &str, motion: Option<&str>) -> bool {
    match regime {
        "activity_count" => true,
        "activity" => motion == Some("complex"),
        "quality" => motion == Some("traditional"),
        _ => false,
    }
}

impl Chart for HoursByActivity {
    const NAME: &'static str = "hours_by_activity";

    fn prepare(ctx: &Ctx<'_>) -> Option<Self> {
        let mut motions: Vec<String> = Vec::new();
        for v in &ctx.summary.variants {
            for (m, _) in &v.allocation.0 {
                if !motions.contains(m) {
                    motions.push(m.clone());
                }
            }
        }
        let panels: Vec<MotionPanel> = motions
            .into_iter()
            .filter_map(|motion| {
                let rows: Vec<(String, [f64; 6])> = ctx
                    .summary
                    .variants
                    .iter()
                    .map(|v| {
                        let hours = v.allocation.get(&motion);
                        let mut h = [f64::NAN; 6];
                        for (slot, (a, _, _)) in h.iter_mut().zip(ACTIVITIES) {
                            *slot = hours.and_then(|m| m.get(a)).copied().unwrap_or(f64::NAN);
                        }
                        (v.name.clone(), h)
                    })
                    .collect();
                rows.iter()
                    .any(|(_, h)| h.iter().any(|x| x.is_finite() && *x > 0.0))
                    .then_some(MotionPanel { motion, rows })
            })
            .collect();
        let wrong_metric = ctx.summary.variants.iter().any(|v| {
            v.regimes.0.iter().any(|(team, r)| {
                let motion = v
                    .teams
                    .iter()
                    .find(|t| &t.name == team)
                    .map(|t| t.motion.as_str());
                wrong_metric(r, motion)
            })
        });
        (!panels.is_empty()).then_some(HoursByActivity {
            panels,
            wrong_metric,
        })
    }

    fn caption(&self, ctx: &Ctx<'_>) -> String {
        if self.wrong_metric {
            ctx.t(
                "Selling hours per rep and week by activity: a metric that does not fit the kind of selling steals focus from the activities that produce results.",
                "Säljtimmar per säljare och vecka per aktivitet: ett mätetal som inte passar försäljningens typ stjäl fokus från de aktiviteter som ger resultat.",
            )
        } else {
            ctx.t(
                "Selling hours per rep and week by activity, per variant.",
                "Säljtimmar per säljare och vecka per aktivitet, för varje variant.",
            )
        }
        .to_string()
    }

    fn draw<DB: DrawingBackend>(&self, ctx: &Ctx<'_>, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let body = frame(
            root,
            if self.wrong_metric {
                ctx.t(
                    "Where the selling hours go: a wrong metric steals focus",
                    "Vart säljtiden går: fel mätetal stjäl fokus",
                )
            } else {
                ctx.t("Where the selling hours go", "Vart säljtiden går")
            },
            ctx.t(
                "Mean selling hours per rep and week after the switch, by activity",
                "Genomsnittliga säljtimmar per säljare och vecka efter bytet, per aktivitet",
            ),
        )?;
        let items: Vec<(String, RGBColor)> = ACTIVITIES
            .iter()
            .zip(ACTIVITY)
            .map(|((_, en, sv), c)| (ctx.t(en, sv).to_string(), c))
            .collect();
        let body = legend(&body, &items)?;
        let names: Vec<String> = ctx
            .summary
            .variants
            .iter()
            .map(|v| v.name.clone())
            .collect();
        let names_w = names_width(&body, &names);
        let areas = body.split_evenly((self.panels.len(), 1));
        let total = |h: &[f64; 6]| h.iter().filter(|x| x.is_finite()).sum::<f64>();
        let max = self
            .panels
            .iter()
            .flat_map(|p| p.rows.iter().map(|(_, h)| total(h)))
            .fold(0.0, f64::max);
        let (_, hi) = padded((0.0, max.max(1e-9)), 0.0, 0.12);
        let hours = |x: &f64| ctx.lang.number(*x, 0);
        for (area, p) in areas.iter().zip(&self.panels) {
            let n = p.rows.len();
            let pnames: Vec<String> = p.rows.iter().map(|r| r.0.clone()).collect();
            let row_names = |y: &f64| row_label(&pnames, *y);
            let fs = row_text_size(area.dim_in_pixel().1.saturating_sub(80), n);
            let last = std::ptr::eq(area, &areas[areas.len() - 1]);
            let mut chart = ChartBuilder::on(area)
                .caption(motion_label(ctx, &p.motion), bold(20.0))
                .margin(6)
                .margin_right(24)
                .x_label_area_size(super::style::px(if last { 58 } else { 30 }))
                .y_label_area_size(names_w)
                .build_cartesian_2d(0.0..hi, rows(n))?;
            let mut mesh = chart.configure_mesh();
            mesh.disable_y_mesh()
                .bold_line_style(GRID)
                .light_line_style(TRANSPARENT)
                .axis_style(MUTED)
                .x_labels(8)
                .x_label_formatter(&hours)
                .y_label_formatter(&row_names)
                .label_style(text(17.0))
                .y_label_style(text(fs))
                .axis_desc_style(text(18.0));
            if last {
                mesh.x_desc(ctx.t("hours per rep and week", "timmar per säljare och vecka"));
            }
            mesh.draw()?;
            for (i, (_, h)) in p.rows.iter().enumerate() {
                let y = row_y(i, n);
                let mut x0 = 0.0;
                for (a, &x) in h.iter().enumerate() {
                    if !x.is_finite() || x <= 0.0 {
                        continue;
                    }
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(x0, y - 0.36), (x0 + x, y + 0.36)],
                        ACTIVITY[a].filled(),
                    )))?;
                    if fs >= 14.0 && x >= hi * 0.045 {
                        let ink = if a >= 4 {
                            RGBColor(0x1f, 0x1f, 0x1f)
                        } else {
                            WHITE
                        };
                        chart.draw_series(std::iter::once(Text::new(
                            ctx.lang.number(x, 1),
                            (x0 + x / 2.0, y),
                            anchored(text(fs.min(15.0)), HPos::Center, VPos::Center).color(&ink),
                        )))?;
                    }
                    x0 += x;
                }
                if x0 > 0.0 {
                    chart.draw_series(std::iter::once(Text::new(
                        format!("{} h", ctx.lang.number(x0, 1)),
                        (x0 + hi * 0.01, y),
                        anchored(text(fs.min(16.0)), HPos::Left, VPos::Center),
                    )))?;
                }
            }
        }
        Ok(())
    }
}
