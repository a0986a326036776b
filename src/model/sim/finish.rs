//! The horizon's bookkeeping (docs/model.md sections 7 and 10.1): the start of counting at
//! the switch, and [`TrialSim::finish`], which turns the running totals into every per-trial
//! metric.

use crate::metrics::{M, N_METRICS};
use crate::scenario::params::N_KPI;

use super::super::coaching;
use super::super::outcome::TrialOutcome;
use super::super::world::{Policy, Resolved};
use super::state::{Rep, Tally};
use super::{KpiMeans, TrialSim};

impl<'s> TrialSim<'s> {
    /// Start counting: reset the tally and record each rep's skill tercile at week 0.
    pub fn start_horizon(&mut self, horizon_weeks: u32) {
        let period = self.scenario.run.period_weeks as usize;
        self.tally = Tally {
            weekly_revenue: vec![0.0; horizon_weeks as usize],
            weekly_pipeline: vec![0.0; horizon_weeks as usize],
            discount_by_week: vec![(0.0, 0.0); period],
            kpi_obs: vec![[(0.0, 0.0); N_KPI]; self.scenario.teams.len()],
            teams: vec![Default::default(); self.scenario.teams.len()],
            ..Tally::default()
        };
        for seats in &self.team_seats {
            // Terciles of the reps in their seats at week 0; vacant seats are not tracked.
            let present: Vec<usize> = seats
                .iter()
                .copied()
                // Seated before week 0: a successor who starts at week 0 is hired during that
                // week, so the seat's week-0 skills would still be the leaver's.
                .filter(|&i| self.reps[i].present(-1))
                .collect();
            let skills: Vec<f64> = present.iter().map(|&i| self.reps[i].mean_skill()).collect();
            let mut pct = Vec::new();
            coaching::percentiles(&skills, &mut pct);
            for &i in seats {
                let r = &mut self.reps[i];
                r.tercile = None;
                r.skill_end = None;
                r.revenue_h = 0.0;
                r.var_pay_h = 0.0;
                r.filled_h = 0.0;
            }
            for (j, &i) in present.iter().enumerate() {
                let r = &mut self.reps[i];
                r.tercile = Some(((pct[j] * 3.0).floor() as u8).min(2));
                r.person0 = r.person;
                r.skill0 = skills[j];
            }
        }
    }

    /// Finish the horizon: pay out a period cut short and compute every metric.
    pub fn finish(
        &mut self,
        policy: &Policy,
        params: &Resolved,
        horizon_weeks: u32,
    ) -> TrialOutcome {
        if self.week_in_period(horizon_weeks as i32) != 0 {
            self.close_period(policy, params, true);
        }
        let open = self.reps.iter().map(|r| r.opps.len() as f64).sum();
        metrics(&self.tally, &self.reps, open)
    }

    /// KPI observations per team over the horizon (for the target pilot).
    pub fn kpi_observations(&self) -> &KpiMeans {
        &self.tally.kpi_obs
    }
}

