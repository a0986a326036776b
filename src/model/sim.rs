//! The organisation week by week (MODEL.md sections 3 to 7 and 8b): allocation, solution
//! growth, stall and loss, decisions, advancement, new leads, qualification, learning,
//! attrition and period end, with the economics added up over the horizon.

use rand_distr::{Beta, Distribution, Poisson};

use crate::rng::{self, Key, Part, Purpose, StreamRng};
use crate::scenario::params::{N_ACT, N_KPI, act, kpi};
use crate::scenario::{Motion, Scenario};

use super::incentives::{self, PeriodEnd};
use super::outcome::TrialOutcome;
use super::world::{Policy, Resolved};
use super::{behaviour, coaching};
use crate::metrics::{M, N_METRICS};

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

/// Tercile mark of a seat that was vacant at week 0.
const NOT_TRACKED: u8 = u8::MAX;

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

#[derive(Clone, Copy, Debug)]
struct Lead {
    /// Key of the contact or lead; its value is the deal's id if the lead enters the pipeline.
    key: Key,
    fit: f64,
    /// List value, drawn when first needed (NaN until then): at routing, or when the lead
    /// enters the pipeline. Most leads never need it.
    value: f64,
    custom: bool,
    routed: bool,
    noise: f64,
    /// The draws of the deal it may become (drawn when needed, or ahead for all variants).
    deal: DealDraw,
}

/// The draws of the deal a lead may become, keyed by the lead's key.
#[derive(Clone, Copy, Debug)]
struct DealDraw {
    /// The standard normal number behind the list value.
    value_z: f64,
    /// The key's value (the deal's id) as a key part, and the deal's weekly-fate key.
    id_part: Part,
    fate_key: Key,
    /// `logit(u)` of the deal's outcome uniform `u`: the deal is won if its win chance's
    /// log-odds exceed it (the same as `u < win chance`). NaN: not drawn yet.
    outcome_logit: f64,
}

impl DealDraw {
    /// Not drawn yet.
    const NONE: DealDraw = DealDraw {
        value_z: f64::NAN,
        id_part: Part::new(0),
        fate_key: Key::ZERO,
        outcome_logit: f64::NAN,
    };

    /// The draws of the deal of the lead keyed by `key`.
    #[inline]
    fn of(key: Key, keys: &TrialKeys) -> Self {
        let id_part = Part::new(key.value());
        let u = keys.deal_outcome.with_part(id_part).uniform();
        DealDraw {
            value_z: normal(key.stream().at(lead_slot::VALUE)),
            id_part,
            fate_key: keys.deal_week.with_part(id_part),
            outcome_logit: logit(u),
        }
    }

    fn is_drawn(&self) -> bool {
        !self.outcome_logit.is_nan()
    }
}

impl Lead {
    /// The draws of the lead's deal, drawn now if they were not.
    #[inline]
    fn deal(&mut self, keys: &TrialKeys) -> DealDraw {
        if !self.deal.is_drawn() {
            self.deal = DealDraw::of(self.key, keys);
        }
        self.deal
    }
}

#[derive(Clone, Copy, Debug)]
struct PendingReferral {
    due: i32,
    deal: Part,
    count: u32,
}

#[derive(Clone, Copy, Debug)]
struct Win {
    id_part: Part,
    fit: f64,
    value: f64,
    sigma: f64,
    custom: bool,
    mismatch: bool,
    discount: f64,
}

/// A `Vec` whose clone keeps the original's capacity, so a variant simulated on a clone of
/// the burn-in state does not grow its buffers again (and allocates nothing per rep-week).
#[derive(Debug)]
struct Buf<T>(Vec<T>);

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
    fn with_capacity(n: usize) -> Self {
        Buf(Vec::with_capacity(n))
    }
}

/// Starting capacities of the per-seat buffers: above what a seat holds at steady state in
/// the shipped scenarios, so they rarely grow after the first weeks.
const OPPS_CAPACITY: usize = 64;
const LEADS_CAPACITY: usize = 32;
const CONTACTS_CAPACITY: usize = 64;
const REFERRALS_CAPACITY: usize = 16;

/// Keys of the purposes drawn in the weekly loop, hashed once per trial.
#[derive(Clone, Copy, Debug)]
struct TrialKeys {
    deal_week: Key,
    deal_outcome: Key,
    referral: Key,
    routing: Key,
    handover: Key,
    timing: Key,
}

impl TrialKeys {
    fn new(tk: Key) -> Self {
        TrialKeys {
            deal_week: tk.purpose(Purpose::DealWeek),
            deal_outcome: tk.purpose(Purpose::DealOutcome),
            referral: tk.purpose(Purpose::Referral),
            routing: tk.purpose(Purpose::Routing),
            handover: tk.purpose(Purpose::Handover),
            timing: tk.purpose(Purpose::Timing),
        }
    }
}

/// The attributes of one contact or lead are numbers of the stream of its key; each has its
/// own, so a lever that changes how one is drawn (targeting changes the fit distribution)
/// leaves the others, and so the pairing of variants, untouched.
/// (Whether a contact is interested is drawn before its key is hashed, see [`prospect`].)
mod lead_slot {
    /// First of the (up to 8) uniforms of the fit's order statistic.
    pub const FIT: u64 = 1;
    pub const VALUE: u64 = 9;
    pub const CUSTOM: u64 = 10;
    pub const NOISE: u64 = 11;
}

/// A standard normal number from a uniform, by the inverse CDF (one number per draw, and
/// monotone: the same key gives the same quantile in every variant).
#[inline]
fn normal(u: f64) -> f64 {
    crate::stats::normal_quantile(u.max(f64::MIN_POSITIVE))
}

