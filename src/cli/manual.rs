//! `spmsim completions SHELL` and `spmsim man`: shell completions and manual pages generated
//! from the one command-line definition ([`super::args::Cli`]), so they never drift from it.

use std::path::Path;

use clap::CommandFactory;

use super::args::Cli;
use super::error::CliError;
use super::output::print_stdout;

/// Print the completion script of `shell` to stdout.
pub(super) fn completions(shell: clap_complete::Shell) {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "spmsim", &mut out);
    print_stdout(&String::from_utf8_lossy(&out));
}

/// Print the manual page, or write one page per command into `dir`.
pub(super) fn man(dir: Option<&Path>) -> Result<(), CliError> {
    let cmd = Cli::command();
    match dir {
        None => {
            let mut out = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut out)
                .map_err(|e| CliError::Internal(e.into()))?;
            print_stdout(&String::from_utf8_lossy(&out));
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| CliError::Output {
                path: dir.to_path_buf(),
                message: format!("cannot create: {e}"),
            })?;
            clap_mangen::generate_to(cmd, dir).map_err(|e| CliError::Output {
                path: dir.to_path_buf(),
                message: format!("cannot write the manual pages: {e}"),
            })?;
            print_stdout(&format!("wrote the manual pages into {}\n", dir.display()));
        }
    }
    Ok(())
}
