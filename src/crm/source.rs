//! The text of a CSV file as rows: the delimiter (sniffed, or a `sep=` line), line endings,
//! a byte-order mark; the errors that stop a file from being read at all; and the teams file
//! that maps owners to teams.

use std::collections::HashMap;

use super::Field;
use super::mapping::{self, Mapping};

/// An export that cannot be read at all (as opposed to rows with problems).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file is empty or has no header.
    #[error("{file}: the file is empty; expected a header row and one row per opportunity")]
    Empty {
        /// The file.
        file: String,
    },
    /// A required field has no column.
    #[error(
        "{file}: no column for `{field}` (looked for headers such as {looked_for}); the file's columns are: {columns}. Name it in a mapping file: [{section}] {field} = \"…\""
    )]
    MissingColumn {
        /// The file.
        file: String,
        /// The mapping section that names the file's columns (`columns` for an export,
        /// `teams` for a teams file).
        section: &'static str,
        /// The field.
        field: &'static str,
        /// Headers recognised for it.
        looked_for: String,
        /// The file's headers.
        columns: String,
    },
    /// The mapping names a column the file does not have.
    #[error("{file}: {message}")]
    Mapping {
        /// The file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// The dates fit more than one order (US, European, two-digit year first).
    #[error(
        "{file}: row {row}: the date \"{text}\" reads as {readings}, and no date in the file decides; say which in a mapping file: [dates] format = {choices}"
    )]
    AmbiguousDates {
        /// The file.
        file: String,
        /// A row with an ambiguous date.
        row: usize,
        /// Its text.
        text: String,
        /// Its readings in the orders left, each with the order's name
        /// ("2024-01-02 (US m/d/Y) or 2024-02-01 (European d/m/Y)").
        readings: String,
        /// The mapping values that settle it (`"m/d/Y" or "d/m/Y"`).
        choices: String,
    },
    /// Some dates are US, others European.
    #[error(
        "{file}: dates in both orders: row {us_row} \"{us_text}\" reads only as m/d/Y, row {eu_row} \"{eu_text}\" only as d/m/Y; fix the export or name the format: [dates] format = \"…\""
    )]
    MixedDates {
        /// The file.
        file: String,
        /// A US-only row.
        us_row: usize,
        /// Its text.
        us_text: String,
        /// A European-only row.
        eu_row: usize,
        /// Its text.
        eu_text: String,
    },
    /// Amounts disagree on the decimal mark.
    #[error(
        "{file}: amounts disagree on the decimal mark: row {point_row} uses a decimal point, row {comma_row} a decimal comma"
    )]
    MixedDecimals {
        /// The file.
        file: String,
        /// A row with a decimal point.
        point_row: usize,
        /// A row with a decimal comma.
        comma_row: usize,
    },
    /// The export date of the mapping is not a date.
    #[error("{file}: [dates] export_date = \"{text}\" is not a date in {format}")]
    ExportDate {
        /// The mapping file.
        file: String,
        /// The text.
        text: String,
        /// The format expected.
        format: &'static str,
    },
    /// The CSV itself is broken (an unclosed quote, invalid UTF-8).
    #[error("{file}: line {line}: {message}")]
    Csv {
        /// The file.
        file: String,
        /// The line.
        line: u64,
        /// The reader's message.
        message: String,
    },
}

/// The text of a CSV file's bytes, with a note when it was not UTF-8: a byte-order mark
/// decides (UTF-8, UTF-16 as Excel's "Unicode text" writes it); without one, UTF-8 when the
/// bytes are valid UTF-8, else Windows-1252, which Excel in Western European locales writes
/// for "CSV" (so "Affär", "Ägare" and "€" read right).
pub fn decode(bytes: &[u8]) -> (String, Option<String>) {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_with_bom_removal(bytes);
        let note = (encoding != encoding_rs::UTF_8).then(|| {
            format!(
                "the file is {} (byte-order mark); read as such",
                encoding.name()
            )
        });
        return (text.into_owned(), note);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), None),
        Err(e) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            let note = format!(
                "the file is not UTF-8 (byte {} is not): read as Windows-1252, as Excel saves \"CSV\" in Western Europe; if letters such as å, ä, ö look wrong in the column names above, save it as \"CSV UTF-8\"",
                e.valid_up_to() + 1
            );
            (text.into_owned(), Some(note))
        }
    }
}

/// Owners mapped to teams, from a second file (many exports keep teams apart).
#[derive(Clone, Debug, Default)]
pub struct Teams {
    /// Team of each owner.
    pub of_owner: HashMap<String, String>,
    /// The columns read, for the report ("sales_agent → manager").
    pub columns: (String, String),
    /// Motion of each team, where the file has a motion column (`traditional` or `complex`).
    pub motions: std::collections::BTreeMap<String, crate::scenario::Motion>,
    /// Footer lines at the end of the file left out as not owners (line and text).
    pub footer: Vec<(usize, String)>,
}

/// Words that start a totals row ("Total;;;;1 234 567"), normalised.
const TOTALS: [&str; 8] = [
    "total",
    "totals",
    "grandtotal",
    "subtotal",
    "sum",
    "summa",
    "totalt",
    "gesamt",
];

