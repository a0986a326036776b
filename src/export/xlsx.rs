//! The Excel workbook of a result (`run --xlsx`, `spmsim export DIR --xlsx`): the summary,
//! the change of every variant against the baseline, the per-variant (and, when the summary
//! has them, per-team) tables, the sweep and sensitivity tables when present, native Excel
//! charts of the revenue and margin changes with their 95 % intervals as error bars, and the
//! assumptions (the scenario's parameters with their labels and values).
//!
//! Every figure is a number cell holding exactly the value of `summary.json`; how it reads
//! (thousands, decimals, "%", "pp") is the cell's number format, so Excel shows it in the
//! reader's own locale. Sheet names, headers and labels follow the language. The sheets
//! themselves are written in [`super::xlsx_sheets`].

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::lang::Lang;
use crate::results::Summary;
use crate::scenario::Scenario;

use super::xlsx_sheets as sheets;

/// The workbook's file name inside a result directory.
pub const XLSX_FILE: &str = "results.xlsx";

/// What the workbook is made from.
#[derive(Clone, Copy)]
pub struct XlsxInput<'a> {
    /// The results.
    pub summary: &'a Summary,
    /// The scenario that was run, when it is at hand (for the assumptions sheet).
    pub scenario: Option<&'a Scenario>,
    /// Language of sheet names, headers and labels.
    pub lang: Lang,
}

/// Why the workbook could not be made or written.
#[derive(Debug, thiserror::Error)]
pub enum XlsxExportError {
    /// rust_xlsxwriter refused the content (internal).
    #[error("cannot build the workbook: {0}")]
    Build(#[from] XlsxError),
    /// The file cannot be written.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// Cell formats shared by the sheets.
pub(crate) struct Formats {
    pub header: Format,
    pub title: Format,
    pub text: Format,
    pub money: Format,
    pub number: Format,
    pub number2: Format,
    pub whole: Format,
    pub percent: Format,
    pub change_pct: Format,
    pub change_pp: Format,
    pub share: Format,
}

impl Formats {
    fn new(lang: Lang) -> Formats {
        let pp = lang.t("pp", "p.e.");
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(0xE8EEF4),
            title: Format::new().set_bold().set_font_size(14),
            text: Format::new(),
            money: Format::new().set_num_format("#,##0"),
            number: Format::new().set_num_format("#,##0.0"),
            number2: Format::new().set_num_format("#,##0.00"),
            whole: Format::new().set_num_format("#,##0"),
            percent: Format::new().set_num_format("0.0\" %\""),
            change_pct: Format::new().set_num_format("+0.0\" %\";-0.0\" %\";0.0\" %\""),
            change_pp: Format::new()
                .set_num_format(format!("+0.0\" {pp}\";-0.0\" {pp}\";0.0\" {pp}\"")),
            share: Format::new().set_num_format("0%"),
        }
    }

    /// The format of a figure in a metric's unit (as the metric vocabulary spells it).
    pub fn for_unit(&self, unit: &str) -> &Format {
        match unit {
            "currency" => &self.money,
            "%" => &self.percent,
            "share" => &self.share,
            "points" => &self.change_pp,
            "deals" | "reps" | "contacts" | "leads" => &self.number,
            "weeks" => &self.number,
            _ => &self.number2,
        }
    }
}

/// A row cursor over one worksheet, writing headers, texts and numbers (a missing figure,
/// NaN, is left blank rather than written as an error value).
pub(crate) struct Sheet<'w> {
    pub ws: &'w mut Worksheet,
    pub row: u32,
}

impl<'w> Sheet<'w> {
    pub fn new(ws: &'w mut Worksheet) -> Sheet<'w> {
        Sheet { ws, row: 0 }
    }

    /// A row of headers at the cursor, then the cursor moves below it.
    pub fn headers(&mut self, f: &Formats, names: &[String]) -> Result<(), XlsxError> {
        for (c, n) in names.iter().enumerate() {
            self.ws
                .write_string_with_format(self.row, c as u16, n, &f.header)?;
        }
        self.row += 1;
        Ok(())
    }

    pub fn text(&mut self, col: u16, s: &str) -> Result<(), XlsxError> {
        self.ws.write_string(self.row, col, s)?;
        Ok(())
    }

    pub fn num(&mut self, col: u16, x: f64, format: &Format) -> Result<(), XlsxError> {
        if x.is_finite() {
            self.ws.write_number_with_format(self.row, col, x, format)?;
        }
        Ok(())
    }

    /// A label and a value on one row, then the next row.
    pub fn pair(&mut self, label: &str, value: Cell<'_>) -> Result<(), XlsxError> {
        self.text(0, label)?;
        match value {
            Cell::Text(s) => self.text(1, s)?,
            Cell::Num(x, f) => self.num(1, x, f)?,
        }
        self.row += 1;
        Ok(())
    }
}

/// A cell's content.
pub(crate) enum Cell<'a> {
    Text(&'a str),
    Num(f64, &'a Format),
}

/// The workbook as bytes.
///
/// # Errors
/// [`XlsxExportError::Build`] when rust_xlsxwriter refuses the content (internal).
pub fn workbook_bytes(input: &XlsxInput<'_>) -> Result<Vec<u8>, XlsxExportError> {
    let mut wb = Workbook::new();
    let f = Formats::new(input.lang);
    sheets::summary_sheet(&mut wb, input, &f)?;
    sheets::change_sheet(&mut wb, input, &f)?;
    sheets::variants_sheet(&mut wb, input, &f)?;
    sheets::teams_sheet(&mut wb, input, &f)?;
    sheets::sweep_sheet(&mut wb, input, &f)?;
    sheets::sensitivity_sheet(&mut wb, input, &f)?;
    sheets::assumptions_sheet(&mut wb, input, &f)?;
    // A fixed creation time (the zip parts' own timestamp, 1980-01-01): the same run gives
    // the same bytes, whenever the workbook is written.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(1980, 1, 1)?;
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_creation_datetime(&created)
            .set_title(&input.summary.experiment)
            .set_comment(format!(
                "spmsim {}, seed {}, {} trials",
                input.summary.spmsim_version, input.summary.seed, input.summary.trials
            )),
    );
    Ok(wb.save_to_buffer()?)
}

/// Write the workbook to `path`: into a temporary file beside it, then renamed into place,
/// so that an interrupted write never leaves a half-written workbook under the real name.
///
/// # Errors
/// [`XlsxExportError`].
pub fn write_xlsx(path: &Path, input: &XlsxInput<'_>) -> Result<(), XlsxExportError> {
    let bytes = workbook_bytes(input)?;
    let name = path
        .file_name()
        .map_or_else(|| XLSX_FILE.into(), |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.partial-{}", std::process::id()));
    let err = |source| XlsxExportError::Write {
        path: path.to_path_buf(),
        source,
    };
    std::fs::write(&tmp, bytes).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        err(e)
    })
}
