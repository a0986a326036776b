//! New leads and qualification (docs/model.md sections 4.1 to 4.4): prospected contacts,
//! inbound and referral leads, role routing of custom leads, and the qualification that lets
//! a lead into the pipeline.

use crate::rng::{self, Key};
use crate::scenario::params::{act, kpi};
use crate::scenario::{Motion, MotionParams};

use super::super::world::{Policy, Resolved};
use super::TrialSim;
use super::draws::{
    Beta23, Beta33, Beta42, DrawSource, FitDraw, LeadDraw, SeatDraws, SoloDraws, TrialKeys,
    WholeShape, contact_key, order_fit, poisson,
};
use super::state::{Buf, Lead, Opp, skill};

/// Prospecting: `n_contacts` contacts of a rep-week; each becomes a lead with probability
/// `p_interest * fit`. Whether contact `j` is interested is number `j` of the stream of the
/// rep-week's `Contacts` key (whose uniform drew the count); an interested contact's key and
/// fit are drawn only then, its lead attributes only when it becomes a lead (each has its own
/// key, so drawing them or not changes no other number). The draws are kept in `draws` for
/// the other variants; a fit of another shape than the contact shape (`shared_fit` false, a
/// targeting lever) is drawn each time.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(super) fn prospect<D: DrawSource>(
    fresh: &mut Buf<Lead>,
    draws: &mut SeatDraws,
    n_contacts: u32,
    mp: &MotionParams,
    shared_fit: bool,
    keys: &TrialKeys,
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
            *c.fitted.get_or_insert_with(|| {
                let key = contact_key(lead_key, j);
                (key, fit_of(key))
            })
        } else {
            let key = contact_key(lead_key, j);
            (key, fit_of(key))
        };
        if c.interest < mp.interest_prob * fit {
            let lead = c
                .lead
                .get_or_insert_with(|| LeadDraw::of::<D>(key, fit, keys));
            // The fit of this variant's shape (the shared draws may hold another).
            fresh.push(Lead {
                fit,
                ..lead.lead(mp)
            });
        }
    }
}

