//! `spmsim sensitivity`: give the scenario a sensitivity analysis from the command line's
//! `--output` and `--variant` (or its own `[sensitivity]` section).

use super::error::CliError;
use crate::metrics::{M, Output};
use crate::scenario::experiment::SensitivitySpec;
use crate::scenario::{ParamSet, ParamValue, Scenario};

/// Set `scenario.design.sensitivity` from the flags, checking that they fit the scenario.
pub(super) fn configure(
    scenario: &mut Scenario,
    output: Option<String>,
    variant: Option<String>,
) -> Result<(), CliError> {
    let current = scenario.design.sensitivity.clone();
    let parsed = match output {
        Some(name) => Output::from_name(&name)
            .ok_or_else(|| CliError::Flag(format!("--output: unknown output `{name}`")))?,
        None => current
            .as_ref()
            .map_or(Output::Metric(M::Revenue), |c| c.output),
    };
    let output = parsed.name();
    let change = matches!(parsed, Output::Change(_));
    let b = scenario.baseline_index();
    let v = match variant {
        Some(name) => scenario
            .variants
            .iter()
            .position(|v| v.name == name)
            .ok_or_else(|| CliError::Flag(format!("--variant: no variant named `{name}`")))?,
        None => match &current {
            Some(c) if c.output == parsed => c.variant,
            _ if change => scenario
                .variants
                .iter()
                .position(|v| !v.baseline)
                .ok_or_else(|| {
                    CliError::Flag(format!(
                        "--output {output} is a change vs the baseline: the experiment needs a second variant"
                    ))
                })?,
            _ => b,
        },
    };
    if change && v == b {
        return Err(CliError::Flag(format!(
            "--output {output} is a change vs the baseline; choose a --variant other than the baseline"
        )));
    }
    let (pv, pb) = (scenario.variant_params(v), scenario.variant_params(b));
    let uncertain = |set: &ParamSet, r| matches!(set.get(r), ParamValue::Uncertain(_));
    if !ParamSet::refs().any(|r| uncertain(&pv, r) || uncertain(&pb, r)) {
        return Err(CliError::Unfit {
            scenario: scenario.source.clone(),
            message: "no parameter is uncertain, so there is nothing to rank; give some a distribution, e.g. contact_hours = { dist = \"triangular\", min = 2, mode = 3, max = 4 }".into(),
        });
    }
    let trials = current
        .as_ref()
        .map_or(scenario.run.trials.clamp(2, 200), |c| c.trials);
    scenario.design.sensitivity = Some(SensitivitySpec {
        output: parsed,
        variant: v,
        trials,
    });
    Ok(())
}
