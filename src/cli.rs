//! The command line: argument parsing and the commands, returning errors classified as bad
//! input (exit 2) or internal failure (exit 1).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::engine::{self, RunOptions};
use crate::export::csv_files::{self, TrialsWriter};
use crate::export::manifest::{MANIFEST_SCHEMA, Manifest, host_name};
use crate::export::outdir::{PendingDir, choose_target};
use crate::export::{summary_json, table};
use crate::scenario::{self, Scenario};

use crate::scenario::{DEFAULT_SCENARIO, DEFAULT_SOURCE};

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
    },
    /// Write a commented starter scenario.
    Init {
        /// Where to write it.
        #[arg(default_value = "scenario.toml")]
        path: PathBuf,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Run a scenario's parameter sweep (its `[sweep]` section) and write sweep.csv.
    Sweep(RunArgs),
    /// Rank the uncertain inputs by how much they move an output (tornado and Spearman).
    Sensitivity(SensitivityArgs),
    /// Combine the shard results of `run --shard K/N` into the files a single run writes.
    Merge(MergeArgs),
    /// Draw (again) the charts of a finished run into DIR/plots, without simulating.
    Plot {
        /// A finished result directory (with summary.json).
        dir: PathBuf,
    },
    /// Write DIR/report.html: a self-contained report of a finished run.
    Report {
        /// A finished result directory (with summary.json).
        dir: PathBuf,
        /// Language of the report.
        #[arg(long, value_enum, default_value = "en")]
        lang: LangArg,
    },
    /// Print the scenario file reference (every key, unit and default) as Markdown.
    Reference,
}

/// Report languages.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LangArg {
    /// English.
    En,
    /// Swedish.
    Sv,
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
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
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
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
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
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Run until the 95 % half-width of a paired change is at most a target, e.g.
    /// `revenue_pct=0.5` (checked every 256 trials, for every variant vs the baseline).
    #[arg(long, value_parser = parse_precision)]
    pub precision: Option<engine::Precision>,
    /// Simulate only shard K of N (`K/N`, or `auto` from a Slurm job array or a Kubernetes
    /// Indexed Job) and write a partial result for `spmsim merge`.
    #[arg(long, value_parser = parse_shard)]
    pub shard: Option<engine::shard::ShardId>,
    /// Largest number of trials with --precision (default: the scenario's trials).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=scenario::load::MAX_TRIALS as u64))]
    pub max_trials: Option<u64>,
}

/// Whether every variant's paired change meets a precision target.
fn precision_met(summary: &crate::results::Summary, p: &engine::Precision) -> bool {
    summary.variants.iter().filter(|v| !v.baseline).all(|v| {
        v.vs_baseline
            .get(&p.metric)
            .is_some_and(|d| (d.ci95[1] - d.ci95[0]) / 2.0 <= p.half_width)
    })
}

/// `--shard K/N` or `--shard auto`.
fn parse_shard(s: &str) -> Result<engine::shard::ShardId, String> {
    engine::shard::ShardId::parse(s, |name| std::env::var(name).ok())
}

/// `--precision METRIC=HALF_WIDTH`.
fn parse_precision(s: &str) -> Result<engine::Precision, String> {
    let (metric, value) = s
        .split_once('=')
        .ok_or_else(|| "expected METRIC=HALF_WIDTH, e.g. revenue_pct=0.5".to_string())?;
    if !scenario::experiment::is_output_name(metric) {
        let mut known: Vec<&str> = scenario::experiment::CHANGE_NAMES.to_vec();
        known.extend(crate::metrics::METRICS.iter().map(|m| m.name));
        let hint = scenario::load::suggest(metric, &known)
            .map(|k| format!("; did you mean `{k}`?"))
            .unwrap_or_default();
        return Err(format!("unknown metric `{metric}`{hint}"));
    }
    let half_width: f64 = value
        .parse()
        .map_err(|_| format!("`{value}` is not a number"))?;
    if !(half_width.is_finite() && half_width > 0.0) {
        return Err(format!(
            "the half-width must be a positive number, got {value}"
        ));
    }
    Ok(engine::Precision {
        metric: metric.to_string(),
        half_width,
    })
}

