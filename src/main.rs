//! The `spmsim` binary: parse, execute, and on failure print the message and exit with the
//! error's code (2 bad input, 1 internal; see [`spmsim::cli::CliError::exit_code`]).

use clap::Parser;

fn main() {
    let cli = spmsim::cli::Cli::parse();
    if let Err(e) = spmsim::cli::execute(cli) {
        eprintln!("{e}");
        std::process::exit(e.exit_code());
    }
}
