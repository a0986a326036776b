//! The organisation week by week (docs/model.md sections 1.5 and 2 to 7): [`TrialSim`] holds
//! one trial's organisation and runs its weeks in the order of section 1.5, "Order of events
//! within a week". The step numbers in the comments are the numbers of section 1.5: hires (1);
//! then, rep by rep, allocation (2), solution growth (3), stall and loss (4), decisions (5)
//! and advancement (6); then, for all reps, the unnumbered steps new leads, qualification,
//! learning, attrition and period close. Each step lives in its own module:
//!
//! - [`state`]: the seats, deals, leads and running totals (section 2);
//! - this module: the week's order of events, and allocation of hours (step 2; sections 3.1,
//!   3.5, 5.4 and 5.5);
//! - `pipeline`: steps 3 to 6, solution growth, loss, decisions, wins and advancement
//!   (sections 4.5 to 4.12);
//! - `leads`: new leads and qualification: prospecting, inbound and referral leads, routing
//!   (sections 4.1 to 4.4);
//! - `people`: hires (step 1), who covers a vacant seat's leads, learning and attrition
//!   (sections 5.6 and 6.3 to 6.5);
//! - `period`: period close, attainment against ramp-adjusted targets and variable pay
//!   (sections 1.3 and 5.3);
//! - `finish`: the metrics of the horizon (sections 7 and 10.1);
//! - `draws` and `side_by_side`: the keyed draws and how variants run side by side share
//!   them (sections 1.4 and 9).

mod draws;
mod finish;
mod leads;
mod people;
mod period;
mod pipeline;
mod record;
mod side_by_side;
mod state;

use crate::rng::{Key, Part, Purpose};
use crate::scenario::params::{N_ACT, N_KPI, act, kpi};
use crate::scenario::{Motion, Scenario};

use super::behaviour;
use super::incentives::{self, PeriodEnd};
use super::world::{Policy, Resolved, TeamPolicy};
use crate::scenario::registry::manager_hours;
use draws::{DrawSource, FitDraw, TrialKeys, draw_skills, logit};
use state::{Rep, Scratch, Tally};

pub use draws::{SharedDraws, SoloDraws};
pub use record::{RecordedOpp, RecordedOutcome, Recorder};
pub use side_by_side::{SideBySide, run_side_by_side};
pub use state::{N_SKILL, Opp, skill};

/// Mean KPI per full rep-period per team, observed over a run's horizon (for targets).
pub type KpiMeans = Vec<[(f64, f64); N_KPI]>;

/// The simulation of one trial: shared burn-in, then each variant on its own copy.
#[derive(Clone, Debug)]
pub struct TrialSim<'s> {
    /// The scenario simulated.
    scenario: &'s Scenario,
    /// The trial's key: the root of every draw of the trial.
    trial_key: Key,
    /// The trial's keys per purpose, hashed once.
    keys: TrialKeys,
    /// Every seat of every team, indexed by seat number.
    reps: Vec<Rep>,
    /// Each team's motion, indexed by team.
    team_motion: Vec<Motion>,
    /// Each team's seats (indices into `reps`), indexed by team.
    team_seats: Vec<Vec<usize>>,
    /// Allocation shares of each team without period-end pressure, this week.
    calm_shares: Vec<[f64; N_ACT]>,
    /// The current week as a key part.
    week_part: Part,
    /// `exp(-mean)` of the inbound leads per motion, this week.
    inbound_p0: [f64; 2],
    /// `logit(win_base)` of each motion: the intercept of a deal's win chance.
    win_logit: [f64; 2],
    /// This week's slot in the ring of recent wins, and the ring's length (the hand-over
    /// window).
    win_slot: (usize, usize),
    /// How inbound leads draw their fit, this week.
    inbound_fit: FitDraw,
    /// How referral leads draw their fit, this week.
    referral_fit: FitDraw,
    /// Per seat: the weeks of the current period the seat was filled, each weighted by the
    /// ramp share of the person in it (docs/model.md section 5.6; a fully ramped week counts
    /// 1). Additive targets are pro-rated by it (section 5.3).
    ramped_weeks: Vec<f64>,
    /// Buffers reused every week, so the weekly loop does not allocate.
    scratch: Scratch,
    /// Running totals of the horizon.
    tally: Tally,
    /// The opportunities of the horizon, when recorded (`None`: not recorded).
    recorder: Option<Box<Recorder>>,
}