/// A failure, classified for the exit code.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The user's input (a file, a flag, an output path) is wrong: exit code 2.
    #[error("{0}")]
    Input(String),
    /// Something failed inside: exit code 1.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl CliError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Input(_) => 2,
            CliError::Internal(_) => 1,
        }
    }
}

/// Bad input outside a scenario file, worded like the scenario loader's messages.
fn input_error(message: String) -> CliError {
    CliError::Input(format!("error: {message}"))
}

/// `--seed`: a whole number; negative values reach this parser so they get a clear message.
fn parse_seed(s: &str) -> Result<u64, String> {
    s.parse()
        .map_err(|_| format!("the seed must be a whole number from 0 to {}", u64::MAX))
}

impl From<scenario::load::ScenarioError> for CliError {
    fn from(e: scenario::load::ScenarioError) -> Self {
        CliError::Input(e.to_string())
    }
}

/// Load a scenario from a path, or the built-in default.
///
/// # Errors
/// Bad input with file, line and field.
pub fn load(path: Option<&Path>) -> Result<Scenario, CliError> {
    Ok(match path {
        Some(p) => scenario::load_file(p)?,
        None => scenario::load_str(DEFAULT_SCENARIO, DEFAULT_SOURCE, "default")?,
    })
}

/// Run the parsed command line.
///
/// # Errors
/// Classified failures.
pub fn execute(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Run(args) => run(args, Mode::Run),
        Command::Sweep(args) => run(args, Mode::Sweep),
        Command::Sensitivity(a) => run(
            a.run,
            Mode::Sensitivity {
                output: a.output,
                variant: a.variant,
            },
        ),
        Command::Validate { scenarios } => validate(&scenarios),
        Command::Init { path, force } => init(&path, force),
        Command::Merge(args) => merge(args),
        Command::Plot { dir } => {
            let files = crate::plot::plot_dir(&dir).map_err(|e| {
                if e.is_input() {
                    input_error(e.to_string())
                } else {
                    CliError::Internal(anyhow::anyhow!("{e}"))
                }
            })?;
            print_stdout(&format!(
                "{} charts in {}\n",
                files.len(),
                dir.join("plots").display()
            ));
            Ok(())
        }
        Command::Report { dir, lang } => {
            let lang = match lang {
                LangArg::En => crate::report::Lang::En,
                LangArg::Sv => crate::report::Lang::Sv,
            };
            let path = crate::report::write_report(&dir, lang).map_err(|e| {
                if e.is_input() {
                    input_error(e.to_string())
                } else {
                    CliError::Internal(anyhow::anyhow!("{e}"))
                }
            })?;
            print_stdout(&format!("wrote {}\n", path.display()));
            Ok(())
        }
        Command::Reference => {
            print_stdout(&scenario::reference::markdown());
            Ok(())
        }
    }
}

