//! What a calibration writes: the calibrated scenario as commented TOML (every fitted value
//! with the observed and simulated moment beside it) and the fit table `calibration.csv`.

use std::fmt::Write as _;

use crate::crm::moments::{Moments, MotionMoments};
use crate::scenario::params::{GlobalParams, MotionParams, global_group};
use crate::scenario::regime::BUILTIN_NAMES;
use crate::scenario::{Motion, Scenario};

use super::fit::{MOMENTS, MotionFit, moment};
use super::org::TeamEstimate;

/// Relative error above which a moment is flagged in `calibration.csv`.
pub const TOLERANCE: f64 = 0.15;

/// Parameters that keep their values because CRM data cannot tell them apart (listed in the
/// scenario and by the command).
pub const NOT_IDENTIFIED: [&str; 8] = [
    "incentives.responsiveness (how reps react to pay)",
    "coaching_skill (how well managers coach)",
    "skill_mean and skill_sd (how skills spread across reps)",
    "selling_share and the time split between activities",
    "qualify_threshold and qualify_noise (separately from the lead flow)",
    "people.attrition_per_year and vacancy_weeks (unless given as actuals)",
    "referral_rate and the hand-over parameters",
    "win_fit, win_solution, win_closing, win_discount (what drives a win, beyond its average)",
];

/// One row of the fit table.
#[derive(Clone, Debug, PartialEq)]
pub struct FitRow {
    /// The motion.
    pub motion: Motion,
    /// The moment's name.
    pub moment: String,
    /// Observed.
    pub observed: f64,
    /// Simulated.
    pub simulated: f64,
}

impl FitRow {
    /// (simulated - observed) / observed.
    pub fn relative_error(&self) -> f64 {
        (self.simulated - self.observed) / self.observed.abs().max(1e-12)
    }
    /// Whether the error is above [`TOLERANCE`].
    pub fn flagged(&self) -> bool {
        let e = self.relative_error().abs();
        e.is_nan() || e > TOLERANCE
    }
}

fn value_rows(o: &MotionMoments, s: &MotionMoments, out: &mut Vec<FitRow>) {
    if let (Some(ov), Some(sv)) = (&o.won_value, &s.won_value) {
        for (name, a, b) in [
            ("won_value_median", ov.median, sv.median),
            ("won_value_mean", ov.mean, sv.mean),
            ("won_value_log_sd", ov.log_sd, sv.log_sd),
        ] {
            out.push(FitRow {
                motion: o.motion,
                moment: name.into(),
                observed: a,
                simulated: b,
            });
        }
    }
    if let (Some(oc), Some(sc)) = (&o.won_cycle, &s.won_cycle) {
        for (name, k) in [("won_cycle_q1_weeks", 0), ("won_cycle_q3_weeks", 2)] {
            out.push(FitRow {
                motion: o.motion,
                moment: name.into(),
                observed: oc.quartiles[k],
                simulated: sc.quartiles[k],
            });
        }
    }
}

/// The fit table: every moment of every motion, observed and simulated.
pub fn fit_rows(obs: &Moments, sim: &Moments) -> Vec<FitRow> {
    let mut out = Vec::new();
    for o in &obs.motions {
        let Some(s) = sim.motions.iter().find(|m| m.motion == o.motion) else {
            continue;
        };
        for (k, (name, _)) in MOMENTS.iter().enumerate() {
            if let Some(ov) = moment(o, k) {
                out.push(FitRow {
                    motion: o.motion,
                    moment: (*name).into(),
                    observed: ov,
                    simulated: moment(s, k).unwrap_or(f64::NAN),
                });
            }
        }
        value_rows(o, s, &mut out);
    }
    out
}

