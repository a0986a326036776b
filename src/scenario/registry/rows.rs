//! The rows of the key registry outside the model parameter tables: run, teams, shares,
//! regimes, variants, levers, decision, sweep, sensitivity and correlation, plus the limits on
//! counts. Each section is a slice of [`KeyDef`] in the order of its "known keys" hints.

use super::{KeyDef, Kind};
use crate::scenario::{Levers, Motion};

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
pub const TOP_KEYS: [&str; 21] = [
    "experiment",
    "run",
    "teams",
    "traditional",
    "complex",
    "incentives",
    "people",
    "economics",
    "routing",
    "model",
    "perceived_effect",
    "regimes",
    "variants",
    "schema",
    "decision",
    "sweep",
    "sensitivity",
    "correlation",
    "report",
    "optimise",
    "calibration",
];

/// The sections of global model parameters, in the order the reference lists them. A new
/// section of parameters is a new entry here plus its rows in [`GlobalParams`].
pub const GLOBAL_GROUPS: &[&str] = &["incentives", "people", "economics", "routing"];

/// The section of the model's structural constants (the rows of
/// [`Constants`](crate::scenario::params::Constants)): `[model]` in a scenario file, `model.KEY`
/// as a parameter path.
pub const MODEL_SECTION: &str = "model";

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

/// `[economics]`: what happens when coaching and levers ask more of a manager than the
/// manager's leadership hours (docs/model.md section 6.1).
pub const MANAGER_CAPACITY: KeyDef = KeyDef::other(
    "economics",
    "manager_capacity",
    Text,
    "`\"flexible\"` or `\"fixed\"`",
    "`\"flexible\"`",
    "`flexible`: hours beyond `manager_hours_per_week` are bought as extra manager capacity, priced pro rata at `manager_cost_per_year`; `fixed`: a variant that asks for more is refused.",
);
/// The choices of [`MANAGER_CAPACITY`], the default first.
pub const MANAGER_CAPACITY_CHOICES: [&str; 2] = ["flexible", "fixed"];

/// `[[variants]]`: coaching hours.
pub const COACHING_HOURS: KeyDef = KeyDef::number(
    "variants",
    "coaching_hours",
    "h/rep/week",
    0.0,
    40.0,
    0.0,
    "Manager coaching hours per rep and week: one number for every team, or a table by team name, motion and `default`, e.g. `{ complex = 2.0, traditional = 0.5 }` (a team takes its own name's value, else its motion's, else `default`'s, else 0). Swept and optimised as `coaching_hours` (every team) or `coaching_hours.MOTION`.",
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

/// `[report]`: which variant the report's headline is about, and the language of what a run
/// writes for people.
pub const REPORT: &[KeyDef] = &[
    KeyDef::other(
        "report",
        "headline",
        Text,
        "a variant name (not the baseline)",
        "the first variant that is neither the baseline nor a sweep point",
        "The variant the report's headline sentence is about. Declare it before the run: a headline picked after seeing the results is the best of many, which the report shows separately, confirmed on fresh trials.",
    ),
    KeyDef::other(
        "report",
        "lang",
        Text,
        "`en` or `sv`",
        "en",
        "Language of the charts, the table a run prints and the workbook; `spmsim report`, `plot` and `export` of the run default to it (`--lang` on the command line wins).",
    ),
];

/// Sections whose keys are decisions of the sales leader: what reps are measured and paid on
/// (`regimes`: weights, target level, variable share, cap, targets), coaching (`variants`:
/// `coaching_hours`), the manager levers (`levers`) and the routing rules (`routing`). The
/// model simulates how reps and customers respond to them (docs/model.md section 1.1).
pub const DECISION_SECTIONS: &[&str] = &["variants", "levers", "regimes", "routing"];

/// Keys outside [`DECISION_SECTIONS`] that are decisions too, as (section, key): who
/// coaches and with how much time (the manager's coaching skill and leadership hours, whose
/// effect the coaching model of docs/model.md section 6 simulates) and the discount
/// authority a rep is given.
pub const DECISION_KEYS: &[(&str, &str)] = &[
    ("motion", "coaching_skill"),
    ("motion", "manager_hours_per_week"),
    ("incentives", "discount_max"),
];

/// Whether a key is a decision (its effect is simulated) rather than an assumption about the
/// market, the funnel, prices, costs or the model's structure (whose effect a variant that
/// overrides it assumes rather than simulates). The one place this is decided.
pub fn is_decision(row: &KeyDef) -> bool {
    DECISION_SECTIONS.contains(&row.section) || DECISION_KEYS.contains(&(row.section, row.key))
}
