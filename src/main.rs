//! The `spmsim` binary: parse, execute, map errors to exit codes (2 bad input, 1 internal).

use clap::Parser;

fn main() {
    let cli = spmsim::cli::Cli::parse();
    if let Err(e) = spmsim::cli::execute(cli) {
        match &e {
            // Already worded and prefixed, one line per problem.
            spmsim::cli::CliError::Input(message) => eprintln!("{message}"),
            // Internal failures: the whole chain of causes.
            spmsim::cli::CliError::Internal(err) => eprintln!("error: {err:#}"),
        }
        std::process::exit(e.exit_code());
    }
}