/// `calibration.csv`.
pub fn fit_csv(rows: &[FitRow]) -> String {
    let mut s = String::from("motion,moment,observed,simulated,relative_error,flag\n");
    for r in rows {
        let _ = writeln!(
            s,
            "{},{},{},{},{:.4},{}",
            r.motion.name(),
            r.moment,
            r.observed,
            r.simulated,
            r.relative_error(),
            if r.flagged() { "above tolerance" } else { "" }
        );
    }
    s
}

/// `text` as a TOML string (escaped as needed: a backslash in a path or a team name).
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn num(x: f64) -> String {
    if x == x.round() && x.abs() < 1e15 {
        format!("{x:.1}")
    } else {
        format!("{}", (x * 1e6).round() / 1e6)
    }
}

fn observed_simulated(rows: &[FitRow], motion: Motion, moment: &str) -> String {
    rows.iter()
        .find(|r| r.motion == motion && r.moment == moment)
        .map(|r| format!("observed {:.4}, simulated {:.4}", r.observed, r.simulated))
        .unwrap_or_else(|| "not observed".into())
}

/// What the scenario file needs beyond the scenario itself.
pub struct Notes<'a> {
    /// The export file.
    pub source: &'a str,
    /// The teams with their reasons.
    pub teams: &'a [TeamEstimate],
    /// The fits by simulation.
    pub fits: &'a [MotionFit],
    /// The fit table.
    pub rows: &'a [FitRow],
    /// Lines about the actuals (targets and residuals).
    pub actuals: &'a [String],
    /// Whether to write the example comparison variant ("spm"): not when the base's own
    /// variants are carried over.
    pub example_variant: bool,
    /// Warnings to put at the top of the file (see [`super::checks`]); a line starting with a
    /// space continues the one before.
    pub warnings: &'a [String],
}

impl<'a> Notes<'a> {
    /// The notes of a file not yet fitted: its source and teams only.
    pub fn empty(source: &'a str, teams: &'a [TeamEstimate]) -> Notes<'a> {
        Notes {
            source,
            teams,
            fits: &[],
            rows: &[],
            actuals: &[],
            example_variant: true,
            warnings: &[],
        }
    }
}

/// Parts of a base file to carry over (name, TOML text) and parts dropped (descriptions).
pub type Carried = (Vec<(String, String)>, Vec<String>);

/// The parts of a `--base` scenario file the calibration does not write, each as TOML text to
/// append (a name for messages, the text): the base's variants other than its baseline
/// (`[[variants]]` as in the file) and every top-level table whose name the calibrated file
/// does not write (levers, sweep, sensitivity, report, optimise, precision, …; the regimes are
/// written with the baseline by [`scenario_toml`]).
/// Parameter sections (the motions' and the global groups') are fitted or merged into the
/// calibrated values and never carried. Top-level values outside a table cannot be appended
/// after tables and are returned in the second list, to be reported as dropped.
///
/// # Errors
/// When the base text is not TOML (it has loaded before, so this is unexpected).
pub fn carried_from_base(base_text: &str) -> Result<Carried, String> {
    let table: toml::Table = base_text.parse().map_err(|e| format!("{e}"))?;
    let mut written: Vec<&str> = vec![
        "experiment",
        "run",
        "teams",
        "calibration",
        "variants",
        "regimes",
    ];
    written.extend(Motion::ALL.iter().map(|m| m.name()));
    written.extend(GlobalParams::SPECS.iter().map(|s| global_group(s.key)));
    let mut carried = Vec::new();
    let mut dropped = Vec::new();
    if let Some(toml::Value::Array(variants)) = table.get("variants") {
        let baseline = variants
            .iter()
            .position(|v| v.get("baseline").and_then(toml::Value::as_bool) == Some(true))
            .unwrap_or(0);
        for (i, v) in variants.iter().enumerate() {
            if i == baseline {
                continue;
            }
            let name = v
                .get("name")
                .and_then(toml::Value::as_str)
                .unwrap_or("?")
                .to_string();
            let mut one = toml::Table::new();
            one.insert("variants".into(), toml::Value::Array(vec![v.clone()]));
            let text = toml::to_string(&one).map_err(|e| format!("{e}"))?;
            carried.push((format!("variant \"{name}\""), text));
        }
    }
    for (key, value) in &table {
        if written.contains(&key.as_str()) {
            continue;
        }
        if !matches!(value, toml::Value::Table(_) | toml::Value::Array(_)) {
            dropped.push(format!("top-level key `{key}`"));
            continue;
        }
        let mut one = toml::Table::new();
        one.insert(key.clone(), value.clone());
        let text = toml::to_string(&one).map_err(|e| format!("{e}"))?;
        carried.push((format!("[{key}]"), text));
    }
    Ok((carried, dropped))
}

