//! The command line's arguments (clap derive types) and the parsers of flag values. The
//! doc comments are the help texts.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::engine::shard::ShardId;
use crate::metrics::{Change, Output};
use crate::scenario;

/// The worker threads `--threads` accepts.
const THREADS: std::ops::RangeInclusive<u64> = 1..=1024;

/// spmsim: what happens to revenue and operating margin if salespeople are measured,
/// coached and rewarded differently? A Monte Carlo simulator of sales teams.
#[derive(Debug, Parser)]
#[command(name = "spmsim", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate an experiment and write results (default: the built-in default experiment).
    Run(RunArgs),
    /// Check scenario files without running them.
    Validate {
        /// Scenario files.
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
        /// Treat warnings (unusual values, assumed overrides) as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Write a commented starter scenario for your organisation (asks on a terminal; flags
    /// for scripts).
    Init(InitArgs),
    /// Run a scenario's parameter sweep (its `[sweep]` section) and write sweep.csv.
    Sweep(RunArgs),
    /// Rank the uncertain inputs by how much they move an output (tornado and Spearman).
    Sensitivity(SensitivityArgs),
    /// Search a scenario's `[optimise]` decision variables for the best plan, confirmed on
    /// fresh trials; writes optimum.toml, optimise.csv and two charts.
    Optimise(OptimiseArgs),
    /// Combine the shard results of `run --shard K/N` into the files a single run writes.
    Merge(MergeArgs),
    /// Draw (again) the charts of a finished run into DIR/plots, without simulating.
    Plot {
        /// A finished result directory (with summary.json).
        dir: PathBuf,
        /// Language of titles, axes, legends and numbers (default: the run's `[report] lang`,
        /// else English).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// PNG charts at slide size (16:9, 1920×1080) with large fonts.
        #[arg(long)]
        slides: bool,
    },
    /// Export a finished run to other formats: `--xlsx` writes DIR/results.xlsx, one Excel
    /// workbook with the summary, the change vs baseline, the tables and native charts.
    Export {
        /// A finished result directory (with summary.json).
        dir: PathBuf,
        /// Write an Excel workbook.
        #[arg(long)]
        xlsx: bool,
        /// Language of sheet names, headers and labels (default: the run's `[report] lang`,
        /// else English).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// Where to write the workbook (default: DIR/results.xlsx).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Write DIR/report.html: a self-contained report of a finished run.
    Report {
        /// A finished result directory (with summary.json).
        dir: PathBuf,
        /// Language of the report (default: the run's `[report] lang`, else English).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Calibrate the baseline from a CRM opportunity export (and the P&L): writes a
    /// commented scenario, calibration.csv and charts of the fit.
    Calibrate(CalibrateArgs),
    /// Start a local what-if page for workshops: change decisions and key assumptions of a
    /// scenario and see the change vs the baseline re-simulated; prints the address.
    Explore(ExploreArgs),
    /// Print the scenario file reference (every key, unit and default) as Markdown.
    Reference,
    /// Print a shell completion script, e.g. `spmsim completions bash > ~/.local/share/bash-completion/completions/spmsim`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `spmsim man | man -l -`; with --dir, write one page
    /// per command into DIR.
    Man {
        /// Write spmsim.1 and spmsim-COMMAND.1 into this directory instead of printing.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

/// Arguments of `spmsim init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Where to write it.
    #[arg(default_value = "scenario.toml")]
    pub path: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
    /// Name of the experiment (default: the file name).
    #[arg(long)]
    pub name: Option<String>,
    /// The question, in one line.
    #[arg(long)]
    pub description: Option<String>,
    /// A team: NAME=MOTION:REPS, e.g. `inside=traditional:12` (repeat for each team;
    /// default: the default organisation's two teams).
    #[arg(long, value_parser = super::init::parse_team)]
    pub team: Vec<super::init::TeamSpec>,
    /// Currency label of money figures.
    #[arg(long)]
    pub currency: Option<String>,
    /// Average deal value of a motion: MOTION=AMOUNT, e.g. `traditional=80000` (repeatable).
    #[arg(long, value_parser = super::init::parse_deal_value)]
    pub deal_value: Vec<(crate::scenario::Motion, f64)>,
    /// Never ask, even on a terminal (use the flags and defaults).
    #[arg(long)]
    pub no_input: bool,
}

/// Arguments of `spmsim calibrate`.
#[derive(Debug, clap::Args)]
pub struct CalibrateArgs {
    /// The opportunity export (CSV): one row per opportunity.
    pub opportunities: PathBuf,
    /// Owners mapped to teams (CSV with an owner and a team column, optionally a motion).
    #[arg(long)]
    pub teams: Option<PathBuf>,
    /// Mapping file (TOML): column names, stage labels, date format, motions.
    #[arg(long)]
    pub map: Option<PathBuf>,
    /// Last year's figures (TOML): revenue, gross_margin, operating_margin, headcount,
    /// base_pay, other_sales_costs.
    #[arg(long)]
    pub actuals: Option<PathBuf>,
    /// Scenario whose settings the calibration starts from (default: the built-in one).
    #[arg(long)]
    pub base: Option<PathBuf>,
    /// What to do with rows that fail a check: skip them (reported) or stop. Default: skip
    /// when at most 10 % of the rows fail, else stop.
    #[arg(long, value_enum)]
    pub on_bad_rows: Option<BadRows>,
    /// Where to write the calibrated scenario; calibration.csv and the charts go beside it.
    #[arg(long)]
    pub out: PathBuf,
    /// Overwrite an existing output file.
    #[arg(long)]
    pub force: bool,
    /// Trials of the baseline pooled at each evaluation of the fit.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=200))]
    pub fit_trials: u64,
    /// Language of the charts of observed vs simulated (default: English).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

/// What `calibrate` does with bad rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BadRows {
    /// Go on without them (each is reported).
    Skip,
    /// Stop with exit code 2, listing them.
    Stop,
}

/// Arguments of `spmsim explore`.
#[derive(Debug, clap::Args)]
pub struct ExploreArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Port to listen on (0 picks a free port).
    #[arg(long, default_value_t = 8717)]
    pub port: u16,
    /// Address to listen on (default 127.0.0.1: only this computer). Another address makes
    /// the page reachable from the network: a warning is printed.
    #[arg(long)]
    pub bind: Option<std::net::IpAddr>,
    /// Language of the page.
    #[arg(long, value_enum, default_value = "en")]
    pub lang: LangArg,
    /// Simulation threads (default: all cores).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
}

/// Report languages.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LangArg {
    /// English.
    En,
    /// Swedish.
    Sv,
}

impl From<LangArg> for crate::lang::Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::En => crate::lang::Lang::En,
            LangArg::Sv => crate::lang::Lang::Sv,
        }
    }
}

