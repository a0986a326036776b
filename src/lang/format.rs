//! Numbers for people, one formatter per language ([`Numbers`], from [`Lang::numbers`]):
//! plain numbers, money in a sensible unit ("62 000 kr", "1,2 MSEK" / "62,000 SEK",
//! "1.2 MSEK"), percentages, percentage points, hours, counts with their noun and lists
//! joined with "och" / "and". Swedish groups thousands with a no-break space and writes a
//! decimal comma; both languages write a true minus sign (U+2212) and "–" for a missing
//! figure. [`MoneyAxis`] gives chart ticks one money unit for the whole axis.
//!
//! The free functions [`fixed`], [`signed`] and [`money`] are the older plain ASCII forms
//! (no grouping) of the terminal tables.

use super::{Lang, NBSP};

/// The word for a missing figure in plain output.
fn na() -> String {
    Lang::En.na().into()
}

/// Money scaled to a readable unit: the value and the unit prefix ("", "k", "M", "G").
pub fn scaled_money(x: f64) -> (f64, &'static str) {
    let a = x.abs();
    if a >= 1e9 {
        (x / 1e9, "G")
    } else if a >= 1e6 {
        (x / 1e6, "M")
    } else if a >= 1e3 {
        (x / 1e3, "k")
    } else {
        (x, "")
    }
}

/// Money in a readable unit: `1 234` → "1.2 kSEK", `82 400 000` → "82.4 MSEK".
pub fn money(x: f64, currency: &str) -> String {
    if !x.is_finite() {
        return na();
    }
    let (v, unit) = scaled_money(x);
    format!("{} {unit}{currency}", fixed(v, 1))
}

/// A signed number with `digits` decimals, "n/a" when not finite.
pub fn signed(x: f64, digits: usize) -> String {
    if x.is_finite() {
        format!("{x:+.digits$}")
    } else {
        na()
    }
}

/// A number with `digits` decimals, "n/a" when not finite.
pub fn fixed(x: f64, digits: usize) -> String {
    if x.is_finite() {
        format!("{x:.digits$}")
    } else {
        na()
    }
}

/// The true minus sign (U+2212) of human-facing figures.
pub const MINUS: char = '\u{2212}';

/// The mark of a missing figure (NaN or infinite) in human-facing text: an en dash.
pub const MISSING: &str = "\u{2013}";

/// A noun in both languages, singular and plural, for [`Numbers::count`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Noun {
    /// English singular and plural.
    pub en: (&'static str, &'static str),
    /// Swedish singular and plural.
    pub sv: (&'static str, &'static str),
}

impl Noun {
    /// Sampled worlds (trials).
    pub const WORLDS: Noun = Noun {
        en: ("world", "worlds"),
        sv: ("värld", "världar"),
    };
    /// Weeks.
    pub const WEEKS: Noun = Noun {
        en: ("week", "weeks"),
        sv: ("vecka", "veckor"),
    };
    /// Salespeople.
    pub const REPS: Noun = Noun {
        en: ("rep", "reps"),
        sv: ("säljare", "säljare"),
    };
    /// Deals.
    pub const DEALS: Noun = Noun {
        en: ("deal", "deals"),
        sv: ("affär", "affärer"),
    };
    /// Variants of an experiment.
    pub const VARIANTS: Noun = Noun {
        en: ("variant", "variants"),
        sv: ("variant", "varianter"),
    };
    /// Hours.
    pub const HOURS: Noun = Noun {
        en: ("hour", "hours"),
        sv: ("timme", "timmar"),
    };

    fn word(self, lang: Lang, one: bool) -> &'static str {
        let (s, p) = match lang {
            Lang::En => self.en,
            Lang::Sv => self.sv,
        };
        if one { s } else { p }
    }
}

/// How numbers read in one language (see the module documentation). Cheap to copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Numbers {
    lang: Lang,
}

impl Lang {
    /// This language's number formatter.
    pub fn numbers(self) -> Numbers {
        Numbers { lang: self }
    }
}

impl Numbers {
    /// The formatter of `lang`.
    pub fn new(lang: Lang) -> Numbers {
        Numbers { lang }
    }