fn print_stdout(s: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (e.g. `| head`) is not an error.
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

fn validate(paths: &[PathBuf]) -> Result<(), CliError> {
    let mut errors = Vec::new();
    for p in paths {
        match scenario::load_file(p) {
            Ok(s) => print_stdout(&format!(
                "{}: ok ({} teams, {} reps, {} variants, {} trials)\n",
                p.display(),
                s.teams.len(),
                s.total_reps(),
                s.variants.len(),
                s.run.trials
            )),
            Err(e) => errors.push(e.to_string()),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CliError::Input(errors.join("\n")))
    }
}

fn init(path: &Path, force: bool) -> Result<(), CliError> {
    if path.exists() && !force {
        return Err(input_error(format!(
            "{}: already exists (use --force to overwrite)",
            path.display()
        )));
    }
    std::fs::write(path, DEFAULT_SCENARIO)
        .map_err(|e| input_error(format!("{}: cannot write: {e}", path.display())))?;
    print_stdout(&format!(
        "wrote {}; run it with: spmsim run {}\n",
        path.display(),
        path.display()
    ));
    Ok(())
}

/// What a run command must do beyond `run`.
enum Mode {
    Run,
    Sweep,
    Sensitivity {
        output: Option<String>,
        variant: Option<String>,
    },
}

fn run(args: RunArgs, mode: Mode) -> Result<(), CliError> {
    let started = Instant::now();
    let mut scenario = load(args.scenario.as_deref())?;
    let source = scenario.source.clone();
    match mode {
        Mode::Run => {}
        Mode::Sweep => {
            if scenario.design.sweep.is_none() {
                return Err(input_error(format!(
                    "{source}: has no [sweep] section; see `spmsim reference` for how to write one"
                )));
            }
        }
        Mode::Sensitivity { output, variant } => {
            configure_sensitivity(&mut scenario, output, variant)?;
        }
    }
    if let Some(m) = args.max_trials {
        if args.precision.is_none() {
            return Err(input_error(
                "--max-trials only applies with --precision".into(),
            ));
        }
        scenario.run.trials = m;
    }
    if let Some(p) = &args.precision
        && scenario.variants.len() < 2
    {
        return Err(input_error(format!(
            "--precision {}: the experiment has no variant to compare with the baseline",
            p.metric
        )));
    }
    if let Some(t) = args.trials {
        scenario.run.trials = t;
        // The loader's workload limit holds for the overridden trial count too.
        let work = scenario::load::rep_weeks(
            &scenario.run,
            u64::from(scenario.total_reps()),
            scenario.variants.len(),
        );
        if work > scenario::load::MAX_REP_WEEKS {
            return Err(input_error(format!(
                "--trials {t}: {work:.1e} rep-weeks of simulation is beyond what one run can do (limit {:.0e})",
                scenario::load::MAX_REP_WEEKS
            )));
        }
    }
    if let Some(s) = args.seed {
        scenario.run.seed = s;
    }
    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |t| t as usize,
    );
    let stem = args
        .scenario
        .as_deref()
        .and_then(|p| p.file_stem())
        .map_or_else(
            || "default".to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
    if args.shard.is_some() && args.precision.is_some() {
        return Err(input_error(
            "--shard and --precision do not go together: a precision target needs all trials in one place".into(),
        ));
    }
    let requested = args.out.clone().unwrap_or_else(|| {
        PathBuf::from("outputs").join(match args.shard {
            Some(id) => format!("{stem}-shard-{}-of-{}", id.k, id.n),
            None => stem.clone(),
        })
    });
    if requested.exists() && !requested.is_dir() {
        return Err(input_error(format!(
            "{}: exists and is not a directory",
            requested.display()
        )));
    }
    // A parent that is a file would otherwise surface as a bare "File exists".
    if let Some(file) = requested
        .ancestors()
        .skip(1)
        .find(|a| a.exists() && !a.is_dir())
    {
        return Err(input_error(format!(
            "{}: cannot create the output directory: {} is a file, not a directory",
            requested.display(),
            file.display()
        )));
    }
    let (target, mut dir) = open_output(&requested, args.force, args.quiet)?;
    if let Some(id) = args.shard {
        return match simulate_shard(&scenario, &args, threads, &mut dir, id) {
            Ok(range) => {
                let done = commit_output(dir, &target)?;
                if !args.quiet {
                    print_stdout(&format!(
                        "shard {}/{}: trials {}..{} of {} written to {}\n",
                        id.k,
                        id.n,
                        range.start,
                        range.end,
                        scenario.run.trials,
                        done.display()
                    ));
                }
                Ok(())
            }
            Err(e) => {
                dir.abandon();
                Err(e)
            }
        };
    }
    match simulate_and_write(&scenario, &args, threads, &mut dir, started) {
        Ok(summary) => {
            let done = commit_output(dir, &target)?;
            if !args.quiet {
                print_stdout(&table::render(&summary));
                print_stdout(&table::render_details(&summary));
                if let Some(p) = &args.precision {
                    print_stdout(&format!(
                        "precision {}={}: {} trials\n",
                        p.metric, p.half_width, summary.trials
                    ));
                }
            }
            if let Some(p) = &args.precision
                && summary.trials >= scenario.run.trials
                && !precision_met(&summary, p)
            {
                eprintln!(
                    "warning: --precision {}={} was not reached in {} trials; raise --max-trials",
                    p.metric, p.half_width, summary.trials
                );
            }
            if !args.quiet {
                print_stdout(&format!("results in {}\n", done.display()));
            }
            Ok(())
        }
        Err(e) => {
            dir.abandon();
            Err(e)
        }
    }
}

/// Give the scenario a sensitivity analysis from the command line's choices.
fn configure_sensitivity(
    scenario: &mut Scenario,
    output: Option<String>,
    variant: Option<String>,
) -> Result<(), CliError> {
    use scenario::experiment::{CHANGE_NAMES, SensitivitySpec, is_output_name};
    let current = scenario.design.sensitivity.clone();
    let output = output
        .or_else(|| current.as_ref().map(|c| c.output.clone()))
        .unwrap_or_else(|| "revenue".into());
    if !is_output_name(&output) {
        return Err(input_error(format!("--output: unknown output `{output}`")));
    }
    let change = CHANGE_NAMES.contains(&output.as_str());
    let b = scenario.baseline_index();
    let v = match variant {
        Some(name) => scenario
            .variants
            .iter()
            .position(|v| v.name == name)
            .ok_or_else(|| input_error(format!("--variant: no variant named `{name}`")))?,
        None => match &current {
            Some(c) if c.output == output => c.variant,
            _ if change => scenario
                .variants
                .iter()
                .position(|v| !v.baseline)
                .ok_or_else(|| {
                    input_error(format!(
                        "--output {output} is a change vs the baseline: the experiment needs a second variant"
                    ))
                })?,
            _ => b,
        },
    };
    if change && v == b {
        return Err(input_error(format!(
            "--output {output} is a change vs the baseline; choose a --variant other than the baseline"
        )));
    }
    let any_uncertain = crate::scenario::ParamSet::refs().any(|r| {
        matches!(
            scenario.variant_params(v).get(r),
            crate::scenario::ParamValue::Uncertain(_)
        ) || matches!(
            scenario.variant_params(b).get(r),
            crate::scenario::ParamValue::Uncertain(_)
        )
    });
    if !any_uncertain {
        return Err(input_error(format!(
            "{}: no parameter is uncertain, so there is nothing to rank; give some a distribution, e.g. contact_hours = {{ dist = \"triangular\", min = 2, mode = 3, max = 4 }}",
            scenario.source
        )));
    }
    let trials = current
        .as_ref()
        .map_or(scenario.run.trials.clamp(2, 200), |c| c.trials);
    scenario.design.sensitivity = Some(SensitivitySpec {
        output,
        variant: v,
        trials,
    });
    Ok(())
}

fn simulate_and_write(
    scenario: &Scenario,
    args: &RunArgs,
    threads: usize,
    dir: &mut PendingDir,
    started: Instant,
) -> Result<crate::results::Summary, CliError> {
    let io = io_err;
    let names: Vec<String> = scenario.variants.iter().map(|v| v.name.clone()).collect();
    let mut trials_writer = if args.no_trials {
        None
    } else {
        let f = std::fs::File::create(dir.path("trials.csv")).map_err(io)?;
        Some(TrialsWriter::new(std::io::BufWriter::new(f), names).map_err(csv_err)?)
    };
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let b = indicatif::ProgressBar::new(scenario.run.trials);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {pos}/{len} trials [{bar:40}] {elapsed_precise} (eta {eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        b
    });
    let progress = |done: u64| {
        if let Some(b) = &bar {
            b.set_position(done);
        }
    };
    let mut sink = |t: u64, outs: &[crate::model::TrialOutcome]| -> std::io::Result<()> {
        if let Some(w) = trials_writer.as_mut() {
            w.write(t, outs).map_err(std::io::Error::other)?;
        }
        Ok(())
    };
    let summary = engine::run(
        scenario,
        threads,
        RunOptions {
            progress: Some(&progress),
            sink: Some(&mut sink),
            precision: args.precision.clone(),
        },
    )
    .map_err(CliError::Internal)?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    if let Some(w) = trials_writer.take() {
        w.finish().map_err(csv_err)?;
    }
    write_tables(dir, &summary)?;
    if !args.no_plots {
        draw_plots(dir)?;
    }
    write_manifest(
        dir,
        scenario,
        &summary,
        threads,
        started,
        args.precision
            .as_ref()
            .map(|p| format!("{}={}", p.metric, p.half_width)),
    )?;
    Ok(summary)
}

/// Move the finished results into place (see [`PendingDir::commit`]).
fn commit_output(dir: PendingDir, target: &Path) -> Result<PathBuf, CliError> {
    dir.commit().map_err(|e| {
        CliError::Internal(anyhow::anyhow!(
            "could not move results into {}: {e}",
            target.display()
        ))
    })
}

/// Pick the output directory (a new name beside an existing one unless `force`, saying so)
/// and start writing into a hidden temporary directory beside it.
fn open_output(
    requested: &Path,
    force: bool,
    quiet: bool,
) -> Result<(PathBuf, PendingDir), CliError> {
    let (target, renamed) = choose_target(requested, force);
    if renamed && !quiet {
        eprintln!(
            "{} already exists; writing to {} instead (use --force to replace it)",
            requested.display(),
            target.display()
        );
    }
    let dir = PendingDir::create(&target).map_err(|e| {
        input_error(format!(
            "{}: cannot create the output directory: {e}",
            target.display()
        ))
    })?;
    Ok((target, dir))
}

fn io_err(e: std::io::Error) -> CliError {
    CliError::Internal(anyhow::anyhow!("writing results: {e}"))
}

fn csv_err(e: csv::Error) -> CliError {
    CliError::Internal(anyhow::anyhow!("writing results: {e}"))
}

/// Every table of a result: the same files whether simulated here or merged from shards.
fn write_tables(dir: &mut PendingDir, summary: &crate::results::Summary) -> Result<(), CliError> {
    dir.write(
        "summary.json",
        &summary_json(summary).map_err(|e| CliError::Internal(e.into()))?,
    )
    .map_err(io_err)?;
    dir.write(
        "variants.csv",
        &csv_files::variants_csv(summary).map_err(csv_err)?,
    )
    .map_err(io_err)?;
    dir.write(
        "weekly.csv",
        &csv_files::weekly_csv(summary).map_err(csv_err)?,
    )
    .map_err(io_err)?;
    dir.write(
        "allocation.csv",
        &csv_files::allocation_csv(summary).map_err(csv_err)?,
    )
    .map_err(io_err)?;
    if summary.sweep.is_some() {
        dir.write(
            "sweep.csv",
            &csv_files::sweep_csv(summary).map_err(csv_err)?,
        )
        .map_err(io_err)?;
    }
    if summary.sensitivity.is_some() {
        dir.write(
            "sensitivity.csv",
            &csv_files::sensitivity_csv(summary).map_err(csv_err)?,
        )
        .map_err(io_err)?;
    }
    Ok(())
}

/// The charts, drawn from the files just written (the same as `spmsim plot` would draw).
fn draw_plots(dir: &mut PendingDir) -> Result<(), CliError> {
    let root = dir.root().to_path_buf();
    let files = crate::plot::plot_dir(&root)
        .map_err(|e| CliError::Internal(anyhow::anyhow!("drawing charts: {e}")))?;
    for f in files {
        if let Ok(rel) = f.strip_prefix(&root) {
            dir.record(&rel.to_string_lossy());
        }
    }
    Ok(())
}

/// `manifest.json`, written last: its `complete: true` marks a finished result.
fn write_manifest(
    dir: &mut PendingDir,
    scenario: &Scenario,
    summary: &crate::results::Summary,
    threads: usize,
    started: Instant,
    precision: Option<String>,
) -> Result<(), CliError> {
    let wall = started.elapsed().as_secs_f64();
    let mut files = dir.files().to_vec();
    files.push("manifest.json".into());
    let manifest = Manifest {
        schema: MANIFEST_SCHEMA,
        spmsim_version: env!("CARGO_PKG_VERSION"),
        scenario: scenario.source.clone(),
        scenario_sha256: scenario.sha256.clone(),
        seed: scenario.run.seed,
        trials: summary.trials,
        precision,
        threads,
        wall_seconds: wall,
        trials_per_second: summary.trials as f64 / wall.max(1e-9),
        host: host_name(),
        platform: format!("{}-{}", std::env::consts::OS, std::env::consts::ARCH),
        command: std::env::args().collect(),
        started_unix: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
            .saturating_sub(wall as u64),
        files,
        complete: true,
    };
    let mut m = serde_json::to_vec_pretty(&manifest).map_err(|e| CliError::Internal(e.into()))?;
    m.push(b'\n');
    dir.write("manifest.json", &m).map_err(io_err)
}

/// The scenario text a loaded scenario came from (re-read and checked against its hash).
fn scenario_text(scenario: &Scenario, path: Option<&Path>) -> Result<String, CliError> {
    let text = match path {
        None => DEFAULT_SCENARIO.to_string(),
        Some(p) => std::fs::read_to_string(p)
            .map_err(|e| input_error(format!("{}: cannot read: {e}", p.display())))?,
    };
    if scenario::load::hex_sha256(text.as_bytes()) != scenario.sha256 {
        return Err(input_error(format!(
            "{}: the file changed while it was being run",
            scenario.source
        )));
    }
    Ok(text)
}

/// Simulate one shard's trials and write its partial result.
fn simulate_shard(
    scenario: &Scenario,
    args: &RunArgs,
    threads: usize,
    dir: &mut PendingDir,
    id: engine::shard::ShardId,
) -> Result<std::ops::Range<u64>, CliError> {
    use engine::shard::{OutcomeWriter, SHARD_SCHEMA, ShardManifest};
    let text = scenario_text(scenario, args.scenario.as_deref())?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| CliError::Internal(e.into()))?;
    let plan = pool.install(|| engine::run::Plan::new(scenario));
    let range = id.range(scenario.run.trials);
    let mut writer = OutcomeWriter::create(&dir.path("outcomes.bin")).map_err(io_err)?;
    engine::run::simulate_blocks(&pool, &plan, range.clone(), |_, outs| {
        for o in &outs {
            writer.write(o)?;
        }
        Ok(true)
    })
    .map_err(CliError::Internal)?;
    writer.finish().map_err(io_err)?;
    dir.write("scenario.toml", text.as_bytes())
        .map_err(io_err)?;
    let manifest = ShardManifest {
        schema: SHARD_SCHEMA.into(),
        spmsim_version: env!("CARGO_PKG_VERSION").into(),
        scenario_source: scenario.source.clone(),
        scenario_sha256: scenario.sha256.clone(),
        seed: scenario.run.seed,
        trials: scenario.run.trials,
        shards: id.n,
        shard: id.k,
        first_trial: range.start,
        end_trial: range.end,
        targets: plan.targets.iter().map(|t| t.to_vec()).collect(),
        variants: scenario.variants.iter().map(|v| v.name.clone()).collect(),
        complete: true,
    };
    let mut m = serde_json::to_vec_pretty(&manifest).map_err(|e| CliError::Internal(e.into()))?;
    m.push(b'\n');
    dir.write("shard.json", &m).map_err(io_err)?;
    Ok(range)
}