/// Arguments of `spmsim merge`.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Shard result directories (all N of them, in any order).
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,
    /// Output directory for the merged result.
    #[arg(long)]
    pub out: PathBuf,
    /// Replace an existing output directory instead of writing beside it.
    #[arg(long)]
    pub force: bool,
    /// Do not write trials.csv.
    #[arg(long)]
    pub no_trials: bool,
    /// Do not draw the charts (DIR/plots).
    #[arg(long)]
    pub no_plots: bool,
    /// Worker threads (used only by a sensitivity analysis).
    #[arg(long, value_parser = clap::value_parser!(u64).range(THREADS))]
    pub threads: Option<u64>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Arguments of `spmsim sensitivity`.
#[derive(Debug, clap::Args)]
pub struct SensitivityArgs {
    /// Everything `run` takes.
    #[command(flatten)]
    pub run: RunArgs,
    /// The output to explain (a metric, or revenue_pct / operating_margin_pp); overrides
    /// the scenario's `[sensitivity]`.
    #[arg(long)]
    pub output: Option<String>,
    /// The variant the output is read from (default: the baseline, or the first other
    /// variant for changes vs the baseline).
    #[arg(long)]
    pub variant: Option<String>,
}

/// Arguments of `spmsim run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Scenario file (TOML). Without it, the built-in default experiment runs.
    pub scenario: Option<PathBuf>,
    /// Number of trials (overrides the scenario).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=scenario::load::MAX_TRIALS as u64))]
    pub trials: Option<u64>,
    /// Master seed (overrides the scenario).
    #[arg(long, value_parser = parse_seed, allow_negative_numbers = true)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores).
    #[arg(long, value_parser = clap::value_parser!(u64).range(THREADS))]
    pub threads: Option<u64>,
    /// Output directory (default: outputs/<scenario file stem>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace an existing output directory instead of writing beside it.
    #[arg(long)]
    pub force: bool,
    /// Do not write trials.csv.
    #[arg(long)]
    pub no_trials: bool,
    /// Do not draw the charts (DIR/plots).
    #[arg(long)]
    pub no_plots: bool,
    /// Treat warnings (unusual values, assumed overrides) as errors.
    #[arg(long)]
    pub strict: bool,
    /// Print nothing but errors, and the results directory when it is not the one asked for
    /// (`DIR-2` because `DIR` exists).
    #[arg(long, short)]
    pub quiet: bool,
    /// Run until the 95 % half-width of a paired change is at most a target, e.g.
    /// `revenue_pct=0.5`, for every variant vs the baseline. Two stages: a 512-trial pilot
    /// projects the trials needed, the run never stops before them (so the interval keeps
    /// its coverage), then stops at the first block of 256 meeting the target.
    #[arg(long, value_parser = parse_precision)]
    pub precision: Option<crate::analysis::Precision>,
    /// Simulate only shard K of N (`K/N`, or `auto` from a Slurm job array or a Kubernetes
    /// Indexed Job) and write a partial result for `spmsim merge`.
    #[arg(long, value_parser = parse_shard)]
    pub shard: Option<ShardId>,
    /// Largest number of trials with --precision (default: the scenario's trials).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=scenario::load::MAX_TRIALS as u64))]
    pub max_trials: Option<u64>,
    /// Language of the charts, the table printed and the workbook (default: the scenario's
    /// `[report] lang`, else English).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Also write DIR/results.xlsx, an Excel workbook of the result.
    #[arg(long)]
    pub xlsx: bool,
    /// Draw the PNG charts at slide size (16:9, 1920×1080) with large fonts.
    #[arg(long)]
    pub slides: bool,
    /// Also write the baseline's simulated opportunities of the first N trials (default 1)
    /// as a CRM export: DIR/opportunities.csv and DIR/teams.csv, in the shape `spmsim
    /// calibrate` reads.
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "1", require_equals = true,
          value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub export_opportunities: Option<u64>,
}

