//! Fuzzing the scenario loader and validator (`spmsim::scenario::load_str`) with proptest.
//!
//! Four kinds of input: arbitrary bytes and text; structurally valid TOML built from the keys
//! the loader knows (with values of every type, including NaN, infinities, huge and negative
//! numbers, distributions and wrong types); mutations of the shipped scenarios; and every
//! parameter of the registry set to a random number. The properties: the loader never panics;
//! it returns a scenario or errors whose every message is non-empty and located sensibly; a
//! scenario it returns satisfies the invariants the model relies on without re-checking
//! (validate at the edge, trust inside); and a bad value is reported at its field.
//!
//! Each property runs `PROPTEST_CASES` cases (256 by default). A long fuzz is
//! `PROPTEST_CASES=2000000 cargo test --release --test fuzz_loader -- --nocapture`, or, for a
//! fixed time, `FUZZ_SECONDS=1800 PROPTEST_CASES=100000 cargo test ... -- --test-threads 8`
//! (see docs/reliability.md); each property prints how many cases it ran and how many loaded.

use std::cell::Cell;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};
use spmsim::metrics::Output;
use spmsim::scenario::dist::DIST_KINDS;
use spmsim::scenario::experiment::sweep_paths;
use spmsim::scenario::load::{ScenarioError, load_file};
use spmsim::scenario::params::{ACTIVITIES, KPIS, ParamSpec};
use spmsim::scenario::regime::BUILTIN_NAMES;
use spmsim::scenario::registry::{self, KeyDef, Kind};
use spmsim::scenario::{
    Dist, Motion, MotionParams, ParamRef, ParamSet, ParamValue, Scenario, load_str,
};

/// The name every fuzzed text is loaded under.
const FILE: &str = "fuzz.toml";

// ---------------------------------------------------------------------------------------------
// The properties every input must satisfy.

/// Load `text` and check the outcome: `Ok` scenarios satisfy the invariants, errors are
/// well-formed. Returns whether the text loaded.
fn check_text(text: &str) -> Result<bool, TestCaseError> {
    match load_str(text, FILE, "fuzz") {
        Ok(s) => {
            check_scenario(&s)?;
            Ok(true)
        }
        Err(e) => {
            check_errors(&e, text)?;
            Ok(false)
        }
    }
}

/// Every error names the file, has a non-empty message, and (when located) points inside the
/// text; the whole report renders.
fn check_errors(e: &ScenarioError, text: &str) -> Result<(), TestCaseError> {
    prop_assert!(!e.errors.is_empty(), "an error without any problem in it");
    let lines = text.split('\n').count();
    for err in &e.errors {
        prop_assert_eq!(&err.file, FILE);
        prop_assert!(!err.message.trim().is_empty(), "empty message in {:?}", err);
        if let Some(field) = &err.field {
            prop_assert!(!field.is_empty(), "empty field name in {:?}", err);
        }
        if let Some(line) = err.line {
            prop_assert!(
                line >= 1 && line <= lines,
                "line {} outside 1..={}: {:?}",
                line,
                lines,
                err
            );
        }
        if let Some(column) = err.column {
            prop_assert!(column >= 1, "column 0: {:?}", err);
            prop_assert!(err.line.is_some(), "a column without a line: {:?}", err);
        }
        if let Some(hint) = &err.hint {
            prop_assert!(!hint.trim().is_empty(), "empty hint in {:?}", err);
        }
    }
    let rendered = e.to_string();
    prop_assert_eq!(rendered.lines().count(), e.errors.len());
    Ok(())
}

