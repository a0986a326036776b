//! The key registry: every key a scenario file may contain, in one table of [`KeyDef`] rows,
//! grouped by section. The loader reads ranges and defaults from it, variant overrides and
//! sweeps ask it which keys they may change and within which bounds, `spmsim reference`
//! (docs/scenario-reference.md) is generated from it, and the loader fuzzer draws its keys,
//! ranges and defaults from it. Nothing else restates a range or a default.
//!
//! The numeric model parameters (motion, incentives, people, economics, routing) are rows of
//! the two `param_table!` tables in [`super::params`]; the other sections are the constants
//! below. [`all`] walks every row.

use super::params::{GlobalParams, MotionParams};
use super::{Levers, Motion};

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

/// Largest number of trials a scenario may ask for.
pub const MAX_TRIALS: u64 = 100_000_000;
/// Largest number of rep seats in one organisation.
pub const MAX_REPS: u64 = 100_000;
/// Largest number of teams.
pub const MAX_TEAMS: usize = 10_000;
/// Largest number of variants written in a file.
pub const MAX_VARIANTS: usize = 1000;
/// Largest number of sweep points.
pub const MAX_SWEEP_POINTS: usize = 5_000;

/// Keys allowed at the top of a scenario file: the sections.
pub const TOP_KEYS: [&str; 17] = [
    "experiment",
    "run",
    "teams",
    "traditional",
    "complex",
    "incentives",
    "people",
    "economics",
    "routing",
    "perceived_effect",
    "regimes",
    "variants",
    "schema",
    "decision",
    "sweep",
    "sensitivity",
    "correlation",
];

/// The sections of global model parameters, in the order the reference lists them. A new
/// section of parameters is a new entry here plus its rows in [`GlobalParams`].
pub const GLOBAL_GROUPS: &[&str] = &["incentives", "people", "economics", "routing"];

use Kind::{Flag, Table, Text};

/// `[experiment]`.
pub const EXPERIMENT: &[KeyDef] = &[
    KeyDef::other(
        "experiment",
        "name",
        Text,
        "",
        "file stem",
        "Short name used in outputs.",
    ),
    KeyDef::other(
        "experiment",
        "description",
        Text,
        "",
        "empty",
        "What the experiment is about.",
    ),
];

/// `[run]`: trials.
pub const TRIALS: KeyDef = KeyDef::whole(
    "run",
    "trials",
    "trials",
    1.0,
    MAX_TRIALS as f64,
    500.0,
    "Monte Carlo trials (sampled worlds); every variant runs on each.",
);
/// `[run]`: seed.
pub const SEED: KeyDef = KeyDef::whole(
    "run",
    "seed",
    "",
    0.0,
    i64::MAX as f64,
    1.0,
    "Master seed of every keyed random stream.",
)
.valid_as(">= 0");
/// `[run]`: burn-in.
pub const BURN_IN_WEEKS: KeyDef = KeyDef::whole(
    "run",
    "burn_in_weeks",
    "weeks",
    0.0,
    520.0,
    26.0,
    "Weeks under the baseline's behaviour before the switch, not counted.",
);
/// `[run]`: horizon.
pub const HORIZON_WEEKS: KeyDef = KeyDef::whole(
    "run",
    "horizon_weeks",
    "weeks",
    1.0,
    1040.0,
    52.0,
    "Weeks counted after the switch.",
);
/// `[run]`: incentive period.
pub const PERIOD_WEEKS: KeyDef = KeyDef::whole(
    "run",
    "period_weeks",
    "weeks",
    1.0,
    52.0,
    13.0,
    "Incentive period: pay, targets and pressure reset.",
);
/// `[run]`: currency label (its length is checked in characters, `lo` to `hi` bytes).
pub const CURRENCY: KeyDef = KeyDef {
    lo: 1.0,
    hi: 12.0,
    ..KeyDef::other(
        "run",
        "currency",
        Text,
        "characters",
        "SEK",
        "Currency label of money figures.",
    )
};
/// `[run]`: pilot trials.
pub const PILOT_TRIALS: KeyDef = KeyDef::whole(
    "run",
    "pilot_trials",
    "trials",
    1.0,
    100_000.0,
    200.0,
    "Trials of the deterministic baseline pilot that sets `auto` targets.",
);
/// `[run]`.
pub const RUN: &[KeyDef] = &[
    TRIALS,
    SEED,
    BURN_IN_WEEKS,
    HORIZON_WEEKS,
    PERIOD_WEEKS,
    CURRENCY,
    PILOT_TRIALS,
];