impl<'s> TrialSim<'s> {
    /// A fresh organisation for one trial: reps drawn from the baseline's parameters.
    pub fn new(scenario: &'s Scenario, trial_key: Key, params: &Resolved, start_week: i32) -> Self {
        let mut reps = Vec::new();
        let mut team_seats = Vec::new();
        for (ti, team) in scenario.teams.iter().enumerate() {
            let mp = &params.motion[team.motion.index()];
            let mut seats = Vec::new();
            for _ in 0..team.reps {
                let seat = reps.len() as u64;
                let key = trial_key.purpose(Purpose::RepAttributes).with(seat);
                seats.push(reps.len());
                let mut rep = Rep::new(ti, seat, draw_skills(key, mp, 1.0), trial_key);
                rep.present_from = start_week;
                reps.push(rep);
            }
            team_seats.push(seats);
        }
        let teams = scenario.teams.len();
        let largest_team = scenario.teams.iter().map(|t| t.reps as usize).max();
        let largest_team = largest_team.unwrap_or(0);
        TrialSim {
            scenario,
            trial_key,
            keys: TrialKeys::new(trial_key),
            ramped_weeks: vec![0.0; reps.len()],
            reps,
            team_motion: scenario.teams.iter().map(|t| t.motion).collect(),
            team_seats,
            calm_shares: vec![[0.0; N_ACT]; teams],
            week_part: Part::new(0),
            inbound_p0: [1.0; 2],
            win_logit: [0.0; 2],
            win_slot: (0, 1),
            inbound_fit: FitDraw::Centre,
            referral_fit: FitDraw::Centre,
            scratch: Scratch::new(largest_team),
            tally: Tally::default(),
            recorder: None,
        }
    }

    /// Simulate weeks `from..to` of one variant alone (week 0 is the switch; negative weeks
    /// are burn-in).
    pub fn run_weeks(&mut self, from: i32, to: i32, policy: &Policy, params: &Resolved) {
        run_side_by_side(std::slice::from_mut(self), &[(policy, params)], from, to);
    }

    /// Number of seats (filled or not).
    pub fn seats(&self) -> usize {
        self.reps.len()
    }

    fn week_in_period(&self, w: i32) -> u32 {
        w.rem_euclid(self.scenario.run.period_weeks as i32) as u32
    }

