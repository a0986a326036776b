//! `spmsim explore`: a local web page for workshops that re-simulates a scenario as its
//! decisions and key assumptions are changed (docs/explore.md).
//!
//! - [`settings`]: the controls, and settings written into a copy of the scenario's TOML and
//!   checked by the normal loader;
//! - [`sim`]: the one simulation worker (latest request wins, cancelled between blocks,
//!   refined in stages, each stage a run of the same engine entry as `spmsim run`);
//! - [`server`]: the HTTP routes, the Host/Origin guard and the body limit;
//! - [`save`]: the saved variant written next to the scenario, never over a file.

pub mod influence;
pub mod save;
pub mod server;
pub mod settings;
pub mod shift;
pub mod sim;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use crate::lang::Lang;

/// How to serve.
pub struct Options {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Address to bind (port 0 picks a free port).
    pub bind: SocketAddr,
    /// Language of the page.
    pub lang: Lang,
    /// Simulation threads (0 = all cores).
    pub threads: usize,
}

/// A server that has bound its address and is ready to run.
pub struct Ready {
    listener: std::net::TcpListener,
    app: Arc<server::App>,
    /// The address bound (with the port chosen).
    pub addr: SocketAddr,
}

/// Why the server cannot start.
#[derive(Debug)]
pub enum Fail {
    /// The scenario file is invalid (located messages).
    Scenario(crate::scenario::load::ScenarioError),
    /// Other bad input (an unreadable file, an address that cannot be bound).
    Input(String),
    /// An internal failure.
    Internal(anyhow::Error),
}

/// Read the scenario, start the worker (with the first answer already on its way) and bind.
///
/// # Errors
/// See [`Fail`].
pub fn prepare(opts: &Options) -> Result<Ready, Fail> {
    let text = std::fs::read_to_string(&opts.scenario)
        .map_err(|e| Fail::Input(format!("{}: cannot read: {e}", opts.scenario.display())))?;
    let file = opts.scenario.display().to_string();
    let stem = opts
        .scenario
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".into());
    let scenario = crate::scenario::load_str(&text, &file, &stem).map_err(Fail::Scenario)?;
    let ranked = rank_assumptions(&scenario, opts)?;
    let base = settings::Base::new(text, &file, &stem, opts.lang, &ranked).map_err(Fail::Input)?;
    let (_, full) = base.apply(&base.start()).map_err(Fail::Input)?;
    let worker = sim::Worker::start(opts.threads, opts.lang).map_err(Fail::Internal)?;
    worker.submit(base.for_page(&full));
    let listener = std::net::TcpListener::bind(opts.bind)
        .map_err(|e| Fail::Input(format!("{}: cannot listen: {e}", opts.bind)))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Fail::Internal(e.into()))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Fail::Internal(e.into()))?;
    let save_dir = opts
        .scenario
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                p.to_path_buf()
            }
        })
        .unwrap_or_else(|| PathBuf::from("."));
    let app = Arc::new(server::App {
        base,
        worker,
        save_dir,
        hosts: server::allowed_hosts(addr),
        lang: opts.lang,
    });
    Ok(Ready {
        listener,
        app,
        addr,
    })
}

/// The quick sensitivity pass of `explore::influence`, with a line on stderr naming what it
/// found (fixed assumptions by influence on the proposal's revenue change).
fn rank_assumptions(
    scenario: &crate::scenario::Scenario,
    opts: &Options,
) -> Result<Vec<String>, Fail> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
        .map_err(|e| Fail::Internal(e.into()))?;
    let proposal = settings::proposal_of(scenario);
    if proposal == scenario.baseline_index() {
        return Ok(Vec::new());
    }
    let ranked = influence::rank(scenario, proposal, &pool).map_err(Fail::Internal)?;
    let top: Vec<String> = ranked
        .iter()
        .filter(|i| i.swing() > 0.0)
        .take(settings::RANKED_SHOWN + 1)
        .map(|i| format!("{} ({:.1} pp)", i.path, i.swing()))
        .collect();
    eprintln!(
        "most influential fixed assumptions (quick pass, {} trials, value ±20 %): {}",
        influence::QUICK_TRIALS,
        if top.is_empty() {
            "none".to_string()
        } else {
            top.join(", ")
        }
    );
    Ok(ranked
        .into_iter()
        .filter(|i| i.swing() > 0.0)
        .map(|i| i.path)
        .collect())
}

impl Ready {
    /// Serve until the process ends (Ctrl-C).
    ///
    /// # Errors
    /// When the runtime cannot start or the listener fails.
    pub fn serve(self) -> anyhow::Result<()> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_io()
            .build()?;
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(self.listener)?;
            axum::serve(listener, server::router(self.app)).await?;
            Ok(())
        })
    }
}
