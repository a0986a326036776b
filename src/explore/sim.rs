//! The one simulation worker: the latest request wins, a newer one cancels an older one
//! between blocks of trials, and the figures refine in stages towards the scenario's trial
//! count. Each stage is a complete run of the same engine entry as `spmsim run` (the pilot,
//! then trials `0..n` folded in trial order), so the figures at `n` trials are those of
//! `spmsim run` with `trials = n`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use serde::Serialize;
use serde_json::Value;

use crate::engine::run::{Plan, Reducer, simulate_blocks};
use crate::lang::Lang;
use crate::results::Summary;
use crate::scenario::Scenario;
use crate::scenario::params::N_KPI;

/// Trials of the first answer.
pub const FIRST_TRIALS: u64 = 200;

/// The charts shown on the page, by file stem, in the order shown.
pub const PAGE_CHARTS: [&str; 5] = [
    "change_vs_baseline",
    "pnl_bridge",
    "hours_by_activity",
    "transition",
    "cumulative_revenue",
];

/// The trial counts of the stages: 200, 400, 800, ... up to the scenario's count (fewer
/// when the scenario asks fewer).
pub fn stages(full: u64) -> Vec<u64> {
    let mut out = Vec::new();
    let mut n = FIRST_TRIALS.min(full).max(1);
    loop {
        out.push(n);
        if n >= full {
            return out;
        }
        n = (n * 2).min(full);
    }
}

/// One change vs the baseline, as the page shows it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Figure {
    /// Output name as in summary.json (`revenue_pct`, `operating_margin_pp`,
    /// `operating_profit`).
    pub output: String,
    /// Expected change.
    pub mean: f64,
    /// 95 % interval of the expected change.
    pub ci95: [f64; 2],
    /// 5th and 95th percentile of the change across worlds.
    pub range: [f64; 2],
    /// The sentence in the page's language.
    pub text: String,
}

/// A chart drawn for the page.
#[derive(Clone, Debug, Serialize)]
pub struct PageChart {
    /// File stem of the chart kind.
    pub name: &'static str,
    /// What it shows.
    pub caption: String,
    /// The SVG document.
    pub svg: String,
}

/// What the page shows after a stage.
#[derive(Clone, Debug, Serialize)]
pub struct View {
    /// The request this answers.
    pub generation: u64,
    /// Trials the figures rest on.
    pub trials: u64,
    /// Trials the refinement goes to.
    pub target_trials: u64,
    /// Whether the refinement has finished.
    pub done: bool,
    /// Revenue %, operating margin pp and operating profit change.
    pub figures: Vec<Figure>,
    /// The charts.
    pub charts: Vec<PageChart>,
}

/// The latest answer and the answers of every stage of the latest finished request.
#[derive(Default)]
struct Latest {
    view: Option<View>,
    /// (generation, trials, figures) of each stage.
    stages: Vec<(u64, u64, Vec<Figure>)>,
    error: Option<(u64, String)>,
}

struct Job {
    generation: u64,
    scenario: Scenario,
}

/// The worker and what it shares with the server.
pub struct Worker {
    generation: AtomicU64,
    job: Mutex<Option<Job>>,
    wake: Condvar,
    latest: Mutex<Latest>,
    lang: Lang,
}