/// The invariants of a validated scenario.
fn check_scenario(s: &Scenario) -> Result<(), TestCaseError> {
    prop_assert!(s.run.trials >= 1, "trials {}", s.run.trials);
    prop_assert!(s.run.horizon_weeks >= 1 && s.run.period_weeks >= 1);
    prop_assert!(s.run.pilot_trials >= 1);
    prop_assert!(!s.teams.is_empty(), "no team");
    for t in &s.teams {
        prop_assert!(t.reps >= 1, "team {} has {} reps", t.name, t.reps);
    }
    let baselines = s.variants.iter().filter(|v| v.baseline).count();
    prop_assert_eq!(baselines, 1, "exactly one baseline");
    let mut names: Vec<&str> = s.variants.iter().map(|v| v.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    prop_assert_eq!(names.len(), s.variants.len(), "variant names are unique");
    for v in &s.variants {
        prop_assert!(!v.name.trim().is_empty(), "empty variant name");
        prop_assert_eq!(v.regimes.len(), s.teams.len(), "a regime per team");
        prop_assert!(registry::COACHING_HOURS.contains(v.coaching_hours));
        for (i, def) in registry::LEVERS.iter().enumerate() {
            let x = v.levers.slot(i);
            prop_assert!(def.contains(x), "lever {} = {}", def.key, x);
        }
        for r in &v.regimes {
            prop_assert!(r.weights.iter().all(|w| w.is_finite() && *w >= 0.0));
            prop_assert!(r.target_level.is_finite() && r.target_level > 0.0);
            prop_assert!(r.variable_share.is_finite() && r.cap.is_finite());
        }
    }
    for (m, motion) in Motion::ALL.iter().enumerate() {
        for (what, shares) in [
            ("habit", &s.behaviour.habit[m]),
            ("playbook", &s.behaviour.playbook[m]),
        ] {
            let sum: f64 = shares.iter().sum();
            prop_assert!(
                (sum - 1.0).abs() <= 1e-6,
                "{} {} shares sum to {}",
                motion.name(),
                what,
                sum
            );
            prop_assert!(shares.iter().all(|x| *x > 0.0 && *x <= 1.0), "{:?}", shares);
        }
    }
    prop_assert!(
        s.behaviour
            .perceived_effect
            .iter()
            .flatten()
            .all(|b| (0.0..=1.0).contains(b))
    );
    check_params(&s.params, "scenario")?;
    for v in 0..s.variants.len() {
        check_params(&s.variant_params(v), &s.variants[v].name)?;
    }
    check_design(s)
}

/// The experiment design refers to existing variants and valid inputs.
fn check_design(s: &Scenario) -> Result<(), TestCaseError> {
    let d = &s.design;
    if let Some(t) = &d.threshold {
        prop_assert!(t.value.is_finite(), "threshold {}", t.value);
    }
    if let Some(sw) = &d.sweep {
        prop_assert!(!sw.points.is_empty(), "a sweep without points");
        for (v, values) in &sw.points {
            prop_assert!(*v < s.variants.len() && !s.variants[*v].baseline);
            prop_assert_eq!(values.len(), sw.parameters.len());
            prop_assert!(values.iter().all(|x| x.is_finite()));
        }
    }
    if let Some(sens) = &d.sensitivity {
        prop_assert!(sens.variant < s.variants.len());
        prop_assert!(sens.trials >= 2);
    }
    if let Some(c) = &d.correlation {
        let n = c.parameters.len();
        prop_assert!(n >= 2);
        for r in &c.parameters {
            prop_assert!(matches!(s.params.get(*r), ParamValue::Uncertain(_)));
        }
        prop_assert_eq!(c.rank_matrix.len(), n);
        prop_assert_eq!(c.cholesky.len(), n);
        for i in 0..n {
            prop_assert!((c.rank_matrix[i][i] - 1.0).abs() <= 1e-9);
            for j in 0..n {
                prop_assert!((c.rank_matrix[i][j] - c.rank_matrix[j][i]).abs() <= 1e-9);
                prop_assert!(c.cholesky[i][j].is_finite());
            }
        }
    }
    Ok(())
}

/// Every parameter is in its spec's range: fixed values directly, distributions by their
/// nominal value and (when bounded) their support; skills admit a Beta distribution.
fn check_params(p: &ParamSet, what: &str) -> Result<(), TestCaseError> {
    for r in ParamSet::refs() {
        let spec = r.spec();
        match p.get(r) {
            ParamValue::Fixed(x) => {
                prop_assert!(
                    x.is_finite() && *x >= spec.lo && *x <= spec.hi,
                    "{}: {} = {} outside [{}, {}]",
                    what,
                    r.path(),
                    x,
                    spec.lo,
                    spec.hi
                );
                prop_assert!(
                    !spec.integer || x.fract() == 0.0,
                    "{}: {} = {} is not whole",
                    what,
                    r.path(),
                    x
                );
            }
            ParamValue::Uncertain(d) => {
                prop_assert!(spec.dist, "{}: {} is a distribution", what, r.path());
                let checked = d.clone().validated();
                prop_assert_eq!(checked.as_ref(), Ok(d));
                let c = d.nominal();
                prop_assert!(
                    c >= spec.lo && c <= spec.hi,
                    "{}: {} centre {} outside the range",
                    what,
                    r.path(),
                    c
                );
                if !matches!(d, Dist::Normal { .. } | Dist::Lognormal { .. }) {
                    let (lo, hi) = d.support();
                    prop_assert!(
                        lo >= spec.lo && hi <= spec.hi,
                        "{}: {} support [{}, {}] outside the range",
                        what,
                        r.path(),
                        lo,
                        hi
                    );
                }
            }
        }
    }
    for motion in Motion::ALL {
        let get = |key: &str| {
            let i = MotionParams::index_of(key).expect("a motion parameter");
            p.get(ParamRef::Motion(motion, i)).nominal()
        };
        let (m, sd) = (get("skill_mean"), get("skill_sd"));
        prop_assert!(
            sd * sd < m * (1.0 - m),
            "{}: skill sd {} mean {}",
            what,
            sd,
            m
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Running a property with a case count and a report.

/// Run `test` on `PROPTEST_CASES` values of `strategy` (256 by default); with `FUZZ_SECONDS`
/// set, repeat with fresh random seeds until that many seconds have passed. Print the number
/// of cases, how many loaded and the time; fail with the shrunk input on any failure.
fn fuzz<S: Strategy>(
    name: &str,
    strategy: S,
    test: impl Fn(S::Value) -> Result<bool, TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let config = Config {
        // A failure prints its shrunk input; nothing is written beside the sources.
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        // Bound the shrinking of a failure found in a long run.
        max_shrink_iters: 4096,
        ..Config::default()
    };
    let budget = std::env::var("FUZZ_SECONDS").ok().map(|s| {
        s.parse::<f64>()
            .expect("FUZZ_SECONDS is a number of seconds")
    });
    let loaded = Cell::new(0u64);
    let ran = Cell::new(0u64);
    let started = Instant::now();
    let mut batches = 0u64;
    loop {
        // A new runner draws a new random seed.
        let mut runner = TestRunner::new(config.clone());
        let result = runner.run(&strategy, |v| {
            ran.set(ran.get() + 1);
            let ok = test(v)?;
            loaded.set(loaded.get() + u64::from(ok));
            Ok(())
        });
        batches += 1;
        let secs = started.elapsed().as_secs_f64();
        let done = budget.is_none_or(|b| secs >= b);
        if result.is_err() || done {
            eprintln!(
                "fuzz_loader::{name}: {} cases ({batches} x {} requested, incl. shrinking), {} loaded, {} failures, {secs:.1} s",
                ran.get(),
                config.cases,
                loaded.get(),
                u64::from(result.is_err()),
            );
        }
        if let Err(e) = result {
            panic!("fuzz_loader::{name}: {e}");
        }
        if done {
            break;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// (a) Arbitrary bytes and text.

/// Tokens that TOML and scenario files are made of, for near-TOML noise.
#[rustfmt::skip]
const TOKENS: &[&str] = &[
    "[", "]", "[[", "]]", "{", "}", "=", ",", ".", "\n", "\n", " ", "\"", "'", "\"\"\"", "#",
    "nan", "inf", "-inf", "+inf", "true", "false", "0", "1", "-1", "1e308", "1e999", "0.5", "-0.0",
    "9223372036854775807", "9223372036854775808", "0x1F", "1_000", "1979-05-27", "07:32:00",
    "dist", "\"normal\"", "\"pert\"", "min", "max", "mode", "teams", "variants", "run", "trials",
    "reps", "motion", "\"complex\"", "\"traditional\"", "baseline", "set",
    "\"complex.loss_per_week\"", "traditional", "complex", "habit", "levers", "regime", "regimes",
    "weights", "\u{e9}", "\u{1F600}", "\\u0000", "\r\n", "\t",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..80).prop_map(|t| t.concat())
}

/// A temporary file reused by the byte fuzzer to go through `load_file` too.
fn scratch_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("fuzz.toml");
    (dir, path)
}

#[test]
fn arbitrary_bytes_never_panic() {
    let (_dir, path) = scratch_file();
    fuzz(
        "arbitrary_bytes",
        (
            prop::collection::vec(any::<u8>(), 0..600),
            prop::bool::weighted(0.02),
        ),
        |(bytes, via_file)| {
            // Sometimes through the file loader (which checks UTF-8 itself; writing a file
            // every case would make this property 50 times slower), always as lossy text.
            if via_file {
                std::fs::write(&path, &bytes).expect("the scratch file can be written");
                match load_file(&path) {
                    Ok(s) => check_scenario(&s)?,
                    Err(e) => prop_assert!(e.errors.iter().all(|x| !x.message.trim().is_empty())),
                }
            }
            check_text(&String::from_utf8_lossy(&bytes))
        },
    );
}

#[test]
fn arbitrary_text_never_panics() {
    fuzz(
        "arbitrary_text",
        prop_oneof![
            any::<String>(),
            "[\\[\\]{}=\"'.,a-z_0-9 \\n#+-]{0,300}",
            token_soup(),
        ],
        |text| check_text(&text),
    );
}

// ---------------------------------------------------------------------------------------------
// (b) Structurally valid TOML from the keys the loader knows.

/// A TOML value as the generator builds it; [`render_value`] writes it as TOML text.
#[derive(Clone, Debug)]
enum V {
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
    Date(&'static str),
    Arr(Vec<V>),
    Table(Vec<(String, V)>),
}

fn render_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        render_string(k)
    }
}

fn render_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn render_float(x: f64) -> String {
    if x.is_nan() {
        if x.is_sign_negative() { "-nan" } else { "nan" }.into()
    } else if x.is_infinite() {
        if x > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        // Debug always writes a decimal point or an exponent: a TOML float.
        format!("{x:?}")
    }
}

fn render_value(v: &V) -> String {
    match v {
        V::Int(i) => i.to_string(),
        V::Float(x) => render_float(*x),
        V::Str(s) => render_string(s),
        V::Bool(b) => b.to_string(),
        V::Date(d) => (*d).to_string(),
        V::Arr(items) => {
            let parts: Vec<String> = items.iter().map(render_value).collect();
            format!("[{}]", parts.join(", "))
        }
        V::Table(entries) => {
            let parts: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{} = {}", render_key(k), render_value(v)))
                .collect();
            format!("{{ {} }}", parts.join(", "))
        }
    }
}

/// A whole document: top-level entries, each written as a `[table]` / `[[array]]` section
/// when `as_section` and the value allows it, else inline.
fn render_doc(doc: &[(String, V, bool)]) -> String {
    let mut head = String::new();
    let mut body = String::new();
    for (k, v, as_section) in doc {
        let key = render_key(k);
        match v {
            V::Table(entries) if *as_section => {
                let _ = writeln!(body, "\n[{key}]");
                for (ek, ev) in entries {
                    let _ = writeln!(body, "{} = {}", render_key(ek), render_value(ev));
                }
            }
            V::Arr(items)
                if *as_section
                    && !items.is_empty()
                    && items.iter().all(|i| matches!(i, V::Table(_))) =>
            {
                for item in items {
                    let _ = writeln!(body, "\n[[{key}]]");
                    if let V::Table(entries) = item {
                        for (ek, ev) in entries {
                            let _ = writeln!(body, "{} = {}", render_key(ek), render_value(ev));
                        }
                    }
                }
            }
            _ => {
                let _ = writeln!(head, "{key} = {}", render_value(v));
            }
        }
    }
    head + &body
}

/// Numbers no scenario should contain, and some it may.
#[rustfmt::skip]
fn wild_number() -> BoxedStrategy<V> {
    prop_oneof![
        prop::sample::select(vec![
            f64::NAN, -f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MAX, f64::MIN,
            f64::MIN_POSITIVE, 5e-324, -0.0, 0.0, 1e300, -1e300, 1e15, -1.0, 0.5, 1.5,
        ])
        .prop_map(V::Float),
        any::<f64>().prop_map(V::Float),
        (-1e6f64..1e6).prop_map(V::Float),
        any::<i64>().prop_map(V::Int),
        prop::sample::select(vec![i64::MIN, i64::MAX, -1, 0, 1, 2, 100_000_001]).prop_map(V::Int),
    ]
    .boxed()
}

/// A number in `[lo, hi]` most of the time (whole when `whole`), else anything.
fn number(lo: f64, hi: f64, whole: bool) -> BoxedStrategy<V> {
    let as_v = move |x: f64| {
        if whole {
            V::Int(x.round() as i64)
        } else {
            V::Float(x)
        }
    };
    prop_oneof![
        24 => (lo..=hi).prop_map(as_v),
        3 => prop::sample::select(vec![lo, hi]).prop_map(as_v),
        // A whole number written as a float (valid for whole-number parameters, not for
        // counts such as `reps`).
        1 => (lo..=hi).prop_map(|x| V::Float(x.round())),
        2 => wild_number(),
    ]
    .boxed()
}

/// Keys the loader knows anywhere (every registry row, plus the keys of distributions and the
/// names tables are keyed by), for unknown-key noise that is near the truth.
fn known_keys() -> Vec<&'static str> {
    let mut k: Vec<&'static str> = registry::all().map(|d| d.key).collect();
    k.extend([
        "habit", "playbook", "mean", "sd", "median", "sigma", "min", "mode", "max",
    ]);
    k.extend(["alpha", "beta", "dist"]);
    k.extend(registry::TOP_KEYS);
    k.extend(ACTIVITIES);
    k.extend(KPIS);
    k.extend(DIST_KINDS);
    k.extend(BUILTIN_NAMES);
    k
}

fn any_key() -> BoxedStrategy<String> {
    prop_oneof![
        4 => prop::sample::select(known_keys()).prop_map(str::to_string),
        2 => "[a-z_]{1,12}",
        1 => "\\PC{0,8}",
        1 => prop::sample::select(vec!["", ".", "a.b", "complex.", ".complex", "traditional..x"])
            .prop_map(str::to_string),
    ]
    .boxed()
}

fn any_string() -> BoxedStrategy<String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "traditional", "complex", "auto", "baseline", "balanced", "revenue_only", "mine",
            "normal", "beta", "", " ", "a,b", "x\"y", "SEK", "a\u{0}b", "tab\there",
        ])
        .prop_map(str::to_string),
        2 => "[a-z_]{0,10}",
        1 => "\\PC{0,20}",
        1 => any::<String>(),
    ]
    .boxed()
}

