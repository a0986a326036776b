//! Dates of a CRM export: the numeric formats exports use (ISO, US m/d/Y, European d/m/Y and
//! d.m.Y, two-digit years in any of these orders and year first `yy-mm-dd`, Excel serial
//! numbers) and dates that name their month in English or Swedish (`14-Mar-2024`,
//! `Mar 14, 2024`, `14 mars 2024`). The order of numeric dates is settled from the whole
//! column set rather than row by row, so that `03/04/17` is read the same way in every row. A
//! file whose dates fit more than one order is refused, naming a row, unless the mapping says
//! which order it uses.

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
    /// Two-digit year first (`17-03-04`), as some Nordic and Japanese systems write.
    ShortYmd,
    /// The month named in words (`14-Mar-2024`, `Mar 14, 2024`, `14 mars 2024`).
    MonthName,
}

impl DateFormat {
    /// The name used in mapping files and messages.
    pub fn name(self) -> &'static str {
        match self {
            DateFormat::Ymd => "Y-m-d",
            DateFormat::Mdy => "m/d/Y",
            DateFormat::Dmy => "d/m/Y",
            DateFormat::ExcelSerial => "excel",
            DateFormat::ShortYmd => "y-m-d",
            DateFormat::MonthName => "d Mon Y",
        }
    }

    /// The format of a mapping file's `date_format` value (several spellings accepted).
    pub fn from_name(name: &str) -> Option<DateFormat> {
        // A lower-case `y` alone is a two-digit year (`y-m-d`, `yy-mm-dd`); `Y` and `yyyy` four.
        let trimmed = name.trim();
        if matches!(
            trimmed,
            "y-m-d" | "y/m/d" | "y.m.d" | "yy-mm-dd" | "yy/mm/dd" | "yy.mm.dd"
        ) {
            return Some(DateFormat::ShortYmd);
        }
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
            "yymmdd" => Some(DateFormat::ShortYmd),
            "dmonymonthname" | "monthname" | "dmony" | "ddmonyyyy" => Some(DateFormat::MonthName),
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

/// Month names and abbreviations, English and Swedish, lower case, with their month.
const MONTHS: [(&str, u32); 33] = [
    ("jan", 1),
    ("january", 1),
    ("januari", 1),
    ("feb", 2),
    ("february", 2),
    ("februari", 2),
    ("mar", 3),
    ("march", 3),
    ("mars", 3),
    ("apr", 4),
    ("april", 4),
    ("may", 5),
    ("maj", 5),
    ("jun", 6),
    ("june", 6),
    ("juni", 6),
    ("jul", 7),
    ("july", 7),
    ("juli", 7),
    ("aug", 8),
    ("august", 8),
    ("augusti", 8),
    ("sep", 9),
    ("sept", 9),
    ("september", 9),
    ("oct", 10),
    ("okt", 10),
    ("october", 10),
    ("oktober", 10),
    ("nov", 11),
    ("november", 11),
    ("dec", 12),
    ("december", 12),
];

/// A date that names its month: day, month and year (`14-Mar-2024`, `14 Mar 2024`,
/// `14 mars 2024`, `14. mars 2024`), month, day and year (`Mar 14, 2024`), or year, month and
/// day (`2024-Mar-14`); a two-digit year is read as 2000–2099, a time of day after the date
/// is cut off. The month named settles the order, so these dates are never ambiguous.
fn parse_named(text: &str) -> Option<Date> {
    let lower = text.trim().to_lowercase();
    let tokens: Vec<&str> = lower
        .split([' ', '-', '/', ',', '.'])
        .filter(|t| !t.is_empty())
        .take(3)
        .collect();
    if tokens.len() != 3 {
        return None;
    }
    let month_at = tokens
        .iter()
        .position(|t| t.chars().all(char::is_alphabetic))?;
    let month = MONTHS.iter().find(|(n, _)| *n == tokens[month_at])?.1;
    let num = |t: &str| -> Option<(u32, usize)> {
        if t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some((t.parse().ok()?, t.len()))
    };
    let (day, yr) = match month_at {
        // 14 Mar 2024
        1 => (num(tokens[0])?, num(tokens[2])?),
        // Mar 14, 2024
        0 => (num(tokens[1])?, num(tokens[2])?),
        // 2024-Mar-14
        _ if tokens[0].len() == 4 => (num(tokens[1])?, num(tokens[0])?),
        _ => return None,
    };
    if day.1 > 2 {
        return None;
    }
    Date::ymd(year(yr.0, yr.1)?, month, day.0)
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
    if format == DateFormat::MonthName {
        return parse_named(text);
    }
    let Some((f, w)) = fields(text) else {
        // A date that names its month reads the same in every order.
        return parse_named(text);
    };
    match format {
        DateFormat::Ymd if w[0] == 4 => Date::ymd(f[0] as i32, f[1], f[2]),
        DateFormat::ShortYmd if w[0] == 2 && w[1] <= 2 && w[2] <= 2 => {
            Date::ymd(year(f[0], 2)?, f[1], f[2])
        }
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
    /// Every date fits more than one order, and they read some date differently.
    Ambiguous {
        /// A row whose date reads differently in the orders left.
        row: usize,
        /// Its text.
        text: String,
        /// The orders that read every date (US, European, two-digit year first).
        orders: Vec<DateFormat>,
    },
    /// No one order reads every date: some read only in the US order, others only in
    /// another.
    Mixed {
        /// A row that no order but m/d/Y reads, or one d/m/Y cannot read, with its text.
        us: (usize, String),
        /// A row that m/d/Y cannot read, with its text.
        european: (usize, String),
    },
    /// There are no dates at all.
    Empty,
}

/// The longest span of dates, in calendar years, an export is taken to cover when the span
/// decides the order of two-digit-year dates.
const MAX_SPAN_YEARS: i32 = 10;

/// The orders of numeric dates without a four-digit year first, in order of preference.
const ORDERS: [DateFormat; 3] = [DateFormat::Dmy, DateFormat::Mdy, DateFormat::ShortYmd];

/// Settle the date format of a file from all its date texts (row number, text), empty texts
/// left out. Texts no format reads are left for the caller to report by row. ISO dates are
/// recognised by their four-digit year first and dates that name their month by the name;
/// the order of the others (d/m/Y, m/d/Y, and with a two-digit year also yy-mm-dd) from
/// evidence in any row: a field that cannot be a month (above 12) or a day (above 31, or past
/// the month's end) rules an order out, and so does a reading that spreads the dates over more
/// than ten years when another order keeps them within ten. When two orders are left, dots as separators settle
/// it for the European `d.m.Y` (no country writes `m.d.Y`); otherwise a date the orders left
/// read differently makes the file ambiguous.
pub fn detect<'a>(dates: impl IntoIterator<Item = (usize, &'a str)> + Clone) -> Detected {
    let mut any = false;
    let mut serial_ok = true;
    let mut iso_seen = false;
    let mut named_seen = false;
    // Each numeric date that is not ISO, with its readings in the three orders.
    let mut numeric: Vec<(usize, &str, [Option<Date>; 3])> = Vec::new();
    for (row, text) in dates.clone() {
        any = true;
        serial_ok &= parse(text, DateFormat::ExcelSerial).is_some();
        if fields(text).is_none() {
            named_seen |= parse_named(text).is_some();
            continue;
        }
        if parse(text, DateFormat::Ymd).is_some() {
            iso_seen = true;
            continue;
        }
        let readings = ORDERS.map(|f| parse(text, f));
        if readings.iter().any(Option::is_some) {
            numeric.push((row, text, readings));
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
    if numeric.is_empty() {
        return if iso_seen {
            Detected::Format {
                format: DateFormat::Ymd,
                evidence: "every date is written year first (ISO)".to_string(),
            }
        } else if named_seen {
            Detected::Format {
                format: DateFormat::MonthName,
                evidence: "every date names its month".to_string(),
            }
        } else {
            Detected::Empty
        };
    }
    // The first row that rules each order out.
    let mut ruled_out: [Option<(usize, &str)>; 3] = [None; 3];
    for (row, text, readings) in &numeric {
        for k in 0..3 {
            if readings[k].is_none() {
                ruled_out[k].get_or_insert((*row, *text));
            }
        }
    }
    let mut left: Vec<usize> = (0..3).filter(|&k| ruled_out[k].is_none()).collect();
    let (row, text, _) = numeric[0];
    let mut why: [Option<String>; 3] = [None, None, None];
    // Dates that span more than MAX_SPAN_YEARS in one order but not in another rule the
    // first out: a two-digit field read as the year when it is a day puts the dates decades
    // apart (`24-03-15` … `24-09-28` read as d-m-y span 2015–2028).
    if left.len() > 1 {
        let span = |k: usize| {
            let first = numeric
                .iter()
                .filter_map(|(r, t, rd)| rd[k].map(|d| (d, *r, *t)));
            let lo = first.clone().min_by_key(|x| x.0);
            let hi = first.max_by_key(|x| x.0);
            lo.zip(hi)
        };
        let years = |k: usize| span(k).map_or(0, |(lo, hi)| hi.0.civil().0 - lo.0.civil().0);
        if left.iter().any(|&k| years(k) <= MAX_SPAN_YEARS) {
            for &k in &left {
                if years(k) > MAX_SPAN_YEARS
                    && let Some((lo, hi)) = span(k)
                {
                    why[k] = Some(format!(
                        "as {} row {}: {} would be {} and row {}: {} {}, more than {MAX_SPAN_YEARS} years apart",
                        ORDERS[k].name(),
                        lo.1,
                        lo.2,
                        lo.0,
                        hi.1,
                        hi.2,
                        hi.0
                    ));
                }
            }
            left.retain(|&k| why[k].is_none());
        }
    }
    let why = |k: usize| {
        why[k].clone().unwrap_or_else(|| {
            let (r, t) = ruled_out[k].unwrap_or((row, text));
            format!("row {r}: {t} cannot be {}", ORDERS[k].name())
        })
    };
    match left.as_slice() {
        [] => {
            let us = ruled_out[0].unwrap_or((row, text));
            let eu = ruled_out[1].unwrap_or((row, text));
            Detected::Mixed {
                us: (us.0, us.1.to_string()),
                european: (eu.0, eu.1.to_string()),
            }
        }
        [k] => {
            let others: Vec<usize> = (0..3).filter(|o| o != k).collect();
            // Orders never in play (year first needs a two-digit year) are not worth naming.
            let shown: Vec<String> = others
                .iter()
                .filter(|&&o| {
                    numeric
                        .iter()
                        .any(|(_, t, _)| fields(t).is_some_and(|(_, w)| w[2] <= 2))
                        || o != 2
                })
                .map(|&o| why(o))
                .collect();
            let evidence = match *k {
                0 if shown.len() == 1 => {
                    let (r, t) = ruled_out[1].unwrap_or((row, text));
                    format!("row {r}: {t} has a day above 12 in the first field")
                }
                1 if shown.len() == 1 => {
                    let (r, t) = ruled_out[0].unwrap_or((row, text));
                    format!("row {r}: {t} has a day above 12 in the second field")
                }
                _ => shown.join("; "),
            };
            Detected::Format {
                format: ORDERS[*k],
                evidence,
            }
        }
        several => {
            let dots = numeric
                .iter()
                .find(|(_, t, _)| t.split(' ').next().unwrap_or("").contains('.'));
            if let (Some((r, t, _)), true) = (dots, several.contains(&0)) {
                return Detected::Format {
                    format: DateFormat::Dmy,
                    evidence: format!("row {r}: {t} uses dots, the European d.m.Y"),
                };
            }
            let differs = numeric
                .iter()
                .find(|(_, _, rd)| several.iter().any(|&a| rd[a] != rd[several[0]]));
            match differs {
                Some((r, t, _)) => Detected::Ambiguous {
                    row: *r,
                    text: t.to_string(),
                    orders: several.iter().map(|&k| ORDERS[k]).collect(),
                },
                None => Detected::Format {
                    format: ORDERS[several[0]],
                    evidence: "every date reads the same in every order".to_string(),
                },
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
        assert_eq!(
            parse("4 March 2017", DateFormat::Dmy),
            d,
            "the month is named"
        );
        assert_eq!(parse("4 Marsch 2017", DateFormat::Dmy), None);
        assert_eq!(parse("17-03-04", DateFormat::ShortYmd), d);
        assert_eq!(parse("2017-03-04", DateFormat::ShortYmd), None);
        assert_eq!(
            DateFormat::from_name("yy-mm-dd"),
            Some(DateFormat::ShortYmd)
        );
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
                text: "1/2/2017".into(),
                orders: vec![DateFormat::Dmy, DateFormat::Mdy]
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
