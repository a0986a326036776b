//! Charts of a result, drawn with plotters (SVG and PNG, the embedded DejaVu font, no system
//! font libraries).
//!
//! One file per chart, each behind the crate-private `Chart` trait: `prepare` picks the chart's figures
//! out of the [`Summary`] (and, when present, the per-trial values of `trials.csv`) and
//! returns `None` when they are absent, so the chart is skipped rather than drawn empty;
//! `draw` draws on any plotters backend. Chart files do no I/O: this module is the one place
//! that reads `summary.json` and `trials.csv` and writes `DIR/plots/<chart>.svg` and `.png`.

pub mod bridge;
pub mod calibration;
mod density;
mod fan;
mod forest;
mod funnel;
mod hours;
pub mod optimise;
mod outcomes;
mod reps;
pub mod response;
mod samples;
mod strips;
pub(crate) mod style;
mod sweep;
mod tornado;
pub mod transition;

use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::lang::Lang;
use crate::results::{SCHEMA, Summary};

pub use samples::{SamplesError, TrialSamples};

/// What drawing returns: plotters' errors, boxed (the backend type differs per format).
pub(crate) type DrawResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// Pixel size (width, height) of every chart, SVG and PNG alike.
pub const CHART_SIZE: (u32, u32) = style::SIZE;

/// Directory of the charts inside a result directory.
pub const PLOTS_DIR: &str = "plots";

/// Why charts could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    /// The result directory does not exist or is not a directory.
    #[error("{}: no such result directory", path.display())]
    MissingDir {
        /// The directory given.
        path: PathBuf,
    },
    /// `summary.json` is missing or cannot be read.
    #[error("{}: {}", path.display(), describe_read(source))]
    ReadSummary {
        /// The summary file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// `summary.json` is not a summary this version understands.
    #[error("{}: not a valid spmsim summary: {source}", path.display())]
    ParseSummary {
        /// The summary file.
        path: PathBuf,
        /// The underlying error.
        source: serde_json::Error,
    },
    /// `summary.json` has another schema.
    #[error("{}: schema `{found}` is not `{SCHEMA}` (made by another spmsim version?)", path.display())]
    Schema {
        /// The summary file.
        path: PathBuf,
        /// The schema it names.
        found: String,
    },
    /// A chart file or the plots directory cannot be written.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// plotters failed while drawing a chart.
    #[error("cannot draw the `{chart}` chart: {message}")]
    Draw {
        /// The chart's file stem.
        chart: &'static str,
        /// plotters' message.
        message: String,
    },
    /// The embedded font was rejected.
    #[error("the embedded DejaVu Sans font cannot be registered with plotters")]
    Font,
}

fn describe_read(e: &io::Error) -> String {
    if e.kind() == io::ErrorKind::NotFound {
        "not found: is this a result directory written by `spmsim run`?".into()
    } else {
        format!("cannot read: {e}")
    }
}

impl PlotError {
    /// Whether the failure is the user's to fix (a missing or unreadable result directory or
    /// summary, an output place that cannot be written) rather than an internal failure.
    pub fn is_input(&self) -> bool {
        match self {
            PlotError::MissingDir { .. }
            | PlotError::ReadSummary { .. }
            | PlotError::ParseSummary { .. }
            | PlotError::Schema { .. } => true,
            PlotError::Write { source, .. } => matches!(
                source.kind(),
                io::ErrorKind::PermissionDenied
                    | io::ErrorKind::ReadOnlyFilesystem
                    | io::ErrorKind::NotADirectory
                    | io::ErrorKind::AlreadyExists
                    | io::ErrorKind::StorageFull
            ),
            PlotError::Draw { .. } | PlotError::Font => false,
        }
    }
}

/// What a chart is drawn from.
pub(crate) struct Ctx<'a> {
    /// The results.
    pub summary: &'a Summary,
    /// Per-trial values, when `trials.csv` was there.
    pub samples: Option<&'a TrialSamples>,
    /// Language of titles, axes and numbers.
    pub lang: Lang,
}

impl Ctx<'_> {
    /// Colour of variant `i` (see [`style::variant_colour`]).
    pub fn colour(&self, i: usize) -> RGBColor {
        style::variant_colour(self.summary, i)
    }
    /// Money in the summary's currency, for reading.
    pub fn money(&self, x: f64) -> String {
        self.lang.numbers().money(x, &self.summary.currency)
    }
    /// Pick the text of the chart's language.
    pub fn t<'s>(&self, en: &'s str, sv: &'s str) -> &'s str {
        self.lang.t(en, sv)
    }
}