    /// One week of this variant, in the order of docs/model.md section 1.5, with the draws
    /// of `source`.
    fn week<D: DrawSource>(&mut self, w: i32, policy: &Policy, params: &Resolved, source: &mut D) {
        let counting = w >= 0;
        let period_weeks = self.scenario.run.period_weeks;
        let wip = self.week_in_period(w);
        let g = &params.global;
        let c = &params.constants;
        let in_end = wip + g.end_weeks as u32 >= period_weeks;

        // Step 1 (section 1.5): hires whose seat fills this week.
        self.hire(w, params);

        // Things that depend on the week and the variant only, once a week.
        self.week_part = Part::new(w as i64 as u64);
        for (slot, tp) in self.calm_shares.iter_mut().zip(&policy.teams) {
            *slot = behaviour::shares(&tp.log_weights, 0.0);
        }
        for (logit0, mp) in self.win_logit.iter_mut().zip(&params.motion) {
            *logit0 = logit(mp.win_base);
        }
        for (p0, mp) in self.inbound_p0.iter_mut().zip(&params.motion) {
            *p0 = (-mp.inbound_leads_per_week).exp();
        }
        let window = c.handover_window();
        self.win_slot = (w.rem_euclid(window as i32) as usize, window);
        self.inbound_fit = FitDraw::beta(c.inbound_fit_a, c.inbound_fit_b);
        self.referral_fit = FitDraw::beta(c.referral_fit_a, c.referral_fit_b);

        // Rep by rep: step 2, allocation, then steps 3 to 6: solution growth, stall and
        // loss, decisions, advancement.
        for i in 0..self.reps.len() {
            if !self.reps[i].present(w) {
                continue;
            }
            self.allocate(i, w, wip, in_end, policy, params);
            self.pipeline_week(i, w, policy, params);
        }

        // Then for all reps (section 1.5): new leads (routing may hand leads to another
        // team; a vacant seat's leads go to a teammate), then qualification.
        for i in 0..self.reps.len() {
            self.reps[i].leads.clear();
        }
        for i in 0..self.reps.len() {
            self.generate_leads(i, w, policy, params, source);
        }
        for i in 0..self.reps.len() {
            if self.reps[i].present(w) {
                self.qualify(i, w, policy, params);
            }
        }

        // Learning.
        for t in 0..self.team_seats.len() {
            self.learn(t, w, policy, params);
        }

        // Attrition.
        for i in 0..self.reps.len() {
            if self.reps[i].present(w) {
                self.attrition(i, w, policy, params, source);
            }
        }

        // Period close in the last week of a period, and the weekly series.
        if wip + 1 == period_weeks {
            self.close_period(policy, params, counting);
        }
        if counting {
            let wi = w as usize;
            if wi < self.tally.weekly_pipeline.len() {
                self.tally.weekly_pipeline[wi] =
                    self.reps.iter().map(|r| r.opps.len() as f64).sum();
            }
            for (mi, n) in self.motion_seat_counts().into_iter().enumerate() {
                self.tally.overhead[mi] += g.overhead_per_rep_year * n / c.weeks_per_year;
            }
            // Each team's manager, extra manager capacity included (section 6.1), and its
            // own overhead (its seats).
            for (t, m) in self.team_motion.iter().enumerate() {
                let mi = m.index();
                let extra = self.extra_managers(t, &policy.teams[t], params);
                let managers = (1.0 + extra) * g.manager_cost_per_year / c.weeks_per_year;
                self.tally.manager_cost[mi] += managers;
                let overhead =
                    g.overhead_per_rep_year * self.team_seats[t].len() as f64 / c.weeks_per_year;
                self.tally.at_team(t, |tt| tt.cost += managers + overhead);
            }
        }
    }

    /// Step 2 of docs/model.md section 1.5, allocation: rep `i`'s hours this week (sections
    /// 3.1, 3.5, 5.4 and 5.5), and their cost.
    fn allocate(
        &mut self,
        i: usize,
        w: i32,
        wip: u32,
        in_end: bool,
        policy: &Policy,
        params: &Resolved,
    ) {
        let counting = w >= 0;
        let g = &params.global;
        let c = &params.constants;
        let team = self.reps[i].team;
        let tp = &policy.teams[team];
        let mi = self.team_motion[team].index();
        let mp = &params.motion[mi];

        // Period-end behaviour from projected attainment.
        // Projected attainment matters only in the last weeks, for outcome KPIs.
        let projected = if in_end && tp.outcome_weight > 0.0 {
            self.projected_attainment(i, policy, wip)
        } else {
            1.0
        };
        let state = incentives::period_end(in_end, tp.outcome_weight, projected, tp.cap, c);
        let (pressure, push) = match state {
            PeriodEnd::Calm => (0.0, false),
            PeriodEnd::Pressure(p) => (p, false),
            PeriodEnd::Push => {
                // Whether this rep plays the game is decided once per period.
                let period_weeks = self.scenario.run.period_weeks;
                let period_index = w.div_euclid(period_weeks as i32) as i64 as u64;
                let u = self
                    .keys
                    .timing
                    .with(self.reps[i].seat)
                    .with(period_index)
                    .uniform();
                (0.0, u < g.timing_games)
            }
        };
        let shares = if pressure == 0.0 {
            self.calm_shares[team]
        } else {
            behaviour::shares(&tp.log_weights, g.responsiveness * pressure)
        };
        let ramp = self.ramp(i, w, mp.ramp_weeks);
        self.ramped_weeks[i] += ramp;
        // Section 6.6: a share of each coaching hour beyond the routine ones comes out of the
        // selling hours.
        let coached =
            g.coaching_selling_share * (tp.coaching_hours - g.coaching_free_hours).max(0.0);
        let selling =
            (mp.rep_hours_per_week * tp.effort * mp.selling_share - coached).max(0.0) * ramp;
        let r = &mut self.reps[i];
        r.pressure = pressure;
        r.push = push;
        for a in 0..N_ACT {
            r.hours[a] = selling * shares[a];
        }
        r.period.filled_weeks += 1;
        r.period.additive[kpi::ACTIVITIES] += r.hours[act::MEET] * mp.meetings_per_hour;
        r.period.prospect_hours += r.hours[act::PROSPECT];
        if counting {
            for a in 0..N_ACT {
                self.tally.hours[mi][a] += r.hours[a];
            }
            self.tally.rep_weeks[mi] += 1.0;
            r.filled_h += 1.0;
            let base = mp.base_pay_per_year / c.weeks_per_year;
            self.tally.base_pay[mi] += base;
            // Section 6.6: the programme's flat and per-hour parts; section 6.5: the money
            // the targeting and process levers cost per seat.
            // The team's share is the same sum (kept as two additions in the motion's line).
            let mut coaching = 0.0;
            if tp.coaching_hours > 0.0 {
                let programme = g.coaching_cost_per_rep_year / c.weeks_per_year
                    + g.coaching_cost_per_rep_hour * tp.coaching_hours;
                self.tally.coaching_cost[mi] += programme;
                coaching += programme;
            }
            let levers = tp.levers.targeting * g.targeting_cost_per_rep_year
                + tp.levers.process * g.process_cost_per_rep_year;
            if levers > 0.0 {
                self.tally.coaching_cost[mi] += levers / c.weeks_per_year;
                coaching += levers / c.weeks_per_year;
            }
            self.tally.at_team(team, |tt| {
                tt.cost += base + coaching;
                tt.rep_weeks += 1.0;
            });
        }
    }

