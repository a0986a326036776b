//! The `[calibration]` section (docs/calibration.md section 6): what `spmsim calibrate`
//! observed in a CRM export, per motion. A run of a scenario with this section compares its
//! simulated baseline's figures with these (the `calibration` key of `summary.json`), and
//! `spmsim report` shows how well the baseline matches the data.

use serde::{Deserialize, Serialize};

use super::ctx::{Ctx, FieldPath};
use crate::scenario::Motion;
use crate::scenario::registry::{self, CALIBRATION, CALIBRATION_MOTION};

/// Relative error above which a figure of the baseline is flagged as not matching the export
/// (the tolerance of `calibration.csv`).
pub const CHECK_TOLERANCE: f64 = 0.15;

/// What the export showed for one motion (a figure the export could not give is `None`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ObservedMotion {
    /// The motion.
    pub motion: Motion,
    /// Won deals.
    pub won_deals: u64,
    /// Won and lost deals.
    pub closed_deals: u64,
    /// Won over closed.
    pub win_rate: Option<f64>,
    /// Mean won amount.
    pub avg_won_deal: Option<f64>,
    /// Won deals per rep and 52 weeks.
    pub deals_won_per_rep_year: Option<f64>,
    /// Mean weeks from created to won.
    pub won_cycle_weeks: Option<f64>,
}

impl ObservedMotion {
    /// The observed figures with the name of the metric each is compared with:
    /// `(figure key, metric name, value)`.
    pub fn figures(&self) -> Vec<(&'static str, String, f64)> {
        let m = self.motion.name();
        [
            ("win_rate", format!("win_rate_{m}"), self.win_rate),
            (
                "avg_won_deal",
                format!("avg_won_deal_{m}"),
                self.avg_won_deal,
            ),
            (
                "deals_won_per_rep_year",
                format!("deals_won_per_rep_year_{m}"),
                self.deals_won_per_rep_year,
            ),
            (
                "won_cycle_weeks",
                format!("cycle_weeks_won_{m}"),
                self.won_cycle_weeks,
            ),
        ]
        .into_iter()
        .filter_map(|(k, metric, v)| v.map(|v| (k, metric, v)))
        .collect()
    }
}

/// The `[calibration]` section.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Calibration {
    /// The export's file name.
    pub source: String,
    /// The export's date (YYYY-MM-DD).
    pub export_date: String,
    /// Opportunities used.
    pub opportunities: u64,
    /// Weeks of the observation window, when given.
    pub weeks: Option<f64>,
    /// Each motion the export had, in [`Motion::ALL`] order.
    pub motions: Vec<ObservedMotion>,
}

/// A number that is `null` in JSON when it is not finite (a metric the baseline lacks).
mod nullable {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        if x.is_finite() {
            s.serialize_f64(*x)
        } else {
            s.serialize_none()
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
    }
}

/// One figure of the baseline next to the export's (a row of `summary.json`'s `calibration`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckRow {
    /// `traditional` or `complex`.
    pub motion: String,
    /// The metric compared, e.g. `win_rate_traditional`.
    pub metric: String,
    /// In the export.
    pub observed: f64,
    /// The baseline's mean over the run's trials.
    #[serde(with = "nullable")]
    pub simulated: f64,
    /// (simulated - observed) / observed.
    #[serde(with = "nullable")]
    pub relative_error: f64,
    /// Whether the error is above [`CHECK_TOLERANCE`] (or the baseline has no figure).
    pub flagged: bool,
}

/// How well a run's baseline matches the export it was calibrated from (the `calibration`
/// key of `summary.json`, present only when the scenario has a `[calibration]` section).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalibrationCheck {
    /// The export's file name.
    pub source: String,
    /// The export's date.
    pub export_date: String,
    /// Opportunities used.
    pub opportunities: u64,
    /// The tolerance of the flags (relative error).
    pub tolerance: f64,
    /// One row per observed figure.
    pub rows: Vec<CheckRow>,
}

impl Calibration {
    /// Compare with a run's baseline: `simulated(metric)` is the baseline's mean of a metric.
    pub fn check(&self, simulated: impl Fn(&str) -> f64) -> CalibrationCheck {
        let mut rows = Vec::new();
        for m in &self.motions {
            for (_, metric, observed) in m.figures() {
                let sim = simulated(&metric);
                let err = (sim - observed) / observed.abs().max(1e-12);
                rows.push(CheckRow {
                    motion: m.motion.name().to_string(),
                    metric,
                    observed,
                    simulated: sim,
                    relative_error: err,
                    flagged: err.is_nan() || err.abs() > CHECK_TOLERANCE,
                });
            }
        }
        CalibrationCheck {
            source: self.source.clone(),
            export_date: self.export_date.clone(),
            opportunities: self.opportunities,
            tolerance: CHECK_TOLERANCE,
            rows,
        }
    }
}

