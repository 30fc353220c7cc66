//! The command line: global options (none yet) and the subcommands.

use clap::{Parser, Subcommand};

use crate::commands::verify_callback::VerifyCallback;

/// The Ayolinx (SNAP) payment gateway from the command line.
#[derive(Debug, Parser)]
#[command(name = "ayolinx", version, about, propagate_version = true)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check that a callback really comes from Ayolinx, and print it.
    VerifyCallback(VerifyCallback),
}
