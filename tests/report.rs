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
seed = 11

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
        let money = spmsim::lang::format::money(revenue, "SEK");
        assert!(text.contains(&money), "{} revenue {money} missing", v.name);
        if let Some(d) = v.vs_baseline.get("revenue_pct") {
            let change = format!("{:+.1}\u{a0}%", d.mean);
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
    assert!(text.contains("1.0 hours of coaching per rep and week"));

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
        "försäljningschefer",
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
