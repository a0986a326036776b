//! The close of an incentive period (docs/model.md sections 1.3 and 5.3): each rep's
//! attainment against the targets, prorated for the weeks the seat was filled, and the
//! variable pay it earns; the KPI observations the target pilot reads (section 5.2).

use crate::scenario::params::N_KPI;

use super::super::incentives;
use super::super::world::{Policy, Resolved};
use super::TrialSim;
use super::state::PeriodKpis;

impl<'s> TrialSim<'s> {
    /// Period close (docs/model.md section 1.5, the last step of a period's last week): close
    /// the period of every seat (also a period cut short by the horizon).
    pub(super) fn close_period(&mut self, policy: &Policy, params: &Resolved, counting: bool) {
        let period = self.scenario.run.period_weeks as f64;
        let weeks_per_year = params.constants.weeks_per_year;
        for i in 0..self.reps.len() {
            let r = &self.reps[i];
            let filled = r.period.filled_weeks as f64;
            if filled == 0.0 {
                self.reps[i].period = PeriodKpis::default();
                continue;
            }
            let tp = &policy.teams[r.team];
            let motion = self.team_motion[r.team];
            let mp = &params.motion[motion.index()];
            let values = r.period.values();
            let att = match &tp.targets {
                None => 1.0,
                Some(targets) => {
                    let mut t = *targets;
                    for (k, x) in t.iter_mut().enumerate() {
                        if !incentives::is_ratio(k) {
                            *x *= filled / period;
                        }
                    }
                    incentives::attainment(&tp.weights, &values, &t)
                }
            };
            let base = mp.base_pay_per_year * period / weeks_per_year * filled / period;
            let pay = incentives::variable_pay(tp.variable_share, base, tp.cap, att);
            if counting {
                self.tally.variable_pay[motion.index()] += pay;
                self.tally.rep_periods += 1.0;
                if att >= 1.0 {
                    self.tally.at_target += 1.0;
                }
                let obs = &mut self.tally.kpi_obs[r.team];
                for k in 0..N_KPI {
                    if incentives::is_ratio(k) {
                        if !values[k].is_nan() {
                            obs[k].0 += values[k];
                            obs[k].1 += 1.0;
                        }
                    } else {
                        obs[k].0 += values[k];
                        obs[k].1 += filled / period;
                    }
                }
            }
            let r = &mut self.reps[i];
            if counting {
                r.var_pay_h += pay;
            }
            r.last_att = att;
            r.period = PeriodKpis::default();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{one_rep, run_parts};
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
