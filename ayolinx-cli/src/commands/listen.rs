//! `ayolinx listen`: a local webhook receiver that verifies and prints every callback.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use ayolinx_proto::callback::DEFAULT_WINDOW_SECONDS;
use clap::Args;

use crate::failure::Failure;
use crate::global::Global;
use crate::listener::{self, Settings};
use crate::output;
use crate::store::Store;

const EXAMPLES: &str = "\
Examples:
  # Verify and print every callback Ayolinx (or `ayolinx sandbox`) sends to port 4242:
  ayolinx listen --port 4242 --ayolinx-public-key ayolinx_public.pem

  # Only /webhooks/ayolinx, and hand each verified notification once to your app:
  ayolinx listen --port 4242 --path /webhooks/ayolinx --ayolinx-public-key ayolinx_public.pem \\
      --forward http://127.0.0.1:8000/webhooks/ayolinx

  # Three listeners behind one load balancer, sharing their ledger and issued tokens:
  ayolinx --store redis://127.0.0.1:6379/0 listen --port 4242 --ayolinx-public-key ayolinx_public.pem

  # Also play the merchant's side of the SNAP VA flow (token endpoint, then VA payment):
  ayolinx listen --port 4242 --ayolinx-public-key ayolinx_public.pem \\
      --client-key \"$CLIENT_KEY\" --client-secret \"$CLIENT_SECRET\"

Each request prints one line on stdout (one JSON object per line with --json): what arrived,
whether it is genuine (or exactly why not), what became of it, and the answer sent. A genuine
notification is claimed in the ledger (--store) by its dedup key, then forwarded (--forward) and
answered {\"responseCode\":\"2005600\",\"responseMessage\":\"Successful\"}. A duplicate of a
processed one gets the same answer without a second forward; one still being processed
elsewhere, or one the app did not take (unreachable, or not 2xx: the claim is released), gets a
500, so that Ayolinx retries. Refused requests get the SNAP error Ayolinx expects (401 for a bad
signature).

Exit status (with --max-requests or --exit-after): 0 every request genuine, 1 some refused,
3 unusable settings (no public key, port in use).";

/// Receive callbacks locally: verify, print and acknowledge each one.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct Listen {
    /// The port (0: any free port, printed on stderr).
    #[arg(long, value_name = "N")]
    port: u16,
    /// The address to listen on.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// Accept notifications only at this path (default: any path; each is verified against the
    /// path it arrived at, as Ayolinx signs it).
    #[arg(long, value_name = "P")]
    path: Option<String>,
    /// Forward each verified notification once (exact body and headers) to this URL: only a
    /// 2xx from it counts as processed.
    #[arg(long, value_name = "URL")]
    forward: Option<String>,
    /// Stop after this many verified requests (refused ones are printed, not counted).
    #[arg(long, value_name = "N")]
    max_requests: Option<u64>,
    /// Stop after this many seconds.
    #[arg(long, value_name = "SECONDS")]
    exit_after: Option<u64>,
    /// How far, in seconds either side of now, X-TIMESTAMP may be.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_WINDOW_SECONDS)]
    window: u32,
}

/// Serves until stopped, printing every request.
pub(crate) fn run(global: &Global, args: &Listen) -> Result<(), Failure> {
    let snap_va = match (&global.client_key, &global.client_secret) {
        (Some(key), Some(secret)) => Some((key.clone(), secret.clone())),
        _ => None,
    };
    let store = Store::from_setting(global.store.as_ref())?;
    let settings = Settings {
        ayolinx_public_key: global.require_ayolinx_public_key()?,
        only_path: args.path.clone(),
        window_seconds: args.window,
        forward: args.forward.clone(),
        snap_va,
        store: store.redis()?,
    };
    let running = listener::start(SocketAddr::new(args.host, args.port), settings)?;
    output::print_error(&format!(
        "listening on http://{}{} (store {}; Ctrl-C to stop)",
        running.addr(),
        output::escape_controls(args.path.as_deref().unwrap_or("/")),
        store.shown()
    ));
    let deadline = args
        .exit_after
        .map(|seconds| Instant::now() + Duration::from_secs(seconds));
    let (mut verified, mut refused) = (0_u64, 0_u64);
    while args.max_requests.is_none_or(|max| verified < max) {
        let wait = deadline.map_or(Duration::from_secs(3600), |deadline| {
            deadline.saturating_duration_since(Instant::now())
        });
        let event = match running.events().recv_timeout(wait) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout) if deadline.is_some() => break,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => {
                return Err(Failure::Transport(
                    "the receiver stopped unexpectedly".into(),
                ));
            }
        };
        if event.accepted {
            verified += 1;
        } else {
            refused += 1;
        }
        if global.json {
            output::print_line(&event.summary)?;
        } else {
            output::print_text(&output::escape_controls(&event.line));
        }
    }
    drop(running);
    let seen = verified + refused;
    output::print_error(&format!(
        "stopped after {seen} request(s): {verified} verified, {refused} refused"
    ));
    if refused > 0 {
        return Err(Failure::Rejected(format!(
            "{refused} of {seen} request(s) were refused"
        )));
    }
    Ok(())
}
