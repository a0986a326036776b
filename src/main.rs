//! The `spmsim` binary: parse, execute, and on failure print the message and exit with the
//! error's code (2 bad input, 1 internal; see [`spmsim::cli::CliError::exit_code`]).

use clap::Parser;

fn main() {
    // Ctrl-C and SIGTERM: remove the result directories being written, say so in one line,
    // and end with the shell's code for an interrupt (the earlier results stay untouched).
    let _ = ctrlc::set_handler(|| {
        eprintln!("{}", spmsim::export::outdir::interrupted());
        std::process::exit(130);
    });
    let cli = spmsim::cli::Cli::parse();
    if let Err(e) = spmsim::cli::execute(cli) {
        eprintln!("{e}");
        std::process::exit(e.exit_code());
    }
}
