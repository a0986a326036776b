//! Charts: every kind is drawn from a small real run as a valid SVG and a valid PNG of the
//! stated size with real content; charts whose data is absent are skipped; sweep and
//! sensitivity charts appear when those sections are there; the change chart is read back
//! as SVG and checked for its structure (title, axes, one dot and one interval per variant at
//! the place its axis gives, the no-change line, the threshold), not for pixel coordinates.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use spmsim::metrics::Output;
use spmsim::plot::{self, PlotError};
use spmsim::results::Summary;

/// A tiny experiment: 16 trials, 26 counted weeks, a baseline and two changes.
const TINY: &str = r#"# A tiny experiment for the chart tests.
[experiment]
name = "tiny"
description = "Tiny experiment for the chart tests"

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

/// The chart kinds a run without sweep or sensitivity has.
const RUN_CHARTS: [&str; 8] = [
    "change_vs_baseline",
    "outcomes",
    "cumulative_revenue",
    "transition",
    "funnel",
    "hours_by_activity",
    "rep_level",
    "pnl_bridge",
];

/// The summary of [`TINY`], simulated once per test binary.
fn tiny() -> &'static Summary {
    static SUMMARY: OnceLock<Summary> = OnceLock::new();
    SUMMARY.get_or_init(|| {
        let scenario = spmsim::scenario::load_str(TINY, "tiny.toml", "tiny").expect("valid");
        spmsim::engine::run(&scenario, 2, Default::default()).expect("the run succeeds")
    })
}

/// A result directory holding `summary.json` of `summary`.
fn result_dir(summary: &Summary) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let bytes = spmsim::export::summary_json(summary).expect("serialises");
    std::fs::write(dir.path().join("summary.json"), bytes).expect("written");
    dir
}

fn stems(files: &[PathBuf], ext: &str) -> BTreeSet<String> {
    files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == ext))
        .map(|f| f.file_stem().unwrap().to_string_lossy().into_owned())
        .collect()
}