    /// Extra managers team `t` needs this week, as a fraction of one manager (docs/model.md
    /// section 6.1): the manager hours its coaching and levers ask for beyond the manager's
    /// leadership hours, divided by those hours (at least 1 hour, so that a manager with no
    /// leadership hours still gives a finite price).
    fn extra_managers(&self, t: usize, tp: &TeamPolicy, params: &Resolved) -> f64 {
        let team = &self.scenario.teams[t];
        let h_mgr = params.motion[team.motion.index()].manager_hours_per_week;
        let complex = team.motion == Motion::Complex;
        let asked = manager_hours(tp.coaching_hours, team.reps, complex, &tp.levers);
        (asked - h_mgr).max(0.0) / h_mgr.max(1.0)
    }

    fn motion_seat_counts(&self) -> [f64; 2] {
        let mut n = [0.0; 2];
        for (t, seats) in self.team_seats.iter().enumerate() {
            n[self.team_motion[t].index()] += seats.len() as f64;
        }
        n
    }

    /// The ramp share of the person in seat `i` in week `w` (docs/model.md section 5.6): a
    /// hire's selling hours, and targets, grow linearly to full over `ramp_weeks`; the
    /// organisation's first people are fully ramped.
    fn ramp(&self, i: usize, w: i32, ramp_weeks: f64) -> f64 {
        match self.reps[i].hired_at {
            Some(hired) if ramp_weeks > 0.0 => (((w - hired + 1) as f64) / ramp_weeks).min(1.0),
            _ => 1.0,
        }
    }

    /// Period-to-date attainment (docs/model.md section 5.4) with additive KPIs extrapolated
    /// at the run rate per ramped week, so a hire in ramp is measured against a ramp-adjusted
    /// target. With no weighted KPI observed yet the rep has nothing to project from and
    /// counts as on target: no period-end pressure or push.
    fn projected_attainment(&self, i: usize, policy: &Policy, wip: u32) -> f64 {
        let r = &self.reps[i];
        let tp = &policy.teams[r.team];
        let Some(targets) = &tp.targets else {
            return 1.0;
        };
        let ramped = self.ramped_weeks[i];
        if wip == 0 || r.period.filled_weeks == 0 || ramped <= 0.0 {
            return 1.0;
        }
        let period = self.scenario.run.period_weeks as f64;
        let mut v = r.period.values();
        for (k, x) in v.iter_mut().enumerate() {
            if !incentives::is_ratio(k) {
                *x *= period / ramped;
            }
        }
        incentives::attainment(&tp.weights, &v, targets).unwrap_or(1.0)
    }
}

#[cfg(test)]
pub(super) mod tests;
