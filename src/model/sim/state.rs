//! The state of the organisation (docs/model.md section 2, "Organisation and reps"): rep
//! seats with their skills, pipelines and period KPIs, the deals and leads they hold, and the
//! running totals of the horizon. Plain data: the weekly steps in the sibling modules change
//! it.

use crate::rng::{Key, Part};
use crate::scenario::params::{N_ACT, N_KPI, kpi};

use super::super::constants::HANDOVER_WINDOW_MAX;
use super::draws::DealDraw;

/// Skill indices.
pub mod skill {
    #![allow(missing_docs)]
    pub const PROSPECTING: usize = 0;
    pub const QUALIFICATION: usize = 1;
    pub const SOLUTION: usize = 2;
    pub const CLOSING: usize = 3;
    pub const HANDOVER: usize = 4;
}
/// Number of rep skills.
pub const N_SKILL: usize = 5;

/// An open opportunity.
#[derive(Clone, Copy, Debug)]
pub struct Opp {
    /// Stable id (the value of the lead's key), hashed as a key part: it keys every draw
    /// about this deal (fate, outcome, referrals, hand-over), identical across variants.
    pub id_part: Part,
    /// The deal's weekly-fate key (`DealWeek` purpose, then the id), hashed once when the
    /// opportunity is created.
    pub fate_key: Key,
    /// Customer fit in [0, 1].
    pub fit: f64,
    /// List value.
    pub value: f64,
    /// Solution quality in [0, 1].
    pub sigma: f64,
    /// Needs customisation.
    pub custom: bool,
    /// A custom deal kept by a traditional rep.
    pub mismatch: bool,
    /// Gets solution hours (complex deals, and custom deals anywhere).
    pub needs_solution: bool,
    /// Current stage, 1-based; the last stage is the decision stage.
    pub stage: u8,
    /// This week's uniform for the stage event (decision or advance), drawn with the loss.
    pub stage_draw: f64,
    /// Week the opportunity entered the pipeline.
    pub created: i32,
    /// `logit(u)` of the deal's outcome uniform `u` (keyed by the id): won if the log-odds
    /// of its win chance exceed it.
    pub outcome_logit: f64,
}

/// A lead of this week, before qualification.
#[derive(Clone, Copy, Debug)]
pub(super) struct Lead {
    /// Key of the contact or lead; its value is the deal's id if the lead enters the pipeline.
    pub(super) key: Key,
    /// Customer fit in [0, 1].
    pub(super) fit: f64,
    /// List value, drawn when first needed: at routing, or when the lead enters the
    /// pipeline. Most leads never need it.
    pub(super) value: Option<f64>,
    /// Needs customisation.
    pub(super) custom: bool,
    /// Handed over from a rep of the other motion by role routing.
    pub(super) routed: bool,
    /// Standard normal number of the qualification noise.
    pub(super) noise: f64,
    /// The draws of the deal it may become (drawn when needed, or ahead when several
    /// variants share the draws).
    pub(super) deal: Option<DealDraw>,
}

/// Referrals of a won deal, due in a later week.
#[derive(Clone, Copy, Debug)]
pub(super) struct PendingReferral {
    /// Week the referrals arrive as leads.
    pub(super) due: i32,
    /// Id of the won deal (as a key part): it keys the referral leads' draws.
    pub(super) deal: Part,
    /// How many referral leads arrive.
    pub(super) count: u32,
}

/// A deal won this week, before it is priced.
#[derive(Clone, Copy, Debug)]
pub(super) struct Win {
    /// The deal's id, as in [`Opp::id_part`].
    pub(super) id_part: Part,
    /// Customer fit in [0, 1].
    pub(super) fit: f64,
    /// List value.
    pub(super) value: f64,
    /// Solution quality in [0, 1] when decided.
    pub(super) sigma: f64,
    /// Needs customisation.
    pub(super) custom: bool,
    /// A custom deal kept by a traditional rep.
    pub(super) mismatch: bool,
    /// Discount granted, a share of the price in [0, 1].
    pub(super) discount: f64,
}

