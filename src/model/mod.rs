//! The model of docs/model.md: organisation, behaviour, funnel, incentives, coaching and
//! economics. Pure computation: no I/O, every random number from a keyed stream.

pub mod behaviour;
pub mod coaching;
pub mod constants;
pub mod incentives;
pub mod outcome;
pub mod sim;
pub mod uncertainty;
pub mod world;

pub use constants::Constants;
pub use outcome::TrialOutcome;
pub use sim::{SideBySide, TrialSim, run_side_by_side};
pub use world::{Policy, Resolved};
