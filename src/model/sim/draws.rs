//! Where the weekly loop's random numbers come from (docs/model.md section 9, "Randomness
//! and reproducibility", and section 1.4 on common random numbers): the keys of a trial, the
//! draws of contacts, leads and deals, the fit shapes, and the [`DrawSource`] interface with
//! its two implementations:
//!
//! - [`SoloDraws`], for one variant alone: draws are made when needed and forgotten;
//! - [`SharedDraws`], for the variants of one trial run side by side
//!   ([`super::run_side_by_side`]): each seat's draws of a week that do not depend on
//!   behaviour are kept, so the first variant to need one draws it and the others read it.
//!
//! Both give every variant exactly the same numbers: the draws are keyed, only who computes
//! them first changes.

use rand_distr::{Beta, Distribution};

use crate::rng::{self, Key, Part, Purpose, StreamRng};
use crate::scenario::MotionParams;

use super::state::{Buf, CONTACTS_CAPACITY, LEADS_CAPACITY, Lead, N_SKILL};

/// Keys of the purposes drawn in the weekly loop, hashed once per trial.
#[derive(Clone, Copy, Debug)]
pub(super) struct TrialKeys {
    /// A deal's weekly fate: stall, loss and the stage event (`DealWeek`).
    pub(super) deal_week: Key,
    /// A deal's outcome uniform (`DealOutcome`).
    pub(super) deal_outcome: Key,
    /// Referral counts and referral leads (`Referral`).
    pub(super) referral: Key,
    /// Whether a custom lead is routed to the complex team (`Routing`).
    pub(super) routing: Key,
    /// Whether a leaver's deal is lost or handed to a colleague (`Handover`).
    pub(super) handover: Key,
    /// Whether a rep in the push zone plays the timing game, once per period (`Timing`).
    pub(super) timing: Key,
}

