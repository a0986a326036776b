//! Turning scenario text into a validated [`Scenario`], with errors that name the file, line,
//! column and field, and a "did you mean" hint for unknown keys.

//!
//! The work is split by responsibility: [`ctx`] locates problems and reads typed values,
//! [`values`] reads parameter values and distributions, [`sections`] reads the run, the teams
//! and the parameter tables, [`variants`] reads regimes and variants and checks the manager's
//! time. Every range and default comes from the key registry ([`super::registry`]).

mod calibration;
mod ctx;
mod sections;
mod values;
mod variants;

use std::path::Path;

use sha2::{Digest, Sha256};
use toml::de::DeTable;

use super::registry;
pub use super::registry::TOP_KEYS;
use super::{BehaviourTables, ParamSet, RunSettings, Scenario};

pub use calibration::{
    CHECK_TOLERANCE, Calibration, CalibrationCheck, CheckRow, ObservedMotion, calibration_toml,
};
pub(crate) use ctx::{Ctx, FieldPath};
pub use ctx::{InputError, ScenarioError, suggest};
pub(crate) use sections::DEAL_VALUE_MEAN;
pub(crate) use variants::check_cross_fields;

/// Largest number of trials a scenario may ask for.
pub const MAX_TRIALS: u64 = registry::MAX_TRIALS;
/// Largest number of rep seats in one organisation.
pub const MAX_REPS: u64 = registry::MAX_REPS;
/// Largest amount of work (rep-weeks over all trials and variants) accepted at load.
pub const MAX_REP_WEEKS: f64 = 1e13;

/// Read and validate a scenario file.
///
/// # Errors
/// Every problem found, each with file, line, column and field where known.
pub fn load_file(path: &Path) -> Result<Scenario, ScenarioError> {
    let name = path.display().to_string();
    if path.is_dir() {
        return Err(ScenarioError::single(
            &name,
            "is a directory, not a scenario file".into(),
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| ScenarioError::single(&name, format!("cannot read the file: {e}")))?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(ScenarioError {
                errors: vec![InputError {
                    file: name,
                    line: Some(line),
                    column: None,
                    field: None,
                    message: format!("not a text file: invalid UTF-8 at byte {at}"),
                    hint: Some("a scenario is a TOML text file".into()),
                }],
            });
        }
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".into());
    load_str(&text, &name, &stem)
}

/// A number written as people write it in Swedish (and many other languages) where TOML wants
/// it otherwise, on line `line` (1-based) of `text`: a decimal comma (`1,5`) or spaces between
/// thousands (`62 000`). Returns the message that says how to write it.
fn number_habit(text: &str, line: usize) -> Option<String> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let (key, value) = l.split_once('=')?;
    let key = key.trim();
    // The value up to a comment; only a bare value (not a string or array) is considered.
    let value = value.split('#').next()?.trim();
    if key.is_empty() || value.is_empty() || value.starts_with(['"', '\'', '[', '{']) {
        return None;
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let signed = value.strip_prefix('-').unwrap_or(value);
    if let Some((whole, frac)) = signed.split_once(',')
        && digits(whole)
        && digits(frac)
    {
        let fixed = value.replacen(',', ".", 1);
        return Some(format!(
            "`{key} = {value}`: write {fixed} (TOML numbers take a decimal point, not a comma)"
        ));
    }
    let groups: Vec<&str> = signed.split([' ', '\u{a0}', '\u{202f}']).collect();
    if groups.len() > 1
        && digits(groups[0])
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3 && digits(g))
    {
        let sign = if value.starts_with('-') { "-" } else { "" };
        let plain = format!("{sign}{}", groups.concat());
        let underscored = format!("{sign}{}", groups.join("_"));
        return Some(format!(
            "`{key} = {value}`: write {plain} or {underscored} (no spaces inside a TOML number)"
        ));
    }
    None
}

/// Validate scenario text. `file` names it in messages; `stem` is the default experiment name.
///
/// # Errors
/// Every problem found, each with file, line, column and field where known.
pub fn load_str(text: &str, file: &str, stem: &str) -> Result<Scenario, ScenarioError> {
    if text.contains('\0') {
        return Err(ScenarioError::single(
            file,
            "not a text file: it contains NUL bytes".into(),
        ));
    }
    let root: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            let (line, column) = e
                .span()
                .map(|s| ctx::line_col(text, s.start))
                .map_or((None, None), |(l, c)| (Some(l), Some(c)));
            let msg = e.message().trim().to_string();
            let message = match line.and_then(|l| number_habit(text, l)) {
                Some(m) => m,
                None => format!("not valid TOML: {msg}"),
            };
            return Err(ScenarioError {
                errors: vec![InputError {
                    file: file.to_string(),
                    line,
                    column,
                    field: None,
                    message,
                    hint: None,
                }],
            });
        }
    };
    let de = DeTable::parse(text).ok();
    let mut cx = Ctx {
        file: file.to_string(),
        text,
        de: de.as_ref().map(|d| d.get_ref()),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let scenario = build(&mut cx, &root, stem, text);
    if cx.errors.is_empty() {
        cx.warnings.sort_by_key(|e| (e.line, e.column));
        scenario
            .map(|mut s| {
                s.input_warnings = std::mem::take(&mut cx.warnings);
                s
            })
            .ok_or_else(|| ScenarioError::single(file, "invalid scenario".into()))
    } else {
        cx.errors.sort_by_key(|e| (e.line, e.column));
        Err(ScenarioError { errors: cx.errors })
    }
}

