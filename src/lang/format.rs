//! Number formatting for people: money as "82.4 MSEK", percentages with sensible digits.

/// Money in a readable unit: `1 234` → "1.2 kSEK", `82 400 000` → "82.4 MSEK".
pub fn money(x: f64, currency: &str) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let a = x.abs();
    let (v, unit) = if a >= 1e9 {
        (x / 1e9, "G")
    } else if a >= 1e6 {
        (x / 1e6, "M")
    } else if a >= 1e3 {
        (x / 1e3, "k")
    } else {
        (x, "")
    };
    format!("{v:.1} {unit}{currency}")
}

/// A signed number with `digits` decimals, "n/a" when not finite.
pub fn signed(x: f64, digits: usize) -> String {
    if x.is_finite() {
        format!("{x:+.digits$}")
    } else {
        "n/a".into()
    }
}

/// A number with `digits` decimals, "n/a" when not finite.
pub fn fixed(x: f64, digits: usize) -> String {
    if x.is_finite() {
        format!("{x:.digits$}")
    } else {
        "n/a".into()
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
