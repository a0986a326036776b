//! spmsim: a Monte Carlo simulator of sales teams that answers what happens to revenue and
//! operating margin when what salespeople are measured, coached and rewarded on changes.
//!
//! The pipeline is: [`scenario`] (text to validated types) → [`engine`] (trials on keyed
//! random streams, in parallel) → [`model`] (the organisation week by week) → [`analysis`]
//! (estimands, accumulators folded in trial order, the summary, the precision check) →
//! [`results`] (the summary schema) → [`export`], [`plot`], [`report`] (files).
//!
//! The modules form layers; each uses only modules below it (a test checks that the graph
//! of `crate::` paths between top-level modules has no cycle):
//!
//! 1. leaves: [`rng`] (keyed randomness), [`metrics`] (the output vocabulary: `M`, `Change`,
//!    `Output`), [`lang`] (languages and number formats);
//! 2. [`stats`] (moments, quantiles, paired differences) and [`scenario`] (the validated
//!    scenario, the built-in default);
//! 3. [`model`] (one trial of one variant, week by week) and [`results`] (the summary schema);
//! 4. [`analysis`] (what is estimated from trial outcomes, and how);
//! 5. [`engine`] (orchestration: one `run_trial`, blocks in parallel, side-by-side groups,
//!    the pilot, sensitivity, shards);
//! 6. [`export`], [`plot`] and [`report`] (read a `results::Summary`; the report embeds the
//!    plots);
//! 7. [`cli`] (commands).
//!
//! ```
//! use spmsim::engine::{RunOptions, run};
//! use spmsim::scenario::load_str;
//!
//! let text = "[run]\ntrials = 4\npilot_trials = 4\nburn_in_weeks = 4\nhorizon_weeks = 13\n";
//! let scenario = load_str(text, "example.toml", "example").unwrap();
//! let summary = run(&scenario, 1, RunOptions::default()).unwrap();
//! assert_eq!(summary.trials, 4);
//! assert!(summary.variants[0].metrics.get("revenue").unwrap().mean > 0.0);
//! ```
#![warn(missing_docs)]
// Index loops read closer to the equations of the model documentation.
#![allow(clippy::needless_range_loop)]

pub mod analysis;
pub mod cli;
pub mod engine;
pub mod export;
pub mod lang;
pub mod metrics;
pub mod model;
pub mod plot;
pub mod report;
pub mod results;
pub mod rng;
pub mod scenario;
pub mod stats;

#[cfg(test)]
mod layers {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    /// Top-level modules named after `crate::` in `text` (comments skipped), including
    /// grouped imports such as `crate::{a, b::c}`.
    fn uses(text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or("");
            let mut rest = code;
            while let Some(i) = rest.find("crate::") {
                rest = &rest[i + "crate::".len()..];
                let names: Vec<&str> = match rest.strip_prefix('{') {
                    Some(group) => group
                        .split(',')
                        .map(|item| item.trim().split("::").next().unwrap_or(""))
                        .collect(),
                    None => vec![rest],
                };
                for n in names {
                    let ident: String = n
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if modules.contains(&ident) {
                        out.insert(ident);
                    }
                }
            }
        }
        out
    }

    fn sources(path: &Path, out: &mut String) {
        if path.is_dir() {
            for entry in std::fs::read_dir(path).expect("readable directory") {
                sources(&entry.expect("an entry").path(), out);
            }
        } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
            out.push_str(&std::fs::read_to_string(path).expect("readable source"));
            out.push('\n');
        }
    }

    #[test]
    fn top_level_modules_form_layers_without_cycles() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
        let modules: BTreeSet<String> = lib
            .lines()
            .filter_map(|l| l.strip_prefix("pub mod ")?.strip_suffix(';'))
            .map(str::to_string)
            .collect();
        assert!(modules.len() > 10, "modules found: {modules:?}");
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for m in &modules {
            let mut text = String::new();
            sources(&src.join(m), &mut text);
            sources(&src.join(format!("{m}.rs")), &mut text);
            assert!(!text.is_empty(), "no source for module {m}");
            let mut deps = uses(&text, &modules);
            deps.remove(m);
            graph.insert(m.clone(), deps);
        }
        for leaf in ["rng", "metrics", "lang"] {
            assert!(
                graph[leaf].is_empty(),
                "{leaf} is a leaf: uses {:?}",
                graph[leaf]
            );
        }
        // Depth-first search for a cycle; report it as a path.
        fn visit(
            m: &str,
            graph: &BTreeMap<String, BTreeSet<String>>,
            path: &mut Vec<String>,
            done: &mut BTreeSet<String>,
        ) {
            if let Some(i) = path.iter().position(|p| p == m) {
                panic!("module cycle: {} -> {m}", path[i..].join(" -> "));
            }
            if done.contains(m) {
                return;
            }
            path.push(m.to_string());
            for d in &graph[m] {
                visit(d, graph, path, done);
            }
            path.pop();
            done.insert(m.to_string());
        }
        let mut done = BTreeSet::new();
        for m in graph.keys() {
            visit(m, &graph, &mut Vec::new(), &mut done);
        }
    }

    #[test]
    fn the_scan_sees_grouped_imports_and_skips_comments() {
        let modules: BTreeSet<String> = ["a", "b", "c", "d"].map(String::from).into();
        let text = "use crate::{a::X, b};\n// crate::c\nlet x = crate::d::f();";
        let found: Vec<String> = uses(text, &modules).into_iter().collect();
        assert_eq!(found, ["a", "b", "d"]);
    }
}
