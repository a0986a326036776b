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
use crate::crm::{Date, Export};
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

/// The teams of an export with their motions (from [`Moments::teams`]) and estimated reps.
pub fn teams(export: &Export, moments: &Moments, vacant_share: f64) -> Vec<TeamEstimate> {
    let (start, end) = moments.window;
    let weeks = start.weeks_until(end).max(1.0);
    // Per owner: (team, first date, last date, deals).
    let mut owners: BTreeMap<&str, (String, Date, Date, usize)> = BTreeMap::new();
    for o in &export.opportunities {
        let team = o.team.clone().unwrap_or_else(|| "all reps".into());
        let dates = [o.created, o.closed];
        for d in dates.into_iter().flatten() {
            let e = owners.entry(&o.owner).or_insert((team.clone(), d, d, 0));
            e.1 = e.1.min(d);
            e.2 = e.2.max(d);
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
    let mut active: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    for (team, first, last, _) in owners.values() {
        let from = if start.weeks_until(*first) <= gap {
            start
        } else {
            *first
        };
        let to = if last.weeks_until(end) <= gap {
            end
        } else {
            *last
        };
        // An owner inside the window was there about one typical gap longer than their
        // deals show (before the first, after the last).
        let inner = f64::from(u8::from(from != start) + u8::from(to != end));
        let span = (from.weeks_until(to) + inner * gap / 6.0)
            .max(1.0)
            .min(weeks);
        let e = active.entry(team.clone()).or_insert((0.0, 0));
        e.0 += span / weeks;
        e.1 += 1;
    }
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