/// Parse an SVG file and return its text content (all `<text>` nodes joined).
fn check_svg(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("readable");
    let doc = roxmltree::Document::parse(&text)
        .unwrap_or_else(|e| panic!("{} is not valid XML: {e}", path.display()));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg", "{}", path.display());
    assert_eq!(root.attribute("width"), Some("1200"));
    assert_eq!(root.attribute("height"), Some("750"));
    let shapes = root
        .descendants()
        .filter(|n| {
            matches!(
                n.tag_name().name(),
                "rect" | "polyline" | "polygon" | "circle" | "line" | "path"
            )
        })
        .count();
    assert!(shapes > 20, "{}: only {shapes} shapes", path.display());
    root.descendants()
        .filter(|n| n.tag_name().name() == "text")
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Decode a PNG and check its size and that it is not blank.
fn check_png(path: &Path) {
    let file = std::fs::File::open(path).expect("readable");
    let decoder = png::Decoder::new(file);
    let mut reader = decoder
        .read_info()
        .unwrap_or_else(|e| panic!("{} is not a PNG: {e}", path.display()));
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("a frame");
    assert_eq!((info.width, info.height), (1200, 750), "{}", path.display());
    let channels = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let colours: BTreeSet<&[u8]> = pixels.chunks(channels).collect();
    assert!(
        colours.len() > 3,
        "{}: only {} distinct colours",
        path.display(),
        colours.len()
    );
    let first = &pixels[..channels];
    let same = pixels.chunks(channels).filter(|p| *p == first).count();
    assert!(
        same < pixels.len() / channels * 98 / 100,
        "{}: almost all one colour",
        path.display()
    );
}

#[test]
fn every_chart_kind_is_drawn_as_svg_and_png() {
    let dir = result_dir(tiny());
    let files = plot::plot_dir(dir.path()).expect("charts are drawn");
    let expected: BTreeSet<String> = RUN_CHARTS.iter().map(|s| s.to_string()).collect();
    assert_eq!(stems(&files, "svg"), expected);
    assert_eq!(stems(&files, "png"), expected);
    assert_eq!(files.len(), 2 * RUN_CHARTS.len());
    for f in &files {
        assert!(f.starts_with(dir.path().join("plots")), "{}", f.display());
        assert!(f.is_file(), "{} is listed but missing", f.display());
        if f.extension().is_some_and(|e| e == "svg") {
            let text = check_svg(f);
            // Every chart names at least one variant and has an English title.
            assert!(
                ["base", "spm", "stretch"].iter().any(|v| text.contains(v)),
                "{}: no variant named in\n{text}",
                f.display()
            );
        } else {
            check_png(f);
        }
    }
    let forest = std::fs::read_to_string(dir.path().join("plots/change_vs_baseline.svg")).unwrap();
    assert!(forest.contains("Change compared with base"));
    let outcomes = std::fs::read_to_string(dir.path().join("plots/outcomes.svg")).unwrap();
    assert!(outcomes.contains("MSEK"), "money reads as MSEK");
}

#[test]
fn variants_keep_their_colour_across_charts() {
    let dir = result_dir(tiny());
    plot::plot_dir(dir.path()).expect("charts are drawn");
    // Okabe–Ito blue is the first variant after the baseline, vermillion the second.
    for chart in [
        "change_vs_baseline",
        "outcomes",
        "funnel",
        "cumulative_revenue",
    ] {
        let svg = std::fs::read_to_string(dir.path().join(format!("plots/{chart}.svg"))).unwrap();
        assert!(svg.contains("#0072B2"), "{chart}: spm is not blue");
        assert!(
            svg.contains("#D55E00"),
            "{chart}: stretch is not vermillion"
        );
    }
}

#[test]
fn sweep_and_sensitivity_charts_are_skipped_when_absent_and_drawn_when_present() {
    let mut summary = tiny().clone();
    assert!(summary.sweep.is_none() && summary.sensitivity.is_none());
    summary.threshold = Some(spmsim::results::Threshold {
        metric: "revenue_pct".into(),
        value: 5.0,
    });
    summary.sweep = Some(spmsim::results::Sweep {
        parameters: vec!["variants.spm.coaching_hours".into()],
        design: "grid".into(),
        points: vec![
            spmsim::results::SweepPoint {
                variant: "base".into(),
                values: vec![0.0],
            },
            spmsim::results::SweepPoint {
                variant: "stretch".into(),
                values: vec![0.5],
            },
            spmsim::results::SweepPoint {
                variant: "spm".into(),
                values: vec![1.0],
            },
        ],
    });
    let input = |parameter: &str, low: f64, high: f64, lo: f64, hi: f64| {
        spmsim::results::SensitivityInput {
            parameter: parameter.into(),
            low,
            high,
            output_low: lo,
            output_high: hi,
            swing: (hi - lo).abs(),
            spearman: 0.3,
        }
    };
    summary.sensitivity = Some(spmsim::results::Sensitivity {
        output: "revenue_pct".into(),
        variant: "spm".into(),
        base_value: 12.0,
        inputs: vec![
            input("complex.loss_per_week", 0.02, 0.05, 13.0, 10.5),
            input("traditional.contact_hours", 2.5, 3.5, 9.0, 15.0),
            input("coaching.skill_gain", 0.01, 0.03, 11.0, 12.5),
        ],
    });
    let dir = tempfile::tempdir().unwrap();
    let files = plot::plot_summary(&summary, dir.path()).expect("charts are drawn");
    let names = stems(&files, "svg");
    assert!(names.contains("sweep_response"), "{names:?}");
    assert!(names.contains("sensitivity_tornado"), "{names:?}");
    assert_eq!(stems(&files, "png"), names);
    for f in &files {
        if f.extension().is_some_and(|e| e == "svg") {
            check_svg(f);
        } else {
            check_png(f);
        }
    }
    // Largest swing on top: the parameter labels, sorted by their height on the chart.
    let tornado =
        std::fs::read_to_string(dir.path().join("plots/sensitivity_tornado.svg")).unwrap();
    let doc = roxmltree::Document::parse(&tornado).unwrap();
    let mut labels: Vec<(f64, String)> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "text")
        .filter_map(|n| {
            let t = n.text()?.trim().to_string();
            let y: f64 = n.attribute("y")?.parse().ok()?;
            // Inputs read as labels in words; a key without a label keeps its path.
            let name = [
                "Time per prospecting contact (traditional selling)",
                "Weekly chance a deal is lost (complex selling)",
                "coaching.skill_gain",
            ]
            .contains(&t.as_str());
            name.then_some((y, t))
        })
        .collect();
    labels.sort_by(|a, b| a.0.total_cmp(&b.0));
    let top_down: Vec<&str> = labels.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        top_down,
        [
            "Time per prospecting contact (traditional selling)",
            "Weekly chance a deal is lost (complex selling)",
            "coaching.skill_gain"
        ]
    );
    let sweep = check_svg(&dir.path().join("plots/sweep_response.svg"));
    assert!(
        sweep.contains("Coaching hours per rep and week (spm)"),
        "the swept parameter reads in words: {sweep}"
    );
    assert!(sweep.contains("threshold +5.0"), "{sweep}");
}

