//! The simulated baseline as a CRM would export it: one row per opportunity that entered
//! the pipeline during the horizon, in the plain CSV shape `spmsim calibrate` reads without a
//! mapping (`opportunity_id, sales_agent, team, deal_stage, engage_date, close_date,
//! close_value`), and a teams file (`sales_agent, team, motion`).
//!
//! Week 0 of the horizon is [`START`] (a Monday); a deal's dates fall on a weekday of its week
//! chosen from its id, so cycles are whole weeks give or take a few days, as in a real CRM.
//! Owners are people, not seats: a seat's successor after a leaver is a new name.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::crm::{Date, Opportunity, Outcome};
use crate::engine::record::RecordedTrial;
use crate::model::sim::{RecordedOpp, RecordedOutcome};
use crate::scenario::Scenario;

/// The date of week 0 of the horizon in a simulated export: Monday 6 January 2025.
pub const START: Date = Date(20_094);

/// The date of a day `extra` (0 to 4) of week `w`.
pub fn date_of(w: i32, extra: u64) -> Date {
    Date(START.0 + 7 * w + (extra % 5) as i32)
}

/// The export date of a horizon of `weeks` weeks: the last day of its last week.
pub fn export_date(weeks: u32) -> Date {
    Date(START.0 + 7 * weeks as i32 - 1)
}

/// The owner's name of seat `seat`, person `person` (0 for the seat's first person).
pub fn owner_name(trial_prefix: &str, seat: u64, person: u32) -> String {
    let base = format!("{trial_prefix}rep{:03}", seat + 1);
    if person == 0 {
        base
    } else {
        format!("{base}-{}", person + 1)
    }
}

fn created_date(o: &RecordedOpp) -> Date {
    date_of(o.created, o.id)
}

fn closed_date(o: &RecordedOpp) -> Option<Date> {
    // A deal that closes in the week it was created closes on its created day at the
    // earliest.
    o.closed
        .map(|w| Date(date_of(w, o.id >> 17).0.max(created_date(o).0)))
}

/// The opportunities of recorded trials as the CRM reader would give them, the owners of
/// trial `t` prefixed `t{t}-` when more than one trial is pooled.
pub fn opportunities(scenario: &Scenario, trials: &[RecordedTrial]) -> Vec<Opportunity> {
    let mut out = Vec::new();
    let pooled = trials.len() > 1;
    for t in trials {
        let prefix = if pooled {
            format!("t{}-", t.trial)
        } else {
            String::new()
        };
        for o in &t.record.opps {
            let team = &scenario.teams[o.team];
            out.push(Opportunity {
                row: out.len() + 2,
                id: format!("{prefix}{:016x}", o.id),
                owner: owner_name(&prefix, o.seat, o.person),
                team: Some(format!("{prefix}{}", team.name)),
                motion: Some(team.motion),
                created: Some(created_date(o)),
                closed: closed_date(o),
                outcome: match o.outcome {
                    RecordedOutcome::Won => Outcome::Won,
                    RecordedOutcome::Lost => Outcome::Lost,
                    RecordedOutcome::Open => Outcome::Open,
                },
                amount: Some(o.amount),
                stage: stage_label(o.outcome).to_string(),
                discount: None,
                source: None,
                product: None,
            });
        }
    }
    out
}

fn stage_label(o: RecordedOutcome) -> &'static str {
    match o {
        RecordedOutcome::Won => "Won",
        RecordedOutcome::Lost => "Lost",
        RecordedOutcome::Open => "Open",
    }
}

fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `opportunities.csv` and `teams.csv` of recorded trials (the owners and ids of trial `t`
/// prefixed `t{t}-` when there are several).
pub fn csv_files(scenario: &Scenario, trials: &[RecordedTrial]) -> (String, String) {
    let mut opps = String::from(
        "opportunity_id,sales_agent,team,deal_stage,engage_date,close_date,close_value\n",
    );
    let mut owners: BTreeMap<String, (String, &'static str)> = BTreeMap::new();
    for o in opportunities(scenario, trials) {
        let team = o.team.clone().unwrap_or_default();
        let _ = writeln!(
            opps,
            "{},{},{},{},{},{},{}",
            quote(&o.id),
            quote(&o.owner),
            quote(&team),
            o.stage,
            o.created.map(|d| d.to_string()).unwrap_or_default(),
            o.closed.map(|d| d.to_string()).unwrap_or_default(),
            o.amount.map(|a| format!("{:.2}", a)).unwrap_or_default(),
        );
        let motion = o.motion.map(|m| m.name()).unwrap_or("traditional");
        owners.insert(o.owner, (team, motion));
    }
    let mut teams = String::from("sales_agent,team,motion\n");
    for (owner, (team, motion)) in owners {
        let _ = writeln!(teams, "{},{},{}", quote(&owner), quote(&team), motion);
    }
    (opps, teams)
}
