//! People (docs/model.md sections 5.6, 6.3 to 6.5): hires filling vacant seats, learning from
//! coaching, experience and the levers, and attrition with the hand-over of a leaver's deals.

use crate::rng::Purpose;
use crate::scenario::Motion;

use super::super::coaching;
use super::super::constants::HANDOVER_WINDOW_MAX;
use super::super::world::{Policy, Resolved};
use super::TrialSim;
use super::draws::{DrawSource, draw_skills};
use super::state::{N_SKILL, Scratch, skill};

impl<'s> TrialSim<'s> {
    /// Step 1 of docs/model.md section 1.5, hires: the people hired into seats that fill this
    /// week draw their skills.
    pub(super) fn hire(&mut self, w: i32, params: &Resolved) {
        let counting = w >= 0;
        let g = &params.global;
        for i in 0..self.reps.len() {
            let r = &self.reps[i];
            if r.person > 0 && r.present_from == w {
                let motion = self.team_motion[r.team];
                let key = self
                    .trial_key
                    .purpose(Purpose::Hire)
                    .with(r.seat)
                    .with(r.person as u64);
                let skills = draw_skills(key, &params.motion[motion.index()], g.hire_skill_factor);
                let r = &mut self.reps[i];
                r.skills = skills;
                r.hired_at = Some(w);
                r.last_att = 1.0;
                if counting {
                    self.tally.hiring_cost[motion.index()] += g.hiring_cost;
                    self.tally.hires += 1.0;
                }
            }
        }
    }

    /// Learning (docs/model.md section 1.5, after qualification): the present reps of team
    /// `t` learn.
    pub(super) fn learn(&mut self, t: usize, w: i32, policy: &Policy, params: &Resolved) {
        let tp = &policy.teams[t];
        let c = &params.constants;
        let experience = params.global.experience_learning;
        let Scratch {
            present,
            pct,
            skills: tmp,
            ..
        } = &mut self.scratch;
        present.clear();
        present.extend(
            self.team_seats[t]
                .iter()
                .copied()
                .filter(|&i| self.reps[i].present(w)),
        );
        if present.is_empty() {
            return;
        }
        let hours = tp.coaching_hours;
        tmp.clear();
        tmp.extend(present.iter().map(|&i| self.reps[i].mean_skill()));
        coaching::percentiles(tmp, pct);
        let mut p75 = [0.0; N_SKILL];
        if tp.levers.practice > 0.0 {
            for (k, slot) in p75.iter_mut().enumerate() {
                tmp.clear();
                tmp.extend(present.iter().map(|&i| self.reps[i].skills[k]));
                *slot = coaching::p75(tmp);
            }
        }
        let rate = coaching::coaching_rate(tp.kappa, hours, c);
        // The levers' terms as coefficients per skill (zero where a lever does not act), so
        // the update of a rep's skills has no branch.
        let mut winloss = [0.0; N_SKILL];
        if tp.levers.winloss > 0.0 {
            winloss[skill::CLOSING] = c.winloss_rate * tp.levers.winloss;
            winloss[skill::SOLUTION] = c.winloss_rate * tp.levers.winloss;
        }
        let practice = if tp.levers.practice > 0.0 {
            c.practice_rate * tp.levers.practice
        } else {
            0.0
        };
        for (j, &i) in present.iter().enumerate() {
            let r = &mut self.reps[i];
            for k in 0..N_SKILL {
                let s = r.skills[k];
                let ds = coaching::step_at_rate(s, tp.kappa, rate, pct[j], experience, c)
                    + winloss[k] * (c.skill_ceiling - s)
                    + practice * (p75[k] - s).max(0.0);
                r.skills[k] = (s + ds).clamp(0.0, 1.0);
            }
        }
    }

