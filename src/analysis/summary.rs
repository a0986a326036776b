//! The summary of a run (`summary.json`) from its accumulators: estimates per metric, paired
//! differences vs the baseline, weekly bands, allocation of hours and discounts by week.

use crate::metrics::{Change, M, METRICS, Output};
use crate::results::{Band, Named, Summary, TeamSummary, VariantSummary, Weekly};
use crate::scenario::params::{ACTIVITIES, KPIS, N_KPI};
use crate::scenario::{Motion, Scenario};

use super::accumulate::VariantAcc;

/// The summary of a run from its accumulators.
pub(super) fn summarise(
    scenario: &Scenario,
    targets: &[[f64; N_KPI]],
    accs: &[VariantAcc],
    trials_run: u64,
) -> Summary {
    let trials = trials_run as f64;
    let targets = Named(
        scenario
            .teams
            .iter()
            .zip(targets)
            .map(|(t, row)| {
                (
                    t.name.clone(),
                    Named(
                        KPIS.iter()
                            .zip(row)
                            .map(|(k, v)| (k.to_string(), *v))
                            .collect(),
                    ),
                )
            })
            .collect(),
    );
    let motions_present: Vec<Motion> = Motion::ALL
        .into_iter()
        .filter(|m| scenario.teams.iter().any(|t| t.motion == *m))
        .collect();
    let variants: Vec<VariantSummary> = scenario
        .variants
        .iter()
        .zip(accs)
        .map(|(v, acc)| {
            let metrics = Named(
                METRICS
                    .iter()
                    .zip(&acc.metrics)
                    .map(|(d, a)| (d.name.to_string(), a.estimate()))
                    .collect(),
            );
            let vs_baseline = if v.baseline {
                Named(Vec::new())
            } else {
                // The changes first, then every metric, in vocabulary order.
                let outputs = Change::ALL
                    .into_iter()
                    .map(Output::Change)
                    .chain(M::ALL.into_iter().map(Output::Metric));
                Named(
                    outputs
                        .map(|o| (o.name().to_string(), acc.change_estimate(o)))
                        .collect(),
                )
            };
            let allocation = Named(
                motions_present
                    .iter()
                    .map(|m| {
                        let mi = m.index();
                        let rw = acc.rep_weeks[mi];
                        (
                            m.name().to_string(),
                            Named(
                                ACTIVITIES
                                    .iter()
                                    .enumerate()
                                    .map(|(a, name)| {
                                        let h = if rw > 0.0 { acc.hours[mi][a] / rw } else { 0.0 };
                                        (name.to_string(), h)
                                    })
                                    .collect(),
                            ),
                        )
                    })
                    .collect(),
            );
            let band = |s: usize| Band {
                mean: acc.weekly_mean[s].iter().map(|x| x / trials).collect(),
                p05: acc.weekly[s].iter().map(|q| q.quantile(0.05)).collect(),
                p50: acc.weekly[s].iter().map(|q| q.quantile(0.50)).collect(),
                p95: acc.weekly[s].iter().map(|q| q.quantile(0.95)).collect(),
            };
            VariantSummary {
                name: v.name.clone(),
                baseline: v.baseline,
                description: v.description.clone(),
                regimes: Named(
                    scenario
                        .teams
                        .iter()
                        .zip(&v.regimes)
                        .map(|(t, r)| (t.name.clone(), r.name.clone()))
                        .collect(),
                ),
                coaching_hours: v.coaching_hours,
                coaching_hours_by_team: Named(if v.coaching_varies() {
                    scenario
                        .teams
                        .iter()
                        .enumerate()
                        .map(|(i, t)| (t.name.clone(), v.coaching_of(i)))
                        .collect()
                } else {
                    Vec::new()
                }),
                levers: v.levers,
                metrics,
                vs_baseline,
                allocation,
                discount_by_week_of_period: acc
                    .discount_by_week
                    .iter()
                    .map(|(s, n)| if *n > 0.0 { 100.0 * s / n } else { f64::NAN })
                    .collect(),
                weekly: Weekly {
                    revenue: band(0),
                    cumulative_revenue: band(1),
                    pipeline: band(2),
                    cumulative_revenue_change: (!v.baseline).then(|| Band {
                        mean: acc.cum_change_mean.iter().map(|x| x / trials).collect(),
                        p05: acc.cum_change.iter().map(|q| q.quantile(0.05)).collect(),
                        p50: acc.cum_change.iter().map(|q| q.quantile(0.50)).collect(),
                        p95: acc.cum_change.iter().map(|q| q.quantile(0.95)).collect(),
                    }),
                },
                p_threshold: scenario.design.threshold.as_ref().and_then(|_| {
                    (!v.baseline && acc.threshold.1 > 0)
                        .then(|| acc.threshold.0 as f64 / acc.threshold.1 as f64)
                }),
                overrides: crate::results::Override::list(v),
                teams: team_summaries(scenario, acc, v.baseline),
            }
        })
        .collect();
    // How well the baseline matches the CRM export of a calibrated scenario.
    let calibration = scenario.calibration.as_ref().and_then(|c| {
        let b = variants.iter().find(|v| v.baseline)?;
        Some(c.check(|name| b.metrics.get(name).map_or(f64::NAN, |e| e.mean)))
    });
    Summary {
        schema: crate::results::SCHEMA.to_string(),
        experiment: scenario.experiment.name.clone(),
        description: scenario.experiment.description.clone(),
        spmsim_version: env!("CARGO_PKG_VERSION").to_string(),
        scenario_sha256: scenario.sha256.clone(),
        seed: scenario.run.seed,
        trials: trials_run,
        precision: None,
        burn_in_weeks: scenario.run.burn_in_weeks,
        horizon_weeks: scenario.run.horizon_weeks,
        period_weeks: scenario.run.period_weeks,
        currency: scenario.run.currency.clone(),
        targets,
        threshold: scenario
            .design
            .threshold
            .as_ref()
            .map(crate::results::Threshold::from),
        variants,
        sweep: scenario
            .design
            .sweep
            .as_ref()
            .map(|sw| crate::results::Sweep {
                parameters: sw.parameters.clone(),
                design: sw.design.clone(),
                points: sw
                    .points
                    .iter()
                    .map(|(v, values)| crate::results::SweepPoint {
                        variant: scenario.variants[*v].name.clone(),
                        values: values.clone(),
                    })
                    .collect(),
            }),
        sensitivity: None,
        headline: scenario
            .design
            .headline
            .map(|i| scenario.variants[i].name.clone()),
        best_of_many: None,
        calibration,
    }
}

