//! What an export says about the organisation, per motion: the observed moments a
//! calibration compares with the simulated baseline (docs/calibration.md). Teams without a
//! motion in the export are assigned one from their deals (size and cycle), with the reason.

use std::collections::{BTreeMap, BTreeSet};

use super::read::Export;
use super::{Date, Opportunity, Outcome};
use crate::scenario::Motion;

/// Closed deals (won or lost) a motion needs before its win rate and cycle are fitted.
pub const MIN_CLOSED: usize = 30;
/// Won deals a motion needs before its value distribution and won-deal cycle are fitted.
pub const MIN_WON: usize = 15;

/// A won-deal cycle median at or above this (weeks) makes a team complex.
pub const COMPLEX_CYCLE_WEEKS: f64 = 10.0;
/// With a median cycle of at least [`LONGISH_CYCLE_WEEKS`], a median won value this many
/// times the whole export's makes a team complex.
pub const COMPLEX_VALUE_RATIO: f64 = 3.0;
/// See [`COMPLEX_VALUE_RATIO`].
pub const LONGISH_CYCLE_WEEKS: f64 = 6.0;

/// The quantile `p` of sorted values (linear between order statistics; NaN when empty).
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = p.clamp(0.0, 1.0) * (n - 1) as f64;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v
}

/// The distribution of won-deal values.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueMoments {
    /// Median.
    pub median: f64,
    /// Mean.
    pub mean: f64,
    /// Standard deviation of the natural log of the value (the spread of a lognormal).
    pub log_sd: f64,
    /// 10th and 90th percentile.
    pub p10_p90: [f64; 2],
}

/// Sales cycle of won deals, in weeks from created to won.
#[derive(Clone, Debug, PartialEq)]
pub struct CycleMoments {
    /// First quartile, median and third quartile.
    pub quartiles: [f64; 3],
    /// Mean.
    pub mean: f64,
}

/// The observed moments of one motion.
#[derive(Clone, Debug, PartialEq)]
pub struct MotionMoments {
    /// The motion.
    pub motion: Motion,
    /// Distinct owners (reps).
    pub reps: usize,
    /// Distinct teams (one when the export has no teams).
    pub teams: usize,
    /// Opportunities by outcome: won, lost, open.
    pub counts: [usize; 3],
    /// Opportunities created per rep and week in the observation window.
    pub created_per_rep_week: f64,
    /// Won over closed (won + lost); `None` without closed deals.
    pub win_rate: Option<f64>,
    /// Won-deal values; `None` without won deals.
    pub won_value: Option<ValueMoments>,
    /// Won-deal cycle; `None` without won deals that have both dates.
    pub won_cycle: Option<CycleMoments>,
    /// Open opportunities per rep at the export date.
    pub open_per_rep: f64,
    /// Deals won per rep and week in the observation window.
    pub won_per_rep_week: f64,
    /// Why some moments cannot be fitted ("12 closed deals; at least 30 are needed").
    pub too_few: Option<String>,
}

/// A team's deals and the motion it was given.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamMotion {
    /// The team ("all reps" when the export has no teams).
    pub team: String,
    /// Its reps.
    pub reps: usize,
    /// Its won deals.
    pub won: usize,
    /// Median won value (NaN without won deals).
    pub median_value: f64,
    /// Median won-deal cycle in weeks (NaN without won deals).
    pub median_cycle_weeks: f64,
    /// The motion.
    pub motion: Motion,
    /// Why ("median won-deal cycle 14.2 weeks ≥ 10", "named by the mapping").
    pub reason: String,
}

/// What an export says, per motion.
#[derive(Clone, Debug, PartialEq)]
pub struct Moments {
    /// First created date and the export date: the observation window.
    pub window: (Date, Date),
    /// Weeks in the window.
    pub weeks: f64,
    /// Each team with its motion.
    pub teams: Vec<TeamMotion>,
    /// Each motion present, in [`Motion::ALL`] order.
    pub motions: Vec<MotionMoments>,
}

const NO_TEAM: &str = "all reps";

fn team_of(o: &Opportunity) -> &str {
    o.team.as_deref().unwrap_or(NO_TEAM)
}

fn won_values<'a>(opps: impl Iterator<Item = &'a Opportunity>) -> Vec<f64> {
    sorted(
        opps.filter(|o| o.outcome == Outcome::Won)
            .filter_map(|o| o.amount)
            .filter(|a| *a > 0.0)
            .collect(),
    )
}

fn won_cycles<'a>(opps: impl Iterator<Item = &'a Opportunity>) -> Vec<f64> {
    sorted(
        opps.filter(|o| o.outcome == Outcome::Won)
            .filter_map(|o| Some(o.created?.weeks_until(o.closed?)))
            .collect(),
    )
}

