//! The rows of the `[optimise]` section of the key registry (docs/decisions.md): the
//! optimiser's trials and budget, its objectives, decision variables and constraints.

use super::{KeyDef, Kind};
use Kind::{Table, Text};

/// `[optimise]`: trials of the sample-average approximation (docs/decisions.md).
pub const OPTIMISE_TRIALS: KeyDef = KeyDef::whole(
    "optimise",
    "trials",
    "trials",
    10.0,
    100_000.0,
    200.0,
    "Trials every candidate plan is evaluated on: the same worlds for every plan and the baseline.",
);
/// `[optimise]`: trials of the confirmation run.
pub const OPTIMISE_CONFIRM_TRIALS: KeyDef = KeyDef::whole(
    "optimise",
    "confirm_trials",
    "trials",
    10.0,
    1_000_000.0,
    400.0,
    "Fresh, independent trials on which the best plan and the runners-up are run again; the outputs report these figures.",
);
/// `[optimise]`: evaluation budget.
pub const OPTIMISE_EVALUATIONS: KeyDef = KeyDef::whole(
    "optimise",
    "evaluations",
    "plans",
    4.0,
    10_000.0,
    80.0,
    "Most candidate plans the optimiser evaluates (Nelder-Mead iterations stop earlier when the simplex has converged).",
);
/// `[optimise]`: runners-up confirmed with the best plan.
pub const OPTIMISE_RUNNERS_UP: KeyDef = KeyDef::whole(
    "optimise",
    "runners_up",
    "plans",
    0.0,
    20.0,
    3.0,
    "Next-best distinct plans that are confirmed too, to show whether the ranking holds on fresh trials.",
);
/// The objectives `[optimise] objective` may name.
pub const OPTIMISE_OBJECTIVES: [&str; 4] = [
    "operating_profit",
    "operating_margin",
    "revenue",
    "profit_change_p05",
];
/// `[optimise]`.
pub const OPTIMISE: &[KeyDef] = &[
    KeyDef::other(
        "optimise",
        "base",
        Text,
        "a variant name",
        "the baseline",
        "The variant every candidate plan copies before the decision variables are set.",
    ),
    KeyDef::other(
        "optimise",
        "objective",
        Text,
        "`operating_profit`, `operating_margin`, `revenue` or `profit_change_p05`",
        "`\"operating_profit\"`",
        "What to maximise: expected operating profit, the operating margin of the expected P&L, expected revenue, or the 5th percentile across worlds of the profit change vs the baseline.",
    ),
    OPTIMISE_TRIALS,
    OPTIMISE_CONFIRM_TRIALS,
    OPTIMISE_EVALUATIONS,
    OPTIMISE_RUNNERS_UP,
    KeyDef::other(
        "optimise",
        "variables",
        Table,
        "[[optimise.variables]]",
        "required",
        "The decision variables (below), at least one.",
    ),
    KeyDef::other(
        "optimise",
        "constraints",
        Table,
        "[[optimise.constraints]]",
        "none",
        "Conditions a plan must meet (below).",
    ),
];
/// `[[optimise.variables]]`.
pub const OPTIMISE_VARIABLE: &[KeyDef] = &[
    KeyDef::other(
        "optimise.variables",
        "path",
        Text,
        "`coaching_hours[.MOTION]`, `levers.NAME`, `regime.[MOTION.]target_level`, `regime.[MOTION.]variable_share`, `regime.[MOTION.]cap` or `regime.[MOTION.]weights`",
        "required",
        "What the optimiser may change (a sweep path of a decision, or a regime's weights); `coaching_hours.complex` sets the coaching hours of the complex teams only.",
    ),
    KeyDef::other(
        "optimise.variables",
        "team",
        Text,
        "a team's name",
        "every team",
        "For `coaching_hours`: the one team whose coaching hours the optimiser sets (named `coaching_hours[TEAM]` in outputs).",
    ),
    KeyDef::other(
        "optimise.variables",
        "from",
        Kind::Number,
        "in the path's range",
        "the path's lower bound",
        "Lowest value the optimiser may try.",
    ),
    KeyDef::other(
        "optimise.variables",
        "to",
        Kind::Number,
        "in the path's range",
        "the path's upper bound",
        "Highest value the optimiser may try.",
    ),
    KeyDef::other(
        "optimise.variables",
        "kpis",
        Table,
        "list of KPI names, at least two",
        "required for `weights`",
        "For `regime.[MOTION.]weights`: the KPIs whose weights the optimiser shares out (on the simplex; the other KPIs get weight 0).",
    ),
];
/// `[[optimise.constraints]]`.
pub const OPTIMISE_CONSTRAINT: &[KeyDef] = &[
    KeyDef::other(
        "optimise.constraints",
        "output",
        Text,
        "`p_profit_falls`, `revenue_pct`, `operating_margin_pp` or a metric name",
        "required",
        "What is bounded: the share of worlds in which operating profit falls, a change vs the baseline, or a metric's mean under the plan.",
    ),
    KeyDef::other(
        "optimise.constraints",
        "min",
        Kind::Number,
        "any number",
        "none",
        "Smallest allowed value.",
    ),
    KeyDef::other(
        "optimise.constraints",
        "max",
        Kind::Number,
        "any number",
        "none",
        "Largest allowed value.",
    ),
];
