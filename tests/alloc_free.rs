//! The weekly loop allocates nothing once it is warm (issue #6): every buffer a rep-week
//! needs (new leads, referrals due, the team's present reps, a leaver's deals ...) is reused.
//!
//! A counting global allocator counts the allocations made by this thread while a window of
//! weeks is simulated, after a burn-in and a few weeks of the horizon to warm the buffers up.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use spmsim::engine::run::Plan;
use spmsim::engine::trial::TrialHooks;
use spmsim::model::{Policy, Resolved, TrialOutcome, TrialSim, run_side_by_side};
use spmsim::scenario::{Scenario, load_file};

/// The system allocator, counting allocations (and reallocations) per thread.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

fn count() {
    // `try_with`: the thread's counter may already be gone while the thread shuts down.
    let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
}

// SAFETY: every call is forwarded to `System` unchanged; counting touches only a
// thread-local `Cell` that needs no allocation.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: forwarded with the caller's layout.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: forwarded with the caller's layout.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: forwarded with the caller's pointer, layout and size.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's pointer and layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> u64 {
    ALLOCATIONS.with(Cell::get)
}

fn scenario(file: &str) -> Scenario {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(file);
    load_file(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// Weeks of the horizon simulated before counting starts.
const WARM_UP_WEEKS: i32 = 13;

/// Hooks of the run's own trial that count the allocations made while weeks
/// `WARM_UP_WEEKS..horizon` of each group of variants run side by side.
struct CountSteadyState {
    /// Rep seats of the scenario.
    reps: u64,
    allocations: u64,
    rep_weeks: u64,
}

impl TrialHooks for CountSteadyState {
    type Kept = TrialOutcome;
    fn horizon(&mut self, sims: &mut [TrialSim<'_>], runs: &[(&Policy, &Resolved)], horizon: i32) {
        assert!(horizon > WARM_UP_WEEKS, "the horizon is too short to count");
        run_side_by_side(sims, runs, 0, WARM_UP_WEEKS);
        let before = allocations();
        run_side_by_side(sims, runs, WARM_UP_WEEKS, horizon);
        self.allocations += allocations() - before;
        self.rep_weeks += self.reps * sims.len() as u64 * (horizon - WARM_UP_WEEKS) as u64;
    }
    fn finish(
        &mut self,
        sim: &mut TrialSim<'_>,
        policy: &Policy,
        params: &Resolved,
        horizon: u32,
    ) -> TrialOutcome {
        sim.finish(policy, params, horizon)
    }
}

/// Simulate `trials` trials of every variant of `file` exactly as a run does (the engine's
/// own trial, with its burn-in, copies and groups), and count the allocations made while
/// weeks `WARM_UP_WEEKS..horizon` run. Returns (allocations, rep-weeks counted).
fn allocations_in_steady_state(file: &str, trials: u64) -> (u64, u64) {
    let s = scenario(file);
    let plan = Plan::new(&s);
    let all: Vec<usize> = (0..s.variants.len()).collect();
    let mut hooks = CountSteadyState {
        reps: u64::from(s.total_reps()),
        allocations: 0,
        rep_weeks: 0,
    };
    for t in 0..trials {
        plan.run_trial(t, &all, &mut hooks);
    }
    assert!(hooks.rep_weeks > 0, "no week was counted");
    (hooks.allocations, hooks.rep_weeks)
}

#[test]
fn the_counter_sees_allocations() {
    let before = allocations();
    let v: Vec<u64> = std::hint::black_box(vec![1, 2, 3]);
    assert!(allocations() > before, "{v:?}");
}

#[test]
fn weekly_loop_allocates_nothing_after_warm_up() {
    let (n, rep_weeks) = allocations_in_steady_state("default.toml", 20);
    assert_eq!(n, 0, "{n} allocations in {rep_weeks} rep-weeks");
}

#[test]
fn weekly_loop_with_role_routing_allocates_nothing_after_warm_up() {
    // Routing hands leads to reps of the other team: their buffers are reused too.
    let (n, rep_weeks) = allocations_in_steady_state("roles.toml", 10);
    assert_eq!(n, 0, "{n} allocations in {rep_weeks} rep-weeks");
}
