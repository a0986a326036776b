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

/// Written as its code (`"sv"`), as a scenario's `[report] lang` reads it.
impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
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

    /// A number with `digits` decimals and grouped thousands (the one formatter,
    /// [`format::Numbers::number`]): "3,073" / "3 073", a true minus, "–" when not finite.
    pub fn number(self, x: f64, digits: usize) -> String {
        self.numbers().number(x, digits)
    }

    /// A number with an explicit sign (`+14.4`, `−7.0`, `±0.0`).
    pub fn signed(self, x: f64, digits: usize) -> String {
        self.numbers().signed(x, digits)
    }

    /// A percentage of a number already in percent: `14.4` → "14.4 %" / "14,4 %".
    pub fn percent(self, x: f64, digits: usize) -> String {
        self.numbers().percent(x, digits)
    }

    /// A share in [0, 1] as a percentage: `0.91` → "91 %" / "91 %".
    pub fn share(self, x: f64, digits: usize) -> String {
        self.numbers().share(x, digits)
    }

    /// Money in a readable unit ([`format::Numbers::money`]): "62,000 SEK", "82.4 MSEK" /
    /// "62 000 kr", "82,4 MSEK".
    pub fn money(self, x: f64, currency: &str) -> String {
        self.numbers().money(x, currency)
    }

    /// A figure in a metric's unit ([`format::Numbers::quantity`]).
    pub fn quantity(self, x: f64, unit: &str, currency: &str) -> String {
        self.numbers().quantity(x, unit, currency)
    }

    /// Fill the `{}` slots of this language's template in order: one sentence written
    /// once per language with the same arguments, without a `match` of two `format!`s.
    /// `lang.fill(("{} vs {}", "{} mot {}"), &[&a, &b])`.
    pub fn fill(self, templates: (&str, &str), args: &[&dyn std::fmt::Display]) -> String {
        let template = self.t(templates.0, templates.1);
        let mut out = String::with_capacity(template.len() + 16 * args.len());
        let mut rest = template;
        let mut args = args.iter();
        while let Some(at) = rest.find("{}") {
            out.push_str(&rest[..at]);
            match args.next() {
                Some(a) => out.push_str(&a.to_string()),
                None => out.push_str("{}"),
            }
            rest = &rest[at + 2..];
        }
        out.push_str(rest);
        debug_assert!(
            args.next().is_none(),
            "more arguments than slots in `{template}`"
        );
        out
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
        assert_eq!(l.signed(-7.0, 1), "\u{2212}7.0");
        assert_eq!(l.signed(-0.01, 1), "\u{b1}0.0");
        assert_eq!(l.share(0.91, 0), "91\u{a0}%");
        assert_eq!(l.money(82_400_000.0, "SEK"), "82.4\u{a0}MSEK");
        assert_eq!(l.number(f64::NAN, 1), "\u{2013}");
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
        assert_eq!(l.money(-1_500.0, "SEK"), "\u{2212}1\u{a0}500\u{a0}kr");
        assert_eq!(l.number(f64::INFINITY, 1), "\u{2013}");
    }

    #[test]
    fn fill_puts_arguments_in_order() {
        let t = ("{} vs {} ({}%)", "{} mot {} ({} %)");
        assert_eq!(Lang::En.fill(t, &[&"a", &"b", &3]), "a vs b (3%)");
        assert_eq!(Lang::Sv.fill(t, &[&"a", &"b", &3]), "a mot b (3 %)");
        assert_eq!(Lang::En.fill(("no slots", "inga"), &[]), "no slots");
    }

    #[test]
    fn languages_parse() {
        assert_eq!("sv".parse::<Lang>(), Ok(Lang::Sv));
        assert_eq!("EN".parse::<Lang>(), Ok(Lang::En));
        assert!("de".parse::<Lang>().is_err());
    }
}