/// Every per-trial metric from the running totals, the seats and the deals open at the end.
fn metrics(t: &Tally, reps: &[Rep], open_deals: f64) -> TrialOutcome {
    let mut m = [f64::NAN; N_METRICS];
    let sum2 = |a: &[f64; 2]| a[0] + a[1];
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
    let revenue = sum2(&t.revenue);
    let gross = revenue - sum2(&t.goods) - sum2(&t.custom_cost) - sum2(&t.overrun);
    let sales_cost = sum2(&t.base_pay)
        + sum2(&t.variable_pay)
        + sum2(&t.coaching_cost)
        + sum2(&t.hiring_cost)
        + sum2(&t.manager_cost);
    let profit = gross - sales_cost - sum2(&t.overhead);
    m[M::Revenue as usize] = revenue;
    m[M::GrossMargin as usize] = gross;
    m[M::OperatingProfit as usize] = profit;
    m[M::OperatingMarginPct as usize] = 100.0 * ratio(profit, revenue);
    m[M::DealsWon as usize] = sum2(&t.wins);
    m[M::WinRate as usize] = ratio(sum2(&t.wins), sum2(&t.closed));
    m[M::AvgDiscountPct as usize] = 100.0 * ratio(t.discount_sum, sum2(&t.wins));
    m[M::AvgCycleWeeks as usize] = ratio(sum2(&t.cycle_sum), sum2(&t.decided));
    m[M::CycleWon as usize] = ratio(sum2(&t.won_cycle_sum), sum2(&t.wins));
    m[M::PipelineOpenEnd as usize] = open_deals;
    m[M::Csat as usize] = ratio(t.csat_sum, sum2(&t.wins));
    m[M::Attrition as usize] = t.leavers;
    m[M::VariablePay as usize] = sum2(&t.variable_pay);
    m[M::SalesCostPct as usize] = 100.0 * ratio(sales_cost, revenue);
    m[M::Contacts as usize] = t.contacts;
    m[M::Leads as usize] = t.leads;
    m[M::Opportunities as usize] = t.opportunities;
    m[M::DealsDecided as usize] = sum2(&t.decided);
    m[M::RevenueTraditional as usize] = t.revenue[0];
    m[M::RevenueComplex as usize] = t.revenue[1];
    for mi in 0..2 {
        let gross = t.revenue[mi] - t.goods[mi] - t.custom_cost[mi] - t.overrun[mi];
        let cost = t.base_pay[mi]
            + t.variable_pay[mi]
            + t.coaching_cost[mi]
            + t.hiring_cost[mi]
            + t.manager_cost[mi]
            + t.overhead[mi];
        let om = 100.0 * ratio(gross - cost, t.revenue[mi]);
        let wr = ratio(t.wins[mi], t.closed[mi]);
        let cyc = ratio(t.cycle_sum[mi], t.decided[mi]);
        let won_cyc = ratio(t.won_cycle_sum[mi], t.wins[mi]);
        let (a, b, c, d) = if mi == 0 {
            (
                M::OperatingMarginTraditional,
                M::WinRateTraditional,
                M::CycleTraditional,
                M::CycleWonTraditional,
            )
        } else {
            (
                M::OperatingMarginComplex,
                M::WinRateComplex,
                M::CycleComplex,
                M::CycleWonComplex,
            )
        };
        m[a as usize] = om;
        m[b as usize] = wr;
        m[c as usize] = cyc;
        m[d as usize] = won_cyc;
        // The business terms of docs/model.md section 10.1: the average won deal and the
        // deals a rep wins in a year of filled weeks.
        let (deal, per_rep) = if mi == 0 {
            (M::AvgWonDealTraditional, M::WonPerRepYearTraditional)
        } else {
            (M::AvgWonDealComplex, M::WonPerRepYearComplex)
        };
        m[deal as usize] = ratio(t.revenue[mi], t.wins[mi]);
        m[per_rep as usize] = 52.0 * ratio(t.wins[mi], t.rep_weeks[mi]);
    }
    let end = 100.0 * ratio(t.discount_end.sum, t.discount_end.n);
    let rest = 100.0 * ratio(t.discount_rest.sum, t.discount_rest.n);
    m[M::DiscountEndPct as usize] = end;
    m[M::DiscountRestPct as usize] = rest;
    m[M::DiscountEndGapPp as usize] = end - rest;
    m[M::ShareAtTarget as usize] = ratio(t.at_target, t.rep_periods);
    // Pay spread across seats: coefficient of variation of variable pay per filled week.
    let per_week: Vec<f64> = reps
        .iter()
        .filter(|r| r.filled_h > 0.0)
        .map(|r| r.var_pay_h / r.filled_h)
        .collect();
    if per_week.len() >= 2 {
        let n = per_week.len() as f64;
        let mean = per_week.iter().sum::<f64>() / n;
        let var = per_week.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
        m[M::PayCv as usize] = ratio(var.sqrt(), mean);
    }
    let mut rev_t = [0.0; 3];
    let mut gain = [(0.0, 0.0); 3];
    for r in reps {
        let Some(tr) = r.tercile else { continue };
        let tr = tr as usize;
        rev_t[tr] += r.revenue_h;
        // The week-0 person's skill when they left, or now if they stayed.
        let end_skill = match r.skill_end {
            Some(s) => Some(s),
            None if r.person == r.person0 => Some(r.mean_skill()),
            None => None,
        };
        if let Some(end_skill) = end_skill {
            gain[tr].0 += end_skill - r.skill0;
            gain[tr].1 += 1.0;
        }
    }
    let total: f64 = rev_t.iter().sum();
    for (k, (rm, gm)) in [
        (M::RevenueShareBottom, M::SkillGainBottom),
        (M::RevenueShareMiddle, M::SkillGainMiddle),
        (M::RevenueShareTop, M::SkillGainTop),
    ]
    .into_iter()
    .enumerate()
    {
        m[rm as usize] = ratio(rev_t[k], total);
        m[gm as usize] = ratio(gain[k].0, gain[k].1);
    }
    m[M::Hires as usize] = t.hires;
    // The P&L lines of docs/model.md section 7, so that a bridge from the baseline's
    // operating profit to a variant's can be read line by line.
    for (id, line) in [
        (M::GoodsCost, &t.goods),
        (M::CustomisationCost, &t.custom_cost),
        (M::DeliveryOverrun, &t.overrun),
        (M::BasePay, &t.base_pay),
        (M::CoachingCost, &t.coaching_cost),
        (M::ManagerCost, &t.manager_cost),
        (M::HiringCost, &t.hiring_cost),
        (M::Overhead, &t.overhead),
    ] {
        m[id as usize] = sum2(line);
    }
    TrialOutcome {
        metrics: m,
        weekly_revenue: t.weekly_revenue.clone(),
        weekly_pipeline: t.weekly_pipeline.clone(),
        hours: t.hours,
        rep_weeks: t.rep_weeks,
        discount_by_week: t.discount_by_week.clone(),
        teams: t.teams.iter().map(|tt| tt.row()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::state::SumCount;
    use super::*;
    use crate::rng::Key;

    fn rep(tercile: Option<u8>, revenue: f64, skill0: f64, skills: f64) -> Rep {
        let mut r = Rep::new(0, 0, [skills; 5], Key::ZERO);
        r.tercile = tercile;
        r.revenue_h = revenue;
        r.skill0 = skill0;
        r
    }

    #[test]
    fn metrics_of_a_hand_built_tally() {
        let t = Tally {
            revenue: [800.0, 200.0],
            goods: [300.0, 50.0],
            base_pay: [100.0, 0.0],
            variable_pay: [20.0, 30.0],
            overhead: [50.0, 0.0],
            wins: [3.0, 1.0],
            closed: [6.0, 2.0],
            decided: [4.0, 1.0],
            cycle_sum: [20.0, 10.0],
            won_cycle_sum: [9.0, 0.0],
            discount_sum: 0.4,
            discount_end: SumCount { sum: 0.3, n: 2.0 },
            discount_rest: SumCount { sum: 0.1, n: 2.0 },
            csat_sum: 2.0,
            leavers: 1.0,
            ..Tally::default()
        };
        let reps = [
            rep(Some(0), 100.0, 0.5, 0.5),
            rep(Some(2), 300.0, 0.25, 0.5),
            rep(None, 999.0, 0.0, 0.5),
        ];
        let o = metrics(&t, &reps, 7.0);
        let m = |x: M| o.metrics[x as usize];
        assert_eq!(m(M::Revenue), 1000.0);
        assert_eq!(m(M::GrossMargin), 650.0);
        // 650 - (100 + 50) - 50
        assert_eq!(m(M::OperatingProfit), 450.0);
        assert_eq!(m(M::OperatingMarginPct), 45.0);
        assert_eq!(m(M::WinRate), 0.5);
        assert_eq!(m(M::AvgDiscountPct), 10.0);
        assert_eq!(m(M::AvgCycleWeeks), 6.0);
        // Won deals: 9 weeks over the 3 traditional wins, 0 for the complex win.
        assert_eq!(m(M::CycleWon), 9.0 / 4.0);
        assert_eq!(m(M::CycleWonTraditional), 3.0);
        assert_eq!(m(M::CycleWonComplex), 0.0);
        assert_eq!(m(M::Csat), 0.5);
        assert_eq!(m(M::PipelineOpenEnd), 7.0);
        assert_eq!(m(M::SalesCostPct), 15.0);
        // The P&L lines add up to operating profit.
        let costs: f64 = [
            M::GoodsCost,
            M::CustomisationCost,
            M::DeliveryOverrun,
            M::BasePay,
            M::VariablePay,
            M::CoachingCost,
            M::ManagerCost,
            M::HiringCost,
            M::Overhead,
        ]
        .into_iter()
        .map(m)
        .sum();
        assert_eq!(m(M::Revenue) - costs, m(M::OperatingProfit));
        assert_eq!(m(M::GoodsCost), 350.0);
        assert_eq!(m(M::Overhead), 50.0);
        assert_eq!(m(M::DiscountEndPct), 15.0);
        assert_eq!(m(M::DiscountRestPct), 5.0);
        assert_eq!(m(M::DiscountEndGapPp), 10.0);
        // Traditional: 800 - 300 - (100 + 20 + 50) = 330 of 800.
        assert_eq!(m(M::OperatingMarginTraditional), 100.0 * 330.0 / 800.0);
        assert_eq!(m(M::WinRateComplex), 0.5);
        // Only tracked seats count: 100 of 400 in the bottom tercile, none in the middle.
        assert_eq!(m(M::RevenueShareBottom), 0.25);
        assert_eq!(m(M::RevenueShareMiddle), 0.0);
        assert_eq!(m(M::RevenueShareTop), 0.75);
        assert_eq!(m(M::SkillGainBottom), 0.0);
        assert_eq!(m(M::SkillGainTop), 0.25);
        assert!(m(M::SkillGainMiddle).is_nan());
        assert!(m(M::ShareAtTarget).is_nan());
        assert!(m(M::PayCv).is_nan());
    }

    #[test]
    fn a_leaver_counts_the_skill_at_leaving_and_a_successor_not_at_all() {
        let t = Tally::default();
        let mut left = rep(Some(1), 0.0, 0.25, 0.9);
        left.person = 1;
        left.skill_end = Some(0.5);
        let mut replaced = rep(Some(1), 0.0, 0.25, 0.9);
        replaced.person = 1;
        let o = metrics(&t, &[left, replaced], 0.0);
        assert_eq!(o.metrics[M::SkillGainMiddle as usize], 0.25);
        assert!(o.metrics[M::Revenue as usize] == 0.0);
        assert!(o.metrics[M::WinRate as usize].is_nan());
        // No won deal: the won-deal cycle is undefined, not 0.
        for cycle in [M::CycleWon, M::CycleWonTraditional, M::CycleWonComplex] {
            assert!(o.metrics[cycle as usize].is_nan());
        }
    }
}
