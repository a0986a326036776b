//! `spmsim validate`: check scenario files without running them.

use std::path::PathBuf;

use super::error::CliError;
use super::output::print_stdout;
use crate::scenario;

/// Load each file; print a line per good one (and its warnings to stderr), and fail with
/// every bad one's problems.
pub(super) fn validate(paths: &[PathBuf]) -> Result<(), CliError> {
    let mut errors = Vec::new();
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
                for w in s.warnings() {
                    eprintln!("{}: warning: {w}", p.display());
                }
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CliError::Scenario(errors))
    }
}
