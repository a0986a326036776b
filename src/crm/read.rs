//! Reading an opportunity export: the delimiter, the columns, the formats of dates and
//! amounts, then each row into an [`Opportunity`] or one or more [`Problem`]s. Rows with a
//! problem are never part of the opportunities; the caller decides whether to stop or to go on
//! without them, and reports them either way.

use std::collections::{BTreeMap, HashMap};

use super::amounts::{self, DecimalMark};
use super::dates::{self, Date, DateFormat, Detected};
use super::mapping::{self, Mapping, normalise};
pub use super::source::{ReadError, Teams};
use super::source::{records, split_footer};
use super::{Field, Opportunity, Outcome, Problem, ProblemKind};
use super::{lines, stages, window};
use crate::scenario::Motion;

/// An export read and checked.
#[derive(Clone, Debug)]
pub struct Export {
    /// The file.
    pub file: String,
    /// Rows read (without the header, empty lines and footer lines such as a totals row; the
    /// product lines of one opportunity count once).
    pub rows: usize,
    /// Rows that passed every check.
    pub opportunities: Vec<Opportunity>,
    /// Problems of the other rows (a row may have several).
    pub problems: Vec<Problem>,
    /// Column header of each field found, and whether it was recognised (true) or named by
    /// the mapping (false).
    pub columns: BTreeMap<Field, (String, bool)>,
    /// The date format and why.
    pub date_format: (DateFormat, String),
    /// The decimal mark of amounts.
    pub decimal_mark: DecimalMark,
    /// The export date: the mapping's, a report footer's, or the latest regular date of the
    /// file (see `crm::window`).
    pub export_date: Date,
    /// The currency of the amounts, where the file or mapping says.
    pub currency: Option<String>,
    /// Open-stage labels found, with their counts.
    pub open_stages: BTreeMap<String, usize>,
    /// Things the reader assumed, for the user to check (one sentence each).
    pub notes: Vec<String>,
}

impl Export {
    /// Problems counted by kind, in report order.
    pub fn problem_counts(&self) -> Vec<(ProblemKind, usize)> {
        ProblemKind::ALL
            .into_iter()
            .map(|k| (k, self.problems.iter().filter(|p| p.kind == k).count()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// Rows with at least one problem.
    pub fn rows_with_problems(&self) -> usize {
        let mut rows: Vec<usize> = self.problems.iter().map(|p| p.row).collect();
        rows.dedup();
        rows.len()
    }
}

/// Motion named by a label: the mapping's `[motions]` first, then the motions' own names.
fn motion_of(label: &str, mapping: &Mapping) -> Option<Motion> {
    if let Some(m) = mapping.motions.get(label) {
        return Some(*m);
    }
    let n = normalise(label);
    Motion::ALL.into_iter().find(|m| m.name() == n)
}

/// Read an opportunity export (`text` of the file named `file`) with a mapping (the default
/// mapping recognises common headers) and, optionally, a teams file.
///
/// # Errors
/// When the file cannot be read as an export at all (see [`ReadError`]); problems of single
/// rows are returned in [`Export::problems`] instead.
pub fn read_export(
    text: &str,
    file: &str,
    mapping: &Mapping,
    teams: Option<&Teams>,
) -> Result<Export, ReadError> {
    let (headers, rows) = records(text, file)?;
    if headers.iter().all(String::is_empty) {
        return Err(ReadError::Empty {
            file: file.to_string(),
        });
    }
    let cols = mapping::resolve(&headers, mapping).map_err(|message| ReadError::Mapping {
        file: file.to_string(),
        message,
    })?;
    for field in Field::REQUIRED {
        if !cols.contains_key(&field) {
            return Err(ReadError::MissingColumn {
                file: file.to_string(),
                section: "columns",
                field: field.name(),
                looked_for: mapping::aliases(field)
                    .iter()
                    .take(6)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", "),
                columns: headers.join(", "),
            });
        }
    }
    let fallback: BTreeMap<Field, Vec<usize>> = Field::ALL
        .into_iter()
        .map(|f| (f, mapping::fallbacks(&headers, f, &cols)))
        .collect();
    // A field's text in a row: its column, else the first non-empty fallback column.
    let get = |fields: &[String], field: Field| -> Option<String> {
        cols.get(&field)
            .map(|(i, _)| *i)
            .into_iter()
            .chain(fallback[&field].iter().copied())
            .filter_map(|i| fields.get(i))
            .find(|s| !s.is_empty())
            .cloned()
    };
    // Footer lines are not opportunities: they are left out and named in a note.
    let stage_col = cols.get(&Field::Stage).map(|(i, _)| *i);
    let (rows, footer) = split_footer(rows, headers.len(), stage_col);
    let mut notes = Vec::new();

    // Dates: one format for the file.
    let date_texts: Vec<(usize, String)> = rows
        .iter()
        .flat_map(|(line, f)| {
            [Field::Created, Field::Closed]
                .into_iter()
                .filter_map(|fld| get(f, fld).map(|t| (*line, t)))
        })
        .collect();
    let date_format = match mapping.date_format {
        Some(f) => (f, "named by the mapping".to_string()),
        None => match dates::detect(date_texts.iter().map(|(l, t)| (*l, t.as_str()))) {
            Detected::Format { format, evidence } => (format, evidence),
            Detected::Empty => (DateFormat::Ymd, "no readable dates".to_string()),
            Detected::Ambiguous { row, text, orders } => {
                let label = |f: DateFormat| match f {
                    DateFormat::Mdy => "US m/d/Y",
                    DateFormat::Dmy => "European d/m/Y",
                    _ => "year first y-m-d",
                };
                let or_list = |items: Vec<String>| match items.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{} or {last}", rest.join(", "))
                    }
                    _ => items.join(""),
                };
                // US first, as the message has always put it.
                let mut shown = orders.clone();
                shown.sort_by_key(|f| *f != DateFormat::Mdy);
                let readings = or_list(
                    shown
                        .iter()
                        .map(|&f| {
                            let d = dates::parse(&text, f).map_or("?".into(), |d| d.to_string());
                            format!("{d} ({})", label(f))
                        })
                        .collect(),
                );
                let choices = or_list(shown.iter().map(|f| format!("\"{}\"", f.name())).collect());
                return Err(ReadError::AmbiguousDates {
                    file: file.to_string(),
                    row,
                    text,
                    readings,
                    choices,
                });
            }
            Detected::Mixed { us, european } => {
                return Err(ReadError::MixedDates {
                    file: file.to_string(),
                    us_row: us.0,
                    us_text: us.1,
                    eu_row: european.0,
                    eu_text: european.1,
                });
            }
        },
    };

