//! Attainment, pay, pressure and timing games (docs/model.md sections 5.3 to 5.5): which KPIs
//! are ratios, attainment against targets, the period-end state (calm, pressure, give-up or
//! push), variable pay, and the pressure discount of section 4.9.

use super::constants::Constants;
use crate::scenario::params::{N_KPI, RATIO_KPIS};

/// What a rep's period-end behaviour is, given projected attainment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PeriodEnd {
    /// Not in the last weeks, or no outcome KPI: business as usual.
    Calm,
    /// Near target: pull-forward pressure `P` in `(0, w_outcome]`.
    Pressure(f64),
    /// Far below target or above the cap: may push decisions to the next period.
    Push,
}

/// Whether KPI `k` is a ratio or mean (not extrapolated, not pro-rated).
pub fn is_ratio(k: usize) -> bool {
    RATIO_KPIS.contains(&k)
}

/// Attainment `sum_k w_k KPI_k / target_k`. `kpis[k]` is NaN for a ratio KPI without
/// observations, which counts as attainment 1; a KPI without a positive target also counts 1.
pub fn attainment(weights: &[f64; N_KPI], kpis: &[f64; N_KPI], targets: &[f64; N_KPI]) -> f64 {
    let mut att = 0.0;
    for k in 0..N_KPI {
        if weights[k] == 0.0 {
            continue;
        }
        let ratio = if kpis[k].is_nan() || targets[k] <= 0.0 {
            1.0
        } else {
            kpis[k] / targets[k]
        };
        att += weights[k] * ratio;
    }
    att
}

/// Period-end behaviour in the last weeks of a period, for a regime with outcome weight
/// `w_outcome` and payout cap `cap`: a push below `give_up_below` (0.5) or above the cap,
/// pressure from `pressure_from` (0.8) up to 1, growing over `pressure_band` (0.2).
pub fn period_end(
    in_end_weeks: bool,
    outcome_weight: f64,
    projected: f64,
    cap: f64,
    c: &Constants,
) -> PeriodEnd {
    if !in_end_weeks || outcome_weight <= 0.0 {
        return PeriodEnd::Calm;
    }
    if projected < c.give_up_below || projected > cap {
        PeriodEnd::Push
    } else if (c.pressure_from..1.0).contains(&projected) {
        PeriodEnd::Pressure(outcome_weight * ((1.0 - projected) / c.pressure_band).clamp(0.0, 1.0))
    } else {
        PeriodEnd::Calm
    }
}

/// Variable pay for a period: `share * base * min(cap, attainment)`.
pub fn variable_pay(variable_share: f64, base_for_period: f64, cap: f64, attainment: f64) -> f64 {
    variable_share * base_for_period * attainment.clamp(0.0, cap)
}

/// Discount `min(d_max, d0 + d_press P)`.
pub fn discount(base: f64, per_pressure: f64, max: f64, pressure: f64) -> f64 {
    (base + per_pressure * pressure).min(max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::params::kpi;

    #[test]
    fn attainment_weights_ratios_and_missing_ratios_count_one() {
        let mut w = [0.0; N_KPI];
        w[kpi::REVENUE] = 0.5;
        w[kpi::SATISFACTION] = 0.5;
        let mut k = [0.0; N_KPI];
        k[kpi::REVENUE] = 80.0;
        k[kpi::SATISFACTION] = f64::NAN;
        let mut t = [1.0; N_KPI];
        t[kpi::REVENUE] = 100.0;
        assert!((attainment(&w, &k, &t) - (0.5 * 0.8 + 0.5)).abs() < 1e-12);
    }

    #[test]
    fn pay_is_capped() {
        assert_eq!(variable_pay(0.3, 100.0, 2.0, 1.0), 30.0);
        assert_eq!(variable_pay(0.3, 100.0, 2.0, 3.5), 60.0);
        assert_eq!(variable_pay(0.3, 100.0, 2.0, -1.0), 0.0);
    }

    #[test]
    fn timing_games_and_pressure() {
        assert_eq!(
            period_end(false, 1.0, 0.9, 2.0, &Constants::DEFAULT),
            PeriodEnd::Calm
        );
        assert_eq!(
            period_end(true, 0.0, 0.3, 2.0, &Constants::DEFAULT),
            PeriodEnd::Calm
        );
        assert_eq!(
            period_end(true, 1.0, 0.3, 2.0, &Constants::DEFAULT),
            PeriodEnd::Push
        );
        assert_eq!(
            period_end(true, 1.0, 2.5, 2.0, &Constants::DEFAULT),
            PeriodEnd::Push
        );
        assert_eq!(
            period_end(true, 1.0, 1.2, 2.0, &Constants::DEFAULT),
            PeriodEnd::Calm
        );
        assert_eq!(
            period_end(true, 1.0, 0.7, 2.0, &Constants::DEFAULT),
            PeriodEnd::Calm
        );
        let PeriodEnd::Pressure(p) = period_end(true, 1.0, 0.9, 2.0, &Constants::DEFAULT) else {
            panic!()
        };
        assert!((p - 0.5).abs() < 1e-12);
        let PeriodEnd::Pressure(p) = period_end(true, 0.5, 0.8, 2.0, &Constants::DEFAULT) else {
            panic!()
        };
        assert!((p - 0.5).abs() < 1e-12);
    }

    #[test]
    fn discount_is_capped() {
        assert!((discount(0.05, 0.15, 0.3, 1.0) - 0.2).abs() < 1e-12);
        assert_eq!(discount(0.25, 0.15, 0.3, 1.0), 0.3);
    }
}