/// A small summary written by hand (two changes, a threshold, no per-metric figures).
fn fixed_summary() -> Summary {
    let paired = |mean: f64, lo: f64, hi: f64, p: f64| {
        serde_json::json!({
            "n": 100, "mean": mean, "sd": 3.0, "ci95": [lo, hi],
            "p05": lo - 4.0, "p95": hi + 4.0, "p_better": p, "p_higher": p
        })
    };
    let band = serde_json::json!({"mean": [], "p05": [], "p50": [], "p95": []});
    let variant = |name: &str, baseline: bool, vs: serde_json::Value| {
        serde_json::json!({
            "name": name, "baseline": baseline, "description": "",
            "regimes": {"traditional": "revenue_only"}, "coaching_hours": 0.0,
            "levers": {"winloss": 0.0, "gate": 0.0, "roles": 0.0, "practice": 0.0,
                       "targeting": 0.0, "process": 0.0},
            "metrics": {}, "vs_baseline": vs, "allocation": {},
            "discount_by_week_of_period": [],
            "weekly": {"revenue": band, "cumulative_revenue": band, "pipeline": band}
        })
    };
    serde_json::from_value(serde_json::json!({
        "schema": spmsim::results::SCHEMA,
        "experiment": "fixed",
        "description": "A fixed summary for the snapshot",
        "spmsim_version": "0.1.0",
        "scenario_sha256": "0".repeat(64),
        "seed": 1, "trials": 100, "burn_in_weeks": 13, "horizon_weeks": 26,
        "period_weeks": 13, "currency": "SEK", "targets": {},
        "threshold": {"metric": "operating_margin_pp", "value": 2.0},
        "variants": [
            variant("today", true, serde_json::json!({})),
            variant("coached", false, serde_json::json!({
                "revenue_pct": paired(12.5, 10.0, 15.0, 0.9),
                "operating_margin_pp": paired(3.5, 2.5, 4.5, 0.85)
            })),
            variant("stretch", false, serde_json::json!({
                "revenue_pct": paired(-4.0, -6.5, -1.5, 0.3),
                "operating_margin_pp": paired(-1.0, -1.8, -0.2, 0.35)
            }))
        ]
    }))
    .expect("a valid summary")
}

/// The shapes and words of an SVG chart.
struct Svg {
    width: f64,
    /// (x, y, text).
    texts: Vec<(f64, f64, String)>,
    /// (cx, cy, r, fill).
    circles: Vec<(f64, f64, f64, String)>,
    /// (stroke, points).
    polylines: Vec<(String, Vec<(f64, f64)>)>,
}

fn num(node: roxmltree::Node, name: &str) -> f64 {
    let v = node
        .attribute(name)
        .unwrap_or_else(|| panic!("<{}> without {name}", node.tag_name().name()));
    v.parse()
        .unwrap_or_else(|_| panic!("{name}=\"{v}\" is not a number"))
}

fn parse_svg(svg: &str) -> Svg {
    let doc = roxmltree::Document::parse(svg).expect("valid SVG");
    for n in doc.descendants() {
        for a in n.attributes() {
            let v = a.value().to_ascii_lowercase();
            assert!(
                !v.contains("nan") && !v.contains("inf"),
                "{}=\"{}\" on <{}>",
                a.name(),
                a.value(),
                n.tag_name().name()
            );
        }
    }
    let root = doc.root_element();
    let mut out = Svg {
        width: num(root, "width"),
        texts: Vec::new(),
        circles: Vec::new(),
        polylines: Vec::new(),
    };
    for n in root.descendants() {
        match n.tag_name().name() {
            "text" => out.texts.push((
                num(n, "x"),
                num(n, "y"),
                n.text().unwrap_or("").trim().to_string(),
            )),
            "circle" => out.circles.push((
                num(n, "cx"),
                num(n, "cy"),
                num(n, "r"),
                n.attribute("fill").unwrap_or("none").to_string(),
            )),
            "polyline" => {
                let points = n
                    .attribute("points")
                    .unwrap_or("")
                    .split_whitespace()
                    .map(|p| {
                        let (x, y) = p.split_once(',').expect("x,y");
                        (x.parse().expect("x"), y.parse().expect("y"))
                    })
                    .collect();
                out.polylines
                    .push((n.attribute("stroke").unwrap_or("none").to_string(), points));
            }
            _ => {}
        }
    }
    out
}