impl Worker {
    /// Start the worker thread, simulating on `threads` threads (0 = all cores).
    ///
    /// # Errors
    /// When the thread pool or the thread cannot start.
    pub fn start(threads: usize, lang: Lang) -> anyhow::Result<Arc<Worker>> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()?;
        let w = Arc::new(Worker {
            generation: AtomicU64::new(0),
            job: Mutex::new(None),
            wake: Condvar::new(),
            latest: Mutex::new(Latest::default()),
            lang,
        });
        let me = Arc::clone(&w);
        std::thread::Builder::new()
            .name("spmsim-explore".into())
            .spawn(move || me.serve(&pool))?;
        Ok(w)
    }

    /// Queue a simulation of `scenario`; it replaces any queued one and cancels the running
    /// one. Returns its generation.
    pub fn submit(&self, scenario: Scenario) -> u64 {
        let mut slot = self.job.lock().unwrap_or_else(|e| e.into_inner());
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        *slot = Some(Job {
            generation,
            scenario,
        });
        self.wake.notify_one();
        generation
    }

    /// The latest request's generation.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// The latest view, the generation of the latest request, and an internal failure of
    /// the latest request (if any).
    pub fn latest(&self) -> (Option<View>, u64, Option<String>) {
        let l = self.latest.lock().unwrap_or_else(|e| e.into_inner());
        let g = self.generation();
        let err = l.error.as_ref().filter(|e| e.0 == g).map(|e| e.1.clone());
        (l.view.clone(), g, err)
    }

    /// The figures of request `generation` after `trials` trials, once that stage is done.
    pub fn stage(&self, generation: u64, trials: u64) -> Option<Vec<Figure>> {
        let l = self.latest.lock().unwrap_or_else(|e| e.into_inner());
        l.stages
            .iter()
            .find(|s| s.0 == generation && s.1 == trials)
            .map(|s| s.2.clone())
    }

    fn cancelled(&self, generation: u64) -> bool {
        self.generation.load(Ordering::SeqCst) != generation
    }

    fn serve(&self, pool: &rayon::ThreadPool) {
        let mut pilot = PilotCache::default();
        loop {
            let job = {
                let mut slot = self.job.lock().unwrap_or_else(|e| e.into_inner());
                loop {
                    if let Some(job) = slot.take() {
                        break job;
                    }
                    slot = self.wake.wait(slot).unwrap_or_else(|e| e.into_inner());
                }
            };
            let g = job.generation;
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.run(pool, &job, &mut pilot)
            }));
            let failure = match outcome {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some(format!("{e:#}")),
                Err(_) => Some("the simulation failed (internal error)".to_string()),
            };
            if let Some(msg) = failure {
                let mut l = self.latest.lock().unwrap_or_else(|e| e.into_inner());
                l.error = Some((g, msg));
            }
        }
    }

    fn run(
        &self,
        pool: &rayon::ThreadPool,
        job: &Job,
        pilot: &mut PilotCache,
    ) -> anyhow::Result<()> {
        let g = job.generation;
        let full = job.scenario.run.trials;
        for n in stages(full) {
            if self.cancelled(g) {
                return Ok(());
            }
            let mut sc = job.scenario.clone();
            sc.run.trials = n;
            let targets = pilot.targets(pool, &sc)?;
            let plan = Plan::with_targets(&sc, targets);
            let mut reducer = Reducer::new(&plan);
            // Chunks smaller than the engine's blocks, so that a newer request is noticed
            // within a fraction of a second; the fold order (and so every number) is the
            // same.
            let chunk = (16 * pool.current_num_threads() as u64).max(64);
            let mut start = 0;
            while start < n && !self.cancelled(g) {
                let end = (start + chunk).min(n);
                simulate_blocks(pool, &plan, start..end, |_, outs| {
                    for o in &outs {
                        reducer.push(o);
                    }
                    Ok(!self.cancelled(g))
                })?;
                start = end;
            }
            if self.cancelled(g) {
                return Ok(());
            }
            let summary = reducer.finish(pool);
            let view = view_of(&summary, g, full, self.lang)?;
            let mut l = self.latest.lock().unwrap_or_else(|e| e.into_inner());
            if self.cancelled(g) {
                return Ok(());
            }
            l.stages.retain(|s| s.0 == g);
            l.stages.push((g, n, view.figures.clone()));
            l.view = Some(view);
        }
        Ok(())
    }
}

