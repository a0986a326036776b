//! Product lines: reports such as Salesforce's "Opportunities with Products" write one row per
//! product of an opportunity, repeating the opportunity's id (or name), owner, stage and
//! dates on every line. Such rows are one opportunity, not duplicates: they are read as one,
//! and the amount is the opportunity's (the same on every line) or, where the lines carry
//! their own amounts, the sum of the lines.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::Field;
use super::mapping::normalise;
use super::source::Rows;

/// Headers of an opportunity's name, normalised, for telling opportunities apart when the
/// export has no id column.
const NAME_HEADERS: [&str; 8] = [
    "opportunityname",
    "dealname",
    "opportunity",
    "topic",
    "name",
    "affär",
    "affärsnamn",
    "affärsmöjlighet",
];

/// Headers of the customer, normalised.
const ACCOUNT_HEADERS: [&str; 8] = [
    "accountname",
    "account",
    "potentialcustomer",
    "associatedcompany",
    "company",
    "customer",
    "kund",
    "företag",
];

/// Rows read as lines of an earlier row's opportunity.
#[derive(Debug, Default)]
pub(super) struct Folded {
    /// Indices (into the rows) of lines folded into an earlier row.
    pub skip: HashSet<usize>,
    /// The amount of a first line whose lines differ in amount: the sum of the lines.
    pub amount: HashMap<usize, f64>,
    /// What was done, for the notes.
    pub note: Option<String>,
    /// How opportunities are told apart when the export has no id column (the columns'
    /// headers), for the notes.
    pub key_columns: Option<String>,
}

/// Find the product lines of `rows`: only when the export has a product column. Lines of one
/// opportunity share the id (or, without an id column, the name, the customer where there
/// is such a column, the owner and the created date) and agree on owner, stage, created and
/// close date; rows that share an id but disagree stay apart (and are duplicates).
/// `text(row, field)` is a field's text in a row, `amount(k)` the amount of row `k`
/// (`Err` where its text is not a number: such a group is not folded, so that the row is
/// reported). Where the lines of any opportunity differ in amount the amount column is the
/// lines' own, and every opportunity's amount is the sum of its lines.
pub(super) fn fold(
    headers: &[String],
    rows: &Rows,
    cols: &BTreeMap<Field, (usize, bool)>,
    text: impl Fn(&[String], Field) -> Option<String>,
    amount: impl Fn(usize) -> Result<Option<f64>, ()>,
) -> Folded {
    let mut out = Folded::default();
    let Some((product, _)) = cols.get(&Field::Product) else {
        return out;
    };
    let find = |names: &[&str]| {
        names.iter().find_map(|n| {
            headers
                .iter()
                .position(|h| normalise(h) == *n)
                .filter(|i| cols.values().all(|(c, _)| c != i))
        })
    };
    let by_id = cols.contains_key(&Field::Id);
    let (name, account) = if by_id {
        (None, None)
    } else {
        match find(&NAME_HEADERS) {
            Some(n) => (Some(n), find(&ACCOUNT_HEADERS)),
            None => return out,
        }
    };
    if !by_id {
        out.key_columns = Some(
            name.into_iter()
                .chain(account)
                .map(|i| format!("\"{}\"", headers[i]))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    let same = [Field::Owner, Field::Stage, Field::Created, Field::Closed];
    let key = |f: &[String]| -> Option<String> {
        if by_id {
            return text(f, Field::Id);
        }
        let part = |i: Option<usize>| i.and_then(|i| f.get(i)).cloned().unwrap_or_default();
        let n = part(name);
        (!n.is_empty()).then(|| {
            [
                n,
                part(account),
                text(f, Field::Owner).unwrap_or_default(),
                text(f, Field::Created).unwrap_or_default(),
            ]
            .join("\u{1f}")
        })
    };
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    let mut order = Vec::new();
    for (k, (_, f)) in rows.iter().enumerate() {
        if let Some(key) = key(f) {
            let g = groups.entry(key.clone()).or_default();
            if g.is_empty() {
                order.push(key);
            }
            g.push(k);
        }
    }
    let (mut lines, mut opportunities) = (0usize, 0usize);
    let mut folds: Vec<(usize, Vec<Option<f64>>)> = Vec::new();
    for key in order {
        let g = &groups[&key];
        if g.len() < 2 {
            continue;
        }
        let first = &rows[g[0]].1;
        let agree = g.iter().all(|&k| {
            let f = &rows[k].1;
            same.iter().all(|&fld| text(f, fld) == text(first, fld))
        });
        // A row repeated field for field is a duplicate, not a line.
        let distinct: HashSet<&Vec<String>> = g.iter().map(|&k| &rows[k].1).collect();
        let Ok(amounts) = g.iter().map(|&k| amount(k)).collect::<Result<Vec<_>, ()>>() else {
            continue;
        };
        if !agree || distinct.len() < g.len() {
            continue;
        }
        folds.push((g[0], amounts));
        out.skip.extend(g[1..].iter().copied());
        lines += g.len();
        opportunities += 1;
    }
    let per_line = folds.iter().any(|(_, a)| a.iter().any(|x| *x != a[0]));
    if per_line {
        for (first, amounts) in &folds {
            out.amount
                .insert(*first, amounts.iter().flatten().copied().sum());
        }
    }
    if opportunities > 0 {
        let amount_col = cols
            .get(&Field::Amount)
            .map_or(String::new(), |(i, _)| headers[*i].clone());
        out.note = Some(format!(
            "{lines} rows are product lines (\"{}\") of {opportunities} opportunities: read as one opportunity each; amount: {}",
            headers[*product],
            if per_line {
                format!("the sum of the lines' \"{amount_col}\" (the lines' amounts differ)")
            } else {
                format!("\"{amount_col}\", the same on every line")
            }
        ));
    }
    out
}
