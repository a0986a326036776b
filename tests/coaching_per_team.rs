//! Coaching hours per team or per motion (docs/model.md section 6.1): every form of a variant's
//! `coaching_hours` resolves to the right hours per team, bad names and values are refused
//! with a located message, the manager-time check uses each team's own hours, sweeps can vary
//! one motion's hours, and the simulation charges each team for its own coaching.

mod common;

use std::fs;

use common::{spmsim, tempdir};
use spmsim::engine::{RunOptions, run};
use spmsim::scenario::{Scenario, load_str};

/// Two complex teams and one traditional team, each of 8 reps (a manager has 20 hours).
const TEAMS: &str = r#"
[run]
trials = 12
pilot_trials = 12
burn_in_weeks = 8
horizon_weeks = 26
seed = 5
[[teams]]
name = "Enterprise East"
motion = "complex"
reps = 8
[[teams]]
name = "Enterprise West"
motion = "complex"
reps = 8
[[teams]]
name = "Inside Sales"
motion = "traditional"
reps = 8
"#;

fn load(variant_lines: &str) -> Result<Scenario, String> {
    let text = format!("{TEAMS}[[variants]]\nname = \"v\"\nbaseline = true\n{variant_lines}\n");
    load_str(&text, "t.toml", "t").map_err(|e| e.to_string())
}

fn hours(s: &Scenario) -> Vec<f64> {
    (0..s.teams.len())
        .map(|i| s.variants[0].coaching_of(i))
        .collect()
}

#[test]
fn every_form_resolves_to_hours_per_team() {
    let one = load("coaching_hours = 1.5").unwrap();
    assert_eq!(hours(&one), [1.5, 1.5, 1.5]);
    assert!(!one.variants[0].coaching_varies());
    assert_eq!(one.variants[0].coaching_hours, 1.5);

    let by_motion = load("coaching_hours = { complex = 2.0, traditional = 0.5 }").unwrap();
    assert_eq!(hours(&by_motion), [2.0, 2.0, 0.5]);
    assert!(by_motion.variants[0].coaching_varies());
    // The one number is the average over reps (three teams of 8).
    assert!((by_motion.variants[0].coaching_hours - 4.5 / 3.0).abs() < 1e-12);

    // A team's own name wins over its motion, its motion over `default`.
    let by_team =
        load("coaching_hours = { \"Enterprise East\" = 3.0, complex = 1.0, default = 0.25 }")
            .unwrap();
    assert_eq!(hours(&by_team), [3.0, 1.0, 0.25]);

    // A team the table does not name, by name, motion or default, gets the built-in default.
    let partial = load("coaching_hours = { complex = 2.0 }").unwrap();
    assert_eq!(hours(&partial), [2.0, 2.0, 0.0]);

    // The same hours for every team are stored as one number.
    let same = load("coaching_hours = { complex = 1.0, traditional = 1.0 }").unwrap();
    assert!(!same.variants[0].coaching_varies());
    assert_eq!(same.variants[0].coaching_hours, 1.0);
}

#[test]
fn bad_names_and_values_are_located_with_suggestions() {
    let e = load("coaching_hours = { \"Enterprise Est\" = 2.0 }").unwrap_err();
    assert!(e.contains("unknown key `Enterprise Est`"), "{e}");
    assert!(e.contains("did you mean `Enterprise East`"), "{e}");
    assert!(e.contains("variants[0].coaching_hours"), "{e}");

    let e = load("coaching_hours = { complx = 2.0 }").unwrap_err();
    assert!(e.contains("did you mean `complex`"), "{e}");

    let e = load("coaching_hours = { traditional = -1.0 }").unwrap_err();
    assert!(e.contains("outside the valid range"), "{e}");
    assert!(e.contains("coaching_hours.traditional"), "{e}");

    let e = load("coaching_hours = \"lots\"").unwrap_err();
    assert!(e.contains("coaching_hours"), "{e}");
}

