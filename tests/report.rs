//! The report: one self-contained, well-formed page in English and Swedish that holds the
//! headline sentence, the summary's numbers formatted per language, the charts, the
//! scenario's settings and a reproducibility block; text from the summary is escaped.

use std::path::Path;
use std::sync::OnceLock;

use spmsim::lang::Lang;
use spmsim::report;
use spmsim::results::Summary;

/// A tiny experiment: 16 trials, 26 counted weeks, a baseline and two changes.
const TINY: &str = r#"# A tiny experiment for the report tests.
# This comment line must not reach the report.
[experiment]
name = "tiny"
description = "Tiny experiment for the report tests: <steering> & coaching"

[run]
trials = 16
pilot_trials = 8
burn_in_weeks = 13
horizon_weeks = 26
seed = 11              # fixed: the tests read its figures

[[teams]]
name = "traditional"
motion = "traditional"
reps = 4

[[teams]]
name = "complex"
motion = "complex"
reps = 3

[[variants]]
name = "base"
baseline = true
regime = "revenue_only"

[[variants]]
name = "spm"
regime = "balanced"
coaching_hours = 1.0
levers = { winloss = 1.0 }

[[variants]]
name = "stretch"
description = "target #2 of the plan" # a hash inside a string is text
regime = "revenue_stretch"
"#;

fn tiny() -> &'static Summary {
    static SUMMARY: OnceLock<Summary> = OnceLock::new();
    SUMMARY.get_or_init(|| {
        let scenario = spmsim::scenario::load_str(TINY, "tiny.toml", "tiny").expect("valid");
        spmsim::engine::run(&scenario, 2, Default::default()).expect("the run succeeds")
    })
}

/// A result directory like `spmsim run` leaves: summary, manifest naming the scenario file
/// (written beside it), optionally without the manifest.
fn result_dir(summary: &Summary, manifest: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let bytes = spmsim::export::summary_json(summary).expect("serialises");
    std::fs::write(dir.path().join("summary.json"), bytes).expect("written");
    if manifest {
        let scenario = dir.path().join("tiny scenario.toml");
        std::fs::write(&scenario, TINY).unwrap();
        let m = serde_json::json!({
            "schema": "spmsim.manifest/1",
            "spmsim_version": summary.spmsim_version,
            "scenario": scenario.display().to_string(),
            "scenario_sha256": summary.scenario_sha256,
            "seed": summary.seed,
            "trials": summary.trials,
            "threads": 2,
            "command": ["spmsim", "run", scenario.display().to_string(), "--out", "results/tiny"],
            "complete": true
        });
        std::fs::write(
            dir.path().join("manifest.json"),
            serde_json::to_vec_pretty(&m).unwrap(),
        )
        .unwrap();
    }
    dir
}

