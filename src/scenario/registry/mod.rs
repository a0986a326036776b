//! The key registry: every key a scenario file may contain, in one table of [`KeyDef`] rows,
//! grouped by section. The loader reads ranges and defaults from it, variant overrides and
//! sweeps ask it which keys they may change and within which bounds, `spmsim reference`
//! (docs/scenario-reference.md) is generated from it, and the loader fuzzer draws its keys,
//! ranges and defaults from it. Nothing else restates a range or a default.
//!
//! The numeric model parameters (motion, incentives, people, economics, routing) and the
//! model's structural constants (`model`) are rows of the three `param_table!` tables in
//! [`super::params`], which also generate the structs the simulation reads
//! ([`MotionParams`], [`GlobalParams`], [`Constants`]); the other sections are the constants
//! below. [`all`] walks every row.

use super::Levers;
use super::params::{Constants, GlobalParams, MotionParams};

/// What kind of value a key takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A number in `[lo, hi]`.
    Number,
    /// A whole number in `[lo, hi]`.
    Whole,
    /// Text, a name or a choice (described by `valid`).
    Text,
    /// `true` or `false`.
    Flag,
    /// A table or a list (described by `valid` and `doc`).
    Table,
}

/// One key of a scenario file.
#[derive(Clone, Copy, Debug)]
pub struct KeyDef {
    /// The section it lives in, e.g. `run`, `motion` (both `[traditional]` and `[complex]`),
    /// `people`, `variants`, `levers`, `sweep`.
    pub section: &'static str,
    /// Key inside its section, e.g. `contact_hours`.
    pub key: &'static str,
    /// Unit for readers, e.g. `h`, `share`, `per week` (empty when none).
    pub unit: &'static str,
    /// Smallest valid value (numbers only).
    pub lo: f64,
    /// Largest valid value (numbers only).
    pub hi: f64,
    /// Whether the value must be a whole number (such keys cannot be distributions).
    pub integer: bool,
    /// What kind of value it takes.
    pub kind: Kind,
    /// Default for traditional and complex selling (equal unless the section is `motion`).
    pub default: [f64; 2],
    /// The default as the reference shows it, when it is not a number (`required`, `empty`).
    pub default_text: &'static str,
    /// The valid values as the reference shows them, when they are not a range.
    pub valid: &'static str,
    /// One-line meaning, with the symbol of docs/model.md where there is one.
    pub doc: &'static str,
    /// Whether the value may be a distribution (an uncertain input).
    pub dist: bool,
    /// Whether a variant may set it (under `set`, or directly for variant keys and levers).
    pub variant: bool,
    /// Whether a sweep may vary it (its sweep path is `section.key` for parameters, `key` for
    /// variant keys, `levers.key`, `regime.key`).
    pub sweep: bool,
    /// Manager hours a week the key costs per unit of its value: (per team, per complex rep).
    /// Non-zero only for coaching and the levers (docs/model.md section 6.1).
    pub manager_hours: [f64; 2],
}

impl KeyDef {
    const BLANK: KeyDef = KeyDef {
        section: "",
        key: "",
        unit: "",
        lo: 0.0,
        hi: 0.0,
        integer: false,
        kind: Kind::Text,
        default: [0.0; 2],
        default_text: "",
        valid: "",
        doc: "",
        dist: false,
        variant: false,
        sweep: false,
        manager_hours: [0.0; 2],
    };

    /// A model parameter: a number (or a whole number) that may be a distribution unless
    /// whole, set per variant, and swept.
    #[allow(clippy::too_many_arguments)]
    pub const fn param(
        section: &'static str,
        key: &'static str,
        unit: &'static str,
        lo: f64,
        hi: f64,
        integer: bool,
        default: [f64; 2],
        doc: &'static str,
    ) -> KeyDef {
        KeyDef {
            section,
            key,
            unit,
            lo,
            hi,
            integer,
            kind: if integer { Kind::Whole } else { Kind::Number },
            default,
            dist: !integer,
            variant: true,
            sweep: true,
            doc,
            ..KeyDef::BLANK
        }
    }

    /// A number in `[lo, hi]` with a default.
    pub const fn number(
        section: &'static str,
        key: &'static str,
        unit: &'static str,
        lo: f64,
        hi: f64,
        default: f64,
        doc: &'static str,
    ) -> KeyDef {
        KeyDef {
            section,
            key,
            unit,
            lo,
            hi,
            kind: Kind::Number,
            default: [default; 2],
            doc,
            ..KeyDef::BLANK
        }
    }

