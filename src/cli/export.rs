//! `spmsim export`: write a finished result in other formats (an Excel workbook), without
//! simulating.

use std::path::Path;

use super::error::CliError;
use super::output::print_stdout;
use crate::export::xlsx::{XLSX_FILE, XlsxInput, write_xlsx};
use crate::lang::Lang;
use crate::report::{RunInfo, ScenarioText, find_scenario};
use crate::scenario::Scenario;

/// The scenario a result was made from, when the manifest names it and the file as run is
/// still there (its SHA-256 matches the summary); `None` otherwise.
pub(super) fn scenario_of(dir: &Path, summary: &crate::results::Summary) -> Option<Scenario> {
    let run = std::fs::read_to_string(dir.join("manifest.json"))
        .ok()
        .and_then(|t| RunInfo::from_json(&t));
    match find_scenario(dir, run.as_ref(), summary) {
        ScenarioText::Shown { path, text } => {
            crate::scenario::load_str(&text, &path, &summary.experiment).ok()
        }
        _ => None,
    }
}

/// Export the result in `dir` as the flags say (`--xlsx`: the workbook).
pub(super) fn export(
    dir: &Path,
    xlsx: bool,
    lang: Lang,
    out: Option<&Path>,
) -> Result<(), CliError> {
    if !xlsx {
        return Err(CliError::Flag(
            "say which format to export: --xlsx (an Excel workbook)".into(),
        ));
    }
    let summary = crate::plot::read_summary(dir).map_err(|e| {
        if e.is_input() {
            CliError::Results(e.to_string())
        } else {
            CliError::internal(e)
        }
    })?;
    let scenario = scenario_of(dir, &summary);
    let path = out.map_or_else(|| dir.join(XLSX_FILE), Path::to_path_buf);
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.is_dir()
    {
        return Err(CliError::Output {
            path: path.clone(),
            message: format!("{} is not a directory", parent.display()),
        });
    }
    let input = XlsxInput {
        summary: &summary,
        scenario: scenario.as_ref(),
        lang,
    };
    write_xlsx(&path, &input).map_err(|e| match e {
        crate::export::xlsx::XlsxExportError::Write { path, source } => CliError::Output {
            path,
            message: format!("cannot write: {source}"),
        },
        other => CliError::internal(other),
    })?;
    print_stdout(&format!("wrote {}\n", path.display()));
    Ok(())
}