/// The parts `first + j` for `j` in `0..64`, hashed at compile time.
const fn parts_from(first: u64) -> [Part; 64] {
    let mut parts = [Part::new(0); 64];
    let mut j = 0;
    while j < 64 {
        parts[j] = Part::new(first + j as u64);
        j += 1;
    }
    parts
}

/// Pre-hashed contact numbers `0..64` (a rep-week has 64 contacts or more only in extreme
/// scenarios): `lead_key.with_part(CONTACT_PART[j])` is `lead_key.with(j)`, one hash cheaper.
const CONTACT_PART: [Part; 64] = parts_from(0);

/// Pre-hashed numbers of inbound leads (`2^32 + j`), as [`CONTACT_PART`].
const INBOUND_PART: [Part; 64] = parts_from(1 << 32);

/// Key of contact `j` of a rep-week.
#[inline]
fn contact_key(lead_key: Key, j: u32) -> Key {
    match CONTACT_PART.get(j as usize) {
        Some(&p) => lead_key.with_part(p),
        None => lead_key.with(j as u64),
    }
}

/// Key of inbound lead `j` of a rep-week.
#[inline]
fn inbound_key(lead_key: Key, j: u32) -> Key {
    match INBOUND_PART.get(j as usize) {
        Some(&p) => lead_key.with_part(p),
        None => lead_key.with((1u64 << 32) | j as u64),
    }
}

/// Per-seat KPIs of the current period.
#[derive(Clone, Copy, Debug, Default)]
struct PeriodKpis {
    additive: [f64; N_KPI],
    prospect_hours: f64,
    quality_sum: f64,
    quality_n: f64,
    csat_sum: f64,
    csat_n: f64,
    filled_weeks: u32,
}