/// The value-to-x map of a panel's axis, from its tick labels (numbers on one line below
/// the plot, e.g. "-5 %", "0 %", "5 %").
fn axis(texts: &[&(f64, f64, String)]) -> impl Fn(f64) -> f64 {
    let ticks: Vec<(f64, f64, f64)> = texts
        .iter()
        .filter_map(|(x, y, t)| {
            let v: f64 = t.trim_end_matches('%').trim().parse().ok()?;
            Some((*x, *y, v))
        })
        .collect();
    let bottom = ticks.iter().map(|t| t.1).fold(f64::MIN, f64::max);
    let on_axis: Vec<&(f64, f64, f64)> = ticks.iter().filter(|t| t.1 == bottom).collect();
    assert!(
        on_axis.len() >= 2,
        "an axis needs two tick labels: {texts:?}"
    );
    let (a, b) = (on_axis[0], on_axis[on_axis.len() - 1]);
    assert!(
        b.2 > a.2 && b.0 > a.0,
        "ticks increase to the right: {on_axis:?}"
    );
    let (x0, v0, scale) = (a.0, a.2, (b.0 - a.0) / (b.2 - a.2));
    move |v| x0 + (v - v0) * scale
}

fn close(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() <= 2.5, "{what}: at {a}, expected {b}");
}

/// Check the change chart of `summary` structurally: for each panel (revenue, margin), one
/// row per compared variant with its dot at the mean and its interval bar from one end of
/// the 95 % interval to the other, on the panel's own axis; the vertical no-change line at
/// 0; the threshold where the summary has one.
fn check_change_chart(svg: &str, summary: &Summary) {
    let chart = parse_svg(svg);
    let baseline = summary.baseline().expect("a baseline");
    let has = |t: &str| chart.texts.iter().any(|(_, _, s)| s == t);
    assert!(
        has(&format!("Change compared with {}", baseline.name)),
        "title"
    );
    assert!(has("change in revenue (%)"), "revenue axis label");
    assert!(
        has("change in operating margin (percentage points)"),
        "margin axis label"
    );
    let compared: Vec<_> = summary.variants.iter().filter(|v| !v.baseline).collect();
    let middle = chart.width / 2.0;
    for (panel, output, unit) in [
        (0, Output::REVENUE_PCT, "\u{a0}%"),
        (1, Output::OPERATING_MARGIN_PP, "\u{a0}pp"),
    ] {
        let inside = |x: f64| (x >= middle) == (panel == 1);
        let texts: Vec<&(f64, f64, String)> = chart.texts.iter().filter(|t| inside(t.0)).collect();
        let x_of = axis(&texts);
        // The no-change line: vertical, at 0, over most of the plot.
        let zero = chart.polylines.iter().any(|(_, p)| {
            p.len() == 2
                && inside(p[0].0)
                && (p[0].0 - x_of(0.0)).abs() <= 1.5
                && (p[0].0 - p[1].0).abs() < 0.5
                && (p[0].1 - p[1].1).abs() > 300.0
        });
        assert!(zero, "panel {panel}: no line at 0");
        let dots: Vec<_> = chart
            .circles
            .iter()
            .filter(|c| inside(c.0) && c.3 != "none" && c.3 != "#FFFFFF")
            .collect();
        assert_eq!(
            dots.len(),
            compared.len(),
            "panel {panel}: one dot per compared variant"
        );
        for v in &compared {
            let rows: Vec<_> = texts.iter().filter(|t| t.2 == v.name).collect();
            assert_eq!(rows.len(), 1, "panel {panel}: one row labelled {}", v.name);
            let y = rows[0].1;
            let d = v.vs(output).expect("a change");
            let dot = dots
                .iter()
                .find(|c| (c.1 - y).abs() < 0.5)
                .unwrap_or_else(|| panic!("panel {panel}: no dot on the row of {}", v.name));
            close(dot.0, x_of(d.mean), &format!("{} mean", v.name));
            let bar = chart
                .polylines
                .iter()
                .find(|(stroke, p)| {
                    *stroke == dot.3
                        && p.len() == 2
                        && p.iter().all(|q| inside(q.0) && (q.1 - y).abs() < 0.5)
                })
                .unwrap_or_else(|| panic!("panel {panel}: no interval bar for {}", v.name));
            close(
                bar.1[0].0,
                x_of(d.ci95[0]),
                &format!("{} interval low", v.name),
            );
            close(
                bar.1[1].0,
                x_of(d.ci95[1]),
                &format!("{} interval high", v.name),
            );
            assert!(
                texts.iter().any(|t| t.2.starts_with(&format!(
                    "{}{unit}",
                    spmsim::lang::Lang::En.signed(d.mean, 1)
                ))),
                "panel {panel}: the mean of {} is written",
                v.name
            );
        }
        assert!(
            !texts.iter().any(|t| t.2 == baseline.name),
            "panel {panel}: the baseline is not a row"
        );
        match summary.threshold_on(output) {
            Some(value) => {
                let label = texts
                    .iter()
                    .find(|t| t.2.starts_with("threshold "))
                    .unwrap_or_else(|| panic!("panel {panel}: the threshold is labelled"));
                close(label.0, x_of(value), "threshold label");
                let dashes = chart
                    .polylines
                    .iter()
                    .filter(|(_, p)| {
                        p.len() == 2 && p.iter().all(|q| (q.0 - x_of(value)).abs() < 1.5)
                    })
                    .count();
                assert!(
                    dashes > 5,
                    "panel {panel}: a dashed threshold line ({dashes} dashes)"
                );
            }
            None => assert!(
                !texts.iter().any(|t| t.2.starts_with("threshold ")),
                "panel {panel}: no threshold"
            ),
        }
    }
}

