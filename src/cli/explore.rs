//! `spmsim explore`: serve the what-if page of a scenario on this computer.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use super::args::ExploreArgs;
use super::error::CliError;
use crate::explore::{Fail, Options, prepare};

/// Start the server, print its address, and serve until interrupted.
pub(super) fn explore(args: &ExploreArgs) -> Result<(), CliError> {
    let ip = args.bind.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    if !ip.is_loopback() {
        eprintln!(
            "warning: --bind {ip}: the page is reachable from the network; anyone who can reach \
             this address can run simulations and save variants next to the scenario"
        );
    }
    let opts = Options {
        scenario: args.scenario.clone(),
        bind: SocketAddr::new(ip, args.port),
        lang: args.lang.into(),
        threads: args.threads,
    };
    let ready = prepare(&opts).map_err(|f| match f {
        Fail::Scenario(e) => CliError::Scenario(vec![e]),
        Fail::Input(m) => CliError::Flag(m),
        Fail::Internal(e) => CliError::Internal(e),
    })?;
    let shown = if ready.addr.ip().is_unspecified() {
        SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), ready.addr.port())
    } else {
        ready.addr
    };
    println!("spmsim explore: http://{shown}/  (Ctrl-C to stop)");
    use std::io::Write;
    let _ = std::io::stdout().flush();
    ready.serve().map_err(CliError::Internal)
}
