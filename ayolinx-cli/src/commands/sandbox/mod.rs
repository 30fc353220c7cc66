//! `ayolinx sandbox`: the local, protocol-faithful Ayolinx server, from the command line, and
//! the control calls that play its bad days (`ayolinx sandbox pay|fail|cancel|expire --ref R`).

pub(crate) mod control;

use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};

use ayolinx_sandbox::{Sandbox, SandboxHandle, credentials};
use clap::Args;
use control::Control;

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

  # The keys as files, for --private-key and --ayolinx-public-key of the other commands:
  ayolinx sandbox --port 8080 --write-keys ./sandbox-keys

  # Bad days, on the sandbox running at --base-url, each with its signed callback:
  ayolinx sandbox fail --ref ORDER-1 --base-url http://127.0.0.1:8080
  ayolinx sandbox pay --ref ORDER-2 --amount 1.00 --base-url http://127.0.0.1:8080  # underpaid
  ayolinx sandbox pay --ref ORDER-3 --times 2 --delay-ms 500 --out-of-order --base-url ...
  ayolinx sandbox cancel --ref ORDER-4 --base-url ... && ayolinx sandbox pay --ref ORDER-4 --after-close ...

Prints one JSON line on stdout when it is ready (base_url, client_key, the keys in use; never the
Ayolinx private key, nor a client secret you chose), then serves until stopped (Ctrl-C). A control
call prints the transaction as the sandbox answers it, and exits 2 when the sandbox refuses (a
transaction that cannot make that transition).";

/// Run a local Ayolinx sandbox server until stopped, or play a bad day on a running one.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
pub(crate) struct SandboxArgs {
    #[command(subcommand)]
    control: Option<Control>,
    #[command(flatten)]
    serve: ServeArgs,
}

/// Where and how the sandbox serves.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
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
    /// Also write the keys in use to this directory (created if missing): merchant_private.pem,
    /// merchant_public.pem, ayolinx_private.pem, ayolinx_public.pem; the private ones readable
    /// by the owner only (0600). The merchant private key is written only when it is the
    /// documented test key (the sandbox never holds yours).
    #[arg(long, value_name = "DIR")]
    write_keys: Option<PathBuf>,
    /// Sign the query string of a callback URL that has one (default: the path alone, as
    /// Ayolinx is assumed to do): to test a verifier set to include the query.
    #[arg(long)]
    sign_query: bool,
    /// Scales Ayolinx's callback retry schedule (1, 5, 10, 60 minutes): 0.001 makes minutes
    /// into tens of milliseconds.
    #[arg(long, default_value_t = 1.0, value_name = "F")]
    time_factor: f64,
}

/// Runs a control call, or starts the server.
pub(crate) fn run(global: &Global, args: &SandboxArgs) -> Result<(), Failure> {
    match &args.control {
        Some(control) => control::run(global, control),
        None => serve(global, &args.serve),
    }
}

/// Starts the server, prints its start-up line, serves until the process is stopped.
fn serve(global: &Global, args: &ServeArgs) -> Result<(), Failure> {
    let mut builder = Sandbox::builder()
        .host(args.host)
        .port(args.port)
        .time_factor(args.time_factor)
        .sign_query(args.sign_query);
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
    let mut startup = sandbox.startup_json();
    if let Some(dir) = &args.write_keys {
        let written = write_keys(dir, args, &sandbox)?;
        if let Some(fields) = startup.as_object_mut() {
            fields.insert("keys_dir".into(), dir.display().to_string().into());
            fields.insert("keys_written".into(), written.into());
        }
    }
    output::print_line(&startup)?;
    output::print_error(&format!(
        "sandbox serving at {} (Ctrl-C to stop)",
        sandbox.base_url()
    ));
    sandbox.wait();
    Ok(())
}

/// Writes the keys `sandbox` uses into `dir`; returns the names of the files written.
fn write_keys(
    dir: &Path,
    args: &ServeArgs,
    sandbox: &SandboxHandle,
) -> Result<Vec<&'static str>, Failure> {
    let cannot = |what: &str, error: std::io::Error| {
        Failure::BadInput(format!("--write-keys: cannot write {what}: {error}"))
    };
    std::fs::create_dir_all(dir).map_err(|error| cannot("the directory", error))?;
    // The sandbox has just loaded these files, so they hold usable keys.
    let key_text = |given: Option<&PathBuf>, default: &str| match given {
        Some(path) => std::fs::read_to_string(path).map_err(|error| cannot("a key", error)),
        None => Ok(default.to_owned()),
    };
    let keys = [
        (
            "merchant_private.pem",
            sandbox.merchant_private_key_pem().map(str::to_owned),
            true,
        ),
        (
            "merchant_public.pem",
            Some(key_text(
                args.merchant_public_key.as_ref(),
                credentials::MERCHANT_PUBLIC_KEY_PEM,
            )?),
            false,
        ),
        (
            "ayolinx_private.pem",
            Some(key_text(
                args.ayolinx_private_key.as_ref(),
                credentials::AYOLINX_PRIVATE_KEY_PEM,
            )?),
            true,
        ),
        (
            "ayolinx_public.pem",
            Some(sandbox.ayolinx_public_key_pem()),
            false,
        ),
    ];
    let mut written = Vec::new();
    for (name, pem, private) in keys {
        let Some(pem) = pem else { continue };
        write_file(&dir.join(name), pem.as_bytes(), private)
            .map_err(|error| cannot(name, error))?;
        written.push(name);
    }
    Ok(written)
}

/// Writes `bytes` to `path`; a private file is readable and writable by its owner only.
fn write_file(path: &Path, bytes: &[u8], private: bool) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
        options.mode(0o600);
        // The mode applies when the file is created; an existing file is narrowed first.
        if path.exists() {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    #[cfg(not(unix))]
    let _ = private;
    options.open(path)?.write_all(bytes)
}
