//! Numbers for people in both languages: a snapshot of rendered strings (the no-break space is
//! shown as `⍽`, the true minus as itself) so that any change of how a figure reads shows in
//! review, and the labels of every parameter and metric.

use spmsim::lang::Lang;
use spmsim::lang::format::{MoneyAxis, Noun};

fn visible(s: &str) -> String {
    s.replace('\u{a0}', "⍽")
}

fn rendered(lang: Lang) -> String {
    let n = lang.numbers();
    let mut out = Vec::new();
    let mut row = |what: &str, s: String| out.push(format!("{what:<28} {}", visible(&s)));
    for x in [0.0, 7.0, 1234.5, -1234.5, 1_234_567.891, -0.004, f64::NAN] {
        row(&format!("number({x}, 1)"), n.number(x, 1));
    }
    for x in [
        0.0,
        850.0,
        62_000.0,
        610_000.0,
        776_515.308,
        999_999.6,
        1_234_567.0,
        82_400_000.0,
        -3_500_000.0,
        2_450_000_000.0,
        f64::NAN,
    ] {
        row(&format!("money({x})"), n.money(x, "SEK"));
    }
    row("money(62000, EUR)", n.money(62_000.0, "EUR"));
    row("money_exact(776515.308)", n.money_exact(776_515.308, "SEK"));
    row("money_change(-2.5e6)", n.money_change(-2_500_000.0, "SEK"));
    row("money_change(120000)", n.money_change(120_000.0, "SEK"));
    for x in [14.44, -3.06, 0.0] {
        row(&format!("percent({x}, 1)"), n.percent(x, 1));
        row(&format!("percent_change({x}, 1)"), n.percent_change(x, 1));
        row(&format!("points({x}, 1)"), n.points(x, 1));
    }
    row("share(0.913, 0)", n.share(0.913, 0));
    row("points_long(1, 0)", n.points_long(1.0, 0));
    row("points_long(2.5, 1)", n.points_long(2.5, 1));
    for h in [0.25, 0.5, 1.0, 1.5, 40.0] {
        row(&format!("hours({h})"), n.hours(h));
    }
    for c in [0, 1, 1000, 20_000] {
        row(&format!("count({c}, worlds)"), n.count(c, Noun::WORLDS));
    }
    row("count(1, reps)", n.count(1, Noun::REPS));
    row("list([])", n.list::<&str>(&[]));
    row("list([a])", n.list(&["a"]));
    row("list([a, b])", n.list(&["a", "b"]));
    row("list([a, b, c])", n.list(&["a", "b", "c"]));
    for (lo, hi) in [(0.0, 120e6), (78e6, 83e6), (0.0, 400e3), (-2e3, 5e3)] {
        let a = MoneyAxis::new(lang, lo, hi, "SEK");
        let ticks: Vec<String> = [lo, (lo + hi) / 2.0, hi]
            .iter()
            .map(|x| a.tick(*x))
            .collect();
        row(
            &format!("axis({lo}, {hi})"),
            format!("{} | {}", a.unit(), ticks.join(" | ")),
        );
    }
    out.join("\n")
}

#[test]
fn swedish_numbers_read_as_a_swedish_reader_writes_them() {
    insta::assert_snapshot!("numbers_sv", rendered(Lang::Sv));
}

#[test]
fn english_numbers_read_as_an_english_reader_writes_them() {
    insta::assert_snapshot!("numbers_en", rendered(Lang::En));
}

/// Every scenario key (numbers, whole numbers and the named inputs of regimes and variants)
/// and every output has a label in English and in Swedish, and no label is a raw key.
#[test]
fn every_parameter_and_output_has_a_human_label_in_both_languages() {
    use spmsim::lang::labels;
    use spmsim::scenario::registry::{self, Kind};
    let mut missing = Vec::new();
    let mut check = |name: &str, label: Option<String>, lang: Lang| match label {
        None => missing.push(format!("{name} ({lang})")),
        Some(l) => {
            assert!(
                !l.contains('_') && l != name && !l.is_empty(),
                "the {lang} label of `{name}` reads as a raw key: `{l}`"
            );
        }
    };
    for lang in [Lang::En, Lang::Sv] {
        for row in registry::all() {
            if matches!(row.kind, Kind::Number | Kind::Whole) {
                check(
                    row.key,
                    labels::key(row.key, lang).map(str::to_string),
                    lang,
                );
            }
        }
        for name in spmsim::metrics::Output::names() {
            check(name, labels::output(name, lang).map(str::to_string), lang);
        }
    }
    assert!(
        missing.is_empty(),
        "no label in src/lang/labels.rs for: {missing:?}"
    );
    // English and Swedish differ where the words differ (a forgotten translation).
    let same: Vec<&str> = labels::PARAMS
        .iter()
        .chain(labels::OUTPUTS)
        .filter(|(_, en, sv)| en == sv && !["Leads", "Seed"].contains(en))
        .map(|(k, _, _)| *k)
        .collect();
    assert!(same.is_empty(), "untranslated labels: {same:?}");
}

