//! The engine: trials in parallel on keyed random streams, reduced in trial order so that
//! results do not depend on the number of threads.

pub mod pilot;
pub mod run;
pub mod sensitivity;
pub mod shard;

pub use run::{Precision, RunOptions, TrialSink, run};