    /// Its language.
    pub fn lang(self) -> Lang {
        self.lang
    }

    fn decimal(self) -> char {
        match self.lang {
            Lang::En => '.',
            Lang::Sv => ',',
        }
    }

    fn group(self) -> char {
        match self.lang {
            Lang::En => ',',
            Lang::Sv => NBSP,
        }
    }

    /// Digits of `x.abs()` rounded to `digits` decimals, grouped, with this language's
    /// decimal sign; and whether the rounded value is zero.
    fn magnitude(self, x: f64, digits: usize) -> (String, bool) {
        let plain = format!("{:.digits$}", x.abs());
        let zero = plain.chars().all(|c| c == '0' || c == '.');
        let (int, frac) = match plain.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (plain.as_str(), None),
        };
        let mut out = String::with_capacity(plain.len() + 4);
        let n = int.len();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (n - i).is_multiple_of(3) {
                out.push(self.group());
            }
            out.push(c);
        }
        if let Some(f) = frac {
            out.push(self.decimal());
            out.push_str(f);
        }
        (out, zero)
    }

    /// A number with `digits` decimals and grouped thousands: "1 234,5" / "1,234.5";
    /// negatives with a true minus; a value that rounds to zero without a sign; "–" when
    /// not finite.
    pub fn number(self, x: f64, digits: usize) -> String {
        if !x.is_finite() {
            return MISSING.into();
        }
        let (m, zero) = self.magnitude(x, digits);
        if x < 0.0 && !zero {
            format!("{MINUS}{m}")
        } else {
            m
        }
    }

    /// A number with at most `max_digits` decimals, trailing zeros dropped: 0.25 → "0,25",
    /// 2.0 → "2", 1.5 → "1,5".
    pub fn trimmed(self, x: f64, max_digits: usize) -> String {
        let s = self.number(x, max_digits);
        if max_digits == 0 || !s.contains(self.decimal()) {
            return s;
        }
        let s = s.trim_end_matches('0');
        s.strip_suffix(self.decimal()).unwrap_or(s).to_string()
    }

    /// A change with its sign: "+1,2", "−0,4"; one that rounds to zero reads "±0,0".
    pub fn signed(self, x: f64, digits: usize) -> String {
        if !x.is_finite() {
            return MISSING.into();
        }
        let (m, zero) = self.magnitude(x, digits);
        if zero {
            format!("\u{b1}{m}")
        } else if x < 0.0 {
            format!("{MINUS}{m}")
        } else {
            format!("+{m}")
        }
    }

    /// The percent sign after a no-break space, in both languages: the report's sentences
    /// write "95 % interval" the same way, so a sentence never mixes "7.8%" and "15.3 %".
    fn pct_sign(self) -> String {
        format!("{NBSP}%")
    }

    /// A number already in percent: 14.4 → "14.4 %" / "14,4 %".
    pub fn percent(self, x: f64, digits: usize) -> String {
        if !x.is_finite() {
            return MISSING.into();
        }
        format!("{}{}", self.number(x, digits), self.pct_sign())
    }

    /// A share in [0, 1] as a percentage: 0.91 → "91 %" / "91 %".
    pub fn share(self, x: f64, digits: usize) -> String {
        self.percent(x * 100.0, digits)
    }

    /// A change in percent with its sign: "+3.1 %" / "+3,1 %".
    pub fn percent_change(self, x: f64, digits: usize) -> String {
        if !x.is_finite() {
            return MISSING.into();
        }
        format!("{}{}", self.signed(x, digits), self.pct_sign())
    }

    /// The short unit of percentage points: "pp" / "p.e.".
    pub fn pp_unit(self) -> &'static str {
        self.lang.t("pp", "p.e.")
    }

    /// A change in percentage points with its sign, short: "+1.2 pp" / "+1,2 p.e.".
    pub fn points(self, x: f64, digits: usize) -> String {
        if !x.is_finite() {
            return MISSING.into();
        }
        format!("{}{NBSP}{}", self.signed(x, digits), self.pp_unit())
    }

    /// Percentage points in running text: "1.2 percentage points" / "1,2 procentenheter"
    /// (singular for exactly one).
    pub fn points_long(self, x: f64, digits: usize) -> String {
        if !x.is_finite() {
            return MISSING.into();
        }
        let n = self.number(x, digits);
        let word = match (self.lang, n == "1") {
            (Lang::En, true) => "percentage point",
            (Lang::En, false) => "percentage points",
            (Lang::Sv, true) => "procentenhet",
            (Lang::Sv, false) => "procentenheter",
        };
        format!("{n}{NBSP}{word}")
    }

    /// Hours with up to two decimals, trailing zeros dropped, and the word: "0,25 timmar",
    /// "1 timme", "1.5 hours".
    pub fn hours(self, x: f64) -> String {
        if !x.is_finite() {
            return MISSING.into();
        }
        let n = self.trimmed(x, 2);
        format!("{n}{NBSP}{}", Noun::HOURS.word(self.lang, n == "1"))
    }

    /// A whole count with its noun: "1 000 världar", "1 world", "0 deals".
    pub fn count(self, n: u64, noun: Noun) -> String {
        format!(
            "{}{NBSP}{}",
            self.number(n as f64, 0),
            noun.word(self.lang, n == 1)
        )
    }

    /// Items joined as people write them: "a", "a and b", "a, b and c" ("och" in Swedish).
    pub fn list<S: AsRef<str>>(self, items: &[S]) -> String {
        let and = self.lang.t("and", "och");
        match items {
            [] => String::new(),
            [one] => one.as_ref().to_string(),
            [init @ .., last] => {
                let head: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
                format!("{} {and} {}", head.join(", "), last.as_ref())
            }
        }
    }

    /// The unit word of whole amounts of `currency`: "kr" for Swedish crowns in Swedish,
    /// the currency as written otherwise.
    fn small_unit(self, currency: &str) -> String {
        if self.lang == Lang::Sv && currency.eq_ignore_ascii_case("SEK") {
            "kr".into()
        } else {
            currency.to_string()
        }
    }

    /// Money in a unit people read at a glance: whole amounts below a million ("62 000 kr",
    /// "62,000 SEK"), millions with one decimal ("1,2 MSEK", "1.2 MSEK"), billions with one
    /// decimal ("1,2 mdr SEK", "1.2 bn SEK"). The unit follows the rounded value (999 999.7
    /// reads "1,0 MSEK", not "1 000 000 kr").
    pub fn money(self, x: f64, currency: &str) -> String {
        if !x.is_finite() {
            return MISSING.into();
        }
        let a = x.abs();
        if a.round() < 1e6 {
            return format!("{}{NBSP}{}", self.number(x, 0), self.small_unit(currency));
        }
        if (a / 1e6 * 10.0).round() / 10.0 < 1000.0 {
            return format!("{}{NBSP}M{currency}", self.number(x / 1e6, 1));
        }
        let word = self.lang.t("bn", "mdr");
        format!("{}{NBSP}{word} {currency}", self.number(x / 1e9, 1))
    }

    /// An exact amount (a parameter value), grouped, with up to two decimals when it has
    /// them: "776 515,31 kr", "62,000 SEK".
    pub fn money_exact(self, x: f64, currency: &str) -> String {
        if !x.is_finite() {
            return MISSING.into();
        }
        format!("{}{NBSP}{}", self.trimmed(x, 2), self.small_unit(currency))
    }

    /// A change of money with its sign, in the unit [`Numbers::money`] would use.
    pub fn money_change(self, x: f64, currency: &str) -> String {
        let s = self.money(x, currency);
        if !x.is_finite() || s.starts_with(MINUS) {
            s
        } else if s.starts_with('0') && self.magnitude(x, 0).1 {
            format!("\u{b1}{s}")
        } else {
            format!("+{s}")
        }
    }

    /// Two changes of money (the ends of a range) in one unit, the unit of the larger:
    /// "−0,3 MSEK" and "+10,8 MSEK", not "−254 923 kr" beside "+10,8 MSEK". Each with its
    /// sign, as [`Numbers::money_change`] writes it.
    pub fn money_change_pair(self, lo: f64, hi: f64, currency: &str) -> [String; 2] {
        let top = lo.abs().max(hi.abs());
        if !(lo.is_finite() && hi.is_finite()) || (top.round() < 1e6) {
            return [lo, hi].map(|x| self.money_change(x, currency));
        }
        let (scale, unit) = if (top / 1e6 * 10.0).round() / 10.0 < 1000.0 {
            (1e6, format!("M{currency}"))
        } else {
            (1e9, format!("{} {currency}", self.lang.t("bn", "mdr")))
        };
        [lo, hi].map(|x| format!("{}{NBSP}{unit}", self.signed(x / scale, 1)))
    }

    /// A figure in a metric's unit (as [`crate::metrics::MetricDef::unit`] spells it): money
    /// for "currency", a percentage for "%", a share in percent for "share", weeks with one
    /// decimal, counts whole, otherwise two decimals.
    pub fn quantity(self, x: f64, unit: &str, currency: &str) -> String {
        match unit {
            "currency" => self.money(x, currency),
            "%" => self.percent(x, 1),
            "share" => self.share(x, 1),
            "points" => self.points(x, 1),
            "weeks" => self.number(x, 1),
            "deals" | "reps" | "contacts" | "leads" => self.number(x, 0),
            _ => self.number(x, 2),
        }
    }
}