/// Give each team a motion: the mapping's (`motions`, by team name), else from its deals: a
/// median won-deal cycle of at least [`COMPLEX_CYCLE_WEEKS`] weeks, or of at least
/// [`LONGISH_CYCLE_WEEKS`] with a median won value [`COMPLEX_VALUE_RATIO`] times the
/// export's, is complex; anything else traditional.
pub fn assign_motions(export: &Export, named: &BTreeMap<String, Motion>) -> Vec<TeamMotion> {
    let all_values = won_values(export.opportunities.iter());
    let org_median = quantile(&all_values, 0.5);
    let teams: BTreeSet<&str> = export.opportunities.iter().map(team_of).collect();
    teams
        .into_iter()
        .map(|team| {
            let opps = || export.opportunities.iter().filter(move |o| team_of(o) == team);
            let values = won_values(opps());
            let cycles = won_cycles(opps());
            let median_value = quantile(&values, 0.5);
            let median_cycle = quantile(&cycles, 0.5);
            let reps = opps().map(|o| o.owner.as_str()).collect::<BTreeSet<_>>().len();
            let (motion, reason) = if let Some(m) = named.get(team) {
                (*m, "named by the mapping".to_string())
            } else if values.is_empty() {
                (
                    Motion::Traditional,
                    "no won deals: traditional by default".to_string(),
                )
            } else if median_cycle >= COMPLEX_CYCLE_WEEKS {
                (
                    Motion::Complex,
                    format!(
                        "median won-deal cycle {median_cycle:.1} weeks ≥ {COMPLEX_CYCLE_WEEKS}"
                    ),
                )
            } else if median_cycle >= LONGISH_CYCLE_WEEKS
                && median_value >= COMPLEX_VALUE_RATIO * org_median
            {
                (
                    Motion::Complex,
                    format!(
                        "median won value {median_value:.0} ≥ {COMPLEX_VALUE_RATIO} × the export's {org_median:.0}, cycle {median_cycle:.1} weeks"
                    ),
                )
            } else {
                (
                    Motion::Traditional,
                    format!(
                        "median won-deal cycle {median_cycle:.1} weeks, median won value {median_value:.0}"
                    ),
                )
            };
            TeamMotion {
                team: team.to_string(),
                reps,
                won: values.len(),
                median_value,
                median_cycle_weeks: median_cycle,
                motion,
                reason,
            }
        })
        .collect()
}

/// The motion of an opportunity: the export's motion column where it has one, else its
/// team's in `teams`.
fn motion_in(o: &Opportunity, teams: &[TeamMotion]) -> Motion {
    o.motion
        .or_else(|| {
            teams
                .iter()
                .find(|t| t.team == team_of(o))
                .map(|t| t.motion)
        })
        .unwrap_or(Motion::Traditional)
}

/// The raw figures behind one motion's moments, for charts: won-deal values and cycles
/// (sorted) and the deals won in each week of the observation window.
#[derive(Clone, Debug, PartialEq)]
pub struct MotionSamples {
    /// The motion.
    pub motion: Motion,
    /// Won-deal values above zero, sorted.
    pub won_values: Vec<f64>,
    /// Won-deal cycles in weeks, sorted.
    pub won_cycles: Vec<f64>,
    /// Deals won in week `k` of the window (`k` counted from the window's first day).
    pub weekly_wins: Vec<f64>,
}

/// The raw figures of each motion in `moments` (computed from the same `export`).
pub fn samples(export: &Export, moments: &Moments) -> Vec<MotionSamples> {
    let (start, end) = moments.window;
    let weeks = (start.weeks_until(end).ceil() as usize).max(1);
    moments
        .motions
        .iter()
        .map(|mm| {
            let opps = || {
                export
                    .opportunities
                    .iter()
                    .filter(|o| motion_in(o, &moments.teams) == mm.motion)
            };
            let mut weekly_wins = vec![0.0; weeks];
            for o in opps().filter(|o| o.outcome == Outcome::Won) {
                if let Some(c) = o.closed
                    && c >= start
                    && c <= end
                {
                    let k = (start.weeks_until(c).floor() as usize).min(weeks - 1);
                    weekly_wins[k] += 1.0;
                }
            }
            MotionSamples {
                motion: mm.motion,
                won_values: won_values(opps()),
                won_cycles: won_cycles(opps()),
                weekly_wins,
            }
        })
        .collect()
}

