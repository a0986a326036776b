//! The headline and the best of many (docs/model.md section 1.1): the headline follows the
//! declared `[report] headline`, the default skips sweep points, the best of many is ranked
//! by operating profit and its figures equal a separate run of the pair on the derived seed;
//! and what a variant sets is listed, with a warning for assumptions.

mod common;

use std::fs;
use std::path::Path;

use common::{read_json, spmsim, stderr_of, tempdir};
use spmsim::lang::Lang;
use spmsim::results::Summary;

/// Run settings and one traditional team, small enough for a test.
const HEAD: &str = r#"
[run]
trials = 48
pilot_trials = 8
burn_in_weeks = 8
horizon_weeks = 26
seed = 11

[[teams]]
name = "t"
motion = "traditional"
reps = 4

[regimes.fixed]
weights = { revenue = 1 }
targets = { revenue = 300000 }

[regimes.fixed_deals]
weights = { revenue = 1, deals = 1 }
targets = { revenue = 300000, deals = 4 }
"#;

/// The variants of the best-of-many scenario, as (name, TOML body).
const VARIANTS: [(&str, &str); 4] = [
    ("base", "baseline = true\nregime = \"fixed\""),
    ("coach", "regime = \"fixed\"\ncoaching_hours = 1.5"),
    ("deals", "regime = \"fixed_deals\""),
    ("both", "regime = \"fixed_deals\"\ncoaching_hours = 1.5"),
];

fn variants_text(names: &[&str]) -> String {
    VARIANTS
        .iter()
        .filter(|(n, _)| names.contains(n))
        .map(|(n, body)| format!("\n[[variants]]\nname = \"{n}\"\n{body}\n"))
        .collect()
}

/// `spmsim run` of `text` (written as `dir/NAME.toml`) into `dir/NAME`; the summary.
fn run(dir: &Path, name: &str, text: &str) -> (serde_json::Value, String) {
    let file = dir.join(format!("{name}.toml"));
    fs::write(&file, text).expect("the scenario can be written");
    let out = dir.join(name);
    let assert = spmsim()
        .arg("run")
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .args(["--no-plots", "--quiet", "--threads", "2"])
        .assert()
        .success();
    (read_json(&out.join("summary.json")), stderr_of(&assert))
}

fn summary(v: &serde_json::Value) -> Summary {
    serde_json::from_value(v.clone()).expect("summary.json reads back")
}

#[test]
fn the_headline_is_the_declared_variant() {
    let dir = tempdir();
    let all = ["base", "coach", "deals", "both"];
    let text = format!(
        "{HEAD}{}\n[report]\nheadline = \"deals\"\n",
        variants_text(&all)
    );
    let (json, _) = run(dir.path(), "declared", &text);
    assert_eq!(json["headline"], "deals");
    let s = summary(&json);
    let h = spmsim::report::headline::choose(&s).expect("a headline");
    assert_eq!(h.variant.name, "deals");
    // Without the declaration the headline is the first variant other than the baseline.
    let (json, _) = run(
        dir.path(),
        "undeclared",
        &format!("{HEAD}{}", variants_text(&all)),
    );
    assert_eq!(json["headline"], "coach");
}

#[test]
fn the_default_headline_skips_sweep_points() {
    let dir = tempdir();
    // `mild` barely changes anything; the sweep points coach for hours.
    let text = format!(
        "{HEAD}{}\n[[variants]]\nname = \"mild\"\nregime = \"fixed\"\ncoaching_hours = 0.05\n\n\
         [sweep]\nbase = \"mild\"\n[[sweep.parameters]]\npath = \"coaching_hours\"\nvalues = [1.0, 2.0, 3.0]\n",
        variants_text(&["base"])
    );
    let (json, _) = run(dir.path(), "sweep", &text);
    let s = summary(&json);
    let revenue = |name: &str| {
        s.variant(name)
            .unwrap()
            .vs_baseline
            .get("revenue_pct")
            .unwrap()
            .mean
    };
    let points: Vec<&str> = s
        .sweep
        .as_ref()
        .unwrap()
        .points
        .iter()
        .map(|p| p.variant.as_str())
        .collect();
    assert!(
        points.iter().any(|p| revenue(p) > revenue("mild")),
        "the test needs a sweep point that beats `mild`"
    );
    assert_eq!(s.headline.as_deref(), Some("mild"));
    let h = spmsim::report::headline::choose(&s).expect("a headline");
    assert_eq!(h.variant.name, "mild");
    // The best of many is among all four candidates, sweep points included.
    assert_eq!(json["best_of_many"]["candidates"], 4);

    // Only sweep points: no default headline.
    let text = format!(
        "{HEAD}{}\n[sweep]\n[[sweep.parameters]]\npath = \"coaching_hours\"\nvalues = [1.0, 2.0]\n",
        variants_text(&["base"])
    );
    let (json, _) = run(dir.path(), "points", &text);
    assert!(json.get("headline").is_none(), "{}", json["headline"]);
    assert!(spmsim::report::headline::choose(&summary(&json)).is_none());
}

