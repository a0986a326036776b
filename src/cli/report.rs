//! `spmsim report`: write a self-contained HTML report of a finished result.

use std::path::Path;

use super::error::CliError;
use super::output::print_stdout;
use crate::lang::Lang;

/// Write `dir/report.html` in the chosen language.
pub(super) fn report(dir: &Path, lang: Lang) -> Result<(), CliError> {
    let path = crate::report::write_report(dir, lang).map_err(|e| {
        if e.is_input() {
            CliError::Results(e.to_string())
        } else {
            CliError::internal(e)
        }
    })?;
    print_stdout(&format!("wrote {}\n", path.display()));
    Ok(())
}
