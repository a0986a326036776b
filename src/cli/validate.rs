//! `spmsim validate`: check scenario files without running them.

use std::path::PathBuf;

use super::error::CliError;
use super::output::print_stdout;
use crate::scenario;

/// Load each file; print a line per good one (and its warnings to stderr), and fail with
/// every bad one's problems. With `strict`, a file with warnings fails too.
pub(super) fn validate(paths: &[PathBuf], strict: bool) -> Result<(), CliError> {
    let mut errors = Vec::new();
    let mut warned = Vec::new();
    for p in paths {
        match scenario::load_file(p) {
            Ok(s) => {
                print_stdout(&format!(
                    "{}: ok ({} teams, {} reps, {} variants, {} trials)\n",
                    p.display(),
                    s.teams.len(),
                    s.total_reps(),
                    s.variants.len(),
                    s.run.trials
                ));
                print_stdout(&super::calibrate::implied_figures(&s));
                if s.has_optimise {
                    print_stdout(&format!("  {}\n", scenario::optimise_ignored_note("run")));
                }
                for w in &s.input_warnings {
                    eprintln!("warning: {w}");
                }
                let overrides = s.warnings();
                for w in &overrides {
                    eprintln!("{}: warning: {w}", p.display());
                }
                if !s.input_warnings.is_empty() || !overrides.is_empty() {
                    warned.push(p.display().to_string());
                }
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(CliError::Scenario(errors));
    }
    if strict && !warned.is_empty() {
        return Err(CliError::Unfit {
            scenario: warned.join(", "),
            message: "--strict: warnings above".into(),
        });
    }
    Ok(())
}