mod common;

/// `run --lang sv` (or `lang = "sv"` under `[report]`) prints the table in Swedish, with
/// Swedish numbers, and draws Swedish charts; a language that does not exist is refused with
/// the file named.
#[test]
fn a_swedish_run_prints_and_draws_in_swedish() {
    let tmp = common::tempdir();
    let scenario = common::write_small_scenario(tmp.path());
    let out = tmp.path().join("sv");
    let assert = common::spmsim()
        .args(["run", "--lang", "sv", "--out"])
        .arg(&out)
        .arg(&scenario)
        .assert()
        .success();
    let stdout = common::stdout_of(&assert);
    for word in [
        "Intäkter",
        "Rörelsemarginal",
        "(utgångsläge)",
        "20\u{a0}världar",
        "MSEK",
    ] {
        assert!(stdout.contains(word), "no `{word}` in\n{stdout}");
    }
    assert!(
        stdout.contains(" till "),
        "intervals read `a till b`:\n{stdout}"
    );
    assert!(
        !stdout.contains("revenue"),
        "English in the Swedish table:\n{stdout}"
    );
    let svg = std::fs::read_to_string(out.join("plots/outcomes.svg")).unwrap();
    assert!(svg.contains("Intäkter"), "the charts follow --lang");

    // The same from the scenario file.
    let text = format!("{}\n[report]\nlang = \"sv\"\n", common::SMALL_SCENARIO);
    let file = tmp.path().join("svensk.toml");
    std::fs::write(&file, text).unwrap();
    let assert = common::spmsim()
        .args(["run", "--no-plots", "--out"])
        .arg(tmp.path().join("sv2"))
        .arg(&file)
        .assert()
        .success();
    assert!(common::stdout_of(&assert).contains("Rörelsemarginal"));
    // The run records the language; `report` and `plot` of it default to Swedish, and
    // `--lang` still wins.
    let sv2 = tmp.path().join("sv2");
    let manifest = common::read_json(&sv2.join("manifest.json"));
    assert_eq!(manifest["lang"], "sv");
    common::spmsim().arg("report").arg(&sv2).assert().success();
    let html = std::fs::read_to_string(sv2.join("report.html")).unwrap();
    assert!(
        html.contains("<html lang=\"sv\""),
        "report follows the run's language"
    );
    common::spmsim().arg("plot").arg(&sv2).assert().success();
    let svg = std::fs::read_to_string(sv2.join("plots/outcomes.svg")).unwrap();
    assert!(svg.contains("Intäkter"), "plot follows the run's language");
    common::spmsim()
        .args(["report", "--lang", "en"])
        .arg(&sv2)
        .assert()
        .success();
    let html = std::fs::read_to_string(sv2.join("report.html")).unwrap();
    assert!(html.contains("<html lang=\"en\""), "--lang wins");
    // A run whose scenario names no language records none: English by default.
    let en = tmp.path().join("en");
    common::spmsim()
        .args(["run", "--no-plots", "--quiet", "--out"])
        .arg(&en)
        .arg(common::write_small_scenario(tmp.path()))
        .assert()
        .success();
    assert!(
        common::read_json(&en.join("manifest.json"))
            .get("lang")
            .is_none()
    );
    common::spmsim().arg("report").arg(&en).assert().success();
    let html = std::fs::read_to_string(en.join("report.html")).unwrap();
    assert!(html.contains("<html lang=\"en\""));

    // A near miss gets a located error with a suggestion.
    let se = tmp.path().join("se.toml");
    std::fs::write(
        &se,
        format!("{}\n[report]\nlang = \"se\"\n", common::SMALL_SCENARIO),
    )
    .unwrap();
    let assert = common::spmsim()
        .args(["run", "--no-plots", "--out"])
        .arg(tmp.path().join("se"))
        .arg(&se)
        .assert()
        .code(2);
    let err = common::stderr_of(&assert);
    assert!(
        err.contains("se.toml:")
            && err.contains("report.lang")
            && err.contains("did you mean \"sv\"?"),
        "{err}"
    );

    let bad = tmp.path().join("tysk.toml");
    std::fs::write(
        &bad,
        format!("{}\n[report]\nlang = \"de\"\n", common::SMALL_SCENARIO),
    )
    .unwrap();
    let assert = common::spmsim()
        .args(["run", "--no-plots", "--out"])
        .arg(tmp.path().join("de"))
        .arg(&bad)
        .assert()
        .code(2);
    let err = common::stderr_of(&assert);
    assert!(err.contains("tysk.toml") && err.contains("lang"), "{err}");
}
