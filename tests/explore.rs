//! `spmsim explore` through the real binary: the server starts on a free port and prints its
//! address; foreign Host and Origin headers, oversize bodies and invalid values are refused
//! with the right status and a message; the figures at 200 trials equal `spmsim run` of the
//! saved variant at 200 trials; a burst of rapid requests leaves the server responsive and
//! ends on the figures of the last settings; a saved variant never overwrites a file.

#![allow(dead_code)]

mod explore_util;

use explore_util::*;

#[test]
fn binds_loopback_by_default_and_prints_the_address() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(&scenario_file(dir.path(), SMALL), &[]);
    assert!(s.url.starts_with("http://127.0.0.1:"), "{}", s.url);
    assert!(s.port != 0);
    let r = s.get("/");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<input") || r.body.contains("/api/state"));
    // Listening on loopback only: the socket's address is 127.0.0.1, not 0.0.0.0.
    let listen = std::fs::read_to_string("/proc/net/tcp").unwrap_or_default();
    let hex_port = format!(":{:04X}", s.port);
    if !listen.is_empty() {
        let line = listen
            .lines()
            .find(|l| {
                l.split_whitespace()
                    .nth(1)
                    .is_some_and(|a| a.ends_with(&hex_port))
            })
            .expect("the server's socket in /proc/net/tcp");
        assert!(line.contains(&format!("0100007F{hex_port}")), "{line}");
    }
}

#[test]
fn foreign_host_and_origin_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(&scenario_file(dir.path(), SMALL), &[]);
    let evil = s.request("GET", "/api/state", &[("Host", "evil.example")], b"");
    assert_eq!(evil.status, 403, "{}", evil.body);
    let wrong_port = format!("127.0.0.1:{}", s.port.wrapping_add(1));
    let r = s.request("GET", "/api/state", &[("Host", &wrong_port)], b"");
    assert_eq!(r.status, 403);
    let ok = s.request(
        "GET",
        "/api/state",
        &[("Host", &format!("localhost:{}", s.port))],
        b"",
    );
    assert_eq!(ok.status, 200);
    let body = br#"{"settings":{}}"#;
    let r = s.request(
        "POST",
        "/api/run",
        &[
            ("Origin", "http://evil.example"),
            ("Content-Type", "application/json"),
        ],
        body,
    );
    assert_eq!(r.status, 403, "{}", r.body);
    let own = format!("http://127.0.0.1:{}", s.port);
    let r = s.request("POST", "/api/run", &[("Origin", &own)], body);
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn oversize_body_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(&scenario_file(dir.path(), SMALL), &[]);
    let big = format!(
        r#"{{"settings":{{"coaching_hours":"1"}},"pad":"{}"}}"#,
        "x".repeat(100_000)
    );
    let r = s.post("/api/run", &big);
    assert_eq!(r.status, 413, "{}", r.body);
    let r = s.post("/api/save", &big);
    assert_eq!(r.status, 413, "{}", r.body);
    assert_eq!(s.get("/api/result").status, 200, "still answering");
}

#[test]
fn invalid_values_get_the_loaders_message_not_a_500() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(&scenario_file(dir.path(), SMALL), &[]);
    let cases = [
        (r#"{"settings":{"coaching_hours":"99"}}"#, "coaching_hours"),
        (r#"{"settings":{"coaching_hours":"abc"}}"#, "not a number"),
        (
            r#"{"settings":{"team.1.target_level":"50"}}"#,
            "target_level",
        ),
        (r#"{"settings":{"levers.gate":"-1"}}"#, "gate"),
        (
            r#"{"settings":{"team.0.regime":"no_such"}}"#,
            "unknown regime",
        ),
        (r#"{"settings":{"no.such.key":"1"}}"#, "unknown setting"),
        (
            r#"{"settings":{"assume.incentives.responsiveness":"50"}}"#,
            "responsiveness",
        ),
        (
            r#"{"settings":{"assume.complex.loss_per_week":"5"}}"#,
            "loss_per_week",
        ),
    ];
    for (body, needle) in cases {
        let r = s.post("/api/run", body);
        assert_eq!(r.status, 422, "{body}: {}", r.body);
        let j: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        let msg = j["error"].as_str().unwrap();
        assert!(msg.contains(needle), "{body}: {msg}");
    }
    let r = s.post("/api/run", "{not json");
    assert_eq!(r.status, 400);
    assert_eq!(s.get("/api/result").status, 200);
}

#[test]
fn figures_at_200_trials_equal_run_of_the_saved_variant() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario_file(dir.path(), SMALL);
    let s = Server::start(&file, &[]);
    let settings = r#"{"settings":{"coaching_hours":"2","team.0.target_level":"1.1",
        "team.1.regime":"quality","levers.gate":"0.5",
        "assume.complex.loss_per_week":"0.05","assume.incentives.responsiveness":"0.4"}}"#;
    let g = s.run(settings);
    let figures = s.wait_stage(g, 200);
    let saved = s.save(settings, true);
    assert!(saved.starts_with(dir.path().to_str().unwrap()), "{saved}");
    let summary = run_cli(std::path::Path::new(&saved), 200, dir.path());
    for output in ["revenue_pct", "operating_margin_pp", "operating_profit"] {
        let shown = figure(&figures, output);
        let run = change(&summary, "explore", output);
        assert_eq!(shown, run, "{output}: page {shown} vs run {run}");
    }
    // The refinement goes on to the scenario's 400 trials, equal to a run of 400.
    let figures = s.wait_stage(g, 400);
    let summary = run_cli(std::path::Path::new(&saved), 400, dir.path());
    assert_eq!(
        figure(&figures, "revenue_pct"),
        change(&summary, "explore", "revenue_pct")
    );
}