/// A `Vec` whose clone keeps the original's capacity, so a variant simulated on a clone of
/// the burn-in state does not grow its buffers again (and allocates nothing per rep-week).
#[derive(Debug)]
pub(super) struct Buf<T>(Vec<T>);

impl<T> Default for Buf<T> {
    fn default() -> Self {
        Buf(Vec::new())
    }
}

impl<T: Clone> Clone for Buf<T> {
    fn clone(&self) -> Self {
        let mut v = Vec::with_capacity(self.0.capacity());
        v.extend_from_slice(&self.0);
        Buf(v)
    }
}

impl<T> std::ops::Deref for Buf<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T> std::ops::DerefMut for Buf<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.0
    }
}

impl<T> Buf<T> {
    pub(super) fn with_capacity(n: usize) -> Self {
        Buf(Vec::with_capacity(n))
    }
}

/// Buffers that the weekly steps reuse, so the weekly loop does not allocate. Each holds
/// nothing from one use to the next; they live next to the state (a field of the simulation
/// of their own), so a step can fill one while it reads or changes the seats.
#[derive(Clone, Debug)]
pub(super) struct Scratch {
    /// Learning: the present seats of the team being coached.
    pub(super) present: Buf<usize>,
    /// Learning: the percentile of each present rep's mean skill, in the order of `present`.
    pub(super) pct: Buf<f64>,
    /// Learning: one skill (or the mean skill) of each present rep, to rank.
    pub(super) skills: Buf<f64>,
    /// New leads: a traditional rep's new leads, waiting for role routing.
    pub(super) fresh: Buf<Lead>,
    /// New leads: the rep's referrals that fall due this week.
    pub(super) due: Buf<PendingReferral>,
    /// Attrition: a leaver's deals on their way to colleagues.
    pub(super) opps: Buf<Opp>,
    /// Decisions: one rep's deals won this week, before they are priced.
    pub(super) wins: Buf<Win>,
}

impl Scratch {
    /// Empty buffers with room for a team of `largest_team` reps.
    pub(super) fn new(largest_team: usize) -> Self {
        Scratch {
            present: Buf::with_capacity(largest_team),
            pct: Buf::with_capacity(largest_team),
            skills: Buf::with_capacity(largest_team),
            fresh: Buf::with_capacity(LEADS_CAPACITY),
            due: Buf::with_capacity(REFERRALS_CAPACITY),
            opps: Buf::with_capacity(OPPS_CAPACITY),
            wins: Buf::with_capacity(LEADS_CAPACITY),
        }
    }
}

/// Starting capacity of a seat's open deals; like the other capacities below, above what a
/// seat holds at steady state in the shipped scenarios, so the buffers rarely grow after the
/// first weeks.
pub(super) const OPPS_CAPACITY: usize = 64;
/// Starting capacity of a seat's leads of the week (see [`OPPS_CAPACITY`]).
pub(super) const LEADS_CAPACITY: usize = 32;
/// Starting capacity of a seat's contact draws of the week (see [`OPPS_CAPACITY`]).
pub(super) const CONTACTS_CAPACITY: usize = 64;
/// Starting capacity of a seat's pending referrals (see [`OPPS_CAPACITY`]).
pub(super) const REFERRALS_CAPACITY: usize = 16;

/// Per-seat KPIs of the current period.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct PeriodKpis {
    /// Period-to-date sums of the additive KPIs, indexed by `kpi::*` (the ratio KPIs' slots
    /// are unused here: [`PeriodKpis::values`] computes them).
    pub(super) additive: [f64; N_KPI],
    /// Hours spent prospecting this period (the denominator of prospect efficiency).
    pub(super) prospect_hours: f64,
    /// Sum of the solution quality of the decided deals that needed a solution.
    pub(super) quality_sum: f64,
    /// Number of those deals.
    pub(super) quality_n: f64,
    /// Sum of the satisfaction of this period's wins.
    pub(super) csat_sum: f64,
    /// Number of this period's wins.
    pub(super) csat_n: f64,
    /// Weeks of this period the seat was filled.
    pub(super) filled_weeks: u32,
}