/// The observed moments of an export, per motion. An opportunity's motion is the export's
/// motion column where it has one, else its team's (see [`assign_motions`]).
pub fn observe(export: &Export, named: &BTreeMap<String, Motion>) -> Moments {
    let teams = assign_motions(export, named);
    let motion_of = |o: &Opportunity| motion_in(o, &teams);
    let start = export
        .opportunities
        .iter()
        .filter_map(|o| o.created)
        .min()
        .unwrap_or(export.export_date);
    let end = export.export_date.max(start);
    let weeks = start.weeks_until(end).max(1.0);
    let motions = Motion::ALL
        .into_iter()
        .filter_map(|m| {
            let opps: Vec<&Opportunity> = export
                .opportunities
                .iter()
                .filter(|o| motion_of(o) == m)
                .collect();
            if opps.is_empty() {
                return None;
            }
            let reps = opps.iter().map(|o| o.owner.as_str()).collect::<BTreeSet<_>>().len();
            let n_teams = opps.iter().map(|o| team_of(o)).collect::<BTreeSet<_>>().len();
            let count = |x: Outcome| opps.iter().filter(|o| o.outcome == x).count();
            let counts = [count(Outcome::Won), count(Outcome::Lost), count(Outcome::Open)];
            let closed = counts[0] + counts[1];
            let created = opps.iter().filter(|o| o.created.is_some()).count();
            let values = won_values(opps.iter().copied());
            let cycles = won_cycles(opps.iter().copied());
            let rep_weeks = reps as f64 * weeks;
            let won_value = (!values.is_empty()).then(|| {
                let logs: Vec<f64> = values.iter().map(|v| v.ln()).collect();
                let mean_log = logs.iter().sum::<f64>() / logs.len() as f64;
                let var = if logs.len() > 1 {
                    logs.iter().map(|l| (l - mean_log).powi(2)).sum::<f64>()
                        / (logs.len() - 1) as f64
                } else {
                    0.0
                };
                ValueMoments {
                    median: quantile(&values, 0.5),
                    mean: values.iter().sum::<f64>() / values.len() as f64,
                    log_sd: var.sqrt(),
                    p10_p90: [quantile(&values, 0.1), quantile(&values, 0.9)],
                }
            });
            let won_cycle = (!cycles.is_empty()).then(|| CycleMoments {
                quartiles: [
                    quantile(&cycles, 0.25),
                    quantile(&cycles, 0.5),
                    quantile(&cycles, 0.75),
                ],
                mean: cycles.iter().sum::<f64>() / cycles.len() as f64,
            });
            let mut short = Vec::new();
            if closed < MIN_CLOSED {
                short.push(format!(
                    "{closed} closed deals; at least {MIN_CLOSED} are needed to fit the win rate"
                ));
            }
            if counts[0] < MIN_WON {
                short.push(format!(
                    "{} won deals; at least {MIN_WON} are needed to fit deal values and the won-deal cycle",
                    counts[0]
                ));
            }
            Some(MotionMoments {
                motion: m,
                reps,
                teams: n_teams,
                counts,
                created_per_rep_week: created as f64 / rep_weeks,
                win_rate: (closed > 0).then(|| counts[0] as f64 / closed as f64),
                won_value,
                won_cycle,
                open_per_rep: counts[2] as f64 / reps as f64,
                won_per_rep_week: counts[0] as f64 / rep_weeks,
                too_few: (!short.is_empty()).then(|| short.join("; ")),
            })
        })
        .collect();
    Moments {
        window: (start, end),
        weeks,
        teams,
        motions,
    }
}

/// Figures of a motion comparable with a simulation run's steady-state metrics
/// (docs/calibration.md section 6): an export filtered on the created date starts with an
/// empty pipeline (few wins in its first weeks) and ends before late deals close (short
/// cycles only). So deals won per rep and year count the wins of the window's second half
/// over the owners active then (an owner is active from their first created deal to their
/// last date, or to the export date when that is within its last eight weeks), and the
/// won-deal cycle is the mean of the deals created in the window's first
/// half. `(deals won per rep and year, mean won-deal cycle in weeks)`; `None` where the half
/// has no deals.
pub fn steady_figures(
    export: &Export,
    moments: &Moments,
    motion: Motion,
) -> (Option<f64>, Option<f64>) {
    let (start, end) = moments.window;
    let mid = Date(start.0 + (end.0 - start.0) / 2);
    let opps: Vec<&Opportunity> = export
        .opportunities
        .iter()
        .filter(|o| motion_in(o, &moments.teams) == motion)
        .collect();
    // Each owner's active span.
    let mut span: BTreeMap<&str, (Date, Date)> = BTreeMap::new();
    for o in &opps {
        let first = o.created.or(o.closed);
        let last = o.closed.max(o.created);
        if let (Some(a), Some(z)) = (first, last) {
            let e = span.entry(o.owner.as_str()).or_insert((a, z));
            e.0 = e.0.min(a);
            e.1 = e.1.max(z);
        }
    }
    let owner_weeks: f64 = span
        .values()
        .map(|(a, z)| {
            // An owner with a date in the last eight weeks is still there at the end.
            let z = if z.0 >= end.0 - 56 {
                end
            } else {
                (*z).min(end)
            };
            let a = (*a).max(mid);
            if z > a { a.weeks_until(z) } else { 0.0 }
        })
        .sum();
    let wins = opps
        .iter()
        .filter(|o| o.outcome == Outcome::Won && o.closed.is_some_and(|c| c >= mid && c <= end))
        .count();
    let per_rep_year = (owner_weeks > 0.0).then(|| 52.0 * wins as f64 / owner_weeks);
    let early = won_cycles(
        opps.iter()
            .copied()
            .filter(|o| o.created.is_some_and(|c| c < mid)),
    );
    let cycle = (early.len() >= MIN_WON).then(|| early.iter().sum::<f64>() / early.len() as f64);
    (per_rep_year, cycle)
}
