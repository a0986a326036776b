//! How reps split their selling hours (docs/model.md sections 3.2 to 3.6): what reps believe
//! moves each KPI (section 3.4), the log-linear pooling of habit, playbook and incentive into
//! activity shares (sections 3.2 and 3.5), and effort intensity from the target level
//! (section 3.6).

use super::constants::Constants;
use crate::scenario::params::{N_ACT, N_KPI, act};

/// Perceived pull of each activity under a regime: `A_a = sum_k w_k B[a][k]`.
pub fn appeal(weights: &[f64; N_KPI], perceived: &[[f64; N_KPI]; N_ACT]) -> [f64; N_ACT] {
    let mut a = [0.0; N_ACT];
    for (slot, row) in a.iter_mut().zip(perceived) {
        *slot = row.iter().zip(weights).map(|(b, w)| b * w).sum();
    }
    a
}

/// The part of the log-share that does not depend on period-end pressure:
/// `(1 - lambda) ln x0_a + lambda ln xstar_a + beta A_a`.
pub fn log_weights(
    habit: &[f64; N_ACT],
    playbook: &[f64; N_ACT],
    alignment: f64,
    responsiveness: f64,
    appeal: &[f64; N_ACT],
) -> [f64; N_ACT] {
    let mut l = [0.0; N_ACT];
    for a in 0..N_ACT {
        l[a] = (1.0 - alignment) * habit[a].ln()
            + alignment * playbook[a].ln()
            + responsiveness * appeal[a];
    }
    l
}

/// Shares of selling hours per activity, summing to 1, given the pressure-free log-weights
/// and the extra pull `responsiveness * pressure` toward closing.
pub fn shares(log_weights: &[f64; N_ACT], close_pull: f64) -> [f64; N_ACT] {
    let mut l = *log_weights;
    l[act::CLOSE] += close_pull;
    let max = l.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut x = [0.0; N_ACT];
    let mut sum = 0.0;
    for a in 0..N_ACT {
        x[a] = (l[a] - max).exp();
        sum += x[a];
    }
    for v in &mut x {
        *v /= sum;
    }
    x
}

/// Hours factor from the target level: `min(cap, 1 + effort_slope w_outcome ln q)`, never
/// below `effort_floor` (both 0.5 by default). Higher outcome targets make reps work longer,
/// not smarter.
pub fn effort_factor(outcome_weight: f64, target_level: f64, cap: f64, c: &Constants) -> f64 {
    let x = 1.0 + c.effort_slope * outcome_weight * target_level.ln();
    // As `x.clamp(floor, cap)`, without its panic when a floor is set above the cap.
    if x < c.effort_floor {
        c.effort_floor
    } else if x > cap {
        cap
    } else {
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::params::{HABIT, PERCEIVED_EFFECT, PLAYBOOK, kpi};
    use proptest::prelude::*;

    fn close(a: &[f64; N_ACT], b: &[f64; N_ACT]) -> bool {
        a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12)
    }

    #[test]
    fn no_coaching_no_incentive_keeps_the_habit() {
        for m in 0..2 {
            let l = log_weights(&HABIT[m], &PLAYBOOK[m], 0.0, 0.0, &[0.0; N_ACT]);
            assert!(close(&shares(&l, 0.0), &HABIT[m]));
            // Zero weights give zero appeal whatever the responsiveness.
            let ap = appeal(&[0.0; N_KPI], &PERCEIVED_EFFECT);
            let l = log_weights(&HABIT[m], &PLAYBOOK[m], 0.0, 3.0, &ap);
            assert!(close(&shares(&l, 0.0), &HABIT[m]));
        }
    }

    #[test]
    fn full_alignment_without_incentive_is_the_playbook() {
        for m in 0..2 {
            let l = log_weights(&HABIT[m], &PLAYBOOK[m], 1.0, 0.0, &[0.0; N_ACT]);
            assert!(close(&shares(&l, 0.0), &PLAYBOOK[m]));
        }
    }

    #[test]
    fn alignment_with_a_playbook_regime_tilts_toward_the_playbook() {
        // Traditional playbook puts more on prospecting and qualifying than the habit; a
        // regime on prospects and qualified opportunities rewards exactly that.
        let mut w = [0.0; N_KPI];
        w[kpi::PROSPECTS] = 0.5;
        w[kpi::QUALIFIED] = 0.5;
        let ap = appeal(&w, &PERCEIVED_EFFECT);
        let habit_only = shares(&log_weights(&HABIT[0], &PLAYBOOK[0], 0.0, 0.6, &ap), 0.0);
        let aligned = shares(&log_weights(&HABIT[0], &PLAYBOOK[0], 0.5, 0.6, &ap), 0.0);
        assert!(aligned[act::PROSPECT] > HABIT[0][act::PROSPECT]);
        assert!(aligned[act::PROSPECT] > habit_only[act::PROSPECT] - 1e-12);
        assert!(aligned[act::CLOSE] < HABIT[0][act::CLOSE]);
    }

    #[test]
    fn revenue_regime_pulls_toward_closing_and_pressure_more() {
        let mut w = [0.0; N_KPI];
        w[kpi::REVENUE] = 1.0;
        let ap = appeal(&w, &PERCEIVED_EFFECT);
        let l = log_weights(&HABIT[0], &PLAYBOOK[0], 0.0, 0.6, &ap);
        let calm = shares(&l, 0.0);
        let pressed = shares(&l, 0.6);
        assert!(calm[act::CLOSE] > HABIT[0][act::CLOSE]);
        assert!(pressed[act::CLOSE] > calm[act::CLOSE]);
    }

    #[test]
    fn effort_grows_with_target_and_is_capped() {
        assert_eq!(effort_factor(1.0, 1.0, 1.15, &Constants::DEFAULT), 1.0);
        let e = effort_factor(1.0, 1.2, 1.15, &Constants::DEFAULT);
        assert!((e - (1.0 + 0.5 * 1.2f64.ln())).abs() < 1e-12);
        assert_eq!(effort_factor(1.0, 3.0, 1.15, &Constants::DEFAULT), 1.15);
        assert_eq!(effort_factor(0.0, 3.0, 1.15, &Constants::DEFAULT), 1.0);
    }

    proptest! {
        #[test]
        fn shares_always_sum_to_one(
            lambda in 0.0f64..=1.0, beta in 0.0f64..20.0, p in 0.0f64..1.0,
            w in proptest::array::uniform9(0.0f64..1.0), m in 0usize..2,
        ) {
            let ap = appeal(&w, &PERCEIVED_EFFECT);
            let x = shares(&log_weights(&HABIT[m], &PLAYBOOK[m], lambda, beta, &ap), beta * p);
            let s: f64 = x.iter().sum();
            prop_assert!((s - 1.0).abs() < 1e-9);
            prop_assert!(x.iter().all(|v| *v > 0.0 && *v <= 1.0));
        }
    }
}
