//! `spmsim plot`: draw (again) the charts of a finished result, without simulating.

use std::path::Path;

use super::error::CliError;
use super::output::print_stdout;

/// Draw the charts of the result in `dir` into `dir/plots`.
pub(super) fn plot(dir: &Path) -> Result<(), CliError> {
    let files = crate::plot::plot_dir(dir).map_err(|e| {
        if e.is_input() {
            CliError::Results(e.to_string())
        } else {
            CliError::internal(e)
        }
    })?;
    print_stdout(&format!(
        "{} charts in {}\n",
        files.len(),
        dir.join("plots").display()
    ));
    Ok(())
}
