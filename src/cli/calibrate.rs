//! `spmsim calibrate`: a CRM export (and the P&L) in, a calibrated scenario out
//! (docs/calibration.md); and `spmsim run --export-opportunities`, the simulated baseline as
//! a CRM export.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::args::{BadRows, CalibrateArgs};
use super::error::CliError;
use crate::calibrate::actuals::{Actuals, match_actuals};
use crate::calibrate::{checks, fit, org, simulated, write};
use crate::crm::moments;
use crate::crm::{Mapping, Teams, read_export};
use crate::engine::record::record_trials;
use crate::engine::run::Plan;
use crate::export::outdir::PendingDir;
use crate::metrics::M;
use crate::plot::calibration::{CalibrationData, MotionSides, Side};
use crate::scenario::load::calibration_toml;
use crate::scenario::params::{GlobalParams, MotionParams};
use crate::scenario::{Motion, ParamValue, Scenario};

/// Share of bad rows above which the default (no `--on-bad-rows`) stops.
pub const BAD_ROWS_STOP_SHARE: f64 = 0.10;

/// Write the baseline's simulated opportunities of trials `0..n` into the result directory.
pub(super) fn export_opportunities(
    scenario: &Scenario,
    n: u64,
    dir: &mut PendingDir,
) -> Result<(), CliError> {
    let plan = Plan::new(scenario);
    let trials = record_trials(&plan, n);
    let (opps, teams) = simulated::csv_files(scenario, &trials);
    for (name, text) in [("opportunities.csv", opps), ("teams.csv", teams)] {
        dir.write(name, text.as_bytes()).map_err(|source| {
            CliError::Write(crate::export::ExportError::Io {
                file: name.to_string(),
                source,
            })
        })?;
    }
    Ok(())
}

