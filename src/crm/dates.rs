//! Dates of a CRM export: the numeric formats exports use (ISO, US m/d/Y, European d/m/Y and
//! d.m.Y, Excel serial numbers), detected from the whole column set rather than row by row, so
//! that `03/04/2017` is read the same way in every row. A file whose dates fit both the US and
//! the European order is refused, naming a row, unless the mapping says which order it uses.

use std::fmt;

/// A calendar day, as days since 1970-01-01 (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub i32);

/// Days since 1970-01-01 of a civil date (the algorithm of H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The date of year `y`, month `m` (1–12) and day `d`, if it exists.
    pub fn ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m))
            .then(|| Date(days_from_civil(y, m, d)))
    }

    /// Year, month and day.
    pub fn civil(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        (if m <= 2 { y + 1 } else { y }, m, d)
    }

    /// Weeks from `self` to `later` (fractional).
    pub fn weeks_until(self, later: Date) -> f64 {
        f64::from(later.0 - self.0) / 7.0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.civil();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// The order of the fields of a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateFormat {
    /// Year, month, day (`2017-03-04`, `2017/03/04`): ISO 8601 and its relatives.
    Ymd,
    /// Month, day, year (`3/4/2017`): the US habit.
    Mdy,
    /// Day, month, year (`4/3/2017`, `4.3.2017`, `04-03-2017`): the European habit.
    Dmy,
    /// Excel serial day numbers (`42798` = 2017-03-04), as some spreadsheets export dates.
    ExcelSerial,
}

impl DateFormat {
    /// The name used in mapping files and messages.
    pub fn name(self) -> &'static str {
        match self {
            DateFormat::Ymd => "Y-m-d",
            DateFormat::Mdy => "m/d/Y",
            DateFormat::Dmy => "d/m/Y",
            DateFormat::ExcelSerial => "excel",
        }
    }

    /// The format of a mapping file's `date_format` value (several spellings accepted).
    pub fn from_name(name: &str) -> Option<DateFormat> {
        let n: String = name
            .to_ascii_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .collect();
        match n.as_str() {
            "ymd" | "yyyymmdd" | "iso" => Some(DateFormat::Ymd),
            "mdy" | "mmddyyyy" | "mdyyyy" | "us" => Some(DateFormat::Mdy),
            "dmy" | "ddmmyyyy" | "dmyyyy" | "eu" | "european" => Some(DateFormat::Dmy),
            "excel" | "serial" | "excelserial" => Some(DateFormat::ExcelSerial),
            _ => None,
        }
    }
}

/// The three numeric fields of a date text, with the time of day (if any) cut off. `None`
/// when the text is not three numbers separated by `-`, `/` or `.`.
fn fields(text: &str) -> Option<([u32; 3], [usize; 3])> {
    let t = text.trim();
    // Cut a time of day: `2017-03-04 10:23`, `2017-03-04T10:23:00Z`, `3/4/2017 10:23 AM`.
    let date_part = t.split([' ', 'T']).next()?;
    let mut out = [0u32; 3];
    let mut widths = [0usize; 3];
    let mut n = 0;
    for part in date_part.split(['-', '/', '.']) {
        if n == 3 || part.is_empty() || part.len() > 4 || !part.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        out[n] = part.parse().ok()?;
        widths[n] = part.len();
        n += 1;
    }
    (n == 3).then_some((out, widths))
}

/// A two-digit year read as 2000–2099 (CRM data is recent); four digits as written.
fn year(value: u32, width: usize) -> Option<i32> {
    match width {
        2 => Some(2000 + value as i32),
        4 => Some(value as i32),
        _ => None,
    }
}

/// Parse `text` in `format`; `None` when it is not a valid date of that format.
pub fn parse(text: &str, format: DateFormat) -> Option<Date> {
    if format == DateFormat::ExcelSerial {
        // Five digits, optionally a fraction of the day: 42798 or 42798.5.
        let t = text.trim();
        let (whole, frac) = t.split_once('.').unwrap_or((t, "0"));
        if whole.len() != 5
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let serial: i32 = whole.parse().ok()?;
        // Day 25 569 is 1970-01-01 (Excel's 1900 system, after its 1900-02-29).
        return Some(Date(serial - 25_569));
    }
    let (f, w) = fields(text)?;
    match format {
        DateFormat::Ymd if w[0] == 4 => Date::ymd(f[0] as i32, f[1], f[2]),
        DateFormat::Mdy if w[0] <= 2 && w[1] <= 2 => Date::ymd(year(f[2], w[2])?, f[0], f[1]),
        DateFormat::Dmy if w[0] <= 2 && w[1] <= 2 => Date::ymd(year(f[2], w[2])?, f[1], f[0]),
        _ => None,
    }
}

