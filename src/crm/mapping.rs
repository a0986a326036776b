//! Which column of an export holds what, and what its stage labels mean: read from a small
//! mapping file (`--map`), or recognised from the headers of common exports (Salesforce and
//! HubSpot reports, Pipedrive and Dynamics exports, plain `lower_snake` names).

use std::collections::BTreeMap;

use super::dates::DateFormat;
use super::{Field, Outcome};
use crate::scenario::Motion;

/// A header reduced to lower-case letters and digits (`"Opportunity Owner"` →
/// `"opportunityowner"`, `"Deal - Stage"` → `"dealstage"`), the form headers are matched in.
pub fn normalise(header: &str) -> String {
    header
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Headers recognised for each field, normalised, in order of preference.
pub fn aliases(field: Field) -> &'static [&'static str] {
    match field {
        Field::Id => &[
            "opportunityid",
            "recordid",
            "dealid",
            "id",
            "donotmodifyopportunity",
            "opportunitynumber",
            "affärsmöjlighetsid",
            "affärsid",
        ],
        Field::Owner => &[
            "opportunityowner",
            "salesagent",
            "dealowner",
            "owner",
            "ownername",
            "ownerfullname",
            "salesrep",
            "rep",
            "seller",
            "ownerid",
            "säljare",
            "ägare",
        ],
        Field::Created => &[
            "createddate",
            "createdate",
            "engagedate",
            "created",
            "createdon",
            "createdat",
            "dealcreated",
            "dealdealcreated",
            "opendate",
            "skapad",
            "skapaddatum",
        ],
        Field::Closed => &[
            "closedate",
            "closeddate",
            "actualclosedate",
            "dealclosedate",
            "closedon",
            "closedat",
            "closed",
            "dealdealclosedon",
            "dealwontime",
            "deallosttime",
            "wontime",
            "losttime",
            "stängd",
            "stängningsdatum",
            "avslutsdatum",
        ],
        Field::Stage => &[
            "stage",
            "stagename",
            "dealstatus",
            "dealstage",
            "status",
            "outcome",
            "statecode",
            "fas",
            "steg",
        ],
        Field::Amount => &[
            "amountconverted",
            "amount",
            "closevalue",
            "dealvalue",
            "value",
            "actualrevenue",
            "estrevenue",
            "revenue",
            "belopp",
            "värde",
            "ordervärde",
        ],
        Field::Team => &[
            "team",
            "salesteam",
            "teamname",
            "manager",
            "salesmanager",
            "ownerrole",
            "säljteam",
            "chef",
        ],
        Field::Motion => &["motion", "salesmotion", "säljprocess", "säljmodell"],
        Field::Discount => &["discount", "discountpct", "discountpercent", "rabatt"],
        Field::Source => &[
            "leadsource",
            "source",
            "originalsource",
            "dealsource",
            "källa",
        ],
        Field::Product => &["product", "productname", "series", "produkt"],
        Field::Currency => &[
            "currency",
            "amountcurrency",
            "opportunitycurrency",
            "dealcurrency",
            "currencyisocode",
            "valuta",
        ],
    }
}

/// Stage labels that mean won or lost, normalised (other labels are open stages unless a
/// mapping lists the open stages).
pub fn default_outcome(label: &str) -> Option<Outcome> {
    match normalise(label).as_str() {
        "won" | "closedwon" | "dealwon" | "closedwonbooked" | "vunnen" | "vunnet" | "vunna"
        | "affärvunnen" => Some(Outcome::Won),
        "lost" | "closedlost" | "deallost" | "förlorad" | "förlorat" | "förlorade"
        | "affärförlorad" => Some(Outcome::Lost),
        _ => None,
    }
}

/// Words that make a stage label won or lost under the word rule (see [`word_outcome`]).
const WON_WORDS: [&str; 3] = ["won", "vunnen", "vunnet"];
const LOST_WORDS: [&str; 3] = ["lost", "förlorad", "förlorat"];

