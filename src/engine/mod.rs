//! The engine: orchestration only. Trials in parallel on keyed random streams
//! ([`trial::run_trial`], the one place a trial is put together), in blocks, with variants
//! side by side; the outcomes go in trial order to [`crate::analysis`], so results do not
//! depend on the number of threads.

pub mod confirm;
pub mod optimise;
pub mod pilot;
pub mod record;
pub mod run;
pub mod sensitivity;
pub mod shard;
pub mod trial;

pub use run::{RunOptions, TrialSink, run};