#[test]
fn a_burst_of_requests_ends_on_the_last_settings() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario_file(dir.path(), SMALL);
    let s = Server::start(&file, &[]);
    let rss_before = s.rss_kb();
    let mut last = 0;
    for i in 0..200 {
        let hours = f64::from(i % 40) / 10.0;
        last = s.run(&format!(r#"{{"settings":{{"coaching_hours":"{hours}"}}}}"#));
    }
    // Concurrent ones too.
    let url = s.addr.clone();
    let threads: Vec<_> = (0..20)
        .map(|i| {
            let url = url.clone();
            std::thread::spawn(move || {
                for k in 0..5 {
                    let h = f64::from(i * 5 + k) / 40.0;
                    let r = raw_request(
                        &url,
                        "POST",
                        "/api/run",
                        &[],
                        format!(r#"{{"settings":{{"coaching_hours":"{h}"}}}}"#).as_bytes(),
                    );
                    assert_eq!(r.status, 200, "{}", r.body);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert!(last > 0);
    let final_settings = r#"{"settings":{"coaching_hours":"1.7","levers.winloss":"0.3"}}"#;
    let g = s.run(final_settings);
    assert_eq!(s.get("/").status, 200, "responsive after the burst");
    let figures = s.wait_stage(g, 400);
    let saved = s.save(final_settings, false);
    let path = dir.path().join("final.toml");
    std::fs::write(&path, saved).unwrap();
    let summary = run_cli(&path, 400, dir.path());
    assert_eq!(
        figure(&figures, "revenue_pct"),
        change(&summary, "explore", "revenue_pct")
    );
    let rss_after = s.rss_kb();
    if let (Some(a), Some(b)) = (rss_before, rss_after) {
        assert!(b < a + 300_000, "memory grew from {a} kB to {b} kB");
    }
}

#[test]
fn a_team_own_coaching_wins_over_the_all_teams_slider() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(&scenario_file(dir.path(), SMALL), &[]);
    let read = |json: &str| team_hours(&std::fs::read_to_string(s.save(json, true)).unwrap());
    // Untouched: the proposal's one hour for both teams.
    assert_eq!(read(r#"{"settings":{}}"#), vec![1.0, 1.0]);
    assert_eq!(
        read(r#"{"settings":{"coaching_hours":"0.5"}}"#),
        vec![0.5, 0.5]
    );
    assert_eq!(
        read(r#"{"settings":{"coaching_hours":"0.5","team.1.coaching_hours":"2"}}"#),
        vec![0.5, 2.0]
    );
    assert_eq!(
        read(r#"{"settings":{"team.0.coaching_hours":"0"}}"#),
        vec![0.0, 1.0]
    );
    // A team's hours are checked by the loader like any other value.
    let r = s.post("/api/run", r#"{"settings":{"team.0.coaching_hours":"-1"}}"#);
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("coaching_hours"), "{}", r.body);
}

#[test]
fn save_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario_file(dir.path(), SMALL);
    let original = std::fs::read_to_string(&file).unwrap();
    let first = dir.path().join("small-explore-1.toml");
    std::fs::write(&first, "# mine\n").unwrap();
    let s = Server::start(&file, &[]);
    let a = s.save(r#"{"settings":{"coaching_hours":"0.5"}}"#, true);
    let b = s.save(r#"{"settings":{"coaching_hours":"0.7"}}"#, true);
    assert_ne!(a, b);
    assert!(a.ends_with("small-explore-2.toml"), "{a}");
    assert!(b.ends_with("small-explore-3.toml"), "{b}");
    assert_eq!(std::fs::read_to_string(&first).unwrap(), "# mine\n");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    // The saved file keeps the original's comments and loads.
    let text = std::fs::read_to_string(&a).unwrap();
    assert!(text.starts_with(original.trim_end()));
    assert!(text.contains("coaching_hours = 0.5"), "{text}");
    let out = assert_cmd::Command::cargo_bin("spmsim")
        .unwrap()
        .args(["validate", &a])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_bad_scenario_or_port_is_refused_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[run]\ntrials = -3\n").unwrap();
    let out = assert_cmd::Command::cargo_bin("spmsim")
        .unwrap()
        .args(["explore", bad.to_str().unwrap(), "--port", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("trials"));
}
