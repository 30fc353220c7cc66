//! One module per subcommand.

pub(crate) mod api;
pub(crate) mod completions;
pub(crate) mod demo;
pub(crate) mod listen;
pub(crate) mod qris_decode;
pub(crate) mod sandbox;
pub(crate) mod sign;
pub(crate) mod verify_callback;

use clap::CommandFactory as _;

use crate::cli::{Cli, Command};
use crate::failure::Failure;

/// Runs a subcommand.
pub(crate) fn run(cli: Cli) -> Result<(), Failure> {
    let global = &cli.global;
    match &cli.command {
        Command::Demo(args) => demo::run(global, args),
        Command::Sandbox(args) => sandbox::run(global, args),
        Command::Token(args) => api::token::run(global, args),
        Command::Qris(args) => api::qris::run(global, args),
        Command::Ewallet(args) => api::ewallet::run(global, args),
        Command::Va(args) => api::va::run(global, args),
        Command::Retail(args) => api::retail::run(global, args),
        Command::PaymentLink(args) => api::payment_link::run(global, args),
        Command::VerifyCallback(args) => verify_callback::run(global, args),
        Command::Sign(args) => sign::run(global, args),
        Command::Listen(args) => listen::run(global, args),
        Command::Completions(args) => completions::run(args, Cli::command()),
    }
}
