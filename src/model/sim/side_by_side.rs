//! The group runner (docs/model.md section 1.4, common random numbers): the variants of one
//! trial simulated side by side, week by week, so that each seat's draws of a week that do
//! not depend on behaviour are made once ([`SharedDraws`]) and read by the other variants.
//! One variant alone runs with [`SoloDraws`]. The runner owns the draw source; the
//! simulations hold no trace of it.
//!
//! [`run_side_by_side`] (and [`TrialSim::run_weeks`], which calls it) uses a hidden runner
//! kept in a `thread_local`, one per thread: its draw buffers, once grown, serve every later
//! trial on that thread, so running a trial allocates nothing, and callers need not carry a
//! runner around. For callers this means: the buffers of the largest trial seen stay
//! allocated for the thread's life; every call starts from fresh draws (it resets the
//! buffers), so results never depend on what ran before on the thread; and a caller that
//! wants to own the buffers (or free them) uses a [`SideBySide`] of its own.

use std::cell::RefCell;

use super::super::world::{Policy, Resolved};
use super::TrialSim;
use super::draws::{SharedDraws, SoloDraws};

/// Runs the variants of one trial side by side; keeps its draw buffers from one call to the
/// next, so that after the first weeks it allocates nothing.
#[derive(Debug, Default)]
pub struct SideBySide {
    /// The draws when two or more variants run.
    shared: SharedDraws,
    /// The draws when one variant runs alone.
    solo: SoloDraws,
}

impl SideBySide {
    /// A runner with empty buffers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Simulate weeks `from..to` of the variants `sims` of one trial, `sims[k]` under
    /// `runs[k]`. Every variant gets exactly the numbers it would get alone (the draws are
    /// keyed; only who computes them first changes). Extra simulations or runs beyond the
    /// shorter of the two are left alone.
    pub fn run(
        &mut self,
        sims: &mut [TrialSim<'_>],
        runs: &[(&Policy, &Resolved)],
        from: i32,
        to: i32,
    ) {
        let n = sims.len().min(runs.len());
        let (sims, runs) = (&mut sims[..n], &runs[..n]);
        debug_assert!(sims.windows(2).all(|p| p[0].trial_key == p[1].trial_key));
        match sims {
            [] => {}
            [sim] => {
                // Draws of another trial (or call) must not be read: start afresh.
                self.solo.reset();
                let (policy, params) = runs[0];
                for w in from..to {
                    sim.week(w, policy, params, &mut self.solo);
                }
            }
            _ => {
                let seats = sims.iter().map(TrialSim::seats).max().unwrap_or(0);
                self.shared.reset(seats);
                for w in from..to {
                    for (sim, &(policy, params)) in sims.iter_mut().zip(runs) {
                        sim.week(w, policy, params, &mut self.shared);
                    }
                }
            }
        }
    }
}

thread_local! {
    /// The runner of [`run_side_by_side`], one per thread.
    static RUNNER: RefCell<SideBySide> = RefCell::new(SideBySide::new());
}

/// Simulate weeks `from..to` of several variants of one trial side by side (see
/// [`SideBySide::run`]), with a runner kept per thread.
pub fn run_side_by_side(
    sims: &mut [TrialSim<'_>],
    runs: &[(&Policy, &Resolved)],
    from: i32,
    to: i32,
) {
    RUNNER.with(|runner| match runner.try_borrow_mut() {
        Ok(mut runner) => runner.run(sims, runs, from, to),
        // Called from inside a run (it never is): a runner of its own.
        Err(_) => SideBySide::new().run(sims, runs, from, to),
    });
}