/// The word rule for stage labels no list names: a label that contains "won", "vunnen" or
/// "vunnet" as a whole word (case ignored) is won, one that contains "lost", "förlorad" or
/// "förlorat" is lost ("Closed Won (Enterprise)", "Won - Renewal", "Closed Lost – no budget",
/// "Förlorad - pris"); a label with words of both kinds, or of neither, is not decided here.
pub fn word_outcome(label: &str) -> Option<Outcome> {
    let lower = label.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let won = words.iter().any(|w| WON_WORDS.contains(w));
    let lost = words.iter().any(|w| LOST_WORDS.contains(w));
    match (won, lost) {
        (true, false) => Some(Outcome::Won),
        (false, true) => Some(Outcome::Lost),
        _ => None,
    }
}

/// A mapping: the column of each field (by header text), stage labels, the date format, the
/// export date and motions by team or motion label.
#[derive(Clone, Debug, Default)]
pub struct Mapping {
    /// Header text of each field's column.
    pub columns: BTreeMap<Field, String>,
    /// Labels that mean won (as written; compared normalised).
    pub won: Vec<String>,
    /// Labels that mean lost.
    pub lost: Vec<String>,
    /// Labels of open stages; when given, any other label is an unknown stage.
    pub open: Option<Vec<String>>,
    /// The date format, when the file's dates fit more than one.
    pub date_format: Option<DateFormat>,
    /// The day the export was taken (default: the latest date in the file).
    pub export_date: Option<String>,
    /// Motion of a team, or of a value of the motion column.
    pub motions: BTreeMap<String, Motion>,
    /// The file's currency: the one its amounts are in (rows in another are left out unless
    /// `rates` converts them).
    pub currency: Option<String>,
    /// Exchange rates into the file's currency, by currency label (`EUR = 11.4`): rows in
    /// such a currency are converted instead of left out.
    pub rates: BTreeMap<String, f64>,
    /// Columns of the teams file (`owner`, `team`, `motion`) by header, from `[teams]`.
    pub team_columns: BTreeMap<Field, String>,
}

/// An error in a mapping file, naming the key.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct MappingError {
    /// The mapping file.
    pub file: String,
    /// What is wrong, naming the key.
    pub message: String,
}

fn strings(
    value: &toml::Value,
    key: &str,
    err: &dyn Fn(String) -> MappingError,
) -> Result<Vec<String>, MappingError> {
    match value {
        toml::Value::String(s) => Ok(vec![s.clone()]),
        toml::Value::Array(items) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| err(format!("`{key}` must list stage labels as strings")))
            })
            .collect(),
        _ => Err(err(format!(
            "`{key}` must be a string or a list of strings"
        ))),
    }
}

