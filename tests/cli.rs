//! Tests of the real `spmsim` binary: bad input of every kind (exit code 2, one located message,
//! nothing written), command-line flags, a small run end to end, determinism across thread
//! counts, and the shipped scenarios, `init` and `reference`.

mod common;

use std::fs;
use std::path::Path;

use common::{
    SMALL_VARIANTS, entries, normalise, read_json, root, spmsim, spmsim_in, stderr_of, stdout_of,
    tempdir, write_small_scenario,
};

// ---------------------------------------------------------------------------------------------
// Invalid scenarios: the corpus in tests/invalid/, one file per class of mistake.

/// Assert that `message` is one line, `error: <file>:<line>...`, naming `field` if given.
fn assert_one_located_error(message: &str, file: &str, field: Option<&str>) {
    let line = message.strip_suffix('\n').unwrap_or(message);
    assert!(
        !line.is_empty() && !line.contains('\n'),
        "expected exactly one message line, got:\n{message}"
    );
    let rest = line
        .strip_prefix(&format!("error: {file}:"))
        .unwrap_or_else(|| panic!("message does not start with `error: {file}:`:\n{message}"));
    assert!(
        rest.starts_with(|c: char| c.is_ascii_digit()),
        "message does not name the line:\n{message}"
    );
    if let Some(field) = field {
        assert!(
            line.contains(&format!("field `{field}`")),
            "message does not name field `{field}`:\n{message}"
        );
    }
}

/// `validate` and `run` both reject `tests/invalid/<stem>.toml` with exit code 2 and the same
/// single located message; `run` leaves nothing behind. The message is snapshotted.
fn check_invalid(stem: &str, field: Option<&str>) {
    let rel = format!("invalid/{stem}.toml");
    let text = fs::read_to_string(root().join("tests").join(&rel))
        .unwrap_or_else(|e| panic!("{rel} cannot be read: {e}"));
    let what: Vec<&str> = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .collect();
    assert!(
        !what.is_empty(),
        "{rel} must start with a comment saying what is wrong"
    );

    let validate = spmsim()
        .args(["validate", &rel])
        .assert()
        .code(2)
        .stdout("");
    let message = stderr_of(&validate);
    assert_one_located_error(&message, &rel, field);

    let tmp = tempdir();
    let run = spmsim()
        .args(["run", &rel, "--out"])
        .arg(tmp.path().join("x"))
        .assert()
        .code(2)
        .stdout("");
    assert_eq!(
        stderr_of(&run),
        message,
        "`run` and `validate` report {rel} alike"
    );
    assert_eq!(
        entries(tmp.path()),
        Vec::<String>::new(),
        "`run` of {rel} left something in the output's parent"
    );

    insta::with_settings!({ description => what.join(" "), omit_expression => true }, {
        insta::assert_snapshot!(format!("invalid_{stem}"), message);
    });
}

/// One test per corpus file, named like the file, with the field its message must name.
macro_rules! invalid_scenarios {
    ($($stem:ident: $field:expr;)*) => {
        /// The corpus files that have a test, by stem.
        const CORPUS: &[&str] = &[$(stringify!($stem)),*];

        mod invalid {
            $(
                #[test]
                fn $stem() {
                    super::check_invalid(stringify!($stem), $field);
                }
            )*
        }
    };
}

invalid_scenarios! {
    broken_toml: None;
    wrong_type: Some("run.trials");
    unknown_key_top: Some("runs");
    unknown_key_traditional: Some("traditional.contact_hour");
    unknown_key_variant: Some("variants[1].coaching_hour");
    unknown_key_levers: Some("variants[1].levers.winlos");
    probability_out_of_range: Some("traditional.custom_prob");
    nan_value: Some("complex.loss_per_week");
    negative_hours: Some("traditional.rep_hours_per_week");
    habit_shares_sum: Some("traditional.habit");
    dist_min_above_max: Some("complex.contact_hours");
    dist_unknown_kind: Some("complex.contact_hours.dist");
    integer_param_as_dist: Some("complex.stages");
    zero_reps: Some("teams[0].reps");
    absurd_trials: Some("run.trials");
    absurd_reps: Some("teams[0].reps");
    absurd_workload: Some("run.trials");
    manager_time_exceeded: Some("variants[1].coaching_hours");
    missing_baseline: Some("variants");
    two_baselines: Some("variants");
    duplicate_variant_names: Some("variants[1].name");
    empty_variant_name: Some("variants[0].name");
    unknown_regime: Some("variants[1].regime");
    skill_sd_too_large: Some("traditional.skill_sd");
    variant_skill_sd_too_large: Some("variants[1].set.traditional.skill_sd");
    unknown_headline: Some("report.headline");
    headline_is_baseline: Some("report.headline");
    decimal_comma: None;
    thousands_space: None;
}

