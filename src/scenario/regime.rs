//! Metric regimes: what reps are measured and paid on (docs/model.md section 5).

use serde::Serialize;

use super::params::{N_KPI, OUTCOME_KPIS, kpi};
use super::registry;

/// How a regime's target for one KPI is set.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// `target_level` times the baseline pilot's mean per rep-period.
    Auto,
    /// An absolute number per rep and period.
    Absolute(f64),
}

/// A metric regime for one team.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Regime {
    /// Name as given in the scenario or built in.
    pub name: String,
    /// KPI weights, normalised to sum 1 (indexed like [`super::params::KPIS`]).
    pub weights: [f64; N_KPI],
    /// Target level `q` (1.0 = today's level).
    pub target_level: f64,
    /// Variable pay at 100 % attainment, as a share of base pay.
    pub variable_share: f64,
    /// Payout cap as a multiple of attainment 1 (2.0 = 200 %).
    pub cap: f64,
    /// Target per KPI.
    pub targets: [Target; N_KPI],
}

impl Regime {
    /// A regime with the given (unnormalised) weights and default pay settings.
    pub fn with_weights(name: &str, raw: &[(usize, f64)], target_level: f64) -> Self {
        let mut weights = [0.0; N_KPI];
        for &(k, w) in raw {
            weights[k] = w;
        }
        let sum: f64 = weights.iter().sum();
        if sum > 0.0 {
            for w in &mut weights {
                *w /= sum;
            }
        }
        Regime {
            name: name.to_string(),
            weights,
            target_level,
            variable_share: registry::VARIABLE_SHARE.default[0],
            cap: registry::CAP.default[0],
            targets: [Target::Auto; N_KPI],
        }
    }

    /// Sum of weights on outcome KPIs (revenue, deals, margin): `w_outcome`.
    pub fn outcome_weight(&self) -> f64 {
        OUTCOME_KPIS.iter().map(|&k| self.weights[k]).sum()
    }
}

/// A named regime as written in a scenario: one regime for every team, or one per motion.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum RegimeDef {
    /// The same regime for every team.
    Single(Box<Regime>),
    /// A regime name per motion (traditional, complex).
    PerMotion([String; 2]),
}

/// The regimes every scenario knows without defining them.
pub fn builtin(name: &str) -> Option<RegimeDef> {
    use kpi::*;
    let single =
        |w: &[(usize, f64)], q: f64| RegimeDef::Single(Box::new(Regime::with_weights(name, w, q)));
    Some(match name {
        "revenue_only" => single(&[(REVENUE, 1.0)], 1.0),
        "revenue_stretch" => single(&[(REVENUE, 1.0)], 1.2),
        // Activity steering for high-volume selling: customer meetings, new contacts and
        // opportunities that passed qualification.
        "activity" => single(
            &[(ACTIVITIES, 0.5), (PROSPECTS, 0.3), (QUALIFIED, 0.2)],
            1.0,
        ),
        // Quality steering for solution selling: solution quality, qualification, satisfaction.
        "quality" => single(
            &[
                (SOLUTION_QUALITY, 0.4),
                (QUALIFIED, 0.3),
                (SATISFACTION, 0.3),
            ],
            1.0,
        ),
        // A pure activity count: what SF5 calls the wrong metric for complex selling.
        "activity_count" => single(&[(ACTIVITIES, 1.0)], 1.0),
        // Qualification-weighted steering.
        "qualification" => single(&[(QUALIFIED, 0.5), (REVENUE, 0.5)], 1.0),
        "balanced" => RegimeDef::PerMotion(["activity".into(), "quality".into()]),
        _ => return None,
    })
}

/// Names of the built-in regimes.
pub const BUILTIN_NAMES: [&str; 7] = [
    "revenue_only",
    "revenue_stretch",
    "activity",
    "quality",
    "activity_count",
    "qualification",
    "balanced",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_are_normalised() {
        for n in BUILTIN_NAMES {
            if let Some(RegimeDef::Single(r)) = builtin(n) {
                assert!((r.weights.iter().sum::<f64>() - 1.0).abs() < 1e-12, "{n}");
            }
        }
        let RegimeDef::Single(r) = builtin("revenue_stretch").unwrap() else {
            panic!()
        };
        assert_eq!(r.target_level, 1.2);
        assert_eq!(r.outcome_weight(), 1.0);
    }
}
