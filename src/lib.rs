//! spmsim: a Monte Carlo simulator of sales teams that answers what happens to revenue and
//! operating margin when what salespeople are measured, coached and rewarded on changes.
//!
//! The pipeline is: [`scenario`] (text to validated types) → [`engine`] (trials on keyed
//! random streams, in parallel) → [`model`] (the organisation week by week) → [`stats`]
//! (accumulators) → [`results`] (the summary schema) → [`export`] (files).
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
