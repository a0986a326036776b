//! People (docs/model.md sections 5.6, 6.3 to 6.5): hires filling vacant seats, who covers a
//! vacant seat's new leads, learning from coaching, experience and the levers, and attrition
//! with the hand-over of a leaver's deals.

use crate::rng::Purpose;
use crate::scenario::Motion;
use crate::scenario::params::N_ACT;

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
                    let team = self.reps[i].team;
                    self.tally.at_team(team, |tt| tt.cost += g.hiring_cost);
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

    /// The teammate of seat `i` present in week `w` with the fewest open deals, the first in
    /// seat order on a tie (docs/model.md section 5.6); `None` if every other seat of the
    /// team is vacant.
    pub(super) fn least_loaded_teammate(&self, i: usize, w: i32) -> Option<usize> {
        let team = self.reps[i].team;
        self.team_seats[team]
            .iter()
            .copied()
            .filter(|&j| j != i && self.reps[j].present(w))
            .min_by_key(|&j| self.reps[j].opps.len())
    }

    /// Who works the new leads of seat `i` in week `w` (docs/model.md section 5.6): the rep
    /// in the seat, or while it is vacant the least-loaded teammate; `None` with the whole
    /// team vacant.
    pub(super) fn lead_worker(&self, i: usize, w: i32) -> Option<usize> {
        if self.reps[i].present(w) {
            Some(i)
        } else {
            self.least_loaded_teammate(i, w)
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
            let team = self.reps[i].team;
            self.tally.at_team(team, |tt| tt.leavers += 1.0);
        }
        let r = &mut self.reps[i];
        if r.person == r.person0 && r.skill_end.is_none() && counting {
            r.skill_end = Some(r.mean_skill());
        }
        r.person += 1;
        r.present_from = w + 1 + g.vacancy_weeks as i32;
        // A vacant seat works no hours (so it makes no contacts); its pending referrals stay
        // with the seat and go to a teammate while it is vacant (section 5.6).
        r.hours = [0.0; N_ACT];
        r.wins_ring = [0; HANDOVER_WINDOW_MAX];
        let seat = r.seat;
        // Swap the leaver's deals into the (empty) scratch buffer, leaving the seat an empty
        // buffer of the same capacity; the buffer is taken out meanwhile (`mem::take` leaves
        // an empty `Vec`) and put back: no allocation.
        let mut opps = std::mem::take(&mut self.scratch.opps);
        opps.clear();
        std::mem::swap(&mut opps, &mut r.opps);
        let mut lost = 0.0;
        for o in opps.drain(..) {
            let u = self.keys.handover.with(seat).with_part(o.id_part).uniform();
            let heir = if u < g.leaver_deal_loss {
                None
            } else {
                self.least_loaded_teammate(i, w + 1)
            };
            match heir {
                Some(j) => {
                    let mut o = o;
                    o.mismatch = o.custom && self.team_motion[team] == Motion::Traditional;
                    self.reps[j].opps.push(o);
                }
                None => {
                    lost += 1.0;
                    if let Some(rec) = self.recorder.as_deref_mut() {
                        rec.closed(o.id_part, seat, self.reps[i].person - 1, team, w, None);
                    }
                }
            }
        }
        self.scratch.opps = opps;
        if counting {
            self.tally.closed[self.team_motion[team].index()] += lost;
            self.tally.at_team(team, |tt| tt.closed += lost);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::draws::SoloDraws;
    use super::super::state::PendingReferral;
    use super::super::tests::{one_rep, opp, run_parts, team_parts};
    use super::*;
    use crate::rng::{Key, Part};
    use crate::scenario::Scenario;
    use crate::scenario::params::act;

    /// Parameters without prospected leads (no contact is interested) and with many inbound
    /// leads, so every new lead is an inbound or referral lead.
    fn inbound_only(params: &mut Resolved) {
        params.motion[0].interest_prob = 0.0;
        params.motion[0].inbound_leads_per_week = 6.0;
    }

    /// The organisation of [`one_rep`], with the inbound count of a week set up as the week
    /// does.
    fn with_inbound<'s>(scenario: &'s Scenario, params: &Resolved) -> TrialSim<'s> {
        let mut sim = one_rep(scenario, params);
        sim.inbound_p0[0] = (-params.motion[0].inbound_leads_per_week).exp();
        sim
    }

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
    fn a_leaver_keeps_the_seats_referrals_and_leaves_no_hours() {
        let (scenario, mut params, policy) = run_parts();
        params.global.attrition_per_year = 1e12;
        let mut sim = one_rep(&scenario, &params);
        sim.reps[0].hours = [2.0; N_ACT];
        let pending = PendingReferral {
            due: 9,
            deal: Part::new(77),
            count: 2,
        };
        sim.reps[0].referrals.push(pending);
        sim.attrition(0, 2, &policy, &params, &mut SoloDraws::new());
        assert_eq!(sim.reps[0].person, 1);
        assert_eq!(sim.reps[0].hours, [0.0; N_ACT]);
        assert_eq!(sim.reps[0].referrals.len(), 1);
    }

    #[test]
    fn a_vacant_seats_inbound_leads_go_to_the_least_loaded_teammate() {
        let (scenario, mut params, policy) = team_parts(3);
        inbound_only(&mut params);
        let w = 5;
        // Seat 1 as it would be filled (no hours: only inbound leads), for comparison.
        let mut filled = with_inbound(&scenario, &params);
        filled.generate_leads(1, w, &policy, &params, &mut SoloDraws::new());
        let expected: Vec<u64> = filled.reps[1].leads.iter().map(|l| l.key.value()).collect();
        assert!(!expected.is_empty());
        // Seat 1 vacant; seat 0 holds more open deals than seat 2, so seat 2 works the leads.
        let mut sim = with_inbound(&scenario, &params);
        sim.reps[1].present_from = w + 3;
        sim.reps[1].hours = [0.0; N_ACT];
        sim.reps[0].opps.push(opp(Key::ZERO.with(4), 100.0, 1));
        sim.generate_leads(1, w, &policy, &params, &mut SoloDraws::new());
        assert!(sim.reps[0].leads.is_empty() && sim.reps[1].leads.is_empty());
        // The same leads (the same keys, so the same fits, noise and deals) as the seat's own.
        let got: Vec<u64> = sim.reps[2].leads.iter().map(|l| l.key.value()).collect();
        assert_eq!(got, expected);
        for (a, b) in sim.reps[2].leads.iter().zip(filled.reps[1].leads.iter()) {
            assert_eq!(
                (a.fit.to_bits(), a.noise.to_bits()),
                (b.fit.to_bits(), b.noise.to_bits())
            );
        }
        // On a tie the first seat in seat order works them.
        sim.reps[0].opps.clear();
        sim.reps[2].leads.clear();
        sim.generate_leads(1, w, &policy, &params, &mut SoloDraws::new());
        assert_eq!(sim.reps[0].leads.len(), expected.len());
        // Qualified by the teammate: they enter the teammate's pipeline.
        sim.reps[0].hours[act::QUALIFY] = 5.0;
        sim.qualify(0, w, &policy, &params);
        assert_eq!(sim.tally.leads, expected.len() as f64);
        assert_eq!(sim.reps[0].opps.len() as f64, sim.tally.opportunities);
    }

    #[test]
    fn a_vacant_seats_referrals_go_to_a_teammate_or_wait_for_one() {
        let (scenario, params, policy) = team_parts(2);
        let mut quiet = params.clone();
        quiet.motion[0].interest_prob = 0.0;
        quiet.motion[0].inbound_leads_per_week = 0.0;
        let mut sim = one_rep(&scenario, &quiet);
        let due = PendingReferral {
            due: 4,
            deal: Part::new(77),
            count: 2,
        };
        let later = PendingReferral { due: 9, ..due };
        sim.reps[1].referrals.push(due);
        sim.reps[1].referrals.push(later);
        sim.reps[1].present_from = 20;
        sim.reps[1].hours = [0.0; N_ACT];
        // The whole team vacant: nothing is lost, the referrals wait.
        sim.reps[0].present_from = 20;
        sim.generate_leads(1, 4, &policy, &quiet, &mut SoloDraws::new());
        assert_eq!(sim.reps[1].referrals.len(), 2);
        assert!(sim.reps.iter().all(|r| r.leads.is_empty()));
        // A teammate present: the referral due goes to the teammate, the later one waits.
        sim.reps[0].present_from = 0;
        sim.generate_leads(1, 5, &policy, &quiet, &mut SoloDraws::new());
        let keys: Vec<u64> = sim.reps[0].leads.iter().map(|l| l.key.value()).collect();
        let referral = |j: u64| sim.keys.referral.with_part(due.deal).with(j).value();
        assert_eq!(keys, vec![referral(0), referral(1)]);
        assert_eq!(sim.reps[1].referrals.len(), 1);
        assert_eq!(sim.reps[1].referrals[0].due, 9);
    }

    #[test]
    fn in_a_week_a_vacant_seats_inbound_leads_are_qualified() {
        // The week as a whole: with seat 1 vacant, its inbound leads are still qualified (by
        // seat 0), so as many leads are qualified as with seat 1 filled.
        let (scenario, mut params, policy) = team_parts(2);
        inbound_only(&mut params);
        params.global.attrition_per_year = 0.0;
        let week = |vacant: bool| {
            let mut sim = one_rep(&scenario, &params);
            sim.start_horizon(4);
            if vacant {
                sim.reps[1].person = 1;
                sim.reps[1].present_from = 10;
                sim.reps[1].hours = [0.0; N_ACT];
            }
            sim.run_weeks(0, 2, &policy, &params);
            sim.tally.leads
        };
        let (filled, vacant) = (week(false), week(true));
        assert!(filled > 0.0);
        assert_eq!(vacant, filled);
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