/// `[[teams]]`: rep seats.
pub const REPS: KeyDef = KeyDef::whole(
    "teams",
    "reps",
    "reps",
    1.0,
    MAX_REPS as f64,
    0.0,
    "Rep seats (required).",
)
.shown("required");
/// `[[teams]]`.
pub const TEAMS: &[KeyDef] = &[
    KeyDef::other(
        "teams",
        "name",
        Text,
        "unique",
        "`teamN`",
        "Unique team name.",
    ),
    KeyDef::other(
        "teams",
        "motion",
        Text,
        "`traditional` or `complex`",
        "required",
        "Selling motion.",
    ),
    REPS,
];
/// The default organisation: (name, motion, reps) per team.
pub const DEFAULT_TEAMS: [(&str, Motion, u32); 2] = [
    ("traditional", Motion::Traditional, 8),
    ("complex", Motion::Complex, 6),
];

/// `habit` and `playbook` in `[traditional]` and `[complex]`: each share.
pub const SHARE: KeyDef = KeyDef {
    lo: 0.0,
    hi: 1.0,
    ..KeyDef::other(
        "motion",
        "habit",
        Table,
        "activity = share",
        "the model's",
        "Tables of activity = share: all six activities, each above 0, summing to 1.",
    )
};
/// Entries of `[perceived_effect.ACTIVITY]`.
pub const PERCEIVED: KeyDef = KeyDef {
    lo: 0.0,
    hi: 1.0,
    ..KeyDef::other(
        "perceived_effect",
        "ACTIVITY.KPI",
        Table,
        "KPI = number",
        "the model's",
        "How strongly a rep believes an hour on the activity moves the KPI within the period.",
    )
};

/// `[regimes.NAME]`: a KPI weight.
pub const WEIGHT: KeyDef = KeyDef {
    lo: 0.0,
    hi: 1e6,
    ..KeyDef::other(
        "regimes",
        "weights",
        Table,
        "KPI = weight, not all 0",
        "required",
        "Table of KPI = weight; normalised to sum 1.",
    )
};
/// `[regimes.NAME]`: target level.
pub const TARGET_LEVEL: KeyDef = KeyDef::number(
    "regimes",
    "target_level",
    "factor",
    0.1,
    10.0,
    1.0,
    "Target as a multiple of today's level.",
)
.swept();
/// `[regimes.NAME]`: variable pay share.
pub const VARIABLE_SHARE: KeyDef = KeyDef::number(
    "regimes",
    "variable_share",
    "share",
    0.0,
    10.0,
    0.3,
    "Variable pay at 100 % attainment, as a share of base pay.",
)
.swept();
/// `[regimes.NAME]`: payout cap.
pub const CAP: KeyDef = KeyDef::number(
    "regimes",
    "cap",
    "factor",
    0.0,
    100.0,
    2.0,
    "Payout cap as a multiple of attainment 1.",
)
.swept();
/// `[regimes.NAME]`: an absolute target.
pub const TARGET: KeyDef = KeyDef {
    lo: 1e-9,
    hi: 1e15,
    ..KeyDef::other(
        "regimes",
        "targets",
        Table,
        "`\"auto\"` or KPI = target",
        "`\"auto\"`",
        "`\"auto\"` (target level times the baseline pilot's mean) or a table KPI = absolute target per rep and period (each `\"auto\"` or a number).",
    )
};
/// `[regimes.NAME]`, in the order of "known keys" hints.
pub const REGIMES: &[KeyDef] = &[
    KeyDef::other("regimes", "description", Text, "", "empty", "Free text."),
    WEIGHT,
    TARGET_LEVEL,
    VARIABLE_SHARE,
    CAP,
    TARGET,
    KeyDef::other(
        "regimes",
        "traditional",
        Text,
        "a regime name",
        "none",
        "A per-motion regime: the regime of traditional teams (with `complex`).",
    ),
    KeyDef::other(
        "regimes",
        "complex",
        Text,
        "a regime name",
        "none",
        "A per-motion regime: the regime of complex teams (with `traditional`).",
    ),
];
/// Sweep path `regime.weights.KPI`: the KPI's share of the weights (the others keep their
/// proportions).
pub const WEIGHT_SHARE: KeyDef = KeyDef::number(
    "regimes",
    "weights.KPI",
    "share",
    0.0,
    1.0,
    0.0,
    "Sweep only: the KPI's share of the regime's weights; the other weights keep their proportions.",
)
.swept();

