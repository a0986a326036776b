//! The rows of the `[calibration]` section of the key registry (docs/calibration.md): what
//! `spmsim calibrate` observed in the CRM export, kept in the calibrated scenario so that a run
//! can compare its simulated baseline with it and the report can say how well the baseline
//! matches the data. Written by `spmsim calibrate`; a user rarely edits it.

use super::{KeyDef, Kind};
use Kind::{Number, Table, Text, Whole};

/// `[calibration]`.
pub const CALIBRATION: &[KeyDef] = &[
    KeyDef::other(
        "calibration",
        "source",
        Text,
        "a file name",
        "required",
        "The CRM export the baseline was calibrated from.",
    ),
    KeyDef::other(
        "calibration",
        "export_date",
        Text,
        "a date, YYYY-MM-DD",
        "required",
        "The export's date: open deals are open at this date.",
    ),
    KeyDef::other(
        "calibration",
        "opportunities",
        Whole,
        "≥ 0, whole",
        "required",
        "Opportunities of the export used in the calibration (after bad rows were left out).",
    ),
    KeyDef::other(
        "calibration",
        "weeks",
        Number,
        "> 0",
        "none",
        "Weeks from the first created opportunity to the export date.",
    ),
    KeyDef::other(
        "calibration",
        "traditional",
        Table,
        "the keys below",
        "none",
        "What the export shows for traditional selling.",
    ),
    KeyDef::other(
        "calibration",
        "complex",
        Table,
        "the keys below",
        "none",
        "What the export shows for complex selling.",
    ),
];

/// `[calibration.traditional]` and `[calibration.complex]`: the observed figures a run
/// compares with its baseline (each optional; a figure the export could not give is left out).
pub const CALIBRATION_MOTION: &[KeyDef] = &[
    KeyDef::other(
        "calibration.MOTION",
        "won_deals",
        Whole,
        "≥ 0, whole",
        "0",
        "Won deals of the motion in the export.",
    ),
    KeyDef::other(
        "calibration.MOTION",
        "closed_deals",
        Whole,
        "≥ 0, whole",
        "0",
        "Won and lost deals of the motion in the export.",
    ),
    KeyDef::other(
        "calibration.MOTION",
        "win_rate",
        Number,
        "[0, 1]",
        "none",
        "Won over won and lost deals; compared with `win_rate_MOTION`.",
    ),
    KeyDef::other(
        "calibration.MOTION",
        "avg_won_deal",
        Number,
        "> 0",
        "none",
        "Mean amount of a won deal; compared with `avg_won_deal_MOTION`.",
    ),
    KeyDef::other(
        "calibration.MOTION",
        "deals_won_per_rep_year",
        Number,
        "≥ 0",
        "none",
        "Won deals per rep and 52 weeks; compared with `deals_won_per_rep_year_MOTION`.",
    ),
    KeyDef::other(
        "calibration.MOTION",
        "won_cycle_weeks",
        Number,
        "> 0",
        "none",
        "Mean weeks from created to won of won deals; compared with `cycle_weeks_won_MOTION`.",
    ),
];
