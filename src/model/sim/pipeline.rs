//! One rep's pipeline in one week (docs/model.md sections 4.5 to 4.12): solution growth,
//! stall and loss, decisions and the win chance, price and discount, the cost of a won deal,
//! hand-over and satisfaction, referrals, and advancement.

use crate::scenario::Motion;
use crate::scenario::params::{act, kpi};

use super::super::incentives;
use super::super::world::{Policy, Resolved};
use super::TrialSim;
use super::draws::poisson;
use super::state::{PendingReferral, Win, skill};

impl<'s> TrialSim<'s> {
    /// Steps 3 to 6 of docs/model.md section 1.5 for rep `i` in week `w`, with the hours
    /// allocated in step 2.
    pub(super) fn pipeline_week(&mut self, i: usize, w: i32, policy: &Policy, params: &Resolved) {
        let counting = w >= 0;
        let week_part = self.week_part;
        let team = self.reps[i].team;
        let motion = self.team_motion[team];
        let mi = motion.index();
        let mp = &params.motion[mi];
        let g = &params.global;
        let c = &params.constants;
        let keys = self.keys;
        let last_stage = mp.stages as u8;
        let complex = motion == Motion::Complex;
        let r = &mut self.reps[i];
        let hours = r.hours;
        let _ = policy;

        // Step 3: solution growth (branch-free over the deals: whether a deal needs a solution is
        // as good as random to the branch predictor).
        let n_sol: usize = r.opps.iter().map(|o| o.needs_solution as usize).sum();
        if n_sol > 0 {
            let grow = 1.0
                - (-(hours[act::SOLUTION] / n_sol as f64) * r.skills[skill::SOLUTION]
                    / mp.solution_hours_scale)
                    .exp();
            for o in r.opps.iter_mut() {
                // A product, not a select: LLVM turns the select into a branch.
                let step = grow * f64::from(u8::from(o.needs_solution));
                o.sigma += (1.0 - o.sigma) * step;
            }
        }

        // Step 4: stall and loss. Every draw about a deal in a week is keyed by (deal, week); a
        // surviving deal draws its stage event now too. (A compaction in place, like
        // `retain`, with the counters in registers.)
        let mut n_dec = 0usize;
        let mut kept = 0usize;
        let n_open = r.opps.len();
        for k in 0..n_open {
            // One hash per deal and week: the deal-week key's two halves decide the loss and
            // the week's stage event (a decision in the decision stage, an advance before it;
            // a deal is in one or the other, never both).
            let (loss_draw, stage_draw) = r.opps[k].fate_key.with_part(week_part).uniform_pair();
            if loss_draw < mp.loss_per_week {
                if let Some(rec) = self.recorder.as_deref_mut() {
                    rec.closed(r.opps[k].id_part, r.seat, r.person, team, w, None);
                }
                continue;
            }
            let o = &mut r.opps[k];
            o.stage_draw = stage_draw;
            n_dec += (o.stage >= last_stage) as usize;
            if kept != k {
                r.opps[kept] = r.opps[k];
            }
            kept += 1;
        }
        r.opps.truncate(kept);
        let lost = n_open - kept;
        // Deals before the decision stage: decisions below do not change their number.
        let n_pre = kept - n_dec;
        if counting {
            self.tally.closed[mi] += lost as f64;
            self.tally.at_team(team, |tt| tt.closed += lost as f64);
        }

        // Step 5: decisions.
        self.scratch.wins.clear();
        if n_dec > 0 && !r.push {
            let p_dec = 1.0
                - (-((hours[act::CLOSE] / n_dec as f64) / mp.close_hours_scale
                    + mp.self_decision_rate))
                    .exp();
            let d = incentives::discount(
                mp.discount_base,
                g.discount_pressure,
                g.discount_max,
                r.pressure,
            );
            let alpha0 = self.win_logit[mi];
            let closing = r.skills[skill::CLOSING];
            let mut k = 0;
            while k < r.opps.len() {
                let o = &r.opps[k];
                if o.stage < last_stage || o.stage_draw >= p_dec {
                    k += 1;
                    continue;
                }
                let o = r.opps.swap_remove(k);
                let solution_term = if complex || o.custom {
                    mp.win_solution * (o.sigma - 0.5)
                } else {
                    0.0
                };
                let x = alpha0
                    + mp.win_fit * (o.fit - 0.5)
                    + solution_term
                    + mp.win_closing * (closing - 0.5)
                    + mp.win_discount * (d / c.discount_scale)
                    - if o.mismatch { mp.win_mismatch } else { 0.0 };
                // `u < logistic(x)`, as `logit(u) < x`: the logit is the deal's, drawn once
                // for all variants.
                let won = o.outcome_logit < x;
                if o.needs_solution {
                    r.period.quality_sum += o.sigma;
                    r.period.quality_n += 1.0;
                }
                if counting {
                    self.tally.decided[mi] += 1.0;
                    self.tally.closed[mi] += 1.0;
                    self.tally.at_team(team, |tt| tt.closed += 1.0);
                    self.tally.cycle_sum[mi] += (w - o.created) as f64;
                    if won {
                        self.tally.won_cycle_sum[mi] += (w - o.created) as f64;
                    }
                }
                if !won && let Some(rec) = self.recorder.as_deref_mut() {
                    rec.closed(o.id_part, r.seat, r.person, team, w, None);
                }
                if won {
                    self.scratch.wins.push(Win {
                        id_part: o.id_part,
                        fit: o.fit,
                        value: o.value,
                        sigma: o.sigma,
                        custom: o.custom,
                        mismatch: o.mismatch,
                        discount: d,
                    });
                }
            }
        }

        // Wins: price, costs, satisfaction, referrals.
        let (slot, window) = self.win_slot;
        r.wins_ring[slot] = self.scratch.wins.len() as u32;
        if !self.scratch.wins.is_empty() {
            let recent: u32 = r.wins_ring[..window].iter().sum();
            let eta = r.skills[skill::HANDOVER]
                * (1.0
                    - (-(hours[act::HANDOVER] / recent.max(1) as f64) / mp.handover_hours_scale)
                        .exp());
            let wip = w.rem_euclid(self.scenario.run.period_weeks as i32) as usize;
            let in_end = wip as u32 + g.end_weeks as u32 >= self.scenario.run.period_weeks;
            for win in self.scratch.wins.iter() {
                let revenue =
                    win.value * (1.0 + mp.solution_uplift * win.sigma) * (1.0 - win.discount);
                let goods = win.value * (1.0 - mp.gross_margin);
                let custom = if !win.custom {
                    0.0
                } else if win.mismatch {
                    g.custom_cost_kept * win.value
                } else {
                    g.custom_cost_solution * win.value * (1.0 - win.sigma)
                };
                let overrun = win.value * mp.overrun_share * (1.0 - eta);
                let csat = (c.csat_base
                    + c.csat_handover_weight * (eta - 0.5)
                    + if complex {
                        c.csat_solution_weight * (win.sigma - 0.5)
                    } else {
                        0.0
                    }
                    + c.csat_fit_weight * (win.fit - 0.5))
                    .clamp(0.0, 1.0);
                if let Some(rec) = self.recorder.as_deref_mut() {
                    rec.closed(win.id_part, r.seat, r.person, team, w, Some(revenue));
                }
                r.period.additive[kpi::REVENUE] += revenue;
                r.period.additive[kpi::DEALS] += 1.0;
                r.period.additive[kpi::MARGIN] += revenue - goods - custom - overrun;
                r.period.csat_sum += csat;
                r.period.csat_n += 1.0;
                let n_ref = poisson(
                    keys.referral.with_part(win.id_part),
                    mp.referral_rate * csat,
                );
                if n_ref > 0 {
                    r.referrals.push(PendingReferral {
                        due: w + g.referral_delay_weeks as i32,
                        deal: win.id_part,
                        count: n_ref,
                    });
                }
                if counting {
                    let t = &mut self.tally;
                    t.revenue[mi] += revenue;
                    t.goods[mi] += goods;
                    t.custom_cost[mi] += custom;
                    t.overrun[mi] += overrun;
                    t.wins[mi] += 1.0;
                    t.at_team(team, |tt| {
                        tt.revenue += revenue;
                        tt.cost += goods + custom + overrun;
                        tt.wins += 1.0;
                    });
                    t.discount_sum += win.discount;
                    t.csat_sum += csat;
                    let bucket = if in_end {
                        &mut t.discount_end
                    } else {
                        &mut t.discount_rest
                    };
                    bucket.add(win.discount);
                    if let Some(b) = t.discount_by_week.get_mut(wip) {
                        b.0 += win.discount;
                        b.1 += 1.0;
                    }
                    if let Some(x) = t.weekly_revenue.get_mut(w as usize) {
                        *x += revenue;
                    }
                    if r.person == r.person0 {
                        r.revenue_h += revenue;
                    }
                }
            }
        }

        // Step 6: advancement of deals before the decision stage.
        debug_assert_eq!(
            n_pre,
            r.opps.iter().filter(|o| o.stage < last_stage).count()
        );
        if n_pre > 0 {
            let p_adv = 1.0 - (-(hours[act::MEET] / n_pre as f64) / mp.meet_hours_scale).exp();
            for o in r.opps.iter_mut() {
                // `&`, not `&&`: both sides are cheap, and the short circuit is a branch
                // that mispredicts as often as the deals advance.
                o.stage += ((o.stage < last_stage) & (o.stage_draw < p_adv)) as u8;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{one_rep, opp, run_parts};
    use super::*;
    use crate::rng::Key;

    #[test]
    fn a_sure_decision_books_the_revenue_and_satisfaction_by_hand() {
        let (scenario, mut params, policy) = run_parts();
        let mp = &mut params.motion[0];
        mp.loss_per_week = 0.0;
        mp.self_decision_rate = 1e9; // every deal in the decision stage is decided
        mp.referral_rate = 0.0;
        let last = mp.stages as u8;
        let mp = params.motion[0].clone();
        let mut sim = one_rep(&scenario, &params);
        // A deal sure to be won (its outcome logit far below any log-odds).
        let mut o = opp(Key::ZERO.with(1), 1000.0, last);
        o.outcome_logit = -1e9;
        o.fit = 0.7;
        o.created = 2;
        sim.reps[0].opps.push(o);
        sim.reps[0].skills = [0.5; 5];
        sim.reps[0].hours = [0.0; crate::scenario::params::N_ACT];
        sim.win_slot = (5 % 4, 4); // as `week` sets it for week 5
        sim.pipeline_week(0, 5, &policy, &params);
        let r = &sim.reps[0];
        assert!(r.opps.is_empty());
        // No hand-over hours: eta = 0. Traditional: no solution term.
        let d = mp.discount_base.min(params.global.discount_max);
        let revenue = 1000.0 * (1.0 + mp.solution_uplift * 0.0) * (1.0 - d);
        let csat: f64 = 0.5 + 0.3 * (0.0 - 0.5) + 0.2 * (0.7 - 0.5);
        assert_eq!(sim.tally.revenue[0], revenue);
        assert_eq!(sim.tally.wins[0], 1.0);
        assert_eq!(sim.tally.cycle_sum[0], 3.0);
        assert_eq!(sim.tally.won_cycle_sum[0], 3.0);
        assert_eq!(sim.tally.csat_sum, csat.clamp(0.0, 1.0));
        assert_eq!(r.period.additive[kpi::DEALS], 1.0);
        assert_eq!(r.wins_ring[5 % 4], 1);

        // The satisfaction weights are constants of the model: another fit weight, another
        // score.
        params.constants.csat_fit_weight = 0.4;
        let mut sim = one_rep(&scenario, &params);
        sim.reps[0].opps.push(o);
        sim.reps[0].skills = [0.5; 5];
        sim.reps[0].hours = [0.0; crate::scenario::params::N_ACT];
        sim.pipeline_week(0, 5, &policy, &params);
        let csat: f64 = 0.5 + 0.3 * (0.0 - 0.5) + 0.4 * (0.7 - 0.5);
        assert_eq!(sim.tally.csat_sum, csat);
    }

    #[test]
    fn a_certain_loss_closes_the_deal_without_a_decision() {
        let (scenario, mut params, policy) = run_parts();
        params.motion[0].loss_per_week = 1.0;
        let mut sim = one_rep(&scenario, &params);
        sim.reps[0].opps.push(opp(Key::ZERO.with(2), 500.0, 1));
        sim.pipeline_week(0, 0, &policy, &params);
        assert!(sim.reps[0].opps.is_empty());
        assert_eq!(sim.tally.closed[0], 1.0);
        assert_eq!(sim.tally.decided[0], 0.0);
    }

    #[test]
    fn solution_quality_grows_by_the_hand_computed_step() {
        let (scenario, mut params, policy) = run_parts();
        params.motion[0].loss_per_week = 0.0;
        let mp = params.motion[0].clone();
        let mut sim = one_rep(&scenario, &params);
        let mut o = opp(Key::ZERO.with(3), 500.0, 1);
        o.needs_solution = true;
        o.sigma = 0.2;
        sim.reps[0].opps.push(o);
        sim.reps[0].skills[skill::SOLUTION] = 0.5;
        sim.reps[0].hours = [0.0; crate::scenario::params::N_ACT];
        sim.reps[0].hours[act::SOLUTION] = 4.0;
        sim.pipeline_week(0, 0, &policy, &params);
        let grow = 1.0 - (-(4.0 / 1.0) * 0.5 / mp.solution_hours_scale).exp();
        let expected = 0.2 + (1.0 - 0.2) * grow;
        assert_eq!(sim.reps[0].opps[0].sigma, expected);
    }
}