/// One money unit for every tick of a chart axis, chosen from the axis range: ticks read as
/// plain numbers ("80", "100") and the unit goes once into the axis title ("MSEK"), so that
/// labels stay short and a zero tick reads "0", not "0.0 SEK" beside "50.0 MSEK".
#[derive(Clone, Debug, PartialEq)]
pub struct MoneyAxis {
    numbers: Numbers,
    scale: f64,
    digits: usize,
    unit: String,
}

impl MoneyAxis {
    /// The unit and decimals of an axis from `lo` to `hi` in `currency`.
    pub fn new(lang: Lang, lo: f64, hi: f64, currency: &str) -> MoneyAxis {
        let numbers = lang.numbers();
        let top = lo.abs().max(hi.abs());
        let (scale, unit) = if !top.is_finite() || top < 1e4 {
            (1.0, numbers.small_unit(currency))
        } else if top < 1e6 {
            let unit = match lang {
                Lang::En => format!("thousand {currency}"),
                Lang::Sv if currency.eq_ignore_ascii_case("SEK") => "tkr".to_string(),
                Lang::Sv => format!("t{currency}"),
            };
            (1e3, unit)
        } else if top < 1e9 {
            (1e6, format!("M{currency}"))
        } else {
            (1e9, format!("{} {currency}", lang.t("bn", "mdr")))
        };
        let span = (hi - lo).abs() / scale;
        let digits = if !span.is_finite() || span >= 8.0 {
            0
        } else if span >= 0.8 {
            1
        } else {
            2
        };
        MoneyAxis {
            numbers,
            scale,
            digits,
            unit,
        }
    }