/// `--shard K/N` or `--shard auto`.
pub(super) fn parse_shard(s: &str) -> Result<ShardId, String> {
    ShardId::parse(s, |name| std::env::var(name).ok())
}

/// `--precision METRIC=HALF_WIDTH`.
pub(super) fn parse_precision(s: &str) -> Result<crate::analysis::Precision, String> {
    let (metric, value) = s.split_once('=').ok_or_else(|| {
        format!(
            "expected METRIC=HALF_WIDTH, e.g. {}=0.5",
            Change::RevenuePct.name()
        )
    })?;
    let Some(output) = Output::from_name(metric) else {
        let known: Vec<&str> = Output::names().collect();
        let hint = scenario::load::suggest(metric, &known)
            .map(|k| format!("; did you mean `{k}`?"))
            .unwrap_or_default();
        return Err(format!("unknown metric `{metric}`{hint}"));
    };
    let half_width: f64 = value
        .parse()
        .map_err(|_| format!("`{value}` is not a number"))?;
    if !(half_width.is_finite() && half_width > 0.0) {
        return Err(format!(
            "the half-width must be a positive number, got {value}"
        ));
    }
    Ok(crate::analysis::Precision { output, half_width })
}

/// `--seed`: a whole number; negative values reach this parser so they get a clear message.
pub(super) fn parse_seed(s: &str) -> Result<u64, String> {
    s.parse()
        .map_err(|_| format!("the seed must be a whole number from 0 to {}", u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::M;

    #[test]
    fn precision_targets_name_an_output_and_a_positive_half_width() {
        let p = parse_precision("operating_margin_pp=0.25").expect("a change vs the baseline");
        assert_eq!(
            (p.output.name(), p.half_width),
            ("operating_margin_pp", 0.25)
        );
        let p = parse_precision("win_rate=0.01").expect("a per-trial metric");
        assert_eq!(p.output, crate::metrics::Output::Metric(M::WinRate));
        let e = parse_precision("revenue_pc=1").unwrap_err();
        assert!(e.contains("did you mean `revenue_pct`"), "{e}");
        for bad in [
            "revenue_pct",
            "revenue_pct=x",
            "revenue_pct=0",
            "revenue_pct=-1",
            "revenue_pct=inf",
        ] {
            assert!(parse_precision(bad).is_err(), "{bad} is accepted");
        }
    }

    #[test]
    fn seeds_are_whole_non_negative_numbers() {
        assert_eq!(parse_seed("42"), Ok(42));
        assert!(parse_seed("-1").unwrap_err().contains("whole number"));
    }
}

/// Arguments of `spmsim optimise`.
#[derive(Debug, clap::Args)]
pub struct OptimiseArgs {
    /// Scenario file (TOML) with an `[optimise]` section.
    pub scenario: PathBuf,
    /// Output directory (default: outputs/<scenario file stem>-optimise).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Trials every plan is evaluated on (overrides `[optimise] trials`).
    #[arg(long, value_parser = clap::value_parser!(u64).range(10..=100_000))]
    pub trials: Option<u64>,
    /// Master seed (overrides the scenario).
    #[arg(long, value_parser = parse_seed, allow_negative_numbers = true)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores).
    #[arg(long, value_parser = clap::value_parser!(u64).range(THREADS))]
    pub threads: Option<u64>,
    /// Language of the charts (default: the scenario's `[report] lang`, else English).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Replace an existing output directory instead of writing beside it.
    #[arg(long)]
    pub force: bool,
    /// Print nothing but errors.
    #[arg(long)]
    pub quiet: bool,
}