    /// Attrition (docs/model.md section 1.5, after learning): rep `i` may leave; a leaver's
    /// deals go to the least loaded colleague or are lost, and the seat stays vacant for the
    /// vacancy weeks.
    pub(super) fn attrition<D: DrawSource>(
        &mut self,
        i: usize,
        w: i32,
        policy: &Policy,
        params: &Resolved,
        source: &mut D,
    ) {
        let counting = w >= 0;
        let g = &params.global;
        let c = &params.constants;
        let team = self.reps[i].team;
        let tp = &policy.teams[team];
        let r = &self.reps[i];
        let overwork = (tp.effort - 1.0).max(0.0) / c.overwork_scale;
        let low = if r.last_att < c.low_attainment {
            c.low_attainment_multiplier
        } else {
            1.0
        };
        let hazard = g.attrition_per_year / c.weeks_per_year
            * (1.0 + c.overwork_multiplier * overwork)
            * low;
        let u = source.attrition_u(i, w, self.week_part, r.seat_key, r.attrition_key);
        // The weekly hazard rate becomes a probability 1 - exp(-hazard), below 1 at any rate.
        if !super::draws::happens(u, hazard) {
            return;
        }
        // The rep leaves.
        if counting {
            self.tally.leavers += 1.0;
        }
        let r = &mut self.reps[i];
        if r.person == r.person0 && r.skill_end.is_none() && counting {
            r.skill_end = Some(r.mean_skill());
        }
        r.person += 1;
        r.present_from = w + 1 + g.vacancy_weeks as i32;
        r.referrals.clear();
        r.wins_ring = [0; HANDOVER_WINDOW_MAX];
        let seat = r.seat;
        // Swap the leaver's deals into the (empty) scratch buffer, leaving the seat an empty
        // buffer of the same capacity: no allocation.
        let opps = &mut self.scratch.opps;
        opps.clear();
        std::mem::swap(opps, &mut r.opps);
        let mut lost = 0.0;
        for o in opps.drain(..) {
            let u = self.keys.handover.with(seat).with_part(o.id_part).uniform();
            let heir = if u < g.leaver_deal_loss {
                None
            } else {
                self.team_seats[team]
                    .iter()
                    .copied()
                    .filter(|&j| j != i && self.reps[j].present(w + 1))
                    .min_by_key(|&j| self.reps[j].opps.len())
            };
            match heir {
                Some(j) => {
                    let mut o = o;
                    o.mismatch = o.custom && self.team_motion[team] == Motion::Traditional;
                    self.reps[j].opps.push(o);
                }
                None => lost += 1.0,
            }
        }
        if counting {
            self.tally.closed[self.team_motion[team].index()] += lost;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::draws::SoloDraws;
    use super::super::tests::{one_rep, opp, run_parts};
    use super::*;
    use crate::rng::Key;

    #[test]
    fn a_sure_leaver_leaves_and_loses_the_deals_without_a_colleague() {
        let (scenario, mut params, policy) = run_parts();
        params.global.attrition_per_year = 1e12; // hazard far above any uniform
        params.global.vacancy_weeks = 3.0;
        let mut sim = one_rep(&scenario, &params);
        sim.reps[0].opps.push(opp(Key::ZERO.with(4), 100.0, 1));
        sim.reps[0].skills = [0.25, 0.5, 0.5, 0.75, 0.5];
        sim.attrition(0, 2, &policy, &params, &mut SoloDraws::new());
        let r = &sim.reps[0];
        assert_eq!(r.person, 1);
        assert_eq!(r.present_from, 2 + 1 + 3);
        assert!(r.opps.is_empty());
        assert_eq!(r.skill_end, Some(0.5));
        assert_eq!(sim.tally.leavers, 1.0);
        assert_eq!(sim.tally.closed[0], 1.0);
    }

    #[test]
    fn nobody_leaves_without_attrition() {
        let (scenario, mut params, policy) = run_parts();
        params.global.attrition_per_year = 0.0;
        let mut sim = one_rep(&scenario, &params);
        sim.attrition(0, 2, &policy, &params, &mut SoloDraws::new());
        assert_eq!(sim.reps[0].person, 0);
        assert_eq!(sim.tally.leavers, 0.0);
    }

    #[test]
    fn experience_alone_moves_skill_by_the_hand_computed_step() {
        let (scenario, mut params, mut policy) = run_parts();
        params.global.experience_learning = 0.01;
        policy.teams[0].coaching_hours = 0.0;
        policy.teams[0].levers = Default::default();
        let mut sim = one_rep(&scenario, &params);
        sim.reps[0].skills = [0.5; N_SKILL];
        sim.learn(0, 1, &policy, &params);
        // No coaching: ds = experience * (0.95 - s).
        let expected = 0.5 + 0.01 * (0.95 - 0.5);
        assert_eq!(sim.reps[0].skills, [expected; N_SKILL]);
    }

    #[test]
    fn a_hire_draws_skills_and_costs_the_hiring_cost() {
        let (scenario, params, _) = run_parts();
        let mut sim = one_rep(&scenario, &params);
        sim.reps[0].person = 1;
        sim.reps[0].present_from = 4;
        sim.hire(4, &params);
        assert_eq!(sim.reps[0].hired_at, Some(4));
        assert_eq!(sim.tally.hires, 1.0);
        assert_eq!(sim.tally.hiring_cost[0], params.global.hiring_cost);
        // Not yet the week the seat fills: nothing happens.
        sim.reps[0].present_from = 9;
        sim.hire(5, &params);
        assert_eq!(sim.tally.hires, 1.0);
    }
}