/// One chart kind (criterion.rs style: figures in, drawing out, no I/O).
pub(crate) trait Chart: Sized {
    /// File stem, e.g. `change_vs_baseline`.
    const NAME: &'static str;
    /// The chart's figures, or `None` when the summary lacks them (the chart is skipped).
    fn prepare(ctx: &Ctx<'_>) -> Option<Self>;
    /// One sentence saying what the chart shows, for captions and alt text.
    fn caption(&self, ctx: &Ctx<'_>) -> String;
    /// Draw on `root` (already sized [`CHART_SIZE`]).
    fn draw<DB: DrawingBackend>(&self, ctx: &Ctx<'_>, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static;
}

/// Something done with every chart kind, in the order charts are presented.
trait Visitor {
    fn visit<C: Chart>(&mut self, ctx: &Ctx<'_>) -> Result<(), PlotError>;
}

fn each_chart<V: Visitor>(ctx: &Ctx<'_>, v: &mut V) -> Result<(), PlotError> {
    v.visit::<forest::ChangeVsBaseline>(ctx)?;
    v.visit::<outcomes::Outcomes>(ctx)?;
    v.visit::<fan::CumulativeRevenue>(ctx)?;
    v.visit::<transition::Transition>(ctx)?;
    v.visit::<funnel::Funnel>(ctx)?;
    v.visit::<hours::HoursByActivity>(ctx)?;
    v.visit::<reps::RepLevel>(ctx)?;
    v.visit::<sweep::SweepResponse>(ctx)?;
    v.visit::<response::Response>(ctx)?;
    v.visit::<tornado::Tornado>(ctx)?;
    v.visit::<bridge::PnlBridge>(ctx)?;
    Ok(())
}

/// The file stems of every chart kind, in presentation order.
pub const CHART_NAMES: [&str; 11] = [
    forest::ChangeVsBaseline::NAME,
    outcomes::Outcomes::NAME,
    fan::CumulativeRevenue::NAME,
    transition::Transition::NAME,
    funnel::Funnel::NAME,
    hours::HoursByActivity::NAME,
    reps::RepLevel::NAME,
    sweep::SweepResponse::NAME,
    response::Response::NAME,
    tornado::Tornado::NAME,
    bridge::PnlBridge::NAME,
];

fn register_fonts() -> Result<(), PlotError> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        plotters::style::register_font(style::FONT, FontStyle::Normal, dejavu::sans::regular())
            .is_ok()
            && plotters::style::register_font(style::FONT, FontStyle::Bold, dejavu::sans::bold())
                .is_ok()
    });
    if ok { Ok(()) } else { Err(PlotError::Font) }
}

fn draw_error(
    chart: &'static str,
) -> impl Fn(Box<dyn std::error::Error + Send + Sync>) -> PlotError {
    move |e| PlotError::Draw {
        chart,
        message: e.to_string(),
    }
}

fn svg_string<C: Chart>(chart: &C, ctx: &Ctx<'_>) -> Result<String, PlotError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, style::SIZE).into_drawing_area();
        chart.draw(ctx, &root).map_err(draw_error(C::NAME))?;
        root.present()
            .map_err(|e| draw_error(C::NAME)(Box::new(e)))?;
    }
    Ok(svg)
}

/// A chart drawn as SVG text (for inlining into a page).
#[derive(Clone, Debug)]
pub struct RenderedChart {
    /// File stem of the chart kind.
    pub name: &'static str,
    /// One sentence saying what it shows.
    pub caption: String,
    /// The SVG document.
    pub svg: String,
}

struct SvgCollector(Vec<RenderedChart>);

impl Visitor for SvgCollector {
    fn visit<C: Chart>(&mut self, ctx: &Ctx<'_>) -> Result<(), PlotError> {
        if let Some(chart) = C::prepare(ctx) {
            self.0.push(RenderedChart {
                name: C::NAME,
                caption: chart.caption(ctx),
                svg: svg_string(&chart, ctx)?,
            });
        }
        Ok(())
    }
}

/// Every chart whose data the summary has, drawn as SVG text with titles and numbers in
/// `lang`.
///
/// # Errors
/// When plotters fails to draw (internal).
pub fn render_svgs(
    summary: &Summary,
    samples: Option<&TrialSamples>,
    lang: Lang,
) -> Result<Vec<RenderedChart>, PlotError> {
    register_fonts()?;
    let ctx = Ctx {
        summary,
        samples,
        lang,
    };
    let mut out = SvgCollector(Vec::new());
    each_chart(&ctx, &mut out)?;
    Ok(out.0)
}

struct FileWriter<'a> {
    dir: &'a Path,
    written: Vec<PathBuf>,
    slides: bool,
}

impl Visitor for FileWriter<'_> {
    fn visit<C: Chart>(&mut self, ctx: &Ctx<'_>) -> Result<(), PlotError> {
        let Some(chart) = C::prepare(ctx) else {
            return Ok(());
        };
        let svg_path = self.dir.join(format!("{}.svg", C::NAME));
        let svg = svg_string(&chart, ctx)?;
        std::fs::write(&svg_path, svg).map_err(|source| PlotError::Write {
            path: svg_path.clone(),
            source,
        })?;
        self.written.push(svg_path);

        let png_path = self.dir.join(format!("{}.png", C::NAME));
        {
            let (size, scale) = if self.slides {
                (style::SLIDE_SIZE, style::SLIDE_SCALE)
            } else {
                (style::SIZE, 1.0)
            };
            let _scaled = style::Scaled::new(scale);
            let root = BitMapBackend::new(&png_path, size).into_drawing_area();
            chart.draw(ctx, &root).map_err(draw_error(C::NAME))?;
            root.present().map_err(|e| PlotError::Write {
                path: png_path.clone(),
                source: io::Error::other(e.to_string()),
            })?;
        }
        self.written.push(png_path);
        Ok(())
    }
}

