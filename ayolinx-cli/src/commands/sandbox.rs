//! `ayolinx sandbox`: the local, protocol-faithful Ayolinx server, from the command line.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

use ayolinx_sandbox::Sandbox;
use clap::Args;

use crate::failure::Failure;
use crate::global::Global;
use crate::output;

const EXAMPLES: &str = "\
Examples:
  # The documented test credentials and keys (printed in the start-up line):
  ayolinx sandbox --port 8080

  # Your own client key, secret and merchant key; callbacks to your app, retries 1000x faster:
  ayolinx sandbox --port 8080 --client-key CK-local --client-secret \"$SECRET\" \\
      --merchant-public-key merchant_public.pem --callback-url http://127.0.0.1:8000/cb \\
      --time-factor 0.001

  # Then, in another shell:
  ayolinx qris create --base-url http://127.0.0.1:8080 --ref ORDER-1 --amount 15000.00 ...

Prints one JSON line on stdout when it is ready (base_url, client_key, the keys in use; never the
Ayolinx private key, nor a client secret you chose), then serves until stopped (Ctrl-C).";

/// Run a local Ayolinx sandbox server until stopped.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct SandboxArgs {
    /// The address to listen on.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// The port (0: any free port; the start-up line names it).
    #[arg(long, default_value_t = 0, value_name = "N")]
    port: u16,
    /// The merchant's public key (PEM) that token requests are checked with (default: the
    /// documented test key).
    #[arg(long, value_name = "FILE")]
    merchant_public_key: Option<PathBuf>,
    /// The key the sandbox signs callbacks with, standing in for Ayolinx's (default: the
    /// documented test key).
    #[arg(long, value_name = "FILE")]
    ayolinx_private_key: Option<PathBuf>,
    /// Where callbacks go when a request names no NOTIFICATION URL.
    #[arg(long, value_name = "URL")]
    callback_url: Option<String>,
    /// Where the SNAP VA flow calls the merchant (its token endpoint, then the VA payment).
    #[arg(long, value_name = "URL")]
    merchant_va_base_url: Option<String>,
    /// Scales Ayolinx's callback retry schedule (1, 5, 10, 60 minutes): 0.001 makes minutes
    /// into tens of milliseconds.
    #[arg(long, default_value_t = 1.0, value_name = "F")]
    time_factor: f64,
}

/// Starts the server, prints its start-up line, serves until the process is stopped.
pub(crate) fn run(global: &Global, args: &SandboxArgs) -> Result<(), Failure> {
    let mut builder = Sandbox::builder()
        .host(args.host)
        .port(args.port)
        .time_factor(args.time_factor);
    if let Some(key) = &global.client_key {
        builder = builder.client_key(key);
    }
    if let Some(secret) = &global.client_secret {
        builder = builder.client_secret(secret.clone());
    }
    if let Some(path) = &args.merchant_public_key {
        builder = builder.merchant_public_key_file(path);
    }
    if let Some(path) = &args.ayolinx_private_key {
        builder = builder.ayolinx_private_key_file(path);
    }
    if let Some(url) = &args.callback_url {
        builder = builder.callback_url(url);
    }
    if let Some(url) = &args.merchant_va_base_url {
        builder = builder.merchant_va_base_url(url);
    }
    let sandbox = builder
        .start()
        .map_err(|error| Failure::BadInput(format!("cannot start the sandbox: {error}")))?;
    output::print_line(&sandbox.startup_json())?;
    output::print_error(&format!(
        "sandbox serving at {} (Ctrl-C to stop)",
        sandbox.base_url()
    ));
    sandbox.wait();
    Ok(())
}