    /// A whole number in `[lo, hi]` with a default.
    pub const fn whole(
        section: &'static str,
        key: &'static str,
        unit: &'static str,
        lo: f64,
        hi: f64,
        default: f64,
        doc: &'static str,
    ) -> KeyDef {
        KeyDef {
            integer: true,
            kind: Kind::Whole,
            ..KeyDef::number(section, key, unit, lo, hi, default, doc)
        }
    }

    /// A key whose value is not a number: text, a flag, a table or a list.
    pub const fn other(
        section: &'static str,
        key: &'static str,
        kind: Kind,
        valid: &'static str,
        default_text: &'static str,
        doc: &'static str,
    ) -> KeyDef {
        KeyDef {
            section,
            key,
            kind,
            valid,
            default_text,
            doc,
            ..KeyDef::BLANK
        }
    }

    /// The same key, shown with a default in words.
    pub const fn shown(self, default_text: &'static str) -> KeyDef {
        KeyDef {
            default_text,
            ..self
        }
    }

    /// The same key, shown with valid values in words.
    pub const fn valid_as(self, valid: &'static str) -> KeyDef {
        KeyDef { valid, ..self }
    }

    /// The same key, settable per variant and sweepable.
    pub const fn swept(self) -> KeyDef {
        KeyDef {
            variant: true,
            sweep: true,
            ..self
        }
    }

    /// The same key as a manager lever: a fixed number (never drawn), set per variant, swept.
    pub const fn lever(self) -> KeyDef {
        KeyDef {
            dist: false,
            ..self
        }
    }

    /// The same key as a fixed number: it may be set per variant and swept, but not be a
    /// distribution (a convention such as the weeks in a year, not an uncertain quantity).
    pub const fn not_drawn(self) -> KeyDef {
        KeyDef {
            dist: false,
            ..self
        }
    }

    /// The same key, costing manager hours (per team, per complex rep) per unit of value.
    pub const fn costs(self, per_team: f64, per_complex_rep: f64) -> KeyDef {
        KeyDef {
            manager_hours: [per_team, per_complex_rep],
            ..self
        }
    }

    /// Whether `x` is in the valid range.
    pub fn contains(&self, x: f64) -> bool {
        x >= self.lo && x <= self.hi
    }

    /// The valid range as whole numbers (for counts read as integers).
    pub fn whole_range(&self) -> (i64, i64) {
        (self.lo as i64, self.hi as i64)
    }

    /// The default of a count.
    pub fn whole_default(&self) -> i64 {
        self.default[0] as i64
    }
}

/// Names of the keys of a section, in table order (the "known keys" of its messages).
pub fn keys(rows: &[KeyDef]) -> Vec<&'static str> {
    rows.iter().map(|r| r.key).collect()
}

pub mod plausible;
mod rows;
mod rows_calibration;
mod rows_optimise;

pub use rows::*;
pub use rows_calibration::*;
pub use rows_optimise::*;

/// Every row of the registry, section by section.
pub fn all() -> impl Iterator<Item = &'static KeyDef> {
    [
        EXPERIMENT,
        RUN,
        TEAMS,
        MotionParams::SPECS,
        GlobalParams::SPECS,
        Constants::SPECS,
        &[SHARE, PERCEIVED, MANAGER_CAPACITY],
        REGIMES,
        &[WEIGHT_SHARE],
        VARIANTS,
        LEVERS,
        DECISION,
        SWEEP,
        SWEEP_PARAMETER,
        SENSITIVITY,
        CORRELATION,
        REPORT,
        OPTIMISE,
        OPTIMISE_VARIABLE,
        OPTIMISE_CONSTRAINT,
        CALIBRATION,
        CALIBRATION_MOTION,
    ]
    .into_iter()
    .flatten()
}

/// Manager hours a week a variant asks of one team: coaching per rep plus each lever's cost
/// (docs/model.md section 6.1).
pub fn manager_hours(coaching_hours: f64, reps: u32, complex: bool, levers: &Levers) -> f64 {
    let complex_reps = if complex { reps as f64 } else { 0.0 };
    let mut used = coaching_hours * reps as f64;
    for (i, spec) in Levers::SPECS.iter().enumerate() {
        let [per_team, per_rep] = spec.manager_hours;
        if per_team != 0.0 || per_rep != 0.0 {
            used += per_team * levers.slot(i) + per_rep * levers.slot(i) * complex_reps;
        }
    }
    used
}

