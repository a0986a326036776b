//! The close of an incentive period (docs/model.md sections 1.3 and 5.3): each rep's
//! attainment against the targets, pro-rated for the weeks the seat was filled and the ramp
//! of a new hire, with the team's mean for a rep with nothing observed; the variable pay it
//! earns; the KPI observations the target pilot reads (section 5.2).

use crate::scenario::params::N_KPI;

use super::super::incentives;
use super::super::world::{Policy, Resolved};
use super::TrialSim;
use super::state::PeriodKpis;

impl<'s> TrialSim<'s> {
    /// Period close (docs/model.md section 1.5, the last step of a period's last week): close
    /// the period of every seat (also a period cut short by the horizon).
    pub(super) fn close_period(&mut self, policy: &Policy, params: &Resolved, counting: bool) {
        for t in 0..self.team_seats.len() {
            // What a rep with no observed KPI scores (section 5.3): the mean attainment of
            // the team's reps whose attainment was observed this period, 0 if there is none.
            let (mut sum, mut n) = (0.0, 0.0);
            for s in 0..self.team_seats[t].len() {
                let i = self.team_seats[t][s];
                if self.reps[i].period.filled_weeks > 0
                    && let Some(att) = self.period_attainment(i, policy)
                {
                    sum += att;
                    n += 1.0;
                }
            }
            let unobserved = if n > 0.0 { sum / n } else { 0.0 };
            for s in 0..self.team_seats[t].len() {
                let i = self.team_seats[t][s];
                self.close_seat(i, unobserved, policy, params, counting);
            }
        }
    }

    /// Rep `i`'s attainment of the period so far against the full targets, each additive
    /// target pro-rated by the seat's ramped weeks (docs/model.md sections 5.3 and 5.6);
    /// `None` if no weighted KPI was observed. Without targets (the first pilot pass) every
    /// rep is exactly on target.
    fn period_attainment(&self, i: usize, policy: &Policy) -> Option<f64> {
        let r = &self.reps[i];
        let tp = &policy.teams[r.team];
        let Some(targets) = &tp.targets else {
            return Some(1.0);
        };
        let share = self.ramped_weeks[i] / self.scenario.run.period_weeks as f64;
        let mut t = *targets;
        for (k, x) in t.iter_mut().enumerate() {
            if !incentives::is_ratio(k) {
                *x *= share;
            }
        }
        incentives::attainment(&tp.weights, &r.period.values(), &t)
    }

