//! The Excel workbook, read back: `run --xlsx` and `spmsim export DIR --xlsx` write one
//! workbook whose cells hold the figures of summary.json, with native charts, frozen headers,
//! Swedish sheet names and headers with `--lang sv`, and the scenario's parameters.

mod common;

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{read_json, spmsim, tempdir, write_small_scenario};

fn workbook(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).unwrap_or_else(|e| panic!("{} is not a workbook: {e}", path.display()))
}

fn cell_f64(d: &Data) -> Option<f64> {
    match d {
        Data::Float(x) => Some(*x),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

fn cell_str(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The zip entry names of the workbook (read from its central directory, stored as plain
/// bytes): enough to see which parts it holds.
fn has_part(path: &Path, part: &str) -> bool {
    let bytes = std::fs::read(path).expect("readable");
    bytes.windows(part.len()).any(|w| w == part.as_bytes())
}

/// Row `r` of `range` as text.
fn row_text(range: &calamine::Range<Data>, r: usize) -> Vec<String> {
    (0..range.width())
        .map(|c| range.get((r, c)).map(cell_str).unwrap_or_default())
        .collect()
}

#[test]
fn run_writes_a_workbook_whose_figures_are_those_of_summary_json() {
    let tmp = tempdir();
    let scenario = write_small_scenario(tmp.path());
    let out = tmp.path().join("out");
    spmsim()
        .args(["run", "--quiet", "--no-plots", "--xlsx", "--out"])
        .arg(&out)
        .arg(&scenario)
        .assert()
        .success();
    let path = out.join("results.xlsx");
    assert!(path.is_file(), "no results.xlsx in {}", out.display());
    let summary = read_json(&out.join("summary.json"));
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(
        manifest.contains("results.xlsx"),
        "the manifest lists the workbook"
    );
    let mut wb = workbook(&path);
    let names = wb.sheet_names();
    for sheet in ["Summary", "Change vs baseline", "Variants", "Assumptions"] {
        assert!(
            names.iter().any(|n| n == sheet),
            "no sheet {sheet} in {names:?}"
        );
    }
    // The change sheet: one row per variant and output, the figures of summary.json.
    let change = wb
        .worksheet_range("Change vs baseline")
        .expect("the change sheet");
    let header = row_text(&change, 0);
    assert_eq!(header[0], "Variant");
    assert_eq!(header[3], "Expected change");
    let mut checked = 0;
    for r in 1..change.height() {
        let row = row_text(&change, r);
        let (variant, output) = (&row[0], &row[1]);
        let key = match output.as_str() {
            "Revenue change" => "revenue_pct",
            "Operating margin change" => "operating_margin_pp",
            _ => continue,
        };
        let e = &summary["variants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["name"] == variant.as_str())
            .unwrap()["vs_baseline"][key];
        let get = |c: usize| change.get((r, c)).and_then(cell_f64);
        assert_eq!(get(3), e["mean"].as_f64(), "{variant} {key} mean");
        assert_eq!(get(4), e["ci95"][0].as_f64(), "{variant} {key} low");
        assert_eq!(get(5), e["ci95"][1].as_f64(), "{variant} {key} high");
        assert_eq!(get(6), e["p05"].as_f64(), "{variant} {key} p05");
        assert_eq!(get(7), e["p95"].as_f64(), "{variant} {key} p95");
        assert_eq!(get(8), e["p_better"].as_f64(), "{variant} {key} P(better)");
        checked += 1;
    }
    assert_eq!(
        checked, 4,
        "two changes for each of the two variants besides the baseline"
    );
    // The summary sheet: each variant's mean revenue.
    let sum = wb.worksheet_range("Summary").expect("the summary sheet");
    let mut found = 0;
    for r in 0..sum.height() {
        let name = sum.get((r, 0)).map(cell_str).unwrap_or_default();
        let Some(v) = summary["variants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| name.split(' ').next() == v["name"].as_str())
        else {
            continue;
        };
        assert_eq!(
            sum.get((r, 1)).and_then(cell_f64),
            v["metrics"]["revenue"]["mean"].as_f64()
        );
        found += 1;
    }
    assert_eq!(found, 3);
    // The assumptions: the scenario's parameters with readable labels and their key.
    let assumptions = wb
        .worksheet_range("Assumptions")
        .expect("the assumptions sheet");
    let rows: Vec<Vec<String>> = (0..assumptions.height())
        .map(|r| row_text(&assumptions, r))
        .collect();
    let contact = rows
        .iter()
        .find(|r| r[3] == "traditional.contact_hours")
        .expect("a row for traditional.contact_hours");
    assert_eq!(
        contact[0],
        "Time per prospecting contact (traditional selling)"
    );
    assert_eq!(contact[1], "0.5");
    // Native charts with error bars, and frozen header rows.
    assert!(has_part(&path, "xl/charts/chart1.xml"));
    assert!(has_part(&path, "xl/charts/chart2.xml"));
    assert!(has_part(&path, "xl/drawings/drawing1.xml"));
    let zip = std::fs::read(&path).unwrap();
    assert!(!zip.is_empty());
}

#[test]
fn export_writes_a_swedish_workbook_of_a_finished_run() {
    let tmp = tempdir();
    let scenario = write_small_scenario(tmp.path());
    let out = tmp.path().join("out");
    spmsim()
        .args(["run", "--quiet", "--no-plots", "--out"])
        .arg(&out)
        .arg(&scenario)
        .assert()
        .success();
    assert!(!out.join("results.xlsx").exists());
    spmsim()
        .args(["export", "--xlsx", "--lang", "sv"])
        .arg(&out)
        .assert()
        .success();
    let path = out.join("results.xlsx");
    let mut wb = workbook(&path);
    let names = wb.sheet_names();
    assert_eq!(
        names,
        vec![
            "Sammanfattning",
            "Förändring mot utgångsläget",
            "Varianter",
            "Team",
            "Antaganden"
        ]
    );
    let change = wb.worksheet_range("Förändring mot utgångsläget").unwrap();
    let header = row_text(&change, 0);
    assert_eq!(header[3], "Förväntad förändring");
    let outputs: Vec<String> = (1..change.height())
        .map(|r| row_text(&change, r)[1].clone())
        .collect();
    assert!(
        outputs.iter().any(|o| o == "Intäktsförändring"),
        "{outputs:?}"
    );
    assert!(
        outputs.iter().any(|o| o == "Rörelsemarginal"),
        "{outputs:?}"
    );
    // No raw key is a label.
    for o in &outputs {
        assert!(!o.contains('_'), "raw key as a label: {o}");
    }
    // Deterministic: the same run exported again, a second later, gives the same bytes
    // (the document's creation time is fixed, not the clock's).
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let again = tmp.path().join("again.xlsx");
    spmsim()
        .args(["export", "--xlsx", "--lang", "sv", "--out"])
        .arg(&again)
        .arg(&out)
        .assert()
        .success();
    assert!(
        std::fs::read(&path).unwrap() == std::fs::read(&again).unwrap(),
        "two writes of the same workbook differ"
    );
    // Written atomically: no temporary file is left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn export_needs_a_format_and_a_result_directory() {
    let tmp = tempdir();
    let assert = spmsim().args(["export"]).arg(tmp.path()).assert().code(2);
    let err = common::stderr_of(&assert);
    assert!(err.contains("--xlsx"), "{err}");
    let missing = tmp.path().join("nothing");
    let assert = spmsim()
        .args(["export", "--xlsx"])
        .arg(&missing)
        .assert()
        .code(2);
    let err = common::stderr_of(&assert);
    assert!(err.contains("nothing"), "{err}");
}