impl PeriodKpis {
    /// KPI values: additive ones as sums, ratio ones as means (NaN without observations).
    fn values(&self) -> [f64; N_KPI] {
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
struct Rep {
    team: usize,
    seat: u64,
    person: u32,
    skills: [f64; N_SKILL],
    present_from: i32,
    hired_at: i32,
    /// `trial.with(seat)`: the root of the seat's weekly keys (hashed once).
    seat_key: Key,
    /// The seat's attrition key (hashed once).
    attrition_key: Key,
    opps: Buf<Opp>,
    wins_ring: [u32; 4],
    referrals: Buf<PendingReferral>,
    leads: Buf<Lead>,
    period: PeriodKpis,
    last_att: f64,
    pressure: f64,
    push: bool,
    hours: [f64; N_ACT],
    // Horizon bookkeeping.
    revenue_h: f64,
    var_pay_h: f64,
    filled_h: f64,
    tercile: u8,
    person0: u32,
    skill0: f64,
    skill_end: f64,
}

impl Rep {
    fn present(&self, w: i32) -> bool {
        w >= self.present_from
    }
    fn mean_skill(&self) -> f64 {
        self.skills.iter().sum::<f64>() / N_SKILL as f64
    }
}

/// Running totals over the horizon.
#[derive(Clone, Debug, Default)]
struct Tally {
    revenue: [f64; 2],
    goods: [f64; 2],
    custom_cost: [f64; 2],
    overrun: [f64; 2],
    base_pay: [f64; 2],
    variable_pay: [f64; 2],
    coaching_cost: [f64; 2],
    hiring_cost: [f64; 2],
    manager_cost: [f64; 2],
    overhead: [f64; 2],
    wins: [f64; 2],
    closed: [f64; 2],
    decided: [f64; 2],
    cycle_sum: [f64; 2],
    discount_sum: f64,
    discount_end: (f64, f64),
    discount_rest: (f64, f64),
    csat_sum: f64,
    contacts: f64,
    leads: f64,
    opportunities: f64,
    leavers: f64,
    hires: f64,
    rep_periods: f64,
    at_target: f64,
    weekly_revenue: Vec<f64>,
    weekly_pipeline: Vec<f64>,
    hours: [[f64; N_ACT]; 2],
    rep_weeks: [f64; 2],
    discount_by_week: Vec<(f64, f64)>,
    /// Pilot: per team, per KPI: (sum, weight) of KPI per full rep-period.
    kpi_obs: Vec<[(f64, f64); N_KPI]>,
}

/// A seat's draws of one week that do not depend on what anyone does: its keys, the
/// uniforms behind its contact and inbound counts, each contact's interest, fit and lead
/// attributes, each inbound lead, the attrition draw. Every variant of a trial draws the same
/// numbers for them (they are keyed by seat, week and number), so when the variants run side
/// by side ([`run_side_by_side`]) the first to reach a seat in a week draws them and the
/// others read them. Filled on demand: a variant that makes more contacts extends the list.
#[derive(Clone, Debug)]
struct SeatDraws {
    /// The seat and week these draws belong to (`i32::MIN`: none yet).
    seat: usize,
    week: i32,
    lead_key: Key,
    contacts_key: Key,
    inbound_key: Key,
    /// Uniforms of the contacts and inbound keys: the counts by inversion.
    contacts_u: f64,
    inbound_u: f64,
    attrition_u: f64,
    contacts: Buf<ContactDraw>,
    inbound: Buf<LeadDraw>,
}

/// Contact `j` of a seat-week; NaN marks what is not drawn yet.
#[derive(Clone, Copy, Debug)]
struct ContactDraw {
    interest: f64,
    /// Key and fit (of the default shape, Beta(2, 3)), drawn when the contact is interested.
    key: Key,
    fit: f64,
    /// Drawn when the contact becomes a lead (`noise` NaN until then).
    lead: LeadDraw,
}

/// A lead's draws: key, fit, the uniform of its custom need, its qualification noise, and
/// (when several variants share them) the draws of the deal it may become. Drawn once for all
/// the variants of a trial.
#[derive(Clone, Copy, Debug)]
struct LeadDraw {
    key: Key,
    fit: f64,
    custom_u: f64,
    noise: f64,
    deal: DealDraw,
}

impl LeadDraw {
    /// Nothing drawn yet.
    const NONE: LeadDraw = LeadDraw {
        key: Key::ZERO,
        fit: f64::NAN,
        custom_u: f64::NAN,
        noise: f64::NAN,
        deal: DealDraw::NONE,
    };

    /// The draws of the lead keyed by `key`, given its fit; with `ahead` (the trial's keys,
    /// when several variants share the draws) those of its deal too: most leads never become
    /// deals, so a variant alone draws them only when one does.
    #[inline]
    fn of(key: Key, fit: f64, ahead: Option<&TrialKeys>) -> Self {
        LeadDraw {
            key,
            fit,
            custom_u: key.stream().at(lead_slot::CUSTOM),
            noise: normal(key.stream().at(lead_slot::NOISE)),
            deal: ahead.map_or(DealDraw::NONE, |keys| DealDraw::of(key, keys)),
        }
    }

    /// The lead, for a motion's chance of a custom need.
    #[inline]
    fn lead(&self, mp: &crate::scenario::MotionParams) -> Lead {
        Lead {
            key: self.key,
            fit: self.fit,
            value: f64::NAN,
            custom: self.custom_u < mp.custom_prob,
            routed: false,
            noise: self.noise,
            deal: self.deal,
        }
    }
}

impl SeatDraws {
    fn new() -> Self {
        SeatDraws {
            seat: usize::MAX,
            week: i32::MIN,
            lead_key: Key::ZERO,
            contacts_key: Key::ZERO,
            inbound_key: Key::ZERO,
            contacts_u: f64::NAN,
            inbound_u: f64::NAN,
            attrition_u: f64::NAN,
            contacts: Buf::with_capacity(CONTACTS_CAPACITY),
            inbound: Buf::with_capacity(LEADS_CAPACITY),
        }
    }

    /// Start week `w` of seat `seat` (keyed by `seat_key`), unless some variant already did.
    #[inline]
    fn enter(&mut self, seat: usize, w: i32, week_part: Part, seat_key: Key) {
        if self.week == w && self.seat == seat {
            return;
        }
        let rep_key = seat_key.with_part(week_part);
        self.seat = seat;
        self.week = w;
        self.lead_key = rep_key.purpose(Purpose::Lead);
        self.contacts_key = rep_key.purpose(Purpose::Contacts);
        self.inbound_key = rep_key.purpose(Purpose::Inbound);
        self.contacts_u = self.contacts_key.uniform();
        self.inbound_u = self.inbound_key.uniform();
        self.attrition_u = f64::NAN;
        self.contacts.clear();
        self.inbound.clear();
    }

    /// Contact `j` (at most one past the last drawn).
    #[inline]
    fn contact(&mut self, j: u32) -> &mut ContactDraw {
        let j = j as usize;
        if j == self.contacts.len() {
            self.contacts.push(ContactDraw {
                interest: self.contacts_key.stream().at(j as u64),
                key: Key::ZERO,
                fit: f64::NAN,
                lead: LeadDraw::NONE,
            });
        }
        &mut self.contacts[j]
    }

    /// Inbound lead `j` (at most one past the last drawn).
    #[inline]
    fn inbound(&mut self, j: u32, ahead: Option<&TrialKeys>) -> &LeadDraw {
        let j = j as usize;
        if j == self.inbound.len() {
            let key = inbound_key(self.lead_key, j as u32);
            let fit = order_fit::<3, 5>(key);
            let d = LeadDraw::of(key, fit, ahead);
            self.inbound.push(d);
        }
        &self.inbound[j]
    }
}

/// Simulate weeks `from..to` of several variants of one trial side by side, week by week, so
/// that each seat's draws of a week that do not depend on behaviour ([`SeatDraws`]) are made
/// once and read by the other variants. Every variant gets exactly the numbers it would get
/// alone (the draws are keyed; only who computes them first changes).
pub fn run_side_by_side(
    sims: &mut [TrialSim<'_>],
    runs: &[(&Policy, &Resolved)],
    from: i32,
    to: i32,
) {
    let alone = sims.len() == 1;
    let Some(first) = sims.first_mut() else {
        return;
    };
    if alone {
        return first.run_weeks_solo(from, to, runs);
    }
    let mut shared = std::mem::take(&mut first.draws);
    if shared.is_empty() {
        shared = (0..first.reps.len()).map(|_| SeatDraws::new()).collect();
    }
    for w in from..to {
        for (sim, &(policy, params)) in sims.iter_mut().zip(runs) {
            std::mem::swap(&mut sim.draws, &mut shared);
            sim.week(w, policy, params);
            std::mem::swap(&mut sim.draws, &mut shared);
        }
    }
    sims[0].draws = shared;
}

/// Mean KPI per full rep-period per team, observed over a run's horizon (for targets).
pub type KpiMeans = Vec<[(f64, f64); N_KPI]>;

/// The simulation of one trial: shared burn-in, then each variant on its own copy.
#[derive(Clone, Debug)]
pub struct TrialSim<'s> {
    scenario: &'s Scenario,
    trial_key: Key,
    keys: TrialKeys,
    reps: Vec<Rep>,
    team_motion: Vec<Motion>,
    team_seats: Vec<Vec<usize>>,
    /// Allocation shares of each team without period-end pressure, this week.
    calm_shares: Vec<[f64; N_ACT]>,
    /// The current week as a key part.
    week_part: Part,
    /// `exp(-mean)` of the inbound leads per motion, this week.
    inbound_p0: [f64; 2],
    /// `logit(win_base)` of each motion: the intercept of a deal's win chance.
    win_logit: [f64; 2],
    // Scratch buffers reused every week, so the weekly loop does not allocate.
    scratch_a: Buf<f64>,
    scratch_b: Buf<f64>,
    present: Buf<usize>,
    fresh: Buf<Lead>,
    due: Buf<PendingReferral>,
    opp_buf: Buf<Opp>,
    win_buf: Buf<Win>,
    /// Per seat, this week's draws that the variants run side by side share (empty when
    /// running alone: then `solo` holds the draws of one seat at a time).
    draws: Vec<SeatDraws>,
    solo: SeatDraws,
    tally: Tally,
}

fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

/// Poisson(`mean`) keyed by `key`: by inversion of the key's uniform for the means of the
/// funnel (exact, one exponential, and monotone in the mean: a variant with more hours draws
/// at least as many contacts from the same key), by a rejection sampler above
/// [`rng::POISSON_INVERSION_MAX_MEAN`].
fn poisson(key: Key, mean: f64) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    if mean < rng::POISSON_INVERSION_MAX_MEAN {
        return rng::poisson_inversion(key.uniform(), mean);
    }
    match Poisson::new(mean) {
        Ok(d) => {
            let x: f64 = d.sample(&mut key.rng());
            x.min(1e6) as u32
        }
        Err(_) => 0,
    }
}

/// A Beta draw with mean `m` and standard deviation `sd` (a constant when `sd` is 0).
fn beta_mean_sd(rng: &mut StreamRng, m: f64, sd: f64) -> f64 {
    if sd <= 0.0 {
        return m;
    }
    let nu = m * (1.0 - m) / (sd * sd) - 1.0;
    match Beta::new(m * nu, (1.0 - m) * nu) {
        Ok(d) => d.sample(rng),
        Err(_) => m,
    }
}

/// How a lead's fit is drawn: Beta(a, b).
#[derive(Clone, Copy, Debug)]
enum FitDraw {
    /// Shapes that are not a valid Beta: the centre.
    Centre,
    /// Whole shapes: the `k`-th smallest of `n = a + b - 1` uniforms (exact, and several
    /// times cheaper than the general sampler; the shapes of the default funnel).
    OrderStatistic { k: usize, n: usize },
    /// Any other Beta (a targeting lever between the whole steps), by the general sampler on
    /// a seeded generator.
    General(Beta<f64>),
}

impl FitDraw {
    fn beta(a: f64, b: f64) -> Self {
        let whole = |x: f64| x >= 1.0 && x.fract() == 0.0;
        if whole(a) && whole(b) && a + b - 1.0 <= 8.0 {
            return FitDraw::OrderStatistic {
                k: a as usize,
                n: (a + b) as usize - 1,
            };
        }
        Beta::new(a, b).map_or(FitDraw::Centre, FitDraw::General)
    }

