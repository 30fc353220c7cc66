//! `ayolinx verify-callback`: checks a callback's signature (scheme C) offline, and with
//! expectations, the core's payment guard's verdict for the order.

use std::path::PathBuf;

use ayolinx_proto::callback::{
    CallbackVerifier, DEFAULT_WINDOW_SECONDS, InboundRequest, Notification, Route,
};
use ayolinx_proto::guard::{ExpectedPayment, Recorded, Verdict};
use ayolinx_proto::{Amount, Currency, Money, Timestamp};
use clap::Args;
use serde_json::json;

use crate::clock;
use crate::commands::api::parse_amount;
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

  # Genuine AND paying this order in full (the payment guard's verdict): ship only on exit 0.
  ayolinx verify-callback --path /cb --timestamp \"$TS\" --signature \"$SIG\" \\
      --body-file callback.json --expect-reference ORDER-1 --expect-amount 15000.00 \\
      --expect-reference-no \"$REFERENCE_NO_FROM_CREATE\"

Which route is verified: the path of --path alone (the default; its query string is not signed,
so never trust it), with its query string (--include-query, for a notify URL registered with one),
or a registered route (--route, for a router that forwards callbacks to another path; the path the
request arrived at is then not checked).

Exit status: 0 genuine (the notification is printed as JSON on stdout; with --signature-only,
the signature alone), 1 not genuine (the reason is on stderr), 2 usage error, 3 unusable input
(unreadable file, not a public key), 4 the signature is genuine but the body is not a payment
notification (use --signature-only to check a signature over any body). With any --expect-*
option: 0 only when the callback is genuine and the payment guard's verdict is \"fulfil\" (it names
this order and pays it in full, a success, exactly the amount and currency expected); 1 naming the
field when it does not (another reference, amount or currency, or a status that is not a
success); with --json the field is in the error object.";

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
    /// The path of your callback URL, as the request arrived (e.g. /webhooks/ayolinx), with its
    /// query string if it had one.
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
    /// Include the query string of --path in the signed route, for a notify URL registered with
    /// a query. Ayolinx is assumed to sign the path alone: if it does, every callback fails
    /// with this.
    #[arg(long)]
    include_query: bool,
    /// Verify against this registered route instead of the path of --path: for a router that
    /// forwards Ayolinx's callbacks to another path. The path the request arrived at is then
    /// not checked, so give each registered URL its own route.
    #[arg(long, value_name = "PATH")]
    route: Option<String>,
    /// Check the signature (and timestamp) only, whatever the body holds: prints the body.
    #[arg(long, conflicts_with_all = ["expect_reference", "expect_amount", "expect_reference_no"])]
    signature_only: bool,
    /// Your reference the callback must name (originalPartnerReferenceNo: your order id).
    #[arg(long, value_name = "REF")]
    expect_reference: Option<String>,
    /// The amount the callback must carry, compared exactly (15000 equals 15000.00).
    #[arg(long, value_name = "AMOUNT", value_parser = parse_amount)]
    expect_amount: Option<Amount>,
    /// The currency of --expect-amount (default IDR).
    #[arg(long, value_name = "C", requires = "expect_amount")]
    expect_currency: Option<Currency>,
    /// The reference Ayolinx returned when the transaction was created (referenceNo), which
    /// the callback must carry as originalReferenceNo: the one fact that tells another
    /// merchant's genuine callback for the same order id from yours.
    #[arg(long, value_name = "AYOREF")]
    expect_reference_no: Option<String>,
}

impl VerifyCallback {
    /// The order the options describe, when any --expect-* option is given. What is not given
    /// is taken from the notification itself (so not checked), except that a success must carry
    /// an amount.
    fn expected(&self, notification: &Notification) -> Option<ExpectedPayment> {
        if self.expect_reference.is_none()
            && self.expect_amount.is_none()
            && self.expect_reference_no.is_none()
        {
            return None;
        }
        let reference = self
            .expect_reference
            .as_deref()
            .or(notification.original_partner_reference_no())
            .or(notification.partner_reference_no())
            .unwrap_or_default();
        let amount = match self.expect_amount {
            Some(value) => Money {
                currency: self.expect_currency.clone().unwrap_or_default(),
                value,
            },
            None => notification
                .amount()
                .cloned()
                .unwrap_or_else(|| Money::idr(Amount::ZERO)),
        };
        let mut expected = ExpectedPayment::new(reference, amount);
        if let Some(reference_no) = &self.expect_reference_no {
            expected = expected.reference_no(reference_no);
        }
        Some(expected)
    }
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
    let route = args.route.clone().map_or(Route::Received, Route::Fixed);
    let verifier = CallbackVerifier::new(key)
        .window_seconds(args.window)
        .route(route)
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
    let mut shown = summary(&notification, callback.timestamp());
    if let Some(expected) = args.expected(&notification) {
        judge(&expected, &notification, now)?;
        if let Some(fields) = shown.as_object_mut() {
            fields.insert("verdict".into(), Verdict::Fulfil.to_string().into());
        }
    }
    output::print_pretty(&shown)
}

/// The payment guard's verdict on a genuine notification, as a fresh order (nothing recorded
/// yet) would get it: `Ok` only for "fulfil".
fn judge(
    expected: &ExpectedPayment,
    notification: &Notification,
    now: Timestamp,
) -> Result<(), Failure> {
    match expected.classify(notification, Recorded::Open, now) {
        Verdict::Fulfil => Ok(()),
        Verdict::Refused(refusal) => Err(Failure::Refused {
            message: format!(
                "the callback is genuine, but the payment guard refuses it: {refusal}"
            ),
            field: refusal.field(),
        }),
        other => Err(Failure::Refused {
            message: format!(
                "the callback is genuine and names this order, but does not pay it: {other}"
            ),
            field: "latestTransactionStatus",
        }),
    }
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