/// `[[variants]]`: coaching hours.
pub const COACHING_HOURS: KeyDef = KeyDef::number(
    "variants",
    "coaching_hours",
    "h/rep/week",
    0.0,
    40.0,
    0.0,
    "Manager coaching hours per rep and week.",
)
.swept();
/// `[[variants]]`, in the order of "known keys" hints.
pub const VARIANTS: &[KeyDef] = &[
    KeyDef::other(
        "variants",
        "name",
        Text,
        "unique, no commas or quotes",
        "required",
        "Unique name.",
    ),
    KeyDef::other(
        "variants",
        "baseline",
        Flag,
        "true or false",
        "false (true if only one variant)",
        "Exactly one variant is the baseline.",
    ),
    KeyDef::other("variants", "description", Text, "", "empty", "Free text."),
    KeyDef::other(
        "variants",
        "regime",
        Text,
        "a regime name, or a table by motion or team",
        "`\"revenue_only\"`",
        "A regime name for every team, or a table by motion or team name: `regime = { traditional = \"activity\", complex = \"quality\" }`.",
    ),
    COACHING_HOURS,
    KeyDef::other(
        "variants",
        "levers",
        Table,
        "lever = value",
        "all 0",
        "Table of lever = value (see `levers` below).",
    ),
    KeyDef::other(
        "variants",
        "set",
        Table,
        "parameter tables",
        "none",
        "Parameter overrides: the same tables as above, e.g. `set = { \"complex.loss_per_week\" = 0.03 }` or `[variants.set.complex]`.",
    ),
];
/// The regime a variant uses when it names none.
pub const DEFAULT_REGIME: &str = "revenue_only";

/// The manager levers of docs/model.md section 6.5 (a variant's `levers` table).
pub const LEVERS: &[KeyDef] = Levers::SPECS;

/// `[decision]`.
pub const DECISION: &[KeyDef] = &[
    KeyDef::other(
        "decision",
        "metric",
        Text,
        "an output name",
        "`\"revenue_pct\"`",
        "`revenue_pct`, `operating_margin_pp`, or a metric name (change in its unit; for metrics where lower is better, reaching means at most the threshold).",
    ),
    KeyDef::other(
        "decision",
        "threshold",
        Kind::Number,
        "any number",
        "required",
        "The change that counts, e.g. `10` for revenue +10 %.",
    ),
];