/// The rows split into records and the footer at the end of the file (line and text): the
/// trailing lines that are a totals row (first filled field "Total", "Summa", …, and the
/// `stage` column empty when the file has one) or a single field where the header has
/// several (Salesforce reports end with "Confidential Information", "Generated By: …" and
/// the org name).
pub(super) fn split_footer(
    mut rows: Rows,
    header_len: usize,
    stage: Option<usize>,
) -> (Rows, Vec<(usize, String)>) {
    let is_footer = |f: &[String]| {
        let first = f.iter().find(|s| !s.is_empty());
        let single = header_len > 1 && f.len() == 1;
        // "Total", "Grand Totals (6343 records)", "Summa 2025": a totals word, then at most
        // a count or a year.
        let totals = first.is_some_and(|s| {
            let n = mapping::normalise(s);
            TOTALS.iter().any(|t| {
                n.strip_prefix(t).is_some_and(|rest| {
                    let rest = rest.trim_start_matches('s');
                    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
                    ["", "records", "rows", "rader", "poster", "st"].contains(&rest)
                })
            })
        }) && stage.is_none_or(|i| f.get(i).is_none_or(String::is_empty));
        single || totals
    };
    let mut footer = Vec::new();
    while let Some((line, f)) = rows.last() {
        if !is_footer(f) {
            break;
        }
        let text: Vec<&str> = f
            .iter()
            .filter(|s| !s.is_empty())
            .map(String::as_str)
            .collect();
        footer.push((*line, text.join(" ")));
        rows.pop();
    }
    footer.reverse();
    (rows, footer)
}

/// The delimiter of a CSV text: the most frequent of `,`, `;` and tab in its first line
/// outside quotes (spreadsheets in countries with a decimal comma write `;`).
fn sniff_delimiter(text: &str) -> u8 {
    let line = text.lines().next().unwrap_or("");
    let mut quoted = false;
    let mut counts = [0usize; 3];
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// The rows of a CSV text: line number and fields.
pub(super) type Rows = Vec<(usize, Vec<String>)>;

/// Header and rows of a CSV text.
pub(super) fn records(text: &str, file: &str) -> Result<(Vec<String>, Rows), ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Windows line ends (Excel, Dynamics) and old Mac ones (a lone `\r`) are read as plain
    // ones: the CSV reader counts lines one short after a `\r\n` and not at all at a lone
    // `\r`, and rows are reported by line.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.as_str();
    if text.trim().is_empty() {
        return Err(ReadError::Empty {
            file: file.to_string(),
        });
    }
    // A first line `sep=;` (written for Excel) names the delimiter; the header follows it.
    let (delimiter, text, skipped) = match text.split_once('\n') {
        Some((first, rest))
            if first.len() == 5
                && first.starts_with("sep=")
                && matches!(first.as_bytes()[4], b',' | b';' | b'\t' | b'|') =>
        {
            (first.as_bytes()[4], rest, 1)
        }
        _ => (sniff_delimiter(text), text, 0),
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let csv_err = |e: csv::Error| ReadError::Csv {
        file: file.to_string(),
        line: e.position().map_or(0, |p| p.line()),
        message: e.to_string(),
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(csv_err)?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_err)?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = record.position().map_or(0, |p| p.line() as usize) + skipped;
        rows.push((line, record.iter().map(|f| f.trim().to_string()).collect()));
    }
    Ok((headers, rows))
}

impl Teams {
    /// Read a teams file: one row per owner, with the owner's column (recognised like an
    /// export's owner column) and a team column (`team`, `manager`, …).
    ///
    /// # Errors
    /// An empty or broken file, or one without an owner or team column.
    pub fn from_csv(text: &str, file: &str) -> Result<Teams, ReadError> {
        Self::from_csv_mapped(text, file, &Mapping::default())
    }

    /// [`Self::from_csv`] with the columns the mapping's `[teams]` section names.
    ///
    /// # Errors
    /// As [`Self::from_csv`], and a column the mapping names that the file does not have.
    pub fn from_csv_mapped(text: &str, file: &str, mapping: &Mapping) -> Result<Teams, ReadError> {
        let (headers, rows) = records(text, file)?;
        // Footer lines (totals, "Generated By: …") are not owners.
        let (rows, footer) = split_footer(rows, headers.len(), None);
        let named = Mapping {
            columns: mapping.team_columns.clone(),
            ..Mapping::default()
        };
        let cols = mapping::resolve(&headers, &named).map_err(|message| ReadError::Mapping {
            file: file.to_string(),
            message: message.replace("for `", "in [teams] for `"),
        })?;
        let missing = |field: Field| ReadError::MissingColumn {
            file: file.to_string(),
            section: "teams",
            field: field.name(),
            looked_for: mapping::aliases(field).join(", "),
            columns: headers.join(", "),
        };
        let owner = cols
            .get(&Field::Owner)
            .ok_or_else(|| missing(Field::Owner))?
            .0;
        let team = cols
            .get(&Field::Team)
            .ok_or_else(|| missing(Field::Team))?
            .0;
        let motion_col = cols.get(&Field::Motion).map(|c| c.0);
        let mut of_owner = HashMap::new();
        let mut motions = std::collections::BTreeMap::new();
        for (_, fields) in rows {
            if let (Some(o), Some(t)) = (fields.get(owner), fields.get(team))
                && !o.is_empty()
                && !t.is_empty()
            {
                of_owner.insert(o.clone(), t.clone());
                let named = motion_col.and_then(|c| fields.get(c)).and_then(|m| {
                    let n = mapping::normalise(m);
                    crate::scenario::Motion::ALL
                        .into_iter()
                        .find(|x| x.name() == n)
                });
                if let Some(m) = named {
                    motions.insert(t.clone(), m);
                }
            }
        }
        Ok(Teams {
            of_owner,
            columns: (headers[owner].clone(), headers[team].clone()),
            motions,
            footer,
        })
    }
}
