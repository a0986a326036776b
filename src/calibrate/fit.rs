//! The method of simulated moments (docs/calibration.md): per motion, the parameters that
//! move the observed moments are searched by Nelder–Mead (argmin) on a fixed set of
//! common-random-number trials (the same seed at every evaluation, so the objective is a
//! deterministic function of the parameters), from starting values set by the moments.
//!
//! Fitted by simulation, per motion (docs/model.md sections 4.1 to 4.8):
//!
//! - **lead flow**, one factor on `inbound_leads_per_week` and on the prospecting rate
//!   (`contact_hours` divided by it): opportunities created per rep and week;
//! - **`win_base`**: the win rate of closed opportunities;
//! - **pace**, one factor on `meet_hours_scale` and `close_hours_scale`: the won-deal cycle;
//! - **`loss_per_week`**: with the pace, the open pipeline per rep and the win rate.
//!
//! Fitted directly: `value_median` and `value_sigma` from the won-deal values (scaled through
//! a simulation, because a won deal's amount is its list value times the solution uplift and
//! the discount, docs/model.md section 4.9), and the teams and their reps.

use std::collections::BTreeMap;

use argmin::core::{CostFunction, Error as ArgminError, Executor};
use argmin::solver::neldermead::NelderMead;

use crate::crm::amounts::DecimalMark;
use crate::crm::moments::{self, Moments, MotionMoments};
use crate::crm::{DateFormat, Export, Opportunity};
use crate::engine::record::{RecordedTrial, record_trials};
use crate::engine::run::Plan;
use crate::scenario::params::MotionParams;
use crate::scenario::{Motion, ParamValue, Scenario};

use super::simulated;

/// The parameters fitted by simulation, per motion, by name.
pub const FITTED: [&str; 4] = ["lead_flow", "win_base", "pace", "loss_per_week"];

/// How a moment is compared: its name, its weight in the objective.
pub const MOMENTS: [(&str, f64); 5] = [
    ("created_per_rep_week", 1.0),
    ("win_rate", 2.0),
    ("won_cycle_median_weeks", 1.0),
    ("open_per_rep", 0.5),
    ("won_per_rep_week", 1.0),
];

/// The value of moment `k` of [`MOMENTS`] in `m`, when it can be fitted.
pub fn moment(m: &MotionMoments, k: usize) -> Option<f64> {
    let closed = m.counts[0] + m.counts[1];
    match k {
        0 => Some(m.created_per_rep_week),
        1 => m.win_rate.filter(|_| closed >= moments::MIN_CLOSED),
        2 => m
            .won_cycle
            .as_ref()
            .filter(|_| m.counts[0] >= moments::MIN_WON)
            .map(|c| c.quartiles[1]),
        3 => Some(m.open_per_rep),
        4 => Some(m.won_per_rep_week),
        _ => None,
    }
}

fn idx(key: &str) -> usize {
    MotionParams::index_of(key).unwrap_or_else(|| panic!("no motion key {key}"))
}

fn get(s: &Scenario, m: Motion, key: &str) -> f64 {
    s.params.motion[m.index()][idx(key)].nominal()
}

fn set(s: &mut Scenario, m: Motion, key: &str, v: f64) {
    let spec = &MotionParams::SPECS[idx(key)];
    s.params.motion[m.index()][idx(key)] = ParamValue::Fixed(v.clamp(spec.lo, spec.hi));
}

fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The starting values of the four fitted parameters of a motion.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Anchor {
    inbound: f64,
    contact_hours: f64,
    meet: f64,
    close: f64,
}

impl Anchor {
    fn of(s: &Scenario, m: Motion) -> Anchor {
        Anchor {
            inbound: get(s, m, "inbound_leads_per_week"),
            contact_hours: get(s, m, "contact_hours"),
            meet: get(s, m, "meet_hours_scale"),
            close: get(s, m, "close_hours_scale"),
        }
    }
}

/// The unconstrained coordinates `[ln flow, logit win_base, ln pace, logit loss]` of a
/// motion, written into the scenario.
pub fn apply(s: &mut Scenario, m: Motion, a: &Anchor, theta: &[f64]) {
    let flow = theta[0].clamp(-6.0, 6.0).exp();
    set(s, m, "inbound_leads_per_week", a.inbound * flow);
    set(s, m, "contact_hours", a.contact_hours / flow);
    set(s, m, "win_base", logistic(theta[1]).clamp(0.002, 0.998));
    let pace = theta[2].clamp(-6.0, 6.0).exp();
    set(s, m, "meet_hours_scale", a.meet * pace);
    set(s, m, "close_hours_scale", a.close * pace);
    set(s, m, "loss_per_week", logistic(theta[3]).clamp(1e-4, 0.9));
}