#[test]
fn a_motion_no_team_sells_is_a_warning() {
    let text = "[[teams]]\nname = \"a\"\nmotion = \"traditional\"\nreps = 4\n[[variants]]\nname = \"v\"\nbaseline = true\ncoaching_hours = { complex = 2.0, traditional = 1.0 }\n";
    let s = load_str(text, "t.toml", "t").unwrap();
    let w: Vec<String> = s.input_warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        w.iter().any(|w| w.contains("no team sells `complex`")),
        "{w:?}"
    );
}

#[test]
fn the_manager_budget_uses_each_teams_own_hours() {
    let fixed = "[economics]\nmanager_capacity = \"fixed\"\n";
    // 8 reps x 3 h = 24 h for West, over its manager's 20; East and Inside Sales fit.
    let text = format!(
        "{TEAMS}{fixed}[[variants]]\nname = \"v\"\nbaseline = true\ncoaching_hours = {{ \"Enterprise West\" = 3.0, default = 2.0 }}\n"
    );
    let e = load_str(&text, "t.toml", "t").unwrap_err().to_string();
    assert!(e.contains("team `Enterprise West` needs 24.00"), "{e}");
    assert!(!e.contains("team `Enterprise East`"), "{e}");
    assert!(!e.contains("team `Inside Sales`"), "{e}");
    // 2 h for everyone fits (16 h each).
    let ok = format!(
        "{TEAMS}{fixed}[[variants]]\nname = \"v\"\nbaseline = true\ncoaching_hours = {{ default = 2.0 }}\n"
    );
    load_str(&ok, "t.toml", "t").unwrap();
}

#[test]
fn a_sweep_can_vary_one_motions_hours() {
    let text = format!(
        "{TEAMS}[[variants]]\nname = \"v\"\nbaseline = true\ncoaching_hours = 0.5\n[sweep]\n[[sweep.parameters]]\npath = \"coaching_hours.complex\"\nvalues = [1.0, 2.0]\n"
    );
    let s = load_str(&text, "t.toml", "t").unwrap_or_else(|e| panic!("{e}"));
    let pts = &s.design.sweep.as_ref().unwrap().points;
    assert_eq!(pts.len(), 2);
    let v = &s.variants[pts[1].0];
    assert_eq!(
        (0..3).map(|i| v.coaching_of(i)).collect::<Vec<_>>(),
        [2.0, 2.0, 0.5]
    );
    // A motion nobody sells, or a misspelt one, is refused.
    let bad = "[[teams]]\nname = \"a\"\nmotion = \"traditional\"\nreps = 4\n[sweep]\n[[sweep.parameters]]\npath = \"coaching_hours.complex\"\nvalues = [1.0]\n";
    let e = load_str(bad, "t.toml", "t").unwrap_err().to_string();
    assert!(e.contains("no team sells `complex`"), "{e}");
    let typo = text.replace("coaching_hours.complex", "coaching_hours.complx");
    let e = load_str(&typo, "t.toml", "t").unwrap_err().to_string();
    assert!(e.contains("did you mean `complex`"), "{e}");
}

