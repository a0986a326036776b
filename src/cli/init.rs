//! `spmsim init`: write a starter scenario for the user's own organisation. It asks (on a
//! terminal) or takes as flags (in scripts) the experiment's name, the teams with their motion
//! and reps, the currency and the average deal value of each motion, and writes a commented
//! file with the keys a first-time user needs (deal value, pay, costs) and two variants to
//! compare. Every default it writes comes from the key registry.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use super::args::InitArgs;
use super::error::CliError;
use super::output::print_stdout;
use crate::scenario::registry::{self, KeyDef};
use crate::scenario::{self, Motion};

/// A team of the starter.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamSpec {
    /// Unique name.
    pub name: String,
    /// Selling motion.
    pub motion: Motion,
    /// Rep seats.
    pub reps: u32,
}

/// `--team NAME=MOTION:REPS`, e.g. `inside=traditional:12`.
pub fn parse_team(s: &str) -> Result<TeamSpec, String> {
    let err = || format!("expected NAME=MOTION:REPS, e.g. inside=traditional:12, got `{s}`");
    let (name, rest) = s.split_once('=').ok_or_else(err)?;
    let (motion, reps) = rest.split_once(':').ok_or_else(err)?;
    let name = name.trim();
    if name.is_empty() || name.contains(['"', '\\', '\n']) {
        return Err(format!("`{name}` is not a usable team name"));
    }
    Ok(TeamSpec {
        name: name.to_string(),
        motion: parse_motion(motion)?,
        reps: parse_reps(reps)?,
    })
}

fn parse_motion(s: &str) -> Result<Motion, String> {
    let s = s.trim().to_lowercase();
    Motion::ALL
        .into_iter()
        .find(|m| m.name() == s || m.name().starts_with(&s) && !s.is_empty())
        .ok_or_else(|| format!("the motion is `traditional` or `complex`, got `{s}`"))
}

fn parse_reps(s: &str) -> Result<u32, String> {
    let team = registry::TEAMS.iter().find(|k| k.key == "reps");
    let (lo, hi) = team.map_or((1, 100_000), |k| k.whole_range());
    match s.trim().parse::<i64>() {
        Ok(n) if (lo..=hi).contains(&n) => Ok(n as u32),
        _ => Err(format!(
            "reps must be a whole number from {lo} to {hi}, got `{}`",
            s.trim()
        )),
    }
}

/// `--deal-value MOTION=AMOUNT`: the average deal value of a motion.
pub fn parse_deal_value(s: &str) -> Result<(Motion, f64), String> {
    let (motion, value) = s
        .split_once('=')
        .ok_or_else(|| format!("expected MOTION=AMOUNT, e.g. traditional=80000, got `{s}`"))?;
    Ok((parse_motion(motion)?, parse_amount(value)?))
}

/// An amount as people type it: `80000`, `80 000`, `80_000`.
fn parse_amount(s: &str) -> Result<f64, String> {
    let clean: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '\u{a0}'))
        .collect();
    match clean.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!(
            "`{}` is not a positive amount; write it without separators, e.g. 80000",
            s.trim()
        )),
    }
}

/// What the starter is made of.
#[derive(Clone, Debug, PartialEq)]
pub struct Starter {
    /// Experiment name.
    pub name: String,
    /// One-line description.
    pub description: String,
    /// Teams.
    pub teams: Vec<TeamSpec>,
    /// Currency label.
    pub currency: String,
    /// Average deal value by motion (None: the default).
    pub deal_value: [Option<f64>; 2],
}

fn motion_key(key: &str) -> &'static KeyDef {
    registry::all()
        .find(|k| k.section == "motion" && k.key == key)
        .unwrap_or_else(|| panic!("registry row motion.{key}"))
}

fn key(section: &str, key: &str) -> &'static KeyDef {
    registry::all()
        .find(|k| k.section == section && k.key == key)
        .unwrap_or_else(|| panic!("registry row {section}.{key}"))
}

/// A number as a scenario file shows it: whole numbers without a decimal point.
fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The median list value of a lead whose mean is `mean`, for the motion's value spread
/// (a lognormal's mean is its median times exp(sigma² / 2)).
pub fn median_for_mean(mean: f64, motion: Motion) -> f64 {
    let sigma = motion_key("value_sigma").default[motion.index()];
    (mean / (sigma * sigma / 2.0).exp()).round()
}