impl PeriodKpis {
    /// KPI values: additive ones as sums, ratio ones as means (NaN without observations).
    pub(super) fn values(&self) -> [f64; N_KPI] {
        let mut v = self.additive;
        v[kpi::PROSPECT_EFFICIENCY] = if self.prospect_hours > 0.0 {
            self.additive[kpi::PROSPECTS] / self.prospect_hours
        } else {
            f64::NAN
        };
        v[kpi::SOLUTION_QUALITY] = if self.quality_n > 0.0 {
            self.quality_sum / self.quality_n
        } else {
            f64::NAN
        };
        v[kpi::SATISFACTION] = if self.csat_n > 0.0 {
            self.csat_sum / self.csat_n
        } else {
            f64::NAN
        };
        v
    }
}

/// One rep seat and the person in it.
#[derive(Clone, Debug)]
pub(super) struct Rep {
    /// Index of the seat's team in the scenario.
    pub(super) team: usize,
    /// Seat number, counted over all teams (also a key part of the seat's draws).
    pub(super) seat: u64,
    /// How many people have left this seat.
    pub(super) person: u32,
    /// Skills of the person in the seat, in [0, 1], indexed by [`skill`].
    pub(super) skills: [f64; N_SKILL],
    /// First week the seat is filled (after a leaver: the week the hire starts).
    pub(super) present_from: i32,
    /// Week the person in the seat was hired, for the ramp (docs/model.md section 5.6);
    /// `None` for the organisation's first people, who are fully ramped.
    pub(super) hired_at: Option<i32>,
    /// `trial.with(seat)`: the root of the seat's weekly keys (hashed once).
    pub(super) seat_key: Key,
    /// The seat's attrition key (hashed once).
    pub(super) attrition_key: Key,
    /// Open deals, in no particular order.
    pub(super) opps: Buf<Opp>,
    /// Wins per week of the hand-over window (the first `handover_window` slots are used).
    pub(super) wins_ring: [u32; HANDOVER_WINDOW_MAX],
    /// Referrals of this seat's wins that are not yet due.
    pub(super) referrals: Buf<PendingReferral>,
    /// This week's leads, from new leads until qualification empties it.
    pub(super) leads: Buf<Lead>,
    /// KPIs of the current period.
    pub(super) period: PeriodKpis,
    /// Attainment of the last closed period (1 for a new hire): low attainment raises the
    /// attrition hazard.
    pub(super) last_att: f64,
    /// This week's period-end pressure `P` (0 when calm; docs/model.md section 5.4).
    pub(super) pressure: f64,
    /// This week the rep is in the push zone and plays the timing game (section 5.5).
    pub(super) push: bool,
    /// This week's selling hours per activity, indexed by `act::*`.
    pub(super) hours: [f64; N_ACT],
    // Horizon bookkeeping, from the switch (week 0) on; reset by `start_horizon`.
    /// Revenue won over the horizon by the person in the seat at week 0 (not their
    /// successors), for the revenue by skill tercile.
    pub(super) revenue_h: f64,
    /// Variable pay earned in the seat over the horizon (all its people).
    pub(super) var_pay_h: f64,
    /// Weeks the seat was filled over the horizon (all its people).
    pub(super) filled_h: f64,
    /// Skill tercile of the person in the seat at week 0 (`None`: the seat was vacant).
    pub(super) tercile: Option<u8>,
    /// The value of `person` at week 0: identifies the week-0 person while they stay.
    pub(super) person0: u32,
    /// Mean skill of the week-0 person at week 0.
    pub(super) skill0: f64,
    /// Mean skill of the week-0 person when they left (`None`: still there, or not tracked).
    pub(super) skill_end: Option<f64>,
}

