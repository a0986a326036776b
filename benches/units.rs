//! Unit costs (issue #6), with criterion: one rep-week of each motion at steady state, one
//! whole trial of the default experiment, and the keyed-random primitives and samplers the
//! weekly loop is built from (each next to the general sampler it replaced).
//!
//! Run `cargo bench --bench units` (about a minute); docs/performance.md has the numbers.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use rand_distr::{Beta, Distribution, Poisson};

use spmsim::engine::run::{Plan, trial_key};
use spmsim::engine::trial::draw;
use spmsim::model::{Policy, TrialSim};
use spmsim::rng::{self, Key};
use spmsim::scenario::{Scenario, load_file, load_str};

/// One team of 10 reps of one motion, revenue-only steering, a short pilot.
fn one_team(motion: &str) -> Scenario {
    let text = format!(
        "[run]\ntrials = 10\npilot_trials = 50\nseed = 9\n\n\
         [[teams]]\nname = \"team\"\nmotion = \"{motion}\"\nreps = 10\n\n\
         [[variants]]\nname = \"baseline\"\nbaseline = true\nregime = \"revenue_only\"\n"
    );
    load_str(&text, "units.toml", "units").unwrap_or_else(|e| panic!("{e}"))
}

/// One week of a team of 10 reps, from 13 different steady states (after the burn-in and
/// a quarter of the horizon), cycled; the clone of the state is not timed.
fn rep_week(c: &mut Criterion) {
    let mut group = c.benchmark_group("rep_week");
    group.throughput(Throughput::Elements(10));
    for motion in ["traditional", "complex"] {
        let s = one_team(motion);
        let plan = Plan::new(&s);
        let key = trial_key(s.run.seed, 0);
        let params = draw(&s, &plan.sets[0], key);
        let policy = Policy::new(&s, 0, &params, Some(&plan.targets));
        let mut sim = TrialSim::new(&s, key, &params, -26);
        sim.run_weeks(-26, 0, &policy, &params);
        sim.start_horizon(52);
        sim.run_weeks(0, 13, &policy, &params);
        let mut states = Vec::new();
        for w in 13..26 {
            states.push((sim.clone(), w));
            sim.run_weeks(w, w + 1, &policy, &params);
        }
        let mut next = 0;
        group.bench_function(motion, |b| {
            b.iter_batched_ref(
                || {
                    next = (next + 1) % states.len();
                    states[next].clone()
                },
                |(sim, w)| sim.run_weeks(*w, *w + 1, &policy, &params),
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

/// One whole trial of the default experiment: the burn-in and its 5 variants.
fn trial(c: &mut Criterion) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/default.toml");
    let s = load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    let plan = Plan::new(&s);
    let r = &s.run;
    let rep_weeks = u64::from(s.total_reps())
        * u64::from(r.burn_in_weeks + r.horizon_weeks * s.variants.len() as u32);
    let mut group = c.benchmark_group("trial");
    group.throughput(Throughput::Elements(rep_weeks));
    let mut t = 0;
    group.bench_function("default_5_variants", |b| {
        b.iter(|| {
            t += 1;
            plan.trial(t)
        });
    });
    group.finish();
}

/// The primitives: refining a key, a keyed uniform, seeding a generator; and the samplers
/// the funnel uses against `rand_distr`'s general ones on a freshly seeded generator (the
/// way the weekly loop drew them before: one seeded stream per draw).
fn samplers(c: &mut Criterion) {
    let keys: Vec<Key> = (0..1024).map(|i| Key::root(1).with(i)).collect();
    let mut group = c.benchmark_group("keyed");
    let mut i = 0;
    let mut next = move || {
        i = (i + 1) & 1023;
        keys[i]
    };
    group.bench_function("key_with", |b| b.iter(|| next().with(black_box(7))));
    group.bench_function("key_uniform", |b| b.iter(|| next().uniform()));
    group.bench_function("key_rng_seed", |b| b.iter(|| next().rng()));
    group.bench_function("beta_2_3_order_statistic", |b| {
        b.iter(|| rng::beta_order_statistic(&mut next().stream(), 2, 4))
    });
    let beta = Beta::new(2.0, 3.0).expect("valid shapes");
    group.bench_function("beta_2_3_rand_distr", |b| {
        b.iter(|| beta.sample(&mut next().rng()))
    });
    group.bench_function("beta_3_3_order_statistic", |b| {
        b.iter(|| rng::beta_order_statistic(&mut next().stream(), 3, 5))
    });
    for mean in [1.5, 9.6] {
        group.bench_function(format!("poisson_{mean}_inversion"), |b| {
            b.iter(|| rng::poisson_inversion(next().uniform(), black_box(mean)))
        });
        group.bench_function(format!("poisson_{mean}_rand_distr"), |b| {
            b.iter(|| {
                let d = Poisson::new(black_box(mean)).expect("positive mean");
                let x: f64 = d.sample(&mut next().rng());
                x
            })
        });
    }
    group.bench_function("normal_inverse_cdf", |b| {
        b.iter(|| spmsim::stats::normal_quantile(next().uniform().max(f64::MIN_POSITIVE)))
    });
    group.finish();
}

criterion_group! {
    name = units;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = rep_week, trial, samplers
}
criterion_main!(units);