impl Starter {
    /// The defaults: the default organisation's teams.
    pub fn defaults(stem: &str) -> Starter {
        Starter {
            name: stem.to_string(),
            description: String::new(),
            teams: Vec::new(),
            currency: key("run", "currency").default_text.to_string(),
            deal_value: [None, None],
        }
    }

    fn teams_or_default(&self) -> Vec<TeamSpec> {
        if self.teams.is_empty() {
            registry::DEFAULT_TEAMS
                .iter()
                .map(|(name, motion, reps)| TeamSpec {
                    name: name.to_string(),
                    motion: *motion,
                    reps: *reps,
                })
                .collect()
        } else {
            self.teams.clone()
        }
    }

    /// The scenario text: commented, with the keys a first-time user sets.
    pub fn render(&self) -> String {
        let teams = self.teams_or_default();
        let reps: u32 = teams.iter().map(|t| t.reps).sum();
        let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
        let mut out = String::new();
        let w = &mut out;
        let mut line = |s: String| {
            w.push_str(&s);
            w.push('\n');
        };
        line(format!(
            "# {}: a starter scenario written by `spmsim init`.",
            self.name
        ));
        line("#".into());
        line("# Edit the numbers marked CHECK so that the baseline looks like your company, then run".into());
        line(
            "# it with `spmsim run` and read the report. Every key not written here takes the"
                .into(),
        );
        line(
            "# documented default: `spmsim reference` lists them all, with units and valid ranges."
                .into(),
        );
        line(String::new());
        line("[experiment]".into());
        line(format!("name = \"{}\"", quote(&self.name)));
        let description = if self.description.is_empty() {
            "Revenue-only steering today vs steering on what produces results, with coaching"
                .to_string()
        } else {
            self.description.clone()
        };
        line(format!("description = \"{}\"", quote(&description)));
        line(String::new());
        line("[run]".into());
        line(
            "trials = 400          # sampled worlds; every variant runs on the same worlds".into(),
        );
        line(format!(
            "seed = {}",
            crate::rng::hash_str(&self.name) % 1_000_000_000
        ));
        line(format!("currency = \"{}\"", quote(&self.currency)));
        line("horizon_weeks = 52    # one year after the change".into());
        line("period_weeks = 13     # quarterly targets and pay".into());
        for t in &teams {
            line(String::new());
            line("[[teams]]".into());
            line(format!("name = \"{}\"", quote(&t.name)));
            line(format!("motion = \"{}\"", t.motion.name()));
            line(format!("reps = {}", t.reps));
        }
        for m in Motion::ALL {
            if !teams.iter().any(|t| t.motion == m) {
                continue;
            }
            let i = m.index();
            line(String::new());
            line(format!("[{}]", m.name()));
            let sigma = motion_key("value_sigma").default[i];
            let (median, note) = match self.deal_value[i] {
                Some(mean) => (
                    median_for_mean(mean, m),
                    format!(
                        "# from your average deal value of {} {}: median = mean / exp(value_sigma² / 2)",
                        num(mean),
                        self.currency
                    ),
                ),
                None => (
                    motion_key("value_median").default[i],
                    "# CHECK: the default; `spmsim init --deal-value` converts your average deal"
                        .into(),
                ),
            };
            line(note);
            line(format!(
                "value_median = {}   # median list value of a lead, {}",
                num(median),
                self.currency
            ));
            line(format!(
                "value_sigma = {}       # spread of deal values (log scale)",
                num(sigma)
            ));
            line(format!(
                "base_pay_per_year = {}   # CHECK: fully loaded base pay per rep and year",
                num(motion_key("base_pay_per_year").default[i])
            ));
            line(format!(
                "# inbound_leads_per_week = {}   # leads per rep and week from marketing",
                num(motion_key("inbound_leads_per_week").default[i])
            ));
        }
        line(String::new());
        line("[economics]".into());
        line(format!(
            "manager_cost_per_year = {}   # CHECK: fully loaded cost of one manager",
            num(key("economics", "manager_cost_per_year").default[0])
        ));
        let overhead = key("economics", "overhead_per_rep_year").default[0];
        line(format!(
            "overhead_per_rep_year = {}   # CHECK: fixed costs of the sales unit per rep seat ({} for {reps} reps)",
            num(overhead.round()),
            num((overhead * f64::from(reps)).round())
        ));
        line(String::new());
        line("[people]".into());
        line(format!(
            "# attrition_per_year = {}   # share of reps who leave in a year",
            num(key("people", "attrition_per_year").default[0])
        ));
        line(format!(
            "# hiring_cost = {}   # cost of one hire",
            num(key("people", "hiring_cost").default[0])
        ));
        line(String::new());
        line("# Today: reps are measured and paid on revenue only, managers do not coach.".into());
        line("[[variants]]".into());
        line("name = \"baseline\"".into());
        line("baseline = true".into());
        line("regime = \"revenue_only\"".into());
        line("coaching_hours = 0".into());
        line(String::new());
        line(
            "# The proposal: steer each team on what produces results in its kind of selling,"
                .into(),
        );
        line("# with one hour of coaching per rep and week.".into());
        line("[[variants]]".into());
        line("name = \"proposal\"".into());
        line("regime = \"balanced\"".into());
        line("coaching_hours = 1.0".into());
        out
    }
}