/// `[sweep]`: Latin-hypercube points.
pub const SWEEP_POINTS: KeyDef = KeyDef::whole(
    "sweep",
    "points",
    "points",
    2.0,
    MAX_SWEEP_POINTS as f64,
    0.0,
    "Number of Latin-hypercube points.",
)
.shown("required for `lhs`");
/// `[sweep]`.
pub const SWEEP: &[KeyDef] = &[
    KeyDef::other(
        "sweep",
        "base",
        Text,
        "a variant name",
        "the baseline",
        "The variant each point copies.",
    ),
    KeyDef::other(
        "sweep",
        "design",
        Text,
        "`grid` or `lhs`",
        "`\"grid\"`",
        "`grid` (every combination) or `lhs` (Latin hypercube).",
    ),
    SWEEP_POINTS,
    KeyDef::other(
        "sweep",
        "parameters",
        Table,
        "[[sweep.parameters]]",
        "required",
        "One table per swept parameter (below).",
    ),
    KeyDef::other(
        "sweep",
        "prefix",
        Text,
        "",
        "`\"sweep\"`",
        "Names of the generated variants: `prefix-01`, `prefix-02`, ...",
    ),
];
/// `[[sweep.parameters]]`: grid steps.
pub const SWEEP_STEPS: KeyDef = KeyDef::whole(
    "sweep.parameters",
    "steps",
    "values",
    1.0,
    MAX_SWEEP_POINTS as f64,
    0.0,
    "Number of grid values from `from` to `to`.",
)
.shown("required for a grid range");
/// `[[sweep.parameters]]`.
pub const SWEEP_PARAMETER: &[KeyDef] = &[
    KeyDef::other(
        "sweep.parameters",
        "path",
        Text,
        "a sweep path",
        "required",
        "What to vary (the sweep paths are listed below).",
    ),
    KeyDef::other(
        "sweep.parameters",
        "values",
        Table,
        "list of numbers",
        "none",
        "The values to take; or give `from` and `to`.",
    ),
    KeyDef::other(
        "sweep.parameters",
        "from",
        Kind::Number,
        "in the path's range",
        "none",
        "Lower end of a range.",
    ),
    KeyDef::other(
        "sweep.parameters",
        "to",
        Kind::Number,
        "in the path's range",
        "none",
        "Upper end of a range.",
    ),
    SWEEP_STEPS,
];

/// `[sensitivity]`: trials of each one-at-a-time run.
pub const SENSITIVITY_TRIALS: KeyDef = KeyDef::whole(
    "sensitivity",
    "trials",
    "trials",
    2.0,
    1_000_000.0,
    200.0,
    "Trials of each one-at-a-time run.",
)
.shown("`min(trials, 200)`");
/// `[sensitivity]`.
pub const SENSITIVITY: &[KeyDef] = &[
    KeyDef::other(
        "sensitivity",
        "output",
        Text,
        "an output name",
        "`\"revenue\"`",
        "A metric name, or `revenue_pct` / `operating_margin_pp` (change vs the baseline).",
    ),
    KeyDef::other(
        "sensitivity",
        "variant",
        Text,
        "a variant name",
        "the baseline (first other variant for changes)",
        "The variant the output is read from.",
    ),
    SENSITIVITY_TRIALS,
];

/// `[correlation]`: an entry of the matrix.
pub const CORRELATION_ENTRY: KeyDef = KeyDef {
    lo: -1.0,
    hi: 1.0,
    ..KeyDef::other(
        "correlation",
        "matrix",
        Table,
        "n x n",
        "required",
        "Rank (Spearman) correlation matrix: symmetric, ones on the diagonal, positive definite.",
    )
};
/// `[correlation]`.
pub const CORRELATION: &[KeyDef] = &[
    KeyDef::other(
        "correlation",
        "parameters",
        Table,
        "list of parameter paths",
        "required",
        "The correlated inputs; each must be a distribution.",
    ),
    CORRELATION_ENTRY,
];

/// Every row of the registry, section by section.
pub fn all() -> impl Iterator<Item = &'static KeyDef> {
    [
        EXPERIMENT,
        RUN,
        TEAMS,
        MotionParams::SPECS,
        GlobalParams::SPECS,
        &[SHARE, PERCEIVED],
        REGIMES,
        &[WEIGHT_SHARE],
        VARIANTS,
        LEVERS,
        DECISION,
        SWEEP,
        SWEEP_PARAMETER,
        SENSITIVITY,
        CORRELATION,
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
    s + " <= manager_hours_per_week"
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
        for g in GLOBAL_GROUPS {
            assert!(TOP_KEYS.contains(g), "{g}");
        }
    }

    #[test]
    fn manager_time_rule_matches_docs() {
        // docs/model.md section 6.1 writes the same rule.
        assert_eq!(
            manager_hours_rule(),
            "coaching_hours * reps + 2 winloss + 0.5 gate * complex reps + practice <= manager_hours_per_week"
        );
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