/// Read and check `DIR/summary.json`.
///
/// # Errors
/// [`PlotError::MissingDir`], [`PlotError::ReadSummary`], [`PlotError::ParseSummary`] or
/// [`PlotError::Schema`] (all the user's to fix).
pub fn read_summary(dir: &Path) -> Result<Summary, PlotError> {
    if !dir.is_dir() {
        return Err(PlotError::MissingDir {
            path: dir.to_path_buf(),
        });
    }
    let path = dir.join("summary.json");
    let text = std::fs::read_to_string(&path).map_err(|source| PlotError::ReadSummary {
        path: path.clone(),
        source,
    })?;
    let summary: Summary =
        serde_json::from_str(&text).map_err(|source| PlotError::ParseSummary {
            path: path.clone(),
            source,
        })?;
    if summary.schema != SCHEMA {
        return Err(PlotError::Schema {
            path,
            found: summary.schema,
        });
    }
    Ok(summary)
}

/// The per-trial values of `DIR/trials.csv` for the summary's variants, or `None` when the
/// file is absent, unreadable or does not match the summary (charts then fall back to the
/// summary's quantiles).
pub fn read_samples(dir: &Path, summary: &Summary) -> Option<TrialSamples> {
    let file = std::fs::File::open(dir.join("trials.csv")).ok()?;
    TrialSamples::from_csv(std::io::BufReader::new(file), summary).ok()
}

/// How charts are written: their language, and whether the PNG files are slide-sized.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlotOptions {
    /// Language of titles, axes, legends and numbers.
    pub lang: Lang,
    /// PNG files at [`SLIDE_SIZE`] (16:9) with large fonts instead of [`CHART_SIZE`].
    pub slides: bool,
}

/// Pixel size of the PNG charts with `--slides` (16:9, full HD).
pub const SLIDE_SIZE: (u32, u32) = style::SLIDE_SIZE;

/// Draw every chart of the result in `dir` (from `dir/summary.json`, and `dir/trials.csv`
/// when present) into `dir/plots/` as SVG and PNG, in English; return the files written.
///
/// # Errors
/// See [`read_summary`] and [`plot_summary`]; [`PlotError::is_input`] tells whose fault.
pub fn plot_dir(dir: &Path) -> Result<Vec<PathBuf>, PlotError> {
    plot_dir_with(dir, PlotOptions::default())
}

/// [`plot_dir`] in the language and size of `options`.
///
/// # Errors
/// See [`plot_dir`].
pub fn plot_dir_with(dir: &Path, options: PlotOptions) -> Result<Vec<PathBuf>, PlotError> {
    let summary = read_summary(dir)?;
    plot_summary_with(&summary, dir, options)
}

/// Draw every chart whose data `summary` has into `out_dir/plots/` (created if needed) as
/// `<chart>.svg` and `<chart>.png`, English titles, [`CHART_SIZE`] pixels; return the files
/// written. `out_dir` is the result directory: its `trials.csv`, when present, gives the
/// outcome charts real densities.
///
/// # Errors
/// [`PlotError::Write`] when the directory or a file cannot be written; [`PlotError::Draw`]
/// or [`PlotError::Font`] on internal failures.
pub fn plot_summary(summary: &Summary, out_dir: &Path) -> Result<Vec<PathBuf>, PlotError> {
    plot_summary_with(summary, out_dir, PlotOptions::default())
}

/// [`plot_summary`] in the language and size of `options`: the SVG files always at
/// [`CHART_SIZE`] (they scale), the PNG files at [`SLIDE_SIZE`] with `options.slides`.
///
/// # Errors
/// See [`plot_summary`].
pub fn plot_summary_with(
    summary: &Summary,
    out_dir: &Path,
    options: PlotOptions,
) -> Result<Vec<PathBuf>, PlotError> {
    register_fonts()?;
    let plots = out_dir.join(PLOTS_DIR);
    std::fs::create_dir_all(&plots).map_err(|source| PlotError::Write {
        path: plots.clone(),
        source,
    })?;
    let samples = read_samples(out_dir, summary);
    let ctx = Ctx {
        summary,
        samples: samples.as_ref(),
        lang: options.lang,
    };
    let mut writer = FileWriter {
        dir: &plots,
        written: Vec::new(),
        slides: options.slides,
    };
    each_chart(&ctx, &mut writer)?;
    Ok(writer.written)
}