/// A table of `entries` without repeated keys (the first wins): a repeated key is a TOML
/// error, which the text fuzzers and the line mutations cover.
fn unique(entries: Vec<(String, V)>) -> V {
    let mut out: Vec<(String, V)> = Vec::new();
    for (k, v) in entries {
        if !out.iter().any(|(kk, _)| *kk == k) {
            out.push((k, v));
        }
    }
    V::Table(out)
}

/// Any value at all: scalars of every type and small nested arrays and tables.
fn any_value() -> BoxedStrategy<V> {
    let leaf = prop_oneof![
        3 => wild_number(),
        2 => any_string().prop_map(V::Str),
        1 => any::<bool>().prop_map(V::Bool),
        1 => prop::sample::select(vec![
            "1979-05-27",
            "1979-05-27T07:32:00Z",
            "1979-05-27T00:32:00.999999-07:00",
            "07:32:00",
            "1979-05-27 07:32:00",
        ])
        .prop_map(V::Date),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(V::Arr),
            prop::collection::vec((any_key(), inner), 0..4).prop_map(unique),
        ]
    })
    .boxed()
}

/// A table with each of `fields` present with probability `p`, and rarely an unknown key.
fn table(fields: Vec<(String, BoxedStrategy<V>)>, p: f64) -> BoxedStrategy<V> {
    table_p(fields.into_iter().map(|(k, s)| (k, s, p)).collect())
}

/// A table with each field present with its own probability, and rarely an unknown key.
fn table_p(fields: Vec<(String, BoxedStrategy<V>, f64)>) -> BoxedStrategy<V> {
    let parts: Vec<BoxedStrategy<Option<(String, V)>>> = fields
        .into_iter()
        .map(|(k, s, p)| prop::option::weighted(p, s.prop_map(move |v| (k.clone(), v))).boxed())
        .collect();
    let extra = prop_oneof![
        12 => Just(Vec::new()),
        1 => prop::collection::vec((any_key(), any_value()), 1..3),
    ];
    (parts, extra)
        .prop_map(|(parts, extra)| {
            let mut t: Vec<(String, V)> = parts.into_iter().flatten().collect();
            t.extend(extra);
            unique(t)
        })
        .boxed()
}