    /// The fit of the contact or lead keyed by `key`.
    #[inline]
    fn draw(&self, key: Key) -> f64 {
        match *self {
            FitDraw::Centre => 0.5,
            FitDraw::OrderStatistic { k, n } => {
                rng::beta_order_statistic(&mut key.stream().skip(lead_slot::FIT), k, n)
            }
            FitDraw::General(b) => b.sample(&mut key.with(lead_slot::FIT).rng()),
        }
    }
}

/// Beta(`K`, `N + 1 - K`) fit of the contact or lead keyed by `key`, for a shape known at
/// compile time: the same number as [`FitDraw::draw`] of that shape.
#[inline]
fn order_fit<const K: usize, const N: usize>(key: Key) -> f64 {
    rng::beta_order_statistic(&mut key.stream().skip(lead_slot::FIT), K, N)
}

/// Prospecting: `n_contacts` contacts of a rep-week; each becomes a lead with probability
/// `p_interest * fit`. Whether contact `j` is interested is number `j` of the stream of the
/// rep-week's `Contacts` key (whose uniform drew the count); an interested contact's key and
/// fit are drawn only then, its lead attributes only when it becomes a lead (each has its own
/// key, so drawing them or not changes no other number). The draws are kept in `draws` for
/// the other variants; a fit of another shape than the default (`shared_fit` false, a
/// targeting lever) is drawn each time.
#[inline(always)]
fn prospect(
    fresh: &mut Buf<Lead>,
    draws: &mut SeatDraws,
    n_contacts: u32,
    mp: &crate::scenario::MotionParams,
    shared_fit: bool,
    ahead: Option<&TrialKeys>,
    fit_of: impl Fn(Key) -> f64,
) {
    let lead_key = draws.lead_key;
    for j in 0..n_contacts {
        let c = draws.contact(j);
        // fit <= 1: a contact at or above `p_interest` is not interested whatever its fit.
        if c.interest >= mp.interest_prob {
            continue;
        }
        let (key, fit) = if shared_fit {
            if c.fit.is_nan() {
                c.key = contact_key(lead_key, j);
                c.fit = fit_of(c.key);
            }
            (c.key, c.fit)
        } else {
            let key = contact_key(lead_key, j);
            (key, fit_of(key))
        };
        if c.interest < mp.interest_prob * fit {
            if c.lead.noise.is_nan() {
                c.lead = LeadDraw::of(key, fit, ahead);
            }
            // The fit of this variant's shape (the shared draws may hold another).
            fresh.push(Lead {
                fit,
                ..c.lead.lead(mp)
            });
        }
    }
}

fn draw_skills(key: Key, mp: &crate::scenario::MotionParams, factor: f64) -> [f64; N_SKILL] {
    let mut rng = key.rng();
    let mut s = [0.0; N_SKILL];
    for v in &mut s {
        *v = (factor * beta_mean_sd(&mut rng, mp.skill_mean, mp.skill_sd)).clamp(0.0, 1.0);
    }
    s
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
                reps.push(Rep {
                    team: ti,
                    seat,
                    person: 0,
                    skills: draw_skills(key, mp, 1.0),
                    present_from: start_week,
                    hired_at: i32::MIN / 2,
                    seat_key: trial_key.with(seat),
                    attrition_key: trial_key.purpose(Purpose::Attrition).with(seat),
                    opps: Buf::with_capacity(OPPS_CAPACITY),
                    wins_ring: [0; 4],
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
                    tercile: 0,
                    person0: 0,
                    skill0: 0.0,
                    skill_end: f64::NAN,
                });
            }
            team_seats.push(seats);
        }
        let teams = scenario.teams.len();
        let keys = TrialKeys::new(trial_key);
        let largest_team = scenario.teams.iter().map(|t| t.reps as usize).max();
        let largest_team = largest_team.unwrap_or(0);
        TrialSim {
            scenario,
            trial_key,
            keys,
            reps,
            team_motion: scenario.teams.iter().map(|t| t.motion).collect(),
            team_seats,
            calm_shares: vec![[0.0; N_ACT]; teams],
            week_part: Part::new(0),
            inbound_p0: [1.0; 2],
            win_logit: [0.0; 2],
            scratch_a: Buf::with_capacity(largest_team),
            scratch_b: Buf::with_capacity(largest_team),
            present: Buf::with_capacity(largest_team),
            fresh: Buf::with_capacity(LEADS_CAPACITY),
            due: Buf::with_capacity(REFERRALS_CAPACITY),
            opp_buf: Buf::with_capacity(OPPS_CAPACITY),
            draws: Vec::new(),
            solo: SeatDraws::new(),
            win_buf: Buf::with_capacity(LEADS_CAPACITY),
            tally: Tally::default(),
        }
    }

    /// [`Self::run_weeks`] for the one variant of `runs` (see [`run_side_by_side`]).
    fn run_weeks_solo(&mut self, from: i32, to: i32, runs: &[(&Policy, &Resolved)]) {
        if let Some(&(policy, params)) = runs.first() {
            self.run_weeks(from, to, policy, params);
        }
    }

    /// Simulate weeks `from..to` of one variant alone (week 0 is the switch; negative weeks
    /// are burn-in).
    pub fn run_weeks(&mut self, from: i32, to: i32, policy: &Policy, params: &Resolved) {
        for w in from..to {
            self.week(w, policy, params);
        }
    }

    /// Start counting: reset the tally and record each rep's skill tercile at week 0.
    pub fn start_horizon(&mut self, horizon_weeks: u32) {
        let period = self.scenario.run.period_weeks as usize;
        self.tally = Tally {
            weekly_revenue: vec![0.0; horizon_weeks as usize],
            weekly_pipeline: vec![0.0; horizon_weeks as usize],
            discount_by_week: vec![(0.0, 0.0); period],
            kpi_obs: vec![[(0.0, 0.0); N_KPI]; self.scenario.teams.len()],
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
                r.tercile = NOT_TRACKED;
                r.skill_end = f64::NAN;
                r.revenue_h = 0.0;
                r.var_pay_h = 0.0;
                r.filled_h = 0.0;
            }
            for (j, &i) in present.iter().enumerate() {
                let r = &mut self.reps[i];
                r.tercile = ((pct[j] * 3.0).floor() as u8).min(2);
                r.person0 = r.person;
                r.skill0 = skills[j];
            }
        }
    }

    fn week_in_period(&self, w: i32) -> u32 {
        w.rem_euclid(self.scenario.run.period_weeks as i32) as u32
    }

    fn week(&mut self, w: i32, policy: &Policy, params: &Resolved) {
        let counting = w >= 0;
        let period_weeks = self.scenario.run.period_weeks;
        let wip = self.week_in_period(w);
        let g = &params.global;
        let in_end = wip + g.end_weeks as u32 >= period_weeks;

        // Hires whose seat fills this week.
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
                r.hired_at = w;
                r.last_att = 1.0;
                if counting {
                    self.tally.hiring_cost[motion.index()] += g.hiring_cost;
                    self.tally.hires += 1.0;
                }
            }
        }

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

        // 1. Allocation, and 2-5: solution growth, loss, decisions, advancement.
        for i in 0..self.reps.len() {
            if !self.reps[i].present(w) {
                continue;
            }
            let team = self.reps[i].team;
            let tp = &policy.teams[team];
            let motion = self.team_motion[team];
            let mi = motion.index();
            let mp = &params.motion[mi];

            // Period-end behaviour from projected attainment.
            // Projected attainment matters only in the last weeks, for outcome KPIs.
            let projected = if in_end && tp.outcome_weight > 0.0 {
                self.projected_attainment(i, policy, wip)
            } else {
                1.0
            };
            let state = incentives::period_end(in_end, tp.outcome_weight, projected, tp.cap);
            let (pressure, push) = match state {
                PeriodEnd::Calm => (0.0, false),
                PeriodEnd::Pressure(p) => (p, false),
                PeriodEnd::Push => {
                    // Whether this rep plays the game is decided once per period.
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
            let ramp = if mp.ramp_weeks > 0.0 {
                (((w - self.reps[i].hired_at + 1) as f64) / mp.ramp_weeks).min(1.0)
            } else {
                1.0
            };
            let selling = mp.rep_hours_per_week * tp.effort * mp.selling_share * ramp;
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
                let base = mp.base_pay_per_year / 52.0;
                self.tally.base_pay[mi] += base;
                if tp.coaching_hours > 0.0 {
                    self.tally.coaching_cost[mi] += g.coaching_cost_per_rep_year / 52.0;
                }
            }
            self.pipeline_week(i, w, policy, params);
        }

        // 6. New leads for every rep (routing may hand leads to another team), then
        // 7. qualification.
        for i in 0..self.reps.len() {
            self.reps[i].leads.clear();
        }
        for i in 0..self.reps.len() {
            if self.reps[i].present(w) {
                self.generate_leads(i, w, policy, params);
            }
        }
        for i in 0..self.reps.len() {
            if self.reps[i].present(w) {
                self.qualify(i, w, policy, params);
            }
        }

        // 8. Learning.
        for t in 0..self.team_seats.len() {
            self.learn(t, w, policy, g.experience_learning);
        }

        // 9. Attrition.
        for i in 0..self.reps.len() {
            if self.reps[i].present(w) {
                self.attrition(i, w, policy, params);
            }
        }

        // 10. Period end, and the weekly series.
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
                self.tally.overhead[mi] += g.overhead_per_rep_year * n / 52.0;
            }
            for (t, m) in self.team_motion.iter().enumerate() {
                let _ = t;
                self.tally.manager_cost[m.index()] += g.manager_cost_per_year / 52.0;
            }
        }
    }

    fn motion_seat_counts(&self) -> [f64; 2] {
        let mut n = [0.0; 2];
        for (t, seats) in self.team_seats.iter().enumerate() {
            n[self.team_motion[t].index()] += seats.len() as f64;
        }
        n
    }

    /// Period-to-date attainment with additive KPIs extrapolated at the run rate.
    fn projected_attainment(&self, i: usize, policy: &Policy, wip: u32) -> f64 {
        let r = &self.reps[i];
        let tp = &policy.teams[r.team];
        let Some(targets) = &tp.targets else {
            return 1.0;
        };
        if wip == 0 || r.period.filled_weeks == 0 {
            return 1.0;
        }
        let period = self.scenario.run.period_weeks as f64;
        let mut v = r.period.values();
        for (k, x) in v.iter_mut().enumerate() {
            if !incentives::is_ratio(k) {
                *x *= period / r.period.filled_weeks as f64;
            }
        }
        incentives::attainment(&tp.weights, &v, targets)
    }

    fn pipeline_week(&mut self, i: usize, w: i32, policy: &Policy, params: &Resolved) {
        let counting = w >= 0;
        let week_part = self.week_part;
        let team = self.reps[i].team;
        let tp = &policy.teams[team];
        let motion = self.team_motion[team];
        let mi = motion.index();
        let mp = &params.motion[mi];
        let g = &params.global;
        let keys = self.keys;
        let last_stage = mp.stages as u8;
        let complex = motion == Motion::Complex;
        let r = &mut self.reps[i];
        let hours = r.hours;

        // 2. Solution growth (branch-free over the deals: whether a deal needs a solution is
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

        // 3. Stall and loss. Every draw about a deal in a week is keyed by (deal, week); a
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
        }

        // 4. Decisions.
        self.win_buf.clear();
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
                    + mp.win_discount * (d / 0.1)
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
                    self.tally.cycle_sum[mi] += (w - o.created) as f64;
                }
                if won {
                    self.win_buf.push(Win {
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
        let slot = (w.rem_euclid(4)) as usize;
        r.wins_ring[slot] = self.win_buf.len() as u32;
        if !self.win_buf.is_empty() {
            let recent: u32 = r.wins_ring.iter().sum();
            let eta = r.skills[skill::HANDOVER]
                * (1.0
                    - (-(hours[act::HANDOVER] / recent.max(1) as f64) / mp.handover_hours_scale)
                        .exp());
            let wip = w.rem_euclid(self.scenario.run.period_weeks as i32) as usize;
            let in_end = wip as u32 + g.end_weeks as u32 >= self.scenario.run.period_weeks;
            for win in self.win_buf.iter() {
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
                let csat = (0.5
                    + 0.3 * (eta - 0.5)
                    + if complex {
                        0.3 * (win.sigma - 0.5)
                    } else {
                        0.0
                    }
                    + 0.2 * (win.fit - 0.5))
                    .clamp(0.0, 1.0);
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
                    t.discount_sum += win.discount;
                    t.csat_sum += csat;
                    let bucket = if in_end {
                        &mut t.discount_end
                    } else {
                        &mut t.discount_rest
                    };
                    bucket.0 += win.discount;
                    bucket.1 += 1.0;
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

        // 5. Advancement of deals before the decision stage.
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
        let _ = tp;
    }

    /// The list value of a lead, from the parameters of the motion of the rep who found it.
    fn lead_value(deal: &DealDraw, mp: &crate::scenario::MotionParams) -> f64 {
        mp.value_median * (mp.value_sigma * deal.value_z).exp()
    }

    fn generate_leads(&mut self, i: usize, w: i32, policy: &Policy, params: &Resolved) {
        let counting = w >= 0;
        let team = self.reps[i].team;
        let tp = &policy.teams[team];
        let motion = self.team_motion[team];
        let mp = &params.motion[motion.index()];
        let g = &params.global;
        let r = &self.reps[i];
        let draws = self.draws.get_mut(i).unwrap_or(&mut self.solo);
        draws.enter(i, w, self.week_part, r.seat_key);
        // New leads go straight to the rep, unless role allocation may pass some on: then
        // they wait in `fresh` for routing, in the same order.
        let routing = motion == Motion::Traditional && tp.levers.roles > 0.0;
        let mut fresh = if routing {
            let mut fresh = std::mem::take(&mut self.fresh);
            fresh.clear();
            fresh
        } else {
            std::mem::take(&mut self.reps[i].leads)
        };

        // Prospecting contacts. When variants share the draws, a lead's deal is drawn ahead.
        let trial_keys = self.keys;
        let ahead = (!self.draws.is_empty()).then_some(&trial_keys);
        let r = &self.reps[i];
        let draws = self.draws.get_mut(i).unwrap_or(&mut self.solo);
        let tau = mp.contact_hours
            * (1.5 - r.skills[skill::PROSPECTING])
            * (1.0 - 0.3 * tp.levers.process);
        let contacts_mean = r.hours[act::PROSPECT] / tau;
        let n_contacts = if contacts_mean < rng::POISSON_INVERSION_MAX_MEAN {
            rng::poisson_inversion(draws.contacts_u, contacts_mean)
        } else {
            poisson(draws.contacts_key, contacts_mean)
        };
        // The loop is compiled once per fit sampler: the default shape, Beta(2, 3), without
        // a match per contact (an indirect jump that mispredicts).
        match FitDraw::beta(2.0 + 1.5 * tp.levers.targeting, 3.0) {
            FitDraw::OrderStatistic { k: 2, n: 4 } => {
                prospect(
                    &mut fresh,
                    draws,
                    n_contacts,
                    mp,
                    true,
                    ahead,
                    order_fit::<2, 4>,
                );
            }
            other => prospect(&mut fresh, draws, n_contacts, mp, false, ahead, |key| {
                other.draw(key)
            }),
        }
        // Inbound.
        let inbound_mean = mp.inbound_leads_per_week;
        let n_in = if inbound_mean > 0.0 && inbound_mean < rng::POISSON_INVERSION_MAX_MEAN {
            let p0 = self.inbound_p0[motion.index()];
            rng::poisson_inversion_from(draws.inbound_u, inbound_mean, p0)
        } else {
            poisson(draws.inbound_key, inbound_mean)
        };
        for j in 0..n_in {
            fresh.push(draws.inbound(j, ahead).lead(mp));
        }
        // Referrals due.
        let mut due = std::mem::take(&mut self.due);
        due.clear();
        self.reps[i].referrals.retain(|p| {
            if p.due <= w {
                due.push(*p);
                false
            } else {
                true
            }
        });
        for p in due.iter() {
            for j in 0..p.count {
                let key = self.keys.referral.with_part(p.deal).with(j as u64);
                let fit = order_fit::<4, 5>(key);
                fresh.push(LeadDraw::of(key, fit, None).lead(mp));
            }
        }
        self.due = due;
        if counting {
            self.tally.contacts += n_contacts as f64;
        }
        self.reps[i].period.additive[kpi::PROSPECTS] += n_contacts as f64;

        if !routing {
            self.reps[i].leads = fresh;
            return;
        }
        // Role allocation: traditional reps may pass custom leads on.
        for mut lead in fresh.drain(..) {
            if lead.custom {
                let u = self.keys.routing.with(lead.key.value()).uniform();
                if u < tp.levers.roles {
                    // The value is this motion's, also when the lead goes to the other team.
                    let deal = lead.deal(&self.keys);
                    lead.value = Self::lead_value(&deal, mp);
                    if lead.value >= g.min_complex_deal
                        && let Some(target) = self.least_loaded_complex(w, g.route_cap)
                    {
                        lead.routed = true;
                        self.reps[target].leads.push(lead);
                    }
                    continue;
                }
            }
            self.reps[i].leads.push(lead);
        }
        self.fresh = fresh;
    }

    fn least_loaded_complex(&self, w: i32, cap: f64) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        for (t, seats) in self.team_seats.iter().enumerate() {
            if self.team_motion[t] != Motion::Complex {
                continue;
            }
            for &i in seats {
                let r = &self.reps[i];
                if !r.present(w) {
                    continue;
                }
                let load = r.opps.len() + r.leads.len();
                if best.is_none_or(|(_, b)| load < b) {
                    best = Some((i, load));
                }
            }
        }
        best.filter(|&(_, load)| (load as f64) < cap)
            .map(|(i, _)| i)
    }

    fn qualify(&mut self, i: usize, w: i32, policy: &Policy, params: &Resolved) {
        let counting = w >= 0;
        let team = self.reps[i].team;
        let tp = &policy.teams[team];
        let motion = self.team_motion[team];
        let mp = &params.motion[motion.index()];
        let complex = motion == Motion::Complex;
        let keys = self.keys;
        let r = &mut self.reps[i];
        let n = r.leads.len();
        if n == 0 {
            return;
        }
        let hq = r.hours[act::QUALIFY] / (n.max(1)) as f64;
        let gate = if complex { 0.3 * tp.levers.gate } else { 0.0 };
        let rho = (r.skills[skill::QUALIFICATION] * (1.0 - (-hq / mp.qualify_hours_scale).exp())
            + gate)
            .min(1.0);
        let mut entered = 0.0;
        for mut lead in r.leads.drain(..) {
            let observed = lead.fit + mp.qualify_noise * (1.0 - rho) * lead.noise;
            if observed < mp.qualify_threshold {
                continue;
            }
            let custom = lead.custom || lead.routed;
            let deal = lead.deal(&keys);
            let value = if lead.value.is_nan() {
                Self::lead_value(&deal, mp)
            } else {
                lead.value
            };
            r.opps.push(Opp {
                id_part: deal.id_part,
                fate_key: deal.fate_key,
                outcome_logit: deal.outcome_logit,
                fit: lead.fit,
                value,
                sigma: 0.0,
                custom,
                mismatch: !complex && custom,
                needs_solution: complex || custom,
                stage: 1,
                stage_draw: 1.0,
                created: w,
            });
            entered += 1.0;
        }
        r.period.additive[kpi::QUALIFIED] += entered;
        if counting {
            self.tally.leads += n as f64;
            self.tally.opportunities += entered;
        }
    }

    fn learn(&mut self, t: usize, w: i32, policy: &Policy, experience: f64) {
        let tp = &policy.teams[t];
        let mut present = std::mem::take(&mut self.present);
        present.clear();
        present.extend(
            self.team_seats[t]
                .iter()
                .copied()
                .filter(|&i| self.reps[i].present(w)),
        );
        if present.is_empty() {
            self.present = present;
            return;
        }
        let c = tp.coaching_hours;
        let mut pct = std::mem::take(&mut self.scratch_a);
        let mut tmp = std::mem::take(&mut self.scratch_b);
        tmp.clear();
        tmp.extend(present.iter().map(|&i| self.reps[i].mean_skill()));
        coaching::percentiles(&tmp, &mut pct);
        let mut p75 = [0.0; N_SKILL];
        if tp.levers.practice > 0.0 {
            for (k, slot) in p75.iter_mut().enumerate() {
                tmp.clear();
                tmp.extend(present.iter().map(|&i| self.reps[i].skills[k]));
                *slot = coaching::p75(&mut tmp);
            }
        }
        let rate = coaching::coaching_rate(tp.kappa, c);
        // The levers' terms as coefficients per skill (zero where a lever does not act), so
        // the update of a rep's skills has no branch.
        let mut winloss = [0.0; N_SKILL];
        if tp.levers.winloss > 0.0 {
            winloss[skill::CLOSING] = 0.005 * tp.levers.winloss;
            winloss[skill::SOLUTION] = 0.005 * tp.levers.winloss;
        }
        let practice = if tp.levers.practice > 0.0 {
            0.01 * tp.levers.practice
        } else {
            0.0
        };
        for (j, &i) in present.iter().enumerate() {
            let r = &mut self.reps[i];
            for k in 0..N_SKILL {
                let s = r.skills[k];
                let ds = coaching::step_at_rate(s, tp.kappa, rate, pct[j], experience)
                    + winloss[k] * (0.95 - s)
                    + practice * (p75[k] - s).max(0.0);
                r.skills[k] = (s + ds).clamp(0.0, 1.0);
            }
        }
        self.scratch_a = pct;
        self.scratch_b = tmp;
        self.present = present;
    }

    fn attrition(&mut self, i: usize, w: i32, policy: &Policy, params: &Resolved) {
        let counting = w >= 0;
        let g = &params.global;
        let team = self.reps[i].team;
        let tp = &policy.teams[team];
        let r = &self.reps[i];
        let overwork = (tp.effort - 1.0).max(0.0) / 0.15;
        let low = if r.last_att < 0.7 { 2.0 } else { 1.0 };
        let hazard = g.attrition_per_year / 52.0 * (1.0 + 2.0 * overwork) * low;
        let u = match self.draws.get_mut(i) {
            // Shared: the first variant to get here draws it.
            Some(draws) => {
                draws.enter(i, w, self.week_part, r.seat_key);
                if draws.attrition_u.is_nan() {
                    draws.attrition_u = r.attrition_key.with_part(self.week_part).uniform();
                }
                draws.attrition_u
            }
            None => r.attrition_key.with_part(self.week_part).uniform(),
        };
        if u >= hazard {
            return;
        }
        // The rep leaves.
        if counting {
            self.tally.leavers += 1.0;
        }
        let r = &mut self.reps[i];
        if r.person == r.person0 && r.skill_end.is_nan() && counting {
            r.skill_end = r.mean_skill();
        }
        r.person += 1;
        r.present_from = w + 1 + g.vacancy_weeks as i32;
        r.referrals.clear();
        r.wins_ring = [0; 4];
        let seat = r.seat;
        // Swap the leaver's deals out for the (empty) spare buffer: no allocation.
        let mut opps = std::mem::take(&mut self.opp_buf);
        opps.clear();
        std::mem::swap(&mut opps, &mut r.opps);
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
        self.opp_buf = opps;
        if counting {
            self.tally.closed[self.team_motion[team].index()] += lost;
        }
    }

    fn close_period(&mut self, policy: &Policy, params: &Resolved, counting: bool) {
        let period = self.scenario.run.period_weeks as f64;
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
            let base = mp.base_pay_per_year * period / 52.0 * filled / period;
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
        let t = &self.tally;
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
        m[M::PipelineOpenEnd as usize] = self.reps.iter().map(|r| r.opps.len() as f64).sum();
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
            let (a, b, c) = if mi == 0 {
                (
                    M::OperatingMarginTraditional,
                    M::WinRateTraditional,
                    M::CycleTraditional,
                )
            } else {
                (
                    M::OperatingMarginComplex,
                    M::WinRateComplex,
                    M::CycleComplex,
                )
            };
            m[a as usize] = om;
            m[b as usize] = wr;
            m[c as usize] = cyc;
        }
        let end = 100.0 * ratio(t.discount_end.0, t.discount_end.1);
        let rest = 100.0 * ratio(t.discount_rest.0, t.discount_rest.1);
        m[M::DiscountEndPct as usize] = end;
        m[M::DiscountRestPct as usize] = rest;
        m[M::DiscountEndGapPp as usize] = end - rest;
        m[M::ShareAtTarget as usize] = ratio(t.at_target, t.rep_periods);
        // Pay spread across seats: coefficient of variation of variable pay per filled week.
        let per_week: Vec<f64> = self
            .reps
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
        for r in self.reps.iter().filter(|r| r.tercile != NOT_TRACKED) {
            let tr = r.tercile as usize;
            rev_t[tr] += r.revenue_h;
            let end_skill = if r.skill_end.is_nan() && r.person == r.person0 {
                r.mean_skill()
            } else {
                r.skill_end
            };
            if !end_skill.is_nan() {
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
        TrialOutcome {
            metrics: m,
            weekly_revenue: t.weekly_revenue.clone(),
            weekly_pipeline: t.weekly_pipeline.clone(),
            hours: t.hours,
            rep_weeks: t.rep_weeks,
            discount_by_week: t.discount_by_week.clone(),
        }
    }

    /// KPI observations per team over the horizon (for the target pilot).
    pub fn kpi_observations(&self) -> &KpiMeans {
        &self.tally.kpi_obs
    }
}