/// Parse the page as XML (it is written XHTML-compatible) and check that it refers to
/// nothing outside itself. Returns the text content.
fn check_page(html: &str) -> String {
    assert!(html.starts_with("<!DOCTYPE html>"));
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(html, opts)
        .unwrap_or_else(|e| panic!("the report is not well-formed: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "html");
    let mut text = String::new();
    let mut svgs = 0;
    for n in root.descendants() {
        if n.is_text() {
            text.push_str(n.text().unwrap_or_default());
            continue;
        }
        if !n.is_element() {
            continue;
        }
        let tag = n.tag_name().name();
        assert!(
            !matches!(
                tag,
                "script" | "link" | "iframe" | "object" | "embed" | "img"
            ),
            "<{tag}> in the report"
        );
        svgs += (tag == "svg") as usize;
        for a in n.attributes() {
            let (name, value) = (a.name(), a.value());
            if name == "href" {
                assert!(value.starts_with('#'), "external href {value}");
            }
            assert!(
                !matches!(name, "src" | "srcset" | "action" | "xlink:href"),
                "{name}={value}"
            );
            assert!(
                !name.starts_with("on"),
                "event handler {name} in the report"
            );
        }
        // A namespace is not a reference; nothing else may name a URL.
        for a in n.attributes().filter(|a| a.name() != "xmlns") {
            assert!(!a.value().contains("://"), "{}={}", a.name(), a.value());
        }
    }
    assert!(svgs >= 6, "only {svgs} inline charts");
    let style: String = root
        .descendants()
        .filter(|n| n.tag_name().name() == "style")
        .filter_map(|n| n.text())
        .collect();
    assert!(style.contains("@media print"), "a print stylesheet");
    assert!(!style.contains("url(") && !style.contains("@import"));
    text
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("the report is readable")
}

#[test]
fn english_report_is_self_contained_and_holds_the_answer() {
    let summary = tiny();
    let dir = result_dir(summary, true);
    let path = report::write_report(dir.path(), Lang::En).expect("the report is written");
    assert_eq!(path, dir.path().join("report.html"));
    let html = read(&path);
    let text = check_page(&html);

    // The headline sentence, as the library phrases it, for the best variant by revenue.
    let h = report::headline::choose(summary).expect("a variant to compare");
    let sentence = report::headline::sentence(&h, Lang::En);
    assert!(text.contains(&sentence), "headline missing:\n{sentence}");
    let rev = h.revenue.mean;
    let expected = format!("{:.1}\u{a0}%", rev.abs());
    assert!(sentence.contains(&expected), "{sentence} lacks {expected}");
    assert!(sentence.contains("95\u{a0}% interval"));
    assert!(sentence.contains("of sampled worlds"));

    // The numbers of the summary, formatted for reading.
    for v in &summary.variants {
        let revenue = v.metrics.get("revenue").unwrap().mean;
        let money = Lang::En.money(revenue, "SEK");
        assert!(text.contains(&money), "{} revenue {money} missing", v.name);
        if let Some(d) = v.vs_baseline.get("revenue_pct") {
            let change = Lang::En.numbers().percent_change(d.mean, 1);
            assert!(text.contains(&change), "{}: {change} missing", v.name);
        }
    }
    for section in [
        "The question",
        "The answer",
        "Charts",
        "Tables",
        "Assumptions",
        "What you would need to believe",
        "Reproduce",
    ] {
        assert!(text.contains(section), "section {section} missing");
    }

    // Assumptions: the scenario's settings without comments, and each variant's changes.
    assert!(text.contains("coaching_hours = 1.0"));
    assert!(text.contains("levers = { winloss = 1.0 }"));
    assert!(!text.contains("must not reach the report"));
    assert!(text.contains("win-loss analysis 1.00"));
    assert!(text.contains("1\u{a0}hour of coaching per rep and week"));
    // End-of-line comments go too, but a `#` inside a string stays (a TOML-aware pass).
    assert!(!text.contains("the tests read its figures"));
    assert!(!text.contains("a hash inside a string is text"));
    assert!(text.contains("seed = 11\n"));
    assert!(text.contains("description = \"target #2 of the plan\"\n"));

    // Reproducibility: command (quoted for a shell), seed, trials, version, scenario hash.
    assert!(text.contains("'"), "the path with a space is quoted");
    assert!(text.contains("--out results/tiny"));
    assert!(text.contains(&summary.seed.to_string()));
    assert!(text.contains(&summary.scenario_sha256));
    assert!(text.contains(&summary.spmsim_version));

    // Text from the summary is escaped (it parsed) and reads as written.
    assert!(text.contains("<steering> & coaching"));
    assert!(html.contains("&lt;steering&gt; &amp; coaching"));
}

#[test]
fn swedish_report_uses_swedish_words_and_number_format() {
    let summary = tiny();
    let dir = result_dir(summary, true);
    let path = report::write_report(dir.path(), Lang::Sv).expect("the report is written");
    let html = read(&path);
    let text = check_page(&html);
    assert!(html.contains("<html lang=\"sv\""));
    let h = report::headline::choose(summary).unwrap();
    let sentence = report::headline::sentence(&h, Lang::Sv);
    assert!(text.contains(&sentence), "headline missing:\n{sentence}");
    let expected = format!("{:.1}", h.revenue.mean.abs()).replace('.', ",");
    assert!(sentence.contains(&expected), "{sentence} lacks {expected}");
    assert!(sentence.contains("konfidensintervall"));
    assert!(sentence.contains("procentenheter") || h.margin.is_none());
    for word in [
        "intäkterna",
        "rörelsemarginal",
        "coachning",
        "säljchefer",
        "Vad som måste stämma",
        "Återskapa resultaten",
        "Förändring jämfört med base",
    ] {
        assert!(text.contains(word), "{word} missing");
    }
    // Decimal comma and a no-break space before units; no English decimals in the tables.
    for v in &summary.variants {
        let revenue = v.metrics.get("revenue").unwrap().mean;
        let money = spmsim::lang::format::money(revenue, "SEK")
            .replace('.', ",")
            .replace(' ', "\u{a0}");
        assert!(text.contains(&money), "{} revenue {money} missing", v.name);
    }
}

#[test]
fn without_manifest_the_scenario_is_said_to_be_unavailable() {
    let dir = result_dir(tiny(), false);
    let text = check_page(&read(
        &report::write_report(dir.path(), Lang::En).expect("written"),
    ));
    assert!(text.contains("scenario file is not available"), "{text}");
    assert!(text.contains("not recorded"));
    // The variants' regimes, coaching and levers are listed from the summary anyway.
    assert!(text.contains("activity steering"));
    assert!(text.contains("win-loss analysis"));
}

#[test]
fn a_changed_scenario_file_is_not_shown_as_if_it_had_been_run() {
    let dir = result_dir(tiny(), true);
    let scenario = dir.path().join("tiny scenario.toml");
    std::fs::write(&scenario, TINY.replace("trials = 16", "trials = 17")).unwrap();
    let text = check_page(&read(
        &report::write_report(dir.path(), Lang::En).expect("written"),
    ));
    assert!(text.contains("has changed since the run"), "{text}");
    assert!(!text.contains("trials = 17"));
}

#[test]
fn markup_in_names_is_escaped_everywhere() {
    let mut summary = tiny().clone();
    summary.experiment = "Q3 <plan> & \"pilot\"".into();
    summary.variants[1].name = "spm<script>alert(1)</script>".into();
    summary.variants[1].description = "coach & 'measure'".into();
    let dir = result_dir(&summary, false);
    let html = read(&report::write_report(dir.path(), Lang::En).expect("written"));
    let text = check_page(&html);
    assert!(text.contains("Q3 <plan> & \"pilot\""));
    assert!(text.contains("spm<script>alert(1)</script>"));
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;"));
}

#[test]
fn a_missing_result_is_the_users_error() {
    let dir = tempfile::tempdir().unwrap();
    let e = report::write_report(&dir.path().join("nope"), Lang::En).unwrap_err();
    assert!(e.is_input());
    let e = report::write_report(dir.path(), Lang::Sv).unwrap_err();
    assert!(e.is_input());
    assert!(e.to_string().contains("summary.json"), "{e}");
    assert!(!dir.path().join("report.html").exists());
}

#[test]
fn languages_parse_from_the_command_line_words() {
    assert_eq!("en".parse::<Lang>(), Ok(Lang::En));
    assert_eq!("sv".parse::<Lang>(), Ok(Lang::Sv));
    assert!("fi".parse::<Lang>().is_err());
    assert_eq!(Lang::default(), Lang::En);
}

/// The summary as `summary.json` holds it, read back as plain JSON (so the checks below
/// recompute from the file, not from the library's own structs).
fn summary_json(summary: &Summary) -> serde_json::Value {
    let bytes = spmsim::export::summary_json(summary).expect("serialises");
    serde_json::from_slice(&bytes).expect("valid JSON")
}

fn close(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= 1e-9 * scale.abs().max(1.0)
}

#[test]
fn decision_sections_exist_in_english_and_swedish() {
    let summary = tiny();
    let dir = result_dir(summary, true);
    let h = report::headline::choose(summary).expect("a headline variant");
    let op = h.variant.vs_baseline.get("operating_profit").unwrap();
    for (lang, words) in [
        (
            Lang::En,
            [
                "Expected change [95 % interval]",
                "Range across worlds (5th to 95th percentile)",
                "Share of worlds better",
                "how sure we are of the average",
                "how different one year can turn out",
                "Operating profit and the P&L bridge",
                "P&L bridge from base to spm",
                "The transition after the switch",
                "Results per team",
                "Average won deal",
            ],
        ),
        (
            Lang::Sv,
            [
                "Förväntad förändring [95 % konfidensintervall]",
                "Spridning mellan världar (5:e till 95:e percentilen)",
                "Andel världar som blir bättre",
                "hur säkra vi är på genomsnittet",
                "hur olika ett enskilt år kan bli",
                "Rörelseresultat och resultatbrygga",
                "Resultatbrygga från base till spm",
                "Övergången efter bytet",
                "Resultat per team",
                "Genomsnittlig vunnen affär",
            ],
        ),
    ] {
        let html = read(&report::write_report(dir.path(), lang).expect("written"));
        let text = check_page(&html);
        for id in ["profit", "transition", "teams"] {
            assert!(
                html.contains(&format!("<section id=\"{id}\">")),
                "{lang}: section {id} missing"
            );
            assert!(
                html.contains(&format!("href=\"#{id}\"")),
                "{lang}: {id} not in the navigation"
            );
        }
        for w in words {
            assert!(text.contains(w), "{lang}: {w} missing");
        }
        // The bridge and transition charts sit in their sections, once each.
        for fig in ["fig-pnl_bridge", "fig-transition"] {
            assert_eq!(html.matches(fig).count(), 1, "{lang}: {fig}");
        }
        // Operating profit of both and the change, in money, in the language's format.
        let base = summary.baseline().unwrap();
        for x in [
            base.metric_mean(spmsim::metrics::M::OperatingProfit),
            h.variant.metric_mean(spmsim::metrics::M::OperatingProfit),
        ] {
            let money = lang.money(x, &summary.currency);
            assert!(text.contains(&money), "{lang}: {money} missing");
        }
        let change = lang.money(op.mean.abs(), &summary.currency);
        assert!(text.contains(&change), "{lang}: change {change} missing");
        // The range across worlds of operating profit, in money, both ends in one unit.
        for money in lang
            .numbers()
            .money_change_pair(op.p05, op.p95, &summary.currency)
        {
            assert!(text.contains(&money), "{lang}: range end {money} missing");
        }
    }
}

#[test]
fn the_bridge_adds_up_to_the_operating_profit_change() {
    let summary = tiny();
    let json = summary_json(summary);
    let lines = [
        ("revenue", 1.0),
        ("goods_cost", -1.0),
        ("customisation_cost", -1.0),
        ("delivery_overrun", -1.0),
        ("base_pay", -1.0),
        ("variable_pay", -1.0),
        ("coaching_cost", -1.0),
        ("manager_cost", -1.0),
        ("hiring_cost", -1.0),
        ("overhead", -1.0),
    ];
    let mut checked = 0;
    for v in json["variants"].as_array().unwrap() {
        let mean = |k: &str| v["metrics"][k]["mean"].as_f64().unwrap();
        // Within a variant: revenue minus the cost lines is operating profit.
        let profit: f64 = lines.iter().map(|(k, s)| s * mean(k)).sum();
        assert!(close(profit, mean("operating_profit"), mean("revenue")));
        if v["baseline"].as_bool().unwrap() {
            continue;
        }
        // The bridge: the lines' paired changes add up to the paired profit change.
        let vs = &v["vs_baseline"];
        let steps: f64 = lines
            .iter()
            .map(|(k, s)| s * vs[k]["mean"].as_f64().unwrap())
            .sum();
        let change = vs["operating_profit"]["mean"].as_f64().unwrap();
        assert!(
            close(steps, change, mean("revenue")),
            "{}: {steps} vs {change}",
            v["name"]
        );
        // And the library's bridge says the same, with no unexplained remainder.
        let vs_summary = summary.variant(v["name"].as_str().unwrap()).unwrap();
        let b = spmsim::analysis::bridge::Bridge::of(summary, vs_summary).unwrap();
        assert_eq!(b.steps.len(), lines.len());
        let sum: f64 = b.steps.iter().map(|s| s.effect).sum();
        assert!(close(sum, b.change, mean("revenue")));
        assert!(close(b.start + b.change, b.end, mean("revenue")));
        checked += 1;
    }
    assert_eq!(checked, 2);
}

#[test]
fn team_figures_add_up_to_the_organisation() {
    let summary = tiny();
    let json = summary_json(summary);
    for v in json["variants"].as_array().unwrap() {
        let teams = v["teams"].as_array().expect("a teams list");
        assert_eq!(
            teams
                .iter()
                .map(|t| t["name"].as_str().unwrap())
                .collect::<Vec<_>>(),
            ["traditional", "complex"]
        );
        let mean = |k: &str| v["metrics"][k]["mean"].as_f64().unwrap();
        let sum = |k: &str| teams.iter().map(|t| t[k].as_f64().unwrap()).sum::<f64>();
        for (team_key, metric) in [
            ("revenue", "revenue"),
            ("operating_profit", "operating_profit"),
            ("deals_won", "deals_won"),
            ("attrition", "attrition"),
        ] {
            assert!(
                close(sum(team_key), mean(metric), mean("revenue")),
                "{}: teams' {team_key} {} vs {}",
                v["name"],
                sum(team_key),
                mean(metric)
            );
        }
        // Each team's revenue is its motion's (one team per motion here).
        assert!(close(
            teams[0]["revenue"].as_f64().unwrap(),
            mean("revenue_traditional"),
            mean("revenue")
        ));
        for t in teams {
            for k in ["win_rate", "share_at_target"] {
                let x = t[k].as_f64().unwrap();
                assert!((0.0..=1.0).contains(&x), "{k} = {x}");
            }
            assert_eq!(
                t.get("vs_baseline").is_some(),
                !v["baseline"].as_bool().unwrap()
            );
        }
        if !v["baseline"].as_bool().unwrap() {
            // The teams' paired revenue changes add up to the organisation's.
            let changes: f64 = teams
                .iter()
                .map(|t| t["vs_baseline"]["revenue"]["mean"].as_f64().unwrap())
                .sum();
            let total = v["vs_baseline"]["revenue"]["mean"].as_f64().unwrap();
            assert!(close(changes, total, mean("revenue")));
        }
    }
}

#[test]
fn the_transition_ends_at_the_paired_revenue_change() {
    let summary = tiny();
    let json = summary_json(summary);
    for v in json["variants"].as_array().unwrap() {
        let band = &v["weekly"]["cumulative_revenue_change"];
        if v["baseline"].as_bool().unwrap() {
            assert!(band.is_null(), "the baseline has no change");
            continue;
        }
        let mean = band["mean"].as_array().unwrap();
        assert_eq!(mean.len(), summary.horizon_weeks as usize);
        let last = mean.last().unwrap().as_f64().unwrap();
        let change = v["vs_baseline"]["revenue"]["mean"].as_f64().unwrap();
        let revenue = v["metrics"]["revenue"]["mean"].as_f64().unwrap();
        // Weekly revenue summed over the horizon is the trial's revenue, up to the order of
        // the floating-point sums.
        assert!(
            (last - change).abs() <= 1e-6 * revenue,
            "{}: {last} vs {change}",
            v["name"]
        );
        for (k, q) in ["p05", "p50", "p95"].iter().enumerate() {
            let x = band[q]
                .as_array()
                .unwrap()
                .last()
                .unwrap()
                .as_f64()
                .unwrap();
            let paired = v["vs_baseline"]["revenue"][["p05", "p50", "p95"][k]]
                .as_f64()
                .unwrap();
            assert!((x - paired).abs() <= 1e-6 * revenue, "{q}: {x} vs {paired}");
        }
        for w in 0..mean.len() {
            let (lo, hi) = (
                band["p05"][w].as_f64().unwrap(),
                band["p95"][w].as_f64().unwrap(),
            );
            assert!(lo <= hi);
        }
    }
}

#[test]
fn a_sweep_gets_the_response_chart_with_only_the_confirmed_best_marked() {
    let text = r#"
[run]
trials = 16
pilot_trials = 8
burn_in_weeks = 13
horizon_weeks = 26
seed = 5
[[teams]]
name = "traditional"
motion = "traditional"
reps = 3
[[variants]]
name = "base"
baseline = true
regime = "revenue_only"
[[variants]]
name = "spm"
regime = "balanced"
coaching_hours = 0.5
[sweep]
base = "spm"
design = "grid"
prefix = "c"
[[sweep.parameters]]
path = "coaching_hours"
from = 0.25
to = 1.0
steps = 4
"#;
    let scenario = spmsim::scenario::load_str(text, "sweep.toml", "sweep").expect("valid");
    let summary = spmsim::engine::run(&scenario, 2, Default::default()).expect("runs");
    for lang in [Lang::En, Lang::Sv] {
        let charts = spmsim::plot::render_svgs(&summary, None, lang).expect("drawn");
        let response = charts
            .iter()
            .find(|c| c.name == "response")
            .expect("a response chart");
        let label = lang.t("best, confirmed:", "bäst, bekräftad:");
        match summary
            .best_of_many
            .as_ref()
            .and_then(|b| b.confirmed.as_ref())
        {
            Some(c) => {
                assert!(response.svg.contains(label), "{lang}: no confirmed mark");
                let m = c.vs_baseline.get("revenue_pct").unwrap().mean;
                let figure = format!("{}\u{a0}%", lang.signed(m, 1));
                assert!(
                    response.svg.contains(&figure),
                    "{lang}: {figure} not marked"
                );
            }
            None => assert!(!response.svg.contains(label)),
        }
        assert!(!response.svg.contains("NaN"));
        // In the report the response chart stands in for the revenue-only sweep chart.
        let dir = tempfile::tempdir().unwrap();
        let bytes = spmsim::export::summary_json(&summary).unwrap();
        std::fs::write(dir.path().join("summary.json"), bytes).unwrap();
        let html = read(&report::write_report(dir.path(), lang).unwrap());
        assert!(html.contains("fig-response"));
        assert!(!html.contains("fig-sweep_response"));
    }
}

/// The Swedish report read as a Swedish sales director reads it: whole sentences, the
/// field's words, no English left and no variant name standing alone as a word of the
/// sentence. Each assertion names the old wording it replaced.
#[test]
fn swedish_sentences_read_as_swedish() {
    let summary = tiny();
    let dir = result_dir(summary, true);
    let path = report::write_report(dir.path(), Lang::Sv).expect("the report is written");
    let text = check_page(&read(&path));
    // Old: "Jämfört med base under …" (a fragment with a variant name as its noun).
    assert!(!text.contains("Jämfört med base"), "{text}");
    assert!(text.contains("Den jämförs med utgångsläget ”base” under de 26 veckorna"));
    // Old: "jämför 2 varianter med utgångsvarianten base".
    assert!(text.contains("Experimentet jämför 2 varianter med utgångsläget ”base”."));
    // Old: "den variant som angavs för den före körningen".
    assert!(
        text.contains("Rubriken gäller varianten spm, som valdes ut för rubriken före körningen")
    );
    // Old: "1,0 timmars coachning"; "försäljningschefer" beside "säljchefer".
    assert!(text.contains("Coachning 1\u{a0}timme per säljare och vecka"));
    assert!(!text.contains("timmars"));
    assert!(!text.contains("försäljningschef"));
    assert!(text.contains("era säljchefer coachar väl"));
    // Old: "traditional: activity (aktivitetsstyrning: …)" with the raw key first.
    assert!(text.contains("traditional: aktivitetsstyrning (kundmöten, nya kontakter och kvalificerade affärsmöjligheter) [activity]"));
    // Old: "(styrning i experimentet: activity, quality, revenue_stretch)".
    assert!(text.contains("(styrning i experimentet: aktivitetsstyrning, kvalitetsstyrning och ett höjt intäktsmål)"), "{text}");
    // Old: "fler simuleringar gör den inte smalare, eftersom den är osäkerheten …".
    assert!(text.contains("eftersom den speglar osäkerheten i antagandena"));
    // Old: "−254 923 kr till +10,8 MSEK": a range of money reads in one unit.
    assert!(
        !text.contains(" kr till +") || !text.contains("MSEK"),
        "{text}"
    );
    // The hours chart blames no wrong metric here: revenue steering is not one.
    assert!(!text.contains("stjäl fokus"));
    // No English outside what the user wrote (descriptions, the scenario file).
    let scenario = text.find("Scenariofilen").expect("the scenario is shown");
    let after = text
        .rfind("Vad som måste stämma")
        .expect("the beliefs section");
    let ours = format!("{}{}", &text[..scenario], &text[after..])
        .replace(&summary.description, "")
        .replace("target #2 of the plan", "");
    for english in [
        " the ",
        " and ",
        " of ",
        "hours",
        "trials",
        "baseline variant",
    ] {
        let at = ours.find(english).map_or(0, |i| i);
        assert!(
            !ours.contains(english),
            "English `{english}` in the Swedish report: …{}…",
            &ours[ours.floor_char_boundary(at.saturating_sub(60))
                ..ours.ceil_char_boundary((at + 40).min(ours.len()))]
        );
    }
}

/// The same pass over the English: whole sentences, the baseline named as such.
#[test]
fn english_sentences_are_whole() {
    let summary = tiny();
    let dir = result_dir(summary, true);
    let path = report::write_report(dir.path(), Lang::En).expect("the report is written");
    let text = check_page(&read(&path));
    // Old: "Compared with base over the 26 weeks …" and "with the baseline variant base".
    assert!(!text.contains("Compared with base"));
    assert!(text.contains("It is compared with the baseline “base” over the 26 weeks"));
    assert!(text.contains("compares 2 variants with the baseline “base”."));
    // Old: "(steering in this experiment: activity, quality, revenue_stretch)".
    assert!(text.contains("(steering in this experiment: activity steering, quality steering and a raised revenue target)"));
    assert!(!text.contains("a wrong metric steals focus"));
}