#[test]
fn every_corpus_file_has_a_test() {
    let mut on_disk: Vec<String> = entries(&root().join("tests/invalid"))
        .into_iter()
        .filter_map(|n| n.strip_suffix(".toml").map(str::to_string))
        .collect();
    on_disk.sort();
    let mut tested: Vec<String> = CORPUS.iter().map(|s| s.to_string()).collect();
    tested.sort();
    assert_eq!(on_disk, tested, "tests/invalid/*.toml and the tests differ");
}

/// `validate` and `run` of `scenario` fail with exit code 2 and the same message, and `run`
/// creates nothing in `tmp`; returns the message with `tmp` written as `[TMP]`.
fn rejected(tmp: &Path, scenario: &Path) -> String {
    let before = entries(tmp);
    let validate = spmsim()
        .arg("validate")
        .arg(scenario)
        .assert()
        .code(2)
        .stdout("");
    let message = stderr_of(&validate);
    let run = spmsim()
        .arg("run")
        .arg(scenario)
        .arg("--out")
        .arg(tmp.join("x"))
        .assert()
        .code(2)
        .stdout("");
    assert_eq!(stderr_of(&run), message);
    assert_eq!(entries(tmp), before, "`run` left something behind");
    let message = normalise(&message, &[(tmp, "[TMP]")]);
    assert!(
        message.starts_with("error: [TMP]/") && message.trim_end().lines().count() == 1,
        "expected one message naming the file, got:\n{message}"
    );
    message
}

#[test]
fn binary_garbage_is_not_a_scenario() {
    let tmp = tempdir();
    // A PNG signature, then deterministic noise: what `spmsim run picture.png` would see.
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes.push((x >> 56) as u8);
    }
    let path = tmp.path().join("garbage.toml");
    fs::write(&path, &bytes).unwrap();
    insta::assert_snapshot!("binary_garbage", rejected(tmp.path(), &path));
}

#[test]
fn nul_bytes_are_not_a_scenario() {
    let tmp = tempdir();
    let path = tmp.path().join("nul.toml");
    fs::write(&path, "[run]\ntrials = 3\0\0\0\n").unwrap();
    insta::assert_snapshot!("nul_bytes", rejected(tmp.path(), &path));
}

#[test]
fn a_directory_is_not_a_scenario() {
    let tmp = tempdir();
    let path = tmp.path().join("scenario.toml");
    fs::create_dir(&path).unwrap();
    insta::assert_snapshot!("directory", rejected(tmp.path(), &path));
}