impl TrialKeys {
    /// The keys of trial `tk`.
    pub(super) fn new(tk: Key) -> Self {
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
/// (Whether a contact is interested is drawn before its key is hashed, see
/// [`super::leads::prospect`].)
pub(super) mod lead_slot {
    /// First of the (up to 8) uniforms of the fit's order statistic.
    pub const FIT: u64 = 1;
    pub const VALUE: u64 = 9;
    pub const CUSTOM: u64 = 10;
    pub const NOISE: u64 = 11;
}

/// A standard normal number from a uniform, by the inverse CDF (one number per draw, and
/// monotone: the same key gives the same quantile in every variant).
#[inline]
pub(super) fn normal(u: f64) -> f64 {
    crate::stats::normal_quantile(u.max(f64::MIN_POSITIVE))
}

/// `ln(p / (1 - p))`.
pub(super) fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
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
pub(super) fn contact_key(lead_key: Key, j: u32) -> Key {
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

/// Poisson(`mean`) keyed by `key`: by inversion of the key's uniform for every mean (exact, and
/// monotone in the mean: a variant with more hours draws at least as many contacts from the
/// same key, and a variant with a slightly different mean the same count or a neighbour).
/// Below [`rng::POISSON_INVERSION_MAX_MEAN`] the search starts at 0, from it on at the mean
/// ([`rng::poisson_quantile`]); the two agree wherever both apply.
pub(super) fn poisson(key: Key, mean: f64) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    if mean < rng::POISSON_INVERSION_MAX_MEAN {
        return rng::poisson_inversion(key.uniform(), mean);
    }
    rng::poisson_quantile(key.uniform(), mean)
}

/// Whether an event with weekly hazard rate `hazard` happens this week, given the week's
/// uniform `u`: with probability `1 - exp(-hazard)` (docs/model.md section 5.6), below 1 for
/// any finite rate. As `1 - exp(-h) <= h`, a uniform at or above the rate (nearly every week)
/// is decided without the exponential.
#[inline]
pub(super) fn happens(u: f64, hazard: f64) -> bool {
    u < hazard && u < -(-hazard).exp_m1()
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

/// The skills of a new rep (docs/model.md section 2): each a Beta draw with the motion's
/// mean and spread, times `factor`, within [0, 1].
pub(super) fn draw_skills(key: Key, mp: &MotionParams, factor: f64) -> [f64; N_SKILL] {
    let mut rng = key.rng();
    let mut s = [0.0; N_SKILL];
    for v in &mut s {
        *v = (factor * beta_mean_sd(&mut rng, mp.skill_mean, mp.skill_sd)).clamp(0.0, 1.0);
    }
    s
}

/// A fit shape Beta(`A`, `B`) with whole shapes, known at compile time, so that the draw
/// (and the loop around it) is compiled for it. Each kind of lead has one, its reference
/// shape: the default shape of its fit, whose order statistic also gives the uniform from which
/// any other shape of that kind is drawn ([`FitDraw::draw_as`]).
pub(super) trait WholeShape {
    /// First shape.
    const A: usize;
    /// Second shape.
    const B: usize;
    /// Whether `fit` draws this shape.
    fn is(fit: &FitDraw) -> bool {
        matches!(*fit, FitDraw::OrderStatistic { k, n, .. } if k == Self::A && n == Self::A + Self::B - 1)
    }
}

/// Beta(2, 3), mean 0.4: the fit of a prospected contact without targeting.
pub(super) struct Beta23;
/// Beta(3, 3), mean 0.5: the fit of an inbound lead.
pub(super) struct Beta33;
/// Beta(4, 2), mean 0.67: the fit of a referral lead.
pub(super) struct Beta42;

impl WholeShape for Beta23 {
    const A: usize = 2;
    const B: usize = 3;
}
impl WholeShape for Beta33 {
    const A: usize = 3;
    const B: usize = 3;
}
impl WholeShape for Beta42 {
    const A: usize = 4;
    const B: usize = 2;
}

/// The fit of shape `S` of the contact or lead keyed by `key`: the `A`-th smallest of the
/// `A + B - 1` uniforms from the key's stream position [`lead_slot::FIT`] on.
#[inline]
pub(super) fn order_fit<S: WholeShape>(key: Key) -> f64 {
    rng::beta_order_statistic(
        &mut key.stream().skip(lead_slot::FIT),
        S::A,
        S::A + S::B - 1,
    )
}

/// The fit uniform of the contact or lead keyed by `key`, with reference shape `S`: its fit
/// of shape `S` through the distribution function of that shape (exactly uniform, and a
/// monotone function of that fit).
#[inline]
pub(super) fn fit_uniform<S: WholeShape>(key: Key) -> f64 {
    rng::order_statistic_cdf(order_fit::<S>(key), S::A, S::A + S::B - 1)
}

/// How a lead's fit is drawn: Beta(a, b).
#[derive(Clone, Copy, Debug)]
pub(super) enum FitDraw {
    /// Shapes that are not a valid Beta: the centre.
    Centre,
    /// Whole shapes: the `k`-th smallest of `n = a + b - 1` uniforms when this is the
    /// reference shape of the kind of lead (exact, and many times cheaper than the quantile;
    /// the shapes of the default funnel), else as [`FitDraw::Quantile`].
    OrderStatistic { k: usize, n: usize },
    /// Any other shape (a targeting lever moves the contacts' first shape, section 6.5): the
    /// quantile of the shape at the lead's fit uniform ([`fit_uniform`]), so that a small
    /// change of a shape makes a small change of every fit, and a lead is as far up its
    /// distribution in every variant.
    Quantile(rng::BetaShape),
}

impl FitDraw {
    pub(super) fn beta(a: f64, b: f64) -> Self {
        let whole = |x: f64| x >= 1.0 && x.fract() == 0.0;
        if whole(a) && whole(b) && a + b - 1.0 <= 8.0 {
            // (Built every rep-week: nothing more is computed for the default shapes.)
            return FitDraw::OrderStatistic {
                k: a as usize,
                n: (a + b) as usize - 1,
            };
        }
        rng::BetaShape::new(a, b).map_or(FitDraw::Centre, FitDraw::Quantile)
    }

    /// The fit of the contact or lead keyed by `key`, with the contact shape as the
    /// reference ([`FitDraw::draw_as`] with [`Beta23`]); the tests' shorthand.
    #[cfg(test)]
    pub(super) fn draw(&self, key: Key) -> f64 {
        self.draw_as::<Beta23>(key)
    }

    /// The fit of the contact or lead keyed by `key`, for a kind of lead with reference shape
    /// `S`: the order statistic if this is that shape (the compiled draw, as before any
    /// lever), else the quantile of this shape at the lead's fit uniform of shape `S`.
    #[inline]
    pub(super) fn draw_as<S: WholeShape>(&self, key: Key) -> f64 {
        match *self {
            _ if S::is(self) => order_fit::<S>(key),
            FitDraw::Centre => 0.5,
            FitDraw::OrderStatistic { k, n } => rng::BetaShape::new(k as f64, (n + 1 - k) as f64)
                .map_or(0.5, |shape| shape.quantile(fit_uniform::<S>(key))),
            FitDraw::Quantile(shape) => shape.quantile(fit_uniform::<S>(key)),
        }
    }
}

/// The draws of the deal a lead may become, keyed by the lead's key.
#[derive(Clone, Copy, Debug)]
pub(super) struct DealDraw {
    /// The standard normal number behind the list value.
    pub(super) value_z: f64,
    /// The key's value (the deal's id) as a key part.
    pub(super) id_part: Part,
    /// The deal's weekly-fate key.
    pub(super) fate_key: Key,
    /// `logit(u)` of the deal's outcome uniform `u`: the deal is won if its win chance's
    /// log-odds exceed it (the same as `u < win chance`).
    pub(super) outcome_logit: f64,
}

impl DealDraw {
    /// The draws of the deal of the lead keyed by `key`.
    #[inline]
    pub(super) fn of(key: Key, keys: &TrialKeys) -> Self {
        let id_part = Part::new(key.value());
        let u = keys.deal_outcome.with_part(id_part).uniform();
        DealDraw {
            value_z: normal(key.stream().at(lead_slot::VALUE)),
            id_part,
            fate_key: keys.deal_week.with_part(id_part),
            outcome_logit: logit(u),
        }
    }

    /// The list value, from the parameters of the motion of the rep who found the lead.
    pub(super) fn value(&self, mp: &MotionParams) -> f64 {
        mp.value_median * (mp.value_sigma * self.value_z).exp()
    }
}

impl Lead {
    /// The draws of the lead's deal, drawn now if they were not.
    #[inline]
    pub(super) fn deal(&mut self, keys: &TrialKeys) -> DealDraw {
        *self
            .deal
            .get_or_insert_with(|| DealDraw::of(self.key, keys))
    }
}

/// A lead's draws: key, fit, the uniform of its custom need, its qualification noise, and
/// (when several variants share them) the draws of the deal it may become. Drawn once for all
/// the variants of a trial.
#[derive(Clone, Copy, Debug)]
pub(super) struct LeadDraw {
    /// The lead's key (its value is the deal's id).
    key: Key,
    /// Customer fit in [0, 1].
    fit: f64,
    /// Uniform compared with the motion's chance of a custom need.
    custom_u: f64,
    /// Standard normal number of the qualification noise.
    noise: f64,
    /// The deal's draws, if made ahead (`DrawSource::AHEAD`).
    deal: Option<DealDraw>,
}

impl LeadDraw {
    /// The draws of the lead keyed by `key`, given its fit; those of its deal too if `D`
    /// shares its draws with other variants (most leads never become deals, so a variant
    /// alone draws them only when one does).
    #[inline]
    pub(super) fn of<D: DrawSource>(key: Key, fit: f64, keys: &TrialKeys) -> Self {
        LeadDraw {
            key,
            fit,
            custom_u: key.stream().at(lead_slot::CUSTOM),
            noise: normal(key.stream().at(lead_slot::NOISE)),
            deal: D::AHEAD.then(|| DealDraw::of(key, keys)),
        }
    }

    /// The lead, for a motion's chance of a custom need.
    #[inline]
    pub(super) fn lead(&self, mp: &MotionParams) -> Lead {
        Lead {
            key: self.key,
            fit: self.fit,
            value: None,
            custom: self.custom_u < mp.custom_prob,
            routed: false,
            noise: self.noise,
            deal: self.deal,
        }
    }
}

/// Contact `j` of a seat-week.
#[derive(Clone, Copy, Debug)]
pub(super) struct ContactDraw {
    /// Number `j` of the stream of the rep-week's `Contacts` key.
    pub(super) interest: f64,
    /// Key and fit (of the contact shape, Beta(2, 3)), drawn when the contact is interested.
    pub(super) fitted: Option<(Key, f64)>,
    /// Drawn when the contact becomes a lead.
    pub(super) lead: Option<LeadDraw>,
}

/// A seat's draws of one week that do not depend on what anyone does: its keys, the
/// uniforms behind its contact and inbound counts, each contact's interest, fit and lead
/// attributes, each inbound lead, the attrition draw. Filled on demand: a variant that makes
/// more contacts extends the list.
#[derive(Clone, Debug)]
pub(super) struct SeatDraws {
    /// The seat and week these draws belong to (`None`: none yet).
    at: Option<(usize, i32)>,
    /// The seat-week's root of its contact and inbound lead keys.
    pub(super) lead_key: Key,
    /// Key of the seat-week's contact count and contact interests.
    pub(super) contacts_key: Key,
    /// Key of the seat-week's inbound lead count.
    pub(super) inbound_key: Key,
    /// Uniform of the contacts key: the contact count by inversion.
    pub(super) contacts_u: f64,
    /// Uniform of the inbound key: the inbound count by inversion.
    pub(super) inbound_u: f64,
    /// The attrition uniform, once drawn.
    attrition_u: Option<f64>,
    /// Contact `j`'s draws at index `j`, as far as any variant has needed them.
    contacts: Buf<ContactDraw>,
    /// Inbound lead `j`'s draws at index `j`, as far as any variant has needed them.
    inbound: Buf<LeadDraw>,
}

impl SeatDraws {
    fn new() -> Self {
        SeatDraws {
            at: None,
            lead_key: Key::ZERO,
            contacts_key: Key::ZERO,
            inbound_key: Key::ZERO,
            contacts_u: 0.0,
            inbound_u: 0.0,
            attrition_u: None,
            contacts: Buf::with_capacity(CONTACTS_CAPACITY),
            inbound: Buf::with_capacity(LEADS_CAPACITY),
        }
    }

    /// Start week `w` of seat `seat` (keyed by `seat_key`), unless that was done already.
    #[inline]
    fn enter(&mut self, seat: usize, w: i32, week_part: Part, seat_key: Key) {
        if self.at == Some((seat, w)) {
            return;
        }
        let rep_key = seat_key.with_part(week_part);
        self.at = Some((seat, w));
        self.lead_key = rep_key.purpose(Purpose::Lead);
        self.contacts_key = rep_key.purpose(Purpose::Contacts);
        self.inbound_key = rep_key.purpose(Purpose::Inbound);
        self.contacts_u = self.contacts_key.uniform();
        self.inbound_u = self.inbound_key.uniform();
        self.attrition_u = None;
        self.contacts.clear();
        self.inbound.clear();
    }

    /// Contact `j` (at most one past the last drawn).
    #[inline]
    pub(super) fn contact(&mut self, j: u32) -> &mut ContactDraw {
        let j = j as usize;
        if j == self.contacts.len() {
            self.contacts.push(ContactDraw {
                interest: self.contacts_key.stream().at(j as u64),
                fitted: None,
                lead: None,
            });
        }
        &mut self.contacts[j]
    }

    /// Inbound lead `j` (at most one past the last drawn), with its fit of shape Beta(3, 3).
    #[inline]
    pub(super) fn inbound<D: DrawSource>(&mut self, j: u32, keys: &TrialKeys) -> &LeadDraw {
        let j = j as usize;
        if j == self.inbound.len() {
            let key = inbound_key(self.lead_key, j as u32);
            let fit = order_fit::<Beta33>(key);
            let d = LeadDraw::of::<D>(key, fit, keys);
            self.inbound.push(d);
        }
        &self.inbound[j]
    }
}

/// Where a simulated week takes the draws of each seat from.
pub(super) trait DrawSource {
    /// Whether a lead's deal draws are made with the lead (another variant may need them).
    const AHEAD: bool;

    /// The draws of seat `seat` (keyed by `seat_key`) in week `w`.
    fn seat(&mut self, seat: usize, w: i32, week_part: Part, seat_key: Key) -> &mut SeatDraws;

    /// The uniform of the attrition draw of seat `seat` in week `w`.
    fn attrition_u(
        &mut self,
        seat: usize,
        w: i32,
        week_part: Part,
        seat_key: Key,
        attrition_key: Key,
    ) -> f64;
}

/// The draws of one variant alone: one seat-week at a time, nothing kept for anyone else.
#[derive(Clone, Debug)]
pub struct SoloDraws(SeatDraws);

impl SoloDraws {
    /// Empty buffers.
    pub fn new() -> Self {
        SoloDraws(SeatDraws::new())
    }

    /// Forget what was drawn (the next trial's draws differ).
    pub(super) fn reset(&mut self) {
        self.0.at = None;
    }
}

impl Default for SoloDraws {
    fn default() -> Self {
        Self::new()
    }
}

impl DrawSource for SoloDraws {
    const AHEAD: bool = false;

    #[inline]
    fn seat(&mut self, seat: usize, w: i32, week_part: Part, seat_key: Key) -> &mut SeatDraws {
        self.0.enter(seat, w, week_part, seat_key);
        &mut self.0
    }

    #[inline]
    fn attrition_u(
        &mut self,
        _: usize,
        _: i32,
        week_part: Part,
        _: Key,
        attrition_key: Key,
    ) -> f64 {
        attrition_key.with_part(week_part).uniform()
    }
}

/// The draws of the variants of one trial run side by side: per seat, this week's draws,
/// made by the first variant that needs them and read by the others.
#[derive(Clone, Debug, Default)]
pub struct SharedDraws {
    /// This week's draws of each seat, indexed by seat number.
    seats: Vec<SeatDraws>,
}

impl SharedDraws {
    /// No seats yet.
    pub fn new() -> Self {
        SharedDraws { seats: Vec::new() }
    }

    /// Forget what was drawn and make room for `n_seats` seats.
    pub(super) fn reset(&mut self, n_seats: usize) {
        if self.seats.len() < n_seats {
            self.seats.resize_with(n_seats, SeatDraws::new);
        }
        for s in &mut self.seats {
            s.at = None;
        }
    }
}

impl DrawSource for SharedDraws {
    const AHEAD: bool = true;

    #[inline]
    fn seat(&mut self, seat: usize, w: i32, week_part: Part, seat_key: Key) -> &mut SeatDraws {
        let d = &mut self.seats[seat];
        d.enter(seat, w, week_part, seat_key);
        d
    }

    #[inline]
    fn attrition_u(
        &mut self,
        seat: usize,
        w: i32,
        week_part: Part,
        seat_key: Key,
        attrition_key: Key,
    ) -> f64 {
        let d = self.seat(seat, w, week_part, seat_key);
        *d.attrition_u
            .get_or_insert_with(|| attrition_key.with_part(week_part).uniform())
    }
}

#[cfg(test)]
mod tests;
