//! spmsim: a Monte Carlo simulator of sales teams that answers what happens to revenue and
//! operating margin when what salespeople are measured, coached and rewarded on changes.
//!
//! The pipeline is: [`scenario`] (text to validated types) → [`engine`] (trials on keyed
//! random streams, in parallel) → [`model`] (the organisation week by week) → [`analysis`]
//! (estimands, accumulators folded in trial order, the summary, the precision check) →
//! [`results`] (the summary schema) → [`export`], [`plot`], [`report`] (files).
//!
//! The modules form layers; each uses only modules below it (`tests/layers.rs` reads the
//! sources and fails on any `crate::` path that points sideways or up, and on a new module
//! that has no layer yet):
//!
//! 1. leaves: [`rng`] (keyed randomness), [`metrics`] (the output vocabulary: `M`, `Change`,
//!    `Output`), [`lang`] (languages and number formats);
//! 2. [`stats`] (moments, quantiles, paired differences) and [`scenario`] (the validated
//!    scenario, the built-in default);
//! 3. [`model`] (one trial of one variant, week by week), [`results`] (the summary schema) and
//!    [`crm`] (CRM opportunity exports read, checked and summarised as observed moments);
//! 4. [`analysis`] (what is estimated from trial outcomes, and how);
//! 5. [`engine`] (orchestration: one `run_trial`, blocks in parallel, side-by-side groups,
//!    the pilot, sensitivity, shards);
//! 6. [`export`] (the result writer: summary, per-trial outcomes, shard files), [`plot`]
//!    (charts of a `results::Summary`) and [`calibrate`] (the baseline fitted to a CRM export);
//! 7. [`report`] (the HTML page; embeds the plots) and [`explore`] (the live what-if page of
//!    `spmsim explore`: a local web server that re-simulates a scenario as its settings
//!    change);
//! 8. [`cli`] (commands).
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
pub mod calibrate;
pub mod cli;
pub mod crm;
pub mod engine;
pub mod explore;
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