#[test]
fn a_missing_file_is_bad_input() {
    let tmp = tempdir();
    let path = tmp.path().join("missing.toml");
    insta::assert_snapshot!("missing_file", rejected(tmp.path(), &path));
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_bad_input() {
    use std::os::unix::fs::PermissionsExt;

    let tmp = tempdir();
    let path = write_small_scenario(tmp.path());
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    // Root (or CAP_DAC_OVERRIDE) reads a mode-000 file anyway: then there is nothing to test.
    if fs::read(&path).is_ok() {
        eprintln!(
            "skipped: {} is readable despite mode 000 (running with root's file access)",
            path.display()
        );
        return;
    }
    let message = rejected(tmp.path(), &path);
    assert!(
        message.starts_with("error: [TMP]/small.toml: cannot read the file:")
            && message.contains("ermission denied"),
        "{message}"
    );
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn an_output_directory_under_a_file_is_bad_input() {
    let tmp = tempdir();
    let scenario = write_small_scenario(tmp.path());
    let file = tmp.path().join("plain");
    fs::write(&file, "not a directory").unwrap();
    let before = entries(tmp.path());

    // Under a regular file.
    let under = spmsim()
        .arg("run")
        .arg(&scenario)
        .arg("--out")
        .arg(file.join("x"))
        .assert()
        .code(2)
        .stdout("");
    // The regular file itself.
    let at = spmsim()
        .arg("run")
        .arg(&scenario)
        .arg("--out")
        .arg(&file)
        .assert()
        .code(2)
        .stdout("");

    assert_eq!(entries(tmp.path()), before, "nothing may be created");
    assert_eq!(fs::read_to_string(&file).unwrap(), "not a directory");
    let dirs = [(tmp.path(), "[TMP]")];
    insta::assert_snapshot!("out_under_file", normalise(&stderr_of(&under), &dirs));
    insta::assert_snapshot!("out_is_file", normalise(&stderr_of(&at), &dirs));
}

// ---------------------------------------------------------------------------------------------
// Command-line flags.

/// `spmsim run small.toml --out x <flag...>` fails with exit code 2 and writes nothing.
fn bad_flag(flag: &[&str]) -> String {
    let tmp = tempdir();
    write_small_scenario(tmp.path());
    let assert = spmsim_in(tmp.path())
        .args(["run", "small.toml", "--out", "x"])
        .args(flag)
        .assert()
        .code(2)
        .stdout("");
    assert_eq!(
        entries(tmp.path()),
        ["small.toml"],
        "nothing may be written"
    );
    let message = stderr_of(&assert);
    assert!(message.starts_with("error: "), "{message}");
    message
}

#[test]
fn zero_trials_is_rejected() {
    let m = bad_flag(&["--trials", "0"]);
    assert!(m.contains("--trials"), "{m}");
    insta::assert_snapshot!("flag_trials_zero", m);
}

#[test]
fn zero_threads_is_rejected() {
    let m = bad_flag(&["--threads", "0"]);
    assert!(m.contains("--threads"), "{m}");
    insta::assert_snapshot!("flag_threads_zero", m);
}

#[test]
fn negative_seed_is_rejected() {
    let m = bad_flag(&["--seed", "-1"]);
    assert!(m.contains("--seed"), "{m}");
    insta::assert_snapshot!("flag_seed_negative", m);
}

#[test]
fn unknown_flag_is_rejected() {
    let m = bad_flag(&["--trails", "5"]);
    assert!(m.contains("--trails"), "{m}");
    insta::assert_snapshot!("flag_unknown", m);
}

#[test]
fn trials_flag_respects_the_workload_limit() {
    let tmp = tempdir();
    fs::write(
        tmp.path().join("big.toml"),
        "[run]\ntrials = 1\n\n[[teams]]\nname = \"all\"\nmotion = \"complex\"\nreps = 100000\n",
    )
    .unwrap();
    spmsim_in(tmp.path())
        .args(["validate", "big.toml"])
        .assert()
        .success();
    let assert = spmsim_in(tmp.path())
        .args(["run", "big.toml", "--out", "x", "--trials", "100000000"])
        .assert()
        .code(2)
        .stdout("");
    assert_eq!(entries(tmp.path()), ["big.toml"]);
    insta::assert_snapshot!("flag_trials_workload", stderr_of(&assert));
}

// ---------------------------------------------------------------------------------------------
// End to end.

/// The metrics every variant of `summary.json` must report, and the statistics of each.
const METRICS: [&str; 13] = [
    "revenue",
    "gross_margin",
    "operating_profit",
    "operating_margin_pct",
    "deals_won",
    "win_rate",
    "avg_discount_pct",
    "avg_cycle_weeks",
    "pipeline_open_end",
    "csat",
    "attrition",
    "variable_pay",
    "sales_cost_pct",
];
const STATS: [&str; 6] = ["mean", "sd", "se", "p05", "p50", "p95"];

/// Data rows of a CSV file (after the header), checking that it has a header.
fn csv_rows(path: &Path) -> Vec<csv::StringRecord> {
    let mut r = csv::Reader::from_path(path)
        .unwrap_or_else(|e| panic!("{} cannot be read: {e}", path.display()));
    assert!(
        !r.headers().unwrap().is_empty(),
        "{} has a header",
        path.display()
    );
    r.records()
        .map(|rec| rec.unwrap_or_else(|e| panic!("{}: bad row: {e}", path.display())))
        .collect()
}

#[test]
fn run_writes_every_result_file() {
    let tmp = tempdir();
    write_small_scenario(tmp.path());
    let assert = spmsim_in(tmp.path())
        .args(["run", "small.toml", "--out", "out", "--threads", "2"])
        .assert()
        .success()
        .stderr("");
    let stdout = stdout_of(&assert);
    for name in SMALL_VARIANTS {
        assert!(
            stdout.lines().any(|l| l.starts_with(name)),
            "table lacks `{name}`:\n{stdout}"
        );
    }
    assert!(stdout.contains("results in out"), "{stdout}");

    let out = tmp.path().join("out");
    assert_eq!(
        entries(&out),
        [
            "allocation.csv",
            "manifest.json",
            "plots",
            "summary.json",
            "trials.csv",
            "variants.csv",
            "weekly.csv"
        ]
    );
    assert!(out.join("plots/change_vs_baseline.svg").exists());
    assert_eq!(
        entries(tmp.path()),
        ["out", "small.toml"],
        "no temporary directory is left"
    );

    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["schema"], "spmsim.summary/1");
    assert_eq!(summary["trials"], 20);
    let variants = summary["variants"].as_array().expect("variants is a list");
    let names: Vec<&str> = variants
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, SMALL_VARIANTS);
    for v in variants {
        for metric in METRICS {
            let m = &v["metrics"][metric];
            for stat in STATS {
                assert!(
                    m[stat].as_f64().is_some_and(f64::is_finite),
                    "{} {metric}.{stat} is not a number: {m}",
                    v["name"]
                );
            }
            let ci = m["ci95"].as_array().expect("ci95 is a list");
            assert_eq!(ci.len(), 2, "{} {metric}.ci95: {m}", v["name"]);
            assert!(ci[0].as_f64().unwrap() <= ci[1].as_f64().unwrap());
        }
    }

    let variant_rows = csv_rows(&out.join("variants.csv"));
    for name in SMALL_VARIANTS {
        assert!(
            variant_rows.iter().any(|r| &r[0] == name),
            "variants.csv lacks {name}"
        );
    }
    let trial_rows = csv_rows(&out.join("trials.csv"));
    assert_eq!(trial_rows.len(), 20 * SMALL_VARIANTS.len());
    let weekly_rows = csv_rows(&out.join("weekly.csv"));
    assert_eq!(weekly_rows.len(), 26 * SMALL_VARIANTS.len());
    assert!(!csv_rows(&out.join("allocation.csv")).is_empty());

    let manifest = read_json(&out.join("manifest.json"));
    assert_eq!(manifest["complete"], true);
    assert_eq!(manifest["trials"], 20);
    assert_eq!(manifest["threads"], 2);
    let mut listed: Vec<&str> = manifest["files"]
        .as_array()
        .expect("files is a list")
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    listed.sort_unstable();
    let mut on_disk: Vec<String> = entries(&out).into_iter().filter(|e| e != "plots").collect();
    on_disk.extend(
        entries(&out.join("plots"))
            .into_iter()
            .map(|e| format!("plots/{e}")),
    );
    on_disk.sort_unstable();
    assert_eq!(listed, on_disk, "the manifest lists exactly the files");
}

