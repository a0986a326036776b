//! `spmsim plot`: draw (again) the charts of a finished result, without simulating.

use std::path::Path;

use super::error::CliError;
use super::output::print_stdout;
use crate::lang::Lang;
use crate::plot::PlotOptions;

/// Draw the charts of the result in `dir` into `dir/plots`, in `lang`, the PNG files at slide
/// size with `slides`.
pub(super) fn plot(dir: &Path, lang: Lang, slides: bool) -> Result<(), CliError> {
    let files = crate::plot::plot_dir_with(dir, PlotOptions { lang, slides }).map_err(|e| {
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
