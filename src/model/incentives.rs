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

/// Attainment `sum_k w_k KPI_k / target_k / sum_k w_k` over the KPIs that were observed
/// (docs/model.md section 5.3). A KPI is observed when it has a value (`kpis[k]` is NaN for
/// a ratio KPI without observations) and a positive target to compare it with. An unobserved
/// KPI does not count as met: its weight goes to the observed KPIs in proportion to theirs.
/// `None` when no weighted KPI was observed: then there is nothing to score.
pub fn attainment(
    weights: &[f64; N_KPI],
    kpis: &[f64; N_KPI],
    targets: &[f64; N_KPI],
) -> Option<f64> {
    let mut att = 0.0;
    let mut observed = 0.0;
    for k in 0..N_KPI {
        if weights[k] == 0.0 || kpis[k].is_nan() || targets[k] <= 0.0 {
            continue;
        }
        att += weights[k] * kpis[k] / targets[k];
        observed += weights[k];
    }
    (observed > 0.0).then(|| att / observed)
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
    fn an_unobserved_kpi_gives_its_weight_to_the_observed_ones() {
        let mut w = [0.0; N_KPI];
        w[kpi::REVENUE] = 0.5;
        w[kpi::SATISFACTION] = 0.3;
        w[kpi::SOLUTION_QUALITY] = 0.2;
        let mut k = [0.0; N_KPI];
        k[kpi::REVENUE] = 80.0;
        k[kpi::SATISFACTION] = f64::NAN;
        k[kpi::SOLUTION_QUALITY] = 0.3;
        let mut t = [1.0; N_KPI];
        t[kpi::REVENUE] = 100.0;
        t[kpi::SOLUTION_QUALITY] = 0.6;
        // Satisfaction unobserved: revenue and quality share its weight, 0.5 : 0.2.
        let expected = (0.5 * 0.8 + 0.2 * 0.5) / 0.7;
        let att = attainment(&w, &k, &t).expect("observed");
        assert!((att - expected).abs() < 1e-12, "{att} vs {expected}");
        // Not the old rule, which counted the missing KPI as met.
        assert!(att < 0.5 * 0.8 + 0.3 + 0.2 * 0.5);
        // A KPI without a positive target is not observed either.
        t[kpi::SOLUTION_QUALITY] = 0.0;
        assert_eq!(attainment(&w, &k, &t), Some(0.8));
    }

    #[test]
    fn nothing_observed_scores_nothing() {
        let mut w = [0.0; N_KPI];
        w[kpi::SATISFACTION] = 0.6;
        w[kpi::SOLUTION_QUALITY] = 0.4;
        let mut k = [0.0; N_KPI];
        k[kpi::SATISFACTION] = f64::NAN;
        k[kpi::SOLUTION_QUALITY] = f64::NAN;
        assert_eq!(attainment(&w, &k, &[1.0; N_KPI]), None);
        // An additive KPI is always observed, also at zero.
        w[kpi::DEALS] = 0.5;
        assert_eq!(attainment(&w, &k, &[1.0; N_KPI]), Some(0.0));
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
