//! The failures of a command, each carrying what it is about (a scenario, a flag, a path),
//! and the one place they are mapped to exit codes: 2 for bad input, 1 for an internal
//! failure. Every message is printed as [`CliError`]'s `Display`, one line per problem.

use std::path::PathBuf;

use crate::export::ExportError;
use crate::export::shard_files::ShardError;
use crate::scenario::load::ScenarioError;

/// A failure of a command.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// One or more scenario files are wrong (each problem located by file, line and field).
    #[error("{}", join_lines(.0))]
    Scenario(Vec<ScenarioError>),
    /// A scenario loads but cannot do what was asked (e.g. `sweep` without a `[sweep]`
    /// section).
    #[error("error: {scenario}: {message}")]
    Unfit {
        /// The scenario's source (its path, or the built-in default).
        scenario: String,
        /// What is missing or wrong.
        message: String,
    },
    /// A command-line flag is wrong or does not fit the scenario (the message names it).
    #[error("error: {0}")]
    Flag(String),
    /// The output path cannot be used or written.
    #[error("error: {}: {message}", path.display())]
    Output {
        /// The output file or directory.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// An input file or directory (a finished result, a shard, a scenario copy) cannot be
    /// read or is not what it should be.
    #[error("error: {}: {message}", path.display())]
    File {
        /// The file or directory.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A finished result directory (for `plot` or `report`) cannot be used; the message
    /// names the path.
    #[error("error: {0}")]
    Results(String),
    /// Shard directories that do not belong together or do not form a complete set.
    #[error("error: {}", .0.join("\n"))]
    Shards(Vec<String>),
    /// A result file could not be written.
    #[error("error: {0}")]
    Write(#[from] ExportError),
    /// A finished result could not be moved into its place.
    #[error("error: could not move results into {}: {source}", path.display())]
    Move {
        /// The target directory.
        path: PathBuf,
        /// The failure.
        source: std::io::Error,
    },
    /// Something failed inside (with its chain of causes).
    #[error("error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

fn join_lines(errors: &[ScenarioError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl CliError {
    /// The process exit code for this error: 2 when the user's input is wrong, 1 when
    /// something failed inside.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Scenario(_)
            | CliError::Unfit { .. }
            | CliError::Flag(_)
            | CliError::Output { .. }
            | CliError::File { .. }
            | CliError::Results(_)
            | CliError::Shards(_) => 2,
            CliError::Write(_) | CliError::Move { .. } | CliError::Internal(_) => 1,
        }
    }

    /// Whether the user's input is at fault (exit code 2).
    pub fn is_input(&self) -> bool {
        self.exit_code() == 2
    }

    /// An internal failure from anything that can be displayed.
    pub(crate) fn internal(e: impl std::fmt::Display) -> Self {
        CliError::Internal(anyhow::anyhow!("{e}"))
    }
}

impl From<ScenarioError> for CliError {
    fn from(e: ScenarioError) -> Self {
        CliError::Scenario(vec![e])
    }
}

impl From<ShardError> for CliError {
    fn from(e: ShardError) -> Self {
        match e {
            ShardError::File { path, message } => CliError::File { path, message },
            ShardError::Set { problems } => CliError::Shards(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_and_internal_failures_get_their_exit_codes() {
        let flag = CliError::Flag("--max-trials only applies with --precision".into());
        assert_eq!(flag.exit_code(), 2);
        assert_eq!(
            flag.to_string(),
            "error: --max-trials only applies with --precision"
        );
        let out = CliError::Output {
            path: PathBuf::from("out/x"),
            message: "exists and is not a directory".into(),
        };
        assert_eq!(out.exit_code(), 2);
        assert_eq!(
            out.to_string(),
            "error: out/x: exists and is not a directory"
        );
        let shards = CliError::from(ShardError::Set {
            problems: vec!["a".into(), "b".into()],
        });
        assert_eq!(shards.exit_code(), 2);
        assert_eq!(shards.to_string(), "error: a\nb");
        let inner = CliError::Internal(anyhow::anyhow!("cause").context("outer"));
        assert_eq!(inner.exit_code(), 1);
        assert_eq!(inner.to_string(), "error: outer: cause");
    }
}
