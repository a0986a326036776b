//! `spmsim init` from the command line: flags for scripts, the written file loads and runs,
//! bad flags exit 2 with the flag named.

use std::fs;

use assert_cmd::Command;

fn spmsim_in(dir: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("spmsim").unwrap();
    c.current_dir(dir);
    c
}

#[test]
fn flags_make_a_starter_for_our_company() {
    let tmp = tempfile::tempdir().unwrap();
    spmsim_in(tmp.path())
        .args([
            "init",
            "acme.toml",
            "--name",
            "acme-2027",
            "--team",
            "inside=traditional:12",
            "--team",
            "enterprise=complex:6",
            "--currency",
            "EUR",
            "--deal-value",
            "traditional=8000",
            "--deal-value",
            "complex=250000",
        ])
        .write_stdin("")
        .assert()
        .success()
        .stdout("wrote acme.toml; run it with: spmsim run acme.toml\n");
    let text = fs::read_to_string(tmp.path().join("acme.toml")).unwrap();
    assert!(text.contains("name = \"acme-2027\""), "{text}");
    assert!(text.contains("name = \"inside\"") && text.contains("reps = 12"));
    assert!(text.contains("currency = \"EUR\""));
    assert!(text.contains("average deal value of 250000 EUR"), "{text}");
    assert!(text.contains("name = \"proposal\""));
    let out = tmp.path().join("out");
    spmsim_in(tmp.path())
        .args([
            "run",
            "acme.toml",
            "--trials",
            "4",
            "--no-plots",
            "--quiet",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(
        summary["experiment"], "acme-2027",
        "the report is not titled \"default\""
    );
    assert_eq!(summary["currency"], "EUR");
}

#[test]
fn bad_flags_name_the_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let assert = spmsim_in(tmp.path())
        .args(["init", "x.toml", "--team", "inside=trad:zero"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("--team") && stderr.contains("reps must be a whole number"),
        "{stderr}"
    );
    spmsim_in(tmp.path())
        .args([
            "init",
            "x.toml",
            "--team",
            "a=traditional:2",
            "--team",
            "a=complex:3",
        ])
        .assert()
        .code(2)
        .stderr("error: --team: the name `a` is used twice\n");
    assert!(!tmp.path().join("x.toml").exists());
}