    /// Close the period of seat `i`: attainment (`unobserved` if nothing was observed), pay,
    /// the pilot's observations; then a fresh period.
    fn close_seat(
        &mut self,
        i: usize,
        unobserved: f64,
        policy: &Policy,
        params: &Resolved,
        counting: bool,
    ) {
        let period = self.scenario.run.period_weeks as f64;
        let weeks_per_year = params.constants.weeks_per_year;
        let r = &self.reps[i];
        let filled = r.period.filled_weeks as f64;
        if filled == 0.0 {
            self.reps[i].period = PeriodKpis::default();
            self.ramped_weeks[i] = 0.0;
            return;
        }
        let tp = &policy.teams[r.team];
        let motion = self.team_motion[r.team];
        let mp = &params.motion[motion.index()];
        let values = r.period.values();
        let att = self.period_attainment(i, policy).unwrap_or(unobserved);
        let base = mp.base_pay_per_year * period / weeks_per_year * filled / period;
        let pay = incentives::variable_pay(tp.variable_share, base, tp.cap, att);
        if counting {
            self.tally.variable_pay[motion.index()] += pay;
            self.tally.rep_periods += 1.0;
            if att >= 1.0 {
                self.tally.at_target += 1.0;
            }
            self.tally.at_team(r.team, |tt| {
                tt.cost += pay;
                tt.rep_periods += 1.0;
                tt.at_target += f64::from(u8::from(att >= 1.0));
            });
            // Additive KPIs per fully ramped rep-period: the targets' unit (section 5.2).
            let ramped = self.ramped_weeks[i] / period;
            let obs = &mut self.tally.kpi_obs[r.team];
            for k in 0..N_KPI {
                if incentives::is_ratio(k) {
                    if !values[k].is_nan() {
                        obs[k].0 += values[k];
                        obs[k].1 += 1.0;
                    }
                } else {
                    obs[k].0 += values[k];
                    obs[k].1 += ramped;
                }
            }
        }
        let r = &mut self.reps[i];
        if counting {
            r.var_pay_h += pay;
        }
        r.last_att = att;
        r.period = PeriodKpis::default();
        self.ramped_weeks[i] = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{one_rep, run_parts, team_parts};
    use super::*;
    use crate::scenario::params::kpi;

    #[test]
    fn attainment_and_pay_of_a_half_filled_period_by_hand() {
        let (scenario, params, mut policy) = run_parts();
        let period = scenario.run.period_weeks as f64;
        let half = (scenario.run.period_weeks / 2).max(1);
        let mut sim = one_rep(&scenario, &params);
        sim.tally.kpi_obs = vec![[(0.0, 0.0); N_KPI]];
        let mut weights = [0.0; N_KPI];
        weights[kpi::REVENUE] = 1.0;
        let mut targets = [0.0; N_KPI];
        targets[kpi::REVENUE] = 1000.0;
        let tp = &mut policy.teams[0];
        tp.weights = weights;
        tp.targets = Some(targets);
        tp.variable_share = 0.4;
        tp.cap = 2.0;
        let r = &mut sim.reps[0];
        r.period.filled_weeks = half;
        r.period.additive[kpi::REVENUE] = 300.0;
        sim.ramped_weeks[0] = half as f64;
        sim.close_period(&policy, &params, true);
        let filled = half as f64;
        let att = 300.0 / (1000.0 * (filled / period));
        let base = params.motion[0].base_pay_per_year * period / 52.0 * filled / period;
        assert_eq!(sim.reps[0].last_att, att);
        assert_eq!(sim.tally.variable_pay[0], 0.4 * base * att);
        assert_eq!(sim.reps[0].var_pay_h, 0.4 * base * att);
        assert_eq!(sim.tally.rep_periods, 1.0);
        assert_eq!(sim.tally.at_target, f64::from(u8::from(att >= 1.0)));
        assert_eq!(sim.tally.kpi_obs[0][kpi::REVENUE], (300.0, filled / period));
        assert_eq!(sim.reps[0].period.filled_weeks, 0);
        assert_eq!(sim.ramped_weeks[0], 0.0);
    }

    /// A policy paying on revenue alone against a target of 1 000 per full rep-period.
    fn revenue_policy(policy: &mut Policy) {
        let tp = &mut policy.teams[0];
        tp.weights = [0.0; N_KPI];
        tp.weights[kpi::REVENUE] = 1.0;
        let mut targets = [0.0; N_KPI];
        targets[kpi::REVENUE] = 1000.0;
        tp.targets = Some(targets);
    }

    #[test]
    fn a_new_hire_in_ramp_is_measured_against_a_ramp_adjusted_target() {
        let (scenario, mut params, mut policy) = run_parts();
        assert_eq!(scenario.run.period_weeks, 13);
        params.motion[0].ramp_weeks = 12.0;
        revenue_policy(&mut policy);
        let mut sim = one_rep(&scenario, &params);
        sim.tally.kpi_obs = vec![[(0.0, 0.0); N_KPI]];
        // Hired in the period's first week: ramp shares 1/12, 2/12, ..., 12/12, then 1.
        sim.reps[0].hired_at = Some(0);
        for w in 0..13 {
            sim.allocate(0, w, w as u32, false, &policy, &params);
        }
        let ramped = (1..=12).map(|k| k as f64 / 12.0).sum::<f64>() + 1.0;
        assert!((sim.ramped_weeks[0] - ramped).abs() < 1e-12);
        sim.reps[0].period.additive[kpi::REVENUE] = 600.0;
        sim.close_period(&policy, &params, true);
        // Target 1000 * 7.5 / 13, not the full 1000 of 13 filled weeks.
        let expected = 600.0 / (1000.0 * ramped / 13.0);
        assert!((sim.reps[0].last_att - expected).abs() < 1e-12);
        assert!(
            sim.reps[0].last_att > 1.0,
            "600 of 1000 is 60 % only without the ramp"
        );
        // The pilot counts the hire's period as 7.5 / 13 of a fully ramped rep-period.
        let (sum, weight) = sim.tally.kpi_obs[0][kpi::REVENUE];
        assert_eq!(sum, 600.0);
        assert!((weight - ramped / 13.0).abs() < 1e-12);
    }

    #[test]
    fn a_fully_ramped_rep_keeps_the_full_target() {
        let (scenario, params, mut policy) = run_parts();
        revenue_policy(&mut policy);
        let mut sim = one_rep(&scenario, &params);
        for w in 0..13 {
            sim.allocate(0, w, w as u32, false, &policy, &params);
        }
        assert_eq!(sim.ramped_weeks[0], 13.0);
        sim.reps[0].period.additive[kpi::REVENUE] = 600.0;
        sim.close_period(&policy, &params, false);
        assert_eq!(sim.reps[0].last_att, 0.6);
    }

    #[test]
    fn a_rep_with_nothing_observed_scores_the_team_mean() {
        let (scenario, params, mut policy) = team_parts(3);
        let tp = &mut policy.teams[0];
        tp.weights = [0.0; N_KPI];
        tp.weights[kpi::SOLUTION_QUALITY] = 1.0;
        tp.targets = Some([0.6; N_KPI]);
        let mut sim = one_rep(&scenario, &params);
        for (i, quality) in [Some(0.3), Some(0.48), None].into_iter().enumerate() {
            let r = &mut sim.reps[i];
            r.period.filled_weeks = 13;
            if let Some(q) = quality {
                r.period.quality_sum = q;
                r.period.quality_n = 1.0;
            }
            sim.ramped_weeks[i] = 13.0;
        }
        sim.close_period(&policy, &params, false);
        let att: Vec<f64> = sim.reps.iter().map(|r| r.last_att).collect();
        assert!((att[0] - 0.5).abs() < 1e-12 && (att[1] - 0.8).abs() < 1e-12);
        // No decided deal: neither "at target" (the old 1) nor a score of its own.
        assert!((att[2] - 0.65).abs() < 1e-12, "{att:?}");
        // A team with nothing observed at all scores 0.
        for r in &mut sim.reps {
            r.period.filled_weeks = 13;
        }
        sim.close_period(&policy, &params, false);
        assert!(sim.reps.iter().all(|r| r.last_att == 0.0));
    }

    #[test]
    fn under_quality_steering_a_rep_without_decided_deals_is_not_at_target() {
        // Weights of the built-in `quality` regime.
        let (scenario, params, mut policy) = run_parts();
        let tp = &mut policy.teams[0];
        tp.weights = [0.0; N_KPI];
        tp.weights[kpi::SOLUTION_QUALITY] = 0.4;
        tp.weights[kpi::QUALIFIED] = 0.3;
        tp.weights[kpi::SATISFACTION] = 0.3;
        tp.targets = Some([10.0; N_KPI]);
        let mut sim = one_rep(&scenario, &params);
        let r = &mut sim.reps[0];
        r.period.filled_weeks = 13;
        r.period.additive[kpi::QUALIFIED] = 4.0;
        sim.ramped_weeks[0] = 13.0;
        sim.close_period(&policy, &params, false);
        // Only qualification was observed: 4 of 10. The old rule scored 0.4 + 0.3 * 0.4 + 0.3.
        assert!((sim.reps[0].last_att - 0.4).abs() < 1e-12);
        assert!(sim.reps[0].last_att < params.constants.low_attainment);
    }

    #[test]
    fn an_empty_seat_earns_nothing() {
        let (scenario, params, policy) = run_parts();
        let mut sim = one_rep(&scenario, &params);
        sim.close_period(&policy, &params, true);
        assert_eq!(sim.tally.rep_periods, 0.0);
        assert_eq!(sim.tally.variable_pay, [0.0; 2]);
    }
}
