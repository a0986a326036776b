//! Money amounts of a CRM export as people and spreadsheets write them: `1,234.50`,
//! `1 234,50`, `1.234,50`, `$1,234`, `SEK 12 000`, `12000 kr`, `(1,234)`. The decimal mark is
//! settled once per file (a `1,234` reads as a thousand in one file and as 1.234 in another),
//! and a currency written beside the number is kept, so that mixed currencies are found.

/// The decimal mark of a file's amounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecimalMark {
    /// `1,234.50`: point for decimals, comma (or space) between thousands.
    Point,
    /// `1 234,50` or `1.234,50`: comma for decimals, space or point between thousands.
    Comma,
}

/// An amount split into its number text and the currency written beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct RawAmount {
    /// Digits, separators and sign only.
    pub number: String,
    /// A currency code or symbol written beside the number, upper-cased (`SEK`, `$`, `KR`).
    pub currency: Option<String>,
    /// Written in accounting brackets `(1,234)`: negative.
    pub negative: bool,
}

/// Split `text` into number and currency. `None` when there is no digit at all.
pub fn split(text: &str) -> Option<RawAmount> {
    let t = text.trim();
    if !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let (t, negative) = match t.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        Some(inner) => (inner.trim(), true),
        None => (t, false),
    };
    let mut number = String::new();
    let mut currency = String::new();
    for c in t.chars() {
        match c {
            '0'..='9' | ',' | '.' | '-' | '+' => number.push(c),
            // The typographic minus some spreadsheets write.
            '\u{2212}' => number.push('-'),
            // Spaces, no-break and thin spaces, apostrophes (Swiss) between thousands.
            ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '_' => number.push(' '),
            '$' | '€' | '£' | '¥' => currency.push(c),
            c if c.is_alphabetic() => currency.extend(c.to_uppercase()),
            _ => return None,
        }
    }
    let number: String = number.trim().to_string();
    Some(RawAmount {
        number,
        currency: (!currency.is_empty()).then_some(currency),
        negative,
    })
}

/// Currency names some CRMs write instead of codes (Dynamics writes "Pound Sterling"),
/// normalised (lower case, letters only), with their ISO 4217 codes.
const CURRENCY_NAMES: [(&str, &str); 34] = [
    ("poundsterling", "GBP"),
    ("britishpound", "GBP"),
    ("britishpoundsterling", "GBP"),
    ("usdollar", "USD"),
    ("unitedstatesdollar", "USD"),
    ("amerikanskdollar", "USD"),
    ("euro", "EUR"),
    ("euros", "EUR"),
    ("swedishkrona", "SEK"),
    ("swedishkronor", "SEK"),
    ("svenskkrona", "SEK"),
    ("svenskakronor", "SEK"),
    ("kronor", "SEK"),
    ("norwegiankrone", "NOK"),
    ("norskkrone", "NOK"),
    ("norskakronor", "NOK"),
    ("danishkrone", "DKK"),
    ("danskkrone", "DKK"),
    ("danskakronor", "DKK"),
    ("swissfranc", "CHF"),
    ("japaneseyen", "JPY"),
    ("canadiandollar", "CAD"),
    ("australiandollar", "AUD"),
    ("newzealanddollar", "NZD"),
    ("singaporedollar", "SGD"),
    ("hongkongdollar", "HKD"),
    ("mexicanpeso", "MXN"),
    ("polishzloty", "PLN"),
    ("polishzłoty", "PLN"),
    ("indianrupee", "INR"),
    ("chineseyuan", "CNY"),
    ("chineseyuanrenminbi", "CNY"),
    ("southafricanrand", "ZAR"),
    ("brazilianreal", "BRL"),
];

/// A currency as written in a currency column or a mapping, as the label a scenario uses:
/// a known currency name as its ISO code ("Pound Sterling" → `GBP`), anything else upper-cased
/// and trimmed.
pub fn currency_label(text: &str) -> String {
    let letters: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphabetic())
        .collect();
    CURRENCY_NAMES
        .iter()
        .find(|(name, _)| *name == letters)
        .map_or_else(
            || text.trim().to_uppercase(),
            |(_, code)| (*code).to_string(),
        )
}

/// Whether two currencies as written beside amounts or in a currency column are the same:
/// equal, or a symbol and a code it stands for (`$` and `USD`, `CAD`, `AUD`; `€` and `EUR`;
/// `KR` and `SEK`, `NOK`, `DKK`), since one export may write both.
pub fn same_currency(a: &str, b: &str) -> bool {
    let codes = |symbol: &str| -> &'static [&'static str] {
        match symbol {
            "$" | "US$" => &["USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"],
            "€" => &["EUR"],
            "£" => &["GBP"],
            "¥" => &["JPY", "CNY"],
            "KR" | "KR." => &["SEK", "NOK", "DKK", "ISK"],
            _ => &[],
        }
    };
    a == b || codes(a).contains(&b) || codes(b).contains(&a)
}

