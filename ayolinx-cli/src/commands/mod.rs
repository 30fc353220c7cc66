//! One module per subcommand.

pub(crate) mod verify_callback;

use crate::cli::Command;
use crate::failure::Failure;

/// Runs a subcommand.
pub(crate) fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::VerifyCallback(args) => verify_callback::run(&args),
    }
}