fn text(cx: &mut Ctx, t: &toml::Table, path: &FieldPath, key: &str) -> Option<String> {
    match t.get(key) {
        Some(v) => cx.string(v, &path.key(key)),
        None => {
            cx.err(&path.key(key), format!("`{key}` is required"), None);
            None
        }
    }
}

fn number(
    cx: &mut Ctx,
    t: &toml::Table,
    path: &FieldPath,
    key: &str,
    lo: f64,
    hi: f64,
) -> Option<f64> {
    let v = t.get(key)?;
    let x = cx.number(v, &path.key(key))?;
    if x < lo || x > hi {
        cx.err(
            &path.key(key),
            format!("{x} is outside the valid range [{lo}, {hi}]"),
            None,
        );
        return None;
    }
    Some(x)
}

fn count(cx: &mut Ctx, t: &toml::Table, path: &FieldPath, key: &str) -> Option<u64> {
    let v = t.get(key)?;
    cx.integer_in(v, &path.key(key), 0, i64::MAX)
        .map(|x| x as u64)
}

/// Read `[calibration]`, or `None` when the scenario has none (or it has errors, which are
/// recorded in `cx`).
pub(crate) fn read_calibration(cx: &mut Ctx, root: &toml::Table) -> Option<Calibration> {
    let path = FieldPath::default().key("calibration");
    let t = cx.table(root.get("calibration")?, &path)?;
    cx.check_keys(t, &path, &registry::keys(CALIBRATION));
    let mut c = Calibration {
        source: text(cx, t, &path, "source").unwrap_or_default(),
        export_date: text(cx, t, &path, "export_date").unwrap_or_default(),
        opportunities: match t.get("opportunities") {
            Some(_) => count(cx, t, &path, "opportunities").unwrap_or(0),
            None => {
                cx.err(
                    &path.key("opportunities"),
                    "`opportunities` is required",
                    None,
                );
                0
            }
        },
        weeks: number(cx, t, &path, "weeks", 1e-9, 1e6),
        motions: Vec::new(),
    };
    for motion in Motion::ALL {
        let Some(v) = t.get(motion.name()) else {
            continue;
        };
        let p = path.key(motion.name());
        let Some(m) = cx.table(v, &p) else {
            continue;
        };
        cx.check_keys(m, &p, &registry::keys(CALIBRATION_MOTION));
        c.motions.push(ObservedMotion {
            motion,
            won_deals: count(cx, m, &p, "won_deals").unwrap_or(0),
            closed_deals: count(cx, m, &p, "closed_deals").unwrap_or(0),
            win_rate: number(cx, m, &p, "win_rate", 0.0, 1.0),
            avg_won_deal: number(cx, m, &p, "avg_won_deal", 1e-9, 1e15),
            deals_won_per_rep_year: number(cx, m, &p, "deals_won_per_rep_year", 0.0, 1e6),
            won_cycle_weeks: number(cx, m, &p, "won_cycle_weeks", 1e-9, 1e4),
        });
    }
    Some(c)
}

/// The section as TOML, as `spmsim calibrate` writes it into the calibrated scenario.
pub fn calibration_toml(c: &Calibration) -> String {
    use std::fmt::Write as _;
    let q = |s: &str| s.replace('\\', "/").replace('"', "'");
    let mut t = format!(
        "# What the export showed: a run compares its simulated baseline with these figures and\n# the report says how well they match (docs/calibration.md).\n[calibration]\nsource = \"{}\"\nexport_date = \"{}\"\nopportunities = {}\n",
        q(&c.source),
        q(&c.export_date),
        c.opportunities
    );
    if let Some(w) = c.weeks {
        let _ = writeln!(t, "weeks = {:.2}", w);
    }
    for m in &c.motions {
        let _ = writeln!(
            t,
            "\n[calibration.{}]\nwon_deals = {}\nclosed_deals = {}",
            m.motion.name(),
            m.won_deals,
            m.closed_deals
        );
        for (k, _, v) in m.figures() {
            let _ = writeln!(t, "{k} = {v:?}");
        }
    }
    t
}