pub(crate) fn build(cx: &mut Ctx, root: &toml::Table, stem: &str, text: &str) -> Option<Scenario> {
    let top = FieldPath::default();
    cx.check_keys(root, &top, &TOP_KEYS);

    let experiment = sections::read_experiment(cx, root, stem);
    let run = sections::read_run(cx, root);
    let teams = sections::read_teams(cx, root);
    let mut params = ParamSet::defaults();
    let mut behaviour = BehaviourTables::default();
    sections::read_params_into(cx, root, &top, &mut params, Some(&mut behaviour));
    sections::read_perceived_effect(cx, root, &mut behaviour);
    let regimes = variants::read_regimes(cx, root);
    let fixed_capacity = variants::read_manager_capacity(cx, root);
    let mut variants = variants::read_variants(cx, root, &teams, &regimes, &params, fixed_capacity);
    // `[optimise]` names variants and teams: it is checked here, where both are known, so
    // that `validate` and `run` report its problems too.
    if let (Some(teams), Some(variants)) = (&teams, &variants) {
        crate::scenario::optimise::check(cx, root, teams, variants);
    }
    let calibration = calibration::read_calibration(cx, root);
    let design = match (&teams, &mut variants, &run) {
        (Some(teams), Some(variants), Some(run)) => {
            super::experiment::read(cx, root, teams, &params, variants, run.seed, fixed_capacity)
        }
        _ => None,
    };

    // Workload sanity: absurd sizes are rejected before anything is allocated.
    if let (Some(run), Some(teams), Some(variants)) = (&run, &teams, &variants) {
        let reps: u64 = teams.iter().map(|t| t.reps as u64).sum();
        if reps > MAX_REPS {
            cx.err(
                &top.key("teams"),
                format!("{reps} reps in all is more than the {MAX_REPS} this tool simulates"),
                None,
            );
        }
        let work = rep_weeks(run, reps, variants.len());
        if work > MAX_REP_WEEKS {
            cx.err(
                &top.key("run").key("trials"),
                format!(
                    "{:.1e} rep-weeks of simulation is beyond what one run can do (limit {MAX_REP_WEEKS:.0e})",
                    work
                ),
                Some("lower `trials`, the number of reps or the horizon".into()),
            );
        }
    }

    Some(Scenario {
        source: cx.file.clone(),
        sha256: hex_sha256(text.as_bytes()),
        experiment: experiment?,
        run: run?,
        teams: teams?,
        params,
        behaviour,
        variants: variants?,
        design: design.unwrap_or_default(),
        calibration,
        input_warnings: Vec::new(),
        has_optimise: root.contains_key("optimise"),
    })
}

/// Amount of simulation a run asks for: trials x reps x (burn-in + horizon) weeks x variants.
pub fn rep_weeks(run: &RunSettings, reps: u64, variants: usize) -> f64 {
    run.trials as f64
        * reps as f64
        * (run.burn_in_weeks as f64 + run.horizon_weeks as f64)
        * variants as f64
}