/// What a fit runs: the scenario (baseline only, fixed parameters), trials and weeks.
#[derive(Clone, Debug)]
pub struct Sim {
    /// Trials of the baseline pooled per evaluation (common random numbers: trials 0..n).
    pub trials: u64,
}

/// An export made of simulated opportunities, for [`moments::observe`].
pub fn export_of(opps: Vec<Opportunity>, weeks: u32) -> Export {
    Export {
        file: "simulated".into(),
        rows: opps.len(),
        opportunities: opps,
        problems: Vec::new(),
        columns: BTreeMap::new(),
        date_format: (DateFormat::Ymd, String::new()),
        decimal_mark: DecimalMark::Point,
        export_date: simulated::export_date(weeks),
        currency: None,
        open_stages: BTreeMap::new(),
        notes: Vec::new(),
    }
}

/// The baseline of `s` simulated: its recorded trials and its moments.
pub fn simulate(s: &Scenario, trials: u64) -> (Vec<RecordedTrial>, Moments) {
    let plan = Plan::new(s);
    let rec = record_trials(&plan, trials);
    let opps = simulated::opportunities(s, &rec);
    let export = export_of(opps, s.run.horizon_weeks);
    let mut m = moments::observe(&export, &BTreeMap::new());
    super::org::per_active_owner(&mut m, &export);
    (rec, m)
}

/// The baseline of `s` simulated as in [`simulate`], with the raw figures behind its moments
/// (weekly wins as a mean per trial), for the calibration charts.
pub fn simulate_samples(s: &Scenario, trials: u64) -> (Moments, Vec<moments::MotionSamples>) {
    let plan = Plan::new(s);
    let rec = record_trials(&plan, trials);
    let opps = simulated::opportunities(s, &rec);
    let export = export_of(opps, s.run.horizon_weeks);
    let mut m = moments::observe(&export, &BTreeMap::new());
    super::org::per_active_owner(&mut m, &export);
    let mut samples = moments::samples(&export, &m);
    let n = rec.len().max(1) as f64;
    for x in &mut samples {
        x.weekly_wins.iter_mut().for_each(|w| *w /= n);
    }
    (m, samples)
}

/// Weighted squared relative error of the simulated moments of motion `m`.
pub fn distance(obs: &MotionMoments, sim: Option<&MotionMoments>) -> f64 {
    let Some(sim) = sim else {
        return 1e6;
    };
    let mut d = 0.0;
    for (k, (_, w)) in MOMENTS.iter().enumerate() {
        if let Some(o) = moment(obs, k) {
            let s = moment(sim, k).unwrap_or(0.0);
            let scale = o.abs().max(1e-6);
            d += w * ((s - o) / scale).powi(2);
        }
    }
    d
}

fn of_motion(m: &Moments, motion: Motion) -> Option<&MotionMoments> {
    m.motions.iter().find(|x| x.motion == motion)
}

struct Objective<'a> {
    base: &'a Scenario,
    motion: Motion,
    anchor: Anchor,
    start: [f64; 4],
    active: Vec<usize>,
    obs: &'a MotionMoments,
    trials: u64,
}

impl Objective<'_> {
    fn full(&self, p: &[f64]) -> [f64; 4] {
        let mut t = self.start;
        for (j, &k) in self.active.iter().enumerate() {
            t[k] = p[j];
        }
        t
    }
}

impl CostFunction for Objective<'_> {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, p: &Vec<f64>) -> Result<f64, ArgminError> {
        let mut s = self.base.clone();
        apply(&mut s, self.motion, &self.anchor, &self.full(p));
        let (_, m) = simulate(&s, self.trials);
        Ok(distance(self.obs, of_motion(&m, self.motion)))
    }
}

