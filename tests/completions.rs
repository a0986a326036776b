//! Shell completions and manual pages are generated from the command-line definition: every
//! command appears in them, the bash script is valid bash, `man --dir` writes a page per
//! command.

use assert_cmd::Command;

const COMMANDS: [&str; 9] = [
    "run",
    "validate",
    "init",
    "sweep",
    "sensitivity",
    "merge",
    "report",
    "completions",
    "explore",
];

fn stdout(args: &[&str]) -> String {
    let out = Command::cargo_bin("spmsim")
        .unwrap()
        .args(args)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn completions_know_every_command_and_parse() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&["completions", shell]);
        for c in COMMANDS {
            assert!(script.contains(c), "{shell} completions lack `{c}`");
        }
        assert!(script.contains("--precision"), "{shell}: flags of run");
    }
    let bash = stdout(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("spmsim.bash");
    std::fs::write(&file, bash).unwrap();
    if let Ok(status) = std::process::Command::new("bash")
        .arg("-n")
        .arg(&file)
        .status()
    {
        assert!(status.success(), "bash -n rejects the completion script");
    }
    Command::cargo_bin("spmsim")
        .unwrap()
        .args(["completions", "tcsh"])
        .assert()
        .code(2);
}

#[test]
fn man_pages_cover_every_command() {
    let page = stdout(&["man"]);
    assert!(page.contains(".TH spmsim 1"), "{page}");
    for c in COMMANDS {
        assert!(
            page.contains(&format!("spmsim\\-{c}")),
            "the page lacks `{c}`"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    stdout(&["man", "--dir", out.to_str().unwrap()]);
    for c in COMMANDS {
        let f = out.join(format!("spmsim-{c}.1"));
        let text =
            std::fs::read_to_string(&f).unwrap_or_else(|_| panic!("{} missing", f.display()));
        assert!(text.contains(".TH"));
    }
    let run = std::fs::read_to_string(out.join("spmsim-run.1")).unwrap();
    assert!(
        run.contains("precision"),
        "the run page documents its flags"
    );
}