/// Which moment each fitted key is matched to.
fn matched_by(key: &str) -> &'static str {
    match key {
        "inbound_leads_per_week" | "contact_hours" => "created_per_rep_week",
        "win_base" => "win_rate",
        "meet_hours_scale" | "close_hours_scale" => "won_cycle_median_weeks",
        "loss_per_week" => "open_per_rep",
        "value_median" => "won_value_median",
        "value_sigma" => "won_value_log_sd",
        _ => "",
    }
}

/// The calibrated scenario as commented TOML: the base's settings, the teams of the export,
/// every motion and global parameter that differs from the default (fitted ones with their
/// moments), the base's regimes, a baseline variant (see [`baseline_toml`]) and a comparison
/// variant. `base` is the `--base` file's TOML, if any.
pub fn scenario_toml(s: &Scenario, base: Option<&toml::Table>, notes: &Notes) -> String {
    let mut t = String::new();
    for line in notes.warnings {
        if line.starts_with(' ') {
            let _ = writeln!(t, "#   {}", line.trim_start());
        } else {
            let _ = writeln!(t, "# WARNING: {line}");
        }
    }
    if !notes.warnings.is_empty() {
        t.push_str("#\n");
    }
    let _ = writeln!(
        t,
        "# Calibrated by `spmsim calibrate` from {}.\n# Every fitted value has the moment it matches beside it: observed in the export, simulated\n# by this scenario's baseline. See calibration.csv for the whole fit table and\n# docs/calibration.md for how to read it.\n#\n# Not identified by this data (kept at the base's values):",
        notes.source
    );
    for p in NOT_IDENTIFIED {
        let _ = writeln!(t, "#   - {p}");
    }
    for line in notes.actuals {
        let _ = writeln!(t, "# {line}");
    }
    let _ = writeln!(
        t,
        "\n[experiment]\nname = \"calibrated\"\ndescription = {}\n",
        quoted(&format!(
            "Baseline calibrated from {}",
            notes.source.replace('"', "'")
        ))
    );
    let r = &s.run;
    let _ = writeln!(
        t,
        "[run]\ntrials = {}\nseed = {}\nburn_in_weeks = {}\nhorizon_weeks = {}\nperiod_weeks = {}\ncurrency = {}\n",
        r.trials,
        r.seed,
        r.burn_in_weeks,
        r.horizon_weeks,
        r.period_weeks,
        quoted(&r.currency)
    );
    for team in notes.teams {
        let _ = writeln!(
            t,
            "# {} owners in the export; motion: {}\n[[teams]]\nname = {}\nmotion = \"{}\"\nreps = {}\n",
            team.owners,
            team.reason,
            quoted(&team.name.replace('"', "'")),
            team.motion.name(),
            team.reps
        );
    }
    let defaults = crate::scenario::ParamSet::defaults();
    for m in Motion::ALL {
        if !s.teams.iter().any(|x| x.motion == m) {
            continue;
        }
        let _ = writeln!(t, "[{}]", m.name());
        if let Some(f) = notes.fits.iter().find(|f| f.motion == m) {
            let _ = writeln!(
                t,
                "# fitted by simulation: {} (objective {:.4} at the start, {:.4} at the end, {} evaluations)",
                f.fitted
                    .iter()
                    .map(|(k, v)| format!("{k} {v:.4}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                f.objective.0,
                f.objective.1,
                f.evaluations
            );
        }
        for (i, spec) in MotionParams::SPECS.iter().enumerate() {
            let v = s.params.motion[m.index()][i].nominal();
            let d = defaults.motion[m.index()][i].nominal();
            let moment = matched_by(spec.key);
            if v == d && moment.is_empty() {
                continue;
            }
            let comment = if moment.is_empty() {
                String::new()
            } else {
                format!(
                    "  # {moment}: {}",
                    observed_simulated(notes.rows, m, moment)
                )
            };
            let _ = writeln!(t, "{} = {}{comment}", spec.key, num(v));
        }
        t.push('\n');
    }
    let mut section = "";
    for (i, spec) in GlobalParams::SPECS.iter().enumerate() {
        let v = s.params.global[i].nominal();
        if v == defaults.global[i].nominal() {
            continue;
        }
        let group = global_group(spec.key);
        if group != section {
            let _ = writeln!(t, "[{group}]");
            section = group;
        }
        let _ = writeln!(t, "{} = {}", spec.key, num(v));
    }
    if !section.is_empty() {
        t.push('\n');
    }
    t.push_str(&baseline_toml(s, base));
    if notes.example_variant {
        let _ = writeln!(
            t,
            "\n# An example change to compare: motion-matched steering with one hour of coaching per\n# rep and week.\n[[variants]]\nname = \"spm\"\nregime = \"balanced\"\ncoaching_hours = 1.0"
        );
    }
    t
}

/// The baseline variant, as fitted. Without a base: measured on the default scenario's
/// regime (revenue only) without coaching. With one: the base's own baseline as it stands in
/// its file (description, levers, `set`), its regime and coaching hours restated for the
/// export's teams (each team takes those of the base's first team of its motion), after the
/// base's `[regimes]` it may name.
fn baseline_toml(s: &Scenario, base: Option<&toml::Table>) -> String {
    let v = &s.variants[s.baseline_index()];
    let listed = base
        .and_then(|b| b.get("variants"))
        .and_then(toml::Value::as_array)
        .filter(|a| !a.is_empty());
    let Some(listed) = listed else {
        let regime = v
            .regimes
            .first()
            .map(|r| r.name.as_str())
            .filter(|r| BUILTIN_NAMES.contains(r))
            .unwrap_or("revenue_only");
        return format!(
            "# Today, as calibrated.\n[[variants]]\nname = \"baseline\"\nbaseline = true\nregime = \"{regime}\"\ncoaching_hours = {}\n",
            v.coaching_hours
        );
    };
    let mut root = toml::Table::new();
    if let Some(regimes) = base.and_then(|b| b.get("regimes")) {
        root.insert("regimes".into(), regimes.clone());
    }
    let at = listed
        .iter()
        .position(|x| x.get("baseline").and_then(toml::Value::as_bool) == Some(true))
        .unwrap_or(0);
    let mut table = listed[at].as_table().cloned().unwrap_or_default();
    table.insert("baseline".into(), toml::Value::Boolean(true));
    let mut by_motion = toml::Table::new();
    for (team, regime) in s.teams.iter().zip(&v.regimes) {
        by_motion
            .entry(team.motion.name())
            .or_insert_with(|| toml::Value::String(regime.name.clone()));
    }
    let mut names = by_motion.values();
    let first = names.next().cloned();
    let regime = match first {
        Some(one) if names.all(|n| *n == one) => one,
        _ => toml::Value::Table(by_motion),
    };
    table.insert("regime".into(), regime);
    table.insert("coaching_hours".into(), v.coaching_toml(&s.teams));
    root.insert(
        "variants".into(),
        toml::Value::Array(vec![toml::Value::Table(table)]),
    );
    format!(
        "# Today, as calibrated: the base scenario's baseline.\n{}",
        toml::to_string(&root).unwrap_or_default()
    )
}

/// One line per motion of observed moments, for the terminal.
pub fn describe(m: &MotionMoments) -> String {
    let pct = |x: Option<f64>| x.map_or("–".into(), |v| format!("{:.1} %", 100.0 * v));
    format!(
        "{}: {} owners, {} won / {} lost / {} open; {:.2} opportunities and {:.3} wins per active rep-week; win rate {}; median won value {}; median won cycle {} weeks{}",
        m.motion.name(),
        m.reps,
        m.counts[0],
        m.counts[1],
        m.counts[2],
        m.created_per_rep_week,
        m.won_per_rep_week,
        pct(m.win_rate),
        m.won_value
            .as_ref()
            .map_or("–".into(), |v| format!("{:.0}", v.median)),
        m.won_cycle
            .as_ref()
            .map_or("–".into(), |c| format!("{:.1}", c.quartiles[1])),
        m.too_few
            .as_ref()
            .map_or(String::new(), |s| format!(" ({s})")),
    )
}

/// Append the base scenario's carried parts to the calibrated `text` one at a time, keeping
/// each with which the whole file (with `tail`, the `[calibration]` section) still loads; a
/// part that does not is dropped and named. Returns the text and, when anything was carried
/// or dropped, the one line to print (`scalars` of `dropped` are top-level keys outside any
/// table, dropped before).
pub fn append_carried(
    mut text: String,
    carried: &[(String, String)],
    mut dropped: Vec<String>,
    scalars: usize,
    tail: &str,
    file: &str,
) -> (String, Option<String>) {
    for (name, piece) in carried {
        let candidate = format!("{text}\n{piece}");
        match crate::scenario::load_str(&format!("{candidate}\n\n{tail}"), file, "calibrated") {
            Ok(_) => text = candidate,
            Err(e) => dropped.push(format!("{name} ({e})")),
        }
    }
    if carried.is_empty() && dropped.is_empty() {
        return (text, None);
    }
    let kept = carried.len() + scalars - dropped.len();
    let note = format!(
        "from the base scenario: {kept} part(s) carried over verbatim{}",
        if dropped.is_empty() {
            String::new()
        } else {
            format!("; dropped: {}", dropped.join("; "))
        }
    );
    (text, Some(note))
}

/// The `[calibration]` section: what the export showed, per motion, in the terms of the
/// run's metrics (a figure from too few deals to fit is left out).
pub fn observed_section(
    path: &std::path::Path,
    export: &crate::crm::Export,
    obs: &crate::crm::moments::Moments,
) -> crate::scenario::load::Calibration {
    crate::scenario::load::Calibration {
        source: path.file_name().map_or_else(
            || path.display().to_string(),
            |f| f.to_string_lossy().into_owned(),
        ),
        export_date: export.export_date.to_string(),
        opportunities: obs
            .motions
            .iter()
            .map(|m| m.counts.iter().sum::<usize>() as u64)
            .sum(),
        weeks: Some(obs.weeks),
        motions: obs
            .motions
            .iter()
            .map(|m| {
                let closed = m.counts[0] + m.counts[1];
                let won = m.counts[0] >= crate::crm::moments::MIN_WON;
                let (per_rep_year, cycle) =
                    crate::crm::moments::steady_figures(export, obs, m.motion);
                crate::scenario::load::ObservedMotion {
                    motion: m.motion,
                    won_deals: m.counts[0] as u64,
                    closed_deals: closed as u64,
                    win_rate: m
                        .win_rate
                        .filter(|_| closed >= crate::crm::moments::MIN_CLOSED),
                    avg_won_deal: m.won_value.as_ref().filter(|_| won).map(|v| v.mean),
                    deals_won_per_rep_year: per_rep_year,
                    won_cycle_weeks: cycle.filter(|_| won),
                }
            })
            .collect(),
    }
}
