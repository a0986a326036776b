//! `spmsim reference`: print the scenario file reference as Markdown.

use super::output::print_stdout;

/// Print every key, unit and default.
pub(super) fn reference() {
    print_stdout(&crate::scenario::reference::markdown());
}