impl Mapping {
    /// Read a mapping file's text (`file` names it in messages):
    ///
    /// ```toml
    /// [columns]              # header text of each column
    /// id = "Opportunity ID"
    /// owner = "Opportunity Owner"
    /// created = "Created Date"
    /// closed = "Close Date"
    /// stage = "Stage"
    /// amount = "Amount"
    /// team = "Sales Team"    # optional, as are motion, discount, source, product, currency
    /// [stages]
    /// won = ["Closed Won"]
    /// lost = ["Closed Lost", "Disqualified"]
    /// open = ["Prospecting", "Proposal"]   # optional: then other labels are unknown
    /// [dates]
    /// format = "d/m/Y"       # Y-m-d, m/d/Y, d/m/Y (also d.m.Y), excel
    /// export_date = "2024-06-30"
    /// [motions]              # team name or motion label = "traditional" | "complex"
    /// "Enterprise" = "complex"
    /// ```
    ///
    /// # Errors
    /// TOML syntax, unknown sections, keys or fields, and wrong value types, each named.
    pub fn from_toml(text: &str, file: &str) -> Result<Mapping, MappingError> {
        let err = |message: String| MappingError {
            file: file.to_string(),
            message,
        };
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| err(e.to_string().trim().to_string()))?;
        let mut m = Mapping::default();
        for (section, value) in &table {
            if section == "currency" {
                m.currency = Some(
                    value
                        .as_str()
                        .ok_or_else(|| err("`currency` must be a code such as \"SEK\"".into()))?
                        .to_string(),
                );
                continue;
            }
            let toml::Value::Table(t) = value else {
                return Err(err(format!(
                    "`{section}` must be a section such as [{section}]"
                )));
            };
            match section.as_str() {
                "columns" => {
                    for (key, v) in t {
                        let field = Field::from_name(key).ok_or_else(|| {
                            err(format!(
                                "[columns] `{key}` is not a field; the fields are {}",
                                Field::ALL.map(Field::name).join(", ")
                            ))
                        })?;
                        let header = v.as_str().ok_or_else(|| {
                            err(format!(
                                "[columns] `{key}` must be the column's header text"
                            ))
                        })?;
                        m.columns.insert(field, header.to_string());
                    }
                }
                "stages" => {
                    for (key, v) in t {
                        let labels = strings(v, &format!("stages.{key}"), &err)?;
                        match key.as_str() {
                            "won" => m.won = labels,
                            "lost" => m.lost = labels,
                            "open" => m.open = Some(labels),
                            _ => {
                                return Err(err(format!(
                                    "[stages] `{key}` is not known; use won, lost and open"
                                )));
                            }
                        }
                    }
                }
                "dates" => {
                    for (key, v) in t {
                        let s = v
                            .as_str()
                            .ok_or_else(|| err(format!("[dates] `{key}` must be a string")))?;
                        match key.as_str() {
                            "format" => {
                                m.date_format = Some(DateFormat::from_name(s).ok_or_else(|| {
                                    err(format!(
                                        "[dates] format = \"{s}\" is not known; use Y-m-d, m/d/Y, d/m/Y or excel"
                                    ))
                                })?);
                            }
                            "export_date" => m.export_date = Some(s.to_string()),
                            _ => {
                                return Err(err(format!(
                                    "[dates] `{key}` is not known; use format and export_date"
                                )));
                            }
                        }
                    }
                }
                "rates" => {
                    for (key, v) in t {
                        let rate = v
                            .as_float()
                            .or_else(|| v.as_integer().map(|i| i as f64))
                            .filter(|r| r.is_finite() && *r > 0.0)
                            .ok_or_else(|| {
                                err(format!(
                                    "[rates] `{key}` must be a positive number: what one {key} is worth in the file's currency"
                                ))
                            })?;
                        m.rates.insert(super::amounts::currency_label(key), rate);
                    }
                }
                "teams" => {
                    for (key, v) in t {
                        let field = Field::from_name(key)
                            .filter(|f| matches!(f, Field::Owner | Field::Team | Field::Motion))
                            .ok_or_else(|| {
                                err(format!(
                                    "[teams] `{key}` is not known; the teams file's columns are owner, team and motion"
                                ))
                            })?;
                        let header = v.as_str().ok_or_else(|| {
                            err(format!("[teams] `{key}` must be the column's header text"))
                        })?;
                        m.team_columns.insert(field, header.to_string());
                    }
                }
                "motions" => {
                    for (key, v) in t {
                        let motion = v
                            .as_str()
                            .and_then(|s| Motion::ALL.into_iter().find(|m| m.name() == s))
                            .ok_or_else(|| {
                                err(format!(
                                    "[motions] \"{key}\" must be \"traditional\" or \"complex\""
                                ))
                            })?;
                        m.motions.insert(key.clone(), motion);
                    }
                }
                _ => {
                    return Err(err(format!(
                        "[{section}] is not known; the sections are [columns], [stages], [dates], [motions], [teams] and [rates]"
                    )));
                }
            }
        }
        Ok(m)
    }

    /// The outcome a stage label means under this mapping: its won and lost labels first,
    /// then the common labels, then (unless the mapping lists the label as open) the word
    /// rule of [`word_outcome`]; `None` for an open stage.
    pub fn outcome(&self, label: &str) -> Option<Outcome> {
        self.exact_outcome(label)
            .or_else(|| self.rule_outcome(label))
    }

    /// The outcome of a label named by the mapping's lists or the common labels.
    fn exact_outcome(&self, label: &str) -> Option<Outcome> {
        let n = normalise(label);
        if self.won.iter().any(|w| normalise(w) == n) {
            return Some(Outcome::Won);
        }
        if self.lost.iter().any(|l| normalise(l) == n) {
            return Some(Outcome::Lost);
        }
        default_outcome(label)
    }

    /// The outcome of `label` by the word rule only: `Some` when no list names the label (the
    /// mapping's won, lost and open lists, the common labels) and the rule decides it. The
    /// reader reports these readings as assumptions.
    pub fn rule_outcome(&self, label: &str) -> Option<Outcome> {
        if self.exact_outcome(label).is_some() {
            return None;
        }
        let n = normalise(label);
        if self
            .open
            .as_ref()
            .is_some_and(|open| open.iter().any(|o| normalise(o) == n))
        {
            return None;
        }
        word_outcome(label)
    }

    /// Whether a label that is neither won nor lost is a known open stage: any label but
    /// "deleted" (Pipedrive's status for a deleted deal, which is not pipeline), unless the
    /// mapping lists the open stages.
    pub fn is_open_stage(&self, label: &str) -> bool {
        match &self.open {
            None => !label.trim().is_empty() && normalise(label) != "deleted",
            Some(open) => {
                let n = normalise(label);
                open.iter().any(|o| normalise(o) == n)
            }
        }
    }
}