/// The per-team results of one variant.
fn team_summaries(scenario: &Scenario, acc: &VariantAcc, baseline: bool) -> Vec<TeamSummary> {
    use crate::model::outcome::TeamOutcome as T;
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
    scenario
        .teams
        .iter()
        .zip(&acc.teams)
        .filter(|(_, t)| t.n > 0)
        .map(|(team, t)| {
            let sum = |k: T| t.sums[k as usize];
            let mean = |k: T| sum(k) / t.n as f64;
            let vs_baseline = if baseline {
                Named(Vec::new())
            } else {
                Named(vec![
                    (
                        M::Revenue.name().to_string(),
                        t.revenue.change_estimate(Some(true), None),
                    ),
                    (
                        M::OperatingProfit.name().to_string(),
                        t.profit.change_estimate(Some(true), None),
                    ),
                ])
            };
            TeamSummary {
                name: team.name.clone(),
                motion: team.motion.name().to_string(),
                revenue: mean(T::Revenue),
                operating_profit: mean(T::OperatingProfit),
                operating_margin_pct: 100.0 * ratio(sum(T::OperatingProfit), sum(T::Revenue)),
                deals_won: mean(T::Wins),
                win_rate: ratio(sum(T::Wins), sum(T::Closed)),
                share_at_target: ratio(sum(T::AtTarget), sum(T::RepPeriods)),
                attrition: mean(T::Leavers),
                filled_rep_weeks: mean(T::RepWeeks),
                vs_baseline,
            }
        })
        .collect()
}