/// Ask one question; an empty answer (or the end of the input) keeps `default`.
fn prompt(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    question: &str,
    default: &str,
) -> std::io::Result<String> {
    if default.is_empty() {
        write!(output, "{question}: ")?;
    } else {
        write!(output, "{question} [{default}]: ")?;
    }
    output.flush()?;
    let mut answer = String::new();
    if input.read_line(&mut answer)? == 0 {
        return Ok(default.to_string());
    }
    let answer = answer.trim();
    Ok(if answer.is_empty() {
        default.to_string()
    } else {
        answer.to_string()
    })
}

/// Ask for what the flags left open, on `output`, reading answers from `input`. An empty
/// answer keeps the default shown in brackets.
pub fn ask(
    starter: &mut Starter,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> std::io::Result<()> {
    let mut read = |question: &str, default: &str, output: &mut dyn Write| {
        prompt(input, output, question, default)
    };
    starter.name = read("Name of the experiment", &starter.name, output)?;
    starter.description = read(
        "What is the question (one line)",
        &starter.description,
        output,
    )?;
    if starter.teams.is_empty() {
        loop {
            let n = starter.teams.len() + 1;
            let name = read(&format!("Team {n} name (empty when done)"), "", output)?;
            if name.is_empty() {
                break;
            }
            let motion = loop {
                let a = read(
                    "  motion: traditional (short cycle) or complex (tailored, long cycle)",
                    "traditional",
                    output,
                )?;
                match parse_motion(&a) {
                    Ok(m) => break m,
                    Err(e) => writeln!(output, "  {e}")?,
                }
            };
            let reps = loop {
                let a = read("  reps", "8", output)?;
                match parse_reps(&a) {
                    Ok(r) => break r,
                    Err(e) => writeln!(output, "  {e}")?,
                }
            };
            starter.teams.push(TeamSpec { name, motion, reps });
        }
    }
    starter.currency = read("Currency", &starter.currency, output)?;
    let teams = starter.teams_or_default();
    for m in Motion::ALL {
        if starter.deal_value[m.index()].is_some() || !teams.iter().any(|t| t.motion == m) {
            continue;
        }
        loop {
            let a = read(
                &format!(
                    "Average deal value, {} teams (empty: the default)",
                    m.name()
                ),
                "",
                output,
            )?;
            if a.is_empty() {
                break;
            }
            match parse_amount(&a) {
                Ok(v) => {
                    starter.deal_value[m.index()] = Some(v);
                    break;
                }
                Err(e) => writeln!(output, "  {e}")?,
            }
        }
    }
    Ok(())
}

/// Write the starter scenario to `args.path`, keeping an existing file unless `--force`.
pub(super) fn init(args: &InitArgs) -> Result<(), CliError> {
    let path: &Path = &args.path;
    if path.exists() && !args.force {
        return Err(CliError::Output {
            path: path.to_path_buf(),
            message: "already exists (use --force to overwrite)".into(),
        });
    }
    let stem = path
        .file_stem()
        .map_or("scenario".to_string(), |s| s.to_string_lossy().into_owned());
    let mut starter = Starter::defaults(&stem);
    if let Some(name) = &args.name {
        starter.name = name.clone();
    }
    if let Some(d) = &args.description {
        starter.description = d.clone();
    }
    starter.teams = args.team.clone();
    if let Some(c) = &args.currency {
        starter.currency = c.clone();
    }
    for (m, v) in &args.deal_value {
        starter.deal_value[m.index()] = Some(*v);
    }
    let mut names: Vec<&str> = starter.teams.iter().map(|t| t.name.as_str()).collect();
    names.sort_unstable();
    if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
        return Err(CliError::Flag(format!(
            "--team: the name `{}` is used twice",
            w[0]
        )));
    }
    if !args.no_input && std::io::stdin().is_terminal() {
        let stdin = std::io::stdin();
        ask(&mut starter, &mut stdin.lock(), &mut std::io::stderr())
            .map_err(|e| CliError::Internal(e.into()))?;
    }
    let text = starter.render();
    // The starter must load: a failure here is a bug, not the user's input.
    scenario::load_str(&text, &path.display().to_string(), &stem)
        .map_err(|e| CliError::Internal(anyhow::anyhow!("the starter does not load: {e:?}")))?;
    std::fs::write(path, &text).map_err(|e| CliError::Output {
        path: path.to_path_buf(),
        message: format!("cannot write: {e}"),
    })?;
    print_stdout(&format!(
        "wrote {}; run it with: spmsim run {}\n",
        path.display(),
        path.display()
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_parse_with_clear_errors() {
        assert_eq!(
            parse_team("inside=traditional:12"),
            Ok(TeamSpec {
                name: "inside".into(),
                motion: Motion::Traditional,
                reps: 12
            })
        );
        assert_eq!(parse_team("ent=complex:6").unwrap().motion, Motion::Complex);
        assert!(
            parse_team("inside")
                .unwrap_err()
                .contains("NAME=MOTION:REPS")
        );
        assert!(
            parse_team("x=enterprise:3")
                .unwrap_err()
                .contains("traditional` or `complex")
        );
        assert!(
            parse_team("x=complex:0")
                .unwrap_err()
                .contains("whole number from 1")
        );
        assert_eq!(
            parse_deal_value("traditional=80 000"),
            Ok((Motion::Traditional, 80_000.0))
        );
        assert!(
            parse_deal_value("complex=-5")
                .unwrap_err()
                .contains("positive amount")
        );
        assert!(parse_deal_value("complex=1,5").is_err());
    }

    #[test]
    fn the_median_gives_the_asked_mean() {
        for m in Motion::ALL {
            let median = median_for_mean(80_000.0, m);
            let sigma = motion_key("value_sigma").default[m.index()];
            let mean = median * (sigma * sigma / 2.0).exp();
            assert!((mean - 80_000.0).abs() < 1.0, "{m:?}: {mean}");
            assert!(median < 80_000.0);
        }
    }

    #[test]
    fn answers_fill_what_flags_left_open() {
        let mut s = Starter::defaults("acme");
        let answers = "Acme 2027\nCoach or not\ninside\ntrad\n12\nenterprise\ncomplex\nx\n6\n\nEUR\n50 000\n\n";
        let mut out = Vec::new();
        ask(&mut s, &mut answers.as_bytes(), &mut out).unwrap();
        let prompts = String::from_utf8(out).unwrap();
        assert_eq!(s.name, "Acme 2027");
        assert_eq!(s.description, "Coach or not");
        assert_eq!(s.teams.len(), 2);
        assert_eq!(
            s.teams[1],
            TeamSpec {
                name: "enterprise".into(),
                motion: Motion::Complex,
                reps: 6
            }
        );
        assert!(prompts.contains("reps must be a whole number"), "{prompts}");
        assert_eq!(s.currency, "EUR");
        assert_eq!(s.deal_value, [Some(50_000.0), None]);
        assert!(
            prompts.contains("Name of the experiment [acme]"),
            "{prompts}"
        );
    }

    #[test]
    fn the_starter_loads_and_says_what_was_asked() {
        let mut s = Starter::defaults("acme");
        s.name = "Acme \"2027\"".into();
        s.teams = vec![parse_team("inside=traditional:12").unwrap()];
        s.currency = "EUR".into();
        s.deal_value = [Some(50_000.0), None];
        let text = s.render();
        let sc = scenario::load_str(&text, "acme.toml", "acme").unwrap();
        assert_eq!(sc.experiment.name, "Acme \"2027\"");
        assert_eq!(sc.run.currency, "EUR");
        assert_eq!(sc.teams.len(), 1);
        assert_eq!(sc.total_reps(), 12);
        assert_eq!(sc.variants.len(), 2);
        assert!(text.contains(&format!(
            "value_median = {}",
            num(median_for_mean(50_000.0, Motion::Traditional))
        )));
        assert!(
            !text.contains("[complex]"),
            "no section for a motion without teams"
        );
        // The defaults load too.
        let d = Starter::defaults("x").render();
        assert_eq!(
            scenario::load_str(&d, "x.toml", "x").unwrap().total_reps(),
            14
        );
    }
}
