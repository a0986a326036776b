//! Shared by tests/explore.rs and tests/explore_browser.rs: start `spmsim explore` on a free
//! port, talk HTTP/1.1 to it over a plain socket, and run `spmsim run` for comparison.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The default organisation over a shorter horizon, with one uncertain assumption.
pub const SMALL: &str = r#"
# A small workshop scenario.
[experiment]
name = "small"
description = "Motion-matched steering with coaching, shorter horizon"

[run]
trials = 400
seed = 77
burn_in_weeks = 13
horizon_weeks = 26
period_weeks = 13

[[teams]]
name = "inside"
motion = "traditional"
reps = 8

[[teams]]
name = "enterprise"
motion = "complex"
reps = 6

[complex]
loss_per_week = { dist = "pert", min = 0.01, mode = 0.02, max = 0.04 }

[[variants]]
name = "baseline"
baseline = true

[[variants]]
name = "spm"
regime = "balanced"
coaching_hours = 1.0
"#;

/// Write `text` as `dir/small.toml`.
pub fn scenario_file(dir: &Path, text: &str) -> PathBuf {
    let p = dir.join("small.toml");
    std::fs::write(&p, text).unwrap();
    p
}

/// A running `spmsim explore`, killed on drop.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// The printed URL.
    pub url: String,
    /// The port.
    pub port: u16,
}

/// An HTTP answer.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One request on a fresh connection (`Host` defaults to `addr`).
pub fn raw_request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        req.push_str(&format!("Host: {addr}\r\n"));
    }
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        && !body.is_empty()
    {
        req.push_str("Content-Type: application/json\r\n");
    }
    req.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    s.write_all(req.as_bytes()).unwrap();
    // The server may answer (413) before reading the whole body; a failed write is fine.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_string()
    };
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

impl Server {
    /// Start `spmsim explore FILE --port 0 EXTRA...` and wait for its address.
    pub fn start(file: &Path, extra: &[&str]) -> Server {
        let bin = assert_cmd::cargo::cargo_bin("spmsim");
        let mut child = Command::new(bin)
            .args(["explore", file.to_str().unwrap(), "--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start spmsim explore");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).expect("the address line");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        let addr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let port = addr.rsplit(':').next().unwrap().parse().unwrap();
        Server {
            child,
            addr,
            url,
            port,
        }
    }

    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Reply {
        raw_request(&self.addr, method, path, headers, body)
    }

    pub fn get(&self, path: &str) -> Reply {
        self.request("GET", path, &[], b"")
    }

    pub fn post(&self, path: &str, body: &str) -> Reply {
        self.request("POST", path, &[], body.as_bytes())
    }

    /// Submit settings; returns the generation.
    pub fn run(&self, body: &str) -> u64 {
        let r = self.post("/api/run", body);
        assert_eq!(r.status, 200, "{}", r.body);
        let j: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        j["generation"].as_u64().unwrap()
    }

    /// Wait for the figures of request `g` at `trials` trials.
    pub fn wait_stage(&self, g: u64, trials: u64) -> serde_json::Value {
        let t0 = Instant::now();
        loop {
            let r = self.get(&format!("/api/stage?generation={g}&trials={trials}"));
            if r.status == 200 {
                let j: serde_json::Value = serde_json::from_str(&r.body).unwrap();
                return j["figures"].clone();
            }
            let res = self.get("/api/result");
            assert!(!res.body.contains("\"error\":\""), "{}", res.body);
            assert!(
                t0.elapsed() < Duration::from_secs(600),
                "no stage {trials} of request {g}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Save settings; with `write`, returns the path written, else the file text.
    pub fn save(&self, body: &str, write: bool) -> String {
        let body = body
            .trim_end()
            .strip_suffix('}')
            .expect("a JSON object")
            .to_string()
            + &format!(",\"write\":{write}}}");
        let r = self.post("/api/save", &body);
        assert_eq!(r.status, 200, "{}", r.body);
        if write {
            r.header("x-saved-to").expect("x-saved-to").to_string()
        } else {
            r.body
        }
    }

    /// Resident memory of the server (Linux), in kB.
    pub fn rss_kb(&self) -> Option<u64> {
        let s = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        s.lines()
            .find(|l| l.starts_with("VmRSS:"))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `spmsim run FILE --trials N` into a fresh directory under `dir`; the summary.
pub fn run_cli(file: &Path, trials: u64, dir: &Path) -> serde_json::Value {
    let out = dir.join(format!(
        "run-{}-{trials}",
        file.file_stem().unwrap().to_string_lossy()
    ));
    let o = assert_cmd::Command::cargo_bin("spmsim")
        .unwrap()
        .args([
            "run",
            file.to_str().unwrap(),
            "--trials",
            &trials.to_string(),
        ])
        .args([
            "--out",
            out.to_str().unwrap(),
            "--force",
            "--no-plots",
            "--no-trials",
            "-q",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

/// The mean of `output` among the page's figures.
pub fn figure(figures: &serde_json::Value, output: &str) -> f64 {
    figures
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["output"] == output)
        .and_then(|f| f["mean"].as_f64())
        .unwrap_or_else(|| panic!("no {output} in {figures}"))
}

/// The expected change of `output` of `variant` in a summary.
pub fn change(summary: &serde_json::Value, variant: &str, output: &str) -> f64 {
    summary["variants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == variant)
        .and_then(|v| v["vs_baseline"][output]["mean"].as_f64())
        .unwrap_or_else(|| panic!("no {variant}.{output}"))
}

/// The `explore` variant's coaching hours per team of [`SMALL`] (inside, enterprise) in a
/// saved scenario text: a table by team name, or one number for both.
pub fn team_hours(text: &str) -> Vec<f64> {
    let table: toml::Table = text.parse().unwrap();
    let v = table["variants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"].as_str() == Some("explore"))
        .unwrap();
    let num = |x: &toml::Value| x.as_float().or(x.as_integer().map(|i| i as f64)).unwrap();
    match &v["coaching_hours"] {
        toml::Value::Table(t) => ["inside", "enterprise"]
            .iter()
            .map(|n| num(&t[*n]))
            .collect(),
        x => vec![num(x); 2],
    }
}
