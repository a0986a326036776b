//! A variant's parameters as drawn for one trial, and its behaviour settings per team.

use crate::scenario::params::{N_ACT, N_KPI};
use crate::scenario::{BehaviourTables, GlobalParams, Levers, MotionParams, Scenario, Team};

use super::constants::Constants;
use super::{behaviour, coaching};

/// Every numeric parameter with a number, for one variant in one trial (drawn by
/// [`super::uncertainty::draw`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// Parameters per motion (0 traditional, 1 complex).
    pub motion: [MotionParams; 2],
    /// Global parameters.
    pub global: GlobalParams,
    /// The model's structural constants (`[model]`; a variant may override them).
    pub constants: Constants,
}

/// How one team behaves and is paid under a variant.
#[derive(Clone, Debug)]
pub struct TeamPolicy {
    /// Normalised KPI weights of the team's regime.
    pub weights: [f64; N_KPI],
    /// Weight on outcome KPIs.
    pub outcome_weight: f64,
    /// Payout cap.
    pub cap: f64,
    /// Variable pay share at attainment 1.
    pub variable_share: f64,
    /// Targets per KPI per full rep-period; `None` means no targets yet (first pilot pass).
    pub targets: Option<[f64; N_KPI]>,
    /// Coaching hours per rep-week.
    pub coaching_hours: f64,
    /// Manager coaching skill.
    pub kappa: f64,
    /// Pressure-free log-weights of the allocation.
    pub log_weights: [f64; N_ACT],
    /// Working-hours factor from the target level.
    pub effort: f64,
    /// Levers.
    pub levers: Levers,
}

/// The behaviour of every team under one variant.
#[derive(Clone, Debug)]
pub struct Policy {
    /// Per team, indexed like the scenario's teams.
    pub teams: Vec<TeamPolicy>,
}

impl Policy {
    /// Build the policy of variant `v` given resolved parameters and auto targets per team
    /// (`None` = no targets yet).
    pub fn new(
        scenario: &Scenario,
        v: usize,
        params: &Resolved,
        auto_targets: Option<&[[f64; N_KPI]]>,
    ) -> Self {
        let variant = &scenario.variants[v];
        let teams = scenario
            .teams
            .iter()
            .enumerate()
            .map(|(ti, team)| {
                team_policy(
                    team,
                    &scenario.behaviour,
                    &variant.regimes[ti],
                    variant.coaching_of(ti),
                    variant.levers,
                    params,
                    auto_targets.map(|t| &t[ti]),
                )
            })
            .collect();
        Policy { teams }
    }
}

fn team_policy(
    team: &Team,
    tables: &BehaviourTables,
    regime: &crate::scenario::Regime,
    coaching_hours: f64,
    levers: Levers,
    params: &Resolved,
    auto: Option<&[f64; N_KPI]>,
) -> TeamPolicy {
    use crate::scenario::regime::Target;
    let m = team.motion.index();
    let mp = &params.motion[m];
    let kappa = mp.coaching_skill;
    let lambda = coaching::alignment(kappa, coaching_hours, &params.constants);
    let appeal = behaviour::appeal(&regime.weights, &tables.perceived_effect);
    let log_weights = behaviour::log_weights(
        &tables.habit[m],
        &tables.playbook[m],
        lambda,
        params.global.responsiveness,
        &appeal,
    );
    let outcome_weight = regime.outcome_weight();
    let targets = auto.map(|auto| {
        let mut t = [0.0; N_KPI];
        for k in 0..N_KPI {
            t[k] = match regime.targets[k] {
                Target::Absolute(x) => x,
                Target::Auto => regime.target_level * auto[k],
            };
        }
        t
    });
    TeamPolicy {
        weights: regime.weights,
        outcome_weight,
        cap: regime.cap,
        variable_share: regime.variable_share,
        targets,
        coaching_hours,
        kappa,
        log_weights,
        effort: behaviour::effort_factor(
            outcome_weight,
            regime.target_level,
            params.global.effort_cap,
            &params.constants,
        ),
        levers,
    }
}
