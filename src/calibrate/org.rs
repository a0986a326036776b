//! The organisation an export shows: its teams, each with a motion and a number of reps.
//!
//! A CRM knows owners, not seats: over a year, a seat whose rep left shows two owners. The
//! reps of a team are therefore counted as the mean number of owners active in a week of the
//! observation window, an owner being active from the first to the last date of their deals;
//! an owner whose first (last) deal is within a few weeks of the window's start (end) is
//! taken to have been there all along (the gap allowed is three times the typical time
//! between two new deals of an owner, between 2 and 13 weeks). Seats are owners divided by
//! the share of seats filled (a leaver's seat stays empty for `vacancy_weeks`).

use std::collections::BTreeMap;

use crate::crm::moments::Moments;
use crate::crm::{Date, Export, Opportunity};
use crate::scenario::{Motion, Team};

/// A team of the calibrated scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamEstimate {
    /// The team's name (as in the export, or the motion's name without teams).
    pub name: String,
    /// Its motion.
    pub motion: Motion,
    /// Distinct owners in the export.
    pub owners: usize,
    /// Reps (seats), estimated.
    pub reps: u32,
    /// Why that motion.
    pub reason: String,
}

/// Per owner of `export`, keyed by `key` of the owner's first opportunity: the share of the
/// window `(start, end)` the owner was active (see the module's comment), summed per key, and
/// the owners per key.
fn active_by<K: Ord>(
    export: &Export,
    (start, end): (Date, Date),
    key: impl Fn(&Opportunity) -> K,
) -> BTreeMap<K, (f64, usize)> {
    let weeks = start.weeks_until(end).max(1.0);
    // Per owner: (key, first date, last date, deals).
    let mut owners: BTreeMap<&str, (K, Date, Date, usize)> = BTreeMap::new();
    for o in &export.opportunities {
        let dates = [o.created, o.closed];
        for d in dates.into_iter().flatten() {
            if let Some(e) = owners.get_mut(o.owner.as_str()) {
                e.1 = e.1.min(d);
                e.2 = e.2.max(d);
            } else {
                owners.insert(&o.owner, (key(o), d, d, 0));
            }
        }
        if let Some(e) = owners.get_mut(o.owner.as_str()) {
            e.3 += 1;
        }
    }
    let mut gaps: Vec<f64> = owners
        .values()
        .filter(|(_, a, b, n)| *n > 1 && b > a)
        .map(|(_, a, b, n)| a.weeks_until(*b) / (*n - 1) as f64)
        .collect();
    gaps.sort_by(f64::total_cmp);
    let gap = (3.0 * crate::crm::moments::quantile(&gaps, 0.5)).clamp(2.0, 13.0);
    let gap = if gap.is_nan() { 4.0 } else { gap };
    let mut active: BTreeMap<K, (f64, usize)> = BTreeMap::new();
    for (k, first, last, _) in owners.into_values() {
        let from = if start.weeks_until(first) <= gap {
            start
        } else {
            first
        };
        let to = if last.weeks_until(end) <= gap {
            end
        } else {
            last
        };
        // An owner inside the window was there about one typical gap longer than their
        // deals show (before the first, after the last).
        let inner = f64::from(u8::from(from != start) + u8::from(to != end));
        let span = (from.weeks_until(to) + inner * gap / 6.0)
            .max(1.0)
            .min(weeks);
        let e = active.entry(k).or_insert((0.0, 0));
        e.0 += span / weeks;
        e.1 += 1;
    }
    active
}

/// The teams of an export with their motions (from [`Moments::teams`]) and estimated reps.
pub fn teams(export: &Export, moments: &Moments, vacant_share: f64) -> Vec<TeamEstimate> {
    let active = active_by(export, moments.window, |o| {
        o.team.clone().unwrap_or_else(|| "all reps".into())
    });
    let mut out: Vec<TeamEstimate> = moments
        .teams
        .iter()
        .map(|t| {
            let (reps, owners) = active.get(&t.team).copied().unwrap_or((1.0, t.reps));
            TeamEstimate {
                name: if t.team == "all reps" {
                    t.motion.name().to_string()
                } else {
                    t.team.clone()
                },
                motion: t.motion,
                owners,
                reps: ((reps / (1.0 - vacant_share.clamp(0.0, 0.5))).round() as u32).max(1),
                reason: t.reason.clone(),
            }
        })
        .collect();
    // Team names must be distinct in a scenario.
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out.dedup_by(|a, b| {
        if a.name == b.name {
            b.reps += a.reps;
            true
        } else {
            false
        }
    });
    out
}

/// Scale the reps of every team so they add up to `headcount` (from the actuals), keeping
/// each team at least one rep.
pub fn scale_to(teams: &mut [TeamEstimate], headcount: u32) {
    let total: u32 = teams.iter().map(|t| t.reps).sum();
    if total == 0 || headcount == 0 {
        return;
    }
    for t in teams.iter_mut() {
        t.reps =
            ((f64::from(t.reps) * f64::from(headcount) / f64::from(total)).round() as u32).max(1);
    }
}

/// The scenario teams.
pub fn scenario_teams(teams: &[TeamEstimate]) -> Vec<Team> {
    teams
        .iter()
        .map(|t| Team {
            name: t.name.clone(),
            motion: t.motion,
            reps: t.reps,
        })
        .collect()
}

/// The motion of an opportunity: its own, else its team's in `moments`.
fn motion_of(o: &Opportunity, moments: &Moments) -> Motion {
    o.motion
        .or_else(|| {
            let team = o.team.as_deref().unwrap_or("all reps");
            moments
                .teams
                .iter()
                .find(|t| t.team == team)
                .map(|t| t.motion)
        })
        .unwrap_or(Motion::Traditional)
}

/// Restate the per-rep moments of `moments` (opportunities created and deals won per rep and
/// week, open opportunities per rep) per owner actually active, instead of per distinct
/// owner over the whole window: an owner who joined or left in the window counts for the
/// weeks they were there (see the module's comment). A simulated export has an owner for
/// every person who held a seat (a leaver's successor is a new name), a real one has the
/// company's turnover: counted per distinct owner, the two differ by their turnover, and the
/// fitted productivity per seat with them; counted per active owner, both are per filled
/// seat, as the run's figures are (docs/calibration.md section 5).
pub fn per_active_owner(moments: &mut Moments, export: &Export) {
    let active = active_by(export, moments.window, |o| motion_of(o, moments));
    for m in &mut moments.motions {
        let Some(&(mean_active, _)) = active.get(&m.motion) else {
            continue;
        };
        if mean_active <= 0.0 || m.reps == 0 {
            continue;
        }
        let k = m.reps as f64 / mean_active;
        m.created_per_rep_week *= k;
        m.won_per_rep_week *= k;
        m.open_per_rep *= k;
    }
}
