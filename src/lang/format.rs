//! Plain number formatting (ASCII, no grouping), for terminal tables: money as
//! "82.4 MSEK", signed and fixed decimals. The same digits and units as [`Lang`]'s
//! formatting, which builds on these functions and adds grouping and a language's decimal
//! sign and minus.

use super::Lang;

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
}
