//! Languages of human-facing output (a leaf: depends on nothing in the crate) and how numbers read in each: English ("12.4 MSEK", "3,073",
//! "14.4 %") and Swedish ("12,4 MSEK", "3 073" with a no-break space, "14,4 %", a real minus
//! sign). Pure: no I/O.

pub mod format;
pub mod labels;

/// No-break space: keeps a number and its unit (or the groups of a number) on one line.
pub const NBSP: char = '\u{a0}';

/// A language of the report and of the charts in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Swedish.
    Sv,
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(Lang::En),
            "sv" | "swedish" | "svenska" => Ok(Lang::Sv),
            other => Err(format!("unknown language `{other}` (use `en` or `sv`)")),
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl Lang {
    /// The ISO 639-1 code (`en`, `sv`), as used in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Sv => "sv",
        }
    }

    /// Pick the text of this language.
    pub fn t<'a>(self, en: &'a str, sv: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Sv => sv,
        }
    }

    fn decimal(self) -> char {
        match self {
            Lang::En => '.',
            Lang::Sv => ',',
        }
    }

    fn group(self) -> char {
        match self {
            Lang::En => ',',
            Lang::Sv => NBSP,
        }
    }

    fn minus(self) -> char {
        match self {
            Lang::En => '-',
            Lang::Sv => '\u{2212}',
        }
    }

    /// Turn a number written the Rust way (`-1234.5`) into this language's way, grouping the
    /// integer digits by three.
    fn localise(self, plain: &str) -> String {
        let (sign, rest) = match plain.strip_prefix('-') {
            Some(r) => (Some(self.minus()), r),
            None => match plain.strip_prefix('+') {
                Some(r) => (Some('+'), r),
                None => (None, plain),
            },
        };
        let (int, frac) = match rest.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (rest, None),
        };
        let mut out = String::with_capacity(plain.len() + 4);
        if let Some(s) = sign {
            out.push(s);
        }
        let digits: Vec<char> = int.chars().collect();
        let groupable = digits.iter().all(char::is_ascii_digit);
        for (i, c) in digits.iter().enumerate() {
            if groupable && i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(self.group());
            }
            out.push(*c);
        }
        if let Some(f) = frac {
            out.push(self.decimal());
            out.push_str(f);
        }
        out
    }

    /// A number with `digits` decimals and grouped thousands; "n/a" ("saknas") when not finite.
    pub fn number(self, x: f64, digits: usize) -> String {
        if !x.is_finite() {
            return self.na().into();
        }
        let plain = format::fixed(x, digits);
        // A value that rounds to zero reads "0.0", not "-0.0".
        let plain = match plain.strip_prefix('-') {
            Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
            _ => plain,
        };
        self.localise(&plain)
    }

    /// A number with an explicit sign (`+14.4`, `-7.0`).
    pub fn signed(self, x: f64, digits: usize) -> String {
        if !x.is_finite() {
            return self.na().into();
        }
        let s = self.number(x, digits);
        if s.starts_with(self.minus()) || s.starts_with('+') {
            s
        } else if s.chars().all(|c| c == '0' || c == self.decimal()) {
            format!("\u{b1}{s}")
        } else {
            format!("+{s}")
        }
    }

    /// A percentage of a number already in percent: `14.4` → "14.4 %".
    pub fn percent(self, x: f64, digits: usize) -> String {
        if !x.is_finite() {
            return self.na().into();
        }
        format!("{}{NBSP}%", self.number(x, digits))
    }

    /// A share in [0, 1] as a percentage: `0.91` → "91 %".
    pub fn share(self, x: f64, digits: usize) -> String {
        self.percent(x * 100.0, digits)
    }

    /// Money in a readable unit (see [`format::money`]): "82.4 MSEK" / "82,4 MSEK".
    pub fn money(self, x: f64, currency: &str) -> String {
        if !x.is_finite() {
            return self.na().into();
        }
        match self {
            // English money reads as in plain tables (no grouping of the scaled value).
            Lang::En => format::money(x, currency),
            Lang::Sv => {
                let (v, unit) = format::scaled_money(x);
                format!(
                    "{}{NBSP}{unit}{currency}",
                    self.localise(&format::fixed(v, 1))
                )
            }
        }
    }

    /// A figure in a metric's unit (as [`crate::metrics::MetricDef::unit`] spells it): money
    /// for "currency", a percentage for "%", a share in percent for "share", otherwise a
    /// plain number with 2 decimals.
    pub fn quantity(self, x: f64, unit: &str, currency: &str) -> String {
        match unit {
            "currency" => self.money(x, currency),
            "%" => self.percent(x, 1),
            "share" => self.share(x, 1),
            _ => self.number(x, 2),
        }
    }

    /// The word for a missing figure.
    pub fn na(self) -> &'static str {
        self.t("n/a", "saknas")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_numbers() {
        let l = Lang::En;
        assert_eq!(l.number(3073.0, 0), "3,073");
        assert_eq!(l.number(1234567.891, 2), "1,234,567.89");
        assert_eq!(l.signed(14.44, 1), "+14.4");
        assert_eq!(l.signed(-7.0, 1), "-7.0");
        assert_eq!(l.signed(-0.01, 1), "\u{b1}0.0");
        assert_eq!(l.percent(14.4, 1), "14.4\u{a0}%");
        assert_eq!(l.share(0.91, 0), "91\u{a0}%");
        assert_eq!(l.money(82_400_000.0, "SEK"), "82.4 MSEK");
        assert_eq!(l.number(f64::NAN, 1), "n/a");
    }

    #[test]
    fn swedish_numbers() {
        let l = Lang::Sv;
        assert_eq!(l.number(3073.0, 0), "3\u{a0}073");
        assert_eq!(l.number(999.5, 1), "999,5");
        assert_eq!(l.signed(14.44, 1), "+14,4");
        assert_eq!(l.signed(-7.0, 1), "\u{2212}7,0");
        assert_eq!(l.percent(-1.25, 2), "\u{2212}1,25\u{a0}%");
        assert_eq!(l.money(82_400_000.0, "SEK"), "82,4\u{a0}MSEK");
        assert_eq!(l.money(-1_500.0, "SEK"), "\u{2212}1,5\u{a0}kSEK");
        assert_eq!(l.number(f64::INFINITY, 1), "saknas");
    }

    #[test]
    fn languages_parse() {
        assert_eq!("sv".parse::<Lang>(), Ok(Lang::Sv));
        assert_eq!("EN".parse::<Lang>(), Ok(Lang::En));
        assert!("de".parse::<Lang>().is_err());
    }
}
