//! `ayolinx`: the command line of the Ayolinx SDK.
//!
//! Each subcommand lives in its own module under `commands/`; how a failure maps to an exit code
//! is decided once, in `failure`.
// A command-line tool talks through stdout and stderr: printing is its interface.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod cli;
mod clock;
mod commands;
mod failure;
mod global;
mod listener;
mod output;

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}
