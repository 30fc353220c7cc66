//! `ayolinx`: the command line of the Ayolinx SDK.
//!
//! - `ayolinx demo`: the embedded sandbox, a webhook listener and three whole payments (QRIS,
//!   virtual account, e-wallet), each step timed and verified; `cargo run -p ayolinx-cli -- demo`
//!   on a fresh clone.
//! - `ayolinx token | qris | ewallet | va | retail | payment-link`: every Ayolinx operation,
//!   through `ayolinx-ureq`, printing the typed answer (`--json`: the JSON, unknown fields kept).
//! - `ayolinx listen`: the `ayolinx-axum` router plus printing: verifies, prints, processes each
//!   notification once (ledger and issued tokens in `--store`), acknowledges and optionally
//!   forwards it (and plays the merchant's side of the SNAP VA flow).
//! - `ayolinx sign request | token | callback` and `ayolinx verify-callback`: every stage of a
//!   signature, to find where an "invalid signature" starts.
//! - `ayolinx qris decode`: a QRIS payload's fields, its structure and CRC checked.
//! - `ayolinx completions bash | zsh | fish`: shell completions.
//! - `ayolinx sandbox`: the local, protocol-faithful Ayolinx server, and
//!   `ayolinx sandbox pay | fail | cancel | expire --ref R` to play its bad days on a running one.
//!
//! Global options (`--base-url`, `--client-key`, `--client-secret`, `--private-key`,
//! `--ayolinx-public-key`, `--store`, `--json`) go before or after the subcommand, with `AYOLINX_*`
//! environment variables as fallbacks; secrets are never printed. Exit status: 0 success,
//! 1 refused (a callback that is not genuine), 2 business error (or usage error), 3 transport or
//! configuration error, 4 a genuine callback whose body is not a notification.
//!
//! Each subcommand lives in its own module under `commands/`; how a failure maps to an exit code
//! is decided once, in `failure`.
// A command-line tool talks through stdout and stderr: printing is its interface.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod cli;
mod clock;
mod commands;
mod connect;
mod encoding;
mod escape;
mod failure;
mod global;
mod listener;
mod output;
mod progress;
mod qr;
mod response;
mod store;

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let json = cli.global.json;
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(json),
    }
}