/// Each team pays for its own coaching and buys its own extra manager capacity.
#[test]
fn the_simulation_charges_each_team_its_own_coaching() {
    let text = format!(
        "{TEAMS}[[variants]]\nname = \"none\"\nbaseline = true\n\
         [[variants]]\nname = \"all\"\ncoaching_hours = 3.0\n\
         [[variants]]\nname = \"east\"\ncoaching_hours = {{ \"Enterprise East\" = 3.0 }}\n\
         [[variants]]\nname = \"east_and_light\"\ncoaching_hours = {{ \"Enterprise East\" = 3.0, default = 1.0 }}\n"
    );
    let s = load_str(&text, "t.toml", "t").unwrap_or_else(|e| panic!("{e}"));
    let summary = run(&s, 2, RunOptions::default()).expect("run");
    let metric = |v: &str, m: &str| summary.variant(v).unwrap().metrics.get(m).unwrap().mean;
    let filled = |v: &str, team: usize| summary.variant(v).unwrap().teams[team].filled_rep_weeks;
    assert_eq!(metric("none", "coaching_cost"), 0.0);
    // The programme costs the same per coached rep-week at 3 h, whoever is coached.
    let all_total: f64 = (0..3).map(|t| filled("all", t)).sum();
    let per_week_all = metric("all", "coaching_cost") / all_total;
    let per_week_east = metric("east", "coaching_cost") / filled("east", 0);
    assert!(per_week_all > 0.0);
    assert!(
        (per_week_east / per_week_all - 1.0).abs() < 1e-9,
        "{per_week_east} vs {per_week_all}"
    );
    // 3 h x 8 reps = 24 h is over a manager's 20: each team coached at 3 h buys extra capacity,
    // a team at 1 h (8 h) buys none.
    let extra = |v: &str| metric(v, "manager_cost") - metric("none", "manager_cost");
    assert!(extra("east") > 0.0);
    assert!((extra("all") / extra("east") - 3.0).abs() < 1e-9);
    assert!((extra("east_and_light") / extra("east") - 1.0).abs() < 1e-9);
    // The report's summary lists each team's hours where they differ, and only there.
    let by_team = &summary
        .variant("east_and_light")
        .unwrap()
        .coaching_hours_by_team;
    assert_eq!(
        by_team.0,
        [
            ("Enterprise East".to_string(), 3.0),
            ("Enterprise West".to_string(), 1.0),
            ("Inside Sales".to_string(), 1.0)
        ]
    );
    assert!(
        summary
            .variant("all")
            .unwrap()
            .coaching_hours_by_team
            .is_empty()
    );
}

#[test]
fn run_and_validate_say_they_ignore_an_optimise_section() {
    let dir = tempdir();
    let file = dir.path().join("o.toml");
    fs::write(
        &file,
        format!(
            "{TEAMS}[[variants]]\nname = \"v\"\nbaseline = true\n[optimise]\n[[optimise.variables]]\npath = \"coaching_hours.complex\"\n"
        ),
    )
    .unwrap();
    let out = spmsim()
        .args(["validate", file.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    // A note, not a warning: on stdout with the file's other figures.
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("note: the [optimise] section is used by `spmsim optimise`"),
        "{text}"
    );
    let out_dir = dir.path().join("out");
    let out = spmsim()
        .args([
            "run",
            file.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(
        err.matches("`spmsim run` ignores it").count(),
        1,
        "one line: {err}"
    );
}

#[test]
fn the_report_states_each_teams_coaching_in_english_and_swedish() {
    let dir = tempdir();
    let file = dir.path().join("c.toml");
    fs::write(
        &file,
        format!(
            "{TEAMS}[[variants]]\nname = \"base\"\nbaseline = true\n[[variants]]\nname = \"split\"\ncoaching_hours = {{ complex = 2.0, traditional = 0.5 }}\n"
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    spmsim()
        .args([
            "run",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ])
        .assert()
        .success();
    let summary = common::read_json(&out.join("summary.json"));
    assert_eq!(
        summary["variants"][1]["coaching_hours_by_team"]["Inside Sales"].as_f64(),
        Some(0.5)
    );
    assert!(
        summary["variants"][0]
            .get("coaching_hours_by_team")
            .is_none()
    );
    for (lang, words) in [
        (
            "en",
            "Coaching hours per rep and week by team: Enterprise East 2.0, Enterprise West 2.0, Inside Sales 0.5",
        ),
        (
            "sv",
            "Coachningstimmar per säljare och vecka per team: Enterprise East 2,0, Enterprise West 2,0, Inside Sales 0,5",
        ),
    ] {
        spmsim()
            .args(["report", out.to_str().unwrap(), "--lang", lang])
            .assert()
            .success();
        let html = fs::read_to_string(out.join("report.html")).unwrap();
        assert!(html.contains(words), "{lang}: `{words}` not in the report");
    }
}