/// A distribution for a parameter valid in `[lo, hi]`: usually well-formed and inside the
/// range, sometimes with a field replaced by anything, missing, or an extra key.
fn distribution(lo: f64, hi: f64) -> BoxedStrategy<V> {
    let kind = prop_oneof![
        8 => prop::sample::select(DIST_KINDS.to_vec()).prop_map(str::to_string),
        1 => any_string(),
    ];
    let points = (lo..=hi, lo..=hi, lo..=hi).prop_map(|(a, b, c)| {
        let mut p = [a, b, c];
        p.sort_by(f64::total_cmp);
        p
    });
    let shapes = (0.05f64..20.0, 0.05f64..20.0, 0.01f64..3.0);
    let spoil = prop_oneof![
        12 => Just(None),
        1 => (any::<Index>(), any_value()).prop_map(Some),
        1 => (any::<Index>(), wild_number()).prop_map(Some),
    ];
    let drop = prop::option::weighted(0.05, any::<Index>());
    let extra = prop::option::weighted(0.05, (any_key(), any_value()));
    (kind, points, shapes, spoil, drop, extra)
        .prop_map(
            |(kind, [a, b, c], (alpha, beta, sigma), spoil, drop, extra)| {
                let f = V::Float;
                let mut t: Vec<(String, V)> = vec![("dist".into(), V::Str(kind.clone()))];
                let fields: Vec<(&str, V)> = match kind.as_str() {
                    "normal" => vec![("mean", f(b)), ("sd", f((c - a) / 4.0))],
                    "lognormal" => vec![("median", f(b)), ("sigma", f(sigma))],
                    "uniform" => vec![("min", f(a)), ("max", f(c))],
                    "triangular" | "pert" => vec![("min", f(a)), ("mode", f(b)), ("max", f(c))],
                    "beta" => vec![
                        ("alpha", f(alpha)),
                        ("beta", f(beta)),
                        ("min", f(a)),
                        ("max", f(c)),
                    ],
                    _ => vec![("mean", f(b)), ("min", f(a))],
                };
                t.extend(fields.into_iter().map(|(k, v)| (k.to_string(), v)));
                if let Some((i, v)) = spoil {
                    let i = i.index(t.len());
                    t[i].1 = v;
                }
                if let Some(i) = drop {
                    t.remove(i.index(t.len()));
                }
                if let Some(kv) = extra {
                    t.push(kv);
                }
                V::Table(t)
            },
        )
        .boxed()
}

/// A value for a registry parameter: a number, a distribution, or anything.
fn param_value(spec: &ParamSpec, col: usize) -> BoxedStrategy<V> {
    let (lo, hi) = (spec.lo, spec.hi);
    let default = spec.default[col];
    prop_oneof![
        24 => number(lo, hi, spec.integer),
        4 => Just(if spec.integer { V::Int(default as i64) } else { V::Float(default) }),
        if spec.dist { 8 } else { 1 } => distribution(lo, hi),
        1 => any_value(),
    ]
    .boxed()
}

/// Habit or playbook shares: usually six positive shares summing to 1.
fn shares() -> BoxedStrategy<V> {
    let weights = prop::collection::vec(0.001f64..1.0, 6);
    let spoil = prop_oneof![
        8 => Just(0u8),
        1 => Just(1u8), // not normalised
        1 => Just(2u8), // one activity missing
        1 => Just(3u8), // one share zero
        1 => Just(4u8), // one share anything
    ];
    (weights, spoil, any::<Index>(), wild_number())
        .prop_map(|(w, spoil, i, wild)| {
            let sum: f64 = w.iter().sum();
            let mut t: Vec<(String, V)> = ACTIVITIES
                .iter()
                .zip(&w)
                .map(|(a, x)| {
                    let x = if spoil == 1 { *x } else { x / sum };
                    (a.to_string(), V::Float(x))
                })
                .collect();
            let i = i.index(t.len());
            match spoil {
                2 => {
                    t.remove(i);
                }
                3 => t[i].1 = V::Float(0.0),
                4 => t[i].1 = wild,
                _ => {}
            }
            V::Table(t)
        })
        .boxed()
}

fn motion_section(col: usize) -> BoxedStrategy<V> {
    let mut fields: Vec<(String, BoxedStrategy<V>)> = MotionParams::SPECS
        .iter()
        .map(|s| (s.key.to_string(), param_value(s, col)))
        .collect();
    fields.push(("habit".into(), shares()));
    fields.push(("playbook".into(), shares()));
    table(fields, 0.12)
}

/// A section of parameters shared by all motions (`[people]`, ..., `[model]`).
fn shared_section(group: &str, specs: &[ParamSpec]) -> BoxedStrategy<V> {
    let fields = specs
        .iter()
        .filter(|s| s.section == group)
        .map(|s| (s.key.to_string(), param_value(s, 0)))
        .collect();
    table(fields, 0.3)
}

/// A count: an integer in `[lo, hi]`, rarely anything else.
fn count(lo: i64, hi: i64) -> BoxedStrategy<V> {
    prop_oneof![
        20 => (lo..=hi).prop_map(V::Int),
        1 => number(lo as f64, hi as f64, true),
    ]
    .boxed()
}

/// A value for a registry row of a plain section: in its range (or a text) most of the time.
fn key_value(def: &KeyDef) -> BoxedStrategy<V> {
    match def.kind {
        Kind::Number => number(def.lo, def.hi, false),
        Kind::Whole => count(def.lo as i64, def.hi as i64),
        Kind::Flag => prop_oneof![12 => any::<bool>().prop_map(V::Bool), 1 => any_value()].boxed(),
        Kind::Text | Kind::Table => {
            prop_oneof![20 => any_string().prop_map(V::Str), 1 => any_value()].boxed()
        }
    }
}

/// A table of a section's registry rows, each present with probability `p`.
fn rows_table(rows: &[KeyDef], p: f64) -> BoxedStrategy<V> {
    table(
        rows.iter()
            .map(|d| (d.key.to_string(), key_value(d)))
            .collect(),
        p,
    )
}

fn team_names() -> BoxedStrategy<String> {
    prop_oneof![
        12 => prop::sample::select(vec!["traditional", "complex", "a", "b", "north"])
            .prop_map(str::to_string),
        1 => any_string(),
    ]
    .boxed()
}

fn teams_section() -> BoxedStrategy<V> {
    let team = table_p(vec![
        ("name".into(), team_names().prop_map(V::Str).boxed(), 0.9),
        (
            "motion".into(),
            prop_oneof![
                20 => prop::sample::select(vec!["traditional", "complex"])
                    .prop_map(|m| V::Str(m.into())),
                1 => any_value(),
            ]
            .boxed(),
            0.97,
        ),
        (
            "reps".into(),
            prop_oneof![8 => count(1, 30), 1 => key_value(&registry::REPS)].boxed(),
            0.97,
        ),
    ]);
    prop_oneof![
        40 => prop::collection::vec(team, 1..4).prop_map(V::Arr),
        1 => Just(V::Arr(Vec::new())),
        1 => any_value(),
    ]
    .boxed()
}

