//! The report in a real browser: headless Chromium opens `report.html` (English and
//! Swedish), takes a screenshot that must not be blank, and must log no console errors; the
//! decision sections (answer, operating profit, transition, teams) render on their own too.
//! `.ci/run` installs Debian's `chromium`; outside CI the test is skipped when it is missing.

use std::path::{Path, PathBuf};
use std::process::Command as Proc;

use assert_cmd::Command;

const SCENARIO: &str = r#"
[run]
trials = 16
seed = 12
pilot_trials = 8
burn_in_weeks = 13
horizon_weeks = 26
[[variants]]
name = "baseline"
baseline = true
[[variants]]
name = "spm"
regime = "balanced"
coaching_hours = 1.0
"#;

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let out = Proc::new("sh")
                .args(["-c", &format!("command -v {name}")])
                .output()
                .ok()?;
            out.status
                .success()
                .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
        })
}

/// Screenshot `page` at 1280 x 1600; returns the PNG path and what Chromium logged.
fn screenshot(browser: &Path, page: &Path, dir: &Path, name: &str) -> (PathBuf, String) {
    let shot = dir.join(format!("{name}.png"));
    let profile = dir.join(format!("profile-{name}"));
    let out = Proc::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1280,1600",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("start chromium");
    let log = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "chromium failed: {log}");
    (shot, log)
}

fn assert_not_blank(png_path: &Path) {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).expect("screenshot"),
    ));
    let mut reader = decoder.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("png frame");
    assert_eq!((info.width, info.height), (1280, 1600));
    let px = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let mut colours = std::collections::HashSet::new();
    let mut non_white = 0usize;
    for p in pixels.chunks_exact(px) {
        let rgb = (p[0], p[1], p[2.min(px - 1)]);
        colours.insert(rgb);
        if rgb != (255, 255, 255) {
            non_white += 1;
        }
    }
    let total = pixels.len() / px;
    assert!(
        colours.len() > 20,
        "only {} colours: blank page?",
        colours.len()
    );
    assert!(
        non_white * 50 > total,
        "{non_white} of {total} pixels are not white"
    );
}

#[test]
fn report_renders_in_headless_chromium_without_console_errors() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is missing in CI: .ci/run must install it"
        );
        eprintln!("skipped: no chromium on this machine");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let sc = tmp.path().join("s.toml");
    std::fs::write(&sc, SCENARIO).unwrap();
    let run = tmp.path().join("run");
    Command::cargo_bin("spmsim")
        .unwrap()
        .args(["run", sc.to_str().unwrap(), "--quiet", "--out"])
        .arg(&run)
        .assert()
        .success();
    for lang in ["en", "sv"] {
        Command::cargo_bin("spmsim")
            .unwrap()
            .args(["report", run.to_str().unwrap(), "--lang", lang])
            .assert()
            .success();
        let page = run.join("report.html");
        assert!(page.exists());
        let (shot, log) = screenshot(&browser, &page, tmp.path(), lang);
        let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
        assert!(console.is_empty(), "console messages: {console:?}");
        assert_not_blank(&shot);
        // The decision sections render on their own (with the page's stylesheet): the key
        // figures under the headline, the P&L bridge, the transition and the teams.
        let html = std::fs::read_to_string(&page).unwrap();
        let head = &html[..html.find("<body>").expect("a body") + "<body>".len()];
        for id in ["answer", "profit", "transition", "teams"] {
            let start = html
                .find(&format!("<section id=\"{id}\">"))
                .unwrap_or_else(|| panic!("{lang}: section {id} missing"));
            let end = start + html[start..].find("</section>").unwrap() + "</section>".len();
            let part = tmp.path().join(format!("{lang}-{id}.html"));
            std::fs::write(&part, format!("{head}{}</body></html>", &html[start..end])).unwrap();
            let (shot, log) = screenshot(&browser, &part, tmp.path(), &format!("{lang}-{id}"));
            let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
            assert!(
                console.is_empty(),
                "{lang} {id}: console messages: {console:?}"
            );
            assert_not_blank(&shot);
        }
    }
}