#[test]
fn charts_without_their_figures_are_skipped_and_the_change_chart_shows_each_change() {
    let dir = tempfile::tempdir().unwrap();
    let summary = fixed_summary();
    let files = plot::plot_summary(&summary, dir.path()).expect("charts are drawn");
    // Only the change chart has data: nothing is drawn empty.
    let names: Vec<String> = stems(&files, "svg").into_iter().collect();
    assert_eq!(names, ["change_vs_baseline"]);
    let path = dir.path().join("plots/change_vs_baseline.svg");
    let text = check_svg(&path);
    assert!(text.contains("threshold +2.0\u{a0}pp"), "{text}");
    check_change_chart(&std::fs::read_to_string(&path).unwrap(), &summary);
}

#[test]
fn the_change_chart_of_a_real_run_shows_each_change() {
    let summary = tiny();
    let charts = plot::render_svgs(summary, None, spmsim::lang::Lang::En).expect("drawn");
    let chart = charts
        .iter()
        .find(|c| c.name == "change_vs_baseline")
        .expect("the change chart");
    check_change_chart(&chart.svg, summary);
}

#[test]
fn swedish_charts_use_swedish_words_and_numbers() {
    let charts = plot::render_svgs(&fixed_summary(), None, spmsim::lang::Lang::Sv).expect("drawn");
    assert_eq!(charts.len(), 1);
    let svg = &charts[0].svg;
    roxmltree::Document::parse(svg).expect("valid SVG");
    assert!(svg.contains("Förändring jämfört med today"), "{svg}");
    assert!(svg.contains("+12,5"), "decimal comma");
    assert!(svg.contains("procentenheter"));
}