/// The manager-time rule in words, generated from the lever rows.
pub fn manager_hours_rule() -> String {
    let mut s = String::from("coaching_hours * reps");
    for spec in Levers::SPECS {
        let [per_team, per_rep] = spec.manager_hours;
        let k = spec.key;
        if per_team != 0.0 {
            s += &if per_team == 1.0 {
                format!(" + {k}")
            } else {
                format!(" + {per_team} {k}")
            };
        }
        if per_rep != 0.0 {
            s += &format!(" + {per_rep} {k} * complex reps");
        }
    }
    s + " <= manager_hours_per_week`; beyond it, extra manager capacity is priced pro rata at \
         `manager_cost_per_year`, or the variant is refused with `[economics]` \
         `manager_capacity` = `\"fixed\""
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_lie_in_their_ranges_and_keys_are_unique() {
        let rows: Vec<&KeyDef> = all().collect();
        for r in &rows {
            if matches!(r.kind, Kind::Number | Kind::Whole) && r.default_text.is_empty() {
                for d in r.default {
                    assert!(r.contains(d), "{}.{} default {d}", r.section, r.key);
                    assert!(!r.integer || d.fract() == 0.0, "{}", r.key);
                }
            }
            assert!(!r.doc.is_empty(), "{}.{}", r.section, r.key);
            assert!(
                !(r.integer && r.dist),
                "{}: whole numbers are not drawn",
                r.key
            );
            let twice = rows
                .iter()
                .filter(|o| o.section == r.section && o.key == r.key)
                .count();
            assert_eq!(twice, 1, "{}.{} listed twice", r.section, r.key);
        }
        for g in GLOBAL_GROUPS.iter().chain([&MODEL_SECTION]) {
            assert!(TOP_KEYS.contains(g), "{g}");
        }
    }

    /// The text of the docs/model.md section whose heading starts with `heading`.
    fn model_doc_section(heading: &str) -> String {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/model.md");
        let doc = std::fs::read_to_string(path).expect("docs/model.md is readable");
        let start = doc
            .find(&format!("\n{heading}"))
            .unwrap_or_else(|| panic!("docs/model.md has no heading `{heading}`"));
        let rest = &doc[start + 1..];
        let end = rest[1..].find("\n#").map_or(rest.len(), |i| i + 1);
        rest[..end].to_string()
    }

    #[test]
    fn manager_time_rule_matches_docs() {
        // Section 6.1 writes the rule with the lever symbols of the doc.
        let mut rule = String::from("c * reps");
        for spec in Levers::SPECS {
            let [per_team, per_rep] = spec.manager_hours;
            if per_team != 0.0 {
                rule += &format!(" + {per_team} * L_{}", spec.key);
            }
            if per_rep != 0.0 {
                rule += &format!(
                    " + {per_rep} * L_{} * (reps if the team is complex)",
                    spec.key
                );
            }
        }
        rule += " <= H_mgr";
        let s61 = model_doc_section("### 6.1 ");
        assert!(
            s61.lines().any(|l| l.trim() == rule),
            "docs/model.md section 6.1 should state `{rule}`"
        );

        // Section 6.5 gives each lever's manager hours in the last column of its table.
        let s65 = model_doc_section("### 6.5 ");
        let rows: Vec<Vec<&str>> = s65
            .lines()
            .filter(|l| l.starts_with('|'))
            .map(|l| l.trim_matches('|').split('|').map(str::trim).collect())
            .filter(|cells: &Vec<&str>| cells.len() == 4 && cells[1].starts_with('`'))
            .collect();
        assert_eq!(rows.len(), Levers::SPECS.len(), "one table row per lever");
        for spec in Levers::SPECS {
            let key = format!("`{}`", spec.key);
            let row = rows
                .iter()
                .find(|r| r[1] == key)
                .unwrap_or_else(|| panic!("section 6.5 has no row for {key}"));
            let [per_team, per_rep] = spec.manager_hours;
            let mut parts = Vec::new();
            if per_team != 0.0 {
                parts.push(format!("{per_team} * L"));
            }
            if per_rep != 0.0 {
                parts.push(format!("{per_rep} * L per complex rep"));
            }
            let hours = if parts.is_empty() {
                "none".to_string()
            } else {
                parts.join(" + ")
            };
            assert_eq!(row[3], hours, "manager hours of {key} in section 6.5");
        }

        // The function the loader checks charges the documented hours.
        let levers = Levers {
            winloss: 1.0,
            gate: 1.0,
            practice: 1.0,
            ..Levers::default()
        };
        assert_eq!(manager_hours(1.0, 6, true, &levers), 6.0 + 2.0 + 3.0 + 1.0);
        assert_eq!(manager_hours(1.0, 6, false, &levers), 6.0 + 2.0 + 1.0);
    }
}
