//! `spmsim init`: write the commented starter scenario (the built-in default).

use std::path::Path;

use super::error::CliError;
use super::output::print_stdout;
use crate::scenario::DEFAULT_SCENARIO;

/// Write the starter scenario to `path`, keeping an existing file unless `force`.
pub(super) fn init(path: &Path, force: bool) -> Result<(), CliError> {
    if path.exists() && !force {
        return Err(CliError::Output {
            path: path.to_path_buf(),
            message: "already exists (use --force to overwrite)".into(),
        });
    }
    std::fs::write(path, DEFAULT_SCENARIO).map_err(|e| CliError::Output {
        path: path.to_path_buf(),
        message: format!("cannot write: {e}"),
    })?;
    print_stdout(&format!(
        "wrote {}; run it with: spmsim run {}\n",
        path.display(),
        path.display()
    ));
    Ok(())
}