    // Amounts: one decimal mark for the file.
    let raw_amounts: Vec<(usize, Option<amounts::RawAmount>, Option<String>)> = rows
        .iter()
        .map(|(line, f)| {
            let text = get(f, Field::Amount);
            (*line, text.as_deref().and_then(amounts::split), text)
        })
        .collect();
    let decimal_mark = amounts::detect(
        raw_amounts
            .iter()
            .filter_map(|(l, r, _)| r.as_ref().map(|r| (*l, r.number.as_str()))),
    )
    .map_err(|(point_row, comma_row)| ReadError::MixedDecimals {
        file: file.to_string(),
        point_row,
        comma_row,
    })?;

    if !raw_amounts.iter().any(|(_, r, _)| {
        r.as_ref()
            .is_some_and(|r| amounts::evidence(&r.number).is_some())
    }) {
        notes.push(
            "no amount shows its decimal mark (whole numbers, or thousands such as 1,234 that read either way): read with a decimal point".to_string(),
        );
    }
    let amount_of = |k: usize| {
        raw_amounts[k].1.as_ref().and_then(|r| {
            amounts::parse(&r.number, decimal_mark).map(|v| if r.negative { -v } else { v })
        })
    };
    let folded = lines::fold(&headers, &rows, &cols, get, |k| {
        match (&raw_amounts[k].2, amount_of(k)) {
            (Some(_), None) => Err(()),
            (_, a) => Ok(a),
        }
    });
    let (by_probability, probability_col) = match stage_col {
        Some(i) => stages::by_probability(&headers, &rows, i, mapping, decimal_mark),
        None => Default::default(),
    };

