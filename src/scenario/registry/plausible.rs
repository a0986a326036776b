//! Plausible ranges: besides the hard range a value must lie in, the range in which a value is
//! typical for a B2B sales organisation. A value outside it loads (it may be meant), with a
//! warning naming the typical range and, where a share seems written as a percentage, the
//! likely intended value ("did you mean 0.02?"). `--strict` turns the warnings into errors.

use super::KeyDef;

/// The typical range of one key.
#[derive(Clone, Copy, Debug)]
pub struct Plausible {
    /// The key's section, as in [`KeyDef::section`] (`motion` for both motion tables).
    pub section: &'static str,
    /// The key.
    pub key: &'static str,
    /// Lowest typical value.
    pub lo: f64,
    /// Highest typical value.
    pub hi: f64,
    /// Where the range comes from, in a few words.
    pub why: &'static str,
}

const fn p(
    section: &'static str,
    key: &'static str,
    lo: f64,
    hi: f64,
    why: &'static str,
) -> Plausible {
    Plausible {
        section,
        key,
        lo,
        hi,
        why,
    }
}

/// The keys with a typical range narrower than their hard range.
pub const PLAUSIBLE: &[Plausible] = &[
    p(
        "motion",
        "rep_hours_per_week",
        25.0,
        60.0,
        "contracted hours of a full-time rep",
    ),
    p(
        "motion",
        "selling_share",
        0.15,
        0.7,
        "field studies report 22 to 41 % of time spent selling",
    ),
    p(
        "motion",
        "manager_hours_per_week",
        5.0,
        40.0,
        "a first-line manager's leadership hours",
    ),
    p(
        "motion",
        "win_base",
        0.05,
        0.6,
        "B2B win rates of qualified opportunities",
    ),
    p(
        "motion",
        "loss_per_week",
        0.0,
        0.2,
        "weekly chance that an open deal stalls",
    ),
    p(
        "motion",
        "gross_margin",
        0.1,
        0.9,
        "gross margins of goods and services",
    ),
    p(
        "motion",
        "overrun_share",
        0.0,
        0.5,
        "delivery overrun as a share of the deal's value",
    ),
    p(
        "incentives",
        "discount_max",
        0.0,
        0.5,
        "discount authority of a rep",
    ),
    p(
        "incentives",
        "discount_pressure",
        0.0,
        0.3,
        "extra discount at the end of a period",
    ),
    p(
        "people",
        "attrition_per_year",
        0.05,
        0.6,
        "yearly turnover of B2B sales reps, about 10 to 40 %",
    ),
    p(
        "regimes",
        "variable_share",
        0.0,
        1.5,
        "variable pay at target as a share of base pay",
    ),
    p(
        "regimes",
        "cap",
        1.0,
        4.0,
        "payout caps of sales compensation plans",
    ),
    p(
        "regimes",
        "target_level",
        0.7,
        1.6,
        "targets relative to today's level",
    ),
    p(
        "variants",
        "coaching_hours",
        0.0,
        4.0,
        "coaching hours per rep and week",
    ),
];

/// The typical range of a key, if it has one.
pub fn plausible(spec: &KeyDef) -> Option<&'static Plausible> {
    PLAUSIBLE
        .iter()
        .find(|p| p.section == spec.section && p.key == spec.key)
}

/// For a share or probability written as a percentage (`15` for 0.15): the value divided by
/// 100, when that lies in the key's typical range (or, without one, in its hard range).
pub fn percent_hint(spec: &KeyDef, x: f64) -> Option<f64> {
    let share = matches!(spec.unit, "share" | "probability");
    if !(share && 1.0 < x && x <= 100.0) {
        return None;
    }
    let y = x / 100.0;
    let (lo, hi) = plausible(spec).map_or((spec.lo, spec.hi), |p| (p.lo, p.hi));
    (lo..=hi).contains(&y).then_some(y)
}

/// The warning for a value outside its typical range (None inside it or without one).
pub fn warning(spec: &KeyDef, x: f64) -> Option<(String, Option<String>)> {
    let p = plausible(spec)?;
    if (p.lo..=p.hi).contains(&x) {
        return None;
    }
    let message = format!(
        "{x} is unusual: typical values lie between {} and {} ({})",
        p.lo, p.hi, p.why
    );
    let hint = percent_hint(spec, x).map(|y| format!("did you mean {y}?"));
    Some((message, hint))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::registry;

    #[test]
    fn every_plausible_range_is_a_real_key_inside_its_hard_range() {
        for p in PLAUSIBLE {
            let spec = registry::all()
                .find(|k| k.section == p.section && k.key == p.key)
                .unwrap_or_else(|| panic!("{}.{} is not a key", p.section, p.key));
            assert!(
                spec.lo <= p.lo && p.lo < p.hi && p.hi <= spec.hi,
                "{}.{}",
                p.section,
                p.key
            );
        }
    }

    #[test]
    fn percentages_written_for_shares_get_a_hint() {
        let overrun = registry::all().find(|k| k.key == "overrun_share").unwrap();
        let (m, h) = warning(overrun, 2.0).unwrap();
        assert!(m.contains("between 0 and 0.5"), "{m}");
        assert_eq!(h.as_deref(), Some("did you mean 0.02?"));
        assert!(warning(overrun, 0.15).is_none());
        let attrition = registry::all()
            .find(|k| k.key == "attrition_per_year")
            .unwrap();
        let (_, h) = warning(attrition, 3.0).unwrap();
        assert_eq!(h, None, "a rate per year is not a share");
        let custom = registry::all().find(|k| k.key == "custom_prob").unwrap();
        assert_eq!(percent_hint(custom, 15.0), Some(0.15));
        assert_eq!(percent_hint(custom, 0.5), None);
    }
}
