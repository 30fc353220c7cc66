//! `ayolinx verify-callback`: checks a callback's signature (scheme C) offline.

use std::path::PathBuf;

use ayolinx_proto::Timestamp;
use ayolinx_proto::callback::{
    CallbackVerifier, DEFAULT_WINDOW_SECONDS, InboundRequest, Notification,
};
use clap::Args;
use serde_json::json;

use crate::clock;
use crate::failure::Failure;
use crate::global::{Global, public_key_setting, read_body_file};
use crate::output;

const EXAMPLES: &str = "\
Examples:
  ayolinx verify-callback --public-key ayolinx_public.pem --path /webhooks/ayolinx \\
      --timestamp 2024-09-12T12:55:00+07:00 --signature 'cPiqS0OJ...iBA==' \\
      --body-file callback.json --now 2024-09-12T12:56:00+07:00

  # The key from the environment (PEM text or a path), the body from standard input:
  AYOLINX_PUBLIC_KEY=\"$(cat ayolinx_public.pem)\" ayolinx verify-callback --path /cb \\
      --timestamp \"$TS\" --signature \"$SIG\" --body-file - < callback.json

Exit status: 0 genuine (the notification is printed as JSON on stdout; with --signature-only,
the signature alone), 1 not genuine (the reason is on stderr), 2 usage error, 3 unusable input
(unreadable file, not a public key), 4 the signature is genuine but the body is not a payment
notification (use --signature-only to check a signature over any body).";

/// Check that a callback really comes from Ayolinx, and print it.
///
/// Ayolinx signs `POST:<path>:sha256hex(body):<X-TIMESTAMP>` with its RSA key. The body file is
/// read as raw bytes: save the body exactly as received, because a reformatted body no longer
/// matches.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct VerifyCallback {
    /// Ayolinx's RSA public key, from the merchant portal: a PEM file, or the PEM text itself
    /// (default: the global --ayolinx-public-key, or AYOLINX_PUBLIC_KEY).
    #[arg(long, value_name = "FILE|PEM")]
    public_key: Option<String>,
    /// The path of your callback URL, as the request arrived (e.g. /webhooks/ayolinx).
    #[arg(long, value_name = "PATH")]
    path: String,
    /// The X-TIMESTAMP header value, exactly as received.
    #[arg(long, value_name = "TS")]
    timestamp: String,
    /// The X-SIGNATURE header value, exactly as received.
    #[arg(long, value_name = "SIG")]
    signature: String,
    /// A file holding the raw body bytes, exactly as received (`-`: standard input).
    #[arg(long, value_name = "FILE")]
    body_file: PathBuf,
    /// The time to check the timestamp against (default: the current time).
    #[arg(long, value_name = "TS", value_parser = Timestamp::parse)]
    now: Option<Timestamp>,
    /// How far, in seconds either side of now, the timestamp may be.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_WINDOW_SECONDS)]
    window: u32,
    /// Include the query string of --path in the signed route (Ayolinx signs the path only).
    #[arg(long)]
    include_query: bool,
    /// Check the signature (and timestamp) only, whatever the body holds: prints the body.
    #[arg(long)]
    signature_only: bool,
}

/// Verifies the callback; prints its notification on success.
pub(crate) fn run(global: &Global, args: &VerifyCallback) -> Result<(), Failure> {
    let key = match &args.public_key {
        Some(value) => public_key_setting("--public-key", value)?,
        None => global.require_ayolinx_public_key()?,
    };
    let body = read_body_file(&args.body_file)?;
    let now = match args.now {
        Some(now) => now,
        None => clock::now()?,
    };
    let headers = [
        ("X-TIMESTAMP", args.timestamp.as_str()),
        ("X-SIGNATURE", args.signature.as_str()),
    ];
    let request = InboundRequest::new("POST", &args.path, &headers, &body);
    let verifier = CallbackVerifier::new(key)
        .window_seconds(args.window)
        .include_query(args.include_query);
    let callback = verifier
        .verify(&request, now)
        .map_err(|error| Failure::Rejected(error.to_string()))?;
    if args.signature_only {
        return output::print_pretty(&json!({
            "genuine": true,
            "timestamp": callback.timestamp(),
            "body": String::from_utf8_lossy(callback.body()),
        }));
    }
    // The signature is genuine here: whatever is wrong is the body's shape.
    let notification = callback.notification().map_err(|error| {
        Failure::NotANotification(format!(
            "the signature is genuine, but the body is not a payment notification: {error}"
        ))
    })?;
    let shown = summary(&notification, callback.timestamp());
    output::print_pretty(&shown)
}

/// What is printed: the fields a merchant acts on, then the body as received.
pub(crate) fn summary(notification: &Notification, timestamp: &str) -> serde_json::Value {
    json!({
        "genuine": true,
        "timestamp": timestamp,
        "kind": notification.kind().as_str(),
        "reference": notification.reference(),
        "status": notification.status().code(),
        "paid": notification.is_paid(),
        "amount": notification.amount(),
        "paymentLinkId": notification.payment_link_id(),
        "dedupKey": notification.dedup_key().to_string(),
        "notification": notification,
    })
}