impl<'s> TrialSim<'s> {
    /// New leads (docs/model.md section 1.5, after the per-rep steps 2 to 6): this week's
    /// new leads of seat `i`: prospected contacts, inbound leads and referrals due; with role
    /// routing, custom leads may go to a complex rep. The leads of a vacant seat (inbound and
    /// referrals due: it has no hours, so it makes no contacts) go to the least-loaded
    /// teammate (section 5.6); with the whole team vacant its inbound leads are lost and its
    /// referrals wait.
    pub(super) fn generate_leads<D: DrawSource>(
        &mut self,
        i: usize,
        w: i32,
        policy: &Policy,
        params: &Resolved,
        source: &mut D,
    ) {
        let counting = w >= 0;
        // Who works the seat's leads: the rep in it, or a teammate while it is vacant.
        let Some(worker) = self.lead_worker(i, w) else {
            return;
        };
        let team = self.reps[i].team;
        let tp = &policy.teams[team];
        let motion = self.team_motion[team];
        let mp = &params.motion[motion.index()];
        let g = &params.global;
        let c = &params.constants;
        // Where this week's new leads are collected, in order:
        // - without role routing, straight onto the end of the worker's own `leads` (which
        //   may already hold leads routed to the worker by a traditional rep, or by a vacant
        //   seat, earlier in seat order);
        // - with role routing (a traditional rep may pass custom leads on), in the scratch
        //   buffer `fresh`, from which they are routed at the end.
        // Either buffer is taken out for the time being (`mem::take` leaves an empty `Vec`
        // in its place: no allocation), as the draws below read the rep and routing looks at
        // every seat; it is put back before returning.
        let routing = motion == Motion::Traditional && tp.levers.roles > 0.0;
        let mut fresh = if routing {
            let mut fresh = std::mem::take(&mut self.scratch.fresh);
            fresh.clear();
            fresh
        } else {
            std::mem::take(&mut self.reps[worker].leads)
        };

        // Prospecting contacts.
        let keys = self.keys;
        let r = &self.reps[i];
        let draws = source.seat(i, w, self.week_part, r.seat_key);
        let tau = mp.contact_hours
            * (c.contact_skill_offset - r.skills[skill::PROSPECTING])
            * (1.0 - c.process_slope * tp.levers.process);
        let contacts_mean = r.hours[act::PROSPECT] / tau;
        let n_contacts = if contacts_mean < rng::POISSON_INVERSION_MAX_MEAN {
            rng::poisson_inversion(draws.contacts_u, contacts_mean)
        } else {
            poisson(draws.contacts_key, contacts_mean)
        };
        // The loop is compiled once per fit sampler: the contact shape, Beta(2, 3), without
        // a match per contact (an indirect jump that mispredicts).
        let a = c.contact_fit_a + c.targeting_slope * tp.levers.targeting;
        match FitDraw::beta(a, c.contact_fit_b) {
            shape if Beta23::is(&shape) => {
                prospect::<D>(
                    &mut fresh,
                    draws,
                    n_contacts,
                    mp,
                    true,
                    &keys,
                    order_fit::<Beta23>,
                );
            }
            // Another shape: the same quantile of it as the contact's Beta(2, 3) fit is of
            // that shape (common random numbers across targeting levels).
            other => prospect::<D>(&mut fresh, draws, n_contacts, mp, false, &keys, |key| {
                other.draw_as::<Beta23>(key)
            }),
        }
        // Inbound (the shared draws hold the fit of shape Beta(3, 3)).
        let inbound_mean = mp.inbound_leads_per_week;
        let n_in = if inbound_mean > 0.0 && inbound_mean < rng::POISSON_INVERSION_MAX_MEAN {
            let p0 = self.inbound_p0[motion.index()];
            rng::poisson_inversion_from(draws.inbound_u, inbound_mean, p0)
        } else {
            poisson(draws.inbound_key, inbound_mean)
        };
        let inbound_shared = Beta33::is(&self.inbound_fit);
        for j in 0..n_in {
            let mut lead = draws.inbound::<D>(j, &keys).lead(mp);
            if !inbound_shared {
                lead.fit = self.inbound_fit.draw_as::<Beta33>(lead.key);
            }
            fresh.push(lead);
        }
        // Referrals due.
        let due = &mut self.scratch.due;
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
                let key = keys.referral.with_part(p.deal).with(j as u64);
                let fit = self.referral_fit.draw_as::<Beta42>(key);
                // Referrals follow this variant's wins: their deals are drawn when needed.
                fresh.push(LeadDraw::of::<SoloDraws>(key, fit, &keys).lead(mp));
            }
        }
        if counting {
            self.tally.contacts += n_contacts as f64;
        }
        self.reps[i].period.additive[kpi::PROSPECTS] += n_contacts as f64;

        if !routing {
            // The worker's own buffer goes back.
            self.reps[worker].leads = fresh;
            return;
        }
        // Role allocation: traditional reps may pass custom leads on.
        for mut lead in fresh.drain(..) {
            if lead.custom {
                let u = keys.routing.with(lead.key.value()).uniform();
                if u < tp.levers.roles {
                    // The value is this motion's, also when the lead goes to the other team.
                    let value = lead.deal(&keys).value(mp);
                    lead.value = Some(value);
                    if value >= g.min_complex_deal
                        && let Some(target) = self.least_loaded_complex(w, g.route_cap)
                    {
                        lead.routed = true;
                        self.reps[target].leads.push(lead);
                    }
                    continue;
                }
            }
            self.reps[worker].leads.push(lead);
        }
        self.scratch.fresh = fresh;
    }

    /// The present complex rep with the fewest deals and leads, if below `cap`.
    pub(super) fn least_loaded_complex(&self, w: i32, cap: f64) -> Option<usize> {
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

    /// Qualification (docs/model.md section 1.5, after new leads): rep `i` qualifies this
    /// week's leads; those that pass enter the pipeline.
    pub(super) fn qualify(&mut self, i: usize, w: i32, policy: &Policy, params: &Resolved) {
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
        let gate = if complex {
            params.constants.gate_slope * tp.levers.gate
        } else {
            0.0
        };
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
            let value = lead.value.unwrap_or_else(|| deal.value(mp));
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
            if let Some(rec) = self.recorder.as_deref_mut().filter(|_| counting) {
                rec.created(deal.id_part, r.seat, r.person, team, w, value);
            }
            entered += 1.0;
        }
        r.period.additive[kpi::QUALIFIED] += entered;
        if counting {
            self.tally.leads += n as f64;
            self.tally.opportunities += entered;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{one_rep, run_parts};
    use super::*;

    #[test]
    fn a_lead_above_the_threshold_enters_the_pipeline_with_its_value() {
        let (scenario, params, policy) = run_parts();
        let mut sim = one_rep(&scenario, &params);
        let mp = &params.motion[0];
        let key = Key::ZERO.with(5);
        // Noise 0 and fit above the threshold: qualified whatever the accuracy.
        let mut lead = Lead {
            key,
            fit: mp.qualify_threshold + 0.1,
            value: Some(1234.0),
            custom: false,
            routed: false,
            noise: 0.0,
            deal: None,
        };
        sim.reps[0].leads.push(lead);
        lead.fit = mp.qualify_threshold - 0.1;
        sim.reps[0].leads.push(lead);
        sim.qualify(0, 3, &policy, &params);
        let r = &sim.reps[0];
        assert_eq!(r.opps.len(), 1);
        assert_eq!(r.opps[0].value, 1234.0);
        assert_eq!(r.opps[0].stage, 1);
        assert_eq!(r.opps[0].created, 3);
        assert_eq!(r.period.additive[kpi::QUALIFIED], 1.0);
        assert_eq!((sim.tally.leads, sim.tally.opportunities), (2.0, 1.0));
        assert!(r.leads.is_empty());
    }

    #[test]
    fn a_lead_without_a_value_gets_its_deal_value() {
        let (scenario, params, policy) = run_parts();
        let mut sim = one_rep(&scenario, &params);
        let mp = &params.motion[0];
        let key = Key::ZERO.with(6);
        sim.reps[0].leads.push(Lead {
            key,
            fit: 1.0,
            value: None,
            custom: false,
            routed: false,
            noise: 0.0,
            deal: None,
        });
        sim.qualify(0, -1, &policy, &params);
        let expected = super::super::draws::DealDraw::of(key, &sim.keys).value(mp);
        assert_eq!(sim.reps[0].opps[0].value, expected);
        // Burn-in weeks are not counted.
        assert_eq!(sim.tally.leads, 0.0);
    }

    #[test]
    fn prospecting_finds_leads_only_among_interested_contacts() {
        let (scenario, params, policy) = run_parts();
        let mut sim = one_rep(&scenario, &params);
        sim.reps[0].hours[act::PROSPECT] = 40.0;
        let mut source = super::super::draws::SoloDraws::new();
        sim.generate_leads(0, 2, &policy, &params, &mut source);
        let n = sim.tally.contacts;
        assert!(n > 0.0);
        assert_eq!(sim.reps[0].period.additive[kpi::PROSPECTS], n);
        // With no interest at all, the same contacts give no lead.
        let mut quiet = params.clone();
        quiet.motion[0].interest_prob = 0.0;
        quiet.motion[0].inbound_leads_per_week = 0.0;
        let mut sim = one_rep(&scenario, &quiet);
        sim.reps[0].hours[act::PROSPECT] = 40.0;
        sim.generate_leads(0, 2, &policy, &quiet, &mut source);
        assert_eq!(sim.tally.contacts, n);
        assert!(sim.reps[0].leads.is_empty());
    }
}
