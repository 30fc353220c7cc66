//! `ayolinx completions bash|zsh|fish`: a completion script for the shell, on stdout.

use std::io::Write as _;

use clap::Args;
use clap_complete::Shell;

use crate::failure::Failure;

const EXAMPLES: &str = "\
Examples:
  ayolinx completions bash > ~/.local/share/bash-completion/completions/ayolinx
  ayolinx completions zsh > \"${fpath[1]}/_ayolinx\"
  ayolinx completions fish > ~/.config/fish/completions/ayolinx.fish";

/// Print a shell completion script.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct Completions {
    /// The shell.
    #[arg(value_enum)]
    shell: Shell,
}

/// Writes the script for `command` (the whole command line's definition) to stdout.
pub(crate) fn run(args: &Completions, mut command: clap::Command) -> Result<(), Failure> {
    // Generated into memory first: clap_complete panics when its writer fails (a closed pipe),
    // and a write into a Vec cannot.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "ayolinx", &mut script);
    std::io::stdout()
        .lock()
        .write_all(&script)
        .map_err(|error| Failure::BadInput(format!("cannot write the script: {error}")))
}