    /// The unit of every tick, for the axis title: "MSEK", "kr", "thousand EUR".
    pub fn unit(&self) -> &str {
        &self.unit
    }

    /// One tick's label: the value in the axis unit, no unit.
    pub fn tick(&self, x: f64) -> String {
        self.numbers.number(x / self.scale, self.digits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_readable() {
        assert_eq!(money(82_400_000.0, "SEK"), "82.4 MSEK");
        assert_eq!(money(-1_500.0, "SEK"), "-1.5 kSEK");
        assert_eq!(money(12.0, "EUR"), "12.0 EUR");
        assert_eq!(money(f64::NAN, "SEK"), "n/a");
        assert_eq!(signed(2.345, 1), "+2.3");
    }

    const EN: Numbers = Numbers { lang: Lang::En };
    const SV: Numbers = Numbers { lang: Lang::Sv };

    #[test]
    fn swedish_groups_with_a_no_break_space_and_writes_a_decimal_comma() {
        assert_eq!(SV.number(1_234_567.891, 2), "1\u{a0}234\u{a0}567,89");
        assert_eq!(EN.number(1_234_567.891, 2), "1,234,567.89");
        assert_eq!(SV.number(999.0, 0), "999");
        assert_eq!(SV.number(1000.0, 0), "1\u{a0}000");
    }

    #[test]
    fn negatives_have_a_true_minus_and_zero_has_no_sign() {
        assert_eq!(SV.number(-1500.0, 0), "\u{2212}1\u{a0}500");
        assert_eq!(EN.number(-2.5, 1), "\u{2212}2.5");
        assert_eq!(SV.number(-0.04, 1), "0,0");
        assert_eq!(SV.number(-0.0, 0), "0");
        assert_eq!(SV.signed(-0.04, 1), "\u{b1}0,0");
        assert_eq!(SV.signed(0.0, 1), "\u{b1}0,0");
        assert_eq!(SV.signed(2.05, 1).chars().next(), Some('+'));
        assert_eq!(SV.signed(-7.0, 1), "\u{2212}7,0");
        assert_eq!(SV.money(-1500.0, "SEK"), "\u{2212}1\u{a0}500\u{a0}kr");
    }

    #[test]
    fn missing_figures_are_a_dash() {
        for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(SV.number(x, 1), "\u{2013}");
            assert_eq!(EN.money(x, "SEK"), "\u{2013}");
            assert_eq!(SV.percent(x, 1), "\u{2013}");
            assert_eq!(SV.points(x, 1), "\u{2013}");
            assert_eq!(SV.hours(x), "\u{2013}");
            assert_eq!(EN.signed(x, 1), "\u{2013}");
        }
    }

    #[test]
    fn rounding_carries_into_the_next_group_and_unit() {
        assert_eq!(SV.number(999.96, 1), "1\u{a0}000,0");
        assert_eq!(SV.money(999_999.7, "SEK"), "1,0\u{a0}MSEK");
        assert_eq!(EN.money(999_960_000.0, "SEK"), "1.0\u{a0}bn SEK");
        assert_eq!(SV.money(62_000.0, "SEK"), "62\u{a0}000\u{a0}kr");
        assert_eq!(EN.money(62_000.0, "SEK"), "62,000\u{a0}SEK");
        assert_eq!(SV.money(1_234_000.0, "SEK"), "1,2\u{a0}MSEK");
        assert_eq!(SV.money(1_234_000.0, "EUR"), "1,2\u{a0}MEUR");
        assert_eq!(SV.money(0.0, "SEK"), "0\u{a0}kr");
    }

    #[test]
    fn hours_keep_their_quarters() {
        assert_eq!(SV.hours(0.25), "0,25\u{a0}timmar");
        assert_eq!(SV.hours(1.0), "1\u{a0}timme");
        assert_eq!(EN.hours(1.5), "1.5\u{a0}hours");
        assert_eq!(EN.hours(2.0), "2\u{a0}hours");
        assert_eq!(SV.hours(0.0), "0\u{a0}timmar");
    }

    #[test]
    fn counts_and_lists_read_as_sentences() {
        assert_eq!(SV.count(1000, Noun::WORLDS), "1\u{a0}000\u{a0}världar");
        assert_eq!(EN.count(1, Noun::WORLDS), "1\u{a0}world");
        assert_eq!(SV.list(&["a", "b", "c"]), "a, b och c");
        assert_eq!(EN.list(&["a", "b"]), "a and b");
        assert_eq!(EN.list(&["a"]), "a");
        assert_eq!(EN.list::<&str>(&[]), "");
    }

    #[test]
    fn money_axes_share_one_unit() {
        let a = MoneyAxis::new(Lang::Sv, 0.0, 120e6, "SEK");
        assert_eq!(a.unit(), "MSEK");
        assert_eq!(a.tick(0.0), "0");
        assert_eq!(a.tick(50e6), "50");
        let a = MoneyAxis::new(Lang::En, 80e6, 82e6, "SEK");
        assert_eq!(a.tick(80.5e6), "80.5");
        let a = MoneyAxis::new(Lang::Sv, 0.0, 500e3, "SEK");
        assert_eq!((a.unit(), a.tick(250e3).as_str()), ("tkr", "250"));
        let a = MoneyAxis::new(Lang::En, -5e3, 5e3, "EUR");
        assert_eq!(
            (a.unit(), a.tick(-2500.0).as_str()),
            ("EUR", "\u{2212}2,500")
        );
    }
}
