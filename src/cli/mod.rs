//! The command line: argument types in [`args`], one module per command, the typed failures
//! in [`error`] (mapped to exit codes there: 2 bad input, 1 internal), and the shared output
//! handling in [`output`]. Every command writing results goes through the one
//! [`ResultWriter`](crate::export::ResultWriter).

pub mod args;
mod calibrate;
pub mod error;
mod explore;
mod export;
pub mod init;
mod manual;
mod merge;
mod optimise;
mod output;
mod plot;
mod reference;
mod report;
mod run;
mod sensitivity;
mod shard;
mod validate;

use std::path::Path;

pub use args::{Cli, Command, InitArgs, LangArg, MergeArgs, RunArgs, SensitivityArgs};
pub use error::CliError;

use crate::scenario::{self, DEFAULT_SCENARIO, DEFAULT_SOURCE, Scenario};

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
        Command::Run(args) => run::run(args, run::Mode::Run),
        Command::Sweep(args) => run::run(args, run::Mode::Sweep),
        Command::Sensitivity(a) => run::run(
            a.run,
            run::Mode::Sensitivity {
                output: a.output,
                variant: a.variant,
            },
        ),
        Command::Optimise(a) => optimise::optimise(a),
        Command::Validate { scenarios, strict } => validate::validate(&scenarios, strict),
        Command::Init(args) => init::init(&args),
        Command::Merge(args) => merge::merge(args),
        Command::Plot { dir, lang, slides } => plot::plot(&dir, run_lang(&dir, lang), slides),
        Command::Export {
            dir,
            xlsx,
            lang,
            out,
        } => export::export(&dir, xlsx, run_lang(&dir, lang), out.as_deref()),
        Command::Report { dir, lang } => report::report(&dir, run_lang(&dir, lang)),
        Command::Completions { shell } => {
            manual::completions(shell);
            Ok(())
        }
        Command::Man { dir } => manual::man(dir.as_deref()),
        Command::Calibrate(args) => calibrate::calibrate(&args),
        Command::Explore(args) => explore::explore(&args),
        Command::Reference => {
            reference::reference();
            Ok(())
        }
    }
}

/// The language of what `report`, `plot` and `export` write for a finished run: `--lang`
/// when given, else the language the run's scenario asked for (`[report] lang`, recorded in
/// manifest.json), else English.
fn run_lang(dir: &std::path::Path, flag: Option<args::LangArg>) -> crate::lang::Lang {
    flag.map(Into::into)
        .or_else(|| crate::report::run_lang(dir))
        .unwrap_or_default()
}