fn regime_name() -> BoxedStrategy<String> {
    prop_oneof![
        24 => prop::sample::select(BUILTIN_NAMES.to_vec()).prop_map(str::to_string),
        3 => prop::sample::select(vec!["mine", "ours", "per_motion"]).prop_map(str::to_string),
        1 => any_string(),
    ]
    .boxed()
}

fn regimes_section() -> BoxedStrategy<V> {
    let weights = table(
        KPIS.iter()
            .map(|k| {
                (
                    k.to_string(),
                    number(registry::WEIGHT.lo, registry::WEIGHT.hi, false),
                )
            })
            .collect(),
        0.3,
    );
    let targets = prop_oneof![
        6 => Just(V::Str("auto".into())),
        3 => table(
            KPIS.iter()
                .map(|k| {
                    (
                        k.to_string(),
                        prop_oneof![Just(V::Str("auto".into())), number(registry::TARGET.lo, registry::TARGET.hi, false)].boxed(),
                    )
                })
                .collect(),
            0.3,
        ),
        1 => any_value(),
    ];
    let single = table_p(vec![
        (
            "description".into(),
            any_string().prop_map(V::Str).boxed(),
            0.3,
        ),
        ("weights".into(), weights, 0.95),
        (
            "target_level".into(),
            key_value(&registry::TARGET_LEVEL),
            0.4,
        ),
        (
            "variable_share".into(),
            key_value(&registry::VARIABLE_SHARE),
            0.4,
        ),
        ("cap".into(), key_value(&registry::CAP), 0.4),
        ("targets".into(), targets.boxed(), 0.3),
    ]);
    let per_motion = table(
        vec![
            ("traditional".into(), regime_name().prop_map(V::Str).boxed()),
            ("complex".into(), regime_name().prop_map(V::Str).boxed()),
            ("description".into(), any_string().prop_map(V::Str).boxed()),
        ],
        0.9,
    );
    let entry = (
        regime_name(),
        prop_oneof![12 => single, 4 => per_motion, 1 => any_value()],
    );
    prop::collection::vec(entry, 0..4).prop_map(unique).boxed()
}

fn perceived_section() -> BoxedStrategy<V> {
    let row = || {
        table(
            KPIS.iter()
                .map(|k| {
                    let p = &registry::PERCEIVED;
                    (k.to_string(), number(p.lo, p.hi, false))
                })
                .collect(),
            0.3,
        )
    };
    table(
        ACTIVITIES.iter().map(|a| (a.to_string(), row())).collect(),
        0.3,
    )
}

/// A variant's `set`: parameters by dotted key (`"complex.loss_per_week"`) or nested table.
fn set_table() -> BoxedStrategy<V> {
    let mut refs: Vec<(String, String, BoxedStrategy<V>)> = Vec::new();
    for motion in Motion::ALL {
        for s in MotionParams::SPECS {
            refs.push((
                motion.name().into(),
                s.key.into(),
                param_value(s, motion.index()),
            ));
        }
    }
    for (group, specs, _) in ParamRef::shared_sections() {
        for s in specs.iter().filter(|s| s.section == group) {
            refs.push((s.section.into(), s.key.into(), param_value(s, 0)));
        }
    }
    let entry = (0..refs.len(), any::<bool>()).prop_flat_map(move |(i, dotted)| {
        let (group, key, value) = refs[i].clone();
        value.prop_map(move |v| {
            if dotted {
                (format!("{group}.{key}"), v)
            } else {
                (group.clone(), V::Table(vec![(key.clone(), v)]))
            }
        })
    });
    prop_oneof![
        16 => prop::collection::vec(entry, 0..4).prop_map(merge_groups),
        1 => prop::collection::vec((any_key(), any_value()), 0..3).prop_map(V::Table),
        1 => any_value(),
    ]
    .boxed()
}

/// A table of `set` entries with the nested tables of one group merged and no key twice (a
/// repeated key is a TOML error, which the text fuzzers cover).
fn merge_groups(entries: Vec<(String, V)>) -> V {
    let mut out: Vec<(String, V)> = Vec::new();
    for (k, v) in entries {
        match (out.iter_mut().find(|(kk, _)| *kk == k), v) {
            (Some((_, V::Table(existing))), V::Table(add)) => {
                for (ak, av) in add {
                    if !existing.iter().any(|(ek, _)| *ek == ak) {
                        existing.push((ak, av));
                    }
                }
            }
            (Some(_), _) => {}
            (None, v) => out.push((k, v)),
        }
    }
    V::Table(out)
}

fn variant() -> BoxedStrategy<V> {
    let regime = prop_oneof![
        12 => regime_name().prop_map(V::Str),
        2 => table(
            vec![
                ("traditional".into(), regime_name().prop_map(V::Str).boxed()),
                ("complex".into(), regime_name().prop_map(V::Str).boxed()),
            ],
            0.7,
        ),
        1 => any_value(),
    ];
    let levers = rows_table(registry::LEVERS, 0.3);
    table_p(vec![
        (
            "name".into(),
            prop_oneof![
                16 => prop::sample::select(vec!["base", "spm", "b", "c", "d", "e"])
                    .prop_map(|n| V::Str(n.into())),
                2 => any_string().prop_map(V::Str),
                1 => any_value(),
            ]
            .boxed(),
            0.95,
        ),
        (
            "baseline".into(),
            prop_oneof![12 => any::<bool>().prop_map(V::Bool), 1 => any_value()].boxed(),
            0.5,
        ),
        (
            "description".into(),
            any_string().prop_map(V::Str).boxed(),
            0.3,
        ),
        ("regime".into(), regime.boxed(), 0.6),
        // A twentieth of the coaching range, so that most variants fit the manager's time.
        (
            registry::COACHING_HOURS.key.into(),
            number(
                registry::COACHING_HOURS.lo,
                registry::COACHING_HOURS.hi / 20.0,
                false,
            ),
            0.5,
        ),
        ("levers".into(), levers, 0.3),
        ("set".into(), set_table(), 0.3),
    ])
}

/// `[[variants]]`: often with its `baseline` flags fixed to exactly one, so that the rest of
/// the document gets validated too.
fn variants_section() -> BoxedStrategy<V> {
    let list = (
        prop::collection::vec(variant(), 1..5),
        any::<Index>(),
        prop::bool::weighted(0.85),
    )
        .prop_map(|(mut items, base, fix)| {
            if fix {
                let b = base.index(items.len());
                for (i, item) in items.iter_mut().enumerate() {
                    if let V::Table(t) = item {
                        t.retain(|(k, _)| k != "baseline");
                        if i == b {
                            t.push(("baseline".into(), V::Bool(true)));
                        }
                    }
                }
            }
            V::Arr(items)
        });
    prop_oneof![
        40 => list,
        1 => Just(V::Arr(Vec::new())),
        1 => any_value(),
    ]
    .boxed()
}

