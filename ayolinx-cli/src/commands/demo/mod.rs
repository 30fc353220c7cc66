//! `ayolinx demo`: a whole payment, end to end, on the embedded sandbox.

mod flows;
mod target;
mod timeline;

use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use ayolinx_proto::callback::DEFAULT_WINDOW_SECONDS;
use clap::Args;
use serde_json::json;

use crate::connect;
use crate::failure::Failure;
use crate::global::Global;
use crate::listener::{self, Settings};
use crate::output;
use flows::Context;
use target::Target;

const EXAMPLES: &str = "\
Examples:
  cargo run -p ayolinx-cli -- demo     # from a fresh clone, no set-up
  ayolinx demo --json                  # one JSON document instead of the timeline

  # Against another Ayolinx-compatible server that calls back http://127.0.0.1:4242:
  ayolinx sandbox --port 8080 --callback-url http://127.0.0.1:4242/webhooks/ayolinx \\
      --merchant-va-base-url http://127.0.0.1:4242 &
  ayolinx demo --base-url http://127.0.0.1:8080 --listen-port 4242 --client-key CK... \\
      --client-secret \"$SECRET\" --private-key merchant_private.pem \\
      --ayolinx-public-key ayolinx_public.pem

Starts the embedded sandbox on 127.0.0.1 (unless --base-url) and a webhook listener, then pays
by QRIS, virtual account and e-wallet: each step is timed and verified (signatures of the
callbacks included). Exit status 0 only if every step verified.";

/// A whole payment, end to end, on the embedded sandbox: QRIS, virtual account, e-wallet.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct Demo {
    /// How long to wait for each callback, in seconds.
    #[arg(long, default_value_t = 20, value_name = "SECONDS")]
    callback_timeout: u64,
    /// Do not draw the QR code.
    #[arg(long)]
    no_qr: bool,
    /// The port of the demo's webhook listener on 127.0.0.1 (0: any free port). With
    /// --base-url, give a fixed one and register it with the server: callbacks to
    /// http://127.0.0.1:PORT/webhooks/ayolinx, SNAP VA calls to http://127.0.0.1:PORT.
    #[arg(long, default_value_t = 0, value_name = "N")]
    listen_port: u16,
}

/// Runs the three payments and prints the timeline (or one JSON document).
pub(crate) fn run(global: &Global, args: &Demo) -> Result<(), Failure> {
    let started = Instant::now();
    let human = !global.json;
    let bound = listener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, args.listen_port)))?;
    let listener_base = format!("http://{}", bound.addr());
    let notify_url = format!("{listener_base}/webhooks/ayolinx");
    let target = match &global.base_url {
        None => Target::embedded(&notify_url, &listener_base)?,
        Some(base_url) => Target::remote(global, base_url)?,
    };
    let running = bound.serve(Settings {
        ayolinx_public_key: target.ayolinx_public_key.clone(),
        only_path: None,
        window_seconds: DEFAULT_WINDOW_SECONDS,
        forward: None,
        snap_va: Some((target.client_key.clone(), target.client_secret.clone())),
        store: None,
    })?;
    let client = connect::build(
        &target.base_url,
        &target.client_key,
        target.client_secret.clone(),
        target.private_key.clone(),
    )?;
    let which = if target.sandbox.is_some() {
        "the embedded sandbox"
    } else {
        "the server"
    };
    if human {
        output::print_text(&format!(
            "Ayolinx demo on {which} at {}, callbacks to {notify_url}",
            output::escape_controls(&target.base_url)
        ));
    }
    let context = Context {
        client: &client,
        base_url: &target.base_url,
        events: running.events(),
        notify_url: &notify_url,
        return_url: &format!("{listener_base}/returned"),
        callback_timeout: Duration::from_secs(args.callback_timeout),
        human,
        draw_qr: !args.no_qr,
    };
    let mut payments = Vec::new();
    let mut first_failure = None;
    for (payment, failure) in [context.qris(), context.va(), context.ewallet()] {
        payments.push(payment);
        if first_failure.is_none() {
            first_failure = failure;
        }
    }
    let steps: usize = payments
        .iter()
        .map(|payment| payment["steps"].as_array().map_or(0, Vec::len))
        .sum();
    let millis = started.elapsed().as_millis();
    if global.json {
        output::print_pretty(&json!({
            "ok": first_failure.is_none(),
            "baseUrl": target.base_url,
            "sandbox": if target.sandbox.is_some() { "embedded" } else { "remote" },
            "callbackUrl": notify_url,
            "ms": millis,
            "payments": payments,
        }))?;
    } else if first_failure.is_none() {
        output::print_text(&format!("\nAll {steps} steps verified in {millis} ms."));
    }
    match first_failure {
        None => Ok(()),
        Some(failure) => Err(failure),
    }
}