fn merge(args: MergeArgs) -> Result<(), CliError> {
    use engine::shard::{OutcomeReader, check_set, read_shard};
    let started = Instant::now();
    let shards = args
        .shards
        .iter()
        .map(|d| read_shard(d))
        .collect::<Result<Vec<_>, _>>()
        .map_err(input_error)?;
    let shards = check_set(shards).map_err(input_error)?;
    let m = shards[0].manifest.clone();
    let stem = if m.scenario_source == DEFAULT_SOURCE {
        "default".to_string()
    } else {
        Path::new(&m.scenario_source)
            .file_stem()
            .map_or_else(|| "scenario".into(), |s| s.to_string_lossy().into_owned())
    };
    let mut scenario = scenario::load_str(&shards[0].scenario_text, &m.scenario_source, &stem)?;
    scenario.run.seed = m.seed;
    scenario.run.trials = m.trials;
    let names: Vec<String> = scenario.variants.iter().map(|v| v.name.clone()).collect();
    if names != m.variants {
        return Err(input_error(format!(
            "{}: the shard's variants do not match its scenario",
            shards[0].dir.display()
        )));
    }
    let targets: Vec<[f64; crate::scenario::params::N_KPI]> = m
        .targets
        .iter()
        .map(|t| {
            let mut a = [0.0; crate::scenario::params::N_KPI];
            for (x, y) in a.iter_mut().zip(t) {
                *x = *y;
            }
            a
        })
        .collect();
    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |t| t as usize,
    );
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| CliError::Internal(e.into()))?;
    let plan = engine::run::Plan::with_targets(&scenario, targets);
    let (target, mut dir) = open_output(&args.out, args.force, args.quiet)?;
    let result = (|| -> Result<crate::results::Summary, CliError> {
        let mut trials_writer = if args.no_trials {
            None
        } else {
            let f = std::fs::File::create(dir.path("trials.csv")).map_err(io_err)?;
            Some(TrialsWriter::new(std::io::BufWriter::new(f), names.clone()).map_err(csv_err)?)
        };
        let mut reducer = engine::run::Reducer::new(&plan);
        let horizon = scenario.run.horizon_weeks as usize;
        let period = scenario.run.period_weeks as usize;
        for s in &shards {
            let path = s.dir.join("outcomes.bin");
            let mut reader = OutcomeReader::open(&path, names.len(), horizon, period)
                .map_err(|e| input_error(format!("{}: {e}", path.display())))?;
            for t in s.manifest.first_trial..s.manifest.end_trial {
                let outs = reader
                    .next_trial()
                    .map_err(|e| input_error(format!("{}: trial {t}: {e}", path.display())))?;
                reducer.push(&outs);
                if let Some(w) = trials_writer.as_mut() {
                    w.write(t, &outs).map_err(csv_err)?;
                }
            }
        }
        if let Some(w) = trials_writer.take() {
            w.finish().map_err(csv_err)?;
        }
        let summary = reducer.finish(&pool);
        write_tables(&mut dir, &summary)?;
        if !args.no_plots {
            draw_plots(&mut dir)?;
        }
        write_manifest(&mut dir, &scenario, &summary, threads, started, None)?;
        Ok(summary)
    })();
    match result {
        Ok(summary) => {
            let done = commit_output(dir, &target)?;
            if !args.quiet {
                print_stdout(&table::render(&summary));
                print_stdout(&format!(
                    "merged {} shards into {}\n",
                    shards.len(),
                    done.display()
                ));
            }
            Ok(())
        }
        Err(e) => {
            dir.abandon();
            Err(e)
        }
    }
}