#[test]
fn the_best_of_many_is_ranked_by_profit_and_confirmed_by_a_separate_run() {
    let dir = tempdir();
    let all = ["base", "coach", "deals", "both"];
    let (json, _) = run(
        dir.path(),
        "many",
        &format!("{HEAD}{}", variants_text(&all)),
    );
    let s = summary(&json);
    let best = s.best_of_many.as_ref().expect("a best of many");
    assert_eq!(best.candidates, 3);
    assert_eq!(best.ranked_by, "operating_profit");
    // Ranked by the in-sample operating profit change.
    let profit = |name: &str| {
        s.variant(name)
            .unwrap()
            .vs_baseline
            .get("operating_profit")
            .unwrap()
            .mean
    };
    for other in ["coach", "deals", "both"] {
        assert!(
            profit(&best.variant) >= profit(other),
            "{other} beats {}",
            best.variant
        );
    }
    assert_eq!(
        serde_json::to_value(&best.in_sample).unwrap(),
        json["variants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["name"] == best.variant.as_str())
            .unwrap()["vs_baseline"]
    );
    let c = best.confirmed.as_ref().expect("confirmed");
    assert_eq!(c.trials, s.trials);
    assert_ne!(c.seed, s.seed);
    assert_eq!(c.seed, spmsim::engine::confirm::confirm_seed(s.seed));

    // A separate run of the pair on the derived seed gives the same figures (the regimes
    // have absolute targets, so the pilot's targets play no part).
    let pair = format!(
        "{}{}",
        HEAD.replace("seed = 11", &format!("seed = {}", c.seed)),
        variants_text(&["base", &best.variant])
    );
    let (pair_json, _) = run(dir.path(), "pair", &pair);
    assert_eq!(
        serde_json::to_value(&c.vs_baseline).unwrap(),
        pair_json["variants"][1]["vs_baseline"]
    );
    // Fresh trials: the confirmed figures are not the in-sample ones.
    assert_ne!(
        c.vs_baseline.get("operating_profit").unwrap().mean,
        best.in_sample.get("operating_profit").unwrap().mean
    );
    // The report labels the figure as a confirmed best of many.
    let text = spmsim::report::headline::best_of_many(&s, spmsim::lang::Lang::En).unwrap();
    assert!(
        text.starts_with(&format!(
            "Best of 3 variants by operating profit, confirmed on {} fresh sampled worlds: {}.",
            c.trials, best.variant
        )),
        "{text}"
    );
    let sv = spmsim::report::headline::best_of_many(&s, spmsim::lang::Lang::Sv).unwrap();
    assert!(
        sv.starts_with("Bäst av 3 varianter räknat på rörelseresultat, bekräftad i"),
        "{sv}"
    );

    // One variant besides the baseline: no best of many.
    let (json, _) = run(
        dir.path(),
        "one",
        &format!("{HEAD}{}", variants_text(&["base", "coach"])),
    );
    assert!(json.get("best_of_many").is_none());
}

#[test]
fn overrides_are_listed_and_assumptions_warned_about() {
    let dir = tempdir();
    let text = format!(
        "{HEAD}{}\n[[variants]]\nname = \"rigged\"\nregime = \"fixed\"\ncoaching_hours = 1.0\n\
         set = {{ \"traditional.win_base\" = 0.35, \"routing.route_cap\" = 6 }}\n\n\
         [sweep]\nbase = \"base\"\n[[sweep.parameters]]\npath = \"traditional.value_median\"\nvalues = [50000, 70000, 90000]\n",
        variants_text(&["base"])
    );
    let file = dir.path().join("rigged.toml");
    fs::write(&file, &text).unwrap();
    let validate = spmsim().arg("validate").arg(&file).assert().success();
    let warnings = stderr_of(&validate);
    let lines: Vec<&str> = warnings.lines().collect();
    assert_eq!(lines.len(), 2, "{warnings}");
    assert!(
        lines[0].contains("warning: variant `rigged` sets `traditional.win_base`")
            && lines[0].contains("assumed, not simulated"),
        "{warnings}"
    );
    // Once for the swept parameter, not once per point; none for the routing decision.
    assert!(
        lines[1].contains("3 sweep points set `traditional.value_median`"),
        "{warnings}"
    );
    assert!(!warnings.contains("route_cap"), "{warnings}");

    let (json, stderr) = run(dir.path(), "rigged", &text);
    assert_eq!(
        stderr.matches("assumed, not simulated").count(),
        2,
        "{stderr}"
    );
    let rigged = json["variants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "rigged")
        .unwrap();
    assert_eq!(
        rigged["overrides"],
        serde_json::json!([
            {"key": "traditional.win_base", "value": 0.35, "kind": "assumption"},
            {"key": "routing.route_cap", "value": 6.0, "kind": "decision"}
        ])
    );
    assert_eq!(json["variants"][0]["overrides"], serde_json::json!([]));
    assert_eq!(
        json["variants"][2]["overrides"],
        serde_json::json!([{"key": "traditional.value_median", "value": 50000.0, "kind": "assumption"}])
    );

    // The report lists them by their labels (never the raw key) and warns, in both languages.
    let label = |path: &str, lang: Lang| {
        let l = spmsim::lang::labels::param(path, lang).expect("a label");
        assert_ne!(l, path);
        l
    };
    let out = dir.path().join("rigged");
    for (lang, listed, warned) in [
        (
            "en",
            format!(
                "What this variant assumes: {} = 0.35 (assumption); {} = 6 (decision).",
                label("traditional.win_base", Lang::En),
                label("routing.route_cap", Lang::En)
            ),
            format!(
                "Warning: {} is set by 3 sweep points.",
                label("traditional.value_median", Lang::En)
            ),
        ),
        (
            "sv",
            format!(
                "Vad varianten antar: {} = 0,35 (antagande); {} = 6 (beslut).",
                label("traditional.win_base", Lang::Sv),
                label("routing.route_cap", Lang::Sv)
            ),
            format!(
                "Varning: {} sätts av 3 svepningspunkter.",
                label("traditional.value_median", Lang::Sv)
            ),
        ),
    ] {
        spmsim()
            .arg("report")
            .arg(&out)
            .args(["--lang", lang])
            .assert()
            .success();
        let html = fs::read_to_string(out.join("report.html")).unwrap();
        assert!(html.contains(&listed), "{lang}: {listed}");
        assert!(html.contains(&warned), "{lang}: {warned}");
        assert!(
            html.contains(&format!(
                "{} is set by rigged",
                label("traditional.win_base", Lang::En)
            )) || lang == "sv"
        );
    }
}

#[test]
fn merged_shards_confirm_the_best_of_many_like_a_single_run() {
    let dir = tempdir();
    let file = dir.path().join("many.toml");
    let all = ["base", "coach", "deals", "both"];
    fs::write(&file, format!("{HEAD}{}", variants_text(&all))).unwrap();
    let shards: Vec<_> = (1..=2)
        .map(|k| dir.path().join(format!("shard-{k}")))
        .collect();
    for (k, d) in shards.iter().enumerate() {
        spmsim()
            .arg("run")
            .arg(&file)
            .args(["--shard", &format!("{}/2", k + 1), "--quiet", "--out"])
            .arg(d)
            .assert()
            .success();
    }
    let merged = dir.path().join("merged");
    spmsim()
        .arg("merge")
        .args(&shards)
        .args(["--quiet", "--no-plots", "--out"])
        .arg(&merged)
        .assert()
        .success();
    let (single, _) = run(dir.path(), "many", &fs::read_to_string(&file).unwrap());
    let merged = read_json(&merged.join("summary.json"));
    assert!(merged["best_of_many"]["confirmed"]["trials"].as_u64() > Some(0));
    assert_eq!(merged["best_of_many"], single["best_of_many"]);
    assert_eq!(merged, single);
}