/// The targets of the last pilot and what they were computed from. The pilot (docs/model.md
/// section 5.2) simulates the baseline alone, so it only has to run again when something the
/// baseline sees changes (an assumption, not a decision of the explored variant); the key
/// is the scenario without its other variants and without its trial count.
#[derive(Default)]
struct PilotCache {
    last: Option<(String, Vec<[f64; N_KPI]>)>,
}

impl PilotCache {
    fn key(sc: &Scenario) -> anyhow::Result<String> {
        let mut k = sc.clone();
        let b = k.baseline_index();
        k.variants = vec![k.variants[b].clone()];
        k.run.trials = 0;
        k.source = String::new();
        k.sha256 = String::new();
        k.design.headline = None;
        Ok(serde_json::to_string(&k)?)
    }

    fn targets(
        &mut self,
        pool: &rayon::ThreadPool,
        sc: &Scenario,
    ) -> anyhow::Result<Vec<[f64; N_KPI]>> {
        let key = Self::key(sc)?;
        if let Some((k, t)) = &self.last
            && *k == key
        {
            return Ok(t.clone());
        }
        let t = pool.install(|| crate::engine::pilot::auto_targets(sc, sc.run.seed));
        self.last = Some((key, t.clone()));
        Ok(t)
    }
}

/// The figures and charts of the explore variant (the summary's second variant) vs the
/// baseline.
///
/// # Errors
/// When a chart cannot be drawn (internal).
pub fn view_of(summary: &Summary, generation: u64, full: u64, lang: Lang) -> anyhow::Result<View> {
    let json = serde_json::to_value(summary)?;
    let v = json["variants"]
        .as_array()
        .and_then(|a| a.iter().find(|v| v["baseline"] != Value::Bool(true)))
        .cloned()
        .unwrap_or(Value::Null);
    let nums = lang.numbers();
    let cur = &summary.currency;
    let mut figures = Vec::new();
    for output in ["revenue_pct", "operating_margin_pp", "operating_profit"] {
        let e = &v["vs_baseline"][output];
        let Some(mean) = e["mean"].as_f64() else {
            continue;
        };
        let f = |x: &Value| x.as_f64().unwrap_or(f64::NAN);
        let ci95 = [f(&e["ci95"][0]), f(&e["ci95"][1])];
        let range = [f(&e["p05"]), f(&e["p95"])];
        let fmt = |x: f64| match output {
            "revenue_pct" => nums.percent_change(x, 1),
            "operating_margin_pp" => nums.points(x, 1),
            _ => nums.money_change(x, cur),
        };
        let what = match output {
            "revenue_pct" => lang.t("Revenue", "Intäkter"),
            "operating_margin_pp" => lang.t("Operating margin", "Rörelsemarginal"),
            _ => lang.t("Operating profit", "Rörelseresultat"),
        };
        let text = format!(
            "{what}: {} ({} {} {} {}; {} {} {} {})",
            fmt(mean),
            lang.t("95\u{a0}% interval", "95\u{a0}%-intervall"),
            fmt(ci95[0]),
            lang.t("to", "till"),
            fmt(ci95[1]),
            lang.t("across worlds", "mellan världar"),
            fmt(range[0]),
            lang.t("to", "till"),
            fmt(range[1]),
        );
        figures.push(Figure {
            output: output.to_string(),
            mean,
            ci95,
            range,
            text,
        });
    }
    let charts = crate::plot::render_svgs(summary, None, lang)?
        .into_iter()
        .filter(|c| PAGE_CHARTS.contains(&c.name))
        .map(|c| PageChart {
            name: c.name,
            caption: c.caption,
            svg: c.svg,
        })
        .collect();
    Ok(View {
        generation,
        trials: summary.trials,
        target_trials: full,
        done: summary.trials >= full,
        figures,
        charts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_double_up_to_the_scenario_count() {
        assert_eq!(stages(400), vec![200, 400]);
        assert_eq!(stages(1000), vec![200, 400, 800, 1000]);
        assert_eq!(stages(50), vec![50]);
        assert_eq!(stages(200), vec![200]);
    }
}
