//! The `spmsim` binary: parse, execute, map errors to exit codes (2 bad input, 1 internal).

use clap::Parser;

fn main() {
    let cli = spmsim::cli::Cli::parse();
    if let Err(e) = spmsim::cli::execute(cli) {
        eprintln!("{e}");
        std::process::exit(e.exit_code());
    }
}