#[test]
fn no_trials_omits_trials_csv() {
    let tmp = tempdir();
    write_small_scenario(tmp.path());
    spmsim_in(tmp.path())
        .args([
            "run",
            "small.toml",
            "--out",
            "out",
            "--no-trials",
            "--quiet",
        ])
        .assert()
        .success()
        .stdout("")
        .stderr("");
    let out = tmp.path().join("out");
    let files = entries(&out);
    assert!(!files.contains(&"trials.csv".to_string()), "{files:?}");
    assert!(files.contains(&"summary.json".to_string()), "{files:?}");
    let manifest = read_json(&out.join("manifest.json"));
    assert!(
        !manifest["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "trials.csv"),
        "{manifest}"
    );
}

#[test]
fn an_existing_output_is_kept_unless_forced() {
    let tmp = tempdir();
    write_small_scenario(tmp.path());
    let run = |extra: &[&str]| {
        spmsim_in(tmp.path())
            .args(["run", "small.toml", "--out", "out", "--threads", "1"])
            .args(extra)
            .assert()
            .success()
    };
    run(&[]);
    let marker = tmp.path().join("out/marker.txt");
    fs::write(&marker, "from an earlier run").unwrap();

    // Without --force: the earlier result stays, the new one goes beside it.
    let second = run(&[]);
    assert_eq!(
        stderr_of(&second),
        "out already exists; writing to out-2 instead (use --force to replace it)\n"
    );
    assert!(stdout_of(&second).contains("results in out-2"));
    assert!(marker.exists(), "the earlier result is untouched");
    assert!(tmp.path().join("out-2/summary.json").exists());
    assert_eq!(
        fs::read(tmp.path().join("out/summary.json")).unwrap(),
        fs::read(tmp.path().join("out-2/summary.json")).unwrap()
    );

    // Quiet, writing beside an existing result: the one line of stdout says where.
    spmsim_in(tmp.path())
        .args([
            "run",
            "small.toml",
            "--out",
            "out",
            "--threads",
            "1",
            "--quiet",
        ])
        .assert()
        .success()
        .stdout("out-3\n")
        .stderr("");
    fs::remove_dir_all(tmp.path().join("out-3")).unwrap();

    // With --force: the earlier result is replaced in place; a file the user added to it is
    // kept, and the run says so.
    let forced = run(&["--force"]);
    assert_eq!(
        stderr_of(&forced),
        "kept the files you added to out: marker.txt\n"
    );
    assert_eq!(fs::read_to_string(&marker).unwrap(), "from an earlier run");
    assert!(tmp.path().join("out/summary.json").exists());
    assert_eq!(
        read_json(&tmp.path().join("out/manifest.json"))["complete"],
        true
    );
    assert_eq!(
        entries(tmp.path()),
        ["out", "out-2", "small.toml"],
        "no out-3 and no temporary or old directories are left"
    );
}

// ---------------------------------------------------------------------------------------------
// Determinism through the binary.

/// Run the small scenario in `tmp` into `out` with extra flags; return summary.json's bytes.
fn summary_bytes(tmp: &Path, out: &str, extra: &[&str]) -> Vec<u8> {
    spmsim_in(tmp)
        .args(["run", "small.toml", "--quiet", "--out", out])
        .args(extra)
        .assert()
        .success();
    fs::read(tmp.join(out).join("summary.json")).unwrap()
}

#[test]
fn results_do_not_depend_on_threads_but_on_the_seed() {
    let tmp = tempdir();
    write_small_scenario(tmp.path());
    let one = summary_bytes(tmp.path(), "t1", &["--threads", "1"]);
    let two = summary_bytes(tmp.path(), "t2", &["--threads", "2"]);
    assert!(one == two, "summary.json differs between 1 and 2 threads");
    assert_eq!(
        fs::read(tmp.path().join("t1/trials.csv")).unwrap(),
        fs::read(tmp.path().join("t2/trials.csv")).unwrap(),
        "trials.csv differs between 1 and 2 threads"
    );
    let reseeded = summary_bytes(tmp.path(), "s8", &["--threads", "2", "--seed", "8"]);
    assert!(
        one != reseeded,
        "a different seed gave the same summary.json"
    );
}

#[test]
fn a_copy_of_the_baseline_differs_by_exactly_zero() {
    let tmp = tempdir();
    write_small_scenario(tmp.path());
    summary_bytes(tmp.path(), "out", &["--threads", "2"]);
    let summary = read_json(&tmp.path().join("out/summary.json"));
    let twin = summary["variants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "twin")
        .expect("the twin variant");
    let d = &twin["vs_baseline"]["revenue_pct"];
    assert_eq!(d["mean"].as_f64(), Some(0.0), "{d}");
    assert_eq!(d["ci95"][0].as_f64(), Some(0.0), "{d}");
    assert_eq!(d["ci95"][1].as_f64(), Some(0.0), "{d}");
    assert_eq!(twin["metrics"], summary["variants"][0]["metrics"]);
}

// ---------------------------------------------------------------------------------------------
// Shipped scenarios, init and reference.

#[test]
fn every_shipped_scenario_validates() {
    let dir = root().join("scenarios");
    let files: Vec<String> = entries(&dir)
        .into_iter()
        .filter(|n| n.ends_with(".toml"))
        .collect();
    assert!(!files.is_empty(), "no scenarios in {}", dir.display());
    let assert = spmsim_in(&dir)
        .arg("validate")
        .args(&files)
        .assert()
        .success()
        .stderr("");
    let stdout = stdout_of(&assert);
    for f in &files {
        assert!(
            stdout.lines().any(|l| l.starts_with(&format!("{f}: ok"))),
            "{f} not reported ok:\n{stdout}"
        );
    }
}

#[test]
fn init_writes_a_valid_scenario_and_keeps_it() {
    let tmp = tempdir();
    spmsim_in(tmp.path())
        .args(["init", "s.toml"])
        .assert()
        .success()
        .stdout("wrote s.toml; run it with: spmsim run s.toml\n");
    spmsim_in(tmp.path())
        .args(["validate", "s.toml"])
        .assert()
        .success()
        .stdout(predicates::str::starts_with("s.toml: ok"));
    fs::write(tmp.path().join("s.toml"), "# mine\n").unwrap();
    spmsim_in(tmp.path())
        .args(["init", "s.toml"])
        .assert()
        .code(2)
        .stderr("error: s.toml: already exists (use --force to overwrite)\n");
    assert_eq!(
        fs::read_to_string(tmp.path().join("s.toml")).unwrap(),
        "# mine\n"
    );
}

#[test]
fn reference_prints_markdown() {
    let assert = spmsim().arg("reference").assert().success().stderr("");
    let stdout = stdout_of(&assert);
    assert!(stdout.starts_with('#'), "not a Markdown heading first");
    assert!(stdout.contains("contact_hours"));
}