/// SHA-256 of bytes, as lowercase hex.
pub fn hex_sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether a scenario text is the one a recorded SHA-256 (lowercase hex, as in summary.json
/// and shard.json) was taken of.
pub fn text_matches_sha256(text: &str, sha256: &str) -> bool {
    hex_sha256(text.as_bytes()) == sha256
}

#[cfg(test)]
mod number_habit_tests {
    use super::number_habit;

    #[test]
    fn swedish_numbers_get_a_clear_message() {
        let m = |t: &str| number_habit(t, 1);
        assert_eq!(
            m("overrun_share = 0,02").as_deref(),
            Some(
                "`overrun_share = 0,02`: write 0.02 (TOML numbers take a decimal point, not a comma)"
            )
        );
        assert_eq!(
            m("value_median = 62 000   # kr").as_deref(),
            Some("`value_median = 62 000`: write 62000 or 62_000 (no spaces inside a TOML number)")
        );
        assert!(
            m("base_pay_per_year = 1 250 000")
                .unwrap()
                .contains("1250000 or 1_250_000")
        );
        assert!(m("x = -1,5").unwrap().contains("write -1.5"));
        assert_eq!(m("name = \"a,b\""), None);
        assert_eq!(m("x = 1,5,6"), None);
        assert_eq!(m("x = 12 34"), None);
        assert_eq!(m("[run"), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Dist, Motion, ParamRef, ParamValue};
    use sections::idx_m;

    fn errs(text: &str) -> Vec<String> {
        match load_str(text, "t.toml", "t") {
            Ok(_) => vec![],
            Err(e) => e.errors.iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn empty_file_is_the_default_experiment() {
        let s = load_str("", "t.toml", "t").unwrap();
        assert_eq!(s.teams.len(), 2);
        assert_eq!(s.total_reps(), 14);
        assert_eq!(s.variants.len(), 1);
        assert!(s.variants[0].baseline);
        assert_eq!(s.run.trials, 500);
    }

    #[test]
    fn unknown_key_gets_a_suggestion_and_location() {
        let e = errs("[complex]\ncontact_hour = 2.0\n");
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].starts_with("t.toml:2:1: field `complex.contact_hour`"),
            "{}",
            e[0]
        );
        assert!(e[0].contains("did you mean `contact_hours`"), "{}", e[0]);
    }

    #[test]
    fn out_of_range_probability_is_located() {
        let e = errs("[traditional]\ncustom_prob = 1.5\n");
        assert!(
            e[0].starts_with("t.toml:2:15: field `traditional.custom_prob`"),
            "{}",
            e[0]
        );
        assert!(e[0].contains("outside the valid range [0, 1]"));
    }

    #[test]
    fn nan_is_rejected() {
        let e = errs("[traditional]\nloss_per_week = nan\n");
        assert!(e[0].contains("finite"), "{e:?}");
    }

    #[test]
    fn shares_must_sum_to_one() {
        let e = errs(
            "[traditional]\nhabit = { prospect = 0.3, qualify = 0.05, meet = 0.35, solution = 0.05, close = 0.2, handover = 0.1 }\n",
        );
        assert!(e[0].contains("sum to 1.05"), "{e:?}");
    }

    #[test]
    fn distributions_parse_and_validate() {
        let s = load_str(
            "[complex]\ncontact_hours = { dist = \"triangular\", min = 2, mode = 3, max = 4 }\n",
            "t.toml",
            "t",
        )
        .unwrap();
        let r = ParamRef::Motion(Motion::Complex, idx_m("contact_hours"));
        assert!(matches!(
            s.params.get(r),
            ParamValue::Uncertain(Dist::Triangular { .. })
        ));
        let e = errs("[complex]\ncontact_hours = { dist = \"uniform\", min = 4, max = 2 }\n");
        assert!(e[0].contains("`min` (4) must be below `max` (2)"), "{e:?}");
        let e = errs("[complex]\ncustom_prob = { dist = \"uniform\", min = 0.5, max = 1.2 }\n");
        assert!(e[0].contains("outside the valid range"), "{e:?}");
    }

    #[test]
    fn variant_overrides_and_budget() {
        let s = load_str(
            r#"
[[variants]]
name = "base"
baseline = true
[[variants]]
name = "v"
set = { "complex.loss_per_week" = 0.03, traditional = { contact_hours = 0.4 } }
"#,
            "t.toml",
            "t",
        )
        .unwrap();
        assert_eq!(s.variants[1].overrides.len(), 2);
        let e = errs(
            "[economics]\nmanager_capacity = \"fixed\"\n[[variants]]\nname = \"a\"\nbaseline = true\ncoaching_hours = 3\n",
        );
        assert!(e[0].contains("over by 4.00 h"), "{e:?}");
        // With the default flexible capacity the extra hours are priced, not refused.
        assert!(
            errs("[[variants]]\nname = \"a\"\nbaseline = true\ncoaching_hours = 3\n").is_empty()
        );
        let e = errs("[economics]\nmanager_capacity = \"fixd\"\n");
        assert!(e[0].contains("did you mean \"fixed\""), "{e:?}");
    }

    #[test]
    fn baseline_rules() {
        let two = "[[variants]]\nname = \"a\"\n[[variants]]\nname = \"b\"\n";
        assert!(errs(two)[0].contains("no variant is marked"));
        let dup = "[[variants]]\nname = \"a\"\nbaseline = true\n[[variants]]\nname = \"a\"\n";
        assert!(
            errs(dup)
                .iter()
                .any(|e| e.contains("duplicate variant name"))
        );
    }

    #[test]
    fn regimes_resolve_per_motion() {
        let s = load_str(
            "[[variants]]\nname = \"a\"\nregime = \"balanced\"\n",
            "t.toml",
            "t",
        )
        .unwrap();
        assert_eq!(s.variants[0].regimes[0].name, "activity");
        assert_eq!(s.variants[0].regimes[1].name, "quality");
        let e = errs("[[variants]]\nname = \"a\"\nregime = \"balance\"\n");
        assert!(e[0].contains("did you mean `balanced`"), "{e:?}");
    }
}