/// Names an output, threshold or sensitivity may use (and some they may not).
fn output_name() -> BoxedStrategy<V> {
    prop_oneof![
        12 => prop::sample::select(Output::names().collect::<Vec<_>>())
            .prop_map(|n| V::Str(n.into())),
        1 => any_string().prop_map(V::Str),
        1 => any_value(),
    ]
    .boxed()
}

/// Variant names the generated variants use.
fn variant_name_ref() -> BoxedStrategy<V> {
    prop_oneof![
        12 => prop::sample::select(vec!["base", "spm", "b", "c", "d", "e"])
            .prop_map(|n| V::Str(n.into())),
        1 => any_string().prop_map(V::Str),
        1 => any_value(),
    ]
    .boxed()
}

fn decision_section() -> BoxedStrategy<V> {
    table_p(vec![
        ("metric".into(), output_name(), 0.7),
        ("threshold".into(), number(-50.0, 50.0, false), 0.95),
    ])
}

fn sensitivity_section() -> BoxedStrategy<V> {
    table_p(vec![
        ("output".into(), output_name(), 0.7),
        ("variant".into(), variant_name_ref(), 0.4),
        (
            "trials".into(),
            key_value(&registry::SENSITIVITY_TRIALS),
            0.4,
        ),
    ])
}

/// Paths a sweep may vary, with their bounds, from the registry (coaching narrowed to a
/// twentieth so that most points fit the manager's time), and sometimes any text.
fn sweep_path() -> BoxedStrategy<(String, f64, f64)> {
    let paths: Vec<(String, f64, f64)> = sweep_paths()
        .into_iter()
        .map(|(p, d)| {
            let hi = if d.key == registry::COACHING_HOURS.key {
                d.hi / 20.0
            } else {
                d.hi
            };
            (p, d.lo, hi)
        })
        .collect();
    prop_oneof![
        20 => prop::sample::select(paths),
        1 => any_string().prop_map(|p| (p, 0.0, 1.0)),
    ]
    .boxed()
}

/// One `[[sweep.parameters]]` entry: `values`, or `from`/`to` (with `steps`), in range.
fn sweep_parameter() -> BoxedStrategy<V> {
    (
        sweep_path(),
        any::<bool>(),
        prop::collection::vec(0.0f64..=1.0, 1..4),
        (0.0f64..=1.0, 0.0f64..=1.0),
        1i64..6,
        prop::option::weighted(0.1, (any_key(), any_value())),
    )
        .prop_map(|((path, lo, hi), listed, us, (a, b), steps, spoil)| {
            let at = |u: f64| V::Float(lo + (hi - lo) * u);
            let mut t = vec![("path".to_string(), V::Str(path))];
            if listed {
                t.push(("values".into(), V::Arr(us.into_iter().map(at).collect())));
            } else {
                t.push(("from".into(), at(a.min(b))));
                t.push(("to".into(), at(a.max(b))));
                t.push(("steps".into(), V::Int(steps)));
            }
            if let Some((k, v)) = spoil {
                t.push((k, v));
            }
            unique(t)
        })
        .boxed()
}

fn sweep_section() -> BoxedStrategy<V> {
    table_p(vec![
        ("base".into(), variant_name_ref(), 0.3),
        (
            "design".into(),
            prop_oneof![
                8 => prop::sample::select(vec!["grid", "lhs"]).prop_map(|d| V::Str(d.into())),
                1 => any_value(),
            ]
            .boxed(),
            0.6,
        ),
        // Few points, so that a case stays fast.
        (
            "points".into(),
            count(registry::SWEEP_POINTS.lo as i64, 20),
            0.5,
        ),
        (
            "prefix".into(),
            prop_oneof![
                4 => prop::sample::select(vec!["sweep", "pt", "b", "base"])
                    .prop_map(|n| V::Str(n.into())),
                1 => any_string().prop_map(V::Str),
            ]
            .boxed(),
            0.3,
        ),
        (
            "parameters".into(),
            prop_oneof![
                12 => prop::collection::vec(sweep_parameter(), 1..3).prop_map(V::Arr),
                1 => any_value(),
            ]
            .boxed(),
            0.95,
        ),
    ])
}

/// `[correlation]`: parameter paths (often ones the generator makes uncertain) and a
/// symmetric matrix with a unit diagonal, sometimes spoiled.
fn correlation_section() -> BoxedStrategy<V> {
    let known = vec![
        "traditional.contact_hours",
        "complex.contact_hours",
        "traditional.interest_prob",
        "complex.loss_per_week",
        "people.attrition_per_year",
        "model.overwork_multiplier",
    ];
    let mut any_paths = known.clone();
    any_paths.extend(["complex.stages", "traditional.nope"]);
    let paths = prop_oneof![
        4 => prop::sample::subsequence(known, 2..=3).prop_shuffle(),
        1 => prop::collection::vec(prop::sample::select(any_paths), 0..4),
    ];
    (
        paths,
        prop::collection::vec(-1.0f64..=1.0, 6),
        prop::option::weighted(0.2, (any::<Index>(), any::<Index>(), wild_number())),
    )
        .prop_map(|(paths, rs, spoil)| {
            let n = paths.len();
            // Symmetric, unit diagonal, off-diagonal entries in [-0.5, 0.5]: usually, not
            // always, positive definite.
            let entry = |i: usize, j: usize| {
                let (a, b) = (i.max(j), i.min(j));
                if a == b {
                    1.0
                } else {
                    0.5 * rs[(a * (a - 1) / 2 + b) % rs.len()]
                }
            };
            let mut m: Vec<Vec<V>> = (0..n)
                .map(|i| (0..n).map(|j| V::Float(entry(i, j))).collect())
                .collect();
            if let Some((i, j, v)) = spoil
                && n > 0
            {
                m[i.index(n)][j.index(n)] = v;
            }
            let names = paths.into_iter().map(|p| V::Str(p.into())).collect();
            V::Table(vec![
                ("parameters".into(), V::Arr(names)),
                ("matrix".into(), V::Arr(m.into_iter().map(V::Arr).collect())),
            ])
        })
        .boxed()
}

