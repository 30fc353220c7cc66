//! The command line: global options and the subcommands.

use clap::{Parser, Subcommand};

use crate::commands::api::ewallet::Ewallet;
use crate::commands::api::payment_link::PaymentLink;
use crate::commands::api::qris::Qris;
use crate::commands::api::retail::Retail;
use crate::commands::api::token::Token;
use crate::commands::api::va::Va;
use crate::commands::completions::Completions;
use crate::commands::demo::Demo;
use crate::commands::listen::Listen;
use crate::commands::sandbox::SandboxArgs;
use crate::commands::sign::Sign;
use crate::commands::verify_callback::VerifyCallback;
use crate::global::Global;

const EXAMPLES: &str = "\
Examples:
  ayolinx demo                      # a whole payment on the embedded sandbox, no set-up
  ayolinx listen --port 4242 --ayolinx-public-key ayolinx_public.pem
  ayolinx sign request --path /v1.0/qr/qr-mpm-generate --token T --body-file body.json

Global options may come before or after the subcommand; each has an environment variable
(AYOLINX_BASE_URL, AYOLINX_CLIENT_KEY, AYOLINX_CLIENT_SECRET, AYOLINX_PRIVATE_KEY and
AYOLINX_PUBLIC_KEY, the last two a PEM file path or the PEM text itself). Secrets, keys and
values read from the environment are never printed.

Exit status: 0 success, 1 refused (a callback that is not genuine, or one the payment guard
refuses with verify-callback --expect-*), 2 Ayolinx answered with a
business error (or a usage error), 3 transport or configuration error, 4 a genuinely signed
callback whose body is not a notification (verify-callback; --signature-only accepts it).";

/// The Ayolinx (SNAP) payment gateway from the command line.
#[derive(Debug, Parser)]
#[command(name = "ayolinx", version, about, propagate_version = true, after_help = EXAMPLES)]
pub(crate) struct Cli {
    /// Credentials and output format.
    #[command(flatten)]
    pub(crate) global: Global,
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// A whole payment, end to end, on the embedded sandbox: QRIS, virtual account, e-wallet.
    Demo(Demo),
    /// Get an access token (checks the credentials; the token is never shown).
    Token(Token),
    /// Dynamic QRIS: create, query, cancel.
    Qris(Qris),
    /// E-wallet (DANA): payment page, status.
    Ewallet(Ewallet),
    /// Virtual accounts: create, inquiry.
    Va(Va),
    /// Convenience-store payments: create, query.
    Retail(Retail),
    /// Payment links: create.
    PaymentLink(PaymentLink),
    /// Check that a callback really comes from Ayolinx, and print it.
    VerifyCallback(VerifyCallback),
    /// Show every stage of a request or token signature.
    Sign(Sign),
    /// Receive callbacks locally: verify, print and acknowledge each one.
    Listen(Listen),
    /// Run a local, protocol-faithful Ayolinx sandbox server until stopped, or play a bad day
    /// on a running one (pay, fail, cancel, expire).
    Sandbox(SandboxArgs),
    /// Print a shell completion script (bash, zsh, fish).
    Completions(Completions),
}