impl Rep {
    /// A seat filled from week `present_from`, with no deals and the given skills.
    pub(super) fn new(team: usize, seat: u64, skills: [f64; N_SKILL], trial_key: Key) -> Rep {
        Rep {
            team,
            seat,
            person: 0,
            skills,
            present_from: 0,
            hired_at: None,
            seat_key: trial_key.with(seat),
            attrition_key: trial_key.purpose(crate::rng::Purpose::Attrition).with(seat),
            opps: Buf::with_capacity(OPPS_CAPACITY),
            wins_ring: [0; HANDOVER_WINDOW_MAX],
            referrals: Buf::with_capacity(REFERRALS_CAPACITY),
            leads: Buf::with_capacity(LEADS_CAPACITY),
            period: PeriodKpis::default(),
            last_att: 1.0,
            pressure: 0.0,
            push: false,
            hours: [0.0; N_ACT],
            revenue_h: 0.0,
            var_pay_h: 0.0,
            filled_h: 0.0,
            tercile: None,
            person0: 0,
            skill0: 0.0,
            skill_end: None,
        }
    }

    /// Whether the seat is filled in week `w`.
    pub(super) fn present(&self, w: i32) -> bool {
        w >= self.present_from
    }

    /// Mean of the person's skills.
    pub(super) fn mean_skill(&self) -> f64 {
        self.skills.iter().sum::<f64>() / N_SKILL as f64
    }
}

/// A running sum and the number of observations in it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct SumCount {
    /// Sum of the observations.
    pub(super) sum: f64,
    /// Number of observations.
    pub(super) n: f64,
}

impl SumCount {
    /// Add one observation.
    pub(super) fn add(&mut self, x: f64) {
        self.sum += x;
        self.n += 1.0;
    }
}

/// Running totals over the horizon (from the switch, week 0, on). Every `[f64; 2]` field is
/// indexed by motion (`Motion::index`: 0 traditional, 1 complex); money is in the scenario's
/// currency, summed over the weeks of the horizon.
#[derive(Clone, Debug, Default)]
pub(super) struct Tally {
    /// Revenue of won deals (after solution uplift and discount).
    pub(super) revenue: [f64; 2],
    /// Cost of goods of won deals.
    pub(super) goods: [f64; 2],
    /// Customisation cost of won custom deals.
    pub(super) custom_cost: [f64; 2],
    /// Delivery overrun cost of won deals (poor hand-over).
    pub(super) overrun: [f64; 2],
    /// Base pay of the filled seats.
    pub(super) base_pay: [f64; 2],
    /// Variable pay at period closes.
    pub(super) variable_pay: [f64; 2],
    /// Coaching programme cost (flat and per hour) and the money the levers cost.
    pub(super) coaching_cost: [f64; 2],
    /// Cost of the hires.
    pub(super) hiring_cost: [f64; 2],
    /// Managers' cost: one manager per team plus any extra capacity (docs/model.md section 6.1).
    pub(super) manager_cost: [f64; 2],
    /// Overhead per seat, filled or not.
    pub(super) overhead: [f64; 2],
    /// Deals won.
    pub(super) wins: [f64; 2],
    /// Deals closed: decided (won or lost at the decision) or lost on the way.
    pub(super) closed: [f64; 2],
    /// Deals decided in the decision stage.
    pub(super) decided: [f64; 2],
    /// Sum of the cycle times of the decided deals, in weeks.
    pub(super) cycle_sum: [f64; 2],
    /// Sum of the cycle times of the won deals, in weeks (of `wins` deals).
    pub(super) won_cycle_sum: [f64; 2],
    /// Sum of the discounts of the won deals (shares of the price).
    pub(super) discount_sum: f64,
    /// Discounts of the deals won in the end weeks of a period.
    pub(super) discount_end: SumCount,
    /// Discounts of the deals won in the other weeks.
    pub(super) discount_rest: SumCount,
    /// Sum of the satisfaction of the won deals.
    pub(super) csat_sum: f64,
    /// Prospecting contacts made.
    pub(super) contacts: f64,
    /// Leads qualified (passed or not).
    pub(super) leads: f64,
    /// Leads that entered the pipeline.
    pub(super) opportunities: f64,
    /// Reps who left.
    pub(super) leavers: f64,
    /// People hired into vacant seats.
    pub(super) hires: f64,
    /// Rep-periods closed (a period cut short by the horizon counts too).
    pub(super) rep_periods: f64,
    /// Of those, the rep-periods with attainment at or above 1.
    pub(super) at_target: f64,
    /// Revenue per week of the horizon, indexed by week.
    pub(super) weekly_revenue: Vec<f64>,
    /// Open deals of all seats at the end of each week of the horizon, indexed by week.
    pub(super) weekly_pipeline: Vec<f64>,
    /// Selling hours, indexed by motion, then by activity (`act::*`).
    pub(super) hours: [[f64; N_ACT]; 2],
    /// Filled rep-weeks.
    pub(super) rep_weeks: [f64; 2],
    /// Per week of the period (index 0 is a period's first week): (sum of discounts, number
    /// of wins). A pair, not a [`SumCount`], as it goes out in [`TrialOutcome`] as is.
    ///
    /// [`TrialOutcome`]: crate::model::outcome::TrialOutcome
    pub(super) discount_by_week: Vec<(f64, f64)>,
    /// For the target pilot: per team, per KPI (`kpi::*`): (sum of the KPI, weight), where
    /// the weight counts full rep-periods for additive KPIs and observed periods for ratio
    /// KPIs; the [`super::KpiMeans`] the pilot reads.
    pub(super) kpi_obs: Vec<[(f64, f64); N_KPI]>,
    /// Per team (in scenario order), the running totals of the team's results
    /// ([`TeamTally`]); sized once when counting starts, empty before.
    pub(super) teams: Vec<TeamTally>,
}