    // Currency: the column, the text beside the amounts, or the mapping; the most common
    // one is the file's.
    let currency_of_row: Vec<Option<String>> = rows
        .iter()
        .zip(&raw_amounts)
        .map(|((_, f), (_, raw, _))| {
            get(f, Field::Currency)
                .or_else(|| raw.as_ref().and_then(|r| r.currency.clone()))
                .map(|c| amounts::currency_label(&c))
        })
        .collect();
    // Labels of one currency count together ("£" and "GBP"), under the first code seen.
    let mut currency_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for c in currency_of_row.iter().flatten() {
        let same = currency_counts
            .keys()
            .copied()
            .find(|k| amounts::same_currency(k, c));
        match same {
            Some(k)
                if k.chars().all(char::is_alphabetic) || !c.chars().all(char::is_alphabetic) =>
            {
                *currency_counts.entry(k).or_default() += 1;
            }
            Some(k) => {
                let n = currency_counts.remove(k).unwrap_or(0);
                currency_counts.insert(c.as_str(), n + 1);
            }
            None => *currency_counts.entry(c.as_str()).or_default() += 1,
        }
    }
    // The mapping's currency, when given, is the file's: rows in another are left out.
    let currency = mapping
        .currency
        .as_deref()
        .map(amounts::currency_label)
        .or_else(|| {
            currency_counts
                .iter()
                .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))
                .map(|(c, _)| c.to_string())
        });

    let mut problems = Vec::new();
    let mut opportunities = Vec::new();
    // Stage labels read as won or lost by the word rule: (label, won) → rows.
    let mut by_word: BTreeMap<(String, bool), usize> = BTreeMap::new();
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    let mut dated: Vec<Date> = Vec::new();
    let mut converted: BTreeMap<String, usize> = BTreeMap::new();
    let named_width = headers
        .iter()
        .rposition(|h| !h.is_empty())
        .map_or(0, |i| i + 1);
    for (k, (line, f)) in rows.iter().enumerate() {
        if folded.skip.contains(&k) {
            continue;
        }
        let line = *line;
        let mut bad = |kind: ProblemKind, detail: String| {
            problems.push(Problem {
                row: line,
                kind,
                detail,
            })
        };
        let mut row_ok = true;
        if f.len() < headers.len() && cols.values().any(|(i, _)| *i >= f.len()) {
            bad(
                ProblemKind::ShortRow,
                format!("{} fields, the header has {}", f.len(), headers.len()),
            );
            continue;
        }
        // Empty fields past the header's last named column are common (Excel pads rows);
        // filled ones are not.
        if f.iter().skip(named_width).any(|s| !s.is_empty()) {
            bad(
                ProblemKind::LongRow,
                format!(
                    "{} filled fields, the header names {named_width} columns; is a value with the delimiter in it (such as 1,234.50) not quoted?",
                    f.iter().rposition(|s| !s.is_empty()).map_or(0, |i| i + 1)
                ),
            );
            continue;
        }
        let id = get(f, Field::Id).unwrap_or_else(|| line.to_string());
        if let Some(first) = seen_ids.get(&id) {
            bad(
                ProblemKind::DuplicateId,
                format!("id \"{id}\" is also on row {first}"),
            );
            row_ok = false;
        } else {
            seen_ids.insert(id.clone(), line);
        }
        let owner = get(f, Field::Owner);
        if owner.is_none() {
            bad(ProblemKind::MissingOwner, "the owner is empty".to_string());
            row_ok = false;
        }
        let stage = get(f, Field::Stage).unwrap_or_default();
        if let Some(o) = mapping.rule_outcome(&stage) {
            *by_word
                .entry((stage.clone(), o == Outcome::Won))
                .or_default() += 1;
        }
        let outcome = match mapping
            .outcome(&stage)
            .or_else(|| by_probability.get(&stage).map(|x| x.0))
        {
            Some(o) => Some(o),
            None if mapping.is_open_stage(&stage) => Some(Outcome::Open),
            None => None,
        };
        if outcome.is_none() {
            let detail = if stage.is_empty() {
                "the stage is empty".to_string()
            } else {
                format!("stage \"{stage}\" is not listed as won, lost or open in the mapping")
            };
            bad(ProblemKind::UnknownStage, detail);
            row_ok = false;
        }
        let date = |field: Field, bad: &mut dyn FnMut(ProblemKind, String)| -> Option<Date> {
            let text = get(f, field)?;
            match dates::parse_lenient(&text, date_format.0) {
                Some(d) => Some(d),
                None => {
                    bad(
                        ProblemKind::BadDate,
                        format!(
                            "{} date \"{text}\" is not a date in {}",
                            field.name(),
                            date_format.0.name()
                        ),
                    );
                    None
                }
            }
        };
        let created_text = get(f, Field::Created);
        let closed_text = get(f, Field::Closed);
        let created = date(Field::Created, &mut bad);
        let closed = date(Field::Closed, &mut bad);
        if created_text.is_some() && created.is_none() || closed_text.is_some() && closed.is_none()
        {
            row_ok = false;
        }
        let is_closed = matches!(outcome, Some(Outcome::Won | Outcome::Lost));
        if is_closed && (created_text.is_none() || closed_text.is_none()) {
            let which = if created_text.is_none() {
                "created"
            } else {
                "close"
            };
            bad(
                ProblemKind::MissingDate,
                format!("a {} deal without a {which} date", stage.to_lowercase()),
            );
            row_ok = false;
        }
        if let (Some(c), Some(d)) = (created, closed)
            && is_closed
            && d < c
        {
            bad(
                ProblemKind::CloseBeforeCreate,
                format!("closed {d}, created {c}"),
            );
            row_ok = false;
        }
        let amount = match &raw_amounts[k].2 {
            _ if folded.amount.contains_key(&k) => folded.amount.get(&k).copied(),
            None => None,
            Some(text) => {
                let value = amount_of(k);
                if value.is_none() {
                    bad(
                        ProblemKind::BadAmount,
                        format!("amount \"{text}\" is not a number"),
                    );
                    row_ok = false;
                }
                value
            }
        };
        if let Some(a) = amount
            && a < 0.0
        {
            bad(ProblemKind::NegativeAmount, format!("amount {a}"));
            row_ok = false;
        }
        let amount_unreadable = raw_amounts[k].2.is_some() && amount.is_none();
        if outcome == Some(Outcome::Won) && !amount_unreadable && amount.is_none_or(|a| a == 0.0) {
            bad(
                ProblemKind::WonWithoutAmount,
                "a won deal with no amount".to_string(),
            );
            row_ok = false;
        }
        let mut rate_of_row: Option<(String, f64)> = None;
        if let (Some(c), Some(main)) = (&currency_of_row[k], &currency)
            && !amounts::same_currency(c, main)
        {
            match mapping
                .rates
                .iter()
                .find(|(code, _)| amounts::same_currency(c, code))
            {
                Some((code, rate)) => rate_of_row = Some((code.clone(), *rate)),
                None => {
                    bad(
                        ProblemKind::MixedCurrency,
                        format!(
                            "amount in {c}, most rows are in {main} (give a rate under [rates] to convert: {c} = …)"
                        ),
                    );
                    row_ok = false;
                }
            }
        }
        // Open deals' close dates are expected dates: they say nothing of the export date.
        dated.extend(created);
        dated.extend(closed.filter(|_| is_closed));
        if !row_ok {
            continue;
        }
        let outcome = outcome.unwrap_or(Outcome::Open);
        let amount = match rate_of_row {
            Some((code, rate)) => {
                *converted.entry(code).or_default() += 1;
                amount.map(|a| a * rate)
            }
            None => amount,
        };
        let owner = owner.unwrap_or_default();
        let team =
            get(f, Field::Team).or_else(|| teams.and_then(|t| t.of_owner.get(&owner).cloned()));
        let motion = get(f, Field::Motion).and_then(|m| motion_of(&m, mapping));
        opportunities.push(Opportunity {
            row: line,
            id,
            owner,
            team,
            motion,
            created,
            closed: if outcome == Outcome::Open {
                None
            } else {
                closed
            },
            outcome,
            amount,
            stage,
            discount: get(f, Field::Discount)
                .and_then(|t| amounts::split(&t))
                .and_then(|r| amounts::parse(&r.number, decimal_mark)),
            source: get(f, Field::Source),
            product: get(f, Field::Product),
        });
    }

    let export_date = window::settle(mapping, date_format.0, &footer, dated, &mut notes)?;
    window::drop_after(export_date, &mut opportunities, &mut problems);
    let mut open_stages: BTreeMap<String, usize> = BTreeMap::new();
    let mut no_created_open = 0usize;
    for o in opportunities.iter().filter(|o| o.outcome == Outcome::Open) {
        *open_stages.entry(o.stage.clone()).or_default() += 1;
        no_created_open += o.created.is_none() as usize;
    }
    let recognised: Vec<String> = cols
        .iter()
        .filter(|(_, (_, auto))| *auto)
        .map(|(f, (i, _))| format!("{} = \"{}\"", f.name(), headers[*i]))
        .collect();
    if !recognised.is_empty() {
        notes.push(format!("columns recognised: {}", recognised.join(", ")));
    }
    // Amounts taken from a second column where the first is empty (Dynamics: "Est. Revenue"
    // where "Actual Revenue" is empty) are named, with how many.
    if let (Some((first, _)), Some(&second)) =
        (cols.get(&Field::Amount), fallback[&Field::Amount].first())
    {
        let taken = rows
            .iter()
            .enumerate()
            .filter(|(k, (_, f))| {
                !folded.skip.contains(k)
                    && f.get(*first).is_none_or(String::is_empty)
                    && f.get(second).is_some_and(|t| !t.is_empty())
            })
            .count();
        if taken > 0 {
            notes.push(format!(
                "{taken} rows have no \"{}\": their \"{}\" is read as the amount (name the amount column in [columns] to read only one)",
                headers[*first], headers[second]
            ));
        }
    }
    if let Some(main) = &currency
        && !converted.is_empty()
    {
        notes.push(format!(
            "amounts converted into {main} with the mapping's [rates]: {}",
            converted
                .iter()
                .map(|(c, n)| format!("{n} rows in {c} at {}", mapping.rates[c]))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(note) = folded.note {
        notes.push(note);
    }
    if !cols.contains_key(&Field::Id) {
        notes.push(match &folded.key_columns {
            Some(by) => format!(
                "no id column: product lines are told apart by {by}, the owner and the created date; each other row is an opportunity of its own, and duplicates cannot be found"
            ),
            None => "no id column: opportunities are numbered by row, and duplicates cannot be found"
                .to_string(),
        });
    }
    if mapping.date_format.is_none() {
        notes.push(format!(
            "dates read as {} ({})",
            date_format.0.name(),
            date_format.1
        ));
    }
    let readings = |how: &str, read: Vec<(&String, bool, usize)>| {
        let list: Vec<String> = read
            .iter()
            .map(|(s, won, n)| format!("\"{s}\" → {} ({n})", if *won { "won" } else { "lost" }))
            .collect();
        format!(
            "stages read {how}; list them under [stages] to change): {}",
            list.join(", ")
        )
    };
    if !by_word.is_empty() {
        notes.push(readings(
            "by the word rule (a label with the whole word won/vunnen/vunnet is won, lost/förlorad/förlorat is lost",
            by_word.iter().map(|((s, won), n)| (s, *won, *n)).collect(),
        ));
    }
    if let Some(col) = probability_col
        && !by_probability.is_empty()
    {
        notes.push(readings(
            &format!("from \"{col}\" (every row 100 % is won, every row 0 % is lost"),
            by_probability
                .iter()
                .map(|(s, (o, n))| (s, *o == Outcome::Won, *n))
                .collect(),
        ));
    }
    if !open_stages.is_empty() && mapping.open.is_none() {
        notes.push(format!(
            "stages read as open: {}",
            open_stages
                .iter()
                .map(|(s, n)| format!("\"{s}\" ({n})"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let footer_note = |lines: &[(usize, String)], of: &str| {
        let list: Vec<String> = lines
            .iter()
            .map(|(l, t)| format!("row {l} \"{t}\""))
            .collect();
        format!(
            "{} footer lines at the end of {of} left out as not {}: {}",
            lines.len(),
            if of == "the file" {
                "opportunities"
            } else {
                "owners"
            },
            list.join(", ")
        )
    };
    if !footer.is_empty() {
        notes.push(footer_note(&footer, "the file"));
    }
    if no_created_open > 0 {
        notes.push(format!(
            "{no_created_open} open opportunities have no created date: they count in the open pipeline, not in opportunities created per week"
        ));
    }
    if let Some(t) = teams
        && !t.footer.is_empty()
    {
        notes.push(footer_note(&t.footer, "the teams file"));
    }
    if let Some(t) = teams {
        let without = opportunities
            .iter()
            .filter(|o| o.team.is_none())
            .map(|o| o.owner.as_str())
            .collect::<std::collections::BTreeSet<_>>();
        if !without.is_empty() {
            notes.push(format!(
                "{} owners are not in the teams file ({} → {}): {}",
                without.len(),
                t.columns.0,
                t.columns.1,
                without.into_iter().take(5).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    Ok(Export {
        file: file.to_string(),
        rows: rows.len() - folded.skip.len(),
        opportunities,
        problems,
        columns: cols
            .iter()
            .map(|(f, (i, auto))| (*f, (headers[*i].clone(), *auto)))
            .collect(),
        date_format,
        decimal_mark,
        export_date,
        currency,
        open_stages,
        notes,
    })
}
