//! One module per subcommand.

pub(crate) mod listen;
pub(crate) mod sign;
pub(crate) mod verify_callback;

use crate::cli::{Cli, Command};
use crate::failure::Failure;

/// Runs a subcommand.
pub(crate) fn run(cli: Cli) -> Result<(), Failure> {
    let global = &cli.global;
    match &cli.command {
        Command::VerifyCallback(args) => verify_callback::run(args),
        Command::Sign(args) => sign::run(global, args),
        Command::Listen(args) => listen::run(global, args),
    }
}