/// What an amount's separators say about the decimal mark: `Some(mark)` when they can be read
/// only one way (`1,234.50`, `1.234,50`, `12,5`, `1,234,567`), `None` when either reading works
/// (`1,234`, `1234`).
pub fn evidence(number: &str) -> Option<DecimalMark> {
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let last_comma = number.rfind(',');
    let last_point = number.rfind('.');
    match (last_comma, last_point) {
        (Some(c), Some(p)) => Some(if c > p {
            DecimalMark::Comma
        } else {
            DecimalMark::Point
        }),
        (Some(c), None) => {
            let after = &number[c + 1..];
            if number.matches(',').count() > 1 {
                Some(DecimalMark::Point)
            } else if after.len() != 3 && digits_only(after) {
                Some(DecimalMark::Comma)
            } else if number.contains(' ') && after.len() == 3 {
                // `1 234,567` is odd either way; leave it to other rows.
                None
            } else {
                None
            }
        }
        (None, Some(p)) => {
            let after = &number[p + 1..];
            if number.matches('.').count() > 1 {
                Some(DecimalMark::Comma)
            } else if after.len() != 3 && digits_only(after) {
                Some(DecimalMark::Point)
            } else {
                None
            }
        }
        (None, None) => None,
    }
}

/// The number of an amount's number text with a known decimal mark; `None` when it is not a
/// number (two decimal marks, a sign in the middle, …).
pub fn parse(number: &str, mark: DecimalMark) -> Option<f64> {
    let (decimal, thousands) = match mark {
        DecimalMark::Point => ('.', ','),
        DecimalMark::Comma => (',', '.'),
    };
    let mut s = String::with_capacity(number.len());
    let mut seen_decimal = false;
    for (i, c) in number.chars().enumerate() {
        match c {
            ' ' => {}
            c if c == thousands => {
                if seen_decimal {
                    return None;
                }
            }
            c if c == decimal => {
                if seen_decimal {
                    return None;
                }
                seen_decimal = true;
                s.push('.');
            }
            '-' | '+' if i == 0 => s.push(c),
            '0'..='9' => s.push(c),
            _ => return None,
        }
    }
    let v: f64 = s.parse().ok()?;
    v.is_finite().then_some(v)
}

/// Settle the decimal mark of a file from its amounts' number texts: the mark every
/// unambiguous text agrees on; `Err((first row for Point, first row for Comma))` when rows
/// disagree; `Point` when no text decides (then `1,234` is a thousand, as most exports write).
pub fn detect<'a>(
    numbers: impl IntoIterator<Item = (usize, &'a str)>,
) -> Result<DecimalMark, (usize, usize)> {
    let mut point = None;
    let mut comma = None;
    for (row, n) in numbers {
        match evidence(n) {
            Some(DecimalMark::Point) => {
                point.get_or_insert(row);
            }
            Some(DecimalMark::Comma) => {
                comma.get_or_insert(row);
            }
            None => {}
        }
    }
    match (point, comma) {
        (Some(p), Some(c)) => Err((p, c)),
        (None, Some(_)) => Ok(DecimalMark::Comma),
        _ => Ok(DecimalMark::Point),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(text: &str, mark: DecimalMark) -> Option<f64> {
        let raw = split(text)?;
        parse(&raw.number, mark).map(|v| if raw.negative { -v } else { v })
    }

    #[test]
    fn amounts_as_people_write_them() {
        use DecimalMark::*;
        assert_eq!(amount("1,234.50", Point), Some(1234.5));
        assert_eq!(amount("1 234,50", Comma), Some(1234.5));
        assert_eq!(amount("1.234,50", Comma), Some(1234.5));
        assert_eq!(amount("$1,234", Point), Some(1234.0));
        assert_eq!(amount("(1,234)", Point), Some(-1234.0));
        assert_eq!(amount("-250", Point), Some(-250.0));
        assert_eq!(amount("62\u{a0}000 kr", Comma), Some(62000.0));
        assert_eq!(amount("12,5", Comma), Some(12.5));
        assert_eq!(amount("1.2.3", Point), None);
        assert_eq!(amount("12-5", Point), None);
        assert_eq!(amount("n/a", Point), None);
        let raw = split("SEK 12 000").unwrap();
        assert_eq!(raw.currency.as_deref(), Some("SEK"));
        assert_eq!(split("€1.234,50").unwrap().currency.as_deref(), Some("€"));
        assert_eq!(split("12000").unwrap().currency, None);
        assert_eq!(amount("\u{2212}500", Point), Some(-500.0));
        assert!(same_currency("$", "USD") && same_currency("SEK", "KR"));
        assert!(!same_currency("$", "EUR") && !same_currency("SEK", "NOK"));
        assert_eq!(currency_label("Pound Sterling"), "GBP");
        assert_eq!(currency_label("Svenska kronor"), "SEK");
        assert_eq!(currency_label(" usd "), "USD");
        assert_eq!(currency_label("Bitcoin"), "BITCOIN");
    }

    #[test]
    fn the_decimal_mark_is_settled_by_the_file() {
        use DecimalMark::*;
        assert_eq!(evidence("1,234"), None);
        assert_eq!(evidence("1,234.5"), Some(Point));
        assert_eq!(evidence("1.234,5"), Some(Comma));
        assert_eq!(evidence("12,5"), Some(Comma));
        assert_eq!(evidence("1,234,567"), Some(Point));
        assert_eq!(evidence("1.234.567"), Some(Comma));
        assert_eq!(detect([(2, "1,234"), (3, "99,50")]), Ok(Comma));
        assert_eq!(detect([(2, "1,234"), (3, "99.50")]), Ok(Point));
        assert_eq!(detect([(2, "1,234"), (3, "1000")]), Ok(Point));
        assert_eq!(
            detect([(2, "1,234.5"), (3, "9,5"), (4, "7.25")]),
            Err((2, 3))
        );
    }
}