/// The result of fitting one motion.
#[derive(Clone, Debug)]
pub struct MotionFit {
    /// The motion.
    pub motion: Motion,
    /// The fitted parameters by simulation (of [`FITTED`]), with their values.
    pub fitted: Vec<(&'static str, f64)>,
    /// The objective at the start and at the end.
    pub objective: (f64, f64),
    /// Evaluations of the objective (each one a simulation of the fit's trials), the start
    /// included.
    pub evaluations: u64,
}

/// Fit the simulated parameters of every motion of `obs` into `s` (whose teams and values
/// are already set), one motion after the other. `max_iters` bounds each search.
pub fn fit(s: &mut Scenario, obs: &Moments, trials: u64, max_iters: u64) -> Vec<MotionFit> {
    let mut out = Vec::new();
    for om in &obs.motions {
        let motion = om.motion;
        if !s.teams.iter().any(|t| t.motion == motion) {
            continue;
        }
        let anchor = Anchor::of(s, motion);
        // Moment-based start: one simulation at the current values, then each parameter
        // moved by the ratio (or log-odds difference) of observed to simulated moment.
        let (_, m0) = simulate(s, trials);
        let sm = of_motion(&m0, motion);
        let ratio = |k: usize| -> Option<f64> {
            let o = moment(om, k)?;
            let x = moment(sm?, k)?;
            (o > 0.0 && x > 0.0).then(|| o / x)
        };
        let mut start = [
            0.0,
            logit(get(s, motion, "win_base")),
            0.0,
            logit(get(s, motion, "loss_per_week").clamp(1e-4, 0.9)),
        ];
        if let Some(r) = ratio(0) {
            start[0] = r.ln();
        }
        if let (Some(o), Some(x)) = (moment(om, 1), sm.and_then(|x| moment(x, 1))) {
            let c = |p: f64| logit(p.clamp(0.005, 0.995));
            start[1] += c(o) - c(x);
        }
        if let Some(r) = ratio(2) {
            start[2] = r.ln();
        }
        // Only what the data identifies: without enough closed deals the win rate and the
        // pace keep their values.
        let mut active = vec![0];
        if moment(om, 1).is_some() {
            active.push(1);
            active.push(3);
        }
        if moment(om, 2).is_some() {
            active.push(2);
        }
        active.sort_unstable();
        let problem = Objective {
            base: s,
            motion,
            anchor,
            start,
            active: active.clone(),
            obs: om,
            trials,
        };
        let x0: Vec<f64> = active.iter().map(|&k| start[k]).collect();
        let first = problem.cost(&x0).unwrap_or(f64::INFINITY);
        let mut simplex = vec![x0.clone()];
        for j in 0..x0.len() {
            let mut v = x0.clone();
            v[j] += if active[j] == 3 { 0.5 } else { 0.25 };
            simplex.push(v);
        }
        let best = NelderMead::new(simplex)
            .with_sd_tolerance(1e-4)
            .ok()
            .and_then(|solver| {
                Executor::new(problem, solver)
                    .configure(|st| st.max_iters(max_iters).counting(true))
                    .run()
                    .ok()
            })
            .and_then(|res| {
                let st = res.state();
                let p = st.best_param.clone()?;
                Some((
                    p,
                    st.best_cost,
                    st.counts.get("cost_count").copied().unwrap_or(0),
                ))
            });
        // The search's evaluations and the one at the start.
        let (p, cost, evals) = best.map_or((x0.clone(), first, 1), |(p, c, n)| (p, c, n + 1));
        let (p, cost) = if cost <= first {
            (p, cost)
        } else {
            (x0, first)
        };
        let mut theta = start;
        for (j, &k) in active.iter().enumerate() {
            theta[k] = p[j];
        }
        apply(s, motion, &anchor, &theta);
        let fitted = active
            .iter()
            .map(|&k| {
                let v = match k {
                    0 => theta[0].exp(),
                    1 => logistic(theta[1]),
                    2 => theta[2].exp(),
                    _ => logistic(theta[3]),
                };
                (FITTED[k], v)
            })
            .collect();
        out.push(MotionFit {
            motion,
            fitted,
            objective: (first, cost),
            evaluations: evals,
        });
    }
    out
}

/// Set `value_median` and `value_sigma` of each motion so that the simulated won-deal
/// amounts have the observed median and log-spread: a simulation gives the won amounts at
/// the current values, and the list-value parameters are moved by the gap (twice).
pub fn fit_values(s: &mut Scenario, obs: &Moments, trials: u64) {
    for _ in 0..2 {
        let (_, sim) = simulate(s, trials);
        for om in &obs.motions {
            let (Some(ov), Some(sv)) = (
                om.won_value.as_ref(),
                of_motion(&sim, om.motion).and_then(|m| m.won_value.as_ref()),
            ) else {
                continue;
            };
            if om.counts[0] < moments::MIN_WON || sv.median <= 0.0 {
                continue;
            }
            let m = om.motion;
            set(
                s,
                m,
                "value_median",
                get(s, m, "value_median") * ov.median / sv.median,
            );
            let sig = get(s, m, "value_sigma");
            let var = sig * sig + ov.log_sd * ov.log_sd - sv.log_sd * sv.log_sd;
            set(s, m, "value_sigma", var.max(0.0).sqrt());
        }
    }
}

/// First guess of the list-value parameters from the won amounts: the median divided by the
/// price factor of an average won deal (solution uplift at half quality, the base discount).
pub fn guess_values(s: &mut Scenario, obs: &Moments) {
    for om in &obs.motions {
        let Some(v) = om.won_value.as_ref() else {
            continue;
        };
        let m = om.motion;
        let factor =
            (1.0 + 0.5 * get(s, m, "solution_uplift")) * (1.0 - get(s, m, "discount_base"));
        set(s, m, "value_median", v.median / factor.max(1e-6));
        set(s, m, "value_sigma", v.log_sd);
    }
}