#[test]
fn per_trial_values_give_density_shapes() {
    let summary = tiny();
    let dir = result_dir(summary);
    let mut csv =
        String::from("trial,variant,revenue,operating_margin_pct,share_at_target,pay_spread_cv\n");
    for t in 0..40 {
        for (k, v) in summary.variants.iter().enumerate() {
            let x = (t as f64 * 0.37).sin();
            csv.push_str(&format!(
                "{t},{},{},{},{},{}\n",
                v.name,
                8e7 + 1e7 * x + 1e6 * k as f64,
                9.0 + 3.0 * x,
                0.5 + 0.1 * x,
                0.3 + 0.05 * x
            ));
        }
    }
    std::fs::write(dir.path().join("trials.csv"), csv).unwrap();
    plot::plot_dir(dir.path()).expect("charts are drawn");
    let with = std::fs::read_to_string(dir.path().join("plots/outcomes.svg")).unwrap();
    assert!(with.contains("Shape: spread over the sampled worlds"));
    // A trials.csv of another run (unknown variant) is ignored, not an error.
    std::fs::write(
        dir.path().join("trials.csv"),
        "trial,variant,revenue,operating_margin_pct,share_at_target,pay_spread_cv\n0,other,1,2,0.5,0.1\n",
    )
    .unwrap();
    plot::plot_dir(dir.path()).expect("charts are drawn");
    let without = std::fs::read_to_string(dir.path().join("plots/outcomes.svg")).unwrap();
    assert!(without.contains("Bar: 5–95 % of the sampled worlds"));
}

#[test]
fn a_missing_or_broken_summary_is_the_users_error_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing_dir = dir.path().join("nope");
    let e = plot::plot_dir(&missing_dir).unwrap_err();
    assert!(matches!(e, PlotError::MissingDir { .. }));
    assert!(e.is_input());
    assert!(e.to_string().contains("nope"), "{e}");

    let e = plot::plot_dir(dir.path()).unwrap_err();
    assert!(e.is_input(), "{e}");
    let msg = e.to_string();
    assert!(
        msg.contains("summary.json") && msg.contains("not found"),
        "{msg}"
    );

    std::fs::write(dir.path().join("summary.json"), "{ not json").unwrap();
    let e = plot::plot_dir(dir.path()).unwrap_err();
    assert!(e.is_input());
    assert!(e.to_string().contains("summary.json"), "{e}");
    assert!(
        !dir.path().join("plots").exists(),
        "nothing is written on error"
    );

    let mut other = tiny().clone();
    other.schema = "spmsim.summary/0".into();
    std::fs::write(
        dir.path().join("summary.json"),
        spmsim::export::summary_json(&other).unwrap(),
    )
    .unwrap();
    let e = plot::plot_dir(dir.path()).unwrap_err();
    assert!(matches!(e, PlotError::Schema { .. }) && e.is_input(), "{e}");
}

#[test]
fn drawing_failures_are_internal() {
    let e = PlotError::Draw {
        chart: "funnel",
        message: "boom".into(),
    };
    assert!(!e.is_input());
    assert!(!PlotError::Font.is_input());
}

/// Text boxes of an SVG: (left, right, y, text), the width estimated from the font size
/// (DejaVu Sans averages about 0.6 em per character) and the anchor.
fn text_boxes(svg: &str) -> Vec<(f64, f64, f64, String)> {
    let doc = roxmltree::Document::parse(svg).expect("valid SVG");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "text")
        .filter_map(|n| {
            let text = n.text()?.trim().to_string();
            let x: f64 = n.attribute("x")?.parse().ok()?;
            let y: f64 = n.attribute("y")?.parse().ok()?;
            let size: f64 = n
                .attribute("font-size")
                .and_then(|s| s.trim_end_matches("px").parse().ok())
                .unwrap_or(16.0);
            let w = text.chars().count() as f64 * size * 0.6;
            let (l, r) = match n.attribute("text-anchor") {
                Some("middle") => (x - w / 2.0, x + w / 2.0),
                Some("end") => (x - w, x),
                _ => (x, x + w),
            };
            Some((l, r, y, text))
        })
        .collect()
}