/// Make the parameters `[correlation]` lists uncertain (a uniform over the middle of their
/// range), so that correlations get past "only uncertain inputs can be correlated".
fn make_correlated_uncertain(doc: &mut Vec<(String, V, bool)>) {
    let Some((_, V::Table(corr), _)) = doc.iter().find(|(k, _, _)| k == "correlation") else {
        return;
    };
    let Some((_, V::Arr(names))) = corr.iter().find(|(k, _)| k == "parameters") else {
        return;
    };
    let paths: Vec<String> = names
        .iter()
        .filter_map(|n| match n {
            V::Str(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    for path in paths {
        let Some(r) = ParamSet::refs().find(|r| r.path() == path) else {
            continue;
        };
        let s = r.spec();
        let dist = V::Table(vec![
            ("dist".into(), V::Str("uniform".into())),
            ("min".into(), V::Float(s.lo + 0.25 * (s.hi - s.lo))),
            ("max".into(), V::Float(s.lo + 0.75 * (s.hi - s.lo))),
        ]);
        let (group, key) = path.split_once('.').expect("a dotted path");
        if !doc.iter().any(|(k, _, _)| k == group) {
            doc.push((group.to_string(), V::Table(Vec::new()), true));
        }
        if let Some((_, V::Table(t), _)) = doc.iter_mut().find(|(k, _, _)| k == group) {
            t.retain(|(k, _)| k != key);
            t.push((key.to_string(), dist));
        }
    }
}

/// A whole scenario document: each known section present or not, sometimes an unknown one.
fn document() -> BoxedStrategy<Vec<(String, V, bool)>> {
    let mut sections: Vec<(&str, BoxedStrategy<V>, f64)> = vec![
        ("experiment", rows_table(registry::EXPERIMENT, 0.6), 0.4),
        ("run", rows_table(registry::RUN, 0.4), 0.5),
        ("teams", teams_section(), 0.4),
        ("traditional", motion_section(0), 0.4),
        ("complex", motion_section(1), 0.4),
        ("perceived_effect", perceived_section(), 0.15),
        ("regimes", regimes_section(), 0.3),
        ("variants", variants_section(), 0.6),
        ("decision", decision_section(), 0.1),
        ("sweep", sweep_section(), 0.15),
        ("sensitivity", sensitivity_section(), 0.1),
        ("correlation", correlation_section(), 0.1),
    ];
    for (group, specs, _) in ParamRef::shared_sections() {
        sections.push((group, shared_section(group, specs), 0.25));
    }
    let parts: Vec<BoxedStrategy<Option<(String, V, bool)>>> = sections
        .into_iter()
        .map(|(k, s, p)| {
            prop::option::weighted(p, (s, prop::bool::weighted(0.85)))
                .prop_map(move |o| o.map(|(v, sec)| (k.to_string(), v, sec)))
                .boxed()
        })
        .collect();
    let extra = prop_oneof![
        15 => Just(Vec::new()),
        1 => prop::collection::vec((any_key(), any_value(), any::<bool>()), 1..3),
    ];
    (parts, extra, prop::bool::weighted(0.8))
        .prop_map(|(parts, extra, make_uncertain)| {
            let mut doc: Vec<(String, V, bool)> = parts.into_iter().flatten().collect();
            if make_uncertain {
                make_correlated_uncertain(&mut doc);
            }
            for (k, v, sec) in extra {
                if !doc.iter().any(|(kk, _, _)| *kk == k) {
                    doc.push((k, v, sec));
                }
            }
            doc
        })
        .boxed()
}

#[test]
fn structured_toml_never_panics_and_loads_only_valid_scenarios() {
    fuzz(
        "structured_toml",
        document().prop_map(|doc| render_doc(&doc)),
        |text| check_text(&text),
    );
}

// ---------------------------------------------------------------------------------------------
// (c) Mutations of the shipped scenarios.

/// The shipped scenarios, by name.
fn shipped() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("scenarios/ can be listed")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("a shipped scenario is text");
            (p.display().to_string(), text)
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no shipped scenarios in {}", dir.display());
    out
}

/// One edit of a scenario's lines.
#[derive(Clone, Debug)]
enum Mutation {
    /// Replace a number (found by scanning) with another.
    Number(Index, Index, V),
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    /// Insert a line taken from any shipped scenario.
    InsertLine(Index, Index),
    /// Cut the text at a character.
    Truncate(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let replacement = prop_oneof![
        4 => wild_number(),
        2 => (-2.0f64..2.0).prop_map(V::Float),
        2 => (-5i64..100).prop_map(V::Int),
        1 => any_value(),
    ];
    prop_oneof![
        6 => (any::<Index>(), any::<Index>(), replacement)
            .prop_map(|(l, n, v)| Mutation::Number(l, n, v)),
        2 => any::<Index>().prop_map(Mutation::DeleteLine),
        2 => any::<Index>().prop_map(Mutation::DuplicateLine),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::InsertLine(a, b)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
    ]
}

/// Byte ranges of the numbers in a line: runs of `[0-9._eE+-]` with a digit, not part of a
/// word.
fn numbers_in(line: &str) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let is_num = |c: u8| c.is_ascii_digit() || matches!(c, b'.' | b'_' | b'e' | b'E' | b'+' | b'-');
    let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if is_num(b[i]) && (i == 0 || !is_word(b[i - 1])) {
            let start = i;
            while i < b.len() && is_num(b[i]) {
                i += 1;
            }
            let run = &b[start..i];
            if run.iter().any(u8::is_ascii_digit) && (i == b.len() || !is_word(b[i])) {
                out.push((start, i));
            }
        } else {
            i += 1;
        }
    }
    out
}

fn apply(text: &str, all_lines: &[String], mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for m in mutations {
        if lines.is_empty() {
            break;
        }
        match m {
            Mutation::Number(l, n, v) => {
                // The n-th number among all lines that have one, counted from line l on.
                let start = l.index(lines.len());
                let target = (0..lines.len())
                    .map(|k| (start + k) % lines.len())
                    .find(|&k| !numbers_in(&lines[k]).is_empty());
                if let Some(k) = target {
                    let nums = numbers_in(&lines[k]);
                    let (a, b) = nums[n.index(nums.len())];
                    lines[k].replace_range(a..b, &render_value(v));
                }
            }
            Mutation::DeleteLine(i) => {
                lines.remove(i.index(lines.len()));
            }
            Mutation::DuplicateLine(i) => {
                let i = i.index(lines.len());
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            Mutation::SwapLines(a, b) => {
                let (a, b) = (a.index(lines.len()), b.index(lines.len()));
                lines.swap(a, b);
            }
            Mutation::InsertLine(at, from) => {
                let l = all_lines[from.index(all_lines.len())].clone();
                lines.insert(at.index(lines.len() + 1), l);
            }
            Mutation::Truncate(at) => {
                let joined = lines.join("\n");
                let chars: Vec<char> = joined.chars().collect();
                let cut: String = chars[..at.index(chars.len() + 1)].iter().collect();
                lines = cut.lines().map(str::to_string).collect();
            }
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

#[test]
fn mutated_shipped_scenarios_never_panic() {
    let scenarios = shipped();
    // Unmutated, each loads (and satisfies the invariants).
    for (name, text) in &scenarios {
        let s = load_str(text, FILE, "fuzz").unwrap_or_else(|e| panic!("{name}: {e}"));
        check_scenario(&s).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let all_lines: Vec<String> = scenarios
        .iter()
        .flat_map(|(_, t)| t.lines().map(str::to_string))
        .collect();
    fuzz(
        "mutated_scenarios",
        (0..scenarios.len(), prop::collection::vec(mutation(), 1..5)),
        |(i, muts)| check_text(&apply(&scenarios[i].1, &all_lines, &muts)),
    );
}

/// Found by fuzzing: a quoted key with very many dots in a variant's `set` nested one table
/// per dot and overflowed the stack (the process aborted). Now it is an unknown key.
#[test]
fn a_set_key_with_many_dots_is_an_error_not_a_crash() {
    for prefix in ["a.", "traditional.", "complex.contact_hours."] {
        let key = prefix.repeat(100_000);
        let text =
            format!("[[variants]]\nname = \"b\"\nbaseline = true\nset = {{ \"{key}x\" = 1 }}\n");
        let e = load_str(&text, FILE, "fuzz").expect_err("an unknown key");
        check_errors(&e, &text).unwrap();
        assert!(e.to_string().contains("unknown key"), "{prefix}: {e}");
    }
}

/// Found by the values-only property: `skill_mean` alone, too small for the default
/// `skill_sd`, was reported at `skill_sd`, a key the file does not contain.
#[test]
fn a_skill_mean_that_breaks_the_skill_sd_is_reported_at_skill_mean() {
    let text = "[complex]\nskill_mean = 0.01\n";
    let e = load_str(text, FILE, "fuzz").expect_err("no Beta has mean 0.01 and sd 0.15");
    assert_eq!(e.errors.len(), 1, "{e}");
    assert_eq!(
        e.errors[0].field.as_deref(),
        Some("complex.skill_mean"),
        "{e}"
    );
    assert_eq!(e.errors[0].line, Some(2), "{e}");
    // Both given: reported at skill_sd, as before.
    let text = "[complex]\nskill_mean = 0.9\nskill_sd = 0.4\n";
    let e = load_str(text, FILE, "fuzz").expect_err("no Beta has mean 0.9 and sd 0.4");
    assert_eq!(
        e.errors[0].field.as_deref(),
        Some("complex.skill_sd"),
        "{e}"
    );
}

/// Sweep points set parameters after the variants were checked; a swept skill that admits no
/// Beta distribution made the model silently drop the skill spread.
#[test]
fn a_sweep_over_skills_is_checked_like_a_variant() {
    for (path, values) in [
        ("traditional.skill_mean", "[0.5, 0.02]"),
        ("complex.skill_sd", "[0.1, 0.49]"),
    ] {
        let text = format!(
            "[complex]\nskill_mean = 0.9\nskill_sd = 0.1\n[sweep]\n[[sweep.parameters]]\npath = \"{path}\"\nvalues = {values}\n"
        );
        let e = load_str(&text, FILE, "fuzz").expect_err("an impossible skill");
        check_errors(&e, &text).unwrap();
        assert_eq!(e.errors.len(), 1, "{e}");
        assert_eq!(
            e.errors[0].field.as_deref(),
            Some("sweep.parameters"),
            "{e}"
        );
        assert!(
            e.errors[0].message.contains("too large for skill_mean"),
            "{e}"
        );
    }
    // Possible values pass.
    let text =
        "[sweep]\n[[sweep.parameters]]\npath = \"traditional.skill_mean\"\nvalues = [0.3, 0.7]\n";
    let s = load_str(text, FILE, "fuzz").unwrap_or_else(|e| panic!("{e}"));
    check_scenario(&s).unwrap();
}

#[test]
fn number_scanner_finds_numbers_only() {
    assert_eq!(numbers_in("trials = 400  # x2"), [(9, 12)]);
    assert_eq!(numbers_in("a = -1.5e3, b = 1_000"), [(4, 10), (16, 21)]);
    assert_eq!(numbers_in("name = \"p2\""), Vec::<(usize, usize)>::new());
}

// ---------------------------------------------------------------------------------------------
// (d) Values only: each registry parameter set to a random number.

/// Where a parameter is written: at the top of the file, or in a variant's `set` (as a dotted
/// key or as a nested table).
#[derive(Clone, Copy, Debug)]
enum Place {
    Top,
    SetDotted,
    SetNested,
}

/// Any f64, with the special values and the spec's edges over-represented.
#[rustfmt::skip]
fn any_f64_for(spec: &ParamSpec) -> BoxedStrategy<f64> {
    let (lo, hi) = (spec.lo, spec.hi);
    let width = hi - lo;
    prop_oneof![
        3 => any::<f64>(),
        3 => prop::sample::select(vec![
            f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MAX, f64::MIN, -0.0, 1e300, -1e300,
            5e-324, lo, hi, lo - 1e-9, hi + 1e-9, lo - width, hi + width, -1.0,
        ]),
        3 => lo..=hi,
        1 => (lo..=hi).prop_map(f64::round),
        1 => -1e20f64..1e20,
    ]
    .boxed()
}

fn one_param() -> impl Strategy<Value = (ParamRef, f64, Place, bool)> {
    let refs: Vec<ParamRef> = ParamSet::refs().collect();
    (0..refs.len()).prop_flat_map(move |i| {
        let r = refs[i];
        (
            Just(r),
            any_f64_for(r.spec()),
            prop::sample::select(vec![Place::Top, Place::SetDotted, Place::SetNested]),
            any::<bool>(),
        )
    })
}

/// Write `x` as TOML: a float always, or an integer when it is a whole number and `as_int`.
fn toml_number(x: f64, as_int: bool) -> String {
    if as_int && x.is_finite() && x.fract() == 0.0 && x.abs() < 9e18 {
        format!("{}", x as i64)
    } else {
        render_float(x)
    }
}

#[test]
fn every_parameter_with_any_number_loads_or_names_its_field() {
    fuzz("values_only", one_param(), |(r, x, place, as_int)| {
        let path = r.path();
        let (group, key) = path.split_once('.').expect("a dotted path");
        let value = toml_number(x, as_int);
        let (text, field) = match place {
            Place::Top => (format!("[{group}]\n{key} = {value}\n"), path.clone()),
            Place::SetDotted => (
                format!(
                    "[[variants]]\nname = \"b\"\nbaseline = true\nset = {{ \"{path}\" = {value} }}\n"
                ),
                format!("variants[0].set.{path}"),
            ),
            Place::SetNested => (
                format!(
                    "[[variants]]\nname = \"b\"\nbaseline = true\n[variants.set.{group}]\n{key} = {value}\n"
                ),
                format!("variants[0].set.{path}"),
            ),
        };
        match load_str(&text, FILE, "fuzz") {
            Ok(s) => {
                check_scenario(&s)?;
                let got = match place {
                    Place::Top => s.params.get(r).clone(),
                    _ => s.variant_params(0).get(r).clone(),
                };
                prop_assert_eq!(got, ParamValue::Fixed(x), "{}", text);
                Ok(true)
            }
            Err(e) => {
                check_errors(&e, &text)?;
                for err in &e.errors {
                    prop_assert_eq!(
                        err.field.as_deref(),
                        Some(field.as_str()),
                        "{} = {}: {}",
                        path,
                        value,
                        e
                    );
                }
                let spec = r.spec();
                let in_range = x.is_finite() && x >= spec.lo && x <= spec.hi;
                let whole = !spec.integer || x.fract() == 0.0;
                // A valid number is rejected only for the skill constraint.
                prop_assert!(
                    !(in_range && whole) || key == "skill_mean" || key == "skill_sd",
                    "{} = {} is valid but rejected: {}",
                    path,
                    value,
                    e
                );
                Ok(false)
            }
        }
    });
}
