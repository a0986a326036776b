//! Stage labels no list or word decides, read from the export's probability column. CRMs
//! export a deal's probability beside its stage, and it is 100 % on a won stage and 0 % on a
//! lost one: HubSpot's custom pipelines export their stages as internal ids
//! (`1029384759`), which say nothing, while their "Deal probability" is 1 or 0.

use std::collections::BTreeMap;

use super::Outcome;
use super::amounts;
use super::mapping::{Mapping, normalise};
use super::source::Rows;

/// Headers of a probability column, normalised.
const PROBABILITY_HEADERS: [&str; 5] = [
    "probability",
    "dealprobability",
    "winprobability",
    "sannolikhet",
    "chans",
];

/// Rows a label needs before its probabilities decide it.
pub const MIN_ROWS: usize = 3;

/// Outcomes of stage labels without a letter (ids) that the mapping leaves open (no list, no
/// common label) but whose every row has a probability of 100 % (won) or 0 % (lost), with the
/// probability column's header. Nothing when the mapping lists the open stages (the user
/// has said what is open) or the export has no probability column. Probabilities are read
/// with the amounts' decimal `mark`.
pub(super) fn by_probability(
    headers: &[String],
    rows: &Rows,
    stage: usize,
    mapping: &Mapping,
    mark: amounts::DecimalMark,
) -> (BTreeMap<String, (Outcome, usize)>, Option<String>) {
    let mut out = BTreeMap::new();
    let column = PROBABILITY_HEADERS
        .iter()
        .find_map(|p| headers.iter().position(|h| normalise(h) == *p));
    let Some(col) = column else {
        return (out, None);
    };
    if mapping.open.is_some() {
        return (out, None);
    }
    // The probabilities' own decimal mark ("0,2" in a Swedish file whose amounts are whole
    // numbers), else the amounts'.
    let numbers: Vec<(usize, String)> = rows
        .iter()
        .filter_map(|(line, f)| {
            f.get(col)
                .and_then(|t| amounts::split(t))
                .map(|r| (*line, r.number))
        })
        .collect();
    let mark = amounts::detect(numbers.iter().map(|(l, n)| (*l, n.as_str())))
        .ok()
        .filter(|_| numbers.iter().any(|(_, n)| amounts::evidence(n).is_some()))
        .unwrap_or(mark);
    let value = |f: &Vec<String>| {
        f.get(col)
            .and_then(|t| amounts::split(t))
            .and_then(|r| amounts::parse(&r.number, mark))
    };
    // Percent (0–100) or a share (0–1): a value above 1 anywhere says percent.
    let full = if rows.iter().filter_map(|(_, f)| value(f)).any(|v| v > 1.0) {
        100.0
    } else {
        1.0
    };
    let mut seen: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for (_, f) in rows {
        let Some(label) = f.get(stage).filter(|s| !s.is_empty()) else {
            continue;
        };
        // Only labels without a letter (stage ids): a named stage at 0 % ("On Hold",
        // "Nurture") or 100 % ("Verbal Commit") may well be open.
        if mapping.outcome(label).is_some() || label.chars().any(char::is_alphabetic) {
            continue;
        }
        let e = seen.entry(label.clone()).or_default();
        e.0 += 1;
        match value(f) {
            Some(v) if (v - full).abs() < 1e-9 => e.1 += 1,
            Some(0.0) => e.2 += 1,
            _ => {}
        }
    }
    for (label, (n, won, lost)) in seen {
        if n < MIN_ROWS {
            continue;
        }
        if won == n {
            out.insert(label, (Outcome::Won, n));
        } else if lost == n {
            out.insert(label, (Outcome::Lost, n));
        }
    }
    (out, Some(headers[col].clone()))
}