#[test]
fn money_ticks_share_one_unit_and_do_not_overlap() {
    for lang in [spmsim::lang::Lang::En, spmsim::lang::Lang::Sv] {
        let charts = plot::render_svgs(tiny(), None, lang).expect("drawn");
        for name in ["outcomes", "cumulative_revenue"] {
            let svg = &charts.iter().find(|c| c.name == name).expect("drawn").svg;
            let boxes = text_boxes(svg);
            // Tick labels are bare numbers under one unit (in the axis title): never
            // "0.0 SEK" beside "50.0 MSEK".
            for (_, _, _, t) in &boxes {
                assert!(
                    !(t.starts_with('0') && t.ends_with(" SEK")),
                    "{name} ({lang}): a zero tick with its own unit: {t}"
                );
            }
            assert!(
                boxes.iter().any(|b| b.3.contains("MSEK")),
                "{name} ({lang}): the unit is named once"
            );
            // Labels on one line do not run into each other.
            let mut by_line: std::collections::BTreeMap<i64, Vec<&(f64, f64, f64, String)>> =
                Default::default();
            for b in &boxes {
                by_line.entry(b.2.round() as i64).or_default().push(b);
            }
            for line in by_line.values_mut() {
                line.sort_by(|a, b| a.0.total_cmp(&b.0));
                for w in line.windows(2) {
                    assert!(
                        w[1].0 >= w[0].1 - 1.0,
                        "{name} ({lang}): `{}` and `{}` overlap",
                        w[0].3,
                        w[1].3
                    );
                }
            }
        }
    }
}

#[test]
fn swedish_charts_name_parameters_and_metrics_in_words() {
    let mut summary = tiny().clone();
    summary.sensitivity = Some(spmsim::results::Sensitivity {
        output: "revenue".into(),
        variant: "base".into(),
        base_value: 1.0e6,
        inputs: vec![spmsim::results::SensitivityInput {
            parameter: "incentives.responsiveness".into(),
            low: 0.4,
            high: 0.8,
            output_low: 0.9e6,
            output_high: 1.1e6,
            swing: 0.2e6,
            spearman: 0.5,
        }],
    });
    let charts = plot::render_svgs(&summary, None, spmsim::lang::Lang::Sv).expect("drawn");
    let all: String = charts.iter().map(|c| c.svg.clone()).collect();
    let tornado = &charts
        .iter()
        .find(|c| c.name == "sensitivity_tornado")
        .expect("drawn")
        .svg;
    assert!(
        tornado.contains("Säljarnas respons på incitament"),
        "the tornado names the input in words"
    );
    for raw in [
        "incentives.responsiveness",
        "operating_margin",
        "revenue_pct",
        "win_rate",
    ] {
        assert!(!all.contains(raw), "a raw key in a Swedish chart: {raw}");
    }
    for word in ["Intäkter", "Rörelsemarginal", "Vart säljtiden går"] {
        assert!(all.contains(word), "no `{word}` in the Swedish charts");
    }
    // The title blames a wrong metric only when a variant steers a team on one that does
    // not fit its kind of selling: steering on revenue (the usual baseline) is not one.
    let hours_svg = |s: &spmsim::results::Summary| {
        plot::render_svgs(s, None, spmsim::lang::Lang::Sv)
            .expect("drawn")
            .into_iter()
            .find(|c| c.name == "hours_by_activity")
            .unwrap()
            .svg
    };
    let mut revenue = tiny().clone();
    for v in &mut revenue.variants {
        for (_, r) in &mut v.regimes.0 {
            *r = "revenue_only".into();
        }
    }
    assert!(
        !hours_svg(&revenue).contains("stjäl fokus"),
        "no wrong metric, no blame"
    );
    let mut counted = revenue.clone();
    for (_, r) in &mut counted.variants[1].regimes.0 {
        *r = "activity_count".into();
    }
    assert!(
        hours_svg(&counted).contains("fel mätetal stjäl fokus"),
        "a bare count of activities is a wrong metric"
    );
}

#[test]
fn slides_are_16_by_9_full_hd_pngs_in_the_chosen_language() {
    let dir = result_dir(tiny());
    let files = plot::plot_dir_with(
        dir.path(),
        plot::PlotOptions {
            lang: spmsim::lang::Lang::Sv,
            slides: true,
        },
    )
    .expect("charts are drawn");
    let pngs: Vec<&PathBuf> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "png"))
        .collect();
    assert_eq!(pngs.len(), RUN_CHARTS.len());
    for f in pngs {
        let decoder = png::Decoder::new(std::fs::File::open(f).unwrap());
        let reader = decoder.read_info().expect("a PNG");
        let info = reader.info();
        assert_eq!(
            (info.width, info.height),
            plot::SLIDE_SIZE,
            "{}",
            f.display()
        );
        assert_eq!(plot::SLIDE_SIZE, (1920, 1080));
    }
    let svg = std::fs::read_to_string(dir.path().join("plots/outcomes.svg")).unwrap();
    assert!(svg.contains("Intäkter"), "the SVG follows the language too");
}