impl Tally {
    /// Add to team `t`'s totals (nothing before counting starts, when there are none).
    #[inline]
    pub(super) fn at_team(&mut self, t: usize, f: impl FnOnce(&mut TeamTally)) {
        if let Some(tt) = self.teams.get_mut(t) {
            f(tt);
        }
    }
}

/// One team's running totals over the horizon (docs/model.md section 10.1, per team): its
/// revenue, every cost it causes (its seats' overhead and its manager included), and the
/// counts behind its win rate, reps at target and attrition.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct TeamTally {
    /// Revenue of the team's won deals.
    pub(super) revenue: f64,
    /// Every cost of the team: goods, customisation, overrun, pay, coaching, its manager,
    /// hiring and its seats' overhead.
    pub(super) cost: f64,
    /// Deals won.
    pub(super) wins: f64,
    /// Deals closed (won, lost at the decision, lost on the way or with a leaver).
    pub(super) closed: f64,
    /// Rep-periods closed.
    pub(super) rep_periods: f64,
    /// Of those, at or above target.
    pub(super) at_target: f64,
    /// Reps who left.
    pub(super) leavers: f64,
    /// Filled rep-weeks.
    pub(super) rep_weeks: f64,
}

impl TeamTally {
    /// As the outcome's fixed-size row ([`crate::model::outcome::TeamOutcome`] order).
    pub(super) fn row(&self) -> crate::model::outcome::TeamRow {
        [
            self.revenue,
            self.revenue - self.cost,
            self.wins,
            self.closed,
            self.rep_periods,
            self.at_target,
            self.leavers,
            self.rep_weeks,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_kpis_are_means_and_missing_without_observations() {
        let mut p = PeriodKpis::default();
        p.additive[kpi::PROSPECTS] = 6.0;
        p.prospect_hours = 4.0;
        p.quality_sum = 1.2;
        p.quality_n = 2.0;
        let v = p.values();
        assert_eq!(v[kpi::PROSPECT_EFFICIENCY], 1.5);
        assert_eq!(v[kpi::SOLUTION_QUALITY], 0.6);
        assert!(v[kpi::SATISFACTION].is_nan());
        assert_eq!(v[kpi::PROSPECTS], 6.0);
    }

    #[test]
    fn a_clone_keeps_the_buffer_capacity() {
        let mut b: Buf<u32> = Buf::with_capacity(40);
        b.push(1);
        assert!(b.clone().capacity() >= 40);
        assert_eq!(*b.clone(), vec![1]);
    }

    #[test]
    fn mean_skill_and_presence() {
        let mut r = Rep::new(0, 3, [0.1, 0.2, 0.3, 0.4, 0.5], Key::ZERO);
        assert!((r.mean_skill() - 0.3).abs() < 1e-15);
        r.present_from = 5;
        assert!(!r.present(4) && r.present(5));
    }
}