fn read_text(path: &Path) -> Result<String, CliError> {
    std::fs::read(path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map_err(|e| CliError::File {
            path: path.to_path_buf(),
            message: format!("cannot read: {e}"),
        })
}

/// A CSV file's text, decoded by [`crate::crm::decode`] (UTF-8, UTF-16, Windows-1252), and
/// a note when it was not UTF-8.
fn read_csv(path: &Path) -> Result<(String, Option<String>), CliError> {
    std::fs::read(path)
        .map(|b| crate::crm::decode(&b))
        .map_err(|e| CliError::File {
            path: path.to_path_buf(),
            message: format!("cannot read: {e}"),
        })
}

fn bad(path: &Path, message: impl Into<String>) -> CliError {
    CliError::File {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// A reader's error, whose text starts with the file's name, for the file at `path` (the
/// name printed once).
fn read_failed(path: &Path, e: impl std::fmt::Display) -> CliError {
    let text = e.to_string();
    let prefix = format!("{}: ", path.display());
    bad(path, text.strip_prefix(&prefix).unwrap_or(&text))
}

fn say(text: &str) {
    let _ = std::io::stdout().write_all(text.as_bytes());
}

/// Run `spmsim calibrate`.
pub(super) fn calibrate(args: &CalibrateArgs) -> Result<(), CliError> {
    if args.out.exists() && !args.force {
        return Err(CliError::Output {
            path: args.out.clone(),
            message: "exists; use --force to replace it".into(),
        });
    }
    let mapping = match &args.map {
        Some(p) => Mapping::from_toml(&read_text(p)?, &p.display().to_string())
            .map_err(|e| bad(p, e.message))?,
        None => Mapping::default(),
    };
    let teams = match &args.teams {
        Some(p) => Some({
            let (text, note) = read_csv(p)?;
            if let Some(note) = note {
                eprintln!("{}: {note}", p.display());
            }
            Teams::from_csv_mapped(&text, &p.display().to_string(), &mapping)
                .map_err(|e| read_failed(p, e))?
        }),
        None => None,
    };
    let actuals: Actuals = match &args.actuals {
        Some(p) => toml::from_str(&read_text(p)?).map_err(|e| bad(p, e.message().to_string()))?,
        None => Actuals::default(),
    };
    let mut base = super::load(args.base.as_deref())?;
    let file = args.opportunities.display().to_string();
    let (export_text, encoding) = read_csv(&args.opportunities)?;
    let export =
        read_export(&export_text, &file, &mapping, teams.as_ref()).map_err(|e| {
            match (&e, &args.map) {
                (crate::crm::ReadError::ExportDate { .. }, Some(map)) => {
                    bad(map, e.to_string().trim_start_matches("the mapping: "))
                }
                _ => read_failed(&args.opportunities, e),
            }
        })?;

    // What was assumed.
    let mut out = String::new();
    let _ = writeln!(out, "{file}: {} rows read", export.rows);
    if let Some(note) = &encoding {
        let _ = writeln!(out, "  note: {note}");
    }
    for (field, (header, recognised)) in &export.columns {
        let how = if *recognised {
            "recognised"
        } else {
            "from the mapping"
        };
        let _ = writeln!(out, "  {:<9} ← \"{header}\" ({how})", field.name());
    }
    let _ = writeln!(
        out,
        "  dates: {} ({}); decimal mark: {:?}; export date {}",
        export.date_format.0.name(),
        export.date_format.1,
        export.decimal_mark,
        export.export_date
    );
    let _ = match &export.currency {
        Some(c) => writeln!(out, "  currency: {c} (the calibrated scenario's currency)"),
        None => writeln!(
            out,
            "  currency: none in the export; the amounts are taken to be in {}, the base scenario's currency",
            base.run.currency
        ),
    };
    if !export.open_stages.is_empty() {
        let stages: Vec<String> = export
            .open_stages
            .iter()
            .map(|(s, n)| format!("{s} ({n})"))
            .collect();
        let _ = writeln!(out, "  open stages: {}", stages.join(", "));
    }
    for n in &export.notes {
        let _ = writeln!(out, "  note: {n}");
    }
    if let Some(t) = &teams {
        let _ = writeln!(
            out,
            "  teams file: {} owners ({} → {})",
            t.of_owner.len(),
            t.columns.0,
            t.columns.1
        );
    }

    // Bad rows.
    let bad_rows = export.rows_with_problems();
    if bad_rows > 0 {
        let _ = writeln!(
            out,
            "{bad_rows} of {} rows fail a check and are left out:",
            export.rows
        );
        for (kind, n) in export.problem_counts() {
            let _ = writeln!(out, "  {}: {n}", kind.name());
            for p in export.problems.iter().filter(|p| p.kind == kind).take(3) {
                let _ = writeln!(out, "    {p}");
            }
        }
    }
    say(&out);
    // A currency the scenario cannot take is refused before anything is fitted.
    if let Some(problem) = export
        .currency
        .as_deref()
        .and_then(checks::currency_problem)
    {
        return Err(bad(&args.opportunities, problem));
    }
    let share_bad = bad_rows as f64 / export.rows.max(1) as f64;
    let stop = match args.on_bad_rows {
        Some(BadRows::Stop) => bad_rows > 0,
        Some(BadRows::Skip) => false,
        None => share_bad > BAD_ROWS_STOP_SHARE,
    };
    if stop {
        let why = if args.on_bad_rows.is_some() {
            "--on-bad-rows stop".to_string()
        } else {
            format!(
                "{:.0} % of the rows fail a check (more than {:.0} %: usually a wrong column, date format or stage label); fix the mapping, or pass --on-bad-rows skip",
                100.0 * share_bad,
                100.0 * BAD_ROWS_STOP_SHARE
            )
        };
        let list: Vec<String> = export
            .problems
            .iter()
            .take(20)
            .map(|p| p.to_string())
            .collect();
        return Err(bad(
            &args.opportunities,
            format!(
                "{bad_rows} bad rows; stopped ({why}):\n  {}{}",
                list.join("\n  "),
                if export.problems.len() > 20 {
                    format!(
                        "\n  … and {} more problems, on {bad_rows} rows in all",
                        export.problems.len() - 20
                    )
                } else {
                    String::new()
                }
            ),
        ));
    }

    // Observed moments.
    let mut named: BTreeMap<String, Motion> = mapping.motions.clone();
    if let Some(t) = &teams {
        named.extend(t.motions.clone());
    }
    let mut obs = moments::observe(&export, &named);
    // Rates per rep are per owner active in the window (so per filled seat).
    org::per_active_owner(&mut obs, &export);
    let closed: usize = obs.motions.iter().map(|m| m.counts[0] + m.counts[1]).sum();
    if obs.motions.is_empty() || closed < moments::MIN_CLOSED {
        return Err(bad(
            &args.opportunities,
            format!(
                "too few closed deals to calibrate: {closed} won or lost; at least {} are needed (and {} won per motion for deal values and cycles)",
                moments::MIN_CLOSED,
                moments::MIN_WON
            ),
        ));
    }
    let g = |k: &str| base.params.global[GlobalParams::index_of(k).unwrap_or(0)].nominal();
    let vacant = (g("attrition_per_year") * g("vacancy_weeks") / 52.0).min(0.5);
    let mut estimates = org::teams(&export, &obs, vacant);
    if let Some(h) = actuals.headcount {
        org::scale_to(&mut estimates, h.round().max(1.0) as u32);
    }
    // A motion from the teams file is named by it, not by the mapping.
    for t in &mut estimates {
        if !mapping.motions.contains_key(&t.name)
            && teams
                .as_ref()
                .is_some_and(|x| x.motions.contains_key(&t.name))
        {
            t.reason = t
                .reason
                .replace("named by the mapping", "named by the teams file");
        }
    }
    let mut text = format!(
        "observation window {} to {} ({:.1} weeks)\nteams:\n",
        obs.window.0, obs.window.1, obs.weeks
    );
    for t in &estimates {
        let _ = writeln!(
            text,
            "  {}: {} ({}), {} owners → {} reps",
            t.name,
            t.motion.name(),
            t.reason,
            t.owners,
            t.reps
        );
    }
    let _ = writeln!(text, "observed:");
    for m in &obs.motions {
        let _ = writeln!(text, "  {}", write::describe(m));
    }
    say(&text);

    // The scenario to fit: the base's settings, the export's teams, the baseline only, over
    // the observation window.
    let old_teams = std::mem::replace(&mut base.teams, org::scenario_teams(&estimates));
    // Each variant's regime per team follows the new teams: the regime of the base's first
    // team of the same motion (or its first team's); so do its coaching hours.
    let old_of: Vec<usize> = base
        .teams
        .iter()
        .map(|t| {
            old_teams
                .iter()
                .position(|o| o.motion == t.motion)
                .unwrap_or(0)
        })
        .collect();
    for v in &mut base.variants {
        let regimes: Vec<_> = old_of
            .iter()
            .map(|&k| v.regimes[k.min(v.regimes.len() - 1)].clone())
            .collect();
        v.regimes = regimes;
        let hours: Vec<f64> = old_of.iter().map(|&k| v.coaching_of(k)).collect();
        v.set_coaching(&base.teams, |i, _| hours.get(i).copied());
    }
    let original_currency = base.run.currency.clone();
    if let Some(c) = &export.currency {
        base.run.currency = c.clone();
    }
    let mut s = base.clone();
    let b = s.baseline_index();
    s.variants = vec![s.variants[b].clone()];
    s.run.horizon_weeks = (obs.weeks.round() as u32).clamp(4, 520);
    s.run.pilot_trials = s.run.pilot_trials.min(8);
    for row in s.params.motion.iter_mut().chain([&mut s.params.global]) {
        for v in row.iter_mut() {
            *v = ParamValue::Fixed(v.nominal());
        }
    }
    let mut actual_lines = Vec::new();
    if let Some(pay) = actuals.base_pay {
        let reps: u32 = s.teams.iter().map(|t| t.reps).sum();
        let per = pay / f64::from(reps.max(1));
        for m in Motion::ALL {
            let i = MotionParams::index_of("base_pay_per_year").unwrap_or(0);
            s.params.motion[m.index()][i] = ParamValue::Fixed(per);
        }
        actual_lines.push(format!(
            "base pay: {pay:.0} a year over {reps} reps = {per:.0} per rep"
        ));
    }
    // With --base, the base's own decisions (variants other than the baseline, levers,
    // regimes, design sections) are carried over verbatim; a part the calibrated file cannot
    // load with is dropped and named.
    let ((carried, dropped), base_root) = match &args.base {
        Some(path) => {
            let text = read_text(path)?;
            let root: toml::Table = text.parse().map_err(|e| bad(path, format!("{e}")))?;
            (
                write::carried_from_base(&text).map_err(|e| bad(path, e))?,
                Some(root),
            )
        }
        None => ((Vec::new(), Vec::new()), None),
    };
    let calibration =
        calibration_toml(&write::observed_section(&args.opportunities, &export, &obs));
    let out_name = args.out.display().to_string();
    let compose = |cal: &Scenario, notes: write::Notes| {
        let notes = write::Notes {
            example_variant: !carried.iter().any(|(n, _)| n.starts_with("variant ")),
            ..notes
        };
        let text = write::scenario_toml(cal, base_root.as_ref(), &notes);
        let (mut text, note) = write::append_carried(
            text,
            &carried,
            dropped.clone(),
            dropped.len(),
            &calibration,
            &out_name,
        );
        text.push_str("\n\n");
        text.push_str(&calibration);
        (text, note)
    };
    // Before fitting: the calibrated file, with the values not yet fitted, must load; when it
    // does not, the export (or the base) is at fault, not the fit.
    let mut probe = base.clone();
    probe.params = s.params.clone();
    let (probe_text, _) = compose(&probe, write::Notes::empty(&file, &estimates));
    if let Err(e) = crate::scenario::load_str(&probe_text, &out_name, "calibrated") {
        return Err(bad(
            &args.opportunities,
            format!(
                "the calibrated scenario would not load with what the export gives ({e}); nothing was fitted"
            ),
        ));
    }

    let trials = args.fit_trials;
    fit::guess_values(&mut s, &obs);
    let fits = fit::fit(&mut s, &obs, trials, 60);
    fit::fit_values(&mut s, &obs, trials);
    actual_lines.extend(match_actuals(&mut s, &actuals, trials));
    let (sim, sim_samples) = fit::simulate_samples(&s, trials);
    let rows = write::fit_rows(&obs, &sim);

    // Warnings: moments missed, money figures in the base's currency, an implausible margin.
    let mut warnings = checks::missed_warning(&rows);
    let mut set_keys = vec!["value_median"];
    if actuals.base_pay.is_some() {
        set_keys.push("base_pay_per_year");
    }
    let costs_given = actuals.operating_margin.is_some() || actuals.other_sales_costs.is_some();
    if costs_given {
        set_keys.push("overhead_per_rep_year");
    }
    let money = match &export.currency {
        Some(c) => {
            checks::currency_warning(c, &original_currency, &checks::money_kept(&s, &set_keys))
        }
        None => Vec::new(),
    };
    let (rev, _, op) = crate::calibrate::actuals::economics(&s, trials);
    warnings.extend(checks::margin_warning(
        op / rev,
        !money.is_empty(),
        actuals.base_pay.is_some() && costs_given,
    ));
    warnings.splice(0..0, money);

    // The calibrated scenario: the fitted parameters into the base's settings.
    let mut cal = base.clone();
    cal.params = s.params.clone();
    let (toml_text, note) = compose(
        &cal,
        write::Notes {
            fits: &fits,
            rows: &rows,
            actuals: &actual_lines,
            warnings: &warnings,
            ..write::Notes::empty(&file, &estimates)
        },
    );
    if let Some(note) = note {
        eprintln!("{note}");
    }
    if let Err(e) = crate::scenario::load_str(&toml_text, &out_name, "calibrated") {
        return Err(CliError::internal(format!(
            "the calibrated scenario does not load ({e}); this is a bug"
        )));
    }
    let dir = args
        .out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    write_atomic(
        &dir.join("calibration.csv"),
        write::fit_csv(&rows).as_bytes(),
    )?;
    write_atomic(&args.out, toml_text.as_bytes())?;
    let charts = chart_data(
        &moments::samples(&export, &obs),
        &sim_samples,
        &base.run.currency,
        trials,
    );
    let chart_files = crate::plot::calibration::write_calibration_charts(
        &charts,
        &dir,
        args.lang.map(crate::lang::Lang::from).unwrap_or_default(),
    )
    .map_err(|e| CliError::Output {
        path: dir.clone(),
        message: e.to_string(),
    })?;

    let mut report = String::from("fit (observed → simulated):\n");
    for r in &rows {
        let _ = writeln!(
            report,
            "  {:<12} {:<24} {:>14.4} {:>14.4} {:>+7.1} %{}",
            r.motion.name(),
            r.moment,
            r.observed,
            r.simulated,
            100.0 * r.relative_error(),
            if r.flagged() { "  above tolerance" } else { "" }
        );
    }
    for line in &actual_lines {
        let _ = writeln!(report, "{line}");
    }
    let _ = writeln!(
        report,
        "not identified by this data (kept at the base's values):"
    );
    for p in write::NOT_IDENTIFIED {
        let _ = writeln!(report, "  - {p}");
    }
    let _ = writeln!(
        report,
        "wrote {} and {}",
        args.out.display(),
        dir.join("calibration.csv").display()
    );
    let _ = writeln!(report, "charts of observed vs simulated:");
    for f in chart_files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "svg"))
    {
        let _ = writeln!(report, "  {} (and .png)", f.display());
    }
    say(&report);
    if !warnings.is_empty() {
        let mut w = String::new();
        for line in &warnings {
            if line.starts_with(' ') {
                let _ = writeln!(w, "  {}", line.trim_start());
            } else {
                let _ = writeln!(w, "warning: {line}");
            }
        }
        eprint!("{w}");
    }
    Ok(())
}

/// The figures of the calibration charts: each observed motion with its simulated side.
fn chart_data(
    observed: &[moments::MotionSamples],
    simulated: &[moments::MotionSamples],
    currency: &str,
    trials: u64,
) -> CalibrationData {
    let side = |m: &moments::MotionSamples| Side {
        won_values: m.won_values.clone(),
        won_cycles: m.won_cycles.clone(),
        weekly_wins: m.weekly_wins.clone(),
    };
    CalibrationData {
        currency: currency.to_string(),
        trials,
        motions: observed
            .iter()
            .map(|o| MotionSides {
                motion: o.motion,
                observed: side(o),
                simulated: simulated
                    .iter()
                    .find(|s| s.motion == o.motion)
                    .map(side)
                    .unwrap_or_default(),
            })
            .collect(),
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let err = |e: std::io::Error| CliError::Output {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    std::fs::create_dir_all(&dir).map_err(err)?;
    let mut tmp = tempfile_in(&dir).map_err(err)?;
    tmp.1.write_all(bytes).map_err(err)?;
    tmp.1.sync_all().map_err(err)?;
    drop(tmp.1);
    std::fs::rename(&tmp.0, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp.0);
        err(e)
    })
}

fn tempfile_in(dir: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    for k in 0..1000u32 {
        let p = dir.join(format!(".spmsim-calibrate-{}-{k}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&p)
        {
            Ok(f) => return Ok((p, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("no temporary file name free"))
}

/// Trials of the quick simulation behind the implied figures of `validate`.
pub const IMPLIED_TRIALS: u64 = 8;

/// What a scenario's baseline implies per motion in business terms (average won deal, deals
/// won per rep and year, win rate, won-deal cycle), from a quick simulation of the baseline
/// ([`IMPLIED_TRIALS`] trials of the scenario's horizon; the figures carry simulation noise
/// of a few percent).
pub(super) fn implied_figures(scenario: &Scenario) -> String {
    // Rep-weeks of the pilot and the trials: above this (a few seconds), say so instead.
    const MAX_REP_WEEKS: f64 = 5e6;
    let weeks = f64::from(scenario.run.burn_in_weeks + scenario.run.horizon_weeks);
    let work = f64::from(scenario.total_reps()) * weeks * 2.0 * IMPLIED_TRIALS as f64;
    if work > MAX_REP_WEEKS {
        return "  implied baseline: not simulated for an organisation this large; see a run's summary (avg_won_deal_*, deals_won_per_rep_year_*)\n".into();
    }
    let mut s = scenario.clone();
    let b = s.baseline_index();
    s.variants = vec![s.variants[b].clone()];
    s.run.pilot_trials = s.run.pilot_trials.min(IMPLIED_TRIALS as u32);
    let plan = Plan::new(&s);
    let outs: Vec<_> = (0..IMPLIED_TRIALS)
        .map(|t| plan.trial_of(t, &[0]).remove(0))
        .collect();
    let mean = |m: M| {
        let v: Vec<f64> = outs
            .iter()
            .map(|o| o.metrics[m as usize])
            .filter(|x| x.is_finite())
            .collect();
        if v.is_empty() {
            f64::NAN
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let mut text = format!(
        "  implied baseline ({IMPLIED_TRIALS} quick trials of {} weeks):\n",
        s.run.horizon_weeks
    );
    for m in Motion::ALL {
        if !s.teams.iter().any(|t| t.motion == m) {
            continue;
        }
        let [deal, per_rep, wr, cyc] = if m == Motion::Traditional {
            [
                M::AvgWonDealTraditional,
                M::WonPerRepYearTraditional,
                M::WinRateTraditional,
                M::CycleWonTraditional,
            ]
        } else {
            [
                M::AvgWonDealComplex,
                M::WonPerRepYearComplex,
                M::WinRateComplex,
                M::CycleWonComplex,
            ]
        };
        let _ = writeln!(
            text,
            "    {}: average won deal {:.0} {}, {:.1} deals won per rep and year, win rate {:.1} %, won-deal cycle {:.1} weeks",
            m.name(),
            mean(deal),
            s.run.currency,
            mean(per_rep),
            100.0 * mean(wr),
            mean(cyc)
        );
    }
    text
}