/// Further recognised columns of `field` besides the one `resolve` chose, in order of
/// preference, for rows where the chosen one is empty: Pipedrive writes the close date in
/// "Won time" or "Lost time", Dynamics the amount in "Actual Revenue" or "Est. Revenue".
/// Empty when the mapping names the field's column, or for fields other than closed and amount.
pub fn fallbacks(
    headers: &[String],
    field: Field,
    cols: &BTreeMap<Field, (usize, bool)>,
) -> Vec<usize> {
    if !matches!(field, Field::Closed | Field::Amount) || cols.get(&field).is_none_or(|c| !c.1) {
        return Vec::new();
    }
    let normalised: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    aliases(field)
        .iter()
        .filter_map(|a| normalised.iter().position(|h| h == a))
        .filter(|i| !cols.values().any(|(j, _)| j == i))
        .collect()
}

/// The column index of each field in a header row: the mapping's header text where it names
/// one, else the first recognised alias. Returns the columns and, per field, whether it was
/// recognised (`true`) or taken from the mapping (`false`).
pub fn resolve(
    headers: &[String],
    mapping: &Mapping,
) -> Result<BTreeMap<Field, (usize, bool)>, String> {
    let normalised: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let mut out = BTreeMap::new();
    for field in Field::ALL {
        if let Some(header) = mapping.columns.get(&field) {
            let n = normalise(header);
            let Some(i) = normalised.iter().position(|h| *h == n) else {
                let known: Vec<&str> = normalised.iter().map(String::as_str).collect();
                let suggestion = crate::scenario::load::suggest(&n, &known)
                    .and_then(|s| normalised.iter().position(|h| h == s))
                    .map(|i| headers[i].as_str());
                return Err(format!(
                    "the mapping names column \"{header}\" for `{}`, but the file has no such column{}; its columns are: {}",
                    field.name(),
                    suggestion
                        .map(|s| format!(" (did you mean \"{s}\"?)"))
                        .unwrap_or_default(),
                    headers.join(", ")
                ));
            };
            out.insert(field, (i, false));
            continue;
        }
        let found = aliases(field)
            .iter()
            .find_map(|a| normalised.iter().position(|h| h == a));
        if let Some(i) = found {
            // A column already taken by another field is not reused (e.g. `owner` for team).
            if !out.values().any(|(j, _)| *j == i) {
                out.insert(field, (i, true));
            }
        }
    }
    Ok(out)
}