/// Parse `text` in `format`, accepting ISO `Y-m-d` in every format (exports that mix a
/// local format with ISO timestamps are common).
pub fn parse_lenient(text: &str, format: DateFormat) -> Option<Date> {
    parse(text, format).or_else(|| parse(text, DateFormat::Ymd))
}

/// How the date format of a file was settled.
#[derive(Clone, Debug, PartialEq)]
pub enum Detected {
    /// One format reads every date; `evidence` says why it was chosen.
    Format {
        /// The format.
        format: DateFormat,
        /// A short reason for the reader ("row 17: 13/02/2017 has a day above 12").
        evidence: String,
    },
    /// Every date fits both the US and the European order.
    Ambiguous {
        /// A row whose date reads differently in the two orders.
        row: usize,
        /// Its text.
        text: String,
    },
    /// Some dates read only in the US order, others only in the European one.
    Mixed {
        /// A row that reads only as m/d/Y, with its text.
        us: (usize, String),
        /// A row that reads only as d/m/Y, with its text.
        european: (usize, String),
    },
    /// There are no dates at all.
    Empty,
}

/// Settle the date format of a file from all its date texts (row number, text), empty texts
/// left out. Texts no format reads are left for the caller to report by row. ISO dates are recognised by their four-digit year first; the order of the others
/// from a day above 12 (European), a second field above 12 (US) or dots as separators
/// (European `d.m.Y`; no country writes `m.d.Y`).
pub fn detect<'a>(dates: impl IntoIterator<Item = (usize, &'a str)> + Clone) -> Detected {
    let mut any = false;
    let mut non_iso: Option<(usize, &str)> = None;
    let mut dmy_ok = true;
    let mut mdy_ok = true;
    let mut dmy_evidence: Option<(usize, &str)> = None;
    let mut mdy_evidence: Option<(usize, &str)> = None;
    let mut dots: Option<(usize, &str)> = None;
    let mut ambiguous: Option<(usize, &str)> = None;
    let mut serial_ok = true;
    let mut first_unreadable: Option<(usize, &str)> = None;
    let mut iso_seen = false;
    for (row, text) in dates.clone() {
        any = true;
        serial_ok &= parse(text, DateFormat::ExcelSerial).is_some();
        if parse(text, DateFormat::Ymd).is_some() {
            iso_seen = true;
            continue;
        }
        let d = parse(text, DateFormat::Dmy);
        let m = parse(text, DateFormat::Mdy);
        if d.is_none() && m.is_none() {
            first_unreadable.get_or_insert((row, text));
            continue;
        }
        non_iso.get_or_insert((row, text));
        if d.is_none() {
            dmy_ok = false;
            mdy_evidence.get_or_insert((row, text));
        }
        if m.is_none() {
            mdy_ok = false;
            dmy_evidence.get_or_insert((row, text));
        }
        if text.split(' ').next().unwrap_or("").contains('.') {
            dots.get_or_insert((row, text));
        }
        if d.is_some() && m.is_some() && d != m {
            ambiguous.get_or_insert((row, text));
        }
    }
    if !any {
        return Detected::Empty;
    }
    if serial_ok {
        let (row, text) = dates.into_iter().next().unwrap_or((0, ""));
        return Detected::Format {
            format: DateFormat::ExcelSerial,
            evidence: format!("every date is a whole number (row {row}: {text})"),
        };
    }
    if first_unreadable.is_some() && non_iso.is_none() && !iso_seen {
        return Detected::Empty;
    }
    let Some((row, text)) = non_iso else {
        return Detected::Format {
            format: DateFormat::Ymd,
            evidence: "every date is written year first (ISO)".to_string(),
        };
    };
    match (dmy_ok, mdy_ok) {
        (true, false) => {
            let (r, t) = dmy_evidence.unwrap_or((row, text));
            Detected::Format {
                format: DateFormat::Dmy,
                evidence: format!("row {r}: {t} has a day above 12 in the first field"),
            }
        }
        (false, true) => {
            let (r, t) = mdy_evidence.unwrap_or((row, text));
            Detected::Format {
                format: DateFormat::Mdy,
                evidence: format!("row {r}: {t} has a day above 12 in the second field"),
            }
        }
        (true, true) => {
            if let Some((r, t)) = dots {
                Detected::Format {
                    format: DateFormat::Dmy,
                    evidence: format!("row {r}: {t} uses dots, the European d.m.Y"),
                }
            } else if let Some((r, t)) = ambiguous {
                Detected::Ambiguous {
                    row: r,
                    text: t.to_string(),
                }
            } else {
                // Every date has day == month: both orders agree.
                Detected::Format {
                    format: DateFormat::Dmy,
                    evidence: "every date reads the same in both orders".to_string(),
                }
            }
        }
        (false, false) => {
            let us = mdy_evidence.unwrap_or((row, text));
            let eu = dmy_evidence.unwrap_or((row, text));
            Detected::Mixed {
                us: (us.0, us.1.to_string()),
                european: (eu.0, eu.1.to_string()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_and_known_days() {
        assert_eq!(Date::ymd(1970, 1, 1), Some(Date(0)));
        assert_eq!(Date::ymd(2000, 3, 1).unwrap().0, 11_017);
        assert_eq!(Date::ymd(2017, 2, 29), None);
        assert_eq!(Date::ymd(2016, 2, 29).unwrap().to_string(), "2016-02-29");
        for day in -800_000..800_000 {
            if day % 997 == 0 {
                let (y, m, d) = Date(day).civil();
                assert_eq!(Date::ymd(y, m, d), Some(Date(day)));
            }
        }
    }

    #[test]
    fn formats_parse_what_exports_write() {
        let d = Date::ymd(2017, 3, 4);
        assert_eq!(parse("2017-03-04", DateFormat::Ymd), d);
        assert_eq!(parse("2017-03-04T10:23:00Z", DateFormat::Ymd), d);
        assert_eq!(parse("2017/3/4 10:23", DateFormat::Ymd), d);
        assert_eq!(parse("3/4/2017", DateFormat::Mdy), d);
        assert_eq!(parse("03/04/17 10:23 AM", DateFormat::Mdy), d);
        assert_eq!(parse("4/3/2017", DateFormat::Dmy), d);
        assert_eq!(parse("04.03.2017", DateFormat::Dmy), d);
        assert_eq!(parse("42798", DateFormat::ExcelSerial), d);
        assert_eq!(parse("2017-03-04", DateFormat::Dmy), None);
        assert_eq!(parse_lenient("2017-03-04", DateFormat::Dmy), d);
        assert_eq!(
            parse("31/4/2017", DateFormat::Dmy),
            None,
            "30 days in April"
        );
        assert_eq!(parse("4 March 2017", DateFormat::Dmy), None);
        assert_eq!(DateFormat::from_name("d.m.Y"), Some(DateFormat::Dmy));
        assert_eq!(DateFormat::from_name("MM/DD/YYYY"), Some(DateFormat::Mdy));
        assert_eq!(DateFormat::from_name("ISO"), Some(DateFormat::Ymd));
    }

    fn fmt_of(dates: &[&str]) -> Detected {
        detect(dates.iter().enumerate().map(|(i, t)| (i + 2, *t)))
    }

    #[test]
    fn detection_uses_evidence_from_any_row() {
        assert!(matches!(
            fmt_of(&["2017-01-02", "2017-12-31"]),
            Detected::Format {
                format: DateFormat::Ymd,
                ..
            }
        ));
        match fmt_of(&["1/2/2017", "2/3/2017", "12/25/2017"]) {
            Detected::Format { format, evidence } => {
                assert_eq!(format, DateFormat::Mdy);
                assert!(evidence.contains("row 4"), "{evidence}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            fmt_of(&["1/2/2017", "25/12/2017"]),
            Detected::Format {
                format: DateFormat::Dmy,
                ..
            }
        ));
        assert!(matches!(
            fmt_of(&["01.02.2017", "03.04.2017"]),
            Detected::Format {
                format: DateFormat::Dmy,
                ..
            }
        ));
        assert_eq!(
            fmt_of(&["5/5/2017", "1/2/2017", "3/4/2017"]),
            Detected::Ambiguous {
                row: 3,
                text: "1/2/2017".into()
            }
        );
        assert_eq!(
            fmt_of(&["25/12/2017", "12/25/2017"]),
            Detected::Mixed {
                us: (3, "12/25/2017".into()),
                european: (2, "25/12/2017".into())
            }
        );
        assert!(matches!(
            fmt_of(&["2017-01-02", "soon"]),
            Detected::Format {
                format: DateFormat::Ymd,
                ..
            }
        ));
        assert_eq!(fmt_of(&["soon", "later"]), Detected::Empty);
        assert!(matches!(
            fmt_of(&["42798", "42800"]),
            Detected::Format {
                format: DateFormat::ExcelSerial,
                ..
            }
        ));
        assert_eq!(fmt_of(&[]), Detected::Empty);
    }
}
