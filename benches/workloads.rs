//! The standard workloads of issue #6, each timed once (they run for seconds, so one run
//! is a measurement; criterion's repetitions would take many minutes):
//!
//! - **W1** `scenarios/default.toml`, 10 000 trials, its 5 variants, 26 burn-in + 52 weeks,
//!   on all cores and on one thread (the speed-up);
//! - **W2** `benches/workloads/w2-large-org.toml`, 100 teams of 10 reps, 1 000 trials,
//!   2 variants;
//! - **W3** `benches/workloads/w3-coaching-sweep.toml`, 21 variants (a 20-point coaching
//!   sweep) of 2 000 trials;
//! - **linearity**: simulation cost of the default organisation (2 variants, 200 trials) and
//!   of 10 times the trials, the reps and the weeks.
//!
//! Run `cargo bench --bench workloads` (about two minutes on 2 cores), or name the
//! workloads to run: `cargo bench --bench workloads -- W1 linearity`. Each line gives wall
//! and CPU time and rep-weeks per second per core; docs/performance.md has the table.

use std::path::{Path, PathBuf};
use std::time::Instant;

use spmsim::engine::pilot::PILOT_PASSES;
use spmsim::engine::run::Plan;
use spmsim::engine::{RunOptions, run};
use spmsim::scenario::{Scenario, load_file, load_str};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(path: &Path) -> Scenario {
    load_file(path).unwrap_or_else(|e| panic!("{e}"))
}

/// CPU seconds used by this process so far (user + system, from /proc; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which may hold spaces) start with the state (field 3);
    // utime and stime are fields 14 and 15, in clock ticks of 1/100 s.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
    match (ticks(11), ticks(12)) {
        (Some(u), Some(s)) => (u + s) / 100.0,
        _ => 0.0,
    }
}

/// Rep-weeks a run simulates: the pilot's passes, then each trial's burn-in and every
/// variant's horizon.
fn rep_weeks(s: &Scenario, with_pilot: bool) -> f64 {
    let reps = f64::from(s.total_reps());
    let r = &s.run;
    let trials = r.trials as f64
        * reps
        * f64::from(r.burn_in_weeks + r.horizon_weeks * s.variants.len() as u32);
    let pilot = f64::from(r.pilot_trials)
        * PILOT_PASSES as f64
        * reps
        * f64::from(r.burn_in_weeks + r.horizon_weeks);
    trials + if with_pilot { pilot } else { 0.0 }
}

fn threads_available() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Run a whole experiment (pilot, trials, reduction) and print one line of the table.
fn time_run(name: &str, s: &Scenario, threads: usize) -> f64 {
    let work = rep_weeks(s, true);
    let cpu0 = cpu_seconds();
    let t0 = Instant::now();
    let summary = run(s, threads, RunOptions::default()).expect("the run completes");
    let wall = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
    std::hint::black_box(&summary);
    println!(
        "| {name} | {} | {} | {} | {threads} | {:.1} | {wall:.2} | {cpu:.2} | {:.2} | {:.0} |",
        s.run.trials,
        s.total_reps(),
        s.variants.len(),
        work / 1e6,
        work / (wall * threads as f64) / 1e6,
        cpu * 1e9 / work,
    );
    wall
}

/// W1 on all threads and on one: returns the speed-up.
fn workload_1(threads: usize) -> Option<f64> {
    let mut s = load(&root().join("scenarios/default.toml"));
    s.run.trials = 10_000;
    let wall_n = time_run("W1 default", &s, threads);
    (threads > 1).then(|| time_run("W1 default", &s, 1) / wall_n)
}

fn workload_file(name: &str, file: &str, threads: usize) {
    let s = load(&root().join("benches/workloads").join(file));
    time_run(name, &s, threads);
}

/// The default organisation, scaled: `reps` times the teams, `weeks` times the weeks.
fn scaled_scenario(trials: u64, reps: usize, weeks: u32) -> Scenario {
    let mut text = format!(
        "[run]\ntrials = {trials}\npilot_trials = 20\nseed = 5\nburn_in_weeks = {}\nhorizon_weeks = {}\n\n",
        26 * weeks,
        52 * weeks
    );
    for i in 0..reps {
        text.push_str(&format!(
            "[[teams]]\nname = \"trad-{i}\"\nmotion = \"traditional\"\nreps = 8\n\n\
             [[teams]]\nname = \"complex-{i}\"\nmotion = \"complex\"\nreps = 6\n\n"
        ));
    }
    text.push_str(
        "[[variants]]\nname = \"baseline\"\nbaseline = true\nregime = \"revenue_only\"\n\n\
         [[variants]]\nname = \"spm\"\nregime = \"balanced\"\ncoaching_hours = 1.0\n",
    );
    load_str(&text, "linearity.toml", "linearity").unwrap_or_else(|e| panic!("{e}"))
}

/// Simulation cost only (the pilot is run first, untimed), on one thread.
fn linearity() {
    println!(
        "| workload | trials | reps | weeks | rep-weeks (M) | CPU s | ns per rep-week | cost / base |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let mut base = f64::NAN;
    for (name, trials, reps, weeks) in [
        ("base", 200, 1, 1),
        ("x10 trials", 2_000, 1, 1),
        ("x10 reps", 200, 10, 1),
        ("x10 weeks", 200, 1, 10),
    ] {
        let s = scaled_scenario(trials, reps, weeks);
        let plan = Plan::new(&s);
        let work = rep_weeks(&s, false);
        let cpu0 = cpu_seconds();
        let t0 = Instant::now();
        for t in 0..trials {
            std::hint::black_box(plan.trial(t));
        }
        let wall = t0.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu0;
        if base.is_nan() {
            base = wall;
        }
        println!(
            "| {name} | {trials} | {} | {} | {:.2} | {cpu:.2} | {:.0} | {:.1}x |",
            s.total_reps(),
            s.run.burn_in_weeks + s.run.horizon_weeks,
            work / 1e6,
            wall * 1e9 / work,
            wall / base,
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench`; other arguments name the workloads to run.
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .map(|a| a.to_lowercase())
        .collect();
    let runs = |name: &str| wanted.is_empty() || wanted.iter().any(|w| w == &name.to_lowercase());
    let threads = threads_available();
    println!("machine: {threads} threads available\n");
    if runs("W1") || runs("W2") || runs("W3") {
        println!(
            "| workload | trials | reps | variants | threads | rep-weeks (M) | wall s | CPU s | M rep-weeks/s/core | CPU ns per rep-week |"
        );
        println!("|---|---|---|---|---|---|---|---|---|---|");
    }
    let speed_up = if runs("W1") {
        workload_1(threads)
    } else {
        None
    };
    if runs("W2") {
        workload_file("W2 large org", "w2-large-org.toml", threads);
    }
    if runs("W3") {
        workload_file("W3 coaching sweep", "w3-coaching-sweep.toml", threads);
    }
    if let Some(x) = speed_up {
        println!("\nW1 speed-up 1 -> {threads} threads: {x:.2}x");
    }
    if runs("linearity") {
        println!();
        linearity();
    }
}
